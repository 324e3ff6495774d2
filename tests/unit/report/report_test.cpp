// Format names, extensions, determinism and robustness shared by every format.
#include "report/report.h"

#include <gtest/gtest.h>

#include "fixture.h"

namespace wasp::report {
namespace {

constexpr Format kAll[] = {Format::kText,  Format::kJson,  Format::kHtml,
                           Format::kSarif, Format::kJunit, Format::kMarkdown};

TEST(ParseFormat, KnowsEveryNameAndAlias) {
    EXPECT_EQ(parse_format("text"), Format::kText);
    EXPECT_EQ(parse_format("json"), Format::kJson);
    EXPECT_EQ(parse_format("html"), Format::kHtml);
    EXPECT_EQ(parse_format("sarif"), Format::kSarif);
    EXPECT_EQ(parse_format("junit"), Format::kJunit);
    EXPECT_EQ(parse_format("markdown"), Format::kMarkdown);
    EXPECT_EQ(parse_format("md"), Format::kMarkdown);
    EXPECT_EQ(parse_format("HTML"), std::nullopt);
    EXPECT_EQ(parse_format("xml"), std::nullopt);
    EXPECT_EQ(parse_format(""), std::nullopt);
}

TEST(ParseFormat, RoundTripsThroughToString) {
    for (Format f : kAll) EXPECT_EQ(parse_format(to_string(f)), f);
}

TEST(Extension, OnePerFormat) {
    EXPECT_EQ(extension(Format::kText), ".txt");
    EXPECT_EQ(extension(Format::kJson), ".json");
    EXPECT_EQ(extension(Format::kHtml), ".html");
    EXPECT_EQ(extension(Format::kSarif), ".sarif");
    EXPECT_EQ(extension(Format::kJunit), ".xml");
    EXPECT_EQ(extension(Format::kMarkdown), ".md");
}

TEST(Render, IsDeterministic) {
    auto a = test::make_fixture();
    auto b = test::make_fixture();
    for (Format f : kAll) {
        SCOPED_TRACE(std::string(to_string(f)));
        std::string first = render(a->review, f);
        EXPECT_EQ(first, render(a->review, f));
        EXPECT_EQ(first, render(b->review, f));  // an equal review built separately
    }
}

TEST(Render, HostileReviewIsDeterministicAndValidUtf8) {
    auto fx = test::make_hostile_fixture();
    for (Format f : kAll) {
        SCOPED_TRACE(std::string(to_string(f)));
        std::string out = render(fx->review, f);
        EXPECT_EQ(out, render(fx->review, f));
        EXPECT_TRUE(test::is_valid_utf8(out));
        // No terminal escape reaches any output, coloured text aside.
        EXPECT_EQ(out.find('\x1b'), std::string::npos);
    }
}

TEST(Render, OnlyTimeIsGeneratedAt) {
    auto fx = test::make_fixture();
    fx->review.generated_at = "2031-02-03T04:05:06Z";
    for (Format f : {Format::kJson, Format::kHtml, Format::kSarif}) {
        EXPECT_NE(render(fx->review, f).find("2031-02-03T04:05:06Z"), std::string::npos)
            << to_string(f);
    }
}

TEST(Render, EmptyReviewRendersInEveryFormat) {
    pillar::Review empty;  // no catalog, no questions, nothing
    for (Format f : kAll) {
        SCOPED_TRACE(std::string(to_string(f)));
        std::string out = render(empty, f);
        EXPECT_FALSE(out.empty());
        EXPECT_TRUE(test::is_valid_utf8(out));
    }
    EXPECT_NE(render(empty, Format::kText).find("Top improvements: none"), std::string::npos);
    EXPECT_EQ(test::xml_problem(render(empty, Format::kJunit)), "");
}

}  // namespace
}  // namespace wasp::report
