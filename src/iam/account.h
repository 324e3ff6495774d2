// The loaded IAM state of AWS accounts, read from `aws iam get-account-authorization-details`.
//
// Users, groups, roles and managed policies with their documents parsed once (iam::Policy), so
// a principal's identity policies and boundary can be handed to iam::evaluate. Several exports
// (several accounts) load into one Accounts; the account of each record comes from its ARN.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "iam/eval.h"
#include "iam/policy.h"

namespace wasp::iam {

struct Organization;

using Tags = std::vector<std::pair<std::string, std::string>>;

// An inline policy of a user, group or role.
struct InlinePolicy {
    std::string name;
    std::unique_ptr<Policy> policy;  // nullptr when the document was not a policy at all
};

struct ManagedPolicy {
    std::string arn;
    std::string name;
    std::string account;  // "aws" for AWS managed policies
    std::string path;
    std::string default_version_id;
    std::size_t version_count = 0;
    std::size_t attachment_count = 0;
    bool is_attachable = true;
    std::unique_ptr<Policy> document;  // the default version, parsed; nullptr when missing
};

// What users, groups and roles have in common in an export.
struct Identity {
    std::string arn;
    std::string name;
    std::string id;
    std::string account;
    std::string path;
    std::string create_date;
};

struct User : Identity {
    std::vector<std::string> groups;  // group names
    std::vector<InlinePolicy> inline_policies;
    std::vector<std::string> attached;  // managed policy ARNs
    std::string boundary_arn;           // empty: none
    Tags tags;
};

struct Group : Identity {
    std::vector<InlinePolicy> inline_policies;
    std::vector<std::string> attached;
};

struct Role : Identity {
    std::unique_ptr<Policy> trust_policy;
    std::vector<InlinePolicy> inline_policies;
    std::vector<std::string> attached;
    std::string boundary_arn;
    Tags tags;
    std::vector<std::string> instance_profiles;  // instance profile ARNs
    std::string last_used_date;                  // empty: never used or not reported
    std::string last_used_region;
};

enum class PrincipalKind : std::uint8_t { kUser, kRole };

// A user or a role found by lookup.
struct PrincipalRef {
    PrincipalKind kind = PrincipalKind::kUser;
    std::size_t index = 0;  // into Accounts::users or Accounts::roles
};

class Accounts {
  public:
    // Reads one export. Malformed records are error diagnostics (file and position); the rest
    // loads. Call once per file; records of several accounts accumulate.
    void load(std::string_view json_text, const std::string& file, core::Diagnostics& diags);

    // A managed policy by ARN; nullptr when not loaded.
    [[nodiscard]] const ManagedPolicy* policy(std::string_view arn) const;
    [[nodiscard]] const Group* group(std::string_view account, std::string_view name) const;
    // A user or role by ARN, by "user/NAME" / "role/NAME", or by a bare name when only one user
    // or role carries it (across all accounts loaded).
    [[nodiscard]] std::optional<PrincipalRef> find(std::string_view name_or_arn) const;

    std::vector<User> users;
    std::vector<Group> groups;
    std::vector<Role> roles;
    std::vector<ManagedPolicy> policies;   // in file order
    std::vector<std::string> account_ids;  // sorted, unique

  private:
    std::map<std::string, std::size_t, std::less<>> policy_index_;  // ARN -> index in policies
};

struct PrincipalLayers {
    Layers layers;
    Principal principal;  // for iam::Request
    // Managed policies referenced by the principal (or its groups) but absent from the export,
    // so left out of layers.
    std::vector<std::string> missing_policies;
};

// The identity-based policies of a user (its inline and attached policies and those of its
// groups) or of a role, and its permissions boundary, ready for iam::evaluate. A managed policy
// referenced but not in the export (AWS managed policies appear there only when attached in
// that account's export) is left out of the layers, listed in missing_policies, and is a warning
// diagnostic naming the principal: the evaluation then lacks that policy. A boundary that is
// missing leaves has_boundary set with no policy, so the boundary allows nothing: the missing
// policy could only have limited, never widened. A role evaluates as a role session: the
// principal ARN is the role ARN unless session_name is given, then the assumed-role ARN.
// The returned pointers stay valid while `accounts` lives and is not loaded into again.
// With an organization, the principal is marked as of the management account when it is, and
// gets the SCP levels of its account (organization.h; none for service-linked roles, the
// management account or an account outside the organization). RCPs depend on the resource's
// account, not the principal's: callers add them (org_levels with OrgPolicyType::kRcp).
[[nodiscard]] PrincipalLayers layers_for(const Accounts& accounts,
                                         PrincipalRef principal,
                                         core::Diagnostics& diags,
                                         std::string_view session_name = {},
                                         const Organization* org = nullptr);

// The account id of an ARN ("arn:aws:iam::123456789012:user/x" -> "123456789012").
[[nodiscard]] std::string_view arn_account(std::string_view arn);

}  // namespace wasp::iam
