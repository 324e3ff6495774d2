// pillar::assess: best-practice status, question risk and the improvement plan.
#include "pillar/assess.h"

#include <algorithm>
#include <map>
#include <set>

namespace wasp::pillar {

namespace {

constexpr long kStaleAfterDays = 365;

int risk_rank(Risk r) { return static_cast<int>(r); }  // high first

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// Status from automated evidence alone.
void status_from_checks(BestPracticeResult& bp, const std::vector<std::string>& failing_rules) {
    if (bp.failed > 0) {
        bp.status = BpStatus::kNotMet;
        std::string rules;
        for (const auto& r : failing_rules) rules += (rules.empty() ? "" : ", ") + r;
        bp.reason = plural(bp.failed, "check") + " failed (" + rules + ")";
        if (bp.passed > 0) bp.reason += "; " + std::to_string(bp.passed) + " passed";
    } else if (bp.passed > 0) {
        bp.status = BpStatus::kMet;
        bp.reason = plural(bp.passed, "check") + " passed and none failed";
        if (bp.unknown > 0) bp.reason += "; " + std::to_string(bp.unknown) + " could not decide";
    } else if (bp.unknown > 0) {
        bp.status = BpStatus::kNeedsAnswer;
        bp.reason = plural(bp.unknown, "check") +
                    " could not decide (values not known before deployment); answer it in "
                    "answers.yaml";
    } else if (bp.not_applicable > 0) {
        bp.status = BpStatus::kNotApplicable;
        bp.reason = "nothing in scope: the checks found no resources they apply to";
    } else {
        bp.status = BpStatus::kNeedsAnswer;
        bp.reason = "no input of this workload can show it; answer it in answers.yaml";
    }
}

void apply_answer(BestPracticeResult& bp, Answer& a, long review_day) {
    if (auto day = days_from_iso_date(a.date); day && review_day - *day > kStaleAfterDays) {
        a.stale = true;
    }
    std::string who =
        "answered " + std::string(to_string(a.status)) + " by " + a.by + " on " + a.date;
    if (bp.status == BpStatus::kNotMet && a.status == BpStatus::kMet) {
        a.conflict = "the answer says met, but " + plural(bp.failed, "automated check") + " failed";
    } else if (bp.status == BpStatus::kMet && a.status == BpStatus::kNotMet) {
        a.conflict = "the answer says not met, but the automated checks passed";
        bp.status = BpStatus::kNotMet;  // people may know of gaps that files do not show
        bp.reason = who + "; " + bp.reason;
    } else if (bp.status == BpStatus::kNotMet && a.status == BpStatus::kNotApplicable) {
        a.conflict = "the answer says not applicable, but " + plural(bp.failed, "check") +
                     " failed on resources of this workload";
    } else if (bp.status == BpStatus::kNeedsAnswer || bp.status == BpStatus::kNotApplicable) {
        bp.status = a.status;
        bp.reason = who;
    } else {
        bp.reason += "; " + who;
    }
    if (a.stale) bp.reason += " (the answer is more than a year old)";
    bp.answer = a;
}

}  // namespace

Review assess(AssessInput in) {
    Review review;
    review.catalog = in.catalog;
    review.tool_version = std::move(in.tool_version);
    review.generated_at = std::move(in.generated_at);
    review.review_date = std::move(in.review_date);
    review.workload = std::move(in.workload);
    review.root = std::move(in.root);
    review.inputs = std::move(in.inputs);
    review.detection_coverage = std::move(in.detection_coverage);
    review.rules = std::move(in.rules);
    std::sort(review.rules.begin(), review.rules.end(),
              [](const core::RuleInfo& a, const core::RuleInfo& b) { return a.id < b.id; });
    review.resources = std::move(in.resources);
    review.checks = std::move(in.checks);
    review.diagnostics = std::move(in.diagnostics);
    review.findings = std::move(in.findings);
    std::stable_sort(
        review.findings.begin(), review.findings.end(),
        [](const core::Finding& a, const core::Finding& b) {
            return std::tie(a.severity, a.location.file, a.location.mark.line, a.rule_id) <
                   std::tie(b.severity, b.location.file, b.location.mark.line, b.rule_id);
        });

    // Best practice -> checks of the rules mapped to it.
    std::map<std::string, std::vector<std::size_t>, std::less<>> checks_of_bp;
    for (std::size_t i = 0; i < review.checks.size(); ++i) {
        const core::RuleInfo* rule = review.find_rule(review.checks[i].rule_id);
        if (!rule) continue;
        for (const auto& bp : rule->best_practices) checks_of_bp[bp].push_back(i);
    }
    std::map<std::string, std::vector<std::size_t>, std::less<>> findings_of_rule;
    for (std::size_t i = 0; i < review.findings.size(); ++i) {
        findings_of_rule[review.findings[i].rule_id].push_back(i);
    }
    std::map<std::string, Answer*, std::less<>> answer_of;
    review.answers = std::move(in.answers);
    for (auto& a : review.answers) answer_of[a.best_practice] = &a;
    long review_day = days_from_iso_date(review.review_date).value_or(0);

    for (const auto& q : review.catalog->questions) {
        QuestionResult qr;
        qr.question = &q;
        bool high = false, medium = false, unanswered = false;
        for (const auto& bp : q.best_practices) {
            BestPracticeResult r;
            r.practice = &bp;
            std::vector<std::string> failing_rules;
            if (auto it = checks_of_bp.find(bp.id); it != checks_of_bp.end()) {
                r.checks = it->second;
                for (std::size_t c : r.checks) {
                    const auto& check = review.checks[c];
                    switch (check.outcome) {
                        case core::Outcome::kPass:
                            ++r.passed;
                            break;
                        case core::Outcome::kFail:
                            ++r.failed;
                            if (std::find(failing_rules.begin(), failing_rules.end(),
                                          check.rule_id) == failing_rules.end()) {
                                failing_rules.push_back(check.rule_id);
                            }
                            break;
                        case core::Outcome::kUnknown:
                            ++r.unknown;
                            break;
                        case core::Outcome::kNotApplicable:
                            ++r.not_applicable;
                            break;
                        case core::Outcome::kSuppressed:
                            ++r.suppressed;
                            break;
                    }
                }
            }
            status_from_checks(r, failing_rules);
            if (r.suppressed > 0) {
                r.reason += "; " + plural(r.suppressed, "failed check") + " suppressed";
            }
            if (auto it = answer_of.find(bp.id); it != answer_of.end()) {
                apply_answer(r, *it->second, review_day);
            }
            switch (r.status) {
                case BpStatus::kMet:
                    ++qr.met;
                    break;
                case BpStatus::kNotMet:
                    ++qr.not_met;
                    high |= bp.risk == Risk::kHigh;
                    medium |= bp.risk == Risk::kMedium;
                    break;
                case BpStatus::kNotApplicable:
                    ++qr.not_applicable;
                    break;
                case BpStatus::kNeedsAnswer:
                    ++qr.unanswered;
                    unanswered = true;
                    break;
            }
            if (r.status == BpStatus::kNotMet) {
                PlanItem item;
                item.best_practice = bp.id;
                item.question = q.id;
                item.risk = bp.risk;
                std::set<std::size_t> resources;
                for (const auto& rule_id : failing_rules) {
                    PlanFix fix{rule_id, {}};
                    if (auto f = findings_of_rule.find(rule_id); f != findings_of_rule.end()) {
                        fix.findings = f->second;
                    }
                    for (std::size_t f : fix.findings) {
                        // A workload-wide finding closes no particular resource.
                        if (review.findings[f].resource != core::kNoResource) {
                            resources.insert(review.findings[f].resource);
                        }
                    }
                    item.fixes.push_back(std::move(fix));
                }
                std::stable_sort(item.fixes.begin(), item.fixes.end(),
                                 [](const PlanFix& a, const PlanFix& b) {
                                     return a.findings.size() > b.findings.size();
                                 });
                item.resources = resources.size();
                review.plan.push_back(std::move(item));
            }
            qr.best_practices.push_back(std::move(r));
        }
        qr.risk = high         ? QuestionRisk::kHigh
                  : medium     ? QuestionRisk::kMedium
                  : unanswered ? QuestionRisk::kNeedsAnswers
                               : QuestionRisk::kNone;
        review.questions.push_back(std::move(qr));
    }
    std::stable_sort(review.plan.begin(), review.plan.end(),
                     [](const PlanItem& a, const PlanItem& b) {
                         if (a.risk != b.risk) return risk_rank(a.risk) < risk_rank(b.risk);
                         if (a.resources != b.resources) return a.resources > b.resources;
                         return a.best_practice < b.best_practice;
                     });
    return review;
}

}  // namespace wasp::pillar
