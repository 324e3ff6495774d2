// Terraform plan -> neutral model (adapters in adapters/terraform_*.cpp), with the resources
// that configure part of another merged into it.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "iac/adapt.h"
#include "iac/adapters/adapter.h"
#include "iac/adapters/terraform_common.h"
#include "iac/iam_derive.h"

namespace wasp::iac {

using adapters::AdapterEntry;
using adapters::find_adapter;
using core::Mark;
using core::Node;
using core::NodeOrigin;

namespace {

bool word_prefix(std::string_view s, std::string_view p) {
    return s == p || (s.starts_with(p) && s.size() > p.size() && s[p.size()] == '_');
}

struct Adapted {
    CloudResource resource;
    std::optional<adapters::Builder::Part> part;
};

// tags merged over tags_all (which adds the provider's default_tags) -> the tags attribute,
// the report's tags and data_classification.
void add_tags(CloudResource& out, const Node& values, Mark at) {
    const Node* tags = values.get("tags");
    const Node* all = values.get("tags_all");
    Node t = Node::mapping(at);
    bool more_unknown = false;  // default tags not known: one may classify the data
    if (tags && tags->is_unknown()) {
        t = *tags;
    } else {
        if (all && all->is_mapping()) {
            t = *all;
        } else if (all && all->is_unknown()) {
            more_unknown = true;
        }
        if (tags && tags->is_mapping()) {
            if (!t.mark().line) t.set_mark(tags->mark());
            for (const auto& m : tags->members()) t.set(m.key, m.value, m.key_mark);
        }
    }
    if (t.is_unknown()) out.attributes.set("data_classification", t);
    for (const auto& m : t.members()) {
        out.info.tags.emplace_back(m.key, m.value.is_scalar() ? m.value.text() : "?");
        if (adapters::is_classification_key(m.key) && !out.attributes.get("data_classification")) {
            out.attributes.set("data_classification", m.value);
        }
    }
    if (more_unknown && !out.attributes.get("data_classification")) {
        out.attributes.set("data_classification", *all);
    }
    out.attributes.set("tags", std::move(t));
}

// A policy written as an argument of the resource it protects (aws_s3_bucket's policy, provider
// v3; aws_sqs_queue's and aws_sns_topic's policy) becomes a policy resource of its own, related
// to its resource as aws_s3_bucket_policy, aws_sqs_queue_policy and aws_sns_topic_policy are.
struct InlinePolicy {
    std::string_view type;
    std::string_view kind;
    std::string_view name;  // relation policy -> resource; the reverse is "policy"
};
constexpr InlinePolicy kInlinePolicies[] = {
    {"aws_s3_bucket", "aws.s3.bucket_policy", "bucket"},
    {"aws_sqs_queue", "aws.sqs.queue_policy", "queue"},
    {"aws_sns_topic", "aws.sns.topic_policy", "topic"},
};

std::optional<CloudResource> inline_policy(const TfResource& r,
                                           const CloudResource& owner,
                                           const std::string& file_name,
                                           std::size_t file) {
    const InlinePolicy* spec = nullptr;
    for (const auto& p : kInlinePolicies) {
        if (p.type == r.type) spec = &p;
    }
    const Node* p = spec ? r.values.get("policy") : nullptr;
    if (!p || p->is_null() || (p->is_unknown() && p->origin() == NodeOrigin::kDefault) ||
        (p->is_scalar() && p->text().empty())) {
        return std::nullopt;
    }
    CloudResource out;
    out.file = file;
    out.source_id = r.address + ".policy";
    out.info.id = out.source_id;
    out.info.native_type = r.type;
    out.info.kind = std::string(spec->kind);
    out.info.location = core::SourceLocation{file_name, p->mark(), r.pointer + "/values/policy"};
    out.properties = Node::mapping(p->mark());
    out.properties.set("policy", *p);
    out.attributes = Node::mapping(p->mark());
    if (const Node* name = owner.attributes.get("name"); name && spec->name == "bucket") {
        out.attributes.set("bucket", *name);
    }
    out.attributes.set("statements", adapters::tf_statements(p, p->mark()));
    out.attributes.set("tags", Node::mapping(p->mark()));
    out.links.push_back({std::string(spec->name), "policy", r.address, false, {}});
    return out;
}

// Merges a part's attribute into its resource: mappings key by key, lists appended (an unknown
// list makes the whole list unknown), anything else replaced.
void merge_value(Node& into, const std::string& key, const Node& value, Mark key_mark) {
    Node* cur = into.get(key);
    if (!cur) {
        into.set(key, value, key_mark);
    } else if (cur->is_mapping() && value.is_mapping()) {
        for (const auto& m : value.members()) merge_value(*cur, m.key, m.value, m.key_mark);
    } else if (cur->is_sequence() && value.is_sequence()) {
        for (const auto& i : value.items()) cur->push(i);
    } else if (!(cur->is_unknown() && value.is_sequence())) {
        *cur = value;
    }
}

void merge_part(CloudResource& into,
                const CloudResource& part,
                const std::vector<std::string>& keep) {
    for (const auto& m : part.attributes.members()) {
        if (m.key == "tags" || m.key == "data_classification" ||
            std::find(keep.begin(), keep.end(), m.key) != keep.end()) {
            continue;
        }
        merge_value(into.attributes, m.key, m.value, m.key_mark);
    }
    for (const auto& l : part.links) into.links.push_back(l);
    // A skip written in the part's block (`aws_s3_bucket_versioning`) is about the resource the
    // part configures, where its findings are reported.
    for (const auto& s : part.skips) into.skips.push_back(s);
}

}  // namespace

std::string terraform_kind(std::string_view tf_type) {
    if (const AdapterEntry* a = find_adapter(tf_type)) return std::string(a->kind);
    // Types a kind name cannot be derived well from (the names CloudFormation gives them).
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"aws_lb", "aws.elb.load_balancer"},
        {"aws_alb", "aws.elb.load_balancer"},
        {"aws_elb", "aws.elb.classic_load_balancer"},
        {"aws_docdb_cluster", "aws.docdb.db_cluster"},
        {"aws_docdb_cluster_instance", "aws.docdb.db_instance"},
        {"aws_neptune_cluster", "aws.neptune.db_cluster"},
        {"aws_neptune_cluster_instance", "aws.neptune.db_instance"},
        {"aws_elasticache_cluster", "aws.elasticache.cache_cluster"},
        {"aws_elasticsearch_domain", "aws.elasticsearch.domain"},
        {"aws_cloudwatch_log_stream", "aws.logs.log_stream"},
    };
    for (auto [type, kind] : kTypes) {
        if (type == tf_type) return std::string(kind);
    }
    // Name prefixes -> service: the prefix is dropped from the type unless keep.
    struct Prefix {
        std::string_view prefix;
        std::string_view service;
        bool keep;
    };
    static constexpr Prefix kPrefixes[] = {
        {"api_gateway", "apigateway", false},
        {"cloudwatch_log", "logs", false},
        {"cloudwatch_event", "events", false},
        {"kinesis_firehose", "firehose", false},
        {"sfn", "stepfunctions", false},
        {"lb", "elb", false},
        {"alb", "elb", false},
        {"db", "rds", true},
        {"ec2", "ec2", false},
        // EC2 and VPC resources carry no service name in Terraform.
        {"vpc", "ec2", true},
        {"subnet", "ec2", true},
        {"instance", "ec2", true},
        {"eip", "ec2", true},
        {"ami", "ec2", true},
        {"internet_gateway", "ec2", true},
        {"egress_only_internet_gateway", "ec2", true},
        {"nat_gateway", "ec2", true},
        {"route", "ec2", true},
        {"route_table", "ec2", true},
        {"main_route_table_association", "ec2", true},
        {"network_acl", "ec2", true},
        {"network_interface", "ec2", true},
        {"launch_template", "ec2", true},
        {"key_pair", "ec2", true},
        {"ebs", "ec2", true},
        {"flow_log", "ec2", true},
        {"customer_gateway", "ec2", true},
        {"vpn_gateway", "ec2", true},
        {"vpn_connection", "ec2", true},
        {"placement_group", "ec2", true},
        {"volume_attachment", "ec2", true},
        {"security_group", "ec2", true},
        {"default_vpc", "ec2", true},
        {"default_subnet", "ec2", true},
        {"default_security_group", "ec2", true},
        {"default_network_acl", "ec2", true},
        {"default_route_table", "ec2", true},
        {"spot_instance_request", "ec2", true},
    };
    auto under = tf_type.find('_');
    if (under == std::string_view::npos) return std::string(tf_type);
    std::string provider(tf_type.substr(0, under));
    std::string_view rest = tf_type.substr(under + 1);
    if (provider == "aws") {
        const Prefix* best = nullptr;
        for (const auto& p : kPrefixes) {
            if (word_prefix(rest, p.prefix) && (!best || p.prefix.size() > best->prefix.size())) {
                best = &p;
            }
        }
        if (best) {
            std::string_view type = best->keep ? rest : rest.substr(best->prefix.size());
            if (type.starts_with('_')) type.remove_prefix(1);
            if (type.empty()) type = best->keep ? rest : best->prefix;
            return "aws." + std::string(best->service) + "." + std::string(type);
        }
    }
    // provider_service_type_words -> provider.service.type_words
    auto next = rest.find('_');
    if (next == std::string_view::npos) {
        return provider + "." + std::string(rest) + "." + std::string(rest);
    }
    return provider + "." + std::string(rest.substr(0, next)) + "." +
           std::string(rest.substr(next + 1));
}

