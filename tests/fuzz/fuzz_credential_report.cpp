// libFuzzer target: the IAM credential report CSV reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/credential_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)wasp::iam::read_credential_report(text, "fuzz.csv");
    return 0;
}
