// libFuzzer target: a service last-accessed report read, named, and analysed for unused access.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iam/last_accessed.h"
#include "iam/unused_access.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto file = wasp::iam::read_last_accessed(text, "role-app.json");
    wasp::iam::Accounts accounts;
    wasp::iam::resolve_last_accessed_entities(file.reports, accounts, file.diagnostics);
    std::vector<const wasp::iam::LastAccessedReport*> reports;
    for (const auto& r : file.reports) reports.push_back(&r);
    wasp::iam::UnusedAccessOptions options;
    options.now = 1719792000;
    (void)wasp::iam::find_unused_access(reports, nullptr, options, file.diagnostics);
    return 0;
}
