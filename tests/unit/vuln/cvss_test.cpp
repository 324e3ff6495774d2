// CVSS base scores of published vectors (v2.0, v3.0, v3.1, v4.0), the rating boundaries, and the
// reasons given for invalid vectors.
#include "vuln/cvss.h"

#include <span>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/severity.h"

namespace wasp::vuln {
namespace {

using core::Severity;

struct Case {
    std::string_view vector;
    double score;
    Severity severity;
};

void expect_scores(std::span<const Case> cases, int major, int minor) {
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.vector));
        const auto got = score_cvss(c.vector);
        ASSERT_TRUE(got.has_value()) << got.error();
        EXPECT_EQ(got->major, major);
        EXPECT_EQ(got->minor, minor);
        EXPECT_DOUBLE_EQ(got->base_score, c.score);
        EXPECT_EQ(got->severity, c.severity);
    }
}

std::string error_of(std::string_view vector) {
    const auto got = score_cvss(vector);
    if (got.has_value()) return "scored " + std::to_string(got->base_score);
    return got.error();
}

// --- v3.1 ------------------------------------------------------------------------------------

TEST(CvssV31, FirstExamplesDocument) {
    // FIRST, "Common Vulnerability Scoring System v3.1: Examples" (first.org/cvss/v3.1/examples).
    constexpr Case kCases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, Severity::kMedium},  // CVE-2013-1937
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, Severity::kMedium},  // CVE-2013-0375
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, Severity::kLow},     // CVE-2014-3566
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, Severity::kCritical},  // 2012-1516
        {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, Severity::kMedium},  // CVE-2009-0783
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, Severity::kHigh},    // CVE-2012-0384
        {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, Severity::kHigh},    // CVE-2015-1098
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity::kHigh},    // CVE-2014-0160
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity::kCritical},  // 2014-6271
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, Severity::kMedium},  // CVE-2008-1447
        {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, Severity::kMedium},  // CVE-2014-2005
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8, Severity::kMedium},  // CVE-2010-0467
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8, Severity::kMedium},  // CVE-2012-1342
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, Severity::kMedium},  // CVE-2014-9253
        {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8, Severity::kHigh},    // CVE-2011-1265
        {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6, Severity::kMedium},  // CVE-2014-2019
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, Severity::kHigh},    // CVE-2015-0970
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8, Severity::kMedium},  // CVE-2016-0128
        {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 7.6, Severity::kHigh},    // CVE-2018-3652
    };
    expect_scores(kCases, 3, 1);
}

TEST(CvssV31, NvdScoresOfWellKnownCves) {
    // NVD's CVSS v3.1 base scores (nvd.nist.gov/vuln/detail/<CVE>).
    constexpr Case kCases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, Severity::kCritical},  // 2021-44228
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.0, Severity::kCritical},   // 2021-45046
        {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, Severity::kHigh},       // 2021-3156
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, Severity::kHigh},       // 2017-0144
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, Severity::kHigh},       // 2023-44487
    };
    expect_scores(kCases, 3, 1);
}

TEST(CvssV31, TemporalAndEnvironmentalMetricsLeaveTheBaseScore) {
    // Log4Shell's base vector with every optional metric set: still its base score, 10.0.
    constexpr Case kCases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:H/RL:O/RC:C/CR:L/IR:L/AR:L/MAV:P/MAC:H/"
         "MPR:H/MUI:R/MS:U/MC:N/MI:N/MA:N",
         10.0, Severity::kCritical},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X", 9.8, Severity::kCritical},
    };
    expect_scores(kCases, 3, 1);
}

TEST(CvssV31, AcceptsMetricsInAnyOrder) {
    // v3.x names no required order (the official JSON schema's pattern accepts any).
    constexpr Case kCases[] = {
        {"CVSS:3.1/A:H/I:H/C:H/S:C/UI:N/PR:N/AC:L/AV:N", 10.0, Severity::kCritical},
        {"CVSS:3.1/E:P/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, Severity::kLow},
    };
    expect_scores(kCases, 3, 1);
}

TEST(CvssV31, NoImpactScoresZero) {
    // RedHatProductSecurity/cvss tests/vectors_simple31: 0.0 with or without a scope change.
    constexpr Case kCases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, Severity::kInfo},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0, Severity::kInfo},
    };
    expect_scores(kCases, 3, 1);
}

// --- v3.0 ------------------------------------------------------------------------------------

