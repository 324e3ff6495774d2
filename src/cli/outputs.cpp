// The report time and the -f/-o outputs of the reporting subcommands.
#include "cli/outputs.h"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include "core/file.h"
#include "report/escape.h"

namespace wasp::cli {

std::string utc_timestamp(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::time_t report_time() {
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        long long v = std::strtoll(e, &end, 10);
        if (end && *end == '\0' && v >= 0) return static_cast<std::time_t>(v);
    }
    return std::time(nullptr);
}

std::expected<std::vector<Output>, std::string> plan_outputs(
    const std::vector<std::string>& formats,
    const std::vector<std::filesystem::path>& paths,
    std::string_view stem) {
    std::vector<Output> outputs;
    for (const auto& name : formats) {
        auto f = report::parse_format(name);
        if (!f) {
            return std::unexpected("unknown format '" + name +
                                   "' (text, json, html, sarif, junit, markdown, github, ocsf)");
        }
        outputs.push_back({*f, std::nullopt});
    }
    if (outputs.empty()) outputs.push_back({report::Format::kText, std::nullopt});
    bool to_directory = paths.size() == 1 && std::filesystem::is_directory(paths[0]);
    if (to_directory) {
        for (auto& o : outputs) {
            o.path = paths[0] / (std::string(stem) + std::string(report::extension(o.format)));
        }
    } else if (paths.size() == outputs.size()) {
        for (std::size_t i = 0; i < outputs.size(); ++i) outputs[i].path = paths[i];
    } else if (!paths.empty() || outputs.size() > 1) {
        return std::unexpected("give one --output per --format, or one existing directory");
    }
    return outputs;
}

std::expected<bool, std::string> write_outputs(const std::vector<Output>& outputs,
                                               const pillar::Review& review,
                                               report::RenderOptions options) {
    bool summary_printed = false;
    for (const auto& o : outputs) {
        options.color = !o.path && o.format == report::Format::kText && ::isatty(STDOUT_FILENO);
        std::string text = report::render(review, o.format, options);
        if (!o.path) {
            std::cout << text;
            summary_printed |= o.format == report::Format::kText;
            continue;
        }
        if (auto w = core::write_file_atomic(*o.path, text); !w) return std::unexpected(w.error());
        std::cerr << "wasp: wrote " << o.path->string() << "\n";
    }
    return summary_printed;
}

std::expected<std::optional<core::Severity>, std::string> parse_fail_on(std::string_view text) {
    if (text == "none") return std::optional<core::Severity>{};
    auto sev = core::parse_severity(text);
    if (!sev) return std::unexpected("--fail-on must be critical, high, medium, low, info or none");
    return std::optional<core::Severity>{*sev};
}

void print_diagnostics(const core::Diagnostics& diags, bool notes) {
    for (const auto& d : diags) {
        if (notes || d.level != core::DiagLevel::kNote) {
            std::cerr << report::terminal_safe(d.str()) << "\n";
        }
    }
}

}  // namespace wasp::cli
