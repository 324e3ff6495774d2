// OSV advisories (the Open Source Vulnerability format, schema 1.x): the record model and its
// parser, and the evaluation of an affected entry's ranges for one version.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vuln/version.h"

namespace wasp::vuln {

enum class EventKind { kIntroduced, kFixed, kLastAffected, kLimit };

struct RangeEvent {
    EventKind kind = EventKind::kIntroduced;
    std::string version;  // "0" in an introduced event: before every version
};

enum class RangeType { kSemver, kEcosystem, kGit };

struct Range {
    RangeType type = RangeType::kEcosystem;
    std::string repo;                // GIT ranges: the repository
    std::vector<RangeEvent> events;  // as the record stores them (not always sorted)
    bool sorted = false;             // events already in evaluation order (sort_events)
};

struct Affected {
    std::string ecosystem;  // as written: "Maven", "PyPI", "Debian:12", ...
    std::string name;       // as written
    std::string package;    // normalize_package_name(ecosystem, name)
    std::string purl;       // package.purl, if given
    std::vector<Range> ranges;
    std::vector<std::string> versions;  // explicit affected versions
    std::string severity;               // a CVSS vector given for this package only, if any
};

struct SeverityVector {
    std::string type;   // "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", ...
    std::string score;  // the vector (or the ecosystem's rating)
};

struct Advisory {
    std::string id;
    std::vector<std::string> aliases;
    // "upstream": the ids this record derives from (a DEBIAN-CVE or ALPINE-CVE record names its
    // CVE here, not in aliases); merged like aliases, so "are we affected by CVE-X" finds them.
    std::vector<std::string> upstream;
    std::string summary;  // or the first line of details when there is no summary
    std::string published, modified, withdrawn;  // RFC 3339, as written
    std::vector<SeverityVector> severity;
    std::string
        database_severity;  // database_specific.severity: "CRITICAL", "HIGH", "MODERATE", ...
    std::vector<std::string> references;  // URLs; the ADVISORY ones first
    std::vector<Affected> affected;
    std::string source;  // the file, or "<zip>!<entry>"
};

// Parses one OSV record. The reason when it is not one (not JSON, no id, a field of the wrong
// type); unknown fields are ignored, as the schema allows.
[[nodiscard]] std::expected<Advisory, std::string> parse_osv(std::string_view json,
                                                             std::string source);

// What a range check says about a version.
enum class RangeVerdict { kAffected, kNotAffected, kNotEvaluable };

// Whether version is affected by the entry: in its versions list, or inside one of its SEMVER or
// ECOSYSTEM ranges. Events are sorted by version before evaluation (introduced "0" first); then
// "introduced" opens an interval, "fixed" closes it before its version, "last_affected" after
// its version; "limit" events bound the whole range. kNotEvaluable when the entry has only GIT
// ranges (commits, not versions) or its ecosystem has no known ordering, and the versions list
// does not name the version.
[[nodiscard]] RangeVerdict evaluate(const Affected& affected, std::string_view version);

// Puts every ordered range's events in evaluation order once (introduced "0" first, then by
// version, events of one version in the record's order), so evaluate() need not sort them on
// every call; the database does this when it loads.
void sort_events(Affected& affected);

// The fixed versions of the entry's ordered ranges, sorted in the ecosystem's order.
[[nodiscard]] std::vector<std::string> fixed_versions(const Affected& affected);

// The ordering of an entry's ranges: SEMVER ranges use semver whatever the ecosystem.
[[nodiscard]] std::optional<Scheme> range_scheme(const Affected& affected, const Range& range);

}  // namespace wasp::vuln
