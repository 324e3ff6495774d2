// apk version ordering (apk-tools), used for Alpine, Wolfi, Chainguard and MinimOS.
//
// A version is number{.number}{letter}{_suffix{number}}...{~hash}{-rN}. apk compares two
// versions token by token; when the token kinds differ, a pre-release suffix (_alpha, _beta,
// _pre, _rc) sorts first and otherwise the kind that comes later in that grammar sorts first,
// so "1.2_rc1" < "1.2" < "1.2-r1" < "1.2_p1" < "1.2a" < "1.2.1".
//
// apk gives no order to strings it rejects (all compare "equal" from the first bad character
// on). Here the bad rest is a token of its own: it sorts after a pre-release suffix and before
// everything else, and two bad rests compare byte by byte. A revision that is not "-r" and
// digits ("1-r0-1", "1-ruff", "1--x") keeps its number (0 if none) and sorts before the end, so
// "1-ruff" < "1" < "1-r0"; what follows its number is ignored. "-r" with no digits is "-r0".
// Every token kind is totally ordered, so the whole order is lexicographic and transitive.
#include <array>
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// In grammar order; the comparison of two different kinds uses rank() below.
enum class Kind {
    kFirstNumber,
    kNumber,
    kLetter,
    kSuffix,
    kSuffixNumber,
    kHash,
    kRevision,
    kEnd,
    kBadRevision,
    kInvalid,
};

// Suffixes in their order (apk-tools, version.c): four before the plain release, five after.
constexpr std::array<std::string_view, 9> kSuffixes{"alpha", "beta", "pre", "rc", "cvs",
                                                    "svn",   "git",  "hg",  "p"};
constexpr int kFirstPostSuffix = 4;

struct Token {
    Kind kind = Kind::kFirstNumber;
    std::string_view text;  // digits, the letter, the hash, or the invalid rest
    int suffix = 0;         // index in kSuffixes
};

// Position in the order of tokens of different kinds at the same place, lowest first.
int rank(const Token& t) {
    switch (t.kind) {
        case Kind::kSuffix:
            return t.suffix < kFirstPostSuffix ? 0 : 7;
        case Kind::kInvalid:
            return 1;
        case Kind::kBadRevision:
            return 2;
        case Kind::kEnd:
            return 3;
        case Kind::kRevision:
            return 4;
        case Kind::kHash:
            return 5;
        case Kind::kSuffixNumber:
            return 6;
        case Kind::kLetter:
            return 8;
        case Kind::kNumber:
            return 9;
        case Kind::kFirstNumber:
            return 10;
    }
    return 1;
}

class Tokenizer {
  public:
    explicit Tokenizer(std::string_view s) : s_(s) {}

    Token next() {
        if (started_) return advance();
        started_ = true;
        std::string_view digits = take_digits();
        if (digits.empty()) return invalid(0);
        return set({Kind::kFirstNumber, digits});
    }

  private:
    Token advance() {
        if (last_ == Kind::kEnd || last_ == Kind::kInvalid || last_ == Kind::kBadRevision) {
            return {last_, {}};
        }
        if (i_ == s_.size()) return set({Kind::kEnd, {}});
        std::size_t start = i_;
        char c = s_[i_];
        bool after_number = last_ == Kind::kFirstNumber || last_ == Kind::kNumber;
        if (is_lower(c)) {
            if (!after_number) return invalid(start);
            ++i_;
            return set({Kind::kLetter, s_.substr(start, 1)});
        }
        if (c == '.') {
            if (!after_number) return invalid(start);
            ++i_;
            std::string_view digits = take_digits();
            if (digits.empty()) return invalid(start);
            return set({Kind::kNumber, digits});
        }
        if (is_digit(c)) {
            // Digits right after a letter ("2p1") are not part of the grammar.
            if (last_ != Kind::kSuffix) return invalid(start);
            return set({Kind::kSuffixNumber, take_digits()});
        }
        if (c == '_') {
            if (last_ > Kind::kSuffixNumber) return invalid(start);
            ++i_;
            std::size_t name = i_;
            while (i_ < s_.size() && is_lower(s_[i_])) ++i_;
            std::string_view word = s_.substr(name, i_ - name);
            for (std::size_t k = 0; k < kSuffixes.size(); ++k) {
                if (kSuffixes[k] == word) {
                    return set({Kind::kSuffix, word, static_cast<int>(k)});
                }
            }
            return invalid(start);
        }
        if (c == '~') {
            if (last_ >= Kind::kHash) return invalid(start);
            ++i_;
            std::size_t hex = i_;
            while (i_ < s_.size() && is_hex(s_[i_])) ++i_;
            if (i_ == hex) return invalid(start);
            return set({Kind::kHash, s_.substr(hex, i_ - hex)});
        }
        if (c == '-') {
            ++i_;
            std::string_view digits;
            bool r = i_ < s_.size() && s_[i_] == 'r';
            if (r) {
                ++i_;
                digits = take_digits();
            }
            Kind kind = r && i_ == s_.size() ? Kind::kRevision : Kind::kBadRevision;
            i_ = s_.size();
            return set({kind, digits});
        }
        return invalid(start);
    }

    std::string_view take_digits() {
        std::size_t start = i_;
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        return s_.substr(start, i_ - start);
    }

    Token invalid(std::size_t from) {
        i_ = s_.size();
        return set({Kind::kInvalid, s_.substr(from)});
    }

    Token set(Token t) {
        last_ = t.kind;
        return t;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    Kind last_ = Kind::kFirstNumber;
    bool started_ = false;
};

int compare_tokens(const Token& x, const Token& y) {
    if (int rx = rank(x), ry = rank(y); rx != ry) return rx < ry ? -1 : 1;
    switch (x.kind) {
        case Kind::kFirstNumber:
        case Kind::kSuffixNumber:
        case Kind::kRevision:
        case Kind::kBadRevision:
            return compare_digits(x.text, y.text);
        case Kind::kNumber:
            // A later number with a leading zero is a decimal fraction: "1.02" < "1.1", and
            // "1.05" < "1.1" < "1.2" (apk-tools, after Gentoo).
            if (x.text.front() == '0' || y.text.front() == '0') return sign(x.text.compare(y.text));
            return compare_digits(x.text, y.text);
        case Kind::kSuffix:
            return x.suffix == y.suffix ? 0 : (x.suffix < y.suffix ? -1 : 1);
        case Kind::kLetter:
        case Kind::kHash:
        case Kind::kInvalid:
            return sign(x.text.compare(y.text));
        case Kind::kEnd:
            return 0;
    }
    return 0;
}

bool terminal(Kind k) { return k == Kind::kEnd || k == Kind::kInvalid || k == Kind::kBadRevision; }

}  // namespace

int compare_alpine(std::string_view a, std::string_view b) {
    Tokenizer ta(a), tb(b);
    for (;;) {
        Token x = ta.next(), y = tb.next();
        if (int c = compare_tokens(x, y); c != 0) return c;
        if (terminal(x.kind)) return 0;
    }
}

// What "apk version --check" accepts: the grammar above to its end, "-r" with digits.
bool valid_alpine(std::string_view v) {
    Tokenizer t(v);
    for (;;) {
        Token k = t.next();
        if (k.kind == Kind::kEnd) return true;
        if (k.kind == Kind::kInvalid || k.kind == Kind::kBadRevision) return false;
        if (k.kind == Kind::kRevision && k.text.empty()) return false;
    }
}

}  // namespace wasp::vuln::detail
