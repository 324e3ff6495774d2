// core::parse_yaml on yaml-cpp's event API; the only file that includes yaml-cpp headers.
//
// Events are turned into core::Node directly (no YAML::Node), which is several times faster and
// keeps each scalar's tag, so CloudFormation short forms such as "!Ref X" survive.
#include <map>
#include <sstream>
#include <string>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

struct BuildError {
    std::string message;
    Mark mark;
};

Mark to_mark(const YAML::Mark& m) {
    if (m.is_null() || m.line < 0 || m.column < 0) return {};
    return Mark{static_cast<std::uint32_t>(m.line) + 1, static_cast<std::uint32_t>(m.column) + 1};
}

bool is_yaml_int(std::string_view s) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        for (char c : s.substr(2)) {
            bool ok = s[1] == 'x' ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                                  : (c >= '0' && c <= '7');
            if (!ok) return false;
        }
        return true;
    }
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_yaml_float(std::string_view s) {
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" || s == "+.inf" || s == ".nan" ||
        s == ".NaN" || s == ".NAN") {
        return true;
    }
    std::size_t i = 0;
    auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    bool digits = false;
    while (digit(i)) ++i, digits = true;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (digit(i)) ++i, digits = true;
    }
    if (!digits) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == s.size();
}

// YAML 1.2 core schema resolution of a plain scalar.
NodeKind resolve_plain(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return NodeKind::kNull;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
        return NodeKind::kBool;
    }
    if (is_yaml_int(s) || is_yaml_float(s)) return NodeKind::kNumber;
    return NodeKind::kString;
}

constexpr std::string_view kStdTag = "tag:yaml.org,2002:";

class Builder : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        add(Node(NodeKind::kNull, {}, to_mark(mark)), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end()) throw BuildError{"unknown alias", to_mark(mark)};
        count(it->second.nodes, mark);
        Node copy = it->second.node;
        copy.set_mark(to_mark(mark));
        add(std::move(copy), 0);
    }

    void OnScalar(const YAML::Mark& mark,
                  const std::string& tag,
                  YAML::anchor_t anchor,
                  const std::string& value) override {
        Mark m = to_mark(mark);
        if (!stack_.empty() && stack_.back().node.is_mapping() && !stack_.back().has_key) {
            // A mapping key. CloudFormation keys are plain strings; a tagged key is kept as text.
            stack_.back().key = value;
            stack_.back().key_mark = m;
            stack_.back().has_key = true;
            count(1, mark);
            return;
        }
        Node n;
        if (tag == "?") {
            n = Node(resolve_plain(value), value, m);
        } else if (tag == "!" || tag == std::string(kStdTag) + "str") {
            n = Node(NodeKind::kString, value, m);
        } else if (tag.starts_with(kStdTag)) {
            std::string_view t = std::string_view(tag).substr(kStdTag.size());
            NodeKind k = t == "int" || t == "float" ? NodeKind::kNumber
                         : t == "bool"              ? NodeKind::kBool
                         : t == "null"              ? NodeKind::kNull
                                                    : NodeKind::kString;
            n = Node(k, value, m);
        } else {
            n = Node(NodeKind::kString, value, m);
            n.set_tag(tag);
        }
        add(std::move(n), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark,
                         const std::string& tag,
                         YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(Node::sequence(to_mark(mark)), tag, anchor, mark);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark,
                    const std::string& tag,
                    YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(Node::mapping(to_mark(mark)), tag, anchor, mark);
    }
    void OnMapEnd() override { close(); }

    Node take_root() { return std::move(root_); }
    std::vector<ParseError>& warnings() { return warnings_; }

  private:
    struct Frame {
        Node node;
        YAML::anchor_t anchor = 0;
        std::size_t first_node = 0;  // node count when the frame opened, to size anchors
        std::string key;
        Mark key_mark;
        bool has_key = false;
    };
    struct Anchored {
        Node node;
        std::size_t nodes = 0;
    };

    void count(std::size_t n, const YAML::Mark& mark) {
        nodes_ += n;
        if (nodes_ > kMaxNodes) {
            throw BuildError{"YAML document expands to more than " + std::to_string(kMaxNodes) +
                                 " nodes (alias bomb?)",
                             to_mark(mark)};
        }
    }

    void open(Node n, const std::string& tag, YAML::anchor_t anchor, const YAML::Mark& mark) {
        if (stack_.size() >= kMaxNestingDepth) {
            throw BuildError{
                "YAML nested more than " + std::to_string(kMaxNestingDepth) + " levels deep",
                to_mark(mark)};
        }
        count(1, mark);
        if (tag != "?" && tag != "!" && !tag.starts_with(kStdTag)) n.set_tag(tag);
        stack_.push_back(Frame{std::move(n), anchor, nodes_ - 1, {}, {}, false});
    }

    void close() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        if (f.anchor != 0) anchors_[f.anchor] = Anchored{f.node, nodes_ - f.first_node};
        attach(std::move(f.node));
    }

    void add(Node n, YAML::anchor_t anchor) {
        count(1, YAML::Mark::null_mark());
        if (anchor != 0) anchors_[anchor] = Anchored{n, 1};
        attach(std::move(n));
    }

    void attach(Node n) {
        if (stack_.empty()) {
            root_ = std::move(n);
            return;
        }
        Frame& top = stack_.back();
        if (top.node.is_sequence()) {
            top.node.push(std::move(n));
        } else if (!top.has_key) {
            // A complex (non-scalar) key: not meaningful in any format we read.
            throw BuildError{"mapping key is not a scalar", n.mark()};
        } else {
            if (top.node.get(top.key)) {
                warnings_.push_back(
                    {"duplicate key '" + top.key + "'; the last one wins", top.key_mark});
            }
            top.node.set(std::move(top.key), std::move(n), top.key_mark);
            top.key.clear();
            top.has_key = false;
        }
    }

    std::vector<Frame> stack_;
    std::map<YAML::anchor_t, Anchored> anchors_;
    Node root_;
    std::size_t nodes_ = 0;
    std::vector<ParseError> warnings_;
};

}  // namespace

std::expected<ParsedDocument, ParseError> parse_yaml(std::string_view text) {
    // yaml-cpp reads from a stream; the copy is the price of its API.
    std::istringstream in{std::string(text)};
    Builder builder;
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder)) {
            return ParsedDocument{};  // empty stream: a null document
        }
        ParsedDocument result{builder.take_root(), std::move(builder.warnings())};
        Builder rest;
        try {
            if (parser.HandleNextDocument(rest)) {
                result.warnings.push_back(
                    {"more than one YAML document; only the first is read", Mark{}});
            }
        } catch (const YAML::Exception& e) {
            result.warnings.push_back(
                {"more than one YAML document; only the first is read", to_mark(e.mark)});
        } catch (const BuildError& e) {
            result.warnings.push_back(
                {"more than one YAML document; only the first is read", e.mark});
        }
        return result;
    } catch (const YAML::DeepRecursion& e) {
        return std::unexpected(ParseError{"YAML nested too deeply", to_mark(e.mark)});
    } catch (const YAML::Exception& e) {
        return std::unexpected(ParseError{"invalid YAML: " + e.msg, to_mark(e.mark)});
    } catch (const BuildError& e) {
        return std::unexpected(ParseError{e.message, e.mark});
    } catch (const std::exception& e) {
        return std::unexpected(ParseError{std::string("invalid YAML: ") + e.what(), Mark{}});
    }
}

}  // namespace wasp::core
