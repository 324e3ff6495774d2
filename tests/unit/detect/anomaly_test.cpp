// Anomaly baselines: normalisation, learning, each alert and its near miss, merges, the file.
#include "detect/anomaly.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/file.h"
#include "detect/event.h"
#include "detect/ip2asn.h"

namespace wasp::detect {
namespace {

constexpr const char* kAccount = "111122223333";
constexpr const char* kDeploy = "arn:aws:iam::111122223333:role/Deploy";
constexpr const char* kBoto =
    "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10.205 md/arch#x86_64 lang/python#3.11.6 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.0";
constexpr const char* kCli =
    "aws-cli/2.15.0 md/awscrt#0.19.17 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off "
    "md/command#iam.list-roles";
constexpr const char* kFixtures = "tests/fixtures/detect/anomaly/";

// "2024-05-<day>T<hour>:<minute>:<second>Z"
std::string at(int day, int hour, int minute = 0, int second = 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2024-05-%02dT%02d:%02d:%02dZ", day, hour, minute, second);
    return buf;
}

// One API call, as CloudTrail logs it.
struct Call {
    std::string time;
    std::string role = "Deploy";  // an AssumedRole session of this role, unless user or service
    std::string user;             // an IAM user
    std::string service;          // an AWS service acting (AWSService)
    std::string source = "lambda.amazonaws.com";
    std::string name = "ListFunctions20150331";
    bool read_only = true;
    std::string region = "eu-west-1";
    std::string ip = "198.51.100.23";
    std::string agent = kBoto;
    std::string error;
    std::string account = kAccount;
};

std::string identity(const Call& c) {
    if (!c.service.empty()) return R"({"type":"AWSService","invokedBy":")" + c.service + R"("})";
    if (!c.user.empty()) {
        return R"({"type":"IAMUser","principalId":"AIDA3EXAMPLEUSERID1","arn":"arn:aws:iam::)" +
               c.account + ":user/" + c.user + R"(","accountId":")" + c.account +
               R"(","accessKeyId":"AKIA3EXAMPLEKEY0002","userName":")" + c.user + R"("})";
    }
    const std::string issuer = "arn:aws:iam::" + c.account + ":role/" + c.role;
    return R"({"type":"AssumedRole","principalId":"AROA3EXAMPLEROLEID1:session-1",)"
           R"("arn":"arn:aws:sts::)" +
           c.account + ":assumed-role/" + c.role + R"(/session-1","accountId":")" + c.account +
           R"(","accessKeyId":"ASIA3EXAMPLEKEY0001","sessionContext":{"sessionIssuer":)"
           R"({"type":"Role","principalId":"AROA3EXAMPLEROLEID1","arn":")" +
           issuer + R"(","accountId":")" + c.account + R"(","userName":")" + c.role +
           R"("},"attributes":{"creationDate":"2024-05-01T08:00:00Z",)"
           R"("mfaAuthenticated":"false"}}})";
}

std::string record(const Call& c, std::size_t n) {
    char id[40];
    std::snprintf(id, sizeof id, "%08zx-4e5f-4a9b-8c1d-0e1f2a3b4c5d", n);
    std::string r = R"({"eventVersion":"1.09","userIdentity":)" + identity(c) +
                    R"(,"eventTime":")" + c.time + R"(","eventSource":")" + c.source +
                    R"(","eventName":")" + c.name + R"(","awsRegion":")" + c.region +
                    R"(","sourceIPAddress":")" + c.ip + R"(","userAgent":")" + c.agent + "\"";
    if (!c.error.empty()) {
        r += R"(,"errorCode":")" + c.error +
             R"(","errorMessage":"User is not authorized to perform this operation")";
    }
    r += R"(,"requestParameters":null,"responseElements":null,"requestID":"req-)" +
         std::to_string(n) + R"(","eventID":")" + id + R"(","readOnly":)" +
         (c.read_only ? "true" : "false") +
         R"(,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":")" + c.account +
         R"(","eventCategory":"Management"})";
    return r;
}

class Trail {
  public:
    void add(const Call& c) { records_.push_back(record(c, records_.size())); }
    [[nodiscard]] std::size_t size() const { return records_.size(); }

    // Reads every event into `threads` consumers, round robin, as reading threads would.
    [[nodiscard]] AnomalyResult run(const AnomalyDetector& d, unsigned threads = 1) const {
        std::string json = "[";
        for (std::size_t i = 0; i < records_.size(); ++i) json += (i ? "," : "") + records_[i];
        json += "]";
        simdjson::dom::parser parser;
        simdjson::dom::array arr;
        EXPECT_EQ(parser.parse(json).get(arr), simdjson::SUCCESS);
        std::vector<std::unique_ptr<EventConsumer>> consumers;
        const ConsumerFactory factory = d.factory();
        for (unsigned t = 0; t < threads; ++t) consumers.push_back(factory());
        std::uint64_t i = 0;
        for (simdjson::dom::element el : arr) {
            Event e;
            EXPECT_TRUE(fill(e, el));
            e.file = "trail.json";
            e.index = i;
            consumers[i % threads]->consume(e);
            ++i;
        }
        return d.finish(consumers);
    }

  private:
    std::vector<std::string> records_;
};

// Deploy's ordinary days: 1-3 May, 09:00-11:59, 20 calls an hour to Lambda and S3 from one
// network with Boto3, one in four a deployment. Ops works in eu-central-1 with the CLI on IAM
// and EC2. The account then has history for both.
void history(Trail& t, int days = 3) {
    for (int day = 1; day <= days; ++day) {
        for (int hour = 9; hour < 12; ++hour) {
            for (int k = 0; k < 20; ++k) {
                Call c;
                c.time = at(day, hour, k * 3, k);
                if (k % 4 == 0) {
                    c.name = "UpdateFunctionCode20150331v2";
                    c.read_only = false;
                } else if (k % 4 == 1) {
                    c.source = "s3.amazonaws.com";
                    c.name = "ListBuckets";
                }
                t.add(c);
                Call o;
                o.role = "Ops";
                o.time = at(day, hour, k * 3, k + 1);
                o.source = k % 2 == 0 ? "iam.amazonaws.com" : "ec2.amazonaws.com";
                o.name = k % 2 == 0 ? "ListRoles" : "DescribeInstances";
                o.region = "eu-central-1";
                o.ip = "192.0.2.50";
                o.agent = kCli;
                t.add(o);
            }
        }
    }
}

