// Definitions of iam/unused_access.h.
#include "iam/unused_access.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <map>
#include <set>

#include "iam/credential_report.h"
#include "iam/eval.h"
#include "iam/text.h"

namespace wasp::iam {
namespace {

constexpr const char* kSource = "src/iam/unused_access.cpp";
constexpr std::size_t kListed = 20;          // services or actions named in a finding
constexpr std::size_t kProbedResources = 4;  // Resource patterns of a statement asked about

std::int64_t age_days(std::int64_t now, std::int64_t t) { return (now - t) / 86400; }

// Exports write "2019-08-16 17:27:59+00:00"; the reader of ISO 8601 wants the 'T'.
std::optional<std::int64_t> parse_date(std::string text) {
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    return parse_iso8601(text);
}

bool recent(const LastUse& u, std::int64_t now, std::int64_t window) {
    return u.unreadable || (u.time && age_days(now, *u.time) < window);
}

std::string describe(const LastUse& u, std::int64_t now) {
    if (u.unreadable) return "used at a time the report does not give readably";
    if (!u.time) return "never used in the tracking period";
    return "last used " + date_of(*u.time) + ", " + std::to_string(age_days(now, *u.time)) +
           " days ago";
}

// "role/app" from "arn:aws:iam::111122223333:role/app".
std::string short_name(std::string_view arn) {
    auto colon = arn.rfind(':');
    return std::string(colon == std::string_view::npos ? arn : arn.substr(colon + 1));
}

std::string list_of(const std::vector<std::string>& items) {
    std::string s;
    for (std::size_t i = 0; i < items.size() && i < kListed; ++i) s += (i ? "; " : "") + items[i];
    if (items.size() > kListed) s += "; and " + std::to_string(items.size() - kListed) + " more";
    return s;
}

// Who the report is about, with the policies the engine evaluates for it.
struct Subject {
    bool known = false;  // its policies are in the loaded exports
    Layers layers;
    Principal principal;
    std::vector<std::string> missing;  // managed policies referenced but not loaded
    std::string create_date;
};

Subject subject_of(const Accounts& a,
                   const std::string& arn,
                   EntityKind kind,
                   const Organization* org,
                   core::Diagnostics& diags) {
    Subject s;
    if (kind == EntityKind::kUser || kind == EntityKind::kRole) {
        auto ref = a.find(arn);
        if (!ref) return s;
        PrincipalLayers pl = layers_for(a, *ref, diags, {}, org);
        s.known = true;
        s.layers = std::move(pl.layers);
        s.principal = std::move(pl.principal);
        s.missing = std::move(pl.missing_policies);
        s.create_date = ref->kind == PrincipalKind::kUser ? a.users[ref->index].create_date
                                                          : a.roles[ref->index].create_date;
        return s;
    }
    // A group or a managed policy is evaluated as the policies a member would hold.
    std::string account(arn_account(arn));
    s.principal.arn = "arn:aws:iam::" + account + ":user/wasp-last-accessed-member";
    s.principal.account = account;
    auto attach = [&](const std::string& policy_arn) {
        const ManagedPolicy* mp = a.policy(policy_arn);
        if (mp != nullptr && mp->document) {
            s.layers.identity.push_back(mp->document.get());
        } else {
            s.missing.push_back(policy_arn);
        }
    };
    if (kind == EntityKind::kGroup) {
        auto it = std::find_if(a.groups.begin(), a.groups.end(),
                               [&](const Group& g) { return g.arn == arn; });
        if (it == a.groups.end()) return s;
        s.known = true;
        for (const auto& ip : it->inline_policies) {
            if (ip.policy) s.layers.identity.push_back(ip.policy.get());
        }
        for (const auto& p : it->attached) attach(p);
    } else if (kind == EntityKind::kPolicy && a.policy(arn) != nullptr) {
        s.known = true;
        attach(arn);
    }
    return s;
}

bool names(const Statement& s, std::string_view action_lower) {
    bool named = std::any_of(s.actions.begin(), s.actions.end(),
                             [&](const std::string& p) { return glob_match(p, action_lower); });
    return named != s.not_action;
}

// Whether the subject's policies allow an action on some resource a statement names: each
// Allow statement naming it is asked about on its own Resource patterns (a pattern matches
// itself), so an Allow on arn:aws:s3:::b/* counts while denies and the boundary still apply.
// Conditions on unknown keys count as met: the question is what the policies can allow.
class Prober {
  public:
    explicit Prober(const Subject& s) : s_(s) {
        // Without a Deny, a boundary or SCPs, an Allow statement allows what it names on its own
        // resources: the engine would only say so again, action after action.
        can_deny_ = s.layers.has_boundary || !s.layers.scp_levels.empty();
        for (const Policy* p : s.layers.identity) {
            for (const auto& st : p->statements) can_deny_ |= st.effect == Effect::kDeny;
        }
    }

