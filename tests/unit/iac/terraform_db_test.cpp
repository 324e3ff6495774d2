// Terraform database adapters: the logic the rules' Terraform cases do not reach.
#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/terraform.h"
#include "tf_model.h"

namespace wasp::iac {
namespace {

using test::find;
using test::links_to;
using test::model_of;

TEST(TerraformDb, RedshiftRequireSslReadsEveryBooleanSpelling) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_redshift_parameter_group.one", "mode": "managed",
         "type": "aws_redshift_parameter_group", "name": "one",
         "values": {"name": "one", "family": "redshift-1.0",
                    "parameter": [{"name": "require_ssl", "value": "1"}]}},
        {"address": "aws_redshift_parameter_group.on", "mode": "managed",
         "type": "aws_redshift_parameter_group", "name": "on",
         "values": {"name": "on", "family": "redshift-1.0",
                    "parameter": [{"name": "enable_user_activity_logging", "value": "true"},
                                  {"name": "require_ssl", "value": "ON"}]}},
        {"address": "aws_redshift_parameter_group.unset", "mode": "managed",
         "type": "aws_redshift_parameter_group", "name": "unset",
         "values": {"name": "unset", "family": "redshift-1.0",
                    "parameter": [{"name": "enable_user_activity_logging", "value": "true"}]}}
      ]}}})");
    const CloudResource* one = find(m, "aws_redshift_parameter_group.one");
    const CloudResource* on = find(m, "aws_redshift_parameter_group.on");
    const CloudResource* unset = find(m, "aws_redshift_parameter_group.unset");
    ASSERT_TRUE(one && on && unset);
    EXPECT_EQ(one->info.kind, "aws.redshift.cluster_parameter_group");
    EXPECT_EQ(one->attributes.get("require_tls")->as_bool(), true);
    EXPECT_EQ(on->attributes.get("require_tls")->as_bool(), true);
    EXPECT_EQ(unset->attributes.get("require_tls")->as_bool(), false);
    EXPECT_EQ(unset->attributes.get("require_tls")->origin(), core::NodeOrigin::kDefault);
}

TEST(TerraformDb, DocdbParameterGroupReadsAuditLogsAndDefaultsTls) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_docdb_cluster_parameter_group.p", "mode": "managed",
         "type": "aws_docdb_cluster_parameter_group", "name": "p",
         "values": {"name": "catalog", "family": "docdb5.0",
                    "parameter": [{"name": "audit_logs", "value": "enabled",
                                   "apply_method": "pending-reboot"}]}}
      ]}}})");
    const CloudResource* p = find(m, "aws_docdb_cluster_parameter_group.p");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->info.kind, "aws.docdb.db_cluster_parameter_group");
    EXPECT_EQ(p->attributes.get("audit_logs")->text(), "enabled");
    EXPECT_EQ(p->attributes.get("tls")->text(), "enabled");
    EXPECT_EQ(p->attributes.get("tls")->origin(), core::NodeOrigin::kDefault);
    EXPECT_EQ(p->attributes.get("name")->text(), "catalog");
}

TEST(TerraformDb, DomainPolicyWithoutItsDomainStaysAResource) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_opensearch_domain_policy.p", "mode": "managed",
         "type": "aws_opensearch_domain_policy", "name": "p",
         "values": {"domain_name": "shared-logs", "access_policies":
           "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"es:*\"}]}"}}
      ]}}})");
    ASSERT_EQ(m.resources.size(), 1u);
    const CloudResource* p = find(m, "aws_opensearch_domain_policy.p");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->info.kind, "aws.opensearch.domain_policy");
    const core::Node* principal = p->attributes.at_path("policy_statements[0].principals[0].value");
    ASSERT_NE(principal, nullptr);
    EXPECT_EQ(principal->text(), "*");
}

TEST(TerraformDb, ServerlessCacheKeyAndSnapshots) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_elasticache_serverless_cache.c", "mode": "managed",
         "type": "aws_elasticache_serverless_cache", "name": "c",
         "values": {"name": "c", "engine": "redis", "snapshot_retention_limit": 3,
                    "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab",
                    "user_group_id": null}}
      ]}}})");
    const CloudResource* c = find(m, "aws_elasticache_serverless_cache.c");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->attributes.get("snapshot_retention_days")->text(), "3");
    EXPECT_NE(c->attributes.get("kms_key")->text().find(":key/1234abcd"), std::string::npos);
    EXPECT_EQ(c->attributes.get("rbac")->as_bool(), false);
    EXPECT_EQ(c->attributes.get("transit_encryption_mode")->text(), "required");
    EXPECT_EQ(c->attributes.at_path("user_groups")->size(), 0u);
}

}  // namespace
}  // namespace wasp::iac
