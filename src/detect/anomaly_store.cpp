// The baseline file: versioned JSON, one profile per line, read back with positions for every
// problem. The file may come from anywhere, so sizes are bounded and nothing in it is trusted:
// sets are sorted again, numbers checked, a bad profile is left out with a diagnostic.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/file.h"
#include "core/json_writer.h"
#include "core/parse.h"
#include "core/time.h"
#include "detect/anomaly.h"
#include "detect/event.h"

namespace wasp::detect {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

constexpr std::size_t kMaxTextBytes = kMaxKeyBytes;  // a key, type, account or value
constexpr std::size_t kMaxDepth = 32;                // the format nests 4 deep

std::string_view kind_name(ProfileKind k) {
    return k == ProfileKind::kAccount ? "account" : "principal";
}

void write_unsigned(core::JsonWriter& w, std::string_view key, std::uint64_t n) {
    w.key(key);
    w.raw_number(std::to_string(n));
}

std::string profile_json(const Profile& p) {
    core::JsonWriter w(core::JsonWriter::Style::kCompact);
    w.begin_object();
    w.field("kind", kind_name(p.kind));
    w.field("key", p.key);
    if (!p.type.empty()) w.field("type", p.type);
    if (!p.account.empty()) w.field("account", p.account);
    write_unsigned(w, "events", p.events);
    write_unsigned(w, "denied", p.denied);
    if (p.events > 0) {
        w.field("first", core::format_iso_time_ms(p.first_ms));
        w.field("last", core::format_iso_time_ms(p.last_ms));
    }
    w.key("days");
    w.begin_array();
    for (const std::int32_t d : p.days) w.number(std::int64_t{d});
    w.end_array();
    if (p.older_days > 0) write_unsigned(w, "older_days", p.older_days);
    w.key("hours");
    w.begin_array();
    for (const HourCount& h : p.hours) {
        w.begin_array();
        w.number(std::int64_t{h.hour});
        w.number(std::int64_t{h.events});
        w.number(std::int64_t{h.denied});
        w.end_array();
    }
    w.end_array();
    if (p.folded.hours > 0) {
        w.key("folded");
        w.begin_object();
        write_unsigned(w, "hours", p.folded.hours);
        w.key("mean");
        w.number(p.folded.mean);
        w.key("m2");
        w.number(p.folded.m2);
        write_unsigned(w, "max_events", p.folded.max_events);
        write_unsigned(w, "max_denied", p.folded.max_denied);
        write_unsigned(w, "denied", p.folded.denied);
        w.end_object();
    }
    w.key("values");
    w.begin_object();
    for (std::size_t d = 0; d < kDimensionCount; ++d) {
        if (p.values[d].values.empty()) continue;
        w.key(to_string(static_cast<Dimension>(d)));
        w.begin_array();
        for (const std::string& v : p.values[d].values) w.string(v);
        w.end_array();
    }
    w.end_object();
    bool any_capped = false;
    for (const ValueSet& s : p.values) any_capped = any_capped || s.capped;
    if (any_capped) {
        w.key("capped");
        w.begin_array();
        for (std::size_t d = 0; d < kDimensionCount; ++d) {
            if (p.values[d].capped) w.string(to_string(static_cast<Dimension>(d)));
        }
        w.end_array();
    }
    w.end_object();
    return w.take();
}

bool fatal(error_code e) {
    return e != simdjson::SUCCESS && e != simdjson::INCORRECT_TYPE && e != simdjson::NUMBER_ERROR &&
           e != simdjson::NUMBER_OUT_OF_RANGE && e != simdjson::STRING_ERROR;
}

// Calls each(key, value) for the members of o, in order. A member whose key or value breaks the
// document ends the walk with that error, as does an error each returns.
template <class Each>
error_code for_each_member(od::object o, Each&& each) {
    for (auto member : o) {
        od::field f;
        if (const error_code e = std::move(member).get(f)) return e;
        std::string_view key;
        if (const error_code e = f.unescaped_key().get(key)) return e;
        if (const error_code e = each(key, f.value())) return e;
    }
    return simdjson::SUCCESS;
}

class Reader {
  public:
    Reader(std::string_view text,
           std::string_view file,
           core::Diagnostics& diags,
           const BaselineLimits& limits)
        : json_(text),
          size_(text.size()),
          file_(file),
          diags_(diags),
          limits_(limits),
          lines_(std::string_view(json_.data(), json_.size())) {}

