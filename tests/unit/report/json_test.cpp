// The JSON format: structure, indices that link the parts, and the published schema.
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

std::vector<std::string> texts_at(const core::Node& root, std::string_view path) {
    std::vector<std::string> out;
    const core::Node* n = root.at_path(path);
    EXPECT_TRUE(n && n->is_sequence()) << path;
    if (n) {
        for (const auto& item : n->items()) out.push_back(item.text());
    }
    return out;
}

TEST(JsonReport, HeaderFields) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    EXPECT_EQ(text_at(root, "schema"), "https://wasp.dev/schemas/review/v1");
    EXPECT_EQ(text_at(root, "schema_version"), "1");
    EXPECT_EQ(text_at(root, "tool.name"), "wasp");
    EXPECT_EQ(text_at(root, "tool.version"), "0.1.0-test");
    EXPECT_EQ(text_at(root, "generated_at"), "2025-06-01T12:00:00Z");
    EXPECT_EQ(text_at(root, "review_date"), "2025-06-01");
    EXPECT_EQ(text_at(root, "workload"), "shop");
    EXPECT_EQ(text_at(root, "catalog.version"), "2025.1");
}

TEST(JsonReport, TopLevelKeysInDocumentedOrder) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    std::vector<std::string> keys;
    for (const auto& m : root.members()) keys.push_back(m.key);
    EXPECT_EQ(keys,
              (std::vector<std::string>{
                  "schema", "schema_version", "tool", "generated_at", "review_date", "workload",
                  "root", "catalog", "summary", "inputs", "questions", "plan", "detection_coverage",
                  "rules", "resources", "findings", "checks", "diagnostics", "answers"}));
}

TEST(JsonReport, Summary) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    EXPECT_EQ(text_at(root, "summary.overall_risk"), "high");
    EXPECT_EQ(text_at(root, "summary.findings.total"), "3");
    EXPECT_EQ(text_at(root, "summary.findings.high"), "2");
    EXPECT_EQ(text_at(root, "summary.findings.low"), "1");
    EXPECT_EQ(text_at(root, "summary.checks.unknown"), "1");
    EXPECT_EQ(text_at(root, "summary.diagnostics.error"), "1");
    EXPECT_EQ(text_at(root, "summary.best_practices.not_met"), "2");
    EXPECT_EQ(text_at(root, "summary.questions.needs_answers"), "1");
    EXPECT_EQ(text_at(root, "summary.question_risk.SEC01"), "needs_answers");
    EXPECT_EQ(text_at(root, "summary.question_risk.SEC08"), "high");
}

TEST(JsonReport, QuestionsAndBestPractices) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    EXPECT_EQ(text_at(root, "questions[1].id"), "SEC08");
    EXPECT_EQ(text_at(root, "questions[1].risk"), "high");
    EXPECT_EQ(text_at(root, "questions[1].counts.not_met"), "2");
    EXPECT_EQ(text_at(root, "questions[1].best_practices[1].id"), "SEC08-BP02");
    EXPECT_EQ(text_at(root, "questions[1].best_practices[1].status"), "not_met");
    EXPECT_EQ(text_at(root, "questions[1].best_practices[1].checks.failed"), "2");
    EXPECT_EQ(texts_at(root, "questions[1].best_practices[1].checks.indices"),
              (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(texts_at(root, "questions[1].best_practices[1].findings"),
              (std::vector<std::string>{"0", "1"}));
    // A workload-wide finding counts towards its rule's best practice.
    EXPECT_EQ(texts_at(root, "questions[1].best_practices[2].findings"),
              (std::vector<std::string>{"2"}));
    EXPECT_TRUE(root.at_path("questions[0].best_practices[1].answer")->is_null());
    EXPECT_EQ(text_at(root, "questions[0].best_practices[0].answer.by"), "alice@example.com");
    EXPECT_EQ(text_at(root, "questions[0].best_practices[0].answer.stale"), "true");
    EXPECT_EQ(text_at(root, "questions[1].best_practices[2].answer.conflict"),
              "WASP-CFG-001 found no AWS Config rule");
}

TEST(JsonReport, FindingsCarryResourceLocationAndBestPractices) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    EXPECT_EQ(text_at(root, "findings[0].rule_id"), "WASP-S3-001");
    EXPECT_EQ(text_at(root, "findings[0].severity"), "high");
    EXPECT_EQ(text_at(root, "findings[0].title"), "S3 buckets encrypt data at rest");
    EXPECT_EQ(text_at(root, "findings[0].resource_index"), "0");
    EXPECT_EQ(text_at(root, "findings[0].resource.id"), "LogsBucket");
    EXPECT_EQ(text_at(root, "findings[0].resource.construct_path"), "Shop/LogsBucket/Resource");
    EXPECT_EQ(text_at(root, "findings[0].location.line"), "10");
    EXPECT_EQ(text_at(root, "findings[0].location.pointer"), "/Resources/LogsBucket");
    EXPECT_EQ(text_at(root, "findings[0].fingerprint"), "fp-s3-logs");
    EXPECT_EQ(texts_at(root, "findings[0].best_practices"),
              (std::vector<std::string>{"SEC08-BP02"}));
    EXPECT_TRUE(root.at_path("findings[2].resource")->is_null());
    EXPECT_TRUE(root.at_path("findings[2].resource_index")->is_null());
}

