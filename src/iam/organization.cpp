// Definitions of iam/organization.h.
#include "iam/organization.h"

#include <algorithm>

#include "core/parse.h"
#include "iam/account.h"
#include "iam/export_read.h"

namespace wasp::iam {

using export_read::add_diag;
using export_read::is_account_id;
using export_read::string_member;

namespace {

// Reads the members of one file into the organization, reporting what it cannot read.
class Loader {
  public:
    Loader(const std::string& file, Organization& out, core::Diagnostics& diags)
        : file_(file), out_(out), diags_(diags) {}

    void organization(const core::Node& n) {
        if (!n.is_mapping()) return error("Organization is not an object", n);
        std::string id = string_member(n, "Id");
        if (id.empty()) return error("Organization has no Id", n);
        if (!out_.id.empty() && out_.id != id) {
            return error("organization " + id + " differs from " + out_.id +
                             ", loaded from another file; the record is skipped",
                         n);
        }
        out_.id = id;
        out_.location = core::SourceLocation{file_, n.mark(), {}};
        if (std::string m = string_member(n, "MasterAccountId"); !m.empty())
            out_.management_account = m;
    }

    void roots(const core::Node& list) {
        each(list, "Roots", [&](const core::Node& n) {
            std::string id = string_member(n, "Id");
            if (id.empty()) return error("an entry of Roots has no Id; it is skipped", n);
            if (!out_.root.empty() && out_.root != id) {
                return error("root " + id + " differs from " + out_.root +
                                 "; an organization has one root, this one is skipped",
                             n);
            }
            out_.root = id;
            const core::Node* types = n.get("PolicyTypes");
            if (types == nullptr) return;
            if (!types->is_sequence()) return error("PolicyTypes is not a list", *types);
            // Listed types are the ones enabled or changing; a type not listed is disabled.
            bool scp = false, rcp = false;
            for (const auto& t : types->items()) {
                if (!t.is_mapping()) continue;
                bool enabled = string_member(t, "Status") == "ENABLED";
                if (string_member(t, "Type") == "SERVICE_CONTROL_POLICY") scp = enabled;
                if (string_member(t, "Type") == "RESOURCE_CONTROL_POLICY") rcp = enabled;
            }
            out_.scps_enabled = scp;
            out_.rcps_enabled = rcp;
        });
    }

    void units(const core::Node& list) {
        each(list, "OrganizationalUnits", [&](const core::Node& n) {
            std::string id = string_member(n, "Id");
            if (!id.starts_with("ou-")) {
                return error(
                    "an entry of OrganizationalUnits has no Id of the form ou-...; it is "
                    "skipped",
                    n);
            }
            OrgUnit* u = find(out_.units, out_.unit_index, id);
            if (u == nullptr) {
                out_.unit_index.emplace(id, out_.units.size());
                out_.units.push_back(
                    OrgUnit{id, {}, {}, core::SourceLocation{file_, n.mark(), {}}});
                u = &out_.units.back();
            }
            merge(u->name, string_member(n, "Name"));
            merge(u->parent, parent(n));
        });
    }

    void accounts(const core::Node& list) {
        each(list, "Accounts", [&](const core::Node& n) {
            std::string id = string_member(n, "Id");
            if (!is_account_id(id)) {
                return error("an entry of Accounts has no Id of 12 digits; it is skipped", n);
            }
            OrgAccount* a = find(out_.accounts, out_.account_index, id);
            if (a == nullptr) {
                out_.account_index.emplace(id, out_.accounts.size());
                OrgAccount rec;
                rec.id = id;
                rec.location = core::SourceLocation{file_, n.mark(), {}};
                out_.accounts.push_back(std::move(rec));
                a = &out_.accounts.back();
            }
            merge(a->name, string_member(n, "Name"));
            merge(a->arn, string_member(n, "Arn"));
            merge(a->parent, parent(n));
        });
    }

    void policies(const core::Node& list) {
        each(list, "Policies", [&](const core::Node& n) { policy(n, n.get("Targets")); });
    }

