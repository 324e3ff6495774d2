#include "iam/paths.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "iam/catalog.h"
#include "iam/escalation.h"
#include "iam/organization.h"
#include "iam/probe.h"
#include "iam/text.h"

namespace wasp::iam {

namespace {

constexpr std::string_view kAdminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess";

enum class Kind : std::uint8_t {
    kSelfPutRole,
    kSelfAttachRole,
    kSelfPutUser,
    kSelfAttachUser,
    kPolicyVersion,
    kSetDefaultVersion,
    kGroupAttach,
    kGroupPut,
    kAddToGroup,
    kUserCredential,
    kCovered,  // its edges are those of another technique
    kUpdateTrust,
    kAssumeRole,
    kModifyRole,
    kModifyUser,
    kNewPassRole,
    kExistingPassRole,
};

struct Spec {
    std::string_view id;
    Kind kind;
    std::string_view service;  // when the prerequisites text does not name it
    bool needs_inventory;
    std::string_view note;
};

// How each technique is modelled. The services of passrole techniques come from the
// prerequisites text ("trusts ec2.amazonaws.com") where it names them; `service` fills in the rest.
constexpr Spec kSpecs[] = {
    {"iam-001", Kind::kPolicyVersion, "", false,
     "CreatePolicyVersion on a customer managed policy attached to the principal or its groups"},
    {"iam-002", Kind::kUserCredential, "", false, "CreateAccessKey on another user"},
    {"iam-003", Kind::kCovered, "", false,
     "the export does not list access keys, so the two-key limit is not modelled: the iam-002 "
     "edge (CreateAccessKey on the user) stands for both"},
    {"iam-004", Kind::kUserCredential, "", false,
     "CreateLoginProfile on another user (the export does not say whether it has a password)"},
    {"iam-005", Kind::kSelfPutRole, "", false, "PutRolePolicy on its own role"},
    {"iam-006", Kind::kUserCredential, "", false, "UpdateLoginProfile on another user"},
    {"iam-007", Kind::kSelfPutUser, "", false, "PutUserPolicy on itself"},
    {"iam-008", Kind::kSelfAttachUser, "", false,
     "AttachUserPolicy on itself with iam:PolicyARN = AdministratorAccess"},
    {"iam-009", Kind::kSelfAttachRole, "", false,
     "AttachRolePolicy on its own role with iam:PolicyARN = AdministratorAccess"},
    {"iam-010", Kind::kGroupAttach, "", false, "AttachGroupPolicy on one of its groups"},
    {"iam-011", Kind::kGroupPut, "", false, "PutGroupPolicy on one of its groups"},
    {"iam-012", Kind::kUpdateTrust, "", false, "UpdateAssumeRolePolicy on a role of its account"},
    {"iam-013", Kind::kAddToGroup, "", false,
     "AddUserToGroup of itself to a group that makes it admin (its boundary applied)"},
    {"iam-014", Kind::kModifyRole, "", false, "AttachRolePolicy on a role it can assume"},
    {"iam-015", Kind::kModifyUser, "", false,
     "AttachUserPolicy and CreateAccessKey on another user"},
    {"iam-016", Kind::kModifyRole, "", false,
     "CreatePolicyVersion on a customer managed policy of a role it can assume"},
    {"iam-017", Kind::kModifyRole, "", false, "PutRolePolicy on a role it can assume"},
    {"iam-018", Kind::kModifyUser, "", false, "PutUserPolicy and CreateAccessKey on another user"},
    {"iam-019", Kind::kModifyRole, "", false,
     "AttachRolePolicy and UpdateAssumeRolePolicy on a role"},
    {"iam-020", Kind::kModifyRole, "", false,
     "CreatePolicyVersion on a policy of a role, and UpdateAssumeRolePolicy on it"},
    {"iam-021", Kind::kModifyRole, "", false, "PutRolePolicy and UpdateAssumeRolePolicy on a role"},
    {"sts-001", Kind::kAssumeRole, "", false,
     "sts:AssumeRole allowed by its policies and by the role's trust policy"},
    {"wasp-001", Kind::kSetDefaultVersion, "", true,
     "SetDefaultPolicyVersion on an attached customer managed policy with several versions; "
     "only the default version is loaded, so whether an older one grants more is unknown"},
    {"apprunner-001", Kind::kNewPassRole, "", false, ""},
    {"apprunner-002", Kind::kExistingPassRole, "tasks.apprunner.amazonaws.com", true, ""},
    {"bedrock-001", Kind::kNewPassRole, "", false, ""},
    {"bedrock-002", Kind::kExistingPassRole, "bedrock-agentcore.amazonaws.com", true, ""},
    {"cloudformation-001", Kind::kNewPassRole, "", false, ""},
    {"cloudformation-002", Kind::kExistingPassRole, "cloudformation.amazonaws.com", true, ""},
    {"cloudformation-003", Kind::kNewPassRole, "cloudformation.amazonaws.com", false,
     "the passed StackSet administration role is taken as one trusting CloudFormation"},
    {"cloudformation-004", Kind::kNewPassRole, "cloudformation.amazonaws.com", true,
     "needs an existing StackSet"},
    {"cloudformation-005", Kind::kExistingPassRole, "cloudformation.amazonaws.com", true,
     "needs an existing stack with this service role"},
    {"codebuild-001", Kind::kNewPassRole, "", false, ""},
    {"codebuild-002", Kind::kExistingPassRole, "codebuild.amazonaws.com", true, ""},
    {"codebuild-003", Kind::kExistingPassRole, "codebuild.amazonaws.com", true, ""},
    {"codebuild-004", Kind::kNewPassRole, "", false, ""},
    {"datapipeline-001", Kind::kNewPassRole, "", false, ""},
    {"ec2instanceconnect-003", Kind::kExistingPassRole, "ec2.amazonaws.com", true, ""},
    {"ec2-001", Kind::kNewPassRole, "", false, "the role needs an instance profile"},
    {"ec2-002", Kind::kExistingPassRole, "ec2.amazonaws.com", true, ""},
    {"ec2-003", Kind::kNewPassRole, "", false, "the role needs an instance profile"},
    {"ec2-004", Kind::kExistingPassRole, "ec2.amazonaws.com", true,
     "needs a launch template naming the role and something launching from it"},
    {"ecs-001", Kind::kNewPassRole, "", false, ""},
    {"ecs-002", Kind::kNewPassRole, "", false, ""},
    {"ecs-003", Kind::kNewPassRole, "", true, "needs an existing ECS cluster"},
    {"ecs-004", Kind::kNewPassRole, "", true, "needs an existing ECS cluster"},
    {"ecs-005", Kind::kNewPassRole, "", true,
     "needs an ECS cluster with a registered container instance"},
    {"glue-001", Kind::kNewPassRole, "", false, ""},
    {"glue-002", Kind::kExistingPassRole, "glue.amazonaws.com", true, ""},
    {"glue-003", Kind::kNewPassRole, "", false, ""},
    {"glue-004", Kind::kNewPassRole, "", false, ""},
    {"glue-005", Kind::kNewPassRole, "", true, "needs an existing Glue job"},
    {"glue-006", Kind::kNewPassRole, "", true, "needs an existing Glue job"},
    {"lambda-001", Kind::kNewPassRole, "", false, ""},
    {"lambda-002", Kind::kNewPassRole, "", true,
     "needs an event source (DynamoDB or Kinesis stream, SQS queue) to map"},
    {"lambda-003", Kind::kExistingPassRole, "lambda.amazonaws.com", true, ""},
    {"lambda-004", Kind::kExistingPassRole, "lambda.amazonaws.com", true, ""},
    {"lambda-005", Kind::kExistingPassRole, "lambda.amazonaws.com", true, ""},
    {"lambda-006", Kind::kNewPassRole, "", false, ""},
    {"sagemaker-001", Kind::kNewPassRole, "", false, ""},
    {"sagemaker-002", Kind::kNewPassRole, "", false, ""},
    {"sagemaker-003", Kind::kNewPassRole, "", false, ""},
    {"sagemaker-004", Kind::kExistingPassRole, "sagemaker.amazonaws.com", true, ""},
    {"sagemaker-005", Kind::kExistingPassRole, "sagemaker.amazonaws.com", true, ""},
    {"ssm-001", Kind::kExistingPassRole, "ec2.amazonaws.com", true,
     "needs a running instance with the SSM agent and this role"},
    {"ssm-002", Kind::kExistingPassRole, "ec2.amazonaws.com", true,
     "needs a running instance with the SSM agent and this role"},
};

const Spec* spec_of(std::string_view id) {
    for (const auto& s : kSpecs) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

// Service principals named in prerequisites: "trusts ec2.amazonaws.com", "trusts
// datapipeline.amazonaws.com or elasticmapreduce.amazonaws.com".
std::vector<std::string> services_in(const std::vector<std::string>& prerequisites) {
    std::vector<std::string> out;
    for (const auto& line : prerequisites) {
        if (line.find("trusts") == std::string::npos) continue;
        std::string_view rest = line;
        for (auto at = rest.find(".amazonaws.com"); at != std::string_view::npos;
             at = rest.find(".amazonaws.com")) {
            std::size_t b = at;
            while (b > 0 && (std::isalnum(static_cast<unsigned char>(rest[b - 1])) ||
                             rest[b - 1] == '-' || rest[b - 1] == '.')) {
                --b;
            }
            std::string s(rest.substr(b, at - b + 14));
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
            rest.remove_prefix(at + 14);
        }
    }
    return out;
}

std::vector<TechniqueInfo> build_coverage() {
    std::vector<TechniqueInfo> out;
    for (const auto& p : escalation_paths()) {
        TechniqueInfo t;
        t.id = p.id;
        t.name = p.name;
        t.category = p.category;
        const Spec* s = spec_of(p.id);
        if (!s) {
            t.note = "not modelled: no handler for this technique in this build";
        } else {
            t.handled = s->kind != Kind::kCovered;
            t.needs_inventory = s->needs_inventory;
            t.note = std::string(s->note);
            if (s->kind == Kind::kNewPassRole || s->kind == Kind::kExistingPassRole) {
                auto named = services_in(p.prerequisites);
                if (named.empty() && !s->service.empty()) named.emplace_back(s->service);
                for (std::size_t i = 0; i < named.size(); ++i) {
                    t.service += (i ? "," : "") + named[i];
                }
                if (t.service.empty()) {
                    t.handled = false;
                    t.note = "not modelled: no service principal known for the passed role";
                }
            }
        }
        out.push_back(std::move(t));
    }
    return out;
}

// A resource ARN for an action in an account: the first resource type's pattern with the
// placeholders filled ("arn:aws:lambda:us-east-1:ACCOUNT:function:wasp-probe"); "*" for actions
// without a resource type or unknown to the catalog.
std::string probe_arn(std::string_view action, std::string_view account) {
    const Action* a = Catalog::builtin().action(action);
    if (!a || a->resources.empty()) return "*";
    const ActionResource* pick = &a->resources.front();
    for (const auto& r : a->resources) {
        if (r.required) {
            pick = &r;
            break;
        }
    }
    std::string_view pattern = pick->type->arn_pattern;
    if (auto comma = pattern.find(", "); comma != std::string_view::npos) {
        pattern = pattern.substr(0, comma);
    }
    std::string out;
    while (!pattern.empty()) {
        auto open = pattern.find("${");
        out += pattern.substr(0, open);
        if (open == std::string_view::npos) break;
        auto close = pattern.find('}', open);
        if (close == std::string_view::npos) break;
        std::string_view name = pattern.substr(open + 2, close - open - 2);
        if (name == "Partition") {
            out += "aws";
        } else if (name == "Region") {
            out += "us-east-1";
        } else if (name == "Account") {
            out += account;
        } else {
            out += "wasp-probe";
        }
        pattern.remove_prefix(close + 1);
    }
    return out;
}

using probe::admin_check;
using probe::ask;
using probe::Asked;

// The layers of one principal with everything the analysis needs about it.
struct Subject {
    PrincipalLayers pl;
    std::string account;
    std::vector<std::string> groups;           // group ARNs (users)
    std::vector<const Group*> group_ptrs;      // (users)
    std::vector<const ManagedPolicy*> custom;  // customer managed policies attached, directly or
                                               // through groups
    std::vector<char> maybe;                   // by action index: some Allow names it
    // By action index, for actions some Allow names: the Resource patterns of those Allows, or
    // nullopt when one reaches any resource (NotResource, a policy variable): a target ARN no
    // pattern matches cannot be allowed, so it is not asked about.
    std::vector<std::optional<std::vector<std::string>>> targets;
};

bool names_action(const Statement& s, std::string_view action) {
    bool named = std::any_of(s.actions.begin(), s.actions.end(),
                             [&](const std::string& a) { return glob_match(a, action); });
    return named != s.not_action;
}

// Whether some identity policy has an Allow statement naming the action (whatever its resource
// or condition): a cheap superset of what evaluate can allow, to skip what it cannot.
bool maybe_allowed(const Layers& layers, std::string_view action, std::vector<std::uint32_t>& buf) {
    std::string_view service = action.substr(0, action.find(':'));
    for (const Policy* p : layers.identity) {
        buf.clear();
        p->candidates(service, buf);
        for (auto i : buf) {
            const Statement& s = p->statements[i];
            if (s.effect == Effect::kAllow && names_action(s, action)) return true;
        }
    }
    return false;
}

// The Resource patterns of the Allow statements naming the action (see Subject::targets).
std::optional<std::vector<std::string>> allow_patterns(const Layers& layers,
                                                       std::string_view action,
                                                       std::vector<std::uint32_t>& buf) {
    std::vector<std::string> out;
    std::string_view service = action.substr(0, action.find(':'));
    for (const Policy* p : layers.identity) {
        buf.clear();
        p->candidates(service, buf);
        for (auto i : buf) {
            const Statement& s = p->statements[i];
            if (s.effect != Effect::kAllow || !names_action(s, action)) continue;
            if (!s.has_resource || s.not_resource || s.resources_have_variables)
                return std::nullopt;
            for (const auto& r : s.resources) {
                if (r == "*") return std::nullopt;
                out.push_back(r);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

const Policy& full_policy() {
    static const Policy p = [] {
        auto parsed = parse_policy_text(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
            "wasp:admin-probe", "");
        return std::move(*parsed.policy);
    }();
    return p;
}

class Analyzer {
  public:
    Analyzer(const Accounts& accounts, const Organization* org, core::Diagnostics& diags)
        : a_(accounts), org_(org), org_requests_(org) {
        coverage_ = &technique_coverage();
        for (const auto& mp : a_.policies) policy_by_arn_.emplace(mp.arn, &mp);
        for (std::size_t i = 0; i < a_.users.size(); ++i) add_node(PrincipalKind::kUser, i, diags);
        for (std::size_t i = 0; i < a_.roles.size(); ++i) add_node(PrincipalKind::kRole, i, diags);
        admin_node_ = g_.nodes.size();
        g_.nodes.emplace_back();
        g_.nodes.back().admin = true;
        g_.admin_node = admin_node_;

        // The action universe of the techniques.
        for (std::string_view a :
             {"iam:putrolepolicy", "iam:attachrolepolicy", "iam:putuserpolicy",
              "iam:attachuserpolicy", "iam:createpolicyversion", "iam:setdefaultpolicyversion",
              "iam:attachgrouppolicy", "iam:putgrouppolicy", "iam:addusertogroup",
              "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
              "iam:updateassumerolepolicy", "sts:assumerole", "iam:passrole"}) {
            action_index(a);
        }
        for (const auto& t : *coverage_) {
            const Spec* s = spec_of(t.id);
            if (!t.handled || !s) continue;
            if (s->kind != Kind::kNewPassRole && s->kind != Kind::kExistingPassRole) continue;
            const EscalationPath* p = path_of(t.id);
            Technique tq;
            tq.info = &t;
            tq.existing = s->kind == Kind::kExistingPassRole;
            std::string_view svc = t.service;
            while (!svc.empty()) {
                auto c = svc.find(',');
                tq.services.push_back(service_index(svc.substr(0, c)));
                svc = c == std::string_view::npos ? "" : svc.substr(c + 1);
            }
            for (std::size_t i = 0; i < p->required.size(); ++i) {
                if (p->required[i] == "iam:passrole") continue;
                tq.actions.push_back(action_index(p->required[i]));
                tq.written.push_back(p->required_written[i]);
            }
            passrole_.push_back(std::move(tq));
        }
        trusted_.resize(a_.roles.size());
        for (std::size_t r = 0; r < a_.roles.size(); ++r)
            role_arns_.emplace_back(a_.roles[r].arn, r);
        std::sort(role_arns_.begin(), role_arns_.end());
    }

    PathGraph run(const PathOptions& options) {
        unsigned n = options.threads ? options.threads : std::thread::hardware_concurrency();
        n = std::max(1u, n);
        const std::size_t principals = admin_node_;

        // Phase 1, per principal: admin status, what an added admin policy would give, which
        // technique actions some Allow names; per role, the services its trust policy trusts.
        parallel(n, principals, [&](std::size_t i, Worker& w) { prepare(i, w); });
        // Groups: which could make a member admin (checked again with the member's boundary).
        group_layers_.resize(a_.groups.size());
        group_admin_.assign(a_.groups.size(), 0);
        for (std::size_t gi = 0; gi < a_.groups.size(); ++gi) {
            const Group& gr = a_.groups[gi];
            for (const auto& ip : gr.inline_policies) {
                if (ip.policy) group_layers_[gi].push_back(ip.policy.get());
            }
            for (const auto& arn : gr.attached) {
                if (const ManagedPolicy* mp = a_.policy(arn); mp && mp->document) {
                    group_layers_[gi].push_back(mp->document.get());
                }
            }
        }
        parallel(n, a_.groups.size(), [&](std::size_t gi, Worker& w) {
            Layers l;
            l.identity = group_layers_[gi];
            Principal p;
            p.arn = "arn:aws:iam::" + a_.groups[gi].account + ":user/wasp-probe";
            group_admin_[gi] = admin_check(w, p, l, a_.groups[gi].account).allowed ? 1 : 0;
        });
        roles_by_service_.assign(services_.size(), {});
        for (std::size_t r = 0; r < a_.roles.size(); ++r) {
            for (std::size_t s = 0; s < services_.size(); ++s) {
                if (trusted_[r][s]) roles_by_service_[s].push_back(r);
            }
        }
        build_trust_index();

        // Phase 2: the edges out of every principal that is not admin.
        std::vector<std::vector<PathEdge>> out(principals);
        std::vector<std::vector<Deferred>> later(principals);
        denials_.resize(principals);
        parallel(n, principals, [&](std::size_t i, Worker& w) {
            if (!g_.nodes[i].admin) edges_from(i, w, out[i], later[i]);
        });
        for (auto& v : out) {
            for (auto& e : v) g_.edges.push_back(std::move(e));
        }
        for (auto& v : denials_) {
            for (auto& d : v) g_.rcp_denials.push_back(std::move(d));
        }
        for (auto& v : later) {
            for (auto& d : v) deferred_.push_back(std::move(d));
        }
        for (const auto& e : g_.edges) g_.inventory_edges += e.needs_inventory ? 1 : 0;
        for (const auto& d : deferred_) {
            const std::string& acct = subjects_[d.from].account;
            for (std::size_t r : roles_by_service_[d.service]) {
                if (a_.roles[r].account == acct && role_node(r) != d.from) ++g_.inventory_edges;
            }
        }
        for (auto& w : workers_) g_.evaluations += w.evaluations;

        // Phase 3: shortest paths, by one breadth-first search backwards from the admins.
        auto proven = shortest(false);
        auto any = shortest(true);
        for (std::size_t i = 0; i < principals; ++i) {
            if (g_.nodes[i].admin) continue;
            PrincipalPaths pp;
            pp.node = i;
            pp.proven = walk(i, proven, pp.proven_conditional);
            pp.with_inventory = walk(i, any, pp.inventory_conditional);
            g_.principals.push_back(std::move(pp));
        }
        return std::move(g_);
    }

  private:
    using Worker = probe::Worker;

    // The edges of an existing-passrole technique from one principal to every role of its
    // account that trusts the service.
    struct Deferred {
        std::size_t from = 0;
        const TechniqueInfo* info = nullptr;
        std::size_t service = 0;
        std::vector<EdgeRequest> requests;
    };

    struct Technique {
        const TechniqueInfo* info = nullptr;
        bool existing = false;
        std::vector<std::size_t> services;
        std::vector<std::size_t> actions;  // action indices, PassRole left out
        std::vector<std::string> written;
    };

    static const EscalationPath* path_of(std::string_view id) {
        for (const auto& p : escalation_paths()) {
            if (p.id == id) return &p;
        }
        return nullptr;
    }

    std::size_t action_index(std::string_view lower) {
        for (std::size_t i = 0; i < actions_.size(); ++i) {
            if (actions_[i] == lower) return i;
        }
        actions_.emplace_back(lower);
        return actions_.size() - 1;
    }
    std::size_t service_index(std::string_view s) {
        for (std::size_t i = 0; i < services_.size(); ++i) {
            if (services_[i] == s) return i;
        }
        services_.emplace_back(s);
        return services_.size() - 1;
    }
    bool maybe(std::size_t node, std::string_view lower) const {
        for (std::size_t i = 0; i < actions_.size(); ++i) {
            if (actions_[i] == lower) return subjects_[node].maybe[i] != 0;
        }
        return false;
    }
    // Which roles some Allow naming the action could reach: every role when one reaches any
    // resource; else those whose ARN a pattern matches, found from the pattern's literal prefix
    // in the sorted ARNs rather than by matching every role.
    std::vector<char> role_mask(std::size_t node, std::string_view lower) const {
        std::vector<char> mask(a_.roles.size(), 0);
        for (std::size_t i = 0; i < actions_.size(); ++i) {
            if (actions_[i] != lower) continue;
            const Subject& s = subjects_[node];
            if (!s.maybe[i]) break;
            if (!s.targets[i]) {
                std::fill(mask.begin(), mask.end(), 1);
                break;
            }
            for (const auto& pattern : *s.targets[i]) {
                std::string_view prefix(pattern);
                prefix = prefix.substr(0, prefix.find_first_of("*?"));
                // ARN matching ignores case in places; a prefix with capitals in the first
                // segments is matched against every role instead.
                std::string_view head = prefix.substr(0, std::min<std::size_t>(prefix.size(), 13));
                if (std::any_of(head.begin(), head.end(),
                                [](char c) { return c >= 'A' && c <= 'Z'; })) {
                    prefix = {};
                }
                auto it = std::lower_bound(role_arns_.begin(), role_arns_.end(), prefix,
                                           [](const auto& e, std::string_view p) {
                                               return std::string_view(e.first) < p;
                                           });
                for (; it != role_arns_.end() && std::string_view(it->first).starts_with(prefix);
                     ++it) {
                    if (!mask[it->second] && arn_match(pattern, it->first)) mask[it->second] = 1;
                }
            }
            break;
        }
        return mask;
    }
    // Whether some Allow naming the action could reach this resource ARN.
    bool maybe_on(std::size_t node, std::string_view lower, std::string_view arn) const {
        for (std::size_t i = 0; i < actions_.size(); ++i) {
            if (actions_[i] != lower) continue;
            const Subject& s = subjects_[node];
            if (!s.maybe[i]) return false;
            if (!s.targets[i]) return true;
            return std::any_of(s.targets[i]->begin(), s.targets[i]->end(),
                               [&](const std::string& p) { return arn_match(p, arn); });
        }
        return false;
    }

    void add_node(PrincipalKind kind, std::size_t index, core::Diagnostics& diags) {
        PathNode n;
        n.kind = kind;
        n.index = index;
        Subject s;
        s.pl = layers_for(a_, PrincipalRef{kind, index}, diags, {}, org_);
        if (kind == PrincipalKind::kUser) {
            const User& u = a_.users[index];
            n.arn = u.arn;
            s.account = u.account;
            for (const auto& gname : u.groups) {
                if (const Group* gr = a_.group(u.account, gname)) {
                    s.groups.push_back(gr->arn);
                    s.group_ptrs.push_back(gr);
                    add_custom(s, gr->attached);
                }
            }
            add_custom(s, u.attached);
        } else {
            const Role& r = a_.roles[index];
            n.arn = r.arn;
            s.account = r.account;
            add_custom(s, r.attached);
        }
        // Its requests are to resources of its own account (but sts:AssumeRole across accounts,
        // which gets the role's account's): that account's RCPs.
        s.pl.layers.rcp_levels = rcp_levels(s, s.account);
        g_.nodes.push_back(std::move(n));
        subjects_.push_back(std::move(s));
    }

    void add_custom(Subject& s, const std::vector<std::string>& attached) const {
        for (const auto& arn : attached) {
            auto found = policy_by_arn_.find(arn);
            if (found == policy_by_arn_.end()) continue;
            const ManagedPolicy* mp = found->second;
            if (mp->account == "aws") continue;
            if (std::find(s.custom.begin(), s.custom.end(), mp) == s.custom.end()) {
                s.custom.push_back(mp);
            }
        }
    }

    template <class F>
    void parallel(unsigned threads, std::size_t count, F&& f) {
        if (workers_.size() < threads) workers_.resize(threads);
        for (auto& w : workers_) w.org = &org_requests_;
        probe::parallel_for(workers_, threads, count, std::forward<F>(f));
    }

    // The RCP levels of the principal's requests to resources of `account`.
    const std::vector<std::vector<const Policy*>>& rcp_levels(const Subject& s,
                                                              std::string_view account) const {
        static const std::vector<std::vector<const Policy*>> kNone;
        return s.pl.principal.service_linked_role ? kNone : org_requests_.rcp_levels(account);
    }

    void deny(std::size_t i, std::string_view action, std::string_view resource, const Asked& a) {
        if (a.rcp_denial.empty()) return;
        denials_[i].push_back({i, std::string(action), std::string(resource), a.rcp_denial});
    }

    void prepare(std::size_t i, Worker& w) {
        Subject& s = subjects_[i];
        PathNode& n = g_.nodes[i];
        Asked adm = admin_check(w, s.pl.principal, s.pl.layers, s.account);
        n.admin = adm.allowed;
        n.admin_conditional = adm.conditional;
        n.rcp_denial = std::move(adm.rcp_denial);
        Layers plus = s.pl.layers;
        plus.identity.push_back(&full_policy());
        n.could_be_admin = admin_check(w, s.pl.principal, plus, s.account).allowed;
        s.maybe.assign(actions_.size(), 0);
        s.targets.assign(actions_.size(), std::nullopt);
        for (std::size_t a = 0; a < actions_.size(); ++a) {
            s.maybe[a] = maybe_allowed(s.pl.layers, actions_[a], w.buf) ? 1 : 0;
            if (s.maybe[a]) s.targets[a] = allow_patterns(s.pl.layers, actions_[a], w.buf);
        }
        if (n.kind == PrincipalKind::kRole) {
            const Role& r = a_.roles[n.index];
            auto& t = trusted_[n.index];
            t.assign(services_.size(), 0);
            if (!r.trust_policy) return;
            Layers l;
            l.resource = r.trust_policy.get();
            l.resource_policy_required = true;
            // RCPs restrict services assuming a role, except a service-linked one.
            if (!r.path.starts_with("/aws-service-role/")) {
                l.rcp_levels = org_requests_.rcp_levels(r.account);
            }
            for (std::size_t sv = 0; sv < services_.size(); ++sv) {
                Principal p;
                p.arn = services_[sv];
                Asked a = ask(w, p, l, "sts:AssumeRole", r.arn, r.account);
                // A role for EC2 reaches an instance only through an instance profile.
                bool profile = services_[sv] != "ec2.amazonaws.com" || !r.instance_profiles.empty();
                t[sv] = a.allowed && profile ? 1 : 0;
            }
        }
    }

    // Roles by the AWS principals their trust policies name, so sts:AssumeRole is asked only
    // about roles whose trust policy could allow the principal at all.
    void build_trust_index() {
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
                        const std::string& v = pe.value;
                        if (v.find_first_of("*?") != std::string::npos) {
                            wildcard = true;
                        } else if (v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) {
                                       return c >= '0' && c <= '9';
                                   })) {
                            by_account_[v].push_back(r);
                        } else if (v.ends_with(":root")) {
                            by_account_[std::string(arn_account(v))].push_back(r);
                        } else {
                            by_arn_[v].push_back(r);
                        }
                    }
                }
            }
            if (wildcard) wildcard_roles_.push_back(r);
        }
    }

