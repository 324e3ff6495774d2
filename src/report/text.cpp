// The text format: the summary a person reads in ten seconds, in a terminal.
#include <algorithm>
#include <map>
#include <string>

#include "core/utf8.h"
#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

constexpr std::size_t kLineWidth = 100;
constexpr std::size_t kDiagnosticsShown = 5;

constexpr std::string_view kReset = "\x1b[0m";

std::size_t width_of(std::string_view s) {
    std::size_t n = 0;
    core::for_each_code_point(s, [&](char32_t, std::string_view) { ++n; });
    return n;
}

// Cuts s (already terminal-safe) to at most width code points, ending in "..." when cut.
std::string truncate(std::string_view s, std::size_t width) {
    if (width_of(s) <= width) return std::string(s);
    std::string out;
    std::size_t n = 0, keep = width > 3 ? width - 3 : 0;
    core::for_each_code_point(s, [&](char32_t, std::string_view bytes) {
        if (n++ < keep) out += bytes;
    });
    return out + "...";
}

void pad_right(std::string& out, std::string_view s, std::size_t width) {
    out += s;
    std::size_t w = width_of(s);
    if (w < width) out.append(width - w, ' ');
}

void pad_left(std::string& out, std::string_view s, std::size_t width) {
    std::size_t w = width_of(s);
    if (w < width) out.append(width - w, ' ');
    out += s;
}

std::string_view question_risk_word(pillar::QuestionRisk r) {
    switch (r) {
        case pillar::QuestionRisk::kHigh:
            return "HIGH";
        case pillar::QuestionRisk::kMedium:
            return "MEDIUM";
        case pillar::QuestionRisk::kNone:
            return "none";
        case pillar::QuestionRisk::kNeedsAnswers:
            return "needs answers";
    }
    return "needs answers";
}

std::string_view question_risk_color(pillar::QuestionRisk r) {
    switch (r) {
        case pillar::QuestionRisk::kHigh:
            return "\x1b[1;31m";
        case pillar::QuestionRisk::kMedium:
            return "\x1b[33m";
        case pillar::QuestionRisk::kNone:
            return "\x1b[32m";
        case pillar::QuestionRisk::kNeedsAnswers:
            return "\x1b[36m";
    }
    return "";
}

std::string_view practice_risk_word(pillar::Risk r) {
    switch (r) {
        case pillar::Risk::kHigh:
            return "HIGH";
        case pillar::Risk::kMedium:
            return "MEDIUM";
        case pillar::Risk::kLow:
            return "LOW";
    }
    return "MEDIUM";
}

std::string_view practice_risk_color(pillar::Risk r) {
    switch (r) {
        case pillar::Risk::kHigh:
            return "\x1b[1;31m";
        case pillar::Risk::kMedium:
            return "\x1b[33m";
        case pillar::Risk::kLow:
            return "\x1b[34m";
    }
    return "";
}

class TextWriter {
  public:
    TextWriter(const pillar::Review& review, const RenderOptions& options)
        : review_(review), options_(options) {}

    std::string write() {
        header();
        questions();
        plan();
        coverage();
        components();
        diagnostics();
        out_ += "\nFor the full report with evidence, use --format html.\n";
        return std::move(out_);
    }

  private:
    // A risk word padded to width, coloured when asked; padding stays outside the colour.
    void risk_word(std::string_view word, std::string_view color, std::size_t width) {
        if (options_.color) out_ += color;
        out_ += word;
        if (options_.color) out_ += kReset;
        if (word.size() < width) out_.append(width - word.size(), ' ');
    }

