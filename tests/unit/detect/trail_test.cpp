// Reading CloudTrail: every input shape, gzip (whole, multi-member, cut), hostile input,
// directory trees in the S3 layout, standard input and threads.
#include "detect/trail.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include "detect/event.h"
#include "detect/trail_buffer.h"
#include "detect/trail_reader.h"
#include "detect/trail_split.h"

namespace wasp::detect {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = "tests/fixtures/detect/trail/";

struct Seen {
    std::string file;
    std::string name;
    std::string id;
    std::string raw;
    std::uint64_t offset = 0;
    std::uint64_t index = 0;
    bool json_lines = false;
    auto key() const { return std::tie(file, index, offset, name, id, raw, json_lines); }
    bool operator<(const Seen& o) const { return key() < o.key(); }
    bool operator==(const Seen& o) const { return key() == o.key(); }
};

class Collect final : public EventConsumer {
  public:
    void consume(const Event& e) override {
        seen.push_back({std::string(e.file), std::string(e.event_name), std::string(e.event_id),
                        std::string(e.raw), e.offset, e.index, e.json_lines});
    }
    std::vector<Seen> seen;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spill(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string gzip(std::string_view text) {
    z_stream zs{};
    EXPECT_EQ(
        deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(text.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

struct Read {
    ReadStats stats;
    std::vector<Seen> events;
    core::Diagnostics diags;
};

Read read_bytes(std::string_view bytes,
                std::string_view name = "t.json",
                ReadOptions options = {},
                std::size_t chunk = kChunkBytes) {
    Read r;
    Collect c;
    r.stats = read_trail_buffer_chunked(bytes, name, c, r.diags, options, chunk);
    r.events = std::move(c.seen);
    return r;
}

std::vector<std::string> names(const Read& r) {
    std::vector<std::string> out;
    for (const auto& e : r.events) out.push_back(e.name);
    return out;
}

std::vector<std::string> codes(const core::Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags) out.push_back(d.code);
    return out;
}

// A fresh directory under the system's temporary directory, removed at the end of the test.
class TempDir {
  public:
    explicit TempDir(const std::string& name)
        : path_(fs::temp_directory_path() /
                ("wasp-trail-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

Read read_paths(const std::vector<fs::path>& inputs, ReadOptions options, std::size_t* threads) {
    Read r;
    ReadResult result = read_trail(
        inputs, options, [] { return std::make_unique<Collect>(); }, r.diags);
    r.stats = result.stats;
    if (threads != nullptr) *threads = result.consumers.size();
    for (auto& c : result.consumers) {
        auto& seen = static_cast<Collect&>(*c).seen;
        r.events.insert(r.events.end(), seen.begin(), seen.end());
    }
    return r;
}

TEST(Trail, ReadsACloudTrailLogFile) {
    const std::string text = slurp(kFixtures + "records.json");
    const Read r = read_bytes(text, "records.json");
    EXPECT_EQ(names(r), (std::vector<std::string>{"ConsoleLogin", "DescribeInstances", "Decrypt",
                                                  "CreatePolicy"}));
    EXPECT_TRUE(r.diags.empty());
    EXPECT_EQ(r.stats.files, 1u);
    EXPECT_EQ(r.stats.events, 4u);
    EXPECT_EQ(r.stats.bytes_json, text.size());
    EXPECT_EQ(r.stats.bytes_read, text.size());
    for (std::size_t i = 0; i < r.events.size(); ++i) {
        const Seen& e = r.events[i];
        EXPECT_EQ(e.file, "records.json");
        EXPECT_EQ(e.index, i);
        EXPECT_FALSE(e.json_lines);
        // raw is exactly the event's text, found at its offset.
        EXPECT_EQ(text.substr(e.offset, e.raw.size()), e.raw);
        EXPECT_TRUE(e.raw.starts_with("{\"eventVersion\"")) << e.raw.substr(0, 40);
        EXPECT_EQ(e.raw.back(), '}');
    }
    EXPECT_EQ(r.events[0].offset, std::string_view("{\"Records\":[").size());
    EXPECT_EQ(r.events[1].id, "8e2d7c61-0b5a-4d3e-a9f8-1c2b3d4e5f02");
}

TEST(Trail, FillsTheCommonFields) {
    struct Fields final : EventConsumer {
        void consume(const Event& e) override {
            if (e.event_name != "DescribeInstances") return;
            region = e.aws_region;
            ip = e.source_ip;
            error = e.error_code;
            time_ms = e.time_ms;
            who = principal(e);
        }
        std::string region, ip, error, who;
        std::int64_t time_ms = 0;
    } f;
    core::Diagnostics diags;
    (void)read_trail_buffer(slurp(kFixtures + "records.json"), "records.json", f, diags);
    EXPECT_EQ(f.region, "us-east-1");
    EXPECT_EQ(f.ip, "198.51.100.23");
    EXPECT_EQ(f.error, "Client.UnauthorizedOperation");
    EXPECT_EQ(f.time_ms, parse_time("2024-05-01T00:02:45Z"));
    EXPECT_EQ(f.who, "arn:aws:sts::111122223333:assumed-role/ci-deploy/build-42");
}

TEST(Trail, FindsRecordsAmongOtherTopLevelKeys) {
    const Read r = read_bytes(slurp(kFixtures + "keys_around.json"));
    // "Records" nested under "meta" and the object in "Records2" are not events.
    EXPECT_EQ(names(r), (std::vector<std::string>{"Decrypt", "GetObject"}));
    EXPECT_TRUE(r.diags.empty()) << r.diags[0].str();
}

TEST(Trail, ReadsABareArray) {
    const std::string text = slurp(kFixtures + "array.json");
    const Read r = read_bytes(text, "array.json");
    ASSERT_EQ(names(r), (std::vector<std::string>{"GetObject", "StopLogging"}));
    EXPECT_EQ(r.events[1].index, 1u);
    EXPECT_FALSE(r.events[1].json_lines);
    EXPECT_EQ(text.substr(r.events[1].offset, r.events[1].raw.size()), r.events[1].raw);
    EXPECT_TRUE(r.diags.empty());

    const Read bad = read_bytes(R"([{"eventName":"A"}, 7])", "a.json");
    ASSERT_EQ(bad.diags.size(), 1u);
    EXPECT_EQ(bad.diags[0].location.pointer, "/1");
}

TEST(Trail, ReadsJsonLinesWithLineNumbers) {
    const std::string text = slurp(kFixtures + "lines.jsonl");
    const Read r = read_bytes(text, "lines.jsonl");
    EXPECT_EQ(names(r), (std::vector<std::string>{"ConsoleLogin", "GetObject", "StopLogging"}));
    ASSERT_EQ(r.events.size(), 3u);
    EXPECT_EQ(r.events[0].index, 0u);
    EXPECT_EQ(r.events[1].index, 1u);
    EXPECT_EQ(r.events[2].index, 3u);  // after a blank line
    for (const auto& e : r.events) {
        EXPECT_TRUE(e.json_lines);
        EXPECT_EQ(e.raw.back(), '}');  // no '\r' left over
        EXPECT_EQ(text.substr(e.offset, e.raw.size()), e.raw);
    }
    EXPECT_TRUE(r.diags.empty());
}

TEST(Trail, ReportsABadLineAndReadsTheNextOnes) {
    const std::string text =
        "{\"eventName\":\"A\",\"eventSource\":\"s3.amazonaws.com\"}\n"
        "{\"eventName\":\"B\",\"eventSource\":\"s3.amazon\n"
        "not json at all\n"
        "{\"eventName\":\"C\",\"eventSource\":\"s3.amazonaws.com\"}\n";
    const Read r = read_bytes(text, "x.jsonl");
    EXPECT_EQ(names(r), (std::vector<std::string>{"A", "C"}));
    EXPECT_EQ(r.stats.malformed_events, 2u);
    EXPECT_EQ(r.stats.malformed_files, 0u);
    ASSERT_EQ(r.diags.size(), 2u);
    EXPECT_EQ(r.diags[0].code, "trail-malformed-event");
    EXPECT_EQ(r.diags[0].level, core::DiagLevel::kWarning);
    EXPECT_EQ(r.diags[0].location.file, "x.jsonl");
    EXPECT_EQ(r.diags[0].location.mark.line, 2u);
    EXPECT_EQ(r.diags[1].location.mark.line, 3u);
    const std::string at = "byte " + std::to_string(text.find("{\"eventName\":\"B\""));
    EXPECT_NE(r.diags[0].message.find(at), std::string::npos) << r.diags[0].message;
}

TEST(Trail, ABadFirstLineStillLeavesJsonLines) {
    const std::string text =
        "{\"eventName\":\"A\",\"eventSource\":\n"
        "{\"eventName\":\"B\",\"eventSource\":\"s3.amazonaws.com\"}\n"
        "{\"eventName\":\"C\",\"eventSource\":\"s3.amazonaws.com\"}\n";
    for (const std::size_t chunk : {std::size_t{5}, kChunkBytes}) {
        const Read r = read_bytes(text, "x.jsonl", {}, chunk);
        ASSERT_EQ(names(r), (std::vector<std::string>{"B", "C"}));
        EXPECT_EQ(r.events[0].index, 1u);
        EXPECT_TRUE(r.events[0].json_lines);
        EXPECT_EQ(r.stats.malformed_files, 0u);
        ASSERT_EQ(r.diags.size(), 1u);
        EXPECT_EQ(r.diags[0].location.mark.line, 1u);
    }
}

TEST(Trail, UnwrapsEventBridgeEnvelopes) {
    const std::string text = slurp(kFixtures + "eventbridge.jsonl");
    const Read r = read_bytes(text, "eb.jsonl");
    EXPECT_EQ(names(r), (std::vector<std::string>{"StopLogging", "ConsoleLogin"}));
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].id, "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2906");  // the detail's eventID
    EXPECT_TRUE(r.events[0].raw.starts_with("{\"version\":\"0\""));     // raw is the envelope
    EXPECT_EQ(r.events[1].index, 1u);
    EXPECT_TRUE(r.diags.empty());
}

TEST(Trail, RejectsObjectsThatAreNotEvents) {
    const Read r = read_bytes(R"({"awsAccountId":"111122223333","digestStartTime":"x"})", "d.json");
    EXPECT_TRUE(r.events.empty());
    EXPECT_EQ(r.stats.malformed_events, 1u);
    EXPECT_EQ(r.stats.malformed_files, 1u);
    EXPECT_EQ(codes(r.diags),
              (std::vector<std::string>{"trail-malformed-event", "trail-malformed-file"}));
    EXPECT_NE(r.diags[0].message.find("not a CloudTrail event"), std::string::npos);

    // An envelope whose detail is not an event is no better.
    const Read e = read_bytes(R"({"detail-type":"Scheduled Event","detail":{}})", "e.json");
    EXPECT_TRUE(e.events.empty());
    EXPECT_EQ(e.stats.malformed_events, 1u);
}

TEST(Trail, ReadsPrettyPrintedAndConcatenatedObjects) {
    const Read r = read_bytes(slurp(kFixtures + "pretty.json"), "p.json");
    EXPECT_EQ(names(r), (std::vector<std::string>{"ConsoleLogin", "StopLogging"}));
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_TRUE(r.events[1].json_lines);
    EXPECT_EQ(r.events[1].index, static_cast<std::uint64_t>(std::count(
                                     r.events[0].raw.begin(), r.events[0].raw.end(), '\n')) +
                                     1);
    EXPECT_TRUE(r.diags.empty());

    // Log files written one after another, as some pipelines concatenate them.
    const std::string records = slurp(kFixtures + "records.json");
    const Read twice = read_bytes(records + records + "\n" + records, "cat.json");
    EXPECT_EQ(twice.events.size(), 12u);
    EXPECT_TRUE(twice.diags.empty());
}

TEST(Trail, ReadsGzipWholeAndInMembers) {
    const std::string text = slurp(kFixtures + "records.json");
    const Read plain = read_bytes(text, "r.json");
    const std::string gz = gzip(text);
    const Read one = read_bytes(gz, "r.json");
    EXPECT_EQ(one.events, plain.events);
    EXPECT_TRUE(one.diags.empty());
    EXPECT_EQ(one.stats.bytes_read, gz.size());
    EXPECT_EQ(one.stats.bytes_json, text.size());

    // Cut the text anywhere, even inside an event, and gzip the parts separately: gunzip gives
    // the concatenation, and so must the reader.
    for (const std::size_t cut : {std::size_t{1}, std::size_t{700}, text.size() - 3}) {
        const std::string multi = gzip(text.substr(0, cut)) + gzip(text.substr(cut));
        for (const std::size_t chunk : {std::size_t{7}, kChunkBytes}) {
            const Read m = read_bytes(multi, "r.json", {}, chunk);
            EXPECT_EQ(m.events, plain.events) << cut << " " << chunk;
            EXPECT_TRUE(m.diags.empty());
        }
    }
}

TEST(Trail, ATruncatedGzipKeepsTheEventsBeforeTheCut) {
    const std::string text = slurp(kFixtures + "records.json");
    const Read plain = read_bytes(text, "r.json");
    const std::string gz = gzip(text);
    for (std::size_t cut = 2; cut < gz.size(); cut += 97) {
        const Read r = read_bytes(gz.substr(0, cut), "r.json", {}, 64);
        ASSERT_LE(r.events.size(), plain.events.size());
        for (std::size_t i = 0; i < r.events.size(); ++i) EXPECT_EQ(r.events[i], plain.events[i]);
        ASSERT_EQ(r.diags.size(), 1u) << cut;
        EXPECT_EQ(r.diags[0].code, "trail-malformed-file");
        EXPECT_NE(r.diags[0].message.find("ends early"), std::string::npos) << r.diags[0].message;
        EXPECT_NE(
            r.diags[0].message.find("events read before it: " + std::to_string(r.events.size())),
            std::string::npos)
            << r.diags[0].message;
        EXPECT_EQ(r.stats.malformed_files, 1u);
    }
    // Cut inside the trailer: every event is there, the missing checksum is still reported.
    const Read tail = read_bytes(gz.substr(0, gz.size() - 4), "r.json.gz");
    EXPECT_EQ(tail.events.size(), 4u);
    EXPECT_EQ(tail.stats.malformed_files, 1u);
}

TEST(Trail, ReportsCorruptGzipAndTrailingData) {
    const std::string text = slurp(kFixtures + "records.json");
    std::string gz = gzip(text);
    std::string corrupt = gz;
    for (std::size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 16; ++i) corrupt[i] ^= 0x5a;
    const Read bad = read_bytes(corrupt, "c.json.gz");
    EXPECT_LT(bad.events.size(), 4u);
    EXPECT_EQ(bad.stats.malformed_files, 1u);
    ASSERT_FALSE(bad.diags.empty());
    EXPECT_NE(bad.diags.back().message.find("gzip"), std::string::npos);

    const Read trailing = read_bytes(gz + "garbage", "t.json.gz");
    EXPECT_EQ(trailing.events.size(), 4u);
    ASSERT_EQ(trailing.diags.size(), 1u);
    EXPECT_NE(trailing.diags[0].message.find("not gzip"), std::string::npos);
}

TEST(Trail, AMalformedEventDoesNotStopTheFile) {
    const Read r = read_bytes(slurp(kFixtures + "malformed.json"), "m.json");
    ASSERT_EQ(names(r), (std::vector<std::string>{"ConsoleLogin", "Decrypt", "GetObject"}));
    EXPECT_EQ(r.events[2].index, 7u);
    EXPECT_EQ(r.stats.malformed_events, 5u);
    EXPECT_EQ(r.stats.malformed_files, 0u);
    std::vector<std::string> pointers;
    for (const auto& d : r.diags) {
        EXPECT_EQ(d.code, "trail-malformed-event");
        EXPECT_EQ(d.location.file, "m.json");
        EXPECT_NE(d.message.find("at byte "), std::string::npos);
        pointers.push_back(d.location.pointer);
    }
    // The broken event, then 42, "text", null and the nested array.
    EXPECT_EQ(pointers, (std::vector<std::string>{"/Records/1", "/Records/3", "/Records/4",
                                                  "/Records/5", "/Records/6"}));
    EXPECT_NE(r.diags[0].message.find("not valid JSON"), std::string::npos);
    EXPECT_NE(r.diags[1].message.find("not an event object"), std::string::npos);
}

TEST(Trail, SkipsAnEventOverTheLimit) {
    const std::string small = R"({"eventName":"Small","eventSource":"s3.amazonaws.com"})";
    const std::string huge = R"({"eventName":"Huge","eventSource":"s3.amazonaws.com","pad":")" +
                             std::string(5000, 'x') + "\"}";
    const std::string text = "{\"Records\":[" + small + "," + huge + "," + small + "]}";
    ReadOptions options;
    options.max_event_bytes = 1000;
    for (const std::size_t chunk : {std::size_t{64}, std::size_t{1} << 16}) {
        const Read r = read_bytes(text, "h.json", options, chunk);
        ASSERT_EQ(names(r), (std::vector<std::string>{"Small", "Small"}));
        EXPECT_EQ(r.events[1].index, 2u);
        ASSERT_EQ(r.diags.size(), 1u);
        EXPECT_EQ(r.diags[0].location.pointer, "/Records/1");
        EXPECT_NE(r.diags[0].message.find("larger than the limit of 1000 bytes"),
                  std::string::npos);
    }
    // The same in JSON lines, and as a lone top-level object.
    const Read lines =
        read_bytes(small + "\n" + huge + "\n" + small + "\n", "h.jsonl", options, 64);
    ASSERT_EQ(names(lines), (std::vector<std::string>{"Small", "Small"}));
    EXPECT_EQ(lines.events[1].index, 2u);
    ASSERT_EQ(lines.diags.size(), 1u);
    EXPECT_EQ(lines.diags[0].location.mark.line, 2u);
    const Read alone = read_bytes(huge, "h.json", options, 64);
    EXPECT_TRUE(alone.events.empty());
    EXPECT_EQ(alone.stats.malformed_events, 1u);
}

TEST(Trail, SurvivesDeepNesting) {
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    const std::string event =
        R"({"eventName":"Deep","eventSource":"s3.amazonaws.com","requestParameters":)" + deep + "}";
    const Read r = read_bytes("{\"Records\":[" + event + "," + deep + "]}", "d.json");
    EXPECT_TRUE(r.events.empty());
    EXPECT_EQ(r.stats.malformed_events, 2u);

    // Never closed: the file is cut, not the process.
    const Read open = read_bytes("{\"Records\":[" + std::string(300000, '{'), "o.json", {}, 4096);
    EXPECT_TRUE(open.events.empty());
    EXPECT_EQ(open.stats.malformed_files, 1u);
    const Read lines = read_bytes(std::string(100000, '[') + "\n", "l.jsonl");
    EXPECT_EQ(lines.stats.malformed_files, 1u);
}

TEST(Trail, SplitsStringsWithEscapesAndBrackets) {
    const std::string text = slurp(kFixtures + "escapes.json");
    const Read whole = read_bytes(text, "e.json");
    ASSERT_EQ(whole.events.size(), 3u);
    EXPECT_TRUE(whole.diags.empty()) << whole.diags[0].str();
    EXPECT_EQ(whole.events[0].id, "aa000000-0000-4000-8000-000000000001");
    EXPECT_EQ(whole.events[2].id, "aa000000-0000-4000-8000-000000000003");
    // Every chunk size cuts the text somewhere else: inside escapes, between a backslash and
    // what it escapes, across 64-byte blocks.
    for (std::size_t chunk = 1; chunk <= 130; ++chunk) {
        const Read r = read_bytes(text, "e.json", {}, chunk);
        ASSERT_EQ(r.events, whole.events) << "chunk " << chunk;
        ASSERT_TRUE(r.diags.empty());
    }
}

// What a Splitter found: each event's text and place, flaws, where it broke.
class SplitLog final : public SplitSink {
  public:
    void on_event(std::string_view text, const Place& at) override {
        log.push_back("event " + std::to_string(at.offset) + "/" + std::to_string(at.index) + " " +
                      std::string(text));
    }
    void on_flaw(Flaw flaw, const Place& at) override {
        log.push_back("flaw " + std::to_string(static_cast<int>(flaw)) + " " +
                      std::to_string(at.offset));
    }
    void on_broken(std::uint64_t offset, std::string message, bool at_end) override {
        log.push_back("broken " + std::to_string(offset) + " " + message + (at_end ? " end" : ""));
    }
    std::vector<std::string> log;
};

std::vector<std::string> split(std::string_view text, std::size_t chunk, bool wide) {
    Splitter splitter(chunk, wide);
    splitter.reset(1 << 20);
    SplitLog sink;
    std::size_t at = 0;
    for (;;) {  // as the reader feeds it
        const std::span<char> room = splitter.space();
        const std::size_t n = std::min({room.size(), chunk, text.size() - at});
        std::copy_n(text.data() + at, n, room.data());
        at += n;
        splitter.commit(n);
        if (!splitter.scan(n == 0, sink) || n == 0) break;
    }
    return sink.log;
}

// Events are crossed 32 bytes per instruction on CPUs with AVX2 and 16 elsewhere: both must find
// the same ends, whatever falls on the lane and block boundaries.
TEST(Trail, WideAndNarrowScansSplitAlike) {
    std::vector<std::string> texts;
    for (const auto& entry : fs::directory_iterator(kFixtures)) {
        if (entry.is_regular_file() && entry.path().extension() != ".gz") {
            texts.push_back(slurp(entry.path().string()));
        }
    }
    // Backslashes, quotes and brackets at every offset around the 16-, 32- and 64-byte edges.
    for (std::size_t pad = 0; pad < 70; ++pad) {
        std::string t = R"({"Records":[{"eventName":"A","x":")" + std::string(pad, 'a') +
                        R"(\\\"{[}]\\","y":[{"z":"]}\\"}]},{"eventName":"B"}]})";
        texts.push_back(std::move(t));
    }
    std::size_t events = 0;
    for (const auto& text : texts) {
        for (const std::size_t chunk : {1, 7, 31, 32, 33, 64, 65, 4096}) {
            const auto narrow = split(text, chunk, false);
            ASSERT_EQ(split(text, chunk, true), narrow) << "chunk " << chunk << ": " << text;
            for (const auto& line : narrow) events += line.starts_with("event ") ? 1 : 0;
        }
    }
    EXPECT_GT(events, 1000u);
}

