// Definitions of iam/external_access.h.
//
// Each policy is probed with requests: for every action its Allow statements can grant (of the
// resource's service, from the action catalog), on the resource and on the sub-resources its
// Resource elements name (a bucket's objects), by every accessor. A request is first evaluated
// with an open context (every key not settled by the accessor unknown). When Allowed is possible,
// the keys that decide who is calling are given values from outside the zone of trust: each
// value the policy names that is not trusted, a fresh one, and absent; the access is external
// when one combination still allows it. The same with the network keys as well decides whether
// anonymous access or access by any account is public.
#include "iam/external_access.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <arpa/inet.h>

#include "iam/eval.h"
#include "iam/export_read.h"
#include "iam/organization.h"
#include "iam/text.h"

namespace wasp::iam {

using export_read::arn_field;
using export_read::is_account_id;

using core::Severity;

namespace {

constexpr const char* kSource = "src/iam/external_access.cpp";

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

const std::vector<std::string>& resource_kinds() {
    static const std::vector<std::string> kinds{"aws.s3.bucket",       "aws.kms.key",
                                                "aws.sqs.queue",       "aws.sns.topic",
                                                "aws.lambda.function", "aws.secretsmanager.secret",
                                                "aws.ecr.repository"};
    return kinds;
}

const std::vector<core::RuleInfo>& rules() {
    static const std::vector<core::RuleInfo> all{
        rule("WASP-IAM-120", "No resource policy grants public access", Severity::kCritical,
             {"SEC03-BP07"}, resource_kinds(),
             "A bucket, key, queue, topic, function, secret or repository policy that allows "
             "anonymous callers, or principals of any AWS account, with no condition on who they "
             "are or where they call from, opens the resource to the internet. Decided with the "
             "policy evaluation engine, denies and conditions included; critical when the public "
             "can write or change permissions, high when it can read, list or tag.",
             "Name the principals that need access instead of \"*\", or add a condition that "
             "restricts callers to your organization (aws:PrincipalOrgID) or your network "
             "(aws:SourceVpce); keep S3 Block Public Access on.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html",
              "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-"
              "access.html"}),
        rule("WASP-IAM-121",
             "Resource policies share with accounts outside the zone of trust only under an "
             "organization condition",
             Severity::kHigh, {"SEC03-BP08", "SEC03-BP09"}, resource_kinds(),
             "A resource policy that grants access to an account outside the zone of trust (the "
             "accounts of the exports, of the organization, and those named with "
             "--trusted-account) shares the resource with a third party; every principal that "
             "account lets in can use the grant.",
             "Grant access to accounts of your organization and pin it with aws:PrincipalOrgID; "
             "for a third party, name its account with --trusted-account once the sharing is "
             "reviewed, or share through AWS RAM.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "reference_policies_condition-keys.html#condition-keys-principalorgid"}),
        rule("WASP-IAM-122",
             "Service principals in resource policies are pinned with aws:SourceAccount or "
             "aws:SourceArn",
             Severity::kMedium, {"SEC03-BP09"}, resource_kinds(),
             "A resource policy that lets an AWS service (cloudtrail.amazonaws.com, "
             "sns.amazonaws.com, ...) act on a resource without aws:SourceAccount, aws:SourceArn "
             "or aws:SourceOrgID lets the service act for any customer: another account can point "
             "its own trail, topic or rule at your resource (the confused deputy).",
             "Add aws:SourceAccount (your account) or aws:SourceArn (your resource) to each "
             "statement that names a service principal.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"}),
        rule("WASP-IAM-124",
             "Roles trusting a shared identity provider are scoped to your own identities",
             Severity::kHigh, {"SEC03-BP07", "SEC03-BP09"}, {"aws.iam.role"},
             "An OIDC provider such as GitHub Actions, GitLab.com, HCP Terraform or an Amazon "
             "Cognito identity pool issues tokens to anyone who signs up: every repository, every "
             "project, every identity pool of every AWS account. A role trusting it without a "
             "condition on the claim that names your own (token.actions.githubusercontent.com:sub, "
             "cognito-identity.amazonaws.com:aud) can be assumed by all of them. Decided by the "
             "policy evaluation engine with the claims a stranger's token carries.",
             "Add a condition on the provider's subject claim naming your repositories, projects "
             "or workspaces (StringLike token.actions.githubusercontent.com:sub "
             "repo:your-org/your-repo:*), or on the audience naming your identity pool "
             "(StringEquals cognito-identity.amazonaws.com:aud).",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
              "https://docs.github.com/en/actions/security-for-github-actions/"
              "security-hardening-your-deployments/"
              "configuring-openid-connect-in-amazon-web-services",
              "https://docs.aws.amazon.com/cognito/latest/developerguide/"
              "role-trust-and-permissions.html"}),
        rule("WASP-IAM-123", "Role trust policies trust foreign accounts only with sts:ExternalId",
             Severity::kHigh, {"SEC03-BP09", "SEC03-BP07"}, {"aws.iam.role"},
             "A role that an account outside the zone of trust may assume without an external "
             "ID can be assumed by that party on anyone's behalf: a vendor serving many customers "
             "becomes a confused deputy. WASP-IAM-106 already reports whole accounts trusted "
             "with no condition at all; this rule covers the named roles and users of foreign "
             "accounts, and conditions that do not keep the caller inside the zone of trust.",
             "Require sts:ExternalId with a value unique to this relationship, or name the "
             "account with --trusted-account when it belongs to you.",
             {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "id_roles_create_for-user_externalid.html"}),
    };
    return all;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// The ARN with its account field replaced.
std::string with_account(std::string_view arn, std::string_view account) {
    std::size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        pos = arn.find(':', pos);
        if (pos == std::string_view::npos) return std::string(arn);
        ++pos;
    }
    std::size_t end = arn.find(':', pos);
    if (end == std::string_view::npos) return std::string(arn);
    return std::string(arn.substr(0, pos)) + std::string(account) + std::string(arn.substr(end));
}

bool possibly_allowed(const Result& r) {
    return r.conditional ? std::find(r.possible.begin(), r.possible.end(), Decision::kAllowed) !=
                               r.possible.end()
                         : r.decision == Decision::kAllowed;
}

void add_unique(std::vector<std::string>& v, std::string_view s) {
    if (std::none_of(v.begin(), v.end(), [&](const std::string& x) { return text::iequals(x, s); }))
        v.emplace_back(s);
}

// --- addresses, for aws:SourceIp --------------------------------------------------------------

struct Net {
    int family = 0;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
};

