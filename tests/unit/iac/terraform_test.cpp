#include "iac/terraform.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/file.h"
#include "iac/adapt.h"
#include "iac/rules.h"

namespace wasp::iac {
namespace {

TfPlan plan_of(std::string_view text) {
    auto r = load_terraform_plan(text, "plan.json");
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.str();
    EXPECT_TRUE(r.plan.has_value());
    return r.plan ? std::move(*r.plan) : TfPlan{};
}

TfPlan fixture(const std::string& name) {
    auto text = core::read_file("tests/fixtures/terraform/" + name, 16u << 20);
    EXPECT_TRUE(text.has_value()) << name;
    return plan_of(text ? *text : std::string());
}

Model model_of(const TfPlan& plan) {
    Model m;
    adapt_terraform(plan, m);
    link(m);
    return m;
}

const TfResource& find(const TfPlan& p, std::string_view address) {
    for (const auto& r : p.resources) {
        if (r.address == address) return r;
    }
    ADD_FAILURE() << "no resource " << address;
    static const TfResource kNone;
    return kNone;
}

std::optional<std::size_t> index_of(const Model& m, std::string_view id) {
    for (std::size_t i = 0; i < m.resources.size(); ++i) {
        if (m.resources[i].info.id == id) return i;
    }
    return std::nullopt;
}

const CloudResource& find(const Model& m, std::string_view id) {
    auto i = index_of(m, id);
    if (!i) {
        ADD_FAILURE() << "no resource " << id;
        return m.resources.front();
    }
    return m.resources[*i];
}

std::vector<std::string> related_ids(const Model& m, std::string_view id, std::string_view name) {
    std::vector<std::string> out;
    if (auto i = index_of(m, id)) {
        for (auto j : m.related(*i, name)) out.push_back(m.resources[j].info.id);
    }
    return out;
}

using Strings = std::vector<std::string>;

TEST(Terraform, ModulesCountAndForEachAddresses) {
    TfPlan p = fixture("modules.json");
    EXPECT_EQ(p.format_version, "1.2");
    EXPECT_EQ(p.terraform_version, "1.9.8");
    Strings addresses;
    for (const auto& r : p.resources) addresses.push_back(r.address);
    for (const char* a :
         {"aws_ebs_volume.data[0]", "aws_ebs_volume.data[1]", "module.audit.aws_cloudtrail.main",
          "module.audit.module.trail_bucket.aws_s3_bucket.this",
          "module.buckets[\"assets\"].aws_s3_bucket.this",
          "module.buckets[\"media\"].aws_s3_bucket_policy.this",
          "module.network.aws_vpc_security_group_ingress_rule.ssh"}) {
        EXPECT_NE(std::find(addresses.begin(), addresses.end(), a), addresses.end()) << a;
    }
    // Data sources are not resources of the workload.
    for (const auto& a : addresses) EXPECT_EQ(a.find("data."), std::string::npos) << a;

    const auto& media = find(p, "module.buckets[\"media\"].aws_s3_bucket.this");
    EXPECT_EQ(media.module, "module.buckets[\"media\"]");
    EXPECT_EQ(media.type, "aws_s3_bucket");
    EXPECT_EQ(media.name, "this");
    EXPECT_EQ(media.provider_name, "registry.terraform.io/hashicorp/aws");
    EXPECT_EQ(media.actions, Strings{"create"});
    EXPECT_EQ(media.pointer, "/planned_values/root_module/child_modules/2/resources/0");
    EXPECT_GT(media.mark.line, 1u);
    EXPECT_EQ(media.values.get("bucket")->text(), "shop-media");

    // In the model the id is the address and the location the resource in planned_values.
    Model m = model_of(p);
    const auto& r = find(m, "aws_ebs_volume.data[1]");
    EXPECT_EQ(r.info.kind, "aws.ec2.volume");
    EXPECT_EQ(r.info.native_type, "aws_ebs_volume");
    EXPECT_EQ(r.info.location.file, "plan.json");
    EXPECT_EQ(r.info.location.pointer, "/planned_values/root_module/resources/1");
    EXPECT_EQ(r.info.location.mark, find(p, "aws_ebs_volume.data[1]").mark);
}

TEST(Terraform, AfterUnknownBecomesUnknown) {
    TfPlan p = fixture("modules.json");
    const auto& vol = find(p, "aws_ebs_volume.data[0]");
    const core::Node* key = vol.values.get("kms_key_id");
    ASSERT_NE(key, nullptr);
    EXPECT_TRUE(key->is_unknown());
    EXPECT_EQ(key->ref(), "aws_kms_key.ebs");
    EXPECT_EQ(key->origin(), core::NodeOrigin::kWritten);  // the configuration sets it
    EXPECT_NE(key->text().find("known after apply"), std::string::npos);
    EXPECT_NE(key->text().find("aws_kms_key.ebs.arn"), std::string::npos);
    const core::Node* arn = vol.values.get("arn");
    ASSERT_NE(arn, nullptr);
    EXPECT_TRUE(arn->is_unknown());
    EXPECT_EQ(arn->origin(), core::NodeOrigin::kDefault);  // computed by the provider
    EXPECT_EQ(vol.values.get("size")->text(), "100");

    // Inside lists of blocks too.
    TfPlan s = fixture("s3-split.json");
    const auto& sse = find(s, "aws_s3_bucket_server_side_encryption_configuration.uploads");
    const core::Node* k =
        sse.values.at_path("rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id");
    ASSERT_NE(k, nullptr);
    EXPECT_TRUE(k->is_unknown());
    EXPECT_EQ(k->ref(), "aws_kms_key.data");
    EXPECT_EQ(
        sse.values.at_path("rule[0].apply_server_side_encryption_by_default[0].sse_algorithm")
            ->text(),
        "aws:kms");
    // A whole block the provider computes.
    const auto& bucket = find(s, "aws_s3_bucket.uploads");
    ASSERT_NE(bucket.values.get("versioning"), nullptr);
    EXPECT_TRUE(bucket.values.get("versioning")->is_unknown());
    EXPECT_EQ(bucket.values.get("versioning")->origin(), core::NodeOrigin::kDefault);
}

TEST(Terraform, ReferencesThroughModulesAndKnownValues) {
    TfPlan p = fixture("modules.json");
    // Through the output of a nested module.
    EXPECT_EQ(find(p, "module.audit.aws_cloudtrail.main").references.at("s3_bucket_name"),
              Strings{"module.audit.module.trail_bucket.aws_s3_bucket.this"});
    // Through a module input (var.log_bucket = aws_s3_bucket.logs.id in the root module), and
    // to the same for_each instance of the module.
    const auto& logging = find(p, "module.buckets[\"media\"].aws_s3_bucket_logging.this");
    EXPECT_EQ(logging.references.at("target_bucket"), Strings{"aws_s3_bucket.logs"});
    EXPECT_EQ(logging.references.at("bucket"),
              Strings{"module.buckets[\"media\"].aws_s3_bucket.this"});
    // A value known at plan time keeps its value, and its reference.
    EXPECT_EQ(logging.values.get("target_bucket")->text(), "shop-tf-logs");
    const auto& attach = find(p, "aws_iam_role_policy_attachment.app_ops");
    EXPECT_EQ(attach.values.get("role")->text(), "shop-app");
    EXPECT_EQ(attach.references.at("role"), Strings{"aws_iam_role.app"});
    EXPECT_EQ(attach.references.at("policy_arn"), Strings{"aws_iam_policy.ops"});
    // var., count. and each. lead to no resource.
    EXPECT_FALSE(find(p, "aws_ebs_volume.data[0]").references.contains("availability_zone"));
}

TEST(Terraform, CountInstancesReferenceTheSameIndex) {
    TfPlan p = plan_of(R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.b[0]", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "index": 0, "values": {"bucket": "b-0"}},
    {"address": "aws_s3_bucket.b[1]", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "index": 1, "values": {"bucket": "b-1"}},
    {"address": "aws_s3_bucket_versioning.v[0]", "mode": "managed",
     "type": "aws_s3_bucket_versioning", "name": "v", "index": 0,
     "values": {"versioning_configuration": [{"status": "Enabled"}]}},
    {"address": "aws_s3_bucket_versioning.v[1]", "mode": "managed",
     "type": "aws_s3_bucket_versioning", "name": "v", "index": 1,
     "values": {"versioning_configuration": [{"status": "Suspended"}]}},
    {"address": "aws_s3_bucket_policy.first", "mode": "managed", "type": "aws_s3_bucket_policy",
     "name": "first", "values": {"bucket": "b-0", "policy": "{}"}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "expressions": {"bucket": {"references": ["count.index"]}},
     "count_expression": {"constant_value": 2}},
    {"address": "aws_s3_bucket_versioning.v", "mode": "managed",
     "type": "aws_s3_bucket_versioning", "name": "v",
     "expressions": {"bucket": {"references": ["aws_s3_bucket.b", "count.index"]}},
     "count_expression": {"constant_value": 2}},
    {"address": "aws_s3_bucket_policy.first", "mode": "managed", "type": "aws_s3_bucket_policy",
     "name": "first",
     "expressions": {"bucket": {"references": ["aws_s3_bucket.b[0].id", "aws_s3_bucket.b[0]",
                                               "aws_s3_bucket.b"]}}}
  ]}}
})");
    // No resource_changes: a value left out that references a resource is taken as unknown.
    const auto& v1 = find(p, "aws_s3_bucket_versioning.v[1]");
    EXPECT_EQ(v1.references.at("bucket"), Strings{"aws_s3_bucket.b[1]"});
    ASSERT_NE(v1.values.get("bucket"), nullptr);
    EXPECT_TRUE(v1.values.get("bucket")->is_unknown());
    EXPECT_EQ(v1.values.get("bucket")->ref(), "aws_s3_bucket.b[1]");
    EXPECT_EQ(find(p, "aws_s3_bucket_policy.first").references.at("bucket"),
              Strings{"aws_s3_bucket.b[0]"});

    Model m = model_of(p);
    EXPECT_EQ(find(m, "aws_s3_bucket.b[0]").attributes.at_path("versioning.enabled")->as_bool(),
              true);
    EXPECT_EQ(find(m, "aws_s3_bucket.b[1]").attributes.at_path("versioning.enabled")->as_bool(),
              false);
    EXPECT_EQ(related_ids(m, "aws_s3_bucket.b[0]", "policy"),
              Strings{"aws_s3_bucket_policy.first"});
    EXPECT_TRUE(related_ids(m, "aws_s3_bucket.b[1]", "policy").empty());
}

