// Detections as a review: what `wasp detect` reports and what `wasp review` adds for the CloudTrail
// logs of a workload (docs/detect.md).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "detect/gameday.h"
#include "detect/run.h"
#include "pillar/assess.h"
#include "pillar/review.h"

namespace wasp::cli {

// The parts of a review a detection run gives: its rules, the principals it is about, its
// findings (with their log records) and its diagnostics.
struct DetectionParts {
    std::vector<core::RuleInfo> rules;
    std::vector<core::Resource> resources;
    std::vector<core::Finding> findings;
};
[[nodiscard]] DetectionParts detection_parts(const detect::DetectionRun& run,
                                             const detect::Detector& detector);

// A review of the detections alone (wasp detect), assessed against the current catalog.
[[nodiscard]] pillar::Review detection_review(detect::DetectionRun run,
                                              const detect::Detector& detector,
                                              const std::vector<std::string>& inputs,
                                              core::Diagnostics diags,
                                              const std::string& generated_at);

// The game day as the review's detection-coverage table.
[[nodiscard]] std::vector<pillar::TechniqueCoverage> coverage_of(
    const detect::GamedayReport& report);

// The game day's answer key: each technique's start, end and the eventIDs of its records.
[[nodiscard]] std::string gameday_answer_key(const detect::GamedayReport& report);

}  // namespace wasp::cli
