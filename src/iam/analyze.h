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
#include "iam/last_accessed.h"
#include "iam/resource_policies.h"

namespace wasp::iam {

struct AnalysisInput {
    const Accounts* accounts = nullptr;  // may be empty
    // The file each account's export came from (account id, file), for locations.
    std::vector<std::pair<std::string, std::string>> account_files;
    std::vector<std::pair<std::string, const CredentialReport*>> reports;  // file, report
    // Service last-accessed reports, their entities resolved (unused_access.h).
    std::vector<const LastAccessedReport*> last_accessed;
    std::int64_t now = 0;              // epoch seconds of the review date: ages are counted to it
    const Catalog* catalog = nullptr;  // default: Catalog::builtin()
    // The organization the accounts belong to: its SCPs apply to their principals, and its
    // guardrails are checked (org_analyze.h). May be null or empty.
    const Organization* organization = nullptr;
    // Resource-based policies to analyse for public and cross-account access, with the role
    // trust policies of `accounts` (external_access.h). May be null.
    const ResourcePolicySet* resource_policies = nullptr;
    // Accounts the user trusts besides those of the exports and the organization
    // (--trusted-account, trusted_accounts: in wasp.yaml).
    std::vector<std::string> trusted_accounts;
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
