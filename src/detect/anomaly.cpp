// The anomaly consumer: what each reading thread records per event (the hot path), and the merge
// of the threads' records. Nothing is decided here: events arrive out of order across files and
// threads, so novelty is judged only after the merge (anomaly_decide.cpp).
#include <algorithm>
#include <cstring>

#include "detect/anomaly_internal.h"
#include "detect/ip2asn.h"

namespace wasp::detect {
namespace {

constexpr std::size_t kInitialSlots = 1024;

std::string_view key_of(const Identity& id, std::string& buf) {
    if (!id.present) return {};
    if (id.type == "AssumedRole") {
        if (const auto issuer = session_issuer_arn(id); !issuer.empty()) return issuer;
        // Without the issuer, the role is the session ARN less its session name.
        if (id.arn.find(":assumed-role/") != std::string_view::npos) {
            return id.arn.substr(0, id.arn.rfind('/'));
        }
        if (!id.arn.empty()) return id.arn;
        return id.principal_id.substr(0, id.principal_id.find(':'));
    }
    if (id.type == "Root") {
        if (!id.arn.empty()) return id.arn;
        if (id.account_id.empty()) return {};
        buf.assign("arn:aws:iam::").append(id.account_id).append(":root");
        return buf;
    }
    if (id.type == "AWSService") return !id.invoked_by.empty() ? id.invoked_by : id.principal_id;
    if (id.type == "AWSAccount") return !id.account_id.empty() ? id.account_id : id.principal_id;
    for (std::string_view s : {id.arn, id.principal_id, id.user_name, id.invoked_by}) {
        if (!s.empty()) return s;
    }
    return {};
}

// Cut at a UTF-8 character boundary, so a cut value still writes and reads back the same.
std::string_view clip(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0u) == 0x80u) --n;
    return s.substr(0, n);
}

bool icontains(std::string_view s, std::string_view needle) {
    return std::search(s.begin(), s.end(), needle.begin(), needle.end(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? a + 32 : a) == b;
           }) != s.end();
}

bool is_service_name(std::string_view s) {
    return s.find_first_of(" /") == std::string_view::npos && s.ends_with(".amazonaws.com");
}

// IPv4 is by far the common case: its /24 is written into buf without parsing twice.
std::string_view network_into(std::string_view ip, std::string& buf) {
    const auto addr = parse_ip(ip);
    if (!addr) return clip(ip, 128);
    if (addr->is_v4()) {
        char out[24];
        char* p = out;
        const std::uint32_t v = addr->v4();
        for (int shift = 24; shift >= 8; shift -= 8) {
            const unsigned octet = (v >> shift) & 0xffu;
            if (octet >= 100) *p++ = static_cast<char>('0' + octet / 100);
            if (octet >= 10) *p++ = static_cast<char>('0' + octet / 10 % 10);
            *p++ = static_cast<char>('0' + octet % 10);
            *p++ = '.';
        }
        std::memcpy(p, "0/24", 4);
        buf.assign(out, static_cast<std::size_t>(p - out) + 4);
    } else {
        buf = network_of(*addr);
    }
    return buf;
}

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

// The hash of a value for one entity and dimension, from the hash of its text alone, so that a
// value a principal and its account both record is hashed once.
std::uint64_t value_hash(std::uint64_t text, std::uint32_t entity, Dimension d) {
    const std::uint64_t who = (std::uint64_t{entity} << 8) | static_cast<std::uint64_t>(d);
    return mix(text ^ (who * 0x9e3779b97f4a7c15ull));
}

struct Ctx {
    const Event& e;
    bool learn = false;
    bool denied = false;
};

