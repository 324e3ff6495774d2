// The review pipeline (pipeline.h).
#include "cli/pipeline.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "cli/detect_review.h"
#include "cli/iam_inputs.h"
#include "core/file.h"
#include "core/parse.h"
#include "core/workload.h"
#include "iac/adapt.h"
#include "iac/cfn.h"
#include "iac/terraform_source.h"
#include "iam/analyze.h"
#include "pillar/assess.h"
#include "vuln/findings.h"
#include "vuln/inputs.h"
#include "vuln/match.h"

namespace wasp::cli {

using core::DiagLevel;
using core::InputKind;

namespace {

// CloudFormation accepts templates of at most 1 MB; 64 MiB leaves room for generated ones.
// A Terraform plan of a large estate is one file of hundreds of MB.
constexpr std::size_t kMaxTemplateBytes = 64u << 20;
constexpr std::size_t kMaxPlanBytes = std::size_t{1} << 30;

struct Manifest {
    std::string name;
    std::optional<std::filesystem::path> parameters;
    std::optional<std::filesystem::path> policy;
    std::optional<std::filesystem::path> baseline;
    std::vector<std::string> exclude;           // path prefixes, relative to the workload root
    std::vector<std::string> trusted_accounts;  // inside the zone of trust (docs/iam.md)
    std::vector<std::filesystem::path> sigma;   // the workload's own Sigma rules (detect.md)
    std::optional<std::filesystem::path> anomaly_baseline;  // checks CloudTrail for anomalies
    std::vector<std::filesystem::path> advisories;          // OSV: all.zip files, folders (vuln.md)
    std::vector<std::filesystem::path> vex;                 // VEX documents for the SBOMs
};

// A scalar or a list of paths, relative to the manifest.
void manifest_paths(const core::Node& value,
                    const std::filesystem::path& base,
                    std::vector<std::filesystem::path>& out) {
    if (value.is_scalar()) {
        out.push_back(base / value.text());
    } else if (value.is_sequence()) {
        for (const auto& e : value.items()) {
            if (e.is_scalar()) out.push_back(base / e.text());
        }
    }
}

Manifest read_manifest(const core::InputFile& f, core::Diagnostics& diags) {
    Manifest m;
    auto text = core::read_file(f.absolute, 1u << 20);
    auto where = [&](core::Mark mark) { return core::SourceLocation{f.path, mark, {}}; };
    if (!text) {
        diags.push_back({DiagLevel::kError, "manifest-unreadable", text.error(), where({})});
        return m;
    }
    auto doc = core::parse_yaml(*text);
    if (!doc) {
        diags.push_back(
            {DiagLevel::kError, "yaml-syntax", doc.error().message, where(doc.error().mark)});
        return m;
    }
    const core::Node& root = doc->root;
    for (const auto& member : root.members()) {
        if (member.key == "name" && member.value.is_scalar()) {
            m.name = member.value.text();
        } else if (member.key == "parameters" && member.value.is_scalar()) {
            m.parameters = f.absolute.parent_path() / member.value.text();
        } else if (member.key == "policy" && member.value.is_scalar()) {
            m.policy = f.absolute.parent_path() / member.value.text();
        } else if (member.key == "baseline" && member.value.is_scalar()) {
            m.baseline = f.absolute.parent_path() / member.value.text();
        } else if (member.key == "sigma" && member.value.is_sequence()) {
            for (const auto& e : member.value.items()) {
                m.sigma.push_back(f.absolute.parent_path() / e.text());
            }
        } else if (member.key == "anomaly_baseline" && member.value.is_scalar()) {
            m.anomaly_baseline = f.absolute.parent_path() / member.value.text();
        } else if (member.key == "advisories") {
            manifest_paths(member.value, f.absolute.parent_path(), m.advisories);
        } else if (member.key == "vex") {
            manifest_paths(member.value, f.absolute.parent_path(), m.vex);
        } else if (member.key == "exclude" && member.value.is_sequence()) {
            for (const auto& e : member.value.items()) m.exclude.push_back(e.text());
        } else if (member.key == "trusted_accounts" && member.value.is_sequence()) {
            for (const auto& e : member.value.items()) {
                // Account ids are digits; YAML reads an unquoted one as a number.
                if (e.is_scalar() && e.text().size() == 12 &&
                    e.text().find_first_not_of("0123456789") == std::string::npos) {
                    m.trusted_accounts.push_back(e.text());
                } else {
                    diags.push_back(
                        {DiagLevel::kWarning, "manifest-key",
                         "trusted_accounts holds 12-digit account ids, not '" + e.text() + "'",
                         where(e.mark())});
                }
            }
        } else {
            diags.push_back({DiagLevel::kWarning, "manifest-key",
                             "unknown key '" + member.key +
                                 "' (known: name, parameters, policy, baseline, exclude, "
                                 "trusted_accounts, sigma, anomaly_baseline, advisories, vex)",
                             where(member.key_mark)});
        }
    }
    return m;
}

}  // namespace

void check_best_practices(iac::RuleSet& rules, const pillar::Catalog& catalog) {
    std::erase_if(rules.rules, [&](const iac::Rule& r) {
        for (const auto& bp : r.info.best_practices) {
            if (!catalog.find_best_practice(bp)) {
                rules.diagnostics.push_back({DiagLevel::kError, "rule-invalid",
                                             "rule " + r.info.id + " names " + bp +
                                                 ", which catalog " + catalog.version +
                                                 " does not have; the rule is not used",
                                             core::SourceLocation{r.info.source, {}, {}}});
                return true;
            }
        }
        return false;
    });
}

iac::RuleSet load_rules(const std::vector<std::filesystem::path>& dirs,
                        const pillar::Catalog& catalog) {
    iac::RuleSet rules = iac::builtin_rules();
    for (const auto& d : dirs) iac::merge(rules, iac::load_rule_dir(d));
    check_best_practices(rules, catalog);
    return rules;
}

namespace {

// Wall time of each phase, for --timings.
struct Timer {
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    std::vector<std::pair<std::string, double>> laps;
    void lap(std::string name) {
        auto now = std::chrono::steady_clock::now();
        laps.emplace_back(std::move(name), std::chrono::duration<double>(now - last).count());
        last = now;
    }
};

iac::Policy load_policies(const std::vector<std::filesystem::path>& files,
                          core::Diagnostics& diagnostics) {
    iac::Policy policy;
    for (const auto& f : files) {
        auto text = core::read_file(f, 4u << 20);
        if (!text) {
            diagnostics.push_back({DiagLevel::kError, "policy-unreadable", text.error(),
                                   core::SourceLocation{f.string(), {}, {}}});
            continue;
        }
        iac::merge(policy, iac::parse_policy(*text, f.string(), diagnostics));
    }
    return policy;
}

}  // namespace

namespace {

// The workload's CloudTrail logs through the Sigma rules (and the anomaly models when the
// manifest names a baseline), and a game day over the same rules for the coverage table
// (docs/detect.md#in-a-review). Principals the IAM analysis already holds are not added twice.
void add_detections(const std::vector<const core::InputFile*>& files,
                    const Manifest& manifest,
                    const ReviewOptions& options,
                    const iac::Policy& policy,
                    const iac::Baseline* known,
                    pillar::AssessInput& in) {
    detect::DetectorOptions dopt;
    dopt.sigma_dirs = manifest.sigma;
    for (const auto& dir : options.sigma_dirs) dopt.sigma_dirs.push_back(dir);
    dopt.anomalies = manifest.anomaly_baseline.has_value();
    dopt.baseline = manifest.anomaly_baseline;
    detect::Detector detector(dopt, in.diagnostics);
    std::vector<std::filesystem::path> paths;
    for (const auto* f : files) paths.push_back(f->absolute);
    detect::ReadOptions read;
    read.threads = options.jobs;
    detect::DetectionRun run = detector.run(paths, read, in.diagnostics);
    // The reader names files as given (absolute here); reports name them from the root.
    std::map<std::string, std::string, std::less<>> relative;
    for (const auto* f : files) relative.emplace(f->absolute.string(), f->path);
    auto rename = [&](std::string& file) {
        if (auto it = relative.find(file); it != relative.end()) file = it->second;
    };
    for (auto& d : in.diagnostics) rename(d.location.file);
    for (auto& a : run.alerts) {
        for (auto& e : a.events) rename(e.file);
    }
    DetectionParts parts = detection_parts(run, detector);
    iac::Model model;
    for (const auto& r : parts.resources) {
        iac::CloudResource c;
        c.info = r;
        model.resources.push_back(std::move(c));
    }
    std::vector<core::CheckResult> no_checks;
    iac::apply_policy(policy, known, model, options.review_date, parts.findings, no_checks,
                      in.diagnostics);
    std::map<std::pair<std::string, std::string>, std::size_t> existing;
    for (std::size_t i = 0; i < in.resources.size(); ++i) {
        existing.emplace(std::pair{in.resources[i].kind, in.resources[i].id}, i);
    }
    std::vector<std::size_t> index(parts.resources.size());
    for (std::size_t k = 0; k < parts.resources.size(); ++k) {
        auto key = std::pair{parts.resources[k].kind, parts.resources[k].id};
        if (auto it = existing.find(key); it != existing.end()) {
            index[k] = it->second;
        } else {
            index[k] = in.resources.size();
            in.resources.push_back(std::move(parts.resources[k]));
        }
    }
    for (auto& f : parts.findings) {
        if (f.resource < index.size()) f.resource = index[f.resource];
        in.findings.push_back(std::move(f));
    }
    for (auto& r : parts.rules) in.rules.push_back(std::move(r));
    // A small game day: two benign days (the anomaly models' minimum history), then each
    // technique; the same rules as the logs ran with.
    detect::GamedayOptions gd;
    gd.baseline_days = 2;
    gd.events_per_second = 0.2;
    in.detection_coverage = coverage_of(detect::run_gameday(dopt, gd, in.diagnostics));
}

// The workload's SBOMs against the advisory database the manifest (or --db) names and the OSV
// records found in the workload; VEX documents from both (docs/vuln.md#in-a-review).
void add_vulnerabilities(const std::vector<const core::InputFile*>& sbom_files,
                         const std::vector<const core::InputFile*>& osv_files,
                         const std::vector<const core::InputFile*>& vex_files,
                         const Manifest& manifest,
                         const ReviewOptions& options,
                         const iac::Policy& policy,
                         const iac::Baseline* known,
                         pillar::AssessInput& in) {
    std::vector<std::filesystem::path> db_paths = manifest.advisories;
    for (const auto& p : options.advisory_dbs) db_paths.push_back(p);
    for (const auto* f : osv_files) {
        // Records under a folder the manifest names are loaded with it.
        bool covered = std::any_of(db_paths.begin(), db_paths.end(), [&](const auto& dir) {
            auto rel = f->absolute.lexically_relative(dir.lexically_normal());
            return !rel.empty() && *rel.begin() != "..";
        });
        if (!covered) db_paths.push_back(f->absolute);
    }
    if (db_paths.empty()) {
        in.diagnostics.push_back(
            {DiagLevel::kNote, "vuln-no-database",
             "SBOMs found but no advisory database: name OSV exports (all.zip) or folders of "
             "OSV records with 'advisories:' in wasp.yaml or --db, to check them",
             core::SourceLocation{sbom_files.front()->path, {}, {}}});
        return;
    }
    vuln::LoadOptions load;
    load.threads = options.jobs;
    vuln::Database db = vuln::Database::load(db_paths, load, in.diagnostics);
    std::vector<std::filesystem::path> paths;
    for (const auto* f : sbom_files) paths.push_back(f->absolute);
    vuln::SbomLoadOptions sopt;
    sopt.threads = options.jobs;
    std::vector<vuln::Sbom> sboms = vuln::load_sboms(paths, sopt, in.diagnostics);
    std::vector<std::filesystem::path> vex_paths = manifest.vex;
    for (const auto* f : vex_files) vex_paths.push_back(f->absolute);
    std::vector<vuln::VexDocument> vex = vuln::load_vex(vex_paths, in.diagnostics);
    // A CycloneDX document of the workload that only carries VEX statements speaks for every
    // SBOM of the workload, not only for itself.
    for (const auto& s : sboms) {
        if (!s.vex.empty()) vex.push_back({s.file, "cyclonedx", s.vex});
    }
    vuln::ScanOptions scan;
    scan.threads = options.jobs;
    vuln::ScanResult result = vuln::scan(db, sboms, vex, scan);
    vuln::VulnFindings vf = vuln::to_findings(db, sboms, result);
    // Readers name files as given (absolute here); reports name them from the root.
    std::map<std::string, std::string, std::less<>> relative;
    for (const auto* f : sbom_files) relative.emplace(f->absolute.generic_string(), f->path);
    for (const auto* f : vex_files) relative.emplace(f->absolute.generic_string(), f->path);
    auto rename = [&](std::string& file) {
        if (auto it = relative.find(file); it != relative.end()) {
            file = it->second;
            return;
        }
        // "<file>#<pointer>" (a VEX statement's location)
        auto hash = file.find('#');
        if (hash == std::string::npos) hash = file.find(':');
        if (hash == std::string::npos) return;
        if (auto it = relative.find(std::string_view(file).substr(0, hash)); it != relative.end()) {
            file = it->second + file.substr(hash);
        }
    };
    for (auto& d : in.diagnostics) rename(d.location.file);
    for (auto& d : vf.diagnostics) rename(d.location.file);
    for (auto& r : vf.resources) {
        rename(r.location.file);
        if (r.id == r.location.file || relative.contains(r.id)) rename(r.id);
    }
    for (auto& c : vf.checks) rename(c.location.file);
    for (auto& f : vf.findings) {
        rename(f.location.file);
        if (f.suppression) rename(f.suppression->location.file);
    }
    for (auto& d : vf.diagnostics) in.diagnostics.push_back(std::move(d));
    iac::Model model;
    for (const auto& r : vf.resources) {
        iac::CloudResource c;
        c.info = r;
        model.resources.push_back(std::move(c));
    }
    iac::apply_policy(policy, known, model, options.review_date, vf.findings, vf.checks,
                      in.diagnostics);
    const std::size_t base = in.resources.size();
    for (auto& r : vf.resources) in.resources.push_back(std::move(r));
    for (auto& c : vf.checks) {
        if (c.resource != core::kNoResource) c.resource += base;
        in.checks.push_back(std::move(c));
    }
    for (auto& f : vf.findings) {
        if (f.resource != core::kNoResource) f.resource += base;
        in.findings.push_back(std::move(f));
    }
    for (auto& r : vuln::rule_infos()) in.rules.push_back(std::move(r));
}

}  // namespace

ReviewRun run_review(const ReviewOptions& options) {
    const pillar::Catalog& catalog = pillar::current_catalog();
    pillar::AssessInput in;
    in.catalog = &catalog;
    in.review_date = options.review_date;
    in.generated_at = options.generated_at;
    in.tool_version = std::string(kVersion);

    Timer timer;
    core::Workload workload = core::discover(options.workload);
    timer.lap("discover and hash inputs");
    {
        auto root = options.workload.lexically_normal();
        // A single file: its paths are relative to its directory.
        if (std::filesystem::is_regular_file(options.workload)) root = root.parent_path();
        in.root = root.generic_string();
        while (in.root.size() > 1 && in.root.back() == '/') in.root.pop_back();
        if (in.root == ".") in.root.clear();
    }
    in.diagnostics = std::move(workload.diagnostics);
    in.workload =
        std::filesystem::absolute(options.workload).lexically_normal().filename().string();
    if (in.workload.empty()) {
        in.workload = std::filesystem::absolute(options.workload).parent_path().filename().string();
    }

    Manifest manifest;
    for (const auto& f : workload.files) {
        if (f.kind == InputKind::kManifest) manifest = read_manifest(f, in.diagnostics);
    }
    if (!manifest.name.empty()) in.workload = manifest.name;
    std::erase_if(workload.files, [&](const core::InputFile& f) {
        for (const auto& prefix : manifest.exclude) {
            if (f.path.starts_with(prefix)) return true;
        }
        return false;
    });

    iac::CfnParameters parameters;
    auto parameters_file = options.parameters ? options.parameters : manifest.parameters;
    if (parameters_file) {
        auto text = core::read_file(*parameters_file, 4u << 20);
        if (!text) {
            in.diagnostics.push_back({DiagLevel::kError, "parameters-unreadable", text.error(),
                                      core::SourceLocation{parameters_file->string(), {}, {}}});
        } else if (auto p = iac::load_cfn_parameters(*text, parameters_file->string()); p) {
            parameters = std::move(*p);
        } else {
            in.diagnostics.push_back(p.error());
        }
    }

    iac::RuleSet rules = load_rules(options.rule_dirs, catalog);
    for (auto& d : rules.diagnostics) in.diagnostics.push_back(std::move(d));
    std::vector<std::filesystem::path> policy_files = options.policies;
    if (manifest.policy) policy_files.insert(policy_files.begin(), *manifest.policy);
    iac::Policy policy = load_policies(policy_files, in.diagnostics);
    for (auto& r : rules.rules) {
        if (auto o = policy.rules.find(r.info.id); o != policy.rules.end() && o->second.severity) {
            r.info.severity = *o->second.severity;
        }
    }
    std::optional<iac::Baseline> baseline;
    if (auto file = options.baseline ? options.baseline : manifest.baseline) {
        auto text = core::read_file(*file, 64u << 20);
        if (!text) {
            in.diagnostics.push_back({DiagLevel::kError, "baseline-unreadable", text.error(),
                                      core::SourceLocation{file->string(), {}, {}}});
        } else {
            baseline = iac::parse_baseline(*text, file->string(), in.diagnostics);
        }
    }

    // Templates are parsed and resolved in parallel; everything after is in path order.
    std::vector<const core::InputFile*> templates;
    if (!options.include.empty()) {
        std::erase_if(workload.files, [&](const core::InputFile& f) {
            return std::none_of(options.include.begin(), options.include.end(),
                                [&](const std::string& p) {
                                    return p == "." || f.path == p || f.path.starts_with(p + "/");
                                });
        });
    }
    if (options.guardrails_only) {
        std::erase_if(workload.files, [](const core::InputFile& f) {
            return f.kind != InputKind::kCloudFormation && f.kind != InputKind::kTerraformPlan &&
                   f.kind != InputKind::kTerraformSource && f.kind != InputKind::kCfnParameters;
        });
    }
    bool has_plan = std::any_of(workload.files.begin(), workload.files.end(),
                                [](const auto& f) { return f.kind == InputKind::kTerraformPlan; });
    const core::InputFile* lone_tf = nullptr;         // a .tf file with no plan in the workload
    std::vector<const core::InputFile*> iam_files;    // exports and credential reports
    std::vector<const core::InputFile*> trail_files;  // CloudTrail logs
    std::vector<const core::InputFile*> sbom_files, osv_files, vex_files;
    for (const auto& f : workload.files) {
        bool analysed =
            f.kind == InputKind::kCloudFormation || f.kind == InputKind::kTerraformPlan ||
            f.kind == InputKind::kAnswers || f.kind == InputKind::kManifest ||
            f.kind == InputKind::kIamAuthorizationDetails ||
            f.kind == InputKind::kIamCredentialReport || f.kind == InputKind::kIamOrganization ||
            f.kind == InputKind::kIamResourcePolicies || f.kind == InputKind::kIamLastAccessed ||
            f.kind == InputKind::kCloudTrail ||
            (f.kind == InputKind::kTerraformSource && has_plan) ||
            f.kind == InputKind::kCycloneDx || f.kind == InputKind::kSpdx ||
            f.kind == InputKind::kOsv || f.kind == InputKind::kOpenVex;
        if (f.kind == InputKind::kTerraformSource && !has_plan && !lone_tf) lone_tf = &f;
        in.inputs.push_back(
            {f.path, std::string(core::to_string(f.kind)), f.sha256, f.size, analysed});
        switch (f.kind) {
            case InputKind::kCloudFormation:
            case InputKind::kTerraformPlan:
                templates.push_back(&f);
                break;
            case InputKind::kAnswers: {
                auto text = core::read_file(f.absolute, 4u << 20);
                if (!text) {
                    in.diagnostics.push_back({DiagLevel::kError, "input-unreadable", text.error(),
                                              core::SourceLocation{f.path, {}, {}}});
                    break;
                }
                auto answers = pillar::parse_answers(*text, f.path, catalog);
                for (auto& a : answers.answers) {
                    auto same = std::find_if(
                        in.answers.begin(), in.answers.end(),
                        [&](const auto& b) { return b.best_practice == a.best_practice; });
                    if (same != in.answers.end()) {
                        in.diagnostics.push_back({DiagLevel::kError, "answers-invalid",
                                                  "a second answer for " + a.best_practice +
                                                      " (the first is in " + same->location.str() +
                                                      "); the first one is kept",
                                                  a.location});
                        continue;
                    }
                    in.answers.push_back(std::move(a));
                }
                for (auto& d : answers.diagnostics) in.diagnostics.push_back(std::move(d));
                break;
            }
            case InputKind::kCfnParameters:
                if (!parameters_file) {
                    in.diagnostics.push_back(
                        {DiagLevel::kNote, "parameters-not-applied",
                         "CloudFormation parameters file found; pass it with --parameters (or "
                         "'parameters:' in wasp.yaml) to apply its values",
                         core::SourceLocation{f.path, {}, {}}});
                }
                break;
            case InputKind::kIamAuthorizationDetails:
            case InputKind::kIamCredentialReport:
            case InputKind::kIamOrganization:
            case InputKind::kIamResourcePolicies:
            case InputKind::kIamLastAccessed:
                iam_files.push_back(&f);
                break;
            case InputKind::kCloudTrail:
                trail_files.push_back(&f);
                break;
            case InputKind::kCycloneDx:
            case InputKind::kSpdx:
                sbom_files.push_back(&f);
                break;
            case InputKind::kOsv:
                osv_files.push_back(&f);
                break;
            case InputKind::kOpenVex:
                vex_files.push_back(&f);
                break;
            case InputKind::kManifest:
            case InputKind::kUnrecognised:
            case InputKind::kTerraformSource:  // read by locate_terraform_sources
                break;
            default:
                in.diagnostics.push_back(
                    {DiagLevel::kNote, "input-not-analysed",
                     std::string(core::describe(f.kind)) +
                         " recognised but not analysed yet by this version of wasp",
                     core::SourceLocation{f.path, {}, {}}});
        }
    }

    if (lone_tf) {
        in.diagnostics.push_back(
            {DiagLevel::kNote, "terraform-without-plan",
             "Terraform configuration found but no plan: wasp checks Terraform through its plan "
             "(terraform plan -out plan.out && terraform show -json plan.out > plan.json, in the "
             "root module's directory)",
             core::SourceLocation{lone_tf->path, {}, {}}});
    }

    // Each worker parses, resolves and adapts whole files; only the adapted resources are kept,
    // so memory holds one parse tree per worker, not one per file.
    struct FileResult {
        iac::Model model;
        core::Diagnostics diagnostics;
    };
    timer.lap("rules, policy, other inputs");
    std::vector<FileResult> results(templates.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex progress_mutex;
    auto worker = [&] {
        for (std::size_t i = next++; i < templates.size(); i = next++) {
            const auto& f = *templates[i];
            auto text = core::read_file(f.absolute, f.kind == InputKind::kTerraformPlan
                                                        ? kMaxPlanBytes
                                                        : kMaxTemplateBytes);
            if (!text) {
                results[i].diagnostics.push_back({DiagLevel::kError, "input-unreadable",
                                                  text.error(),
                                                  core::SourceLocation{f.path, {}, {}}});
            } else if (f.kind == InputKind::kTerraformPlan) {
                auto loaded = iac::load_terraform_plan(*text, f.path);
                results[i].diagnostics = std::move(loaded.diagnostics);
                if (loaded.plan) {
                    iac::locate_terraform_sources(*loaded.plan, f.absolute.parent_path(),
                                                  results[i].diagnostics);
                    iac::adapt_terraform(*loaded.plan, results[i].model);
                }
            } else {
                auto loaded = iac::load_cloudformation(*text, f.path, parameters);
                results[i].diagnostics = std::move(loaded.diagnostics);
                if (loaded.tmpl) {
                    iac::adapt_cloudformation(std::move(*loaded.tmpl), results[i].model);
                }
            }
            std::size_t d = ++done;
            if (options.progress) {
                std::lock_guard lock(progress_mutex);
                options.progress(d, templates.size());
            }
        }
    };
    unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, templates.size()));
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
        worker();
    }

    timer.lap("parse, resolve, adapt (parallel)");
    iac::Model model;
    for (auto& r : results) {
        for (auto& d : r.diagnostics) in.diagnostics.push_back(std::move(d));
        model.append(std::move(r.model));
    }
    iac::link(model);
    timer.lap("merge and link");
    iac::Evaluation ev = iac::evaluate(rules.rules, model, jobs);
    timer.lap("evaluate rules (parallel)");
    iac::apply_policy(policy, baseline ? &*baseline : nullptr, model, options.review_date,
                      ev.findings, ev.checks, in.diagnostics);
    if (!options.changed_files.empty()) {
        // Only what changed is reported; everything was loaded, so relations still hold.
        std::set<std::string, std::less<>> changed(options.changed_files.begin(),
                                                   options.changed_files.end());
        // A pull request changes the .tf file that declares a resource, not the plan.
        auto in_changed = [&](std::size_t resource) {
            if (resource >= model.resources.size()) return false;
            const auto& info = model.resources[resource].info;
            return changed.contains(info.location.file) ||
                   (!info.declared.file.empty() && changed.contains(info.declared.file));
        };
        std::erase_if(ev.findings, [&](const core::Finding& f) { return !in_changed(f.resource); });
        std::erase_if(ev.checks,
                      [&](const core::CheckResult& c) { return !in_changed(c.resource); });
    }
    const std::size_t model_base = in.resources.size();  // the model's resources start here
    for (const auto& r : model.resources) in.resources.push_back(r.info);
    for (const auto& r : rules.rules) in.rules.push_back(r.info);
    in.checks = std::move(ev.checks);
    in.findings = std::move(ev.findings);
    timer.lap("policy, suppressions");
    // Resource policies written in the templates are analysed even without an IAM export
    // (docs/iam.md#public-and-cross-account-access).
    bool template_policies =
        std::any_of(model.resources.begin(), model.resources.end(),
                    [](const auto& r) { return iam::is_template_policy_kind(r.info.kind); });
    if (!iam_files.empty() || template_policies) {
        // The account analyses (docs/iam.md#in-a-review): their rules, principals and policies
        // join the review's, after the IaC resources.
        IamInputs iam_in;
        read_iam_inputs(iam_files, iam_in);
        // The resource policies the templates define are analysed with the exports' for public
        // and cross-account access (docs/iam.md#public-and-cross-account-access).
        // Findings on them belong to the template's resource, not to a second one named by the
        // ARN the analysis gives it: ARN -> index of the template's resource in the review.
        std::map<std::string, std::size_t, std::less<>> template_resource;
        for (std::size_t i = 0; i < model.resources.size(); ++i) {
            const auto& r = model.resources[i];
            std::size_t before = iam_in.resource_policies.policies.size();
            // A bucket policy's bucket, for its Block Public Access settings.
            const core::Node* bucket = nullptr;
            if (auto to = model.relations_of(i, "bucket"); to.size() == 1 && to[0]->maybe.empty())
                bucket = &model.resources[to[0]->to].attributes;
            iam_in.resource_policies.add_template_policy(
                r.info.kind, r.attributes, r.physical_name.empty() ? r.source_id : r.physical_name,
                r.info.location, iam_in.diagnostics, &r.properties, bucket);
            if (iam_in.resource_policies.policies.size() > before) {
                template_resource.emplace(iam_in.resource_policies.policies.back().arn,
                                          model_base + i);
            }
        }
        for (auto& d : iam_in.diagnostics) in.diagnostics.push_back(std::move(d));
        auto day = pillar::days_from_iso_date(options.review_date);
        iam::AnalysisInput ai =
            iam_in.analysis_input(static_cast<std::int64_t>(day.value_or(0)) * 86400);
        ai.trusted_accounts = manifest.trusted_accounts;
        iam::Analysis a = iam::analyze(ai);
        // Suppression files, baselines and severity overrides apply to these findings as to
        // the IaC ones: the principals and policies stand in a model of their own for that.
        iac::Model iam_model;
        iam_model.resources.reserve(a.resources.size());
        for (const auto& r : a.resources) {
            iac::CloudResource c;
            c.info = r;
            iam_model.resources.push_back(std::move(c));
        }
        iac::apply_policy(policy, baseline ? &*baseline : nullptr, iam_model, options.review_date,
                          a.findings, a.checks, in.diagnostics);
        std::vector<std::size_t> index(a.resources.size());
        for (std::size_t k = 0; k < a.resources.size(); ++k) {
            if (auto t = template_resource.find(a.resources[k].id); t != template_resource.end()) {
                index[k] = t->second;
            } else {
                index[k] = in.resources.size();
                in.resources.push_back(std::move(a.resources[k]));
            }
        }
        auto remap = [&](std::size_t r) { return r < index.size() ? index[r] : r; };
        for (auto& r : a.rules) in.rules.push_back(std::move(r));
        for (auto& c : a.checks) {
            c.resource = remap(c.resource);
            in.checks.push_back(std::move(c));
        }
        for (auto& f : a.findings) {
            f.resource = remap(f.resource);
            in.findings.push_back(std::move(f));
        }
        timer.lap("IAM analyses");
    }
    if (!trail_files.empty()) {
        add_detections(trail_files, manifest, options, policy, baseline ? &*baseline : nullptr, in);
        timer.lap("CloudTrail detections and game day");
    }
    if (!sbom_files.empty()) {
        add_vulnerabilities(sbom_files, osv_files, vex_files, manifest, options, policy,
                            baseline ? &*baseline : nullptr, in);
        timer.lap("SBOMs against advisories");
    }
    pillar::Review review = pillar::assess(std::move(in));
    timer.lap("assess");
    return {std::move(review), std::move(policy), std::move(timer.laps)};
}

}  // namespace wasp::cli
