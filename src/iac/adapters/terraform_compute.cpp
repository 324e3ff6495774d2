// Terraform adapters for compute: Lambda (docs/model.md).
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

void lambda_function(Builder& b) {
    tf_copy(b, "runtime", "runtime");
    tf_copy(b, "kms_key", "kms_key_arn");
    tf_copy(b, "environment", "environment[0].variables");
    // A vpc_config block with no subnets leaves the function outside any VPC.
    tf_present(b, "vpc.enabled", "vpc_config[0].subnet_ids");
    tf_copy(b, "tracing", "tracing_config[0].mode");
    tf_copy(b, "role", "role");
    b.link("role", "role", "used_by");
}

}  // namespace

void register_terraform_compute(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_lambda_function", "aws.lambda.function", lambda_function},
                          });
}

}  // namespace wasp::iac::adapters
