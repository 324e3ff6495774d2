// An AWS Organization as exported: its id, management account, accounts, organizational units,
// and its service and resource control policies (SCPs, RCPs) with the targets they are attached
// to, so the evaluation of a request by a principal of a member account applies the SCP and RCP
// levels AWS applies (root, each OU on the way down, the account).
// docs/iam.md#organizations-scps-and-rcps
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "iam/eval.h"
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
    std::vector<std::string> targets;  // root (r-...), OU (ou-...) or account ids; sorted
    core::SourceLocation location;
};

struct OrgAccount {
    std::string id;
    std::string name;
    std::string parent;  // r-... or ou-...; empty when not known
    std::string arn;     // arn:aws:organizations::MGMT:account/o-.../ID; empty when not known
    core::SourceLocation location;
};

struct OrgUnit {
    std::string id;  // ou-...
    std::string name;
    std::string parent;  // r-... or ou-...
    core::SourceLocation location;
};

struct Organization {
    std::string id;  // o-xxxxxxxxxx; empty when no organization was loaded
    std::string management_account;
    std::string root;  // r-xxxx
    std::vector<OrgAccount> accounts;
    std::vector<OrgUnit> units;
    std::vector<OrgPolicy> policies;
    // Whether the root has the policy type enabled, as list-roots says; nullopt: not exported.
    std::optional<bool> scps_enabled;
    std::optional<bool> rcps_enabled;
    core::SourceLocation location;  // the Organization record, else the first file loaded

    [[nodiscard]] bool empty() const { return id.empty() && accounts.empty() && policies.empty(); }
    // Whether the account is a member (or the management account) of the organization.
    [[nodiscard]] bool contains(std::string_view account_id) const;
    // Whether policies of the type are in force: the root does not say the type is disabled and
    // some are loaded (AWS attaches FullAWSAccess / RCPFullAWSAccess everywhere once enabled).
    [[nodiscard]] bool in_use(OrgPolicyType type) const;
    [[nodiscard]] const OrgAccount* account(std::string_view account_id) const;
    [[nodiscard]] const OrgUnit* unit(std::string_view unit_id) const;

    // Id -> position, kept by load_organization so lookups stay fast in large organizations;
    // records added by hand are found by a scan.
    std::map<std::string, std::size_t, std::less<>> account_index;
    std::map<std::string, std::size_t, std::less<>> unit_index;
    std::map<std::string, std::size_t, std::less<>> policy_index;
};

// Reads one file into `out`: the combined document (members Organization, Roots,
// OrganizationalUnits, Accounts, Policies) or one of the AWS CLI outputs it is made of
// (describe-organization, list-roots, list-accounts, describe-policy, optionally with the
// list-targets-for-policy Targets beside its Policy). Files accumulate: a record given twice is
// merged. A malformed member is an error diagnostic with file, line and column and is skipped;
// the rest loads. Policies are parsed with parse_policy_text; types other than SCPs and RCPs
// (tag, backup, ... policies) are not authorization policies and are left out.
void load_organization(std::string_view json_text,
                       const std::string& file,
                       Organization& out,
                       core::Diagnostics& diags);

// The policy levels of one type that apply to an account, for Layers::scp_levels (for requests
// of its principals) or Layers::rcp_levels (for requests to its resources).
struct OrgLevels {
    std::vector<std::vector<const Policy*>> levels;  // root, each OU from the top, the account
    std::vector<std::string> targets;                // the id of each level
    // False when the account's parent chain is not known to reach the root: then only the root
    // and the account levels, what is known to be attached, are given.
    bool complete = true;
};

// No levels for an account outside the organization, for the management account (neither SCPs
// nor RCPs apply there), and when the type is not in use. A policy whose content did not parse is
// left out of its level. Pointers stay valid while `org` lives and is not loaded into again.
[[nodiscard]] OrgLevels org_levels(const Organization& org,
                                   std::string_view account,
                                   OrgPolicyType type);

// The path of the account in the organization, as aws:PrincipalOrgPaths and aws:ResourceOrgPaths
// hold it ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"); empty when the chain is not known.
[[nodiscard]] std::string org_path(const Organization& org, std::string_view account);

// Sets the condition keys the organization settles that the request does not give already:
// aws:PrincipalOrgID and aws:PrincipalOrgPaths for a principal of a member account,
// aws:ResourceOrgID and aws:ResourceOrgPaths for a resource of one (its account from
// resource_account, else the resource ARN, else the principal's).
void set_org_context(const Organization& org, Request& request);

// The organization's side of many requests, prepared once: the RCP levels and the path of every
// account, so the analyses that ask the engine thousands of times (paths.h, blast_radius.h, the
// administrator check of analyze.h) apply RCPs and settle the organization's condition keys
// without walking the tree for each request. Read-only after construction: threads share it.
class OrgRequests {
  public:
    // Null or empty: no RCP applies and no key is settled.
    explicit OrgRequests(const Organization* org);

    // The RCP levels of requests to resources of the account (org_levels with kRcp); none for an
    // account outside the organization, the management account, or when RCPs are not in use.
    [[nodiscard]] const std::vector<std::vector<const Policy*>>& rcp_levels(
        std::string_view account) const;
    // Every RCP of the organization that parsed, in export order (empty when RCPs are not in use).
    [[nodiscard]] const std::vector<const Policy*>& rcps() const { return rcps_; }
    // What set_org_context sets, from the prepared paths.
    void settle(Request& request) const;

  private:
    struct Account {
        std::vector<std::vector<const Policy*>> rcp_levels;
        std::string path;  // aws:PrincipalOrgPaths / aws:ResourceOrgPaths; empty when unknown
    };
    const Organization* org_ = nullptr;
    std::map<std::string, Account, std::less<>> accounts_;
    std::vector<const Policy*> rcps_;
};

// Warnings about what makes evaluations under the organization less than exact: accounts whose
// parent chain is unknown (only the root and the account's own policies apply to them), levels
// where no policy of a type in use allows anything (the AWS managed FullAWSAccess or
// RCPFullAWSAccess left out of the export?), and policies attached to targets not loaded.
void check_organization(const Organization& org, core::Diagnostics& diags);

}  // namespace wasp::iam
