// Adapters for the edge: load balancers and their listeners, CloudFront, API Gateway and AWS WAF
// (docs/model.md, docs/model-edge-keys-logging-messaging.md).
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The value at path inside item, or the documented default (marked as such) when absent.
Node item_or(const Node& item, std::string_view path, Node def) {
    if (const Node* v = item.at_path(path); v && !v->is_null()) return *v;
    return defaulted(std::move(def), item.mark());
}

// Maps every item of the list at path with fn. An unknown list stays unknown; an unknown item is
// kept as it is, so a condition on it is unknown rather than true or false.
template <typename Fn>
Node map_items(const Builder& b, std::string_view path, Fn fn) {
    const Node* list = b.prop(path);
    if (list && list->is_unknown()) return *list;
    Node out = Node::sequence(list ? list->mark() : b.at());
    if (!list || !list->is_sequence()) return out;
    for (const auto& item : list->items()) {
        if (item.is_unknown() || !item.is_mapping()) {
            out.push(item);
        } else {
            out.push(fn(item));
        }
    }
    return out;
}

// {Allow: {}} / {Block: {...}} / {None: {}} -> "allow" / "block" / "none": the name of the one
// key of an action block. Absent: nullopt; unknown stays unknown.
std::optional<Node> action_of(const Node* v) {
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_unknown()) return *v;
    if (v->is_mapping() && v->size() > 0) {
        const auto& m = v->members()[0];
        return Node::string(lower(m.key), m.key_mark);
    }
    return std::nullopt;
}

// --- Elastic Load Balancing -------------------------------------------------------------------

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

// The Value of the LoadBalancerAttributes entry with this Key. nullopt when no entry has it;
// unknown when the list, or the key of some entry, is unknown.
std::optional<Node> lb_attribute(const Builder& b, std::string_view key) {
    const Node* list = b.prop("LoadBalancerAttributes");
    if (!list) return std::nullopt;
    if (list->is_unknown()) return *list;
    std::optional<Node> unknown;
    for (const auto& item : list->items()) {
        if (item.is_unknown()) {
            unknown = item;
            continue;
        }
        const Node* k = item.get("Key");
        if (!k) continue;
        if (k->is_unknown()) {
            unknown = *k;
            continue;
        }
        if (k->is_scalar() && k->text() == key) {
            if (const Node* v = item.get("Value"); v && !v->is_null()) return *v;
        }
    }
    return unknown;
}

void lb_attr(Builder& b, std::string_view attr, std::string_view key, Node def) {
    if (auto v = lb_attribute(b, key)) {
        b.set(attr, *v);
    } else {
        b.set(attr, defaulted(std::move(def), b.at()));
    }
}

void load_balancer(Builder& b) {
    // Type and Scheme: application and internet-facing unless written otherwise.
    b.copy_or("type", "Type", Node::string("application"));
    b.copy_or("scheme", "Scheme", Node::string("internet-facing"));
    // Attribute defaults of a new load balancer (DescribeLoadBalancerAttributes).
    lb_attr(b, "drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled",
            Node::boolean(false));
    lb_attr(b, "desync_mitigation_mode", "routing.http.desync_mitigation_mode",
            Node::string("defensive"));
    lb_attr(b, "deletion_protection", "deletion_protection.enabled", Node::boolean(false));
    lb_attr(b, "access_logs.enabled", "access_logs.s3.enabled", Node::boolean(false));
    if (auto bucket = lb_attribute(b, "access_logs.s3.bucket")) {
        b.set("access_logs.bucket", *bucket);
        b.link_node(*bucket, "logs_to", "receives_logs_from");
    }
}

void classic_load_balancer(Builder& b) {
    b.copy_or("scheme", "Scheme", Node::string("internet-facing"));
    b.set("listeners", map_items(b, "Listeners", [](const Node& l) {
              Node n = Node::mapping(l.mark());
              if (const Node* v = l.get("Protocol")) n.set("protocol", *v);
              if (const Node* v = l.get("LoadBalancerPort")) n.set("port", *v);
              if (const Node* v = l.get("InstanceProtocol")) n.set("instance_protocol", *v);
              if (const Node* v = l.get("InstancePort")) n.set("instance_port", *v);
              if (const Node* v = l.get("SSLCertificateId")) n.set("ssl_certificate", *v);
              return n;
          }));
    // Access logs are off unless AccessLoggingPolicy turns them on.
    if (b.prop("AccessLoggingPolicy")) {
        b.copy_or("access_logs.enabled", "AccessLoggingPolicy.Enabled", Node::boolean(false));
    } else {
        b.set("access_logs.enabled", defaulted(Node::boolean(false), b.at()));
    }
    b.copy("access_logs.bucket", "AccessLoggingPolicy.S3BucketName");
    b.link("AccessLoggingPolicy.S3BucketName", "logs_to", "receives_logs_from");
}

