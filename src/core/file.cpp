// Definitions of core/file.h.
#include "core/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <vector>

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

namespace wasp::core {

std::expected<std::string, std::string> read_file(const std::filesystem::path& path,
                                                  std::size_t max_bytes) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) return std::unexpected("cannot read: " + ec.message());
    if (size > max_bytes) {
        return std::unexpected("file is " + std::to_string(size) + " bytes, over the limit of " +
                               std::to_string(max_bytes));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(std::string("cannot open: ") + std::strerror(errno));
    std::string data(size, '\0');
    in.read(data.data(), static_cast<std::streamsize>(size));
    data.resize(static_cast<std::size_t>(in.gcount()));
    return data;
}

std::expected<void, std::string> write_file_atomic(const std::filesystem::path& path,
                                                   std::string_view contents) {
    auto dir = path.parent_path();
    if (dir.empty()) dir = ".";
    std::random_device rd;
    // Built with += rather than operator+: GCC 12 warns falsely (-Wrestrict) on the latter.
    std::string name = ".";
    name += path.filename().string();
    name += ".tmp";
    name += std::to_string(rd());
    auto tmp = dir / name;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        return std::unexpected("cannot create " + tmp.string() + ": " + std::strerror(errno));
    }
    const char* p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::string err = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return std::unexpected("cannot write " + tmp.string() + ": " + err);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        return std::unexpected("cannot flush " + tmp.string() + ": " + err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        return std::unexpected("cannot replace " + path.string() + ": " + err);
    }
    return {};
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xF];
    }
    return out;
}

std::expected<HashedFile, std::string> hash_file(const std::filesystem::path& path,
                                                 std::size_t head_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(std::string("cannot open: ") + std::strerror(errno));
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        return std::unexpected("cannot start SHA-256");
    }
    HashedFile out;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        EVP_DigestUpdate(ctx.get(), buf.data(), n);
        if (out.head.size() < head_bytes) {
            out.head.append(buf.data(), std::min(n, head_bytes - out.head.size()));
        }
        out.size += n;
    }
    if (in.bad()) return std::unexpected(std::string("cannot read: ") + std::strerror(errno));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < len; ++i) {
        out.sha256 += kHex[digest[i] >> 4];
        out.sha256 += kHex[digest[i] & 0xF];
    }
    return out;
}

std::expected<std::string, std::string> gunzip(std::string_view data, std::size_t max_out) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return std::unexpected("zlib init failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END && out.size() < max_out) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            if (rc == Z_BUF_ERROR && !out.empty()) break;  // truncated stream: keep what we have
            return std::unexpected("invalid gzip data");
        }
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    if (out.size() > max_out) out.resize(max_out);
    return out;
}

}  // namespace wasp::core
