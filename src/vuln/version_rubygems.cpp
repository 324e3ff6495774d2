// RubyGems version ordering (Gem::Version#<=> and #canonical_segments).
//
// A version is read as segments: runs of digits (compared by value, any length) and runs of
// ASCII letters (compared byte-wise, so case matters); every "-" reads as ".pre." as in
// Gem::Version.new, and any other character only separates. Zeros at the end of the leading
// numeric segments are dropped ("1.0.a" = "1.a"), and a shorter version is padded with 0, where
// a letter segment comes before 0: "1.0.b1" < "1.0" because "b" < 0. Blank counts as "0".
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_zero(std::string_view digits) {
    for (char c : digits) {
        if (c != '0') return false;
    }
    return true;
}

struct Segment {
    bool numeric = false;
    std::string_view text;
};

// Reads the canonical segments of one version in order, without storing them.
class Segments {
  public:
    explicit Segments(std::string_view v) : v_(trim(v)) {
        // The numeric segments before the first letter (or "-") lose their trailing zeros; find
        // where the last non-zero one ends so that the zeros after it can be skipped.
        std::size_t pos = 0;
        while (pos < v_.size()) {
            const char c = v_[pos];
            if (is_alpha(c) || c == '-') break;
            if (!is_digit(c)) {
                ++pos;
                continue;
            }
            const std::size_t start = pos;
            while (pos < v_.size() && is_digit(v_[pos])) ++pos;
            if (!is_zero(v_.substr(start, pos - start))) zeros_from_ = pos;
        }
        zeros_to_ = pos;
    }

    // False at the end.
    bool next(Segment& out) {
        while (pos_ < v_.size()) {
            const char c = v_[pos_];
            if (c == '-') {
                ++pos_;
                out = {false, "pre"};
                return true;
            }
            if (!is_digit(c) && !is_alpha(c)) {
                ++pos_;
                continue;
            }
            const std::size_t start = pos_;
            const bool numeric = is_digit(c);
            while (pos_ < v_.size() && (numeric ? is_digit(v_[pos_]) : is_alpha(v_[pos_]))) ++pos_;
            if (numeric && start >= zeros_from_ && start < zeros_to_) continue;
            out = {numeric, v_.substr(start, pos_ - start)};
            return true;
        }
        return false;
    }

  private:
    std::string_view v_;
    std::size_t pos_ = 0;
    std::size_t zeros_from_ = 0;
    std::size_t zeros_to_ = 0;
};

int compare_segments(const Segment& a, const Segment& b) {
    if (a.numeric && b.numeric) return compare_digits(a.text, b.text);
    if (a.numeric != b.numeric) return a.numeric ? 1 : -1;
    const int c = a.text.compare(b.text);
    return (c > 0) - (c < 0);
}

}  // namespace

int compare_rubygems(std::string_view a, std::string_view b) {
    Segments x(a);
    Segments y(b);
    const Segment zero{true, "0"};
    while (true) {
        Segment sa;
        Segment sb;
        const bool ha = x.next(sa);
        const bool hb = y.next(sb);
        if (!ha && !hb) return 0;
        if (const int c = compare_segments(ha ? sa : zero, hb ? sb : zero); c != 0) return c;
    }
}

// Gem::Version::ANCHORED_VERSION_PATTERN: digits, then ".alnum" parts, then an optional "-"
// part of dot-separated [0-9A-Za-z-] runs; surrounding whitespace and the blank string allowed.
bool valid_rubygems(std::string_view v) {
    v = trim(v);
    if (v.empty()) return true;
    std::size_t pos = 0;
    while (pos < v.size() && is_digit(v[pos])) ++pos;
    if (pos == 0) return false;
    while (pos < v.size() && v[pos] == '.') {
        const std::size_t start = ++pos;
        while (pos < v.size() && (is_digit(v[pos]) || is_alpha(v[pos]))) ++pos;
        if (pos == start) return false;
    }
    if (pos == v.size()) return true;
    if (v[pos] != '-') return false;
    ++pos;
    while (true) {
        const std::size_t start = pos;
        while (pos < v.size() && (is_digit(v[pos]) || is_alpha(v[pos]) || v[pos] == '-')) ++pos;
        if (pos == start) return false;
        if (pos == v.size()) return true;
        if (v[pos] != '.') return false;
        ++pos;
    }
}

}  // namespace wasp::vuln::detail