EventRef make_ref(const Ctx& c) {
    EventRef r;
    r.event_id = c.e.event_id;
    r.event_time = c.e.event_time;
    r.event_name = c.e.event_name;
    r.event_source = c.e.event_source;
    r.principal = principal(c.e);
    r.source_ip = c.e.source_ip;
    r.region = c.e.aws_region;
    r.account =
        !c.e.recipient_account_id.empty() ? c.e.recipient_account_id : c.e.identity.account_id;
    r.user_agent = c.e.user_agent;
    r.error_code = c.e.error_code;
    r.file = c.e.file;
    r.index = c.e.index;
    r.json_lines = c.e.json_lines;
    r.time_ms = c.e.time_ms;
    return r;
}

// Orders the event against a kept sample without building an EventRef first.
bool event_before(const Event& e, const EventRef& r) {
    if (e.time_ms != r.time_ms) return e.time_ms < r.time_ms;
    if (e.file != r.file) return e.file < r.file;
    return e.index < r.index;
}

class Recorder {
  public:
    Recorder(ConsumerState& s, const AnomalyDetector& d)
        : s_(s), o_(d.options()), base_(d.baseline()), asn_(d.ip2asn()) {}

    void consume(const Event& e);

  private:
    std::uint32_t entity(ProfileKind kind,
                         std::string_view key,
                         std::string_view type,
                         std::string_view account);
    void count(std::uint32_t who, const Ctx& c);
    // Records value v of dimension d for who (and for its account acct, if given); returns
    // who's entry, kNone when its set is full.
    std::uint32_t touch(std::uint32_t who,
                        Dimension d,
                        std::string_view v,
                        const Ctx& c,
                        std::uint32_t acct = kNone);
    std::uint32_t cached(std::uint32_t who, Dimension d, std::string_view v) const;
    std::uint32_t find_or_insert(
        std::uint32_t who, Dimension d, std::string_view v, std::uint64_t hash, const Ctx& c);
    void update(std::uint32_t idx, const Ctx& c);
    void add_sample(std::uint32_t& list, const Ctx& c, std::size_t keep = kMaxSampleEvents);
    void record_denied(std::uint32_t who, const Ctx& c);

    ConsumerState& s_;
    const AnomalyOptions& o_;
    const Baseline* base_;
    const Ip2Asn* asn_;
};

std::uint32_t Recorder::entity(ProfileKind kind,
                               std::string_view key,
                               std::string_view type,
                               std::string_view account) {
    const std::uint64_t h = entity_hash(kind, key);
    if (const std::uint32_t id = s_.index.find(s_.entities, kind, key, h); id != kNone) return id;
    if (s_.entities.size() >= o_.limits.max_profiles) return kNone;
    const auto id = static_cast<std::uint32_t>(s_.entities.size());
    Entity& ent = s_.entities.emplace_back();
    ent.kind = kind;
    ent.key = key;
    ent.key_hash = h;
    ent.type = clip(type, kMaxKeyBytes);
    ent.account = account;
    ent.base = base_ != nullptr ? base_->find(kind, key) : nullptr;
    // When this run learns too, the history is only known after the merge: keep evidence.
    ent.keep_samples = o_.learn_until_ms != kLearnNothing || has_history(ent.base, o_);
    s_.index.insert(s_.entities, id);
    return id;
}

void Recorder::count(std::uint32_t who, const Ctx& c) {
    Entity& ent = s_.entities[who];
    const std::int64_t t = c.e.time_ms;
    if (c.learn) {
        ++ent.learned;
        ent.learned_denied += c.denied ? 1 : 0;
        ent.learned_first = std::min(ent.learned_first, t);
        ent.learned_last = std::max(ent.learned_last, t);
    } else {
        ++ent.checked;
        ent.checked_denied += c.denied ? 1 : 0;
        ent.checked_first = std::min(ent.checked_first, t);
        ent.checked_last = std::max(ent.checked_last, t);
    }
    const auto hour = static_cast<std::int32_t>(floor_div(t, kMsPerHour));
    if (ent.last_hour != hour) {
        const auto [it, inserted] = s_.hour_index.try_emplace(
            pair_key(who, hour), static_cast<std::uint32_t>(s_.hours.size()));
        if (inserted) s_.hours.push_back(HourSlot{who, hour});
        ent.last_hour = hour;
        ent.last_hour_slot = it->second;
    }
    HourSlot& slot = s_.hours[ent.last_hour_slot];
    if (c.learn) {
        ++slot.learned;
        slot.learned_denied += c.denied ? 1 : 0;
        return;
    }
    ++slot.checked;
    slot.checked_denied += c.denied ? 1 : 0;
    if (ent.kind != ProfileKind::kPrincipal) return;
    // The earliest events of every hour: which hour spikes is known only after the merge.
    if (ent.keep_samples) add_sample(slot.samples, c, kHourSamples);
    if (ent.base == nullptr) add_sample(s_.entities[who].samples, c);
}

