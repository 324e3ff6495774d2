// Reading answers.yaml: the manual answers for what no file can show.
#include <charconv>

#include "core/parse.h"
#include "pillar/assess.h"

namespace wasp::pillar {

using core::DiagLevel;
using core::Node;

std::optional<long> days_from_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
        int v = 0;
        auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, v);
        if (ec != std::errc() || p != s.data() + pos + len) return std::nullopt;
        return v;
    };
    auto y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    if (*d > kDays[*m - 1] + (*m == 2 && leap ? 1 : 0)) return std::nullopt;
    // Days from civil (H. Hinnant's algorithm).
    long yy = *y - (*m <= 2 ? 1 : 0);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long mp = (*m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + *d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

AnswersFile parse_answers(std::string_view text, const std::string& file, const Catalog& catalog) {
    AnswersFile out;
    auto error = [&](std::string msg, core::Mark mark) {
        out.diagnostics.push_back({DiagLevel::kError, "answers-invalid", std::move(msg),
                                   core::SourceLocation{file, mark, {}}});
    };
    auto doc = core::parse_yaml(text);
    if (!doc) {
        out.diagnostics.push_back({DiagLevel::kError, "yaml-syntax", doc.error().message,
                                   core::SourceLocation{file, doc.error().mark, {}}});
        return out;
    }
    const Node& root = doc->root;
    const Node* list = root.is_mapping() ? root.get("answers") : nullptr;
    if (!list || !list->is_sequence()) {
        error("expected a mapping with an 'answers' list", root.mark());
        return out;
    }
    if (const Node* v = root.get("version"); v && v->text() != "1") {
        error("unsupported answers version " + v->text() + " (this build reads version 1)",
              v->mark());
        return out;
    }
    for (const auto& item : list->items()) {
        if (!item.is_mapping()) {
            error("an answer is a mapping with id, status, by, date", item.mark());
            continue;
        }
        auto text_of = [&](std::string_view key) {
            const Node* v = item.get(key);
            return v && v->is_scalar() ? v->text() : std::string();
        };
        Answer a;
        a.best_practice = text_of("id");
        a.location = core::SourceLocation{file, item.mark(), {}};
        if (!catalog.find_best_practice(a.best_practice)) {
            error("'" + a.best_practice + "' is not a best practice of catalog " + catalog.version,
                  item.get("id") ? item.get("id")->mark() : item.mark());
            continue;
        }
        std::string status = text_of("status");
        if (status == "met") {
            a.status = BpStatus::kMet;
        } else if (status == "not_met") {
            a.status = BpStatus::kNotMet;
        } else if (status == "not_applicable") {
            a.status = BpStatus::kNotApplicable;
        } else {
            error("status must be met, not_met or not_applicable",
                  item.get("status") ? item.get("status")->mark() : item.mark());
            continue;
        }
        a.by = text_of("by");
        a.date = text_of("date");
        a.evidence = text_of("evidence");
        a.note = text_of("note");
        if (a.by.empty()) {
            error("answer " + a.best_practice + " needs 'by': who answered", item.mark());
            continue;
        }
        if (!days_from_iso_date(a.date)) {
            error("answer " + a.best_practice + " needs 'date' as YYYY-MM-DD",
                  item.get("date") ? item.get("date")->mark() : item.mark());
            continue;
        }
        bool duplicate = false;
        for (const auto& prev : out.answers) duplicate |= prev.best_practice == a.best_practice;
        if (duplicate) {
            error("a second answer for " + a.best_practice + "; the first one is kept",
                  item.mark());
            continue;
        }
        out.answers.push_back(std::move(a));
    }
    return out;
}

}  // namespace wasp::pillar
