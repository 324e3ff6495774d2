// Game days: attack techniques hidden in a benign CloudTrail stream, every detection run over
// it, and per technique whether it was caught, by which rules, and how long after it started.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "detect/run.h"
#include "detect/synth.h"

namespace wasp::detect {

struct GamedayOptions {
    std::uint64_t seed = 1;
    // Benign days before the attacks, which the anomaly models learn from (they need two
    // active days of a principal before its novelties count).
    int baseline_days = 3;
    double events_per_second = 1;              // of the benign background
    std::int64_t start_ms = 1714521600000;     // 2024-05-01T00:00:00Z
    std::int64_t spacing_ms = 15 * 60 * 1000;  // between two techniques' starts
    std::vector<std::string> techniques;       // ids; empty: the whole catalogue
    // Receives the generated logs (JSON lines, in time order, a chunk at a time), for a user
    // who wants to replay them through another tool.
    std::function<void(std::string_view)> logs_sink;
};

struct TechniqueOutcome {
    std::string id, title, tactic, source;
    std::int64_t start_ms = 0;
    std::size_t events = 0;          // records its detonation logged
    std::vector<std::string> rules;  // review ids of the rules whose alerts cite its records
    bool detected = false;
    // From the technique's first record to the record that made the first alert fire (for a
    // correlation, the one that met its condition); -1 when not detected.
    std::int64_t delay_ms = -1;
};

struct GamedayReport {
    std::vector<TechniqueOutcome> techniques;  // in catalogue order
    std::uint64_t background_events = 0;
    std::uint64_t attack_events = 0;
    // Alerts that cite no attack record: noise the rules make on the benign background.
    std::vector<std::string> background_alert_rules;  // review id, one per alert
    std::uint64_t rules = 0;                          // rules that ran
    std::vector<InjectedAttack> injected;             // the answer key: each attack's records
};

// Runs the game day with a detector built from options (its learning window is set to the
// attacks' start). Unknown technique ids and problems with rules go to diags.
[[nodiscard]] GamedayReport run_gameday(DetectorOptions options,
                                        const GamedayOptions& gameday,
                                        core::Diagnostics& diags);

}  // namespace wasp::detect
