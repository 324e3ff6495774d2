// ISO 8601 times to and from milliseconds since the epoch.
#include "core/time.h"

#include <cstddef>

namespace wasp::core {
namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// The date of a day number (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

void append_padded(std::string& out, int v, int width) {
    std::string digits = std::to_string(v);
    if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
    out += digits;
}

}  // namespace

std::optional<std::int64_t> parse_iso_time_ms(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec)) {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    std::size_t i = 19;
    int ms = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        int scale = 100;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ms += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
    }
    std::int64_t offset_min = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int oh = 0, om = 0;
        const bool minus = s[i] == '-';
        if (!digits(s, i + 1, 2, oh)) return std::nullopt;
        std::size_t j = i + 3;
        if (j < s.size() && s[j] == ':') ++j;
        if (!digits(s, j, 2, om)) return std::nullopt;
        offset_min = (oh * 60 + om) * (minus ? -1 : 1);
        i = j + 2;
    }
    if (i != s.size()) return std::nullopt;
    const std::int64_t days = days_from_civil(y, mo, d);
    const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    return secs * 1000 + ms;
}

std::string format_iso_time_ms(std::int64_t ms) {
    std::int64_t secs = ms / 1000;
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {
        millis += 1000;
        --secs;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    int y = 0, m = 0, d = 0;
    civil_from_days(days, y, m, d);
    std::string out;
    out.reserve(24);
    append_padded(out, y, 4);
    out += '-';
    append_padded(out, m, 2);
    out += '-';
    append_padded(out, d, 2);
    out += 'T';
    append_padded(out, static_cast<int>(rem / 3600), 2);
    out += ':';
    append_padded(out, static_cast<int>(rem / 60 % 60), 2);
    out += ':';
    append_padded(out, static_cast<int>(rem % 60), 2);
    if (millis != 0) {
        out += '.';
        append_padded(out, millis, 3);
    }
    out += 'Z';
    return out;
}

}  // namespace wasp::core
