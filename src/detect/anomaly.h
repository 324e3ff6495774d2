// Anomalies "left of attack": per-principal and per-account baselines of CloudTrail activity
// (services, write calls, regions, networks, countries and ASNs, user agents, denied calls,
// volume), learned from a window of events, saved to a file, merged across runs and shards, and
// the alerts that say what was new, or how far from normal, with the events that show it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "detect/alert.h"
#include "detect/trail.h"

namespace wasp::detect {

class Ip2Asn;

// What a baseline remembers of a principal (or an account), one set of values per dimension.
enum class Dimension : std::uint8_t {
    kService,    // eventSource
    kWriteCall,  // "eventSource:eventName" of calls with readOnly false
    kRegion,     // awsRegion
    kNetwork,    // sourceIPAddress as IPv4 /24, IPv6 /48, or the AWS service name as written
    kAsn,        // "AS64500", from the ip2asn table
    kCountry,    // "NL", from the ip2asn table
    kUserAgent,  // user-agent family (user_agent_family)
};
inline constexpr std::size_t kDimensionCount = 7;
// The name used in the baseline file and in messages: "services", "write_calls", "regions",
// "networks", "asns", "countries", "user_agents".
[[nodiscard]] std::string_view to_string(Dimension d);
[[nodiscard]] std::optional<Dimension> parse_dimension(std::string_view name);

// Distinct values, sorted. capped: more values were seen than a baseline keeps, so the dimension
// is too diverse for "new" to mean anything and no novelty is reported in it.
struct ValueSet {
    std::vector<std::string> values;
    bool capped = false;
    [[nodiscard]] bool contains(std::string_view v) const;
    friend bool operator==(const ValueSet&, const ValueSet&) = default;
};

// Events (and denied calls) in one clock hour of one principal.
struct HourCount {
    std::int32_t hour = 0;  // hours since the epoch (UTC)
    std::uint32_t events = 0;
    std::uint32_t denied = 0;
    friend bool operator==(const HourCount&, const HourCount&) = default;
};

// Events per active hour: count, mean and sum of squared deviations (m2), so two sets of hours
// merge exactly (Chan, Golub and LeVeque's parallel variance), and the largest hour seen.
struct HourStats {
    std::uint64_t hours = 0;
    double mean = 0;
    double m2 = 0;
    std::uint64_t max_events = 0;
    std::uint64_t max_denied = 0;
    std::uint64_t denied = 0;

    void add(std::uint64_t events, std::uint64_t denied_calls);
    void merge(const HourStats& other);
    [[nodiscard]] double sigma() const;  // population standard deviation
    friend bool operator==(const HourStats&, const HourStats&) = default;
};

enum class ProfileKind : std::uint8_t { kPrincipal, kAccount };

struct Profile {
    // The active hours kept one by one (the most recent); older hours are folded into `folded`.
    // Baselines of shards that cover the same hours (split by region, say) merge exactly
    // within these; folded hours are taken to be disjoint.
    static constexpr std::size_t kMaxHours = 168;
    static constexpr std::size_t kMaxDays = 1024;

    ProfileKind kind = ProfileKind::kPrincipal;
    std::string key;      // actor_key() of a principal, or the account id
    std::string type;     // userIdentity.type of a principal
    std::string account;  // the account it acts in (recipientAccountId)
    std::uint64_t events = 0;
    std::uint64_t denied = 0;
    std::int64_t first_ms = 0, last_ms = 0;
    std::vector<std::int32_t> days;  // distinct active days since the epoch, sorted, the latest
    std::uint64_t older_days = 0;    // active days dropped from `days` past kMaxDays
    std::vector<HourCount> hours;    // sorted by hour, at most kMaxHours
    HourStats folded;
    std::array<ValueSet, kDimensionCount> values;

