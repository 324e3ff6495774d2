// CVSS vector parsing, the v2.0, v3.0 and v3.1 base equations, the rating, and the dispatch on
// the version prefix. v4.0 lives in cvss_v4.cpp.
//
// Sources: FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0"
// (section 3.2.1, base equation); "CVSS v3.0 Specification Document" (base equations, Round
// up); "CVSS v3.1 Specification Document" (section 7.1, and Appendix A for Roundup).
#include "vuln/cvss.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "vuln/cvss_internal.h"

namespace wasp::vuln {
namespace detail {
namespace {

// Quotes a piece of hostile input for an error message: short, printable, one line.
std::string quoted(std::string_view s) {
    constexpr std::size_t kMax = 24;
    std::string out = "'";
    for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4U];
            out += kHex[c & 0xfU];
        }
    }
    if (s.size() > kMax) out += "...";
    out += "'";
    return out;
}

// "N, A, L or P"
std::string one_of(std::span<const std::string_view> values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += (i + 1 == values.size()) ? " or " : ", ";
        out += values[i];
    }
    return out;
}

std::string column(std::size_t offset) { return "column " + std::to_string(offset + 1); }

}  // namespace

std::expected<CvssValues, std::string> parse_cvss_metrics(std::string_view body,
                                                          std::size_t offset,
                                                          std::span<const CvssMetric> metrics,
                                                          bool ordered,
                                                          std::string_view version) {
    CvssValues out{};
    out.fill(-1);
    if (metrics.size() > kMaxCvssMetrics)
        return std::unexpected("internal: metric table too large");
    if (body.empty())
        return std::unexpected("no metrics in the CVSS " + std::string(version) + " vector");

    std::size_t pos = 0;
    std::size_t last = 0;  // table index of the previous metric, for the v4.0 order check
    bool any = false;
    while (true) {
        std::size_t end = body.find('/', pos);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view part = body.substr(pos, end - pos);
        const std::size_t at = offset + pos;
        if (part.empty())
            return std::unexpected("empty metric at " + column(at) + " (a stray '/')");
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos) {
            return std::unexpected(quoted(part) + " at " + column(at) + " is not METRIC:VALUE");
        }
        const std::string_view name = part.substr(0, colon);
        const std::string_view value = part.substr(colon + 1);

        std::size_t index = metrics.size();
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            if (metrics[i].name == name) {
                index = i;
                break;
            }
        }
        if (index == metrics.size()) {
            return std::unexpected("unknown CVSS " + std::string(version) + " metric " +
                                   quoted(name) + " at " + column(at));
        }
        if (out[index] != -1) {
            return std::unexpected("metric " + std::string(name) + " is given twice (again at " +
                                   column(at) + ")");
        }
        if (ordered && any && index < last) {
            return std::unexpected("metric " + std::string(name) + " at " + column(at) +
                                   " comes after " + std::string(metrics[last].name) + ": CVSS " +
                                   std::string(version) + " requires the specification's order");
        }
        const auto& allowed = metrics[index].values;
        const auto found = std::find(allowed.begin(), allowed.end(), value);
        if (found == allowed.end()) {
            return std::unexpected("invalid value " + quoted(value) + " for metric " +
                                   std::string(name) + " at " + column(at + colon + 1) +
                                   " (expected " + one_of(allowed) + ")");
        }
        out[index] = static_cast<int>(found - allowed.begin());
        last = index;
        any = true;
        if (end == body.size()) break;
        pos = end + 1;
    }

    std::string missing;
    std::size_t count = 0;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (metrics[i].mandatory && out[i] == -1) {
            if (count++ > 0) missing += ", ";
            missing += metrics[i].name;
        }
    }
    if (count > 0) {
        return std::unexpected(
            (count == 1 ? "missing mandatory metric " : "missing mandatory metrics ") + missing);
    }
    return out;
}

