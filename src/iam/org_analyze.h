// The organization's guardrails (WASP-IAM-130..134): what its SCPs and RCPs still let a member
// account do, decided by the policy evaluation engine (docs/iam.md#organizations-scps-and-rcps).
//
// Each rule asks iam::evaluate about a principal of the account whose identity policy allows
// everything, under the account's SCP levels (or, for RCPs, a principal outside the organization
// granted everything by the resource's policy, under the RCP levels of the resource's account),
// with an open context: a guardrail that holds only under a condition the export cannot settle
// leaves the action allowed, and the finding names the keys.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "core/location.h"
#include "iam/organization.h"

namespace wasp::iam {

// One rule on one member account.
struct OrgCheck {
    std::string rule_id;
    std::string account;            // the account id
    std::string resource_id;        // the account's ARN, else its id
    core::SourceLocation location;  // the account's record in the export
    bool pass = false;
    std::string detail;  // for a failure: the actions still allowed
};

// The rules' metadata, in id order.
[[nodiscard]] const std::vector<core::RuleInfo>& organization_rules();

// Every member account against the rules whose policy type is in use: WASP-IAM-130..133 when
// the organization has SCPs (or says they are disabled), WASP-IAM-134 when it has RCPs. The
// management account is left out: neither SCPs nor RCPs reach it.
[[nodiscard]] std::vector<OrgCheck> analyze_organization(const Organization& org);

}  // namespace wasp::iam
