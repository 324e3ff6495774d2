// Terraform adapters for messaging: SQS, SNS, Kinesis, Data Firehose, MSK, EventBridge
// (docs/model.md, docs/model-edge-keys-logging-messaging.md).
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>

#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

// --- credentials written into a plan ----------------------------------------------------------

// embedded_credentials: the attribute paths where the plan holds a credential in clear: a secret
// argument of the type with a known value, or any text that looks like a credential. A plan
// holds the values of variables too, so a secret passed in a variable is listed; a value known
// only after apply (a random_password, a secret read at apply) is not. Values are never copied.
void embedded_credentials(Builder& b, std::initializer_list<std::string_view> secret_paths) {
    Node out = Node::sequence(b.at());
    for (auto p : secret_paths) {
        if (const Node* v = tf_get(b, p); v && v->kind() == NodeKind::kString) {
            out.push(Node::string(std::string(p), v->mark()));
        }
    }
    Node scanned = Node::sequence(b.at());
    scan_credentials(b.properties(), "", scanned);
    for (const auto& s : scanned.items()) {
        bool listed = std::any_of(out.items().begin(), out.items().end(),
                                  [&](const Node& o) { return o.text() == s.text(); });
        if (!listed) out.push(s);
    }
    b.set("embedded_credentials", std::move(out));
}

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
    // A key the configuration sets encrypts the topic, though its ARN is known only after apply.
    if (const Node* key = tf_get(b, "kms_master_key_id")) {
        b.set("encryption.enabled", Node::boolean(true, key->mark()));
    } else {
        b.set("encryption.enabled", defaulted(Node::boolean(false), b.at()));
    }
    b.link("kms_master_key_id", "encrypted_by", "encrypts");
    // Terraform has no inline subscriptions: each is an aws_sns_topic_subscription.
    b.set("subscriptions", defaulted(Node::sequence(), b.at()));
    embedded_credentials(b, {});
}

// aws_sns_topic_subscription: CloudFormation's AWS::SNS::Subscription.
void sns_subscription(Builder& b) {
    tf_copy(b, "protocol", "protocol");  // endpoint is not copied: its URL may hold a password
    tf_copy_or(b, "raw_message_delivery", "raw_message_delivery", Node::boolean(false));
    b.link("topic_arn", "topic", "subscriptions");
    embedded_credentials(b, {});
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

void firehose_stream(Builder& b) {
    // Terraform has no DeliveryStreamType: a source configuration block names the source, and
    // without one producers put records directly.
    if (const Node* k = tf_get(b, "kinesis_source_configuration"); k && k->is_unknown()) {
        b.set("source", *k);
    } else if (k && k->size() > 0) {
        b.set("source", Node::string("KinesisStreamAsSource", k->mark()));
    } else if (const Node* m = tf_get(b, "msk_source_configuration"); m && m->is_unknown()) {
        b.set("source", *m);
    } else if (m && m->size() > 0) {
        b.set("source", Node::string("MSKAsSource", m->mark()));
    } else {
        b.set("source", defaulted(Node::string("DirectPut"), b.at()));
    }
    // server_side_encryption is read back with enabled false when not configured.
    const Node* on = tf_get(b, "server_side_encryption[0].enabled");
    if (!on) on = tf_get(b, "server_side_encryption");  // the whole block unknown
    if (on && (on->is_unknown() || on->kind() == NodeKind::kBool)) {
        b.set("encryption.enabled", *on);
    } else {
        b.set("encryption.enabled", defaulted(Node::boolean(false), b.at()));
    }
    if (on && on->as_bool() == true) {
        tf_copy(b, "encryption.key_type", "server_side_encryption[0].key_type");
    }
    tf_copy(b, "encryption.kms_key", "server_side_encryption[0].key_arn");
    b.link("server_side_encryption[0].key_arn", "encrypted_by", "encrypts");
    b.link("kinesis_source_configuration[0].kinesis_stream_arn", "source_stream", "delivers_to");
    embedded_credentials(b, {
                                "http_endpoint_configuration[0].access_key",
                                "redshift_configuration[0].password",
                                "splunk_configuration[0].hec_token",
                                "snowflake_configuration[0].private_key",
                                "snowflake_configuration[0].key_passphrase",
                            });
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

void event_connection(Builder& b) {
    tf_copy(b, "authorization_type", "authorization_type");
    embedded_credentials(b, {
                                "auth_parameters[0].api_key[0].value",
                                "auth_parameters[0].basic[0].password",
                                "auth_parameters[0].oauth[0].client_parameters[0].client_secret",
                            });
}

}  // namespace

void register_terraform_messaging(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_sqs_queue", "aws.sqs.queue", sqs_queue},
            {"aws_sqs_queue_policy", "aws.sqs.queue_policy", sqs_queue_policy},
            {"aws_sns_topic", "aws.sns.topic", sns_topic},
            {"aws_sns_topic_policy", "aws.sns.topic_policy", sns_topic_policy},
            {"aws_sns_topic_subscription", "aws.sns.subscription", sns_subscription},
            {"aws_kinesis_stream", "aws.kinesis.stream", kinesis_stream},
            {"aws_kinesis_firehose_delivery_stream", "aws.firehose.delivery_stream",
             firehose_stream},
            {"aws_msk_cluster", "aws.msk.cluster", msk_cluster},
            {"aws_cloudwatch_event_bus_policy", "aws.events.event_bus_policy", event_bus_policy},
            {"aws_cloudwatch_event_connection", "aws.events.connection", event_connection},
        });
}

}  // namespace wasp::iac::adapters