TEST(Terraform, SplitS3ResourcesAreFoldedIntoTheirBucket) {
    Model m = model_of(fixture("s3-split.json"));
    const auto& b = find(m, "aws_s3_bucket.uploads");
    EXPECT_EQ(b.info.kind, "aws.s3.bucket");
    EXPECT_EQ(b.attributes.at_path("versioning.enabled")->as_bool(), true);
    EXPECT_EQ(b.attributes.at_path("encryption.algorithm")->text(), "aws:kms");
    EXPECT_EQ(b.attributes.at_path("encryption.bucket_key")->as_bool(), true);
    EXPECT_TRUE(b.attributes.at_path("encryption.kms_key")->is_unknown());
    EXPECT_EQ(b.attributes.at_path("public_access_block.block_public_acls")->as_bool(), true);
    EXPECT_EQ(b.attributes.at_path("public_access_block.restrict_public_buckets")->as_bool(),
              false);
    EXPECT_EQ(b.attributes.at_path("logging.enabled")->as_bool(), true);
    EXPECT_EQ(b.attributes.at_path("logging.target_bucket")->text(), "shop-logs-123");
    EXPECT_EQ(b.attributes.at_path("data_classification")->text(), "confidential");
    EXPECT_EQ(b.attributes.at_path("tags.Project")->text(), "shop");  // provider default_tags
    // The parts are not resources of their own any more.
    for (const auto& r : m.resources) {
        bool part = r.info.native_type.starts_with("aws_s3_bucket_") &&
                    r.info.native_type != "aws_s3_bucket_policy";
        EXPECT_FALSE(part) << r.info.id;
    }
    // The logging part's link moved to the bucket.
    EXPECT_EQ(related_ids(m, "aws_s3_bucket.uploads", "logs_to"), Strings{"aws_s3_bucket.logs"});
    EXPECT_EQ(related_ids(m, "aws_s3_bucket.logs", "receives_logs_from"),
              Strings{"aws_s3_bucket.uploads"});
    // An existing bucket: the provider's values are known and used.
    const auto& logs = find(m, "aws_s3_bucket.logs");
    EXPECT_EQ(logs.attributes.at_path("versioning.enabled")->as_bool(), false);
    EXPECT_EQ(logs.attributes.at_path("versioning.enabled")->origin(), core::NodeOrigin::kWritten);
    EXPECT_EQ(logs.attributes.at_path("encryption.algorithm")->text(), "AES256");
    EXPECT_EQ(logs.attributes.at_path("encryption.kms_key"), nullptr);  // "" is unset
    EXPECT_EQ(logs.physical_name, "shop-logs-123");
}

