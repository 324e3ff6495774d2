// libFuzzer target: the anomaly baseline file reader. What it accepts must write back and read
// again to the same baseline, and merge with itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/anomaly.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::core::Diagnostics diags;
    wasp::detect::BaselineLimits limits;
    limits.max_values = 16;
    limits.max_profiles = 64;
    auto b = wasp::detect::parse_baseline(text, "fuzz.json", diags, limits);
    if (!b) return 0;
    auto again =
        wasp::detect::parse_baseline(wasp::detect::to_json(*b), "again.json", diags, limits);
    if (!again || !(*again == *b)) __builtin_trap();
    b->merge(*again, limits);
    return 0;
}
