// The decisions after the merge: what this run learned, and which checked activity is new or far
// from normal for its principal or account, said in words, with the events that show it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "core/time.h"
#include "detect/anomaly_internal.h"
#include "detect/ip2asn.h"

namespace wasp::detect {
namespace {

constexpr std::size_t kMaxListed = 10;  // values named in one message
constexpr std::size_t kMaxOtherHours = 5;

std::uint32_t clamp32(std::uint64_t n) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, 0xffffffffu));
}

std::string group_digits(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string decimal(double x) {
    char buf[32];
    if (std::fabs(x - std::round(x)) < 0.05 || std::fabs(x) >= 100) {
        std::snprintf(buf, sizeof buf, "%.0f", x);
    } else {
        std::snprintf(buf, sizeof buf, "%.1f", x);
    }
    return buf;
}

std::string time_text(std::int64_t ms) { return core::format_iso_time_ms(ms); }
std::string date_text(std::int64_t ms) { return time_text(ms).substr(0, 10); }
std::string hour_text(std::int64_t hour) {
    return time_text(hour * kMsPerHour).substr(0, 16) + "Z";  // 2024-05-02T03:00Z
}

std::string events_text(std::uint64_t n) {
    return group_digits(n) + (n == 1 ? " event" : " events");
}

// "1 event at T", "14 events from T1 to T2"
std::string span_text(std::uint64_t n, std::int64_t first, std::int64_t last) {
    if (first == last) return events_text(n) + " at " + time_text(first);
    return events_text(n) + " from " + time_text(first) + " to " + time_text(last);
}

// "1,240 events over 12 days (2024-04-01 to 2024-04-30)"
std::string history_text(const Profile& p) {
    const std::uint64_t days = p.active_days();
    return events_text(p.events) + " over " + group_digits(days) + (days == 1 ? " day" : " days") +
           " (" + date_text(p.first_ms) + " to " + date_text(p.last_ms) + ")";
}

std::string who_text(const Entity& e) {
    return e.kind == ProfileKind::kAccount ? "account " + e.key : e.key;
}

// "first call to service", "first 3 write calls", "first activity in 2 regions", ...
std::string opening(Dimension d, std::size_t n) {
    const bool one = n == 1;
    const std::string count = one ? "" : std::to_string(n) + " ";
    switch (d) {
        case Dimension::kService:
            return one ? "first call to service" : "first calls to " + count + "services";
        case Dimension::kWriteCall:
            return "first " + count + (one ? "write call" : "write calls");
        case Dimension::kRegion:
            return "first activity in " + count + (one ? "region" : "regions");
        case Dimension::kNetwork:
            return "first activity from " + count + (one ? "network" : "networks");
        case Dimension::kUserAgent:
            return "first use of " + count + (one ? "user agent family" : "user agent families");
        case Dimension::kAsn:
        case Dimension::kCountry:
            return "first activity from";
    }
    return "";
}

std::string_view title(AnomalyRule r, ProfileKind kind) {
    const bool account = kind == ProfileKind::kAccount;
    switch (r) {
        case AnomalyRule::kNewService:
            return account ? "New AWS service in an account" : "New AWS service for a principal";
        case AnomalyRule::kNewWriteCall:
            return "New write API call for a principal";
        case AnomalyRule::kNewRegion:
            return account ? "New region in an account" : "New region for a principal";
        case AnomalyRule::kNewNetwork:
            return "New source network for a principal";
        case AnomalyRule::kNewCountryOrAsn:
            return "New country or network operator (ASN) for a principal";
        case AnomalyRule::kNewUserAgent:
            return "New user agent family for a principal";
        case AnomalyRule::kDeniedBurst:
            return "Burst of denied calls";
        case AnomalyRule::kVolumeSpike:
            return "Volume spike for a principal";
        case AnomalyRule::kNewPrincipal:
            return "New principal in an account";
    }
    return "";
}

class Decider {
  public:
    Decider(const AnomalyDetector& d, ConsumerState& s, const Baseline& eff)
        : o_(d.options()), s_(s), eff_(eff), asn_(d.ip2asn()) {}

    std::vector<Alert> run();

  private:
    Alert start(AnomalyRule r, const Entity& e) const;
    void add_evidence(Alert& a, std::uint32_t list) const;
    void add_value_evidence(Alert& a, std::span<const std::uint32_t> entries) const;
    std::string value_detail(const ValueEntry& v) const;
    void novelties(std::uint32_t ent, const Profile& p, std::span<const std::uint32_t> entries);
    void novelty_alert(const Entity& e,
                       const Profile& p,
                       Dimension d,
                       const std::vector<std::uint32_t>& fresh);
    void place_alert(const Entity& e,
                     const Profile& p,
                     const std::vector<std::uint32_t>& countries,
                     const std::vector<std::uint32_t>& asns);
    void new_principal(const Entity& e);
    void burst(std::uint32_t ent, const Profile* p, std::span<const DeniedMinute> minutes);
    void spike(const Entity& e, const Profile& p, std::span<const HourSlot* const> hours);

    const AnomalyOptions& o_;
    ConsumerState& s_;
    const Baseline& eff_;
    const Ip2Asn* asn_;
    std::set<std::tuple<std::string, Dimension, std::string>> account_new_;
    std::vector<Alert> alerts_;
};

Alert Decider::start(AnomalyRule r, const Entity& e) const {
    const core::RuleInfo& info = rule_info(r);
    Alert a;
    a.rule_id = info.id;
    a.title = title(r, e.kind);
    a.severity = info.severity;
    if (e.kind == ProfileKind::kPrincipal) a.principal = e.key;
    a.account = e.account;
    return a;
}

void Decider::add_evidence(Alert& a, std::uint32_t list) const {
    if (list == kNone) return;
    std::vector<EventRef> copy = s_.samples[list];
    merge_samples(a.events, std::move(copy));
}

// An alert that names several new values shows the earliest event of each (in the order they
// are named, as many as it keeps), then the earliest of the others: the earliest events alone
// could all belong to one value and leave the others it names without evidence.
void Decider::add_value_evidence(Alert& a, std::span<const std::uint32_t> entries) const {
    std::vector<EventRef> firsts, all;
    for (const std::uint32_t idx : entries) {
        const std::uint32_t list = s_.values[idx].samples;
        if (list == kNone || s_.samples[list].empty()) continue;
        const std::vector<EventRef>& kept = s_.samples[list];
        if (firsts.size() < kMaxSampleEvents) merge_samples(firsts, {kept.front()});
        std::vector<EventRef> copy = kept;
        merge_samples(all, std::move(copy));
    }
    for (EventRef& r : all) {
        if (firsts.size() >= kMaxSampleEvents) break;
        const auto at = std::lower_bound(firsts.begin(), firsts.end(), r, earlier);
        if (at != firsts.end() && !earlier(r, *at)) continue;  // already shown
        firsts.insert(at, std::move(r));
    }
    merge_samples(a.events, std::move(firsts));
}

std::string Decider::value_detail(const ValueEntry& v) const {
    std::string out(s_.value_text(v));
    if (v.dim == Dimension::kAsn && asn_ != nullptr) {
        std::uint32_t number = 0;
        const std::string_view text = s_.value_text(v);
        for (char c : text.substr(2)) number = number * 10 + static_cast<std::uint32_t>(c - '0');
        if (const auto name = asn_->name_of(number); !name.empty()) {
            out += " ";
            out += name;
        }
    }
    return out + " (" + span_text(v.count, v.first_ms, v.last_ms) + ")";
}

void Decider::novelty_alert(const Entity& e,
                            const Profile& p,
                            Dimension d,
                            const std::vector<std::uint32_t>& fresh) {
    Alert a = start(rule_for(d), e);
    const bool plural = fresh.size() > 1;
    std::string msg = opening(d, fresh.size());
    msg += plural ? " by " + who_text(e) + ": " : " ";
    a.first_ms = std::numeric_limits<std::int64_t>::max();
    a.last_ms = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        const ValueEntry& v = s_.values[fresh[i]];
        if (i < kMaxListed) msg += (i > 0 ? ", " : "") + value_detail(v);
        a.count += v.count;
        a.first_ms = std::min(a.first_ms, v.first_ms);
        a.last_ms = std::max(a.last_ms, v.last_ms);
    }
    add_value_evidence(a, fresh);
    if (fresh.size() > kMaxListed)
        msg += " and " + std::to_string(fresh.size() - kMaxListed) + " more";
    if (!plural) msg += " by " + who_text(e);
    msg += "; its baseline of " + history_text(p) + " had never seen " + (plural ? "them" : "it");
    a.message = std::move(msg);
    alerts_.push_back(std::move(a));
}

