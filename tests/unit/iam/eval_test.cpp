// The policy evaluation logic, case by case as the IAM User Guide describes it.
#include "iam/eval.h"

#include <deque>

#include <gtest/gtest.h>

namespace wasp::iam {
namespace {

// Parsed policies live as long as the test (Layers holds pointers).
class EvalTest : public ::testing::Test {
  protected:
    const Policy* policy(std::string_view json, std::string name = "p") {
        auto parsed = parse_policy_text(json, std::move(name), "test.json");
        for (const auto& d : parsed.diagnostics) ADD_FAILURE() << d.str();
        EXPECT_TRUE(parsed.policy.has_value());
        policies_.push_back(parsed.policy ? std::move(*parsed.policy) : Policy{});
        return &policies_.back();
    }

    static Request request(std::string principal, std::string action, std::string resource) {
        Request r;
        r.principal.arn = std::move(principal);
        r.action = std::move(action);
        r.resource = std::move(resource);
        return r;
    }

    std::deque<Policy> policies_;
};

constexpr const char* kAlice = "arn:aws:iam::111122223333:user/alice";
constexpr const char* kBucket = "arn:aws:s3:::shop-data/orders/1.json";

std::string allow(std::string_view action,
                  std::string_view resource,
                  std::string_view condition = "") {
    std::string s = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": )";
    s += action;
    s += R"(, "Resource": )";
    s += resource;
    if (!condition.empty()) {
        s += R"(, "Condition": )";
        s += condition;
    }
    s += "}]}";
    return s;
}

TEST_F(EvalTest, NothingAllowsMeansImplicitDeny) {
    Layers l;
    Result r = evaluate(request(kAlice, "s3:GetObject", kBucket), l);
    EXPECT_EQ(r.decision, Decision::kImplicitDeny);
    EXPECT_FALSE(r.conditional);
    EXPECT_EQ(r.reason, "implicitly denied: no policy allows it");
}

TEST_F(EvalTest, ActionsMatchCaseInsensitivelyWithWildcards) {
    Layers l;
    l.identity = {policy(allow(R"(["S3:get*", "ec2:Describe?pcs"])", R"("*")"))};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), l).decision, Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "ec2:DescribeVpcs", "*"), l).decision, Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "ec2:DescribeVpcEndpoints", "*"), l).decision,
              Decision::kImplicitDeny);
    EXPECT_EQ(evaluate(request(kAlice, "s3:PutObject", kBucket), l).decision,
              Decision::kImplicitDeny);
}

TEST_F(EvalTest, ExplicitDenyAnywhereWins) {
    Layers l;
    l.identity = {policy(allow(R"("*")", R"("*")")),
                  policy(R"({"Version": "2012-10-17", "Statement": {"Sid": "NoDeletes",
                    "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}})",
                         "guard")};
    Result r = evaluate(request(kAlice, "s3:DeleteObject", kBucket), l);
    EXPECT_EQ(r.decision, Decision::kExplicitDeny);
    EXPECT_EQ(r.reason, "explicitly denied by statement \"NoDeletes\" of guard (identity)");
}

TEST_F(EvalTest, NotActionAndNotResourceInvertTheMatch) {
    Layers l;
    l.identity = {policy(R"({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::shop-data/*"}]})")};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), l).decision, Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::other/x"), l).decision,
              Decision::kExplicitDeny);
    EXPECT_EQ(evaluate(request(kAlice, "iam:CreateUser", "*"), l).decision,
              Decision::kImplicitDeny);
}

