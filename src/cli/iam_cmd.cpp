// wasp iam: questions about IAM policies and principals (docs/iam.md).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <tuple>

#include "cli/commands.h"
#include "cli/iam_inputs.h"
#include "cli/outputs.h"
#include "core/file.h"
#include "core/json_writer.h"
#include "iam/analyze.h"
#include "iam/catalog.h"
#include "iam/organization.h"
#include "iam/request_doc.h"
#include "iam/validate.h"
#include "pillar/assess.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

constexpr std::uintmax_t kMaxDocumentBytes = 64u << 20;

bool text_starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

// Text from input files goes to a terminal line by line, with control characters escaped.
void print_safe(std::string_view text) {
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::cout << report::terminal_safe(text.substr(0, nl)) << "\n";
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

}  // namespace

namespace {

// Evaluates one document and prints its result. Returns whether it had errors, or nullopt when
// it could not be evaluated at all.
std::optional<bool> eval_one(const std::filesystem::path& file,
                             const std::string& format,
                             bool several) {
    std::string text;
    std::string name = file.string();
    if (name == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        name = "<stdin>";
    } else {
        auto read = core::read_file(file, kMaxDocumentBytes);
        if (!read) {
            std::cerr << "wasp: " << name << ": " << read.error() << "\n";
            return std::nullopt;
        }
        text = std::move(*read);
    }
    auto parsed = iam::parse_eval_document(text, name);
    bool errors = false;
    for (const auto& d : parsed.diagnostics) {
        std::cerr << report::terminal_safe(d.str()) << "\n";
        errors = errors || d.level == core::DiagLevel::kError;
    }
    if (!parsed.document) return std::nullopt;
    const auto& doc = *parsed.document;
    iam::Result result = iam::evaluate(doc.request, doc.layers);
    if (format == "json") {
        std::cout << (several ? iam::result_json_line(name, doc.request, result)
                              : iam::result_json(doc.request, result));
    } else {
        if (several) std::cout << "== " << report::terminal_safe(name) << "\n";
        print_safe(iam::result_text(doc.request, result));
        if (errors) {
            std::cout << "Note: some policies or statements had errors and were left out; the "
                         "decision is for the rest.\n";
        }
    }
    return errors;
}

}  // namespace

int run_iam_eval(const IamEvalCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    // A document that cannot be evaluated is reported on stderr and the others still are: one
    // broken file in a batch does not hide the rest. The exit code says some had errors.
    bool several = cmd.files.size() > 1;
    bool errors = false;
    for (std::size_t i = 0; i < cmd.files.size(); ++i) {
        if (several && cmd.format == "text" && i > 0) std::cout << "\n";
        auto one = eval_one(cmd.files[i], cmd.format, several);
        errors = errors || !one || *one;
    }
    return errors ? kExitUsage : kExitClean;
}

