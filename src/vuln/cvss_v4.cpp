// CVSS v4.0 base score (CVSS-B) from the vector string.
//
// The score comes from the macro vector (EQ1..EQ6) of the vector, FIRST's table of macro-vector
// scores, and the interpolation by severity distance that FIRST's reference calculator performs
// (FIRST, "CVSS v4.0 Specification Document", its scoring section, and the reference calculator at
// github.com/FIRSTdotorg/cvss-v4-calculator). Only the base metrics count. Threat (E),
// environmental (CR, IR, AR, M*) and supplemental metrics are parsed and validated but scored as
// Not Defined: E as Attacked, CR/IR/AR as High, the modified metrics as their base metrics. The
// result is therefore the CVSS-B score that advisories publish, not CVSS-BT, -BE or -BTE: a
// vector "CVSS:4.0/.../E:U" scores as if E were absent.
//
// The interpolation is done in exact integer arithmetic (scores in tenths, distances in steps of
// 0.1), then rounded half up to one decimal. The reference calculator works in floating point
// and adds 1e-6 before rounding to absorb floating-point error; the smallest gap between an exact
// result and a rounding boundary here is about 4e-6, so both give the same one-decimal score.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "vuln/cvss.h"
#include "vuln/cvss_internal.h"

namespace wasp::vuln::detail {
namespace {

// Table 23 of the specification, in its order: a v4.0 vector must list its metrics so.
constexpr std::string_view kAv[] = {"N", "A", "L", "P"};
constexpr std::string_view kAc[] = {"L", "H"};
constexpr std::string_view kAt[] = {"N", "P"};
constexpr std::string_view kPr[] = {"N", "L", "H"};
constexpr std::string_view kUi[] = {"N", "P", "A"};
constexpr std::string_view kImpact[] = {"H", "L", "N"};
constexpr std::string_view kE[] = {"X", "A", "P", "U"};
constexpr std::string_view kReq[] = {"X", "H", "M", "L"};
constexpr std::string_view kMav[] = {"X", "N", "A", "L", "P"};
constexpr std::string_view kMac[] = {"X", "L", "H"};
constexpr std::string_view kMat[] = {"X", "N", "P"};
constexpr std::string_view kMpr[] = {"X", "N", "L", "H"};
constexpr std::string_view kMui[] = {"X", "N", "P", "A"};
constexpr std::string_view kMImpact[] = {"X", "H", "L", "N"};
constexpr std::string_view kMSubsequent[] = {"X", "S", "H", "L", "N"};
constexpr std::string_view kSafety[] = {"X", "N", "P"};
constexpr std::string_view kAutomatable[] = {"X", "N", "Y"};
constexpr std::string_view kRecovery[] = {"X", "A", "U", "I"};
constexpr std::string_view kValueDensity[] = {"X", "D", "C"};
constexpr std::string_view kEffort[] = {"X", "L", "M", "H"};
constexpr std::string_view kUrgency[] = {"X", "Clear", "Green", "Amber", "Red"};

constexpr CvssMetric kMetrics[] = {
    {"AV", kAv, true},
    {"AC", kAc, true},
    {"AT", kAt, true},
    {"PR", kPr, true},
    {"UI", kUi, true},
    {"VC", kImpact, true},
    {"VI", kImpact, true},
    {"VA", kImpact, true},
    {"SC", kImpact, true},
    {"SI", kImpact, true},
    {"SA", kImpact, true},
    {"E", kE, false},
    {"CR", kReq, false},
    {"IR", kReq, false},
    {"AR", kReq, false},
    {"MAV", kMav, false},
    {"MAC", kMac, false},
    {"MAT", kMat, false},
    {"MPR", kMpr, false},
    {"MUI", kMui, false},
    {"MVC", kMImpact, false},
    {"MVI", kMImpact, false},
    {"MVA", kMImpact, false},
    {"MSC", kMImpact, false},
    {"MSI", kMSubsequent, false},
    {"MSA", kMSubsequent, false},
    {"S", kSafety, false},
    {"AU", kAutomatable, false},
    {"R", kRecovery, false},
    {"V", kValueDensity, false},
    {"RE", kEffort, false},
    {"U", kUrgency, false},
};
enum Index : std::size_t { kAvI, kAcI, kAtI, kPrI, kUiI, kVcI, kViI, kVaI, kScI, kSiI, kSaI };

// Severity levels of the base metrics in steps of 0.1, from the reference calculator: 0 is the
// most severe value. Indexed like the value arrays above. SC has no "Safety" level, hence 1..3;
// SI and SA would reach 0 only through MSI/MSA:S, which CVSS-B does not use.
constexpr int kAvLevel[] = {0, 1, 2, 3};  // N A L P
constexpr int kAcLevel[] = {0, 1};        // L H
constexpr int kAtLevel[] = {0, 1};        // N P
constexpr int kPrLevel[] = {0, 1, 2};     // N L H
constexpr int kUiLevel[] = {0, 1, 2};     // N P A
constexpr int kVLevel[] = {0, 1, 2};      // H L N (VC, VI, VA)
constexpr int kSLevel[] = {1, 2, 3};      // H L N (SC, SI, SA)

// Macro-vector scores, "EQ1 EQ2 EQ3 EQ4 EQ5 EQ6" -> score. Numbers from the lookup table that
// FIRST publishes with the v4.0 specification (cvss_lookup.js of FIRSTdotorg/cvss-v4-calculator,
// identical in the calculator's later cvss40.js). 270 entries: EQ3=2 exists only with EQ6=1.
struct MacroScore {
    std::string_view macro;
    double score;
};
constexpr MacroScore kMacroScores[] = {
    {"000000", 10.0}, {"000001", 9.9},  {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2},  {"000100", 10.0}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1},  {"000121", 8.1},  {"000200", 9.3}, {"000201", 9.0}, {"000210", 8.9},
    {"000211", 8.0},  {"000220", 8.1},  {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5},  {"001011", 9.2},  {"001020", 9.0}, {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2},  {"001110", 8.9},  {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8},  {"001201", 8.0},  {"001210", 7.8}, {"001211", 7.0}, {"001220", 6.9},
    {"001221", 4.8},  {"002001", 9.2},  {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9},  {"002121", 5.0},  {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9},  {"010001", 9.7},  {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5},  {"010100", 9.5},  {"010101", 9.1}, {"010110", 9.0}, {"010111", 8.3},
    {"010120", 8.4},  {"010121", 7.1},  {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1},  {"010220", 7.2},  {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2},  {"011011", 8.5},  {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2},  {"011110", 8.0},  {"011111", 7.2}, {"011120", 7.0}, {"011121", 5.9},
    {"011200", 8.4},  {"011201", 7.0},  {"011210", 7.1}, {"011211", 5.2}, {"011220", 5.0},
    {"011221", 3.0},  {"012001", 8.6},  {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2},  {"012121", 2.9},  {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8},  {"100001", 9.5},  {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1},  {"100100", 9.4},  {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7},  {"100121", 6.4},  {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3},  {"100220", 6.3},  {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8},  {"101011", 7.7},  {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6},  {"101110", 7.4},  {"101111", 5.8}, {"101120", 5.9}, {"101121", 5.0},
    {"101200", 7.2},  {"101201", 5.7},  {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5},  {"102001", 8.3},  {"102011", 7.0}, {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8},  {"102121", 2.6},  {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5},  {"110001", 9.0},  {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7.0},  {"110100", 9.0},  {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1},  {"110121", 5.3},  {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9},  {"110220", 5.2},  {"110221", 3.0}, {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6},  {"111011", 6.7},  {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9},  {"111110", 5.7},  {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1},  {"111201", 5.2},  {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6},  {"112001", 7.1},  {"112011", 5.9}, {"112021", 3.0}, {"112101", 5.8},
    {"112111", 2.6},  {"112121", 1.5},  {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3},  {"200001", 8.7},  {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8},  {"200100", 8.6},  {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6},  {"200121", 3.4},  {"200200", 7.0}, {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4.0},  {"200220", 4.0},  {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4},  {"201011", 5.5},  {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7},  {"201110", 5.5},  {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3},  {"201201", 3.6},  {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8},  {"202001", 6.4},  {"202011", 5.1}, {"202021", 2.0}, {"202101", 4.7},
    {"202111", 2.1},  {"202121", 1.1},  {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8},  {"210001", 7.5},  {"210010", 7.3}, {"210011", 5.3}, {"210020", 6.0},
    {"210021", 5.0},  {"210100", 7.3},  {"210101", 5.5}, {"210110", 5.9}, {"210111", 4.0},
    {"210120", 4.1},  {"210121", 2.0},  {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2},  {"210220", 2.0},  {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8},  {"211011", 4.5},  {"211020", 4.0}, {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1},  {"211110", 4.8},  {"211111", 1.8}, {"211120", 2.0}, {"211121", 0.9},
    {"211200", 4.6},  {"211201", 1.8},  {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2},  {"212001", 5.3},  {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2},  {"212121", 0.5},  {"212201", 1.0}, {"212211", 0.3}, {"212221", 0.1},
};

// Dense index over the six EQ levels (3 x 2 x 3 x 3 x 3 x 2); -1 where no macro vector exists.
constexpr int macro_index(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    return ((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6;
}
constexpr int kMacroSlots = 3 * 2 * 3 * 3 * 3 * 2;

constexpr std::array<int, kMacroSlots> build_macro_tenths() {
    std::array<int, kMacroSlots> out{};
    for (int& t : out) t = -1;
    for (const auto& entry : kMacroScores) {
        const auto d = [&entry](std::size_t i) { return entry.macro[i] - '0'; };
        out[static_cast<std::size_t>(macro_index(d(0), d(1), d(2), d(3), d(4), d(5)))] =
            static_cast<int>(entry.score * 10.0 + 0.5);
    }
    return out;
}
constexpr std::array<int, kMacroSlots> kMacroTenths = build_macro_tenths();
static_assert(std::size(kMacroScores) == 270);
static_assert(kMacroTenths[macro_index(0, 0, 0, 0, 0, 0)] == 100);
static_assert(kMacroTenths[macro_index(2, 1, 2, 2, 2, 1)] == 1);
static_assert(kMacroTenths[macro_index(0, 0, 2, 0, 0, 0)] == -1);

// The score in tenths of a macro vector, or -1 when it does not exist (a level past the last).
int macro_tenths(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return -1;
    return kMacroTenths[static_cast<std::size_t>(macro_index(eq1, eq2, eq3, eq4, eq5, eq6))];
}

// The highest-severity vectors of each EQ level (the reference calculator's "max composed"
// table), as severity levels, restricted to what CVSS-B reaches: CR/IR/AR are High, so only
// the EQ3/EQ6 pairs (0,0), (1,0) and (2,1) occur and their CR/IR/AR parts are all High.
struct Eq1Max {
    int av, pr, ui;
};
struct Eq2Max {
    int ac, at;
};
struct Eq3Max {
    int vc, vi, va;
};
struct Eq4Max {
    int sc, si, sa;
};

constexpr Eq1Max kEq1Level0[] = {{0, 0, 0}};
constexpr Eq1Max kEq1Level1[] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
constexpr Eq1Max kEq1Level2[] = {{3, 0, 0}, {1, 1, 1}};
constexpr std::span<const Eq1Max> kEq1Max[] = {kEq1Level0, kEq1Level1, kEq1Level2};

constexpr Eq2Max kEq2Level0[] = {{0, 0}};
constexpr Eq2Max kEq2Level1[] = {{1, 0}, {0, 1}};
constexpr std::span<const Eq2Max> kEq2Max[] = {kEq2Level0, kEq2Level1};

constexpr Eq3Max kEq3Level00[] = {{0, 0, 0}};
constexpr Eq3Max kEq3Level10[] = {{1, 0, 0}, {0, 1, 0}};
constexpr Eq3Max kEq3Level21[] = {{1, 1, 1}};

// EQ4 level 0 (SI or SA Safety) needs MSI/MSA:S; its entry is kept for the table's shape.
constexpr Eq4Max kEq4Level0[] = {{1, 0, 0}};
constexpr Eq4Max kEq4Level1[] = {{1, 1, 1}};
constexpr Eq4Max kEq4Level2[] = {{2, 2, 2}};
constexpr std::span<const Eq4Max> kEq4Max[] = {kEq4Level0, kEq4Level1, kEq4Level2};

// The depth of each macro vector in steps of 0.1 (the calculator's "max severity" table).
constexpr int kEq1Depth[] = {1, 4, 5};
constexpr int kEq2Depth[] = {1, 2};
constexpr int kEq4Depth[] = {6, 5, 4};
int eq3eq6_depth(int eq3, int eq6) {
    if (eq3 == 0) return eq6 == 0 ? 7 : 6;
    if (eq3 == 1) return 8;
    return 10;  // (2, 1)
}

struct Levels {
    int av, ac, at, pr, ui, vc, vi, va, sc, si, sa;
};

// The first entry of `maxes` from which `fits` measures no negative distance; the last entry
// when none does, as the calculator leaves it.
template <typename Max, typename Fits>
const Max& first_fitting(std::span<const Max> maxes, Fits fits, bool& found) {
    for (const Max& m : maxes) {
        if (fits(m)) {
            found = true;
            return m;
        }
    }
    found = false;
    return maxes.back();
}

}  // namespace

std::expected<CvssScore, std::string> score_cvss_v4(std::string_view body, std::size_t offset) {
    auto parsed = parse_cvss_metrics(body, offset, kMetrics, true, "v4.0");
    if (!parsed) return std::unexpected(std::move(parsed.error()));
    const CvssValues& v = *parsed;
    const auto at = [&v](Index i) { return static_cast<std::size_t>(v[i]); };
    const Levels x{kAvLevel[at(kAvI)], kAcLevel[at(kAcI)], kAtLevel[at(kAtI)], kPrLevel[at(kPrI)],
                   kUiLevel[at(kUiI)], kVLevel[at(kVcI)],  kVLevel[at(kViI)],  kVLevel[at(kVaI)],
                   kSLevel[at(kScI)],  kSLevel[at(kSiI)],  kSLevel[at(kSaI)]};

    CvssScore score;
    score.major = 4;
    score.minor = 0;

    // No impact on any system scores 0.0 whatever the exploitability.
    if (x.vc == 2 && x.vi == 2 && x.va == 2 && x.sc == 3 && x.si == 3 && x.sa == 3) {
        score.base_score = 0.0;
        score.severity = cvss_rating(0.0);
        return score;
    }

    // The macro vector (the specification's tables 24-29) with CVSS-B's defaults for the rest.
    const bool av_n = x.av == 0, pr_n = x.pr == 0, ui_n = x.ui == 0;
    int eq1 = 2;
    if (av_n && pr_n && ui_n) {
        eq1 = 0;
    } else if ((av_n || pr_n || ui_n) && x.av != 3) {
        eq1 = 1;
    }
    const int eq2 = (x.ac == 0 && x.at == 0) ? 0 : 1;
    const bool vc_h = x.vc == 0, vi_h = x.vi == 0, va_h = x.va == 0;
    const int eq3 = (vc_h && vi_h) ? 0 : (vc_h || vi_h || va_h) ? 1 : 2;
    const int eq4 = (x.sc == 1 || x.si == 1 || x.sa == 1) ? 1 : 2;  // 0 needs MSI/MSA:S
    const int eq5 = 0;                                              // E not defined: Attacked
    const int eq6 = (vc_h || vi_h || va_h) ? 0 : 1;                 // CR/IR/AR High

    const int value = macro_tenths(eq1, eq2, eq3, eq4, eq5, eq6);

    // The next lower macro vector along each EQ; EQ3 and EQ6 move together.
    const int lower1 = macro_tenths(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    const int lower2 = macro_tenths(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    int lower36 = -1;
    if (eq3 == 0 && eq6 == 0) {
        // Two ways down: the higher-scoring one counts.
        lower36 = std::max(macro_tenths(eq1, eq2, eq3, eq4, eq5, eq6 + 1),
                           macro_tenths(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
    } else if (eq3 == 1 && eq6 == 0) {
        lower36 = macro_tenths(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if (eq6 == 1 && eq3 < 2) {
        lower36 = macro_tenths(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    }  // (2, 1) is the lowest
    const int lower4 = macro_tenths(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    const int lower5 = macro_tenths(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    // Severity distance from the highest-severity vector of the same macro vector.
    bool fit1 = false, fit2 = false, fit3 = false, fit4 = false;
    const Eq1Max& m1 = first_fitting(
        kEq1Max[eq1],
        [&x](const Eq1Max& m) { return x.av >= m.av && x.pr >= m.pr && x.ui >= m.ui; }, fit1);
    const Eq2Max& m2 = first_fitting(
        kEq2Max[eq2], [&x](const Eq2Max& m) { return x.ac >= m.ac && x.at >= m.at; }, fit2);
    const std::span<const Eq3Max> eq3_maxes = eq3 == 0   ? std::span<const Eq3Max>(kEq3Level00)
                                              : eq3 == 1 ? std::span<const Eq3Max>(kEq3Level10)
                                                         : std::span<const Eq3Max>(kEq3Level21);
    const Eq3Max& m3 = first_fitting(
        eq3_maxes, [&x](const Eq3Max& m) { return x.vc >= m.vc && x.vi >= m.vi && x.va >= m.va; },
        fit3);
    const Eq4Max& m4 = first_fitting(
        kEq4Max[eq4],
        [&x](const Eq4Max& m) { return x.sc >= m.sc && x.si >= m.si && x.sa >= m.sa; }, fit4);
    // The calculator tries the combinations of maxima in order and keeps the first without a
    // negative distance; since the EQs share no metric, that is the first fitting one of each
    // EQ. Should one EQ have none, it ends on the last combination: the last of every EQ.
    const bool all_fit = fit1 && fit2 && fit3 && fit4;
    const auto& use1 = all_fit ? m1 : kEq1Max[eq1].back();
    const auto& use2 = all_fit ? m2 : kEq2Max[eq2].back();
    const auto& use3 = all_fit ? m3 : eq3_maxes.back();
    const auto& use4 = all_fit ? m4 : kEq4Max[eq4].back();
    const int dist1 = (x.av - use1.av) + (x.pr - use1.pr) + (x.ui - use1.ui);
    const int dist2 = (x.ac - use2.ac) + (x.at - use2.at);
    const int dist36 = (x.vc - use3.vc) + (x.vi - use3.vi) + (x.va - use3.va);
    const int dist4 = (x.sc - use4.sc) + (x.si - use4.si) + (x.sa - use4.sa);

    // Mean over the EQs that have a lower macro vector of (score gap to it) x (distance / depth);
    // EQ5 contributes 0 but counts. All in units of 1/(kDenominator) tenths, exactly.
    constexpr std::int64_t kDenominator = 2520;  // a multiple of every depth (1..10)
    std::int64_t sum = 0;
    std::int64_t existing = 0;
    const auto add = [&](int lower, int distance, int depth) {
        if (lower < 0) return;
        ++existing;
        sum += static_cast<std::int64_t>(value - lower) * distance * (kDenominator / depth);
    };
    add(lower1, dist1, kEq1Depth[eq1]);
    add(lower2, dist2, kEq2Depth[eq2]);
    add(lower36, dist36, eq3eq6_depth(eq3, eq6));
    add(lower4, dist4, kEq4Depth[eq4]);
    if (lower5 >= 0) ++existing;

    std::int64_t tenths = value;
    if (existing > 0) {
        // value - sum / (existing * kDenominator), clamped to 0..10, rounded half up.
        const std::int64_t scale = existing * kDenominator;
        std::int64_t scaled = static_cast<std::int64_t>(value) * scale - sum;
        scaled = std::clamp<std::int64_t>(scaled, 0, 100 * scale);
        tenths = (2 * scaled + scale) / (2 * scale);
    }
    score.base_score = static_cast<double>(tenths) / 10.0;
    score.severity = cvss_rating(score.base_score);
    return score;
}

}  // namespace wasp::vuln::detail
