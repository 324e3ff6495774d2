// ISO 8601 times as logs and reports write them, to and from milliseconds since the epoch (UTC).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace wasp::core {

// Parses "2024-05-01T12:34:56Z" (a space for the T, fractional seconds and a numeric offset
// allowed) into milliseconds since the epoch; nullopt if it is not such a time.
[[nodiscard]] std::optional<std::int64_t> parse_iso_time_ms(std::string_view iso);

// "2024-05-01T12:34:56Z", or with ".250" when the milliseconds are not zero.
[[nodiscard]] std::string format_iso_time_ms(std::int64_t ms);

}  // namespace wasp::core
