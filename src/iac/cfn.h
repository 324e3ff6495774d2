// CloudFormation (and SAM, and CDK-synthesized) templates: loading and intrinsic resolution.
//
// Intrinsic functions are evaluated where their inputs are static: parameter defaults (or values
// from a parameters file), Mappings, pseudo parameters, Conditions. What cannot be known before
// deployment (a resource's physical id, an attribute, an import) becomes an unknown node that
// remembers which resource it refers to, so relations between resources survive resolution.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"
#include "iac/model.h"

namespace wasp::iac {

struct CfnResource {
    std::string logical_id;
    std::string type;                     // "AWS::S3::Bucket"
    core::Mark mark;                      // of the logical id
    core::Node properties;                // resolved; {} when the template has none
    core::Node metadata;                  // resolved
    std::string condition;                // resource Condition, when it has one
    std::optional<bool> condition_value;  // nullopt when the condition cannot be evaluated
    std::string cdk_path;                 // Metadata "aws:cdk:path"
};

struct CfnTemplate {
    std::string file;  // workload-relative path
    bool sam = false;  // Transform AWS::Serverless-2016-10-31
    bool cdk = false;  // synthesized by the CDK (aws:cdk:path metadata)
    std::string description;
    core::Node metadata;                 // template-level Metadata, resolved
    std::vector<CfnResource> resources;  // in document order; resources whose condition is
                                         // statically false are left out
    std::vector<std::string> excluded;   // logical ids left out by a false condition
    // "# wasp:skip=RULE reason [expires=YYYY-MM-DD]" comments of a YAML template, each with
    // the logical id of the resource it belongs to (the block it is in, or the one below it).
    struct CommentSkip {
        std::string logical_id;
        Skip skip;
    };
    std::vector<CommentSkip> comment_skips;
};

// Values for parameters (and pseudo parameters such as AWS::Region), by name.
using CfnParameters = std::map<std::string, std::string, std::less<>>;

struct CfnLoadResult {
    std::optional<CfnTemplate> tmpl;  // nullopt when the file could not be read as a template
    core::Diagnostics diagnostics;
};

// Parses (JSON or YAML, by content) and resolves one template.
[[nodiscard]] CfnLoadResult load_cloudformation(std::string_view text,
                                                const std::string& file,
                                                const CfnParameters& parameters);

// Reads a parameters file: the CLI's [{"ParameterKey","ParameterValue"}] list, a plain
// {"Name": "value"} object, or a CodePipeline template configuration {"Parameters": {...}}.
[[nodiscard]] std::expected<CfnParameters, core::Diagnostic> load_cfn_parameters(
    std::string_view text, const std::string& file);

}  // namespace wasp::iac
