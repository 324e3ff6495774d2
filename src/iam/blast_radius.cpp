#include "iam/blast_radius.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <deque>
#include <map>
#include <set>
#include <span>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "iam/least_privilege.h"
#include "iam/organization.h"
#include "iam/probe.h"
#include "iam/text.h"

namespace wasp::iam {

namespace {

// A pattern naming more roles of the export than this stays one resource rather than an edge
// to each role.
constexpr std::size_t kMaxRoleExpansion = 64;
constexpr std::uint8_t kNoCategory = 0xFF;

// Services whose Write and Permissions management actions decide who exists and what they may
// do; Permissions management in any other service changes who may reach one of its resources.
constexpr std::string_view kIdentityServices[] = {"iam", "identitystore", "organizations", "sso",
                                                  "sso-directory"};
// Data stores: their Write actions change or destroy data rather than infrastructure.
constexpr std::string_view kDataServices[] = {"backup",
                                              "codecommit",
                                              "dax",
                                              "dynamodb",
                                              "ebs",
                                              "ecr",
                                              "elasticfilesystem",
                                              "firehose",
                                              "glacier",
                                              "kinesis",
                                              "logs",
                                              "rds-data",
                                              "redshift-data",
                                              "s3",
                                              "s3express",
                                              "secretsmanager",
                                              "sns",
                                              "sqs",
                                              "timestream"};

bool listed(std::span<const std::string_view> list, std::string_view service) {
    return std::find(list.begin(), list.end(), service) != list.end();
}

std::string lower_name(const Action& a) {
    return text::to_lower(a.service) + ":" + text::to_lower(a.name);
}

// Every action of the built-in catalog with its category. Data reads and credential actions are
// the ones the least-privilege analysis flags as such (asked once, one statement per action), so
// the two analyses never disagree about what a sensitive action is.
struct ActionTable {
    std::vector<const Action*> actions;  // catalog order
    std::vector<std::string> lower;      // "s3:getobject"
    std::vector<std::uint8_t> category;  // a ReachCategory, or kNoCategory
    std::unordered_map<const Action*, std::uint32_t> index;
    std::set<std::string, std::less<>> reads, credentials;

    std::uint8_t classify(const Action& a, std::string_view lower_full) const {
        if (lower_full.starts_with("sts:assumerole")) return kNoCategory;
        auto as = [](ReachCategory c) { return static_cast<std::uint8_t>(c); };
        if (credentials.contains(lower_full)) return as(ReachCategory::kCredentialAccess);
        if (reads.contains(lower_full)) return as(ReachCategory::kDataRead);
        bool writes = a.has(AccessLevel::kPermissions) || a.has(AccessLevel::kWrite);
        if (writes && listed(kIdentityServices, a.service)) {
            return as(ReachCategory::kPermissionsManagement);  // iam:PassRole, iam:CreateUser too
        }
        if (a.has(AccessLevel::kPermissions)) return as(ReachCategory::kResourceExposure);
        // The catalog labels tagging actions "Tagging, Write": tags are metadata, left out.
        if (a.has(AccessLevel::kWrite) && !a.has(AccessLevel::kTagging)) {
            return listed(kDataServices, a.service) ? as(ReachCategory::kDataWrite)
                                                    : as(ReachCategory::kInfrastructureWrite);
        }
        return kNoCategory;
    }
};

ActionTable build_table() {
    const Catalog& c = Catalog::builtin();
    ActionTable t;
    std::vector<std::string_view> names = sensitive_actions();
    std::string doc = R"({"Version":"2012-10-17","Statement":[)";
    for (std::size_t i = 0; i < names.size(); ++i) {
        doc += (i ? "," : "") + std::string(R"({"Effect":"Allow","Action":")") +
               std::string(names[i]) + R"(","Resource":"*"})";
    }
    doc += "]}";
    auto parsed = parse_policy_text(doc, "wasp:blast-radius-categories", "");
    if (parsed.policy) {
        for (const auto& f : least_privilege(*parsed.policy, c)) {
            if (f.statement >= names.size()) continue;
            if (f.risk == Risk::kDataExfiltration) t.reads.emplace(names[f.statement]);
            if (f.risk == Risk::kCredentialsExposure) t.credentials.emplace(names[f.statement]);
        }
    }
    t.actions = c.expand("*");
    for (std::uint32_t i = 0; i < t.actions.size(); ++i) {
        t.lower.push_back(lower_name(*t.actions[i]));
        t.category.push_back(t.classify(*t.actions[i], t.lower.back()));
        t.index.emplace(t.actions[i], i);
    }
    return t;
}

const ActionTable& table() {
    static const ActionTable t = build_table();
    return t;
}

