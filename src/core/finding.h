// What analyzers produce: rule metadata, resources, check results and findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/location.h"
#include "core/severity.h"

namespace wasp::core {

// Metadata every rule carries, whatever engine runs it (guardrail, detection, analyzer).
struct RuleInfo {
    std::string id;     // e.g. "WASP-S3-001"
    std::string title;  // what good looks like: "S3 buckets block public access"
    Severity severity = Severity::kMedium;
    std::vector<std::string> best_practices;  // e.g. {"SEC08-BP02"}
    std::vector<std::string> kinds;           // resource kinds it applies to
    std::string description;
    std::string remediation;
    std::vector<std::string> references;
    std::string source;  // where the rule was defined, e.g. "rules/s3/s3-public-access.yaml"
};

// A resource as reports show it.
struct Resource {
    std::string kind;            // provider-neutral, e.g. "aws.s3.bucket"
    std::string native_type;     // as written, e.g. "AWS::S3::Bucket"
    std::string id;              // logical id, Terraform address or ARN
    std::string construct_path;  // CDK construct path (aws:cdk:path), when known
    SourceLocation location;
    // Where the configuration declares it when that is another file than the location: the
    // .tf block of a resource whose values come from a Terraform plan. Reports point there.
    SourceLocation declared;
    std::vector<std::pair<std::string, std::string>> tags;
};

// kSuppressed: failed, but a suppression with a reason accepts it (the finding stays listed).
enum class Outcome { kPass, kFail, kUnknown, kNotApplicable, kSuppressed };

inline constexpr std::size_t kNoResource = static_cast<std::size_t>(-1);
[[nodiscard]] std::string_view to_string(Outcome o);

// One rule evaluated on one resource (or on the workload, for workload-wide rules).
struct CheckResult {
    std::string rule_id;
    std::size_t resource = kNoResource;  // into Review::resources; kNoResource: the workload
    Outcome outcome = Outcome::kUnknown;
    std::string detail;       // why: the value seen, or why it could not be decided
    SourceLocation location;  // the value that decided it, else the resource
};

// Why a finding does not count: an exception written next to the resource, in a suppressions
// file, or a baseline of known findings. Suppressed findings stay in every report, for audit.
struct Suppression {
    std::string kind;         // "in-source" (template metadata or comment), "file", "baseline"
    std::string reason;       // required; for a baseline, which baseline
    std::string expires;      // YYYY-MM-DD, or empty
    SourceLocation location;  // where the suppression is written
};

// One log record behind a finding (a CloudTrail event a detection matched).
struct Evidence {
    std::string id;    // the record's own id (eventID)
    std::string time;  // as the log wrote it (ISO 8601)
    // What people and downstream tools look for, in a fixed order, those the record has:
    // eventName, eventSource, principal, sourceIPAddress, awsRegion, recipientAccountId,
    // userAgent, errorCode.
    std::vector<std::pair<std::string, std::string>> fields;
    SourceLocation location;  // the log file, with /Records/N or the line
};

// The activity a detection saw: how many records, over which time, and a sample of them.
struct Activity {
    std::uint64_t events = 0;
    std::string first_seen, last_seen;  // ISO 8601 UTC
    std::vector<Evidence> sample;       // earliest first, a handful
};

// The vulnerable component behind a finding of an SBOM scan (docs/vuln.md).
struct VulnerablePackage {
    std::string vulnerability;         // the id shown: the CVE when there is one
    std::vector<std::string> aliases;  // every other id of the same vulnerability
    std::string summary;
    std::string name, version, purl, ecosystem;
    std::string path;   // how the SBOM reaches it: "app@1.0 > lib@2.0 > dep@3.1"
    std::string fixed;  // the smallest version that fixes it, or ""
    std::string cvss_vector;
    double cvss_score = -1;                     // -1: no vector
    std::string vex_status, vex_justification;  // "" when no VEX statement applies
    std::vector<std::string> references;        // advisory URLs, the advisories first
};

// Something wrong, with evidence. Every failed check has one.
struct Finding {
    std::string rule_id;
    Severity severity = Severity::kMedium;
    std::size_t resource = kNoResource;
    std::string message;      // the concrete evidence
    SourceLocation location;  // the value at fault, else the resource
    std::string fingerprint;  // stable across runs: hash of rule id, file and resource id
    std::optional<Suppression> suppression;
    std::optional<Activity> activity;          // detections: the log records behind the finding
    std::optional<VulnerablePackage> package;  // SBOM scans: the component and its advisory
};

}  // namespace wasp::core
