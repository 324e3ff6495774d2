// Unused access from last-accessed reports (WASP-IAM-116..118) on the fixtures of
// tests/fixtures/iam/last-accessed/: an account export and the reports of its principals,
// dated 2024-07-01.
#include "iam/unused_access.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/file.h"
#include "core/parse.h"
#include "iam/analyze.h"

namespace wasp::iam {
namespace {

constexpr std::int64_t kNow = 1719792000;  // 2024-07-01
const std::string kDir = "tests/fixtures/iam/last-accessed/";
const std::string kAccount = "arn:aws:iam::111122223333:";

struct Loaded {
    Accounts accounts;
    std::vector<LastAccessedReport> reports;
    core::Diagnostics diags;

    std::vector<const LastAccessedReport*> pointers() const {
        std::vector<const LastAccessedReport*> out;
        for (const auto& r : reports) out.push_back(&r);
        return out;
    }
};

Loaded load(bool with_export = true) {
    Loaded l;
    auto read = [](const std::string& name) {
        auto text = core::read_file(kDir + name, 16u << 20);
        EXPECT_TRUE(text.has_value()) << name;
        return text.value_or("");
    };
    if (with_export) l.accounts.load(read("authz.json"), kDir + "authz.json", l.diags);
    for (const char* name : {"combined.json", "user-alice.json", "bob.json"}) {
        LastAccessedFile f = read_last_accessed(read(name), kDir + name);
        for (auto& d : f.diagnostics) l.diags.push_back(std::move(d));
        for (auto& r : f.reports) l.reports.push_back(std::move(r));
    }
    resolve_last_accessed_entities(l.reports, l.accounts, l.diags);
    return l;
}

std::vector<UnusedAccess> unused(const Loaded& l, std::int64_t days = 90, bool engine = true) {
    core::Diagnostics diags;
    UnusedAccessOptions options;
    options.now = kNow;
    options.days = days;
    auto out = find_unused_access(l.pointers(), engine ? &l.accounts : nullptr, options, diags);
    for (const auto& d : diags) ADD_FAILURE() << d.str();
    return out;
}

const UnusedAccess& of(const std::vector<UnusedAccess>& all, const std::string& who) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const UnusedAccess& u) { return u.arn == kAccount + who; });
    if (it == all.end()) {
        ADD_FAILURE() << "no result for " << who;
        static const UnusedAccess none;
        return none;
    }
    return *it;
}

// "pass", "fail", or "none" when the rule did not check the entity.
std::string outcome(const UnusedAccess& u, std::string_view rule) {
    for (const auto& c : u.checks) {
        if (c.rule_id == rule) return c.pass ? "pass" : "fail";
    }
    return "none";
}

std::string detail(const UnusedAccess& u, std::string_view rule) {
    for (const auto& c : u.checks) {
        if (c.rule_id == rule) return c.detail;
    }
    return {};
}

std::vector<std::string> unused_actions(const UnusedAccess& u) {
    std::vector<std::string> out;
    for (const auto& a : u.unused_actions) out.push_back(a.action);
    return out;
}

TEST(UnusedAccess, TheFixturesLoadClean) {
    Loaded l = load();
    for (const auto& d : l.diags) ADD_FAILURE() << d.str();
    EXPECT_EQ(l.reports.size(), 7u);
    EXPECT_EQ(unused(l).size(), 7u);
}

TEST(UnusedAccess, ServicesNotUsedIn90DaysFail) {
    auto all = unused(load());
    const UnusedAccess& orders = of(all, "role/orders-api");
    EXPECT_EQ(outcome(orders, "WASP-IAM-116"), "fail");
    EXPECT_EQ(detail(orders, "WASP-IAM-116"),
              "role/orders-api: 2 of 5 services its policies allow were not used in the last 90 "
              "days: kms (last used 2024-02-10, 141 days ago); sns (never used in the tracking "
              "period)");
    EXPECT_EQ(orders.used, (std::vector<std::string>{"dynamodb", "s3", "sqs"}));
    // A group's report holds its members' use; ssm was allowed to all and used by none.
    EXPECT_EQ(outcome(of(all, "group/developers"), "WASP-IAM-116"), "fail");
    EXPECT_EQ(outcome(of(all, "user/alice"), "WASP-IAM-116"), "fail");
    EXPECT_NE(detail(of(all, "user/alice"), "WASP-IAM-116").find("ssm (never used"),
              std::string::npos);
    // Everything allowed was used: iam 32 days before, s3 the same day.
    EXPECT_EQ(outcome(of(all, "user/bob"), "WASP-IAM-116"), "pass");
    EXPECT_EQ(outcome(of(all, "role/deploy-pipeline"), "WASP-IAM-116"), "pass");
}