    // A describe-policy Policy object, with the list-targets-for-policy Targets when given.
    void policy(const core::Node& n, const core::Node* targets) {
        if (!n.is_mapping()) return error("a policy is not an object", n);
        const core::Node* summary = n.get("PolicySummary");
        if (summary == nullptr) {
            if (n.get("Id") != nullptr && n.get("Type") != nullptr) {
                // list-policies gives summaries only; describe-policy gives the content.
                return warning("policy " + string_member(n, "Id") +
                                   " is a summary without Content (list-policies output?); "
                                   "describe-policy gives its content; it is skipped",
                               n);
            }
            return error("a policy has no PolicySummary; it is skipped", n);
        }
        if (!summary->is_mapping()) return error("PolicySummary is not an object", *summary);
        std::string id = string_member(*summary, "Id");
        std::string type = string_member(*summary, "Type");
        if (id.empty() || type.empty()) {
            return error("PolicySummary lacks Id or Type; the policy is skipped", *summary);
        }
        OrgPolicyType kind;
        if (type == "SERVICE_CONTROL_POLICY") {
            kind = OrgPolicyType::kScp;
        } else if (type == "RESOURCE_CONTROL_POLICY") {
            kind = OrgPolicyType::kRcp;
        } else {
            return;  // tag, backup, AI opt-out, ... policies grant and deny nothing
        }
        std::vector<std::string> target_ids = read_targets(targets);
        if (OrgPolicy* known = find(out_.policies, out_.policy_index, id)) {
            for (auto& t : target_ids) known->targets.push_back(std::move(t));
            sort_unique(known->targets);
            return;
        }
        OrgPolicy p;
        p.id = id;
        p.arn = string_member(*summary, "Arn");
        p.name = string_member(*summary, "Name");
        p.type = kind;
        if (const core::Node* m = summary->get("AwsManaged"))
            p.aws_managed = m->as_bool().value_or(false);
        p.location = core::SourceLocation{file_, n.mark(), {}};
        p.targets = std::move(target_ids);
        sort_unique(p.targets);
        const core::Node* content = n.get("Content");
        if (content == nullptr) return error("policy " + id + " has no Content; it is skipped", n);
        p.document = read_content(*content, p.name.empty() ? id : p.name + " (" + id + ")");
        out_.policy_index.emplace(id, out_.policies.size());
        out_.policies.push_back(std::move(p));
    }

    void error(const std::string& message, const core::Node& at) {
        add_diag(diags_, core::DiagLevel::kError, "iam-org-shape", message, file_, at.mark());
    }
    void warning(const std::string& message, const core::Node& at) {
        add_diag(diags_, core::DiagLevel::kWarning, "iam-org-shape", message, file_, at.mark());
    }

  private:
    template <typename F>
    void each(const core::Node& list, std::string_view key, F&& f) {
        if (!list.is_sequence()) return error(std::string(key) + " is not a list", list);
        for (const auto& item : list.items()) {
            if (!item.is_mapping()) {
                error("an entry of " + std::string(key) + " is not an object; it is skipped", item);
                continue;
            }
            f(item);
        }
    }

    template <typename T>
    static T* find(std::vector<T>& list,
                   const std::map<std::string, std::size_t, std::less<>>& index,
                   std::string_view id) {
        auto it = index.find(id);
        if (it != index.end() && it->second < list.size() && list[it->second].id == id)
            return &list[it->second];
        if (index.size() == list.size()) return nullptr;  // every record is indexed
        for (auto& x : list) {
            if (x.id == id) return &x;
        }
        return nullptr;
    }

    // Targets are kept sorted: their order means nothing, and lookups use binary search.
    static void sort_unique(std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }

    static void merge(std::string& field, std::string value) {
        if (field.empty()) field = std::move(value);
    }

    // ParentId as the combined document gives it; a wrong type is reported, not guessed at.
    std::string parent(const core::Node& n) {
        const core::Node* p = n.get("ParentId");
        if (p == nullptr || p->is_null()) return {};
        std::string id = p->kind() == core::NodeKind::kString ? p->text() : std::string{};
        if (!id.starts_with("r-") && !id.starts_with("ou-")) {
            error("ParentId is not a root (r-...) or OU (ou-...) id; it is ignored", *p);
            return {};
        }
        return id;
    }

    std::vector<std::string> read_targets(const core::Node* targets) {
        std::vector<std::string> out;
        if (targets == nullptr || targets->is_null()) return out;
        each(*targets, "Targets", [&](const core::Node& t) {
            std::string id = string_member(t, "TargetId");
            if (id.empty()) return error("an entry of Targets has no TargetId; it is skipped", t);
            out.push_back(std::move(id));
        });
        return out;
    }

