// Severity of a finding, ordered from most to least severe.
#pragma once

#include <optional>
#include <string_view>

namespace wasp::core {

enum class Severity { kCritical, kHigh, kMedium, kLow, kInfo };

[[nodiscard]] std::string_view to_string(Severity s);
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view s);
// True when a is at least as severe as b.
[[nodiscard]] constexpr bool at_least(Severity a, Severity b) {
    return static_cast<int>(a) <= static_cast<int>(b);
}

}  // namespace wasp::core
