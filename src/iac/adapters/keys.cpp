// Adapters for keys, secrets and certificates: KMS, Secrets Manager, ACM (docs/model.md,
// docs/model-edge-keys-logging-messaging.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void kms_key(Builder& b) {
    b.copy_or("rotation_enabled", "EnableKeyRotation", Node::boolean(false));
    b.copy_or("key_spec", "KeySpec", Node::string("SYMMETRIC_DEFAULT"));
    b.copy_or("key_usage", "KeyUsage", Node::string("ENCRYPT_DECRYPT"));
    b.copy_or("enabled", "Enabled", Node::boolean(true));
    b.copy_or("pending_window_days", "PendingWindowInDays", number(30, {}));
    b.copy_or("multi_region", "MultiRegion", Node::boolean(false));
    b.set("policy_statements", statements_of(b.prop("KeyPolicy"), b.at()));
}

// Whether a property holds a value that is written in the template itself (directly, or through a
// parameter default or a mapping): true for known text, false when absent. A value that is only
// known at deployment (a parameter without a default, a dynamic reference, a resource attribute,
// text built with Fn::Sub around one of these) is not in the template, so it is false too. An
// Fn::If on a condition that cannot be evaluated stays unknown: its branches may be literals.
// The value itself is never copied, so that reports do not repeat a secret.
Node written_literal(const Builder& b, std::string_view path) {
    const Node* v = b.prop(path);
    if (!v || v->is_null()) return defaulted(Node::boolean(false), b.at());
    if (v->is_unknown()) {
        if (v->origin() == NodeOrigin::kMaybeAbsent ||
            v->cause() == core::UnknownCause::kCondition) {
            return *v;
        }
        return Node::boolean(false, v->mark());
    }
    if (v->is_scalar()) return Node::boolean(!v->text().empty(), v->mark());
    return Node::boolean(true, v->mark());
}

void secret(Builder& b) {
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.present("generated", "GenerateSecretString");
    b.set("secret_string_literal", written_literal(b, "SecretString"));
    b.present("replicated", "ReplicaRegions");
}

void rotation_schedule(Builder& b) {
    b.link("SecretId", "secret", "rotation_schedule");
    b.copy("rotation_lambda", "RotationLambdaARN");
    b.present("hosted_rotation", "HostedRotationLambda");
    b.copy("rotation_days", "RotationRules.AutomaticallyAfterDays");
    b.copy("schedule_expression", "RotationRules.ScheduleExpression");
}

// AWS::SecretsManager::ResourcePolicy: the secret's resource-based policy.
void secret_resource_policy(Builder& b) {
    b.set("statements", statements_of(b.prop("ResourcePolicy"), b.at()));
    b.copy("secret", "SecretId");
    b.link("SecretId", "secret", "policy");
}

void acm_certificate(Builder& b) {
    b.copy("domain_name", "DomainName");
    // A certificate from a private CA needs no domain validation.
    b.present("private", "CertificateAuthorityArn");
    // CloudFormation: "If not specified, this property defaults to email validation."
    b.copy_or("validation_method", "ValidationMethod", Node::string("EMAIL"));
    // Public certificates are logged to Certificate Transparency unless opted out.
    b.copy_or("transparency_logging", "CertificateTransparencyLoggingPreference",
              Node::string("ENABLED"));
    b.copy_or("key_algorithm", "KeyAlgorithm", Node::string("RSA_2048"));
}

}  // namespace

void register_keys(Adapters& out) {
    out.insert(out.end(),
               {
                   {"AWS::KMS::Key", "aws.kms.key", kms_key},
                   {"AWS::SecretsManager::Secret", "aws.secretsmanager.secret", secret},
                   {"AWS::SecretsManager::RotationSchedule", "aws.secretsmanager.rotation_schedule",
                    rotation_schedule},
                   {"AWS::SecretsManager::ResourcePolicy", "aws.secretsmanager.resource_policy",
                    secret_resource_policy},
                   {"AWS::CertificateManager::Certificate", "aws.acm.certificate", acm_certificate},
               });
}

}  // namespace wasp::iac::adapters
