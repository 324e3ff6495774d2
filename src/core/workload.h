// Workload discovery: which files of a directory are inputs, of what kind, with what hash.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace wasp::core {

enum class InputKind {
    kCloudFormation,           // CloudFormation / SAM / CDK-synthesized template
    kCfnParameters,            // a CloudFormation parameters file
    kTerraformPlan,            // terraform show -json
    kTerraformSource,          // a .tf file (read to locate a plan's resources)
    kIamAuthorizationDetails,  // aws iam get-account-authorization-details
    kIamCredentialReport,      // IAM credential report CSV
    kIamOrganization,          // AWS Organizations export: SCPs and RCPs with their targets
    kIamResourcePolicies,      // resource-based policies (get-bucket-policy, get-key-policy, ...)
    kIamLastAccessed,          // get-service-last-accessed-details output
    kCloudTrail,               // CloudTrail log file ({"Records": [...]}, maybe .json.gz)
    kCycloneDx,
    kSpdx,
    kOsv,
    kOpenVex,   // OpenVEX document (CycloneDX VEX documents are CycloneDX)
    kAnswers,   // answers.yaml
    kManifest,  // wasp.yaml
    kUnrecognised,
};

[[nodiscard]] std::string_view to_string(InputKind kind);
// Human name, e.g. "CloudFormation template".
[[nodiscard]] std::string_view describe(InputKind kind);

struct InputFile {
    std::string path;  // relative to the workload root, with '/' separators
    std::filesystem::path absolute;
    InputKind kind = InputKind::kUnrecognised;
    std::string sha256;
    std::uintmax_t size = 0;
};

struct Workload {
    std::filesystem::path root;
    std::vector<InputFile> files;  // sorted by path
    Diagnostics diagnostics;
};

// Walks root (a directory, or a single file), classifying files by their content and hashing
// each; directories that never hold inputs (.git, node_modules, .terraform, build, __pycache__,
// .venv, CDK asset folders) are skipped.
[[nodiscard]] Workload discover(const std::filesystem::path& root);

// Classifies one file from its name and the first bytes of its (decompressed) content.
[[nodiscard]] InputKind classify(std::string_view name, std::string_view head);

}  // namespace wasp::core
