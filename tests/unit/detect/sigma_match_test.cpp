// Sigma matching: values, wildcards and escapes, every modifier, null and exists, arrays,
// numbers, keywords and the condition forms.
#include <string>

#include <gtest/gtest.h>

#include "sigma_harness.h"

namespace wasp::detect {
namespace {

using testing::hits;
using testing::kStopLogging;
using testing::one_selection;
using testing::Rules;
using testing::with;

TEST(SigmaMatch, PlainValuesCompareCaseInsensitively) {
    EXPECT_TRUE(hits("eventName: StopLogging", kStopLogging));
    EXPECT_TRUE(hits("eventName: stoplogging", kStopLogging));
    EXPECT_FALSE(hits("eventName: StopLog", kStopLogging));
    EXPECT_TRUE(hits("eventName|cased: StopLogging", kStopLogging));
    EXPECT_FALSE(hits("eventName|cased: stoplogging", kStopLogging));
    // A field other than the common ones, found by lookup.
    EXPECT_TRUE(hits("userAgent: 'AWS-CLI/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023'",
                     kStopLogging));
}

TEST(SigmaMatch, ListsAreOrMapsAreAnd) {
    EXPECT_TRUE(hits("eventName:\n    - DeleteTrail\n    - StopLogging", kStopLogging));
    EXPECT_FALSE(hits("eventName:\n    - DeleteTrail\n    - UpdateTrail", kStopLogging));
    EXPECT_TRUE(hits("eventName: StopLogging\nawsRegion: us-east-1", kStopLogging));
    EXPECT_FALSE(hits("eventName: StopLogging\nawsRegion: eu-west-1", kStopLogging));
    // A list of maps under one search identifier: any of them.
    Rules r(
        "title: T\nid: a1\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection:\n  sel:\n    - eventName: DeleteTrail\n    - awsRegion: us-east-1\n"
        "  condition: sel\n");
    ASSERT_EQ(r.set.rules().size(), 1u);
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    EXPECT_EQ(run.alerts().size(), 1u);
}

TEST(SigmaMatch, WildcardsAndEscapes) {
    EXPECT_TRUE(hits("eventName: 'Stop*'", kStopLogging));
    EXPECT_TRUE(hits("eventName: '*Logging'", kStopLogging));
    EXPECT_TRUE(hits("eventName: '*opLog*'", kStopLogging));
    EXPECT_TRUE(hits("eventName: 'Stop?ogging'", kStopLogging));
    EXPECT_FALSE(hits("eventName: 'Stop?Logging'", kStopLogging));
    EXPECT_TRUE(hits("eventName: 'S*L*g'", kStopLogging));
    EXPECT_FALSE(hits("eventName: 'S*X*g'", kStopLogging));
    const std::string star = with(kStopLogging, "userAgent", R"("a*b?c\\d")");
    EXPECT_TRUE(hits(R"(userAgent: 'a\*b\?c\d')", star));
    EXPECT_TRUE(hits(R"(userAgent: 'a\*b\?c\\d')", star));
    EXPECT_FALSE(hits(R"(userAgent: 'a\*b\?cd')", star));
    EXPECT_FALSE(hits(R"(userAgent: 'a\*x?c*')", star));
    const std::string plain = with(kStopLogging, "userAgent", R"("aXb")");
    EXPECT_TRUE(hits("userAgent: 'a*b'", plain));
    EXPECT_FALSE(hits(R"(userAgent: 'a\*b')", plain));
    // '?' is one character, also a multi-byte one.
    EXPECT_TRUE(hits("userAgent: 'caf?'", with(kStopLogging, "userAgent", "\"caf\xC3\xA9\"")));
}

TEST(SigmaMatch, ContainsStartsWithEndsWith) {
    EXPECT_TRUE(hits("userAgent|contains: python/3.11", kStopLogging));
    EXPECT_FALSE(hits("userAgent|contains: python/2", kStopLogging));
    EXPECT_TRUE(hits("userAgent|startswith: aws-cli/", kStopLogging));
    EXPECT_FALSE(hits("userAgent|startswith: Python", kStopLogging));
    EXPECT_TRUE(hits("userAgent|endswith: amzn.2023", kStopLogging));
    EXPECT_FALSE(hits("userAgent|endswith: aws-cli", kStopLogging));
    EXPECT_TRUE(hits("userAgent|contains|cased: Python", kStopLogging));
    EXPECT_FALSE(hits("userAgent|contains|cased: python", kStopLogging));
}

TEST(SigmaMatch, AllModifierNeedsEveryValue) {
    EXPECT_TRUE(hits("userAgent|contains|all:\n    - aws-cli\n    - Linux", kStopLogging));
    EXPECT_FALSE(hits("userAgent|contains|all:\n    - aws-cli\n    - Windows", kStopLogging));
}

TEST(SigmaMatch, RegularExpressions) {
    EXPECT_TRUE(hits("userIdentity.arn|re: '^arn:aws:sts::[0-9]{12}:assumed-role/'", kStopLogging));
    EXPECT_FALSE(hits("userIdentity.arn|re: '^arn:aws:iam::'", kStopLogging));
    // Case-sensitive unless |i.
    EXPECT_FALSE(hits("eventName|re: 'stop.*'", kStopLogging));
    EXPECT_TRUE(hits("eventName|re|i: 'stop.*'", kStopLogging));
    // The SigmaHQ IMDS rule's pattern, with its required literal.
    const std::string imds =
        with(kStopLogging, "userIdentity",
             R"({"type":"AssumedRole",)"
             R"("arn":"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc"})");
    EXPECT_TRUE(hits("userIdentity.arn|re: '.+:assumed-role/aws:.+'", imds));
    EXPECT_FALSE(hits("userIdentity.arn|re: '.+:assumed-role/aws:.+'", kStopLogging));
    // m: ^ and $ at line ends; s: '.' across lines.
    const std::string lines = with(kStopLogging, "userAgent", R"("first\nsecond")");
    EXPECT_FALSE(hits("userAgent|re: '^second$'", lines));
    EXPECT_TRUE(hits("userAgent|re|m: '^second$'", lines));
    EXPECT_FALSE(hits("userAgent|re: 'first.second'", lines));
    EXPECT_TRUE(hits("userAgent|re|s: 'first.second'", lines));
}

TEST(SigmaMatch, CidrRanges) {
    EXPECT_TRUE(hits("sourceIPAddress|cidr: 203.0.113.0/24", kStopLogging));
    EXPECT_FALSE(hits("sourceIPAddress|cidr: 198.51.100.0/24", kStopLogging));
    EXPECT_TRUE(
        hits("sourceIPAddress|cidr:\n    - 10.0.0.0/8\n    - 203.0.112.0/23", kStopLogging));
    const std::string v6 =
        with(kStopLogging, "sourceIPAddress", R"("2001:db8:85a3::8a2e:370:7334")");
    EXPECT_TRUE(hits("sourceIPAddress|cidr: '2001:db8::/32'", v6));
    EXPECT_FALSE(hits("sourceIPAddress|cidr: '2001:db9::/32'", v6));
    EXPECT_FALSE(hits("sourceIPAddress|cidr: 10.0.0.0/8", v6));
    // A service name in place of an address is not in any range.
    EXPECT_FALSE(hits("sourceIPAddress|cidr: 0.0.0.0/0",
                      with(kStopLogging, "sourceIPAddress", R"("ssm.amazonaws.com")")));
}

TEST(SigmaMatch, Base64AndEncodings) {
    // "StopLogging" in base64 is U3RvcExvZ2dpbmc=.
    const std::string b64 = with(kStopLogging, "userAgent", R"("U3RvcExvZ2dpbmc=")");
    EXPECT_TRUE(hits("userAgent|base64: StopLogging", b64));
    EXPECT_FALSE(hits("userAgent|base64: StartLogging", b64));
    // base64offset finds the value at any offset inside longer base64 text: "xStopLogging",
    // "xxStopLogging" and "StopLogging" itself.
    const std::string_view off[] = {"eFN0b3BMb2dnaW5n", "eHhTdG9wTG9nZ2luZw==", "U3RvcExvZ2dpbmc="};
    for (auto text : off) {
        EXPECT_TRUE(hits("userAgent|base64offset|contains: StopLogging",
                         with(kStopLogging, "userAgent", "\"" + std::string(text) + "\"")))
            << text;
    }
    EXPECT_FALSE(hits("userAgent|base64offset|contains: StartLogging",
                      with(kStopLogging, "userAgent", "\"eFN0b3BMb2dnaW5n\"")));
    // UTF-16LE then base64: "cmd" -> 63 00 6d 00 64 00 -> YwBtAGQA.
    const std::string wide = with(kStopLogging, "userAgent", R"("YwBtAGQA")");
    EXPECT_TRUE(hits("userAgent|wide|base64: cmd", wide));
    EXPECT_TRUE(hits("userAgent|utf16le|base64: cmd", wide));
    EXPECT_FALSE(hits("userAgent|utf16be|base64: cmd", wide));
    // UTF-16BE: 00 63 00 6d 00 64 -> AGMAbQBk; with a byte order mark (utf16): FF FE 63 00 ...
    EXPECT_TRUE(
        hits("userAgent|utf16be|base64: cmd", with(kStopLogging, "userAgent", R"("AGMAbQBk")")));
    EXPECT_TRUE(
        hits("userAgent|utf16|base64: cmd", with(kStopLogging, "userAgent", R"("//5jAG0AZAA=")")));
}

TEST(SigmaMatch, WindashMakesDashesInterchangeable) {
    for (std::string_view ua : {"tool -verbose", "tool /verbose", "tool \xE2\x80\x93verbose",
                                "tool \xE2\x80\x94verbose", "tool \xE2\x80\x95verbose"}) {
        EXPECT_TRUE(hits("userAgent|windash|contains: ' -verbose'",
                         with(kStopLogging, "userAgent", "\"" + std::string(ua) + "\"")))
            << ua;
    }
    EXPECT_FALSE(hits("userAgent|windash|contains: ' -verbose'",
                      with(kStopLogging, "userAgent", R"("tool +verbose")")));
    EXPECT_FALSE(hits("userAgent|contains: ' -verbose'",
                      with(kStopLogging, "userAgent", R"("tool /verbose")")));
}

TEST(SigmaMatch, NullAndExists) {
    EXPECT_TRUE(hits("errorCode: null", kStopLogging));         // absent
    EXPECT_TRUE(hits("responseElements: null", kStopLogging));  // JSON null
    EXPECT_FALSE(hits("errorCode: null", with(kStopLogging, "errorCode", R"("AccessDenied")")));
    EXPECT_TRUE(hits("errorCode:\n    - null\n    - Success",
                     with(kStopLogging, "errorCode", R"("Success")")));
    EXPECT_FALSE(hits("errorCode:\n    - null\n    - Success",
                      with(kStopLogging, "errorCode", R"("AccessDenied")")));
    EXPECT_TRUE(hits("tlsDetails|exists: true", kStopLogging));
    EXPECT_FALSE(hits("tlsDetails|exists: false", kStopLogging));
    EXPECT_TRUE(hits("errorCode|exists: false", kStopLogging));
    EXPECT_FALSE(hits("errorCode|exists: true", kStopLogging));
    // exists only asks for presence: a null value is present.
    EXPECT_TRUE(hits("responseElements|exists: true", kStopLogging));
    // An empty value is the empty string, not absence.
    EXPECT_FALSE(hits("errorCode: ''", kStopLogging));
    EXPECT_TRUE(hits("errorCode: ''", with(kStopLogging, "errorCode", R"("")")));
}

TEST(SigmaMatch, NumbersBooleansAndComparisons) {
    const std::string n = with(kStopLogging, "requestParameters",
                               R"({"maxResults": 50, "ratio": 0.25, "enable": false})");
    EXPECT_TRUE(hits("requestParameters.maxResults: 50", n));
    EXPECT_TRUE(hits("requestParameters.maxResults: '50'", n));
    EXPECT_TRUE(hits("requestParameters.ratio: 0.25", n));
    EXPECT_TRUE(hits("requestParameters.enable: 'false'", n));
    EXPECT_TRUE(hits("requestParameters.enable: false", n));
    EXPECT_FALSE(hits("requestParameters.enable: 'true'", n));
    EXPECT_TRUE(hits("requestParameters.maxResults|gt: 49", n));
    EXPECT_FALSE(hits("requestParameters.maxResults|gt: 50", n));
    EXPECT_TRUE(hits("requestParameters.maxResults|gte: 50", n));
    EXPECT_TRUE(hits("requestParameters.maxResults|lt: 100", n));
    EXPECT_FALSE(hits("requestParameters.maxResults|lt: 50", n));
    EXPECT_TRUE(hits("requestParameters.maxResults|lte: 50", n));
    EXPECT_TRUE(hits("requestParameters.ratio|lt: 0.5", n));
    // A number written as a string compares numerically too; text does not.
    EXPECT_TRUE(hits("requestParameters.port|gte: 22",
                     with(kStopLogging, "requestParameters", R"({"port": "443"})")));
    EXPECT_FALSE(hits("requestParameters.port|gte: 22",
                      with(kStopLogging, "requestParameters", R"({"port": "https"})")));
}

TEST(SigmaMatch, NeqAndTimeParts) {
    EXPECT_TRUE(hits("awsRegion|neq: eu-west-1", kStopLogging));
    EXPECT_FALSE(hits("awsRegion|neq: us-east-1", kStopLogging));
    EXPECT_FALSE(hits("awsRegion|neq:\n    - eu-west-1\n    - us-east-1", kStopLogging));
    EXPECT_FALSE(hits("errorCode|neq: AccessDenied", kStopLogging));  // absent: nothing differs
    // 2024-05-01T12:34:56Z: hour 12, minute 34, day 1, month 5, year 2024, ISO week 18.
    EXPECT_TRUE(hits("eventTime|hour: 12", kStopLogging));
    EXPECT_FALSE(hits("eventTime|hour: 13", kStopLogging));
    EXPECT_TRUE(hits("eventTime|minute: 34", kStopLogging));
    EXPECT_TRUE(hits("eventTime|day: 1", kStopLogging));
    EXPECT_TRUE(hits("eventTime|month: 5", kStopLogging));
    EXPECT_TRUE(hits("eventTime|year: 2024", kStopLogging));
    EXPECT_TRUE(hits("eventTime|week: 18", kStopLogging));
    EXPECT_TRUE(hits("eventTime|hour|gte: 9", kStopLogging));
    EXPECT_FALSE(hits("eventTime|hour|lt: 9", kStopLogging));
    // 2021-01-03 is a Sunday in ISO week 53 of 2020.
    EXPECT_TRUE(
        hits("eventTime|week: 53", with(kStopLogging, "eventTime", R"("2021-01-03T10:00:00Z")")));
}

TEST(SigmaMatch, FieldReferences) {
    const std::string self =
        with(kStopLogging, "requestParameters",
             R"({"userName": "arn:aws:sts::111122223333:assumed-role/Admin/alice"})");
    EXPECT_TRUE(hits("userIdentity.arn|fieldref: requestParameters.userName", self));
    EXPECT_FALSE(hits("userIdentity.arn|fieldref: requestParameters.userName",
                      with(kStopLogging, "requestParameters", R"({"userName": "bob"})")));
    const std::string short_name =
        with(kStopLogging, "requestParameters", R"({"userName": "ALICE"})");
    EXPECT_TRUE(hits("userIdentity.arn|fieldref|endswith: requestParameters.userName", short_name));
    EXPECT_FALSE(
        hits("userIdentity.arn|fieldref|endswith|cased: requestParameters.userName", short_name));
    EXPECT_FALSE(hits("userIdentity.arn|fieldref: requestParameters.missing", kStopLogging));
}

TEST(SigmaMatch, NestedPathsArraysAndObjects) {
    EXPECT_TRUE(hits("userIdentity.sessionContext.sessionIssuer.userName: Admin", kStopLogging));
    EXPECT_FALSE(hits("userIdentity.sessionContext.sessionIssuer.userName: Other", kStopLogging));
    // Through an array of objects into an array of strings, as in ECS task definitions.
    const std::string task = with(kStopLogging, "requestParameters",
                                  R"({"family": "web", "containerDefinitions": [
            {"name": "app", "command": ["/bin/sh", "-c",
                "curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]},
            {"name": "sidecar", "command": ["sleep", "3600"]}]})");
    EXPECT_TRUE(
        hits("requestParameters.containerDefinitions.command|contains: "
             "'$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'",
             task));
    EXPECT_TRUE(hits("requestParameters.containerDefinitions.name: sidecar", task));
    EXPECT_FALSE(hits("requestParameters.containerDefinitions.name: db", task));
    // An object matches by its JSON text and by any value inside it.
    const std::string versioning =
        with(kStopLogging, "requestParameters",
             R"({"bucketName": "logs", "VersioningConfiguration": {"Status": "Suspended"}})");
    EXPECT_TRUE(hits("requestParameters|contains: Suspended", versioning));
    EXPECT_TRUE(hits("requestParameters|contains: '\"Status\":\"Suspended\"'", versioning));
    EXPECT_FALSE(hits("requestParameters|contains: Enabled", versioning));
    // A key that itself holds dots.
    EXPECT_TRUE(
        hits("requestParameters.x.y: 1", with(kStopLogging, "requestParameters", R"({"x.y": 1})")));
}

TEST(SigmaMatch, KeywordsSearchTheWholeEvent) {
    Rules r(
        "title: T\nid: k1\nlogsource: {product: aws}\n"
        "detection:\n  keywords:\n    - 'trail/main'\n    - 'no-such-text'\n"
        "  condition: keywords\n");
    ASSERT_EQ(r.set.rules().size(), 1u);
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    run.add(with(kStopLogging, "requestParameters", R"({"name": "other"})"));
    auto alerts = run.alerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].count, 1u);

    EXPECT_TRUE(hits("'|all':\n    - TLSv1.3\n    - Admin/alice", kStopLogging));
    EXPECT_FALSE(hits("'|all':\n    - TLSv1.3\n    - Admin/bob", kStopLogging));
    EXPECT_TRUE(hits("'|re': 'TLS_AES_[0-9]+_GCM'", kStopLogging));
    EXPECT_FALSE(hits("'|re': 'TLS_CHACHA20_[0-9]+'", kStopLogging));
}

bool cond(std::string_view condition) {
    Rules r(
        "title: T\nid: c1\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection:\n"
        "  sel_name: {eventName: StopLogging}\n"
        "  sel_region: {awsRegion: us-east-1}\n"
        "  sel_other: {awsRegion: eu-west-1}\n"
        "  filter_ip: {sourceIPAddress: 203.0.113.7}\n"
        "  _private: {eventName: Nothing}\n"
        "  condition: " +
        std::string(condition) + "\n");
    EXPECT_EQ(r.set.rules().size(), 1u) << condition;
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    return !run.alerts().empty();
}

TEST(SigmaMatch, ConditionForms) {
    EXPECT_TRUE(cond("sel_name and sel_region"));
    EXPECT_FALSE(cond("sel_name and sel_other"));
    EXPECT_TRUE(cond("sel_other or sel_name"));
    EXPECT_FALSE(cond("sel_name and not filter_ip"));
    EXPECT_TRUE(cond("not sel_other"));
    EXPECT_TRUE(cond("not not sel_name"));
    // not binds tighter than and, and tighter than or.
    EXPECT_TRUE(cond("not sel_other and sel_name"));
    EXPECT_TRUE(cond("sel_other and sel_region or sel_name"));  // (a and b) or c
    EXPECT_FALSE(cond("sel_other and (sel_region or sel_name)"));
    EXPECT_TRUE(cond("(sel_other or sel_name) and (sel_region)"));
    EXPECT_TRUE(cond("1 of sel_*"));
    EXPECT_FALSE(cond("all of sel_*"));
    EXPECT_TRUE(cond("all of sel_n* and all of sel_r*"));
    EXPECT_TRUE(cond("1 of them"));
    EXPECT_FALSE(cond("all of them"));
    EXPECT_TRUE(cond("all of them or sel_name"));
    EXPECT_FALSE(cond("all of *name and _private"));
    EXPECT_TRUE(cond("sel_name AND NOT sel_other"));
    EXPECT_TRUE(cond("1 of filter_* and not 1 of sel_o*"));
}

TEST(SigmaMatch, ThemLeavesOutUnderscoreIdentifiers) {
    Rules r(
        "title: T\nid: c3\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection:\n  a: {eventName: StopLogging}\n  _x: {eventName: Nothing}\n"
        "  condition: all of them\n");
    ASSERT_EQ(r.set.rules().size(), 1u);
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    EXPECT_EQ(run.alerts().size(), 1u);
}

TEST(SigmaMatch, ConditionListIsAnyOfThem) {
    Rules r(
        "title: T\nid: c2\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection:\n  a: {eventName: Nothing}\n  b: {eventName: StopLogging}\n"
        "  condition:\n    - a\n    - b\n");
    ASSERT_EQ(r.set.rules().size(), 1u);
    testing::EventRun run(r.set);
    run.add(std::string(kStopLogging));
    EXPECT_EQ(run.alerts().size(), 1u);
}

TEST(SigmaMatch, ExpandUsesPlaceholderValues) {
    SigmaOptions options;
    options.placeholders["Admins"] = {"arn:aws:sts::111122223333:assumed-role/Admin/*"};
    RuleSet set(options);
    core::Diagnostics diags;
    set.add_file("x.yml", one_selection("userIdentity.arn|expand: '%Admins%'"), diags);
    set.finalize(diags);
    ASSERT_EQ(set.rules().size(), 1u);
    testing::EventRun run(set);
    run.add(std::string(kStopLogging));
    run.add(with(kStopLogging, "userIdentity",
                 R"({"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/bob"})"));
    auto alerts = run.alerts();
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].principal, "arn:aws:sts::111122223333:assumed-role/Admin/alice");
}

}  // namespace
}  // namespace wasp::detect