std::optional<Net> parse_net(std::string_view s) {
    Net n;
    std::string text(s);
    auto slash = text.find('/');
    std::string addr = text.substr(0, slash);
    int max = 0;
    if (inet_pton(AF_INET, addr.c_str(), n.bytes.data()) == 1) {
        n.family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, addr.c_str(), n.bytes.data()) == 1) {
        n.family = AF_INET6;
        max = 128;
    } else {
        return std::nullopt;
    }
    n.prefix = max;
    if (slash != std::string::npos) {
        std::string digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        n.prefix = std::stoi(digits);
        if (n.prefix > max) return std::nullopt;
    }
    return n;
}

bool contains(const Net& net, const Net& addr) {
    if (net.family != addr.family) return false;
    auto full = static_cast<std::size_t>(net.prefix / 8);
    if (!std::equal(net.bytes.begin(), net.bytes.begin() + static_cast<std::ptrdiff_t>(full),
                    addr.bytes.begin()))
        return false;
    int rest = net.prefix % 8;
    if (rest == 0) return true;
    auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (net.bytes[full] & mask) == (addr.bytes[full] & mask);
}

// Addresses a caller from outside might have, documentation ranges and a public resolver.
constexpr std::array<std::string_view, 5> kOutsideAddresses{
    "198.51.100.23", "203.0.113.23", "192.0.2.23", "8.8.8.8", "2001:db8::23"};

// --- what a policy names ----------------------------------------------------------------------

struct Named {
    std::set<std::string, std::less<>> keys;                 // condition keys, lower case
    std::map<std::string, std::vector<std::string>> values;  // key (lower case) -> values
    std::set<std::string, std::less<>> accounts;             // account ids written anywhere
};

Named named_in(const Policy& p) {
    Named n;
    auto note_account = [&](std::string_view v) {
        if (is_account_id(v)) n.accounts.emplace(v);
        if (auto a = arn_field(v, 4); is_account_id(a)) n.accounts.emplace(a);
    };
    for (const auto& s : p.statements) {
        for (const auto& e : s.principals) note_account(e.value);
        for (const auto& c : s.conditions) {
            n.keys.insert(c.key_lower);
            auto& vals = n.values[c.key_lower];
            for (const auto& v : c.values) {
                vals.push_back(v);
                note_account(v);
            }
        }
    }
    return n;
}

using Value = std::optional<std::string>;  // nullopt: the key is absent from the request

struct Variable {
    std::string key;  // lower case
    std::vector<Value> values;
};

struct Zone {
    std::set<std::string, std::less<>> accounts;
    std::string organization;  // empty: none loaded, so any organization a policy pins is taken
                               // to be the user's own
    [[nodiscard]] bool trusted_org(std::string_view org) const {
        return organization.empty() || org == organization;
    }
};

constexpr std::array<std::string_view, 2> kPrincipalOrgKeys{"aws:principalorgid",
                                                            "aws:principalorgpaths"};
constexpr std::array<std::string_view, 5> kSourceKeys{"aws:sourceaccount", "aws:sourcearn",
                                                      "aws:sourceorgid", "aws:sourceorgpaths",
                                                      "aws:sourceowner"};
constexpr std::array<std::string_view, 4> kNetworkKeys{"aws:sourceip", "aws:sourcevpce",
                                                       "aws:sourcevpc", "aws:vpcsourceip"};
constexpr std::string_view kFreshOrg = "o-wasp0outside";
constexpr std::size_t kMaxCombinations = 64;
// Parts of a resource probed besides itself (prefixes of a bucket's objects): a policy may list
// hundreds; the first ones stand for the rest.
constexpr std::size_t kMaxParts = 8;
// Claims of an identity provider tried one by one for whether they scope its trust (each try is
// up to kMaxCombinations evaluations); a policy naming more is judged on the first ones.
constexpr std::size_t kMaxScopingClaims = 8;
// The owner of a resource whose ARN does not say (an S3 bucket): an account no caller is in.
constexpr std::string_view kUnknownOwner = "unknown-owner";

// OIDC providers anyone can get a token from, with the subject a stranger's token carries
// (formats from each provider's documentation of its subject claim).
struct SharedProvider {
    std::string_view host;
    std::string_view name;
    std::string_view anyone;
    std::string_view scope;        // the claim that names the customer's own identities
    std::string_view stranger;     // a subject (or, for Cognito, an audience) of someone else
    bool caller_sets_aud = false;  // the token's audience is whatever its holder asks for
};
constexpr std::array<SharedProvider, 7> kSharedProviders{{
    {"token.actions.githubusercontent.com", "GitHub Actions", "any GitHub repository's workflows",
     "sub", "repo:wasp-outside/wasp-outside:ref:refs/heads/main", true},
    {"gitlab.com", "GitLab.com CI/CD", "any GitLab.com project's pipelines", "sub",
     "project_path:wasp-outside/wasp-outside:ref_type:branch:ref:main", true},
    {"app.terraform.io", "HCP Terraform", "any HCP Terraform organization's runs", "sub",
     "organization:wasp-outside:project:wasp-outside:workspace:wasp-outside:run_phase:apply", true},
    {"cognito-identity.amazonaws.com", "Amazon Cognito identity pools",
     "any identity pool, in any AWS account", "aud",
     "us-east-1:00000000-0000-4000-8000-000000000000", false},
    {"accounts.google.com", "Google", "any Google account, through any Google client", "aud",
     "000000000000-wasp-outside.apps.googleusercontent.com", false},
    {"graph.facebook.com", "Facebook", "any Facebook user, through any app", "app_id",
     "000000000000000", false},
    {"www.amazon.com", "Login with Amazon", "any Amazon customer, through any app", "app_id",
     "amzn1.application-oa2-client.wasp-outside", false},
}};

const SharedProvider* shared_provider(std::string_view prefix) {
    for (const auto& p : kSharedProviders) {
        if (prefix.size() == p.host.size() + 1 && text::istarts_with(prefix, p.host)) return &p;
    }
    return nullptr;
}

bool is_org_key(std::string_view key) {
    return key.ends_with("orgid") || key.ends_with("orgpaths");
}

class Analyst {
  public:
    Analyst(const Catalog& catalog, const Zone& zone, ExternalAccess& out)
        : catalog_(catalog), zone_(zone), out_(out) {
        // A foreign account's own policies are not known: they may allow it everything.
        Statement s;
        s.effect = Effect::kAllow;
        s.actions = {"*"};
        s.actions_written = {"*"};
        s.has_resource = true;
        s.resources = {"*"};
        allow_all_.name = "the foreign account's own policies";
        allow_all_.version = "2012-10-17";
        allow_all_.statements.push_back(std::move(s));
        allow_all_.index();
    }