TEST(UnusedAccess, TheWindowIsAParameter) {
    Loaded l = load();
    // alice last used logs 47 days before: used in 90 days, unused in 30.
    auto ninety = unused(l, 90);
    auto thirty = unused(l, 30);
    EXPECT_EQ(of(ninety, "user/alice").unused_services.size(), 1u);
    const UnusedAccess& alice = of(thirty, "user/alice");
    ASSERT_EQ(alice.unused_services.size(), 2u);
    EXPECT_EQ(alice.unused_services[0].prefix, "logs");
    EXPECT_EQ(alice.unused_services[0].last.time, std::optional<std::int64_t>(1715768400));
}

TEST(UnusedAccess, TrackedActionsAllowedAndNotUsedFail) {
    auto all = unused(load());
    const UnusedAccess& orders = of(all, "role/orders-api");
    EXPECT_EQ(outcome(orders, "WASP-IAM-117"), "fail");
    EXPECT_EQ(unused_actions(orders),
              (std::vector<std::string>{"s3:DeleteBucket", "s3:PutBucketPolicy"}));
    // bob is denied s3:DeleteBucket by his own policy: the engine leaves it out.
    const UnusedAccess& bob = of(all, "user/bob");
    EXPECT_EQ(outcome(bob, "WASP-IAM-117"), "fail");
    EXPECT_EQ(unused_actions(bob),
              (std::vector<std::string>{"iam:ListUsers", "s3:CreateBucket", "s3:PutBucketPolicy"}));
    EXPECT_EQ(outcome(of(all, "role/deploy-pipeline"), "WASP-IAM-117"), "pass");
    // A service-level report says nothing of actions.
    EXPECT_EQ(outcome(of(all, "user/alice"), "WASP-IAM-117"), "none");
}

TEST(UnusedAccess, WithoutTheExportTheReportsAloneDecide) {
    Loaded l = load(false);
    // Without the export no file name can be resolved: bob's report needs its Arn.
    ASSERT_TRUE(l.reports.back().arn.empty());
    l.reports.back().arn = kAccount + "user/bob";
    auto all = unused(l, 90, false);
    const UnusedAccess& bob = of(all, "user/bob");
    EXPECT_EQ(outcome(bob, "WASP-IAM-116"), "pass");
    // Without bob's policies, the deny is unknown: every tracked action unused is listed.
    EXPECT_EQ(unused_actions(bob),
              (std::vector<std::string>{"iam:ListUsers", "s3:CreateBucket", "s3:DeleteBucket",
                                        "s3:PutBucketPolicy"}));
    EXPECT_FALSE(bob.suggestion.has_value());
    EXPECT_EQ(outcome(bob, "WASP-IAM-118"), "none");
    // Nor is a creation date known: the new role is judged on its report.
    EXPECT_EQ(outcome(of(all, "role/returns-api"), "WASP-IAM-116"), "fail");
}

