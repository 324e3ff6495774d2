// One CloudTrail event as the detections see it: the parsed record, its common fields, and where
// it came from. Internal to the detect module (it exposes simdjson), included by its .cpp files.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include <simdjson.h>

namespace wasp::detect {

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

struct Event {
    simdjson::dom::element record;  // the event object
    std::string_view raw;           // its JSON text, for evidence
    std::string_view file;          // the file it was read from, as given; "-" for stdin
    std::uint64_t offset = 0;       // byte offset of the event in the file's decompressed text
    std::uint64_t index = 0;        // its position: index in "Records" (or a bare array), or
                                    // 0-based line number in JSON lines
    bool json_lines = false;        // read from JSON lines (index is a line) rather than an array

    // Read once by fill(), because nearly every detection asks for them.
    std::string_view event_name;
    std::string_view event_source;
    std::string_view event_id;
    std::string_view aws_region;
    std::string_view source_ip;
    std::string_view error_code;
    std::int64_t time_ms = kNoTime;  // eventTime in milliseconds since the epoch (UTC)
};

// Sets record and the common fields from a parsed event object; false if record is not an
// object. Missing or mistyped fields are left empty (kNoTime for the time).
[[nodiscard]] bool fill(Event& e, simdjson::dom::element record);

// Parses "2024-05-01T12:34:56Z" (fractional seconds and a numeric offset allowed) into
// milliseconds since the epoch; kNoTime if it is not such a time.
[[nodiscard]] std::int64_t parse_time(std::string_view iso);

// The value at a dotted path ("userIdentity.sessionContext.sessionIssuer.arn"); an error when a
// step is missing or is not an object. A key that itself contains dots is found whole first.
[[nodiscard]] simdjson::simdjson_result<simdjson::dom::element> at_path(
    simdjson::dom::element record, std::string_view path);

// Who acted, as one string: userIdentity.arn, else the session issuer's ARN, else the
// principalId, else the invoking service ("cloudtrail.amazonaws.com"); empty if none.
[[nodiscard]] std::string_view principal(const Event& e);

}  // namespace wasp::detect
