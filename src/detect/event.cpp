// Common fields of a CloudTrail event and dotted-path access into it.
#include "detect/event.h"

#include <cstddef>

#include "core/time.h"

namespace wasp::detect {
namespace {

std::string_view string_at(simdjson::dom::object o, std::string_view key) {
    std::string_view s;
    if (o[key].get(s) != simdjson::SUCCESS) return {};
    return s;
}

}  // namespace

std::int64_t parse_time(std::string_view iso) {
    return core::parse_iso_time_ms(iso).value_or(kNoTime);
}

bool fill(Event& e, simdjson::dom::element record) {
    simdjson::dom::object o;
    if (record.get(o) != simdjson::SUCCESS) return false;
    e.record = record;
    e.event_name = string_at(o, "eventName");
    e.event_source = string_at(o, "eventSource");
    e.event_id = string_at(o, "eventID");
    e.aws_region = string_at(o, "awsRegion");
    e.source_ip = string_at(o, "sourceIPAddress");
    e.error_code = string_at(o, "errorCode");
    const std::string_view time = string_at(o, "eventTime");
    e.time_ms = time.empty() ? kNoTime : parse_time(time);
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

std::string_view principal(const Event& e) {
    simdjson::dom::object id;
    if (e.record["userIdentity"].get(id) == simdjson::SUCCESS) {
        if (auto arn = string_at(id, "arn"); !arn.empty()) return arn;
        std::string_view issuer;
        if (id.at_pointer("/sessionContext/sessionIssuer/arn").get(issuer) == simdjson::SUCCESS &&
            !issuer.empty()) {
            return issuer;
        }
        if (auto pid = string_at(id, "principalId"); !pid.empty()) return pid;
        if (auto by = string_at(id, "invokedBy"); !by.empty()) return by;
    }
    return {};
}

}  // namespace wasp::detect
