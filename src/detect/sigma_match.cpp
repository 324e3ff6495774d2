// Matching one CloudTrail event against a compiled Sigma detection. Runs on every event of every
// reading thread: no allocation once the context's buffers have grown, cheapest tests first.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <arpa/inet.h>

#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

namespace dom = simdjson::dom;

// Deeper structures than this are not searched (CloudTrail events nest a handful of levels).
constexpr int kMaxDepth = 32;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// a, compared case-insensitively with b (already lower case).
bool eq_folded(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != b[i]) return false;
    }
    return true;
}

std::string_view fold_into(std::string& buf, std::string_view s) {
    buf.assign(s);
    ascii_lower(buf);
    return buf;
}

// '*' matches any run of bytes, '?' one character (a whole UTF-8 sequence).
bool glob(std::string_view text, const Value& v) {
    const std::string& p = v.text;
    std::size_t t = 0, i = 0, star = std::string::npos, resume = 0;
    auto char_len = [&](std::size_t at) -> std::size_t {
        const auto b = static_cast<unsigned char>(text[at]);
        const std::size_t n = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        return std::min(n, text.size() - at);
    };
    while (t < text.size()) {
        if (i < p.size() && v.wild[i] == kWildStar) {
            star = i++;
            resume = t;
        } else if (i < p.size() && v.wild[i] == kWildOne) {
            ++i;
            t += char_len(t);
        } else if (i < p.size() && p[i] == text[t]) {
            ++i;
            ++t;
        } else if (star != std::string::npos) {
            i = star + 1;
            resume += char_len(resume);
            t = resume;
        } else {
            return false;
        }
    }
    while (i < p.size() && v.wild[i] == kWildStar) ++i;
    return i == p.size();
}

// text against a string value; folded, when given, is text in lower case already.
bool match_string(const Value& v,
                  std::string_view text,
                  MatchContext& ctx,
                  std::string_view* folded) {
    const std::string& s = v.text;
    if (v.cased) {
        switch (v.mode) {
            case StrMode::kAny:
                return true;
            case StrMode::kExact:
                return text == s;
            case StrMode::kPrefix:
                return text.starts_with(s);
            case StrMode::kSuffix:
                return text.ends_with(s);
            case StrMode::kContains:
                return text.find(s) != std::string_view::npos;
            case StrMode::kGlob:
                return glob(text, v);
        }
        return false;
    }
    switch (v.mode) {
        case StrMode::kAny:
            return true;
        case StrMode::kExact:
            return eq_folded(text, s);
        case StrMode::kPrefix:
            return text.size() >= s.size() && eq_folded(text.substr(0, s.size()), s);
        case StrMode::kSuffix:
            return text.size() >= s.size() && eq_folded(text.substr(text.size() - s.size()), s);
        case StrMode::kContains:
            if (text.size() < s.size()) return false;
            return (folded ? *folded : fold_into(ctx.fold, text)).find(s) != std::string_view::npos;
        case StrMode::kGlob:
            return glob(folded ? *folded : fold_into(ctx.fold, text), v);
    }
    return false;
}

bool match_regex(const Value& v,
                 std::string_view text,
                 MatchContext& ctx,
                 std::string_view* folded) {
    if (!v.re_literal.empty()) {
        if (!v.re_literal_folded) {
            if (text.find(v.re_literal) == std::string_view::npos) return false;
        } else if ((folded ? *folded : fold_into(ctx.fold, text)).find(v.re_literal) ==
                   std::string_view::npos) {
            return false;
        }
    }
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *v.re);
}

bool match_cidr(const Cidr& c, std::string_view text) {
    char buf[64];
    if (text.empty() || text.size() >= sizeof(buf)) return false;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    std::array<std::uint8_t, 16> addr{};
    if (inet_pton(c.v6 ? AF_INET6 : AF_INET, buf, addr.data()) != 1) return false;
    const int whole = c.bits / 8, rest = c.bits % 8;
    if (std::memcmp(addr.data(), c.addr.data(), static_cast<std::size_t>(whole)) != 0) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (addr[static_cast<std::size_t>(whole)] & mask) ==
           (c.addr[static_cast<std::size_t>(whole)] & mask);
}

bool compare(double a, NumOp op, double b) {
    switch (op) {
        case NumOp::kEq:
            return a == b;
        case NumOp::kLt:
            return a < b;
        case NumOp::kLte:
            return a <= b;
        case NumOp::kGt:
            return a > b;
        case NumOp::kGte:
            return a >= b;
    }
    return false;
}

