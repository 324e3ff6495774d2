// AWS Organizations exports: reading them (the combined document and the CLI outputs it is made
// of), the SCP and RCP levels of an account, their effect on evaluations, and the organization's
// guardrail rules WASP-IAM-130..134, each with a failing and a passing case.
#include "iam/organization.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "iam/account.h"
#include "iam/analyze.h"
#include "iam/blast_radius.h"
#include "iam/org_analyze.h"
#include "iam/paths.h"

namespace wasp::iam {
namespace {

constexpr const char* kOrgFixture = "tests/fixtures/iam/organization/organization.json";
constexpr const char* kAuthzFixture = "tests/fixtures/iam/organization/authz-payments-prod.json";

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool has_errors(const core::Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(),
                       [](const auto& d) { return d.level == core::DiagLevel::kError; });
}

std::string all(const core::Diagnostics& diags) {
    std::string s;
    for (const auto& d : diags) s += d.str() + "\n";
    return s;
}

Organization fixture() {
    Organization org;
    core::Diagnostics diags;
    load_organization(read(kOrgFixture), kOrgFixture, org, diags);
    EXPECT_FALSE(has_errors(diags)) << all(diags);
    return org;
}

// The names of the policies at each level, "Name|Name" per level.
std::vector<std::string> names(const OrgLevels& l) {
    std::vector<std::string> out;
    for (const auto& level : l.levels) {
        std::string s;
        for (const Policy* p : level) s += (s.empty() ? "" : "|") + p->name;
        out.push_back(s);
    }
    return out;
}

// A one-account organization (222222222222 under the root; 111111111111 manages it) whose root
// and account carry FullAWSAccess and the SCP statements given; with RCP statements, RCPs too.
std::string simple_org(const std::string& scp_statements,
                       const std::string& rcp_statements = "",
                       const std::string& root_types = R"([{"Type": "SERVICE_CONTROL_POLICY",
                           "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY",
                           "Status": "ENABLED"}])") {
    auto quoted = [](const std::string& statements) {
        std::string json = R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
        std::string out = "\"";
        for (char c : json) {
            if (c == '"') {
                out += "\\\"";
            } else if (c != '\n') {
                out += c;  // JSON text between tokens needs no newline
            }
        }
        return out + "\"";
    };
    auto policy = [&](const std::string& id, const std::string& type, const std::string& statements,
                      const std::string& targets) {
        return R"({"PolicySummary": {"Id": ")" + id + R"(", "Name": ")" + id + R"(", "Type": ")" +
               type + R"(", "AwsManaged": false}, "Content": )" + quoted(statements) +
               R"(, "Targets": )" + targets + "}";
    };
    const std::string everywhere =
        R"([{"TargetId": "r-ab12", "Type": "ROOT"}, {"TargetId": "222222222222", "Type": "ACCOUNT"}])";
    const std::string root = R"([{"TargetId": "r-ab12", "Type": "ROOT"}])";
    std::string policies = policy("p-FullAWSAccess", "SERVICE_CONTROL_POLICY",
                                  R"({"Effect":"Allow","Action":"*","Resource":"*"})", everywhere);
    if (!scp_statements.empty())
        policies += ", " + policy("p-guardrails", "SERVICE_CONTROL_POLICY", scp_statements, root);
    if (!rcp_statements.empty()) {
        policies +=
            ", " + policy("p-RCPFullAWSAccess", "RESOURCE_CONTROL_POLICY",
                          R"({"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"})",
                          everywhere);
        policies += ", " + policy("p-perimeter", "RESOURCE_CONTROL_POLICY", rcp_statements, root);
    }
    return R"({"Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"},
        "Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": )" +
           root_types + R"(}],
        "Accounts": [{"Id": "111111111111", "Name": "management", "ParentId": "r-ab12"},
                     {"Id": "222222222222", "Name": "workload", "ParentId": "r-ab12"}],
        "Policies": [)" +
           policies + "]}";
}

Organization load(const std::string& json) {
    Organization org;
    core::Diagnostics diags;
    load_organization(json, "org.json", org, diags);
    EXPECT_FALSE(has_errors(diags)) << all(diags) << json;
    return org;
}

// The outcome of a rule on an account: "pass", "fail: detail", or "none".
std::string outcome(const std::vector<OrgCheck>& checks,
                    std::string_view rule,
                    std::string_view account) {
    for (const auto& c : checks) {
        if (c.rule_id == rule && c.account == account) return c.pass ? "pass" : "fail: " + c.detail;
    }
    return "none";
}

// --- reading ------------------------------------------------------------------------------------

TEST(Organization, ReadsTheCombinedDocument) {
    Organization org = fixture();
    EXPECT_EQ(org.id, "o-a1b2c3d4e5");
    EXPECT_EQ(org.management_account, "111111111111");
    EXPECT_EQ(org.root, "r-ab12");
    EXPECT_EQ(org.units.size(), 4u);
    ASSERT_EQ(org.accounts.size(), 5u);
    EXPECT_EQ(org.accounts[2].name, "payments-prod");
    EXPECT_EQ(org.accounts[2].parent, "ou-ab12-33333333");
    EXPECT_EQ(org.accounts[2].arn,
              "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/333333333333");
    EXPECT_TRUE(org.accounts[4].parent.empty());  // legacy-data: no ParentId
    ASSERT_EQ(org.policies.size(), 7u);
    EXPECT_EQ(std::count_if(org.policies.begin(), org.policies.end(),
                            [](const auto& p) { return p.type == OrgPolicyType::kRcp; }),
              2);
    EXPECT_TRUE(org.policies[0].aws_managed);
    EXPECT_EQ(org.policies[0].targets.size(), 10u);  // root, 4 OUs, 5 accounts
    ASSERT_TRUE(org.policies[1].document);
    EXPECT_EQ(org.policies[1].document->name, "DenyLeaveOrganization (p-8r2kqz1x)");
    // Statements of a Content string point at the string in the file, after the summary.
    EXPECT_GT(org.policies[1].document->statements.at(0).mark.line,
              org.policies[1].location.mark.line);
    EXPECT_EQ(org.scps_enabled, true);
    EXPECT_EQ(org.rcps_enabled, true);
    EXPECT_TRUE(org.contains("444444444444"));
    EXPECT_TRUE(org.contains("111111111111"));
    EXPECT_FALSE(org.contains("012345678901"));
}

