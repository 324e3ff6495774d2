// libFuzzer target: the whole CloudFormation path (parse, resolve, adapt, link, every built-in
// rule) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "iac/adapt.h"
#include "iac/cfn.h"
#include "iac/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const wasp::iac::RuleSet rules = wasp::iac::builtin_rules();
    std::string text(reinterpret_cast<const char*>(data), size);
    auto loaded = wasp::iac::load_cloudformation(text, "fuzz.yaml", {{"Env", "prod"}});
    if (!loaded.tmpl) return 0;
    wasp::iac::Model model;
    wasp::iac::adapt_cloudformation(*loaded.tmpl, model);
    wasp::iac::link(model);
    (void)wasp::iac::evaluate(rules.rules, model);
    return 0;
}
