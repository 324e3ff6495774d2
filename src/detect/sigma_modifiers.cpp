// Sigma values and their modifiers: wildcards and escapes, the transformations (contains,
// windash, UTF-16, base64, expand) and the typed tests (re, cidr, numbers, exists, fieldref).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <arpa/inet.h>

#include "core/node.h"
#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

using core::Mark;
using core::Node;
using core::NodeKind;

// Above this many values one field test expands to (windash permutations), a rule is refused.
constexpr std::size_t kMaxExpansion = 4096;

// A string with wildcards: w[i] is kWildStar or kWildOne where s[i] is a wildcard.
struct Pattern {
    std::string s;
    std::vector<std::uint8_t> w;

    void lit(char c) {
        s += c;
        w.push_back(0);
    }
    void lit(std::string_view t) {
        for (char c : t) lit(c);
    }
    void wildcard(std::uint8_t kind) {
        s += kind == kWildStar ? '*' : '?';
        w.push_back(kind);
    }
    [[nodiscard]] bool has_wildcards() const {
        return std::any_of(w.begin(), w.end(), [](std::uint8_t x) { return x != 0; });
    }
};

// Sigma escaping: a backslash makes the next '*', '?' or '\' plain; any other backslash is plain.
Pattern parse_pattern(std::string_view raw) {
    Pattern p;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\\' && i + 1 < raw.size() &&
            (raw[i + 1] == '*' || raw[i + 1] == '?' || raw[i + 1] == '\\')) {
            p.lit(raw[++i]);
        } else if (c == '*') {
            p.wildcard(kWildStar);
        } else if (c == '?') {
            p.wildcard(kWildOne);
        } else {
            p.lit(c);
        }
    }
    return p;
}

enum class Transform : std::uint8_t {
    kContains,
    kStartsWith,
    kEndsWith,
    kWindash,
    kUtf16Le,
    kUtf16Be,
    kUtf16,
    kBase64,
    kBase64Offset,
};

// The modifiers of one key, in the order written.
struct Modifiers {
    std::vector<Transform> transforms;
    bool all = false;
    bool cased = false;
    bool expand = false;
    bool re = false;
    bool re_i = false, re_m = false, re_s = false;
    bool cidr = false;
    bool exists = false;
    bool fieldref = false;
    bool neq = false;
    std::optional<NumOp> compare;
    TimePart part = TimePart::kNone;
};

