// Definitions of the shared adapter shapes (adapter.h).
#include <algorithm>
#include <cctype>

#include "core/parse.h"
#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

// Sets a dotted attribute path ("encryption.algorithm"), creating the mappings on the way.
void set_path(Node& root, std::string_view path, Node value) {
    Node* cur = &root;
    while (true) {
        auto dot = path.find('.');
        std::string key(path.substr(0, dot));
        if (dot == std::string_view::npos) {
            cur->set(std::move(key), std::move(value));
            return;
        }
        Node* next = cur->get(key);
        if (!next || !next->is_mapping()) {
            cur->set(key, Node::mapping(value.mark()));
            next = cur->get(key);
        }
        cur = next;
        path.remove_prefix(dot + 1);
    }
}

Node defaulted(Node v, Mark at) {
    v.set_mark(at);
    v.set_origin(NodeOrigin::kDefault);
    return v;
}

Node number(long value, Mark at) { return Node(NodeKind::kNumber, std::to_string(value), at); }

// Action/Resource/NotAction ...: a string or a list of strings -> always a list.
Node as_list(const Node* v, Mark at) {
    if (!v) return Node::sequence(at);
    if (v->is_sequence() || v->is_unknown()) return *v;
    Node out = Node::sequence(v->mark());
    out.push(*v);
    return out;
}

// IAM condition block {Operator: {Key: value|[values]}} -> [{operator, key, values[]}].
Node conditions_of(const Node* cond, Mark at) {
    if (cond && cond->is_unknown()) return *cond;  // a Condition chosen by Fn::If, say
    Node out = Node::sequence(cond ? cond->mark() : at);
    if (!cond || !cond->is_mapping()) return out;
    for (const auto& op : cond->members()) {
        if (!op.value.is_mapping()) continue;
        for (const auto& kv : op.value.members()) {
            Node c = Node::mapping(kv.key_mark);
            c.set("operator", Node::string(op.key, op.key_mark));
            c.set("key", Node::string(kv.key, kv.key_mark));
            c.set("values", as_list(&kv.value, kv.key_mark));
            out.push(std::move(c));
        }
    }
    return out;
}

// Principal "*" | {AWS: ..., Service: ..., Federated: ...} -> [{type, value}].
Node principals_of(const Node* p, Mark at) {
    Node out = Node::sequence(p ? p->mark() : at);
    if (!p) return out;
    auto add = [&](std::string type, const Node& v) {
        Node e = Node::mapping(v.mark());
        e.set("type", Node::string(std::move(type), v.mark()));
        e.set("value", v);
        out.push(std::move(e));
    };
    if (p->is_scalar() || p->is_unknown()) {
        add("*", *p);
    } else if (p->is_mapping()) {
        for (const auto& m : p->members()) {
            Node list = as_list(&m.value, m.key_mark);
            if (list.is_unknown()) {
                add(m.key, list);
                continue;
            }
            for (const auto& v : list.items()) add(m.key, v);
        }
    }
    return out;
}

// A policy document (object, or JSON text) -> normalised statements.
Node statements_of(const Node* doc, Mark at, const std::string& policy_name) {
    Node out = Node::sequence(doc ? doc->mark() : at);
    if (!doc) return out;
    if (doc->is_unknown()) return *doc;
    if (doc->kind() == NodeKind::kString) {
        // CloudFormation also accepts the policy as JSON text.
        auto parsed = core::parse_json(doc->text());
        if (!parsed) {
            return Node::unknown(
                "a policy document that is not valid JSON: " + parsed.error().message, doc->mark());
        }
        Node tree = std::move(parsed->root);
        tree.set_mark(doc->mark());
        return statements_of(&tree, at, policy_name);
    }
    const Node* st = doc->is_mapping() ? doc->get("Statement") : nullptr;
    if (!st) return out;
    if (st->is_unknown()) return *st;
    Node list = as_list(st, st->mark());
    for (const auto& s : list.items()) {
        if (!s.is_mapping()) {
            out.push(s);
            continue;
        }
        Node n = Node::mapping(s.mark());
        if (!policy_name.empty()) n.set("policy_name", Node::string(policy_name, s.mark()));
        if (const Node* v = s.get("Sid")) n.set("sid", *v);
        if (const Node* v = s.get("Effect")) n.set("effect", *v);
        n.set("actions", as_list(s.get("Action"), s.mark()));
        n.set("not_actions", as_list(s.get("NotAction"), s.mark()));
        n.set("resources", as_list(s.get("Resource"), s.mark()));
        n.set("not_resources", as_list(s.get("NotResource"), s.mark()));
        n.set("principals", principals_of(s.get("Principal"), s.mark()));
        n.set("not_principals", principals_of(s.get("NotPrincipal"), s.mark()));
        n.set("conditions", conditions_of(s.get("Condition"), s.mark()));
        out.push(std::move(n));
    }
    return out;
}

