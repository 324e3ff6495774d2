// wasp iam unused: the services and tracked actions each user, role, group or policy is allowed
// but did not use, from service last-accessed reports, and the narrowed policy
// (docs/iam.md#unused-access-last-accessed-reports).
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/iam_inputs.h"
#include "core/json_writer.h"
#include "iam/unused_access.h"
#include "pillar/assess.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

bool failed(const iam::UnusedAccess& u, std::string_view rule) {
    return std::any_of(u.checks.begin(), u.checks.end(),
                       [&](const iam::UnusedCheck& c) { return c.rule_id == rule && !c.pass; });
}

// Text from input files, one line at a time with control characters escaped.
void print_lines(std::string_view text, std::string_view indent) {
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::cout << indent << report::terminal_safe(text.substr(0, nl)) << "\n";
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

void last_use_json(core::JsonWriter& w, const iam::LastUse& last, std::int64_t now) {
    w.key("last_used");
    if (last.time) {
        w.string(iam::date_of(*last.time));
    } else {
        w.null();
    }
    w.key("days_ago");
    if (last.time) {
        w.number(static_cast<std::int64_t>((now - *last.time) / 86400));
    } else {
        w.null();
    }
    if (!last.entity.empty()) w.field("last_entity", last.entity);
    if (!last.region.empty()) w.field("last_region", last.region);
}

void entity_json(core::JsonWriter& w, const iam::UnusedAccess& u, std::int64_t now) {
    w.begin_object();
    w.field("arn", u.arn);
    w.field("kind", iam::to_string(u.kind));
    w.field("file", u.file);
    w.field("line", static_cast<std::int64_t>(u.mark.line));
    if (!u.skipped.empty()) w.field("skipped", u.skipped);
    w.key("used_services");
    w.begin_array();
    for (const auto& s : u.used) w.string(s);
    w.end_array();
    w.key("unused_services");
    w.begin_array();
    for (const auto& s : u.unused_services) {
        w.begin_object();
        w.field("service", s.prefix);
        w.field("name", s.name);
        last_use_json(w, s.last, now);
        w.end_object();
    }
    w.end_array();
    w.key("unused_actions");
    w.begin_array();
    for (const auto& a : u.unused_actions) {
        w.begin_object();
        w.field("action", a.action);
        last_use_json(w, a.last, now);
        w.end_object();
    }
    w.end_array();
    w.key("suggested_policy");
    if (u.suggestion) {
        iam::write_policy(w, *u.suggestion);
        w.key("suggestion_from");
        w.begin_array();
        for (const auto& s : *u.suggestion) w.string(s.from);
        w.end_array();
    } else {
        w.null();
    }
    w.key("notes");
    w.begin_array();
    for (const auto& n : u.notes) w.string(n);
    w.end_array();
    w.key("checks");
    w.begin_array();
    for (const auto& c : u.checks) {
        w.begin_object();
        w.field("rule_id", c.rule_id);
        w.field("outcome", c.pass ? "pass" : "fail");
        w.field("detail", c.detail);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void entity_text(const iam::UnusedAccess& u, std::int64_t now) {
    std::cout << report::terminal_safe(u.arn) << " (" << iam::to_string(u.kind) << ", "
              << report::terminal_safe(u.file) << ")\n";
    if (!u.skipped.empty()) {
        print_lines("not checked: " + u.skipped, "  ");
        return;
    }
    std::string used;
    for (const auto& s : u.used) used += (used.empty() ? "" : ", ") + s;
    print_lines("used in the last " + std::to_string(u.days) +
                    " days: " + (used.empty() ? std::string("nothing") : used),
                "  ");
    if (!u.unused_services.empty()) {
        std::cout << "  unused services (" << u.unused_services.size() << "):\n";
        for (const auto& s : u.unused_services) {
            std::string when = s.last.time
                                   ? "last used " + iam::date_of(*s.last.time) + ", " +
                                         std::to_string((now - *s.last.time) / 86400) + " days ago"
                                   : std::string("never used in the tracking period");
            print_lines(s.prefix + " (" + s.name + "): " + when, "    ");
        }
    }
    if (!u.unused_actions.empty()) {
        std::cout << "  unused tracked actions (" << u.unused_actions.size() << "):\n";
        for (const auto& a : u.unused_actions) {
            std::string when = a.last.time
                                   ? "last used " + iam::date_of(*a.last.time) + ", " +
                                         std::to_string((now - *a.last.time) / 86400) + " days ago"
                                   : std::string("never used in the tracking period");
            print_lines(a.action + ": " + when, "    ");
        }
    }
    if (u.suggestion && (!u.unused_services.empty() || !u.unused_actions.empty())) {
        std::cout << "  suggested policy, narrowed from:\n";
        for (const auto& s : *u.suggestion) print_lines(s.from, "    ");
        print_lines(iam::policy_json(*u.suggestion, core::JsonWriter::Style::kPretty), "    ");
    }
    for (const auto& n : u.notes) print_lines("note: " + n, "  ");
}

}  // namespace

int run_iam_unused(const IamUnusedCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    auto now = review_epoch(cmd.date);
    if (!now) {
        std::cerr << "wasp: --date takes YYYY-MM-DD\n";
        return kExitUsage;
    }
    if (cmd.days < 1) {
        std::cerr << "wasp: --days takes a number of days, at least 1\n";
        return kExitUsage;
    }
    IamInputs inputs = read_iam_paths(cmd.paths);
    if (inputs.last_accessed.empty()) {
        for (const auto& d : inputs.diagnostics)
            std::cerr << report::terminal_safe(d.str()) << "\n";
        std::cerr << "wasp: no service last-accessed report found\n";
        return kExitUsage;
    }
    std::vector<const iam::LastAccessedReport*> reports;
    for (const auto& r : inputs.last_accessed) reports.push_back(&r);
    iam::UnusedAccessOptions options;
    options.now = *now;
    options.days = cmd.days;
    if (inputs.organization_files > 0) options.organization = &inputs.organization;
    core::Diagnostics diags = inputs.diagnostics;
    auto results = iam::find_unused_access(
        reports, inputs.authz_files > 0 ? &inputs.accounts : nullptr, options, diags);
    for (const auto& d : diags) std::cerr << report::terminal_safe(d.str()) << "\n";

    std::size_t services = 0, actions = 0, skipped = 0;
    for (const auto& u : results) {
        services += failed(u, "WASP-IAM-116") ? 1 : 0;
        actions += failed(u, "WASP-IAM-117") ? 1 : 0;
        skipped += u.skipped.empty() ? 0 : 1;
    }
    if (cmd.format == "json") {
        core::JsonWriter w(core::JsonWriter::Style::kPretty);
        w.begin_object();
        w.field("review_date", iam::date_of(*now));
        w.field("days", static_cast<std::int64_t>(cmd.days));
        w.key("principals");
        w.begin_array();
        for (const auto& u : results) entity_json(w, u, *now);
        w.end_array();
        w.key("summary");
        w.begin_object();
        w.field("entities", static_cast<std::int64_t>(results.size()));
        w.field("with_unused_services", static_cast<std::int64_t>(services));
        w.field("with_unused_actions", static_cast<std::int64_t>(actions));
        w.field("skipped", static_cast<std::int64_t>(skipped));
        w.end_object();
        w.end_object();
        std::cout << w.take() << "\n";
    } else {
        for (const auto& u : results) {
            entity_text(u, *now);
            std::cout << "\n";
        }
        std::cout << results.size() << (results.size() == 1 ? " entity" : " entities") << ": "
                  << services << " with unused services, " << actions
                  << " with unused tracked actions, " << skipped << " not checked (window "
                  << cmd.days << " days to " << iam::date_of(*now) << ")\n";
    }
    bool errors = std::any_of(diags.begin(), diags.end(), [](const core::Diagnostic& d) {
        return d.level == core::DiagLevel::kError;
    });
    if (errors) return kExitUsage;
    return services + actions > 0 ? kExitFindings : kExitClean;
}

}  // namespace wasp::cli
