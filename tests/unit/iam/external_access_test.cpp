// Public and cross-account access: each rule's failing and passing policies, decided by the
// engine on the fixtures of tests/fixtures/iam/resource-policies/.
#include "iam/external_access.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/file.h"
#include "core/parse.h"
#include "iam/organization.h"

namespace wasp::iam {
namespace {

const std::string kDir = "tests/fixtures/iam/resource-policies/";

struct World {
    ResourcePolicySet policies;
    Accounts accounts;
    Organization organization;
    core::Diagnostics diags;
    AnalysisInput input;

    void policy(const std::string& name) {
        auto text = core::read_file(kDir + name, 1u << 20);
        ASSERT_TRUE(text.has_value()) << name;
        policies.load(*text, name, diags);
    }
    void authz() {
        auto text = core::read_file(kDir + "authz-partner-roles.json", 1u << 20);
        ASSERT_TRUE(text.has_value());
        accounts.load(*text, "authz-partner-roles.json", diags);
    }
    Analysis analyze() {
        input.accounts = &accounts;
        input.resource_policies = &policies;
        if (!organization.empty()) input.organization = &organization;
        return iam::analyze(input);
    }
    ExternalAccess access() {
        input.accounts = &accounts;
        input.resource_policies = &policies;
        if (!organization.empty()) input.organization = &organization;
        return external_access(input);
    }
};

const core::CheckResult* check(const Analysis& a, std::string_view rule, std::string_view id) {
    for (const auto& c : a.checks) {
        if (c.rule_id == rule && a.resources[c.resource].id == id) return &c;
    }
    return nullptr;
}

std::string outcome(const Analysis& a, std::string_view rule, std::string_view id) {
    const auto* c = check(a, rule, id);
    return c ? std::string(core::to_string(c->outcome)) : "none";
}

std::string detail(const Analysis& a, std::string_view rule, std::string_view id) {
    const auto* c = check(a, rule, id);
    return c ? c->detail : "";
}

const core::Finding* finding(const Analysis& a, std::string_view rule, std::string_view id) {
    for (const auto& f : a.findings) {
        if (f.rule_id == rule && a.resources[f.resource].id == id) return &f;
    }
    return nullptr;
}

const Grant* grant(const ExternalAccess& ea, std::string_view arn, std::string_view who) {
    for (const auto& g : ea.grants) {
        if (ea.policies[g.policy].arn == arn && describe(g.who) == who) return &g;
    }
    return nullptr;
}

bool has_action(const Grant& g, std::string_view action) {
    return std::any_of(g.actions.begin(), g.actions.end(),
                       [&](const ActionAccess& a) { return a.action == action; });
}

constexpr const char* kPublicAssets = "arn:aws:s3:::shop-public-assets";
constexpr const char* kInvoices = "arn:aws:s3:::shop-invoices";
constexpr const char* kCatalog = "arn:aws:s3:::shop-catalog";
constexpr const char* kTrailLogs = "arn:aws:s3:::shop-trail-logs";
constexpr const char* kKey = "arn:aws:kms:::key/1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr const char* kQueue = "arn:aws:sqs:us-east-1:111122223333:orders";
constexpr const char* kReturns = "arn:aws:sqs:eu-west-1:111122223333:returns";
constexpr const char* kTopic = "arn:aws:sns:us-east-1:111122223333:alerts";
constexpr const char* kFunction = "arn:aws:lambda:us-east-1:111122223333:function:thumbnail";
constexpr const char* kSecret =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/reporting/db-AbCdEf";
constexpr const char* kRepository = "arn:aws:ecr::111122223333:repository/base-images";

TEST(ExternalAccess, PublicReadIsHighAndPublicWriteIsCritical) {
    World w;
    w.policy("shop-public-assets.json");
    w.policy("combined.json");
    Analysis a = w.analyze();
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kPublicAssets), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-120", kPublicAssets)
                  .find("anyone (anonymous): Read: s3:GetObject (statement \"PublicRead\" "
                        "(shop-public-assets.json:2:"),
              std::string::npos)
        << detail(a, "WASP-IAM-120", kPublicAssets);
    ASSERT_NE(finding(a, "WASP-IAM-120", kPublicAssets), nullptr);
    EXPECT_EQ(finding(a, "WASP-IAM-120", kPublicAssets)->severity, core::Severity::kHigh);
    // Principal {"AWS": "*"}: any account, listing only.
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kCatalog), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-120", kCatalog).find("any AWS account: List: s3:ListBucket"),
              std::string::npos)
        << detail(a, "WASP-IAM-120", kCatalog);
    ASSERT_NE(finding(a, "WASP-IAM-120", kCatalog), nullptr);
    EXPECT_EQ(finding(a, "WASP-IAM-120", kCatalog)->severity, core::Severity::kHigh);

    // Anyone may upload: critical. NotPrincipal grants everyone it does not name.
    World upload;
    upload.policies.load(R"({"ResourcePolicies": [{"Arn": "arn:aws:s3:::dropbox", "Policy": {
        "Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
                      "Action": "s3:PutObject", "Resource": "arn:aws:s3:::dropbox/*"}}}]})",
                         "upload.json", upload.diags);
    Analysis u = upload.analyze();
    EXPECT_EQ(outcome(u, "WASP-IAM-120", "arn:aws:s3:::dropbox"), "fail");
    ASSERT_NE(finding(u, "WASP-IAM-120", "arn:aws:s3:::dropbox"), nullptr);
    EXPECT_EQ(finding(u, "WASP-IAM-120", "arn:aws:s3:::dropbox")->severity,
              core::Severity::kCritical);
}

