// Loading authorization-details exports, and evaluating their principals through layers_for.
#include "iam/account.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace wasp::iam {
namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

constexpr const char* kFixture = "tests/fixtures/iam/example-authz-details.json";

class AccountTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto text = read(kFixture);
        ASSERT_FALSE(text.empty());
        accounts_.load(text, kFixture, diags_);
        for (const auto& d : diags_) {
            if (d.level == core::DiagLevel::kError) ADD_FAILURE() << d.str();
        }
    }

    Decision decide(std::string_view who, std::string action, std::string resource = "*") {
        auto ref = accounts_.find(who);
        EXPECT_TRUE(ref.has_value()) << who;
        if (!ref) return Decision::kImplicitDeny;
        core::Diagnostics d;
        auto pl = layers_for(accounts_, *ref, d);
        Request r;
        r.principal = pl.principal;
        r.action = std::move(action);
        r.resource = std::move(resource);
        return evaluate(r, pl.layers).decision;
    }

    Accounts accounts_;
    core::Diagnostics diags_;
};

TEST_F(AccountTest, Counts) {
    EXPECT_EQ(accounts_.users.size(), 3U);
    EXPECT_EQ(accounts_.groups.size(), 2U);
    EXPECT_EQ(accounts_.roles.size(), 3U);
    EXPECT_EQ(accounts_.policies.size(), 32U);
    ASSERT_EQ(accounts_.account_ids.size(), 1U);
    EXPECT_EQ(accounts_.account_ids[0], "012345678901");
}

TEST_F(AccountTest, RecordsAndLookup) {
    auto biden = accounts_.find("user/biden");
    ASSERT_TRUE(biden.has_value());
    const User& u = accounts_.users[biden->index];
    EXPECT_EQ(u.arn, "arn:aws:iam::012345678901:user/biden");
    EXPECT_EQ(u.account, "012345678901");
    EXPECT_EQ(u.groups, std::vector<std::string>{"biden"});
    ASSERT_EQ(u.inline_policies.size(), 1U);
    EXPECT_EQ(u.inline_policies[0].name, "InsecureUserPolicy");
    EXPECT_EQ(u.create_date, "2019-12-18 19:10:08+00:00");

    auto role = accounts_.find("OverprivilegedEC2");  // a bare name, unambiguous
    ASSERT_TRUE(role.has_value());
    EXPECT_EQ(role->kind, PrincipalKind::kRole);
    const Role& r = accounts_.roles[role->index];
    EXPECT_NE(r.trust_policy, nullptr);
    ASSERT_EQ(r.instance_profiles.size(), 1U);
    EXPECT_EQ(r.instance_profiles[0],
              "arn:aws:iam::012345678901:instance-profile/OverprivilegedEC2");
    EXPECT_EQ(r.last_used_region, "us-east-1");
    EXPECT_TRUE(accounts_.find("arn:aws:iam::012345678901:role/MyRole").has_value());
    EXPECT_FALSE(accounts_.find("role/nobody").has_value());
    EXPECT_FALSE(accounts_.find("user/MyRole").has_value());
}

TEST_F(AccountTest, DefaultPolicyVersion) {
    const ManagedPolicy* p = accounts_.policy("arn:aws:iam::aws:policy/AWSCodeCommitPowerUser");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->version_count, 2U);
    EXPECT_EQ(p->default_version_id, "v11");
    EXPECT_EQ(p->attachment_count, 2U);
    ASSERT_NE(p->document, nullptr);
    const ManagedPolicy* admin = accounts_.policy("arn:aws:iam::aws:policy/AdministratorAccess");
    ASSERT_NE(admin, nullptr);
    ASSERT_NE(admin->document, nullptr);
    ASSERT_EQ(admin->document->statements.size(), 1U);
    EXPECT_EQ(admin->document->statements[0].actions, std::vector<std::string>{"*"});
}

TEST_F(AccountTest, UserPoliciesIncludeGroups) {
    auto ref = accounts_.find("biden");
    ASSERT_TRUE(ref.has_value());
    core::Diagnostics d;
    auto pl = layers_for(accounts_, *ref, d);
    std::vector<std::string> names;
    for (const Policy* p : pl.layers.identity) names.push_back(p->name);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "inline:biden/InsecureUserPolicy",
                         "arn:aws:iam::aws:policy/AWSLambdaFullAccess",
                         "inline:biden/InlinePolicyForBidenGroup",
                         "arn:aws:iam::aws:policy/AmazonRDSFullAccess",
                     }));
    EXPECT_FALSE(pl.layers.has_boundary);
    EXPECT_EQ(pl.principal.arn, "arn:aws:iam::012345678901:user/biden");
    EXPECT_EQ(pl.principal.account, "012345678901");
    EXPECT_TRUE(pl.missing_policies.empty());
}

TEST_F(AccountTest, Decisions) {
    // obama is in the admin group, which has AdministratorAccess.
    EXPECT_EQ(decide("obama", "iam:CreateUser"), Decision::kAllowed);
    EXPECT_EQ(decide("userwithlotsofpermissions", "iam:CreateUser"), Decision::kAllowed);
    // biden's s3 inline policy, Lambda and RDS policies grant no iam:CreateUser.
    EXPECT_EQ(decide("biden", "iam:CreateUser"), Decision::kImplicitDeny);
    EXPECT_EQ(decide("biden", "s3:PutObject", "arn:aws:s3:::b/k"), Decision::kAllowed);
    EXPECT_EQ(decide("biden", "rds:DeleteDBInstance", "arn:aws:rds:us-east-1:012345678901:db:x"),
              Decision::kAllowed);
}

