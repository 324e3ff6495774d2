// The review: every question and best practice with its status, evidence, risk and plan.
//
// A Review is what pillar::assess produces and what every report format renders; reports are pure
// functions of it. Indices (resource, check, finding) point into the vectors of the same Review.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "pillar/catalog.h"

namespace wasp::pillar {

enum class BpStatus { kMet, kNotMet, kNotApplicable, kNeedsAnswer };
[[nodiscard]] std::string_view to_string(BpStatus s);  // "met", "not_met", ...

// Risk of a whole question, as the Well-Architected Tool reports it.
enum class QuestionRisk { kHigh, kMedium, kNone, kNeedsAnswers };
[[nodiscard]] std::string_view to_string(QuestionRisk r);  // "high", "medium", "none", ...

// A manual answer from answers.yaml, for what no file can show.
struct Answer {
    std::string best_practice;  // "SEC10-BP02"
    BpStatus status = BpStatus::kNeedsAnswer;
    std::string by;        // who answered
    std::string date;      // ISO date
    std::string evidence;  // link to evidence
    std::string note;
    core::SourceLocation location;
    bool stale = false;    // older than a year at review time
    std::string conflict;  // non-empty when automated evidence contradicts the answer
};

struct BestPracticeResult {
    const BestPractice* practice = nullptr;  // into the review's catalog
    BpStatus status = BpStatus::kNeedsAnswer;
    std::string reason;               // why this status, for people
    std::vector<std::size_t> checks;  // into Review::checks, sorted
    std::size_t passed = 0, failed = 0, unknown = 0, not_applicable = 0;
    std::size_t suppressed = 0;  // failed checks accepted by a suppression: not counted as failed
    std::optional<Answer> answer;
};

struct QuestionResult {
    const Question* question = nullptr;
    QuestionRisk risk = QuestionRisk::kNone;
    std::size_t met = 0, not_met = 0, not_applicable = 0, unanswered = 0;
    std::vector<BestPracticeResult> best_practices;
};

// One concrete fix of a plan item: a failing rule and what it closes.
struct PlanFix {
    std::string rule_id;
    std::vector<std::size_t> findings;  // into Review::findings
};

struct PlanItem {
    std::string best_practice;
    std::string question;
    Risk risk = Risk::kMedium;
    std::vector<PlanFix> fixes;  // by number of findings, descending
    std::size_t resources = 0;   // distinct resources the fixes close
};

struct InputSummary {
    std::string path;
    std::string kind;  // core::to_string(InputKind)
    std::string sha256;
    std::uintmax_t size = 0;
    bool analysed = false;
};

// How the enabled detections fared against one attack technique in a game day: the review's
// detection-coverage table (docs/detect.md#game-days).
struct TechniqueCoverage {
    std::string id;     // "aws.defense-evasion.cloudtrail-stop"
    std::string title;  // "Stop CloudTrail Trail"
    std::string tactic;
    std::vector<std::string> rules;  // the rules that caught it, by id
    bool detected = false;
    std::int64_t delay_ms = -1;  // from its first record to the first alert; -1 if not caught
};

struct Review {
    std::string tool_version;
    std::string generated_at;  // the one timestamp in a report (ISO 8601, UTC)
    std::string review_date;   // the date answers are aged against (YYYY-MM-DD)
    std::string workload;      // workload name (directory name)
    // The workload path as given (relative to where wasp ran, "" for "."); input paths are
    // relative to it. SARIF prefixes it so code scanning maps results to repository files.
    std::string root;
    const Catalog* catalog = nullptr;

    std::vector<InputSummary> inputs;
    std::vector<core::RuleInfo> rules;  // sorted by id: every rule that ran
    std::vector<core::Resource> resources;
    std::vector<core::CheckResult> checks;
    std::vector<core::Finding> findings;  // sorted by severity, file, line, rule
    core::Diagnostics diagnostics;
    std::vector<Answer> answers;  // as read, with stale/conflict set
    std::vector<QuestionResult> questions;
    std::vector<PlanItem> plan;
    std::vector<TechniqueCoverage> detection_coverage;  // empty unless detections ran

    [[nodiscard]] const core::RuleInfo* find_rule(std::string_view id) const;
};

}  // namespace wasp::pillar