    [[nodiscard]] std::uint64_t active_days() const { return days.size() + older_days; }
    [[nodiscard]] HourStats volume() const;  // folded and kept hours together
    [[nodiscard]] const ValueSet& operator[](Dimension d) const {
        return values[static_cast<std::size_t>(d)];
    }
    // Adds other's history (same kind and key): sums, unions, hours merged hour by hour.
    void merge(const Profile& other, std::size_t max_values);
    friend bool operator==(const Profile&, const Profile&) = default;
};

struct BaselineLimits {
    std::size_t max_values = 512;        // per profile and dimension
    std::size_t max_profiles = 200'000;  // principals and accounts together
};

// What was learned: profiles sorted by kind, then key.
struct Baseline {
    std::vector<Profile> profiles;
    bool asn_data = false;             // learned with an ip2asn table (countries, ASNs are real)
    std::uint64_t dropped_events = 0;  // of principals not kept past max_profiles

    [[nodiscard]] const Profile* find(ProfileKind kind, std::string_view key) const;
    [[nodiscard]] bool empty() const { return profiles.empty(); }
    // Adds other's profiles: the same principal's histories are merged, sets united, counters
    // summed, hour statistics combined.
    void merge(const Baseline& other, const BaselineLimits& limits = {});
    friend bool operator==(const Baseline&, const Baseline&) = default;
};

// The baseline file (docs/detect.md#anomalies): versioned JSON, one profile per line.
inline constexpr std::string_view kBaselineFormat = "wasp-anomaly-baseline";
inline constexpr int kBaselineVersion = 1;
inline constexpr std::size_t kMaxBaselineBytes = std::size_t{2} << 30;
[[nodiscard]] std::string to_json(const Baseline& baseline);
// Parses a baseline file's text. A file that is not a baseline (bad JSON, another format or
// version) gives an error and nullopt; a profile with a bad field is reported with its position
// and left out, and the rest loads.
[[nodiscard]] std::optional<Baseline> parse_baseline(std::string_view text,
                                                     std::string_view file,
                                                     core::Diagnostics& diags,
                                                     const BaselineLimits& limits = {});
[[nodiscard]] std::optional<Baseline> load_baseline(const std::filesystem::path& path,
                                                    core::Diagnostics& diags,
                                                    const BaselineLimits& limits = {});
// Written atomically (temporary file, then rename).
[[nodiscard]] std::expected<void, std::string> save_baseline(const std::filesystem::path& path,
                                                             const Baseline& baseline);

// The longest principal key, type or account a baseline holds; an event with a longer one counts
// as unattributed.
inline constexpr std::size_t kMaxKeyBytes = 1024;

// The times a baseline holds, 1970-01-01 to 9999-12-31: an event outside them counts as untimed.
inline constexpr std::int64_t kLatestTimeMs = 253402300799999;

inline constexpr std::int64_t kLearnNothing = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kLearnAll = std::numeric_limits<std::int64_t>::max();

struct AnomalyOptions {
    // Events strictly before this time are learned, the others are checked against the
    // baseline: kLearnAll for a learning run, kLearnNothing to only detect.
    std::int64_t learn_until_ms = kLearnNothing;
    // A principal or account alerts on novelties only with this much history.
    std::uint64_t min_history_events = 50;
    std::uint64_t min_history_days = 2;
    // AccessDenied bursts: at least burst_min_denied denied calls within burst_window_ms, more
    // than the principal's busiest hour of denied calls in the baseline, and an hourly rate at
    // least burst_factor times its baseline rate (denied calls per active hour).
    std::uint64_t burst_min_denied = 10;
    std::int64_t burst_window_ms = 10 * 60 * 1000;
    double burst_factor = 10;
    // Volume spikes: an hour above mean + spike_sigmas * sigma, above spike_max_factor times
    // the busiest baseline hour, and at least spike_min_events.
    double spike_sigmas = 4;
    double spike_max_factor = 3;
    std::uint64_t spike_min_events = 100;
    BaselineLimits limits;
    std::size_t max_samples = 50'000;  // evidence events kept per reading thread
};

struct AnomalyStats {
    std::uint64_t events = 0;        // handed to the consumers
    std::uint64_t learned = 0;       // before learn_until_ms
    std::uint64_t checked = 0;       // after it
    std::uint64_t untimed = 0;       // no eventTime from 1970 to 9999: neither learned nor checked
    std::uint64_t unattributed = 0;  // no principal in userIdentity (or one past kMaxKeyBytes)
    std::uint64_t dropped = 0;       // of principals past max_profiles
    std::uint64_t capped = 0;        // value sets that reached max_values while checking
    std::uint64_t samples_dropped = 0;  // evidence events not kept past max_samples
    std::uint64_t denied_dropped = 0;   // denied calls not counted past a thread's minute table
};

struct AnomalyResult {
    std::vector<Alert> alerts;  // sorted by first time, rule, account, principal
    Baseline learned;           // what this run learned (events before learn_until_ms)
    AnomalyStats stats;
};

struct ConsumerState;
class AnomalyDetector;

// One reading thread's share of the work; see AnomalyDetector::factory().
class AnomalyConsumer final : public EventConsumer {
  public:
    explicit AnomalyConsumer(const AnomalyDetector& detector);
    ~AnomalyConsumer() override;
    AnomalyConsumer(const AnomalyConsumer&) = delete;
    AnomalyConsumer& operator=(const AnomalyConsumer&) = delete;

