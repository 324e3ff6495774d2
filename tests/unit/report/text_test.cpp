#include <fstream>
#include <gtest/gtest.h>
#include "fixture.h"
#include "report/report.h"
namespace wasp::report { namespace {
TEST(Dump, All) {
    auto fx = test::make_fixture();
    auto hx = test::make_hostile_fixture();
    for (auto f : {Format::kText, Format::kJson, Format::kHtml, Format::kSarif, Format::kJunit, Format::kMarkdown}) {
        std::ofstream("/tmp/wasp-dump/fixture" + std::string(extension(f))) << render(fx->review, f);
        std::ofstream("/tmp/wasp-dump/hostile" + std::string(extension(f))) << render(hx->review, f);
    }
    RenderOptions o; o.color = true; o.plan_items = 1;
    std::ofstream("/tmp/wasp-dump/color.txt") << render(fx->review, Format::kText, o);
}
}}