TEST(Trail, EveryFixtureSplitsTheSameWhateverTheChunks) {
    for (const auto& entry : fs::directory_iterator(kFixtures)) {
        if (!entry.is_regular_file()) continue;
        const std::string text = slurp(entry.path().string());
        const Read whole = read_bytes(text, "f");
        for (const std::size_t chunk : {1, 2, 3, 5, 63, 64, 65, 100, 1000}) {
            const Read r = read_bytes(text, "f", {}, chunk);
            EXPECT_EQ(r.events, whole.events) << entry.path() << " chunk " << chunk;
            EXPECT_EQ(r.stats.malformed_events, whole.stats.malformed_events);
            EXPECT_EQ(codes(r.diags), codes(whole.diags)) << entry.path() << " chunk " << chunk;
        }
    }
}

TEST(Trail, SkipsAByteOrderMark) {
    const std::string text = slurp(kFixtures + "bom.json");
    ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"));
    const Read r = read_bytes(text, "b.json");
    ASSERT_EQ(names(r), std::vector<std::string>{"StopLogging"});
    EXPECT_EQ(r.events[0].offset, 3u + std::string_view("{\"Records\":[").size());
    EXPECT_TRUE(r.diags.empty());
    const Read lines = read_bytes("\xEF\xBB\xBF{\"eventName\":\"A\"}\n{\"eventName\":\"B\"}\n");
    EXPECT_EQ(names(lines), (std::vector<std::string>{"A", "B"}));
}

