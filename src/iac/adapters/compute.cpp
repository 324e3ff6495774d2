// Adapters for compute: EC2 instances and launch templates, Auto Scaling launch configurations,
// Lambda, ECS, EKS, ECR and SSM parameters (docs/model.md, docs/model-compute-network.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

// An unknown value that stands for a default AWS decides at launch, from facts the template
// does not show (the AMI, the subnet, the account's settings).
Node unknown_default(std::string reason, Mark at) {
    Node u = Node::unknown(std::move(reason), at);
    u.set_origin(NodeOrigin::kDefault);
    return u;
}

// The value at path under any root (a container definition, say; Builder::read does this for
// the properties). When the path runs through an unknown value (a parent behind Fn::If on a
// condition that cannot be evaluated), the property itself may be absent, so the copy is
// marked maybe-absent: `exists` then answers unknown instead of true.
std::optional<Node> read(const Node& root, std::string_view path) {
    const Node* v = root.at_path(path);
    if (!v) return std::nullopt;
    Node out = *v;
    if (out.is_unknown() && out.origin() == NodeOrigin::kWritten) {
        auto cut = path.find_last_of(".[");
        if (cut != std::string_view::npos && cut > 0 && root.at_path(path.substr(0, cut)) == v) {
            out.set_origin(NodeOrigin::kMaybeAbsent);
        }
    }
    return out;
}

// Where a value comes from, so rules can tell a value written in the template (a secret that
// anyone who reads the template or the stack sees) from one supplied at deployment:
// template, parameter, dynamic_reference, resource or other.
Node value_source(const Node& v) {
    std::string s = "template";
    if (v.is_unknown()) {
        if (!v.ref().empty()) {
            s = "resource";  // Ref or Fn::GetAtt of a resource (an ARN, a name...)
        } else if (v.cause() == core::UnknownCause::kSecretsManager ||
                   v.cause() == core::UnknownCause::kSsmSecure ||
                   v.cause() == core::UnknownCause::kSsm) {
            s = "dynamic_reference";  // {{resolve:...}} or an AWS::SSM::Parameter::Value parameter
        } else if (v.cause() == core::UnknownCause::kParameter) {
            s = "parameter";  // a template parameter without a default
        } else {
            s = "other";
        }
    } else if (v.is_null()) {
        s = "other";
    }
    return Node::string(s, v.mark());
}

// Environment.Variables {NAME: value} -> [{name, value, value_source}].
Node env_from_map(const Node* vars, Mark at) {
    if (!vars) return Node::sequence(at);
    if (vars->is_unknown() || !vars->is_mapping()) return *vars;
    Node out = Node::sequence(vars->mark());
    for (const auto& m : vars->members()) {
        Node e = Node::mapping(m.key_mark);
        e.set("name", Node::string(m.key, m.key_mark));
        e.set("value", m.value);
        e.set("value_source", value_source(m.value));
        out.push(std::move(e));
    }
    return out;
}

