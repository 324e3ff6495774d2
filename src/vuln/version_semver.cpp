// SemVer 2.0.0 precedence (semver.org, section 11) as npm, crates.io, Go and Hex apply it.
//
// A version is an optional "v" (Go), up to three numeric parts, an optional pre-release after
// "-" and optional build metadata after "+". Numbers of any length compare by value without
// overflow. Input that is not SemVer still gets a place, so the order stays total: missing
// numeric parts count as 0 ("1.2" = "1.2.0"), and any text after the numeric parts that does not
// start with "-" or "+" ("1.2.3.4", "1.2rc1", "latest") is compared as a pre-release.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Decimal digit strings by value, any length: "" and "000" are 0.

struct Semver {
    std::string_view core[3];  // digits; empty when the part is missing
    std::string_view pre;      // without the leading "-"
    bool has_pre = false;
};

Semver parse(std::string_view v) {
    Semver out;
    v = trim(v);
    if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
    std::size_t pos = 0;
    for (int part = 0; part < 3; ++part) {
        std::size_t start = pos;
        if (part > 0) {
            if (pos + 1 >= v.size() || v[pos] != '.' || !is_digit(v[pos + 1])) break;
            start = ++pos;
        } else if (pos >= v.size() || !is_digit(v[pos])) {
            break;
        }
        while (pos < v.size() && is_digit(v[pos])) ++pos;
        out.core[part] = v.substr(start, pos - start);
    }
    std::string_view rest = v.substr(pos);
    rest = rest.substr(0, rest.find('+'));  // build metadata never orders
    if (!rest.empty()) {
        out.has_pre = true;
        out.pre = rest.front() == '-' ? rest.substr(1) : rest;
    }
    return out;
}

}  // namespace

int compare_semver(std::string_view a, std::string_view b) {
    const Semver x = parse(a);
    const Semver y = parse(b);
    for (int part = 0; part < 3; ++part) {
        if (const int c = compare_digits(x.core[part], y.core[part]); c != 0) return c;
    }
    if (x.has_pre != y.has_pre) return x.has_pre ? -1 : 1;
    return x.has_pre ? compare_dotted(x.pre, y.pre, {}) : 0;
}

bool valid_semver(std::string_view v) {
    if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
    std::size_t pos = 0;
    for (int part = 0; part < 3; ++part) {
        if (part > 0) {
            if (pos >= v.size() || v[pos] != '.') return false;
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < v.size() && is_digit(v[pos])) ++pos;
        if (pos == start) return false;
        if (pos - start > 1 && v[start] == '0') return false;
    }
    std::string_view rest = v.substr(pos);
    const std::size_t plus = rest.find('+');
    if (plus != std::string_view::npos) {
        if (!valid_dotted(rest.substr(plus + 1), true)) return false;
        rest = rest.substr(0, plus);
    }
    if (rest.empty()) return true;
    return rest.front() == '-' && valid_dotted(rest.substr(1), false);
}

}  // namespace wasp::vuln::detail
