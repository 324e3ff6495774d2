// OCSF: one Detection Finding (class 2004, OCSF 1.3.0) per finding, as JSON lines, the shape
// security lakes (Amazon Security Lake, OpenSearch, Splunk) ingest.
#include <cstdint>
#include <string>

#include "core/json_writer.h"
#include "core/time.h"
#include "report/formats.h"

namespace wasp::report::detail {
namespace {

inline constexpr std::string_view kOcsfVersion = "1.3.0";

// OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
std::int64_t severity_id(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
            return 5;
        case core::Severity::kHigh:
            return 4;
        case core::Severity::kMedium:
            return 3;
        case core::Severity::kLow:
            return 2;
        case core::Severity::kInfo:
            return 1;
    }
    return 0;
}

std::string_view severity_name(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
            return "Critical";
        case core::Severity::kHigh:
            return "High";
        case core::Severity::kMedium:
            return "Medium";
        case core::Severity::kLow:
            return "Low";
        case core::Severity::kInfo:
            return "Informational";
    }
    return "Unknown";
}

std::string_view field_of(const core::Evidence& e, std::string_view name) {
    for (const auto& [k, v] : e.fields) {
        if (k == name) return v;
    }
    return {};
}

class OcsfWriter {
  public:
    OcsfWriter(const pillar::Review& review)
        : review_(review),
          index_(review),
          review_ms_(core::parse_iso_time_ms(review.generated_at).value_or(0)) {}

    std::string write() {
        std::string out;
        for (std::size_t i = 0; i < review_.findings.size(); ++i) {
            core::JsonWriter w(core::JsonWriter::Style::kCompact);
            finding(w, i);
            out += w.take();
            out += '\n';
        }
        return out;
    }

  private:
    void finding(core::JsonWriter& w, std::size_t i) {
        const core::Finding& f = review_.findings[i];
        const core::RuleInfo* rule = review_.find_rule(f.rule_id);
        const core::Resource* res = resource_at(review_, f.resource);
        std::int64_t first = review_ms_, last = review_ms_;
        if (f.activity) {
            first = core::parse_iso_time_ms(f.activity->first_seen).value_or(review_ms_);
            last = core::parse_iso_time_ms(f.activity->last_seen).value_or(first);
        }
        w.begin_object();
        w.field("activity_id", std::int64_t{1});
        w.field("activity_name", "Create");
        w.field("category_uid", std::int64_t{2});
        w.field("category_name", "Findings");
        w.field("class_uid", std::int64_t{2004});
        w.field("class_name", "Detection Finding");
        w.field("type_uid", std::int64_t{200401});
        w.field("type_name", "Detection Finding: Create");
        w.field("severity_id", severity_id(f.severity));
        w.field("severity", severity_name(f.severity));
        w.field("time", last);
        w.field("message", f.message.empty() && rule ? std::string_view(rule->title)
                                                     : std::string_view(f.message));
        // A suppressed finding is kept, as OCSF's "Suppressed" status, for audit.
        w.field("status_id", std::int64_t{f.suppression ? 3 : 1});
        w.field("status", f.suppression ? "Suppressed" : "New");
        if (f.suppression) w.field("comment", f.suppression->reason);
        w.field("is_alert", !f.suppression.has_value());
        metadata(w);
        finding_info(w, f, rule, first, last);
        if (f.activity) {
            w.field("start_time", first);
            w.field("end_time", last);
            evidences(w, *f.activity);
        }
        if (res != nullptr) resources(w, *res);
        cloud(w, f);
        if (rule && !rule->remediation.empty()) {
            w.key("remediation");
            w.begin_object();
            w.field("desc", trim(rule->remediation));
            w.end_object();
        }
        w.key("unmapped");
        w.begin_object();
        w.key("best_practices");
        w.begin_array();
        for (const auto& bp : index_.practices_of(i)) w.string(bp);
        w.end_array();
        const core::SourceLocation& loc = location_of(review_, f.location, f.resource);
        if (!loc.file.empty()) {
            w.field("file", loc.file);
            if (loc.mark.line > 0) w.field("line", static_cast<std::int64_t>(loc.mark.line));
            if (!loc.pointer.empty()) w.field("json_pointer", loc.pointer);
        }
        w.end_object();
        w.end_object();
    }

