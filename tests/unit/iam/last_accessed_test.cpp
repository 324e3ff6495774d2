// The reader of service last-accessed reports: the CLI's output as AWS gives it, the combined
// document, whose report a file is, and hostile input.
#include "iam/last_accessed.h"

#include <gtest/gtest.h>

#include "core/file.h"

namespace wasp::iam {
namespace {

const std::string kDir = "tests/fixtures/iam/last-accessed/";

std::string fixture(const std::string& name) {
    auto text = core::read_file(kDir + name, 16u << 20);
    EXPECT_TRUE(text.has_value()) << name;
    return text.value_or("");
}

std::string codes(const core::Diagnostics& diags) {
    std::string s;
    for (const auto& d : diags) s += d.str() + "\n";
    return s;
}

TEST(LastAccessed, ReadsAnActionLevelReportWithVersion1Dates) {
    LastAccessedFile f = read_last_accessed(fixture("bob.json"), "bob.json");
    EXPECT_TRUE(f.diagnostics.empty()) << codes(f.diagnostics);
    ASSERT_EQ(f.reports.size(), 1u);
    const LastAccessedReport& r = f.reports[0];
    EXPECT_TRUE(r.arn.empty());  // the file name says whose it is
    EXPECT_TRUE(r.action_level);
    EXPECT_TRUE(r.complete());
    EXPECT_EQ(r.job_completed, std::optional<std::int64_t>(1719814473));  // 06:14:33 UTC
    ASSERT_EQ(r.services.size(), 2u);
    const ServiceAccess& iam = r.services[0];
    EXPECT_EQ(iam.prefix, "iam");
    EXPECT_EQ(iam.name, "AWS Identity and Access Management");
    EXPECT_EQ(iam.last.time, std::optional<std::int64_t>(1717027200));  // 2024-05-30
    EXPECT_EQ(iam.last.entity, "arn:aws:iam::111122223333:user/bob");
    EXPECT_EQ(iam.last.region, "us-east-1");
    EXPECT_EQ(iam.total_entities, 1);
    EXPECT_TRUE(iam.tracked);
    ASSERT_EQ(iam.actions.size(), 2u);
    EXPECT_EQ(iam.actions[0].name, "CreateAccessKey");
    EXPECT_TRUE(iam.actions[0].last.ever());
    EXPECT_EQ(iam.actions[1].name, "ListUsers");
    EXPECT_FALSE(iam.actions[1].last.ever());
    EXPECT_EQ(iam.actions[1].mark.line, 20u);
}

TEST(LastAccessed, CombinedDocumentNamesEachReport) {
    LastAccessedFile f = read_last_accessed(fixture("combined.json"), "combined.json");
    EXPECT_TRUE(f.diagnostics.empty()) << codes(f.diagnostics);
    ASSERT_EQ(f.reports.size(), 5u);
    EXPECT_EQ(f.reports[0].arn, "arn:aws:iam::111122223333:role/orders-api");
    EXPECT_EQ(f.reports[2].arn, "arn:aws:iam::111122223333:group/developers");
    EXPECT_FALSE(f.reports[2].action_level);
    // A service never used has no time: not used in the tracking period.
    const ServiceAccess& sns = f.reports[0].services[3];
    EXPECT_EQ(sns.prefix, "sns");
    EXPECT_FALSE(sns.last.ever());
    EXPECT_FALSE(sns.tracked);
}

TEST(LastAccessed, TheFileNameNamesTheUserOrRole) {
    Accounts accounts;
    core::Diagnostics diags;
    accounts.load(fixture("authz.json"), "authz.json", diags);
    ASSERT_TRUE(diags.empty()) << codes(diags);
    std::vector<LastAccessedReport> reports;
    for (const char* name : {"exports/user-alice.json", "bob.json", "role-orders-api.json",
                             "group-developers.json", "someone-else.json"}) {
        LastAccessedFile f = read_last_accessed(fixture("user-alice.json"), name);
        reports.push_back(std::move(f.reports.at(0)));
    }
    resolve_last_accessed_entities(reports, accounts, diags);
    EXPECT_EQ(reports[0].arn, "arn:aws:iam::111122223333:user/alice");
    EXPECT_EQ(reports[1].arn, "arn:aws:iam::111122223333:user/bob");
    EXPECT_EQ(reports[2].arn, "arn:aws:iam::111122223333:role/orders-api");
    EXPECT_EQ(reports[3].arn, "arn:aws:iam::111122223333:group/developers");
    EXPECT_TRUE(reports[4].arn.empty());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].level, core::DiagLevel::kWarning);
    EXPECT_EQ(diags[0].code, "iam-last-accessed-entity");
    EXPECT_EQ(diags[0].location.file, "someone-else.json");
    EXPECT_EQ(diags[0].location.mark.line, 1u);
}

