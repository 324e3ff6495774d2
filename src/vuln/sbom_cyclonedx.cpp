// CycloneDX JSON (1.2 to 1.7): components (nested ones too), the dependency graph, and the
// "vulnerabilities" whose "analysis" makes them VEX statements.
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

constexpr std::array<std::string_view, 6> kKnownVersions{"1.2", "1.3", "1.4", "1.5", "1.6", "1.7"};
// Components inside components; deeper ones are not read (the JSON depth limit bounds it too).
constexpr std::size_t kMaxComponentNesting = 32;

class Reader {
  public:
    Reader(Warner& w, Sbom& sbom) : w_(w), sbom_(sbom) {}

    // Reads the component at pointer_ (nested in parent, or -1) and its nested components.
    void component(dom::element e, std::int32_t parent, std::size_t nesting) {
        dom::object obj;
        if (!as_object(e, obj)) {
            w_.warn("sbom-component", "a component is not a JSON object; it is skipped", pointer_);
            return;
        }
        std::string_view name, group, version, purl, ref;
        std::optional<dom::element> nested;
        for (dom::key_value_pair kv : obj) {
            const std::string_view k = kv.key;
            if (k == "name") {
                text(kv.value, k, name);
            } else if (k == "group") {
                text(kv.value, k, group);
            } else if (k == "version") {
                text(kv.value, k, version);
            } else if (k == "purl") {
                text(kv.value, k, purl);
            } else if (k == "bom-ref") {
                text(kv.value, k, ref);
            } else if (k == "components") {
                nested = kv.value;
            }
        }
        std::int32_t self = parent;
        if (name.empty() && purl.empty()) {
            w_.warn("sbom-component", "a component has neither a name nor a purl; it is skipped",
                    pointer_);
        } else {
            Component c;
            c.version = std::string(version);
            c.bom_ref = std::string(ref);
            c.location = {std::string(w_.file()), {}, pointer_};
            std::optional<Purl> p;
            if (!purl.empty()) p = apply_purl(c, purl, w_, pointer_);
            if (!name.empty()) {
                // Without a purl the group is all that tells "commons-io" apart: keep it.
                if (!group.empty() && c.purl.empty()) {
                    c.name = std::string(group) + (group.front() == '@' ? "/" : ":");
                }
                c.name += name;
            } else if (p) {
                c.name = p->name;
            } else {
                c.name = std::string(purl);
            }
            self = static_cast<std::int32_t>(sbom_.components.size());
            if (!ref.empty()) {
                auto [it, inserted] = refs_.emplace(ref, static_cast<std::uint32_t>(self));
                if (!inserted) {
                    w_.warn("sbom-bom-ref",
                            "the bom-ref " + quote_input(ref) + " is used before, at " +
                                sbom_.components[it->second].location.pointer +
                                "; references to it go to that one",
                            pointer_);
                }
            }
            sbom_.components.push_back(std::move(c));
            graph_.nest_parent.push_back(parent);
        }
        if (!nested) return;
        dom::array list;
        if (!as_array(*nested, list)) {
            w_.warn("sbom-field", "\"components\" is not an array; it is ignored",
                    pointer_to(pointer_, "components"));
            return;
        }
        if (nesting + 1 >= kMaxComponentNesting) {
            w_.warn("sbom-component",
                    "components nested more than " + std::to_string(kMaxComponentNesting) +
                        " levels deep are not read",
                    pointer_to(pointer_, "components"));
            return;
        }
        components(list, "components", self, nesting + 1);
    }

    void components(dom::array list,
                    std::string_view key,
                    std::int32_t parent,
                    std::size_t nesting) {
        if (nesting == 0) {  // only here: reserving per nested list could copy quadratically
            sbom_.components.reserve(sbom_.components.size() + list.size());
            graph_.nest_parent.reserve(sbom_.components.capacity());
        }
        const std::size_t base = pointer_.size();
        pointer_ += '/';
        pointer_ += key;
        const std::size_t list_base = pointer_.size();
        std::size_t i = 0;
        for (dom::element e : list) {
            pointer_ += '/';
            pointer_ += std::to_string(i++);
            component(e, parent, nesting);
            pointer_.resize(list_base);
        }
        pointer_.resize(base);
    }

