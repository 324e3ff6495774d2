#include "vuln/osv.h"

#include <algorithm>
#include <cstdint>

#include <simdjson.h>

#include "vuln/purl.h"

namespace wasp::vuln {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view str(element e) {
    std::string_view out;
    if (e.get(out) != simdjson::SUCCESS) return {};
    return out;
}

std::string_view field(object o, std::string_view key) {
    element e;
    if (o[key].get(e) != simdjson::SUCCESS) return {};
    return str(e);
}

// An optional field that, when present, must have the given type.
template <typename T>
bool optional_field(object o, std::string_view key, T& out, bool& present) {
    element e;
    present = o[key].get(e) == simdjson::SUCCESS && !e.is_null();
    if (!present) return true;
    return e.get(out) == simdjson::SUCCESS;
}

std::expected<Range, std::string> parse_range(object o) {
    Range range;
    auto type = field(o, "type");
    if (type == "SEMVER") {
        range.type = RangeType::kSemver;
    } else if (type == "ECOSYSTEM") {
        range.type = RangeType::kEcosystem;
    } else if (type == "GIT") {
        range.type = RangeType::kGit;
    } else {
        return std::unexpected("a range has an unknown type \"" + std::string(type) + "\"");
    }
    range.repo = field(o, "repo");
    array events;
    bool present = false;
    if (!optional_field(o, "events", events, present) || !present) {
        return std::unexpected("a range has no \"events\" array");
    }
    for (element ev : events) {
        object eo;
        if (ev.get(eo) != simdjson::SUCCESS)
            return std::unexpected("a range event is not an object");
        // One key per event; the schema names four.
        for (auto [key, value] : eo) {
            RangeEvent event;
            if (key == "introduced") {
                event.kind = EventKind::kIntroduced;
            } else if (key == "fixed") {
                event.kind = EventKind::kFixed;
            } else if (key == "last_affected") {
                event.kind = EventKind::kLastAffected;
            } else if (key == "limit") {
                event.kind = EventKind::kLimit;
            } else {
                continue;
            }
            std::string_view v;
            if (value.get(v) != simdjson::SUCCESS) {
                return std::unexpected("a range event's \"" + std::string(key) +
                                       "\" is not a string");
            }
            event.version = v;
            range.events.push_back(std::move(event));
        }
    }
    return range;
}

std::expected<Affected, std::string> parse_affected(object o) {
    Affected out;
    object package;
    bool present = false;
    if (!optional_field(o, "package", package, present)) {
        return std::unexpected("an affected entry's \"package\" is not an object");
    }
    if (present) {
        out.ecosystem = field(package, "ecosystem");
        out.name = field(package, "name");
        out.purl = field(package, "purl");
        out.package = normalize_package_name(out.ecosystem, out.name);
    }
    array ranges;
    if (!optional_field(o, "ranges", ranges, present)) {
        return std::unexpected("an affected entry's \"ranges\" is not an array");
    }
    if (present) {
        for (element r : ranges) {
            object ro;
            if (r.get(ro) != simdjson::SUCCESS) return std::unexpected("a range is not an object");
            auto range = parse_range(ro);
            if (!range) return std::unexpected(range.error());
            out.ranges.push_back(std::move(*range));
        }
    }
    array versions;
    if (!optional_field(o, "versions", versions, present)) {
        return std::unexpected("an affected entry's \"versions\" is not an array");
    }
    if (present) {
        for (element v : versions) {
            if (auto s = str(v); !s.empty()) out.versions.emplace_back(s);
        }
    }
    array severity;
    if (optional_field(o, "severity", severity, present) && present) {
        for (element s : severity) {
            object so;
            if (s.get(so) == simdjson::SUCCESS && field(so, "type").starts_with("CVSS")) {
                out.severity = field(so, "score");
            }
        }
    }
    return out;
}

std::string first_line(std::string_view text, std::size_t max) {
    auto end = text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    if (end > max) {
        // Cut before a UTF-8 continuation byte's character, not inside it.
        end = max;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    }
    return std::string(text.substr(0, end));
}

}  // namespace

