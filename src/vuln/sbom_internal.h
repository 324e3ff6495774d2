// Shared by the SBOM and VEX readers: the DOM parse with positioned syntax errors, capped
// warnings with JSON pointers, the fields a component takes from its purl, dependency-graph
// paths, and CycloneDX "vulnerabilities" read as VEX statements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "core/diagnostic.h"
#include "core/location.h"
#include "vuln/purl.h"
#include "vuln/sbom.h"
#include "vuln/vex.h"

namespace wasp::vuln::detail {

namespace dom = simdjson::dom;

// Parses text with a parser the calling thread reuses (its memory stays allocated between
// documents): the result lives until the thread's next parse. A syntax error, or nesting deeper
// than core::kMaxNestingDepth, is an error with code `code` and the line and column that
// core::parse_json finds; a document that is not an object is one too.
[[nodiscard]] std::expected<dom::object, core::Diagnostic> parse_object(std::string_view text,
                                                                        std::string_view file,
                                                                        std::string_view code);

// An error about a whole document, positioned at its first token.
[[nodiscard]] core::Diagnostic document_error(std::string_view text,
                                              std::string_view file,
                                              std::string_view code,
                                              std::string message);

// The warnings of one document: at most kMaxPerCode of each code, then one that counts the rest
// (finish()), so a hostile file cannot flood a report.
class Warner {
  public:
    static constexpr std::size_t kMaxPerCode = 100;
    Warner(std::string_view file, core::Diagnostics& out) : file_(file), out_(out) {}
    void warn(std::string_view code, std::string message, std::string_view pointer);
    void finish();
    [[nodiscard]] std::string_view file() const { return file_; }

  private:
    std::string_view file_;
    core::Diagnostics& out_;
    std::vector<std::pair<std::string, std::size_t>> counts_;
};

// Strings without repeats or empties, in the order first added; linear in what is added, where
// a search of the list each time would be quadratic in a hostile document.
class UniqueStrings {
  public:
    void add(std::string_view s) {
        if (!s.empty() && seen_.emplace(s).second) list_.emplace_back(s);
    }
    [[nodiscard]] bool empty() const { return list_.empty(); }
    [[nodiscard]] const std::vector<std::string>& list() const { return list_; }
    [[nodiscard]] std::vector<std::string> take() { return std::move(list_); }

  private:
    std::vector<std::string> list_;
    std::unordered_set<std::string> seen_;
};

inline bool as_string(dom::element e, std::string_view& out) {
    return e.get_string().get(out) == simdjson::SUCCESS;
}
inline bool as_object(dom::element e, dom::object& out) {
    return e.get_object().get(out) == simdjson::SUCCESS;
}
inline bool as_array(dom::element e, dom::array& out) {
    return e.get_array().get(out) == simdjson::SUCCESS;
}
inline std::optional<dom::element> field(dom::object o, std::string_view key) {
    dom::element e;
    if (o.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
    return e;
}
// The string at key; "" when absent, and a warning when present but not a string.
std::string_view string_field(dom::object o,
                              std::string_view key,
                              Warner& w,
                              std::string_view pointer);

// Input quoted for a message, 'like this', cut to a line's length: ids in hostile files can be
// megabytes long.
std::string quote_input(std::string_view s);

// JSON pointers: base + "/" + escaped key, base + "/" + index.
std::string pointer_to(std::string_view base, std::string_view key);
std::string pointer_to(std::string_view base, std::size_t index);

// Fills purl (canonical), ecosystem, release and package from the purl text, and the version
// from the purl when the component has none. A purl that does not parse is a warning; the
// component keeps its name and version.
std::optional<Purl> apply_purl(Component& c,
                               std::string_view purl_text,
                               Warner& w,
                               std::string_view pointer);

// "name@version", both cut to a sane length: one step of a path.
std::string path_label(const Component& c);

// How components reach each other: component indices.
struct Graph {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // from depends on / contains to
    std::vector<std::uint32_t> roots;       // where paths start: the subject first
    std::vector<std::int32_t> nest_parent;  // per component: the one it is nested in, or -1
};

// Sets Component::path: from nesting when a component is nested, else the shortest path from a
// root (breadth-first, linear in components and edges, cycles allowed), else the component
// alone. Components no root reaches start paths of their own, so every one gets a path. Long
// paths keep their first and last steps with "..." between.
void compute_paths(std::vector<Component>& components, const Graph& graph);

// Whether the root is SPDX 3 JSON-LD: an "@context" naming spdx.org/rdf/3.x, and an "@graph".
[[nodiscard]] bool is_spdx3(dom::object root);

// Readers of each format; the root is known to be that format's.
[[nodiscard]] std::expected<Sbom, core::Diagnostic> read_cyclonedx(dom::object root,
                                                                   std::string_view text,
                                                                   Warner& w,
                                                                   bool standalone_vex);
[[nodiscard]] std::expected<Sbom, core::Diagnostic> read_spdx2(dom::object root,
                                                               std::string_view text,
                                                               Warner& w);
[[nodiscard]] std::expected<Sbom, core::Diagnostic> read_spdx3(dom::object root,
                                                               std::string_view text,
                                                               Warner& w);

// CycloneDX analysis.state -> status; nullopt for a state CycloneDX does not define.
[[nodiscard]] std::optional<VexStatus> cyclonedx_state(std::string_view state);

}  // namespace wasp::vuln::detail
