// wasp iam blast-radius: what each principal of IAM exports can reach, directly and through role
// chains, and who can reach each resource; as text, a JSON graph or a Graphviz digraph.
#include <algorithm>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/iam_inputs.h"
#include "core/file.h"
#include "core/json_writer.h"
#include "core/utf8.h"
#include "iam/blast_radius.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

constexpr std::size_t kJsonActions = 100;  // actions listed per edge; action_count has them all
constexpr std::size_t kTextRoles = 10;
constexpr std::size_t kMostReached = 10;  // resources listed when no option selects any
constexpr std::size_t kTextDenials = 5;   // requests RCPs deny, listed per principal

using iam::BlastRadius;
using iam::ReachCategory;

std::string_view arn_field_tail(std::string_view arn, int n) {
    for (int i = 0; i < n; ++i) {
        auto colon = arn.find(':');
        if (colon == std::string_view::npos) return {};
        arn.remove_prefix(colon + 1);
    }
    return arn;
}

// "role/deploy" for an ARN of the given account; the whole ARN otherwise.
std::string short_name(std::string_view arn, std::string_view account) {
    if (arn.starts_with("arn:") && iam::arn_account(arn) == account) {
        std::string_view tail = arn_field_tail(arn, 5);
        if (!tail.empty()) return std::string(tail);
    }
    return std::string(arn);
}

std::vector<std::string_view> categories(iam::CategoryBits bits) {
    std::vector<std::string_view> out;
    for (std::size_t c = 0; c < iam::kReachCategories; ++c) {
        if (bits & (1u << c)) out.push_back(iam::to_string(static_cast<ReachCategory>(c)));
    }
    return out;
}

std::string joined(const std::vector<std::string_view>& parts, std::string_view sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::string action_name(const iam::Action* a) {
    return std::string(a->service) + ":" + std::string(a->name);
}

// The most dangerous category of an edge (ReachCategory order), for ranking.
std::size_t worst(iam::CategoryBits bits) {
    for (std::size_t c = 0; c < iam::kReachCategories; ++c) {
        if (bits & (1u << c)) return c;
    }
    return iam::kReachCategories;
}

// The condition keys a reach hinges on: those of each sts:AssumeRole hop and of the edge.
std::vector<std::string> hinges(const BlastRadius& g, const iam::Reach& r) {
    std::vector<std::string> out;
    auto add = [&](const std::vector<std::string>& keys) {
        for (const auto& k : keys) {
            if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
        }
    };
    std::size_t from = r.principal;
    for (std::size_t to : r.chain) {
        for (auto e : g.principals[from].assumes) {
            if (g.assumes[e].to == to) add(g.assumes[e].hinges_on);
        }
        from = to;
    }
    add(g.acts[r.edge].hinges_on);
    return out;
}

// Which principals, resources and edges an output shows (docs/iam.md#blast-radius).
struct Selection {
    std::vector<std::size_t> chosen;  // --principal, in the order given
    std::vector<char> principal, resource;

    [[nodiscard]] bool act(const iam::ActEdge& e) const {
        return principal[e.principal] && resource[e.resource];
    }
    [[nodiscard]] bool assume(const iam::AssumeEdge& e) const {
        return principal[e.from] && principal[e.to];
    }
};

Selection select(const BlastRadius& g, std::vector<std::size_t> chosen, bool by_resource) {
    Selection s;
    s.chosen = std::move(chosen);
    bool all = s.chosen.empty() && !by_resource;
    s.principal.assign(g.principals.size(), all ? 1 : 0);
    s.resource.assign(g.resources.size(), all ? 1 : 0);
    if (all) return s;
    for (std::size_t r = 0; r < g.resources.size(); ++r) {
        if (g.resources[r].requested) s.resource[r] = 1;
    }
    if (!s.chosen.empty()) {
        for (auto p : s.chosen) {
            s.principal[p] = 1;
            for (const auto& rr : iam::reachable_roles(g, p)) s.principal[rr.role] = 1;
        }
        for (const auto& e : g.acts) {
            if (s.principal[e.principal]) s.resource[e.resource] = 1;
        }
        return s;
    }
    for (std::size_t r = 0; r < g.resources.size(); ++r) {
        if (!g.resources[r].requested) continue;
        for (const auto& reach : iam::who_reaches(g, r)) s.principal[reach.principal] = 1;
    }
    return s;
}

// --- text -------------------------------------------------------------------------------------

std::string safe(std::string_view s) { return report::terminal_safe(s); }

std::string chain_text(const BlastRadius& g,
                       const std::vector<std::size_t>& chain,
                       std::string_view account) {
    std::string out;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (i) out += " -> ";
        out += safe(short_name(g.principals[chain[i]].arn, account));
    }
    return out;
}

