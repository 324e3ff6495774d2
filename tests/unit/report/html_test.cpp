// The HTML format: one self-contained page, its content, and resistance to hostile input.
#include <set>

#include <gtest/gtest.h>

#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

bool contains(const std::string& s, std::string_view needle) {
    return s.find(needle) != std::string::npos;
}

// Every tag the report itself writes; input must never add one.
const std::set<std::string, std::less<>> kTags = {
    "html",    "head", "meta", "title", "style", "body", "header",  "main",    "footer", "section",
    "article", "h1",   "h2",   "h3",    "h4",    "p",    "span",    "div",     "b",      "br",
    "strong",  "a",    "i",    "ul",    "ol",    "li",   "details", "summary", "table",  "thead",
    "tbody",   "tr",   "th",   "td",    "svg",   "text", "rect",    "g"};
const std::set<std::string, std::less<>> kAttributes = {
    "lang",        "charset", "name", "content",    "http-equiv",  "class",
    "id",          "href",    "rel",  "open",       "xmlns",       "width",
    "height",      "viewBox", "role", "aria-label", "font-family", "font-size",
    "font-weight", "x",       "y",    "fill",       "stroke",      "style"};

struct Tag {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
};

// Scans the page as the report writes it: every '<' starts a tag or a comment-free declaration,
// attribute values are double-quoted. Returns the tags, or fails the test at the first surprise.
std::vector<Tag> scan(std::string_view html) {
    std::vector<Tag> tags;
    std::size_t i = 0;
    auto is_name = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
    };
    while ((i = html.find('<', i)) != std::string_view::npos) {
        ++i;
        if (html.substr(i).starts_with("!DOCTYPE html>")) continue;
        if (i < html.size() && html[i] == '/') ++i;
        Tag tag;
        while (i < html.size() && is_name(html[i])) tag.name += html[i++];
        EXPECT_FALSE(tag.name.empty()) << "stray '<' at " << i;
        while (true) {
            while (i < html.size() && html[i] == ' ') ++i;
            if (i >= html.size()) {
                ADD_FAILURE() << "unterminated tag";
                return tags;
            }
            if (html[i] == '>') break;
            if (html.substr(i, 2) == "/>") {
                ++i;
                break;
            }
            std::string name;
            while (i < html.size() && is_name(html[i])) name += html[i++];
            if (name.empty()) {
                ADD_FAILURE() << "bad attribute in <" << tag.name << "> at " << i;
                return tags;
            }
            std::string value;
            if (html.substr(i, 2) == "=\"") {
                i += 2;
                auto end = html.find('"', i);
                value = std::string(html.substr(i, end - i));
                i = end + 1;
            }
            EXPECT_EQ(value.find('<'), std::string::npos) << name << "=" << value;
            tag.attributes.emplace_back(name, value);
        }
        tags.push_back(std::move(tag));
    }
    return tags;
}

