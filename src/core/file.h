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

// Decompresses gzip data, stopping after max_out bytes (the result is then truncated).
[[nodiscard]] std::expected<std::string, std::string> gunzip(std::string_view data,
                                                             std::size_t max_out);

}  // namespace wasp::core