Baseline learn(const Trail& t, const Ip2Asn* asn = nullptr) {
    AnomalyOptions o;
    o.learn_until_ms = kLearnAll;
    const AnomalyDetector d(o, nullptr, asn);
    return t.run(d).learned;
}

std::vector<Alert> check(const Baseline& b,
                         const Trail& t,
                         const Ip2Asn* asn = nullptr,
                         AnomalyOptions o = {}) {
    const AnomalyDetector d(o, &b, asn);
    return t.run(d).alerts;
}

std::vector<Alert> with_rule(const std::vector<Alert>& alerts, std::string_view id) {
    std::vector<Alert> out;
    for (const Alert& a : alerts) {
        if (a.rule_id == id) out.push_back(a);
    }
    return out;
}

Call deploy(int day, int hour, int minute = 0, int second = 0) {
    Call c;
    c.time = at(day, hour, minute, second);
    return c;
}

Ip2Asn sample_table() {
    Ip2Asn table;
    core::Diagnostics diags;
    EXPECT_TRUE(table.load_file(std::string(kFixtures) + "ip2asn-sample.tsv", diags));
    EXPECT_TRUE(diags.empty());
    return table;
}

// --- normalisation ------------------------------------------------------------------------------

TEST(AnomalyNormalise, UserAgentFamilies) {
    EXPECT_EQ(user_agent_family(kCli), "aws-cli");
    EXPECT_EQ(user_agent_family(kBoto), "Boto3");
    EXPECT_EQ(user_agent_family("aws-sdk-go/1.44.122 (go1.20.3; linux; amd64)"), "aws-sdk-go");
    EXPECT_EQ(user_agent_family("aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1"), "aws-sdk-go-v2");
    EXPECT_EQ(user_agent_family("[aws-sdk-java/1.12.600 Linux/5.10 OpenJDK_64-Bit_Server_VM/17]"),
              "aws-sdk-java");
    EXPECT_EQ(user_agent_family("console.amazonaws.com"), "console");
    EXPECT_EQ(user_agent_family("signin.amazonaws.com"), "console");
    EXPECT_EQ(user_agent_family("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488]"),
              "console");
    EXPECT_EQ(user_agent_family("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0"),
              "browser");
    EXPECT_EQ(user_agent_family("aws-sdk-go/1.13.32 (go1.9.2; darwin; amd64) APN/1.0 HashiCorp/1.0 "
                                "Terraform/0.11.7"),
              "Terraform");
    EXPECT_EQ(
        user_agent_family("APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io)"),
        "Terraform");
    EXPECT_EQ(user_agent_family("lambda.amazonaws.com"), "lambda.amazonaws.com");
    EXPECT_EQ(user_agent_family("AWS Internal"), "AWS Internal");
    EXPECT_EQ(user_agent_family("aws-internal/3 aws-sdk-java/1.12.488"), "aws-internal");
    EXPECT_EQ(user_agent_family(""), "");
    EXPECT_EQ(user_agent_family(std::string(300, 'x')).size(), 64u);
}

TEST(AnomalyNormalise, SourceNetworks) {
    EXPECT_EQ(source_network("198.51.100.23"), "198.51.100.0/24");
    EXPECT_EQ(source_network("8.8.4.4"), "8.8.4.0/24");
    EXPECT_EQ(source_network("2001:db8:4a:17::2c"), "2001:db8:4a::/48");
    EXPECT_EQ(source_network("2001:0db8:0000:0001:0000:0000:0000:0001"), "2001:db8::/48");
    EXPECT_EQ(source_network("2001:db8:0:1::1"), "2001:db8::/48");
    EXPECT_EQ(source_network("::ffff:203.0.113.9"), "203.0.113.0/24");
    EXPECT_EQ(source_network("fe80::1%eth0"), "fe80::/48");
    EXPECT_EQ(source_network("ec2.amazonaws.com"), "ec2.amazonaws.com");
    EXPECT_EQ(source_network("AWS Internal"), "AWS Internal");
}

TEST(AnomalyNormalise, ParsesOnlyAddresses) {
    EXPECT_TRUE(parse_ip("0.0.0.0"));
    EXPECT_TRUE(parse_ip("::"));
    EXPECT_TRUE(parse_ip("1:2:3:4:5:6:7:8"));
    EXPECT_TRUE(parse_ip("::1.2.3.4"));
    EXPECT_FALSE(parse_ip("256.1.1.1"));
    EXPECT_FALSE(parse_ip("1.2.3"));
    EXPECT_FALSE(parse_ip("1.2.3.4.5"));
    EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(parse_ip("1::2::3"));
    EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7::8"));
    EXPECT_FALSE(parse_ip("12345::"));
    EXPECT_FALSE(parse_ip("1:"));
    EXPECT_FALSE(parse_ip("cloudtrail.amazonaws.com"));
    EXPECT_EQ(parse_ip("1:2:3:4:5:6:7:8")->hi, 0x0001000200030004u);
}

TEST(AnomalyNormalise, DeniedCodes) {
    EXPECT_TRUE(is_denied("AccessDenied"));
    EXPECT_TRUE(is_denied("AccessDeniedException"));
    EXPECT_TRUE(is_denied("Client.UnauthorizedOperation"));
    EXPECT_TRUE(is_denied("UnauthorizedOperation"));
    EXPECT_TRUE(is_denied("NotAuthorizedException"));
    EXPECT_FALSE(is_denied("ThrottlingException"));
    EXPECT_FALSE(is_denied("NoSuchEntity"));
    EXPECT_FALSE(is_denied(""));
}