// --- CloudFront -------------------------------------------------------------------------------

// A bucket written as its S3 domain name ("logs.s3.amazonaws.com") -> the bucket name, so that a
// literal name links to the bucket; a Ref/GetAtt keeps its reference.
void link_bucket_domain(Builder& b, const Node& v) {
    if (v.kind() == core::NodeKind::kString) {
        std::string name = v.text();
        if (auto at = name.find(".s3."); at != std::string::npos) {
            name.resize(at);
        } else if (auto at2 = name.find(".s3-"); at2 != std::string::npos) {
            name.resize(at2);
        }
        b.link_node(Node::string(name, v.mark()), "logs_to", "receives_logs_from");
    } else {
        b.link_node(v, "logs_to", "receives_logs_from");
    }
}

void cloudfront_distribution(Builder& b) {
    const Node* cfg = b.prop("DistributionConfig");
    if (cfg && cfg->is_unknown()) {
        // Everything below an unknown configuration is unknown.
        for (const char* attr : {"enabled", "cache_behaviors", "viewer_certificate", "origins",
                                 "logging", "web_acl"}) {
            b.set(attr, *cfg);
        }
        return;
    }
    b.copy("enabled", "DistributionConfig.Enabled");
    b.copy("aliases", "DistributionConfig.Aliases");

    // The default cache behavior first, then the ordered ones.
    auto behavior = [](const Node& c, bool is_default) {
        Node n = Node::mapping(c.mark());
        n.set("default", Node::boolean(is_default, c.mark()));
        if (const Node* v = c.get("PathPattern")) n.set("path_pattern", *v);
        if (const Node* v = c.get("ViewerProtocolPolicy")) n.set("viewer_protocol_policy", *v);
        if (const Node* v = c.get("FieldLevelEncryptionId")) n.set("field_level_encryption", *v);
        return n;
    };
    Node behaviors = Node::sequence(b.at());
    if (const Node* d = b.prop("DistributionConfig.DefaultCacheBehavior")) {
        behaviors.push(d->is_mapping() ? behavior(*d, true) : *d);
    }
    if (const Node* list = b.prop("DistributionConfig.CacheBehaviors")) {
        if (list->is_unknown()) {
            behaviors.push(*list);
        } else {
            for (const auto& c : list->items()) {
                behaviors.push(c.is_mapping() ? behavior(c, false) : c);
            }
        }
    }
    b.set("cache_behaviors", std::move(behaviors));

    // Without a ViewerCertificate, or with CloudFrontDefaultCertificate true, the distribution
    // serves the *.cloudfront.net certificate, and CloudFront then sets the security policy to
    // TLSv1 whatever MinimumProtocolVersion says.
    const Node* vc = b.prop("DistributionConfig.ViewerCertificate");
    if (vc && vc->is_unknown()) {
        b.set("viewer_certificate.default_certificate", *vc);
        b.set("viewer_certificate.minimum_protocol_version", *vc);
    } else if (!vc || vc->is_null()) {
        b.set("viewer_certificate.default_certificate", defaulted(Node::boolean(true), b.at()));
        b.set("viewer_certificate.minimum_protocol_version",
              defaulted(Node::string("TLSv1"), b.at()));
    } else {
        const Node* dc = vc->get("CloudFrontDefaultCertificate");
        const Node* cert = vc->get("AcmCertificateArn");
        if (!cert) cert = vc->get("IamCertificateId");
        bool custom = cert != nullptr;
        if (dc && !dc->is_null()) {
            b.set("viewer_certificate.default_certificate", *dc);
        } else if (custom) {
            // A certificate of its own: written, where the template names it.
            b.set("viewer_certificate.default_certificate", Node::boolean(false, cert->mark()));
        } else {
            b.set("viewer_certificate.default_certificate",
                  defaulted(Node::boolean(true), vc->mark()));
        }
        std::optional<bool> is_default =
            dc && !dc->is_null() ? dc->as_bool() : std::optional<bool>(!custom);
        if (dc && dc->is_unknown()) {
            b.set("viewer_certificate.minimum_protocol_version", *dc);
        } else if (is_default.value_or(false)) {
            b.set("viewer_certificate.minimum_protocol_version",
                  defaulted(Node::string("TLSv1"), dc ? dc->mark() : vc->mark()));
        } else {
            b.copy("viewer_certificate.minimum_protocol_version",
                   "DistributionConfig.ViewerCertificate.MinimumProtocolVersion");
        }
        b.copy("viewer_certificate.ssl_support_method",
               "DistributionConfig.ViewerCertificate.SslSupportMethod");
        b.copy("viewer_certificate.acm_certificate",
               "DistributionConfig.ViewerCertificate.AcmCertificateArn");
        b.link("DistributionConfig.ViewerCertificate.AcmCertificateArn", "certificate", "used_by");
    }

    b.set("origins", map_items(b, "DistributionConfig.Origins", [](const Node& o) {
              Node n = Node::mapping(o.mark());
              if (const Node* v = o.get("Id")) n.set("id", *v);
              if (const Node* v = o.get("DomainName")) n.set("domain_name", *v);
              if (o.get("S3OriginConfig")) {
                  n.set("type", Node::string("s3", o.get("S3OriginConfig")->mark()));
              } else if (o.get("CustomOriginConfig")) {
                  n.set("type", Node::string("custom", o.get("CustomOriginConfig")->mark()));
              } else if (o.get("VpcOriginConfig")) {
                  n.set("type", Node::string("vpc", o.get("VpcOriginConfig")->mark()));
              }
              if (const Node* v = o.at_path("CustomOriginConfig.OriginProtocolPolicy"))
                  n.set("protocol_policy", *v);
              if (const Node* v = o.at_path("CustomOriginConfig.OriginSSLProtocols"))
                  n.set("ssl_protocols", *v);
              // An empty string is how templates say "none" (OriginAccessIdentity: "").
              auto set_id = [&](std::string_view attr, const Node* v) {
                  if (v && !v->is_null() && !(v->is_scalar() && v->text().empty())) {
                      n.set(std::string(attr), *v);
                  }
              };
              set_id("origin_access_control", o.get("OriginAccessControlId"));
              set_id("origin_access_identity", o.at_path("S3OriginConfig.OriginAccessIdentity"));
              return n;
          }));

    b.present("logging.enabled", "DistributionConfig.Logging");
    b.copy("logging.bucket", "DistributionConfig.Logging.Bucket");
    if (const Node* bucket = b.prop("DistributionConfig.Logging.Bucket")) {
        link_bucket_domain(b, *bucket);
    }
    b.copy("web_acl", "DistributionConfig.WebACLId");
    b.link("DistributionConfig.WebACLId", "web_acl", "protects");
}

