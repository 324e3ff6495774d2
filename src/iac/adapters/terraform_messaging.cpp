// Terraform adapters for messaging: SQS, SNS (docs/model.md).
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

void sqs_queue(Builder& b) {
    const Node* key = tf_get(b, "kms_master_key_id");
    const Node* managed = tf_get(b, "sqs_managed_sse_enabled");
    tf_copy(b, "encryption.kms_key", "kms_master_key_id");
    b.link("kms_master_key_id", "encrypted_by", "encrypts");
    // New queues use SSE-SQS unless it is turned off or a KMS key is given.
    if (key) {
        b.set("encryption.enabled", Node::boolean(true, key->mark()));
    } else if (managed) {
        b.set("encryption.enabled", *managed);
    } else {
        b.set("encryption.enabled", defaulted(Node::boolean(true), b.at()));
    }
}

void sns_topic(Builder& b) {
    tf_copy(b, "encryption.kms_key", "kms_master_key_id");
    tf_present(b, "encryption.enabled", "kms_master_key_id");
    b.link("kms_master_key_id", "encrypted_by", "encrypts");
}

void sqs_queue_policy(Builder& b) {
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.link("queue_url", "queue", "policy");
}

void sns_topic_policy(Builder& b) {
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.link("arn", "topic", "policy");
}

}  // namespace

void register_terraform_messaging(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_sqs_queue", "aws.sqs.queue", sqs_queue},
                              {"aws_sqs_queue_policy", "aws.sqs.queue_policy", sqs_queue_policy},
                              {"aws_sns_topic", "aws.sns.topic", sns_topic},
                              {"aws_sns_topic_policy", "aws.sns.topic_policy", sns_topic_policy},
                          });
}

}  // namespace wasp::iac::adapters
