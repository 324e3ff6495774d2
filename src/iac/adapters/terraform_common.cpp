// Definitions of the Terraform adapter helpers (terraform_common.h).
#include "iac/adapters/terraform_common.h"

#include <utility>
#include <vector>

namespace wasp::iac::adapters {

namespace {

void place_at(Node& n, Mark at) {
    n.set_mark(at);
    for (auto& i : n.items()) place_at(i, at);
    for (auto& m : n.members()) {
        m.key_mark = at;
        place_at(m.value, at);
    }
}

bool empty_value(const Node& v) {
    if (v.is_sequence() || v.is_mapping()) return v.size() == 0;
    return v.kind() == NodeKind::kString && v.text().empty();
}

}  // namespace

const Node* tf_get(const Builder& b, std::string_view path) {
    const Node* v = b.prop(path);
    if (!v || v->is_null()) return nullptr;
    if (v->is_unknown() && v->origin() == NodeOrigin::kDefault) return nullptr;
    // Providers read back an unset string as "" (a bucket's kms_master_key_id, its policy).
    if (v->kind() == NodeKind::kString && v->text().empty()) return nullptr;
    return v;
}

void tf_copy(Builder& b, std::string_view attr, std::string_view path) {
    if (const Node* v = tf_get(b, path)) b.set(attr, *v);
}

void tf_copy_or(Builder& b, std::string_view attr, std::string_view path, Node def) {
    if (const Node* v = tf_get(b, path)) {
        b.set(attr, *v);
    } else {
        b.set(attr, defaulted(std::move(def), b.at()));
    }
}

void tf_present(Builder& b, std::string_view attr, std::string_view path) {
    const Node* v = tf_get(b, path);
    if (!v) {
        b.set(attr, defaulted(Node::boolean(false), b.at()));
    } else if (v->is_unknown()) {
        b.set(attr, *v);
    } else {
        b.set(attr, Node::boolean(!empty_value(*v), v->mark()));
    }
}

Node tf_statements(const Node* doc, Mark at, const std::string& policy_name) {
    if (!doc || doc->is_null() || (doc->kind() == NodeKind::kString && doc->text().empty())) {
        return Node::sequence(doc ? doc->mark() : at);
    }
    if (doc->is_unknown() && doc->origin() == NodeOrigin::kDefault) return Node::sequence(at);
    Node out = statements_of(doc, at, policy_name);
    if (doc->kind() == NodeKind::kString) place_at(out, doc->mark());
    return out;
}

void tf_sg_rules(const Node& rule, bool ingress, Node& out) {
    if (!rule.is_mapping()) {
        out.push(rule);  // unknown
        return;
    }
    auto get = [&](std::string_view key) -> const Node* {
        const Node* v = rule.get(key);
        if (!v || v->is_null()) return nullptr;
        if (v->is_unknown() && v->origin() == NodeOrigin::kDefault) return nullptr;
        return v;
    };
    // The rule in CloudFormation's shape, so sg_rule normalises protocols and ports once.
    Node base = Node::mapping(rule.mark());
    if (const Node* p = get("protocol")) base.set("IpProtocol", *p);
    if (const Node* p = get("ip_protocol")) base.set("IpProtocol", *p);
    if (const Node* v = get("from_port")) base.set("FromPort", *v);
    if (const Node* v = get("to_port")) base.set("ToPort", *v);
    if (const Node* v = get("description"); v && !empty_value(*v)) base.set("Description", *v);

    const char* group_key = ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId";
    std::vector<std::pair<const char*, Node>> sources;
    auto each = [&](std::string_view key, const char* cfn_key) {
        const Node* v = get(key);
        if (!v) return;
        if (v->is_sequence()) {
            for (const auto& i : v->items()) sources.emplace_back(cfn_key, i);
        } else if (!empty_value(*v)) {
            sources.emplace_back(cfn_key, *v);  // one value, or an unknown list
        }
    };
    each("cidr_blocks", "CidrIp");
    each("cidr_ipv4", "CidrIp");
    each("ipv6_cidr_blocks", "CidrIpv6");
    each("cidr_ipv6", "CidrIpv6");
    each("prefix_list_ids", "SourcePrefixListId");
    each("prefix_list_id", "SourcePrefixListId");
    each("security_groups", group_key);
    each("source_security_group_id", group_key);
    each("referenced_security_group_id", group_key);
    if (const Node* self = get("self"); self && (self->is_unknown() || self->as_bool() == true)) {
        sources.emplace_back(group_key,
                             self->is_unknown() ? *self : Node::string("self", self->mark()));
    }
    if (sources.empty()) {
        out.push(sg_rule(base));
        return;
    }
    for (auto& [key, value] : sources) {
        Node r = base;
        r.set(key, std::move(value));
        out.push(sg_rule(r));
    }
}

}  // namespace wasp::iac::adapters