TEST(ArnMatch, SegmentsMatchOneByOne) {
    EXPECT_TRUE(arn_match("arn:aws:s3:::shop-data/*", "arn:aws:s3:::shop-data/a/b:c"));
    EXPECT_FALSE(arn_match("arn:aws:s3:::shop-data", "arn:aws:s3:::shop-data/key"));
    EXPECT_TRUE(arn_match("arn:aws:iam::*:role/admin", "arn:aws:iam::111122223333:role/admin"));
    // A `*` ending a segment reaches across the colons after it...
    EXPECT_TRUE(
        arn_match("arn:aws:ec2:eu-west-1:*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"));
    EXPECT_TRUE(arn_match("arn:aws:*", "arn:aws:sqs:eu-west-1:111122223333:orders"));
    // ...but a pattern that stops short of the resource part without one does not match.
    EXPECT_FALSE(arn_match("arn:aws:sqs:*:orders", "arn:aws:sqs:eu-west-1:111122223333:orders"));
    EXPECT_TRUE(arn_match("arn:aws:sqs:*:*:orders", "arn:aws:sqs:eu-west-1:111122223333:orders"));
    // ARNs are case-sensitive; `?` is one character.
    EXPECT_FALSE(arn_match("arn:aws:iam::111122223333:user/Alice", kAlice));
    EXPECT_TRUE(arn_match("arn:aws:iam::111122223333:user/alic?", kAlice));
    EXPECT_TRUE(arn_match("*", "not-an-arn"));
}

TEST_F(EvalTest, StringOperatorsAndMissingKeys) {
    auto with = [&](std::string_view condition) {
        Layers l;
        l.identity = {policy(allow(R"("s3:GetObject")", R"("*")", condition))};
        return l;
    };
    Request r = request(kAlice, "s3:GetObject", kBucket);
    r.set_context("aws:RequestedRegion", {"eu-west-1"});
    // Several values of one key: any of them.
    auto l1 = with(R"({"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}})");
    EXPECT_EQ(evaluate(r, l1).decision, Decision::kAllowed);
    // A negated operator with several values: none of them.
    auto l2 = with(R"({"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}})");
    EXPECT_EQ(evaluate(r, l2).decision, Decision::kImplicitDeny);
    // A key the request lacks: false, true for a negated operator, true with IfExists.
    auto l3 = with(R"({"StringEquals": {"aws:SourceVpc": "vpc-1"}})");
    EXPECT_EQ(evaluate(r, l3).decision, Decision::kImplicitDeny);
    auto l4 = with(R"({"StringNotEquals": {"aws:SourceVpc": "vpc-1"}})");
    EXPECT_EQ(evaluate(r, l4).decision, Decision::kAllowed);
    auto l5 = with(R"({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}})");
    EXPECT_EQ(evaluate(r, l5).decision, Decision::kAllowed);
    // Keys are case-insensitive, values of StringEquals are not.
    auto l6 = with(R"({"StringEquals": {"AWS:requestedregion": "EU-WEST-1"}})");
    EXPECT_EQ(evaluate(r, l6).decision, Decision::kImplicitDeny);
    auto l7 = with(R"({"StringEqualsIgnoreCase": {"AWS:requestedregion": "EU-WEST-1"}})");
    EXPECT_EQ(evaluate(r, l7).decision, Decision::kAllowed);
    auto l8 = with(R"({"StringLike": {"aws:RequestedRegion": "eu-*"}})");
    EXPECT_EQ(evaluate(r, l8).decision, Decision::kAllowed);
    // Null: true means the key is absent.
    auto l9 = with(R"({"Null": {"aws:SourceVpc": "true", "aws:RequestedRegion": "false"}})");
    EXPECT_EQ(evaluate(r, l9).decision, Decision::kAllowed);
}

