// SBOM scan results as review findings: the rules' metadata, a resource per SBOM and per
// vulnerable component, a check per SBOM and a finding per component and vulnerability.
#pragma once

#include <span>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "vuln/database.h"
#include "vuln/match.h"
#include "vuln/sbom.h"

namespace wasp::vuln {

// WASP-VULN-001 (components have no known vulnerabilities) and WASP-VULN-002 (components are
// identified by package URLs).
[[nodiscard]] std::vector<core::RuleInfo> rule_infos();

struct VulnFindings {
    std::vector<core::Resource> resources;  // the SBOMs, then the vulnerable components
    std::vector<core::CheckResult> checks;  // per SBOM and rule
    std::vector<core::Finding> findings;    // VEX-cleared matches carry a suppression
    core::Diagnostics diagnostics;          // components that could not be evaluated
};

// Locations name SBOM files as Sbom::file gives them.
[[nodiscard]] VulnFindings to_findings(const Database& db,
                                       std::span<const Sbom> sboms,
                                       const ScanResult& result);

}  // namespace wasp::vuln
