// Writing CloudTrail records for the synthetic generators: small JSON builders, identifiers in
// AWS's shapes, and one record writer that puts fields in the order CloudTrail delivers them.
// Internal to the detect module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "detect/synth.h"

namespace wasp::detect::synth {

// A JSON object built by appending members; values are escaped, raw() takes JSON as is.
class Obj {
  public:
    Obj() : out_("{") {}
    Obj& s(std::string_view key, std::string_view value);
    Obj& n(std::string_view key, std::int64_t value);
    Obj& b(std::string_view key, bool value);
    Obj& null(std::string_view key);
    Obj& raw(std::string_view key, std::string_view json);
    [[nodiscard]] std::string str() const { return out_ + "}"; }

  private:
    void key(std::string_view k);
    std::string out_;
};

// A JSON array built the same way.
class Arr {
  public:
    Arr() : out_("[") {}
    Arr& s(std::string_view value);
    Arr& raw(std::string_view json);
    [[nodiscard]] std::string str() const { return out_ + "]"; }

  private:
    void sep();
    std::string out_;
};

void append_int(std::string& out, std::int64_t v);
// "2024-05-01T12:34:56Z": CloudTrail's eventTime, whole seconds.
void append_iso_time(std::string& out, std::int64_t ms);
[[nodiscard]] std::string iso_time(std::int64_t ms);
// "May 1, 2024, 12:34:56 PM" (comma after the year, as STS writes expirations) or without it
// ("May 1, 2024 12:34:56 PM", as IAM writes createDate).
[[nodiscard]] std::string human_time(std::int64_t ms, bool comma_after_year);

void append_uuid(std::string& out, Rng& rng);
[[nodiscard]] std::string uuid(Rng& rng);
// n characters drawn from alphabet.
[[nodiscard]] std::string random_chars(Rng& rng, std::size_t n, std::string_view alphabet);
inline constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
inline constexpr std::string_view kHexLower = "0123456789abcdef";
inline constexpr std::string_view kHexUpper = "0123456789ABCDEF";
inline constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// IAM unique ids and keys: a four-letter prefix ("AKIA", "ASIA", "AIDA", "AROA") and 16 chars.
[[nodiscard]] std::string iam_id(Rng& rng, std::string_view prefix);
[[nodiscard]] std::string instance_id(Rng& rng);                      // "i-" and 17 hex digits
[[nodiscard]] std::string account_id(Rng& rng);                       // 12 digits, no leading zero
[[nodiscard]] std::string ipv4(Rng& rng, std::string_view prefix24);  // prefix "203.0.113"

enum class RequestId { kUuid, kS3, kNone };

// One record's fields. Views must outlive write_record(); empty optional parts are omitted.
struct Record {
    std::int64_t time_ms = 0;
    std::string_view version = "1.09";
    std::string_view identity;  // the userIdentity object, JSON
    std::string_view source;    // eventSource
    std::string_view name;      // eventName
    std::string_view region;
    std::string_view ip;  // sourceIPAddress
    std::string_view user_agent;
    std::string_view error_code;
    std::string_view error_message;
    std::string_view request = "null";   // requestParameters, JSON
    std::string_view response = "null";  // responseElements, JSON
    std::string_view additional;         // additionalEventData, JSON
    RequestId request_id = RequestId::kUuid;
    bool read_only = false;
    std::string_view resources;  // JSON array
    std::string_view event_type = "AwsApiCall";
    bool management = true;
    std::string_view account;          // recipientAccountId
    std::string_view service_details;  // serviceEventDetails, JSON
    std::string_view shared_event_id;
    std::string_view vpc_endpoint;  // vpcEndpointId
    bool data = false;              // eventCategory "Data" rather than "Management"
    bool tls = true;
    std::string_view host;  // tlsDetails.clientProvidedHostHeader; default from source and region
    bool console = false;   // sessionCredentialFromConsole
};

inline constexpr std::size_t kUuidLength = 36;
// Appends the record's JSON to out; returns where in out its eventID (kUuidLength chars) starts.
std::size_t write_record(std::string& out, const Record& r, Rng& rng);

// The "<service>.<region>.amazonaws.com" endpoint a client names for source in region; global
// services (IAM, CloudFront, Organizations…) have no region in it.
void append_host(std::string& out, std::string_view source, std::string_view region);

}  // namespace wasp::detect::synth
