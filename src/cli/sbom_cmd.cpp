// wasp sbom scan and wasp sbom affected: SBOMs against an offline OSV advisory database
// (docs/vuln.md).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>

#include "cli/commands.h"
#include "cli/outputs.h"
#include "cli/pipeline.h"
#include "core/file.h"
#include "core/json_writer.h"
#include "pillar/assess.h"
#include "report/escape.h"
#include "vuln/findings.h"
#include "vuln/inputs.h"
#include "vuln/match.h"
#include "vuln/vex_write.h"

namespace wasp::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_load(const vuln::LoadStats& s) {
    std::fprintf(
        stderr,
        "wasp: advisory database: %llu advisories (%llu withdrawn, %llu invalid, %llu "
        "duplicates skipped) from %llu files, %.1f MB of JSON, in %.2f s\n",
        static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.withdrawn),
        static_cast<unsigned long long>(s.invalid), static_cast<unsigned long long>(s.duplicates),
        static_cast<unsigned long long>(s.files), static_cast<double>(s.json_bytes) / 1e6,
        s.seconds);
}

bool has_error(const core::Diagnostics& diags, std::size_t from) {
    for (std::size_t i = from; i < diags.size(); ++i) {
        if (diags[i].level == core::DiagLevel::kError) return true;
    }
    return false;
}

}  // namespace

int run_sbom_scan(const SbomScanCommand& cmd) {
    auto fail_on = parse_fail_on(cmd.fail_on);
    if (!fail_on) {
        std::cerr << "wasp: " << fail_on.error() << "\n";
        return kExitUsage;
    }
    // cyclonedx-vex is written here; every other format is a review rendering.
    std::vector<std::string> formats;
    std::vector<std::filesystem::path> outputs;
    std::optional<std::optional<std::filesystem::path>> vex_out;
    bool paired = cmd.outputs.size() == cmd.formats.size();
    for (std::size_t i = 0; i < cmd.formats.size(); ++i) {
        if (cmd.formats[i] == "cyclonedx-vex" || cmd.formats[i] == "vex") {
            vex_out = paired ? std::optional(cmd.outputs[i]) : std::nullopt;
            continue;
        }
        formats.push_back(cmd.formats[i]);
        if (paired) outputs.push_back(cmd.outputs[i]);
    }
    if (!paired) outputs = cmd.outputs;
    if (vex_out && !*vex_out && outputs.size() == 1 && std::filesystem::is_directory(outputs[0])) {
        vex_out = outputs[0] / "vulnerabilities.vex.cdx.json";
    }
    std::vector<Output> planned;
    if (!formats.empty() || !vex_out) {
        auto p = plan_outputs(formats, outputs, "vulnerabilities");
        if (!p) {
            std::cerr << "wasp: " << p.error() << "\n";
            return kExitUsage;
        }
        planned = std::move(*p);
    }
    if (cmd.db.empty()) {
        std::cerr << "wasp: --db is required: an OSV all.zip, a folder of OSV records, or both\n";
        return kExitUsage;
    }

    core::Diagnostics diags;
    vuln::LoadOptions load;
    load.threads = cmd.jobs;
    vuln::Database db = vuln::Database::load(cmd.db, load, diags);
    if (!cmd.quiet) print_load(db.stats());
    auto start = std::chrono::steady_clock::now();
    vuln::SbomLoadOptions sopt;
    sopt.threads = cmd.jobs;
    std::size_t before = diags.size();
    std::vector<vuln::Sbom> sboms = vuln::load_sboms(cmd.sboms, sopt, diags);
    std::vector<vuln::VexDocument> vex = vuln::load_vex(cmd.vex, diags);
    double read_seconds = seconds_since(start);
    vuln::ScanOptions scan;
    scan.threads = cmd.jobs;
    vuln::ScanResult result = vuln::scan(db, sboms, vex, scan);
    vuln::VulnFindings vf = vuln::to_findings(db, sboms, result);
    for (auto& d : vf.diagnostics) diags.push_back(std::move(d));
    bool input_errors = has_error(diags, before) && sboms.empty();

    std::string generated_at = utc_timestamp(report_time());
    pillar::AssessInput in;
    in.catalog = &pillar::current_catalog();
    in.tool_version = std::string(kVersion);
    in.generated_at = generated_at;
    in.review_date = generated_at.substr(0, 10);
    in.workload = "SBOMs";
    in.rules = vuln::rule_infos();
    in.resources = std::move(vf.resources);
    in.checks = std::move(vf.checks);
    in.findings = std::move(vf.findings);
    in.diagnostics = std::move(diags);
    for (const auto& s : sboms) in.inputs.push_back({s.file, "sbom", "", 0, true});
    pillar::Review review = pillar::assess(std::move(in));
    print_diagnostics(review.diagnostics);

    report::RenderOptions render;
    render.findings_only = true;
    if (!planned.empty()) {
        auto written = write_outputs(planned, review, render);
        if (!written) {
            std::cerr << "wasp: " << written.error() << "\n";
            return kExitUsage;
        }
    }
    if (vex_out) {
        std::string doc = vuln::write_cyclonedx_vex(db, sboms, result, kVersion, generated_at);
        if (*vex_out) {
            if (auto w = core::write_file_atomic(**vex_out, doc); !w) {
                std::cerr << "wasp: " << w.error() << "\n";
                return kExitUsage;
            }
            std::cerr << "wasp: wrote " << (*vex_out)->string() << "\n";
        } else {
            std::cout << doc;
        }
    }
    if (!cmd.quiet) {
        const auto& s = result.stats;
        std::size_t open = 0;
        std::set<std::size_t> vulns;
        for (const auto& m : result.matches) {
            if (vuln::is_open(m)) {
                ++open;
                vulns.insert(m.vulnerability);
            }
        }
        std::fprintf(stderr,
                     "wasp: %llu SBOMs, %llu components (%llu checked, %llu without a package "
                     "URL) read in %.3f s and matched in %.3f s: %llu vulnerable components, "
                     "%zu vulnerabilities, %zu findings (%zu cleared by VEX)\n",
                     static_cast<unsigned long long>(s.sboms),
                     static_cast<unsigned long long>(s.components),
                     static_cast<unsigned long long>(s.checked),
                     static_cast<unsigned long long>(s.without_purl), read_seconds, s.seconds,
                     static_cast<unsigned long long>(s.affected_components), vulns.size(), open,
                     result.matches.size() - open);
    }
    if (input_errors) return kExitUsage;
    for (const auto& f : review.findings) {
        if (*fail_on && core::at_least(f.severity, **fail_on) && !f.suppression) {
            return kExitFindings;
        }
    }
    return kExitClean;
}

