#include "core/workload.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace wasp::core {
namespace {

TEST(Classify, ByContentNotName) {
    EXPECT_EQ(classify("x.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
              InputKind::kCloudFormation);
    EXPECT_EQ(classify("cdk.out/App.template.json",
                       R"({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}})"),
              InputKind::kCloudFormation);
    EXPECT_EQ(classify("notes.yaml", "Resources: none\n"), InputKind::kUnrecognised);
    EXPECT_EQ(classify("plan.json", R"({"format_version":"1.2","planned_values":{}})"),
              InputKind::kTerraformPlan);
    EXPECT_EQ(classify("a.json", R"({"UserDetailList": []})"), InputKind::kIamAuthorizationDetails);
    EXPECT_EQ(classify("r.csv", "user,arn,user_creation_time,password_enabled\n"),
              InputKind::kIamCredentialReport);
    EXPECT_EQ(classify("x.json.gz", R"({"Records": [{"eventVersion": "1.08"}]})"),
              InputKind::kCloudTrail);
    EXPECT_EQ(classify("bom.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})"),
              InputKind::kCycloneDx);
    EXPECT_EQ(classify("bom.json", R"({"spdxVersion": "SPDX-2.3"})"), InputKind::kSpdx);
    EXPECT_EQ(classify("p.json", R"([{"ParameterKey": "A", "ParameterValue": "b"}])"),
              InputKind::kCfnParameters);
    EXPECT_EQ(classify("answers.yaml", "version: 1\nanswers: []\n"), InputKind::kAnswers);
    EXPECT_EQ(classify("wasp.yaml", "name: x\n"), InputKind::kManifest);
    EXPECT_EQ(classify("main.py", "Resources = 1"), InputKind::kUnrecognised);
    // Spacing as in many AWS samples; no AWSTemplateFormatVersion.
    EXPECT_EQ(
        classify("t.json", "{\n  \"Resources\" : {\"B\" : {\"Type\" : \"AWS::S3::Bucket\"}}}"),
        InputKind::kCloudFormation);
    // A SARIF report (ours, in the workload) mentions resource types but is not a template.
    EXPECT_EQ(
        classify("wasp.sarif", R"({"version": "2.1.0", "runs": [{"properties": {"Resources": 1,
      "resourceType": "AWS::S3::Bucket"}}]})"),
        InputKind::kUnrecognised);
    EXPECT_EQ(
        classify(
            "r.json",
            R"({"logicalLocations": [{"Resources": 1, "kind": "resourceType": "AWS::S3::Bucket"}]})"),
        InputKind::kUnrecognised);
    EXPECT_EQ(classify("sub/wasp.yaml", "name: x\n"), InputKind::kUnrecognised);
}

TEST(Discover, WalksSortsHashesAndSkipsVendorFolders) {
    auto root = std::filesystem::temp_directory_path() / "wasp-discover-test";
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "b");
    std::filesystem::create_directories(root / "node_modules");
    std::filesystem::create_directories(root / "cdk.out" / "asset.123");
    std::ofstream(root / "b" / "t.yaml") << "Resources:\n  X:\n    Type: AWS::SQS::Queue\n";
    std::ofstream(root / "a.json") << "{}";
    std::ofstream(root / "node_modules" / "t.yaml")
        << "Resources:\n  X:\n    Type: AWS::SQS::Queue\n";
    std::ofstream(root / "cdk.out" / "asset.123" / "t.json")
        << R"({"Resources":{"X":{"Type":"AWS::SQS::Queue"}}})";
    Workload w = discover(root);
    ASSERT_EQ(w.files.size(), 2u);
    EXPECT_EQ(w.files[0].path, "a.json");
    EXPECT_EQ(w.files[0].kind, InputKind::kUnrecognised);
    EXPECT_EQ(w.files[1].path, "b/t.yaml");
    EXPECT_EQ(w.files[1].kind, InputKind::kCloudFormation);
    EXPECT_EQ(w.files[1].sha256.size(), 64u);
    std::filesystem::remove_all(root);
}

TEST(Discover, MissingPathIsADiagnostic) {
    Workload w = discover("/nonexistent/wasp");
    ASSERT_EQ(w.diagnostics.size(), 1u);
    EXPECT_EQ(w.diagnostics[0].code, "workload-missing");
}

}  // namespace
}  // namespace wasp::core
