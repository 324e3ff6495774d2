// Adapters for the edge: load balancer listeners (docs/model.md).
#include <algorithm>
#include <cctype>
#include <optional>

#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

namespace {

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

}  // namespace

void register_edge(Adapters& out) {
    out.insert(out.end(),
               {
                   {"AWS::ElasticLoadBalancingV2::Listener", "aws.elb.listener", lb_listener},
               });
}

}  // namespace wasp::iac::adapters