// The entry of who's last value in d, when v is that value: most events repeat it.
std::uint32_t Recorder::cached(std::uint32_t who, Dimension d, std::string_view v) const {
    const std::uint32_t idx = s_.entities[who].last_value[static_cast<std::size_t>(d)];
    return idx != kNone && s_.value_text(s_.values[idx]) == v ? idx : kNone;
}

std::uint32_t Recorder::touch(
    std::uint32_t who, Dimension d, std::string_view v, const Ctx& c, std::uint32_t acct) {
    if (v.empty()) return kNone;
    v = clip(v, kMaxValueBytes);
    std::uint64_t h = 0;
    bool hashed = false;
    std::uint32_t mine = kNone;
    for (const std::uint32_t ent : {who, acct}) {
        if (ent == kNone) continue;
        std::uint32_t idx = cached(ent, d, v);
        if (idx == kNone) {
            if (!hashed) h = text_hash(v), hashed = true;
            idx = find_or_insert(ent, d, v, h, c);
            if (idx == kNone) continue;
            s_.entities[ent].last_value[static_cast<std::size_t>(d)] = idx;
        }
        update(idx, c);
        if (ent == who) mine = idx;
    }
    return mine;
}

std::uint32_t Recorder::find_or_insert(
    std::uint32_t who, Dimension d, std::string_view v, std::uint64_t hash, const Ctx& c) {
    const std::uint64_t h = value_hash(hash, who, d);
    std::size_t mask = s_.slots.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        const std::uint32_t idx = s_.slots[i];
        if (idx == kNone) break;
        const ValueEntry& e = s_.values[idx];
        if (e.hash == h && e.entity == who && e.dim == d && s_.value_text(e) == v) return idx;
    }
    Entity& ent = s_.entities[who];
    const auto dim = static_cast<std::size_t>(d);
    if (ent.value_count[dim] >= o_.limits.max_values ||
        s_.arena.size() + v.size() > std::numeric_limits<std::uint32_t>::max()) {
        const std::uint8_t part = c.learn ? kLearned : kChecked;
        if (!c.learn && (ent.capped[dim] & kChecked) == 0) ++s_.stats.capped;
        ent.capped[dim] |= part;
        return kNone;
    }
    ++ent.value_count[dim];
    const auto idx = static_cast<std::uint32_t>(s_.values.size());
    ValueEntry& e = s_.values.emplace_back();
    e.hash = h;
    e.entity = who;
    e.offset = static_cast<std::uint32_t>(s_.arena.size());
    e.length = static_cast<std::uint16_t>(v.size());
    e.dim = d;
    if (ent.base != nullptr && ((*ent.base)[d].capped || (*ent.base)[d].contains(v))) {
        e.flags = kKnown;
    }
    s_.arena.append(v);
    s_.slots[i] = idx;
    if (s_.values.size() * 2 > s_.slots.size()) {
        std::vector<std::uint32_t> grown(s_.slots.size() * 2, kNone);
        mask = grown.size() - 1;
        for (std::uint32_t k = 0; k < s_.values.size(); ++k) {
            std::size_t j = s_.values[k].hash & mask;
            while (grown[j] != kNone) j = (j + 1) & mask;
            grown[j] = k;
        }
        s_.slots = std::move(grown);
    }
    // A new network: its AS and country, looked up once per principal and network.
    if (d == Dimension::kNetwork && asn_ != nullptr) {
        if (const auto ip = parse_ip(c.e.source_ip)) {
            if (const auto info = asn_->lookup(*ip)) {
                std::string as_text = "AS" + std::to_string(info->asn);
                const std::uint32_t a =
                    find_or_insert(who, Dimension::kAsn, as_text, text_hash(as_text), c);
                const std::uint32_t k =
                    info->country.empty() ? kNone
                                          : find_or_insert(who, Dimension::kCountry, info->country,
                                                           text_hash(info->country), c);
                s_.values[idx].asn = a;
                s_.values[idx].country = k;
            }
        }
    }
    return idx;
}

