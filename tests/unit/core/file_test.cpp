#include "core/file.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace wasp::core {
namespace {

TEST(File, AtomicWriteReplacesAndLeavesNoTemporary) {
    auto dir = std::filesystem::temp_directory_path() / "wasp-file-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto path = dir / "out.json";
    ASSERT_TRUE(write_file_atomic(path, "old").has_value());
    ASSERT_TRUE(write_file_atomic(path, "new").has_value());
    EXPECT_EQ(read_file(path, 100).value(), "new");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1u);
    EXPECT_FALSE(write_file_atomic(dir / "missing" / "x", "y").has_value());
    std::filesystem::remove_all(dir);
}

TEST(File, ReadRefusesOversizedFiles) {
    auto path = std::filesystem::temp_directory_path() / "wasp-big";
    ASSERT_TRUE(write_file_atomic(path, std::string(1000, 'x')).has_value());
    auto r = read_file(path, 999);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().find("over the limit"), std::string::npos);
    std::filesystem::remove(path);
}

TEST(File, Sha256KnownVector) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(File, HashFileStreamsAndKeepsTheHead) {
    auto path = std::filesystem::temp_directory_path() / "wasp-hash";
    std::string data(3u << 20, 'a');
    ASSERT_TRUE(write_file_atomic(path, data).has_value());
    auto h = hash_file(path, 10);
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->size, data.size());
    EXPECT_EQ(h->head, "aaaaaaaaaa");
    EXPECT_EQ(h->sha256, sha256_hex(data));
    std::filesystem::remove(path);
}

TEST(File, GunzipRejectsGarbage) { EXPECT_FALSE(gunzip("not gzip", 100).has_value()); }

}  // namespace
}  // namespace wasp::core
