// The outputs of wasp scan: a findings list for people, and GitHub Actions annotations.
#include <string>

#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

// Workflow-command escaping (GitHub Actions): the message is data, parameters are properties.
std::string github_data(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '%') {
            out += "%25";
        } else if (c == '\r') {
            out += "%0D";
        } else if (c == '\n') {
            out += "%0A";
        } else {
            out += c;
        }
    }
    return out;
}

std::string github_property(std::string_view s) {
    std::string out;
    for (char c : github_data(s)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view github_level(core::Severity s) {
    switch (s) {
        case core::Severity::kCritical:
        case core::Severity::kHigh:
            return "error";
        case core::Severity::kMedium:
            return "warning";
        default:
            return "notice";
    }
}

// The path as the repository knows it (see Review::root).
std::string repo_path(const pillar::Review& review, const std::string& file) {
    if (file.empty() || file.front() == '/' || review.root.empty()) return file;
    return review.root + "/" + file;
}

}  // namespace

std::string render_findings_text(const pillar::Review& review, const RenderOptions&) {
    std::string out;
    std::size_t suppressed = 0;
    for (const auto& f : review.findings) {
        if (f.suppression) {
            ++suppressed;
            continue;
        }
        const auto& loc = location_of(review, f.location, f.resource);
        out += loc.file.empty() ? std::string("(workload)")
                                : terminal_safe(repo_path(review, loc.file));
        // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on ":" + std::string.
        if (loc.mark.line) (out += ':') += std::to_string(loc.mark.line);
        if (loc.mark.column) (out += ':') += std::to_string(loc.mark.column);
        out += ": " + std::string(core::to_string(f.severity)) + " " + terminal_safe(f.rule_id) +
               " " + terminal_safe(resource_label(review, f.resource)) + ": " +
               terminal_safe(f.message) + "\n";
    }
    for (const auto& d : review.diagnostics) {
        if (d.level != core::DiagLevel::kNote) out += terminal_safe(d.str()) + "\n";
    }
    auto sev = findings_by_severity(review);
    std::size_t shown = review.findings.size() - suppressed;
    out += std::to_string(shown) + (shown == 1 ? " finding" : " findings") + " (" +
           std::to_string(sev[0]) + " critical, " + std::to_string(sev[1]) + " high, " +
           std::to_string(sev[2]) + " medium, " + std::to_string(sev[3]) + " low, " +
           std::to_string(sev[4]) + " info), " + std::to_string(suppressed) + " suppressed, " +
           std::to_string(review.resources.size()) + " resources, " +
           std::to_string(review.rules.size()) + " rules\n";
    return out;
}

std::string render_github(const pillar::Review& review) {
    std::string out;
    for (const auto& f : review.findings) {
        if (f.suppression) continue;
        const auto& loc = location_of(review, f.location, f.resource);
        const core::RuleInfo* rule = review.find_rule(f.rule_id);
        out += "::" + std::string(github_level(f.severity)) + " ";
        std::string params;
        if (!loc.file.empty()) params += "file=" + github_property(repo_path(review, loc.file));
        if (loc.mark.line) (params += ",line=") += std::to_string(loc.mark.line);
        if (loc.mark.column) (params += ",col=") += std::to_string(loc.mark.column);
        if (!params.empty()) params += ",";
        params +=
            "title=" + github_property(f.rule_id + (rule ? " " + rule->title : std::string()));
        out += params + "::";
        std::string message = std::string(resource_label(review, f.resource)) + ": " + f.message;
        if (rule && !trim(rule->remediation).empty()) {
            message += "\nFix: " + std::string(trim(rule->remediation));
        }
        out += github_data(message) + "\n";
    }
    for (const auto& d : review.diagnostics) {
        if (d.level == core::DiagLevel::kNote) continue;
        out += d.level == core::DiagLevel::kError ? "::error " : "::warning ";
        std::string params;
        if (!d.location.file.empty()) {
            params += "file=" + github_property(repo_path(review, d.location.file));
        }
        if (d.location.mark.line) (params += ",line=") += std::to_string(d.location.mark.line);
        if (!params.empty()) params += ",";
        params += "title=" + github_property("wasp " + d.code);
        out += params + "::" + github_data(d.message) + "\n";
    }
    return out;
}

}  // namespace wasp::report::detail
