// Terraform adapters for data stores: S3 (the bucket, and the resources of AWS provider v4+ that
// configure parts of it), RDS, EBS, DynamoDB, EFS, ElastiCache replication groups, Redshift,
// OpenSearch, DocumentDB, Neptune, AWS Backup vaults and FSx
// (docs/model.md, docs/model-data-identity.md).
#include <cctype>
#include <cstdlib>
#include <utility>

#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

// rule: the path of one server-side encryption rule block.
void s3_encryption(Builder& b, const std::string& rule, bool with_default) {
    std::string by_default = rule + ".apply_server_side_encryption_by_default[0]";
    if (with_default) {
        // Since January 2023 every new bucket is encrypted with SSE-S3 unless configured
        // otherwise.
        tf_copy_or(b, "encryption.algorithm", by_default + ".sse_algorithm",
                   Node::string("AES256"));
    } else {
        tf_copy(b, "encryption.algorithm", by_default + ".sse_algorithm");
    }
    tf_copy(b, "encryption.kms_key", by_default + ".kms_master_key_id");
    tf_copy(b, "encryption.bucket_key", rule + ".bucket_key_enabled");
}

void s3_logging(Builder& b, const std::string& block) {
    tf_copy(b, "logging.target_bucket", block + "target_bucket");
    b.link(block + "target_bucket", "logs_to", "receives_logs_from");
}

// A canned ACL as the model names it, after CloudFormation's AccessControl (PublicRead);
// Terraform writes the API's names (public-read).
void s3_acl(Builder& b) {
    const Node* acl = tf_get(b, "acl");
    if (!acl) return;
    if (acl->is_unknown() || !acl->is_scalar()) {
        b.set("acl", *acl);
        return;
    }
    std::string name;
    bool upper = true;
    for (char c : acl->text()) {
        if (c == '-') {
            upper = true;
        } else {
            name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            upper = false;
        }
    }
    b.set("acl", Node::string(name, acl->mark()));
}

// The bucket itself. Provider v3 configures encryption, versioning, logging, lifecycle and
// website inline; v4+ reads them back as computed blocks (unknown until apply when the
// configuration leaves them out, so the defaults apply) and configures them with the resources
// below, which are merged into the bucket.
void s3_bucket(Builder& b) {
    s3_encryption(b, "server_side_encryption_configuration[0].rule[0]", true);
    // New buckets block all public access; only aws_s3_bucket_public_access_block changes that.
    for (const char* setting : {"block_public_acls", "block_public_policy", "ignore_public_acls",
                                "restrict_public_buckets"}) {
        b.set(std::string("public_access_block.") + setting,
              defaulted(Node::boolean(true), b.at()));
    }
    tf_copy_or(b, "versioning.enabled", "versioning[0].enabled", Node::boolean(false));
    if (const Node* mfa = tf_get(b, "versioning[0].mfa_delete")) {
        // v3 writes a bool where the model, like S3, says Enabled or Disabled.
        auto on = mfa->as_bool();
        b.set("versioning.mfa_delete",
              on ? Node::string(*on ? "Enabled" : "Disabled", mfa->mark()) : *mfa);
    }
    tf_present(b, "logging.enabled", "logging");
    s3_logging(b, "logging[0].");
    s3_acl(b);
    if (const Node* lock = tf_get(b, "object_lock_enabled")) {
        b.set("object_lock.enabled", *lock);
    } else if (const Node* v3 = tf_get(b, "object_lock_configuration[0].object_lock_enabled")) {
        b.set("object_lock.enabled",
              v3->is_unknown() ? *v3 : Node::boolean(v3->text() == "Enabled", v3->mark()));
    } else {
        b.set("object_lock.enabled", defaulted(Node::boolean(false), b.at()));
    }
    tf_present(b, "lifecycle.enabled", "lifecycle_rule");
    tf_present(b, "website.enabled", "website");
    tf_copy(b, "name", "bucket");
    // Since April 2023 new buckets have ACLs disabled; aws_s3_bucket_ownership_controls changes it.
    b.set("ownership", defaulted(Node::string("BucketOwnerEnforced"), b.at()));
}

void s3_ownership(Builder& b) {
    tf_copy(b, "ownership", "rule[0].object_ownership");
    b.part_of("bucket");
}

