// Matching SBOM components against the advisory database: exact ecosystem, exact package,
// the ecosystem's own version order; VEX statements applied; one result per component and
// vulnerability.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/severity.h"
#include "vuln/cvss.h"
#include "vuln/database.h"
#include "vuln/sbom.h"
#include "vuln/vex.h"

namespace wasp::vuln {

struct Match {
    std::size_t sbom = 0;
    std::size_t component = 0;
    std::size_t vulnerability = 0;        // into Database::vulnerabilities()
    std::vector<std::size_t> advisories;  // the records whose ranges contain the version
    // The smallest version above the component's that none of those records' entries affects
    // (among their fixed versions); "" when no fix is known.
    std::string fixed;
    core::Severity severity = core::Severity::kMedium;
    std::optional<CvssScore> cvss;  // the score behind the severity, when from a vector
    std::string cvss_vector;
    std::string severity_source;   // "CVSS:3.1 vector", "database rating HIGH", "no rating"
    std::optional<VexStatus> vex;  // the VEX statement that applies, if any
    std::string vex_justification, vex_detail;
    std::string vex_source;  // file:pointer of that statement
};

// A component whose package an advisory names but whose version could not be checked.
struct Unevaluated {
    std::size_t sbom = 0;
    std::size_t component = 0;
    std::size_t advisory = 0;
    std::string reason;  // e.g. "the advisory gives only GIT commit ranges"
};

struct ScanStats {
    std::uint64_t sboms = 0;
    std::uint64_t components = 0;
    std::uint64_t checked = 0;       // with an ecosystem, a package and a version
    std::uint64_t without_purl = 0;  // nothing to match on: no purl
    std::uint64_t without_version = 0;
    std::uint64_t affected_components = 0;  // with at least one match not VEX-cleared
    double seconds = 0.0;
    // Ecosystems of the SBOMs for which the database holds no advisory, with their component
    // counts: those components were not checked, and the report says so.
    std::vector<std::pair<std::string, std::uint64_t>> ecosystems_without_advisories;
};

struct ScanResult {
    std::vector<Match> matches;  // by SBOM, component, then vulnerability id
    std::vector<Unevaluated> unevaluated;
    ScanStats stats;
};

struct ScanOptions {
    unsigned threads = 0;  // 0: one per core
    // Only this vulnerability (the "are we affected by X?" question); nullopt: all.
    std::optional<std::size_t> only;
};

[[nodiscard]] ScanResult scan(const Database& db,
                              std::span<const Sbom> sboms,
                              std::span<const VexDocument> vex,
                              const ScanOptions& options = {});

// The severity of a vulnerability from its records: the vector of the highest CVSS version
// present (4.0, 3.1, 3.0, 2.0; the highest score among vectors of that version), else the
// database's own rating, else Medium.
struct SeverityChoice {
    core::Severity severity = core::Severity::kMedium;
    std::optional<CvssScore> cvss;
    std::string vector;
    std::string source;
};
[[nodiscard]] SeverityChoice vulnerability_severity(const Database& db, std::size_t vulnerability);

// Whether a match counts: not cleared by VEX (not_affected or fixed).
[[nodiscard]] bool is_open(const Match& m);

}  // namespace wasp::vuln
