// What the Terraform adapter tests share: a plan's text adapted and linked into a model, and
// lookups in it.
#pragma once

#include <algorithm>
#include <string_view>

#include <gtest/gtest.h>

#include "iac/adapt.h"
#include "iac/terraform.h"

namespace wasp::iac::test {

// Every diagnostic of loading the plan is a test failure.
inline Model model_of(std::string_view text) {
    auto r = load_terraform_plan(text, "plan.json");
    for (const auto& d : r.diagnostics) ADD_FAILURE() << d.str();
    Model m;
    if (r.plan) adapt_terraform(*r.plan, m);
    link(m);
    return m;
}

inline const CloudResource* find(const Model& m, std::string_view id) {
    for (const auto& r : m.resources) {
        if (r.info.id == id) return &r;
    }
    ADD_FAILURE() << "no resource " << id;
    return nullptr;
}

inline bool links_to(const CloudResource& r, std::string_view name, std::string_view target) {
    return std::any_of(r.links.begin(), r.links.end(),
                       [&](const Link& l) { return l.name == name && l.target == target; });
}

}  // namespace wasp::iac::test
