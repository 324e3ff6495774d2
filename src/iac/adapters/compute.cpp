// Adapters for compute: Lambda (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void lambda_function(Builder& b) {
    b.copy("runtime", "Runtime");
    b.copy("kms_key", "KmsKeyArn");
    b.copy("environment", "Environment.Variables");
    b.present("vpc.enabled", "VpcConfig");
    b.copy("tracing", "TracingConfig.Mode");
    b.copy("role", "Role");
    b.link("Role", "role", "used_by");
}

}  // namespace

void register_compute(Adapters& out) {
    out.insert(out.end(), {
                              {"AWS::Lambda::Function", "aws.lambda.function", lambda_function},
                              {"AWS::Serverless::Function", "aws.lambda.function", lambda_function},
                          });
}

}  // namespace wasp::iac::adapters
