// Baselines: the statistics of active hours, and the merge of profiles and baselines.
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "detect/anomaly.h"

namespace wasp::detect {
namespace {

std::uint64_t add_saturating(std::uint64_t a, std::uint64_t b) {
    return a > std::numeric_limits<std::uint64_t>::max() - b
               ? std::numeric_limits<std::uint64_t>::max()
               : a + b;
}

std::uint32_t add_saturating32(std::uint32_t a, std::uint32_t b) {
    return a > std::numeric_limits<std::uint32_t>::max() - b
               ? std::numeric_limits<std::uint32_t>::max()
               : a + b;
}

void unite(ValueSet& into, const ValueSet& from, std::size_t max_values) {
    std::vector<std::string> out;
    out.reserve(into.values.size() + from.values.size());
    std::set_union(into.values.begin(), into.values.end(), from.values.begin(), from.values.end(),
                   std::back_inserter(out));
    into.capped = into.capped || from.capped;
    if (out.size() > max_values) {
        out.resize(max_values);
        into.capped = true;
    }
    into.values = std::move(out);
}

bool by_kind_and_key(const Profile& a, const Profile& b) {
    return std::tie(a.kind, a.key) < std::tie(b.kind, b.key);
}

}  // namespace

bool ValueSet::contains(std::string_view v) const {
    const auto it =
        std::lower_bound(values.begin(), values.end(), v,
                         [](const std::string& a, std::string_view b) { return a < b; });
    return it != values.end() && *it == v;
}

void HourStats::add(std::uint64_t events, std::uint64_t denied_calls) {
    ++hours;
    const double x = static_cast<double>(events);
    const double delta = x - mean;
    mean += delta / static_cast<double>(hours);
    m2 += delta * (x - mean);
    max_events = std::max(max_events, events);
    max_denied = std::max(max_denied, denied_calls);
    denied = add_saturating(denied, denied_calls);
}

void HourStats::merge(const HourStats& other) {
    if (other.hours == 0) return;
    if (hours == 0) {
        *this = other;
        return;
    }
    const double na = static_cast<double>(hours);
    const double nb = static_cast<double>(other.hours);
    const double n = na + nb;
    const double delta = other.mean - mean;
    mean += delta * nb / n;
    m2 += other.m2 + delta * delta * na * nb / n;
    hours = add_saturating(hours, other.hours);
    max_events = std::max(max_events, other.max_events);
    max_denied = std::max(max_denied, other.max_denied);
    denied = add_saturating(denied, other.denied);
}

double HourStats::sigma() const {
    if (hours == 0 || !(m2 > 0)) return 0;
    return std::sqrt(m2 / static_cast<double>(hours));
}

HourStats Profile::volume() const {
    HourStats s = folded;
    for (const HourCount& h : hours) s.add(h.events, h.denied);
    return s;
}

void Profile::merge(const Profile& other, std::size_t max_values) {
    if (type.empty()) type = other.type;
    if (account.empty()) account = other.account;
    if (other.events > 0) {
        first_ms = events > 0 ? std::min(first_ms, other.first_ms) : other.first_ms;
        last_ms = events > 0 ? std::max(last_ms, other.last_ms) : other.last_ms;
    }
    events = add_saturating(events, other.events);
    denied = add_saturating(denied, other.denied);

    std::vector<std::int32_t> all_days;
    std::set_union(days.begin(), days.end(), other.days.begin(), other.days.end(),
                   std::back_inserter(all_days));
    older_days = add_saturating(older_days, other.older_days);
    if (all_days.size() > kMaxDays) {
        const std::size_t drop = all_days.size() - kMaxDays;
        older_days = add_saturating(older_days, drop);
        all_days.erase(all_days.begin(), all_days.begin() + static_cast<std::ptrdiff_t>(drop));
    }
    days = std::move(all_days);

    // The same hour in both (shards of one period): its counts add up before it counts once.
    std::vector<HourCount> all_hours;
    all_hours.reserve(hours.size() + other.hours.size());
    auto a = hours.begin();
    auto b = other.hours.begin();
    while (a != hours.end() || b != other.hours.end()) {
        if (b == other.hours.end() || (a != hours.end() && a->hour < b->hour)) {
            all_hours.push_back(*a++);
        } else if (a == hours.end() || b->hour < a->hour) {
            all_hours.push_back(*b++);
        } else {
            all_hours.push_back(HourCount{a->hour, add_saturating32(a->events, b->events),
                                          add_saturating32(a->denied, b->denied)});
            ++a, ++b;
        }
    }
    folded.merge(other.folded);
    if (all_hours.size() > kMaxHours) {
        const std::size_t fold = all_hours.size() - kMaxHours;
        for (std::size_t i = 0; i < fold; ++i) folded.add(all_hours[i].events, all_hours[i].denied);
        all_hours.erase(all_hours.begin(), all_hours.begin() + static_cast<std::ptrdiff_t>(fold));
    }
    hours = std::move(all_hours);

    for (std::size_t d = 0; d < kDimensionCount; ++d) unite(values[d], other.values[d], max_values);
}

const Profile* Baseline::find(ProfileKind kind, std::string_view key) const {
    const auto it = std::lower_bound(
        profiles.begin(), profiles.end(), std::tie(kind, key),
        [](const Profile& p, const auto& k) { return std::tie(p.kind, p.key) < k; });
    if (it == profiles.end() || it->kind != kind || it->key != key) return nullptr;
    return &*it;
}

void Baseline::merge(const Baseline& other, const BaselineLimits& limits) {
    // An empty part says nothing about how the other was learned.
    if (profiles.empty()) {
        asn_data = other.asn_data;
    } else if (!other.profiles.empty()) {
        asn_data = asn_data && other.asn_data;
    }
    dropped_events = add_saturating(dropped_events, other.dropped_events);
    std::vector<Profile> out;
    out.reserve(profiles.size() + other.profiles.size());
    auto a = profiles.begin();
    auto b = other.profiles.begin();
    while (a != profiles.end() || b != other.profiles.end()) {
        if (b == other.profiles.end() || (a != profiles.end() && by_kind_and_key(*a, *b))) {
            out.push_back(std::move(*a++));
        } else if (a == profiles.end() || by_kind_and_key(*b, *a)) {
            if (out.size() >= limits.max_profiles) {
                if (b->kind == ProfileKind::kPrincipal) {
                    dropped_events = add_saturating(dropped_events, b->events);
                }
                ++b;
                continue;
            }
            out.push_back(*b++);
        } else {
            a->merge(*b++, limits.max_values);
            out.push_back(std::move(*a++));
        }
    }
    profiles = std::move(out);
}

}  // namespace wasp::detect