// --- API Gateway ------------------------------------------------------------------------------

// The settings of a deployed REST API stage, shared by AWS::ApiGateway::Stage and SAM's
// AWS::Serverless::Api (which creates its stage from the same properties).
void rest_stage_settings(Builder& b) {
    b.set("has_stage", Node::boolean(true, b.at()));
    b.copy("stage_name", "StageName");
    b.present("access_logs.enabled", "AccessLogSetting.DestinationArn");
    b.copy("access_logs.destination", "AccessLogSetting.DestinationArn");
    b.link("AccessLogSetting.DestinationArn", "logs_to", "receives_logs_from");
    b.copy_or("tracing", "TracingEnabled", Node::boolean(false));
    b.copy_or("cache_cluster.enabled", "CacheClusterEnabled", Node::boolean(false));
    b.copy("client_certificate", "ClientCertificateId");
    b.set("method_settings", map_items(b, "MethodSettings", [](const Node& m) {
              Node n = Node::mapping(m.mark());
              if (const Node* v = m.get("ResourcePath")) n.set("resource_path", *v);
              if (const Node* v = m.get("HttpMethod")) n.set("http_method", *v);
              // API Gateway defaults of a method setting: no execution logs, no data trace,
              // no caching, cache not encrypted.
              n.set("logging_level", item_or(m, "LoggingLevel", Node::string("OFF")));
              n.set("data_trace", item_or(m, "DataTraceEnabled", Node::boolean(false)));
              n.set("metrics", item_or(m, "MetricsEnabled", Node::boolean(false)));
              n.set("caching_enabled", item_or(m, "CachingEnabled", Node::boolean(false)));
              n.set("cache_data_encrypted", item_or(m, "CacheDataEncrypted", Node::boolean(false)));
              return n;
          }));
}

