// One CloudTrail event as the detections see it: the parsed record, its common fields, and where
// it came from. Internal to the detect module (it exposes simdjson), included by its .cpp files.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace wasp::detect {

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

// The top-level fields of a CloudTrail record (AWS CloudTrail User Guide, "CloudTrail record
// contents"). fill() notes where each one is while it walks the record once, so that nothing
// after it searches the record's top level again.
enum class Member : std::uint8_t {
    kEventVersion,
    kUserIdentity,
    kEventTime,
    kEventSource,
    kEventName,
    kAwsRegion,
    kSourceIpAddress,
    kUserAgent,
    kErrorCode,
    kErrorMessage,
    kRequestParameters,
    kResponseElements,
    kAdditionalEventData,
    kRequestId,
    kEventId,
    kEventType,
    kApiVersion,
    kManagementEvent,
    kReadOnly,
    kResources,
    kRecipientAccountId,
    kServiceEventDetails,
    kSharedEventId,
    kVpcEndpointId,
    kVpcEndpointAccountId,
    kEventCategory,
    kAddendum,
    kSessionCredentialFromConsole,
    kEdgeDeviceDetails,
    kTlsDetails,
    kInsightDetails,
};
inline constexpr std::size_t kMemberCount = 31;

// The member a top-level key names, exactly as CloudTrail spells it; nullopt for other keys.
[[nodiscard]] std::optional<Member> member_of(std::string_view key);

// Who acted, as userIdentity says it (read by fill()). Missing or mistyped members are empty.
struct Identity {
    bool present = false;  // userIdentity is an object
    std::string_view type, arn, principal_id, account_id, invoked_by, user_name;
    bool has_session_context = false;
    simdjson::dom::element session_context;  // when has_session_context
};

struct Event {
    simdjson::dom::element record;  // the event object
    std::string_view raw;           // its JSON text, for evidence
    std::string_view file;          // the file it was read from, as given; "-" for stdin
    std::uint64_t offset = 0;       // byte offset of the event in the file's decompressed text
    std::uint64_t index = 0;        // its position: index in "Records" (or a bare array), or
                                    // 0-based line number in JSON lines
    bool json_lines = false;        // read from JSON lines (index is a line) rather than an array

    // Read once by fill(), in one pass over the record, because nearly every detection or the
    // anomaly models ask for them. Strings are empty when missing or not strings.
    std::string_view event_name;
    std::string_view event_source;
    std::string_view event_id;
    std::string_view aws_region;
    std::string_view source_ip;
    std::string_view error_code;
    std::string_view event_time;  // as written
    std::string_view user_agent;
    std::string_view recipient_account_id;
    std::int64_t time_ms = kNoTime;  // eventTime in milliseconds since the epoch (UTC)
    std::int8_t read_only = -1;      // readOnly: 1 true, 0 false (a boolean or its text), else -1
    Identity identity;

    // Whether the record has the member, and its value (the first, when a key is repeated, as a
    // lookup finds it); member() is valid only when has() is true.
    [[nodiscard]] bool has(Member m) const {
        return ((members_present >> static_cast<unsigned>(m)) & 1u) != 0;
    }
    [[nodiscard]] simdjson::dom::element member(Member m) const {
        return members[static_cast<std::size_t>(m)];
    }

    std::uint64_t members_present = 0;  // bit i: members[i] is set
    std::array<simdjson::dom::element, kMemberCount> members;
};

// Sets record and the fields above from a parsed event object, walking its top level (and its
// userIdentity) once; false if record is not an object. When a key is repeated, its first value
// counts, as a lookup by key would find it.
[[nodiscard]] bool fill(Event& e, simdjson::dom::element record);

// Parses "2024-05-01T12:34:56Z" (fractional seconds and a numeric offset allowed) into
// milliseconds since the epoch; kNoTime if it is not such a time.
[[nodiscard]] std::int64_t parse_time(std::string_view iso);

// The value at a dotted path ("userIdentity.sessionContext.sessionIssuer.arn"); an error when a
// step is missing or is not an object. A key that itself contains dots is found whole first.
[[nodiscard]] simdjson::simdjson_result<simdjson::dom::element> at_path(
    simdjson::dom::element record, std::string_view path);

// userIdentity.sessionContext.sessionIssuer.arn; empty if there is none.
[[nodiscard]] std::string_view session_issuer_arn(const Identity& id);

// Who acted, as one string: userIdentity.arn, else the session issuer's ARN, else the
// principalId, else the invoking service ("cloudtrail.amazonaws.com"); empty if none.
[[nodiscard]] std::string_view principal(const Event& e);

}  // namespace wasp::detect
