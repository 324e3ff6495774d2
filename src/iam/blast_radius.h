// Blast radius (SEC01, SEC03): what each user and role of loaded IAM exports can reach — the
// sensitive actions it is allowed on which resources, with its own policies and through the
// chains of roles it can assume — and, for each resource, who can reach it and how
// (docs/iam.md#blast-radius).
//
// Every reach is a decision of iam::evaluate: the principal's identity policies, its permissions
// boundary, explicit denies and conditions, for each sts:AssumeRole hop the role's trust policy,
// and with an organization its SCPs and the RCPs of the resource's account. Conditions on keys no
// export settles leave a decision conditional, with the keys it hinges on; nothing is inferred from
// action names alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "iam/account.h"
#include "iam/catalog.h"
#include "iam/paths.h"

namespace wasp::iam {

// What a compromised credential could do, coarsely, most dangerous first. Each catalog action
// counts in at most one category.
enum class ReachCategory : std::uint8_t {
    kAdmin,                  // allowed every admin probe (paths.h), or a proven escalation to it
    kCredentialAccess,       // actions returning credentials, tokens or passwords
    kPermissionsManagement,  // Permissions management of IAM and identity services; iam:PassRole
    kResourceExposure,       // Permissions management of other services: resource policies, ACLs
    kDataRead,               // actions that read data (objects, items, secrets, messages)
    kDataWrite,            // Write actions of data stores (objects, items, messages, secrets, logs)
    kInfrastructureWrite,  // every other Write action
};
inline constexpr std::size_t kReachCategories = 7;
using CategoryBits = std::uint8_t;
[[nodiscard]] constexpr CategoryBits category_bit(ReachCategory c) {
    return static_cast<CategoryBits>(1u << static_cast<unsigned>(c));
}
// "admin", "credential-access", "permissions-management", "resource-exposure", "data-read",
// "data-write", "infrastructure-write".
[[nodiscard]] std::string_view to_string(ReachCategory c);

// The category an action of the built-in catalog counts in; nullopt for actions that only list,
// read metadata or tag, and for sts:AssumeRole* (role chains are edges of their own). Admin is a
// property of principals, never of one action.
[[nodiscard]] std::optional<ReachCategory> category_of(const Action& action);

// A resource as the graph names it.
struct BlastResource {
    std::string arn;       // as a policy writes it ("arn:aws:s3:::shop-*/*", "*"), policy variables
                           // the principal settles replaced; or a role of the export; or --resource
    bool pattern = false;  // holds * or ?: stands for every resource it matches
    bool requested = false;  // given in BlastOptions::resources: evaluated as a concrete ARN
    std::optional<std::size_t> role;    // a role of the export (index into Accounts::roles)
    std::size_t roles_matched = 0;      // a pattern of IAM roles too broad to expand: the roles of
                                        // the export it matches
    std::vector<std::size_t> acts;      // ActEdge indices to it, by principal
    std::size_t principals_direct = 0;  // principals whose own policies reach it
    std::size_t principals_total = 0;   // ... or that of a role they can become
};

// A principal's own policies allow sensitive actions on a resource.
struct ActEdge {
    std::size_t principal = 0;  // index into BlastRadius::principals
    std::size_t resource = 0;   // index into BlastRadius::resources
    CategoryBits categories = 0;
    std::vector<const Action*> actions;  // allowed (conditionally or not), in catalog order
    bool conditional = false;            // every one of them is allowed only conditionally
    std::vector<std::string> hinges_on;  // the condition keys those conditional allows hinge on
    // The ARN names an account other than the principal's: the resource's own policy, which the
    // export does not hold, must allow it too.
    bool cross_account = false;
};

// A principal can assume a role: sts:AssumeRole allowed by its policies and the role's trust
// policy.
struct AssumeEdge {
    std::size_t from = 0;  // index into BlastRadius::principals
    std::size_t to = 0;    // a role's index into BlastRadius::principals
    bool conditional = false;
    std::vector<std::string> hinges_on;
};

struct BlastPrincipal {
    std::string arn;
    PrincipalKind kind = PrincipalKind::kUser;
    std::size_t index = 0;  // into Accounts::users or Accounts::roles
    std::string account;
    bool admin = false;  // allowed every admin probe
    bool admin_conditional = false;
    std::string rcp_denial;  // not admin only because RCPs deny an admin probe (PathNode's)
    // Requests RCPs alone denied it (roles it would become, actions on resources): how many;
    // the first kMaxRcpDenials are in BlastRadius::rcp_denials.
    std::size_t rcp_denied = 0;
    std::size_t escalation_steps = 0;  // a proven escalation path to admin of this many steps
    bool escalation_conditional = false;
    std::vector<std::size_t> acts;          // ActEdge indices, by resource
    std::vector<std::size_t> assumes;       // AssumeEdge indices out of it, by the role's ARN
    std::vector<std::size_t> assumed_by;    // AssumeEdge indices into it (roles), by principal
    std::size_t roles_reachable = 0;        // roles it can become, over any number of hops
    std::optional<std::size_t> admin_role;  // the nearest admin role it can become
    std::size_t admin_role_hops = 0;
    // Distinct resources per category (ReachCategory order): with its own policies, and in all
    // (its own and those of every role it can become). Admin counts 1 when it applies.
    std::array<std::size_t, kReachCategories> direct{};
    std::array<std::size_t, kReachCategories> total{};
    // The most dangerous resources it reaches, its own or a role's (ActEdge indices, at most
    // kTopResources, one per resource): by category (ReachCategory order), then "*" before
    // patterns before ARNs, then the most actions, then by ARN.
    std::vector<std::size_t> top;
};
inline constexpr std::size_t kTopResources = 5;
inline constexpr std::size_t kMaxRcpDenials = 16;

struct BlastRadius {
    std::vector<BlastPrincipal> principals;  // users, then roles, in Accounts order
    std::vector<BlastResource> resources;    // sorted by ARN
    std::vector<AssumeEdge> assumes;         // by from, then by the role's ARN
    std::vector<ActEdge> acts;               // by principal, then by resource
    std::size_t evaluations = 0;             // iam::evaluate calls made
    // What RCPs alone keep principals from: sts:AssumeRole on a role (then no assume edge) or
    // an action on a resource (the group of actions decided with it, asked once), by principal.
    std::vector<RcpDenial> rcp_denials;
};

struct BlastOptions {
    // Concrete ARNs to evaluate against every principal, whatever its policies name: who can
    // reach them through "*", prefixes and role chains.
    std::vector<std::string> resources;
    // Also build the escalation graph (paths.h): a principal with a proven path to admin counts
    // as reaching admin.
    bool escalation = true;
    // Its organization's SCPs, and the RCPs of each resource's account, hold every principal
    // back here too; its thread count is used here as for the escalation graph.
    PathOptions paths;
    // Memory for what principals reach in all, summarised per group of roles that can become
    // each other and kept for the groups that can become them; past it the rest is walked again
    // (slower, same result).
    std::size_t summary_bytes = std::size_t{256} << 20;
};

// Builds the graph. Warnings (managed policies referenced but missing from the export) go to
// diags.
[[nodiscard]] BlastRadius blast_radius(const Accounts& accounts,
                                       const BlastOptions& options,
                                       core::Diagnostics& diags);

// A role a principal can become, at the end of a shortest chain of sts:AssumeRole hops.
struct ReachedRole {
    std::size_t role = 0;  // index into BlastRadius::principals
    std::size_t hops = 0;
    std::size_t previous = 0;  // the principal the last hop starts from
    bool conditional = false;  // some hop of the chain is conditional
    std::vector<std::string> hinges_on;
};

// The roles the principal can become, nearest first (then by ARN): every one, or with `limit`,
// those up to the hop at which `limit` are found (a breadth-first search stopped early).
[[nodiscard]] std::vector<ReachedRole> reachable_roles(const BlastRadius& g,
                                                       std::size_t principal,
                                                       std::size_t limit = 0);
// The chain to one of them: principal indices from the principal to the role.
[[nodiscard]] std::vector<std::size_t> chain_to(const std::vector<ReachedRole>& reached,
                                                std::size_t principal,
                                                std::size_t role);

// One way a principal reaches a resource: with its own policies (hops 0) or those of a role it
// can become.
struct Reach {
    std::size_t principal = 0;  // who
    std::size_t resource = 0;
    std::size_t edge = 0;            // the ActEdge that acts on the resource
    std::size_t hops = 0;            // 0: its own policies
    std::vector<std::size_t> chain;  // hops > 0: the roles assumed, in order, ending with the
                                     // edge's principal
    bool conditional = false;        // the edge or a hop of the chain is conditional
};

// Every resource the principal reaches, each once, by the shortest chain: its own first, then
// by the roles nearest first.
[[nodiscard]] std::vector<Reach> reach_of(const BlastRadius& g, std::size_t principal);
// Every principal that reaches the resource, each once, by the shortest chain; by hops, then by
// principal.
[[nodiscard]] std::vector<Reach> who_reaches(const BlastRadius& g, std::size_t resource);

// Shortest chains into one role from every principal: a search backwards from it, so the chains
// of many principals to the same role cost one pass.
struct ChainsTo {
    std::size_t role = 0;
    std::vector<std::size_t> next;  // by principal: the first role of its chain; SIZE_MAX: none
    std::vector<std::size_t> hops;  // by principal: the chain's length (0 for the role itself)
};
[[nodiscard]] ChainsTo chains_to(const BlastRadius& g, std::size_t role);
// The reach of `principal` to the resource of `edge`, whose principal it can become (or is), by
// the chain `chains` (built for that principal) gives.
[[nodiscard]] Reach reach_by(const BlastRadius& g,
                             const ChainsTo& chains,
                             std::size_t principal,
                             std::size_t edge);

}  // namespace wasp::iam
