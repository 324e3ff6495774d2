// The Markdown format: a short pull-request comment that input cannot take over.
#include <gtest/gtest.h>

#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

bool contains(const std::string& s, std::string_view needle) {
    return s.find(needle) != std::string::npos;
}

TEST(MarkdownReport, VerdictAndSummaryLine) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(out.starts_with("### Security Pillar review: high risk\n\n"));
    EXPECT_TRUE(contains(out,
                         "Workload **shop**, reviewed 2025-06-01: 3 inputs, 6 resources, "
                         "3 findings (0 critical, 2 high, 0 medium, 1 low, 0 info).\n"));
}

TEST(MarkdownReport, VerdictFollowsTheWorstQuestion) {
    auto fx = test::make_fixture();
    fx->review.questions[1].risk = pillar::QuestionRisk::kNone;
    EXPECT_TRUE(render(fx->review, Format::kMarkdown)
                    .starts_with("### Security Pillar review: needs answers\n"));
    fx->review.questions[0].risk = pillar::QuestionRisk::kNone;
    EXPECT_TRUE(render(fx->review, Format::kMarkdown)
                    .starts_with("### Security Pillar review: no risk found\n"));
}

TEST(MarkdownReport, QuestionTable) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(contains(out,
                         "| Question | Risk | Met | Not met | N/A | Unanswered |\n"
                         "| --- | --- | ---: | ---: | ---: | ---: |\n"
                         "| SEC01 How do you securely operate your workload? | needs answers "
                         "| 1 | 0 | 0 | 1 |\n"
                         "| SEC08 How do you protect your data at rest? | **high** | 1 | 2 | "
                         "0 | 0 |\n"));
}

TEST(MarkdownReport, TopImprovements) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(contains(out,
                         "1. high risk: SEC08-BP02 Enforce encryption at rest (2 resources). "
                         "Fix WASP-RDS-001: Set StorageEncrypted to true.\n"));
    EXPECT_TRUE(contains(out,
                         "2. medium risk: SEC08-BP03 Automate data at rest protection "
                         "(workload-wide). Fix WASP-CFG-001:"));
    RenderOptions options;
    options.plan_items = 1;
    out = render(fx->review, Format::kMarkdown, options);
    EXPECT_FALSE(contains(out, "2. medium risk"));
    EXPECT_TRUE(contains(out, "…and 1 more."));
}

TEST(MarkdownReport, RuleTextFromYamlIsTrimmed) {
    auto fx = test::make_fixture();
    fx->review.rules[2].remediation = "Set StorageEncrypted to true.\n";
    EXPECT_TRUE(contains(render(fx->review, Format::kMarkdown),
                         "Fix WASP-RDS-001: Set StorageEncrypted to true.\n"));
}

TEST(MarkdownReport, FindingsTable) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(
        contains(out,
                 "| Severity | Rule | Resource | Location | Message |\n"
                 "| --- | --- | --- | --- | --- |\n"
                 "| high | WASP-S3-001 | Shop/LogsBucket/Resource | template.yaml:10 | LogsBucket "
                 "has no BucketEncryption |\n"));
    EXPECT_TRUE(contains(out,
                         "| low | WASP-CFG-001 | (workload) |  | No AWS Config rule checks "
                         "that volumes are encrypted |\n"));
    EXPECT_FALSE(contains(out, "more."));
}

TEST(MarkdownReport, AtMostTwentyFindings) {
    auto fx = test::make_fixture();
    auto f = fx->review.findings[1];
    for (int i = 0; i < 22; ++i) fx->review.findings.push_back(f);  // 25 in all
    std::string out = render(fx->review, Format::kMarkdown);
    std::size_t rows = test::count(out, "\n| high | ") + test::count(out, "\n| low | ");
    EXPECT_EQ(rows, 20U);
    EXPECT_TRUE(contains(out, "\n…and 5 more.\n"));
}

TEST(MarkdownReport, InputProblems) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(contains(out, "**Input problems:** 1 error, 1 warning."));
    EXPECT_TRUE(contains(out,
                         "- legacy.yaml:3:9: error: mapping values are not allowed here "
                         "\\[yaml-syntax\\]\n"));
}

TEST(MarkdownReport, CraftedNamesCannotInjectLinksHtmlOrCells) {
    auto fx = test::make_fixture();
    fx->review.resources[0].id = "[click](https://evil.example)|<img src=x>`x`*y*_z_\\@admins";
    fx->review.resources[0].construct_path.clear();  // reports name resources by construct path
    fx->review.findings[0].message = "line one\nline two | three";
    std::string out = render(fx->review, Format::kMarkdown);
    EXPECT_TRUE(contains(out,
                         "| \\[click\\](https://evil.example)\\|&lt;img src=x&gt;\\`x\\`"
                         "\\*y\\*\\_z\\_\\\\@&#8203;admins | template.yaml:10 | line one "
                         "line two \\| three |\n"));
    EXPECT_FALSE(contains(out, "[click]("));
    EXPECT_FALSE(contains(out, "<img"));
}

TEST(MarkdownReport, HostileInputHasNoRawHtml) {
    auto fx = test::make_hostile_fixture();
    fx->review.resources[0].construct_path.clear();  // so the label is the hostile id
    std::string out = render(fx->review, Format::kMarkdown);
    // Only our own <sub> element may appear.
    std::string rest = out;
    for (std::string_view own : {"<sub>", "</sub>"}) {
        for (auto p = rest.find(own); p != std::string::npos; p = rest.find(own)) {
            rest.erase(p, own.size());
        }
    }
    EXPECT_EQ(rest.find('<'), std::string::npos);
    EXPECT_TRUE(contains(out, "Logs&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Every table row still has exactly six cell separators.
    std::size_t start = out.find("| Severity |");
    ASSERT_NE(start, std::string::npos);
    for (std::size_t p = start; p < out.size() && out[p] == '|';) {
        std::size_t end = out.find('\n', p);
        std::string row = out.substr(p, end - p);
        std::size_t bars = 0;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++bars;
        }
        EXPECT_EQ(bars, 6U) << row;
        p = end + 1;
    }
}

}  // namespace
}  // namespace wasp::report
