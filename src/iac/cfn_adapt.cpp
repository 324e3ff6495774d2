// CloudFormation -> neutral model: one small adapter per resource type (docs/model.md).
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>

#include "core/parse.h"
#include "iac/adapt.h"

namespace wasp::iac {

using core::Mark;
using core::Node;
using core::NodeKind;
using core::NodeOrigin;

namespace {

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

// Collects one resource's neutral attributes from its native properties.
class Builder {
  public:
    Builder(const CfnResource& r, CloudResource& out) : r_(r), out_(out) {
        at_ = r.properties.mark().line ? r.properties.mark() : r.mark;
    }

    const Node* prop(std::string_view path) const { return r_.properties.at_path(path); }

    void copy(std::string_view attr, std::string_view path) {
        if (const Node* v = prop(path)) set(attr, *v);
    }
    void copy_or(std::string_view attr, std::string_view path, Node def) {
        if (const Node* v = prop(path); v && !v->is_null()) {
            set(attr, *v);
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
    // Records a reference to another resource found at path (Ref / Fn::GetAtt / a name).
    void link(std::string_view path, std::string name, std::string reverse) {
        if (const Node* v = prop(path)) link_node(*v, std::move(name), std::move(reverse));
    }
    void link_node(const Node& v, std::string name, std::string reverse) {
        if (v.is_unknown() && !v.ref().empty()) {
            out_.links.push_back({std::move(name), std::move(reverse), v.ref(), false});
        } else if (v.kind() == NodeKind::kString && !v.text().empty()) {
            out_.links.push_back({std::move(name), std::move(reverse), v.text(), true});
        } else if (v.is_sequence()) {
            for (const auto& i : v.items()) link_node(i, name, reverse);
        }
    }
    Mark at() const { return at_; }
    const CfnResource& native() const { return r_; }

  private:
    const CfnResource& r_;
    CloudResource& out_;
    Mark at_;
};

// ---- shared shapes -------------------------------------------------------------------------

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
Node statements_of(const Node* doc, Mark at, const std::string& policy_name = {}) {
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

// ---- adapters ------------------------------------------------------------------------------

void s3_bucket(Builder& b) {
    constexpr std::string_view kSse =
        "BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault";
    // Since January 2023 every new bucket is encrypted with SSE-S3 unless configured otherwise.
    b.copy_or("encryption.algorithm", std::string(kSse) + ".SSEAlgorithm", Node::string("AES256"));
    b.copy("encryption.kms_key", std::string(kSse) + ".KMSMasterKeyID");
    b.copy("encryption.bucket_key",
           "BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled");
    // Since April 2023 new buckets block all public access unless configured otherwise; once
    // the configuration is written, each setting it leaves out is false.
    const Node* pab = b.prop("PublicAccessBlockConfiguration");
    for (auto [attr, prop] : {std::pair{"block_public_acls", "BlockPublicAcls"},
                              {"block_public_policy", "BlockPublicPolicy"},
                              {"ignore_public_acls", "IgnorePublicAcls"},
                              {"restrict_public_buckets", "RestrictPublicBuckets"}}) {
        std::string path = std::string("public_access_block.") + attr;
        if (pab && pab->is_unknown()) {
            b.set(path, *pab);
        } else if (const Node* v = pab ? pab->get(prop) : nullptr) {
            b.set(path, *v);
        } else {
            b.set(path, defaulted(Node::boolean(pab == nullptr), pab ? pab->mark() : b.at()));
        }
    }
    const Node* status = b.prop("VersioningConfiguration.Status");
    if (!status) {
        b.set("versioning.enabled", defaulted(Node::boolean(false), b.at()));
    } else if (status->is_unknown()) {
        b.set("versioning.enabled", *status);
    } else {
        b.set("versioning.enabled", Node::boolean(status->text() == "Enabled", status->mark()));
    }
    b.copy("versioning.mfa_delete", "VersioningConfiguration.MfaDelete");
    b.present("logging.enabled", "LoggingConfiguration");
    b.copy("logging.target_bucket", "LoggingConfiguration.DestinationBucketName");
    b.link("LoggingConfiguration.DestinationBucketName", "logs_to", "receives_logs_from");
    b.copy("acl", "AccessControl");
    b.copy_or("object_lock.enabled", "ObjectLockEnabled", Node::boolean(false));
    b.present("lifecycle.enabled", "LifecycleConfiguration");
    b.present("website.enabled", "WebsiteConfiguration");
    b.copy("name", "BucketName");
}

void s3_bucket_policy(Builder& b) {
    b.copy("bucket", "Bucket");
    b.link("Bucket", "bucket", "policy");
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at()));
}

void rds_instance(Builder& b) {
    b.copy("engine", "Engine");
    const Node* cluster = b.prop("DBClusterIdentifier");
    b.set("in_cluster",
          cluster ? Node::boolean(true, cluster->mark()) : defaulted(Node::boolean(false), b.at()));
    b.link("DBClusterIdentifier", "cluster", "instances");
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    if (b.prop("PubliclyAccessible")) {
        b.copy("publicly_accessible", "PubliclyAccessible");
    } else {
        Node u = Node::unknown(
            "PubliclyAccessible is not set; the default depends on whether the subnets' VPC has "
            "an internet gateway",
            b.at());
        u.set_origin(NodeOrigin::kDefault);
        b.set("publicly_accessible", std::move(u));
    }
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    b.copy_or("iam_auth", "EnableIAMDatabaseAuthentication", Node::boolean(false));
    b.copy_or("multi_az", "MultiAZ", Node::boolean(false));
    b.copy_or("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", Node::boolean(true));
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

void rds_cluster(Builder& b) {
    b.copy("engine", "Engine");
    const Node* mode = b.prop("EngineMode");
    bool serverless_v1 = mode && mode->is_scalar() && mode->text() == "serverless";
    // Aurora Serverless v1 clusters are always encrypted.
    b.copy_or("storage_encrypted", "StorageEncrypted", Node::boolean(serverless_v1));
    b.copy("kms_key", "KmsKeyId");
    b.copy_or("backup_retention_days", "BackupRetentionPeriod", number(1, {}));
    b.copy_or("deletion_protection", "DeletionProtection", Node::boolean(false));
    b.copy_or("iam_auth", "EnableIAMDatabaseAuthentication", Node::boolean(false));
    const Node* engine = b.prop("Engine");
    bool aurora = engine && engine->is_scalar() && engine->text().starts_with("aurora");
    if (b.prop("PubliclyAccessible") || aurora) {
        // Aurora clusters have no such setting: each instance has its own, checked there.
        b.copy_or("publicly_accessible", "PubliclyAccessible", Node::boolean(false));
    } else {
        Node u = Node::unknown(
            "PubliclyAccessible is not set; for a Multi-AZ DB cluster the default depends on "
            "whether the subnets' VPC has an internet gateway",
            b.at());
        u.set_origin(NodeOrigin::kDefault);
        b.set("publicly_accessible", std::move(u));
    }
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

void ebs_volume(Builder& b) {
    // Accounts can turn on EBS encryption by default; a template cannot show that, so an
    // unset Encrypted is read as the API default, false.
    b.copy_or("encrypted", "Encrypted", Node::boolean(false));
    b.copy("kms_key", "KmsKeyId");
    b.copy("size_gib", "Size");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

// One ingress/egress rule -> {protocol, from_port, to_port, cidr_ipv4, cidr_ipv6, ...}.
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

Node sg_rules(const Node* list, Mark at) {
    Node out = Node::sequence(list ? list->mark() : at);
    if (!list) return out;
    if (list->is_unknown()) return *list;
    for (const auto& r : list->items()) out.push(r.is_unknown() ? r : sg_rule(r));
    return out;
}

void security_group(Builder& b) {
    b.set("ingress", sg_rules(b.prop("SecurityGroupIngress"), b.at()));
    b.set("egress", sg_rules(b.prop("SecurityGroupEgress"), b.at()));
    b.copy("vpc", "VpcId");
    b.copy("description", "GroupDescription");
}

// A standalone SecurityGroupIngress/Egress whose group is not in the same template.
void security_group_rule(Builder& b, const char* direction) {
    Node list = Node::sequence(b.at());
    list.push(sg_rule(b.native().properties));
    b.set(direction, std::move(list));
    b.set(std::string_view(direction) == "ingress" ? "egress" : "ingress", Node::sequence(b.at()));
    b.copy("group", "GroupId");
}

void iam_identity(Builder& b) {
    Node statements = Node::sequence(b.at());
    if (const Node* policies = b.prop("Policies"); policies && policies->is_unknown()) {
        statements = *policies;  // e.g. Policies chosen by a condition that cannot be evaluated
    } else if (policies && policies->is_sequence()) {
        for (const auto& p : policies->items()) {
            const Node* name = p.get("PolicyName");
            Node s = statements_of(p.get("PolicyDocument"), p.mark(),
                                   name && name->is_scalar() ? name->text() : "");
            if (s.is_unknown()) {
                statements.push(s);
                continue;
            }
            for (auto& item : s.items()) statements.push(item);
        }
    }
    b.set("statements", std::move(statements));
    b.set("managed_policies", as_list(b.prop("ManagedPolicyArns"), b.at()));
    b.link("ManagedPolicyArns", "managed_policy", "attached_to");
    b.copy("permissions_boundary", "PermissionsBoundary");
    if (b.native().type == "AWS::IAM::Role") {
        b.set("trust_statements", statements_of(b.prop("AssumeRolePolicyDocument"), b.at()));
        b.copy("max_session_seconds", "MaxSessionDuration");
    }
    if (b.native().type == "AWS::IAM::User") {
        b.present("console_access", "LoginProfile");
    }
}

void iam_policy(Builder& b) {
    const Node* name = b.prop("PolicyName");
    if (!name) name = b.prop("ManagedPolicyName");
    b.set("statements", statements_of(b.prop("PolicyDocument"), b.at(),
                                      name && name->is_scalar() ? name->text() : ""));
    for (const char* p : {"Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"}) {
        b.link(p, "attached_to", "policy");
    }
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
}

void kms_key(Builder& b) {
    b.copy_or("rotation_enabled", "EnableKeyRotation", Node::boolean(false));
    b.copy_or("key_spec", "KeySpec", Node::string("SYMMETRIC_DEFAULT"));
    b.copy_or("key_usage", "KeyUsage", Node::string("ENCRYPT_DECRYPT"));
    b.copy_or("enabled", "Enabled", Node::boolean(true));
    b.copy_or("pending_window_days", "PendingWindowInDays", number(30, {}));
    b.copy_or("multi_region", "MultiRegion", Node::boolean(false));
    b.set("policy_statements", statements_of(b.prop("KeyPolicy"), b.at()));
}

void lb_listener(Builder& b) {
    b.copy("protocol", "Protocol");
    b.copy("port", "Port");
    b.copy("ssl_policy", "SslPolicy");
    b.link("LoadBalancerArn", "load_balancer", "listeners");
    Node actions = Node::sequence(b.at());
    if (const Node* list = b.prop("DefaultActions"); list && list->is_sequence()) {
        for (const auto& a : list->items()) {
            Node n = Node::mapping(a.mark());
            if (const Node* t = a.get("Type")) n.set("type", *t);
            if (const Node* p = a.at_path("RedirectConfig.Protocol"))
                n.set("redirect_protocol", *p);
            actions.push(std::move(n));
        }
    } else if (const Node* u = b.prop("DefaultActions"); u && u->is_unknown()) {
        actions = *u;
    }
    b.set("default_actions", std::move(actions));
}

void dynamodb_table(Builder& b) {
    const Node* enabled = b.prop("SSESpecification.SSEEnabled");
    const Node* key = b.prop("SSESpecification.KMSMasterKeyId");
    // Tables are always encrypted: with an AWS owned key unless SSE is enabled, then with the
    // AWS managed key or the customer managed key named.
    if (enabled && enabled->is_unknown()) {
        b.set("encryption.key_type", *enabled);
    } else if (enabled && enabled->as_bool() == true) {
        b.set("encryption.key_type", Node::string(key ? "customer_managed" : "aws_managed",
                                                  key ? key->mark() : enabled->mark()));
    } else {
        b.set("encryption.key_type", enabled ? Node::string("aws_owned", enabled->mark())
                                             : defaulted(Node::string("aws_owned"), b.at()));
    }
    b.copy("encryption.kms_key", "SSESpecification.KMSMasterKeyId");
    b.link("SSESpecification.KMSMasterKeyId", "encrypted_by", "encrypts");
    b.copy_or("point_in_time_recovery",
              "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", Node::boolean(false));
    b.copy_or("deletion_protection", "DeletionProtectionEnabled", Node::boolean(false));
}

// Global tables keep point-in-time recovery, tags and the KMS key per replica.
void dynamodb_global_table(Builder& b) {
    dynamodb_table(b);
    const Node* replicas = b.prop("Replicas");
    if (!replicas) return;
    if (replicas->is_unknown()) {
        b.set("point_in_time_recovery", *replicas);
        return;
    }
    std::optional<Node> pitr;
    for (const auto& replica : replicas->items()) {
        const Node* v =
            replica.at_path("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled");
        Node value = v ? *v : defaulted(Node::boolean(false), replica.mark());
        // Every replica must have it: the first one that does not (or may not) decides.
        if (!pitr || (pitr->as_bool() == true && value.as_bool() != true)) pitr = value;
        if (const Node* key = replica.at_path("SSESpecification.KMSMasterKeyId")) {
            b.set("encryption.kms_key", *key);
            b.set("encryption.key_type", Node::string("customer_managed", key->mark()));
            b.link_node(*key, "encrypted_by", "encrypts");
        }
    }
    if (pitr) b.set("point_in_time_recovery", *pitr);
}

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

void sns_topic(Builder& b) {
    b.copy("encryption.kms_key", "KmsMasterKeyId");
    b.present("encryption.enabled", "KmsMasterKeyId");
    b.link("KmsMasterKeyId", "encrypted_by", "encrypts");
}

void lambda_function(Builder& b) {
    b.copy("runtime", "Runtime");
    b.copy("kms_key", "KmsKeyArn");
    b.copy("environment", "Environment.Variables");
    b.present("vpc.enabled", "VpcConfig");
    b.copy("tracing", "TracingConfig.Mode");
    b.copy("role", "Role");
    b.link("Role", "role", "used_by");
}

void log_group(Builder& b) {
    b.copy("retention_days", "RetentionInDays");
    b.copy("kms_key", "KmsKeyId");
    b.link("KmsKeyId", "encrypted_by", "encrypts");
}

struct AdapterEntry {
    std::string_view type;
    std::string_view kind;
    std::function<void(Builder&)> fn;
};

const std::vector<AdapterEntry>& adapters() {
    static const std::vector<AdapterEntry> table = {
        {"AWS::S3::Bucket", "aws.s3.bucket", s3_bucket},
        {"AWS::S3::BucketPolicy", "aws.s3.bucket_policy", s3_bucket_policy},
        {"AWS::RDS::DBInstance", "aws.rds.instance", rds_instance},
        {"AWS::RDS::DBCluster", "aws.rds.cluster", rds_cluster},
        {"AWS::EC2::Volume", "aws.ec2.volume", ebs_volume},
        {"AWS::EC2::SecurityGroup", "aws.ec2.security_group", security_group},
        {"AWS::EC2::SecurityGroupIngress", "aws.ec2.security_group",
         [](Builder& b) { security_group_rule(b, "ingress"); }},
        {"AWS::EC2::SecurityGroupEgress", "aws.ec2.security_group",
         [](Builder& b) { security_group_rule(b, "egress"); }},
        {"AWS::IAM::Role", "aws.iam.role", iam_identity},
        {"AWS::IAM::User", "aws.iam.user", iam_identity},
        {"AWS::IAM::Group", "aws.iam.group", iam_identity},
        {"AWS::IAM::Policy", "aws.iam.policy", iam_policy},
        {"AWS::IAM::ManagedPolicy", "aws.iam.policy", iam_policy},
        {"AWS::IAM::RolePolicy", "aws.iam.policy", iam_policy},
        {"AWS::IAM::UserPolicy", "aws.iam.policy", iam_policy},
        {"AWS::IAM::GroupPolicy", "aws.iam.policy", iam_policy},
        {"AWS::CloudTrail::Trail", "aws.cloudtrail.trail", cloudtrail},
        {"AWS::KMS::Key", "aws.kms.key", kms_key},
        {"AWS::ElasticLoadBalancingV2::Listener", "aws.elb.listener", lb_listener},
        {"AWS::DynamoDB::Table", "aws.dynamodb.table", dynamodb_table},
        {"AWS::DynamoDB::GlobalTable", "aws.dynamodb.table", dynamodb_global_table},
        {"AWS::Serverless::SimpleTable", "aws.dynamodb.table", dynamodb_table},
        {"AWS::SQS::Queue", "aws.sqs.queue", sqs_queue},
        {"AWS::SNS::Topic", "aws.sns.topic", sns_topic},
        {"AWS::Lambda::Function", "aws.lambda.function", lambda_function},
        {"AWS::Serverless::Function", "aws.lambda.function", lambda_function},
        {"AWS::Logs::LogGroup", "aws.logs.log_group", log_group},
    };
    return table;
}

const AdapterEntry* find_adapter(std::string_view type) {
    for (const auto& a : adapters()) {
        if (a.type == type) return &a;
    }
    return nullptr;
}

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

}  // namespace

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

void adapt_cloudformation(const CfnTemplate& tmpl, Model& model) {
    std::size_t file = model.files.size();
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
        out.properties = r.properties;
        out.attributes = Node::mapping(r.mark);
        out.info.native_type = r.type;
        out.info.id = r.logical_id;
        out.info.construct_path = r.cdk_path;
        out.info.location = core::SourceLocation{
            tmpl.file, r.mark, "/Resources/" + core::json_pointer_token(r.logical_id)};
        Builder b(r, out);
        const AdapterEntry* a = find_adapter(r.type);
        out.info.kind = a ? std::string(a->kind) : neutral_kind(r.type);
        if (a) a->fn(b);
        if (auto it = sg_rules_of.find(r.logical_id); it != sg_rules_of.end()) {
            for (const CfnResource* extra : it->second) {
                const char* dir =
                    extra->type == "AWS::EC2::SecurityGroupIngress" ? "ingress" : "egress";
                if (Node* list = out.attributes.get(dir); list && list->is_sequence()) {
                    list->push(sg_rule(extra->properties));
                }
            }
        }
        // Most types call it Tags; EFS file systems FileSystemTags; global tables tag replicas.
        const Node* tag_prop = r.properties.get("Tags");
        if (!tag_prop) tag_prop = r.properties.get("FileSystemTags");
        if (!tag_prop) tag_prop = r.properties.at_path("Replicas[0].Tags");  // global tables
        Node tags = tags_of(tag_prop, r.mark);
        if (tags.is_unknown()) out.attributes.set("data_classification", tags);
        for (const auto& t : tags.members()) {
            out.info.tags.emplace_back(t.key, t.value.is_scalar() ? t.value.text() : "?");
            if (is_classification_key(t.key) && !out.attributes.get("data_classification")) {
                out.attributes.set("data_classification", t.value);
            }
        }
        out.attributes.set("tags", std::move(tags));
        if (const Node* name = out.attributes.get("name"); name && name->is_scalar()) {
            out.physical_name = name->text();
        }
        model.resources.push_back(std::move(out));
    }
}

void link(Model& model) {
    // Ids are per file; physical names are global.
    std::map<std::pair<std::size_t, std::string>, std::size_t> by_id;
    std::map<std::string, std::size_t, std::less<>> by_name;
    for (std::size_t i = 0; i < model.resources.size(); ++i) {
        const auto& r = model.resources[i];
        by_id[{r.file, r.source_id}] = i;
        if (!r.physical_name.empty()) by_name.emplace(r.physical_name, i);
    }
    model.relations.clear();
    for (std::size_t i = 0; i < model.resources.size(); ++i) {
        for (const auto& l : model.resources[i].links) {
            std::optional<std::size_t> target;
            if (l.by_name) {
                if (auto it = by_name.find(l.target); it != by_name.end()) target = it->second;
            } else if (auto it = by_id.find({model.resources[i].file, l.target});
                       it != by_id.end()) {
                target = it->second;
            }
            if (!target || *target == i) continue;
            model.relations.push_back({l.name, i, *target});
            model.relations.push_back({l.reverse, *target, i});
        }
    }
    std::sort(model.relations.begin(), model.relations.end(),
              [](const Relation& a, const Relation& b) {
                  return std::tie(a.from, a.name, a.to) < std::tie(b.from, b.name, b.to);
              });
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
