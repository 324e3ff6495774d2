// The SARIF 2.1.0 format: rules, results, notifications, and the OASIS schema.
#include <gtest/gtest.h>

#include "core/parse.h"
#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

core::Node parse(const std::string& text) {
    auto doc = core::parse_json(text);
    EXPECT_TRUE(doc.has_value()) << (doc ? "" : doc.error().message);
    return doc ? std::move(doc->root) : core::Node();
}

std::string text_at(const core::Node& root, std::string_view path) {
    const core::Node* n = root.at_path(path);
    EXPECT_NE(n, nullptr) << path;
    return n ? n->text() : std::string("<missing>");
}

// Keys containing '.' or '/' cannot go through at_path.
std::string member(const core::Node& root, std::string_view path, std::string_view key) {
    const core::Node* n = root.at_path(path);
    const core::Node* v = n ? n->get(key) : nullptr;
    EXPECT_NE(v, nullptr) << path << " " << key;
    return v ? v->text() : std::string("<missing>");
}

TEST(SarifReport, RunAndDriver) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kSarif));
    EXPECT_EQ(text_at(root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    EXPECT_EQ(text_at(root, "version"), "2.1.0");
    EXPECT_EQ(root.get("runs")->size(), 1U);
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.name"), "wasp");
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.version"), "0.1.0-test");
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.informationUri"), "https://wasp.dev");
}

TEST(SarifReport, RulesHaveMetadataForCodeScanning) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kSarif));
    const core::Node* rules = root.at_path("runs[0].tool.driver.rules");
    ASSERT_NE(rules, nullptr);
    ASSERT_EQ(rules->size(), 4U);
    const std::string r = "runs[0].tool.driver.rules[3]";
    EXPECT_EQ(text_at(root, r + ".id"), "WASP-S3-001");
    EXPECT_EQ(text_at(root, r + ".name"), "S3BucketsEncryptDataAtRest");
    EXPECT_EQ(text_at(root, r + ".shortDescription.text"), "S3 buckets encrypt data at rest");
    EXPECT_EQ(text_at(root, r + ".fullDescription.text"), "Why WASP-S3-001 matters.");
    EXPECT_NE(text_at(root, r + ".help.text").find("Add BucketEncryption with SSE-KMS."),
              std::string::npos);
    EXPECT_NE(text_at(root, r + ".help.markdown").find("Add BucketEncryption with SSE-KMS."),
              std::string::npos);
    EXPECT_EQ(text_at(root, r + ".helpUri"), "https://docs.aws.amazon.com/WASP-S3-001");
    EXPECT_EQ(text_at(root, r + ".defaultConfiguration.level"), "error");
    EXPECT_EQ(text_at(root, r + ".properties.tags[1]"), "SEC08-BP02");
    EXPECT_EQ(member(root, r + ".properties", "security-severity"), "7.0");
    EXPECT_EQ(text_at(root, r + ".properties.precision"), "high");
    // Severity to level and score.
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.rules[0].defaultConfiguration.level"), "note");
    EXPECT_EQ(member(root, "runs[0].tool.driver.rules[0].properties", "security-severity"), "3.0");
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.rules[1].defaultConfiguration.level"), "warning");
    EXPECT_EQ(member(root, "runs[0].tool.driver.rules[1].properties", "security-severity"), "5.0");
}

TEST(SarifReport, CriticalAndInfoSeverities) {
    auto fx = test::make_fixture();
    fx->review.rules[0].severity = core::Severity::kCritical;
    fx->review.rules[1].severity = core::Severity::kInfo;
    core::Node root = parse(render(fx->review, Format::kSarif));
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.rules[0].defaultConfiguration.level"), "error");
    EXPECT_EQ(member(root, "runs[0].tool.driver.rules[0].properties", "security-severity"), "9.5");
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.rules[1].defaultConfiguration.level"), "note");
    EXPECT_EQ(member(root, "runs[0].tool.driver.rules[1].properties", "security-severity"), "1.0");
}

TEST(SarifReport, OneResultPerFinding) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kSarif));
    ASSERT_EQ(root.at_path("runs[0].results")->size(), 3U);
    const std::string r = "runs[0].results[0]";
    EXPECT_EQ(text_at(root, r + ".ruleId"), "WASP-S3-001");
    EXPECT_EQ(text_at(root, r + ".ruleIndex"), "3");
    EXPECT_EQ(text_at(root, r + ".level"), "error");
    EXPECT_EQ(text_at(root, r + ".message.text"), "LogsBucket has no BucketEncryption");
    const std::string loc = r + ".locations[0]";
    EXPECT_EQ(text_at(root, loc + ".physicalLocation.artifactLocation.uri"), "template.yaml");
    EXPECT_EQ(text_at(root, loc + ".physicalLocation.artifactLocation.uriBaseId"), "%SRCROOT%");
    EXPECT_EQ(text_at(root, loc + ".physicalLocation.region.startLine"), "10");
    EXPECT_EQ(text_at(root, loc + ".physicalLocation.region.startColumn"), "3");
    EXPECT_EQ(text_at(root, loc + ".logicalLocations[0].name"), "LogsBucket");
    EXPECT_EQ(text_at(root, loc + ".logicalLocations[0].kind"), "resource");
    EXPECT_EQ(text_at(root, loc + ".logicalLocations[0].fullyQualifiedName"),
              "Shop/LogsBucket/Resource");
    EXPECT_EQ(member(root, r + ".partialFingerprints", "waspFingerprint/v1"), "fp-s3-logs");
    EXPECT_EQ(text_at(root, "runs[0].results[1].ruleIndex"), "2");
    EXPECT_EQ(text_at(root, "runs[0].results[2].level"), "note");
    // A workload-wide finding without a file has no location at all.
    EXPECT_EQ(root.at_path("runs[0].results[2].locations"), nullptr);
}

