// Finds the byte ranges of the events in CloudTrail text as it streams in, without parsing them:
// the fast first pass of the reader, so that each event can then be parsed alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace wasp::detect {

// How the value holding an event was laid out.
enum class Shape {
    kRecords,  // an element of a "Records" array (a CloudTrail log file)
    kArray,    // an element of a top-level array
    kLines,    // a top-level object: JSON lines, or objects one after another
};

struct Place {
    std::uint64_t offset = 0;  // byte offset of the value in the decompressed text
    std::uint64_t index = 0;   // index in its array; 0-based line for Shape::kLines
    Shape shape = Shape::kRecords;
};

enum class Flaw {
    kNotObject,  // an array element that is not an object
    kTooLarge,   // a value longer than the event size limit (skipped without being kept)
};

// Bytes readable after the end of every text handed to on_event (simdjson needs 64).
inline constexpr std::size_t kSplitPadding = 128;

class SplitSink {
  public:
    virtual ~SplitSink() = default;
    virtual void on_event(std::string_view text, const Place& at) = 0;
    virtual void on_flaw(Flaw flaw, const Place& at) = 0;
    // The text cannot be followed from here on. at_end: it stopped early (truncated).
    virtual void on_broken(std::uint64_t offset, std::string message, bool at_end) = 0;
};

// Holds the text not yet split, in one buffer that grows only as far as the largest event in
// progress (plus a chunk), whatever the size of the file.
class Splitter {
  public:
    // wide: cross events 32 bytes per instruction where the CPU has AVX2 (false: 16, with SSE2,
    // as everywhere; the results are the same).
    explicit Splitter(std::size_t chunk_bytes, bool wide = true);

    void reset(std::uint64_t max_event_bytes);
    // Where the next text goes: at least one chunk, after dropping what is no longer needed.
    [[nodiscard]] std::span<char> space();
    void commit(std::size_t n);
    // Splits what has been committed; at_end: no more text will come. False when the text
    // cannot be followed any further (on_broken was called).
    [[nodiscard]] bool scan(bool at_end, SplitSink& sink);

    [[nodiscard]] std::uint64_t values() const { return values_; }  // top-level values and lines
    [[nodiscard]] std::uint64_t text_bytes() const { return base_ + end_; }

  private:
    enum class State {
        kStart,       // before an optional byte order mark
        kTop,         // between top-level values
        kAfterFirst,  // after a first top-level event object: JSON lines if a newline follows
        kLines,       // at the start of a line of JSON lines
        kLineSkip,    // inside a line longer than the limit
        kKey,         // in a top-level object, before a key or '}'
        kColon,       // after a key
        kValue,       // after ':'
        kNext,        // after a member's value: ',' or '}'
        kElem,        // in an array of events, before an element or ']'
        kElemNext,    // after an element: ',' or ']'
        kSkip,        // inside an object or array, looking for the bracket that closes it
        kString,      // inside a string outside events, looking for its closing quote
    };
    enum class Text { kKey, kValue, kElement };
    enum class Skip { kEvent, kNotObject, kValue };
    enum class Step { kGo, kMore, kStop };

    Step step(SplitSink& sink);
    Step top(SplitSink& sink);
    Step after_first();
    Step lines(SplitSink& sink);
    Step line_skip();
    Step key(SplitSink& sink);
    Step colon(SplitSink& sink);
    Step value(SplitSink& sink);
    Step next(SplitSink& sink);
    Step element(SplitSink& sink);
    Step element_next(SplitSink& sink);
    Step skip(SplitSink& sink);
    Step string(SplitSink& sink);
    Step close_object(SplitSink& sink);
    Step close_array();
    Step element_done(SplitSink& sink);
    Step broken(SplitSink& sink, std::uint64_t offset, std::string message);
    Step more(SplitSink& sink, std::size_t end);
    bool finish(SplitSink& sink);

    void begin_skip(Skip kind);
    void begin_string(Text kind);
    std::size_t find_close();
    std::size_t find_quote();
    std::uint64_t escapes(std::uint64_t backslashes, std::size_t n);
    bool skip_space();
    std::size_t scalar_end(std::size_t from) const;
    std::uint64_t line_of(std::size_t at);
    std::uint64_t abs(std::size_t at) const { return base_ + at; }
    std::string found(std::size_t at) const;

    std::size_t chunk_;
    bool avx2_ = false;
    std::uint64_t max_event_ = 0;
    std::unique_ptr<char[]> buf_;
    std::size_t cap_ = 0;
    std::uint64_t base_ = 0;  // text offset of buf_[0]
    std::size_t pos_ = 0;     // scanned up to here
    std::size_t end_ = 0;     // text ends here
    bool at_end_ = false;

    State state_ = State::kStart;
    std::uint64_t values_ = 0;
    std::uint64_t lines_ = 0;    // newlines before line_mark_
    std::size_t line_mark_ = 0;  // buffer index up to which newlines are counted

    // The top-level object being read: an event, or the container of "Records".
    std::uint64_t obj_start_ = 0;
    std::uint64_t obj_line_ = 0;
    bool obj_big_ = false;
    bool in_object_ = false;
    bool container_ = false;
    bool records_key_ = false;

    // The array of events being read.
    Shape array_shape_ = Shape::kArray;
    std::uint64_t array_index_ = 0;

    // The string being skipped to its closing quote.
    Text text_kind_ = Text::kValue;
    std::uint64_t text_start_ = 0;

    // The value being skipped to its closing bracket.
    Skip skip_kind_ = Skip::kEvent;
    std::uint64_t skip_start_ = 0;
    bool skip_big_ = false;
    std::uint64_t depth_ = 0;
    bool in_string_ = false;
    bool escape_next_ = false;
};

}  // namespace wasp::detect