TEST(Terraform, BucketPolicyRelatesToItsBucket) {
    Model m = model_of(fixture("s3-split.json"));
    // bucket = aws_s3_bucket.logs.id, known at plan time ("shop-logs-123").
    EXPECT_EQ(related_ids(m, "aws_s3_bucket.logs", "policy"), Strings{"aws_s3_bucket_policy.logs"});
    EXPECT_EQ(related_ids(m, "aws_s3_bucket_policy.logs", "bucket"), Strings{"aws_s3_bucket.logs"});
    const auto& pol = find(m, "aws_s3_bucket_policy.logs");
    EXPECT_EQ(pol.info.kind, "aws.s3.bucket_policy");
    const core::Node* st = pol.attributes.get("statements");
    ASSERT_NE(st, nullptr);
    ASSERT_EQ(st->size(), 2u);
    EXPECT_EQ(st->items()[1].get("effect")->text(), "Deny");
    EXPECT_EQ(st->items()[1].at_path("conditions[0].key")->text(), "aws:SecureTransport");
    // Positions inside the JSON text would be wrong lines of the plan: all point at the policy.
    const core::Node* policy_value = pol.properties.get("policy");
    EXPECT_EQ(st->items()[1].get("effect")->mark(), policy_value->mark());
    EXPECT_GT(policy_value->mark().line, 1u);
}

