// Terraform adapters for network controls: security groups and their rules written as separate
// resources, which are merged into their group; VPCs, subnets, flow logs and network ACLs
// (docs/model.md, docs/model-compute-network.md).
#include <utility>

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

void vpc(Builder& b) { tf_copy(b, "cidr_block", "cidr_block"); }

void subnet(Builder& b) {
    // Subnets the provider creates are not default subnets: both settings are false unless set.
    tf_copy_or(b, "map_public_ip_on_launch", "map_public_ip_on_launch", Node::boolean(false));
    tf_copy_or(b, "assign_ipv6_on_creation", "assign_ipv6_address_on_creation",
               Node::boolean(false));
    tf_copy(b, "cidr_block", "cidr_block");
    tf_copy(b, "vpc", "vpc_id");
    b.link("vpc_id", "vpc", "subnets");
}

// aws_flow_log names what it watches with one of vpc_id, subnet_id, eni_id or
// transit_gateway_id (CloudFormation's ResourceId and ResourceType).
void flow_log(Builder& b) {
    static constexpr std::pair<std::string_view, std::string_view> kResources[] = {
        {"vpc_id", "VPC"},
        {"subnet_id", "Subnet"},
        {"eni_id", "NetworkInterface"},
        {"transit_gateway_id", "TransitGateway"},
        {"transit_gateway_attachment_id", "TransitGatewayAttachment"},
    };
    for (auto [path, type] : kResources) {
        const Node* v = tf_get(b, path);
        if (!v) continue;
        b.set("resource_type", Node::string(std::string(type), v->mark()));
        b.link(path, "resource", "flow_logs");
        break;
    }
    tf_copy(b, "traffic_type", "traffic_type");
    tf_copy_or(b, "destination_type", "log_destination_type", Node::string("cloud-watch-logs"));
}

// A network ACL rule in Terraform's names -> the neutral entry (protocol, ports, CIDR blocks as
// for a security group rule: protocol -1 or all is all, 6 tcp, 17 udp).
Node acl_entry(const Node& r, Mark at) {
    Node cfn = Node::mapping(at);
    for (auto [to, from] : {std::pair{"IpProtocol", "protocol"},
                            {"FromPort", "from_port"},
                            {"ToPort", "to_port"},
                            {"CidrIp", "cidr_block"},
                            {"CidrIpv6", "ipv6_cidr_block"}}) {
        const Node* v = r.get(from);
        if (v && !v->is_null() && !(v->kind() == NodeKind::kString && v->text().empty()) &&
            !(v->is_unknown() && v->origin() == NodeOrigin::kDefault)) {
            cfn.set(to, *v);
        }
    }
    Node rule = sg_rule(cfn);
    Node out = Node::mapping(r.mark());
    for (const char* attr : {"protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6"}) {
        if (const Node* v = rule.get(attr)) out.set(attr, *v);
    }
    return out;
}

// aws_network_acl_rule: one entry, as AWS::EC2::NetworkAclEntry.
void network_acl_rule(Builder& b) {
    Node entry = acl_entry(b.properties(), b.at());
    for (const auto& m : entry.members()) b.set(m.key, m.value);
    tf_copy_or(b, "egress", "egress", Node::boolean(false));  // the provider's default: ingress
    tf_copy(b, "action", "rule_action");
    tf_copy(b, "rule_number", "rule_number");
    b.link("network_acl_id", "network_acl", "entries");
}

// aws_network_acl (and aws_default_network_acl) may write its rules inline, as ingress and egress
// blocks, which CloudFormation cannot: they become its entries, each with egress and action.
void network_acl(Builder& b) {
    Node entries = Node::sequence(b.at());
    bool inline_rules = false;
    for (auto [path, egress] : {std::pair{"ingress", false}, {"egress", true}}) {
        const Node* list = tf_get(b, path);
        if (list && list->is_unknown()) {
            entries = *list;  // an unknown set of rules hides every entry
            inline_rules = true;
            break;
        }
        if (!list || !list->is_sequence()) continue;
        inline_rules = true;
        for (const auto& r : list->items()) {
            if (!r.is_mapping()) {
                entries.push(r);
                continue;
            }
            Node e = acl_entry(r, r.mark());
            e.set("egress", Node::boolean(egress, r.mark()));
            if (const Node* v = r.get("action")) e.set("action", *v);
            if (const Node* v = r.get("rule_no")) e.set("rule_number", *v);
            entries.push(std::move(e));
        }
    }
    // Without blocks the provider computes the rules from the aws_network_acl_rule resources,
    // which are entries of their own: the ACL then has none to check.
    b.set("entries", inline_rules ? std::move(entries) : defaulted(std::move(entries), b.at()));
    tf_copy(b, "vpc", "vpc_id");
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
                   {"aws_vpc", "aws.ec2.vpc", vpc},
                   {"aws_subnet", "aws.ec2.subnet", subnet},
                   {"aws_flow_log", "aws.ec2.flow_log", flow_log},
                   {"aws_network_acl_rule", "aws.ec2.network_acl_entry", network_acl_rule},
                   {"aws_network_acl", "aws.ec2.network_acl", network_acl},
                   {"aws_default_network_acl", "aws.ec2.network_acl", network_acl},
               });
}

}  // namespace wasp::iac::adapters
