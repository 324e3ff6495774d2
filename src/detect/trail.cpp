// read_trail: the inputs expanded into a sorted list of files, read by a pool of threads that
// each take the next file from a shared counter, with an optional progress line.
#include "detect/trail.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "detect/trail_reader.h"

namespace wasp::detect {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::array<std::string_view, 6> kSuffixes = {".json",     ".json.gz", ".jsonl",
                                                       ".jsonl.gz", ".ndjson",  ".ndjson.gz"};

class NullConsumer final : public EventConsumer {
  public:
    void consume(const Event& /*e*/) override {}
};

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    return std::equal(
        suffix.begin(), suffix.end(), s.end() - static_cast<long>(suffix.size()),
        [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : b); });
}

// Paths are compared as strings, not as std::filesystem::path (which splits both into
// components at every comparison): a bucket's worth of files is sorted in milliseconds.
bool accepted_name(std::string_view path) {
    return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                       [&](std::string_view s) { return ends_with_nocase(path, s); });
}

// CloudTrail writes digest files (hashes for log file validation, not events) under
// AWSLogs/<account>/CloudTrail-Digest/, named <account>_CloudTrail-Digest_<region>_....
bool is_digest(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (name.find("_CloudTrail-Digest_") != std::string_view::npos) return true;
    const std::string_view dir = path.substr(0, path.size() - name.size());
    return dir.starts_with("CloudTrail-Digest/") ||
           dir.find("/CloudTrail-Digest/") != std::string_view::npos;
}

// Path order: a directory's files before a sibling whose name extends the directory's
// ("a/x" before "a-b/x"), as when comparing component by component. The separators become the
// lowest byte for the time of a plain (memcmp) string sort.
void sort_paths(std::vector<std::string>& paths) {
    for (auto& p : paths) std::replace(p.begin(), p.end(), '/', '\0');
    std::sort(paths.begin(), paths.end());
    for (auto& p : paths) std::replace(p.begin(), p.end(), '\0', '/');
}

core::Diagnostic input_diagnostic(core::DiagLevel level,
                                  std::string code,
                                  std::string file,
                                  std::string message) {
    core::Diagnostic d;
    d.level = level;
    d.code = std::move(code);
    d.message = std::move(message);
    d.location.file = std::move(file);
    return d;
}

void walk(const fs::path& dir, std::vector<std::string>& files, core::Diagnostics& diags) {
    std::vector<std::string> found;
    std::uint64_t digests = 0;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string& path = it->path().native();
        std::error_code type_ec;
        if (!accepted_name(path) || !it->is_regular_file(type_ec)) continue;
        if (is_digest(path)) {
            ++digests;
        } else {
            found.push_back(path);
        }
    }
    if (ec) {
        diags.push_back(
            input_diagnostic(core::DiagLevel::kWarning, "trail-input", dir.string(),
                             "the directory could not be listed completely: " + ec.message()));
    }
    sort_paths(found);
    for (auto& p : found) files.push_back(std::move(p));
    if (digests > 0) {
        diags.push_back(input_diagnostic(
            core::DiagLevel::kNote, "trail-digest-skipped", dir.string(),
            "skipped " + std::to_string(digests) +
                " CloudTrail digest files (CloudTrail-Digest): they hold the hashes that "
                "validate log files, not events"));
    }
}

std::vector<std::string> list_inputs(std::span<const fs::path> inputs, core::Diagnostics& diags) {
    std::vector<std::string> files;
    bool stdin_listed = false;
    for (const auto& in : inputs) {
        if (in == "-") {
            if (!stdin_listed) files.emplace_back("-");
            stdin_listed = true;
            continue;
        }
        std::error_code ec;
        const fs::file_status st = fs::status(in, ec);
        if (ec || !fs::exists(st)) {
            diags.push_back(input_diagnostic(
                core::DiagLevel::kError, "trail-input", in.string(),
                "cannot read the input: " +
                    (ec ? ec.message() : std::string("no such file or directory"))));
        } else if (fs::is_directory(st)) {
            walk(in, files, diags);
        } else {
            files.push_back(in.string());
        }
    }
    return files;
}

