// The subcommands of the wasp CLI; main.cpp parses arguments into these option structs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasp::cli {

// Exit codes (docs/cli.md).
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

struct ReviewCommand {
    std::filesystem::path workload = ".";
    std::vector<std::string> formats;
    std::vector<std::filesystem::path> outputs;
    std::vector<std::filesystem::path> rule_dirs;
    std::optional<std::filesystem::path> parameters;
    std::string fail_on = "high";
    std::string date;  // YYYY-MM-DD; default today (UTC)
    std::size_t plan_items = 5;
    unsigned jobs = 0;
    bool quiet = false;
};
[[nodiscard]] int run_review_command(const ReviewCommand& cmd);

struct RulesListCommand {
    std::vector<std::filesystem::path> rule_dirs;
    std::string format = "text";  // text | json | markdown
};
[[nodiscard]] int run_rules_list(const RulesListCommand& cmd);

struct RulesTestCommand {
    std::vector<std::filesystem::path> rule_dirs;  // empty: the built-in rules
    bool verbose = false;
};
[[nodiscard]] int run_rules_test(const RulesTestCommand& cmd);

}  // namespace wasp::cli