void s3_bucket_encryption(Builder& b) {
    s3_encryption(b, "rule[0]", false);
    b.part_of("bucket");
}

void s3_public_access_block(Builder& b) {
    // Each setting the resource leaves out is false: it replaces the bucket's settings whole.
    for (const char* setting : {"block_public_acls", "block_public_policy", "ignore_public_acls",
                                "restrict_public_buckets"}) {
        tf_copy_or(b, std::string("public_access_block.") + setting, setting, Node::boolean(false));
    }
    b.part_of("bucket");
}

void s3_versioning(Builder& b) {
    const Node* status = tf_get(b, "versioning_configuration[0].status");
    if (!status) {
        b.set("versioning.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (status->is_unknown()) {
        b.set("versioning.enabled", *status);
    } else {
        b.set("versioning.enabled", Node::boolean(status->text() == "Enabled", status->mark()));
    }
    tf_copy(b, "versioning.mfa_delete", "versioning_configuration[0].mfa_delete");
    b.part_of("bucket");
}

void s3_bucket_logging(Builder& b) {
    const Node* target = b.prop("target_bucket");
    b.set("logging.enabled",
          Node::boolean(true, target && target->mark().line ? target->mark() : b.at()));
    s3_logging(b, "");
    b.part_of("bucket");
}

void s3_bucket_acl(Builder& b) {
    s3_acl(b);
    b.part_of("bucket");
}

void s3_lifecycle(Builder& b) {
    b.set("lifecycle.enabled", Node::boolean(true, b.at()));
    b.part_of("bucket");
}

void s3_website(Builder& b) {
    b.set("website.enabled", Node::boolean(true, b.at()));
    b.part_of("bucket");
}

void s3_object_lock(Builder& b) {
    b.set("object_lock.enabled", Node::boolean(true, b.at()));
    b.part_of("bucket");
}

void s3_bucket_policy(Builder& b) {
    tf_copy(b, "bucket", "bucket");
    b.link("bucket", "bucket", "policy");
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at()));
}

// Where the master password comes from: "managed" (manage_master_user_password: RDS keeps it in
// Secrets Manager), "none" (no password: a replica, a restore, an Aurora member), "literal" (a
// value the plan shows, and the state will keep) or unknown (computed at apply, e.g. by
// random_password).
void master_password(Builder& b, std::string_view manage = "manage_master_user_password") {
    constexpr std::string_view kAttr = "master_password.source";
    if (const Node* m = tf_get(b, manage)) {
        if (m->is_unknown()) {
            b.set(kAttr, *m);
            return;
        }
        if (m->as_bool() == true) {
            b.set(kAttr, Node::string("managed", m->mark()));
            return;
        }
    }
    const Node* pw = tf_get(b, "password");
    if (!pw) pw = tf_get(b, "master_password");
    if (!pw) {
        b.set(kAttr, defaulted(Node::string("none"), b.at()));
    } else if (pw->is_unknown()) {
        b.set(kAttr, *pw);
    } else {
        b.set(kAttr, Node::string("literal", pw->mark()));
    }
}

// The parameter group: none written means the engine's default group.
void parameter_group(Builder& b, std::string_view attr) {
    b.link(attr, "parameter_group", "used_by");
    const Node* v = tf_get(b, attr);
    if (!v) {
        b.set("default_parameter_group", defaulted(Node::boolean(true), b.at()));
        return;
    }
    b.set("parameter_group", *v);
    if (b.has_reference(attr) || (v->is_unknown() && !v->ref().empty())) {
        b.set("default_parameter_group", Node::boolean(false, v->mark()));  // one of the plan
    } else if (v->is_scalar() && v->text().starts_with("default.")) {
        b.set("default_parameter_group", Node::boolean(true, v->mark()));
    } else if (v->is_scalar()) {
        b.set("default_parameter_group",
              Node::unknown(
                  "the settings of parameter group " + v->text() + ", which the plan does not show",
                  v->mark()));
    } else {
        b.set("default_parameter_group", *v);
    }
}

void rds_common(Builder& b, std::string_view group) {
    tf_copy(b, "engine_version", "engine_version");
    if (const Node* logs = tf_get(b, "enabled_cloudwatch_logs_exports")) {
        b.set("log_exports", as_list(logs, b.at()));
    } else {
        b.set("log_exports", defaulted(Node::sequence(), b.at()));
    }
    master_password(b);
    parameter_group(b, group);
}