TEST(UnusedAccess, PrincipalsUnusedAsAWholeOrNewAreLeftToOtherRules) {
    Loaded l = load();
    auto all = unused(l);
    const UnusedAccess& nightly = of(all, "role/nightly-export");
    EXPECT_TRUE(nightly.checks.empty());
    EXPECT_EQ(nightly.skipped,
              "used no service in the last 90 days: remove the role rather than trim it");
    const UnusedAccess& returns = of(all, "role/returns-api");
    EXPECT_TRUE(returns.checks.empty());
    EXPECT_EQ(returns.skipped, "created 10 days ago: too new to tell what it needs");

    // In the analysis, the role that was not used at all is WASP-IAM-113's finding.
    AnalysisInput in;
    in.accounts = &l.accounts;
    in.last_accessed = l.pointers();
    in.now = kNow;
    Analysis a = analyze(in);
    auto checked = [&](std::string_view rule, const std::string& who) {
        for (const auto& c : a.checks) {
            if (c.rule_id == rule && a.resources[c.resource].id == kAccount + who) {
                return std::string(core::to_string(c.outcome));
            }
        }
        return std::string("none");
    };
    EXPECT_EQ(checked("WASP-IAM-113", "role/nightly-export"), "fail");
    EXPECT_EQ(checked("WASP-IAM-116", "role/nightly-export"), "none");
    EXPECT_EQ(checked("WASP-IAM-116", "role/orders-api"), "fail");
    EXPECT_EQ(checked("WASP-IAM-117", "user/bob"), "fail");
    EXPECT_EQ(checked("WASP-IAM-118", "role/orders-api"), "fail");
    EXPECT_EQ(checked("WASP-IAM-118", "role/deploy-pipeline"), "pass");
    for (const char* id : {"WASP-IAM-116", "WASP-IAM-117", "WASP-IAM-118"}) {
        EXPECT_TRUE(std::any_of(a.rules.begin(), a.rules.end(), [&](const core::RuleInfo& r) {
            return r.id == id;
        })) << id;
    }
    auto f = std::find_if(a.findings.begin(), a.findings.end(),
                          [](const core::Finding& x) { return x.rule_id == "WASP-IAM-116"; });
    ASSERT_NE(f, a.findings.end());
    EXPECT_EQ(f->severity, core::Severity::kMedium);
}

// The suggested policy of an entity, parsed back.
Policy suggested(const UnusedAccess& u) {
    EXPECT_TRUE(u.suggestion.has_value()) << u.arn;
    auto parsed =
        parse_policy_text(policy_json(u.suggestion.value_or(std::vector<SuggestedStatement>{}),
                                      core::JsonWriter::Style::kPretty),
                          "suggested", "suggested.json");
    for (const auto& d : parsed.diagnostics) ADD_FAILURE() << d.str();
    return parsed.policy.value_or(Policy{});
}

Decision decide(const Policy& p,
                const std::string& who,
                const std::string& action,
                const std::string& resource) {
    Request r;
    r.principal.arn = kAccount + who;
    r.action = action;
    r.resource = resource;
    Layers layers;
    layers.identity.push_back(&p);
    return evaluate(r, layers).decision;
}

TEST(UnusedAccess, TheSuggestedPolicyKeepsWhatWasUsed) {
    Loaded l = load();
    auto all = unused(l);
    const UnusedAccess& orders = of(all, "role/orders-api");
    EXPECT_EQ(outcome(orders, "WASP-IAM-118"), "fail");
    EXPECT_NE(detail(orders, "WASP-IAM-118")
                  .find("role/orders-api: a policy with only what it used in the last 90 days (4 "
                        "statements): {\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
                        "\"Orders\",\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\","
                        "\"dynamodb:PutItem\",\"dynamodb:Query\"],\"Resource\":\"arn:aws:"
                        "dynamodb:eu-west-1:111122223333:table/orders\"}"),
              std::string::npos)
        << detail(orders, "WASP-IAM-118");
    Policy p = suggested(orders);
    std::vector<std::string> sids;
    for (const auto& s : p.statements) sids.push_back(s.sid);
    // Legacy (sns) and the orders-kms policy go; InvoiceBucket loses its unused actions.
    EXPECT_EQ(sids, (std::vector<std::string>{"Orders", "Events", "Invoices", "InvoiceBucket"}));
    EXPECT_EQ(p.statements[3].actions_written,
              (std::vector<std::string>{"s3:GetBucketPolicy", "s3:ListBucket"}));
    EXPECT_EQ(p.statements[3].resources, (std::vector<std::string>{"arn:aws:s3:::shop-invoices"}));
    const std::string bucket = "arn:aws:s3:::shop-invoices";
    EXPECT_EQ(decide(p, "role/orders-api", "s3:PutObject", bucket + "/2024/inv-1.pdf"),
              Decision::kAllowed);
    EXPECT_EQ(decide(p, "role/orders-api", "s3:DeleteBucket", bucket), Decision::kImplicitDeny);
    EXPECT_EQ(decide(p, "role/orders-api", "sns:Publish",
                     "arn:aws:sns:eu-west-1:111122223333:orders-legacy"),
              Decision::kImplicitDeny);

    // Everything the deploy role is allowed it used: nothing to narrow.
    EXPECT_EQ(outcome(of(all, "role/deploy-pipeline"), "WASP-IAM-118"), "pass");
}

