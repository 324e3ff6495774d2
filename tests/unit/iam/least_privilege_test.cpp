// Least-privilege findings of single policies, by risk category.
#include "iam/least_privilege.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "iam/escalation.h"

namespace wasp::iam {
namespace {

std::vector<PrivilegeFinding> analyze(std::string_view statements) {
    std::string json =
        std::string(R"({"Version": "2012-10-17", "Statement": [)") + std::string(statements) + "]}";
    auto parsed = parse_policy_text(json, "p", "p.json");
    for (const auto& d : parsed.diagnostics) ADD_FAILURE() << d.str();
    if (!parsed.policy) return {};
    return least_privilege(*parsed.policy, Catalog::builtin());
}

const PrivilegeFinding* find(const std::vector<PrivilegeFinding>& v, Risk r) {
    auto it = std::find_if(v.begin(), v.end(), [&](const auto& f) { return f.risk == r; });
    return it == v.end() ? nullptr : &*it;
}

TEST(LeastPrivilege, FullAdminIsOneCriticalFinding) {
    auto f = analyze(R"({"Effect": "Allow", "Action": "*", "Resource": "*"})");
    ASSERT_NE(find(f, Risk::kFullAdmin), nullptr);
    EXPECT_EQ(severity_of(Risk::kFullAdmin), core::Severity::kCritical);
    // The categories it contains are listed too: what a stolen credential can do.
    EXPECT_EQ(find(f, Risk::kServiceWildcard), nullptr);
    EXPECT_NE(find(f, Risk::kDataExfiltration), nullptr);
    EXPECT_NE(find(f, Risk::kCredentialsExposure), nullptr);
    EXPECT_NE(find(f, Risk::kPrivilegeEscalation), nullptr);
}

TEST(LeastPrivilege, ServiceWildcardCountsTheService) {
    auto f = analyze(R"({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::shop/*"})");
    const auto* w = find(f, Risk::kServiceWildcard);
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->action_count, Catalog::builtin().expand("s3:*").size());
    // Scoped to one bucket's objects: no finding about every resource.
    EXPECT_EQ(find(f, Risk::kDataExfiltration), nullptr);
    EXPECT_EQ(find(f, Risk::kResourceExposure), nullptr);
}

TEST(LeastPrivilege, CategoriesOnEveryResource) {
    auto f = analyze(R"({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketPolicy",
        "iam:CreateAccessKey", "ecr:GetAuthorizationToken", "sqs:DeleteQueue"], "Resource": "*"})");
    const auto* reads = find(f, Risk::kDataExfiltration);
    ASSERT_NE(reads, nullptr);
    EXPECT_EQ(reads->actions, std::vector<std::string>{"s3:GetObject"});
    const auto* exposure = find(f, Risk::kResourceExposure);
    ASSERT_NE(exposure, nullptr);
    EXPECT_EQ(exposure->actions, std::vector<std::string>{"s3:PutBucketPolicy"});
    const auto* creds = find(f, Risk::kCredentialsExposure);
    ASSERT_NE(creds, nullptr);
    // ecr:GetAuthorizationToken takes no resource ARN: "*" is the only way to grant it.
    EXPECT_EQ(creds->actions, std::vector<std::string>{"iam:CreateAccessKey"});
    const auto* writes = find(f, Risk::kWriteOnAny);
    ASSERT_NE(writes, nullptr);
    EXPECT_EQ(writes->actions,
              (std::vector<std::string>{"iam:CreateAccessKey", "sqs:DeleteQueue"}));
}

TEST(LeastPrivilege, EscalationPathFromTwoStatements) {
    auto f = analyze(R"({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
                        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"})");
    auto it = std::find_if(f.begin(), f.end(), [](const auto& x) {
        return x.risk == Risk::kPrivilegeEscalation &&
               x.message.find("ec2-001") != std::string::npos;
    });
    ASSERT_NE(it, f.end());
    EXPECT_EQ(it->actions, (std::vector<std::string>{"iam:PassRole", "ec2:RunInstances"}));
    // Scoped PassRole: the one-policy view does not report the path.
    auto scoped = analyze(R"({"Effect": "Allow", "Action": "iam:PassRole",
                              "Resource": "arn:aws:iam::111122223333:role/app-task"},
                             {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"})");
    EXPECT_EQ(find(scoped, Risk::kPrivilegeEscalation), nullptr);
}

TEST(LeastPrivilege, NotActionIsReported) {
    auto f = analyze(R"({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"],
                         "Resource": "*"})");
    EXPECT_NE(find(f, Risk::kNotAction), nullptr);
    EXPECT_NE(find(f, Risk::kDataExfiltration), nullptr);  // NotAction leaves s3:GetObject in
}

TEST(LeastPrivilege, EverySensitiveActionIsARealAction) {
    for (auto name : sensitive_actions()) {
        EXPECT_NE(Catalog::builtin().action(name), nullptr) << name;
    }
}

TEST(EscalationPaths, TheCompiledInCatalogue) {
    const auto& paths = escalation_paths();
    // pathfinding.cloud's 65, then wasp's own (data/iam/extra-escalation-paths.json).
    EXPECT_EQ(std::count_if(paths.begin(), paths.end(),
                            [](const auto& p) { return !p.id.starts_with("wasp-"); }),
              65);
    auto it =
        std::find_if(paths.begin(), paths.end(), [](const auto& p) { return p.id == "iam-005"; });
    ASSERT_NE(it, paths.end());
    EXPECT_EQ(it->category, "self-escalation");
    EXPECT_EQ(it->required, std::vector<std::string>{"iam:putrolepolicy"});
}

}  // namespace
}  // namespace wasp::iam
