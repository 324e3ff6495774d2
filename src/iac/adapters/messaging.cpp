// Adapters for messaging, streaming and orchestration: SQS, SNS, Kinesis, Data Firehose, MSK,
// EventBridge, Step Functions (docs/model.md, docs/model-edge-keys-logging-messaging.md).
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

// --- credentials written into a template ------------------------------------------------------

// embedded_credentials: the property paths where the template itself holds a credential: a
// secret property of the type written as text (directly, through a parameter default or a
// mapping), or any text that looks like an access key, a private key or a URL with a password.
// Values known only at deployment (parameters without a default, dynamic references) are not in
// the template and are not listed. The values themselves are never copied.
void embedded_credentials(Builder& b, std::initializer_list<std::string_view> secret_paths) {
    Node out = Node::sequence(b.at());
    for (auto p : secret_paths) {
        // Written in any branch of an undecidable Fn::If is written in the template.
        for (const Node* v : b.possible(p)) {
            if (v->is_scalar() && !v->text().empty()) {
                out.push(Node::string(std::string(p), v->mark()));
                break;
            }
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

// --- SQS, SNS ---------------------------------------------------------------------------------

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

void sqs_queue_policy(Builder& b) {
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at()));
    b.link("Queues", "queue", "policy");
}

Node subscription_of(const Node& s) {
    Node n = Node::mapping(s.mark());
    // The endpoint is not copied: an HTTP(S) endpoint may carry a password in its URL.
    if (const Node* v = s.get("Protocol")) n.set("protocol", *v);
    return n;
}

void sns_topic(Builder& b) {
    b.copy("encryption.kms_key", "KmsMasterKeyId");
    b.present("encryption.enabled", "KmsMasterKeyId");
    b.link("KmsMasterKeyId", "encrypted_by", "encrypts");
    // Subscriptions written inline on the topic (Subscription).
    Node subs = Node::sequence(b.at());
    if (const Node* list = b.prop("Subscription"); list && list->is_unknown()) {
        subs = *list;
    } else if (list && list->is_sequence()) {
        for (const auto& s : list->items()) subs.push(s.is_mapping() ? subscription_of(s) : s);
    }
    b.set("subscriptions", std::move(subs));
    embedded_credentials(b, {});
}

void sns_topic_policy(Builder& b) {
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at()));
    b.link("Topics", "topic", "policy");
}

void sns_subscription(Builder& b) {
    b.copy("protocol", "Protocol");  // Endpoint is not copied, see subscription_of
    b.copy_or("raw_message_delivery", "RawMessageDelivery", Node::boolean(false));
    b.link("TopicArn", "topic", "subscriptions");
    embedded_credentials(b, {});
}

// --- Kinesis, Data Firehose, MSK --------------------------------------------------------------

