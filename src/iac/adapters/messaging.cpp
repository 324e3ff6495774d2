// Adapters for messaging: SQS, SNS (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

void sqs_queue(Builder& b) {
    const Node* key = b.prop("KmsMasterKeyId");
    const Node* managed = b.prop("SqsManagedSseEnabled");
    b.copy("encryption.kms_key", "KmsMasterKeyId");
    b.link("KmsMasterKeyId", "encrypted_by", "encrypts");
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
    b.copy("encryption.kms_key", "KmsMasterKeyId");
    b.present("encryption.enabled", "KmsMasterKeyId");
    b.link("KmsMasterKeyId", "encrypted_by", "encrypts");
}

}  // namespace

void register_messaging(Adapters& out) {
    out.insert(out.end(), {
                              {"AWS::SQS::Queue", "aws.sqs.queue", sqs_queue},
                              {"AWS::SNS::Topic", "aws.sns.topic", sns_topic},
                          });
}

}  // namespace wasp::iac::adapters