int run_sbom_affected(const SbomAffectedCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    core::Diagnostics diags;
    vuln::LoadOptions load;
    load.threads = cmd.jobs;
    vuln::Database db = vuln::Database::load(cmd.db, load, diags);
    const vuln::Vulnerability* v = db.find(cmd.id);
    if (v == nullptr) {
        print_diagnostics(diags);
        std::cerr << "wasp: " << report::terminal_safe(cmd.id)
                  << " is not in the advisory database (" << db.stats().records
                  << " advisories loaded)\n";
        return kExitUsage;
    }
    std::size_t vi = static_cast<std::size_t>(v - db.vulnerabilities().data());
    auto read_start = std::chrono::steady_clock::now();
    vuln::SbomLoadOptions sopt;
    sopt.threads = cmd.jobs;
    std::vector<vuln::Sbom> sboms = vuln::load_sboms(cmd.sboms, sopt, diags);
    std::vector<vuln::VexDocument> vex = vuln::load_vex(cmd.vex, diags);
    double read_seconds = seconds_since(read_start);
    print_diagnostics(diags);

    auto query_start = std::chrono::steady_clock::now();
    vuln::ScanOptions scan;
    scan.threads = cmd.jobs;
    scan.only = vi;
    vuln::ScanResult result = vuln::scan(db, sboms, vex, scan);
    // SBOMs that list a package the vulnerability names, at a version it does not affect.
    // Keyed "ecosystem\0package", checked through one reused buffer: this loop sees every
    // component of every SBOM.
    std::set<std::string, std::less<>> packages;
    for (std::size_t a : v->records) {
        for (const auto& e : db.advisories()[a].affected) {
            packages.insert(std::string(vuln::ecosystem_base(e.ecosystem)) + '\0' + e.package);
        }
    }
    std::set<std::size_t> affected_sboms, listing_sboms;
    for (const auto& m : result.matches) {
        if (vuln::is_open(m)) affected_sboms.insert(m.sbom);
    }
    std::string key;
    for (std::size_t s = 0; s < sboms.size(); ++s) {
        for (const auto& c : sboms[s].components) {
            key.assign(c.ecosystem);
            key.push_back('\0');
            key.append(c.package);
            if (packages.contains(key)) listing_sboms.insert(s);
        }
    }
    double query_ms = seconds_since(query_start) * 1000.0;
    std::uint64_t components = 0;
    for (const auto& s : sboms) components += s.components.size();
    auto sev = vuln::vulnerability_severity(db, vi);
    const vuln::Advisory& adv = db.advisories()[v->records.front()];

    if (cmd.format == "json") {
        core::JsonWriter w;
        w.begin_object();
        w.key("vulnerability");
        w.begin_object();
        w.field("id", v->id);
        w.key("aliases");
        w.begin_array();
        for (const auto& id : v->ids) {
            if (id != v->id) w.string(id);
        }
        w.end_array();
        w.field("summary", adv.summary);
        w.field("severity", core::to_string(sev.severity));
        if (sev.cvss) {
            w.key("cvss_score");
            w.number(sev.cvss->base_score);
            w.field("cvss_vector", sev.vector);
        }
        w.end_object();
        w.field("sboms", static_cast<std::int64_t>(sboms.size()));
        w.field("components", static_cast<std::int64_t>(components));
        w.field("affected_sboms", static_cast<std::int64_t>(affected_sboms.size()));
        w.field("listing_sboms", static_cast<std::int64_t>(listing_sboms.size()));
        w.key("affected");
        w.begin_array();
        for (const auto& m : result.matches) {
            const auto& c = sboms[m.sbom].components[m.component];
            w.begin_object();
            w.field("sbom", sboms[m.sbom].file);
            w.field("name", c.name);
            w.field("version", c.version);
            w.field("purl", c.purl);
            w.field("path", c.path);
            w.field("pointer", c.location.pointer);
            w.field("fixed", m.fixed);
            w.key("advisories");
            w.begin_array();
            for (std::size_t a : m.advisories) w.string(db.advisories()[a].id);
            w.end_array();
            if (m.vex) {
                w.field("vex_status", vuln::to_string(*m.vex));
                w.field("vex_justification", m.vex_justification);
            }
            w.end_object();
        }
        w.end_array();
        w.key("timings");
        w.begin_object();
        w.key("query_ms");
        w.number(query_ms);
        w.key("sbom_read_seconds");
        w.number(read_seconds);
        w.key("database_load_seconds");
        w.number(db.stats().seconds);
        w.end_object();
        w.end_object();
        std::cout << w.take() << "\n";
    } else {
        std::string ids;
        for (const auto& id : v->ids) {
            if (id != v->id) ids += (ids.empty() ? "" : ", ") + id;
        }
        std::cout << report::terminal_safe(v->id);
        if (!ids.empty()) std::cout << " (" << report::terminal_safe(ids) << ")";
        std::cout << ": " << report::terminal_safe(adv.summary) << "\n  "
                  << core::to_string(sev.severity);
        if (sev.cvss) {
            char score[16];
            std::snprintf(score, sizeof score, "%.1f", sev.cvss->base_score);
            std::cout << ", CVSS " << score << " (" << report::terminal_safe(sev.vector) << ")";
        }
        std::cout << "\n\n";
        std::cout << "affected: " << affected_sboms.size() << " of " << sboms.size() << " SBOMs\n";
        for (const auto& m : result.matches) {
            const auto& c = sboms[m.sbom].components[m.component];
            std::cout << "  " << report::terminal_safe(sboms[m.sbom].file) << ": "
                      << report::terminal_safe(c.name) << " " << report::terminal_safe(c.version);
            if (c.path.find(" > ") != std::string::npos) {
                std::cout << " via " << report::terminal_safe(c.path);
            }
            std::cout << (m.fixed.empty() ? "; no fix known"
                                          : "; fixed in " + report::terminal_safe(m.fixed));
            if (m.vex) {
                std::cout << "; VEX " << vuln::to_string(*m.vex);
                if (!m.vex_justification.empty()) {
                    std::cout << " (" << report::terminal_safe(m.vex_justification) << ")";
                }
            }
            std::cout << "\n";
        }
        std::size_t listing_only = 0;
        for (std::size_t s : listing_sboms) listing_only += affected_sboms.contains(s) ? 0 : 1;
        std::cout << "not affected: " << sboms.size() - affected_sboms.size() << " SBOMs ("
                  << listing_only << " list the package at a version it does not affect)\n";
        char line[256];
        std::snprintf(line, sizeof line,
                      "answered in %.1f ms over %zu SBOMs (%llu components); SBOMs read in "
                      "%.2f s; database of %llu advisories loaded in %.2f s\n",
                      query_ms, sboms.size(), static_cast<unsigned long long>(components),
                      read_seconds, static_cast<unsigned long long>(db.stats().records),
                      db.stats().seconds);
        std::cout << line;
    }
    return affected_sboms.empty() ? kExitClean : kExitFindings;
}

}  // namespace wasp::cli
