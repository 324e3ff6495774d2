// Adapters for logging and detection: CloudTrail, CloudWatch Logs and alarms, AWS Config,
// GuardDuty, Security Hub (docs/model.md, docs/model-edge-keys-logging-messaging.md).
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

// Where a trail records S3 data events: from AdvancedEventSelectors when written, else from the
// DataResources of type AWS::S3::Object of EventSelectors (S3DataEvents).
Node s3_data_events(Builder& b) {
    static constexpr S3DataEvents::SelectorKeys kKeys{"Field",    "Equals",        "StartsWith",
                                                      "EndsWith", "NotStartsWith", "NotEquals"};
    const Node* advanced = b.prop("AdvancedEventSelectors");
    const Node* basic = b.prop("EventSelectors");
    S3DataEvents events(b);
    if (advanced && !advanced->is_null()) {
        if (advanced->is_unknown()) return *advanced;
        for (const auto& sel : advanced->items()) {
            const Node* fields = sel.is_unknown() ? &sel : sel.get("FieldSelectors");
            if (fields && fields->is_unknown()) {
                events.unknown(*fields);
            } else if (fields) {
                events.advanced(*fields, kKeys);
            }
        }
        return events.result(advanced->mark());
    }
    if (basic && basic->is_unknown()) return *basic;
    if (!basic || !basic->is_sequence() || basic->size() == 0) return S3DataEvents::none(b.at());
    for (const auto& sel : basic->items()) {
        const Node* resources = sel.is_unknown() ? &sel : sel.get("DataResources");
        if (resources && resources->is_unknown()) {
            events.unknown(*resources);
            continue;
        }
        if (!resources) continue;
        for (const auto& r : resources->items()) {
            const Node* type = r.is_unknown() ? &r : r.get("Type");
            if (type && type->is_unknown()) {
                events.unknown(*type);
                continue;
            }
            if (!text_is(type, "AWS::S3::Object")) continue;
            const Node* values = r.get("Values");
            if (values && values->is_unknown()) {
                events.record(*values);
            } else if (values) {
                for (const auto& v : values->items()) events.record(v);
            }
        }
    }
    return events.result(basic->mark());
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
    if (const Node* arn = b.prop("CloudWatchLogsLogGroupArn")) {
        link_log_group(b, *arn, "log_group", "receives_logs_from");
    }
    b.set("management_events", management_events(b));
    b.set("s3_data_events", s3_data_events(b));
}

void log_group(Builder& b) {
    b.copy("retention_days", "RetentionInDays");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
    // Metric filters and trails name the group by its name or ARN, often written out.
    if (const Node* name = b.prop("LogGroupName"); name && name->kind() == NodeKind::kString) {
        if (auto alias = log_group_alias(name->text()); !alias.empty()) b.alias(std::move(alias));
    }
}

void metric_filter(Builder& b) {
    b.copy("pattern", "FilterPattern");
    Node metrics = Node::sequence(b.at());
    if (const Node* list = b.prop("MetricTransformations"); list && list->is_unknown()) {
        metrics = *list;
    } else if (list) {
        for (const auto& t : list->items()) {
            Node m = Node::mapping(t.mark());
            const Node* name = t.is_mapping() ? t.get("MetricName") : nullptr;
            const Node* ns = t.is_mapping() ? t.get("MetricNamespace") : nullptr;
            if (name) m.set("name", *name);
            if (ns) m.set("namespace", *ns);
            metrics.push(std::move(m));
            if (auto alias = metric_alias(ns, name); !alias.empty()) b.alias(std::move(alias));
        }
    }
    b.set("metrics", std::move(metrics));
    if (const Node* group = b.prop("LogGroupName")) {
        link_log_group(b, *group, "log_group", "metric_filters");
    }
}

// An alarm on the metric of a metric filter relates to the filter (metric_filter, reverse
// alarms) by the metric's namespace and name, which both write out.
void cloudwatch_alarm(Builder& b) {
    b.copy("metric_name", "MetricName");
    b.copy("namespace", "Namespace");
    // ActionsEnabled: "The default is TRUE."
    b.copy_or("actions_enabled", "ActionsEnabled", Node::boolean(true));
    const Node* actions = b.prop("AlarmActions");
    if (actions && actions->is_unknown()) {
        b.set("alarm_actions", *actions);
    } else if (actions && actions->is_sequence() && actions->size() > 0) {
        b.set("alarm_actions", Node::boolean(true, actions->mark()));
    } else {
        b.set("alarm_actions", defaulted(Node::boolean(false), b.at()));
    }
    b.link("AlarmActions", "notifies", "alarms");
    auto on_metric = [&](const Node* ns, const Node* name) {
        if (auto alias = metric_alias(ns, name); !alias.empty()) {
            b.link_alias(std::move(alias), "metric_filter", "alarms");
        }
    };
    on_metric(b.prop("Namespace"), b.prop("MetricName"));
    // A metric math alarm names its metrics in Metrics[].MetricStat.Metric.
    if (const Node* queries = b.prop("Metrics"); queries && queries->is_sequence()) {
        for (const auto& q : queries->items()) {
            const Node* m = q.at_path("MetricStat.Metric");
            if (m && m->is_mapping()) on_metric(m->get("Namespace"), m->get("MetricName"));
        }
    }
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
                   {"AWS::Logs::MetricFilter", "aws.logs.metric_filter", metric_filter},
                   {"AWS::CloudWatch::Alarm", "aws.cloudwatch.alarm", cloudwatch_alarm},
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