    void subject(dom::element e) {
        pointer_ = "/metadata/component";
        const std::size_t before = sbom_.components.size();
        component(e, -1, 0);
        pointer_.clear();
        if (sbom_.components.size() > before) {
            graph_.roots.push_back(static_cast<std::uint32_t>(before));
            sbom_.subject = path_label(sbom_.components[before]);
        }
    }

    void dependencies(dom::element e) {
        dom::array list;
        if (!as_array(e, list)) {
            w_.warn("sbom-field", "\"dependencies\" is not an array; it is ignored",
                    "/dependencies");
            return;
        }
        std::size_t unknown = 0;
        std::string first_unknown;
        auto resolve = [&](std::string_view ref, const std::string& where) -> std::uint32_t {
            auto it = refs_.find(ref);
            if (it != refs_.end()) return it->second;
            if (unknown++ == 0) first_unknown = quote_input(ref) + " at " + where;
            return UINT32_MAX;
        };
        std::size_t i = 0;
        for (dom::element entry : list) {
            const std::string where = pointer_to("/dependencies", i++);
            dom::object obj;
            if (!as_object(entry, obj)) {
                w_.warn("sbom-graph", "a dependency entry is not a JSON object; it is ignored",
                        where);
                continue;
            }
            const std::string_view ref = string_field(obj, "ref", w_, where);
            if (ref.empty()) {
                w_.warn("sbom-graph", "a dependency entry has no \"ref\"; it is ignored", where);
                continue;
            }
            const std::uint32_t from = resolve(ref, where);
            auto on = field(obj, "dependsOn");
            if (!on) continue;
            dom::array targets;
            if (!as_array(*on, targets)) {
                w_.warn("sbom-field", "\"dependsOn\" is not an array; it is ignored",
                        pointer_to(where, "dependsOn"));
                continue;
            }
            std::size_t j = 0;
            for (dom::element t : targets) {
                std::string_view to;
                if (!as_string(t, to)) {
                    w_.warn("sbom-graph", "a \"dependsOn\" entry is not a string; it is ignored",
                            pointer_to(pointer_to(where, "dependsOn"), j));
                } else {
                    const std::uint32_t target = resolve(to, where);
                    if (from != UINT32_MAX && target != UINT32_MAX) {
                        graph_.edges.emplace_back(from, target);
                    }
                }
                ++j;
            }
        }
        if (unknown > 0) {
            w_.warn("sbom-graph",
                    std::to_string(unknown) +
                        " dependency references name no component's bom-ref (the first: " +
                        first_unknown + "); paths through them are not known",
                    "/dependencies");
        }
    }

    void vulnerabilities(dom::object root, bool standalone);

    Graph& graph() { return graph_; }

  private:
    void text(dom::element value, std::string_view key, std::string_view& out) {
        if (!as_string(value, out)) {
            w_.warn("sbom-field", "\"" + std::string(key) + "\" is not a string; it is ignored",
                    pointer_to(pointer_, key));
        }
    }

    // The purl a ref names: the ref itself, a BOM-Link's fragment, or this BOM's component.
    std::optional<Purl> purl_of(std::string_view ref) const {
        std::string_view target = ref;
        if (ref.starts_with("urn:cdx:")) {
            const auto hash = ref.find('#');
            if (hash == std::string_view::npos) return std::nullopt;
            target = ref.substr(hash + 1);
        }
        if (target.starts_with("pkg:")) {
            if (auto p = parse_purl(target)) return *p;
        }
        if (const auto* c = local_component(ref); c != nullptr && !c->purl.empty()) {
            if (auto p = parse_purl(c->purl)) return *p;
        }
        return std::nullopt;
    }

    // The component of this BOM a ref names: a plain bom-ref, or a BOM-Link to this BOM's
    // serial number ("urn:cdx:<uuid>/<version>#<bom-ref>").
    const Component* local_component(std::string_view ref) const {
        std::string_view key = ref;
        if (ref.starts_with("urn:cdx:")) {
            const auto hash = ref.find('#');
            const auto slash = ref.find('/');
            if (hash == std::string_view::npos || slash == std::string_view::npos) return nullptr;
            const std::string_view serial = ref.substr(8, slash - 8);
            if (!sbom_.serial.starts_with("urn:uuid:") || sbom_.serial.substr(9) != serial) {
                return nullptr;
            }
            key = ref.substr(hash + 1);
        }
        auto it = refs_.find(key);
        return it == refs_.end() ? nullptr : &sbom_.components[it->second];
    }