TEST(AnomalyActor, KeysOfEveryIdentityType) {
    auto text = core::read_file(std::string(kFixtures) + "identities.json", 1 << 20);
    ASSERT_TRUE(text);
    simdjson::dom::parser parser;
    simdjson::dom::array records;
    ASSERT_EQ(parser.parse(*text)["Records"].get(records), simdjson::SUCCESS);
    std::vector<std::string> keys;
    for (simdjson::dom::element r : records) {
        Event e;
        ASSERT_TRUE(fill(e, r));
        std::string buf;
        keys.emplace_back(actor_key(e, buf));
    }
    const std::vector<std::string> want = {
        "arn:aws:iam::111122223333:role/service/Deploy",  // the role, not the session
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::111122223333:root",
        "ec2.amazonaws.com",
        "444455556666",
        "arn:aws:sts::111122223333:federated-user/bob",
        "arn:aws:sts::111122223333:assumed-role/ci-runner",  // no issuer: the session less its name
    };
    EXPECT_EQ(keys, want);
}

// --- ip2asn -------------------------------------------------------------------------------------

TEST(Ip2Asn, LooksUpRangesOfTheTable) {
    const Ip2Asn table = sample_table();
    EXPECT_EQ(table.size(), 4u);  // the "Not routed" line is left out
    auto a = table.lookup(*parse_ip("198.51.100.200"));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->asn, 64500u);
    EXPECT_EQ(a->country, "NL");
    EXPECT_EQ(a->name, "EXAMPLE-NET-A Example Networks B.V.");
    auto b = table.lookup(*parse_ip("2001:db8:4a:17::2c"));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->asn, 64512u);
    EXPECT_EQ(b->country, "DE");
    EXPECT_FALSE(table.lookup(*parse_ip("198.51.101.7")));  // not routed
    EXPECT_FALSE(table.lookup(*parse_ip("10.0.0.1")));
    EXPECT_FALSE(table.lookup(*parse_ip("2001:db9::1")));
    EXPECT_EQ(table.name_of(64511), "EXAMPLE-NET-B Exemplo Telecom");
    EXPECT_EQ(table.name_of(1), "");
}

TEST(Ip2Asn, ReadsTheU32FormAndReportsBadLines) {
    Ip2Asn table;
    core::Diagnostics diags;
    const std::string text =
        "3221225984\t3221226239\t64500\tNL\tEXAMPLE-NET-A\n"  // 192.0.2.0/24 as integers
        "192.0.2.0\tnot-an-address\t64501\tNL\tX\n"
        "203.0.113.9\t203.0.113.1\t64501\tNL\tbackwards\n"
        "203.0.113.0\t203.0.113.255\tAS64501\tBR\tX\n"
        "\n"
        "2001:db8::\t2001:db8::ffff\t64502\tNone\tno country\n"
        "198.51.100.0\t198.51.100.255\n";  // no AS number
    EXPECT_EQ(table.load(text, "asn.tsv", diags), 2u);
    ASSERT_EQ(diags.size(), 4u);
    EXPECT_EQ(diags[3].location.mark.line, 7u);
    EXPECT_EQ(diags[0].location.file, "asn.tsv");
    EXPECT_EQ(diags[0].location.mark.line, 2u);
    EXPECT_EQ(diags[1].location.mark.line, 3u);
    EXPECT_EQ(diags[2].location.mark.line, 4u);
    EXPECT_EQ(table.lookup(*parse_ip("192.0.2.9"))->asn, 64500u);
    EXPECT_EQ(table.lookup(*parse_ip("2001:db8::1"))->country, "");

    core::Diagnostics missing;
    EXPECT_FALSE(table.load_file("tests/fixtures/detect/anomaly/no-such.tsv", missing));
    EXPECT_EQ(missing.size(), 1u);
}

// --- learning -----------------------------------------------------------------------------------

TEST(AnomalyLearn, ProfilesPrincipalsAndAccounts) {
    Trail t;
    history(t);
    const Baseline b = learn(t);
    ASSERT_EQ(b.profiles.size(), 3u);  // Deploy, Ops, the account
    const Profile* p = b.find(ProfileKind::kPrincipal, kDeploy);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->type, "AssumedRole");
    EXPECT_EQ(p->account, kAccount);
    EXPECT_EQ(p->events, 180u);
    EXPECT_EQ(p->active_days(), 3u);
    EXPECT_EQ(p->hours.size(), 9u);
    EXPECT_EQ(p->volume().mean, 20.0);
    EXPECT_EQ(p->volume().max_events, 20u);
    EXPECT_EQ((*p)[Dimension::kService].values,
              (std::vector<std::string>{"lambda.amazonaws.com", "s3.amazonaws.com"}));
    EXPECT_EQ((*p)[Dimension::kWriteCall].values,
              std::vector<std::string>{"lambda.amazonaws.com:UpdateFunctionCode20150331v2"});
    EXPECT_EQ((*p)[Dimension::kNetwork].values, std::vector<std::string>{"198.51.100.0/24"});
    EXPECT_EQ((*p)[Dimension::kUserAgent].values, std::vector<std::string>{"Boto3"});
    EXPECT_TRUE((*p)[Dimension::kAsn].values.empty());
    const Profile* acct = b.find(ProfileKind::kAccount, kAccount);
    ASSERT_NE(acct, nullptr);
    EXPECT_EQ(acct->events, 360u);
    EXPECT_EQ((*acct)[Dimension::kRegion].values,
              (std::vector<std::string>{"eu-central-1", "eu-west-1"}));
    EXPECT_FALSE(b.asn_data);
}

// --- each anomaly, and its near miss ------------------------------------------------------------