TEST(ExternalAccess, OrganizationAndNetworkConditionsKeepThePublicOut) {
    World w;
    w.policy("shop-invoices.json");
    w.policy("orders-queue.json");
    w.policy("combined.json");
    w.policy("base-images-repository.json");
    Analysis a = w.analyze();
    // "*" pinned by aws:PrincipalOrgID (no organization loaded: taken as the user's own).
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kInvoices), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kRepository), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-121", kRepository), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-121", kRepository).find("only under aws:PrincipalOrgID"),
              std::string::npos)
        << detail(a, "WASP-IAM-121", kRepository);
    // "*" from one VPC endpoint, or from one /24: not public.
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kQueue), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-120", kQueue).find("aws:SourceVpce"), std::string::npos)
        << detail(a, "WASP-IAM-120", kQueue);
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kReturns), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-120", kReturns).find("aws:SourceIp"), std::string::npos);
}

TEST(ExternalAccess, AConditionOnAnotherOrganizationIsNoProtection) {
    World w;
    w.policy("shop-invoices.json");
    w.organization.id = "o-zz9y8x7w6v";
    w.organization.management_account = "111122223333";
    w.organization.accounts = {{"111122223333", "shop", "r-ab12", {}, {}}};
    Analysis a = w.analyze();
    // The bucket trusts o-a1b2c3d4e5, which is not the loaded organization.
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kInvoices), "fail");
    w.organization.id = "o-a1b2c3d4e5";
    Analysis ours = w.analyze();
    EXPECT_EQ(outcome(ours, "WASP-IAM-120", kInvoices), "pass");
}

