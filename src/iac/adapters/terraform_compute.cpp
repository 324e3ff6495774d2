// Terraform adapters for compute: EC2 instances, launch templates and launch configurations,
// Lambda, ECS, EKS and Step Functions (docs/model.md, docs/model-compute-network.md).
#include <algorithm>
#include <optional>

#include "core/parse.h"
#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

// An unknown value that stands for a default AWS decides at launch, from facts the plan does
// not show (the AMI, the subnet, the account's settings).
Node unknown_default(std::string reason, Mark at) {
    Node u = Node::unknown(std::move(reason), at);
    u.set_origin(NodeOrigin::kDefault);
    return u;
}

void place_at(Node& n, Mark at) {
    n.set_mark(at);
    for (auto& i : n.items()) place_at(i, at);
    for (auto& m : n.members()) {
        m.key_mark = at;
        place_at(m.value, at);
    }
}

// Where a value comes from (docs/model-compute-network.md): a value the plan shows is written
// in the configuration, a variable or a data source, and is kept in the state as it is
// ("template"); one computed at apply from another resource is "resource", else "other".
Node value_source(const Node& v) {
    std::string s = "template";
    if (v.is_unknown()) {
        s = v.ref().empty() ? "other" : "resource";
    } else if (v.is_null()) {
        s = "other";
    }
    return Node::string(s, v.mark());
}

// A launch template writes booleans as strings ("true", "false"; "" when unset).
Node string_bool(const Node& v) {
    if (v.is_unknown() || v.kind() != NodeKind::kString) return v;
    if (v.text() == "true") return Node::boolean(true, v.mark());
    if (v.text() == "false") return Node::boolean(false, v.mark());
    return v;
}

// The text a base64 string encodes; nullopt when it is not base64 or not text (gzip, say).
std::optional<std::string> base64_text(std::string_view s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    unsigned bits = 0;
    int count = 0;
    bool padding = false;
    for (char c : s) {
        if (c == '\n' || c == '\r') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int v = value(c);
        if (v < 0 || padding) return std::nullopt;
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xFFU));
        }
    }
    for (unsigned char c : out) {
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return std::nullopt;
    }
    return out;
}

// User data the provider keeps base64-encoded (user_data_base64, a launch template's
// user_data): rules read the text, as Fn::Base64 gives it in CloudFormation. Text that does not
// decode stays as it is.
void copy_base64_user_data(Builder& b, std::string_view path) {
    const Node* v = tf_get(b, path);
    if (!v) return;
    if (v->kind() == NodeKind::kString) {
        if (auto text = base64_text(v->text())) {
            b.set("user_data", Node::string(std::move(*text), v->mark()));
            return;
        }
    }
    b.set("user_data", *v);
}

// ---------------------------------------------------------------------------------------------
// EC2

constexpr std::string_view kImdsDefault =
    "http_tokens is not set: the AMI (ImdsSupport v2.0 means required) and the account's "
    "instance metadata defaults decide between required and optional";

void metadata_options(Builder& b, Node tokens_default) {
    const Node* tokens = tf_get(b, "metadata_options[0].http_tokens");
    b.set("metadata.http_tokens", tokens ? *tokens : std::move(tokens_default));
    tf_copy_or(b, "metadata.http_endpoint", "metadata_options[0].http_endpoint",
               Node::string("enabled"));
}

// One EBS device: encrypted (false when not set, as for aws_ebs_volume), kms_key, snapshot_id,
// volume_size. ebs: the block holding the settings; device: where device_name is.
Node ebs_device(const Builder& b, const Node& device, const Node& ebs) {
    Node d = Node::mapping(device.mark().line ? device.mark() : b.at());
    auto get = [](const Node& n, std::string_view key) -> const Node* {
        const Node* v = n.get(key);
        if (!v || v->is_null()) return nullptr;
        if (v->is_unknown() && v->origin() == NodeOrigin::kDefault) return nullptr;
        if (v->kind() == NodeKind::kString && v->text().empty()) return nullptr;
        return v;
    };
    if (const Node* v = get(device, "device_name")) d.set("device_name", *v);
    const Node* enc = get(ebs, "encrypted");
    d.set("encrypted", enc ? string_bool(*enc) : defaulted(Node::boolean(false), d.mark()));
    if (const Node* v = get(ebs, "kms_key_id")) d.set("kms_key", *v);
    if (const Node* v = get(ebs, "snapshot_id")) d.set("snapshot_id", *v);
    if (const Node* v = get(ebs, "volume_size")) d.set("volume_size", *v);
    return d;
}