std::string hops_text(std::size_t hops) {
    return std::to_string(hops) + (hops == 1 ? " hop" : " hops");
}

std::string keys_text(const std::vector<std::string>& keys) {
    std::string out;
    for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + safe(keys[i]);
    return out;
}

std::string admin_text(const BlastRadius& g, const iam::BlastPrincipal& p) {
    if (p.admin) return p.admin_conditional ? "yes, conditionally" : "yes";
    std::vector<std::string> ways;
    if (p.admin_role) {
        ways.push_back("by becoming " +
                       safe(short_name(g.principals[*p.admin_role].arn, p.account)) + " (" +
                       hops_text(p.admin_role_hops) + ")");
    }
    // The escalation graph's shortest path is often that same sts:AssumeRole hop.
    if (p.escalation_steps > 0 && !p.admin_role) {
        ways.push_back("by privilege escalation (" + std::to_string(p.escalation_steps) +
                       (p.escalation_steps == 1 ? " step" : " steps") +
                       (p.escalation_conditional ? ", conditional" : "") +
                       "; wasp iam paths shows it)");
    }
    if (ways.empty()) {
        return p.rcp_denial.empty()
                   ? "no"
                   : "no, only because resource control policies deny " + safe(p.rcp_denial);
    }
    std::string out = "reachable ";
    for (std::size_t i = 0; i < ways.size(); ++i) out += (i ? " or " : "") + ways[i];
    return out;
}

// How each principal shown reaches each of its top resources (BlastPrincipal::top, in order):
// the chains are searched backwards once per role whose edge is shown, not once per principal.
std::vector<std::vector<iam::Reach>> top_reaches(const BlastRadius& g,
                                                 const std::vector<std::size_t>& shown) {
    std::vector<std::vector<iam::Reach>> out(g.principals.size());
    std::map<std::size_t, std::vector<std::pair<std::size_t, std::size_t>>> by_role;
    for (auto p : shown) {
        const auto& top = g.principals[p].top;
        out[p].resize(top.size());
        for (std::size_t k = 0; k < top.size(); ++k) {
            const auto& e = g.acts[top[k]];
            if (e.principal == p) {
                out[p][k] = iam::Reach{p, e.resource, top[k], 0, {}, e.conditional};
            } else {
                by_role[e.principal].emplace_back(p, k);
            }
        }
    }
    for (const auto& [role, wanted] : by_role) {
        iam::ChainsTo chains = iam::chains_to(g, role);
        for (const auto& [p, k] : wanted) {
            out[p][k] = iam::reach_by(g, chains, p, g.principals[p].top[k]);
        }
    }
    return out;
}

