// The IAM policy evaluation logic: one request against every layer of policy that applies.
//
// Layers, as AWS evaluates them: an explicit Deny in any policy wins; then the organization's
// SCPs (an Allow at every level from the root to the account) and RCPs; then the resource-based
// policy and the identity-based policies, combined differently in the same account and across
// accounts; with a permissions boundary and a session policy limiting what identity policies
// (and resource policies naming a role rather than its session) grant. See docs/iam.md.
//
// Evaluation is three-valued. A condition on a context key the request does not settle is
// *unknown*; the decision is then *conditional*: it says which decisions are possible and the
// keys it hinges on, never a guess.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy.h"

namespace wasp::iam {

enum class Decision : std::uint8_t { kAllowed, kImplicitDeny, kExplicitDeny };
[[nodiscard]] std::string_view to_string(Decision d);  // "Allowed", "ImplicitlyDenied", ...

enum class Layer : std::uint8_t {
    kIdentity,
    kResource,
    kBoundary,
    kSession,
    kScp,
    kRcp,
};
[[nodiscard]] std::string_view to_string(Layer l);  // "identity", "resource", ...

// Who makes the request.
struct Principal {
    // The ARN policies match: an IAM user or role ARN, "arn:aws:iam::ACCOUNT:root", a role
    // session ("arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"), a federated user; for an AWS
    // service principal its name ("lambda.amazonaws.com"); "*" or empty for anonymous.
    std::string arn;
    // For a role session: the role's ARN (what aws:PrincipalArn holds and a Principal naming the
    // role matches); derived from arn when empty.
    std::string role_arn;
    std::string account;                                    // derived from arn when empty
    std::vector<std::pair<std::string, std::string>> tags;  // aws:PrincipalTag/KEY
    bool service_linked_role = false;                       // SCPs do not apply
    bool management_account = false;                        // SCPs do not apply
};

struct ContextEntry {
    std::string key;  // lower case
    std::vector<std::string> values;
};

struct Request {
    Principal principal;
    std::string action;            // "s3:GetObject"
    std::string resource;          // an ARN, or "*" for actions without a resource type
    std::string resource_account;  // the account owning the resource; empty: the principal's
    std::vector<std::pair<std::string, std::string>> resource_tags;  // aws:ResourceTag/KEY
    // Whether resource_tags are the resource's tags (a tag not listed is absent) or only the
    // ones known (with open_context, a tag not listed is then unknown).
    bool resource_tags_known = false;
    std::vector<ContextEntry> context;  // given keys; use set_context (keys are case-insensitive)
    // How keys the request does not give are read: false (the default), absent, as a request to
    // AWS that lacks them; true, unknown, as in "can this principal ever do this?", which makes
    // conditions on them conditional.
    bool open_context = false;
    // Keys that are unknown even when open_context is false.
    std::vector<std::string> unknown_keys;  // lower case

    void set_context(std::string_view key, std::vector<std::string> values);
};

// A policy with what it applies as. SCP and RCP levels are lists of lists: one entry per level
// of the organization (root, each OU, the account), each holding that level's policies.
struct Layers {
    std::vector<const Policy*> identity;
    const Policy* resource = nullptr;
    bool has_boundary = false;
    std::vector<const Policy*> boundary;
    bool has_session = false;
    std::vector<const Policy*> session;
    std::vector<std::vector<const Policy*>> scp_levels;  // empty: no SCPs apply
    std::vector<std::vector<const Policy*>> rcp_levels;  // empty: no RCPs apply
    // The resource-based policy must grant access even in the same account (KMS key policies,
    // role trust policies); an Allow naming the account only delegates to identity policies.
    bool resource_policy_required = false;
};

// A statement that applied to the request, for the explanation.
struct Match {
    Layer layer = Layer::kIdentity;
    const Policy* policy = nullptr;
    const Statement* statement = nullptr;
    bool conditional = false;  // it applies only if its unknown conditions hold
};

struct Result {
    Decision decision = Decision::kImplicitDeny;  // the decision; when conditional, the one that
                                                  // holds if every unknown condition is false
    bool conditional = false;
    std::vector<Decision> possible;      // when conditional: every decision the unknowns allow
    std::vector<std::string> hinges_on;  // context keys whose unknown values decide it
    std::vector<Match> matches;          // the statements that applied, in evaluation order
    std::string reason;                  // one sentence for people
};

// Evaluates a request. Never throws; a policy that failed to parse is simply not in the layers.
[[nodiscard]] Result evaluate(const Request& request, const Layers& layers);

}  // namespace wasp::iam
