#include "iam/least_privilege.h"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "iam/escalation.h"
#include "iam/text.h"

namespace wasp::iam {

namespace {

constexpr std::size_t kListed = 20;  // actions named in a finding

// Actions that read the content of data (objects, items, secrets, messages, logs): on every
// resource, a leaked credential reads everything. Access level Read alone would also take in
// metadata reads (Describe*, Get*Policy), which are not what leaks data.
constexpr std::array<std::string_view, 30> kDataReads{"athena:getqueryresults",
                                                      "dynamodb:batchgetitem",
                                                      "dynamodb:getitem",
                                                      "dynamodb:query",
                                                      "dynamodb:scan",
                                                      "ecr:batchgetimage",
                                                      "ecr:getdownloadurlforlayer",
                                                      "glacier:getjoboutput",
                                                      "kinesis:getrecords",
                                                      "kms:decrypt",
                                                      "lambda:getfunction",
                                                      "logs:filterlogevents",
                                                      "logs:getlogevents",
                                                      "rds-data:executestatement",
                                                      "redshift-data:getstatementresult",
                                                      "s3:getobject",
                                                      "s3:getobjectversion",
                                                      "secretsmanager:batchgetsecretvalue",
                                                      "secretsmanager:getsecretvalue",
                                                      "sqs:receivemessage",
                                                      "ssm:getparameter",
                                                      "ssm:getparameterhistory",
                                                      "ssm:getparameters",
                                                      "ssm:getparametersbypath",
                                                      "dynamodb:partiqlselect",
                                                      "glue:getconnection",
                                                      "glue:getconnections",
                                                      "codecommit:gitpull",
                                                      "backup:getrecoverypointrestoremetadata",
                                                      "ec2:getconsoleoutput"};

// Actions whose answer is a credential, a token or a password.
constexpr std::array<std::string_view, 19> kCredentialActions{
    "chime:createapikey",
    "codeartifact:getauthorizationtoken",
    "cognito-identity:getcredentialsforidentity",
    "ec2:getpassworddata",
    "ecr:getauthorizationtoken",
    "ecr-public:getauthorizationtoken",
    "gamelift:getinstanceaccess",
    "iam:createaccesskey",
    "iam:createloginprofile",
    "iam:createservicespecificcredential",
    "iam:resetservicespecificcredential",
    "iam:updateloginprofile",
    "lightsail:getinstanceaccessdetails",
    "rds-db:connect",
    "redshift:getclustercredentials",
    "redshift:getclustercredentialswithiam",
    "redshift-serverless:getcredentials",
    "sts:getfederationtoken",
    "sts:getsessiontoken",
};

std::string full_name(const Action& a) {
    return std::string(a.service) + ":" + std::string(a.name);
}

// The catalog's actions a list names, sorted by address, so membership is a binary search.
// Resolved once per catalog (the built-in one, in practice) and kept.
struct Categories {
    std::vector<const Action*> permissions, writes, reads, credentials;
};

struct ResolvedLists {
    std::vector<const Action*> reads;
    std::vector<const Action*> credentials;
    Categories everything;  // of every action: what "Action": "*" grants
};

Categories classify(const std::vector<const Action*>& actions, const ResolvedLists& lists);

template <std::size_t N>
std::vector<const Action*> resolve(const Catalog& c, const std::array<std::string_view, N>& list) {
    std::vector<const Action*> out;
    for (auto name : list) {
        if (const Action* a = c.action(name)) out.push_back(a);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const ResolvedLists& lists_for(const Catalog& c) {
    static std::mutex mutex;
    static std::vector<std::pair<const Catalog*, std::unique_ptr<ResolvedLists>>> cache;
    std::lock_guard lock(mutex);
    for (const auto& [catalog, lists] : cache) {
        if (catalog == &c) return *lists;
    }
    auto lists = std::make_unique<ResolvedLists>();
    lists->reads = resolve(c, kDataReads);
    lists->credentials = resolve(c, kCredentialActions);
    lists->everything = classify(c.expand("*"), *lists);
    cache.emplace_back(&c, std::move(lists));
    return *cache.back().second;
}

bool listed(const std::vector<const Action*>& sorted, const Action* a) {
    return std::binary_search(sorted.begin(), sorted.end(), a);
}

Categories classify(const std::vector<const Action*>& actions, const ResolvedLists& lists) {
    Categories c;
    for (const Action* a : actions) {
        // A credential action that takes no resource ARN (ecr:GetAuthorizationToken,
        // sts:GetSessionToken) can only be granted on "*" and returns the caller's own
        // credentials: nothing to narrow, so not reported.
        if (listed(lists.credentials, a) && !a->resources.empty()) c.credentials.push_back(a);
        if (a->has(AccessLevel::kPermissions)) {
            c.permissions.push_back(a);
        } else if (a->has(AccessLevel::kWrite) && !a->resources.empty()) {
            c.writes.push_back(a);
        }
        if (listed(lists.reads, a)) c.reads.push_back(a);
    }
    return c;
}

bool any_resource(const Statement& s) {
    return !s.has_resource || s.not_resource ||
           std::any_of(s.resources.begin(), s.resources.end(),
                       [](const std::string& r) { return r == "*"; });
}

class Analyzer {
  public:
    Analyzer(const Policy& p, const Catalog& c) : p_(p), c_(c) {}

    std::vector<PrivilegeFinding> run() {
        for (const auto& s : p_.statements) {
            if (s.effect == Effect::kAllow) statement(s);
        }
        escalation();
        return std::move(out_);
    }

  private:
    void add(const Statement& s,
             Risk risk,
             std::vector<const Action*> actions,
             std::string message,
             std::string suggestion = {}) {
        PrivilegeFinding f;
        f.risk = risk;
        f.statement = s.index;
        f.mark = s.mark;
        f.action_count = actions.size();
        for (std::size_t i = 0; i < actions.size() && i < kListed; ++i) {
            f.actions.push_back(full_name(*actions[i]));
        }
        f.message = std::move(message);
        if (!s.conditions.empty()) {
            f.message +=
                " (the statement has conditions, which narrow it: check they hold only "
                "where intended)";
        }
        f.suggestion = std::move(suggestion);
        out_.push_back(std::move(f));
    }

    void statement(const Statement& s) {
        bool everywhere = any_resource(s);
        if (s.not_action) {
            add(s, Risk::kNotAction, {},
                "Allow with NotAction grants every action except those listed, including any AWS "
                "adds later",
                "list the actions the workload needs in Action instead");
            if (!everywhere) return;
        }
        // Every action the statement allows.
        std::vector<const Action*> actions;
        bool star = false;
        if (s.not_action) {
            std::vector<const Action*> excluded;
            for (const auto& pattern : s.actions) {
                auto more = c_.expand(pattern);
                excluded.insert(excluded.end(), more.begin(), more.end());
            }
            std::sort(excluded.begin(), excluded.end());
            for (const Action* a : c_.expand("*")) {
                if (!std::binary_search(excluded.begin(), excluded.end(), a)) actions.push_back(a);
            }
        } else {
            star = std::find(s.actions.begin(), s.actions.end(), "*") != s.actions.end();
            if (star && everywhere && !s.not_resource) {
                add(s, Risk::kFullAdmin, {},
                    "Allow \"*\" on \"*\": full administrator access, the largest blast radius a "
                    "credential can have",
                    "grant the actions and resources the workload uses; keep administrator "
                    "access for break-glass roles with MFA and monitoring");
                // The categories below are all contained in it, and still listed: each is
                // what a stolen credential of this principal can do.
            }
            if (!star) {
                for (const auto& pattern : s.actions) {
                    auto more = c_.expand(pattern);
                    actions.insert(actions.end(), more.begin(), more.end());
                }
                // In catalog order (service, then name), whatever the heap addresses.
                std::sort(actions.begin(), actions.end(), [](const Action* a, const Action* b) {
                    return a->service != b->service ? a->service < b->service : a->name < b->name;
                });
                actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
            }
        }
        if (!s.not_action) {
            for (const auto& pattern : s.actions) {
                auto colon = pattern.find(':');
                if (colon != std::string::npos && pattern.substr(colon + 1) == "*") {
                    auto svc = c_.expand(pattern);
                    add(s, Risk::kServiceWildcard, svc,
                        "\"" + pattern + "\" grants all " + std::to_string(svc.size()) +
                            " actions of the service",
                        "list the " + pattern.substr(0, colon) +
                            " actions the workload calls (service last-accessed data shows "
                            "which)");
                }
            }
        }
        if (!everywhere) return;
        const ResolvedLists& lists = lists_for(c_);
        Categories own;
        if (!star) own = classify(actions, lists);
        const Categories& cat = star ? lists.everything : own;
        const auto& permissions = cat.permissions;
        const auto& writes = cat.writes;
        const auto& reads = cat.reads;
        const auto& credentials = cat.credentials;
        auto scoped = [](const std::vector<const Action*>& v) {
            return static_cast<std::size_t>(std::count_if(
                v.begin(), v.end(), [](const Action* a) { return !a->resources.empty(); }));
        };
        if (!permissions.empty()) {
            add(s, Risk::kResourceExposure, permissions,
                std::to_string(permissions.size()) +
                    " permissions-management actions on every resource: they change who can "
                    "access resources (policies, ACLs, sharing)",
                std::to_string(scoped(permissions)) +
                    " of them support resource-level permissions: name the resources in "
                    "Resource");
        }
        if (!writes.empty()) {
            add(s, Risk::kWriteOnAny, writes,
                std::to_string(writes.size()) +
                    " write actions that support resource-level permissions are granted on every "
                    "resource",
                "name the resources in Resource (ARNs with the workload's prefix)");
        }
        if (!reads.empty()) {
            add(s, Risk::kDataExfiltration, reads,
                std::to_string(reads.size()) +
                    " actions that read data (objects, items, secrets, messages) on every "
                    "resource",
                "name the buckets, tables, secrets and keys the workload reads");
        }
        if (!credentials.empty()) {
            add(s, Risk::kCredentialsExposure, credentials,
                std::to_string(credentials.size()) +
                    " actions that return credentials, tokens or passwords, on every resource",
                "grant them only on the principals or resources that need them, with conditions");
        }
    }

    // Whether an unconditioned-or-not Allow statement grants the action (lower case) on every
    // resource.
    bool granted_everywhere(std::string_view action) const {
        for (const auto& s : p_.statements) {
            if (s.effect != Effect::kAllow || !any_resource(s)) continue;
            bool named = std::any_of(s.actions.begin(), s.actions.end(),
                                     [&](const std::string& a) { return glob_match(a, action); });
            if (named != s.not_action) return true;
        }
        return false;
    }

    // A technique whose every required permission the policy grants on every resource. (The
    // principal-level analysis decides the paths with the real engine and the account's
    // resources; this is what one policy can be seen to allow on its own.)
    void escalation() {
        for (const auto& path : escalation_paths()) {
            if (path.required.empty() ||
                !std::all_of(path.required.begin(), path.required.end(),
                             [&](const std::string& r) { return granted_everywhere(r); })) {
                continue;
            }
            PrivilegeFinding f;
            f.risk = Risk::kPrivilegeEscalation;
            f.path = path.id + " " + path.name;
            f.actions = path.required_written;
            f.action_count = f.actions.size();
            f.message = "grants " + path.name + " on every resource: privilege escalation path " +
                        path.id + " (" + path.category + ", " +
                        (path.id.starts_with("wasp-") ? "wasp" : "pathfinding.cloud") + ")";
            f.suggestion =
                "remove one of the permissions, or restrict its resources so no path "
                "leads to a more privileged principal";
            // Reported on the first statement granting one of its permissions.
            for (const auto& s : p_.statements) {
                if (s.effect != Effect::kAllow || !any_resource(s)) continue;
                bool grants = std::any_of(
                    path.required.begin(), path.required.end(), [&](const std::string& r) {
                        bool named =
                            std::any_of(s.actions.begin(), s.actions.end(),
                                        [&](const std::string& a) { return glob_match(a, r); });
                        return named != s.not_action;
                    });
                if (grants) {
                    f.statement = s.index;
                    f.mark = s.mark;
                    break;
                }
            }
            out_.push_back(std::move(f));
        }
    }

    const Policy& p_;
    const Catalog& c_;
    std::vector<PrivilegeFinding> out_;
};

}  // namespace

std::string_view to_string(Risk r) {
    switch (r) {
        case Risk::kFullAdmin:
            return "full-admin";
        case Risk::kServiceWildcard:
            return "service-wildcard";
        case Risk::kWriteOnAny:
            return "write-on-any-resource";
        case Risk::kDataExfiltration:
            return "data-exfiltration";
        case Risk::kCredentialsExposure:
            return "credentials-exposure";
        case Risk::kResourceExposure:
            return "resource-exposure";
        case Risk::kPrivilegeEscalation:
            return "privilege-escalation";
        case Risk::kNotAction:
            return "allow-not-action";
    }
    return "?";
}

core::Severity severity_of(Risk r) {
    switch (r) {
        case Risk::kFullAdmin:
            return core::Severity::kCritical;
        case Risk::kPrivilegeEscalation:
        case Risk::kCredentialsExposure:
        case Risk::kResourceExposure:
            return core::Severity::kHigh;
        case Risk::kDataExfiltration:
        case Risk::kServiceWildcard:
        case Risk::kWriteOnAny:
        case Risk::kNotAction:
            return core::Severity::kMedium;
    }
    return core::Severity::kMedium;
}

std::vector<std::string_view> sensitive_actions() {
    std::vector<std::string_view> out(kDataReads.begin(), kDataReads.end());
    out.insert(out.end(), kCredentialActions.begin(), kCredentialActions.end());
    return out;
}

std::vector<PrivilegeFinding> least_privilege(const Policy& policy, const Catalog& catalog) {
    return Analyzer(policy, catalog).run();
}

}  // namespace wasp::iam
