// The text of one CloudTrail input, read in chunks from a file descriptor or a buffer and
// decompressed on the fly when it is gzip (known by its magic bytes, not by its name).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wasp::detect {

class TextSource {
  public:
    explicit TextSource(std::size_t chunk_bytes);
    ~TextSource();
    TextSource(const TextSource&) = delete;
    TextSource& operator=(const TextSource&) = delete;

    // Starts a new input; the descriptor stays owned by the caller.
    void open_fd(int fd);
    void open_memory(std::string_view bytes);

    // Up to n bytes of text; 0 only at the end of the input, which problem() says was early.
    [[nodiscard]] std::size_t read(char* out, std::size_t n);

    // Why the text ended before the input did (truncated or invalid gzip, a read error), or
    // what was ignored after it; empty when nothing went wrong.
    [[nodiscard]] const std::string& problem() const;
    [[nodiscard]] bool ended_early() const;  // text was lost: cut or invalid gzip, a read error
    [[nodiscard]] std::uint64_t raw_bytes() const;  // input consumed, as stored
    [[nodiscard]] bool gzip() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wasp::detect
