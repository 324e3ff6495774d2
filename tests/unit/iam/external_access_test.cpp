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

TEST(ExternalAccess, EveryRuleHasMetadataForTheReview) {
    const auto& rules = external_access_rules();
    ASSERT_EQ(rules.size(), 4u);
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