TEST(CvssV30, FirstExamplesDocument) {
    // FIRST, "Common Vulnerability Scoring System v3.0: Examples": the same scores as v3.1 for
    // these base vectors.
    constexpr Case kCases[] = {
        {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, Severity::kMedium},  // CVE-2013-1937
        {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, Severity::kLow},     // CVE-2014-3566
        {"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, Severity::kCritical},  // 2012-1516
        {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity::kHigh},    // CVE-2014-0160
        {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, Severity::kMedium},  // CVE-2008-1447
        {"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, Severity::kMedium},  // CVE-2009-0783
    };
    expect_scores(kCases, 3, 0);
}

TEST(CvssV30, FirstCalculatorVectorsWithOptionalMetrics) {
    // RedHatProductSecurity/cvss tests/vectors_calculator3 (scores of FIRST's v3.0 calculator):
    // base 3.8 and 9.3; the first vector is out of order and carries temporal metrics.
    constexpr Case kCases[] = {
        {"CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X", 3.8, Severity::kLow},
        {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/"
         "MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H",
         9.3, Severity::kCritical},
    };
    expect_scores(kCases, 3, 0);
}

// --- v2.0 ------------------------------------------------------------------------------------

TEST(CvssV2, FirstGuideAndNvdScores) {
    constexpr Case kCases[] = {
        // FIRST, "A Complete Guide to the CVSS Version 2.0", section 3.3 examples.
        {"AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8, Severity::kHigh},    // CVE-2002-0392
        {"AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, Severity::kHigh},   // CVE-2003-0818: no Critical
        {"AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2, Severity::kMedium},  // CVE-2003-0062
        // NVD's CVSS v2 base scores.
        {"AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, Severity::kMedium},  // CVE-2014-0160
        {"AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3, Severity::kHigh},    // CVE-2021-44228
        {"AV:N/AC:M/Au:N/C:P/I:N/A:N", 4.3, Severity::kMedium},  // CVE-2014-3566
        {"AV:L/AC:L/Au:N/C:C/I:C/A:C", 7.2, Severity::kHigh},    // CVE-2021-3156
    };
    expect_scores(kCases, 2, 0);
}

TEST(CvssV2, ParenthesesAndOptionalMetrics) {
    constexpr Case kCases[] = {
        // NVD's feeds wrap v2 vectors in parentheses; 7.5 per RedHatProductSecurity/cvss
        // tests/vectors_simple2.
        {"(AV:N/AC:L/Au:N/C:P/I:P/A:P)", 7.5, Severity::kHigh},
        // RedHatProductSecurity/cvss tests/vectors_calculator2 (NVD's v2 calculator): base scores.
        {"AV:A/AC:M/Au:S/C:N/I:N/A:P", 2.3, Severity::kLow},
        {"AV:A/AC:M/Au:N/C:C/I:N/A:P/E:POC/RL:W/RC:UC", 6.4, Severity::kMedium},
        {"AV:A/AC:H/Au:S/C:N/I:P/A:P/E:POC/RL:OF/RC:C/CDP:LM/TD:M/CR:M/IR:L/AR:L", 2.9,
         Severity::kLow},
        // Any order.
        {"(A:P/I:P/C:P/Au:N/AC:L/AV:N)", 7.5, Severity::kHigh},
    };
    expect_scores(kCases, 2, 0);
}

// --- v4.0 ------------------------------------------------------------------------------------

TEST(CvssV4, ReferenceCalculatorTestData) {
    // FIRST's reference calculator test data (cvss-v4-calculator data/vectors_threat4,
    // vectors_security4, vectors_supplemental4), the vectors whose threat and environmental
    // metrics equal the CVSS-B defaults, so the calculator's score is the base score.
    constexpr Case kCases[] = {
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 7.3,
         Severity::kHigh},
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:H", 7.3,
         Severity::kHigh},
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:N/AU:N/R:A/V:D/RE:L/"
         "U:Clear",
         7.3, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A", 0.0,
         Severity::kInfo},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/S:N/AU:N/R:A/V:D/RE:L/"
         "U:Amber",
         0.0, Severity::kInfo},
    };
    expect_scores(kCases, 4, 0);
}

TEST(CvssV4, BaseVectorsAcrossTheRange) {
    // RedHatProductSecurity/cvss tests/vectors_simple4 (the data the reference calculator's own
    // tests were adapted from).
    constexpr Case kCases[] = {
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0,
         Severity::kCritical},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3,
         Severity::kCritical},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L", 9.2,
         Severity::kCritical},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L", 7.8, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N", 6.9, Severity::kMedium},
        {"CVSS:4.0/AV:A/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:N/SC:N/SI:L/SA:N", 2.0, Severity::kLow},
        {"CVSS:4.0/AV:A/AC:L/AT:P/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:L/SA:L", 1.0, Severity::kLow},
        {"CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, Severity::kInfo},
    };
    expect_scores(kCases, 4, 0);
}

