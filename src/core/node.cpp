// Definitions of core/node.h.
#include "core/node.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/json_writer.h"

namespace wasp::core {

Node::Node(NodeKind kind, std::string text, Mark mark)
    : kind_(kind), mark_(mark), text_(std::move(text)) {}

Node Node::string(std::string text, Mark mark) {
    return Node(NodeKind::kString, std::move(text), mark);
}
Node Node::boolean(bool value, Mark mark) {
    return Node(NodeKind::kBool, value ? "true" : "false", mark);
}
Node Node::sequence(Mark mark) { return Node(NodeKind::kSequence, {}, mark); }
Node Node::mapping(Mark mark) { return Node(NodeKind::kMapping, {}, mark); }
Node Node::unknown(std::string reason, Mark mark, std::string ref, UnknownCause cause) {
    Node n(NodeKind::kUnknown, std::move(reason), mark);
    n.tag_ = std::move(ref);
    n.cause_ = cause;
    return n;
}

bool Node::contains_unknown() const {
    if (kind_ == NodeKind::kUnknown) return true;
    for (const auto& i : items_) {
        if (i.contains_unknown()) return true;
    }
    for (const auto& m : members_) {
        if (m.value.contains_unknown()) return true;
    }
    return false;
}

namespace {
bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}
}  // namespace

std::optional<bool> Node::as_bool() const {
    if (kind_ != NodeKind::kBool && kind_ != NodeKind::kString) return std::nullopt;
    if (iequals(text_, "true")) return true;
    if (iequals(text_, "false")) return false;
    return std::nullopt;
}

std::optional<double> Node::as_number() const {
    if (kind_ != NodeKind::kNumber && kind_ != NodeKind::kString) return std::nullopt;
    std::string_view s = text_;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

const Member* Node::member(std::string_view key) const {
    for (const auto& m : members_) {
        if (m.key == key) return &m;
    }
    return nullptr;
}

const Node* Node::get(std::string_view key) const {
    const Member* m = member(key);
    return m ? &m->value : nullptr;
}

Node* Node::get(std::string_view key) {
    for (auto& m : members_) {
        if (m.key == key) return &m.value;
    }
    return nullptr;
}

void Node::set(std::string key, Node value, Mark key_mark) {
    for (auto& m : members_) {
        if (m.key == key) {
            m.value = std::move(value);
            m.key_mark = key_mark;
            return;
        }
    }
    members_.push_back(Member{std::move(key), key_mark, std::move(value)});
}

bool Node::erase(std::string_view key) {
    auto it = std::find_if(members_.begin(), members_.end(),
                           [&](const Member& m) { return m.key == key; });
    if (it == members_.end()) return false;
    members_.erase(it);
    return true;
}

void Node::push(Node value) { items_.push_back(std::move(value)); }

void Node::add_alternative(Node value) {
    if (value.is_unknown() && value.cause() == UnknownCause::kCondition && !value.items_.empty()) {
        for (auto& v : value.items_) items_.push_back(std::move(v));  // a nested choice
    } else {
        items_.push_back(std::move(value));
    }
}

std::size_t Node::size() const {
    if (kind_ == NodeKind::kSequence) return items_.size();
    if (kind_ == NodeKind::kMapping) return members_.size();
    return 0;
}

const Node* Node::at_path(std::string_view path) const { return at_path(path, nullptr); }

const Node* Node::at_path(std::string_view path, std::string_view* rest) const {
    if (rest) *rest = {};
    const Node* cur = this;
    while (!path.empty() && cur) {
        if (path.front() == '.') {
            path.remove_prefix(1);
            continue;  // "." alone is the node itself
        }
        // Below an unknown value everything is unknown too: the unknown node answers.
        if (cur->is_unknown()) {
            if (rest) *rest = path;
            return cur;
        }
        if (path.front() == '[') {
            auto close = path.find(']');
            if (close == std::string_view::npos || !cur->is_sequence()) return nullptr;
            std::size_t index = 0;
            auto digits = path.substr(1, close - 1);
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
            if (ec != std::errc() || p != digits.data() + digits.size()) return nullptr;
            if (index >= cur->items_.size()) return nullptr;
            cur = &cur->items_[index];
            path.remove_prefix(close + 1);
            continue;
        }
        auto end = path.find_first_of(".[");
        auto key = path.substr(0, end);
        if (!cur->is_mapping()) return nullptr;
        cur = cur->get(key);
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
    }
    return cur;
}

bool Node::same_value(const Node& other) const {
    if (is_scalar() && other.is_scalar()) {
        if (kind_ == NodeKind::kBool || other.kind_ == NodeKind::kBool) {
            auto a = as_bool();
            auto b = other.as_bool();
            return a && b && *a == *b;
        }
        if (kind_ == NodeKind::kNumber || other.kind_ == NodeKind::kNumber) {
            auto a = as_number();
            auto b = other.as_number();
            if (a && b) return *a == *b;
        }
        return text_ == other.text_;
    }
    if (kind_ != other.kind_) return false;
    switch (kind_) {
        case NodeKind::kNull:
            return true;
        case NodeKind::kUnknown:
            return false;  // two unknowns are not known to be equal
        case NodeKind::kSequence:
            return std::equal(items_.begin(), items_.end(), other.items_.begin(),
                              other.items_.end(),
                              [](const Node& a, const Node& b) { return a.same_value(b); });
        case NodeKind::kMapping:
            if (members_.size() != other.members_.size()) return false;
            for (const auto& m : members_) {
                const Node* o = other.get(m.key);
                if (!o || !m.value.same_value(*o)) return false;
            }
            return true;
        default:
            return false;
    }
}

namespace {
// Past `limit` characters, the members and items left are not written (the brackets still
// close), so a preview of a huge value costs about the preview.
void write_node(JsonWriter& w, const Node& n, std::size_t limit) {
    switch (n.kind()) {
        case NodeKind::kNull:
            w.null();
            break;
        case NodeKind::kBool:
            w.boolean(n.as_bool().value_or(false));
            break;
        case NodeKind::kNumber:
            if (n.as_number()) {
                w.raw_number(n.text());
            } else {
                w.string(n.text());
            }
            break;
        case NodeKind::kString:
            w.string(n.text());
            break;
        case NodeKind::kSequence:
            w.begin_array();
            for (const auto& i : n.items()) {
                if (w.size() > limit) break;
                write_node(w, i, limit);
            }
            w.end_array();
            break;
        case NodeKind::kMapping:
            w.begin_object();
            for (const auto& m : n.members()) {
                if (w.size() > limit) break;
                w.key(m.key);
                write_node(w, m.value, limit);
            }
            w.end_object();
            break;
        case NodeKind::kUnknown:
            w.begin_object();
            w.key("unknown");
            w.string(n.text());
            w.end_object();
            break;
    }
}
}  // namespace

std::string Node::to_json() const {
    JsonWriter w(JsonWriter::Style::kCompact);
    write_node(w, *this, std::string::npos);
    return w.take();
}

std::string Node::to_json(std::size_t limit) const {
    JsonWriter w(JsonWriter::Style::kCompact);
    write_node(w, *this, limit);
    std::string s = w.take();
    if (s.size() > limit) s = s.substr(0, limit >= 3 ? limit - 3 : 0) + "...";
    return s;
}

}  // namespace wasp::core
