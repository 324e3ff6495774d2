// Game days: generate, detect, and score each technique.
#include "detect/gameday.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "detect/trail_buffer.h"

namespace wasp::detect {
namespace {

constexpr std::size_t kChunkBytes = 8u << 20;  // generated JSON lines handed over at a time
constexpr std::int64_t kDayMs = 86'400'000;

}  // namespace

GamedayReport run_gameday(DetectorOptions options,
                          const GamedayOptions& gameday,
                          core::Diagnostics& diags) {
    GamedayReport report;
    const std::int64_t attacks_start = gameday.start_ms + gameday.baseline_days * kDayMs;
    options.anomaly.learn_until_ms = attacks_start;
    Detector detector(std::move(options), diags);
    report.rules = detector.rule_infos().size();

    std::vector<const Technique*> chosen;
    if (gameday.techniques.empty()) {
        for (const auto& t : techniques()) chosen.push_back(&t);
    } else {
        for (const auto& id : gameday.techniques) {
            if (const Technique* t = find_technique(id)) {
                chosen.push_back(t);
            } else {
                diags.push_back({core::DiagLevel::kError,
                                 "gameday-unknown-technique",
                                 "no technique '" + id + "' in the catalogue (wasp gameday --list)",
                                 {}});
            }
        }
    }
    std::vector<PlannedAttack> plan;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        plan.push_back({std::string(chosen[i]->id),
                        attacks_start + static_cast<std::int64_t>(i) * gameday.spacing_ms,
                        std::nullopt});
    }
    BackgroundOptions bg;
    bg.seed = gameday.seed;
    bg.start_ms = gameday.start_ms;
    // The background goes on an hour past the last technique, so attacks are hidden in it.
    bg.duration_ms = attacks_start - gameday.start_ms +
                     static_cast<std::int64_t>(plan.size()) * gameday.spacing_ms + 3'600'000;
    bg.events_per_second = gameday.events_per_second;
    Background background(bg);

    std::unique_ptr<EventConsumer> consumer = detector.make_consumer();
    ReadStats stats;
    std::string chunk;
    std::size_t chunk_no = 0;
    auto flush = [&] {
        if (chunk.empty()) return;
        std::string name = "gameday/" + std::to_string(chunk_no++) + ".jsonl";
        ReadStats s = read_trail_buffer(chunk, name, *consumer, diags);
        stats.files += s.files;
        stats.events += s.events;
        stats.malformed_events += s.malformed_events;
        stats.bytes_json += s.bytes_json;
        if (gameday.logs_sink) gameday.logs_sink(chunk);
        chunk.clear();
    };
    std::uint64_t total = 0;
    auto injected = mix(background, plan, gameday.seed, [&](const SynthEvent& e) {
        chunk += e.json;
        chunk += '\n';
        ++total;
        if (chunk.size() >= kChunkBytes) flush();
    });
    flush();
    if (!injected) {
        diags.push_back({core::DiagLevel::kError, "gameday-plan", injected.error(), {}});
        return report;
    }
    std::vector<std::unique_ptr<EventConsumer>> consumers;
    consumers.push_back(std::move(consumer));
    DetectionRun run = detector.finish(std::move(consumers), stats, diags);

    // Which technique each attack record belongs to.
    std::unordered_map<std::string, std::size_t> owner;
    for (std::size_t i = 0; i < injected->size(); ++i) {
        report.attack_events += (*injected)[i].event_ids.size();
        for (const auto& id : (*injected)[i].event_ids) owner.emplace(id, i);
    }
    report.background_events = total - report.attack_events;
    report.techniques.resize(injected->size());
    for (std::size_t i = 0; i < injected->size(); ++i) {
        const auto& a = (*injected)[i];
        const Technique* t = find_technique(a.technique_id);
        auto& o = report.techniques[i];
        o.id = a.technique_id;
        if (t) {
            o.title = t->title;
            o.tactic = t->tactic;
            o.source = t->source;
        }
        o.start_ms = a.start_ms;
        o.events = a.event_ids.size();
    }
    for (const Alert& alert : run.alerts) {
        std::map<std::size_t, std::int64_t> cited;  // technique -> its earliest cited record
        for (const auto& e : alert.events) {
            auto it = owner.find(e.event_id);
            if (it == owner.end()) continue;
            auto [pos, fresh] = cited.emplace(it->second, e.time_ms);
            if (!fresh) pos->second = std::min(pos->second, e.time_ms);
        }
        if (cited.empty()) {
            report.background_alert_rules.push_back(alert.rule_id);
            continue;
        }
        const SigmaRule* rule = detector.rules().find(alert.rule_id);
        bool windowed = (rule && rule->kind == SigmaRuleKind::kCorrelation) ||
                        alert.rule_id == "WASP-ANOM-007" || alert.rule_id == "WASP-ANOM-008";
        for (const auto& [i, earliest] : cited) {
            auto& o = report.techniques[i];
            std::int64_t fired = windowed ? alert.last_ms : earliest;
            std::int64_t delay = std::max<std::int64_t>(0, fired - o.start_ms);
            if (!o.detected || delay < o.delay_ms) o.delay_ms = delay;
            o.detected = true;
            if (std::find(o.rules.begin(), o.rules.end(), alert.rule_id) == o.rules.end()) {
                o.rules.push_back(alert.rule_id);
            }
        }
    }
    for (auto& o : report.techniques) std::sort(o.rules.begin(), o.rules.end());
    std::sort(report.background_alert_rules.begin(), report.background_alert_rules.end());
    report.injected = std::move(*injected);
    return report;
}

}  // namespace wasp::detect