void Recorder::update(std::uint32_t idx, const Ctx& c) {
    ValueEntry& v = s_.values[idx];
    if (c.learn) {
        v.flags |= kLearned;
    } else {
        v.flags |= kChecked;
        ++v.count;
        v.first_ms = std::min(v.first_ms, c.e.time_ms);
        v.last_ms = std::max(v.last_ms, c.e.time_ms);
        if ((v.flags & kKnown) == 0 && s_.entities[v.entity].keep_samples) {
            add_sample(s_.values[idx].samples, c);
        }
    }
    const ValueEntry& n = s_.values[idx];
    if (n.dim != Dimension::kNetwork) return;
    if (n.asn != kNone) update(n.asn, c);
    if (s_.values[idx].country != kNone) update(s_.values[idx].country, c);
}

void Recorder::add_sample(std::uint32_t& list, const Ctx& c, std::size_t keep) {
    if (list == kNone) {
        if (s_.sample_events >= o_.max_samples) {
            ++s_.stats.samples_dropped;
            return;
        }
        list = static_cast<std::uint32_t>(s_.samples.size());
        s_.samples.emplace_back();
    }
    std::vector<EventRef>& kept = s_.samples[list];
    if (kept.size() >= keep) {
        if (!event_before(c.e, kept.back())) return;
        kept.pop_back();
        --s_.sample_events;
    } else if (s_.sample_events >= o_.max_samples) {
        ++s_.stats.samples_dropped;
        return;
    }
    EventRef r = make_ref(c);
    kept.insert(std::upper_bound(kept.begin(), kept.end(), r, earlier), std::move(r));
    ++s_.sample_events;
}

void Recorder::record_denied(std::uint32_t who, const Ctx& c) {
    const std::int64_t t = c.e.time_ms;
    const std::uint64_t key = pair_key(who, floor_div(t, kMsPerMinute));
    auto it = s_.denied_minutes.find(key);
    if (it == s_.denied_minutes.end()) {
        if (s_.denied_minutes.size() >= kMaxDeniedMinutes) {
            ++s_.denied_dropped;
            return;
        }
        it = s_.denied_minutes.emplace(key, DeniedMinute{}).first;
    }
    ++it->second.count;
    it->second.first_ms = std::min(it->second.first_ms, t);
    it->second.last_ms = std::max(it->second.last_ms, t);
    const std::int64_t window = std::max<std::int64_t>(o_.burst_window_ms, kMsPerMinute);
    auto [list, inserted] =
        s_.denied_samples.try_emplace(pair_key(who, floor_div(t, window)), kNone);
    add_sample(list->second, c);
}

