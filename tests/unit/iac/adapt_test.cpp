#include "iac/adapt.h"

#include <gtest/gtest.h>

namespace wasp::iac {
namespace {

Model model_of(std::string_view text) {
    auto r = load_cloudformation(text, "m.yaml", {});
    EXPECT_TRUE(r.tmpl.has_value());
    Model m;
    if (r.tmpl) adapt_cloudformation(*r.tmpl, m);
    link(m);
    return m;
}

const CloudResource& find(const Model& m, std::string_view id) {
    for (const auto& r : m.resources) {
        if (r.info.id == id) return r;
    }
    ADD_FAILURE() << "no resource " << id;
    return m.resources.front();
}

TEST(Adapt, NeutralKinds) {
    EXPECT_EQ(neutral_kind("AWS::S3::Bucket"), "aws.s3.bucket");
    EXPECT_EQ(neutral_kind("AWS::Serverless::Function"), "aws.lambda.function");
    EXPECT_EQ(neutral_kind("AWS::EFS::FileSystem"), "aws.efs.file_system");
    EXPECT_EQ(neutral_kind("AWS::EC2::VPCEndpoint"), "aws.ec2.vpc_endpoint");
    EXPECT_EQ(neutral_kind("AWS::ElastiCache::ReplicationGroup"),
              "aws.elasticache.replication_group");
    EXPECT_EQ(neutral_kind("AWS::DocDB::DBCluster"), "aws.docdb.db_cluster");
    EXPECT_EQ(neutral_kind("AWS::ElasticLoadBalancingV2::LoadBalancer"), "aws.elb.load_balancer");
    EXPECT_EQ(neutral_kind("AWS::ElasticLoadBalancing::LoadBalancer"),
              "aws.elb.classic_load_balancer");
    EXPECT_EQ(neutral_kind("AWS::OpenSearchService::Domain"), "aws.opensearch.domain");
    EXPECT_EQ(neutral_kind("Custom::Thing"), "custom.thing");
}

TEST(Adapt, BucketDefaultsAreMarkedAsDefaults) {
    Model m = model_of("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
    const auto& b = find(m, "B");
    const core::Node* alg = b.attributes.at_path("encryption.algorithm");
    ASSERT_NE(alg, nullptr);
    EXPECT_EQ(alg->text(), "AES256");
    EXPECT_EQ(alg->origin(), core::NodeOrigin::kDefault);
    EXPECT_EQ(b.attributes.at_path("versioning.enabled")->as_bool(), false);
    EXPECT_EQ(b.attributes.at_path("public_access_block.block_public_acls")->as_bool(), true);
}

TEST(Adapt, RelationsFollowRefsAndNames) {
    Model m = model_of(R"(Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shop-logs}
  Data:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: {DestinationBucketName: shop-logs}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument: {Statement: []}
)");
    std::size_t data = 1, logs = 0, policy = 2;
    ASSERT_EQ(m.resources[data].info.id, "Data");
    EXPECT_EQ(m.related(data, "policy"), std::vector<std::size_t>{policy});
    EXPECT_EQ(m.related(policy, "bucket"), std::vector<std::size_t>{data});
    EXPECT_EQ(m.related(data, "logs_to"), std::vector<std::size_t>{logs});
    EXPECT_EQ(m.related(logs, "receives_logs_from"), std::vector<std::size_t>{data});
}

// A reference in one branch of an Fn::If whose condition cannot be evaluated is a relation
// that may not hold; one in a branch of a decided condition is an ordinary one or none.
TEST(Adapt, ReferenceInUndecidableIfIsMaybeRelation) {
    Model m = model_of(R"(Parameters:
  Env: {Type: String}
  Archive: {Type: String, Default: 'yes'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  ToArchive: !Equals [!Ref Archive, 'yes']
Resources:
  Logs:
    Type: AWS::S3::Bucket
  Data:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: !If
        - IsProd
        - DestinationBucketName: !Ref Logs
        - !Ref AWS::NoValue
  Other:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: !If
        - ToArchive
        - !Ref AWS::NoValue
        - DestinationBucketName: !Ref Logs
)");
    std::size_t logs = 0, data = 1, other = 2;
    auto rels = m.relations_of(data, "logs_to");
    ASSERT_EQ(rels.size(), 1u);
    EXPECT_EQ(rels[0]->to, logs);
    EXPECT_NE(rels[0]->maybe.find("IsProd"), std::string::npos) << rels[0]->maybe;
    auto back = m.relations_of(logs, "receives_logs_from");
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0]->from, logs);
    EXPECT_FALSE(back[0]->maybe.empty());
    EXPECT_TRUE(m.related(other, "logs_to").empty());  // the condition holds: no logging
}

TEST(Adapt, UndecidableIfKeepsItsBranches) {
    auto r = load_cloudformation(R"(Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsEu: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !If [IsProd, !If [IsEu, a, b], !Ref AWS::NoValue]
)",
                                 "m.yaml", {});
    ASSERT_TRUE(r.tmpl.has_value());
    const core::Node* name = r.tmpl->resources.front().properties.get("BucketName");
    ASSERT_NE(name, nullptr);
    ASSERT_TRUE(name->is_unknown());
    EXPECT_EQ(name->origin(), core::NodeOrigin::kMaybeAbsent);
    auto alts = name->alternatives();
    ASSERT_EQ(alts.size(), 3u);  // the nested choice is flattened
    EXPECT_EQ(alts[0].text(), "a");
    EXPECT_EQ(alts[1].text(), "b");
    EXPECT_TRUE(alts[2].is_null());
}

TEST(Adapt, SecretResourcePolicyNamesItsSecret) {
    Model m = model_of(R"(Resources:
  DbSecret:
    Type: AWS::SecretsManager::Secret
  DbSecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref DbSecret
      ResourcePolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::444455556666:root}
            Action: secretsmanager:GetSecretValue
            Resource: '*'
)");
    const auto& p = find(m, "DbSecretPolicy");
    EXPECT_EQ(p.info.kind, "aws.secretsmanager.resource_policy");
    const core::Node* st = p.attributes.at_path("statements[0].principals[0].value");
    ASSERT_NE(st, nullptr);
    EXPECT_EQ(st->text(), "arn:aws:iam::444455556666:root");
    EXPECT_EQ(m.related(0, "policy"), std::vector<std::size_t>{1});
}

