// The credential report reader, on a made-up report and on malformed rows.
#include "iam/credential_report.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace wasp::iam {
namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

TEST(CredentialReport, ReadsTheFixture) {
    auto text = read("tests/fixtures/iam/credential-report.csv");
    ASSERT_FALSE(text.empty());
    auto r = read_credential_report(text, "credential-report.csv");
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.str();
    ASSERT_EQ(r.records.size(), 4U);

    const auto& root = r.records[0];
    EXPECT_TRUE(root.root);
    EXPECT_EQ(root.arn, "arn:aws:iam::111122223333:root");
    EXPECT_EQ(root.password_enabled, Flag::kNotApplicable);
    EXPECT_TRUE(root.mfa_active);
    EXPECT_FALSE(root.access_keys[0].active);
    EXPECT_EQ(root.user_creation_time, 1577836800);  // 2020-01-01T00:00:00Z
    EXPECT_EQ(root.line, 2U);

    const auto& alice = r.records[1];
    EXPECT_EQ(alice.user, "alice");
    EXPECT_FALSE(alice.root);
    EXPECT_EQ(alice.password_enabled, Flag::kTrue);
    EXPECT_TRUE(alice.mfa_active);
    EXPECT_TRUE(alice.access_keys[0].active);
    EXPECT_EQ(alice.access_keys[0].last_used_region, "eu-west-1");
    EXPECT_EQ(alice.access_keys[0].last_used_service, "s3");
    EXPECT_FALSE(alice.access_keys[1].active);
    EXPECT_FALSE(alice.access_keys[1].last_rotated.has_value());
    EXPECT_FALSE(alice.password_next_rotation.has_value());

    const auto& bob = r.records[2];
    EXPECT_FALSE(bob.mfa_active);
    EXPECT_TRUE(bob.password_last_used_no_information);
    EXPECT_FALSE(bob.password_last_used.has_value());
    EXPECT_TRUE(bob.access_keys[0].active);
    EXPECT_FALSE(bob.access_keys[0].last_used.has_value());
    EXPECT_TRUE(bob.access_keys[1].active);
    EXPECT_EQ(bob.access_keys[1].last_used_service, "iam");

    const auto& ci = r.records[3];
    EXPECT_EQ(ci.arn, "arn:aws:iam::111122223333:user/ci/ci-deploy");  // was quoted
    EXPECT_EQ(ci.password_enabled, Flag::kFalse);
}

TEST(CredentialReport, Iso8601) {
    EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00+00:00"), 0);
    EXPECT_EQ(parse_iso8601("2024-02-29T12:00:00Z"), 1709208000);
    EXPECT_EQ(parse_iso8601("2024-02-29T14:00:00+02:00"), 1709208000);
    EXPECT_EQ(parse_iso8601("2024-02-29T12:00:00.123+00:00"), 1709208000);
    EXPECT_FALSE(parse_iso8601("N/A").has_value());
    EXPECT_FALSE(parse_iso8601("2024-13-01T00:00:00+00:00").has_value());
    EXPECT_FALSE(parse_iso8601("2024-01-01T00:00:00+00:00junk").has_value());
}

TEST(CredentialReport, QuotedFieldsWithCommasQuotesAndNewlines) {
    std::string csv = kHeader;
    csv +=
        "\"we,ird\"\"name\",arn:aws:iam::1:user/x,N/A,false,N/A,N/A,N/A,false,false,N/A,N/A,"
        "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\r\n";
    csv +=
        "\"multi\nline\",arn:aws:iam::1:user/y,N/A,false,N/A,N/A,N/A,false,false,N/A,N/A,"
        "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    csv += "short,row\n";
    auto r = read_credential_report(csv, "r.csv");
    ASSERT_EQ(r.records.size(), 2U);
    EXPECT_EQ(r.records[0].user, "we,ird\"name");
    EXPECT_EQ(r.records[1].user, "multi\nline");
    ASSERT_EQ(r.diagnostics.size(), 1U);
    EXPECT_EQ(r.diagnostics[0].location.file, "r.csv");
    EXPECT_EQ(r.diagnostics[0].location.mark.line, 5U);  // the quoted newline counts
}

TEST(CredentialReport, BadValuesNameTheLine) {
    std::string csv = kHeader;
    csv +=
        "x,arn:aws:iam::1:user/x,yesterday,false,N/A,N/A,N/A,false,false,N/A,N/A,"
        "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    csv +=
        "y,arn:aws:iam::1:user/y,N/A,false,N/A,N/A,N/A,maybe,false,N/A,N/A,"
        "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    auto r = read_credential_report(csv, "r.csv");
    EXPECT_TRUE(r.records.empty());
    ASSERT_EQ(r.diagnostics.size(), 2U);
    EXPECT_NE(r.diagnostics[0].str().find("r.csv:2"), std::string::npos) << r.diagnostics[0].str();
    EXPECT_NE(r.diagnostics[1].message.find("mfa_active"), std::string::npos);
}

TEST(CredentialReport, NotAReport) {
    auto r = read_credential_report("a,b,c\n1,2,3\n", "x.csv");
    EXPECT_TRUE(r.records.empty());
    ASSERT_EQ(r.diagnostics.size(), 1U);
    EXPECT_EQ(r.diagnostics[0].location.mark.line, 1U);
    auto unterminated = read_credential_report(std::string(kHeader) + "\"open", "x.csv");
    EXPECT_EQ(unterminated.diagnostics.size(), 1U);
}

}  // namespace
}  // namespace wasp::iam
