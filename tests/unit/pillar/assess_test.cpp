#include "pillar/assess.h"

#include <gtest/gtest.h>

namespace wasp::pillar {
namespace {

using core::Outcome;

core::RuleInfo rule(std::string id, std::vector<std::string> bps) {
    core::RuleInfo r;
    r.id = std::move(id);
    r.best_practices = std::move(bps);
    return r;
}

AssessInput base() {
    AssessInput in;
    in.catalog = &current_catalog();
    in.review_date = "2026-11-29";
    in.rules = {rule("R-ENC", {"SEC08-BP02"}), rule("R-LOG", {"SEC04-BP01"}),
                rule("R-NET", {"SEC05-BP02"}), rule("R-KEY", {"SEC08-BP01"})};
    in.resources.resize(3);
    return in;
}

void check(AssessInput& in, std::string rule_id, std::size_t res, Outcome o) {
    in.checks.push_back({std::move(rule_id), res, o, "", {}});
    if (o == Outcome::kFail) {
        core::Finding f;
        f.rule_id = in.checks.back().rule_id;
        f.resource = res;
        f.severity = core::Severity::kHigh;
        in.findings.push_back(f);
    }
}

const BestPracticeResult& bp(const Review& r, std::string_view id) {
    for (const auto& q : r.questions) {
        for (const auto& b : q.best_practices) {
            if (b.practice->id == id) return b;
        }
    }
    throw std::runtime_error("no such best practice");
}

const QuestionResult& question(const Review& r, std::string_view id) {
    for (const auto& q : r.questions) {
        if (q.question->id == id) return q;
    }
    throw std::runtime_error("no such question");
}

TEST(Assess, StatusFollowsEvidence) {
    AssessInput in = base();
    check(in, "R-ENC", 0, Outcome::kPass);
    check(in, "R-ENC", 1, Outcome::kFail);
    check(in, "R-LOG", 0, Outcome::kPass);
    check(in, "R-LOG", 1, Outcome::kUnknown);
    check(in, "R-NET", core::kNoResource, Outcome::kNotApplicable);
    check(in, "R-KEY", 2, Outcome::kUnknown);
    Review r = assess(std::move(in));
    EXPECT_EQ(bp(r, "SEC08-BP02").status, BpStatus::kNotMet);
    EXPECT_EQ(bp(r, "SEC08-BP02").failed, 1u);
    EXPECT_EQ(bp(r, "SEC04-BP01").status, BpStatus::kMet);  // a pass and no failure
    EXPECT_EQ(bp(r, "SEC05-BP02").status, BpStatus::kNotApplicable);
    EXPECT_EQ(bp(r, "SEC08-BP01").status, BpStatus::kNeedsAnswer);  // only unknown
    EXPECT_EQ(bp(r, "SEC10-BP01").status, BpStatus::kNeedsAnswer);  // no rule at all
}

TEST(Assess, QuestionRiskFollowsTheWellArchitectedTool) {
    AssessInput in = base();
    check(in, "R-ENC", 0, Outcome::kFail);  // high-risk practice not met
    Review r = assess(std::move(in));
    EXPECT_EQ(question(r, "SEC08").risk, QuestionRisk::kHigh);
    EXPECT_EQ(question(r, "SEC08").not_met, 1u);
    EXPECT_EQ(question(r, "SEC08").unanswered, 3u);
    EXPECT_EQ(question(r, "SEC05").risk, QuestionRisk::kNeedsAnswers);

    AssessInput medium = base();
    medium.rules.push_back(rule("R-MED", {"SEC05-BP03"}));
    check(medium, "R-MED", 0, Outcome::kFail);
    Review m = assess(std::move(medium));
    EXPECT_EQ(question(m, "SEC05").risk, QuestionRisk::kMedium);
}

TEST(Assess, LowRiskPracticesDoNotRaiseRisk) {
    AssessInput in = base();
    Answer a{"SEC01-BP08", BpStatus::kNotMet, "x", "2026-10-01", "", "", {}, false, ""};
    in.answers.push_back(a);
    for (const auto& q : in.catalog->questions) {
        if (q.id != "SEC01") continue;
        for (const auto& b : q.best_practices) {
            if (b.id != "SEC01-BP08") {
                in.answers.push_back(
                    {b.id, BpStatus::kMet, "x", "2026-10-01", "", "", {}, false, ""});
            }
        }
    }
    Review r = assess(std::move(in));
    EXPECT_EQ(question(r, "SEC01").risk, QuestionRisk::kNone);
    EXPECT_EQ(question(r, "SEC01").not_met, 1u);
}

TEST(Assess, AnswersFillGapsAndAreFlagged) {
    AssessInput in = base();
    check(in, "R-ENC", 0, Outcome::kFail);
    check(in, "R-LOG", 0, Outcome::kPass);
    in.answers = {
        {"SEC10-BP02", BpStatus::kMet, "Dana", "2026-03-02", "https://wiki/ir", "", {}, false, ""},
        {"SEC10-BP01", BpStatus::kMet, "Dana", "2025-06-10", "", "", {}, false, ""},
        {"SEC08-BP02", BpStatus::kMet, "Sam", "2026-05-01", "", "", {}, false, ""},
        {"SEC04-BP01", BpStatus::kNotMet, "Sam", "2026-05-01", "", "", {}, false, ""},
    };
    Review r = assess(std::move(in));
    EXPECT_EQ(bp(r, "SEC10-BP02").status, BpStatus::kMet);
    EXPECT_FALSE(bp(r, "SEC10-BP02").answer->stale);
    EXPECT_TRUE(bp(r, "SEC10-BP01").answer->stale);            // older than a year
    EXPECT_EQ(bp(r, "SEC08-BP02").status, BpStatus::kNotMet);  // evidence beats the answer
    EXPECT_NE(bp(r, "SEC08-BP02").answer->conflict.find("failed"), std::string::npos);
    EXPECT_EQ(bp(r, "SEC04-BP01").status, BpStatus::kNotMet);  // people may know more
    EXPECT_FALSE(bp(r, "SEC04-BP01").answer->conflict.empty());
    ASSERT_EQ(r.answers.size(), 4u);
    EXPECT_TRUE(r.answers[1].stale);
}

TEST(Assess, PlanOrderedByRiskThenResources) {
    AssessInput in = base();
    in.rules.push_back(rule("R-MED", {"SEC05-BP03"}));
    check(in, "R-MED", 0, Outcome::kFail);
    check(in, "R-MED", 1, Outcome::kFail);
    check(in, "R-MED", 2, Outcome::kFail);
    check(in, "R-LOG", 0, Outcome::kFail);
    check(in, "R-ENC", 0, Outcome::kFail);
    check(in, "R-ENC", 1, Outcome::kFail);
    Review r = assess(std::move(in));
    ASSERT_EQ(r.plan.size(), 3u);
    EXPECT_EQ(r.plan[0].best_practice, "SEC08-BP02");  // high, 2 resources
    EXPECT_EQ(r.plan[0].resources, 2u);
    EXPECT_EQ(r.plan[1].best_practice, "SEC04-BP01");  // high, 1 resource
    EXPECT_EQ(r.plan[2].best_practice, "SEC05-BP03");  // medium, though 3 resources
    ASSERT_EQ(r.plan[0].fixes.size(), 1u);
    EXPECT_EQ(r.plan[0].fixes[0].rule_id, "R-ENC");
    EXPECT_EQ(r.plan[0].fixes[0].findings.size(), 2u);
}

TEST(Answers, ParseAndValidate) {
    const Catalog& c = current_catalog();
    auto ok = parse_answers(R"(version: 1
answers:
  - id: SEC10-BP02
    status: met
    by: Dana <dana@example.com>
    date: 2026-03-02
    evidence: https://wiki.example.com/ir
    note: reviewed
)",
                            "answers.yaml", c);
    EXPECT_TRUE(ok.diagnostics.empty());
    ASSERT_EQ(ok.answers.size(), 1u);
    EXPECT_EQ(ok.answers[0].by, "Dana <dana@example.com>");
    EXPECT_EQ(ok.answers[0].location.mark.line, 3u);