TEST(Organization, CliOutputsAccumulateAcrossFiles) {
    Organization org;
    core::Diagnostics diags;
    // aws organizations describe-organization
    load_organization(R"({"Organization": {"Id": "o-a1b2c3d4e5",
        "Arn": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5",
        "FeatureSet": "ALL", "MasterAccountId": "111111111111",
        "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111",
        "MasterAccountEmail": "aws-management@example.com"}})",
                      "describe-organization.json", org, diags);
    // aws organizations list-roots
    load_organization(R"({"Roots": [{"Id": "r-ab12", "Name": "Root",
        "Arn": "arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12",
        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]})",
                      "list-roots.json", org, diags);
    // aws organizations list-accounts: no ParentId; the parents come from another file.
    load_organization(R"({"Accounts": [{"Id": "222222222222", "Name": "workload",
        "Arn": "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222",
        "Email": "aws-workload@example.com", "Status": "ACTIVE", "State": "ACTIVE",
        "JoinedMethod": "CREATED", "JoinedTimestamp": "2020-06-22T08:45:09.120000+00:00"}]})",
                      "list-accounts.json", org, diags);
    load_organization(R"({"Accounts": [{"Id": "222222222222", "ParentId": "r-ab12"}]})",
                      "parents.json", org, diags);
    // aws organizations describe-policy, with list-targets-for-policy's Targets beside it.
    load_organization(R"({"Policy": {"PolicySummary": {"Id": "p-FullAWSAccess",
        "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
        "Name": "FullAWSAccess", "Description": "Allows access to every operation",
        "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true},
        "Content": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"},
        "Targets": [{"TargetId": "r-ab12", "Name": "Root", "Type": "ROOT",
                     "Arn": "arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12"}]})",
                      "describe-policy-full.json", org, diags);
    // The same policy again, attached to the account too: the targets merge.
    load_organization(R"({"Policy": {"PolicySummary": {"Id": "p-FullAWSAccess",
        "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{}"},
        "Targets": [{"TargetId": "222222222222", "Type": "ACCOUNT"}]})",
                      "targets.json", org, diags);
    EXPECT_TRUE(diags.empty()) << all(diags);
    EXPECT_EQ(org.id, "o-a1b2c3d4e5");
    EXPECT_EQ(org.management_account, "111111111111");
    ASSERT_EQ(org.accounts.size(), 1u);
    EXPECT_EQ(org.accounts[0].name, "workload");
    EXPECT_EQ(org.accounts[0].parent, "r-ab12");
    ASSERT_EQ(org.policies.size(), 1u);
    EXPECT_EQ(org.policies[0].targets, (std::vector<std::string>{"222222222222", "r-ab12"}));
    OrgLevels l = org_levels(org, "222222222222", OrgPolicyType::kScp);
    EXPECT_TRUE(l.complete);
    EXPECT_EQ(names(l), (std::vector<std::string>{"FullAWSAccess (p-FullAWSAccess)",
                                                  "FullAWSAccess (p-FullAWSAccess)"}));
}

TEST(Organization, MalformedMembersAreErrorsWithPositionsAndTheRestLoads) {
    Organization org;
    core::Diagnostics diags;
    load_organization("{\"Organization\": {\"Id\": ", "broken.json", org, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].code, "iam-org-syntax");
    EXPECT_EQ(diags[0].location.file, "broken.json");
    EXPECT_GT(diags[0].location.mark.line, 0u);

    diags.clear();
    load_organization(R"({"Statement": []})", "policy.json", org, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("not an AWS Organizations export"), std::string::npos);

    diags.clear();
    load_organization(R"({
  "Accounts": [
    {"Id": "2222", "Name": "short"},
    "not an object",
    {"Id": "333333333333", "Name": "ok", "ParentId": 7}
  ],
  "OrganizationalUnits": {"Id": "ou-ab12-11111111"},
  "Policies": [
    {"PolicySummary": {"Id": "p-broken", "Type": "SERVICE_CONTROL_POLICY"},
     "Content": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": "},
    {"PolicySummary": {"Id": "p-nocontent", "Type": "SERVICE_CONTROL_POLICY"}},
    {"Id": "p-summary", "Type": "SERVICE_CONTROL_POLICY", "Name": "FromListPolicies"},
    {"PolicySummary": {"Id": "p-tags", "Type": "TAG_POLICY"}, "Content": "{}"},
    {"PolicySummary": {"Id": "p-targets", "Type": "SERVICE_CONTROL_POLICY"},
     "Content": "{\"Statement\": []}", "Targets": [{"Name": "no id"}]}
  ]
})",
                      "org.json", org, diags);
    auto at = [&](std::uint32_t line, std::string_view text) {
        return std::any_of(diags.begin(), diags.end(), [&](const core::Diagnostic& d) {
            return d.location.file == "org.json" && d.location.mark.line == line &&
                   d.message.find(text) != std::string::npos;
        });
    };
    EXPECT_TRUE(at(3, "no Id of 12 digits")) << all(diags);
    EXPECT_TRUE(at(4, "not an object")) << all(diags);
    EXPECT_TRUE(at(5, "ParentId is not a root")) << all(diags);
    EXPECT_TRUE(at(7, "OrganizationalUnits is not a list")) << all(diags);
    EXPECT_TRUE(at(10, "p-broken")) << all(diags);  // at the Content string
    EXPECT_TRUE(at(11, "has no Content")) << all(diags);
    EXPECT_TRUE(at(12, "summary without Content")) << all(diags);
    EXPECT_TRUE(at(15, "no TargetId")) << all(diags);
    // What could be read is there: the good account, the policies with a content; the tag
    // policy is no authorization policy and is left out without a word.
    ASSERT_EQ(org.accounts.size(), 1u);
    EXPECT_EQ(org.accounts[0].id, "333333333333");
    // A policy whose content is broken stays listed without a document.
    ASSERT_EQ(org.policies.size(), 2u);
    EXPECT_EQ(org.policies[0].id, "p-broken");
    EXPECT_FALSE(org.policies[0].document);
    EXPECT_EQ(org.policies[1].id, "p-targets");
    EXPECT_TRUE(org.policies[1].targets.empty());

    // list-targets-for-policy alone names no policy: a warning, not a guess.
    diags.clear();
    load_organization(R"({"Organization": {"Id": "o-a1b2c3d4e5"},
        "Targets": [{"TargetId": "r-ab12", "Type": "ROOT"}]})",
                      "targets.json", org, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].level, core::DiagLevel::kWarning);
    // Another organization's record does not overwrite the one loaded.
    diags.clear();
    load_organization(R"({"Organization": {"Id": "o-zzzzzzzzzz"}})", "other.json", org, diags);
    EXPECT_TRUE(has_errors(diags));
    EXPECT_EQ(org.id, "o-a1b2c3d4e5");
}

