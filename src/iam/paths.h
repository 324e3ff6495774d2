// Privilege-escalation paths: a graph of the users and roles of loaded accounts whose edges are
// escalation techniques the real evaluation logic allows on concrete ARNs (docs/iam.md).
//
// Every edge comes from iam::evaluate on requests naming the account's own users, roles, groups
// and policies (conditions, denies, boundaries and trust policies included), never from action
// names alone. Techniques that act on resources the export does not list (functions, instances,
// stacks) give edges marked needs_inventory, kept apart from proven ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "iam/account.h"

namespace wasp::iam {

// How the engine treats one technique of escalation_paths().
struct TechniqueInfo {
    std::string id;    // "iam-005"
    std::string name;  // "iam:PutRolePolicy"
    std::string category;
    bool handled = false;          // edges are computed for it
    bool needs_inventory = false;  // its edges depend on resources the export does not list
    std::string service;           // the service principal a passed role must trust, if any
    std::string note;              // how it is modelled, or why it is not applicable
};

// One entry per path of escalation_paths(), in that order.
[[nodiscard]] const std::vector<TechniqueInfo>& technique_coverage();

// The requests that only an administrator is allowed (docs/iam.md#privilege-escalation-paths),
// with "ACCOUNT" standing for the principal's account: {action, resource}.
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& admin_probes();

struct EdgeRequest {
    std::string action;    // "iam:PutRolePolicy"
    std::string resource;  // the concrete ARN the engine was asked about
    std::string context;   // context keys set for it ("iam:PassedToService=ec2.amazonaws.com")
    bool conditional = false;
    std::vector<std::string> hinges_on;
};

struct PathEdge {
    std::size_t from = 0;  // node indices
    std::size_t to = 0;
    std::string technique;  // a TechniqueInfo id
    std::vector<EdgeRequest> requests;
    bool conditional = false;      // some request (or the target's admin status) is conditional
    bool needs_inventory = false;  // "if a function (instance, stack, ...) with this role exists"
    std::string note;              // what else must hold, for people
};

struct PathNode {
    std::string arn;  // empty for the admin node
    PrincipalKind kind = PrincipalKind::kUser;
    std::size_t index = 0;  // into Accounts::users or Accounts::roles
    bool admin = false;     // allowed every admin probe
    bool admin_conditional = false;
    // Whether the principal would be admin with an "Allow * on *" policy added: false when a
    // boundary, a deny, an SCP or an RCP would still hold it back.
    bool could_be_admin = false;
    // Not admin only because the organization's RCPs deny an admin probe: the probe and the
    // engine's reason ("s3:PutObject on arn:...: explicitly denied by statement ...").
    std::string rcp_denial;
};

// A request of the analysis that the organization's resource control policies alone deny: it is
// allowed (or allowed under conditions) without them. The step it would have been is missing.
struct RcpDenial {
    std::size_t principal = 0;  // node index (paths) or principal index (blast radius)
    std::string action;
    std::string resource;
    std::string reason;  // the engine's, naming the RCP statement that denies
};

struct PrincipalPaths {
    std::size_t node = 0;
    std::vector<std::size_t> proven;          // edge indices, in order; empty when none
    std::vector<std::size_t> with_inventory;  // shortest path also allowing needs_inventory edges
    bool proven_conditional = false;
    bool inventory_conditional = false;
};

struct PathOptions {
    unsigned threads = 0;  // 0: every core
    // With an organization, each principal's requests get the SCP levels of its account, the RCP
    // levels of the resource's account, and the condition keys the organization settles.
    const Organization* organization = nullptr;
};

struct PathGraph {
    std::vector<PathNode> nodes;  // users, then roles, then the admin node
    std::size_t admin_node = 0;
    // Every proven edge and every needs_inventory edge of a new-passrole technique, by `from`;
    // then, of the existing-passrole edges (one from each principal allowed the technique to
    // every role of its account trusting the service, too many to list), those on the paths.
    std::vector<PathEdge> edges;
    std::size_t inventory_edges = 0;  // needs_inventory edges in all, listed or not
    // One entry per non-admin principal, in node order.
    std::vector<PrincipalPaths> principals;
    std::size_t evaluations = 0;  // iam::evaluate calls made
    // Steps the RCPs alone cut (sts:AssumeRole on a role, a technique's action), by principal.
    std::vector<RcpDenial> rcp_denials;
};

// Builds the graph and the shortest paths to admin. Warnings (policies referenced but missing
// from the export) go to diags.
[[nodiscard]] PathGraph escalation_graph(const Accounts& accounts,
                                         const PathOptions& options,
                                         core::Diagnostics& diags);

}  // namespace wasp::iam
