// The explicit list of adapter domains: a new domain file adds one line here.
#include "iac/adapters/adapter.h"

namespace wasp::iac::adapters {

const AdapterEntry* find_adapter(std::string_view type) {
    static const Adapters all = [] {
        Adapters v;
        register_data_stores(v);
        register_network(v);
        register_identity(v);
        register_logging(v);
        register_keys(v);
        register_edge(v);
        register_messaging(v);
        register_compute(v);
        register_terraform_data_stores(v);
        register_terraform_network(v);
        register_terraform_identity(v);
        register_terraform_logging(v);
        register_terraform_keys(v);
        register_terraform_edge(v);
        register_terraform_messaging(v);
        register_terraform_compute(v);
        register_terraform_storage(v);
        return v;
    }();
    for (const auto& a : all) {
        if (a.type == type) return &a;
    }
    return nullptr;
}

}  // namespace wasp::iac::adapters