int run_iam_validate(const IamValidateCommand& cmd) {
    static constexpr std::pair<std::string_view, iam::PolicyKind> kKinds[] = {
        {"identity", iam::PolicyKind::kIdentity},
        {"resource", iam::PolicyKind::kResource},
        {"trust", iam::PolicyKind::kTrust},
        {"scp", iam::PolicyKind::kScp}};
    std::optional<iam::PolicyKind> forced;
    if (cmd.kind != "auto") {
        for (const auto& [name, kind] : kKinds) {
            if (cmd.kind == name) forced = kind;
        }
        if (!forced) {
            std::cerr << "wasp: unknown policy kind '" << cmd.kind
                      << "' (auto, identity, resource, trust or scp)\n";
            return kExitUsage;
        }
    }
    const iam::Catalog& catalog = iam::Catalog::builtin();
    std::size_t errors = 0, warnings = 0;
    for (const auto& f : cmd.files) {
        std::string name = f.string();
        auto text = core::read_file(f, kMaxDocumentBytes);
        if (!text) {
            std::cerr << "wasp: " << name << ": " << text.error() << "\n";
            ++errors;
            continue;
        }
        auto parsed = iam::parse_policy_text(*text, "", name);
        for (const auto& d : parsed.diagnostics) {
            std::cout << report::terminal_safe(d.str()) << "\n";
            (d.level == core::DiagLevel::kError ? errors : warnings) += 1;
        }
        if (!parsed.policy) continue;
        // A policy with a Principal is resource-based, unless it only assumes roles (a trust
        // policy).
        iam::PolicyKind kind = iam::PolicyKind::kIdentity;
        if (forced) {
            kind = *forced;
        } else {
            bool principal = false, assume_only = true;
            for (const auto& s : parsed.policy->statements) {
                principal = principal || s.has_principal;
                for (const auto& a : s.actions) assume_only = assume_only && a.starts_with("sts:");
            }
            if (principal)
                kind = assume_only ? iam::PolicyKind::kTrust : iam::PolicyKind::kResource;
        }
        for (const auto& issue : iam::validate_policy(*parsed.policy, kind, catalog)) {
            core::Diagnostic d{issue.level, issue.code, issue.message,
                               core::SourceLocation{name, issue.mark, {}}};
            std::cout << report::terminal_safe(d.str()) << "\n";
            (issue.level == core::DiagLevel::kError ? errors : warnings) += 1;
        }
    }
    std::cout << cmd.files.size() << (cmd.files.size() == 1 ? " policy" : " policies") << ": "
              << errors << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning" : " warnings") << " (action catalog "
              << catalog.source() << ")\n";
    return errors || (cmd.strict && warnings) ? kExitFindings : kExitClean;
}

namespace {

bool has_errors(const core::Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(), [](const core::Diagnostic& d) {
        return d.level == core::DiagLevel::kError;
    });
}

// "KEY=VALUE" pairs into the request's context; a key given twice holds a list.
bool apply_context(const std::vector<std::string>& pairs, iam::Request& r) {
    std::map<std::string, std::vector<std::string>> values;
    for (const auto& p : pairs) {
        auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "wasp: --context takes KEY=VALUE, not '" << p << "'\n";
            return false;
        }
        values[p.substr(0, eq)].push_back(p.substr(eq + 1));
    }
    for (auto& [k, v] : values) r.set_context(k, std::move(v));
    return true;
}

// The organization's side of a request: the keys it settles (unless --context gave them) and
// the RCP levels of the resource's account (the SCP levels come with the principal's layers).
void add_organization(const iam::Organization* org, iam::PrincipalLayers& pl, iam::Request& r) {
    if (org == nullptr) return;
    iam::set_org_context(*org, r);
    std::string account(iam::arn_account(r.resource));
    if (account.empty()) account = pl.principal.account;
    // RCPs do not restrict service-linked roles (as SCPs do not).
    if (!pl.principal.service_linked_role) {
        pl.layers.rcp_levels = iam::org_levels(*org, account, iam::OrgPolicyType::kRcp).levels;
    }
}

const iam::Organization* organization_of(const IamInputs& inputs) {
    return inputs.organization.empty() ? nullptr : &inputs.organization;
}

std::string decision_text(const iam::Result& r) {
    if (!r.conditional) return std::string(iam::to_string(r.decision));
    std::string s = "Conditional (";
    for (std::size_t i = 0; i < r.possible.size(); ++i) {
        s += (i ? " or " : "") + std::string(iam::to_string(r.possible[i]));
    }
    s += ", depending on";
    for (const auto& k : r.hinges_on) s += " " + k;
    return s + ")";
}

}  // namespace

