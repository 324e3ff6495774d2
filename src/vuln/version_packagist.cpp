// Packagist version ordering: PHP's version_compare() after the parts of Composer's
// VersionParser::normalize() that change an order, which is how Composer and OSV compare
// Packagist versions.
//
// Composer's normalisation kept here: surrounding whitespace and a leading "v"/"V" go, build
// metadata after "+" is dropped, "master", "trunk" and "default" are the branches "dev-master",
// ..., a "-stable" suffix is the release itself, stability words are case-insensitive ("RC1" =
// "rc1", "Beta" = "beta"), and numeric branches such as "2.1.x-dev" read as 2.1.9999999.9999999
// followed by "dev". Composer's padding to four numbers is not applied: OSV and PHP order "1.0"
// before "1.0.0", and so does this.
//
// version_compare() then splits the string into elements at ".", "-", "_", "+", any other
// character that is neither a letter, a digit nor "#", and every change between digits and
// non-digits. Numbers compare by value (any length: PHP clamps at 64 bits). Words compare by the
// rank of their first letters: "dev" < "alpha"/"a…" < "beta"/"b…" < "RC"/"rc…" < "#" < "pl"/"p…",
// any other word before all of them; a number meeting a word counts as "#". When one version
// runs out, the other's next element decides: a number makes it greater, a word by its rank
// against "#". So 1.0-dev < 1.0a1 < 1.0b1 < 1.0RC1 < 1.0 < 1.0.0 < 1.0pl1.
//
// Two branches ("dev-…") that version_compare() finds equal are ordered by name so that only
// identical branches are equal. A "#" element equals any number, as in PHP; orderings of strings
// holding "#", which Composer rejects, are therefore not transitive.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

constexpr std::size_t kInline = 16;
// Composer's stand-in for an "x" in a numeric branch name.
constexpr std::string_view kWildcardNumber = "9999999";

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_word_char(char c) { return is_alpha(c) || c == '#'; }
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != lower[i]) return false;
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view lower) {
    return s.size() >= lower.size() && iequals(s.substr(0, lower.size()), lower);
}

// version_compare()'s special forms, matched as prefixes in PHP's order; kHash is also the rank
// of any number.
constexpr int kUnknown = -1;
constexpr int kHash = 4;

int word_rank(std::string_view w) {
    if (istarts_with(w, "dev")) return 0;
    if (istarts_with(w, "a")) return 1;
    if (istarts_with(w, "b")) return 2;
    if (istarts_with(w, "rc")) return 3;
    if (istarts_with(w, "#")) return kHash;
    if (istarts_with(w, "p")) return 5;
    return kUnknown;
}

struct Element {
    bool numeric = false;
    std::string_view text;
    int rank = kHash;
};

Element number(std::string_view digits) { return {true, digits, kHash}; }
Element word(std::string_view text) { return {false, text, word_rank(text)}; }

// Inline storage for the usual elements; a hostile version with more spills to the heap.
class Elements {
  public:
    void push(const Element& e) {
        if (size_ < kInline) {
            inline_[size_] = e;
        } else {
            if (heap_.empty()) heap_.assign(inline_.begin(), inline_.end());
            heap_.push_back(e);
        }
        ++size_;
    }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] const Element& operator[](std::size_t i) const {
        return heap_.empty() ? inline_[i] : heap_[i];
    }

  private:
    std::array<Element, kInline> inline_;
    std::vector<Element> heap_;
    std::size_t size_ = 0;
};

struct Key {
    Elements elements;
    bool branch = false;
    std::string_view branch_name;
};

// Splits into version_compare() elements; a "stable" word ends the version, as in Composer.
void split(std::string_view s, Elements& out) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const char c = s[pos];
        const std::size_t start = pos;
        if (is_digit(c)) {
            while (pos < s.size() && is_digit(s[pos])) ++pos;
            out.push(number(s.substr(start, pos - start)));
        } else if (is_word_char(c)) {
            while (pos < s.size() && is_word_char(s[pos])) ++pos;
            const std::string_view w = s.substr(start, pos - start);
            if (iequals(w, "stable")) return;
            out.push(word(w));
        } else {
            ++pos;
        }
    }
}

