// Least privilege (SEC03-BP02): what a policy grants that is broader or riskier than a
// workload needs, by risk category, with the actions behind each finding (docs/iam.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/severity.h"
#include "iam/catalog.h"
#include "iam/policy.h"

namespace wasp::iam {

enum class Risk : std::uint8_t {
    kFullAdmin,            // Allow * on *
    kServiceWildcard,      // Allow service:* (every action of a service)
    kWriteOnAny,           // Write actions on Resource * (besides the above)
    kDataExfiltration,     // read data (objects, secrets, items) on Resource *
    kCredentialsExposure,  // returns credentials or tokens
    kResourceExposure,     // Permissions management actions on Resource *: they change who can
                           // access a resource (policies, ACLs, sharing)
    kPrivilegeEscalation,  // a known escalation technique in one statement's reach
    kNotAction,            // Allow with NotAction
};

[[nodiscard]] std::string_view to_string(Risk r);  // "full-admin", "service-wildcard", ...
[[nodiscard]] core::Severity severity_of(Risk r);

struct PrivilegeFinding {
    Risk risk = Risk::kFullAdmin;
    std::size_t statement = 0;  // index in the policy
    core::Mark mark;
    std::vector<std::string> actions;  // "service:Action", as the catalog names them (at most 20)
    std::size_t action_count = 0;      // all of them
    std::string message;
    std::string suggestion;  // what a least-privilege statement would look like, when known
    std::string path;        // kPrivilegeEscalation: "ec2-001 iam:PassRole + ec2:RunInstances"
};

// The findings of one policy's Allow statements, unconditioned or not (a condition narrows a
// grant but is reported, not trusted: the finding says so). Denies are not subtracted here; the
// principal-level analysis evaluates them with the real engine.
[[nodiscard]] std::vector<PrivilegeFinding> least_privilege(const Policy& policy,
                                                            const Catalog& catalog);

// The actions the analysis classes as reading data or returning credentials (lower case), for
// tests and docs.
[[nodiscard]] std::vector<std::string_view> sensitive_actions();

}  // namespace wasp::iam