bool names_action(const Statement& s, std::string_view lower_action) {
    bool named = std::any_of(s.actions.begin(), s.actions.end(),
                             [&](const std::string& a) { return glob_match(a, lower_action); });
    return named != s.not_action;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// The n-th colon-separated field of an ARN (0: "arn"); empty when it has fewer.
std::string_view arn_field(std::string_view arn, int n) {
    for (int i = 0; i < n; ++i) {
        auto colon = arn.find(':');
        if (colon == std::string_view::npos) return {};
        arn.remove_prefix(colon + 1);
    }
    return arn.substr(0, arn.find(':'));
}

bool twelve_digits(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether a policy's grant of the action on this resource pattern can mean anything: an action
// without resource types is only ever asked about "*", and one of another service than the ARN's
// cannot act on it (a statement listing s3:GetObject and dynamodb:GetItem on a bucket grants
// the table read nowhere).
bool applies_to(const Action& a, std::string_view pattern) {
    if (pattern == "*") return true;
    if (a.resources.empty()) return false;
    if (!pattern.starts_with("arn:")) return true;  // not an ARN: left to the engine
    std::string_view service = arn_field(pattern, 2);
    if (service.empty() || has_wildcard(service) || text::iequals(service, a.service)) return true;
    return std::any_of(a.resources.begin(), a.resources.end(), [&](const ActionResource& r) {
        return text::iequals(arn_field(r.type->arn_pattern, 2), service);
    });
}

bool of_type(const Action& a, const std::vector<const ResourceType*>& types) {
    return std::any_of(a.resources.begin(), a.resources.end(), [&](const ActionResource& r) {
        return std::find(types.begin(), types.end(), r.type) != types.end();
    });
}

bool iam_role_pattern(std::string_view arn) {
    return has_wildcard(arn) && arn.starts_with("arn:") && arn_field(arn, 2) == "iam" &&
           arn_field(arn, 5).starts_with("role/");
}

using probe::ask;
using probe::Asked;

void merge_keys(std::vector<std::string>& into, const std::vector<std::string>& keys) {
    for (const auto& k : keys) {
        if (std::none_of(into.begin(), into.end(),
                         [&](const std::string& x) { return text::iequals(x, k); })) {
            into.push_back(k);
        }
    }
}

// What one Allow statement can grant: per resource it names ("*" for none or NotResource), the
// sensitive actions that apply to it (indices into the table, sorted).
struct Target {
    std::string pattern;
    std::vector<std::uint32_t> actions;
};

// A user or role with its layers.
struct Subject {
    PrincipalLayers pl;
    std::vector<const Policy*> deciding;  // every policy whose statements can decide a request
};

using probe::Worker;

// One principal's edges before resources have indices.
struct LocalAct {
    std::vector<std::uint32_t> actions;
    CategoryBits categories = 0;
    bool unconditional = false;
    std::vector<std::string> hinges_on;
};
struct Local {
    std::map<std::string, LocalAct, std::less<>> acts;
    std::vector<AssumeEdge> assumes;  // `to` is a role index until merged
    std::vector<RcpDenial> denials;   // the first kMaxRcpDenials
    std::size_t denied = 0;
};

class Builder {
  public:
    Builder(const Accounts& accounts, const BlastOptions& options, core::Diagnostics& diags)
        : a_(accounts), options_(options), t_(table()), org_(options.paths.organization) {
        for (std::size_t i = 0; i < a_.users.size(); ++i) add(PrincipalKind::kUser, i, diags);
        for (std::size_t i = 0; i < a_.roles.size(); ++i) add(PrincipalKind::kRole, i, diags);
        for (std::size_t r = 0; r < a_.roles.size(); ++r)
            role_arns_.emplace_back(a_.roles[r].arn, r);
        std::sort(role_arns_.begin(), role_arns_.end());
        for (const auto& arn : options.resources) {
            if (std::find(requested_.begin(), requested_.end(), arn) == requested_.end()) {
                requested_.push_back(arn);
            }
        }
        for (const auto& arn : requested_) applicable_.push_back(applicable(arn));
        index_statements();
        index_trust();
    }

    BlastRadius run() {
        unsigned n =
            options_.paths.threads ? options_.paths.threads : std::thread::hardware_concurrency();
        n = std::max(1u, n);
        const std::size_t count = g_.principals.size();
        std::vector<Local> local(count);
        parallel(n, count, [&](std::size_t p, Worker& w) {
            admin(p, w);
            assumes(p, w, local[p]);
            acts(p, w, local[p]);
        });
        if (options_.escalation) {
            core::Diagnostics again;  // the same warnings as the layers above gave
            PathGraph paths = escalation_graph(a_, options_.paths, again);
            g_.evaluations += paths.evaluations;
            for (const auto& pp : paths.principals) {
                if (pp.proven.empty() || pp.node >= count) continue;
                g_.principals[pp.node].escalation_steps = pp.proven.size();
                g_.principals[pp.node].escalation_conditional = pp.proven_conditional;
            }
        }
        merge(local);
        for (std::size_t p = 0; p < count; ++p) {
            g_.principals[p].rcp_denied = local[p].denied;
            for (auto& d : local[p].denials) g_.rcp_denials.push_back(std::move(d));
        }
        for (const auto& w : workers_) g_.evaluations += w.evaluations;
        summarize();
        nearest_admin_roles();
        return std::move(g_);
    }

  private:
    void add(PrincipalKind kind, std::size_t index, core::Diagnostics& diags) {
        BlastPrincipal p;
        p.kind = kind;
        p.index = index;
        const Identity& id = kind == PrincipalKind::kUser
                                 ? static_cast<const Identity&>(a_.users[index])
                                 : static_cast<const Identity&>(a_.roles[index]);
        p.arn = id.arn;
        p.account = id.account;
        Subject s;
        s.pl = layers_for(a_, PrincipalRef{kind, index}, diags, {}, options_.paths.organization);
        // Requests to resources of its own account get that account's RCPs; those to another
        // account's get its own (decide, assumes). Service-linked roles escape RCPs.
        s.pl.layers.rcp_levels = rcp_levels(s, p.account);
        const Layers& l = s.pl.layers;
        s.deciding = l.identity;
        s.deciding.insert(s.deciding.end(), l.boundary.begin(), l.boundary.end());
        s.deciding.insert(s.deciding.end(), l.session.begin(), l.session.end());
        for (const auto& level : l.scp_levels) {
            s.deciding.insert(s.deciding.end(), level.begin(), level.end());
        }
        // Every RCP, whatever account the resource is in: actions RCP statements tell apart are
        // never decided as one.
        if (!s.pl.principal.service_linked_role) {
            s.deciding.insert(s.deciding.end(), org_.rcps().begin(), org_.rcps().end());
        }
        g_.principals.push_back(std::move(p));
        subjects_.push_back(std::move(s));
    }

    // The sensitive actions an action pattern names (lower case), expanded once for all
    // statements that write it.
    const std::vector<std::uint32_t>& expanded(const std::string& pattern) {
        auto it = expanded_.find(pattern);
        if (it != expanded_.end()) return it->second;
        std::vector<std::uint32_t> out;
        for (const Action* a : Catalog::builtin().expand(pattern)) {
            auto found = t_.index.find(a);
            if (found != t_.index.end() && t_.category[found->second] != kNoCategory) {
                out.push_back(found->second);
            }
        }
        std::sort(out.begin(), out.end());
        return expanded_.emplace(pattern, std::move(out)).first->second;
    }

    void index_statement(const Statement& s) {
        if (s.effect != Effect::kAllow || targets_.contains(&s)) return;
        std::vector<std::uint32_t> acts;
        if (s.not_action) {
            std::vector<std::uint32_t> excluded;
            for (const auto& p : s.actions) {
                const auto& more = expanded(p);
                excluded.insert(excluded.end(), more.begin(), more.end());
            }
            std::sort(excluded.begin(), excluded.end());
            for (const auto& x : expanded("*")) {
                if (!std::binary_search(excluded.begin(), excluded.end(), x)) acts.push_back(x);
            }
        } else {
            for (const auto& p : s.actions) {
                const auto& more = expanded(p);
                acts.insert(acts.end(), more.begin(), more.end());
            }
            std::sort(acts.begin(), acts.end());
            acts.erase(std::unique(acts.begin(), acts.end()), acts.end());
        }
        std::vector<Target> out;
        if (!acts.empty()) {
            if (!s.has_resource || s.not_resource) {
                out.push_back({"*", std::move(acts)});
            } else {
                for (const auto& pattern : s.resources) {
                    Target t{pattern, {}};
                    // A concrete ARN of a known type takes the actions of that type only
                    // (s3:GetObject names objects, not a bucket); a pattern those of its service.
                    std::vector<const ResourceType*> types;
                    if (!has_wildcard(pattern) && pattern.find("${") == std::string::npos) {
                        types = Catalog::builtin().resource_types_for_arn(pattern);
                    }
                    for (auto x : acts) {
                        bool fits = types.empty() ? applies_to(*t_.actions[x], pattern)
                                                  : of_type(*t_.actions[x], types);
                        if (fits) t.actions.push_back(x);
                    }
                    if (!t.actions.empty()) out.push_back(std::move(t));
                }
            }
        }
        targets_.emplace(&s, std::move(out));
    }

    // Every Allow statement of every identity policy, indexed once: managed policies are shared
    // by many principals.
    void index_statements() {
        auto policy = [&](const Policy* p) {
            if (!p) return;
            for (const auto& s : p->statements) index_statement(s);
        };
        for (const auto& s : subjects_) {
            for (const Policy* p : s.pl.layers.identity) policy(p);
            for (const Policy* p : s.pl.layers.boundary) policy(p);
            for (const Policy* p : s.pl.layers.session) policy(p);
        }
    }

    // Roles by the AWS principals their trust policies name, so sts:AssumeRole is asked only
    // about roles whose trust policy could allow the principal at all.
    void index_trust() {
        for (std::size_t r = 0; r < a_.roles.size(); ++r) {
            const Role& role = a_.roles[r];
            if (!role.trust_policy) continue;
            bool wildcard = false;
            for (const auto& st : role.trust_policy->statements) {
                if (st.effect != Effect::kAllow || !names_action(st, "sts:assumerole")) continue;
                if (!st.has_principal || st.not_principal) {
                    wildcard = true;
                    continue;
                }
                for (const auto& pe : st.principals) {
                    if (pe.type == "*") {
                        wildcard = true;
                    } else if (pe.type == "AWS") {
                        if (has_wildcard(pe.value)) {
                            wildcard = true;
                        } else if (twelve_digits(pe.value)) {
                            by_account_[pe.value].push_back(r);
                        } else if (pe.value.ends_with(":root")) {
                            by_account_[std::string(arn_account(pe.value))].push_back(r);
                        } else {
                            by_arn_[pe.value].push_back(r);
                        }
                    }
                }
            }
            if (wildcard) wildcard_roles_.push_back(r);
        }
    }

    // The action indices that can act on a concrete ARN: those with a resource type whose
    // pattern matches it; for an ARN of no known type, every action of its service.
    std::vector<std::uint32_t> applicable(const std::string& arn) const {
        const Catalog& c = Catalog::builtin();
        std::vector<std::uint32_t> out;
        if (arn == "*") {
            for (std::uint32_t i = 0; i < t_.actions.size(); ++i) {
                if (t_.category[i] != kNoCategory) out.push_back(i);
            }
            return out;
        }
        auto types = c.resource_types_for_arn(arn);
        std::string_view service = arn_field(arn, 2);
        for (std::uint32_t i = 0; i < t_.actions.size(); ++i) {
            if (t_.category[i] == kNoCategory) continue;
            const Action& a = *t_.actions[i];
            bool fits = types.empty() ? text::iequals(a.service, service) : of_type(a, types);
            if (fits) out.push_back(i);
        }
        return out;
    }

    // Roles whose ARN a pattern matches, found from its literal prefix in the sorted ARNs.
    std::vector<std::size_t> roles_matching(std::string_view pattern) const {
        std::vector<std::size_t> out;
        std::string_view prefix = pattern.substr(0, pattern.find_first_of("*?"));
        // ARN matching ignores case in places; a prefix with capitals in the first segments is
        // matched against every role instead.
        std::string_view head = prefix.substr(0, std::min<std::size_t>(prefix.size(), 13));
        if (std::any_of(head.begin(), head.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            prefix = {};
        }
        auto it = std::lower_bound(
            role_arns_.begin(), role_arns_.end(), prefix,
            [](const auto& e, std::string_view p) { return std::string_view(e.first) < p; });
        for (; it != role_arns_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
            if (arn_match(pattern, it->first)) out.push_back(it->second);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    template <class F>
    void parallel(unsigned threads, std::size_t count, F&& f) {
        if (workers_.size() < threads) workers_.resize(threads);
        for (auto& w : workers_) w.org = &org_;
        probe::parallel_for(workers_, threads, count, std::forward<F>(f));
    }

    // The RCP levels of the principal's requests to resources of `account`.
    const std::vector<std::vector<const Policy*>>& rcp_levels(const Subject& s,
                                                              std::string_view account) const {
        static const std::vector<std::vector<const Policy*>> kNone;
        return s.pl.principal.service_linked_role ? kNone : org_.rcp_levels(account);
    }

    static void deny(std::size_t p,
                     std::string_view action,
                     std::string_view resource,
                     const Asked& a,
                     Local& out) {
        if (a.rcp_denial.empty()) return;
        if (out.denied++ < kMaxRcpDenials) {
            out.denials.push_back({p, std::string(action), std::string(resource), a.rcp_denial});
        }
    }

    void admin(std::size_t p, Worker& w) {
        BlastPrincipal& bp = g_.principals[p];
        const Subject& s = subjects_[p];
        Asked a = probe::admin_check(w, s.pl.principal, s.pl.layers, bp.account);
        bp.admin = a.allowed;
        bp.admin_conditional = a.conditional;
        bp.rcp_denial = std::move(a.rcp_denial);
    }

    // The roles this principal's Allow statements naming sts:AssumeRole could reach: all when
    // one reaches any resource.
    std::vector<char> assume_mask(std::size_t p, Worker& w) const {
        std::vector<char> mask(a_.roles.size(), 0);
        const Layers& l = subjects_[p].pl.layers;
        for (const Policy* pol : l.identity) {
            pol->candidates("sts", w.buf);
            for (auto i : w.buf) {
                const Statement& s = pol->statements[i];
                if (s.effect != Effect::kAllow || !names_action(s, "sts:assumerole")) continue;
                if (!s.has_resource || s.not_resource || s.resources_have_variables) {
                    std::fill(mask.begin(), mask.end(), 1);
                    return mask;
                }
                for (const auto& pattern : s.resources) {
                    if (pattern == "*") {
                        std::fill(mask.begin(), mask.end(), 1);
                        return mask;
                    }
                    for (auto r : roles_matching(pattern)) mask[r] = 1;
                }
            }
        }
        return mask;
    }

    void assumes(std::size_t p, Worker& w, Local& out) {
        const BlastPrincipal& bp = g_.principals[p];
        const Subject& s = subjects_[p];
        std::vector<char> mask = assume_mask(p, w);
        // Roles naming the principal (or anyone) are asked about whatever its own policies say:
        // a trust policy naming it grants on its own in the same account. Roles naming only its
        // account delegate to its identity policies, which must name them.
        std::vector<std::size_t> candidates = wildcard_roles_;
        if (auto it = by_arn_.find(bp.arn); it != by_arn_.end()) {
            candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        }
        if (auto it = by_account_.find(bp.account); it != by_account_.end()) {
            for (auto r : it->second) {
                if (mask[r]) candidates.push_back(r);
            }
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (auto r : candidates) {
            const Role& role = a_.roles[r];
            if (bp.kind == PrincipalKind::kRole && bp.index == r) continue;
            Layers tl = s.pl.layers;
            tl.resource = role.trust_policy.get();
            tl.resource_policy_required = true;
            tl.rcp_levels = rcp_levels(s, role.account);
            Asked a = ask(w, s.pl.principal, tl, "sts:AssumeRole", role.arn, role.account);
            if (!a.allowed) {
                deny(p, "sts:AssumeRole", role.arn, a, out);
                continue;
            }
            out.assumes.push_back(AssumeEdge{p, r, a.conditional, std::move(a.hinges_on)});
        }
    }

    // A Resource pattern with the policy variables this principal settles replaced, as the
    // engine would replace them; the others are kept, and the engine's decision on them is
    // conditional.
    std::string settle(std::string_view in, std::size_t p) const {
        const BlastPrincipal& bp = g_.principals[p];
        const Principal& pr = subjects_[p].pl.principal;
        std::string out;
        while (!in.empty()) {
            auto open = in.find("${");
            auto close = open == std::string_view::npos ? open : in.find('}', open);
            if (close == std::string_view::npos) {
                out += in;
                break;
            }
            out += in.substr(0, open);
            std::string_view var = in.substr(open + 2, close - open - 2);
            std::string_view written = in.substr(open, close - open + 1);
            in.remove_prefix(close + 1);
            if (var == "*" || var == "?" || var == "$") {
                out += var;
                continue;
            }
            std::string_view key = var.substr(0, var.find(','));
            while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
            std::optional<std::string> value;
            if (text::iequals(key, "aws:username") && bp.kind == PrincipalKind::kUser) {
                value = a_.users[bp.index].name;
            } else if (text::iequals(key, "aws:PrincipalAccount")) {
                value = bp.account;
            } else if (text::istarts_with(key, "aws:PrincipalTag/")) {
                std::string_view tag = key.substr(17);
                for (const auto& [k, v] : pr.tags) {
                    if (text::iequals(k, tag)) value = v;
                }
            }
            out += value ? std::string_view(*value) : written;
        }
        return out;
    }

    // The decision for each action on one resource, asked once per group of actions that the
    // same statements name: the engine looks at an action only to match statements, so such
    // actions get the same decision.
    class Grouper {
      public:
        Grouper(const Subject& s, const ActionTable& t) : s_(s), t_(t) {}

        std::uint32_t group(std::uint32_t action, Worker& w) {
            auto [it, fresh] = group_of_.try_emplace(action, 0);
            if (!fresh) return it->second;
            std::string_view lower = t_.lower[action];
            std::string_view service = lower.substr(0, lower.find(':'));
            std::string key(service);
            for (std::size_t k = 0; k < s_.deciding.size(); ++k) {
                const Policy* pol = s_.deciding[k];
                if (!pol) continue;
                pol->candidates(service, w.buf);
                for (auto i : w.buf) {
                    if (!names_action(pol->statements[i], lower)) continue;
                    key += '|';
                    key += std::to_string(k);
                    key += '.';
                    key += std::to_string(i);
                }
            }
            auto [gt, added] = ids_.try_emplace(std::move(key), representative_.size());
            if (added) representative_.push_back(action);
            it->second = static_cast<std::uint32_t>(gt->second);
            return it->second;
        }
        std::uint32_t representative(std::uint32_t group) const { return representative_[group]; }

      private:
        const Subject& s_;
        const ActionTable& t_;
        std::unordered_map<std::uint32_t, std::uint32_t> group_of_;
        std::unordered_map<std::string, std::size_t> ids_;
        std::vector<std::uint32_t> representative_;
    };

    void decide(std::size_t p,
                Worker& w,
                Grouper& groups,
                const std::string& resource,
                const std::vector<std::uint32_t>& actions,
                Local& out) {
        const BlastPrincipal& bp = g_.principals[p];
        const Subject& s = subjects_[p];
        // A resource of another account of the organization: that account's RCPs. (The request
        // stays the principal's side of it: the resource's own policy is not in the export.)
        const Layers* layers = &s.pl.layers;
        Layers other;
        if (std::string_view acct = arn_account(resource);
            twelve_digits(acct) && acct != bp.account) {
            other = s.pl.layers;
            other.rcp_levels = rcp_levels(s, acct);
            layers = &other;
        }
        std::unordered_map<std::uint32_t, Asked> asked;
        LocalAct act;
        for (auto x : actions) {
            std::uint32_t gid = groups.group(x, w);
            auto it = asked.find(gid);
            if (it == asked.end()) {
                std::uint32_t rep = groups.representative(gid);
                it = asked
                         .emplace(gid, ask(w, s.pl.principal, *layers, t_.lower[rep], resource,
                                           bp.account))
                         .first;
                if (!it->second.rcp_denial.empty()) {
                    const Action& a = *t_.actions[rep];
                    deny(p, std::string(a.service) + ":" + std::string(a.name), resource,
                         it->second, out);
                }
            }
            const Asked& a = it->second;
            if (!a.allowed) continue;
            act.actions.push_back(x);
            act.categories |= static_cast<CategoryBits>(1u << t_.category[x]);
            if (a.conditional) {
                merge_keys(act.hinges_on, a.hinges_on);
            } else {
                act.unconditional = true;
            }
        }
        if (act.actions.empty()) return;
        auto [it, fresh] = out.acts.try_emplace(resource);
        if (fresh) {
            it->second = std::move(act);
            return;
        }
        LocalAct& into = it->second;
        into.actions.insert(into.actions.end(), act.actions.begin(), act.actions.end());
        std::sort(into.actions.begin(), into.actions.end());
        into.actions.erase(std::unique(into.actions.begin(), into.actions.end()),
                           into.actions.end());
        into.categories |= act.categories;
        into.unconditional = into.unconditional || act.unconditional;
        merge_keys(into.hinges_on, act.hinges_on);
    }

    void acts(std::size_t p, Worker& w, Local& out) {
        const Subject& s = subjects_[p];
        std::map<std::string, std::vector<std::uint32_t>> want;
        std::vector<std::vector<std::uint32_t>> asked(requested_.size());
        for (const Policy* pol : s.pl.layers.identity) {
            bool variables = pol->variables_allowed();
            for (const auto& st : pol->statements) {
                auto it = targets_.find(&st);
                if (it == targets_.end()) continue;
                for (const Target& t : it->second) {
                    std::string r = st.resources_have_variables && variables &&
                                            t.pattern.find("${") != std::string::npos
                                        ? settle(t.pattern, p)
                                        : t.pattern;
                    for (std::size_t k = 0; k < requested_.size(); ++k) {
                        // A superset of what can apply: the engine decides.
                        if (r == "*" || st.not_resource || arn_match(r, requested_[k])) {
                            std::set_intersection(t.actions.begin(), t.actions.end(),
                                                  applicable_[k].begin(), applicable_[k].end(),
                                                  std::back_inserter(asked[k]));
                        }
                    }
                    auto& v = want[std::move(r)];
                    v.insert(v.end(), t.actions.begin(), t.actions.end());
                }
            }
        }
        // A boundary (or session policy) naming narrower resources than the identity policies
        // is where a grant on "*" can still reach: "s3:* on *" within a boundary allowing
        // s3:GetObject on one bucket reaches that bucket, though not "*".
        std::vector<std::uint32_t> named;
        for (const auto& [r, actions] : want)
            named.insert(named.end(), actions.begin(), actions.end());
        std::sort(named.begin(), named.end());
        named.erase(std::unique(named.begin(), named.end()), named.end());
        auto narrower = [&](const Policy* pol) {
            if (!pol) return;
            bool variables = pol->variables_allowed();
            for (const auto& st : pol->statements) {
                auto it = targets_.find(&st);
                if (it == targets_.end()) continue;
                for (const Target& t : it->second) {
                    if (t.pattern == "*") continue;
                    std::vector<std::uint32_t> both;
                    std::set_intersection(t.actions.begin(), t.actions.end(), named.begin(),
                                          named.end(), std::back_inserter(both));
                    if (both.empty()) continue;
                    std::string r = st.resources_have_variables && variables &&
                                            t.pattern.find("${") != std::string::npos
                                        ? settle(t.pattern, p)
                                        : t.pattern;
                    auto& v = want[std::move(r)];
                    v.insert(v.end(), both.begin(), both.end());
                }
            }
        };
        for (const Policy* pol : s.pl.layers.boundary) narrower(pol);
        for (const Policy* pol : s.pl.layers.session) narrower(pol);
        for (std::size_t k = 0; k < requested_.size(); ++k) {
            if (asked[k].empty()) continue;
            auto& v = want[requested_[k]];
            v.insert(v.end(), asked[k].begin(), asked[k].end());
        }
        Grouper groups(s, t_);
        for (auto& [resource, actions] : want) {
            std::sort(actions.begin(), actions.end());
            actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
            bool requested =
                std::find(requested_.begin(), requested_.end(), resource) != requested_.end();
            if (!requested && iam_role_pattern(resource)) {
                auto roles = roles_matching(resource);
                if (!roles.empty() && roles.size() <= kMaxRoleExpansion) {
                    for (auto r : roles) decide(p, w, groups, a_.roles[r].arn, actions, out);
                    continue;
                }
            }
            decide(p, w, groups, resource, actions, out);
        }
    }

    // Resources get indices in ARN order; edges get them and go to their principals.
    void merge(std::vector<Local>& local) {
        std::map<std::string_view, std::size_t> index;
        for (const auto& l : local) {
            for (const auto& [arn, act] : l.acts) index.emplace(arn, 0);
        }
        for (const auto& arn : requested_) index.emplace(arn, 0);
        std::map<std::string_view, std::size_t> role_by_arn;
        for (std::size_t r = 0; r < a_.roles.size(); ++r) role_by_arn.emplace(a_.roles[r].arn, r);
        for (auto& [arn, i] : index) {
            i = g_.resources.size();
            BlastResource res;
            res.arn = std::string(arn);
            res.pattern = has_wildcard(arn);
            res.requested =
                std::find(requested_.begin(), requested_.end(), arn) != requested_.end();
            if (auto it = role_by_arn.find(arn); it != role_by_arn.end()) res.role = it->second;
            if (iam_role_pattern(arn)) res.roles_matched = roles_matching(arn).size();
            g_.resources.push_back(std::move(res));
        }
        for (std::size_t p = 0; p < local.size(); ++p) {
            BlastPrincipal& bp = g_.principals[p];
            for (auto& [arn, act] : local[p].acts) {
                ActEdge e;
                e.principal = p;
                e.resource = index.at(arn);
                e.categories = act.categories;
                for (auto x : act.actions) e.actions.push_back(t_.actions[x]);
                e.conditional = !act.unconditional;
                if (e.conditional) e.hinges_on = std::move(act.hinges_on);
                std::string_view acct = arn_account(arn);
                e.cross_account = twelve_digits(acct) && acct != bp.account;
                bp.acts.push_back(g_.acts.size());
                g_.resources[e.resource].acts.push_back(g_.acts.size());
                g_.acts.push_back(std::move(e));
            }
            auto& edges = local[p].assumes;
            std::sort(edges.begin(), edges.end(), [&](const AssumeEdge& x, const AssumeEdge& y) {
                return a_.roles[x.to].arn < a_.roles[y.to].arn;
            });
            for (auto& e : edges) {
                e.to = a_.users.size() + e.to;
                bp.assumes.push_back(g_.assumes.size());
                g_.principals[e.to].assumed_by.push_back(g_.assumes.size());
                g_.assumes.push_back(std::move(e));
            }
        }
        for (auto& r : g_.resources) r.principals_direct = r.acts.size();
    }

    // The principals in strongly connected components of the sts:AssumeRole graph, each
    // component after every component it can reach (Tarjan's algorithm, without recursion).
    std::vector<std::vector<std::size_t>> components() const {
        const std::size_t n = g_.principals.size();
        constexpr std::size_t kUnseen = SIZE_MAX;
        std::vector<std::size_t> index(n, kUnseen), low(n, 0);
        std::vector<char> on_stack(n, 0);
        std::vector<std::size_t> stack;
        std::vector<std::pair<std::size_t, std::size_t>> calls;  // node, next out-edge
        std::vector<std::vector<std::size_t>> out;
        std::size_t counter = 0;
        auto enter = [&](std::size_t v) {
            index[v] = low[v] = counter++;
            stack.push_back(v);
            on_stack[v] = 1;
            calls.emplace_back(v, 0);
        };
        for (std::size_t root = 0; root < n; ++root) {
            if (index[root] != kUnseen) continue;
            enter(root);
            while (!calls.empty()) {
                std::size_t v = calls.back().first;
                const auto& edges = g_.principals[v].assumes;
                if (calls.back().second < edges.size()) {
                    std::size_t w = g_.assumes[edges[calls.back().second++]].to;
                    if (index[w] == kUnseen) {
                        enter(w);
                    } else if (on_stack[w]) {
                        low[v] = std::min(low[v], index[w]);
                    }
                    continue;
                }
                calls.pop_back();
                if (!calls.empty()) {
                    std::size_t parent = calls.back().first;
                    low[parent] = std::min(low[parent], low[v]);
                }
                if (low[v] != index[v]) continue;
                std::vector<std::size_t> members;
                std::size_t w = 0;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    members.push_back(w);
                } while (w != v);
                std::sort(members.begin(), members.end());
                out.push_back(std::move(members));
            }
        }
        return out;
    }

    static std::size_t worst(CategoryBits bits) {
        for (std::size_t c = 0; c < kReachCategories; ++c) {
            if (bits & (1u << c)) return c;
        }
        return kReachCategories;
    }

    // The kTopResources most dangerous edges of candidates, one per resource (BlastPrincipal::top);
    // among equal ones, those of `self`.
    std::vector<std::size_t> best(std::vector<std::size_t> candidates,
                                  std::size_t self = SIZE_MAX) const {
        auto key = [&](std::size_t e) {
            const ActEdge& a = g_.acts[e];
            const BlastResource& r = g_.resources[a.resource];
            return std::make_tuple(worst(a.categories),
                                   r.arn == "*" ? 0
                                   : r.pattern  ? 1
                                                : 2,
                                   SIZE_MAX - a.actions.size(), a.resource, a.principal != self,
                                   a.principal);
        };
        std::sort(candidates.begin(), candidates.end(),
                  [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
        std::vector<std::size_t> out;
        for (auto e : candidates) {
            if (out.size() == kTopResources) break;
            if (std::none_of(out.begin(), out.end(), [&](std::size_t o) {
                    return g_.acts[o].resource == g_.acts[e].resource;
                })) {
                out.push_back(e);
            }
        }
        return out;
    }

    // What every principal reaches in all. The principals of one component can become each
    // other, so they reach the same roles and resources: each component is summarised once, from
    // its members' own edges and the summaries of the components they can assume roles in, so
    // chains are never walked principal by principal. A summary is kept until the last component
    // that needs it is done, within BlastOptions::summary_bytes; past that, a component is
    // summarised by walking the components it reaches instead (slower, never more memory).
    void summarize() {
        const std::size_t n = g_.principals.size();
        auto comps = components();
        std::vector<std::size_t> comp_of(n);
        for (std::size_t c = 0; c < comps.size(); ++c) {
            for (auto p : comps[c]) comp_of[p] = c;
        }
        std::vector<std::vector<std::size_t>> next(comps.size());
        std::vector<std::size_t> waiting(comps.size(), 0);
        for (std::size_t c = 0; c < comps.size(); ++c) {
            for (auto p : comps[c]) {
                for (auto e : g_.principals[p].assumes) {
                    std::size_t d = comp_of[g_.assumes[e].to];
                    if (d != c) next[c].push_back(d);
                }
            }
            std::sort(next[c].begin(), next[c].end());
            next[c].erase(std::unique(next[c].begin(), next[c].end()), next[c].end());
            for (auto d : next[c]) ++waiting[d];
        }
        struct Summary {
            bool kept = false;
            std::vector<std::uint64_t> roles;  // a bit per principal it can become
            std::vector<std::pair<std::uint32_t, CategoryBits>> reach;  // by resource
            std::vector<std::size_t> top;
            [[nodiscard]] std::size_t bytes() const {
                return roles.size() * 8 + reach.size() * 8 + top.size() * 8;
            }
        };
        const std::size_t words = (n + 63) / 64;
        auto set = [](std::vector<std::uint64_t>& bits, std::size_t i) {
            bits[i / 64] |= std::uint64_t{1} << (i % 64);
        };
        std::vector<Summary> sums(comps.size());
        std::size_t kept_bytes = 0;
        std::vector<CategoryBits> bits(g_.resources.size(), 0);
        std::vector<std::size_t> touched, visited(comps.size(), SIZE_MAX), stack;
        for (std::size_t c = 0; c < comps.size(); ++c) {
            const auto& members = comps[c];
            const bool cyclic = members.size() > 1;
            Summary s;
            s.roles.assign(words, 0);
            std::vector<std::size_t> candidates;
            auto add = [&](std::size_t r, CategoryBits cb) {
                if (!bits[r]) touched.push_back(r);
                bits[r] |= cb;
            };
            auto own = [&](std::size_t x) {
                for (auto p : comps[x]) {
                    if (x != c || cyclic) set(s.roles, p);
                    for (auto e : g_.principals[p].acts) {
                        add(g_.acts[e].resource, g_.acts[e].categories);
                        candidates.push_back(e);
                    }
                }
            };
            // This component, then every component it reaches: from its summary when one is
            // kept, else by going on to the components that one reaches.
            visited[c] = c;
            stack.assign(1, c);
            while (!stack.empty()) {
                std::size_t x = stack.back();
                stack.pop_back();
                if (x != c && sums[x].kept) {
                    const Summary& t = sums[x];
                    for (auto q : comps[x]) set(s.roles, q);
                    for (std::size_t k = 0; k < words; ++k) s.roles[k] |= t.roles[k];
                    for (const auto& [r, cb] : t.reach) add(r, cb);
                    candidates.insert(candidates.end(), t.top.begin(), t.top.end());
                    continue;
                }
                own(x);
                for (auto d : next[x]) {
                    if (visited[d] == c) continue;
                    visited[d] = c;
                    stack.push_back(d);
                }
            }
            for (auto d : next[c]) {
                if (--waiting[d] == 0 && sums[d].kept) {
                    kept_bytes -= sums[d].bytes();
                    sums[d] = Summary{};
                }
            }
            if (touched.size() > g_.resources.size() / 16) {
                // Most resources: a pass over all of them is cheaper than sorting.
                touched.clear();
                for (std::size_t r = 0; r < bits.size(); ++r) {
                    if (bits[r]) touched.push_back(r);
                }
            } else {
                std::sort(touched.begin(), touched.end());
            }
            std::array<std::size_t, kReachCategories> total{};
            for (auto r : touched) {
                s.reach.emplace_back(static_cast<std::uint32_t>(r), bits[r]);
                for (std::size_t k = 0; k < kReachCategories; ++k) total[k] += (bits[r] >> k) & 1u;
                g_.resources[r].principals_total += members.size();
                bits[r] = 0;
            }
            touched.clear();
            s.top = best(std::move(candidates));
            std::size_t roles = 0;
            for (auto word : s.roles) roles += static_cast<std::size_t>(std::popcount(word));
            for (auto p : members) {
                BlastPrincipal& bp = g_.principals[p];
                bp.roles_reachable = roles - (cyclic ? 1 : 0);
                bp.total = total;
                // The same resources for every member, by its own edges where it has them.
                std::vector<std::size_t> mine = s.top;
                mine.insert(mine.end(), bp.acts.begin(), bp.acts.end());
                bp.top = best(std::move(mine), p);
                for (auto e : bp.acts) {
                    for (std::size_t k = 0; k < kReachCategories; ++k) {
                        bp.direct[k] += (g_.acts[e].categories >> k) & 1u;
                    }
                }
            }
            if (waiting[c] > 0 && kept_bytes + s.bytes() <= options_.summary_bytes) {
                s.kept = true;
                kept_bytes += s.bytes();
                sums[c] = std::move(s);
            }
        }
    }

    // For every principal the nearest admin role it can become: one search backwards from all
    // of them at once.
    void nearest_admin_roles() {
        const std::size_t n = g_.principals.size();
        std::vector<std::size_t> hops(n, SIZE_MAX), source(n, 0);
        std::deque<std::size_t> queue;
        for (std::size_t p = 0; p < n; ++p) {
            if (g_.principals[p].admin && g_.principals[p].kind == PrincipalKind::kRole) {
                hops[p] = 0;
                source[p] = p;
                queue.push_back(p);
            }
        }
        while (!queue.empty()) {
            std::size_t v = queue.front();
            queue.pop_front();
            for (auto e : g_.principals[v].assumed_by) {
                std::size_t u = g_.assumes[e].from;
                if (hops[u] != SIZE_MAX) continue;
                hops[u] = hops[v] + 1;
                source[u] = source[v];
                queue.push_back(u);
            }
        }
        constexpr auto kAdmin = static_cast<std::size_t>(ReachCategory::kAdmin);
        for (std::size_t p = 0; p < n; ++p) {
            BlastPrincipal& bp = g_.principals[p];
            if (hops[p] != SIZE_MAX && hops[p] > 0) {
                bp.admin_role = source[p];
                bp.admin_role_hops = hops[p];
            }
            bp.direct[kAdmin] = bp.admin ? 1 : 0;
            bp.total[kAdmin] = bp.admin || bp.admin_role || bp.escalation_steps > 0 ? 1 : 0;
        }
    }

    const Accounts& a_;
    const BlastOptions& options_;
    const ActionTable& t_;
    OrgRequests org_;
    BlastRadius g_;
    std::vector<Subject> subjects_;
    std::vector<std::pair<std::string, std::size_t>> role_arns_;  // sorted
    std::vector<std::string> requested_;
    std::vector<std::vector<std::uint32_t>> applicable_;  // by requested resource
    std::unordered_map<std::string, std::vector<std::uint32_t>> expanded_;
    std::unordered_map<const Statement*, std::vector<Target>> targets_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_arn_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_account_;
    std::vector<std::size_t> wildcard_roles_;
    std::deque<Worker> workers_;
};

}  // namespace

std::string_view to_string(ReachCategory c) {
    switch (c) {
        case ReachCategory::kAdmin:
            return "admin";
        case ReachCategory::kCredentialAccess:
            return "credential-access";
        case ReachCategory::kPermissionsManagement:
            return "permissions-management";
        case ReachCategory::kResourceExposure:
            return "resource-exposure";
        case ReachCategory::kDataRead:
            return "data-read";
        case ReachCategory::kDataWrite:
            return "data-write";
        case ReachCategory::kInfrastructureWrite:
            return "infrastructure-write";
    }
    return "?";
}

std::optional<ReachCategory> category_of(const Action& action) {
    const ActionTable& t = table();
    auto it = t.index.find(&action);
    std::uint8_t c =
        it != t.index.end() ? t.category[it->second] : t.classify(action, lower_name(action));
    if (c == kNoCategory) return std::nullopt;
    return static_cast<ReachCategory>(c);
}

BlastRadius blast_radius(const Accounts& accounts,
                         const BlastOptions& options,
                         core::Diagnostics& diags) {
    Builder b(accounts, options, diags);
    return b.run();
}

std::vector<ReachedRole> reachable_roles(const BlastRadius& g,
                                         std::size_t principal,
                                         std::size_t limit) {
    std::vector<ReachedRole> out;
    if (principal >= g.principals.size()) return out;
    std::unordered_map<std::size_t, std::size_t> at;  // principal -> position in out
    std::deque<std::size_t> queue{principal};
    std::size_t layer_end = 1;  // queue pops before the current hop's last node is expanded
    std::size_t popped = 0;
    while (!queue.empty()) {
        if (popped == layer_end) {
            // A hop is complete: stop once it holds the limit-th role.
            if (limit > 0 && out.size() >= limit) break;
            layer_end = popped + queue.size();
        }
        std::size_t u = queue.front();
        queue.pop_front();
        ++popped;
        for (auto e : g.principals[u].assumes) {
            const AssumeEdge& edge = g.assumes[e];
            std::size_t v = edge.to;
            if (v == principal || at.contains(v)) continue;
            ReachedRole rr;
            rr.role = v;
            rr.previous = u;
            if (u == principal) {
                rr.hops = 1;
            } else {
                const ReachedRole& before = out[at.at(u)];
                rr.hops = before.hops + 1;
                rr.conditional = before.conditional;
                rr.hinges_on = before.hinges_on;
            }
            rr.conditional = rr.conditional || edge.conditional;
            merge_keys(rr.hinges_on, edge.hinges_on);
            at.emplace(v, out.size());
            out.push_back(std::move(rr));
            queue.push_back(v);
        }
    }
    std::stable_sort(out.begin(), out.end(), [&](const ReachedRole& x, const ReachedRole& y) {
        if (x.hops != y.hops) return x.hops < y.hops;
        return g.principals[x.role].arn < g.principals[y.role].arn;
    });
    return out;
}

std::vector<std::size_t> chain_to(const std::vector<ReachedRole>& reached,
                                  std::size_t principal,
                                  std::size_t role) {
    std::vector<std::size_t> out;
    for (std::size_t v = role; v != principal;) {
        auto it = std::find_if(reached.begin(), reached.end(),
                               [&](const ReachedRole& r) { return r.role == v; });
        if (it == reached.end() || out.size() > reached.size()) return {};
        out.push_back(v);
        v = it->previous;
    }
    out.push_back(principal);
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<Reach> reach_of(const BlastRadius& g, std::size_t principal) {
    std::vector<Reach> out;
    if (principal >= g.principals.size()) return out;
    std::vector<char> seen(g.resources.size(), 0);
    for (auto e : g.principals[principal].acts) {
        const ActEdge& edge = g.acts[e];
        seen[edge.resource] = 1;
        out.push_back(Reach{principal, edge.resource, e, 0, {}, edge.conditional});
    }
    auto reached = reachable_roles(g, principal);
    for (const auto& rr : reached) {
        std::vector<std::size_t> chain;
        for (auto e : g.principals[rr.role].acts) {
            const ActEdge& edge = g.acts[e];
            if (seen[edge.resource]) continue;
            seen[edge.resource] = 1;
            if (chain.empty()) {
                chain = chain_to(reached, principal, rr.role);
                if (!chain.empty()) chain.erase(chain.begin());
            }
            out.push_back(Reach{principal, edge.resource, e, rr.hops, chain,
                                rr.conditional || edge.conditional});
        }
    }
    return out;
}

std::vector<Reach> who_reaches(const BlastRadius& g, std::size_t resource) {
    std::vector<Reach> out;
    if (resource >= g.resources.size()) return out;
    std::unordered_map<std::size_t, std::size_t> at;  // principal -> position in out
    std::deque<std::size_t> queue;
    for (auto e : g.resources[resource].acts) {
        const ActEdge& edge = g.acts[e];
        if (at.contains(edge.principal)) continue;
        at.emplace(edge.principal, out.size());
        out.push_back(Reach{edge.principal, resource, e, 0, {}, edge.conditional});
        queue.push_back(edge.principal);
    }
    // Backwards along sts:AssumeRole edges: whoever can become a principal that reaches it.
    while (!queue.empty()) {
        std::size_t v = queue.front();
        queue.pop_front();
        for (auto e : g.principals[v].assumed_by) {
            const AssumeEdge& edge = g.assumes[e];
            std::size_t u = edge.from;
            if (at.contains(u)) continue;
            const Reach& next = out[at.at(v)];
            Reach r;
            r.principal = u;
            r.resource = resource;
            r.edge = next.edge;
            r.hops = next.hops + 1;
            r.chain.push_back(v);
            r.chain.insert(r.chain.end(), next.chain.begin(), next.chain.end());
            r.conditional = next.conditional || edge.conditional;
            at.emplace(u, out.size());
            out.push_back(std::move(r));
            queue.push_back(u);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Reach& x, const Reach& y) {
        return x.hops != y.hops ? x.hops < y.hops : x.principal < y.principal;
    });
    return out;
}

ChainsTo chains_to(const BlastRadius& g, std::size_t role) {
    ChainsTo out;
    out.role = role;
    out.next.assign(g.principals.size(), SIZE_MAX);
    out.hops.assign(g.principals.size(), SIZE_MAX);
    if (role >= g.principals.size()) return out;
    out.hops[role] = 0;
    std::deque<std::size_t> queue{role};
    while (!queue.empty()) {
        std::size_t v = queue.front();
        queue.pop_front();
        for (auto e : g.principals[v].assumed_by) {
            std::size_t u = g.assumes[e].from;
            if (out.hops[u] != SIZE_MAX) continue;
            out.hops[u] = out.hops[v] + 1;
            out.next[u] = v;
            queue.push_back(u);
        }
    }
    return out;
}

Reach reach_by(const BlastRadius& g,
               const ChainsTo& chains,
               std::size_t principal,
               std::size_t edge) {
    Reach r;
    r.principal = principal;
    r.edge = edge;
    if (edge >= g.acts.size() || principal >= g.principals.size()) return r;
    const ActEdge& act = g.acts[edge];
    r.resource = act.resource;
    r.conditional = act.conditional;
    if (act.principal == principal || chains.role != act.principal ||
        chains.next.size() != g.principals.size()) {
        return r;
    }
    for (std::size_t u = principal; u != chains.role && chains.next[u] != SIZE_MAX;) {
        std::size_t v = chains.next[u];
        for (auto e : g.principals[u].assumes) {
            if (g.assumes[e].to == v) r.conditional = r.conditional || g.assumes[e].conditional;
        }
        r.chain.push_back(v);
        u = v;
    }
    r.hops = r.chain.size();
    return r;
}

}  // namespace wasp::iam