void Recorder::consume(const Event& e) {
    ++s_.stats.events;
    if (e.time_ms < 0 || e.time_ms > kLatestTimeMs) {  // kNoTime too
        ++s_.stats.untimed;
        return;
    }
    const std::string_view key = key_of(e.identity, s_.key_buf);
    const std::string_view account =
        !e.recipient_account_id.empty() ? e.recipient_account_id : e.identity.account_id;
    if (key.empty() || key.size() > kMaxKeyBytes || account.size() > kMaxKeyBytes) {
        ++s_.stats.unattributed;
        return;
    }
    std::uint32_t who = s_.last_principal;
    if (who == kNone || s_.entities[who].key != key) {
        who = entity(ProfileKind::kPrincipal, key, e.identity.type, account);
        if (who == kNone) {
            ++s_.stats.dropped;
            return;
        }
        s_.last_principal = who;
    }
    std::uint32_t acct = kNone;
    if (!account.empty()) {
        // A principal nearly always acts in one account: remember which entity that is.
        const Entity& pe = s_.entities[who];
        acct = pe.account_entity != kNone && pe.account == account
                   ? pe.account_entity
                   : entity(ProfileKind::kAccount, account, {}, account);
        if (s_.entities[who].account == account) s_.entities[who].account_entity = acct;
    }
    const Ctx c{e, e.time_ms < o_.learn_until_ms, !e.error_code.empty() && is_denied(e.error_code)};
    ++(c.learn ? s_.stats.learned : s_.stats.checked);
    count(who, c);
    if (acct != kNone) count(acct, c);

    touch(who, Dimension::kService, e.event_source, c, acct);
    touch(who, Dimension::kRegion, e.aws_region, c, acct);
    if (e.read_only == 0 && !e.event_source.empty() && !e.event_name.empty()) {
        s_.value_buf.assign(e.event_source).append(":").append(e.event_name);
        touch(who, Dimension::kWriteCall, s_.value_buf, c);
    }
    // The address and the user agent repeat for a principal far more often than they change:
    // when the raw text is the last one, its normalised entry is too.
    Entity& pe = s_.entities[who];
    const auto net = static_cast<std::size_t>(Dimension::kNetwork);
    if (!e.source_ip.empty() && pe.last_value[net] != kNone && pe.last_ip == e.source_ip) {
        update(pe.last_value[net], c);
    } else if (!e.source_ip.empty() && touch(who, Dimension::kNetwork,
                                             network_into(e.source_ip, s_.value_buf), c) != kNone) {
        s_.entities[who].last_ip = e.source_ip;
    }
    const auto ua = static_cast<std::size_t>(Dimension::kUserAgent);
    Entity& pa = s_.entities[who];
    if (!e.user_agent.empty() && pa.last_value[ua] != kNone && pa.last_agent == e.user_agent) {
        update(pa.last_value[ua], c);
    } else if (touch(who, Dimension::kUserAgent, user_agent_family(e.user_agent), c) != kNone) {
        s_.entities[who].last_agent = e.user_agent;
    }
    if (c.denied && !c.learn) record_denied(who, c);
}

}  // namespace

// --- public helpers ---------------------------------------------------------------------------

std::string_view to_string(Dimension d) {
    switch (d) {
        case Dimension::kService:
            return "services";
        case Dimension::kWriteCall:
            return "write_calls";
        case Dimension::kRegion:
            return "regions";
        case Dimension::kNetwork:
            return "networks";
        case Dimension::kAsn:
            return "asns";
        case Dimension::kCountry:
            return "countries";
        case Dimension::kUserAgent:
            return "user_agents";
    }
    return "?";
}

std::optional<Dimension> parse_dimension(std::string_view name) {
    for (std::size_t i = 0; i < kDimensionCount; ++i) {
        const auto d = static_cast<Dimension>(i);
        if (to_string(d) == name) return d;
    }
    return std::nullopt;
}

std::string_view actor_key(const Event& e, std::string& buf) { return key_of(e.identity, buf); }