    // `only`, when given, is a statement that names the action.
    bool allowed(std::string_view action, const Statement* only) {
        if (only != nullptr) return probe(action, *only);
        std::string lower = text::to_lower(action);
        for (const Policy* p : s_.layers.identity) {
            for (const auto& st : p->statements) {
                if (st.effect == Effect::kAllow && names(st, lower) && probe(action, st)) {
                    return true;
                }
            }
        }
        return false;
    }

  private:
    bool probe(std::string_view action, const Statement& st) const {
        if (!can_deny_) return true;
        // A pattern holding ${aws:username} cannot be asked about as it stands; what the
        // statement allows is taken as it is written.
        if (st.resources_have_variables) return true;
        std::vector<std::string> resources{"*"};
        if (st.has_resource && !st.not_resource && !st.resources.empty()) {
            resources.assign(st.resources.begin(),
                             st.resources.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                        st.resources.size(), kProbedResources)));
        }
        for (const auto& r : resources) {
            Request req;
            req.principal = s_.principal;
            req.action = std::string(action);
            req.resource = r;
            req.open_context = true;
            Result res = evaluate(req, s_.layers);
            bool maybe = res.conditional ? std::find(res.possible.begin(), res.possible.end(),
                                                     Decision::kAllowed) != res.possible.end()
                                         : res.decision == Decision::kAllowed;
            if (maybe) return true;
        }
        return false;
    }

    const Subject& s_;
    bool can_deny_ = false;
};

// The leading verb of an action name: "Describe" of "DescribeInstances".
std::string_view verb_of(std::string_view name) {
    std::size_t i = 1;
    while (i < name.size() && !(name[i] >= 'A' && name[i] <= 'Z')) ++i;
    return name.substr(0, i);
}

// The actions kept of one service, written as compactly as is exact: the statement's own
// patterns when nothing was removed, "svc:*" for every action of the service, "svc:Verb*" when
// every action of the service with that verb is kept, else the names.
std::vector<std::string> compact(const Service& svc,
                                 const std::vector<const Action*>& granted,
                                 const std::vector<const Action*>& kept,
                                 const std::vector<std::string>& written,
                                 bool only_written) {
    if (kept.size() == granted.size() && only_written && !written.empty()) return written;
    std::string prefix(svc.prefix);
    if (kept.size() == svc.actions.size()) return {prefix + ":*"};
    std::set<const Action*> keep(kept.begin(), kept.end());
    // "svc:Verb*" matches every action whose name starts with the verb (ignoring case, as IAM
    // does), "GetObject" and "GetObjectAcl" alike: it is used only when all of them are kept.
    auto whole_verb = [&](std::string_view verb) {
        std::size_t matched = 0;
        for (const Action& a : svc.actions) {
            if (!text::istarts_with(a.name, verb)) continue;
            if (!keep.contains(&a)) return false;
            ++matched;
        }
        return matched > 1;
    };
    std::vector<std::string> out;
    std::set<std::string_view> done;
    for (const Action* a : kept) {
        std::string_view verb = verb_of(a->name);
        if (done.contains(verb)) continue;
        if (whole_verb(verb)) {
            done.insert(verb);
            out.push_back(prefix + ":" + std::string(verb) + "*");
            continue;
        }
        out.push_back(prefix + ":" + std::string(a->name));
    }
    return out;
}

std::string sid_of(const Statement& s, std::set<std::string>& taken) {
    std::string sid;
    for (char c : s.sid) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) sid += c;
    }
    if (sid.empty() || !taken.insert(sid).second) return {};
    return sid;
}

