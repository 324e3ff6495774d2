// Blast radius on tests/fixtures/iam/blast-radius-authz.json: a role chain of three hops with a
// conditional trust, a deny that cuts a chain, a boundary that limits, the per-resource view.
#include "iam/blast_radius.h"

#include <algorithm>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/file.h"

namespace wasp::iam {
namespace {

constexpr const char* kFixture = "tests/fixtures/iam/blast-radius-authz.json";
constexpr const char* kCustomerObject = "arn:aws:s3:::shop-customer-data/exports/2026-11.csv";

std::string fixture() { return core::read_file(kFixture, 1u << 20).value_or(""); }

std::string arn(const std::string& kind_name) { return "arn:aws:iam::111122223333:" + kind_name; }

struct Loaded {
    Accounts accounts;
    BlastRadius g;

    explicit Loaded(const std::string& text, BlastOptions options = {}) {
        core::Diagnostics diags;
        accounts.load(text, kFixture, diags);
        for (const auto& d : diags) ADD_FAILURE() << d.str();
        g = blast_radius(accounts, options, diags);
    }

    std::size_t principal(const std::string& a) const {
        for (std::size_t i = 0; i < g.principals.size(); ++i) {
            if (g.principals[i].arn == a) return i;
        }
        ADD_FAILURE() << "no principal " << a;
        return 0;
    }
    std::optional<std::size_t> resource(const std::string& a) const {
        for (std::size_t i = 0; i < g.resources.size(); ++i) {
            if (g.resources[i].arn == a) return i;
        }
        return std::nullopt;
    }
    // The edge from a principal to a resource, if any.
    const ActEdge* act(const std::string& who, const std::string& what) const {
        auto r = resource(what);
        if (!r) return nullptr;
        for (auto e : g.principals[principal(who)].acts) {
            if (g.acts[e].resource == *r) return &g.acts[e];
        }
        return nullptr;
    }
    std::vector<std::string> roles_of(const std::string& who) const {
        std::vector<std::string> out;
        for (const auto& rr : reachable_roles(g, principal(who))) {
            out.push_back(g.principals[rr.role].arn);
        }
        return out;
    }
};

std::vector<std::string> names(const ActEdge& e) {
    std::vector<std::string> out;
    for (const Action* a : e.actions)
        out.push_back(std::string(a->service) + ":" + std::string(a->name));
    return out;
}

std::size_t cat(ReachCategory c) { return static_cast<std::size_t>(c); }

// The fixture with a text replaced, once: the passing or failing counterpart of a case.
std::string with(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(BlastRadius, CategoriesComeFromTheCatalog) {
    const Catalog& c = Catalog::builtin();
    auto of = [&](const char* name) { return category_of(*c.action(name)); };
    EXPECT_EQ(of("s3:GetObject"), ReachCategory::kDataRead);
    EXPECT_EQ(of("secretsmanager:GetSecretValue"), ReachCategory::kDataRead);
    EXPECT_EQ(of("s3:PutObject"), ReachCategory::kDataWrite);
    EXPECT_EQ(of("dynamodb:DeleteItem"), ReachCategory::kDataWrite);
    EXPECT_EQ(of("s3:PutBucketPolicy"), ReachCategory::kResourceExposure);
    EXPECT_EQ(of("kms:CreateGrant"), ReachCategory::kResourceExposure);
    EXPECT_EQ(of("iam:PutRolePolicy"), ReachCategory::kPermissionsManagement);
    EXPECT_EQ(of("iam:PassRole"), ReachCategory::kPermissionsManagement);
    EXPECT_EQ(of("iam:CreateAccessKey"), ReachCategory::kCredentialAccess);
    EXPECT_EQ(of("ec2:RunInstances"), ReachCategory::kInfrastructureWrite);
    EXPECT_EQ(of("lambda:UpdateFunctionCode"), ReachCategory::kInfrastructureWrite);
    // Listing, metadata reads, tagging and role chains are not counted as reach.
    EXPECT_EQ(of("s3:ListBucket"), std::nullopt);
    EXPECT_EQ(of("ec2:DescribeInstances"), std::nullopt);
    EXPECT_EQ(of("s3:PutObjectTagging"), std::nullopt);
    EXPECT_EQ(of("sts:AssumeRole"), std::nullopt);
    EXPECT_EQ(to_string(ReachCategory::kResourceExposure), "resource-exposure");
}

TEST(BlastRadius, RoleChainOfThreeHopsWithAConditionalTrust) {
    Loaded l(fixture());
    std::size_t alice = l.principal(arn("user/dev-alice"));
    auto reached = reachable_roles(l.g, alice);
    ASSERT_EQ(reached.size(), 3u);
    EXPECT_EQ(l.g.principals[reached[0].role].arn, arn("role/deploy-pipeline"));
    EXPECT_EQ(reached[0].hops, 1u);
    EXPECT_FALSE(reached[0].conditional);
    // The release manager trusts the pipeline only from one network: every chain through it
    // hinges on aws:SourceIp.
    EXPECT_EQ(l.g.principals[reached[1].role].arn, arn("role/release-manager"));
    EXPECT_EQ(reached[1].hops, 2u);
    EXPECT_TRUE(reached[1].conditional);
    EXPECT_EQ(reached[1].hinges_on, std::vector<std::string>{"aws:SourceIp"});
    const auto& prod = reached[2];
    EXPECT_EQ(l.g.principals[prod.role].arn, arn("role/prod-data-admin"));
    EXPECT_EQ(prod.hops, 3u);
    EXPECT_TRUE(prod.conditional);
    std::vector<std::string> chain;
    for (auto v : chain_to(reached, alice, prod.role)) chain.push_back(l.g.principals[v].arn);
    EXPECT_EQ(chain,
              (std::vector<std::string>{arn("user/dev-alice"), arn("role/deploy-pipeline"),
                                        arn("role/release-manager"), arn("role/prod-data-admin")}));
    const auto& a = l.g.principals[alice];
    EXPECT_EQ(a.roles_reachable, 3u);
    // Alone she reads one bucket's artifacts; at the end of the chain, customer data too.
    EXPECT_EQ(a.direct[cat(ReachCategory::kDataRead)], 1u);
    EXPECT_EQ(a.total[cat(ReachCategory::kDataRead)], 4u);  // + objects, secret, key
    EXPECT_EQ(a.direct[cat(ReachCategory::kDataWrite)], 0u);
    EXPECT_EQ(a.total[cat(ReachCategory::kDataWrite)], 1u);
    EXPECT_EQ(a.total[cat(ReachCategory::kResourceExposure)], 1u);  // the bucket policy
    EXPECT_EQ(a.total[cat(ReachCategory::kAdmin)], 0u);

    // Her keys: ${aws:username} in the group's policy is her own user.
    const ActEdge* keys = l.act(arn("user/dev-alice"), arn("user/dev-alice"));
    ASSERT_NE(keys, nullptr);
    EXPECT_EQ(keys->categories, category_bit(ReachCategory::kCredentialAccess) |
                                    category_bit(ReachCategory::kPermissionsManagement));
    EXPECT_FALSE(keys->conditional);

    // Through the chain, the customer objects come from the prod role, three hops away.
    auto reach = reach_of(l.g, alice);
    auto it = std::find_if(reach.begin(), reach.end(), [&](const Reach& r) {
        return l.g.resources[r.resource].arn == "arn:aws:s3:::shop-customer-data/*";
    });
    ASSERT_NE(it, reach.end());
    EXPECT_EQ(it->hops, 3u);
    EXPECT_TRUE(it->conditional);
    EXPECT_EQ(l.g.principals[it->chain.back()].arn, arn("role/prod-data-admin"));

    // Without the condition the chain is unconditional.
    Loaded open(with(fixture(),
                     R"("Condition": {
                            "IpAddress": {
                                "aws:SourceIp": "203.0.113.0/24"
                            }
                        })",
                     R"("Condition": {})"));
    auto again = reachable_roles(open.g, open.principal(arn("user/dev-alice")));
    ASSERT_EQ(again.size(), 3u);
    EXPECT_FALSE(again[2].conditional);
}

TEST(BlastRadius, ADenyCutsTheChain) {
    // The production role's trust policy names ci-bot, but ci-bot's own policy denies
    // sts:AssumeRole on role/prod-*: an explicit deny wins over the trust.
    Loaded l(fixture());
    std::size_t ci = l.principal(arn("user/automation/ci-bot"));
    EXPECT_EQ(l.roles_of(arn("user/automation/ci-bot")),
              std::vector<std::string>{arn("role/OrgAdmin")});
    for (auto e : l.g.principals[ci].assumes) {
        EXPECT_NE(l.g.principals[l.g.assumes[e].to].arn, arn("role/prod-data-admin"));
    }
    // It can still become the administrator role, which trusts the account with MFA: admin
    // reach, conditional on aws:MultiFactorAuthPresent.
    const auto& bp = l.g.principals[ci];
    EXPECT_FALSE(bp.admin);
    ASSERT_TRUE(bp.admin_role.has_value());
    EXPECT_EQ(l.g.principals[*bp.admin_role].arn, arn("role/OrgAdmin"));
    EXPECT_EQ(bp.total[cat(ReachCategory::kAdmin)], 1u);
    auto reached = reachable_roles(l.g, ci);
    EXPECT_TRUE(reached[0].conditional);
    EXPECT_EQ(reached[0].hinges_on, std::vector<std::string>{"aws:MultiFactorAuthPresent"});

    // Without the deny, the trust policy lets it straight in.
    Loaded allowed(with(fixture(), R"("Sid": "NeverProduction",
                                "Effect": "Deny")",
                        R"("Sid": "NeverProduction",
                                "Effect": "Allow")"));
    auto roles = allowed.roles_of(arn("user/automation/ci-bot"));
    EXPECT_NE(std::find(roles.begin(), roles.end(), arn("role/prod-data-admin")), roles.end());
}

TEST(BlastRadius, ABoundaryLimitsWhatIsReached) {
    // s3:* and secretsmanager:GetSecretValue on every resource, within a boundary allowing
    // reads of one bucket: the bucket's objects are all it reaches.
    Loaded l(fixture());
    const std::string contractor = arn("user/external/contractor");
    std::size_t c = l.principal(contractor);
    std::vector<std::string> reached;
    for (auto e : l.g.principals[c].acts)
        reached.push_back(l.g.resources[l.g.acts[e].resource].arn);
    EXPECT_EQ(reached, std::vector<std::string>{"arn:aws:s3:::shop-artifacts/*"});
    const ActEdge* e = l.act(contractor, "arn:aws:s3:::shop-artifacts/*");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(names(*e), std::vector<std::string>{"s3:GetObject"});
    EXPECT_EQ(l.g.principals[c].total[cat(ReachCategory::kDataWrite)], 0u);

    // Without the boundary the same policy reaches every bucket and secret.
    Loaded unbounded(with(fixture(), R"("PermissionsBoundary": {
                "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/ContractorBoundary"
            },)",
                          ""));
    const ActEdge* all = unbounded.act(contractor, "*");
    ASSERT_NE(all, nullptr);
    EXPECT_TRUE(all->categories & category_bit(ReachCategory::kDataWrite));
    EXPECT_TRUE(all->categories & category_bit(ReachCategory::kResourceExposure));
    auto n = names(*all);
    EXPECT_NE(std::find(n.begin(), n.end(), "secretsmanager:GetSecretValue"), n.end());
    EXPECT_NE(std::find(n.begin(), n.end(), "s3:DeleteObject"), n.end());
}

