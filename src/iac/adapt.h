// Adapters from IaC formats into the neutral model (model.h).
#pragma once

#include "core/diagnostic.h"
#include "iac/cfn.h"
#include "iac/model.h"
#include "iac/terraform.h"

namespace wasp::iac {

// Adds the template's resources to the model (the file is added to model.files).
void adapt_cloudformation(const CfnTemplate& tmpl, Model& model);
// The same, moving the resolved properties out of a template that is no longer needed.
void adapt_cloudformation(CfnTemplate&& tmpl, Model& model);

// Reads a "wasp:skip" tag ("RULE reason; RULE reason") into the resource's skips.
void add_tag_skips(CloudResource& out);

// Adds the plan's resources to the model (the file is added to model.files); resources that
// configure part of another (aws_s3_bucket_versioning, aws_security_group_rule, ...) are merged
// into it.
void adapt_terraform(const TfPlan& plan, Model& model);

// Builds the relations between resources once every file is adapted.
void link(Model& model);

// The neutral kind of a CloudFormation type, e.g. AWS::S3::Bucket -> aws.s3.bucket;
// types without a dedicated adapter get a kind derived from their name.
[[nodiscard]] std::string neutral_kind(std::string_view cfn_type);
// The same for a Terraform type: aws_efs_file_system -> aws.efs.file_system.
[[nodiscard]] std::string terraform_kind(std::string_view tf_type);

}  // namespace wasp::iac
