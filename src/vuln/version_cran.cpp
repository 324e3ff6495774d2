// R package_version ordering, used for CRAN.
#include <cstddef>
#include <string_view>

#include "vuln/version_internal.h"

namespace wasp::vuln::detail {
// Component by component by value ('.' and '-' separate alike, so "1.0-1" = "1.0.1"); a version
// that runs out first is the lower ("1.0" < "1.0.0"). R rejects anything else; here it is
// compared by its leading components, then by the rest, no rest first, then byte by byte.
int compare_cran(std::string_view a, std::string_view b) {
    return compare_numeric_lists(a, b, ".-");
}

// R's valid_package_version: at least two numbers separated by '.' or '-'.
bool valid_cran(std::string_view v) {
    NumericComponents c(v, ".-");
    std::string_view part;
    while (c.next(part)) {
    }
    return c.rest().empty() && c.count() >= 2;
}

}  // namespace wasp::vuln::detail