    void header() {
        const pillar::Catalog* catalog = review_.catalog;
        out_ += "wasp " + terminal_safe(review_.tool_version) + ": Security Pillar review of " +
                terminal_safe(review_.workload.empty() ? "(unnamed workload)" : review_.workload);
        out_ += " (catalog " + terminal_safe(catalog ? catalog->version : "unknown");
        if (!review_.review_date.empty()) out_ += ", " + terminal_safe(review_.review_date);
        out_ += ")\n";

        auto sev = findings_by_severity(review_);
        out_ += "Overall risk: ";
        pillar::QuestionRisk overall = overall_risk(review_);
        risk_word(question_risk_word(overall), question_risk_color(overall), 0);
        out_ += ". " + std::to_string(review_.inputs.size()) + " inputs, " +
                std::to_string(review_.resources.size()) + " resources, " +
                std::to_string(review_.findings.size() - suppressed_findings(review_)) +
                " findings (" + std::to_string(sev[0]) + " critical, " + std::to_string(sev[1]) +
                " high, " + std::to_string(sev[2]) + " medium, " + std::to_string(sev[3]) +
                " low, " + std::to_string(sev[4]) + " info)" +
                (suppressed_findings(review_) > 0
                     ? ", " + std::to_string(suppressed_findings(review_)) + " suppressed"
                     : std::string()) +
                "\n";
    }

    void questions() {
        std::size_t id_width = 8;
        for (const auto& q : review_.questions) {
            id_width = std::max(id_width, width_of(terminal_safe(question_id(q))));
        }
        constexpr std::size_t kRiskWidth = 13;
        out_ += '\n';
        pad_right(out_, "Question", id_width);
        out_ += "  ";
        pad_right(out_, "Risk", kRiskWidth);
        out_ += "  Met  Not met  N/A  Unanswered  Title\n";
        std::size_t prefix = id_width + 2 + kRiskWidth + 2 + 3 + 2 + 7 + 2 + 3 + 2 + 10 + 2;
        std::size_t title_width = prefix < kLineWidth - 20 ? kLineWidth - prefix : 20;
        for (const auto& q : review_.questions) {
            pad_right(out_, terminal_safe(question_id(q)), id_width);
            out_ += "  ";
            risk_word(question_risk_word(q.risk), question_risk_color(q.risk), kRiskWidth);
            out_ += "  ";
            pad_left(out_, std::to_string(q.met), 3);
            out_ += "  ";
            pad_left(out_, std::to_string(q.not_met), 7);
            out_ += "  ";
            pad_left(out_, std::to_string(q.not_applicable), 3);
            out_ += "  ";
            pad_left(out_, std::to_string(q.unanswered), 10);
            out_ += "  ";
            out_ += truncate(terminal_safe(question_title(q)), title_width);
            out_ += '\n';
        }
    }

    void plan() {
        out_ += '\n';
        if (review_.plan.empty()) {
            out_ += "Top improvements: none (no best practice has failing evidence).\n";
            return;
        }
        out_ += "Top improvements\n";
        std::size_t shown = std::min(options_.plan_items, review_.plan.size());
        for (std::size_t i = 0; i < shown; ++i) {
            const pillar::PlanItem& item = review_.plan[i];
            std::string number = std::to_string(i + 1) + ". ";
            pad_left(out_, number, 6);
            risk_word(practice_risk_word(item.risk), practice_risk_color(item.risk), 7);
            out_ += ' ';
            std::string line = terminal_safe(item.best_practice);
            std::string_view title = practice_title(review_, item.best_practice);
            if (!title.empty()) line += "  " + terminal_safe(title);
            line += item.fixes.empty() ? std::string(" (answered not met)")
                    : item.resources == 0
                        ? std::string(" (workload-wide)")
                        : " (" + std::to_string(item.resources) +
                              (item.resources == 1 ? " resource)" : " resources)");
            out_ += truncate(line, kLineWidth - 14);
            out_ += '\n';
            if (!item.fixes.empty()) {
                const pillar::PlanFix& fix = item.fixes.front();
                std::string text = "fix " + terminal_safe(fix.rule_id);
                const core::RuleInfo* rule = review_.find_rule(fix.rule_id);
                if (rule && !rule->remediation.empty()) {
                    text += ": " + terminal_safe(trim(rule->remediation));
                }
                out_.append(14, ' ');
                out_ += truncate(text, kLineWidth - 14);
                out_ += '\n';
            } else if (const auto* bp =
                           review_.catalog ? review_.catalog->find_best_practice(item.best_practice)
                                           : nullptr;
                       bp && !bp->guidance.empty()) {
                out_.append(14, ' ');
                out_ += truncate("next step: " + terminal_safe(bp->guidance), kLineWidth - 14);
                out_ += '\n';
            }
        }
        if (review_.plan.size() > shown) {
            out_ += "      ... and " + std::to_string(review_.plan.size() - shown) +
                    " more in the full report\n";
        }
    }