TEST(Trail, EmptyInputsAreNotedNotCounted) {
    for (const std::string& text : {std::string(), std::string(" \n\t\r\n")}) {
        const Read r = read_bytes(text, "empty.json");
        EXPECT_TRUE(r.events.empty());
        EXPECT_EQ(r.stats.malformed_files, 0u);
        EXPECT_EQ(codes(r.diags), std::vector<std::string>{"trail-empty-file"});
        EXPECT_EQ(r.diags[0].level, core::DiagLevel::kNote);
    }
    const Read none = read_bytes(R"({"Records":[]})", "none.json");
    EXPECT_TRUE(none.events.empty());
    EXPECT_TRUE(none.diags.empty());
    const Read gz = read_bytes(gzip(""), "empty.json.gz");
    EXPECT_EQ(codes(gz.diags), std::vector<std::string>{"trail-empty-file"});
}

TEST(Trail, ReportsTextThatIsNotCloudTrail) {
    const Read r = read_bytes("PK\x03\x04 not json", "z.json");
    EXPECT_EQ(r.stats.malformed_files, 1u);
    ASSERT_EQ(r.diags.size(), 1u);
    EXPECT_EQ(r.diags[0].code, "trail-malformed-file");
    EXPECT_NE(r.diags[0].message.find("not JSON text"), std::string::npos);

    // A missing comma breaks the skeleton: what came before is kept.
    const Read comma = read_bytes(
        R"({"Records":[{"eventName":"A","eventSource":"x"} {"eventName":"B","eventSource":"x"}]})",
        "c.json");
    EXPECT_EQ(names(comma), std::vector<std::string>{"A"});
    ASSERT_EQ(comma.diags.size(), 1u);
    EXPECT_NE(comma.diags[0].message.find("expected ',' or ']' at byte 48"), std::string::npos)
        << comma.diags[0].message;

    // Cut in the middle of an event.
    const std::string text = slurp(kFixtures + "records.json");
    const Read cut = read_bytes(text.substr(0, text.size() / 2), "cut.json");
    EXPECT_EQ(cut.stats.malformed_files, 1u);
    ASSERT_EQ(cut.diags.size(), 1u);
    EXPECT_NE(cut.diags[0].message.find("inside the event that starts at byte"), std::string::npos);
}

