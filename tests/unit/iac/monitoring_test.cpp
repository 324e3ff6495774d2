// CloudTrail data events, metric filters and alarms, in CloudFormation and Terraform: the
// attributes and relations the detection configuration rules follow.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/cfn.h"
#include "tf_model.h"

namespace wasp::iac {
namespace {

using core::Node;
using core::NodeOrigin;

Model cfn_model(std::string_view text) {
    auto r = load_cloudformation(text, "m.yaml", {});
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.str();
    Model m;
    if (r.tmpl) adapt_cloudformation(*r.tmpl, m);
    link(m);
    return m;
}

std::size_t index_of(const Model& m, std::string_view id) {
    for (std::size_t i = 0; i < m.resources.size(); ++i) {
        if (m.resources[i].info.id == id) return i;
    }
    ADD_FAILURE() << "no resource " << id;
    return 0;
}

std::vector<std::string> ids(const Model& m, const std::vector<std::size_t>& indices) {
    std::vector<std::string> out;
    for (std::size_t i : indices) out.push_back(m.resources[i].info.id);
    return out;
}

std::vector<std::string> related(const Model& m, std::string_view from, std::string_view name) {
    return ids(m, m.related(index_of(m, from), name));
}

const Node* attr(const Model& m, std::string_view id, std::string_view path) {
    return m.resources[index_of(m, id)].attributes.at_path(path);
}

TEST(Monitoring, TrailWithoutSelectorsRecordsNoDataEvents) {
    Model m = cfn_model(R"(Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {IsLogging: true, S3BucketName: audit-logs}
)");
    const Node* all = attr(m, "Trail", "s3_data_events.all_buckets");
    ASSERT_NE(all, nullptr);
    EXPECT_EQ(all->as_bool(), false);
    EXPECT_EQ(all->origin(), NodeOrigin::kDefault);
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.prefixes")->size(), 0u);
}

TEST(Monitoring, BasicSelectorsRelateTheTrailToWholeBucketsOnly) {
    Model m = cfn_model(R"(Resources:
  Invoices:
    Type: AWS::S3::Bucket
  Exports:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shop-exports}
  Media:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shop-media}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      EventSelectors:
        - ReadWriteType: ReadOnly
          DataResources:
            - Type: AWS::Lambda::Function
              Values: ["arn:aws:lambda"]
            - Type: AWS::S3::Object
              Values:
                - !Sub "${Invoices.Arn}/"
                - "arn:aws:s3:::shop-exports/"
                - "arn:aws:s3:::shop-media/thumbnails/"
)");
    EXPECT_EQ(related(m, "Trail", "records_data_events"),
              (std::vector<std::string>{"Invoices", "Exports"}));
    EXPECT_EQ(related(m, "Invoices", "data_events_recorded_by"), std::vector<std::string>{"Trail"});
    EXPECT_TRUE(related(m, "Media", "data_events_recorded_by").empty());
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.all_buckets")->as_bool(), false);
    // The Lambda data resource is not an S3 one.
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.prefixes")->size(), 3u);
}

TEST(Monitoring, EveryBucketInAnyPartition) {
    for (const char* value : {"arn:aws:s3", "arn:aws:s3:::", "arn:aws-us-gov:s3"}) {
        Model m = cfn_model(std::string(R"(Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      EventSelectors:
        - DataResources: [{Type: AWS::S3::Object, Values: [")") +
                            value + "\"]}]\n");
        EXPECT_EQ(attr(m, "Trail", "s3_data_events.all_buckets")->as_bool(), true) << value;
    }
}

TEST(Monitoring, AdvancedSelectorsOnEveryBucketButSome) {
    Model m = cfn_model(R"(Resources:
  Invoices:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Management]}
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: [AWS::DynamoDB::Table]}
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: [AWS::S3::Object]}
            - {Field: readOnly, Equals: ["false"]}
            - Field: resources.ARN
              NotStartsWith: [!Sub "${Invoices.Arn}/", "arn:aws:s3:::scratch/"]
)");
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.all_buckets")->as_bool(), true);
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.excluded")->size(), 2u);
    EXPECT_EQ(related(m, "Invoices", "data_events_excluded_by"), std::vector<std::string>{"Trail"});
    EXPECT_TRUE(related(m, "Invoices", "data_events_recorded_by").empty());
}

TEST(Monitoring, AdvancedSelectorOnPrefixesOrSuffixesIsNotEveryBucket) {
    Model m = cfn_model(R"(Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: [AWS::S3::Object]}
            - {Field: resources.ARN, EndsWith: [".csv"]}
)");
    EXPECT_EQ(attr(m, "Trail", "s3_data_events.all_buckets")->as_bool(), false);
}

TEST(Monitoring, UnknownValuesMakeEveryBucketUnknown) {
    Model m = cfn_model(R"(Parameters:
  Prefix: {Type: String}
  Category: {Type: String}
Resources:
  Basic:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      EventSelectors:
        - DataResources: [{Type: AWS::S3::Object, Values: [!Ref Prefix]}]
  Advanced:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [!Ref Category]}
            - {Field: resources.type, Equals: [AWS::S3::Object]}
)");
    EXPECT_TRUE(attr(m, "Basic", "s3_data_events.all_buckets")->is_unknown());
    EXPECT_TRUE(attr(m, "Advanced", "s3_data_events.all_buckets")->is_unknown());
}

