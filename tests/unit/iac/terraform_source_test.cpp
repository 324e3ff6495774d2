#include "iac/terraform_source.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "iac/adapt.h"

namespace wasp::iac {
namespace {

namespace fs = std::filesystem;

TEST(TerraformSource, FindsResourceBlocksAndTheirLines) {
    const char* tf = R"(provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "shop-uploads"
}

data "aws_caller_identity" "current" {}

resource aws_kms_key key {
  description = "unquoted labels are valid HCL"
}
)";
    auto blocks = scan_terraform_source(tf, "main.tf");
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0].type, "aws_s3_bucket");
    EXPECT_EQ(blocks[0].name, "uploads");
    EXPECT_EQ(blocks[0].file, "main.tf");
    EXPECT_EQ(blocks[0].mark.line, 5u);
    EXPECT_EQ(blocks[0].mark.column, 1u);
    EXPECT_EQ(blocks[1].type, "aws_kms_key");
    EXPECT_EQ(blocks[1].name, "key");
    EXPECT_EQ(blocks[1].mark.line, 11u);
}

TEST(TerraformSource, BracesInStringsHeredocsAndCommentsDoNotEndABlock) {
    // If any of these braces counted, the skip comment at the end of the first block would be
    // given to no block, or the second block would not be seen at top level.
    const char* tf = R"(resource "aws_iam_policy" "p" {
  name   = "a } b"
  path   = "${lookup(var.paths, "k}")}/"
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow"}
    resource "aws_s3_bucket" "not_a_block" {
  EOT
  /* } a comment with a brace
     resource "aws_s3_bucket" "commented_out" { */
  // }
  tags = { for k, v in var.tags : k => "${v}}" }
  # wasp:skip=WASP-IAM-001 reviewed with the platform team expires=2027-01-31
}
resource "aws_s3_bucket" "b" {}
)";
    auto blocks = scan_terraform_source(tf, "iam.tf");
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0].name, "p");
    ASSERT_EQ(blocks[0].skips.size(), 1u);
    const Skip& s = blocks[0].skips[0];
    EXPECT_EQ(s.rule_id, "WASP-IAM-001");
    EXPECT_EQ(s.suppression.reason, "reviewed with the platform team");
    EXPECT_EQ(s.suppression.expires, "2027-01-31");
    EXPECT_EQ(s.suppression.kind, "in-source");
    EXPECT_EQ(s.suppression.location.file, "iam.tf");
    EXPECT_EQ(s.suppression.location.mark.line, 12u);
    EXPECT_EQ(blocks[1].name, "b");
    EXPECT_EQ(blocks[1].mark.line, 14u);
    EXPECT_TRUE(blocks[1].skips.empty());
}

TEST(TerraformSource, CommentsRightAboveABlockBelongToIt) {
    const char* tf = R"(# wasp:skip=WASP-S3-005 access logs go to the central account
// wasp:skip=WASP-S3-004
resource "aws_s3_bucket" "a" {
}

# wasp:skip=WASP-S3-001 orphan: code follows before the next block
locals {
  x = 1
}
resource "aws_s3_bucket" "b" {
}
)";
    auto blocks = scan_terraform_source(tf, "main.tf");
    ASSERT_EQ(blocks.size(), 2u);
    ASSERT_EQ(blocks[0].skips.size(), 2u);
    EXPECT_EQ(blocks[0].skips[0].rule_id, "WASP-S3-005");
    EXPECT_EQ(blocks[0].skips[0].suppression.reason, "access logs go to the central account");
    EXPECT_EQ(blocks[0].skips[1].rule_id, "WASP-S3-004");
    EXPECT_EQ(blocks[0].skips[1].suppression.reason, "");  // invalid: the policy reports it
    EXPECT_TRUE(blocks[1].skips.empty());
}

TEST(TerraformSource, HostileTextYieldsWhatItCan) {
    EXPECT_TRUE(scan_terraform_source("", "x.tf").empty());
    EXPECT_TRUE(scan_terraform_source("resource", "x.tf").empty());
    EXPECT_TRUE(scan_terraform_source("resource \"a", "x.tf").empty());
    EXPECT_TRUE(scan_terraform_source(std::string(100000, '{'), "x.tf").empty());
    EXPECT_TRUE(scan_terraform_source(std::string(100000, '}'), "x.tf").empty());
    auto b = scan_terraform_source("resource \"t\" \"n\" {\n\"unterminated\n", "x.tf");
    ASSERT_EQ(b.size(), 1u);
}

