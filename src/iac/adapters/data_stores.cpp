// Adapters for data stores: S3, RDS, EBS, DynamoDB (docs/model.md), and EFS, FSx, ElastiCache,
// Redshift, OpenSearch, DocumentDB, Neptune, AWS Backup and S3 Glacier
// (docs/model-data-identity.md).
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

// A value that AWS decides when the property is absent, from something the template does not
// show: unknown, but with the default origin (so exists: false holds).
Node unknown_default(std::string reason, Mark at) {
    Node u = Node::unknown(std::move(reason), at);
    u.set_origin(NodeOrigin::kDefault);
    return u;
}

bool truthy(const Node& v) {
    if (auto b = v.as_bool()) return *b;
    if (!v.is_scalar()) return false;
    std::string t;
    for (char c : v.text()) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t == "1" || t == "on" || t == "yes" || t == "enabled";
}

// A list property: as written (a single value becomes a one-item list), [] by default.
void copy_list(Builder& b, std::string_view attr, std::string_view path) {
    const Node* v = b.prop(path);
    if (!v || v->is_null()) {
        b.set(attr, defaulted(Node::sequence(), b.at()));
    } else {
        b.set(attr, as_list(v, b.at()));
    }
}

// A boolean that is true when a list property (or a single value) is written and not empty.
void non_empty(Builder& b, std::string_view attr, std::string_view path) {
    const Node* v = b.prop(path);
    if (!v || v->is_null()) {
        b.set(attr, defaulted(Node::boolean(false), b.at()));
    } else if (v->is_unknown() && v->origin() == NodeOrigin::kMaybeAbsent) {
        b.set(attr, *v);
    } else {
        b.set(attr, Node::boolean(!v->is_sequence() || v->size() > 0, v->mark()));
    }
}

// Where a database's master password comes from: "managed" (the service keeps it in Secrets
// Manager), "secrets_manager" / "ssm_secure" (a dynamic reference), "ssm_parameter" (a
// plain-text Systems Manager parameter), "parameter" (a template parameter without a default),
// "literal" (text written in the template, a parameter default included) or "none" (no password
// set: restored from a snapshot, a member of a cluster). The dynamic reference and the
// parameter are recognised from the reason the template loader gives for their unknown value.
void master_password(Builder& b, std::string_view password, std::string_view manage) {
    constexpr std::string_view kAttr = "master_password.source";
    if (const Node* m = manage.empty() ? nullptr : b.prop(manage); m && !m->is_null()) {
        if (m->is_unknown()) {
            b.set(kAttr, *m);
            return;
        }
        if (m->as_bool() == true) {
            b.set(kAttr, Node::string("managed", m->mark()));
            return;
        }
    }
    const Node* pw = b.prop(password);
    if (!pw || pw->is_null()) {
        b.set(kAttr, defaulted(Node::string("none"), b.at()));
        return;
    }
    if (!pw->is_unknown()) {
        b.set(kAttr, Node::string("literal", pw->mark()));
        return;
    }
    std::string source;  // stays empty for any other unknown, maybe-absent ones included
    if (pw->origin() == NodeOrigin::kMaybeAbsent) {
    } else if (pw->cause() == core::UnknownCause::kSecretsManager) {
        source = "secrets_manager";
    } else if (pw->cause() == core::UnknownCause::kSsmSecure) {
        source = "ssm_secure";
    } else if (pw->cause() == core::UnknownCause::kSsm) {
        source = "ssm_parameter";
    } else if (pw->cause() == core::UnknownCause::kParameter) {
        source = "parameter";
    }
    if (source.empty()) {
        b.set(kAttr, *pw);
    } else {
        b.set(kAttr, Node::string(std::move(source), pw->mark()));
    }
}

