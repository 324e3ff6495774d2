// Policy validation: what makes a policy malformed or not do what it says, checked against the
// action catalog (docs/iam.md#policy-validation).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "iam/catalog.h"
#include "iam/policy.h"

namespace wasp::iam {

enum class PolicyKind : std::uint8_t {
    kIdentity,  // attached to a user, group or role; also permissions boundaries
    kResource,  // a bucket, key, queue... policy: has a Principal
    kTrust,     // a role's trust policy
    kScp,       // service and resource control policies
};

struct PolicyIssue {
    std::string code;  // stable: "unknown-action", "action-resource-mismatch", ... (docs/iam.md)
    core::DiagLevel level = core::DiagLevel::kWarning;
    std::string message;
    std::size_t statement = 0;  // index in the policy
    core::Mark mark;            // of the statement, or of the condition it is about
};

// Every issue of a parsed policy, in statement order. Parse errors are the parser's
// diagnostics, not repeated here.
[[nodiscard]] std::vector<PolicyIssue> validate_policy(const Policy& policy,
                                                       PolicyKind kind,
                                                       const Catalog& catalog);

}  // namespace wasp::iam