TEST(SarifReport, RegionOmittedWhenLineUnknownAndPathsEncoded) {
    auto fx = test::make_fixture();
    fx->review.findings[0].location = {"stacks/my stack#1.yaml", {0, 0}, ""};
    core::Node root = parse(render(fx->review, Format::kSarif));
    const std::string p = "runs[0].results[0].locations[0].physicalLocation";
    EXPECT_EQ(text_at(root, p + ".artifactLocation.uri"), "stacks/my%20stack%231.yaml");
    EXPECT_EQ(root.at_path(p + ".region"), nullptr);
}

TEST(SarifReport, FindingOfUnknownRuleGetsARule) {
    auto fx = test::make_fixture();
    fx->review.findings[1].rule_id = "ZZZ-999";
    core::Node root = parse(render(fx->review, Format::kSarif));
    ASSERT_EQ(root.at_path("runs[0].tool.driver.rules")->size(), 5U);
    EXPECT_EQ(text_at(root, "runs[0].tool.driver.rules[4].id"), "ZZZ-999");
    EXPECT_EQ(text_at(root, "runs[0].results[1].ruleIndex"), "4");
}

TEST(SarifReport, DiagnosticsAreToolExecutionNotifications) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kSarif));
    const std::string inv = "runs[0].invocations[0]";
    EXPECT_EQ(text_at(root, inv + ".executionSuccessful"), "true");
    const std::string n = inv + ".toolExecutionNotifications";
    ASSERT_EQ(root.at_path(n)->size(), 2U);
    EXPECT_EQ(text_at(root, n + "[0].level"), "error");
    EXPECT_EQ(text_at(root, n + "[0].message.text"), "mapping values are not allowed here");
    EXPECT_EQ(text_at(root, n + "[0].descriptor.id"), "yaml-syntax");
    EXPECT_EQ(text_at(root, n + "[0].locations[0].physicalLocation.artifactLocation.uri"),
              "legacy.yaml");
    EXPECT_EQ(text_at(root, n + "[0].locations[0].physicalLocation.region.startLine"), "3");
    EXPECT_EQ(text_at(root, n + "[1].level"), "warning");
}

TEST(SarifReport, HostileInputStaysData) {
    auto fx = test::make_hostile_fixture();
    std::string out = render(fx->review, Format::kSarif);
    EXPECT_EQ(out.find('<'), std::string::npos);
    core::Node root = parse(out);
    EXPECT_EQ(text_at(root, "runs[0].results[0].locations[0].logicalLocations[0].name"),
              "Logs<script>alert(1)</script>");
    // Neither reference is a valid http(s) URI, so there is no helpUri.
    EXPECT_EQ(root.at_path("runs[0].tool.driver.rules[3].helpUri"), nullptr);
    // Markdown help escapes the remediation.
    EXPECT_NE(text_at(root, "runs[0].tool.driver.rules[3].help.markdown")
                  .find("&lt;script&gt;alert(1)&lt;/script&gt;"),
              std::string::npos);
}

TEST(SarifReport, ValidatesAgainstSarif210Schema) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto schema = test::source_path("tests/schemas/sarif-schema-2.1.0.json");
    auto fx = test::make_fixture();
    auto hostile = test::make_hostile_fixture();
    pillar::Review empty;
    EXPECT_EQ(
        test::validate_json_schema(
            schema, test::write_temp_file("review.sarif", render(fx->review, Format::kSarif))),
        0);
    EXPECT_EQ(test::validate_json_schema(
                  schema,
                  test::write_temp_file("hostile.sarif", render(hostile->review, Format::kSarif))),
              0);
    EXPECT_EQ(test::validate_json_schema(
                  schema, test::write_temp_file("empty.sarif", render(empty, Format::kSarif))),
              0);
}

TEST(SarifReport, SchemaRejectsWrongVersion) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kSarif);
    auto pos = out.find("\"version\": \"2.1.0\"");
    ASSERT_NE(pos, std::string::npos);
    out.replace(pos, 18, "\"version\": \"2.0.0\"");
    EXPECT_EQ(test::validate_json_schema(test::source_path("tests/schemas/sarif-schema-2.1.0.json"),
                                         test::write_temp_file("wrong.sarif", out)),
              1);
}

}  // namespace
}  // namespace wasp::report
