// wasp iam: questions about IAM policies and principals (docs/iam.md).
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "core/file.h"
#include "iam/request_doc.h"
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

int run_iam_eval(const IamEvalCommand& cmd) {
    if (cmd.format != "text" && cmd.format != "json") {
        std::cerr << "wasp: unknown format '" << cmd.format << "' (text or json)\n";
        return kExitUsage;
    }
    std::string text;
    std::string name = cmd.file.string();
    if (name == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        name = "<stdin>";
    } else {
        auto read = core::read_file(cmd.file, kMaxDocumentBytes);
        if (!read) {
            std::cerr << "wasp: " << name << ": " << read.error() << "\n";
            return kExitUsage;
        }
        text = std::move(*read);
    }
    auto parsed = iam::parse_eval_document(text, name);
    bool errors = false;
    for (const auto& d : parsed.diagnostics) {
        std::cerr << report::terminal_safe(d.str()) << "\n";
        errors = errors || d.level == core::DiagLevel::kError;
    }
    if (!parsed.document) return kExitUsage;
    const auto& doc = *parsed.document;
    iam::Result result = iam::evaluate(doc.request, doc.layers);
    if (cmd.format == "json") {
        std::cout << iam::result_json(doc.request, result);
    } else {
        print_safe(iam::result_text(doc.request, result));
        if (errors) {
            std::cout << "Note: some policies or statements had errors and were left out; the "
                         "decision is for the rest.\n";
        }
    }
    return errors ? kExitUsage : kExitClean;
}

}  // namespace wasp::cli
