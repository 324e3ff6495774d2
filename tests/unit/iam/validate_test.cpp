// Policy validation against the action catalog: each issue code, found where it is and not
// where it is not.
#include "iam/validate.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace wasp::iam {
namespace {

std::vector<std::string> codes(std::string_view json, PolicyKind kind = PolicyKind::kIdentity) {
    auto parsed = parse_policy_text(json, "p", "p.json");
    for (const auto& d : parsed.diagnostics) ADD_FAILURE() << d.str();
    std::vector<std::string> out;
    if (!parsed.policy) return out;
    for (const auto& i : validate_policy(*parsed.policy, kind, Catalog::builtin())) {
        out.push_back(i.code);
    }
    return out;
}

std::string one(std::string_view statement_body) {
    return std::string(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )") +
           std::string(statement_body) + "}]}";
}

bool has(const std::vector<std::string>& v, std::string_view code) {
    return std::find(v.begin(), v.end(), code) != v.end();
}

TEST(Validate, ACleanPolicyHasNoIssue) {
    EXPECT_TRUE(codes(one(R"("Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": "arn:aws:s3:::shop-data/*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"},
                      "ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]},
                      "StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}})"))
                    .empty());
}

TEST(Validate, UnknownServicesAndActions) {
    EXPECT_TRUE(has(codes(one(R"("Action": "s4:GetObject", "Resource": "*")")), "unknown-service"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObjekt", "Resource": "*")")), "unknown-action"));
    EXPECT_TRUE(codes(one(R"("Action": "s3:Get*", "Resource": "*")")).empty());
    EXPECT_TRUE(has(codes(one(R"("Action": ["s3:*", "s3:GetObject"], "Resource": "*")")),
                    "redundant-action"));
}

TEST(Validate, ResourcesTheActionsCannotUse) {
    // Describe actions take no resource ARN.
    EXPECT_TRUE(has(codes(one(R"("Action": "ec2:DescribeInstances",
        "Resource": "arn:aws:ec2:eu-west-1:111122223333:instance/*")")),
                    "action-resource-mismatch"));
    EXPECT_FALSE(has(codes(one(R"("Action": "ec2:DescribeInstances", "Resource": "*")")),
                     "action-resource-mismatch"));
    // A queue action on a topic ARN.
    EXPECT_TRUE(has(codes(one(R"("Action": "sqs:SendMessage",
        "Resource": "arn:aws:sns:eu-west-1:111122223333:orders")")),
                    "action-resource-mismatch"));
    EXPECT_FALSE(has(codes(one(R"("Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders")")),
                     "action-resource-mismatch"));
    // A service wildcard on a bucket's objects: some actions fit, which is what it means.
    EXPECT_FALSE(has(codes(one(R"("Action": "s3:*", "Resource": "arn:aws:s3:::b/*")")),
                     "action-resource-mismatch"));
}

TEST(Validate, ConditionKeysOperatorsAndValues) {
    EXPECT_TRUE(has(codes(one(R"("Action": "sqs:SendMessage", "Resource": "*",
        "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}})")),
                    "unsupported-condition-key"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:NoSuchKey": "x"}})")),
                    "unknown-condition-key"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"NumericEquals": {"aws:SecureTransport": "1"}})")),
                    "condition-type-mismatch"));
    // String operators on ARN keys are fine.
    EXPECT_FALSE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci-*"}})")),
                     "condition-type-mismatch"));
    EXPECT_TRUE(has(codes(one(R"("Action": "ec2:CreateTags", "Resource": "*",
        "Condition": {"StringEquals": {"aws:TagKeys": "team"}})")),
                    "multivalued-key-without-set-operator"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalAccount": "111122223333"}})")),
                    "set-operator-on-single-valued-key"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}})")),
                    "condition-value-invalid"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}})")),
                    "condition-value-invalid"));
}

TEST(Validate, ShapesOfStatements) {
    EXPECT_TRUE(has(codes(one(R"("NotAction": "iam:*", "Resource": "*")")), "allow-not-action"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject", "NotResource": "arn:aws:s3:::x/*")")),
                    "allow-not-resource"));
    EXPECT_TRUE(
        has(codes(one(R"("Action": "s3:GetObject", "Resource": "*")"), PolicyKind::kResource),
            "missing-principal"));
    EXPECT_TRUE(has(codes(one(R"("Principal": "*", "Action": "s3:GetObject", "Resource": "*")")),
                    "unexpected-principal"));
    EXPECT_TRUE(has(codes(one(R"("Action": "s3:GetObject")")), "missing-resource"));
    EXPECT_FALSE(has(codes(one(R"("Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole")"),
                           PolicyKind::kTrust),
                     "missing-resource"));
    EXPECT_TRUE(has(codes(R"({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})"),
                    "duplicate-statement"));
}

}  // namespace
}  // namespace wasp::iam
