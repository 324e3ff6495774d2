// File input and output: bounded reads, atomic writes, content hashes.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace wasp::core {

// Reads at most max_bytes; a larger file is an error that says so.
[[nodiscard]] std::expected<std::string, std::string> read_file(const std::filesystem::path& path,
                                                                std::size_t max_bytes);

// Writes through a temporary file in the same directory, flushed and renamed over the target:
// a reader sees the old file or the new one, never half of one.
[[nodiscard]] std::expected<void, std::string> write_file_atomic(const std::filesystem::path& path,
                                                                 std::string_view contents);

[[nodiscard]] std::string sha256_hex(std::string_view data);

struct HashedFile {
    std::string sha256;
    std::uintmax_t size = 0;
    std::string head;  // the first head_bytes of the file
};
// Streams a file of any size through SHA-256, keeping its first head_bytes.
[[nodiscard]] std::expected<HashedFile, std::string> hash_file(const std::filesystem::path& path,
                                                               std::size_t head_bytes);

// Decompresses gzip data, stopping after max_out bytes (the result is then truncated).
[[nodiscard]] std::expected<std::string, std::string> gunzip(std::string_view data,
                                                             std::size_t max_out);

}  // namespace wasp::core