TEST(Terraform, DeleteOnlyChangesAreSkipped) {
    TfPlan p = fixture("s3-split.json");
    for (const auto& r : p.resources) EXPECT_NE(r.address, "aws_s3_bucket.legacy");
    // Also when only resource_changes lists the resources.
    TfPlan q = plan_of(R"({"format_version": "1.2", "resource_changes": [
      {"address": "aws_sqs_queue.old", "mode": "managed", "type": "aws_sqs_queue", "name": "old",
       "change": {"actions": ["delete"], "before": {"name": "old"}, "after": null}},
      {"address": "aws_sqs_queue.gone", "mode": "managed", "type": "aws_sqs_queue", "name": "gone",
       "change": {"actions": ["forget"], "before": {"name": "gone"}, "after": null}},
      {"address": "aws_sqs_queue.new", "mode": "managed", "type": "aws_sqs_queue", "name": "new",
       "change": {"actions": ["delete", "create"], "before": {"name": "new"},
                  "after": {"name": "new", "sqs_managed_sse_enabled": false},
                  "after_unknown": {"arn": true}}}]})");
    ASSERT_EQ(q.resources.size(), 1u);
    EXPECT_EQ(q.resources[0].address, "aws_sqs_queue.new");
    EXPECT_EQ(q.resources[0].pointer, "/resource_changes/2");
    EXPECT_EQ((q.resources[0].actions), (Strings{"delete", "create"}));
    EXPECT_TRUE(q.resources[0].values.get("arn")->is_unknown());
    Model m = model_of(q);
    EXPECT_EQ(m.resources[0].attributes.at_path("encryption.enabled")->as_bool(), false);
}