void text_principal(std::string& out,
                    const BlastRadius& g,
                    std::size_t p,
                    const std::vector<iam::Reach>& top) {
    const auto& bp = g.principals[p];
    out += safe(bp.arn) + "\n";
    out += "  admin: " + admin_text(g, bp) + "\n";
    if (bp.roles_reachable > 0) {
        auto reached = iam::reachable_roles(g, p, kTextRoles);
        out += "  roles it can become: " + std::to_string(bp.roles_reachable) +
               (bp.roles_reachable > kTextRoles ? "; the nearest:\n" : "\n");
        for (std::size_t i = 0; i < reached.size() && i < kTextRoles; ++i) {
            const auto& rr = reached[i];
            out += "    " + safe(short_name(g.principals[rr.role].arn, bp.account)) + " (" +
                   hops_text(rr.hops);
            if (rr.hops > 1) {
                out += ": " + chain_text(g, iam::chain_to(reached, p, rr.role), bp.account);
            }
            if (rr.conditional) out += "; conditional on " + keys_text(rr.hinges_on);
            out += ")\n";
        }
        if (bp.roles_reachable > kTextRoles) {
            out += "    ... and " + std::to_string(bp.roles_reachable - kTextRoles) +
                   " more (-f json --principal lists them all)\n";
        }
    }
    if (bp.rcp_denied > 0) {
        out += "  denied by resource control policies alone: " + std::to_string(bp.rcp_denied) +
               (bp.rcp_denied == 1 ? " request\n" : " requests\n");
        std::size_t shown = 0;
        for (const auto& d : g.rcp_denials) {
            if (d.principal != p) continue;
            if (shown++ == kTextDenials) break;
            out += "    " + safe(d.action) + " on " + safe(short_name(d.resource, bp.account)) +
                   ": " + safe(d.reason) + "\n";
        }
    }
    out += "  resources by category        own  in all\n";
    for (std::size_t c = 1; c < iam::kReachCategories; ++c) {
        std::string name(iam::to_string(static_cast<ReachCategory>(c)));
        std::string own = std::to_string(bp.direct[c]);
        std::string all = std::to_string(bp.total[c]);
        out += "    " + name + std::string(26 - name.size(), ' ') +
               std::string(own.size() < 5 ? 5 - own.size() : 0, ' ') + own +
               std::string(all.size() < 8 ? 8 - all.size() : 0, ' ') + all + "\n";
    }
    if (top.empty()) return;
    out += "  top resources:\n";
    for (const auto& r : top) {
        const auto& e = g.acts[r.edge];
        out += "    " + safe(g.resources[r.resource].arn) + "  " +
               joined(categories(e.categories)) + " (" + std::to_string(e.actions.size()) +
               (e.actions.size() == 1 ? " action" : " actions") + ")";
        if (r.hops > 0) {
            out +=
                " through " + chain_text(g, r.chain, bp.account) + " (" + hops_text(r.hops) + ")";
        }
        if (r.conditional) out += ", conditional on " + keys_text(hinges(g, r));
        if (e.cross_account) out += ", if the resource's own policy allows it";
        out += "\n";
    }
}

void text_resource(std::string& out, const BlastRadius& g, std::size_t r) {
    const auto& res = g.resources[r];
    out += safe(res.arn) + "\n";
    auto who = iam::who_reaches(g, r);
    out += "  reached by " + std::to_string(who.size()) +
           (who.size() == 1 ? " principal" : " principals") + ", " +
           std::to_string(res.principals_direct) + " with their own policies\n";
    for (const auto& w : who) {
        const auto& bp = g.principals[w.principal];
        const auto& e = g.acts[w.edge];
        out += "    " + safe(bp.arn) + "  ";
        if (w.hops == 0) {
            out += "own policies: ";
        } else {
            out +=
                "through " + chain_text(g, w.chain, bp.account) + " (" + hops_text(w.hops) + "): ";
        }
        out += joined(categories(e.categories)) + " (";
        for (std::size_t i = 0; i < e.actions.size() && i < 3; ++i) {
            out += (i ? ", " : "") + action_name(e.actions[i]);
        }
        if (e.actions.size() > 3) out += ", ... " + std::to_string(e.actions.size()) + " actions";
        out += ")";
        if (w.conditional) out += ", conditional on " + keys_text(hinges(g, w));
        out += "\n";
    }
}

