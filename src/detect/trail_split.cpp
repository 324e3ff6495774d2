// The splitter: a small state machine for the skeleton of the file (top-level values, the
// "Records" member, array elements, lines) and a bracket matcher over 64-byte blocks for the
// events themselves, which is where nearly all bytes are.
#include "detect/trail_split.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#define WASP_SPLIT_AVX2 1
#include <immintrin.h>
#endif

namespace wasp::detect {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kBlock = 64;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool ends_scalar(char c) {
    return is_space(c) || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '"';
}

// One bit per byte of a 64-byte block.
struct Masks {
    std::uint64_t quote = 0;
    std::uint64_t backslash = 0;
    std::uint64_t open = 0;   // '{' or '['
    std::uint64_t close = 0;  // '}' or ']'
};

#if defined(__SSE2__)
[[gnu::always_inline]] inline std::uint64_t bits(__m128i eq, int lane) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(eq)))
           << (16 * lane);
}

[[gnu::always_inline]] inline Masks block_masks(const char* p) {
    // '[' and '{' differ only in bit 5, as do ']' and '}': one comparison finds both.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i bit5 = _mm_set1_epi8(0x20);
    const __m128i open = _mm_set1_epi8('{');
    const __m128i close = _mm_set1_epi8('}');
    Masks m;
    for (int lane = 0; lane < 4; ++lane) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * lane));
        const __m128i folded = _mm_or_si128(v, bit5);
        m.quote |= bits(_mm_cmpeq_epi8(v, quote), lane);
        m.backslash |= bits(_mm_cmpeq_epi8(v, backslash), lane);
        m.open |= bits(_mm_cmpeq_epi8(folded, open), lane);
        m.close |= bits(_mm_cmpeq_epi8(folded, close), lane);
    }
    return m;
}
#else
inline Masks block_masks(const char* p) {
    Masks m;
    for (std::size_t i = 0; i < kBlock; ++i) {
        const std::uint64_t bit = std::uint64_t{1} << i;
        switch (p[i]) {
            case '"':
                m.quote |= bit;
                break;
            case '\\':
                m.backslash |= bit;
                break;
            case '{':
            case '[':
                m.open |= bit;
                break;
            case '}':
            case ']':
                m.close |= bit;
                break;
            default:
                break;
        }
    }
    return m;
}
#endif

// Bit i set when an odd number of bits at or below i are set: the inside of strings, given the
// positions of their unescaped quotes.
std::uint64_t prefix_xor(std::uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

#if defined(WASP_SPLIT_AVX2)
// block_masks() 32 bytes at a time, for CPUs with AVX2 (chosen at run time: the build targets
// any x86-64).
[[gnu::target("avx2"), gnu::always_inline]] inline std::uint64_t bits_avx2(__m256i eq, int half) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(eq)))
           << (32 * half);
}

[[gnu::target("avx2"), gnu::always_inline]] inline Masks block_masks_avx2(const char* p) {
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i bit5 = _mm256_set1_epi8(0x20);
    const __m256i open = _mm256_set1_epi8('{');
    const __m256i close = _mm256_set1_epi8('}');
    Masks m;
    for (int half = 0; half < 2; ++half) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
        const __m256i folded = _mm256_or_si256(v, bit5);
        m.quote |= bits_avx2(_mm256_cmpeq_epi8(v, quote), half);
        m.backslash |= bits_avx2(_mm256_cmpeq_epi8(v, backslash), half);
        m.open |= bits_avx2(_mm256_cmpeq_epi8(folded, open), half);
        m.close |= bits_avx2(_mm256_cmpeq_epi8(folded, close), half);
    }
    return m;
}

bool cpu_has_avx2() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}
#else
bool cpu_has_avx2() { return false; }
#endif

// The characters escaped by a backslash in a block of n bytes; escape_next carries a backslash
// that ends one block to the next. Backslashes are rare outside embedded policy documents, so a
// loop over them is cheaper than a branch-free formula.
std::uint64_t escaped_by(std::uint64_t backslashes, std::size_t n, bool& escape_next) {
    std::uint64_t escaped = 0;
    if (escape_next) {
        escaped = 1;
        backslashes &= ~std::uint64_t{1};
    }
    escape_next = false;
    while (backslashes != 0) {
        const auto i = static_cast<std::size_t>(std::countr_zero(backslashes));
        if (i + 1 >= n) {
            escape_next = true;
            break;
        }
        escaped |= std::uint64_t{1} << (i + 1);
        backslashes &= ~(std::uint64_t{3} << i);
    }
    return escaped;
}