    void run(std::size_t index) {
        const AnalysedPolicy& ap = out_.policies[index];
        p_ = &ap;
        named_ = named_in(*ap.policy);
        fresh_ = fresh_account();
        std::string service = ap.trust ? "sts" : ap.service;
        auto probes = probes_of(*ap.policy, service);
        auto resources = candidates(*ap.policy, ap.arn);
        std::vector<std::vector<const ResourceType*>> types;
        for (const auto& r : resources)
            types.push_back(catalog_.resource_types_for_arn(r, service));
        for (const Accessor& who : accessors()) {
            Grant g;
            g.policy = index;
            g.who = who;
            for (const auto& probe : probes) {
                for (std::size_t i = 0; i < resources.size(); ++i) {
                    if (!applies(probe, types[i])) continue;
                    decide(g, probe, resources[i]);
                }
            }
            std::erase_if(g.restricted, [&](const std::string& a) {
                return std::any_of(g.actions.begin(), g.actions.end(),
                                   [&](const ActionAccess& x) { return x.action == a; });
            });
            std::sort(g.actions.begin(), g.actions.end(),
                      [](const auto& a, const auto& b) { return a.action < b.action; });
            std::sort(g.restricted.begin(), g.restricted.end());
            std::sort(g.statements.begin(), g.statements.end(),
                      [](const auto& a, const auto& b) { return a.index < b.index; });
            if (!g.actions.empty() || !g.restricted.empty()) out_.grants.push_back(std::move(g));
        }
    }

  private:
    struct Probe {
        std::string action;
        std::uint8_t levels = 0;
        const Action* known = nullptr;
    };

    bool trusted(std::string_view account) const {
        return account == p_->account || zone_.accounts.contains(account);
    }

    // An account no one named: neither in the zone nor written in the policy.
    std::string fresh_account() const {
        for (int i = 0; i < 1000; ++i) {
            std::string id = std::to_string(i);
            id.insert(0, 12 - id.size(), '0');
            if (!trusted(id) && !named_.accounts.contains(id)) return id;
        }
        return "000000000000";
    }

    // Every action the policy's Allow statements can grant, of the resource's service.
    std::vector<Probe> probes_of(const Policy& p, const std::string& service) const {
        std::map<std::string, Probe> by_name;
        auto add = [&](const Action* a) {
            std::string name = std::string(a->service) + ":" + std::string(a->name);
            by_name.emplace(text::to_lower(name), Probe{name, a->levels, a});
        };
        for (const auto& s : p.statements) {
            if (s.effect != Effect::kAllow) continue;
            std::vector<std::string> patterns;
            if (s.not_action) {
                // Every action but those listed, of the resource's service; of a resource whose
                // service is not known, nothing can be told.
                if (!service.empty()) patterns.push_back(service + ":*");
            } else {
                patterns = s.actions_written;
            }
            for (const auto& pattern : patterns) {
                auto actions = catalog_.expand(pattern);
                for (const Action* a : actions) {
                    if (service.empty() || text::iequals(a->service, service)) add(a);
                }
                // An action the catalog does not know is still tried, on the resource itself.
                if (actions.empty() && !has_wildcard(pattern) &&
                    pattern.find(':') != std::string::npos) {
                    by_name.emplace(text::to_lower(pattern), Probe{pattern, 0, nullptr});
                }
            }
        }
        std::vector<Probe> out;
        for (auto& [k, v] : by_name) out.push_back(std::move(v));
        return out;
    }

    // The resource, then the parts of it the policy names (a bucket's objects, a function's
    // versions), written as the policy writes them: a `*` in a request ARN is a plain character,
    // which only a `*` of a pattern matches.
    static std::vector<std::string> candidates(const Policy& p, const std::string& arn) {
        std::vector<std::string> out{arn};
        // A bucket's objects, whatever the policy names: a statement on "*" reaches them too.
        if (arn_field(arn, 2) == "s3" && arn.find('/') == std::string::npos) {
            out.push_back(arn + "/*");
        }
        for (const auto& s : p.statements) {
            if (!s.has_resource || s.not_resource) continue;
            for (const auto& r : s.resources) {
                if (out.size() > kMaxParts) return out;
                if (r.size() > arn.size() && r.starts_with(arn) &&
                    (r[arn.size()] == '/' || r[arn.size()] == ':') &&
                    std::find(out.begin(), out.end(), r) == out.end()) {
                    out.push_back(r);
                }
            }
        }
        return out;
    }

    static bool applies(const Probe& probe, const std::vector<const ResourceType*>& types) {
        if (!probe.known) return true;
        // An action that takes no resource ARN is never granted by a resource's policy.
        if (probe.known->resources.empty()) return false;
        if (types.empty()) return true;  // an ARN the catalog does not know: try it
        return std::any_of(probe.known->resources.begin(), probe.known->resources.end(),
                           [&](const ActionResource& r) {
                               return std::find(types.begin(), types.end(), r.type) != types.end();
                           });
    }

    std::vector<Accessor> accessors() const {
        std::vector<Accessor> out;
        auto push = [&](Accessor a) {
            if (std::none_of(out.begin(), out.end(), [&](const Accessor& b) {
                    return a.kind == b.kind && a.id == b.id && a.principal == b.principal;
                })) {
                out.push_back(std::move(a));
            }
        };
        if (!p_->trust) push({AccessorKind::kAnonymous, "*", {}});
        push({AccessorKind::kAnyAccount, "*", {}});
        for (const auto& s : p_->policy->statements) {
            if (s.effect != Effect::kAllow || s.not_principal) continue;
            for (const auto& e : s.principals) {
                if (e.type == "Service") {
                    if (!p_->trust) push({AccessorKind::kService, e.value, {}});
                    continue;
                }
                if (e.type == "Federated") {
                    if (p_->trust) push({AccessorKind::kFederated, e.value, {}});
                    continue;
                }
                if (e.type != "AWS" || e.value == "*") continue;
                std::string account =
                    is_account_id(e.value) ? e.value : std::string(arn_field(e.value, 4));
                if (!is_account_id(account)) {
                    // An AWS-owned principal (a CloudFront origin access identity) acts for a
                    // service.
                    if (!account.empty() && !p_->trust) push({AccessorKind::kService, e.value, {}});
                    continue;
                }
                if (trusted(account)) continue;
                bool whole = is_account_id(e.value) || e.value.ends_with(":root");
                push({AccessorKind::kAccount, account, whole ? std::string() : e.value});
            }
        }
        // Principal "*" narrowed to named accounts: each is a foreign account of its own.
        if (auto it = named_.values.find("aws:principalaccount"); it != named_.values.end()) {
            for (const auto& v : it->second) {
                if (is_account_id(v) && !trusted(v)) push({AccessorKind::kAccount, v, {}});
            }
        }
        // Unique, so the order is total.
        std::sort(out.begin(), out.end(), [](const Accessor& a, const Accessor& b) {
            return std::tie(a.kind, a.id, a.principal) < std::tie(b.kind, b.id, b.principal);
        });
        return out;
    }

