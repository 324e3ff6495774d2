// End-to-end tests of the wasp CLI: exit codes, every output format on the example workloads
// (golden files), bad input, hostile input. Re-bless the golden files with WASP_BLESS=1.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/file.h"
#include "core/parse.h"
#include "e2e.h"

namespace {

namespace fs = std::filesystem;
using wasp::e2e::expect_golden;
using wasp::e2e::kSource;
using wasp::e2e::read;
using wasp::e2e::Result;
using wasp::e2e::temp_dir;
using wasp::e2e::wasp;
using wasp::e2e::write;

constexpr const char* kReview = "review examples/webshop --date 2026-11-29";

TEST(Golden, WebshopEveryFormat) {
    for (auto [format, ext] : {std::pair{"text", "txt"},
                               {"json", "json"},
                               {"sarif", "sarif"},
                               {"junit", "xml"},
                               {"markdown", "md"},
                               {"html", "html"},
                               {"ocsf", "ocsf.jsonl"}}) {
        Result r = wasp(std::string(kReview) + " --format " + format);
        EXPECT_EQ(r.exit_code, 1) << format;  // the example has high findings
        expect_golden(r.out, fs::path("tests/golden/webshop") / (std::string("review.") + ext));
    }
}

TEST(Golden, SarifJsonAndOcsfValidateAgainstTheirSchemas) {
    fs::path dir = temp_dir("schemas");
    Result r =
        wasp(std::string(kReview) + " -f sarif -f json -f ocsf -o " + (dir / "r.sarif").string() +
             " -o " + (dir / "r.json").string() + " -o " + (dir / "r.ocsf.jsonl").string() + " -q");
    ASSERT_EQ(r.exit_code, 1);
    std::string validate =
        "/usr/bin/python3 '" + (kSource / "tests/tools/validate_json_schema.py").string() + "' ";
    EXPECT_EQ(
        std::system((validate + "'" + (kSource / "tests/schemas/sarif-schema-2.1.0.json").string() +
                     "' '" + (dir / "r.sarif").string() + "' >/dev/null")
                        .c_str()),
        0);
    EXPECT_EQ(
        std::system((validate + "'" + (kSource / "docs/schemas/review-v1.schema.json").string() +
                     "' '" + (dir / "r.json").string() + "' >/dev/null")
                        .c_str()),
        0);
    EXPECT_EQ(
        std::system(
            (validate + "--closed --lines '" +
             (kSource / "tests/schemas/ocsf-detection-finding-1.3.0.subset.schema.json").string() +
             "' '" + (dir / "r.ocsf.jsonl").string() + "' >/dev/null")
                .c_str()),
        0);
}

TEST(Cli, ExampleFindingsAreTheIntendedOnes) {
    Result r = wasp(std::string(kReview) + " --format json");
    auto doc = wasp::core::parse_json(r.out);
    ASSERT_TRUE(doc.has_value());
    const auto* findings = doc->root.get("findings");
    ASSERT_NE(findings, nullptr);
    std::set<std::string> seen;
    for (const auto& f : findings->items()) {
        const auto* id = f.at_path("resource.id");
        seen.insert(f.get("rule_id")->text() + " " + (id ? id->text() : "(workload)"));
    }
    // A few planted flaws, each hidden behind a parameter default, a condition or a mapping.
    EXPECT_TRUE(seen.contains("WASP-RDS-001 Database")) << r.out.substr(0, 2000);
    EXPECT_TRUE(seen.contains("WASP-S3-003 UploadsBucket"));
    EXPECT_FALSE(seen.contains("WASP-S3-002 UploadsBucket"));  // the default blocks public access
}

TEST(Cli, HardenedExampleHasNoHighFindings) {
    Result r = wasp("review examples/webshop-hardened --date 2026-11-29 --fail-on high");
    EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(Cli, ExitCodes) {
    EXPECT_EQ(wasp("review examples/webshop --fail-on none").exit_code, 0);
    EXPECT_EQ(wasp("review examples/webshop --fail-on critical").exit_code, 0);
    EXPECT_EQ(wasp("review examples/webshop --format pdf").exit_code, 2);
    EXPECT_EQ(wasp("review examples/webshop --fail-on urgent").exit_code, 2);
    EXPECT_EQ(wasp("review /nonexistent/dir").exit_code, 2);
    EXPECT_EQ(wasp("frobnicate").exit_code, 2);
    EXPECT_EQ(wasp("review examples/webshop -f json -f sarif").exit_code, 2);  // where to?
    EXPECT_EQ(wasp("--version").exit_code, 0);
}

TEST(Cli, MalformedTemplateIsADiagnosticAndTheReviewGoesOn) {
    fs::path dir = temp_dir("malformed");
    write(dir / "broken.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [\n");
    write(dir / "good.yaml",
          "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql}\n");
    Result r = wasp("review " + dir.string() + " --format json");
    EXPECT_EQ(r.exit_code, 2);  // an input error outranks findings
    auto doc = wasp::core::parse_json(r.out);
    ASSERT_TRUE(doc.has_value());
    const auto& diags = *doc->root.get("diagnostics");
    ASSERT_GE(diags.size(), 1u);
    EXPECT_EQ(diags.items()[0].at_path("location.file")->text(), "broken.yaml");
    EXPECT_GT(diags.items()[0].at_path("location.line")->as_number().value_or(0), 0);
    bool db_finding = false;
    for (const auto& f : doc->root.get("findings")->items()) {
        const auto* id = f.at_path("resource.id");  // workload-wide findings have no resource
        db_finding |= id && id->text() == "Db";
    }
    EXPECT_TRUE(db_finding);
    Result text = wasp("review " + dir.string());
    EXPECT_NE(text.out.find("broken.yaml:"), std::string::npos);
}

TEST(Cli, HostileStringsAreEscapedInHtml) {
    fs::path dir = temp_dir("hostile");
    write(dir / "t.yaml", R"yaml(Description: "</style><script>alert('d')</script>"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: "x\"'><img src=x onerror=alert(1)>"
      Tags:
        - Key: DataClassification
          Value: "<script>alert(1)</script></style>"
      VersioningConfiguration: {Status: "<script>alert(2)</script>"}
)yaml");
    write(dir / "answers.yaml", R"yaml(version: 1
answers:
  - id: SEC10-BP02
    status: met
    by: "<script>alert(3)</script>"
    date: 2026-01-01
    evidence: "javascript:alert(4)"
    note: "</style><b onmouseover=alert(5)>"
)yaml");
    Result r = wasp("review " + dir.string() + " --format html");
    ASSERT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.find("<script"), std::string::npos);
    EXPECT_EQ(r.out.find("onerror="), std::string::npos);
    EXPECT_EQ(r.out.find("<b onmouseover"), std::string::npos);
    EXPECT_EQ(r.out.find("href=\"javascript:"), std::string::npos);
    std::size_t style_closes = 0;
    for (auto p = r.out.find("</style>"); p != std::string::npos;
         p = r.out.find("</style>", p + 1)) {
        ++style_closes;
    }
    EXPECT_EQ(style_closes, 1u);                                 // only the report's own stylesheet
    EXPECT_NE(r.out.find("&lt;script&gt;"), std::string::npos);  // shown, as text
}

TEST(Cli, ReviewMatchesTheWorkloadSbomsAgainstItsAdvisories) {
    Result r = wasp(std::string(kReview) + " --format json");
    auto doc = wasp::core::parse_json(r.out);
    ASSERT_TRUE(doc.has_value());
    std::set<std::string> open, cleared;
    for (const auto& f : doc->root.get("findings")->items()) {
        const auto* vuln = f.at_path("package.vulnerability");
        if (vuln == nullptr) continue;
        std::string key = f.at_path("package.name")->text() + " " + vuln->text();
        (f.get("suppression")->is_null() ? open : cleared).insert(key);
    }
    EXPECT_TRUE(open.contains("lodash CVE-2021-23337")) << r.out.substr(0, 2000);
    EXPECT_TRUE(open.contains("express CVE-2024-43796"));
    // The OpenVEX document of the workload clears the moment path traversal.
    EXPECT_TRUE(cleared.contains("moment CVE-2022-24785"));
    EXPECT_FALSE(open.contains("moment CVE-2022-24785"));
    EXPECT_EQ(r.out.find("input-not-analysed"), std::string::npos);
    // Without advisories the SBOM is recognised and the review says it was not checked.
    fs::path dir = temp_dir("sbom-no-db");
    fs::copy_file(kSource / "examples/webshop/sbom/shop-api.cdx.json", dir / "app.cdx.json");
    Result bare = wasp("review " + dir.string() + " --format json --fail-on none");
    EXPECT_NE(bare.out.find("vuln-no-database"), std::string::npos) << bare.out;
}

TEST(Cli, OutputDirectoryTakesEveryFormat) {
    fs::path dir = temp_dir("outdir");
    Result r = wasp(std::string(kReview) + " -f json -f html -f sarif -o " + dir.string() + " -q");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(fs::exists(dir / "review.json"));
    EXPECT_TRUE(fs::exists(dir / "review.html"));
    EXPECT_TRUE(fs::exists(dir / "review.sarif"));
    EXPECT_TRUE(r.out.empty());
}

TEST(Cli, RulesDocumentationIsGeneratedFromTheRules) {
    Result r = wasp("rules list --format markdown");
    EXPECT_EQ(r.exit_code, 0);
    expect_golden(r.out, "docs/rules.md");
}

TEST(Cli, RulesTestRunsEveryEmbeddedCase) {
    Result r = wasp("rules test");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find(" 0 failed"), std::string::npos);
}

