// Whole-pipeline figures for SBOMs against OSV advisories: Database::load of OSV all.zip exports
// next to its floor (the same zips inflated entry by entry with libzip, and inflated and parsed
// with simdjson, without building anything), reading the SBOMs, matching throughput, and the
// "are we affected by X?" query.
//
//   bench_vuln --db PATH... [--sboms DIR] [--queries FILE] [--runs N] [--threads N,M]
//              [--steps load,floor,sboms,scan,affected]
//
// --db takes all.zip files, folders of them, or OSV JSON records, as `wasp sbom scan` does.
// Without --sboms only the database is measured. --queries names one vulnerability id a line
// (gen_osv writes DIR/queries.txt); without it, 20 ids are taken from the database.
// Every figure is the median of --runs runs (default 3); threads default to 1 and every core.
// --steps measures only some steps (for a profiler); what a step needs is then done once,
// untimed.
// Wall time, and the process's CPU time beside it: the machine may be shared, and CPU time is
// much less disturbed by the neighbours than wall time is.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <malloc.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include "core/diagnostic.h"
#include "vuln/database.h"
#include "vuln/inputs.h"
#include "vuln/match.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using wasp::vuln::Database;

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
}

double current_rss_mb() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

// Gives freed memory back to the system, so that the next run's RSS starts from the same floor.
void release_memory() { malloc_trim(0); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Timed {
    double wall = 0, cpu = 0;
};

template <typename F>
Timed time_it(F&& f) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    f();
    return {std::chrono::duration<double>(Clock::now() - t0).count(), cpu_seconds() - c0};
}

struct Runs {
    std::vector<double> wall, cpu;
    void add(Timed t) {
        wall.push_back(t.wall);
        cpu.push_back(t.cpu);
    }
    double w() const { return median(wall); }
    double c() const { return median(cpu); }
};

