// Runs every test case embedded in the built-in rules, one GoogleTest case each.
#include <ostream>

#include <gtest/gtest.h>

#include "iac/rules.h"

namespace wasp::iac {
namespace {

const RuleSet& rules() {
    static const RuleSet set = builtin_rules();
    return set;
}

TEST(BuiltinRules, LoadWithoutDiagnostics) {
    for (const auto& d : rules().diagnostics) ADD_FAILURE() << d.str();
    EXPECT_GE(rules().rules.size(), 25u);
}

TEST(BuiltinRules, EveryRuleHasAPassingAndAFailingCase) {
    for (const auto& r : rules().rules) {
        bool pass = false, fail = false;
        for (const auto& t : r.tests) {
            pass |= t.expect == core::Outcome::kPass;
            fail |= t.expect == core::Outcome::kFail;
        }
        EXPECT_TRUE(pass && fail) << r.info.id << " (" << r.info.source << ")";
    }
}

struct Case {
    const Rule* rule;
    const RuleTest* test;
};

std::vector<Case> all_cases() {
    std::vector<Case> out;
    for (const auto& r : rules().rules) {
        for (const auto& t : r.tests) out.push_back({&r, &t});
    }
    return out;
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.rule->info.id << ": " << c.test->name; }

class RuleCase : public ::testing::TestWithParam<Case> {};

TEST_P(RuleCase, GivesTheExpectedOutcome) {
    const Case& c = GetParam();
    Rule only = *c.rule;
    only.tests = {*c.test};
    auto results = run_rule_tests({only});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].passed) << c.test->location.str() << ": " << results[0].message;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    std::string name = info.param.rule->info.id + "_" + std::to_string(info.index);
    for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Builtin, RuleCase, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace wasp::iac