    // Roles whose trust policy could allow the principal, in role order: those naming it (or
    // any principal), `direct`, and those naming only its account when some Allow of its own
    // naming sts:AssumeRole could reach them (`sts_mask`), as the account then delegates to them.
    std::vector<std::pair<std::size_t, bool>> trust_candidates(
        std::size_t node, const std::vector<char>& sts_mask) const {
        std::vector<std::pair<std::size_t, bool>> out;
        for (auto r : wildcard_roles_) out.emplace_back(r, true);
        if (auto it = by_arn_.find(g_.nodes[node].arn); it != by_arn_.end()) {
            for (auto r : it->second) out.emplace_back(r, true);
        }
        if (auto it = by_account_.find(subjects_[node].account); it != by_account_.end()) {
            for (auto r : it->second) {
                if (sts_mask[r]) out.emplace_back(r, false);
            }
        }
        std::sort(out.begin(), out.end());
        std::vector<std::pair<std::size_t, bool>> unique;
        for (const auto& e : out) {
            if (!unique.empty() && unique.back().first == e.first) {
                unique.back().second = unique.back().second || e.second;
            } else {
                unique.push_back(e);
            }
        }
        return unique;
    }

    static EdgeRequest request_of(std::string_view action,
                                  std::string_view resource,
                                  const Asked& a,
                                  std::string context = {}) {
        EdgeRequest r;
        r.action = action;
        r.resource = resource;
        r.context = std::move(context);
        r.conditional = a.conditional;
        r.hinges_on = a.hinges_on;
        return r;
    }

