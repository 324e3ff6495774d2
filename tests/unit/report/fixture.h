// A small review built by hand, and helpers to check rendered reports with external validators.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pillar/catalog.h"
#include "pillar/review.h"

namespace wasp::report::test {

// The review points into the catalog, so both live together and never move.
struct Fixture {
    pillar::Catalog catalog;
    pillar::Review review;
};

// Two questions (SEC01, SEC08), five best practices, four rules, six resources, six checks, three
// findings (two high, one low and workload-wide), two diagnostics, two answers, a two-item plan.
[[nodiscard]] std::unique_ptr<Fixture> make_fixture();

// The same review with hostile text in every field that can come from an input.
[[nodiscard]] std::unique_ptr<Fixture> make_hostile_fixture();

inline constexpr std::string_view kScript = "<script>alert(1)</script>";
inline constexpr std::string_view kBreakout = "\"'><img src=x onerror=alert(1)>";
inline constexpr std::string_view kStyleClose = "</style>";
inline constexpr std::string_view kJavascriptUrl = "javascript:alert(1)";

// Counts non-overlapping occurrences of needle in haystack.
[[nodiscard]] std::size_t count(std::string_view haystack, std::string_view needle);
[[nodiscard]] std::string lower(std::string_view s);
[[nodiscard]] bool is_valid_utf8(std::string_view s);

// Writes contents to a fresh file in the test temporary directory and returns its path.
[[nodiscard]] std::filesystem::path write_temp_file(std::string_view name,
                                                    std::string_view contents);
// A path in the source tree.
[[nodiscard]] std::filesystem::path source_path(std::string_view relative);

inline constexpr std::string_view kPython = "/usr/bin/python3";
// Runs Debian's python3 with the arguments; returns its exit status, or -1 when it did not run.
[[nodiscard]] int run_python(const std::vector<std::string>& args);
// tests/tools/validate_json_schema.py [--closed] [--lines] schema document
[[nodiscard]] int validate_json_schema(const std::filesystem::path& schema,
                                       const std::filesystem::path& document,
                                       bool closed = false,
                                       bool lines = false);

// Checks that text is well-formed XML 1.0 (one root element, nested tags, quoted attributes
// without '<', valid references, only allowed characters); returns "" or the first problem.
[[nodiscard]] std::string xml_problem(std::string_view text);

}  // namespace wasp::report::test
