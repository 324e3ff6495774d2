// What one reading thread gathers for the anomaly models, shared by the consumer
// (anomaly.cpp), the decisions after the merge (anomaly_decide.cpp) and the rules' metadata.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/anomaly.h"
#include "detect/event.h"

namespace wasp::detect {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::int64_t kMsPerMinute = 60'000;
inline constexpr std::int64_t kMsPerHour = 3'600'000;
inline constexpr std::size_t kMaxValueBytes = 256;  // longer values are cut (at a UTF-8 boundary)
inline constexpr std::size_t kMaxDeniedMinutes = 4'000'000;  // per thread

// Flags of a ValueEntry.
inline constexpr std::uint8_t kLearned = 1;  // seen before the learning cut
inline constexpr std::uint8_t kChecked = 2;  // seen after it
inline constexpr std::uint8_t kKnown = 4;    // in the loaded baseline, or the dimension is capped

[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// A principal or an account as one thread saw it.
struct Entity {
    ProfileKind kind = ProfileKind::kPrincipal;
    std::string key, type, account;
    const Profile* base = nullptr;  // in the loaded baseline
    bool keep_samples = false;      // its novelties and spikes may alert: keep their evidence
    std::uint64_t learned = 0, learned_denied = 0;
    std::int64_t learned_first = std::numeric_limits<std::int64_t>::max();
    std::int64_t learned_last = std::numeric_limits<std::int64_t>::min();
    std::uint64_t checked = 0, checked_denied = 0;
    std::int64_t checked_first = std::numeric_limits<std::int64_t>::max();
    std::int64_t checked_last = std::numeric_limits<std::int64_t>::min();
    std::array<std::uint32_t, kDimensionCount> value_count{};
    std::array<std::uint8_t, kDimensionCount> capped{};  // kLearned / kChecked: which part hit it
    std::array<std::uint32_t, kDimensionCount> last_value{kNone, kNone, kNone, kNone,
                                                          kNone, kNone, kNone};
    std::int32_t last_hour = std::numeric_limits<std::int32_t>::min();
    std::uint32_t last_hour_slot = kNone;
    std::uint32_t samples = kNone;         // its earliest checked events, for a new principal
    std::uint32_t account_entity = kNone;  // a principal's account, once looked up
    std::string last_ip, last_agent;       // the raw texts behind last_value's entries
    std::uint64_t key_hash = 0;            // entity_hash(kind, key)
};

// A string hash for the consumer's tables, eight bytes a step: every event hashes its principal
// and the values it has not just seen, so this is on the hot path. Not for hostile-collision
// resistance (nor is std::hash); tables compare whole keys.
[[nodiscard]] inline std::uint64_t text_hash(std::string_view s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0x94d049bb133111ebull;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
}

[[nodiscard]] inline std::uint64_t entity_hash(ProfileKind kind, std::string_view key) {
    return text_hash(key) ^ (kind == ProfileKind::kAccount ? 0x5bd1e995u : 0);
}

// Entities by kind and key: open addressing over their ids, with the hash kept in the entity,
// so a look-up hashes the key once and compares it only on a hash match.
class EntityIndex {
  public:
    [[nodiscard]] std::uint32_t find(const std::vector<Entity>& ents,
                                     ProfileKind kind,
                                     std::string_view key,
                                     std::uint64_t h) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const std::uint32_t id = slots_[i];
            if (id == kNone) return kNone;
            const Entity& e = ents[id];
            if (e.key_hash == h && e.kind == kind && e.key == key) return id;
        }
    }
    void insert(const std::vector<Entity>& ents, std::uint32_t id) {
        if ((used_ + 1) * 2 > slots_.size()) {
            std::vector<std::uint32_t> grown(slots_.size() * 2, kNone);
            for (const std::uint32_t old : slots_) {
                if (old != kNone) place(grown, ents[old].key_hash, old);
            }
            slots_ = std::move(grown);
        }
        place(slots_, ents[id].key_hash, id);
        ++used_;
    }

