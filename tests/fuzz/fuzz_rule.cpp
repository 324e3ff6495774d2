// libFuzzer target: the rule-file parser, and evaluation of what it accepts on a small model.
#include <cstddef>
#include <cstdint>
#include <string>

#include "iac/adapt.h"
#include "iac/cfn.h"
#include "iac/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const wasp::iac::Model model = [] {
        wasp::iac::Model m;
        auto t = wasp::iac::load_cloudformation(
            "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: b}}\n"
            "  P: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref B, PolicyDocument: "
            "{Statement: [{Effect: Deny, Principal: '*', Action: 's3:*'}]}}}\n",
            "m.yaml", {});
        wasp::iac::adapt_cloudformation(*t.tmpl, m);
        wasp::iac::link(m);
        return m;
    }();
    std::string text(reinterpret_cast<const char*>(data), size);
    auto set = wasp::iac::parse_rule(text, "fuzz.yaml");
    (void)wasp::iac::evaluate(set.rules, model);
    return 0;
}
