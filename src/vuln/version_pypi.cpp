// PyPI version ordering: PEP 440 as the "packaging" library implements it (Version._key).
//
// A valid version is [v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], read case-insensitively with
// the spellings PEP 440 normalises: "alpha", "beta", "c", "pre", "preview" for pre-releases;
// "-N", "rev", "r" for post-releases; "-", "_" or "." or nothing as separators; an implicit 0
// when a number is left out. Order: epoch, release (trailing zeros ignored), then dev-only
// releases < pre-releases < the release < post-releases, dev releases before what they develop,
// and a local version after the same public version (local segments: numbers by value and after
// words, words case-insensitively, more segments after fewer).
//
// Strings that are not PEP 440 ("0.9-ivysaur", "2004d") are ordered as packaging's LegacyVersion
// (before version 22) ordered them, which is what pip did with them for years: before every
// valid version, and among themselves by setuptools' old parse_version key.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }
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

// ---------------------------------------------------------------------------------------------
// PEP 440 versions

enum class Pre : int { kA = 0, kB = 1, kRc = 2 };

struct Pep440 {
    std::string_view epoch;    // digits, "" = 0
    std::string_view release;  // "N(.N)*"
    bool has_pre = false;
    Pre pre = Pre::kA;
    std::string_view pre_n;
    bool has_post = false;
    std::string_view post_n;
    bool has_dev = false;
    std::string_view dev_n;
    bool has_local = false;
    std::string_view local;  // after "+"
};

// A hand-written reading of packaging's VERSION_PATTERN. Where the pattern's optional separators
// could be taken or left, taking them is never worse: every later part may start with its own
// optional separator, so a greedy reading accepts exactly the strings the pattern accepts.
class Parser {
  public:
    explicit Parser(std::string_view s) : s_(s) {}

    bool parse(Pep440& out) {
        if (at('v') || at('V')) ++pos_;
        const std::size_t first = pos_;
        if (!digits()) return false;
        if (at('!')) {
            out.epoch = s_.substr(first, pos_ - first);
            ++pos_;
            const std::size_t release = pos_;
            if (!digits()) return false;
            out.release = release_from(release);
        } else {
            out.release = release_from(first);
        }
        pre(out);
        post(out);
        dev(out);
        if (at('+')) {
            ++pos_;
            out.has_local = true;
            out.local = s_.substr(pos_);
            return valid_local(out.local);
        }
        return pos_ == s_.size();
    }

