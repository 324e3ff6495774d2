// The subcommands of the wasp CLI; main.cpp parses arguments into these option structs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasp::cli {

// Exit codes (docs/cli.md).
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

struct ReviewCommand {
    std::filesystem::path workload = ".";
    std::vector<std::string> formats;
    std::vector<std::filesystem::path> outputs;
    std::vector<std::filesystem::path> rule_dirs;
    std::vector<std::filesystem::path> sigma_dirs;    // Sigma rules for the CloudTrail logs
    std::vector<std::filesystem::path> advisory_dbs;  // --db: OSV exports for the SBOMs
    std::optional<std::filesystem::path> parameters;
    std::string fail_on = "high";
    std::string date;  // YYYY-MM-DD; default today (UTC)
    std::size_t plan_items = 5;
    unsigned jobs = 0;
    bool quiet = false;
    bool timings = false;                         // print the wall time of each phase on stderr
    std::vector<std::filesystem::path> policies;  // --policy / --suppressions
    std::optional<std::filesystem::path> baseline;
    // wasp scan: guardrails only, findings-list text, optionally only changed files.
    bool scan = false;
    std::vector<std::filesystem::path> paths;  // scan: several paths
    std::optional<std::filesystem::path> changed_files;
};
[[nodiscard]] int run_review_command(const ReviewCommand& cmd);

struct BaselineCommand {
    std::filesystem::path workload = ".";
    std::filesystem::path output = "wasp-baseline.json";
    std::vector<std::filesystem::path> rule_dirs;
    std::vector<std::filesystem::path> policies;
    std::optional<std::filesystem::path> parameters;
};
[[nodiscard]] int run_baseline_create(const BaselineCommand& cmd);

struct RulesListCommand {
    std::vector<std::filesystem::path> rule_dirs;
    std::string format = "text";  // text | json | markdown
};
[[nodiscard]] int run_rules_list(const RulesListCommand& cmd);

struct RulesTestCommand {
    std::vector<std::filesystem::path> rule_dirs;   // empty: the built-in rules
    std::vector<std::filesystem::path> sigma_dirs;  // Sigma rules with their X.tests.jsonl
    bool verbose = false;
};
[[nodiscard]] int run_rules_test(const RulesTestCommand& cmd);

struct IamEvalCommand {
    // The evaluation documents; "-" reads standard input. With several, JSON output is one
    // compact object per line (JSON lines), each naming its file.
    std::vector<std::filesystem::path> files;
    std::string format = "text";  // text | json
};
[[nodiscard]] int run_iam_eval(const IamEvalCommand& cmd);

struct IamValidateCommand {
    std::vector<std::filesystem::path> files;  // policy documents (JSON)
    std::string kind = "auto";                 // auto | identity | resource | trust | scp
    bool strict = false;                       // warnings fail the run too
};
[[nodiscard]] int run_iam_validate(const IamValidateCommand& cmd);

// wasp iam analyze / can / who-can: over authorization-details exports and credential reports.
struct IamAnalyzeCommand {
    std::vector<std::filesystem::path> paths;
    std::string format = "text";  // text | json
    std::string fail_on = "high";
    std::string date;  // YYYY-MM-DD; default today (UTC), or SOURCE_DATE_EPOCH
};
[[nodiscard]] int run_iam_analyze(const IamAnalyzeCommand& cmd);

struct IamCanCommand {
    std::vector<std::filesystem::path> inputs;  // --authz
    std::string principal;
    std::string action;
    std::string resource = "*";
    std::vector<std::string> context;  // KEY=VALUE (repeatable; a key given twice is a list)
    std::string session;               // role session name
    std::optional<std::filesystem::path> resource_policy;
    std::vector<std::filesystem::path> scps;  // one file a level, root first; replace --org's
    std::vector<std::filesystem::path> orgs;  // --org: Organizations exports (SCPs and RCPs)
    bool closed = false;                      // keys not given are absent, not unknown
    std::string format = "text";
};
[[nodiscard]] int run_iam_can(const IamCanCommand& cmd);

struct IamWhoCanCommand {
    std::vector<std::filesystem::path> inputs;
    std::vector<std::filesystem::path> orgs;  // --org: Organizations exports (SCPs and RCPs)
    std::string action;
    std::string resource = "*";
    std::vector<std::string> context;
    std::string format = "text";
};
[[nodiscard]] int run_iam_who_can(const IamWhoCanCommand& cmd);

// wasp iam paths: privilege-escalation paths to admin (docs/iam.md#privilege-escalation-paths).
struct IamPathsCommand {
    std::vector<std::filesystem::path> files;  // authorization-details exports
    std::vector<std::filesystem::path> orgs;   // --org: Organizations exports (SCPs)
    std::string from;                          // one principal: name, user/NAME, role/NAME, ARN
    std::string format = "text";               // text | json
};
[[nodiscard]] int run_iam_paths(const IamPathsCommand& cmd);

