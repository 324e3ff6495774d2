// wasp review: run the pipeline, write the reports, choose the exit code.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "core/file.h"
#include "pillar/assess.h"
#include "report/report.h"

namespace wasp::cli {

namespace {

std::string utc_timestamp(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// SOURCE_DATE_EPOCH makes reports reproducible (https://reproducible-builds.org/specs/).
std::time_t report_time() {
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        long long v = std::strtoll(e, &end, 10);
        if (end && *end == '\0' && v >= 0) return static_cast<std::time_t>(v);
    }
    return std::time(nullptr);
}

struct Output {
    report::Format format;
    std::optional<std::filesystem::path> path;  // nullopt: stdout
};

}  // namespace

int run_review_command(const ReviewCommand& cmd) {
    std::optional<core::Severity> fail_on;
    if (cmd.fail_on != "none") {
        fail_on = core::parse_severity(cmd.fail_on);
        if (!fail_on) {
            std::cerr << "wasp: --fail-on must be critical, high, medium, low, info or none\n";
            return kExitUsage;
        }
    }
    std::vector<Output> outputs;
    for (const auto& name : cmd.formats) {
        auto f = report::parse_format(name);
        if (!f) {
            std::cerr << "wasp: unknown format '" << name
                      << "' (text, json, html, sarif, junit, markdown)\n";
            return kExitUsage;
        }
        outputs.push_back({*f, std::nullopt});
    }
    if (outputs.empty()) outputs.push_back({report::Format::kText, std::nullopt});
    bool to_directory = cmd.outputs.size() == 1 && std::filesystem::is_directory(cmd.outputs[0]);
    if (to_directory) {
        for (auto& o : outputs) {
            o.path = cmd.outputs[0] / ("review" + std::string(report::extension(o.format)));
        }
    } else if (cmd.outputs.size() == outputs.size()) {
        for (std::size_t i = 0; i < outputs.size(); ++i) outputs[i].path = cmd.outputs[i];
    } else if (!cmd.outputs.empty() || outputs.size() > 1) {
        std::cerr << "wasp: give one --output per --format, or one existing directory\n";
        return kExitUsage;
    }

    std::time_t now = report_time();
    ReviewOptions options;
    options.workload = cmd.workload;
    options.rule_dirs = cmd.rule_dirs;
    options.parameters = cmd.parameters;
    options.generated_at = utc_timestamp(now);
    options.review_date = cmd.date.empty() ? options.generated_at.substr(0, 10) : cmd.date;
    options.jobs = cmd.jobs;
    if (!pillar::days_from_iso_date(options.review_date)) {
        std::cerr << "wasp: --date must be YYYY-MM-DD\n";
        return kExitUsage;
    }
    bool tty = ::isatty(STDERR_FILENO) != 0;
    auto start = std::chrono::steady_clock::now();
    bool progress_shown = false;
    if (tty) {
        options.progress = [&](std::size_t done, std::size_t total) {
            auto elapsed = std::chrono::steady_clock::now() - start;
            if (elapsed < std::chrono::milliseconds(300) && done < total) return;
            std::cerr << "\rwasp: loading templates " << done << "/" << total << std::flush;
            progress_shown = true;
        };
    }

    pillar::Review review = run_review(options);
    if (progress_shown) std::cerr << "\r\033[K" << std::flush;

    report::RenderOptions render_options;
    render_options.plan_items = cmd.plan_items;
    bool summary_printed = false;
    for (const auto& o : outputs) {
        render_options.color =
            !o.path && o.format == report::Format::kText && ::isatty(STDOUT_FILENO);
        std::string text = report::render(review, o.format, render_options);
        if (!o.path) {
            std::cout << text;
            summary_printed |= o.format == report::Format::kText;
            continue;
        }
        if (auto w = core::write_file_atomic(*o.path, text); !w) {
            std::cerr << "wasp: " << w.error() << "\n";
            return kExitUsage;
        }
        std::cerr << "wasp: wrote " << o.path->string() << "\n";
    }
    bool all_to_files = std::all_of(outputs.begin(), outputs.end(),
                                    [](const Output& o) { return o.path.has_value(); });
    if (!summary_printed && all_to_files && !cmd.quiet) {
        render_options.color = ::isatty(STDOUT_FILENO) != 0;
        std::cout << report::render(review, report::Format::kText, render_options);
    }

    bool input_errors =
        std::any_of(review.diagnostics.begin(), review.diagnostics.end(),
                    [](const core::Diagnostic& d) { return d.level == core::DiagLevel::kError; });
    if (input_errors) return kExitUsage;
    if (fail_on) {
        for (const auto& f : review.findings) {
            if (core::at_least(f.severity, *fail_on)) return kExitFindings;
        }
    }
    return kExitClean;
}

}  // namespace wasp::cli
