// One detection run: Sigma and anomalies fed by one reading of the logs.
#include "detect/run.h"

#include <utility>

#include "detect/event.h"

namespace wasp::detect {
namespace {

// Hands each event of one reading thread to that thread's Sigma and anomaly consumers.
class FanOut final : public EventConsumer {
  public:
    FanOut(std::unique_ptr<EventConsumer> sigma, std::unique_ptr<EventConsumer> anomaly)
        : sigma_(std::move(sigma)), anomaly_(std::move(anomaly)) {}

    void consume(const Event& e) override {
        sigma_->consume(e);
        if (anomaly_) anomaly_->consume(e);
    }

    std::unique_ptr<EventConsumer> sigma_;
    std::unique_ptr<EventConsumer> anomaly_;
};

}  // namespace

struct Detector::State {
    DetectorOptions options;
    RuleSet rules;
    std::optional<Baseline> baseline;
    std::optional<Ip2Asn> ip2asn;
    std::optional<AnomalyDetector> anomaly;

    ConsumerFactory factory() const {
        ConsumerFactory sigma = sigma_consumer_factory(rules);
        ConsumerFactory anomalies = anomaly ? anomaly->factory() : ConsumerFactory();
        return [sigma, anomalies]() -> std::unique_ptr<EventConsumer> {
            return std::make_unique<FanOut>(sigma(), anomalies ? anomalies() : nullptr);
        };
    }

    DetectionRun finish(std::vector<std::unique_ptr<EventConsumer>> consumers,
                        ReadStats stats,
                        core::Diagnostics& diags) const {
        std::vector<std::unique_ptr<EventConsumer>> sigma_parts, anomaly_parts;
        for (auto& c : consumers) {
            auto* f = static_cast<FanOut*>(c.get());
            sigma_parts.push_back(std::move(f->sigma_));
            if (f->anomaly_) anomaly_parts.push_back(std::move(f->anomaly_));
        }
        DetectionRun out;
        out.stats = stats;
        if (auto merged = merge_sigma_consumers(std::move(sigma_parts))) {
            out.sigma_matches = merged->matches();
            out.alerts = merged->alerts(diags);
        }
        if (anomaly) {
            out.anomaly = anomaly->finish(anomaly_parts);
            for (auto& a : out.anomaly.alerts) out.alerts.push_back(std::move(a));
            out.anomaly.alerts.clear();
        }
        return out;
    }
};

Detector::Detector(DetectorOptions options, core::Diagnostics& diags)
    : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.options = std::move(options);
    if (s.options.builtin_rules) load_builtin(s.rules, diags);
    for (const auto& dir : s.options.sigma_dirs) load_dir(s.rules, dir, diags);
    s.rules.finalize(diags);
    if (!s.options.anomalies) return;
    if (s.options.baseline) {
        s.baseline = load_baseline(*s.options.baseline, diags, s.options.anomaly.limits);
    }
    if (s.options.ip2asn) {
        s.ip2asn.emplace();
        if (!s.ip2asn->load_file(*s.options.ip2asn, diags)) s.ip2asn.reset();
    }
    s.anomaly.emplace(s.options.anomaly, s.baseline ? &*s.baseline : nullptr,
                      s.ip2asn ? &*s.ip2asn : nullptr);
}

Detector::~Detector() = default;
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;

DetectionRun Detector::run(std::span<const std::filesystem::path> inputs,
                           const ReadOptions& read,
                           core::Diagnostics& diags) const {
    ReadResult r = read_trail(inputs, read, state_->factory(), diags);
    return state_->finish(std::move(r.consumers), r.stats, diags);
}

std::unique_ptr<EventConsumer> Detector::make_consumer() const { return state_->factory()(); }

DetectionRun Detector::finish(std::vector<std::unique_ptr<EventConsumer>> consumers,
                              const ReadStats& stats,
                              core::Diagnostics& diags) const {
    return state_->finish(std::move(consumers), stats, diags);
}

const RuleSet& Detector::rules() const { return state_->rules; }

std::vector<core::RuleInfo> Detector::rule_infos() const {
    std::vector<core::RuleInfo> out = state_->rules.rule_infos();
    if (state_->anomaly) {
        for (const auto& r : anomaly_rules()) out.push_back(r);
    }
    return out;
}

const DetectorOptions& Detector::options() const { return state_->options; }

}  // namespace wasp::detect
