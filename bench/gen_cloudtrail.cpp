// Writes a synthetic CloudTrail trail of a target size for the detection benchmarks: the benign
// background of detect::Background (and, with --attacks, detonations hidden in it) laid out as
// CloudTrail delivers it to S3, or as a few large files.
//
//   gen_cloudtrail --out DIR --size 200MB [--layout s3|large] [--jsonl] [--seed N]
//                  [--hours H] [--accounts N] [--regions N] [--data-events] [--attacks N]
//                  [--level 0-9] [--threads N]
//
// s3: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
// <YYYYMMDDTHHMMZ>_<random>.json.gz, one batch of files per account, region and 5 minutes, each
// {"Records":[…]} and gzip-compressed; most files hold a few records, some hundreds. large: a few
// big files. --jsonl writes one event per line (.jsonl.gz) instead; --level 0 writes uncompressed
// files; the default, level 1, keeps the generator fast. The size counts uncompressed JSON. The
// same arguments give the same files, whatever the number of threads. With --attacks,
// DIR/attacks.tsv lists what was hidden where.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <zlib.h>

#include "detect/synth.h"

namespace {

namespace fs = std::filesystem;
using wasp::detect::Background;
using wasp::detect::BackgroundOptions;
using wasp::detect::InjectedAttack;
using wasp::detect::PlannedAttack;
using wasp::detect::Rng;
using wasp::detect::SynthEvent;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kWindowMs = 300'000;  // CloudTrail delivers about every 5 minutes

// Commercial regions; accounts work in the first few and scanners sweep them all.
const std::vector<std::string> kRegions = {
    "us-east-1",      "eu-west-1",      "us-west-2",      "eu-central-1",
    "us-east-2",      "ap-southeast-1", "ap-northeast-1", "eu-west-2",
    "ap-southeast-2", "us-west-1",      "ca-central-1",   "eu-north-1",
    "ap-south-1",     "eu-west-3",      "sa-east-1",      "ap-northeast-2",
};

struct Options {
    fs::path out;
    std::uint64_t size = 0;
    bool large = false;
    bool jsonl = false;
    std::uint64_t seed = 1;
    int hours = 24;
    unsigned accounts = 8;
    std::size_t regions = kRegions.size();
    bool data_events = false;
    unsigned attacks = 0;
    int level = 1;  // zlib's fastest; 6 is gzip's default ratio at about 2.5 times the time
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

std::optional<std::uint64_t> parse_size(std::string_view s) {
    std::size_t digits = 0;
    while (digits < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[digits])) != 0 || s[digits] == '.')) {
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    const double value = std::stod(std::string(s.substr(0, digits)));
    std::string unit(s.substr(digits));
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    static const std::map<std::string, double> kUnits = {
        {"", 1},         {"b", 1},           {"k", 1e3},           {"kb", 1e3},
        {"m", 1e6},      {"mb", 1e6},        {"g", 1e9},           {"gb", 1e9},
        {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", 1073741824.0}};
    const auto it = kUnits.find(unit);
    if (it == kUnits.end()) return std::nullopt;
    return static_cast<std::uint64_t>(value * it->second);
}

int usage(const char* why) {
    std::cerr << "gen_cloudtrail: " << why
              << "\nusage: gen_cloudtrail --out DIR --size 200MB [--layout s3|large] [--jsonl] "
                 "[--seed N] [--hours H] [--accounts N] [--regions N] [--data-events] "
                 "[--attacks N] [--level 0-9] [--threads N]\n";
    return 2;
}

// gzip output of one file, or the plain bytes at level 0.
class Writer {
  public:
    explicit Writer(int level) : level_(level) {
        if (level_ > 0) {
            std::memset(&z_, 0, sizeof z_);
            deflateInit2(&z_, level_, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
        }
    }
    ~Writer() {
        if (level_ > 0) deflateEnd(&z_);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    bool open(const fs::path& path) {
        file_ = std::fopen(path.c_str(), "wb");
        if (level_ > 0) deflateReset(&z_);
        return file_ != nullptr;
    }
    void write(std::string_view data, bool finish) {
        if (level_ == 0) {
            std::fwrite(data.data(), 1, data.size(), file_);
            written_ += data.size();
            return;
        }
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z_.avail_in = static_cast<uInt>(data.size());
        int rc = Z_OK;
        do {
            z_.next_out = out_;
            z_.avail_out = sizeof out_;
            rc = deflate(&z_, finish ? Z_FINISH : Z_NO_FLUSH);
            const std::size_t have = sizeof out_ - z_.avail_out;
            std::fwrite(out_, 1, have, file_);
            written_ += have;
        } while (z_.avail_out == 0 || (finish && rc != Z_STREAM_END));
    }
    void close() {
        std::fclose(file_);
        file_ = nullptr;
    }
    [[nodiscard]] std::uint64_t written() const { return written_; }

  private:
    int level_;
    z_stream z_{};
    std::FILE* file_ = nullptr;
    unsigned char out_[1 << 16];
    std::uint64_t written_ = 0;
};

struct Totals {
    std::atomic<std::uint64_t> events{0}, files{0}, json{0}, stored{0};
};

std::string two(int v) {
    return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

// "YYYYMMDDTHHMMZ" and the date path "YYYY/MM/DD" of a time.
std::pair<std::string, std::string> stamp(std::int64_t ms) {
    const std::time_t t = ms / 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    const std::string year = std::to_string(tm.tm_year + 1900);
    const std::string month = two(tm.tm_mon + 1), day = two(tm.tm_mday);
    return {year + month + day + "T" + two(tm.tm_hour) + two(tm.tm_min) + "Z",
            year + "/" + month + "/" + day};
}

// The records of one account and region in one delivery window, split into files.
struct Bucket {
    std::string body;  // the records back to back
    std::vector<std::size_t> ends;
};

class S3Chunk {
  public:
    S3Chunk(const Options& o, Totals& totals, std::uint64_t chunk)
        : o_(o), totals_(totals), rng_(o.seed * 1000003 + chunk), writer_(o.level) {}

    void add(const SynthEvent& e) {
        const std::int64_t window = e.time_ms - e.time_ms % kWindowMs;
        if (window != window_) {
            flush();
            window_ = window;
        }
        Bucket& b = buckets_[{e.account, e.region}];
        b.body += e.json;
        b.ends.push_back(b.body.size());
    }

    void flush() {
        for (auto& [key, bucket] : buckets_) write_bucket(key.first, key.second, bucket);
        buckets_.clear();
    }

  private:
    // How many records the next file gets: mostly a few, sometimes hundreds.
    std::size_t file_records() {
        const double u = rng_.unit();
        if (u < 0.6) return static_cast<std::size_t>(rng_.between(1, 5));
        if (u < 0.9) return static_cast<std::size_t>(rng_.between(6, 100));
        return static_cast<std::size_t>(rng_.between(101, 2000));
    }

    void write_bucket(const std::string& account, const std::string& region, const Bucket& b) {
        const auto [when, date] = stamp(window_ + kWindowMs);
        const fs::path dir = o_.out / "AWSLogs" / account / "CloudTrail" / region / date;
        if (dirs_.insert(dir.string()).second) fs::create_directories(dir);
        std::size_t first = 0;
        while (first < b.ends.size()) {
            const std::size_t last = std::min(b.ends.size(), first + file_records());
            std::string name =
                account + "_CloudTrail_" + region + "_" + when + "_" + random_suffix();
            name += o_.jsonl ? ".jsonl" : ".json";
            if (o_.level > 0) name += ".gz";
            write_file(dir / name, b, first, last);
            first = last;
        }
    }

    std::string random_suffix() {
        static constexpr std::string_view kAlnum =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        std::string s(16, ' ');
        for (auto& c : s) c = kAlnum[rng_.below(kAlnum.size())];
        return s;
    }

    void write_file(const fs::path& path, const Bucket& b, std::size_t first, std::size_t last) {
        if (!writer_.open(path)) {
            std::cerr << "gen_cloudtrail: cannot write " << path << "\n";
            std::exit(1);
        }
        const std::uint64_t before = writer_.written();
        text_.clear();
        if (!o_.jsonl) text_ = "{\"Records\":[";
        for (std::size_t i = first; i < last; ++i) {
            const std::size_t begin = i == 0 ? 0 : b.ends[i - 1];
            if (!o_.jsonl && i > first) text_ += ',';
            text_.append(b.body, begin, b.ends[i] - begin);
            if (o_.jsonl) text_ += '\n';
        }
        if (!o_.jsonl) text_ += "]}";
        writer_.write(text_, true);
        writer_.close();
        totals_.files += 1;
        totals_.events += last - first;
        totals_.json += text_.size();
        totals_.stored += writer_.written() - before;
    }

    const Options& o_;
    Totals& totals_;
    Rng rng_;
    Writer writer_;
    std::int64_t window_ = -1;
    std::map<std::pair<std::string, std::string>, Bucket> buckets_;
    std::set<std::string> dirs_;
    std::string text_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) return {};
            return argv[++i];
        };
        try {
            if (a == "--out") {
                o.out = std::string(value());
            } else if (a == "--size") {
                const auto s = parse_size(value());
                if (!s) return usage("--size: a number with an optional unit (KB, MB, GB)");
                o.size = *s;
            } else if (a == "--layout") {
                const auto v = value();
                if (v != "s3" && v != "large") return usage("--layout: s3 or large");
                o.large = v == "large";
            } else if (a == "--jsonl") {
                o.jsonl = true;
            } else if (a == "--seed") {
                o.seed = std::stoull(std::string(value()));
            } else if (a == "--hours") {
                o.hours = std::stoi(std::string(value()));
            } else if (a == "--accounts") {
                o.accounts = static_cast<unsigned>(std::stoul(std::string(value())));
            } else if (a == "--regions") {
                o.regions = std::stoul(std::string(value()));
            } else if (a == "--data-events") {
                o.data_events = true;
            } else if (a == "--attacks") {
                o.attacks = static_cast<unsigned>(std::stoul(std::string(value())));
            } else if (a == "--level") {
                o.level = std::stoi(std::string(value()));
            } else if (a == "--threads") {
                o.threads = static_cast<unsigned>(std::stoul(std::string(value())));
            } else {
                return usage(("unknown argument " + std::string(a)).c_str());
            }
        } catch (const std::exception&) {
            return usage(("bad value for " + std::string(a)).c_str());
        }
    }
    if (o.out.empty() || o.size == 0) return usage("--out and --size are required");
    if (o.hours < 1 || o.accounts < 1 || o.regions < 1 || o.level < 0 || o.level > 9 ||
        o.threads < 1) {
        return usage("--hours, --accounts, --regions and --threads are at least 1; --level 0-9");
    }
    o.regions = std::min(o.regions, kRegions.size());

    BackgroundOptions bg;
    bg.seed = o.seed;
    bg.start_ms = 1714521600000;  // 2024-05-01T00:00:00Z
    bg.accounts = o.accounts;
    bg.users = 3 * o.accounts;
    bg.roles = 12 * o.accounts;
    bg.services = 4 * o.accounts;
    bg.regions.assign(kRegions.begin(), kRegions.begin() + static_cast<std::ptrdiff_t>(o.regions));
    bg.s3_data_events = o.data_events;

    // The rate that fills the size over the hours, from the mean size of a sample of events.
    {
        BackgroundOptions sample = bg;
        sample.events_per_second = 100;
        sample.duration_ms = 200'000;
        Background b(sample);
        SynthEvent e;
        std::uint64_t bytes = 0, n = 0;
        while (b.next(e)) bytes += e.json.size() + 1, ++n;
        const double mean = n == 0 ? 1500.0 : static_cast<double>(bytes) / static_cast<double>(n);
        bg.events_per_second =
            static_cast<double>(o.size) / mean / (static_cast<double>(o.hours) * 3600.0);
    }

    // Attacks at spread-out times, each in the chunk (hour) where it starts.
    std::vector<PlannedAttack> plan;
    const auto catalogue = wasp::detect::techniques();
    for (unsigned i = 0; i < o.attacks; ++i) {
        const auto& t = catalogue[(o.seed + i * 7) % catalogue.size()];
        const std::int64_t span = static_cast<std::int64_t>(o.hours) * kHourMs;
        const std::int64_t at = bg.start_ms + span * (2 * i + 1) / (2 * o.attacks);
        plan.push_back({std::string(t.id), at, std::nullopt});
    }

    fs::create_directories(o.out);
    Totals totals;
    std::mutex injected_lock;
    std::vector<InjectedAttack> injected;
    const auto started = std::chrono::steady_clock::now();

    // One chunk is one hour of background, generated on its own so threads share nothing.
    auto run_chunk = [&](int hour, const std::function<void(const SynthEvent&)>& sink) {
        BackgroundOptions opts = bg;
        opts.start_ms = bg.start_ms + hour * kHourMs;
        opts.duration_ms = kHourMs;
        Background b(opts);
        std::vector<PlannedAttack> mine;
        for (const auto& p : plan) {
            if (p.start_ms >= opts.start_ms && p.start_ms < opts.start_ms + kHourMs) {
                mine.push_back(p);
            }
        }
        auto result = wasp::detect::mix(b, mine, o.seed + static_cast<std::uint64_t>(hour), sink);
        if (result && !result->empty()) {
            std::lock_guard lock(injected_lock);
            injected.insert(injected.end(), result->begin(), result->end());
        }
    };

    std::atomic<int> next{0};
    const int files =
        o.large ? std::clamp(static_cast<int>(o.size / 1'000'000'000) + 1, 2, o.hours) : o.hours;
    auto worker = [&]() {
        if (!o.large) {
            for (int hour = next++; hour < o.hours; hour = next++) {
                S3Chunk chunk(o, totals, static_cast<std::uint64_t>(hour));
                run_chunk(hour, [&chunk](const SynthEvent& e) { chunk.add(e); });
                chunk.flush();
            }
            return;
        }
        Writer writer(o.level);
        std::string text;
        for (int f = next++; f < files; f = next++) {
            char name[64];
            std::snprintf(name, sizeof name, "trail-%04d.%s%s", f + 1, o.jsonl ? "jsonl" : "json",
                          o.level > 0 ? ".gz" : "");
            if (!writer.open(o.out / name)) {
                std::cerr << "gen_cloudtrail: cannot write " << (o.out / name) << "\n";
                std::exit(1);
            }
            const std::uint64_t before = writer.written();
            std::uint64_t json = 0, events = 0;
            text = o.jsonl ? "" : "{\"Records\":[";
            bool first = true;
            auto sink = [&](const SynthEvent& e) {
                if (!o.jsonl && !first) text += ',';
                first = false;
                text += e.json;
                if (o.jsonl) text += '\n';
                ++events;
                if (text.size() >= (1u << 20)) {
                    writer.write(text, false);
                    json += text.size();
                    text.clear();
                }
            };
            for (int hour = f * o.hours / files; hour < (f + 1) * o.hours / files; ++hour) {
                run_chunk(hour, sink);
            }
            if (!o.jsonl) text += "]}";
            writer.write(text, true);
            json += text.size();
            writer.close();
            totals.files += 1;
            totals.events += events;
            totals.json += json;
            totals.stored += writer.written() - before;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < o.threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (!plan.empty()) {
        std::sort(injected.begin(), injected.end(),
                  [](const auto& a, const auto& b) { return a.start_ms < b.start_ms; });
        std::FILE* tsv = std::fopen((o.out / "attacks.tsv").c_str(), "w");
        if (tsv != nullptr) {
            std::fprintf(tsv, "technique\tstart_ms\tend_ms\tevents\tfirst_event_id\n");
            for (const auto& a : injected) {
                std::fprintf(tsv, "%s\t%lld\t%lld\t%zu\t%s\n", a.technique_id.c_str(),
                             static_cast<long long>(a.start_ms), static_cast<long long>(a.end_ms),
                             a.event_ids.size(),
                             a.event_ids.empty() ? "" : a.event_ids.front().c_str());
            }
            std::fclose(tsv);
        }
    }
    const double mb = static_cast<double>(totals.json.load()) / 1e6;
    std::printf(
        "{\"files\":%llu,\"events\":%llu,\"json_bytes\":%llu,\"stored_bytes\":%llu,"
        "\"events_per_second_of_trail\":%.2f,\"attacks\":%zu,\"seconds\":%.2f,"
        "\"json_mb_per_second\":%.1f,\"events_per_second\":%.0f}\n",
        static_cast<unsigned long long>(totals.files.load()),
        static_cast<unsigned long long>(totals.events.load()),
        static_cast<unsigned long long>(totals.json.load()),
        static_cast<unsigned long long>(totals.stored.load()), bg.events_per_second,
        injected.size(), seconds, mb / seconds,
        static_cast<double>(totals.events.load()) / seconds);
    return 0;
}
