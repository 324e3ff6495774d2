// SPDX JSON: 2.2 and 2.3 (packages, their purl external references, relationships) and 3.0
// JSON-LD (software_Package and Relationship elements of the "@graph").
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vuln/purl.h"
#include "vuln/sbom_internal.h"

namespace wasp::vuln::detail {
namespace {

enum class Direction { kNone, kForward, kBackward };

// SPDX 2 relationship types that say one package reaches another: "A DEPENDS_ON B" is A -> B,
// "A DEPENDENCY_OF B" is B -> A (SPDX 2.3 specification, clause 11.1).
Direction spdx2_direction(std::string_view type) {
    static constexpr std::array<std::string_view, 5> kForward{
        "DEPENDS_ON", "CONTAINS", "HAS_PREREQUISITE", "DYNAMIC_LINK", "STATIC_LINK"};
    static constexpr std::array<std::string_view, 11> kBackward{"DEPENDENCY_OF",
                                                                "CONTAINED_BY",
                                                                "BUILD_DEPENDENCY_OF",
                                                                "DEV_DEPENDENCY_OF",
                                                                "OPTIONAL_DEPENDENCY_OF",
                                                                "PROVIDED_DEPENDENCY_OF",
                                                                "TEST_DEPENDENCY_OF",
                                                                "RUNTIME_DEPENDENCY_OF",
                                                                "PREREQUISITE_FOR",
                                                                "OPTIONAL_COMPONENT_OF",
                                                                "PACKAGE_OF"};
    if (std::find(kForward.begin(), kForward.end(), type) != kForward.end()) {
        return Direction::kForward;
    }
    if (std::find(kBackward.begin(), kBackward.end(), type) != kBackward.end()) {
        return Direction::kBackward;
    }
    return Direction::kNone;
}

// SPDX 3 relationship types whose "to" elements the "from" element reaches (SPDX 3.0
// RelationshipType vocabulary).
bool spdx3_reaches(std::string_view type) {
    static constexpr std::array<std::string_view, 8> kReaches{"dependsOn",
                                                              "contains",
                                                              "hasDynamicLink",
                                                              "hasStaticLink",
                                                              "hasOptionalDependency",
                                                              "hasProvidedDependency",
                                                              "hasPrerequisite",
                                                              "hasOptionalComponent"};
    return std::find(kReaches.begin(), kReaches.end(), type) != kReaches.end();
}

bool iequals(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

using Ids = std::unordered_map<std::string_view, std::uint32_t>;

// Adds a component read from a package; registers its SPDX id.
void add_package(Sbom& sbom,
                 Graph& graph,
                 Ids& ids,
                 Warner& w,
                 const std::string& where,
                 std::string_view id,
                 std::string_view name,
                 std::string_view version,
                 std::string_view purl) {
    if (name.empty() && purl.empty()) {
        w.warn("sbom-component", "a package has neither a name nor a purl; it is skipped", where);
        return;
    }
    Component c;
    c.version = std::string(version);
    c.bom_ref = std::string(id);
    c.location = {std::string(w.file()), {}, where};
    std::optional<Purl> p;
    if (!purl.empty()) p = apply_purl(c, purl, w, where);
    c.name = !name.empty() ? std::string(name) : p ? p->name : std::string(purl);
    const auto index = static_cast<std::uint32_t>(sbom.components.size());
    if (!id.empty()) {
        auto [it, inserted] = ids.emplace(id, index);
        if (!inserted) {
            w.warn("sbom-bom-ref",
                   "the SPDX id " + quote_input(id) + " is used before, at " +
                       sbom.components[it->second].location.pointer +
                       "; relationships to it go to that one",
                   where);
        }
    }
    sbom.components.push_back(std::move(c));
    graph.nest_parent.push_back(-1);
}

void set_roots(Sbom& sbom,
               Graph& graph,
               const Ids& ids,
               const std::vector<std::string_view>& described) {
    std::vector<char> is_root(sbom.components.size(), 0);
    for (std::string_view d : described) {
        auto it = ids.find(d);
        if (it == ids.end() || is_root[it->second]) continue;
        is_root[it->second] = 1;
        graph.roots.push_back(it->second);
    }
    if (!graph.roots.empty()) sbom.subject = path_label(sbom.components[graph.roots.front()]);
}

}  // namespace

std::expected<Sbom, core::Diagnostic> read_spdx2(dom::object root,
                                                 std::string_view text,
                                                 Warner& w) {
    Sbom sbom;
    sbom.format = SbomFormat::kSpdx2;
    std::string_view version;
    auto version_el = field(root, "spdxVersion");
    if (!version_el || !as_string(*version_el, version)) {
        return std::unexpected(
            document_error(text, w.file(), "sbom-format", "\"spdxVersion\" is not a string"));
    }
    sbom.spec_version = std::string(version);
    if (version != "SPDX-2.2" && version != "SPDX-2.3") {
        w.warn("sbom-version",
               "SPDX version " + quote_input(sbom.spec_version) +
                   " is not one wasp knows (SPDX-2.2, SPDX-2.3); read as SPDX-2.3",
               "/spdxVersion");
    }
    sbom.serial = std::string(string_field(root, "documentNamespace", w, ""));
    std::string_view document_id = string_field(root, "SPDXID", w, "");
    if (document_id.empty()) document_id = "SPDXRef-DOCUMENT";

    Graph graph;
    Ids ids;
    if (auto packages_el = field(root, "packages")) {
        dom::array packages;
        if (!as_array(*packages_el, packages)) {
            w.warn("sbom-field", "\"packages\" is not an array; it is ignored", "/packages");
        } else {
            std::size_t i = 0;
            for (dom::element e : packages) {
                const std::string where = pointer_to("/packages", i++);
                dom::object pkg;
                if (!as_object(e, pkg)) {
                    w.warn("sbom-component", "a package is not a JSON object; it is skipped",
                           where);
                    continue;
                }
                std::string_view purl;
                if (auto refs_el = field(pkg, "externalRefs")) {
                    dom::array refs;
                    if (as_array(*refs_el, refs)) {
                        std::size_t j = 0;
                        for (dom::element r : refs) {
                            const std::string at =
                                pointer_to(pointer_to(where, "externalRefs"), j++);
                            dom::object ro;
                            if (!as_object(r, ro)) continue;
                            // The category is "PACKAGE-MANAGER" in JSON and "PACKAGE_MANAGER" in
                            // some tools' output; the type alone says it is a purl.
                            if (!iequals(string_field(ro, "referenceType", w, at), "purl"))
                                continue;
                            purl = string_field(ro, "referenceLocator", w, at);
                            if (!purl.empty()) break;
                        }
                    }
                }
                add_package(sbom, graph, ids, w, where, string_field(pkg, "SPDXID", w, where),
                            string_field(pkg, "name", w, where),
                            string_field(pkg, "versionInfo", w, where), purl);
            }
        }
    }

    std::vector<std::string_view> described;
    if (auto d = field(root, "documentDescribes")) {
        dom::array list;
        if (as_array(*d, list)) {
            for (dom::element e : list) {
                std::string_view s;
                if (as_string(e, s)) described.push_back(s);
            }
        }
    }
    if (auto rels_el = field(root, "relationships")) {
        dom::array rels;
        if (!as_array(*rels_el, rels)) {
            w.warn("sbom-field", "\"relationships\" is not an array; it is ignored",
                   "/relationships");
        } else {
            std::size_t i = 0;
            for (dom::element e : rels) {
                const std::string where = pointer_to("/relationships", i++);
                dom::object rel;
                if (!as_object(e, rel)) {
                    w.warn("sbom-graph", "a relationship is not a JSON object; it is ignored",
                           where);
                    continue;
                }
                const std::string_view a = string_field(rel, "spdxElementId", w, where);
                const std::string_view b = string_field(rel, "relatedSpdxElement", w, where);
                const std::string_view type = string_field(rel, "relationshipType", w, where);
                if (type == "DESCRIBES" && a == document_id) described.push_back(b);
                if (type == "DESCRIBED_BY" && b == document_id) described.push_back(a);
                const Direction dir = spdx2_direction(type);
                if (dir == Direction::kNone) continue;
                // Files, snippets, NOASSERTION and external documents are not components.
                auto ia = ids.find(a);
                auto ib = ids.find(b);
                if (ia == ids.end() || ib == ids.end()) continue;
                if (dir == Direction::kForward) {
                    graph.edges.emplace_back(ia->second, ib->second);
                } else {
                    graph.edges.emplace_back(ib->second, ia->second);
                }
            }
        }
    }
    set_roots(sbom, graph, ids, described);
    if (sbom.subject.empty()) sbom.subject = std::string(string_field(root, "name", w, ""));
    compute_paths(sbom.components, graph);
    return sbom;
}

std::expected<Sbom, core::Diagnostic> read_spdx3(dom::object root,
                                                 std::string_view text,
                                                 Warner& w) {
    Sbom sbom;
    sbom.format = SbomFormat::kSpdx3;
    dom::array elements;
    auto graph_el = field(root, "@graph");
    if (!graph_el || !as_array(*graph_el, elements)) {
        return std::unexpected(
            document_error(text, w.file(), "sbom-format", "the SPDX 3 \"@graph\" is not an array"));
    }
    struct Relationship {
        std::string_view from;
        dom::element to;
        std::string where;
    };
    std::vector<Relationship> relationships;
    std::vector<std::string_view> described;
    std::string_view document_name;
    Graph graph;
    Ids ids;
    std::size_t i = 0;
    for (dom::element e : elements) {
        const std::string where = pointer_to("/@graph", i++);
        dom::object el;
        if (!as_object(e, el)) {
            w.warn("sbom-component", "an element of \"@graph\" is not a JSON object; it is skipped",
                   where);
            continue;
        }
        std::string_view type = string_field(el, "type", w, where);
        if (type.empty()) type = string_field(el, "@type", w, where);
        std::string_view id = string_field(el, "spdxId", w, where);
        if (id.empty()) id = string_field(el, "@id", w, where);
        if (type == "CreationInfo") {
            if (sbom.spec_version.empty()) {
                sbom.spec_version = std::string(string_field(el, "specVersion", w, where));
            }
        } else if (type == "SpdxDocument") {
            if (sbom.serial.empty()) sbom.serial = std::string(id);
            if (document_name.empty()) document_name = string_field(el, "name", w, where);
            if (auto r = field(el, "rootElement")) {
                dom::array list;
                std::string_view one;
                if (as_array(*r, list)) {
                    for (dom::element x : list) {
                        if (as_string(x, one)) described.push_back(one);
                    }
                } else if (as_string(*r, one)) {
                    described.push_back(one);
                }
            }
        } else if (type == "software_Package" || type.ends_with("/Software/Package")) {
            std::string_view purl = string_field(el, "software_packageUrl", w, where);
            if (purl.empty()) {
                if (auto x = field(el, "externalIdentifier")) {
                    dom::array list;
                    if (as_array(*x, list)) {
                        for (dom::element xi : list) {
                            dom::object xo;
                            if (!as_object(xi, xo)) continue;
                            std::string_view kind, value;
                            auto kind_el = field(xo, "externalIdentifierType");
                            auto value_el = field(xo, "identifier");
                            if (kind_el && value_el && as_string(*kind_el, kind) &&
                                kind == "packageUrl" && as_string(*value_el, value)) {
                                purl = value;
                                break;
                            }
                        }
                    }
                }
            }
            add_package(sbom, graph, ids, w, where, id, string_field(el, "name", w, where),
                        string_field(el, "software_packageVersion", w, where), purl);
        } else if (type == "Relationship" || type == "LifecycleScopedRelationship") {
            const std::string_view kind = string_field(el, "relationshipType", w, where);
            const std::string_view from = string_field(el, "from", w, where);
            auto to = field(el, "to");
            if (from.empty() || !to) continue;
            if (kind == "describes") {
                dom::array list;
                std::string_view one;
                if (as_array(*to, list)) {
                    for (dom::element x : list) {
                        if (as_string(x, one)) described.push_back(one);
                    }
                } else if (as_string(*to, one)) {
                    described.push_back(one);
                }
            } else if (spdx3_reaches(kind)) {
                relationships.push_back({from, *to, where});
            }
        }
    }
    // Relationships may come before the elements they name: resolved once all are read.
    for (const auto& r : relationships) {
        auto from = ids.find(r.from);
        if (from == ids.end()) continue;
        auto link = [&](dom::element x) {
            std::string_view to;
            if (!as_string(x, to)) return;
            if (auto it = ids.find(to); it != ids.end())
                graph.edges.emplace_back(from->second, it->second);
        };
        dom::array list;
        if (as_array(r.to, list)) {
            for (dom::element x : list) link(x);
        } else {
            link(r.to);
        }
    }
    if (sbom.spec_version.empty()) {
        // From the context URL, ".../rdf/3.0.1/spdx-context.jsonld".
        std::string_view context;
        if (auto c = field(root, "@context"); c && as_string(*c, context)) {
            const auto at = context.find("spdx.org/rdf/");
            if (at != std::string_view::npos) {
                auto rest = context.substr(at + 13);
                sbom.spec_version = std::string(rest.substr(0, rest.find('/')));
            }
        }
    }
    if (sbom.spec_version != "3.0.0" && sbom.spec_version != "3.0.1") {
        w.warn("sbom-version",
               "SPDX " +
                   (sbom.spec_version.empty() ? std::string("3 without a specVersion")
                                              : quote_input(sbom.spec_version)) +
                   " is not a version wasp knows (3.0.0, 3.0.1); read as 3.0.1",
               "/@graph");
    }
    set_roots(sbom, graph, ids, described);
    if (sbom.subject.empty()) sbom.subject = std::string(document_name);
    compute_paths(sbom.components, graph);
    return sbom;
}

}  // namespace wasp::vuln::detail