// root_block_device then each ebs_block_device (aws_instance, aws_launch_configuration); absent
// when neither is written, as the AMI's mappings then apply.
void instance_block_devices(Builder& b) {
    const Node* root = tf_get(b, "root_block_device");
    const Node* ebs = tf_get(b, "ebs_block_device");
    if ((root && root->is_unknown()) || (ebs && ebs->is_unknown())) {
        b.set("block_devices", root && root->is_unknown() ? *root : *ebs);
    } else if (root || ebs) {
        Node list = Node::sequence(root ? root->mark() : ebs->mark());
        for (const Node* l : {root, ebs}) {
            if (!l || !l->is_sequence()) continue;
            for (const auto& d : l->items()) {
                if (d.is_mapping()) list.push(ebs_device(b, d, d));
            }
        }
        b.set("block_devices", std::move(list));
    }
}

void ec2_instance(Builder& b) {
    const Node* lt = tf_get(b, "launch_template[0]");
    metadata_options(b, unknown_default(lt ? "metadata_options is not set on the instance: its "
                                             "launch template, or else the AMI and the "
                                             "account's defaults, decide"
                                           : std::string(kImdsDefault),
                                        b.at()));
    if (const Node* ip = tf_get(b, "associate_public_ip_address")) {
        b.set("public_ip", *ip);
    } else if (tf_get(b, "subnet_id") || tf_get(b, "network_interface")) {
        b.set("public_ip", unknown_default("associate_public_ip_address is not set: the subnet's "
                                           "map_public_ip_on_launch decides",
                                           b.at()));
    } else if (lt) {
        b.set("public_ip", unknown_default("no subnet or network interface on the instance: its "
                                           "launch template decides",
                                           b.at()));
    } else {
        // No subnet at all: the instance starts in a default subnet of the default VPC, and
        // default subnets give public IPv4 addresses unless the account changed them.
        b.set("public_ip", defaulted(Node::boolean(true), b.at()));
    }
    tf_copy(b, "subnet", "subnet_id");
    b.link("subnet_id", "subnet", "instances");
    instance_block_devices(b);
    // user_data: the provider keeps a SHA-1 hash of the text in the plan; user_data_base64
    // keeps the encoded text, which can be read.
    tf_copy(b, "user_data", "user_data");
    copy_base64_user_data(b, "user_data_base64");
    tf_copy(b, "key_name", "key_name");
    tf_copy(b, "instance_profile", "iam_instance_profile");
    if (lt && !tf_get(b, "iam_instance_profile")) {
        b.set("instance_profile", unknown_default("iam_instance_profile is not set on the "
                                                  "instance: its launch template decides",
                                                  b.at()));
    }
    b.link("iam_instance_profile", "instance_profile", "used_by");
    if (lt) {
        const Node* id = tf_get(b, "launch_template[0].id");
        if (!id) id = tf_get(b, "launch_template[0].name");
        b.set("launch_template", id ? *id : *lt);
        b.link("launch_template[0].id", "launch_template", "instances");
        b.link("launch_template[0].name", "launch_template", "instances");
    }
    tf_copy(b, "image", "ami");
}