void kinesis_stream(Builder& b) {
    // Records are stored unencrypted unless StreamEncryption turns on SSE with KMS.
    const Node* enc = b.prop("StreamEncryption");
    if (!enc || enc->is_null()) {
        b.set("encryption.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (const Node* t = b.prop("StreamEncryption.EncryptionType"); t && t->is_scalar()) {
        b.set("encryption.enabled", Node::boolean(t->text() == "KMS", t->mark()));
    } else if (t) {
        b.set("encryption.enabled", *t);
    } else {
        b.set("encryption.enabled", enc->is_unknown() ? *enc : Node::boolean(false, enc->mark()));
    }
    b.copy("encryption.kms_key", "StreamEncryption.KeyId");
    b.link("StreamEncryption.KeyId", "encrypted_by", "encrypts");
}

void firehose_stream(Builder& b) {
    // DirectPut unless the stream reads from a Kinesis stream, MSK or another source.
    b.copy_or("source", "DeliveryStreamType", Node::string("DirectPut"));
    const Node* enc = b.prop("DeliveryStreamEncryptionConfigurationInput");
    if (!enc || enc->is_null()) {
        b.set("encryption.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (enc->is_unknown()) {
        b.set("encryption.enabled", *enc);
        b.set("encryption.key_type", *enc);
    } else {
        b.set("encryption.enabled", Node::boolean(true, enc->mark()));
        b.copy("encryption.key_type", "DeliveryStreamEncryptionConfigurationInput.KeyType");
    }
    b.copy("encryption.kms_key", "DeliveryStreamEncryptionConfigurationInput.KeyARN");
    b.link("DeliveryStreamEncryptionConfigurationInput.KeyARN", "encrypted_by", "encrypts");
    b.link("KinesisStreamSourceConfiguration.KinesisStreamARN", "source_stream", "delivers_to");
    embedded_credentials(b, {
                                "HttpEndpointDestinationConfiguration.EndpointConfiguration."
                                "AccessKey",
                                "RedshiftDestinationConfiguration.Password",
                                "SplunkDestinationConfiguration.HECToken",
                                "SnowflakeDestinationConfiguration.PrivateKey",
                                "SnowflakeDestinationConfiguration.KeyPassphrase",
                            });
}

void msk_cluster(Builder& b) {
    // CloudFormation: ClientBroker "The default value is TLS."; InCluster "The default value is
    // true."
    b.copy_or("encryption_in_transit.client_broker",
              "EncryptionInfo.EncryptionInTransit.ClientBroker", Node::string("TLS"));
    b.copy_or("encryption_in_transit.in_cluster", "EncryptionInfo.EncryptionInTransit.InCluster",
              Node::boolean(true));
    b.copy("encryption_at_rest.kms_key", "EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId");
    b.link("EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId", "encrypted_by", "encrypts");
    // Without ClientAuthentication a cluster has no client authentication at all: any client
    // that reaches a broker is let in. With it, only the mechanisms it turns on are.
    const Node* auth = b.prop("ClientAuthentication");
    if (!auth || auth->is_null()) {
        b.set("client_authentication.unauthenticated", defaulted(Node::boolean(true), b.at()));
        for (const char* a : {"client_authentication.iam", "client_authentication.scram",
                              "client_authentication.tls"}) {
            b.set(a, defaulted(Node::boolean(false), b.at()));
        }
    } else {
        b.copy_or("client_authentication.unauthenticated",
                  "ClientAuthentication.Unauthenticated.Enabled", Node::boolean(false));
        b.copy_or("client_authentication.iam", "ClientAuthentication.Sasl.Iam.Enabled",
                  Node::boolean(false));
        b.copy_or("client_authentication.scram", "ClientAuthentication.Sasl.Scram.Enabled",
                  Node::boolean(false));
        b.copy_or("client_authentication.tls", "ClientAuthentication.Tls.Enabled",
                  Node::boolean(false));
        // Tls with certificate authorities but no Enabled flag: the CAs turn it on.
        if (const Node* cas = b.prop("ClientAuthentication.Tls.CertificateAuthorityArnList");
            cas && !b.prop("ClientAuthentication.Tls.Enabled")) {
            b.set("client_authentication.tls", Node::boolean(true, cas->mark()));
        }
    }
    // Broker logs go to CloudWatch Logs, Data Firehose or S3; each destination is off unless
    // its Enabled is true.
    const Node* logs = b.prop("LoggingInfo.BrokerLogs");
    if (!logs || logs->is_null()) {
        b.set("logging.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (logs->is_unknown()) {
        b.set("logging.enabled", *logs);
    } else {
        std::optional<Node> result;
        for (const char* dest : {"CloudWatchLogs", "Firehose", "S3"}) {
            const Node* on = logs->at_path(std::string(dest) + ".Enabled");
            if (!on) continue;
            if (on->is_unknown()) {
                if (!result) result = *on;
            } else if (on->as_bool() == true) {
                result = *on;
                break;
            }
        }
        b.set("logging.enabled", result ? *result : Node::boolean(false, logs->mark()));
    }
    b.link("LoggingInfo.BrokerLogs.CloudWatchLogs.LogGroup", "logs_to", "receives_logs_from");
}

// --- EventBridge ------------------------------------------------------------------------------

bool text_is_star(const Node* p) { return p->is_scalar() && p->text() == "*"; }

void event_bus(Builder& b) { b.set("policy_statements", statements_of(b.prop("Policy"), b.at())); }

void event_bus_policy(Builder& b) {
    b.link("EventBusName", "event_bus", "policy");
    if (const Node* st = b.prop("Statement")) {
        // Statement holds one statement (or a list): wrap it into a document.
        Node doc = Node::mapping(st->mark());
        doc.set("Statement", *st);
        b.set("statements", statements_of(&doc, b.at()));
        return;
    }
    // The older form: Principal (an account id or "*"), Action and a single Condition
    // {Type: StringEquals, Key: aws:PrincipalOrgID, Value: o-...}.
    Node s = Node::mapping(b.at());
    s.set("effect", Node::string("Allow", b.at()));
    if (const Node* sid = b.prop("StatementId")) s.set("sid", *sid);
    s.set("actions", as_list(b.prop("Action"), b.at()));
    s.set("not_actions", Node::sequence(b.at()));
    s.set("resources", Node::sequence(b.at()));
    s.set("not_resources", Node::sequence(b.at()));
    Node principals = Node::sequence(b.at());
    if (const Node* p = b.prop("Principal")) {
        Node e = Node::mapping(p->mark());
        e.set("type", Node::string(text_is_star(p) ? "*" : "AWS", p->mark()));
        e.set("value", *p);
        principals.push(std::move(e));
    }
    s.set("principals", std::move(principals));
    s.set("not_principals", Node::sequence(b.at()));
    Node conditions = Node::sequence(b.at());
    if (const Node* c = b.prop("Condition"); c && c->is_unknown()) {
        conditions = *c;
    } else if (c && c->is_mapping()) {
        Node e = Node::mapping(c->mark());
        if (const Node* t = c->get("Type")) e.set("operator", *t);
        if (const Node* k = c->get("Key")) e.set("key", *k);
        e.set("values", as_list(c->get("Value"), c->mark()));
        conditions.push(std::move(e));
    }
    s.set("conditions", std::move(conditions));
    Node list = Node::sequence(b.at());
    list.push(std::move(s));
    b.set("statements", std::move(list));
}

void event_connection(Builder& b) {
    b.copy("authorization_type", "AuthorizationType");
    embedded_credentials(b, {
                                "AuthParameters.ApiKeyAuthParameters.ApiKeyValue",
                                "AuthParameters.BasicAuthParameters.Password",
                                "AuthParameters.OAuthParameters.ClientParameters.ClientSecret",
                            });
}

// --- Step Functions ---------------------------------------------------------------------------

void state_machine_logging(Builder& b, std::string_view block) {
    std::string p(block);
    // Without a logging configuration, Step Functions writes no execution history to CloudWatch
    // Logs (level OFF); tracing with X-Ray is off as well.
    b.copy_or("logging.level", p + ".Level", Node::string("OFF"));
    b.copy_or("logging.include_execution_data", p + ".IncludeExecutionData", Node::boolean(false));
    if (const Node* dests = b.prop(p + ".Destinations"); dests && dests->is_sequence()) {
        for (const auto& d : dests->items()) {
            if (const Node* arn = d.at_path("CloudWatchLogsLogGroup.LogGroupArn")) {
                b.link_node(*arn, "logs_to", "receives_logs_from");
            }
        }
    }
}

void state_machine(Builder& b) {
    b.copy("type", "StateMachineType");
    state_machine_logging(b, "LoggingConfiguration");
    b.copy_or("tracing", "TracingConfiguration.Enabled", Node::boolean(false));
    b.link("RoleArn", "role", "used_by");
}

void sam_state_machine(Builder& b) {
    b.copy("type", "Type");
    state_machine_logging(b, "Logging");
    b.copy_or("tracing", "Tracing.Enabled", Node::boolean(false));
    b.link("Role", "role", "used_by");
}

}  // namespace

void register_messaging(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"AWS::SQS::Queue", "aws.sqs.queue", sqs_queue},
            {"AWS::SQS::QueuePolicy", "aws.sqs.queue_policy", sqs_queue_policy},
            {"AWS::SNS::Topic", "aws.sns.topic", sns_topic},
            {"AWS::SNS::TopicPolicy", "aws.sns.topic_policy", sns_topic_policy},
            {"AWS::SNS::Subscription", "aws.sns.subscription", sns_subscription},
            {"AWS::Kinesis::Stream", "aws.kinesis.stream", kinesis_stream},
            {"AWS::KinesisFirehose::DeliveryStream", "aws.firehose.delivery_stream",
             firehose_stream},
            {"AWS::MSK::Cluster", "aws.msk.cluster", msk_cluster},
            {"AWS::Events::EventBus", "aws.events.event_bus", event_bus},
            {"AWS::Events::EventBusPolicy", "aws.events.event_bus_policy", event_bus_policy},
            {"AWS::Events::Connection", "aws.events.connection", event_connection},
            {"AWS::StepFunctions::StateMachine", "aws.stepfunctions.state_machine", state_machine},
            {"AWS::Serverless::StateMachine", "aws.stepfunctions.state_machine", sam_state_machine},
        });
}

}  // namespace wasp::iac::adapters