    void add(std::vector<PathEdge>& out,
             std::size_t from,
             std::size_t to,
             std::string_view technique,
             std::vector<EdgeRequest> reqs,
             bool needs_inventory,
             std::string note = {}) const {
        PathEdge e;
        e.from = from;
        e.to = to;
        e.technique = technique;
        e.needs_inventory = needs_inventory;
        e.conditional = std::any_of(reqs.begin(), reqs.end(),
                                    [](const EdgeRequest& r) { return r.conditional; });
        if (to != admin_node_ && g_.nodes[to].admin_conditional) e.conditional = true;
        e.requests = std::move(reqs);
        e.note = std::move(note);
        out.push_back(std::move(e));
    }

    static bool proven_direct(const std::vector<PathEdge>& out, std::size_t admin) {
        return std::any_of(out.begin(), out.end(), [&](const PathEdge& e) {
            return e.to == admin && !e.conditional && !e.needs_inventory;
        });
    }

    void edges_from(std::size_t i,
                    Worker& w,
                    std::vector<PathEdge>& out,
                    std::vector<Deferred>& deferred) {
        const Subject& s = subjects_[i];
        const PathNode& n = g_.nodes[i];
        const Principal& pr = s.pl.principal;
        const Layers& l = s.pl.layers;
        const std::string& acct = s.account;
        const std::string policy_ctx = "iam:PolicyARN=" + std::string(kAdminPolicy);

        // Self-escalation: rewriting its own permissions makes it admin only when nothing
        // (boundary, deny) would hold an administrator policy back.
        if (n.could_be_admin) {
            auto self = [&](std::string_view id, std::string_view action, std::string_view lower,
                            const std::string& resource, bool with_policy) {
                if (!maybe_on(i, lower, resource)) return;
                Asked a = with_policy
                              ? ask(w, pr, l, action, resource, acct, "iam:PolicyARN", kAdminPolicy)
                              : ask(w, pr, l, action, resource, acct);
                if (a.allowed) {
                    add(out, i, admin_node_, id,
                        {request_of(action, resource, a, with_policy ? policy_ctx : "")}, false);
                }
            };
            if (n.kind == PrincipalKind::kRole) {
                self("iam-005", "iam:PutRolePolicy", "iam:putrolepolicy", n.arn, false);
                self("iam-009", "iam:AttachRolePolicy", "iam:attachrolepolicy", n.arn, true);
            } else {
                self("iam-007", "iam:PutUserPolicy", "iam:putuserpolicy", n.arn, false);
                self("iam-008", "iam:AttachUserPolicy", "iam:attachuserpolicy", n.arn, true);
                for (const auto& garn : s.groups) {
                    self("iam-010", "iam:AttachGroupPolicy", "iam:attachgrouppolicy", garn, true);
                    self("iam-011", "iam:PutGroupPolicy", "iam:putgrouppolicy", garn, false);
                }
            }
            for (const ManagedPolicy* mp : s.custom) {
                self("iam-001", "iam:CreatePolicyVersion", "iam:createpolicyversion", mp->arn,
                     false);
                if (mp->version_count > 1 && maybe_on(i, "iam:setdefaultpolicyversion", mp->arn)) {
                    Asked a = ask(w, pr, l, "iam:SetDefaultPolicyVersion", mp->arn, acct);
                    if (a.allowed) {
                        add(out, i, admin_node_, "wasp-001",
                            {request_of("iam:SetDefaultPolicyVersion", mp->arn, a)}, true,
                            "if one of its " + std::to_string(mp->version_count) +
                                " versions grants administrative access");
                    }
                }
            }
        }
        // Joining a group that makes it admin, its own boundary and denies applied.
        if (n.kind == PrincipalKind::kUser && maybe(i, "iam:addusertogroup")) {
            for (std::size_t gi = 0; gi < a_.groups.size(); ++gi) {
                const Group& gr = a_.groups[gi];
                if (!group_admin_[gi] || gr.account != acct) continue;
                if (std::find(s.groups.begin(), s.groups.end(), gr.arn) != s.groups.end()) continue;
                if (!maybe_on(i, "iam:addusertogroup", gr.arn)) continue;
                Asked a = ask(w, pr, l, "iam:AddUserToGroup", gr.arn, acct);
                if (!a.allowed) continue;
                Layers joined = l;
                joined.identity.insert(joined.identity.end(), group_layers_[gi].begin(),
                                       group_layers_[gi].end());
                Asked adm = admin_check(w, pr, joined, acct);
                if (!adm.allowed) continue;
                auto req = request_of("iam:AddUserToGroup", gr.arn, a);
                if (adm.conditional) req.conditional = true;
                add(out, i, admin_node_, "iam-013", {std::move(req)}, false);
            }
        }
        if (proven_direct(out, admin_node_)) return;  // a one-step path is the shortest

        // Other users: credentials, or rewriting their policies and then taking credentials.
        bool cred = maybe(i, "iam:createaccesskey") || maybe(i, "iam:createloginprofile") ||
                    maybe(i, "iam:updateloginprofile");
        if (cred) {
            for (std::size_t u = 0; u < a_.users.size(); ++u) {
                const User& user = a_.users[u];
                if (u == n.index && n.kind == PrincipalKind::kUser) continue;
                if (user.account != acct) continue;
                std::size_t to = u;  // users come first among nodes
                Asked key;
                static constexpr std::pair<std::string_view, std::string_view> kCreds[] = {
                    {"iam-002", "iam:CreateAccessKey"},
                    {"iam-004", "iam:CreateLoginProfile"},
                    {"iam-006", "iam:UpdateLoginProfile"}};
                for (const auto& [id, action] : kCreds) {
                    if (!maybe_on(i, text::to_lower(action), user.arn)) continue;
                    Asked a = ask(w, pr, l, action, user.arn, acct);
                    if (id == "iam-002") key = a;
                    if (a.allowed) add(out, i, to, id, {request_of(action, user.arn, a)}, false);
                }
                if (key.allowed && !g_.nodes[to].admin && g_.nodes[to].could_be_admin) {
                    modify_then(w, i, user.arn, acct, false, key, "iam:CreateAccessKey", {}, out);
                }
            }
        }

        // Roles: assuming them, rewriting their trust policy, rewriting their permissions.
        std::unordered_map<std::size_t, Asked> assumed;
        const std::vector<char> sts_mask = role_mask(i, "sts:assumerole");
        for (auto [r, direct] : trust_candidates(i, sts_mask)) {
            const Role& role = a_.roles[r];
            if (n.kind == PrincipalKind::kRole && r == n.index) continue;
            // A trust policy naming only the account leaves the decision to identity policies.
            if (!direct && !sts_mask[r]) continue;
            Layers tl = l;
            tl.resource = role.trust_policy.get();
            tl.resource_policy_required = true;
            tl.rcp_levels = rcp_levels(s, role.account);
            Asked a = ask(w, pr, tl, "sts:AssumeRole", role.arn, role.account);
            if (!a.allowed) {
                deny(i, "sts:AssumeRole", role.arn, a);
                continue;
            }
            assumed.emplace(r, a);
            add(out, i, role_node(r), "sts-001", {request_of("sts:AssumeRole", role.arn, a)},
                false);
        }
        bool trust = maybe(i, "iam:updateassumerolepolicy");
        bool modify = maybe(i, "iam:putrolepolicy") || maybe(i, "iam:attachrolepolicy") ||
                      maybe(i, "iam:createpolicyversion");
        if (trust || modify) {
            const std::vector<char> trust_mask = role_mask(i, "iam:updateassumerolepolicy");
            for (std::size_t r = 0; r < a_.roles.size(); ++r) {
                const Role& role = a_.roles[r];
                if ((n.kind == PrincipalKind::kRole && r == n.index) || role.account != acct) {
                    continue;
                }
                Asked upd;
                if (trust_mask[r]) {
                    upd = ask(w, pr, l, "iam:UpdateAssumeRolePolicy", role.arn, acct);
                    if (upd.allowed) {
                        add(out, i, role_node(r), "iam-012",
                            {request_of("iam:UpdateAssumeRolePolicy", role.arn, upd)}, false);
                    }
                }
                const PathNode& target = g_.nodes[role_node(r)];
                if (!modify || target.admin || !target.could_be_admin) continue;
                if (auto it = assumed.find(r); it != assumed.end()) {
                    modify_then(w, i, role.arn, acct, true, it->second, "sts:AssumeRole", r, out);
                } else if (upd.allowed) {
                    modify_then(w, i, role.arn, acct, true, upd, "iam:UpdateAssumeRolePolicy", r,
                                out);
                }
            }
        }

        // Passing roles to services, or using services' existing roles.
        std::unordered_map<std::size_t, Asked> asked_actions;
        std::optional<std::vector<char>> pass_mask;
        for (const auto& t : passrole_) {
            if (!t.existing && !maybe(i, "iam:passrole")) continue;
            bool possible = std::all_of(t.actions.begin(), t.actions.end(),
                                        [&](std::size_t a) { return subjects_[i].maybe[a] != 0; });
            if (!possible) continue;
            std::vector<EdgeRequest> reqs;
            bool ok = true;
            for (std::size_t k = 0; k < t.actions.size() && ok; ++k) {
                std::string arn = probe_arn(t.written[k], acct);
                auto it = asked_actions.find(t.actions[k]);
                if (it == asked_actions.end()) {
                    it = asked_actions.emplace(t.actions[k], ask(w, pr, l, t.written[k], arn, acct))
                             .first;
                    deny(i, t.written[k], arn, it->second);
                }
                ok = it->second.allowed;
                reqs.push_back(request_of(t.written[k], arn, it->second));
            }
            if (!ok) continue;
            for (std::size_t sv : t.services) {
                if (t.existing) {
                    // An edge to every role trusting the service, kept as one record: the
                    // search expands it, and only edges on reported paths are written out.
                    deferred.push_back(Deferred{i, t.info, sv, reqs});
                    continue;
                }
                for (std::size_t r : roles_by_service_[sv]) {
                    const Role& role = a_.roles[r];
                    if ((n.kind == PrincipalKind::kRole && r == n.index) || role.account != acct) {
                        continue;
                    }
                    std::vector<EdgeRequest> all = reqs;
                    if (!t.existing) {
                        if (!pass_mask) pass_mask = role_mask(i, "iam:passrole");
                        if (!(*pass_mask)[r]) continue;
                        Asked pass = ask(w, pr, l, "iam:PassRole", role.arn, acct,
                                         "iam:PassedToService", services_[sv]);
                        if (!pass.allowed) continue;
                        all.insert(all.begin(), request_of("iam:PassRole", role.arn, pass,
                                                           "iam:PassedToService=" + services_[sv]));
                    }
                    std::string note = "the role trusts " + services_[sv];
                    if (t.info->needs_inventory) {
                        note += t.existing ? "; if a resource using this role exists"
                                           : "; " + t.info->note;
                    }
                    add(out, i, role_node(r), t.info->id, std::move(all), t.info->needs_inventory,
                        std::move(note));
                }
            }
        }
    }

