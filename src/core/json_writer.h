// A streaming JSON writer with correct string escaping; every report format that is JSON uses it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wasp::core {

class JsonWriter {
  public:
    enum class Style { kCompact, kPretty };
    explicit JsonWriter(Style style = Style::kPretty) : style_(style) {}

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view k);
    void string(std::string_view s);
    void number(std::int64_t n);
    void number(double d);
    // Writes text as a number when it is a valid JSON number, else as a string.
    void raw_number(std::string_view text);
    void boolean(bool b);
    void null();

    // Shorthands for "key": value.
    void field(std::string_view k, std::string_view v) { key(k), string(v); }
    void field(std::string_view k, const char* v) { key(k), string(v); }
    void field(std::string_view k, std::int64_t v) { key(k), number(v); }
    void field(std::string_view k, bool v) { key(k), boolean(v); }

    [[nodiscard]] std::string take();
    // Characters written so far.
    [[nodiscard]] std::size_t size() const { return out_.size(); }

  private:
    void before_value();
    void newline();

    Style style_;
    std::string out_;
    struct Level {
        bool first = true;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
};

// Appends s to out as a quoted JSON string. Non-ASCII passes through as UTF-8; control
// characters, quotes, backslashes and the characters '<', '>', '&' (so JSON embedded in HTML
// cannot close a script element) and U+2028/U+2029 are escaped. Invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

[[nodiscard]] bool is_json_number(std::string_view text);

}  // namespace wasp::core
