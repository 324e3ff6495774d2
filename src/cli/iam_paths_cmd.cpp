// wasp iam paths: privilege-escalation paths to admin from each principal of IAM exports.
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "core/file.h"
#include "core/json_writer.h"
#include "core/workload.h"
#include "iam/account.h"
#include "iam/escalation.h"
#include "iam/organization.h"
#include "iam/paths.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

constexpr std::uintmax_t kMaxExportBytes = 1024u << 20;

const iam::TechniqueInfo* technique(std::string_view id) {
    for (const auto& t : iam::technique_coverage()) {
        if (t.id == id) return &t;
    }
    return nullptr;
}

std::string node_name(const iam::PathGraph& g, std::size_t n) {
    return n == g.admin_node ? std::string("admin") : g.nodes[n].arn;
}

void step_json(core::JsonWriter& w, const iam::PathGraph& g, const iam::PathEdge& e) {
    w.begin_object();
    w.field("from", node_name(g, e.from));
    w.field("to", node_name(g, e.to));
    w.field("technique", e.technique);
    const auto* t = technique(e.technique);
    w.field("name", t ? t->name : "");
    w.field("conditional", e.conditional);
    w.field("needs_inventory", e.needs_inventory);
    if (!e.note.empty()) w.field("note", e.note);
    w.key("requests");
    w.begin_array();
    for (const auto& r : e.requests) {
        w.begin_object();
        w.field("action", r.action);
        w.field("resource", r.resource);
        if (!r.context.empty()) w.field("context", r.context);
        w.field("conditional", r.conditional);
        if (!r.hinges_on.empty()) {
            w.key("hinges_on");
            w.begin_array();
            for (const auto& k : r.hinges_on) w.string(k);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void path_json(core::JsonWriter& w,
               const iam::PathGraph& g,
               std::string_view key,
               const std::vector<std::size_t>& steps,
               bool conditional) {
    w.key(key);
    if (steps.empty()) {
        w.null();
        return;
    }
    w.begin_object();
    w.field("length", static_cast<std::int64_t>(steps.size()));
    w.field("conditional", conditional);
    w.key("steps");
    w.begin_array();
    for (auto e : steps) step_json(w, g, g.edges[e]);
    w.end_array();
    w.end_object();
}

void print_path(const iam::PathGraph& g, const std::vector<std::size_t>& steps) {
    std::size_t k = 0;
    for (auto ei : steps) {
        const auto& e = g.edges[ei];
        const auto* t = technique(e.technique);
        std::cout << "  " << ++k << ". " << report::terminal_safe(node_name(g, e.from)) << " -> "
                  << report::terminal_safe(node_name(g, e.to))
                  << (e.to != g.admin_node && g.nodes[e.to].admin ? " (admin)" : "") << "  ["
                  << e.technique << " " << (t ? t->name : "") << "]"
                  << (e.conditional ? " (conditional)" : "") << "\n";
        for (const auto& r : e.requests) {
            std::cout << "       allowed: " << r.action << " on "
                      << report::terminal_safe(r.resource);
            if (!r.context.empty()) std::cout << " with " << report::terminal_safe(r.context);
            if (r.conditional) {
                std::cout << " (if ";
                for (std::size_t i = 0; i < r.hinges_on.size(); ++i) {
                    std::cout << (i ? ", " : "") << report::terminal_safe(r.hinges_on[i]);
                }
                std::cout << " allow it)";
            }
            std::cout << "\n";
        }
        if (!e.note.empty()) std::cout << "       note: " << report::terminal_safe(e.note) << "\n";
    }
}

}  // namespace

int run_iam_paths(const IamPathsCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    iam::Accounts accounts;
    iam::Organization org;
    core::Diagnostics diags;
    for (const auto& f : cmd.files) {
        auto text = core::read_file(f, kMaxExportBytes);
        if (!text) {
            std::cerr << "wasp: " << f.string() << ": " << text.error() << "\n";
            return kExitUsage;
        }
        // An Organizations export among the files: its SCPs hold the principals back.
        std::string_view head = std::string_view(*text).substr(0, 1u << 20);
        if (core::classify(f.string(), head) == core::InputKind::kIamOrganization) {
            iam::load_organization(*text, f.string(), org, diags);
            continue;
        }
        accounts.load(*text, f.string(), diags);
    }
    for (const auto& f : cmd.orgs) {
        auto text = core::read_file(f, kMaxExportBytes);
        if (!text) {
            std::cerr << "wasp: " << f.string() << ": " << text.error() << "\n";
            return kExitUsage;
        }
        iam::load_organization(*text, f.string(), org, diags);
    }
    if (!org.empty()) iam::check_organization(org, diags);
    bool errors = false;
    for (const auto& d : diags) {
        errors = errors || d.level == core::DiagLevel::kError;
    }
    std::optional<std::size_t> from;
    if (!cmd.from.empty()) {
        auto ref = accounts.find(cmd.from);
        if (!ref) {
            std::cerr << "wasp: no user or role '" << report::terminal_safe(cmd.from)
                      << "' in the exports (or the name is ambiguous: give the ARN)\n";
            return kExitUsage;
        }
        from = ref->kind == iam::PrincipalKind::kUser ? ref->index
                                                      : accounts.users.size() + ref->index;
    }
    if (accounts.users.empty() && accounts.roles.empty()) {
        for (const auto& d : diags) std::cerr << report::terminal_safe(d.str()) << "\n";
        std::cerr << "wasp: no users or roles in the exports\n";
        return kExitUsage;
    }

    iam::PathOptions options;
    options.organization = org.empty() ? nullptr : &org;
    core::Diagnostics graph_diags;  // missing managed policies: warnings already given by load
    iam::PathGraph g = iam::escalation_graph(accounts, options, graph_diags);
    for (const auto& d : diags) std::cerr << report::terminal_safe(d.str()) << "\n";
    for (const auto& d : graph_diags) std::cerr << report::terminal_safe(d.str()) << "\n";

    std::size_t admins = 0, proven = 0, proven_conditional = 0, inventory_only = 0, none = 0;
    std::size_t principals = 0;
    for (std::size_t n = 0; n < g.admin_node; ++n) {
        if (from && n != *from) continue;
        ++principals;
        if (g.nodes[n].admin) ++admins;
    }
    for (const auto& p : g.principals) {
        if (from && p.node != *from) continue;
        if (!p.proven.empty()) {
            ++proven;
            if (p.proven_conditional) ++proven_conditional;
        } else if (!p.with_inventory.empty()) {
            ++inventory_only;
        } else {
            ++none;
        }
    }
    // What the organization's RCPs alone deny (docs/iam.md#organizations-scps-and-rcps).
    std::vector<const iam::RcpDenial*> denials;
    for (const auto& d : g.rcp_denials) {
        if (!from || d.principal == *from) denials.push_back(&d);
    }
    std::vector<std::size_t> rcp_admins;
    for (std::size_t n = 0; n < g.admin_node; ++n) {
        if ((!from || n == *from) && !g.nodes[n].rcp_denial.empty()) rcp_admins.push_back(n);
    }
    std::size_t edges_proven = 0;
    for (const auto& e : g.edges) edges_proven += e.needs_inventory ? 0 : 1;
    std::size_t edges_inventory = g.inventory_edges;

    if (cmd.format == "json") {
        core::JsonWriter w;
        w.begin_object();
        w.key("principals");
        w.begin_array();
        for (std::size_t n = 0; n < g.admin_node; ++n) {
            if (from && n != *from) continue;
            const auto& node = g.nodes[n];
            const iam::PrincipalPaths* pp = nullptr;
            for (const auto& p : g.principals) {
                if (p.node == n) pp = &p;
            }
            if (!from && !node.admin && pp && pp->proven.empty() && pp->with_inventory.empty()) {
                continue;  // without --from, only principals that are or can become admin
            }
            w.begin_object();
            w.field("principal", node.arn);
            w.field("admin", node.admin);
            if (node.admin) w.field("admin_conditional", node.admin_conditional);
            if (!node.rcp_denial.empty()) w.field("admin_rcp_denial", node.rcp_denial);
            if (pp) {
                path_json(w, g, "shortest_path", pp->proven, pp->proven_conditional);
                path_json(w, g, "shortest_path_with_inventory", pp->with_inventory,
                          pp->inventory_conditional);
            }
            w.end_object();
        }
        w.end_array();
        // Only with an organization whose RCPs cut something.
        if (!denials.empty()) {
            w.key("rcp_denials");
            w.begin_array();
            for (const auto* d : denials) {
                w.begin_object();
                w.field("principal", node_name(g, d->principal));
                w.field("action", d->action);
                w.field("resource", d->resource);
                w.field("reason", d->reason);
                w.end_object();
            }
            w.end_array();
        }
        w.key("summary");
        w.begin_object();
        w.field("principals", static_cast<std::int64_t>(principals));
        w.field("admins", static_cast<std::int64_t>(admins));
        w.field("proven_paths", static_cast<std::int64_t>(proven));
        w.field("proven_paths_conditional", static_cast<std::int64_t>(proven_conditional));
        w.field("paths_needing_inventory_only", static_cast<std::int64_t>(inventory_only));
        w.field("no_path", static_cast<std::int64_t>(none));
        w.field("edges_proven", static_cast<std::int64_t>(edges_proven));
        w.field("edges_needing_inventory", static_cast<std::int64_t>(edges_inventory));
        w.field("evaluations", static_cast<std::int64_t>(g.evaluations));
        w.end_object();
        w.end_object();
        std::cout << w.take() << "\n";
    } else {
        for (const auto& p : g.principals) {
            if (from && p.node != *from) continue;
            if (p.proven.empty() && p.with_inventory.empty()) continue;
            std::cout << report::terminal_safe(g.nodes[p.node].arn) << "\n";
            if (!p.proven.empty()) {
                std::cout << "  shortest path to admin (" << p.proven.size() << " step"
                          << (p.proven.size() == 1 ? "" : "s")
                          << (p.proven_conditional ? ", conditional" : "") << "):\n";
                print_path(g, p.proven);
            }
            if (!p.with_inventory.empty() &&
                (p.proven.empty() || p.with_inventory.size() < p.proven.size())) {
                std::cout << (p.proven.empty()
                                  ? "  path to admin if resources the export does not list exist ("
                                  : "  shorter if resources the export does not list exist (")
                          << p.with_inventory.size() << " step"
                          << (p.with_inventory.size() == 1 ? "" : "s") << "):\n";
                print_path(g, p.with_inventory);
            }
            std::cout << "\n";
        }
        if (from && g.nodes[*from].admin) {
            std::cout << report::terminal_safe(g.nodes[*from].arn) << " is already admin"
                      << (g.nodes[*from].admin_conditional ? " (conditionally)" : "") << ".\n";
        }
        if (!denials.empty() || !rcp_admins.empty()) {
            std::cout << "Denied by resource control policies alone:\n";
            for (auto n : rcp_admins) {
                std::cout << "  " << report::terminal_safe(g.nodes[n].arn)
                          << " is not admin: " << report::terminal_safe(g.nodes[n].rcp_denial)
                          << "\n";
            }
            for (const auto* d : denials) {
                std::cout << "  " << report::terminal_safe(node_name(g, d->principal)) << ": "
                          << d->action << " on " << report::terminal_safe(d->resource) << ": "
                          << report::terminal_safe(d->reason) << "\n";
            }
            std::cout << "\n";
        }
        std::cout << principals << " principals: " << admins << " admin, " << proven
                  << " with a proven path to admin (" << proven_conditional << " conditional), "
                  << inventory_only << " only if unlisted resources exist, " << none
                  << " without a path. Edges: " << edges_proven << " proven, " << edges_inventory
                  << " needing inventory; " << g.evaluations << " evaluations.\n";
    }
    if (errors) return kExitUsage;
    return proven > 0 ? kExitFindings : kExitClean;
}

}  // namespace wasp::cli
