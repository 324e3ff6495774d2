// Common fields of a CloudTrail event, read in one pass, and dotted-path access into it.
#include "detect/event.h"

#include <cstddef>

#include "core/time.h"

namespace wasp::detect {
namespace {

[[gnu::always_inline]] inline std::string_view as_string(simdjson::dom::element v) {
    std::string_view s;
    if (v.get(s) != simdjson::SUCCESS) return {};
    return s;
}

// LookupEvents writes readOnly as a string; the logs as a boolean.
std::int8_t read_only_of(simdjson::dom::element v) {
    bool b = false;
    if (v.get(b) == simdjson::SUCCESS) return b ? 1 : 0;
    const std::string_view s = as_string(v);
    if (s == "true") return 1;
    if (s == "false") return 0;
    return -1;
}

// Keys are told apart by length first, then compared whole: this runs for every member of
// every event's userIdentity.
void read_identity(simdjson::dom::element v, Identity& id) {
    simdjson::dom::object o;
    if (v.get(o) != simdjson::SUCCESS) return;
    id.present = true;
    unsigned seen = 0;  // the first of a repeated key counts, as a lookup would find it
    auto first = [&seen](unsigned bit) {
        if ((seen & bit) != 0) return false;
        seen |= bit;
        return true;
    };
    for (auto [key, value] : o) {
        switch (key.size()) {
            case 3:
                if (key == "arn" && first(1)) id.arn = as_string(value);
                break;
            case 4:
                if (key == "type" && first(2)) id.type = as_string(value);
                break;
            case 8:
                if (key == "userName" && first(4)) id.user_name = as_string(value);
                break;
            case 9:
                if (key == "accountId") {
                    if (first(8)) id.account_id = as_string(value);
                } else if (key == "invokedBy") {
                    if (first(16)) id.invoked_by = as_string(value);
                }
                break;
            case 11:
                if (key == "principalId" && first(32)) id.principal_id = as_string(value);
                break;
            case 14:
                if (key == "sessionContext" && first(64)) {
                    id.session_context = value;
                    id.has_session_context = true;
                }
                break;
            default:
                break;
        }
    }
}

// Keys are told apart by length, then compared whole; inlined into fill(), which runs it on
// every top-level key of every event.
[[gnu::always_inline]] inline std::optional<Member> find_member(std::string_view k) {
    using M = Member;
    switch (k.size()) {
        case 7:
            if (k == "eventID") return M::kEventId;
            break;
        case 8:
            if (k == "readOnly") return M::kReadOnly;
            if (k == "addendum") return M::kAddendum;
            break;
        case 9:
            switch (k[0]) {
                case 'e':
                    if (k == "eventName") return M::kEventName;
                    if (k == "eventTime") return M::kEventTime;
                    if (k == "eventType") return M::kEventType;
                    if (k == "errorCode") return M::kErrorCode;
                    break;
                case 'a':
                    if (k == "awsRegion") return M::kAwsRegion;
                    break;
                case 'u':
                    if (k == "userAgent") return M::kUserAgent;
                    break;
                case 'r':
                    if (k == "requestID") return M::kRequestId;
                    if (k == "resources") return M::kResources;
                    break;
                default:
                    break;
            }
            break;
        case 10:
            if (k == "apiVersion") return M::kApiVersion;
            if (k == "tlsDetails") return M::kTlsDetails;
            break;
        case 11:
            if (k == "eventSource") return M::kEventSource;
            break;
        case 12:
            if (k == "userIdentity") return M::kUserIdentity;
            if (k == "eventVersion") return M::kEventVersion;
            if (k == "errorMessage") return M::kErrorMessage;
            break;
        case 13:
            if (k == "sharedEventID") return M::kSharedEventId;
            if (k == "vpcEndpointId") return M::kVpcEndpointId;
            if (k == "eventCategory") return M::kEventCategory;
            break;
        case 14:
            if (k == "insightDetails") return M::kInsightDetails;
            break;
        case 15:
            if (k == "sourceIPAddress") return M::kSourceIpAddress;
            if (k == "managementEvent") return M::kManagementEvent;
            break;
        case 16:
            if (k == "responseElements") return M::kResponseElements;
            break;
        case 17:
            if (k == "requestParameters") return M::kRequestParameters;
            if (k == "edgeDeviceDetails") return M::kEdgeDeviceDetails;
            break;
        case 18:
            if (k == "recipientAccountId") return M::kRecipientAccountId;
            break;
        case 19:
            if (k == "additionalEventData") return M::kAdditionalEventData;
            if (k == "serviceEventDetails") return M::kServiceEventDetails;
            break;
        case 20:
            if (k == "vpcEndpointAccountId") return M::kVpcEndpointAccountId;
            break;
        case 28:
            if (k == "sessionCredentialFromConsole") return M::kSessionCredentialFromConsole;
            break;
        default:
            break;
    }
    return std::nullopt;
}

}  // namespace

std::optional<Member> member_of(std::string_view key) { return find_member(key); }

std::int64_t parse_time(std::string_view iso) {
    return core::parse_iso_time_ms(iso).value_or(kNoTime);
}

bool fill(Event& e, simdjson::dom::element record) {
    simdjson::dom::object o;
    if (record.get(o) != simdjson::SUCCESS) return false;
    e.record = record;
    e.event_name = e.event_source = e.event_id = e.aws_region = {};
    e.source_ip = e.error_code = e.event_time = e.user_agent = e.recipient_account_id = {};
    e.time_ms = kNoTime;
    e.read_only = -1;
    e.identity = Identity{};
    e.members_present = 0;
    for (auto [key, value] : o) {
        const std::optional<Member> m = find_member(key);
        if (!m) continue;
        const std::uint64_t bit = std::uint64_t{1} << static_cast<unsigned>(*m);
        if ((e.members_present & bit) != 0) continue;
        e.members_present |= bit;
        e.members[static_cast<std::size_t>(*m)] = value;
        switch (*m) {
            case Member::kEventName:
                e.event_name = as_string(value);
                break;
            case Member::kEventSource:
                e.event_source = as_string(value);
                break;
            case Member::kEventId:
                e.event_id = as_string(value);
                break;
            case Member::kAwsRegion:
                e.aws_region = as_string(value);
                break;
            case Member::kSourceIpAddress:
                e.source_ip = as_string(value);
                break;
            case Member::kErrorCode:
                e.error_code = as_string(value);
                break;
            case Member::kEventTime:
                e.event_time = as_string(value);
                break;
            case Member::kUserAgent:
                e.user_agent = as_string(value);
                break;
            case Member::kRecipientAccountId:
                e.recipient_account_id = as_string(value);
                break;
            case Member::kReadOnly:
                e.read_only = read_only_of(value);
                break;
            case Member::kUserIdentity:
                read_identity(value, e.identity);
                break;
            default:
                break;
        }
    }
    if (!e.event_time.empty()) e.time_ms = parse_time(e.event_time);
    return true;
}

simdjson::simdjson_result<simdjson::dom::element> at_path(simdjson::dom::element record,
                                                          std::string_view path) {
    simdjson::dom::element cur = record;
    while (true) {
        simdjson::dom::object o;
        if (auto err = cur.get(o)) return err;
        const std::size_t dot = path.find('.');
        if (dot == std::string_view::npos) return o[path];
        simdjson::dom::element next;
        if (o[path.substr(0, dot)].get(next) != simdjson::SUCCESS) {
            // Rare: a key with dots in it, e.g. "x.y" under requestParameters.
            return o[path];
        }
        cur = next;
        path.remove_prefix(dot + 1);
    }
}

std::string_view session_issuer_arn(const Identity& id) {
    if (!id.has_session_context) return {};
    simdjson::dom::element v;
    if (id.session_context["sessionIssuer"]["arn"].get(v) != simdjson::SUCCESS) return {};
    return as_string(v);
}

std::string_view principal(const Event& e) {
    const Identity& id = e.identity;
    if (!id.present) return {};
    if (!id.arn.empty()) return id.arn;
    if (const auto issuer = session_issuer_arn(id); !issuer.empty()) return issuer;
    if (!id.principal_id.empty()) return id.principal_id;
    return id.invoked_by;
}

}  // namespace wasp::detect
