// Adapters from IaC formats into the neutral model (model.h).
#pragma once

#include "core/diagnostic.h"
#include "iac/cfn.h"
#include "iac/model.h"

namespace wasp::iac {

// Adds the template's resources to the model (the file is added to model.files).
void adapt_cloudformation(const CfnTemplate& tmpl, Model& model);

// Builds the relations between resources once every file is adapted.
void link(Model& model);

// The neutral kind of a CloudFormation type, e.g. AWS::S3::Bucket -> aws.s3.bucket;
// types without a dedicated adapter get a kind derived from their name.
[[nodiscard]] std::string neutral_kind(std::string_view cfn_type);

}  // namespace wasp::iac
