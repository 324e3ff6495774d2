// Loading Sigma rules: metadata and the wasp extension, documents and positions, rules that do
// not apply to CloudTrail, rules that cannot be evaluated, alerts and their order.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "sigma_harness.h"

namespace wasp::detect {
namespace {

using testing::kStopLogging;
using testing::one_selection;
using testing::Rules;
using testing::with;

constexpr std::string_view kFull = R"(title: CloudTrail logging stopped
id: 7e5a1c3b-0d2e-4f6a-9b8c-1d2e3f4a5b6c
name: trail_stopped
status: test
description: A trail stopped recording.
references:
    - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
author: Jane Doe, John Roe
date: 2024-05-01
modified: 2024-06-01
tags:
    - attack.defense-evasion
    - attack.t1562.008
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName: StopLogging
    condition: selection
falsepositives:
    - Planned maintenance
level: high
wasp:
    id: WASP-DET-900
    best_practices: [SEC04-BP01, SEC04-BP03]
    techniques: [aws.defense-evasion.cloudtrail-stop]
    remediation: Start logging again and find out who stopped it.
)";

TEST(SigmaLoad, ReadsMetadataAndTheWaspExtension) {
    Rules r(kFull);
    ASSERT_EQ(r.set.rules().size(), 1u);
    EXPECT_TRUE(r.diags.empty());
    const SigmaRule& m = r.set.rules()[0];
    EXPECT_EQ(m.id, "7e5a1c3b-0d2e-4f6a-9b8c-1d2e3f4a5b6c");
    EXPECT_EQ(m.review_id(), "WASP-DET-900");
    EXPECT_EQ(m.name, "trail_stopped");
    EXPECT_EQ(m.title, "CloudTrail logging stopped");
    EXPECT_EQ(m.status, "test");
    EXPECT_EQ(m.author, "Jane Doe, John Roe");
    EXPECT_EQ(m.date, "2024-05-01");
    EXPECT_EQ(m.modified, "2024-06-01");
    EXPECT_EQ(m.level, "high");
    EXPECT_EQ(m.severity(), core::Severity::kHigh);
    EXPECT_EQ(m.tags.size(), 2u);
    EXPECT_EQ(m.references.size(), 1u);
    EXPECT_EQ(m.falsepositives, std::vector<std::string>{"Planned maintenance"});
    ASSERT_EQ(m.logsource.size(), 2u);
    EXPECT_EQ(m.logsource[1], (std::pair<std::string, std::string>{"service", "cloudtrail"}));
    EXPECT_EQ(m.best_practices, (std::vector<std::string>{"SEC04-BP01", "SEC04-BP03"}));
    EXPECT_EQ(m.techniques, std::vector<std::string>{"aws.defense-evasion.cloudtrail-stop"});
    EXPECT_EQ(m.remediation, "Start logging again and find out who stopped it.");
    EXPECT_EQ(m.location.file, "rules/test.yml");
    EXPECT_EQ(m.location.mark.line, 1u);
    EXPECT_FALSE(m.sigmahq);
    EXPECT_EQ(r.set.find("trail_stopped"), &m);
    EXPECT_EQ(r.set.find("WASP-DET-900"), &m);

    auto infos = r.set.rule_infos();
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_EQ(infos[0].id, "WASP-DET-900");
    EXPECT_EQ(infos[0].severity, core::Severity::kHigh);
    EXPECT_EQ(infos[0].kinds, std::vector<std::string>{"aws.cloudtrail.event"});
    EXPECT_EQ(infos[0].remediation, m.remediation);
    EXPECT_EQ(infos[0].references.size(), 1u);  // not a SigmaHQ rule: no licence links
    EXPECT_EQ(infos[0].source, "rules/test.yml");
}

TEST(SigmaLoad, DefaultsAndLevels) {
    Rules r(one_selection("eventName: StopLogging"));
    ASSERT_EQ(r.set.rules().size(), 1u);
    const SigmaRule& m = r.set.rules()[0];
    EXPECT_EQ(m.review_id(), "5f0c5b7e-1d2c-4e3f-8a9b-0c1d2e3f4a5b");
    EXPECT_EQ(m.best_practices, std::vector<std::string>{"SEC04-BP03"});
    for (auto [level, sev] : {std::pair{"informational", core::Severity::kInfo},
                              {"low", core::Severity::kLow},
                              {"medium", core::Severity::kMedium},
                              {"high", core::Severity::kHigh},
                              {"critical", core::Severity::kCritical}}) {
        SigmaRule x;
        x.level = level;
        EXPECT_EQ(x.severity(), sev) << level;
    }
}

TEST(SigmaLoad, SigmaHqRulesCarryTheirLicence) {
    Rules r(one_selection("eventName: StopLogging") + "author: Some Author\n",
            "rules/sigma/sigmahq/aws_test.yml");
    ASSERT_EQ(r.set.rules().size(), 1u);
    EXPECT_TRUE(r.set.rules()[0].sigmahq);
    auto infos = r.set.rule_infos();
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_NE(std::find(infos[0].references.begin(), infos[0].references.end(),
                        "https://github.com/SigmaHQ/Detection-Rule-License"),
              infos[0].references.end());
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    auto alerts = run.alerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_NE(alerts[0].message.find("Sigma rule by Some Author, Detection Rule License 1.1"),
              std::string::npos)
        << alerts[0].message;
}

TEST(SigmaLoad, DocumentsOfOneFileKeepTheirLines) {
    const std::string text = "# two rules\n" + one_selection("eventName: A") + "---\n" +
                             "title: Second\nid: second-rule\n"
                             "logsource: {product: aws, service: cloudtrail}\n"
                             "detection:\n  sel:\n    eventName: B\n  condition: sel\n"
                             "...\n";
    Rules r(text);
    ASSERT_EQ(r.set.rules().size(), 2u) << (r.diags.empty() ? "" : r.diags[0].str());
    EXPECT_EQ(r.set.rules()[0].location.mark.line, 2u);
    EXPECT_EQ(r.set.rules()[1].location.mark.line, 13u);
    EXPECT_EQ(r.set.rules()[1].title, "Second");
}

TEST(SigmaLoad, YamlErrorsNamePositionInTheFile) {
    const std::string text =
        one_selection("eventName: A") + "---\ntitle: Broken\nid: b\ndetection:\n  sel: [unclosed\n";
    Rules r(text);
    EXPECT_EQ(r.set.rules().size(), 1u);
    ASSERT_EQ(r.set.unsupported().size(), 1u);
    const auto& d = r.diags.front();
    EXPECT_EQ(d.code, "sigma-syntax");
    EXPECT_EQ(d.level, core::DiagLevel::kWarning);
    EXPECT_EQ(d.location.file, "rules/test.yml");
    EXPECT_GE(d.location.mark.line, 15u);  // in the second document, not its own line 1
    EXPECT_NE(r.set.unsupported()[0].reason.find("YAML"), std::string::npos);
}

TEST(SigmaLoad, OtherLogSourcesAreNotApplicable) {
    Rules r(
        "title: Windows\nid: w1\nlogsource: {product: windows, category: process_creation}\n"
        "detection:\n  sel: {Image|endswith: '\\\\whoami.exe'}\n  condition: sel\n"
        "---\n"
        "title: GCP\nid: g1\nlogsource: {product: gcp, service: gcp.audit}\n"
        "detection:\n  sel: {method: x}\n  condition: sel\n"
        "---\n"
        "title: Other AWS\nid: o1\nlogsource: {product: aws, service: s3}\n"
        "detection:\n  sel: {x: y}\n  condition: sel\n");
    EXPECT_TRUE(r.set.rules().empty());
    ASSERT_EQ(r.set.not_applicable().size(), 3u);
    EXPECT_NE(r.set.not_applicable()[0].reason.find("windows"), std::string::npos);
    EXPECT_NE(r.set.not_applicable()[2].reason.find("s3"), std::string::npos);
    EXPECT_TRUE(r.set.unsupported().empty());
    ASSERT_EQ(r.diags.size(), 3u);
    EXPECT_EQ(r.diags[0].code, "sigma-not-applicable");
    EXPECT_EQ(r.diags[2].location.mark.line, 15u);
}

// The reason a one-selection rule is refused, or "" if it loads.
std::string refused(std::string_view selection, std::string_view condition = "sel") {
    Rules r(one_selection(selection, condition));
    if (r.set.unsupported().empty()) return "";
    EXPECT_FALSE(r.diags.empty());
    if (!r.diags.empty()) {
        EXPECT_EQ(r.diags[0].location.file, "rules/test.yml");
        EXPECT_GT(r.diags[0].location.mark.line, 0u);
    }
    return r.set.unsupported()[0].reason;
}

TEST(SigmaLoad, UnsupportedRulesAreListedWithTheirReason) {
    EXPECT_EQ(refused("eventName: X"), "");
    EXPECT_NE(refused("eventName|sometimes: X").find("unknown modifier 'sometimes'"),
              std::string::npos);
    EXPECT_NE(refused("eventName: X", "sel | count() > 5").find("aggregation"), std::string::npos);
    EXPECT_NE(refused("eventName: X", "sel | count() by sourceIPAddress > 5").find("aggregation"),
              std::string::npos);
    EXPECT_NE(refused("eventName: X", "sel near other").find("near"), std::string::npos);
    EXPECT_NE(
        refused("eventName: X", "sel and missing").find("unknown search identifier 'missing'"),
        std::string::npos);
    EXPECT_NE(refused("eventName: X", "sel and (sel").find("missing ')'"), std::string::npos);
    EXPECT_NE(refused("eventName: X", "sel and").find("ends too early"), std::string::npos);
    EXPECT_NE(refused("eventName: X", "1 of nothing_*").find("matches no search identifier"),
              std::string::npos);
    EXPECT_NE(refused("eventName: X", "2 of sel*").find("'2 of'"), std::string::npos);
    EXPECT_NE(refused("userIdentity.arn|expand: '%Admins%'").find("placeholder %Admins%"),
              std::string::npos);
    EXPECT_NE(refused("eventName|re: '(unclosed'").find("regular expression"), std::string::npos);
    EXPECT_NE(refused("eventName|re: '(?<=look)behind'").find("regular expression"),
              std::string::npos);
    EXPECT_NE(refused("sourceIPAddress|cidr: 10.0.0.0/33").find("CIDR"), std::string::npos);
    EXPECT_NE(refused("x|gt: many").find("not a number"), std::string::npos);
    EXPECT_NE(refused("x|exists: maybe").find("true or false"), std::string::npos);
    EXPECT_NE(refused("x|i: y").find("must follow 're'"), std::string::npos);
    EXPECT_NE(refused("x|contains|base64: 'a*b'").find("wildcards"), std::string::npos);
    EXPECT_NE(refused("x|re|contains: y").find("after a type modifier"), std::string::npos);
    EXPECT_NE(refused("x|windash: '-a-b-c-d-e-f'").find("windash"), std::string::npos);
    // Hostile nesting is refused, not recursed into without end.
    EXPECT_NE(refused("eventName: X", std::string(100, '(') + "sel" + std::string(100, ')'))
                  .find("nested more than 64"),
              std::string::npos);
    std::string nots;
    for (int i = 0; i < 100; ++i) nots += "not ";
    EXPECT_NE(refused("eventName: X", nots + "sel").find("nested more than 64"), std::string::npos);
    EXPECT_EQ(refused("eventName: X", std::string(30, '(') + "sel" + std::string(30, ')')), "");
}

TEST(SigmaLoad, StructuralErrorsAreSyntaxDiagnostics) {
    Rules r(
        "title: No detection\nid: n1\nlogsource: {product: aws}\n"
        "---\nid: no-title\nlogsource: {product: aws}\ndetection: {a: {x: y}, condition: a}\n"
        "---\ntitle: No condition\nid: n2\nlogsource: {product: aws}\ndetection: {a: {x: y}}\n"
        "---\n- just\n- a list\n"
        "---\ntitle: Bad level\nid: n3\nlevel: severe\nlogsource: {product: aws}\n"
        "detection: {a: {x: y}, condition: a}\n"
        "---\ntitle: Filter\nid: f1\nfilter: {rules: [x], selection: {a: b}, condition: not "
        "selection}\n");
    EXPECT_TRUE(r.set.rules().empty());
    ASSERT_EQ(r.set.unsupported().size(), 6u);
    ASSERT_EQ(r.diags.size(), 6u);
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(r.diags[i].code, "sigma-syntax") << i;
    EXPECT_EQ(r.diags[5].code, "sigma-unsupported");
    EXPECT_NE(r.set.unsupported()[5].reason.find("filters"), std::string::npos);
}

TEST(SigmaLoad, DuplicateIdsKeepTheFirstRule) {
    Rules r(one_selection("eventName: A") + "---\n" + one_selection("eventName: B"));
    EXPECT_EQ(r.set.rules().size(), 1u);
    ASSERT_EQ(r.set.unsupported().size(), 1u);
    EXPECT_NE(r.set.unsupported()[0].reason.find("already used"), std::string::npos);
}

TEST(SigmaAlerts, OneAlertPerRulePrincipalAndAccount) {
    Rules r(one_selection("eventName: StopLogging"));
    testing::EventRun run(r.set);
    const std::string bob =
        with(kStopLogging, "userIdentity",
             R"({"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/bob"})");
    for (int i = 0; i < 12; ++i) {
        const std::string t = "\"2024-05-01T12:" + std::to_string(50 - i) + ":00Z\"";
        run.add(with(kStopLogging, "eventTime", t));
    }
    run.add(bob);
    run.add(with(kStopLogging, "recipientAccountId", R"("444455556666")"));
    run.add(with(kStopLogging, "eventName", R"("StartLogging")"));
    auto alerts = run.alerts();
    ASSERT_EQ(alerts.size(), 3u);
    // Ordered by rule id, first time, principal: bob and alice's other account at 12:34:56.
    EXPECT_EQ(alerts[0].principal, "arn:aws:iam::111122223333:user/bob");
    EXPECT_EQ(alerts[1].principal, "arn:aws:sts::111122223333:assumed-role/Admin/alice");
    EXPECT_EQ(alerts[1].account, "444455556666");
    const Alert& a = alerts[2];
    EXPECT_EQ(a.principal, "arn:aws:sts::111122223333:assumed-role/Admin/alice");
    EXPECT_EQ(a.account, "111122223333");
    EXPECT_EQ(a.count, 12u);
    EXPECT_EQ(a.severity, core::Severity::kHigh);
    EXPECT_EQ(a.first_ms, parse_time("2024-05-01T12:39:00Z"));
    EXPECT_EQ(a.last_ms, parse_time("2024-05-01T12:50:00Z"));
    ASSERT_EQ(a.events.size(), kMaxSampleEvents);
    EXPECT_EQ(a.events.front().event_time, "2024-05-01T12:39:00Z");
    EXPECT_EQ(a.events.back().event_time, "2024-05-01T12:48:00Z");
    EXPECT_EQ(a.events.front().event_id, "0f1e2d3c-2222-4b5a-8c7d-6e5f4a3b2c1d");
    EXPECT_EQ(a.events.front().source_ip, "203.0.113.7");
    EXPECT_EQ(a.events.front().region, "us-east-1");
    EXPECT_EQ(a.events.front().event_name, "StopLogging");
    EXPECT_EQ(a.events.front().account, "111122223333");
    EXPECT_EQ(a.rule_id, "5f0c5b7e-1d2c-4e3f-8a9b-0c1d2e3f4a5b");
    EXPECT_NE(a.message.find("12 matching events by arn:aws:sts"), std::string::npos) << a.message;
}

TEST(SigmaAlerts, MergedThreadsGiveTheSameAlerts) {
    Rules r(one_selection("eventName: StopLogging"));
    std::vector<std::string> events;
    for (int i = 0; i < 20; ++i) {
        events.push_back(with(kStopLogging, "eventTime",
                              "\"2024-05-01T13:" + std::to_string(10 + i) + ":00Z\""));
    }
    testing::EventRun one(r.set);
    for (const auto& e : events) one.add(e);
    testing::EventRun a(r.set), b(r.set);
    for (std::size_t i = 0; i < events.size(); ++i) (i % 3 == 0 ? a : b).add(events[i]);
    a.consumer().merge(std::move(b.consumer()));
    auto x = one.alerts(), y = a.alerts();
    ASSERT_EQ(x.size(), 1u);
    ASSERT_EQ(y.size(), 1u);
    EXPECT_EQ(x[0].count, y[0].count);
    EXPECT_EQ(x[0].first_ms, y[0].first_ms);
    EXPECT_EQ(x[0].last_ms, y[0].last_ms);
    ASSERT_EQ(x[0].events.size(), y[0].events.size());
    for (std::size_t i = 0; i < x[0].events.size(); ++i) {
        EXPECT_EQ(x[0].events[i].event_time, y[0].events[i].event_time);
    }
    EXPECT_EQ(a.consumer().events(), 20u);
    EXPECT_EQ(a.consumer().matches(), 20u);
}

TEST(SigmaAlerts, RulesSelectedBySourceOrNothingStillRun) {
    // Indexed by eventSource, and not indexable at all.
    Rules r(
        "title: By source\nid: s1\nlogsource: {product: aws}\n"
        "detection: {sel: {eventSource: CLOUDTRAIL.amazonaws.com}, condition: sel}\n"
        "---\ntitle: By user\nid: s2\nlogsource: {product: aws}\n"
        "detection: {sel: {userIdentity.type: AssumedRole}, condition: sel}\n"
        "---\ntitle: By prefix\nid: s3\nlogsource: {product: aws}\n"
        "detection: {sel: {eventName|startswith: stop}, condition: sel}\n"
        "---\ntitle: Negated\nid: s4\nlogsource: {product: aws}\n"
        "detection: {sel: {eventName: StopLogging}, condition: not sel}\n");
    ASSERT_EQ(r.set.rules().size(), 4u);
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    auto alerts = run.alerts();
    ASSERT_EQ(alerts.size(), 3u);
    EXPECT_EQ(alerts[0].rule_id, "s1");
    EXPECT_EQ(alerts[1].rule_id, "s2");
    EXPECT_EQ(alerts[2].rule_id, "s3");
}

}  // namespace
}  // namespace wasp::detect
