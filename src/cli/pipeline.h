// The review pipeline: workload discovery -> loaders -> analyzers -> pillar::assess.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "iac/policy.h"
#include "iac/rules.h"
#include "pillar/review.h"

namespace wasp::cli {

inline constexpr std::string_view kVersion = "0.1.0";

struct ReviewOptions {
    std::filesystem::path workload;
    std::vector<std::filesystem::path> rule_dirs;     // user rules, added to the built-in ones
    std::vector<std::filesystem::path> sigma_dirs;    // user Sigma rules, for CloudTrail logs
    std::optional<std::filesystem::path> parameters;  // CloudFormation parameter values
    std::string review_date;                          // YYYY-MM-DD
    std::string generated_at;                         // ISO 8601
    unsigned jobs = 0;                                // 0: one per core
    std::vector<std::filesystem::path> policies;      // policy / suppressions files
    std::optional<std::filesystem::path> baseline;    // findings known before
    std::vector<std::filesystem::path> advisory_dbs;  // --db: OSV exports for the SBOMs
    // wasp scan: guardrails only (IaC inputs; other kinds are not listed), and, when not
    // empty, findings only for these workload-relative files (the rest is still loaded, for
    // relations between resources).
    bool guardrails_only = false;
    std::vector<std::string> include;  // when not empty: only inputs under these paths
    std::vector<std::string> changed_files;
    // Called as files are loaded (done, total); from worker threads, serialised.
    std::function<void(std::size_t, std::size_t)> progress;
};

// Loads built-in and user rules; rules naming best practices the catalog lacks are errors.
[[nodiscard]] iac::RuleSet load_rules(const std::vector<std::filesystem::path>& dirs,
                                      const pillar::Catalog& catalog);
// Drops (with an error diagnostic) rules naming best practices the catalog does not have.
void check_best_practices(iac::RuleSet& rules, const pillar::Catalog& catalog);

struct ReviewRun {
    pillar::Review review;
    iac::Policy policy;  // as loaded, for deciding which findings fail the run
    std::vector<std::pair<std::string, double>> timings;  // wall seconds per phase
};

[[nodiscard]] ReviewRun run_review(const ReviewOptions& options);

}  // namespace wasp::cli