TEST(Cli, UserRulesLoadWithoutRebuildAndBadRulesNamePosition) {
    fs::path dir = temp_dir("rules");
    write(dir / "good.yaml", R"(id: ACME-001
title: Queues carry an owner tag
severity: low
best_practices: [SEC07-BP01]
kinds: [aws.sqs.queue]
description: Every queue names its owning team.
remediation: Add an owner tag.
check: {attr: tags.owner, exists: true}
tests:
  - {name: tagged, expect: pass, cloudformation: "Resources: {Q: {Type: AWS::SQS::Queue, Properties: {Tags: [{Key: owner, Value: shop}]}}}"}
  - {name: untagged, expect: fail, cloudformation: "Resources: {Q: {Type: AWS::SQS::Queue}}"}
)");
    EXPECT_EQ(wasp("rules test " + dir.string()).exit_code, 0);
    Result list = wasp("rules list --rules " + dir.string());
    EXPECT_NE(list.out.find("ACME-001"), std::string::npos);
    write(dir / "bad.yaml",
          "id: ACME-002\ntitle: x\nseverity: high\nbest_practices: [SEC07-BP01]\n"
          "kinds: [aws.sqs.queue]\ndescription: d\nremediation: r\ncheck: {attr: x, eq: 1}\n");
    std::string cmd = "cd '" + kSource.string() + "' && '" + WASP_BINARY + "' rules list --rules " +
                      dir.string() + " 2>&1 >/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096] = {};
    std::size_t n = fread(buf, 1, sizeof buf - 1, p);
    pclose(p);
    std::string err(buf, n);
    EXPECT_NE(err.find("bad.yaml:8:"), std::string::npos) << err;
    EXPECT_NE(err.find("unknown operator 'eq'"), std::string::npos) << err;
}

}  // namespace

namespace {

TEST(Cli, CdkFindingsNameTheConstructPath) {
    fs::path dir = temp_dir("cdk");
    write(dir / "cdk.out" / "ShopStack.template.json",
          R"({"Resources": {"Bucket83908E77": {"Type": "AWS::S3::Bucket",
  "Properties": {"VersioningConfiguration": {"Status": "Suspended"}},
  "Metadata": {"aws:cdk:path": "ShopStack/Assets/Resource"}},
  "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2"}}}})");
    write(dir / "cdk.out" / "asset.0123" / "index.template.json",
          R"({"Resources": {"X": {"Type": "AWS::SQS::Queue"}}})");
    Result r = wasp("review " + dir.string() + " --format markdown --fail-on none");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("| ShopStack/Assets/Resource | cdk.out/ShopStack.template.json:"),
              std::string::npos)
        << r.out;
    Result json = wasp("review " + dir.string() + " --format json");
    EXPECT_EQ(json.out.find("CDKMetadata"), std::string::npos);  // not a cloud resource
    EXPECT_EQ(json.out.find("asset.0123"), std::string::npos);   // bundled code is skipped
}

}  // namespace

namespace {

constexpr const char* kBucketTemplate = R"yaml(Resources:
  Logs:
    Type: AWS::S3::Bucket
    # wasp:skip=WASP-S3-005 this bucket receives the access logs of the others expires=2099-01-01
    Metadata:
      wasp:
        skip:
          - id: WASP-S3-004
            reason: log objects are written once and never changed
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Suspended}
  NoReason:
    Type: AWS::S3::Bucket
    Metadata:
      wasp:
        skip:
          - id: WASP-S3-004
)yaml";

std::set<std::string> suppressed_of(const std::string& json) {
    std::set<std::string> out;
    auto doc = wasp::core::parse_json(json);
    if (!doc) return out;
    for (const auto& f : doc->root.get("findings")->items()) {
        const auto* s = f.get("suppression");
        const auto* id = f.at_path("resource.id");
        if (s && !s->is_null() && id) out.insert(f.get("rule_id")->text() + " " + id->text());
    }
    return out;
}

TEST(Suppressions, InSourceNeedReasonsAndStayListed) {
    fs::path dir = temp_dir("suppress");
    write(dir / "t.yaml", kBucketTemplate);
    Result r = wasp("review " + dir.string() + " --format json --date 2026-11-29");
    auto s = suppressed_of(r.out);
    EXPECT_TRUE(s.contains("WASP-S3-004 Logs")) << r.out.substr(0, 500);
    EXPECT_TRUE(s.contains("WASP-S3-005 Logs"));
    EXPECT_FALSE(s.contains("WASP-S3-004 NoReason"));  // no reason: not applied
    EXPECT_NE(r.out.find("suppression-invalid"), std::string::npos);
    EXPECT_EQ(r.exit_code, 2);  // the invalid suppression is an input error
    Result sarif = wasp("review " + dir.string() + " --format sarif --date 2026-11-29");
    EXPECT_NE(sarif.out.find("\"justification\": \"log objects are written once"),
              std::string::npos);
}

TEST(Suppressions, FileSuppressionsExpiryAndUnsuppressibleRules) {
    fs::path dir = temp_dir("suppress-file");
    write(dir / "t.yaml", "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n");
    fs::path policy = fs::temp_directory_path() / "wasp-e2e-policy.yaml";
    write(policy, R"(version: 1
unsuppressible: [WASP-S3-003]
suppressions:
  - {id: WASP-S3-004, resource: Data, reason: "backups cover it", expires: 2099-12-31}
  - {id: WASP-S3-005, resource: "Da*", reason: "old exception", expires: 2020-01-01}
  - {id: WASP-S3-003, resource: "*", reason: "we would like to"}
)");
    Result r = wasp("review " + dir.string() + " --format json --date 2026-11-29 --policy " +
                    policy.string());
    auto s = suppressed_of(r.out);
    EXPECT_TRUE(s.contains("WASP-S3-004 Data"));
    EXPECT_FALSE(s.contains("WASP-S3-005 Data"));  // expired
    EXPECT_FALSE(s.contains("WASP-S3-003 Data"));  // unsuppressible
    EXPECT_NE(r.out.find("expired on 2020-01-01"), std::string::npos);
    EXPECT_NE(r.out.find("cannot be suppressed"), std::string::npos);
}