// aws_db_parameter_group / aws_rds_cluster_parameter_group: whether it makes clients use TLS.
void rds_parameter_group(Builder& b) {
    tf_copy(b, "family", "family");
    tf_copy(b, "name", "name");
    const Node* params = tf_get(b, "parameter");
    if (params && params->is_unknown()) {
        b.set("require_tls", *params);
        return;
    }
    if (params && params->is_sequence()) {
        for (const auto& p : params->items()) {
            const Node* name = p.get("name");
            const Node* value = p.get("value");
            if (!name || !value || !name->is_scalar()) continue;
            if (name->text() != "rds.force_ssl" && name->text() != "require_secure_transport") {
                continue;
            }
            if (value->is_unknown()) {
                b.set("require_tls", *value);
            } else {
                const std::string& t = value->text();
                bool on = t == "1" || t == "ON" || t == "on" || t == "true" || t == "TRUE";
                b.set("require_tls", Node::boolean(on, value->mark()));
            }
            return;
        }
    }
    // RDS for PostgreSQL 15 and later sets rds.force_ssl to 1 by default.
    const Node* family = tf_get(b, "family");
    bool pg15 = false;
    if (family && family->is_scalar() && family->text().starts_with("postgres")) {
        pg15 = std::atoi(family->text().c_str() + 8) >= 15;
    }
    b.set("require_tls", defaulted(Node::boolean(pg15), b.at()));
}

