#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/rules.h"

namespace wasp::iac {
namespace {

constexpr std::string_view kHeader = R"(id: T-1
title: test
severity: high
best_practices: [SEC08-BP02]
kinds: [aws.s3.bucket]
description: d
remediation: r
)";

Rule rule_with(std::string_view check) {
    RuleSet set = parse_rule(std::string(kHeader) + std::string(check), "r.yaml");
    EXPECT_TRUE(set.diagnostics.empty()) << set.diagnostics[0].str();
    EXPECT_EQ(set.rules.size(), 1u);
    return set.rules.empty() ? Rule{} : set.rules[0];
}

core::Outcome outcome(const Rule& rule, std::string_view tmpl, std::string* detail = nullptr) {
    auto loaded = load_cloudformation(tmpl, "t.yaml", {});
    Model m;
    adapt_cloudformation(*loaded.tmpl, m);
    link(m);
    Evaluation ev = evaluate({rule}, m);
    EXPECT_EQ(ev.checks.size(), 1u);
    if (detail) *detail = ev.checks[0].detail;
    return ev.checks[0].outcome;
}

constexpr std::string_view kBucket = R"(Parameters:
  P: {Type: String}
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-bucket
      Tags: [{Key: team, Value: shop}, {Key: env, Value: prod}]
      VersioningConfiguration: {Status: !Ref P}
)";

TEST(RulesLanguage, Operators) {
    using core::Outcome;
    EXPECT_EQ(outcome(rule_with("check: {attr: name, equals: my-bucket}"), kBucket),
              Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, not_equals: my-bucket}"), kBucket),
              Outcome::kFail);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, in: [a, my-bucket]}"), kBucket),
              Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, not_in: [a]}"), kBucket), Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, matches: '^my-'}"), kBucket), Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, not_matches: '^my-'}"), kBucket),
              Outcome::kFail);
    EXPECT_EQ(outcome(rule_with("check: {attr: name, contains: bucket}"), kBucket), Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: tags.team, exists: true}"), kBucket),
              Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {attr: tags.owner, exists: false}"), kBucket),
              Outcome::kPass);
    EXPECT_EQ(
        outcome(rule_with("check: {attr: properties.BucketName, equals: my-bucket}"), kBucket),
        Outcome::kPass);
}

TEST(RulesLanguage, NumericComparisons) {
    constexpr std::string_view kDb =
        "Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {BackupRetentionPeriod: "
        "7}\n";
    auto r = [](std::string_view c) {
        RuleSet s = parse_rule(std::string(R"(id: T-2
title: t
severity: low
best_practices: [SEC08-BP02]
kinds: [aws.rds.instance]
description: d
remediation: r
)") + std::string(c),
                               "r.yaml");
        return s.rules.at(0);
    };
    using core::Outcome;
    EXPECT_EQ(outcome(r("check: {attr: backup_retention_days, gte: 7}"), kDb), Outcome::kPass);
    EXPECT_EQ(outcome(r("check: {attr: backup_retention_days, gt: 7}"), kDb), Outcome::kFail);
    EXPECT_EQ(outcome(r("check: {attr: backup_retention_days, lt: 8}"), kDb), Outcome::kPass);
    EXPECT_EQ(outcome(r("check: {attr: backup_retention_days, lte: 6}"), kDb), Outcome::kFail);
}

TEST(RulesLanguage, UnknownIsNeverPassOrFail) {
    using core::Outcome;
    std::string detail;
    EXPECT_EQ(
        outcome(rule_with("check: {attr: versioning.enabled, equals: true}"), kBucket, &detail),
        Outcome::kUnknown);
    EXPECT_NE(detail.find("parameter P"), std::string::npos);
    // Kleene logic: a decided term decides the whole.
    EXPECT_EQ(outcome(rule_with("check: {any: [{attr: versioning.enabled, equals: true}, {attr: "
                                "name, equals: my-bucket}]}"),
                      kBucket),
              Outcome::kPass);
    EXPECT_EQ(outcome(rule_with("check: {all: [{attr: versioning.enabled, equals: true}, {attr: "
                                "name, equals: x}]}"),
                      kBucket),
              Outcome::kFail);
    EXPECT_EQ(outcome(rule_with("check: {not: {attr: versioning.enabled, equals: true}}"), kBucket),
              Outcome::kUnknown);
}