TEST(CvssV4, RoundsHalfUpOnTheExactValue) {
    // RedHatProductSecurity/cvss tests/vectors_simple4, after its 2024 rounding fix: the exact
    // interpolated value ends in 5 at the second decimal, which floating point puts just below
    // (FIRST's calculator before the same fix gave 5.6 and 4.9 here).
    constexpr Case kCases[] = {
        {"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/SA:L", 5.7, Severity::kMedium},
        {"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/SA:N", 5.7, Severity::kMedium},
        {"CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:L/VI:H/VA:N/SC:N/SI:N/SA:N", 5.7, Severity::kMedium},
        {"CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/SA:H", 5.0, Severity::kMedium},
        {"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:H/SC:L/SI:L/SA:N", 5.7, Severity::kMedium},
        {"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:L/VI:H/VA:N/SC:L/SI:N/SA:L", 5.7, Severity::kMedium},
    };
    expect_scores(kCases, 4, 0);
}

TEST(CvssV4, ThreatAndEnvironmentalMetricsAreValidatedButIgnored) {
    // FIRST's calculator gives these CVSS-BT / CVSS-BE vectors 5.9, 4.1 and 7.2 (data/
    // vectors_threat4, vectors_security4); the base score (CVSS-B) is 7.3 for all of them.
    constexpr Case kCases[] = {
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P", 7.3,
         Severity::kHigh},
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 7.3,
         Severity::kHigh},
        {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M", 7.3,
         Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/IR:L/AR:L/MAV:P/"
         "MAC:H/MAT:P/MPR:H/MUI:A/MVC:N/MVI:N/MVA:N/MSC:N/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red",
         9.3, Severity::kCritical},
    };
    expect_scores(kCases, 4, 0);
}

// --- ratings ---------------------------------------------------------------------------------

TEST(CvssRating, Boundaries) {
    // Scores from RedHatProductSecurity/cvss tests/vectors_simple31, vectors_simple4 and
    // vectors_simple2; 8.9 for v4.0 from FIRST's reference calculator.
    constexpr Case kV31[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, Severity::kInfo},
        {"CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:L/A:L", 3.9, Severity::kLow},
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:L/I:N/A:N", 4.0, Severity::kMedium},
        {"CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:H/I:L/A:N", 6.9, Severity::kMedium},
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:L", 7.0, Severity::kHigh},
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:L", 8.9, Severity::kHigh},
        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0, Severity::kCritical},
    };
    expect_scores(kV31, 3, 1);
    constexpr Case kV40[] = {
        {"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N", 4.0, Severity::kMedium},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:N/VI:H/VA:H/SC:N/SI:N/SA:L", 6.9, Severity::kMedium},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:L/SI:L/SA:L", 7.0, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:H/SI:N/SA:N", 8.9, Severity::kHigh},
        {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H", 9.0,
         Severity::kCritical},
    };
    expect_scores(kV40, 4, 0);
    // v2 (NVD's ranges): 0.0 is Low, not None, and nothing is Critical.
    constexpr Case kV2[] = {
        {"AV:L/AC:H/Au:M/C:N/I:N/A:N", 0.0, Severity::kLow},
        {"AV:L/AC:H/Au:S/C:N/I:N/A:C", 3.8, Severity::kLow},
        {"AV:L/AC:H/Au:N/C:N/I:N/A:C", 4.0, Severity::kMedium},
        {"AV:L/AC:M/Au:N/C:C/I:C/A:C", 6.9, Severity::kMedium},
        {"AV:A/AC:M/Au:M/C:C/I:C/A:C", 7.0, Severity::kHigh},
    };
    expect_scores(kV2, 2, 0);
}

// --- validation ------------------------------------------------------------------------------

TEST(CvssInvalid, ReasonsForBadVectors) {
    constexpr std::string_view kLog4Shell = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
    EXPECT_EQ(error_of(kLog4Shell), "scored 10.000000");  // the control for the cases below
    EXPECT_EQ(error_of(""), "empty CVSS vector");
    EXPECT_EQ(error_of(" \t\n"), "empty CVSS vector");
    EXPECT_EQ(error_of("garbage"), "'garbage' at column 1 is not METRIC:VALUE");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"), "missing mandatory metric S");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/UI:N/C:H/I:H/A:H"), "missing mandatory metrics PR, S");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/AV:N"),
              "metric AV is given twice (again at column 46)");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:X/E:X"),
              "metric E is given twice (again at column 50)");
    EXPECT_EQ(error_of("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "invalid value 'Q' for metric AV at column 13 (expected N, A, L or P)");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MS:Z"),
              "invalid value 'Z' for metric MS at column 49 (expected X, U or C)");
    EXPECT_EQ(error_of("CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "invalid value 'n' for metric AV at column 13 (expected N, A, L or P)");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/XX:Y"),
              "unknown CVSS v3.1 metric 'XX' at column 46");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/"),
              "empty metric at column 46 (a stray '/')");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N//AC:L"), "empty metric at column 15 (a stray '/')");
    EXPECT_EQ(error_of("CVSS:3.1/AVN/AC:L"), "'AVN' at column 10 is not METRIC:VALUE");
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H /E:X"),
              "invalid value 'H ' for metric A at column 44 (expected H, L or N)");
}

