// Terraform compute adapters: the logic the rules' Terraform cases do not reach.
#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/terraform.h"
#include "tf_model.h"

namespace wasp::iac {
namespace {

using test::find;
using test::links_to;
using test::model_of;

using core::Node;
using Strings = std::vector<std::string>;

std::optional<std::size_t> index_of(const Model& m, std::string_view id) {
    for (std::size_t i = 0; i < m.resources.size(); ++i) {
        if (m.resources[i].info.id == id) return i;
    }
    ADD_FAILURE() << "no resource " << id;
    return std::nullopt;
}

Strings related_ids(const Model& m, std::string_view id, std::string_view name) {
    Strings out;
    if (auto i = index_of(m, id)) {
        for (auto j : m.related(*i, name)) out.push_back(m.resources[j].info.id);
    }
    return out;
}

TEST(TerraformCompute, UserDataIsDecodedOnlyWhenItIsText) {
    // "#!/bin/sh\necho ok\n", and the first bytes of a gzip stream, which stay encoded.
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_launch_template.text", "mode": "managed",
         "type": "aws_launch_template", "name": "text",
         "values": {"user_data": "IyEvYmluL3NoCmVjaG8gb2sK"}},
        {"address": "aws_launch_template.gzip", "mode": "managed",
         "type": "aws_launch_template", "name": "gzip",
         "values": {"user_data": "H4sIAAAAAAAAA0vOzy0oSi0uTi1KAQA="}},
        {"address": "aws_launch_configuration.hash", "mode": "managed",
         "type": "aws_launch_configuration", "name": "hash",
         "values": {"user_data": "ed9896c6cb007291a67949907854f68b96cb271f",
                    "user_data_base64": null}}
      ]}}})");
    ASSERT_EQ(m.resources.size(), 3u);
    EXPECT_EQ(m.resources[0].attributes.get("user_data")->text(), "#!/bin/sh\necho ok\n");
    EXPECT_EQ(m.resources[1].attributes.get("user_data")->text(),
              "H4sIAAAAAAAAA0vOzy0oSi0uTi1KAQA=");
    // A launch configuration's user_data is the provider's SHA-1 hash of the text.
    EXPECT_EQ(m.resources[2].info.kind, "aws.autoscaling.launch_configuration");
    EXPECT_EQ(m.resources[2].attributes.get("user_data")->text(),
              "ed9896c6cb007291a67949907854f68b96cb271f");
}

TEST(TerraformCompute, RelationsOfServicesNodeGroupsPermissionsAndStateMachines) {
    Model m = model_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_ecs_task_definition.app", "mode": "managed",
         "type": "aws_ecs_task_definition", "name": "app", "values": {"family": "app"}},
        {"address": "aws_ecs_service.app", "mode": "managed", "type": "aws_ecs_service",
         "name": "app", "values": {"name": "app", "network_configuration": []}},
        {"address": "aws_eks_cluster.shop", "mode": "managed", "type": "aws_eks_cluster",
         "name": "shop", "values": {"name": "shop"}},
        {"address": "aws_eks_node_group.general", "mode": "managed",
         "type": "aws_eks_node_group", "name": "general",
         "values": {"cluster_name": "shop", "remote_access": []}},
        {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function",
         "name": "f", "values": {"function_name": "f", "runtime": "python3.12"}},
        {"address": "aws_lambda_permission.p", "mode": "managed",
         "type": "aws_lambda_permission", "name": "p",
         "values": {"function_name": "f", "principal": "s3.amazonaws.com"}},
        {"address": "aws_cloudwatch_log_group.sfn", "mode": "managed",
         "type": "aws_cloudwatch_log_group", "name": "sfn", "values": {"name": "/sfn"}},
        {"address": "aws_sfn_state_machine.orders", "mode": "managed",
         "type": "aws_sfn_state_machine", "name": "orders",
         "values": {"name": "orders", "logging_configuration": [{"level": "ALL",
                    "include_execution_data": true, "log_destination": null}]}}
      ]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_ecs_service.app", "mode": "managed", "type": "aws_ecs_service",
         "name": "app", "expressions": {"task_definition": {"references":
           ["aws_ecs_task_definition.app.arn", "aws_ecs_task_definition.app"]}}},
        {"address": "aws_eks_node_group.general", "mode": "managed",
         "type": "aws_eks_node_group", "name": "general", "expressions": {"cluster_name":
           {"references": ["aws_eks_cluster.shop.name", "aws_eks_cluster.shop"]}}},
        {"address": "aws_lambda_permission.p", "mode": "managed",
         "type": "aws_lambda_permission", "name": "p", "expressions": {"function_name":
           {"references": ["aws_lambda_function.f.function_name", "aws_lambda_function.f"]}}},
        {"address": "aws_sfn_state_machine.orders", "mode": "managed",
         "type": "aws_sfn_state_machine", "name": "orders", "expressions":
           {"logging_configuration": [{"log_destination": {"references":
             ["aws_cloudwatch_log_group.sfn.arn", "aws_cloudwatch_log_group.sfn"]}}]}}
      ]}}})");
    EXPECT_EQ(related_ids(m, "aws_ecs_service.app", "task_definition"),
              Strings{"aws_ecs_task_definition.app"});
    EXPECT_EQ(related_ids(m, "aws_eks_node_group.general", "cluster"),
              Strings{"aws_eks_cluster.shop"});
    EXPECT_EQ(related_ids(m, "aws_lambda_permission.p", "function"),
              Strings{"aws_lambda_function.f"});
    EXPECT_EQ(related_ids(m, "aws_sfn_state_machine.orders", "logs_to"),
              Strings{"aws_cloudwatch_log_group.sfn"});
    auto sfn = index_of(m, "aws_sfn_state_machine.orders");
    ASSERT_TRUE(sfn);
    const Node& a = m.resources[*sfn].attributes;
    EXPECT_EQ(m.resources[*sfn].info.kind, "aws.stepfunctions.state_machine");
    EXPECT_EQ(a.at_path("logging.include_execution_data")->as_bool(), true);
    EXPECT_EQ(a.get("tracing")->as_bool(), false);  // no tracing_configuration: X-Ray off
    auto svc = index_of(m, "aws_ecs_service.app");
    ASSERT_TRUE(svc);
    // No network_configuration block: ECS assigns no public address.
    EXPECT_EQ(m.resources[*svc].attributes.get("assign_public_ip")->text(), "DISABLED");
}

}  // namespace
}  // namespace wasp::iac