TEST(HtmlReport, IsOneSelfContainedDocument) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    EXPECT_TRUE(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    EXPECT_TRUE(out.ends_with("</body>\n</html>\n"));
    EXPECT_TRUE(contains(out, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(contains(out,
                         "Content-Security-Policy\" content=\"default-src 'none'; "
                         "style-src 'unsafe-inline'\""));
    EXPECT_EQ(test::count(out, "<style>"), 1U);
    EXPECT_EQ(test::count(out, "</style>"), 1U);
    EXPECT_EQ(test::count(test::lower(out), "<script"), 0U);
    EXPECT_EQ(test::count(out, "<link"), 0U);
    EXPECT_EQ(test::count(out, "<img"), 0U);
    EXPECT_EQ(test::count(out, " src="), 0U);
    EXPECT_EQ(test::count(out, "url("), 0U);  // no external resources from CSS either
}

TEST(HtmlReport, HeaderAndSummary) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    EXPECT_TRUE(contains(out, "<title>Security Pillar review: shop</title>"));
    EXPECT_TRUE(contains(out, "Generated 2025-06-01T12:00:00Z by wasp 0.1.0-test"));
    EXPECT_TRUE(contains(out, "Overall: <span class=\"risk risk-high\">high risk</span>"));
    EXPECT_TRUE(contains(out,
                         "<b>3</b>findings<br><span class=\"muted\">0 critical, 2 high, "
                         "0 medium, 1 low, 0 info</span>"));
    EXPECT_TRUE(contains(out,
                         "<b>6</b>checks<br><span class=\"muted\">2 passed, 2 failed, "
                         "1 unknown, 1 not applicable, 0 suppressed</span>"));
}

TEST(HtmlReport, ChartHasOneStackedBarPerQuestion) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    auto start = out.find("<svg ");
    auto end = out.find("</svg>");
    ASSERT_NE(start, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    std::string svg = out.substr(start, end - start);
    // SEC01: 1 met + 1 unanswered of 2 -> two halves of the 440 px bar.
    EXPECT_TRUE(contains(svg,
                         "<rect x=\"80\" y=\"12\" width=\"220\" height=\"18\" "
                         "fill=\"#2e7d32\"><title>SEC01: 1 met</title></rect>"));
    EXPECT_TRUE(contains(svg,
                         "<rect x=\"300\" y=\"12\" width=\"220\" height=\"18\" "
                         "fill=\"#f0a202\"><title>SEC01: 1 unanswered</title></rect>"));
    // SEC08: 1 met + 2 not met of 3; segment edges are rounded and add up to the bar.
    EXPECT_TRUE(contains(svg,
                         "width=\"147\" height=\"18\" fill=\"#2e7d32\">"
                         "<title>SEC08: 1 met</title>"));
    EXPECT_TRUE(contains(svg,
                         "<rect x=\"227\" y=\"40\" width=\"293\" height=\"18\" "
                         "fill=\"#c62828\"><title>SEC08: 2 not met</title>"));
    EXPECT_TRUE(contains(svg, ">needs answers</text>"));
    EXPECT_TRUE(contains(svg, ">high risk</text>"));
    EXPECT_EQ(test::count(svg, "<a href=\"#q-"), 2U);
}

TEST(HtmlReport, BestPracticeShowsEvidence) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    auto start = out.find("<article class=\"bp bp-not_met\" id=\"bp-SEC08-BP02\">");
    ASSERT_NE(start, std::string::npos);
    std::string bp = out.substr(start, out.find("</article>", start) - start);
    EXPECT_TRUE(contains(bp,
                         "<span class=\"badge status-not_met\">not met</span> SEC08-BP02 "
                         "Enforce encryption at rest"));
    EXPECT_TRUE(contains(bp, "2 resources store data unencrypted."));
    EXPECT_TRUE(contains(bp, "<strong>Guidance:</strong> First step towards SEC08-BP02."));
    EXPECT_TRUE(contains(bp,
                         "<a href=\"https://docs.aws.amazon.com/wellarchitected/latest/"
                         "security-pillar/SEC08-BP02.html\" rel=\"noopener noreferrer\">"));
    // Failing resources, grouped by rule with its fix.
    EXPECT_TRUE(contains(bp, "<h4>Failing (2)</h4>"));
    EXPECT_TRUE(contains(bp, "<strong>Fix:</strong> Add BucketEncryption with SSE-KMS."));
    EXPECT_TRUE(contains(bp,
                         "<tr><td><span class=\"sev sev-high\">high</span></td>"
                         "<td class=\"mono\">Shop/LogsBucket/Resource</td>"
                         "<td>aws.s3.bucket (AWS::S3::Bucket)</td>"
                         "<td class=\"mono\">template.yaml:10:3</td>"
                         "<td>LogsBucket has no BucketEncryption</td></tr>"));
    // Passing resources collapsed, unknown ones open.
    EXPECT_TRUE(contains(bp, "<details><summary>Passing (1)</summary>"));
    EXPECT_TRUE(contains(bp, "<td class=\"mono\">DataBucket</td>"));
    EXPECT_TRUE(contains(bp, "<details open><summary>Could not decide (1)"));
    EXPECT_TRUE(contains(bp, "<td>BucketEncryption comes from Fn::ImportValue</td>"));
}

TEST(HtmlReport, AnswerWithWhoWhenEvidenceAndFlags) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    EXPECT_TRUE(contains(out,
                         "<strong>Manual answer:</strong> <span class=\"badge status-met\">"
                         "met</span> by alice@example.com on 2024-01-10 "
                         "<span class=\"flag\">stale: older than a year</span>"));
    EXPECT_TRUE(contains(out,
                         "Evidence: <a href=\"https://wiki.example.com/accounts\" "
                         "rel=\"noopener noreferrer\">https://wiki.example.com/accounts</a>"));
    EXPECT_TRUE(contains(out, "by bob on 2025-05-01 <span class=\"flag\">contradicted</span>"));
    EXPECT_TRUE(contains(out,
                         "Automated evidence contradicts this answer: WASP-CFG-001 found no "
                         "AWS Config rule"));
}

