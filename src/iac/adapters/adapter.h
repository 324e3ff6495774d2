// What adapters share: the attribute builder, the shapes common to several services, and the
// registration of every adapter (one file per domain, listed in registry.cpp).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node.h"
#include "iac/model.h"

namespace wasp::iac::adapters {

using core::Mark;
using core::Node;
using core::NodeKind;
using core::NodeOrigin;

// Sets a dotted attribute path ("encryption.algorithm"), creating the mappings on the way.
void set_path(Node& root, std::string_view path, Node value);
// A documented default: the value, marked as not written, at the resource's position.
Node defaulted(Node v, Mark at);
Node number(long value, Mark at);

// Collects one resource's neutral attributes from its native properties.
class Builder {
  public:
    // properties: the native, resolved properties; mark: where the resource is written.
    Builder(const Node& properties, Mark mark, std::string_view type, CloudResource& out)
        : properties_(properties), type_(type), out_(out) {
        at_ = properties.mark().line ? properties.mark() : mark;
    }

    const Node* prop(std::string_view path) const { return properties_.at_path(path); }
    // The values the property may hold: itself, or, when it lies in a value chosen by an
    // undecidable condition, what each branch holds there (branches without it left out).
    std::vector<const Node*> possible(std::string_view path) const {
        std::string_view rest;
        const Node* v = properties_.at_path(path, &rest);
        if (!v) return {};
        if (rest.empty() && v->alternatives().empty()) return {v};
        std::vector<const Node*> out;
        for (const auto& alt : v->alternatives()) {
            if (const Node* in = rest.empty() ? &alt : alt.at_path(rest)) out.push_back(in);
        }
        if (out.empty()) out.push_back(v);
        return out;
    }

    // The value at path; one read through an unknown block (a block chosen by Fn::If, say)
    // is unknown and may not even be there.
    Node read(std::string_view path, const Node& v) const {
        if (!v.is_unknown()) return v;
        auto cut = path.find_last_of(".[");
        if (cut == std::string_view::npos || cut == 0) return v;
        const Node* parent = properties_.at_path(path.substr(0, cut));
        if (parent != &v) return v;  // the unknown is the value itself: it is there
        Node copy = v;
        copy.set_origin(NodeOrigin::kMaybeAbsent);
        return copy;
    }
    void copy(std::string_view attr, std::string_view path) {
        if (const Node* v = prop(path)) set(attr, read(path, *v));
    }
    void copy_or(std::string_view attr, std::string_view path, Node def) {
        if (const Node* v = prop(path); v && !v->is_null()) {
            set(attr, read(path, *v));
        } else {
            set(attr, defaulted(std::move(def), at_));
        }
    }
    void set(std::string_view attr, Node v) { set_path(out_.attributes, attr, std::move(v)); }
    // A boolean attribute that is true when a property (block) is present.
    void present(std::string_view attr, std::string_view path) {
        const Node* v = prop(path);
        if (v && v->is_unknown() && v->origin() == NodeOrigin::kMaybeAbsent) {
            set(attr, *v);  // written only under a condition that cannot be evaluated
        } else if (v && !v->is_null()) {
            set(attr, Node::boolean(true, v->mark()));
        } else {
            set(attr, defaulted(Node::boolean(false), at_));
        }
    }
    // Records a reference to another resource found at path (Ref / Fn::GetAtt / a name). The
    // resources the path's expression references (set_references) come first.
    void link(std::string_view path, std::string name, std::string reverse) {
        if (references_) {
            if (auto it = references_->find(path); it != references_->end()) {
                for (const auto& t : it->second)
                    out_.links.push_back({name, reverse, t, false, {}});
                return;
            }
        }
        std::string_view rest;
        const Node* v = properties_.at_path(path, &rest);
        if (!v) return;
        if (!rest.empty() && !v->alternatives().empty()) {
            // The path runs into a value chosen by an undecidable condition: follow it in each
            // branch, as a reference that may not hold.
            for (const auto& alt : v->alternatives()) {
                if (const Node* in = alt.at_path(rest)) {
                    link_node(*in, name, reverse, v->text());
                }
            }
            return;
        }
        link_node(*v, std::move(name), std::move(reverse));
    }
    // Terraform: attribute path -> addresses of the resources its expression references, so a
    // value known at plan time (a bucket name) still links to the resource it comes from.
    using References = std::map<std::string, std::vector<std::string>, std::less<>>;
    void set_references(const References* references) { references_ = references; }
    // True when the expression at path references a resource of the same file.
    bool has_reference(std::string_view path) const {
        return references_ && references_->find(path) != references_->end();
    }
    // This resource configures part of the one at path (aws_s3_bucket_versioning of a bucket):
    // the format's adapter pass merges its attributes, except keep, into that resource
    // (docs/model.md, "Parts merged into their resource").
    struct Part {
        Link target;
        std::vector<std::string> keep;
    };
    void part_of(std::string_view path, std::vector<std::string> keep = {}) {
        std::size_t n = out_.links.size();
        link(path, "part_of", "parts");
        if (out_.links.size() > n) {
            part_ = Part{out_.links[n], std::move(keep)};
            out_.links.resize(n);
        }
    }
    const std::optional<Part>& part() const { return part_; }
    // maybe: why the reference may not hold (it is a branch of an undecidable Fn::If).
    void link_node(const Node& v, std::string name, std::string reverse, std::string maybe = {}) {
        if (v.is_unknown() && !v.alternatives().empty()) {
            for (const auto& alt : v.alternatives()) {
                link_node(alt, name, reverse, maybe.empty() ? v.text() : maybe);
            }
        } else if (v.is_unknown() && !v.ref().empty()) {
            out_.links.push_back(
                {std::move(name), std::move(reverse), v.ref(), false, std::move(maybe)});
        } else if (v.kind() == NodeKind::kString && !v.text().empty()) {
            out_.links.push_back(
                {std::move(name), std::move(reverse), v.text(), true, std::move(maybe)});
        } else if (v.is_sequence()) {
            for (const auto& i : v.items()) link_node(i, name, reverse, maybe);
        }
    }
    // Another name a link by name finds this resource by (CloudResource::aliases).
    void alias(std::string name) { out_.aliases.push_back(std::move(name)); }
    // A reference to the resources that have this alias.
    void link_alias(std::string alias,
                    std::string name,
                    std::string reverse,
                    std::string maybe = {}) {
        out_.links.push_back(
            {std::move(name), std::move(reverse), std::move(alias), true, std::move(maybe)});
    }
    Mark at() const { return at_; }
    const Node& properties() const { return properties_; }
    std::string_view type() const { return type_; }

