// Escaping for HTML, XML, Markdown and terminals, and the URL check in front of every href.
#include "report/escape.h"

#include <gtest/gtest.h>

namespace wasp::report {
namespace {

TEST(HtmlEscape, EscapesMarkupQuotesAndAttributeSyntax) {
    EXPECT_EQ(html_escape("<a href=\"x\">'&`</a>"),
              "&lt;a href&#61;&quot;x&quot;&gt;&#39;&amp;&#96;&lt;/a&gt;");
}

TEST(HtmlEscape, KeepsTextAndUtf8) {
    EXPECT_EQ(html_escape("S3 bucket caf\xC3\xA9 \xE2\x9C\x93\n\tok"),
              "S3 bucket caf\xC3\xA9 \xE2\x9C\x93\n\tok");
}

TEST(HtmlEscape, ReplacesControlsAndInvalidUtf8) {
    EXPECT_EQ(html_escape(std::string("a\x01"
                                      "b\x1b"
                                      "c\x7f"
                                      "d\xC2\x85"
                                      "e",
                                      10)),
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD"
              "c\xEF\xBF\xBD"
              "d\xEF\xBF\xBD"
              "e");
    EXPECT_EQ(html_escape("x\xFFy"), "x\xEF\xBF\xBDy");
    EXPECT_EQ(html_escape(std::string("n\0l", 3)), "n\xEF\xBF\xBDl");
}

TEST(XmlEscape, TextEscapesAndDropsDisallowedCharacters) {
    EXPECT_EQ(xml_escape_text("<a>&\"'"), "&lt;a&gt;&amp;&quot;&apos;");
    EXPECT_EQ(xml_escape_text("a\x01"
                              "b\x0b"
                              "c\tline\nnext\r"),
              "abc\tline\nnext&#13;");
    EXPECT_EQ(xml_escape_text("\xEF\xBF\xBE\xEF\xBF\xBF!"), "!");  // U+FFFE, U+FFFF
    EXPECT_EQ(xml_escape_text("bad\xC0\xAF"), "bad\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(XmlEscape, AttributeKeepsWhitespaceAsReferences) {
    EXPECT_EQ(xml_escape_attribute("a\tb\nc\rd\"<"), "a&#9;b&#10;c&#13;d&quot;&lt;");
}

TEST(MarkdownEscape, EscapesLinkTableAndHtmlSyntax) {
    EXPECT_EQ(markdown_escape("[click](https://evil)"), "\\[click\\](https://evil)");
    EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
    EXPECT_EQ(markdown_escape("<img src=x>"), "&lt;img src=x&gt;");
    EXPECT_EQ(markdown_escape("`code` *b* _i_ ~s~ $x$ \\"),
              "\\`code\\` \\*b\\* \\_i\\_ \\~s\\~ \\$x\\$ \\\\");
    EXPECT_EQ(markdown_escape("&amp;"), "&amp;amp;");
}

TEST(MarkdownEscape, BreaksMentionsAndLines) {
    EXPECT_EQ(markdown_escape("@org/team"), "@&#8203;org/team");
    EXPECT_EQ(markdown_escape("one\ntwo\r\nthree"), "one two  three");
}

TEST(TerminalSafe, RemovesEscapeSequencesAndLineBreaks) {
    EXPECT_EQ(terminal_safe("red\x1b[31m\nnext\xFF"), "red\xEF\xBF\xBD[31m next\xEF\xBF\xBD");
    EXPECT_EQ(terminal_safe("tab\there"), "tab here");
    EXPECT_EQ(terminal_safe("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(LinkableUrl, OnlyHttpAndHttps) {
    EXPECT_TRUE(is_linkable_url("https://docs.aws.amazon.com/x"));
    EXPECT_TRUE(is_linkable_url("http://wiki.example.com/a?b=c"));
    EXPECT_TRUE(is_linkable_url("HTTPS://EXAMPLE.COM"));
    EXPECT_FALSE(is_linkable_url("javascript:alert(1)"));
    EXPECT_FALSE(is_linkable_url("JavaScript:alert(1)"));
    EXPECT_FALSE(is_linkable_url(" https://example.com"));
    EXPECT_FALSE(is_linkable_url("https://exa mple.com"));
    EXPECT_FALSE(is_linkable_url("https://example.com/\nx"));
    EXPECT_FALSE(is_linkable_url("data:text/html,<script>"));
    EXPECT_FALSE(is_linkable_url("//example.com"));
    EXPECT_FALSE(is_linkable_url("https://"));
    EXPECT_FALSE(is_linkable_url(""));
}

}  // namespace
}  // namespace wasp::report