    // One line on the game day over the review's detections, and what it did not catch.
    void coverage() {
        const auto& rows = review_.detection_coverage;
        if (rows.empty()) return;
        std::size_t caught = 0;
        std::string missed;
        for (const auto& t : rows) {
            if (t.detected) {
                ++caught;
            } else {
                missed += (missed.empty() ? "" : ", ") + terminal_safe(t.id);
            }
        }
        out_ += "\nDetection coverage: " + std::to_string(caught) + " of " +
                std::to_string(rows.size()) + " attack techniques caught in a game day\n";
        if (!missed.empty()) out_ += truncate("  not caught: " + missed, kLineWidth) + '\n';
    }

    // SEC06: the workload's vulnerable components (open findings of SBOM scans), worst first,
    // with what fixes each.
    void components() {
        struct Row {
            std::string name, version;
            std::vector<std::string> ids;  // "CVE-2021-23337 (fixed in 4.17.21)"
            core::Severity worst = core::Severity::kInfo;
        };
        std::vector<Row> rows;
        std::map<std::string, std::size_t> by_purl;
        for (const auto& f : review_.findings) {
            if (!f.package || f.suppression) continue;
            const auto& p = *f.package;
            auto [it, added] = by_purl.try_emplace(
                p.purl.empty() ? p.name + "@" + p.version : p.purl, rows.size());
            if (added) rows.push_back({p.name, p.version, {}, f.severity});
            Row& r = rows[it->second];
            r.ids.push_back(p.vulnerability +
                            (p.fixed.empty() ? " (no fix)" : " (fixed in " + p.fixed + ")"));
            if (core::at_least(f.severity, r.worst)) r.worst = f.severity;
        }
        if (rows.empty()) return;
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return static_cast<int>(a.worst) < static_cast<int>(b.worst);
        });
        out_ += "\nVulnerable components (SEC06-BP01): " + std::to_string(rows.size()) + "\n";
        constexpr std::size_t kShown = 10;
        for (std::size_t i = 0; i < rows.size() && i < kShown; ++i) {
            const Row& r = rows[i];
            std::string ids;
            for (const auto& id : r.ids) ids += (ids.empty() ? "" : ", ") + id;
            std::string severity(core::to_string(r.worst));
            severity.resize(std::max<std::size_t>(severity.size(), 8), ' ');
            std::string line = "  " + severity + r.name + " " + r.version + ": " + ids;
            out_ += truncate(terminal_safe(line), kLineWidth) + '\n';
        }
        if (rows.size() > kShown) {
            out_ += "  ... and " + std::to_string(rows.size() - kShown) + " more\n";
        }
    }

    void diagnostics() {
        auto n = diagnostics_by_level(review_);
        out_ += '\n';
        if (review_.diagnostics.empty()) {
            out_ += "Diagnostics: none\n";
            return;
        }
        out_ += "Diagnostics: " + std::to_string(n[0]) + (n[0] == 1 ? " error, " : " errors, ") +
                std::to_string(n[1]) + (n[1] == 1 ? " warning" : " warnings");
        if (n[2] > 0) out_ += ", " + std::to_string(n[2]) + (n[2] == 1 ? " note" : " notes");
        out_ += '\n';
        // Errors first, then warnings, then notes; input order within a level.
        std::vector<const core::Diagnostic*> order;
        order.reserve(review_.diagnostics.size());
        for (const auto& d : review_.diagnostics) order.push_back(&d);
        std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
            return static_cast<int>(a->level) < static_cast<int>(b->level);
        });
        std::size_t shown = std::min(kDiagnosticsShown, order.size());
        for (std::size_t i = 0; i < shown; ++i) {
            out_ += "  " + terminal_safe(order[i]->str()) + '\n';
        }
        if (order.size() > shown) {
            out_ += "  ... and " + std::to_string(order.size() - shown) + " more\n";
        }
    }

    const pillar::Review& review_;
    const RenderOptions& options_;
    std::string out_;
};

}  // namespace

std::string render_text(const pillar::Review& review, const RenderOptions& options) {
    return TextWriter(review, options).write();
}

}  // namespace wasp::report::detail