TEST(UnusedAccess, AServiceWildcardNarrowsToWholeVerbsAndNamedActions) {
    auto all = unused(load());
    const UnusedAccess& bob = of(all, "user/bob");
    EXPECT_EQ(outcome(bob, "WASP-IAM-118"), "fail");
    Policy p = suggested(bob);
    ASSERT_EQ(p.statements.size(), 3u);
    const auto& s3 = p.statements[0].actions_written;
    EXPECT_EQ(p.statements[0].sid, "Artifacts");
    auto has = [&](const std::string& a) { return std::find(s3.begin(), s3.end(), a) != s3.end(); };
    EXPECT_TRUE(has("s3:Get*"));
    EXPECT_TRUE(has("s3:List*"));
    EXPECT_TRUE(has("s3:CreateJob"));
    EXPECT_FALSE(has("s3:*"));
    EXPECT_FALSE(has("s3:Create*"));
    EXPECT_FALSE(has("s3:CreateBucket"));
    EXPECT_FALSE(has("s3:PutBucketPolicy"));
    EXPECT_FALSE(has("s3:DeleteBucket"));  // denied: the engine never allows it
    EXPECT_EQ(p.statements[1].actions_written, (std::vector<std::string>{"iam:CreateAccessKey"}));
    // The Deny of bob's policy stays: it may guard what remains.
    EXPECT_EQ(p.statements[2].sid, "NeverDeleteBuckets");
    EXPECT_EQ(p.statements[2].effect, Effect::kDeny);
    const std::string art = "arn:aws:s3:::shop-artifacts";
    EXPECT_EQ(decide(p, "user/bob", "s3:GetObject", art + "/app.zip"), Decision::kAllowed);
    EXPECT_EQ(decide(p, "user/bob", "s3:PutObject", art + "/app.zip"), Decision::kAllowed);
    EXPECT_EQ(decide(p, "user/bob", "s3:PutBucketPolicy", art), Decision::kImplicitDeny);
    EXPECT_EQ(decide(p, "user/bob", "iam:ListUsers", "*"), Decision::kImplicitDeny);
    EXPECT_EQ(decide(p, "user/bob", "s3:DeleteBucket", art), Decision::kExplicitDeny);
}

TEST(UnusedAccess, TheLatestOfTwoReportsOfOneEntityIsUsed) {
    Loaded l = load();
    LastAccessedReport older = l.reports[0];  // orders-api
    older.file = "older.json";
    *older.job_completed -= 86400;
    older.services.resize(1);
    l.reports.push_back(older);
    core::Diagnostics diags;
    UnusedAccessOptions options;
    options.now = kNow;
    auto all = find_unused_access(l.pointers(), &l.accounts, options, diags);
    EXPECT_EQ(all.size(), 7u);
    EXPECT_EQ(of(all, "role/orders-api").file, kDir + "combined.json");
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].code, "iam-last-accessed-duplicate");
    EXPECT_EQ(diags[0].location.file, "older.json");
}

TEST(UnusedAccess, RulesHaveTheirMetadata) {
    ASSERT_EQ(unused_access_rules().size(), 3u);
    for (const auto& r : unused_access_rules()) {
        EXPECT_EQ(r.source, "src/iam/unused_access.cpp");
        EXPECT_FALSE(r.description.empty());
        EXPECT_FALSE(r.remediation.empty());
        EXPECT_TRUE(std::find(r.best_practices.begin(), r.best_practices.end(), "SEC03-BP04") !=
                    r.best_practices.end());
        EXPECT_TRUE(std::any_of(analysis_rules().begin(), analysis_rules().end(),
                                [&](const core::RuleInfo& x) { return x.id == r.id; }));
    }
}

}  // namespace
}  // namespace wasp::iam