TEST_F(EvalTest, SetOperatorsOnMultivaluedKeys) {
    auto with = [&](std::string_view condition) {
        Layers l;
        l.identity = {policy(allow(R"("ec2:CreateTags")", R"("*")", condition))};
        return l;
    };
    Request r = request(kAlice, "ec2:CreateTags", "*");
    r.set_context("aws:TagKeys", {"team", "env"});
    auto all = with(R"({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}})");
    EXPECT_EQ(evaluate(r, all).decision, Decision::kAllowed);
    auto all_fails = with(R"({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})");
    EXPECT_EQ(evaluate(r, all_fails).decision, Decision::kImplicitDeny);
    auto any = with(R"({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}})");
    EXPECT_EQ(evaluate(r, any).decision, Decision::kAllowed);
    auto any_not = with(R"({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team"]}})");
    EXPECT_EQ(evaluate(r, any_not).decision, Decision::kAllowed);  // "env" is not "team"
    // Without the key: ForAllValues holds (vacuously), ForAnyValue does not.
    Request bare = request(kAlice, "ec2:CreateTags", "*");
    EXPECT_EQ(evaluate(bare, all_fails).decision, Decision::kAllowed);
    EXPECT_EQ(evaluate(bare, any).decision, Decision::kImplicitDeny);
}

TEST_F(EvalTest, NumericDateBoolIpAndArnOperators) {
    auto with = [&](std::string_view condition) {
        Layers l;
        l.identity = {policy(allow(R"("s3:GetObject")", R"("*")", condition))};
        return l;
    };
    Request r = request(kAlice, "s3:GetObject", kBucket);
    r.set_context("s3:max-keys", {"10"});
    r.set_context("aws:CurrentTime", {"2026-11-29T10:00:00Z"});
    r.set_context("aws:SecureTransport", {"true"});
    r.set_context("aws:SourceIp", {"2001:db8::7"});
    r.set_context("aws:SourceArn", {"arn:aws:sns:eu-west-1:111122223333:orders"});
    EXPECT_EQ(evaluate(r, with(R"({"NumericLessThanEquals": {"s3:max-keys": "10"}})")).decision,
              Decision::kAllowed);
    EXPECT_EQ(evaluate(r, with(R"({"NumericLessThan": {"s3:max-keys": "10"}})")).decision,
              Decision::kImplicitDeny);
    // 10:30 at UTC+1 is 09:30 UTC, before the request's 10:00 UTC.
    EXPECT_EQ(
        evaluate(r, with(R"({"DateLessThan": {"aws:CurrentTime": "2026-11-29T10:30:00+01:00"}})"))
            .decision,
        Decision::kImplicitDeny);
    EXPECT_EQ(
        evaluate(r, with(R"({"DateLessThan": {"aws:CurrentTime": "2026-11-29T11:30:00+01:00"}})"))
            .decision,
        Decision::kAllowed);
    EXPECT_EQ(
        evaluate(r, with(R"({"DateGreaterThan": {"aws:CurrentTime": "2026-11-29"}})")).decision,
        Decision::kAllowed);
    EXPECT_EQ(evaluate(r, with(R"({"Bool": {"aws:SecureTransport": "false"}})")).decision,
              Decision::kImplicitDeny);
    EXPECT_EQ(
        evaluate(r, with(R"({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}})"))
            .decision,
        Decision::kAllowed);
    EXPECT_EQ(evaluate(r, with(R"({"NotIpAddress": {"aws:SourceIp": "2001:db8::/32"}})")).decision,
              Decision::kImplicitDeny);
    EXPECT_EQ(evaluate(r, with(R"({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}})"))
                  .decision,
              Decision::kAllowed);
}

