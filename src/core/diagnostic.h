// A problem with an input (parse error, unsupported construct): never dropped, shown in every
// report.
#pragma once

#include <string>
#include <vector>

#include "core/location.h"

namespace wasp::core {

enum class DiagLevel { kError, kWarning, kNote };

struct Diagnostic {
    DiagLevel level = DiagLevel::kError;
    std::string code;     // stable, e.g. "yaml-syntax", "cfn-undefined-ref", "input-not-analysed"
    std::string message;  // one sentence for people
    SourceLocation location;

    [[nodiscard]] std::string str() const;  // "file:line:col: error: message [code]"
};

[[nodiscard]] std::string_view to_string(DiagLevel level);

using Diagnostics = std::vector<Diagnostic>;

}  // namespace wasp::core
