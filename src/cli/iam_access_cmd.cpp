// wasp iam external-access: who outside the zone of trust can do what through resource-based
// policies and role trust policies (docs/iam.md#public-and-cross-account-access).
#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "cli/commands.h"
#include "cli/iam_inputs.h"
#include "core/json_writer.h"
#include "iam/external_access.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

constexpr std::array<std::string_view, 6> kLevels{
    "Permissions management", "Write", "Read", "List", "Tagging", "Unknown"};

bool is_account_id(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Text from input files goes to the terminal with control characters escaped.
void line(int indent, std::string_view text) {
    std::cout << std::string(static_cast<std::size_t>(indent), ' ') << report::terminal_safe(text)
              << "\n";
}

// The actions `keep` selects, by access level in kLevels order.
template <typename Keep>
std::vector<std::pair<std::string_view, std::vector<std::string>>> by_level(const iam::Grant& g,
                                                                            Keep keep) {
    std::vector<std::pair<std::string_view, std::vector<std::string>>> out;
    for (auto level : kLevels) {
        std::vector<std::string> actions;
        for (const auto& a : g.actions) {
            if (keep(a) && iam::primary_level(a.levels) == level) actions.push_back(a.action);
        }
        if (!actions.empty()) out.emplace_back(level, std::move(actions));
    }
    return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
    std::string s;
    for (const auto& x : v) {
        if (!s.empty()) s += sep;
        s += x;
    }
    return s;
}

std::string statement_name(const iam::StatementRef& s) {
    return (s.sid.empty() ? "statement #" + std::to_string(s.index)
                          : "statement \"" + s.sid + "\"") +
           " (" + s.location.str() + ")";
}

std::string kind_name(iam::AccessorKind k) {
    switch (k) {
        case iam::AccessorKind::kAnonymous:
            return "anonymous";
        case iam::AccessorKind::kAnyAccount:
            return "any_account";
        case iam::AccessorKind::kAccount:
            return "account";
        case iam::AccessorKind::kService:
            return "service";
        case iam::AccessorKind::kFederated:
            return "federated";
    }
    return "unknown";
}

struct Report {
    const iam::ExternalAccess& ea;
    std::vector<const iam::Grant*> pub;       // grants with public actions
    std::vector<const iam::Grant*> external;  // accounts (and anyone under network conditions)
    std::vector<const iam::Grant*> services;
    std::vector<const iam::Grant*> federated;  // identity providers roles trust
    std::vector<const iam::Grant*> pinned;     // allowed only inside the zone of trust
    std::vector<iam::AccessCheck> failed;
};

Report build(const iam::ExternalAccess& ea) {
    Report r{ea, {}, {}, {}, {}, {}, {}};
    for (const auto& g : ea.grants) {
        bool any_public = std::any_of(g.actions.begin(), g.actions.end(),
                                      [](const auto& a) { return a.is_public; });
        bool all_public = std::all_of(g.actions.begin(), g.actions.end(),
                                      [](const auto& a) { return a.is_public; });
        if (any_public) r.pub.push_back(&g);
        if (g.who.kind == iam::AccessorKind::kService) {
            if (g.external()) r.services.push_back(&g);
        } else if (g.who.kind == iam::AccessorKind::kFederated) {
            if (g.external()) r.federated.push_back(&g);
            continue;
        } else if (g.external() && !(any_public && all_public)) {
            r.external.push_back(&g);
        }
        if (!g.restricted.empty() && !g.restricted_by.empty()) r.pinned.push_back(&g);
    }
    // Accounts together, each with its resources.
    std::stable_sort(r.external.begin(), r.external.end(), [](const auto* a, const auto* b) {
        return std::tie(a->who.kind, a->who.id) < std::tie(b->who.kind, b->who.id);
    });
    std::stable_sort(r.services.begin(), r.services.end(),
                     [](const auto* a, const auto* b) { return a->who.id < b->who.id; });
    std::stable_sort(r.federated.begin(), r.federated.end(),
                     [](const auto* a, const auto* b) { return a->who.id < b->who.id; });
    for (auto& c : iam::access_checks(ea)) {
        if (!c.pass) r.failed.push_back(std::move(c));
    }
    std::stable_sort(r.failed.begin(), r.failed.end(), [&](const auto& a, const auto& b) {
        return std::tie(a.severity, a.rule_id, ea.policies[a.policy].arn) <
               std::tie(b.severity, b.rule_id, ea.policies[b.policy].arn);
    });
    return r;
}

std::string resource_title(const iam::AnalysedPolicy& p) {
    return p.arn + " (" + iam::resource_type_name(p) + (p.trust ? ", trust policy" : "") + ")";
}

// The actions, the statements and the conditions of one grant, indented.
template <typename Keep>
void print_grant(const iam::Grant& g, int indent, Keep keep) {
    for (const auto& [level, actions] : by_level(g, keep)) {
        std::vector<std::string> shown(
            actions.begin(), actions.begin() + std::min<std::ptrdiff_t>(
                                                   8, static_cast<std::ptrdiff_t>(actions.size())));
        std::string more = actions.size() > shown.size()
                               ? " and " + std::to_string(actions.size() - shown.size()) + " more"
                               : "";
        line(indent, std::string(level) + ": " + join(shown) + more);
    }
    for (const auto& s : g.statements) line(indent, "granted by " + statement_name(s));
    if (!g.hinges_on.empty()) line(indent, "conditional on " + join(g.hinges_on));
    std::vector<std::string> without;
    for (const auto& a : g.actions) {
        if (a.without_external_id) without.push_back(a.action);
    }
    if (!without.empty()) line(indent, "without sts:ExternalId: " + join(without));
}

// Whom among the provider's identities the trust lets in.
std::string federated_scope(const iam::Grant& g) {
    bool anyone = std::any_of(g.actions.begin(), g.actions.end(),
                              [](const iam::ActionAccess& a) { return a.any_identity; });
    iam::IdentityProvider idp = iam::identity_provider(g.who.id);
    if (anyone) {
        return idp.anyone.empty() ? "any identity of the provider: no condition on its claims"
                                  : "any identity of the provider: " + std::string(idp.anyone);
    }
    return "scoped by " + join(g.restricted_by);
}

void print_text(const Report& r, const IamInputs& inputs) {
    const auto& ea = r.ea;
    auto all = [](const iam::ActionAccess&) { return true; };
    if (!r.pub.empty()) {
        std::cout << "Public access\n";
        const iam::Grant* last = nullptr;
        for (const auto* g : r.pub) {
            if (!last || last->policy != g->policy) {
                line(2, resource_title(ea.policies[g->policy]));
                if (const auto& why = ea.policies[g->policy].public_blocked; !why.empty())
                    line(4, "blocked by S3 Block Public Access: " + why);
            }
            last = g;
            line(4, iam::describe(g->who));
            print_grant(*g, 6, [](const iam::ActionAccess& a) { return a.is_public; });
        }
        std::cout << "\n";
    }
    if (!r.external.empty()) {
        std::cout << "Outside the zone of trust\n";
        std::string last;
        for (const auto* g : r.external) {
            std::string who = g->who.kind == iam::AccessorKind::kAccount ? "account " + g->who.id
                                                                         : iam::describe(g->who);
            if (who != last) line(2, who);
            last = who;
            line(4, resource_title(ea.policies[g->policy]));
            if (const auto& p = ea.policies[g->policy]; p.cross_account_blocked)
                line(6, "blocked by S3 Block Public Access: " + p.public_blocked);
            if (!g->who.principal.empty()) line(6, "principal " + g->who.principal);
            print_grant(*g, 6, [](const iam::ActionAccess& a) { return !a.is_public; });
        }
        std::cout << "\n";
    }
    if (!r.services.empty()) {
        std::cout << "Services, not pinned to your accounts or resources\n";
        std::string last;
        for (const auto* g : r.services) {
            if (g->who.id != last) line(2, g->who.id);
            last = g->who.id;
            line(4, resource_title(ea.policies[g->policy]));
            print_grant(*g, 6, all);
        }
        std::cout << "\n";
    }
    if (!r.federated.empty()) {
        std::cout << "Identity providers roles trust\n";
        std::string last;
        for (const auto* g : r.federated) {
            if (g->who.id != last) {
                iam::IdentityProvider idp = iam::identity_provider(g->who.id);
                line(2, g->who.id + (idp.name.empty() ? std::string(idp.saml ? " (SAML)" : "")
                                                      : " (" + std::string(idp.name) + ")"));
            }
            last = g->who.id;
            line(4, resource_title(ea.policies[g->policy]));
            print_grant(*g, 6, all);
            line(6, federated_scope(*g));
        }
        std::cout << "\n";
    }
    if (!r.pinned.empty()) {
        std::cout << "Kept inside the zone of trust by conditions\n";
        for (const auto* g : r.pinned) {
            line(2, ea.policies[g->policy].arn + ": " + iam::describe(g->who) + " only under " +
                        join(g->restricted_by) + " (" + join(g->restricted) + ")");
        }
        std::cout << "\n";
    }
    if (!r.failed.empty()) {
        std::cout << "Findings\n";
        for (const auto& c : r.failed) {
            line(2, std::string(core::to_string(c.severity)) + " " + c.rule_id + " " +
                        ea.policies[c.policy].arn + ": " + c.detail);
        }
        std::cout << "\n";
    }
    std::size_t trust = static_cast<std::size_t>(std::count_if(
        ea.policies.begin(), ea.policies.end(), [](const auto& p) { return p.trust; }));
    std::set<std::string> accounts;
    for (const auto* g : r.external) {
        if (g->who.kind == iam::AccessorKind::kAccount) accounts.insert(g->who.id);
    }
    std::set<std::string> public_resources, blocked, services;
    for (const auto* g : r.pub) {
        const auto& p = ea.policies[g->policy];
        (p.public_blocked.empty() ? public_resources : blocked).insert(p.arn);
    }
    for (const auto* g : r.services) services.insert(g->who.id);
    std::set<std::string> providers;
    for (const auto* g : r.federated) providers.insert(g->who.id);
    std::cout << "Zone of trust: "
              << (ea.zone.empty() ? std::string("each resource's own account")
                                  : join(ea.zone) + " and each resource's own account")
              << (ea.organization.empty() ? "" : "; organization " + ea.organization) << "\n";
    auto count = [](std::size_t n, std::string_view one, std::string_view many) {
        return std::to_string(n) + " " + std::string(n == 1 ? one : many);
    };
    std::cout
        << count(ea.policies.size() - trust, "resource policy", "resource policies") << " and "
        << count(trust, "role trust policy", "role trust policies") << " ("
        << count(inputs.resource_policy_files, "resource-policy file", "resource-policy files")
        << "): " << public_resources.size() << " public, "
        << (blocked.empty()
                ? std::string()
                : std::to_string(blocked.size()) + " public only without S3 Block Public Access, ")
        << count(accounts.size(), "external account", "external accounts") << ", "
        << count(services.size(), "service", "services") << " not pinned; "
        << (r.federated.empty()
                ? std::string()
                : count(providers.size(), "identity provider", "identity providers") + " trusted; ")
        << count(r.failed.size(), "finding", "findings") << ", " << ea.evaluations
        << " evaluations\n";
}

template <typename Keep>
void grant_json(core::JsonWriter& w,
                const iam::ExternalAccess& ea,
                const iam::Grant& g,
                Keep keep) {
    const auto& p = ea.policies[g.policy];
    w.field("resource", p.arn);
    w.field("type", iam::resource_type_name(p));
    w.field("trust_policy", p.trust);
    if (!g.who.principal.empty()) w.field("principal", g.who.principal);
    w.key("levels");
    w.begin_object();
    for (const auto& [level, actions] : by_level(g, keep)) {
        w.key(level);
        w.begin_array();
        for (const auto& a : actions) w.string(a);
        w.end_array();
    }
    w.end_object();
    bool conditional = std::any_of(g.actions.begin(), g.actions.end(),
                                   [&](const auto& a) { return keep(a) && a.conditional; });
    w.field("conditional", conditional);
    w.key("hinges_on");
    w.begin_array();
    for (const auto& k : g.hinges_on) w.string(k);
    w.end_array();
    if (p.trust) {
        w.key("without_external_id");
        w.begin_array();
        for (const auto& a : g.actions) {
            if (a.without_external_id) w.string(a.action);
        }
        w.end_array();
    }
    w.key("statements");
    w.begin_array();
    for (const auto& s : g.statements) {
        w.begin_object();
        w.field("sid", s.sid);
        w.field("index", static_cast<std::int64_t>(s.index));
        w.field("file", s.location.file);
        w.field("line", static_cast<std::int64_t>(s.location.mark.line));
        w.field("column", static_cast<std::int64_t>(s.location.mark.column));
        w.end_object();
    }
    w.end_array();
}

void print_json(const Report& r) {
    const auto& ea = r.ea;
    core::JsonWriter w(core::JsonWriter::Style::kPretty);
    w.begin_object();
    w.key("zone_of_trust");
    w.begin_object();
    w.key("accounts");
    w.begin_array();
    for (const auto& a : ea.zone) w.string(a);
    w.end_array();
    w.key("organization");
    if (ea.organization.empty()) {
        w.null();
    } else {
        w.string(ea.organization);
    }
    w.end_object();

    w.key("public");
    w.begin_array();
    for (const auto* g : r.pub) {
        w.begin_object();
        w.field("accessor", g->who.id);
        w.field("kind", kind_name(g->who.kind));
        // Only when S3 Block Public Access makes the public grant do nothing.
        if (const auto& why = ea.policies[g->policy].public_blocked; !why.empty())
            w.field("blocked_by", why);
        grant_json(w, ea, *g, [](const iam::ActionAccess& a) { return a.is_public; });
        w.end_object();
    }
    w.end_array();

    // One entry per accessor, with its resources.
    auto grouped = [&](std::string_view key, const std::vector<const iam::Grant*>& grants) {
        w.key(key);
        w.begin_array();
        for (std::size_t i = 0; i < grants.size();) {
            const auto& who = grants[i]->who;
            w.begin_object();
            w.field("accessor", who.id);
            w.field("kind", kind_name(who.kind));
            w.key("resources");
            w.begin_array();
            for (; i < grants.size() && grants[i]->who.kind == who.kind &&
                   grants[i]->who.id == who.id;
                 ++i) {
                w.begin_object();
                grant_json(w, ea, *grants[i],
                           [](const iam::ActionAccess& a) { return !a.is_public; });
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
    };
    grouped("external", r.external);
    grouped("services", r.services);
    // Identity providers: whether any of their identities may, or the claims that scope them.
    w.key("federated");
    w.begin_array();
    for (std::size_t i = 0; i < r.federated.size();) {
        const auto& who = r.federated[i]->who;
        iam::IdentityProvider idp = iam::identity_provider(who.id);
        w.begin_object();
        w.field("accessor", who.id);
        w.field("kind", kind_name(who.kind));
        w.field("protocol", idp.saml ? "saml" : "oidc");
        if (!idp.name.empty()) w.field("shared_provider", idp.name);
        w.key("resources");
        w.begin_array();
        for (; i < r.federated.size() && r.federated[i]->who.id == who.id; ++i) {
            const iam::Grant& g = *r.federated[i];
            w.begin_object();
            grant_json(w, ea, g, [](const iam::ActionAccess&) { return true; });
            w.field("any_identity",
                    std::any_of(g.actions.begin(), g.actions.end(),
                                [](const iam::ActionAccess& a) { return a.any_identity; }));
            w.key("scoped_by");
            w.begin_array();
            for (const auto& k : g.restricted_by) w.string(k);
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.key("pinned");
    w.begin_array();
    for (const auto* g : r.pinned) {
        w.begin_object();
        w.field("resource", ea.policies[g->policy].arn);
        w.field("accessor", g->who.id);
        w.field("kind", kind_name(g->who.kind));
        w.key("restricted_by");
        w.begin_array();
        for (const auto& k : g->restricted_by) w.string(k);
        w.end_array();
        w.key("actions");
        w.begin_array();
        for (const auto& a : g->restricted) w.string(a);
        w.end_array();
        w.end_object();
    }
    w.end_array();

    w.key("findings");
    w.begin_array();
    for (const auto& c : r.failed) {
        const auto& p = ea.policies[c.policy];
        w.begin_object();
        w.field("rule_id", c.rule_id);
        w.field("severity", core::to_string(c.severity));
        w.field("resource", p.arn);
        w.field("kind", iam::resource_kind(p));
        w.field("message", c.detail);
        w.field("file", p.location.file);
        w.field("line", static_cast<std::int64_t>(p.location.mark.line));
        w.end_object();
    }
    w.end_array();

    std::int64_t trust = std::count_if(ea.policies.begin(), ea.policies.end(),
                                       [](const auto& p) { return p.trust; });
    w.key("summary");
    w.begin_object();
    w.field("resource_policies", static_cast<std::int64_t>(ea.policies.size()) - trust);
    w.field("trust_policies", trust);
    w.field("findings", static_cast<std::int64_t>(r.failed.size()));
    w.field("evaluations", static_cast<std::int64_t>(ea.evaluations));
    w.end_object();
    w.end_object();
    std::cout << w.take() << "\n";
}

}  // namespace

int run_iam_external_access(const IamExternalAccessCommand& cmd) {
    auto severity = core::parse_severity(cmd.fail_on);
    if (!severity && cmd.fail_on != "none") {
        std::cerr << "wasp: --fail-on takes critical, high, medium, low, info or none\n";
        return kExitUsage;
    }
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    for (const auto& a : cmd.trusted_accounts) {
        if (!is_account_id(a)) {
            std::cerr << "wasp: --trusted-account takes a 12-digit account id, not '"
                      << report::terminal_safe(a) << "'\n";
            return kExitUsage;
        }
    }
    IamInputs inputs = read_iam_paths(cmd.paths, cmd.orgs);
    for (const auto& d : inputs.diagnostics) std::cerr << report::terminal_safe(d.str()) << "\n";
    if (inputs.resource_policy_files == 0 && inputs.authz_files == 0) {
        std::cerr << "wasp: no resource-policy output or authorization-details export found\n";
        return kExitUsage;
    }
    iam::AnalysisInput in = inputs.analysis_input(0);
    in.trusted_accounts = cmd.trusted_accounts;
    iam::ExternalAccess ea = iam::external_access(in);
    Report r = build(ea);
    if (cmd.format == "json") {
        print_json(r);
    } else {
        print_text(r, inputs);
    }
    bool errors = std::any_of(inputs.diagnostics.begin(), inputs.diagnostics.end(),
                              [](const auto& d) { return d.level == core::DiagLevel::kError; });
    if (errors) return kExitUsage;
    bool fail = severity && std::any_of(r.failed.begin(), r.failed.end(), [&](const auto& c) {
                    return core::at_least(c.severity, *severity);
                });
    return fail ? kExitFindings : kExitClean;
}

}  // namespace wasp::cli
