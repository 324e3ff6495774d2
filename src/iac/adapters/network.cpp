// Adapters for network controls: security groups, VPCs, subnets, flow logs and network ACL
// entries (docs/model.md, docs/model-compute-network.md).
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

void vpc(Builder& b) { b.copy("cidr_block", "CidrBlock"); }

void subnet(Builder& b) {
    // Subnets that CloudFormation creates are never default subnets: both settings are false
    // unless written.
    b.copy_or("map_public_ip_on_launch", "MapPublicIpOnLaunch", Node::boolean(false));
    b.copy_or("assign_ipv6_on_creation", "AssignIpv6AddressOnCreation", Node::boolean(false));
    b.copy("cidr_block", "CidrBlock");
    b.copy("vpc", "VpcId");
    b.link("VpcId", "vpc", "subnets");
}

void flow_log(Builder& b) {
    b.copy("resource_type", "ResourceType");
    b.copy("traffic_type", "TrafficType");
    // cloud-watch-logs: the documented default destination type.
    b.copy_or("destination_type", "LogDestinationType", Node::string("cloud-watch-logs"));
    b.link("ResourceId", "resource", "flow_logs");
}

void network_acl_entry(Builder& b) {
    // The same shape as a security group rule: Protocol -1/6/17 -> all/tcp/udp, PortRange.
    Node r = Node::mapping(b.at());
    for (auto [to, from] : {std::pair{"IpProtocol", "Protocol"},
                            {"FromPort", "PortRange.From"},
                            {"ToPort", "PortRange.To"},
                            {"CidrIp", "CidrBlock"},
                            {"CidrIpv6", "Ipv6CidrBlock"}}) {
        if (const Node* v = b.prop(from)) r.set(to, *v);
    }
    Node rule = sg_rule(r);
    for (const char* attr : {"protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6"}) {
        if (const Node* v = rule.get(attr)) b.set(attr, *v);
    }
    b.copy_or("egress", "Egress", Node::boolean(false));  // documented default: ingress
    b.copy("action", "RuleAction");
    b.copy("rule_number", "RuleNumber");
    b.link("NetworkAclId", "network_acl", "entries");
}

}  // namespace

void register_network(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"AWS::EC2::SecurityGroup", "aws.ec2.security_group", security_group},
            {"AWS::EC2::SecurityGroupIngress", "aws.ec2.security_group", security_group_ingress},
            {"AWS::EC2::SecurityGroupEgress", "aws.ec2.security_group", security_group_egress},
            {"AWS::EC2::VPC", "aws.ec2.vpc", vpc},
            {"AWS::EC2::Subnet", "aws.ec2.subnet", subnet},
            {"AWS::EC2::FlowLog", "aws.ec2.flow_log", flow_log},
            {"AWS::EC2::NetworkAclEntry", "aws.ec2.network_acl_entry", network_acl_entry},
        });
}

}  // namespace wasp::iac::adapters
