// libFuzzer target: the ip2asn TSV reader, and lookups in what it read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/ip2asn.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::core::Diagnostics diags;
    wasp::detect::Ip2Asn table;
    (void)table.load(text, "fuzz.tsv", diags);
    for (std::string_view ip : {"192.0.2.1", "203.0.113.255", "2001:db8::1", "::", "0.0.0.0"}) {
        if (const auto addr = wasp::detect::parse_ip(ip)) {
            if (const auto info = table.lookup(*addr)) (void)table.name_of(info->asn);
        }
    }
    // The first field of the input as an address, too: the parser meets hostile text there.
    const std::string_view first = text.substr(0, text.find_first_of("\t\n"));
    if (const auto addr = wasp::detect::parse_ip(first)) {
        (void)wasp::detect::network_of(*addr);
        (void)table.lookup(*addr);
    }
    return 0;
}