void ec2_launch_template(Builder& b) {
    metadata_options(b, unknown_default(std::string(kImdsDefault), b.at()));
    if (const Node* ip = tf_get(b, "network_interfaces[0].associate_public_ip_address")) {
        b.set("public_ip", string_bool(*ip));
    } else {
        b.set("public_ip", unknown_default("associate_public_ip_address is not set: the subnet "
                                           "the instance starts in decides",
                                           b.at()));
    }
    if (const Node* l = tf_get(b, "block_device_mappings")) {
        if (l->is_unknown() || !l->is_sequence()) {
            b.set("block_devices", *l);
        } else {
            Node list = Node::sequence(l->mark());
            for (const auto& m : l->items()) {
                const Node* ebs = m.is_mapping() ? m.at_path("ebs[0]") : nullptr;
                if (ebs && ebs->is_mapping()) list.push(ebs_device(b, m, *ebs));
            }
            b.set("block_devices", std::move(list));
        }
    }
    copy_base64_user_data(b, "user_data");  // the provider requires it base64-encoded
    tf_copy(b, "key_name", "key_name");
    if (tf_get(b, "iam_instance_profile[0].arn")) {
        tf_copy(b, "instance_profile", "iam_instance_profile[0].arn");
    } else {
        tf_copy(b, "instance_profile", "iam_instance_profile[0].name");
    }
    b.link("iam_instance_profile[0].arn", "instance_profile", "used_by");
    b.link("iam_instance_profile[0].name", "instance_profile", "used_by");
    tf_copy(b, "image", "image_id");
}

void autoscaling_launch_configuration(Builder& b) {
    // The Auto Scaling documentation: without http_tokens the state is optional.
    metadata_options(b, defaulted(Node::string("optional"), b.at()));
    if (const Node* ip = tf_get(b, "associate_public_ip_address")) {
        b.set("public_ip", *ip);
    } else {
        b.set("public_ip", unknown_default("associate_public_ip_address is not set: default "
                                           "subnets give public addresses, others only when "
                                           "their map_public_ip_on_launch is true",
                                           b.at()));
    }
    instance_block_devices(b);
    // As for aws_instance, user_data is a SHA-1 hash in the plan.
    tf_copy(b, "user_data", "user_data");
    copy_base64_user_data(b, "user_data_base64");
    tf_copy(b, "key_name", "key_name");
    tf_copy(b, "instance_profile", "iam_instance_profile");
    b.link("iam_instance_profile", "instance_profile", "used_by");
    tf_copy(b, "image", "image_id");
}

// ---------------------------------------------------------------------------------------------
// Lambda

void lambda_function(Builder& b) {
    tf_copy(b, "runtime", "runtime");
    tf_copy(b, "kms_key", "kms_key_arn");
    tf_copy(b, "environment", "environment[0].variables");
    const Node* vars = tf_get(b, "environment[0].variables");
    if (!vars) {
        b.set("environment_variables", Node::sequence(b.at()));
    } else if (vars->is_unknown() || !vars->is_mapping()) {
        b.set("environment_variables", *vars);
    } else {
        Node list = Node::sequence(vars->mark());
        for (const auto& m : vars->members()) {
            Node e = Node::mapping(m.key_mark);
            e.set("name", Node::string(m.key, m.key_mark));
            e.set("value", m.value);
            e.set("value_source", value_source(m.value));
            list.push(std::move(e));
        }
        b.set("environment_variables", std::move(list));
    }
    // A vpc_config block with no subnets leaves the function outside any VPC.
    tf_present(b, "vpc.enabled", "vpc_config[0].subnet_ids");
    tf_copy(b, "tracing", "tracing_config[0].mode");
    tf_copy(b, "role", "role");
    b.link("role", "role", "used_by");
    tf_copy_or(b, "package_type", "package_type", Node::string("Zip"));
    tf_copy(b, "code_signing_config", "code_signing_config_arn");
}

void lambda_url(Builder& b) {
    tf_copy(b, "auth_type", "authorization_type");
    tf_copy(b, "qualifier", "qualifier");
    tf_copy_or(b, "invoke_mode", "invoke_mode", Node::string("BUFFERED"));
    b.link("function_name", "function", "urls");
}

void lambda_permission(Builder& b) {
    tf_copy(b, "action", "action");
    tf_copy(b, "principal", "principal");
    tf_copy(b, "source_arn", "source_arn");
    tf_copy(b, "source_account", "source_account");
    tf_copy(b, "principal_org_id", "principal_org_id");
    tf_copy(b, "event_source_token", "event_source_token");
    tf_copy(b, "function_url_auth_type", "function_url_auth_type");
    b.link("function_name", "function", "permissions");
}

void lambda_layer_permission(Builder& b) {
    tf_copy(b, "action", "action");
    tf_copy(b, "principal", "principal");
    tf_copy(b, "organization_id", "organization_id");
    b.link("layer_name", "layer", "permissions");
}

// ---------------------------------------------------------------------------------------------
// ECS

