// Microbenchmarks of the IAM action catalog (data/iam/catalog.tsv, 1.7 MB, 22,091 actions):
// parsing it (what the first use in every `wasp` run pays), action look-ups and pattern
// expansion.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "iam/catalog.h"
#include "iam/catalog_data.h"

namespace {

using wasp::iam::Catalog;

// The first call in the process: page-ins of the embedded text and the parse, once.
void BM_BuiltinFirstUse(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(&Catalog::builtin());
}

// A full parse of the embedded text, as Catalog::builtin() does on first use.
void BM_Load(benchmark::State& state) {
    const std::string_view text = wasp::iam::embedded_catalog();
    for (auto _ : state) {
        auto c = Catalog::parse(text);
        benchmark::DoNotOptimize(c->action_count());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(text.size()));
}

// Every action by its "prefix:Name", in a scrambled order so the look-ups do not walk the
// catalog in memory order.
void BM_ActionLookup(benchmark::State& state) {
    const Catalog& c = Catalog::builtin();
    std::vector<std::string> names;
    for (const auto& s : c.services()) {
        for (const auto& a : s.actions)
            names.push_back(std::string(s.prefix) + ":" + std::string(a.name));
    }
    std::vector<std::string> order;
    order.reserve(names.size());
    for (std::size_t i = 0, j = 0; i < names.size(); ++i, j = (j + 7919) % names.size()) {
        order.push_back(names[j]);
    }
    std::size_t found = 0;
    for (auto _ : state) {
        for (const auto& n : order) found += c.action(n) != nullptr;
    }
    benchmark::DoNotOptimize(found);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * order.size()));
}

void BM_Expand(benchmark::State& state, const char* pattern) {
    const Catalog& c = Catalog::builtin();
    std::size_t n = 0;
    for (auto _ : state) {
        auto actions = c.expand(pattern);
        benchmark::DoNotOptimize(actions);
        benchmark::ClobberMemory();
        n = actions.size();
    }
    state.counters["actions"] = static_cast<double>(n);
}

void BM_ConditionKeyType(benchmark::State& state) {
    const Catalog& c = Catalog::builtin();
    const std::vector<std::string> keys = {"aws:SourceIp", "s3:TlsVersion", "aws:RequestTag/Env",
                                           "kms:EncryptionContext:Dept", "nosuch:Key"};
    for (auto _ : state) {
        for (const auto& k : keys) benchmark::DoNotOptimize(c.condition_key_type(k));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * keys.size()));
}

void BM_ResourceTypesForArn(benchmark::State& state) {
    const Catalog& c = Catalog::builtin();
    const std::vector<std::string> arns = {
        "arn:aws:s3:::bucket/key", "arn:aws:iam::123456789012:role/Admin",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"};
    for (auto _ : state) {
        for (const auto& a : arns) benchmark::DoNotOptimize(c.resource_types_for_arn(a));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * arns.size()));
}

BENCHMARK(BM_BuiltinFirstUse)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ActionLookup)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Expand, s3_all, "s3:*")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Expand, s3_get, "s3:Get*")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Expand, ec2_describe_vpc, "ec2:Describe?pc*")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Expand, any_get_object, "*:GetObject")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Expand, all, "*")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ConditionKeyType)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ResourceTypesForArn)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
