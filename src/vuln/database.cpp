#include "vuln/database.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <numeric>
#include <system_error>
#include <thread>

#include <zip.h>

#include "core/file.h"
#include "vuln/purl.h"

namespace wasp::vuln {
namespace fs = std::filesystem;

std::string_view ecosystem_base(std::string_view ecosystem) {
    return ecosystem.substr(0, std::min(ecosystem.find(':'), ecosystem.size()));
}

std::string_view ecosystem_release(std::string_view ecosystem) {
    auto colon = ecosystem.find(':');
    if (colon == std::string_view::npos) return {};
    auto rest = ecosystem.substr(colon + 1);
    // "Maven:https://maven.google.com", "Packagist:https://packages.drupal.org/8": a repository,
    // not a release.
    if (rest.find("://") != std::string_view::npos) return {};
    const auto first = rest.substr(0, rest.find(':'));
    // "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS": the release is the part with a digit.
    while (!rest.empty()) {
        auto next = rest.find(':');
        auto part = rest.substr(0, next);
        if (std::any_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return part;
        }
        if (next == std::string_view::npos) break;
        rest = rest.substr(next + 1);
    }
    // "Debian:sid", "Alpaquita:stream": a release named without digits.
    return first;
}

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string package_key(std::string_view ecosystem, std::string_view package) {
    std::string key(ecosystem);
    key.push_back('\0');
    key.append(package);
    return key;
}

// A unit of loading work: one JSON file, or a slice of one zip archive's entries.
struct Task {
    std::size_t source = 0;  // into the sources list
    bool zip = false;
    zip_uint64_t first = 0, last = 0;  // entry range, for zips
};

struct Worker {
    std::vector<Advisory> records;
    core::Diagnostics diags;
    LoadStats stats;
};

// RFC 3339 UTC times order as strings only at equal precision ("...:09Z" is after
// "...:09.5Z" as a string): the key is the time to the second, then the fraction padded to
// nanoseconds. OSV requires UTC ("Z"), so offsets are not converted.
std::string time_key(std::string_view t) {
    constexpr std::size_t kSeconds = 19;  // "2024-02-14T07:20:09"
    if (t.size() < kSeconds) return std::string(t);
    std::string key(t.substr(0, kSeconds));
    std::string fraction;
    if (t.size() > kSeconds && t[kSeconds] == '.') {
        for (std::size_t i = kSeconds + 1; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
            fraction.push_back(t[i]);
        }
    }
    fraction.resize(9, '0');
    return key + fraction;
}

core::Diagnostic problem(std::string file, std::string message) {
    core::Diagnostic d;
    d.level = core::DiagLevel::kWarning;
    d.code = "osv-invalid";
    d.message = std::move(message);
    d.location.file = std::move(file);
    return d;
}

void take(Worker& w, std::string_view json, std::string source) {
    w.stats.json_bytes += json.size();
    auto adv = parse_osv(json, source);
    if (!adv) {
        ++w.stats.invalid;
        w.diags.push_back(problem(std::move(source), "not an OSV record: " + adv.error()));
        return;
    }
    // Withdrawn records are dropped after deduplication: a later withdrawal of an id withdraws
    // its older records too.
    w.records.push_back(std::move(*adv));
}

class ZipReader {
  public:
    ZipReader() = default;
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;
    ~ZipReader() {
        if (zip_) zip_discard(zip_);
    }
    std::string open(const fs::path& path) {
        int error = 0;
        zip_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
        if (zip_ == nullptr) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, error);
            std::string message = zip_error_strerror(&ze);
            zip_error_fini(&ze);
            return message;
        }
        return {};
    }
    zip_t* get() const { return zip_; }

  private:
    zip_t* zip_ = nullptr;
};

