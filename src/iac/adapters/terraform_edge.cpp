// Terraform adapters for the edge: load balancer listeners, CloudFront distributions
// (docs/model.md, docs/model-edge-keys-logging-messaging.md).
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

}  // namespace

void register_terraform_edge(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_lb_listener", "aws.elb.listener", lb_listener},
                              {"aws_alb_listener", "aws.elb.listener", lb_listener},
                              {"aws_cloudfront_distribution", "aws.cloudfront.distribution",
                               cloudfront_distribution},
                          });
}

}  // namespace wasp::iac::adapters