core::Severity cvss_rating(double score) {
    const auto tenths = std::lround(score * 10.0);
    if (tenths <= 0) return core::Severity::kInfo;
    if (tenths < 40) return core::Severity::kLow;
    if (tenths < 70) return core::Severity::kMedium;
    if (tenths < 90) return core::Severity::kHigh;
    return core::Severity::kCritical;
}

}  // namespace detail

namespace {

using detail::CvssMetric;
using detail::CvssValues;

// --- v3.0 and v3.1 -------------------------------------------------------------------------
// Values in the order of the specification's tables (section 6 of v3.1), which is also the
// order of the weight arrays below.
constexpr std::string_view kV3Av[] = {"N", "A", "L", "P"};
constexpr std::string_view kV3Ac[] = {"L", "H"};
constexpr std::string_view kV3Pr[] = {"N", "L", "H"};
constexpr std::string_view kV3Ui[] = {"N", "R"};
constexpr std::string_view kV3S[] = {"U", "C"};
constexpr std::string_view kV3Cia[] = {"H", "L", "N"};
constexpr std::string_view kV3E[] = {"X", "H", "F", "P", "U"};
constexpr std::string_view kV3Rl[] = {"X", "U", "W", "T", "O"};
constexpr std::string_view kV3Rc[] = {"X", "C", "R", "U"};
constexpr std::string_view kV3Req[] = {"X", "H", "M", "L"};
constexpr std::string_view kV3Mav[] = {"X", "N", "A", "L", "P"};
constexpr std::string_view kV3Mac[] = {"X", "L", "H"};
constexpr std::string_view kV3Mpr[] = {"X", "N", "L", "H"};
constexpr std::string_view kV3Mui[] = {"X", "N", "R"};
constexpr std::string_view kV3Ms[] = {"X", "U", "C"};
constexpr std::string_view kV3Mcia[] = {"X", "H", "L", "N"};

constexpr CvssMetric kV3Metrics[] = {
    {"AV", kV3Av, true},    {"AC", kV3Ac, true},    {"PR", kV3Pr, true},    {"UI", kV3Ui, true},
    {"S", kV3S, true},      {"C", kV3Cia, true},    {"I", kV3Cia, true},    {"A", kV3Cia, true},
    {"E", kV3E, false},     {"RL", kV3Rl, false},   {"RC", kV3Rc, false},   {"CR", kV3Req, false},
    {"IR", kV3Req, false},  {"AR", kV3Req, false},  {"MAV", kV3Mav, false}, {"MAC", kV3Mac, false},
    {"MPR", kV3Mpr, false}, {"MUI", kV3Mui, false}, {"MS", kV3Ms, false},   {"MC", kV3Mcia, false},
    {"MI", kV3Mcia, false}, {"MA", kV3Mcia, false},
};
enum V3Index : std::size_t { kAv, kAc, kPr, kUi, kS, kC, kI, kA };

constexpr double kV3AvWeight[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kV3AcWeight[] = {0.77, 0.44};
constexpr double kV3PrUnchanged[] = {0.85, 0.62, 0.27};
constexpr double kV3PrChanged[] = {0.85, 0.68, 0.5};
constexpr double kV3UiWeight[] = {0.85, 0.62};
constexpr double kV3CiaWeight[] = {0.56, 0.22, 0.0};

// v3.1 Roundup (Appendix A): work on the input scaled to an integer so that a value such as
// 4.000000000000001, floating-point noise on an exact 4.0, is not rounded up to 4.1.
long roundup_v31_tenths(double input) {
    const long long scaled = std::llround(input * 100000.0);
    if (scaled % 10000 == 0) return static_cast<long>(scaled / 10000);
    return static_cast<long>(scaled / 10000 + 1);
}

// v3.0 defines Round up as the smallest one-decimal number not below the input; FIRST's v3.0
// calculator applies the ceiling to the floating-point value as is, and scores published under
// v3.0 carry that behaviour, so it is kept here.
long roundup_v30_tenths(double input) { return std::lround(std::ceil(input * 10.0)); }

double v3_base_score(const CvssValues& v, bool v31) {
    const auto at = [&v](V3Index i) { return static_cast<std::size_t>(v[i]); };
    const bool changed = at(kS) == 1;
    const double c = kV3CiaWeight[at(kC)];
    const double i = kV3CiaWeight[at(kI)];
    const double a = kV3CiaWeight[at(kA)];
    // The order of operations follows the specification's equations (and FIRST's calculators)
    // so that the floating-point result, and thus the rounding, is the same.
    const double iss = 1.0 - ((1.0 - c) * (1.0 - i) * (1.0 - a));
    const double impact =
        changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15.0) : 6.42 * iss;
    const double pr = changed ? kV3PrChanged[at(kPr)] : kV3PrUnchanged[at(kPr)];
    const double exploitability =
        8.22 * kV3AvWeight[at(kAv)] * kV3AcWeight[at(kAc)] * pr * kV3UiWeight[at(kUi)];
    if (impact <= 0.0) return 0.0;
    const double raw = changed ? std::min(1.08 * (impact + exploitability), 10.0)
                               : std::min(impact + exploitability, 10.0);
    const long tenths = v31 ? roundup_v31_tenths(raw) : roundup_v30_tenths(raw);
    return static_cast<double>(tenths) / 10.0;
}

// --- v2.0 ----------------------------------------------------------------------------------
constexpr std::string_view kV2Av[] = {"L", "A", "N"};
constexpr std::string_view kV2Ac[] = {"H", "M", "L"};
constexpr std::string_view kV2Au[] = {"M", "S", "N"};
constexpr std::string_view kV2Cia[] = {"N", "P", "C"};
constexpr std::string_view kV2E[] = {"U", "POC", "F", "H", "ND"};
constexpr std::string_view kV2Rl[] = {"OF", "TF", "W", "U", "ND"};
constexpr std::string_view kV2Rc[] = {"UC", "UR", "C", "ND"};
constexpr std::string_view kV2Cdp[] = {"N", "L", "LM", "MH", "H", "ND"};
constexpr std::string_view kV2Td[] = {"N", "L", "M", "H", "ND"};
constexpr std::string_view kV2Req[] = {"L", "M", "H", "ND"};

constexpr CvssMetric kV2Metrics[] = {
    {"AV", kV2Av, true},   {"AC", kV2Ac, true},    {"Au", kV2Au, true},  {"C", kV2Cia, true},
    {"I", kV2Cia, true},   {"A", kV2Cia, true},    {"E", kV2E, false},   {"RL", kV2Rl, false},
    {"RC", kV2Rc, false},  {"CDP", kV2Cdp, false}, {"TD", kV2Td, false}, {"CR", kV2Req, false},
    {"IR", kV2Req, false}, {"AR", kV2Req, false},
};
enum V2Index : std::size_t { kV2AvI, kV2AcI, kV2AuI, kV2CI, kV2II, kV2AI };

constexpr double kV2AvWeight[] = {0.395, 0.646, 1.0};
constexpr double kV2AcWeight[] = {0.35, 0.61, 0.71};
constexpr double kV2AuWeight[] = {0.45, 0.56, 0.704};
constexpr double kV2CiaWeight[] = {0.0, 0.275, 0.660};

double v2_base_score(const CvssValues& v) {
    const auto at = [&v](V2Index i) { return static_cast<std::size_t>(v[i]); };
    const double c = kV2CiaWeight[at(kV2CI)];
    const double i = kV2CiaWeight[at(kV2II)];
    const double a = kV2CiaWeight[at(kV2AI)];
    const double impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
    const double exploitability =
        20.0 * kV2AvWeight[at(kV2AvI)] * kV2AcWeight[at(kV2AcI)] * kV2AuWeight[at(kV2AuI)];
    if (impact == 0.0) return 0.0;  // f(Impact) = 0
    const double raw = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * 1.176;
    // round_to_1_decimal, half up; the result is positive whenever the impact is.
    return static_cast<double>(std::lround(std::max(raw, 0.0) * 10.0)) / 10.0;
}

// The v2 rating of NVD (v2 itself defines none): Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
core::Severity v2_rating(double score) {
    const auto tenths = std::lround(score * 10.0);
    if (tenths < 40) return core::Severity::kLow;
    if (tenths < 70) return core::Severity::kMedium;
    return core::Severity::kHigh;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char ch) {
            return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

std::expected<CvssScore, std::string> score_cvss(std::string_view vector) {
    // Surrounding whitespace is tolerated (it creeps in from hand-edited JSON); nothing inside.
    std::size_t offset = 0;
    while (offset < vector.size() && is_space(vector[offset])) ++offset;
    vector.remove_prefix(offset);
    while (!vector.empty() && is_space(vector.back())) vector.remove_suffix(1);
    if (vector.empty()) return std::unexpected("empty CVSS vector");

    constexpr std::string_view kPrefix = "CVSS:";
    if (vector.size() >= kPrefix.size() && iequals(vector.substr(0, kPrefix.size()), kPrefix) &&
        !vector.starts_with(kPrefix)) {
        return std::unexpected("the CVSS prefix must be written 'CVSS:' in capitals");
    }
    if (vector.starts_with(kPrefix)) {
        const std::size_t slash = vector.find('/');
        const std::string_view version =
            vector.substr(kPrefix.size(), slash == std::string_view::npos ? std::string_view::npos
                                                                          : slash - kPrefix.size());
        const bool v30 = version == "3.0";
        const bool v31 = version == "3.1";
        const bool v40 = version == "4.0";
        if (!v30 && !v31 && !v40) {
            return std::unexpected("unsupported CVSS version " + detail::quoted(version) +
                                   " (expected 3.0, 3.1 or 4.0; v2 vectors have no prefix)");
        }
        if (slash == std::string_view::npos || slash + 1 == vector.size()) {
            return std::unexpected("no metrics after the 'CVSS:" + std::string(version) +
                                   "/' prefix");
        }
        const std::string_view body = vector.substr(slash + 1);
        const std::size_t body_offset = offset + slash + 1;
        if (v40) return detail::score_cvss_v4(body, body_offset);
        const std::string_view label = v30 ? "v3.0" : "v3.1";
        auto values = detail::parse_cvss_metrics(body, body_offset, kV3Metrics, false, label);
        if (!values) return std::unexpected(std::move(values.error()));
        CvssScore score;
        score.major = 3;
        score.minor = v30 ? 0 : 1;
        score.base_score = v3_base_score(*values, v31);
        score.severity = detail::cvss_rating(score.base_score);
        return score;
    }

    // v2.0: no prefix; NVD's feeds wrap the vector in parentheses.
    std::string_view body = vector;
    std::size_t body_offset = offset;
    if (body.front() == '(') {
        if (body.size() < 2 || body.back() != ')') {
            return std::unexpected("a CVSS v2.0 vector that opens with '(' must close with ')'");
        }
        body = body.substr(1, body.size() - 2);
        body_offset += 1;
    }
    auto values = detail::parse_cvss_metrics(body, body_offset, kV2Metrics, false, "v2.0");
    if (!values) {
        // A v3 or v4 vector that lost its prefix reads as a v2 vector with a foreign metric.
        if (values.error().starts_with("unknown CVSS v2.0 metric")) {
            return std::unexpected(values.error() +
                                   " (v3 and v4 vectors start with 'CVSS:3.1/' or 'CVSS:4.0/')");
        }
        return std::unexpected(std::move(values.error()));
    }
    CvssScore score;
    score.major = 2;
    score.minor = 0;
    score.base_score = v2_base_score(*values);
    score.severity = v2_rating(score.base_score);
    return score;
}

}  // namespace wasp::vuln