void Decider::place_alert(const Entity& e,
                          const Profile& p,
                          const std::vector<std::uint32_t>& countries,
                          const std::vector<std::uint32_t>& asns) {
    Alert a = start(AnomalyRule::kNewCountryOrAsn, e);
    std::string msg = "first activity from ";
    std::size_t listed = 0;
    std::uint64_t by_country = 0, by_asn = 0;
    a.first_ms = std::numeric_limits<std::int64_t>::max();
    a.last_ms = std::numeric_limits<std::int64_t>::min();
    for (const auto* group : {&countries, &asns}) {
        for (const std::uint32_t idx : *group) {
            const ValueEntry& v = s_.values[idx];
            if (listed < kMaxListed) {
                msg += listed > 0 ? ", " : "";
                msg += v.dim == Dimension::kCountry ? "country " : "";
                msg += value_detail(v);
            }
            ++listed;
            (v.dim == Dimension::kCountry ? by_country : by_asn) += v.count;
            a.first_ms = std::min(a.first_ms, v.first_ms);
            a.last_ms = std::max(a.last_ms, v.last_ms);
        }
    }
    std::vector<std::uint32_t> named(countries);
    named.insert(named.end(), asns.begin(), asns.end());
    add_value_evidence(a, named);
    if (listed > kMaxListed) msg += " and " + std::to_string(listed - kMaxListed) + " more";
    // The same events come from the new country and the new AS: count them once.
    a.count = std::max(by_country, by_asn);
    msg += " by " + who_text(e) + "; its baseline of " + history_text(p) + " had never seen " +
           (listed > 1 ? "them" : "it");
    a.message = std::move(msg);
    alerts_.push_back(std::move(a));
}