// Tags as a list of {Key, Value} or as a map -> {key: value}.
Node tags_of(const Node* tags, Mark at) {
    Node out = Node::mapping(tags ? tags->mark() : at);
    if (!tags) return out;
    if (tags->is_mapping() || tags->is_unknown()) return *tags;
    for (const auto& t : tags->items()) {
        const Node* k = t.get("Key");
        const Node* v = t.get("Value");
        if (k && k->is_scalar()) out.set(k->text(), v ? *v : Node(), k->mark());
    }
    return out;
}

bool is_classification_key(std::string_view key) {
    std::string k;
    for (char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return k == "dataclassification" || k == "classification";
}

Node sg_rule(const Node& r) {
    Node out = Node::mapping(r.mark());
    const Node* proto = r.get("IpProtocol");
    std::string p = proto && proto->is_scalar() ? proto->text() : "";
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    bool all = p == "-1" || p == "all";
    if (proto && proto->is_unknown()) {
        out.set("protocol", *proto);
    } else {
        std::string name = all         ? "all"
                           : p == "6"  ? "tcp"
                           : p == "17" ? "udp"
                           : p == "1"  ? "icmp"
                                       : p;
        out.set("protocol", Node::string(name, proto ? proto->mark() : r.mark()));
    }
    const Node* from = r.get("FromPort");
    const Node* to = r.get("ToPort");
    // All traffic, or a port of -1, covers every port.
    auto port = [&](const Node* v, long fallback) {
        if (all || !v) return defaulted(number(fallback, {}), r.mark());
        if (auto n = v->as_number(); n && *n < 0) return defaulted(number(fallback, {}), v->mark());
        return *v;
    };
    out.set("from_port", port(from, 0));
    out.set("to_port", port(to, 65535));
    for (auto [attr, prop] : {std::pair{"cidr_ipv4", "CidrIp"},
                              {"cidr_ipv6", "CidrIpv6"},
                              {"source_group", "SourceSecurityGroupId"},
                              {"destination_group", "DestinationSecurityGroupId"},
                              {"prefix_list", "SourcePrefixListId"},
                              {"description", "Description"}}) {
        if (const Node* v = r.get(prop)) out.set(attr, *v);
    }
    if (const Node* v = r.get("CidrIp"); v) out.set("cidr_ipv4", *v);
    if (const Node* v = r.get("DestinationPrefixListId")) out.set("prefix_list", *v);
    return out;
}

void set_dynamodb_key_type(Builder& b, const Node* enabled, const Node* key) {
    if (enabled && enabled->is_unknown()) {
        b.set("encryption.key_type", *enabled);
    } else if (enabled && enabled->as_bool() == true) {
        b.set("encryption.key_type", Node::string(key ? "customer_managed" : "aws_managed",
                                                  key ? key->mark() : enabled->mark()));
    } else {
        b.set("encryption.key_type", enabled ? Node::string("aws_owned", enabled->mark())
                                             : defaulted(Node::string("aws_owned"), b.at()));
    }
}

void set_eks_secrets_key(Builder& b,
                         const Node* configs,
                         std::string_view resources,
                         std::string_view key) {
    auto maybe = [](Node v) {
        v.set_origin(NodeOrigin::kMaybeAbsent);
        return v;
    };
    if (!configs) return;
    if (configs->is_unknown()) {
        b.set("encryption.secrets_key", maybe(*configs));
        return;
    }
    for (const auto& e : configs->items()) {
        if (e.is_unknown()) {
            b.set("encryption.secrets_key", maybe(e));
            return;
        }
        const Node* res = e.at_path(resources);
        const Node* k = e.at_path(key);
        if (!res || !k) continue;
        if (res->is_unknown()) {
            b.set("encryption.secrets_key", maybe(*res));
            return;
        }
        bool secrets =
            res->is_sequence() && std::any_of(res->items().begin(), res->items().end(),
                                              [](const Node& r) { return r.text() == "secrets"; });
        if (secrets) {
            b.set("encryption.secrets_key", *k);
            b.link_node(*k, "encrypted_by", "encrypts");
            return;
        }
    }
}

namespace {

bool is_key_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

// An AWS access key id (AKIA/ASIA and 16 more upper-case letters or digits), a PEM private key,
// or a URL with a password in it (scheme://user:password@host).
bool looks_like_credential(std::string_view s) {
    for (std::size_t i = 0; i + 20 <= s.size(); ++i) {
        if ((s.substr(i, 4) == "AKIA" || s.substr(i, 4) == "ASIA") &&
            (i == 0 || !is_key_char(s[i - 1])) &&
            std::all_of(s.begin() + static_cast<long>(i) + 4, s.begin() + static_cast<long>(i) + 20,
                        is_key_char) &&
            (i + 20 == s.size() || !is_key_char(s[i + 20]))) {
            return true;
        }
    }
    if (auto begin = s.find("-----BEGIN ");
        begin != std::string_view::npos && s.find("PRIVATE KEY-----", begin) != s.npos) {
        return true;
    }
    if (auto scheme = s.find("://"); scheme != std::string_view::npos) {
        std::string_view rest = s.substr(scheme + 3);
        rest = rest.substr(0, rest.find_first_of("/?# \t\r\n"));
        auto at = rest.rfind('@');
        if (at != std::string_view::npos) {
            auto colon = rest.substr(0, at).find(':');
            if (colon != std::string_view::npos && colon + 1 < at) return true;
        }
    }
    return false;
}

void scan_credentials(const Node& v, const std::string& path, Node& out) {
    if (v.kind() == NodeKind::kString) {
        if (looks_like_credential(v.text())) out.push(Node::string(path, v.mark()));
    } else if (v.is_unknown()) {
        // A value chosen by an undecidable condition: a credential in any branch is written.
        std::size_t before = out.size();
        for (const auto& alt : v.alternatives()) {
            scan_credentials(alt, path, out);
            if (out.size() > before) break;
        }
    } else if (v.is_mapping()) {
        for (const auto& m : v.members()) {
            scan_credentials(m.value, path.empty() ? m.key : path + "." + m.key, out);
        }
    } else if (v.is_sequence()) {
        std::size_t i = 0;
        for (const auto& item : v.items()) {
            scan_credentials(item, path + "[" + std::to_string(i++) + "]", out);
        }
    }
}

bool text_is(const Node* v, std::string_view text) {
    return v && v->is_scalar() && v->text() == text;
}

std::string log_group_alias(std::string_view v) {
    constexpr std::string_view kMarker = ":log-group:";
    if (v.starts_with("arn:")) {
        auto at = v.find(kMarker);
        if (at == std::string_view::npos) return {};
        v.remove_prefix(at + kMarker.size());
        v = v.substr(0, v.find(':'));  // names have no ':'; the ARN may end in ":*"
    }
    if (v.empty()) return {};
    return "log-group:" + std::string(v);
}

void link_log_group(Builder& b,
                    const Node& v,
                    const std::string& name,
                    const std::string& reverse,
                    const std::string& maybe) {
    if (v.kind() == NodeKind::kString) {
        if (auto alias = log_group_alias(v.text()); !alias.empty()) {
            b.link_alias(std::move(alias), name, reverse, maybe);
        }
    } else if (v.is_unknown() && !v.alternatives().empty()) {
        for (const auto& alt : v.alternatives()) {
            link_log_group(b, alt, name, reverse, maybe.empty() ? v.text() : maybe);
        }
    } else {
        b.link_node(v, name, reverse, maybe);
    }
}

std::string metric_alias(const Node* name_space, const Node* name) {
    if (!name_space || !name || !name_space->is_scalar() || !name->is_scalar() ||
        name_space->text().empty() || name->text().empty()) {
        return {};
    }
    // '|' is not allowed in a namespace, so the pair reads back one way only.
    return "metric:" + name_space->text() + "|" + name->text();
}

namespace {

// What an S3 data resource ARN prefix selects: every object of every bucket ("arn:aws:s3", also
// with ":::", in any partition: every object ARN starts with it), or every object of one bucket
// ("arn:aws:s3:::NAME/", or the bucket ARN itself); bucket is empty for an object prefix
// inside a bucket or for text that is no S3 ARN.
struct S3Selection {
    bool all = false;
    std::string bucket;
};

S3Selection s3_selection(std::string_view v) {
    if (!v.starts_with("arn:")) return {};
    auto colon = v.find(':', 4);
    if (colon == std::string_view::npos) return {};
    std::string_view rest = v.substr(colon + 1);
    if (!rest.starts_with("s3")) return {};
    rest.remove_prefix(2);
    if (rest.find_first_not_of(':') == std::string_view::npos) return {true, {}};
    if (!rest.starts_with(":::")) return {};
    rest.remove_prefix(3);
    auto slash = rest.find('/');
    if (slash == 0) return {};
    if (slash == std::string_view::npos || slash + 1 == rest.size()) {
        return {false, std::string(rest.substr(0, slash))};
    }
    return {};
}

}  // namespace

void S3DataEvents::record(const Node& value, bool referenced) {
    prefixes_.push(value);
    if (value.kind() == NodeKind::kString) {
        S3Selection s = s3_selection(value.text());
        all_ |= s.all;
        if (!s.bucket.empty()) {
            b_.link_node(Node::string(s.bucket, value.mark()), "records_data_events",
                         "data_events_recorded_by");
        }
    } else if (value.is_unknown()) {
        // A value built on a reference to a bucket names that bucket (${Bucket.Arn}/); any
        // other unknown value may even be arn:aws:s3.
        b_.link_node(value, "records_data_events", "data_events_recorded_by");
        if (value.ref().empty() && !referenced) unknown(value);
    }
}

void S3DataEvents::exclude(const Node& value) {
    excluded_.push(value);
    if (value.kind() == NodeKind::kString) {
        S3Selection s = s3_selection(value.text());
        if (!s.bucket.empty()) {
            b_.link_node(Node::string(s.bucket, value.mark()), "excludes_data_events",
                         "data_events_excluded_by");
        }
    } else if (value.is_unknown()) {
        b_.link_node(value, "excludes_data_events", "data_events_excluded_by");
        // Which buckets are left out is not known: "every bucket" is not either.
        if (value.ref().empty() && !unknown_exclusion_) unknown_exclusion_ = value;
    }
}

void S3DataEvents::record_all(const std::vector<const Node*>& excluded) {
    all_ = true;
    for (const Node* list : excluded) {
        if (!list || list->is_null()) continue;
        if (list->is_unknown()) {
            exclude(*list);
            continue;
        }
        for (const auto& v : list->items()) exclude(v);
    }
}

void S3DataEvents::advanced(const Node& fields,
                            const SelectorKeys& keys,
                            const Referenced& referenced) {
    bool data = false;
    bool objects = false;
    bool narrowed = false;  // resources.ARN includes only some objects
    struct Included {
        const Node* list;
        std::size_t field;
        std::string_view key;
    };
    std::vector<Included> included;
    std::vector<const Node*> excluded;
    auto has = [](const Node* list, std::string_view text) {
        if (list && list->is_scalar()) return text_is(list, text);
        return list && std::any_of(list->items().begin(), list->items().end(),
                                   [&](const Node& i) { return text_is(&i, text); });
    };
    std::size_t index = 0;
    for (const auto& f : fields.items()) {
        std::size_t i = index++;
        auto op = [&](std::string_view key) -> const Node* {
            const Node* v = f.is_mapping() ? f.get(key) : nullptr;
            return v && !v->is_null() && !(v->is_sequence() && v->size() == 0) ? v : nullptr;
        };
        const Node* name = f.is_unknown() ? &f : (f.is_mapping() ? f.get(keys.field) : nullptr);
        if (name && name->is_unknown()) {
            unknown(*name);  // what this selector records is not known
            return;
        }
        if (text_is(name, "eventCategory") || text_is(name, "resources.type")) {
            const Node* eq = op(keys.equals);
            bool category = text_is(name, "eventCategory");
            bool match = has(eq, category ? "Data" : "AWS::S3::Object");
            if (eq && !match && eq->contains_unknown()) {
                // Whether the selector is on S3 data events at all is not known.
                const Node* u = eq;
                for (const auto& item : eq->items()) {
                    if (item.is_unknown()) u = &item;
                }
                unknown(*u);
                return;
            }
            (category ? data : objects) = match;
        } else if (text_is(name, "resources.ARN")) {
            for (std::string_view key : {keys.starts_with, keys.equals}) {
                if (const Node* v = op(key)) {
                    narrowed = true;
                    included.push_back({v, i, key});
                }
            }
            narrowed |= op(keys.ends_with) != nullptr;
            for (std::string_view key : {keys.not_starts_with, keys.not_equals}) {
                if (const Node* v = op(key)) excluded.push_back(v);
            }
        }
    }
    if (!data || !objects) return;
    if (!narrowed) {
        record_all(excluded);
        return;
    }
    for (const auto& [list, field, key] : included) {
        bool ref = referenced && referenced(field, key);
        if (list->is_unknown()) {
            record(*list, ref);
            continue;
        }
        for (const auto& v : list->items()) record(v, ref);
    }
    for (const Node* list : excluded) {
        if (list->is_unknown()) {
            exclude(*list);
            continue;
        }
        for (const auto& v : list->items()) exclude(v);
    }
}

Node S3DataEvents::result(Mark at) const {
    Node out = Node::mapping(at);
    if (all_) {
        out.set("all_buckets", unknown_exclusion_ ? *unknown_exclusion_ : Node::boolean(true, at));
    } else if (unknown_) {
        out.set("all_buckets", *unknown_);
    } else {
        out.set("all_buckets", Node::boolean(false, at));
    }
    out.set("prefixes", prefixes_);
    out.set("excluded", excluded_);
    return out;
}

Node S3DataEvents::none(Mark at) {
    Node out = Node::mapping(at);
    out.set("all_buckets", defaulted(Node::boolean(false), at));
    out.set("prefixes", defaulted(Node::sequence(), at));
    out.set("excluded", defaulted(Node::sequence(), at));
    return out;
}

void ManagementEvents::add(const Node* rw) {
    if (!rw || rw->is_null() || text_is(rw, "All")) {
        read = write = true;
    } else if (rw->is_unknown()) {
        unknown = *rw;
    } else if (text_is(rw, "ReadOnly")) {
        read = true;
    } else if (text_is(rw, "WriteOnly")) {
        write = true;
    }
}

void ManagementEvents::add_read_only(const std::optional<Node>& read_only) {
    if (!read_only) {
        add(nullptr);
    } else if (read_only->is_unknown()) {
        unknown = *read_only;
    } else if (auto ro = read_only->as_bool()) {
        (*ro ? read : write) = true;
    }
}

Node ManagementEvents::result(Mark at) const {
    if (read && write) return Node::string("all", at);
    if (unknown) return *unknown;
    if (read) return Node::string("read_only", at);
    if (write) return Node::string("write_only", at);
    return Node::string("none", at);
}

}  // namespace wasp::iac::adapters
