// The IAM inputs of a workload or of `wasp iam` command lines: authorization-details exports and
// credential reports, read once and kept together for the analyses.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/workload.h"
#include "iam/account.h"
#include "iam/analyze.h"
#include "iam/credential_report.h"
#include "iam/last_accessed.h"
#include "iam/organization.h"
#include "iam/resource_policies.h"

namespace wasp::cli {

struct IamInputs {
    iam::Accounts accounts;
    std::vector<std::pair<std::string, std::string>> account_files;      // account id, file
    std::vector<std::pair<std::string, iam::CredentialReport>> reports;  // file, report
    core::Diagnostics diagnostics;
    std::size_t authz_files = 0;
    iam::Organization organization;  // accumulated from every Organizations export
    std::size_t organization_files = 0;
    // Service last-accessed reports, each named after its entity once every file is read.
    std::vector<iam::LastAccessedReport> last_accessed;
    iam::ResourcePolicySet resource_policies;  // bucket, key, queue, ... policies
    std::size_t resource_policy_files = 0;

    [[nodiscard]] bool empty() const {
        return authz_files == 0 && reports.empty() && organization_files == 0 &&
               last_accessed.empty() && resource_policy_files == 0;
    }
    // The analysis input over these inputs, dated `now` (epoch seconds).
    [[nodiscard]] iam::AnalysisInput analysis_input(std::int64_t now) const;
};

// The review date as epoch seconds: `date` (YYYY-MM-DD) when given, else SOURCE_DATE_EPOCH, else
// now; nullopt when `date` is not a date.
[[nodiscard]] std::optional<std::int64_t> review_epoch(const std::string& date);

// Reads the files of kinds iam-authorization-details, iam-credential-report, iam-organization
// and iam-last-accessed among `files` (paths as reports name them; absolute paths to read).
void read_iam_inputs(const std::vector<const core::InputFile*>& files, IamInputs& out);

// Every IAM input under the paths given on a command line (files or directories), and the
// files of `organization_paths` read as Organizations exports whatever their content looks like
// (`--org`). The organization is checked once all are read (iam::check_organization).
[[nodiscard]] IamInputs read_iam_paths(
    const std::vector<std::filesystem::path>& paths,
    const std::vector<std::filesystem::path>& organization_paths = {});

}  // namespace wasp::cli
