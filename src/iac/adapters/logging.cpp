// Adapters for logging and detection: CloudTrail, CloudWatch Logs, AWS Config, GuardDuty,
// Security Hub (docs/model.md, docs/model-edge-keys-logging-messaging.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

bool list_has(const Node* list, std::string_view text) {
    if (!list) return false;
    if (list->is_scalar()) return list->text() == text;
    if (!list->is_sequence()) return false;
    return std::any_of(list->items().begin(), list->items().end(),
                       [&](const Node& i) { return text_is(&i, text); });
}

// Which management events a trail records: "all", "read_only", "write_only" or "none".
// No selectors: all of them. Basic EventSelectors: every selector with IncludeManagementEvents
// (default true) adds its ReadWriteType (default All). AdvancedEventSelectors: every selector with
// eventCategory Equals Management adds reads, writes or both, by its readOnly field.
Node management_events(const Builder& b) {
    ManagementEvents events;
    Mark at = b.at();
    const Node* advanced = b.prop("AdvancedEventSelectors");
    const Node* basic = b.prop("EventSelectors");
    if (advanced && !advanced->is_null()) {
        at = advanced->mark();
        if (advanced->is_unknown()) return *advanced;
        for (const auto& sel : advanced->items()) {
            const Node* fields = sel.get("FieldSelectors");
            if (sel.is_unknown() || (fields && fields->is_unknown())) {
                events.unknown = sel.is_unknown() ? sel : *fields;
                continue;
            }
            if (!fields) continue;
            bool management = false;
            std::optional<Node> read_only;
            for (const auto& f : fields->items()) {
                const Node* name = f.get("Field");
                const Node* eq = f.get("Equals");
                if (f.is_unknown() || (name && name->is_unknown())) {
                    events.unknown = f.is_unknown() ? f : *name;
                } else if (text_is(name, "eventCategory")) {
                    if (eq && eq->is_unknown()) {
                        events.unknown = *eq;
                    } else {
                        management = list_has(eq, "Management");
                    }
                } else if (text_is(name, "readOnly") && eq) {
                    const Node* v = eq->is_sequence() && eq->size() == 1 ? &eq->items()[0] : eq;
                    read_only = *v;
                }
            }
            if (!management) continue;
            events.add_read_only(read_only);
        }
    } else if (basic && basic->is_unknown()) {
        return *basic;
    } else if (basic && basic->is_sequence() && basic->size() > 0) {
        at = basic->mark();
        for (const auto& sel : basic->items()) {
            if (sel.is_unknown()) {
                events.unknown = sel;
                continue;
            }
            const Node* inc = sel.get("IncludeManagementEvents");
            if (inc && inc->is_unknown()) {
                events.unknown = *inc;
                continue;
            }
            if (inc && inc->as_bool() == false) continue;
            events.add(sel.get("ReadWriteType"));
        }
    } else {
        return defaulted(Node::string("all"), b.at());
    }
    return events.result(at);
}

void cloudtrail(Builder& b) {
    b.copy_or("multi_region", "IsMultiRegionTrail", Node::boolean(false));
    b.copy_or("log_file_validation", "EnableLogFileValidation", Node::boolean(false));
    b.copy("kms_key", "KMSKeyId");
    b.copy("is_logging", "IsLogging");
    b.copy_or("include_global_events", "IncludeGlobalServiceEvents", Node::boolean(true));
    b.copy_or("organization_trail", "IsOrganizationTrail", Node::boolean(false));
    b.present("cloudwatch_logs", "CloudWatchLogsLogGroupArn");
    b.copy("s3_bucket", "S3BucketName");
    b.link("S3BucketName", "logs_to", "receives_logs_from");
    b.link("KMSKeyId", "encrypted_by", "encrypts");
    b.link("CloudWatchLogsLogGroupArn", "log_group", "receives_logs_from");
    b.set("management_events", management_events(b));
}