std::string render_text(const BlastRadius& g, const Selection& s) {
    std::string out;
    std::vector<std::size_t> order = s.chosen;
    bool every = s.chosen.empty() &&
                 std::all_of(s.principal.begin(), s.principal.end(), [](char c) { return c != 0; });
    std::size_t quiet = 0;
    if (every) {
        // The largest blast radius first: admin, then the most resources in all.
        for (std::size_t p = 0; p < g.principals.size(); ++p) {
            const auto& bp = g.principals[p];
            std::size_t sum = std::accumulate(bp.total.begin(), bp.total.end(), std::size_t{0});
            if (sum == 0 && bp.roles_reachable == 0 && bp.rcp_denied == 0) {
                ++quiet;
                continue;
            }
            order.push_back(p);
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            const auto& a = g.principals[x];
            const auto& b = g.principals[y];
            std::size_t sa = std::accumulate(a.total.begin(), a.total.end(), std::size_t{0});
            std::size_t sb = std::accumulate(b.total.begin(), b.total.end(), std::size_t{0});
            if (a.total[0] != b.total[0]) return a.total[0] > b.total[0];
            if (sa != sb) return sa > sb;
            return a.arn < b.arn;
        });
    }
    auto reaches = top_reaches(g, order);
    for (auto p : order) {
        text_principal(out, g, p, reaches[p]);
        out += "\n";
    }
    bool requested = std::any_of(g.resources.begin(), g.resources.end(),
                                 [](const iam::BlastResource& r) { return r.requested; });
    if (requested) {
        for (std::size_t r = 0; r < g.resources.size(); ++r) {
            if (!g.resources[r].requested) continue;
            text_resource(out, g, r);
            out += "\n";
        }
    } else if (every && !g.resources.empty()) {
        std::vector<std::size_t> top(g.resources.size());
        std::iota(top.begin(), top.end(), std::size_t{0});
        std::stable_sort(top.begin(), top.end(), [&](std::size_t x, std::size_t y) {
            return g.resources[x].principals_total > g.resources[y].principals_total;
        });
        top.resize(std::min(top.size(), kMostReached));
        out += "Resources most principals reach:\n";
        for (auto r : top) {
            std::size_t n = g.resources[r].principals_total;
            out += "  " + safe(g.resources[r].arn) + ": " + std::to_string(n) +
                   (n == 1 ? " principal (" : " principals (") +
                   std::to_string(g.resources[r].principals_direct) + " with their own policies)\n";
        }
        out += "\n";
    }
    std::size_t admins = 0, reach_admin = 0;
    for (const auto& bp : g.principals) {
        admins += bp.admin ? 1 : 0;
        reach_admin += bp.total[0];
    }
    out += std::to_string(g.principals.size()) + " principals: " + std::to_string(admins) +
           " admin, " + std::to_string(reach_admin - admins) +
           " more can reach admin (through roles or escalation)";
    if (every) out += ", " + std::to_string(quiet) + " reach nothing sensitive";
    out += ". " + std::to_string(g.resources.size()) + " resources, " +
           std::to_string(g.assumes.size()) + " sts:AssumeRole edges, " +
           std::to_string(g.acts.size()) + " can-act edges; " + std::to_string(g.evaluations) +
           " evaluations.\n";
    return out;
}

// --- JSON -------------------------------------------------------------------------------------

void keys_json(core::JsonWriter& w, const std::vector<std::string>& keys) {
    w.key("hinges_on");
    w.begin_array();
    for (const auto& k : keys) w.string(k);
    w.end_array();
}

void actions_json(core::JsonWriter& w, const iam::ActEdge& e) {
    w.key("categories");
    w.begin_array();
    for (auto c : categories(e.categories)) w.string(c);
    w.end_array();
    w.key("actions");
    w.begin_array();
    for (std::size_t i = 0; i < e.actions.size() && i < kJsonActions; ++i) {
        w.string(action_name(e.actions[i]));
    }
    w.end_array();
    w.field("action_count", static_cast<std::int64_t>(e.actions.size()));
}

