// The text format: header, question table, top improvements, diagnostics, colour.
#include <sstream>

#include <gtest/gtest.h>

#include "core/utf8.h"
#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t width(std::string_view s) {
    std::size_t n = 0;
    core::for_each_code_point(s, [&](char32_t, std::string_view) { ++n; });
    return n;
}

TEST(TextReport, HeaderNamesWorkloadCatalogAndCounts) {
    auto fx = test::make_fixture();
    auto lines = lines_of(render(fx->review, Format::kText));
    ASSERT_GE(lines.size(), 2U);
    EXPECT_EQ(lines[0],
              "wasp 0.1.0-test: Security Pillar review of shop (catalog 2025.1, 2025-06-01)");
    EXPECT_EQ(lines[1],
              "Overall risk: HIGH. 3 inputs, 6 resources, 3 findings (0 critical, 2 high, "
              "0 medium, 1 low, 0 info)");
}

TEST(TextReport, QuestionTableHasRiskCountsAndTitle) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kText);
    EXPECT_NE(out.find("Question  Risk           Met  Not met  N/A  Unanswered  Title\n"),
              std::string::npos);
    EXPECT_NE(out.find("SEC01     needs answers    1        0    0           1  "
                       "How do you securely operate your workload?\n"),
              std::string::npos);
    EXPECT_NE(out.find("SEC08     HIGH             1        2    0           0  "
                       "How do you protect your data at rest?\n"),
              std::string::npos);
}

TEST(TextReport, MediumAndNoneRiskWords) {
    auto fx = test::make_fixture();
    fx->review.questions[0].risk = pillar::QuestionRisk::kNone;
    fx->review.questions[1].risk = pillar::QuestionRisk::kMedium;
    std::string out = render(fx->review, Format::kText);
    EXPECT_NE(out.find("SEC01     none  "), std::string::npos);
    EXPECT_NE(out.find("SEC08     MEDIUM  "), std::string::npos);
    EXPECT_NE(out.find("Overall risk: MEDIUM."), std::string::npos);
}

TEST(TextReport, TopImprovementsShowFirstFixWithRemediation) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kText);
    EXPECT_NE(out.find("Top improvements\n"
                       "   1. HIGH    SEC08-BP02  Enforce encryption at rest (2 resources)\n"
                       "              fix WASP-RDS-001: Set StorageEncrypted to true.\n"
                       "   2. MEDIUM  SEC08-BP03  Automate data at rest protection "
                       "(workload-wide)\n"
                       "              fix WASP-CFG-001: Deploy the encrypted-volumes AWS Config "
                       "managed rule.\n"),
              std::string::npos)
        << out;
}

TEST(TextReport, PlanItemsOptionLimitsTheList) {
    auto fx = test::make_fixture();
    RenderOptions options;
    options.plan_items = 1;
    std::string out = render(fx->review, Format::kText, options);
    EXPECT_NE(out.find("SEC08-BP02"), std::string::npos);
    EXPECT_EQ(out.find("SEC08-BP03"), std::string::npos);
    EXPECT_NE(out.find("... and 1 more in the full report"), std::string::npos);
}

TEST(TextReport, DiagnosticsCountedAndErrorsListedFirst) {
    auto fx = test::make_fixture();
    std::swap(fx->review.diagnostics[0], fx->review.diagnostics[1]);  // warning first in input
    std::string out = render(fx->review, Format::kText);
    auto head = out.find("Diagnostics: 1 error, 1 warning\n");
    auto error = out.find(
        "  legacy.yaml:3:9: error: mapping values are not allowed here "
        "[yaml-syntax]\n");
    auto warning = out.find("  template.yaml:82:15: warning: Fn::ImportValue");
    ASSERT_NE(head, std::string::npos);
    ASSERT_NE(error, std::string::npos);
    ASSERT_NE(warning, std::string::npos);
    EXPECT_LT(head, error);
    EXPECT_LT(error, warning);
}

