// Terraform adapters for the edge: load balancer listeners (docs/model.md).
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

}  // namespace

void register_terraform_edge(Adapters& out) {
    out.insert(out.end(), {
                              {"aws_lb_listener", "aws.elb.listener", lb_listener},
                              {"aws_alb_listener", "aws.elb.listener", lb_listener},
                          });
}

}  // namespace wasp::iac::adapters