void principal_json(core::JsonWriter& w, const BlastRadius& g, std::size_t p, bool chains) {
    const auto& bp = g.principals[p];
    w.begin_object();
    w.field("id", "p" + std::to_string(p));
    w.field("type", "principal");
    w.field("kind", bp.kind == iam::PrincipalKind::kUser ? "user" : "role");
    w.field("arn", bp.arn);
    w.field("account", bp.account);
    w.field("admin", bp.admin);
    w.field("admin_conditional", bp.admin_conditional);
    w.key("admin_through_role");
    if (bp.admin_role) {
        w.begin_object();
        w.field("role", g.principals[*bp.admin_role].arn);
        w.field("hops", static_cast<std::int64_t>(bp.admin_role_hops));
        w.end_object();
    } else {
        w.null();
    }
    w.field("escalation_steps", static_cast<std::int64_t>(bp.escalation_steps));
    w.field("roles_reachable", static_cast<std::int64_t>(bp.roles_reachable));
    // Only with an organization whose RCPs deny it something.
    if (!bp.rcp_denial.empty()) w.field("admin_rcp_denial", bp.rcp_denial);
    if (bp.rcp_denied > 0) {
        w.field("rcp_denied_count", static_cast<std::int64_t>(bp.rcp_denied));
        w.key("rcp_denied");
        w.begin_array();
        for (const auto& d : g.rcp_denials) {
            if (d.principal != p) continue;
            w.begin_object();
            w.field("action", d.action);
            w.field("resource", d.resource);
            w.field("reason", d.reason);
            w.end_object();
        }
        w.end_array();
    }
    w.key("reach");
    w.begin_object();
    for (std::size_t c = 0; c < iam::kReachCategories; ++c) {
        w.key(iam::to_string(static_cast<ReachCategory>(c)));
        w.begin_object();
        w.field("own", static_cast<std::int64_t>(bp.direct[c]));
        w.field("total", static_cast<std::int64_t>(bp.total[c]));
        w.end_object();
    }
    w.end_object();
    if (chains) {
        auto reached = iam::reachable_roles(g, p);
        w.key("chains");
        w.begin_array();
        for (const auto& rr : reached) {
            w.begin_object();
            w.field("role", g.principals[rr.role].arn);
            w.field("hops", static_cast<std::int64_t>(rr.hops));
            w.key("path");
            w.begin_array();
            for (auto v : iam::chain_to(reached, p, rr.role)) w.string(g.principals[v].arn);
            w.end_array();
            w.field("conditional", rr.conditional);
            keys_json(w, rr.hinges_on);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
}

void resource_json(core::JsonWriter& w, const BlastRadius& g, std::size_t r) {
    const auto& res = g.resources[r];
    w.begin_object();
    w.field("id", "r" + std::to_string(r));
    w.field("type", "resource");
    w.field("arn", res.arn);
    w.field("pattern", res.pattern);
    w.field("requested", res.requested);
    w.field("is_role", res.role.has_value());
    if (res.roles_matched > 0) {
        w.field("roles_matched", static_cast<std::int64_t>(res.roles_matched));
    }
    w.field("principals_direct", static_cast<std::int64_t>(res.principals_direct));
    w.field("principals_total", static_cast<std::int64_t>(res.principals_total));
    if (res.requested) {
        w.key("reached_by");
        w.begin_array();
        for (const auto& reach : iam::who_reaches(g, r)) {
            const auto& e = g.acts[reach.edge];
            w.begin_object();
            w.field("principal", g.principals[reach.principal].arn);
            w.field("hops", static_cast<std::int64_t>(reach.hops));
            w.key("chain");
            w.begin_array();
            for (auto v : reach.chain) w.string(g.principals[v].arn);
            w.end_array();
            actions_json(w, e);
            w.field("conditional", reach.conditional);
            keys_json(w, hinges(g, reach));
            w.field("cross_account", e.cross_account);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
}

std::string render_json(const BlastRadius& g, const Selection& s) {
    core::JsonWriter w;
    w.begin_object();
    w.key("nodes");
    w.begin_array();
    for (std::size_t p = 0; p < g.principals.size(); ++p) {
        if (!s.principal[p]) continue;
        bool chains = std::find(s.chosen.begin(), s.chosen.end(), p) != s.chosen.end();
        principal_json(w, g, p, chains);
    }
    for (std::size_t r = 0; r < g.resources.size(); ++r) {
        if (s.resource[r]) resource_json(w, g, r);
    }
    w.end_array();
    w.key("edges");
    w.begin_array();
    for (const auto& e : g.assumes) {
        if (!s.assume(e)) continue;
        w.begin_object();
        w.field("type", "assume");
        w.field("from", "p" + std::to_string(e.from));
        w.field("to", "p" + std::to_string(e.to));
        w.field("action", "sts:AssumeRole");
        w.field("conditional", e.conditional);
        keys_json(w, e.hinges_on);
        w.end_object();
    }
    for (const auto& e : g.acts) {
        if (!s.act(e)) continue;
        w.begin_object();
        w.field("type", "can-act");
        w.field("from", "p" + std::to_string(e.principal));
        w.field("to", "r" + std::to_string(e.resource));
        actions_json(w, e);
        w.field("conditional", e.conditional);
        keys_json(w, e.hinges_on);
        w.field("cross_account", e.cross_account);
        w.end_object();
    }
    w.end_array();
    std::size_t admins = 0, reach_admin = 0;
    for (const auto& bp : g.principals) {
        admins += bp.admin ? 1 : 0;
        reach_admin += bp.total[0];
    }
    w.key("summary");
    w.begin_object();
    w.field("principals", static_cast<std::int64_t>(g.principals.size()));
    w.field("admins", static_cast<std::int64_t>(admins));
    w.field("reach_admin", static_cast<std::int64_t>(reach_admin));
    w.field("resources", static_cast<std::int64_t>(g.resources.size()));
    w.field("assume_edges", static_cast<std::int64_t>(g.assumes.size()));
    w.field("can_act_edges", static_cast<std::int64_t>(g.acts.size()));
    w.field("evaluations", static_cast<std::int64_t>(g.evaluations));
    w.end_object();
    w.end_object();
    std::string out = w.take();
    out += '\n';
    return out;
}

// --- DOT --------------------------------------------------------------------------------------

// A Graphviz double-quoted string. Inside one only '"' and '\' are special, but labels read
// backslash sequences (\n, \l, \N, ...) too, so a backslash from the input is doubled; a line
// break becomes \n, other control characters and invalid UTF-8 U+FFFD.
std::string dot_quoted(std::string_view s) {
    std::string out = "\"";
    core::for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        if (cp == '"') {
            out += "\\\"";
        } else if (cp == '\\') {
            out += "\\\\";
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            out += "\xEF\xBF\xBD";
        } else {
            out += bytes;
        }
    });
    return out + "\"";
}

std::string render_dot(const BlastRadius& g, const Selection& s) {
    std::string out =
        "digraph blast_radius {\n"
        "  graph [rankdir=LR];\n"
        "  node [fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (std::size_t p = 0; p < g.principals.size(); ++p) {
        if (!s.principal[p]) continue;
        const auto& bp = g.principals[p];
        bool user = bp.kind == iam::PrincipalKind::kUser;
        out += "  p" + std::to_string(p) + " [shape=" + (user ? "box" : "ellipse") +
               ", label=" + dot_quoted(short_name(bp.arn, bp.account)) +
               ", tooltip=" + dot_quoted(bp.arn);
        if (bp.admin) out += ", style=filled, fillcolor=\"#f4cccc\"";
        out += "];\n";
    }
    for (std::size_t r = 0; r < g.resources.size(); ++r) {
        if (!s.resource[r]) continue;
        const auto& res = g.resources[r];
        out += "  r" + std::to_string(r) + " [shape=note, label=" + dot_quoted(res.arn);
        if (res.requested) out += ", style=bold";
        out += "];\n";
    }
    for (const auto& e : g.assumes) {
        if (!s.assume(e)) continue;
        out += "  p" + std::to_string(e.from) + " -> p" + std::to_string(e.to) +
               " [label=\"sts:AssumeRole\"";
        if (e.conditional) {
            std::string keys;
            for (std::size_t i = 0; i < e.hinges_on.size(); ++i) {
                keys += (i ? ", " : "") + e.hinges_on[i];
            }
            out += ", style=dashed, tooltip=" + dot_quoted("conditional on " + keys);
        }
        out += "];\n";
    }
    for (const auto& e : g.acts) {
        if (!s.act(e)) continue;
        std::string label =
            joined(categories(e.categories)) + " (" + std::to_string(e.actions.size()) + ")";
        out += "  p" + std::to_string(e.principal) + " -> r" + std::to_string(e.resource) +
               " [label=" + dot_quoted(label);
        if (e.conditional) out += ", style=dashed";
        if (worst(e.categories) <= static_cast<std::size_t>(ReachCategory::kResourceExposure)) {
            out += ", color=\"#cc0000\"";
        }
        out += "];\n";
    }
    return out + "}\n";
}

}  // namespace

