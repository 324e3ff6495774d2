// Terraform adapters for network controls: security groups and their rules written as separate
// resources, which are merged into their group (docs/model.md).
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

Node group_rules(const Builder& b, std::string_view path, bool ingress) {
    const Node* list = tf_get(b, path);
    Node out = Node::sequence(list ? list->mark() : b.at());
    if (!list) return out;  // left out (the provider reads back what rule resources add)
    if (list->is_unknown()) return *list;
    for (const auto& r : list->items()) tf_sg_rules(r, ingress, out);
    return out;
}

void security_group(Builder& b) {
    b.set("ingress", group_rules(b, "ingress", true));
    b.set("egress", group_rules(b, "egress", false));
    tf_copy(b, "vpc", "vpc_id");
    tf_copy(b, "description", "description");
}

// One rule; merged into its group when the group is in the plan, else a group of its own with
// only this rule (like a CloudFormation SecurityGroupIngress whose group is elsewhere).
void rule_of_group(Builder& b, bool ingress) {
    Node list = Node::sequence(b.at());
    tf_sg_rules(b.properties(), ingress, list);
    b.set(ingress ? "ingress" : "egress", std::move(list));
    b.set(ingress ? "egress" : "ingress", Node::sequence(b.at()));
    tf_copy(b, "group", "security_group_id");
    b.part_of("security_group_id", {"group"});
}

void security_group_rule(Builder& b) {
    const Node* type = b.prop("type");
    if (type && type->is_unknown()) {
        b.set("ingress", *type);
        b.set("egress", *type);
        tf_copy(b, "group", "security_group_id");
        return;
    }
    rule_of_group(b, !type || type->text() != "egress");
}

void ingress_rule(Builder& b) { rule_of_group(b, true); }
void egress_rule(Builder& b) { rule_of_group(b, false); }

}  // namespace

void register_terraform_network(Adapters& out) {
    out.insert(out.end(),
               {
                   {"aws_security_group", "aws.ec2.security_group", security_group},
                   {"aws_security_group_rule", "aws.ec2.security_group", security_group_rule},
                   {"aws_vpc_security_group_ingress_rule", "aws.ec2.security_group", ingress_rule},
                   {"aws_vpc_security_group_egress_rule", "aws.ec2.security_group", egress_rule},
               });
}

}  // namespace wasp::iac::adapters
