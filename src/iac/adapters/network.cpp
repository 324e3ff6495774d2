// Adapters for network controls: security groups (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

Node sg_rules(const Node* list, Mark at) {
    Node out = Node::sequence(list ? list->mark() : at);
    if (!list) return out;
    if (list->is_unknown()) return *list;
    for (const auto& r : list->items()) out.push(r.is_unknown() ? r : sg_rule(r));
    return out;
}

void security_group(Builder& b) {
    b.set("ingress", sg_rules(b.prop("SecurityGroupIngress"), b.at()));
    b.set("egress", sg_rules(b.prop("SecurityGroupEgress"), b.at()));
    b.copy("vpc", "VpcId");
    b.copy("description", "GroupDescription");
}

void security_group_rule(Builder& b, const char* direction) {
    Node list = Node::sequence(b.at());
    list.push(sg_rule(b.properties()));
    b.set(direction, std::move(list));
    b.set(std::string_view(direction) == "ingress" ? "egress" : "ingress", Node::sequence(b.at()));
    b.copy("group", "GroupId");
}

void security_group_ingress(Builder& b) { security_group_rule(b, "ingress"); }
void security_group_egress(Builder& b) { security_group_rule(b, "egress"); }

}  // namespace

void register_network(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"AWS::EC2::SecurityGroup", "aws.ec2.security_group", security_group},
            {"AWS::EC2::SecurityGroupIngress", "aws.ec2.security_group", security_group_ingress},
            {"AWS::EC2::SecurityGroupEgress", "aws.ec2.security_group", security_group_egress},
        });
}

}  // namespace wasp::iac::adapters
