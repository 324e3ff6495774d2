// Terraform adapters for logging and detection: CloudTrail, CloudWatch Logs and alarms, AWS
// Config, GuardDuty, Security Hub (docs/model.md).
#include <optional>
#include <string>

#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

// Which management events a trail records: "all", "read_only", "write_only" or "none", as for
// CloudFormation. No selector: all. event_selector blocks: each with include_management_events
// (default true) adds its read_write_type (default All). advanced_event_selector blocks: each
// whose field_selector eventCategory equals Management adds reads, writes or both (readOnly).
Node management_events(const Builder& b) {
    ManagementEvents events;
    Mark at = b.at();
    const Node* advanced = tf_get(b, "advanced_event_selector");
    const Node* basic = tf_get(b, "event_selector");
    if (advanced && advanced->is_unknown()) return *advanced;
    if (basic && basic->is_unknown()) return *basic;
    if (advanced && advanced->size() > 0) {
        at = advanced->mark();
        for (const auto& sel : advanced->items()) {
            const Node* fields = sel.get("field_selector");
            if (!fields || fields->is_unknown()) {
                if (fields) events.unknown = *fields;
                continue;
            }
            bool management = false;
            std::optional<Node> read_only;
            for (const auto& f : fields->items()) {
                const Node* name = f.get("field");
                const Node* eq = f.get("equals");
                if (!eq || eq->is_null()) continue;
                if (eq->is_unknown()) {
                    events.unknown = *eq;
                } else if (text_is(name, "eventCategory")) {
                    for (const auto& v : eq->items()) management |= text_is(&v, "Management");
                } else if (text_is(name, "readOnly") && eq->is_sequence() && eq->size() == 1) {
                    read_only = eq->items()[0];
                }
            }
            if (!management) continue;
            events.add_read_only(read_only);
        }
    } else if (basic && basic->size() > 0) {
        at = basic->mark();
        for (const auto& sel : basic->items()) {
            const Node* inc = sel.get("include_management_events");
            if (inc && inc->is_unknown()) {
                events.unknown = *inc;
                continue;
            }
            if (inc && inc->as_bool() == false) continue;
            events.add(sel.get("read_write_type"));
        }
    } else {
        return defaulted(Node::string("all"), b.at());
    }
    return events.result(at);
}

// Where a trail records S3 data events, as for CloudFormation: from advanced_event_selector
// blocks when there are any, else from the data_resource blocks of type AWS::S3::Object of
// event_selector blocks. A value list whose expression references a resource of the plan
// (aws_s3_bucket.b.arn) relates the trail to it.
Node s3_data_events(Builder& b) {
    static constexpr S3DataEvents::SelectorKeys kKeys{"field",     "equals",          "starts_with",
                                                      "ends_with", "not_starts_with", "not_equals"};
    const Node* advanced = tf_get(b, "advanced_event_selector");
    const Node* basic = tf_get(b, "event_selector");
    if (advanced && advanced->is_unknown()) return *advanced;
    if (basic && basic->is_unknown()) return *basic;
    S3DataEvents events(b);
    auto link_values = [&](const std::string& path) {
        if (!b.has_reference(path)) return false;
        b.link(path, "records_data_events", "data_events_recorded_by");
        return true;
    };
    if (advanced && advanced->size() > 0) {
        std::size_t i = 0;
        for (const auto& sel : advanced->items()) {
            std::string fields_path =
                "advanced_event_selector[" + std::to_string(i++) + "].field_selector";
            const Node* fields = sel.is_unknown() ? &sel : sel.get("field_selector");
            if (fields && fields->is_unknown()) {
                events.unknown(*fields);
            } else if (fields) {
                events.advanced(*fields, kKeys, [&](std::size_t j, std::string_view key) {
                    return link_values(fields_path + "[" + std::to_string(j) + "]." +
                                       std::string(key));
                });
            }
        }
        return events.result(advanced->mark());
    }
    if (!basic || basic->size() == 0) return S3DataEvents::none(b.at());
    auto selectors = basic->items();
    for (std::size_t i = 0; i < selectors.size(); ++i) {
        const Node& sel = selectors[i];
        const Node* resources = sel.is_unknown() ? &sel : sel.get("data_resource");
        if (resources && resources->is_unknown()) {
            events.unknown(*resources);
            continue;
        }
        if (!resources) continue;
        auto items = resources->items();
        for (std::size_t j = 0; j < items.size(); ++j) {
            const Node& r = items[j];
            const Node* type = r.is_unknown() ? &r : r.get("type");
            if (type && type->is_unknown()) {
                events.unknown(*type);
                continue;
            }
            if (!text_is(type, "AWS::S3::Object")) continue;
            bool ref = link_values("event_selector[" + std::to_string(i) + "].data_resource[" +
                                   std::to_string(j) + "].values");
            const Node* values = r.get("values");
            if (values && values->is_unknown()) {
                events.record(*values, ref);
            } else if (values) {
                for (const auto& v : values->items()) events.record(v, ref);
            }
        }
    }
    return events.result(basic->mark());
}