// --- levels -------------------------------------------------------------------------------------

TEST(Organization, LevelsFromTheRootDownToTheAccount) {
    Organization org = fixture();
    OrgLevels prod = org_levels(org, "333333333333", OrgPolicyType::kScp);
    EXPECT_TRUE(prod.complete);
    EXPECT_EQ(prod.targets, (std::vector<std::string>{"r-ab12", "ou-ab12-22222222",
                                                      "ou-ab12-33333333", "333333333333"}));
    EXPECT_EQ(names(prod),
              (std::vector<std::string>{
                  "FullAWSAccess (p-FullAWSAccess)|ProtectCloudTrail (p-3n7wtm5c)|DenyRootUser "
                  "(p-9c1fsw7b)",
                  "FullAWSAccess (p-FullAWSAccess)|DenyLeaveOrganization "
                  "(p-8r2kqz1x)|ProtectGuardDutyAndConfig (p-6v4hjd9e)",
                  "FullAWSAccess (p-FullAWSAccess)", "FullAWSAccess (p-FullAWSAccess)"}));
    OrgLevels rcp = org_levels(org, "333333333333", OrgPolicyType::kRcp);
    EXPECT_EQ(
        names(rcp),
        (std::vector<std::string>{
            "RCPFullAWSAccess (p-RCPFullAWSAccess)",
            "RCPFullAWSAccess (p-RCPFullAWSAccess)|DataPerimeterIdentity (p-2k5xyr8n)",
            "RCPFullAWSAccess (p-RCPFullAWSAccess)", "RCPFullAWSAccess (p-RCPFullAWSAccess)"}));
    // Neither SCPs nor RCPs reach the management account; an account outside gets nothing.
    EXPECT_TRUE(org_levels(org, "111111111111", OrgPolicyType::kScp).levels.empty());
    EXPECT_TRUE(org_levels(org, "111111111111", OrgPolicyType::kRcp).levels.empty());
    EXPECT_TRUE(org_levels(org, "012345678901", OrgPolicyType::kScp).levels.empty());
    EXPECT_EQ(org_path(org, "333333333333"),
              "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/ou-ab12-33333333/");
}

TEST(Organization, UnknownParentChainAppliesOnlyWhatIsKnownAndWarns) {
    Organization org = fixture();
    OrgLevels legacy = org_levels(org, "555555555555", OrgPolicyType::kScp);
    EXPECT_FALSE(legacy.complete);
    EXPECT_EQ(legacy.targets, (std::vector<std::string>{"r-ab12", "555555555555"}));
    EXPECT_EQ(org_path(org, "555555555555"), "");
    core::Diagnostics diags;
    check_organization(org, diags);
    ASSERT_EQ(diags.size(), 1u) << all(diags);
    EXPECT_EQ(diags[0].level, core::DiagLevel::kWarning);
    EXPECT_NE(diags[0].message.find("555555555555 (legacy-data)"), std::string::npos);
    EXPECT_EQ(diags[0].location.file, kOrgFixture);

    // A cycle of OUs in hostile input ends the walk: incomplete, not endless.
    Organization cyclic =
        load(R"({"Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"},
        "OrganizationalUnits": [{"Id": "ou-ab12-11111111", "ParentId": "ou-ab12-22222222"},
                                {"Id": "ou-ab12-22222222", "ParentId": "ou-ab12-11111111"}],
        "Accounts": [{"Id": "222222222222", "ParentId": "ou-ab12-11111111"}],
        "Policies": [{"PolicySummary": {"Id": "p-FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY"},
                      "Content": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
                      "Targets": [{"TargetId": "r-ab12"}, {"TargetId": "222222222222"}]}]})");
    OrgLevels l = org_levels(cyclic, "222222222222", OrgPolicyType::kScp);
    EXPECT_FALSE(l.complete);
    EXPECT_EQ(l.targets, (std::vector<std::string>{"r-ab12", "222222222222"}));
}

