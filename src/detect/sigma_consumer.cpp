// Running Sigma rules over the events of one reading thread, merging threads, and turning what
// they saw into alerts.
#include <algorithm>

#include "core/time.h"
#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

// Matches kept for correlations per thread; beyond it they are counted and reported.
constexpr std::size_t kMaxKeptMatches = 1'000'000;

// One detection's matches for one principal in one account.
struct Aggregate {
    std::uint64_t count = 0;
    std::int64_t first_ms = kNoTime, last_ms = kNoTime;
    std::vector<EventRef> samples;  // earliest first, at most kMaxSampleEvents
};

// Whether an event not yet copied would come before a kept sample.
bool event_before(const Event& e, const EventRef& r) {
    if (e.time_ms != r.time_ms) return e.time_ms < r.time_ms;
    if (e.file != r.file) return e.file < r.file;
    return e.index < r.index;
}

void widen(Aggregate& a, std::int64_t t) {
    if (t == kNoTime) return;
    if (a.first_ms == kNoTime || t < a.first_ms) a.first_ms = t;
    if (a.last_ms == kNoTime || t > a.last_ms) a.last_ms = t;
}

void add_sample(std::vector<EventRef>& samples, EventRef r) {
    auto at = std::upper_bound(
        samples.begin(), samples.end(), r,
        [](const EventRef& a, const EventRef& b) { return evidence_before(a, b); });
    samples.insert(at, std::move(r));
    if (samples.size() > kMaxSampleEvents) samples.pop_back();
}

std::string when(std::int64_t ms) {
    return ms == kNoTime ? "an unknown time" : core::format_iso_time_ms(ms);
}

std::string plain_message(const SigmaRule& rule, const Alert& a, const Aggregate& g) {
    std::string m = rule.title + ": " + std::to_string(a.count) +
                    (a.count == 1 ? " matching event" : " matching events");
    if (!a.principal.empty()) m += " by " + a.principal;
    if (!a.account.empty()) m += " in account " + a.account;
    if (g.first_ms == g.last_ms) {
        m += ", at " + when(g.first_ms);
    } else {
        m += ", from " + when(g.first_ms) + " to " + when(g.last_ms);
    }
    m += '.';
    if (const std::string by = attribution(rule); !by.empty()) m += " " + by + ".";
    return m;
}

}  // namespace

struct SigmaConsumer::State {
    MatchContext ctx;
    std::string source_buf;
    std::uint64_t events = 0;
    std::uint64_t matches = 0;
    // Per rule: principal + '\x1f' + account -> aggregate.
    std::vector<std::unordered_map<std::string, Aggregate, StringHash, std::equal_to<>>> aggregates;
    std::string key;  // scratch for the aggregate key
    // Per rule: matches kept for correlations, their texts in one table.
    std::vector<Kept> kept;
    StringTable table;
    std::string value;                          // scratch for a kept field value
    std::vector<simdjson::dom::element> elems;  // scratch for field_text
    std::size_t kept_total = 0;
    std::uint64_t dropped = 0;
};

std::uint32_t StringTable::intern(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    auto [it, added] = ids_.emplace(std::string(s), static_cast<std::uint32_t>(by_id_.size()));
    by_id_.push_back(&it->first);
    return it->second;
}

Evidence make_evidence(const Event& e, StringTable& table) {
    Evidence v;
    v.time_ms = e.time_ms;
    v.index = e.index;
    v.json_lines = e.json_lines;
    v.file = table.intern(e.file);
    v.event_name = table.intern(e.event_name);
    v.event_source = table.intern(e.event_source);
    v.principal = table.intern(principal(e));
    v.source_ip = table.intern(e.source_ip);
    v.region = table.intern(e.aws_region);
    v.account = table.intern(e.recipient_account_id);
    v.user_agent = table.intern(e.user_agent);
    v.error_code = table.intern(e.error_code);
    v.event_id = std::string(e.event_id);
    v.event_time = std::string(e.event_time);
    return v;
}