TEST(Terraform, MalformedJsonIsADiagnosticWithPosition) {
    auto r = load_terraform_plan("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n",
                                 "infra/plan.json");
    EXPECT_FALSE(r.plan.has_value());
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].level, core::DiagLevel::kError);
    EXPECT_EQ(r.diagnostics[0].code, "json-syntax");
    EXPECT_EQ(r.diagnostics[0].location.file, "infra/plan.json");
    EXPECT_GT(r.diagnostics[0].location.mark.line, 0u);
    EXPECT_GT(r.diagnostics[0].location.mark.column, 0u);

    auto bad_major = load_terraform_plan(R"({"format_version": "2.0", "planned_values": {}})", "p");
    EXPECT_FALSE(bad_major.plan.has_value());
    ASSERT_EQ(bad_major.diagnostics.size(), 1u);
    EXPECT_EQ(bad_major.diagnostics[0].code, "tf-format-version");
    EXPECT_EQ(bad_major.diagnostics[0].location.mark.line, 1u);

    for (const char* text : {"[1, 2]", R"({"format_version": "1.2"})", "\"plan\""}) {
        auto x = load_terraform_plan(text, "p");
        EXPECT_FALSE(x.plan.has_value()) << text;
        ASSERT_EQ(x.diagnostics.size(), 1u) << text;
        EXPECT_EQ(x.diagnostics[0].code, "tf-structure") << text;
    }
    // Odd shapes inside a plan are skipped, never fatal.
    auto odd = load_terraform_plan(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [7, {"mode": "managed"}, {"address": "aws_kms_key.k", "type": "aws_kms_key",
       "name": "k", "values": [1]}], "child_modules": {"x": 1}}},
      "resource_changes": [{"address": "aws_kms_key.k", "change": 3}],
      "configuration": {"root_module": {"resources": [{"type": "aws_kms_key", "name": "k",
       "expressions": {"policy": {"references": 5}, "x": [[1]]}}]}}})",
                                   "p");
    ASSERT_TRUE(odd.plan.has_value());
    ASSERT_EQ(odd.plan->resources.size(), 1u);
    EXPECT_TRUE(odd.plan->resources[0].values.is_mapping());
    ASSERT_EQ(odd.diagnostics.size(), 1u);
    EXPECT_EQ(odd.diagnostics[0].level, core::DiagLevel::kWarning);
}

TEST(Terraform, PlanWithNoResources) {
    TfPlan p = fixture("no-resources.json");
    EXPECT_TRUE(p.resources.empty());
    Model m = model_of(p);
    EXPECT_TRUE(m.resources.empty());
    ASSERT_EQ(m.files.size(), 1u);
    EXPECT_EQ(m.files[0], "plan.json");
}

TEST(Terraform, ErroredPlanIsAWarning) {
    auto r = load_terraform_plan(
        R"({"format_version": "1.2", "planned_values": {"root_module": {}}, "errored": true})",
        "p");
    ASSERT_TRUE(r.plan.has_value());
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "tf-plan-errored");
    EXPECT_EQ(r.diagnostics[0].level, core::DiagLevel::kWarning);
}

TEST(Terraform, StateIsReadToo) {
    TfPlan p = plan_of(R"({"format_version": "1.0", "terraform_version": "1.9.8", "values":
      {"root_module": {"resources": [{"address": "aws_kms_key.k", "mode": "managed",
       "type": "aws_kms_key", "name": "k", "values": {"enable_key_rotation": true}}]}}})");
    ASSERT_EQ(p.resources.size(), 1u);
    EXPECT_EQ(p.resources[0].pointer, "/values/root_module/resources/0");
}

