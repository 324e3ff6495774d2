// Common fields, times and dotted paths of CloudTrail events.
#include "detect/event.h"

#include <string>

#include <gtest/gtest.h>

namespace wasp::detect {
namespace {

TEST(Event, ParseTimeAcceptsCloudTrailShapes) {
    EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_time("2024-05-01T12:34:56Z"), 1714566896000);
    EXPECT_EQ(parse_time("2024-05-01T12:34:56.250Z"), 1714566896250);
    EXPECT_EQ(parse_time("2024-05-01T14:34:56+02:00"), 1714566896000);
    EXPECT_EQ(parse_time("2024-02-29T00:00:00Z"), 1709164800000);
}

TEST(Event, ParseTimeRejectsOtherText) {
    EXPECT_EQ(parse_time(""), kNoTime);
    EXPECT_EQ(parse_time("2024-13-01T00:00:00Z"), kNoTime);
    EXPECT_EQ(parse_time("2024-05-01"), kNoTime);
    EXPECT_EQ(parse_time("2024-05-01T12:34:56Zjunk"), kNoTime);
}

TEST(Event, FillReadsCommonFieldsAndPaths) {
    const std::string json = R"({"eventVersion":"1.08","eventTime":"2024-05-01T12:34:56Z",
        "eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1",
        "sourceIPAddress":"203.0.113.7","eventID":"e1","errorCode":"AccessDenied",
        "userIdentity":{"type":"AssumedRole","principalId":"AROA:s",
          "arn":"arn:aws:sts::111122223333:assumed-role/Ops/s",
          "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/Ops"}}},
        "requestParameters":{"name":"trail","a.b":1}})";
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
    Event e;
    ASSERT_TRUE(fill(e, root));
    EXPECT_EQ(e.event_name, "StopLogging");
    EXPECT_EQ(e.event_source, "cloudtrail.amazonaws.com");
    EXPECT_EQ(e.event_id, "e1");
    EXPECT_EQ(e.aws_region, "us-east-1");
    EXPECT_EQ(e.source_ip, "203.0.113.7");
    EXPECT_EQ(e.error_code, "AccessDenied");
    EXPECT_EQ(e.time_ms, 1714566896000);
    EXPECT_EQ(principal(e), "arn:aws:sts::111122223333:assumed-role/Ops/s");
    std::string_view v;
    ASSERT_EQ(at_path(root, "userIdentity.sessionContext.sessionIssuer.arn").get(v),
              simdjson::SUCCESS);
    EXPECT_EQ(v, "arn:aws:iam::111122223333:role/Ops");
    std::int64_t n = 0;
    ASSERT_EQ(at_path(root, "requestParameters.a.b").get(n), simdjson::SUCCESS);
    EXPECT_EQ(n, 1);
    EXPECT_NE(at_path(root, "requestParameters.missing").error(), simdjson::SUCCESS);
    EXPECT_NE(at_path(root, "eventName.deeper").error(), simdjson::SUCCESS);

    simdjson::dom::element arr;
    ASSERT_EQ(parser.parse(std::string("[1]")).get(arr), simdjson::SUCCESS);
    Event bad;
    EXPECT_FALSE(fill(bad, arr));
}

}  // namespace
}  // namespace wasp::detect