// One container of container_definitions (the JSON of the ECS API, in camelCase).
Node ecs_container(const Node& c) {
    if (!c.is_mapping()) return c;
    Node out = Node::mapping(c.mark());
    auto field = [&](const char* attr, std::string_view path) {
        if (const Node* v = c.at_path(path); v && !v->is_null()) out.set(attr, *v);
    };
    auto field_or = [&](const char* attr, std::string_view path, Node def) {
        const Node* v = c.at_path(path);
        out.set(attr, v && !v->is_null() ? *v : defaulted(std::move(def), c.mark()));
    };
    field("name", "name");
    field("image", "image");
    field_or("privileged", "privileged", Node::boolean(false));
    field_or("read_only_root_filesystem", "readonlyRootFilesystem", Node::boolean(false));
    field_or("essential", "essential", Node::boolean(true));
    field("user", "user");
    auto pairs = [&](const char* key, const char* value_key, const char* value_attr, bool source) {
        Node list = Node::sequence(c.mark());
        const Node* l = c.get(key);
        if (!l || !l->is_sequence()) return list;
        for (const auto& i : l->items()) {
            if (!i.is_mapping()) continue;
            Node e = Node::mapping(i.mark());
            if (const Node* n = i.get("name")) e.set("name", *n);
            const Node* v = i.get(value_key);
            Node value = v ? *v : Node(NodeKind::kNull, {}, i.mark());
            e.set(value_attr, value);
            if (source) e.set("value_source", value_source(value));
            list.push(std::move(e));
        }
        return list;
    };
    out.set("environment", pairs("environment", "value", "value", true));
    out.set("secrets", pairs("secrets", "valueFrom", "value_from", false));
    field("log_driver", "logConfiguration.logDriver");
    field_or("capabilities_add", "linuxParameters.capabilities.add", Node::sequence());
    return out;
}

void ecs_task_definition(Builder& b) {
    tf_copy_or(b, "network_mode", "network_mode", Node::string("bridge"));
    tf_copy(b, "pid_mode", "pid_mode");
    tf_copy(b, "ipc_mode", "ipc_mode");
    tf_copy(b, "requires_compatibilities", "requires_compatibilities");
    tf_copy(b, "task_role", "task_role_arn");
    b.link("task_role_arn", "task_role", "used_by");
    tf_copy(b, "execution_role", "execution_role_arn");
    b.link("execution_role_arn", "execution_role", "used_by");
    // container_definitions is JSON text; every value is placed at the text's position.
    const Node* defs = tf_get(b, "container_definitions");
    if (!defs) {
        b.set("containers", Node::sequence(b.at()));
    } else if (defs->is_unknown() || defs->kind() != NodeKind::kString) {
        b.set("containers", *defs);
    } else if (auto doc = core::parse_json(defs->text()); doc && doc->root.is_sequence()) {
        Node list = Node::sequence(defs->mark());
        for (const auto& c : doc->root.items()) {
            if (!c.is_mapping()) continue;
            Node n = ecs_container(c);
            place_at(n, defs->mark());
            list.push(std::move(n));
        }
        b.set("containers", std::move(list));
    } else {
        b.set("containers", Node::unknown("container_definitions is not a JSON list of "
                                          "container definitions",
                                          defs->mark()));
    }
    Node vols = Node::sequence(b.at());
    if (const Node* l = tf_get(b, "volume"); l && l->is_unknown()) {
        vols = *l;
    } else if (l && l->is_sequence()) {
        vols.set_mark(l->mark());
        for (const auto& v : l->items()) {
            if (!v.is_mapping()) continue;
            Node e = Node::mapping(v.mark());
            if (const Node* n = v.get("name"); n && !n->is_null()) e.set("name", *n);
            if (const Node* p = v.get("host_path"); p && !p->is_null() && !p->text().empty()) {
                e.set("host_path", *p);
            }
            vols.push(std::move(e));
        }
    }
    b.set("volumes", std::move(vols));
}

