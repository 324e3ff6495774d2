// The Security Pillar catalog (questions and best practices), compiled in from data/pillar/.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace wasp::pillar {

// Risk of a best practice that is not established, as the pillar rates it.
enum class Risk { kHigh, kMedium, kLow };
[[nodiscard]] std::string_view to_string(Risk r);

struct BestPractice {
    std::string id;  // "SEC08-BP02"
    std::string title;
    Risk risk = Risk::kMedium;
    std::string choice_id;  // AWS Well-Architected Tool choice id
    std::string url;
    std::string description;
    std::string guidance;  // first concrete step to meet it
    std::string evidence;  // what shows it is met
};

struct Question {
    std::string id;  // "SEC08"
    std::string section;
    std::string wa_tool_question_id;
    std::string title;
    std::string description;
    std::vector<BestPractice> best_practices;
};

struct Catalog {
    std::string version;  // e.g. "2025.1"; recorded in every review
    std::string name;
    std::string source;
    std::vector<Question> questions;

    [[nodiscard]] const BestPractice* find_best_practice(std::string_view id) const;
    [[nodiscard]] const Question* find_question(std::string_view id) const;
};

// The catalogs compiled into this build, newest last.
[[nodiscard]] std::span<const Catalog> catalogs();
// The newest catalog, used for new reviews.
[[nodiscard]] const Catalog& current_catalog();
// A catalog by version, for reading old reviews; nullptr when this build does not have it.
[[nodiscard]] const Catalog* find_catalog(std::string_view version);

}  // namespace wasp::pillar
