// ISO 8601 times to and from milliseconds.
#include "core/time.h"

#include <gtest/gtest.h>

namespace wasp::core {
namespace {

TEST(Time, ParsesAndFormatsRoundTrip) {
    EXPECT_EQ(format_iso_time_ms(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_iso_time_ms(1714566896250), "2024-05-01T12:34:56.250Z");
    EXPECT_EQ(format_iso_time_ms(-1), "1969-12-31T23:59:59.999Z");
    for (std::int64_t ms : {0LL, 951782400000LL, 1709164800000LL, 4102444799999LL}) {
        EXPECT_EQ(parse_iso_time_ms(format_iso_time_ms(ms)), ms) << ms;
    }
}

TEST(Time, RejectsWhatIsNotATime) {
    EXPECT_FALSE(parse_iso_time_ms("2024-02-30T00:00:60+25:00x"));
    EXPECT_FALSE(parse_iso_time_ms("yesterday"));
    EXPECT_EQ(parse_iso_time_ms("2024-05-01 14:34:56+0200"), 1714566896000);
}

}  // namespace
}  // namespace wasp::core
