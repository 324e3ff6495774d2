// libFuzzer target: the AWS Organizations export reader, and what is computed from its records
// (levels, paths, warnings, the prepared RCP levels and keys of OrgRequests and, for small
// organizations, the guardrail rules).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/org_analyze.h"
#include "iam/organization.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::iam::Organization org;
    wasp::core::Diagnostics diags;
    wasp::iam::load_organization(text, "fuzz.json", org, diags);
    wasp::iam::check_organization(org, diags);
    for (const auto& a : org.accounts) {
        (void)wasp::iam::org_levels(org, a.id, wasp::iam::OrgPolicyType::kScp);
        (void)wasp::iam::org_levels(org, a.id, wasp::iam::OrgPolicyType::kRcp);
        (void)wasp::iam::org_path(org, a.id);
    }
    wasp::iam::OrgRequests prepared(&org);
    wasp::iam::Request r;
    r.principal.arn = "arn:aws:iam::222222222222:role/r";
    r.resource = "arn:aws:s3:::b/k";
    for (const auto& a : org.accounts) {
        (void)prepared.rcp_levels(a.id);
        r.resource_account = a.id;
        r.context.clear();
        prepared.settle(r);
    }
    if (org.accounts.size() <= 8) (void)wasp::iam::analyze_organization(org);
    return 0;
}
