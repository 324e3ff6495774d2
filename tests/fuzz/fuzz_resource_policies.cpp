// libFuzzer target: the resource-policy reader (every AWS CLI output shape and the combined
// document, with its Block Public Access settings), and the external-access analysis of what it
// reads when that stays small, with the role trust policies (identity providers included) of the
// same text read as an authorization-details export.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/external_access.h"
#include "iam/resource_policies.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::iam::ResourcePolicySet set;
    wasp::core::Diagnostics diags;
    set.load(text, "fuzz/arn%3Aaws%3Akms%3Aeu-west-1%3A111122223333%3Akey%2Fk.json", diags);
    std::size_t statements = 0;
    for (const auto& p : set.policies) statements += p.policy->statements.size();
    wasp::iam::Accounts accounts;
    accounts.load(text, "fuzz.json", diags);
    for (const auto& r : accounts.roles) {
        if (r.trust_policy) statements += r.trust_policy->statements.size();
    }
    if (set.policies.size() + accounts.roles.size() <= 4 && statements <= 16) {
        wasp::iam::AnalysisInput in;
        in.resource_policies = &set;
        in.accounts = &accounts;
        in.trusted_accounts = {"111122223333"};
        auto access = wasp::iam::external_access(in);
        (void)wasp::iam::access_checks(access);
    }
    return 0;
}