    void consume(const Event& e) override;
    // Takes other's counts, values and evidence into this one (other is left empty).
    void merge(AnomalyConsumer& other);

  private:
    friend class AnomalyDetector;
    std::unique_ptr<ConsumerState> state_;
};

// Learns and checks. The baseline and the ip2asn table, when given, must outlive it; both are
// only read, so every reading thread shares them.
class AnomalyDetector {
  public:
    explicit AnomalyDetector(AnomalyOptions options,
                             const Baseline* baseline = nullptr,
                             const Ip2Asn* ip2asn = nullptr);

    [[nodiscard]] ConsumerFactory factory() const;
    // Merges the consumers (AnomalyConsumer ones; others are ignored, all are emptied) and
    // decides: what was learned, and the alerts for what was checked.
    [[nodiscard]] AnomalyResult finish(
        std::span<const std::unique_ptr<EventConsumer>> consumers) const;
    [[nodiscard]] AnomalyResult finish(std::span<AnomalyConsumer* const> consumers) const;

    [[nodiscard]] const AnomalyOptions& options() const { return options_; }
    [[nodiscard]] const Baseline* baseline() const { return baseline_; }
    [[nodiscard]] const Ip2Asn* ip2asn() const { return ip2asn_; }

  private:
    AnomalyOptions options_;
    const Baseline* baseline_;
    const Ip2Asn* ip2asn_;
};

// The metadata of the anomaly rules WASP-ANOM-001..009.
[[nodiscard]] std::span<const core::RuleInfo> anomaly_rules();

// Who acted, as a baseline keys it: an AssumedRole session's role (the session issuer's ARN,
// not the session), an IAM user's or federated user's ARN, "arn:aws:iam::<account>:root" for
// the root user, the invoking service for AWSService, the calling account for AWSAccount, else
// the ARN or principalId. Empty when userIdentity says nothing. The returned view points into
// the event or into buf.
[[nodiscard]] std::string_view actor_key(const Event& e, std::string& buf);
// "aws-cli", "Boto3", "console", "browser", "Terraform", a service name as written, ... (the
// rules are in docs/detect.md); empty for an empty user agent.
[[nodiscard]] std::string_view user_agent_family(std::string_view user_agent);
// The network of a sourceIPAddress: "203.0.113.0/24", "2001:db8:1::/48", or a service name
// ("ec2.amazonaws.com", "AWS Internal") as written.
[[nodiscard]] std::string source_network(std::string_view source_ip);
// Whether an errorCode says the caller was not allowed: it contains "AccessDenied",
// "UnauthorizedOperation" or "NotAuthorized" (AccessDeniedException,
// Client.UnauthorizedOperation, ...).
[[nodiscard]] bool is_denied(std::string_view error_code);

}  // namespace wasp::detect
