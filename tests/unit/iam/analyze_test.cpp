// The account analyses on the fixtures: each rule's failing and passing principals.
#include "iam/analyze.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/file.h"

namespace wasp::iam {
namespace {

struct Loaded {
    Accounts accounts;
    CredentialReport report;
    Analysis analysis;
};

// 2024-07-01, the day the fixtures' ages are counted to.
constexpr std::int64_t kNow = 1719792000;

Loaded load() {
    Loaded l;
    core::Diagnostics diags;
    auto authz = core::read_file("tests/fixtures/iam/example-authz-details.json", 64u << 20);
    EXPECT_TRUE(authz.has_value());
    l.accounts.load(authz.value_or(""), "authz.json", diags);
    auto csv = core::read_file("tests/fixtures/iam/credential-report.csv", 1u << 20);
    EXPECT_TRUE(csv.has_value());
    l.report = read_credential_report(csv.value_or(""), "report.csv");
    AnalysisInput in;
    in.accounts = &l.accounts;
    in.account_files = {{"012345678901", "authz.json"}};
    in.reports = {{"report.csv", &l.report}};
    in.now = kNow;
    l.analysis = analyze(in);
    return l;
}

// The outcome of a rule on the resource whose id ends with `suffix`.
std::string outcome(const Analysis& a, std::string_view rule, std::string_view suffix) {
    for (const auto& c : a.checks) {
        if (c.rule_id == rule && a.resources[c.resource].id.ends_with(suffix)) {
            return std::string(core::to_string(c.outcome));
        }
    }
    return "none";
}

TEST(Analyze, AdministratorsAreFoundByTheEngine) {
    Loaded l = load();
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-101", ":user/obama"), "fail");  // AdministratorAccess
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-101", ":user/biden"), "pass");  // RDS, Lambda, S3
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-101", ":role/MyRole"), "pass");
}

TEST(Analyze, PoliciesByRiskCategory) {
    Loaded l = load();
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-103", ":role/OverprivilegedEC2#SupYo"), "fail");
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-104", ":policy/InsecurePolicy"), "fail");
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-105", ":user/biden#InsecureUserPolicy"), "fail");
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-103", ":policy/InsecurePolicy"), "pass");
}

TEST(Analyze, CredentialHygieneFromTheReport) {
    Loaded l = load();
    const Analysis& a = l.analysis;
    EXPECT_EQ(outcome(a, "WASP-IAM-107", ":root"), "pass");        // no root key
    EXPECT_EQ(outcome(a, "WASP-IAM-108", ":root"), "fail");        // signed in 60 days before
    EXPECT_EQ(outcome(a, "WASP-IAM-109", ":user/alice"), "pass");  // MFA
    EXPECT_EQ(outcome(a, "WASP-IAM-109", ":user/bob"), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-110", ":user/bob"), "fail");    // keys of 2022 and 2023
    EXPECT_EQ(outcome(a, "WASP-IAM-111", ":user/bob"), "fail");    // key 1 never used
    EXPECT_EQ(outcome(a, "WASP-IAM-111", ":user/alice"), "pass");  // used a month before
    EXPECT_EQ(outcome(a, "WASP-IAM-112", ":user/ci/ci-deploy"), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-112", ":user/alice"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-114", ":user/ci/ci-deploy"), "pass");  // no password
    EXPECT_EQ(outcome(a, "WASP-IAM-114", ":user/alice"), "fail");
}

TEST(Analyze, EscalationPathsToAdministrators) {
    Loaded l = load();
    // The role can create an access key for obama, who holds AdministratorAccess.
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-115", ":role/OverprivilegedEC2"), "fail");
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-115", ":role/MyRole"), "pass");
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-115", ":user/obama"), "none");  // already admin
    auto it = std::find_if(l.analysis.findings.begin(), l.analysis.findings.end(),
                           [](const auto& f) { return f.rule_id == "WASP-IAM-115"; });
    ASSERT_NE(it, l.analysis.findings.end());
    EXPECT_EQ(
        it->message,
        "role/OverprivilegedEC2 -[iam-002 iam:CreateAccessKey]-> user/obama, an administrator");
}

TEST(Analyze, TrustPoliciesAndUnusedRoles) {
    Loaded l = load();
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-106", ":role/MyRole"), "pass");  // trusts ssm
    EXPECT_EQ(outcome(l.analysis, "WASP-IAM-113", ":role/MyRole"), "fail");  // never used
}

TEST(Analyze, ForeignAccountTrustNeedsACondition) {
    Accounts accounts;
    core::Diagnostics diags;
    accounts.load(R"({"UserDetailList": [], "GroupDetailList": [], "Policies": [],
      "RoleDetailList": [
        {"RoleName": "partner", "Path": "/", "RoleId": "AROA1", "CreateDate": "2024-06-01T00:00:00Z",
         "Arn": "arn:aws:iam::111122223333:role/partner",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}]},
         "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [], "InstanceProfileList": []},
        {"RoleName": "vendor", "Path": "/", "RoleId": "AROA2", "CreateDate": "2024-06-01T00:00:00Z",
         "Arn": "arn:aws:iam::111122223333:role/vendor",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole",
           "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}]},
         "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [], "InstanceProfileList": []},
        {"RoleName": "open", "Path": "/", "RoleId": "AROA3", "CreateDate": "2024-06-01T00:00:00Z",
         "Arn": "arn:aws:iam::111122223333:role/open",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": "*", "Action": "sts:AssumeRole"}]},
         "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [], "InstanceProfileList": []}
      ]})",
                  "a.json", diags);
    for (const auto& d : diags) ADD_FAILURE() << d.str();
    AnalysisInput in;
    in.accounts = &accounts;
    in.now = kNow;
    Analysis a = analyze(in);
    EXPECT_EQ(outcome(a, "WASP-IAM-106", ":role/partner"), "fail");
    EXPECT_EQ(outcome(a, "WASP-IAM-106", ":role/vendor"), "pass");
    EXPECT_EQ(outcome(a, "WASP-IAM-106", ":role/open"), "fail");
    // Created a month before: too new to call unused.
    EXPECT_EQ(outcome(a, "WASP-IAM-113", ":role/partner"), "none");
}

TEST(Analyze, EveryRuleHasMetadataForTheReview) {
    for (const auto& r : analysis_rules()) {
        EXPECT_FALSE(r.title.empty()) << r.id;
        EXPECT_FALSE(r.best_practices.empty()) << r.id;
        EXPECT_FALSE(r.description.empty()) << r.id;
        EXPECT_FALSE(r.remediation.empty()) << r.id;
    }
}

}  // namespace
}  // namespace wasp::iam
