// UTF-8 decoding shared by every escaper: invalid sequences decode to U+FFFD.
#pragma once

#include <string_view>

namespace wasp::core {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Calls f(code_point, bytes) for each code point of s. For an invalid byte, code_point is
// U+FFFD and bytes is its UTF-8 encoding, so callers that copy bytes never copy invalid UTF-8.
template <typename F>
void for_each_code_point(std::string_view s, F&& f) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            f(static_cast<char32_t>(c), s.substr(i, 1));
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        }
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                ok = false;
            } else {
                cp = (cp << 6) | (cc & 0x3F);
            }
        }
        // Reject overlong forms, surrogates and values past U+10FFFF.
        if (ok) {
            static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
            ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (!ok) {
            f(kReplacementChar, kReplacement);
            ++i;
            continue;
        }
        f(cp, s.substr(i, len));
        i += len;
    }
}

}  // namespace wasp::core