TEST(TextReport, ManyDiagnosticsAreCut) {
    auto fx = test::make_fixture();
    auto d = fx->review.diagnostics[1];
    for (int i = 0; i < 10; ++i) fx->review.diagnostics.push_back(d);
    std::string out = render(fx->review, Format::kText);
    EXPECT_NE(out.find("Diagnostics: 1 error, 11 warnings\n"), std::string::npos);
    EXPECT_NE(out.find("  ... and 7 more\n"), std::string::npos);
}

TEST(TextReport, NoDiagnostics) {
    auto fx = test::make_fixture();
    fx->review.diagnostics.clear();
    EXPECT_NE(render(fx->review, Format::kText).find("Diagnostics: none\n"), std::string::npos);
}

TEST(TextReport, EndsWithHintToHtml) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kText);
    EXPECT_TRUE(out.ends_with("\nFor the full report with evidence, use --format html.\n"));
}

TEST(TextReport, NoColourUnlessAsked) {
    auto fx = test::make_fixture();
    EXPECT_EQ(render(fx->review, Format::kText).find('\x1b'), std::string::npos);
    RenderOptions options;
    options.color = true;
    std::string out = render(fx->review, Format::kText, options);
    EXPECT_NE(out.find("SEC08     \x1b[1;31mHIGH\x1b[0m             1"), std::string::npos);
    EXPECT_NE(out.find("SEC01     \x1b[36mneeds answers\x1b[0m    1"), std::string::npos);
    EXPECT_NE(out.find("   2. \x1b[33mMEDIUM\x1b[0m  SEC08-BP03"), std::string::npos);
    // Colour codes only around risk words: the rest of the text is the same.
    std::string plain = out;
    for (std::string_view code : {"\x1b[1;31m", "\x1b[36m", "\x1b[33m", "\x1b[32m", "\x1b[0m"}) {
        for (auto p = plain.find(code); p != std::string::npos; p = plain.find(code)) {
            plain.erase(p, code.size());
        }
    }
    EXPECT_EQ(plain, render(fx->review, Format::kText));
}

TEST(TextReport, LongTitlesAreCutToTheLine) {
    auto fx = test::make_fixture();
    fx->catalog.questions[0].title = std::string(150, 'x');
    auto lines = lines_of(render(fx->review, Format::kText));
    bool found = false;
    for (const auto& line : lines) {
        if (!line.starts_with("SEC")) continue;  // diagnostics are never cut
        EXPECT_LE(width(line), 100U) << line;
        if (line.starts_with("SEC01") && line.ends_with("xxx...")) found = true;
    }
    EXPECT_TRUE(found);
}

TEST(TextReport, InputCannotDriveTheTerminal) {
    auto fx = test::make_hostile_fixture();
    RenderOptions options;
    options.color = true;
    std::string out = render(fx->review, Format::kText, options);
    // Hostile text carries ESC [2J (clear screen); only our own colour codes may remain.
    EXPECT_EQ(out.find("\x1b[2J"), std::string::npos);
    EXPECT_NE(out.find("\xEF\xBF\xBD[2J"), std::string::npos);
    for (auto p = out.find('\x1b'); p != std::string::npos; p = out.find('\x1b', p + 1)) {
        std::string_view rest = std::string_view(out).substr(p);
        EXPECT_TRUE(rest.starts_with("\x1b[0m") || rest.starts_with("\x1b[1;31m") ||
                    rest.starts_with("\x1b[33m") || rest.starts_with("\x1b[36m") ||
                    rest.starts_with("\x1b[32m") || rest.starts_with("\x1b[34m"));
    }
    // A diagnostic message stays on its line.
    EXPECT_NE(out.find("error: <script>alert(1)</script></style>"), std::string::npos);
    EXPECT_TRUE(test::is_valid_utf8(out));
}

}  // namespace
}  // namespace wasp::report
