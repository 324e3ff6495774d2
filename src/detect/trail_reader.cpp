// One thread's reader: text from the source, event ranges from the splitter, each event parsed
// alone into the Event the detections see; and the capped, ordered diagnostics.
#include "detect/trail_reader.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <tuple>

#include "detect/trail_buffer.h"

namespace wasp::detect {
namespace {

static_assert(kSplitPadding >= simdjson::SIMDJSON_PADDING, "events are parsed in place");

bool before(const KeyedDiagnostic& a, const KeyedDiagnostic& b) {
    return std::tie(a.file, a.offset, a.seq) < std::tie(b.file, b.offset, b.seq);
}

std::string_view kind_of(simdjson::dom::element e) {
    switch (e.type()) {
        case simdjson::dom::element_type::ARRAY:
            return "an array";
        case simdjson::dom::element_type::STRING:
            return "a string";
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
            return "a number";
        case simdjson::dom::element_type::BOOL:
            return "true or false";
        case simdjson::dom::element_type::NULL_VALUE:
            return "null";
        case simdjson::dom::element_type::OBJECT:
            break;
    }
    return "an object";
}

std::string at_byte(std::uint64_t offset) { return " at byte " + std::to_string(offset); }

}  // namespace

void DiagnosticSink::add(std::vector<KeyedDiagnostic>& batch) {
    if (batch.empty()) return;
    const std::scoped_lock lock(mutex_);
    for (auto& d : batch) {
        if (heap_.size() < cap_) {
            heap_.push_back(std::move(d));
            std::push_heap(heap_.begin(), heap_.end(), before);
            continue;
        }
        ++dropped_;
        if (cap_ == 0 || !before(d, heap_.front())) continue;
        std::pop_heap(heap_.begin(), heap_.end(), before);
        heap_.back() = std::move(d);
        std::push_heap(heap_.begin(), heap_.end(), before);
    }
    batch.clear();
}

void DiagnosticSink::take(core::Diagnostics& out) {
    const std::scoped_lock lock(mutex_);
    std::sort_heap(heap_.begin(), heap_.end(), before);
    for (auto& d : heap_) out.push_back(std::move(d.diag));
    heap_.clear();
    if (dropped_ > 0) {
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "trail-diagnostics-suppressed";
        d.message = std::to_string(dropped_) +
                    " more diagnostics about CloudTrail input were not kept (only the first " +
                    std::to_string(cap_) +
                    " are); the counts of malformed files and events "
                    "are exact";
        out.push_back(std::move(d));
    }
    dropped_ = 0;
}

FileReader::FileReader(const ReadOptions& options,
                       std::size_t chunk_bytes,
                       DiagnosticSink& sink,
                       LiveCounters* live)
    : options_(options),
      chunk_(std::max<std::size_t>(chunk_bytes, 1)),
      source_(chunk_),
      splitter_(chunk_),
      sink_(sink),
      live_(live) {}

void FileReader::read_fd(int fd,
                         std::string_view name,
                         std::uint64_t file,
                         EventConsumer& consumer) {
    begin(name, file, &consumer);
    source_.open_fd(fd);
    run();
    end();
}

void FileReader::read_memory(std::string_view bytes,
                             std::string_view name,
                             std::uint64_t file,
                             EventConsumer& consumer) {
    begin(name, file, &consumer);
    source_.open_memory(bytes);
    run();
    end();
}

void FileReader::fail(std::string_view name, std::uint64_t file, std::string message) {
    begin(name, file, nullptr);
    source_.open_memory({});
    file_problem(0, std::move(message));
    end();
}

void FileReader::begin(std::string_view name, std::uint64_t file, EventConsumer* consumer) {
    consumer_ = consumer;
    name_ = name;
    file_ = file;
    file_events_ = 0;
    file_bad_ = 0;
    reported_ = 0;
    suppressed_ = 0;
    broken_ = false;
    stopped_ = false;
    published_events_ = 0;
    published_bytes_ = 0;
    splitter_.reset(options_.max_event_bytes);
}

void FileReader::run() {
    for (;;) {
        const std::span<char> space = splitter_.space();
        const std::size_t n = source_.read(space.data(), std::min(space.size(), chunk_));
        splitter_.commit(n);
        const bool go_on = splitter_.scan(n == 0, *this);
        if (live_ != nullptr) publish();
        if (!go_on || n == 0) break;
    }
}

void FileReader::end() {
    // After the splitter gave up, the input was not read further: whatever the source would
    // have found beyond is unknown, whichever chunk the splitter stopped in.
    const std::string& problem = source_.problem();
    if (!problem.empty() && !stopped_) {
        std::string message = problem;
        if (source_.ended_early()) {
            message += "; events read before it: " + std::to_string(file_events_);
        }
        file_problem(splitter_.text_bytes(), std::move(message));
    } else if (file_events_ == 0 && file_bad_ > 0 && !broken_) {
        file_problem(0, "no CloudTrail events in this file: none of its " +
                            std::to_string(file_bad_) + " values is one");
    } else if (splitter_.values() == 0 && !broken_) {
        core::SourceLocation where;
        where.file = name_;
        add(core::DiagLevel::kNote, "trail-empty-file", "the file holds no JSON value", 0,
            std::move(where));
    }
    if (suppressed_ > 0) {
        core::SourceLocation where;
        where.file = name_;
        add(core::DiagLevel::kWarning, "trail-diagnostics-suppressed",
            std::to_string(suppressed_) +
                " more malformed events in this file were not reported one by one (the first " +
                std::to_string(kFileDiagnostics) + " were)",
            std::numeric_limits<std::uint64_t>::max(), std::move(where));
    }
    ++stats_.files;
    stats_.events += file_events_;
    stats_.bytes_read += source_.raw_bytes();
    stats_.bytes_json += splitter_.text_bytes();
    if (live_ != nullptr) {
        publish();
        live_->files.fetch_add(1, std::memory_order_relaxed);
    }
    sink_.add(pending_);
}

void FileReader::publish() {
    const std::uint64_t bytes = splitter_.text_bytes();
    live_->events.fetch_add(file_events_ - published_events_, std::memory_order_relaxed);
    live_->bytes_json.fetch_add(bytes - published_bytes_, std::memory_order_relaxed);
    published_events_ = file_events_;
    published_bytes_ = bytes;
}

void FileReader::on_event(std::string_view text, const Place& at) {
    simdjson::dom::element root;
    // In place: the splitter keeps kSplitPadding readable bytes after every event.
    if (const auto err = parser_.parse(text.data(), text.size(), false).get(root);
        err != simdjson::SUCCESS) {
        bad_event(at, std::string("is not valid JSON: ") + simdjson::error_message(err));
        return;
    }
    if (!fill(event_, root)) {
        bad_event(at, "is " + std::string(kind_of(root)) + ", not an event object");
        return;
    }
    if (event_.event_name.empty() && event_.event_source.empty() && !from_envelope(root)) {
        bad_event(at,
                  "is not a CloudTrail event: it has no eventName or eventSource, and no "
                  "EventBridge \"detail\" holding one");
        return;
    }
    event_.raw = text;
    event_.file = name_;
    event_.offset = at.offset;
    event_.index = at.index;
    event_.json_lines = at.shape == Shape::kLines;
    ++file_events_;
    consumer_->consume(event_);
}

// EventBridge delivers a CloudTrail event as the "detail" of its own envelope.
bool FileReader::from_envelope(simdjson::dom::element root) {
    std::string_view type;
    simdjson::dom::element detail;
    if (root["detail-type"].get(type) != simdjson::SUCCESS ||
        root["detail"].get(detail) != simdjson::SUCCESS) {
        return false;
    }
    return fill(event_, detail) && (!event_.event_name.empty() || !event_.event_source.empty());
}

void FileReader::on_flaw(Flaw flaw, const Place& at) {
    if (flaw == Flaw::kNotObject) {
        bad_event(at, "is not an event object");
    } else {
        bad_event(at, "is larger than the limit of " + std::to_string(options_.max_event_bytes) +
                          " bytes and was skipped");
    }
}

void FileReader::on_broken(std::uint64_t offset, std::string message, bool at_end) {
    // A cut gzip stream ends the text inside an event too; its own diagnostic says so.
    if (at_end && source_.ended_early()) return;
    message += at_end ? " (a truncated file?); the events before it were read"
                      : "; the rest of the file was not read";
    stopped_ = stopped_ || !at_end;
    file_problem(offset, std::move(message));
}

void FileReader::bad_event(const Place& at, std::string message) {
    ++stats_.malformed_events;
    ++file_bad_;
    if (reported_ >= kFileDiagnostics) {
        ++suppressed_;
        return;
    }
    ++reported_;
    core::SourceLocation where;
    where.file = name_;
    const char* what = "the event";
    if (at.shape == Shape::kLines) {
        where.mark.line = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(at.index + 1, std::numeric_limits<std::uint32_t>::max()));
        what = "the value";
    } else {
        where.pointer =
            (at.shape == Shape::kRecords ? "/Records/" : "/") + std::to_string(at.index);
        what = "the element";
    }
    add(core::DiagLevel::kWarning, "trail-malformed-event",
        std::string(what) + at_byte(at.offset) + " " + message, at.offset, std::move(where));
}