TEST_F(EvalTest, PolicyVariablesInResourceAndConditions) {
    Layers l;
    l.identity = {policy(allow(R"("s3:GetObject")", R"("arn:aws:s3:::home/${aws:username}/*")"))};
    EXPECT_EQ(
        evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::home/alice/notes"), l).decision,
        Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::home/bob/notes"), l).decision,
              Decision::kImplicitDeny);
    // A role session has no aws:username: the statement matches nothing.
    EXPECT_EQ(evaluate(request("arn:aws:sts::111122223333:assumed-role/app/s1", "s3:GetObject",
                               "arn:aws:s3:::home/app/notes"),
                       l)
                  .decision,
              Decision::kImplicitDeny);
    // In a 2008-10-17 policy the text is literal.
    Layers old;
    old.identity = {policy(R"({"Version": "2008-10-17", "Statement": {"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}})")};
    EXPECT_EQ(
        evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::home/alice/notes"), old).decision,
        Decision::kImplicitDeny);
    // ${*} is a literal star, not a wildcard.
    Layers star;
    star.identity = {policy(allow(R"("s3:GetObject")", R"("arn:aws:s3:::b/${*}")"))};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::b/*"), star).decision,
              Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", "arn:aws:s3:::b/x"), star).decision,
              Decision::kImplicitDeny);
    // A principal tag in a condition value.
    Layers tags;
    tags.identity = {
        policy(allow(R"("ec2:StartInstances")", R"("*")",
                     R"({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})"))};
    Request r =
        request(kAlice, "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1");
    r.principal.tags = {{"team", "orders"}};
    r.resource_tags = {{"team", "orders"}};
    EXPECT_EQ(evaluate(r, tags).decision, Decision::kAllowed);
    r.resource_tags = {{"team", "billing"}};
    EXPECT_EQ(evaluate(r, tags).decision, Decision::kImplicitDeny);
}

TEST_F(EvalTest, UnknownContextMakesTheDecisionConditional) {
    Layers l;
    l.identity = {policy(allow(R"("s3:GetObject")", R"("*")",
                               R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})"))};
    Request r = request(kAlice, "s3:GetObject", kBucket);
    r.open_context = true;
    Result res = evaluate(r, l);
    EXPECT_TRUE(res.conditional);
    EXPECT_EQ(res.possible, (std::vector<Decision>{Decision::kAllowed, Decision::kImplicitDeny}));
    EXPECT_EQ(res.hinges_on, std::vector<std::string>{"aws:SourceIp"});  // as the policy writes it
    EXPECT_EQ(res.decision, Decision::kImplicitDeny);                    // without the key
    // Known keys are not unknown: the principal's ARN and account are the request's.
    Layers own;
    own.identity = {policy(allow(R"("s3:GetObject")", R"("*")",
                                 R"({"StringEquals": {"aws:PrincipalAccount": "111122223333"}})"))};
    EXPECT_FALSE(evaluate(r, own).conditional);
    EXPECT_EQ(evaluate(r, own).decision, Decision::kAllowed);
    // A conditional deny: the action may be allowed or explicitly denied.
    Layers guarded;
    guarded.identity = {policy(allow(R"("s3:*")", R"("*")")),
                        policy(R"({"Version": "2012-10-17", "Statement": {"Effect": "Deny",
                          "Action": "s3:*", "Resource": "*",
                          "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}})")};
    Result g = evaluate(r, guarded);
    EXPECT_TRUE(g.conditional);
    EXPECT_EQ(g.possible, (std::vector<Decision>{Decision::kAllowed, Decision::kExplicitDeny}));
}

TEST_F(EvalTest, PermissionsBoundaryAndSessionPolicyLimitIdentityPolicies) {
    Layers l;
    l.identity = {policy(allow(R"("s3:*")", R"("*")"))};
    l.has_boundary = true;
    l.boundary = {policy(allow(R"("s3:GetObject")", R"("*")"), "boundary")};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), l).decision, Decision::kAllowed);
    Result put = evaluate(request(kAlice, "s3:PutObject", kBucket), l);
    EXPECT_EQ(put.decision, Decision::kImplicitDeny);
    EXPECT_EQ(put.reason, "implicitly denied: the permissions boundary does not allow it");
    // A boundary with nothing in it still limits.
    l.boundary.clear();
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), l).decision,
              Decision::kImplicitDeny);
    Layers s;
    s.identity = {policy(allow(R"("s3:*")", R"("*")"))};
    s.has_session = true;
    s.session = {policy(allow(R"("s3:List*")", R"("*")"), "session")};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), s).reason,
              "implicitly denied: the session policy does not allow it");
}

TEST_F(EvalTest, ServiceControlPoliciesNeedAnAllowAtEveryLevel) {
    Layers l;
    l.identity = {policy(allow(R"("*")", R"("*")"))};
    l.scp_levels = {{policy(allow(R"("*")", R"("*")"), "FullAWSAccess")},
                    {policy(allow(R"("ec2:*")", R"("*")"), "ou-workloads")}};
    EXPECT_EQ(evaluate(request(kAlice, "ec2:RunInstances", "*"), l).decision, Decision::kAllowed);
    Result s3 = evaluate(request(kAlice, "s3:GetObject", kBucket), l);
    EXPECT_EQ(s3.decision, Decision::kImplicitDeny);
    EXPECT_EQ(s3.reason,
              "implicitly denied: no service control policy at level 1 of the organization "
              "allows it");
    // Service-linked roles are not limited by SCPs.
    Request slr =
        request("arn:aws:iam::111122223333:role/aws-service-role/x", "s3:GetObject", kBucket);
    slr.principal.service_linked_role = true;
    EXPECT_EQ(evaluate(slr, l).decision, Decision::kAllowed);
}

// RCPs limit what may be done to resources of the services that support them (the action
// catalog's list), and nothing else: a deny on every action does not reach Lambda or EC2.
TEST_F(EvalTest, ResourceControlPoliciesRestrictOnlyTheServicesThatSupportThem) {
    Layers l;
    l.identity = {policy(allow(R"("*")", R"("*")"))};
    const Policy* full = policy(
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "*", "Resource": "*"}]})",
        "RCPFullAWSAccess");
    const Policy* deny_all = policy(
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
            "Action": "*", "Resource": "*"}]})",
        "deny-everything");
    l.rcp_levels = {{full, deny_all}};
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), l).decision,
              Decision::kExplicitDeny);
    EXPECT_EQ(
        evaluate(request(kAlice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/x"), l).decision,
        Decision::kExplicitDeny);
    EXPECT_EQ(evaluate(request(kAlice, "lambda:InvokeFunction",
                               "arn:aws:lambda:eu-west-1:111122223333:function:orders"),
                       l)
                  .decision,
              Decision::kAllowed);
    EXPECT_EQ(evaluate(request(kAlice, "ec2:RunInstances", "*"), l).decision, Decision::kAllowed);
}

constexpr const char* kRole = "arn:aws:iam::111122223333:role/app";
constexpr const char* kSession = "arn:aws:sts::111122223333:assumed-role/app/build-42";

std::string bucket_policy(std::string_view principal, std::string_view effect = "Allow") {
    std::string s = R"({"Version": "2012-10-17", "Statement": [{"Effect": ")";
    s += effect;
    s += R"(", "Principal": {"AWS": ")";
    s += principal;
    s += R"("}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shop-data/*"}]})";
    return s;
}

TEST_F(EvalTest, ResourcePolicyInTheSameAccount) {
    // A bucket policy naming the user is enough, without any identity policy.
    Layers l;
    l.resource = policy(bucket_policy(kAlice), "bucket policy");
    Result r = evaluate(request(kAlice, "s3:GetObject", kBucket), l);
    EXPECT_EQ(r.decision, Decision::kAllowed);
    EXPECT_EQ(r.reason, "allowed by statement #0 of bucket policy (resource)");
    // Naming the account only delegates to identity policies.
    Layers acct;
    acct.resource = policy(bucket_policy("arn:aws:iam::111122223333:root"));
    EXPECT_EQ(evaluate(request(kAlice, "s3:GetObject", kBucket), acct).decision,
              Decision::kImplicitDeny);
    // A grant to the role ARN is limited by the session's boundary; to the session ARN it is not.
    Layers role;
    role.resource = policy(bucket_policy(kRole));
    role.has_boundary = true;
    role.boundary = {policy(allow(R"("ec2:*")", R"("*")"))};
    EXPECT_EQ(evaluate(request(kSession, "s3:GetObject", kBucket), role).decision,
              Decision::kImplicitDeny);
    Layers session;
    session.resource = policy(bucket_policy(kSession));
    session.has_boundary = true;
    session.boundary = role.boundary;
    EXPECT_EQ(evaluate(request(kSession, "s3:GetObject", kBucket), session).decision,
              Decision::kAllowed);
}

TEST_F(EvalTest, AcrossAccountsBothSidesMustAllow) {
    constexpr const char* kPartner = "arn:aws:iam::444455556666:user/partner";
    Request r = request(kPartner, "s3:GetObject", kBucket);
    r.resource_account = "111122223333";
    Layers none;
    none.identity = {policy(allow(R"("s3:GetObject")", R"("*")"))};
    Result no_grant = evaluate(r, none);
    EXPECT_EQ(no_grant.decision, Decision::kImplicitDeny);
    Layers both = none;
    both.resource = policy(bucket_policy("444455556666"));
    EXPECT_EQ(evaluate(r, both).decision, Decision::kAllowed);
    Layers only_resource;
    only_resource.resource = policy(bucket_policy(kPartner));
    Result half = evaluate(r, only_resource);
    EXPECT_EQ(half.decision, Decision::kImplicitDeny);
    Layers identity_only_other = none;
    identity_only_other.resource = policy(bucket_policy("arn:aws:iam::999999999999:root"));
    EXPECT_EQ(evaluate(r, identity_only_other).reason,
              "implicitly denied: across accounts the resource-based policy must also allow it, "
              "and it does not");
    Layers denied = both;
    denied.identity.push_back(policy(bucket_policy("*", "Deny")));  // a deny in any policy
    denied.resource = policy(bucket_policy("*", "Deny"));
    EXPECT_EQ(evaluate(r, denied).decision, Decision::kExplicitDeny);
}

TEST_F(EvalTest, KeyPoliciesMustAllowEvenInTheSameAccount) {
    constexpr const char* kKey = "arn:aws:kms:eu-west-1:111122223333:key/1234";
    Layers l;
    l.identity = {policy(allow(R"("kms:Decrypt")", R"("*")"))};
    l.resource_policy_required = true;
    l.resource = policy(R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*",
        "Resource": "*"}})",
                        "key policy");
    EXPECT_EQ(evaluate(request(kAlice, "kms:Decrypt", kKey), l).decision, Decision::kAllowed);
    l.resource = policy(R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "kms:*",
        "Resource": "*"}})",
                        "key policy");
    Result r = evaluate(request(kAlice, "kms:Decrypt", kKey), l);
    EXPECT_EQ(r.decision, Decision::kImplicitDeny);
    EXPECT_EQ(r.reason,
              "implicitly denied: the resource-based policy (key policy or trust policy) must "
              "allow it, and it does not");
}

TEST(Policy, MalformedStatementsAreDiagnosedWithTheirLine) {
    auto parsed = parse_policy_text(R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Action": "s3:PutObject", "Resource": "*"},
    {"Effect": "Allow", "Action": "GetObject", "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
     "Condition": {"StringEqualz": {"aws:SourceVpc": "vpc-1"}}}
  ]
})",
                                    "shop", "policy.json");
    ASSERT_TRUE(parsed.policy.has_value());
    EXPECT_EQ(parsed.policy->statements.size(), 1u);  // the good one is kept
    ASSERT_EQ(parsed.diagnostics.size(), 3u);
    EXPECT_EQ(parsed.diagnostics[0].location.mark.line, 5u);
    EXPECT_NE(parsed.diagnostics[0].message.find("no Effect"), std::string::npos);
    EXPECT_EQ(parsed.diagnostics[1].location.mark.line, 6u);
    EXPECT_NE(parsed.diagnostics[2].message.find("unknown condition operator \"StringEqualz\""),
              std::string::npos);
    auto broken = parse_policy_text("{\"Version\": ", "x", "x.json");
    EXPECT_FALSE(broken.policy.has_value());
    ASSERT_EQ(broken.diagnostics.size(), 1u);
}

TEST(Policy, UrlEncodedDocumentsAreDecoded) {
    auto parsed = parse_policy_text(
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow"
        "%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D",
        "encoded", "authz.json");
    EXPECT_TRUE(parsed.diagnostics.empty());
    ASSERT_TRUE(parsed.policy.has_value());
    ASSERT_EQ(parsed.policy->statements.size(), 1u);
    EXPECT_EQ(parsed.policy->statements[0].actions, std::vector<std::string>{"s3:getobject"});
}

}  // namespace
}  // namespace wasp::iam

namespace wasp::iam {
namespace {

TEST(PolicyIndex, StatementsAreFoundByServiceInTheirOrder) {
    auto parsed = parse_policy_text(R"({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get*", "sqs:SendMessage"], "Resource": "*"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s*:List*", "Resource": "*"}]})",
                                    "p", "p.json");
    ASSERT_TRUE(parsed.policy.has_value());
    std::vector<std::uint32_t> c;
    parsed.policy->candidates("s3", c);
    EXPECT_EQ(c, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
    parsed.policy->candidates("sqs", c);
    EXPECT_EQ(c, (std::vector<std::uint32_t>{0, 1, 3, 4}));
    parsed.policy->candidates("ec2", c);
    EXPECT_EQ(c, (std::vector<std::uint32_t>{1, 3, 4}));
}

}  // namespace
}  // namespace wasp::iam

// Regressions found by the differential test (tests/differential/iam/).
namespace wasp::iam {
namespace {

class DifferentialRegressionTest : public EvalTest {};

// An anonymous request, or one from an AWS service principal, has no account and no identity
// policies: a resource-based policy that names it (or "*") is all it needs. It used to be read as
// a cross-account request and denied for want of an identity-based policy.
TEST_F(DifferentialRegressionTest, ResourcePolicyAloneGrantsAnonymousAndServicePrincipals) {
    Layers l;
    l.resource = policy(R"({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::shop-data/*"},
        {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
         "Action": "sqs:SendMessage", "Resource": "*"}]})");
    Request anonymous = request("*", "s3:GetObject", kBucket);
    anonymous.resource_account = "111122223333";
    EXPECT_EQ(evaluate(anonymous, l).decision, Decision::kAllowed);
    Request unsigned_request = request("", "s3:GetObject", kBucket);
    unsigned_request.resource_account = "111122223333";
    EXPECT_EQ(evaluate(unsigned_request, l).decision, Decision::kAllowed);
    Request service = request("sns.amazonaws.com", "sqs:SendMessage",
                              "arn:aws:sqs:eu-west-1:111122223333:order-events");
    EXPECT_EQ(evaluate(service, l).decision, Decision::kAllowed);
    // Not named: still denied.
    Request other_service = request("events.amazonaws.com", "sqs:SendMessage",
                                    "arn:aws:sqs:eu-west-1:111122223333:order-events");
    EXPECT_EQ(evaluate(other_service, l).decision, Decision::kImplicitDeny);
}

// A NotResource holding a variable the request lacks (aws:username for a role session) leaves
// the statement unresolved: it does not apply, rather than applying to every resource.
TEST_F(DifferentialRegressionTest, NotResourceWithAMissingVariableDoesNotApply) {
    Layers l;
    l.identity = {policy(R"({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket",
         "NotResource": "arn:aws:s3:::home-bucket/${aws:username}/*"}]})")};
    Request session = request("arn:aws:sts::111122223333:assumed-role/reporting/task-7f3c",
                              "s3:ListBucket", "arn:aws:s3:::shop-invoices");
    session.resource_account = "111122223333";
    EXPECT_EQ(evaluate(session, l).decision, Decision::kImplicitDeny);
    // For an IAM user the variable resolves, and NotResource applies as written.
    Request user = request(kAlice, "s3:ListBucket", "arn:aws:s3:::shop-invoices");
    user.resource_account = "111122223333";
    EXPECT_EQ(evaluate(user, l).decision, Decision::kAllowed);
}

}  // namespace
}  // namespace wasp::iam
