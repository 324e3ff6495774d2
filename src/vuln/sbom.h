// SBOMs: CycloneDX JSON (1.2 to 1.7) and SPDX JSON (2.2, 2.3, and 3.0 JSON-LD) read into one
// list of components with their package URLs and how the SBOM reaches them.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/location.h"
#include "vuln/vex.h"

namespace wasp::vuln {

enum class SbomFormat { kCycloneDx, kSpdx2, kSpdx3 };
[[nodiscard]] std::string_view to_string(SbomFormat f);  // "CycloneDX", "SPDX 2", "SPDX 3"

struct Component {
    std::string name;
    std::string version;
    std::string purl;       // canonical (purl.h to_string), or "" when the SBOM gives none
    std::string ecosystem;  // OSV ecosystem from the purl ("Maven", "npm", ...), or ""
    std::string release;    // distribution release from the purl's distro qualifier, or ""
    std::string package;    // OSV package name from the purl, normalised
                            // (normalize_package_name), or ""
    std::string bom_ref;    // CycloneDX bom-ref, SPDX SPDXID / spdxId, or ""
    // How the SBOM reaches the component, from its subject: names with versions joined by
    // " > ", e.g. "shop-api@1.0 > spring-boot-starter-log4j2@2.6.1 > log4j-core@2.14.1".
    // From component nesting, else the shortest path in the dependency graph (CycloneDX
    // "dependencies", SPDX DEPENDS_ON / CONTAINS / ... relationships) from the subject, or from
    // components nothing depends on when the subject does not reach it; the component alone
    // ("log4j-core@2.14.1") when the SBOM gives no graph. Paths longer than 16 steps keep the
    // first 3 and the last 12 with "..." between.
    std::string path;
    core::SourceLocation location;  // the file and the JSON pointer of the component
};

struct Sbom {
    std::string file;
    SbomFormat format = SbomFormat::kCycloneDx;
    std::string spec_version;  // "1.5", "SPDX-2.3", "3.0.1"
    std::string serial;        // CycloneDX serialNumber (urn:uuid:...), or SPDX documentNamespace
    std::string subject;       // what it describes, as "name@version": metadata.component /
                               // the described package; else the SPDX document's name, or ""
    std::vector<Component> components;  // every component, nested ones included, subject too
    std::vector<VexStatement> vex;      // CycloneDX "vulnerabilities" with an analysis, if any
};

// Reads one SBOM. Not JSON, or neither CycloneDX nor SPDX: an error naming the file and the
// position. A component the reader cannot use (no name, bad purl) is a warning with its JSON
// pointer and the rest is read. Bounded: nesting deeper than core::kMaxNestingDepth is an error.
[[nodiscard]] std::expected<Sbom, core::Diagnostic> read_sbom(std::string_view text,
                                                              std::string_view file,
                                                              core::Diagnostics& warnings);

}  // namespace wasp::vuln