TEST(AnomalyDetect, NewServiceForAPrincipal) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.source = "iam.amazonaws.com";  // Ops uses IAM: new for Deploy, not for the account
    c.name = "ListRoles";
    t.add(c);
    const auto alerts = check(b, t);
    const auto hits = with_rule(alerts, "WASP-ANOM-001");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].principal, kDeploy);
    EXPECT_EQ(hits[0].severity, core::Severity::kLow);
    EXPECT_EQ(hits[0].count, 1u);
    ASSERT_EQ(hits[0].events.size(), 1u);
    EXPECT_EQ(hits[0].events[0].event_name, "ListRoles");
    EXPECT_NE(hits[0].message.find("first call to service iam.amazonaws.com"), std::string::npos)
        << hits[0].message;
    EXPECT_NE(hits[0].message.find("baseline of 180 events over 3 days"), std::string::npos)
        << hits[0].message;

    Trail known;
    Call k = deploy(4, 10);
    k.source = "s3.amazonaws.com";
    k.name = "ListBuckets";
    known.add(k);
    EXPECT_TRUE(check(b, known).empty());
}

TEST(AnomalyDetect, NewServiceForTheWholeAccountIsSaidOnce) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.source = "kms.amazonaws.com";
    c.name = "Decrypt";
    t.add(c);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-001");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].principal, "");
    EXPECT_EQ(hits[0].account, kAccount);
    EXPECT_EQ(hits[0].title, "New AWS service in an account");
    EXPECT_EQ(hits[0].events.at(0).principal,
              "arn:aws:sts::111122223333:assumed-role/Deploy/session-1");
}

TEST(AnomalyDetect, NewWriteCall) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10, 5);
    c.source = "iam.amazonaws.com";
    c.name = "CreateAccessKey";
    c.read_only = false;
    t.add(c);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-002");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].severity, core::Severity::kMedium);
    EXPECT_NE(hits[0].message.find("first write call iam.amazonaws.com:CreateAccessKey (1 event "
                                   "at 2024-05-04T10:05:00Z) by " +
                                   std::string(kDeploy)),
              std::string::npos)
        << hits[0].message;

    // A known write call, and a new read-only call on a known service: nothing at all.
    Trail near;
    Call w = deploy(4, 10);
    w.name = "UpdateFunctionCode20150331v2";
    w.read_only = false;
    near.add(w);
    Call r = deploy(4, 10, 1);
    r.name = "GetFunction20150331v2";
    near.add(r);
    EXPECT_TRUE(check(b, near).empty());
}

TEST(AnomalyDetect, NewRegionForAPrincipalAndForTheAccount) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.region = "eu-central-1";  // Ops works there
    t.add(c);
    Call d = deploy(4, 11);
    d.region = "ap-east-1";  // nobody does
    t.add(d);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-003");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].principal, kDeploy);
    EXPECT_NE(hits[0].message.find("region eu-central-1"), std::string::npos);
    EXPECT_EQ(hits[0].message.find("ap-east-1"), std::string::npos);  // said for the account
    EXPECT_EQ(hits[1].principal, "");
    EXPECT_NE(hits[1].message.find("first activity in region ap-east-1 (1 event at "
                                   "2024-05-04T11:00:00Z) by account 111122223333"),
              std::string::npos)
        << hits[1].message;

    Trail near;
    near.add(deploy(4, 10));
    EXPECT_TRUE(check(b, near).empty());
}

TEST(AnomalyDetect, NewSourceNetwork) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.ip = "203.0.113.9";
    t.add(c);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-004");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].message.find("network 203.0.113.0/24"), std::string::npos);
    EXPECT_EQ(hits[0].events.at(0).source_ip, "203.0.113.9");

    Trail near;
    Call n = deploy(4, 10);
    n.ip = "198.51.100.250";  // the same /24
    near.add(n);
    EXPECT_TRUE(check(b, near).empty());
}

// One alert names all of a principal's new networks; its evidence must show each of them, not
// only the earliest events, which may all come from the busiest one.
TEST(AnomalyDetect, EveryNewValueNamedHasEvidence) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    for (int k = 0; k < 12; ++k) {  // more than an alert keeps, all before the other network
        Call c = deploy(4, 10, k);
        c.ip = "203.0.113.9";
        t.add(c);
    }
    Call late = deploy(4, 11);
    late.ip = "198.18.7.1";
    t.add(late);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-004");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].message.find("first activity from 2 networks"), std::string::npos)
        << hits[0].message;
    EXPECT_EQ(hits[0].count, 13u);
    ASSERT_EQ(hits[0].events.size(), kMaxSampleEvents);
    std::size_t early = 0, later = 0;
    for (const auto& e : hits[0].events) (e.source_ip == "198.18.7.1" ? later : early) += 1;
    EXPECT_EQ(later, 1u) << "the later network is shown";
    EXPECT_EQ(early, kMaxSampleEvents - 1);
    EXPECT_EQ(hits[0].events.back().source_ip, "198.18.7.1") << "earliest first";

    // With one new value the evidence is its earliest events.
    Trail one;
    for (int k = 0; k < 12; ++k) {
        Call c = deploy(4, 10, k);
        c.ip = "203.0.113.9";
        one.add(c);
    }
    const auto single = with_rule(check(b, one), "WASP-ANOM-004");
    ASSERT_EQ(single.size(), 1u);
    ASSERT_EQ(single[0].events.size(), kMaxSampleEvents);
    EXPECT_EQ(single[0].events.front().time_ms, parse_time(at(4, 10, 0)));
    EXPECT_EQ(single[0].events.back().time_ms, parse_time(at(4, 10, 9)));
}