TEST(Terraform, SecurityGroupRulesJoinTheirGroup) {
    Model m = model_of(fixture("modules.json"));
    const auto& sg = find(m, "module.network.aws_security_group.web");
    const core::Node* in = sg.attributes.get("ingress");
    ASSERT_NE(in, nullptr);
    // Inline HTTPS (one rule per CIDR block: IPv4 and IPv6), then RDP and SSH from the
    // rule resources.
    ASSERT_EQ(in->size(), 4u);
    EXPECT_EQ(in->items()[0].get("cidr_ipv4")->text(), "0.0.0.0/0");
    EXPECT_EQ(in->items()[1].get("cidr_ipv6")->text(), "::/0");
    EXPECT_EQ(in->items()[2].get("from_port")->text(), "3389");
    EXPECT_EQ(in->items()[2].get("description")->text(), "RDP for the ERP host");
    EXPECT_EQ(in->items()[3].get("protocol")->text(), "tcp");
    EXPECT_EQ(in->items()[3].get("from_port")->text(), "22");
    EXPECT_EQ(in->items()[3].get("to_port")->text(), "22");
    EXPECT_EQ(sg.attributes.get("group"), nullptr);
    const core::Node* out = sg.attributes.get("egress");
    ASSERT_EQ(out->size(), 1u);
    EXPECT_EQ(out->items()[0].get("protocol")->text(), "all");
    EXPECT_EQ(out->items()[0].get("to_port")->text(), "65535");
    EXPECT_FALSE(index_of(m, "module.network.aws_vpc_security_group_ingress_rule.ssh"));

    // A rule whose group is not in the plan stays a group of its own.
    Model alone = model_of(plan_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [{"address": "aws_vpc_security_group_ingress_rule.r", "mode": "managed",
        "type": "aws_vpc_security_group_ingress_rule", "name": "r",
        "values": {"security_group_id": "sg-0123456789abcdef0", "ip_protocol": "-1",
                   "cidr_ipv4": "10.0.0.0/8", "from_port": null, "to_port": null}}]}}})"));
    ASSERT_EQ(alone.resources.size(), 1u);
    const auto& r = alone.resources[0];
    EXPECT_EQ(r.info.kind, "aws.ec2.security_group");
    EXPECT_EQ(r.attributes.get("group")->text(), "sg-0123456789abcdef0");
    EXPECT_EQ(r.attributes.at_path("ingress[0].protocol")->text(), "all");
    EXPECT_EQ(r.attributes.at_path("ingress[0].from_port")->text(), "0");
    EXPECT_EQ(r.attributes.get("egress")->size(), 0u);
}

TEST(Terraform, IamRolePoliciesAndAttachments) {
    Model m = model_of(fixture("modules.json"));
    const auto& role = find(m, "aws_iam_role.app");
    const core::Node* st = role.attributes.get("statements");
    ASSERT_EQ(st->size(), 1u);
    EXPECT_EQ(st->items()[0].get("policy_name")->text(), "break-glass");
    EXPECT_EQ(st->items()[0].at_path("actions[0]")->text(), "*");
    EXPECT_EQ(role.attributes.at_path("trust_statements[0].principals[0].value")->text(),
              "ecs-tasks.amazonaws.com");
    // The attachment is merged into the role, with its relation to the policy.
    const core::Node* managed = role.attributes.get("managed_policies");
    ASSERT_EQ(managed->size(), 1u);
    EXPECT_TRUE(managed->items()[0].is_unknown());
    EXPECT_EQ(related_ids(m, "aws_iam_role.app", "managed_policy"), Strings{"aws_iam_policy.ops"});
    EXPECT_EQ(related_ids(m, "aws_iam_policy.ops", "attached_to"), Strings{"aws_iam_role.app"});
    EXPECT_FALSE(index_of(m, "aws_iam_role_policy_attachment.app_ops"));
}