Modifiers parse_modifiers(std::string_view list, Mark mark) {
    Modifiers m;
    bool typed = false;  // a type modifier was seen: transformations may no longer follow
    auto set_type = [&](std::string_view name) {
        if (m.re || m.cidr || m.exists || m.fieldref || m.compare) {
            throw SigmaError{"modifier '" + std::string(name) +
                                 "' cannot be combined with another type modifier",
                             mark};
        }
        typed = true;
    };
    while (!list.empty()) {
        const std::size_t bar = list.find('|');
        const std::string_view name = list.substr(0, bar);
        list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
        auto transform = [&](Transform t) {
            const bool mode = t == Transform::kContains || t == Transform::kStartsWith ||
                              t == Transform::kEndsWith;
            if (typed && !(m.fieldref && mode)) {
                throw SigmaError{"modifier '" + std::string(name) + "' after a type modifier",
                                 mark};
            }
            m.transforms.push_back(t);
        };
        if (name == "contains") {
            transform(Transform::kContains);
        } else if (name == "startswith") {
            transform(Transform::kStartsWith);
        } else if (name == "endswith") {
            transform(Transform::kEndsWith);
        } else if (name == "windash") {
            transform(Transform::kWindash);
        } else if (name == "wide" || name == "utf16le") {
            transform(Transform::kUtf16Le);
        } else if (name == "utf16be") {
            transform(Transform::kUtf16Be);
        } else if (name == "utf16") {
            transform(Transform::kUtf16);
        } else if (name == "base64") {
            transform(Transform::kBase64);
        } else if (name == "base64offset") {
            transform(Transform::kBase64Offset);
        } else if (name == "all") {
            m.all = true;
        } else if (name == "cased") {
            m.cased = true;
        } else if (name == "expand") {
            m.expand = true;
        } else if (name == "neq") {
            m.neq = true;
        } else if (name == "re") {
            set_type(name);
            m.re = true;
        } else if (name == "i" || name == "m" || name == "s") {
            if (!m.re) {
                throw SigmaError{"modifier '" + std::string(name) + "' must follow 're'", mark};
            }
            (name == "i" ? m.re_i : name == "m" ? m.re_m : m.re_s) = true;
        } else if (name == "cidr") {
            set_type(name);
            m.cidr = true;
        } else if (name == "exists") {
            set_type(name);
            m.exists = true;
        } else if (name == "fieldref") {
            set_type(name);
            m.fieldref = true;
        } else if (name == "gt" || name == "gte" || name == "lt" || name == "lte") {
            set_type(name);
            m.compare = name == "gt"    ? NumOp::kGt
                        : name == "gte" ? NumOp::kGte
                        : name == "lt"  ? NumOp::kLt
                                        : NumOp::kLte;
        } else if (name == "minute" || name == "hour" || name == "day" || name == "week" ||
                   name == "month" || name == "year") {
            if (m.part != TimePart::kNone || typed) {
                throw SigmaError{"modifier '" + std::string(name) + "' in this position", mark};
            }
            m.part = name == "minute"  ? TimePart::kMinute
                     : name == "hour"  ? TimePart::kHour
                     : name == "day"   ? TimePart::kDay
                     : name == "week"  ? TimePart::kWeek
                     : name == "month" ? TimePart::kMonth
                                       : TimePart::kYear;
        } else if (name.empty()) {
            throw SigmaError{"empty modifier", mark, true};
        } else {
            throw SigmaError{"unknown modifier '" + std::string(name) + "'", mark};
        }
    }
    const bool transforms = !m.transforms.empty();
    auto only_mode = [&] {
        return std::all_of(m.transforms.begin(), m.transforms.end(), [](Transform t) {
            return t == Transform::kContains || t == Transform::kStartsWith ||
                   t == Transform::kEndsWith;
        });
    };
    if ((m.re || m.cidr || m.exists || m.compare || m.part != TimePart::kNone) && transforms) {
        throw SigmaError{
            "a value transformation (contains, base64, ...) cannot be combined with "
            "re, cidr, exists, gt/gte/lt/lte or a time part",
            mark};
    }
    if (m.fieldref && !only_mode()) {
        throw SigmaError{"fieldref combines only with contains, startswith and endswith", mark};
    }
    if (m.expand && (m.re || m.cidr || m.exists || m.fieldref || m.compare)) {
        throw SigmaError{"expand applies to plain string values only", mark};
    }
    return m;
}

// --- Transformations ---------------------------------------------------------------------------

void add_wildcard_ends(Pattern& p, bool front, bool back) {
    if (front && (p.w.empty() || p.w.front() != kWildStar)) {
        p.s.insert(p.s.begin(), '*');
        p.w.insert(p.w.begin(), kWildStar);
    }
    if (back && (p.w.empty() || p.w.back() != kWildStar)) p.wildcard(kWildStar);
}

// The five characters windash makes interchangeable, as UTF-8.
constexpr std::string_view kDashes[] = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};

// Length of the dash at i of p's literal text, or 0.
std::size_t dash_at(const Pattern& p, std::size_t i) {
    for (std::string_view d : kDashes) {
        if (p.s.compare(i, d.size(), d) == 0 &&
            std::all_of(p.w.begin() + static_cast<std::ptrdiff_t>(i),
                        p.w.begin() + static_cast<std::ptrdiff_t>(i + d.size()),
                        [](std::uint8_t x) { return x == 0; })) {
            return d.size();
        }
    }
    return 0;
}

std::vector<Pattern> windash(const Pattern& p, Mark mark) {
    std::vector<Pattern> out{Pattern{}};
    for (std::size_t i = 0; i < p.s.size();) {
        if (const std::size_t n = dash_at(p, i)) {
            if (out.size() * std::size(kDashes) > kMaxExpansion) {
                throw SigmaError{"windash expands the value to more than " +
                                     std::to_string(kMaxExpansion) + " values",
                                 mark};
            }
            std::vector<Pattern> next;
            next.reserve(out.size() * std::size(kDashes));
            for (const auto& o : out) {
                for (std::string_view d : kDashes) {
                    Pattern q = o;
                    q.lit(d);
                    next.push_back(std::move(q));
                }
            }
            out = std::move(next);
            i += n;
        } else {
            for (auto& o : out) {
                o.s += p.s[i];
                o.w.push_back(p.w[i]);
            }
            ++i;
        }
    }
    return out;
}

// Decodes one UTF-8 sequence at i (a stray byte decodes as itself).
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len <= 1 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return b;
    }
    char32_t cp = b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return b;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

