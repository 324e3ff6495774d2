// The JSON format: the complete review, documented in docs/review-json.md and
// docs/schemas/review-v1.schema.json.
#include <cstdint>
#include <string>

#include "core/json_writer.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

constexpr std::string_view kSchemaUri = "https://wasp.dev/schemas/review/v1";
constexpr std::int64_t kSchemaVersion = 1;

class JsonReport {
  public:
    explicit JsonReport(const pillar::Review& review) : review_(review), index_(review) {}

    std::string write() {
        w_.begin_object();
        w_.field("schema", kSchemaUri);
        w_.field("schema_version", kSchemaVersion);
        tool();
        w_.field("generated_at", review_.generated_at);
        w_.field("review_date", review_.review_date);
        w_.field("workload", review_.workload);
        w_.field("root", review_.root);
        catalog();
        summary();
        inputs();
        questions();
        plan();
        detection_coverage();
        rules();
        resources();
        findings();
        checks();
        diagnostics();
        answers();
        w_.end_object();
        return w_.take();
    }

  private:
    void count(std::string_view key, std::size_t n) { w_.field(key, static_cast<std::int64_t>(n)); }

    void index_or_null(std::string_view key, std::size_t index, std::size_t size) {
        w_.key(key);
        if (index < size) {
            w_.number(static_cast<std::int64_t>(index));
        } else {
            w_.null();
        }
    }

    void indices(std::string_view key, const std::vector<std::size_t>& list) {
        w_.key(key);
        w_.begin_array();
        for (std::size_t i : list) w_.number(static_cast<std::int64_t>(i));
        w_.end_array();
    }

    void strings(std::string_view key, const std::vector<std::string>& list) {
        w_.key(key);
        w_.begin_array();
        for (const auto& s : list) w_.string(s);
        w_.end_array();
    }

    void location(std::string_view key, const core::SourceLocation& loc) {
        w_.key(key);
        w_.begin_object();
        w_.field("file", loc.file);
        count("line", loc.mark.line);
        count("column", loc.mark.column);
        w_.field("pointer", loc.pointer);
        w_.end_object();
    }

    void tool() {
        w_.key("tool");
        w_.begin_object();
        w_.field("name", kToolName);
        w_.field("version", review_.tool_version);
        w_.field("information_uri", kInformationUri);
        w_.end_object();
    }

    void catalog() {
        w_.key("catalog");
        w_.begin_object();
        const pillar::Catalog* c = review_.catalog;
        w_.field("version", c ? std::string_view(c->version) : std::string_view());
        w_.field("name", c ? std::string_view(c->name) : std::string_view());
        w_.field("source", c ? std::string_view(c->source) : std::string_view());
        w_.end_object();
    }

    void summary() {
        w_.key("summary");
        w_.begin_object();
        w_.field("overall_risk", pillar::to_string(overall_risk(review_)));
        count("inputs", review_.inputs.size());
        count("resources", review_.resources.size());
        count("rules", review_.rules.size());

        auto sev = findings_by_severity(review_);
        w_.key("findings");
        w_.begin_object();
        count("total", review_.findings.size());
        for (std::size_t i = 0; i < sev.size(); ++i) {
            count(core::to_string(static_cast<core::Severity>(i)), sev[i]);
        }
        w_.end_object();

        auto outcomes = checks_by_outcome(review_);
        w_.key("checks");
        w_.begin_object();
        count("total", review_.checks.size());
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            count(core::to_string(static_cast<core::Outcome>(i)), outcomes[i]);
        }
        w_.end_object();

        auto levels = diagnostics_by_level(review_);
        w_.key("diagnostics");
        w_.begin_object();
        count("total", review_.diagnostics.size());
        for (std::size_t i = 0; i < levels.size(); ++i) {
            count(core::to_string(static_cast<core::DiagLevel>(i)), levels[i]);
        }
        w_.end_object();

        std::size_t met = 0, not_met = 0, na = 0, unanswered = 0;
        std::array<std::size_t, 4> risks{};
        for (const auto& q : review_.questions) {
            met += q.met, not_met += q.not_met, na += q.not_applicable, unanswered += q.unanswered;
            ++risks.at(static_cast<std::size_t>(q.risk));
        }
        w_.key("best_practices");
        w_.begin_object();
        count("met", met);
        count("not_met", not_met);
        count("not_applicable", na);
        count("unanswered", unanswered);
        w_.end_object();

        w_.key("questions");
        w_.begin_object();
        for (std::size_t i = 0; i < risks.size(); ++i) {
            count(pillar::to_string(static_cast<pillar::QuestionRisk>(i)), risks[i]);
        }
        w_.end_object();

