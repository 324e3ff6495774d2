// libFuzzer target: the CloudFormation parameters-file reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iac/cfn.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)wasp::iac::load_cfn_parameters(text, "parameters.json");
    return 0;
}