// ECS Environment [{Name, Value}] -> [{name, value, value_source}].
Node env_from_list(const Node* list, Mark at) {
    if (!list) return Node::sequence(at);
    if (list->is_unknown() || !list->is_sequence()) return *list;
    Node out = Node::sequence(list->mark());
    for (const auto& i : list->items()) {
        if (!i.is_mapping()) {
            out.push(i);
            continue;
        }
        Node e = Node::mapping(i.mark());
        if (const Node* n = i.get("Name")) e.set("name", *n);
        const Node* v = i.get("Value");
        Node value = v ? *v : Node(NodeKind::kNull, {}, i.mark());
        e.set("value", value);
        e.set("value_source", value_source(value));
        out.push(std::move(e));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// EC2 instances, launch templates and launch configurations share their launch settings.

// The network interface with DeviceIndex 0, or the first one.
const Node* primary_interface(const Node* nics) {
    if (!nics || !nics->is_sequence() || nics->size() == 0) return nullptr;
    for (const auto& n : nics->items()) {
        const Node* index = n.is_mapping() ? n.get("DeviceIndex") : nullptr;
        if (index && index->as_number() == 0.0) return &n;
    }
    return &nics->items()[0];
}

// BlockDeviceMappings -> [{device_name, encrypted, kms_key, snapshot_id, volume_size}], EBS
// mappings only (instance store and NoDevice entries hold no EBS data).
Node block_devices(const Node& list) {
    if (list.is_unknown() || !list.is_sequence()) return list;
    Node out = Node::sequence(list.mark());
    for (const auto& m : list.items()) {
        if (!m.is_mapping()) {
            if (m.is_unknown()) out.push(m);  // malformed entries are left out
            continue;
        }
        const Node* ebs = m.get("Ebs");
        if (!ebs) continue;
        Node d = Node::mapping(m.mark());
        if (const Node* n = m.get("DeviceName")) d.set("device_name", *n);
        if (ebs->is_unknown()) {
            d.set("encrypted", *ebs);
        } else {
            // As for AWS::EC2::Volume: an unset Encrypted is read as the API default, false.
            // A volume restored from an encrypted snapshot, or created where the account turns on
            // EBS encryption by default, is encrypted anyway; a template cannot show either.
            const Node* enc = ebs->get("Encrypted");
            d.set("encrypted", enc ? *enc : defaulted(Node::boolean(false), ebs->mark()));
            if (const Node* v = ebs->get("KmsKeyId")) d.set("kms_key", *v);
            if (const Node* v = ebs->get("SnapshotId")) d.set("snapshot_id", *v);
            if (const Node* v = ebs->get("VolumeSize")) d.set("volume_size", *v);
        }
        out.push(std::move(d));
    }
    return out;
}

// HttpTokens when the template does not set it: for instances and launch templates the AMI's
// ImdsSupport and the account's instance metadata defaults decide.
constexpr std::string_view kImdsDefault =
    "HttpTokens is not set: the AMI (ImdsSupport v2.0 means required) and the account's instance "
    "metadata defaults decide between required and optional";

void metadata_options(Builder& b, const std::string& base, Node tokens_default) {
    auto tokens = read(b.properties(), base + "MetadataOptions.HttpTokens");
    b.set("metadata.http_tokens", tokens && !tokens->is_null() ? *tokens : tokens_default);
    // enabled: documented default of HttpEndpoint for instances, templates and configurations.
    b.copy_or("metadata.http_endpoint", base + "MetadataOptions.HttpEndpoint",
              Node::string("enabled"));
}

// AssociatePublicIpAddress of the primary interface; null when the interfaces do not say.
std::optional<Node> interface_public_ip(const Node* nics) {
    // Interfaces not known before deployment may or may not set the property.
    auto maybe = [](Node v) {
        if (v.origin() == NodeOrigin::kWritten) v.set_origin(NodeOrigin::kMaybeAbsent);
        return v;
    };
    if (!nics) return std::nullopt;
    if (nics->is_unknown()) return maybe(*nics);
    const Node* nic = primary_interface(nics);
    if (!nic) return std::nullopt;
    if (nic->is_unknown()) return maybe(*nic);
    if (const Node* v = nic->get("AssociatePublicIpAddress")) return *v;
    return std::nullopt;
}

void ec2_instance(Builder& b) {
    const Node* lt = b.prop("LaunchTemplate");
    metadata_options(b, "",
                     unknown_default(lt ? "MetadataOptions is not set on the instance: its "
                                          "launch template, or else the AMI and the "
                                          "account's defaults, decide"
                                        : std::string(kImdsDefault),
                                     b.at()));
    const Node* nics = b.prop("NetworkInterfaces");
    if (auto ip = interface_public_ip(nics)) {
        b.set("public_ip", *ip);
    } else if (nics || b.prop("SubnetId")) {
        b.set("public_ip", unknown_default("AssociatePublicIpAddress is not set: the subnet's "
                                           "MapPublicIpOnLaunch decides",
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
    b.copy("subnet", "SubnetId");
    b.link("SubnetId", "subnet", "instances");
    if (const Node* nic = primary_interface(nics)) {
        if (nic->is_mapping()) {
            if (const Node* s = nic->get("SubnetId")) {
                if (!b.prop("SubnetId")) b.set("subnet", *s);
                b.link_node(*s, "subnet", "instances");
            }
        }
    }
    if (const Node* l = b.prop("BlockDeviceMappings")) b.set("block_devices", block_devices(*l));
    b.copy("user_data", "UserData");
    b.copy("key_name", "KeyName");
    b.copy("instance_profile", "IamInstanceProfile");
    if (lt && !b.prop("IamInstanceProfile")) {
        b.set("instance_profile", unknown_default("IamInstanceProfile is not set on the instance: "
                                                  "its launch template decides",
                                                  b.at()));
    }
    b.link("IamInstanceProfile", "instance_profile", "used_by");
    if (lt) {
        const Node* id = b.prop("LaunchTemplate.LaunchTemplateId");
        if (!id) id = b.prop("LaunchTemplate.LaunchTemplateName");
        b.set("launch_template", id ? *id : *lt);
        b.link("LaunchTemplate.LaunchTemplateId", "launch_template", "instances");
    }
    b.copy("image", "ImageId");
}

void ec2_launch_template(Builder& b) {
    const std::string base = "LaunchTemplateData.";
    metadata_options(b, base, unknown_default(std::string(kImdsDefault), b.at()));
    if (auto ip = interface_public_ip(b.prop(base + "NetworkInterfaces"))) {
        b.set("public_ip", *ip);
    } else {
        b.set("public_ip", unknown_default("AssociatePublicIpAddress is not set: the subnet the "
                                           "instance starts in decides",
                                           b.at()));
    }
    if (const Node* l = b.prop(base + "BlockDeviceMappings")) {
        b.set("block_devices", block_devices(*l));
    }
    b.copy("user_data", base + "UserData");
    b.copy("key_name", base + "KeyName");
    if (b.prop(base + "IamInstanceProfile.Arn")) {
        b.copy("instance_profile", base + "IamInstanceProfile.Arn");
    } else {
        b.copy("instance_profile", base + "IamInstanceProfile.Name");
    }
    b.link(base + "IamInstanceProfile.Arn", "instance_profile", "used_by");
    b.link(base + "IamInstanceProfile.Name", "instance_profile", "used_by");
    b.copy("image", base + "ImageId");
}

void autoscaling_launch_configuration(Builder& b) {
    // The Auto Scaling documentation: without HttpTokens the state is optional.
    metadata_options(b, "", defaulted(Node::string("optional"), b.at()));
    if (auto ip = read(b.properties(), "AssociatePublicIpAddress")) {
        b.set("public_ip", *ip);
    } else {
        b.set("public_ip", unknown_default("AssociatePublicIpAddress is not set: default subnets "
                                           "give public addresses, others only when their "
                                           "MapPublicIpOnLaunch is true",
                                           b.at()));
    }
    if (const Node* l = b.prop("BlockDeviceMappings")) b.set("block_devices", block_devices(*l));
    b.copy("user_data", "UserData");
    b.copy("key_name", "KeyName");
    b.copy("instance_profile", "IamInstanceProfile");
    b.link("IamInstanceProfile", "instance_profile", "used_by");
    b.copy("image", "ImageId");
}

// ---------------------------------------------------------------------------------------------
// Lambda

void lambda_function(Builder& b) {
    b.copy("runtime", "Runtime");
    b.copy("kms_key", "KmsKeyArn");
    b.copy("environment", "Environment.Variables");
    b.set("environment_variables", env_from_map(b.prop("Environment.Variables"), b.at()));
    b.present("vpc.enabled", "VpcConfig");
    b.copy("tracing", "TracingConfig.Mode");
    b.copy("role", "Role");
    b.link("Role", "role", "used_by");
    b.copy_or("package_type", "PackageType", Node::string("Zip"));
    b.copy("code_signing_config", "CodeSigningConfigArn");
    b.copy("url.auth_type", "FunctionUrlConfig.AuthType");  // SAM's FunctionUrlConfig
}

void lambda_url(Builder& b) {
    b.copy("auth_type", "AuthType");
    b.copy("qualifier", "Qualifier");
    b.copy_or("invoke_mode", "InvokeMode", Node::string("BUFFERED"));
    b.link("TargetFunctionArn", "function", "urls");
}

void lambda_permission(Builder& b) {
    b.copy("action", "Action");
    b.copy("principal", "Principal");
    b.copy("source_arn", "SourceArn");
    b.copy("source_account", "SourceAccount");
    b.copy("principal_org_id", "PrincipalOrgID");
    b.copy("event_source_token", "EventSourceToken");
    b.copy("function_url_auth_type", "FunctionUrlAuthType");
    b.link("FunctionName", "function", "permissions");
}

void lambda_layer_permission(Builder& b) {
    b.copy("action", "Action");
    b.copy("principal", "Principal");
    b.copy("organization_id", "OrganizationId");
    b.link("LayerVersionArn", "layer", "permissions");
}

// ---------------------------------------------------------------------------------------------
// ECS

Node ecs_container(const Node& c) {
    if (!c.is_mapping()) return c;
    Node out = Node::mapping(c.mark());
    auto field = [&](const char* attr, const char* prop) {
        if (auto v = read(c, prop)) out.set(attr, std::move(*v));
    };
    auto field_or = [&](const char* attr, const char* prop, Node def) {
        auto v = read(c, prop);
        out.set(attr, v && !v->is_null() ? std::move(*v) : defaulted(std::move(def), c.mark()));
    };
    field("name", "Name");
    field("image", "Image");
    field_or("privileged", "Privileged", Node::boolean(false));
    field_or("read_only_root_filesystem", "ReadonlyRootFilesystem", Node::boolean(false));
    field_or("essential", "Essential", Node::boolean(true));
    field("user", "User");
    out.set("environment", env_from_list(c.get("Environment"), c.mark()));
    Node secrets = Node::sequence(c.mark());
    if (const Node* s = c.get("Secrets"); s && (s->is_unknown() || !s->is_sequence())) {
        secrets = *s;
    } else if (s) {
        for (const auto& i : s->items()) {
            if (!i.is_mapping()) {
                secrets.push(i);
                continue;
            }
            Node e = Node::mapping(i.mark());
            if (const Node* v = i.get("Name")) e.set("name", *v);
            if (const Node* v = i.get("ValueFrom")) e.set("value_from", *v);
            secrets.push(std::move(e));
        }
    }
    out.set("secrets", std::move(secrets));
    field("log_driver", "LogConfiguration.LogDriver");
    field_or("capabilities_add", "LinuxParameters.Capabilities.Add", Node::sequence());
    return out;
}

void ecs_task_definition(Builder& b) {
    // bridge: the documented default on Linux when NetworkMode is not set (Fargate requires
    // awsvpc, written out).
    b.copy_or("network_mode", "NetworkMode", Node::string("bridge"));
    b.copy("pid_mode", "PidMode");
    b.copy("ipc_mode", "IpcMode");
    b.copy("requires_compatibilities", "RequiresCompatibilities");
    b.copy("task_role", "TaskRoleArn");
    b.link("TaskRoleArn", "task_role", "used_by");
    b.copy("execution_role", "ExecutionRoleArn");
    b.link("ExecutionRoleArn", "execution_role", "used_by");
    const Node* defs = b.prop("ContainerDefinitions");
    if (defs && (defs->is_unknown() || !defs->is_sequence())) {
        b.set("containers", *defs);
    } else {
        Node list = Node::sequence(defs ? defs->mark() : b.at());
        if (defs) {
            for (const auto& c : defs->items()) {
                if (c.is_mapping() || c.is_unknown()) list.push(ecs_container(c));
            }
        }
        b.set("containers", std::move(list));
    }
    const Node* vols = b.prop("Volumes");
    if (vols && (vols->is_unknown() || !vols->is_sequence())) {
        b.set("volumes", *vols);
    } else {
        Node list = Node::sequence(vols ? vols->mark() : b.at());
        if (vols) {
            for (const auto& v : vols->items()) {
                if (!v.is_mapping()) {
                    list.push(v);
                    continue;
                }
                Node e = Node::mapping(v.mark());
                if (const Node* n = v.get("Name")) e.set("name", *n);
                if (const Node* p = v.at_path("Host.SourcePath")) e.set("host_path", *p);
                list.push(std::move(e));
            }
        }
        b.set("volumes", std::move(list));
    }
}

void ecs_service(Builder& b) {
    // DISABLED: the documented default of AssignPublicIp.
    b.copy_or("assign_public_ip", "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp",
              Node::string("DISABLED"));
    b.copy("launch_type", "LaunchType");
    b.link("TaskDefinition", "task_definition", "services");
}

// ---------------------------------------------------------------------------------------------
// EKS

void eks_cluster(Builder& b) {
    // Documented defaults: public endpoint on, open to 0.0.0.0/0; private endpoint off.
    b.copy_or("endpoint.public_access", "ResourcesVpcConfig.EndpointPublicAccess",
              Node::boolean(true));
    b.copy_or("endpoint.private_access", "ResourcesVpcConfig.EndpointPrivateAccess",
              Node::boolean(false));
    Node anywhere = Node::sequence();
    anywhere.push(Node::string("0.0.0.0/0"));
    b.copy_or("endpoint.public_access_cidrs", "ResourcesVpcConfig.PublicAccessCidrs",
              std::move(anywhere));
    // Control plane logs: none unless listed.
    const Node* types = b.prop("Logging.ClusterLogging.EnabledTypes");
    if (types && (types->is_unknown() || !types->is_sequence())) {
        b.set("logging.enabled_types", *types);
    } else if (types) {
        Node list = Node::sequence(types->mark());
        for (const auto& t : types->items()) {
            const Node* type = t.is_mapping() ? t.get("Type") : nullptr;
            list.push(type ? *type : t);
        }
        b.set("logging.enabled_types", std::move(list));
    } else {
        b.set("logging.enabled_types", defaulted(Node::sequence(), b.at()));
    }
    // The KMS key of the EncryptionConfig entry that covers secrets.
    // An entry that is not known, or whose resources are not, may or may not cover secrets.
    set_eks_secrets_key(b, b.prop("EncryptionConfig"), "Resources", "Provider.KeyArn");
    b.copy_or("access.authentication_mode", "AccessConfig.AuthenticationMode",
              Node::string("CONFIG_MAP"));
    b.copy_or("access.bootstrap_cluster_creator_admin",
              "AccessConfig.BootstrapClusterCreatorAdminPermissions", Node::boolean(true));
    b.copy("version", "Version");
    b.copy("role", "RoleArn");
    b.link("RoleArn", "role", "used_by");
}

void eks_nodegroup(Builder& b) {
    b.copy("remote_access.ssh_key", "RemoteAccess.Ec2SshKey");
    b.copy("remote_access.source_security_groups", "RemoteAccess.SourceSecurityGroups");
    b.link("ClusterName", "cluster", "nodegroups");
}

// ---------------------------------------------------------------------------------------------
// ECR and SSM

void ecr_repository(Builder& b) {
    // Documented defaults: no scan on push, mutable tags, AES256 encryption.
    b.copy_or("scan_on_push", "ImageScanningConfiguration.ScanOnPush", Node::boolean(false));
    b.copy_or("tag_mutability", "ImageTagMutability", Node::string("MUTABLE"));
    b.copy_or("encryption.type", "EncryptionConfiguration.EncryptionType", Node::string("AES256"));
    b.copy("encryption.kms_key", "EncryptionConfiguration.KmsKey");
    b.link("EncryptionConfiguration.KmsKey", "encrypted_by", "encrypts");
    b.set("policy_statements", statements_of(b.prop("RepositoryPolicyText"), b.at()));
    b.copy("repository_name", "RepositoryName");
}

void ecr_registry_scanning(Builder& b) { b.copy("scan_type", "ScanType"); }

void ssm_parameter(Builder& b) {
    b.copy("type", "Type");
    // Not "name": that attribute is a physical name, which links references by name.
    b.copy("parameter_name", "Name");
    b.copy("value", "Value");
    if (const Node* v = b.prop("Value")) b.set("value_source", value_source(*v));
}

}  // namespace

void register_compute(Adapters& out) {
    out.insert(out.end(),
               {
                   {"AWS::EC2::Instance", "aws.ec2.instance", ec2_instance},
                   {"AWS::EC2::LaunchTemplate", "aws.ec2.launch_template", ec2_launch_template},
                   {"AWS::AutoScaling::LaunchConfiguration", "aws.autoscaling.launch_configuration",
                    autoscaling_launch_configuration},
                   {"AWS::Lambda::Function", "aws.lambda.function", lambda_function},
                   {"AWS::Serverless::Function", "aws.lambda.function", lambda_function},
                   {"AWS::Lambda::Url", "aws.lambda.url", lambda_url},
                   {"AWS::Lambda::Permission", "aws.lambda.permission", lambda_permission},
                   {"AWS::Lambda::LayerVersionPermission", "aws.lambda.layer_version_permission",
                    lambda_layer_permission},
                   {"AWS::ECS::TaskDefinition", "aws.ecs.task_definition", ecs_task_definition},
                   {"AWS::ECS::Service", "aws.ecs.service", ecs_service},
                   {"AWS::EKS::Cluster", "aws.eks.cluster", eks_cluster},
                   {"AWS::EKS::Nodegroup", "aws.eks.nodegroup", eks_nodegroup},
                   {"AWS::ECR::Repository", "aws.ecr.repository", ecr_repository},
                   {"AWS::ECR::RegistryScanningConfiguration",
                    "aws.ecr.registry_scanning_configuration", ecr_registry_scanning},
                   {"AWS::SSM::Parameter", "aws.ssm.parameter", ssm_parameter},
               });
}

}  // namespace wasp::iac::adapters
