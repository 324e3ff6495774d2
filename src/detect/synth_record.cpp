// The random source, JSON builders and record writer behind every synthetic CloudTrail event.
#include "detect/synth_record.h"

#include <array>
#include <cstddef>

#include "core/utf8.h"

namespace wasp::detect {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// Which bytes need escaping; every other byte below 0x80 is copied as is.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
    t['"'] = true;
    t['\\'] = true;
    for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
    return t;
}();

void append_escaped_slow(std::string& out, std::string_view s) {
    core::for_each_code_point(s, [&out](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '"':
                out += "\\\"";
                return;
            case '\\':
                out += "\\\\";
                return;
            case '\n':
                out += "\\n";
                return;
            case '\r':
                out += "\\r";
                return;
            case '\t':
                out += "\\t";
                return;
            case '\b':
                out += "\\b";
                return;
            case '\f':
                out += "\\f";
                return;
            default:
                break;
        }
        if (cp < 0x20) {
            out += "\\u00";
            out += synth::kHexLower[cp >> 4];
            out += synth::kHexLower[cp & 0xF];
            return;
        }
        out.append(bytes);
    });
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
}

std::uint64_t Rng::next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Rng::below(std::uint64_t n) {
    if (n == 0) return 0;
    // Lemire's multiply-shift; the bias for the small n used here is far below 2^-32.
    __extension__ using Wide = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
}

std::int64_t Rng::between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double Rng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

bool Rng::chance(double p) { return unit() < p; }

void append_json_quoted(std::string& out, std::string_view s) {
    out += '"';
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!kNeedsEscape[static_cast<unsigned char>(s[i])]) continue;
        out.append(s.substr(start, i - start));
        // Rare: hand the rest to the careful path, which also validates UTF-8.
        append_escaped_slow(out, s.substr(i));
        out += '"';
        return;
    }
    out.append(s.substr(start));
    out += '"';
}

namespace synth {

void Obj::key(std::string_view k) {
    if (out_.size() > 1) out_ += ',';
    append_json_quoted(out_, k);
    out_ += ':';
}

Obj& Obj::s(std::string_view key_name, std::string_view value) {
    key(key_name);
    append_json_quoted(out_, value);
    return *this;
}

Obj& Obj::n(std::string_view key_name, std::int64_t value) {
    key(key_name);
    append_int(out_, value);
    return *this;
}

Obj& Obj::b(std::string_view key_name, bool value) {
    key(key_name);
    out_ += value ? "true" : "false";
    return *this;
}

Obj& Obj::null(std::string_view key_name) {
    key(key_name);
    out_ += "null";
    return *this;
}

Obj& Obj::raw(std::string_view key_name, std::string_view json) {
    key(key_name);
    out_ += json;
    return *this;
}

void Arr::sep() {
    if (out_.size() > 1) out_ += ',';
}

Arr& Arr::s(std::string_view value) {
    sep();
    append_json_quoted(out_, value);
    return *this;
}

Arr& Arr::raw(std::string_view json) {
    sep();
    out_ += json;
    return *this;
}

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    std::size_t n = 0;
    const bool negative = v < 0;
    auto u = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
        buf[n++] = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (negative) out += '-';
    while (n > 0) out += buf[--n];
}

