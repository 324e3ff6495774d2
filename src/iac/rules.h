// Guardrail rules: YAML data (docs/rules-language.md) compiled into conditions on the model.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/embedded.h"
#include "core/finding.h"
#include "iac/model.h"

namespace wasp::iac {

struct Condition;  // rule_condition.h

// A test case embedded in a rule: an input and the outcome the rule must give on it.
struct RuleTest {
    std::string name;
    core::Outcome expect = core::Outcome::kFail;
    std::string resource;        // resource id whose result is compared; empty: the only one
    std::string cloudformation;  // template text
    std::string terraform;       // or plan JSON (terraform show -json); resource is an address
    core::SourceLocation location;
};

struct Rule {
    core::RuleInfo info;
    bool workload_scope = false;  // evaluated once on the whole workload, not per resource
    std::shared_ptr<const Condition> when;   // applicability; null: always
    std::shared_ptr<const Condition> check;  // what must hold
    std::vector<RuleTest> tests;
};

struct RuleSet {
    std::vector<Rule> rules;  // sorted by id
    core::Diagnostics diagnostics;
};

// Parses one rule file. A rule with an error is left out; the first error is a diagnostic
// (with its position), and so is each parser warning (duplicate keys, a second document).
[[nodiscard]] RuleSet parse_rule(std::string_view text, const std::string& file);
// Every *.yaml / *.yml file below dir (recursively).
[[nodiscard]] RuleSet load_rule_dir(const std::filesystem::path& dir);
// The rules compiled into this build (rules/).
[[nodiscard]] RuleSet builtin_rules();
// Adds b's rules to a; a duplicate id is an error diagnostic and the later rule is dropped.
void merge(RuleSet& a, RuleSet b);

struct Evaluation {
    std::vector<core::CheckResult> checks;  // resource indices are into Model::resources
    std::vector<core::Finding> findings;
};

// Evaluates each rule on each resource of its kinds (in rule, then resource order), on up to
// `jobs` threads; the result does not depend on their number.
[[nodiscard]] Evaluation evaluate(const std::vector<Rule>& rules,
                                  const Model& model,
                                  unsigned jobs = 1);

struct RuleTestResult {
    const Rule* rule = nullptr;
    const RuleTest* test = nullptr;
    bool passed = false;
    std::string message;  // why it failed: outcome seen, diagnostics of the input
};

// Runs the test cases embedded in the rules.
[[nodiscard]] std::vector<RuleTestResult> run_rule_tests(const std::vector<Rule>& rules);

}  // namespace wasp::iac