    std::optional<Baseline> read();

  private:
    // Each returns SUCCESS, or the error of a broken document that ends the read. A value of
    // the wrong type or out of range is reported and clears ok_ (the profile is left out).
    error_code root(od::object o, Baseline& b);
    error_code profile(od::value v, Profile& p);
    error_code text(od::value v, std::string_view what, std::string& out);
    error_code count(od::value v, std::string_view what, std::uint64_t& out);
    error_code time(od::value v, std::string_view what, std::int64_t& out);
    error_code days(od::value v, Profile& p);
    error_code hours(od::value v, Profile& p);
    error_code hour(od::value v, HourCount& h);
    error_code folded(od::value v, HourStats& s);
    error_code values(od::value v, Profile& p);
    error_code capped(od::value v, Profile& p);
    error_code check(error_code e, const char* at, std::string_view what, std::string_view wants);

    static const char* at(od::value& v) { return v.raw_json_token().data(); }
    void report(const char* at,
                std::string message,
                std::string_view code = "baseline-profile",
                core::DiagLevel level = core::DiagLevel::kError);
    std::optional<Baseline> broken(error_code e);

    simdjson::padded_string json_;
    std::size_t size_;
    std::string_view file_;
    core::Diagnostics& diags_;
    const BaselineLimits& limits_;
    core::LineCounter lines_;
    od::parser parser_;
    od::document doc_;
    bool started_ = false;
    bool ok_ = true;  // the profile being read is sound so far
    std::string_view format_;
    std::int64_t version_ = -1;
    std::vector<const char*> where_;  // of each profile kept, in file order
};

void Reader::report(const char* where,
                    std::string message,
                    std::string_view code,
                    core::DiagLevel level) {
    core::Diagnostic d;
    d.level = level;
    d.code = std::string(code);
    d.message = std::move(message);
    d.location.file = std::string(file_);
    if (where != nullptr && where >= json_.data() && where <= json_.data() + size_) {
        d.location.mark = lines_.at(static_cast<std::size_t>(where - json_.data()));
    }
    diags_.push_back(std::move(d));
}

std::optional<Baseline> Reader::broken(error_code e) {
    const char* where = json_.data() + size_;
    const char* loc = nullptr;
    if (started_ && doc_.current_location().get(loc) == simdjson::SUCCESS && loc != nullptr) {
        where = loc;
    }
    std::string msg = e == simdjson::DEPTH_ERROR
                          ? "JSON nested more than " + std::to_string(kMaxDepth) + " levels deep"
                          : std::string("not valid JSON: ") + simdjson::error_message(e);
    report(where, "anomaly baseline: " + msg, "baseline-syntax");
    return std::nullopt;
}

error_code Reader::check(error_code e,
                         const char* where,
                         std::string_view what,
                         std::string_view wants) {
    if (e == simdjson::SUCCESS || fatal(e)) return e;
    report(where, std::string(what) + " must be " + std::string(wants));
    ok_ = false;
    return simdjson::SUCCESS;
}

error_code Reader::text(od::value v, std::string_view what, std::string& out) {
    const char* where = at(v);
    std::string_view s;
    const error_code e = v.get_string().get(s);
    if (e != simdjson::SUCCESS) return check(e, where, what, "a string");
    if (s.size() > kMaxTextBytes) {
        report(where,
               std::string(what) + " is longer than " + std::to_string(kMaxTextBytes) + " bytes");
        ok_ = false;
        return simdjson::SUCCESS;
    }
    out = s;
    return simdjson::SUCCESS;
}

error_code Reader::count(od::value v, std::string_view what, std::uint64_t& out) {
    const char* where = at(v);
    return check(v.get_uint64().get(out), where, what, "a whole number from 0 to 2^64-1");
}

error_code Reader::time(od::value v, std::string_view what, std::int64_t& out) {
    const char* where = at(v);
    std::string_view s;
    const error_code e = v.get_string().get(s);
    if (e != simdjson::SUCCESS) return check(e, where, what, "an ISO 8601 time");
    const auto t = core::parse_iso_time_ms(s);
    if (!t || *t < 0 || *t > kLatestTimeMs) {
        report(where, std::string(what) + " must be an ISO 8601 time from 1970 to 9999, not \"" +
                          std::string(s.substr(0, 40)) + "\"");
        ok_ = false;
        return simdjson::SUCCESS;
    }
    out = *t;
    return simdjson::SUCCESS;
}

error_code Reader::days(od::value v, Profile& p) {
    const char* where = at(v);
    od::array arr;
    if (const error_code e = v.get_array().get(arr)) return check(e, where, "days", "an array");
    std::size_t n = 0;
    for (auto item : arr) {
        od::value d;
        if (const error_code e = std::move(item).get(d)) return e;
        const char* dat = at(d);
        std::int64_t day = 0;
        const error_code e = d.get_int64().get(day);
        if (e != simdjson::SUCCESS) {
            if (const error_code f = check(e, dat, "a day", "a whole number")) return f;
            continue;
        }
        if (++n > Profile::kMaxDays || day < std::numeric_limits<std::int32_t>::min() / 24 ||
            day > std::numeric_limits<std::int32_t>::max() / 24) {
            if (n == Profile::kMaxDays + 1) {
                report(dat, "more than " + std::to_string(Profile::kMaxDays) + " days");
            } else if (n <= Profile::kMaxDays) {
                report(dat, "a day out of range");
            }
            ok_ = false;
            continue;
        }
        p.days.push_back(static_cast<std::int32_t>(day));
    }
    std::sort(p.days.begin(), p.days.end());
    p.days.erase(std::unique(p.days.begin(), p.days.end()), p.days.end());
    return simdjson::SUCCESS;
}

error_code Reader::hour(od::value v, HourCount& h) {
    const char* where = at(v);
    od::array arr;
    if (const error_code e = v.get_array().get(arr)) {
        return check(e, where, "an hour", "[hour, events, denied]");
    }
    std::int64_t parts[3] = {0, 0, 0};
    std::size_t n = 0;
    bool good = true;
    for (auto item : arr) {
        od::value x;
        if (const error_code e = std::move(item).get(x)) return e;
        if (n < 3 && good) {
            const error_code e = x.get_int64().get(parts[n]);
            if (fatal(e)) return e;
            good = e == simdjson::SUCCESS;
        }
        ++n;
    }
    if (!good || n != 3 || parts[0] < std::numeric_limits<std::int32_t>::min() ||
        parts[0] > std::numeric_limits<std::int32_t>::max() || parts[1] < 0 || parts[2] < 0 ||
        parts[1] > 0xffffffffLL || parts[2] > parts[1]) {
        report(where, "an hour must be [hour since the epoch, events, denied calls]");
        ok_ = false;
        return simdjson::SUCCESS;
    }
    h = HourCount{static_cast<std::int32_t>(parts[0]), static_cast<std::uint32_t>(parts[1]),
                  static_cast<std::uint32_t>(parts[2])};
    return simdjson::SUCCESS;
}

error_code Reader::hours(od::value v, Profile& p) {
    const char* where = at(v);
    od::array arr;
    if (const error_code e = v.get_array().get(arr)) return check(e, where, "hours", "an array");
    bool too_many = false;
    for (auto item : arr) {
        od::value x;
        if (const error_code e = std::move(item).get(x)) return e;
        HourCount h;
        const bool was_ok = ok_;
        if (const error_code e = hour(x, h)) return e;
        if (ok_ != was_ok) continue;
        if (p.hours.size() == Profile::kMaxHours) {
            if (!too_many)
                report(where, "more than " + std::to_string(Profile::kMaxHours) + " hours");
            too_many = true;
            ok_ = false;
            continue;
        }
        p.hours.push_back(h);
    }
    std::sort(p.hours.begin(), p.hours.end(),
              [](const HourCount& a, const HourCount& b) { return a.hour < b.hour; });
    for (std::size_t i = 1; i < p.hours.size(); ++i) {
        if (p.hours[i].hour == p.hours[i - 1].hour) {
            report(where, "hour " + std::to_string(p.hours[i].hour) + " is listed twice");
            ok_ = false;
            break;
        }
    }
    return simdjson::SUCCESS;
}

error_code Reader::folded(od::value v, HourStats& s) {
    const char* where = at(v);
    od::object o;
    if (const error_code e = v.get_object().get(o)) return check(e, where, "folded", "an object");
    const error_code walked = for_each_member(o, [&](std::string_view key, od::value x) {
        const char* xat = at(x);
        error_code e = simdjson::SUCCESS;
        if (key == "hours") {
            e = count(x, "folded.hours", s.hours);
        } else if (key == "max_events") {
            e = count(x, "folded.max_events", s.max_events);
        } else if (key == "max_denied") {
            e = count(x, "folded.max_denied", s.max_denied);
        } else if (key == "denied") {
            e = count(x, "folded.denied", s.denied);
        } else if (key == "mean" || key == "m2") {
            double d = 0;
            e = check(x.get_double().get(d), xat, key, "a number");
            if (e == simdjson::SUCCESS && !(std::isfinite(d) && d >= 0)) {
                report(xat, "folded." + std::string(key) + " must be a finite number, 0 or more");
                ok_ = false;
            }
            (key == "mean" ? s.mean : s.m2) = d;
        }
        return e;
    });
    if (walked) return walked;
    if (s.hours == 0 &&
        (s.mean != 0 || s.m2 != 0 || s.max_events != 0 || s.max_denied != 0 || s.denied != 0)) {
        report(where, "folded statistics of zero hours must be zero");
        ok_ = false;
    }
    const auto max = static_cast<double>(s.max_events);
    if (s.hours > 0 && s.mean > max + 1e-9 * (max + 1)) {  // room for rounding, none for nonsense
        report(where, "folded mean is above its largest hour");
        ok_ = false;
    }
    return simdjson::SUCCESS;
}

error_code Reader::values(od::value v, Profile& p) {
    const char* where = at(v);
    od::object o;
    if (const error_code e = v.get_object().get(o)) return check(e, where, "values", "an object");
    return for_each_member(o, [&](std::string_view key, od::value x) -> error_code {
        const char* xat = at(x);
        const auto dim = parse_dimension(key);
        if (!dim) {
            report(xat, "unknown dimension \"" + std::string(key.substr(0, 40)) + "\"",
                   "baseline-profile", core::DiagLevel::kWarning);
            return simdjson::SUCCESS;
        }
        ValueSet& set = p.values[static_cast<std::size_t>(*dim)];
        od::array arr;
        if (const error_code e = x.get_array().get(arr))
            return check(e, xat, key, "an array of strings");
        for (auto item : arr) {
            od::value s;
            if (const error_code e = std::move(item).get(s)) return e;
            std::string value;
            const bool was_ok = ok_;
            if (const error_code e = text(s, key, value)) return e;
            if (ok_ != was_ok) continue;
            if (set.values.size() >= limits_.max_values) {
                if (!set.capped) {
                    report(xat,
                           std::string(key) + ": more than " + std::to_string(limits_.max_values) +
                               " values; the rest are ignored and the set counts as capped",
                           "baseline-limit", core::DiagLevel::kWarning);
                }
                set.capped = true;
                continue;
            }
            set.values.push_back(std::move(value));
        }
        std::sort(set.values.begin(), set.values.end());
        set.values.erase(std::unique(set.values.begin(), set.values.end()), set.values.end());
        return simdjson::SUCCESS;
    });
}

error_code Reader::capped(od::value v, Profile& p) {
    const char* where = at(v);
    od::array arr;
    if (const error_code e = v.get_array().get(arr)) return check(e, where, "capped", "an array");
    for (auto item : arr) {
        od::value s;
        if (const error_code e = std::move(item).get(s)) return e;
        std::string name;
        if (const error_code e = text(s, "capped", name)) return e;
        if (const auto dim = parse_dimension(name))
            p.values[static_cast<std::size_t>(*dim)].capped = true;
    }
    return simdjson::SUCCESS;
}

error_code Reader::profile(od::value v, Profile& p) {
    const char* where = at(v);
    od::object o;
    if (const error_code e = v.get_object().get(o))
        return check(e, where, "a profile", "an object");
    bool has_kind = false;
    const error_code walked = for_each_member(o, [&](std::string_view key, od::value x) {
        error_code e = simdjson::SUCCESS;
        if (key == "kind") {
            std::string kind;
            const char* xat = at(x);
            const bool was_ok = ok_;
            e = text(x, "kind", kind);
            if (kind == "principal" || kind == "account") {
                p.kind = kind == "account" ? ProfileKind::kAccount : ProfileKind::kPrincipal;
                has_kind = true;
            } else if (e == simdjson::SUCCESS && ok_ == was_ok) {
                report(xat, "kind must be \"principal\" or \"account\"");
                ok_ = false;
            }
        } else if (key == "key") {
            e = text(x, "key", p.key);
        } else if (key == "type") {
            e = text(x, "type", p.type);
        } else if (key == "account") {
            e = text(x, "account", p.account);
        } else if (key == "events") {
            e = count(x, "events", p.events);
        } else if (key == "denied") {
            e = count(x, "denied", p.denied);
        } else if (key == "older_days") {
            e = count(x, "older_days", p.older_days);
        } else if (key == "first") {
            e = time(x, "first", p.first_ms);
        } else if (key == "last") {
            e = time(x, "last", p.last_ms);
        } else if (key == "days") {
            e = days(x, p);
        } else if (key == "hours") {
            e = hours(x, p);
        } else if (key == "folded") {
            e = folded(x, p.folded);
        } else if (key == "values") {
            e = values(x, p);
        } else if (key == "capped") {
            e = capped(x, p);
        }
        return e;
    });
    if (walked) return walked;
    if (ok_ && (!has_kind || p.key.empty())) {
        report(where, "a profile needs a kind and a key");
        ok_ = false;
    }
    if (p.events == 0) p.first_ms = p.last_ms = 0;  // not written for an empty history
    if (ok_ && p.events > 0 && p.first_ms > p.last_ms) {
        report(where, "first is after last");
        ok_ = false;
    }
    if (ok_ && p.denied > p.events) {
        report(where, "more denied calls than events");
        ok_ = false;
    }
    return simdjson::SUCCESS;
}

error_code Reader::root(od::object o, Baseline& b) {
    return for_each_member(o, [&](std::string_view key, od::value x) -> error_code {
        const char* xat = at(x);
        if (key == "format") {
            if (const error_code e = x.get_string().get(format_)) {
                if (fatal(e)) return e;
                format_ = "?";
            }
        } else if (key == "version") {
            if (const error_code e = x.get_int64().get(version_)) {
                if (fatal(e)) return e;
                version_ = -2;
            }
        } else if (key == "asn_data") {
            ok_ = true;
            if (const error_code e =
                    check(x.get_bool().get(b.asn_data), xat, "asn_data", "true or false")) {
                return e;
            }
        } else if (key == "dropped_events") {
            if (const error_code e = count(x, "dropped_events", b.dropped_events)) return e;
        } else if (key == "profiles") {
            od::array arr;
            if (const error_code e = x.get_array().get(arr)) {
                if (fatal(e)) return e;
                report(xat, "profiles must be an array", "baseline-format");
                return simdjson::INCORRECT_TYPE;
            }
            for (auto item : arr) {
                od::value pv;
                if (const error_code e = std::move(item).get(pv)) return e;
                const char* pat = at(pv);
                ok_ = true;
                Profile p;
                if (const error_code e = profile(pv, p)) return e;
                if (!ok_) continue;
                where_.push_back(pat);
                b.profiles.push_back(std::move(p));
            }
        }
        return simdjson::SUCCESS;
    });
}

std::optional<Baseline> Reader::read() {
    if (parser_.allocate(std::max<std::size_t>(size_, 4096), kMaxDepth) != simdjson::SUCCESS) {
        report(nullptr, "anomaly baseline: out of memory", "baseline-syntax");
        return std::nullopt;
    }
    if (const error_code e = parser_.iterate(json_).get(doc_)) return broken(e);
    started_ = true;
    od::object o;
    if (const error_code e = doc_.get_object().get(o)) {
        if (fatal(e)) return broken(e);
        report(json_.data(), "an anomaly baseline is a JSON object", "baseline-format");
        return std::nullopt;
    }
    Baseline b;
    if (const error_code e = root(o, b)) {
        if (e == simdjson::INCORRECT_TYPE) return std::nullopt;  // reported
        return broken(e);
    }
    const char* rest = nullptr;
    if (doc_.current_location().get(rest) == simdjson::SUCCESS && rest != nullptr) {
        report(rest, "anomaly baseline: content after the end of the document", "baseline-syntax");
        return std::nullopt;
    }
    if (format_ != kBaselineFormat) {
        report(
            json_.data(),
            "not an anomaly baseline (\"format\" is not \"" + std::string(kBaselineFormat) + "\")",
            "baseline-format");
        return std::nullopt;
    }
    if (version_ != kBaselineVersion) {
        report(json_.data(),
               "baseline version " + std::to_string(version_) +
                   " is not supported; this wasp reads version " + std::to_string(kBaselineVersion),
               "baseline-format");
        return std::nullopt;
    }
    // Sorted, and one profile per principal: a repeated one is merged into the first.
    std::vector<std::size_t> order(b.profiles.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return std::tie(b.profiles[x].kind, b.profiles[x].key) <
               std::tie(b.profiles[y].kind, b.profiles[y].key);
    });
    std::vector<Profile> unique;
    bool over = false;
    for (const std::size_t i : order) {
        Profile& p = b.profiles[i];
        if (!unique.empty() && unique.back().kind == p.kind && unique.back().key == p.key) {
            report(where_[i], "profile \"" + p.key.substr(0, 80) + "\" is listed again; merged",
                   "baseline-profile", core::DiagLevel::kWarning);
            unique.back().merge(p, limits_.max_values);
            continue;
        }
        if (unique.size() >= limits_.max_profiles) {
            if (!over) {
                report(where_[i],
                       "more than " + std::to_string(limits_.max_profiles) +
                           " profiles; the rest are left out",
                       "baseline-limit", core::DiagLevel::kWarning);
            }
            over = true;
            if (p.kind == ProfileKind::kPrincipal) b.dropped_events += p.events;
            continue;
        }
        unique.push_back(std::move(p));
    }
    b.profiles = std::move(unique);
    return b;
}

}  // namespace