// Where the value being skipped ends.
struct CloseScan {
    std::uint64_t& depth;
    bool& in_string;
    bool& escape_next;
};

// One block of n bytes (its masks m): the index at which the depth returns to zero, or kBlock.
// Brackets are counted, not matched: "{]" closes an object here, and the JSON parser that reads
// the event afterwards reports it. That keeps this loop to a few instructions per bracket.
[[gnu::always_inline]] inline std::size_t close_in_block(const Masks& m,
                                                         std::size_t n,
                                                         CloseScan& s) {
    const std::uint64_t valid = n == kBlock ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    std::uint64_t escaped = 0;
    const std::uint64_t backslash = m.backslash & valid;
    if (backslash != 0 || s.escape_next) escaped = escaped_by(backslash, n, s.escape_next);
    const std::uint64_t inside =
        prefix_xor(m.quote & valid & ~escaped) ^ (s.in_string ? ~std::uint64_t{0} : 0);
    s.in_string = ((inside >> (n - 1)) & 1) != 0;
    std::uint64_t brackets = (m.open | m.close) & valid & ~inside;
    while (brackets != 0) {
        const int i = std::countr_zero(brackets);
        if (((m.open >> i) & 1) != 0) {
            ++s.depth;
        } else if (--s.depth == 0) {
            return static_cast<std::size_t>(i);
        }
        brackets &= brackets - 1;
    }
    return kBlock;
}

std::size_t find_close_in(const char* buf, std::size_t p, std::size_t end, CloseScan s) {
    while (p < end) {
        const std::size_t n = std::min(kBlock, end - p);
        const std::size_t at = close_in_block(block_masks(buf + p), n, s);
        if (at < n) return p + at;
        p += n;
    }
    return kNone;
}

#if defined(WASP_SPLIT_AVX2)
[[gnu::target("avx2")]] std::size_t find_close_avx2(const char* buf,
                                                    std::size_t p,
                                                    std::size_t end,
                                                    CloseScan s) {
    while (p < end) {
        const std::size_t n = std::min(kBlock, end - p);
        const std::size_t at = close_in_block(block_masks_avx2(buf + p), n, s);
        if (at < n) return p + at;
        p += n;
    }
    return kNone;
}
#endif

std::string hex_byte(unsigned char c) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string s = "byte 0x";
    s += kDigits[c >> 4];
    s += kDigits[c & 15];
    return s;
}

}  // namespace

Splitter::Splitter(std::size_t chunk_bytes, bool wide)
    : chunk_(std::max<std::size_t>(chunk_bytes, 1)), avx2_(wide && cpu_has_avx2()) {}

void Splitter::reset(std::uint64_t max_event_bytes) {
    max_event_ = std::max<std::uint64_t>(max_event_bytes, 2);
    if (!buf_) {
        cap_ = 2 * chunk_;
        buf_ = std::make_unique<char[]>(cap_ + kSplitPadding);
    }
    base_ = 0;
    pos_ = 0;
    end_ = 0;
    at_end_ = false;
    state_ = State::kStart;
    values_ = 0;
    lines_ = 0;
    line_mark_ = 0;
    in_object_ = false;
    container_ = false;
}

std::span<char> Splitter::space() {
    if (cap_ - end_ >= chunk_) return {buf_.get() + end_, cap_ - end_};
    // Values already longer than the limit are not kept: they are skipped, then reported.
    const std::uint64_t here = abs(pos_);
    if (state_ == State::kSkip && skip_kind_ == Skip::kEvent && here - skip_start_ > max_event_) {
        skip_big_ = true;
    }
    if (in_object_ && !container_ && here - obj_start_ > max_event_) obj_big_ = true;

    std::size_t keep = pos_;
    if (state_ == State::kSkip && skip_kind_ == Skip::kEvent && !skip_big_) {
        keep = std::min(keep, static_cast<std::size_t>(skip_start_ - base_));
    }
    if (in_object_ && !container_ && !obj_big_) {
        keep = std::min(keep, static_cast<std::size_t>(obj_start_ - base_));
    }
    if (state_ == State::kString && text_kind_ == Text::kKey && here - text_start_ < 9) {
        keep = std::min(keep, static_cast<std::size_t>(text_start_ - base_));
    }
    line_of(keep);
    std::memmove(buf_.get(), buf_.get() + keep, end_ - keep);
    base_ += keep;
    pos_ -= keep;
    end_ -= keep;
    line_mark_ -= keep;
    if (cap_ - end_ < chunk_) {
        const std::size_t cap = std::max(2 * cap_, end_ + chunk_);
        auto grown = std::make_unique<char[]>(cap + kSplitPadding);
        std::memcpy(grown.get(), buf_.get(), end_);
        buf_ = std::move(grown);
        cap_ = cap;
    }
    return {buf_.get() + end_, cap_ - end_};
}

