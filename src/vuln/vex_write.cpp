#include "vuln/vex_write.h"

#include <cstdio>
#include <map>
#include <set>

#include "core/file.h"
#include "core/json_writer.h"

namespace wasp::vuln {
namespace {

std::string_view cdx_state(const Match& m) {
    if (!m.vex) return "in_triage";  // matched by version, not yet analysed by anyone
    switch (*m.vex) {
        case VexStatus::kAffected:
            return "exploitable";
        case VexStatus::kNotAffected:
            return "not_affected";
        case VexStatus::kFixed:
            return "resolved";
        case VexStatus::kUnderInvestigation:
            return "in_triage";
    }
    return "in_triage";
}

// CycloneDX justifications are a closed list; OpenVEX's five map onto it.
std::string_view cdx_justification(std::string_view j) {
    static const std::map<std::string_view, std::string_view> kMap = {
        {"code_not_present", "code_not_present"},
        {"code_not_reachable", "code_not_reachable"},
        {"requires_configuration", "requires_configuration"},
        {"requires_dependency", "requires_dependency"},
        {"requires_environment", "requires_environment"},
        {"protected_by_compiler", "protected_by_compiler"},
        {"protected_at_runtime", "protected_at_runtime"},
        {"protected_at_perimeter", "protected_at_perimeter"},
        {"protected_by_mitigating_control", "protected_by_mitigating_control"},
        {"component_not_present", "code_not_present"},
        {"vulnerable_code_not_present", "code_not_present"},
        {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
        {"vulnerable_code_cannot_be_controlled_by_adversary", "protected_by_mitigating_control"},
        {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
    };
    auto it = kMap.find(j);
    return it == kMap.end() ? std::string_view{} : it->second;
}

std::string_view method(const CvssScore& s) {
    if (s.major == 4) return "CVSSv4";
    if (s.major == 3) return s.minor == 1 ? "CVSSv31" : "CVSSv3";
    return "CVSSv2";
}

std::string_view severity_name(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
            return "critical";
        case core::Severity::kHigh:
            return "high";
        case core::Severity::kMedium:
            return "medium";
        case core::Severity::kLow:
            return "low";
        case core::Severity::kInfo:
            return "none";
    }
    return "unknown";
}

std::string source_name(std::string_view id) {
    if (id.starts_with("CVE-")) return "NVD";
    if (id.starts_with("GHSA-")) return "GitHub Advisories";
    if (id.starts_with("PYSEC-")) return "PyPA Advisory Database";
    if (id.starts_with("GO-")) return "Go Vulnerability Database";
    return "OSV";
}

std::string source_url(std::string_view id) {
    if (id.starts_with("CVE-")) return "https://nvd.nist.gov/vuln/detail/" + std::string(id);
    if (id.starts_with("GHSA-")) return "https://github.com/advisories/" + std::string(id);
    return "https://osv.dev/vulnerability/" + std::string(id);
}

// A version 4 UUID's shape, from a hash of the content: the same scan gives the same serial.
std::string serial_from(std::string_view seed) {
    std::string h = core::sha256_hex(seed);
    h[12] = '4';
    h[16] = "89ab"[h[16] % 4];
    return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
           h.substr(16, 4) + "-" + h.substr(20, 12);
}

}  // namespace

std::string write_cyclonedx_vex(const Database& db,
                                std::span<const Sbom> sboms,
                                const ScanResult& result,
                                std::string_view tool_version,
                                std::string_view timestamp) {
    // Components by purl (one per package version, whatever number of SBOMs list it), and the
    // matches per vulnerability.
    std::map<std::string, const Component*> components;
    std::map<std::size_t, std::vector<const Match*>> by_vuln;
    for (const auto& m : result.matches) {
        const Component& c = sboms[m.sbom].components[m.component];
        components.try_emplace(c.purl, &c);
        by_vuln[m.vulnerability].push_back(&m);
    }
    std::string seed(timestamp);
    for (const auto& [purl, c] : components) seed += "|" + purl;
    for (const auto& [v, ms] : by_vuln) seed += "|" + db.vulnerabilities()[v].id;

    core::JsonWriter w;
    w.begin_object();
    w.field("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    w.field("bomFormat", "CycloneDX");
    w.field("specVersion", "1.6");
    w.field("serialNumber", serial_from(seed));
    w.field("version", std::int64_t{1});
    w.key("metadata");
    w.begin_object();
    w.field("timestamp", timestamp);
    w.key("tools");
    w.begin_object();
    w.key("components");
    w.begin_array();
    w.begin_object();
    w.field("type", "application");
    w.field("name", "wasp");
    w.field("version", tool_version);
    w.end_object();
    w.end_array();
    w.end_object();
    w.end_object();
    w.key("components");
    w.begin_array();
    for (const auto& [purl, c] : components) {
        w.begin_object();
        w.field("type", "library");
        w.field("bom-ref", purl);
        w.field("name", c->name);
        if (!c->version.empty()) w.field("version", c->version);
        w.field("purl", purl);
        w.end_object();
    }
    w.end_array();
    w.key("vulnerabilities");
    w.begin_array();
    for (const auto& [vi, matches] : by_vuln) {
        const Vulnerability& v = db.vulnerabilities()[vi];
        const Match& first = *matches.front();
        const Advisory& adv = db.advisories()[first.advisories.front()];
        // One entry per vulnerability and analysis state: CycloneDX has one analysis per entry.
        std::map<std::string, std::vector<const Match*>> by_state;
        for (const Match* m : matches) {
            std::string key(cdx_state(*m));
            key += "|" + std::string(cdx_justification(m->vex_justification)) + "|" + m->vex_detail;
            by_state[key].push_back(m);
        }
        for (const auto& [state, group] : by_state) {
            const Match& m = *group.front();
            w.begin_object();
            w.field("bom-ref", v.id + "/" + std::string(cdx_state(m)) + "/" +
                                   core::sha256_hex(state).substr(0, 8));
            w.field("id", v.id);
            w.key("source");
            w.begin_object();
            w.field("name", source_name(v.id));
            w.field("url", source_url(v.id));
            w.end_object();
            if (v.ids.size() > 1) {
                w.key("references");
                w.begin_array();
                for (const auto& id : v.ids) {
                    if (id == v.id) continue;
                    w.begin_object();
                    w.field("id", id);
                    w.key("source");
                    w.begin_object();
                    w.field("name", source_name(id));
                    w.field("url", source_url(id));
                    w.end_object();
                    w.end_object();
                }
                w.end_array();
            }
            w.key("ratings");
            w.begin_array();
            w.begin_object();
            if (m.cvss) {
                // One decimal, as CVSS defines scores: 5.3 rather than 5.2999999999999998.
                char score[16];
                std::snprintf(score, sizeof score, "%.1f", m.cvss->base_score);
                w.key("score");
                w.raw_number(score);
                w.field("severity", severity_name(m.severity));
                w.field("method", method(*m.cvss));
                // CycloneDX writes the vector without the "CVSS:3.1/" prefix for v3, with it
                // for v4 ... both are accepted; keep the vector as the advisory gives it.
                w.field("vector", m.cvss_vector);
            } else {
                w.field("severity", severity_name(m.severity));
                w.field("method", "other");
            }
            w.end_object();
            w.end_array();
            if (!adv.summary.empty()) w.field("description", adv.summary);
            std::set<std::string> fixes;
            for (const Match* gm : group) {
                if (!gm->fixed.empty()) fixes.insert(gm->fixed);
            }
            if (!fixes.empty()) {
                std::string text = "Upgrade to ";
                bool first_fix = true;
                for (const auto& f : fixes) {
                    text += (first_fix ? "" : " or ") + f;
                    first_fix = false;
                }
                text += " or later.";
                w.field("recommendation", text);
            }
            if (!adv.references.empty()) {
                w.key("advisories");
                w.begin_array();
                std::size_t shown = 0;
                for (const auto& url : adv.references) {
                    if (shown++ == 5) break;
                    w.begin_object();
                    w.field("url", url);
                    w.end_object();
                }
                w.end_array();
            }
            if (!adv.published.empty()) w.field("published", adv.published);
            if (!adv.modified.empty()) w.field("updated", adv.modified);
            w.key("analysis");
            w.begin_object();
            w.field("state", cdx_state(m));
            if (auto j = cdx_justification(m.vex_justification); !j.empty()) {
                w.field("justification", j);
            }
            if (!m.vex_detail.empty()) w.field("detail", m.vex_detail);
            w.end_object();
            w.key("affects");
            w.begin_array();
            std::set<std::string> refs;
            for (const Match* gm : group) {
                const Component& c = sboms[gm->sbom].components[gm->component];
                if (!refs.insert(c.purl).second) continue;
                w.begin_object();
                w.field("ref", c.purl);
                w.key("versions");
                w.begin_array();
                w.begin_object();
                w.field("version", c.version);
                w.field("status", is_open(*gm) ? "affected" : "unaffected");
                w.end_object();
                w.end_array();
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
    }
    w.end_array();
    w.end_object();
    return w.take();  // ends with one newline
}

}  // namespace wasp::vuln
