// Events per second of detect::read_trail alone: every event read, split, parsed and filled,
// then only counted. Compare with bench_trail_floor on the same files.
//
//   bench_trail_read [--threads N] [--progress] PATH...
//
// Prints one JSON object with the reader's statistics.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "detect/trail.h"

namespace {

// CPU time of the whole process (all threads): on a shared machine, wall-clock time measures the
// neighbours as much as the program.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

class Count final : public wasp::detect::EventConsumer {
  public:
    void consume(const wasp::detect::Event& /*e*/) override { ++events; }
    std::uint64_t events = 0;
};

}  // namespace

int main(int argc, char** argv) {
    wasp::detect::ReadOptions options;
    options.threads = 1;
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
        } else if (arg == "--progress") {
            options.progress = true;
        } else {
            inputs.emplace_back(arg);
        }
    }
    if (inputs.empty()) {
        std::cerr << "usage: bench_trail_read [--threads N] [--progress] PATH...\n";
        return 2;
    }
    wasp::core::Diagnostics diags;
    const double cpu_start = cpu_seconds();
    const auto result = wasp::detect::read_trail(
        inputs, options, [] { return std::make_unique<Count>(); }, diags);
    const double cpu = cpu_seconds() - cpu_start;
    std::uint64_t counted = 0;
    for (const auto& c : result.consumers) counted += static_cast<const Count&>(*c).events;
    const auto& s = result.stats;
    std::printf(
        "{\"tool\":\"read_trail\",\"threads\":%zu,\"files\":%llu,\"events\":%llu,"
        "\"counted\":%llu,\"malformed_files\":%llu,\"malformed_events\":%llu,"
        "\"bytes_read\":%llu,\"bytes_json\":%llu,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
        "\"events_per_s\":%.0f,\"events_per_cpu_s\":%.0f,\"json_mb_per_s\":%.1f,"
        "\"diagnostics\":%zu}\n",
        result.consumers.size(), static_cast<unsigned long long>(s.files),
        static_cast<unsigned long long>(s.events), static_cast<unsigned long long>(counted),
        static_cast<unsigned long long>(s.malformed_files),
        static_cast<unsigned long long>(s.malformed_events),
        static_cast<unsigned long long>(s.bytes_read),
        static_cast<unsigned long long>(s.bytes_json), s.seconds, cpu,
        static_cast<double>(s.events) / s.seconds, static_cast<double>(s.events) / cpu,
        static_cast<double>(s.bytes_json) / 1e6 / s.seconds, diags.size());
    return 0;
}
