// libFuzzer target: an authorization-details export loaded and its blast radius built, with a
// requested resource, and every principal's and resource's reach walked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/account.h"
#include "iam/blast_radius.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::iam::Accounts accounts;
    wasp::core::Diagnostics diags;
    accounts.load(text, "fuzz.json", diags);
    wasp::iam::BlastOptions options;
    options.paths.threads = 1;
    options.resources = {"arn:aws:s3:::shop-customer-data/exports/2026-11.csv", "*"};
    wasp::iam::BlastRadius g = wasp::iam::blast_radius(accounts, options, diags);
    for (std::size_t p = 0; p < g.principals.size(); ++p) {
        (void)wasp::iam::reach_of(g, p);
        for (auto e : g.principals[p].top) {
            auto chains = wasp::iam::chains_to(g, g.acts[e].principal);
            (void)wasp::iam::reach_by(g, chains, p, e);
        }
    }
    for (std::size_t r = 0; r < g.resources.size(); ++r) (void)wasp::iam::who_reaches(g, r);
    return 0;
}
