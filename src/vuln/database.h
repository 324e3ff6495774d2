// The offline advisory database: OSV records loaded from JSON files, folders and OSV.dev's
// per-ecosystem all.zip exports (read in place, on every core), indexed by package, with
// aliases merged so one vulnerability is one entry whatever number of records describe it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "vuln/osv.h"

namespace wasp::vuln {

struct LoadOptions {
    unsigned threads = 0;                      // 0: one per core
    std::size_t max_record_bytes = 16u << 20;  // a larger record (or zip entry) is skipped
};

struct LoadStats {
    std::uint64_t files = 0;       // JSON files and zip archives read
    std::uint64_t records = 0;     // advisories kept
    std::uint64_t withdrawn = 0;   // skipped: they have "withdrawn"
    std::uint64_t invalid = 0;     // skipped: not an OSV record (each is a diagnostic)
    std::uint64_t duplicates = 0;  // skipped: an id seen before (the latest "modified" is kept)
    std::uint64_t compressed_bytes = 0;  // zip entries as stored
    std::uint64_t json_bytes = 0;        // records as parsed
    double seconds = 0.0;
};

// One vulnerability: the records that describe it (linked by ids and aliases).
struct Vulnerability {
    std::string id;                    // the id to show: the CVE when there is exactly one
    std::vector<std::string> ids;      // every id and alias, sorted
    std::vector<std::size_t> records;  // into Database::advisories(), sorted by id
};

// An affected entry, found by package.
struct AffectedRef {
    std::uint32_t advisory = 0;
    std::uint32_t affected = 0;
};

class Database {
  public:
    // Loads every source: a .json file (one record), a .zip archive (every *.json entry) or a
    // folder (recursively: .json files and .zip archives). Problems go to diags with the file
    // (and zip entry) and the load goes on.
    [[nodiscard]] static Database load(std::span<const std::filesystem::path> sources,
                                       const LoadOptions& options,
                                       core::Diagnostics& diags);
    // From records already parsed (tests, generated data).
    [[nodiscard]] static Database from_records(std::vector<Advisory> records);

    [[nodiscard]] const std::vector<Advisory>& advisories() const { return advisories_; }
    [[nodiscard]] const std::vector<Vulnerability>& vulnerabilities() const { return vulns_; }
    [[nodiscard]] const LoadStats& stats() const { return stats_; }

    // The affected entries naming a package: ecosystem without release ("Debian", not
    // "Debian:12") and the name normalised (normalize_package_name).
    [[nodiscard]] std::span<const AffectedRef> lookup(std::string_view ecosystem,
                                                      std::string_view package) const;
    // The vulnerability an advisory belongs to.
    [[nodiscard]] std::size_t vulnerability_of(std::size_t advisory) const {
        return vuln_of_[advisory];
    }
    // The vulnerability with this id or alias (case-insensitive), or nullptr.
    [[nodiscard]] const Vulnerability* find(std::string_view id) const;
    // Packages the database knows, and ecosystems: for "0 advisories for ecosystem X" notes.
    [[nodiscard]] bool has_ecosystem(std::string_view ecosystem) const;

  private:
    void build_index();

    std::vector<Advisory> advisories_;
    std::vector<Vulnerability> vulns_;
    std::vector<std::size_t> vuln_of_;
    std::unordered_map<std::string, std::vector<AffectedRef>> by_package_;  // "eco\0name"
    std::unordered_map<std::string, std::size_t> by_id_;                    // upper-cased id
    std::vector<std::string> ecosystems_;
    LoadStats stats_;
};

// The ecosystem without its release: "Debian:12" -> "Debian"; and the release: "12".
[[nodiscard]] std::string_view ecosystem_base(std::string_view ecosystem);
[[nodiscard]] std::string_view ecosystem_release(std::string_view ecosystem);

}  // namespace wasp::vuln