struct Usage {
    std::set<std::string> used;  // service prefixes, lower case
    // Per service (lower case): the tracked actions (lower case names) not used in the window.
    std::map<std::string, std::set<std::string>> unused_tracked;
};

// The actions of one Allow statement kept for one used service, or nothing when the statement
// does not reach it.
std::vector<std::string> narrow(const Statement& st,
                                const std::string& svc_name,
                                const Usage& usage,
                                const Catalog& catalog,
                                Prober& prober,
                                std::set<std::string>& unknown_services) {
    // Patterns of the statement that reach the service, and whether each names it outright
    // ("s3:Get*", not "*" or "s*:Get*").
    std::vector<std::string> written;
    bool only_written = !st.not_action;
    bool reaches = st.not_action;
    for (std::size_t i = 0; i < st.actions.size() && !st.not_action; ++i) {
        std::string_view pat = st.actions[i];
        auto colon = pat.find(':');
        std::string_view sp = pat.substr(0, colon);
        if (!glob_match(sp, svc_name)) continue;
        reaches = true;
        if (colon != std::string_view::npos && sp == svc_name) {
            written.push_back(st.actions_written[i]);
        } else {
            only_written = false;
        }
    }
    if (!reaches) return {};
    const Service* svc = catalog.service(svc_name);
    if (svc == nullptr) {
        // Not in the catalog: nothing to expand or ask about; what the statement says of it
        // is kept.
        unknown_services.insert(svc_name);
        if (st.not_action) return {};
        return only_written ? written : std::vector<std::string>{svc_name + ":*"};
    }
    std::vector<const Action*> granted, kept;
    const auto tracked = usage.unused_tracked.find(svc_name);
    for (const Action& a : svc->actions) {
        std::string name = text::to_lower(a.name);
        if (!names(st, svc_name + ":" + name)) continue;
        granted.push_back(&a);
        if (tracked != usage.unused_tracked.end() && tracked->second.contains(name)) continue;
        if (prober.allowed(std::string(svc->prefix) + ":" + std::string(a.name), &st)) {
            kept.push_back(&a);
        }
    }
    if (kept.empty()) return {};
    return compact(*svc, granted, kept, written, only_written);
}

// The subject's Allow statements narrowed to the used services and, in tracked services, to the
// tracked actions used, each action kept only where the engine allows it; its Deny statements
// as they are.
std::vector<SuggestedStatement> suggest(const Subject& subject,
                                        const Usage& usage,
                                        const Catalog& catalog,
                                        std::vector<std::string>& notes) {
    Prober prober(subject);
    std::vector<SuggestedStatement> out;
    std::set<std::string> taken;
    std::set<std::string> unknown_services;
    for (const Policy* p : subject.layers.identity) {
        for (const auto& st : p->statements) {
            SuggestedStatement s;
            if (st.effect == Effect::kDeny) {
                s.deny = true;
                s.not_action = st.not_action;
                s.actions = st.actions_written;
            } else {
                for (const auto& svc_name : usage.used) {
                    auto acts = narrow(st, svc_name, usage, catalog, prober, unknown_services);
                    s.actions.insert(s.actions.end(), acts.begin(), acts.end());
                }
                if (s.actions.empty()) continue;
            }
            s.sid = sid_of(st, taken);
            s.not_resource = st.not_resource;
            s.resources = st.has_resource ? st.resources : std::vector<std::string>{"*"};
            for (const auto& c : st.conditions) s.conditions.push_back(&c);
            s.from = p->name + " statement " +
                     (st.sid.empty() ? "#" + std::to_string(st.index) : "\"" + st.sid + "\"");
            out.push_back(std::move(s));
        }
    }
    for (const auto& u : unknown_services) {
        notes.push_back("service " + u +
                        " is not in the action catalog: its grants are kept as written");
    }
    return out;
}

core::RuleInfo rule(std::string id,
                    std::string title,
                    core::Severity severity,
                    std::vector<std::string> bps,
                    std::string description,
                    std::string remediation) {
    return core::RuleInfo{
        std::move(id),
        std::move(title),
        severity,
        std::move(bps),
        {"aws.iam.user", "aws.iam.role", "aws.iam.group", "aws.iam.policy"},
        std::move(description),
        std::move(remediation),
        {"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_access-advisor.html",
         "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
         "access_policies_access-advisor-action-last-accessed.html"},
        kSource};
}