    std::string account_of(const Accessor& who) const {
        switch (who.kind) {
            case AccessorKind::kAnyAccount:
                return fresh_;
            case AccessorKind::kAccount:
                return who.id;
            default:
                return {};
        }
    }

    static std::string any_role_session(std::string_view account) {
        return "arn:aws:sts::" + std::string(account) + ":assumed-role/wasp-any-role/session";
    }

    // The request of `who`, with the keys its kind settles: a principal's organization for
    // anyone but a principal of an account, the service's source for anyone but a service.
    Request request(const Accessor& who, const std::string& action, const std::string& resource) {
        Request r;
        r.action = action;
        r.resource = resource;
        r.resource_account = p_->account.empty() ? std::string(kUnknownOwner) : p_->account;
        r.open_context = true;
        if (p_->account.empty()) r.unknown_keys.emplace_back("aws:resourceaccount");
        bool account_kind =
            who.kind == AccessorKind::kAnyAccount || who.kind == AccessorKind::kAccount;
        switch (who.kind) {
            case AccessorKind::kAnonymous:
                r.principal.arn = "*";
                break;
            case AccessorKind::kService:
            case AccessorKind::kFederated:
                r.principal.arn = who.id;
                break;
            default:
                r.principal.arn =
                    who.principal.empty() ? any_role_session(account_of(who)) : who.principal;
                break;
        }
        for (auto key : kPrincipalOrgKeys) {
            if (!account_kind && named_.keys.contains(key)) r.set_context(key, {});
        }
        for (auto key : kSourceKeys) {
            if (who.kind != AccessorKind::kService && named_.keys.contains(key)) {
                r.set_context(key, {});
            }
        }
        // A service calling with its service principal comes from no address or endpoint of
        // anyone's network.
        for (auto key : kNetworkKeys) {
            if (who.kind == AccessorKind::kService && named_.keys.contains(key)) {
                r.set_context(key, {});
            }
        }
        if (account_kind && named_.keys.contains("kms:calleraccount")) {
            r.set_context("kms:calleraccount", {account_of(who)});
        }
        // Any principal of the account: which one is open.
        if (account_kind && who.principal.empty() && named_.keys.contains("aws:principalarn")) {
            r.unknown_keys.emplace_back("aws:principalarn");
        }
        return r;
    }

    // Values from outside the zone of trust for the keys that decide who calls, for `who`.
    std::vector<Variable> identity_variables(const Accessor& who) const {
        std::vector<Variable> out;
        auto named = [&](std::string_view key) -> const std::vector<std::string>& {
            static const std::vector<std::string> kNone;
            auto it = named_.values.find(std::string(key));
            return it == named_.values.end() ? kNone : it->second;
        };
        auto org_values = [&](std::string_view key) {
            std::vector<Value> vals{std::nullopt};
            bool paths = key.ends_with("paths");
            vals.emplace_back(paths ? std::string(kFreshOrg) + "/r-wasp/ou-wasp-outside/"
                                    : std::string(kFreshOrg));
            for (const auto& v : named(key)) {
                std::string_view org = std::string_view(v).substr(0, v.find('/'));
                if (!has_wildcard(org) && !zone_.trusted_org(org)) vals.emplace_back(v);
            }
            return vals;
        };
        bool account_kind =
            who.kind == AccessorKind::kAnyAccount || who.kind == AccessorKind::kAccount;
        if (account_kind) {
            for (auto key : kPrincipalOrgKeys) {
                if (named_.keys.contains(key)) out.push_back({std::string(key), org_values(key)});
            }
            if (who.principal.empty() && named_.keys.contains("aws:principalarn")) {
                std::string account = account_of(who);
                std::vector<Value> vals{with_account("arn:aws:iam::0:role/wasp-any-role", account)};
                for (const auto& v : named("aws:principalarn")) {
                    std::string_view a = arn_field(v, 4);
                    if (a == account || has_wildcard(a))
                        vals.emplace_back(with_account(v, account));
                }
                out.push_back({"aws:principalarn", std::move(vals)});
            }
        }
        if (who.kind == AccessorKind::kService) {
            for (auto key : kSourceKeys) {
                if (!named_.keys.contains(key)) continue;
                std::vector<Value> vals;
                if (is_org_key(key)) {
                    vals = org_values(key);
                } else if (key == "aws:sourcearn") {
                    vals = {std::nullopt, "arn:aws:wasp:us-east-1:" + fresh_ + ":outside"};
                    for (const auto& v : named(key)) {
                        std::string_view a = arn_field(v, 4);
                        // An ARN without an account (an S3 bucket) names one resource: pinned.
                        if (a.empty()) continue;
                        if (has_wildcard(a)) {
                            vals.emplace_back(with_account(v, fresh_));
                        } else if (!trusted(a)) {
                            vals.emplace_back(v);
                        }
                    }
                } else {
                    vals = {std::nullopt, fresh_};
                    for (const auto& v : named(key)) {
                        if (is_account_id(v) && !trusted(v)) vals.emplace_back(v);
                    }
                }
                out.push_back({std::string(key), std::move(vals)});
            }
        }
        return out;
    }

    // Values from outside the user's networks: an address no narrow range the policy names
    // holds, an unknown VPC endpoint or VPC, or none.
    std::vector<Variable> network_variables() const {
        std::vector<Variable> out;
        if (named_.keys.contains("aws:sourceip")) {
            std::vector<Net> narrow;
            if (auto it = named_.values.find("aws:sourceip"); it != named_.values.end()) {
                for (const auto& v : it->second) {
                    auto n = parse_net(v);
                    // A range of /8 or wider (0.0.0.0/0) is everyone, not a network of yours.
                    if (n && n->prefix >= (n->family == AF_INET ? 8 : 16)) narrow.push_back(*n);
                }
            }
            std::vector<Value> vals;
            for (auto a : kOutsideAddresses) {
                auto addr = parse_net(a);
                if (addr && std::none_of(narrow.begin(), narrow.end(),
                                         [&](const Net& n) { return contains(n, *addr); })) {
                    vals.emplace_back(std::string(a));
                }
            }
            if (!vals.empty()) out.push_back({"aws:sourceip", std::move(vals)});
        }
        if (named_.keys.contains("aws:sourcevpce")) {
            out.push_back({"aws:sourcevpce", {std::nullopt, "vpce-0wasp0outside0000"}});
        }
        if (named_.keys.contains("aws:sourcevpc")) {
            out.push_back({"aws:sourcevpc", {std::nullopt, "vpc-0wasp0outside0000"}});
        }
        if (named_.keys.contains("aws:vpcsourceip")) {
            out.push_back({"aws:vpcsourceip", {std::nullopt}});
        }
        return out;
    }

