#include "pillar/catalog.h"

#include <set>

#include <gtest/gtest.h>

namespace wasp::pillar {
namespace {

TEST(Catalog, ElevenQuestionsSixtyThreeBestPractices) {
    const Catalog& c = current_catalog();
    EXPECT_EQ(c.version, "2025.1");
    ASSERT_EQ(c.questions.size(), 11u);
    std::size_t bps = 0;
    std::set<std::string> ids;
    for (const auto& q : c.questions) {
        EXPECT_FALSE(q.title.empty());
        EXPECT_FALSE(q.description.empty());
        for (const auto& bp : q.best_practices) {
            ++bps;
            EXPECT_TRUE(bp.id.starts_with(q.id + "-BP")) << bp.id;
            EXPECT_FALSE(bp.choice_id.empty()) << bp.id;
            EXPECT_TRUE(bp.url.starts_with("https://docs.aws.amazon.com/")) << bp.id;
            EXPECT_FALSE(bp.guidance.empty()) << bp.id;
            EXPECT_TRUE(ids.insert(bp.id).second) << "duplicate " << bp.id;
        }
    }
    EXPECT_EQ(bps, 63u);
}

TEST(Catalog, FactsMatchThePillar) {
    const Catalog& c = current_catalog();
    const BestPractice* bp = c.find_best_practice("SEC08-BP02");
    ASSERT_NE(bp, nullptr);
    EXPECT_EQ(bp->title, "Enforce encryption at rest");
    EXPECT_EQ(bp->risk, Risk::kHigh);
    EXPECT_EQ(c.find_best_practice("SEC01-BP08")->risk, Risk::kLow);
    EXPECT_EQ(c.find_question("SEC10")->best_practices.size(), 8u);
    EXPECT_EQ(c.find_best_practice("SEC12-BP01"), nullptr);
    EXPECT_EQ(find_catalog("2025.1"), &c);
    EXPECT_EQ(find_catalog("1999"), nullptr);
}

}  // namespace
}  // namespace wasp::pillar
