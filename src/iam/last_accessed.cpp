// Definitions of iam/last_accessed.h.
#include "iam/last_accessed.h"

#include <cmath>

#include "core/parse.h"
#include "iam/credential_report.h"
#include "iam/export_read.h"

namespace wasp::iam {

using export_read::add_diag;
using export_read::scalar_member;
namespace {

constexpr const char* kShape = "iam-last-accessed-shape";

// A time as the AWS CLI prints it ("2024-06-01T12:00:00+00:00"; version 1 puts a space before
// the time and SDK dumps add microseconds) or epoch seconds.
std::optional<std::int64_t> parse_time(const core::Node& v) {
    if (v.kind() == core::NodeKind::kNumber) {
        auto n = v.as_number();
        // Beyond ±10^12 seconds (year 33,000) a double no longer converts safely and no report
        // holds such a date.
        if (!n || !std::isfinite(*n) || std::fabs(*n) > 1e12) return std::nullopt;
        return static_cast<std::int64_t>(*n);
    }
    if (v.kind() != core::NodeKind::kString) return std::nullopt;
    std::string text = v.text();
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    return parse_iso8601(text);
}

// Reads the time member `key` of rec into use; absent or null is no use in the tracking period.
void read_time(const core::Node& rec,
               std::string_view key,
               LastUse& use,
               const std::string& file,
               core::Diagnostics& diags) {
    const core::Node* v = rec.get(key);
    if (v == nullptr || v->is_null()) return;
    use.time = parse_time(*v);
    if (!use.time) {
        use.unreadable = true;
        add_diag(diags, core::DiagLevel::kError, kShape,
                 std::string(key) +
                     " is not a date (ISO 8601 or epoch seconds); it counts as a use at "
                     "an unknown time",
                 file, v->mark());
    }
}

std::optional<std::int64_t> job_time(const core::Node& rec,
                                     std::string_view key,
                                     const std::string& file,
                                     core::Diagnostics& diags) {
    LastUse use;
    read_time(rec, key, use, file, diags);
    return use.time;
}

TrackedAction read_action(const core::Node& item,
                          std::string_view prefix,
                          const std::string& file,
                          core::Diagnostics& diags) {
    TrackedAction a;
    a.mark = item.mark();
    a.name = scalar_member(item, "ActionName");
    // Some tools write "s3:CreateBucket"; the API writes the name alone.
    if (a.name.size() > prefix.size() && a.name[prefix.size()] == ':' &&
        a.name.compare(0, prefix.size(), prefix) == 0) {
        a.name.erase(0, prefix.size() + 1);
    }
    read_time(item, "LastAccessedTime", a.last, file, diags);
    a.last.entity = scalar_member(item, "LastAccessedEntity");
    a.last.region = scalar_member(item, "LastAccessedRegion");
    return a;
}

std::optional<ServiceAccess> read_service(const core::Node& item,
                                          const std::string& file,
                                          core::Diagnostics& diags) {
    if (!item.is_mapping() || scalar_member(item, "ServiceNamespace").empty()) {
        add_diag(diags, core::DiagLevel::kError, kShape,
                 "an entry of ServicesLastAccessed lacks ServiceNamespace; it is skipped", file,
                 item.mark());
        return std::nullopt;
    }
    ServiceAccess s;
    s.mark = item.mark();
    s.prefix = scalar_member(item, "ServiceNamespace");
    s.name = scalar_member(item, "ServiceName");
    read_time(item, "LastAuthenticated", s.last, file, diags);
    s.last.entity = scalar_member(item, "LastAuthenticatedEntity");
    s.last.region = scalar_member(item, "LastAuthenticatedRegion");
    if (const core::Node* n = item.get("TotalAuthenticatedEntities"); n != nullptr) {
        if (auto v = n->as_number(); v && *v >= 0 && *v < 1e15) {
            s.total_entities = static_cast<std::int64_t>(*v);
        }
    }
    const core::Node* actions = item.get("TrackedActionsLastAccessed");
    if (actions == nullptr || actions->is_null()) return s;
    if (!actions->is_sequence()) {
        add_diag(diags, core::DiagLevel::kError, kShape,
                 "TrackedActionsLastAccessed of " + s.prefix + " is not a list; it is ignored",
                 file, actions->mark());
        return s;
    }
    s.tracked = true;
    for (const auto& a : actions->items()) {
        if (!a.is_mapping() || scalar_member(a, "ActionName").empty()) {
            add_diag(diags, core::DiagLevel::kError, kShape,
                     "an entry of TrackedActionsLastAccessed of " + s.prefix +
                         " lacks ActionName; it is skipped",
                     file, a.mark());
            continue;
        }
        s.actions.push_back(read_action(a, s.prefix, file, diags));
    }
    return s;
}

// One report: the output of get-service-last-accessed-details, maybe with an Arn member.
std::optional<LastAccessedReport> read_report(const core::Node& rec,
                                              const std::string& file,
                                              core::Diagnostics& diags) {
    const core::Node* services = rec.is_mapping() ? rec.get("ServicesLastAccessed") : nullptr;
    if (services == nullptr || !services->is_sequence()) {
        add_diag(diags, core::DiagLevel::kError, kShape,
                 "not a service last-accessed report: no ServicesLastAccessed list", file,
                 rec.mark());
        return std::nullopt;
    }
    LastAccessedReport r;
    r.file = file;
    r.mark = rec.mark();
    r.arn = scalar_member(rec, "Arn");
    if (!r.arn.empty() && entity_kind(r.arn) == EntityKind::kUnknown) {
        add_diag(diags, core::DiagLevel::kError, kShape,
                 "Arn \"" + r.arn +
                     "\" is not the ARN of an IAM user, role, group or policy; the "
                     "report is skipped",
                 file, rec.get("Arn")->mark());
        return std::nullopt;
    }
    r.job_status = scalar_member(rec, "JobStatus");
    r.action_level = scalar_member(rec, "JobType") == "ACTION_LEVEL";
    r.job_created = job_time(rec, "JobCreationDate", file, diags);
    r.job_completed = job_time(rec, "JobCompletionDate", file, diags);
    if (const core::Node* t = rec.get("IsTruncated"); t != nullptr) {
        r.truncated = t->as_bool().value_or(false);
    }
    for (const auto& item : services->items()) {
        if (auto s = read_service(item, file, diags)) r.services.push_back(std::move(*s));
    }
    std::string whose = r.arn.empty() ? std::string("the report") : "the report of " + r.arn;
    if (r.job_status != "COMPLETED") {
        std::string why;
        if (const core::Node* e = rec.get("Error"); e != nullptr && e->is_mapping()) {
            why = scalar_member(*e, "Message");
        }
        add_diag(diags, core::DiagLevel::kWarning, "iam-last-accessed-incomplete",
                 whose + " has JobStatus " + (r.job_status.empty() ? "(none)" : r.job_status) +
                     (why.empty() ? "" : " (" + why + ")") +
                     ", not COMPLETED: it is used for what it holds; fetch it again when the job "
                     "is complete",
                 file, rec.mark());
    }
    if (r.truncated) {
        add_diag(diags, core::DiagLevel::kWarning, "iam-last-accessed-incomplete",
                 whose +
                     " is truncated (IsTruncated): the services of later pages are missing; "
                     "fetch them with --marker and merge ServicesLastAccessed",
                 file, rec.mark());
    }
    return r;
}

std::string_view stem_of(std::string_view file) {
    auto slash = file.find_last_of("/\\");
    if (slash != std::string_view::npos) file.remove_prefix(slash + 1);
    if (file.ends_with(".json")) file.remove_suffix(5);
    return file;
}

// The ARN of the user, role or group a file stem names, or empty.
std::string arn_for_stem(std::string_view stem, const Accounts& accounts) {
    auto unique = [](auto&& matches) {
        return matches.size() == 1 ? matches.front() : std::string();
    };
    if (stem.starts_with("role-") || stem.starts_with("user-")) {
        if (auto ref =
                accounts.find(std::string(stem.substr(0, 4)) + "/" + std::string(stem.substr(5)))) {
            return ref->kind == PrincipalKind::kUser ? accounts.users[ref->index].arn
                                                     : accounts.roles[ref->index].arn;
        }
    }
    if (stem.starts_with("group-")) {
        std::vector<std::string> matches;
        for (const auto& g : accounts.groups) {
            if (g.name == stem.substr(6)) matches.push_back(g.arn);
        }
        if (auto arn = unique(matches); !arn.empty()) return arn;
    }
    if (auto ref = accounts.find(stem)) {
        return ref->kind == PrincipalKind::kUser ? accounts.users[ref->index].arn
                                                 : accounts.roles[ref->index].arn;
    }
    return {};
}

}  // namespace

std::string_view to_string(EntityKind k) {
    switch (k) {
        case EntityKind::kUser:
            return "user";
        case EntityKind::kRole:
            return "role";
        case EntityKind::kGroup:
            return "group";
        case EntityKind::kPolicy:
            return "policy";
        case EntityKind::kUnknown:
            break;
    }
    return "unknown";
}

EntityKind entity_kind(std::string_view arn) {
    if (!arn.starts_with("arn:")) return EntityKind::kUnknown;
    // arn:PARTITION:iam::ACCOUNT:TYPE/...
    std::size_t colons = 0, pos = 0;
    for (; pos < arn.size() && colons < 5; ++pos) colons += arn[pos] == ':' ? 1 : 0;
    if (colons < 5) return EntityKind::kUnknown;
    std::string_view rest = arn.substr(pos);
    std::string_view service = arn.substr(arn.find(':', 4) + 1);
    if (!service.starts_with("iam:")) return EntityKind::kUnknown;
    if (rest.starts_with("user/")) return EntityKind::kUser;
    if (rest.starts_with("role/")) return EntityKind::kRole;
    if (rest.starts_with("group/")) return EntityKind::kGroup;
    if (rest.starts_with("policy/")) return EntityKind::kPolicy;
    return EntityKind::kUnknown;
}

LastAccessedFile read_last_accessed(std::string_view json_text, const std::string& file) {
    LastAccessedFile out;
    auto parsed = core::parse_json(json_text);
    if (!parsed) {
        add_diag(out.diagnostics, core::DiagLevel::kError, "iam-last-accessed-syntax",
                 parsed.error().message, file, parsed.error().mark);
        return out;
    }
    const core::Node& root = parsed->root;
    const core::Node* list = root.is_mapping() ? root.get("LastAccessed") : nullptr;
    if (list == nullptr) {
        if (auto r = read_report(root, file, out.diagnostics)) out.reports.push_back(std::move(*r));
        return out;
    }
    if (!list->is_sequence()) {
        add_diag(out.diagnostics, core::DiagLevel::kError, kShape, "LastAccessed is not a list",
                 file, list->mark());
        return out;
    }
    for (const auto& item : list->items()) {
        // In a combined document the file name cannot say whose each report is.
        if (!item.is_mapping() || scalar_member(item, "Arn").empty()) {
            add_diag(out.diagnostics, core::DiagLevel::kError, kShape,
                     "an entry of LastAccessed lacks Arn; it is skipped", file, item.mark());
            continue;
        }
        if (auto r = read_report(item, file, out.diagnostics)) out.reports.push_back(std::move(*r));
    }
    return out;
}

void resolve_last_accessed_entities(std::vector<LastAccessedReport>& reports,
                                    const Accounts& accounts,
                                    core::Diagnostics& diags) {
    for (auto& r : reports) {
        if (!r.arn.empty()) continue;
        r.arn = arn_for_stem(stem_of(r.file), accounts);
        if (r.arn.empty()) {
            add_diag(diags, core::DiagLevel::kWarning, "iam-last-accessed-entity",
                     "the report does not say whose it is and its file name names no user, role or "
                     "group of the loaded exports; add an \"Arn\" member (scripts/"
                     "export-last-accessed.sh does) or name the file role-NAME.json or "
                     "user-NAME.json; it is not analysed",
                     r.file, r.mark);
        }
    }
}

}  // namespace wasp::iam
