// Terraform adapters for messaging: SQS, SNS, Kinesis, MSK, EventBridge (docs/model.md).
#include <optional>
#include <string>

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

// --- Kinesis, MSK, EventBridge ----------------------------------------------------------------

void kinesis_stream(Builder& b) {
    // Records are stored unencrypted unless encryption_type is KMS (the default is NONE).
    if (const Node* t = tf_get(b, "encryption_type"); t && t->is_scalar()) {
        b.set("encryption.enabled", Node::boolean(t->text() == "KMS", t->mark()));
    } else if (t) {
        b.set("encryption.enabled", *t);
    } else {
        b.set("encryption.enabled", defaulted(Node::boolean(false), b.at()));
    }
    tf_copy(b, "encryption.kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
}

void msk_cluster(Builder& b) {
    // The provider's defaults: client_broker TLS, in_cluster true.
    tf_copy_or(b, "encryption_in_transit.client_broker",
               "encryption_info[0].encryption_in_transit[0].client_broker", Node::string("TLS"));
    tf_copy_or(b, "encryption_in_transit.in_cluster",
               "encryption_info[0].encryption_in_transit[0].in_cluster", Node::boolean(true));
    tf_copy(b, "encryption_at_rest.kms_key", "encryption_info[0].encryption_at_rest_kms_key_arn");
    b.link("encryption_info[0].encryption_at_rest_kms_key_arn", "encrypted_by", "encrypts");
    // Without client_authentication any client that reaches a broker is let in; with it, only
    // the mechanisms it turns on are.
    const Node* auth = tf_get(b, "client_authentication[0]");
    if (!auth) {
        b.set("client_authentication.unauthenticated", defaulted(Node::boolean(true), b.at()));
        for (const char* a : {"client_authentication.iam", "client_authentication.scram",
                              "client_authentication.tls"}) {
            b.set(a, defaulted(Node::boolean(false), b.at()));
        }
    } else if (auth->is_unknown()) {
        for (const char* a : {"client_authentication.unauthenticated", "client_authentication.iam",
                              "client_authentication.scram", "client_authentication.tls"}) {
            b.set(a, *auth);
        }
    } else {
        tf_copy_or(b, "client_authentication.unauthenticated",
                   "client_authentication[0].unauthenticated", Node::boolean(false));
        tf_copy_or(b, "client_authentication.iam", "client_authentication[0].sasl[0].iam",
                   Node::boolean(false));
        tf_copy_or(b, "client_authentication.scram", "client_authentication[0].sasl[0].scram",
                   Node::boolean(false));
        // A tls block turns TLS client authentication on with its certificate authorities.
        tf_present(b, "client_authentication.tls", "client_authentication[0].tls");
    }
    // Broker logs: each destination is off unless its enabled is true.
    const Node* logs = tf_get(b, "logging_info[0].broker_logs[0]");
    if (!logs) {
        b.set("logging.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (logs->is_unknown()) {
        b.set("logging.enabled", *logs);
    } else {
        std::optional<Node> result;
        for (const char* dest : {"cloudwatch_logs", "firehose", "s3"}) {
            const Node* on = logs->at_path(std::string(dest) + "[0].enabled");
            if (!on || on->is_null()) continue;
            if (on->is_unknown()) {
                if (!result) result = *on;
            } else if (on->as_bool() == true) {
                result = *on;
                break;
            }
        }
        b.set("logging.enabled", result ? *result : Node::boolean(false, logs->mark()));
    }
    b.link("logging_info[0].broker_logs[0].cloudwatch_logs[0].log_group", "logs_to",
           "receives_logs_from");
}

void event_bus_policy(Builder& b) {
    b.set("statements", tf_statements(tf_get(b, "policy"), b.at()));
    b.link("event_bus_name", "event_bus", "policy");
}

}  // namespace

void register_terraform_messaging(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_sqs_queue", "aws.sqs.queue", sqs_queue},
                              {"aws_sqs_queue_policy", "aws.sqs.queue_policy", sqs_queue_policy},
                              {"aws_sns_topic", "aws.sns.topic", sns_topic},
                              {"aws_sns_topic_policy", "aws.sns.topic_policy", sns_topic_policy},
                              {"aws_kinesis_stream", "aws.kinesis.stream", kinesis_stream},
                              {"aws_msk_cluster", "aws.msk.cluster", msk_cluster},
                              {"aws_cloudwatch_event_bus_policy", "aws.events.event_bus_policy",
                               event_bus_policy},
                          });
}

}  // namespace wasp::iac::adapters
