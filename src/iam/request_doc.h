// The self-contained evaluation document of `wasp iam eval FILE` (docs/iam.md#wasp-iam-eval):
// one request and every layer of policy that applies to it, in one JSON object.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "iam/eval.h"

namespace wasp::iam {

struct EvalDocument {
    Request request;
    Layers layers;                // points into policies
    std::deque<Policy> policies;  // stable addresses
};

struct EvalDocumentParse {
    std::optional<EvalDocument> document;  // nullopt when the file cannot be used
    core::Diagnostics diagnostics;         // every problem, with file and position
};

[[nodiscard]] EvalDocumentParse parse_eval_document(std::string_view json, const std::string& file);

// The result as JSON (the output of `wasp iam eval -f json`).
[[nodiscard]] std::string result_json(const Request& request, const Result& result);
// The same as one compact line with a leading "file" member (`wasp iam eval -f json` of several
// documents prints JSON lines).
[[nodiscard]] std::string result_json_line(std::string_view file,
                                           const Request& request,
                                           const Result& result);
// The result for people: the decision, why, and the statements that applied.
[[nodiscard]] std::string result_text(const Request& request, const Result& result);

}  // namespace wasp::iam
