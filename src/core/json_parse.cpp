// core::parse_json on simdjson's On-Demand API; the only file that includes simdjson.h.
#include <algorithm>
#include <string>

#include <simdjson.h>

#include "core/parse.h"

namespace wasp::core {

Mark LineCounter::at(std::size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < offset_) {  // out of order: recount from the start
        offset_ = 0, line_start_ = 0, line_ = 1;
    }
    for (std::size_t i = offset_; i < offset; ++i) {
        if (text_[i] == '\n') {
            ++line_;
            line_start_ = i + 1;
        }
    }
    offset_ = offset;
    // Columns count bytes, as YAML and JSON tools report them.
    return Mark{line_, static_cast<std::uint32_t>(offset - line_start_ + 1)};
}

namespace {

namespace od = simdjson::ondemand;

class Builder {
  public:
    Builder(const simdjson::padded_string& buffer, std::string_view text)
        : base_(buffer.data()), lines_(text) {}

    simdjson::error_code value(od::value v, Node& out, std::size_t depth) {
        if (depth > kMaxNestingDepth) return simdjson::DEPTH_ERROR;
        std::string_view token = v.raw_json_token();
        Mark mark = mark_of(token.data());
        od::json_type type;
        if (auto e = v.type().get(type)) return e;
        switch (type) {
            case od::json_type::object: {
                od::object obj;
                if (auto e = v.get_object().get(obj)) return e;
                out = Node::mapping(mark);
                for (auto field_result : obj) {
                    od::field field;
                    if (auto e = std::move(field_result).get(field)) return e;
                    Mark key_mark = mark_of(field.key().raw() - 1);
                    std::string_view key_view;
                    if (auto e = field.unescaped_key().get(key_view)) return e;
                    std::string key(key_view);
                    Node child;
                    if (auto e = value(field.value(), child, depth + 1)) return e;
                    if (out.get(key)) {
                        warnings_.push_back(
                            {"duplicate key '" + key + "'; the last one wins", key_mark});
                    }
                    out.set(std::move(key), std::move(child), key_mark);
                }
                return simdjson::SUCCESS;
            }
            case od::json_type::array: {
                od::array arr;
                if (auto e = v.get_array().get(arr)) return e;
                out = Node::sequence(mark);
                for (auto item_result : arr) {
                    od::value item;
                    if (auto e = std::move(item_result).get(item)) return e;
                    Node child;
                    if (auto e = value(item, child, depth + 1)) return e;
                    out.push(std::move(child));
                }
                return simdjson::SUCCESS;
            }
            case od::json_type::string: {
                std::string_view s;
                if (auto e = v.get_string().get(s)) return e;
                out = Node::string(std::string(s), mark);
                return simdjson::SUCCESS;
            }
            case od::json_type::number: {
                double d;
                if (auto e = v.get_double().get(d)) {
                    // Integers beyond double's range are still valid JSON numbers.
                    if (e != simdjson::NUMBER_OUT_OF_RANGE) return e;
                }
                out = Node(NodeKind::kNumber, std::string(trim(token)), mark);
                return simdjson::SUCCESS;
            }
            case od::json_type::boolean: {
                bool b;
                if (auto e = v.get_bool().get(b)) return e;
                out = Node::boolean(b, mark);
                return simdjson::SUCCESS;
            }
            case od::json_type::null: {
                bool is_null = false;
                if (auto e = v.is_null().get(is_null)) return e;
                if (!is_null) return simdjson::N_ATOM_ERROR;
                out = Node(NodeKind::kNull, {}, mark);
                return simdjson::SUCCESS;
            }
        }
        return simdjson::INCORRECT_TYPE;
    }

    Mark mark_of(const char* p) { return lines_.at(static_cast<std::size_t>(p - base_)); }
    std::vector<ParseError>& warnings() { return warnings_; }

  private:
    static std::string_view trim(std::string_view s) {
        while (!s.empty() &&
               (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
            s.remove_suffix(1);
        }
        return s;
    }

    const char* base_;
    LineCounter lines_;
    std::vector<ParseError> warnings_;
};

std::string describe(simdjson::error_code e) {
    switch (e) {
        case simdjson::DEPTH_ERROR:
            return "JSON nested more than " + std::to_string(kMaxNestingDepth) + " levels deep";
        case simdjson::CAPACITY:
            return "JSON document too large";
        case simdjson::UTF8_ERROR:
            return "invalid UTF-8 in JSON";
        case simdjson::EMPTY:
            return "empty JSON document";
        default:
            return std::string("invalid JSON: ") + simdjson::error_message(e);
    }
}

}  // namespace

std::expected<ParsedDocument, ParseError> parse_json(std::string_view text) {
    simdjson::padded_string buffer(text);
    od::parser parser;
    if (parser.allocate(std::max<std::size_t>(text.size(), 4096), kMaxNestingDepth + 8)) {
        return std::unexpected(ParseError{"out of memory parsing JSON", Mark{}});
    }
    od::document doc;
    Builder builder(buffer, text);
    bool started = false;  // current_location() is only defined once iteration has started
    auto fail = [&](simdjson::error_code e) -> std::unexpected<ParseError> {
        Mark mark{1, 1};
        const char* where = nullptr;
        if (started && doc.current_location().get(where) == simdjson::SUCCESS && where) {
            mark = builder.mark_of(where);
        } else if (e != simdjson::EMPTY) {
            mark = builder.mark_of(buffer.data() + text.size());
        }
        return std::unexpected(ParseError{describe(e), mark});
    };
    if (auto e = parser.iterate(buffer).get(doc)) return fail(e);
    started = true;
    ParsedDocument result;
    bool scalar = false;
    if (auto e = doc.is_scalar().get(scalar)) return fail(e);
    if (scalar) {
        // A bare scalar document: rare in practice, parsed for completeness.
        od::json_type type;
        if (auto e = doc.type().get(type)) return fail(e);
        std::string_view token;
        if (auto e = doc.raw_json_token().get(token)) return fail(e);
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                                  token.back() == '\r' || token.back() == '\t')) {
            token.remove_suffix(1);
        }
        Mark mark{1, 1};
        switch (type) {
            case od::json_type::string: {
                std::string_view s;
                if (auto e = doc.get_string().get(s)) return fail(e);
                result.root = Node::string(std::string(s), mark);
                break;
            }
            case od::json_type::number: {
                double d;
                if (auto e = doc.get_double().get(d)) return fail(e);
                result.root = Node(NodeKind::kNumber, std::string(token), mark);
                break;
            }
            case od::json_type::boolean: {
                bool b;
                if (auto e = doc.get_bool().get(b)) return fail(e);
                result.root = Node::boolean(b, mark);
                break;
            }
            default: {
                bool is_null = false;
                if (auto e = doc.is_null().get(is_null)) return fail(e);
                if (!is_null) return fail(simdjson::N_ATOM_ERROR);
                result.root = Node(NodeKind::kNull, {}, mark);
            }
        }
        return result;
    }
    od::value root;
    if (auto e = doc.get_value().get(root)) return fail(e);
    if (auto e = builder.value(root, result.root, 0)) return fail(e);
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS && rest) {
        return std::unexpected(ParseError{"invalid JSON: content after the end of the document",
                                          builder.mark_of(rest)});
    }
    result.warnings = std::move(builder.warnings());
    return result;
}

}  // namespace wasp::core
