// Sigma correlations (event_count, value_count, temporal, temporal_ordered) over the matches the
// reading threads kept: grouped by the group-by values, sorted by time, sliding windows.
#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/time.h"
#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

// One kept match in a correlation's group: which of the correlation's rules it is from.
struct Item {
    std::int64_t time_ms = 0;
    std::size_t ref = 0;  // index into Correlation::rules
    const Occurrence* occ = nullptr;
    const Kept* kept = nullptr;  // where its values and evidence are

    [[nodiscard]] std::uint32_t value(std::size_t slot) const {
        return kept->values[occ->values + slot];
    }
    [[nodiscard]] const Evidence* first() const {
        return occ->evidence_count > 0 ? &kept->evidence[occ->evidence] : nullptr;
    }
};

struct ItemOrder {
    const StringTable& table;
    bool operator()(const Item& a, const Item& b) const {
        if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
        const Evidence* x = a.first();
        const Evidence* y = b.first();
        if (x && y && (evidence_before(*x, *y, table) || evidence_before(*y, *x, table))) {
            return evidence_before(*x, *y, table);
        }
        return a.ref < b.ref;
    }
};

bool holds(const std::vector<CountBound>& bounds, std::int64_t n) {
    for (const auto& b : bounds) {
        const bool ok = b.op == NumOp::kEq    ? n == b.n
                        : b.op == NumOp::kLt  ? n < b.n
                        : b.op == NumOp::kLte ? n <= b.n
                        : b.op == NumOp::kGt  ? n > b.n
                                              : n >= b.n;
        if (!ok) return false;
    }
    return true;
}

// A window [first, last] of a group's items that meets the condition; stat is what was counted.
struct Window {
    std::size_t first = 0, last = 0;
    std::int64_t stat = 0;
};

// Slides a window of the timespan over the items (sorted by time), ending at each item in turn;
// returns the windows that meet the correlation's condition.
std::vector<Window> satisfied(const Correlation& c, const std::vector<Item>& items) {
    std::vector<Window> out;
    std::unordered_map<std::uint32_t, std::size_t> values;  // value_count: value -> items
    std::vector<std::size_t> per_rule(c.rules.size(), 0);
    std::size_t distinct_rules = 0;
    auto value_of = [&](const Item& it) -> std::optional<std::uint32_t> {
        const std::int32_t slot = c.value_slot[it.ref];
        if (slot < 0) return std::nullopt;
        const std::uint32_t v = it.value(static_cast<std::size_t>(slot));
        if (v == kAbsent) return std::nullopt;
        return v;
    };
    std::size_t j = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& it = items[i];
        if (auto v = value_of(it)) ++values[*v];
        if (per_rule[it.ref]++ == 0) ++distinct_rules;
        // Inside the window: at most the timespan before the window's last event.
        while (items[j].time_ms < it.time_ms - c.timespan_ms) {
            if (auto v = value_of(items[j])) {
                auto at = values.find(*v);
                if (--at->second == 0) values.erase(at);
            }
            if (--per_rule[items[j].ref] == 0) --distinct_rules;
            ++j;
        }
        switch (c.type) {
            case CorrelationType::kEventCount: {
                const auto n = static_cast<std::int64_t>(i - j + 1);
                if (holds(c.condition, n)) out.push_back({j, i, n});
                break;
            }
            case CorrelationType::kValueCount: {
                const auto n = static_cast<std::int64_t>(values.size());
                if (holds(c.condition, n)) out.push_back({j, i, n});
                break;
            }
            case CorrelationType::kTemporal: {
                const auto n = static_cast<std::int64_t>(distinct_rules);
                const bool ok =
                    c.condition.empty() ? distinct_rules == c.rules.size() : holds(c.condition, n);
                if (ok) out.push_back({j, i, n});
                break;
            }
            case CorrelationType::kTemporalOrdered: {
                // The last rule's event ends a sequence; find the latest event of each earlier
                // rule before it, which leaves the most room for the ones before.
                if (it.ref != c.rules.size() - 1) break;
                std::size_t pos = i;
                bool found = true;
                for (std::size_t k = c.rules.size() - 1; k-- > 0 && found;) {
                    found = false;
                    for (std::size_t p = pos; p-- > j;) {
                        if (items[p].ref == k) {
                            pos = p;
                            found = true;
                            break;
                        }
                    }
                }
                if (found) {
                    out.push_back({pos, i, static_cast<std::int64_t>(c.rules.size())});
                }
                break;
            }
        }
    }
    return out;
}

std::string duration(std::int64_t ms) {
    if (ms % 86'400'000 == 0) return std::to_string(ms / 86'400'000) + "d";
    if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    return std::to_string(ms / 1000) + "s";
}

std::string rule_list(const SigmaEngine& engine, const Correlation& c, std::string_view sep) {
    std::string out;
    for (std::size_t k = 0; k < c.rules.size(); ++k) {
        if (k > 0) out += sep;
        out += "'" + engine.metas[c.rules[k]].title + "'";
    }
    return out;
}

std::string what(const SigmaEngine& engine, const Correlation& c, std::int64_t peak) {
    const std::string span = duration(c.timespan_ms);
    switch (c.type) {
        case CorrelationType::kEventCount:
            return std::to_string(peak) + " matches of " + rule_list(engine, c, ", ") + " within " +
                   span;
        case CorrelationType::kValueCount:
            return std::to_string(peak) + " distinct values of " + c.field + " in matches of " +
                   rule_list(engine, c, ", ") + " within " + span;
        case CorrelationType::kTemporal:
            return std::to_string(peak) + " of " + rule_list(engine, c, ", ") + " within " + span;
        case CorrelationType::kTemporalOrdered:
            return rule_list(engine, c, " then ") + " within " + span;
    }
    return {};
}

