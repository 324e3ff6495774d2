// Guardrail policy: suppressions (in source and in a file), baselines of known findings, rules
// that cannot be suppressed, and when findings fail the run (docs/suppressions.md).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "iac/model.h"

namespace wasp::iac {

// A suppression in a file: which rule, on which resources (id or address; a trailing * matches
// a prefix, "*" alone every resource), optionally only in one file.
struct FileSuppression {
    std::string rule_id;
    std::string resource = "*";
    std::string file;  // workload-relative; empty: any
    core::Suppression suppression;
};

struct RuleOverride {
    std::optional<core::Severity> severity;  // reported severity
    std::optional<bool> fail;                // true: always fails the run; false: never
};

struct Policy {
    std::optional<core::Severity> fail_on;  // overrides --fail-on when set
    bool fail_on_none = false;              // fail_on: none
    std::set<std::string, std::less<>> unsuppressible;
    std::map<std::string, RuleOverride, std::less<>> rules;
    std::vector<FileSuppression> suppressions;
};

// Reads a policy or suppressions file (YAML). Errors name the file and position; entries with
// errors are left out.
[[nodiscard]] Policy parse_policy(std::string_view text,
                                  const std::string& file,
                                  core::Diagnostics& diagnostics);
// Adds b's entries to a (suppressions appended, overrides and settings of b win).
void merge(Policy& a, Policy b);

struct Baseline {
    std::string file;
    std::set<std::string, std::less<>> fingerprints;
};
[[nodiscard]] std::optional<Baseline> parse_baseline(std::string_view text,
                                                     const std::string& file,
                                                     core::Diagnostics& diagnostics);
// The baseline file of the given findings (those not already suppressed).
[[nodiscard]] std::string write_baseline(const std::vector<core::Finding>& findings,
                                         const std::vector<core::Resource>& resources);

// Applies severity overrides, then suppressions (in-source, then file, then baseline) to the
// findings and their checks. A suppression without a reason, an expired one (before today,
// YYYY-MM-DD) or one of an unsuppressible rule is not applied and is a diagnostic.
void apply_policy(const Policy& policy,
                  const Baseline* baseline,
                  const Model& model,
                  std::string_view today,
                  std::vector<core::Finding>& findings,
                  std::vector<core::CheckResult>& checks,
                  core::Diagnostics& diagnostics);

// True when the finding fails the run: not suppressed, and its rule's override says so or its
// severity is at least the threshold (nullopt: never).
[[nodiscard]] bool fails_run(const core::Finding& finding,
                             const Policy& policy,
                             std::optional<core::Severity> threshold);

}  // namespace wasp::iac
