// CloudFormation -> neutral model (adapters in adapters/), relations between resources.
#include <algorithm>
#include <cctype>
#include <map>

#include "iac/adapt.h"
#include "iac/adapters/adapter.h"
#include "iac/iam_derive.h"

namespace wasp::iac {

using adapters::AdapterEntry;
using adapters::find_adapter;
using core::Mark;
using core::Node;

namespace {

std::string snake(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (std::isupper(c)) {
            bool boundary =
                i > 0 && (std::islower(static_cast<unsigned char>(s[i - 1])) ||
                          (i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1])) &&
                           std::isupper(static_cast<unsigned char>(s[i - 1]))));
            if (boundary) out += '_';
            out += static_cast<char>(std::tolower(c));
        } else if (std::isalnum(c)) {
            out += static_cast<char>(c);
        } else {
            out += '_';
        }
    }
    return out;
}

// Metadata: {wasp: {skip: [{id, reason, expires}]}} (cdk-nag's shape, under our own key), and
// a "wasp:skip" tag "RULE reason; RULE reason" for formats without metadata or comments.
void add_skips(CloudResource& out, const std::string& file, const Node& metadata) {
    const Node* list = metadata.at_path("wasp.skip");
    if (!list) return;
    for (const auto& item : list->items()) {
        auto text = [&](std::string_view key) {
            const Node* v = item.get(key);
            return v && v->is_scalar() ? v->text() : std::string();
        };
        out.skips.push_back({text("id"),
                             {"in-source", text("reason"), text("expires"),
                              core::SourceLocation{file, item.mark(), {}}}});
    }
}

}  // namespace

void add_tag_skips(CloudResource& out) {
    const Node* tag = out.attributes.at_path("tags");
    const Node* value = tag ? tag->get("wasp:skip") : nullptr;
    if (!value || !value->is_scalar()) return;
    std::string_view rest = value->text();
    while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view one = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        if (one.empty()) continue;
        auto space = one.find(' ');
        std::string_view reason = space == std::string_view::npos ? "" : one.substr(space + 1);
        out.skips.push_back({std::string(one.substr(0, space)),
                             {"in-source",
                              std::string(reason),
                              {},
                              core::SourceLocation{out.info.location.file, value->mark(), {}}}});
    }
}

std::string neutral_kind(std::string_view cfn_type) {
    if (const AdapterEntry* a = find_adapter(cfn_type)) return std::string(a->kind);
    // Types a kind name cannot be derived well from.
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"AWS::ElasticLoadBalancing::LoadBalancer", "aws.elb.classic_load_balancer"},
        {"AWS::Serverless::Api", "aws.apigateway.rest_api"},
        {"AWS::Serverless::HttpApi", "aws.apigatewayv2.api"},
        {"AWS::Serverless::StateMachine", "aws.stepfunctions.state_machine"},
        {"AWS::Serverless::LayerVersion", "aws.lambda.layer_version"},
    };
    for (auto [type, kind] : kTypes) {
        if (type == cfn_type) return std::string(kind);
    }
    // Services by the name people use for them.
    static constexpr std::pair<std::string_view, std::string_view> kServices[] = {
        {"elasticloadbalancingv2", "elb"},
        {"elasticloadbalancing", "elb"},
        {"opensearchservice", "opensearch"},
        {"kinesisfirehose", "firehose"},
    };
    // AWS::ServiceName::TypeName -> aws.servicename.type_name
    auto first = cfn_type.find("::");
    auto second = first == std::string_view::npos ? first : cfn_type.find("::", first + 2);
    std::string vendor;
    for (char c : cfn_type.substr(0, first)) {
        vendor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (first == std::string_view::npos) return snake(cfn_type);
    if (second == std::string_view::npos) return vendor + "." + snake(cfn_type.substr(first + 2));
    std::string service;
    for (char c : cfn_type.substr(first + 2, second - first - 2)) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            service += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    for (auto [name, alias] : kServices) {
        if (service == name) service = alias;
    }
    return vendor + "." + service + "." + snake(cfn_type.substr(second + 2));
}

