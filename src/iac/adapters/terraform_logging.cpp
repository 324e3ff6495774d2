// Terraform adapters for logging and detection: CloudTrail, CloudWatch Logs, AWS Config,
// GuardDuty, Security Hub (docs/model.md).
#include <optional>

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
                } else if (text_is(name, "readOnly") && eq->size() == 1) {
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
    b.link("cloud_watch_logs_group_arn", "log_group", "receives_logs_from");
    b.set("management_events", management_events(b));
}

void log_group(Builder& b) {
    // 0, the provider's default, means the events never expire: no retention.
    if (const Node* days = tf_get(b, "retention_in_days");
        days && !(days->as_number() && *days->as_number() == 0)) {
        b.set("retention_days", *days);
    }
    tf_copy(b, "kms_key", "kms_key_id");
    b.link("kms_key_id", "encrypted_by", "encrypts");
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
