// Decisions per second of iam::evaluate on a corpus of `wasp iam eval` documents, one thread:
// the wasp half of bench/bench_iam_eval.sh, which runs @cloud-copilot/iam-simulate on the very
// same documents.
//
//   bench_iam_eval_docs DIR SECONDS [DECISIONS_OUT]
//
// Reads every *.json of DIR (sorted), then, each until it has used SECONDS of CPU time: evaluates
// the parsed requests round after round (decisions/s), and parses then evaluates each document
// (documents/s: what a caller starting from JSON pays, as iam-simulate's runSimulation does).
// Prints one JSON object (rates per CPU second and per wall-clock second); DECISIONS_OUT gets
// "FILE DECISION" per document.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/file.h"
#include "core/json_writer.h"
#include "iam/request_doc.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Document {
    std::string name;
    std::string text;
};

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string decision_of(const wasp::iam::Result& r) {
    return r.conditional ? "Conditional" : std::string(wasp::iam::to_string(r.decision));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_iam_eval_docs DIR SECONDS [DECISIONS_OUT]\n";
        return 2;
    }
    const fs::path dir = argv[1];
    const double seconds = std::stod(argv[2]);
    std::vector<Document> docs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        auto text = wasp::core::read_file(entry.path(), 64u << 20);
        if (!text) {
            std::cerr << entry.path().string() << ": " << text.error() << "\n";
            return 2;
        }
        docs.push_back({entry.path().filename().string(), std::move(*text)});
    }
    if (ec || docs.empty()) {
        std::cerr << dir.string() << ": no documents\n";
        return 2;
    }
    std::sort(docs.begin(), docs.end(),
              [](const Document& a, const Document& b) { return a.name < b.name; });

    // Parsed once; a deque keeps each document's layers pointing into its own policies.
    std::deque<wasp::iam::EvalDocument> parsed;
    std::vector<std::string> decisions;
    for (const auto& d : docs) {
        auto p = wasp::iam::parse_eval_document(d.text, d.name);
        if (!p.document) {
            std::cerr << d.name << ": not a document\n";
            return 2;
        }
        parsed.push_back(std::move(*p.document));
        decisions.push_back(
            decision_of(wasp::iam::evaluate(parsed.back().request, parsed.back().layers)));
    }
    if (argc > 3) {
        std::ofstream out(argv[3]);
        for (std::size_t i = 0; i < docs.size(); ++i) {
            out << docs[i].name << " " << decisions[i] << "\n";
        }
    }

    // Rounds until SECONDS of CPU time are spent: on a shared machine the process's CPU time,
    // not the wall clock, is what the work cost.
    struct Rate {
        double cpu = 0, wall = 0;
    };
    auto timed = [&](auto&& one_round) {
        std::size_t rounds = 0;
        auto wall = Clock::now();
        double cpu = cpu_seconds();
        do {
            one_round();
            ++rounds;
        } while (cpu_seconds() - cpu < seconds);
        auto n = static_cast<double>(rounds * docs.size());
        return Rate{n / (cpu_seconds() - cpu),
                    n / std::chrono::duration<double>(Clock::now() - wall).count()};
    };
    std::size_t allowed = 0;
    Rate decide = timed([&] {
        for (const auto& d : parsed) {
            auto r = wasp::iam::evaluate(d.request, d.layers);
            allowed += r.decision == wasp::iam::Decision::kAllowed ? 1 : 0;
        }
    });
    Rate parse_decide = timed([&] {
        for (const auto& d : docs) {
            auto p = wasp::iam::parse_eval_document(d.text, d.name);
            if (p.document) {
                auto r = wasp::iam::evaluate(p.document->request, p.document->layers);
                allowed += r.decision == wasp::iam::Decision::kAllowed ? 1 : 0;
            }
        }
    });

    wasp::core::JsonWriter w(wasp::core::JsonWriter::Style::kCompact);
    w.begin_object();
    w.field("documents", static_cast<std::int64_t>(docs.size()));
    w.key("decisions_per_cpu_second");
    w.number(decide.cpu);
    w.key("decisions_per_wall_second");
    w.number(decide.wall);
    w.key("documents_per_cpu_second");
    w.number(parse_decide.cpu);
    w.key("documents_per_wall_second");
    w.number(parse_decide.wall);
    w.field("allowed_in_timing", static_cast<std::int64_t>(allowed));
    w.end_object();
    std::cout << w.take() << "\n";
    return 0;
}