TEST(JsonReport, ChecksPlanRulesResourcesDiagnosticsAnswers) {
    auto fx = test::make_fixture();
    core::Node root = parse(render(fx->review, Format::kJson));
    EXPECT_EQ(root.get("checks")->size(), 6U);
    EXPECT_EQ(text_at(root, "checks[4].outcome"), "unknown");
    EXPECT_EQ(text_at(root, "checks[4].resource"), "4");
    EXPECT_EQ(text_at(root, "checks[4].resource_id"), "ImportedBucket");
    EXPECT_EQ(text_at(root, "checks[4].detail"), "BucketEncryption comes from Fn::ImportValue");
    EXPECT_EQ(text_at(root, "plan[0].best_practice"), "SEC08-BP02");
    EXPECT_EQ(text_at(root, "plan[0].title"), "Enforce encryption at rest");
    EXPECT_EQ(text_at(root, "plan[0].fixes[0].rule_id"), "WASP-RDS-001");
    EXPECT_EQ(texts_at(root, "plan[0].fixes[0].findings"), (std::vector<std::string>{"1"}));
    EXPECT_EQ(text_at(root, "rules[3].remediation"), "Add BucketEncryption with SSE-KMS.");
    EXPECT_EQ(text_at(root, "resources[0].tags[1].value"), "payments");
    EXPECT_EQ(text_at(root, "diagnostics[0].code"), "yaml-syntax");
    EXPECT_EQ(text_at(root, "diagnostics[0].location.column"), "9");
    EXPECT_EQ(text_at(root, "answers[1].by"), "bob");
    EXPECT_EQ(text_at(root, "inputs[1].analysed"), "false");
}

TEST(JsonReport, HostileStringsSurviveAsData) {
    auto fx = test::make_hostile_fixture();
    std::string out = render(fx->review, Format::kJson);
    // <, > and & are escaped even inside JSON, so the document can sit in an HTML page.
    EXPECT_EQ(out.find('<'), std::string::npos);
    EXPECT_EQ(out.find('>'), std::string::npos);
    core::Node root = parse(out);
    EXPECT_EQ(text_at(root, "resources[0].id"), "Logs<script>alert(1)</script>");
    EXPECT_EQ(text_at(root, "answers[0].evidence"), "javascript:alert(1)");
}

TEST(JsonReport, ValidatesAgainstPublishedSchema) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto schema = test::source_path("docs/schemas/review-v1.schema.json");
    auto fx = test::make_fixture();
    auto hostile = test::make_hostile_fixture();
    pillar::Review empty;
    // --closed: every field the output has must be in the schema.
    EXPECT_EQ(
        test::validate_json_schema(
            schema, test::write_temp_file("review.json", render(fx->review, Format::kJson)), true),
        0);
    EXPECT_EQ(
        test::validate_json_schema(
            schema, test::write_temp_file("hostile.json", render(hostile->review, Format::kJson)),
            true),
        0);
    EXPECT_EQ(test::validate_json_schema(
                  schema, test::write_temp_file("empty.json", render(empty, Format::kJson)), true),
              0);
}

TEST(JsonReport, SchemaRejectsABrokenDocument) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kJson);
    auto pos = out.find("\"outcome\": \"unknown\"");
    ASSERT_NE(pos, std::string::npos);
    out.replace(pos, 20, "\"outcome\": \"maybe\"");
    EXPECT_EQ(test::validate_json_schema(test::source_path("docs/schemas/review-v1.schema.json"),
                                         test::write_temp_file("broken.json", out)),
              1);
}

}  // namespace
}  // namespace wasp::report
