#include "cli/iam_inputs.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <system_error>

#include "core/file.h"
#include "pillar/assess.h"

namespace wasp::cli {

namespace {

constexpr std::uintmax_t kMaxExportBytes = 1u << 30;
constexpr std::uintmax_t kMaxReportBytes = 256u << 20;
constexpr std::uintmax_t kMaxOrganizationBytes = 256u << 20;
constexpr std::uintmax_t kMaxResourcePolicyBytes = 256u << 20;

}  // namespace

std::optional<std::int64_t> review_epoch(const std::string& date) {
    if (!date.empty()) {
        auto d = pillar::days_from_iso_date(date);
        if (!d) return std::nullopt;
        return static_cast<std::int64_t>(*d) * 86400;
    }
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        long long v = std::strtoll(e, &end, 10);
        if (end && *end == '\0' && v >= 0) return v;
    }
    return static_cast<std::int64_t>(std::time(nullptr));
}

iam::AnalysisInput IamInputs::analysis_input(std::int64_t now) const {
    iam::AnalysisInput in;
    in.accounts = &accounts;
    in.account_files = account_files;
    for (const auto& [file, report] : reports) in.reports.emplace_back(file, &report);
    for (const auto& r : last_accessed) {
        if (!r.arn.empty()) in.last_accessed.push_back(&r);
    }
    in.now = now;
    in.organization = organization.empty() ? nullptr : &organization;
    in.resource_policies = &resource_policies;
    return in;
}

void read_iam_inputs(const std::vector<const core::InputFile*>& files, IamInputs& out) {
    for (const core::InputFile* f : files) {
        if (f->kind == core::InputKind::kIamAuthorizationDetails) {
            auto text = core::read_file(f->absolute, kMaxExportBytes);
            if (!text) {
                out.diagnostics.push_back({core::DiagLevel::kError, "input-unreadable",
                                           text.error(), core::SourceLocation{f->path, {}, {}}});
                continue;
            }
            auto before = out.accounts.account_ids;
            out.accounts.load(*text, f->path, out.diagnostics);
            ++out.authz_files;
            for (const auto& id : out.accounts.account_ids) {
                if (std::find(before.begin(), before.end(), id) == before.end()) {
                    out.account_files.emplace_back(id, f->path);
                }
            }
        } else if (f->kind == core::InputKind::kIamCredentialReport) {
            auto text = core::read_file(f->absolute, kMaxReportBytes);
            if (!text) {
                out.diagnostics.push_back({core::DiagLevel::kError, "input-unreadable",
                                           text.error(), core::SourceLocation{f->path, {}, {}}});
                continue;
            }
            auto report = iam::read_credential_report(*text, f->path);
            for (auto& d : report.diagnostics) out.diagnostics.push_back(d);
            out.reports.emplace_back(f->path, std::move(report));
        } else if (f->kind == core::InputKind::kIamOrganization) {
            auto text = core::read_file(f->absolute, kMaxOrganizationBytes);
            if (!text) {
                out.diagnostics.push_back({core::DiagLevel::kError, "input-unreadable",
                                           text.error(), core::SourceLocation{f->path, {}, {}}});
                continue;
            }
            iam::load_organization(*text, f->path, out.organization, out.diagnostics);
            ++out.organization_files;
        } else if (f->kind == core::InputKind::kIamLastAccessed) {
            auto text = core::read_file(f->absolute, kMaxReportBytes);
            if (!text) {
                out.diagnostics.push_back({core::DiagLevel::kError, "input-unreadable",
                                           text.error(), core::SourceLocation{f->path, {}, {}}});
                continue;
            }
            auto loaded = iam::read_last_accessed(*text, f->path);
            for (auto& d : loaded.diagnostics) out.diagnostics.push_back(std::move(d));
            for (auto& r : loaded.reports) out.last_accessed.push_back(std::move(r));
        } else if (f->kind == core::InputKind::kIamResourcePolicies) {
            auto text = core::read_file(f->absolute, kMaxResourcePolicyBytes);
            if (!text) {
                out.diagnostics.push_back({core::DiagLevel::kError, "input-unreadable",
                                           text.error(), core::SourceLocation{f->path, {}, {}}});
                continue;
            }
            out.resource_policies.load(*text, f->path, out.diagnostics);
            ++out.resource_policy_files;
        }
    }
    // A report without an Arn is named by its file against every export read.
    iam::resolve_last_accessed_entities(out.last_accessed, out.accounts, out.diagnostics);
    // Once every file is read: the organization's records may come from several of them.
    if (out.organization_files > 0) iam::check_organization(out.organization, out.diagnostics);
}

IamInputs read_iam_paths(const std::vector<std::filesystem::path>& paths,
                         const std::vector<std::filesystem::path>& organization_paths) {
    IamInputs out;
    // Read in one go, so what depends on every file (the organization) is settled once.
    std::vector<core::Workload> workloads;
    workloads.reserve(paths.size() + 1);
    std::vector<const core::InputFile*> files;
    for (const auto& p : paths) {
        core::Workload& w = workloads.emplace_back(core::discover(p));
        for (auto& d : w.diagnostics) out.diagnostics.push_back(std::move(d));
        std::error_code ec;
        bool single = std::filesystem::is_regular_file(p, ec);
        for (auto& f : w.files) {
            // Paths as the user gave them: the file itself, or under the directory.
            f.path = single ? p.string() : (p / f.path).string();
            files.push_back(&f);
        }
    }
    core::Workload& orgs = workloads.emplace_back();
    for (const auto& p : organization_paths) {
        core::InputFile f;
        f.path = p.string();
        f.absolute = p;
        f.kind = core::InputKind::kIamOrganization;
        orgs.files.push_back(std::move(f));
    }
    for (auto& f : orgs.files) files.push_back(&f);
    read_iam_inputs(files, out);
    return out;
}

}  // namespace wasp::cli
