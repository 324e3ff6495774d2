#include "vuln/inputs.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "core/file.h"

namespace wasp::vuln {
namespace fs = std::filesystem;

namespace {

struct Item {
    fs::path path;
    bool found_in_folder = false;
};

bool sbom_name(const fs::path& p) {
    auto ext = p.extension();
    return ext == ".json" || ext == ".jsonld";
}

}  // namespace

std::vector<Sbom> load_sboms(std::span<const fs::path> paths,
                             const SbomLoadOptions& options,
                             core::Diagnostics& diags) {
    std::vector<Item> items;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<Item> found;
            for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
                 it.increment(ec)) {
                if (it->is_regular_file(ec) && sbom_name(it->path())) {
                    found.push_back({it->path(), true});
                }
            }
            std::sort(found.begin(), found.end(),
                      [](const Item& a, const Item& b) { return a.path < b.path; });
            items.insert(items.end(), found.begin(), found.end());
        } else {
            items.push_back({path, false});
        }
    }
    struct Slot {
        std::optional<Sbom> sbom;
        core::Diagnostics diags;
    };
    std::vector<Slot> slots(items.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < items.size();) {
            const Item& item = items[i];
            Slot& slot = slots[i];
            std::string name = item.path.generic_string();
            auto text = core::read_file(item.path, options.max_file_bytes);
            if (!text) {
                slot.diags.push_back({core::DiagLevel::kError, "sbom-unreadable", text.error(),
                                      core::SourceLocation{name, {}, {}}});
                continue;
            }
            auto sbom = read_sbom(*text, name, slot.diags);
            if (sbom) {
                slot.sbom = std::move(*sbom);
            } else if (item.found_in_folder && sbom.error().code == "sbom-format") {
                auto d = sbom.error();
                d.level = core::DiagLevel::kNote;
                d.message = "not an SBOM; skipped (" + d.message + ")";
                slot.diags.push_back(std::move(d));
            } else {
                slot.diags.push_back(sbom.error());
            }
        }
    };
    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    threads = std::clamp(threads, 1u, std::max(1u, static_cast<unsigned>(items.size())));
    if (threads == 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
    }
    std::vector<Sbom> out;
    for (auto& slot : slots) {
        for (auto& d : slot.diags) diags.push_back(std::move(d));
        if (slot.sbom) out.push_back(std::move(*slot.sbom));
    }
    return out;
}

std::vector<VexDocument> load_vex(std::span<const fs::path> paths, core::Diagnostics& diags) {
    std::vector<VexDocument> out;
    for (const auto& path : paths) {
        std::string name = path.generic_string();
        auto text = core::read_file(path, 64u << 20);
        if (!text) {
            diags.push_back({core::DiagLevel::kError, "vex-unreadable", text.error(),
                             core::SourceLocation{name, {}, {}}});
            continue;
        }
        auto doc = read_vex(*text, name, diags);
        if (!doc) {
            diags.push_back(doc.error());
            continue;
        }
        out.push_back(std::move(*doc));
    }
    return out;
}

}  // namespace wasp::vuln