    // Content is the policy's JSON text in a string, as describe-policy returns it.
    std::unique_ptr<Policy> read_content(const core::Node& content, std::string name) {
        bool text = content.kind() == core::NodeKind::kString;
        if (!text && !content.is_mapping()) {
            error("Content is neither the policy's JSON text nor an object", content);
            return nullptr;
        }
        PolicyParse parsed = text ? parse_policy_text(content.text(), std::move(name), file_)
                                  : parse_policy(content, std::move(name), file_);
        for (auto& d : parsed.diagnostics) {
            // Positions inside the string are relative to the string, not to the file.
            if (text) d.location.mark = content.mark();
            diags_.push_back(std::move(d));
        }
        if (!parsed.policy) return nullptr;
        if (text) relocate(*parsed.policy, content.mark());
        return std::make_unique<Policy>(std::move(*parsed.policy));
    }

    // The statements of a policy read from a string point at the string in the file, so
    // explanations name the line of the policy's Content.
    static void relocate(Policy& p, core::Mark at) {
        p.mark = at;
        for (auto& s : p.statements) {
            s.mark = at;
            for (auto& c : s.conditions) c.mark = at;
            for (auto& e : s.principals) e.mark = at;
        }
    }

    const std::string& file_;
    Organization& out_;
    core::Diagnostics& diags_;
};

bool is_root(const Organization& org, std::string_view id) {
    return org.root.empty() ? id.starts_with("r-") : id == org.root;
}

// The root's id: as list-roots gave it, else the root some policy is attached to.
std::string root_of(const Organization& org) {
    if (!org.root.empty()) return org.root;
    for (const auto& p : org.policies) {
        for (const auto& t : p.targets) {
            if (t.starts_with("r-")) return t;
        }
    }
    return {};
}

// The containers above the account, root first; `complete` says whether they reach the root.
// Bounded by the number of OUs, so a cycle in hostile input ends the walk.
std::vector<std::string> chain_of(const Organization& org,
                                  const OrgAccount& account,
                                  bool& complete) {
    std::vector<std::string> up;
    complete = false;
    std::string_view p = account.parent;
    for (std::size_t steps = 0; !p.empty() && steps <= org.units.size(); ++steps) {
        if (is_root(org, p)) {
            up.emplace_back(p);
            complete = true;
            break;
        }
        const OrgUnit* u = org.unit(p);
        if (u == nullptr) break;
        up.emplace_back(p);
        p = u->parent;
    }
    if (!complete) {
        up.clear();
        if (std::string r = root_of(org); !r.empty()) up.push_back(std::move(r));
    }
    std::reverse(up.begin(), up.end());
    return up;
}

bool allows_something(const Policy& p) {
    return std::any_of(p.statements.begin(), p.statements.end(),
                       [](const Statement& s) { return s.effect == Effect::kAllow; });
}

const char* type_name(OrgPolicyType t) { return t == OrgPolicyType::kScp ? "SCP" : "RCP"; }

bool given(const Request& r, std::string_view key) {
    return std::any_of(r.context.begin(), r.context.end(),
                       [&](const ContextEntry& e) { return e.key == key; });
}

}  // namespace

bool Organization::contains(std::string_view account_id) const {
    if (account_id.empty()) return false;
    if (account_id == management_account) return true;
    return account(account_id) != nullptr;
}

bool Organization::in_use(OrgPolicyType type) const {
    const auto& enabled = type == OrgPolicyType::kScp ? scps_enabled : rcps_enabled;
    if (enabled && !*enabled) return false;
    return std::any_of(policies.begin(), policies.end(),
                       [&](const OrgPolicy& p) { return p.type == type; });
}

const OrgAccount* Organization::account(std::string_view account_id) const {
    if (auto it = account_index.find(account_id); it != account_index.end() &&
                                                  it->second < accounts.size() &&
                                                  accounts[it->second].id == account_id) {
        return &accounts[it->second];
    }
    if (account_index.size() == accounts.size()) return nullptr;  // every account is indexed
    for (const auto& a : accounts) {
        if (a.id == account_id) return &a;
    }
    return nullptr;
}

const OrgUnit* Organization::unit(std::string_view unit_id) const {
    if (auto it = unit_index.find(unit_id);
        it != unit_index.end() && it->second < units.size() && units[it->second].id == unit_id) {
        return &units[it->second];
    }
    if (unit_index.size() == units.size()) return nullptr;  // every OU is indexed
    for (const auto& u : units) {
        if (u.id == unit_id) return &u;
    }
    return nullptr;
}

void load_organization(std::string_view json_text,
                       const std::string& file,
                       Organization& out,
                       core::Diagnostics& diags) {
    auto parsed = core::parse_json(json_text);
    if (!parsed) {
        add_diag(diags, core::DiagLevel::kError, "iam-org-syntax", parsed.error().message, file,
                 parsed.error().mark);
        return;
    }
    const core::Node& root = parsed->root;
    static constexpr std::string_view kMembers[] = {
        "Organization", "Roots", "OrganizationalUnits", "Accounts", "Policies", "Policy"};
    if (!root.is_mapping() ||
        std::none_of(std::begin(kMembers), std::end(kMembers),
                     [&](std::string_view k) { return root.get(k) != nullptr; })) {
        add_diag(diags, core::DiagLevel::kError, "iam-org-shape",
                 "not an AWS Organizations export (no Organization, Roots, OrganizationalUnits, "
                 "Accounts, Policies or Policy)",
                 file, root.mark());
        return;
    }
    if (out.location.file.empty()) out.location = core::SourceLocation{file, root.mark(), {}};
    Loader l(file, out, diags);
    if (const core::Node* n = root.get("Organization")) l.organization(*n);
    if (const core::Node* n = root.get("Roots")) l.roots(*n);
    if (const core::Node* n = root.get("OrganizationalUnits")) l.units(*n);
    if (const core::Node* n = root.get("Accounts")) l.accounts(*n);
    if (const core::Node* n = root.get("Policies")) l.policies(*n);
    if (const core::Node* n = root.get("Policy")) {
        l.policy(*n, root.get("Targets"));
    } else if (const core::Node* t = root.get("Targets")) {
        // list-targets-for-policy does not name its policy: alone, its targets belong to nothing.
        l.warning(
            "Targets without the Policy they belong to (list-targets-for-policy output alone) "
            "are skipped; put them in the policy's Targets member",
            *t);
    }
}

OrgLevels org_levels(const Organization& org, std::string_view account, OrgPolicyType type) {
    OrgLevels out;
    if (account.empty() || account == org.management_account || !org.in_use(type)) return out;
    const OrgAccount* a = org.account(account);
    if (a == nullptr) return out;
    out.targets = chain_of(org, *a, out.complete);
    out.targets.push_back(a->id);
    for (const auto& target : out.targets) {
        std::vector<const Policy*> level;
        for (const auto& p : org.policies) {
            if (p.type != type || !p.document) continue;
            if (std::binary_search(p.targets.begin(), p.targets.end(), target))
                level.push_back(p.document.get());
        }
        out.levels.push_back(std::move(level));
    }
    return out;
}

std::string org_path(const Organization& org, std::string_view account) {
    const OrgAccount* a = org.account(account);
    if (a == nullptr || org.id.empty()) return {};
    bool complete = false;
    auto chain = chain_of(org, *a, complete);
    if (!complete) return {};
    std::string path = org.id + "/";
    for (const auto& id : chain) path += id + "/";
    return path;
}

void set_org_context(const Organization& org, Request& request) {
    if (org.id.empty()) return;
    const Principal& p = request.principal;
    std::string principal_account =
        !p.account.empty() ? p.account : std::string(arn_account(p.arn));
    auto settle = [&](std::string_view account, const char* id_key, const char* paths_key) {
        if (!org.contains(account)) return;
        if (!given(request, id_key)) request.set_context(id_key, {org.id});
        if (std::string path = org_path(org, account); !path.empty() && !given(request, paths_key))
            request.set_context(paths_key, {path});
    };
    if (p.arn.starts_with("arn:")) {
        settle(principal_account, "aws:principalorgid", "aws:principalorgpaths");
    }
    std::string resource_account = request.resource_account;
    if (resource_account.empty()) resource_account = std::string(arn_account(request.resource));
    if (resource_account.empty()) resource_account = principal_account;
    settle(resource_account, "aws:resourceorgid", "aws:resourceorgpaths");
}

OrgRequests::OrgRequests(const Organization* org) : org_(org && !org->empty() ? org : nullptr) {
    if (org_ == nullptr) return;
    auto prepare = [&](const std::string& id) {
        if (id.empty() || accounts_.contains(id)) return;
        Account a;
        a.rcp_levels = org_levels(*org_, id, OrgPolicyType::kRcp).levels;
        a.path = org_path(*org_, id);
        accounts_.emplace(id, std::move(a));
    };
    prepare(org_->management_account);
    for (const auto& a : org_->accounts) prepare(a.id);
    if (org_->in_use(OrgPolicyType::kRcp)) {
        for (const auto& p : org_->policies) {
            if (p.type == OrgPolicyType::kRcp && p.document) rcps_.push_back(p.document.get());
        }
    }
}

const std::vector<std::vector<const Policy*>>& OrgRequests::rcp_levels(
    std::string_view account) const {
    static const std::vector<std::vector<const Policy*>> kNone;
    auto it = accounts_.find(account);
    return it == accounts_.end() ? kNone : it->second.rcp_levels;
}

void OrgRequests::settle(Request& request) const {
    if (org_ == nullptr || org_->id.empty()) return;
    const Principal& p = request.principal;
    std::string_view principal_account =
        !p.account.empty() ? std::string_view(p.account) : arn_account(p.arn);
    auto put = [&](std::string_view account, const char* id_key, const char* paths_key) {
        auto it = accounts_.find(account);
        if (it == accounts_.end()) return;
        if (!given(request, id_key)) request.set_context(id_key, {org_->id});
        if (!it->second.path.empty() && !given(request, paths_key))
            request.set_context(paths_key, {it->second.path});
    };
    if (p.arn.starts_with("arn:"))
        put(principal_account, "aws:principalorgid", "aws:principalorgpaths");
    std::string_view resource_account = request.resource_account;
    if (resource_account.empty()) resource_account = arn_account(request.resource);
    if (resource_account.empty()) resource_account = principal_account;
    put(resource_account, "aws:resourceorgid", "aws:resourceorgpaths");
}

void check_organization(const Organization& org, core::Diagnostics& diags) {
    auto warn = [&](std::string message, const core::SourceLocation& at) {
        diags.push_back({core::DiagLevel::kWarning, "iam-org-incomplete", std::move(message), at});
    };
    bool scps = org.in_use(OrgPolicyType::kScp), rcps = org.in_use(OrgPolicyType::kRcp);
    std::vector<std::string> empty_levels;  // "SCP|target", each reported once
    for (const auto& a : org.accounts) {
        if (a.id == org.management_account || !(scps || rcps)) continue;
        bool complete = false;
        (void)chain_of(org, a, complete);
        if (!complete) {
            warn("account " + a.id + (a.name.empty() ? "" : " (" + a.name + ")") +
                     ": its parent chain to the root is not in the export (no ParentId, or an "
                     "OU missing); only the root's and the account's own policies apply to it",
                 a.location);
        }
        for (OrgPolicyType type : {OrgPolicyType::kScp, OrgPolicyType::kRcp}) {
            OrgLevels l = org_levels(org, a.id, type);
            for (std::size_t i = 0; i < l.levels.size(); ++i) {
                bool allows = std::any_of(l.levels[i].begin(), l.levels[i].end(),
                                          [](const Policy* p) { return allows_something(*p); });
                std::string key = std::string(type_name(type)) + "|" + l.targets[i];
                if (allows || std::find(empty_levels.begin(), empty_levels.end(), key) !=
                                  empty_levels.end()) {
                    continue;
                }
                empty_levels.push_back(key);
                warn(std::string("no ") + type_name(type) + " attached to " + l.targets[i] +
                         " allows anything, so every request it governs is implicitly denied "
                         "(is " +
                         (type == OrgPolicyType::kScp ? "FullAWSAccess" : "RCPFullAWSAccess") +
                         " missing from the export?)",
                     a.location);
            }
        }
    }
    if (org.accounts.empty()) return;  // the structure is not loaded: targets cannot be checked
    for (const auto& p : org.policies) {
        std::string unknown;
        for (const auto& t : p.targets) {
            bool known = is_root(org, t) || org.unit(t) != nullptr || org.account(t) != nullptr;
            if (!known) unknown += (unknown.empty() ? "" : ", ") + t;
        }
        if (!unknown.empty()) {
            warn(std::string(type_name(p.type)) + " " + p.id + " is attached to " + unknown +
                     ", not in the export; it applies to nothing loaded there",
                 p.location);
        }
    }
}

}  // namespace wasp::iam