int run_iam_analyze(const IamAnalyzeCommand& cmd) {
    auto severity = core::parse_severity(cmd.fail_on);
    if (!severity && cmd.fail_on != "none") {
        std::cerr << "wasp: --fail-on takes critical, high, medium, low, info or none\n";
        return kExitUsage;
    }
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    auto now = review_epoch(cmd.date);
    if (!now) {
        std::cerr << "wasp: --date takes YYYY-MM-DD\n";
        return kExitUsage;
    }
    IamInputs inputs = read_iam_paths(cmd.paths);
    print_diagnostics(inputs.diagnostics, true);
    if (inputs.empty()) {
        std::cerr << "wasp: no authorization-details export or credential report found\n";
        return kExitUsage;
    }
    iam::Analysis a = iam::analyze(inputs.analysis_input(*now));
    print_diagnostics(a.diagnostics, true);  // e.g. policies attached but missing from the export
    std::sort(a.findings.begin(), a.findings.end(), [](const auto& x, const auto& y) {
        return std::tie(x.severity, x.rule_id, x.resource) <
               std::tie(y.severity, y.rule_id, y.resource);
    });
    auto title = [&](const std::string& id) -> std::string {
        for (const auto& r : a.rules) {
            if (r.id == id) return r.title;
        }
        return {};
    };
    if (cmd.format == "json") {
        core::JsonWriter w(core::JsonWriter::Style::kPretty);
        w.begin_object();
        w.key("accounts");
        w.begin_array();
        for (const auto& id : inputs.accounts.account_ids) w.string(id);
        w.end_array();
        w.field("principals", static_cast<std::int64_t>(inputs.accounts.users.size() +
                                                        inputs.accounts.roles.size()));
        w.field("checks", static_cast<std::int64_t>(a.checks.size()));
        w.key("findings");
        w.begin_array();
        for (const auto& f : a.findings) {
            const auto& res = a.resources[f.resource];
            w.begin_object();
            w.field("rule_id", f.rule_id);
            w.field("title", title(f.rule_id));
            w.field("severity", core::to_string(f.severity));
            w.field("kind", res.kind);
            w.field("resource", res.id);
            w.field("message", f.message);
            w.field("file", f.location.file);
            w.field("line", static_cast<std::int64_t>(f.location.mark.line));
            w.field("fingerprint", f.fingerprint);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        std::cout << w.take() << "\n";
    } else {
        std::string last;
        for (const auto& f : a.findings) {
            if (f.rule_id != last) {
                std::cout << "\n"
                          << core::to_string(f.severity) << " " << f.rule_id << " "
                          << title(f.rule_id) << "\n";
                last = f.rule_id;
            }
            print_safe("  " + a.resources[f.resource].id + ": " + f.message);
        }
        std::size_t principals = inputs.accounts.users.size() + inputs.accounts.roles.size();
        std::cout << (a.findings.empty() ? "" : "\n") << a.findings.size()
                  << (a.findings.size() == 1 ? " finding" : " findings") << " from "
                  << a.checks.size() << " checks: " << inputs.accounts.account_ids.size()
                  << (inputs.accounts.account_ids.size() == 1 ? " account, " : " accounts, ")
                  << principals << " principals, " << inputs.accounts.policies.size()
                  << " managed policies, " << inputs.reports.size()
                  << (inputs.reports.size() == 1 ? " credential report" : " credential reports")
                  << "\n";
    }
    bool fail = severity && std::any_of(a.findings.begin(), a.findings.end(), [&](const auto& f) {
                    return core::at_least(f.severity, *severity);
                });
    if (has_errors(inputs.diagnostics)) return kExitUsage;
    return fail ? kExitFindings : kExitClean;
}

int run_iam_can(const IamCanCommand& cmd) {
    IamInputs inputs = read_iam_paths(cmd.inputs, cmd.orgs);
    print_diagnostics(inputs.diagnostics, true);
    if (inputs.authz_files == 0) {
        std::cerr << "wasp: --authz names no authorization-details export\n";
        return kExitUsage;
    }
    auto who = inputs.accounts.find(cmd.principal);
    if (!who) {
        std::cerr << "wasp: no user or role '" << report::terminal_safe(cmd.principal)
                  << "' in the export (a name that several accounts share needs the ARN)\n";
        return kExitUsage;
    }
    core::Diagnostics diags;
    iam::PrincipalLayers pl =
        iam::layers_for(inputs.accounts, *who, diags, cmd.session, organization_of(inputs));
    print_diagnostics(diags, true);
    iam::Request r;
    r.principal = pl.principal;
    r.action = cmd.action;
    r.resource = cmd.resource;
    r.open_context = !cmd.closed;
    if (!apply_context(cmd.context, r)) return kExitUsage;
    add_organization(organization_of(inputs), pl, r);
    std::deque<iam::Policy> owned;
    auto load_policy = [&](const std::filesystem::path& f) -> const iam::Policy* {
        auto text = core::read_file(f, kMaxDocumentBytes);
        if (!text) {
            std::cerr << "wasp: " << f.string() << ": " << text.error() << "\n";
            return nullptr;
        }
        auto parsed = iam::parse_policy_text(*text, f.filename().string(), f.string());
        print_diagnostics(parsed.diagnostics, true);
        if (!parsed.policy) return nullptr;
        owned.push_back(std::move(*parsed.policy));
        return &owned.back();
    };
    if (cmd.resource_policy) {
        pl.layers.resource = load_policy(*cmd.resource_policy);
        if (!pl.layers.resource) return kExitUsage;
    }
    // Assuming a role of the export: its trust policy is the resource policy, and must allow.
    if (!pl.layers.resource && text_starts_with_ci(cmd.action, "sts:AssumeRole")) {
        if (auto target = inputs.accounts.find(cmd.resource);
            target && target->kind == iam::PrincipalKind::kRole) {
            const auto& role = inputs.accounts.roles[target->index];
            if (role.trust_policy) {
                pl.layers.resource = role.trust_policy.get();
                pl.layers.resource_policy_required = true;
            }
        }
    }
    // SCP files given by hand stand for the organization's levels.
    if (!cmd.scps.empty()) pl.layers.scp_levels.clear();
    for (const auto& f : cmd.scps) {
        const iam::Policy* p = load_policy(f);
        if (!p) return kExitUsage;
        pl.layers.scp_levels.push_back({p});
    }
    iam::Result result = iam::evaluate(r, pl.layers);
    if (cmd.format == "json") {
        std::cout << iam::result_json(r, result);
    } else {
        print_safe(iam::result_text(r, result));
        if (!pl.missing_policies.empty()) {
            std::cout << "Note: " << pl.missing_policies.size()
                      << " attached managed policies are not in the export and were left out.\n";
        }
    }
    return kExitClean;
}

int run_iam_who_can(const IamWhoCanCommand& cmd) {
    IamInputs inputs = read_iam_paths(cmd.inputs, cmd.orgs);
    print_diagnostics(inputs.diagnostics, true);
    if (inputs.authz_files == 0) {
        std::cerr << "wasp: --authz names no authorization-details export\n";
        return kExitUsage;
    }
    struct Row {
        std::string arn;
        iam::Result result;
    };
    std::vector<Row> rows;
    auto consider = [&](iam::PrincipalRef ref, const std::string& arn) {
        core::Diagnostics ignored;
        iam::PrincipalLayers pl =
            iam::layers_for(inputs.accounts, ref, ignored, {}, organization_of(inputs));
        iam::Request r;
        r.principal = pl.principal;
        r.action = cmd.action;
        r.resource = cmd.resource;
        r.open_context = true;
        if (!apply_context(cmd.context, r)) return false;
        add_organization(organization_of(inputs), pl, r);
        iam::Result res = iam::evaluate(r, pl.layers);
        bool maybe = res.conditional ? std::find(res.possible.begin(), res.possible.end(),
                                                 iam::Decision::kAllowed) != res.possible.end()
                                     : res.decision == iam::Decision::kAllowed;
        if (maybe) rows.push_back({arn, std::move(res)});
        return true;
    };
    for (std::size_t i = 0; i < inputs.accounts.users.size(); ++i) {
        if (!consider({iam::PrincipalKind::kUser, i}, inputs.accounts.users[i].arn))
            return kExitUsage;
    }
    for (std::size_t i = 0; i < inputs.accounts.roles.size(); ++i) {
        if (!consider({iam::PrincipalKind::kRole, i}, inputs.accounts.roles[i].arn))
            return kExitUsage;
    }
    if (cmd.format == "json") {
        core::JsonWriter w(core::JsonWriter::Style::kPretty);
        w.begin_object();
        w.field("action", cmd.action);
        w.field("resource", cmd.resource);
        w.key("principals");
        w.begin_array();
        for (const auto& row : rows) {
            w.begin_object();
            w.field("principal", row.arn);
            w.field("decision", row.result.conditional ? "Conditional" : "Allowed");
            w.key("hinges_on");
            w.begin_array();
            for (const auto& k : row.result.hinges_on) w.string(k);
            w.end_array();
            w.field("reason", row.result.reason);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        std::cout << w.take() << "\n";
    } else {
        for (const auto& row : rows) {
            print_safe(row.arn + ": " + decision_text(row.result) + " - " + row.result.reason);
        }
        std::cout << rows.size() << (rows.size() == 1 ? " principal" : " principals") << " of "
                  << inputs.accounts.users.size() + inputs.accounts.roles.size() << " can "
                  << cmd.action << " on " << report::terminal_safe(cmd.resource) << "\n";
    }
    return kExitClean;
}

}  // namespace wasp::cli