std::string_view user_agent_family(std::string_view ua) {
    while (!ua.empty() && (ua.front() == ' ' || ua.front() == '[')) ua.remove_prefix(1);
    while (!ua.empty() && (ua.back() == ' ' || ua.back() == ']')) ua.remove_suffix(1);
    if (ua.empty()) return {};
    // Terraform names itself after the SDK ("aws-sdk-go/1.44 ... Terraform/1.5") or after
    // "APN/1.0 HashiCorp/1.0": the tool matters more than its SDK.
    if (ua.find("Terraform/") != std::string_view::npos) return "Terraform";
    if (ua.starts_with("Mozilla/")) return "browser";
    const std::string_view token = ua.substr(0, ua.find_first_of("/ ,;()[]"));
    if (icontains(token, "console") || token == "signin.amazonaws.com") return "console";
    if (is_service_name(ua) || ua == "AWS Internal") return ua;
    if (token.empty()) return clip(ua, 64);
    return clip(token, 64);
}

std::string source_network(std::string_view source_ip) {
    std::string buf;
    const std::string_view net = network_into(source_ip, buf);
    return std::string(net);
}

bool is_denied(std::string_view code) {
    return code.find("AccessDenied") != std::string_view::npos ||
           code.find("UnauthorizedOperation") != std::string_view::npos ||
           code.find("NotAuthorized") != std::string_view::npos;
}

bool earlier(const EventRef& a, const EventRef& b) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    if (a.file != b.file) return a.file < b.file;
    return a.index < b.index;
}

void merge_samples(std::vector<EventRef>& into, std::vector<EventRef>&& from, std::size_t keep) {
    std::vector<EventRef> out;
    out.reserve(std::min(into.size() + from.size(), keep));
    auto a = into.begin();
    auto b = from.begin();
    while (out.size() < keep && (a != into.end() || b != from.end())) {
        if (a != into.end() && b != from.end() && !earlier(*a, *b) && !earlier(*b, *a)) {
            ++b;  // the same event, cited twice (a new country and its new AS)
        } else if (b == from.end() || (a != into.end() && earlier(*a, *b))) {
            out.push_back(std::move(*a++));
        } else {
            out.push_back(std::move(*b++));
        }
    }
    into = std::move(out);
}

// --- the consumer -----------------------------------------------------------------------------

AnomalyConsumer::AnomalyConsumer(const AnomalyDetector& detector)
    : state_(std::make_unique<ConsumerState>()) {
    state_->detector = &detector;
    state_->slots.assign(kInitialSlots, kNone);
}

AnomalyConsumer::~AnomalyConsumer() = default;

void AnomalyConsumer::consume(const Event& e) { Recorder(*state_, *state_->detector).consume(e); }

void AnomalyConsumer::merge(AnomalyConsumer& other) {
    if (&other == this || !other.state_) return;
    state_->merge(*other.state_);
    other.state_ = std::make_unique<ConsumerState>();
    other.state_->detector = state_->detector;
    other.state_->slots.assign(kInitialSlots, kNone);
}