TEST(BlastRadius, WhoReachesAConcreteResource) {
    BlastOptions options;
    options.resources = {kCustomerObject};
    Loaded l(fixture(), options);
    auto r = l.resource(kCustomerObject);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(l.g.resources[*r].requested);
    EXPECT_FALSE(l.g.resources[*r].pattern);
    struct Row {
        std::string who;
        std::size_t hops;
        bool conditional;
        std::vector<std::string> chain;
        bool operator==(const Row&) const = default;
    };
    std::vector<Row> rows;
    for (const auto& w : who_reaches(l.g, *r)) {
        Row row{l.g.principals[w.principal].arn, w.hops, w.conditional, {}};
        for (auto v : w.chain) row.chain.push_back(l.g.principals[v].arn);
        rows.push_back(row);
    }
    // Its own policies: the data role (shop-customer-data/*) and the administrator (*). The
    // contractor's s3:* is held back by its boundary.
    std::vector<Row> expected = {
        {arn("role/prod-data-admin"), 0, false, {}},
        {arn("role/OrgAdmin"), 0, false, {}},
        {arn("user/automation/ci-bot"), 1, true, {arn("role/OrgAdmin")}},
        {arn("role/release-manager"), 1, false, {arn("role/prod-data-admin")}},
        {arn("role/deploy-pipeline"),
         2,
         true,
         {arn("role/release-manager"), arn("role/prod-data-admin")}},
        {arn("user/dev-alice"),
         3,
         true,
         {arn("role/deploy-pipeline"), arn("role/release-manager"), arn("role/prod-data-admin")}},
    };
    std::sort(expected.begin(), expected.end(), [&](const Row& a, const Row& b) {
        return a.hops != b.hops ? a.hops < b.hops : l.principal(a.who) < l.principal(b.who);
    });
    EXPECT_EQ(rows, expected);
    // The data role's edge to the object was decided on the object itself.
    const ActEdge* e = l.act(arn("role/prod-data-admin"), kCustomerObject);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(names(*e),
              (std::vector<std::string>{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}));
    EXPECT_EQ(l.g.resources[*r].principals_direct, 2u);
    EXPECT_EQ(l.g.resources[*r].principals_total, 6u);
}

