// Detections as a review.
#include "cli/detect_review.h"

#include "cli/pipeline.h"
#include "core/json_writer.h"
#include "detect/findings.h"

namespace wasp::cli {

DetectionParts detection_parts(const detect::DetectionRun& run, const detect::Detector& detector) {
    DetectionParts out;
    out.rules = detector.rule_infos();
    detect::DetectionFindings f = detect::to_findings(run.alerts);
    out.resources = std::move(f.resources);
    out.findings = std::move(f.findings);
    return out;
}

pillar::Review detection_review(detect::DetectionRun run,
                                const detect::Detector& detector,
                                const std::vector<std::string>& inputs,
                                core::Diagnostics diags,
                                const std::string& generated_at) {
    pillar::AssessInput in;
    in.catalog = &pillar::current_catalog();
    in.tool_version = std::string(kVersion);
    in.generated_at = generated_at;
    in.review_date = generated_at.substr(0, 10);
    in.workload = "CloudTrail";
    DetectionParts parts = detection_parts(run, detector);
    in.rules = std::move(parts.rules);
    in.resources = std::move(parts.resources);
    in.findings = std::move(parts.findings);
    in.diagnostics = std::move(diags);
    for (const auto& path : inputs) in.inputs.push_back({path, "cloudtrail", "", 0, true});
    return pillar::assess(std::move(in));
}

std::vector<pillar::TechniqueCoverage> coverage_of(const detect::GamedayReport& report) {
    std::vector<pillar::TechniqueCoverage> out;
    for (const auto& t : report.techniques) {
        out.push_back({t.id, t.title, t.tactic, t.rules, t.detected, t.delay_ms});
    }
    return out;
}

std::string gameday_answer_key(const detect::GamedayReport& report) {
    core::JsonWriter w;
    w.begin_object();
    w.field("background_events", static_cast<std::int64_t>(report.background_events));
    w.key("techniques");
    w.begin_array();
    for (const auto& a : report.injected) {
        w.begin_object();
        w.field("id", a.technique_id);
        w.field("start_ms", a.start_ms);
        w.field("end_ms", a.end_ms);
        w.key("event_ids");
        w.begin_array();
        for (const auto& id : a.event_ids) w.string(id);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

}  // namespace wasp::cli
