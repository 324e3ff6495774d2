// Definitions of core/json_writer.h.
#include "core/json_writer.h"

#include <cmath>
#include <cstdio>

#include "core/utf8.h"

namespace wasp::core {

void JsonWriter::newline() {
    if (style_ != Style::kPretty) return;
    out_ += '\n';
    out_.append(stack_.size() * 2, ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;
    if (!stack_.back().first) out_ += ',';
    stack_.back().first = false;
    newline();
}

void JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back({});
}

void JsonWriter::end_object() {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty) newline();
    out_ += '}';
}

void JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    stack_.push_back({});
}

void JsonWriter::end_array() {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty) newline();
    out_ += ']';
}

void JsonWriter::key(std::string_view k) {
    before_value();
    append_json_string(out_, k);
    out_ += style_ == Style::kPretty ? ": " : ":";
    after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
    before_value();
    append_json_string(out_, s);
}

void JsonWriter::number(std::int64_t n) {
    before_value();
    out_ += std::to_string(n);
}

void JsonWriter::number(double d) {
    before_value();
    if (!std::isfinite(d)) {
        out_ += "null";
        return;
    }
    char buf[32];
    int len = std::snprintf(buf, sizeof buf, "%.17g", d);
    out_.append(buf, static_cast<std::size_t>(len));
}

void JsonWriter::raw_number(std::string_view text) {
    if (!is_json_number(text)) {
        string(text);
        return;
    }
    before_value();
    out_ += text;
}

void JsonWriter::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

std::string JsonWriter::take() {
    if (style_ == Style::kPretty) out_ += '\n';
    return std::move(out_);
}

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    auto escape_u = [&](unsigned c) {
        out += "\\u";
        out += kHex[(c >> 12) & 0xF];
        out += kHex[(c >> 8) & 0xF];
        out += kHex[(c >> 4) & 0xF];
        out += kHex[c & 0xF];
    };
    out += '"';
    for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '"':
                out += "\\\"";
                return;
            case '\\':
                out += "\\\\";
                return;
            case '\n':
                out += "\\n";
                return;
            case '\r':
                out += "\\r";
                return;
            case '\t':
                out += "\\t";
                return;
            case '<':
            case '>':
            case '&':
            case 0x2028:
            case 0x2029:
                escape_u(static_cast<unsigned>(cp));
                return;
            default:
                break;
        }
        if (cp < 0x20 || cp == 0x7F) {
            escape_u(static_cast<unsigned>(cp));
        } else {
            out += bytes;
        }
    });
    out += '"';
}

bool is_json_number(std::string_view t) {
    std::size_t i = 0;
    auto digit = [&](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    if (i < t.size() && t[i] == '-') ++i;
    if (!digit(i)) return false;
    if (t[i] == '0') {
        ++i;
    } else {
        while (digit(i)) ++i;
    }
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == t.size();
}

}  // namespace wasp::core