TEST(BlastRadius, ResourcesThePoliciesName) {
    Loaded l(fixture());
    // The customer objects, named by one policy: one principal has them, four reach them.
    auto objects = l.resource("arn:aws:s3:::shop-customer-data/*");
    ASSERT_TRUE(objects.has_value());
    EXPECT_TRUE(l.g.resources[*objects].pattern);
    EXPECT_EQ(l.g.resources[*objects].principals_direct, 1u);
    EXPECT_EQ(l.g.resources[*objects].principals_total, 4u);
    // A role pattern is expanded to the export's roles it matches, decided one by one.
    EXPECT_FALSE(l.resource("arn:aws:iam::111122223333:role/service-role/shop-*").has_value());
    const std::string lambda_role = arn("role/service-role/shop-orders-lambda");
    auto role = l.resource(lambda_role);
    ASSERT_TRUE(role.has_value());
    ASSERT_TRUE(l.g.resources[*role].role.has_value());
    const ActEdge* pass = l.act(arn("role/deploy-pipeline"), lambda_role);
    ASSERT_NE(pass, nullptr);
    EXPECT_EQ(names(*pass), std::vector<std::string>{"iam:PassRole"});
    // iam:PassedToService is not known: the grant hinges on it.
    EXPECT_TRUE(pass->conditional);
    EXPECT_EQ(pass->hinges_on, std::vector<std::string>{"iam:PassedToService"});
    // Actions that cannot act on a statement's resource are left out: the boundary's
    // s3:GetObject on the bucket itself (objects only) gives the contractor no edge to it.
    EXPECT_EQ(l.act(arn("user/external/contractor"), "arn:aws:s3:::shop-artifacts"), nullptr);
    const auto& admin = l.g.principals[l.principal(arn("role/OrgAdmin"))];
    EXPECT_TRUE(admin.admin);
    EXPECT_EQ(admin.total[cat(ReachCategory::kAdmin)], 1u);
    EXPECT_EQ(who_reaches(l.g, l.g.resources.size()).size(), 0u);
    EXPECT_EQ(reach_of(l.g, l.g.principals.size()).size(), 0u);
}

