// VEX: statements that a vulnerability does or does not affect a product, read from CycloneDX
// VEX (a BOM's "vulnerabilities" with "analysis") and OpenVEX documents.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/location.h"

namespace wasp::vuln {

struct Component;

enum class VexStatus { kAffected, kNotAffected, kFixed, kUnderInvestigation };
[[nodiscard]] std::string_view to_string(VexStatus s);  // OpenVEX spelling: "not_affected", ...

struct VexStatement {
    std::string vulnerability;         // as written: "CVE-2021-44228", "GHSA-...", ...
    std::vector<std::string> aliases;  // other ids the statement gives for it
    // What it applies to: purls (with or without version; a purl without version covers every
    // version) and CycloneDX bom-refs or BOM-Links ("urn:cdx:<serial>/<version>#<bom-ref>").
    std::vector<std::string> products;
    VexStatus status = VexStatus::kUnderInvestigation;
    // CycloneDX "justification" or OpenVEX "justification" (e.g. "code_not_reachable",
    // "vulnerable_code_not_in_execute_path"), as written.
    std::string justification;
    std::string detail;     // analysis.detail / impact_statement / action_statement
    std::string timestamp;  // when the statement was made (ISO 8601), if known
    core::SourceLocation location;
};

struct VexDocument {
    std::string file;
    std::string format;  // "cyclonedx" or "openvex"
    std::vector<VexStatement> statements;
};

// Reads a CycloneDX BOM or VEX document (JSON) or an OpenVEX document. A document that is
// neither is an error naming the file; a statement that cannot be used (unknown status, no
// product) is a warning with its position and is skipped.
[[nodiscard]] std::expected<VexDocument, core::Diagnostic> read_vex(std::string_view text,
                                                                    std::string_view file,
                                                                    core::Diagnostics& warnings);

// Whether the statement names this component: by bom-ref (plain or as a BOM-Link's fragment),
// or by purl (equal as packages after normalisation; when the statement's purl has a version,
// equal to the component purl's version or to Component::version; qualifiers in the
// statement must be present, with equal values, in the component's purl).
[[nodiscard]] bool vex_applies(const VexStatement& statement, const Component& component);

}  // namespace wasp::vuln
