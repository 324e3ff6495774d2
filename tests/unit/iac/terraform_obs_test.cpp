// Terraform logging, identity and messaging adapters: the logic the rules' Terraform cases do
// not reach.
#include <algorithm>

#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/terraform.h"
#include "tf_model.h"

namespace wasp::iac {
namespace {

using test::find;
using test::links_to;
using test::model_of;

using core::Node;

std::vector<std::string> texts(const Node* list) {
    std::vector<std::string> out;
    if (list) {
        for (const auto& i : list->items()) out.push_back(i.text());
    }
    return out;
}

TEST(TerraformObs, FirehoseSourceAndKeyTypeFollowTheBlocks) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_kinesis_firehose_delivery_stream.msk", "mode": "managed",
         "type": "aws_kinesis_firehose_delivery_stream", "name": "msk",
         "values": {"name": "from-msk", "destination": "extended_s3",
                    "kinesis_source_configuration": [],
                    "msk_source_configuration": [{"msk_cluster_arn": "arn:aws:kafka:x",
                                                  "topic_name": "orders"}],
                    "server_side_encryption": [{"enabled": false,
                                                "key_type": "AWS_OWNED_CMK",
                                                "key_arn": null}]}},
        {"address": "aws_kinesis_firehose_delivery_stream.cmk", "mode": "managed",
         "type": "aws_kinesis_firehose_delivery_stream", "name": "cmk",
         "values": {"name": "direct", "destination": "extended_s3",
                    "server_side_encryption": [{"enabled": true,
                                                "key_type": "CUSTOMER_MANAGED_CMK",
                                                "key_arn": "arn:aws:kms:eu:1:key/k"}]}}
      ]}}})");
    const CloudResource* msk = find(m, "aws_kinesis_firehose_delivery_stream.msk");
    const CloudResource* cmk = find(m, "aws_kinesis_firehose_delivery_stream.cmk");
    ASSERT_TRUE(msk && cmk);
    EXPECT_EQ(msk->info.kind, "aws.firehose.delivery_stream");
    EXPECT_EQ(msk->attributes.get("source")->text(), "MSKAsSource");
    EXPECT_EQ(msk->attributes.at_path("encryption.enabled")->as_bool(), false);
    // The provider reads back key_type even when encryption is off: it says nothing then.
    EXPECT_EQ(msk->attributes.at_path("encryption.key_type"), nullptr);
    EXPECT_EQ(cmk->attributes.get("source")->text(), "DirectPut");
    EXPECT_EQ(cmk->attributes.get("source")->origin(), core::NodeOrigin::kDefault);
    EXPECT_EQ(cmk->attributes.at_path("encryption.key_type")->text(), "CUSTOMER_MANAGED_CMK");
    EXPECT_EQ(cmk->attributes.at_path("encryption.kms_key")->text(), "arn:aws:kms:eu:1:key/k");
}

TEST(TerraformObs, ConnectionListsSecretArgumentsAndScannedTextButNoValue) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_cloudwatch_event_connection.api", "mode": "managed",
         "type": "aws_cloudwatch_event_connection", "name": "api",
         "values": {"name": "partner", "authorization_type": "API_KEY",
                    "description": "key AKIAIOSFODNN7EXAMPLE of the partner",
                    "auth_parameters": [{"api_key": [{"key": "x-api-key", "value": "k-123"}],
                                         "basic": [], "oauth": []}]}},
        {"address": "aws_cloudwatch_event_connection.oauth", "mode": "managed",
         "type": "aws_cloudwatch_event_connection", "name": "oauth",
         "values": {"name": "idp", "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
                    "auth_parameters": [{"api_key": [], "basic": [], "oauth": [
                        {"authorization_endpoint": "https://idp.example.com/token",
                         "http_method": "POST",
                         "client_parameters": [{"client_id": "shop",
                                                "client_secret": "s-456"}]}]}]}}
      ]}}})");
    const CloudResource* api = find(m, "aws_cloudwatch_event_connection.api");
    const CloudResource* oauth = find(m, "aws_cloudwatch_event_connection.oauth");
    ASSERT_TRUE(api && oauth);
    EXPECT_EQ(api->info.kind, "aws.events.connection");
    EXPECT_EQ(api->attributes.get("authorization_type")->text(), "API_KEY");
    EXPECT_EQ(texts(api->attributes.get("embedded_credentials")),
              (std::vector<std::string>{"auth_parameters[0].api_key[0].value", "description"}));
    EXPECT_EQ(texts(oauth->attributes.get("embedded_credentials")),
              (std::vector<std::string>{
                  "auth_parameters[0].oauth[0].client_parameters[0].client_secret"}));
}

TEST(TerraformObs, RemediationStaysAResourceRelatedToItsRule) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_config_config_rule.r", "mode": "managed",
         "type": "aws_config_config_rule", "name": "r",
         "values": {"name": "s3-public-read"}},
        {"address": "aws_config_remediation_configuration.r", "mode": "managed",
         "type": "aws_config_remediation_configuration", "name": "r",
         "values": {"config_rule_name": "s3-public-read", "target_type": "SSM_DOCUMENT",
                    "target_id": "AWS-DisableS3BucketPublicReadWrite", "automatic": null}},
        {"address": "aws_securityhub_standards_subscription.cis", "mode": "managed",
         "type": "aws_securityhub_standards_subscription", "name": "cis",
         "values": {"standards_arn":
                    "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}}
      ]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_config_remediation_configuration.r", "mode": "managed",
         "type": "aws_config_remediation_configuration", "name": "r",
         "expressions": {"config_rule_name": {"references": ["aws_config_config_rule.r.name",
                                                             "aws_config_config_rule.r"]}}}
      ]}}})");
    ASSERT_EQ(m.resources.size(), 3u);
    const CloudResource* fix = find(m, "aws_config_remediation_configuration.r");
    ASSERT_NE(fix, nullptr);
    EXPECT_EQ(fix->info.kind, "aws.config.remediation_configuration");
    EXPECT_TRUE(links_to(*fix, "config_rule", "aws_config_config_rule.r"));
    EXPECT_EQ(fix->attributes.get("automatic")->as_bool(), false);
    EXPECT_EQ(fix->attributes.get("automatic")->origin(), core::NodeOrigin::kDefault);
    EXPECT_EQ(fix->attributes.get("target")->text(), "AWS-DisableS3BucketPublicReadWrite");
    const CloudResource* cis = find(m, "aws_securityhub_standards_subscription.cis");
    ASSERT_NE(cis, nullptr);
    EXPECT_EQ(cis->info.kind, "aws.securityhub.standard");
}

}  // namespace
}  // namespace wasp::iac