namespace {

// steal: the template is ours (an rvalue), so each resource's resolved properties are moved
// into the model rather than copied; they are the largest part of a template.
void adapt(const CfnTemplate& tmpl, Model& model, bool steal) {
    std::size_t file = model.files.size();
    std::size_t first = model.resources.size();
    model.files.push_back(tmpl.file);
    // Standalone ingress/egress rules join their group when it is in the same template.
    std::map<std::string, std::vector<const CfnResource*>, std::less<>> sg_rules_of;
    std::map<std::string, bool, std::less<>> is_group;
    for (const auto& r : tmpl.resources)
        is_group[r.logical_id] = r.type == "AWS::EC2::SecurityGroup";
    std::vector<bool> merged(tmpl.resources.size(), false);
    for (std::size_t i = 0; i < tmpl.resources.size(); ++i) {
        const auto& r = tmpl.resources[i];
        if (r.type != "AWS::EC2::SecurityGroupIngress" &&
            r.type != "AWS::EC2::SecurityGroupEgress") {
            continue;
        }
        const Node* g = r.properties.get("GroupId");
        if (g && g->is_unknown() && is_group[g->ref()]) {
            sg_rules_of[g->ref()].push_back(&r);
            merged[i] = true;
        }
    }

    for (std::size_t i = 0; i < tmpl.resources.size(); ++i) {
        const auto& r = tmpl.resources[i];
        if (merged[i] || r.type == "AWS::CDK::Metadata") continue;
        CloudResource out;
        out.file = file;
        out.source_id = r.logical_id;
        out.attributes = Node::mapping(r.mark);
        out.info.native_type = r.type;
        out.info.id = r.logical_id;
        out.info.construct_path = r.cdk_path;
        out.info.location = core::SourceLocation{
            tmpl.file, r.mark, "/Resources/" + core::json_pointer_token(r.logical_id)};
        adapters::Builder b(r.properties, r.mark, r.type, out);
        const AdapterEntry* a = find_adapter(r.type);
        out.info.kind = a ? std::string(a->kind) : neutral_kind(r.type);
        if (a) a->fn(b);
        if (auto it = sg_rules_of.find(r.logical_id); it != sg_rules_of.end()) {
            for (const CfnResource* extra : it->second) {
                const char* dir =
                    extra->type == "AWS::EC2::SecurityGroupIngress" ? "ingress" : "egress";
                if (Node* list = out.attributes.get(dir); list && list->is_sequence()) {
                    list->push(adapters::sg_rule(extra->properties));
                }
            }
        }
        // Most types call it Tags; EFS file systems FileSystemTags; global tables tag replicas.
        const Node* tag_prop = r.properties.get("Tags");
        if (!tag_prop) tag_prop = r.properties.get("FileSystemTags");
        if (!tag_prop) tag_prop = r.properties.at_path("Replicas[0].Tags");  // global tables
        Node tags = adapters::tags_of(tag_prop, r.mark);
        if (tags.is_unknown()) out.attributes.set("data_classification", tags);
        for (const auto& t : tags.members()) {
            out.info.tags.emplace_back(t.key, t.value.is_scalar() ? t.value.text() : "?");
            if (adapters::is_classification_key(t.key) &&
                !out.attributes.get("data_classification")) {
                out.attributes.set("data_classification", t.value);
            }
        }
        out.attributes.set("tags", std::move(tags));
        add_skips(out, tmpl.file, r.metadata);
        add_skips(out, tmpl.file, tmpl.metadata);  // template-wide ones apply to every resource
        for (const auto& c : tmpl.comment_skips) {
            if (c.logical_id != r.logical_id) continue;
            out.skips.push_back(c.skip);
        }
        add_tag_skips(out);
        if (const Node* name = out.attributes.get("name"); name && name->is_scalar()) {
            out.physical_name = name->text();
        }
        if (!r.condition.empty() && !r.condition_value) out.maybe_absent = r.condition;
        out.properties = steal ? std::move(const_cast<Node&>(r.properties)) : r.properties;
        model.resources.push_back(std::move(out));
    }
    derive_iam(model, first);
}

}  // namespace

void adapt_cloudformation(const CfnTemplate& tmpl, Model& model) { adapt(tmpl, model, false); }

void adapt_cloudformation(CfnTemplate&& tmpl, Model& model) { adapt(tmpl, model, true); }

namespace {

constexpr std::size_t kMaxAliasTargets = 100;

}  // namespace