TEST(AnomalyDetect, NewCountryAndAsn) {
    const Ip2Asn table = sample_table();
    Trail h;
    history(h);
    const Baseline b = learn(h, &table);
    EXPECT_TRUE(b.asn_data);
    EXPECT_EQ((*b.find(ProfileKind::kPrincipal, kDeploy))[Dimension::kAsn].values,
              std::vector<std::string>{"AS64500"});
    Trail t;
    Call c = deploy(4, 10);
    c.ip = "203.0.113.9";
    t.add(c);
    t.add(c);
    const auto alerts = check(b, t, &table);
    const auto hits = with_rule(alerts, "WASP-ANOM-005");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].count, 2u);
    EXPECT_EQ(hits[0].events.size(), 2u);  // each event once, though it shows both novelties
    EXPECT_EQ(hits[0].severity, core::Severity::kMedium);
    EXPECT_NE(hits[0].message.find("country BR"), std::string::npos) << hits[0].message;
    EXPECT_NE(hits[0].message.find("AS64511 EXAMPLE-NET-B Exemplo Telecom"), std::string::npos)
        << hits[0].message;
    EXPECT_EQ(with_rule(alerts, "WASP-ANOM-004").size(), 1u);

    // A new network of a known AS in a known country: only the network is new.
    Trail near;
    Call n = deploy(4, 10);
    n.ip = "192.0.2.77";
    near.add(n);
    const auto near_alerts = check(b, near, &table);
    EXPECT_EQ(with_rule(near_alerts, "WASP-ANOM-005").size(), 0u);
    EXPECT_EQ(with_rule(near_alerts, "WASP-ANOM-004").size(), 1u);

    // A baseline learned without the table cannot say what is new, even merged with one that was.
    const Baseline blind = learn(h);
    EXPECT_EQ(with_rule(check(blind, t, &table), "WASP-ANOM-005").size(), 0u);
    Baseline mixed = blind;
    mixed.merge(b);
    EXPECT_FALSE(mixed.asn_data);
    mixed.merge(Baseline{});
    EXPECT_FALSE(mixed.asn_data);
    Baseline empty;
    empty.merge(b);
    EXPECT_TRUE(empty.asn_data);
}

TEST(AnomalyDetect, NewUserAgentFamily) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.agent = kCli;
    t.add(c);
    const auto hits = with_rule(check(b, t), "WASP-ANOM-006");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].message.find("first use of user agent family aws-cli"), std::string::npos)
        << hits[0].message;

    Trail near;
    Call n = deploy(4, 10);
    n.agent =
        "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.1 lang/python#3.12.1 Botocore/1.35.2";
    near.add(n);
    EXPECT_TRUE(check(b, near).empty());
}

TEST(AnomalyDetect, AccessDeniedBurst) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    auto denied = [](int count, int minutes_apart) {
        Trail t;
        for (int i = 0; i < count; ++i) {
            Call c = deploy(4, 10, (i * minutes_apart) % 60, i);
            if (i * minutes_apart >= 60)
                c.time = at(4, 10 + i * minutes_apart / 60, (i * minutes_apart) % 60, i);
            c.name = "GetFunction20150331v2";
            c.error = "AccessDeniedException";
            t.add(c);
        }
        return t;
    };
    const auto hits = with_rule(check(b, denied(12, 0)), "WASP-ANOM-007");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].count, 12u);
    EXPECT_EQ(hits[0].events.size(), kMaxSampleEvents);
    EXPECT_EQ(hits[0].events[0].error_code, "AccessDeniedException");
    EXPECT_NE(hits[0].message.find("12 denied calls within 10 minutes"), std::string::npos)
        << hits[0].message;
    EXPECT_NE(hits[0].message.find("0 denied calls per active hour"), std::string::npos)
        << hits[0].message;

    EXPECT_TRUE(with_rule(check(b, denied(9, 0)), "WASP-ANOM-007").empty());
    EXPECT_TRUE(with_rule(check(b, denied(12, 10)), "WASP-ANOM-007").empty());  // two hours

    // A principal denied 15 times in its usual hour: 12 in a burst is within its normal.
    Trail noisy;
    history(noisy);
    for (int day = 1; day <= 3; ++day) {
        for (int i = 0; i < 15; ++i) {
            Call c = deploy(day, 10, i, 30);
            c.error = "AccessDenied";
            noisy.add(c);
        }
    }
    EXPECT_TRUE(with_rule(check(learn(noisy), denied(12, 0)), "WASP-ANOM-007").empty());
}

TEST(AnomalyDetect, VolumeSpike) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    auto busy = [](int count) {
        Trail t;
        for (int i = 0; i < count; ++i) t.add(deploy(4, 10, i % 60, i / 60));
        return t;
    };
    const auto hits = with_rule(check(b, busy(150)), "WASP-ANOM-008");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].count, 150u);
    EXPECT_FALSE(hits[0].events.empty());
    EXPECT_NE(
        hits[0].message.find("150 events in hour 2024-05-04T10:00Z by " + std::string(kDeploy) +
                             "; its baseline: mean 20 events per active hour, sigma 0, "
                             "busiest hour 20, over 9 active hours"),
        std::string::npos)
        << hits[0].message;
    // Above three times the busiest hour, but under the 100-event floor.
    EXPECT_TRUE(with_rule(check(b, busy(90)), "WASP-ANOM-008").empty());
    AnomalyOptions low;
    low.spike_min_events = 50;
    EXPECT_EQ(with_rule(check(b, busy(90), nullptr, low), "WASP-ANOM-008").size(), 1u);
    EXPECT_TRUE(with_rule(check(b, busy(55), nullptr, low), "WASP-ANOM-008").empty());
}

TEST(AnomalyDetect, NewPrincipal) {
    Trail h;
    history(h);
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.role = "Intruder";
    t.add(c);
    const auto alerts = check(b, t);
    const auto hits = with_rule(alerts, "WASP-ANOM-009");
    ASSERT_EQ(alerts.size(), 1u);  // nothing else: a new principal has no history to differ from
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].principal, "arn:aws:iam::111122223333:role/Intruder");
    EXPECT_EQ(hits[0].severity, core::Severity::kLow);
    EXPECT_EQ(hits[0].events.size(), 1u);

    // An account without history, and an AWS service acting: no alert.
    Trail near;
    Call other = deploy(4, 10);
    other.role = "Intruder";
    other.account = "999988887777";
    near.add(other);
    Call svc = deploy(4, 10);
    svc.service = "cloudformation.amazonaws.com";
    near.add(svc);
    EXPECT_TRUE(check(b, near).empty());
}

TEST(AnomalyDetect, ThinHistoryStaysQuiet) {
    Trail h;
    history(h);
    for (int i = 0; i < 10; ++i) {
        Call c = deploy(2, 9, i);
        c.role = "Rare";
        h.add(c);
    }
    const Baseline b = learn(h);
    Trail t;
    Call c = deploy(4, 10);
    c.role = "Rare";
    c.source = "kinesis.amazonaws.com";
    c.name = "PutRecord";
    c.read_only = false;
    c.region = "eu-central-1";
    t.add(c);
    const auto alerts = check(b, t);
    ASSERT_EQ(alerts.size(), 1u);  // kinesis is new for the whole account; Rare says nothing
    EXPECT_EQ(alerts[0].principal, "");
}