std::string to_json(const Baseline& b) {
    std::string out = "{\"format\":\"";
    out += kBaselineFormat;
    out += "\",\"version\":" + std::to_string(kBaselineVersion);
    out += ",\"asn_data\":";
    out += b.asn_data ? "true" : "false";
    out += ",\"dropped_events\":" + std::to_string(b.dropped_events) + ",\"profiles\":[";
    for (std::size_t i = 0; i < b.profiles.size(); ++i) {
        out += i == 0 ? "\n" : ",\n";
        out += profile_json(b.profiles[i]);
    }
    out += "\n]}\n";
    return out;
}

std::optional<Baseline> parse_baseline(std::string_view text,
                                       std::string_view file,
                                       core::Diagnostics& diags,
                                       const BaselineLimits& limits) {
    if (text.size() > kMaxBaselineBytes) {
        core::Diagnostic d;
        d.code = "baseline-limit";
        d.message =
            "anomaly baseline larger than " + std::to_string(kMaxBaselineBytes >> 20) + " MiB";
        d.location.file = std::string(file);
        diags.push_back(std::move(d));
        return std::nullopt;
    }
    return Reader(text, file, diags, limits).read();
}

std::optional<Baseline> load_baseline(const std::filesystem::path& path,
                                      core::Diagnostics& diags,
                                      const BaselineLimits& limits) {
    auto text = core::read_file(path, kMaxBaselineBytes);
    if (!text) {
        core::Diagnostic d;
        d.code = "baseline-read";
        d.message = text.error();
        d.location.file = path.string();
        diags.push_back(std::move(d));
        return std::nullopt;
    }
    return parse_baseline(*text, path.string(), diags, limits);
}

std::expected<void, std::string> save_baseline(const std::filesystem::path& path,
                                               const Baseline& baseline) {
    return core::write_file_atomic(path, to_json(baseline));
}

}  // namespace wasp::detect
