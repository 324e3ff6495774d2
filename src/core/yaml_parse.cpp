// core::parse_yaml on libyaml's event API; the only file that includes yaml.h.
//
// Events are turned into core::Node directly, keeping each node's tag so CloudFormation short
// forms such as "!Ref X" survive. libyaml's parser is a state machine (no recursion), so deep
// nesting cannot overflow the stack; the builder enforces its own depth and node limits.
#include <map>
#include <string>

#include <yaml.h>

#include "core/parse.h"

namespace wasp::core {
namespace {

struct BuildError {
    std::string message;
    Mark mark;
};

Mark to_mark(const yaml_mark_t& m) {
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

// YAML 1.2 core schema resolution of a plain scalar (libyaml itself does not type scalars).
NodeKind resolve_plain(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return NodeKind::kNull;
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
        return NodeKind::kBool;
    }
    if (is_yaml_int(s) || is_yaml_float(s)) return NodeKind::kNumber;
    return NodeKind::kString;
}

constexpr std::string_view kStdTag = "tag:yaml.org,2002:";

std::string_view str(const yaml_char_t* p) {
    return p ? std::string_view(reinterpret_cast<const char*>(p)) : std::string_view();
}

// Builds the tree of the first document from parser events.
class Builder {
  public:
    void scalar(const yaml_event_t& e) {
        Mark m = to_mark(e.start_mark);
        std::string value(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        if (!stack_.empty() && stack_.back().node.is_mapping() && !stack_.back().has_key) {
            // A mapping key. CloudFormation keys are plain strings; a tagged key is kept as text.
            stack_.back().key = std::move(value);
            stack_.back().key_mark = m;
            stack_.back().has_key = true;
            count(1, m);
            return;
        }
        std::string_view tag = str(e.data.scalar.tag);
        Node n;
        if (tag.empty()) {
            // The kind first: the value is moved into the node below.
            NodeKind kind = e.data.scalar.plain_implicit ? resolve_plain(value) : NodeKind::kString;
            n = Node(kind, std::move(value), m);
        } else if (tag == "!" || tag == std::string(kStdTag) + "str") {
            n = Node(NodeKind::kString, std::move(value), m);
        } else if (tag.starts_with(kStdTag)) {
            std::string_view t = tag.substr(kStdTag.size());
            NodeKind k = t == "int" || t == "float" ? NodeKind::kNumber
                         : t == "bool"              ? NodeKind::kBool
                         : t == "null"              ? NodeKind::kNull
                                                    : NodeKind::kString;
            n = Node(k, std::move(value), m);
        } else {
            n = Node(NodeKind::kString, std::move(value), m);
            n.set_tag(std::string(tag));
        }
        add(std::move(n), str(e.data.scalar.anchor));
    }

    void alias(const yaml_event_t& e) {
        Mark m = to_mark(e.start_mark);
        auto it = anchors_.find(str(e.data.alias.anchor));
        if (it == anchors_.end()) throw BuildError{"unknown alias", m};
        count(it->second.nodes, m);
        Node copy = it->second.node;
        copy.set_mark(m);
        add(std::move(copy), {});
    }

    void open(Node n, std::string_view tag, std::string_view anchor, const yaml_mark_t& mark) {
        Mark m = to_mark(mark);
        if (stack_.size() >= kMaxNestingDepth) {
            throw BuildError{
                "YAML nested more than " + std::to_string(kMaxNestingDepth) + " levels deep", m};
        }
        count(1, m);
        if (!tag.empty() && tag != "!" && !tag.starts_with(kStdTag)) n.set_tag(std::string(tag));
        stack_.push_back(Frame{std::move(n), std::string(anchor), nodes_ - 1, {}, {}, false});
    }

    void close() {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        if (!f.anchor.empty()) anchors_[f.anchor] = Anchored{f.node, nodes_ - f.first_node};
        attach(std::move(f.node));
    }

    bool done() const { return has_root_ && stack_.empty(); }
    Node take_root() { return std::move(root_); }
    std::vector<ParseError>& warnings() { return warnings_; }

  private:
    struct Frame {
        Node node;
        std::string anchor;
        std::size_t first_node = 0;  // node count when the frame opened, to size anchors
        std::string key;
        Mark key_mark;
        bool has_key = false;
    };
    struct Anchored {
        Node node;
        std::size_t nodes = 0;
    };

    void count(std::size_t n, Mark m) {
        nodes_ += n;
        if (nodes_ > kMaxNodes) {
            throw BuildError{"YAML document expands to more than " + std::to_string(kMaxNodes) +
                                 " nodes (alias bomb?)",
                             m};
        }
    }

    void add(Node n, std::string_view anchor) {
        count(1, n.mark());
        if (!anchor.empty()) anchors_[std::string(anchor)] = Anchored{n, 1};
        attach(std::move(n));
    }

    void attach(Node n) {
        if (stack_.empty()) {
            root_ = std::move(n);
            has_root_ = true;
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
    std::map<std::string, Anchored, std::less<>> anchors_;
    Node root_;
    bool has_root_ = false;
    std::size_t nodes_ = 0;
    std::vector<ParseError> warnings_;
};

// Owns a parser and its current event.
class Parser {
  public:
    explicit Parser(std::string_view text) {
        yaml_parser_initialize(&parser_);
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size());
    }
    ~Parser() {
        if (has_event_) yaml_event_delete(&event_);
        yaml_parser_delete(&parser_);
    }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // The next event; a syntax error throws BuildError with libyaml's message and position.
    const yaml_event_t& next() {
        if (has_event_) yaml_event_delete(&event_);
        has_event_ = false;
        if (!yaml_parser_parse(&parser_, &event_)) {
            std::string problem = parser_.problem ? parser_.problem : "syntax error";
            if (parser_.context) problem = std::string(parser_.context) + ": " + problem;
            throw BuildError{"invalid YAML: " + problem, to_mark(parser_.problem_mark)};
        }
        has_event_ = true;
        return event_;
    }

  private:
    yaml_parser_t parser_{};
    yaml_event_t event_{};
    bool has_event_ = false;
};

}  // namespace

std::expected<ParsedDocument, ParseError> parse_yaml(std::string_view text) {
    Builder builder;
    Parser parser(text);
    try {
        bool in_document = false;
        while (true) {
            const yaml_event_t& e = parser.next();
            switch (e.type) {
                case YAML_STREAM_END_EVENT:
                    return ParsedDocument{builder.take_root(), std::move(builder.warnings())};
                case YAML_DOCUMENT_START_EVENT:
                    in_document = true;
                    break;
                case YAML_DOCUMENT_END_EVENT: {
                    ParsedDocument result{builder.take_root(), std::move(builder.warnings())};
                    // Only the first document is read; say so when there are more.
                    try {
                        const yaml_event_t& more = parser.next();
                        if (more.type == YAML_DOCUMENT_START_EVENT) {
                            result.warnings.push_back(
                                {"more than one YAML document; only the first is read",
                                 to_mark(more.start_mark)});
                        }
                    } catch (const BuildError& err) {
                        result.warnings.push_back(
                            {"more than one YAML document; only the first is read", err.mark});
                    }
                    return result;
                }
                case YAML_SCALAR_EVENT:
                    builder.scalar(e);
                    break;
                case YAML_ALIAS_EVENT:
                    builder.alias(e);
                    break;
                case YAML_SEQUENCE_START_EVENT:
                    builder.open(Node::sequence(to_mark(e.start_mark)),
                                 str(e.data.sequence_start.tag), str(e.data.sequence_start.anchor),
                                 e.start_mark);
                    break;
                case YAML_MAPPING_START_EVENT:
                    builder.open(Node::mapping(to_mark(e.start_mark)),
                                 str(e.data.mapping_start.tag), str(e.data.mapping_start.anchor),
                                 e.start_mark);
                    break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT:
                    builder.close();
                    break;
                default:
                    break;
            }
            (void)in_document;
        }
    } catch (const BuildError& e) {
        return std::unexpected(ParseError{e.message, e.mark});
    } catch (const std::exception& e) {
        return std::unexpected(ParseError{std::string("invalid YAML: ") + e.what(), Mark{}});
    }
}

}  // namespace wasp::core
