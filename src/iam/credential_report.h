// The IAM credential report (`aws iam get-credential-report`), read into one typed record a row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace wasp::iam {

// A column holding "true"/"false", or "N/A" / "not_supported" where it does not apply.
enum class Flag : std::uint8_t { kFalse, kTrue, kNotApplicable };

struct AccessKeyInfo {
    bool active = false;
    std::optional<std::int64_t> last_rotated;  // epoch seconds; nullopt for N/A
    std::optional<std::int64_t> last_used;
    std::string last_used_region;   // empty for N/A
    std::string last_used_service;  // empty for N/A
};

struct CertInfo {
    bool active = false;
    std::optional<std::int64_t> last_rotated;
};

struct CredentialRecord {
    std::string user;  // "<root_account>" for the root row
    std::string arn;
    bool root = false;
    std::optional<std::int64_t> user_creation_time;
    Flag password_enabled = Flag::kFalse;  // kNotApplicable: "not_supported" (root)
    std::optional<std::int64_t> password_last_used;
    // The password was never used, or not since IAM began tracking (October 2014).
    bool password_last_used_no_information = false;
    std::optional<std::int64_t> password_last_changed;
    std::optional<std::int64_t> password_next_rotation;
    bool mfa_active = false;
    AccessKeyInfo access_keys[2];
    CertInfo certs[2];
    std::uint32_t line = 0;  // in the file
};

struct CredentialReport {
    std::vector<CredentialRecord> records;
    core::Diagnostics diagnostics;  // errors name file:line; a bad row is skipped, the rest kept
};

// Reads the CSV (RFC 4180 quoting). The header must hold the 22 documented columns; they are
// found by name, so a reordered or extended header reads too.
[[nodiscard]] CredentialReport read_credential_report(std::string_view csv,
                                                      const std::string& file);

// "2024-01-02T03:04:05+00:00" (or "Z", or another offset) -> epoch seconds; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_iso8601(std::string_view text);

}  // namespace wasp::iam