TEST(ExternalAccess, ForeignAccountsFailUntilTrusted) {
    World w;
    w.policy("shop-invoices.json");
    w.policy("1234abcd-12ab-34cd-56ef-1234567890ab.json");
    w.policy("reporting-db-secret.json");
    w.authz();  // account 111122223333: the key's own root is inside the zone
    Analysis a = w.analyze();
    EXPECT_EQ(outcome(a, "WASP-IAM-121", kInvoices), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-121", kInvoices)
                  .find("account 444455556666: Read: s3:GetObject (statement \"AccountantRead\""),
              std::string::npos)
        << detail(a, "WASP-IAM-121", kInvoices);
    EXPECT_EQ(outcome(a, "WASP-IAM-121", kKey), "fail");
    EXPECT_EQ(detail(a, "WASP-IAM-121", kKey).find("111122223333"), std::string::npos)
        << detail(a, "WASP-IAM-121", kKey);
    EXPECT_EQ(outcome(a, "WASP-IAM-121", kSecret), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-121", kSecret)
                  .find("account 444455556666 (arn:aws:iam::444455556666:role/reporting)"),
              std::string::npos)
        << detail(a, "WASP-IAM-121", kSecret);

    w.input.trusted_accounts = {"444455556666"};
    Analysis trusted = w.analyze();
    EXPECT_EQ(outcome(trusted, "WASP-IAM-121", kInvoices), "pass");
    EXPECT_EQ(outcome(trusted, "WASP-IAM-121", kKey), "pass");
    EXPECT_EQ(outcome(trusted, "WASP-IAM-121", kSecret), "pass");
}

TEST(ExternalAccess, WhatAForeignAccountCanDoByAccessLevel) {
    World w;
    w.policy("1234abcd-12ab-34cd-56ef-1234567890ab.json");
    w.authz();
    ExternalAccess ea = w.access();
    const Grant* g = grant(ea, kKey, "account 444455556666");
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(has_action(*g, "kms:Decrypt"));
    EXPECT_TRUE(has_action(*g, "kms:ReEncryptFrom"));  // from ReEncrypt*
    EXPECT_FALSE(has_action(*g, "kms:ScheduleKeyDeletion"));
    EXPECT_FALSE(has_action(*g, "kms:CreateKey"));  // takes no key ARN
    for (const auto& x : g->actions) EXPECT_FALSE(x.conditional) << x.action;
    ASSERT_EQ(g->statements.size(), 1u);
    EXPECT_EQ(g->statements[0].sid, "Allow use of the key");
    EXPECT_EQ(g->statements[0].location.mark.line, 2u);
    // The zone: the export's account.
    EXPECT_EQ(ea.zone, std::vector<std::string>{"111122223333"});
    // Without the export, the key's own account is a foreign account too.
    World alone;
    alone.policy("1234abcd-12ab-34cd-56ef-1234567890ab.json");
    EXPECT_NE(grant(alone.access(), kKey, "account 111122223333"), nullptr);
}

TEST(ExternalAccess, ServicePrincipalsArePinnedBySourceConditions) {
    World w;
    w.policy("shop-trail-logs.json");
    w.policy("alerts-topic.json");
    w.policy("orders-queue.json");
    w.policy("thumbnail-function.json");
    w.authz();  // 111122223333, the account the source conditions name, is in the zone
    Analysis a = w.analyze();
    // GetBucketAcl without a source condition; PutObject pinned to the trail.
    EXPECT_EQ(outcome(a, "WASP-IAM-122", kTrailLogs), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-122", kTrailLogs)
                  .find("cloudtrail.amazonaws.com: Read: s3:GetBucketAcl (statement "
                        "\"AWSCloudTrailAclCheck\""),
              std::string::npos)
        << detail(a, "WASP-IAM-122", kTrailLogs);
    EXPECT_EQ(detail(a, "WASP-IAM-122", kTrailLogs).find("s3:PutObject"), std::string::npos);
    EXPECT_EQ(outcome(a, "WASP-IAM-122", kTopic), "fail");  // events.amazonaws.com
    EXPECT_EQ(outcome(a, "WASP-IAM-122", kQueue), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-122", kFunction), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-122", kFunction).find("s3.amazonaws.com under"),
              std::string::npos)
        << detail(a, "WASP-IAM-122", kFunction);
    // The default topic policy ("*" with AWS:SourceOwner) is no public access.
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kTopic), "pass");
    // A policy without service principals has no WASP-IAM-122 check.
    World none;
    none.policy("shop-public-assets.json");
    EXPECT_EQ(outcome(none.analyze(), "WASP-IAM-122", kPublicAssets), "none");

    // A source ARN in an account outside the zone pins nothing.
    World outside;
    outside.policy("shop-trail-logs.json");
    ExternalAccess ea = outside.access();
    const Grant* g = grant(ea, kTrailLogs, "cloudtrail.amazonaws.com");
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(has_action(*g, "s3:PutObject"));
}