TEST(Trail, CapsDiagnosticsPerFileAndKeepsCountsExact) {
    std::string text = "{\"Records\":[";
    for (int i = 0; i < 100; ++i) text += "1,";
    text += R"({"eventName":"Last","eventSource":"x"}]})";
    const Read r = read_bytes(text, "many.json");
    EXPECT_EQ(names(r), std::vector<std::string>{"Last"});
    EXPECT_EQ(r.stats.malformed_events, 100u);
    ASSERT_EQ(r.diags.size(), kFileDiagnostics + 1);
    EXPECT_EQ(r.diags[19].location.pointer, "/Records/19");
    EXPECT_EQ(r.diags.back().code, "trail-diagnostics-suppressed");
    EXPECT_NE(r.diags.back().message.find("80 more"), std::string::npos);
}

TEST(Trail, CapsDiagnosticsOverallInFileOrder) {
    TempDir dir("cap");
    std::string bad = "[";
    for (int i = 0; i < 30; ++i) bad += "1,";
    bad += "2]";
    for (int f = 0; f < 60; ++f) spill(dir.path() / ("f" + std::to_string(100 + f) + ".json"), bad);
    ReadOptions one;
    one.threads = 1;
    const Read a = read_paths({dir.path()}, one, nullptr);
    ReadOptions two;
    two.threads = 2;
    const Read b = read_paths({dir.path()}, two, nullptr);
    EXPECT_EQ(a.stats.malformed_events, 60u * 31);
    ASSERT_EQ(a.diags.size(), kMaxDiagnostics + 1);
    EXPECT_EQ(a.diags.back().code, "trail-diagnostics-suppressed");
    ASSERT_EQ(b.diags.size(), a.diags.size());
    for (std::size_t i = 0; i < a.diags.size(); ++i) EXPECT_EQ(b.diags[i].str(), a.diags[i].str());
    // Sorted by file, then offset: each file has 20 events, a summary of the 11 others and "no
    // events in this file"; the first 45 files have all their 22.
    EXPECT_EQ(a.diags[0].location.file, (dir.path() / "f100.json").string());
    EXPECT_EQ(a.diags[989].location.file, (dir.path() / "f144.json").string());
    EXPECT_EQ(a.diags[990].location.file, (dir.path() / "f145.json").string());
    EXPECT_EQ(a.diags[999].location.file, (dir.path() / "f145.json").string());
}