void apigateway_stage(Builder& b) {
    rest_stage_settings(b);
    b.link("RestApiId", "rest_api", "stages");
}

void endpoint_types(Builder& b, std::string_view path) {
    const Node* t = b.prop(path);
    if (t && !t->is_null()) {
        b.set("endpoint_types", as_list(t, b.at()));
    } else {
        // Without EndpointConfiguration a REST API is edge-optimized.
        Node def = Node::sequence(b.at());
        def.push(Node::string("EDGE", b.at()));
        b.set("endpoint_types", defaulted(std::move(def), b.at()));
    }
}

void apigateway_rest_api(Builder& b) {
    b.set("has_stage", defaulted(Node::boolean(false), b.at()));
    endpoint_types(b, "EndpointConfiguration.Types");
    b.copy_or("disable_execute_api_endpoint", "DisableExecuteApiEndpoint", Node::boolean(false));
    b.set("policy_statements", statements_of(b.prop("Policy"), b.at()));
}

void sam_api(Builder& b) {
    rest_stage_settings(b);
    // SAM writes EndpointConfiguration as a string ("REGIONAL") or as {Type: REGIONAL}.
    const Node* ec = b.prop("EndpointConfiguration");
    endpoint_types(b,
                   ec && ec->is_mapping() ? "EndpointConfiguration.Type" : "EndpointConfiguration");
    b.copy_or("disable_execute_api_endpoint", "DisableExecuteApiEndpoint", Node::boolean(false));
}

void apigateway_method(Builder& b) {
    b.copy("http_method", "HttpMethod");
    // Without AuthorizationType a method is open to anyone (NONE).
    b.copy_or("authorization_type", "AuthorizationType", Node::string("NONE"));
    b.copy_or("api_key_required", "ApiKeyRequired", Node::boolean(false));
    b.link("RestApiId", "rest_api", "methods");
    b.link("AuthorizerId", "authorizer", "methods");
}

void apigateway_domain_name(Builder& b) {
    // No default: the policy API Gateway picks has changed over time and differs by endpoint
    // type, so an absent SecurityPolicy stays absent.
    b.copy("security_policy", "SecurityPolicy");
    endpoint_types(b, "EndpointConfiguration.Types");
    b.present("mutual_tls", "MutualTlsAuthentication.TruststoreUri");
    b.link("CertificateArn", "certificate", "used_by");
    b.link("RegionalCertificateArn", "certificate", "used_by");
}

void http_stage_settings(Builder& b) {
    b.set("has_stage", Node::boolean(true, b.at()));
    b.present("access_logs.enabled", "AccessLogSettings.DestinationArn");
    b.copy("access_logs.destination", "AccessLogSettings.DestinationArn");
    b.link("AccessLogSettings.DestinationArn", "logs_to", "receives_logs_from");
    // Execution logs exist for WebSocket APIs only; OFF unless written.
    b.copy_or("default_route.logging_level", "DefaultRouteSettings.LoggingLevel",
              Node::string("OFF"));
}

void apigatewayv2_stage(Builder& b) {
    b.copy("stage_name", "StageName");
    http_stage_settings(b);
    b.link("ApiId", "api", "stages");
}

void apigatewayv2_api(Builder& b) {
    b.set("has_stage", defaulted(Node::boolean(false), b.at()));
    b.copy("protocol", "ProtocolType");
    b.copy_or("disable_execute_api_endpoint", "DisableExecuteApiEndpoint", Node::boolean(false));
}