class TempDir {
  public:
    TempDir() {
        path_ =
            fs::temp_directory_path() /
            ("wasp-tf-source-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((path_ / rel).parent_path());
        std::ofstream(path_ / rel) << text;
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// A plan with a root resource, one in a local module and one in a registry module.
constexpr const char* kPlan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
       "values": {"bucket": "shop-logs", "tags": null}}
    ],
    "child_modules": [
      {"address": "module.net[\"eu\"]", "resources": [
        {"address": "module.net[\"eu\"].aws_security_group.web", "mode": "managed",
         "type": "aws_security_group", "name": "web", "values": {"name": "web"}}
      ]},
      {"address": "module.vpc", "resources": [
        {"address": "module.vpc.aws_vpc.this[0]", "mode": "managed", "type": "aws_vpc",
         "name": "this", "index": 0, "values": {"cidr_block": "10.0.0.0/16"}}
      ]}
    ]
  }},
  "configuration": {"root_module": {
    "resources": [{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket",
                   "name": "logs", "expressions": {}}],
    "module_calls": {
      "net": {"source": "./modules/net", "module": {"resources": [
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
         "name": "web", "expressions": {}}]}},
      "vpc": {"source": "terraform-aws-modules/vpc/aws", "module": {"resources": [
        {"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
         "expressions": {}}]}}
    }
  }}
})";

TEST(TerraformSource, LocatesRootLocalAndRegistryModules) {
    TempDir dir;
    dir.write("infra/main.tf",
              "\n# wasp:skip=WASP-S3-005 this is the log bucket\n"
              "resource \"aws_s3_bucket\" \"logs\" {\n}\n");
    dir.write("infra/modules/net/sg.tf", "resource \"aws_security_group\" \"web\" {\n}\n");
    dir.write("infra/.terraform/modules/modules.json",
              R"({"Modules":[{"Key":"","Source":"","Dir":"."},)"
              R"({"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws",)"
              R"("Dir":".terraform/modules/vpc"}]})");
    dir.write("infra/.terraform/modules/vpc/main.tf",
              "locals {}\n\nresource \"aws_vpc\" \"this\" {\n  count = 1\n}\n");
    auto loaded = load_terraform_plan(kPlan, "infra/plan.json");
    ASSERT_TRUE(loaded.plan.has_value());
    EXPECT_EQ(loaded.plan->module_sources.at("net"), "./modules/net");
    core::Diagnostics diags;
    locate_terraform_sources(*loaded.plan, dir.path() / "infra", diags);
    EXPECT_TRUE(diags.empty());
    const auto& rs = loaded.plan->resources;
    ASSERT_EQ(rs.size(), 3u);
    EXPECT_EQ(rs[0].declared.str(), "infra/main.tf:3:1");
    ASSERT_EQ(rs[0].skips.size(), 1u);
    EXPECT_EQ(rs[0].skips[0].first, "WASP-S3-005");
    EXPECT_EQ(rs[1].declared.str(), "infra/modules/net/sg.tf:1:1");
    EXPECT_EQ(rs[2].declared.str(), "infra/.terraform/modules/vpc/main.tf:3:1");

    // The location and the skip reach the model.
    Model m;
    adapt_terraform(*loaded.plan, m);
    ASSERT_EQ(m.resources.size(), 3u);
    EXPECT_EQ(m.resources[0].info.declared.file, "infra/main.tf");
    EXPECT_EQ(m.resources[0].info.location.file, "infra/plan.json");
    ASSERT_EQ(m.resources[0].skips.size(), 1u);
    EXPECT_EQ(m.resources[0].skips[0].suppression.reason, "this is the log bucket");
}

TEST(TerraformSource, WithoutSourcesNothingIsDeclared) {
    TempDir dir;
    auto loaded = load_terraform_plan(kPlan, "plan.json");
    ASSERT_TRUE(loaded.plan.has_value());
    core::Diagnostics diags;
    locate_terraform_sources(*loaded.plan, dir.path(), diags);
    EXPECT_TRUE(diags.empty());
    for (const auto& r : loaded.plan->resources) EXPECT_TRUE(r.declared.file.empty()) << r.address;
}

}  // namespace
}  // namespace wasp::iac