  private:
    static void place(std::vector<std::uint32_t>& slots, std::uint64_t h, std::uint32_t id) {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = h & mask;
        while (slots[i] != kNone) i = (i + 1) & mask;
        slots[i] = id;
    }

    std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(256, kNone);
    std::size_t used_ = 0;
};

// One value of one dimension of one entity.
struct ValueEntry {
    std::uint64_t hash = 0;
    std::uint32_t entity = 0;
    std::uint32_t offset = 0;  // into ConsumerState::arena
    std::uint16_t length = 0;
    Dimension dim = Dimension::kService;
    std::uint8_t flags = 0;
    std::uint64_t count = 0;  // checked events
    std::int64_t first_ms = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_ms = std::numeric_limits<std::int64_t>::min();
    std::uint32_t samples = kNone;
    std::uint32_t asn = kNone, country = kNone;  // a network's AS and country entries
};

struct HourSlot {
    std::uint32_t entity = 0;
    std::int32_t hour = 0;
    std::uint64_t learned = 0, learned_denied = 0, checked = 0, checked_denied = 0;
    std::uint32_t samples = kNone;
};

struct DeniedMinute {
    std::uint64_t count = 0;
    std::int64_t first_ms = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_ms = std::numeric_limits<std::int64_t>::min();
};

// Enough history to tell new from normal.
[[nodiscard]] inline bool has_history(const Profile* p, const AnomalyOptions& o) {
    return p != nullptr && p->events >= o.min_history_events &&
           p->active_days() >= o.min_history_days;
}

[[nodiscard]] constexpr std::uint64_t pair_key(std::uint32_t entity, std::int64_t n) {
    return (std::uint64_t{entity} << 32) | static_cast<std::uint32_t>(n);
}

struct ConsumerState {
    const AnomalyDetector* detector = nullptr;
    std::vector<Entity> entities;
    EntityIndex index;  // principals and accounts
    std::vector<ValueEntry> values;
    std::vector<std::uint32_t> slots;  // open addressing into values; a power of two long
    std::string arena;                 // the values' text
    std::vector<HourSlot> hours;
    std::unordered_map<std::uint64_t, std::uint32_t> hour_index;      // pair_key(entity, hour)
    std::unordered_map<std::uint64_t, DeniedMinute> denied_minutes;   // pair_key(entity, minute)
    std::unordered_map<std::uint64_t, std::uint32_t> denied_samples;  // pair_key(entity, window)
    std::vector<std::vector<EventRef>> samples;  // evidence lists, each earliest first
    std::size_t sample_events = 0;
    AnomalyStats stats;
    std::uint64_t denied_dropped = 0;
    std::uint32_t last_principal = kNone;  // the previous event's, to skip a lookup
    std::string key_buf, value_buf;        // scratch

    [[nodiscard]] std::string_view value_text(const ValueEntry& v) const {
        return std::string_view(arena).substr(v.offset, v.length);
    }
    void merge(ConsumerState& other);
};

// The anomaly rules, in id order.
enum class AnomalyRule : std::uint8_t {
    kNewService,
    kNewWriteCall,
    kNewRegion,
    kNewNetwork,
    kNewCountryOrAsn,
    kNewUserAgent,
    kDeniedBurst,
    kVolumeSpike,
    kNewPrincipal,
};
[[nodiscard]] const core::RuleInfo& rule_info(AnomalyRule rule);
[[nodiscard]] AnomalyRule rule_for(Dimension d);

// Orders evidence: by time, then file and position, so the kept sample does not depend on
// which thread read what.
[[nodiscard]] bool earlier(const EventRef& a, const EventRef& b);
// Merges `from` into `into`, keeping the earliest `keep`.
void merge_samples(std::vector<EventRef>& into,
                   std::vector<EventRef>&& from,
                   std::size_t keep = kMaxSampleEvents);
inline constexpr std::size_t kHourSamples = 3;  // evidence kept of each hour, for volume spikes

// The decisions after the merge (anomaly_decide.cpp).
[[nodiscard]] AnomalyResult decide(const AnomalyDetector& detector, ConsumerState& state);

}  // namespace wasp::detect
