// Terraform storage, registry and secret adapters: the logic the rules' Terraform cases do not
// reach.
#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/terraform.h"
#include "tf_model.h"

namespace wasp::iac {
namespace {

using test::find;
using test::links_to;
using test::model_of;

std::optional<std::size_t> index_of(const Model& m, std::string_view id) {
    for (std::size_t i = 0; i < m.resources.size(); ++i) {
        if (m.resources[i].info.id == id) return i;
    }
    ADD_FAILURE() << "no resource " << id;
    return std::nullopt;
}

std::vector<std::string> related_ids(const Model& m, std::string_view id, std::string_view name) {
    std::vector<std::string> out;
    if (auto i = index_of(m, id)) {
        for (auto j : m.related(*i, name)) out.push_back(m.resources[j].info.id);
    }
    return out;
}

using Strings = std::vector<std::string>;

TEST(TerraformStorage, BackupPlanRulesKeepTheirVaultAndCopies) {
    Model m = model_of(R"json({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_backup_vault.main", "mode": "managed", "type": "aws_backup_vault",
         "name": "main", "values": {"name": "shop-vault", "tags": null, "tags_all": {}}},
        {"address": "aws_backup_plan.p", "mode": "managed", "type": "aws_backup_plan",
         "name": "p", "values": {"name": "shop", "tags": null, "tags_all": {}, "rule": [
           {"rule_name": "daily", "target_vault_name": "shop-vault", "schedule": "cron(0 5 ? * * *)",
            "lifecycle": [{"cold_storage_after": 30, "delete_after": 0}],
            "copy_action": [{"destination_vault_arn":
              "arn:aws:backup:eu-central-1:111122223333:backup-vault:shop-copy",
              "lifecycle": [{"delete_after": 90}]}]}]}}
      ]}}})json");
    auto i = index_of(m, "aws_backup_plan.p");
    ASSERT_TRUE(i);
    const CloudResource& p = m.resources[*i];
    EXPECT_EQ(p.info.kind, "aws.backup.backup_plan");
    const core::Node* rules = p.attributes.get("rules");
    ASSERT_TRUE(rules && rules->is_sequence());
    ASSERT_EQ(rules->size(), 1u);
    const core::Node& rule = rules->items()[0];
    EXPECT_EQ(rule.get("name")->text(), "daily");
    EXPECT_EQ(rule.get("vault")->text(), "shop-vault");
    // The provider holds a delete_after left out as 0: kept until deleted.
    EXPECT_EQ(rule.get("delete_after_days"), nullptr);
    EXPECT_EQ(rule.get("copy_actions")->size(), 1u);
    EXPECT_EQ(related_ids(m, "aws_backup_plan.p", "vault"), Strings{"aws_backup_vault.main"});
}

TEST(TerraformStorage, AccessPointAndPolicyFindTheirFileSystem) {
    Model m = model_of(R"json({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_efs_file_system.data", "mode": "managed", "type": "aws_efs_file_system",
         "name": "data", "values": {"encrypted": true, "tags": null, "tags_all": {}}},
        {"address": "aws_efs_access_point.app", "mode": "managed", "type": "aws_efs_access_point",
         "name": "app", "values": {"posix_user": [], "tags": null, "tags_all": {}}},
        {"address": "aws_efs_file_system_policy.data", "mode": "managed",
         "type": "aws_efs_file_system_policy", "name": "data",
         "values": {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"elasticfilesystem:ClientMount\"}]}"}}
      ]}},
      "resource_changes": [
        {"address": "aws_efs_file_system.data", "type": "aws_efs_file_system", "name": "data",
         "change": {"actions": ["create"], "after_unknown": {"id": true}}},
        {"address": "aws_efs_access_point.app", "type": "aws_efs_access_point", "name": "app",
         "change": {"actions": ["create"], "after_unknown": {"file_system_id": true, "id": true,
                                                             "root_directory": true}}},
        {"address": "aws_efs_file_system_policy.data", "type": "aws_efs_file_system_policy",
         "name": "data", "change": {"actions": ["create"],
                                    "after_unknown": {"file_system_id": true, "id": true}}}
      ],
      "configuration": {"root_module": {"resources": [
        {"address": "aws_efs_file_system.data", "mode": "managed", "type": "aws_efs_file_system",
         "name": "data", "expressions": {"encrypted": {"constant_value": true}}},
        {"address": "aws_efs_access_point.app", "mode": "managed", "type": "aws_efs_access_point",
         "name": "app", "expressions": {"file_system_id":
           {"references": ["aws_efs_file_system.data.id", "aws_efs_file_system.data"]}}},
        {"address": "aws_efs_file_system_policy.data", "mode": "managed",
         "type": "aws_efs_file_system_policy", "name": "data", "expressions": {"file_system_id":
           {"references": ["aws_efs_file_system.data.id", "aws_efs_file_system.data"]}}}
      ]}}})json");
    ASSERT_EQ(m.resources.size(), 2u);  // the policy is merged into its file system
    EXPECT_EQ(related_ids(m, "aws_efs_access_point.app", "file_system"),
              Strings{"aws_efs_file_system.data"});
    auto fs = index_of(m, "aws_efs_file_system.data");
    ASSERT_TRUE(fs);
    EXPECT_EQ(m.resources[*fs].attributes.get("policy_statements")->size(), 1u);
    auto ap = index_of(m, "aws_efs_access_point.app");
    ASSERT_TRUE(ap);
    EXPECT_EQ(m.resources[*ap].attributes.get("root_directory")->text(), "/");
    EXPECT_EQ(m.resources[*ap].attributes.get("root_directory")->origin(),
              core::NodeOrigin::kDefault);
}

