// NuGet version ordering (NuGet.Versioning's VersionComparer.Default).
//
// A version is one to four numeric parts (missing ones are 0, so "1.0" = "1.0.0.0"), an optional
// SemVer 2 pre-release after "-" whose labels compare case-insensitively, and build metadata
// after "+" that never orders. Numbers of any length compare by value. NuGet rejects a leading
// "v" and parts beyond 32 bits; the comparison still skips a leading "v", compares big numbers
// exactly, and treats any text after the numeric parts that does not start with "-" or "+" as a
// pre-release, so every string has a place.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

constexpr int kMaxParts = 4;

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_label_char(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
// NuGet compares labels with StringComparer.OrdinalIgnoreCase, which folds to upper case: that
// puts "_" after letters, where folding to lower case would put it before them.
constexpr char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_digit(c)) return false;
    }
    return true;
}

int compare_ignore_case(std::string_view a, std::string_view b) {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(to_upper(a[i]));
        const auto y = static_cast<unsigned char>(to_upper(b[i]));
        if (x != y) return x < y ? -1 : 1;
    }
    if (a.size() == b.size()) return 0;
    return a.size() < b.size() ? -1 : 1;
}

struct NuGet {
    std::string_view parts[kMaxParts];  // digits; empty when missing
    std::string_view labels;            // without the leading "-"
    bool has_labels = false;
};

NuGet parse(std::string_view v) {
    NuGet out;
    v = trim(v);
    if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
    std::size_t pos = 0;
    for (int part = 0; part < kMaxParts; ++part) {
        std::size_t start = pos;
        if (part > 0) {
            if (pos + 1 >= v.size() || v[pos] != '.' || !is_digit(v[pos + 1])) break;
            start = ++pos;
        } else if (pos >= v.size() || !is_digit(v[pos])) {
            break;
        }
        while (pos < v.size() && is_digit(v[pos])) ++pos;
        out.parts[part] = v.substr(start, pos - start);
    }
    std::string_view rest = v.substr(pos);
    rest = rest.substr(0, rest.find('+'));
    if (!rest.empty()) {
        out.has_labels = true;
        out.labels = rest.front() == '-' ? rest.substr(1) : rest;
    }
    return out;
}

// Labels split on ".": numeric ones by value and before the others, the others
// case-insensitively, and more labels after fewer when the shared ones are equal.
int compare_labels(std::string_view a, std::string_view b) {
    while (true) {
        const std::size_t da = a.find('.');
        const std::size_t db = b.find('.');
        const std::string_view la = a.substr(0, da);
        const std::string_view lb = b.substr(0, db);
        const bool na = all_digits(la);
        const bool nb = all_digits(lb);
        int c = 0;
        if (na && nb) {
            c = compare_digits(la, lb);
        } else if (na != nb) {
            c = na ? -1 : 1;
        } else {
            c = compare_ignore_case(la, lb);
        }
        if (c != 0) return c;
        if (da == std::string_view::npos || db == std::string_view::npos) {
            if (da == db) return 0;
            return da == std::string_view::npos ? -1 : 1;
        }
        a.remove_prefix(da + 1);
        b.remove_prefix(db + 1);
    }
}

// Dot-separated parts of [0-9A-Za-z-], none empty; numeric labels without leading zeros unless
// allowed (build metadata allows them).
bool valid_dotted(std::string_view s, bool allow_leading_zero) {
    while (true) {
        const std::size_t dot = s.find('.');
        const std::string_view id = s.substr(0, dot);
        if (id.empty()) return false;
        for (char c : id) {
            if (!is_label_char(c)) return false;
        }
        if (!allow_leading_zero && id.size() > 1 && id.front() == '0' && all_digits(id)) {
            return false;
        }
        if (dot == std::string_view::npos) return true;
        s.remove_prefix(dot + 1);
    }
}

// System.Version parts are non-negative 32-bit integers.
bool fits_int32(std::string_view digits) { return compare_digits(digits, "2147483647") <= 0; }

}  // namespace

int compare_nuget(std::string_view a, std::string_view b) {
    const NuGet x = parse(a);
    const NuGet y = parse(b);
    for (int part = 0; part < kMaxParts; ++part) {
        if (const int c = compare_digits(x.parts[part], y.parts[part]); c != 0) return c;
    }
    if (x.has_labels != y.has_labels) return x.has_labels ? -1 : 1;
    return x.has_labels ? compare_labels(x.labels, y.labels) : 0;
}

bool valid_nuget(std::string_view v) {
    v = trim(v);
    const std::size_t split = v.find_first_of("-+");
    const std::string_view numbers = v.substr(0, split);
    int parts = 0;
    std::size_t pos = 0;
    while (true) {
        const std::size_t start = pos;
        while (pos < numbers.size() && is_digit(numbers[pos])) ++pos;
        if (pos == start || !fits_int32(numbers.substr(start, pos - start))) return false;
        if (++parts > kMaxParts) return false;
        if (pos == numbers.size()) break;
        if (numbers[pos] != '.') return false;
        ++pos;
    }
    if (split == std::string_view::npos) return true;
    std::string_view rest = v.substr(split);
    const std::size_t plus = rest.find('+');
    if (plus != std::string_view::npos) {
        if (!valid_dotted(rest.substr(plus + 1), true)) return false;
        rest = rest.substr(0, plus);
    }
    return rest.empty() || valid_dotted(rest.substr(1), false);
}

}  // namespace wasp::vuln::detail
