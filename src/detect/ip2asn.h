// IP addresses, and the public ip2asn table (iptoasn.com) that says which autonomous system and
// country announce an address: the data behind "activity from a new country or network" anomalies.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"

namespace wasp::detect {

// An IPv4 or IPv6 address as 128 bits; IPv4 is held as its IPv4-mapped IPv6 form
// (::ffff:a.b.c.d), so both families sort in one order.
struct IpAddress {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    [[nodiscard]] bool is_v4() const { return hi == 0 && (lo >> 32) == 0xffffu; }
    [[nodiscard]] std::uint32_t v4() const { return static_cast<std::uint32_t>(lo); }
    friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// Parses a dotted IPv4 address or an IPv6 address (with "::", an embedded IPv4 tail, a zone
// "%eth0" ignored); nullopt for anything else, such as the service names CloudTrail writes in
// sourceIPAddress ("ec2.amazonaws.com", "AWS Internal").
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text);

// The network an address belongs to, as people write it: "203.0.113.0/24" for IPv4,
// "2001:db8:1::/48" for IPv6 (RFC 5952 form).
[[nodiscard]] std::string network_of(const IpAddress& ip);

struct AsnInfo {
    std::uint32_t asn = 0;
    std::string_view country;  // ISO 3166 alpha-2, empty when the table does not say
    std::string_view name;     // the AS description, e.g. "EXAMPLE-NET"
};

// The ip2asn table: TSV lines "range_start<TAB>range_end<TAB>AS_number<TAB>country_code<TAB>
// AS_description", addresses dotted, IPv6, or (ip2asn-v4-u32) 32-bit integers. Ranges announced
// by no one (AS 0, "Not routed") are left out. Lookups are binary searches over the ranges
// sorted by start; the table is immutable once loaded, so threads share it.
class Ip2Asn {
  public:
    static constexpr std::size_t kMaxRanges = 20'000'000;
    static constexpr std::size_t kMaxBytes = std::size_t{1} << 30;  // per file, decompressed
    static constexpr std::size_t kMaxLineDiagnostics = 10;          // per file

    // Adds the ranges of one file's text (v4, v6 or combined; call once per file). Lines that
    // are not ranges are reported with file and line, at most kMaxLineDiagnostics of them and
    // then a count, and skipped. Returns the number of ranges added.
    std::size_t load(std::string_view text, std::string_view file, core::Diagnostics& diags);
    // Reads a file (".gz" is decompressed) and loads it; false when it cannot be read.
    [[nodiscard]] bool load_file(const std::filesystem::path& path, core::Diagnostics& diags);

    [[nodiscard]] std::optional<AsnInfo> lookup(const IpAddress& ip) const;
    // The description of an AS number seen in the table; empty when unknown.
    [[nodiscard]] std::string_view name_of(std::uint32_t asn) const;
    [[nodiscard]] std::size_t size() const { return ranges_.size(); }
    [[nodiscard]] bool empty() const { return ranges_.empty(); }

  private:
    struct Range {
        IpAddress start;
        IpAddress end;
        std::uint32_t asn = 0;
        std::uint32_t name = 0;  // into names_
        char country[2] = {0, 0};
    };
    std::uint32_t intern(std::string_view name);

    std::vector<Range> ranges_;  // sorted by start
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> name_index_;       // into names_
    std::vector<std::pair<std::uint32_t, std::uint32_t>> asn_names_;  // (asn, name), sorted
};

}  // namespace wasp::detect