void load_zip_slice(const fs::path& path,
                    ZipReader& zip,
                    const Task& task,
                    const LoadOptions& options,
                    Worker& w,
                    std::string& buffer) {
    for (zip_uint64_t i = task.first; i < task.last; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip.get(), i, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0) continue;
        std::string_view name = st.name;
        if (!name.ends_with(".json")) continue;
        std::string source = path.string() + "!" + std::string(name);
        if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > options.max_record_bytes) {
            ++w.stats.invalid;
            w.diags.push_back(
                problem(std::move(source), "the entry is larger than the limit of " +
                                               std::to_string(options.max_record_bytes) +
                                               " bytes; skipped"));
            continue;
        }
        if (st.valid & ZIP_STAT_COMP_SIZE) w.stats.compressed_bytes += st.comp_size;
        zip_file_t* file = zip_fopen_index(zip.get(), i, 0);
        if (file == nullptr) {
            ++w.stats.invalid;
            w.diags.push_back(problem(std::move(source), std::string("cannot open the entry: ") +
                                                             zip_strerror(zip.get())));
            continue;
        }
        buffer.resize(static_cast<std::size_t>(st.size));
        zip_int64_t got = buffer.empty() ? 0 : zip_fread(file, buffer.data(), st.size);
        bool ok = got == static_cast<zip_int64_t>(st.size);
        // libzip checks an entry's CRC when a read reaches its end: read past the stated size.
        char past = 0;
        zip_int64_t extra = ok ? zip_fread(file, &past, 1) : 0;
        ok = ok && extra == 0;
        std::string why = ok          ? ""
                          : extra > 0 ? "the entry is longer than its stated size"
                                      : zip_file_strerror(file);
        zip_fclose(file);
        if (!ok) {
            ++w.stats.invalid;
            w.diags.push_back(problem(std::move(source), "cannot read the entry: " + why));
            continue;
        }
        take(w, buffer, std::move(source));
    }
}

}  // namespace

Database Database::load(std::span<const fs::path> sources,
                        const LoadOptions& options,
                        core::Diagnostics& diags) {
    auto start = std::chrono::steady_clock::now();
    // Expand folders; each file is a JSON record or a zip archive.
    std::vector<fs::path> files;
    for (const auto& source : sources) {
        std::error_code ec;
        if (fs::is_directory(source, ec)) {
            std::vector<fs::path> found;
            for (fs::recursive_directory_iterator it(source, ec), end; !ec && it != end;
                 it.increment(ec)) {
                if (!it->is_regular_file(ec)) continue;
                auto ext = it->path().extension();
                if (ext == ".json" || ext == ".zip") found.push_back(it->path());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(source, ec)) {
            files.push_back(source);
        } else {
            core::Diagnostic d;
            d.code = "osv-db-missing";
            d.message = "the advisory database does not exist";
            d.location.file = source.string();
            diags.push_back(std::move(d));
        }
    }

    Database db;
    std::vector<Task> tasks;
    constexpr zip_uint64_t kSlice = 512;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].extension() != ".zip") {
            tasks.push_back({i, false, 0, 0});
            continue;
        }
        ZipReader zip;
        if (auto error = zip.open(files[i]); !error.empty()) {
            core::Diagnostic d;
            d.code = "osv-zip";
            d.message = "cannot read the zip archive: " + error;
            d.location.file = files[i].string();
            diags.push_back(std::move(d));
            continue;
        }
        auto entries = static_cast<zip_uint64_t>(zip_get_num_entries(zip.get(), 0));
        for (zip_uint64_t first = 0; first < entries; first += kSlice) {
            tasks.push_back({i, true, first, std::min(entries, first + kSlice)});
        }
    }
    db.stats_.files = files.size();

    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    threads = std::clamp(threads, 1u, std::max(1u, static_cast<unsigned>(tasks.size())));
    std::vector<Worker> workers(threads);
    std::atomic<std::size_t> next{0};
    auto work = [&](Worker& w) {
        std::string buffer;
        // Each thread keeps its own handle on each archive: libzip handles are not shared.
        std::vector<std::unique_ptr<ZipReader>> zips(files.size());
        for (std::size_t t; (t = next.fetch_add(1)) < tasks.size();) {
            const Task& task = tasks[t];
            const fs::path& path = files[task.source];
            if (task.zip) {
                auto& zip = zips[task.source];
                if (!zip) {
                    zip = std::make_unique<ZipReader>();
                    if (auto error = zip->open(path); !error.empty()) {
                        w.diags.push_back(problem(path.string(), "cannot read: " + error));
                        continue;
                    }
                }
                if (zip->get() != nullptr) load_zip_slice(path, *zip, task, options, w, buffer);
                continue;
            }
            auto text = core::read_file(path, options.max_record_bytes);
            if (!text) {
                ++w.stats.invalid;
                w.diags.push_back(problem(path.string(), text.error()));
                continue;
            }
            take(w, *text, path.string());
        }
    };
    if (threads == 1) {
        work(workers[0]);
    } else {
        std::vector<std::jthread> pool;
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work, std::ref(workers[i]));
        work(workers[0]);
    }

    std::vector<Advisory> records;
    core::Diagnostics found;
    for (auto& w : workers) {
        for (auto& r : w.records) records.push_back(std::move(r));
        for (auto& d : w.diags) found.push_back(std::move(d));
        db.stats_.invalid += w.stats.invalid;
        db.stats_.compressed_bytes += w.stats.compressed_bytes;
        db.stats_.json_bytes += w.stats.json_bytes;
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.location.file < b.location.file; });
    for (auto& d : found) diags.push_back(std::move(d));

    auto stats = db.stats_;
    db = from_records(std::move(records));
    stats.records = db.stats_.records;
    stats.duplicates = db.stats_.duplicates;
    stats.withdrawn = db.stats_.withdrawn;
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    db.stats_ = stats;
    return db;
}

