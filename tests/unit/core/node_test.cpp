#include "core/node.h"

#include <gtest/gtest.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

Node yaml(std::string_view text) {
    auto doc = parse_yaml(text);
    EXPECT_TRUE(doc.has_value());
    return doc ? doc->root : Node();
}

TEST(Node, PathLookupThroughMappingsAndSequences) {
    Node n = yaml("a:\n  b:\n    - x: 1\n    - x: 2\n");
    ASSERT_NE(n.at_path("a.b[1].x"), nullptr);
    EXPECT_EQ(n.at_path("a.b[1].x")->text(), "2");
    EXPECT_EQ(n.at_path("a.b[2].x"), nullptr);
    EXPECT_EQ(n.at_path("a.c"), nullptr);
    EXPECT_EQ(n.at_path("a.b[x]"), nullptr);
}

TEST(Node, SameValueComparesScalarsByValue) {
    EXPECT_TRUE(Node::string("true").same_value(Node::boolean(true)));
    EXPECT_TRUE(Node::string("TRUE").same_value(Node::boolean(true)));
    EXPECT_FALSE(Node::string("yes").same_value(Node::boolean(true)));
    EXPECT_TRUE(Node(NodeKind::kNumber, "5", {}).same_value(Node::string("5.0")));
    EXPECT_FALSE(Node::unknown("x").same_value(Node::unknown("x")));
    EXPECT_TRUE(yaml("[1, {a: b}]").same_value(yaml("[1.0, {a: b}]")));
    EXPECT_FALSE(yaml("{a: b}").same_value(yaml("{a: b, c: d}")));
}

TEST(Node, SetReplacesAndEraseRemoves) {
    Node m = Node::mapping();
    m.set("k", Node::string("1"));
    m.set("k", Node::string("2"));
    EXPECT_EQ(m.size(), 1u);
    EXPECT_EQ(m.get("k")->text(), "2");
    EXPECT_TRUE(m.erase("k"));
    EXPECT_FALSE(m.erase("k"));
}

TEST(Node, ContainsUnknownLooksDeep) {
    Node m = Node::mapping();
    Node list = Node::sequence();
    list.push(Node::unknown("later"));
    m.set("a", std::move(list));
    EXPECT_TRUE(m.contains_unknown());
    EXPECT_FALSE(yaml("{a: [1, 2]}").contains_unknown());
}

TEST(Node, ToJsonIsValidJson) {
    Node n = yaml("a: \"<x>\"\nb: [1, 01, 0x1F, true, ~]\n");
    std::string json = n.to_json();
    EXPECT_EQ(json, R"({"a":"\u003cx\u003e","b":[1,"01","0x1F",true,null]})");
    EXPECT_TRUE(parse_json(json).has_value());
}

}  // namespace
}  // namespace wasp::core
