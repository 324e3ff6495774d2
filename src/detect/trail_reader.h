// One thread's CloudTrail reader and the diagnostics it keeps: internal to the detect module
// (it holds a simdjson parser), shared by read_trail, read_trail_buffer and their tests.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "detect/event.h"
#include "detect/trail.h"
#include "detect/trail_source.h"
#include "detect/trail_split.h"

namespace wasp::detect {

inline constexpr std::size_t kChunkBytes = 128u << 10;
inline constexpr std::size_t kFileDiagnostics = 20;   // per file, then one summary
inline constexpr std::size_t kMaxDiagnostics = 1000;  // over a whole read

// A diagnostic with what orders it: the file's position in the input list, then the byte
// offset, then the order in which the file's reader raised it.
struct KeyedDiagnostic {
    std::uint64_t file = 0;
    std::uint64_t offset = 0;
    std::uint64_t seq = 0;
    core::Diagnostic diag;
};

// Keeps the first kMaxDiagnostics diagnostics in (file, offset) order whatever order the threads
// finish their files in, and only counts the others: a terabyte of garbage cannot fill memory
// with diagnostics, and the same input always gives the same ones.
class DiagnosticSink {
  public:
    explicit DiagnosticSink(std::size_t cap) : cap_(cap) {}
    void add(std::vector<KeyedDiagnostic>& batch);  // thread-safe; leaves batch empty
    void take(core::Diagnostics& out);              // sorted, plus a note of what was dropped

  private:
    std::mutex mutex_;
    std::vector<KeyedDiagnostic> heap_;  // a max-heap: the first to drop is on top
    std::size_t cap_;
    std::uint64_t dropped_ = 0;
};

// What the progress line shows, updated by every reader.
struct LiveCounters {
    std::atomic<std::uint64_t> files{0};
    std::atomic<std::uint64_t> events{0};
    std::atomic<std::uint64_t> bytes_json{0};
};

// Reads inputs one after another with the same buffers, inflater and parser, so that a file of
// a few records costs little more than its bytes.
class FileReader final : public SplitSink {
  public:
    FileReader(const ReadOptions& options,
               std::size_t chunk_bytes,
               DiagnosticSink& sink,
               LiveCounters* live);

    void read_fd(int fd, std::string_view name, std::uint64_t file, EventConsumer& consumer);
    void read_memory(std::string_view bytes,
                     std::string_view name,
                     std::uint64_t file,
                     EventConsumer& consumer);
    // An input that could not be opened.
    void fail(std::string_view name, std::uint64_t file, std::string message);

    [[nodiscard]] const ReadStats& stats() const { return stats_; }

    void on_event(std::string_view text, const Place& at) override;
    void on_flaw(Flaw flaw, const Place& at) override;
    void on_broken(std::uint64_t offset, std::string message, bool at_end) override;

  private:
    void begin(std::string_view name, std::uint64_t file, EventConsumer* consumer);
    void run();
    void end();
    bool from_envelope(simdjson::dom::element root);
    void bad_event(const Place& at, std::string message);
    void file_problem(std::uint64_t offset, std::string message);
    void add(core::DiagLevel level,
             std::string code,
             std::string message,
             std::uint64_t offset,
             core::SourceLocation location);
    void publish();

    ReadOptions options_;
    std::size_t chunk_;
    TextSource source_;
    Splitter splitter_;
    simdjson::dom::parser parser_;
    Event event_;
    DiagnosticSink& sink_;
    LiveCounters* live_;
    ReadStats stats_;

    // The file being read.
    EventConsumer* consumer_ = nullptr;
    std::string_view name_;
    std::uint64_t file_ = 0;
    std::uint64_t file_events_ = 0;
    std::uint64_t file_bad_ = 0;
    std::uint64_t reported_ = 0;
    std::uint64_t suppressed_ = 0;
    bool broken_ = false;   // a file-level problem was reported
    bool stopped_ = false;  // the splitter could not follow the text any further
    std::uint64_t published_events_ = 0;
    std::uint64_t published_bytes_ = 0;
    std::vector<KeyedDiagnostic> pending_;
};

// read_trail_buffer with a chosen chunk size: tests use tiny chunks to cut events anywhere.
[[nodiscard]] ReadStats read_trail_buffer_chunked(std::string_view bytes,
                                                  std::string_view name,
                                                  EventConsumer& consumer,
                                                  core::Diagnostics& diags,
                                                  const ReadOptions& options,
                                                  std::size_t chunk_bytes);

}  // namespace wasp::detect