TEST(Trail, WalksTheS3LayoutAndSkipsDigests) {
    TempDir dir("s3");
    const fs::path trail = dir.path() / "AWSLogs" / "111122223333" / "CloudTrail";
    const fs::path digest = dir.path() / "AWSLogs" / "111122223333" / "CloudTrail-Digest";
    const std::string records = slurp(kFixtures + "records.json");
    const std::string array = slurp(kFixtures + "array.json");
    const fs::path day = trail / "us-east-1" / "2024" / "05" / "01";
    spill(day / "111122223333_CloudTrail_us-east-1_20240501T0010Z_Mu0KsOhtH1ar15ZZ.json.gz",
          gzip(records));
    spill(day / "111122223333_CloudTrail_us-east-1_20240501T0005Z_bC4kq2Zx9LmN0pQr.json.gz",
          gzip(array));
    spill(trail / "eu-west-1" / "2024" / "05" / "01" /
              "111122223333_CloudTrail_eu-west-1_20240501T0000Z_Zz0aA1bB2cC3dD4e.json.gz",
          gzip(array));
    spill(digest / "us-east-1" / "2024" / "05" / "01" /
              "111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_"
              "20240501T010000Z.json.gz",
          gzip(R"({"awsAccountId":"111122223333","digestStartTime":"2024-05-01T00:00:00Z"})"));
    spill(dir.path() / "lake" / "export.jsonl", slurp(kFixtures + "lines.jsonl"));
    spill(dir.path() / "notes.txt", "not read");

    ReadOptions options;
    options.threads = 1;
    std::size_t threads = 0;
    const Read r = read_paths({dir.path()}, options, &threads);
    EXPECT_EQ(threads, 1u);
    EXPECT_EQ(r.stats.files, 4u);
    EXPECT_EQ(r.stats.events, 2u + 2 + 4 + 3);
    EXPECT_EQ(r.stats.malformed_files, 0u);
    // Files in path order: eu-west-1 before us-east-1, and 0005Z before 0010Z.
    std::vector<std::string> files;
    for (const auto& e : r.events) {
        if (files.empty() || files.back() != e.file) files.push_back(e.file);
    }
    ASSERT_EQ(files.size(), 4u);
    EXPECT_NE(files[0].find("/CloudTrail/eu-west-1/"), std::string::npos);
    EXPECT_NE(files[1].find("0005Z"), std::string::npos);
    EXPECT_NE(files[2].find("0010Z"), std::string::npos);
    EXPECT_NE(files[3].find("export.jsonl"), std::string::npos);
    ASSERT_EQ(r.diags.size(), 1u);
    EXPECT_EQ(r.diags[0].code, "trail-digest-skipped");
    EXPECT_EQ(r.diags[0].level, core::DiagLevel::kNote);
    EXPECT_NE(r.diags[0].message.find("skipped 1 CloudTrail digest"), std::string::npos);

    // A file named on its own is read whatever its name; a missing one is an error.
    const Read named =
        read_paths({dir.path() / "notes.txt", dir.path() / "missing.json"}, options, nullptr);
    EXPECT_EQ(named.stats.files, 1u);
    EXPECT_EQ(named.stats.malformed_files, 1u);
    EXPECT_EQ(codes(named.diags),
              (std::vector<std::string>{"trail-input", "trail-malformed-file"}));
    EXPECT_EQ(named.diags[0].level, core::DiagLevel::kError);
}

