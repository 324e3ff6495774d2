// Terraform edge and network adapters: the logic the rules' Terraform cases do not reach.
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

TEST(TerraformEdge, MethodPathOfOneMethodBecomesResourcePathAndMethod) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_api_gateway_stage.prod", "mode": "managed",
         "type": "aws_api_gateway_stage", "name": "prod",
         "values": {"stage_name": "prod", "cache_cluster_enabled": false}},
        {"address": "aws_api_gateway_method_settings.one", "mode": "managed",
         "type": "aws_api_gateway_method_settings", "name": "one",
         "values": {"method_path": "orders/{id}/GET", "settings": [{"logging_level": "INFO"}]}}
      ]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_api_gateway_method_settings.one", "mode": "managed",
         "type": "aws_api_gateway_method_settings", "name": "one",
         "expressions": {"stage_name": {"references": ["aws_api_gateway_stage.prod.stage_name",
                                                       "aws_api_gateway_stage.prod"]}}}
      ]}}})");
    ASSERT_EQ(m.resources.size(), 1u);  // the settings are merged into their stage
    const CloudResource* s = find(m, "aws_api_gateway_stage.prod");
    ASSERT_NE(s, nullptr);
    const Node* item = s->attributes.at_path("method_settings[0]");
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->get("resource_path")->text(), "/orders~1{id}");
    EXPECT_EQ(item->get("http_method")->text(), "GET");
    EXPECT_EQ(item->get("logging_level")->text(), "INFO");
    EXPECT_EQ(item->get("cache_data_encrypted")->as_bool(), false);
    EXPECT_EQ(item->get("cache_data_encrypted")->origin(), core::NodeOrigin::kDefault);
}

TEST(TerraformEdge, ClassicLoadBalancerAccessLogsBlockIsEnabledByDefault) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_elb.on", "mode": "managed", "type": "aws_elb", "name": "on",
         "values": {"internal": true, "listener": [], "access_logs": [{"bucket": "elb-logs",
                    "enabled": null, "interval": 60}]}},
        {"address": "aws_elb.off", "mode": "managed", "type": "aws_elb", "name": "off",
         "values": {"internal": false, "listener": [], "access_logs": []}}
      ]}}})");
    const CloudResource* on = find(m, "aws_elb.on");
    const CloudResource* off = find(m, "aws_elb.off");
    ASSERT_TRUE(on && off);
    EXPECT_EQ(on->info.kind, "aws.elb.classic_load_balancer");
    EXPECT_EQ(on->attributes.at_path("access_logs.enabled")->as_bool(), true);
    EXPECT_EQ(on->attributes.at_path("access_logs.bucket")->text(), "elb-logs");
    EXPECT_EQ(on->attributes.get("scheme")->text(), "internal");
    EXPECT_EQ(off->attributes.at_path("access_logs.enabled")->as_bool(), false);
    EXPECT_EQ(off->attributes.get("scheme")->text(), "internet-facing");
}

TEST(TerraformEdge, ImportedCertificateIsNotValidatedByAcm) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_acm_certificate.imported", "mode": "managed",
         "type": "aws_acm_certificate", "name": "imported",
         "values": {"certificate_body": "-----BEGIN CERTIFICATE-----", "private_key": "k",
                    "certificate_authority_arn": null}}
      ]}}})");
    const CloudResource* c = find(m, "aws_acm_certificate.imported");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->attributes.get("validation_method")->text(), "NONE");
    EXPECT_EQ(c->attributes.get("private")->as_bool(), false);
}

TEST(TerraformNetwork, DefaultNetworkAclInlineRulesAreEntries) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_default_network_acl.main", "mode": "managed",
         "type": "aws_default_network_acl", "name": "main",
         "values": {"ingress": [{"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 0,
                                 "ipv6_cidr_block": "", "protocol": "-1", "rule_no": 100,
                                 "to_port": 0}],
                    "egress": [{"action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 443,
                                "ipv6_cidr_block": "", "protocol": "6", "rule_no": 100,
                                "to_port": 443}]}}
      ]}}})");
    const CloudResource* acl = find(m, "aws_default_network_acl.main");
    ASSERT_NE(acl, nullptr);
    EXPECT_EQ(acl->info.kind, "aws.ec2.network_acl");
    const Node* entries = acl->attributes.get("entries");
    ASSERT_NE(entries, nullptr);
    ASSERT_EQ(entries->size(), 2u);
    const Node& in = entries->items()[0];
    EXPECT_EQ(in.get("protocol")->text(), "all");
    EXPECT_EQ(in.get("to_port")->text(), "65535");
    EXPECT_EQ(in.get("egress")->as_bool(), false);
    EXPECT_EQ(in.get("cidr_ipv6"), nullptr);
    const Node& out = entries->items()[1];
    EXPECT_EQ(out.get("protocol")->text(), "tcp");
    EXPECT_EQ(out.get("egress")->as_bool(), true);
    EXPECT_EQ(out.get("rule_number")->text(), "100");
}

}  // namespace
}  // namespace wasp::iac
