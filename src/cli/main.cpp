// wasp: entry point; argument parsing only (CLI11 stays in this file).
#include <cstdlib>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/pipeline.h"

int main(int argc, char** argv) {
    using namespace wasp::cli;
    // libzip converts each zip entry's DOS time with mktime(); with TZ unset, glibc stats
    // /etc/localtime on every call (two per advisory of an OSV export). Naming the file once
    // saves 15 % of a database load (bench/README.md); reports use UTC and are unaffected.
    ::setenv("TZ", ":/etc/localtime", 0);
    CLI::App app{
        "wasp: the AWS Well-Architected Security Pillar review, offline and with evidence"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(kVersion));

    ReviewCommand review;
    auto* r =
        app.add_subcommand("review", "Review a workload directory against the Security Pillar");
    r->add_option("workload", review.workload, "Workload directory (or one file)")
        ->check(CLI::ExistingPath);
    // Each occurrence takes one value, so "-f json DIR" leaves DIR to the positional argument.
    r->add_option("-f,--format", review.formats,
                  "Output format, repeatable: text, json, html, sarif, junit, markdown, ocsf")
        ->allow_extra_args(false);
    r->add_option("-o,--output", review.outputs,
                  "Output file for each --format, in order; or one directory for all")
        ->allow_extra_args(false);
    r->add_option("--rules", review.rule_dirs, "Directory of extra rules (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    r->add_option("--parameters", review.parameters, "CloudFormation parameter values file")
        ->check(CLI::ExistingFile);
    r->add_option("--fail-on", review.fail_on,
                  "Exit 1 when a finding is at least this severe: critical, high, medium, low, "
                  "info, none")
        ->capture_default_str();
    r->add_option("--date", review.date, "Review date YYYY-MM-DD (default: today, UTC)");
    r->add_option("--plan-items", review.plan_items, "Plan items in the summary")
        ->capture_default_str();
    r->add_option("--db", review.advisory_dbs,
                  "OSV advisories for the workload's SBOMs: all.zip exports or folders "
                  "(repeatable; added to wasp.yaml's advisories)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    r->add_option("--sigma", review.sigma_dirs,
                  "Directory of Sigma rules for the workload's CloudTrail logs (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    r->add_option("-j,--jobs", review.jobs, "Parallel loaders (default: one per core)");
    r->add_flag("-q,--quiet", review.quiet, "No summary on stdout when writing files");
    r->add_flag("--timings", review.timings, "Print the wall time of each phase on stderr");
    r->add_option("--policy,--suppressions", review.policies,
                  "Policy or suppressions file (repeatable): fail thresholds, unsuppressible "
                  "rules, suppressions with reasons")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    r->add_option("--baseline", review.baseline,
                  "Baseline of known findings (wasp baseline create)")
        ->check(CLI::ExistingFile);

    ReviewCommand scan;
    scan.scan = true;
    auto* sc = app.add_subcommand("scan", "Run the guardrails only (CI gate) on IaC files");
    sc->add_option("paths", scan.paths, "Files or directories (default: .)")
        ->check(CLI::ExistingPath);
    sc->add_option(
          "-f,--format", scan.formats,
          "Output format, repeatable: text, json, sarif, junit, github, markdown, html, ocsf")
        ->allow_extra_args(false);
    sc->add_option("-o,--output", scan.outputs, "Output file for each --format, or one directory")
        ->allow_extra_args(false);
    sc->add_option("--rules", scan.rule_dirs, "Directory of extra rules (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    sc->add_option("--parameters", scan.parameters, "CloudFormation parameter values file")
        ->check(CLI::ExistingFile);
    sc->add_option("--policy,--suppressions", scan.policies, "Policy or suppressions file")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    sc->add_option("--baseline", scan.baseline, "Fail only on findings not in this baseline")
        ->check(CLI::ExistingFile);
    sc->add_option("--changed-files", scan.changed_files,
                   "File listing changed paths (one a line): report findings only for them")
        ->check(CLI::ExistingFile);
    sc->add_option("--fail-on", scan.fail_on, "Exit 1 when a finding is at least this severe")
        ->capture_default_str();
    sc->add_option("--date", scan.date, "Date suppressions expire against (default: today)");
    sc->add_option("-j,--jobs", scan.jobs, "Parallel loaders (default: one per core)");
    sc->add_flag("--timings", scan.timings, "Print the wall time of each phase on stderr");

    auto* baseline = app.add_subcommand("baseline", "Record the current findings as known");
    baseline->require_subcommand(1);
    BaselineCommand create;
    auto* bc = baseline->add_subcommand("create", "Write the fingerprints of today's findings");
    bc->add_option("workload", create.workload, "Workload directory (or one file)")
        ->check(CLI::ExistingPath);
    bc->add_option("-o,--output", create.output, "Baseline file")->capture_default_str();
    bc->add_option("--rules", create.rule_dirs, "Directory of extra rules (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    bc->add_option("--policy,--suppressions", create.policies, "Policy or suppressions file")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    bc->add_option("--parameters", create.parameters, "CloudFormation parameter values file")
        ->check(CLI::ExistingFile);

    auto* rules = app.add_subcommand("rules", "List or test rules");
    rules->require_subcommand(1);
    RulesListCommand list;
    auto* rl = rules->add_subcommand("list", "Print the metadata of every rule");
    rl->add_option("--rules", list.rule_dirs, "Directory of extra rules (repeatable)")
        ->check(CLI::ExistingPath);
    rl->add_option("-f,--format", list.format, "text, json or markdown")->capture_default_str();
    RulesTestCommand test;
    auto* rt = rules->add_subcommand("test", "Run the test cases embedded in rules");
    rt->add_option("dirs", test.rule_dirs, "Rule directories (default: the built-in rules)")
        ->check(CLI::ExistingPath);
    rt->add_option("--sigma", test.sigma_dirs,
                   "Directory of Sigma rules with their .tests.jsonl files (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    rt->add_flag("-v,--verbose", test.verbose, "List every test case");

    auto* iam = app.add_subcommand("iam", "Evaluate and analyse IAM policies");
    iam->require_subcommand(1);
    IamEvalCommand iam_eval;
    auto* ie = iam->add_subcommand(
        "eval", "Decide requests against the policies given in JSON documents, one per request");
    ie->add_option("files", iam_eval.files,
                   "Evaluation documents (docs/iam.md), or - for stdin; with several, -f json "
                   "prints JSON lines")
        ->required();
    ie->add_option("-f,--format", iam_eval.format, "text or json")->capture_default_str();

    IamValidateCommand iam_validate;
    auto* iv = iam->add_subcommand(
        "validate", "Check policy documents against the action catalog (like a linter)");
    iv->add_option("files", iam_validate.files, "Policy documents (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    iv->add_option("--kind", iam_validate.kind, "auto, identity, resource, trust or scp")
        ->capture_default_str();
    iv->add_flag("--strict", iam_validate.strict, "Exit 1 on warnings too");

    IamAnalyzeCommand iam_analyze;
    auto* ia = iam->add_subcommand(
        "analyze", "Least privilege, administrators, trust, credential hygiene of IAM exports");
    ia->add_option("paths", iam_analyze.paths,
                   "Authorization-details exports and credential reports, or directories")
        ->required()
        ->check(CLI::ExistingPath);
    ia->add_option("-f,--format", iam_analyze.format, "text or json")->capture_default_str();
    ia->add_option("--fail-on", iam_analyze.fail_on,
                   "Exit 1 on a finding this severe: critical, high, medium, low, info or none")
        ->capture_default_str();
    ia->add_option("--date", iam_analyze.date, "Count ages to this day (YYYY-MM-DD)");

    IamPathsCommand iam_paths;
    auto* ip = iam->add_subcommand(
        "paths", "Privilege-escalation paths to admin from each user and role of IAM exports");
    ip->add_option("files", iam_paths.files, "Authorization-details exports (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    ip->add_option("--from", iam_paths.from,
                   "Only this principal: name, user/NAME, role/NAME or ARN");
    ip->add_option("--org", iam_paths.orgs,
                   "An AWS Organizations export: its SCPs apply (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    ip->add_option("-f,--format", iam_paths.format, "text or json")->capture_default_str();

    IamBlastCommand iam_blast;
    auto* ib = iam->add_subcommand(
        "blast-radius",
        "What each user and role can reach, directly and through role chains, and who can "
        "reach each resource");
    ib->add_option("paths", iam_blast.paths, "Authorization-details exports, or directories")
        ->required()
        ->check(CLI::ExistingPath);
    ib->add_option("--principal", iam_blast.principals,
                   "Only this principal and the roles it can become: name, user/NAME, role/NAME "
                   "or ARN (repeatable)")
        ->allow_extra_args(false);
    ib->add_option("--resource", iam_blast.resources,
                   "A resource ARN: who can reach it and how (repeatable)")
        ->allow_extra_args(false);
    ib->add_option("--org", iam_blast.orgs,
                   "An AWS Organizations export: its SCPs apply (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    ib->add_option("-f,--format", iam_blast.format, "text, json or dot")->capture_default_str();
    ib->add_option("-o,--output", iam_blast.output, "Write to this file (atomically)");

    IamUnusedCommand iam_unused;
    auto* iu = iam->add_subcommand(
        "unused", "Services and actions each principal is allowed but did not use (last accessed)");
    iu->add_option("paths", iam_unused.paths,
                   "Service last-accessed reports and authorization-details exports, or "
                   "directories")
        ->required()
        ->check(CLI::ExistingPath);
    iu->add_option("-f,--format", iam_unused.format, "text or json")->capture_default_str();
    iu->add_option("--date", iam_unused.date, "Count ages to this day (YYYY-MM-DD)");
    iu->add_option("--days", iam_unused.days, "A use older than this many days is unused")
        ->capture_default_str();

    IamExternalAccessCommand iam_access;
    auto* ix = iam->add_subcommand(
        "external-access",
        "Who outside the zone of trust can do what through resource and role trust policies");
    ix->add_option("paths", iam_access.paths,
                   "Resource-policy outputs (get-bucket-policy, ...), authorization-details "
                   "exports, or directories")
        ->required()
        ->check(CLI::ExistingPath);
    ix->add_option("--trusted-account", iam_access.trusted_accounts,
                   "An account inside the zone of trust (repeatable)")
        ->allow_extra_args(false);
    ix->add_option("--org", iam_access.orgs,
                   "An AWS Organizations export: its accounts are trusted (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    ix->add_option("-f,--format", iam_access.format, "text or json")->capture_default_str();
    ix->add_option("--fail-on", iam_access.fail_on,
                   "Exit 1 on a finding this severe: critical, high, medium, low, info or none")
        ->capture_default_str();

    IamCanCommand iam_can;
    auto* ic = iam->add_subcommand(
        "can", "Can this principal of the export do ACTION on RESOURCE? With the reason");
    ic->add_option("principal", iam_can.principal,
                   "User or role: name, user/NAME, role/NAME or ARN")
        ->required();
    ic->add_option("action", iam_can.action, "service:Action")->required();
    ic->add_option("resource", iam_can.resource, "Resource ARN (default *)");
    ic->add_option("--authz", iam_can.inputs, "Authorization-details exports (repeatable)")
        ->required()
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    ic->add_option("--context", iam_can.context, "Condition key value KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    ic->add_option("--session", iam_can.session, "Evaluate a role as this session name");
    ic->add_option("--resource-policy", iam_can.resource_policy, "The resource's policy (JSON)")
        ->check(CLI::ExistingFile);
    ic->add_option("--scp", iam_can.scps, "A service control policy, one a level (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    ic->add_option("--org", iam_can.orgs,
                   "An AWS Organizations export: its SCPs and RCPs apply (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    ic->add_flag("--closed-context", iam_can.closed,
                 "Keys not given with --context are absent, not unknown");
    ic->add_option("-f,--format", iam_can.format, "text or json")->capture_default_str();

    IamWhoCanCommand iam_who;
    auto* iw =
        iam->add_subcommand("who-can", "Which principals of the export can do ACTION on RESOURCE");
    iw->add_option("action", iam_who.action, "service:Action")->required();
    iw->add_option("resource", iam_who.resource, "Resource ARN (default *)");
    iw->add_option("--authz", iam_who.inputs, "Authorization-details exports (repeatable)")
        ->required()
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    iw->add_option("--context", iam_who.context, "Condition key value KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    iw->add_option("--org", iam_who.orgs,
                   "An AWS Organizations export: its SCPs and RCPs apply (repeatable)")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    iw->add_option("-f,--format", iam_who.format, "text or json")->capture_default_str();

    DetectCommand detect_cmd;
    auto* dt = app.add_subcommand("detect",
                                  "Run Sigma detections and anomaly models over CloudTrail logs");
    dt->add_option("inputs", detect_cmd.inputs,
                   "CloudTrail files (.json, .json.gz, JSON lines) or directories; - for stdin");
    dt->add_option("-f,--format", detect_cmd.formats,
                   "Output format, repeatable: text, json, html, sarif, junit, markdown, ocsf")
        ->allow_extra_args(false);
    dt->add_option("-o,--output", detect_cmd.outputs,
                   "Output file for each --format, or one directory")
        ->allow_extra_args(false);
    dt->add_option("--sigma", detect_cmd.sigma_dirs, "Directory of your Sigma rules (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    dt->add_flag("--no-builtin", detect_cmd.no_builtin,
                 "Do not run the built-in rules (SigmaHQ pack and wasp's detections)");
    dt->add_flag("--no-anomalies", detect_cmd.no_anomalies, "Do not run the anomaly models");
    dt->add_option("--baseline", detect_cmd.baseline,
                   "Anomaly baseline to check against (wasp anomalies learn)")
        ->check(CLI::ExistingFile);
    dt->add_option("--learn-until", detect_cmd.learn_until,
                   "Learn from events before this date or time, check the ones after");
    dt->add_option("--save-baseline", detect_cmd.save_baseline,
                   "Write what was learned, merged with --baseline, to this file");
    dt->add_option("--ip2asn", detect_cmd.ip2asn,
                   "ip2asn TSV (iptoasn.com) for countries and networks' ASNs")
        ->check(CLI::ExistingFile);
    dt->add_option("--fail-on", detect_cmd.fail_on,
                   "Exit 1 on a finding this severe: critical, high, medium, low, info or none")
        ->capture_default_str();
    dt->add_option("-j,--jobs", detect_cmd.jobs, "Reading threads (default: one per core)");
    dt->add_flag("-q,--quiet", detect_cmd.quiet, "No statistics line on stderr");
    dt->add_flag("--no-progress", detect_cmd.no_progress, "No progress line on a terminal");

    auto* sbom = app.add_subcommand("sbom", "Match SBOMs against OSV advisories (offline)");
    sbom->require_subcommand(1);
    SbomScanCommand sbom_scan;
    auto* ss = sbom->add_subcommand("scan", "Report the known vulnerabilities of SBOM components");
    ss->add_option("sboms", sbom_scan.sboms, "CycloneDX or SPDX JSON files, or directories of them")
        ->required()
        ->check(CLI::ExistingPath);
    ss->add_option("--db", sbom_scan.db,
                   "OSV advisories: an all.zip export, a folder of records (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    ss->add_option("--vex", sbom_scan.vex, "CycloneDX VEX or OpenVEX document (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    ss->add_option("-f,--format", sbom_scan.formats,
                   "Output format, repeatable: text, json, html, sarif, junit, markdown, ocsf, "
                   "cyclonedx-vex")
        ->allow_extra_args(false);
    ss->add_option("-o,--output", sbom_scan.outputs,
                   "Output file for each --format, or one directory")
        ->allow_extra_args(false);
    ss->add_option("--fail-on", sbom_scan.fail_on,
                   "Exit 1 on an open vulnerability this severe: critical, high, medium, low, "
                   "info or none")
        ->capture_default_str();
    ss->add_option("-j,--jobs", sbom_scan.jobs, "Threads (default: one per core)");
    ss->add_flag("-q,--quiet", sbom_scan.quiet, "No statistics on stderr");
    SbomAffectedCommand sbom_affected;
    auto* sa = sbom->add_subcommand(
        "affected", "Which SBOMs a vulnerability (CVE, GHSA, ...) affects, and where");
    sa->add_option("id", sbom_affected.id, "Vulnerability id or alias")->required();
    sa->add_option("sboms", sbom_affected.sboms, "SBOM files or directories")
        ->required()
        ->check(CLI::ExistingPath);
    sa->add_option("--db", sbom_affected.db, "OSV advisories: all.zip, folders, records")
        ->required()
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    sa->add_option("--vex", sbom_affected.vex, "CycloneDX VEX or OpenVEX document (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    sa->add_option("-f,--format", sbom_affected.format, "text or json")->capture_default_str();
    sa->add_option("-j,--jobs", sbom_affected.jobs, "Threads (default: one per core)");

    auto* anomalies = app.add_subcommand("anomalies", "Baselines of normal CloudTrail activity");
    anomalies->require_subcommand(1);
    AnomaliesLearnCommand learn;
    auto* al = anomalies->add_subcommand("learn", "Learn a baseline from CloudTrail logs");
    al->add_option("inputs", learn.inputs, "CloudTrail files or directories; - for stdin")
        ->required();
    al->add_option("-o,--output", learn.output, "Baseline file")->capture_default_str();
    al->add_option("--baseline", learn.merge_into, "Add what is learned to this baseline")
        ->check(CLI::ExistingFile);
    al->add_option("--ip2asn", learn.ip2asn, "ip2asn TSV for countries and ASNs")
        ->check(CLI::ExistingFile);
    al->add_option("-j,--jobs", learn.jobs, "Reading threads (default: one per core)");
    AnomaliesMergeCommand merge;
    auto* am = anomalies->add_subcommand("merge", "Merge baselines of several runs or shards");
    am->add_option("baselines", merge.inputs, "Baseline files")
        ->required()
        ->check(CLI::ExistingFile);
    am->add_option("-o,--output", merge.output, "Merged baseline file")->capture_default_str();

    GamedayCommand gameday;
    auto* gd = app.add_subcommand(
        "gameday", "Hide attack techniques in benign CloudTrail and score the detections");
    gd->add_option("--technique", gameday.techniques, "Technique id (repeatable; default: all)")
        ->allow_extra_args(false);
    gd->add_flag("--list", gameday.list, "List the techniques and exit");
    gd->add_option("--seed", gameday.seed, "Seed of the generated logs")->capture_default_str();
    gd->add_option("--days", gameday.days, "Benign days before the attacks (2-60)")
        ->capture_default_str();
    gd->add_option("--rate", gameday.rate, "Benign events per second")->capture_default_str();
    gd->add_option("--sigma", gameday.sigma_dirs, "Directory of your Sigma rules (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::ExistingPath);
    gd->add_flag("--no-builtin", gameday.no_builtin, "Only your rules");
    gd->add_flag("--no-anomalies", gameday.no_anomalies, "Without the anomaly models");
    gd->add_option("--write-logs", gameday.write_logs,
                   "Directory for the generated logs (JSON lines) and the answer key");
    gd->add_option("-f,--format", gameday.format, "text or json")->capture_default_str();
    gd->add_option("--min-coverage", gameday.min_coverage,
                   "Exit 1 when fewer than this percentage of techniques are caught");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitClean : kExitUsage;
    }
    try {
        if (r->parsed()) return run_review_command(review);
        if (sc->parsed()) return run_review_command(scan);
        if (bc->parsed()) return run_baseline_create(create);
        if (rl->parsed()) return run_rules_list(list);
        if (rt->parsed()) return run_rules_test(test);
        if (ie->parsed()) return run_iam_eval(iam_eval);
        if (iv->parsed()) return run_iam_validate(iam_validate);
        if (ia->parsed()) return run_iam_analyze(iam_analyze);
        if (ic->parsed()) return run_iam_can(iam_can);
        if (ip->parsed()) return run_iam_paths(iam_paths);
        if (ib->parsed()) return run_iam_blast_radius(iam_blast);
        if (iu->parsed()) return run_iam_unused(iam_unused);
        if (ix->parsed()) return run_iam_external_access(iam_access);
        if (iw->parsed()) return run_iam_who_can(iam_who);
        if (dt->parsed()) return run_detect(detect_cmd);
        if (ss->parsed()) return run_sbom_scan(sbom_scan);
        if (sa->parsed()) return run_sbom_affected(sbom_affected);
        if (al->parsed()) return run_anomalies_learn(learn);
        if (am->parsed()) return run_anomalies_merge(merge);
        if (gd->parsed()) return run_gameday(gameday);
    } catch (const std::exception& e) {
        std::cerr << "wasp: internal error: " << e.what() << "\n";
        return kExitInternal;
    }
    return kExitUsage;
}
