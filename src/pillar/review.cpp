// Small definitions of pillar/review.h.
#include "pillar/review.h"

#include <algorithm>

namespace wasp::pillar {

std::string_view to_string(BpStatus s) {
    switch (s) {
        case BpStatus::kMet:
            return "met";
        case BpStatus::kNotMet:
            return "not_met";
        case BpStatus::kNotApplicable:
            return "not_applicable";
        case BpStatus::kNeedsAnswer:
            return "needs_answer";
    }
    return "needs_answer";
}

std::string_view to_string(QuestionRisk r) {
    switch (r) {
        case QuestionRisk::kHigh:
            return "high";
        case QuestionRisk::kMedium:
            return "medium";
        case QuestionRisk::kNone:
            return "none";
        case QuestionRisk::kNeedsAnswers:
            return "needs_answers";
    }
    return "needs_answers";
}

std::string_view to_string(Risk r) {
    switch (r) {
        case Risk::kHigh:
            return "high";
        case Risk::kMedium:
            return "medium";
        case Risk::kLow:
            return "low";
    }
    return "medium";
}

const core::RuleInfo* Review::find_rule(std::string_view id) const {
    auto it =
        std::lower_bound(rules.begin(), rules.end(), id,
                         [](const core::RuleInfo& r, std::string_view k) { return r.id < k; });
    return it != rules.end() && it->id == id ? &*it : nullptr;
}

}  // namespace wasp::pillar