Pattern utf16(const Pattern& p, bool big_endian, bool bom) {
    Pattern out;
    auto unit = [&](unsigned u) {
        const char hi = static_cast<char>((u >> 8) & 0xFF), lo = static_cast<char>(u & 0xFF);
        out.lit(big_endian ? hi : lo);
        out.lit(big_endian ? lo : hi);
    };
    if (bom) unit(0xFEFF);
    for (std::size_t i = 0; i < p.s.size();) {
        if (p.w[i] != 0) {
            out.wildcard(p.w[i]);
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < p.s.size() && p.w[j] == 0) ++j;
        const std::string_view run(p.s.data() + i, j - i);
        for (std::size_t k = 0; k < run.size();) {
            const char32_t cp = next_code_point(run, k);
            if (cp >= 0x10000) {
                const unsigned v = static_cast<unsigned>(cp) - 0x10000;
                unit(0xD800 + (v >> 10));
                unit(0xDC00 + (v & 0x3FF));
            } else {
                unit(static_cast<unsigned>(cp));
            }
        }
        i = j;
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 0x3F];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 0x3F];
        out += kAlphabet[(v >> 12) & 0x3F];
        out += rest == 2 ? kAlphabet[(v >> 6) & 0x3F] : '=';
        out += '=';
    }
    return out;
}

const std::string& no_wildcards(const Pattern& p, std::string_view modifier, Mark mark) {
    if (p.has_wildcards()) {
        throw SigmaError{std::string(modifier) + " of a value with wildcards", mark};
    }
    return p.s;
}

// The three encodings of a value that may sit at any offset inside base64 text: for a shift of
// 0, 1 or 2 bytes, the characters that also depend on the unknown neighbouring bytes are cut.
std::vector<Pattern> base64_offsets(const std::string& value) {
    std::vector<Pattern> out;
    for (std::size_t shift = 0; shift < 3; ++shift) {
        const std::string encoded = base64(std::string(shift, '\0') + value);
        const std::size_t cut_front = shift == 0 ? 0 : shift == 1 ? 2 : 3;
        const std::size_t tail = (value.size() + shift) % 3;
        const std::size_t cut_back = tail == 0 ? 0 : tail == 1 ? 3 : 2;
        if (encoded.size() <= cut_front + cut_back) continue;
        Pattern p;
        p.lit(std::string_view(encoded).substr(cut_front, encoded.size() - cut_front - cut_back));
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<Pattern> apply(const std::vector<Transform>& transforms, Pattern p, Mark mark) {
    std::vector<Pattern> values{std::move(p)};
    for (Transform t : transforms) {
        std::vector<Pattern> next;
        for (auto& v : values) {
            switch (t) {
                case Transform::kContains:
                    add_wildcard_ends(v, true, true);
                    next.push_back(std::move(v));
                    break;
                case Transform::kStartsWith:
                    add_wildcard_ends(v, false, true);
                    next.push_back(std::move(v));
                    break;
                case Transform::kEndsWith:
                    add_wildcard_ends(v, true, false);
                    next.push_back(std::move(v));
                    break;
                case Transform::kWindash:
                    for (auto& w : windash(v, mark)) next.push_back(std::move(w));
                    break;
                case Transform::kUtf16Le:
                    next.push_back(utf16(v, false, false));
                    break;
                case Transform::kUtf16Be:
                    next.push_back(utf16(v, true, false));
                    break;
                case Transform::kUtf16:
                    next.push_back(utf16(v, false, true));
                    break;
                case Transform::kBase64: {
                    Pattern q;
                    q.lit(base64(no_wildcards(v, "base64", mark)));
                    next.push_back(std::move(q));
                    break;
                }
                case Transform::kBase64Offset:
                    for (auto& q : base64_offsets(no_wildcards(v, "base64offset", mark))) {
                        next.push_back(std::move(q));
                    }
                    break;
            }
            if (next.size() > kMaxExpansion) {
                throw SigmaError{"the modifiers expand the value to more than " +
                                     std::to_string(kMaxExpansion) + " values",
                                 mark};
            }
        }
        values = std::move(next);
    }
    return values;
}

// --- Values ------------------------------------------------------------------------------------

// The literal of a pattern whose only wildcards are '*' at its ends, with where they are.
Value string_value(Pattern p, bool cased) {
    Value v;
    v.cased = cased;
    if (!cased) {
        for (std::size_t i = 0; i < p.s.size(); ++i) {
            if (p.w[i] == 0 && p.s[i] >= 'A' && p.s[i] <= 'Z')
                p.s[i] = static_cast<char>(p.s[i] + 32);
        }
    }
    std::size_t first = 0, last = p.s.size();
    const bool lead = first < last && p.w[first] == kWildStar;
    while (first < last && p.w[first] == kWildStar) ++first;
    const bool trail = last > first && p.w[last - 1] == kWildStar;
    while (last > first && p.w[last - 1] == kWildStar) --last;
    const bool inner = std::any_of(p.w.begin() + static_cast<std::ptrdiff_t>(first),
                                   p.w.begin() + static_cast<std::ptrdiff_t>(last),
                                   [](std::uint8_t x) { return x != 0; });
    if (inner) {
        v.mode = StrMode::kGlob;
        v.text = std::move(p.s);
        v.wild = std::move(p.w);
        return v;
    }
    v.text = p.s.substr(first, last - first);
    if (v.text.empty() && (lead || trail)) {
        v.mode = StrMode::kAny;
    } else {
        v.mode = lead && trail ? StrMode::kContains
                 : lead        ? StrMode::kSuffix
                 : trail       ? StrMode::kPrefix
                               : StrMode::kExact;
    }
    return v;
}

// Replaces %name% placeholders by each of their values (a backslash keeps a '%' plain).
std::vector<std::string> expand(std::string_view raw, const SigmaOptions& options, Mark mark) {
    std::vector<std::string> out{std::string()};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '%') {
            for (auto& o : out) o += '%';
            ++i;
            continue;
        }
        if (raw[i] != '%') {
            for (auto& o : out) o += raw[i];
            continue;
        }
        const std::size_t end = raw.find('%', i + 1);
        if (end == std::string_view::npos) {
            throw SigmaError{"unterminated placeholder in '" + std::string(raw) + "'", mark};
        }
        const std::string_view name = raw.substr(i + 1, end - i - 1);
        auto it = options.placeholders.find(name);
        if (it == options.placeholders.end() || it->second.empty()) {
            throw SigmaError{"placeholder %" + std::string(name) +
                                 "% has no value (|expand needs the placeholder's values)",
                             mark};
        }
        std::vector<std::string> next;
        for (const auto& o : out) {
            for (const auto& v : it->second) next.push_back(o + v);
        }
        if (next.size() > kMaxExpansion) {
            throw SigmaError{"placeholders expand to too many values", mark};
        }
        out = std::move(next);
        i = end;
    }
    return out;
}

