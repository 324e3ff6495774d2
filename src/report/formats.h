// Internal to the report module: one renderer per format and the helpers they share.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "pillar/review.h"
#include "report/report.h"

namespace wasp::report::detail {

inline constexpr std::string_view kToolName = "wasp";
inline constexpr std::string_view kInformationUri = "https://wasp.dev";

[[nodiscard]] std::string render_text(const pillar::Review& review, const RenderOptions& options);
[[nodiscard]] std::string render_json(const pillar::Review& review);
[[nodiscard]] std::string render_html(const pillar::Review& review);
[[nodiscard]] std::string render_sarif(const pillar::Review& review);
[[nodiscard]] std::string render_junit(const pillar::Review& review);
[[nodiscard]] std::string render_markdown(const pillar::Review& review,
                                          const RenderOptions& options);
[[nodiscard]] std::string render_findings_text(const pillar::Review& review,
                                               const RenderOptions& options);
[[nodiscard]] std::string render_github(const pillar::Review& review);
[[nodiscard]] std::string render_ocsf(const pillar::Review& review);

// Findings per severity, indexed by core::Severity.
[[nodiscard]] std::array<std::size_t, 5> findings_by_severity(const pillar::Review& review);
// Findings accepted by a suppression (findings_by_severity counts only the others).
[[nodiscard]] std::size_t suppressed_findings(const pillar::Review& review);
// Diagnostics per level, indexed by core::DiagLevel.
[[nodiscard]] std::array<std::size_t, 3> diagnostics_by_level(const pillar::Review& review);
// Checks per outcome, indexed by core::Outcome.
[[nodiscard]] std::array<std::size_t, 5> checks_by_outcome(const pillar::Review& review);

// The resource an index names; nullptr for kNoResource or an index out of range.
[[nodiscard]] const core::Resource* resource_at(const pillar::Review& review, std::size_t index);
// The resource's CDK construct path if it has one, else its id; "(workload)" for workload checks.
[[nodiscard]] std::string_view resource_label(const pillar::Review& review, std::size_t index);
// Where a finding or check points a person: the .tf block that declares its resource when known
// (for a Terraform plan, the value's own line is in the plan, which nobody edits), else its own
// location when it has a file, else its resource's.
[[nodiscard]] const core::SourceLocation& location_of(const pillar::Review& review,
                                                      const core::SourceLocation& own,
                                                      std::size_t resource);
// s without leading and trailing whitespace (rule text from YAML often ends in a newline).
[[nodiscard]] std::string_view trim(std::string_view s);
// "file:line" (no column), or the file alone, or "" when unknown.
[[nodiscard]] std::string file_line(const core::SourceLocation& location);

[[nodiscard]] std::string_view question_id(const pillar::QuestionResult& q);
[[nodiscard]] std::string_view question_title(const pillar::QuestionResult& q);
// The catalog's title of a best practice, or "" when the catalog does not have it.
[[nodiscard]] std::string_view practice_title(const pillar::Review& review, std::string_view id);

// The risk of the whole review: high if any question is high, else medium, else needs answers,
// else none.
[[nodiscard]] pillar::QuestionRisk overall_risk(const pillar::Review& review);

// Which best practices each finding bears on: its rule's best practices, plus those of which a
// failed check (same rule and resource) counted towards the status. And the reverse.
class FindingIndex {
  public:
    explicit FindingIndex(const pillar::Review& review);
    // Findings of a best practice, ascending.
    [[nodiscard]] const std::vector<std::size_t>& findings_of(std::string_view practice) const;
    // Best practices of a finding, in the rule's order, then the assessment's.
    [[nodiscard]] const std::vector<std::string>& practices_of(std::size_t finding) const;

  private:
    std::vector<std::vector<std::string>> practices_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> findings_;
    std::vector<std::size_t> none_;
};

}  // namespace wasp::report::detail
