// Synthetic CloudTrail for game days and benchmarks: attack techniques as their detonations log
// them, a benign background with stable per-principal habits, and the two mixed in time order.
// Deterministic: the same seed gives the same bytes, and nothing here reads a clock.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasp::detect {

// xoshiro256** seeded through SplitMix64: small, fast and defined bit for bit, so that a seed
// names one output on every platform and compiler (std:: distributions do not promise that).
class Rng {
  public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t next();
    std::uint64_t below(std::uint64_t n);                    // uniform in [0, n); 0 if n is 0
    std::int64_t between(std::int64_t lo, std::int64_t hi);  // uniform in [lo, hi]
    double unit();                                           // uniform in [0, 1)
    bool chance(double p);

  private:
    std::uint64_t s_[4];
};

// One generated CloudTrail record.
struct SynthEvent {
    std::int64_t time_ms = 0;  // when it happened; eventTime shows it to the second, as AWS does
    std::string account;       // recipientAccountId, for laying files out as CloudTrail does
    std::string region;        // awsRegion
    std::string json;          // the record: compact JSON, no trailing newline
};

// Who detonates a technique, and against what. sample_actor() and actor_from() fill it with an
// attacker's traits; every field may be set by the caller.
struct Actor {
    std::string account = "111122223333";  // the victim account (recipientAccountId)
    std::string region = "us-east-1";
    // The IAM user whose long-lived access key the attacker holds.
    std::string user_name = "svc-reporting";
    std::string user_id = "AIDAQEXAMPLEUSER0001";  // its principalId
    std::string access_key_id = "AKIAQEXAMPLEKEY00001";
    std::string source_ip = "203.0.113.66";  // the attacker's address
    std::string user_agent = "stratus-red-team_00000000-0000-4000-8000-000000000000";
    std::string foreign_account = "999988887777";  // the attacker's own account
    // The principal's habits, which the "new network" technique keeps while changing address
    // (to one of its own: not source_ip, which other techniques share).
    std::string usual_user_agent = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22";
    // An EC2 instance, its role and its (AWS) public address, for instance-credential techniques.
    std::string instance_role = "app-server";
    std::string instance_id = "i-0a1b2c3d4e5f67890";
    std::string instance_ip = "3.91.10.20";
    std::string resource_prefix = "gameday";  // names of the resources a detonation touches
};

// An actor with attacker traits drawn from rng: an address in 198.51.100.0/24 or 203.0.113.0/24,
// Stratus Red Team's user agent with a fresh correlation id, a foreign account id.
[[nodiscard]] Actor sample_actor(Rng& rng);

class Detonation;  // builds one technique's events (synth_techniques.cpp)

// One attack technique of the catalogue: the 44 Stratus Red Team AWS techniques and wasp's own.
struct Technique {
    std::string_view id;       // "aws.defense-evasion.cloudtrail-stop", "wasp.discovery.…"
    std::string_view title;    // as its documentation names it
    std::string_view tactic;   // MITRE ATT&CK tactic, as in the id: "defense-evasion"
    std::string_view source;   // "Stratus Red Team" or "wasp"
    std::string_view events;   // the eventNames its detonation logs, comma-separated
    std::string_view summary;  // what the detonation logs, one sentence for the docs
    void (*run)(Detonation&) = nullptr;  // the detonation itself; call detonate() instead
};

[[nodiscard]] std::span<const Technique> techniques();
[[nodiscard]] const Technique* find_technique(std::string_view id);

// The CloudTrail records that technique's detonation produces, starting at start_ms, in time
// order; eventIDs and every other random part come from rng.
[[nodiscard]] std::vector<SynthEvent> detonate(const Technique& technique,
                                               const Actor& actor,
                                               std::int64_t start_ms,
                                               Rng& rng);
// The same by id; an error naming the id when the catalogue has no such technique.
[[nodiscard]] std::expected<std::vector<SynthEvent>, std::string> detonate(
    std::string_view technique_id, const Actor& actor, std::int64_t start_ms, Rng& rng);

struct BackgroundOptions {
    std::uint64_t seed = 1;
    std::int64_t start_ms = 1714521600000;  // 2024-05-01T00:00:00Z
    std::int64_t duration_ms = 3'600'000;
    unsigned accounts = 2;
    unsigned users = 4;     // people: MFA console sessions in their working hours, and the CLI
    unsigned roles = 12;    // workload, instance and CI roles
    unsigned services = 4;  // AWS services and service-linked roles acting in the accounts
    std::vector<std::string> regions = {"us-east-1", "eu-west-1"};
    double events_per_second = 20;
    bool s3_data_events = false;  // S3 GetObject/PutObject data events by the workloads
};

// A principal of the background and its habits; the game day picks victims among them.
struct BackgroundPrincipal {
    enum class Kind { kHuman, kCi, kWorkload, kInstance, kScanner, kService };
    Kind kind = Kind::kWorkload;
    std::string account;
    std::string name;                  // IAM user or role name; the service for kService
    std::string arn;                   // userIdentity.arn as its events show it
    std::string id;                    // principal id (AIDA…/AROA…)
    std::string access_key;            // its long-lived access key (people); empty for roles
    std::string session;               // role session name; the instance id for instance roles
    std::vector<std::string> regions;  // usual regions
    std::vector<std::string> ips;      // usual source addresses
    std::string user_agent;            // usual user agent
};

// A benign event stream: Poisson arrivals at events_per_second, in time order, from principals
// that keep to their regions, services, API calls, networks and user agents. The principals and
// their habits depend on seed alone, so streams with the same seed and different start times (the
// benchmark's parallel chunks) describe the same organisation. Memory does not grow with
// duration.
class Background {
  public:
    explicit Background(BackgroundOptions options);
    ~Background();
    Background(Background&&) noexcept;
    Background& operator=(Background&&) noexcept;

    // Writes the next event into out (reusing its buffers); false once duration_ms has passed.
    [[nodiscard]] bool next(SynthEvent& out);

    [[nodiscard]] const BackgroundOptions& options() const;
    [[nodiscard]] const std::vector<std::string>& accounts() const;
    [[nodiscard]] const std::vector<BackgroundPrincipal>& principals() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// An attacker acting in one of the background's accounts: a person's IAM user and access key
// (so that new-network and credential techniques hit a principal with a baseline), an instance
// role with its instance, and attacker traits from sample_actor().
[[nodiscard]] Actor actor_from(const Background& background, Rng& rng);

struct PlannedAttack {
    std::string technique_id;
    std::int64_t start_ms = 0;
    std::optional<Actor> actor;  // default: actor_from(background, …)
};

// What mix() hid in the stream, so a game day can tell which alert caught which technique.
struct InjectedAttack {
    std::string technique_id;
    std::int64_t start_ms = 0;  // first event
    std::int64_t end_ms = 0;    // last event
    std::vector<std::string> event_ids;
};

// Streams background interleaved with the detonations of plan, in time order, to sink. Attacks
// may start before or after the background's window; their events are still delivered. The
// detonations' randomness comes from seed. An error names the first unknown technique id.
[[nodiscard]] std::expected<std::vector<InjectedAttack>, std::string> mix(
    Background& background,
    std::span<const PlannedAttack> plan,
    std::uint64_t seed,
    const std::function<void(const SynthEvent&)>& sink);

// Appends s as a quoted JSON string, escaping quotes, backslashes and control characters; bytes
// that are not UTF-8 become U+FFFD so the record stays valid JSON.
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace wasp::detect
