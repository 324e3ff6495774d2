// The SARIF 2.1.0 format, for code-scanning services (GitHub, GitLab, Azure DevOps).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "core/json_writer.h"
#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

std::string_view sarif_level(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
        case core::Severity::kHigh:
            return "error";
        case core::Severity::kMedium:
            return "warning";
        case core::Severity::kLow:
        case core::Severity::kInfo:
            return "note";
    }
    return "warning";
}

// GitHub code scanning ranks security results by this score (CVSS-like, 0.0 to 10.0).
std::string_view security_severity(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
            return "9.5";  // GitHub treats over 9.0 as critical
        case core::Severity::kHigh:
            return "7.0";
        case core::Severity::kMedium:
            return "5.0";
        case core::Severity::kLow:
            return "3.0";
        case core::Severity::kInfo:
            return "1.0";
    }
    return "5.0";
}

std::string_view notification_level(core::DiagLevel l) {
    switch (l) {
        case core::DiagLevel::kError:
            return "error";
        case core::DiagLevel::kWarning:
            return "warning";
        case core::DiagLevel::kNote:
            return "note";
    }
    return "error";
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// "S3 buckets block public access" -> "S3BucketsBlockPublicAccess" (ASCII letters and digits).
std::string pascal_case(std::string_view title) {
    std::string out;
    bool word_start = true;
    for (char c : title) {
        if (!is_alnum(c)) {
            word_start = true;
            continue;
        }
        out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        word_start = false;
    }
    return out;
}

// A path relative to the workload root as a URI reference: '\' becomes '/', and every byte
// outside RFC 3986's unreserved set and '/' is percent-encoded.
std::string path_uri(std::string_view path) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (char c : path) {
        if (c == '\\') c = '/';
        if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            auto u = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

// Markdown for a rule's help: remediation, best practices and references.
std::string help_markdown(const core::RuleInfo& rule) {
    std::string md;
    if (!trim(rule.remediation).empty()) {
        md += "**Remediation.** " + markdown_escape(trim(rule.remediation));
    }
    if (!rule.best_practices.empty()) {
        if (!md.empty()) md += "\n\n";
        md += "**Well-Architected best practices:**";
        for (const auto& bp : rule.best_practices) md += ' ' + markdown_escape(bp);
    }
    if (!rule.references.empty()) {
        if (!md.empty()) md += "\n\n";
        md += "**References:**\n";
        for (const auto& ref : rule.references) {
            // An autolink takes no escapes; a linkable URL has no '<', '>' or spaces to escape.
            md += "\n- " + (is_linkable_url(ref) ? '<' + ref + '>' : markdown_escape(ref));
        }
    }
    return md;
}

std::string help_text(const core::RuleInfo& rule) {
    std::string text = rule.remediation;
    for (const auto& ref : rule.references) {
        if (!text.empty()) text += '\n';
        text += "See " + ref;
    }
    return text.empty() ? rule.title : text;
}

class SarifReport {
  public:
    explicit SarifReport(const pillar::Review& review) : review_(review), index_(review) {
        for (const auto& r : review.rules) rules_.push_back(&r);
        // A finding of a rule the review does not describe still needs a rule to point at.
        for (const auto& f : review.findings) {
            if (review.find_rule(f.rule_id) != nullptr) continue;
            bool known = std::any_of(extra_.begin(), extra_.end(),
                                     [&](const auto& r) { return r.id == f.rule_id; });
            if (known) continue;
            core::RuleInfo rule;
            rule.id = f.rule_id;
            rule.severity = f.severity;
            extra_.push_back(std::move(rule));
        }
        for (const auto& r : extra_) rules_.push_back(&r);
        std::stable_sort(rules_.begin(), rules_.end(),
                         [](const auto* a, const auto* b) { return a->id < b->id; });
    }

    std::string write() {
        w_.begin_object();
        w_.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w_.field("version", "2.1.0");
        w_.key("runs");
        w_.begin_array();
        w_.begin_object();
        driver();
        invocations();
        results();
        w_.key("properties");
        w_.begin_object();
        w_.field("workload", review_.workload);
        w_.field("catalogVersion",
                 review_.catalog ? std::string_view(review_.catalog->version) : std::string_view());
        w_.field("generatedAt", review_.generated_at);
        w_.end_object();
        w_.end_object();
        w_.end_array();
        w_.end_object();
        return w_.take();
    }

  private:
    void text_message(std::string_view key, std::string_view text) {
        w_.key(key);
        w_.begin_object();
        w_.field("text", text);
        w_.end_object();
    }

    void driver() {
        w_.key("tool");
        w_.begin_object();
        w_.key("driver");
        w_.begin_object();
        w_.field("name", kToolName);
        w_.field("version", review_.tool_version);
        w_.field("informationUri", kInformationUri);
        w_.key("rules");
        w_.begin_array();
        for (const core::RuleInfo* r : rules_) rule(*r);
        w_.end_array();
        w_.end_object();
        w_.end_object();
    }

    void rule(const core::RuleInfo& r) {
        w_.begin_object();
        w_.field("id", r.id);
        std::string name = pascal_case(r.title.empty() ? r.id : r.title);
        if (!name.empty()) w_.field("name", name);
        std::string_view title = r.title.empty() ? std::string_view(r.id) : r.title;
        text_message("shortDescription", title);
        text_message("fullDescription", r.description.empty() ? title : r.description);
        w_.key("help");
        w_.begin_object();
        w_.field("text", help_text(r));
        std::string md = help_markdown(r);
        if (!md.empty()) w_.field("markdown", md);
        w_.end_object();
        auto ref = std::find_if(r.references.begin(), r.references.end(),
                                [](const auto& u) { return is_linkable_url(u); });
        if (ref != r.references.end()) w_.field("helpUri", *ref);
        w_.key("defaultConfiguration");
        w_.begin_object();
        w_.field("level", sarif_level(r.severity));
        w_.end_object();
        w_.key("properties");
        w_.begin_object();
        w_.key("tags");
        w_.begin_array();
        w_.string("security");
        for (const auto& bp : r.best_practices) w_.string(bp);
        w_.end_array();
        w_.field("security-severity", security_severity(r.severity));
        w_.field("precision", "high");
        w_.field("severity", core::to_string(r.severity));
        w_.end_object();
        w_.end_object();
    }

    void physical_location(const core::SourceLocation& loc) {
        if (loc.file.empty()) return;
        w_.key("physicalLocation");
        w_.begin_object();
        w_.key("artifactLocation");
        w_.begin_object();
        // Paths in a review are relative to the workload; code scanning wants them relative to
        // the repository, which is where the workload path given on the command line starts.
        std::string path = loc.file;
        if (path.front() != '/' && !review_.root.empty()) path = review_.root + "/" + path;
        if (path.front() == '/') {
            w_.field("uri", "file://" + path_uri(path));
        } else {
            w_.field("uri", path_uri(path));
            w_.field("uriBaseId", "%SRCROOT%");
        }
        w_.end_object();
        if (loc.mark.line > 0) {
            w_.key("region");
            w_.begin_object();
            w_.field("startLine", static_cast<std::int64_t>(loc.mark.line));
            if (loc.mark.column > 0) {
                w_.field("startColumn", static_cast<std::int64_t>(loc.mark.column));
            }
            w_.end_object();
        }
        w_.end_object();
    }

    void locations(const core::SourceLocation& loc, const core::Resource* res) {
        w_.key("locations");
        w_.begin_array();
        w_.begin_object();
        physical_location(loc);
        if (res != nullptr) {
            w_.key("logicalLocations");
            w_.begin_array();
            w_.begin_object();
            w_.field("name", res->id);
            w_.field("kind", "resource");
            if (!res->construct_path.empty()) {
                w_.field("fullyQualifiedName", res->construct_path);
            }
            w_.end_object();
            w_.end_array();
        }
        w_.end_object();
        w_.end_array();
    }

    void results() {
        w_.key("results");
        w_.begin_array();
        for (std::size_t i = 0; i < review_.findings.size(); ++i) result(i);
        w_.end_array();
    }

    void result(std::size_t i) {
        const core::Finding& f = review_.findings[i];
        // rules_ is sorted by id and holds every finding's rule.
        auto rule = std::lower_bound(
            rules_.begin(), rules_.end(), f.rule_id,
            [](const core::RuleInfo* r, const std::string& id) { return r->id < id; });
        w_.begin_object();
        w_.field("ruleId", f.rule_id);
        w_.field("ruleIndex", static_cast<std::int64_t>(rule - rules_.begin()));
        w_.field("level", sarif_level(f.severity));
        text_message("message", f.message.empty() ? (*rule)->title : f.message);
        const core::SourceLocation& loc = location_of(review_, f.location, f.resource);
        const core::Resource* res = resource_at(review_, f.resource);
        if (!loc.file.empty() || res != nullptr) locations(loc, res);
        if (&loc != &f.location && !f.location.file.empty()) {
            // The result points at the .tf block; the value that decided it is in the plan.
            w_.key("relatedLocations");
            w_.begin_array();
            w_.begin_object();
            w_.field("id", std::int64_t{1});
            physical_location(f.location);
            text_message("message", "the value in the Terraform plan");
            w_.end_object();
            w_.end_array();
        }
        if (f.suppression) {
            // SARIF's own way: the result is kept, marked as accepted with its justification.
            w_.key("suppressions");
            w_.begin_array();
            w_.begin_object();
            w_.field("kind", f.suppression->kind == "in-source" ? "inSource" : "external");
            w_.field("status", "accepted");
            w_.field("justification", f.suppression->reason);
            w_.end_object();
            w_.end_array();
        }
        if (!f.fingerprint.empty()) {
            w_.key("partialFingerprints");
            w_.begin_object();
            w_.field("waspFingerprint/v1", f.fingerprint);
            w_.end_object();
        }
        w_.key("properties");
        w_.begin_object();
        w_.field("severity", core::to_string(f.severity));
        if (res != nullptr) {
            w_.field("resourceKind", res->kind);
            w_.field("resourceType", res->native_type);
        }
        if (!loc.pointer.empty()) w_.field("jsonPointer", loc.pointer);
        w_.key("bestPractices");
        w_.begin_array();
        for (const auto& bp : index_.practices_of(i)) w_.string(bp);
        w_.end_array();
        if (f.activity) {
            // The log records behind a detection: how many, when, and which (by eventID).
            w_.field("events", static_cast<std::int64_t>(f.activity->events));
            w_.field("firstSeen", f.activity->first_seen);
            w_.field("lastSeen", f.activity->last_seen);
            w_.key("eventIds");
            w_.begin_array();
            for (const auto& e : f.activity->sample) w_.string(e.id);
            w_.end_array();
        }
        if (f.package) {
            // The vulnerable component: what code scanning and dependency dashboards key on.
            const auto& p = *f.package;
            w_.field("vulnerability", p.vulnerability);
            w_.key("aliases");
            w_.begin_array();
            for (const auto& a : p.aliases) w_.string(a);
            w_.end_array();
            w_.field("purl", p.purl);
            w_.field("installedVersion", p.version);
            if (!p.fixed.empty()) w_.field("fixedVersion", p.fixed);
            if (!p.path.empty()) w_.field("dependencyPath", p.path);
            if (p.cvss_score >= 0) {
                w_.key("cvssScore");
                w_.number(p.cvss_score);
                w_.field("cvssVector", p.cvss_vector);
            }
            if (!p.vex_status.empty()) w_.field("vexStatus", p.vex_status);
        }
        w_.end_object();
        w_.end_object();
    }

    void invocations() {
        w_.key("invocations");
        w_.begin_array();
        w_.begin_object();
        w_.field("executionSuccessful", true);
        w_.key("toolExecutionNotifications");
        w_.begin_array();
        for (const auto& d : review_.diagnostics) {
            w_.begin_object();
            w_.field("level", notification_level(d.level));
            text_message("message", d.message.empty() ? d.code : d.message);
            if (!d.code.empty()) {
                w_.key("descriptor");
                w_.begin_object();
                w_.field("id", d.code);
                w_.end_object();
            }
            if (!d.location.file.empty()) {
                w_.key("locations");
                w_.begin_array();
                w_.begin_object();
                physical_location(d.location);
                w_.end_object();
                w_.end_array();
            }
            w_.end_object();
        }
        w_.end_array();
        w_.end_object();
        w_.end_array();
    }

    const pillar::Review& review_;
    FindingIndex index_;
    std::vector<core::RuleInfo> extra_;
    std::vector<const core::RuleInfo*> rules_;
    core::JsonWriter w_{core::JsonWriter::Style::kPretty};
};

}  // namespace

std::string render_sarif(const pillar::Review& review) { return SarifReport(review).write(); }

}  // namespace wasp::report::detail
