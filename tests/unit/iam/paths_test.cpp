// Privilege-escalation paths on small hand-written exports, and on the example fixture.
#include "iam/paths.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "iam/escalation.h"

namespace wasp::iam {
namespace {

constexpr const char* kAcct = "111122223333";

std::string arn(const std::string& kind_name) {
    return std::string("arn:aws:iam::") + kAcct + ":" + kind_name;
}

std::string allow(const std::string& action,
                  const std::string& resource,
                  const std::string& extra = "") {
    return R"({"Effect":"Allow","Action":")" + action + R"(","Resource":")" + resource + "\"" +
           extra + "}";
}
std::string deny(const std::string& action, const std::string& resource) {
    return R"({"Effect":"Deny","Action":")" + action + R"(","Resource":")" + resource + "\"}";
}
std::string doc(const std::vector<std::string>& statements) {
    std::string s = R"({"Version":"2012-10-17","Statement":[)";
    for (std::size_t i = 0; i < statements.size(); ++i) s += (i ? "," : "") + statements[i];
    return s + "]}";
}
const std::string kAdminDoc = doc({allow("*", "*")});

std::string trust_aws(const std::string& principal) {
    return doc({R"({"Effect":"Allow","Principal":{"AWS":")" + principal +
                R"("},"Action":"sts:AssumeRole"})"});
}
std::string trust_service(const std::string& service) {
    return doc({R"({"Effect":"Allow","Principal":{"Service":")" + service +
                R"("},"Action":"sts:AssumeRole"})"});
}

struct Export {
    std::vector<std::string> users, roles, groups, policies;

    Export& user(const std::string& name,
                 const std::string& policy,
                 const std::string& boundary = "",
                 const std::string& groups_json = "[]") {
        std::string u = R"({"UserName":")" + name + R"(","UserId":"AID)" + name + R"(","Arn":")" +
                        arn("user/" + name) + R"(","Path":"/","GroupList":)" + groups_json;
        if (!policy.empty()) {
            u += R"(,"UserPolicyList":[{"PolicyName":"p","PolicyDocument":)" + policy + "}]";
        }
        if (!boundary.empty()) {
            u +=
                R"(,"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":")" +
                boundary + "\"}";
        }
        users.push_back(u + "}");
        return *this;
    }
    Export& role(const std::string& name,
                 const std::string& trust,
                 const std::string& policy,
                 bool instance_profile = false) {
        std::string r = R"({"RoleName":")" + name + R"(","RoleId":"ARO)" + name + R"(","Arn":")" +
                        arn("role/" + name) + R"(","Path":"/","AssumeRolePolicyDocument":)" + trust;
        if (!policy.empty()) {
            r += R"(,"RolePolicyList":[{"PolicyName":"p","PolicyDocument":)" + policy + "}]";
        }
        if (instance_profile) {
            r += R"(,"InstanceProfileList":[{"Arn":")" + arn("instance-profile/" + name) + "\"}]";
        }
        roles.push_back(r + "}");
        return *this;
    }
    Export& group(const std::string& name, const std::string& policy) {
        groups.push_back(R"({"GroupName":")" + name + R"(","GroupId":"AGP)" + name +
                         R"(","Arn":")" + arn("group/" + name) +
                         R"(","Path":"/","GroupPolicyList":[{"PolicyName":"p","PolicyDocument":)" +
                         policy + "}]}");
        return *this;
    }
    Export& managed(const std::string& name, const std::string& policy) {
        policies.push_back(
            R"({"PolicyName":")" + name + R"(","Arn":")" + arn("policy/" + name) +
            R"(","Path":"/","DefaultVersionId":"v1","PolicyVersionList":[{"Document":)" + policy +
            R"(,"VersionId":"v1","IsDefaultVersion":true}]})");
        return *this;
    }
    std::string json() const {
        auto list = [](const std::vector<std::string>& v) {
            std::string s = "[";
            for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
            return s + "]";
        };
        return R"({"UserDetailList":)" + list(users) + R"(,"GroupDetailList":)" + list(groups) +
               R"(,"RoleDetailList":)" + list(roles) + R"(,"Policies":)" + list(policies) + "}";
    }
};