void Decider::novelties(std::uint32_t ent,
                        const Profile& p,
                        std::span<const std::uint32_t> entries) {
    const Entity& e = s_.entities[ent];
    const bool places = eff_.asn_data && asn_ != nullptr && !asn_->empty();
    std::array<std::vector<std::uint32_t>, kDimensionCount> fresh;
    for (const std::uint32_t idx : entries) {
        const ValueEntry& v = s_.values[idx];
        const Dimension d = v.dim;
        if (p[d].capped) continue;  // too diverse for "new" to mean anything
        if ((d == Dimension::kAsn || d == Dimension::kCountry) && !places) continue;
        const std::string_view text = s_.value_text(v);
        if (p[d].contains(text)) continue;
        if (e.kind == ProfileKind::kAccount) {
            account_new_.emplace(e.key, d, std::string(text));
        } else if ((d == Dimension::kService || d == Dimension::kRegion) &&
                   account_new_.contains({e.account, d, std::string(text)})) {
            continue;  // new for the whole account: that alert says it
        }
        fresh[static_cast<std::size_t>(d)].push_back(idx);
    }
    for (std::size_t d = 0; d < kDimensionCount; ++d) {
        const auto dim = static_cast<Dimension>(d);
        if (dim == Dimension::kAsn || dim == Dimension::kCountry || fresh[d].empty()) continue;
        novelty_alert(e, p, dim, fresh[d]);
    }
    const auto& countries = fresh[static_cast<std::size_t>(Dimension::kCountry)];
    const auto& asns = fresh[static_cast<std::size_t>(Dimension::kAsn)];
    if (!countries.empty() || !asns.empty()) place_alert(e, p, countries, asns);
}

