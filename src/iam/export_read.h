// Small helpers the readers of IAM exports share (account.cpp, organization.cpp,
// resource_policies.cpp, last_accessed.cpp, external_access.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/node.h"

namespace wasp::iam::export_read {

inline void add_diag(core::Diagnostics& diags,
                     core::DiagLevel level,
                     std::string code,
                     std::string message,
                     const std::string& file,
                     core::Mark mark) {
    core::Diagnostic d;
    d.level = level;
    d.code = std::move(code);
    d.message = std::move(message);
    d.location.file = file;
    d.location.mark = mark;
    diags.push_back(std::move(d));
}

// The text of a scalar member (a number too); empty when absent or not a scalar.
inline std::string scalar_member(const core::Node& n, std::string_view key) {
    const core::Node* v = n.get(key);
    return v != nullptr && v->is_scalar() ? v->text() : std::string{};
}

// A string member; empty when absent or not a string.
inline std::string string_member(const core::Node& n, std::string_view key) {
    const core::Node* v = n.get(key);
    return v != nullptr && v->kind() == core::NodeKind::kString ? v->text() : std::string{};
}

inline bool is_account_id(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The n-th colon-separated field of an ARN (4: the account); "" when the text is no ARN or has
// fewer fields.
inline std::string_view arn_field(std::string_view arn, int n) {
    if (!arn.starts_with("arn:")) return {};
    for (int i = 0; i < n; ++i) {
        auto c = arn.find(':');
        if (c == std::string_view::npos) return {};
        arn.remove_prefix(c + 1);
    }
    return arn.substr(0, arn.find(':'));
}

}  // namespace wasp::iam::export_read
