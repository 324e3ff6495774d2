// OCSF Detection Findings as JSON lines: one a finding, valid against the OCSF 1.3.0 attributes.
#include <sstream>

#include <gtest/gtest.h>

#include "core/parse.h"
#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

std::vector<core::Node> lines_of(const std::string& out) {
    std::vector<core::Node> nodes;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        auto doc = core::parse_json(line);
        EXPECT_TRUE(doc.has_value()) << line;
        if (doc) nodes.push_back(std::move(doc->root));
    }
    return nodes;
}

std::string text_at(const core::Node& root, std::string_view path) {
    const core::Node* n = root.at_path(path);
    EXPECT_NE(n, nullptr) << path;
    return n ? n->text() : std::string("<missing>");
}

// A detection on the fixture's workload-wide finding: two CloudTrail records behind it.
void add_activity(pillar::Review& review, std::string_view hostile) {
    core::Activity a;
    a.events = 7;
    a.first_seen = "2024-05-01T12:34:56Z";
    a.last_seen = "2024-05-01T13:00:00Z";
    core::Evidence e;
    e.id = "6f5c0b7e-0000-4000-8000-000000000001";
    e.time = "2024-05-01T12:34:56Z";
    e.fields = {{"eventName", "StopLogging"},
                {"eventSource", "cloudtrail.amazonaws.com"},
                {"principal", "arn:aws:iam::111122223333:user/" + std::string(hostile)},
                {"sourceIPAddress", "203.0.113.7"},
                {"awsRegion", "eu-west-1"},
                {"recipientAccountId", "111122223333"}};
    e.location = {"logs/trail.json", {}, "/Records/3"};
    a.sample.push_back(e);
    e.id = "6f5c0b7e-0000-4000-8000-000000000002";
    e.fields[3].second = "cloudtrail.amazonaws.com";
    a.sample.push_back(e);
    review.findings[2].activity = a;
}

TEST(OcsfReport, OneDetectionFindingPerFinding) {
    auto fx = test::make_fixture();
    add_activity(fx->review, "ops");
    auto lines = lines_of(render(fx->review, Format::kOcsf));
    ASSERT_EQ(lines.size(), fx->review.findings.size());
    for (const auto& l : lines) {
        EXPECT_EQ(text_at(l, "class_uid"), "2004");
        EXPECT_EQ(text_at(l, "category_uid"), "2");
        EXPECT_EQ(text_at(l, "type_uid"), "200401");
        EXPECT_EQ(text_at(l, "metadata.version"), "1.3.0");
        EXPECT_EQ(text_at(l, "cloud.provider"), "AWS");
    }
    // A high configuration finding: severity 4, its fingerprint as uid, the rule as analytic.
    EXPECT_EQ(text_at(lines[0], "severity_id"), "4");
    EXPECT_EQ(text_at(lines[0], "finding_info.uid"), "fp-s3-logs");
    EXPECT_EQ(text_at(lines[0], "finding_info.analytic.uid"), "WASP-S3-001");
    EXPECT_EQ(text_at(lines[0], "finding_info.types[0]"), "Configuration");
    EXPECT_EQ(lines[0].at_path("evidences"), nullptr);
    // The review's time for findings that are not about events: 2025-06-01T12:00:00Z.
    EXPECT_EQ(text_at(lines[0], "time"), "1748779200000");
    // The detection: its events' times, evidence and cloud account.
    const core::Node& d = lines[2];
    EXPECT_EQ(text_at(d, "time"), "1714568400000");
    EXPECT_EQ(text_at(d, "start_time"), "1714566896000");
    EXPECT_EQ(text_at(d, "finding_info.related_events_count"), "7");
    EXPECT_EQ(text_at(d, "finding_info.related_events[1].uid"),
              "6f5c0b7e-0000-4000-8000-000000000002");
    EXPECT_EQ(text_at(d, "finding_info.related_events[0].type"), "StopLogging");
    EXPECT_EQ(text_at(d, "evidences[0].api.operation"), "StopLogging");
    EXPECT_EQ(text_at(d, "evidences[0].src_endpoint.ip"), "203.0.113.7");
    EXPECT_EQ(text_at(d, "evidences[1].src_endpoint.domain"), "cloudtrail.amazonaws.com");
    EXPECT_EQ(text_at(d, "cloud.account.uid"), "111122223333");
    EXPECT_EQ(text_at(d, "cloud.region"), "eu-west-1");
    EXPECT_EQ(text_at(d, "unmapped.best_practices[0]"), "SEC08-BP03");
}

TEST(OcsfReport, SuppressedFindingsStayAsSuppressed) {
    auto fx = test::make_fixture();
    fx->review.findings[1].suppression =
        core::Suppression{"file", "accepted risk", "", {"suppressions.yaml", {4, 3}, {}}};
    auto lines = lines_of(render(fx->review, Format::kOcsf));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(text_at(lines[1], "status_id"), "3");
    EXPECT_EQ(text_at(lines[1], "comment"), "accepted risk");
    EXPECT_EQ(text_at(lines[1], "is_alert"), "false");
    EXPECT_EQ(text_at(lines[0], "is_alert"), "true");
}

TEST(OcsfReport, ValidatesAgainstOcsfSubsetSchema) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto schema =
        test::source_path("tests/schemas/ocsf-detection-finding-1.3.0.subset.schema.json");
    auto fx = test::make_fixture();
    add_activity(fx->review, "ops");
    auto hostile = test::make_hostile_fixture();
    add_activity(hostile->review, test::kScript);
    for (auto* review : {&fx->review, &hostile->review}) {
        std::string out = render(*review, Format::kOcsf);
        EXPECT_EQ(
            test::validate_json_schema(schema, test::write_temp_file("review.ocsf.jsonl", out),
                                       /*closed=*/true, /*lines=*/true),
            0);
    }
    // The schema has teeth: a wrong class is rejected.
    std::string out = render(fx->review, Format::kOcsf);
    auto pos = out.find("\"class_uid\":2004");
    ASSERT_NE(pos, std::string::npos);
    out.replace(pos, 16, "\"class_uid\":2003");
    EXPECT_EQ(test::validate_json_schema(schema, test::write_temp_file("wrong.ocsf.jsonl", out),
                                         false, true),
              1);
}

TEST(OcsfReport, EmptyReviewWritesNothing) {
    pillar::Review empty;
    EXPECT_EQ(render(empty, Format::kOcsf), "");
}

}  // namespace
}  // namespace wasp::report