namespace {

void merge_list(ConsumerState& s,
                std::uint32_t& into,
                ConsumerState& o,
                std::uint32_t from,
                std::size_t keep = kMaxSampleEvents) {
    if (from == kNone || o.samples[from].empty()) return;
    if (into == kNone) {
        into = static_cast<std::uint32_t>(s.samples.size());
        s.samples.push_back(std::move(o.samples[from]));
        return;
    }
    merge_samples(s.samples[into], std::move(o.samples[from]), keep);
}

// Where other's value lands here; kNone when the entity's value set here is full.
std::uint32_t place_value(ConsumerState& s,
                          const ValueEntry& v,
                          std::uint32_t who,
                          std::string_view text) {
    const std::uint64_t h = value_hash(text_hash(text), who, v.dim);
    std::size_t mask = s.slots.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        const std::uint32_t idx = s.slots[i];
        if (idx == kNone) break;
        const ValueEntry& e = s.values[idx];
        if (e.hash == h && e.entity == who && e.dim == v.dim && s.value_text(e) == text) return idx;
    }
    Entity& ent = s.entities[who];
    const auto dim = static_cast<std::size_t>(v.dim);
    const std::size_t max_values = s.detector->options().limits.max_values;
    if (ent.value_count[dim] >= max_values ||
        s.arena.size() + text.size() > std::numeric_limits<std::uint32_t>::max()) {
        const std::uint8_t part = v.flags & (kLearned | kChecked);
        if ((part & kChecked) != 0 && (ent.capped[dim] & kChecked) == 0) ++s.stats.capped;
        ent.capped[dim] |= part;
        return kNone;
    }
    ++ent.value_count[dim];
    const auto idx = static_cast<std::uint32_t>(s.values.size());
    ValueEntry& e = s.values.emplace_back();
    e.hash = h;
    e.entity = who;
    e.offset = static_cast<std::uint32_t>(s.arena.size());
    e.length = static_cast<std::uint16_t>(text.size());
    e.dim = v.dim;
    e.flags = v.flags & kKnown;
    s.arena.append(text);
    s.slots[i] = idx;
    if (s.values.size() * 2 > s.slots.size()) {
        std::vector<std::uint32_t> grown(s.slots.size() * 2, kNone);
        mask = grown.size() - 1;
        for (std::uint32_t k = 0; k < s.values.size(); ++k) {
            std::size_t j = s.values[k].hash & mask;
            while (grown[j] != kNone) j = (j + 1) & mask;
            grown[j] = k;
        }
        s.slots = std::move(grown);
    }
    return idx;
}

}  // namespace

void ConsumerState::merge(ConsumerState& o) {
    const AnomalyOptions& opt = detector->options();
    std::vector<std::uint32_t> who(o.entities.size(), kNone);
    for (std::size_t i = 0; i < o.entities.size(); ++i) {
        Entity& oe = o.entities[i];
        std::uint32_t id = index.find(entities, oe.kind, oe.key, oe.key_hash);
        if (id == kNone && entities.size() < opt.limits.max_profiles) {
            id = static_cast<std::uint32_t>(entities.size());
            Entity& ne = entities.emplace_back();
            ne.kind = oe.kind;
            ne.key = oe.key;
            ne.key_hash = oe.key_hash;
            ne.type = oe.type;
            ne.account = oe.account;
            ne.base = oe.base;
            ne.keep_samples = oe.keep_samples;
            index.insert(entities, id);
        } else if (id == kNone) {
            if (oe.kind == ProfileKind::kPrincipal) stats.dropped += oe.learned + oe.checked;
            continue;
        }
        who[i] = id;
        Entity& e = entities[id];
        if (e.type.empty()) e.type = oe.type;
        if (e.account.empty()) e.account = oe.account;
        e.learned += oe.learned;
        e.learned_denied += oe.learned_denied;
        e.learned_first = std::min(e.learned_first, oe.learned_first);
        e.learned_last = std::max(e.learned_last, oe.learned_last);
        e.checked += oe.checked;
        e.checked_denied += oe.checked_denied;
        e.checked_first = std::min(e.checked_first, oe.checked_first);
        e.checked_last = std::max(e.checked_last, oe.checked_last);
        for (std::size_t d = 0; d < kDimensionCount; ++d) e.capped[d] |= oe.capped[d];
        merge_list(*this, e.samples, o, oe.samples);
    }
    std::vector<std::uint32_t> placed(o.values.size(), kNone);
    for (std::size_t j = 0; j < o.values.size(); ++j) {
        const ValueEntry& ov = o.values[j];
        if (who[ov.entity] == kNone) continue;
        const std::uint32_t idx = place_value(*this, ov, who[ov.entity], o.value_text(ov));
        if (idx == kNone) continue;
        placed[j] = idx;
        ValueEntry& v = values[idx];
        v.flags |= ov.flags;
        v.count += ov.count;
        v.first_ms = std::min(v.first_ms, ov.first_ms);
        v.last_ms = std::max(v.last_ms, ov.last_ms);
        merge_list(*this, values[idx].samples, o, ov.samples);
    }
    for (std::size_t j = 0; j < o.values.size(); ++j) {
        if (placed[j] == kNone) continue;
        ValueEntry& v = values[placed[j]];
        if (v.asn == kNone && o.values[j].asn != kNone) v.asn = placed[o.values[j].asn];
        if (v.country == kNone && o.values[j].country != kNone) {
            v.country = placed[o.values[j].country];
        }
    }
    for (const HourSlot& oh : o.hours) {
        if (who[oh.entity] == kNone) continue;
        const auto [it, inserted] = hour_index.try_emplace(
            pair_key(who[oh.entity], oh.hour), static_cast<std::uint32_t>(hours.size()));
        if (inserted) hours.push_back(HourSlot{who[oh.entity], oh.hour});
        HourSlot& h = hours[it->second];
        h.learned += oh.learned;
        h.learned_denied += oh.learned_denied;
        h.checked += oh.checked;
        h.checked_denied += oh.checked_denied;
        merge_list(*this, hours[it->second].samples, o, oh.samples, kHourSamples);
    }
    for (const auto& [key, m] : o.denied_minutes) {
        const auto ent = static_cast<std::uint32_t>(key >> 32);
        if (who[ent] == kNone) continue;
        DeniedMinute& d = denied_minutes[(std::uint64_t{who[ent]} << 32) | (key & 0xffffffffu)];
        d.count += m.count;
        d.first_ms = std::min(d.first_ms, m.first_ms);
        d.last_ms = std::max(d.last_ms, m.last_ms);
    }
    for (const auto& [key, list] : o.denied_samples) {
        const auto ent = static_cast<std::uint32_t>(key >> 32);
        if (who[ent] == kNone) continue;
        auto [it, inserted] = denied_samples.try_emplace(
            (std::uint64_t{who[ent]} << 32) | (key & 0xffffffffu), kNone);
        merge_list(*this, it->second, o, list);
    }
    stats.events += o.stats.events;
    stats.learned += o.stats.learned;
    stats.checked += o.stats.checked;
    stats.untimed += o.stats.untimed;
    stats.unattributed += o.stats.unattributed;
    stats.dropped += o.stats.dropped;
    stats.capped += o.stats.capped;
    stats.samples_dropped += o.stats.samples_dropped;
    denied_dropped += o.denied_dropped;
    sample_events += o.sample_events;
    last_principal = kNone;
}