  private:
    [[nodiscard]] bool at(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
    [[nodiscard]] bool at_digit() const { return pos_ < s_.size() && is_digit(s_[pos_]); }
    [[nodiscard]] bool at_separator() const { return pos_ < s_.size() && is_separator(s_[pos_]); }

    bool digits() {
        const std::size_t start = pos_;
        while (at_digit()) ++pos_;
        return pos_ > start;
    }

    std::string_view release_from(std::size_t start) {
        while (at('.') && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1])) {
            ++pos_;
            digits();
        }
        return s_.substr(start, pos_ - start);
    }

    // The longest of the words (given longest first) at the current position.
    bool word(std::initializer_list<std::string_view> words, std::size_t& length) {
        for (std::string_view w : words) {
            if (s_.size() - pos_ >= w.size() && iequals(s_.substr(pos_, w.size()), w)) {
                length = w.size();
                return true;
            }
        }
        return false;
    }

    // "[sep]N" after a pre, post or dev word; "" when there is no number (an implicit 0).
    std::string_view number() {
        if (at_separator()) ++pos_;
        const std::size_t start = pos_;
        digits();
        return s_.substr(start, pos_ - start);
    }

    void pre(Pep440& out) {
        const std::size_t saved = pos_;
        if (at_separator()) ++pos_;
        std::size_t n = 0;
        if (!word({"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"}, n)) {
            pos_ = saved;
            return;
        }
        const char first = to_lower(s_[pos_]);
        out.has_pre = true;
        out.pre = first == 'a' ? Pre::kA : first == 'b' ? Pre::kB : Pre::kRc;
        pos_ += n;
        out.pre_n = number();
    }

    void post(Pep440& out) {
        if (at('-') && pos_ + 1 < s_.size() && is_digit(s_[pos_ + 1])) {
            ++pos_;
            const std::size_t start = pos_;
            digits();
            out.has_post = true;
            out.post_n = s_.substr(start, pos_ - start);
            return;
        }
        const std::size_t saved = pos_;
        if (at_separator()) ++pos_;
        std::size_t n = 0;
        if (!word({"post", "rev", "r"}, n)) {
            pos_ = saved;
            return;
        }
        pos_ += n;
        out.has_post = true;
        out.post_n = number();
    }

    void dev(Pep440& out) {
        const std::size_t saved = pos_;
        if (at_separator()) ++pos_;
        std::size_t n = 0;
        if (!word({"dev"}, n)) {
            pos_ = saved;
            return;
        }
        pos_ += n;
        out.has_dev = true;
        out.dev_n = number();
    }

    // [a-z0-9]+([-_.][a-z0-9]+)*
    static bool valid_local(std::string_view s) {
        bool need = true;  // an alphanumeric character must come next
        for (char c : s) {
            if (is_digit(c) || is_alpha(c)) {
                need = false;
            } else if (is_separator(c) && !need) {
                need = true;
            } else {
                return false;
            }
        }
        return !need;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

bool parse_pep440(std::string_view v, Pep440& out) { return Parser(trim(v)).parse(out); }

// Release segments padded with zeros.
int compare_release(std::string_view a, std::string_view b) {
    while (!a.empty() || !b.empty()) {
        const std::size_t da = a.find('.');
        const std::size_t db = b.find('.');
        if (const int c = compare_digits(a.substr(0, da), b.substr(0, db)); c != 0) return c;
        a = da == std::string_view::npos ? std::string_view{} : a.substr(da + 1);
        b = db == std::string_view::npos ? std::string_view{} : b.substr(db + 1);
    }
    return 0;
}

int sign_of(bool less, bool greater) { return less ? -1 : greater ? 1 : 0; }

int compare_valid(const Pep440& x, const Pep440& y) {
    if (const int c = compare_digits(x.epoch, y.epoch); c != 0) return c;
    if (const int c = compare_release(x.release, y.release); c != 0) return c;
    // Pre-release slot: a bare dev release sorts before any pre-release of the same release, a
    // release without pre-release after all of them.
    const auto pre_slot = [](const Pep440& v) {
        if (!v.has_pre && !v.has_post && v.has_dev) return 0;
        return v.has_pre ? 1 : 2;
    };
    const int px = pre_slot(x);
    const int py = pre_slot(y);
    if (px != py) return px < py ? -1 : 1;
    if (px == 1) {
        if (x.pre != y.pre) return x.pre < y.pre ? -1 : 1;
        if (const int c = compare_digits(x.pre_n, y.pre_n); c != 0) return c;
    }
    if (x.has_post != y.has_post) return x.has_post ? 1 : -1;
    if (x.has_post) {
        if (const int c = compare_digits(x.post_n, y.post_n); c != 0) return c;
    }
    if (x.has_dev != y.has_dev) return x.has_dev ? -1 : 1;
    if (x.has_dev) {
        if (const int c = compare_digits(x.dev_n, y.dev_n); c != 0) return c;
    }
    if (x.has_local != y.has_local) return sign_of(!x.has_local, !y.has_local);
    return x.has_local ? compare_dotted(x.local, y.local, {"-_.", false, Fold::kLower}) : 0;
}

// ---------------------------------------------------------------------------------------------
// Legacy (invalid) versions: packaging's _legacy_cmpkey. The string is lower-cased and split
// into runs of digits, runs of letters, ".", "-" and whatever lies between them; "pre",
// "preview" and "rc" read as "c", "dev" as "@", "-" as "final-"; numbers are padded to 8 digits
// and words prefixed with "*"; a word before "*final" removes the "*final-" parts before it, any
// word removes the "00000000" parts before it; "*final" ends the key. Keys compare as tuples of
// strings.

constexpr std::size_t kInlineParts = 24;

struct Part {
    bool numeric = false;
    std::string_view text;  // digits as written, or the word (lower-cased on comparison)
};

// The byte at index i of a part's key string, and its length.
std::size_t part_size(const Part& p) {
    return p.numeric ? (p.text.size() < 8 ? 8 : p.text.size()) : p.text.size() + 1;
}
char part_at(const Part& p, std::size_t i) {
    if (p.numeric) {
        const std::size_t pad = p.text.size() < 8 ? 8 - p.text.size() : 0;
        return i < pad ? '0' : p.text[i - pad];
    }
    return i == 0 ? '*' : to_lower(p.text[i - 1]);
}

int compare_parts(const Part& a, const Part& b) {
    const std::size_t na = part_size(a);
    const std::size_t nb = part_size(b);
    const std::size_t n = na < nb ? na : nb;
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(part_at(a, i));
        const auto y = static_cast<unsigned char>(part_at(b, i));
        if (x != y) return x < y ? -1 : 1;
    }
    if (na == nb) return 0;
    return na < nb ? -1 : 1;
}

