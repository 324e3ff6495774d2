// The Markdown format: a short GitHub-flavoured summary for a pull-request comment.
#include <algorithm>
#include <string>

#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

constexpr std::size_t kFindingsShown = 20;

std::string_view risk_words(pillar::QuestionRisk r) {
    switch (r) {
        case pillar::QuestionRisk::kHigh:
            return "high";
        case pillar::QuestionRisk::kMedium:
            return "medium";
        case pillar::QuestionRisk::kNone:
            return "none";
        case pillar::QuestionRisk::kNeedsAnswers:
            return "needs answers";
    }
    return "needs answers";
}

std::string verdict(pillar::QuestionRisk r) {
    switch (r) {
        case pillar::QuestionRisk::kHigh:
            return "high risk";
        case pillar::QuestionRisk::kMedium:
            return "medium risk";
        case pillar::QuestionRisk::kNone:
            return "no risk found";
        case pillar::QuestionRisk::kNeedsAnswers:
            return "needs answers";
    }
    return "needs answers";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

class MarkdownReport {
  public:
    MarkdownReport(const pillar::Review& review, const RenderOptions& options)
        : review_(review), options_(options) {}

    std::string write() {
        header();
        questions();
        plan();
        findings();
        diagnostics();
        out_ += "\n<sub>" + std::string(kToolName) + ' ' + markdown_escape(review_.tool_version);
        if (review_.catalog) out_ += ", catalog " + markdown_escape(review_.catalog->version);
        out_ +=
            ". The HTML report (`--format html`) has the evidence for every best "
            "practice.</sub>\n";
        return std::move(out_);
    }

  private:
    void header() {
        out_ += "### Security Pillar review: " + verdict(overall_risk(review_)) + "\n\n";
        auto sev = findings_by_severity(review_);
        out_ += "Workload **" + markdown_escape(review_.workload) + "**";
        if (!review_.review_date.empty()) {
            out_ += ", reviewed " + markdown_escape(review_.review_date);
        }
        out_ +=
            ": " + plural(review_.inputs.size(), "input", "inputs") + ", " +
            plural(review_.resources.size(), "resource", "resources") + ", " +
            plural(review_.findings.size() - suppressed_findings(review_), "finding", "findings") +
            " (" + std::to_string(sev[0]) + " critical, " + std::to_string(sev[1]) + " high, " +
            std::to_string(sev[2]) + " medium, " + std::to_string(sev[3]) + " low, " +
            std::to_string(sev[4]) + " info)" +
            (suppressed_findings(review_) > 0
                 ? ", " + std::to_string(suppressed_findings(review_)) + " suppressed"
                 : std::string()) +
            ".\n";
    }

    void questions() {
        out_ += "\n| Question | Risk | Met | Not met | N/A | Unanswered |\n";
        out_ += "| --- | --- | ---: | ---: | ---: | ---: |\n";
        for (const auto& q : review_.questions) {
            std::string risk(risk_words(q.risk));
            if (q.risk == pillar::QuestionRisk::kHigh) risk = "**" + risk + "**";
            out_ += "| " + markdown_escape(question_id(q)) + ' ' +
                    markdown_escape(question_title(q)) + " | " + risk + " | " +
                    std::to_string(q.met) + " | " + std::to_string(q.not_met) + " | " +
                    std::to_string(q.not_applicable) + " | " + std::to_string(q.unanswered) +
                    " |\n";
        }
    }

    void plan() {
        if (review_.plan.empty() || options_.plan_items == 0) return;
        out_ += "\n**Top improvements**\n\n";
        std::size_t shown = std::min(options_.plan_items, review_.plan.size());
        for (std::size_t i = 0; i < shown; ++i) {
            const pillar::PlanItem& item = review_.plan[i];
            out_ += std::to_string(i + 1) + ". " + std::string(pillar::to_string(item.risk)) +
                    " risk: " + markdown_escape(item.best_practice);
            std::string_view title = practice_title(review_, item.best_practice);
            if (!title.empty()) out_ += ' ' + markdown_escape(title);
            out_ += item.fixes.empty() ? std::string(" (answered not met)")
                    : item.resources == 0
                        ? std::string(" (workload-wide)")
                        : " (" + plural(item.resources, "resource", "resources") + ')';
            if (!item.fixes.empty()) {
                const pillar::PlanFix& fix = item.fixes.front();
                out_ += ". Fix " + markdown_escape(fix.rule_id);
                const core::RuleInfo* rule = review_.find_rule(fix.rule_id);
                if (rule && !rule->remediation.empty()) {
                    out_ += ": " + markdown_escape(trim(rule->remediation));
                }
            } else if (const auto* bp =
                           review_.catalog ? review_.catalog->find_best_practice(item.best_practice)
                                           : nullptr;
                       bp && !bp->guidance.empty()) {
                out_ += ". Next step: " + markdown_escape(bp->guidance);
            }
            out_ += '\n';
        }
        if (review_.plan.size() > shown) {
            out_ += "\n…and " + std::to_string(review_.plan.size() - shown) + " more.\n";
        }
    }

    void findings() {
        if (review_.findings.empty()) {
            out_ += "\nNo findings.\n";
            return;
        }
        out_ += "\n**Findings**\n\n";
        out_ += "| Severity | Rule | Resource | Location | Message |\n";
        out_ += "| --- | --- | --- | --- | --- |\n";
        std::size_t shown = std::min(kFindingsShown, review_.findings.size());
        for (std::size_t i = 0; i < shown; ++i) {
            const core::Finding& f = review_.findings[i];
            out_ += "| " + std::string(core::to_string(f.severity)) +
                    (f.suppression ? " (suppressed)" : "") + " | " + markdown_escape(f.rule_id) +
                    " | " + markdown_escape(resource_label(review_, f.resource)) + " | " +
                    markdown_escape(file_line(location_of(review_, f.location, f.resource))) +
                    " | " + markdown_escape(trim(f.message)) + " |\n";
        }
        if (review_.findings.size() > shown) {
            out_ += "\n…and " + std::to_string(review_.findings.size() - shown) + " more.\n";
        }
    }

    void diagnostics() {
        if (review_.diagnostics.empty()) return;
        auto n = diagnostics_by_level(review_);
        out_ += "\n**Input problems:** " + plural(n[0], "error", "errors") + ", " +
                plural(n[1], "warning", "warnings") +
                (n[2] > 0 ? ", " + plural(n[2], "note", "notes") : std::string()) + ".";
        if (n[0] > 0) out_ += " Findings may be missing for the files with errors.";
        out_ += '\n';
        std::size_t listed = 0;
        for (const auto& d : review_.diagnostics) {
            if (d.level != core::DiagLevel::kError) continue;
            if (listed++ == 5) {
                out_ += "- …\n";
                break;
            }
            out_ += "- " + markdown_escape(d.str()) + '\n';
        }
    }

    const pillar::Review& review_;
    const RenderOptions& options_;
    std::string out_;
};

}  // namespace

std::string render_markdown(const pillar::Review& review, const RenderOptions& options) {
    return MarkdownReport(review, options).write();
}

}  // namespace wasp::report::detail
