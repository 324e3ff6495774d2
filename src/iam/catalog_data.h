// The text of data/iam/catalog.tsv, linked into the binary by catalog_data.cpp.
#pragma once

#include <string_view>

namespace wasp::iam {

// The whole file; a NUL follows it in memory.
[[nodiscard]] std::string_view embedded_catalog();

}  // namespace wasp::iam
