// IP address parsing and the ip2asn range table.
#include "detect/ip2asn.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/file.h"

namespace wasp::detect {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::uint32_t> parse_v4(std::string_view s) {
    std::uint32_t out = 0;
    std::size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i >= s.size() || s[i] != '.') return std::nullopt;
            ++i;
        }
        std::uint32_t v = 0;
        std::size_t n = 0;
        while (i < s.size() && is_digit(s[i])) {
            v = v * 10 + static_cast<std::uint32_t>(s[i] - '0');
            ++i;
            if (++n > 3) return std::nullopt;
        }
        if (n == 0 || v > 255) return std::nullopt;
        out = (out << 8) | v;
    }
    if (i != s.size()) return std::nullopt;
    return out;
}

IpAddress from_groups(const std::array<std::uint16_t, 8>& g) {
    IpAddress ip;
    for (int i = 0; i < 4; ++i) ip.hi = (ip.hi << 16) | g[static_cast<std::size_t>(i)];
    for (int i = 4; i < 8; ++i) ip.lo = (ip.lo << 16) | g[static_cast<std::size_t>(i)];
    return ip;
}

IpAddress from_v4(std::uint32_t v4) {
    IpAddress ip;
    ip.lo = (std::uint64_t{0xffff} << 32) | v4;
    return ip;
}

std::optional<IpAddress> parse_v6(std::string_view s) {
    if (const auto zone = s.find('%'); zone != std::string_view::npos) s = s.substr(0, zone);
    if (s.size() < 2 || s.size() > 45) return std::nullopt;
    std::array<std::uint16_t, 8> groups{};
    std::size_t n = 0;
    std::size_t gap = 8;  // index where "::" stands; 8 when there is none
    std::size_t i = 0;
    if (s[0] == ':') {
        if (s[1] != ':') return std::nullopt;
        gap = 0;
        i = 2;
    }
    while (i < s.size()) {
        const std::size_t colon = s.find(':', i);
        const std::string_view tok =
            s.substr(i, colon == std::string_view::npos ? std::string_view::npos : colon - i);
        if (tok.find('.') != std::string_view::npos) {  // an IPv4 tail, last
            const auto v4 = parse_v4(tok);
            if (!v4 || colon != std::string_view::npos || n > 6) return std::nullopt;
            groups[n++] = static_cast<std::uint16_t>(*v4 >> 16);
            groups[n++] = static_cast<std::uint16_t>(*v4 & 0xffffu);
            break;
        }
        if (tok.empty() || tok.size() > 4 || n >= 8) return std::nullopt;
        unsigned v = 0;
        for (char c : tok) {
            const int h = hex_value(c);
            if (h < 0) return std::nullopt;
            v = (v << 4) | static_cast<unsigned>(h);
        }
        groups[n++] = static_cast<std::uint16_t>(v);
        if (colon == std::string_view::npos) break;
        i = colon + 1;
        if (i < s.size() && s[i] == ':') {
            if (gap != 8) return std::nullopt;  // a second "::"
            gap = n;
            ++i;
        } else if (i == s.size()) {
            return std::nullopt;  // a trailing single ':'
        }
    }
    if (gap == 8) {
        if (n != 8) return std::nullopt;
    } else {
        if (n >= 8) return std::nullopt;  // "::" must stand for at least one group
        const std::size_t tail = n - gap;
        for (std::size_t k = 0; k < tail; ++k) groups[7 - k] = groups[n - 1 - k];
        for (std::size_t k = gap; k < 8 - tail; ++k) groups[k] = 0;
    }
    return from_groups(groups);
}

void append_hex(std::string& out, std::uint16_t v) {
    char buf[8];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
    out.append(buf, r.ptr);
}

// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::".
std::string format_v6(const std::array<std::uint16_t, 8>& g) {
    std::size_t best = 8, best_len = 0;
    for (std::size_t i = 0; i < 8;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
        i = j;
    }
    std::string out;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        append_hex(out, g[i]);
    }
    return out;
}

std::string_view next_field(std::string_view line, std::size_t& pos) {
    if (pos > line.size()) return {};  // past the last field
    const std::size_t tab = line.find('\t', pos);
    const std::size_t end = tab == std::string_view::npos ? line.size() : tab;
    const std::string_view f = line.substr(pos, end - pos);
    pos = tab == std::string_view::npos ? line.size() + 1 : tab + 1;
    return f;
}

// A range end: an address, or (ip2asn-v4-u32) an IPv4 address as a decimal integer.
std::optional<IpAddress> parse_bound(std::string_view s) {
    if (!s.empty() && std::all_of(s.begin(), s.end(), is_digit)) {
        std::uint64_t v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v > 0xffffffffu) {
            return std::nullopt;
        }
        return from_v4(static_cast<std::uint32_t>(v));
    }
    return parse_ip(s);
}

bool is_country(std::string_view s) {
    return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
    if (text.find(':') != std::string_view::npos) return parse_v6(text);
    if (const auto v4 = parse_v4(text)) return from_v4(*v4);
    return std::nullopt;
}

