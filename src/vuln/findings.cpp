#include "vuln/findings.h"

#include <map>
#include <set>

#include "core/file.h"

namespace wasp::vuln {

namespace {
constexpr std::string_view kVulnRule = "WASP-VULN-001";
constexpr std::string_view kPurlRule = "WASP-VULN-002";
}  // namespace

std::vector<core::RuleInfo> rule_infos() {
    core::RuleInfo vuln;
    vuln.id = kVulnRule;
    vuln.title = "Components have no known vulnerabilities";
    vuln.severity = core::Severity::kHigh;
    vuln.best_practices = {"SEC06-BP01", "SEC11-BP05", "SEC01-BP04"};
    vuln.kinds = {"sbom"};
    vuln.description =
        "Every component of the workload's SBOMs is matched against the OSV advisories loaded "
        "(--db or the manifest's advisories): exact ecosystem, exact package name from the "
        "package URL, and the ecosystem's own version ordering. A finding names the "
        "vulnerability and its aliases, the component and how the SBOM reaches it, the "
        "smallest version that fixes it, and the severity from the advisory's CVSS vector. "
        "Its severity is the vulnerability's, not the rule's. A VEX statement that says "
        "not_affected or fixed keeps the finding listed as suppressed, with the justification.";
    vuln.remediation =
        "Upgrade the component to the fixed version shown (or later), through the dependency "
        "that pulls it in; where the vulnerable code cannot be reached, record that in a VEX "
        "statement with its justification.";
    vuln.references = {"https://ossf.github.io/osv-schema/",
                       "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/"
                       "sec_protect_compute_vulnerability_management.html"};
    vuln.source = "src/vuln/findings.cpp";

    core::RuleInfo purl;
    purl.id = kPurlRule;
    purl.title = "SBOM components are identified by package URLs";
    purl.severity = core::Severity::kLow;
    purl.best_practices = {"SEC06-BP01", "SEC11-BP05"};
    purl.kinds = {"sbom"};
    purl.description =
        "A component without a package URL (or without a version) cannot be matched exactly "
        "against advisories, so wasp does not guess from its name: it is reported here "
        "instead, with the count per SBOM.";
    purl.remediation =
        "Generate the SBOM with a tool that records package URLs (cdxgen, syft, the "
        "CycloneDX plugins, npm sbom), or add \"purl\" to the components it lists.";
    purl.references = {"https://github.com/package-url/purl-spec"};
    purl.source = "src/vuln/findings.cpp";
    return {vuln, purl};
}

VulnFindings to_findings(const Database& db,
                         std::span<const Sbom> sboms,
                         const ScanResult& result) {
    VulnFindings out;
    for (const auto& sbom : sboms) {
        core::Resource r;
        r.kind = "sbom";
        r.native_type = std::string(to_string(sbom.format)) + " " + sbom.spec_version;
        r.id = sbom.subject.empty() ? sbom.file : sbom.subject;
        r.location.file = sbom.file;
        out.resources.push_back(std::move(r));
    }
    // One resource per vulnerable component (by SBOM and purl).
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> component_resource;
    std::vector<bool> sbom_failed(sboms.size(), false);
    std::set<std::string> fingerprints;
    for (const auto& m : result.matches) {
        const Sbom& sbom = sboms[m.sbom];
        const Component& c = sbom.components[m.component];
        auto [it, added] =
            component_resource.try_emplace({m.sbom, m.component}, out.resources.size());
        if (added) {
            core::Resource r;
            r.kind = "package";
            r.native_type = c.ecosystem;
            r.id = c.purl;
            r.location = c.location;
            out.resources.push_back(std::move(r));
        }
        const Vulnerability& v = db.vulnerabilities()[m.vulnerability];
        const Advisory& first = db.advisories()[m.advisories.front()];
        core::Finding f;
        f.rule_id = kVulnRule;
        f.severity = m.severity;
        f.resource = it->second;
        f.location = c.location;
        core::VulnerablePackage p;
        p.vulnerability = v.id;
        for (const auto& id : v.ids) {
            if (id != v.id) p.aliases.push_back(id);
        }
        p.summary = first.summary;
        p.name = c.name;
        p.version = c.version;
        p.purl = c.purl;
        p.ecosystem = c.ecosystem;
        p.path = c.path;
        p.fixed = m.fixed;
        p.cvss_vector = m.cvss_vector;
        if (m.cvss) p.cvss_score = m.cvss->base_score;
        if (m.vex) {
            p.vex_status = to_string(*m.vex);
            p.vex_justification = m.vex_justification;
        }
        std::set<std::string> seen;
        for (std::size_t a : m.advisories) {
            for (const auto& url : db.advisories()[a].references) {
                if (seen.insert(url).second && p.references.size() < 8) p.references.push_back(url);
            }
        }
        std::string ids = v.id;
        if (!p.aliases.empty()) {
            ids += " (";
            for (std::size_t i = 0; i < p.aliases.size(); ++i) {
                ids += (i ? ", " : "") + p.aliases[i];
            }
            ids += ")";
        }
        f.message = c.name + " " + c.version + " is affected by " + ids;
        if (!first.summary.empty()) f.message += ": " + first.summary;
        f.message += m.fixed.empty() ? "; no fixed version is known" : "; fixed in " + m.fixed;
        if (!c.path.empty() && c.path.find(" > ") != std::string::npos) {
            f.message += "; via " + c.path;
        }
        if (m.cvss) {
            char score[16];
            std::snprintf(score, sizeof score, "%.1f", m.cvss->base_score);
            f.message += "; CVSS " + std::string(score) + " (" + m.cvss_vector + ")";
        }
        if (!is_open(m)) {
            core::Suppression s;
            s.kind = "vex";
            s.reason = "VEX: " + p.vex_status;
            if (!m.vex_justification.empty()) s.reason += " (" + m.vex_justification + ")";
            if (!m.vex_detail.empty()) s.reason += ": " + m.vex_detail;
            s.location.file = m.vex_source;
            f.suppression = std::move(s);
        } else {
            sbom_failed[m.sbom] = true;
        }
        std::string key = std::string(kVulnRule) + "|" + sbom.file + "|" + c.purl + "|" + v.id;
        if (!fingerprints.insert(key).second) key += "|" + c.location.pointer;
        f.fingerprint = core::sha256_hex(key).substr(0, 32);
        f.package = std::move(p);
        out.findings.push_back(std::move(f));
    }
    // The checks per SBOM, and the components nothing could be matched on.
    std::vector<std::size_t> unidentified(sboms.size(), 0);
    for (std::size_t s = 0; s < sboms.size(); ++s) {
        for (const auto& c : sboms[s].components) {
            if (c.purl.empty() || c.version.empty() || c.package.empty()) ++unidentified[s];
        }
        core::CheckResult check;
        check.rule_id = kVulnRule;
        check.resource = s;
        check.outcome = sbom_failed[s] ? core::Outcome::kFail : core::Outcome::kPass;
        check.location.file = sboms[s].file;
        check.detail = sbom_failed[s] ? "vulnerable components" : "no known vulnerability";
        out.checks.push_back(check);
        core::CheckResult ids;
        ids.rule_id = kPurlRule;
        ids.resource = s;
        ids.location.file = sboms[s].file;
        // The subject (the application itself) often has no purl; it is not a dependency.
        std::size_t n = sboms[s].components.size();
        std::size_t missing = unidentified[s];
        if (missing > 0 && !sboms[s].components.empty() &&
            sboms[s].components.front().name == sboms[s].subject &&
            (sboms[s].components.front().purl.empty() ||
             sboms[s].components.front().version.empty())) {
            --missing;
            --n;
        }
        ids.outcome = missing > 0 ? core::Outcome::kFail : core::Outcome::kPass;
        ids.detail = std::to_string(missing) + " of " + std::to_string(n) +
                     " components have no package URL or version";
        if (missing > 0) {
            core::Finding f;
            f.rule_id = kPurlRule;
            f.severity = core::Severity::kLow;
            f.resource = s;
            f.location.file = sboms[s].file;
            f.message = ids.detail + ": they were not checked against advisories";
            f.fingerprint =
                core::sha256_hex(std::string(kPurlRule) + "|" + sboms[s].file).substr(0, 32);
            out.findings.push_back(std::move(f));
        }
        out.checks.push_back(std::move(ids));
    }
    // Components whose version could not be checked: one diagnostic per SBOM and reason.
    std::map<std::pair<std::size_t, std::string>, std::set<std::size_t>> unevaluated;
    for (const auto& u : result.unevaluated) unevaluated[{u.sbom, u.reason}].insert(u.component);
    for (const auto& [key, components] : unevaluated) {
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "vuln-not-evaluable";
        std::string names;
        std::size_t shown = 0;
        for (std::size_t ci : components) {
            if (shown++ == 5) {
                names += ", ...";
                break;
            }
            const auto& c = sboms[key.first].components[ci];
            names += (names.empty() ? "" : ", ") + c.name + "@" + c.version;
        }
        d.message = std::to_string(components.size()) +
                    " component(s) named by advisories could not be checked (" + key.second +
                    "): " + names;
        d.location.file = sboms[key.first].file;
        out.diagnostics.push_back(std::move(d));
    }
    for (const auto& [eco, count] : result.stats.ecosystems_without_advisories) {
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "vuln-no-advisories";
        d.message = std::to_string(count) + " " + eco +
                    " component(s) were not checked: the advisory database has no " + eco +
                    " advisories";
        out.diagnostics.push_back(std::move(d));
    }
    return out;
}

}  // namespace wasp::vuln
