// Terraform plans (`terraform show -json PLANFILE`): loading into resources whose values say
// what is known at plan time, what only after apply, and which resources they come from.
//
// A plan holds three views of the same resources: planned_values (the state after apply, with
// values known only after apply left out), resource_changes (the action on each instance and,
// in after_unknown, which values are known only after apply) and configuration (the
// expressions as written, with the objects each one references). The loader joins them into
// one tree of values per resource instance, in which a value known only after apply is an
// unknown node, and records for each attribute the resources its expression references.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "core/node.h"

namespace wasp::iac {

// Attribute path ("bucket", "logging[0].target_bucket") -> absolute addresses of the managed
// resources of the plan that its expression references (through module inputs and outputs too).
using TfReferences = std::map<std::string, std::vector<std::string>, std::less<>>;

struct TfResource {
    std::string address;               // "module.shop.aws_s3_bucket.assets[0]"
    std::string module;                // module instance: "module.shop" ("" in the root module)
    std::string type;                  // "aws_s3_bucket"
    std::string name;                  // "assets"
    std::string provider_name;         // "registry.terraform.io/hashicorp/aws"
    std::vector<std::string> actions;  // of its resource change (["create"], ["no-op"], ...)
    core::Mark mark;                   // of the resource object in planned_values
    std::string pointer;               // JSON pointer of that object
    // Attribute values; a value known only after apply is unknown. It is marked written
    // (NodeOrigin::kWritten) when the configuration sets the attribute, and default when the
    // provider computes it for an attribute the configuration leaves out.
    core::Node values;
    TfReferences references;
    // Where the configuration declares it (a .tf resource block) and the wasp:skip comments
    // written there, when locate_terraform_sources found them.
    core::SourceLocation declared;
    std::vector<std::pair<std::string, core::Suppression>> skips;  // rule id, suppression
};

struct TfPlan {
    std::string file;  // workload-relative path
    std::string format_version;
    std::string terraform_version;
    std::vector<TfResource> resources;  // managed resources, in planned_values order; data
                                        // sources and instances that are only deleted are left out
    // Module call path as modules.json keys it ("shop", "shop.network") -> its source as
    // written ("./modules/shop", "terraform-aws-modules/vpc/aws").
    std::map<std::string, std::string, std::less<>> module_sources;
};

struct TfLoadResult {
    std::optional<TfPlan> plan;  // nullopt when the text is not a readable plan
    core::Diagnostics diagnostics;
};

// Reads the JSON of `terraform show -json PLANFILE` (or of a state: `terraform show -json`).
// Never throws: malformed input is a diagnostic with the file, line and column.
[[nodiscard]] TfLoadResult load_terraform_plan(std::string_view text, const std::string& file);

}  // namespace wasp::iac