struct Analysed {
    Accounts accounts;
    PathGraph g;

    explicit Analysed(const Export& e, unsigned threads = 1) {
        core::Diagnostics d;
        accounts.load(e.json(), "test.json", d);
        for (const auto& x : d) {
            if (x.level == core::DiagLevel::kError) ADD_FAILURE() << x.str();
        }
        PathOptions o;
        o.threads = threads;
        core::Diagnostics gd;
        g = escalation_graph(accounts, o, gd);
    }
    std::size_t node(const std::string& name) const {
        auto ref = accounts.find(name);
        EXPECT_TRUE(ref) << name;
        return ref->kind == PrincipalKind::kUser ? ref->index : accounts.users.size() + ref->index;
    }
    const PrincipalPaths* paths(const std::string& name) const {
        std::size_t n = node(name);
        for (const auto& p : g.principals) {
            if (p.node == n) return &p;
        }
        return nullptr;
    }
    // The techniques of the shortest proven path, in order.
    std::vector<std::string> proven(const std::string& name) const {
        std::vector<std::string> out;
        if (const auto* p = paths(name)) {
            for (auto e : p->proven) out.push_back(g.edges[e].technique);
        }
        return out;
    }
    bool has_edge(const std::string& from, std::size_t to, const std::string& technique) const {
        std::size_t f = node(from);
        return std::any_of(g.edges.begin(), g.edges.end(), [&](const PathEdge& e) {
            return e.from == f && e.to == to && e.technique == technique;
        });
    }
};

using V = std::vector<std::string>;

TEST(Paths, EveryTechniqueIsHandledOrSaysWhyNot) {
    const auto& paths = escalation_paths();
    const auto& cov = technique_coverage();
    ASSERT_EQ(cov.size(), paths.size());
    std::size_t handled = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        EXPECT_EQ(cov[i].id, paths[i].id);
        if (cov[i].handled) {
            ++handled;
        } else {
            EXPECT_FALSE(cov[i].note.empty()) << cov[i].id;
        }
        if (cov[i].category == "new-passrole" || cov[i].category == "existing-passrole") {
            EXPECT_FALSE(cov[i].service.empty()) << cov[i].id;
        }
    }
    // iam-003 (CreateAccessKey after DeleteAccessKey) is the only one folded into another.
    EXPECT_EQ(handled, paths.size() - 1);
    auto it =
        std::find_if(cov.begin(), cov.end(), [](const auto& t) { return t.id == "wasp-001"; });
    ASSERT_NE(it, cov.end());
    EXPECT_TRUE(it->needs_inventory);
    auto dp = std::find_if(cov.begin(), cov.end(),
                           [](const auto& t) { return t.id == "datapipeline-001"; });
    EXPECT_EQ(dp->service, "datapipeline.amazonaws.com,elasticmapreduce.amazonaws.com");
}

TEST(Paths, UserWithPutUserPolicyOnItselfEscalates) {
    Export e;
    e.user("mallory", doc({allow("iam:PutUserPolicy", arn("user/mallory"))}));
    e.user("bob", doc({allow("iam:PutUserPolicy", arn("user/alice"))}));
    Analysed r(e);
    EXPECT_EQ(r.proven("mallory"), V{"iam-007"});
    EXPECT_TRUE(r.proven("bob").empty());
    const auto& step = r.g.edges[r.paths("mallory")->proven[0]];
    EXPECT_EQ(step.to, r.g.admin_node);
    ASSERT_EQ(step.requests.size(), 1u);
    EXPECT_EQ(step.requests[0].action, "iam:PutUserPolicy");
    EXPECT_EQ(step.requests[0].resource, arn("user/mallory"));
    EXPECT_FALSE(step.conditional);
}

