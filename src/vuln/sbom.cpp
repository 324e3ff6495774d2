// SBOM reading: format detection, the thread's reused DOM parser, and what the CycloneDX and
// SPDX readers share (warnings, purl fields, dependency-graph paths).
#include "vuln/sbom.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "core/parse.h"
#include "vuln/purl.h"
#include "vuln/sbom_internal.h"

namespace wasp::vuln {

std::string_view to_string(SbomFormat f) {
    switch (f) {
        case SbomFormat::kCycloneDx:
            return "CycloneDX";
        case SbomFormat::kSpdx2:
            return "SPDX 2";
        case SbomFormat::kSpdx3:
            return "SPDX 3";
    }
    return "CycloneDX";
}

namespace detail {

namespace {

// Capacity the thread's parser starts with; it grows to the largest document it meets.
constexpr std::size_t kInitialCapacity = 64 * 1024;

std::string cut_utf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n)) + "...";
}

}  // namespace

std::expected<dom::object, core::Diagnostic> parse_object(std::string_view text,
                                                          std::string_view file,
                                                          std::string_view code) {
    thread_local dom::parser parser;
    thread_local bool allocated = false;
    core::Diagnostic d{core::DiagLevel::kError, std::string(code), {}, {std::string(file), {}, {}}};
    if (!allocated) {
        if (parser.allocate(kInitialCapacity, core::kMaxNestingDepth) != simdjson::SUCCESS) {
            d.message = "out of memory for the JSON parser";
            return std::unexpected(std::move(d));
        }
        allocated = true;
    }
    dom::element root;
    const auto error = parser.parse(text.data(), text.size()).get(root);
    if (error != simdjson::SUCCESS) {
        // The DOM parser gives no position: the node parser, slower, finds one for the message.
        auto slow = core::parse_json(text);
        if (!slow) {
            d.message = slow.error().message;
            d.location.mark = slow.error().mark;
        } else if (error == simdjson::DEPTH_ERROR) {
            d.message =
                "JSON nested more than " + std::to_string(core::kMaxNestingDepth) + " levels deep";
        } else {
            d.message = std::string("invalid JSON: ") + simdjson::error_message(error);
        }
        return std::unexpected(std::move(d));
    }
    dom::object obj;
    if (!as_object(root, obj)) {
        return std::unexpected(
            document_error(text, file, code, "the document is not a JSON object"));
    }
    return obj;
}

core::Diagnostic document_error(std::string_view text,
                                std::string_view file,
                                std::string_view code,
                                std::string message) {
    core::Diagnostic d{core::DiagLevel::kError,
                       std::string(code),
                       std::move(message),
                       {std::string(file), {}, {}}};
    const auto first = text.find_first_not_of(" \t\r\n");
    core::LineCounter lines(text);
    d.location.mark = lines.at(first == std::string_view::npos ? text.size() : first);
    return d;
}

void Warner::warn(std::string_view code, std::string message, std::string_view pointer) {
    auto it = std::find_if(counts_.begin(), counts_.end(),
                           [&](const auto& c) { return c.first == code; });
    if (it == counts_.end()) {
        counts_.emplace_back(std::string(code), 0);
        it = counts_.end() - 1;
    }
    if (++it->second > kMaxPerCode) return;
    out_.push_back({core::DiagLevel::kWarning,
                    std::string(code),
                    std::move(message),
                    {std::string(file_), {}, std::string(pointer)}});
}

void Warner::finish() {
    for (auto& [code, count] : counts_) {
        if (count <= kMaxPerCode) continue;
        out_.push_back({core::DiagLevel::kWarning,
                        code,
                        std::to_string(count - kMaxPerCode) + " more warnings like the " +
                            std::to_string(kMaxPerCode) + " above are not listed",
                        {std::string(file_), {}, {}}});
        count = kMaxPerCode;
    }
}

std::string_view string_field(dom::object o,
                              std::string_view key,
                              Warner& w,
                              std::string_view pointer) {
    auto e = field(o, key);
    if (!e) return {};
    std::string_view s;
    if (!as_string(*e, s)) {
        w.warn("sbom-field", "\"" + std::string(key) + "\" is not a string; it is ignored",
               pointer_to(pointer, key));
        return {};
    }
    return s;
}

std::string quote_input(std::string_view s) { return "'" + cut_utf8(s, 100) + "'"; }

std::string pointer_to(std::string_view base, std::string_view key) {
    std::string out(base);
    out += '/';
    out += core::json_pointer_token(key);
    return out;
}

std::string pointer_to(std::string_view base, std::size_t index) {
    std::string out(base);
    out += '/';
    out += std::to_string(index);
    return out;
}

std::optional<Purl> apply_purl(Component& c,
                               std::string_view purl_text,
                               Warner& w,
                               std::string_view pointer) {
    auto p = parse_purl(purl_text);
    if (!p) {
        w.warn("sbom-purl",
               "the package URL " + quote_input(purl_text) + " is not valid: " + p.error() +
                   "; the component cannot be matched",
               pointer);
        return std::nullopt;
    }
    c.purl = to_string(*p);
    if (c.version.empty()) c.version = p->version;
    if (auto osv = osv_package(*p)) {
        c.ecosystem = std::move(osv->ecosystem);
        c.release = std::move(osv->release);
        c.package = normalize_package_name(c.ecosystem, osv->name);
    }
    return std::move(*p);
}

std::string path_label(const Component& c) {
    // Cut: a path repeats its ancestors' labels, so hostile lengths would multiply.
    std::string out = cut_utf8(c.name, 128);
    if (!c.version.empty()) {
        out += '@';
        out += cut_utf8(c.version, 64);
    }
    return out;
}