EventRef to_ref(const Evidence& e, const StringTable& t) {
    EventRef r;
    r.event_id = e.event_id;
    r.event_time = e.event_time;
    r.event_name = t.at(e.event_name);
    r.event_source = t.at(e.event_source);
    r.principal = t.at(e.principal);
    r.source_ip = t.at(e.source_ip);
    r.region = t.at(e.region);
    r.account = t.at(e.account);
    r.user_agent = t.at(e.user_agent);
    r.error_code = t.at(e.error_code);
    r.file = t.at(e.file);
    r.index = e.index;
    r.json_lines = e.json_lines;
    r.time_ms = e.time_ms;
    return r;
}

bool evidence_before(const Evidence& a, const Evidence& b, const StringTable& t) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    if (a.file != b.file) return t.at(a.file) < t.at(b.file);
    return a.index < b.index;
}

bool evidence_before(const EventRef& a, const EventRef& b) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    if (a.file != b.file) return a.file < b.file;
    return a.index < b.index;
}

SigmaConsumer::SigmaConsumer(const RuleSet& rules)
    : engine_(&rules.engine()), state_(std::make_unique<State>()) {
    state_->aggregates.resize(engine_->metas.size());
    state_->kept.resize(engine_->metas.size());
}

SigmaConsumer::~SigmaConsumer() = default;

namespace {

void on_match(const SigmaEngine& engine, SigmaConsumer::State& s, std::uint32_t r, const Event& e) {
    ++s.matches;
    const CompiledRule& c = engine.compiled[r];
    if (c.alerts) {
        std::string& key = s.key;
        key.assign(principal(e));
        key += '\x1f';
        key += e.recipient_account_id;
        auto& map = s.aggregates[r];
        auto it = map.find(key);
        if (it == map.end()) it = map.emplace(key, Aggregate{}).first;
        Aggregate& a = it->second;
        ++a.count;
        widen(a, e.time_ms);
        if (a.samples.size() < kMaxSampleEvents || event_before(e, a.samples.back())) {
            add_sample(a.samples, event_ref(e));
        }
    }
    if (c.recorded) {
        if (e.time_ms == kNoTime) return;  // cannot be placed in a window
        if (s.kept_total >= kMaxKeptMatches) {
            ++s.dropped;
            return;
        }
        Kept& k = s.kept[r];
        Occurrence o;
        o.time_ms = e.time_ms;
        o.values = static_cast<std::uint32_t>(k.values.size());
        for (const auto& field : c.record_fields) {
            k.values.push_back(field_text(e, field, s.value, s.elems) ? s.table.intern(s.value)
                                                                      : kAbsent);
        }
        o.evidence = static_cast<std::uint32_t>(k.evidence.size());
        o.evidence_count = 1;
        k.evidence.push_back(make_evidence(e, s.table));
        k.occurrences.push_back(o);
        ++s.kept_total;
    }
}

}  // namespace

void SigmaConsumer::consume(const Event& e) {
    State& s = *state_;
    ++s.events;
    s.ctx.reset(e, engine_->top_slots);
    const RuleIndex& index = engine_->index;
    auto run = [&](const std::vector<std::uint32_t>& rules) {
        for (std::uint32_t r : rules) {
            if (detection_matches(engine_->compiled[r].detection, s.ctx))
                on_match(*engine_, s, r, e);
        }
    };
    if (auto it = index.by_name.find(s.ctx.folded_name); it != index.by_name.end()) {
        run(it->second);
    }
    if (!index.by_source.empty() && !e.event_source.empty()) {
        s.source_buf.assign(e.event_source);
        ascii_lower(s.source_buf);
        if (auto it = index.by_source.find(s.source_buf); it != index.by_source.end()) {
            run(it->second);
        }
    }
    run(index.always);
}