TEST(Adapt, SecurityGroupRulesNormalised) {
    Model m = model_of(R"(Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: "-1", CidrIp: 10.0.0.0/8}
        - {IpProtocol: "6", FromPort: 22, ToPort: 22, CidrIpv6: "::/0"}
  Extra:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Sg.GroupId, IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}
)");
    ASSERT_EQ(m.resources.size(), 1u);  // the standalone rule joined its group
    const auto* in = m.resources[0].attributes.get("ingress");
    ASSERT_EQ(in->size(), 3u);
    EXPECT_EQ(in->items()[0].get("protocol")->text(), "all");
    EXPECT_EQ(in->items()[0].get("to_port")->text(), "65535");
    EXPECT_EQ(in->items()[1].get("protocol")->text(), "tcp");
    EXPECT_EQ(in->items()[2].get("from_port")->text(), "3389");
    EXPECT_EQ(in->items()[2].mark().line, 11u);
}

TEST(Adapt, PolicyStatementsNormalised) {
    Model m = model_of(R"(Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: "*", Resource: "*"}
)");
    const auto& role = find(m, "Role");
    const auto* st = role.attributes.get("statements");
    ASSERT_EQ(st->size(), 1u);
    EXPECT_EQ(st->items()[0].get("policy_name")->text(), "app");
    EXPECT_EQ(st->items()[0].get("actions")->items()[0].text(), "*");
    const auto* trust = role.attributes.get("trust_statements");
    EXPECT_EQ(trust->items()[0].at_path("principals[0].type")->text(), "Service");
}

TEST(Adapt, TagsAndClassification) {
    Model m = model_of(R"(Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      Tags: [{Key: data-classification, Value: confidential}]
)");
    const auto& t = find(m, "T");
    EXPECT_EQ(t.attributes.get("data_classification")->text(), "confidential");
    ASSERT_EQ(t.info.tags.size(), 1u);
    EXPECT_EQ(t.attributes.at_path("encryption.key_type")->text(), "aws_owned");
}

}  // namespace
}  // namespace wasp::iac
