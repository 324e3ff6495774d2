// Terraform adapters for the edge: load balancers and listeners, CloudFront distributions,
// API Gateway, AWS WAF, ACM certificates
// (docs/model.md, docs/model-edge-keys-logging-messaging.md).
#include <optional>
#include <string>
#include <utility>

#include "iac/adapters/terraform_common.h"

namespace wasp::iac::adapters {

namespace {

void lb_listener(Builder& b) {
    // The provider computes the protocol when it is left out (HTTP for an Application Load
    // Balancer, but a listener alone does not say which kind it belongs to): it stays unknown.
    b.copy("protocol", "protocol");
    tf_copy(b, "port", "port");
    const Node* protocol = tf_get(b, "protocol");
    bool tls = protocol && protocol->is_scalar() &&
               (protocol->text() == "HTTPS" || protocol->text() == "TLS");
    if (tls) {
        // The policy AWS gives a TLS listener created without one.
        tf_copy_or(b, "ssl_policy", "ssl_policy", Node::string("ELBSecurityPolicy-2016-08"));
    } else {
        tf_copy(b, "ssl_policy", "ssl_policy");
    }
    b.link("load_balancer_arn", "load_balancer", "listeners");
    Node actions = Node::sequence(b.at());
    if (const Node* list = tf_get(b, "default_action"); list && list->is_sequence()) {
        for (const auto& a : list->items()) {
            Node n = Node::mapping(a.mark());
            if (const Node* t = a.get("type"); t && !t->is_null()) n.set("type", *t);
            if (const Node* p = a.at_path("redirect[0].protocol"); p && !p->is_null()) {
                n.set("redirect_protocol", *p);
            }
            actions.push(std::move(n));
        }
    } else if (list && list->is_unknown()) {
        actions = *list;
    }
    b.set("default_actions", std::move(actions));
}

// --- CloudFront -------------------------------------------------------------------------------

bool written(const Node* v) {
    return v && !v->is_null() && !(v->kind() == NodeKind::kString && v->text().empty()) &&
           !(v->is_unknown() && v->origin() == NodeOrigin::kDefault) &&
           !(v->is_sequence() && v->size() == 0);
}

Node cache_behavior(const Node& c, bool is_default) {
    if (!c.is_mapping()) return c;
    Node n = Node::mapping(c.mark());
    n.set("default", Node::boolean(is_default, c.mark()));
    if (const Node* v = c.get("path_pattern"); written(v)) n.set("path_pattern", *v);
    if (const Node* v = c.get("viewer_protocol_policy"); written(v)) {
        n.set("viewer_protocol_policy", *v);
    }
    if (const Node* v = c.get("field_level_encryption_id"); written(v)) {
        n.set("field_level_encryption", *v);
    }
    return n;
}

Node origin(const Node& o) {
    if (!o.is_mapping()) return o;
    Node n = Node::mapping(o.mark());
    if (const Node* v = o.get("origin_id"); written(v)) n.set("id", *v);
    if (const Node* v = o.get("domain_name"); written(v)) n.set("domain_name", *v);
    if (const Node* v = o.get("s3_origin_config"); written(v)) {
        n.set("type", Node::string("s3", v->mark()));
    } else if (const Node* c = o.get("custom_origin_config"); written(c)) {
        n.set("type", Node::string("custom", c->mark()));
    } else if (const Node* p = o.get("vpc_origin_config"); written(p)) {
        n.set("type", Node::string("vpc", p->mark()));
    } else {
        // The provider sends an origin without any of the three blocks as an S3 origin (with an
        // empty S3OriginConfig): how an origin using origin access control is written.
        n.set("type", defaulted(Node::string("s3"), o.mark()));
    }
    if (const Node* v = o.at_path("custom_origin_config[0].origin_protocol_policy"); written(v)) {
        n.set("protocol_policy", *v);
    }
    if (const Node* v = o.at_path("custom_origin_config[0].origin_ssl_protocols"); written(v)) {
        n.set("ssl_protocols", *v);
    }
    if (const Node* v = o.get("origin_access_control_id"); written(v)) {
        n.set("origin_access_control", *v);
    }
    if (const Node* v = o.at_path("s3_origin_config[0].origin_access_identity"); written(v)) {
        n.set("origin_access_identity", *v);
    }
    return n;
}

void cloudfront_distribution(Builder& b) {
    tf_copy(b, "enabled", "enabled");
    tf_copy(b, "aliases", "aliases");

    // The default cache behavior first, then the ordered ones.
    Node behaviors = Node::sequence(b.at());
    if (const Node* d = tf_get(b, "default_cache_behavior[0]")) {
        behaviors.push(cache_behavior(*d, true));
    }
    if (const Node* list = tf_get(b, "ordered_cache_behavior")) {
        if (list->is_unknown()) {
            behaviors.push(*list);
        } else {
            for (const auto& c : list->items()) behaviors.push(cache_behavior(c, false));
        }
    }
    b.set("cache_behaviors", std::move(behaviors));

    // Without a certificate of its own (acm_certificate_arn, iam_certificate_id) the
    // distribution serves the *.cloudfront.net certificate, and CloudFront then applies TLSv1
    // whatever minimum_protocol_version says.
    const Node* vc = tf_get(b, "viewer_certificate[0]");
    const Node* cert = tf_get(b, "viewer_certificate[0].acm_certificate_arn");
    if (!cert) cert = tf_get(b, "viewer_certificate[0].iam_certificate_id");
    const Node* dc = tf_get(b, "viewer_certificate[0].cloudfront_default_certificate");
    if (vc && vc->is_unknown()) {
        b.set("viewer_certificate.default_certificate", *vc);
        b.set("viewer_certificate.minimum_protocol_version", *vc);
    } else if (dc && dc->is_unknown()) {
        b.set("viewer_certificate.default_certificate", *dc);
        b.set("viewer_certificate.minimum_protocol_version", *dc);
    } else {
        bool is_default = dc ? dc->as_bool().value_or(false) : cert == nullptr;
        if (dc) {
            b.set("viewer_certificate.default_certificate", *dc);
        } else if (cert) {
            b.set("viewer_certificate.default_certificate", Node::boolean(false, cert->mark()));
        } else {
            b.set("viewer_certificate.default_certificate", defaulted(Node::boolean(true), b.at()));
        }
        if (is_default) {
            b.set("viewer_certificate.minimum_protocol_version",
                  defaulted(Node::string("TLSv1"), dc ? dc->mark() : b.at()));
        } else {
            // TLSv1: the provider's default.
            tf_copy_or(b, "viewer_certificate.minimum_protocol_version",
                       "viewer_certificate[0].minimum_protocol_version", Node::string("TLSv1"));
        }
    }
    tf_copy(b, "viewer_certificate.ssl_support_method", "viewer_certificate[0].ssl_support_method");
    tf_copy(b, "viewer_certificate.acm_certificate", "viewer_certificate[0].acm_certificate_arn");
    b.link("viewer_certificate[0].acm_certificate_arn", "certificate", "used_by");

    const Node* origins = tf_get(b, "origin");
    if (origins && origins->is_unknown()) {
        b.set("origins", *origins);
    } else {
        Node list = Node::sequence(origins ? origins->mark() : b.at());
        if (origins) {
            for (const auto& o : origins->items()) list.push(origin(o));
        }
        b.set("origins", std::move(list));
    }

    tf_present(b, "logging.enabled", "logging_config");
    tf_copy(b, "logging.bucket", "logging_config[0].bucket");
    // The bucket is written as its domain name ("logs.s3.amazonaws.com"): a literal one links
    // by the bucket name.
    if (b.has_reference("logging_config[0].bucket")) {
        b.link("logging_config[0].bucket", "logs_to", "receives_logs_from");
    } else if (const Node* bucket = tf_get(b, "logging_config[0].bucket");
               bucket && bucket->kind() == NodeKind::kString) {
        std::string name = bucket->text();
        if (auto at = name.find(".s3."); at != std::string::npos) {
            name.resize(at);
        } else if (auto at2 = name.find(".s3-"); at2 != std::string::npos) {
            name.resize(at2);
        }
        b.link_node(Node::string(name, bucket->mark()), "logs_to", "receives_logs_from");
    }
    tf_copy(b, "web_acl", "web_acl_id");
    b.link("web_acl_id", "web_acl", "protects");
}

// --- Load balancers ---------------------------------------------------------------------------

void load_balancer(Builder& b) {
    tf_copy_or(b, "type", "load_balancer_type", Node::string("application"));
    if (const Node* internal = tf_get(b, "internal"); internal && internal->is_unknown()) {
        b.set("scheme", *internal);
    } else if (internal && internal->as_bool() == true) {
        b.set("scheme", Node::string("internal", internal->mark()));
    } else if (internal) {
        b.set("scheme", Node::string("internet-facing", internal->mark()));
    } else {
        b.set("scheme", defaulted(Node::string("internet-facing"), b.at()));
    }
    // The provider's defaults are those of a new load balancer.
    tf_copy_or(b, "drop_invalid_header_fields", "drop_invalid_header_fields", Node::boolean(false));
    tf_copy_or(b, "desync_mitigation_mode", "desync_mitigation_mode", Node::string("defensive"));
    tf_copy_or(b, "deletion_protection", "enable_deletion_protection", Node::boolean(false));
    // access_logs.enabled: "Defaults to false, even when bucket is specified."
    tf_copy_or(b, "access_logs.enabled", "access_logs[0].enabled", Node::boolean(false));
    tf_copy(b, "access_logs.bucket", "access_logs[0].bucket");
    b.link("access_logs[0].bucket", "logs_to", "receives_logs_from");
}

// aws_elb: a Classic Load Balancer, as AWS::ElasticLoadBalancing::LoadBalancer.
void classic_load_balancer(Builder& b) {
    if (const Node* internal = tf_get(b, "internal"); internal && internal->is_unknown()) {
        b.set("scheme", *internal);
    } else if (internal && internal->as_bool() == true) {
        b.set("scheme", Node::string("internal", internal->mark()));
    } else if (internal) {
        b.set("scheme", Node::string("internet-facing", internal->mark()));
    } else {
        b.set("scheme", defaulted(Node::string("internet-facing"), b.at()));
    }
    const Node* list = tf_get(b, "listener");
    if (list && list->is_unknown()) {
        b.set("listeners", *list);
    } else {
        Node listeners = Node::sequence(list ? list->mark() : b.at());
        if (list && list->is_sequence()) {
            for (const auto& l : list->items()) {
                if (!l.is_mapping()) {
                    listeners.push(l);
                    continue;
                }
                Node n = Node::mapping(l.mark());
                for (auto [to, from] : {std::pair{"protocol", "lb_protocol"},
                                        {"port", "lb_port"},
                                        {"instance_protocol", "instance_protocol"},
                                        {"instance_port", "instance_port"},
                                        {"ssl_certificate", "ssl_certificate_id"}}) {
                    if (const Node* v = l.get(from); written(v)) n.set(to, *v);
                }
                listeners.push(std::move(n));
            }
        }
        b.set("listeners", std::move(listeners));
    }
    // An access_logs block is enabled unless it says otherwise (the provider's default); without
    // one, access logs are off.
    if (tf_get(b, "access_logs[0]")) {
        tf_copy_or(b, "access_logs.enabled", "access_logs[0].enabled", Node::boolean(true));
    } else {
        b.set("access_logs.enabled", defaulted(Node::boolean(false), b.at()));
    }
    tf_copy(b, "access_logs.bucket", "access_logs[0].bucket");
    b.link("access_logs[0].bucket", "logs_to", "receives_logs_from");
}

// --- API Gateway stages -----------------------------------------------------------------------

void access_log_settings(Builder& b) {
    b.set("has_stage", Node::boolean(true, b.at()));
    // A destination taken from another resource (a log group's arn) is known only after apply,
    // but it is written.
    if (const Node* d = tf_get(b, "access_log_settings[0].destination_arn");
        d && d->is_unknown() && b.has_reference("access_log_settings[0].destination_arn")) {
        b.set("access_logs.enabled", Node::boolean(true, d->mark()));
    } else {
        tf_present(b, "access_logs.enabled", "access_log_settings[0].destination_arn");
    }
    tf_copy(b, "access_logs.destination", "access_log_settings[0].destination_arn");
    b.link("access_log_settings[0].destination_arn", "logs_to", "receives_logs_from");
}

void apigateway_stage(Builder& b) {
    tf_copy(b, "stage_name", "stage_name");
    access_log_settings(b);
    tf_copy_or(b, "tracing", "xray_tracing_enabled", Node::boolean(false));
    tf_copy_or(b, "cache_cluster.enabled", "cache_cluster_enabled", Node::boolean(false));
    tf_copy(b, "client_certificate", "client_certificate_id");
    // Filled by the aws_api_gateway_method_settings merged into the stage.
    b.set("method_settings", Node::sequence(b.at()));
    b.link("rest_api_id", "rest_api", "stages");
}

// aws_api_gateway_method_settings: one item of its stage's MethodSettings, merged into the stage
// its stage_name references. method_path is "*/*" for every method of the stage, else
// "RESOURCE/METHOD" without the leading slash ("items/{id}/GET").
void apigateway_method_settings(Builder& b) {
    Node item = Node::mapping(b.at());
    if (const Node* path = tf_get(b, "method_path"); path && path->is_unknown()) {
        item.set("resource_path", *path);
        item.set("http_method", *path);
    } else if (path && path->kind() == NodeKind::kString) {
        const std::string& text = path->text();
        auto cut = text.rfind('/');
        std::string resource = cut == std::string::npos ? "" : text.substr(0, cut);
        // CloudFormation's ResourcePath: a leading slash, the slashes inside written "~1".
        std::string rp = "/";
        if (resource == "*") {
            rp = "/*";
        } else {
            for (char c : resource) rp += c == '/' ? std::string("~1") : std::string(1, c);
        }
        item.set("resource_path", Node::string(rp, path->mark()));
        item.set("http_method", Node::string(cut == std::string::npos ? text : text.substr(cut + 1),
                                             path->mark()));
    }
    // The settings left out keep API Gateway's defaults: no execution logs, no data trace, no
    // metrics, no caching, cache not encrypted.
    const Node* settings = tf_get(b, "settings[0]");
    static constexpr std::pair<std::string_view, std::string_view> kSettings[] = {
        {"logging_level", "logging_level"},
        {"data_trace", "data_trace_enabled"},
        {"metrics", "metrics_enabled"},
        {"caching_enabled", "caching_enabled"},
        {"cache_data_encrypted", "cache_data_encrypted"},
    };
    for (auto [attr, from] : kSettings) {
        const Node* v = settings && settings->is_mapping() ? settings->get(from) : settings;
        if (written(v) || (v && v->is_unknown() && v->origin() != NodeOrigin::kDefault)) {
            item.set(std::string(attr), *v);
        } else {
            Node def = attr == "logging_level" ? Node::string("OFF") : Node::boolean(false);
            item.set(std::string(attr), defaulted(std::move(def), b.at()));
        }
    }
    Node list = Node::sequence(b.at());
    list.push(std::move(item));
    b.set("method_settings", std::move(list));
    b.part_of("stage_name");
}

// Without endpoint_configuration a REST API (or a custom domain name) is edge-optimized.
void endpoint_types(Builder& b) {
    if (const Node* t = tf_get(b, "endpoint_configuration[0].types")) {
        b.set("endpoint_types", *t);
    } else {
        Node def = Node::sequence(b.at());
        def.push(Node::string("EDGE", b.at()));
        b.set("endpoint_types", defaulted(std::move(def), b.at()));
    }
}

void apigateway_rest_api(Builder& b) {
    b.set("has_stage", defaulted(Node::boolean(false), b.at()));
    endpoint_types(b);
    tf_copy_or(b, "disable_execute_api_endpoint", "disable_execute_api_endpoint",
               Node::boolean(false));
    b.set("policy_statements", tf_statements(tf_get(b, "policy"), b.at()));
}

void apigateway_method(Builder& b) {
    tf_copy(b, "http_method", "http_method");
    // NONE: a method open to anyone, what CloudFormation gives a method without the property.
    tf_copy_or(b, "authorization_type", "authorization", Node::string("NONE"));
    tf_copy_or(b, "api_key_required", "api_key_required", Node::boolean(false));
    b.link("rest_api_id", "rest_api", "methods");
    b.link("authorizer_id", "authorizer", "methods");
}

void apigateway_domain_name(Builder& b) {
    // The provider computes security_policy when it is left out: absent, as in CloudFormation
    // (the policy API Gateway picks has changed over time and differs by endpoint type).
    tf_copy(b, "security_policy", "security_policy");
    endpoint_types(b);
    tf_present(b, "mutual_tls", "mutual_tls_authentication[0].truststore_uri");
    b.link("certificate_arn", "certificate", "used_by");
    b.link("regional_certificate_arn", "certificate", "used_by");
}

void apigatewayv2_stage(Builder& b) {
    tf_copy(b, "stage_name", "name");
    access_log_settings(b);
    // Execution logs exist for WebSocket APIs only; OFF unless written.
    tf_copy_or(b, "default_route.logging_level", "default_route_settings[0].logging_level",
               Node::string("OFF"));
    b.link("api_id", "api", "stages");
}

void apigatewayv2_api(Builder& b) {
    b.set("has_stage", defaulted(Node::boolean(false), b.at()));
    tf_copy(b, "protocol", "protocol_type");
    tf_copy_or(b, "disable_execute_api_endpoint", "disable_execute_api_endpoint",
               Node::boolean(false));
}

void apigatewayv2_route(Builder& b) {
    tf_copy(b, "route_key", "route_key");
    tf_copy_or(b, "authorization_type", "authorization_type", Node::string("NONE"));
    tf_copy_or(b, "api_key_required", "api_key_required", Node::boolean(false));
    b.link("api_id", "api", "routes");
    b.link("authorizer_id", "authorizer", "routes");
}

// --- Certificate Manager ----------------------------------------------------------------------

void acm_certificate(Builder& b) {
    tf_copy(b, "domain_name", "domain_name");
    // A certificate from a private CA needs no domain validation.
    tf_present(b, "private", "certificate_authority_arn");
    if (tf_get(b, "certificate_body")) {
        // An imported certificate: ACM neither validates nor renews it (the provider reads its
        // validation method back as NONE).
        tf_copy_or(b, "validation_method", "validation_method", Node::string("NONE"));
    } else {
        // The method ACM applies to a public certificate requested without one.
        tf_copy_or(b, "validation_method", "validation_method", Node::string("EMAIL"));
    }
    // Public certificates are logged to Certificate Transparency unless opted out.
    tf_copy_or(b, "transparency_logging", "options[0].certificate_transparency_logging_preference",
               Node::string("ENABLED"));
    tf_copy_or(b, "key_algorithm", "key_algorithm", Node::string("RSA_2048"));
}

// --- AWS WAF ----------------------------------------------------------------------------------

// An action block ([{allow: [{}], block: [], ...}]) -> the name of the one that is set.
std::optional<Node> action_of(const Node* v) {
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_unknown()) return *v;
    const Node* m = v->is_sequence() && v->size() > 0 ? &v->items()[0] : v;
    if (m->is_unknown()) return *m;
    if (!m->is_mapping()) return std::nullopt;
    for (const auto& kv : m->members()) {
        if (kv.value.is_unknown()) return kv.value;
        if (written(&kv.value)) return Node::string(kv.key, kv.key_mark);
    }
    return std::nullopt;
}

Node waf_rule(const Node& r) {
    if (!r.is_mapping()) return r;
    Node n = Node::mapping(r.mark());
    if (const Node* v = r.get("name"); written(v)) n.set("name", *v);
    if (const Node* v = r.get("priority"); written(v)) n.set("priority", *v);
    if (const Node* s = r.at_path("statement[0].managed_rule_group_statement[0]"); written(s)) {
        if (s->is_unknown()) {
            n.set("managed_rule_group", *s);
        } else {
            Node g = Node::mapping(s->mark());
            if (const Node* v = s->get("vendor_name"); written(v)) g.set("vendor", *v);
            if (const Node* v = s->get("name"); written(v)) g.set("name", *v);
            n.set("managed_rule_group", std::move(g));
        }
    }
    if (const Node* v = r.at_path("statement[0].rule_group_reference_statement[0].arn");
        written(v)) {
        n.set("rule_group", *v);
    }
    if (auto a = action_of(r.get("override_action"))) n.set("override_action", *a);
    if (auto a = action_of(r.get("action"))) n.set("action", *a);
    return n;
}

void wafv2_web_acl(Builder& b) {
    tf_copy(b, "scope", "scope");
    if (auto a = action_of(tf_get(b, "default_action"))) b.set("default_action", *a);
    const Node* rules = tf_get(b, "rule");
    if (rules && rules->is_unknown()) {
        b.set("rules", *rules);
    } else {
        Node list = Node::sequence(rules ? rules->mark() : b.at());
        if (rules) {
            for (const auto& r : rules->items()) list.push(waf_rule(r));
        }
        b.set("rules", std::move(list));
    }
}

void wafv2_association(Builder& b) {
    tf_copy(b, "resource_arn", "resource_arn");
    tf_copy(b, "web_acl_arn", "web_acl_arn");
    b.link("resource_arn", "resource", "web_acl_association");
    b.link("web_acl_arn", "web_acl", "associations");
}

void wafv2_logging(Builder& b) {
    tf_copy(b, "resource_arn", "resource_arn");
    tf_copy(b, "destinations", "log_destination_configs");
    b.link("resource_arn", "web_acl", "logging_configuration");
    b.link("log_destination_configs", "logs_to", "receives_logs_from");
}

}  // namespace