    Warner& w_;
    Sbom& sbom_;
    Graph graph_;
    std::unordered_map<std::string_view, std::uint32_t> refs_;
    std::string pointer_;
};

void Reader::vulnerabilities(dom::object root, bool standalone) {
    auto list_el = field(root, "vulnerabilities");
    if (!list_el) return;
    dom::array list;
    if (!as_array(*list_el, list)) {
        w_.warn("sbom-field", "\"vulnerabilities\" is not an array; it is ignored",
                "/vulnerabilities");
        return;
    }
    std::string_view document_time;
    if (auto meta = field(root, "metadata")) {
        dom::object m;
        if (as_object(*meta, m)) document_time = string_field(m, "timestamp", w_, "/metadata");
    }
    std::size_t i = 0;
    for (dom::element e : list) {
        const std::string where = pointer_to("/vulnerabilities", i++);
        dom::object v;
        if (!as_object(e, v)) {
            w_.warn("vex-statement", "a vulnerability is not a JSON object; it is skipped", where);
            continue;
        }
        const std::string_view id = string_field(v, "id", w_, where);
        auto analysis_el = field(v, "analysis");
        dom::object analysis;
        if (!analysis_el || !as_object(*analysis_el, analysis)) {
            // In an SBOM a vulnerability without analysis is a scanner's report, not a VEX
            // statement; in a VEX document it is a statement that says nothing.
            if (standalone) {
                w_.warn("vex-statement",
                        "the vulnerability " + quote_input(id) +
                            "' has no \"analysis\" object, so no VEX status; it is skipped",
                        where);
            }
            continue;
        }
        if (id.empty()) {
            w_.warn("vex-statement", "a vulnerability has no \"id\"; it is skipped", where);
            continue;
        }
        const std::string analysis_at = pointer_to(where, "analysis");
        const std::string_view state = string_field(analysis, "state", w_, analysis_at);
        const auto status = cyclonedx_state(state);
        if (!status) {
            w_.warn("vex-statement",
                    state.empty()
                        ? "the analysis of " + quote_input(id) + " has no \"state\"; it is skipped"
                        : "the analysis state " + quote_input(state) + " of " + quote_input(id) +
                              "' is not a CycloneDX state; it is skipped",
                    analysis_at);
            continue;
        }
        VexStatement st;
        st.vulnerability = std::string(id);
        st.status = *status;
        st.justification = std::string(string_field(analysis, "justification", w_, analysis_at));
        st.detail = std::string(string_field(analysis, "detail", w_, analysis_at));
        for (std::string_view t : {string_field(analysis, "lastUpdated", w_, analysis_at),
                                   string_field(analysis, "firstIssued", w_, analysis_at),
                                   string_field(v, "updated", w_, where),
                                   string_field(v, "published", w_, where), document_time}) {
            if (!t.empty()) {
                st.timestamp = std::string(t);
                break;
            }
        }
        UniqueStrings aliases, products;
        if (auto refs = field(v, "references")) {
            dom::array rl;
            if (as_array(*refs, rl)) {
                for (dom::element r : rl) {
                    dom::object ro;
                    std::string_view alias;
                    if (!as_object(r, ro)) continue;
                    auto alias_el = field(ro, "id");
                    if (!alias_el || !as_string(*alias_el, alias) || alias == id) continue;
                    aliases.add(alias);
                }
            }
        }
        auto add = [&](std::string_view product) { products.add(product); };
        dom::array affects;
        if (auto a = field(v, "affects"); a && as_array(*a, affects)) {
            std::size_t j = 0;
            for (dom::element entry : affects) {
                const std::string at = pointer_to(pointer_to(where, "affects"), j++);
                dom::object ao;
                if (!as_object(entry, ao)) continue;
                const std::string_view ref = string_field(ao, "ref", w_, at);
                if (ref.empty()) continue;
                dom::array versions;
                auto versions_el = field(ao, "versions");
                if (!versions_el || !as_array(*versions_el, versions) || versions.size() == 0) {
                    add(ref);
                    if (const Component* c = local_component(ref);
                        c != nullptr && !c->purl.empty()) {
                        add(c->purl);
                    }
                    continue;
                }
                // The statement holds for the listed versions only: they become versioned
                // purls; what cannot be said that way is left out rather than over-applied.
                auto base = purl_of(ref);
                if (!base) {
                    w_.warn("vex-statement",
                            quote_input(ref) +
                                "' lists versions but names no package URL, so the versions "
                                "cannot be applied; this entry is skipped",
                            at);
                    continue;
                }
                const bool clears =
                    st.status == VexStatus::kNotAffected || st.status == VexStatus::kFixed;
                std::size_t k = 0;
                for (dom::element ve : versions) {
                    const std::string vat = pointer_to(pointer_to(at, "versions"), k++);
                    dom::object vo;
                    if (!as_object(ve, vo)) continue;
                    const std::string_view vstatus = string_field(vo, "status", w_, vat);
                    if ((clears && vstatus == "affected") || (!clears && vstatus == "unaffected")) {
                        continue;
                    }
                    const std::string_view version = string_field(vo, "version", w_, vat);
                    if (!version.empty()) {
                        Purl p = *base;
                        p.version = std::string(version);
                        add(to_string(p));
                    } else if (field(vo, "range")) {
                        w_.warn("vex-statement",
                                "version ranges in \"affects\" are not applied; this range is "
                                "skipped",
                                vat);
                    }
                }
            }
        }
        st.aliases = aliases.take();
        st.products = products.take();
        if (st.products.empty()) {
            w_.warn("vex-statement",
                    "the statement on " + quote_input(id) +
                        "' names no component it applies to; it is skipped",
                    where);
            continue;
        }
        st.location = {std::string(w_.file()), {}, where};
        sbom_.vex.push_back(std::move(st));
    }
}

}  // namespace

