#include "iac/cfn.h"

#include <gtest/gtest.h>

namespace wasp::iac {
namespace {

using core::Mark;
using core::Node;

struct Loaded {
    CfnTemplate tmpl;
    core::Diagnostics diags;
    const Node& props(std::string_view id) const {
        for (const auto& r : tmpl.resources) {
            if (r.logical_id == id) return r.properties;
        }
        ADD_FAILURE() << "no resource " << id;
        static Node none;
        return none;
    }
};

Loaded load(std::string_view text, const CfnParameters& params = {}) {
    auto r = load_cloudformation(text, "t.yaml", params);
    EXPECT_TRUE(r.tmpl.has_value());
    return {r.tmpl ? *r.tmpl : CfnTemplate{}, r.diagnostics};
}

constexpr std::string_view kTemplate = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  Secret:
    Type: String
    NoEcho: true
  Subnets:
    Type: CommaDelimitedList
    Default: "subnet-a, subnet-b"
Mappings:
  Sizes:
    prod: {Instance: m5.large}
    dev: {Instance: t3.micro}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Either: !Or [!Condition IsDev, !Equals [!Ref Secret, x]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Thing:
    Type: AWS::Test::Thing
    Properties:
      Ref: !Ref Env
      RefResource: !Ref Bucket
      GetAtt: !GetAtt Bucket.Arn
      GetAttList: !GetAtt [Bucket, DomainName]
      Sub: !Sub "${Env}-${AWS::Partition}-${!Literal}"
      SubVars: !Sub ["${A}-x", {A: !Ref Env}]
      SubUnknown: !Sub "${Bucket.Arn}/*"
      Join: !Join ["-", [a, !Ref Env, c]]
      Select: !Select [1, !Ref Subnets]
      Split: !Split [",", "a,b,c"]
      FindInMap: !FindInMap [Sizes, !Ref Env, Instance]
      If: !If [IsProd, big, small]
      IfNoValue: !If [IsDev, x, !Ref AWS::NoValue]
      Equals: !Equals [1, "1"]
      Not: !Not [!Equals [a, b]]
      And: !And [!Condition IsProd, !Condition Both]
      Or: !Or [!Condition IsDev, !Condition IsProd]
      Condition: !Condition IsDev
      Base64: !Base64 "#!/bin/bash"
      ImportValue: !ImportValue shared-vpc
      GetAZs: !GetAZs ""
      Cidr: !Cidr ["10.0.0.0/16", 4, 8]
      NoEcho: !Ref Secret
      Either: !If [Either, a, b]
      Dynamic: "{{resolve:secretsmanager:db:SecretString:password}}"
  OnlyInDev:
    Type: AWS::SQS::Queue
    Condition: IsDev
)";

TEST(Cfn, EveryShortFormTagResolves) {
    Loaded l = load(kTemplate);
    EXPECT_TRUE(l.diags.empty()) << l.diags[0].str();
    const Node& p = l.props("Thing");
    EXPECT_EQ(p.get("Ref")->text(), "prod");
    EXPECT_TRUE(p.get("RefResource")->is_unknown());
    EXPECT_EQ(p.get("RefResource")->ref(), "Bucket");
    EXPECT_EQ(p.get("GetAtt")->ref(), "Bucket");
    EXPECT_EQ(p.get("GetAttList")->ref(), "Bucket");
    EXPECT_EQ(p.get("Sub")->text(), "prod-aws-${Literal}");
    EXPECT_EQ(p.get("SubVars")->text(), "prod-x");
    EXPECT_TRUE(p.get("SubUnknown")->is_unknown());
    EXPECT_EQ(p.get("SubUnknown")->ref(), "Bucket");
    EXPECT_EQ(p.get("Join")->text(), "a-prod-c");
    EXPECT_EQ(p.get("Select")->text(), "subnet-b");
    EXPECT_EQ(p.get("Split")->size(), 3u);
    EXPECT_EQ(p.get("FindInMap")->text(), "m5.large");
    EXPECT_EQ(p.get("If")->text(), "big");
    EXPECT_EQ(p.get("IfNoValue"), nullptr);  // AWS::NoValue removes the property
    EXPECT_EQ(p.get("Equals")->as_bool(), true);
    EXPECT_EQ(p.get("Not")->as_bool(), true);
    EXPECT_EQ(p.get("And")->as_bool(), true);
    EXPECT_EQ(p.get("Or")->as_bool(), true);
    EXPECT_EQ(p.get("Condition")->as_bool(), false);
    EXPECT_EQ(p.get("Base64")->text(), "#!/bin/bash");
    EXPECT_TRUE(p.get("ImportValue")->is_unknown());
    EXPECT_NE(p.get("ImportValue")->text().find("shared-vpc"), std::string::npos);
    EXPECT_TRUE(p.get("GetAZs")->is_unknown());
    EXPECT_TRUE(p.get("Cidr")->is_unknown());
    EXPECT_TRUE(p.get("NoEcho")->is_unknown());
    EXPECT_TRUE(p.get("Either")->is_unknown());  // IsDev false decides nothing; Secret unknown
    EXPECT_TRUE(p.get("Dynamic")->is_unknown());
}

TEST(Cfn, UnknownValuesSayWhyForCode) {
    using core::UnknownCause;
    Loaded l = load(kTemplate);
    const Node& p = l.props("Thing");
    EXPECT_EQ(p.get("RefResource")->cause(), UnknownCause::kResource);
    EXPECT_EQ(p.get("GetAtt")->cause(), UnknownCause::kResource);
    EXPECT_EQ(p.get("SubUnknown")->cause(), UnknownCause::kResource);  // the part's cause
    EXPECT_EQ(p.get("NoEcho")->cause(), UnknownCause::kParameter);
    EXPECT_EQ(p.get("Dynamic")->cause(), UnknownCause::kSecretsManager);
    EXPECT_EQ(p.get("ImportValue")->cause(), UnknownCause::kImport);
    EXPECT_EQ(p.get("Either")->cause(), UnknownCause::kCondition);
    EXPECT_EQ(p.get("GetAZs")->cause(), UnknownCause::kOther);
}

TEST(Cfn, EitherWithUnknownInputsIsUnknownUnlessDecided) {
    Loaded l = load(kTemplate, {{"Env", "dev"}});
    const Node& p = l.props("Thing");
    EXPECT_EQ(p.get("Either")->text(), "a");  // IsDev true decides Or
    EXPECT_EQ(p.get("If")->text(), "small");
    EXPECT_EQ(p.get("FindInMap")->text(), "t3.micro");
    EXPECT_EQ(p.get("IfNoValue")->text(), "x");
}

TEST(Cfn, FalseResourceConditionsLeaveTheResourceOut) {
    Loaded prod = load(kTemplate);
    EXPECT_EQ(prod.tmpl.resources.size(), 2u);
    ASSERT_EQ(prod.tmpl.excluded.size(), 1u);
    EXPECT_EQ(prod.tmpl.excluded[0], "OnlyInDev");
    Loaded dev = load(kTemplate, {{"Env", "dev"}});
    EXPECT_EQ(dev.tmpl.resources.size(), 3u);
}

TEST(Cfn, LongFormJsonResolvesTheSame) {
    Loaded l = load(R"({
  "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
  "Resources": {
    "Q": {"Type": "AWS::SQS::Queue", "Properties": {
      "A": {"Fn::If": ["IsProd", {"Fn::Sub": "${Env}-q"}, "x"]},
      "B": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]},
      "C": {"Fn::GetAtt": ["Q", "Arn"]},
      "D": {"Fn::Select": ["0", {"Fn::Split": ["/", "a/b"]}]}
    }}
  }
})");
    const Node& p = l.props("Q");
    EXPECT_EQ(p.get("A")->text(), "prod-q");
    EXPECT_EQ(p.get("B")->text(), "arn:aws");
    EXPECT_EQ(p.get("C")->ref(), "Q");
    EXPECT_EQ(p.get("D")->text(), "a");
}