    // Rewrites a user's or role's permissions (inline, attached or a version of its customer
    // managed policy), then becomes it with `access`: an edge straight to admin.
    void modify_then(Worker& w,
                     std::size_t i,
                     const std::string& target_arn,
                     const std::string& acct,
                     bool role,
                     const Asked& access,
                     std::string_view access_action,
                     std::optional<std::size_t> role_index,
                     std::vector<PathEdge>& out) {
        const Subject& s = subjects_[i];
        const Principal& pr = s.pl.principal;
        const Layers& l = s.pl.layers;
        bool via_trust = access_action == "iam:UpdateAssumeRolePolicy";
        struct Way {
            std::string_view attach_id, put_id, version_id;
        };
        Way ids = role ? (via_trust ? Way{"iam-019", "iam-021", "iam-020"}
                                    : Way{"iam-014", "iam-017", "iam-016"})
                       : Way{"iam-015", "iam-018", ""};
        std::string_view attach = role ? "iam:AttachRolePolicy" : "iam:AttachUserPolicy";
        std::string_view put = role ? "iam:PutRolePolicy" : "iam:PutUserPolicy";
        auto access_req = request_of(access_action, target_arn, access);
        if (maybe_on(i, text::to_lower(attach), target_arn)) {
            Asked a = ask(w, pr, l, attach, target_arn, acct, "iam:PolicyARN", kAdminPolicy);
            if (a.allowed) {
                add(out, i, admin_node_, ids.attach_id,
                    {request_of(attach, target_arn, a,
                                "iam:PolicyARN=" + std::string(kAdminPolicy)),
                     access_req},
                    false);
                return;
            }
        }
        if (maybe_on(i, text::to_lower(put), target_arn)) {
            Asked a = ask(w, pr, l, put, target_arn, acct);
            if (a.allowed) {
                add(out, i, admin_node_, ids.put_id, {request_of(put, target_arn, a), access_req},
                    false);
                return;
            }
        }
        if (role_index && maybe(i, "iam:createpolicyversion")) {
            for (const ManagedPolicy* mp : subjects_[role_node(*role_index)].custom) {
                if (!maybe_on(i, "iam:createpolicyversion", mp->arn)) continue;
                Asked a = ask(w, pr, l, "iam:CreatePolicyVersion", mp->arn, acct);
                if (a.allowed) {
                    add(out, i, admin_node_, ids.version_id,
                        {request_of("iam:CreatePolicyVersion", mp->arn, a), access_req}, false);
                    return;
                }
            }
        }
    }

