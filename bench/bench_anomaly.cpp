// The anomaly consumer's cost per event: a benign synthetic stream (detect::Background: 2
// accounts, 24 people, 60 roles, 8 services acting, 3 regions; 40,000 events). As in a reading
// thread, each event is parsed and its common fields read just before the consumer sees it, so
// its parsed form is in cache; the consumer's own cost is the difference from BM_ParseOnly.
// Learning and checking run in the steady state (principals and values already seen, as for
// nearly every event of a long run); the first pass, where everything is inserted, is measured
// apart.
//
//   cmake -S . --preset release -B build/release -DWASP_BENCH=ON
//   cmake --build build/release --target bench_anomaly && build/release/bench/bench_anomaly
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "detect/anomaly.h"
#include "detect/event.h"
#include "detect/synth.h"

namespace {

using wasp::detect::AnomalyDetector;
using wasp::detect::AnomalyOptions;
using wasp::detect::Event;

constexpr std::size_t kEvents = 40'000;

std::vector<simdjson::padded_string> stream() {
    wasp::detect::BackgroundOptions o;
    o.seed = 7;
    o.accounts = 2;
    o.users = 24;
    o.roles = 60;
    o.services = 8;
    o.regions = {"us-east-1", "eu-west-1", "eu-central-1"};
    o.events_per_second = 40;
    o.duration_ms = static_cast<std::int64_t>(kEvents / 40 * 1000);
    wasp::detect::Background background(o);
    wasp::detect::SynthEvent e;
    std::vector<simdjson::padded_string> out;
    while (background.next(e)) out.emplace_back(e.json);
    return out;
}

const std::vector<simdjson::padded_string>& events() {
    static const std::vector<simdjson::padded_string> s = stream();
    return s;
}

// Parses each event, reads its common fields, and hands it to consumer (if any).
void read_all(simdjson::dom::parser& parser, wasp::detect::EventConsumer* consumer) {
    std::uint64_t i = 0;
    for (const auto& text : events()) {
        simdjson::dom::element root;
        if (parser.parse(text).get(root) != simdjson::SUCCESS) continue;
        Event e;
        if (!wasp::detect::fill(e, root)) continue;
        e.file = "bench.json";
        e.index = i++;
        if (consumer != nullptr) {
            consumer->consume(e);
        } else {
            benchmark::DoNotOptimize(e.time_ms);
        }
    }
}

AnomalyOptions learning() {
    AnomalyOptions o;
    o.learn_until_ms = wasp::detect::kLearnAll;
    return o;
}

wasp::detect::Baseline learned() {
    const AnomalyDetector learner(learning());
    std::vector<std::unique_ptr<wasp::detect::EventConsumer>> one;
    one.push_back(learner.factory()());
    simdjson::dom::parser parser;
    read_all(parser, one.back().get());
    return learner.finish(one).learned;
}

void rate(benchmark::State& state) {
    const auto n = static_cast<double>(events().size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events().size()));
    state.counters["ns/event"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * n,
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The floor: parsing and reading the common fields, no consumer.
void BM_ParseOnly(benchmark::State& state) {
    simdjson::dom::parser parser;
    for (auto _ : state) read_all(parser, nullptr);
    rate(state);
}

// Learning, steady state: one consumer across passes.
void BM_ParseAndLearn(benchmark::State& state) {
    const AnomalyDetector d(learning());
    auto consumer = d.factory()();
    simdjson::dom::parser parser;
    read_all(parser, consumer.get());
    for (auto _ : state) read_all(parser, consumer.get());
    rate(state);
}

// Checking against a baseline learned from the same stream: every value is known, the common
// path of a detection run.
void BM_ParseAndCheck(benchmark::State& state) {
    const wasp::detect::Baseline baseline = learned();
    const AnomalyDetector d(AnomalyOptions{}, &baseline);
    auto consumer = d.factory()();
    simdjson::dom::parser parser;
    read_all(parser, consumer.get());
    for (auto _ : state) read_all(parser, consumer.get());
    rate(state);
    state.counters["profiles"] = static_cast<double>(baseline.profiles.size());
}

// A fresh consumer each pass: every principal, hour and value is inserted once.
void BM_ParseAndLearnFirstPass(benchmark::State& state) {
    const AnomalyDetector d(learning());
    simdjson::dom::parser parser;
    for (auto _ : state) {
        auto consumer = d.factory()();
        read_all(parser, consumer.get());
    }
    rate(state);
}

// The decisions after reading (merge of one consumer, the alerts), per event read.
void BM_Finish(benchmark::State& state) {
    const wasp::detect::Baseline baseline = learned();
    const AnomalyDetector d(AnomalyOptions{}, &baseline);
    simdjson::dom::parser parser;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<std::unique_ptr<wasp::detect::EventConsumer>> consumers;
        consumers.push_back(d.factory()());
        read_all(parser, consumers.back().get());
        state.ResumeTiming();
        benchmark::DoNotOptimize(d.finish(consumers).alerts.size());
    }
    rate(state);
}

// The machine is shared: the least of five repetitions is the figure least disturbed by others.
double least(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

#define WASP_BENCH_ANOMALY(fn)            \
    BENCHMARK(fn)                         \
        ->Unit(benchmark::kMillisecond)   \
        ->Repetitions(5)                  \
        ->ComputeStatistics("min", least) \
        ->ReportAggregatesOnly(true)

WASP_BENCH_ANOMALY(BM_ParseOnly);
WASP_BENCH_ANOMALY(BM_ParseAndLearn);
WASP_BENCH_ANOMALY(BM_ParseAndCheck);
WASP_BENCH_ANOMALY(BM_ParseAndLearnFirstPass);
WASP_BENCH_ANOMALY(BM_Finish);

}  // namespace

BENCHMARK_MAIN();