std::vector<fs::path> zips_of(const std::vector<fs::path>& sources) {
    std::vector<fs::path> out;
    for (const auto& s : sources) {
        if (fs::is_directory(s)) {
            std::vector<fs::path> found;
            for (const auto& e : fs::recursive_directory_iterator(s)) {
                if (e.is_regular_file() && e.path().extension() == ".zip")
                    found.push_back(e.path());
            }
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (s.extension() == ".zip") {
            out.push_back(s);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The floor: every *.json entry of every zip inflated into a buffer (and parsed), split into the
// same slices of entries over the same number of threads as Database::load splits them.

struct FloorTotals {
    std::uint64_t entries = 0, compressed = 0, json = 0, parsed = 0;
};

FloorTotals floor_read(const std::vector<fs::path>& zips, unsigned threads, bool parse) {
    struct Task {
        std::size_t zip;
        zip_uint64_t first, last;
    };
    std::vector<Task> tasks;
    for (std::size_t z = 0; z < zips.size(); ++z) {
        int err = 0;
        zip_t* za = zip_open(zips[z].c_str(), ZIP_RDONLY, &err);
        if (za == nullptr) continue;
        const auto n = static_cast<zip_uint64_t>(zip_get_num_entries(za, 0));
        zip_discard(za);
        for (zip_uint64_t f = 0; f < n; f += 512) tasks.push_back({z, f, std::min(n, f + 512)});
    }
    std::atomic<std::size_t> next{0};
    std::vector<FloorTotals> totals(threads);
    auto work = [&](FloorTotals& t) {
        std::vector<zip_t*> open(zips.size(), nullptr);
        std::string buffer;
        simdjson::dom::parser parser;
        for (std::size_t k; (k = next.fetch_add(1)) < tasks.size();) {
            const Task& task = tasks[k];
            zip_t*& za = open[task.zip];
            if (za == nullptr) {
                int err = 0;
                za = zip_open(zips[task.zip].c_str(), ZIP_RDONLY, &err);
                if (za == nullptr) continue;
            }
            for (zip_uint64_t i = task.first; i < task.last; ++i) {
                zip_stat_t st;
                zip_stat_init(&st);
                if (zip_stat_index(za, i, 0, &st) != 0) continue;
                if (!std::string_view(st.name).ends_with(".json")) continue;
                zip_file_t* f = zip_fopen_index(za, i, 0);
                if (f == nullptr) continue;
                buffer.resize(static_cast<std::size_t>(st.size));
                const zip_int64_t got = zip_fread(f, buffer.data(), st.size);
                zip_fclose(f);
                if (got != static_cast<zip_int64_t>(st.size)) continue;
                ++t.entries;
                t.compressed += st.comp_size;
                t.json += st.size;
                if (parse) {
                    simdjson::dom::element root;
                    std::string_view id;
                    // As parse_osv calls it: the parser copies the text into its padded buffer.
                    if (parser.parse(buffer.data(), buffer.size(), true).get(root) ==
                            simdjson::SUCCESS &&
                        root["id"].get(id) == simdjson::SUCCESS && !id.empty()) {
                        ++t.parsed;
                    }
                }
            }
        }
        for (zip_t* za : open) {
            if (za != nullptr) zip_discard(za);
        }
    };
    {
        std::vector<std::jthread> pool;
        for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work, std::ref(totals[i]));
        work(totals[0]);
    }
    FloorTotals sum;
    for (const auto& t : totals) {
        sum.entries += t.entries;
        sum.compressed += t.compressed;
        sum.json += t.json;
        sum.parsed += t.parsed;
    }
    return sum;
}

std::uint64_t read_files(const std::vector<fs::path>& files) {
    std::uint64_t bytes = 0;
    std::vector<char> buffer(1 << 20);
    for (const auto& p : files) {
        FILE* f = std::fopen(p.c_str(), "rb");
        if (f == nullptr) continue;
        for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0;) bytes += n;
        std::fclose(f);
    }
    return bytes;
}

// ---------------------------------------------------------------------------------------------

struct Options {
    std::vector<fs::path> db;
    std::optional<fs::path> sboms;
    std::optional<fs::path> queries;
    int runs = 3;
    std::vector<unsigned> threads;
    std::set<std::string> steps{"load", "floor", "sboms", "scan", "affected"};
    bool step(const char* name) const { return steps.contains(name); }
};

int usage(const std::string& why) {
    std::cerr << "bench_vuln: " << why
              << "\nusage: bench_vuln --db PATH... [--sboms DIR] [--queries FILE] [--runs N] "
                 "[--threads N,M] [--steps load,floor,sboms,scan,affected]\n";
    return 2;
}

double mb(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

// How many cores the machine gives this process now: every core kept busy for half a second,
// CPU time over wall time. On a shared machine this says how far the wall times below can be
// trusted, and whether a second thread can help at all.
double cores_available(unsigned cores) {
    std::atomic<bool> stop{false};
    const Timed t = time_it([&] {
        std::vector<std::jthread> pool;
        for (unsigned i = 0; i < cores; ++i) {
            pool.emplace_back([&] {
                volatile std::uint64_t x = 0;
                while (!stop.load(std::memory_order_relaxed)) x = x + 1;
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        stop = true;
    });
    return t.cpu / t.wall;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--db" && has_value) {
            while (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--")) {
                opt.db.emplace_back(argv[++i]);
            }
        } else if (a == "--sboms" && has_value) {
            opt.sboms = argv[++i];
        } else if (a == "--queries" && has_value) {
            opt.queries = argv[++i];
        } else if (a == "--runs" && has_value) {
            opt.runs = std::max(1, std::atoi(argv[++i]));
        } else if (a == "--steps" && has_value) {
            opt.steps.clear();
            std::string list = argv[++i];
            for (std::size_t p = 0; p < list.size();) {
                auto comma = list.find(',', p);
                if (comma == std::string::npos) comma = list.size();
                opt.steps.insert(list.substr(p, comma - p));
                p = comma + 1;
            }
        } else if (a == "--threads" && has_value) {
            std::string list = argv[++i];
            for (std::size_t p = 0; p < list.size();) {
                auto comma = list.find(',', p);
                if (comma == std::string::npos) comma = list.size();
                opt.threads.push_back(static_cast<unsigned>(std::stoul(list.substr(p, comma - p))));
                p = comma + 1;
            }
        } else {
            return usage("unknown or incomplete argument: " + std::string(a));
        }
    }
    if (opt.db.empty()) return usage("--db is required");
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (opt.threads.empty()) {
        opt.threads = {1};
        if (cores > 1) opt.threads.push_back(cores);
    }
    const unsigned most = *std::max_element(opt.threads.begin(), opt.threads.end());
    auto machine = [&](const char* when) {
        std::printf("machine %s: %u cores, %.2f of them available to this process", when, cores,
                    cores_available(cores));
        if (double load[3]; getloadavg(load, 3) == 3) {
            std::printf(", load average %.2f %.2f %.2f", load[0], load[1], load[2]);
        }
        std::printf("\n");
    };
    machine("at start");

    // (a) Database::load. The first load runs before anything else, so the process's peak RSS
    // after it is the load's own peak.
    const double rss_start = current_rss_mb();
    double first_peak = 0, held = 0;
    std::optional<Database> db;
    wasp::vuln::LoadStats stats;
    std::size_t diagnostics = 0;
    std::vector<std::pair<unsigned, Runs>> loads;
    const bool time_load = opt.step("load");
    for (unsigned t : opt.threads) {
        Runs runs;
        for (int r = 0; r < (time_load ? opt.runs : 1); ++r) {
            db.reset();
            release_memory();
            const double before = current_rss_mb();
            wasp::core::Diagnostics diags;
            wasp::vuln::LoadOptions lo;
            lo.threads = t;
            runs.add(time_it([&] { db.emplace(Database::load(opt.db, lo, diags)); }));
            if (first_peak == 0) first_peak = peak_rss_mb();
            held = std::max(held, current_rss_mb() - before);
            stats = db->stats();
            diagnostics = diags.size();
        }
        if (!time_load) break;
        loads.emplace_back(t, runs);
    }
    // The part of the load after parsing: sorting, duplicates, alias merging, the indexes.
    Runs index;
    for (int r = 0; time_load && r < opt.runs; ++r) {
        std::vector<wasp::vuln::Advisory> copy = db->advisories();
        index.add(time_it([&] { auto again = Database::from_records(std::move(copy)); }));
    }
    release_memory();

    const std::uint64_t parsed_records =
        stats.records + stats.withdrawn + stats.invalid + stats.duplicates;
    std::printf(
        "\ndatabase: %llu advisories kept (%llu withdrawn, %llu invalid, %llu duplicates), "
        "%zu vulnerabilities after alias merging, %llu files, %.1f MB compressed, %.1f MB "
        "JSON; %zu diagnostics\n",
        static_cast<unsigned long long>(stats.records),
        static_cast<unsigned long long>(stats.withdrawn),
        static_cast<unsigned long long>(stats.invalid),
        static_cast<unsigned long long>(stats.duplicates), db->vulnerabilities().size(),
        static_cast<unsigned long long>(stats.files), mb(stats.compressed_bytes),
        mb(stats.json_bytes), diagnostics);
    std::printf(
        "memory: RSS at start %.0f MB; peak RSS after the first load %.0f MB; RSS held by "
        "a loaded database %.0f MB\n",
        rss_start, first_peak, held);

    // (b) The floor.
    const std::vector<fs::path> zips = zips_of(opt.db);
    std::vector<std::tuple<std::string, unsigned, Runs, FloorTotals>> floors;
    if (!zips.empty() && opt.step("floor")) {
        Runs raw;
        std::uint64_t raw_bytes = 0;
        for (int r = 0; r < opt.runs; ++r) raw.add(time_it([&] { raw_bytes = read_files(zips); }));
        floors.emplace_back("read the zip files (bytes only)", 1u, raw,
                            FloorTotals{0, raw_bytes, 0, 0});
        for (bool parse : {false, true}) {
            for (unsigned t : opt.threads) {
                Runs runs;
                FloorTotals tot;
                for (int r = 0; r < opt.runs; ++r) {
                    runs.add(time_it([&] { tot = floor_read(zips, t, parse); }));
                }
                floors.emplace_back(
                    parse ? "libzip inflate + simdjson DOM parse" : "libzip inflate every entry", t,
                    runs, tot);
            }
        }
    }

    std::printf(
        "\n| step | threads | wall s (median of %d) | CPU s | compressed MB/s | JSON MB/s | "
        "records/s |\n| --- | --- | --- | --- | --- | --- | --- |\n",
        opt.runs);
    for (const auto& [t, runs] : loads) {
        std::printf("| Database::load | %u | %.3f | %.3f | %.0f | %.0f | %.0f |\n", t, runs.w(),
                    runs.c(), mb(stats.compressed_bytes) / runs.w(),
                    mb(stats.json_bytes) / runs.w(),
                    static_cast<double>(parsed_records) / runs.w());
    }
    if (time_load) {
        std::printf(
            "| of which from_records (sort, alias merge, index) | 1 | %.3f | %.3f | | | |\n",
            index.w(), index.c());
    }
    for (const auto& [name, t, runs, tot] : floors) {
        if (tot.entries == 0) {
            std::printf("| %s | %u | %.3f | %.3f | %.0f | | |\n", name.c_str(), t, runs.w(),
                        runs.c(), mb(tot.compressed) / runs.w());
        } else {
            std::printf("| %s | %u | %.3f | %.3f | %.0f | %.0f | %.0f |\n", name.c_str(), t,
                        runs.w(), runs.c(), mb(tot.compressed) / runs.w(), mb(tot.json) / runs.w(),
                        static_cast<double>(tot.entries) / runs.w());
        }
    }
    if (!opt.sboms || !(opt.step("sboms") || opt.step("scan") || opt.step("affected"))) {
        machine("at the end");
        return 0;
    }

    // (c) Reading the SBOMs.
    std::uint64_t sbom_bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(*opt.sboms)) {
        if (e.is_regular_file()) sbom_bytes += e.file_size();
    }
    std::vector<wasp::vuln::Sbom> sboms;
    std::vector<std::pair<unsigned, Runs>> reads;
    std::size_t sbom_diags = 0;
    const std::vector<fs::path> sbom_paths{*opt.sboms};
    for (unsigned t : opt.threads) {
        Runs runs;
        for (int r = 0; r < (opt.step("sboms") ? opt.runs : 1); ++r) {
            sboms.clear();
            release_memory();
            wasp::core::Diagnostics diags;
            wasp::vuln::SbomLoadOptions so;
            so.threads = t;
            runs.add(time_it([&] { sboms = wasp::vuln::load_sboms(sbom_paths, so, diags); }));
            sbom_diags = diags.size();
        }
        if (!opt.step("sboms")) break;
        reads.emplace_back(t, runs);
    }
    std::uint64_t components = 0;
    for (const auto& s : sboms) components += s.components.size();

    // (d) Matching.
    std::vector<std::pair<unsigned, Runs>> scans;
    struct EcosystemCount {
        std::uint64_t components = 0, affected = 0, matches = 0;
    };
    std::map<std::string, EcosystemCount> by_ecosystem;
    wasp::vuln::ScanStats scan_stats;
    std::size_t matches = 0, unevaluated = 0;
    for (unsigned t : opt.threads) {
        if (!opt.step("scan")) break;
        Runs runs;
        for (int r = 0; r < opt.runs; ++r) {
            wasp::vuln::ScanOptions so;
            so.threads = t;
            wasp::vuln::ScanResult result;
            runs.add(time_it([&] { result = wasp::vuln::scan(*db, sboms, {}, so); }));
            scan_stats = result.stats;
            matches = result.matches.size();
            unevaluated = result.unevaluated.size();
            by_ecosystem.clear();
            for (const auto& s : sboms) {
                for (const auto& c : s.components) ++by_ecosystem[c.ecosystem].components;
            }
            std::size_t last_sbom = SIZE_MAX, last_component = SIZE_MAX;
            for (const auto& m : result.matches) {
                auto& e = by_ecosystem[sboms[m.sbom].components[m.component].ecosystem];
                ++e.matches;
                if (m.sbom != last_sbom || m.component != last_component) ++e.affected;
                last_sbom = m.sbom;
                last_component = m.component;
            }
        }
        scans.emplace_back(t, runs);
    }

    std::printf(
        "\nSBOMs: %zu read (%.1f MB, %zu diagnostics), %llu components (%llu checked); "
        "scan: %zu matches, %llu affected components, %zu unevaluated\n",
        sboms.size(), mb(sbom_bytes), sbom_diags, static_cast<unsigned long long>(components),
        static_cast<unsigned long long>(scan_stats.checked), matches,
        static_cast<unsigned long long>(scan_stats.affected_components), unevaluated);
    if (!by_ecosystem.empty()) {
        std::printf(
            "\n| ecosystem | components | affected components | matches |\n"
            "| --- | --- | --- | --- |\n");
        for (const auto& [e, n] : by_ecosystem) {
            std::printf("| %s | %llu | %llu | %llu |\n", e.empty() ? "(none)" : e.c_str(),
                        static_cast<unsigned long long>(n.components),
                        static_cast<unsigned long long>(n.affected),
                        static_cast<unsigned long long>(n.matches));
        }
    }
    std::printf(
        "\n| step | threads | wall s (median of %d) | CPU s | components/s | MB/s |\n"
        "| --- | --- | --- | --- | --- | --- |\n",
        opt.runs);
    for (const auto& [t, runs] : reads) {
        std::printf("| load_sboms | %u | %.3f | %.3f | %.0f | %.0f |\n", t, runs.w(), runs.c(),
                    static_cast<double>(components) / runs.w(), mb(sbom_bytes) / runs.w());
    }
    for (const auto& [t, runs] : scans) {
        std::printf("| scan | %u | %.3f | %.3f | %.0f | |\n", t, runs.w(), runs.c(),
                    static_cast<double>(components) / runs.w());
    }

    // (e) "Are we affected by X?": find the id, scan for that vulnerability only.
    std::vector<std::string> ids;
    if (!opt.step("affected")) {
        // not measured
    } else if (opt.queries) {
        std::ifstream in(*opt.queries);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) ids.push_back(line);
        }
    } else {
        const auto& vulns = db->vulnerabilities();
        for (std::size_t i = 0; i < 20 && !vulns.empty(); ++i) {
            ids.push_back(vulns[i * vulns.size() / 20].id);
        }
    }
    if (!ids.empty()) {
        std::printf(
            "\n| id | vulnerability | records | affected SBOMs | matches | ms (median of %d) | "
            "CPU ms |\n| --- | --- | --- | --- | --- | --- | --- |\n",
            opt.runs);
    }
    std::vector<double> latencies, cpu_latencies;
    for (const auto& id : ids) {
        std::vector<double> ms, cpu_ms;
        std::size_t affected = 0, found = 0, records = 0;
        std::string name = "(not found)";
        for (int r = 0; r < opt.runs; ++r) {
            const auto t = time_it([&] {
                const wasp::vuln::Vulnerability* v = db->find(id);
                if (v == nullptr) return;
                wasp::vuln::ScanOptions so;
                so.threads = most;
                so.only = static_cast<std::size_t>(v - db->vulnerabilities().data());
                const auto result = wasp::vuln::scan(*db, sboms, {}, so);
                std::set<std::size_t> hit;
                for (const auto& m : result.matches) {
                    if (wasp::vuln::is_open(m)) hit.insert(m.sbom);
                }
                affected = hit.size();
                found = result.matches.size();
                records = v->records.size();
                name = v->id;
            });
            ms.push_back(t.wall * 1000);
            cpu_ms.push_back(t.cpu * 1000);
        }
        latencies.push_back(median(ms));
        cpu_latencies.push_back(median(cpu_ms));
        std::printf("| %s | %s | %zu | %zu | %zu | %.1f | %.1f |\n", id.c_str(), name.c_str(),
                    records, affected, found, latencies.back(), cpu_latencies.back());
    }
    if (!latencies.empty()) {
        std::printf(
            "\naffected query over %zu SBOMs, %llu components, %u threads: median %.1f ms, "
            "max %.1f ms (%zu ids); CPU median %.1f ms, max %.1f ms\n",
            sboms.size(), static_cast<unsigned long long>(components), most, median(latencies),
            *std::max_element(latencies.begin(), latencies.end()), latencies.size(),
            median(cpu_latencies), *std::max_element(cpu_latencies.begin(), cpu_latencies.end()));
    }
    std::printf("peak RSS of the process: %.0f MB\n", peak_rss_mb());
    machine("at the end");
    return 0;
}
