// Sigma correlations: each type with group-by and the edges of its timespan, chains, aliases,
// generate, range conditions, and correlations that cannot run.
#include <string>

#include <gtest/gtest.h>

#include "core/time.h"
#include "sigma_harness.h"

namespace wasp::detect {
namespace {

using testing::Rules;

const std::int64_t kBase = parse_time("2024-05-01T10:00:00Z");

// A CloudTrail event by an IAM user at kBase + seconds; extra holds more members (",...").
std::string event(std::string_view name,
                  std::string_view user,
                  std::int64_t seconds,
                  std::string_view extra = "",
                  std::string_view source = "signin.amazonaws.com") {
    static int serial = 0;
    const std::string u(user);
    return R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA)" + u +
           R"(","arn":"arn:aws:iam::111122223333:user/)" + u +
           R"(","accountId":"111122223333","userName":")" + u + R"("},"eventTime":")" +
           core::format_iso_time_ms(kBase + seconds * 1000) + R"(","eventSource":")" +
           std::string(source) + R"(","eventName":")" + std::string(name) +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9",)"
           R"("userAgent":"Mozilla/5.0",)"
           R"("requestParameters":null,"eventID":"e)" +
           std::to_string(++serial) +
           R"(","readOnly":false,"eventType":"AwsConsoleSignIn",)"
           R"("recipientAccountId":"111122223333")" +
           std::string(extra) + "}";
}

std::string failed_login(std::string_view user,
                         std::int64_t s,
                         std::string_view ip = "198.51.100.9") {
    return testing::with(
        event("ConsoleLogin", user, s, R"(,"errorMessage":"Failed authentication")"),
        "sourceIPAddress", "\"" + std::string(ip) + "\"");
}

constexpr std::string_view kFailedLogin = R"(title: Failed console login
id: 0b6e5a3c-1111-4d2e-9f8a-7b6c5d4e3f2a
name: failed_login
logsource: {product: aws, service: cloudtrail}
detection:
    selection:
        eventName: ConsoleLogin
        errorMessage: Failed authentication
    condition: selection
level: low
)";

std::string with_correlation(std::string_view correlation) {
    return std::string(kFailedLogin) + "---\n" + std::string(correlation);
}

std::vector<Alert> run(const Rules& r, const std::vector<std::string>& events) {
    testing::EventRun run(r.set);
    // Reverse order: the correlations must not depend on the order events arrive in.
    for (auto it = events.rbegin(); it != events.rend(); ++it) run.add(*it);
    return run.alerts();
}

constexpr std::string_view kBruteForce = R"(title: Brute force
id: 9d8c7b6a-2222-4e5f-8a9b-0c1d2e3f4a5b
name: brute_force
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - userIdentity.arn
    timespan: 5m
    condition:
        gte: 3
level: high
)";

TEST(SigmaCorrelation, EventCountInsideAndJustOutsideTheWindow) {
    Rules r(with_correlation(kBruteForce));
    ASSERT_EQ(r.set.rules().size(), 2u) << (r.diags.empty() ? "" : r.diags[0].str());
    auto alerts = run(r, {failed_login("alice", 0), failed_login("alice", 120),
                          failed_login("alice", 300),  // exactly 5m after the first: inside
                          failed_login("bob", 0), failed_login("bob", 120),
                          failed_login("bob", 301)});  // 5m01s: outside
    ASSERT_EQ(alerts.size(), 1u);
    const Alert& a = alerts[0];
    EXPECT_EQ(a.rule_id, "9d8c7b6a-2222-4e5f-8a9b-0c1d2e3f4a5b");
    EXPECT_EQ(a.severity, core::Severity::kHigh);
    EXPECT_EQ(a.principal, "arn:aws:iam::111122223333:user/alice");
    EXPECT_EQ(a.account, "111122223333");
    EXPECT_EQ(a.count, 3u);
    EXPECT_EQ(a.first_ms, kBase);
    EXPECT_EQ(a.last_ms, kBase + 300'000);
    ASSERT_EQ(a.events.size(), 3u);
    EXPECT_LT(a.events[0].time_ms, a.events[2].time_ms);
    EXPECT_NE(a.message.find("userIdentity.arn=arn:aws:iam::111122223333:user/alice"),
              std::string::npos)
        << a.message;
}

TEST(SigmaCorrelation, MatchesFromSeveralThreadsAreMerged) {
    Rules r(with_correlation(kBruteForce));
    testing::EventRun a(r.set), b(r.set);
    a.add(failed_login("alice", 300), "b.json");
    b.add(failed_login("alice", 0), "a.json");
    b.add(failed_login("alice", 120), "a.json");
    EXPECT_TRUE(b.alerts().empty());  // two of three on this thread alone
    a.consumer().merge(std::move(b.consumer()));
    auto alerts = a.alerts();
    ASSERT_EQ(alerts.size(), 1u);
    ASSERT_EQ(alerts[0].events.size(), 3u);
    EXPECT_EQ(alerts[0].events[0].file, "a.json");
    EXPECT_EQ(alerts[0].events[2].file, "b.json");
    EXPECT_EQ(alerts[0].events[2].principal, "arn:aws:iam::111122223333:user/alice");
}

TEST(SigmaCorrelation, OneAlertPerBurst) {
    Rules r(with_correlation(kBruteForce));
    std::vector<std::string> events;
    for (int i = 0; i < 8; ++i) events.push_back(failed_login("alice", i * 20));
    // A second burst an hour later.
    for (int i = 0; i < 3; ++i) events.push_back(failed_login("alice", 3600 + i));
    auto alerts = run(r, events);
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].count, 8u);
    EXPECT_EQ(alerts[1].count, 3u);
    EXPECT_NE(alerts[0].message.find("8 matches of 'Failed console login' within 5m"),
              std::string::npos)
        << alerts[0].message;
}

