// dpkg version ordering (Debian policy 5.6.12, deb-version(7)), used for Debian and Ubuntu.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The weight of one character of a non-digit run. The end of the run (a digit or the end of the
// string) weighs 0, so "~" sorts before the end and every other character after it; letters
// sort before every non-letter.
int weight(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    char c = s[i];
    if (is_digit(c)) return 0;
    if (is_alpha(c)) return static_cast<unsigned char>(c);
    if (c == '~') return -1;
    return static_cast<unsigned char>(c) + 256;
}

// dpkg's comparison of an upstream version or a revision: alternating non-digit runs (compared
// character by character by weight) and digit runs (compared by value, an empty run being 0).
int compare_part(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
            int wa = weight(a, i), wb = weight(b, j);
            if (wa != wb) return wa < wb ? -1 : 1;
            ++i;
            ++j;
        }
        std::size_t ie = i, je = j;
        while (ie < a.size() && is_digit(a[ie])) ++ie;
        while (je < b.size() && is_digit(b[je])) ++je;
        if (int c = compare_digits(a.substr(i, ie - i), b.substr(j, je - j)); c != 0) return c;
        i = ie;
        j = je;
    }
    return 0;
}

struct DebianVersion {
    std::string_view epoch;  // digits, empty for none (0)
    std::string_view upstream;
    std::string_view revision;  // empty for none, which orders as "0"
    bool has_revision = false;
};

std::string_view trim(std::string_view v) {
    while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
    while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
    return v;
}

// The epoch is what precedes the first colon, if that is all digits; the revision is what
// follows the last hyphen. A string dpkg rejects still splits this way, so it gets a place.
DebianVersion split(std::string_view v) {
    DebianVersion out;
    v = trim(v);
    if (auto colon = v.find(':'); colon != std::string_view::npos) {
        std::string_view epoch = v.substr(0, colon);
        bool digits = true;
        for (char c : epoch) digits = digits && is_digit(c);
        if (digits) {
            out.epoch = epoch;
            v.remove_prefix(colon + 1);
        }
    }
    if (auto hyphen = v.rfind('-'); hyphen != std::string_view::npos) {
        out.revision = v.substr(hyphen + 1);
        out.has_revision = true;
        v = v.substr(0, hyphen);
    }
    out.upstream = v;
    return out;
}

}  // namespace

int compare_debian(std::string_view a, std::string_view b) {
    DebianVersion x = split(a), y = split(b);
    if (int c = compare_digits(x.epoch, y.epoch); c != 0) return c;
    if (int c = compare_part(x.upstream, y.upstream); c != 0) return c;
    return compare_part(x.revision, y.revision);
}

// What dpkg accepts without error or warning: an optional numeric epoch, an upstream version
// that starts with a digit and holds only alphanumerics and ". + ~ - :", and an optional
// non-empty revision of alphanumerics and ". + ~".
bool valid_debian(std::string_view v) {
    v = trim(v);
    if (v.empty()) return false;
    for (char c : v) {
        if (is_space(c)) return false;
    }
    if (auto colon = v.find(':'); colon != std::string_view::npos) {
        std::string_view epoch = v.substr(0, colon);
        if (epoch.empty()) return false;
        for (char c : epoch) {
            if (!is_digit(c)) return false;
        }
        // dpkg keeps the epoch in an int.
        if (compare_digits(epoch, "2147483647") > 0) return false;
    }
    DebianVersion d = split(v);
    if (d.upstream.empty() || !is_digit(d.upstream.front())) return false;
    for (char c : d.upstream) {
        if (!is_digit(c) && !is_alpha(c) &&
            std::string_view(".+~-:").find(c) == std::string_view::npos) {
            return false;
        }
    }
    if (d.has_revision) {
        if (d.revision.empty()) return false;
        for (char c : d.revision) {
            if (!is_digit(c) && !is_alpha(c) &&
                std::string_view(".+~").find(c) == std::string_view::npos) {
                return false;
            }
        }
    }
    return true;
}

}  // namespace wasp::vuln::detail
