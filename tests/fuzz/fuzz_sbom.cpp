// libFuzzer target: read_sbom on arbitrary bytes (CycloneDX, SPDX 2, SPDX 3 by content); every
// component read has a path and a JSON pointer, and every purl kept is canonical.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vuln/purl.h"
#include "vuln/sbom.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::core::Diagnostics warnings;
    auto sbom = wasp::vuln::read_sbom(text, "fuzz.json", warnings);
    if (!sbom) {
        if (sbom.error().location.file != "fuzz.json") __builtin_trap();
        return 0;
    }
    for (const auto& c : sbom->components) {
        if (c.path.empty() || c.location.pointer.empty() || c.location.pointer[0] != '/') {
            __builtin_trap();
        }
        if (!c.purl.empty()) {
            auto p = wasp::vuln::parse_purl(c.purl);
            if (!p || wasp::vuln::to_string(*p) != c.purl) __builtin_trap();
        }
    }
    for (const auto& s : sbom->vex) {
        if (s.products.empty()) __builtin_trap();
        for (const auto& c : sbom->components) (void)wasp::vuln::vex_applies(s, c);
    }
    return 0;
}
