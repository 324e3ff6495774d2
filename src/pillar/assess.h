// pillar::assess: maps check results and answers to best practices, questions, risk and plan.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "pillar/review.h"

namespace wasp::pillar {

struct AssessInput {
    const Catalog* catalog = nullptr;
    std::vector<core::RuleInfo> rules;
    std::vector<core::Resource> resources;
    std::vector<core::CheckResult> checks;
    std::vector<core::Finding> findings;
    core::Diagnostics diagnostics;
    std::vector<Answer> answers;
    std::vector<InputSummary> inputs;
    std::string review_date;  // YYYY-MM-DD; answers older than a year before it are stale
    std::string generated_at;
    std::string tool_version;
    std::string workload;
    std::string root;  // see Review::root
    std::vector<TechniqueCoverage> detection_coverage;
};

// Pure: the same input gives the same review.
[[nodiscard]] Review assess(AssessInput input);

struct AnswersFile {
    std::vector<Answer> answers;
    core::Diagnostics diagnostics;
};

// Reads answers.yaml (docs/inputs.md, "answers.yaml"); ids are checked against the catalog.
[[nodiscard]] AnswersFile parse_answers(std::string_view text,
                                        const std::string& file,
                                        const Catalog& catalog);

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; nullopt when it is not a valid date.
[[nodiscard]] std::optional<long> days_from_iso_date(std::string_view date);

}  // namespace wasp::pillar
