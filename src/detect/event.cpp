// Common fields of a CloudTrail event and dotted-path access into it.
#include "detect/event.h"

#include <cstddef>

namespace wasp::detect {
namespace {

std::string_view string_at(simdjson::dom::object o, std::string_view key) {
    std::string_view s;
    if (o[key].get(s) != simdjson::SUCCESS) return {};
    return s;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::int64_t parse_time(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec)) {
        return kNoTime;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return kNoTime;
    std::size_t i = 19;
    int ms = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        int scale = 100;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ms += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
    }
    std::int64_t offset_min = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int oh = 0, om = 0;
        const bool minus = s[i] == '-';
        if (!digits(s, i + 1, 2, oh)) return kNoTime;
        std::size_t j = i + 3;
        if (j < s.size() && s[j] == ':') ++j;
        if (!digits(s, j, 2, om)) return kNoTime;
        offset_min = (oh * 60 + om) * (minus ? -1 : 1);
        i = j + 2;
    }
    if (i != s.size()) return kNoTime;
    const std::int64_t days = days_from_civil(y, mo, d);
    const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    return secs * 1000 + ms;
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
