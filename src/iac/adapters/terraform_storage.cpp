// Terraform adapters for storage, registries and secrets: EFS access points and file system
// policies, S3 Glacier vaults, AWS Backup plans, ECR repositories and their policies, SSM
// parameters and Secrets Manager secret values (docs/model-data-identity.md,
// docs/model-compute-network.md, docs/model-edge-keys-logging-messaging.md).
#include <string>

#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

// aws_efs_access_point.
void efs_access_point(Builder& b) {
    tf_copy(b, "file_system", "file_system_id");
    b.link("file_system_id", "file_system", "access_points");
    // The provider reads root_directory back after apply when it is not written; without it,
    // clients of the access point see the whole file system.
    tf_copy_or(b, "root_directory", "root_directory[0].path", Node::string("/"));
    tf_copy(b, "posix_user.uid", "posix_user[0].uid");
    tf_copy(b, "posix_user.gid", "posix_user[0].gid");
}

// aws_efs_file_system_policy: the FileSystemPolicy of CloudFormation, merged into the file system.
void efs_file_system_policy(Builder& b) {
    b.set("policy_statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.part_of("file_system_id");
}

// aws_glacier_vault.
void glacier_vault(Builder& b) {
    tf_copy(b, "name", "name");
    b.set("policy_statements", tf_statements(tf_get(b, "access_policy"), b.at()));
}

// aws_backup_plan: one item per rule block, as for CloudFormation's BackupPlanRule.
void backup_plan(Builder& b) {
    const Node* rules = tf_get(b, "rule");
    if (rules && rules->is_unknown()) {
        b.set("rules", *rules);
        return;
    }
    Node out = Node::sequence(rules ? rules->mark() : b.at());
    if (rules && rules->is_sequence()) {
        auto items = rules->items();
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Node& r = items[i];
            if (r.is_unknown()) {
                out.push(r);
                continue;
            }
            std::string path = "rule[" + std::to_string(i) + "]";
            Node item = Node::mapping(r.mark());
            if (const Node* v = tf_get(b, path + ".rule_name")) item.set("name", *v);
            if (const Node* v = tf_get(b, path + ".target_vault_name")) item.set("vault", *v);
            b.link(path + ".target_vault_name", "vault", "plans");
            // Without delete_after recovery points are kept until deleted; the provider holds an
            // unset one as 0, which AWS Backup does not accept as a retention.
            const Node* days = tf_get(b, path + ".lifecycle[0].delete_after");
            if (days && (days->is_unknown() || days->text() != "0")) {
                item.set("delete_after_days", *days);
            }
            const Node* copies = tf_get(b, path + ".copy_action");
            item.set("copy_actions", copies ? as_list(copies, r.mark()) : Node::sequence(r.mark()));
            out.push(std::move(item));
        }
    }
    b.set("rules", std::move(out));
}

// aws_ecr_repository; aws_ecr_repository_policy is merged into it.
void ecr_repository(Builder& b) {
    // The API defaults: no scan on push, mutable tags, AES256 encryption.
    tf_copy_or(b, "scan_on_push", "image_scanning_configuration[0].scan_on_push",
               Node::boolean(false));
    tf_copy_or(b, "tag_mutability", "image_tag_mutability", Node::string("MUTABLE"));
    tf_copy_or(b, "encryption.type", "encryption_configuration[0].encryption_type",
               Node::string("AES256"));
    tf_copy(b, "encryption.kms_key", "encryption_configuration[0].kms_key");
    b.link("encryption_configuration[0].kms_key", "encrypted_by", "encrypts");
    b.set("policy_statements", Node::sequence(b.at()));
    tf_copy(b, "repository_name", "name");
}

// aws_ecr_repository_policy: the RepositoryPolicyText of CloudFormation.
void ecr_repository_policy(Builder& b) {
    b.set("policy_statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.part_of("repository");
}

void ecr_registry_scanning(Builder& b) { tf_copy(b, "scan_type", "scan_type"); }

// aws_ssm_parameter. Unlike CloudFormation, Terraform can create SecureString parameters.
void ssm_parameter(Builder& b) {
    tf_copy(b, "type", "type");
    // Not "name": that attribute is a physical name, which links references by name.
    tf_copy(b, "parameter_name", "name");
    const Node* v = tf_get(b, "value");
    if (!v) v = tf_get(b, "insecure_value");
    if (!v) return;
    b.set("value", *v);
    // A value the plan shows is in the configuration (or a variable of it) and in the state;
    // one known only after apply is another resource's attribute.
    std::string source = "template";
    if (v->is_unknown()) source = v->ref().empty() ? "other" : "resource";
    b.set("value_source", Node::string(source, v->mark()));
}

// aws_secretsmanager_secret_version: the SecretString of CloudFormation, merged into the
// secret. A value the plan shows is written: the configuration, the plan and the state hold
// it. One known only after apply (random_password, another resource's attribute) is not, nor
// a write-only secret_string_wo, which the plan never shows. The value is never copied.
void secret_version(Builder& b) {
    const Node* v = tf_get(b, "secret_string");
    if (!v) v = tf_get(b, "secret_binary");
    if (!v) {
        b.set("secret_string_literal", defaulted(Node::boolean(false), b.at()));
    } else {
        b.set("secret_string_literal", Node::boolean(!v->is_unknown(), v->mark()));
    }
    b.part_of("secret_id");
}

}  // namespace

void register_terraform_storage(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_efs_access_point", "aws.efs.access_point", efs_access_point},
            {"aws_efs_file_system_policy", "aws.efs.file_system_policy", efs_file_system_policy},
            {"aws_glacier_vault", "aws.glacier.vault", glacier_vault},
            {"aws_backup_plan", "aws.backup.backup_plan", backup_plan},
            {"aws_ecr_repository", "aws.ecr.repository", ecr_repository},
            {"aws_ecr_repository_policy", "aws.ecr.repository_policy", ecr_repository_policy},
            {"aws_ecr_registry_scanning_configuration", "aws.ecr.registry_scanning_configuration",
             ecr_registry_scanning},
            {"aws_ssm_parameter", "aws.ssm.parameter", ssm_parameter},
            {"aws_secretsmanager_secret_version", "aws.secretsmanager.secret_version",
             secret_version},
        });
}

}  // namespace wasp::iac::adapters
