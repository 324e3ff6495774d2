#include "core/json_writer.h"

#include <gtest/gtest.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

TEST(JsonWriter, EscapesForJsonAndForHtmlEmbedding) {
    std::string out;
    append_json_string(out, "a\"b\\c\n<script>&\x01\u2028");
    EXPECT_EQ(out, R"("a\"b\\c\n\u003cscript\u003e\u0026\u0001\u2028")");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
    std::string out;
    append_json_string(out, "ok\xff\xc3");
    EXPECT_EQ(out, "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_TRUE(parse_json(out).has_value());
}

TEST(JsonWriter, PrettyOutputParsesBack) {
    JsonWriter w;
    w.begin_object();
    w.field("name", "x");
    w.key("list");
    w.begin_array();
    w.number(std::int64_t{1});
    w.raw_number("2.5");
    w.raw_number("01");
    w.boolean(false);
    w.null();
    w.end_array();
    w.key("empty");
    w.begin_object();
    w.end_object();
    w.end_object();
    std::string s = w.take();
    auto doc = parse_json(s);
    ASSERT_TRUE(doc.has_value()) << s;
    EXPECT_EQ(doc->root.at_path("list[2]")->kind(), NodeKind::kString);
    EXPECT_EQ(doc->root.at_path("list[1]")->text(), "2.5");
}

TEST(JsonWriter, NumberGrammar) {
    EXPECT_TRUE(is_json_number("0"));
    EXPECT_TRUE(is_json_number("-1.5e+3"));
    EXPECT_FALSE(is_json_number("01"));
    EXPECT_FALSE(is_json_number("1."));
    EXPECT_FALSE(is_json_number(".5"));
    EXPECT_FALSE(is_json_number("0x1F"));
}

}  // namespace
}  // namespace wasp::core