void cloudtrail(Builder& b) {
    tf_copy_or(b, "multi_region", "is_multi_region_trail", Node::boolean(false));
    tf_copy_or(b, "log_file_validation", "enable_log_file_validation", Node::boolean(false));
    tf_copy(b, "kms_key", "kms_key_id");
    // The provider starts logging unless enable_logging is false.
    tf_copy_or(b, "is_logging", "enable_logging", Node::boolean(true));
    tf_copy_or(b, "include_global_events", "include_global_service_events", Node::boolean(true));
    tf_copy_or(b, "organization_trail", "is_organization_trail", Node::boolean(false));
    // A log group ARN the configuration sets delivers, though it is known only after apply.
    if (const Node* arn = tf_get(b, "cloud_watch_logs_group_arn")) {
        b.set("cloudwatch_logs", Node::boolean(true, arn->mark()));
    } else {
        b.set("cloudwatch_logs", defaulted(Node::boolean(false), b.at()));
    }
    tf_copy(b, "s3_bucket", "s3_bucket_name");
    b.link("s3_bucket_name", "logs_to", "receives_logs_from");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    if (b.has_reference("cloud_watch_logs_group_arn")) {
        b.link("cloud_watch_logs_group_arn", "log_group", "receives_logs_from");
    } else if (const Node* arn = tf_get(b, "cloud_watch_logs_group_arn")) {
        link_log_group(b, *arn, "log_group", "receives_logs_from");
    }
    b.set("management_events", management_events(b));
    b.set("s3_data_events", s3_data_events(b));
}

void log_group(Builder& b) {
    // 0, the provider's default, means the events never expire: no retention.
    if (const Node* days = tf_get(b, "retention_in_days");
        days && !(days->as_number() && *days->as_number() == 0)) {
        b.set("retention_days", *days);
    }
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
    // Metric filters and trails name the group by its name or ARN, often written out.
    if (const Node* name = tf_get(b, "name"); name && name->kind() == NodeKind::kString) {
        if (auto alias = log_group_alias(name->text()); !alias.empty()) b.alias(std::move(alias));
    }
}

void metric_filter(Builder& b) {
    tf_copy(b, "pattern", "pattern");
    Node metrics = Node::sequence(b.at());
    if (const Node* list = tf_get(b, "metric_transformation"); list && list->is_unknown()) {
        metrics = *list;
    } else if (list) {
        for (const auto& t : list->items()) {
            Node m = Node::mapping(t.mark());
            const Node* name = t.is_mapping() ? t.get("name") : nullptr;
            const Node* ns = t.is_mapping() ? t.get("namespace") : nullptr;
            if (name) m.set("name", *name);
            if (ns) m.set("namespace", *ns);
            metrics.push(std::move(m));
            if (auto alias = metric_alias(ns, name); !alias.empty()) b.alias(std::move(alias));
        }
    }
    b.set("metrics", std::move(metrics));
    if (b.has_reference("log_group_name")) {
        b.link("log_group_name", "log_group", "metric_filters");
    } else if (const Node* group = tf_get(b, "log_group_name")) {
        link_log_group(b, *group, "log_group", "metric_filters");
    }
}

// aws_cloudwatch_metric_alarm: CloudFormation's AWS::CloudWatch::Alarm, related to the metric
// filters that publish its metric by the metric's namespace and name, or by a reference to the
// filter (metric_transformation[0].name).
void metric_alarm(Builder& b) {
    tf_copy(b, "metric_name", "metric_name");
    tf_copy(b, "namespace", "namespace");
    // actions_enabled: the provider's default is true.
    tf_copy_or(b, "actions_enabled", "actions_enabled", Node::boolean(true));
    const Node* actions = tf_get(b, "alarm_actions");
    if (actions && actions->is_unknown()) {
        b.set("alarm_actions", *actions);
    } else if (actions && actions->is_sequence() && actions->size() > 0) {
        b.set("alarm_actions", Node::boolean(true, actions->mark()));
    } else {
        b.set("alarm_actions", defaulted(Node::boolean(false), b.at()));
    }
    if (b.has_reference("alarm_actions")) b.link("alarm_actions", "notifies", "alarms");
    auto on_metric = [&](const std::string& at, const Node* ns, const Node* name) {
        if (b.has_reference(at + "metric_name")) {
            b.link(at + "metric_name", "metric_filter", "alarms");
        }
        if (auto alias = metric_alias(ns, name); !alias.empty()) {
            b.link_alias(std::move(alias), "metric_filter", "alarms");
        }
    };
    on_metric("", tf_get(b, "namespace"), tf_get(b, "metric_name"));
    // A metric math alarm names its metrics in metric_query blocks.
    if (const Node* queries = tf_get(b, "metric_query"); queries && queries->is_sequence()) {
        for (std::size_t i = 0; i < queries->items().size(); ++i) {
            const Node* m = queries->items()[i].at_path("metric[0]");
            if (!m || !m->is_mapping()) continue;
            on_metric("metric_query[" + std::to_string(i) + "].metric[0].", m->get("namespace"),
                      m->get("metric_name"));
        }
    }
}

