// The built-in rules: the SigmaHQ pack loads whole, and every test file compiled in passes; the
// runner of test files itself.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "sigma_harness.h"

namespace wasp::detect {
namespace {

constexpr std::string_view kPack = "rules/sigma/sigmahq/";
constexpr std::size_t kPackRules = 57;

TEST(SigmaPack, EverySigmaHqRuleLoads) {
    RuleSet rules;
    core::Diagnostics diags;
    load_builtin(rules, diags);
    rules.finalize(diags);
    std::size_t files = 0;
    for (const auto& f : builtin_sigma_rule_files()) files += f.path.starts_with(kPack) ? 1 : 0;
    EXPECT_EQ(files, kPackRules);
    std::size_t loaded = 0;
    for (const auto& r : rules.rules()) {
        if (!r.location.file.starts_with(kPack)) continue;
        ++loaded;
        EXPECT_TRUE(r.sigmahq) << r.location.file;
        EXPECT_FALSE(r.author.empty()) << r.location.file;
        EXPECT_EQ(r.kind, SigmaRuleKind::kDetection) << r.location.file;
    }
    EXPECT_EQ(loaded, kPackRules);
    std::string skipped;
    for (const auto& s : rules.unsupported()) {
        skipped += s.location.str() + ": " + s.reason + "\n";
    }
    for (const auto& s : rules.not_applicable()) {
        skipped += s.location.str() + ": " + s.reason + "\n";
    }
    EXPECT_TRUE(skipped.empty()) << skipped;
    for (const auto& d : diags) {
        EXPECT_NE(d.level, core::DiagLevel::kError) << d.str();
    }
}

TEST(SigmaPack, EveryBuiltinTestCasePasses) {
    RuleSet rules;
    core::Diagnostics diags;
    load_builtin(rules, diags);
    rules.finalize(diags);
    const auto results = run_rule_tests(rules, builtin_sigma_test_files());
    std::size_t pack_files = 0;
    for (const auto& f : builtin_sigma_test_files()) pack_files += f.path.starts_with(kPack);
    EXPECT_GE(pack_files, 5u);
    EXPECT_GE(results.size(), pack_files);
    for (const auto& r : results) {
        EXPECT_TRUE(r.passed) << r.location.str() << ": " << r.name << " (" << r.rule_id
                              << "): " << r.message;
    }
}

TEST(SigmaPack, SigmaHqAlertsNameTheAuthor) {
    RuleSet rules;
    core::Diagnostics diags;
    load_builtin(rules, diags);
    rules.finalize(diags);
    testing::EventRun run(rules);
    run.add(std::string(testing::kStopLogging));
    bool found = false;
    for (const auto& a : run.alerts()) {
        if (a.rule_id != "4db60cc0-36fb-42b7-9b58-a5b53019fb74") continue;  // disable_logging
        found = true;
        EXPECT_NE(a.message.find("Sigma rule by vitaliy0x1, Detection Rule License 1.1"),
                  std::string::npos)
            << a.message;
        EXPECT_EQ(a.severity, core::Severity::kMedium);
    }
    EXPECT_TRUE(found);
    const SigmaRule* rule = rules.find("4db60cc0-36fb-42b7-9b58-a5b53019fb74");
    ASSERT_NE(rule, nullptr);
    for (const auto& info : rules.rule_infos()) {
        if (info.id != rule->review_id()) continue;
        EXPECT_NE(std::find(info.references.begin(), info.references.end(),
                            "https://github.com/SigmaHQ/Detection-Rule-License"),
                  info.references.end());
        EXPECT_EQ(info.best_practices, rule->best_practices);
    }
}

const SigmaTestResult* result(const std::vector<SigmaTestResult>& results,
                              std::string_view file,
                              std::string_view name) {
    for (const auto& r : results) {
        if (r.location.file.ends_with(file) && r.name == name) return &r;
    }
    return nullptr;
}

TEST(SigmaRunner, RunsCasesOfADirectory) {
    const std::filesystem::path dir = "tests/fixtures/detect/sigma/runner";
    RuleSet rules;
    core::Diagnostics diags;
    load_dir(rules, dir, diags);
    rules.finalize(diags);
    ASSERT_EQ(rules.rules().size(), 3u);
    const auto results = run_rule_tests_dir(rules, dir);
    ASSERT_EQ(results.size(), 11u);

    auto passed = [&](std::string_view file, std::string_view name) {
        const SigmaTestResult* r = result(results, file, name);
        EXPECT_NE(r, nullptr) << name;
        return r && r->passed;
    };
    EXPECT_TRUE(passed("stop_logging.tests.jsonl", "trail stopped"));
    EXPECT_TRUE(passed("stop_logging.tests.jsonl", "stop denied"));
    EXPECT_TRUE(passed("stop_logging.tests.jsonl", "logging started"));
    EXPECT_TRUE(passed("brute_force.tests.jsonl", "five failures in four minutes"));
    EXPECT_TRUE(passed("brute_force.tests.jsonl", "five failures over twelve minutes"));
    EXPECT_TRUE(passed("brute_force.tests.jsonl", "base rule stays quiet alone"));

    const SigmaTestResult* wrong = result(results, "stop_logging.tests.jsonl", "wrong expectation");
    ASSERT_NE(wrong, nullptr);
    EXPECT_FALSE(wrong->passed);
    EXPECT_EQ(wrong->rule_id, "3c2b1a0f-5e4d-4c3b-8a9f-7e6d5c4b3a21");
    EXPECT_EQ(wrong->location.mark.line, 4u);
    EXPECT_NE(wrong->message.find("expected an alert"), std::string::npos);

    // Malformed lines fail, named by their line.
    const SigmaTestResult* broken = result(results, "stop_logging.tests.jsonl", "line 6");
    ASSERT_NE(broken, nullptr);
    EXPECT_FALSE(broken->passed);
    EXPECT_NE(broken->message.find("not JSON"), std::string::npos) << broken->message;
    const SigmaTestResult* typo = result(results, "stop_logging.tests.jsonl", "typo");
    ASSERT_NE(typo, nullptr);
    EXPECT_FALSE(typo->passed);
    EXPECT_NE(typo->message.find("unknown key 'expects'"), std::string::npos) << typo->message;
    EXPECT_EQ(typo->location.mark.line, 7u);

    const SigmaTestResult* quiet =
        result(results, "brute_force.tests.jsonl", "base rule does not alert on its own");
    ASSERT_NE(quiet, nullptr);
    EXPECT_FALSE(quiet->passed);
    EXPECT_NE(quiet->message.find("without generate: true"), std::string::npos) << quiet->message;

    const SigmaTestResult* orphan = result(results, "orphan.tests.jsonl", "no rule file");
    ASSERT_NE(orphan, nullptr);
    EXPECT_FALSE(orphan->passed);
}

TEST(SigmaRunner, RepeatAndSelectionErrors) {
    RuleSet rules;
    core::Diagnostics diags;
    rules.add_file("t/a.yml", testing::one_selection("eventName: StopLogging"), diags);
    rules.finalize(diags);
    auto run = [&](std::string_view line) {
        const std::string text(line);
        const core::EmbeddedFile f{"t/a.tests.jsonl", text};
        auto results = run_rule_tests(rules, std::span(&f, 1));
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? SigmaTestResult{} : results.front();
    };
    EXPECT_NE(run(R"({"name":"x","expect":"match","events":[{"$repeat":0,"$event":{}}]})")
                  .message.find("$repeat"),
              std::string::npos);
    EXPECT_NE(run(R"({"name":"x","expect":"match","events":[{"$repeat":2,"$step_seconds":5,)"
                  R"("$event":{"eventName":"StopLogging"}}]})")
                  .message.find("eventTime"),
              std::string::npos);
    EXPECT_NE(run(R"({"name":"x","rule":"nope","expect":"match","events":[]})")
                  .message.find("no rule 'nope'"),
              std::string::npos);
    EXPECT_NE(run(R"({"name":"x","expect":"maybe","events":[]})").message.find("expect"),
              std::string::npos);
    EXPECT_NE(run(R"({"name":"x","expect":"match","events":[1]})").message.find("JSON object"),
              std::string::npos);
    EXPECT_TRUE(run(R"({"name":"x","expect":"match","events":[{"$repeat":3,"$step_seconds":1,)"
                    R"("$event":{"eventName":"StopLogging","eventTime":"2024-01-01T00:00:00Z"}}]})")
                    .passed);
}

}  // namespace
}  // namespace wasp::detect