void log_group(Builder& b) {
    b.copy("retention_days", "RetentionInDays");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

void delivery_source(Builder& b) {
    b.copy("resource_arn", "ResourceArn");
    b.copy("log_type", "LogType");
    b.link("ResourceArn", "source", "log_delivery_source");
}

void config_recorder(Builder& b) {
    const Node* group = b.prop("RecordingGroup");
    const Node* strategy = b.prop("RecordingGroup.RecordingStrategy.UseOnly");
    if (!group || group->is_null()) {
        // Without a RecordingGroup, Config records every supported resource type.
        b.set("all_supported", defaulted(Node::boolean(true), b.at()));
    } else if (group->is_unknown()) {
        b.set("all_supported", *group);
    } else if (const Node* all = group->get("AllSupported"); all && !all->is_null()) {
        b.set("all_supported", *all);
    } else if (strategy && strategy->is_unknown()) {
        b.set("all_supported", *strategy);
    } else if (strategy) {
        b.set("all_supported",
              Node::boolean(text_is(strategy, "ALL_SUPPORTED_RESOURCE_TYPES"), strategy->mark()));
    } else {
        b.set("all_supported", defaulted(Node::boolean(false), group->mark()));
    }
    b.copy_or("include_global_resources", "RecordingGroup.IncludeGlobalResourceTypes",
              Node::boolean(false));
    b.copy_or("recording_frequency", "RecordingMode.RecordingFrequency",
              Node::string("CONTINUOUS"));
}

void config_delivery_channel(Builder& b) {
    b.copy("s3_bucket", "S3BucketName");
    b.link("S3BucketName", "logs_to", "receives_logs_from");
    b.copy("sns_topic", "SnsTopicARN");
}

void config_remediation(Builder& b) {
    b.copy("config_rule", "ConfigRuleName");
    b.link("ConfigRuleName", "config_rule", "remediation");
    // Remediation runs only when someone starts it, unless Automatic is true.
    b.copy_or("automatic", "Automatic", Node::boolean(false));
    b.copy("target", "TargetId");
}

void guardduty_detector(Builder& b) {
    b.copy("enabled", "Enable");
    Node features = Node::sequence(b.at());
    if (const Node* list = b.prop("Features"); list && list->is_unknown()) {
        features = *list;
    } else if (list && list->is_sequence()) {
        for (const auto& f : list->items()) {
            if (!f.is_mapping()) {
                features.push(f);
                continue;
            }
            Node n = Node::mapping(f.mark());
            if (const Node* v = f.get("Name")) n.set("name", *v);
            if (const Node* v = f.get("Status")) n.set("status", *v);
            features.push(std::move(n));
        }
    }
    b.set("features", std::move(features));
}

void securityhub_hub(Builder& b) {
    // EnableSecurityHub: "If you do not provide a value for EnableDefaultStandards, it is set to
    // true."
    b.copy_or("default_standards", "EnableDefaultStandards", Node::boolean(true));
}

}  // namespace

void register_logging(Adapters& out) {
    out.insert(out.end(),
               {
                   {"AWS::CloudTrail::Trail", "aws.cloudtrail.trail", cloudtrail},
                   {"AWS::Logs::LogGroup", "aws.logs.log_group", log_group},
                   {"AWS::Logs::DeliverySource", "aws.logs.delivery_source", delivery_source},
                   {"AWS::Config::ConfigurationRecorder", "aws.config.configuration_recorder",
                    config_recorder},
                   {"AWS::Config::DeliveryChannel", "aws.config.delivery_channel",
                    config_delivery_channel},
                   {"AWS::Config::RemediationConfiguration", "aws.config.remediation_configuration",
                    config_remediation},
                   {"AWS::GuardDuty::Detector", "aws.guardduty.detector", guardduty_detector},
                   {"AWS::SecurityHub::Hub", "aws.securityhub.hub", securityhub_hub},
               });
}

}  // namespace wasp::iac::adapters