// --- the detector -----------------------------------------------------------------------------

AnomalyDetector::AnomalyDetector(AnomalyOptions options,
                                 const Baseline* baseline,
                                 const Ip2Asn* ip2asn)
    : options_(options), baseline_(baseline), ip2asn_(ip2asn) {}

ConsumerFactory AnomalyDetector::factory() const {
    return [this] { return std::make_unique<AnomalyConsumer>(*this); };
}

AnomalyResult AnomalyDetector::finish(
    std::span<const std::unique_ptr<EventConsumer>> consumers) const {
    std::vector<AnomalyConsumer*> ours;
    for (const auto& c : consumers) {
        if (auto* a = dynamic_cast<AnomalyConsumer*>(c.get())) ours.push_back(a);
    }
    return finish(std::span<AnomalyConsumer* const>(ours));
}

AnomalyResult AnomalyDetector::finish(std::span<AnomalyConsumer* const> consumers) const {
    AnomalyConsumer* first = nullptr;
    for (AnomalyConsumer* c : consumers) {
        if (c == nullptr) continue;
        if (first == nullptr) {
            first = c;
        } else {
            first->merge(*c);
        }
    }
    if (first == nullptr) {
        ConsumerState empty;
        empty.detector = this;
        return decide(*this, empty);
    }
    AnomalyResult result = decide(*this, *first->state_);
    first->state_ = std::make_unique<ConsumerState>();
    first->state_->detector = this;
    first->state_->slots.assign(kInitialSlots, kNone);
    return result;
}

}  // namespace wasp::detect