TEST(ExternalAccess, ForeignTrustNeedsAnExternalId) {
    World w;
    w.authz();
    Analysis a = w.analyze();
    const std::string role = "arn:aws:iam::111122223333:role/";
    // A named role of a foreign account, no external id: WASP-IAM-106 passes it, 123 does not.
    EXPECT_EQ(outcome(a, "WASP-IAM-106", role + "partner-deploy"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "partner-deploy"), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-123", role + "partner-deploy")
                  .find("account 444455556666 (arn:aws:iam::444455556666:role/deployer)"),
              std::string::npos)
        << detail(a, "WASP-IAM-123", role + "partner-deploy");
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "vendor-audit"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "org-reader"), "pass");
    // A whole account with no condition is WASP-IAM-106's finding, not reported twice.
    EXPECT_EQ(outcome(a, "WASP-IAM-106", role + "legacy-backup"), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "legacy-backup"), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-123", role + "legacy-backup").find("WASP-IAM-106"),
              std::string::npos);
    // Only service principals: nothing foreign to check.
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "thumbnail-exec"), "none");
    // Trusting the partner clears it.
    w.input.trusted_accounts = {"444455556666"};
    EXPECT_EQ(outcome(w.analyze(), "WASP-IAM-123", role + "partner-deploy"), "none");

    // The external-access report lists the foreign accounts the roles trust.
    World r;
    r.authz();
    ExternalAccess ea = r.access();
    const Grant* g = grant(ea, role + "vendor-audit",
                           "account 444455556666 (arn:aws:iam::444455556666:role/auditor)");
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(has_action(*g, "sts:AssumeRole"));
    EXPECT_EQ(g->hinges_on, std::vector<std::string>{"sts:ExternalId"});
    EXPECT_TRUE(g->actions[0].conditional);
    EXPECT_FALSE(g->actions[0].without_external_id);
}

TEST(ExternalAccess, DenyOutsideTheOrganizationRestrictsAPublicAllow) {
    World w;
    core::Diagnostics d;
    w.policies.load(R"({"ResourcePolicies": [{"Arn": "arn:aws:s3:::reports", "Policy": {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::reports/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": "arn:aws:s3:::reports/*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}}]})",
                    "deny.json", d);
    ASSERT_TRUE(d.empty());
    Analysis a = w.analyze();
    EXPECT_EQ(outcome(a, "WASP-IAM-120", "arn:aws:s3:::reports"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-121", "arn:aws:s3:::reports"), "pass");
}

TEST(ExternalAccess, TemplatePoliciesBelongToTheTemplatesAccount) {
    World w;
    auto doc = core::parse_json(R"({"policy_statements": [
        {"effect": "Allow", "actions": ["kms:*"], "resources": ["*"],
         "principals": [{"type": "AWS", "value": "arn:aws:iam::000000000000:root"}]},
        {"effect": "Allow", "actions": ["kms:Decrypt"], "resources": ["*"],
         "principals": [{"type": "AWS", "value": "arn:aws:iam::444455556666:root"}]}]})");
    ASSERT_TRUE(doc.has_value());
    w.policies.add_template_policy("aws.kms.key", doc->root, "Key", {"keys.yaml", {3, 5}, {}},
                                   w.diags);
    Analysis a = w.analyze();
    // The template's own account (its ${AWS::AccountId}) is inside; the partner is not.
    EXPECT_EQ(outcome(a, "WASP-IAM-121", "arn:aws:kms:::key/Key"), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-121", "arn:aws:kms:::key/Key").find("account 444455556666"),
              std::string::npos);
    EXPECT_EQ(detail(a, "WASP-IAM-121", "arn:aws:kms:::key/Key").find("000000000000"),
              std::string::npos)
        << detail(a, "WASP-IAM-121", "arn:aws:kms:::key/Key");
    ASSERT_NE(check(a, "WASP-IAM-121", "arn:aws:kms:::key/Key"), nullptr);
    EXPECT_EQ(check(a, "WASP-IAM-121", "arn:aws:kms:::key/Key")->location.file, "keys.yaml");
}

