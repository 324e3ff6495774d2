// libFuzzer target: the CloudTrail reader on one buffer (gzip or plain, any shape). The input is
// read twice, whole and cut into small chunks of a size taken from its length, and both reads
// must agree: where the chunks fall must never change what is read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "detect/event.h"
#include "detect/trail_reader.h"

namespace {

class Record final : public wasp::detect::EventConsumer {
  public:
    void consume(const wasp::detect::Event& e) override {
        seen.emplace_back(std::to_string(e.offset) + "/" + std::to_string(e.index) + "/" +
                          std::string(e.event_name) + "/" + std::string(e.raw));
    }
    std::vector<std::string> seen;
};

std::vector<std::string> read(std::string_view text, std::size_t chunk) {
    wasp::detect::ReadOptions options;
    options.max_event_bytes = 2048;  // small enough for inputs to exceed it
    Record r;
    wasp::core::Diagnostics diags;
    const auto stats =
        wasp::detect::read_trail_buffer_chunked(text, "fuzz.json", r, diags, options, chunk);
    r.seen.push_back(std::to_string(stats.events) + " " + std::to_string(stats.malformed_events) +
                     " " + std::to_string(stats.malformed_files));
    // Messages may name a compressed byte offset that depends on zlib's output space; what is
    // reported, and where in the text, may not.
    for (const auto& d : diags) {
        r.seen.push_back(d.code + " " + d.location.str() + " " + d.location.pointer);
    }
    return r.seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (read(text, wasp::detect::kChunkBytes) != read(text, 1 + size % 67)) std::abort();
    return 0;
}