    // Claims a token of the provider may carry that are not yours: a stranger's subject (and,
    // where the holder chooses it, any audience), and other claims absent or unknown to you.
    std::vector<Variable> federated_variables(const Accessor& who) const {
        IdentityProvider idp = identity_provider(who.id);
        const SharedProvider* shared = shared_provider(idp.key_prefix);
        std::vector<Variable> out;
        for (const auto& key : named_.keys) {
            if (!key.starts_with(idp.key_prefix)) continue;
            std::string_view claim = std::string_view(key).substr(idp.key_prefix.size());
            std::vector<Value> vals;
            if (claim == "amr") {
                vals = {"authenticated", "unauthenticated"};
            } else if (shared && claim == shared->scope) {
                // The claim that names the customer: a stranger's token names the stranger.
                vals.emplace_back(std::string(shared->stranger));
            } else if (claim == "aud" || claim == "oaud" || claim == "azp") {
                // Each token has an audience; where its holder chooses it (GitHub Actions), it
                // may be any the policy names.
                vals.emplace_back(std::string("wasp-outside"));
                if (!shared || shared->caller_sets_aud) {
                    auto it = named_.values.find(key);
                    if (it != named_.values.end()) {
                        for (const auto& v : it->second) vals.emplace_back(v);
                    }
                }
            } else if (claim == "sub") {
                vals.emplace_back(std::string("wasp-outside"));  // every token has a subject
            } else {
                vals = {std::nullopt, std::string("wasp-outside")};
            }
            out.push_back({key, std::move(vals)});
        }
        return out;
    }

    // The first combination of values under which the request may be allowed.
    std::optional<Result> allowed_under(const Request& base,
                                        const Layers& layers,
                                        std::vector<Variable> vars) {
        std::size_t combos = 1;
        for (const auto& v : vars) combos *= v.values.size();
        // Too many: absent and a fresh value per key still stand for the outside.
        for (std::size_t keep : {std::size_t{2}, std::size_t{1}}) {
            if (combos <= kMaxCombinations) break;
            combos = 1;
            for (auto& v : vars) {
                if (v.values.size() > keep) v.values.resize(keep);
                combos *= v.values.size();
            }
        }
        std::vector<std::size_t> at(vars.size(), 0);
        for (std::size_t n = 0; n < combos; ++n) {
            Request r = base;
            for (std::size_t k = 0; k < vars.size(); ++k) {
                const Value& v = vars[k].values[at[k]];
                r.set_context(vars[k].key,
                              v ? std::vector<std::string>{*v} : std::vector<std::string>{});
            }
            Result res = evaluate(r, layers);
            ++out_.evaluations;
            if (possibly_allowed(res)) return res;
            for (std::size_t k = 0; k < vars.size(); ++k) {
                if (++at[k] < vars[k].values.size()) break;
                at[k] = 0;
            }
        }
        return std::nullopt;
    }

    void note_statements(Grant& g, const Result& res) const {
        for (const auto& m : res.matches) {
            if (m.layer != Layer::kResource || m.statement->effect != Effect::kAllow) continue;
            if (std::none_of(g.statements.begin(), g.statements.end(), [&](const StatementRef& s) {
                    return s.index == m.statement->index;
                })) {
                g.statements.push_back(
                    {m.statement->sid, m.statement->index,
                     core::SourceLocation{m.policy->file, m.statement->mark, {}}});
            }
        }
    }

    // An identity provider: its users may (the access is from outside the account); whether
    // any of its identities may, or only those its claims' conditions name.
    void decide_federated(
        Grant& g, const Probe& probe, const Request& r, const Layers& layers, const Result& open) {
        auto vars = federated_variables(g.who);
        auto stranger = allowed_under(r, layers, vars);
        const Result& shown = stranger ? *stranger : open;
        ActionAccess access{probe.action, probe.levels, shown.conditional, false, false, false};
        access.any_identity = stranger.has_value();
        for (const auto& k : shown.hinges_on) add_unique(g.hinges_on, k);
        if (!stranger) {
            // The claims that scope it: those whose own values (the ones the policy names) let
            // a token in that a stranger's values do not. Else every claim it hinges on.
            std::vector<std::string> scoping;
            for (std::size_t k = 0; k < vars.size() && k < kMaxScopingClaims; ++k) {
                auto named = named_.values.find(vars[k].key);
                if (named == named_.values.end()) continue;
                auto relaxed = vars;
                for (const auto& v : named->second) relaxed[k].values.emplace_back(v);
                if (allowed_under(r, layers, relaxed)) scoping.push_back(vars[k].key);
            }
            for (const auto& k : open.hinges_on) {
                std::string lower = text::to_lower(k);
                bool claim = std::any_of(vars.begin(), vars.end(),
                                         [&](const Variable& v) { return v.key == lower; });
                bool scopes = scoping.empty() ||
                              std::find(scoping.begin(), scoping.end(), lower) != scoping.end();
                if (claim && scopes) add_unique(g.restricted_by, k);
            }
        }
        note_statements(g, shown);
        auto same = std::find_if(g.actions.begin(), g.actions.end(),
                                 [&](const ActionAccess& a) { return a.action == probe.action; });
        if (same == g.actions.end()) {
            g.actions.push_back(std::move(access));
        } else {
            same->any_identity = same->any_identity || access.any_identity;
        }
    }

    void decide(Grant& g, const Probe& probe, const std::string& resource) {
        const Accessor& who = g.who;
        bool account_kind =
            who.kind == AccessorKind::kAnyAccount || who.kind == AccessorKind::kAccount;
        Layers layers;
        if (account_kind) layers.identity.push_back(&allow_all_);
        layers.resource = p_->policy;
        layers.resource_policy_required = p_->trust || p_->service == "kms";
        Request r = request(who, probe.action, resource);
        Result open = evaluate(r, layers);
        ++out_.evaluations;
        if (!possibly_allowed(open)) return;
        if (who.kind == AccessorKind::kFederated) {
            decide_federated(g, probe, r, layers, open);
            return;
        }
        auto identity = identity_variables(who);
        auto outside = allowed_under(r, layers, identity);
        if (!outside) {
            add_unique(g.restricted, probe.action);
            for (const auto& k : open.hinges_on) {
                std::string lower = text::to_lower(k);
                if (std::any_of(identity.begin(), identity.end(),
                                [&](const Variable& v) { return v.key == lower; })) {
                    add_unique(g.restricted_by, k);
                }
            }
            return;
        }
        ActionAccess access{probe.action, probe.levels, outside->conditional, false, false, false};
        if (!p_->trust &&
            (who.kind == AccessorKind::kAnonymous || who.kind == AccessorKind::kAnyAccount)) {
            auto all = identity;
            auto network = network_variables();
            all.insert(all.end(), network.begin(), network.end());
            access.is_public = allowed_under(r, layers, all).has_value();
            if (!access.is_public) {
                for (const auto& k : outside->hinges_on) {
                    if (std::find(kNetworkKeys.begin(), kNetworkKeys.end(), text::to_lower(k)) !=
                        kNetworkKeys.end()) {
                        add_unique(g.restricted_by, k);
                    }
                }
            }
        }
        if (p_->trust && who.kind == AccessorKind::kAccount) {
            auto vars = identity;
            vars.push_back({"sts:externalid", {std::nullopt}});
            access.without_external_id = allowed_under(r, layers, vars).has_value();
        }
        for (const auto& k : outside->hinges_on) add_unique(g.hinges_on, k);
        note_statements(g, *outside);
        auto same = std::find_if(g.actions.begin(), g.actions.end(),
                                 [&](const ActionAccess& a) { return a.action == probe.action; });
        if (same == g.actions.end()) {
            g.actions.push_back(std::move(access));
            return;
        }
        // Another part of the resource: the union, unconditional if either is.
        same->conditional = same->conditional && access.conditional;
        same->is_public = same->is_public || access.is_public;
        same->without_external_id = same->without_external_id || access.without_external_id;
    }

