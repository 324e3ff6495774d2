// Public and cross-account access (SEC03-BP07, BP08, BP09): who outside the zone of trust can do
// what through resource-based policies and role trust policies, decided by the policy evaluation
// engine on requests from anonymous callers, unknown and named foreign accounts, AWS services and
// the identity providers (SAML, OIDC) roles trust (docs/iam.md#public-and-cross-account-access).
// Rules WASP-IAM-120..124.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/severity.h"
#include "iam/analyze.h"

namespace wasp::iam {

enum class AccessorKind : std::uint8_t {
    kAnonymous,   // an unauthenticated request
    kAnyAccount,  // a principal of an account the policy does not name
    kAccount,     // a foreign account the policy names, or one of its principals
    kService,     // an AWS service principal
    kFederated,   // an identity provider a role trusts (SAML, OIDC, Amazon Cognito, web identity)
};

struct Accessor {
    AccessorKind kind = AccessorKind::kAnonymous;
    // The account id (kAccount), the service principal (kService), the provider as the trust
    // policy names it (kFederated: its ARN, or "cognito-identity.amazonaws.com"), else "*".
    std::string id;
    // kAccount: the principal the policy names ("arn:aws:iam::ACCOUNT:role/NAME"); empty when it
    // names the whole account.
    std::string principal;
};

// "anyone (anonymous)", "any AWS account", "account 444455556666", "cloudtrail.amazonaws.com",
// "identity provider arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com".
[[nodiscard]] std::string describe(const Accessor& who);

struct ActionAccess {
    std::string action;        // as the catalog names it, "s3:GetObject"
    std::uint8_t levels = 0;   // AccessLevel bits; 0 when the catalog does not know the action
    bool conditional = false;  // allowed only if the conditions it hinges on hold
    // Resource policies, anonymous and any account: no condition restricts who or from where.
    bool is_public = false;
    bool without_external_id = false;  // trust policies: allowed without sts:ExternalId
    // kFederated: allowed whatever the provider's claims say (no condition on them keeps out the
    // identities that are not yours): every GitHub repository, every identity pool, ...
    bool any_identity = false;
};

struct StatementRef {
    std::string sid;
    std::size_t index = 0;
    core::SourceLocation location;
};

// What one accessor can do through one policy.
struct Grant {
    std::size_t policy = 0;  // index into ExternalAccess::policies
    Accessor who;
    std::vector<ActionAccess> actions;    // allowed from outside the zone of trust, by name
    std::vector<std::string> restricted;  // allowed only to callers the conditions keep inside
    std::vector<std::string> hinges_on;   // condition keys the outside access depends on
    // Keys whose conditions keep outside callers out; for kFederated, the provider's claims that
    // scope who among its identities may (token.actions.githubusercontent.com:sub).
    std::vector<std::string> restricted_by;
    std::vector<StatementRef> statements;  // the Allow statements that grant `actions`

    [[nodiscard]] bool external() const { return !actions.empty(); }
};

// An identity provider a trust policy names as Federated.
struct IdentityProvider {
    std::string key_prefix;  // what its condition keys start with, lower case: "gitlab.com:",
                             // "saml:"
    std::string_view name;   // "GitHub Actions"; empty when not a well-known shared one
    // Shared providers issue tokens to anyone who signs up (a GitHub repository, an identity
    // pool of any account): only conditions on their claims keep strangers out. Empty otherwise.
    std::string_view anyone;  // "any GitHub repository's workflows"
    std::string_view scope;   // the claim to pin: "sub", "aud"
    bool saml = false;
};
[[nodiscard]] IdentityProvider identity_provider(std::string_view federated);

struct AnalysedPolicy {
    std::string arn;
    std::string service;  // "s3", ...; "iam" for a role trust policy
    std::string account;  // the owner; empty when not known
    bool trust = false;   // a role trust policy
    const Policy* policy = nullptr;
    core::SourceLocation location;
    // S3: the Block Public Access settings in force (the bucket's and its account's together),
    // and whether the policy comes from a template, so is not in place yet: S3 would reject it
    // on deployment when BlockPublicPolicy is on and it is public.
    PublicAccessBlock block;
    bool new_policy = false;
    // What makes the policy's public grants do nothing ("RestrictPublicBuckets is on for the
    // bucket (infra/data.json:87:9)"); empty when nothing does or the settings are not known.
    std::string public_blocked;
    // RestrictPublicBuckets on a public policy: it lets in no other account either.
    bool cross_account_blocked = false;
};

struct ExternalAccess {
    std::vector<AnalysedPolicy> policies;  // resource policies, then role trust policies
    std::vector<Grant> grants;             // by policy, then accessor
    std::vector<std::string> zone;         // the accounts of the zone of trust, sorted
    std::string organization;              // its organization, when one is loaded
    std::size_t evaluations = 0;
};

// Evaluates every resource policy of `in.resource_policies` and every role trust policy of
// `in.accounts` (service-linked roles aside). The zone of trust: the accounts of the exports,
// of the organization, `in.trusted_accounts`, and each resource's owner.
[[nodiscard]] ExternalAccess external_access(const AnalysisInput& in);

// One rule on one analysed policy.
struct AccessCheck {
    std::string rule_id;
    std::size_t policy = 0;
    bool pass = true;
    std::string detail;
    core::Severity severity = core::Severity::kHigh;  // of the finding when it fails
};

[[nodiscard]] std::vector<AccessCheck> access_checks(const ExternalAccess& access);
[[nodiscard]] const std::vector<core::RuleInfo>& external_access_rules();

// The resource kind and native type reports give a policy's resource ("aws.s3.bucket",
// "S3 bucket").
[[nodiscard]] std::string resource_kind(const AnalysedPolicy& p);
[[nodiscard]] std::string resource_type_name(const AnalysedPolicy& p);

// "List", "Read", ... of an action's most significant access level (Permissions management,
// Write, Read, List, Tagging); "Unknown" for 0.
[[nodiscard]] std::string_view primary_level(std::uint8_t levels);

}  // namespace wasp::iam
