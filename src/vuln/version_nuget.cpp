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
// NuGet compares labels with StringComparer.OrdinalIgnoreCase, which folds to upper case: that
// puts "_" after letters, where folding to lower case would put it before them.

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
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
    return x.has_labels ? compare_dotted(x.labels, y.labels, {".", true, Fold::kUpper}) : 0;
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