TEST(SigmaCorrelation, GenerateDecidesWhetherBaseRulesAlert) {
    Rules quiet(with_correlation(kBruteForce));
    auto alerts = run(quiet, {failed_login("alice", 0)});
    EXPECT_TRUE(alerts.empty());

    Rules loud(with_correlation(std::string(kBruteForce) + "generate: true\n"));
    alerts = run(loud, {failed_login("alice", 0)});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].rule_id, "0b6e5a3c-1111-4d2e-9f8a-7b6c5d4e3f2a");
}

TEST(SigmaCorrelation, RangeConditions) {
    Rules r(with_correlation(R"(title: Exactly a few
id: range-1
correlation:
    type: event_count
    rules: [failed_login]
    group-by: [userIdentity.arn]
    timespan: 1h
    condition:
        gt: 1
        lte: 2
)"));
    ASSERT_EQ(r.set.rules().size(), 2u);
    EXPECT_TRUE(run(r, {failed_login("alice", 0)}).empty());
    EXPECT_EQ(run(r, {failed_login("alice", 0), failed_login("alice", 10)}).size(), 1u);
    Rules eq(with_correlation(R"(title: Equal
id: range-2
correlation: {type: event_count, rules: [failed_login], group-by: [userIdentity.arn],
              timespan: 1h, condition: {eq: 1}}
)"));
    EXPECT_EQ(run(eq, {failed_login("alice", 0)}).size(), 1u);
}

TEST(SigmaCorrelation, ValueCountCountsDistinctValues) {
    Rules r(with_correlation(R"(title: Password spraying
id: spray-1
correlation:
    type: value_count
    rules: [failed_login]
    group-by: [sourceIPAddress]
    timespan: 10m
    condition:
        field: userIdentity.userName
        gte: 3
)"));
    ASSERT_EQ(r.set.rules().size(), 2u) << (r.diags.empty() ? "" : r.diags[0].str());
    auto alerts =
        run(r, {failed_login("u1", 0, "198.51.100.9"), failed_login("u2", 60, "198.51.100.9"),
                failed_login("u2", 70, "198.51.100.9"), failed_login("u3", 600, "198.51.100.9"),
                // Another address: four failures, two users.
                failed_login("u1", 0, "192.0.2.1"), failed_login("u1", 1, "192.0.2.1"),
                failed_login("u1", 2, "192.0.2.1"), failed_login("u2", 3, "192.0.2.1"),
                // A third: three users, but the third 10m01s after the first.
                failed_login("u1", 0, "192.0.2.2"), failed_login("u2", 1, "192.0.2.2"),
                failed_login("u3", 601, "192.0.2.2")});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_NE(alerts[0].message.find("sourceIPAddress=198.51.100.9"), std::string::npos);
    EXPECT_NE(alerts[0].message.find("3 distinct values of userIdentity.userName"),
              std::string::npos)
        << alerts[0].message;
    EXPECT_TRUE(alerts[0].principal.empty());  // several users
}

constexpr std::string_view kTrailRules = R"(title: Logging stopped
id: stop-1
name: stop_logging
logsource: {product: aws, service: cloudtrail}
detection:
    selection: {eventName: StopLogging}
    condition: selection
---
title: Trail deleted
id: delete-1
name: delete_trail
logsource: {product: aws, service: cloudtrail}
detection:
    selection: {eventName: DeleteTrail}
    condition: selection
---
)";

TEST(SigmaCorrelation, TemporalInAnyOrder) {
    Rules r(std::string(kTrailRules) + R"(title: Trail stopped and deleted
id: temporal-1
correlation:
    type: temporal
    rules: [stop_logging, delete_trail]
    group-by: [userIdentity.arn]
    timespan: 10m
)");
    ASSERT_EQ(r.set.rules().size(), 3u);
    auto alerts = run(r, {event("DeleteTrail", "alice", 0), event("StopLogging", "alice", 600),
                          event("StopLogging", "bob", 0), event("DeleteTrail", "bob", 601),
                          event("StopLogging", "carol", 0), event("StopLogging", "carol", 5)});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].principal, "arn:aws:iam::111122223333:user/alice");
    EXPECT_EQ(alerts[0].events.size(), 2u);
}