TEST(HtmlReport, PlanDiagnosticsInputsResources) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kHtml);
    EXPECT_TRUE(contains(out,
                         "<a href=\"#bp-SEC08-BP02\">SEC08-BP02</a> Enforce encryption at "
                         "rest <span class=\"muted\">(2 resources, question SEC08)</span>"));
    EXPECT_TRUE(contains(out,
                         "<li><strong class=\"mono\">WASP-RDS-001</strong> (1 finding): Set "
                         "StorageEncrypted to true.</li>"));
    EXPECT_TRUE(contains(out, "(workload-wide, question SEC08)"));
    EXPECT_TRUE(contains(out,
                         "<tr><td class=\"level-error\">error</td><td class=\"mono\">"
                         "yaml-syntax</td><td class=\"mono\">legacy.yaml:3:9</td><td>mapping "
                         "values are not allowed here</td></tr>"));
    EXPECT_TRUE(contains(out, "<td class=\"mono\">" + std::string(64, 'a') + "</td>"));
    EXPECT_TRUE(contains(out, "<td>env: prod; team: payments</td>"));
}

TEST(HtmlReport, OnlyOwnTagsAndAttributes) {
    for (bool hostile : {false, true}) {
        auto fx = hostile ? test::make_hostile_fixture() : test::make_fixture();
        std::string out = render(fx->review, Format::kHtml);
        for (const Tag& tag : scan(out)) {
            EXPECT_TRUE(kTags.contains(tag.name)) << "<" << tag.name << ">";
            for (const auto& [name, value] : tag.attributes) {
                EXPECT_TRUE(kAttributes.contains(name)) << name << " in <" << tag.name << ">";
                if (name == "href") {
                    EXPECT_TRUE(value.starts_with("#") || value.starts_with("https://") ||
                                value.starts_with("http://"))
                        << value;
                }
            }
        }
    }
}

TEST(HtmlReport, HostileInputIsEscapedEverywhere) {
    auto fx = test::make_hostile_fixture();
    std::string out = render(fx->review, Format::kHtml);
    std::string low = test::lower(out);
    EXPECT_EQ(test::count(low, "<script"), 0U);
    EXPECT_EQ(test::count(low, "</style>"), 1U);  // ours
    EXPECT_EQ(test::count(low, "<style"), 1U);
    EXPECT_EQ(test::count(low, "onerror="), 0U);
    EXPECT_EQ(test::count(low, "<img"), 0U);
    EXPECT_EQ(test::count(low, "href=\"javascript:"), 0U);
    EXPECT_EQ(test::count(low, "javascript:alert(1)\""), 0U);  // never an attribute value
    // Our style element comes before any input is written, even the title.
    EXPECT_LT(out.find("</style>"), out.find("alert"));
    EXPECT_LT(out.find("</style>"), out.find("<title>"));
    // The hostile strings are shown, as text.
    EXPECT_TRUE(contains(out, "Logs&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_TRUE(contains(out, "&quot;&#39;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;"));
    EXPECT_TRUE(contains(out, "&lt;/style&gt;"));
    EXPECT_TRUE(contains(out, "Evidence: javascript:alert(1)</p>"));
    // Tag values, answer notes, file names and diagnostics all went through the escaper.
    EXPECT_TRUE(contains(out, "owner: &quot;&#39;&gt;&lt;img"));
    EXPECT_TRUE(contains(out, "Note: &lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;"));
    EXPECT_TRUE(contains(out,
                         "<td class=\"mono\">evil&quot;&#39;&gt;&lt;img src&#61;x "
                         "onerror&#61;alert(1)&gt;.yaml:10:3</td>"));
    EXPECT_TRUE(contains(out, "<title>Security Pillar review: &lt;script&gt;"));
    // A reference URL with quotes and angle brackets is not linked.
    EXPECT_FALSE(contains(out, "href=\"https://example.com/a"));
    // Control characters and invalid UTF-8 are replaced.
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    EXPECT_EQ(out.find('\x01'), std::string::npos);
    EXPECT_TRUE(test::is_valid_utf8(out));
}

TEST(HtmlReport, QuestionIdsInAttributesAreEscaped) {
    auto fx = test::make_fixture();
    fx->catalog.questions[0].id = "Q\"><b>x";
    std::string out = render(fx->review, Format::kHtml);
    EXPECT_TRUE(contains(out, "id=\"q-Q&quot;&gt;&lt;b&gt;x\""));
    EXPECT_TRUE(contains(out, "href=\"#q-Q&quot;&gt;&lt;b&gt;x\""));
}

}  // namespace
}  // namespace wasp::report
