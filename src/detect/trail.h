// Reading CloudTrail as it arrives: log files (.json, .json.gz with "Records"), JSON lines, bare
// arrays of events, whole directory trees and standard input, streamed on every core.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace wasp::detect {

struct Event;

// Receives the events of one reading thread. Each thread has its own consumer, so consume()
// needs no locking; the caller merges the consumers after read_trail returns.
class EventConsumer {
  public:
    virtual ~EventConsumer() = default;
    virtual void consume(const Event& e) = 0;
};

using ConsumerFactory = std::function<std::unique_ptr<EventConsumer>()>;

struct ReadOptions {
    unsigned threads = 0;   // 0: one per core
    bool progress = false;  // a progress line with events/s on stderr (the CLI sets it on a tty)
    std::uint64_t max_event_bytes = 4u << 20;  // larger single events are malformed, skipped
};

struct ReadStats {
    std::uint64_t files = 0;
    std::uint64_t events = 0;
    std::uint64_t malformed_files = 0;   // unreadable, not JSON, or no events in a known shape
    std::uint64_t malformed_events = 0;  // an element that is not an event object, bad JSON
    std::uint64_t bytes_read = 0;        // as stored (compressed for .gz)
    std::uint64_t bytes_json = 0;        // after decompression
    double seconds = 0;
};

struct ReadResult {
    ReadStats stats;
    std::vector<std::unique_ptr<EventConsumer>> consumers;  // one per thread, in thread order
};

// Reads every input (a file, a directory walked recursively for *.json, *.json.gz, *.jsonl,
// *.ndjson and their .gz, or "-" for standard input) and hands each event to a consumer.
// Malformed files and events are reported in diags with file and byte offset, counted, and the
// run goes on.
[[nodiscard]] ReadResult read_trail(std::span<const std::filesystem::path> inputs,
                                    const ReadOptions& options,
                                    const ConsumerFactory& factory,
                                    core::Diagnostics& diags);

}  // namespace wasp::detect