TEST(Trail, ThreadsReadTheSameEventsAsOneThread) {
    TempDir dir("threads");
    const std::vector<std::string> texts = {
        slurp(kFixtures + "records.json"), slurp(kFixtures + "array.json"),
        slurp(kFixtures + "lines.jsonl"), slurp(kFixtures + "malformed.json"),
        slurp(kFixtures + "escapes.json")};
    for (int i = 0; i < 40; ++i) {
        const std::string& t = texts[static_cast<std::size_t>(i) % texts.size()];
        const std::string name = "f" + std::to_string(i);
        if (i % 2 == 0) {
            spill(dir.path() / (name + ".json.gz"), gzip(t));
        } else {
            spill(dir.path() / "sub" / (name + ".json"), t);
        }
    }
    ReadOptions one;
    one.threads = 1;
    std::size_t used = 0;
    Read a = read_paths({dir.path()}, one, &used);
    EXPECT_EQ(used, 1u);
    ReadOptions four;
    four.threads = 4;
    Read b = read_paths({dir.path()}, four, &used);
    EXPECT_EQ(used, 4u);
    EXPECT_GT(a.events.size(), 100u);
    std::sort(a.events.begin(), a.events.end());
    std::sort(b.events.begin(), b.events.end());
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(a.stats.events, b.stats.events);
    EXPECT_EQ(a.stats.malformed_events, b.stats.malformed_events);
    EXPECT_EQ(a.stats.bytes_json, b.stats.bytes_json);
    ASSERT_EQ(a.diags.size(), b.diags.size());
    for (std::size_t i = 0; i < a.diags.size(); ++i) EXPECT_EQ(a.diags[i].str(), b.diags[i].str());

    // More threads than files: one per file.
    ReadOptions many;
    many.threads = 16;
    (void)read_paths({dir.path() / "f0.json.gz"}, many, &used);
    EXPECT_EQ(used, 1u);
}

TEST(Trail, ReadsStandardInput) {
    const std::string gz = gzip(slurp(kFixtures + "records.json"));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const int saved = ::dup(STDIN_FILENO);
    ASSERT_GE(saved, 0);
    ASSERT_EQ(::dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    ::close(fds[0]);
    std::thread writer([&] {
        std::size_t done = 0;
        while (done < gz.size()) {
            const ssize_t n =
                ::write(fds[1], gz.data() + done, std::min<std::size_t>(100, gz.size() - done));
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    });
    const Read r = read_paths({"-", "-"}, {}, nullptr);
    writer.join();
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    EXPECT_EQ(r.stats.files, 1u);
    EXPECT_EQ(r.stats.events, 4u);
    ASSERT_EQ(r.events.size(), 4u);
    EXPECT_EQ(r.events[0].file, "-");
    EXPECT_TRUE(r.diags.empty());
}

}  // namespace
}  // namespace wasp::detect
