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
