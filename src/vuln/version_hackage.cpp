// Haskell version ordering (Data.Version, Cabal's Version), used for Hackage.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

// Digit strings by value, however long: numbers never overflow because they are never converted.

// The dotted numbers of a version, one at a time; what does not parse is the rest.
class Components {
  public:
    explicit Components(std::string_view s) : s_(s) {}

    bool next(std::string_view& out) {
        std::size_t start = i_;
        if (i_ > 0) {
            if (i_ + 1 >= s_.size() || s_[i_] != '.' || !is_digit(s_[i_ + 1])) return false;
            start = ++i_;
        }
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        if (i_ == start) return false;
        out = s_.substr(start, i_ - start);
        return true;
    }

    [[nodiscard]] std::string_view rest() const { return s_.substr(i_); }

  private:
    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

// The lists of numbers compared lexicographically, a list that is a prefix of the other being
// the lower ("1.0" < "1.0.0"). The deprecated tags ("1.0-beta") and anything else that is not a
// dotted number are compared last: no rest first, then byte by byte.
int compare_hackage(std::string_view a, std::string_view b) {
    Components x(a), y(b);
    for (;;) {
        std::string_view cx, cy;
        bool hx = x.next(cx), hy = y.next(cy);
        if (hx != hy) return hx ? 1 : -1;
        if (!hx) break;
        if (int c = compare_digits(cx, cy); c != 0) return c;
    }
    std::string_view rx = x.rest(), ry = y.rest();
    if (rx.empty() != ry.empty()) return rx.empty() ? -1 : 1;
    return sign(rx.compare(ry));
}

// What Cabal's parser accepts without warning: dotted numbers, each without a leading zero and
// of at most nine digits.
bool valid_hackage(std::string_view v) {
    Components c(v);
    std::string_view part;
    bool any = false;
    while (c.next(part)) {
        if (part.size() > 9 || (part.size() > 1 && part.front() == '0')) return false;
        any = true;
    }
    return any && c.rest().empty();
}

}  // namespace wasp::vuln::detail