// Days since 1970-01-01 of a date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// A part of a time (UTC); ISO 8601 week numbers.
std::optional<double> time_part(std::string_view text, TimePart part) {
    const std::int64_t ms = parse_time(text);
    if (ms == kNoTime) return std::nullopt;
    const std::int64_t days = floor_div(ms, 86'400'000);
    const std::int64_t in_day = ms - days * 86'400'000;
    std::int64_t y = 0;
    int m = 0, d = 0;
    civil_from_days(days, y, m, d);
    switch (part) {
        case TimePart::kMinute:
            return static_cast<double>(in_day / 60'000 % 60);
        case TimePart::kHour:
            return static_cast<double>(in_day / 3'600'000);
        case TimePart::kDay:
            return d;
        case TimePart::kMonth:
            return m;
        case TimePart::kYear:
            return static_cast<double>(y);
        case TimePart::kWeek: {
            // Monday is 0; 1970-01-01 was a Thursday. A week belongs to its Thursday's year.
            const std::int64_t weekday = ((days + 3) % 7 + 7) % 7;
            const std::int64_t thursday = days - weekday + 3;
            std::int64_t ty = 0;
            int tm = 0, td = 0;
            civil_from_days(thursday, ty, tm, td);
            return static_cast<double>((thursday - days_from_civil(ty, 1, 1)) / 7 + 1);
        }
        case TimePart::kNone:
            break;
    }
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
    double d = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
    return d;
}

// Number text as JSON writes it (shortest round trip for doubles).
std::string_view number_text(dom::element el, char (&buf)[40]) {
    char* end = buf;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    if (el.get(i) == simdjson::SUCCESS) {
        end = std::to_chars(buf, buf + sizeof(buf), i).ptr;
    } else if (el.get(u) == simdjson::SUCCESS) {
        end = std::to_chars(buf, buf + sizeof(buf), u).ptr;
    } else if (el.get(d) == simdjson::SUCCESS) {
        end = std::to_chars(buf, buf + sizeof(buf), d).ptr;
    }
    return {buf, static_cast<std::size_t>(end - buf)};
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static constexpr char kHex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += kHex[(c >> 4) & 0xF];
                    out += kHex[c & 0xF];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// Compact JSON of a value into out (which keeps its capacity between events).
void write_json(dom::element el, std::string& out, int depth) {
    char buf[40];
    switch (el.type()) {
        case dom::element_type::OBJECT: {
            if (depth > kMaxDepth) {
                out += "{}";
                return;
            }
            out += '{';
            bool first = true;
            for (auto field : dom::object(el)) {
                if (!first) out += ',';
                first = false;
                append_json_string(out, field.key);
                out += ':';
                write_json(field.value, out, depth + 1);
            }
            out += '}';
            return;
        }
        case dom::element_type::ARRAY: {
            if (depth > kMaxDepth) {
                out += "[]";
                return;
            }
            out += '[';
            bool first = true;
            for (auto item : dom::array(el)) {
                if (!first) out += ',';
                first = false;
                write_json(item, out, depth + 1);
            }
            out += ']';
            return;
        }
        case dom::element_type::STRING:
            append_json_string(out, std::string_view(el));
            return;
        case dom::element_type::INT64:
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
            out += number_text(el, buf);
            return;
        case dom::element_type::BOOL:
            out += bool(el) ? "true" : "false";
            return;
        case dom::element_type::NULL_VALUE:
            out += "null";
            return;
    }
}

// A value against the text of a scalar.
bool match_text(const Value& v,
                std::string_view text,
                MatchContext& ctx,
                std::string_view* folded) {
    switch (v.test) {
        case ValueTest::kString:
            return match_string(v, text, ctx, folded);
        case ValueTest::kRegex:
            return match_regex(v, text, ctx, folded);
        case ValueTest::kCidr:
            return match_cidr(v.cidr, text);
        case ValueTest::kNumber: {
            auto n = v.part != TimePart::kNone ? time_part(text, v.part) : parse_number(text);
            return n && compare(*n, v.op, v.number);
        }
        case ValueTest::kFieldRef:
            return false;  // compared in match_field, which knows the other field
    }
    return false;
}

// A value against one element found at the field's path: a scalar by its text; an array if
// any element matches; an object by its compact JSON text or any value inside it.
bool match_element(const Value& v, dom::element el, MatchContext& ctx, int depth) {
    char buf[40];
    switch (el.type()) {
        case dom::element_type::STRING:
            return match_text(v, std::string_view(el), ctx, nullptr);
        case dom::element_type::INT64:
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
            if (v.test == ValueTest::kNumber && v.part == TimePart::kNone) {
                double d = 0;
                if (el.get(d) != simdjson::SUCCESS) {
                    auto n = parse_number(number_text(el, buf));
                    if (!n) return false;
                    d = *n;
                }
                return compare(d, v.op, v.number);
            }
            return match_text(v, number_text(el, buf), ctx, nullptr);
        case dom::element_type::BOOL:
            return match_text(v, bool(el) ? "true" : "false", ctx, nullptr);
        case dom::element_type::NULL_VALUE:
            return false;
        case dom::element_type::ARRAY:
            if (depth > kMaxDepth) return false;
            for (auto item : dom::array(el)) {
                if (match_element(v, item, ctx, depth + 1)) return true;
            }
            return false;
        case dom::element_type::OBJECT:
            if (depth > kMaxDepth) return false;
            if (v.test == ValueTest::kString || v.test == ValueTest::kRegex) {
                ctx.json.clear();
                write_json(el, ctx.json, depth);
                if (match_text(v, ctx.json, ctx, nullptr)) return true;
            }
            for (auto field : dom::object(el)) {
                if (match_element(v, field.value, ctx, depth + 1)) return true;
            }
            return false;
    }
    return false;
}

void collect(dom::element el,
             const FieldPath& p,
             std::size_t i,
             std::vector<dom::element>& out,
             bool& found,
             int depth) {
    if (depth > kMaxDepth) return;
    if (i == p.steps.size()) {
        found = true;
        out.push_back(el);
        return;
    }
    if (el.type() == dom::element_type::ARRAY) {
        for (auto item : dom::array(el)) collect(item, p, i, out, found, depth + 1);
        return;
    }
    if (el.type() != dom::element_type::OBJECT) return;
    const dom::object obj(el);
    dom::element child;
    if (obj[p.steps[i]].get(child) == simdjson::SUCCESS) {
        collect(child, p, i + 1, out, found, depth + 1);
    } else if (i + 1 < p.steps.size() && obj[p.rests[i]].get(child) == simdjson::SUCCESS) {
        collect(child, p, p.steps.size(), out, found, depth + 1);  // a key with dots in it
    }
}

// The value of a path's first step in the event: a CloudTrail member from what fill() found,
// another key looked up once per event (many rules ask for the same few top-level objects).
bool top_element(MatchContext& ctx, const FieldPath& p, dom::element& out) {
    const Event& e = *ctx.event;
    if (p.member >= 0) {
        const auto m = static_cast<Member>(p.member);
        if (!e.has(m)) return false;
        out = e.member(m);
        return true;
    }
    if (p.top_slot < 0) return e.record[p.steps[0]].get(out) == simdjson::SUCCESS;
    auto& entry = ctx.top[static_cast<std::size_t>(p.top_slot)];
    if (entry.generation != ctx.generation) {
        entry.generation = ctx.generation;
        entry.present = e.record[p.steps[0]].get(entry.element) == simdjson::SUCCESS;
    }
    out = entry.element;
    return entry.present;
}

// collect() from the event's top level, its first step found by top_element().
void collect_field(MatchContext& ctx,
                   const FieldPath& p,
                   std::vector<dom::element>& out,
                   bool& found) {
    if (p.steps.empty()) {
        collect(ctx.event->record, p, 0, out, found, 0);
        return;
    }
    dom::element first;
    if (top_element(ctx, p, first)) {
        collect(first, p, 1, out, found, 1);
    } else if (p.steps.size() > 1) {
        dom::element child;
        if (ctx.event->record[p.rests[0]].get(child) == simdjson::SUCCESS) {
            collect(child, p, p.steps.size(), out, found, 1);  // a key with dots in it
        }
    }
}

std::string_view common_value(CommonField f, const Event& e) {
    switch (f) {
        case CommonField::kNone:
            return {};
        case CommonField::kEventName:
            return e.event_name;
        case CommonField::kEventSource:
            return e.event_source;
        case CommonField::kEventId:
            return e.event_id;
        case CommonField::kRegion:
            return e.aws_region;
        case CommonField::kSourceIp:
            return e.source_ip;
        case CommonField::kErrorCode:
            return e.error_code;
    }
    return {};
}

// The scalar text of an element for a field reference; false for objects, arrays and null.
bool scalar_text(dom::element el, char (&buf)[40], std::string_view& out) {
    switch (el.type()) {
        case dom::element_type::STRING:
            out = std::string_view(el);
            return true;
        case dom::element_type::INT64:
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
            out = number_text(el, buf);
            return true;
        case dom::element_type::BOOL:
            out = bool(el) ? "true" : "false";
            return true;
        default:
            return false;
    }
}

// |fieldref: the field's value compared with the other field's, as the value's mode says.
bool match_fieldref(const Value& v, dom::element el, MatchContext& ctx) {
    char a_buf[40], b_buf[40];
    std::string_view a;
    if (!scalar_text(el, a_buf, a)) return false;
    ctx.refs.clear();
    bool found = false;
    collect_field(ctx, v.ref, ctx.refs, found);
    for (dom::element r : ctx.refs) {
        std::string_view b;
        if (!scalar_text(r, b_buf, b)) continue;
        if (!v.cased) {
            a = fold_into(ctx.fold, a);
            b = fold_into(ctx.json, b);
        }
        const bool hit = v.mode == StrMode::kExact    ? a == b
                         : v.mode == StrMode::kPrefix ? a.starts_with(b)
                         : v.mode == StrMode::kSuffix ? a.ends_with(b)
                                                      : a.find(b) != std::string_view::npos;
        if (hit) return true;
    }
    return false;
}

bool match_one(const Value& v, dom::element el, MatchContext& ctx) {
    return v.test == ValueTest::kFieldRef ? match_fieldref(v, el, ctx)
                                          : match_element(v, el, ctx, 0);
}

bool any_null(const std::vector<dom::element>& elems) {
    return std::any_of(elems.begin(), elems.end(), [](dom::element e) { return e.is_null(); });
}

bool match_values(const FieldTest& t, MatchContext& ctx) {
    const auto& elems = ctx.elems;
    auto any_elem = [&](const Value& v) {
        for (dom::element el : elems) {
            if (match_one(v, el, ctx)) return true;
        }
        return false;
    };
    if (t.negate) {
        if (elems.empty() || any_null(elems)) return false;
        return std::none_of(t.values.begin(), t.values.end(), any_elem);
    }
    if (t.all) return std::all_of(t.values.begin(), t.values.end(), any_elem);
    return std::any_of(t.values.begin(), t.values.end(), any_elem);
}

// Keywords: found anywhere in the event's JSON text.
bool match_keyword(const FieldTest& t, MatchContext& ctx) {
    const Event& e = *ctx.event;
    if (!ctx.raw_ready) {
        ctx.raw_text.clear();
        if (e.raw.empty()) write_json(e.record, ctx.raw_text, 0);  // a caller without the text
        ctx.raw_folded.assign(e.raw.empty() ? std::string_view(ctx.raw_text) : e.raw);
        ascii_lower(ctx.raw_folded);
        ctx.raw_ready = true;
    }
    std::string_view folded = ctx.raw_folded;
    const std::string_view raw = e.raw.empty() ? std::string_view(ctx.raw_text) : e.raw;
    auto one = [&](const Value& v) { return match_text(v, raw, ctx, &folded); };
    if (t.all) return std::all_of(t.values.begin(), t.values.end(), one);
    return std::any_of(t.values.begin(), t.values.end(), one);
}

bool match_field(const FieldTest& t, MatchContext& ctx) {
    if (t.path.steps.empty()) return match_keyword(t, ctx);
    const Event& e = *ctx.event;
    // fill() read these already; an empty one may still be present (as "" or not a string).
    const std::string_view common =
        t.refs_field ? std::string_view() : common_value(t.path.common, e);
    if (!common.empty()) {
        switch (t.kind) {
            case FieldKind::kExists:
                return true;
            case FieldKind::kNotExists:
            case FieldKind::kNull:
                return false;
            case FieldKind::kValues:
                break;
        }
        if (t.path.common == CommonField::kEventName && !t.negate && !t.all) {
            // The lower-cased name is cached per event; most rules compare it exactly.
            for (const auto& v : t.values) {
                if (v.test == ValueTest::kString && v.mode == StrMode::kExact && !v.cased) {
                    if (ctx.folded_name == v.text) return true;
                } else if (match_text(v, common, ctx, &ctx.folded_name)) {
                    return true;
                }
            }
            return false;
        }
        auto one = [&](const Value& v) { return match_text(v, common, ctx, nullptr); };
        if (t.negate) return std::none_of(t.values.begin(), t.values.end(), one);
        if (t.all) return std::all_of(t.values.begin(), t.values.end(), one);
        return std::any_of(t.values.begin(), t.values.end(), one);
    }
    ctx.elems.clear();
    bool found = false;
    collect_field(ctx, t.path, ctx.elems, found);
    switch (t.kind) {
        case FieldKind::kExists:
            return found;
        case FieldKind::kNotExists:
            return !found;
        case FieldKind::kNull:
            return !found || any_null(ctx.elems);
        case FieldKind::kValues:
            break;
    }
    if (t.or_null && !t.negate && (!found || any_null(ctx.elems))) return true;
    return match_values(t, ctx);
}

bool match_search(const Search& s, MatchContext& ctx) {
    for (const auto& clause : s.clauses) {
        bool all = true;
        for (const auto& t : clause.tests) {
            if (!match_field(t, ctx)) {
                all = false;
                break;
            }
        }
        if (all) return true;
    }
    return false;
}

bool eval(const Cond& c, const Detection& d, MatchContext& ctx) {
    switch (c.op) {
        case Cond::Op::kSearch:
            return match_search(d.searches[c.search], ctx);
        case Cond::Op::kNot:
            return !eval(c.kids.front(), d, ctx);
        case Cond::Op::kAnd:
            for (const auto& k : c.kids) {
                if (!eval(k, d, ctx)) return false;
            }
            return true;
        case Cond::Op::kOr:
            for (const auto& k : c.kids) {
                if (eval(k, d, ctx)) return true;
            }
            return false;
    }
    return false;
}

}  // namespace

void MatchContext::reset(const Event& e, std::size_t top_slots) {
    event = &e;
    raw_ready = false;
    if (top.size() < top_slots) top.resize(top_slots);
    ++generation;
    name_buf.assign(e.event_name);
    ascii_lower(name_buf);
    folded_name = name_buf;
}

bool detection_matches(const Detection& d, MatchContext& ctx) { return eval(d.condition, d, ctx); }

bool field_text(const Event& e,
                const FieldPath& path,
                std::string& out,
                std::vector<dom::element>& elems) {
    elems.clear();
    bool found = false;
    dom::element first;
    if (path.member < 0 || path.steps.empty()) {
        collect(e.record, path, 0, elems, found, 0);
    } else if (e.has(static_cast<Member>(path.member))) {
        collect(e.member(static_cast<Member>(path.member)), path, 1, elems, found, 1);
    } else if (path.steps.size() > 1 && e.record[path.rests[0]].get(first) == simdjson::SUCCESS) {
        collect(first, path, path.steps.size(), elems, found, 1);  // a key with dots in it
    }
    for (dom::element el : elems) {
        while (el.type() == dom::element_type::ARRAY) {
            dom::array arr(el);
            if (arr.size() == 0) break;
            el = *arr.begin();
        }
        char buf[40];
        std::string_view text;
        if (scalar_text(el, buf, text)) {
            out.assign(text);
            return true;
        }
        if (el.type() == dom::element_type::OBJECT || el.type() == dom::element_type::ARRAY) {
            out.clear();
            write_json(el, out, 0);
            return true;
        }
    }
    return false;
}

void append_json(dom::element el, std::string& out) { write_json(el, out, 0); }
void append_json_text(std::string_view s, std::string& out) { append_json_string(out, s); }

EventRef event_ref(const Event& e) {
    EventRef r;
    r.event_id = std::string(e.event_id);
    r.event_time = std::string(e.event_time);
    r.event_name = std::string(e.event_name);
    r.event_source = std::string(e.event_source);
    r.principal = std::string(principal(e));
    r.source_ip = std::string(e.source_ip);
    r.region = std::string(e.aws_region);
    r.account = std::string(e.recipient_account_id);
    r.user_agent = std::string(e.user_agent);
    r.error_code = std::string(e.error_code);
    r.file = std::string(e.file);
    r.index = e.index;
    r.json_lines = e.json_lines;
    r.time_ms = e.time_ms;
    return r;
}

}  // namespace wasp::detect