void link(Model& model) {
    // Ids are per file; physical names and aliases are global.
    std::map<std::pair<std::size_t, std::string>, std::size_t> by_id;
    std::map<std::string, std::size_t, std::less<>> by_name;
    std::multimap<std::string, std::size_t, std::less<>> by_alias;
    for (std::size_t i = 0; i < model.resources.size(); ++i) {
        const auto& r = model.resources[i];
        by_id[{r.file, r.source_id}] = i;
        if (!r.physical_name.empty()) by_name.emplace(r.physical_name, i);
        for (const auto& a : r.aliases) by_alias.emplace(a, i);
    }
    model.relations.clear();
    std::vector<std::size_t> targets;
    for (std::size_t i = 0; i < model.resources.size(); ++i) {
        for (const auto& l : model.resources[i].links) {
            targets.clear();
            if (l.by_name) {
                if (auto it = by_name.find(l.target); it != by_name.end()) {
                    targets.push_back(it->second);
                } else {
                    // Capped, so that many resources sharing one alias (thousands of alarms on
                    // one metric of thousands of filters) cannot multiply into a flood of edges.
                    auto [first, last] = by_alias.equal_range(l.target);
                    for (auto a = first; a != last && targets.size() < kMaxAliasTargets; ++a) {
                        targets.push_back(a->second);
                    }
                }
            } else if (auto it = by_id.find({model.resources[i].file, l.target});
                       it != by_id.end()) {
                targets.push_back(it->second);
            }
            for (std::size_t target : targets) {
                if (target == i) continue;
                model.relations.push_back({l.name, i, target, l.maybe});
                model.relations.push_back({l.reverse, target, i, l.maybe});
            }
        }
    }
    std::sort(model.relations.begin(), model.relations.end(),
              [](const Relation& a, const Relation& b) {
                  return std::tie(a.from, a.name, a.to) < std::tie(b.from, b.name, b.to);
              });
}

Skip parse_skip_comment(std::string_view rest, core::SourceLocation where) {
    while (!rest.empty() && (rest.back() == '\r' || rest.back() == ' ' || rest.back() == '\t')) {
        rest.remove_suffix(1);
    }
    auto space = rest.find_first_of(" \t");
    Skip skip;
    skip.rule_id = std::string(rest.substr(0, space));
    std::string_view reason = space == std::string_view::npos ? "" : rest.substr(space + 1);
    if (auto e = reason.rfind("expires="); e != std::string_view::npos) {
        skip.suppression.expires = std::string(reason.substr(e + 8));
        reason = reason.substr(0, e);
    }
    while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\t')) {
        reason.remove_suffix(1);
    }
    while (!reason.empty() && (reason.front() == ' ' || reason.front() == '\t')) {
        reason.remove_prefix(1);
    }
    skip.suppression.kind = "in-source";
    skip.suppression.reason = std::string(reason);
    skip.suppression.location = std::move(where);
    return skip;
}

std::vector<std::size_t> Model::related(std::size_t r, std::string_view name) const {
    std::vector<std::size_t> out;
    auto it =
        std::lower_bound(relations.begin(), relations.end(), r,
                         [](const Relation& rel, std::size_t from) { return rel.from < from; });
    for (; it != relations.end() && it->from == r; ++it) {
        if (it->name == name) out.push_back(it->to);
    }
    return out;
}

std::vector<const Relation*> Model::relations_of(std::size_t r, std::string_view name) const {
    std::vector<const Relation*> out;
    auto it =
        std::lower_bound(relations.begin(), relations.end(), r,
                         [](const Relation& rel, std::size_t from) { return rel.from < from; });
    for (; it != relations.end() && it->from == r; ++it) {
        if (it->name == name) out.push_back(&*it);
    }
    return out;
}

void Model::append(Model&& other) {
    std::size_t offset = files.size();
    for (auto& f : other.files) files.push_back(std::move(f));
    for (auto& r : other.resources) {
        r.file += offset;
        resources.push_back(std::move(r));
    }
    other = Model{};
}

std::vector<std::size_t> Model::of_kind(std::string_view kind) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < resources.size(); ++i) {
        if (resources[i].info.kind == kind) out.push_back(i);
    }
    return out;
}

}  // namespace wasp::iac
