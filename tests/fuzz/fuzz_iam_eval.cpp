// libFuzzer target: the `wasp iam eval` document (policies included) read and evaluated.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/request_doc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = wasp::iam::parse_eval_document(text, "fuzz.json");
    if (!parsed.document) return 0;
    auto result = wasp::iam::evaluate(parsed.document->request, parsed.document->layers);
    (void)wasp::iam::result_text(parsed.document->request, result);
    return 0;
}