TEST_F(AccountTest, RoleSession) {
    auto ref = accounts_.find("role/MyRole");
    ASSERT_TRUE(ref.has_value());
    core::Diagnostics d;
    auto plain = layers_for(accounts_, *ref, d);
    EXPECT_EQ(plain.principal.arn, "arn:aws:iam::012345678901:role/MyRole");
    auto session = layers_for(accounts_, *ref, d, "build-42");
    EXPECT_EQ(session.principal.arn, "arn:aws:sts::012345678901:assumed-role/MyRole/build-42");
    EXPECT_EQ(session.principal.role_arn, "arn:aws:iam::012345678901:role/MyRole");
}

// A second account with a boundary, an encoded document, a missing AWS managed policy and a user
// whose only policy is for s3.
constexpr const char* kSecond = R"({
  "UserDetailList": [
    {"UserName": "s3only", "Arn": "arn:aws:iam::222233334444:user/s3only", "GroupList": [],
     "UserPolicyList": [{"PolicyName": "s3",
       "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}],
     "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                                  "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
     "Tags": [{"Key": "team", "Value": "data"}]},
    {"UserName": "bounded", "Arn": "arn:aws:iam::222233334444:user/bounded", "GroupList": [],
     "UserPolicyList": [{"PolicyName": "all", "PolicyDocument":
       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
     "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
       "PermissionsBoundaryArn": "arn:aws:iam::222233334444:policy/OnlyS3"}},
    {"UserName": "broken"}
  ],
  "GroupDetailList": [],
  "RoleDetailList": [],
  "Policies": [
    {"PolicyName": "OnlyS3", "Arn": "arn:aws:iam::222233334444:policy/OnlyS3",
     "DefaultVersionId": "v2", "AttachmentCount": 1, "IsAttachable": true,
     "PolicyVersionList": [
       {"VersionId": "v1", "IsDefaultVersion": false, "Document":
         {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
       {"VersionId": "v2", "IsDefaultVersion": true, "Document":
         {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]}
  ]
})";

TEST_F(AccountTest, SecondAccountBoundaryEncodedAndMissing) {
    core::Diagnostics d;
    accounts_.load(kSecond, "second.json", d);
    EXPECT_EQ(accounts_.account_ids, (std::vector<std::string>{"012345678901", "222233334444"}));
    EXPECT_EQ(accounts_.users.size(), 5U);
    ASSERT_EQ(d.size(), 1U);  // the user without an Arn
    EXPECT_EQ(d[0].level, core::DiagLevel::kError);
    EXPECT_EQ(d[0].location.file, "second.json");
    EXPECT_GT(d[0].location.mark.line, 1U);

    const ManagedPolicy* p = accounts_.policy("arn:aws:iam::222233334444:policy/OnlyS3");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->version_count, 2U);
    ASSERT_NE(p->document, nullptr);
    EXPECT_EQ(p->document->statements[0].actions, std::vector<std::string>{"s3:*"});

    // The boundary limits the bounded user's Action "*" to s3.
    auto bounded = accounts_.find("bounded");
    ASSERT_TRUE(bounded.has_value());
    core::Diagnostics ld;
    auto pl = layers_for(accounts_, *bounded, ld);
    EXPECT_TRUE(pl.layers.has_boundary);
    ASSERT_EQ(pl.layers.boundary.size(), 1U);
    EXPECT_EQ(decide("bounded", "s3:GetObject", "arn:aws:s3:::b/k"), Decision::kAllowed);
    EXPECT_EQ(decide("bounded", "iam:CreateUser"), Decision::kImplicitDeny);

    // s3only: an encoded inline policy; ReadOnlyAccess is not in the export.
    auto s3only = accounts_.find("user/s3only");
    ASSERT_TRUE(s3only.has_value());
    core::Diagnostics md;
    auto sl = layers_for(accounts_, *s3only, md);
    ASSERT_EQ(sl.layers.identity.size(), 1U);
    EXPECT_EQ(sl.missing_policies,
              std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
    ASSERT_EQ(md.size(), 1U);
    EXPECT_EQ(md[0].level, core::DiagLevel::kWarning);
    EXPECT_NE(md[0].message.find("user/s3only"), std::string::npos);
    EXPECT_EQ(sl.principal.tags.size(), 1U);
    EXPECT_EQ(decide("s3only", "s3:GetObject", "arn:aws:s3:::b/k"), Decision::kAllowed);
    EXPECT_EQ(decide("s3only", "ec2:RunInstances"), Decision::kImplicitDeny);
}

TEST(Account, MalformedFileIsADiagnostic) {
    Accounts a;
    core::Diagnostics d;
    a.load("{\"UserDetailList\": [", "bad.json", d);
    ASSERT_EQ(d.size(), 1U);
    EXPECT_EQ(d[0].location.file, "bad.json");
    a.load("[1, 2]", "list.json", d);
    EXPECT_EQ(d.size(), 2U);
    a.load(R"({"UserDetailList": 5, "Policies": []})", "shape.json", d);
    EXPECT_EQ(d.size(), 3U);
    EXPECT_TRUE(a.users.empty());
}

}  // namespace
}  // namespace wasp::iam