// The parameter group a database names: default_parameter_group is true when it names none
// (or a "default." group), false when it names a group of the template, and unknown when the
// group is defined elsewhere (its settings cannot be seen).
void parameter_group(Builder& b, std::string_view prop) {
    const Node* v = b.prop(prop);
    b.link(prop, "parameter_group", "used_by");
    if (!v || v->is_null()) {
        b.set("default_parameter_group", defaulted(Node::boolean(true), b.at()));
        return;
    }
    b.set("parameter_group", *v);
    if (v->is_unknown() && !v->ref().empty()) {
        b.set("default_parameter_group", Node::boolean(false, v->mark()));
    } else if (v->is_scalar() && v->text().starts_with("default.")) {
        b.set("default_parameter_group", Node::boolean(true, v->mark()));
    } else if (v->is_scalar()) {
        b.set("default_parameter_group",
              Node::unknown("the settings of parameter group " + v->text() +
                                ", which is not defined in the template",
                            v->mark()));
    } else {
        b.set("default_parameter_group", *v);
    }
}

void s3_bucket(Builder& b) {
    constexpr std::string_view kSse =
        "BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault";
    // Since January 2023 every new bucket is encrypted with SSE-S3 unless configured otherwise.
    b.copy_or("encryption.algorithm", std::string(kSse) + ".SSEAlgorithm", Node::string("AES256"));
    b.copy("encryption.kms_key", std::string(kSse) + ".KMSMasterKeyID");
    b.copy("encryption.bucket_key",
           "BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled");
    // Since April 2023 new buckets block all public access unless configured otherwise; once
    // the configuration is written, each setting it leaves out is false.
    const Node* pab = b.prop("PublicAccessBlockConfiguration");
    for (auto [attr, prop] : {std::pair{"block_public_acls", "BlockPublicAcls"},
                              {"block_public_policy", "BlockPublicPolicy"},
                              {"ignore_public_acls", "IgnorePublicAcls"},
                              {"restrict_public_buckets", "RestrictPublicBuckets"}}) {
        std::string path = std::string("public_access_block.") + attr;
        if (pab && pab->is_unknown()) {
            b.set(path, *pab);
        } else if (const Node* v = pab ? pab->get(prop) : nullptr) {
            b.set(path, *v);
        } else {
            b.set(path, defaulted(Node::boolean(pab == nullptr), pab ? pab->mark() : b.at()));
        }
    }
    const Node* status = b.prop("VersioningConfiguration.Status");
    if (!status) {
        b.set("versioning.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (status->is_unknown()) {
        b.set("versioning.enabled", *status);
    } else {
        b.set("versioning.enabled", Node::boolean(status->text() == "Enabled", status->mark()));
    }
    b.copy("versioning.mfa_delete", "VersioningConfiguration.MfaDelete");
    b.present("logging.enabled", "LoggingConfiguration");
    b.copy("logging.target_bucket", "LoggingConfiguration.DestinationBucketName");
    b.link("LoggingConfiguration.DestinationBucketName", "logs_to", "receives_logs_from");
    b.copy("acl", "AccessControl");
    b.copy_or("object_lock.enabled", "ObjectLockEnabled", Node::boolean(false));
    b.present("lifecycle.enabled", "LifecycleConfiguration");
    b.present("website.enabled", "WebsiteConfiguration");
    b.copy("name", "BucketName");
    // Since April 2023 new buckets have ACLs disabled (BucketOwnerEnforced).
    b.copy_or("ownership", "OwnershipControls.Rules[0].ObjectOwnership",
              Node::string("BucketOwnerEnforced"));
}

void s3_bucket_policy(Builder& b) {
    b.copy("bucket", "Bucket");
    b.link("Bucket", "bucket", "policy");
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at()));
}