TEST(Monitoring, MetricFiltersAndAlarmsMeetByLogGroupAndMetric) {
    Model m = cfn_model(R"(Resources:
  TrailLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: audit/cloudtrail}
  OtherLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: app/web}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:111122223333:log-group:audit/cloudtrail:*
  ByName:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: audit/cloudtrail
      FilterPattern: '{ $.eventName = StopLogging }'
      MetricTransformations: [{MetricName: TrailChanges, MetricNamespace: CIS, MetricValue: "1"}]
  ByRef:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailLogs
      FilterPattern: '{ $.eventName = DeleteTrail }'
      MetricTransformations: [{MetricName: TrailChanges, MetricNamespace: CIS, MetricValue: "1"}]
  Topic:
    Type: AWS::SNS::Topic
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: TrailChanges
      Namespace: CIS
      AlarmActions: [!Ref Topic]
  MathAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ActionsEnabled: false
      Metrics:
        - Id: m1
          MetricStat: {Metric: {Namespace: CIS, MetricName: TrailChanges}, Period: 300, Stat: Sum}
  OtherAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {MetricName: TrailChanges, Namespace: Other}
)");
    EXPECT_EQ(related(m, "Trail", "log_group"), std::vector<std::string>{"TrailLogs"});
    EXPECT_EQ(related(m, "TrailLogs", "metric_filters"),
              (std::vector<std::string>{"ByName", "ByRef"}));
    EXPECT_TRUE(related(m, "OtherLogs", "metric_filters").empty());
    // Both filters publish CIS/TrailChanges: an alarm on it relates to each.
    EXPECT_EQ(related(m, "Alarm", "metric_filter"), (std::vector<std::string>{"ByName", "ByRef"}));
    EXPECT_EQ(related(m, "ByRef", "alarms"), (std::vector<std::string>{"Alarm", "MathAlarm"}));
    EXPECT_TRUE(related(m, "OtherAlarm", "metric_filter").empty());
    EXPECT_EQ(related(m, "Alarm", "notifies"), std::vector<std::string>{"Topic"});
    EXPECT_EQ(attr(m, "ByRef", "metrics[0].namespace")->text(), "CIS");
    EXPECT_EQ(attr(m, "ByRef", "pattern")->text(), "{ $.eventName = DeleteTrail }");
    EXPECT_EQ(attr(m, "Alarm", "alarm_actions")->as_bool(), true);
    EXPECT_EQ(attr(m, "Alarm", "actions_enabled")->as_bool(), true);
    EXPECT_EQ(attr(m, "Alarm", "actions_enabled")->origin(), NodeOrigin::kDefault);
    EXPECT_EQ(attr(m, "MathAlarm", "actions_enabled")->as_bool(), false);
    EXPECT_EQ(attr(m, "MathAlarm", "alarm_actions")->as_bool(), false);
    EXPECT_EQ(attr(m, "MathAlarm", "alarm_actions")->origin(), NodeOrigin::kDefault);
    EXPECT_EQ(m.resources[index_of(m, "Alarm")].info.kind, "aws.cloudwatch.alarm");
    EXPECT_EQ(m.resources[index_of(m, "ByRef")].info.kind, "aws.logs.metric_filter");
}

// A physical name wins over an alias; aliases never meet physical names, which have no ':'.
TEST(Monitoring, AliasesDoNotTakeLinksByPhysicalName) {
    Model m = cfn_model(R"(Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: audit}
  Group:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: audit}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {IsLogging: true, S3BucketName: audit}
)");
    EXPECT_EQ(related(m, "Trail", "logs_to"), std::vector<std::string>{"Logs"});
    EXPECT_TRUE(related(m, "Trail", "log_group").empty());
}

// However many filters share a metric, an alarm on it relates to a bounded number of them.
TEST(Monitoring, AnAliasSharedByManyRelatesToAtMostAHundred) {
    std::string text = "Resources:\n";
    for (int i = 0; i < 150; ++i) {
        text += "  F" + std::to_string(i) +
                ":\n    Type: AWS::Logs::MetricFilter\n    Properties:\n"
                "      LogGroupName: g\n      FilterPattern: x\n"
                "      MetricTransformations: [{MetricName: M, MetricNamespace: N}]\n";
    }
    text +=
        "  Alarm:\n    Type: AWS::CloudWatch::Alarm\n"
        "    Properties: {MetricName: M, Namespace: N}\n";
    Model m = cfn_model(text);
    EXPECT_EQ(m.related(index_of(m, "Alarm"), "metric_filter").size(), 100u);
}