TEST(Organization, LevelsWithoutAnAllowAreWarnedAbout) {
    // Only a deny SCP exported: FullAWSAccess is missing, so the levels allow nothing.
    Organization org =
        load(R"({"Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"},
        "Roots": [{"Id": "r-ab12"}],
        "Accounts": [{"Id": "222222222222", "ParentId": "r-ab12"}],
        "Policies": [{"PolicySummary": {"Id": "p-deny", "Type": "SERVICE_CONTROL_POLICY"},
                      "Content": "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
                      "Targets": [{"TargetId": "r-ab12"}, {"TargetId": "ou-ab12-99999999"}]}]})");
    core::Diagnostics diags;
    check_organization(org, diags);
    std::string text = all(diags);
    EXPECT_NE(text.find("no SCP attached to r-ab12 allows anything"), std::string::npos) << text;
    EXPECT_NE(text.find("no SCP attached to 222222222222 allows anything"), std::string::npos)
        << text;
    EXPECT_NE(text.find("p-deny is attached to ou-ab12-99999999, not in the export"),
              std::string::npos)
        << text;
}

TEST(Organization, PolicyTypesTheRootDisablesDoNotApply) {
    Organization org =
        load(simple_org(R"({"Effect":"Deny","Action":"s3:*","Resource":"*"})",
                        R"({"Effect":"Deny","Principal":"*","Action":"s3:*",
                                           "Resource":"*"})",
                        R"([{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}])"));
    EXPECT_TRUE(org.in_use(OrgPolicyType::kScp));
    EXPECT_FALSE(org.in_use(OrgPolicyType::kRcp));
    EXPECT_EQ(org_levels(org, "222222222222", OrgPolicyType::kScp).levels.size(), 2u);
    EXPECT_TRUE(org_levels(org, "222222222222", OrgPolicyType::kRcp).levels.empty());
}

TEST(Organization, ContextKeysTheOrganizationSettles) {
    Organization org = fixture();
    Request r;
    r.principal.arn = "arn:aws:iam::333333333333:role/deployer";
    r.resource = "arn:aws:sqs:eu-west-1:444444444444:jobs";
    r.set_context("aws:ResourceOrgID", {"given"});
    set_org_context(org, r);
    auto value = [&](std::string_view key) -> std::string {
        for (const auto& e : r.context) {
            if (e.key == key) return e.values.empty() ? "" : e.values[0];
        }
        return "<none>";
    };
    EXPECT_EQ(value("aws:principalorgid"), "o-a1b2c3d4e5");
    EXPECT_EQ(value("aws:principalorgpaths"),
              "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/ou-ab12-33333333/");
    EXPECT_EQ(value("aws:resourceorgid"), "given");  // the request's own value stays
    EXPECT_EQ(value("aws:resourceorgpaths"), "o-a1b2c3d4e5/r-ab12/ou-ab12-44444444/");

    Request outside;
    outside.principal.arn = "arn:aws:iam::012345678901:user/someone";
    set_org_context(org, outside);
    EXPECT_TRUE(outside.context.empty());
}

// --- evaluation under the organization
// ------------------------------------------------------------

class OrganizationEval : public ::testing::Test {
  protected:
    void SetUp() override {
        org_ = fixture();
        core::Diagnostics diags;
        accounts_.load(read(kAuthzFixture), kAuthzFixture, diags);
        ASSERT_FALSE(has_errors(diags)) << all(diags);
    }

    Result ask(const Organization* org, std::string action, std::string resource = "*") {
        core::Diagnostics d;
        auto pl = layers_for(accounts_, *accounts_.find("deployer"), d, {}, org);
        Request r;
        r.principal = pl.principal;
        r.action = std::move(action);
        r.resource = std::move(resource);
        return evaluate(r, pl.layers);
    }

    Organization org_;
    Accounts accounts_;
};

TEST_F(OrganizationEval, ScpsOfTheAccountsLevelsDecide) {
    // Without the organization AdministratorAccess allows it; the Workloads OU's SCP denies it.
    EXPECT_EQ(ask(nullptr, "organizations:LeaveOrganization").decision, Decision::kAllowed);
    Result leave = ask(&org_, "organizations:LeaveOrganization");
    EXPECT_EQ(leave.decision, Decision::kExplicitDeny);
    EXPECT_NE(leave.reason.find("DenyLeaveOrganization (p-8r2kqz1x) (service control policy)"),
              std::string::npos)
        << leave.reason;
    // The root's SCP, with its exception for another role.
    EXPECT_EQ(ask(&org_, "cloudtrail:StopLogging",
                  "arn:aws:cloudtrail:eu-west-1:333333333333:trail/management-events")
                  .decision,
              Decision::kExplicitDeny);
    EXPECT_EQ(
        ask(&org_, "s3:GetObject", "arn:aws:s3:::payments-invoices/2024/06/inv-1.pdf").decision,
        Decision::kAllowed);
}