void rds_instance(Builder& b) {
    b.copy("engine", "Engine");
    const Node* cluster = b.prop("DBClusterIdentifier");
    b.set("in_cluster",
          cluster ? Node::boolean(true, cluster->mark()) : defaulted(Node::boolean(false), b.at()));
    b.link("DBClusterIdentifier", "cluster", "instances");
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    if (b.prop("PubliclyAccessible")) {
        b.copy("publicly_accessible", "PubliclyAccessible");
    } else {
        Node u = Node::unknown(
            "PubliclyAccessible is not set; the default depends on whether the subnets' VPC has "
            "an internet gateway",
            b.at());
        u.set_origin(NodeOrigin::kDefault);
        b.set("publicly_accessible", std::move(u));
    }
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    b.copy_or("iam_auth", "EnableIAMDatabaseAuthentication", Node::boolean(false));
    b.copy_or("multi_az", "MultiAZ", Node::boolean(false));
    b.copy_or("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", Node::boolean(true));
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy("engine_version", "EngineVersion");
    copy_list(b, "log_exports", "EnableCloudwatchLogsExports");
    master_password(b, "MasterUserPassword", "ManageMasterUserPassword");
    parameter_group(b, "DBParameterGroupName");
}

void rds_cluster(Builder& b) {
    b.copy("engine", "Engine");
    const Node* mode = b.prop("EngineMode");
    bool serverless_v1 = mode && mode->is_scalar() && mode->text() == "serverless";
    // Aurora Serverless v1 clusters are always encrypted.
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(serverless_v1));
    b.copy("kms_key", "KmsKeyId");
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    b.copy_or("iam_auth", "EnableIAMDatabaseAuthentication", Node::boolean(false));
    const Node* engine = b.prop("Engine");
    bool aurora = engine && engine->is_scalar() && engine->text().starts_with("aurora");
    if (b.prop("PubliclyAccessible") || aurora) {
        // Aurora clusters have no such setting: each instance has its own, checked there.
        b.copy_or("publicly_accessible", "PubliclyAccessible", Node::boolean(false));
    } else {
        Node u = Node::unknown(
            "PubliclyAccessible is not set; for a Multi-AZ DB cluster the default depends on "
            "whether the subnets' VPC has an internet gateway",
            b.at());
        u.set_origin(NodeOrigin::kDefault);
        b.set("publicly_accessible", std::move(u));
    }
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy("engine_version", "EngineVersion");
    copy_list(b, "log_exports", "EnableCloudwatchLogsExports");
    master_password(b, "MasterUserPassword", "ManageMasterUserPassword");
    parameter_group(b, "DBClusterParameterGroupName");
}

// AWS::RDS::DBParameterGroup and DBClusterParameterGroup: whether the engine refuses
// connections without TLS (rds.force_ssl for PostgreSQL and SQL Server,
// require_secure_transport for MySQL and MariaDB).
void rds_parameter_group(Builder& b) {
    b.copy("family", "Family");
    b.copy("name", b.type() == "AWS::RDS::DBParameterGroup" ? "DBParameterGroupName"
                                                            : "DBClusterParameterGroupName");
    const Node* params = b.prop("Parameters");
    if (params && params->is_unknown()) {
        b.set("require_tls", *params);
        return;
    }
    const Node* v = nullptr;
    if (params && params->is_mapping()) {
        v = params->get("rds.force_ssl");
        if (!v) v = params->get("require_secure_transport");
    }
    if (v) {
        b.set("require_tls", v->is_unknown() ? *v : Node::boolean(truthy(*v), v->mark()));
        return;
    }
    // RDS for PostgreSQL 15 and later sets rds.force_ssl to 1 by default; other engines and
    // versions accept unencrypted connections unless the parameter is set.
    const Node* family = b.prop("Family");
    if (family && family->is_unknown()) {
        b.set(
            "require_tls",
            unknown_default("rds.force_ssl is not set; its default depends on the family", b.at()));
        return;
    }
    bool pg15 = false;
    if (family && family->is_scalar()) {
        std::string_view f = family->text();
        if (f.starts_with("postgres")) {
            f.remove_prefix(8);
            int major = 0;
            for (char c : f) {
                if (!std::isdigit(static_cast<unsigned char>(c))) break;
                major = major * 10 + (c - '0');
            }
            pg15 = major >= 15;
        }
    }
    b.set("require_tls", defaulted(Node::boolean(pg15), b.at()));
}

