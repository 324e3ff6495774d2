// One comparison and one validity check per scheme; version.cpp dispatches to them.
#pragma once

#include <string_view>

namespace wasp::vuln::detail {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr int sign(int v) { return (v > 0) - (v < 0); }

// Two runs of ASCII digits compared as the numbers they write, whatever their length (versions
// carry numbers no integer type holds): leading zeros ignored, then the longer is larger.
constexpr int compare_digits(std::string_view a, std::string_view b) {
    while (!a.empty() && a.front() == '0') a.remove_prefix(1);
    while (!b.empty() && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return sign(a.compare(b));
}

[[nodiscard]] bool all_digits(std::string_view s);  // non-empty, ASCII digits only

// Dot-separated identifiers compared one by one, a list after its own prefix: SemVer 2 and NuGet
// pre-release labels (numbers by value, before words), PEP 440 local versions (separators
// "-_.", numbers after words, case-insensitive). Case folding matters for the characters
// between the two alphabets ('_' sorts after 'Z', before 'z'): NuGet folds to upper case,
// Python to lower case.
enum class Fold { kNone, kLower, kUpper };
struct DottedOrder {
    std::string_view separators = ".";
    bool numbers_first = true;
    Fold fold = Fold::kNone;
};
[[nodiscard]] int compare_dotted(std::string_view a, std::string_view b, const DottedOrder& order);
// Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones without leading zeros
// unless allowed (build metadata allows them).
[[nodiscard]] bool valid_dotted(std::string_view s, bool allow_leading_zero);

// The numeric components of a version ("1.10-3"), one at a time, split by any of separators;
// where the list stops parsing, the rest begins.
class NumericComponents {
  public:
    NumericComponents(std::string_view s, std::string_view separators)
        : s_(s), separators_(separators) {}
    // The next component, or false at the first character that does not continue the list.
    bool next(std::string_view& out) {
        std::size_t start = i_;
        if (i_ > 0) {
            if (i_ + 1 >= s_.size() || separators_.find(s_[i_]) == std::string_view::npos ||
                !is_digit(s_[i_ + 1])) {
                return false;
            }
            start = ++i_;
        }
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        if (i_ == start) return false;
        out = s_.substr(start, i_ - start);
        ++count_;
        return true;
    }
    [[nodiscard]] std::string_view rest() const { return s_.substr(i_); }
    [[nodiscard]] std::size_t count() const { return count_; }

  private:
    std::string_view s_, separators_;
    std::size_t i_ = 0;
    std::size_t count_ = 0;
};

// Lists of numbers compared component by component, a list that runs out first being the
// lower ("1.0" < "1.0.0"); then what does not parse: no rest first, then byte by byte.
[[nodiscard]] int compare_numeric_lists(std::string_view a,
                                        std::string_view b,
                                        std::string_view separators);

// Each returns negative, zero or positive; none throws or reads out of bounds on any input.
int compare_semver(std::string_view a, std::string_view b);
int compare_maven(std::string_view a, std::string_view b);
int compare_pep440(std::string_view a, std::string_view b);
int compare_rubygems(std::string_view a, std::string_view b);
int compare_nuget(std::string_view a, std::string_view b);
int compare_packagist(std::string_view a, std::string_view b);
int compare_pub(std::string_view a, std::string_view b);
int compare_cran(std::string_view a, std::string_view b);
int compare_hackage(std::string_view a, std::string_view b);
int compare_debian(std::string_view a, std::string_view b);
int compare_alpine(std::string_view a, std::string_view b);
int compare_rpm(std::string_view a, std::string_view b);

bool valid_semver(std::string_view v);
bool valid_maven(std::string_view v);
bool valid_pep440(std::string_view v);
bool valid_rubygems(std::string_view v);
bool valid_nuget(std::string_view v);
bool valid_packagist(std::string_view v);
bool valid_pub(std::string_view v);
bool valid_cran(std::string_view v);
bool valid_hackage(std::string_view v);
bool valid_debian(std::string_view v);
bool valid_alpine(std::string_view v);
bool valid_rpm(std::string_view v);

}  // namespace wasp::vuln::detail
