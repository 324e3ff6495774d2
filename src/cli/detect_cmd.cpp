// wasp detect, wasp anomalies and wasp gameday: detections over CloudTrail, baselines of normal
// activity, and game days that prove which attacks the detections catch (docs/detect.md).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/detect_review.h"
#include "cli/outputs.h"
#include "core/file.h"
#include "core/json_writer.h"
#include "core/time.h"
#include "detect/anomaly.h"
#include "detect/gameday.h"
#include "detect/run.h"
#include "detect/synth.h"
#include "iac/policy.h"
#include "pillar/assess.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

// "2024-05-01" (midnight UTC) or an ISO time; nullopt for anything else.
std::optional<std::int64_t> parse_when(const std::string& s) {
    if (s.size() == 10) return core::parse_iso_time_ms(s + "T00:00:00Z");
    return core::parse_iso_time_ms(s);
}

void print_stats(const detect::ReadStats& s, double seconds, std::size_t alerts) {
    double rate = seconds > 0 ? static_cast<double>(s.events) / seconds : 0;
    std::fprintf(stderr,
                 "wasp: %llu events in %llu files (%.1f MB of JSON) in %.2f s, %.0f events/s; "
                 "%llu malformed events, %llu malformed files; %zu alerts\n",
                 static_cast<unsigned long long>(s.events),
                 static_cast<unsigned long long>(s.files), static_cast<double>(s.bytes_json) / 1e6,
                 seconds, rate, static_cast<unsigned long long>(s.malformed_events),
                 static_cast<unsigned long long>(s.malformed_files), alerts);
}

}  // namespace

int run_detect(const DetectCommand& cmd) {
    auto parsed_fail_on = parse_fail_on(cmd.fail_on);
    if (!parsed_fail_on) {
        std::cerr << "wasp: " << parsed_fail_on.error() << "\n";
        return kExitUsage;
    }
    auto fail_on = *parsed_fail_on;
    auto planned = plan_outputs(cmd.formats, cmd.outputs, "detections");
    if (!planned) {
        std::cerr << "wasp: " << planned.error() << "\n";
        return kExitUsage;
    }
    detect::DetectorOptions options;
    options.builtin_rules = !cmd.no_builtin;
    options.sigma_dirs = cmd.sigma_dirs;
    options.anomalies = !cmd.no_anomalies;
    options.baseline = cmd.baseline;
    options.ip2asn = cmd.ip2asn;
    if (!cmd.learn_until.empty()) {
        auto when = parse_when(cmd.learn_until);
        if (!when) {
            std::cerr << "wasp: --learn-until must be YYYY-MM-DD or an ISO 8601 time\n";
            return kExitUsage;
        }
        options.anomaly.learn_until_ms = *when;
    }
    core::Diagnostics diags;
    detect::Detector detector(options, diags);
    detect::ReadOptions read;
    read.threads = cmd.jobs;
    read.progress = !cmd.no_progress && ::isatty(STDERR_FILENO) != 0;
    std::vector<std::filesystem::path> inputs = cmd.inputs;
    if (inputs.empty()) inputs.emplace_back("-");
    auto start = std::chrono::steady_clock::now();
    detect::DetectionRun run = detector.run(inputs, read, diags);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (read.progress) std::cerr << "\r\033[K" << std::flush;

    if (cmd.save_baseline) {
        detect::Baseline learned = std::move(run.anomaly.learned);
        if (detector.options().baseline) {
            core::Diagnostics ignored;  // reported when the detector loaded it
            if (auto old = detect::load_baseline(*detector.options().baseline, ignored)) {
                learned.merge(*old, options.anomaly.limits);
            }
        }
        if (auto w = detect::save_baseline(*cmd.save_baseline, learned); !w) {
            std::cerr << "wasp: " << w.error() << "\n";
            return kExitUsage;
        }
        std::cerr << "wasp: wrote " << cmd.save_baseline->string() << " ("
                  << learned.profiles.size() << " profiles)\n";
    }

    std::string generated_at = utc_timestamp(report_time());
    std::vector<std::string> input_names;
    for (const auto& p : inputs) input_names.push_back(p.generic_string());
    std::size_t alerts = run.alerts.size();
    detect::ReadStats stats = run.stats;
    pillar::Review review =
        detection_review(std::move(run), detector, input_names, std::move(diags), generated_at);
    print_diagnostics(review.diagnostics);
    report::RenderOptions render;
    render.findings_only = true;
    auto written = write_outputs(*planned, review, render);
    if (!written) {
        std::cerr << "wasp: " << written.error() << "\n";
        return kExitUsage;
    }
    if (!cmd.quiet) print_stats(stats, seconds, alerts);
    for (const auto& f : review.findings) {
        if (fail_on && core::at_least(f.severity, *fail_on) && !f.suppression) return kExitFindings;
    }
    return kExitClean;
}