TEST(AnomalyDetect, LearnsAndChecksInOneRun) {
    Trail t;
    history(t);
    Call c = deploy(4, 10);
    c.agent = kCli;
    t.add(c);
    AnomalyOptions o;
    o.learn_until_ms = 1714780800000;  // 2024-05-04T00:00:00Z
    const AnomalyDetector d(o);
    const AnomalyResult r = t.run(d, 2);
    EXPECT_EQ(r.stats.learned, 360u);
    EXPECT_EQ(r.stats.checked, 1u);
    EXPECT_EQ(r.learned.find(ProfileKind::kPrincipal, kDeploy)->events, 180u);
    ASSERT_EQ(r.alerts.size(), 1u);
    EXPECT_EQ(r.alerts[0].rule_id, "WASP-ANOM-006");
}

// --- merges -------------------------------------------------------------------------------------

// A day of trouble after the history: most kinds of anomaly at once.
Trail eventful() {
    Trail t;
    history(t);
    for (int i = 0; i < 130; ++i) t.add(deploy(4, 10, i % 60, i / 60));
    for (int i = 0; i < 14; ++i) {
        Call c = deploy(4, 14, i / 3, i);
        c.error = "AccessDenied";
        c.source = "iam.amazonaws.com";
        c.name = "ListUsers";
        t.add(c);
    }
    Call w = deploy(4, 15);
    w.source = "iam.amazonaws.com";
    w.name = "CreateAccessKey";
    w.read_only = false;
    w.ip = "203.0.113.9";
    w.agent = kCli;
    w.region = "ap-east-1";
    t.add(w);
    Call n = deploy(4, 16);
    n.role = "Intruder";
    t.add(n);
    return t;
}

void expect_same(const AnomalyResult& a, const AnomalyResult& b) {
    ASSERT_EQ(a.alerts.size(), b.alerts.size());
    for (std::size_t i = 0; i < a.alerts.size(); ++i) {
        const Alert& x = a.alerts[i];
        const Alert& y = b.alerts[i];
        EXPECT_EQ(x.rule_id, y.rule_id);
        EXPECT_EQ(x.principal, y.principal);
        EXPECT_EQ(x.account, y.account);
        EXPECT_EQ(x.message, y.message);
        EXPECT_EQ(x.count, y.count);
        EXPECT_EQ(x.first_ms, y.first_ms);
        EXPECT_EQ(x.last_ms, y.last_ms);
        ASSERT_EQ(x.events.size(), y.events.size());
        for (std::size_t k = 0; k < x.events.size(); ++k) {
            EXPECT_EQ(x.events[k].event_id, y.events[k].event_id);
        }
    }
    EXPECT_EQ(a.learned, b.learned);
    EXPECT_EQ(a.stats.events, b.stats.events);
}

TEST(AnomalyMerge, ThreadsGiveTheSameResultAsOne) {
    const Ip2Asn table = sample_table();
    const Trail t = eventful();
    AnomalyOptions o;
    o.learn_until_ms = 1714780800000;  // 2024-05-04T00:00:00Z
    const AnomalyDetector d(o, nullptr, &table);
    const AnomalyResult one = t.run(d, 1);
    std::vector<std::string> rules;
    for (const Alert& a : one.alerts) rules.push_back(a.rule_id);
    EXPECT_EQ(rules, (std::vector<std::string>{"WASP-ANOM-008", "WASP-ANOM-001", "WASP-ANOM-007",
                                               "WASP-ANOM-002", "WASP-ANOM-003", "WASP-ANOM-004",
                                               "WASP-ANOM-005", "WASP-ANOM-006", "WASP-ANOM-009"}));
    for (unsigned threads : {2u, 3u, 7u}) {
        SCOPED_TRACE(threads);
        expect_same(one, t.run(d, threads));
    }
}

TEST(AnomalyMerge, HalvesMergeIntoTheWhole) {
    // Split by time, with one hour (2 May, 10:00) in both halves.
    Trail early, late;
    for (int day = 1; day <= 3; ++day) {
        for (int hour = 9; hour < 12; ++hour) {
            for (int k = 0; k < 20; ++k) {
                Call c = deploy(day, hour, k * 3, k);
                const bool first = day == 1 || (day == 2 && (hour < 10 || (hour == 10 && k < 7)));
                (first ? early : late).add(c);
            }
        }
    }
    Trail deploy_only;
    for (int day = 1; day <= 3; ++day) {
        for (int hour = 9; hour < 12; ++hour) {
            for (int k = 0; k < 20; ++k) deploy_only.add(deploy(day, hour, k * 3, k));
        }
    }
    Baseline merged = learn(early);
    merged.merge(learn(late));
    EXPECT_EQ(merged, learn(deploy_only));

    // Split by region (shards of the same hours): every hour is counted in both.
    Trail west, central, both;
    for (int day = 1; day <= 3; ++day) {
        for (int k = 0; k < 30; ++k) {
            Call c = deploy(day, 9, k, k);
            c.region = k % 3 == 0 ? "eu-central-1" : "eu-west-1";
            (k % 3 == 0 ? central : west).add(c);
            both.add(c);
        }
    }
    Baseline shards = learn(west);
    shards.merge(learn(central));
    EXPECT_EQ(shards, learn(both));
    EXPECT_EQ(shards.find(ProfileKind::kPrincipal, kDeploy)->volume().max_events, 30u);
}