TEST(TerraformStorage, SecretBinaryIsAWrittenValue) {
    Model m = model_of(R"json({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_secretsmanager_secret.tls", "mode": "managed",
         "type": "aws_secretsmanager_secret", "name": "tls",
         "values": {"name": "shop/tls-key", "tags": null, "tags_all": {}}},
        {"address": "aws_secretsmanager_secret_version.tls", "mode": "managed",
         "type": "aws_secretsmanager_secret_version", "name": "tls",
         "values": {"secret_id": "shop/tls-key", "secret_binary": "LS0tLS1CRUdJTi0tLS0t",
                    "secret_string": null}},
        {"address": "aws_secretsmanager_secret_version.other", "mode": "managed",
         "type": "aws_secretsmanager_secret_version", "name": "other",
         "values": {"secret_id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf",
                    "secret_string": "x"}}
      ]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_secretsmanager_secret_version.tls", "mode": "managed",
         "type": "aws_secretsmanager_secret_version", "name": "tls", "expressions": {"secret_id":
           {"references": ["aws_secretsmanager_secret.tls.id", "aws_secretsmanager_secret.tls"]}}}
      ]}}})json");
    auto secret = index_of(m, "aws_secretsmanager_secret.tls");
    ASSERT_TRUE(secret);
    const core::Node* literal = m.resources[*secret].attributes.get("secret_string_literal");
    ASSERT_NE(literal, nullptr);
    EXPECT_EQ(literal->as_bool(), true);
    // A version of a secret the plan does not hold stays a resource no rule checks.
    auto other = index_of(m, "aws_secretsmanager_secret_version.other");
    ASSERT_TRUE(other);
    EXPECT_EQ(m.resources[*other].info.kind, "aws.secretsmanager.secret_version");
}

TEST(TerraformStorage, RepositoryPolicyAndKeyAndCannedAclNames) {
    Model m = model_of(R"json({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_kms_key.ecr", "mode": "managed", "type": "aws_kms_key", "name": "ecr",
         "values": {"tags": null, "tags_all": {}}},
        {"address": "aws_ecr_repository.api", "mode": "managed", "type": "aws_ecr_repository",
         "name": "api", "values": {"name": "shop/api", "image_tag_mutability": "MUTABLE",
           "encryption_configuration": [{"encryption_type": "KMS"}], "tags": null,
           "tags_all": {}}},
        {"address": "aws_ecr_repository_policy.api", "mode": "managed",
         "type": "aws_ecr_repository_policy", "name": "api",
         "values": {"repository": "shop/api", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"ecr:BatchGetImage\"}]}"}},
        {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket",
         "name": "logs", "values": {"bucket": "shop-logs", "tags": null, "tags_all": {}}},
        {"address": "aws_s3_bucket_acl.logs", "mode": "managed", "type": "aws_s3_bucket_acl",
         "name": "logs", "values": {"bucket": "shop-logs", "acl": "bucket-owner-full-control"}}
      ]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_ecr_repository.api", "mode": "managed", "type": "aws_ecr_repository",
         "name": "api", "expressions": {"encryption_configuration": [{"kms_key":
           {"references": ["aws_kms_key.ecr.arn", "aws_kms_key.ecr"]}}]}},
        {"address": "aws_ecr_repository_policy.api", "mode": "managed",
         "type": "aws_ecr_repository_policy", "name": "api", "expressions": {"repository":
           {"references": ["aws_ecr_repository.api.name", "aws_ecr_repository.api"]}}}
      ]}}})json");
    ASSERT_EQ(m.resources.size(), 3u);  // the policy and the ACL are merged
    EXPECT_EQ(related_ids(m, "aws_ecr_repository.api", "encrypted_by"), Strings{"aws_kms_key.ecr"});
    auto repo = index_of(m, "aws_ecr_repository.api");
    ASSERT_TRUE(repo);
    EXPECT_EQ(m.resources[*repo].attributes.get("policy_statements")->size(), 1u);
    EXPECT_EQ(m.resources[*repo].attributes.get("repository_name")->text(), "shop/api");
    auto bucket = index_of(m, "aws_s3_bucket.logs");
    ASSERT_TRUE(bucket);
    EXPECT_EQ(m.resources[*bucket].attributes.get("acl")->text(), "BucketOwnerFullControl");
}

TEST(TerraformStorage, SsmValueOfUnknownOrigin) {
    // Without a configuration, a value known only after apply cannot be traced to a resource.
    Model m = model_of(R"json({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_ssm_parameter.p", "mode": "managed", "type": "aws_ssm_parameter",
         "name": "p", "values": {"name": "/shop/endpoint", "type": "String", "tags": null,
                                 "tags_all": {}}}
      ]}},
      "resource_changes": [
        {"address": "aws_ssm_parameter.p", "type": "aws_ssm_parameter", "name": "p",
         "change": {"actions": ["create"], "after_unknown": {"value": true, "id": true}}}
      ]})json");
    auto p = index_of(m, "aws_ssm_parameter.p");
    ASSERT_TRUE(p);
    const CloudResource& r = m.resources[*p];
    EXPECT_EQ(r.info.kind, "aws.ssm.parameter");
    EXPECT_EQ(r.attributes.get("parameter_name")->text(), "/shop/endpoint");
    EXPECT_TRUE(r.attributes.get("value")->is_unknown());
    EXPECT_EQ(r.attributes.get("value_source")->text(), "other");
    EXPECT_EQ(r.attributes.get("name"), nullptr);  // no physical name
}

}  // namespace
}  // namespace wasp::iac