void Splitter::commit(std::size_t n) { end_ += std::min(n, cap_ - end_); }

bool Splitter::scan(bool at_end, SplitSink& sink) {
    at_end_ = at_end;
    for (;;) {
        const Step s = step(sink);
        if (s == Step::kStop) return false;
        if (s == Step::kMore) break;
    }
    return !at_end || finish(sink);
}

Splitter::Step Splitter::step(SplitSink& sink) {
    switch (state_) {
        case State::kStart:
            if (end_ - pos_ < 3 && !at_end_) return Step::kMore;
            if (end_ - pos_ >= 3 && std::memcmp(buf_.get() + pos_, "\xEF\xBB\xBF", 3) == 0) {
                pos_ += 3;
            }
            state_ = State::kTop;
            return Step::kGo;
        case State::kTop:
            return top(sink);
        case State::kAfterFirst:
            return after_first();
        case State::kLines:
            return lines(sink);
        case State::kLineSkip:
            return line_skip();
        case State::kKey:
            return key(sink);
        case State::kColon:
            return colon(sink);
        case State::kValue:
            return value(sink);
        case State::kNext:
            return next(sink);
        case State::kElem:
            return element(sink);
        case State::kElemNext:
            return element_next(sink);
        case State::kSkip:
            return skip(sink);
        case State::kString:
            return string(sink);
    }
    return Step::kStop;
}

Splitter::Step Splitter::top(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == '[') {
        ++values_;
        array_shape_ = Shape::kArray;
        array_index_ = 0;
        ++pos_;
        state_ = State::kElem;
        return Step::kGo;
    }
    if (c == '{') {
        ++values_;
        obj_start_ = abs(pos_);
        obj_line_ = line_of(pos_);
        obj_big_ = false;
        container_ = false;
        records_key_ = false;
        in_object_ = true;
        ++pos_;
        state_ = State::kKey;
        return Step::kGo;
    }
    if (values_ == 0) {
        return broken(sink, abs(pos_),
                      "not JSON text: expected '{' or '[' at byte " + std::to_string(abs(pos_)) +
                          " but found " + found(pos_));
    }
    return broken(sink, abs(pos_),
                  "unexpected " + found(pos_) + " at byte " + std::to_string(abs(pos_)) +
                      " after the last top-level value");
}

// A single event object followed by a newline starts JSON lines; anything else on the same line
// means objects written one after another (or pretty-printed), followed by their brackets.
Splitter::Step Splitter::after_first() {
    while (pos_ < end_ && (buf_[pos_] == ' ' || buf_[pos_] == '\t' || buf_[pos_] == '\r')) ++pos_;
    if (pos_ == end_) return Step::kMore;
    if (buf_[pos_] == '\n') {
        line_of(pos_);
        state_ = State::kLines;
    } else {
        state_ = State::kTop;
    }
    return Step::kGo;
}