// Evidence of items [first, last]: their events, earliest first, without repeats.
std::vector<const Evidence*> evidence(const std::vector<Item>& items,
                                      std::size_t first,
                                      std::size_t last,
                                      const StringTable& t) {
    std::vector<const Evidence*> out;
    auto before = [&](const Evidence* x, const Evidence* y) { return evidence_before(*x, *y, t); };
    for (std::size_t i = first; i <= last; ++i) {
        const Occurrence& o = *items[i].occ;
        for (std::uint32_t k = 0; k < o.evidence_count; ++k) {
            const Evidence* e = &items[i].kept->evidence[o.evidence + k];
            if (out.size() == kMaxSampleEvents && !before(e, out.back())) break;
            auto at = std::lower_bound(out.begin(), out.end(), e, before);
            if (at != out.end() && !before(e, *at) && (*at)->file == e->file &&
                (*at)->index == e->index) {
                continue;  // the same event through two windows
            }
            out.insert(at, e);
            if (out.size() > kMaxSampleEvents) out.pop_back();
        }
    }
    return out;
}

std::string common(const std::vector<EventRef>& events, std::string EventRef::*field) {
    if (events.empty()) return {};
    for (const auto& e : events) {
        if (e.*field != events.front().*field) return {};
    }
    return events.front().*field;
}

Alert make_alert(const SigmaEngine& engine,
                 std::uint32_t rule,
                 const std::vector<std::uint32_t>& key,
                 const std::vector<Item>& items,
                 const Window& w,
                 std::int64_t peak,
                 const StringTable& table) {
    const SigmaRule& meta = engine.metas[rule];
    const Correlation& c = engine.compiled[rule].correlation;
    Alert a;
    a.rule_id = meta.review_id();
    a.title = meta.title;
    a.severity = meta.severity();
    for (const Evidence* e : evidence(items, w.first, w.last, table)) {
        a.events.push_back(to_ref(*e, table));
    }
    a.principal = common(a.events, &EventRef::principal);
    a.account = common(a.events, &EventRef::account);
    a.first_ms = items[w.first].time_ms;
    if (!a.events.empty()) a.first_ms = std::min(a.first_ms, a.events.front().time_ms);
    a.last_ms = items[w.last].time_ms;
    a.count = w.last - w.first + 1;
    std::string m = meta.title + ": " + what(engine, c, peak);
    if (!key.empty()) {
        m += " for ";
        for (std::size_t g = 0; g < key.size(); ++g) {
            if (g > 0) m += ", ";
            m += c.group_by[g] + "=" + table.at(key[g]);
        }
    }
    m += ", from " + core::format_iso_time_ms(a.first_ms) + " to " +
         core::format_iso_time_ms(a.last_ms) + ".";
    if (const std::string by = attribution(meta); !by.empty()) m += " " + by + ".";
    a.message = std::move(m);
    return a;
}

void run_one(const SigmaEngine& engine,
             std::uint32_t rule,
             std::vector<Kept>& kept,
             const StringTable& table,
             std::vector<Alert>& alerts) {
    const Correlation& c = engine.compiled[rule].correlation;
    const CompiledRule& self = engine.compiled[rule];
    std::map<std::vector<std::uint32_t>, std::vector<Item>> groups;
    for (std::size_t k = 0; k < c.rules.size(); ++k) {
        const Kept& from = kept[c.rules[k]];
        for (const auto& o : from.occurrences) {
            std::vector<std::uint32_t> key;
            bool complete = true;
            for (std::uint32_t slot : c.group_slots[k]) {
                const std::uint32_t v = from.values[o.values + slot];
                if (v == kAbsent) {
                    complete = false;  // an event without a group-by field is in no group
                    break;
                }
                key.push_back(v);
            }
            if (complete) groups[std::move(key)].push_back({o.time_ms, k, &o, &from});
        }
    }
    Kept hits;
    const ItemOrder order{table};
    for (auto& [key, items] : groups) {
        std::stable_sort(items.begin(), items.end(), order);
        const std::vector<Window> windows = satisfied(c, items);
        if (self.recorded) {
            for (const auto& w : windows) {
                const Item& end = items[w.last];
                Occurrence h;
                h.time_ms = end.time_ms;
                h.values = static_cast<std::uint32_t>(hits.values.size());
                for (std::uint32_t slot : c.pass_slots[end.ref])
                    hits.values.push_back(end.value(slot));
                h.evidence = static_cast<std::uint32_t>(hits.evidence.size());
                for (const Evidence* e : evidence(items, w.first, w.last, table)) {
                    hits.evidence.push_back(*e);
                }
                h.evidence_count = static_cast<std::uint32_t>(hits.evidence.size()) - h.evidence;
                h.count = w.last - w.first + 1;
                hits.occurrences.push_back(h);
            }
        }
        if (!self.alerts || windows.empty()) continue;
        // Overlapping windows are one burst: one alert for their union.
        Window cur = windows.front();
        std::int64_t peak = cur.stat;
        for (std::size_t i = 1; i <= windows.size(); ++i) {
            if (i < windows.size() && windows[i].first <= cur.last) {
                cur.last = windows[i].last;
                peak = std::max(peak, windows[i].stat);
                continue;
            }
            alerts.push_back(make_alert(engine, rule, key, items, cur, peak, table));
            if (i < windows.size()) {
                cur = windows[i];
                peak = cur.stat;
            }
        }
    }
    kept[rule] = std::move(hits);
}

}  // namespace

void run_correlations(const SigmaEngine& engine,
                      std::vector<Kept>& kept,
                      StringTable& table,
                      std::vector<Alert>& alerts) {
    for (std::uint32_t i : engine.correlation_order) run_one(engine, i, kept, table, alerts);
}

}  // namespace wasp::detect
