// JSON and YAML parsers that build a core::Node tree with line and column for every node.
//
// Both guard against hostile input: depth is limited, YAML aliases cannot expand beyond a node
// budget, and no input makes them throw or crash; failures come back as a ParseError.
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>
#include <vector>

#include "core/node.h"

namespace wasp::core {

struct ParsedDocument {
    Node root;
    std::vector<ParseError> warnings;  // e.g. duplicate keys (the last one wins)
};

inline constexpr std::size_t kMaxNestingDepth = 256;
// YAML aliases can expand a small file into a huge tree; this bounds the expansion. (JSON has no
// aliases: its tree is bounded by the file size, which callers limit.)
inline constexpr std::size_t kMaxNodes = 4'000'000;

[[nodiscard]] std::expected<ParsedDocument, ParseError> parse_json(std::string_view text);
// Parses the first YAML document; later documents are reported as a warning and ignored.
// Tags (!Ref, !Sub, ...) are kept on the nodes. Plain scalars are typed by the YAML 1.2
// core schema (null, booleans, numbers); quoted scalars are strings.
[[nodiscard]] std::expected<ParsedDocument, ParseError> parse_yaml(std::string_view text);

// Line/column of a byte offset, counted incrementally for offsets visited in increasing order.
class LineCounter {
  public:
    explicit LineCounter(std::string_view text) : text_(text) {}
    [[nodiscard]] Mark at(std::size_t offset);

  private:
    std::string_view text_;
    std::size_t offset_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
};

}  // namespace wasp::core
