// wasp iam: questions about IAM policies and principals (docs/iam.md).
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli/commands.h"
#include "core/file.h"
#include "iam/catalog.h"
#include "iam/request_doc.h"
#include "iam/validate.h"
#include "report/escape.h"

namespace wasp::cli {

namespace {

constexpr std::uintmax_t kMaxDocumentBytes = 64u << 20;

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
            if (principal) kind = assume_only ? iam::PolicyKind::kTrust : iam::PolicyKind::kResource;
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

}  // namespace wasp::cli