TEST_F(OrganizationEval, ManagementAccountAndServiceLinkedRolesAreOutOfReach) {
    // The same role, moved into the management account: SCPs do not apply to it.
    Accounts mgmt;
    core::Diagnostics diags;
    std::string text = read(kAuthzFixture);
    for (auto at = text.find("333333333333"); at != std::string::npos;
         at = text.find("333333333333", at))
        text.replace(at, 12, "111111111111");
    mgmt.load(text, "mgmt.json", diags);
    auto pl = layers_for(mgmt, *mgmt.find("deployer"), diags, {}, &org_);
    EXPECT_TRUE(pl.principal.management_account);
    EXPECT_TRUE(pl.layers.scp_levels.empty());
    Request r;
    r.principal = pl.principal;
    r.action = "organizations:LeaveOrganization";
    r.resource = "*";
    EXPECT_EQ(evaluate(r, pl.layers).decision, Decision::kAllowed);

    // A service-linked role of a member account: no SCP levels.
    Accounts slr;
    slr.load(R"({"RoleDetailList": [{"Path": "/aws-service-role/guardduty.amazonaws.com/",
        "RoleName": "AWSServiceRoleForAmazonGuardDuty", "RoleId": "AROAEXAMPLESLR",
        "Arn": "arn:aws:iam::333333333333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
        "RolePolicyList": [], "AttachedManagedPolicies": []}]})",
             "slr.json", diags);
    auto sl = layers_for(slr, *slr.find("AWSServiceRoleForAmazonGuardDuty"), diags, {}, &org_);
    EXPECT_TRUE(sl.principal.service_linked_role);
    EXPECT_TRUE(sl.layers.scp_levels.empty());
    // A member account's role does get them.
    auto member = layers_for(accounts_, *accounts_.find("deployer"), diags, {}, &org_);
    EXPECT_FALSE(member.principal.management_account);
    EXPECT_EQ(member.layers.scp_levels.size(), 4u);
}

TEST_F(OrganizationEval, AdministratorsAndEscalationPathsApplyTheScps) {
    // An SCP denying IAM changes: the deployer's AdministratorAccess no longer makes it admin.
    Organization org = load(simple_org(R"({"Effect":"Deny","Action":"iam:*","Resource":"*"})"));
    Accounts accounts;
    core::Diagnostics diags;
    std::string text = read(kAuthzFixture);
    for (auto at = text.find("333333333333"); at != std::string::npos;
         at = text.find("333333333333", at))
        text.replace(at, 12, "222222222222");
    accounts.load(text, "authz.json", diags);

    AnalysisInput in;
    in.accounts = &accounts;
    in.account_files = {{"222222222222", "authz.json"}};
    auto admin = [&](const Analysis& a) {
        for (const auto& c : a.checks) {
            if (c.rule_id == "WASP-IAM-101" && a.resources[c.resource].id.ends_with("/deployer"))
                return c.outcome == core::Outcome::kFail;
        }
        return false;
    };
    EXPECT_TRUE(admin(analyze(in)));
    in.organization = &org;
    EXPECT_FALSE(admin(analyze(in)));

    PathOptions options;
    options.threads = 1;
    EXPECT_TRUE(escalation_graph(accounts, options, diags).nodes[0].admin);
    options.organization = &org;
    PathGraph g = escalation_graph(accounts, options, diags);
    EXPECT_FALSE(g.nodes[0].admin);
    EXPECT_FALSE(g.nodes[0].could_be_admin);  // the SCP would still hold it back
}

// --- RCPs in the account analyses -------------------------------------------------------------

