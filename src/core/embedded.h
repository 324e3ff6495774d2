// A data file compiled into the binary (catalog, rule packs); see cmake/embed.cmake.
#pragma once

#include <span>
#include <string_view>

namespace wasp::core {

struct EmbeddedFile {
    std::string_view path;  // relative to the source root, e.g. "rules/s3/s3-versioning.yaml"
    std::string_view contents;
};

}  // namespace wasp::core
