// libFuzzer target: finding the resource blocks and wasp:skip comments of a .tf file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iac/terraform_source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)wasp::iac::scan_terraform_source(text, "fuzz.tf");
    return 0;
}
