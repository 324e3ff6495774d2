// Microbenchmarks of the CloudFormation path, stage by stage, on templates from gen_cfn.py:
// parse (YAML/JSON), parse + resolve, + adapt, + all built-in rules.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/file.h"
#include "core/parse.h"
#include "iac/adapt.h"
#include "iac/cfn.h"
#include "iac/rules.h"

namespace {

struct Corpus {
    std::vector<std::string> yaml, json;
    std::size_t bytes = 0;
};

// Generated once per run into a temporary directory (200 templates, ~5,000 resources).
const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus out;
        auto dir = std::filesystem::temp_directory_path() / "wasp-bench-cfn-200";
        if (!std::filesystem::exists(dir / "stack-00200.yaml") &&
            !std::filesystem::exists(dir / "stack-00200.json")) {
            std::string cmd = "python3 '" + std::string(WASP_SOURCE_DIR) +
                              "/bench/gen_cfn.py' --out '" + dir.string() +
                              "' --templates 200 2>/dev/null";
            if (std::system(cmd.c_str()) != 0) std::abort();
        }
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            auto text = wasp::core::read_file(e.path(), 64u << 20);
            if (!text) continue;
            out.bytes += text->size();
            (e.path().extension() == ".json" ? out.json : out.yaml).push_back(std::move(*text));
        }
        return out;
    }();
    return c;
}

void BM_ParseYaml(benchmark::State& state) {
    const auto& c = corpus();
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& t : c.yaml) {
            benchmark::DoNotOptimize(wasp::core::parse_yaml(t));
            bytes += t.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_ParseJson(benchmark::State& state) {
    const auto& c = corpus();
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& t : c.json) {
            benchmark::DoNotOptimize(wasp::core::parse_json(t));
            bytes += t.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

// stage 0: parse + resolve; 1: + adapt and link; 2: + every built-in rule.
void BM_Pipeline(benchmark::State& state) {
    const auto& c = corpus();
    static const auto rules = wasp::iac::builtin_rules();
    std::size_t bytes = 0, resources = 0;
    for (auto _ : state) {
        wasp::iac::Model model;
        for (const auto* set : {&c.yaml, &c.json}) {
            for (const auto& t : *set) {
                auto loaded = wasp::iac::load_cloudformation(t, "t", {});
                bytes += t.size();
                if (state.range(0) >= 1 && loaded.tmpl) {
                    wasp::iac::adapt_cloudformation(*loaded.tmpl, model);
                }
            }
        }
        if (state.range(0) >= 1) wasp::iac::link(model);
        if (state.range(0) >= 2) benchmark::DoNotOptimize(wasp::iac::evaluate(rules.rules, model));
        resources += model.resources.size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["resources/s"] =
        benchmark::Counter(static_cast<double>(resources), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_ParseYaml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