void FileReader::file_problem(std::uint64_t offset, std::string message) {
    if (!broken_) ++stats_.malformed_files;
    broken_ = true;
    core::SourceLocation where;
    where.file = name_;
    add(core::DiagLevel::kWarning, "trail-malformed-file", std::move(message), offset,
        std::move(where));
}

void FileReader::add(core::DiagLevel level,
                     std::string code,
                     std::string message,
                     std::uint64_t offset,
                     core::SourceLocation location) {
    KeyedDiagnostic k;
    k.file = file_;
    k.offset = offset;
    k.seq = pending_.size();
    k.diag.level = level;
    k.diag.code = std::move(code);
    k.diag.message = std::move(message);
    k.diag.location = std::move(location);
    pending_.push_back(std::move(k));
}

ReadStats read_trail_buffer_chunked(std::string_view bytes,
                                    std::string_view name,
                                    EventConsumer& consumer,
                                    core::Diagnostics& diags,
                                    const ReadOptions& options,
                                    std::size_t chunk_bytes) {
    const auto start = std::chrono::steady_clock::now();
    DiagnosticSink sink(kMaxDiagnostics);
    FileReader reader(options, chunk_bytes, sink, nullptr);
    reader.read_memory(bytes, name, 0, consumer);
    sink.take(diags);
    ReadStats stats = reader.stats();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

ReadStats read_trail_buffer(std::string_view bytes,
                            std::string_view name,
                            EventConsumer& consumer,
                            core::Diagnostics& diags,
                            const ReadOptions& options) {
    return read_trail_buffer_chunked(bytes, name, consumer, diags, options, kChunkBytes);
}

}  // namespace wasp::detect
