// What every reporting subcommand shares: the report time, and the -f/-o pairs it writes.
#pragma once

#include <ctime>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/severity.h"
#include "pillar/review.h"
#include "report/report.h"

namespace wasp::cli {

// "2024-05-01T12:34:56Z"
[[nodiscard]] std::string utc_timestamp(std::time_t t);
// Now, or SOURCE_DATE_EPOCH when set, which makes reports reproducible
// (https://reproducible-builds.org/specs/).
[[nodiscard]] std::time_t report_time();

struct Output {
    report::Format format;
    std::optional<std::filesystem::path> path;  // nullopt: stdout
};

// Pairs each --format with its --output: one output per format, or one existing directory
// (files named stem + the format's extension); no output means stdout, for a single format.
// No format means text. The error is the message for the user.
[[nodiscard]] std::expected<std::vector<Output>, std::string> plan_outputs(
    const std::vector<std::string>& formats,
    const std::vector<std::filesystem::path>& paths,
    std::string_view stem = "review");

// Renders review into each output (files written atomically, "wrote FILE" on stderr). Returns
// whether a text rendering went to stdout, or an error message when a file cannot be written.
[[nodiscard]] std::expected<bool, std::string> write_outputs(const std::vector<Output>& outputs,
                                                             const pillar::Review& review,
                                                             report::RenderOptions options);

// --fail-on: a severity, or "none" (nullopt). The error is the message for the user.
[[nodiscard]] std::expected<std::optional<core::Severity>, std::string> parse_fail_on(
    std::string_view text);

// Diagnostics on stderr, one a line, made safe for a terminal (inputs may hold escape
// sequences); notes only when asked.
void print_diagnostics(const core::Diagnostics& diags, bool notes = false);

}  // namespace wasp::cli
