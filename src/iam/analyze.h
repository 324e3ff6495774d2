// The account analyses of `wasp iam analyze` and of the review (SEC01, SEC02, SEC03): least
// privilege, administrators, trust policies, credential hygiene and unused access, from
// authorization-details exports and credential reports (docs/iam.md#wasp-iam-analyze).
//
// Results are the review's own types: each analysis is a rule with the same metadata as a rule
// of the rule language (id, title, severity, best practices, description, remediation), and gives
// a check per principal or policy (pass or fail) and a finding per failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "iam/account.h"
#include "iam/catalog.h"
#include "iam/credential_report.h"

namespace wasp::iam {

struct AnalysisInput {
    const Accounts* accounts = nullptr;  // may be empty
    // The file each account's export came from (account id, file), for locations.
    std::vector<std::pair<std::string, std::string>> account_files;
    std::vector<std::pair<std::string, const CredentialReport*>> reports;  // file, report
    std::int64_t now = 0;              // epoch seconds of the review date: ages are counted to it
    const Catalog* catalog = nullptr;  // default: Catalog::builtin()
};

struct Analysis {
    std::vector<core::RuleInfo> rules;  // the rules that had something to check
    std::vector<core::Resource> resources;
    std::vector<core::CheckResult> checks;  // resource indices into `resources`
    std::vector<core::Finding> findings;
    core::Diagnostics diagnostics;
};

// Every analysis rule's metadata, whether or not an input was given (for `wasp rules list` and
// docs/rules.md).
[[nodiscard]] const std::vector<core::RuleInfo>& analysis_rules();

[[nodiscard]] Analysis analyze(const AnalysisInput& input);

// Days after which a key, a password or a role counts as stale or unused.
inline constexpr std::int64_t kStaleDays = 90;

}  // namespace wasp::iam