void ecs_service(Builder& b) {
    // A boolean in Terraform, ENABLED/DISABLED in the ECS API; false (DISABLED) by default.
    const Node* ip = tf_get(b, "network_configuration[0].assign_public_ip");
    if (!ip) {
        b.set("assign_public_ip", defaulted(Node::string("DISABLED"), b.at()));
    } else if (ip->kind() == NodeKind::kBool) {
        bool on = ip->as_bool().value_or(false);
        b.set("assign_public_ip", Node::string(on ? "ENABLED" : "DISABLED", ip->mark()));
    } else {
        b.set("assign_public_ip", *ip);
    }
    tf_copy(b, "launch_type", "launch_type");
    b.link("task_definition", "task_definition", "services");
}

// ---------------------------------------------------------------------------------------------
// EKS

void eks_cluster(Builder& b) {
    // Provider defaults: public endpoint on, private off; the public CIDRs are computed
    // (0.0.0.0/0 when left out).
    tf_copy_or(b, "endpoint.public_access", "vpc_config[0].endpoint_public_access",
               Node::boolean(true));
    tf_copy_or(b, "endpoint.private_access", "vpc_config[0].endpoint_private_access",
               Node::boolean(false));
    Node anywhere = Node::sequence();
    anywhere.push(Node::string("0.0.0.0/0"));
    tf_copy_or(b, "endpoint.public_access_cidrs", "vpc_config[0].public_access_cidrs",
               std::move(anywhere));
    tf_copy_or(b, "logging.enabled_types", "enabled_cluster_log_types", Node::sequence());
    // The KMS key of the encryption_config block that covers secrets.
    set_eks_secrets_key(b, tf_get(b, "encryption_config"), "resources", "provider[0].key_arn");
    tf_copy_or(b, "access.authentication_mode", "access_config[0].authentication_mode",
               Node::string("CONFIG_MAP"));
    tf_copy_or(b, "access.bootstrap_cluster_creator_admin",
               "access_config[0].bootstrap_cluster_creator_admin_permissions", Node::boolean(true));
    tf_copy(b, "version", "version");
    tf_copy(b, "role", "role_arn");
    b.link("role_arn", "role", "used_by");
}

void eks_node_group(Builder& b) {
    tf_copy(b, "remote_access.ssh_key", "remote_access[0].ec2_ssh_key");
    tf_copy(b, "remote_access.source_security_groups",
            "remote_access[0].source_security_group_ids");
    b.link("cluster_name", "cluster", "nodegroups");
}

// ---------------------------------------------------------------------------------------------
// Step Functions

void sfn_state_machine(Builder& b) {
    tf_copy(b, "type", "type");
    // Without a logging configuration no execution history goes to CloudWatch Logs (OFF).
    tf_copy_or(b, "logging.level", "logging_configuration[0].level", Node::string("OFF"));
    tf_copy_or(b, "logging.include_execution_data",
               "logging_configuration[0].include_execution_data", Node::boolean(false));
    b.link("logging_configuration[0].log_destination", "logs_to", "receives_logs_from");
    tf_copy_or(b, "tracing", "tracing_configuration[0].enabled", Node::boolean(false));
    b.link("role_arn", "role", "used_by");
}

}  // namespace

void register_terraform_compute(Adapters& out) {
    out.insert(out.end(),
               {
                   {"aws_instance", "aws.ec2.instance", ec2_instance},
                   {"aws_launch_template", "aws.ec2.launch_template", ec2_launch_template},
                   {"aws_launch_configuration", "aws.autoscaling.launch_configuration",
                    autoscaling_launch_configuration},
                   {"aws_lambda_function", "aws.lambda.function", lambda_function},
                   {"aws_lambda_function_url", "aws.lambda.url", lambda_url},
                   {"aws_lambda_permission", "aws.lambda.permission", lambda_permission},
                   {"aws_lambda_layer_version_permission", "aws.lambda.layer_version_permission",
                    lambda_layer_permission},
                   {"aws_ecs_task_definition", "aws.ecs.task_definition", ecs_task_definition},
                   {"aws_ecs_service", "aws.ecs.service", ecs_service},
                   {"aws_eks_cluster", "aws.eks.cluster", eks_cluster},
                   {"aws_eks_node_group", "aws.eks.nodegroup", eks_node_group},
                   {"aws_sfn_state_machine", "aws.stepfunctions.state_machine", sfn_state_machine},
               });
}

}  // namespace wasp::iac::adapters
