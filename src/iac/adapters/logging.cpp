// Adapters for logging and detection: CloudTrail, CloudWatch Logs (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void cloudtrail(Builder& b) {
    b.copy_or("multi_region", "IsMultiRegionTrail", Node::boolean(false));
    b.copy_or("log_file_validation", "EnableLogFileValidation", Node::boolean(false));
    b.copy("kms_key", "KMSKeyId");
    b.copy("is_logging", "IsLogging");
    b.copy_or("include_global_events", "IncludeGlobalServiceEvents", Node::boolean(true));
    b.copy_or("organization_trail", "IsOrganizationTrail", Node::boolean(false));
    b.present("cloudwatch_logs", "CloudWatchLogsLogGroupArn");
    b.copy("s3_bucket", "S3BucketName");
    b.link("S3BucketName", "logs_to", "receives_logs_from");
    b.link("KMSKeyId", "encrypted_by", "encrypts");
}

void log_group(Builder& b) {
    b.copy("retention_days", "RetentionInDays");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

}  // namespace

void register_logging(Adapters& out) {
    out.insert(out.end(), {
                              {"AWS::CloudTrail::Trail", "aws.cloudtrail.trail", cloudtrail},
                              {"AWS::Logs::LogGroup", "aws.logs.log_group", log_group},
                          });
}

}  // namespace wasp::iac::adapters
