#include "iam/credential_report.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace wasp::iam {
namespace {

constexpr std::array<std::string_view, 22> kColumns = {
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
};

void error(CredentialReport& r, const std::string& file, std::uint32_t line, std::string msg) {
    core::Diagnostic d;
    d.level = core::DiagLevel::kError;
    d.code = "iam-credential-report";
    d.message = std::move(msg);
    d.location.file = file;
    d.location.mark = core::Mark{line, 1};
    r.diagnostics.push_back(std::move(d));
}

// Splits one record starting at pos; advances pos past its line end. Counts lines consumed.
// Returns false on an unterminated quote.
bool next_row(std::string_view csv,
              std::size_t& pos,
              std::vector<std::string>& fields,
              std::uint32_t& lines) {
    fields.clear();
    std::string cur;
    bool quoted = false;
    lines = 1;
    while (pos < csv.size()) {
        char c = csv[pos++];
        if (quoted) {
            if (c == '"') {
                if (pos < csv.size() && csv[pos] == '"') {
                    cur += '"';
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++lines;
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(cur));
            cur.clear();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            cur += c;
        }
    }
    fields.push_back(std::move(cur));
    return !quoted;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool num(std::string_view s, std::size_t at, std::size_t len, int& out) {
    if (at + len > s.size()) return false;
    for (std::size_t i = at; i < at + len; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
    return ec == std::errc{};
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!num(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !num(s, 5, 2, mo) || s[7] != '-' ||
        !num(s, 8, 2, d) || s[10] != 'T' || !num(s, 11, 2, h) || s[13] != ':' ||
        !num(s, 14, 2, mi) || s[16] != ':' || !num(s, 17, 2, se)) {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    }
    std::int64_t offset = 0;
    if (i < s.size() && s[i] == 'Z') {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int oh = 0, om = 0;
        if (!num(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !num(s, i + 4, 2, om))
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
           h * 3600 + mi * 60 + se - offset;
}

CredentialReport read_credential_report(std::string_view csv, const std::string& file) {
    CredentialReport report;
    if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
    std::size_t pos = 0;
    std::vector<std::string> fields;
    std::uint32_t line = 1;
    std::uint32_t consumed = 0;
    if (!next_row(csv, pos, fields, consumed)) {
        error(report, file, line, "unterminated quoted field in the header");
        return report;
    }
    std::array<std::size_t, kColumns.size()> index{};
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        std::size_t found = fields.size();
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (fields[f] == kColumns[c]) found = f;
        }
        if (found == fields.size()) {
            error(
                report, file, line,
                "not a credential report: the header lacks the column " + std::string(kColumns[c]));
            return report;
        }
        index[c] = found;
    }
    line += consumed;
    while (pos < csv.size()) {
        std::uint32_t row_line = line;
        bool ok = next_row(csv, pos, fields, consumed);
        line += consumed;
        if (!ok) {
            error(report, file, row_line, "unterminated quoted field");
            break;
        }
        if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
        if (fields.size() < index.size() ||
            *std::max_element(index.begin(), index.end()) >= fields.size()) {
            error(report, file, row_line,
                  "row has " + std::to_string(fields.size()) + " fields, fewer than the header");
            continue;
        }
        auto col = [&](std::size_t c) -> const std::string& { return fields[index[c]]; };
        std::string problem;
        auto time = [&](std::size_t c) -> std::optional<std::int64_t> {
            const std::string& v = col(c);
            if (v == "N/A" || v == "no_information" || v == "not_supported" || v.empty())
                return std::nullopt;
            auto t = parse_iso8601(v);
            if (!t && problem.empty())
                problem = std::string(kColumns[c]) + " is not a time: \"" + v + "\"";
            return t;
        };
        auto boolean = [&](std::size_t c) -> bool {
            const std::string& v = col(c);
            if (v == "true") return true;
            if (v != "false" && v != "N/A" && v != "not_supported" && problem.empty())
                problem = std::string(kColumns[c]) + " is not true or false: \"" + v + "\"";
            return false;
        };
        CredentialRecord r;
        r.line = row_line;
        r.user = col(0);
        r.arn = col(1);
        r.root = r.user == "<root_account>";
        r.user_creation_time = time(2);
        const std::string& pe = col(3);
        r.password_enabled = pe == "true"    ? Flag::kTrue
                             : pe == "false" ? Flag::kFalse
                                             : Flag::kNotApplicable;
        if (pe != "true" && pe != "false" && pe != "not_supported" && pe != "N/A" &&
            problem.empty())
            problem = "password_enabled is not true, false or not_supported: \"" + pe + "\"";
        r.password_last_used_no_information = col(4) == "no_information";
        r.password_last_used = time(4);
        r.password_last_changed = time(5);
        r.password_next_rotation = time(6);
        r.mfa_active = boolean(7);
        for (std::size_t k = 0; k < 2; ++k) {
            std::size_t b = 8 + k * 5;
            r.access_keys[k].active = boolean(b);
            r.access_keys[k].last_rotated = time(b + 1);
            r.access_keys[k].last_used = time(b + 2);
            if (col(b + 3) != "N/A") r.access_keys[k].last_used_region = col(b + 3);
            if (col(b + 4) != "N/A") r.access_keys[k].last_used_service = col(b + 4);
        }
        for (std::size_t k = 0; k < 2; ++k) {
            r.certs[k].active = boolean(18 + k * 2);
            r.certs[k].last_rotated = time(19 + k * 2);
        }
        if (r.user.empty() || r.arn.empty()) problem = "row without user or arn";
        if (!problem.empty()) {
            error(report, file, row_line, problem + "; the row is skipped");
            continue;
        }
        report.records.push_back(std::move(r));
    }
    return report;
}

}  // namespace wasp::iam