std::string network_of(const IpAddress& ip) {
    if (ip.is_v4()) {
        const std::uint32_t v = ip.v4();
        std::string out;
        for (int shift = 24; shift >= 8; shift -= 8) {
            out += std::to_string((v >> shift) & 0xffu);
            out += '.';
        }
        out += "0/24";
        return out;
    }
    std::array<std::uint16_t, 8> g{};
    g[0] = static_cast<std::uint16_t>(ip.hi >> 48);
    g[1] = static_cast<std::uint16_t>(ip.hi >> 32);
    g[2] = static_cast<std::uint16_t>(ip.hi >> 16);
    return format_v6(g) + "/48";
}

std::uint32_t Ip2Asn::intern(std::string_view name) {
    std::string key(name);
    const auto it = name_index_.find(key);
    if (it != name_index_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.push_back(key);
    name_index_.emplace(std::move(key), id);
    return id;
}

std::size_t Ip2Asn::load(std::string_view text, std::string_view file, core::Diagnostics& diags) {
    std::size_t added = 0, bad = 0;
    std::uint32_t line_no = 0;
    auto report = [&](std::uint32_t line, std::string msg) {
        if (++bad > kMaxLineDiagnostics) return;
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "ip2asn-syntax";
        d.message = std::move(msg);
        d.location.file = std::string(file);
        d.location.mark = core::Mark{line, 1};
        diags.push_back(std::move(d));
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        if (ranges_.size() >= kMaxRanges) {
            report(line_no, "more than " + std::to_string(kMaxRanges) +
                                " ranges; the rest of the file is ignored");
            break;
        }
        std::size_t f = 0;
        const auto start = parse_bound(next_field(line, f));
        const auto end = parse_bound(next_field(line, f));
        const std::string_view asn_text = next_field(line, f);
        const std::string_view country = next_field(line, f);
        const std::string_view name = f <= line.size() ? line.substr(f) : std::string_view();
        std::uint32_t asn = 0;
        const auto r = std::from_chars(asn_text.data(), asn_text.data() + asn_text.size(), asn);
        if (!start || !end || *end < *start || start->is_v4() != end->is_v4()) {
            report(line_no, "not an address range (range_start, range_end)");
            continue;
        }
        if (asn_text.empty() || r.ec != std::errc() || r.ptr != asn_text.data() + asn_text.size()) {
            report(line_no, "AS number is not a 32-bit number");
            continue;
        }
        if (asn == 0) continue;  // "Not routed": no one announces the range
        Range range;
        range.start = *start;
        range.end = *end;
        range.asn = asn;
        range.name = intern(name.substr(0, 256));
        if (is_country(country)) range.country[0] = country[0], range.country[1] = country[1];
        ranges_.push_back(range);
        ++added;
    }
    if (bad > kMaxLineDiagnostics) {
        core::Diagnostic d;
        d.level = core::DiagLevel::kWarning;
        d.code = "ip2asn-syntax";
        d.message = std::to_string(bad - kMaxLineDiagnostics) + " more lines were not ranges";
        d.location.file = std::string(file);
        diags.push_back(std::move(d));
    }
    std::stable_sort(ranges_.begin(), ranges_.end(),
                     [](const Range& a, const Range& b) { return a.start < b.start; });
    asn_names_.clear();
    for (const Range& range : ranges_) asn_names_.emplace_back(range.asn, range.name);
    std::stable_sort(asn_names_.begin(), asn_names_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    asn_names_.erase(std::unique(asn_names_.begin(), asn_names_.end(),
                                 [](const auto& a, const auto& b) { return a.first == b.first; }),
                     asn_names_.end());
    return added;
}

bool Ip2Asn::load_file(const std::filesystem::path& path, core::Diagnostics& diags) {
    auto fail = [&](std::string msg) {
        core::Diagnostic d;
        d.code = "ip2asn-read";
        d.message = std::move(msg);
        d.location.file = path.string();
        diags.push_back(std::move(d));
        return false;
    };
    auto data = core::read_file(path, kMaxBytes);
    if (!data) return fail(data.error());
    if (path.extension() == ".gz") {
        auto text = core::gunzip(*data, kMaxBytes);
        if (!text) return fail(text.error());
        if (text->size() >= kMaxBytes) {
            return fail("decompresses to more than " + std::to_string(kMaxBytes >> 20) + " MiB");
        }
        *data = std::move(*text);
    }
    load(*data, path.string(), diags);
    return true;
}

std::optional<AsnInfo> Ip2Asn::lookup(const IpAddress& ip) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), ip,
                               [](const IpAddress& a, const Range& r) { return a < r.start; });
    if (it == ranges_.begin()) return std::nullopt;
    --it;
    if (ip > it->end) return std::nullopt;
    AsnInfo info;
    info.asn = it->asn;
    if (it->country[0] != 0) info.country = std::string_view(it->country, 2);
    info.name = names_[it->name];
    return info;
}

std::string_view Ip2Asn::name_of(std::uint32_t asn) const {
    const auto it =
        std::lower_bound(asn_names_.begin(), asn_names_.end(), asn,
                         [](const auto& entry, std::uint32_t a) { return entry.first < a; });
    if (it == asn_names_.end() || it->first != asn) return {};
    return names_[it->second];
}

}  // namespace wasp::detect
