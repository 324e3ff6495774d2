// IAM service last-accessed reports (`aws iam get-service-last-accessed-details`): for a user,
// role, group or managed policy, the services its permission policies allow and when each was
// last used, and at ACTION_LEVEL granularity the same for the tracked actions of some services.
// The evidence SEC03-BP04 asks for before removing permissions (docs/iam.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "iam/account.h"

namespace wasp::iam {

// When something was last used. A time the report holds but that is not a date counts as a use
// at an unknown time: evidence of use must never be lost to a formatting problem.
struct LastUse {
    std::optional<std::int64_t> time;  // epoch seconds; nullopt: not in the tracking period
    bool unreadable = false;           // the report gave a time wasp could not read
    std::string entity;                // who used it (for a group or policy report: a member)
    std::string region;

    [[nodiscard]] bool ever() const { return time.has_value() || unreadable; }
};

struct TrackedAction {
    std::string name;  // as the report gives it, without the service prefix: "CreateBucket"
    LastUse last;
    core::Mark mark;
};

struct ServiceAccess {
    std::string name;    // "Amazon Simple Storage Service"
    std::string prefix;  // ServiceNamespace, the service prefix of actions: "s3"
    LastUse last;
    std::int64_t total_entities = 0;  // TotalAuthenticatedEntities
    // Present only for services whose actions IAM tracks, in ACTION_LEVEL reports.
    bool tracked = false;
    std::vector<TrackedAction> actions;
    core::Mark mark;
};

enum class EntityKind : std::uint8_t { kUnknown, kUser, kRole, kGroup, kPolicy };
[[nodiscard]] std::string_view to_string(EntityKind k);  // "user", "role", "group", "policy"
// From an IAM ARN's resource type: ":user/", ":role/", ":group/", ":policy/".
[[nodiscard]] EntityKind entity_kind(std::string_view arn);

struct LastAccessedReport {
    // Whose report it is: the `Arn` member, or resolved from the file name by
    // resolve_last_accessed_entities; empty while unknown.
    std::string arn;
    std::string file;
    core::Mark mark;            // of the report object
    std::string job_status;     // COMPLETED, IN_PROGRESS, FAILED
    bool action_level = false;  // JobType ACTION_LEVEL
    std::optional<std::int64_t> job_created;
    std::optional<std::int64_t> job_completed;
    bool truncated = false;  // IsTruncated: later pages are missing
    std::vector<ServiceAccess> services;

    [[nodiscard]] bool complete() const { return job_status == "COMPLETED" && !truncated; }
};

struct LastAccessedFile {
    std::vector<LastAccessedReport> reports;
    core::Diagnostics diagnostics;  // file:line:column; a bad entry is skipped, the rest kept
};

// Reads one get-service-last-accessed-details output (with an optional `Arn` member naming whose
// report it is), or a combined document {"LastAccessed": [{"Arn": ..., <the output>}, ...]}.
// Dates are read as the AWS CLI writes them (ISO 8601 with 'T' or a space, an offset or 'Z',
// fractions of seconds) or as epoch seconds. A report that is not COMPLETED or is truncated is a
// warning and is kept for what it holds.
[[nodiscard]] LastAccessedFile read_last_accessed(std::string_view json_text,
                                                  const std::string& file);

// Names the reports that lack an `Arn` from their file name, against the loaded exports: the stem
// `role-NAME`, `user-NAME` or `group-NAME`, or a bare NAME that one user or role carries. A report
// that still names no one is a warning naming the file.
void resolve_last_accessed_entities(std::vector<LastAccessedReport>& reports,
                                    const Accounts& accounts,
                                    core::Diagnostics& diags);

}  // namespace wasp::iam