int run_anomalies_learn(const AnomaliesLearnCommand& cmd) {
    detect::DetectorOptions options;
    options.builtin_rules = false;
    options.anomaly.learn_until_ms = detect::kLearnAll;
    options.ip2asn = cmd.ip2asn;
    core::Diagnostics diags;
    detect::Detector detector(options, diags);
    detect::ReadOptions read;
    read.threads = cmd.jobs;
    read.progress = ::isatty(STDERR_FILENO) != 0;
    auto start = std::chrono::steady_clock::now();
    detect::DetectionRun run = detector.run(cmd.inputs, read, diags);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (read.progress) std::cerr << "\r\033[K" << std::flush;
    detect::Baseline learned = std::move(run.anomaly.learned);
    if (cmd.merge_into) {
        auto old = detect::load_baseline(*cmd.merge_into, diags);
        if (!old) {
            print_diagnostics(diags);
            return kExitUsage;
        }
        learned.merge(*old);
    }
    print_diagnostics(diags);
    if (auto w = detect::save_baseline(cmd.output, learned); !w) {
        std::cerr << "wasp: " << w.error() << "\n";
        return kExitUsage;
    }
    print_stats(run.stats, seconds, 0);
    std::cerr << "wasp: wrote " << cmd.output.string() << " (" << learned.profiles.size()
              << " profiles)\n";
    return kExitClean;
}

int run_anomalies_merge(const AnomaliesMergeCommand& cmd) {
    core::Diagnostics diags;
    detect::Baseline merged;
    bool failed = false;
    for (const auto& path : cmd.inputs) {
        auto b = detect::load_baseline(path, diags);
        if (!b) {
            failed = true;
            continue;
        }
        merged.merge(*b);
    }
    print_diagnostics(diags);
    if (failed) return kExitUsage;
    if (auto w = detect::save_baseline(cmd.output, merged); !w) {
        std::cerr << "wasp: " << w.error() << "\n";
        return kExitUsage;
    }
    std::cerr << "wasp: wrote " << cmd.output.string() << " (" << merged.profiles.size()
              << " profiles from " << cmd.inputs.size() << " baselines)\n";
    return kExitClean;
}

