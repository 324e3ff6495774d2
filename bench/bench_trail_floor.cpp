// The floor the CloudTrail reader is measured against: each file read whole, gunzipped whole
// with zlib, and parsed whole with simdjson's DOM, counting the events of its "Records" (or of a
// bare array). No splitting, no per-event work, one thread: what decompress-and-parse costs.
//
//   bench_trail_floor PATH...     (files, or directories walked for *.json and *.json.gz)
//
// Prints one JSON object: files, events, bytes as stored and decompressed, the seconds spent
// inflating and parsing, and events/s for the whole and for parsing alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace {

// CPU time of the whole process (all threads): on a shared machine, wall-clock time measures the
// neighbours as much as the program.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool wanted(const fs::path& p) {
    const std::string name = p.filename().string();
    return name.ends_with(".json") || name.ends_with(".json.gz");
}

std::vector<fs::path> list(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path in = argv[i];
        if (!fs::is_directory(in)) {
            files.push_back(in);
            continue;
        }
        std::vector<fs::path> found;
        for (const auto& e : fs::recursive_directory_iterator(in)) {
            if (e.is_regular_file() && wanted(e.path()) &&
                e.path().string().find("CloudTrail-Digest") == std::string::npos) {
                found.push_back(e.path());
            }
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// A growable buffer with simdjson's padding after its contents.
struct Padded {
    std::unique_ptr<char[]> data;
    std::size_t cap = 0;
    std::size_t size = 0;
    void reserve(std::size_t n) {
        if (n <= cap) return;
        cap = std::max(n, 2 * cap);
        auto grown = std::make_unique<char[]>(cap + simdjson::SIMDJSON_PADDING);
        std::copy(data.get(), data.get() + size, grown.get());
        data = std::move(grown);
    }
};

// The whole file in one buffer, reused from file to file, with as few system calls as it takes.
bool slurp(const fs::path& path, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    ::fstat(fd, &st);
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    ::close(fd);
    return true;
}

// Whole-buffer gunzip with multi-member support; false on corrupt data.
bool gunzip(z_stream& zs, const std::string& in, Padded& out) {
    out.size = 0;
    out.reserve(in.size() * 8 + 4096);
    inflateReset(&zs);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    for (;;) {
        if (out.cap - out.size < 65536) out.reserve(out.cap * 2);
        zs.next_out = reinterpret_cast<Bytef*>(out.data.get() + out.size);
        zs.avail_out = static_cast<uInt>(out.cap - out.size);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        out.size = out.cap - zs.avail_out;
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) return true;
            inflateReset(&zs);
        } else if (rc != Z_OK) {
            return false;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_trail_floor PATH...\n";
        return 2;
    }
    // Timed from the listing on, as read_trail is.
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    const std::vector<fs::path> files = list(argc, argv);
    z_stream zs{};
    inflateInit2(&zs, 16 + MAX_WBITS);
    simdjson::dom::parser parser;
    std::string raw;
    Padded text;
    std::uint64_t events = 0, bytes_read = 0, bytes_json = 0, bad = 0;
    double inflate_s = 0, parse_s = 0;
    for (const auto& f : files) {
        if (!slurp(f, raw)) ++bad;
        bytes_read += raw.size();
        const auto t0 = Clock::now();
        const bool gz = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                        static_cast<unsigned char>(raw[1]) == 0x8b;
        if (gz) {
            if (!gunzip(zs, raw, text)) ++bad;
        } else {
            text.size = 0;
            text.reserve(raw.size());
            std::copy(raw.begin(), raw.end(), text.data.get());
            text.size = raw.size();
        }
        const auto t1 = Clock::now();
        bytes_json += text.size;
        simdjson::dom::element root;
        if (parser.parse(text.data.get(), text.size, false).get(root) != simdjson::SUCCESS) {
            ++bad;
        } else {
            simdjson::dom::array records;
            if (root["Records"].get(records) == simdjson::SUCCESS ||
                root.get(records) == simdjson::SUCCESS) {
                events += records.size();
            }
        }
        const auto t2 = Clock::now();
        if (gz) inflate_s += std::chrono::duration<double>(t1 - t0).count();
        parse_s += std::chrono::duration<double>(t2 - t1).count();
    }
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    inflateEnd(&zs);
    std::printf(
        "{\"tool\":\"floor\",\"files\":%zu,\"events\":%llu,\"bad_files\":%llu,"
        "\"bytes_read\":%llu,\"bytes_json\":%llu,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
        "\"inflate_seconds\":%.3f,\"parse_seconds\":%.3f,\"events_per_s\":%.0f,"
        "\"events_per_cpu_s\":%.0f,\"events_per_s_parse\":%.0f,\"json_mb_per_s\":%.1f}\n",
        files.size(), static_cast<unsigned long long>(events), static_cast<unsigned long long>(bad),
        static_cast<unsigned long long>(bytes_read), static_cast<unsigned long long>(bytes_json),
        total, cpu, inflate_s, parse_s, static_cast<double>(events) / total,
        static_cast<double>(events) / cpu, static_cast<double>(events) / parse_s,
        static_cast<double>(bytes_json) / 1e6 / total);
    return 0;
}