// A public bucket policy that also shares with a foreign account, with the Block Public Access
// settings given (JSON members of the entry) and the account's (a member of the document).
std::string public_bucket(const std::string& bucket_block, const std::string& account_block = "") {
    return R"({"ResourcePolicies": [{"Arn": "arn:aws:s3:::site", "Account": "111122223333",)" +
           bucket_block + R"( "Policy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::site/*"},
        {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "444455556666"},
         "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::site"},
        {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::site/*"}]}}])" +
           (account_block.empty() ? "" : ", \"AccountPublicAccessBlocks\": " + account_block) + "}";
}

TEST(ExternalAccess, RestrictPublicBucketsBlocksAPublicBucketPolicy) {
    constexpr const char* kSite = "arn:aws:s3:::site";
    // Without Block Public Access: public, and shared with the partner.
    World off;
    off.policies.load(public_bucket(R"("PublicAccessBlockConfiguration": {
        "BlockPublicPolicy": true, "RestrictPublicBuckets": false},)"),
                      "off.json", off.diags);
    ASSERT_TRUE(off.diags.empty()) << off.diags.front().str();
    Analysis a = off.analyze();
    // BlockPublicPolicy does not remove a policy already in place.
    EXPECT_EQ(outcome(a, "WASP-IAM-120", kSite), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-121", kSite), "fail");

    // RestrictPublicBuckets on the bucket: the public and every other account are left out; the
    // service still gets in.
    World on;
    on.policies.load(public_bucket(R"("PublicAccessBlockConfiguration": {
        "RestrictPublicBuckets": true},)"),
                     "on.json", on.diags);
    ASSERT_TRUE(on.diags.empty());
    Analysis b = on.analyze();
    EXPECT_EQ(outcome(b, "WASP-IAM-120", kSite), "pass");
    EXPECT_EQ(finding(b, "WASP-IAM-120", kSite), nullptr);
    EXPECT_NE(detail(b, "WASP-IAM-120", kSite)
                  .find("public access blocked by S3 Block Public Access (RestrictPublicBuckets "
                        "is on for the bucket (on.json:1:"),
              std::string::npos)
        << detail(b, "WASP-IAM-120", kSite);
    EXPECT_NE(detail(b, "WASP-IAM-120", kSite)
                  .find("the policy alone would allow anyone (anonymous): Read: s3:GetObject"),
              std::string::npos);
    EXPECT_EQ(outcome(b, "WASP-IAM-121", kSite), "pass");
    EXPECT_NE(detail(b, "WASP-IAM-121", kSite).find("cross-account access blocked"),
              std::string::npos);
    EXPECT_EQ(outcome(b, "WASP-IAM-122", kSite), "fail");  // services are not held back
    ExternalAccess ea = on.access();
    ASSERT_EQ(ea.policies.size(), 1u);
    EXPECT_TRUE(ea.policies[0].cross_account_blocked);

    // The same, set for the account.
    World account;
    account.policies.load(public_bucket("", R"([{"Account": "111122223333",
            "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": true}}])"),
                          "account.json", account.diags);
    ASSERT_TRUE(account.diags.empty());
    Analysis c = account.analyze();
    EXPECT_EQ(outcome(c, "WASP-IAM-120", kSite), "pass");
    EXPECT_NE(detail(c, "WASP-IAM-120", kSite)
                  .find("RestrictPublicBuckets is on for account 111122223333 (account.json:"),
              std::string::npos)
        << detail(c, "WASP-IAM-120", kSite);
}

TEST(ExternalAccess, BlockPublicPolicyKeepsATemplatesPublicPolicyOut) {
    auto statements = core::parse_json(R"({"bucket": "site", "statements": [{"sid": "Public",
        "effect": "Allow", "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::site/*"],
        "principals": [{"type": "*", "value": "*"}], "conditions": []}]})");
    ASSERT_TRUE(statements.has_value());
    auto bucket = [](bool block, bool restrict) {
        auto b =
            core::parse_json(std::string(R"({"public_access_block": {"block_public_policy": )") +
                             (block ? "true" : "false") + R"(, "restrict_public_buckets": )" +
                             (restrict ? "true" : "false") + "}}");
        return b ? b->root : core::Node();
    };
    core::SourceLocation where{"site.yaml", {40, 3}, {}};
    // Both off, as a written configuration says: public.
    World open;
    core::Node both_off = bucket(false, false);
    open.policies.add_template_policy("aws.s3.bucket_policy", statements->root, "SitePolicy", where,
                                      open.diags, nullptr, &both_off);
    EXPECT_EQ(outcome(open.analyze(), "WASP-IAM-120", "arn:aws:s3:::site"), "fail");
    // BlockPublicPolicy alone, on a new policy: S3 rejects it when the stack deploys it.
    World blocked;
    core::Node block_only = bucket(true, false);
    blocked.policies.add_template_policy("aws.s3.bucket_policy", statements->root, "SitePolicy",
                                         where, blocked.diags, nullptr, &block_only);
    Analysis a = blocked.analyze();
    EXPECT_EQ(outcome(a, "WASP-IAM-120", "arn:aws:s3:::site"), "pass");
    EXPECT_NE(detail(a, "WASP-IAM-120", "arn:aws:s3:::site")
                  .find("BlockPublicPolicy is on for the bucket: S3 would reject this public "
                        "policy when it is deployed"),
              std::string::npos)
        << detail(a, "WASP-IAM-120", "arn:aws:s3:::site");
    // The account of the template, from Terraform's aws_s3_account_public_access_block.
    World account;
    auto props = core::parse_json(R"({"restrict_public_buckets": true})");
    ASSERT_TRUE(props.has_value());
    account.policies.add_template_policy("aws.s3.account_public_access_block",
                                         core::Node::mapping(), "acct", {"main.tf", {7, 1}, {}},
                                         account.diags, &props->root);
    account.policies.add_template_policy("aws.s3.bucket_policy", statements->root, "SitePolicy",
                                         where, account.diags, nullptr, &both_off);
    Analysis b = account.analyze();
    EXPECT_EQ(outcome(b, "WASP-IAM-120", "arn:aws:s3:::site"), "pass");
    EXPECT_NE(detail(b, "WASP-IAM-120", "arn:aws:s3:::site")
                  .find("RestrictPublicBuckets is on for the template's account (main.tf:7:1)"),
              std::string::npos)
        << detail(b, "WASP-IAM-120", "arn:aws:s3:::site");
}

// Roles of account 111122223333 trusting identity providers, each with the trust policy given.
std::string federated_export(const std::vector<std::pair<std::string, std::string>>& roles) {
    std::string out = R"({"RoleDetailList": [)";
    for (std::size_t i = 0; i < roles.size(); ++i) {
        out += (i ? "," : "") + std::string(R"({"RoleName": ")") + roles[i].first +
               R"(", "RoleId": "AROA)" + std::to_string(i) + R"(", "Path": "/",
               "Arn": "arn:aws:iam::111122223333:role/)" +
               roles[i].first + R"(", "AssumeRolePolicyDocument": {"Version": "2012-10-17",
               "Statement": [)" +
               roles[i].second + "]}}";
    }
    return out + "]}";
}

constexpr const char* kGitHub =
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

std::string web_identity(const std::string& provider, const std::string& condition) {
    return R"({"Sid": "Ci", "Effect": "Allow", "Principal": {"Federated": ")" + provider +
           R"("}, "Action": "sts:AssumeRoleWithWebIdentity")" +
           (condition.empty() ? "" : ", \"Condition\": " + condition) + "}";
}

TEST(ExternalAccess, SharedOidcProvidersMustBeScopedToYourIdentities) {
    World w;
    w.accounts.load(
        federated_export({
            // Only the audience, which any workflow sets as it likes: every repository.
            {"gha-any-repo", web_identity(kGitHub, R"({"StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}})")},
            // A wildcard that matches any repository's subject is no scope either.
            {"gha-wildcard", web_identity(kGitHub, R"({"StringLike": {
                "token.actions.githubusercontent.com:sub": "repo:*"}})")},
            // Pinned to the organization's repositories.
            {"gha-scoped", web_identity(kGitHub, R"({"StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {"token.actions.githubusercontent.com:sub":
                "repo:example-shop/*"}})")},
            // Another claim naming the repository scopes it as well.
            {"gha-by-repository", web_identity(kGitHub, R"({"StringEquals": {
                "token.actions.githubusercontent.com:repository": "example-shop/api"}})")},
            // Amazon Cognito: without an audience, any identity pool of any account.
            {"cognito-any-pool",
             web_identity("cognito-identity.amazonaws.com",
                          R"({"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr":
                "authenticated"}})")},
            {"cognito-scoped",
             web_identity("cognito-identity.amazonaws.com",
                          R"({"StringEquals": {"cognito-identity.amazonaws.com:aud":
                "eu-west-1:11111111-2222-3333-4444-555555555555"}})")},
        }),
        "authz-federated.json", w.diags);
    ASSERT_TRUE(w.diags.empty()) << w.diags.front().str();
    Analysis a = w.analyze();
    const std::string role = "arn:aws:iam::111122223333:role/";
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "gha-any-repo"), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-124", role + "gha-any-repo")
                  .find("trusts every identity of GitHub Actions (" + std::string(kGitHub) +
                        "): any GitHub repository's workflows can "
                        "sts:AssumeRoleWithWebIdentity (statement \"Ci\" (authz-federated.json:"),
              std::string::npos)
        << detail(a, "WASP-IAM-124", role + "gha-any-repo");
    EXPECT_NE(detail(a, "WASP-IAM-124", role + "gha-any-repo")
                  .find("no condition on token.actions.githubusercontent.com:sub names your own"),
              std::string::npos);
    ASSERT_NE(finding(a, "WASP-IAM-124", role + "gha-any-repo"), nullptr);
    EXPECT_EQ(finding(a, "WASP-IAM-124", role + "gha-any-repo")->severity, core::Severity::kHigh);
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "gha-wildcard"), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "gha-scoped"), "pass");
    EXPECT_EQ(detail(a, "WASP-IAM-124", role + "gha-scoped"),
              "shared identity providers scoped to your identities: GitHub Actions (" +
                  std::string(kGitHub) + ") scoped by token.actions.githubusercontent.com:sub");
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "gha-by-repository"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "cognito-any-pool"), "fail");
    EXPECT_NE(detail(a, "WASP-IAM-124", role + "cognito-any-pool")
                  .find("any identity pool, in any AWS account"),
              std::string::npos);
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "cognito-scoped"), "pass");
    // Federated trust is none of the foreign-account rules' business.
    EXPECT_EQ(outcome(a, "WASP-IAM-123", role + "gha-any-repo"), "none");
    EXPECT_EQ(outcome(a, "WASP-IAM-106", role + "gha-any-repo"), "pass");

    // The external-access report lists each provider with the roles it can assume.
    ExternalAccess ea = w.access();
    const Grant* open =
        grant(ea, role + "gha-any-repo", "identity provider " + std::string(kGitHub));
    ASSERT_NE(open, nullptr);
    ASSERT_EQ(open->actions.size(), 1u);
    EXPECT_EQ(open->actions[0].action, "sts:AssumeRoleWithWebIdentity");
    EXPECT_TRUE(open->actions[0].any_identity);
    EXPECT_FALSE(open->actions[0].conditional);
    const Grant* scoped =
        grant(ea, role + "gha-scoped", "identity provider " + std::string(kGitHub));
    ASSERT_NE(scoped, nullptr);
    EXPECT_TRUE(scoped->external());
    EXPECT_FALSE(scoped->actions[0].any_identity);
    EXPECT_EQ(scoped->restricted_by,
              std::vector<std::string>{"token.actions.githubusercontent.com:sub"});
}

TEST(ExternalAccess, PrivateIdentityProvidersAreListedWithoutAFinding) {
    World w;
    w.accounts.load(
        federated_export({
            {"sso-admin", R"({"Effect": "Allow", "Principal": {"Federated":
                "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML",
                "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}})"},
            // An EKS cluster's provider, with no subject: every service account of the cluster.
            {"eks-pods", web_identity("arn:aws:iam::111122223333:oidc-provider/"
                                      "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789",
                                      "")},
        }),
        "authz-idp.json", w.diags);
    ASSERT_TRUE(w.diags.empty());
    Analysis a = w.analyze();
    const std::string role = "arn:aws:iam::111122223333:role/";
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "sso-admin"), "none");
    EXPECT_EQ(outcome(a, "WASP-IAM-124", role + "eks-pods"), "none");
    ExternalAccess ea = w.access();
    const Grant* saml = grant(ea, role + "sso-admin",
                              "identity provider arn:aws:iam::111122223333:saml-provider/Okta");
    ASSERT_NE(saml, nullptr);
    ASSERT_EQ(saml->actions.size(), 1u);
    EXPECT_EQ(saml->actions[0].action, "sts:AssumeRoleWithSAML");
    // The audience of a SAML assertion is AWS's sign-in endpoint: it scopes nothing.
    EXPECT_TRUE(saml->actions[0].any_identity);
    EXPECT_TRUE(identity_provider("arn:aws:iam::111122223333:saml-provider/Okta").saml);
    const Grant* eks = grant(ea, role + "eks-pods",
                             "identity provider arn:aws:iam::111122223333:oidc-provider/"
                             "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789");
    ASSERT_NE(eks, nullptr);
    EXPECT_TRUE(eks->actions[0].any_identity);
    EXPECT_EQ(
        identity_provider("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X")
            .key_prefix,
        "oidc.eks.eu-west-1.amazonaws.com/id/x:");
    // An AWS principal of the account cannot use the web identity statement.
    EXPECT_EQ(grant(ea, role + "eks-pods", "any AWS account"), nullptr);
}

TEST(ExternalAccess, EveryRuleHasMetadataForTheReview) {
    const auto& rules = external_access_rules();
    ASSERT_EQ(rules.size(), 5u);
    for (const auto& r : rules) {
        EXPECT_TRUE(r.id >= "WASP-IAM-120" && r.id <= "WASP-IAM-125") << r.id;
        EXPECT_FALSE(r.best_practices.empty());
        EXPECT_FALSE(r.description.empty());
        EXPECT_FALSE(r.remediation.empty());
    }
    // They are among the analysis rules, for wasp rules list.
    const auto& all = analysis_rules();
    EXPECT_TRUE(std::any_of(all.begin(), all.end(),
                            [](const core::RuleInfo& r) { return r.id == "WASP-IAM-122"; }));
}

}  // namespace
}  // namespace wasp::iam