namespace {

void list_techniques() {
    for (const auto& t : detect::techniques()) {
        std::cout << t.id << "  " << t.title << "  [" << t.source << "]\n";
    }
}

std::string gameday_json(const detect::GamedayReport& r) {
    core::JsonWriter w;
    w.begin_object();
    std::size_t caught = 0;
    for (const auto& t : r.techniques) caught += t.detected ? 1 : 0;
    w.field("techniques_total", static_cast<std::int64_t>(r.techniques.size()));
    w.field("techniques_detected", static_cast<std::int64_t>(caught));
    w.field("rules", static_cast<std::int64_t>(r.rules));
    w.field("background_events", static_cast<std::int64_t>(r.background_events));
    w.field("attack_events", static_cast<std::int64_t>(r.attack_events));
    w.key("background_alerts");
    w.begin_array();
    for (const auto& id : r.background_alert_rules) w.string(id);
    w.end_array();
    w.key("techniques");
    w.begin_array();
    for (const auto& t : r.techniques) {
        w.begin_object();
        w.field("id", t.id);
        w.field("title", t.title);
        w.field("tactic", t.tactic);
        w.field("source", t.source);
        w.field("start", core::format_iso_time_ms(t.start_ms));
        w.field("events", static_cast<std::int64_t>(t.events));
        w.field("detected", t.detected);
        w.key("rules");
        w.begin_array();
        for (const auto& id : t.rules) w.string(id);
        w.end_array();
        w.key("delay_ms");
        if (t.detected) {
            w.number(t.delay_ms);
        } else {
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

std::string gameday_text(const detect::GamedayReport& r, double seconds) {
    std::string out;
    std::size_t caught = 0;
    for (const auto& t : r.techniques) caught += t.detected ? 1 : 0;
    char line[256];
    std::snprintf(line, sizeof line,
                  "wasp game day: %zu of %zu techniques detected by %llu rules "
                  "(%llu attack events hidden in %llu benign events, %.1f s)\n\n",
                  caught, r.techniques.size(), static_cast<unsigned long long>(r.rules),
                  static_cast<unsigned long long>(r.attack_events),
                  static_cast<unsigned long long>(r.background_events), seconds);
    out += line;
    for (const auto& t : r.techniques) {
        out += t.detected ? "  caught  " : "  MISSED  ";
        out += report::terminal_safe(t.id);
        if (t.detected) {
            out += "  after " + std::to_string(t.delay_ms / 1000) + " s by ";
            for (std::size_t i = 0; i < t.rules.size(); ++i) {
                out += (i ? ", " : "") + report::terminal_safe(t.rules[i]);
            }
        }
        out += '\n';
    }
    out += "\nAlerts on the benign background: " + std::to_string(r.background_alert_rules.size()) +
           "\n";
    return out;
}

}  // namespace

int run_gameday(const GamedayCommand& cmd) {
    if (cmd.list) {
        list_techniques();
        return kExitClean;
    }
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: --format must be text or json\n";
        return kExitUsage;
    }
    if (cmd.days < 2 || cmd.days > 60 || !(cmd.rate > 0) || cmd.rate > 10'000) {
        std::cerr << "wasp: --days must be 2 to 60 and --rate above 0 and at most 10000\n";
        return kExitUsage;
    }
    detect::DetectorOptions options;
    options.builtin_rules = !cmd.no_builtin;
    options.sigma_dirs = cmd.sigma_dirs;
    options.anomalies = !cmd.no_anomalies;
    detect::GamedayOptions gd;
    gd.seed = cmd.seed;
    gd.baseline_days = cmd.days;
    gd.events_per_second = cmd.rate;
    gd.techniques = cmd.techniques;
    std::string logs;
    if (cmd.write_logs) {
        gd.logs_sink = [&logs](std::string_view chunk) { logs += chunk; };
    }
    core::Diagnostics diags;
    auto start = std::chrono::steady_clock::now();
    detect::GamedayReport report = detect::run_gameday(options, gd, diags);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_diagnostics(diags);
    for (const auto& d : diags) {
        if (d.code == "gameday-unknown-technique" || d.code == "gameday-plan") return kExitUsage;
    }
    if (cmd.write_logs) {
        std::error_code ec;
        std::filesystem::create_directories(*cmd.write_logs, ec);
        auto key = gameday_answer_key(report);
        if (auto w = core::write_file_atomic(*cmd.write_logs / "gameday.jsonl", logs); !w) {
            std::cerr << "wasp: " << w.error() << "\n";
            return kExitUsage;
        }
        if (auto w = core::write_file_atomic(*cmd.write_logs / "answer-key.json", key); !w) {
            std::cerr << "wasp: " << w.error() << "\n";
            return kExitUsage;
        }
        std::cerr << "wasp: wrote " << (*cmd.write_logs / "gameday.jsonl").string() << " and "
                  << (*cmd.write_logs / "answer-key.json").string() << "\n";
    }
    std::cout << (cmd.format == "json" ? gameday_json(report) : gameday_text(report, seconds));
    std::size_t caught = 0;
    for (const auto& t : report.techniques) caught += t.detected ? 1 : 0;
    if (cmd.min_coverage > 0 && !report.techniques.empty() &&
        100.0 * static_cast<double>(caught) / static_cast<double>(report.techniques.size()) <
            cmd.min_coverage) {
        return kExitFindings;
    }
    return kExitClean;
}

}  // namespace wasp::cli