void compute_paths(std::vector<Component>& components, const Graph& graph) {
    constexpr std::uint32_t kNone = UINT32_MAX;
    constexpr std::size_t kMaxSteps = 16, kHead = 3, kTail = 12;
    const std::size_t n = components.size();
    // Every label once, in one buffer: paths repeat their ancestors' labels.
    std::string label_text;
    std::vector<std::size_t> label_at(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        label_text += path_label(components[i]);
        label_at[i + 1] = label_text.size();
    }
    auto label = [&](std::size_t i) {
        return std::string_view(label_text).substr(label_at[i], label_at[i + 1] - label_at[i]);
    };

    // Adjacency in compressed rows; edges naming no component are dropped.
    std::vector<std::uint32_t> offset(n + 1, 0), in_degree(n, 0);
    for (const auto& [from, to] : graph.edges) {
        if (from >= n || to >= n) continue;
        ++offset[from + 1];
        ++in_degree[to];
    }
    for (std::size_t i = 0; i < n; ++i) offset[i + 1] += offset[i];
    std::vector<std::uint32_t> targets(offset[n]);
    {
        std::vector<std::uint32_t> cursor(offset.begin(), offset.end() - 1);
        for (const auto& [from, to] : graph.edges) {
            if (from >= n || to >= n) continue;
            targets[cursor[from]++] = to;
        }
    }

    // Breadth-first from the roots, then from every component nothing depends on, then from
    // whatever is left (cycles no root reaches): shortest paths, each edge looked at once.
    std::vector<std::uint32_t> parent(n, kNone), depth(n, 0), anchor(n, kNone);
    std::vector<char> seen(n, 0);
    std::vector<std::uint32_t> queue;
    queue.reserve(n);
    std::size_t head = 0;
    auto seed = [&](std::uint32_t r) {
        if (r >= n || seen[r]) return;
        seen[r] = 1;
        queue.push_back(r);
    };
    auto run = [&] {
        while (head < queue.size()) {
            const std::uint32_t u = queue[head++];
            // The node kHead - 1 steps from the start of u's path: where its head ends.
            anchor[u] = depth[u] + 1 <= kHead ? u : anchor[parent[u]];
            for (std::uint32_t e = offset[u]; e < offset[u + 1]; ++e) {
                const std::uint32_t v = targets[e];
                if (seen[v]) continue;
                seen[v] = 1;
                parent[v] = u;
                depth[v] = depth[u] + 1;
                queue.push_back(v);
            }
        }
    };
    for (std::uint32_t r : graph.roots) seed(r);
    run();
    for (std::uint32_t i = 0; i < n; ++i) {
        if (in_degree[i] == 0) seed(i);
    }
    run();
    for (std::uint32_t i = 0; i < n; ++i) {
        seed(i);
        run();
    }

    std::vector<std::uint32_t> steps;
    auto graph_path = [&](std::uint32_t v) {
        const std::size_t length = depth[v] + 1;
        std::string out;
        auto append = [&](std::uint32_t from, std::size_t count) {
            steps.clear();
            for (std::uint32_t x = from; x != kNone && steps.size() < count; x = parent[x]) {
                steps.push_back(x);
            }
            for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
                if (!out.empty()) out += " > ";
                out += label(*it);
            }
        };
        if (length <= kMaxSteps) {
            append(v, length);
        } else {
            append(anchor[v], kHead);
            out += " > ...";
            append(v, kTail);
        }
        return out;
    };

    for (std::uint32_t i = 0; i < n; ++i) {
        const std::int32_t p = i < graph.nest_parent.size() ? graph.nest_parent[i] : -1;
        if (p >= 0 && static_cast<std::uint32_t>(p) < i) {
            const std::string& above = components[static_cast<std::size_t>(p)].path;
            std::string& path = components[i].path;
            path.reserve(above.size() + 3 + label(i).size());
            path = above;
            path += " > ";
            path += label(i);
        } else {
            components[i].path = graph_path(i);
        }
    }
}

bool is_spdx3(dom::object root) {
    if (!field(root, "@graph")) return false;
    auto context = field(root, "@context");
    if (!context) return false;
    auto names_spdx3 = [](dom::element e) {
        std::string_view s;
        return as_string(e, s) && s.find("spdx.org/rdf/3.") != std::string_view::npos;
    };
    if (names_spdx3(*context)) return true;
    dom::array list;
    if (!as_array(*context, list)) return false;
    return std::any_of(list.begin(), list.end(), names_spdx3);
}

}  // namespace detail

std::expected<Sbom, core::Diagnostic> read_sbom(std::string_view text,
                                                std::string_view file,
                                                core::Diagnostics& warnings) {
    auto root = detail::parse_object(text, file, "sbom-syntax");
    if (!root) return std::unexpected(std::move(root.error()));
    detail::Warner w(file, warnings);
    std::expected<Sbom, core::Diagnostic> result;
    if (detail::field(*root, "bomFormat")) {
        result = detail::read_cyclonedx(*root, text, w, false);
    } else if (detail::field(*root, "spdxVersion")) {
        result = detail::read_spdx2(*root, text, w);
    } else if (detail::is_spdx3(*root)) {
        result = detail::read_spdx3(*root, text, w);
    } else {
        result = std::unexpected(detail::document_error(
            text, file, "sbom-format",
            "neither a CycloneDX SBOM (no \"bomFormat\") nor an SPDX one (no \"spdxVersion\", "
            "no SPDX 3 \"@context\" and \"@graph\")"));
    }
    w.finish();
    if (result) result->file = std::string(file);
    return result;
}

}  // namespace wasp::vuln
