// The vector-string parser shared by the CVSS versions, and the v4.0 scorer that cvss.cpp calls.
#pragma once

#include <array>
#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "core/severity.h"
#include "vuln/cvss.h"

namespace wasp::vuln::detail {

// One metric of a version: its abbreviation, its allowed values in the specification's order,
// and whether a vector must carry it (base metrics) or may omit it.
struct CvssMetric {
    std::string_view name;
    std::span<const std::string_view> values;
    bool mandatory = false;
};

// The largest metric set is v4.0's: 11 base, 1 threat, 14 environmental, 6 supplemental.
inline constexpr std::size_t kMaxCvssMetrics = 32;

// For each metric of the table, the index of its value in CvssMetric::values, or -1 when the
// vector omits it.
using CvssValues = std::array<int, kMaxCvssMetrics>;

// Parses "M:V/M:V/..." (the part after the version prefix) against `metrics`. `offset` is the
// position of `body` in the whole vector, so that errors point at the right column. With
// `ordered`, metrics must appear in the table's order (v4.0 requires it). Linear in the input.
[[nodiscard]] std::expected<CvssValues, std::string> parse_cvss_metrics(
    std::string_view body,
    std::size_t offset,
    std::span<const CvssMetric> metrics,
    bool ordered,
    std::string_view version);

// The v3.x / v4.0 rating: 0.0 None (kInfo), 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High,
// 9.0-10.0 Critical.
[[nodiscard]] core::Severity cvss_rating(double score);

// The v4.0 base score (CVSS-B) of the part after "CVSS:4.0/".
[[nodiscard]] std::expected<CvssScore, std::string> score_cvss_v4(std::string_view body,
                                                                  std::size_t offset);

}  // namespace wasp::vuln::detail
