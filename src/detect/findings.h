// Alerts as the review's findings: the principal each is about as a resource, the log records
// behind it as the finding's activity.
#pragma once

#include <vector>

#include "core/finding.h"
#include "detect/alert.h"

namespace wasp::detect {

struct DetectionFindings {
    std::vector<core::Resource> resources;  // principals (and accounts), each once
    std::vector<core::Finding> findings;    // Finding::resource indexes resources
};

// The resource an alert's principal names: an IAM user or role (a role session becomes its
// role), an account's root user, or another principal; empty kind when the alert names none.
[[nodiscard]] core::Resource principal_resource(std::string_view principal,
                                                std::string_view account);

// One finding per alert, in the alerts' order. The fingerprint hashes the rule, the principal
// and the account, so the same activity found again in later logs is the same finding.
[[nodiscard]] DetectionFindings to_findings(const std::vector<Alert>& alerts);

}  // namespace wasp::detect