    void metadata(core::JsonWriter& w) const {
        w.key("metadata");
        w.begin_object();
        w.field("version", kOcsfVersion);
        w.key("product");
        w.begin_object();
        w.field("name", kToolName);
        w.field("vendor_name", kToolName);
        w.field("version", review_.tool_version);
        w.end_object();
        w.field("processed_time", review_ms_);
        w.end_object();
    }

    void finding_info(core::JsonWriter& w,
                      const core::Finding& f,
                      const core::RuleInfo* rule,
                      std::int64_t first,
                      std::int64_t last) const {
        w.key("finding_info");
        w.begin_object();
        w.field("uid", f.fingerprint.empty() ? f.rule_id : f.fingerprint);
        w.field("title", rule ? std::string_view(rule->title) : std::string_view(f.rule_id));
        if (rule && !rule->description.empty()) w.field("desc", trim(rule->description));
        w.key("types");
        w.begin_array();
        w.string(rule && !rule->kinds.empty() && rule->kinds[0] == "aws.cloudtrail.event"
                     ? "Detection"
                     : "Configuration");
        w.end_array();
        w.key("analytic");
        w.begin_object();
        w.field("uid", f.rule_id);
        if (rule) w.field("name", rule->title);
        w.field("type_id", std::int64_t{1});
        w.field("type", "Rule");
        w.end_object();
        w.field("first_seen_time", first);
        w.field("last_seen_time", last);
        if (rule && !rule->references.empty()) w.field("src_url", rule->references.front());
        if (f.activity) {
            w.field("related_events_count", static_cast<std::int64_t>(f.activity->events));
            w.key("related_events");
            w.begin_array();
            for (const auto& e : f.activity->sample) {
                w.begin_object();
                w.field("uid", e.id);
                if (auto name = field_of(e, "eventName"); !name.empty()) w.field("type", name);
                if (auto t = core::parse_iso_time_ms(e.time)) w.field("time", *t);
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
    }

    // Each sampled record as OCSF evidence: who called which API from where.
    static void evidences(core::JsonWriter& w, const core::Activity& a) {
        w.key("evidences");
        w.begin_array();
        for (const auto& e : a.sample) {
            w.begin_object();
            if (auto p = field_of(e, "principal"); !p.empty()) {
                w.key("actor");
                w.begin_object();
                w.key("user");
                w.begin_object();
                w.field("uid", p);
                w.end_object();
                w.end_object();
            }
            auto name = field_of(e, "eventName");
            auto source = field_of(e, "eventSource");
            if (!name.empty() || !source.empty()) {
                w.key("api");
                w.begin_object();
                w.field("operation", name);
                if (!source.empty()) {
                    w.key("service");
                    w.begin_object();
                    w.field("name", source);
                    w.end_object();
                }
                w.end_object();
            }
            if (auto ip = field_of(e, "sourceIPAddress"); !ip.empty()) {
                w.key("src_endpoint");
                w.begin_object();
                // CloudTrail writes a service name ("ec2.amazonaws.com") where a service called.
                bool address = ip.find_first_not_of("0123456789abcdefABCDEF.:") == ip.npos;
                w.field(address ? "ip" : "domain", ip);
                w.end_object();
            }
            w.end_object();
        }
        w.end_array();
    }

    static void resources(core::JsonWriter& w, const core::Resource& r) {
        w.key("resources");
        w.begin_array();
        w.begin_object();
        w.field("uid", r.id);
        w.field("type", r.native_type.empty() ? r.kind : r.native_type);
        w.end_object();
        w.end_array();
    }

    // OCSF's cloud profile: the provider always, the account and Region when a record says.
    static void cloud(core::JsonWriter& w, const core::Finding& f) {
        w.key("cloud");
        w.begin_object();
        w.field("provider", "AWS");
        if (f.activity && !f.activity->sample.empty()) {
            const auto& e = f.activity->sample.front();
            if (auto acct = field_of(e, "recipientAccountId"); !acct.empty()) {
                w.key("account");
                w.begin_object();
                w.field("uid", acct);
                w.end_object();
            }
            if (auto region = field_of(e, "awsRegion"); !region.empty()) {
                w.field("region", region);
            }
        }
        w.end_object();
    }

    const pillar::Review& review_;
    FindingIndex index_;
    std::int64_t review_ms_;
};

}  // namespace

std::string render_ocsf(const pillar::Review& review) { return OcsfWriter(review).write(); }

}  // namespace wasp::report::detail
