// The known IAM privilege-escalation techniques, compiled in from
// data/iam/pathfinding/paths-summary.json (pathfinding.cloud, Apache-2.0; see its README) and
// wasp's own additions in data/iam/extra-escalation-paths.json (ids "wasp-NNN").
#pragma once

#include <string>
#include <vector>

namespace wasp::iam {

struct EscalationPath {
    std::string id;        // "iam-005"
    std::string name;      // "iam:PutRolePolicy"
    std::string category;  // self-escalation, principal-access, new-passrole, existing-passrole
    std::vector<std::string> required;          // lower case, "iam:putrolepolicy"
    std::vector<std::string> required_written;  // as the source writes them
    std::vector<std::pair<std::string, std::string>> constraints;  // permission -> on what
    std::vector<std::string> additional;     // permissions that help but are not required
    std::vector<std::string> prerequisites;  // for reaching admin, as the source writes them
    std::string first_documented_by;
};

// Every path, pathfinding.cloud's first, each file in its order. Parsed once, on first use.
[[nodiscard]] const std::vector<EscalationPath>& escalation_paths();

}  // namespace wasp::iam