TEST(Paths, AssumingAnAdminRoleThatTrustsTheUserIsTwoNodesAway) {
    Export e;
    e.user("dev", doc({allow("sts:AssumeRole", arn("role/Admin"))}));
    e.role("Admin", trust_aws(arn("user/dev")), kAdminDoc);
    Analysed r(e);
    EXPECT_TRUE(r.g.nodes[r.node("role/Admin")].admin);
    EXPECT_EQ(r.proven("dev"), V{"sts-001"});
    EXPECT_EQ(r.g.edges[r.paths("dev")->proven[0]].to, r.node("role/Admin"));
}

TEST(Paths, NoEdgeWhenTheTrustPolicyDoesNotTrustThePrincipal) {
    Export e;
    e.user("dev", doc({allow("sts:AssumeRole", "*")}));
    e.role("Admin", trust_aws(arn("user/someone-else")), kAdminDoc);
    e.role("Lambda", trust_service("lambda.amazonaws.com"), kAdminDoc);
    Analysed r(e);
    EXPECT_TRUE(r.proven("dev").empty());
    EXPECT_FALSE(r.has_edge("dev", r.node("role/Admin"), "sts-001"));
}

TEST(Paths, TrustingTheAccountNeedsTheIdentityPolicyToo) {
    Export e;
    e.user("dev", doc({allow("sts:AssumeRole", arn("role/Admin"))}));
    e.user("ops", doc({allow("s3:GetObject", "*")}));
    e.role("Admin", trust_aws(std::string("arn:aws:iam::") + kAcct + ":root"), kAdminDoc);
    Analysed r(e);
    EXPECT_EQ(r.proven("dev"), V{"sts-001"});
    EXPECT_TRUE(r.proven("ops").empty());
}

TEST(Paths, ADenyOrABoundaryRemovesTheEdge) {
    Export e;
    e.user("denied",
           doc({allow("sts:AssumeRole", "*"), deny("sts:AssumeRole", arn("role/Admin"))}));
    e.user("bounded", doc({allow("sts:AssumeRole", "*")}), arn("policy/NoSts"));
    e.user("selfbounded", doc({allow("iam:PutUserPolicy", arn("user/selfbounded"))}),
           arn("policy/ReadOnly"));
    e.managed("NoSts", doc({allow("s3:*", "*")}));
    e.managed("ReadOnly", doc({allow("s3:Get*", "*"), allow("iam:PutUserPolicy", "*")}));
    e.role("Admin", trust_aws(std::string("arn:aws:iam::") + kAcct + ":root"), kAdminDoc);
    Analysed r(e);
    EXPECT_TRUE(r.proven("denied").empty());
    EXPECT_TRUE(r.proven("bounded").empty());
    // It may rewrite its own policy, but its boundary holds an admin policy back.
    EXPECT_FALSE(r.g.nodes[r.node("selfbounded")].could_be_admin);
    EXPECT_TRUE(r.proven("selfbounded").empty());
}

TEST(Paths, AConditionMakesTheEdgeConditional) {
    Export e;
    e.user("dev", doc({allow("sts:AssumeRole", arn("role/Admin"),
                             R"(,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}})")}));
    e.role("Admin", trust_aws(std::string("arn:aws:iam::") + kAcct + ":root"), kAdminDoc);
    Analysed r(e);
    ASSERT_EQ(r.proven("dev"), V{"sts-001"});
    const auto* p = r.paths("dev");
    EXPECT_TRUE(p->proven_conditional);
    const auto& step = r.g.edges[p->proven[0]];
    EXPECT_TRUE(step.conditional);
    ASSERT_EQ(step.requests.size(), 1u);
    EXPECT_EQ(step.requests[0].hinges_on, V{"aws:MultiFactorAuthPresent"});
}

