// Format dispatch and the helpers every format shares.
#include "report/report.h"

#include <algorithm>
#include <utility>

#include "report/formats.h"

namespace wasp::report {

namespace {

struct FormatName {
    std::string_view name;
    Format format;
    std::string_view extension;
};

constexpr std::array<FormatName, 8> kFormats{{
    {"text", Format::kText, ".txt"},
    {"json", Format::kJson, ".json"},
    {"html", Format::kHtml, ".html"},
    {"sarif", Format::kSarif, ".sarif"},
    {"junit", Format::kJunit, ".xml"},
    {"markdown", Format::kMarkdown, ".md"},
    {"github", Format::kGithub, ".github.txt"},
    {"ocsf", Format::kOcsf, ".ocsf.jsonl"},
}};

const FormatName& entry(Format f) {
    for (const auto& e : kFormats) {
        if (e.format == f) return e;
    }
    return kFormats[0];
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
    if (name == "md") return Format::kMarkdown;
    for (const auto& e : kFormats) {
        if (e.name == name) return e.format;
    }
    return std::nullopt;
}

std::string_view to_string(Format f) { return entry(f).name; }

std::string_view extension(Format f) { return entry(f).extension; }

std::string render(const pillar::Review& review, Format format, const RenderOptions& options) {
    switch (format) {
        case Format::kText:
            return options.findings_only ? detail::render_findings_text(review, options)
                                         : detail::render_text(review, options);
        case Format::kJson:
            return detail::render_json(review);
        case Format::kHtml:
            return detail::render_html(review);
        case Format::kSarif:
            return detail::render_sarif(review);
        case Format::kJunit:
            return detail::render_junit(review);
        case Format::kMarkdown:
            return detail::render_markdown(review, options);
        case Format::kGithub:
            return detail::render_github(review);
        case Format::kOcsf:
            return detail::render_ocsf(review);
    }
    return detail::render_text(review, options);
}

namespace detail {

std::array<std::size_t, 5> findings_by_severity(const pillar::Review& review) {
    std::array<std::size_t, 5> n{};
    for (const auto& f : review.findings) {
        if (!f.suppression) ++n.at(static_cast<std::size_t>(f.severity));
    }
    return n;
}

std::size_t suppressed_findings(const pillar::Review& review) {
    return static_cast<std::size_t>(
        std::count_if(review.findings.begin(), review.findings.end(),
                      [](const auto& f) { return f.suppression.has_value(); }));
}

std::array<std::size_t, 3> diagnostics_by_level(const pillar::Review& review) {
    std::array<std::size_t, 3> n{};
    for (const auto& d : review.diagnostics) ++n.at(static_cast<std::size_t>(d.level));
    return n;
}

std::array<std::size_t, 5> checks_by_outcome(const pillar::Review& review) {
    std::array<std::size_t, 5> n{};
    for (const auto& c : review.checks) ++n.at(static_cast<std::size_t>(c.outcome));
    return n;
}

const core::Resource* resource_at(const pillar::Review& review, std::size_t index) {
    return index < review.resources.size() ? &review.resources[index] : nullptr;
}

std::string_view resource_label(const pillar::Review& review, std::size_t index) {
    const core::Resource* r = resource_at(review, index);
    if (!r) return "(workload)";
    // CDK users know their constructs, not the logical ids the CDK generated for them.
    return r->construct_path.empty() ? std::string_view(r->id)
                                     : std::string_view(r->construct_path);
}

const core::SourceLocation& location_of(const pillar::Review& review,
                                        const core::SourceLocation& own,
                                        std::size_t resource) {
    const core::Resource* r = resource_at(review, resource);
    if (r && !r->declared.file.empty()) return r->declared;
    if (!own.file.empty()) return own;
    return r && !r->location.file.empty() ? r->location : own;
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string file_line(const core::SourceLocation& location) {
    std::string out = location.file;
    if (!out.empty() && location.mark.line > 0) out += ':' + std::to_string(location.mark.line);
    return out;
}

std::string_view question_id(const pillar::QuestionResult& q) {
    return q.question ? std::string_view(q.question->id) : std::string_view();
}

std::string_view question_title(const pillar::QuestionResult& q) {
    return q.question ? std::string_view(q.question->title) : std::string_view();
}

std::string_view practice_title(const pillar::Review& review, std::string_view id) {
    if (review.catalog == nullptr) return {};
    const pillar::BestPractice* bp = review.catalog->find_best_practice(id);
    return bp ? std::string_view(bp->title) : std::string_view();
}

pillar::QuestionRisk overall_risk(const pillar::Review& review) {
    bool medium = false, needs_answers = false;
    for (const auto& q : review.questions) {
        switch (q.risk) {
            case pillar::QuestionRisk::kHigh:
                return pillar::QuestionRisk::kHigh;
            case pillar::QuestionRisk::kMedium:
                medium = true;
                break;
            case pillar::QuestionRisk::kNeedsAnswers:
                needs_answers = true;
                break;
            case pillar::QuestionRisk::kNone:
                break;
        }
    }
    if (medium) return pillar::QuestionRisk::kMedium;
    if (needs_answers) return pillar::QuestionRisk::kNeedsAnswers;
    return pillar::QuestionRisk::kNone;
}

FindingIndex::FindingIndex(const pillar::Review& review) : practices_(review.findings.size()) {
    auto add = [&](std::size_t finding, std::string_view practice) {
        auto& list = practices_[finding];
        if (std::find(list.begin(), list.end(), practice) == list.end()) {
            list.emplace_back(practice);
        }
    };
    std::map<std::pair<std::string_view, std::size_t>, std::vector<std::size_t>> by_check;
    for (std::size_t i = 0; i < review.findings.size(); ++i) {
        const core::Finding& f = review.findings[i];
        by_check[{f.rule_id, f.resource}].push_back(i);
        if (const core::RuleInfo* rule = review.find_rule(f.rule_id)) {
            for (const auto& bp : rule->best_practices) add(i, bp);
        }
    }
    for (const auto& q : review.questions) {
        for (const auto& bp : q.best_practices) {
            if (bp.practice == nullptr) continue;
            for (std::size_t c : bp.checks) {
                if (c >= review.checks.size()) continue;
                const core::CheckResult& check = review.checks[c];
                if (check.outcome != core::Outcome::kFail) continue;
                auto it = by_check.find({check.rule_id, check.resource});
                if (it == by_check.end()) continue;
                for (std::size_t f : it->second) add(f, bp.practice->id);
            }
        }
    }
    for (std::size_t i = 0; i < practices_.size(); ++i) {
        for (const auto& bp : practices_[i]) findings_[bp].push_back(i);
    }
}

const std::vector<std::size_t>& FindingIndex::findings_of(std::string_view practice) const {
    auto it = findings_.find(practice);
    return it == findings_.end() ? none_ : it->second;
}

const std::vector<std::string>& FindingIndex::practices_of(std::size_t finding) const {
    return practices_.at(finding);
}

}  // namespace detail

}  // namespace wasp::report