    std::size_t role_node(std::size_t r) const { return a_.users.size() + r; }

    // For every node, the first step of a shortest path to an admin: an edge, or a deferred
    // record and the role it reaches.
    struct Next {
        std::size_t edge = SIZE_MAX;
        std::size_t deferred = SIZE_MAX;
        std::size_t role = 0;
    };

    std::vector<Next> shortest(bool with_inventory) const {
        std::vector<std::vector<std::size_t>> incoming(g_.nodes.size());
        for (std::size_t e = 0; e < g_.edges.size(); ++e) {
            if (g_.edges[e].needs_inventory && !with_inventory) continue;
            incoming[g_.edges[e].to].push_back(e);
        }
        // Deferred records by (service, account), still unreached.
        std::map<std::pair<std::size_t, std::string_view>, std::vector<std::size_t>> pending;
        if (with_inventory) {
            for (std::size_t d = 0; d < deferred_.size(); ++d) {
                pending[{deferred_[d].service, subjects_[deferred_[d].from].account}].push_back(d);
            }
        }
        std::vector<Next> next(g_.nodes.size());
        std::vector<char> seen(g_.nodes.size(), 0);
        std::deque<std::size_t> queue;
        for (std::size_t v = 0; v < g_.nodes.size(); ++v) {
            if (g_.nodes[v].admin) {
                seen[v] = 1;
                queue.push_back(v);
            }
        }
        while (!queue.empty()) {
            std::size_t v = queue.front();
            queue.pop_front();
            for (std::size_t e : incoming[v]) {
                std::size_t u = g_.edges[e].from;
                if (seen[u]) continue;
                seen[u] = 1;
                next[u].edge = e;
                queue.push_back(u);
            }
            if (pending.empty() || v == admin_node_ || g_.nodes[v].kind != PrincipalKind::kRole) {
                continue;
            }
            std::size_t r = g_.nodes[v].index;
            for (std::size_t sv = 0; sv < services_.size(); ++sv) {
                if (!trusted_[r][sv]) continue;
                auto it = pending.find({sv, a_.roles[r].account});
                if (it == pending.end()) continue;
                std::vector<std::size_t> keep;  // a role does not reach itself
                for (std::size_t d : it->second) {
                    std::size_t u = deferred_[d].from;
                    if (u == v) {
                        keep.push_back(d);
                        continue;
                    }
                    if (seen[u]) continue;
                    seen[u] = 1;
                    next[u].deferred = d;
                    next[u].role = r;
                    queue.push_back(u);
                }
                it->second = std::move(keep);
            }
        }
        return next;
    }