TEST(Cfn, ValuesKeepTheLineOfTheirExpression) {
    Loaded l = load(kTemplate);
    const Node& p = l.props("Thing");
    EXPECT_EQ(p.get("Ref")->mark().line, 27u);
    EXPECT_EQ(p.get("FindInMap")->mark().line, 37u);
    EXPECT_EQ(l.tmpl.resources[0].mark, (Mark{22, 3}));
}

TEST(Cfn, UnknownConditionMakesIfUnknownAndMaybeAbsent) {
    Loaded l = load(R"(Parameters:
  Flag: {Type: String}
Conditions:
  On: !Equals [!Ref Flag, "yes"]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      A: !If [On, 1, 2]
      Same: !If [On, 1, 1]
      Maybe: !If [On, 1, !Ref AWS::NoValue]
)");
    const Node& p = l.props("B");
    EXPECT_TRUE(p.get("A")->is_unknown());
    EXPECT_EQ(p.get("Same")->text(), "1");
    EXPECT_EQ(p.get("Maybe")->origin(), core::NodeOrigin::kMaybeAbsent);
}

TEST(Cfn, ErrorsAreDiagnosticsWithPositions) {
    auto r = load_cloudformation(R"(Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      A: !Ref Missing
      C: !FindInMap [Nope, a, b]
      D: !If [NoSuchCondition, 1, 2]
  NoType:
    Properties: {}
)",
                                 "bad.yaml", {});
    ASSERT_TRUE(r.tmpl.has_value());
    ASSERT_EQ(r.diagnostics.size(), 4u);
    EXPECT_EQ(r.diagnostics[0].code, "cfn-undefined-ref");
    EXPECT_EQ(r.diagnostics[0].location.mark.line, 5u);
    EXPECT_EQ(r.diagnostics[1].code, "cfn-mapping-missing");
    EXPECT_EQ(r.diagnostics[2].code, "cfn-undefined-condition");
    EXPECT_EQ(r.diagnostics[3].code, "cfn-structure");
    EXPECT_EQ(r.diagnostics[3].location.str(), "bad.yaml:8:3");
}