    const Catalog& catalog_;
    const Zone& zone_;
    ExternalAccess& out_;
    Policy allow_all_;
    const AnalysedPolicy* p_ = nullptr;
    Named named_;
    std::string fresh_;
};

// --- checks ----------------------------------------------------------------------------------

constexpr std::array<AccessLevel, 5> kLevelOrder{AccessLevel::kPermissions, AccessLevel::kWrite,
                                                 AccessLevel::kRead, AccessLevel::kList,
                                                 AccessLevel::kTagging};

std::string statements_text(const Grant& g) {
    std::string s;
    for (const auto& st : g.statements) {
        s += s.empty() ? "" : ", ";
        s += st.sid.empty() ? "statement #" + std::to_string(st.index)
                            : "statement \"" + st.sid + "\"";
        s += " (" + st.location.str() + ")";
    }
    return s;
}

// "Read: s3:GetObject, s3:GetObjectAcl; List: s3:ListBucket" over the actions `keep` selects.
template <typename Keep>
std::string summary(const Grant& g, Keep keep) {
    std::map<std::string_view, std::vector<std::string>> by_level;
    std::vector<std::string_view> order;
    for (const auto& a : g.actions) {
        if (!keep(a)) continue;
        std::string_view level = primary_level(a.levels);
        if (!by_level.contains(level)) order.push_back(level);
        by_level[level].push_back(a.action);
    }
    std::sort(order.begin(), order.end(), [](std::string_view x, std::string_view y) {
        auto rank = [](std::string_view l) {
            for (std::size_t i = 0; i < kLevelOrder.size(); ++i) {
                if (to_string(kLevelOrder[i]) == l) return i;
            }
            return kLevelOrder.size();
        };
        return rank(x) < rank(y);
    });
    std::string s;
    for (auto level : order) {
        const auto& list = by_level[level];
        s += s.empty() ? "" : "; ";
        s += std::string(level) + ": ";
        for (std::size_t i = 0; i < list.size() && i < 4; ++i) s += (i ? ", " : "") + list[i];
        if (list.size() > 4) s += " and " + std::to_string(list.size() - 4) + " more";
    }
    return s;
}

std::string hinges_text(const Grant& g) {
    if (g.hinges_on.empty()) return {};
    std::string s = ", conditional on ";
    for (std::size_t i = 0; i < g.hinges_on.size(); ++i) s += (i ? ", " : "") + g.hinges_on[i];
    return s;
}

std::string keys_text(const std::vector<std::string>& keys) {
    std::string s;
    for (std::size_t i = 0; i < keys.size(); ++i) s += (i ? ", " : "") + keys[i];
    return s;
}

// WASP-IAM-106 already fails a whole foreign account trusted by a statement without any of
// these keys.
bool reported_by_106(const Grant& g, const Policy& p) {
    if (!g.who.principal.empty()) return false;
    static constexpr std::array<std::string_view, 7> kGuards{
        "sts:externalid",    "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn",
        "aws:sourceaccount", "aws:sourcearn",      "aws:sourceorgid"};
    return !g.statements.empty() &&
           std::all_of(g.statements.begin(), g.statements.end(), [&](const StatementRef& ref) {
               if (ref.index >= p.statements.size()) return false;
               const auto& conds = p.statements[ref.index].conditions;
               return std::none_of(conds.begin(), conds.end(), [&](const Condition& c) {
                   return std::find(kGuards.begin(), kGuards.end(), c.key_lower) != kGuards.end();
               });
           });
}

