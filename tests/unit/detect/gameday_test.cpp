// Game days: the whole catalogue hidden in a benign background, scored against every rule and
// the anomaly models.
#include "detect/gameday.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace wasp::detect {
namespace {

const TechniqueOutcome* outcome(const GamedayReport& r, std::string_view id) {
    for (const auto& t : r.techniques) {
        if (t.id == id) return &t;
    }
    return nullptr;
}

bool has_rule(const TechniqueOutcome& t, std::string_view rule) {
    return std::find(t.rules.begin(), t.rules.end(), rule) != t.rules.end();
}

// The review's small game day (two benign days at 0.2 events/s). Every technique before it in
// the catalogue uses one of a few people's keys from the same two attacker /24s; the new-network
// technique is caught only if its network is still new for its victim when it runs.
GamedayOptions small_gameday() {
    GamedayOptions gd;
    gd.baseline_days = 2;
    gd.events_per_second = 0.2;
    return gd;
}

TEST(Gameday, NewNetworkIsCaughtByTheAnomalyModelsAfterTheWholeCatalogue) {
    core::Diagnostics diags;
    const GamedayReport r = run_gameday(DetectorOptions{}, small_gameday(), diags);
    for (const auto& d : diags) EXPECT_NE(d.level, core::DiagLevel::kError) << d.message;
    ASSERT_EQ(r.techniques.size(), techniques().size());
    const TechniqueOutcome* nn = outcome(r, "wasp.initial-access.new-network");
    ASSERT_NE(nn, nullptr);
    EXPECT_EQ(nn->events, 6u);
    EXPECT_TRUE(nn->detected);
    EXPECT_TRUE(has_rule(*nn, "WASP-ANOM-004")) << "new source network for a principal";
    EXPECT_EQ(nn->delay_ms, 0) << "its first record is the first from the network";
}

TEST(Gameday, WithoutTheAnomalyModelsANewNetworkGoesUnseen) {
    DetectorOptions options;
    options.anomalies = false;
    core::Diagnostics diags;
    const GamedayReport r = run_gameday(options, small_gameday(), diags);
    const TechniqueOutcome* nn = outcome(r, "wasp.initial-access.new-network");
    ASSERT_NE(nn, nullptr);
    EXPECT_FALSE(nn->detected) << "it makes ordinary calls with the principal's usual client";
    EXPECT_TRUE(nn->rules.empty());
    EXPECT_EQ(nn->delay_ms, -1);
}

}  // namespace
}  // namespace wasp::detect
