// IAM policy documents, parsed once into statements that evaluate fast.
//
// A policy is read from its JSON (a core::Node, so every statement, key and value keeps its
// position for findings and diagnostics). Matching follows AWS's rules: actions compare
// case-insensitively with `*` and `?` wildcards; ARNs compare segment by segment, a `*` ending a
// segment reaching across the colons after it; condition keys are case-insensitive; policy
// variables (`${aws:username}`) are replaced from the request in Resource and in the values of
// String and Arn conditions when the policy's Version is 2012-10-17.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"

namespace wasp::iam {

enum class Effect : std::uint8_t { kAllow, kDeny };

// The condition operators, without their set qualifier and IfExists suffix.
enum class CondOp : std::uint8_t {
    kStringEquals,
    kStringNotEquals,
    kStringEqualsIgnoreCase,
    kStringNotEqualsIgnoreCase,
    kStringLike,
    kStringNotLike,
    kNumericEquals,
    kNumericNotEquals,
    kNumericLessThan,
    kNumericLessThanEquals,
    kNumericGreaterThan,
    kNumericGreaterThanEquals,
    kDateEquals,
    kDateNotEquals,
    kDateLessThan,
    kDateLessThanEquals,
    kDateGreaterThan,
    kDateGreaterThanEquals,
    kBool,
    kBinaryEquals,
    kIpAddress,
    kNotIpAddress,
    kArnEquals,
    kArnLike,
    kArnNotEquals,
    kArnNotLike,
    kNull,
};

enum class SetOp : std::uint8_t { kNone, kForAllValues, kForAnyValue };

[[nodiscard]] std::string_view to_string(CondOp op);
// True for the operators that match when the value is NOT among the policy's values
// (StringNotEquals, NotIpAddress, ArnNotLike, ...).
[[nodiscard]] bool negated(CondOp op);

// One key of one operator: `"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}`.
struct Condition {
    CondOp op = CondOp::kStringEquals;
    SetOp set = SetOp::kNone;
    bool if_exists = false;
    std::string operator_text;  // as written, e.g. "ForAnyValue:StringLikeIfExists"
    std::string key;            // as written
    std::string key_lower;      // for lookups: keys are case-insensitive
    std::vector<std::string> values;
    bool has_variables = false;  // some value holds ${...} (and the policy version allows it)
    core::Mark mark;
};

// A principal of a resource-based or trust policy: `"AWS": "arn:aws:iam::1:root"`.
struct PrincipalEntry {
    std::string
        type;  // "AWS", "Service", "Federated", "CanonicalUser", or "*" for `"Principal": "*"`
    std::string value;
    core::Mark mark;
};

struct Statement {
    std::string sid;
    Effect effect = Effect::kAllow;
    bool not_action = false;
    std::vector<std::string> actions;          // lower case; "*" or "service:pattern"
    std::vector<std::string> actions_written;  // the same, as written
    bool has_resource = false;                 // Resource or NotResource is present
    bool not_resource = false;
    std::vector<std::string> resources;
    bool resources_have_variables = false;
    bool has_principal = false;  // Principal or NotPrincipal is present
    bool not_principal = false;
    std::vector<PrincipalEntry> principals;
    std::vector<Condition> conditions;
    core::Mark mark;
    std::size_t index = 0;  // position in the policy's Statement list
};

// The statements of a policy that can apply to an action of one service.
struct ServiceStatements {
    std::string service;  // lower case, e.g. "s3"
    std::vector<std::uint32_t> statements;
};

struct Policy {
    std::string name;     // what reports call it: a policy ARN, "inline:RoleName/PolicyName", ...
    std::string version;  // "2012-10-17", "2008-10-17" or "" (then variables are literal text)
    std::string id;
    std::vector<Statement> statements;
    std::string file;  // where it was read from, for diagnostics and explanations
    core::Mark mark;
    // Which statements can apply to which service, so an evaluation skips the rest: the
    // statements whose every Action names a service outright are listed under those services;
    // the others (NotAction, a wildcard in the service name) apply to any service.
    bool indexed = false;
    std::vector<ServiceStatements> by_service;  // sorted by service
    std::vector<std::uint32_t> any_service;

    // Builds the index above (parse_policy does; call it after changing statements by hand).
    void index();
    // The statements that can apply to an action of the service (lower case), in order.
    void candidates(std::string_view service, std::vector<std::uint32_t>& out) const;

    [[nodiscard]] bool variables_allowed() const { return version == "2012-10-17"; }
};

struct PolicyParse {
    std::optional<Policy> policy;  // nullopt when the document is not a policy at all
    core::Diagnostics diagnostics;
};

// Reads a policy document. A malformed statement is an error diagnostic (file and position) and
// is left out; the rest of the policy is kept, so one bad statement does not hide the others.
[[nodiscard]] PolicyParse parse_policy(const core::Node& doc,
                                       std::string name,
                                       const std::string& file);
// The same from JSON text (as IAM exports and Terraform hold policies); a URL-encoded document
// (as some exports give) is decoded first.
[[nodiscard]] PolicyParse parse_policy_text(std::string_view json,
                                            std::string name,
                                            const std::string& file);

// Reads a condition operator as written ("ForAnyValue:StringLikeIfExists") into op, set and
// if_exists of `out`; false for text that is no operator (or "NullIfExists").
[[nodiscard]] bool parse_operator(std::string_view text, Condition& out);

// Wildcard matching as IAM does it: `*` any run of characters, `?` exactly one. The character
// '\x01' in a pattern makes the next character literal (how a `${*}` variable is kept literal).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);
[[nodiscard]] bool glob_match_ci(std::string_view pattern, std::string_view text);
// An ARN pattern against an ARN: segment by segment (partition, service, region, account, the
// rest), a `*` at the end of a segment matching across the colons after it. "*" matches anything.
[[nodiscard]] bool arn_match(std::string_view pattern, std::string_view arn);

}  // namespace wasp::iam
