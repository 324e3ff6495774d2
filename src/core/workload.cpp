// Definitions of core/workload.h.
#include "core/workload.h"

#include <algorithm>
#include <array>

#include "core/file.h"

namespace wasp::core {

namespace {
struct KindName {
    InputKind kind;
    std::string_view id;
    std::string_view human;
};
constexpr std::array<KindName, 12> kKindNames{{
    {InputKind::kCloudFormation, "cloudformation", "CloudFormation template"},
    {InputKind::kCfnParameters, "cloudformation-parameters", "CloudFormation parameters file"},
    {InputKind::kTerraformPlan, "terraform-plan", "Terraform plan (JSON)"},
    {InputKind::kIamAuthorizationDetails, "iam-authorization-details",
     "IAM authorization details export"},
    {InputKind::kIamCredentialReport, "iam-credential-report", "IAM credential report"},
    {InputKind::kCloudTrail, "cloudtrail", "CloudTrail log file"},
    {InputKind::kCycloneDx, "cyclonedx", "CycloneDX SBOM"},
    {InputKind::kSpdx, "spdx", "SPDX SBOM"},
    {InputKind::kOsv, "osv", "OSV advisory"},
    {InputKind::kAnswers, "answers", "manual answers"},
    {InputKind::kManifest, "manifest", "workload manifest"},
    {InputKind::kUnrecognised, "unrecognised", "unrecognised file"},
}};

bool has(std::string_view head, std::string_view needle) {
    return head.find(needle) != std::string_view::npos;
}

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](std::string_view s) { return name.ends_with(s); });
}

std::string_view basename(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A CloudFormation resource type appears as a value of "Type", quoted (JSON) or not (YAML).
bool looks_like_cfn(std::string_view head) {
    if (has(head, "AWSTemplateFormatVersion")) return true;
    if (!has(head, "Resources")) return false;
    for (std::string_view t : {"Type\": \"AWS::", "Type\":\"AWS::", "Type: AWS::", "Type: 'AWS::",
                               "Type: \"AWS::", "Type: Custom::", "Type\": \"Custom::"}) {
        if (has(head, t)) return true;
    }
    return false;
}
}  // namespace

std::string_view to_string(InputKind kind) {
    for (const auto& k : kKindNames) {
        if (k.kind == kind) return k.id;
    }
    return "unrecognised";
}

std::string_view describe(InputKind kind) {
    for (const auto& k : kKindNames) {
        if (k.kind == kind) return k.human;
    }
    return "unrecognised file";
}

InputKind classify(std::string_view name, std::string_view head) {
    std::string_view base = basename(name);
    bool json = ends_with_any(base, {".json", ".json.gz", ".template", ".sarif"});
    bool yaml = ends_with_any(base, {".yaml", ".yml", ".template"});
    bool csv = base.ends_with(".csv");
    if (base == "wasp.yaml" || base == "wasp.yml") return InputKind::kManifest;
    if ((base == "answers.yaml" || base == "answers.yml") && has(head, "answers")) {
        return InputKind::kAnswers;
    }
    if (csv && head.starts_with("user,arn,user_creation_time")) {
        return InputKind::kIamCredentialReport;
    }
    if (!json && !yaml) return InputKind::kUnrecognised;
    if (has(head, "\"Records\"") &&
        (has(head, "\"eventVersion\"") || has(head, "\"eventSource\""))) {
        return InputKind::kCloudTrail;
    }
    if (has(head, "\"format_version\"") &&
        (has(head, "\"planned_values\"") || has(head, "\"resource_changes\"") ||
         has(head, "\"terraform_version\""))) {
        return InputKind::kTerraformPlan;
    }
    if (has(head, "UserDetailList") || has(head, "RoleDetailList")) {
        return InputKind::kIamAuthorizationDetails;
    }
    if (has(head, "\"bomFormat\"") && has(head, "CycloneDX")) return InputKind::kCycloneDx;
    if (has(head, "\"spdxVersion\"") || has(head, "spdx.org/rdf/3")) return InputKind::kSpdx;
    if (looks_like_cfn(head)) return InputKind::kCloudFormation;
    if (has(head, "\"ParameterKey\"") && has(head, "\"ParameterValue\"")) {
        return InputKind::kCfnParameters;
    }
    if (has(head, "\"affected\"") && has(head, "\"modified\"") && has(head, "\"id\"")) {
        return InputKind::kOsv;
    }
    return InputKind::kUnrecognised;
}

namespace {
bool skipped_directory(const std::filesystem::path& dir) {
    auto name = dir.filename().string();
    if (name == ".git" || name == "node_modules" || name == ".terraform" || name == "build" ||
        name == "__pycache__" || name == ".venv") {
        return true;
    }
    // CDK asset folders hold bundled code, not templates.
    return name.starts_with("asset.") && dir.parent_path().filename() == "cdk.out";
}

constexpr std::size_t kSniffBytes = 64 * 1024;

void add_file(Workload& w,
              const std::filesystem::path& abs,
              std::string rel,
              const DiscoverOptions& options) {
    InputFile f;
    f.path = std::move(rel);
    f.absolute = abs;
    auto data = read_file(abs, options.max_file_bytes);
    if (!data) {
        w.diagnostics.push_back(
            {DiagLevel::kError, "input-unreadable", data.error(), SourceLocation{f.path, {}, {}}});
        return;
    }
    f.size = data->size();
    f.sha256 = sha256_hex(*data);
    std::string_view head = std::string_view(*data).substr(0, kSniffBytes);
    std::string unzipped;
    if (f.path.ends_with(".gz")) {
        auto z = gunzip(*data, kSniffBytes);
        if (z) {
            unzipped = std::move(*z);
            head = unzipped;
        }
    }
    f.kind = classify(f.path, head);
    w.files.push_back(std::move(f));
}
}  // namespace

Workload discover(const std::filesystem::path& root, const DiscoverOptions& options) {
    Workload w;
    w.root = root;
    std::error_code ec;
    if (std::filesystem::is_regular_file(root, ec)) {
        w.root = root.parent_path();
        add_file(w, root, root.filename().string(), options);
        return w;
    }
    if (!std::filesystem::is_directory(root, ec)) {
        w.diagnostics.push_back({DiagLevel::kError, "workload-missing", "not a file or directory",
                                 SourceLocation{root.string(), {}, {}}});
        return w;
    }
    auto opts = std::filesystem::directory_options::skip_permission_denied;
    for (auto it = std::filesystem::recursive_directory_iterator(root, opts, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        if (entry.is_directory(ec)) {
            if (skipped_directory(entry.path())) it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file(ec)) continue;
        auto rel = std::filesystem::relative(entry.path(), root, ec).generic_string();
        add_file(w, entry.path(), std::move(rel), options);
    }
    if (ec) {
        w.diagnostics.push_back({DiagLevel::kError, "workload-unreadable",
                                 "cannot list the directory: " + ec.message(),
                                 SourceLocation{root.string(), {}, {}}});
    }
    std::sort(w.files.begin(), w.files.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    return w;
}

}  // namespace wasp::core