    auto bad = parse_answers(R"(answers:
  - {id: SEC99-BP01, status: met, by: x, date: 2026-01-01}
  - {id: SEC10-BP01, status: done, by: x, date: 2026-01-01}
  - {id: SEC10-BP01, status: met, date: 2026-01-01}
  - {id: SEC10-BP01, status: met, by: x, date: 2026-02-30}
  - {id: SEC10-BP01, status: met, by: x, date: 2026-02-03}
  - {id: SEC10-BP01, status: met, by: y, date: 2026-02-03}
)",
                             "answers.yaml", c);
    EXPECT_EQ(bad.answers.size(), 1u);
    ASSERT_EQ(bad.diagnostics.size(), 5u);
    EXPECT_EQ(bad.diagnostics[0].location.mark.line, 2u);
    EXPECT_NE(bad.diagnostics[1].message.find("status"), std::string::npos);
    EXPECT_NE(bad.diagnostics[3].message.find("YYYY-MM-DD"), std::string::npos);
    EXPECT_NE(bad.diagnostics[4].message.find("second answer"), std::string::npos);
}

TEST(Answers, Dates) {
    EXPECT_EQ(days_from_iso_date("1970-01-01"), 0);
    EXPECT_EQ(days_from_iso_date("2000-03-01"), 11017);
    EXPECT_EQ(days_from_iso_date("2024-02-29").has_value(), true);
    EXPECT_EQ(days_from_iso_date("2023-02-29").has_value(), false);
    EXPECT_EQ(days_from_iso_date("2026-13-01").has_value(), false);
    EXPECT_EQ(days_from_iso_date("26-01-01").has_value(), false);
}

}  // namespace
}  // namespace wasp::pillar