// Of several reports of one entity, the most recent job (an action-level one on a tie).
std::vector<const LastAccessedReport*> one_per_entity(
    const std::vector<const LastAccessedReport*>& reports, core::Diagnostics& diags) {
    std::map<std::string, const LastAccessedReport*> by_arn;
    auto when = [](const LastAccessedReport* r) {
        return r->job_completed ? *r->job_completed : r->job_created.value_or(0);
    };
    for (const LastAccessedReport* r : reports) {
        if (r->arn.empty()) continue;
        auto [it, fresh] = by_arn.emplace(r->arn, r);
        if (fresh) continue;
        const LastAccessedReport* old = it->second;
        bool newer =
            when(r) > when(old) || (when(r) == when(old) && r->action_level && !old->action_level);
        const LastAccessedReport* kept = newer ? r : old;
        const LastAccessedReport* dropped = newer ? old : r;
        it->second = kept;
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "iam-last-accessed-duplicate";
        d.message = "another last-accessed report of " + r->arn + " (" + kept->file +
                    ") is used instead of this one, as its job is more recent";
        d.location.file = dropped->file;
        d.location.mark = dropped->mark;
        diags.push_back(std::move(d));
    }
    std::vector<const LastAccessedReport*> out;
    for (const auto& [arn, r] : by_arn) out.push_back(r);
    return out;
}

// Which services were used in the window, and which tracked actions were not; the unused
// services go to u.
Usage usage_of(const LastAccessedReport& r, const UnusedAccessOptions& opt, UnusedAccess& u) {
    Usage usage;
    for (const auto& s : r.services) {
        std::string prefix = text::to_lower(s.prefix);
        if (recent(s.last, opt.now, opt.days)) {
            usage.used.insert(prefix);
            u.used.push_back(prefix);
        } else {
            u.unused_services.push_back({s.prefix, s.name, s.last});
        }
        for (const auto& a : s.actions) {
            if (!recent(a.last, opt.now, opt.days)) {
                usage.unused_tracked[prefix].insert(text::to_lower(a.name));
            }
        }
    }
    return usage;
}

std::string window_of(const UnusedAccess& u) { return std::to_string(u.days) + " days"; }

void check_services(UnusedAccess& u, const LastAccessedReport& r, std::int64_t now) {
    std::vector<std::string> items;
    for (const auto& s : u.unused_services) {
        items.push_back(s.prefix + " (" + describe(s.last, now) + ")");
    }
    if (items.empty()) {
        u.checks.push_back({"WASP-IAM-116", true,
                            "used every service its policies allow (" +
                                std::to_string(u.used.size()) + ") in the last " + window_of(u)});
        return;
    }
    u.checks.push_back({"WASP-IAM-116", false,
                        short_name(u.arn) + ": " + std::to_string(items.size()) + " of " +
                            std::to_string(r.services.size()) +
                            " services its policies allow were not used in the last " +
                            window_of(u) + ": " + list_of(items)});
}

void check_actions(UnusedAccess& u, std::int64_t now) {
    std::vector<std::string> items;
    for (const auto& a : u.unused_actions) {
        items.push_back(a.action + " (" + describe(a.last, now) + ")");
    }
    if (items.empty()) {
        u.checks.push_back({"WASP-IAM-117", true,
                            "used every tracked action it is allowed in the last " + window_of(u)});
        return;
    }
    u.checks.push_back({"WASP-IAM-117", false,
                        short_name(u.arn) + ": " + std::to_string(items.size()) +
                            " tracked actions of services it uses were not used in the last " +
                            window_of(u) + ": " + list_of(items)});
}

