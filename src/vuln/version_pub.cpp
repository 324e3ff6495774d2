// Dart pub version ordering (package pub_semver), used for Pub.
//
// major.minor.patch[-pre-release][+build], each of the last two a list of '.'-separated
// identifiers of [0-9A-Za-z-]. Unlike SemVer 2, build metadata takes part in the order: a
// version with a build sorts after the same version without one ("1.0.0" < "1.0.0+1"), and two
// builds compare like pre-releases do.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

bool is_ident(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// An identifier that Dart's int.tryParse reads ("7", "007", "-3") is a number.
bool is_number(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    return all_digits(s);
}

// Identifiers that are numbers, by value however long: "-3" < "-0" = "0" < "7".
int compare_signed(std::string_view a, std::string_view b) {
    bool na = a.starts_with('-'), nb = b.starts_with('-');
    if (na) a.remove_prefix(1);
    if (nb) b.remove_prefix(1);
    auto zero = [](std::string_view s) {
        return s.find_first_not_of('0') == std::string_view::npos;
    };
    na = na && !zero(a);
    nb = nb && !zero(b);
    if (na != nb) return na ? -1 : 1;
    int c = compare_digits(a, b);
    return na ? -c : c;
}

// pub_semver's list order: numbers before strings, numbers by value, strings byte by byte, and
// a list that is a prefix of the other first.
int compare_lists(std::string_view a, std::string_view b) {
    for (;;) {
        std::size_t ea = a.find('.'), eb = b.find('.');
        std::string_view x = a.substr(0, ea), y = b.substr(0, eb);
        bool nx = is_number(x), ny = is_number(y);
        int c = 0;
        if (nx != ny) {
            c = nx ? -1 : 1;
        } else {
            c = nx ? compare_signed(x, y) : sign(x.compare(y));
        }
        if (c != 0) return c;
        bool more_a = ea != std::string_view::npos, more_b = eb != std::string_view::npos;
        if (more_a != more_b) return more_a ? 1 : -1;
        if (!more_a) return 0;
        a.remove_prefix(ea + 1);
        b.remove_prefix(eb + 1);
    }
}

struct PubVersion {
    std::string_view major, minor, patch;  // digits; empty (0) when missing
    int numbers = 0;                       // how many of the three are present
    std::string_view pre, build;           // without '-' or '+'
    bool has_pre = false, has_build = false;
    std::string_view rest;  // what does not parse, empty for a valid version
    bool v_prefix = false;
};

std::string_view take(std::string_view& s, bool (*pred)(char)) {
    std::size_t n = 0;
    while (n < s.size() && pred(s[n])) ++n;
    std::string_view out = s.substr(0, n);
    s.remove_prefix(n);
    return out;
}

bool is_list_char(char c) { return is_ident(c) || c == '.'; }

PubVersion parse(std::string_view s) {
    PubVersion v;
    if (!s.empty() && s.front() == 'v') {
        v.v_prefix = true;
        s.remove_prefix(1);
    }
    v.major = take(s, is_digit);
    if (!v.major.empty()) {
        v.numbers = 1;
        if (s.size() > 1 && s[0] == '.' && is_digit(s[1])) {
            s.remove_prefix(1);
            v.minor = take(s, is_digit);
            v.numbers = 2;
            if (s.size() > 1 && s[0] == '.' && is_digit(s[1])) {
                s.remove_prefix(1);
                v.patch = take(s, is_digit);
                v.numbers = 3;
            }
        }
    }
    if (!v.patch.empty() && !s.empty() && s[0] == '-') {
        s.remove_prefix(1);
        v.has_pre = true;
        v.pre = take(s, is_list_char);
    }
    if (!v.patch.empty() && !s.empty() && s[0] == '+') {
        s.remove_prefix(1);
        v.has_build = true;
        v.build = take(s, is_list_char);
    }
    v.rest = s;
    return v;
}

bool valid_list(std::string_view s) {
    for (;;) {
        std::size_t end = s.find('.');
        if (end == 0 || s.empty()) return false;
        if (end == std::string_view::npos) return true;
        s.remove_prefix(end + 1);
    }
}

}  // namespace

// major, minor, patch by value; then a pre-release before none; then the pre-release lists;
// then no build before a build; then the build lists. A leading "v" (which pub rejects) is
// ignored. A version pub rejects is compared by the parts that parse (a missing number is 0,
// and after equal numbers fewer of them sort first: "1.2" < "1.2.0-rc"), then by the rest, no
// rest first, then byte by byte.
int compare_pub(std::string_view a, std::string_view b) {
    PubVersion x = parse(a), y = parse(b);
    if (int c = compare_digits(x.major, y.major); c != 0) return c;
    if (int c = compare_digits(x.minor, y.minor); c != 0) return c;
    if (int c = compare_digits(x.patch, y.patch); c != 0) return c;
    if (x.numbers != y.numbers) return x.numbers < y.numbers ? -1 : 1;
    if (x.has_pre != y.has_pre) return x.has_pre ? -1 : 1;
    if (x.has_pre) {
        if (int c = compare_lists(x.pre, y.pre); c != 0) return c;
    }
    if (x.has_build != y.has_build) return x.has_build ? 1 : -1;
    if (x.has_build) {
        if (int c = compare_lists(x.build, y.build); c != 0) return c;
    }
    if (x.rest.empty() != y.rest.empty()) return x.rest.empty() ? -1 : 1;
    return sign(x.rest.compare(y.rest));
}

// pub_semver's grammar: three numbers, then optionally "-" and "+" each with a non-empty list of
// non-empty identifiers; no "v".
bool valid_pub(std::string_view v) {
    PubVersion p = parse(v);
    return !p.v_prefix && !p.patch.empty() && p.rest.empty() && (!p.has_pre || valid_list(p.pre)) &&
           (!p.has_build || valid_list(p.build));
}

}  // namespace wasp::vuln::detail
