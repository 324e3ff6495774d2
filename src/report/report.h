// Every output format of a review: text, JSON, HTML, SARIF, JUnit XML, Markdown and OCSF.
//
// Rendering is a pure function of the review: the same Review gives byte-identical output, and
// the only time in any output is Review::generated_at.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "pillar/review.h"

namespace wasp::report {

// kGithub: GitHub Actions workflow commands (::error file=...,line=...::message), one a finding.
// kOcsf: OCSF Detection Findings as JSON lines, one a finding.
enum class Format { kText, kJson, kHtml, kSarif, kJunit, kMarkdown, kGithub, kOcsf };

// "text", "json", "html", "sarif", "junit", "markdown" (also "md"), "github", "ocsf"; nullopt
// otherwise.
[[nodiscard]] std::optional<Format> parse_format(std::string_view name);
[[nodiscard]] std::string_view to_string(Format f);
// File extension with its dot: ".txt", ".json", ".html", ".sarif", ".xml", ".md", ".github.txt",
// ".ocsf.jsonl".
[[nodiscard]] std::string_view extension(Format f);

struct RenderOptions {
    std::size_t plan_items = 5;  // plan items in the short formats (text, markdown)
    bool color = false;          // ANSI colours in the text format
    // The text format lists findings (for wasp scan) instead of the pillar summary.
    bool findings_only = false;
};

[[nodiscard]] std::string render(const pillar::Review& review,
                                 Format format,
                                 const RenderOptions& options = {});

}  // namespace wasp::report
