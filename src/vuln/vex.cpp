// VEX documents: CycloneDX (through the CycloneDX SBOM reader, which reads "vulnerabilities")
// and OpenVEX (v0.0.1 and v0.2.0 JSON), and whether a statement names a component.
#include "vuln/vex.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/purl.h"
#include "vuln/sbom.h"
#include "vuln/sbom_internal.h"

namespace wasp::vuln {

std::string_view to_string(VexStatus s) {
    switch (s) {
        case VexStatus::kAffected:
            return "affected";
        case VexStatus::kNotAffected:
            return "not_affected";
        case VexStatus::kFixed:
            return "fixed";
        case VexStatus::kUnderInvestigation:
            return "under_investigation";
    }
    return "under_investigation";
}

namespace detail {

// CycloneDX 1.4+ impactAnalysisState.
std::optional<VexStatus> cyclonedx_state(std::string_view state) {
    if (state == "resolved" || state == "resolved_with_pedigree") return VexStatus::kFixed;
    if (state == "exploitable") return VexStatus::kAffected;
    if (state == "in_triage") return VexStatus::kUnderInvestigation;
    if (state == "false_positive" || state == "not_affected") return VexStatus::kNotAffected;
    return std::nullopt;
}

namespace {

std::optional<VexStatus> openvex_status(std::string_view s) {
    if (s == "not_affected") return VexStatus::kNotAffected;
    if (s == "affected") return VexStatus::kAffected;
    if (s == "fixed") return VexStatus::kFixed;
    if (s == "under_investigation") return VexStatus::kUnderInvestigation;
    return std::nullopt;
}

bool is_openvex(dom::object root) {
    auto c = field(root, "@context");
    std::string_view context;
    return c && as_string(*c, context) && context.find("openvex.dev/ns") != std::string_view::npos;
}

// The identifiers of an OpenVEX product or subcomponent: "@id" and identifiers.purl (a string
// alone in v0.0.1 documents). Subcomponents, when given, go to `subcomponents`.
void component_ids(dom::element e,
                   const std::string& where,
                   Warner& w,
                   UniqueStrings& ids,
                   UniqueStrings* subcomponents) {
    std::string_view s;
    if (as_string(e, s)) {
        ids.add(s);
        return;
    }
    dom::object o;
    if (!as_object(e, o)) return;
    ids.add(string_field(o, "@id", w, where));
    if (auto idents = field(o, "identifiers")) {
        dom::object io;
        if (as_object(*idents, io)) ids.add(string_field(io, "purl", w, where));
    }
    if (subcomponents == nullptr) return;
    if (auto subs = field(o, "subcomponents")) {
        dom::array list;
        if (!as_array(*subs, list)) return;
        std::size_t i = 0;
        for (dom::element x : list) {
            component_ids(x, pointer_to(pointer_to(where, "subcomponents"), i++), w, *subcomponents,
                          nullptr);
        }
    }
}

std::expected<VexDocument, core::Diagnostic> read_openvex(dom::object root,
                                                          std::string_view text,
                                                          Warner& w) {
    VexDocument doc;
    doc.format = "openvex";
    dom::array statements;
    auto list_el = field(root, "statements");
    if (!list_el || !as_array(*list_el, statements)) {
        return std::unexpected(document_error(text, w.file(), "vex-format",
                                              "the OpenVEX document has no \"statements\" array"));
    }
    std::string_view document_time = string_field(root, "last_updated", w, "");
    if (document_time.empty()) document_time = string_field(root, "timestamp", w, "");
    std::size_t i = 0;
    for (dom::element e : statements) {
        const std::string where = pointer_to("/statements", i++);
        dom::object so;
        if (!as_object(e, so)) {
            w.warn("vex-statement", "a statement is not a JSON object; it is skipped", where);
            continue;
        }
        VexStatement st;
        // v0.2.0: {"name", "@id", "aliases"}; v0.0.1: the id as a string.
        if (auto v = field(so, "vulnerability")) {
            std::string_view id;
            dom::object vo;
            if (as_string(*v, id)) {
                st.vulnerability = std::string(id);
            } else if (as_object(*v, vo)) {
                const std::string at = pointer_to(where, "vulnerability");
                id = string_field(vo, "name", w, at);
                if (id.empty()) id = string_field(vo, "@id", w, at);
                st.vulnerability = std::string(id);
                if (auto a = field(vo, "aliases")) {
                    dom::array list;
                    UniqueStrings aliases;
                    if (as_array(*a, list)) {
                        for (dom::element x : list) {
                            std::string_view alias;
                            if (as_string(x, alias) && alias != id) aliases.add(alias);
                        }
                    }
                    st.aliases = aliases.take();
                }
            }
        }
        if (st.vulnerability.empty()) {
            w.warn("vex-statement", "a statement names no vulnerability; it is skipped", where);
            continue;
        }
        const std::string_view status_text = string_field(so, "status", w, where);
        const auto status = openvex_status(status_text);
        if (!status) {
            w.warn("vex-statement",
                   status_text.empty()
                       ? "the statement on " + quote_input(st.vulnerability) +
                             " has no \"status\"; it is skipped"
                       : "the status " + quote_input(status_text) + " of the statement on " +
                             quote_input(st.vulnerability) +
                             " is not an OpenVEX status; it is skipped",
                   where);
            continue;
        }
        st.status = *status;
        st.justification = std::string(string_field(so, "justification", w, where));
        for (std::string_view d : {string_field(so, "impact_statement", w, where),
                                   string_field(so, "action_statement", w, where),
                                   string_field(so, "status_notes", w, where)}) {
            if (!d.empty()) {
                st.detail = std::string(d);
                break;
            }
        }
        for (std::string_view t : {string_field(so, "last_updated", w, where),
                                   string_field(so, "timestamp", w, where), document_time}) {
            if (!t.empty()) {
                st.timestamp = std::string(t);
                break;
            }
        }
        // The products, and the subcomponents in them the vulnerability comes from: the
        // statement is matched against either (wasp does not check that a subcomponent sits in
        // the product named).
        UniqueStrings products, subcomponents;
        if (auto p = field(so, "products")) {
            dom::array list;
            if (as_array(*p, list)) {
                std::size_t j = 0;
                for (dom::element x : list) {
                    component_ids(x, pointer_to(pointer_to(where, "products"), j++), w, products,
                                  &subcomponents);
                }
            }
        }
        if (auto s = field(so, "subcomponents")) {  // v0.0.1: beside the products
            dom::array list;
            if (as_array(*s, list)) {
                std::size_t j = 0;
                for (dom::element x : list) {
                    component_ids(x, pointer_to(pointer_to(where, "subcomponents"), j++), w,
                                  subcomponents, nullptr);
                }
            }
        }
        for (const auto& sub : subcomponents.list()) products.add(sub);
        st.products = products.take();
        if (st.products.empty()) {
            w.warn("vex-statement",
                   "the statement on " + quote_input(st.vulnerability) +
                       " names no product; it is skipped",
                   where);
            continue;
        }
        st.location = {std::string(w.file()), {}, where};
        doc.statements.push_back(std::move(st));
    }
    return doc;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace
}  // namespace detail

std::expected<VexDocument, core::Diagnostic> read_vex(std::string_view text,
                                                      std::string_view file,
                                                      core::Diagnostics& warnings) {
    auto root = detail::parse_object(text, file, "vex-syntax");
    if (!root) return std::unexpected(std::move(root.error()));
    detail::Warner w(file, warnings);
    std::expected<VexDocument, core::Diagnostic> result;
    if (detail::field(*root, "bomFormat")) {
        auto sbom = detail::read_cyclonedx(*root, text, w, true);
        if (sbom) {
            result = VexDocument{std::string(file), "cyclonedx", std::move(sbom->vex)};
        } else {
            result = std::unexpected(std::move(sbom.error()));
        }
    } else if (detail::is_openvex(*root)) {
        result = detail::read_openvex(*root, text, w);
    } else {
        result = std::unexpected(detail::document_error(
            text, file, "vex-format",
            "neither a CycloneDX document (no \"bomFormat\") nor an OpenVEX one (no \"@context\" "
            "naming https://openvex.dev/ns)"));
    }
    w.finish();
    if (result) result->file = std::string(file);
    return result;
}

bool vex_applies(const VexStatement& statement, const Component& component) {
    std::optional<Purl> component_purl;
    bool parsed = false;
    for (const auto& product : statement.products) {
        std::string_view target = product;
        if (detail::starts_with_ci(product, "urn:cdx:")) {
            const auto hash = target.find('#');
            if (hash == std::string_view::npos) continue;
            target = target.substr(hash + 1);
        }
        if (!component.bom_ref.empty() && target == component.bom_ref) return true;
        if (component.purl.empty() || !detail::starts_with_ci(target, "pkg:")) continue;
        if (!parsed) {
            parsed = true;
            if (auto p = parse_purl(component.purl)) component_purl = std::move(*p);
        }
        if (!component_purl) continue;
        auto p = parse_purl(target);
        if (!p || p->type != component_purl->type || p->ns != component_purl->ns ||
            p->name != component_purl->name) {
            continue;
        }
        if (!p->version.empty() && p->version != component_purl->version &&
            p->version != component.version) {
            continue;
        }
        const bool qualifiers_present =
            std::all_of(p->qualifiers.begin(), p->qualifiers.end(), [&](const auto& q) {
                return std::find(component_purl->qualifiers.begin(),
                                 component_purl->qualifiers.end(),
                                 q) != component_purl->qualifiers.end();
            });
        if (qualifiers_present) return true;
    }
    return false;
}

}  // namespace wasp::vuln