Database Database::from_records(std::vector<Advisory> records) {
    Database db;
    // One record per id: the latest "modified" wins; ties keep the first source in order.
    std::vector<std::string> keys(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) keys[i] = time_key(records[i].modified);
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const Advisory& a = records[x];
        const Advisory& b = records[y];
        if (a.id != b.id) return a.id < b.id;
        if (keys[x] != keys[y]) return keys[x] > keys[y];
        return a.source < b.source;
    });
    std::string last_id;
    for (std::size_t i : order) {
        Advisory& r = records[i];
        if (i != order.front() && last_id == r.id) {
            ++db.stats_.duplicates;
            continue;
        }
        last_id = r.id;
        // The authoritative record withdraws the advisory: none of its records is kept.
        if (!r.withdrawn.empty()) {
            ++db.stats_.withdrawn;
            continue;
        }
        db.advisories_.push_back(std::move(r));
    }
    db.stats_.records = db.advisories_.size();
    for (auto& adv : db.advisories_) {
        for (auto& entry : adv.affected) sort_events(entry);
    }
    db.build_index();
    return db;
}

void Database::build_index() {
    const std::size_t n = advisories_.size();
    // Union-find over records sharing an id or alias.
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    std::unordered_map<std::string, std::size_t> first_with;
    for (std::size_t i = 0; i < n; ++i) {
        auto link = [&](std::string_view id) {
            auto [it, inserted] = first_with.try_emplace(upper(id), i);
            if (!inserted) {
                auto a = root(it->second), b = root(i);
                if (a != b) parent[std::max(a, b)] = std::min(a, b);
            }
        };
        link(advisories_[i].id);
        for (const auto& alias : advisories_[i].aliases) link(alias);
        for (const auto& id : advisories_[i].upstream) link(id);
    }
    std::unordered_map<std::size_t, std::size_t> vuln_of_root;
    vuln_of_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        auto r = root(i);
        auto [it, inserted] = vuln_of_root.try_emplace(r, vulns_.size());
        if (inserted) vulns_.emplace_back();
        vuln_of_[i] = it->second;
        auto& v = vulns_[it->second];
        v.records.push_back(i);
        v.ids.push_back(advisories_[i].id);
        for (const auto& alias : advisories_[i].aliases) v.ids.push_back(alias);
        for (const auto& id : advisories_[i].upstream) v.ids.push_back(id);
    }
    for (std::size_t vi = 0; vi < vulns_.size(); ++vi) {
        auto& v = vulns_[vi];
        std::sort(v.ids.begin(), v.ids.end());
        v.ids.erase(std::unique(v.ids.begin(), v.ids.end()), v.ids.end());
        std::vector<std::string_view> cves;
        for (const auto& id : v.ids) {
            if (id.starts_with("CVE-")) cves.push_back(id);
        }
        v.id = cves.size() == 1 ? std::string(cves[0]) : advisories_[v.records.front()].id;
        for (const auto& id : v.ids) by_id_.try_emplace(upper(id), vi);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto& adv = advisories_[i];
        for (std::size_t a = 0; a < adv.affected.size(); ++a) {
            const auto& entry = adv.affected[a];
            if (entry.name.empty()) continue;
            auto eco = ecosystem_base(entry.ecosystem);
            by_package_[package_key(eco, entry.package)].push_back(
                {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(a)});
            if (std::find(ecosystems_.begin(), ecosystems_.end(), eco) == ecosystems_.end()) {
                ecosystems_.emplace_back(eco);
            }
        }
    }
    std::sort(ecosystems_.begin(), ecosystems_.end());
}

std::span<const AffectedRef> Database::lookup(std::string_view ecosystem,
                                              std::string_view package) const {
    // Called for every component of every SBOM: the key is built in a reused buffer.
    thread_local std::string key;
    key.assign(ecosystem_base(ecosystem));
    key.push_back('\0');
    key.append(package);
    auto it = by_package_.find(key);
    if (it == by_package_.end()) return {};
    return it->second;
}

const Vulnerability* Database::find(std::string_view id) const {
    auto it = by_id_.find(upper(id));
    return it == by_id_.end() ? nullptr : &vulns_[it->second];
}

bool Database::has_ecosystem(std::string_view ecosystem) const {
    return std::binary_search(ecosystems_.begin(), ecosystems_.end(), ecosystem_base(ecosystem));
}

}  // namespace wasp::vuln
