// R package_version ordering, used for CRAN.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
namespace {

bool is_separator(char c) { return c == '.' || c == '-'; }

// Digit strings by value, however long: numbers never overflow because they are never converted.

// The numeric components of a version, one at a time; what does not parse is the rest.
class Components {
  public:
    explicit Components(std::string_view s) : s_(s) {}

    // The next component, or false at the first character that does not continue the list.
    bool next(std::string_view& out) {
        std::size_t start = i_;
        if (i_ > 0) {
            if (i_ + 1 >= s_.size() || !is_separator(s_[i_]) || !is_digit(s_[i_ + 1])) return false;
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
    std::string_view s_;
    std::size_t i_ = 0;
    std::size_t count_ = 0;
};

}  // namespace

// Component by component by value ('.' and '-' separate alike, so "1.0-1" = "1.0.1"); a version
// that runs out first is the lower ("1.0" < "1.0.0"). R rejects anything else; here it is
// compared by its leading components, then by the rest, no rest first, then byte by byte.
int compare_cran(std::string_view a, std::string_view b) {
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

// R's valid_package_version: at least two numbers separated by '.' or '-'.
bool valid_cran(std::string_view v) {
    Components c(v);
    std::string_view part;
    while (c.next(part)) {
    }
    return c.rest().empty() && c.count() >= 2;
}

}  // namespace wasp::vuln::detail
