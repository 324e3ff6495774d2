// Where the resources of a Terraform plan are written: the `resource` blocks of the .tf files.
//
// A plan (`terraform show -json`) says what each resource will be, but not where it is written:
// its configuration has expressions without positions. People fix a finding in the .tf file,
// and code scanning annotates the lines of a pull request, so for a plan saved in its root
// module's directory the blocks are found in the .tf files there and in the directories of its
// modules, and the `# wasp:skip=RULE reason` comments written in a block (or right above it)
// suppress findings on that resource, as in a YAML template.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "iac/model.h"
#include "iac/terraform.h"

namespace wasp::iac {

// One `resource "TYPE" "NAME" { ... }` block of a .tf file.
struct TfBlock {
    std::string type;
    std::string name;
    std::string file;         // as given to scan_terraform_source
    core::Mark mark;          // of the `resource` keyword
    std::vector<Skip> skips;  // wasp:skip comments inside the block or in the comments above it
};

// The resource blocks of one .tf file (HCL native syntax), in order. Strings, interpolations,
// heredocs and comments are skipped when counting braces; text that is not HCL yields what
// could be read, never an error.
[[nodiscard]] std::vector<TfBlock> scan_terraform_source(std::string_view text,
                                                         const std::string& file);

// Sets each resource's `declared` location and comment skips from the .tf files of its module.
// plan_dir is the directory holding the plan (absolute or relative to the working directory);
// the root module is taken to be there, and a module's directory comes from
// .terraform/modules/modules.json (what `terraform init` writes) or, for a local source
// ("./modules/x"), from the module call. Files are named relative to the workload, like the plan.
// A .tf file that cannot be read is a warning; no .tf file at all is not.
void locate_terraform_sources(TfPlan& plan,
                              const std::filesystem::path& plan_dir,
                              core::Diagnostics& diagnostics);

}  // namespace wasp::iac
