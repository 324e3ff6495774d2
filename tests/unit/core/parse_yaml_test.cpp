#include <string>

#include <gtest/gtest.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

TEST(ParseYaml, ShortFormTagsAreKept) {
    auto doc = parse_yaml(
        "A: !Ref Env\n"
        "B: !GetAtt Bucket.Arn\n"
        "C: !Sub\n  - '${x}'\n  - x: 1\n"
        "D: !If [IsProd, 1, 2]\n");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.get("A")->tag(), "!Ref");
    EXPECT_EQ(doc->root.get("A")->text(), "Env");
    EXPECT_EQ(doc->root.get("B")->tag(), "!GetAtt");
    EXPECT_EQ(doc->root.get("C")->tag(), "!Sub");
    EXPECT_TRUE(doc->root.get("C")->is_sequence());
    EXPECT_EQ(doc->root.get("D")->tag(), "!If");
    EXPECT_EQ(doc->root.get("D")->size(), 3u);
}

TEST(ParseYaml, LinesAndColumnsAreOneBased) {
    auto doc = parse_yaml("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n");
    ASSERT_TRUE(doc.has_value());
    const Member* bucket = doc->root.get("Resources")->member("Bucket");
    EXPECT_EQ(bucket->key_mark, (Mark{2, 3}));
    EXPECT_EQ(bucket->value.get("Type")->mark(), (Mark{3, 11}));
}

TEST(ParseYaml, CoreSchemaTyping) {
    auto doc = parse_yaml(
        "a: true\nb: 'true'\nc: 12\nd: 2012-10-17\ne: ~\nf: 1.5e3\ng: 0x1F\nh: !!str 5\n");
    ASSERT_TRUE(doc.has_value());
    const Node& r = doc->root;
    EXPECT_EQ(r.get("a")->kind(), NodeKind::kBool);
    EXPECT_EQ(r.get("b")->kind(), NodeKind::kString);
    EXPECT_EQ(r.get("c")->kind(), NodeKind::kNumber);
    EXPECT_EQ(r.get("d")->kind(), NodeKind::kString);
    EXPECT_TRUE(r.get("e")->is_null());
    EXPECT_EQ(r.get("f")->kind(), NodeKind::kNumber);
    EXPECT_EQ(r.get("g")->kind(), NodeKind::kNumber);
    EXPECT_EQ(r.get("h")->kind(), NodeKind::kString);
}

TEST(ParseYaml, AnchorsAndAliasesCopy) {
    auto doc = parse_yaml("base: &b {x: 1}\nother: *b\n");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.at_path("other.x")->text(), "1");
}

TEST(ParseYaml, AliasBombIsRefused) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = c;
    }
    auto doc = parse_yaml(bomb);
    ASSERT_FALSE(doc.has_value());
    EXPECT_NE(doc.error().message.find("alias bomb"), std::string::npos);
}

TEST(ParseYaml, DeepNestingIsAnErrorNotACrash) {
    EXPECT_FALSE(parse_yaml(std::string(50000, '[')).has_value());
    std::string deep;
    for (int i = 0; i < 300; ++i)
        deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    EXPECT_FALSE(parse_yaml(deep).has_value());
}

TEST(ParseYaml, SyntaxErrorNamesPosition) {
    auto doc = parse_yaml("a: 1\nb: [1, 2\nc: 3\n");
    ASSERT_FALSE(doc.has_value());
    EXPECT_GT(doc.error().mark.line, 0u);
}

TEST(ParseYaml, DuplicateKeysAndExtraDocumentsWarn) {
    auto doc = parse_yaml("a: 1\na: 2\n---\nb: 1\n");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->root.get("a")->text(), "2");
    EXPECT_EQ(doc->warnings.size(), 2u);
}

TEST(ParseYaml, EmptyDocumentIsNull) {
    auto doc = parse_yaml("");
    ASSERT_TRUE(doc.has_value());
    EXPECT_TRUE(doc->root.is_null());
}

}  // namespace
}  // namespace wasp::core
