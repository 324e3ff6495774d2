// What the end-to-end tests share: running the wasp binary with a fixed clock, temporary
// folders, and golden files (re-blessed with WASP_BLESS=1).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/file.h"

namespace wasp::e2e {

namespace fs = std::filesystem;

inline const fs::path kSource = WASP_SOURCE_DIR;

struct Result {
    int exit_code = -1;
    std::string out;
};

// Runs wasp with a fixed clock so outputs are byte-identical; stderr is discarded.
inline Result wasp(const std::string& args) {
    std::string cmd = "cd '" + kSource.string() + "' && SOURCE_DATE_EPOCH=1795910400 '" +
                      std::string(WASP_BINARY) + "' " + args + " 2>/dev/null";
    Result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("wasp-e2e-" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

inline std::string read(const fs::path& p) {
    return wasp::core::read_file(p, 64u << 20).value_or("");
}

inline void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

inline void expect_golden(const std::string& actual, const fs::path& golden) {
    fs::path path = kSource / golden;
    if (std::getenv("WASP_BLESS")) {
        ASSERT_TRUE(wasp::core::write_file_atomic(path, actual).has_value());
        return;
    }
    std::string expected = read(path);
    ASSERT_FALSE(expected.empty())
        << "missing golden file " << golden << " (run with WASP_BLESS=1)";
    EXPECT_TRUE(actual == expected)
        << "output differs from " << golden << "; review the change and re-bless with WASP_BLESS=1";
}

}  // namespace wasp::e2e
