// libFuzzer target: the whole Terraform plan path (parse, join the plan's views, adapt, merge
// parts, link, every built-in rule) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "iac/adapt.h"
#include "iac/rules.h"
#include "iac/terraform.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const wasp::iac::RuleSet rules = wasp::iac::builtin_rules();
    std::string text(reinterpret_cast<const char*>(data), size);
    auto loaded = wasp::iac::load_terraform_plan(text, "fuzz.json");
    if (!loaded.plan) return 0;
    wasp::iac::Model model;
    wasp::iac::adapt_terraform(*loaded.plan, model);
    wasp::iac::link(model);
    (void)wasp::iac::evaluate(rules.rules, model);
    return 0;
}
