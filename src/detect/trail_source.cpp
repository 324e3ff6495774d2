// Plain or gzip text from a descriptor or a buffer, one chunk at a time, with zlib's streaming
// inflate: memory stays at one compressed chunk and zlib's window whatever the file's size.
#include "detect/trail_source.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <system_error>

#include <unistd.h>
#include <zlib.h>

namespace wasp::detect {

struct TextSource::Impl {
    enum class Mode { kDetect, kPlain, kGzip, kDone };

    explicit Impl(std::size_t chunk)
        : cap(std::max<std::size_t>(chunk, 2)), in(std::make_unique<char[]>(cap)) {}
    ~Impl() {
        if (z_ready) inflateEnd(&zs);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start() {
        raw_eof = false;
        raw_total = 0;
        mode = Mode::kDetect;
        is_gzip = false;
        member_done = false;
        early = false;
        problem.clear();
    }
    bool refill();
    void detect();
    std::size_t plain(char* out, std::size_t n);
    std::size_t inflate_into(char* out, std::size_t n);
    std::uint64_t raw_offset() const { return raw_total - raw_len; }
    void read_error(int err) {
        problem = "read error: " + std::error_code(err, std::generic_category()).message();
        early = true;
        raw_eof = true;
    }

    std::size_t cap;
    std::unique_ptr<char[]> in;
    int fd = -1;
    const char* raw = nullptr;  // input not consumed yet
    std::size_t raw_len = 0;
    bool raw_eof = false;
    std::uint64_t raw_total = 0;  // input obtained so far
    Mode mode = Mode::kDetect;
    bool is_gzip = false;
    z_stream zs{};
    bool z_ready = false;
    bool member_done = false;
    bool early = false;
    std::string problem;
};

// More input after what is left; false at the end of the input or on an error.
bool TextSource::Impl::refill() {
    if (raw_eof || fd < 0) {
        raw_eof = true;
        return false;
    }
    if (raw_len > 0) std::memmove(in.get(), raw, raw_len);
    raw = in.get();
    for (;;) {
        const ssize_t r = ::read(fd, in.get() + raw_len, cap - raw_len);
        if (r > 0) {
            raw_len += static_cast<std::size_t>(r);
            raw_total += static_cast<std::uint64_t>(r);
            return true;
        }
        if (r == 0) {
            raw_eof = true;
            return false;
        }
        if (errno != EINTR) {
            read_error(errno);
            return false;
        }
    }
}

void TextSource::Impl::detect() {
    while (raw_len < 2 && refill()) {
    }
    const auto* b = reinterpret_cast<const unsigned char*>(raw);
    if (raw_len < 2 || b[0] != 0x1f || b[1] != 0x8b) {
        mode = Mode::kPlain;
        return;
    }
    // 16 + MAX_WBITS: a gzip header and trailer (CRC and length checked) around deflate data.
    if (!z_ready) {
        if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
            problem = "zlib could not be initialised";
            mode = Mode::kDone;
            return;
        }
        z_ready = true;
    } else {
        inflateReset(&zs);
    }
    mode = Mode::kGzip;
    is_gzip = true;
}

std::size_t TextSource::Impl::plain(char* out, std::size_t n) {
    if (raw_len > 0) {
        const std::size_t k = std::min(n, raw_len);
        std::memcpy(out, raw, k);
        raw += k;
        raw_len -= k;
        return k;
    }
    if (fd < 0 || raw_eof) {
        mode = Mode::kDone;
        return 0;
    }
    // Straight into the caller's buffer: plain text is not copied on its way in.
    for (;;) {
        const ssize_t r = ::read(fd, out, n);
        if (r > 0) {
            raw_total += static_cast<std::uint64_t>(r);
            return static_cast<std::size_t>(r);
        }
        if (r == 0 || errno != EINTR) {
            if (r < 0) read_error(errno);
            mode = Mode::kDone;
            return 0;
        }
    }
}

std::size_t TextSource::Impl::inflate_into(char* out, std::size_t n) {
    std::size_t produced = 0;
    while (produced < n) {
        if (raw_len == 0) refill();
        // Called even without input: zlib may still hold output it could not give before.
        const auto avail_in = static_cast<uInt>(std::min<std::size_t>(raw_len, UINT_MAX));
        const auto avail_out = static_cast<uInt>(std::min<std::size_t>(n - produced, UINT_MAX));
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw));
        zs.avail_in = avail_in;
        zs.next_out = reinterpret_cast<Bytef*>(out + produced);
        zs.avail_out = avail_out;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t used = avail_in - zs.avail_in;
        const std::size_t made = avail_out - zs.avail_out;
        raw += used;
        raw_len -= used;
        produced += made;
        if (rc == Z_STREAM_END) {
            // Concatenated gzip files are one stream (RFC 1952 members): go on to the next.
            if (raw_len == 0 && !refill()) {
                mode = Mode::kDone;
                break;
            }
            if (static_cast<unsigned char>(raw[0]) != 0x1f) {
                problem = "data after the end of the gzip stream, at compressed byte " +
                          std::to_string(raw_offset()) + ", is not gzip and was ignored";
                mode = Mode::kDone;
                break;
            }
            inflateReset(&zs);
            continue;
        }
        const bool progress = used > 0 || made > 0;
        if ((rc == Z_OK || rc == Z_BUF_ERROR) && progress) continue;
        if ((rc == Z_OK || rc == Z_BUF_ERROR) && raw_len == 0) {
            if (!raw_eof) continue;
            // No input left, no output pending, and the member has not ended.
            early = true;
            if (problem.empty()) {
                problem = "the gzip data ends early, after " + std::to_string(raw_total) +
                          " compressed bytes (a truncated delivery?)";
            }
            mode = Mode::kDone;
            break;
        }
        early = true;
        problem = "invalid gzip data at compressed byte " + std::to_string(raw_offset()) + " (" +
                  (zs.msg != nullptr ? zs.msg : "no progress") + ")";
        mode = Mode::kDone;
        break;
    }
    return produced;
}

TextSource::TextSource(std::size_t chunk_bytes) : impl_(std::make_unique<Impl>(chunk_bytes)) {}

TextSource::~TextSource() = default;

void TextSource::open_fd(int fd) {
    impl_->start();
    impl_->fd = fd;
    impl_->raw = impl_->in.get();
    impl_->raw_len = 0;
}

void TextSource::open_memory(std::string_view bytes) {
    impl_->start();
    impl_->fd = -1;
    impl_->raw = bytes.data();
    impl_->raw_len = bytes.size();
    impl_->raw_total = bytes.size();
    impl_->raw_eof = true;
}

std::size_t TextSource::read(char* out, std::size_t n) {
    if (n == 0) return 0;
    if (impl_->mode == Impl::Mode::kDetect) impl_->detect();
    switch (impl_->mode) {
        case Impl::Mode::kPlain:
            return impl_->plain(out, n);
        case Impl::Mode::kGzip:
            return impl_->inflate_into(out, n);
        case Impl::Mode::kDetect:
        case Impl::Mode::kDone:
            break;
    }
    return 0;
}

const std::string& TextSource::problem() const { return impl_->problem; }
bool TextSource::ended_early() const { return impl_->early; }
std::uint64_t TextSource::raw_bytes() const { return impl_->raw_total; }
bool TextSource::gzip() const { return impl_->is_gzip; }

}  // namespace wasp::detect
