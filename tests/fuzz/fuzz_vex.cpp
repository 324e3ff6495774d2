// libFuzzer target: read_vex on arbitrary bytes (CycloneDX VEX and OpenVEX), then every statement
// is applied to a few components.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vuln/sbom.h"
#include "vuln/vex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::core::Diagnostics warnings;
    auto doc = wasp::vuln::read_vex(text, "fuzz.json", warnings);
    if (!doc) return 0;
    wasp::vuln::Component components[3];
    components[0].purl = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar";
    components[0].bom_ref = "log4j-core";
    components[1].purl = "pkg:npm/%40babel/core@7.0.0";
    components[2].bom_ref = "product-ABC";
    for (const auto& s : doc->statements) {
        if (s.vulnerability.empty() || s.products.empty()) __builtin_trap();
        (void)wasp::vuln::to_string(s.status);
        for (const auto& c : components) (void)wasp::vuln::vex_applies(s, c);
    }
    return 0;
}