void ebs_volume(Builder& b) {
    // Accounts can turn on EBS encryption by default; a template cannot show that, so an
    // unset Encrypted is read as the API default, false.
    b.copy_or("encrypted", "Encrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    b.copy("size_gib", "Size");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

void dynamodb_table(Builder& b) {
    const Node* enabled = b.prop("SSESpecification.SSEEnabled");
    const Node* key = b.prop("SSESpecification.KMSMasterKeyId");
    set_dynamodb_key_type(b, enabled, key);
    b.copy("encryption.kms_key", "SSESpecification.KMSMasterKeyId");
    b.link("SSESpecification.KMSMasterKeyId", "encrypted_by", "encrypts");
    b.copy_or("point_in_time_recovery",
              "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", Node::boolean(false));
    b.copy_or("deletion_protection", "DeletionProtectionEnabled", Node::boolean(false));
}

void dynamodb_global_table(Builder& b) {
    dynamodb_table(b);
    const Node* replicas = b.prop("Replicas");
    if (!replicas) return;
    if (replicas->is_unknown()) {
        b.set("point_in_time_recovery", *replicas);
        return;
    }
    std::optional<Node> pitr;
    for (const auto& replica : replicas->items()) {
        const Node* v =
            replica.at_path("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled");
        Node value = v ? *v : defaulted(Node::boolean(false), replica.mark());
        // Every replica must have it: the first one that does not (or may not) decides.
        if (!pitr || (pitr->as_bool() == true && value.as_bool() != true)) pitr = value;
        if (const Node* key = replica.at_path("SSESpecification.KMSMasterKeyId")) {
            b.set("encryption.kms_key", *key);
            b.set("encryption.key_type", Node::string("customer_managed", key->mark()));
            b.link_node(*key, "encrypted_by", "encrypts");
        }
    }
    if (pitr) b.set("point_in_time_recovery", *pitr);
}

// AWS::EFS::FileSystem.
void efs_file_system(Builder& b) {
    // The API creates an unencrypted file system unless Encrypted is true (only the console
    // turns encryption on by default).
    b.copy_or("encrypted", "Encrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    // Automatic backups are off for a Regional file system and on for a One Zone file system
    // (AvailabilityZoneName set) unless BackupPolicy says otherwise.
    if (const Node* status = b.prop("BackupPolicy.Status"); status && !status->is_null()) {
        b.set("backup.enabled", status->is_unknown()
                                    ? *status
                                    : Node::boolean(status->text() == "ENABLED", status->mark()));
    } else if (const Node* az = b.prop("AvailabilityZoneName");
               az && az->is_unknown() && az->origin() == NodeOrigin::kMaybeAbsent) {
        b.set("backup.enabled",
              unknown_default("BackupPolicy is not set and whether the file system is One Zone "
                              "depends on a condition",
                              b.at()));
    } else {
        b.set("backup.enabled", defaulted(Node::boolean(az != nullptr && !az->is_null()), b.at()));
    }
    b.set("policy_statements", statements_of(b.prop("FileSystemPolicy"), b.at()));
}

// AWS::EFS::AccessPoint.
void efs_access_point(Builder& b) {
    b.copy("file_system", "FileSystemId");
    b.link("FileSystemId", "file_system", "access_points");
    // Without RootDirectory, clients of the access point see the whole file system.
    b.copy_or("root_directory", "RootDirectory.Path", Node::string("/"));
    b.copy("posix_user.uid", "PosixUser.Uid");
    b.copy("posix_user.gid", "PosixUser.Gid");
}

// AWS::FSx::FileSystem (Lustre, Windows File Server, ONTAP, OpenZFS).
void fsx_file_system(Builder& b) {
    b.copy("file_system_type", "FileSystemType");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    const Node* type = b.prop("FileSystemType");
    if (type && type->is_unknown()) {
        b.set("backup_retention_days", *type);
        b.set("deployment_type", *type);
        return;
    }
    std::string t = type && type->is_scalar() ? type->text() : "";
    std::string cfg = t == "LUSTRE"    ? "LustreConfiguration"
                      : t == "WINDOWS" ? "WindowsConfiguration"
                      : t == "ONTAP"   ? "OntapConfiguration"
                      : t == "OPENZFS" ? "OpenZFSConfiguration"
                                       : "";
    if (cfg.empty()) return;
    if (t == "LUSTRE") {
        // A Lustre file system is a scratch file system (SCRATCH_1) unless DeploymentType says
        // otherwise; scratch file systems have no backups.
        b.copy_or("deployment_type", cfg + ".DeploymentType", Node::string("SCRATCH_1"));
    } else {
        b.copy("deployment_type", cfg + ".DeploymentType");
    }
    // Automatic daily backups: kept 30 days by default for Windows, ONTAP and OpenZFS, none
    // (0) by default for Lustre.
    b.copy_or("backup_retention_days", cfg + ".AutomaticBackupRetentionDays",
              number(t == "LUSTRE" ? 0 : 30, {}));
}

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// AWS::ElastiCache::ReplicationGroup (Valkey and Redis OSS).
void elasticache_replication_group(Builder& b) {
    b.copy_or("engine", "Engine", Node::string("redis"));
    const Node* engine = b.prop("Engine");
    const Node* at_rest = b.prop("AtRestEncryptionEnabled");
    if ((!at_rest || at_rest->is_null()) && engine && engine->is_unknown()) {
        b.set("at_rest_encryption",
              unknown_default("AtRestEncryptionEnabled is not set; the default depends on the "
                              "engine (on for Valkey, off for Redis OSS)",
                              b.at()));
    } else {
        // Encryption at rest is on by default for Valkey and off for Redis OSS.
        bool valkey = engine && engine->is_scalar() && lower(engine->text()) == "valkey";
        b.copy_or("at_rest_encryption", "AtRestEncryptionEnabled", Node::boolean(valkey));
    }
    b.copy_or("transit_encryption", "TransitEncryptionEnabled", Node::boolean(false));
    b.copy("transit_encryption_mode", "TransitEncryptionMode");
    b.present("auth_token", "AuthToken");
    copy_list(b, "user_groups", "UserGroupIds");
    non_empty(b, "rbac", "UserGroupIds");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy_or("snapshot_retention_days", "SnapshotRetentionLimit", number(0, {}));
    b.copy_or("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", Node::boolean(true));
}

// AWS::ElastiCache::ServerlessCache: always encrypted at rest and in transit.
void elasticache_serverless_cache(Builder& b) {
    b.copy("engine", "Engine");
    b.set("at_rest_encryption", defaulted(Node::boolean(true), b.at()));
    b.set("transit_encryption", defaulted(Node::boolean(true), b.at()));
    b.set("transit_encryption_mode", defaulted(Node::string("required"), b.at()));
    b.set("auth_token", defaulted(Node::boolean(false), b.at()));
    copy_list(b, "user_groups", "UserGroupId");
    non_empty(b, "rbac", "UserGroupId");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy("snapshot_retention_days", "SnapshotRetentionLimit");
}

// AWS::Redshift::Cluster.
void redshift_cluster(Builder& b) {
    // Since January 2025 new provisioned clusters are encrypted and not publicly accessible
    // unless the request says otherwise.
    b.copy_or("encrypted", "Encrypted", Node::boolean(true));
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy_or("publicly_accessible", "PubliclyAccessible", Node::boolean(false));
    b.present("logging.enabled", "LoggingProperties");
    b.copy("logging.destination", "LoggingProperties.LogDestinationType");
    b.copy_or("enhanced_vpc_routing", "EnhancedVpcRouting", Node::boolean(false));
    master_password(b, "MasterUserPassword", "ManageMasterPassword");
    b.copy_or("snapshot_retention_days", "AutomatedSnapshotRetentionPeriod", number(1, {}));
    b.copy_or("allow_version_upgrade", "AllowVersionUpgrade", Node::boolean(true));
    parameter_group(b, "ClusterParameterGroupName");
}

// AWS::Redshift::ClusterParameterGroup: require_ssl.
void redshift_parameter_group(Builder& b) {
    b.copy("family", "ParameterGroupFamily");
    b.copy("name", "ParameterGroupName");
    const Node* params = b.prop("Parameters");
    if (params && params->is_unknown()) {
        b.set("require_tls", *params);
        return;
    }
    if (params && params->is_sequence()) {
        for (const auto& p : params->items()) {
            const Node* name = p.get("ParameterName");
            if (!name || !name->is_scalar() || lower(name->text()) != "require_ssl") continue;
            const Node* v = p.get("ParameterValue");
            if (!v) break;
            b.set("require_tls", v->is_unknown() ? *v : Node::boolean(truthy(*v), v->mark()));
            return;
        }
    }
    // require_ssl is false in a new parameter group unless it is set.
    b.set("require_tls", defaulted(Node::boolean(false), b.at()));
}

// AWS::OpenSearchService::Domain and AWS::Elasticsearch::Domain.
void opensearch_domain(Builder& b) {
    b.copy_or("encryption_at_rest", "EncryptionAtRestOptions.Enabled", Node::boolean(false));
    b.copy("kms_key", "EncryptionAtRestOptions.KmsKeyId");
    b.link("EncryptionAtRestOptions.KmsKeyId", "encrypted_by", "encrypts");
    b.copy_or("node_to_node_encryption", "NodeToNodeEncryptionOptions.Enabled",
              Node::boolean(false));
    b.copy_or("enforce_https", "DomainEndpointOptions.EnforceHTTPS", Node::boolean(false));
    // The service default for new domains has been TLS 1.2 since 2025 (TLS 1.0 before).
    b.copy_or("tls_policy", "DomainEndpointOptions.TLSSecurityPolicy",
              Node::string("Policy-Min-TLS-1-2-2019-07"));
    b.present("vpc.enabled", "VPCOptions");
    b.copy_or("fine_grained_access", "AdvancedSecurityOptions.Enabled", Node::boolean(false));
    b.set("policy_statements", statements_of(b.prop("AccessPolicies"), b.at()));
    b.copy_or("audit_log", "LogPublishingOptions.AUDIT_LOGS.Enabled", Node::boolean(false));
}

// AWS::DocDB::DBCluster.
void docdb_cluster(Builder& b) {
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    copy_list(b, "log_exports", "EnableCloudwatchLogsExports");
    master_password(b, "MasterUserPassword", "ManageMasterUserPassword");
    parameter_group(b, "DBClusterParameterGroupName");
}

// AWS::DocDB::DBClusterParameterGroup: tls (enabled by default) and audit_logs (disabled).
void docdb_parameter_group(Builder& b) {
    b.copy("family", "Family");
    b.copy("name", "Name");
    const Node* params = b.prop("Parameters");
    for (auto [attr, key, def] :
         {std::tuple{"tls", "tls", "enabled"}, {"audit_logs", "audit_logs", "disabled"}}) {
        if (params && params->is_unknown()) {
            b.set(attr, *params);
        } else if (const Node* v = params && params->is_mapping() ? params->get(key) : nullptr) {
            b.set(attr, *v);
        } else {
            b.set(attr, defaulted(Node::string(def), b.at()));
        }
    }
}

// AWS::Neptune::DBCluster.
void neptune_cluster(Builder& b) {
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    b.copy_or("iam_auth", "IamAuthEnabled", Node::boolean(false));
    copy_list(b, "log_exports", "EnableCloudwatchLogsExports");
}

// AWS::Backup::BackupVault.
void backup_vault(Builder& b) {
    b.copy("name", "BackupVaultName");
    // Without EncryptionKeyArn, recovery points are encrypted with the AWS managed key
    // aws/backup (or the source service's own encryption).
    b.copy("kms_key", "EncryptionKeyArn");
    b.link("EncryptionKeyArn", "encrypted_by", "encrypts");
    b.present("lock.enabled", "LockConfiguration");
    b.copy("lock.min_retention_days", "LockConfiguration.MinRetentionDays");
    b.copy("lock.changeable_for_days", "LockConfiguration.ChangeableForDays");
    b.set("policy_statements", statements_of(b.prop("AccessPolicy"), b.at()));
}

// AWS::Backup::BackupPlan: one item per rule.
void backup_plan(Builder& b) {
    const Node* rules = b.prop("BackupPlan.BackupPlanRule");
    if (rules && rules->is_unknown()) {
        b.set("rules", *rules);
        return;
    }
    Node out = Node::sequence(rules ? rules->mark() : b.at());
    if (rules && rules->is_sequence()) {
        for (const auto& r : rules->items()) {
            if (r.is_unknown()) {
                out.push(r);
                continue;
            }
            Node item = Node::mapping(r.mark());
            if (const Node* v = r.get("RuleName")) item.set("name", *v);
            if (const Node* v = r.get("TargetBackupVault")) {
                item.set("vault", *v);
                b.link_node(*v, "vault", "plans");
            }
            // Without Lifecycle.DeleteAfterDays recovery points are kept until deleted.
            if (const Node* v = r.at_path("Lifecycle.DeleteAfterDays")) {
                item.set("delete_after_days", *v);
            }
            item.set("copy_actions", as_list(r.get("CopyActions"), r.mark()));
            out.push(std::move(item));
        }
    }
    b.set("rules", std::move(out));
}

// AWS::Glacier::Vault.
void glacier_vault(Builder& b) {
    b.copy("name", "VaultName");
    b.set("policy_statements", statements_of(b.prop("AccessPolicy"), b.at()));
}

}  // namespace

void register_data_stores(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"AWS::S3::Bucket", "aws.s3.bucket", s3_bucket},
            {"AWS::S3::BucketPolicy", "aws.s3.bucket_policy", s3_bucket_policy},
            {"AWS::RDS::DBInstance", "aws.rds.instance", rds_instance},
            {"AWS::RDS::DBCluster", "aws.rds.cluster", rds_cluster},
            {"AWS::EC2::Volume", "aws.ec2.volume", ebs_volume},
            {"AWS::DynamoDB::Table", "aws.dynamodb.table", dynamodb_table},
            {"AWS::DynamoDB::GlobalTable", "aws.dynamodb.table", dynamodb_global_table},
            {"AWS::Serverless::SimpleTable", "aws.dynamodb.table", dynamodb_table},
            {"AWS::RDS::DBParameterGroup", "aws.rds.db_parameter_group", rds_parameter_group},
            {"AWS::RDS::DBClusterParameterGroup", "aws.rds.db_cluster_parameter_group",
             rds_parameter_group},
            {"AWS::EFS::FileSystem", "aws.efs.file_system", efs_file_system},
            {"AWS::EFS::AccessPoint", "aws.efs.access_point", efs_access_point},
            {"AWS::FSx::FileSystem", "aws.fsx.file_system", fsx_file_system},
            {"AWS::ElastiCache::ReplicationGroup", "aws.elasticache.replication_group",
             elasticache_replication_group},
            {"AWS::ElastiCache::ServerlessCache", "aws.elasticache.serverless_cache",
             elasticache_serverless_cache},
            {"AWS::Redshift::Cluster", "aws.redshift.cluster", redshift_cluster},
            {"AWS::Redshift::ClusterParameterGroup", "aws.redshift.cluster_parameter_group",
             redshift_parameter_group},
            {"AWS::OpenSearchService::Domain", "aws.opensearch.domain", opensearch_domain},
            {"AWS::Elasticsearch::Domain", "aws.opensearch.domain", opensearch_domain},
            {"AWS::DocDB::DBCluster", "aws.docdb.db_cluster", docdb_cluster},
            {"AWS::DocDB::DBClusterParameterGroup", "aws.docdb.db_cluster_parameter_group",
             docdb_parameter_group},
            {"AWS::Neptune::DBCluster", "aws.neptune.db_cluster", neptune_cluster},
            {"AWS::Backup::BackupVault", "aws.backup.backup_vault", backup_vault},
            {"AWS::Backup::BackupPlan", "aws.backup.backup_plan", backup_plan},
            {"AWS::Glacier::Vault", "aws.glacier.vault", glacier_vault},
        });
}

}  // namespace wasp::iac::adapters
