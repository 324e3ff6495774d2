// Terraform adapters for keys: KMS and Secrets Manager (docs/model.md).
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

void kms_key(Builder& b) {
    tf_copy_or(b, "rotation_enabled", "enable_key_rotation", Node::boolean(false));
    tf_copy_or(b, "key_spec", "customer_master_key_spec", Node::string("SYMMETRIC_DEFAULT"));
    tf_copy_or(b, "key_usage", "key_usage", Node::string("ENCRYPT_DECRYPT"));
    tf_copy_or(b, "enabled", "is_enabled", Node::boolean(true));
    tf_copy_or(b, "pending_window_days", "deletion_window_in_days", number(30, {}));
    tf_copy_or(b, "multi_region", "multi_region", Node::boolean(false));
    // Without a policy KMS gives the key its default policy (the account may use the key).
    b.set("policy_statements", tf_statements(tf_get(b, "policy"), b.at()));
}

void secret(Builder& b) {
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_present(b, "replicated", "replica");
    // The value is set by an aws_secretsmanager_secret_version merged into the secret.
    b.set("secret_string_literal", defaulted(Node::boolean(false), b.at()));
}

// aws_secretsmanager_secret_rotation: CloudFormation's RotationSchedule.
void secret_rotation(Builder& b) {
    b.link("secret_id", "secret", "rotation_schedule");
    tf_copy(b, "rotation_lambda", "rotation_lambda_arn");
    tf_copy(b, "rotation_days", "rotation_rules[0].automatically_after_days");
    tf_copy(b, "schedule_expression", "rotation_rules[0].schedule_expression");
}

// aws_secretsmanager_secret_policy: CloudFormation's ResourcePolicy.
void secret_policy(Builder& b) {
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at()));
    tf_copy(b, "secret", "secret_arn");
    b.link("secret_arn", "secret", "policy");
}

}  // namespace

void register_terraform_keys(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_kms_key", "aws.kms.key", kms_key},
                              {"aws_secretsmanager_secret", "aws.secretsmanager.secret", secret},
                              {"aws_secretsmanager_secret_rotation",
                               "aws.secretsmanager.rotation_schedule", secret_rotation},
                              {"aws_secretsmanager_secret_policy",
                               "aws.secretsmanager.resource_policy", secret_policy},
                          });
}

}  // namespace wasp::iac::adapters