void Decider::new_principal(const Entity& e) {
    if (e.type == "AWSService") return;  // services act for the account: not a new identity
    const Profile* account = eff_.find(ProfileKind::kAccount, e.account);
    if (!has_history(account, o_)) return;
    Alert a = start(AnomalyRule::kNewPrincipal, e);
    a.count = e.checked;
    a.first_ms = e.checked_first;
    a.last_ms = e.checked_last;
    add_evidence(a, e.samples);
    a.message = e.key + (e.type.empty() ? "" : " (" + e.type + ")") + " acted in account " +
                e.account + ", whose baseline of " + history_text(*account) +
                " had never seen it: " + span_text(e.checked, e.checked_first, e.checked_last);
    alerts_.push_back(std::move(a));
}

void Decider::burst(std::uint32_t ent, const Profile* p, std::span<const DeniedMinute> minutes) {
    const std::int64_t window = std::max<std::int64_t>(o_.burst_window_ms, kMsPerMinute);
    const std::int64_t width = (window + kMsPerMinute - 1) / kMsPerMinute;  // whole minutes
    HourStats base;
    if (p != nullptr) base = p->volume();
    const double base_rate =
        base.hours > 0 ? static_cast<double>(base.denied) / static_cast<double>(base.hours) : 0;
    auto qualifies = [&](std::uint64_t n) {
        return n >= o_.burst_min_denied && n > base.max_denied &&
               static_cast<double>(n) * 60.0 / static_cast<double>(width) >=
                   o_.burst_factor * base_rate;
    };
    auto minute_of = [](const DeniedMinute& m) { return floor_div(m.first_ms, kMsPerMinute); };
    std::size_t l = 0, best_l = 0, best_r = 0;
    std::uint64_t sum = 0, best = 0, bursts = 0;
    std::int64_t counted_until = std::numeric_limits<std::int64_t>::min();
    for (std::size_t r = 0; r < minutes.size(); ++r) {
        sum += minutes[r].count;
        while (minute_of(minutes[r]) - minute_of(minutes[l]) >= width) sum -= minutes[l++].count;
        if (!qualifies(sum)) continue;
        if (sum > best) best = sum, best_l = l, best_r = r;
        if (minute_of(minutes[l]) > counted_until) {
            ++bursts;
            counted_until = minute_of(minutes[r]);
        }
    }
    if (best == 0) return;
    const Entity& e = s_.entities[ent];
    Alert a = start(AnomalyRule::kDeniedBurst, e);
    a.count = best;
    a.first_ms = minutes[best_l].first_ms;
    a.last_ms = minutes[best_l].last_ms;
    for (std::size_t i = best_l; i <= best_r; ++i)
        a.last_ms = std::max(a.last_ms, minutes[i].last_ms);
    for (std::int64_t b = floor_div(a.first_ms, window); b <= floor_div(a.last_ms, window); ++b) {
        const auto it = s_.denied_samples.find(pair_key(ent, b));
        if (it == s_.denied_samples.end() || it->second == kNone) continue;
        std::vector<EventRef> inside;
        for (const EventRef& r : s_.samples[it->second]) {
            if (r.time_ms >= a.first_ms && r.time_ms <= a.last_ms) inside.push_back(r);
        }
        merge_samples(a.events, std::move(inside));
    }
    std::set<std::string> codes;
    for (const EventRef& r : a.events) codes.insert(r.error_code);
    std::string msg = group_digits(best) + " denied calls within " + std::to_string(width) +
                      " minutes (" + time_text(a.first_ms) + " to " + time_text(a.last_ms) +
                      ") by " + who_text(e);
    if (!codes.empty()) {
        msg += ": ";
        bool first = true;
        for (const auto& c : codes) msg += (first ? "" : ", ") + c, first = false;
    }
    if (p == nullptr) {
        msg += "; it has no baseline";
    } else {
        msg += "; its baseline of " + history_text(*p) + ": " + decimal(base_rate) +
               " denied calls per active hour, at most " + group_digits(base.max_denied) +
               " in one hour";
    }
    if (bursts > 1) msg += "; " + std::to_string(bursts) + " such bursts in all, the largest shown";
    a.message = std::move(msg);
    alerts_.push_back(std::move(a));
}

