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

TEST(Classify, OrganizationsExports) {
    // The AWS CLI outputs the combined document is made of, and the combined document.
    EXPECT_EQ(classify("org.json", R"({"Organization": {"Id": "o-a1b2c3d4e5",
        "MasterAccountId": "111111111111"}})"),
              InputKind::kIamOrganization);
    EXPECT_EQ(classify("roots.json", R"({"Roots": [{"Id": "r-ab12", "PolicyTypes": []}]})"),
              InputKind::kIamOrganization);
    EXPECT_EQ(classify("accounts.json", R"({"Accounts": [{"Id": "111111111111",
        "JoinedMethod": "CREATED"}]})"),
              InputKind::kIamOrganization);
    EXPECT_EQ(classify("scp.json", R"({"Policy": {"PolicySummary": {"Id": "p-FullAWSAccess"},
        "Content": "{}"}})"),
              InputKind::kIamOrganization);
    EXPECT_EQ(classify("ous.json", R"({"OrganizationalUnits": [{"Id": "ou-ab12-11111111",
        "ParentId": "r-ab12"}]})"),
              InputKind::kIamOrganization);
    // A template that manages OUs is a template.
    EXPECT_EQ(classify("org.template.json",
                       R"({"Resources": {"Ou": {"Type": "AWS::Organizations::OrganizationalUnit",
        "Properties": {"ParentId": "r-ab12"}}}, "Outputs": {"OrganizationalUnits": {}}})"),
              InputKind::kCloudFormation);
    EXPECT_EQ(classify("org.yaml", "Organization:\n  MasterAccountId: '111111111111'\n"),
              InputKind::kUnrecognised);
}

TEST(Classify, ResourcePolicyOutputs) {
    // get-bucket-policy, get-key-policy and lambda get-policy: the document in a string.
    EXPECT_EQ(classify("b.json",
                       "{\n    \"Policy\": \"{\\\"Version\\\":\\\"2012-10-17\\\","
                       "\\\"Statement\\\":[]}\"\n}\n"),
              InputKind::kIamResourcePolicies);
    // get-queue-attributes and get-topic-attributes.
    EXPECT_EQ(classify("q.json", R"({"Attributes": {"Policy": "{\"Statement\":[]}",
        "QueueArn": "arn:aws:sqs:us-east-1:111122223333:q"}})"),
              InputKind::kIamResourcePolicies);
    // Secrets Manager and ECR.
    EXPECT_EQ(
        classify("s.json", R"({"ARN": "a", "Name": "n", "ResourcePolicy": "{\"Statement\":[]}"})"),
        InputKind::kIamResourcePolicies);
    EXPECT_EQ(classify("r.json", R"({"registryId": "1", "repositoryName": "r",
        "policyText": "{\n  \"Statement\" : [ ]\n}"})"),
              InputKind::kIamResourcePolicies);
    EXPECT_EQ(classify("all.json", R"({"ResourcePolicies": []})"), InputKind::kIamResourcePolicies);
    // Not these: an Organizations policy (an object under "Policy"), a plain policy document, a
    // template with a bucket policy, an evaluation document.
    EXPECT_EQ(classify("scp.json",
                       R"({"Policy": {"PolicySummary": {}, "Content": "{\"Statement\":[]}"}})"),
              InputKind::kIamOrganization);
    EXPECT_EQ(classify("p.json", R"({"Version": "2012-10-17", "Statement": []})"),
              InputKind::kUnrecognised);
    EXPECT_EQ(classify("t.json", R"({"Resources": {"P": {"Type": "AWS::S3::BucketPolicy",
        "Properties": {"PolicyDocument": {"Statement": []}}}}})"),
              InputKind::kCloudFormation);
    EXPECT_EQ(classify("e.json", R"({"request": {"action": "s3:GetObject"},
        "resource_policy": "{\"Statement\":[]}"})"),
              InputKind::kUnrecognised);
    EXPECT_EQ(classify("p.yaml", "Policy: '{\"Statement\": []}'\n"), InputKind::kUnrecognised);
}

TEST(Classify, NoFileOfTheRepositoryIsTakenForAResourcePolicyOutput) {
    // Every JSON file of the examples, fixtures and goldens keeps its kind: only the
    // resource-policy fixtures are resource-policy outputs.
    std::size_t seen = 0;
    for (const char* dir : {"examples", "tests/fixtures", "tests/golden", "docs"}) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".json") continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::string head(1 << 20, '\0');
            in.read(head.data(), static_cast<std::streamsize>(head.size()));
            head.resize(static_cast<std::size_t>(in.gcount()));
            std::string path = e.path().generic_string();
            bool fixture = path.find("fixtures/iam/resource-policies/") != std::string::npos &&
                           path.find("authz-") == std::string::npos;
            EXPECT_EQ(classify(path, head) == InputKind::kIamResourcePolicies, fixture) << path;
            ++seen;
        }
    }
    EXPECT_GT(seen, 20u);
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

TEST(Classify, ServiceLastAccessedReports) {
    // get-service-last-accessed-details output, as the AWS CLI prints it.
    EXPECT_EQ(classify("role-app.json", R"({
    "JobStatus": "COMPLETED",
    "JobType": "SERVICE_LEVEL",
    "JobCreationDate": "2024-07-01T06:12:40.218000+00:00",
    "ServicesLastAccessed": [{"ServiceName": "Amazon S3", "ServiceNamespace": "s3"}]})"),
              InputKind::kIamLastAccessed);
    // The combined document of scripts/export-last-accessed.sh.
    EXPECT_EQ(classify("last-accessed.json", R"({"LastAccessed": [{"Arn":
      "arn:aws:iam::111122223333:role/app", "JobStatus": "IN_PROGRESS",
      "ServicesLastAccessed": []}]})"),
              InputKind::kIamLastAccessed);
    // Not the same as an export that merely names a service, nor a YAML file.
    EXPECT_EQ(classify("notes.json", R"({"JobStatus": "COMPLETED", "Services": []})"),
              InputKind::kUnrecognised);
    EXPECT_EQ(classify("r.yaml", "JobStatus: COMPLETED\nServicesLastAccessed: []\n"),
              InputKind::kUnrecognised);
    EXPECT_EQ(classify("authz.json", R"({"UserDetailList": [], "RoleDetailList": []})"),
              InputKind::kIamAuthorizationDetails);
}

}  // namespace
}  // namespace wasp::core
