// Sigma rules for CloudTrail: loading (with wasp's `wasp:` extension), matching on every reading
// thread, correlations after reading, alerts, and the runner of the rules' test files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/embedded.h"
#include "core/finding.h"
#include "core/location.h"
#include "core/severity.h"
#include "detect/alert.h"
#include "detect/trail.h"

namespace wasp::detect {

struct Event;
struct SigmaEngine;  // the compiled rules; private to the Sigma .cpp files

enum class SigmaRuleKind { kDetection, kCorrelation };

// What a loaded rule says about itself.
struct SigmaRule {
    SigmaRuleKind kind = SigmaRuleKind::kDetection;
    std::string id;    // the Sigma id (may be empty)
    std::string name;  // the Sigma name, by which correlations may refer to it
    std::string title;
    std::string status;
    std::string description;
    std::string author;
    std::string date;
    std::string modified;
    std::string level;  // as written: informational, low, medium, high, critical
    std::vector<std::string> tags;
    std::vector<std::string> references;
    std::vector<std::string> falsepositives;
    std::vector<std::pair<std::string, std::string>> logsource;  // category, product, service...
    // The `wasp:` extension.
    std::string wasp_id;                      // e.g. "WASP-DET-001"
    std::vector<std::string> best_practices;  // {"SEC04-BP03"} when not written
    std::vector<std::string> techniques;      // Stratus Red Team ids
    std::string remediation;
    bool sigmahq = false;           // from the built-in SigmaHQ pack: findings carry its licence
    core::SourceLocation location;  // the file and the line where the rule's document starts

    // The id the review knows it by: wasp.id when written, else the Sigma id.
    [[nodiscard]] const std::string& review_id() const { return wasp_id.empty() ? id : wasp_id; }
    [[nodiscard]] core::Severity severity() const;
};

// A rule that is not run, and why.
struct SkippedRule {
    std::string id;  // review id when the document got that far, else empty
    std::string name;
    std::string title;
    core::SourceLocation location;
    std::string reason;
};

struct SigmaOptions {
    // Values of the placeholders `|expand` refers to ("%Admins%" is looked up as "Admins"). A
    // rule with a placeholder not listed here is unsupported.
    std::map<std::string, std::vector<std::string>, std::less<>> placeholders;
};

// The loaded rules. Add every file, then finalize() once; only then can events be matched.
class RuleSet {
  public:
    RuleSet();
    explicit RuleSet(SigmaOptions options);
    ~RuleSet();
    RuleSet(RuleSet&&) noexcept;
    RuleSet& operator=(RuleSet&&) noexcept;

    // Reads the rules of one file: one or more YAML documents (`---`). Problems are
    // diagnostics ("sigma-syntax", "sigma-unsupported", "sigma-not-applicable") with file and
    // line; rules that cannot run are listed in unsupported() or not_applicable().
    void add_file(std::string_view path, std::string_view text, core::Diagnostics& diags);
    // Resolves the rules correlations refer to, drops those that cannot be resolved (as
    // unsupported) and indexes the detections by the event names they require.
    void finalize(core::Diagnostics& diags);
    [[nodiscard]] bool finalized() const;

    // Rules that run, in load order (detections and correlations).
    [[nodiscard]] std::span<const SigmaRule> rules() const;
    [[nodiscard]] std::span<const SkippedRule> unsupported() const;
    [[nodiscard]] std::span<const SkippedRule> not_applicable() const;
    // The rule with this review id, Sigma id or name; null if none runs.
    [[nodiscard]] const SigmaRule* find(std::string_view id_or_name) const;
    // Metadata of every rule that runs, for the review (kinds {"aws.cloudtrail.event"}).
    [[nodiscard]] std::vector<core::RuleInfo> rule_infos() const;

    [[nodiscard]] const SigmaEngine& engine() const { return *engine_; }

  private:
    std::unique_ptr<SigmaEngine> engine_;
};

// The rules compiled into this build: rules/sigma/**/*.yml (the SigmaHQ pack) and
// rules/detect/**/*.yml (wasp's own detections), and the test files beside them.
[[nodiscard]] std::span<const core::EmbeddedFile> builtin_sigma_rule_files();
[[nodiscard]] std::span<const core::EmbeddedFile> builtin_sigma_test_files();
void load_builtin(RuleSet& rules, core::Diagnostics& diags);
// Every *.yml and *.yaml file below dir (recursively, in path order), or dir itself if a file.
void load_dir(RuleSet& rules, const std::filesystem::path& dir, core::Diagnostics& diags);

// Matches every event of one reading thread against a finalized rule set and keeps what the
// alerts and correlations need. The rule set must outlive it.
class SigmaConsumer final : public EventConsumer {
  public:
    explicit SigmaConsumer(const RuleSet& rules);
    ~SigmaConsumer() override;
    SigmaConsumer(const SigmaConsumer&) = delete;
    SigmaConsumer& operator=(const SigmaConsumer&) = delete;

    void consume(const Event& e) override;
    // Takes over what other saw (another thread's consumer of the same rule set).
    void merge(SigmaConsumer&& other);

    [[nodiscard]] std::uint64_t events() const;
    [[nodiscard]] std::uint64_t matches() const;  // rule matches, all rules together

    // One alert per (rule, principal, account) for each detection that alerts on its own, and
    // one per correlation group and window that meets the condition; ordered by rule id, first
    // time and principal. Correlation state that hit its memory bound is a diagnostic.
    [[nodiscard]] std::vector<Alert> alerts(core::Diagnostics& diags);

    struct State;

  private:
    const SigmaEngine* engine_;
    std::unique_ptr<State> state_;
};

[[nodiscard]] ConsumerFactory sigma_consumer_factory(const RuleSet& rules);
// Merges the consumers read_trail returns (made by sigma_consumer_factory) into the first.
// Null if there are none or one is not a SigmaConsumer.
[[nodiscard]] std::unique_ptr<SigmaConsumer> merge_sigma_consumers(
    std::vector<std::unique_ptr<EventConsumer>> consumers);

// Test files of rules: X.tests.jsonl beside X.yml (docs/detect.md, "Sigma rules").
struct SigmaTestResult {
    core::SourceLocation location;  // the tests file and the line of the case
    std::string name;               // the case's name
    std::string rule_id;            // review id of the rule under test
    bool expect_match = false;      // a "match" case (else "no_match")
    bool passed = false;
    std::string message;  // why it failed
};

// Runs every case of the given test files against rules; a malformed line is a failed case.
[[nodiscard]] std::vector<SigmaTestResult> run_rule_tests(
    const RuleSet& rules, std::span<const core::EmbeddedFile> test_files);
// The same for every *.tests.jsonl file below dir.
[[nodiscard]] std::vector<SigmaTestResult> run_rule_tests_dir(const RuleSet& rules,
                                                              const std::filesystem::path& dir);

}  // namespace wasp::detect
