// libFuzzer target: parse_purl on arbitrary bytes; what parses must write a canonical string that
// parses back to the same components, and map to OSV without crashing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "vuln/purl.h"

namespace {

bool same(const wasp::vuln::Purl& a, const wasp::vuln::Purl& b) {
    return a.type == b.type && a.ns == b.ns && a.name == b.name && a.version == b.version &&
           a.qualifiers == b.qualifiers && a.subpath == b.subpath;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto purl = wasp::vuln::parse_purl(text);
    (void)wasp::vuln::normalize_package_name("PyPI", text);
    (void)wasp::vuln::normalize_package_name("SwiftURL", text);
    if (!purl) return 0;
    const std::string canonical = wasp::vuln::to_string(*purl);
    auto again = wasp::vuln::parse_purl(canonical);
    // The canonical form parses to the same purl and is a fixed point.
    if (!again || !same(*purl, *again) || wasp::vuln::to_string(*again) != canonical) {
        __builtin_trap();
    }
    (void)wasp::vuln::package_string(*purl);
    if (auto osv = wasp::vuln::osv_package(*purl)) {
        (void)wasp::vuln::normalize_package_name(osv->ecosystem, osv->name);
    }
    return 0;
}