  private:
    const Node& properties_;
    std::string_view type_;
    CloudResource& out_;
    Mark at_;
    const References* references_ = nullptr;
    std::optional<Part> part_;
};

// Action/Resource/NotAction ...: a string or a list of strings -> always a list.
Node as_list(const Node* v, Mark at);
// IAM condition block {Operator: {Key: value|[values]}} -> [{operator, key, values[]}].
Node conditions_of(const Node* cond, Mark at);
// Principal "*" | {AWS: ..., Service: ..., Federated: ...} -> [{type, value}].
Node principals_of(const Node* p, Mark at);
// A policy document (object, or JSON text) -> normalised statements.
Node statements_of(const Node* doc, Mark at, const std::string& policy_name = {});
// Tags as a list of {Key, Value} or as a map -> {key: value}.
Node tags_of(const Node* tags, Mark at);
// DataClassification, data-classification, classification... in any case.
bool is_classification_key(std::string_view key);
// One security-group ingress/egress rule -> {protocol, from_port, to_port, cidr_ipv4, ...}.
Node sg_rule(const Node& r);
// DynamoDB tables are always encrypted: with an AWS owned key unless SSE is enabled, then with
// the AWS managed key or the customer managed key named. Sets encryption.key_type.
void set_dynamodb_key_type(Builder& b, const Node* enabled, const Node* key);
// EKS: the KMS key of the encryption config that covers "secrets" -> encryption.secrets_key.
// resources and key are the paths, inside one config, of its resource list and key ARN.
void set_eks_secrets_key(Builder& b,
                         const Node* configs,
                         std::string_view resources,
                         std::string_view key);

// One adapter: a native type (CloudFormation "AWS::S3::Bucket", Terraform "aws_s3_bucket") and
// the neutral kind it becomes, with the function that fills it in.
struct AdapterEntry {
    std::string_view type;
    std::string_view kind;
    void (*fn)(Builder&);
};
using Adapters = std::vector<AdapterEntry>;

// Each domain file appends its adapters; registry.cpp calls them all, in this order.
void register_data_stores(Adapters& out);
void register_network(Adapters& out);
void register_identity(Adapters& out);
void register_logging(Adapters& out);
void register_keys(Adapters& out);
void register_edge(Adapters& out);
void register_messaging(Adapters& out);
void register_compute(Adapters& out);
// Terraform resource types (aws_s3_bucket, ...), into the same kinds and attributes.
void register_terraform_data_stores(Adapters& out);
void register_terraform_network(Adapters& out);
void register_terraform_identity(Adapters& out);
void register_terraform_logging(Adapters& out);
void register_terraform_keys(Adapters& out);
void register_terraform_edge(Adapters& out);
void register_terraform_messaging(Adapters& out);
void register_terraform_compute(Adapters& out);
void register_terraform_storage(Adapters& out);

// The adapter of a native type; nullptr when it has none.
const AdapterEntry* find_adapter(std::string_view type);

// Text that looks like a credential: an AWS access key id (AKIA/ASIA and 16 upper-case letters
// or digits), a PEM private key, or a URL with a password in it (scheme://user:password@host).
[[nodiscard]] bool looks_like_credential(std::string_view s);
// Appends to out the path (from `path`) of every string under v that looks like a credential.
void scan_credentials(const Node& v, const std::string& path, Node& out);

// True when v is a scalar with exactly this text.
[[nodiscard]] bool text_is(const Node* v, std::string_view text);

// The alias of a log group ("log-group:NAME"), from its name or from an ARN that names it
// (arn:aws:logs:REGION:ACCOUNT:log-group:NAME, with or without ":*"); empty for anything else.
[[nodiscard]] std::string log_group_alias(std::string_view name_or_arn);
// A reference to a log group by its name or ARN: a Ref or Fn::GetAtt to the log group, or the
// name or ARN written out, which finds the log group of that name anywhere in the workload.
void link_log_group(Builder& b,
                    const Node& v,
                    const std::string& name,
                    const std::string& reverse,
                    const std::string& maybe = {});
// The alias of the CloudWatch metric NAMESPACE/NAME ("metric:NAMESPACE|NAME"), which the metric
// filters that publish it have and alarms on it link to; empty unless both are known text.
[[nodiscard]] std::string metric_alias(const Node* name_space, const Node* name);

// The S3 objects CloudTrail event selectors record data events for, gathered selector by
// selector the same way for CloudFormation and Terraform (s3_data_events of aws.cloudtrail.trail).
// Whole buckets named by the values become relations of the trail: records_data_events (reverse
// data_events_recorded_by) and excludes_data_events (reverse data_events_excluded_by).
class S3DataEvents {
  public:
    explicit S3DataEvents(Builder& b)
        : b_(b), prefixes_(Node::sequence(b.at())), excluded_(Node::sequence(b.at())) {}
    // A value that selects objects by ARN prefix: a basic selector's DataResources value, an
    // advanced selector's resources.ARN StartsWith or Equals value. referenced: its expression
    // references a resource of the file (Terraform), which the caller links; such a value names
    // that resource, never every bucket.
    void record(const Node& value, bool referenced = false);
    // An advanced selector on S3 objects without a resources.ARN condition that includes: it
    // records every bucket but the prefixes excluded (resources.ARN NotStartsWith, NotEquals).
    void record_all(const std::vector<const Node*>& excluded);
    // The names a format gives to the keys of an advanced event selector's field selectors.
    struct SelectorKeys {
        std::string_view field, equals, starts_with, ends_with, not_starts_with, not_equals;
    };
    // referenced(i, key): the values of operator key of field selector i reference a resource of
    // the file (Terraform), which the callee links.
    using Referenced = std::function<bool(std::size_t, std::string_view)>;
    // One advanced event selector, given as its list of field selectors. It records S3 data
    // events when its eventCategory Equals Data and its resources.type Equals AWS::S3::Object:
    // the prefixes of its resources.ARN StartsWith and Equals, or, without either (nor
    // EndsWith), every bucket but its NotStartsWith and NotEquals prefixes. readOnly and
    // eventName conditions are not read: a selector recording some events of a bucket counts.
    void advanced(const Node& fields, const SelectorKeys& keys, const Referenced& referenced = {});
    // A value that decides the result but is known only at deployment.
    void unknown(const Node& v) {
        if (!unknown_) unknown_ = v;
    }
    [[nodiscard]] Node result(Mark at) const;
    // A trail without data event selectors records no data events.
    [[nodiscard]] static Node none(Mark at);

  private:
    void exclude(const Node& value);

    Builder& b_;
    bool all_ = false;
    std::optional<Node> unknown_;
    std::optional<Node> unknown_exclusion_;
    Node prefixes_;
    Node excluded_;
};

// The management events CloudTrail event selectors record, gathered selector by selector the same
// way for CloudFormation and Terraform: "all", "read_only", "write_only" or "none".
struct ManagementEvents {
    bool read = false;
    bool write = false;
    std::optional<Node> unknown;  // a selector value that decides it, known only at deployment

    // A basic selector's ReadWriteType: All (also when absent), ReadOnly or WriteOnly.
    void add(const Node* read_write_type);
    // An advanced selector on management events, by its readOnly value (none: both).
    void add_read_only(const std::optional<Node>& read_only);
    [[nodiscard]] Node result(Mark at) const;
};

}  // namespace wasp::iac::adapters