Splitter::Step Splitter::lines(SplitSink& sink) {
    if (pos_ == end_) return Step::kMore;
    const void* nl = std::memchr(buf_.get() + pos_, '\n', end_ - pos_);
    std::size_t stop = end_;
    if (nl != nullptr) {
        stop = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get());
    } else if (!at_end_) {
        if (end_ - pos_ > max_event_) {
            ++values_;
            sink.on_flaw(Flaw::kTooLarge, Place{abs(pos_), lines_, Shape::kLines});
            state_ = State::kLineSkip;
            pos_ = end_;
            line_mark_ = end_;
        }
        return Step::kMore;
    }
    // The limit applies to the whole line, blanks included, as it does before the newline is
    // seen.
    std::size_t b = pos_;
    std::size_t e = stop;
    if (e - b > max_event_) {
        ++values_;
        sink.on_flaw(Flaw::kTooLarge, Place{abs(pos_), lines_, Shape::kLines});
        b = e;
    }
    while (b < e && is_space(buf_[b])) ++b;
    while (e > b && is_space(buf_[e - 1])) --e;
    if (b < e) {
        ++values_;
        sink.on_event({buf_.get() + b, e - b}, Place{abs(b), lines_, Shape::kLines});
    }
    pos_ = stop;
    if (nl != nullptr) {
        ++pos_;
        ++lines_;
    }
    line_mark_ = pos_;
    return Step::kGo;
}

Splitter::Step Splitter::line_skip() {
    const void* nl = std::memchr(buf_.get() + pos_, '\n', end_ - pos_);
    if (nl == nullptr) {
        pos_ = end_;
        line_mark_ = end_;
        return Step::kMore;
    }
    pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
    ++lines_;
    line_mark_ = pos_;
    state_ = State::kLines;
    return Step::kGo;
}

Splitter::Step Splitter::key(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == '}') return close_object(sink);
    if (c != '"') {
        return broken(sink, abs(pos_),
                      "expected a key or '}' at byte " + std::to_string(abs(pos_)) +
                          " in the top-level object but found " + found(pos_));
    }
    begin_string(Text::kKey);
    return Step::kGo;
}

Splitter::Step Splitter::colon(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    if (buf_[pos_] != ':') {
        return broken(
            sink, abs(pos_),
            "expected ':' at byte " + std::to_string(abs(pos_)) + " but found " + found(pos_));
    }
    ++pos_;
    state_ = State::kValue;
    return Step::kGo;
}

Splitter::Step Splitter::value(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == '[' && records_key_) {
        container_ = true;
        array_shape_ = Shape::kRecords;
        array_index_ = 0;
        ++pos_;
        state_ = State::kElem;
        return Step::kGo;
    }
    if (c == '{' || c == '[') {
        begin_skip(Skip::kValue);
        return Step::kGo;
    }
    if (c == '"') {
        begin_string(Text::kValue);
        return Step::kGo;
    }
    const std::size_t e = scalar_end(pos_);
    if (e == kNone || e - pos_ > max_event_) return more(sink, e);
    if (e == pos_) {
        return broken(
            sink, abs(pos_),
            "expected a value at byte " + std::to_string(abs(pos_)) + " but found " + found(pos_));
    }
    pos_ = e;
    state_ = State::kNext;
    return Step::kGo;
}

Splitter::Step Splitter::next(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == '}') return close_object(sink);
    if (c != ',') {
        return broken(sink, abs(pos_),
                      "expected ',' or '}' at byte " + std::to_string(abs(pos_)) +
                          " in the top-level object but found " + found(pos_));
    }
    ++pos_;
    state_ = State::kKey;
    return Step::kGo;
}

Splitter::Step Splitter::close_object(SplitSink& sink) {
    ++pos_;
    in_object_ = false;
    if (container_) {
        state_ = State::kTop;
        return Step::kGo;
    }
    const Place at{obj_start_, obj_line_, Shape::kLines};
    const std::uint64_t size = abs(pos_) - obj_start_;
    if (obj_big_ || size > max_event_) {
        sink.on_flaw(Flaw::kTooLarge, at);
    } else {
        sink.on_event({buf_.get() + (obj_start_ - base_), static_cast<std::size_t>(size)}, at);
    }
    const bool one_line = line_of(pos_) == obj_line_;
    state_ = values_ == 1 && one_line ? State::kAfterFirst : State::kTop;
    return Step::kGo;
}

Splitter::Step Splitter::element(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == ']') return close_array();
    if (c == '{') {
        begin_skip(Skip::kEvent);
        return Step::kGo;
    }
    if (c == '[') {
        begin_skip(Skip::kNotObject);
        return Step::kGo;
    }
    if (c == '"') {
        begin_string(Text::kElement);
        return Step::kGo;
    }
    const std::size_t e = scalar_end(pos_);
    if (e == kNone || e - pos_ > max_event_) return more(sink, e);
    if (e == pos_) {
        return broken(sink, abs(pos_),
                      "expected an element at byte " + std::to_string(abs(pos_)) + " but found " +
                          found(pos_));
    }
    sink.on_flaw(Flaw::kNotObject, Place{abs(pos_), array_index_++, array_shape_});
    pos_ = e;
    state_ = State::kElemNext;
    return Step::kGo;
}