std::expected<Advisory, std::string> parse_osv(std::string_view json, std::string source) {
    thread_local simdjson::dom::parser parser;
    element root;
    if (auto err = parser.parse(json.data(), json.size(), true).get(root)) {
        return std::unexpected(std::string("not valid JSON: ") + simdjson::error_message(err));
    }
    object o;
    if (root.get(o) != simdjson::SUCCESS) return std::unexpected("not a JSON object");
    Advisory adv;
    adv.source = std::move(source);
    adv.id = field(o, "id");
    if (adv.id.empty()) return std::unexpected("no \"id\"");
    adv.summary = field(o, "summary");
    if (adv.summary.empty()) adv.summary = first_line(field(o, "details"), 200);
    adv.published = field(o, "published");
    adv.modified = field(o, "modified");
    adv.withdrawn = field(o, "withdrawn");

    array list;
    bool present = false;
    if (!optional_field(o, "aliases", list, present))
        return std::unexpected("\"aliases\" is not an array");
    if (present) {
        for (element a : list) {
            if (auto s = str(a); !s.empty() && s != adv.id) adv.aliases.emplace_back(s);
        }
    }

    if (!optional_field(o, "upstream", list, present))
        return std::unexpected("\"upstream\" is not an array");
    if (present) {
        for (element a : list) {
            if (auto s = str(a); !s.empty() && s != adv.id) adv.upstream.emplace_back(s);
        }
    }
    if (!optional_field(o, "severity", list, present))
        return std::unexpected("\"severity\" is not an array");
    if (present) {
        for (element s : list) {
            object so;
            if (s.get(so) != simdjson::SUCCESS) continue;
            adv.severity.push_back(
                {std::string(field(so, "type")), std::string(field(so, "score"))});
        }
    }
    object db;
    if (optional_field(o, "database_specific", db, present) && present) {
        adv.database_severity = field(db, "severity");
    }
    if (!optional_field(o, "references", list, present))
        return std::unexpected("\"references\" is not an array");
    if (present) {
        std::vector<std::string> others;
        for (element r : list) {
            object ro;
            if (r.get(ro) != simdjson::SUCCESS) continue;
            auto url = field(ro, "url");
            if (url.empty()) continue;
            (field(ro, "type") == "ADVISORY" ? adv.references : others).emplace_back(url);
        }
        for (auto& u : others) adv.references.push_back(std::move(u));
    }
    if (!optional_field(o, "affected", list, present))
        return std::unexpected("\"affected\" is not an array");
    if (present) {
        for (element a : list) {
            object ao;
            if (a.get(ao) != simdjson::SUCCESS)
                return std::unexpected("an affected entry is not an object");
            auto affected = parse_affected(ao);
            if (!affected) return std::unexpected(affected.error());
            adv.affected.push_back(std::move(*affected));
        }
    }
    return adv;
}

std::optional<Scheme> range_scheme(const Affected& affected, const Range& range) {
    switch (range.type) {
        case RangeType::kSemver:
            return Scheme::kSemver;
        case RangeType::kEcosystem:
            return scheme_for_ecosystem(affected.ecosystem);
        case RangeType::kGit:
            return std::nullopt;
    }
    return std::nullopt;
}

namespace {

// Sorted copy of a range's events: introduced "0" first, then by version; events of one version
// keep the record's order.
std::vector<const RangeEvent*> sorted_events(const Range& range, Scheme scheme) {
    std::vector<const RangeEvent*> events;
    events.reserve(range.events.size());
    for (const auto& e : range.events) events.push_back(&e);
    auto is_zero = [](const RangeEvent* e) {
        return e->kind == EventKind::kIntroduced && e->version == "0";
    };
    auto rest = std::stable_partition(events.begin(), events.end(), is_zero);
    std::vector<const RangeEvent*> versioned(rest, events.end());
    sort_by_version(versioned, scheme,
                    [](const RangeEvent* e) -> std::string_view { return e->version; });
    std::copy(versioned.begin(), versioned.end(), rest);
    return events;
}

bool in_range(const Range& range, Scheme scheme, std::string_view version) {
    bool affected = false;
    bool limited = false, below_limit = false;
    auto step = [&](const RangeEvent& e) {
        switch (e.kind) {
            case EventKind::kIntroduced:
                if (e.version == "0" || compare_versions(scheme, version, e.version) >= 0) {
                    affected = true;
                }
                break;
            case EventKind::kFixed:
                if (compare_versions(scheme, version, e.version) >= 0) affected = false;
                break;
            case EventKind::kLastAffected:
                if (compare_versions(scheme, version, e.version) > 0) affected = false;
                break;
            case EventKind::kLimit:
                limited = true;
                if (e.version == "*" || compare_versions(scheme, version, e.version) < 0) {
                    below_limit = true;
                }
                break;
        }
    };
    if (range.sorted) {
        for (const auto& e : range.events) step(e);
    } else {
        for (const RangeEvent* e : sorted_events(range, scheme)) step(*e);
    }
    return affected && (!limited || below_limit);
}

}  // namespace

void sort_events(Affected& affected) {
    for (auto& range : affected.ranges) {
        auto scheme = range_scheme(affected, range);
        if (!scheme || range.sorted) continue;
        std::vector<RangeEvent> events;
        events.reserve(range.events.size());
        for (const RangeEvent* e : sorted_events(range, *scheme)) events.push_back(*e);
        range.events = std::move(events);
        range.sorted = true;
    }
}

RangeVerdict evaluate(const Affected& affected, std::string_view version) {
    if (std::find(affected.versions.begin(), affected.versions.end(), version) !=
        affected.versions.end()) {
        return RangeVerdict::kAffected;
    }
    bool evaluable = !affected.versions.empty();
    for (const auto& range : affected.ranges) {
        auto scheme = range_scheme(affected, range);
        if (!scheme) continue;
        evaluable = true;
        if (in_range(range, *scheme, version)) return RangeVerdict::kAffected;
    }
    return evaluable ? RangeVerdict::kNotAffected : RangeVerdict::kNotEvaluable;
}

std::vector<std::string> fixed_versions(const Affected& affected) {
    std::vector<std::string> out;
    std::optional<Scheme> order;
    for (const auto& range : affected.ranges) {
        auto scheme = range_scheme(affected, range);
        if (!scheme) continue;
        order = order.value_or(*scheme);
        for (const auto& e : range.events) {
            if (e.kind == EventKind::kFixed) out.push_back(e.version);
        }
    }
    if (order) {
        sort_by_version(out, *order, [](const std::string& v) -> std::string_view { return v; });
        out.erase(std::unique(out.begin(), out.end(),
                              [&](const std::string& a, const std::string& b) {
                                  return compare_versions(*order, a, b) == 0;
                              }),
                  out.end());
    }
    return out;
}

}  // namespace wasp::vuln