TEST(AnomalyMerge, ParallelVarianceMatchesOnePass) {
    HourStats one, a, b;
    for (std::uint64_t i = 0; i < 200; ++i) {
        const std::uint64_t n = (i * 37) % 101 + (i % 7 == 0 ? 500 : 0);
        one.add(n, i % 3);
        (i < 77 ? a : b).add(n, i % 3);
    }
    a.merge(b);
    EXPECT_EQ(a.hours, one.hours);
    EXPECT_NEAR(a.mean, one.mean, 1e-9);
    EXPECT_NEAR(a.m2, one.m2, 1e-6 * one.m2);
    EXPECT_EQ(a.max_events, one.max_events);
    EXPECT_EQ(a.denied, one.denied);
    HourStats empty;
    empty.merge(one);
    EXPECT_EQ(empty, one);
}

// --- the baseline file --------------------------------------------------------------------------

// Busy is active in 200 distinct hours, more than a profile keeps one by one.
Baseline rich_baseline(const Ip2Asn& table) {
    Trail t;
    history(t);
    for (int i = 0; i < 200; ++i) {
        Call c = deploy(1 + i / 24, i % 24, 30);
        c.role = "Busy";
        c.ip = i % 2 == 0 ? "2001:db8:4a:17::2c" : "203.0.113.9";
        for (int k = 0; k <= i % 5; ++k) t.add(c);
    }
    return learn(t, &table);
}

TEST(AnomalyStore, SaveLoadRoundTrip) {
    const Ip2Asn table = sample_table();
    const Baseline b = rich_baseline(table);
    const Profile* busy = b.find(ProfileKind::kPrincipal, "arn:aws:iam::111122223333:role/Busy");
    ASSERT_NE(busy, nullptr);
    EXPECT_EQ(busy->hours.size(), Profile::kMaxHours);
    EXPECT_EQ(busy->folded.hours, 32u);
    EXPECT_EQ(busy->volume().hours, 200u);
    EXPECT_EQ((*busy)[Dimension::kCountry].values, (std::vector<std::string>{"BR", "DE"}));

    const std::string text = to_json(b);
    core::Diagnostics diags;
    const auto back = parse_baseline(text, "baseline.json", diags);
    ASSERT_TRUE(back);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(*back, b);
    EXPECT_EQ(to_json(*back), text);

    const auto dir = std::filesystem::temp_directory_path() / "wasp-anomaly-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "baseline.json";
    ASSERT_TRUE(save_baseline(path, b));
    const auto loaded = load_baseline(path, diags);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(*loaded, b);
    std::filesystem::remove_all(dir);

    core::Diagnostics missing;
    EXPECT_FALSE(load_baseline(dir / "none.json", missing));
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].code, "baseline-read");
}

// A file written by version 1: it must stay readable, and read back to the same text.
TEST(AnomalyStore, TheVersion1FileStaysReadable) {
    const std::string path = std::string(kFixtures) + "baseline-v1.json";
    core::Diagnostics diags;
    const auto b = load_baseline(path, diags);
    ASSERT_TRUE(b);
    EXPECT_TRUE(diags.empty());
    EXPECT_TRUE(b->asn_data);
    ASSERT_EQ(b->profiles.size(), 3u);
    const Profile* p = b->find(ProfileKind::kPrincipal, kDeploy);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->events, 120u);
    EXPECT_EQ(p->days, (std::vector<std::int32_t>{19844, 19845}));  // 1 and 2 May 2024
    EXPECT_EQ((*p)[Dimension::kCountry].values, std::vector<std::string>{"NL"});
    EXPECT_EQ(to_json(*b), *core::read_file(path, 1 << 20));
}

std::optional<Baseline> parse(const std::string& text, core::Diagnostics& diags) {
    return parse_baseline(text, "hostile.json", diags);
}

constexpr const char* kHead =
    "{\"format\":\"wasp-anomaly-baseline\",\"version\":1,\"asn_data\":false,\"profiles\":[\n";
constexpr const char* kGood =
    "{\"kind\":\"principal\",\"key\":\"arn:aws:iam::111122223333:user/alice\",\"events\":3,"
    "\"denied\":0,\"first\":\"2024-05-01T09:00:00Z\",\"last\":\"2024-05-01T09:30:00Z\","
    "\"days\":[19844],\"hours\":[[476265,3,0]],\"values\":{\"regions\":[\"eu-west-1\"]}}";