TEST(Paths, PassRoleAndRunInstancesToAnAdminRoleTrustingEc2) {
    Export e;
    e.user("builder",
           doc({allow("iam:PassRole", arn("role/Ec2Admin")), allow("ec2:RunInstances", "*")}));
    e.user("noprofile",
           doc({allow("iam:PassRole", arn("role/Ec2NoProfile")), allow("ec2:RunInstances", "*")}));
    e.role("Ec2Admin", trust_service("ec2.amazonaws.com"), kAdminDoc, true);
    e.role("Ec2NoProfile", trust_service("ec2.amazonaws.com"), kAdminDoc, false);
    Analysed r(e);
    ASSERT_EQ(r.proven("builder"), V{"ec2-001"});
    const auto& step = r.g.edges[r.paths("builder")->proven[0]];
    EXPECT_EQ(step.to, r.node("role/Ec2Admin"));
    ASSERT_EQ(step.requests.size(), 2u);
    EXPECT_EQ(step.requests[0].action, "iam:PassRole");
    EXPECT_EQ(step.requests[0].context, "iam:PassedToService=ec2.amazonaws.com");
    EXPECT_EQ(step.requests[1].action, "ec2:RunInstances");
    // A role without an instance profile cannot be put on an instance.
    EXPECT_TRUE(r.proven("noprofile").empty());
}

TEST(Paths, PassRoleLimitedToAnotherServiceGivesNoEdge) {
    Export e;
    e.user(
        "builder",
        doc({allow(
                 "iam:PassRole", "*",
                 R"(,"Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}})"),
             allow("ec2:RunInstances", "*")}));
    e.role("Ec2Admin", trust_service("ec2.amazonaws.com"), kAdminDoc, true);
    Analysed r(e);
    EXPECT_TRUE(r.proven("builder").empty());
}

TEST(Paths, ExistingPassRoleNeedsInventory) {
    Export e;
    e.user("coder", doc({allow("lambda:UpdateFunctionCode", "*")}));
    e.role("FnAdmin", trust_service("lambda.amazonaws.com"), kAdminDoc);
    Analysed r(e);
    const auto* p = r.paths("coder");
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->proven.empty());
    ASSERT_EQ(p->with_inventory.size(), 1u);
    const auto& step = r.g.edges[p->with_inventory[0]];
    EXPECT_TRUE(step.needs_inventory);
    EXPECT_EQ(step.technique, "lambda-003");
}

TEST(Paths, RoleChainOfThree) {
    Export e;
    e.user("start", doc({allow("sts:AssumeRole", arn("role/A"))}));
    e.role("A", trust_aws(arn("user/start")), doc({allow("sts:AssumeRole", arn("role/B"))}));
    e.role("B", trust_aws(arn("role/A")), doc({allow("sts:AssumeRole", arn("role/C"))}));
    e.role("C", trust_aws(arn("role/B")), kAdminDoc);
    Analysed r(e, 2);
    EXPECT_EQ(r.proven("start"), (V{"sts-001", "sts-001", "sts-001"}));
    const auto* p = r.paths("start");
    EXPECT_EQ(r.g.edges[p->proven[0]].to, r.node("role/A"));
    EXPECT_EQ(r.g.edges[p->proven[1]].to, r.node("role/B"));
    EXPECT_EQ(r.g.edges[p->proven[2]].to, r.node("role/C"));
    EXPECT_EQ(r.proven("role/A"), (V{"sts-001", "sts-001"}));
}

TEST(Paths, GroupsPoliciesAndOtherPrincipals) {
    Export e;
    e.group("admins", kAdminDoc);
    e.group("devs", doc({allow("iam:PutGroupPolicy", arn("group/devs"))}));
    e.user("joiner", doc({allow("iam:AddUserToGroup", arn("group/admins"))}));
    e.user("dev", "", "", R"(["devs"])");
    e.user("keymaker", doc({allow("iam:CreateAccessKey", arn("user/root-like"))}));
    e.user("root-like", "", "", R"(["admins"])");
    e.role("Target", trust_aws(arn("user/modifier")), doc({allow("s3:GetObject", "*")}));
    e.user("modifier", doc({allow("iam:PutRolePolicy", arn("role/Target")),
                            allow("sts:AssumeRole", arn("role/Target"))}));
    Analysed r(e);
    EXPECT_EQ(r.proven("joiner"), V{"iam-013"});
    EXPECT_EQ(r.proven("dev"), V{"iam-011"});
    EXPECT_EQ(r.proven("keymaker"), V{"iam-002"});
    EXPECT_EQ(r.proven("modifier"), V{"iam-017"});
    EXPECT_TRUE(r.has_edge("modifier", r.node("role/Target"), "sts-001"));
}

