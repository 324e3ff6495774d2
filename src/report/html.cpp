// The HTML format: one self-contained file a reviewer can email, with all the evidence.
//
// No scripts, no external resources: a Content-Security-Policy in the file forbids both. Every
// string that can come from an input goes through html_escape, attribute values are always
// quoted, and only http(s) URLs are ever put in an href. Input never goes into <style>.
#include <algorithm>
#include <cstdint>
#include <string>

#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

constexpr std::string_view kStyle = R"css(
:root{--met:#2e7d32;--notmet:#c62828;--na:#9e9e9e;--open:#f0a202;--ink:#1f2328;--muted:#59636e;
--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 24px}
header{padding-top:24px;border-bottom:1px solid var(--line)}
h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:32px 0 8px}
h3{font-size:16px;margin:0 0 6px}h4{font-size:14px;margin:12px 0 4px}
.meta,.muted{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:var(--bg)}
td.num,th.num{text-align:right}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.badge,.risk,.sev,.flag{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;
font-weight:600;color:#fff;white-space:nowrap;vertical-align:middle}
.status-met{background:var(--met)}.status-not_met{background:var(--notmet)}
.status-not_applicable{background:var(--na)}.status-needs_answer{background:var(--open);color:#000}
.risk-high{background:var(--notmet)}.risk-medium{background:#ef6c00}.risk-low{background:#1565c0}
.risk-none{background:var(--met)}.risk-needs_answers{background:var(--open);color:#000}
.sev-critical{background:#7b1fa2}.sev-high{background:var(--notmet)}.sev-medium{background:#ef6c00}
.sev-low{background:#1565c0}.sev-info{background:var(--na)}
.level-error{color:var(--notmet);font-weight:600}.level-warning{color:#ef6c00;font-weight:600}
.flag{background:#6e7781}
.verdict{font-size:18px;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:22px}
.chart svg{max-width:100%;height:auto}
.legend span{margin-right:14px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.question{border-top:2px solid var(--line);margin-top:28px}
.bp{border:1px solid var(--line);border-left:6px solid var(--na);border-radius:6px;
padding:10px 14px;margin:12px 0}
.bp-met{border-left-color:var(--met)}.bp-not_met{border-left-color:var(--notmet)}
.bp-not_applicable{border-left-color:var(--na)}.bp-needs_answer{border-left-color:var(--open)}
.answer{background:var(--bg);border-radius:6px;padding:6px 12px;margin-top:8px}
.conflict{color:var(--notmet)}
details summary{cursor:pointer;color:var(--muted);font-size:13px;margin:6px 0}
footer{border-top:1px solid var(--line);margin-top:40px;padding:12px 24px 32px;color:var(--muted);
font-size:13px}
)css";

std::string_view risk_label(pillar::QuestionRisk r) {
    switch (r) {
        case pillar::QuestionRisk::kHigh:
            return "high risk";
        case pillar::QuestionRisk::kMedium:
            return "medium risk";
        case pillar::QuestionRisk::kNone:
            return "no risk";
        case pillar::QuestionRisk::kNeedsAnswers:
            return "needs answers";
    }
    return "needs answers";
}

std::string_view status_label(pillar::BpStatus s) {
    switch (s) {
        case pillar::BpStatus::kMet:
            return "met";
        case pillar::BpStatus::kNotMet:
            return "not met";
        case pillar::BpStatus::kNotApplicable:
            return "not applicable";
        case pillar::BpStatus::kNeedsAnswer:
            return "needs answer";
    }
    return "needs answer";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

struct ChartColor {
    std::string_view name;
    std::string_view fill;
};
constexpr std::array<ChartColor, 4> kChartColors{{
    {"met", "#2e7d32"},
    {"not met", "#c62828"},
    {"not applicable", "#9e9e9e"},
    {"unanswered", "#f0a202"},
}};

class HtmlReport {
  public:
    explicit HtmlReport(const pillar::Review& review) : review_(review), index_(review) {}

    std::string write() {
        head();
        out_ += "<main>\n";
        summary();
        chart();
        questions();
        plan();
        coverage();
        components();
        diagnostics();
        inputs();
        resources();
        out_ += "</main>\n";
        footer();
        out_ += "</body>\n</html>\n";
        return std::move(out_);
    }

  private:
    // Escaped text.
    void text(std::string_view s) { append_html_escaped(out_, s); }
    void raw(std::string_view s) { out_ += s; }
    // An element with escaped text content and an optional class (our constant).
    void element(std::string_view tag, std::string_view s, std::string_view cls = {}) {
        out_ += '<';
        out_ += tag;
        if (!cls.empty()) {
            out_ += " class=\"";
            text(cls);
            out_ += '"';
        }
        out_ += '>';
        text(s);
        out_ += "</";
        out_ += tag;
        out_ += '>';
    }
    // A link when url is http(s), else the url (or label) as plain text.
    void link(std::string_view url, std::string_view label) {
        if (!is_linkable_url(url)) {
            text(url.empty() ? label : url);
            return;
        }
        out_ += "<a href=\"";
        text(url);
        out_ += "\" rel=\"noopener noreferrer\">";
        text(label.empty() ? url : label);
        out_ += "</a>";
    }
    void cell(std::string_view s, std::string_view cls = {}) { element("td", s, cls); }
    void number_cell(std::size_t n) { raw("<td class=\"num\">" + std::to_string(n) + "</td>"); }
    void header_row(std::initializer_list<std::string_view> names) {
        raw("<thead><tr>");
        for (auto n : names) element("th", n);
        raw("</tr></thead>\n");
    }

    void head() {
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">\n");
        // The style comes before the first input string, the title included.
        raw("<meta name=\"generator\" content=\"wasp\">\n<style>");
        raw(kStyle);
        raw("</style>\n<title>Security Pillar review: ");
        text(review_.workload);
        raw("</title>\n</head>\n<body>\n<header>\n<h1>Security Pillar review: ");
        text(review_.workload);
        raw("</h1>\n<p class=\"meta\">Generated ");
        text(review_.generated_at);
        raw(" by wasp ");
        text(review_.tool_version);
        if (!review_.review_date.empty()) {
            raw(" &middot; review date ");
            text(review_.review_date);
        }
        if (const pillar::Catalog* c = review_.catalog) {
            raw(" &middot; catalog ");
            link(c->source, c->name.empty() ? std::string_view("catalog") : c->name);
            raw(" ");
            text(c->version);
        }
        raw("</p>\n</header>\n");
    }

    void card(std::string_view label, const std::string& value, std::string_view detail = {}) {
        raw("<div class=\"card\"><b>");
        text(value);
        raw("</b>");
        text(label);
        if (!detail.empty()) {
            raw("<br><span class=\"muted\">");
            text(detail);
            raw("</span>");
        }
        raw("</div>\n");
    }

    void summary() {
        raw("<section id=\"summary\">\n<h2>Summary</h2>\n");
        pillar::QuestionRisk overall = overall_risk(review_);
        raw("<p class=\"verdict\">Overall: <span class=\"risk risk-");
        raw(pillar::to_string(overall));
        raw("\">");
        text(risk_label(overall));
        raw("</span></p>\n<div class=\"cards\">\n");
        std::array<std::size_t, 4> risks{};
        std::size_t met = 0, not_met = 0, na = 0, open = 0;
        for (const auto& q : review_.questions) {
            ++risks.at(static_cast<std::size_t>(q.risk));
            met += q.met, not_met += q.not_met, na += q.not_applicable, open += q.unanswered;
        }
        card("questions at high risk", std::to_string(risks[0]),
             std::to_string(risks[1]) + " medium, " + std::to_string(risks[3]) + " need answers, " +
                 std::to_string(risks[2]) + " no risk");
        card("best practices met", std::to_string(met),
             std::to_string(not_met) + " not met, " + std::to_string(na) + " not applicable, " +
                 std::to_string(open) + " unanswered");
        auto sev = findings_by_severity(review_);
        card("findings", std::to_string(review_.findings.size()),
             std::to_string(sev[0]) + " critical, " + std::to_string(sev[1]) + " high, " +
                 std::to_string(sev[2]) + " medium, " + std::to_string(sev[3]) + " low, " +
                 std::to_string(sev[4]) + " info");
        auto outcomes = checks_by_outcome(review_);
        card("checks", std::to_string(review_.checks.size()),
             std::to_string(outcomes[0]) + " passed, " + std::to_string(outcomes[1]) + " failed, " +
                 std::to_string(outcomes[2]) + " unknown, " + std::to_string(outcomes[3]) +
                 " not applicable, " + std::to_string(outcomes[4]) + " suppressed");
        card("resources", std::to_string(review_.resources.size()),
             plural(review_.inputs.size(), "input", "inputs") + ", " +
                 plural(review_.rules.size(), "rule", "rules"));
        auto levels = diagnostics_by_level(review_);
        card("input errors", std::to_string(levels[0]),
             plural(levels[1], "warning", "warnings") + ", " + plural(levels[2], "note", "notes"));
        raw("</div>\n</section>\n");
    }

    // Horizontal stacked bars, one per question: met / not met / n/a / unanswered.
    void chart() {
        constexpr std::int64_t kLabel = 80, kBar = 440, kRow = 28, kTop = 8;
        const auto rows = static_cast<std::int64_t>(review_.questions.size());
        const std::int64_t width = kLabel + kBar + 140, height = kTop * 2 + rows * kRow;
        auto n = [](std::int64_t v) { return std::to_string(v); };
        raw("<section id=\"chart\" class=\"chart\">\n<h2>Risk by question</h2>\n");
        raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + n(width) + "\" height=\"" +
            n(height) + "\" viewBox=\"0 0 " + n(width) + ' ' + n(height) +
            "\" role=\"img\" aria-label=\"Best practices per question by status\" "
            "font-family=\"system-ui,sans-serif\" font-size=\"13\">\n");
        std::int64_t y = kTop;
        for (const auto& q : review_.questions) {
            const std::array<std::size_t, 4> counts{q.met, q.not_met, q.not_applicable,
                                                    q.unanswered};
            std::size_t total = q.met + q.not_met + q.not_applicable + q.unanswered;
            raw("<a href=\"#q-");
            text(question_id(q));
            raw("\"><text x=\"0\" y=\"" + n(y + 18) + "\" fill=\"#1f2328\">");
            text(question_id(q));
            raw("</text>\n");
            if (total == 0) {
                raw("<rect x=\"" + n(kLabel) + "\" y=\"" + n(y + 4) + "\" width=\"" + n(kBar) +
                    "\" height=\"18\" fill=\"none\" stroke=\"#d1d9e0\"/>\n");
            }
            // Integer segment edges that always add up to the full bar.
            std::size_t cumulative = 0;
            std::int64_t x0 = kLabel;
            for (std::size_t k = 0; k < counts.size() && total > 0; ++k) {
                cumulative += counts[k];
                std::int64_t x1 =
                    kLabel + static_cast<std::int64_t>(
                                 (cumulative * static_cast<std::size_t>(kBar) + total / 2) / total);
                if (counts[k] > 0 && x1 > x0) {
                    raw("<rect x=\"" + n(x0) + "\" y=\"" + n(y + 4) + "\" width=\"" + n(x1 - x0) +
                        "\" height=\"18\" fill=\"" + std::string(kChartColors[k].fill) +
                        "\"><title>");
                    text(question_id(q));
                    raw(": " + std::to_string(counts[k]) + ' ' + std::string(kChartColors[k].name) +
                        "</title></rect>\n");
                }
                x0 = x1;
            }
            raw("<text x=\"" + n(kLabel + kBar + 10) + "\" y=\"" + n(y + 18) +
                "\" font-weight=\"600\" fill=\"" + std::string(risk_color(q.risk)) + "\">");
            text(risk_label(q.risk));
            raw("</text></a>\n");
            y += kRow;
        }
        raw("</svg>\n<p class=\"legend\">");
        for (const auto& c : kChartColors) {
            raw("<span><i style=\"background:" + std::string(c.fill) + "\"></i>");
            text(c.name);
            raw("</span>");
        }
        raw("</p>\n</section>\n");
    }

    static std::string_view risk_color(pillar::QuestionRisk r) {
        switch (r) {
            case pillar::QuestionRisk::kHigh:
                return "#c62828";
            case pillar::QuestionRisk::kMedium:
                return "#ef6c00";
            case pillar::QuestionRisk::kNone:
                return "#2e7d32";
            case pillar::QuestionRisk::kNeedsAnswers:
                return "#9a6700";
        }
        return "#1f2328";
    }

    void questions() {
        raw("<section id=\"questions\">\n");
        for (const auto& q : review_.questions) {
            raw("<section class=\"question\" id=\"q-");
            text(question_id(q));
            raw("\">\n<h2>");
            text(question_id(q));
            raw(" &middot; ");
            text(question_title(q));
            raw(" <span class=\"risk risk-");
            raw(pillar::to_string(q.risk));
            raw("\">");
            text(risk_label(q.risk));
            raw("</span></h2>\n<p class=\"muted\">");
            if (q.question && !q.question->section.empty()) {
                text(q.question->section);
                raw(" &middot; ");
            }
            text(std::to_string(q.met) + " met, " + std::to_string(q.not_met) + " not met, " +
                 std::to_string(q.not_applicable) + " not applicable, " +
                 std::to_string(q.unanswered) + " unanswered");
            raw("</p>\n");
            if (q.question && !q.question->description.empty()) {
                element("p", q.question->description);
                raw("\n");
            }
            for (const auto& bp : q.best_practices) practice(bp);
            raw("</section>\n");
        }
        raw("</section>\n");
    }

    void practice(const pillar::BestPracticeResult& bp) {
        const pillar::BestPractice* p = bp.practice;
        std::string_view id = p ? std::string_view(p->id) : std::string_view("(unknown)");
        std::string_view status = pillar::to_string(bp.status);
        raw("<article class=\"bp bp-");
        raw(status);
        raw("\" id=\"bp-");
        text(id);
        raw("\">\n<h3><span class=\"badge status-");
        raw(status);
        raw("\">");
        text(status_label(bp.status));
        raw("</span> ");
        text(id);
        if (p) {
            raw(" ");
            text(p->title);
            raw(" <span class=\"risk risk-");
            raw(pillar::to_string(p->risk));
            raw("\">");
            text(pillar::to_string(p->risk));
            raw(" risk if not met</span>");
        }
        raw("</h3>\n");
        if (!bp.reason.empty()) {
            element("p", bp.reason, "reason");
            raw("\n");
        }
        if (p && bp.status != pillar::BpStatus::kMet && !p->guidance.empty()) {
            raw("<p><strong>Guidance:</strong> ");
            text(p->guidance);
            raw("</p>\n");
        }
        if (p && (!p->description.empty() || !p->evidence.empty() || !p->url.empty())) {
            raw("<details><summary>About this best practice</summary>\n");
            if (!p->description.empty()) element("p", p->description);
            if (!p->evidence.empty()) {
                raw("<p><strong>What shows it is met:</strong> ");
                text(p->evidence);
                raw("</p>");
            }
            if (!p->url.empty()) {
                raw("<p>");
                link(p->url, "AWS documentation for " + std::string(id));
                raw("</p>");
            }
            raw("\n</details>\n");
        }
        raw("<p class=\"muted\">Checks: ");
        text(std::to_string(bp.passed) + " passed, " + std::to_string(bp.failed) + " failed, " +
             std::to_string(bp.unknown) + " unknown, " + std::to_string(bp.not_applicable) +
             " not applicable, " + std::to_string(bp.suppressed) + " suppressed");
        raw("</p>\n");
        if (p) failing(index_.findings_of(p->id));
        checks_table(bp, core::Outcome::kPass);
        checks_table(bp, core::Outcome::kUnknown);
        if (bp.answer) answer(*bp.answer);
        raw("</article>\n");
    }

    // Findings grouped by rule, in order of first appearance, each group with its remediation.
    void failing(const std::vector<std::size_t>& findings) {
        if (findings.empty()) return;
        raw("<h4>Failing (");
        raw(std::to_string(findings.size()));
        raw(")</h4>\n");
        std::vector<std::string_view> rules;
        for (std::size_t f : findings) {
            std::string_view id = review_.findings[f].rule_id;
            if (std::find(rules.begin(), rules.end(), id) == rules.end()) rules.push_back(id);
        }
        for (std::string_view rule_id : rules) {
            const core::RuleInfo* rule = review_.find_rule(rule_id);
            raw("<div class=\"rule\"><p><strong class=\"mono\">");
            text(rule_id);
            raw("</strong>");
            if (rule && !rule->title.empty()) {
                raw(" ");
                text(rule->title);
            }
            raw("</p>\n");
            if (rule && !rule->remediation.empty()) {
                raw("<p><strong>Fix:</strong> ");
                text(rule->remediation);
                raw("</p>\n");
            }
            raw("<table>");
            header_row({"Severity", "Resource", "Kind", "Location", "Message"});
            raw("<tbody>\n");
            for (std::size_t i : findings) {
                const core::Finding& f = review_.findings[i];
                if (f.rule_id != rule_id) continue;
                const core::Resource* r = resource_at(review_, f.resource);
                raw("<tr><td><span class=\"sev sev-");
                raw(core::to_string(f.severity));
                raw("\">");
                text(core::to_string(f.severity));
                raw("</span></td>");
                cell(resource_label(review_, f.resource), "mono");
                cell(r ? kind_of(*r) : std::string());
                cell(location_of(review_, f.location, f.resource).str(), "mono");
                raw("<td>");
                text(f.suppression ? "suppressed (" + f.suppression->kind + ": " +
                                         f.suppression->reason + "): " + f.message
                                   : f.message);
                if (f.activity) activity(*f.activity);
                raw("</td></tr>\n");
            }
            raw("</tbody></table></div>\n");
        }
    }

    // The log records behind a detection, folded: everything in them is attacker-controlled
    // text, escaped like every other value.
    void activity(const core::Activity& a) {
        raw("<details><summary>");
        text(std::to_string(a.events) + (a.events == 1 ? " event" : " events") + ", " +
             a.first_seen + (a.last_seen != a.first_seen ? " to " + a.last_seen : ""));
        raw("</summary><ul>");
        for (const auto& e : a.sample) {
            raw("<li class=\"mono\">");
            std::string line = e.time;
            for (const auto& [k, v] : e.fields) line += " " + k + "=" + v;
            if (!e.id.empty()) line += " eventID=" + e.id;
            line += " (" + e.location.str() +
                    (e.location.pointer.empty() ? "" : " " + e.location.pointer) + ")";
            text(line);
            raw("</li>");
        }
        raw("</ul></details>");
    }

    static std::string kind_of(const core::Resource& r) {
        if (r.native_type.empty() || r.native_type == r.kind) return r.kind;
        if (r.kind.empty()) return r.native_type;
        return r.kind + " (" + r.native_type + ')';
    }

    void checks_table(const pillar::BestPracticeResult& bp, core::Outcome outcome) {
        std::vector<std::size_t> rows;
        for (std::size_t c : bp.checks) {
            if (c < review_.checks.size() && review_.checks[c].outcome == outcome) {
                rows.push_back(c);
            }
        }
        if (rows.empty()) return;
        bool pass = outcome == core::Outcome::kPass;
        raw(pass ? "<details><summary>Passing (" : "<details open><summary>Could not decide (");
        raw(std::to_string(rows.size()));
        raw(pass ? ")</summary>\n<table>" : ") &mdash; unknown until deployed</summary>\n<table>");
        header_row({"Rule", "Resource", "Kind", "Location", pass ? "Detail" : "Why unknown"});
        raw("<tbody>\n");
        for (std::size_t i : rows) {
            const core::CheckResult& c = review_.checks[i];
            const core::Resource* r = resource_at(review_, c.resource);
            raw("<tr>");
            cell(c.rule_id, "mono");
            cell(resource_label(review_, c.resource), "mono");
            cell(r ? kind_of(*r) : std::string());
            cell(location_of(review_, c.location, c.resource).str(), "mono");
            cell(c.detail);
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</details>\n");
    }

    void answer(const pillar::Answer& a) {
        raw("<div class=\"answer\"><p><strong>Manual answer:</strong> <span class=\"badge status-");
        raw(pillar::to_string(a.status));
        raw("\">");
        text(status_label(a.status));
        raw("</span>");
        if (!a.by.empty()) {
            raw(" by ");
            text(a.by);
        }
        if (!a.date.empty()) {
            raw(" on ");
            text(a.date);
        }
        if (a.stale) raw(" <span class=\"flag\">stale: older than a year</span>");
        if (!a.conflict.empty()) raw(" <span class=\"flag\">contradicted</span>");
        raw("</p>\n");
        if (!a.evidence.empty()) {
            raw("<p>Evidence: ");
            link(a.evidence, a.evidence);
            raw("</p>\n");
        }
        if (!a.note.empty()) {
            raw("<p>Note: ");
            text(a.note);
            raw("</p>\n");
        }
        if (!a.conflict.empty()) {
            raw("<p class=\"conflict\">Automated evidence contradicts this answer: ");
            text(a.conflict);
            raw("</p>\n");
        }
        if (!a.location.file.empty()) element("p", a.location.str(), "muted mono");
        raw("</div>\n");
    }

    void plan() {
        raw("<section id=\"plan\">\n<h2>Improvement plan</h2>\n");
        if (review_.plan.empty()) {
            raw("<p>No best practice has failing evidence.</p>\n</section>\n");
            return;
        }
        raw("<ol>\n");
        for (const auto& item : review_.plan) {
            raw("<li><span class=\"risk risk-");
            raw(pillar::to_string(item.risk));
            raw("\">");
            text(pillar::to_string(item.risk));
            raw("</span> <a href=\"#bp-");
            text(item.best_practice);
            raw("\">");
            text(item.best_practice);
            raw("</a> ");
            text(practice_title(review_, item.best_practice));
            raw(" <span class=\"muted\">(");
            text(item.fixes.empty()    ? std::string("answered not met")
                 : item.resources == 0 ? std::string("workload-wide")
                                       : plural(item.resources, "resource", "resources"));
            if (!item.question.empty()) {
                raw(", question ");
                text(item.question);
            }
            raw(")</span>\n<ul>\n");
            for (const auto& fix : item.fixes) {
                raw("<li><strong class=\"mono\">");
                text(fix.rule_id);
                raw("</strong> (");
                text(plural(fix.findings.size(), "finding", "findings"));
                raw(")");
                const core::RuleInfo* rule = review_.find_rule(fix.rule_id);
                if (rule && !rule->remediation.empty()) {
                    raw(": ");
                    text(rule->remediation);
                }
                raw("</li>\n");
            }
            raw("</ul></li>\n");
        }
        raw("</ol>\n</section>\n");
    }

    // The game day over the review's detections: which attack techniques they catch.
    void coverage() {
        const auto& rows = review_.detection_coverage;
        if (rows.empty()) return;
        std::size_t caught = 0;
        for (const auto& t : rows) caught += t.detected ? 1 : 0;
        raw("<section id=\"detection-coverage\">\n<h2>Detection coverage</h2>\n<p>");
        text(std::to_string(caught) + " of " + std::to_string(rows.size()) +
             " attack techniques caught by the enabled detections in a game day "
             "(generated attacks hidden in benign CloudTrail).");
        raw("</p>\n<table>");
        header_row({"Technique", "Tactic", "Caught", "By", "After"});
        raw("<tbody>\n");
        for (const auto& t : rows) {
            raw("<tr>");
            raw("<td><span class=\"mono\">");
            text(t.id);
            raw("</span><br>");
            text(t.title);
            raw("</td>");
            cell(t.tactic);
            cell(t.detected ? "yes" : "no");
            std::string by;
            for (const auto& r : t.rules) by += (by.empty() ? "" : ", ") + r;
            cell(by, "mono");
            cell(t.delay_ms < 0 ? std::string("-") : std::to_string(t.delay_ms / 1000) + " s");
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</section>\n");
    }

    // SEC06: the workload's vulnerable components from its SBOMs, one row per component and
    // vulnerability; those a VEX statement clears are listed with their status.
    void components() {
        std::vector<const core::Finding*> rows;
        for (const auto& f : review_.findings) {
            if (f.package) rows.push_back(&f);
        }
        if (rows.empty()) return;
        std::size_t open = 0;
        for (const auto* f : rows) open += f->suppression ? 0 : 1;
        raw("<section id=\"vulnerable-components\">\n<h2>Vulnerable components</h2>\n<p>");
        text(std::to_string(open) + " open vulnerabilities in the workload's SBOMs" +
             (rows.size() > open
                  ? " (" + std::to_string(rows.size() - open) + " more cleared by VEX statements)"
                  : std::string()) +
             " (SEC06-BP01).");
        raw("</p>\n<table>");
        header_row({"Severity", "Component", "Vulnerability", "Fixed in", "Path", "VEX"});
        raw("<tbody>\n");
        for (const auto* f : rows) {
            const auto& p = *f->package;
            raw("<tr>");
            cell(core::to_string(f->severity));
            raw("<td>");
            text(p.name + " " + p.version);
            raw("<br><span class=\"mono\">");
            text(p.purl);
            raw("</span></td><td><span class=\"mono\">");
            text(p.vulnerability);
            raw("</span>");
            if (!p.aliases.empty()) {
                std::string aliases;
                for (const auto& a : p.aliases) aliases += (aliases.empty() ? "" : ", ") + a;
                raw("<br><small>");
                text(aliases);
                raw("</small>");
            }
            if (!p.summary.empty()) {
                raw("<br>");
                text(p.summary);
            }
            raw("</td>");
            cell(p.fixed.empty() ? std::string("-") : p.fixed, "mono");
            cell(p.path);
            cell(p.vex_status.empty()
                     ? std::string("-")
                     : p.vex_status +
                           (p.vex_justification.empty() ? "" : " (" + p.vex_justification + ")"));
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</section>\n");
    }

    void diagnostics() {
        raw("<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n");
        if (review_.diagnostics.empty()) {
            raw("<p>Every input was read without problems.</p>\n</section>\n");
            return;
        }
        raw("<table>");
        header_row({"Level", "Code", "Location", "Message"});
        raw("<tbody>\n");
        for (const auto& d : review_.diagnostics) {
            raw("<tr><td class=\"level-");
            raw(core::to_string(d.level));
            raw("\">");
            text(core::to_string(d.level));
            raw("</td>");
            cell(d.code, "mono");
            cell(d.location.str(), "mono");
            cell(d.message);
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</section>\n");
    }

    void inputs() {
        raw("<section id=\"inputs\">\n<h2>Inputs</h2>\n<table>");
        header_row({"Path", "Kind", "Size (bytes)", "SHA-256", "Analysed"});
        raw("<tbody>\n");
        for (const auto& in : review_.inputs) {
            raw("<tr>");
            cell(in.path, "mono");
            cell(in.kind);
            raw("<td class=\"num\">" + std::to_string(in.size) + "</td>");
            cell(in.sha256, "mono");
            cell(in.analysed ? "yes" : "no");
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</section>\n");
    }

    void resources() {
        raw("<section id=\"resources\">\n<h2>Resources</h2>\n<details><summary>");
        text(plural(review_.resources.size(), "resource", "resources"));
        raw("</summary>\n<table>");
        header_row({"Resource", "Kind", "Location", "Construct path", "Tags"});
        raw("<tbody>\n");
        for (const auto& r : review_.resources) {
            std::string tags;
            for (const auto& [k, v] : r.tags) {
                if (!tags.empty()) tags += "; ";
                tags += k + ": " + v;
            }
            raw("<tr>");
            cell(r.id, "mono");
            cell(kind_of(r));
            cell(r.location.str(), "mono");
            cell(r.construct_path, "mono");
            cell(tags);
            raw("</tr>\n");
        }
        raw("</tbody></table>\n</details>\n</section>\n");
    }

    void footer() {
        raw("<footer>Made by wasp ");
        text(review_.tool_version);
        raw(" from the AWS Well-Architected Framework Security Pillar");
        if (review_.catalog) {
            raw(" (catalog ");
            text(review_.catalog->version);
            raw(")");
        }
        raw(". Automated evidence covers what the inputs show; manual answers cover the rest."
            "</footer>\n");
    }

    const pillar::Review& review_;
    FindingIndex index_;
    std::string out_;
};

}  // namespace

std::string render_html(const pillar::Review& review) { return HtmlReport(review).write(); }

}  // namespace wasp::report::detail