TEST(SigmaCorrelation, TemporalOrderedNeedsTheOrder) {
    Rules r(std::string(kTrailRules) + R"(title: Trail stopped then deleted
id: ordered-1
correlation:
    type: temporal_ordered
    rules: [stop_logging, delete_trail]
    group-by: [userIdentity.arn]
    timespan: 10m
)");
    ASSERT_EQ(r.set.rules().size(), 3u);
    auto alerts = run(r, {event("StopLogging", "alice", 0), event("DeleteTrail", "alice", 300),
                          event("DeleteTrail", "bob", 0), event("StopLogging", "bob", 300),
                          event("StopLogging", "carol", 0), event("DeleteTrail", "carol", 601)});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].principal, "arn:aws:iam::111122223333:user/alice");
    EXPECT_NE(alerts[0].message.find("'Logging stopped' then 'Trail deleted' within 10m"),
              std::string::npos)
        << alerts[0].message;
}

TEST(SigmaCorrelation, ChainedCorrelations) {
    Rules r(R"(title: Brute force then success
id: chain-1
correlation:
    type: temporal_ordered
    rules: [brute_force, login_ok]
    group-by: [userIdentity.arn]
    timespan: 1h
level: critical
---
)" + std::string(kBruteForce) +
            "---\n" + std::string(kFailedLogin) + R"(---
title: Console login
id: ok-1
name: login_ok
logsource: {product: aws, service: cloudtrail}
detection:
    selection:
        eventName: ConsoleLogin
        responseElements.ConsoleLogin: Success
    condition: selection
)");
    ASSERT_EQ(r.set.rules().size(), 4u) << (r.diags.empty() ? "" : r.diags[0].str());
    auto ok = [](std::string_view user, std::int64_t s) {
        return event("ConsoleLogin", user, s, R"(,"responseElements":{"ConsoleLogin":"Success"})");
    };
    auto alerts = run(r, {failed_login("alice", 0), failed_login("alice", 30),
                          failed_login("alice", 60), ok("alice", 600),
                          // bob succeeds first, then fails three times.
                          ok("bob", 0), failed_login("bob", 10), failed_login("bob", 20),
                          failed_login("bob", 30)});
    // Only the outermost correlation alerts: brute_force is referred to without generate.
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].rule_id, "chain-1");
    EXPECT_EQ(alerts[0].severity, core::Severity::kCritical);
    EXPECT_EQ(alerts[0].principal, "arn:aws:iam::111122223333:user/alice");
    EXPECT_EQ(alerts[0].events.size(), 4u);
}