void resource_policy_checks(std::size_t index,
                            const AnalysedPolicy& policy,
                            const std::vector<const Grant*>& grants,
                            std::vector<AccessCheck>& out) {
    std::vector<std::string> pub, shared, services, network_only, pinned, services_pinned;
    std::uint8_t public_levels = 0;
    bool any_service = false;
    for (const Grant* g : grants) {
        switch (g->who.kind) {
            case AccessorKind::kAnonymous:
            case AccessorKind::kAnyAccount: {
                std::string s = summary(*g, [](const ActionAccess& x) { return x.is_public; });
                if (!s.empty()) {
                    for (const auto& x : g->actions) {
                        if (x.is_public) public_levels |= x.levels;
                    }
                    pub.push_back(describe(g->who) + ": " + s + " (" + statements_text(*g) +
                                  hinges_text(*g) + ")");
                } else if (g->external()) {
                    network_only.push_back(describe(g->who) + " only under " +
                                           keys_text(g->restricted_by));
                } else if (!g->restricted_by.empty()) {
                    pinned.push_back(describe(g->who) + " only under " +
                                     keys_text(g->restricted_by));
                }
                break;
            }
            case AccessorKind::kAccount:
                if (g->external()) {
                    shared.push_back(describe(g->who) + ": " +
                                     summary(*g, [](const ActionAccess&) { return true; }) + " (" +
                                     statements_text(*g) + hinges_text(*g) + ")");
                } else if (!g->restricted_by.empty()) {
                    pinned.push_back(describe(g->who) + " only under " +
                                     keys_text(g->restricted_by));
                }
                break;
            case AccessorKind::kService:
                any_service = true;
                if (g->external()) {
                    services.push_back(describe(g->who) + ": " +
                                       summary(*g, [](const ActionAccess&) { return true; }) +
                                       " (" + statements_text(*g) + ")");
                } else {
                    services_pinned.push_back(describe(g->who) + " under " +
                                              keys_text(g->restricted_by));
                }
                break;
            case AccessorKind::kFederated:
                break;  // trust policies only
        }
    }
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
        return s;
    };
    constexpr auto kSevere = static_cast<std::uint8_t>(AccessLevel::kWrite) |
                             static_cast<std::uint8_t>(AccessLevel::kPermissions);
    // S3 Block Public Access: the policy is public, the bucket is not.
    if (!pub.empty() && !policy.public_blocked.empty()) {
        out.push_back({"WASP-IAM-120", index, true,
                       "public access blocked by S3 Block Public Access (" + policy.public_blocked +
                           "); the policy alone would allow " + join(pub),
                       Severity::kHigh});
    } else {
        out.push_back({"WASP-IAM-120", index, pub.empty(),
                       pub.empty()
                           ? (network_only.empty() ? std::string("no public access")
                                                   : "no public access: " + join(network_only))
                           : "public access: " + join(pub),
                       (public_levels & kSevere) != 0 ? Severity::kCritical : Severity::kHigh});
    }
    if (!shared.empty() && policy.cross_account_blocked) {
        out.push_back(
            {"WASP-IAM-121", index, true,
             "cross-account access blocked by S3 Block Public Access (" + policy.public_blocked +
                 ", and the policy is public); the policy alone would share with " + join(shared),
             Severity::kHigh});
    } else {
        out.push_back(
            {"WASP-IAM-121", index, shared.empty(),
             shared.empty()
                 ? (pinned.empty() ? std::string("shared only inside the zone of trust")
                                   : "shared outside the zone of trust only to " + join(pinned))
                 : "shared with accounts outside the zone of trust without a condition "
                   "pinning the organization: " +
                       join(shared),
             Severity::kHigh});
    }
    if (any_service) {
        out.push_back({"WASP-IAM-122", index, services.empty(),
                       services.empty()
                           ? "service principals pinned: " + join(services_pinned)
                           : "service principals not pinned to your accounts or resources with "
                             "aws:SourceAccount or aws:SourceArn: " +
                                 join(services),
                       Severity::kMedium});
    }
}

void trust_checks(const ExternalAccess& a,
                  std::size_t index,
                  const std::vector<const Grant*>& grants,
                  std::vector<AccessCheck>& out) {
    const Policy& p = *a.policies[index].policy;
    std::vector<std::string> open, left;
    bool foreign = false;
    for (const Grant* g : grants) {
        if (g->who.kind != AccessorKind::kAccount) continue;
        foreign = true;
        bool without = std::any_of(g->actions.begin(), g->actions.end(),
                                   [](const ActionAccess& x) { return x.without_external_id; });
        if (!without) continue;
        (reported_by_106(*g, p) ? left : open)
            .push_back(describe(g->who) + " (" + statements_text(*g) + hinges_text(*g) + ")");
    }
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
        return s;
    };
    // Shared identity providers: scoped to the customer's own identities, or open to all.
    std::vector<std::string> anyone, scoped;
    for (const Grant* g : grants) {
        if (g->who.kind != AccessorKind::kFederated) continue;
        IdentityProvider idp = identity_provider(g->who.id);
        if (idp.anyone.empty()) continue;
        std::vector<std::string> actions;
        for (const auto& x : g->actions) {
            if (x.any_identity) actions.push_back(x.action);
        }
        std::string name = std::string(idp.name) + " (" + g->who.id + ")";
        if (actions.empty()) {
            scoped.push_back(name + " scoped by " + keys_text(g->restricted_by));
            continue;
        }
        std::string list;
        for (const auto& action : actions) list += (list.empty() ? "" : ", ") + action;
        std::string claim = idp.key_prefix + std::string(idp.scope);
        anyone.push_back(name + ": " + std::string(idp.anyone) + " can " + list + " (" +
                         statements_text(*g) + hinges_text(*g) + "); no condition on " + claim +
                         " names your own");
    }
    if (!anyone.empty() || !scoped.empty()) {
        out.push_back({"WASP-IAM-124", index, anyone.empty(),
                       anyone.empty()
                           ? "shared identity providers scoped to your identities: " + join(scoped)
                           : "trusts every identity of " + join(anyone),
                       Severity::kHigh});
    }
    if (!foreign) return;
    std::string pass = left.empty() ? "foreign accounts must give sts:ExternalId, or conditions "
                                      "keep them out"
                                    : "whole accounts trusted without any condition are "
                                      "WASP-IAM-106's finding: " +
                                          join(left);
    out.push_back({"WASP-IAM-123", index, open.empty(),
                   open.empty() ? pass : "trusts without sts:ExternalId: " + join(open),
                   Severity::kHigh});
}

// The settings in force for a bucket: each on when the bucket's or the account's is, off when
// both are known to be off, otherwise unknown. `where` of each: the first that turns it on.
PublicAccessBlock in_force(const PublicAccessBlock& bucket, const PublicAccessBlock* account) {
    PublicAccessBlock out;
    auto combine = [](std::optional<bool> a, std::optional<bool> b) -> std::optional<bool> {
        if (a == true || b == true) return true;
        if (a == false && b == false) return false;
        return std::nullopt;
    };
    std::optional<bool> none;
    out.block_public_policy =
        combine(bucket.block_public_policy, account ? account->block_public_policy : none);
    out.restrict_public_buckets =
        combine(bucket.restrict_public_buckets, account ? account->restrict_public_buckets : none);
    out.defaulted = bucket.defaulted;
    out.location = bucket.location;
    return out;
}

// Which of the bucket's or the account's settings turns one on, for people.
std::string setting_source(const AnalysedPolicy& p,
                           const PublicAccessBlock& bucket,
                           const PublicAccessBlock* account,
                           bool restrict) {
    auto on = [&](const PublicAccessBlock& b) {
        return restrict ? b.restrict_public_buckets == true : b.block_public_policy == true;
    };
    std::string name = restrict ? "RestrictPublicBuckets" : "BlockPublicPolicy";
    if (on(bucket)) {
        std::string s = name + " is on for the bucket";
        if (bucket.defaulted) s += " (S3's default for new buckets: the template does not set it)";
        if (!bucket.location.file.empty()) s += " (" + bucket.location.str() + ")";
        return s;
    }
    std::string s = name + " is on for " +
                    (p.account == kTemplateAccount ? std::string("the template's account")
                                                   : "account " + p.account);
    if (account && !account->location.file.empty()) s += " (" + account->location.str() + ")";
    return s;
}

// Why each Block Public Access setting is on, when it is.
struct BlockSources {
    std::string restrict, block_policy;
};