TEST(Suppressions, PolicyOverridesTheThreshold) {
    fs::path dir = temp_dir("policy");
    write(dir / "t.yaml", "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n");
    fs::path policy = fs::temp_directory_path() / "wasp-e2e-policy2.yaml";
    write(
        policy,
        "version: 1\nrules:\n  WASP-S3-003: {fail: never}\n  WASP-S3-004: {severity: critical}\n");
    EXPECT_EQ(wasp("scan " + dir.string() + " --fail-on high").exit_code, 1);
    Result r = wasp("scan " + dir.string() + " --fail-on critical --policy " + policy.string());
    EXPECT_EQ(r.exit_code, 1);  // S3-004 raised to critical
    write(policy, "version: 1\nfail_on: none\n");
    EXPECT_EQ(wasp("scan " + dir.string() + " --policy " + policy.string()).exit_code, 0);
}

TEST(Scan, BaselineFailsOnlyOnNewFindings) {
    fs::path dir = temp_dir("baseline");
    write(dir / "a.yaml",
          "Resources:\n  Old:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql}\n");
    fs::path base = fs::temp_directory_path() / "wasp-e2e-baseline.json";
    EXPECT_EQ(wasp("baseline create " + dir.string() + " -o " + base.string()).exit_code, 0);
    EXPECT_EQ(wasp("scan " + dir.string() + " --baseline " + base.string()).exit_code, 0);
    write(dir / "b.yaml",
          "Resources:\n  New:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 8}\n");
    Result r = wasp("scan " + dir.string() + " --baseline " + base.string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("b.yaml:"), std::string::npos);
    EXPECT_EQ(r.out.find("a.yaml:"), std::string::npos);  // baselined findings are not listed
}

TEST(Scan, GithubAnnotationsAndChangedFiles) {
    fs::path dir = temp_dir("scan");
    write(dir / "a.yaml",
          "Resources:\n  A:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 8}\n");
    write(dir / "b.yaml",
          "Resources:\n  B:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 8}\n");
    Result gh = wasp("scan " + dir.string() + " -f github");
    EXPECT_NE(
        gh.out.find("::error file=" + dir.string() + "/a.yaml,line=4,col=17,title=WASP-EC2-001 "),
        std::string::npos)
        << gh.out;
    EXPECT_EQ(gh.out.find("%0A\n"), std::string::npos);  // no trailing newline in a message
    fs::path changed = fs::temp_directory_path() / "wasp-e2e-changed.txt";
    write(changed, dir.string() + "/b.yaml\n");
    Result r = wasp("scan " + dir.string() + " --changed-files " + changed.string());
    EXPECT_NE(r.out.find("b.yaml:"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("a.yaml:"), std::string::npos);
}

TEST(Scan, TerraformFindingsPointAtTheTfBlock) {
    fs::path dir = temp_dir("scan-tf");
    write(dir / "plan.json", R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_ebs_volume.data", "mode": "managed", "type": "aws_ebs_volume",
       "name": "data", "values": {"encrypted": false, "size": 8}},
      {"address": "aws_ebs_volume.scratch", "mode": "managed", "type": "aws_ebs_volume",
       "name": "scratch", "values": {"encrypted": false, "size": 8}}
    ],
    "child_modules": [{"address": "module.db", "resources": [
      {"address": "module.db.aws_ebs_volume.wal", "mode": "managed", "type": "aws_ebs_volume",
       "name": "wal", "values": {"encrypted": false, "size": 8}}]}]
  }},
  "configuration": {"root_module": {"module_calls": {"db": {"source": "./modules/db",
    "module": {"resources": [{"address": "aws_ebs_volume.wal", "mode": "managed",
      "type": "aws_ebs_volume", "name": "wal", "expressions": {}}]}}}}}
})");
    write(dir / "main.tf",
          "module \"db\" {\n  source = \"./modules/db\"\n}\n\n"
          "resource \"aws_ebs_volume\" \"data\" {\n  size = 8\n}\n\n"
          "# wasp:skip=WASP-EC2-001 scratch space, wiped at boot\n"
          "resource \"aws_ebs_volume\" \"scratch\" {\n  size = 8\n}\n");
    write(dir / "modules/db/main.tf", "resource \"aws_ebs_volume\" \"wal\" {\n  size = 8\n}\n");

    Result gh = wasp("scan " + dir.string() + " -f github");
    EXPECT_EQ(gh.exit_code, 1);
    EXPECT_NE(gh.out.find("::error file=" + dir.string() + "/main.tf,line=5,col=1,"),
              std::string::npos)
        << gh.out;
    EXPECT_NE(gh.out.find("::error file=" + dir.string() + "/modules/db/main.tf,line=1,col=1,"),
              std::string::npos)
        << gh.out;
    // The comment above the scratch volume suppresses WASP-EC2-001 there (other rules stay).
    EXPECT_NE(gh.out.find("WASP-EC2-001 EBS volumes are encrypted::aws_ebs_volume.data"),
              std::string::npos);
    EXPECT_EQ(gh.out.find("WASP-EC2-001 EBS volumes are encrypted::aws_ebs_volume.scratch"),
              std::string::npos)
        << gh.out;

    Result json = wasp("scan " + dir.string() + " -f json");
    EXPECT_NE(json.out.find("\"declared\""), std::string::npos);
    EXPECT_NE(json.out.find("scratch space, wiped at boot"), std::string::npos);

    // A change to the module's .tf file checks only what it declares.
    fs::path changed = fs::temp_directory_path() / "wasp-e2e-changed-tf.txt";
    write(changed, (dir / "modules/db/main.tf").string() + "\n");
    Result r = wasp("scan " + dir.string() + " --changed-files " + changed.string());
    EXPECT_NE(r.out.find("module.db.aws_ebs_volume.wal"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("aws_ebs_volume.data:"), std::string::npos) << r.out;
}

TEST(Iam, EvalExplainsTheDecisionOfTheExample) {
    Result r = wasp("iam eval examples/iam-eval/why-denied.json");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(r.out.starts_with("ExplicitlyDenied\n")) << r.out;
    EXPECT_NE(r.out.find("explicitly denied by statement \"RequireKms\" of shop-invoices bucket "
                         "policy (resource)"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Allow identity orders-api-inline \"WriteInvoices\" "
                         "(examples/iam-eval/why-denied.json:"),
              std::string::npos)
        << r.out;
    Result json = wasp("iam eval examples/iam-eval/why-denied.json -f json");
    EXPECT_EQ(json.exit_code, 0);
    EXPECT_NE(json.out.find("\"decision\": \"ExplicitlyDenied\""), std::string::npos) << json.out;
}

TEST(Iam, EvalReadsStandardInputAndReportsConditionalDecisions) {
    fs::path doc = temp_dir("iam-eval") / "open.json";
    write(doc, R"({"request": {"principal": "arn:aws:iam::111122223333:user/alice",
      "action": "s3:GetObject", "resource": "arn:aws:s3:::shop-data/x", "unknown_context": "*"},
      "identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}}]})");
    Result r = wasp("iam eval - < " + doc.string());
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(
        r.out.starts_with("Conditional: Allowed or ImplicitlyDenied, depending on aws:SourceIp\n"))
        << r.out;
}

TEST(Iam, EvalRejectsABrokenDocumentWithItsPosition) {
    fs::path doc = temp_dir("iam-eval-bad") / "bad.json";
    write(doc, "{\"request\": {\"action\": \"GetObject\"}}\n");
    std::string cmd = "'" + std::string(WASP_BINARY) + "' iam eval " + doc.string() + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = pclose(p);
    EXPECT_EQ(WEXITSTATUS(status), 2);
    EXPECT_NE(out.find(doc.string() + ":1:"), std::string::npos) << out;
    EXPECT_NE(out.find("request.action is a service:action name"), std::string::npos) << out;
}

