// Small definitions of core/location.h, core/severity.h and core/diagnostic.h.
#include <array>
#include <string>

#include "core/diagnostic.h"
#include "core/location.h"
#include "core/severity.h"

namespace wasp::core {

std::string SourceLocation::str() const {
    std::string out = file;
    if (mark.line > 0) {
        out += ':' + std::to_string(mark.line);
        if (mark.column > 0) out += ':' + std::to_string(mark.column);
    }
    return out;
}

std::string json_pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

namespace {
constexpr std::array<std::string_view, 5> kSeverityNames{"critical", "high", "medium", "low",
                                                         "info"};
}

std::string_view to_string(Severity s) { return kSeverityNames.at(static_cast<std::size_t>(s)); }

std::optional<Severity> parse_severity(std::string_view s) {
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
        if (kSeverityNames[i] == s) return static_cast<Severity>(i);
    }
    return std::nullopt;
}

std::string_view to_string(DiagLevel level) {
    switch (level) {
        case DiagLevel::kError:
            return "error";
        case DiagLevel::kWarning:
            return "warning";
        case DiagLevel::kNote:
            return "note";
    }
    return "error";
}

std::string Diagnostic::str() const {
    std::string out = location.str();
    if (!out.empty()) out += ": ";
    out += std::string(to_string(level)) + ": " + message;
    if (!code.empty()) out += " [" + code + "]";
    return out;
}

}  // namespace wasp::core

#include "core/finding.h"

namespace wasp::core {
std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::kPass:
            return "pass";
        case Outcome::kFail:
            return "fail";
        case Outcome::kUnknown:
            return "unknown";
        case Outcome::kNotApplicable:
            return "not_applicable";
        case Outcome::kSuppressed:
            return "suppressed";
    }
    return "unknown";
}
}  // namespace wasp::core
