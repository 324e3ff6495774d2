#include "iam/account.h"

#include <algorithm>

#include "core/parse.h"
#include "iam/export_read.h"
#include "iam/organization.h"

namespace wasp::iam {

using export_read::add_diag;
using export_read::scalar_member;
namespace {

// A document as the export gives it: a JSON object or a URL-encoded string.
std::unique_ptr<Policy> read_document(const core::Node* doc,
                                      std::string name,
                                      const std::string& file,
                                      core::Diagnostics& diags) {
    if (doc == nullptr || doc->is_null()) return nullptr;
    PolicyParse parsed = doc->kind() == core::NodeKind::kString
                             ? parse_policy_text(doc->text(), std::move(name), file)
                             : parse_policy(*doc, std::move(name), file);
    for (auto& d : parsed.diagnostics) {
        // Positions inside a string document are relative to the string, not the file.
        if (doc->kind() == core::NodeKind::kString) d.location.mark = doc->mark();
        diags.push_back(std::move(d));
    }
    if (!parsed.policy) return nullptr;
    return std::make_unique<Policy>(std::move(*parsed.policy));
}

std::vector<InlinePolicy> read_inline(const core::Node& rec,
                                      std::string_view list_key,
                                      const std::string& owner,
                                      const std::string& file,
                                      core::Diagnostics& diags) {
    std::vector<InlinePolicy> out;
    const core::Node* list = rec.get(list_key);
    if (list == nullptr || !list->is_sequence()) return out;
    for (const auto& item : list->items()) {
        if (!item.is_mapping()) continue;
        InlinePolicy p;
        p.name = scalar_member(item, "PolicyName");
        p.policy = read_document(item.get("PolicyDocument"), "inline:" + owner + "/" + p.name, file,
                                 diags);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<std::string> read_attached(const core::Node& rec) {
    std::vector<std::string> out;
    const core::Node* list = rec.get("AttachedManagedPolicies");
    if (list == nullptr || !list->is_sequence()) return out;
    for (const auto& item : list->items()) {
        if (item.is_mapping() && !scalar_member(item, "PolicyArn").empty())
            out.push_back(scalar_member(item, "PolicyArn"));
    }
    return out;
}

Tags read_tags(const core::Node& rec) {
    Tags out;
    const core::Node* list = rec.get("Tags");
    if (list == nullptr || !list->is_sequence()) return out;
    for (const auto& item : list->items()) {
        if (item.is_mapping())
            out.emplace_back(scalar_member(item, "Key"), scalar_member(item, "Value"));
    }
    return out;
}

std::string read_boundary(const core::Node& rec) {
    const core::Node* b = rec.get("PermissionsBoundary");
    return b != nullptr && b->is_mapping() ? scalar_member(*b, "PermissionsBoundaryArn")
                                           : std::string{};
}

// The records of one list, each a mapping with the given name key; others are errors.
template <typename F>
void each_record(const core::Node& root,
                 std::string_view list_key,
                 std::string_view name_key,
                 const std::string& file,
                 core::Diagnostics& diags,
                 F&& f) {
    const core::Node* list = root.get(list_key);
    if (list == nullptr) return;
    if (!list->is_sequence()) {
        add_diag(diags, core::DiagLevel::kError, "iam-authz-shape",
                 std::string(list_key) + " is not a list", file, list->mark());
        return;
    }
    for (const auto& item : list->items()) {
        if (!item.is_mapping() || scalar_member(item, "Arn").empty() ||
            scalar_member(item, name_key).empty()) {
            add_diag(diags, core::DiagLevel::kError, "iam-authz-shape",
                     "an entry of " + std::string(list_key) + " lacks " + std::string(name_key) +
                         " or Arn; it is skipped",
                     file, item.mark());
            continue;
        }
        f(item);
    }
}

}  // namespace

std::string_view arn_account(std::string_view arn) {
    std::size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        pos = arn.find(':', pos);
        if (pos == std::string_view::npos) return {};
        ++pos;
    }
    std::size_t end = arn.find(':', pos);
    if (end == std::string_view::npos) return {};
    return arn.substr(pos, end - pos);
}

void Accounts::load(std::string_view json_text, const std::string& file, core::Diagnostics& diags) {
    auto parsed = core::parse_json(json_text);
    if (!parsed) {
        add_diag(diags, core::DiagLevel::kError, "iam-authz-syntax", parsed.error().message, file,
                 parsed.error().mark);
        return;
    }
    const core::Node& root = parsed->root;
    if (!root.is_mapping() ||
        (root.get("UserDetailList") == nullptr && root.get("RoleDetailList") == nullptr &&
         root.get("GroupDetailList") == nullptr && root.get("Policies") == nullptr)) {
        add_diag(diags, core::DiagLevel::kError, "iam-authz-shape",
                 "not an authorization details export (no UserDetailList, GroupDetailList, "
                 "RoleDetailList or Policies)",
                 file, root.mark());
        return;
    }
    // The fields every record has: "UserName", "UserId" and so on.
    auto read_identity = [](const core::Node& n, const std::string& kind, Identity& out) {
        out.arn = scalar_member(n, "Arn");
        out.name = scalar_member(n, kind + "Name");
        out.id = scalar_member(n, kind + "Id");
        out.account = std::string(arn_account(out.arn));
        out.path = scalar_member(n, "Path");
        out.create_date = scalar_member(n, "CreateDate");
    };
    auto note_account = [this](std::string_view acct) {
        if (acct.empty() || acct == "aws") return;
        auto it = std::lower_bound(account_ids.begin(), account_ids.end(), acct);
        if (it == account_ids.end() || *it != acct) account_ids.insert(it, std::string(acct));
    };

    each_record(root, "UserDetailList", "UserName", file, diags, [&](const core::Node& n) {
        User u;
        read_identity(n, "User", u);
        if (const core::Node* g = n.get("GroupList"); g != nullptr && g->is_sequence()) {
            for (const auto& item : g->items()) {
                if (item.kind() == core::NodeKind::kString) u.groups.push_back(item.text());
            }
        }
        u.inline_policies = read_inline(n, "UserPolicyList", u.name, file, diags);
        u.attached = read_attached(n);
        u.boundary_arn = read_boundary(n);
        u.tags = read_tags(n);
        note_account(u.account);
        users.push_back(std::move(u));
    });
    each_record(root, "GroupDetailList", "GroupName", file, diags, [&](const core::Node& n) {
        Group g;
        read_identity(n, "Group", g);
        g.inline_policies = read_inline(n, "GroupPolicyList", g.name, file, diags);
        g.attached = read_attached(n);
        note_account(g.account);
        groups.push_back(std::move(g));
    });
    each_record(root, "RoleDetailList", "RoleName", file, diags, [&](const core::Node& n) {
        Role r;
        read_identity(n, "Role", r);
        r.trust_policy =
            read_document(n.get("AssumeRolePolicyDocument"), "trust:" + r.name, file, diags);
        r.inline_policies = read_inline(n, "RolePolicyList", r.name, file, diags);
        r.attached = read_attached(n);
        r.boundary_arn = read_boundary(n);
        r.tags = read_tags(n);
        if (const core::Node* ip = n.get("InstanceProfileList");
            ip != nullptr && ip->is_sequence()) {
            for (const auto& item : ip->items()) {
                if (item.is_mapping()) r.instance_profiles.push_back(scalar_member(item, "Arn"));
            }
        }
        if (const core::Node* lu = n.get("RoleLastUsed"); lu != nullptr && lu->is_mapping()) {
            r.last_used_date = scalar_member(*lu, "LastUsedDate");
            r.last_used_region = scalar_member(*lu, "Region");
        }
        note_account(r.account);
        roles.push_back(std::move(r));
    });
    each_record(root, "Policies", "PolicyName", file, diags, [&](const core::Node& n) {
        ManagedPolicy p;
        p.arn = scalar_member(n, "Arn");
        p.name = scalar_member(n, "PolicyName");
        p.account = std::string(arn_account(p.arn));
        p.path = scalar_member(n, "Path");
        p.default_version_id = scalar_member(n, "DefaultVersionId");
        if (const core::Node* c = n.get("AttachmentCount"); c != nullptr) {
            if (auto v = c->as_number(); v && *v >= 0)
                p.attachment_count = static_cast<std::size_t>(*v);
        }
        if (const core::Node* a = n.get("IsAttachable"); a != nullptr) {
            if (auto v = a->as_bool()) p.is_attachable = *v;
        }
        const core::Node* versions = n.get("PolicyVersionList");
        const core::Node* chosen = nullptr;
        if (versions != nullptr && versions->is_sequence()) {
            p.version_count = versions->size();
            for (const auto& v : versions->items()) {
                if (!v.is_mapping()) continue;
                const core::Node* def = v.get("IsDefaultVersion");
                if (def != nullptr && def->as_bool().value_or(false)) {
                    chosen = &v;
                    if (p.default_version_id.empty())
                        p.default_version_id = scalar_member(v, "VersionId");
                    break;
                }
            }
        }
        if (chosen == nullptr) {
            add_diag(diags, core::DiagLevel::kWarning, "iam-authz-no-default-version",
                     "policy " + p.arn + " has no default version in PolicyVersionList", file,
                     n.mark());
        } else {
            p.document = read_document(chosen->get("Document"), p.arn, file, diags);
        }
        if (this->policy(p.arn) != nullptr) return;  // the same AWS managed policy in two files
        note_account(p.account);
        policy_index_.emplace(p.arn, policies.size());
        policies.push_back(std::move(p));
    });
}

const ManagedPolicy* Accounts::policy(std::string_view arn) const {
    // The index is kept by load(); a policy added to `policies` by hand is found by the scan.
    if (auto it = policy_index_.find(arn); it != policy_index_.end() &&
                                           it->second < policies.size() &&
                                           policies[it->second].arn == arn) {
        return &policies[it->second];
    }
    if (policy_index_.size() == policies.size()) return nullptr;  // every policy is indexed
    for (const auto& p : policies) {
        if (p.arn == arn) return &p;
    }
    return nullptr;
}

const Group* Accounts::group(std::string_view account, std::string_view name) const {
    for (const auto& g : groups) {
        if (g.account == account && g.name == name) return &g;
    }
    return nullptr;
}

std::optional<PrincipalRef> Accounts::find(std::string_view key) const {
    std::optional<PrincipalRef> found;
    bool ambiguous = false;
    auto consider = [&](PrincipalKind kind, std::size_t i) {
        if (found) ambiguous = true;
        found = PrincipalRef{kind, i};
    };
    bool want_user = true;
    bool want_role = true;
    std::string_view name = key;
    if (key.starts_with("arn:")) {
        for (std::size_t i = 0; i < users.size(); ++i) {
            if (users[i].arn == key) return PrincipalRef{PrincipalKind::kUser, i};
        }
        for (std::size_t i = 0; i < roles.size(); ++i) {
            if (roles[i].arn == key) return PrincipalRef{PrincipalKind::kRole, i};
        }
        return std::nullopt;
    }
    if (key.starts_with("user/")) {
        want_role = false;
        name = key.substr(5);
    } else if (key.starts_with("role/")) {
        want_user = false;
        name = key.substr(5);
    }
    if (want_user) {
        for (std::size_t i = 0; i < users.size(); ++i) {
            if (users[i].name == name) consider(PrincipalKind::kUser, i);
        }
    }
    if (want_role) {
        for (std::size_t i = 0; i < roles.size(); ++i) {
            if (roles[i].name == name) consider(PrincipalKind::kRole, i);
        }
    }
    if (ambiguous) return std::nullopt;
    return found;
}

PrincipalLayers layers_for(const Accounts& accounts,
                           PrincipalRef ref,
                           core::Diagnostics& diags,
                           std::string_view session_name,
                           const Organization* org) {
    PrincipalLayers out;
    std::string who;
    auto add_inline = [&](const std::vector<InlinePolicy>& list) {
        for (const auto& p : list) {
            if (p.policy) out.layers.identity.push_back(p.policy.get());
        }
    };
    auto add_attached = [&](const std::vector<std::string>& list) {
        for (const auto& arn : list) {
            const ManagedPolicy* mp = accounts.policy(arn);
            if (mp != nullptr && mp->document) {
                if (std::find(out.layers.identity.begin(), out.layers.identity.end(),
                              mp->document.get()) == out.layers.identity.end()) {
                    out.layers.identity.push_back(mp->document.get());
                }
                continue;
            }
            if (std::find(out.missing_policies.begin(), out.missing_policies.end(), arn) ==
                out.missing_policies.end()) {
                out.missing_policies.push_back(arn);
                add_diag(diags, core::DiagLevel::kWarning, "iam-authz-missing-policy",
                         "managed policy " + arn + " attached to " + who +
                             " is not in the export; its evaluation lacks that policy",
                         {}, {});
            }
        }
    };
    std::string boundary;
    if (ref.kind == PrincipalKind::kUser) {
        const User& u = accounts.users.at(ref.index);
        who = u.arn;
        out.principal.arn = u.arn;
        out.principal.account = u.account;
        out.principal.tags = u.tags;
        add_inline(u.inline_policies);
        add_attached(u.attached);
        for (const auto& gname : u.groups) {
            const Group* g = accounts.group(u.account, gname);
            if (g == nullptr) {
                add_diag(diags, core::DiagLevel::kWarning, "iam-authz-missing-group",
                         "group " + gname + " of " + who + " is not in the export", {}, {});
                continue;
            }
            add_inline(g->inline_policies);
            add_attached(g->attached);
        }
        boundary = u.boundary_arn;
    } else {
        const Role& r = accounts.roles.at(ref.index);
        who = r.arn;
        out.principal.role_arn = r.arn;
        out.principal.account = r.account;
        out.principal.tags = r.tags;
        out.principal.service_linked_role = r.path.starts_with("/aws-service-role/");
        if (session_name.empty()) {
            out.principal.arn = r.arn;
        } else {
            out.principal.arn = "arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/" +
                                std::string(session_name);
        }
        add_inline(r.inline_policies);
        add_attached(r.attached);
        boundary = r.boundary_arn;
    }
    if (!boundary.empty()) {
        out.layers.has_boundary = true;
        const ManagedPolicy* mp = accounts.policy(boundary);
        if (mp != nullptr && mp->document) {
            out.layers.boundary.push_back(mp->document.get());
        } else {
            out.missing_policies.push_back(boundary);
            add_diag(diags, core::DiagLevel::kWarning, "iam-authz-missing-policy",
                     "permissions boundary " + boundary + " of " + who +
                         " is not in the export; the boundary then allows nothing",
                     {}, {});
        }
    }
    if (org != nullptr) {
        out.principal.management_account =
            out.principal.account == org->management_account && !out.principal.account.empty();
        if (!out.principal.service_linked_role) {
            out.layers.scp_levels =
                org_levels(*org, out.principal.account, OrgPolicyType::kScp).levels;
        }
    }
    return out;
}

}  // namespace wasp::iam