int run_iam_blast_radius(const IamBlastCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json" && cmd.format != "dot") {
        std::cerr << "wasp: unknown format '" << report::terminal_safe(cmd.format)
                  << "' (text, json or dot)\n";
        return kExitUsage;
    }
    IamInputs inputs = read_iam_paths(cmd.paths, cmd.orgs);
    bool errors = false;
    for (const auto& d : inputs.diagnostics) {
        std::cerr << report::terminal_safe(d.str()) << "\n";
        errors = errors || d.level == core::DiagLevel::kError;
    }
    const iam::Accounts& accounts = inputs.accounts;
    if (accounts.users.empty() && accounts.roles.empty()) {
        std::cerr << "wasp: no users or roles in the exports\n";
        return kExitUsage;
    }
    std::vector<std::size_t> chosen;
    for (const auto& name : cmd.principals) {
        auto ref = accounts.find(name);
        if (!ref) {
            std::cerr << "wasp: no user or role '" << report::terminal_safe(name)
                      << "' in the exports (or the name is ambiguous: give the ARN)\n";
            return kExitUsage;
        }
        std::size_t p = ref->kind == iam::PrincipalKind::kUser ? ref->index
                                                               : accounts.users.size() + ref->index;
        if (std::find(chosen.begin(), chosen.end(), p) == chosen.end()) chosen.push_back(p);
    }

    iam::BlastOptions options;
    options.resources = cmd.resources;
    if (!inputs.organization.empty()) options.paths.organization = &inputs.organization;
    core::Diagnostics graph_diags;  // managed policies or groups missing from the exports
    BlastRadius g = iam::blast_radius(accounts, options, graph_diags);
    for (const auto& d : graph_diags) std::cerr << report::terminal_safe(d.str()) << "\n";
    Selection s = select(g, std::move(chosen), !cmd.resources.empty());

    std::string out = cmd.format == "json"  ? render_json(g, s)
                      : cmd.format == "dot" ? render_dot(g, s)
                                            : render_text(g, s);
    if (cmd.output) {
        if (auto w = core::write_file_atomic(*cmd.output, out); !w) {
            std::cerr << "wasp: " << w.error() << "\n";
            return kExitUsage;
        }
        std::cerr << "wasp: wrote " << cmd.output->string() << "\n";
    } else {
        std::cout << out;
    }
    return errors ? kExitUsage : kExitClean;
}

}  // namespace wasp::cli
