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
constexpr std::array<KindName, 17> kKindNames{{
    {InputKind::kCloudFormation, "cloudformation", "CloudFormation template"},
    {InputKind::kCfnParameters, "cloudformation-parameters", "CloudFormation parameters file"},
    {InputKind::kTerraformPlan, "terraform-plan", "Terraform plan (JSON)"},
    {InputKind::kTerraformSource, "terraform-source", "Terraform configuration (.tf)"},
    {InputKind::kIamAuthorizationDetails, "iam-authorization-details",
     "IAM authorization details export"},
    {InputKind::kIamCredentialReport, "iam-credential-report", "IAM credential report"},
    {InputKind::kIamOrganization, "iam-organization", "AWS Organizations policies export"},
    {InputKind::kIamResourcePolicies, "iam-resource-policies", "resource-based policies export"},
    {InputKind::kIamLastAccessed, "iam-last-accessed", "IAM service last-accessed report"},
    {InputKind::kCloudTrail, "cloudtrail", "CloudTrail log file"},
    {InputKind::kCycloneDx, "cyclonedx", "CycloneDX SBOM"},
    {InputKind::kSpdx, "spdx", "SPDX SBOM"},
    {InputKind::kOsv, "osv", "OSV advisory"},
    {InputKind::kOpenVex, "openvex", "OpenVEX document"},
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

std::string_view skip_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// True when a resource type follows: AWS::..., Custom::... or Alexa::..., maybe quoted.
bool type_value_follows(std::string_view s) {
    s = skip_spaces(s);
    if (!s.empty() && (s.front() == '"' || s.front() == '\'')) s.remove_prefix(1);
    return s.starts_with("AWS::") || s.starts_with("Custom::") || s.starts_with("Alexa::");
}

// A resource's "Type" key with a resource type as its value: "Type" : "AWS::S3::Bucket" in
// JSON (any spacing), Type: AWS::S3::Bucket in YAML. Keys that merely end in Type (a SARIF
// "resourceType") do not count.
bool has_resource_type(std::string_view head) {
    for (std::size_t p = head.find("Type"); p != std::string_view::npos;
         p = head.find("Type", p + 4)) {
        std::string_view after = head.substr(p + 4);
        bool quoted = p > 0 && head[p - 1] == '"';
        char before = quoted ? (p > 1 ? head[p - 2] : '\n') : (p > 0 ? head[p - 1] : '\n');
        if (quoted) {
            if (!after.starts_with("\"")) continue;
            after.remove_prefix(1);
            // JSON: the key must start a member ({, comma or whitespace before its quote).
            if (!(before == '{' || before == ',' || before == ' ' || before == '\n' ||
                  before == '\t' || before == '\r')) {
                continue;
            }
        } else if (!(before == ' ' || before == '\n' || before == '\t')) {
            continue;  // YAML: Type must be a whole key
        }
        after = skip_spaces(after);
        if (!after.starts_with(":")) continue;
        if (type_value_follows(after.substr(1))) return true;
    }
    return false;
}

bool looks_like_cfn(std::string_view head) {
    if (has(head, "AWSTemplateFormatVersion")) return true;
    return has(head, "Resources") && has_resource_type(head);
}

bool looks_like_sarif(std::string_view head) {
    return has(head, "\"runs\"") && (has(head, "sarif") || has(head, "\"2.1.0\""));
}

// AWS Organizations: describe-organization, list-roots, list-accounts or describe-policy output,
// or the combined document of scripts/export-organization.sh
// (docs/iam.md#organizations-scps-and-rcps).
bool looks_like_organization(std::string_view head) {
    return has(head, "\"MasterAccountId\"") || has(head, "\"PolicySummary\"") ||
           (has(head, "\"Roots\"") && has(head, "\"PolicyTypes\"")) ||
           (has(head, "\"Accounts\"") && has(head, "\"JoinedMethod\"")) ||
           (has(head, "\"OrganizationalUnits\"") && has(head, "\"ParentId\""));
}

// A resource-based policy as the AWS CLI returns it: the document in a JSON string under
// "Policy" (get-bucket-policy, get-key-policy, lambda get-policy, and inside "Attributes" for
// get-queue-attributes and get-topic-attributes), "ResourcePolicy" (Secrets Manager) or
// "policyText" (ECR); or the combined document of scripts/export-resource-policies.sh.
bool looks_like_resource_policy(std::string_view head) {
    if (has(head, "\"ResourcePolicies\"")) return true;
    if (!has(head, "Statement")) return false;
    auto blank = [](std::string_view s) {
        while (!s.empty() &&
               (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
            s.remove_prefix(1);
        }
        return s;
    };
    for (std::string_view key : {"\"Policy\"", "\"ResourcePolicy\"", "\"policyText\""}) {
        for (auto p = head.find(key); p != std::string_view::npos; p = head.find(key, p + 1)) {
            std::string_view rest = blank(head.substr(p + key.size()));
            if (rest.starts_with(':') && blank(rest.substr(1)).starts_with('"')) return true;
        }
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

namespace {
// The first character that is not whitespace or part of a byte-order mark; '\0' if none.
char first_significant(std::string_view head) {
    auto at = head.find_first_not_of(" \t\r\n\xef\xbb\xbf");
    return at == std::string_view::npos ? '\0' : head[at];
}
}  // namespace

InputKind classify(std::string_view name, std::string_view head) {
    std::string_view base = basename(name);
    bool json = ends_with_any(base, {".json", ".json.gz", ".template", ".sarif"});
    bool yaml = ends_with_any(base, {".yaml", ".yml", ".template"});
    bool csv = base.ends_with(".csv");
    // The manifest is wasp.yaml at the workload root only.
    if (name == "wasp.yaml" || name == "wasp.yml") return InputKind::kManifest;
    if ((base == "answers.yaml" || base == "answers.yml") && has(head, "answers")) {
        return InputKind::kAnswers;
    }
    if (base.ends_with(".tf")) return InputKind::kTerraformSource;
    if (csv && head.starts_with("user,arn,user_creation_time")) {
        return InputKind::kIamCredentialReport;
    }
    // CloudTrail as JSON lines (CloudTrail Lake, EventBridge exports), one event a line.
    bool lines = ends_with_any(base, {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"});
    if (lines && has(head, "\"eventVersion\"") && has(head, "\"eventSource\"")) {
        return InputKind::kCloudTrail;
    }
    if (!json && !yaml) return InputKind::kUnrecognised;
    if (json && looks_like_sarif(head)) return InputKind::kUnrecognised;  // e.g. our own output
    if (has(head, "\"Records\"") &&
        (has(head, "\"eventVersion\"") || has(head, "\"eventSource\""))) {
        return InputKind::kCloudTrail;
    }
    // A bare array of events, as `aws cloudtrail lookup-events` users often save them.
    if (json && first_significant(head) == '[' && has(head, "\"eventVersion\"") &&
        has(head, "\"eventSource\"") && has(head, "\"eventName\"")) {
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
    // get-service-last-accessed-details output, alone or in a {"LastAccessed": [...]} document.
    if (json && has(head, "\"ServicesLastAccessed\"") && has(head, "\"JobStatus\"")) {
        return InputKind::kIamLastAccessed;
    }
    if (has(head, "\"bomFormat\"") && has(head, "CycloneDX")) return InputKind::kCycloneDx;
    if (has(head, "\"spdxVersion\"") || has(head, "spdx.org/rdf/3")) return InputKind::kSpdx;
    if (json && has(head, "openvex.dev/ns")) return InputKind::kOpenVex;
    if (looks_like_cfn(head)) return InputKind::kCloudFormation;
    // After templates: one that manages the organization may name OUs and their ParentId.
    if (json && looks_like_organization(head)) return InputKind::kIamOrganization;
    if (json && looks_like_resource_policy(head)) return InputKind::kIamResourcePolicies;
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

// Enough to see past a long Parameters section to the first resource type.
constexpr std::size_t kSniffBytes = 1024 * 1024;

void add_file(Workload& w, const std::filesystem::path& abs, std::string rel) {
    InputFile f;
    f.path = std::move(rel);
    f.absolute = abs;
    // Every file is hashed, whatever its size, but only its head is kept to classify it;
    // loaders apply their own size limits.
    auto head = hash_file(abs, kSniffBytes);
    if (!head) {
        w.diagnostics.push_back(
            {DiagLevel::kError, "input-unreadable", head.error(), SourceLocation{f.path, {}, {}}});
        return;
    }
    f.size = head->size;
    f.sha256 = std::move(head->sha256);
    std::string_view sniff = head->head;
    std::string unzipped;
    if (f.path.ends_with(".gz")) {
        if (auto z = gunzip(head->head, kSniffBytes)) {
            unzipped = std::move(*z);
            sniff = unzipped;
        }
    }
    f.kind = classify(f.path, sniff);
    w.files.push_back(std::move(f));
}
}  // namespace

Workload discover(const std::filesystem::path& root) {
    Workload w;
    w.root = root;
    std::error_code ec;
    if (std::filesystem::is_regular_file(root, ec)) {
        w.root = root.parent_path();
        add_file(w, root, root.filename().string());
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
        add_file(w, entry.path(), std::move(rel));
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
