// rpm version ordering ([epoch:]version[-release] compared with rpmvercmp), used for Red Hat,
// Rocky Linux, AlmaLinux, SUSE, openSUSE and the other rpm-based distributions.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// rpmvercmp sees a string as segments with separators (anything but ASCII alphanumerics, '~'
// and '^', so also every non-ASCII byte) dropped. Listed in their order at one position: '~'
// before the end, the end before '^', '^' before any run, letters before digits.
enum class Kind { kTilde, kEnd, kCaret, kAlpha, kDigits };

struct Segment {
    Kind kind;
    std::string_view text;
};

Segment next_segment(std::string_view s, std::size_t& i) {
    while (i < s.size() && !is_digit(s[i]) && !is_alpha(s[i]) && s[i] != '~' && s[i] != '^') ++i;
    if (i == s.size()) return {Kind::kEnd, {}};
    if (s[i] == '~') return {Kind::kTilde, s.substr(i++, 1)};
    if (s[i] == '^') return {Kind::kCaret, s.substr(i++, 1)};
    std::size_t start = i;
    bool digits = is_digit(s[i]);
    while (i < s.size() && (digits ? is_digit(s[i]) : is_alpha(s[i]))) ++i;
    return {digits ? Kind::kDigits : Kind::kAlpha, s.substr(start, i - start)};
}

// Segment by segment, as rpmvercmp does; every segment kind is totally ordered, so this is a
// lexicographic order and transitive.
int rpmvercmp(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    for (;;) {
        Segment x = next_segment(a, i), y = next_segment(b, j);
        if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
        switch (x.kind) {
            case Kind::kEnd:
                return 0;
            case Kind::kTilde:
            case Kind::kCaret:
                break;
            case Kind::kAlpha:
                if (int c = sign(x.text.compare(y.text)); c != 0) return c;
                break;
            case Kind::kDigits:
                if (int c = compare_digits(x.text, y.text); c != 0) return c;
                break;
        }
    }
}

struct Evr {
    std::string_view epoch;  // digits; empty is epoch 0
    std::string_view version;
    std::string_view release;
    bool has_release = false;
};

// As rpm splits an EVR: the epoch is a run of leading digits ended by ':' (anything else before
// a colon makes the colon part of the version), the release follows the last '-'.
Evr split(std::string_view v) {
    Evr out;
    std::size_t digits = 0;
    while (digits < v.size() && is_digit(v[digits])) ++digits;
    if (digits < v.size() && v[digits] == ':') {
        out.epoch = v.substr(0, digits);
        v.remove_prefix(digits + 1);
    }
    if (auto hyphen = v.rfind('-'); hyphen != std::string_view::npos) {
        out.release = v.substr(hyphen + 1);
        out.has_release = true;
        v = v.substr(0, hyphen);
    }
    out.version = v;
    return out;
}

bool valid_rpm_part(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_digit(c) && !is_alpha(c) &&
            std::string_view("._+~^").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

}  // namespace

// Epoch by value (none is 0), then version, then release with rpmvercmp. rpm itself skips the
// release when one side has none (a dependency on "1.0" matches "1.0-5"); a total order cannot,
// so a missing release sorts before any release, even an empty one ("1" < "1-").
int compare_rpm(std::string_view a, std::string_view b) {
    Evr x = split(a), y = split(b);
    if (int c = compare_digits(x.epoch, y.epoch); c != 0) return c;
    if (int c = rpmvercmp(x.version, y.version); c != 0) return c;
    if (x.has_release != y.has_release) return x.has_release ? 1 : -1;
    return rpmvercmp(x.release, y.release);
}

// What rpmbuild accepts in an EVR: an optional numeric epoch, then a version and an optional
// release, each non-empty and made of ASCII alphanumerics and "._+~^".
bool valid_rpm(std::string_view v) {
    if (auto colon = v.find(':'); colon != std::string_view::npos) {
        if (colon == 0) return false;
        for (char c : v.substr(0, colon)) {
            if (!is_digit(c)) return false;
        }
        v.remove_prefix(colon + 1);
    }
    if (auto hyphen = v.find('-'); hyphen != std::string_view::npos) {
        return valid_rpm_part(v.substr(0, hyphen)) && valid_rpm_part(v.substr(hyphen + 1));
    }
    return valid_rpm_part(v);
}

}  // namespace wasp::vuln::detail