namespace {

struct Civil {
    int year, month, day, hour, minute, second;
};

// Howard Hinnant's civil_from_days, with the time of day.
Civil civil(std::int64_t ms) {
    std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    const std::int64_t sod = secs - days * 86400;
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return {static_cast<int>(y),
            static_cast<int>(m),
            static_cast<int>(d),
            static_cast<int>(sod / 3600),
            static_cast<int>(sod / 60 % 60),
            static_cast<int>(sod % 60)};
}

void two(std::string& out, int v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

}  // namespace

void append_iso_time(std::string& out, std::int64_t ms) {
    const Civil c = civil(ms);
    two(out, c.year / 100);
    two(out, c.year % 100);
    out += '-';
    two(out, c.month);
    out += '-';
    two(out, c.day);
    out += 'T';
    two(out, c.hour);
    out += ':';
    two(out, c.minute);
    out += ':';
    two(out, c.second);
    out += 'Z';
}

std::string iso_time(std::int64_t ms) {
    std::string s;
    append_iso_time(s, ms);
    return s;
}

std::string human_time(std::int64_t ms, bool comma_after_year) {
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const Civil c = civil(ms);
    std::string s(kMonths[c.month - 1]);
    s += ' ';
    append_int(s, c.day);
    s += ", ";
    append_int(s, c.year);
    s += comma_after_year ? ", " : " ";
    const int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    append_int(s, h12);
    s += ':';
    two(s, c.minute);
    s += ':';
    two(s, c.second);
    s += c.hour < 12 ? " AM" : " PM";
    return s;
}

void append_uuid(std::string& out, Rng& rng) {
    std::uint64_t hi = rng.next();
    std::uint64_t lo = rng.next();
    hi = (hi & ~0xF000ull) | 0x4000ull;                         // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    char buf[36];
    std::size_t n = 0;
    for (int i = 15; i >= 0; --i) {
        buf[n++] = kHexLower[(hi >> (i * 4)) & 0xF];
        if (i == 8 || i == 4) buf[n++] = '-';
    }
    buf[n++] = '-';
    for (int i = 15; i >= 0; --i) {
        buf[n++] = kHexLower[(lo >> (i * 4)) & 0xF];
        if (i == 12) buf[n++] = '-';
    }
    out.append(buf, n);
}

std::string uuid(Rng& rng) {
    std::string s;
    append_uuid(s, rng);
    return s;
}

std::string random_chars(Rng& rng, std::size_t n, std::string_view alphabet) {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[rng.below(alphabet.size())];
    return s;
}

std::string iam_id(Rng& rng, std::string_view prefix) {
    return std::string(prefix) + random_chars(rng, 16, kUpperDigits);
}

std::string instance_id(Rng& rng) { return "i-0" + random_chars(rng, 16, kHexLower); }

std::string account_id(Rng& rng) {
    return std::to_string(rng.between(1, 9)) + random_chars(rng, 11, "0123456789");
}

std::string ipv4(Rng& rng, std::string_view prefix24) {
    std::string s(prefix24);
    s += '.';
    append_int(s, rng.between(2, 254));
    return s;
}

void append_host(std::string& out, std::string_view source, std::string_view region) {
    static constexpr std::string_view kSuffix = ".amazonaws.com";
    std::string_view service = source;
    if (service.ends_with(kSuffix)) service.remove_suffix(kSuffix.size());
    static constexpr std::string_view kGlobal[] = {"iam", "organizations", "cloudfront", "route53",
                                                   "ce",  "health"};
    for (auto g : kGlobal) {
        if (service == g) {
            out += source;
            return;
        }
    }
    out += service;
    out += '.';
    out += region;
    out += kSuffix;
}

namespace {

void field(std::string& out, std::string_view key) {
    out += ",\"";
    out += key;
    out += "\":";
}

void string_field(std::string& out, std::string_view key, std::string_view value) {
    field(out, key);
    append_json_quoted(out, value);
}

}  // namespace

std::size_t write_record(std::string& out, const Record& r, Rng& rng) {
    out += "{\"eventVersion\":\"";
    out += r.version;
    out += "\",\"userIdentity\":";
    out += r.identity;
    out += ",\"eventTime\":\"";
    append_iso_time(out, r.time_ms);
    out += '"';
    string_field(out, "eventSource", r.source);
    string_field(out, "eventName", r.name);
    string_field(out, "awsRegion", r.region);
    string_field(out, "sourceIPAddress", r.ip);
    string_field(out, "userAgent", r.user_agent);
    // A failed console sign-in has an errorMessage and no errorCode.
    if (!r.error_code.empty()) string_field(out, "errorCode", r.error_code);
    if (!r.error_message.empty()) string_field(out, "errorMessage", r.error_message);
    field(out, "requestParameters");
    out += r.request;
    field(out, "responseElements");
    out += r.response;
    if (!r.additional.empty()) {
        field(out, "additionalEventData");
        out += r.additional;
    }
    if (r.request_id == RequestId::kUuid) {
        out += ",\"requestID\":\"";
        append_uuid(out, rng);
        out += '"';
    } else if (r.request_id == RequestId::kS3) {
        out += ",\"requestID\":\"";
        for (int i = 0; i < 16; ++i) out += kHexUpper[rng.below(16)];
        out += '"';
    }
    out += ",\"eventID\":\"";
    const std::size_t id_at = out.size();
    append_uuid(out, rng);
    out += r.read_only ? "\",\"readOnly\":true" : "\",\"readOnly\":false";
    if (!r.resources.empty()) {
        field(out, "resources");
        out += r.resources;
    }
    string_field(out, "eventType", r.event_type);
    out += r.management ? ",\"managementEvent\":true" : ",\"managementEvent\":false";
    string_field(out, "recipientAccountId", r.account);
    if (!r.service_details.empty()) {
        field(out, "serviceEventDetails");
        out += r.service_details;
    }
    if (!r.shared_event_id.empty()) string_field(out, "sharedEventID", r.shared_event_id);
    if (!r.vpc_endpoint.empty()) {
        string_field(out, "vpcEndpointId", r.vpc_endpoint);
        string_field(out, "vpcEndpointAccountId", r.account);
    }
    out += r.data ? ",\"eventCategory\":\"Data\"" : ",\"eventCategory\":\"Management\"";
    if (r.tls) {
        out +=
            ",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\","
            "\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":";
        thread_local std::string host;
        host.clear();
        if (r.host.empty()) {
            append_host(host, r.source, r.region);
        } else {
            host = r.host;
        }
        append_json_quoted(out, host);
        out += '}';
    }
    if (r.console) out += ",\"sessionCredentialFromConsole\":\"true\"";
    out += '}';
    return id_at;
}

}  // namespace synth
}  // namespace wasp::detect
