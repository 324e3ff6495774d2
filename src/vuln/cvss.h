// CVSS base scores computed from the vector string: v2.0, v3.0, v3.1 and v4.0, as FIRST's
// specifications define them.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/severity.h"

namespace wasp::vuln {

struct CvssScore {
    int major = 3;            // 2, 3 or 4
    int minor = 1;            // 0 or 1 for v3, 0 otherwise
    double base_score = 0.0;  // 0.0 to 10.0, one decimal, rounded as the version specifies
    // The qualitative rating. v3/v4: None (0.0) -> kInfo, Low 0.1-3.9, Medium 4.0-6.9, High
    // 7.0-8.9, Critical 9.0-10.0. v2 (NVD's ranges): Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
    core::Severity severity = core::Severity::kInfo;
};

// "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H" -> 10.0 Critical. v2 vectors have no prefix
// ("AV:N/AC:L/Au:N/C:C/I:C/A:C") or "(...)". The reason when the vector is not valid, one sentence
// with the 1-based column: a missing mandatory metric, an unknown metric or value, a metric given
// twice, a v4.0 metric out of the specification's order (v2 and v3 accept any order). Temporal,
// environmental, threat and supplemental metrics are validated and do not change the base score;
// for v4.0 the score is CVSS-B (E, CR/IR/AR and the modified metrics taken as not defined).
// Whitespace around the vector is ignored. Linear in the length of the input.
[[nodiscard]] std::expected<CvssScore, std::string> score_cvss(std::string_view vector);

}  // namespace wasp::vuln
