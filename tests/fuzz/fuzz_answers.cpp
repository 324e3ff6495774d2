// libFuzzer target: the answers.yaml reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pillar/assess.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)wasp::pillar::parse_answers(text, "answers.yaml", wasp::pillar::current_catalog());
    (void)wasp::pillar::days_from_iso_date(text.substr(0, 10));
    return 0;
}