        w_.key("question_risk");
        w_.begin_object();
        for (const auto& q : review_.questions) {
            w_.field(question_id(q), pillar::to_string(q.risk));
        }
        w_.end_object();
        w_.end_object();
    }

    void inputs() {
        w_.key("inputs");
        w_.begin_array();
        for (const auto& in : review_.inputs) {
            w_.begin_object();
            w_.field("path", in.path);
            w_.field("kind", in.kind);
            w_.field("sha256", in.sha256);
            count("size", in.size);
            w_.field("analysed", in.analysed);
            w_.end_object();
        }
        w_.end_array();
    }

    void answer(const pillar::Answer& a) {
        w_.begin_object();
        w_.field("best_practice", a.best_practice);
        w_.field("status", pillar::to_string(a.status));
        w_.field("by", a.by);
        w_.field("date", a.date);
        w_.field("evidence", a.evidence);
        w_.field("note", a.note);
        location("location", a.location);
        w_.field("stale", a.stale);
        w_.field("conflict", a.conflict);
        w_.end_object();
    }

    void questions() {
        w_.key("questions");
        w_.begin_array();
        for (const auto& q : review_.questions) {
            w_.begin_object();
            w_.field("id", question_id(q));
            w_.field("title", question_title(q));
            w_.field("section", q.question ? std::string_view(q.question->section) : "");
            w_.field("wa_tool_question_id",
                     q.question ? std::string_view(q.question->wa_tool_question_id) : "");
            w_.field("risk", pillar::to_string(q.risk));
            w_.key("counts");
            w_.begin_object();
            count("met", q.met);
            count("not_met", q.not_met);
            count("not_applicable", q.not_applicable);
            count("unanswered", q.unanswered);
            w_.end_object();
            w_.key("best_practices");
            w_.begin_array();
            for (const auto& bp : q.best_practices) practice(bp);
            w_.end_array();
            w_.end_object();
        }
        w_.end_array();
    }

    void practice(const pillar::BestPracticeResult& bp) {
        const pillar::BestPractice* p = bp.practice;
        auto text = [&](std::string pillar::BestPractice::*field) {
            return p ? std::string_view(p->*field) : std::string_view();
        };
        w_.begin_object();
        w_.field("id", text(&pillar::BestPractice::id));
        w_.field("title", text(&pillar::BestPractice::title));
        w_.field("risk", p ? pillar::to_string(p->risk) : "medium");
        w_.field("status", pillar::to_string(bp.status));
        w_.field("reason", bp.reason);
        w_.field("choice_id", text(&pillar::BestPractice::choice_id));
        w_.field("url", text(&pillar::BestPractice::url));
        w_.key("checks");
        w_.begin_object();
        count("passed", bp.passed);
        count("suppressed", bp.suppressed);
        count("failed", bp.failed);
        count("unknown", bp.unknown);
        count("not_applicable", bp.not_applicable);
        indices("indices", bp.checks);
        w_.end_object();
        w_.key("answer");
        if (bp.answer) {
            answer(*bp.answer);
        } else {
            w_.null();
        }
        indices("findings", p ? index_.findings_of(p->id) : std::vector<std::size_t>{});
        w_.end_object();
    }

    void plan() {
        w_.key("plan");
        w_.begin_array();
        for (const auto& item : review_.plan) {
            w_.begin_object();
            w_.field("best_practice", item.best_practice);
            w_.field("title", practice_title(review_, item.best_practice));
            w_.field("question", item.question);
            w_.field("risk", pillar::to_string(item.risk));
            count("resources", item.resources);
            w_.key("fixes");
            w_.begin_array();
            for (const auto& fix : item.fixes) {
                w_.begin_object();
                w_.field("rule_id", fix.rule_id);
                indices("findings", fix.findings);
                w_.end_object();
            }
            w_.end_array();
            w_.end_object();
        }
        w_.end_array();
    }

    void rules() {
        w_.key("rules");
        w_.begin_array();
        for (const auto& r : review_.rules) {
            w_.begin_object();
            w_.field("id", r.id);
            w_.field("title", r.title);
            w_.field("severity", core::to_string(r.severity));
            strings("best_practices", r.best_practices);
            strings("kinds", r.kinds);
            w_.field("description", r.description);
            w_.field("remediation", r.remediation);
            strings("references", r.references);
            w_.field("source", r.source);
            w_.end_object();
        }
        w_.end_array();
    }

    void resource_body(const core::Resource& r) {
        w_.field("kind", r.kind);
        w_.field("native_type", r.native_type);
        w_.field("id", r.id);
        w_.field("construct_path", r.construct_path);
        location("location", r.location);
        if (!r.declared.file.empty()) location("declared", r.declared);
    }

    void detection_coverage() {
        w_.key("detection_coverage");
        w_.begin_array();
        for (const auto& t : review_.detection_coverage) {
            w_.begin_object();
            w_.field("technique", t.id);
            w_.field("title", t.title);
            w_.field("tactic", t.tactic);
            w_.field("detected", t.detected);
            strings("rules", t.rules);
            w_.key("delay_ms");
            if (t.delay_ms >= 0) {
                w_.number(t.delay_ms);
            } else {
                w_.null();
            }
            w_.end_object();
        }
        w_.end_array();
    }

    void resources() {
        w_.key("resources");
        w_.begin_array();
        for (const auto& r : review_.resources) {
            w_.begin_object();
            resource_body(r);
            w_.key("tags");
            w_.begin_array();
            for (const auto& [k, v] : r.tags) {
                w_.begin_object();
                w_.field("key", k);
                w_.field("value", v);
                w_.end_object();
            }
            w_.end_array();
            w_.end_object();
        }
        w_.end_array();
    }

    void findings() {
        w_.key("findings");
        w_.begin_array();
        for (std::size_t i = 0; i < review_.findings.size(); ++i) {
            const core::Finding& f = review_.findings[i];
            const core::RuleInfo* rule = review_.find_rule(f.rule_id);
            w_.begin_object();
            w_.field("rule_id", f.rule_id);
            w_.field("severity", core::to_string(f.severity));
            w_.field("title", rule ? std::string_view(rule->title) : std::string_view());
            w_.field("message", f.message);
            index_or_null("resource_index", f.resource, review_.resources.size());
            w_.key("resource");
            if (const core::Resource* r = resource_at(review_, f.resource)) {
                w_.begin_object();
                resource_body(*r);
                w_.end_object();
            } else {
                w_.null();
            }
            location("location", f.location);
            w_.field("fingerprint", f.fingerprint);
            strings("best_practices", index_.practices_of(i));
            w_.key("suppression");
            if (f.suppression) {
                w_.begin_object();
                w_.field("kind", f.suppression->kind);
                w_.field("reason", f.suppression->reason);
                w_.field("expires", f.suppression->expires);
                location("location", f.suppression->location);
                w_.end_object();
            } else {
                w_.null();
            }
            w_.key("activity");
            if (f.activity) {
                activity(*f.activity);
            } else {
                w_.null();
            }
            w_.key("package");
            if (f.package) {
                package(*f.package);
            } else {
                w_.null();
            }
            w_.end_object();
        }
        w_.end_array();
    }

    void package(const core::VulnerablePackage& p) {
        w_.begin_object();
        w_.field("vulnerability", p.vulnerability);
        strings("aliases", p.aliases);
        w_.field("summary", p.summary);
        w_.field("name", p.name);
        w_.field("version", p.version);
        w_.field("purl", p.purl);
        w_.field("ecosystem", p.ecosystem);
        w_.field("path", p.path);
        w_.field("fixed", p.fixed);
        w_.field("cvss_vector", p.cvss_vector);
        w_.key("cvss_score");
        if (p.cvss_score >= 0) {
            w_.number(p.cvss_score);
        } else {
            w_.null();
        }
        w_.field("vex_status", p.vex_status);
        w_.field("vex_justification", p.vex_justification);
        strings("references", p.references);
        w_.end_object();
    }

    void activity(const core::Activity& a) {
        w_.begin_object();
        w_.field("events", static_cast<std::int64_t>(a.events));
        w_.field("first_seen", a.first_seen);
        w_.field("last_seen", a.last_seen);
        w_.key("sample");
        w_.begin_array();
        for (const auto& e : a.sample) {
            w_.begin_object();
            w_.field("id", e.id);
            w_.field("time", e.time);
            w_.key("fields");
            w_.begin_object();
            for (const auto& [k, v] : e.fields) w_.field(k, v);
            w_.end_object();
            location("location", e.location);
            w_.end_object();
        }
        w_.end_array();
        w_.end_object();
    }

    void checks() {
        w_.key("checks");
        w_.begin_array();
        for (const auto& c : review_.checks) {
            w_.begin_object();
            w_.field("rule_id", c.rule_id);
            index_or_null("resource", c.resource, review_.resources.size());
            w_.key("resource_id");
            if (const core::Resource* r = resource_at(review_, c.resource)) {
                w_.string(r->id);
            } else {
                w_.null();
            }
            w_.field("outcome", core::to_string(c.outcome));
            w_.field("detail", c.detail);
            location("location", c.location);
            w_.end_object();
        }
        w_.end_array();
    }

    void diagnostics() {
        w_.key("diagnostics");
        w_.begin_array();
        for (const auto& d : review_.diagnostics) {
            w_.begin_object();
            w_.field("level", core::to_string(d.level));
            w_.field("code", d.code);
            w_.field("message", d.message);
            location("location", d.location);
            w_.end_object();
        }
        w_.end_array();
    }

    void answers() {
        w_.key("answers");
        w_.begin_array();
        for (const auto& a : review_.answers) answer(a);
        w_.end_array();
    }

    const pillar::Review& review_;
    FindingIndex index_;
    core::JsonWriter w_{core::JsonWriter::Style::kPretty};
};

}  // namespace

std::string render_json(const pillar::Review& review) { return JsonReport(review).write(); }

}  // namespace wasp::report::detail