    std::vector<std::size_t> walk(std::size_t from,
                                  const std::vector<Next>& next,
                                  bool& conditional) {
        std::vector<std::size_t> steps;
        conditional = false;
        for (std::size_t v = from;;) {
            std::size_t e = next[v].edge;
            if (e == SIZE_MAX && next[v].deferred != SIZE_MAX) {
                const Deferred& d = deferred_[next[v].deferred];
                e = materialize(d, next[v].role);
            }
            if (e == SIZE_MAX) break;
            steps.push_back(e);
            conditional = conditional || g_.edges[e].conditional;
            v = g_.edges[e].to;
        }
        return steps;
    }

    // The edge of a deferred record to one role, written out once.
    std::size_t materialize(const Deferred& d, std::size_t r) {
        auto key = std::make_pair(&d, r);
        if (auto it = materialized_.find(key); it != materialized_.end()) return it->second;
        std::vector<PathEdge> one;
        add(one, d.from, role_node(r), d.info->id, d.requests, true,
            "the role trusts " + services_[d.service] + "; if a resource using this role exists");
        g_.edges.push_back(std::move(one.front()));
        materialized_.emplace(key, g_.edges.size() - 1);
        return g_.edges.size() - 1;
    }

    const Accounts& a_;
    const Organization* org_ = nullptr;
    OrgRequests org_requests_;
    std::vector<std::vector<RcpDenial>> denials_;  // by principal
    const std::vector<TechniqueInfo>* coverage_ = nullptr;
    PathGraph g_;
    std::size_t admin_node_ = 0;
    std::vector<Subject> subjects_;
    std::vector<std::string> actions_;   // lower case
    std::vector<std::string> services_;  // service principals
    std::vector<Technique> passrole_;
    std::vector<std::vector<char>> trusted_{};  // by role, by service
    std::vector<std::vector<std::size_t>> roles_by_service_;
    std::vector<std::vector<const Policy*>> group_layers_;
    std::vector<char> group_admin_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_arn_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_account_;
    std::vector<std::size_t> wildcard_roles_;
    std::unordered_map<std::string_view, const ManagedPolicy*> policy_by_arn_;
    std::vector<Deferred> deferred_;
    std::map<std::pair<const Deferred*, std::size_t>, std::size_t> materialized_;
    std::vector<std::pair<std::string, std::size_t>> role_arns_;  // sorted
    std::deque<Worker> workers_;
};

}  // namespace