TEST(Terraform, ProviderV3InlineBucket) {
    Model m = model_of(fixture("s3-v3-inline.json"));
    const auto& b = find(m, "aws_s3_bucket.reports");
    EXPECT_EQ(b.attributes.at_path("encryption.algorithm")->text(), "aws:kms");
    EXPECT_EQ(b.attributes.at_path("encryption.kms_key")->text(),
              "arn:aws:kms:eu-west-1:123456789012:key/0d3f1c5e-8f3b-4c1e-9a57-2b6f0e7d9a11");
    EXPECT_EQ(b.attributes.at_path("versioning.enabled")->as_bool(), true);
    EXPECT_EQ(b.attributes.at_path("versioning.mfa_delete")->text(), "Disabled");
    EXPECT_EQ(b.attributes.at_path("logging.enabled")->as_bool(), true);
    EXPECT_EQ(b.attributes.at_path("logging.target_bucket")->text(), "shop-access-logs");
    EXPECT_EQ(b.attributes.at_path("acl")->text(), "Private");  // CloudFormation's name
    EXPECT_EQ(b.attributes.at_path("data_classification")->text(), "Restricted");
    // The inline policy becomes a bucket policy related to the bucket.
    EXPECT_EQ(related_ids(m, "aws_s3_bucket.reports", "policy"),
              Strings{"aws_s3_bucket.reports.policy"});
    const auto& pol = find(m, "aws_s3_bucket.reports.policy");
    EXPECT_EQ(pol.info.kind, "aws.s3.bucket_policy");
    EXPECT_EQ(pol.attributes.at_path("statements[0].sid")->text(), "DenyInsecureTransport");
    EXPECT_EQ(pol.info.location.pointer, "/planned_values/root_module/resources/0/values/policy");
}

TEST(Terraform, NeutralKindsOfTerraformTypes) {
    EXPECT_EQ(terraform_kind("aws_s3_bucket"), "aws.s3.bucket");
    EXPECT_EQ(terraform_kind("aws_db_instance"), "aws.rds.instance");
    EXPECT_EQ(terraform_kind("aws_alb_listener"), "aws.elb.listener");
    EXPECT_EQ(terraform_kind("aws_efs_file_system"), "aws.efs.file_system");
    EXPECT_EQ(terraform_kind("aws_elasticache_replication_group"),
              "aws.elasticache.replication_group");
    EXPECT_EQ(terraform_kind("aws_db_subnet_group"), "aws.rds.db_subnet_group");
    EXPECT_EQ(terraform_kind("aws_vpc_endpoint"), "aws.ec2.vpc_endpoint");
    EXPECT_EQ(terraform_kind("aws_instance"), "aws.ec2.instance");
    EXPECT_EQ(terraform_kind("aws_lb"), "aws.elb.load_balancer");
    EXPECT_EQ(terraform_kind("aws_lb_target_group"), "aws.elb.target_group");
    EXPECT_EQ(terraform_kind("aws_api_gateway_rest_api"), "aws.apigateway.rest_api");
    EXPECT_EQ(terraform_kind("aws_cloudwatch_event_rule"), "aws.events.rule");
    EXPECT_EQ(terraform_kind("aws_route53_zone"), "aws.route53.zone");
    EXPECT_EQ(terraform_kind("aws_docdb_cluster"), "aws.docdb.db_cluster");
    EXPECT_EQ(terraform_kind("aws_sfn_state_machine"), "aws.stepfunctions.state_machine");
    EXPECT_EQ(terraform_kind("aws_s3_bucket_versioning"), "aws.s3.bucket_versioning");
    EXPECT_EQ(terraform_kind("random_password"), "random.password.password");
}