TEST(RulesLanguage, WhenMakesNotApplicable) {
    Rule r = rule_with("when: {attr: tags.env, equals: dev}\ncheck: {attr: name, equals: x}");
    EXPECT_EQ(outcome(r, kBucket), core::Outcome::kNotApplicable);
}

TEST(RulesLanguage, FailureNamesTheValueAndItsLine) {
    Rule r = rule_with("check: {attr: name, equals: other}");
    auto loaded = load_cloudformation(kBucket, "t.yaml", {});
    Model m;
    adapt_cloudformation(*loaded.tmpl, m);
    Evaluation ev = evaluate({r}, m);
    ASSERT_EQ(ev.findings.size(), 1u);
    EXPECT_EQ(ev.findings[0].message, "name is \"my-bucket\"; it should equal \"other\"");
    EXPECT_EQ(ev.findings[0].location.str(), "t.yaml:7:19");
    EXPECT_EQ(ev.findings[0].fingerprint.size(), 32u);
}

TEST(RulesLanguage, NoMatchingResourceIsOneNotApplicableCheck) {
    Rule r = rule_with("check: {attr: name, equals: x}");
    auto loaded =
        load_cloudformation("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", "t.yaml", {});
    Model m;
    adapt_cloudformation(*loaded.tmpl, m);
    Evaluation ev = evaluate({r}, m);
    ASSERT_EQ(ev.checks.size(), 1u);
    EXPECT_EQ(ev.checks[0].outcome, core::Outcome::kNotApplicable);
    EXPECT_EQ(ev.checks[0].resource, core::kNoResource);
}

TEST(RulesLanguage, LoadErrorsHavePositions) {
    struct Case {
        std::string text;
        std::string message;
        std::uint32_t line;
    };
    std::vector<Case> cases = {
        {std::string(kHeader) + "check: {attr: x, equal: 1}\n", "unknown operator 'equal'", 8},
        {std::string(kHeader) + "check: {attr: x, matches: '('}\n", "invalid regular expression",
         8},
        {std::string(kHeader) + "check: {attr: x, in: 3}\n", "expected a list", 8},
        {std::string(kHeader) + "check: {attr: x, gt: many}\n", "expected a number", 8},
        {std::string(kHeader) + "check: {bogus: 1}\n", "expected one of", 8},
        {std::string(kHeader) + "chek: {attr: x, exists: true}\n", "unknown key 'chek'", 8},
        {"id: X\ntitle: t\nseverity: urgent\n", "severity must be", 3},
        {std::string(kHeader), "missing required key 'check'", 1},
        {"id: [unclosed\n", "", 1},
    };
    for (const auto& c : cases) {
        RuleSet s = parse_rule(c.text, "bad.yaml");
        ASSERT_EQ(s.rules.size(), 0u) << c.text;
        ASSERT_EQ(s.diagnostics.size(), 1u) << c.text;
        EXPECT_NE(s.diagnostics[0].message.find(c.message), std::string::npos)
            << s.diagnostics[0].message;
        EXPECT_EQ(s.diagnostics[0].location.file, "bad.yaml");
        EXPECT_GE(s.diagnostics[0].location.mark.line, c.line) << c.text;
    }
}

TEST(RulesLanguage, DuplicateIdsAreReported) {
    RuleSet a = parse_rule(std::string(kHeader) + "check: {attr: x, exists: true}", "a.yaml");
    merge(a, parse_rule(std::string(kHeader) + "check: {attr: x, exists: true}", "b.yaml"));
    EXPECT_EQ(a.rules.size(), 1u);
    ASSERT_EQ(a.diagnostics.size(), 1u);
    EXPECT_EQ(a.diagnostics[0].code, "rule-duplicate");
}

}  // namespace
}  // namespace wasp::iac

