// The scan's results as a CycloneDX 1.6 VEX document: the vulnerable components, and per
// vulnerability its ids, ratings, fixed version and analysis state (the VEX statement that
// applied, else "in_triage": matched by version, not yet analysed by anyone).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "vuln/database.h"
#include "vuln/match.h"
#include "vuln/sbom.h"

namespace wasp::vuln {

// Deterministic for the same inputs and timestamp (the serial number is derived from them).
[[nodiscard]] std::string write_cyclonedx_vex(const Database& db,
                                              std::span<const Sbom> sboms,
                                              const ScanResult& result,
                                              std::string_view tool_version,
                                              std::string_view timestamp);

}  // namespace wasp::vuln