// wasp iam blast-radius: what each principal can reach, directly and through role chains, and
// who can reach each resource (docs/iam.md#blast-radius).
struct IamBlastCommand {
    std::vector<std::filesystem::path> paths;     // exports, or directories holding them
    std::vector<std::string> principals;          // --principal: name, user/NAME, role/NAME, ARN
    std::vector<std::string> resources;           // --resource: concrete ARNs
    std::vector<std::filesystem::path> orgs;      // --org: Organizations exports (SCPs apply)
    std::string format = "text";                  // text | json | dot
    std::optional<std::filesystem::path> output;  // -o: written atomically
};
[[nodiscard]] int run_iam_blast_radius(const IamBlastCommand& cmd);

// wasp iam unused: services and tracked actions allowed but not used, from service last-accessed
// reports (docs/iam.md#unused-access-last-accessed-reports).
struct IamUnusedCommand {
    std::vector<std::filesystem::path> paths;  // reports, exports, or directories of them
    std::string format = "text";               // text | json
    std::string date;  // YYYY-MM-DD; default today (UTC), or SOURCE_DATE_EPOCH
    int days = 90;     // a use older than this counts as unused
};
[[nodiscard]] int run_iam_unused(const IamUnusedCommand& cmd);

// wasp iam external-access: public and cross-account access through resource-based and role
// trust policies (docs/iam.md#public-and-cross-account-access).
struct IamExternalAccessCommand {
    std::vector<std::filesystem::path> paths;   // resource-policy outputs, exports, directories
    std::vector<std::string> trusted_accounts;  // --trusted-account: inside the zone of trust
    std::vector<std::filesystem::path> orgs;    // --org: Organizations exports (its accounts)
    std::string format = "text";                // text | json
    std::string fail_on = "high";
};
[[nodiscard]] int run_iam_external_access(const IamExternalAccessCommand& cmd);

// wasp detect: Sigma rules and anomaly models over CloudTrail logs (docs/detect.md).
struct DetectCommand {
    std::vector<std::filesystem::path> inputs;  // files, directories, "-" for stdin
    std::vector<std::string> formats;
    std::vector<std::filesystem::path> outputs;
    std::vector<std::filesystem::path> sigma_dirs;  // --sigma: the user's rules
    bool no_builtin = false;                        // only the user's rules
    bool no_anomalies = false;
    std::optional<std::filesystem::path> baseline;       // check against this baseline
    std::optional<std::filesystem::path> save_baseline;  // write what was learned (merged)
    std::string learn_until;  // ISO time or date: events before it are learned, not checked
    std::optional<std::filesystem::path> ip2asn;
    std::string fail_on = "high";
    unsigned jobs = 0;
    bool quiet = false;
    bool no_progress = false;
};
[[nodiscard]] int run_detect(const DetectCommand& cmd);

// wasp sbom scan: SBOMs against an OSV advisory database (docs/vuln.md).
struct SbomScanCommand {
    std::vector<std::filesystem::path> sboms;  // files or directories
    std::vector<std::filesystem::path> db;     // OSV: all.zip files, folders, records
    std::vector<std::filesystem::path> vex;    // CycloneDX VEX or OpenVEX documents
    std::vector<std::string> formats;          // report formats, and cyclonedx-vex
    std::vector<std::filesystem::path> outputs;
    std::string fail_on = "high";
    unsigned jobs = 0;
    bool quiet = false;
};
[[nodiscard]] int run_sbom_scan(const SbomScanCommand& cmd);

// wasp sbom affected: which SBOMs a vulnerability affects, and where (docs/vuln.md).
struct SbomAffectedCommand {
    std::string id;                            // CVE, GHSA, PYSEC, GO, ... id
    std::vector<std::filesystem::path> sboms;  // files or directories
    std::vector<std::filesystem::path> db;
    std::vector<std::filesystem::path> vex;
    std::string format = "text";  // text | json
    unsigned jobs = 0;
};
[[nodiscard]] int run_sbom_affected(const SbomAffectedCommand& cmd);

// wasp anomalies learn / merge: baselines of normal activity (docs/detect.md#anomalies).
struct AnomaliesLearnCommand {
    std::vector<std::filesystem::path> inputs;
    std::filesystem::path output = "wasp-anomaly-baseline.json";
    std::optional<std::filesystem::path> merge_into;  // --baseline: add to this one
    std::optional<std::filesystem::path> ip2asn;
    unsigned jobs = 0;
};
[[nodiscard]] int run_anomalies_learn(const AnomaliesLearnCommand& cmd);
struct AnomaliesMergeCommand {
    std::vector<std::filesystem::path> inputs;  // baseline files
    std::filesystem::path output = "wasp-anomaly-baseline.json";
};
[[nodiscard]] int run_anomalies_merge(const AnomaliesMergeCommand& cmd);

// wasp gameday: attacks hidden in benign CloudTrail, scored per technique
// (docs/detect.md#game-days).
struct GamedayCommand {
    std::uint64_t seed = 1;
    int days = 3;
    double rate = 1;
    std::vector<std::string> techniques;
    std::vector<std::filesystem::path> sigma_dirs;
    bool no_builtin = false;
    bool no_anomalies = false;
    std::optional<std::filesystem::path> write_logs;  // directory for the logs and answer key
    std::string format = "text";                      // text | json
    bool list = false;                                // list the techniques and stop
    double min_coverage = 0;                          // exit 1 below this share caught (0-100)
};
[[nodiscard]] int run_gameday(const GamedayCommand& cmd);

}  // namespace wasp::cli