TEST(Terraform, OtherAdaptersUseTerraformDefaults) {
    Model m = model_of(plan_of(R"({"format_version": "1.2", "planned_values": {"root_module":
      {"resources": [
        {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance",
         "name": "db", "values": {"engine": "postgres", "storage_encrypted": false,
          "publicly_accessible": false, "backup_retention_period": 7}},
        {"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table",
         "name": "t", "values": {"point_in_time_recovery": [{"enabled": true}],
          "server_side_encryption": [{"enabled": true, "kms_key_arn": ""}]}},
        {"address": "aws_cloudwatch_log_group.l", "mode": "managed",
         "type": "aws_cloudwatch_log_group", "name": "l", "values": {"retention_in_days": 0}},
        {"address": "aws_lb_listener.https", "mode": "managed", "type": "aws_lb_listener",
         "name": "https", "values": {"protocol": "HTTPS", "port": 443, "ssl_policy": null,
          "default_action": [{"type": "forward", "redirect": []}]}},
        {"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
         "values": {"s3_bucket_name": "audit", "is_multi_region_trail": true}},
        {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function",
         "name": "f", "values": {"runtime": "python3.12", "vpc_config": [],
          "environment": [{"variables": {"STAGE": "prod"}}]}}
      ]}}})"));
    const auto& db = find(m, "aws_db_instance.db");
    EXPECT_EQ(db.attributes.get("storage_encrypted")->as_bool(), false);
    EXPECT_EQ(db.attributes.get("backup_retention_days")->text(), "7");
    EXPECT_EQ(db.attributes.get("in_cluster")->as_bool(), false);
    EXPECT_EQ(db.attributes.get("deletion_protection")->origin(), core::NodeOrigin::kDefault);
    const auto& t = find(m, "aws_dynamodb_table.t");
    EXPECT_EQ(t.attributes.at_path("encryption.key_type")->text(), "aws_managed");
    EXPECT_EQ(t.attributes.get("point_in_time_recovery")->as_bool(), true);
    EXPECT_EQ(find(m, "aws_cloudwatch_log_group.l").attributes.get("retention_days"), nullptr);
    const auto& l = find(m, "aws_lb_listener.https");
    EXPECT_EQ(l.attributes.get("ssl_policy")->text(), "ELBSecurityPolicy-2016-08");
    EXPECT_EQ(l.attributes.at_path("default_actions[0].type")->text(), "forward");
    const auto& trail = find(m, "aws_cloudtrail.t");
    EXPECT_EQ(trail.attributes.get("is_logging")->as_bool(), true);
    EXPECT_EQ(trail.attributes.get("multi_region")->as_bool(), true);
    const auto& f = find(m, "aws_lambda_function.f");
    EXPECT_EQ(f.attributes.at_path("vpc.enabled")->as_bool(), false);
    EXPECT_EQ(f.attributes.at_path("environment.STAGE")->text(), "prod");
}

TEST(Terraform, RulesRunOnTheExamplePlan) {
    auto text = core::read_file("examples/terraform-shop/plan.json", 16u << 20);
    ASSERT_TRUE(text.has_value());
    auto r = load_terraform_plan(*text, "plan.json");
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_TRUE(r.diagnostics.empty());
    Model m = model_of(*r.plan);
    Evaluation ev = evaluate(builtin_rules().rules, m);
    Strings failed;
    for (const auto& f : ev.findings) {
        if (f.resource < m.resources.size()) {
            failed.push_back(f.rule_id + " " + m.resources[f.resource].info.id);
        }
    }
    for (const char* expected :
         {"WASP-S3-002 aws_s3_bucket.uploads", "WASP-S3-003 aws_s3_bucket.uploads",
          "WASP-EC2-002 module.network.aws_security_group.bastion",
          "WASP-RDS-001 aws_db_instance.orders", "WASP-IAM-001 aws_iam_policy.ops_access",
          "WASP-KMS-001 aws_kms_key.app", "WASP-DDB-002 aws_dynamodb_table.carts"}) {
        EXPECT_NE(std::find(failed.begin(), failed.end(), expected), failed.end()) << expected;
    }
}

}  // namespace
}  // namespace wasp::iac