std::expected<Sbom, core::Diagnostic> read_cyclonedx(dom::object root,
                                                     std::string_view text,
                                                     Warner& w,
                                                     bool standalone_vex) {
    std::string_view format;
    auto format_el = field(root, "bomFormat");
    if (!format_el || !as_string(*format_el, format) || format != "CycloneDX") {
        return std::unexpected(
            document_error(text, w.file(), "sbom-format", "\"bomFormat\" is not \"CycloneDX\""));
    }
    Sbom sbom;
    sbom.format = SbomFormat::kCycloneDx;
    sbom.spec_version = std::string(string_field(root, "specVersion", w, ""));
    if (std::find(kKnownVersions.begin(), kKnownVersions.end(), sbom.spec_version) ==
        kKnownVersions.end()) {
        w.warn("sbom-version",
               sbom.spec_version.empty()
                   ? std::string("no \"specVersion\"; read as CycloneDX 1.7")
                   : "CycloneDX " + quote_input(sbom.spec_version) +
                         " is not a version wasp knows (1.2 to 1.7); read as 1.7",
               "/specVersion");
    }
    sbom.serial = std::string(string_field(root, "serialNumber", w, ""));

    Reader reader(w, sbom);
    if (auto meta = field(root, "metadata")) {
        dom::object m;
        if (!as_object(*meta, m)) {
            w.warn("sbom-field", "\"metadata\" is not an object; it is ignored", "/metadata");
        } else if (auto subject = field(m, "component")) {
            reader.subject(*subject);
        }
    }
    if (auto list = field(root, "components")) {
        dom::array components;
        if (!as_array(*list, components)) {
            w.warn("sbom-field", "\"components\" is not an array; it is ignored", "/components");
        } else {
            reader.components(components, "components", -1, 0);
        }
    }
    if (auto deps = field(root, "dependencies")) reader.dependencies(*deps);
    compute_paths(sbom.components, reader.graph());
    reader.vulnerabilities(root, standalone_vex);
    return sbom;
}

}  // namespace wasp::vuln::detail