TEST(CvssInvalid, WrongPrefix) {
    EXPECT_EQ(error_of("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "unsupported CVSS version '3.2' (expected 3.0, 3.1 or 4.0; v2 vectors have no "
              "prefix)");
    EXPECT_EQ(error_of("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"),
              "unsupported CVSS version '2.0' (expected 3.0, 3.1 or 4.0; v2 vectors have no "
              "prefix)");
    EXPECT_EQ(error_of("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "the CVSS prefix must be written 'CVSS:' in capitals");
    EXPECT_EQ(error_of("CVSS:3.1"), "no metrics after the 'CVSS:3.1/' prefix");
    EXPECT_EQ(error_of("CVSS:4.0/"), "no metrics after the 'CVSS:4.0/' prefix");
    // A v3 vector without its prefix reads as v2 and fails on the first v3-only metric.
    EXPECT_EQ(error_of("AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "unknown CVSS v2.0 metric 'PR' at column 11 (v3 and v4 vectors start with "
              "'CVSS:3.1/' or 'CVSS:4.0/')");
    // A v2 metric in a v3 vector.
    EXPECT_EQ(error_of("CVSS:3.1/AV:N/AC:L/Au:N/PR:N/UI:N/S:C/C:H/I:H/A:H"),
              "unknown CVSS v3.1 metric 'Au' at column 20");
}

TEST(CvssInvalid, V2Forms) {
    EXPECT_EQ(error_of("(AV:N/AC:L/Au:N/C:P/I:P/A:P"),
              "a CVSS v2.0 vector that opens with '(' must close with ')'");
    EXPECT_EQ(error_of("()"), "no metrics in the CVSS v2.0 vector");
    EXPECT_EQ(error_of("AV:N/AC:L/Au:N/C:P/I:P"), "missing mandatory metric A");
    EXPECT_EQ(error_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X"),
              "invalid value 'X' for metric E at column 30 (expected U, POC, F, H or ND)");
    EXPECT_EQ(error_of("(AV:N/AC:L/Au:N/C:P/I:P/A:P/AV:L)"),
              "metric AV is given twice (again at column 29)");
}

TEST(CvssInvalid, V4OrderAndValues) {
    EXPECT_EQ(error_of("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
              "metric AV at column 15 comes after AC: CVSS v4.0 requires the specification's "
              "order");
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red/E:A"),
              "metric E at column 71 comes after U: CVSS v4.0 requires the specification's order");
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"),
              "missing mandatory metric SA");
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/SA:N"),
              "metric SA is given twice (again at column 65)");
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N"),
              "invalid value 'S' for metric SI at column 58 (expected H, L or N)");
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red"),
              "invalid value 'red' for metric U at column 67 (expected X, Clear, Green, Amber or "
              "Red)");
    // v3.1's Scope in a v4.0 vector: S is v4.0's Safety, which has no value U.
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
              "invalid value 'U' for metric S at column 37 (expected X, N or P)");
    // Safety in its place, then a base metric after it.
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/S:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
              "metric VC at column 39 comes after S: CVSS v4.0 requires the specification's "
              "order");
    // A v3.1 metric in a v4.0 vector.
    EXPECT_EQ(error_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O"),
              "unknown CVSS v4.0 metric 'RL' at column 65");
}

TEST(CvssInvalid, HostileInputIsQuotedShortAndPrintable) {
    const std::string long_value = "CVSS:3.1/AV:" + std::string(10000, 'Z');
    EXPECT_EQ(error_of(long_value),
              "invalid value 'ZZZZZZZZZZZZZZZZZZZZZZZZ...' for metric AV at column 13 "
              "(expected N, A, L or P)");
    EXPECT_EQ(error_of(std::string_view("CVSS:3.1/AV:\x01\xff", 14)),
              "invalid value '\\x01\\xff' for metric AV at column 13 (expected N, A, L or P)");
    EXPECT_EQ(error_of(std::string_view("AV:N\0/AC:L", 10)),
              "invalid value 'N\\x00' for metric AV at column 4 (expected L, A or N)");
}

TEST(Cvss, SurroundingWhitespaceIsTolerated) {
    constexpr Case kCases[] = {
        {"  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\n", 10.0, Severity::kCritical},
    };
    expect_scores(kCases, 3, 1);
    // Columns count from the start of the input, whitespace included.
    EXPECT_EQ(error_of("  CVSS:3.1/AV:Q"),
              "invalid value 'Q' for metric AV at column 15 (expected N, A, L or P)");
}

}  // namespace
}  // namespace wasp::vuln
