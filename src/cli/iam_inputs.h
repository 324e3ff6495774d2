// The IAM inputs of a workload or of `wasp iam` command lines: authorization-details exports and
// credential reports, read once and kept together for the analyses.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/workload.h"
#include "iam/account.h"
#include "iam/analyze.h"
#include "iam/credential_report.h"

namespace wasp::cli {

struct IamInputs {
    iam::Accounts accounts;
    std::vector<std::pair<std::string, std::string>> account_files;      // account id, file
    std::vector<std::pair<std::string, iam::CredentialReport>> reports;  // file, report
    core::Diagnostics diagnostics;
    std::size_t authz_files = 0;

    [[nodiscard]] bool empty() const { return authz_files == 0 && reports.empty(); }
    // The analysis input over these inputs, dated `now` (epoch seconds).
    [[nodiscard]] iam::AnalysisInput analysis_input(std::int64_t now) const;
};

// Reads the files of kinds iam-authorization-details and iam-credential-report among `files`
// (paths as reports name them; absolute paths to read).
void read_iam_inputs(const std::vector<const core::InputFile*>& files, IamInputs& out);

// Every IAM input under the paths given on a command line (files or directories).
[[nodiscard]] IamInputs read_iam_paths(const std::vector<std::filesystem::path>& paths);

}  // namespace wasp::cli