TEST(LastAccessed, AnIncompleteReportIsAWarningAndIsUsed) {
    LastAccessedFile f = read_last_accessed(R"({
  "Arn": "arn:aws:iam::111122223333:role/app",
  "JobStatus": "IN_PROGRESS",
  "JobCreationDate": "2024-07-01T06:12:40.218Z",
  "ServicesLastAccessed": []
})",
                                            "app.json");
    ASSERT_EQ(f.reports.size(), 1u);
    EXPECT_FALSE(f.reports[0].complete());
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_EQ(f.diagnostics[0].code, "iam-last-accessed-incomplete");
    EXPECT_EQ(f.diagnostics[0].level, core::DiagLevel::kWarning);

    f = read_last_accessed(R"({"JobStatus": "FAILED", "Error": {"Message": "Access denied",
      "Code": "AccessDenied"}, "ServicesLastAccessed": [], "JobCreationDate": 1719814360})",
                           "failed.json");
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_NE(f.diagnostics[0].message.find("FAILED (Access denied)"), std::string::npos);
    EXPECT_EQ(f.reports.at(0).job_created, std::optional<std::int64_t>(1719814360));

    f = read_last_accessed(R"({"JobStatus": "COMPLETED", "IsTruncated": true,
      "Marker": "AAEAAXXl", "ServicesLastAccessed": [{"ServiceName": "Amazon S3",
      "ServiceNamespace": "s3"}]})",
                           "page1.json");
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_NE(f.diagnostics[0].message.find("truncated"), std::string::npos);
    EXPECT_TRUE(f.reports.at(0).truncated);
    EXPECT_EQ(f.reports[0].services.size(), 1u);
}

TEST(LastAccessed, HostileInputIsADiagnosticWithItsPosition) {
    LastAccessedFile f =
        read_last_accessed("{\"JobStatus\": \"COMPLETED\",\n  \"Services", "x.json");
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_EQ(f.diagnostics[0].code, "iam-last-accessed-syntax");
    EXPECT_EQ(f.diagnostics[0].location.file, "x.json");
    EXPECT_EQ(f.diagnostics[0].location.mark.line, 2u);
    EXPECT_TRUE(f.reports.empty());

    f = read_last_accessed(R"([1, 2])", "list.json");
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_EQ(f.diagnostics[0].code, "iam-last-accessed-shape");

    // A bad entry is skipped and the rest is read; a date that is no date counts as a use.
    f = read_last_accessed(R"({"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL",
  "ServicesLastAccessed": [
    {"ServiceName": "no namespace"},
    {"ServiceNamespace": "s3", "LastAuthenticated": "last tuesday",
     "TrackedActionsLastAccessed": [{"LastAccessedTime": "2024-01-01T00:00:00Z"},
       {"ActionName": "s3:CreateBucket", "LastAccessedTime": 1704067200}]},
    {"ServiceNamespace": "ec2", "TrackedActionsLastAccessed": "none"},
    {"ServiceNamespace": "kms", "LastAuthenticated": 1e300}
  ]})",
                           "bad.json");
    ASSERT_EQ(f.reports.size(), 1u);
    const auto& services = f.reports[0].services;
    ASSERT_EQ(services.size(), 3u);
    EXPECT_TRUE(services[0].last.unreadable);
    EXPECT_TRUE(services[0].last.ever());
    ASSERT_EQ(services[0].actions.size(), 1u);
    EXPECT_EQ(services[0].actions[0].name, "CreateBucket");  // the prefix some tools add
    EXPECT_EQ(services[0].actions[0].last.time, std::optional<std::int64_t>(1704067200));
    EXPECT_FALSE(services[1].tracked);
    EXPECT_TRUE(services[2].last.unreadable);
    ASSERT_EQ(f.diagnostics.size(), 5u) << codes(f.diagnostics);
    EXPECT_EQ(f.diagnostics[0].location.mark.line, 3u);  // the entry without a namespace
    EXPECT_EQ(f.diagnostics[0].location.mark.column, 5u);
    EXPECT_EQ(f.diagnostics[1].location.mark.line, 4u);  // "last tuesday"
    for (const auto& d : f.diagnostics) EXPECT_EQ(d.level, core::DiagLevel::kError) << d.str();

    // In a combined document every report must say whose it is; an ARN must be IAM's.
    f = read_last_accessed(R"({"LastAccessed": [
      {"JobStatus": "COMPLETED", "ServicesLastAccessed": []},
      {"Arn": "arn:aws:s3:::bucket", "JobStatus": "COMPLETED", "ServicesLastAccessed": []},
      {"Arn": "arn:aws:iam::111122223333:policy/ops/reader", "JobStatus": "COMPLETED",
       "ServicesLastAccessed": []}]})",
                           "all.json");
    ASSERT_EQ(f.reports.size(), 1u);
    EXPECT_EQ(entity_kind(f.reports[0].arn), EntityKind::kPolicy);
    ASSERT_EQ(f.diagnostics.size(), 2u);
    EXPECT_EQ(f.diagnostics[0].location.mark.line, 2u);
    EXPECT_EQ(f.diagnostics[1].location.mark.line, 3u);

    f = read_last_accessed(R"({"LastAccessed": {"Arn": "x"}})", "obj.json");
    EXPECT_TRUE(f.reports.empty());
    EXPECT_EQ(f.diagnostics.size(), 1u);
}

TEST(LastAccessed, EntityKindsFromArns) {
    EXPECT_EQ(entity_kind("arn:aws:iam::111122223333:user/ci/deploy"), EntityKind::kUser);
    EXPECT_EQ(entity_kind("arn:aws:iam::111122223333:role/app"), EntityKind::kRole);
    EXPECT_EQ(entity_kind("arn:aws-cn:iam::111122223333:group/dev"), EntityKind::kGroup);
    EXPECT_EQ(entity_kind("arn:aws:iam::aws:policy/ReadOnlyAccess"), EntityKind::kPolicy);
    EXPECT_EQ(entity_kind("arn:aws:sts::111122223333:assumed-role/app/s"), EntityKind::kUnknown);
    EXPECT_EQ(entity_kind("arn:aws:iam::111122223333:root"), EntityKind::kUnknown);
    EXPECT_EQ(entity_kind("role/app"), EntityKind::kUnknown);
    EXPECT_EQ(entity_kind("arn:"), EntityKind::kUnknown);
}

}  // namespace
}  // namespace wasp::iam