// --- AWS Config, GuardDuty, Security Hub ------------------------------------------------------

void config_recorder(Builder& b) {
    const Node* group = tf_get(b, "recording_group[0]");
    const Node* all = tf_get(b, "recording_group[0].all_supported");
    const Node* strategy = tf_get(b, "recording_group[0].recording_strategy[0].use_only");
    if (!group) {
        // Without a recording_group, Config records every supported resource type.
        b.set("all_supported", defaulted(Node::boolean(true), b.at()));
    } else if (group->is_unknown()) {
        b.set("all_supported", *group);
    } else if (all) {
        b.set("all_supported", *all);
    } else if (strategy && strategy->is_unknown()) {
        b.set("all_supported", *strategy);
    } else if (strategy) {
        b.set("all_supported",
              Node::boolean(text_is(strategy, "ALL_SUPPORTED_RESOURCE_TYPES"), strategy->mark()));
    } else {
        // all_supported: the provider's default is true.
        b.set("all_supported", defaulted(Node::boolean(true), group->mark()));
    }
    tf_copy_or(b, "include_global_resources", "recording_group[0].include_global_resource_types",
               Node::boolean(false));
    tf_copy_or(b, "recording_frequency", "recording_mode[0].recording_frequency",
               Node::string("CONTINUOUS"));
}

void config_delivery_channel(Builder& b) {
    tf_copy(b, "s3_bucket", "s3_bucket_name");
    b.link("s3_bucket_name", "logs_to", "receives_logs_from");
    tf_copy(b, "sns_topic", "sns_topic_arn");
}

// aws_config_remediation_configuration: CloudFormation's RemediationConfiguration. It names its
// rule (config_rule_name), so it stays a resource of its own related to the rule, as there.
void config_remediation(Builder& b) {
    tf_copy(b, "config_rule", "config_rule_name");
    b.link("config_rule_name", "config_rule", "remediation");
    // Remediation runs only when someone starts it, unless automatic is true.
    tf_copy_or(b, "automatic", "automatic", Node::boolean(false));
    tf_copy(b, "target", "target_id");
}

void guardduty_detector(Builder& b) {
    // enable: the provider's default is true. Features are separate resources
    // (aws_guardduty_detector_feature) and are not read.
    tf_copy_or(b, "enabled", "enable", Node::boolean(true));
}

void securityhub_account(Builder& b) {
    tf_copy_or(b, "default_standards", "enable_default_standards", Node::boolean(true));
}

}  // namespace

void register_terraform_logging(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_cloudtrail", "aws.cloudtrail.trail", cloudtrail},
            {"aws_cloudwatch_log_group", "aws.logs.log_group", log_group},
            {"aws_cloudwatch_log_metric_filter", "aws.logs.metric_filter", metric_filter},
            {"aws_cloudwatch_metric_alarm", "aws.cloudwatch.alarm", metric_alarm},
            {"aws_config_configuration_recorder", "aws.config.configuration_recorder",
             config_recorder},
            {"aws_config_delivery_channel", "aws.config.delivery_channel", config_delivery_channel},
            {"aws_guardduty_detector", "aws.guardduty.detector", guardduty_detector},
            {"aws_config_remediation_configuration", "aws.config.remediation_configuration",
             config_remediation},
            {"aws_securityhub_account", "aws.securityhub.hub", securityhub_account},
            // A subscription enables one standard in the account's hub, as a CloudFormation
            // AWS::SecurityHub::Standard does; rules look for that kind. It names no hub to be
            // merged into (only depends_on orders it after aws_securityhub_account).
            {"aws_securityhub_standards_subscription", "aws.securityhub.standard", [](Builder&) {}},
        });
}

}  // namespace wasp::iac::adapters
