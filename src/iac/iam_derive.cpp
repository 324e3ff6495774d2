#include "iac/iam_derive.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "iam/catalog.h"
#include "iam/least_privilege.h"
#include "iam/validate.h"

namespace wasp::iac {

using core::Mark;
using core::Node;

namespace {

// An unknown value inside a statement, kept in the policy as text that matches nothing and that
// validation skips (it reads as a policy variable).
constexpr std::string_view kUnknownText = "${wasp:unknown}";

bool is_iam_kind(std::string_view kind) {
    return kind == "aws.iam.policy" || kind == "aws.iam.role" || kind == "aws.iam.user" ||
           kind == "aws.iam.group";
}

// The items of a list attribute as text; nullopt when the list or an item cannot be read
// (unknown where unknown_ok is false).
std::optional<std::vector<std::string>> texts(const Node* list, bool unknown_ok) {
    std::vector<std::string> out;
    if (!list || list->is_null()) return out;
    if (list->is_unknown() && unknown_ok) {
        // One value (Resource: !Sub ...) that is unknown: a particular resource.
        out.emplace_back(kUnknownText);
        return out;
    }
    if (!list->is_sequence()) return std::nullopt;
    for (const auto& i : list->items()) {
        if (i.is_unknown()) {
            if (!unknown_ok) return std::nullopt;
            out.emplace_back(kUnknownText);
        } else if (i.is_scalar() && !i.is_null()) {
            out.push_back(i.text());
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The normalised statements (docs/model.md#policy-statements) as an IAM policy; nullopt when the
// analysis cannot be trusted (an unknown action, an unreadable statement).
std::optional<iam::Policy> policy_of(const Node& statements, const std::string& name) {
    iam::Policy p;
    p.name = name;
    p.version = "2012-10-17";
    p.mark = statements.mark();
    std::size_t index = 0;
    for (const auto& s : statements.items()) {
        if (!s.is_mapping()) return std::nullopt;
        iam::Statement st;
        st.index = index++;
        st.mark = s.mark();
        const Node* effect = s.get("effect");
        if (!effect || !effect->is_scalar()) return std::nullopt;
        st.effect = effect->text() == "Deny" ? iam::Effect::kDeny : iam::Effect::kAllow;
        if (const Node* sid = s.get("sid"); sid && sid->is_scalar()) st.sid = sid->text();
        auto actions = texts(s.get("actions"), false);
        auto not_actions = texts(s.get("not_actions"), false);
        if (!actions || !not_actions) return std::nullopt;
        st.not_action = actions->empty() && !not_actions->empty();
        for (auto& a : st.not_action ? *not_actions : *actions) {
            st.actions_written.push_back(a);
            st.actions.push_back(lower(std::move(a)));
        }
        auto resources = texts(s.get("resources"), true);
        auto not_resources = texts(s.get("not_resources"), true);
        if (!resources || !not_resources) return std::nullopt;
        st.has_resource = !resources->empty() || !not_resources->empty();
        st.not_resource = resources->empty() && !not_resources->empty();
        st.resources = st.not_resource ? std::move(*not_resources) : std::move(*resources);
        for (const auto& r : st.resources) {
            if (r.find("${") != std::string::npos) st.resources_have_variables = true;
        }
        if (const Node* cs = s.get("conditions"); cs && cs->is_sequence()) {
            for (const auto& c : cs->items()) {
                const Node* op = c.get("operator");
                const Node* key = c.get("key");
                if (!op || !key || !op->is_scalar() || !key->is_scalar()) return std::nullopt;
                iam::Condition cond;
                if (!iam::parse_operator(op->text(), cond)) return std::nullopt;
                cond.key = key->text();
                cond.key_lower = lower(key->text());
                cond.mark = c.mark();
                auto values = texts(c.get("values"), true);
                if (!values) return std::nullopt;
                cond.values = std::move(*values);
                for (const auto& v : cond.values) {
                    if (v.find("${") != std::string::npos) cond.has_variables = true;
                }
                st.conditions.push_back(std::move(cond));
            }
        } else if (cs && cs->is_unknown()) {
            return std::nullopt;
        }
        p.statements.push_back(std::move(st));
    }
    p.index();
    return p;
}

// The validation issues that make a policy not do what it says (not style).
bool reported(const std::string& code) {
    static constexpr std::string_view kCodes[] = {
        "unknown-service",           "unknown-action",
        "action-resource-mismatch",  "unknown-condition-key",
        "unsupported-condition-key", "condition-type-mismatch",
        "condition-value-invalid"};
    return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

void derive(CloudResource& r) {
    const Node* statements = r.attributes.get("statements");
    Mark at = statements ? statements->mark() : r.info.location.mark;
    static constexpr std::string_view kAttrs[] = {"escalation_paths", "credential_actions",
                                                  "permissions_actions", "data_read_actions",
                                                  "policy_issues"};
    Node iam_attrs = Node::mapping(at);
    std::optional<iam::Policy> policy;
    if (statements && statements->is_sequence()) policy = policy_of(*statements, r.info.id);
    if (!policy) {
        Node unknown = statements && statements->is_unknown()
                           ? *statements
                           : Node::unknown("the policy's statements cannot all be read", at);
        for (auto a : kAttrs) iam_attrs.set(std::string(a), unknown);
        r.attributes.set("iam", std::move(iam_attrs));
        return;
    }
    const iam::Catalog& catalog = iam::Catalog::builtin();
    Node paths = Node::sequence(at), creds = Node::sequence(at), perms = Node::sequence(at),
         reads = Node::sequence(at), issues = Node::sequence(at);
    for (const auto& f : iam::least_privilege(*policy, catalog)) {
        Mark m = f.mark.line ? f.mark : at;
        switch (f.risk) {
            case iam::Risk::kPrivilegeEscalation:
                paths.push(Node::string(f.path, m));
                break;
            case iam::Risk::kCredentialsExposure:
                for (const auto& a : f.actions) creds.push(Node::string(a, m));
                break;
            case iam::Risk::kResourceExposure:
                for (const auto& a : f.actions) perms.push(Node::string(a, m));
                break;
            case iam::Risk::kDataExfiltration:
                for (const auto& a : f.actions) reads.push(Node::string(a, m));
                break;
            default:
                break;
        }
    }
    for (const auto& i : iam::validate_policy(*policy, iam::PolicyKind::kIdentity, catalog)) {
        if (!reported(i.code)) continue;
        issues.push(Node::string(i.code + ": " + i.message, i.mark.line ? i.mark : at));
    }
    iam_attrs.set("escalation_paths", std::move(paths));
    iam_attrs.set("credential_actions", std::move(creds));
    iam_attrs.set("permissions_actions", std::move(perms));
    iam_attrs.set("data_read_actions", std::move(reads));
    iam_attrs.set("policy_issues", std::move(issues));
    r.attributes.set("iam", std::move(iam_attrs));
}

}  // namespace

void derive_iam(Model& model, std::size_t first) {
    for (std::size_t i = first; i < model.resources.size(); ++i) {
        if (is_iam_kind(model.resources[i].info.kind)) derive(model.resources[i]);
    }
}

}  // namespace wasp::iac