namespace wasp::iac {
namespace {

// Regression cases: each of these gave a wrong outcome before the fix next to it.
TEST(RulesLanguage, EachAndRelatedAcceptTheAllQuantifier) {
    Rule r = rule_with("check:\n  each: tags\n  all: {attr: '.', exists: true}\n");
    EXPECT_EQ(outcome(r, kBucket), core::Outcome::kPass);
}

TEST(RulesLanguage, DotIsTheItemItself) {
    constexpr std::string_view kRole = R"(Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
)";
    RuleSet s = parse_rule(R"(id: T-3
title: t
severity: high
best_practices: [SEC03-BP02]
kinds: [aws.iam.role]
description: d
remediation: r
check:
  each: managed_policies
  none: {attr: '.', matches: 'AdministratorAccess$'}
)",
                           "r.yaml");
    ASSERT_EQ(s.rules.size(), 1u);
    EXPECT_EQ(outcome(s.rules[0], kRole), core::Outcome::kFail);
}

TEST(RulesLanguage, UnknownParentBlockIsUnknownNotTheDefault) {
    constexpr std::string_view kTmpl = R"(Parameters:
  P: {Type: String}
Conditions:
  C: !Equals [!Ref P, x]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !If [C, {Status: Enabled}, {Status: Suspended}]
)";
    EXPECT_EQ(outcome(rule_with("check: {attr: versioning.enabled, equals: true}"), kTmpl),
              core::Outcome::kUnknown);
}

TEST(RulesLanguage, UnknownPoliciesAreNotAnEmptyList) {
    constexpr std::string_view kTmpl = R"(Parameters:
  P: {Type: String}
Conditions:
  C: !Equals [!Ref P, x]
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      Policies: !If [C, [{PolicyName: a, PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}], !Ref AWS::NoValue]
)";
    RuleSet s = parse_rule(R"(id: T-4
title: t
severity: high
best_practices: [SEC03-BP02]
kinds: [aws.iam.role]
description: d
remediation: r
check:
  each: statements
  none: {attr: actions, contains: "*"}
)",
                           "r.yaml");
    EXPECT_EQ(outcome(s.rules.at(0), kTmpl), core::Outcome::kUnknown);
}

TEST(RulesLanguage, ARefIsCertainlyPresent) {
    constexpr std::string_view kTmpl = R"(Resources:
  K: {Type: AWS::KMS::Key}
  T:
    Type: AWS::SNS::Topic
    Properties: {KmsMasterKeyId: !Ref K}
)";
    RuleSet s = parse_rule(R"(id: T-5
title: t
severity: high
best_practices: [SEC08-BP02]
kinds: [aws.sns.topic]
description: d
remediation: r
check: {attr: encryption.enabled, equals: true}
)",
                           "r.yaml");
    EXPECT_EQ(outcome(s.rules.at(0), kTmpl), core::Outcome::kPass);
}

TEST(RulesLanguage, KindsMustLookLikeKinds) {
    RuleSet s = parse_rule(R"(id: T-6
title: t
severity: high
best_practices: [SEC08-BP02]
kinds: [AWS::SNS::Topic]
description: d
remediation: r
check: {attr: x, exists: true}
)",
                           "r.yaml");
    EXPECT_TRUE(s.rules.empty());
    ASSERT_EQ(s.diagnostics.size(), 1u);
    EXPECT_NE(s.diagnostics[0].message.find("not a resource kind"), std::string::npos);
}

}  // namespace
}  // namespace wasp::iac

namespace wasp::iac {
namespace {

TEST(RulesLanguage, AValueReadThroughAnUnknownBlockMayBeAbsent) {
    constexpr std::string_view kTmpl = R"(Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: !If [IsProd, {DestinationBucketName: logs}, {LogFilePrefix: local/}]
)";
    EXPECT_EQ(outcome(rule_with("check: {attr: logging.target_bucket, exists: true}"), kTmpl),
              core::Outcome::kUnknown);
}

}  // namespace
}  // namespace wasp::iac
