#include "iam/analyze.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>

#include "core/file.h"
#include "iam/external_access.h"
#include "iam/least_privilege.h"
#include "iam/org_analyze.h"
#include "iam/organization.h"
#include "iam/paths.h"
#include "iam/text.h"
#include "iam/unused_access.h"

namespace wasp::iam {

using core::Outcome;
using core::Severity;

namespace {

constexpr const char* kSource = "src/iam/analyze.cpp";

core::RuleInfo rule(std::string id,
                    std::string title,
                    Severity severity,
                    std::vector<std::string> bps,
                    std::vector<std::string> kinds,
                    std::string description,
                    std::string remediation,
                    std::vector<std::string> references) {
    return core::RuleInfo{std::move(id),          std::move(title),      severity,
                          std::move(bps),         std::move(kinds),      std::move(description),
                          std::move(remediation), std::move(references), kSource};
}

const std::vector<core::RuleInfo>& all_rules() {
    static const std::vector<core::RuleInfo> rules{
        rule("WASP-IAM-101", "Only break-glass principals have administrator access",
             Severity::kHigh, {"SEC03-BP02", "SEC03-BP03"}, {"aws.iam.user", "aws.iam.role"},
             "A principal whose policies allow every action on every resource (checked with the "
             "policy evaluation engine, boundaries and denies included) turns any leak of its "
             "credentials into a full account compromise. Administrator access belongs to a few "
             "emergency roles guarded by MFA and monitoring, not to workloads or everyday users.",
             "Replace AdministratorAccess (or Action \"*\") with the actions the principal uses; "
             "keep one or two break-glass roles that require MFA, alarm on their use, and "
             "suppress this finding for them with a reason.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "best-practices.html#grant-least-privilege"}),
        rule("WASP-IAM-102", "Policies name actions instead of service wildcards or NotAction",
             Severity::kMedium, {"SEC03-BP02"}, {"aws.iam.policy"},
             "\"service:*\" grants every action of the service, including those AWS adds later "
             "and the destructive ones; Allow with NotAction grants everything not listed. "
             "Both make the grant wider than anyone reviewed.",
             "List the actions the principals use (IAM Access Analyzer policy generation or "
             "service last-accessed data shows them) and replace the wildcard.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "access_policies_access-advisor.html"}),
        rule("WASP-IAM-103", "Policies do not grant credential-returning actions on every resource",
             Severity::kHigh, {"SEC03-BP02", "SEC02-BP02"}, {"aws.iam.policy"},
             "Actions such as iam:CreateAccessKey, iam:CreateLoginProfile or "
             "redshift:GetClusterCredentials hand out credentials of other principals or "
             "databases; on every resource they let the holder become someone else.",
             "Grant them only on the users, clusters or resources that need them, with "
             "conditions (aws:username in the ARN for self-service key rotation).",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"}),
        rule("WASP-IAM-104",
             "Policies do not grant permissions-management actions on every resource",
             Severity::kHigh, {"SEC03-BP02", "SEC03-BP07"}, {"aws.iam.policy"},
             "Permissions-management actions (bucket and key policies, ACLs, sharing, IAM "
             "policies) change who can reach a resource; on every resource they let the holder "
             "expose any data or escalate privileges.",
             "Name the resources these actions may change, or move the changes to a deployment "
             "role used only by the pipeline.",
             {"https://docs.aws.amazon.com/service-authorization/latest/reference/"
              "reference_policies_actions-resources-contextkeys.html"}),
        rule("WASP-IAM-105", "Policies do not grant data-reading actions on every resource",
             Severity::kMedium, {"SEC03-BP02"}, {"aws.iam.policy"},
             "Reading objects, items, secrets or messages on every resource lets a leaked "
             "credential exfiltrate all the account's data, not just the workload's.",
             "Name the buckets, tables, secrets and keys the principal reads.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "best-practices.html#grant-least-privilege"}),
        rule("WASP-IAM-106",
             "Role trust policies trust named principals, and other accounts only "
             "with a condition",
             Severity::kHigh, {"SEC03-BP07", "SEC03-BP09"}, {"aws.iam.role"},
             "A role that trusts \"*\" can be assumed by anyone who finds its ARN; a role trusting "
             "a whole foreign account without sts:ExternalId, aws:PrincipalOrgID or a principal "
             "condition can be assumed by any principal of that account, including a confused "
             "deputy acting for someone else.",
             "Trust the specific role ARN, and require sts:ExternalId for third parties or "
             "aws:PrincipalOrgID for accounts of your organization.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"}),
        rule("WASP-IAM-107", "The root user has no access keys", Severity::kCritical,
             {"SEC01-BP02"}, {"aws.iam.root"},
             "Root access keys cannot be limited by IAM policies or SCPs in the management "
             "account; a leaked key is the whole account.",
             "Delete the root user's access keys; use IAM roles for every automated task.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html"}),
        rule("WASP-IAM-108", "The root user is protected with MFA and not used", Severity::kHigh,
             {"SEC01-BP02"}, {"aws.iam.root"},
             "The root user should sign in only for the few tasks that need it; without MFA, or "
             "used in the last 90 days, it is part of everyday operations.",
             "Enable MFA on the root user (a hardware key), store its credentials for "
             "emergencies, and alarm on its use.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html"}),
        rule("WASP-IAM-109", "Console users sign in with MFA", Severity::kHigh, {"SEC02-BP01"},
             {"aws.iam.user"},
             "A console password without MFA is one phished or reused password away from the "
             "account.",
             "Enable MFA for every user with a console password, and deny actions without "
             "aws:MultiFactorAuthPresent; better, move people to IAM Identity Center.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html"}),
        rule("WASP-IAM-110", "Active access keys are rotated within 90 days", Severity::kMedium,
             {"SEC02-BP05"}, {"aws.iam.user"},
             "Long-lived access keys leak through laptops, repositories and logs; the older a key, "
             "the more places it has been.",
             "Rotate keys older than 90 days, or replace them with roles (IAM Roles Anywhere, "
             "OIDC federation from CI) so no long-lived key is needed.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "id_credentials_access-keys.html#rotating_access_keys_console"}),
        rule("WASP-IAM-111", "Access keys unused for 90 days are removed", Severity::kMedium,
             {"SEC02-BP05", "SEC03-BP06"}, {"aws.iam.user"},
             "An active key nobody uses is access nobody needs, and its leak would go unnoticed.",
             "Deactivate, then delete, access keys not used in 90 days.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "id_credentials_finding-unused.html"}),
        rule("WASP-IAM-112", "Users inactive for 90 days are removed", Severity::kMedium,
             {"SEC03-BP06"}, {"aws.iam.user"},
             "A user who has neither signed in nor used a key for 90 days has most likely left or "
             "changed role; their access should have gone with them.",
             "Remove the user's password and keys (and the user) after confirming with the owner; "
             "automate leaver processes from the identity provider.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "id_credentials_finding-unused.html"}),
        rule("WASP-IAM-113", "Roles unused for 90 days are removed", Severity::kLow, {"SEC03-BP04"},
             {"aws.iam.role"},
             "A role nobody assumed for 90 days keeps its permissions and its trust for no one's "
             "benefit.",
             "Delete roles not used in 90 days (role last used data), or document why they stay.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html"}),
        rule("WASP-IAM-115", "No user or role has a proven path to administrator", Severity::kHigh,
             {"SEC03-BP02", "SEC03-BP05"}, {"aws.iam.user", "aws.iam.role"},
             "A principal that can change its own permissions, create credentials for another "
             "principal, assume a more privileged role, or pass such a role to a service it "
             "controls is an administrator in all but name. Each step of the path is decided by "
             "the policy evaluation engine on the account's own principals (denies, conditions "
             "and boundaries included), from the escalation techniques catalogued by "
             "pathfinding.cloud and Rhino Security Labs.",
             "Break the path at its weakest step: scope iam:PassRole to the roles the service "
             "needs (with iam:PassedToService), remove iam:Put*Policy / iam:Attach*Policy / "
             "iam:CreateAccessKey on other principals, and trust roles only from principals that "
             "should assume them.",
             {"https://pathfinding.cloud",
              "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"}),
        rule("WASP-IAM-114", "People sign in through an identity provider, not as IAM users",
             Severity::kMedium, {"SEC02-BP04"}, {"aws.iam.user"},
             "IAM users with console passwords are identities managed outside the central "
             "identity provider: joiners and leavers, MFA and password policy are handled twice, "
             "or not at all.",
             "Federate console access through IAM Identity Center or a SAML/OIDC provider and "
             "remove IAM users' passwords.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html"}),
    };
    return rules;
}

const core::RuleInfo& info(std::string_view id) {
    for (const auto& r : all_rules()) {
        if (r.id == id) return r;
    }
    for (const auto& r : organization_rules()) {
        if (r.id == id) return r;
    }
    for (const auto& r : unused_access_rules()) {
        if (r.id == id) return r;
    }
    for (const auto& r : external_access_rules()) {
        if (r.id == id) return r;
    }
    return all_rules().front();
}

std::int64_t days(std::int64_t seconds) { return seconds / 86400; }

class Analyzer {
  public:
    explicit Analyzer(const AnalysisInput& in)
        : in_(in), catalog_(in.catalog ? *in.catalog : Catalog::builtin()) {}

    Analysis run() {
        if (in_.accounts) {
            principals();
            policies();
            trust();
            unused_roles();
            escalation();
        }
        for (const auto& [file, report] : in_.reports) credentials(file, *report);
        if (in_.organization) organization();
        if (!in_.last_accessed.empty()) unused_access();
        if (in_.resource_policies || in_.accounts) external_access_checks();
        // Rules in id order, only those that checked something.
        for (const auto& r : all_rules()) {
            if (used_.contains(r.id)) out_.rules.push_back(r);
        }
        for (const auto& r : organization_rules()) {
            if (used_.contains(r.id)) out_.rules.push_back(r);
        }
        for (const auto& r : unused_access_rules()) {
            if (used_.contains(r.id)) out_.rules.push_back(r);
        }
        for (const auto& r : external_access_rules()) {
            if (used_.contains(r.id)) out_.rules.push_back(r);
        }
        return std::move(out_);
    }

  private:
    std::string file_of(std::string_view account) const {
        for (const auto& [a, f] : in_.account_files) {
            if (a == account) return f;
        }
        return in_.account_files.empty() ? std::string() : in_.account_files.front().second;
    }

    std::size_t resource(std::string kind,
                         std::string native,
                         std::string id,
                         std::string file,
                         std::uint32_t line = 0) {
        auto key = kind + "|" + id;
        if (auto it = index_.find(key); it != index_.end()) return it->second;
        core::Resource r;
        r.kind = std::move(kind);
        r.native_type = std::move(native);
        r.id = std::move(id);
        r.location = core::SourceLocation{std::move(file), core::Mark{line, line ? 1u : 0u}, {}};
        out_.resources.push_back(std::move(r));
        index_[key] = out_.resources.size() - 1;
        return out_.resources.size() - 1;
    }

    void check(std::string_view rule_id, std::size_t res, bool pass, std::string detail) {
        const core::RuleInfo& r = info(rule_id);
        used_.insert(r.id);
        const core::Resource& resource = out_.resources[res];
        core::CheckResult c;
        c.rule_id = r.id;
        c.resource = res;
        c.outcome = pass ? Outcome::kPass : Outcome::kFail;
        c.detail = detail;
        c.location = resource.location;
        if (!pass) {
            core::Finding f;
            f.rule_id = r.id;
            f.severity = r.severity;
            f.resource = res;
            f.message = std::move(detail);
            f.location = resource.location;
            f.fingerprint =
                core::sha256_hex(r.id + "|" + resource.location.file + "|" + resource.id)
                    .substr(0, 32);
            out_.findings.push_back(std::move(f));
        }
        out_.checks.push_back(std::move(c));
    }

    // Administrators, decided by the engine: every probe allowed without a condition. With an
    // organization, under the principal's SCPs and its account's RCPs (the probes' resources are
    // in its account); `rcp` says which probe the RCPs alone deny when they are all that keeps it
    // from being an administrator.
    void principals() {
        const Accounts& a = *in_.accounts;
        const OrgRequests org(in_.organization);
        auto admin = [&](PrincipalLayers& pl, std::string& how, std::string& rcp) {
            if (!pl.principal.service_linked_role) {
                pl.layers.rcp_levels =
                    org.rcp_levels(pl.principal.account.empty() ? arn_account(pl.principal.arn)
                                                                : pl.principal.account);
            }
            static const std::pair<const char*, const char*> kProbes[] = {
                {"iam:CreateUser", "*"},
                {"iam:AttachRolePolicy", "*"},
                {"ec2:RunInstances", "*"},
                {"s3:GetObject", "arn:aws:s3:::wasp-probe-bucket/object"},
                {"kms:Decrypt", "*"},
            };
            auto possibly = [](const Result& res) {
                return res.decision == Decision::kAllowed ||
                       std::find(res.possible.begin(), res.possible.end(), Decision::kAllowed) !=
                           res.possible.end();
            };
            bool conditional = false;
            for (const auto& [action, res] : kProbes) {
                Request r;
                r.principal = pl.principal;
                r.action = action;
                r.resource = res;
                r.open_context = true;
                r.set_context("aws:PrincipalIsAWSService", {"false"});
                org.settle(r);
                Result result = evaluate(r, pl.layers);
                if (!possibly(result)) {
                    Layers without = pl.layers;
                    without.rcp_levels.clear();
                    if (pl.layers.rcp_levels.empty() || !possibly(evaluate(r, without))) {
                        rcp.clear();
                        return false;
                    }
                    if (rcp.empty())
                        rcp = std::string(action) + " on " + res + ": " + result.reason;
                    continue;
                }
                conditional = conditional || result.conditional;
            }
            if (!rcp.empty()) return false;
            how = conditional ? "allowed administrator actions when its policies' conditions hold"
                              : "allowed administrator actions (iam:CreateUser, "
                                "iam:AttachRolePolicy, ec2:RunInstances, s3:GetObject, "
                                "kms:Decrypt on every resource)";
            return true;
        };
        for (std::size_t i = 0; i < a.users.size(); ++i) {
            const User& u = a.users[i];
            core::Diagnostics ignored;
            auto pl =
                layers_for(a, PrincipalRef{PrincipalKind::kUser, i}, ignored, {}, in_.organization);
            std::size_t res = resource("aws.iam.user", "IAM user", u.arn, file_of(u.account));
            std::string how, rcp;
            bool is_admin = admin(pl, how, rcp);
            check("WASP-IAM-101", res, !is_admin,
                  is_admin ? u.name + " is " + how : not_admin(rcp));
        }
        for (std::size_t i = 0; i < a.roles.size(); ++i) {
            const Role& r = a.roles[i];
            core::Diagnostics ignored;
            auto pl =
                layers_for(a, PrincipalRef{PrincipalKind::kRole, i}, ignored, {}, in_.organization);
            // Service-linked roles are AWS's, with AWS managed policies; they are not a choice.
            if (r.path.starts_with("/aws-service-role/")) continue;
            std::size_t res = resource("aws.iam.role", "IAM role", r.arn, file_of(r.account));
            std::string how, rcp;
            bool is_admin = admin(pl, how, rcp);
            check("WASP-IAM-101", res, !is_admin,
                  is_admin ? r.name + " is " + how : not_admin(rcp));
        }
    }

    static std::string not_admin(const std::string& rcp) {
        if (rcp.empty()) return "not an administrator";
        return "not an administrator, only because the organization's resource control policies "
               "deny it " +
               rcp;
    }

    void policy(const Policy& p,
                const std::string& id,
                const std::string& account,
                const std::string& attached_to) {
        std::size_t res = resource("aws.iam.policy", "IAM policy", id, file_of(account));
        std::vector<std::string> wild, creds, perms, reads;
        for (const auto& f : least_privilege(p, catalog_)) {
            std::string where = "statement " + (p.statements.size() > f.statement &&
                                                        !p.statements[f.statement].sid.empty()
                                                    ? "\"" + p.statements[f.statement].sid + "\""
                                                    : "#" + std::to_string(f.statement));
            std::string list;
            for (const auto& a : f.actions) list += (list.empty() ? "" : ", ") + a;
            if (f.action_count > f.actions.size()) {
                list += " and " + std::to_string(f.action_count - f.actions.size()) + " more";
            }
            switch (f.risk) {
                case Risk::kServiceWildcard:
                case Risk::kNotAction:
                    wild.push_back(where + ": " + f.message);
                    break;
                case Risk::kCredentialsExposure:
                    creds.push_back(where + ": " + list);
                    break;
                case Risk::kResourceExposure:
                    perms.push_back(where + ": " + list);
                    break;
                case Risk::kDataExfiltration:
                    reads.push_back(where + ": " + list);
                    break;
                default:
                    break;
            }
        }
        auto join = [&](const std::vector<std::string>& v, const char* ok) {
            if (v.empty()) return std::string(ok);
            std::string s;
            for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
            return s + (attached_to.empty() ? "" : " (attached to " + attached_to + ")");
        };
        check("WASP-IAM-102", res, wild.empty(),
              join(wild, "no service-wide wildcard or NotAction"));
        check("WASP-IAM-103", res, creds.empty(),
              join(creds, "no credential-returning action on every resource"));
        check("WASP-IAM-104", res, perms.empty(),
              join(perms, "no permissions-management action on every resource"));
        check("WASP-IAM-105", res, reads.empty(),
              join(reads, "no data-reading action on every resource"));
    }

    void policies() {
        const Accounts& a = *in_.accounts;
        // Who each managed policy is attached to, for the findings.
        std::map<std::string, std::string> holders;
        auto hold = [&](const std::vector<std::string>& attached, const std::string& who) {
            for (const auto& arn : attached) {
                auto& h = holders[arn];
                h += (h.empty() ? "" : ", ") + who;
            }
        };
        for (const auto& u : a.users) hold(u.attached, "user/" + u.name);
        for (const auto& g : a.groups) hold(g.attached, "group/" + g.name);
        for (const auto& r : a.roles) hold(r.attached, "role/" + r.name);
        for (const auto& p : a.policies) {
            // AWS managed policies are AWS's to scope; what matters is who holds them, which
            // the administrator check covers. Customer managed ones are the team's.
            if (p.account == "aws" || !p.document) continue;
            policy(*p.document, p.arn, p.account, holders[p.arn]);
        }
        auto inline_of = [&](const std::vector<InlinePolicy>& list, const std::string& owner_arn,
                             const std::string& account, const std::string& who) {
            for (const auto& ip : list) {
                if (ip.policy) policy(*ip.policy, owner_arn + "#" + ip.name, account, who);
            }
        };
        for (const auto& u : a.users)
            inline_of(u.inline_policies, u.arn, u.account, "user/" + u.name);
        for (const auto& g : a.groups) {
            inline_of(g.inline_policies, g.arn, g.account, "group/" + g.name);
        }
        for (const auto& r : a.roles)
            inline_of(r.inline_policies, r.arn, r.account, "role/" + r.name);
    }

    static bool has_condition_on(const Statement& s, std::initializer_list<std::string_view> keys) {
        return std::any_of(s.conditions.begin(), s.conditions.end(), [&](const Condition& c) {
            return std::any_of(keys.begin(), keys.end(),
                               [&](std::string_view k) { return text::iequals(c.key, k); });
        });
    }

    void trust() {
        const Accounts& a = *in_.accounts;
        for (const auto& r : a.roles) {
            if (!r.trust_policy || r.path.starts_with("/aws-service-role/")) continue;
            std::size_t res = resource("aws.iam.role", "IAM role", r.arn, file_of(r.account));
            std::vector<std::string> problems;
            for (const auto& s : r.trust_policy->statements) {
                if (s.effect != Effect::kAllow) continue;
                bool guarded =
                    has_condition_on(s, {"sts:ExternalId", "aws:PrincipalOrgID",
                                         "aws:PrincipalOrgPaths", "aws:PrincipalArn",
                                         "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"});
                for (const auto& p : s.principals) {
                    if (p.type == "*" || (p.type == "AWS" && p.value == "*")) {
                        if (!guarded || s.not_principal)
                            problems.push_back("trusts any principal (\"*\")");
                        continue;
                    }
                    if (p.type != "AWS") continue;
                    std::string_view account =
                        p.value.size() == 12 ? std::string_view(p.value) : arn_account(p.value);
                    bool whole_account = p.value.size() == 12 || p.value.ends_with(":root");
                    if (!account.empty() && account != r.account && whole_account && !guarded) {
                        problems.push_back("trusts every principal of account " +
                                           std::string(account) +
                                           " without sts:ExternalId or an organization condition");
                    }
                }
            }
            std::string detail;
            for (const auto& p : problems) detail += (detail.empty() ? "" : "; ") + p;
            check("WASP-IAM-106", res, problems.empty(),
                  problems.empty() ? "trusts named principals, or other accounts with a condition"
                                   : r.name + " " + detail);
        }
    }

    // Public and cross-account access through resource and trust policies (external_access.h).
    void external_access_checks() {
        ExternalAccess ea = external_access(in_);
        for (auto& c : access_checks(ea)) {
            const AnalysedPolicy& p = ea.policies[c.policy];
            std::size_t res = resource(resource_kind(p), resource_type_name(p), p.arn,
                                       p.location.file, p.location.mark.line);
            check(c.rule_id, res, c.pass, std::move(c.detail));
            if (!c.pass) out_.findings.back().severity = c.severity;
        }
    }

    // The organization's guardrails, each account a resource (org_analyze.h).
    void organization() {
        for (auto& c : analyze_organization(*in_.organization)) {
            std::size_t res = resource("aws.organizations.account", "AWS account", c.resource_id,
                                       c.location.file, c.location.mark.line);
            check(c.rule_id, res, c.pass, std::move(c.detail));
        }
    }

    // Shortest proven paths to admin, from the escalation graph (paths.h).
    void escalation() {
        const Accounts& a = *in_.accounts;
        PathOptions options;
        options.organization = in_.organization;
        PathGraph g = escalation_graph(a, options, out_.diagnostics);
        auto label = [&](std::size_t node) {
            const PathNode& n = g.nodes[node];
            if (node == g.admin_node) return std::string("admin");
            std::string_view arn = n.arn;
            auto slash = arn.find(':', 13);  // after "arn:aws:iam::"
            return std::string(slash == std::string_view::npos ? arn
                                                               : arn.substr(arn.rfind(':') + 1));
        };
        for (const auto& p : g.principals) {
            const PathNode& n = g.nodes[p.node];
            if (n.admin || p.node == g.admin_node) continue;
            if (n.kind == PrincipalKind::kRole &&
                a.roles[n.index].path.starts_with("/aws-service-role/")) {
                continue;
            }
            std::string account = std::string(arn_account(n.arn));
            std::size_t res = resource(
                n.kind == PrincipalKind::kUser ? "aws.iam.user" : "aws.iam.role",
                n.kind == PrincipalKind::kUser ? "IAM user" : "IAM role", n.arn, file_of(account));
            if (p.proven.empty()) {
                check("WASP-IAM-115", res, true,
                      "no proven path to administrator" + rcp_cuts(g, p.node));
                continue;
            }
            std::string steps = label(p.node);
            for (std::size_t e : p.proven) {
                const PathEdge& edge = g.edges[e];
                steps += " -[" + edge.technique;
                if (!edge.requests.empty()) steps += " " + edge.requests.front().action;
                steps += "]-> " + label(edge.to);
            }
            if (std::size_t last = g.edges[p.proven.back()].to; last != g.admin_node) {
                steps += ", an administrator";
            }
            if (p.proven_conditional) steps += " (some step holds only under its conditions)";
            check("WASP-IAM-115", res, false, steps);
        }
    }

    // The steps resource control policies alone deny the principal, for the explanation.
    static std::string rcp_cuts(const PathGraph& g, std::size_t node) {
        std::vector<const RcpDenial*> cuts;
        for (const auto& d : g.rcp_denials) {
            if (d.principal == node) cuts.push_back(&d);
        }
        if (cuts.empty()) return {};
        std::string s = "; the organization's resource control policies deny it " +
                        std::to_string(cuts.size()) + (cuts.size() == 1 ? " step" : " steps");
        for (std::size_t i = 0; i < cuts.size() && i < 3; ++i) {
            s += (i ? "; " : ": ") + cuts[i]->action + " on " + cuts[i]->resource + " (" +
                 cuts[i]->reason + ")";
        }
        if (cuts.size() > 3) s += "; and " + std::to_string(cuts.size() - 3) + " more";
        return s;
    }

    static std::optional<std::int64_t> date_of(std::string text) {
        // Exports write "2019-08-16 17:27:59+00:00"; the reader of ISO 8601 wants the 'T'.
        if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
        return parse_iso8601(text);
    }

    void unused_roles() {
        const Accounts& a = *in_.accounts;
        for (const auto& r : a.roles) {
            if (r.path.starts_with("/aws-service-role/")) continue;
            auto created = date_of(r.create_date);
            if (!created || days(in_.now - *created) < kStaleDays) continue;  // too new to tell
            std::size_t res = resource("aws.iam.role", "IAM role", r.arn, file_of(r.account));
            auto used = date_of(r.last_used_date);
            bool stale = !used || days(in_.now - *used) >= kStaleDays;
            check("WASP-IAM-113", res, !stale,
                  stale ? r.name + (used ? " last used " + std::to_string(days(in_.now - *used)) +
                                               " days ago"
                                         : std::string(" has no record of being used"))
                        : "used in the last " + std::to_string(kStaleDays) + " days");
        }
    }

    // Unused services and actions, from last-accessed reports (unused_access.h).
    void unused_access() {
        UnusedAccessOptions options{in_.now, kStaleDays, &catalog_, in_.organization};
        for (const auto& u :
             find_unused_access(in_.last_accessed, in_.accounts, options, out_.diagnostics)) {
            std::string kind(to_string(u.kind));
            std::size_t res =
                resource("aws.iam." + kind, "IAM " + kind, u.arn, u.file, u.mark.line);
            for (const auto& c : u.checks) check(c.rule_id, res, c.pass, c.detail);
        }
    }

    void credentials(const std::string& file, const CredentialReport& report) {
        for (const auto& rec : report.records) {
            if (rec.root) {
                std::size_t res = resource("aws.iam.root", "root user", rec.arn, file, rec.line);
                bool keys = rec.access_keys[0].active || rec.access_keys[1].active;
                check(
                    "WASP-IAM-107", res, !keys,
                    keys ? "the root user has an active access key" : "no active root access key");
                bool recent =
                    rec.password_last_used && days(in_.now - *rec.password_last_used) < kStaleDays;
                std::string why;
                if (!rec.mfa_active) why = "has no MFA";
                if (recent) {
                    why += std::string(why.empty() ? "" : " and ") + "signed in " +
                           std::to_string(days(in_.now - *rec.password_last_used)) + " days ago";
                }
                check(
                    "WASP-IAM-108", res, why.empty(),
                    why.empty() ? "MFA on, not used in the last 90 days" : "the root user " + why);
                continue;
            }
            std::size_t res = resource("aws.iam.user", "IAM user", rec.arn, file, rec.line);
            bool console = rec.password_enabled == Flag::kTrue;
            if (console) {
                check("WASP-IAM-109", res, rec.mfa_active,
                      rec.mfa_active ? "console password with MFA"
                                     : rec.user + " has a console password and no MFA");
            }
            check("WASP-IAM-114", res, !console,
                  console ? rec.user + " signs in to the console as an IAM user"
                          : "no console password");
            std::vector<std::string> old, unused;
            for (int k = 0; k < 2; ++k) {
                const auto& key = rec.access_keys[k];
                if (!key.active) continue;
                std::string name = "access key " + std::to_string(k + 1);
                if (key.last_rotated && days(in_.now - *key.last_rotated) >= kStaleDays) {
                    old.push_back(name + " is " +
                                  std::to_string(days(in_.now - *key.last_rotated)) + " days old");
                }
                std::optional<std::int64_t> since =
                    key.last_used ? key.last_used : key.last_rotated;
                if (since && days(in_.now - *since) >= kStaleDays) {
                    unused.push_back(
                        name + (key.last_used ? " was last used " : " was never used, created ") +
                        std::to_string(days(in_.now - *since)) + " days ago");
                }
            }
            bool any_key = rec.access_keys[0].active || rec.access_keys[1].active;
            if (any_key) {
                check(
                    "WASP-IAM-110", res, old.empty(),
                    old.empty() ? "active keys rotated in the last 90 days" : join(rec.user, old));
                check("WASP-IAM-111", res, unused.empty(),
                      unused.empty() ? "active keys used in the last 90 days"
                                     : join(rec.user, unused));
            }
            // Inactive: no password use and no key use in 90 days, for a user older than that.
            if (rec.user_creation_time && days(in_.now - *rec.user_creation_time) >= kStaleDays) {
                std::optional<std::int64_t> last;
                auto later = [&](std::optional<std::int64_t> t) {
                    if (t && (!last || *t > *last)) last = t;
                };
                later(rec.password_last_used);
                later(rec.access_keys[0].last_used);
                later(rec.access_keys[1].last_used);
                bool inactive = !last || days(in_.now - *last) >= kStaleDays;
                check("WASP-IAM-112", res, !inactive,
                      inactive ? rec.user +
                                     (last ? " was last active " +
                                                 std::to_string(days(in_.now - *last)) + " days ago"
                                           : std::string(" has never signed in or used a key"))
                               : "active in the last 90 days");
            }
        }
    }

    static std::string join(const std::string& user, const std::vector<std::string>& parts) {
        std::string s = user + ": ";
        for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
        return s;
    }

    const AnalysisInput& in_;
    const Catalog& catalog_;
    Analysis out_;
    std::map<std::string, std::size_t> index_;
    std::set<std::string> used_;
};

}  // namespace

const std::vector<core::RuleInfo>& analysis_rules() {
    static const std::vector<core::RuleInfo> rules = [] {
        std::vector<core::RuleInfo> v = all_rules();
        v.insert(v.end(), organization_rules().begin(), organization_rules().end());
        v.insert(v.end(), unused_access_rules().begin(), unused_access_rules().end());
        v.insert(v.end(), external_access_rules().begin(), external_access_rules().end());
        return v;
    }();
    return rules;
}

Analysis analyze(const AnalysisInput& input) { return Analyzer(input).run(); }

}  // namespace wasp::iam
