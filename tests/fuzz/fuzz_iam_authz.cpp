// libFuzzer target: an authorization-details export loaded, and every principal's layers built.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/account.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::iam::Accounts accounts;
    wasp::core::Diagnostics diags;
    accounts.load(text, "fuzz.json", diags);
    for (std::size_t i = 0; i < accounts.users.size(); ++i) {
        (void)wasp::iam::layers_for(accounts, {wasp::iam::PrincipalKind::kUser, i}, diags);
    }
    for (std::size_t i = 0; i < accounts.roles.size(); ++i) {
        (void)wasp::iam::layers_for(accounts, {wasp::iam::PrincipalKind::kRole, i}, diags, "s");
    }
    return 0;
}