void SigmaConsumer::merge(SigmaConsumer&& other) {
    State& s = *state_;
    State& o = *other.state_;
    s.events += o.events;
    s.matches += o.matches;
    s.dropped += o.dropped;
    for (std::size_t r = 0; r < s.aggregates.size() && r < o.aggregates.size(); ++r) {
        for (auto& [key, theirs] : o.aggregates[r]) {
            Aggregate& mine = s.aggregates[r][key];
            mine.count += theirs.count;
            widen(mine, theirs.first_ms);
            widen(mine, theirs.last_ms);
            for (auto& ref : theirs.samples) add_sample(mine.samples, std::move(ref));
        }
        o.aggregates[r].clear();
    }
    // The other consumer's texts get ids in this one's table.
    std::vector<std::uint32_t> ids(o.table.size(), kAbsent);
    auto id = [&](std::uint32_t theirs) {
        if (theirs == kAbsent) return kAbsent;
        if (ids[theirs] == kAbsent) ids[theirs] = s.table.intern(o.table.at(theirs));
        return ids[theirs];
    };
    for (std::size_t r = 0; r < s.kept.size() && r < o.kept.size(); ++r) {
        Kept& mine = s.kept[r];
        Kept& theirs = o.kept[r];
        const auto value_base = static_cast<std::uint32_t>(mine.values.size());
        const auto evidence_base = static_cast<std::uint32_t>(mine.evidence.size());
        for (std::uint32_t v : theirs.values) mine.values.push_back(id(v));
        for (auto& ev : theirs.evidence) {
            for (std::uint32_t* f :
                 {&ev.file, &ev.event_name, &ev.event_source, &ev.principal, &ev.source_ip,
                  &ev.region, &ev.account, &ev.user_agent, &ev.error_code}) {
                *f = id(*f);
            }
            mine.evidence.push_back(std::move(ev));
        }
        for (auto occ : theirs.occurrences) {
            occ.values += value_base;
            occ.evidence += evidence_base;
            mine.occurrences.push_back(occ);
        }
        s.kept_total += theirs.occurrences.size();
        theirs = Kept{};
    }
    o.kept_total = 0;
}

std::uint64_t SigmaConsumer::events() const { return state_->events; }
std::uint64_t SigmaConsumer::matches() const { return state_->matches; }

std::vector<Alert> SigmaConsumer::alerts(core::Diagnostics& diags) {
    State& s = *state_;
    std::vector<Alert> out;
    for (std::uint32_t r = 0; r < s.aggregates.size(); ++r) {
        const SigmaRule& rule = engine_->metas[r];
        for (const auto& [key, a] : s.aggregates[r]) {
            Alert alert;
            alert.rule_id = rule.review_id();
            alert.title = rule.title;
            alert.severity = rule.severity();
            const std::size_t sep = key.find('\x1f');
            alert.principal = key.substr(0, sep);
            alert.account = key.substr(sep + 1);
            alert.first_ms = a.first_ms == kNoTime ? 0 : a.first_ms;
            alert.last_ms = a.last_ms == kNoTime ? 0 : a.last_ms;
            alert.count = a.count;
            alert.events = a.samples;
            alert.message = plain_message(rule, alert, a);
            out.push_back(std::move(alert));
        }
    }
    run_correlations(*engine_, s.kept, s.table, out);
    std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
        if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
        if (a.first_ms != b.first_ms) return a.first_ms < b.first_ms;
        if (a.principal != b.principal) return a.principal < b.principal;
        if (a.account != b.account) return a.account < b.account;
        if (a.last_ms != b.last_ms) return a.last_ms < b.last_ms;
        return a.message < b.message;
    });
    if (s.dropped > 0) {
        diags.push_back({core::DiagLevel::kWarning,
                         "sigma-correlation-limit",
                         std::to_string(s.dropped) +
                             " rule matches were not kept for correlations (at most " +
                             std::to_string(kMaxKeptMatches) +
                             " per reading thread); correlation alerts may be missing",
                         {}});
    }
    return out;
}

ConsumerFactory sigma_consumer_factory(const RuleSet& rules) {
    return [&rules]() -> std::unique_ptr<EventConsumer> {
        return std::make_unique<SigmaConsumer>(rules);
    };
}

std::unique_ptr<SigmaConsumer> merge_sigma_consumers(
    std::vector<std::unique_ptr<EventConsumer>> consumers) {
    std::unique_ptr<SigmaConsumer> first;
    for (auto& c : consumers) {
        auto* s = dynamic_cast<SigmaConsumer*>(c.get());
        if (!s) return nullptr;
        if (!first) {
            c.release();
            first.reset(s);
        } else {
            first->merge(std::move(*s));
        }
    }
    return first;
}

}  // namespace wasp::detect