TEST(AnomalyStore, BrokenFilesAreRejectedWithPositions) {
    const Ip2Asn table = sample_table();
    const std::string text = to_json(rich_baseline(table));
    struct Case {
        std::string name, text, code;
    };
    const std::vector<Case> cases = {
        {"truncated", text.substr(0, text.size() / 2), "baseline-syntax"},
        {"truncated early", text.substr(0, 40), "baseline-syntax"},
        {"empty", "", "baseline-syntax"},
        {"not an object", "[1,2,3]", "baseline-format"},
        {"other format", "{\"format\":\"other\",\"version\":1,\"profiles\":[]}", "baseline-format"},
        {"future version", "{\"format\":\"wasp-anomaly-baseline\",\"version\":2,\"profiles\":[]}",
         "baseline-format"},
        {"no version", "{\"format\":\"wasp-anomaly-baseline\",\"profiles\":[]}", "baseline-format"},
        {"profiles not an array",
         "{\"format\":\"wasp-anomaly-baseline\",\"version\":1,\"profiles\":{}}", "baseline-format"},
        {"trailing", std::string(kHead) + kGood + "]} {}", "baseline-syntax"},
        {"bad utf-8", std::string(kHead) + "{\"key\":\"\xff\xfe\"}]}", "baseline-syntax"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        core::Diagnostics diags;
        EXPECT_FALSE(parse(c.text, diags));
        ASSERT_FALSE(diags.empty());
        EXPECT_EQ(diags.back().code, c.code) << diags.back().message;
        EXPECT_EQ(diags.back().location.file, "hostile.json");
        EXPECT_EQ(diags.back().level, core::DiagLevel::kError);
    }
}

TEST(AnomalyStore, DeepNestingIsRefusedWithoutRecursion) {
    for (const char* open : {"[", "{\"a\":"}) {
        SCOPED_TRACE(open);
        std::string nest;
        for (int i = 0; i < 100'000; ++i) nest += open;
        const std::string text =
            std::string(kHead) + "{\"kind\":\"principal\",\"key\":\"k\",\"values\":" + nest;
        core::Diagnostics diags;
        EXPECT_FALSE(parse(text, diags));
        ASSERT_FALSE(diags.empty());
        EXPECT_EQ(diags.back().code, "baseline-syntax") << diags.back().message;
    }
}

TEST(AnomalyStore, BadProfilesAreLeftOutAndTheRestLoads) {
    const std::vector<std::string> bad = {
        R"({"kind":"principal","key":"a","events":"many"})",
        R"({"kind":"principal","key":"b","events":123456789012345678901234567890})",
        R"({"kind":"principal","key":"c","events":-4})",
        R"({"kind":"principal","key":"d","hours":[[476265,99999999999,0]]})",
        R"({"kind":"principal","key":"e","hours":[[476265,3]]})",
        R"({"kind":"principal","key":"f","days":[1e400]})",
        R"({"kind":"robot","key":"g"})",
        R"({"kind":"principal"})",
        R"({"kind":"principal","key":"h","folded":{"hours":2,"mean":-1,"m2":0,"max_events":3}})",
        R"({"kind":"principal","key":"i","first":"yesterday"})",
        R"({"kind":"principal","key":"j","values":{"regions":["eu-west-1",2]}})",
        R"({"kind":"principal","key":"k","events":1,"denied":5})",
        R"({"kind":"principal","key":"l","hours":[[1,1,0],[1,2,0]]})",
        R"("just a string")",
    };
    std::string text = kHead;
    for (const std::string& b : bad) text += b + ",\n";
    text += kGood;
    text += "\n]}\n";
    core::Diagnostics diags;
    const auto b = parse(text, diags);
    ASSERT_TRUE(b);
    ASSERT_EQ(b->profiles.size(), 1u);
    EXPECT_EQ(b->profiles[0].key, "arn:aws:iam::111122223333:user/alice");
    EXPECT_EQ(b->profiles[0].hours, (std::vector<HourCount>{{476265, 3, 0}}));
    ASSERT_EQ(diags.size(), bad.size());
    for (std::size_t i = 0; i < bad.size(); ++i) {
        SCOPED_TRACE(bad[i]);
        EXPECT_EQ(diags[i].code, "baseline-profile");
        EXPECT_EQ(diags[i].location.mark.line, i + 2) << diags[i].message;  // one profile a line
        EXPECT_GT(diags[i].location.mark.column, 0u);
    }
    EXPECT_NE(diags[0].message.find("events"), std::string::npos) << diags[0].message;
}

TEST(AnomalyStore, LimitsAndRepeatsAreWarnedAbout) {
    std::string text = kHead;
    text +=
        R"({"kind":"principal","key":"x","values":{"regions":["a","b","c","d"],"moods":["x"]}},)";
    text += "\n";
    text += R"({"kind":"principal","key":"x","events":2,"first":"2024-05-01T09:00:00Z",)"
            R"("last":"2024-05-01T09:00:00Z","values":{"regions":["e"]}},)";
    text += "\n";
    text += R"({"kind":"account","key":"111122223333","events":1,)"
            R"("first":"2024-05-01T09:00:00Z","last":"2024-05-01T09:00:00Z"})";
    text += "\n]}";
    core::Diagnostics diags;
    BaselineLimits limits;
    limits.max_values = 3;
    limits.max_profiles = 1;
    const auto b = parse_baseline(text, "limits.json", diags, limits);
    ASSERT_TRUE(b);
    ASSERT_EQ(b->profiles.size(), 1u);  // the account is past max_profiles; x twice is merged
    const Profile& x = b->profiles[0];
    EXPECT_TRUE(x[Dimension::kRegion].capped);
    EXPECT_EQ(x[Dimension::kRegion].values.size(), 3u);
    EXPECT_EQ(x.events, 2u);
    std::vector<std::string> codes;
    for (const auto& d : diags) {
        EXPECT_EQ(d.level, core::DiagLevel::kWarning) << d.message;
        codes.push_back(d.code);
    }
    // regions past the cap, an unknown dimension; then x again, and the account past the cap
    EXPECT_EQ(codes, (std::vector<std::string>{"baseline-limit", "baseline-profile",
                                               "baseline-profile", "baseline-limit"}));
}

// --- limits -------------------------------------------------------------------------------------

TEST(AnomalyCaps, AValueSetPastItsCapIsTooDiverseToAlert) {
    Trail h;
    history(h);
    for (int i = 0; i < 6; ++i) {
        Call c = deploy(2, 10, i);
        c.ip = "203.0." + std::to_string(i) + ".1";
        h.add(c);
    }
    AnomalyOptions o;
    o.learn_until_ms = kLearnAll;
    o.limits.max_values = 4;
    const Baseline b = Trail(h).run(AnomalyDetector(o)).learned;
    const Profile* p = b.find(ProfileKind::kPrincipal, kDeploy);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE((*p)[Dimension::kNetwork].capped);
    EXPECT_EQ((*p)[Dimension::kNetwork].values.size(), 4u);
    Trail t;
    Call c = deploy(4, 10);
    c.ip = "192.0.2.1";
    t.add(c);
    EXPECT_TRUE(with_rule(check(b, t), "WASP-ANOM-004").empty());
}

TEST(AnomalyRules, MetadataOfEveryRule) {
    const auto rules = anomaly_rules();
    ASSERT_EQ(rules.size(), 9u);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        SCOPED_TRACE(rules[i].id);
        EXPECT_EQ(rules[i].id, "WASP-ANOM-00" + std::to_string(i + 1));
        EXPECT_EQ(rules[i].best_practices.at(0), "SEC04-BP03");
        EXPECT_EQ(rules[i].kinds, std::vector<std::string>{"aws.cloudtrail.event"});
        EXPECT_FALSE(rules[i].description.empty());
        EXPECT_FALSE(rules[i].remediation.empty());
    }
    EXPECT_EQ(rules[1].severity, core::Severity::kMedium);
    EXPECT_EQ(rules[8].severity, core::Severity::kLow);
}

}  // namespace
}  // namespace wasp::detect