// Account 222222222222 (a member of simple_org): the user dev may assume role/admin
// (AdministratorAccess) and, in the management account, role/mgmt-reader, and read data-bucket.
constexpr const char* kRcpAccounts = R"({
  "UserDetailList": [{"UserName": "dev", "UserId": "AIDADEV", "Path": "/", "GroupList": [],
    "Arn": "arn:aws:iam::222222222222:user/dev",
    "UserPolicyList": [{"PolicyName": "dev", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": [
          "arn:aws:iam::222222222222:role/admin", "arn:aws:iam::111111111111:role/mgmt-reader"]},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket/*"}]}}]}],
  "RoleDetailList": [
    {"RoleName": "admin", "RoleId": "AROAADMIN", "Path": "/",
     "Arn": "arn:aws:iam::222222222222:role/admin",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
       "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}]},
     "RolePolicyList": [{"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
    {"RoleName": "mgmt-reader", "RoleId": "AROAMGMT", "Path": "/",
     "Arn": "arn:aws:iam::111111111111:role/mgmt-reader",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
       "Principal": {"AWS": "arn:aws:iam::222222222222:user/dev"}, "Action": "sts:AssumeRole"}]},
     "RolePolicyList": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}}]}]})";

// RCPs at the root denying the actions given to every principal but a break-glass role.
std::string rcp_deny_all_but_breakglass(const std::string& actions) {
    return R"({"Sid":"OnlyBreakGlass","Effect":"Deny","Principal":"*","Action":)" + actions +
           R"(,"Resource":"*","Condition":{"ArnNotLike":{
               "aws:PrincipalArn":"arn:aws:iam::*:role/breakglass"}}})";
}

class RcpAnalyses : public ::testing::Test {
  protected:
    void SetUp() override {
        core::Diagnostics diags;
        accounts_.load(kRcpAccounts, "authz.json", diags);
        ASSERT_FALSE(has_errors(diags)) << all(diags);
        ASSERT_EQ(accounts_.users.size(), 1u);
        ASSERT_EQ(accounts_.roles.size(), 2u);
    }

    Analysis analyze_with(const Organization* org) {
        AnalysisInput in;
        in.accounts = &accounts_;
        in.account_files = {{"222222222222", "authz.json"}, {"111111111111", "authz.json"}};
        in.organization = org;
        return analyze(in);
    }

    PathGraph paths(const Organization* org) {
        PathOptions options;
        options.threads = 1;
        options.organization = org;
        core::Diagnostics diags;
        return escalation_graph(accounts_, options, diags);
    }

    BlastRadius blast(const Organization* org) {
        BlastOptions options;
        options.paths.threads = 1;
        options.paths.organization = org;
        core::Diagnostics diags;
        return blast_radius(accounts_, options, diags);
    }

    Accounts accounts_;
};

const core::CheckResult* check_of(const Analysis& a, std::string_view rule, std::string_view id) {
    for (const auto& c : a.checks) {
        if (c.rule_id == rule && a.resources[c.resource].id == id) return &c;
    }
    return nullptr;
}

constexpr const char* kDev = "arn:aws:iam::222222222222:user/dev";
constexpr const char* kAdminRole = "arn:aws:iam::222222222222:role/admin";

TEST_F(RcpAnalyses, AnRcpDenyingS3KeepsRolesFromBeingAdministrators) {
    // Without the organization role/admin passes every probe: an administrator.
    Analysis open_analysis = analyze_with(nullptr);
    const auto* before = check_of(open_analysis, "WASP-IAM-101", kAdminRole);
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(before->outcome, core::Outcome::kFail);
    EXPECT_TRUE(paths(nullptr).nodes[1].admin);

    // An RCP at the root denies S3 to all but a break-glass role: it reads no bucket of its
    // account, so it is no administrator, and the explanation says the RCP is why.
    Organization org = load(simple_org("", rcp_deny_all_but_breakglass(R"("s3:*")")));
    Analysis a = analyze_with(&org);
    const auto* after = check_of(a, "WASP-IAM-101", kAdminRole);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->outcome, core::Outcome::kPass);
    EXPECT_NE(after->detail.find("only because the organization's resource control policies deny "
                                 "it s3:GetObject on arn:aws:s3:::wasp-probe-bucket/object: "
                                 "explicitly denied by statement \"OnlyBreakGlass\" of "
                                 "p-perimeter (p-perimeter) (resource control policy)"),
              std::string::npos)
        << after->detail;
    PathGraph g = paths(&org);
    ASSERT_EQ(g.nodes[1].arn, kAdminRole);
    EXPECT_FALSE(g.nodes[1].admin);
    EXPECT_FALSE(g.nodes[1].could_be_admin);  // the RCP holds an administrator policy back too
    EXPECT_TRUE(g.nodes[1].rcp_denial.starts_with(
        "s3:PutObject on arn:aws:s3:::wasp-admin-probe/object: explicitly denied by statement "
        "\"OnlyBreakGlass\""))
        << g.nodes[1].rcp_denial;
    // The blast radius: not admin, and dev's read of the bucket is gone.
    BlastRadius b = blast(&org);
    EXPECT_FALSE(b.principals[1].admin);
    EXPECT_EQ(b.principals[1].rcp_denial, g.nodes[1].rcp_denial);
    EXPECT_TRUE(b.principals[0].acts.empty());
    ASSERT_GE(b.principals[0].rcp_denied, 1u);
    auto read = std::find_if(b.rcp_denials.begin(), b.rcp_denials.end(), [](const RcpDenial& d) {
        return d.principal == 0 && d.resource == "arn:aws:s3:::data-bucket/*";
    });
    ASSERT_NE(read, b.rcp_denials.end());
    EXPECT_EQ(read->action, "s3:GetObject");
    EXPECT_NE(read->reason.find("OnlyBreakGlass"), std::string::npos);
    // Without the organization dev reads the bucket.
    BlastRadius open = blast(nullptr);
    ASSERT_EQ(open.principals[0].acts.size(), 1u);
    EXPECT_EQ(open.resources[open.acts[open.principals[0].acts[0]].resource].arn,
              "arn:aws:s3:::data-bucket/*");
    EXPECT_TRUE(open.rcp_denials.empty());
}

TEST_F(RcpAnalyses, AnRcpOnStsCutsEscalationPathsAndRoleChains) {
    // dev's proven path: sts:AssumeRole on role/admin.
    Analysis open_analysis = analyze_with(nullptr);
    const auto* before = check_of(open_analysis, "WASP-IAM-115", kDev);
    ASSERT_NE(before, nullptr);
    EXPECT_EQ(before->outcome, core::Outcome::kFail);

    Organization org = load(simple_org("", rcp_deny_all_but_breakglass(R"("sts:AssumeRole")")));
    Analysis a = analyze_with(&org);
    const auto* after = check_of(a, "WASP-IAM-115", kDev);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->outcome, core::Outcome::kPass);
    EXPECT_NE(after->detail.find("no proven path to administrator; the organization's resource "
                                 "control policies deny it 1 step: sts:AssumeRole on "
                                 "arn:aws:iam::222222222222:role/admin (explicitly denied by "
                                 "statement \"OnlyBreakGlass\""),
              std::string::npos)
        << after->detail;
    // role/admin itself is still an administrator: STS is not among the probes.
    EXPECT_EQ(check_of(a, "WASP-IAM-101", kAdminRole)->outcome, core::Outcome::kFail);

    PathGraph g = paths(&org);
    ASSERT_EQ(g.rcp_denials.size(), 1u);
    EXPECT_EQ(g.rcp_denials[0].principal, 0u);
    EXPECT_EQ(g.rcp_denials[0].action, "sts:AssumeRole");
    EXPECT_EQ(g.rcp_denials[0].resource, kAdminRole);
    // RCPs do not apply to resources of the management account: dev still becomes mgmt-reader.
    EXPECT_TRUE(std::any_of(g.edges.begin(), g.edges.end(), [&](const PathEdge& e) {
        return e.from == 0 && g.nodes[e.to].arn == "arn:aws:iam::111111111111:role/mgmt-reader";
    }));

    BlastRadius b = blast(&org);
    ASSERT_EQ(b.principals[0].assumes.size(), 1u);
    EXPECT_EQ(b.principals[b.assumes[b.principals[0].assumes[0]].to].arn,
              "arn:aws:iam::111111111111:role/mgmt-reader");
    EXPECT_FALSE(b.principals[0].admin_role.has_value());
    EXPECT_EQ(b.principals[0].rcp_denied, 1u);
    // Without the organization dev becomes role/admin, an administrator.
    BlastRadius open = blast(nullptr);
    EXPECT_EQ(open.principals[0].assumes.size(), 2u);
    EXPECT_TRUE(open.principals[0].admin_role.has_value());
}

TEST_F(RcpAnalyses, AnIdentityPerimeterLeavesTheOrganizationsOwnPrincipalsAlone) {
    // The usual RCP: deny principals outside the organization. Its keys are settled for the
    // account's own principals, so nothing becomes conditional on them.
    Organization org = load(simple_org("", R"({"Effect":"Deny","Principal":"*",
        "Action":["s3:*","sts:AssumeRole","kms:*"],"Resource":"*","Condition":{
            "StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},
            "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}})"));
    Analysis a = analyze_with(&org);
    const auto* admin = check_of(a, "WASP-IAM-101", kAdminRole);
    ASSERT_NE(admin, nullptr);
    EXPECT_EQ(admin->outcome, core::Outcome::kFail);
    EXPECT_EQ(admin->detail.find("conditions"), std::string::npos) << admin->detail;
    EXPECT_EQ(check_of(a, "WASP-IAM-115", kDev)->outcome, core::Outcome::kFail);
    PathGraph g = paths(&org);
    EXPECT_TRUE(g.nodes[1].admin);
    EXPECT_FALSE(g.nodes[1].admin_conditional);
    ASSERT_FALSE(g.principals.empty());
    EXPECT_FALSE(g.principals[0].proven.empty());
    EXPECT_FALSE(g.principals[0].proven_conditional);
    EXPECT_TRUE(g.rcp_denials.empty());
    BlastRadius b = blast(&org);
    EXPECT_EQ(b.principals[0].acts.size(), 1u);
    EXPECT_FALSE(b.acts[b.principals[0].acts[0]].conditional);
    EXPECT_EQ(b.principals[0].assumes.size(), 2u);
}

// --- the guardrail rules
// --------------------------------------------------------------------------

TEST(OrganizationRules, EveryAccountOfTheFixture) {
    auto checks = analyze_organization(fixture());
    // The management account is out of reach of SCPs and RCPs: not checked.
    EXPECT_EQ(outcome(checks, "WASP-IAM-130", "111111111111"), "none");
    // payments-prod (Workloads/Prod) is protected by everything.
    for (const char* rule :
         {"WASP-IAM-130", "WASP-IAM-131", "WASP-IAM-132", "WASP-IAM-133", "WASP-IAM-134"}) {
        EXPECT_EQ(outcome(checks, rule, "333333333333"), "pass") << rule;
    }
    // sandbox-dev: its OU has neither DenyLeaveOrganization, ProtectGuardDutyAndConfig nor the
    // data perimeter; the root's CloudTrail and root-user SCPs still hold.
    EXPECT_EQ(outcome(checks, "WASP-IAM-130", "444444444444"),
              "fail: 444444444444 (sandbox-dev): a role allowed everything by its own policies can "
              "still organizations:LeaveOrganization");
    EXPECT_EQ(outcome(checks, "WASP-IAM-131", "444444444444"), "pass");
    EXPECT_EQ(outcome(checks, "WASP-IAM-132", "444444444444"),
              "fail: 444444444444 (sandbox-dev): a role allowed everything by its own policies can "
              "still guardduty:DeleteDetector, guardduty:UpdateDetector, "
              "guardduty:DisassociateFromAdministratorAccount, "
              "guardduty:DisassociateFromMasterAccount, config:StopConfigurationRecorder, "
              "config:DeleteConfigurationRecorder, config:DeleteDeliveryChannel");
    EXPECT_EQ(outcome(checks, "WASP-IAM-133", "444444444444"), "pass");
    EXPECT_EQ(outcome(checks, "WASP-IAM-134", "444444444444"),
              "fail: 444444444444 (sandbox-dev): a principal outside the organization that "
              "resource policies trust can still s3:GetObject, sts:AssumeRole, kms:Decrypt, "
              "secretsmanager:GetSecretValue, sqs:ReceiveMessage");
    // security-audit: guarded, but outside the data perimeter.
    EXPECT_EQ(outcome(checks, "WASP-IAM-130", "222222222222"), "pass");
    EXPECT_EQ(outcome(checks, "WASP-IAM-132", "222222222222"), "pass");
    EXPECT_TRUE(outcome(checks, "WASP-IAM-134", "222222222222").starts_with("fail"));
    // legacy-data: its OU is unknown, so only the root's and its own policies apply.
    EXPECT_TRUE(outcome(checks, "WASP-IAM-130", "555555555555")
                    .ends_with("(its OUs are not in the export: only the root's and its own SCPs "
                               "applied)"));
    EXPECT_EQ(outcome(checks, "WASP-IAM-131", "555555555555"), "pass");
}

TEST(OrganizationRules, LeaveOrganization130) {
    auto bare = analyze_organization(load(simple_org("")));
    EXPECT_TRUE(outcome(bare, "WASP-IAM-130", "222222222222").starts_with("fail")) << "no deny";
    auto denied = analyze_organization(load(simple_org(
        R"({"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"})")));
    EXPECT_EQ(outcome(denied, "WASP-IAM-130", "222222222222"), "pass");
}

TEST(OrganizationRules, CloudTrail131) {
    // Stopping is denied but deleting is not: the finding names what is left.
    auto half = analyze_organization(
        load(simple_org(R"({"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"})")));
    EXPECT_EQ(outcome(half, "WASP-IAM-131", "222222222222"),
              "fail: 222222222222 (workload): a role allowed everything by its own policies can "
              "still cloudtrail:DeleteTrail");
    auto both = analyze_organization(load(simple_org(
        R"({"Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],
            "Resource":"arn:aws:cloudtrail:*:*:trail/*"})")));
    EXPECT_EQ(outcome(both, "WASP-IAM-131", "222222222222"), "pass");
}

TEST(OrganizationRules, GuardDutyAndConfig132) {
    auto bare = analyze_organization(load(simple_org("")));
    EXPECT_TRUE(outcome(bare, "WASP-IAM-132", "222222222222").starts_with("fail"));
    auto wildcard = analyze_organization(load(simple_org(
        R"({"Effect":"Deny","Action":["guardduty:Delete*","guardduty:Update*",
            "guardduty:Disassociate*","config:Stop*","config:Delete*"],"Resource":"*"})")));
    EXPECT_EQ(outcome(wildcard, "WASP-IAM-132", "222222222222"), "pass");
}

TEST(OrganizationRules, RootUser133) {
    // A deny that holds only without MFA leaves the root user free with MFA: conditional.
    auto mfa = analyze_organization(load(simple_org(
        R"({"Effect":"Deny","Action":"*","Resource":"*","Condition":{
            "StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"},
            "BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}})")));
    std::string r = outcome(mfa, "WASP-IAM-133", "222222222222");
    EXPECT_TRUE(
        r.starts_with("fail: 222222222222 (workload): the root user can still "
                      "iam:CreateUser (depending on aws:MultiFactorAuthPresent)"))
        << r;
    // Roles are not the root user: the same SCP leaves them alone.
    EXPECT_TRUE(outcome(mfa, "WASP-IAM-130", "222222222222").starts_with("fail"));
    auto denied = analyze_organization(load(simple_org(
        R"({"Effect":"Deny","Action":"*","Resource":"*","Condition":{
            "StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}})")));
    EXPECT_EQ(outcome(denied, "WASP-IAM-133", "222222222222"), "pass");
    EXPECT_TRUE(outcome(denied, "WASP-IAM-131", "222222222222").starts_with("fail"));
}

TEST(OrganizationRules, DataPerimeter134) {
    // RCPs in use, but the only custom one covers S3: the rest stays open to outsiders.
    auto s3_only = analyze_organization(
        load(simple_org("", R"({"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
               "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}})")));
    EXPECT_EQ(outcome(s3_only, "WASP-IAM-134", "222222222222"),
              "fail: 222222222222 (workload): a principal outside the organization that resource "
              "policies trust can still sts:AssumeRole, kms:Decrypt, "
              "secretsmanager:GetSecretValue, sqs:ReceiveMessage");
    auto perimeter = analyze_organization(load(simple_org("", R"({"Effect":"Deny","Principal":"*",
               "Action":["s3:*","sts:AssumeRole","kms:*","secretsmanager:*","sqs:*"],
               "Resource":"*","Condition":{
                   "StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},
                   "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}})")));
    EXPECT_EQ(outcome(perimeter, "WASP-IAM-134", "222222222222"), "pass");
    // An exception by resource tag: outsiders still reach tagged resources, and the finding says
    // which key decides.
    auto tagged = analyze_organization(load(simple_org(
        "", R"({"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{
               "StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5",
                                          "aws:ResourceTag/dp:exclude":"true"}}})")));
    EXPECT_NE(outcome(tagged, "WASP-IAM-134", "222222222222")
                  .find("kms:Decrypt (depending on aws:ResourceTag/dp:exclude)"),
              std::string::npos);
    // Without RCPs the rule is not checked.
    EXPECT_EQ(outcome(analyze_organization(load(simple_org(""))), "WASP-IAM-134", "222222222222"),
              "none");
}

TEST(OrganizationRules, ScpsDisabledOrNotExported) {
    // The root says SCPs are off: nothing holds the accounts back.
    Organization off = load(simple_org("", "", R"([])"));
    off.policies.clear();
    auto checks = analyze_organization(off);
    EXPECT_TRUE(outcome(checks, "WASP-IAM-130", "222222222222")
                    .ends_with("(SCPs are not enabled in the organization)"));
    // Only the accounts were exported: no evidence either way, no check.
    Organization accounts_only =
        load(R"({"Accounts": [{"Id": "222222222222", "ParentId": "r-ab12"}]})");
    EXPECT_TRUE(analyze_organization(accounts_only).empty());
}

TEST(OrganizationRules, InTheAccountAnalyses) {
    Organization org = fixture();
    AnalysisInput in;
    in.organization = &org;
    Analysis a = analyze(in);
    std::vector<std::string> ids;
    for (const auto& r : a.rules) ids.push_back(r.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"WASP-IAM-130", "WASP-IAM-131", "WASP-IAM-132",
                                             "WASP-IAM-133", "WASP-IAM-134"}));
    EXPECT_EQ(a.checks.size(), 20u);  // 4 member accounts, 5 rules
    ASSERT_FALSE(a.findings.empty());
    const auto& res = a.resources[a.findings.front().resource];
    EXPECT_EQ(res.kind, "aws.organizations.account");
    EXPECT_TRUE(res.id.starts_with("arn:aws:organizations::111111111111:account/"));
    EXPECT_EQ(res.location.file, kOrgFixture);
    EXPECT_GT(res.location.mark.line, 0u);
    // Listed with the other analyses for `wasp rules list`.
    const auto& rules = analysis_rules();
    EXPECT_TRUE(std::any_of(rules.begin(), rules.end(),
                            [](const auto& r) { return r.id == "WASP-IAM-134"; }));
    for (const auto& r : organization_rules()) {
        EXPECT_FALSE(r.best_practices.empty()) << r.id;
        EXPECT_EQ(r.source, "src/iam/org_analyze.cpp");
    }
}

}  // namespace
}  // namespace wasp::iam