Splitter::Step Splitter::element_next(SplitSink& sink) {
    if (!skip_space()) return Step::kMore;
    const char c = buf_[pos_];
    if (c == ']') return close_array();
    if (c != ',') {
        const char* array = array_shape_ == Shape::kRecords ? "the Records array" : "the array";
        return broken(sink, abs(pos_),
                      "expected ',' or ']' at byte " + std::to_string(abs(pos_)) +
                          " after element " + std::to_string(array_index_ - 1) + " of " + array +
                          " but found " + found(pos_));
    }
    ++pos_;
    state_ = State::kElem;
    return Step::kGo;
}

Splitter::Step Splitter::close_array() {
    ++pos_;
    state_ = array_shape_ == Shape::kRecords ? State::kNext : State::kTop;
    return Step::kGo;
}

void Splitter::begin_string(Text kind) {
    text_kind_ = kind;
    text_start_ = abs(pos_);
    escape_next_ = false;
    ++pos_;
    state_ = State::kString;
}

// Strings outside events are skipped like events, a block at a time and resumable, so that a
// long one costs neither memory nor a rescan.
Splitter::Step Splitter::string(SplitSink& sink) {
    const std::size_t quote = find_quote();
    if (quote == kNone) {
        pos_ = end_;
        return Step::kMore;
    }
    pos_ = quote + 1;
    switch (text_kind_) {
        case Text::kKey:
            // Short keys are kept in the buffer (see space()), so "Records" can be compared.
            records_key_ = abs(pos_) - text_start_ == 9 && text_start_ >= base_ &&
                           std::memcmp(buf_.get() + (text_start_ - base_), "\"Records\"", 9) == 0;
            state_ = State::kColon;
            break;
        case Text::kValue:
            state_ = State::kNext;
            break;
        case Text::kElement:
            sink.on_flaw(Flaw::kNotObject, Place{text_start_, array_index_++, array_shape_});
            state_ = State::kElemNext;
            break;
    }
    return Step::kGo;
}

std::size_t Splitter::find_quote() {
    const char* buf = buf_.get();
    for (std::size_t p = pos_; p < end_;) {
        const std::size_t n = std::min(kBlock, end_ - p);
        const std::uint64_t valid = n == kBlock ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
        const Masks m = block_masks(buf + p);
        const std::uint64_t backslash = m.backslash & valid;
        std::uint64_t escaped = 0;
        if (backslash != 0 || escape_next_) escaped = escapes(backslash, n);
        const std::uint64_t quotes = m.quote & valid & ~escaped;
        if (quotes != 0) return p + static_cast<std::size_t>(std::countr_zero(quotes));
        p += n;
    }
    return kNone;
}

void Splitter::begin_skip(Skip kind) {
    skip_kind_ = kind;
    skip_start_ = abs(pos_);
    skip_big_ = false;
    depth_ = 0;
    in_string_ = false;
    escape_next_ = false;
    state_ = State::kSkip;
}

Splitter::Step Splitter::skip(SplitSink& sink) {
    const std::size_t close = find_close();
    if (close == kNone) {
        pos_ = end_;
        return Step::kMore;
    }
    pos_ = close + 1;
    if (skip_kind_ == Skip::kValue) {
        state_ = State::kNext;
        return Step::kGo;
    }
    return element_done(sink);
}

Splitter::Step Splitter::element_done(SplitSink& sink) {
    const Place at{skip_start_, array_index_++, array_shape_};
    if (skip_kind_ == Skip::kNotObject) {
        sink.on_flaw(Flaw::kNotObject, at);
    } else {
        const std::uint64_t size = abs(pos_) - skip_start_;
        if (skip_big_ || size > max_event_) {
            sink.on_flaw(Flaw::kTooLarge, at);
        } else {
            sink.on_event({buf_.get() + (skip_start_ - base_), static_cast<std::size_t>(size)}, at);
        }
    }
    state_ = State::kElemNext;
    return Step::kGo;
}

