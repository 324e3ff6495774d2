// Synthetic CloudTrail: the catalogue against Stratus Red Team's list, every detonation's records
// against CloudTrail's shapes, determinism, the background's rate, order and habits, escaping,
// and the mix.
#include "detect/synth.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "detect/anomaly.h"
#include "detect/event.h"

namespace wasp::detect {
namespace {

constexpr std::int64_t kStart = 1714534200000;  // 2024-05-01T03:30:00Z, an odd hour

struct TsvRow {
    std::string id, title;
    std::vector<std::string> tokens;
};

// Stratus Red Team's AWS techniques, with the words each one's detection section names.
std::vector<TsvRow> stratus_rows() {
    std::ifstream in("tests/fixtures/detect/synth/stratus-red-team-aws-techniques.tsv");
    std::vector<TsvRow> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream cols(line);
        TsvRow row;
        std::string tokens;
        std::getline(cols, row.id, '\t');
        std::getline(cols, row.title, '\t');
        std::getline(cols, tokens, '\t');
        std::istringstream list(tokens);
        for (std::string t; std::getline(list, t, ',');) {
            if (!t.empty()) row.tokens.push_back(t);
        }
        rows.push_back(row);
    }
    return rows;
}

std::set<std::string> split_names(std::string_view list) {
    std::set<std::string> out;
    std::istringstream in{std::string(list)};
    for (std::string t; std::getline(in, t, ',');) out.insert(t);
    return out;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return s[14] == '4';
}

bool documentation_address(std::string_view ip) {
    return ip.starts_with("203.0.113.") || ip.starts_with("198.51.100.");
}

// 198.19.128.0/17, where the new-network technique finds a network of its own.
bool new_network_address(std::string_view ip) {
    if (!ip.starts_with("198.19.")) return false;
    ip.remove_prefix(7);
    int third = -1;
    const auto [end, ec] = std::from_chars(ip.data(), ip.data() + ip.size(), third);
    return ec == std::errc() && end != ip.data() + ip.size() && *end == '.' && third >= 128 &&
           third <= 255;
}

// Checks one record against the fields and types CloudTrail writes; returns its parsed form.
struct Parsed {
    std::string name, source, id, ip, user_agent, type, identity_type, region, account, error;
    std::string arn;
    std::int64_t time_ms = kNoTime;
    bool data = false;
};

Parsed check_record(simdjson::dom::parser& parser, const SynthEvent& e) {
    Parsed out;
    simdjson::dom::element root;
    const auto err = parser.parse(e.json).get(root);
    EXPECT_EQ(err, simdjson::SUCCESS) << e.json;
    if (err != simdjson::SUCCESS) return out;
    std::string_view s;
    auto text = [&](const char* key) -> std::string {
        std::string_view v;
        EXPECT_EQ(root[key].get(v), simdjson::SUCCESS) << key << " in " << e.json;
        return std::string(v);
    };
    const std::string version = text("eventVersion");
    EXPECT_TRUE(version == "1.08" || version == "1.09" || version == "1.10") << version;
    simdjson::dom::object identity;
    EXPECT_EQ(root["userIdentity"].get(identity), simdjson::SUCCESS) << e.json;
    if (identity["type"].get(s) == simdjson::SUCCESS) {
        out.identity_type = std::string(s);
    } else {
        // Service events name only the account and the service.
        EXPECT_EQ(identity["invokedBy"].get(s), simdjson::SUCCESS) << e.json;
    }
    if (identity["arn"].get(s) == simdjson::SUCCESS) out.arn = std::string(s);
    const std::string time = text("eventTime");
    out.time_ms = parse_time(time);
    EXPECT_NE(out.time_ms, kNoTime) << time;
    EXPECT_EQ(time.size(), 20u) << "whole seconds, as CloudTrail writes: " << time;
    EXPECT_EQ(out.time_ms / 1000, e.time_ms / 1000);
    out.source = text("eventSource");
    EXPECT_TRUE(out.source.ends_with(".amazonaws.com")) << out.source;
    out.name = text("eventName");
    EXPECT_FALSE(out.name.empty());
    out.region = text("awsRegion");
    EXPECT_EQ(out.region, e.region);
    out.ip = text("sourceIPAddress");
    out.user_agent = text("userAgent");
    for (const char* key : {"requestParameters", "responseElements"}) {
        simdjson::dom::element v;
        EXPECT_EQ(root[key].get(v), simdjson::SUCCESS) << key << " in " << e.json;
        EXPECT_TRUE(v.is_null() || v.is_object()) << e.json;
    }
    bool read_only = false;
    EXPECT_EQ(root["readOnly"].get(read_only), simdjson::SUCCESS);
    out.type = text("eventType");
    EXPECT_TRUE(out.type == "AwsApiCall" || out.type == "AwsServiceEvent" ||
                out.type == "AwsConsoleSignIn")
        << out.type;
    if (out.type == "AwsApiCall") {
        EXPECT_FALSE(text("requestID").empty());
        // Reads log no response, except STS handing out credentials.
        if (read_only && out.source != "sts.amazonaws.com") {
            EXPECT_TRUE(root["responseElements"].is_null()) << e.json;
        }
    }
    out.id = text("eventID");
    EXPECT_TRUE(is_uuid(out.id)) << out.id;
    bool management = false;
    EXPECT_EQ(root["managementEvent"].get(management), simdjson::SUCCESS);
    out.account = text("recipientAccountId");
    EXPECT_EQ(out.account.size(), 12u);
    EXPECT_TRUE(std::all_of(out.account.begin(), out.account.end(), ::isdigit)) << out.account;
    EXPECT_EQ(out.account, e.account);
    const std::string category = text("eventCategory");
    out.data = category == "Data";
    EXPECT_TRUE(category == "Management" || out.data);
    EXPECT_EQ(management, !out.data);
    if (root["errorCode"].get(s) == simdjson::SUCCESS) out.error = std::string(s);
    simdjson::dom::object tls;
    if (root["tlsDetails"].get(tls) == simdjson::SUCCESS) {
        EXPECT_EQ(tls["tlsVersion"].get(s), simdjson::SUCCESS);
        EXPECT_EQ(tls["clientProvidedHostHeader"].get(s), simdjson::SUCCESS);
    }
    return out;
}

std::string joined(const std::vector<SynthEvent>& events) {
    std::string all;
    for (const auto& e : events) all += e.json + "\n";
    return all;
}

TEST(SynthCatalogue, HoldsEveryStratusTechniqueAndWaspsOwn) {
    const auto rows = stratus_rows();
    ASSERT_EQ(rows.size(), 44u);
    for (const auto& row : rows) {
        const Technique* t = find_technique(row.id);
        ASSERT_NE(t, nullptr) << row.id;
        EXPECT_EQ(t->title, row.title);
        EXPECT_EQ(t->source, "Stratus Red Team");
    }
    std::set<std::string_view> ids;
    std::size_t own = 0;
    for (const auto& t : techniques()) {
        EXPECT_TRUE(ids.insert(t.id).second) << "duplicate " << t.id;
        // The tactic is the id's second part: "aws.<tactic>.<name>".
        const auto first = t.id.find('.');
        const auto second = t.id.find('.', first + 1);
        EXPECT_EQ(t.id.substr(first + 1, second - first - 1), t.tactic) << t.id;
        EXPECT_FALSE(t.summary.empty()) << t.id;
        EXPECT_NE(t.run, nullptr) << t.id;
        if (t.id.starts_with("wasp.")) {
            ++own;
            EXPECT_EQ(t.source, "wasp");
        }
    }
    EXPECT_EQ(own, 6u);
    EXPECT_EQ(techniques().size(), 50u);
    EXPECT_EQ(find_technique("aws.defense-evasion.no-such-thing"), nullptr);
    EXPECT_NE(find_technique("wasp.discovery.access-denied-burst"), nullptr);
}

TEST(SynthTechniques, EveryDetonationLogsWellFormedRecordsOfItsEvents) {
    simdjson::dom::parser parser;
    Rng rng(11);
    const Actor actor = sample_actor(rng);
    for (const auto& t : techniques()) {
        SCOPED_TRACE(std::string(t.id));
        const auto events = detonate(t, actor, kStart, rng);
        ASSERT_FALSE(events.empty());
        std::set<std::string> names;
        std::int64_t last = kStart;
        bool from_attacker = false;
        for (const auto& e : events) {
            const Parsed p = check_record(parser, e);
            names.insert(p.name);
            EXPECT_GE(e.time_ms, last) << "time order";
            last = e.time_ms;
            EXPECT_EQ(p.account, actor.account);
            from_attacker = from_attacker || p.ip == actor.source_ip;
            if (t.id == "wasp.initial-access.new-network") {
                EXPECT_TRUE(new_network_address(p.ip)) << "a network of its own: " << p.ip;
            }
        }
        EXPECT_EQ(names, split_names(t.events)) << "the catalogue names the events it logs";
        EXPECT_LT(last - kStart, 3'600'000) << "a detonation takes minutes";
        EXPECT_EQ(from_attacker, t.id != "wasp.initial-access.new-network")
            << "some call comes from the attacker's address";
    }
}

TEST(SynthTechniques, LogTheWordsTheirDocumentationNames) {
    // Words of the detection sections that a detonation does not log, and why. An empty
    // technique means every one.
    struct NotLogged {
        std::string_view technique, token, why;
    };
    static constexpr NotLogged kNotLogged[] = {
        {"", "DeleteVpc", "named as what must not follow DeleteFlowLogs"},
        {"", "NumberOfObjects", "a CloudWatch metric"},
        {"", "SecretString", "SSM's type is SecureString, and GetParameters does not log it"},
        {"", "VcpuLimitExceeded", "needs permission to launch, which the detonation's role lacks"},
        {"", "ssm:SendCommand", "an IAM action in the prose; the record says SendCommand"},
        {"aws.impact.s3-ransomware-client-side-encryption", "DeleteObject",
         "the ransomware pages share one detection section; this one overwrites"},
        {"aws.impact.s3-ransomware-client-side-encryption", "DeleteObjects", "as above"},
        {"aws.impact.s3-ransomware-individual-deletion", "DeleteObjects",
         "this one deletes object by object"},
        {"aws.persistence.iam-create-user-login-profile", "UpdateLoginProfile",
         "the section names either call; this technique creates the profile"},
    };
    auto excused = [](std::string_view id, std::string_view token) {
        return std::any_of(std::begin(kNotLogged), std::end(kNotLogged), [&](const NotLogged& n) {
            return n.token == token && (n.technique.empty() || n.technique == id);
        });
    };
    Rng rng(5);
    const Actor actor = sample_actor(rng);
    std::size_t checked = 0;
    for (const auto& row : stratus_rows()) {
        const auto events = detonate(*find_technique(row.id), actor, kStart, rng);
        const std::string all = joined(events);
        for (const auto& token : row.tokens) {
            if (excused(row.id, token)) continue;
            EXPECT_NE(all.find(token), std::string::npos) << row.id << " lacks " << token;
            ++checked;
        }
    }
    EXPECT_GT(checked, 60u);
}

TEST(SynthTechniques, CarryTheAttackersTraits) {
    Rng rng(3);
    const Actor actor = sample_actor(rng);
    EXPECT_TRUE(documentation_address(actor.source_ip)) << actor.source_ip;
    EXPECT_TRUE(actor.user_agent.starts_with("stratus-red-team_"));
    EXPECT_NE(actor.foreign_account, actor.account);
    // Sharing and backdoors name the attacker's own account.
    for (std::string_view id :
         {"aws.exfiltration.ec2-share-ami", "aws.exfiltration.ec2-share-ebs-snapshot",
          "aws.exfiltration.rds-share-snapshot", "aws.exfiltration.s3-backdoor-bucket-policy",
          "aws.persistence.iam-backdoor-role", "aws.persistence.iam-create-backdoor-role",
          "aws.persistence.lambda-layer-extension", "wasp.impact.s3-encrypt-foreign-kms-key"}) {
        const auto events = detonate(*find_technique(id), actor, kStart, rng);
        EXPECT_NE(joined(events).find(actor.foreign_account), std::string::npos) << id;
    }
    // Techniques that provoke denials log them.
    for (std::string_view id :
         {"aws.credential-access.ec2-get-password-data", "aws.discovery.ec2-download-user-data",
          "aws.defense-evasion.organizations-leave", "wasp.discovery.access-denied-burst"}) {
        const auto events = detonate(*find_technique(id), actor, kStart, rng);
        std::size_t denied = 0;
        for (const auto& e : events) {
            denied += e.json.find("\"errorCode\":") != std::string::npos ? 1 : 0;
        }
        EXPECT_GE(denied, 1u) << id;
    }
    // The discovery burst is a burst: many denials in little time.
    const auto burst =
        detonate(*find_technique("wasp.discovery.access-denied-burst"), actor, kStart, rng);
    EXPECT_GE(burst.size(), 30u);
    EXPECT_LT(burst.back().time_ms - burst.front().time_ms, 120'000);
}

TEST(SynthTechniques, UseTheShapesOfTheirIdentities) {
    simdjson::dom::parser parser;
    Rng rng(8);
    const Actor actor = sample_actor(rng);
    auto types = [&](std::string_view id) {
        std::map<std::string, std::string> by_name;  // eventName -> userIdentity.type
        for (const auto& e : detonate(*find_technique(id), actor, kStart, rng)) {
            const Parsed p = check_record(parser, e);
            by_name[p.name] = p.identity_type;
        }
        return by_name;
    };
    auto root = types("wasp.privilege-escalation.root-console-login");
    EXPECT_EQ(root["ConsoleLogin"], "Root");
    EXPECT_EQ(root["ListUsers"], "Root");
    auto federated = types("aws.persistence.sts-federation-token");
    EXPECT_EQ(federated["GetFederationToken"], "IAMUser");
    EXPECT_EQ(federated["GetCallerIdentity"], "FederatedUser");
    auto shared = types("aws.exfiltration.ec2-share-ebs-snapshot");
    EXPECT_EQ(shared["SharedSnapshotCopyInitiated"], "AWSAccount");

    // Instance credentials: a session named after the instance, from outside AWS.
    const auto outside =
        detonate(*find_technique("wasp.credential-access.instance-credentials-outside-aws"), actor,
                 kStart, rng);
    for (const auto& e : outside) {
        const Parsed p = check_record(parser, e);
        EXPECT_TRUE(p.arn.ends_with("/" + actor.instance_id)) << p.arn;
        EXPECT_TRUE(documentation_address(p.ip)) << p.ip;
        EXPECT_NE(e.json.find("\"ec2RoleDelivery\":\"2.0\""), std::string::npos);
    }
    // A login without MFA says so.
    const auto login = detonate(*find_technique("aws.initial-access.console-login-without-mfa"),
                                actor, kStart, rng);
    ASSERT_EQ(login.size(), 1u);
    EXPECT_NE(login[0].json.find("\"MFAUsed\":\"No\""), std::string::npos);
    EXPECT_NE(login[0].json.find("\"eventType\":\"AwsConsoleSignIn\""), std::string::npos);
}

TEST(SynthTechniques, AreDeterministicPerSeed) {
    auto run = [](std::uint64_t seed) {
        Rng rng(seed);
        const Actor actor = sample_actor(rng);
        std::string all;
        for (const auto& t : techniques()) all += joined(detonate(t, actor, kStart, rng));
        return all;
    };
    EXPECT_EQ(run(42), run(42));
    EXPECT_NE(run(42), run(43));
}

TEST(SynthTechniques, UnknownIdIsAnError) {
    Rng rng(1);
    const auto r = detonate("aws.impact.nothing", Actor{}, kStart, rng);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().find("aws.impact.nothing"), std::string::npos);
    const auto ok = detonate("aws.defense-evasion.cloudtrail-stop", Actor{}, kStart, rng);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->size(), 1u);
}

