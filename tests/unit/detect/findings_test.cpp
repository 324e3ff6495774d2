// Alerts as findings: principals as resources, records as activity, stable fingerprints.
#include "detect/findings.h"

#include <gtest/gtest.h>

namespace wasp::detect {
namespace {

EventRef ref(std::string id, std::uint64_t index, bool lines) {
    EventRef e;
    e.event_id = std::move(id);
    e.event_time = "2024-05-01T12:34:56Z";
    e.event_name = "StopLogging";
    e.event_source = "cloudtrail.amazonaws.com";
    e.principal = "arn:aws:sts::111122223333:assumed-role/Ops/alice";
    e.source_ip = "203.0.113.7";
    e.account = "111122223333";
    e.file = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a.json.gz";
    e.index = index;
    e.json_lines = lines;
    return e;
}

Alert alert(std::string rule, std::string principal, std::int64_t first) {
    Alert a;
    a.rule_id = std::move(rule);
    a.title = "CloudTrail logging stopped";
    a.severity = core::Severity::kHigh;
    a.principal = std::move(principal);
    a.account = "111122223333";
    a.message = "StopLogging by the Ops role";
    a.first_ms = first;
    a.last_ms = first + 60000;
    a.count = 3;
    a.events = {ref("e1", 4, false), ref("e2", 9, true)};
    return a;
}

TEST(DetectFindings, PrincipalsBecomeResources) {
    auto role = principal_resource("arn:aws:sts::111122223333:assumed-role/Ops/alice", "");
    EXPECT_EQ(role.kind, "aws.iam.role");
    EXPECT_EQ(role.id, "arn:aws:iam::111122223333:role/Ops");
    auto user = principal_resource("arn:aws:iam::111122223333:user/bob", "");
    EXPECT_EQ(user.kind, "aws.iam.user");
    auto root = principal_resource("arn:aws:iam::111122223333:root", "");
    EXPECT_EQ(root.kind, "aws.account.root");
    auto service = principal_resource("cloudtrail.amazonaws.com", "111122223333");
    EXPECT_EQ(service.kind, "aws.principal");
    EXPECT_EQ(service.id, "cloudtrail.amazonaws.com (111122223333)");
    EXPECT_TRUE(principal_resource("", "111122223333").kind.empty());
}

TEST(DetectFindings, OneFindingPerAlertWithItsRecords) {
    auto out = to_findings(
        {alert("WASP-DET-001", "arn:aws:sts::111122223333:assumed-role/Ops/a", 0),
         alert("WASP-DET-001", "arn:aws:sts::111122223333:assumed-role/Ops/b", 1714566896000),
         alert("WASP-DET-001", "arn:aws:sts::111122223333:assumed-role/Ops/b", 1714570000000)});
    ASSERT_EQ(out.findings.size(), 3u);
    ASSERT_EQ(out.resources.size(), 1u);  // two sessions of one role
    const auto& f = out.findings[1];
    EXPECT_EQ(f.rule_id, "WASP-DET-001");
    EXPECT_EQ(f.severity, core::Severity::kHigh);
    EXPECT_EQ(f.resource, 0u);
    ASSERT_TRUE(f.activity.has_value());
    EXPECT_EQ(f.activity->events, 3u);
    EXPECT_EQ(f.activity->first_seen, "2024-05-01T12:34:56Z");
    EXPECT_EQ(f.activity->last_seen, "2024-05-01T12:35:56Z");
    ASSERT_EQ(f.activity->sample.size(), 2u);
    EXPECT_EQ(f.activity->sample[0].location.pointer, "/Records/4");
    EXPECT_EQ(f.activity->sample[1].location.mark.line, 10u);
    EXPECT_EQ(f.activity->sample[0].fields[0],
              (std::pair<std::string, std::string>{"eventName", "StopLogging"}));
    EXPECT_EQ(f.location.pointer, "/Records/4");
    // Stable across runs, distinct across principals and across windows of one principal.
    EXPECT_EQ(f.fingerprint,
              to_findings({alert("WASP-DET-001", "arn:aws:sts::111122223333:assumed-role/Ops/b",
                                 1714566896000)})
                  .findings[0]
                  .fingerprint);
    EXPECT_NE(out.findings[0].fingerprint, f.fingerprint);
    EXPECT_NE(out.findings[2].fingerprint, f.fingerprint);
}

}  // namespace
}  // namespace wasp::detect
