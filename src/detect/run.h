// One detection run over CloudTrail: the Sigma rules (built-in and the user's) and the anomaly
// models read every event once, on every core, and their alerts come out together.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "detect/alert.h"
#include "detect/anomaly.h"
#include "detect/ip2asn.h"
#include "detect/sigma.h"
#include "detect/trail.h"

namespace wasp::detect {

struct DetectorOptions {
    bool builtin_rules = true;                      // the SigmaHQ pack and wasp's detections
    std::vector<std::filesystem::path> sigma_dirs;  // the user's Sigma rules
    bool anomalies = true;                          // run the anomaly models
    std::optional<std::filesystem::path> baseline;  // a saved baseline to check against
    std::optional<std::filesystem::path> ip2asn;    // ip2asn TSV for countries and ASNs
    AnomalyOptions anomaly;                         // learning window and thresholds
};

struct DetectionRun {
    ReadStats stats;
    std::vector<Alert> alerts;  // Sigma alerts, then anomalies, each in their own order
    AnomalyResult anomaly;      // what was learned, and the anomaly counters (alerts moved out)
    std::uint64_t sigma_matches = 0;
};

// Loads the rules, the baseline and the ip2asn table once; runs on any number of inputs.
class Detector {
  public:
    // Problems with rules, the baseline or the ip2asn table go to diags; what loads, runs.
    Detector(DetectorOptions options, core::Diagnostics& diags);
    ~Detector();
    Detector(Detector&&) noexcept;
    Detector& operator=(Detector&&) noexcept;

    // Reads the inputs (files, directories, "-") with read_trail.
    [[nodiscard]] DetectionRun run(std::span<const std::filesystem::path> inputs,
                                   const ReadOptions& read,
                                   core::Diagnostics& diags) const;
    // For callers that feed events themselves (a game day's generated logs, read with
    // read_trail_buffer): a consumer for one thread, and the run's result from such consumers.
    [[nodiscard]] std::unique_ptr<EventConsumer> make_consumer() const;
    [[nodiscard]] DetectionRun finish(std::vector<std::unique_ptr<EventConsumer>> consumers,
                                      const ReadStats& stats,
                                      core::Diagnostics& diags) const;

    [[nodiscard]] const RuleSet& rules() const;
    // Metadata of every rule that runs: the Sigma rules, then the anomaly rules when enabled.
    [[nodiscard]] std::vector<core::RuleInfo> rule_infos() const;
    [[nodiscard]] const DetectorOptions& options() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace wasp::detect