TEST(SynthJson, EscapesQuotesBackslashesControlsAndBadUtf8) {
    std::string out;
    append_json_quoted(out, "plain");
    EXPECT_EQ(out, "\"plain\"");
    out.clear();
    append_json_quoted(out, "a\"b\\c\nd\te\x01");
    EXPECT_EQ(out, R"("a\"b\\c\nd\te\u0001")");
    out.clear();
    append_json_quoted(out, "caf\xC3\xA9 \xFF");
    EXPECT_EQ(out, "\"caf\xC3\xA9 \xEF\xBF\xBD\"");

    // Hostile names from the caller stay inside their strings.
    Actor actor;
    actor.user_name = "quo\"te\\back\nslash";
    actor.resource_prefix = "pre\"fix";
    Rng rng(2);
    simdjson::dom::parser parser;
    for (const auto& t : techniques()) {
        for (const auto& e : detonate(t, actor, kStart, rng)) {
            simdjson::dom::element root;
            ASSERT_EQ(parser.parse(e.json).get(root), simdjson::SUCCESS) << t.id << ": " << e.json;
        }
    }
    const auto stop =
        detonate(*find_technique("aws.defense-evasion.cloudtrail-stop"), actor, kStart, rng);
    ASSERT_EQ(stop.size(), 1u);
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(stop[0].json).get(root), simdjson::SUCCESS);
    std::string_view name;
    ASSERT_EQ(root.at_pointer("/userIdentity/userName").get(name), simdjson::SUCCESS);
    EXPECT_EQ(name, actor.user_name);
    std::string_view trail;
    ASSERT_EQ(root.at_pointer("/requestParameters/name").get(trail), simdjson::SUCCESS);
    EXPECT_TRUE(trail.ends_with(":trail/pre\"fix-trail")) << trail;
}