// The totals come from a summary per strongly connected component of the sts:AssumeRole
// graph; walking every chain of every principal must count the same resources, roles and
// principals.
void expect_totals_by_walking(const BlastRadius& g) {
    std::vector<std::size_t> reached_by(g.resources.size(), 0);
    for (std::size_t p = 0; p < g.principals.size(); ++p) {
        const auto& bp = g.principals[p];
        // A resource reached through two roles counts the categories of both.
        std::map<std::size_t, CategoryBits> seen;
        for (auto e : bp.acts) seen[g.acts[e].resource] |= g.acts[e].categories;
        auto roles = reachable_roles(g, p);
        for (const auto& rr : roles) {
            for (auto e : g.principals[rr.role].acts) {
                seen[g.acts[e].resource] |= g.acts[e].categories;
            }
        }
        std::array<std::size_t, kReachCategories> total{};
        for (const auto& [r, bits] : seen) {
            ++reached_by[r];
            for (std::size_t c = 1; c < kReachCategories; ++c) total[c] += (bits >> c) & 1u;
        }
        for (std::size_t c = 1; c < kReachCategories; ++c) {
            EXPECT_EQ(bp.total[c], total[c]) << bp.arn << " " << c;
        }
        EXPECT_EQ(bp.roles_reachable, roles.size()) << bp.arn;
        EXPECT_EQ(reach_of(g, p).size(), seen.size()) << bp.arn;
        EXPECT_LE(bp.top.size(), kTopResources);
    }
    for (std::size_t r = 0; r < g.resources.size(); ++r) {
        EXPECT_EQ(g.resources[r].principals_total, reached_by[r]) << g.resources[r].arn;
        EXPECT_EQ(g.resources[r].principals_total, who_reaches(g, r).size());
    }
}