TEST(Cfn, SyntaxErrorIsOneDiagnostic) {
    auto r = load_cloudformation("Resources:\n  B: [\n", "x.yaml", {});
    EXPECT_FALSE(r.tmpl.has_value());
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "yaml-syntax");
    EXPECT_EQ(r.diagnostics[0].location.file, "x.yaml");
}

TEST(Cfn, ConditionCycleIsAnError) {
    auto r = load_cloudformation(R"(Conditions:
  A: !Condition B
  B: !Condition A
Resources:
  Q:
    Type: AWS::SQS::Queue
    Condition: A
)",
                                 "c.yaml", {});
    ASSERT_TRUE(r.tmpl.has_value());
    EXPECT_EQ(r.tmpl->resources.size(), 1u);  // unknown condition: kept
    bool cycle = false;
    for (const auto& d : r.diagnostics) cycle |= d.code == "cfn-condition-cycle";
    EXPECT_TRUE(cycle);
}

TEST(Cfn, SamGlobalsMergeIntoFunctions) {
    Loaded l = load(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment:
      Variables: {A: "1"}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables: {B: "2"}
)");
    EXPECT_TRUE(l.tmpl.sam);
    const Node& p = l.props("Fn");
    EXPECT_EQ(p.get("Runtime")->text(), "python3.12");
    EXPECT_EQ(p.at_path("Environment.Variables.A")->text(), "1");
    EXPECT_EQ(p.at_path("Environment.Variables.B")->text(), "2");
}

TEST(Cfn, SamGeneratedResourcesCanBeReferenced) {
    auto r = load_cloudformation(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: .}
  Out:
    Type: AWS::SSM::Parameter
    Properties:
      Role: !GetAtt FnRole.Arn
      Api: !Sub "https://${ServerlessRestApi}.execute-api"
      Url: !Ref FnUrl
)",
                                 "sam.yaml", {});
    EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].str();
    ASSERT_TRUE(r.tmpl.has_value());
    EXPECT_TRUE(r.tmpl->resources[1].properties.get("Role")->is_unknown());
}

TEST(Cfn, CdkMetadataGivesConstructPath) {
    Loaded l = load(R"({"Resources": {"Bucket83908E77": {"Type": "AWS::S3::Bucket",
      "Metadata": {"aws:cdk:path": "ShopStack/Assets/Resource"}}}})");
    EXPECT_TRUE(l.tmpl.cdk);
    EXPECT_EQ(l.tmpl.resources[0].cdk_path, "ShopStack/Assets/Resource");
}

TEST(CfnParameters, ThreeFileShapes) {
    auto a = load_cfn_parameters(R"([{"ParameterKey": "Env", "ParameterValue": "dev"}])", "p.json");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->at("Env"), "dev");
    auto b = load_cfn_parameters(R"({"Parameters": {"Env": "qa"}})", "p.json");
    EXPECT_EQ(b->at("Env"), "qa");
    auto c = load_cfn_parameters("Env: prod\n", "p.yaml");
    EXPECT_EQ(c->at("Env"), "prod");
    EXPECT_FALSE(load_cfn_parameters("[1, 2]", "p.json").has_value());
}

}  // namespace
}  // namespace wasp::iac