void sam_http_api(Builder& b) {
    http_stage_settings(b);
    b.set("protocol", Node::string("HTTP", b.at()));
    b.copy_or("disable_execute_api_endpoint", "DisableExecuteApiEndpoint", Node::boolean(false));
}

void apigatewayv2_route(Builder& b) {
    b.copy("route_key", "RouteKey");
    b.copy_or("authorization_type", "AuthorizationType", Node::string("NONE"));
    b.copy_or("api_key_required", "ApiKeyRequired", Node::boolean(false));
    b.link("ApiId", "api", "routes");
    b.link("AuthorizerId", "authorizer", "routes");
}

// --- AWS WAF ----------------------------------------------------------------------------------

void wafv2_web_acl(Builder& b) {
    b.copy("scope", "Scope");
    if (auto a = action_of(b.prop("DefaultAction"))) b.set("default_action", *a);
    b.set("rules", map_items(b, "Rules", [](const Node& r) {
              Node n = Node::mapping(r.mark());
              if (const Node* v = r.get("Name")) n.set("name", *v);
              if (const Node* v = r.get("Priority")) n.set("priority", *v);
              if (const Node* s = r.at_path("Statement.ManagedRuleGroupStatement")) {
                  if (s->is_unknown()) {
                      n.set("managed_rule_group", *s);
                  } else {
                      Node g = Node::mapping(s->mark());
                      if (const Node* v = s->get("VendorName")) g.set("vendor", *v);
                      if (const Node* v = s->get("Name")) g.set("name", *v);
                      n.set("managed_rule_group", std::move(g));
                  }
              }
              if (const Node* v = r.at_path("Statement.RuleGroupReferenceStatement.Arn"))
                  n.set("rule_group", *v);
              if (auto a = action_of(r.get("OverrideAction"))) n.set("override_action", *a);
              if (auto a = action_of(r.get("Action"))) n.set("action", *a);
              return n;
          }));
}

void wafv2_association(Builder& b) {
    b.copy("resource_arn", "ResourceArn");
    b.copy("web_acl_arn", "WebACLArn");
    b.link("ResourceArn", "resource", "web_acl_association");
    b.link("WebACLArn", "web_acl", "associations");
}

void wafv2_logging(Builder& b) {
    b.copy("resource_arn", "ResourceArn");
    b.copy("destinations", "LogDestinationConfigs");
    b.link("ResourceArn", "web_acl", "logging_configuration");
    b.link("LogDestinationConfigs", "logs_to", "receives_logs_from");
}

}  // namespace

void register_edge(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"AWS::ElasticLoadBalancingV2::Listener", "aws.elb.listener", lb_listener},
            {"AWS::ElasticLoadBalancingV2::LoadBalancer", "aws.elb.load_balancer", load_balancer},
            {"AWS::ElasticLoadBalancing::LoadBalancer", "aws.elb.classic_load_balancer",
             classic_load_balancer},
            {"AWS::CloudFront::Distribution", "aws.cloudfront.distribution",
             cloudfront_distribution},
            {"AWS::ApiGateway::RestApi", "aws.apigateway.rest_api", apigateway_rest_api},
            {"AWS::Serverless::Api", "aws.apigateway.rest_api", sam_api},
            {"AWS::ApiGateway::Stage", "aws.apigateway.stage", apigateway_stage},
            {"AWS::ApiGateway::Method", "aws.apigateway.method", apigateway_method},
            {"AWS::ApiGateway::DomainName", "aws.apigateway.domain_name", apigateway_domain_name},
            {"AWS::ApiGatewayV2::Api", "aws.apigatewayv2.api", apigatewayv2_api},
            {"AWS::Serverless::HttpApi", "aws.apigatewayv2.api", sam_http_api},
            {"AWS::ApiGatewayV2::Stage", "aws.apigatewayv2.stage", apigatewayv2_stage},
            {"AWS::ApiGatewayV2::Route", "aws.apigatewayv2.route", apigatewayv2_route},
            {"AWS::WAFv2::WebACL", "aws.wafv2.web_acl", wafv2_web_acl},
            {"AWS::WAFv2::WebACLAssociation", "aws.wafv2.web_acl_association", wafv2_association},
            {"AWS::WAFv2::LoggingConfiguration", "aws.wafv2.logging_configuration", wafv2_logging},
        });
}

}  // namespace wasp::iac::adapters
