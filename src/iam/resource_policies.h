// Resource-based policies (bucket, key, queue, topic, function, secret and repository policies)
// read from the AWS CLI outputs that return them, each with the ARN of the resource it guards
// (docs/iam.md#public-and-cross-account-access).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"
#include "iam/policy.h"

namespace wasp::iam {

// Where the resource's ARN was found. Only kOutput and kArnMember are certain; the others are a
// guess, and a warning says so.
enum class ArnSource : std::uint8_t {
    kOutput,     // the CLI output names the resource (QueueArn, TopicArn, ARN, registryId, ...)
    kArnMember,  // an "Arn" member, as the combined document has
    kResource,   // the policy's Resource elements name exactly one resource
    kFileName,   // the file's name
    kTemplate,   // a CloudFormation or Terraform resource of the workload
};
[[nodiscard]] std::string_view to_string(ArnSource source);

// The S3 Block Public Access settings that decide whether a bucket policy can make a bucket
// public, as far as they are known (nullopt: not known). AWS applies the bucket's and its
// account's together: a setting is on when either is.
struct PublicAccessBlock {
    // S3 rejects a bucket policy that grants public access (PutBucketPolicy fails); policies
    // already in place stay.
    std::optional<bool> block_public_policy;
    // A bucket whose policy grants public access admits only AWS service principals and the
    // principals of the bucket owner's account: public and cross-account grants do nothing.
    std::optional<bool> restrict_public_buckets;
    bool defaulted = false;         // not written in the template: S3's default for new buckets
    core::SourceLocation location;  // where the settings are written

    [[nodiscard]] bool known() const {
        return block_public_policy.has_value() || restrict_public_buckets.has_value();
    }
};

// The settings of an account, for every bucket it owns.
struct AccountPublicAccessBlock {
    std::string account;  // kTemplateAccount for the account a template is deployed to
    PublicAccessBlock block;
};

struct ResourcePolicy {
    std::string arn;      // the resource the policy is attached to
    std::string service;  // the ARN's service: "s3", "kms", "sqs", "sns", "lambda", ...
    std::string account;  // the owner; empty when neither the ARN nor the output says (S3)
    ArnSource arn_source = ArnSource::kOutput;
    std::unique_ptr<Policy> policy;  // never null in a ResourcePolicySet
    core::SourceLocation location;   // the policy document (or the string that holds it)
    PublicAccessBlock block;         // S3 buckets: the bucket's own settings, when known
};

class ResourcePolicySet {
  public:
    // Reads one file: a combined document ({"ResourcePolicies": [{"Arn", "Policy"}, ...]}, an
    // entry optionally with the bucket's PublicAccessBlockConfiguration, and optionally
    // "AccountPublicAccessBlocks": [{"Account", "PublicAccessBlockConfiguration"}]) or
    // the output of get-bucket-policy, get-key-policy, get-queue-attributes,
    // get-topic-attributes, lambda get-policy, get-resource-policy (Secrets Manager) or
    // get-repository-policy (ECR). Errors name the file, line and column; what can be read
    // loads. Positions inside a policy given as a JSON string point into the file.
    void load(std::string_view json_text, const std::string& file, core::Diagnostics& diags);
    // Adds the resource policy of a resource of the IaC model (docs/model.md): of its kind
    // (aws.s3.bucket_policy, aws.sqs.queue_policy, aws.sns.topic_policy, aws.kms.key,
    // aws.secretsmanager.resource_policy,
    // aws.ecr.repository, aws.lambda.permission; others are ignored), from its neutral
    // attributes, named `name` (its physical name, else its logical id), written at `where`.
    // The resource belongs to kTemplateAccount. A policy with a value not known before
    // deployment that decides who may call (a principal or condition from a parameter) is not
    // added, and a note says so. For a bucket policy, `bucket` is the neutral attributes of the
    // bucket the model relates it to (its public_access_block.* settings apply); a resource of
    // kind aws.s3.account_public_access_block (Terraform's aws_s3_account_public_access_block)
    // gives, from its `properties`, the settings of the template's account.
    void add_template_policy(std::string_view kind,
                             const core::Node& attributes,
                             const std::string& name,
                             const core::SourceLocation& where,
                             core::Diagnostics& diags,
                             const core::Node* properties = nullptr,
                             const core::Node* bucket = nullptr);
    void add(ResourcePolicy policy) { policies.push_back(std::move(policy)); }

    // The settings of an account's buckets (Block Public Access of the account), when known.
    [[nodiscard]] const PublicAccessBlock* account_block(std::string_view account) const;

    std::vector<ResourcePolicy> policies;  // in load order
    std::vector<AccountPublicAccessBlock> account_blocks;
};

// Whether the resource kind of the IaC model can carry a resource policy add_template_policy
// reads (or, for aws.s3.account_public_access_block, settings it applies).
[[nodiscard]] bool is_template_policy_kind(std::string_view kind);

// The account a template is deployed to, which the template does not say: `${AWS::AccountId}` and
// the template's own resources (a role's ARN from Fn::GetAtt) stand for it.
inline constexpr std::string_view kTemplateAccount = "000000000000";

// The ARN service field ("s3" of "arn:aws:s3:::b"); empty when the text is no ARN.
[[nodiscard]] std::string_view arn_service(std::string_view arn);

}  // namespace wasp::iam
