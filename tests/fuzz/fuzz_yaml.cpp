// libFuzzer target: core::parse_yaml on arbitrary bytes, then the tree is written as JSON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto doc = wasp::core::parse_yaml(text)) {
        if (!wasp::core::parse_json(doc->root.to_json())) __builtin_trap();
    }
    return 0;
}
