// Adapters for data stores: S3, RDS, EBS, DynamoDB (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

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
    // Tables are always encrypted: with an AWS owned key unless SSE is enabled, then with the
    // AWS managed key or the customer managed key named.
    if (enabled && enabled->is_unknown()) {
        b.set("encryption.key_type", *enabled);
    } else if (enabled && enabled->as_bool() == true) {
        b.set("encryption.key_type", Node::string(key ? "customer_managed" : "aws_managed",
                                                  key ? key->mark() : enabled->mark()));
    } else {
        b.set("encryption.key_type", enabled ? Node::string("aws_owned", enabled->mark())
                                             : defaulted(Node::string("aws_owned"), b.at()));
    }
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

}  // namespace

void register_data_stores(Adapters& out) {
    out.insert(out.end(),
               {
                   {"AWS::S3::Bucket", "aws.s3.bucket", s3_bucket},
                   {"AWS::S3::BucketPolicy", "aws.s3.bucket_policy", s3_bucket_policy},
                   {"AWS::RDS::DBInstance", "aws.rds.instance", rds_instance},
                   {"AWS::RDS::DBCluster", "aws.rds.cluster", rds_cluster},
                   {"AWS::EC2::Volume", "aws.ec2.volume", ebs_volume},
                   {"AWS::DynamoDB::Table", "aws.dynamodb.table", dynamodb_table},
                   {"AWS::DynamoDB::GlobalTable", "aws.dynamodb.table", dynamodb_global_table},
                   {"AWS::Serverless::SimpleTable", "aws.dynamodb.table", dynamodb_table},
               });
}

}  // namespace wasp::iac::adapters