void Decider::spike(const Entity& e, const Profile& p, std::span<const HourSlot* const> hours) {
    const HourStats v = p.volume();
    if (v.hours == 0) return;
    const double sigma = v.sigma();
    std::vector<const HourSlot*> high;
    for (const HourSlot* h : hours) {
        const auto n = static_cast<double>(h->checked);
        if (n > v.mean + o_.spike_sigmas * sigma &&
            n > o_.spike_max_factor * static_cast<double>(v.max_events) &&
            h->checked >= o_.spike_min_events) {
            high.push_back(h);
        }
    }
    if (high.empty()) return;
    const HourSlot* peak = high.front();
    for (const HourSlot* h : high) {
        if (h->checked > peak->checked) peak = h;
    }
    Alert a = start(AnomalyRule::kVolumeSpike, e);
    a.first_ms = high.front()->hour * kMsPerHour;
    a.last_ms = high.back()->hour * kMsPerHour + kMsPerHour - 1;
    for (const HourSlot* h : high) a.count += h->checked;
    add_evidence(a, peak->samples);
    for (const HourSlot* h : high) {
        if (h != peak && a.events.size() < kMaxSampleEvents) add_evidence(a, h->samples);
    }
    std::string msg = events_text(peak->checked) + " in hour " + hour_text(peak->hour) + " by " +
                      who_text(e) + "; its baseline: mean " + decimal(v.mean) +
                      " events per active hour, sigma " + decimal(sigma) + ", busiest hour " +
                      group_digits(v.max_events) + ", over " + group_digits(v.hours) +
                      " active hours";
    if (high.size() > 1) {
        msg += "; also above it: ";
        std::size_t listed = 0;
        for (const HourSlot* h : high) {
            if (h == peak) continue;
            if (listed == kMaxOtherHours) {
                msg += " and " + std::to_string(high.size() - 1 - listed) + " more";
                break;
            }
            msg += (listed++ > 0 ? ", " : "") + hour_text(h->hour) + " (" +
                   events_text(h->checked) + ")";
        }
    }
    a.message = std::move(msg);
    alerts_.push_back(std::move(a));
}

std::vector<Alert> Decider::run() {
    // The checked values of each entity, by dimension and value.
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < s_.values.size(); ++i) {
        if ((s_.values[i].flags & kChecked) != 0) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const ValueEntry& x = s_.values[a];
        const ValueEntry& y = s_.values[b];
        return std::tuple(x.entity, x.dim, s_.value_text(x)) <
               std::tuple(y.entity, y.dim, s_.value_text(y));
    });
    std::vector<std::span<const std::uint32_t>> by_entity(s_.entities.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && s_.values[order[j]].entity == s_.values[order[i]].entity) ++j;
        by_entity[s_.values[order[i]].entity] = std::span(order).subspan(i, j - i);
        i = j;
    }
    std::vector<std::vector<const HourSlot*>> hours(s_.entities.size());
    for (const HourSlot& h : s_.hours) {
        if (h.checked > 0) hours[h.entity].push_back(&h);
    }
    for (auto& list : hours) {
        std::sort(list.begin(), list.end(),
                  [](const HourSlot* a, const HourSlot* b) { return a->hour < b->hour; });
    }
    std::vector<std::vector<DeniedMinute>> denied(s_.entities.size());
    for (const auto& [key, m] : s_.denied_minutes) denied[key >> 32].push_back(m);
    for (auto& list : denied) {
        std::sort(list.begin(), list.end(), [](const DeniedMinute& a, const DeniedMinute& b) {
            return a.first_ms < b.first_ms;
        });
    }
    // Accounts first: what is new for a whole account is said once, not once per principal.
    for (std::uint32_t i = 0; i < s_.entities.size(); ++i) {
        const Entity& e = s_.entities[i];
        if (e.kind != ProfileKind::kAccount || e.checked == 0) continue;
        const Profile* p = eff_.find(e.kind, e.key);
        if (has_history(p, o_)) novelties(i, *p, by_entity[i]);
    }
    for (std::uint32_t i = 0; i < s_.entities.size(); ++i) {
        const Entity& e = s_.entities[i];
        if (e.kind != ProfileKind::kPrincipal || e.checked == 0) continue;
        const Profile* p = eff_.find(e.kind, e.key);
        if (p == nullptr) {
            new_principal(e);
        } else if (has_history(p, o_)) {
            novelties(i, *p, by_entity[i]);
            spike(e, *p, hours[i]);
        }
        burst(i, p, denied[i]);
    }
    std::sort(alerts_.begin(), alerts_.end(), [](const Alert& a, const Alert& b) {
        return std::tie(a.first_ms, a.rule_id, a.account, a.principal, a.message) <
               std::tie(b.first_ms, b.rule_id, b.account, b.principal, b.message);
    });
    return std::move(alerts_);
}

