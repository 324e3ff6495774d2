#include "cli/iam_inputs.h"

#include <algorithm>
#include <system_error>

#include "core/file.h"

namespace wasp::cli {

namespace {

constexpr std::uintmax_t kMaxExportBytes = 1u << 30;
constexpr std::uintmax_t kMaxReportBytes = 256u << 20;

}  // namespace

iam::AnalysisInput IamInputs::analysis_input(std::int64_t now) const {
    iam::AnalysisInput in;
    in.accounts = &accounts;
    in.account_files = account_files;
    for (const auto& [file, report] : reports) in.reports.emplace_back(file, &report);
    in.now = now;
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
        }
    }
}

IamInputs read_iam_paths(const std::vector<std::filesystem::path>& paths) {
    IamInputs out;
    for (const auto& p : paths) {
        core::Workload w = core::discover(p);
        for (auto& d : w.diagnostics) out.diagnostics.push_back(std::move(d));
        std::vector<const core::InputFile*> files;
        std::error_code ec;
        bool single = std::filesystem::is_regular_file(p, ec);
        for (auto& f : w.files) {
            // Paths as the user gave them: the file itself, or under the directory.
            f.path = single ? p.string() : (p / f.path).string();
            files.push_back(&f);
        }
        read_iam_inputs(files, out);
    }
    return out;
}

}  // namespace wasp::cli
