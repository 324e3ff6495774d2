// Definitions of report/escape.h.
#include "report/escape.h"

#include <cctype>

#include "core/utf8.h"

namespace wasp::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// XML 1.0 Char production (surrogates never come out of for_each_code_point), also without
// DEL and the C1 controls, which XML 1.0 allows but discourages.
bool is_xml_char(char32_t cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return true;
    return cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F) && cp != 0xFFFE && cp != 0xFFFF;
}

std::string xml_escape(std::string_view s, bool attribute) {
    std::string out;
    out.reserve(s.size());
    core::for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        if (!is_xml_char(cp)) return;
        switch (cp) {
            case '&':
                out += "&amp;";
                return;
            case '<':
                out += "&lt;";
                return;
            case '>':
                out += "&gt;";
                return;
            case '"':
                out += "&quot;";
                return;
            case '\'':
                out += "&apos;";
                return;
            case '\r':
                out += "&#13;";
                return;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                return;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                return;
            default:
                out += bytes;
        }
    });
    return out;
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view s) {
    core::for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '&':
                out += "&amp;";
                return;
            case '<':
                out += "&lt;";
                return;
            case '>':
                out += "&gt;";
                return;
            case '"':
                out += "&quot;";
                return;
            case '\'':
                out += "&#39;";
                return;
            // '=' and '`' are harmless inside quoted attributes, but escaping them means no
            // fragment of input can ever read as an attribute assignment, quoted or not.
            case '=':
                out += "&#61;";
                return;
            case '`':
                out += "&#96;";
                return;
            case '\t':
            case '\n':
            case '\r':
                out += bytes;
                return;
            default:
                break;
        }
        out += is_control(cp) ? kReplacement : bytes;
    });
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_html_escaped(out, s);
    return out;
}

std::string xml_escape_text(std::string_view s) { return xml_escape(s, false); }

std::string xml_escape_attribute(std::string_view s) { return xml_escape(s, true); }

std::string markdown_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    core::for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '|':
            case '~':
            case '$':  // GitHub renders $...$ as math
                out += '\\';
                out += static_cast<char>(cp);
                return;
            case '<':
                out += "&lt;";
                return;
            case '>':
                out += "&gt;";
                return;
            case '&':
                out += "&amp;";
                return;
            case '@':
                out += "@&#8203;";
                return;
            case '\t':
            case '\n':
            case '\r':
                out += ' ';
                return;
            default:
                break;
        }
        out += is_control(cp) ? kReplacement : bytes;
    });
    return out;
}

std::string terminal_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    core::for_each_code_point(s, [&](char32_t cp, std::string_view bytes) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            out += ' ';
        } else if (is_control(cp)) {
            out += kReplacement;
        } else {
            out += bytes;
        }
    });
    return out;
}

bool is_linkable_url(std::string_view url) {
    auto starts_with_nocase = [&](std::string_view prefix) {
        if (url.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
        }
        return true;
    };
    std::size_t scheme = 0;
    if (starts_with_nocase("https://")) {
        scheme = 8;
    } else if (starts_with_nocase("http://")) {
        scheme = 7;
    } else {
        return false;
    }
    if (url.size() == scheme) return false;
    // Only what RFC 3986 allows in a URI: unreserved, reserved and well-formed %XX.
    static constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=";
    auto hex = [&](std::size_t k) {
        return k < url.size() && std::isxdigit(static_cast<unsigned char>(url[k])) != 0;
    };
    for (std::size_t i = 0; i < url.size(); ++i) {
        auto u = static_cast<unsigned char>(url[i]);
        bool ok = (u < 0x80 && std::isalnum(u) != 0) ||
                  kAllowed.find(url[i]) != std::string_view::npos ||
                  (url[i] == '%' && hex(i + 1) && hex(i + 2));
        if (!ok) return false;
    }
    return true;
}

}  // namespace wasp::report