TEST(BlastRadius, TotalsAgreeWithWalkingEveryChain) {
    BlastOptions options;
    options.resources = {kCustomerObject};
    Loaded l(fixture(), options);
    expect_totals_by_walking(l.g);

    // Three roles that can become each other (each trusts the one before it), and a user
    // ring-0 trusts too: every one of them reaches what all three reach.
    auto ring = [](int k, const std::string& trusted) {
        std::string name = "ring-" + std::to_string(k);
        return R"({"RoleName": ")" + name + R"(", "RoleId": "AROARING)" + std::to_string(k) +
               R"(", "Path": "/", "Arn": ")" + arn("role/" + name) +
               R"(", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                   {"Effect": "Allow", "Principal": {"AWS": [)" +
               trusted + R"(]}, "Action": "sts:AssumeRole"}]},
               "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
                   "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
                   {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ring-)" +
               std::to_string(k) + R"(/*"}]}}]})";
    };
    auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
    std::string ring_export =
        R"({"UserDetailList": [{"UserName": "u", "UserId": "AIDAU", "Path": "/", "Arn": ")" +
        arn("user/u") + R"(", "GroupList": [], "UserPolicyList": [{"PolicyName": "p",
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": "sts:AssumeRole", "Resource": ")" +
        arn("role/ring-0") + R"("}]}}]}], "RoleDetailList": [)" +
        ring(0, quoted(arn("role/ring-2")) + "," + quoted(arn("user/u"))) + "," +
        ring(1, quoted(arn("role/ring-0"))) + "," + ring(2, quoted(arn("role/ring-1"))) + "]}";
    Loaded cyclic(ring_export);
    expect_totals_by_walking(cyclic.g);
    // With no memory for summaries, the same totals by walking.
    BlastOptions frugal;
    frugal.summary_bytes = 0;
    expect_totals_by_walking(Loaded(ring_export, frugal).g);
    expect_totals_by_walking(Loaded(fixture(), frugal).g);
    const auto& u = cyclic.g.principals[cyclic.principal(arn("user/u"))];
    EXPECT_EQ(u.roles_reachable, 3u);
    EXPECT_EQ(u.total[cat(ReachCategory::kDataRead)], 3u);
    EXPECT_EQ(cyclic.g.principals[cyclic.principal(arn("role/ring-1"))].roles_reachable, 2u);

    // Chains searched backwards from a role give the same hops as forwards.
    std::size_t alice = l.principal(arn("user/dev-alice"));
    std::size_t prod = l.principal(arn("role/prod-data-admin"));
    auto chains = chains_to(l.g, prod);
    EXPECT_EQ(chains.hops[alice], 3u);
    Reach r = reach_by(l.g, chains, alice, l.g.principals[prod].acts.front());
    EXPECT_EQ(r.hops, 3u);
    EXPECT_TRUE(r.conditional);
    EXPECT_EQ(r.chain.back(), prod);
    // A search stopped early keeps whole hops.
    EXPECT_EQ(reachable_roles(l.g, alice, 1).size(), 1u);
    EXPECT_EQ(reachable_roles(l.g, alice, 2).size(), 2u);
}

TEST(BlastRadius, OneThreadOrSeveralGiveTheSameGraph) {
    BlastOptions one;
    one.paths.threads = 1;
    one.resources = {kCustomerObject};
    BlastOptions two = one;
    two.paths.threads = 2;
    Loaded a(fixture(), one), b(fixture(), two);
    ASSERT_EQ(a.g.acts.size(), b.g.acts.size());
    for (std::size_t i = 0; i < a.g.acts.size(); ++i) {
        EXPECT_EQ(a.g.acts[i].principal, b.g.acts[i].principal);
        EXPECT_EQ(a.g.acts[i].resource, b.g.acts[i].resource);
        EXPECT_EQ(a.g.acts[i].actions, b.g.acts[i].actions);
    }
    ASSERT_EQ(a.g.assumes.size(), b.g.assumes.size());
    EXPECT_EQ(a.g.evaluations, b.g.evaluations);
}

}  // namespace
}  // namespace wasp::iam