const std::vector<TechniqueInfo>& technique_coverage() {
    static const std::vector<TechniqueInfo> c = build_coverage();
    return c;
}

const std::vector<std::pair<std::string, std::string>>& admin_probes() {
    // IAM writes on a user and a role that are not the principal's own (a name no account is
    // likely to hold), and writes of two other services on everything: a principal allowed all
    // of them can grant itself anything.
    static const std::vector<std::pair<std::string, std::string>> p = {
        {"iam:CreateUser", "arn:aws:iam::ACCOUNT:user/wasp-admin-probe"},
        {"iam:CreateAccessKey", "arn:aws:iam::ACCOUNT:user/wasp-admin-probe"},
        {"iam:AttachRolePolicy", "arn:aws:iam::ACCOUNT:role/wasp-admin-probe"},
        {"iam:PutRolePolicy", "arn:aws:iam::ACCOUNT:role/wasp-admin-probe"},
        {"s3:PutObject", "arn:aws:s3:::wasp-admin-probe/object"},
        {"ec2:TerminateInstances", "arn:aws:ec2:us-east-1:ACCOUNT:instance/i-0123456789abcdef0"},
    };
    return p;
}

PathGraph escalation_graph(const Accounts& accounts,
                           const PathOptions& options,
                           core::Diagnostics& diags) {
    Analyzer an(accounts, options.organization, diags);
    return an.run(options);
}

}  // namespace wasp::iam