void check_suggestion(UnusedAccess& u,
                      const Subject& subject,
                      const Usage& usage,
                      const Catalog& catalog) {
    if (!subject.missing.empty()) {
        u.notes.push_back(std::to_string(subject.missing.size()) +
                          " attached managed policies are not in the loaded exports: the "
                          "suggestion lacks what they grant");
    }
    u.suggestion = suggest(subject, usage, catalog, u.notes);
    if (std::none_of(u.suggestion->begin(), u.suggestion->end(),
                     [](const SuggestedStatement& st) { return !st.deny; })) {
        u.suggestion.reset();
        u.notes.push_back("none of its loaded policies grants the services it used: no suggestion");
        return;
    }
    if (u.unused_services.empty() && u.unused_actions.empty()) {
        u.checks.push_back(
            {"WASP-IAM-118", true, "its policies allow only services and tracked actions it used"});
        return;
    }
    std::size_t kept = u.suggestion->size();
    u.checks.push_back({"WASP-IAM-118", false,
                        short_name(u.arn) + ": a policy with only what it used in the last " +
                            window_of(u) + " (" + std::to_string(kept) +
                            (kept == 1 ? " statement" : " statements") +
                            "): " + policy_json(*u.suggestion, core::JsonWriter::Style::kCompact)});
}

UnusedAccess analyse(const LastAccessedReport& r,
                     const Accounts* accounts,
                     const UnusedAccessOptions& opt,
                     const Catalog& catalog,
                     core::Diagnostics& diags) {
    UnusedAccess u;
    u.arn = r.arn;
    u.kind = entity_kind(r.arn);
    u.file = r.file;
    u.mark = r.mark;
    u.days = opt.days;
    Subject subject;
    if (accounts != nullptr) {
        subject = subject_of(*accounts, r.arn, u.kind, opt.organization, diags);
    }
    if (r.truncated) {
        u.notes.push_back(
            "the report is truncated: services of its later pages are missing, and what they "
            "show is neither reported nor kept in the suggestion");
    }
    if (r.job_status != "COMPLETED") {
        u.notes.push_back("the report's job is " +
                          (r.job_status.empty() ? std::string("of no status") : r.job_status));
    }
    if (auto created = parse_date(subject.create_date);
        created && age_days(opt.now, *created) < opt.days) {
        u.skipped = "created " + std::to_string(age_days(opt.now, *created)) +
                    " days ago: too new to tell what it needs";
        return u;
    }
    if (r.services.empty()) {
        u.skipped = "the report lists no service its policies allow";
        return u;
    }
    Usage usage = usage_of(r, opt, u);
    // A user or role that used nothing is unused as a whole: WASP-IAM-112 and WASP-IAM-113
    // say to remove it, not to trim it.
    if (usage.used.empty() && (u.kind == EntityKind::kUser || u.kind == EntityKind::kRole)) {
        u.skipped = "used no service in the last " + window_of(u) + ": remove the " +
                    std::string(to_string(u.kind)) + " rather than trim it";
        u.unused_services.clear();
        return u;
    }
    // The report's services are those the permission policies allow, as AWS decided them;
    // tracked actions are checked with the engine when the policies are all loaded.
    Prober prober(subject);
    bool engine = subject.known && subject.missing.empty();
    for (const auto& s : r.services) {
        if (!usage.used.contains(text::to_lower(s.prefix))) continue;  // the service is unused
        for (const auto& a : s.actions) {
            if (recent(a.last, opt.now, opt.days)) continue;
            std::string full = s.prefix + ":" + a.name;
            if (engine && !prober.allowed(full, nullptr)) continue;
            u.unused_actions.push_back({full, a.last});
        }
    }
    check_services(u, r, opt.now);
    bool tracked = std::any_of(r.services.begin(), r.services.end(), [&](const ServiceAccess& s) {
        return s.tracked && usage.used.contains(text::to_lower(s.prefix));
    });
    if (r.action_level && tracked) check_actions(u, opt.now);
    if (subject.known) check_suggestion(u, subject, usage, catalog);
    return u;
}

}  // namespace