// S3 Block Public Access on the buckets whose policy is public (docs/iam.md): RestrictPublicBuckets
// leaves the public and every other account out; BlockPublicPolicy keeps a template's public
// policy from being set at all.
void apply_public_access_blocks(ExternalAccess& ea, const std::vector<BlockSources>& why) {
    std::vector<char> is_public(ea.policies.size(), 0);
    for (const auto& g : ea.grants) {
        if (std::any_of(g.actions.begin(), g.actions.end(),
                        [](const ActionAccess& a) { return a.is_public; })) {
            is_public[g.policy] = 1;
        }
    }
    for (std::size_t i = 0; i < ea.policies.size() && i < why.size(); ++i) {
        AnalysedPolicy& p = ea.policies[i];
        if (!is_public[i] || p.trust || p.service != "s3") continue;
        if (p.block.restrict_public_buckets == true) {
            p.public_blocked = why[i].restrict;
            p.cross_account_blocked = true;
        } else if (p.new_policy && p.block.block_public_policy == true) {
            p.public_blocked =
                why[i].block_policy + ": S3 would reject this public policy when it is deployed";
        }
    }
}

}  // namespace

std::string describe(const Accessor& who) {
    switch (who.kind) {
        case AccessorKind::kAnonymous:
            return "anyone (anonymous)";
        case AccessorKind::kAnyAccount:
            return "any AWS account";
        case AccessorKind::kAccount:
            return who.principal.empty() ? "account " + who.id
                                         : "account " + who.id + " (" + who.principal + ")";
        case AccessorKind::kService:
            return who.id;
        case AccessorKind::kFederated:
            return "identity provider " + who.id;
    }
    return who.id;
}

IdentityProvider identity_provider(std::string_view federated) {
    IdentityProvider out;
    std::string_view host = federated;
    if (auto at = federated.find(":oidc-provider/"); at != std::string_view::npos) {
        host = federated.substr(at + 15);
    } else if (federated.find(":saml-provider/") != std::string_view::npos) {
        out.saml = true;
        out.key_prefix = "saml:";
        return out;
    }
    out.key_prefix = text::to_lower(host) + ":";
    if (const SharedProvider* p = shared_provider(out.key_prefix)) {
        out.name = p->name;
        out.anyone = p->anyone;
        out.scope = p->scope;
    }
    return out;
}

std::string_view primary_level(std::uint8_t levels) {
    for (auto l : kLevelOrder) {
        if ((levels & static_cast<std::uint8_t>(l)) != 0) return to_string(l);
    }
    return "Unknown";
}

std::string resource_kind(const AnalysedPolicy& p) {
    if (p.trust) return "aws.iam.role";
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kKinds{{
        {"s3", "aws.s3.bucket"},
        {"kms", "aws.kms.key"},
        {"sqs", "aws.sqs.queue"},
        {"sns", "aws.sns.topic"},
        {"lambda", "aws.lambda.function"},
        {"secretsmanager", "aws.secretsmanager.secret"},
        {"ecr", "aws.ecr.repository"},
    }};
    for (const auto& [svc, kind] : kKinds) {
        if (svc == p.service) return std::string(kind);
    }
    return "aws." + (p.service.empty() ? std::string("unknown") : p.service) + ".resource";
}

std::string resource_type_name(const AnalysedPolicy& p) {
    if (p.trust) return "IAM role";
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kNames{{
        {"s3", "S3 bucket"},
        {"kms", "KMS key"},
        {"sqs", "SQS queue"},
        {"sns", "SNS topic"},
        {"lambda", "Lambda function"},
        {"secretsmanager", "Secrets Manager secret"},
        {"ecr", "ECR repository"},
    }};
    for (const auto& [svc, name] : kNames) {
        if (svc == p.service) return std::string(name);
    }
    return "resource";
}

ExternalAccess external_access(const AnalysisInput& in) {
    ExternalAccess out;
    std::vector<BlockSources> blocks;  // by resource policy
    Zone zone;
    if (in.accounts) {
        zone.accounts.insert(in.accounts->account_ids.begin(), in.accounts->account_ids.end());
    }
    if (in.organization && !in.organization->empty()) {
        zone.organization = in.organization->id;
        out.organization = in.organization->id;
        if (!in.organization->management_account.empty()) {
            zone.accounts.insert(in.organization->management_account);
        }
        for (const auto& a : in.organization->accounts) zone.accounts.insert(a.id);
    }
    zone.accounts.insert(in.trusted_accounts.begin(), in.trusted_accounts.end());
    out.zone.assign(zone.accounts.begin(), zone.accounts.end());

    if (in.resource_policies) {
        for (const auto& rp : in.resource_policies->policies) {
            if (!rp.policy) continue;
            AnalysedPolicy ap;
            ap.arn = rp.arn;
            ap.service = rp.service;
            ap.account = rp.account;
            ap.policy = rp.policy.get();
            ap.location = rp.location;
            BlockSources why;
            if (rp.service == "s3") {
                const PublicAccessBlock* account = in.resource_policies->account_block(rp.account);
                ap.block = in_force(rp.block, account);
                ap.new_policy = rp.arn_source == ArnSource::kTemplate;
                if (ap.block.restrict_public_buckets == true) {
                    why.restrict = setting_source(ap, rp.block, account, true);
                }
                if (ap.block.block_public_policy == true) {
                    why.block_policy = setting_source(ap, rp.block, account, false);
                }
            }
            out.policies.push_back(std::move(ap));
            blocks.push_back(std::move(why));
        }
    }
    if (in.accounts) {
        for (const auto& r : in.accounts->roles) {
            if (!r.trust_policy || r.path.starts_with("/aws-service-role/")) continue;
            core::SourceLocation where{r.trust_policy->file, r.trust_policy->mark, {}};
            AnalysedPolicy ap;
            ap.arn = r.arn;
            ap.service = "iam";
            ap.account = r.account;
            ap.trust = true;
            ap.policy = r.trust_policy.get();
            ap.location = where;
            out.policies.push_back(std::move(ap));
        }
    }
    Analyst analyst(in.catalog ? *in.catalog : Catalog::builtin(), zone, out);
    for (std::size_t i = 0; i < out.policies.size(); ++i) analyst.run(i);
    apply_public_access_blocks(out, blocks);
    return out;
}

std::vector<AccessCheck> access_checks(const ExternalAccess& access) {
    std::vector<AccessCheck> out;
    std::vector<std::vector<const Grant*>> by_policy(access.policies.size());
    for (const auto& g : access.grants) by_policy[g.policy].push_back(&g);
    for (std::size_t i = 0; i < access.policies.size(); ++i) {
        if (access.policies[i].trust) {
            trust_checks(access, i, by_policy[i], out);
        } else {
            resource_policy_checks(i, access.policies[i], by_policy[i], out);
        }
    }
    return out;
}

const std::vector<core::RuleInfo>& external_access_rules() { return rules(); }

}  // namespace wasp::iam