TEST(SigmaCorrelation, AliasesJoinDifferentFields) {
    Rules r(R"(title: User created
id: created-1
name: user_created
logsource: {product: aws, service: cloudtrail}
detection: {selection: {eventName: CreateUser}, condition: selection}
---
title: Key created by a user
id: key-1
name: key_by_user
logsource: {product: aws, service: cloudtrail}
detection: {selection: {eventName: CreateAccessKey}, condition: selection}
---
title: New user makes a key at once
id: alias-1
correlation:
    type: temporal_ordered
    rules: [user_created, key_by_user]
    group-by: [new_user]
    timespan: 15m
    aliases:
        new_user:
            user_created: requestParameters.userName
            key_by_user: userIdentity.userName
)");
    ASSERT_EQ(r.set.rules().size(), 3u) << (r.diags.empty() ? "" : r.diags[0].str());
    auto created = [](std::string_view who, std::string_view name, std::int64_t s) {
        return testing::with(event("CreateUser", who, s, "", "iam.amazonaws.com"),
                             "requestParameters", R"({"userName":")" + std::string(name) + "\"}");
    };
    auto alerts = run(r, {created("admin", "mallory", 0),
                          event("CreateAccessKey", "mallory", 60, "", "iam.amazonaws.com"),
                          created("admin", "trent", 0),
                          event("CreateAccessKey", "victor", 60, "", "iam.amazonaws.com")});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_NE(alerts[0].message.find("new_user=mallory"), std::string::npos) << alerts[0].message;
}

TEST(SigmaCorrelation, EventsWithoutTheGroupFieldAreInNoGroup) {
    Rules r(with_correlation(R"(title: By session
id: nogroup-1
correlation: {type: event_count, rules: [failed_login], group-by: [additionalEventData.sessionId],
              timespan: 1h, condition: {gte: 2}}
)"));
    EXPECT_TRUE(run(r, {failed_login("a", 0), failed_login("a", 1)}).empty());
    Rules all(with_correlation(R"(title: All together
id: nogroup-2
correlation: {type: event_count, rules: [failed_login], timespan: 1h, condition: {gte: 2}}
)"));
    EXPECT_EQ(run(all, {failed_login("a", 0), failed_login("b", 1)}).size(), 1u);
}

std::string refused(const std::string& yaml) {
    Rules r(yaml);
    if (r.set.unsupported().empty()) return "";
    const SkippedRule& s = r.set.unsupported().back();
    EXPECT_FALSE(s.location.file.empty());
    return s.reason;
}

TEST(SigmaCorrelation, CorrelationsThatCannotRun) {
    auto corr = [](std::string_view body) {
        return with_correlation("title: C\nid: c-1\ncorrelation:\n" + std::string(body));
    };
    EXPECT_NE(refused(corr("    type: event_count\n    rules: [no_such_rule]\n"
                           "    timespan: 1h\n    condition: {gte: 1}\n"))
                  .find("'no_such_rule', which is not loaded"),
              std::string::npos);
    EXPECT_NE(refused(corr("    type: value_sum\n    rules: [failed_login]\n    timespan: 1h\n"
                           "    condition: {gte: 1, field: x}\n"))
                  .find("'value_sum' is not supported"),
              std::string::npos);
    EXPECT_NE(refused(corr("    type: event_count\n    rules: [failed_login]\n    timespan: 1w\n"
                           "    condition: {gte: 1}\n"))
                  .find("timespan"),
              std::string::npos);
    EXPECT_NE(refused(corr("    type: value_count\n    rules: [failed_login]\n    timespan: 1h\n"
                           "    condition: {gte: 1}\n"))
                  .find("field"),
              std::string::npos);
    EXPECT_NE(refused(corr("    type: temporal_ordered\n    rules: [failed_login, failed_login]\n"
                           "    timespan: 1h\n    condition: {gte: 1}\n"))
                  .find("temporal_ordered"),
              std::string::npos);
    // A rule for another log source cannot feed a CloudTrail correlation.
    EXPECT_NE(refused("title: Win\nid: w-1\nname: win\nlogsource: {product: windows}\n"
                      "detection: {s: {EventID: 4625}, condition: s}\n---\n"
                      "title: C\nid: c-2\ncorrelation: {type: event_count, rules: [win], "
                      "timespan: 1h, condition: {gte: 1}}\n")
                  .find("does not apply to CloudTrail"),
              std::string::npos);
    // Two correlations that refer to each other.
    EXPECT_NE(refused(std::string(kFailedLogin) +
                      "---\ntitle: A\nid: ca\nname: ca\ncorrelation: {type: temporal, "
                      "rules: [cb, failed_login], timespan: 1h}\n---\n"
                      "title: B\nid: cb\nname: cb\ncorrelation: {type: temporal, "
                      "rules: [ca, failed_login], timespan: 1h}\n")
                  .find("cycle"),
              std::string::npos);
}

}  // namespace
}  // namespace wasp::detect
