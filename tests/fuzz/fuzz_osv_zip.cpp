// libFuzzer target: Database::load on arbitrary bytes written to a temporary .zip file (the
// loader reads archives from disk), with small bounds, then lookups in what it loaded. Traps when
// the counts do not add up.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "vuln/database.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wasp::vuln;  // NOLINT(google-build-using-namespace): one function
    // One file per process, removed at exit.
    static const struct TempFile {
        std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("fuzz_osv_zip-" + std::to_string(::getpid()) + ".zip");
        ~TempFile() {
            std::error_code ec;
            std::filesystem::remove(path, ec);
        }
    } temp;
    const std::filesystem::path& path = temp.path;
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out) return 0;
    }
    LoadOptions options;
    options.threads = 1;
    options.max_record_bytes = 1u << 16;  // an entry claiming more is skipped, not inflated
    wasp::core::Diagnostics diags;
    const std::vector<std::filesystem::path> sources{path};
    const Database db = Database::load(sources, options, diags);
    if (db.stats().records != db.advisories().size()) __builtin_trap();
    for (std::size_t i = 0; i < db.advisories().size(); ++i) {
        const Advisory& a = db.advisories()[i];
        if (!a.withdrawn.empty()) __builtin_trap();
        const Vulnerability* v = db.find(a.id);
        if (v == nullptr || v != &db.vulnerabilities()[db.vulnerability_of(i)]) __builtin_trap();
        for (const auto& e : a.affected) (void)db.lookup(e.ecosystem, e.package);
    }
    return 0;
}
