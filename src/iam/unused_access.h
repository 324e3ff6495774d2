// Unused access (SEC03-BP04 "Reduce permissions continuously"): the services, and the tracked
// actions, that a user, role, group or policy is allowed but did not use in the last N days,
// from service last-accessed reports; and what a least-privilege policy restricted to what it
// used would be (SEC03-BP02), decided with the evaluation engine (docs/iam.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "core/json_writer.h"
#include "iam/account.h"
#include "iam/catalog.h"
#include "iam/last_accessed.h"

namespace wasp::iam {

struct UnusedService {
    std::string prefix;  // "dynamodb"
    std::string name;    // "Amazon DynamoDB"
    LastUse last;        // no time: not used in the tracking period
};

struct UnusedAction {
    std::string action;  // "s3:CreateBucket"
    LastUse last;
};

// One statement of a suggested policy: an Allow narrowed, with the Resource (or NotResource) and
// the Condition of the statement it comes from; or a Deny of the principal's policies, kept as
// written since it may guard what remains (a Deny without MFA, outside the network, ...).
struct SuggestedStatement {
    std::string sid;
    bool deny = false;
    bool not_action = false;           // a Deny with NotAction
    std::vector<std::string> actions;  // patterns as written, or "service:Action"
    bool not_resource = false;
    std::vector<std::string> resources;        // "*" when the statement had no Resource
    std::vector<const Condition*> conditions;  // of the original statement
    std::string from;                          // the policy and statement it comes from
};

// A check of one rule on the report's entity (a failing one is a finding).
struct UnusedCheck {
    std::string rule_id;
    bool pass = false;
    std::string detail;
};

struct UnusedAccess {
    std::string arn;
    EntityKind kind = EntityKind::kUnknown;
    std::string file;  // the report's
    core::Mark mark;
    std::int64_t days = 90;         // the window
    std::vector<std::string> used;  // service prefixes used in the window
    std::vector<UnusedService> unused_services;
    std::vector<UnusedAction> unused_actions;
    // The suggestion, when the entity's policies are in the loaded exports; its statements
    // point into those policies' conditions.
    std::optional<std::vector<SuggestedStatement>> suggestion;
    std::vector<std::string> notes;   // what limits the result (a truncated report, ...)
    std::vector<UnusedCheck> checks;  // WASP-IAM-116..118
    // Why the entity was not checked ("created 20 days ago", "used no service in 90 days": a
    // principal with no use at all is WASP-IAM-112's and WASP-IAM-113's case); empty when it was.
    std::string skipped;
};

struct UnusedAccessOptions {
    std::int64_t now = 0;              // epoch seconds of the review date
    std::int64_t days = 90;            // a use older than this is unused
    const Catalog* catalog = nullptr;  // default: Catalog::builtin()
    // Its SCPs limit what a user or role of a member account is allowed (may be null).
    const Organization* organization = nullptr;
};

// One result per entity, in ARN order. Reports without an ARN are skipped (resolve them first);
// of several reports of one entity the most recent job is used (a warning names the others).
// `accounts` may be null: the services and actions then come from the reports alone, without a
// suggestion.
[[nodiscard]] std::vector<UnusedAccess> find_unused_access(
    const std::vector<const LastAccessedReport*>& reports,
    const Accounts* accounts,
    const UnusedAccessOptions& options,
    core::Diagnostics& diags);

// The rules WASP-IAM-116..118 (their metadata, for the analysis and docs/rules.md).
[[nodiscard]] const std::vector<core::RuleInfo>& unused_access_rules();

// The suggestion as a policy document {"Version": "2012-10-17", "Statement": [...]}.
void write_policy(core::JsonWriter& w, const std::vector<SuggestedStatement>& statements);
[[nodiscard]] std::string policy_json(const std::vector<SuggestedStatement>& statements,
                                      core::JsonWriter::Style style);

// "2024-07-01" of epoch seconds (UTC).
[[nodiscard]] std::string date_of(std::int64_t epoch_seconds);

}  // namespace wasp::iam