BackgroundOptions small_background(std::uint64_t seed) {
    BackgroundOptions o;
    o.seed = seed;
    o.start_ms = 1714550400000;  // 2024-05-01T08:00:00Z, a Wednesday: people are at work
    o.duration_ms = 3'600'000;
    o.events_per_second = 20;
    o.users = 5;
    o.roles = 12;
    o.services = 4;
    o.accounts = 2;
    return o;
}

TEST(SynthBackground, KeepsTheRateTimeOrderAndRecordShapes) {
    Background bg(small_background(1));
    simdjson::dom::parser parser;
    SynthEvent e;
    std::size_t n = 0;
    std::int64_t last = 0;
    std::set<std::string> ids;
    std::set<std::string> types;
    while (bg.next(e)) {
        const Parsed p = check_record(parser, e);
        EXPECT_GE(e.time_ms, last);
        last = e.time_ms;
        EXPECT_GE(e.time_ms, bg.options().start_ms);
        EXPECT_LT(e.time_ms, bg.options().start_ms + bg.options().duration_ms);
        EXPECT_TRUE(ids.insert(p.id).second) << "eventID repeated: " << p.id;
        EXPECT_FALSE(documentation_address(p.ip)) << "attackers' ranges stay out: " << e.json;
        EXPECT_FALSE(new_network_address(p.ip)) << "attackers' ranges stay out: " << e.json;
        EXPECT_FALSE(p.data) << "no data events unless asked";
        types.insert(p.type + "/" + p.identity_type);
        ++n;
    }
    // 72,000 expected; a Poisson count's standard deviation is 268.
    EXPECT_GT(n, 70'000u);
    EXPECT_LT(n, 74'000u);
    for (std::string_view t :
         {"AwsApiCall/AssumedRole", "AwsApiCall/IAMUser", "AwsApiCall/AWSService",
          "AwsApiCall/WebIdentityUser", "AwsConsoleSignIn/IAMUser"}) {
        EXPECT_TRUE(types.contains(std::string(t))) << t;
    }
    EXPECT_FALSE(bg.next(e)) << "the stream stays ended";
}

TEST(SynthBackground, NoRateNoEvents) {
    auto o = small_background(1);
    o.events_per_second = 0;
    Background bg(o);
    SynthEvent e;
    EXPECT_FALSE(bg.next(e));
}

TEST(SynthBackground, PrincipalsKeepTheirHabits) {
    auto o = small_background(4);
    o.duration_ms = 2 * 3'600'000;
    Background bg(o);
    std::map<std::string, const BackgroundPrincipal*> by_arn;
    for (const auto& p : bg.principals()) {
        if (p.kind != BackgroundPrincipal::Kind::kHuman) by_arn[p.arn] = &p;
    }
    ASSERT_GE(by_arn.size(), 10u);
    simdjson::dom::parser parser;
    SynthEvent e;
    std::size_t checked = 0, logins = 0;
    while (bg.next(e)) {
        const Parsed p = check_record(parser, e);
        if (p.name == "ConsoleLogin") {
            ++logins;
            EXPECT_NE(e.json.find("\"MFAUsed\":\"Yes\""), std::string::npos) << e.json;
        }
        const auto it = by_arn.find(p.arn);
        if (p.arn.empty() || it == by_arn.end()) continue;  // AWS services name no ARN
        const BackgroundPrincipal& who = *it->second;
        if (who.kind == BackgroundPrincipal::Kind::kWorkload ||
            who.kind == BackgroundPrincipal::Kind::kCi) {
            EXPECT_NE(std::find(who.ips.begin(), who.ips.end(), p.ip), who.ips.end()) << e.json;
            EXPECT_EQ(p.user_agent, who.user_agent);
        }
        const bool global = p.source == "iam.amazonaws.com" || p.source == "ce.amazonaws.com" ||
                            p.source == "health.amazonaws.com";
        if (!global) {
            EXPECT_NE(std::find(who.regions.begin(), who.regions.end(), p.region),
                      who.regions.end())
                << e.json;
        }
        ++checked;
    }
    EXPECT_GT(checked, 50'000u);
    EXPECT_GT(logins, 0u) << "people sign in to the console during working hours";
}

TEST(SynthBackground, PeopleWorkDaysOnly) {
    auto o = small_background(4);
    o.start_ms = 1714867200000;  // 2024-05-05T00:00:00Z, a Sunday
    o.duration_ms = 24 * 3'600'000;
    o.events_per_second = 0.5;
    Background bg(o);
    simdjson::dom::parser parser;
    SynthEvent e;
    while (bg.next(e)) {
        const Parsed p = check_record(parser, e);
        EXPECT_NE(p.identity_type, "IAMUser") << "nobody at work on a Sunday: " << e.json;
    }
}

TEST(SynthBackground, DataEventsWhenAsked) {
    auto o = small_background(2);
    o.duration_ms = 600'000;
    o.s3_data_events = true;
    Background bg(o);
    simdjson::dom::parser parser;
    SynthEvent e;
    std::size_t data = 0, n = 0;
    while (bg.next(e)) {
        const Parsed p = check_record(parser, e);
        if (p.data) {
            ++data;
            EXPECT_EQ(p.source, "s3.amazonaws.com");
            EXPECT_EQ(p.type, "AwsApiCall");
            if (p.name != "ListObjects") {
                EXPECT_NE(e.json.find("\"type\":\"AWS::S3::Object\""), std::string::npos) << e.json;
            }
        }
        ++n;
    }
    EXPECT_GT(data, n / 5);
}

TEST(SynthBackground, SameSeedSameStreamOtherSeedOther) {
    auto stream = [](std::uint64_t seed, std::int64_t start) {
        auto o = small_background(seed);
        o.start_ms = start;
        o.duration_ms = 120'000;
        Background bg(o);
        std::string all;
        SynthEvent e;
        while (bg.next(e)) all += e.json + "\n";
        return all;
    };
    EXPECT_EQ(stream(9, 1714550400000), stream(9, 1714550400000));
    EXPECT_NE(stream(9, 1714550400000), stream(10, 1714550400000));
    // Another start time: another stream, the same organisation.
    Background a(small_background(9));
    auto later = small_background(9);
    later.start_ms += 3'600'000;
    Background b(later);
    ASSERT_EQ(a.principals().size(), b.principals().size());
    for (std::size_t i = 0; i < a.principals().size(); ++i) {
        EXPECT_EQ(a.principals()[i].arn, b.principals()[i].arn);
        EXPECT_EQ(a.principals()[i].ips, b.principals()[i].ips);
    }
    EXPECT_NE(stream(9, 1714550400000), stream(9, 1714550400000 + 3'600'000));
}

TEST(SynthMix, HidesAttacksInTheBackgroundInTimeOrder) {
    auto o = small_background(6);
    o.events_per_second = 5;
    Background bg(o);
    Rng rng(1);
    const Actor from_bg = actor_from(bg, rng);
    bool known = false;
    for (const auto& p : bg.principals()) {
        known = known || (p.kind == BackgroundPrincipal::Kind::kHuman &&
                          p.name == from_bg.user_name && p.access_key == from_bg.access_key_id);
    }
    EXPECT_TRUE(known) << "the attacker holds a person's key";
    const auto& accounts = bg.accounts();
    EXPECT_EQ(std::find(accounts.begin(), accounts.end(), from_bg.foreign_account), accounts.end());

    const std::vector<PlannedAttack> plan = {
        {"wasp.initial-access.new-network", o.start_ms + 600'000, std::nullopt},
        {"aws.defense-evasion.cloudtrail-stop", o.start_ms + 1'800'000, std::nullopt},
        {"aws.credential-access.secretsmanager-retrieve-secrets", o.start_ms + 3'000'000,
         std::nullopt},
    };
    std::vector<SynthEvent> seen;
    const auto injected = mix(bg, plan, 77, [&seen](const SynthEvent& e) { seen.push_back(e); });
    ASSERT_TRUE(injected.has_value()) << injected.error();
    ASSERT_EQ(injected->size(), 3u);
    std::set<std::string> stream_ids;
    simdjson::dom::parser parser;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (i > 0) {
            EXPECT_GE(seen[i].time_ms, seen[i - 1].time_ms);
        }
        EXPECT_TRUE(stream_ids.insert(check_record(parser, seen[i]).id).second);
    }
    std::size_t attack_events = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const auto& a = (*injected)[i];
        EXPECT_EQ(a.technique_id, plan[i].technique_id);
        EXPECT_GE(a.start_ms, plan[i].start_ms);
        EXPECT_GE(a.end_ms, a.start_ms);
        EXPECT_FALSE(a.event_ids.empty());
        for (const auto& id : a.event_ids) EXPECT_TRUE(stream_ids.contains(id)) << id;
        attack_events += a.event_ids.size();
    }
    EXPECT_GT(seen.size(), 17'000u + attack_events);

    // The new-network attack uses a known principal's usual client from a new address.
    const auto& nn = (*injected)[0];
    for (const auto& e : seen) {
        if (e.json.find(nn.event_ids.front()) == std::string::npos) continue;
        const Parsed p = check_record(parser, e);
        EXPECT_TRUE(new_network_address(p.ip)) << p.ip;
        bool usual = false;
        for (const auto& who : bg.principals()) usual = usual || who.user_agent == p.user_agent;
        EXPECT_TRUE(usual) << p.user_agent;
    }
}

// A game day detonates the whole catalogue against a handful of people's keys, every other
// technique from the same two /24s: the new-network technique must still come from a network its
// victim has never used, or it shows nothing new (and no model can catch it).
TEST(SynthMix, NewNetworkIsNewForItsVictimAfterTheWholeCatalogue) {
    auto o = small_background(1);
    o.events_per_second = 0.05;
    o.duration_ms = 14 * 3'600'000;
    Background bg(o);
    std::vector<PlannedAttack> plan;
    for (const auto& t : techniques()) {
        plan.push_back({std::string(t.id),
                        o.start_ms + 600'000 + static_cast<std::int64_t>(plan.size()) * 900'000,
                        std::nullopt});
    }
    std::vector<SynthEvent> seen;
    const auto injected = mix(bg, plan, 1, [&seen](const SynthEvent& e) { seen.push_back(e); });
    ASSERT_TRUE(injected.has_value()) << injected.error();
    std::set<std::string> nn_ids;
    for (const auto& a : *injected) {
        if (a.technique_id == "wasp.initial-access.new-network") {
            nn_ids.insert(a.event_ids.begin(), a.event_ids.end());
        }
    }
    ASSERT_EQ(nn_ids.size(), 6u);
    simdjson::dom::parser parser;
    std::map<std::string, std::set<std::string>> known;  // principal ARN -> its /24s so far
    std::size_t checked = 0;
    for (const auto& e : seen) {
        const Parsed p = check_record(parser, e);
        const std::string net = source_network(p.ip);
        if (nn_ids.contains(p.id)) {
            EXPECT_TRUE(new_network_address(p.ip)) << p.ip;
            if (checked++ == 0) {
                EXPECT_FALSE(known[p.arn].empty()) << "the victim has a history";
                EXPECT_FALSE(known[p.arn].contains(net))
                    << p.arn << " had already acted from " << net;
            }
        }
        if (!p.arn.empty()) known[p.arn].insert(net);
    }
    EXPECT_EQ(checked, nn_ids.size());
}

TEST(SynthMix, UnknownTechniqueIsAnErrorAndNothingIsStreamed) {
    Background bg(small_background(1));
    const std::vector<PlannedAttack> plan = {{"aws.nothing.here", 0, std::nullopt}};
    std::size_t n = 0;
    const auto r = mix(bg, plan, 1, [&n](const SynthEvent&) { ++n; });
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().find("aws.nothing.here"), std::string::npos);
    EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace wasp::detect
