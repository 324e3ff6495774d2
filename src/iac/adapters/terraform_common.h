// What the Terraform adapters share: reading plan values the way Terraform means them.
//
// In a plan, an optional attribute the configuration leaves out is null, and one the provider
// computes is unknown until apply. Neither says what the resource will be; the adapters then
// apply the AWS default, as the CloudFormation adapters do for an absent property.
#pragma once

#include <string>
#include <string_view>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

// The value at path; nullptr when it is null, an empty string, or unknown because the provider
// computes it for an attribute the configuration does not set (an unknown of origin default).
const Node* tf_get(const Builder& b, std::string_view path);
// Builder::copy and copy_or, reading with tf_get.
void tf_copy(Builder& b, std::string_view attr, std::string_view path);
void tf_copy_or(Builder& b, std::string_view attr, std::string_view path, Node def);
// True when the value is written and not empty (a nested block, a list, a string).
void tf_present(Builder& b, std::string_view attr, std::string_view path);
// A policy document (JSON text, as Terraform holds every policy) -> normalised statements. Every
// value is placed at the text's own position in the plan: positions inside the text would
// point at the wrong lines of the plan file.
Node tf_statements(const Node* doc, Mark at, const std::string& policy_name = {});
// A security group rule in Terraform's shapes (an ingress/egress block of aws_security_group,
// aws_security_group_rule, aws_vpc_security_group_ingress_rule/egress_rule) -> neutral rules
// appended to out, one per source (CIDR block, IPv6 block, prefix list, group).
void tf_sg_rules(const Node& rule, bool ingress, Node& out);

}  // namespace wasp::iac::adapters
