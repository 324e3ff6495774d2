// Reading many SBOMs and VEX documents at once: files or folders, on every core, in a stable
// order, each problem a diagnostic naming its file.
#pragma once

#include <filesystem>
#include <span>
#include <vector>

#include "core/diagnostic.h"
#include "vuln/sbom.h"
#include "vuln/vex.h"

namespace wasp::vuln {

struct SbomLoadOptions {
    unsigned threads = 0;                     // 0: one per core
    std::size_t max_file_bytes = 512u << 20;  // larger files are an error that says so
};

// Files are read as SBOMs; folders are walked for *.json and *.jsonld files, where a JSON file
// that is neither CycloneDX nor SPDX is skipped with a note. SBOMs come back sorted by path.
[[nodiscard]] std::vector<Sbom> load_sboms(std::span<const std::filesystem::path> paths,
                                           const SbomLoadOptions& options,
                                           core::Diagnostics& diags);

// Each file is a CycloneDX VEX/BOM or an OpenVEX document.
[[nodiscard]] std::vector<VexDocument> load_vex(std::span<const std::filesystem::path> paths,
                                                core::Diagnostics& diags);

}  // namespace wasp::vuln