TEST(Paths, CustomerManagedPolicyVersion) {
    Export e;
    e.managed("Mine", doc({allow("iam:CreatePolicyVersion", arn("policy/Mine"))}));
    std::string u =
        R"({"UserName":"v","UserId":"AIDV","Arn":")" + arn("user/v") +
        R"(","Path":"/","GroupList":[],"AttachedManagedPolicies":[{"PolicyName":"Mine","PolicyArn":")" +
        arn("policy/Mine") + "\"}]}";
    e.users.push_back(u);
    Analysed r(e);
    EXPECT_EQ(r.proven("v"), V{"iam-001"});
}

TEST(Paths, ThreadsGiveTheSameGraph) {
    Export e;
    e.user("start",
           doc({allow("sts:AssumeRole", "*"), allow("iam:PassRole", "*"),
                allow("lambda:CreateFunction", "*"), allow("lambda:InvokeFunction", "*")}));
    for (int i = 0; i < 80; ++i) {
        e.role("R" + std::to_string(i), trust_aws(std::string("arn:aws:iam::") + kAcct + ":root"),
               i == 79 ? kAdminDoc : doc({allow("s3:GetObject", "*")}));
        e.role("L" + std::to_string(i), trust_service("lambda.amazonaws.com"),
               doc({allow("s3:GetObject", "*")}));
    }
    Analysed one(e, 1), two(e, 2);
    ASSERT_EQ(one.g.edges.size(), two.g.edges.size());
    for (std::size_t i = 0; i < one.g.edges.size(); ++i) {
        EXPECT_EQ(one.g.edges[i].from, two.g.edges[i].from);
        EXPECT_EQ(one.g.edges[i].to, two.g.edges[i].to);
        EXPECT_EQ(one.g.edges[i].technique, two.g.edges[i].technique);
    }
    EXPECT_EQ(one.proven("start"), V{"sts-001"});
}

TEST(Paths, TheExampleExport) {
    std::ifstream in("tests/fixtures/iam/example-authz-details.json", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    Accounts accounts;
    core::Diagnostics d;
    accounts.load(s.str(), "example", d);
    PathGraph g = escalation_graph(accounts, {}, d);
    std::set<std::string> admins;
    for (std::size_t i = 0; i < g.admin_node; ++i) {
        if (g.nodes[i].admin) admins.insert(g.nodes[i].arn);
    }
    EXPECT_EQ(admins,
              (std::set<std::string>{"arn:aws:iam::012345678901:user/obama",
                                     "arn:aws:iam::012345678901:user/userwithlotsofpermissions"}));
    // OverprivilegedEC2 is allowed iam:CreateAccessKey on every resource: keys for obama.
    std::vector<std::string> escalating;
    for (const auto& p : g.principals) {
        if (p.proven.empty()) continue;
        escalating.push_back(g.nodes[p.node].arn);
        ASSERT_EQ(p.proven.size(), 1u);
        const auto& e = g.edges[p.proven[0]];
        EXPECT_EQ(e.technique, "iam-002");
        EXPECT_EQ(g.nodes[e.to].arn, "arn:aws:iam::012345678901:user/obama");
    }
    EXPECT_EQ(escalating,
              std::vector<std::string>{"arn:aws:iam::012345678901:role/OverprivilegedEC2"});
    EXPECT_EQ(g.edges.size(), 3u);  // keys for each of the three users
}

}  // namespace
}  // namespace wasp::iam
