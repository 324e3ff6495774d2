// Where something came from: file, line, column and JSON pointer.
#pragma once

#include <cstdint>
#include <string>

namespace wasp::core {

// 1-based line and column; 0 means not known.
struct Mark {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    friend bool operator==(const Mark&, const Mark&) = default;
};

struct SourceLocation {
    std::string file;  // path as given on the command line, relative to the workload root
    Mark mark;
    std::string pointer;  // JSON pointer into the document, e.g. "/Resources/Bucket"

    // "file:line:column" (or less, when parts are unknown), for people.
    [[nodiscard]] std::string str() const;
    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

// Escapes one reference token of a JSON pointer (RFC 6901: ~ -> ~0, / -> ~1).
[[nodiscard]] std::string json_pointer_token(std::string_view token);

}  // namespace wasp::core