// Composer's numeric branch (VersionParser::normalizeBranch): N(.N|.x|.X|.*){0,3} then
// [.-]?dev; missing parts are wildcards too. Composer reads one without a wildcard ("1.2-dev") as
// an ordinary version first, so ordering asks for a wildcard.
bool numeric_branch(std::string_view s, bool need_wildcard, Elements& out) {
    if (s.size() < 4 || !iequals(s.substr(s.size() - 3), "dev")) return false;
    std::string_view name = s.substr(0, s.size() - 3);
    if (name.back() == '.' || name.back() == '-') name.remove_suffix(1);
    std::array<std::string_view, 4> parts{};
    std::size_t count = 0;
    bool wildcard = false;
    std::size_t pos = 0;
    while (true) {
        if (count == parts.size()) return false;
        const std::size_t start = pos;
        while (pos < name.size() && is_digit(name[pos])) ++pos;
        if (pos == start) {
            if (count == 0 || pos >= name.size()) return false;
            const char c = name[pos];
            if (c != 'x' && c != 'X' && c != '*') return false;
            wildcard = true;
            parts[count++] = kWildcardNumber;
            ++pos;
        } else {
            parts[count++] = name.substr(start, pos - start);
        }
        if (pos == name.size()) break;
        if (name[pos] != '.') return false;
        ++pos;
    }
    if (need_wildcard && !wildcard) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out.push(number(i < count ? parts[i] : kWildcardNumber));
    }
    out.push(word("dev"));
    return true;
}

void make_key(std::string_view v, Key& key) {
    v = trim(v);
    if (iequals(v, "master") || iequals(v, "trunk") || iequals(v, "default")) {
        key.branch = true;
        key.branch_name = v;
        key.elements.push(word("dev"));
        split(v, key.elements);
        return;
    }
    if (istarts_with(v, "dev-")) {
        key.branch = true;
        key.branch_name = v.substr(4);
        split(v, key.elements);
        return;
    }
    v = v.substr(0, v.find('+'));
    if (v.size() > 1 && (v[0] == 'v' || v[0] == 'V') && is_digit(v[1])) v.remove_prefix(1);
    if (numeric_branch(v, true, key.elements)) return;
    split(v, key.elements);
}

int compare_elements(const Element& a, const Element& b) {
    if (a.numeric && b.numeric) return compare_digits(a.text, b.text);
    if (a.rank == b.rank) return 0;
    return a.rank < b.rank ? -1 : 1;
}

// What the longer version's remaining elements say against the end of the shorter one.
int compare_tail(const Elements& e, std::size_t from) {
    for (std::size_t i = from; i < e.size(); ++i) {
        if (e[i].numeric) return 1;
        if (e[i].rank != kHash) return e[i].rank < kHash ? -1 : 1;
    }
    return 0;
}