void register_terraform_edge(Adapters& out) {
    out.insert(
        out.end(),
        {
            {"aws_lb_listener", "aws.elb.listener", lb_listener},
            {"aws_alb_listener", "aws.elb.listener", lb_listener},
            {"aws_cloudfront_distribution", "aws.cloudfront.distribution", cloudfront_distribution},
            {"aws_lb", "aws.elb.load_balancer", load_balancer},
            {"aws_alb", "aws.elb.load_balancer", load_balancer},
            {"aws_api_gateway_stage", "aws.apigateway.stage", apigateway_stage},
            {"aws_apigatewayv2_stage", "aws.apigatewayv2.stage", apigatewayv2_stage},
            {"aws_api_gateway_method_settings", "aws.apigateway.method_settings",
             apigateway_method_settings},
            {"aws_api_gateway_rest_api", "aws.apigateway.rest_api", apigateway_rest_api},
            {"aws_api_gateway_method", "aws.apigateway.method", apigateway_method},
            {"aws_api_gateway_domain_name", "aws.apigateway.domain_name", apigateway_domain_name},
            {"aws_apigatewayv2_api", "aws.apigatewayv2.api", apigatewayv2_api},
            {"aws_apigatewayv2_route", "aws.apigatewayv2.route", apigatewayv2_route},
            {"aws_elb", "aws.elb.classic_load_balancer", classic_load_balancer},
            {"aws_acm_certificate", "aws.acm.certificate", acm_certificate},
            {"aws_wafv2_web_acl", "aws.wafv2.web_acl", wafv2_web_acl},
            {"aws_wafv2_web_acl_association", "aws.wafv2.web_acl_association", wafv2_association},
            {"aws_wafv2_web_acl_logging_configuration", "aws.wafv2.logging_configuration",
             wafv2_logging},
        });
}

}  // namespace wasp::iac::adapters