std::size_t Splitter::find_close() {
    const CloseScan s{depth_, in_string_, escape_next_};
#if defined(WASP_SPLIT_AVX2)
    if (avx2_) return find_close_avx2(buf_.get(), pos_, end_, s);
#endif
    return find_close_in(buf_.get(), pos_, end_, s);
}

std::uint64_t Splitter::escapes(std::uint64_t backslashes, std::size_t n) {
    return escaped_by(backslashes, n, escape_next_);
}

// A token outside events (a key, a string, a scalar), incomplete (end is kNone) or complete:
// either way one longer than the event limit ends the file, so that memory stays bounded and the
// outcome does not depend on where the chunks were cut.
Splitter::Step Splitter::more(SplitSink& sink, std::size_t end) {
    const std::size_t length = end == kNone ? end_ - pos_ : end - pos_;
    if ((end != kNone || !at_end_) && length > max_event_) {
        return broken(sink, abs(pos_),
                      "a value of more than " + std::to_string(max_event_) + " bytes at byte " +
                          std::to_string(abs(pos_)) + ", outside any event");
    }
    return Step::kMore;
}

Splitter::Step Splitter::broken(SplitSink& sink, std::uint64_t offset, std::string message) {
    // A first object that breaks is most likely the first line of JSON lines gone bad: read the
    // text again from it, line by line, rather than give up on the file. Its start is still in
    // the buffer, since it is less than the limit away.
    if (in_object_ && !container_ && values_ == 1 && abs(pos_) - obj_start_ <= max_event_) {
        pos_ = static_cast<std::size_t>(obj_start_ - base_);
        lines_ = obj_line_;
        line_mark_ = pos_;
        in_object_ = false;
        values_ = 0;
        state_ = State::kLines;
        return Step::kGo;
    }
    sink.on_broken(offset, std::move(message), false);
    return Step::kStop;
}

bool Splitter::finish(SplitSink& sink) {
    std::string inside;
    switch (state_) {
        case State::kStart:
        case State::kTop:
        case State::kAfterFirst:
        case State::kLines:
        case State::kLineSkip:
            return true;
        case State::kSkip:
            if (skip_kind_ != Skip::kValue) {
                inside = (skip_kind_ == Skip::kEvent ? "the event that starts at byte "
                                                     : "the element that starts at byte ") +
                         std::to_string(skip_start_);
                break;
            }
            [[fallthrough]];
        case State::kKey:
        case State::kColon:
        case State::kValue:
        case State::kNext:
            inside = "the top-level object that starts at byte " + std::to_string(obj_start_);
            break;
        case State::kString:
            if (text_kind_ == Text::kElement) {
                inside = "the string that starts at byte " + std::to_string(text_start_);
                break;
            }
            inside = "the top-level object that starts at byte " + std::to_string(obj_start_);
            break;
        case State::kElem:
        case State::kElemNext:
            inside = array_shape_ == Shape::kRecords ? "the Records array" : "the top-level array";
            break;
    }
    sink.on_broken(abs(end_),
                   "the text ends at byte " + std::to_string(abs(end_)) + " inside " + inside,
                   true);
    return false;
}

bool Splitter::skip_space() {
    while (pos_ < end_ && is_space(buf_[pos_])) ++pos_;
    return pos_ < end_;
}

std::size_t Splitter::scalar_end(std::size_t from) const {
    std::size_t i = from;
    while (i < end_ && !ends_scalar(buf_[i])) ++i;
    if (i == end_ && !at_end_) return kNone;
    return i;
}

// memchr rather than std::count: CloudTrail log files have no newlines, and memchr skips over
// newline-free text many bytes at a time.
std::uint64_t Splitter::line_of(std::size_t at) {
    const char* p = buf_.get() + line_mark_;
    const char* const stop = buf_.get() + at;
    while (p < stop) {
        p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(stop - p)));
        if (p == nullptr) break;
        ++lines_;
        ++p;
    }
    line_mark_ = std::max(line_mark_, at);
    return lines_;
}

std::string Splitter::found(std::size_t at) const {
    if (at >= end_) return "the end of the text";
    const auto c = static_cast<unsigned char>(buf_[at]);
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    return hex_byte(c);
}

}  // namespace wasp::detect