// Inline storage for the usual parts; a hostile version with more spills to the heap.
class Parts {
  public:
    void push(const Part& p) {
        if (size_ < kInlineParts) {
            inline_[size_] = p;
        } else {
            if (heap_.empty()) heap_.assign(inline_.begin(), inline_.end());
            heap_.push_back(p);
        }
        ++size_;
    }
    void pop() {
        --size_;
        if (!heap_.empty()) {
            heap_.pop_back();
            if (size_ == kInlineParts) {
                for (std::size_t i = 0; i < size_; ++i) inline_[i] = heap_[i];
                heap_.clear();
            }
        }
    }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] const Part& operator[](std::size_t i) const {
        return heap_.empty() ? inline_[i] : heap_[i];
    }
    [[nodiscard]] const Part& back() const { return (*this)[size_ - 1]; }

  private:
    std::array<Part, kInlineParts> inline_;
    std::vector<Part> heap_;
    std::size_t size_ = 0;
};

constexpr Part kFinal{false, "final"};
constexpr Part kFinalDash{false, "final-"};

bool is_final_dash(const Part& p) { return !p.numeric && p.text == "final-"; }
bool is_zero_part(const Part& p) {
    if (!p.numeric || p.text.size() > 8) return false;
    for (char c : p.text) {
        if (c != '0') return false;
    }
    return true;
}

void add_legacy_part(Parts& parts, const Part& part) {
    if (!part.numeric) {
        if (compare_parts(part, kFinal) < 0) {
            while (!parts.empty() && is_final_dash(parts.back())) parts.pop();
        }
        while (!parts.empty() && is_zero_part(parts.back())) parts.pop();
    }
    parts.push(part);
}

void legacy_key(std::string_view v, Parts& parts) {
    std::size_t pos = 0;
    while (pos < v.size()) {
        const char c = v[pos];
        const std::size_t start = pos;
        if (is_digit(c)) {
            while (pos < v.size() && is_digit(v[pos])) ++pos;
            add_legacy_part(parts, {true, v.substr(start, pos - start)});
            continue;
        }
        if (is_alpha(c)) {
            while (pos < v.size() && is_alpha(v[pos])) ++pos;
            std::string_view w = v.substr(start, pos - start);
            if (iequals(w, "pre") || iequals(w, "preview") || iequals(w, "rc")) {
                w = "c";
            } else if (iequals(w, "dev")) {
                w = "@";
            }
            add_legacy_part(parts, {false, w});
            continue;
        }
        if (c == '.') {
            ++pos;
            continue;
        }
        if (c == '-') {
            ++pos;
            add_legacy_part(parts, kFinalDash);
            continue;
        }
        while (pos < v.size() && !is_digit(v[pos]) && !is_alpha(v[pos]) && v[pos] != '.' &&
               v[pos] != '-') {
            ++pos;
        }
        add_legacy_part(parts, {false, v.substr(start, pos - start)});
    }
    add_legacy_part(parts, kFinal);
}

int compare_legacy(std::string_view a, std::string_view b) {
    Parts x;
    Parts y;
    legacy_key(a, x);
    legacy_key(b, y);
    const std::size_t n = x.size() < y.size() ? x.size() : y.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (const int c = compare_parts(x[i], y[i]); c != 0) return c;
    }
    if (x.size() == y.size()) return 0;
    return x.size() < y.size() ? -1 : 1;
}

}  // namespace

int compare_pep440(std::string_view a, std::string_view b) {
    Pep440 x;
    Pep440 y;
    const bool vx = parse_pep440(a, x);
    const bool vy = parse_pep440(b, y);
    if (vx && vy) return compare_valid(x, y);
    if (vx != vy) return vx ? 1 : -1;
    return compare_legacy(a, b);
}

bool valid_pep440(std::string_view v) {
    Pep440 out;
    return parse_pep440(v, out);
}

}  // namespace wasp::vuln::detail
