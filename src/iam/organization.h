// An AWS Organization as exported: its id, management account, accounts, organizational units,
// and its service and resource control policies (SCPs, RCPs) with the targets they are attached
// to, so the evaluation of a request by a principal of a member account applies the SCP and RCP
// levels AWS applies (root, each OU on the way down, the account). docs/iam.md#organizations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "iam/policy.h"

namespace wasp::iam {

enum class OrgPolicyType : std::uint8_t { kScp, kRcp };

struct OrgPolicy {
    std::string id;  // p-xxxxxxxx, or "p-FullAWSAccess"
    std::string arn;
    std::string name;
    OrgPolicyType type = OrgPolicyType::kScp;
    bool aws_managed = false;
    std::unique_ptr<Policy> document;  // nullptr when the content was not a policy
    std::vector<std::string> targets;  // root (r-...), OU (ou-...) or account ids
    core::SourceLocation location;
};

struct OrgAccount {
    std::string id;
    std::string name;
    std::string parent;  // r-... or ou-...; empty when not known
};

struct OrgUnit {
    std::string id;  // ou-...
    std::string name;
    std::string parent;  // r-... or ou-...
};

struct Organization {
    std::string id;  // o-xxxxxxxxxx; empty when no organization was loaded
    std::string management_account;
    std::string root;  // r-xxxx
    std::vector<OrgAccount> accounts;
    std::vector<OrgUnit> units;
    std::vector<OrgPolicy> policies;

    [[nodiscard]] bool empty() const { return id.empty() && accounts.empty() && policies.empty(); }
    // Whether the account is a member (or the management account) of the organization.
    [[nodiscard]] bool contains(std::string_view account) const;
};

}  // namespace wasp::iam