std::optional<double> number_of(const Node& n) {
    if (n.kind() != NodeKind::kNumber && n.kind() != NodeKind::kString) return std::nullopt;
    const std::string& t = n.text();
    double d = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
    if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

bool parse_cidr(std::string_view text, Cidr& out) {
    const std::size_t slash = text.find('/');
    const std::string addr(text.substr(0, slash));
    out.v6 = addr.find(':') != std::string::npos;
    if (inet_pton(out.v6 ? AF_INET6 : AF_INET, addr.c_str(), out.addr.data()) != 1) return false;
    const int max = out.v6 ? 128 : 32;
    out.bits = max;
    if (slash != std::string_view::npos) {
        const std::string_view b = text.substr(slash + 1);
        auto [p, ec] = std::from_chars(b.data(), b.data() + b.size(), out.bits);
        if (ec != std::errc() || p != b.data() + b.size() || out.bits < 0 || out.bits > max) {
            return false;
        }
    }
    return true;
}

// A substring every match of a regular expression contains: the longest run of plain
// characters in its top-level sequence, none of them optional. Empty when there is none or the
// pattern has a top-level alternation.
std::string required_literal(std::string_view re) {
    std::string best, run;
    auto flush = [&] {
        if (run.size() > best.size()) best = run;
        run.clear();
    };
    auto skip_class = [&](std::size_t i) {  // i at '['; returns the index of its ']'
        std::size_t j = i + 1;
        if (j < re.size() && re[j] == '^') ++j;
        if (j < re.size() && re[j] == ']') ++j;
        while (j < re.size() && re[j] != ']') j += re[j] == '\\' ? 2 : 1;
        return j;
    };
    for (std::size_t i = 0; i < re.size(); ++i) {
        const char c = re[i];
        if (c == '|') return {};
        if (c == '[') {
            flush();
            i = skip_class(i);
        } else if (c == '(') {
            flush();
            int depth = 0;
            for (; i < re.size(); ++i) {
                if (re[i] == '\\') {
                    ++i;
                } else if (re[i] == '[') {
                    i = skip_class(i);
                } else if (re[i] == '(') {
                    ++depth;
                } else if (re[i] == ')' && --depth == 0) {
                    break;
                }
            }
        } else if (c == '*' || c == '?' || c == '{') {
            // The atom before is optional (or repeated a count that may be zero).
            if (!run.empty()) run.pop_back();
            flush();
            if (c == '{') {
                while (i < re.size() && re[i] != '}') ++i;
            }
        } else if (c == '+') {
            flush();
        } else if (c == '.' || c == '^' || c == '$' || c == ')') {
            flush();
        } else if (c == '\\') {
            if (i + 1 >= re.size()) return {};
            const char d = re[i + 1];
            if (std::isalnum(static_cast<unsigned char>(d))) {
                flush();  // a class (\d, \w), an anchor (\b) or a code (\x41): not one plain char
                ++i;
            } else {
                run += d;
                ++i;
            }
        } else {
            run += c;
        }
        // A lazy or possessive suffix after a quantifier changes nothing here.
    }
    flush();
    return best;
}

Value regex_value(const std::string& pattern, const Modifiers& m, Mark mark) {
    std::string flags;
    if (m.re_i) flags += 'i';
    if (m.re_m) flags += 'm';
    if (m.re_s) flags += 's';
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    auto re = std::make_shared<const RE2>(flags.empty() ? pattern : "(?" + flags + ")" + pattern,
                                          options);
    if (!re->ok()) {
        throw SigmaError{"regular expression '" + pattern + "' is not supported: " + re->error(),
                         mark};
    }
    Value v;
    v.test = ValueTest::kRegex;
    v.text = pattern;
    v.re = std::move(re);
    v.re_literal = required_literal(pattern);
    if (m.re_i) {
        const bool ascii = std::all_of(v.re_literal.begin(), v.re_literal.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (!ascii) v.re_literal.clear();
        ascii_lower(v.re_literal);
        v.re_literal_folded = true;
    }
    if (v.re_literal.size() < 2) v.re_literal.clear();
    return v;
}

int value_cost(const Value& v) {
    switch (v.test) {
        case ValueTest::kRegex:
            return 12;
        case ValueTest::kFieldRef:
            return 6;
        case ValueTest::kCidr:
        case ValueTest::kNumber:
            return 3;
        case ValueTest::kString:
            return v.mode == StrMode::kGlob ? 4 : v.mode == StrMode::kContains ? 2 : 1;
    }
    return 1;
}

// A keyword is found anywhere in the event, so its value is never anchored.
void keywordize(Value& v) {
    if (v.test != ValueTest::kString) return;
    if (v.mode == StrMode::kExact || v.mode == StrMode::kPrefix || v.mode == StrMode::kSuffix) {
        v.mode = StrMode::kContains;
    } else if (v.mode == StrMode::kGlob) {
        if (v.wild.front() != kWildStar) {
            v.text.insert(v.text.begin(), '*');
            v.wild.insert(v.wild.begin(), kWildStar);
        }
        if (v.wild.back() != kWildStar) {
            v.text += '*';
            v.wild.push_back(kWildStar);
        }
    }
}

void finish(FieldTest& t) {
    t.cost = t.path.steps.empty() ? 40 : t.path.common != CommonField::kNone ? 0 : 2;
    t.cost += static_cast<int>(t.path.steps.size());
    for (const auto& v : t.values) {
        t.cost += value_cost(v);
        t.refs_field = t.refs_field || v.test == ValueTest::kFieldRef;
    }
}

// Compiles the values of one key once its modifiers are known.
void compile_values(FieldTest& t,
                    const Modifiers& m,
                    const std::vector<const Node*>& nodes,
                    const SigmaOptions& options,
                    Mark mark) {
    t.all = m.all;
    t.negate = m.neq;
    for (const Node* n : nodes) {
        if (n->is_null()) {
            t.or_null = true;
            continue;
        }
        if (!n->is_scalar()) throw SigmaError{"a value must be a scalar", n->mark(), true};
        const Mark at = n->mark();
        if (m.re) {
            t.values.push_back(regex_value(n->text(), m, at));
        } else if (m.cidr) {
            Value v;
            v.test = ValueTest::kCidr;
            v.text = n->text();
            if (!parse_cidr(n->text(), v.cidr)) {
                throw SigmaError{"'" + n->text() + "' is not an IPv4 or IPv6 CIDR range", at};
            }
            t.values.push_back(std::move(v));
        } else if (m.compare || m.part != TimePart::kNone) {
            auto d = number_of(*n);
            if (!d) throw SigmaError{"'" + n->text() + "' is not a number", at};
            Value v;
            v.test = ValueTest::kNumber;
            v.op = m.compare.value_or(NumOp::kEq);
            v.number = *d;
            v.part = m.part;
            v.text = n->text();
            t.values.push_back(std::move(v));
        } else if (m.fieldref) {
            if (n->text().empty()) throw SigmaError{"fieldref needs a field name", at};
            Pattern p;
            p.lit(n->text());
            for (auto& q : apply(m.transforms, std::move(p), at)) {
                Value v = string_value(std::move(q), true);
                v.test = ValueTest::kFieldRef;
                v.cased = m.cased;
                v.ref = make_path(v.text);
                t.values.push_back(std::move(v));
            }
        } else {
            std::vector<std::string> raws =
                m.expand ? expand(n->text(), options, at) : std::vector<std::string>{n->text()};
            for (const auto& raw : raws) {
                for (auto& q : apply(m.transforms, parse_pattern(raw), at)) {
                    t.values.push_back(string_value(std::move(q), m.cased));
                }
            }
        }
        if (t.values.size() > kMaxExpansion) {
            throw SigmaError{
                "the field test has more than " + std::to_string(kMaxExpansion) + " values", mark};
        }
    }
    if (t.values.empty()) t.kind = FieldKind::kNull;
}

}  // namespace

void ascii_lower(std::string& s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
}

FieldPath make_path(std::string_view text) {
    FieldPath p;
    p.text = std::string(text);
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        const std::size_t dot = text.find('.', start);
        p.steps.emplace_back(text.substr(start, dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        std::string rest = p.steps[i];
        for (std::size_t j = i + 1; j < p.steps.size(); ++j) rest += "." + p.steps[j];
        p.rests.push_back(std::move(rest));
    }
    static const std::pair<std::string_view, CommonField> kCommon[] = {
        {"eventName", CommonField::kEventName},      {"eventSource", CommonField::kEventSource},
        {"eventID", CommonField::kEventId},          {"awsRegion", CommonField::kRegion},
        {"sourceIPAddress", CommonField::kSourceIp}, {"errorCode", CommonField::kErrorCode},
    };
    for (auto [name, field] : kCommon) {
        if (text == name) p.common = field;
    }
    if (!p.steps.empty()) {
        if (const auto m = member_of(p.steps[0])) p.member = static_cast<std::int8_t>(*m);
    }
    return p;
}

FieldTest compile_field(std::string_view key,
                        Mark key_mark,
                        const Node& value,
                        const SigmaOptions& options) {
    const std::size_t bar = key.find('|');
    FieldTest t;
    t.path = make_path(key.substr(0, bar));
    const Modifiers m = parse_modifiers(
        bar == std::string_view::npos ? std::string_view() : key.substr(bar + 1), key_mark);
    std::vector<const Node*> nodes;
    if (value.is_sequence()) {
        for (const auto& item : value.items()) nodes.push_back(&item);
        if (nodes.empty()) throw SigmaError{"'" + std::string(key) + "' has no values", key_mark};
    } else if (value.is_mapping()) {
        throw SigmaError{"the value of '" + std::string(key) + "' is a mapping", value.mark(),
                         true};
    } else {
        nodes.push_back(&value);
    }
    if (m.exists) {
        auto b = nodes.size() == 1 ? nodes[0]->as_bool() : std::nullopt;
        if (!b || nodes[0]->kind() != NodeKind::kBool) {
            throw SigmaError{"exists takes true or false", value.mark()};
        }
        t.kind = *b ? FieldKind::kExists : FieldKind::kNotExists;
    } else {
        compile_values(t, m, nodes, options, key_mark);
    }
    if (t.path.steps.empty()) {
        if (m.exists || m.fieldref || t.kind == FieldKind::kNull || t.or_null) {
            throw SigmaError{"a keyword cannot be null, exists or fieldref", key_mark};
        }
        for (auto& v : t.values) keywordize(v);
    }
    finish(t);
    return t;
}

FieldTest compile_keywords(const std::vector<const Node*>& values) {
    FieldTest t;
    for (const Node* n : values) {
        if (!n->is_scalar()) throw SigmaError{"a keyword must be a scalar", n->mark(), true};
        Value v = string_value(parse_pattern(n->text()), false);
        keywordize(v);
        t.values.push_back(std::move(v));
    }
    finish(t);
    return t;
}

}  // namespace wasp::detect