TEST(Iam, ValidateReportsIssuesWithTheirLines) {
    Result r = wasp("iam validate examples/iam-policies/ci-deployer.json");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("examples/iam-policies/ci-deployer.json:4:5: error: \"s3:PutObjekt\" "
                         "matches no action of s3 [unknown-action]"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("[condition-type-mismatch]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1 policy: 2 errors, 11 warnings"), std::string::npos) << r.out;
    fs::path clean = temp_dir("iam-validate") / "clean.json";
    write(clean, R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shop-data/*"}]})");
    Result ok = wasp("iam validate --strict " + clean.string());
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("1 policy: 0 errors, 0 warnings"), std::string::npos) << ok.out;
}

}  // namespace

namespace {

TEST(Iam, EvalOfSeveralDocumentsPrintsJsonLines) {
    auto lines = [](const std::string& s) {
        int n = 0;
        for (char c : s) n += c == '\n' ? 1 : 0;
        return n;
    };
    fs::path dir = temp_dir("iam-eval-many");
    write(dir / "a.json", R"({"request": {"principal": "arn:aws:iam::111122223333:user/alice",
      "action": "s3:GetObject", "resource": "arn:aws:s3:::shop-data/x"},
      "identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*"}}]})");
    write(dir / "b.json", R"({"request": {"principal": "arn:aws:iam::111122223333:user/alice",
      "action": "s3:PutObject", "resource": "arn:aws:s3:::shop-data/x"}})");
    std::string a = (dir / "a.json").string();
    std::string b = (dir / "b.json").string();
    Result r = wasp("iam eval -f json " + a + " " + b);
    EXPECT_EQ(r.exit_code, 0);
    auto nl = r.out.find('\n');
    ASSERT_NE(nl, std::string::npos) << r.out;
    std::string first = r.out.substr(0, nl);
    std::string second = r.out.substr(nl + 1);
    EXPECT_TRUE(first.starts_with("{\"file\":\"" + a + "\",\"decision\":\"Allowed\"")) << r.out;
    EXPECT_TRUE(second.starts_with("{\"file\":\"" + b + "\",\"decision\":\"ImplicitlyDenied\""))
        << r.out;
    EXPECT_EQ(lines(r.out), 2) << r.out;

    // One document keeps its pretty-printed object, without "file".
    Result one = wasp("iam eval -f json " + a);
    EXPECT_TRUE(one.out.starts_with("{\n  \"decision\": \"Allowed\"")) << one.out;

    // A broken document is reported and the others are still decided; the exit code says so.
    write(dir / "bad.json", "{\"request\": {\"action\": \"GetObject\"}}\n");
    Result mixed = wasp("iam eval -f json " + a + " " + (dir / "bad.json").string() + " " + b);
    EXPECT_EQ(mixed.exit_code, 2);
    EXPECT_EQ(lines(mixed.out), 2) << mixed.out;
}

TEST(Iam, AnalyzeCanAndWhoCanOnTheExports) {
    Result a = wasp("iam analyze tests/fixtures/iam --date 2024-07-01");
    EXPECT_EQ(a.exit_code, 1);
    EXPECT_NE(a.out.find("high WASP-IAM-101 Only break-glass principals have administrator access\n"
                         "  arn:aws:iam::012345678901:user/obama: obama is allowed administrator"),
              std::string::npos)
        << a.out;
    EXPECT_NE(
        a.out.find("  arn:aws:iam::111122223333:user/bob: bob has a console password and no MFA"),
        std::string::npos)
        << a.out;
    Result none = wasp("iam analyze tests/fixtures/iam --date 2024-07-01 --fail-on none -f json");
    EXPECT_EQ(none.exit_code, 0);
    EXPECT_NE(none.out.find("\"rule_id\": \"WASP-IAM-108\""), std::string::npos) << none.out;

    const std::string authz = " --authz tests/fixtures/iam/example-authz-details.json ";
    Result can = wasp("iam can" + authz +
                      "biden rds:DeleteDBInstance arn:aws:rds:us-east-1:012345678901:db:orders");
    EXPECT_EQ(can.exit_code, 0);
    EXPECT_TRUE(can.out.starts_with("Allowed\n")) << can.out;
    EXPECT_NE(can.out.find("AmazonRDSFullAccess"), std::string::npos) << can.out;
    // Assuming a role: its trust policy must allow, and MyRole trusts only ssm.amazonaws.com.
    Result assume =
        wasp("iam can" + authz + "obama sts:AssumeRole arn:aws:iam::012345678901:role/MyRole");
    EXPECT_TRUE(assume.out.starts_with("ImplicitlyDenied\n")) << assume.out;
    Result who = wasp(
        "iam who-can" + authz +
        "secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:012345678901:secret:db");
    EXPECT_NE(who.out.find("3 principals of 6 can secretsmanager:GetSecretValue"),
              std::string::npos)
        << who.out;
    Result missing = wasp("iam can" + authz + "nobody s3:GetObject");
    EXPECT_EQ(missing.exit_code, 2);
}

TEST(Iam, AReviewOfAWorkloadWithExportsFillsSec02AndSec03) {
    fs::path dir = temp_dir("iam-review");
    fs::copy_file(kSource / "tests/fixtures/iam/example-authz-details.json", dir / "authz.json");
    fs::copy_file(kSource / "tests/fixtures/iam/credential-report.csv", dir / "report.csv");
    Result r = wasp("review " + dir.string() + " --date 2024-07-01");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("SEC02     HIGH             0        4"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("not analysed yet"), std::string::npos) << r.out;
}

TEST(Iam, PathsToAdminOfTheExampleExport) {
    const std::string example = "tests/fixtures/iam/example-authz-details.json";
    Result text = wasp("iam paths " + example);
    EXPECT_EQ(text.exit_code, 1) << text.out;  // a proven path to admin
    EXPECT_NE(text.out.find("arn:aws:iam::012345678901:role/OverprivilegedEC2\n"
                            "  shortest path to admin (1 step):\n"
                            "  1. arn:aws:iam::012345678901:role/OverprivilegedEC2 -> "
                            "arn:aws:iam::012345678901:user/obama (admin)  [iam-002 "
                            "iam:CreateAccessKey]\n"
                            "       allowed: iam:CreateAccessKey on "
                            "arn:aws:iam::012345678901:user/obama\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("6 principals: 2 admin, 1 with a proven path to admin"),
              std::string::npos)
        << text.out;

    Result json = wasp("iam paths -f json " + example);
    EXPECT_EQ(json.exit_code, 1);
    auto doc = wasp::core::parse_json(json.out);
    ASSERT_TRUE(doc.has_value()) << json.out;
    const auto* summary = doc->root.get("summary");
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(summary->get("proven_paths")->text(), "1");
    EXPECT_EQ(summary->get("admins")->text(), "2");

    // One principal: an administrator has nothing to escalate to; the role does.
    Result admin = wasp("iam paths --from obama " + example);
    EXPECT_EQ(admin.exit_code, 0) << admin.out;
    EXPECT_NE(admin.out.find("is already admin"), std::string::npos) << admin.out;
    EXPECT_EQ(wasp("iam paths --from role/OverprivilegedEC2 " + example).exit_code, 1);
    EXPECT_EQ(wasp("iam paths --from role/MyRole " + example).exit_code, 0);

    // Input errors.
    EXPECT_EQ(wasp("iam paths --from nobody " + example).exit_code, 2);
    fs::path dir = temp_dir("iam-paths");
    write(dir / "not-an-export.json", "{\"Statement\": []}\n");
    EXPECT_EQ(wasp("iam paths " + (dir / "not-an-export.json").string()).exit_code, 2);
    EXPECT_EQ(wasp("iam paths -f sarif " + example).exit_code, 2);
}

TEST(Iam, AccountFindingsTakeSuppressionsAndBaselines) {
    fs::path dir = temp_dir("iam-suppress");
    fs::copy_file(kSource / "tests/fixtures/iam/example-authz-details.json", dir / "authz.json");
    fs::path policy = fs::temp_directory_path() / "wasp-e2e-iam-suppressions.yaml";
    write(policy,
          "version: 1\nsuppressions:\n  - id: WASP-IAM-101\n"
          "    resource: arn:aws:iam::012345678901:user/obama\n"
          "    reason: break-glass user, MFA enforced by SCP\n");
    Result r = wasp("review " + dir.string() + " --date 2024-07-01 -f json --suppressions " +
                    policy.string());
    EXPECT_NE(r.out.find("break-glass user, MFA enforced by SCP"), std::string::npos) << r.out;
    // A baseline of today's findings makes the next run pass.
    fs::path baseline = fs::temp_directory_path() / "wasp-e2e-iam-baseline.json";
    Result b = wasp("baseline create " + dir.string() + " -o " + baseline.string());
    EXPECT_EQ(b.exit_code, 0);
    Result again = wasp("review " + dir.string() + " --baseline " + baseline.string());
    EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST(Iam, OrganizationScpsApplyAndItsGuardrailsAreChecked) {
    const std::string dir = "tests/fixtures/iam/organization";
    const std::string authz = " --authz " + dir + "/authz-payments-prod.json ";
    const std::string org = " --org " + dir + "/organization.json ";
    // Alone, the role's AdministratorAccess allows it; its OU's SCP denies it, and is named.
    Result alone = wasp("iam can" + authz + "deployer organizations:LeaveOrganization");
    EXPECT_TRUE(alone.out.starts_with("Allowed\n")) << alone.out;
    Result can = wasp("iam can" + authz + org + "deployer organizations:LeaveOrganization");
    EXPECT_EQ(can.exit_code, 0);
    EXPECT_TRUE(can.out.starts_with("ExplicitlyDenied\n")) << can.out;
    EXPECT_NE(can.out.find("explicitly denied by statement \"DenyLeaveOrganization\" of "
                           "DenyLeaveOrganization (p-8r2kqz1x) (service control policy)"),
              std::string::npos)
        << can.out;
    // The export among the --authz paths is found by its content.
    Result json = wasp("iam can --authz " + dir +
                       " -f json deployer cloudtrail:StopLogging "
                       "arn:aws:cloudtrail:eu-west-1:333333333333:trail/management-events");
    EXPECT_NE(json.out.find("\"decision\": \"ExplicitlyDenied\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("ProtectCloudTrail (p-3n7wtm5c)"), std::string::npos) << json.out;
    // --scp replaces the organization's SCPs: an allow-everything SCP lets the role leave.
    fs::path scp = temp_dir("iam-org") / "allow-all.json";
    write(scp, R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*",
        "Resource": "*"}]})");
    Result replaced = wasp("iam can" + authz + org + "--scp " + scp.string() +
                           " deployer organizations:LeaveOrganization");
    EXPECT_TRUE(replaced.out.starts_with("Allowed\n")) << replaced.out;
    Result who = wasp("iam who-can" + authz + org + "organizations:LeaveOrganization");
    EXPECT_NE(who.out.find("0 principals of 2 can organizations:LeaveOrganization"),
              std::string::npos)
        << who.out;

    // The analyses of the fixture directory: the sandbox account can leave and blind GuardDuty.
    Result a = wasp("iam analyze " + dir + " --date 2024-07-01");
    EXPECT_EQ(a.exit_code, 1) << a.out;
    EXPECT_NE(a.out.find("high WASP-IAM-130 Member accounts cannot leave the organization\n"
                         "  arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/444444444444: "
                         "444444444444 (sandbox-dev): a role allowed everything by its own "
                         "policies can still organizations:LeaveOrganization\n"),
              std::string::npos)
        << a.out;
    EXPECT_EQ(a.out.find("WASP-IAM-131"), std::string::npos) << a.out;  // the root's SCP holds
    Result j = wasp("iam analyze " + dir + " --date 2024-07-01 -f json --fail-on none");
    EXPECT_EQ(j.exit_code, 0) << j.out;
    auto doc = wasp::core::parse_json(j.out);
    ASSERT_TRUE(doc.has_value()) << j.out;
    auto findings = [&](const std::string& rule) {
        int n = 0;
        for (const auto& f : doc->root.get("findings")->items())
            n += f.get("rule_id")->text() == rule;
        return n;
    };
    EXPECT_EQ(findings("WASP-IAM-130"), 2);  // sandbox-dev, and legacy-data outside any known OU
    EXPECT_EQ(findings("WASP-IAM-132"), 2);
    EXPECT_EQ(findings("WASP-IAM-133"), 0);
    EXPECT_EQ(findings("WASP-IAM-134"), 3);  // every member account outside the Workloads OU
    EXPECT_EQ(findings("WASP-IAM-101"), 1);  // the deployer: the SCPs leave it administrator
}

TEST(Iam, UnusedServicesAndActionsFromLastAccessedReports) {
    const std::string dir = "tests/fixtures/iam/last-accessed";
    Result text = wasp("iam unused " + dir + " --date 2024-07-01");
    EXPECT_EQ(text.exit_code, 1) << text.out;
    EXPECT_NE(text.out.find("arn:aws:iam::111122223333:role/orders-api (role, " + dir +
                            "/combined.json)\n"
                            "  used in the last 90 days: dynamodb, s3, sqs\n"
                            "  unused services (2):\n"
                            "    kms (AWS Key Management Service): last used 2024-02-10, 141 days "
                            "ago\n"
                            "    sns (Amazon Simple Notification Service): never used in the "
                            "tracking period\n"
                            "  unused tracked actions (2):\n"
                            "    s3:DeleteBucket: never used in the tracking period\n"
                            "    s3:PutBucketPolicy: never used in the tracking period\n"
                            "  suggested policy, narrowed from:\n"
                            "    inline:orders-api/orders-api-access statement \"Orders\"\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("arn:aws:iam::111122223333:role/nightly-export (role, " + dir +
                            "/combined.json)\n  not checked: used no service in the last 90 "
                            "days"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("7 entities: 3 with unused services, 2 with unused tracked actions, "
                            "2 not checked (window 90 days to 2024-07-01)\n"),
              std::string::npos)
        << text.out;

    // JSON: the suggested policy is an object, ready to save.
    Result json = wasp("iam unused " + dir + " --date 2024-07-01 -f json");
    EXPECT_EQ(json.exit_code, 1);
    auto doc = wasp::core::parse_json(json.out);
    ASSERT_TRUE(doc.has_value()) << json.out;
    const wasp::core::Node* orders = nullptr;
    for (const auto& p : doc->root.get("principals")->items()) {
        if (p.get("arn")->text() == "arn:aws:iam::111122223333:role/orders-api") orders = &p;
    }
    ASSERT_NE(orders, nullptr) << json.out;
    EXPECT_EQ(orders->get("unused_services")->items()[0].get("service")->text(), "kms");
    EXPECT_EQ(orders->get("unused_services")->items()[0].get("days_ago")->text(), "141");
    const auto* policy = orders->get("suggested_policy");
    ASSERT_TRUE(policy != nullptr && policy->is_mapping()) << json.out;
    EXPECT_EQ(policy->get("Statement")->size(), 4u);
    EXPECT_EQ(doc->root.get("summary")->get("with_unused_services")->text(), "3");

    // A wider window: kms, used 141 days before, counts as used.
    Result wide = wasp("iam unused " + dir + " --date 2024-07-01 --days 400");
    EXPECT_NE(wide.out.find("used in the last 400 days: dynamodb, kms, s3, sqs\n"),
              std::string::npos)
        << wide.out;

    // The same rules in the account analyses.
    Result analyze = wasp("iam analyze " + dir + " --date 2024-07-01 --fail-on none");
    EXPECT_EQ(analyze.exit_code, 0) << analyze.out;
    EXPECT_NE(analyze.out.find("medium WASP-IAM-116 Principals use the services their policies "
                               "allow\n"),
              std::string::npos)
        << analyze.out;
    EXPECT_NE(analyze.out.find("  arn:aws:iam::111122223333:group/developers: group/developers: 1 "
                               "of 4 services its policies allow were not used in the last 90 "
                               "days: ssm (never used in the tracking period)\n"),
              std::string::npos)
        << analyze.out;
    EXPECT_NE(analyze.out.find("low WASP-IAM-118 Policies allow only what their principal uses"),
              std::string::npos)
        << analyze.out;

    // Input errors: a broken report is named with its position, the others are still read.
    fs::path bad = temp_dir("iam-unused");
    write(bad / "broken.json", "{\"JobStatus\": \"COMPLETED\",\n  \"ServicesLastAccessed\": [}\n");
    write(bad / "app.json", R"({"Arn": "arn:aws:iam::111122223333:role/app",
      "JobStatus": "COMPLETED", "ServicesLastAccessed": [{"ServiceName": "Amazon S3",
      "ServiceNamespace": "s3", "LastAuthenticated": "2024-06-30T10:00:00Z"},
      {"ServiceName": "Amazon SQS", "ServiceNamespace": "sqs"}]})");
    Result broken = wasp("iam unused " + bad.string() + " --date 2024-07-01");
    EXPECT_EQ(broken.exit_code, 2) << broken.out;
    EXPECT_NE(broken.out.find("  unused services (1):\n    sqs (Amazon SQS): never used"),
              std::string::npos)
        << broken.out;
    EXPECT_EQ(wasp("iam unused tests/fixtures/iam/credential-report.csv").exit_code, 2);
    EXPECT_EQ(wasp("iam unused " + dir + " --date yesterday").exit_code, 2);
    EXPECT_EQ(wasp("iam unused " + dir + " --days 0").exit_code, 2);
    EXPECT_EQ(wasp("iam unused " + dir + " -f sarif").exit_code, 2);
}

TEST(Iam, ExternalAccessListsPublicResourcesForeignAccountsAndServices) {
    const std::string dir = "tests/fixtures/iam/resource-policies";
    Result text = wasp("iam external-access " + dir);
    EXPECT_EQ(text.exit_code, 1) << text.out;  // a public bucket, foreign accounts
    EXPECT_NE(text.out.find("Public access\n"
                            "  arn:aws:s3:::shop-catalog (S3 bucket)\n"
                            "    anyone (anonymous)\n"
                            "      List: s3:ListBucket\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(
        text.out.find("  arn:aws:s3:::shop-public-assets (S3 bucket)\n"
                      "    anyone (anonymous)\n"
                      "      Read: s3:GetObject\n"
                      "      granted by statement \"PublicRead\" "
                      "(tests/fixtures/iam/resource-policies/shop-public-assets.json:2:59)\n"),
        std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("  account 444455556666\n"
                            "    arn:aws:kms:::key/1234abcd-12ab-34cd-56ef-1234567890ab (KMS key)\n"
                            "      Write: kms:Decrypt, kms:Encrypt"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("    arn:aws:iam::111122223333:role/partner-deploy (IAM role, trust "
                            "policy)\n      principal arn:aws:iam::444455556666:role/deployer\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("  cloudtrail.amazonaws.com\n"
                            "    arn:aws:s3:::shop-trail-logs (S3 bucket)\n"
                            "      Read: s3:GetBucketAcl\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("  high WASP-IAM-120 arn:aws:s3:::shop-public-assets: public access"),
              std::string::npos)
        << text.out;

    // Trusting the partner: it is no longer outside.
    Result trusted = wasp("iam external-access " + dir + " --trusted-account 444455556666");
    EXPECT_EQ(trusted.out.find("  account 444455556666\n"), std::string::npos) << trusted.out;
    EXPECT_EQ(trusted.out.find("WASP-IAM-121"), std::string::npos) << trusted.out;

    Result json = wasp("iam external-access " + dir + " -f json --fail-on critical");
    EXPECT_EQ(json.exit_code, 0);  // public reads and listings are high, not critical
    auto doc = wasp::core::parse_json(json.out);
    ASSERT_TRUE(doc.has_value()) << json.out;
    const auto* pub = doc->root.get("public");
    ASSERT_TRUE(pub && pub->is_sequence());
    ASSERT_EQ(pub->size(), 4u);  // two buckets, each to anyone and to any account
    EXPECT_EQ(pub->items()[2].get("resource")->text(), "arn:aws:s3:::shop-public-assets");
    EXPECT_EQ(pub->items()[2].get("kind")->text(), "anonymous");
    const auto* external = doc->root.get("external");
    ASSERT_TRUE(external && external->is_sequence());
    bool partner = false;
    for (const auto& e : external->items()) {
        if (e.get("accessor")->text() == "444455556666") {
            partner = true;
            EXPECT_EQ(e.get("kind")->text(), "account");
            EXPECT_EQ(e.get("resources")->size(), 5u);  // key, secret, bucket, two roles
        }
    }
    EXPECT_TRUE(partner);
    EXPECT_EQ(doc->root.get("summary")->get("findings")->text(), "8");
    EXPECT_EQ(doc->root.get("zone_of_trust")->get("accounts")->items()[0].text(), "111122223333");

    // Only the invoices bucket, its partner trusted: clean.
    EXPECT_EQ(wasp("iam external-access " + dir +
                   "/shop-invoices.json --trusted-account "
                   "444455556666")
                  .exit_code,
              0);
    EXPECT_EQ(wasp("iam external-access " + dir + " --fail-on none").exit_code, 0);

    // Input errors: named with their position; the other files are still analysed.
    fs::path bad = temp_dir("iam-external-access");
    write(bad / "broken.json", "{\"Policy\": \"{\\\"Statement\\\": [}\"}\n");
    fs::copy_file(kSource / dir / "shop-public-assets.json", bad / "shop-public-assets.json");
    Result broken = wasp("iam external-access " + bad.string());
    EXPECT_EQ(broken.exit_code, 2) << broken.out;
    EXPECT_NE(broken.out.find("anyone (anonymous)"), std::string::npos) << broken.out;
    EXPECT_EQ(wasp("iam external-access " + dir + " --trusted-account 12345").exit_code, 2);
    EXPECT_EQ(wasp("iam external-access " + dir + " -f sarif").exit_code, 2);
    EXPECT_EQ(wasp("iam external-access tests/fixtures/iam/credential-report.csv").exit_code, 2);

    // A review of a workload holding the outputs runs the same rules.
    fs::path workload = temp_dir("iam-external-review");
    fs::copy_file(kSource / dir / "shop-public-assets.json", workload / "shop-public-assets.json");
    Result review = wasp("review " + workload.string() + " --date 2026-11-29 -f json");
    EXPECT_NE(review.out.find("\"WASP-IAM-120\""), std::string::npos) << review.out;
    EXPECT_EQ(review.out.find("not analysed yet"), std::string::npos) << review.out;
    // The partner of the invoices bucket, trusted in wasp.yaml: no finding left.
    fs::path shared = temp_dir("iam-external-trusted");
    fs::copy_file(kSource / dir / "shop-invoices.json", shared / "shop-invoices.json");
    Result partner_out = wasp("review " + shared.string() + " --date 2026-11-29");
    EXPECT_NE(partner_out.out.find("1 resources, 1 findings (0 critical, 1 high"),
              std::string::npos)
        << partner_out.out;
    write(shared / "wasp.yaml", "trusted_accounts:\n  - '444455556666'\n");
    Result partner_in = wasp("review " + shared.string() + " --date 2026-11-29");
    EXPECT_NE(partner_in.out.find("1 resources, 0 findings"), std::string::npos) << partner_in.out;

    // A template's bucket and key policies join the analysis when the review has exports too.
    fs::path iac = temp_dir("iam-external-iac");
    fs::copy_file(kSource / dir / "authz-partner-roles.json", iac / "authz.json");
    write(iac / "storage.yaml", R"(Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  AssetsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Assets
      PolicyDocument:
        Statement:
          - Sid: PublicRead
            Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "arn:aws:s3:::${Assets}/*"
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: {AWS: !Ref Partner}
            Action: kms:Decrypt
            Resource: "*"
Parameters:
  Partner:
    Type: String
)");
    Result templates = wasp("review " + iac.string() + " --date 2026-11-29 -f json");
    auto rdoc = wasp::core::parse_json(templates.out);
    ASSERT_TRUE(rdoc.has_value()) << templates.out;
    bool public_bucket = false;
    for (const auto& f : rdoc->root.get("findings")->items()) {
        if (f.get("rule_id")->text() == "WASP-IAM-120") {
            public_bucket = f.get("message")->text().find("s3:GetObject") != std::string::npos;
            EXPECT_NE(f.get("location")->to_json().find("storage.yaml"), std::string::npos);
        }
    }
    EXPECT_TRUE(public_bucket) << templates.out;
    // The key's partner is a parameter: not analysed, and a note says why.
    EXPECT_NE(templates.out.find("a principal is not known before deployment"), std::string::npos)
        << templates.out;
}

TEST(Iam, TemplatePoliciesFederatedTrustBlockPublicAccessAndRcps) {
    // Templates alone, no IAM export: their resource policies are analysed all the same.
    fs::path iac = temp_dir("iam-templates-only");
    const std::string storage = R"(Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  AssetsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Assets
      PolicyDocument:
        Statement:
          - {Sid: PublicRead, Effect: Allow, Principal: "*", Action: s3:GetObject,
             Resource: !Sub "arn:aws:s3:::${Assets}/*"}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - {Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"},
             Action: kms:Decrypt, Resource: "*"}
)";
    write(iac / "storage.yaml", storage);
    auto rules_of = [](const Result& r) {
        std::set<std::string> out;
        auto doc = wasp::core::parse_json(r.out);
        if (!doc) return out;
        for (const auto& f : doc->root.get("findings")->items()) {
            const auto* id = f.at_path("resource.id");  // workload-wide findings have none
            if (id) out.insert(f.get("rule_id")->text() + " " + id->text());
        }
        return out;
    };
    Result alone = wasp("review " + iac.string() + " --date 2026-11-29 -f json");
    auto found = rules_of(alone);
    EXPECT_TRUE(found.contains("WASP-IAM-120 AssetsPolicy")) << alone.out.substr(0, 3000);
    EXPECT_TRUE(found.contains("WASP-IAM-121 Key")) << alone.out.substr(0, 3000);
    // The partner trusted in wasp.yaml; and the bucket left with S3's defaults for new buckets,
    // which reject a public policy.
    write(iac / "wasp.yaml", "trusted_accounts: ['444455556666']\n");
    std::string defaults = storage;
    defaults.replace(defaults.find("    Properties:\n      PublicAccessBlockConfiguration"),
                     std::string("    Properties:\n      PublicAccessBlockConfiguration: "
                                 "{BlockPublicPolicy: false, RestrictPublicBuckets: false}\n")
                         .size(),
                     "");
    write(iac / "storage.yaml", defaults);
    Result trusted = wasp("review " + iac.string() + " --date 2026-11-29 -f json");
    found = rules_of(trusted);
    EXPECT_FALSE(found.contains("WASP-IAM-121 Key")) << trusted.out.substr(0, 3000);
    EXPECT_FALSE(found.contains("WASP-IAM-120 AssetsPolicy")) << trusted.out.substr(0, 3000);
    EXPECT_NE(trusted.out.find("public access blocked by S3 Block Public Access "
                               "(RestrictPublicBuckets is on for the bucket (S3's default for new "
                               "buckets: the template does not set it))"),
              std::string::npos);

    // A role trusting GitHub Actions without a subject: any repository can assume it.
    fs::path dir = temp_dir("iam-federated");
    write(dir / "authz.json", R"({"RoleDetailList": [{"RoleName": "ci-deploy", "RoleId": "AROA1",
  "Path": "/", "Arn": "arn:aws:iam::111122223333:role/ci-deploy",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Sid": "GitHubDeploy",
    "Effect": "Allow", "Principal": {"Federated":
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals":
      {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}}]})");
    // A public bucket whose account restricts public buckets.
    write(dir / "policies.json", R"({"ResourcePolicies": [{"Arn": "arn:aws:s3:::site",
  "Account": "111122223333", "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}}],
  "AccountPublicAccessBlocks": [{"Account": "111122223333",
    "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": true}}]})");
    Result text = wasp("iam external-access " + dir.string());
    EXPECT_EQ(text.exit_code, 1) << text.out;
    EXPECT_NE(text.out.find("Identity providers roles trust\n"
                            "  arn:aws:iam::111122223333:oidc-provider/"
                            "token.actions.githubusercontent.com (GitHub Actions)\n"
                            "    arn:aws:iam::111122223333:role/ci-deploy (IAM role, trust "
                            "policy)\n"
                            "      Write: sts:AssumeRoleWithWebIdentity\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("      any identity of the provider: any GitHub repository's "
                            "workflows\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("  high WASP-IAM-124 arn:aws:iam::111122223333:role/ci-deploy: "
                            "trusts every identity of GitHub Actions"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("    blocked by S3 Block Public Access: RestrictPublicBuckets is on "
                            "for account 111122223333"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("0 public, 1 public only without S3 Block Public Access"),
              std::string::npos)
        << text.out;
    EXPECT_EQ(text.out.find("WASP-IAM-120"), std::string::npos) << text.out;
    Result json = wasp("iam external-access " + dir.string() + " -f json");
    auto doc = wasp::core::parse_json(json.out);
    ASSERT_TRUE(doc.has_value()) << json.out;
    const auto* federated = doc->root.get("federated");
    ASSERT_TRUE(federated && federated->size() == 1u) << json.out;
    EXPECT_EQ(federated->items()[0].get("shared_provider")->text(), "GitHub Actions");
    EXPECT_EQ(federated->items()[0].at_path("resources")->items()[0].get("any_identity")->text(),
              "true");
    EXPECT_NE(doc->root.get("public")->items()[0].get("blocked_by"), nullptr);

    // An organization whose RCP denies sts:AssumeRole: the path through the role is cut, and
    // paths says so.
    fs::path org = temp_dir("iam-rcp-paths");
    write(org / "authz.json", R"({"UserDetailList": [{"UserName": "dev", "UserId": "AIDA1",
  "Path": "/", "GroupList": [], "Arn": "arn:aws:iam::222222222222:user/dev",
  "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                   "Resource": "arn:aws:iam::222222222222:role/admin"}]}}]}],
  "RoleDetailList": [{"RoleName": "admin", "RoleId": "AROA2", "Path": "/",
    "Arn": "arn:aws:iam::222222222222:role/admin",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}]},
    "RolePolicyList": [{"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]})");
    EXPECT_EQ(wasp("iam paths " + (org / "authz.json").string()).exit_code, 1);
    write(org / "organization.json", R"({"Organization": {"Id": "o-a1b2c3d4e5",
  "MasterAccountId": "111111111111"},
  "Roots": [{"Id": "r-ab12", "PolicyTypes": [{"Type": "RESOURCE_CONTROL_POLICY",
    "Status": "ENABLED"}]}],
  "Accounts": [{"Id": "222222222222", "ParentId": "r-ab12"}],
  "Policies": [
    {"PolicySummary": {"Id": "p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess",
      "Type": "RESOURCE_CONTROL_POLICY"},
     "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
     "Targets": [{"TargetId": "r-ab12"}, {"TargetId": "222222222222"}]},
    {"PolicySummary": {"Id": "p-nosts", "Name": "NoAssumeRole",
      "Type": "RESOURCE_CONTROL_POLICY"},
     "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoHops\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
     "Targets": [{"TargetId": "r-ab12"}]}]})");
    Result cut = wasp("iam paths " + (org / "authz.json").string() + " --org " +
                      (org / "organization.json").string());
    EXPECT_EQ(cut.exit_code, 0) << cut.out;
    EXPECT_NE(cut.out.find("Denied by resource control policies alone:\n"
                           "  arn:aws:iam::222222222222:user/dev: sts:AssumeRole on "
                           "arn:aws:iam::222222222222:role/admin: explicitly denied by statement "
                           "\"NoHops\" of NoAssumeRole (p-nosts) (resource control policy)\n"),
              std::string::npos)
        << cut.out;
    Result blast = wasp("iam blast-radius " + (org / "authz.json").string() + " --org " +
                        (org / "organization.json").string() + " --principal dev");
    EXPECT_NE(blast.out.find("  denied by resource control policies alone: 1 request\n"
                             "    sts:AssumeRole on role/admin: explicitly denied by statement "
                             "\"NoHops\""),
              std::string::npos)
        << blast.out;
}

TEST(Iam, BlastRadiusAsTextJsonAndDot) {
    const std::string fixture = "iam blast-radius tests/fixtures/iam/blast-radius-authz.json";
    Result text = wasp(fixture + " --principal dev-alice");
    EXPECT_EQ(text.exit_code, 0) << text.out;
    EXPECT_NE(text.out.find("    role/prod-data-admin (3 hops: user/dev-alice -> "
                            "role/deploy-pipeline -> role/release-manager -> "
                            "role/prod-data-admin; conditional on aws:SourceIp)\n"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("    data-read                     1       4\n"), std::string::npos)
        << text.out;
    // Only the chosen principal gets a section.
    EXPECT_EQ(text.out.find("arn:aws:iam::111122223333:user/external/contractor\n"),
              std::string::npos)
        << text.out;

    Result who = wasp(fixture + " --resource arn:aws:s3:::shop-customer-data/exports/2026-11.csv");
    EXPECT_EQ(who.exit_code, 0) << who.out;
    EXPECT_NE(who.out.find("reached by 6 principals, 2 with their own policies"), std::string::npos)
        << who.out;
    EXPECT_NE(who.out.find("arn:aws:iam::111122223333:user/dev-alice  through "
                           "role/deploy-pipeline -> role/release-manager -> role/prod-data-admin "
                           "(3 hops): data-read, data-write"),
              std::string::npos)
        << who.out;

    Result json = wasp(fixture + " -f json --principal dev-alice");
    EXPECT_EQ(json.exit_code, 0);
    auto doc = wasp::core::parse_json(json.out);
    ASSERT_TRUE(doc.has_value()) << json.out;
    std::map<std::string, const wasp::core::Node*> nodes;
    for (const auto& n : doc->root.get("nodes")->items()) nodes[n.get("id")->text()] = &n;
    // Alice and the three roles she can become, and what they act on.
    std::set<std::string> principals;
    for (const auto& [id, n] : nodes) {
        if (n->get("type")->text() == "principal") principals.insert(n->get("arn")->text());
    }
    EXPECT_EQ(principals,
              (std::set<std::string>{"arn:aws:iam::111122223333:user/dev-alice",
                                     "arn:aws:iam::111122223333:role/deploy-pipeline",
                                     "arn:aws:iam::111122223333:role/release-manager",
                                     "arn:aws:iam::111122223333:role/prod-data-admin"}));
    const auto* alice = nodes.at("p0");
    EXPECT_EQ(alice->get("roles_reachable")->text(), "3");
    EXPECT_EQ(alice->at_path("reach.data-write.total")->text(), "1");
    EXPECT_EQ(alice->get("chains")->items()[2].get("path")->size(), 4u);
    bool conditional_hop = false, customer_data = false;
    for (const auto& e : doc->root.get("edges")->items()) {
        const auto* to = nodes.at(e.get("to")->text());
        if (e.get("type")->text() == "assume" &&
            to->get("arn")->text() == "arn:aws:iam::111122223333:role/release-manager") {
            conditional_hop = e.get("conditional")->as_bool() == true &&
                              e.get("hinges_on")->items()[0].text() == "aws:SourceIp";
        }
        if (e.get("type")->text() == "can-act" &&
            to->get("arn")->text() == "arn:aws:s3:::shop-customer-data/*") {
            customer_data = e.get("action_count")->text() == "3" &&
                            e.get("categories")->items()[0].text() == "data-read";
        }
    }
    EXPECT_TRUE(conditional_hop) << json.out;
    EXPECT_TRUE(customer_data) << json.out;

    // DOT, written atomically: names from the export are hostile input.
    fs::path dir = temp_dir("iam-blast");
    write(dir / "authz.json",
          R"({"UserDetailList": [{"UserName": "mallory", "UserId": "AIDAHOSTILE0000000001",
              "Arn": "arn:aws:iam::111122223333:user/mallory", "Path": "/", "GroupList": [],
              "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}]}],
             "RoleDetailList": [{"RoleName": "evil\"]; x -> y [label=\"\\N\nname",
              "RoleId": "AROAHOSTILE000000001", "Path": "/",
              "Arn": "arn:aws:iam::111122223333:role/evil\"]; x -> y [label=\"\\N\nname",
              "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]},
              "RolePolicyList": [{"PolicyName": "q", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                  "Resource": "arn:aws:s3:::b/\"\\\n*"}]}}]}]})");
    fs::path out = dir / "graph.dot";
    Result dot =
        wasp("iam blast-radius " + (dir / "authz.json").string() + " -f dot -o " + out.string());
    EXPECT_EQ(dot.exit_code, 0);
    std::string graph = read(out);
    EXPECT_TRUE(graph.starts_with("digraph blast_radius {\n")) << graph;
    EXPECT_NE(graph.find(R"(label="role/evil\"]; x -> y [label=\"\\N\nname")"), std::string::npos)
        << graph;
    EXPECT_NE(graph.find(R"(label="arn:aws:s3:::b/\"\\\n*")"), std::string::npos) << graph;
    EXPECT_NE(graph.find("p0 -> p1 [label=\"sts:AssumeRole\"];"), std::string::npos) << graph;
    // Every line is a statement of ours: no label broke out of its quotes.
    std::size_t lines = std::count(graph.begin(), graph.end(), '\n');
    EXPECT_EQ(lines, 10u) << graph;
    if (std::system("command -v dot >/dev/null 2>&1") == 0) {
        EXPECT_EQ(std::system(("dot -Tsvg '" + out.string() + "' >/dev/null").c_str()), 0);
    }

    // Input errors.
    EXPECT_EQ(wasp(fixture + " --principal nobody").exit_code, 2);
    EXPECT_EQ(wasp(fixture + " -f sarif").exit_code, 2);
    write(dir / "not-an-export.json", "{\"Statement\": []}\n");
    EXPECT_EQ(wasp("iam blast-radius " + (dir / "not-an-export.json").string()).exit_code, 2);
}

}  // namespace