TEST(Monitoring, TerraformDataEventsFiltersAndAlarms) {
    Model m = test::model_of(R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.invoices", "mode": "managed", "type": "aws_s3_bucket",
     "name": "invoices", "values": {"bucket": "shop-invoices"}},
    {"address": "aws_s3_bucket.media", "mode": "managed", "type": "aws_s3_bucket",
     "name": "media", "values": {"bucket": "shop-media"}},
    {"address": "aws_cloudwatch_log_group.trail", "mode": "managed",
     "type": "aws_cloudwatch_log_group", "name": "trail", "values": {"name": "audit/cloudtrail"}},
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail", "name": "main",
     "values": {"name": "audit", "s3_bucket_name": "audit-logs", "event_selector": [],
      "advanced_event_selector": [{"field_selector": [
        {"field": "eventCategory", "equals": ["Data"], "starts_with": null},
        {"field": "resources.type", "equals": ["AWS::S3::Object"], "starts_with": null},
        {"field": "resources.ARN", "equals": null,
         "starts_with": ["arn:aws:s3:::shop-media/"]}]}]}},
    {"address": "aws_cloudwatch_log_metric_filter.f", "mode": "managed",
     "type": "aws_cloudwatch_log_metric_filter", "name": "f",
     "values": {"name": "trail-changes", "pattern": "{ $.eventName = StopLogging }",
      "log_group_name": "audit/cloudtrail",
      "metric_transformation": [{"name": "TrailChanges", "namespace": "CIS", "value": "1"}]}},
    {"address": "aws_cloudwatch_metric_alarm.a", "mode": "managed",
     "type": "aws_cloudwatch_metric_alarm", "name": "a",
     "values": {"alarm_name": "trail-changes", "metric_name": "TrailChanges", "namespace": "CIS",
      "alarm_actions": ["arn:aws:sns:eu-west-1:111122223333:alerts"], "actions_enabled": true,
      "metric_query": []}}
  ]}},
  "resource_changes": [
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail",
     "name": "main", "change": {"actions": ["create"], "after_unknown": {
       "cloud_watch_logs_group_arn": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail",
     "name": "main", "expressions": {
       "cloud_watch_logs_group_arn": {"references": ["aws_cloudwatch_log_group.trail.arn",
                                                     "aws_cloudwatch_log_group.trail"]}}},
    {"address": "aws_cloudwatch_log_metric_filter.f", "mode": "managed",
     "type": "aws_cloudwatch_log_metric_filter", "name": "f",
     "expressions": {"log_group_name": {"constant_value": "audit/cloudtrail"}}}
  ]}}
})");
    EXPECT_EQ(related(m, "aws_cloudtrail.main", "records_data_events"),
              std::vector<std::string>{"aws_s3_bucket.media"});
    EXPECT_TRUE(related(m, "aws_s3_bucket.invoices", "data_events_recorded_by").empty());
    EXPECT_EQ(attr(m, "aws_cloudtrail.main", "s3_data_events.all_buckets")->as_bool(), false);
    EXPECT_EQ(related(m, "aws_cloudtrail.main", "log_group"),
              std::vector<std::string>{"aws_cloudwatch_log_group.trail"});
    EXPECT_EQ(related(m, "aws_cloudwatch_log_group.trail", "metric_filters"),
              std::vector<std::string>{"aws_cloudwatch_log_metric_filter.f"});
    EXPECT_EQ(related(m, "aws_cloudwatch_log_metric_filter.f", "alarms"),
              std::vector<std::string>{"aws_cloudwatch_metric_alarm.a"});
    const auto& alarm = m.resources[index_of(m, "aws_cloudwatch_metric_alarm.a")];
    EXPECT_EQ(alarm.info.kind, "aws.cloudwatch.alarm");
    EXPECT_EQ(alarm.attributes.get("alarm_actions")->as_bool(), true);
    EXPECT_EQ(alarm.attributes.get("actions_enabled")->as_bool(), true);
}

TEST(Monitoring, TerraformDataResourceReferencingABucket) {
    Model m = test::model_of(R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.invoices", "mode": "managed", "type": "aws_s3_bucket",
     "name": "invoices", "values": {"bucket": "shop-invoices"}},
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail", "name": "main",
     "values": {"name": "audit", "s3_bucket_name": "audit-logs", "advanced_event_selector": [],
      "event_selector": [{"data_resource": [{"type": "AWS::S3::Object"}]}]}}
  ]}},
  "resource_changes": [
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail",
     "name": "main", "change": {"actions": ["create"], "after_unknown": {
       "event_selector": [{"data_resource": [{"values": [true]}]}]}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail",
     "name": "main", "expressions": {"event_selector": [{"data_resource": [{
       "type": {"constant_value": "AWS::S3::Object"},
       "values": {"references": ["aws_s3_bucket.invoices.arn", "aws_s3_bucket.invoices"]}}]}]}}
  ]}}
})");
    EXPECT_EQ(related(m, "aws_s3_bucket.invoices", "data_events_recorded_by"),
              std::vector<std::string>{"aws_cloudtrail.main"});
    // The value names the referenced bucket, so it does not leave "every bucket" open.
    EXPECT_EQ(attr(m, "aws_cloudtrail.main", "s3_data_events.all_buckets")->as_bool(), false);
}

}  // namespace
}  // namespace wasp::iac
