// Haskell version ordering (Data.Version, Cabal's Version), used for Hackage.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {

// The lists of numbers compared lexicographically, a list that is a prefix of the other being
// the lower ("1.0" < "1.0.0"). The deprecated tags ("1.0-beta") and anything else that is not a
// dotted number are compared last: no rest first, then byte by byte.
int compare_hackage(std::string_view a, std::string_view b) {
    return compare_numeric_lists(a, b, ".");
}

// What Cabal's parser accepts without warning: dotted numbers, each without a leading zero and
// of at most nine digits.
bool valid_hackage(std::string_view v) {
    NumericComponents c(v, ".");
    std::string_view part;
    bool any = false;
    while (c.next(part)) {
        if (part.size() > 9 || (part.size() > 1 && part.front() == '0')) return false;
        any = true;
    }
    return any && c.rest().empty();
}

}  // namespace wasp::vuln::detail
