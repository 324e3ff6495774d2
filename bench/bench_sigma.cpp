// Sigma matching throughput: the SigmaHQ pack (57 rules), and every built-in rule, against a mix
// of 42 realistic CloudTrail events (bench/data/sigma-bench-events.jsonl: mostly read-only calls
// of services and CI roles, a console login, and a few that rules match), repeated.
//
//   cmake --preset release -B build/release -DWASP_BENCH=ON
//   cmake --build build/release --target bench_sigma && build/release/bench/bench_sigma
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/file.h"
#include "detect/event.h"
#include "detect/sigma.h"

namespace {

using wasp::detect::Event;

std::vector<std::string> event_texts() {
    auto text = wasp::core::read_file(
        std::string(WASP_SOURCE_DIR) + "/bench/data/sigma-bench-events.jsonl", 1u << 24);
    std::vector<std::string> out;
    if (!text) return out;
    std::size_t pos = 0;
    while (pos < text->size()) {
        const std::size_t eol = std::min(text->find('\n', pos), text->size());
        if (eol > pos) out.push_back(text->substr(pos, eol - pos));
        pos = eol + 1;
    }
    return out;
}

// The events parsed once, as a reading thread hands them to its consumer.
struct ParsedEvents {
    std::vector<std::string> texts = event_texts();
    std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
    std::vector<Event> events;

    ParsedEvents() {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            parsers.push_back(std::make_unique<simdjson::dom::parser>());
            simdjson::dom::element root;
            if (parsers.back()->parse(texts[i]).get(root) != simdjson::SUCCESS) continue;
            Event e;
            if (!wasp::detect::fill(e, root)) continue;
            e.raw = texts[i];
            e.file = "bench.jsonl";
            e.index = i;
            events.push_back(e);
        }
    }
};

wasp::detect::RuleSet load(bool pack_only) {
    wasp::detect::RuleSet rules;
    wasp::core::Diagnostics diags;
    for (const auto& f : wasp::detect::builtin_sigma_rule_files()) {
        if (!pack_only || f.path.starts_with("rules/sigma/sigmahq/")) {
            rules.add_file(f.path, f.contents, diags);
        }
    }
    rules.finalize(diags);
    return rules;
}

void run_matching(benchmark::State& state, bool pack_only) {
    const auto rules = load(pack_only);
    const ParsedEvents parsed;
    wasp::detect::SigmaConsumer consumer(rules);
    for (auto _ : state) {
        for (const auto& e : parsed.events) consumer.consume(e);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(parsed.events.size()));
    state.counters["rules"] = static_cast<double>(rules.rules().size());
    state.counters["matches/event"] =
        static_cast<double>(consumer.matches()) / static_cast<double>(consumer.events());
}

// Matching only: events already parsed.
void BM_SigmaHqPack(benchmark::State& state) { run_matching(state, true); }
void BM_AllBuiltinRules(benchmark::State& state) { run_matching(state, false); }

// Parsing each event's JSON with simdjson, reading its common fields, and matching every
// built-in rule: the per-event work of a reading thread after decompression.
void BM_ParseAndMatchAllBuiltinRules(benchmark::State& state) {
    const auto rules = load(false);
    const ParsedEvents parsed;
    wasp::detect::SigmaConsumer consumer(rules);
    simdjson::dom::parser parser;
    std::vector<simdjson::padded_string> padded;
    for (const auto& t : parsed.texts) padded.emplace_back(t);
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < padded.size(); ++i) {
            simdjson::dom::element root;
            if (parser.parse(padded[i]).get(root) != simdjson::SUCCESS) continue;
            Event e;
            if (!wasp::detect::fill(e, root)) continue;
            e.raw = parsed.texts[i];
            e.file = "bench.jsonl";
            e.index = i;
            consumer.consume(e);
            bytes += padded[i].size();
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(padded.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

// The floor of the line above: parsing and reading the common fields, no rules.
void BM_ParseOnly(benchmark::State& state) {
    const ParsedEvents parsed;
    simdjson::dom::parser parser;
    std::vector<simdjson::padded_string> padded;
    for (const auto& t : parsed.texts) padded.emplace_back(t);
    for (auto _ : state) {
        for (const auto& p : padded) {
            simdjson::dom::element root;
            if (parser.parse(p).get(root) != simdjson::SUCCESS) continue;
            Event e;
            benchmark::DoNotOptimize(wasp::detect::fill(e, root));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(padded.size()));
}

BENCHMARK(BM_SigmaHqPack);
BENCHMARK(BM_AllBuiltinRules);
BENCHMARK(BM_ParseAndMatchAllBuiltinRules);
BENCHMARK(BM_ParseOnly);

}  // namespace

BENCHMARK_MAIN();
