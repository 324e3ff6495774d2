#include <string>

#include <gtest/gtest.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

TEST(ParseJson, EveryNodeHasLineAndColumn) {
    auto doc = parse_json("{\n  \"a\": {\n    \"b\": [1, \"x\"]\n  }\n}\n");
    ASSERT_TRUE(doc.has_value());
    const Node& root = doc->root;
    EXPECT_EQ(root.mark(), (Mark{1, 1}));
    EXPECT_EQ(root.member("a")->key_mark, (Mark{2, 3}));
    EXPECT_EQ(root.get("a")->mark(), (Mark{2, 8}));
    const Node* b = root.at_path("a.b");
    EXPECT_EQ(b->mark(), (Mark{3, 10}));
    EXPECT_EQ(b->items()[1].mark(), (Mark{3, 14}));
    EXPECT_EQ(b->items()[1].text(), "x");
}

TEST(ParseJson, ScalarKinds) {
    auto doc = parse_json(
        R"({"s": "a\u00e9\n", "n": -1.5e3, "t": true, "z": null, "big": 123456789012345678901234567890})");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.get("s")->text(), "a\xC3\xA9\n");
    EXPECT_EQ(doc->root.get("n")->kind(), NodeKind::kNumber);
    EXPECT_EQ(doc->root.get("n")->text(), "-1.5e3");
    EXPECT_EQ(doc->root.get("t")->as_bool(), true);
    EXPECT_TRUE(doc->root.get("z")->is_null());
    EXPECT_EQ(doc->root.get("big")->kind(), NodeKind::kNumber);
}

TEST(ParseJson, ErrorsNamePosition) {
    auto doc = parse_json("{\n  \"a\": [1, 2,,]\n}");
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().mark.line, 2u);
    EXPECT_NE(doc.error().message.find("invalid JSON"), std::string::npos);
}

TEST(ParseJson, RejectsTrailingContentAndBadUtf8) {
    EXPECT_FALSE(parse_json("{} {}").has_value());
    EXPECT_FALSE(parse_json("{\"a\": \"\xff\"}").has_value());
    EXPECT_FALSE(parse_json("").has_value());
    EXPECT_FALSE(parse_json("{\"a\": tru}").has_value());
}

TEST(ParseJson, DeepNestingIsAnErrorNotACrash) {
    std::string deep(100000, '[');
    auto doc = parse_json(deep);
    ASSERT_FALSE(doc.has_value());
    std::string ok = std::string(100, '[') + std::string(100, ']');
    EXPECT_TRUE(parse_json(ok).has_value());
}

TEST(ParseJson, DuplicateKeysWarnAndLastWins) {
    auto doc = parse_json(R"({"a": 1, "a": 2})");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.get("a")->text(), "2");
    ASSERT_EQ(doc->warnings.size(), 1u);
    EXPECT_EQ(doc->warnings[0].mark, (Mark{1, 10}));
}

TEST(ParseJson, ScalarDocument) {
    auto doc = parse_json("  42 ");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.text(), "42");
}

}  // namespace
}  // namespace wasp::core