void db_instance(Builder& b) {
    tf_copy(b, "engine", "engine");
    b.set("in_cluster", defaulted(Node::boolean(false), b.at()));
    tf_copy_or(b, "storage_encrypted", "storage_encrypted", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    // Unlike CloudFormation, the provider defaults publicly_accessible to false and says so.
    tf_copy_or(b, "publicly_accessible", "publicly_accessible", Node::boolean(false));
    tf_copy_or(b, "backup_retention_days", "backup_retention_period", number(1, {}));
    tf_copy_or(b, "deletion_protection", "deletion_protection", Node::boolean(false));
    tf_copy_or(b, "iam_auth", "iam_database_authentication_enabled", Node::boolean(false));
    tf_copy_or(b, "multi_az", "multi_az", Node::boolean(false));
    tf_copy_or(b, "auto_minor_version_upgrade", "auto_minor_version_upgrade", Node::boolean(true));
    rds_common(b, "parameter_group_name");
}

// An instance of an Aurora cluster: storage and backups are the cluster's, checked there.
void rds_cluster_instance(Builder& b) {
    tf_copy(b, "engine", "engine");
    const Node* cluster = b.prop("cluster_identifier");
    b.set("in_cluster",
          Node::boolean(true, cluster && cluster->mark().line ? cluster->mark() : b.at()));
    b.link("cluster_identifier", "cluster", "instances");
    tf_copy_or(b, "publicly_accessible", "publicly_accessible", Node::boolean(false));
    tf_copy_or(b, "auto_minor_version_upgrade", "auto_minor_version_upgrade", Node::boolean(true));
}

void rds_cluster(Builder& b) {
    tf_copy(b, "engine", "engine");
    const Node* mode = tf_get(b, "engine_mode");
    bool serverless_v1 = mode && mode->is_scalar() && mode->text() == "serverless";
    // Aurora Serverless v1 clusters are always encrypted.
    tf_copy_or(b, "storage_encrypted", "storage_encrypted", Node::boolean(serverless_v1));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_copy_or(b, "backup_retention_days", "backup_retention_period", number(1, {}));
    tf_copy_or(b, "deletion_protection", "deletion_protection", Node::boolean(false));
    tf_copy_or(b, "iam_auth", "iam_database_authentication_enabled", Node::boolean(false));
    const Node* engine = tf_get(b, "engine");
    bool aurora = !engine || (engine->is_scalar() && engine->text().starts_with("aurora"));
    if (tf_get(b, "publicly_accessible") || aurora) {
        // Aurora (the provider's default engine) sets exposure on each instance.
        tf_copy_or(b, "publicly_accessible", "publicly_accessible", Node::boolean(false));
    } else {
        Node u = Node::unknown(
            "publicly_accessible is not set; for a Multi-AZ DB cluster the default depends on "
            "whether the subnets' VPC has an internet gateway",
            b.at());
        u.set_origin(NodeOrigin::kDefault);
        b.set("publicly_accessible", std::move(u));
    }
    rds_common(b, "db_cluster_parameter_group_name");
}

void ebs_volume(Builder& b) {
    // Accounts can turn on EBS encryption by default; a plan cannot show that.
    tf_copy_or(b, "encrypted", "encrypted", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_id");
    tf_copy(b, "size_gib", "size");
    b.link("kms_key_id", "encrypted_by", "encrypts");
}

void dynamodb_table(Builder& b) {
    const Node* enabled = tf_get(b, "server_side_encryption[0].enabled");
    const Node* key = tf_get(b, "server_side_encryption[0].kms_key_arn");
    set_dynamodb_key_type(b, enabled, key);
    tf_copy(b, "encryption.kms_key", "server_side_encryption[0].kms_key_arn");
    b.link("server_side_encryption[0].kms_key_arn", "encrypted_by", "encrypts");
    tf_copy_or(b, "point_in_time_recovery", "point_in_time_recovery[0].enabled",
               Node::boolean(false));
    tf_copy_or(b, "deletion_protection", "deletion_protection_enabled", Node::boolean(false));
}

void efs_file_system(Builder& b) {
    // The API creates an unencrypted file system unless encrypted is true.
    tf_copy_or(b, "encrypted", "encrypted", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    // Automatic backups are off for a Regional file system and on for a One Zone file system
    // (availability_zone_name set); aws_efs_backup_policy changes that.
    b.set("backup.enabled",
          defaulted(Node::boolean(tf_get(b, "availability_zone_name") != nullptr), b.at()));
    // aws_efs_file_system_policy adds its statements.
    b.set("policy_statements", Node::sequence(b.at()));
}

void efs_backup_policy(Builder& b) {
    const Node* status = tf_get(b, "backup_policy[0].status");
    if (status && status->is_unknown()) {
        b.set("backup.enabled", *status);
    } else if (status) {
        b.set("backup.enabled", Node::boolean(status->text() == "ENABLED", status->mark()));
    }
    b.part_of("file_system_id");
}

void elasticache_replication_group(Builder& b) {
    tf_copy_or(b, "engine", "engine", Node::string("redis"));
    // Encryption at rest is on by default for Valkey and off for Redis OSS.
    const Node* engine = tf_get(b, "engine");
    bool valkey = engine && engine->is_scalar() && engine->text() == "valkey";
    tf_copy_or(b, "at_rest_encryption", "at_rest_encryption_enabled", Node::boolean(valkey));
    tf_copy_or(b, "transit_encryption", "transit_encryption_enabled", Node::boolean(false));
    tf_copy(b, "transit_encryption_mode", "transit_encryption_mode");
    tf_present(b, "auth_token", "auth_token");
    tf_copy(b, "user_groups", "user_group_ids");
    tf_present(b, "rbac", "user_group_ids");
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_copy_or(b, "snapshot_retention_days", "snapshot_retention_limit", number(0, {}));
    tf_copy_or(b, "auto_minor_version_upgrade", "auto_minor_version_upgrade", Node::boolean(true));
}

// aws_elasticache_serverless_cache: always encrypted at rest and in transit, as CloudFormation's
// adapter says; it has no AUTH token, only a user group.
void elasticache_serverless_cache(Builder& b) {
    tf_copy(b, "engine", "engine");
    b.set("at_rest_encryption", defaulted(Node::boolean(true), b.at()));
    b.set("transit_encryption", defaulted(Node::boolean(true), b.at()));
    b.set("transit_encryption_mode", defaulted(Node::string("required"), b.at()));
    b.set("auth_token", defaulted(Node::boolean(false), b.at()));
    // One user group, where the replication group has a list: a group the configuration names
    // is there even while its id is known only after apply.
    if (const Node* group = tf_get(b, "user_group_id")) {
        b.set("user_groups", as_list(group, b.at()));
        b.set("rbac", Node::boolean(true, group->mark()));
    } else {
        b.set("user_groups", defaulted(Node::sequence(), b.at()));
        b.set("rbac", defaulted(Node::boolean(false), b.at()));
    }
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_copy(b, "snapshot_retention_days", "snapshot_retention_limit");
}

// A parameter value as the engines read booleans: 1, on, yes, enabled, true (any case).
bool truthy(std::string_view text) {
    std::string t;
    for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t == "1" || t == "on" || t == "yes" || t == "enabled" || t == "true";
}

// The value of the parameter block named name: nullptr when there is none; the whole list
// when it is unknown.
const Node* parameter_value(const Builder& b, std::string_view name) {
    const Node* params = tf_get(b, "parameter");
    if (params && params->is_unknown()) return params;
    if (!params || !params->is_sequence()) return nullptr;
    for (const auto& p : params->items()) {
        const Node* n = p.get("name");
        if (n && n->is_scalar() && n->text() == name) return p.get("value");
    }
    return nullptr;
}

// aws_redshift_parameter_group: require_ssl, false in a new parameter group unless set.
void redshift_parameter_group(Builder& b) {
    tf_copy(b, "family", "family");
    tf_copy(b, "name", "name");
    const Node* v = parameter_value(b, "require_ssl");
    if (!v || v->is_null()) {
        b.set("require_tls", defaulted(Node::boolean(false), b.at()));
    } else {
        b.set("require_tls", v->is_unknown() ? *v : Node::boolean(truthy(v->text()), v->mark()));
    }
}

// aws_redshift_cluster. Provider v5 configures audit logging with a logging block; v6 with
// aws_redshift_logging, merged into the cluster.
void redshift_cluster(Builder& b) {
    // Since January 2025 new provisioned clusters are encrypted and not publicly accessible
    // unless the request says otherwise.
    tf_copy_or(b, "encrypted", "encrypted", Node::boolean(true));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_copy_or(b, "publicly_accessible", "publicly_accessible", Node::boolean(false));
    tf_copy_or(b, "logging.enabled", "logging[0].enable", Node::boolean(false));
    tf_copy(b, "logging.destination", "logging[0].log_destination_type");
    tf_copy_or(b, "enhanced_vpc_routing", "enhanced_vpc_routing", Node::boolean(false));
    master_password(b, "manage_master_password");
    tf_copy_or(b, "snapshot_retention_days", "automated_snapshot_retention_period", number(1, {}));
    tf_copy_or(b, "allow_version_upgrade", "allow_version_upgrade", Node::boolean(true));
    parameter_group(b, "cluster_parameter_group_name");
}

void redshift_logging(Builder& b) {
    b.set("logging.enabled", Node::boolean(true, b.at()));
    tf_copy(b, "logging.destination", "log_destination_type");
    b.part_of("cluster_identifier");
}

// aws_opensearch_domain and aws_elasticsearch_domain.
void opensearch_domain(Builder& b) {
    tf_copy_or(b, "encryption_at_rest", "encrypt_at_rest[0].enabled", Node::boolean(false));
    tf_copy(b, "kms_key", "encrypt_at_rest[0].kms_key_id");
    b.link("encrypt_at_rest[0].kms_key_id", "encrypted_by", "encrypts");
    tf_copy_or(b, "node_to_node_encryption", "node_to_node_encryption[0].enabled",
               Node::boolean(false));
    tf_copy_or(b, "enforce_https", "domain_endpoint_options[0].enforce_https",
               Node::boolean(false));
    // The service default for new domains has been TLS 1.2 since 2025 (TLS 1.0 before).
    tf_copy_or(b, "tls_policy", "domain_endpoint_options[0].tls_security_policy",
               Node::string("Policy-Min-TLS-1-2-2019-07"));
    tf_present(b, "vpc.enabled", "vpc_options");
    tf_copy_or(b, "fine_grained_access", "advanced_security_options[0].enabled",
               Node::boolean(false));
    b.set("policy_statements", tf_statements(tf_get(b, "access_policies"), b.at()));
    // log_publishing_options: one block per log type; a block is enabled unless it says not.
    const Node* logs = tf_get(b, "log_publishing_options");
    if (logs && logs->is_unknown()) {
        b.set("audit_log", *logs);
        return;
    }
    if (logs && logs->is_sequence()) {
        for (const auto& l : logs->items()) {
            const Node* type = l.get("log_type");
            if (!type || !type->is_scalar() || type->text() != "AUDIT_LOGS") continue;
            const Node* on = l.get("enabled");
            b.set("audit_log", on && !on->is_null() ? *on : Node::boolean(true, l.mark()));
            return;
        }
    }
    b.set("audit_log", defaulted(Node::boolean(false), b.at()));
}

// aws_opensearch_domain_policy and aws_elasticsearch_domain_policy: the domain's access policy,
// which the domain then reads back as a computed access_policies.
void opensearch_domain_policy(Builder& b) {
    b.set("policy_statements", tf_statements(tf_get(b, "access_policies"), b.at()));
    b.part_of("domain_name");
}

// aws_docdb_cluster.
void docdb_cluster(Builder& b) {
    tf_copy_or(b, "storage_encrypted", "storage_encrypted", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    tf_copy_or(b, "backup_retention_days", "backup_retention_period", number(1, {}));
    tf_copy_or(b, "deletion_protection", "deletion_protection", Node::boolean(false));
    b.set("log_exports", as_list(tf_get(b, "enabled_cloudwatch_logs_exports"), b.at()));
    master_password(b);
    parameter_group(b, "db_cluster_parameter_group_name");
}

// aws_docdb_cluster_parameter_group: tls (enabled by default) and audit_logs (disabled).
void docdb_parameter_group(Builder& b) {
    tf_copy(b, "family", "family");
    tf_copy(b, "name", "name");
    for (auto [attr, def] : {std::pair{"tls", "enabled"}, {"audit_logs", "disabled"}}) {
        const Node* v = parameter_value(b, attr);
        if (v && !v->is_null()) {
            b.set(attr, *v);
        } else {
            b.set(attr, defaulted(Node::string(def), b.at()));
        }
    }
}

// aws_neptune_cluster.
void neptune_cluster(Builder& b) {
    tf_copy_or(b, "storage_encrypted", "storage_encrypted", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_arn");
    b.link("kms_key_arn", "encrypted_by", "encrypts");
    tf_copy_or(b, "backup_retention_days", "backup_retention_period", number(1, {}));
    tf_copy_or(b, "deletion_protection", "deletion_protection", Node::boolean(false));
    tf_copy_or(b, "iam_auth", "iam_database_authentication_enabled", Node::boolean(false));
    b.set("log_exports", as_list(tf_get(b, "enable_cloudwatch_logs_exports"), b.at()));
}

// aws_backup_vault; aws_backup_vault_lock_configuration and aws_backup_vault_policy are merged
// into it.
void backup_vault(Builder& b) {
    tf_copy(b, "name", "name");
    // Without kms_key_arn, recovery points are encrypted with the AWS managed key aws/backup
    // (the provider reads its ARN back after apply).
    tf_copy(b, "kms_key", "kms_key_arn");
    b.link("kms_key_arn", "encrypted_by", "encrypts");
    b.set("lock.enabled", defaulted(Node::boolean(false), b.at()));
    b.set("policy_statements", Node::sequence(b.at()));
}

void backup_vault_lock(Builder& b) {
    b.set("lock.enabled", Node::boolean(true, b.at()));
    tf_copy(b, "lock.min_retention_days", "min_retention_days");
    tf_copy(b, "lock.changeable_for_days", "changeable_for_days");
    b.part_of("backup_vault_name");
}

void backup_vault_policy(Builder& b) {
    b.set("policy_statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.part_of("backup_vault_name");
}

// aws_fsx_{lustre,windows,ontap,openzfs}_file_system.
void fsx_file_system(Builder& b) {
    std::string_view t = b.type();
    std::string type = t == "aws_fsx_lustre_file_system"    ? "LUSTRE"
                       : t == "aws_fsx_windows_file_system" ? "WINDOWS"
                       : t == "aws_fsx_ontap_file_system"   ? "ONTAP"
                                                            : "OPENZFS";
    b.set("file_system_type", Node::string(type, b.at()));
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    if (type == "LUSTRE") {
        // A scratch file system (SCRATCH_1) unless deployment_type says otherwise; scratch file
        // systems have no backups.
        tf_copy_or(b, "deployment_type", "deployment_type", Node::string("SCRATCH_1"));
    } else {
        tf_copy(b, "deployment_type", "deployment_type");
    }
    // Automatic daily backups: none (0) by default for Lustre, 30 days for the others when the
    // plan does not show the provider's value.
    tf_copy_or(b, "backup_retention_days", "automatic_backup_retention_days",
               number(type == "LUSTRE" ? 0 : 30, {}));
}

}  // namespace

void register_terraform_data_stores(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_s3_bucket", "aws.s3.bucket", s3_bucket},
            {"aws_s3_bucket_server_side_encryption_configuration",
             "aws.s3.bucket_server_side_encryption_configuration", s3_bucket_encryption},
            {"aws_s3_bucket_public_access_block", "aws.s3.bucket_public_access_block",
             s3_public_access_block},
            {"aws_s3_bucket_versioning", "aws.s3.bucket_versioning", s3_versioning},
            {"aws_s3_bucket_logging", "aws.s3.bucket_logging", s3_bucket_logging},
            {"aws_s3_bucket_acl", "aws.s3.bucket_acl", s3_bucket_acl},
            {"aws_s3_bucket_ownership_controls", "aws.s3.bucket_ownership_controls", s3_ownership},
            {"aws_s3_bucket_lifecycle_configuration", "aws.s3.bucket_lifecycle_configuration",
             s3_lifecycle},
            {"aws_s3_bucket_website_configuration", "aws.s3.bucket_website_configuration",
             s3_website},
            {"aws_s3_bucket_object_lock_configuration", "aws.s3.bucket_object_lock_configuration",
             s3_object_lock},
            {"aws_s3_bucket_policy", "aws.s3.bucket_policy", s3_bucket_policy},
            {"aws_db_instance", "aws.rds.instance", db_instance},
            {"aws_rds_cluster_instance", "aws.rds.instance", rds_cluster_instance},
            {"aws_rds_cluster", "aws.rds.cluster", rds_cluster},
            {"aws_db_parameter_group", "aws.rds.db_parameter_group", rds_parameter_group},
            {"aws_rds_cluster_parameter_group", "aws.rds.db_cluster_parameter_group",
             rds_parameter_group},
            {"aws_ebs_volume", "aws.ec2.volume", ebs_volume},
            {"aws_dynamodb_table", "aws.dynamodb.table", dynamodb_table},
            {"aws_efs_file_system", "aws.efs.file_system", efs_file_system},
            {"aws_efs_backup_policy", "aws.efs.backup_policy", efs_backup_policy},
            {"aws_elasticache_replication_group", "aws.elasticache.replication_group",
             elasticache_replication_group},
            {"aws_elasticache_serverless_cache", "aws.elasticache.serverless_cache",
             elasticache_serverless_cache},
            {"aws_redshift_cluster", "aws.redshift.cluster", redshift_cluster},
            {"aws_redshift_parameter_group", "aws.redshift.cluster_parameter_group",
             redshift_parameter_group},
            {"aws_redshift_logging", "aws.redshift.logging", redshift_logging},
            {"aws_opensearch_domain", "aws.opensearch.domain", opensearch_domain},
            {"aws_elasticsearch_domain", "aws.opensearch.domain", opensearch_domain},
            {"aws_opensearch_domain_policy", "aws.opensearch.domain_policy",
             opensearch_domain_policy},
            {"aws_elasticsearch_domain_policy", "aws.opensearch.domain_policy",
             opensearch_domain_policy},
            {"aws_docdb_cluster", "aws.docdb.db_cluster", docdb_cluster},
            {"aws_docdb_cluster_parameter_group", "aws.docdb.db_cluster_parameter_group",
             docdb_parameter_group},
            {"aws_neptune_cluster", "aws.neptune.db_cluster", neptune_cluster},
            {"aws_backup_vault", "aws.backup.backup_vault", backup_vault},
            {"aws_backup_vault_lock_configuration", "aws.backup.backup_vault_lock_configuration",
             backup_vault_lock},
            {"aws_backup_vault_policy", "aws.backup.backup_vault_policy", backup_vault_policy},
            {"aws_fsx_lustre_file_system", "aws.fsx.file_system", fsx_file_system},
            {"aws_fsx_windows_file_system", "aws.fsx.file_system", fsx_file_system},
            {"aws_fsx_ontap_file_system", "aws.fsx.file_system", fsx_file_system},
            {"aws_fsx_openzfs_file_system", "aws.fsx.file_system", fsx_file_system},
        });
}

}  // namespace wasp::iac::adapters
