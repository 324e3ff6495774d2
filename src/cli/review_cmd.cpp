// wasp review: run the pipeline, write the reports, choose the exit code.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/outputs.h"
#include "cli/pipeline.h"
#include "core/file.h"
#include "pillar/assess.h"
#include "report/report.h"

namespace wasp::cli {

int run_review_command(const ReviewCommand& cmd) {
    std::optional<core::Severity> fail_on;
    if (cmd.fail_on != "none") {
        fail_on = core::parse_severity(cmd.fail_on);
        if (!fail_on) {
            std::cerr << "wasp: --fail-on must be critical, high, medium, low, info or none\n";
            return kExitUsage;
        }
    }
    auto planned = plan_outputs(cmd.formats, cmd.outputs);
    if (!planned) {
        std::cerr << "wasp: " << planned.error() << "\n";
        return kExitUsage;
    }
    const std::vector<Output>& outputs = *planned;

    std::time_t now = report_time();
    ReviewOptions options;
    options.workload = cmd.workload;
    options.rule_dirs = cmd.rule_dirs;
    options.sigma_dirs = cmd.sigma_dirs;
    options.advisory_dbs = cmd.advisory_dbs;
    options.parameters = cmd.parameters;
    options.generated_at = utc_timestamp(now);
    options.review_date = cmd.date.empty() ? options.generated_at.substr(0, 10) : cmd.date;
    options.jobs = cmd.jobs;
    options.policies = cmd.policies;
    options.baseline = cmd.baseline;
    options.guardrails_only = cmd.scan;
    if (cmd.paths.size() > 1) {
        // Several paths: review from here, keeping only what lies under one of them.
        options.workload = ".";
        options.include.clear();
        for (const auto& path : cmd.paths) {
            options.include.push_back(path.lexically_normal().generic_string());
        }
    } else if (cmd.paths.size() == 1) {
        options.workload = cmd.paths[0];
    }
    if (cmd.changed_files) {
        auto list = core::read_file(*cmd.changed_files, 16u << 20);
        if (!list) {
            std::cerr << "wasp: --changed-files: " << list.error() << "\n";
            return kExitUsage;
        }
        // Paths as CI gives them (relative to the repository); the review's are relative to
        // the workload, so strip the workload path in front.
        std::string root = options.workload.lexically_normal().generic_string();
        while (!root.empty() && root.back() == '/') root.pop_back();
        if (root == ".") root.clear();
        std::string_view rest = *list;
        while (!rest.empty()) {
            auto nl = rest.find('\n');
            std::string line(rest.substr(0, nl));
            rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (line.starts_with("./")) line.erase(0, 2);
            if (line.empty()) continue;
            if (!root.empty()) {
                if (!line.starts_with(root + "/")) continue;
                line.erase(0, root.size() + 1);
            }
            options.changed_files.push_back(std::move(line));
        }
        if (options.changed_files.empty()) options.changed_files.push_back("\n");  // nothing
    }
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

    ReviewRun run = run_review(options);
    const pillar::Review& review = run.review;
    auto render_start = std::chrono::steady_clock::now();
    if (progress_shown) std::cerr << "\r\033[K" << std::flush;

    report::RenderOptions render_options;
    render_options.plan_items = cmd.plan_items;
    render_options.findings_only = cmd.scan;
    auto written = write_outputs(outputs, review, render_options);
    if (!written) {
        std::cerr << "wasp: " << written.error() << "\n";
        return kExitUsage;
    }
    bool summary_printed = *written;
    bool all_to_files = std::all_of(outputs.begin(), outputs.end(),
                                    [](const Output& o) { return o.path.has_value(); });
    if (!summary_printed && all_to_files && !cmd.quiet) {
        render_options.color = ::isatty(STDOUT_FILENO) != 0;
        std::cout << report::render(review, report::Format::kText, render_options);
    }

    if (cmd.timings) {
        run.timings.emplace_back(
            "render and write",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - render_start).count());
        for (const auto& [phase, seconds] : run.timings) {
            std::fprintf(stderr, "wasp: %8.3f s  %s\n", seconds, phase.c_str());
        }
    }
    bool input_errors =
        std::any_of(review.diagnostics.begin(), review.diagnostics.end(),
                    [](const core::Diagnostic& d) { return d.level == core::DiagLevel::kError; });
    if (input_errors) return kExitUsage;
    // The policy file's threshold, when it has one, wins over --fail-on.
    std::optional<core::Severity> threshold = fail_on;
    if (run.policy.fail_on_none) {
        threshold.reset();
    } else if (run.policy.fail_on) {
        threshold = run.policy.fail_on;
    }
    for (const auto& f : review.findings) {
        if (iac::fails_run(f, run.policy, threshold)) return kExitFindings;
    }
    return kExitClean;
}

}  // namespace wasp::cli

namespace wasp::cli {

int run_baseline_create(const BaselineCommand& cmd) {
    ReviewOptions options;
    options.workload = cmd.workload;
    options.rule_dirs = cmd.rule_dirs;
    options.parameters = cmd.parameters;
    options.policies = cmd.policies;
    // Every finding a review makes (guardrails and the account analyses of IAM exports), so
    // `wasp review --baseline` and `wasp scan --baseline` both fail only on new ones.
    options.generated_at = utc_timestamp(report_time());
    options.review_date = options.generated_at.substr(0, 10);
    ReviewRun run = run_review(options);
    for (const auto& d : run.review.diagnostics) {
        if (d.level != core::DiagLevel::kNote) std::cerr << d.str() << "\n";
    }
    std::string text = iac::write_baseline(run.review.findings, run.review.resources);
    if (auto w = core::write_file_atomic(cmd.output, text); !w) {
        std::cerr << "wasp: " << w.error() << "\n";
        return kExitUsage;
    }
    std::size_t n = 0;
    for (const auto& f : run.review.findings) n += f.suppression ? 0 : 1;
    std::cerr << "wasp: wrote " << cmd.output.string() << " (" << n << " findings)\n";
    return kExitClean;
}

}  // namespace wasp::cli