Baseline learned_baseline(const ConsumerState& s, const AnomalyDetector& d) {
    Baseline b;
    b.asn_data = d.ip2asn() != nullptr && !d.ip2asn()->empty();
    b.dropped_events = s.stats.dropped;
    std::vector<std::vector<HourCount>> hours(s.entities.size());
    for (const HourSlot& h : s.hours) {
        if (h.learned > 0) {
            hours[h.entity].push_back(
                HourCount{h.hour, clamp32(h.learned), clamp32(h.learned_denied)});
        }
    }
    std::vector<std::array<ValueSet, kDimensionCount>> values(s.entities.size());
    for (const ValueEntry& v : s.values) {
        if ((v.flags & kLearned) != 0) {
            values[v.entity][static_cast<std::size_t>(v.dim)].values.emplace_back(s.value_text(v));
        }
    }
    for (std::size_t i = 0; i < s.entities.size(); ++i) {
        const Entity& e = s.entities[i];
        if (e.learned == 0) continue;
        Profile& p = b.profiles.emplace_back();
        p.kind = e.kind;
        p.key = e.key;
        p.type = e.type;
        p.account = e.account;
        p.events = e.learned;
        p.denied = e.learned_denied;
        p.first_ms = e.learned_first;
        p.last_ms = e.learned_last;
        std::vector<HourCount>& hs = hours[i];
        std::sort(hs.begin(), hs.end(),
                  [](const HourCount& x, const HourCount& y) { return x.hour < y.hour; });
        for (const HourCount& h : hs) {
            const auto day = static_cast<std::int32_t>(floor_div(h.hour, 24));
            if (p.days.empty() || p.days.back() != day) p.days.push_back(day);
        }
        if (p.days.size() > Profile::kMaxDays) {
            const std::size_t drop = p.days.size() - Profile::kMaxDays;
            p.older_days = drop;
            p.days.erase(p.days.begin(), p.days.begin() + static_cast<std::ptrdiff_t>(drop));
        }
        if (hs.size() > Profile::kMaxHours) {
            const std::size_t fold = hs.size() - Profile::kMaxHours;
            for (std::size_t k = 0; k < fold; ++k) p.folded.add(hs[k].events, hs[k].denied);
            hs.erase(hs.begin(), hs.begin() + static_cast<std::ptrdiff_t>(fold));
        }
        p.hours = std::move(hs);
        for (std::size_t dim = 0; dim < kDimensionCount; ++dim) {
            ValueSet& set = values[i][dim];
            std::sort(set.values.begin(), set.values.end());
            set.capped = (e.capped[dim] & kLearned) != 0;
            p.values[dim] = std::move(set);
        }
    }
    std::sort(b.profiles.begin(), b.profiles.end(), [](const Profile& x, const Profile& y) {
        return std::tie(x.kind, x.key) < std::tie(y.kind, y.key);
    });
    return b;
}

}  // namespace

AnomalyResult decide(const AnomalyDetector& d, ConsumerState& s) {
    AnomalyResult r;
    r.learned = learned_baseline(s, d);
    r.stats = s.stats;
    r.stats.denied_dropped = s.denied_dropped;
    if (s.stats.checked == 0) return r;
    // What checked events are compared with: the loaded baseline and what this run learned.
    const Baseline* eff = &r.learned;
    Baseline merged;
    if (d.baseline() != nullptr) {
        if (r.learned.empty()) {
            eff = d.baseline();
        } else {
            merged = *d.baseline();
            merged.merge(r.learned, d.options().limits);
            eff = &merged;
        }
    }
    r.alerts = Decider(d, s, *eff).run();
    return r;
}

}  // namespace wasp::detect