void read_one(FileReader& reader,
              const std::string& name,
              std::uint64_t index,
              EventConsumer& consumer) {
    if (name == "-") {
        reader.read_fd(STDIN_FILENO, name, index, consumer);
        return;
    }
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        reader.fail(name, index,
                    "cannot open: " + std::error_code(errno, std::generic_category()).message());
        return;
    }
    reader.read_fd(fd, name, index, consumer);
    ::close(fd);
}

// The one place the library writes to stderr, and only when ReadOptions::progress asks for it:
// one line, rewritten in place.
void print_progress(const LiveCounters& live, std::uint64_t total, double seconds, bool last) {
    const double s = std::max(seconds, 1e-6);
    const auto events = live.events.load(std::memory_order_relaxed);
    const auto bytes = live.bytes_json.load(std::memory_order_relaxed);
    std::fprintf(
        stderr, "\rreading CloudTrail: %llu/%llu files, %llu events, %.0f events/s, %.1f MB/s%s",
        static_cast<unsigned long long>(live.files.load(std::memory_order_relaxed)),
        static_cast<unsigned long long>(total), static_cast<unsigned long long>(events),
        static_cast<double>(events) / s, static_cast<double>(bytes) / 1e6 / s, last ? "\n" : "   ");
    std::fflush(stderr);
}

double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Redraws the progress line every 250 ms until stopped.
std::jthread start_progress(const LiveCounters& live, std::size_t total, Clock::time_point start) {
    return std::jthread([&live, total, start](std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        while (!cv.wait_for(lock, stop, std::chrono::milliseconds(250), [] { return false; }) &&
               !stop.stop_requested()) {
            print_progress(live, total, since(start), false);
        }
    });
}

void add_stats(ReadStats& into, const ReadStats& s) {
    into.files += s.files;
    into.events += s.events;
    into.malformed_files += s.malformed_files;
    into.malformed_events += s.malformed_events;
    into.bytes_read += s.bytes_read;
    into.bytes_json += s.bytes_json;
}

}  // namespace

ReadResult read_trail(std::span<const std::filesystem::path> inputs,
                      const ReadOptions& options,
                      const ConsumerFactory& factory,
                      core::Diagnostics& diags) {
    const auto start = Clock::now();
    ReadResult result;
    const std::vector<std::string> files = list_inputs(inputs, diags);

    std::size_t threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(files.size(), 1));
    for (std::size_t t = 0; t < threads; ++t) {
        result.consumers.push_back(factory ? factory() : nullptr);
    }

    DiagnosticSink sink(kMaxDiagnostics);
    LiveCounters live;
    std::atomic<std::size_t> next{0};
    std::vector<ReadStats> stats(threads);
    std::mutex failure_mutex;
    std::string failure;

    auto work = [&](std::size_t t) {
        try {
            NullConsumer none;
            EventConsumer& consumer = result.consumers[t] ? *result.consumers[t] : none;
            FileReader reader(options, kChunkBytes, sink, options.progress ? &live : nullptr);
            for (std::size_t i = next.fetch_add(1); i < files.size(); i = next.fetch_add(1)) {
                read_one(reader, files[i], i, consumer);
            }
            stats[t] = reader.stats();
        } catch (const std::exception& e) {
            // A consumer that throws, or memory that runs out: say so, never let it escape.
            const std::scoped_lock lock(failure_mutex);
            if (failure.empty()) failure = e.what();
        }
    };

    {
        std::vector<std::jthread> pool;
        std::jthread progress;
        try {
            for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
            if (options.progress) progress = start_progress(live, files.size(), start);
        } catch (const std::system_error&) {
            // Fewer threads than asked: the shared counter hands their files to the others.
        }
        work(0);
        for (auto& t : pool) t.join();
        if (progress.joinable()) {
            progress.request_stop();
            progress.join();
            print_progress(live, files.size(), since(start), true);
        }
    }

    for (const auto& s : stats) add_stats(result.stats, s);
    sink.take(diags);
    if (!failure.empty()) {
        diags.push_back(input_diagnostic(core::DiagLevel::kError, "trail-internal", "",
                                         "reading CloudTrail stopped early: " + failure));
    }
    result.stats.seconds = since(start);
    return result;
}

}  // namespace wasp::detect
