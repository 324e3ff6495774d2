// libFuzzer target: parse_osv on arbitrary bytes, then every affected entry evaluated at versions
// taken from the record itself (its events, its versions list, and edges around them), and its
// fixed versions listed. Traps when a version the entry's own list names is not affected, or
// when two fixed versions next to each other are equal (they are one fix). Their order is not
// checked: some ecosystems' orders have cycles in corners (version.h, sort_by_version).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vuln/osv.h"
#include "vuln/version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wasp::vuln;  // NOLINT(google-build-using-namespace): one function
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto adv = parse_osv(text, "fuzz.json");
    if (!adv) return 0;
    if (adv->id.empty()) __builtin_trap();
    // Bounded work per input: at most 16 entries and 32 versions each.
    std::size_t entries = 0;
    for (const Affected& a : adv->affected) {
        if (++entries > 16) break;
        std::vector<std::string> versions{"0", "", "*"};
        for (const auto& r : a.ranges) {
            for (const auto& e : r.events) {
                if (versions.size() >= 32) break;
                versions.push_back(e.version);
                versions.push_back(e.version + ".1");
            }
        }
        for (const auto& v : a.versions) {
            if (versions.size() >= 40) break;
            versions.push_back(v);
            if (evaluate(a, v) != RangeVerdict::kAffected) __builtin_trap();
        }
        for (const auto& v : versions) (void)evaluate(a, v);
        const auto fixed = fixed_versions(a);
        for (const auto& r : a.ranges) {
            const auto scheme = range_scheme(a, r);
            if (!scheme) continue;
            for (std::size_t i = 1; i < fixed.size(); ++i) {
                if (compare_versions(*scheme, fixed[i - 1], fixed[i]) == 0) __builtin_trap();
            }
            break;  // fixed_versions orders by the first ordered range's scheme
        }
    }
    return 0;
}