int compare_keys(const Key& x, const Key& y) {
    const std::size_t n =
        x.elements.size() < y.elements.size() ? x.elements.size() : y.elements.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (const int c = compare_elements(x.elements[i], y.elements[i]); c != 0) return c;
    }
    if (const int c = compare_tail(x.elements, n); c != 0) return c;
    if (const int c = compare_tail(y.elements, n); c != 0) return -c;
    if (x.branch && y.branch) {
        const int c = x.branch_name.compare(y.branch_name);
        return (c > 0) - (c < 0);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Validity: what VersionParser::normalize() accepts.

class Matcher {
  public:
    explicit Matcher(std::string_view s) : s_(s) {}

    // "^v?\d{1,5}(\.\d+){0,3}" MODIFIER "$"
    bool classical() {
        std::size_t pos = skip_v(0);
        const std::size_t start = pos;
        pos = digits(pos);
        if (pos == start || pos - start > 5) return false;
        for (int i = 0; i < 3 && pos + 1 < s_.size() && s_[pos] == '.' && is_digit(s_[pos + 1]);
             ++i) {
            pos = digits(pos + 1);
        }
        return modifier(pos);
    }

    // "^v?\d{4}([.:-]?\d{2}){1,6}([.:-]?\d{1,3}){0,2}" MODIFIER "$", with backtracking.
    bool date() {
        std::size_t pos = skip_v(0);
        if (digits(pos) - pos < 4) return false;
        return date_pairs(pos + 4, 0);
    }

  private:
    [[nodiscard]] std::size_t skip_v(std::size_t pos) const {
        return pos < s_.size() && (s_[pos] == 'v' || s_[pos] == 'V') ? pos + 1 : pos;
    }
    [[nodiscard]] std::size_t digits(std::size_t pos) const {
        while (pos < s_.size() && is_digit(s_[pos])) ++pos;
        return pos;
    }
    [[nodiscard]] bool date_sep(std::size_t pos) const {
        return pos < s_.size() && (s_[pos] == '.' || s_[pos] == ':' || s_[pos] == '-');
    }
    [[nodiscard]] bool digits_at(std::size_t pos, std::size_t n) const {
        if (pos + n > s_.size()) return false;
        for (std::size_t i = 0; i < n; ++i) {
            if (!is_digit(s_[pos + i])) return false;
        }
        return true;
    }

    bool date_pairs(std::size_t pos, int count) {
        if (count < 6) {
            for (std::size_t p : {pos, date_sep(pos) ? pos + 1 : std::string_view::npos}) {
                if (p != std::string_view::npos && digits_at(p, 2) &&
                    date_pairs(p + 2, count + 1)) {
                    return true;
                }
            }
        }
        return count >= 1 && date_tail(pos, 0);
    }

    bool date_tail(std::size_t pos, int count) {
        if (count < 2) {
            for (std::size_t p : {pos, date_sep(pos) ? pos + 1 : std::string_view::npos}) {
                if (p == std::string_view::npos) continue;
                for (std::size_t n = 3; n >= 1; --n) {
                    if (digits_at(p, n) && date_tail(p + n, count + 1)) return true;
                }
            }
        }
        return modifier(pos);
    }

    // "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$", case
    // insensitive. Taking the optional separator first is retried without it. The date pattern's
    // backtracking asks about the same few positions many times, and each answer can cost a scan
    // of the rest of the string, so answers are kept.
    bool modifier(std::size_t pos) {
        if (pos < memo_.size() && memo_[pos] != 0) return memo_[pos] > 0;
        const bool ok = (pos < s_.size() && (s_[pos] == '.' || s_[pos] == '_' || s_[pos] == '-') &&
                         modifier_body(pos + 1)) ||
                        modifier_body(pos);
        if (pos < memo_.size()) memo_[pos] = ok ? 1 : -1;
        return ok;
    }

    [[nodiscard]] bool modifier_body(std::size_t pos) const {
        static constexpr std::array<std::string_view, 9> kStabilities{
            "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p"};
        for (std::string_view w : kStabilities) {
            if (istarts_with(s_.substr(pos), w)) {
                std::size_t p = pos + w.size();
                while (true) {  // possessive: every "[.-]?\d+" that matches is kept
                    const std::size_t q =
                        p < s_.size() && (s_[p] == '.' || s_[p] == '-') ? p + 1 : p;
                    const std::size_t end = digits(q);
                    if (end == q) break;
                    p = end;
                }
                return dev_suffix(p);
            }
        }
        return dev_suffix(pos);
    }

    [[nodiscard]] bool dev_suffix(std::size_t pos) const {
        if (pos == s_.size()) return true;
        if (s_[pos] == '.' || s_[pos] == '-') ++pos;
        return s_.size() - pos == 3 && iequals(s_.substr(pos), "dev");
    }

    std::string_view s_;
    std::array<signed char, 48> memo_{};  // 1 matches, -1 does not, 0 unknown
};

}  // namespace

int compare_packagist(std::string_view a, std::string_view b) {
    Key x;
    Key y;
    make_key(a, x);
    make_key(b, y);
    return compare_keys(x, y);
}

bool valid_packagist(std::string_view v) {
    v = trim(v);
    if (v.empty()) return false;
    if (iequals(v, "master") || iequals(v, "trunk") || iequals(v, "default")) return true;
    if (istarts_with(v, "dev-")) return v.size() > 4;
    if (const std::size_t plus = v.find('+'); plus != std::string_view::npos) {
        // "^([^,\s+]++)\+[^\s]++$": metadata goes only when something precedes it.
        if (plus == 0 || plus + 1 == v.size()) return false;
        v = v.substr(0, plus);
    }
    if (v.find(',') != std::string_view::npos) return false;
    Matcher m(v);
    if (m.classical() || m.date()) return true;
    Elements ignored;
    return numeric_branch(v.size() > 1 && (v[0] == 'v' || v[0] == 'V') ? v.substr(1) : v, false,
                          ignored);
}

}  // namespace wasp::vuln::detail
