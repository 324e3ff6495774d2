// A parsed document tree (from JSON or YAML) whose every node knows its line and column.
//
// Scalars keep their original text; kind says how a YAML/JSON parser typed them. A node of kind
// kUnknown stands for a value that cannot be known before deployment (an unresolved intrinsic, a
// Terraform value known after apply): checks that meet one report "unknown", never pass or fail.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/location.h"

namespace wasp::core {

enum class NodeKind : std::uint8_t {
    kNull,
    kBool,
    kNumber,
    kString,
    kSequence,
    kMapping,
    kUnknown
};

// Where a value came from, beyond its position.
enum class NodeOrigin : std::uint8_t {
    kWritten,      // written in the input
    kDefault,      // not written; the documented default of the property
    kMaybeAbsent,  // unknown, and may even be absent (Fn::If with an AWS::NoValue branch)
};

// Why a value is unknown, for code; the reason text is for people.
enum class UnknownCause : std::uint8_t {
    kOther,
    kParameter,        // a parameter without a value
    kResource,         // the id or an attribute of a resource (Ref, Fn::GetAtt)
    kPseudoParameter,  // AWS::Region, AWS::AccountId, ...
    kSecretsManager,   // {{resolve:secretsmanager:...}}
    kSsmSecure,        // {{resolve:ssm-secure:...}}
    kSsm,              // {{resolve:ssm:...}} or an AWS::SSM::Parameter::Value parameter
    kCondition,        // chosen by a condition that cannot be evaluated
    kImport,           // Fn::ImportValue
    kAfterApply,       // Terraform: known after apply
};

struct Member;

class Node {
  public:
    Node() = default;  // null, no position
    Node(NodeKind kind, std::string text, Mark mark);

    static Node string(std::string text, Mark mark = {});
    static Node boolean(bool value, Mark mark = {});
    static Node sequence(Mark mark = {});
    static Node mapping(Mark mark = {});
    // reason is for people ("Ref to parameter DbPassword, which has no value");
    // ref names the resource the value depends on, when it does (a Ref or Fn::GetAtt target).
    static Node unknown(std::string reason,
                        Mark mark = {},
                        std::string ref = {},
                        UnknownCause cause = UnknownCause::kOther);

    [[nodiscard]] NodeKind kind() const { return kind_; }
    [[nodiscard]] bool is_null() const { return kind_ == NodeKind::kNull; }
    [[nodiscard]] bool is_unknown() const { return kind_ == NodeKind::kUnknown; }
    [[nodiscard]] bool is_mapping() const { return kind_ == NodeKind::kMapping; }
    [[nodiscard]] bool is_sequence() const { return kind_ == NodeKind::kSequence; }
    [[nodiscard]] bool is_scalar() const {
        return kind_ == NodeKind::kBool || kind_ == NodeKind::kNumber || kind_ == NodeKind::kString;
    }
    // True when the node or anything below it is unknown.
    [[nodiscard]] bool contains_unknown() const;

    // Scalar text; for an unknown node, the reason it is unknown.
    [[nodiscard]] const std::string& text() const { return text_; }
    // YAML tag such as "!Ref" (empty when none). For an unknown node: the referenced resource.
    [[nodiscard]] const std::string& tag() const { return tag_; }
    [[nodiscard]] const std::string& ref() const { return tag_; }
    void set_tag(std::string tag) { tag_ = std::move(tag); }
    [[nodiscard]] UnknownCause cause() const { return cause_; }
    void set_cause(UnknownCause cause) { cause_ = cause; }
    [[nodiscard]] NodeOrigin origin() const { return origin_; }
    void set_origin(NodeOrigin origin) { origin_ = origin; }
    [[nodiscard]] Mark mark() const { return mark_; }
    void set_mark(Mark mark) { mark_ = mark; }

    // Booleans also from the strings "true"/"false" (any case), as CloudFormation accepts them.
    [[nodiscard]] std::optional<bool> as_bool() const;
    [[nodiscard]] std::optional<double> as_number() const;

    // Mappings: members in document order.
    [[nodiscard]] const Node* get(std::string_view key) const;
    [[nodiscard]] Node* get(std::string_view key);
    [[nodiscard]] const Member* member(std::string_view key) const;
    void set(std::string key, Node value, Mark key_mark = {});  // replaces an existing key
    bool erase(std::string_view key);
    [[nodiscard]] std::span<const Member> members() const;
    [[nodiscard]] std::vector<Member>& members();

    // An unknown value chosen by a condition that cannot be evaluated (cause kCondition) keeps
    // the values it may take, one per branch (nested choices flattened), so that what is written
    // in any branch stays visible: a reference to a resource (a possible relation), a credential
    // in clear. A branch that removes the property (AWS::NoValue) is a null node tagged
    // "AWS::NoValue". Empty for every other node.
    [[nodiscard]] std::span<const Node> alternatives() const {
        return kind_ == NodeKind::kUnknown ? std::span<const Node>(items_)
                                           : std::span<const Node>();
    }
    void add_alternative(Node value);

    // Sequences.
    [[nodiscard]] std::span<const Node> items() const { return items_; }
    [[nodiscard]] std::vector<Node>& items() { return items_; }
    void push(Node value);

    // Number of members or items; 0 for scalars.
    [[nodiscard]] std::size_t size() const;

    // Looks up a dotted path: "BucketEncryption.Rules[0].Algorithm". Keys may not contain '.';
    // "." is the node itself. A path through an unknown value returns that unknown node, since
    // what lies below it is unknown as well.
    [[nodiscard]] const Node* at_path(std::string_view path) const;
    // The same; when the walk stops at an unknown node, *rest is the part of the path below it
    // (empty otherwise), to follow in each of its alternatives().
    [[nodiscard]] const Node* at_path(std::string_view path, std::string_view* rest) const;

    // Deep equality of kind/value/structure; positions and tags are ignored.
    // Scalars compare by value: "true" equals true, "5" equals 5.0.
    [[nodiscard]] bool same_value(const Node& other) const;

    // Compact JSON rendering (unknown -> {"unknown": reason}); for evidence and debugging.
    [[nodiscard]] std::string to_json() const;
    // The same, cut to at most `limit` characters ("..." at the end when cut), without
    // rendering what lies past it.
    [[nodiscard]] std::string to_json(std::size_t limit) const;

  private:
    NodeKind kind_ = NodeKind::kNull;
    NodeOrigin origin_ = NodeOrigin::kWritten;
    UnknownCause cause_ = UnknownCause::kOther;
    Mark mark_;
    std::string text_;
    std::string tag_;
    std::vector<Node> items_;
    std::vector<Member> members_;
};

struct Member {
    std::string key;
    Mark key_mark;
    Node value;
};

// Defined here, where Member is complete.
inline std::span<const Member> Node::members() const { return members_; }
inline std::vector<Member>& Node::members() { return members_; }

// Parsed document or the reason it could not be parsed.
struct ParseError {
    std::string message;
    Mark mark;
};

}  // namespace wasp::core