void adapt_terraform(const TfPlan& plan, Model& model) {
    std::size_t file = model.files.size();
    std::size_t first = model.resources.size();
    model.files.push_back(plan.file);
    std::vector<Adapted> all;
    all.reserve(plan.resources.size());
    for (const auto& r : plan.resources) {
        Adapted a;
        CloudResource& out = a.resource;
        out.file = file;
        out.source_id = r.address;
        out.properties = r.values;
        out.attributes = Node::mapping(r.mark);
        out.info.native_type = r.type;
        out.info.id = r.address;
        out.info.location = core::SourceLocation{plan.file, r.mark, r.pointer};
        out.info.declared = r.declared;
        for (const auto& [rule, suppression] : r.skips) out.skips.push_back({rule, suppression});
        adapters::Builder b(r.values, r.mark, r.type, out);
        b.set_references(&r.references);
        const AdapterEntry* entry = find_adapter(r.type);
        out.info.kind = entry ? std::string(entry->kind) : terraform_kind(r.type);
        if (entry) entry->fn(b);
        add_tags(out, r.values, r.mark);
        add_tag_skips(out);
        if (const Node* name = out.attributes.get("name"); name && name->is_scalar()) {
            out.physical_name = name->text();
        }
        a.part = b.part();
        std::optional<CloudResource> policy;
        policy = inline_policy(r, out, plan.file, file);
        all.push_back(std::move(a));
        if (policy) all.push_back({std::move(*policy), std::nullopt});
    }

    // Parts find their resource in the same plan: by address, or by physical name (a bucket
    // name written out).
    std::map<std::string, std::size_t, std::less<>> by_address;
    std::map<std::string, std::size_t, std::less<>> by_name;
    for (std::size_t i = 0; i < all.size(); ++i) {
        by_address.emplace(all[i].resource.source_id, i);
        if (!all[i].resource.physical_name.empty()) {
            by_name.emplace(all[i].resource.physical_name, i);
        }
    }
    std::vector<bool> merged(all.size(), false);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& part = all[i].part;
        if (!part) continue;
        const auto& index = part->target.by_name ? by_name : by_address;
        auto it = index.find(part->target.target);
        if (it == index.end() || it->second == i || all[it->second].part) continue;
        merge_part(all[it->second].resource, all[i].resource, part->keep);
        merged[i] = true;
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!merged[i]) model.resources.push_back(std::move(all[i].resource));
    }
    derive_iam(model, first);
}

}  // namespace wasp::iac