const std::vector<core::RuleInfo>& unused_access_rules() {
    static const std::vector<core::RuleInfo> rules{
        rule("WASP-IAM-116", "Principals use the services their policies allow",
             core::Severity::kMedium, {"SEC03-BP04"},
             "IAM's service last-accessed report lists every service a user's, role's, group's "
             "or policy's permission policies allow, with the last time it was used. A service "
             "not used in 90 days, or never in the tracking period (400 days), is access nobody "
             "needs that a stolen credential can still use. A user or role that used nothing is "
             "left to WASP-IAM-112 and WASP-IAM-113, and one created within 90 days is not "
             "judged yet.",
             "Remove the unused services from the principal's policies (WASP-IAM-118 gives the "
             "narrowed policy), then generate the report again to confirm; keep a service only "
             "with a documented reason (a yearly or break-glass task)."),
        rule("WASP-IAM-117", "Principals use the tracked actions they are allowed",
             core::Severity::kLow, {"SEC03-BP04"},
             "For the services whose actions IAM tracks (Amazon S3, Amazon EC2, IAM, AWS Lambda "
             "and others), an ACTION_LEVEL report gives the last use of each tracked action. A "
             "management action of a service the principal uses, such as s3:DeleteBucket or "
             "iam:CreateAccessKey, that it is allowed (decided by the evaluation engine when its "
             "policies are loaded) and has not used in 90 days is power it does not need.",
             "Replace service wildcards with the actions the principal uses and drop the unused "
             "ones; WASP-IAM-118 gives the narrowed policy."),
        rule("WASP-IAM-118", "Policies allow only what their principal uses", core::Severity::kLow,
             {"SEC03-BP02", "SEC03-BP04"},
             "The principal's Allow statements narrowed to the services it used in 90 days and, "
             "in tracked services, without the tracked actions it did not use; every action "
             "kept is one the evaluation engine allows over its own policies (denies and "
             "permissions boundary applied), and each statement keeps its Resource and "
             "Condition. The finding carries the narrowed policy.",
             "Review the policy in the finding and replace the principal's policies with it (or "
             "fold it into them); IAM Access Analyzer policy generation from CloudTrail can "
             "narrow its resources further."),
    };
    return rules;
}

void write_policy(core::JsonWriter& w, const std::vector<SuggestedStatement>& statements) {
    auto strings = [&](const std::vector<std::string>& v) {
        if (v.size() == 1) {
            w.string(v.front());
            return;
        }
        w.begin_array();
        for (const auto& s : v) w.string(s);
        w.end_array();
    };
    w.begin_object();
    w.field("Version", "2012-10-17");
    w.key("Statement");
    w.begin_array();
    for (const auto& s : statements) {
        w.begin_object();
        if (!s.sid.empty()) w.field("Sid", s.sid);
        w.field("Effect", s.deny ? "Deny" : "Allow");
        w.key(s.not_action ? "NotAction" : "Action");
        strings(s.actions);
        w.key(s.not_resource ? "NotResource" : "Resource");
        strings(s.resources);
        if (!s.conditions.empty()) {
            // Grouped by operator as written, keys in their order.
            std::vector<std::string> ops;
            for (const Condition* c : s.conditions) {
                if (std::find(ops.begin(), ops.end(), c->operator_text) == ops.end()) {
                    ops.push_back(c->operator_text);
                }
            }
            w.key("Condition");
            w.begin_object();
            for (const auto& op : ops) {
                w.key(op);
                w.begin_object();
                for (const Condition* c : s.conditions) {
                    if (c->operator_text != op) continue;
                    w.key(c->key);
                    strings(c->values);
                }
                w.end_object();
            }
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

std::string date_of(std::int64_t t) {
    using namespace std::chrono;
    auto d = static_cast<days::rep>(t >= 0 ? t / 86400 : (t - 86399) / 86400);
    year_month_day ymd{sys_days{days{d}}};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string policy_json(const std::vector<SuggestedStatement>& statements,
                        core::JsonWriter::Style style) {
    core::JsonWriter w(style);
    write_policy(w, statements);
    return w.take();
}

std::vector<UnusedAccess> find_unused_access(const std::vector<const LastAccessedReport*>& reports,
                                             const Accounts* accounts,
                                             const UnusedAccessOptions& options,
                                             core::Diagnostics& diags) {
    const Catalog& catalog = options.catalog ? *options.catalog : Catalog::builtin();
    std::vector<UnusedAccess> out;
    for (const LastAccessedReport* r : one_per_entity(reports, diags)) {
        if (entity_kind(r->arn) == EntityKind::kUnknown) continue;
        out.push_back(analyse(*r, accounts, options, catalog, diags));
    }
    return out;
}

}  // namespace wasp::iam
