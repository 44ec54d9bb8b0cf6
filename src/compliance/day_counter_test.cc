// Scenarios for DayCounter: counts over day ranges as known on a day, with the cursor moved
// forward and back, items that end, and items that never count.
#include "compliance/day_counter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/fake_context.h"

namespace jirga::compliance {
namespace {

using ::testing::ElementsAre;

TEST(DayCounter, CountsWhatIsKnownOnTheDayWhicheverWayTheCursorMoves) {
  DayCounter c;
  c.Add(D("2020-03-01"), D("2020-03-02"));                      // known from the 2nd
  c.Add(D("2020-03-03"), D("2020-03-03"), D("2020-03-10"));     // retracted on the 10th
  c.Add(D("2020-03-05"), D("2020-03-20"));                      // reported late
  c.Add(D("2020-03-07"), D("2020-03-08"), D("2020-03-08"));     // ends as it starts: never
  c.Finish();
  EXPECT_EQ(c.size(), 3u);
  DayCounter::Cursor k(c);
  const Date dawn = D("1900-01-01"), end = D("2199-12-31");
  EXPECT_EQ(k.Count(dawn, end, D("2020-03-01")), 0);
  EXPECT_EQ(k.Count(dawn, end, D("2020-03-03")), 2);
  EXPECT_EQ(k.Count(D("2020-03-02"), D("2020-03-04"), D("2020-03-03")), 1);
  EXPECT_EQ(k.Count(dawn, end, D("2020-03-25")), 2);  // the 3rd retracted, the 5th known
  EXPECT_EQ(k.Count(dawn, D("2020-03-04"), D("2020-03-25")), 1);
  EXPECT_EQ(k.Count(dawn, end, D("2020-03-09")), 2);  // back again
  EXPECT_EQ(k.Count(dawn, end, D("2020-03-01")), 0);
  EXPECT_EQ(k.Count(D("2020-03-04"), D("2020-03-02"), D("2020-03-25")), 0);  // empty range
  EXPECT_THAT(c.Days(D("2020-03-02"), D("2020-03-31")), ElementsAre(D("2020-03-03"),
                                                                     D("2020-03-05")));
}

TEST(DayCounter, AnEmptyCounterCountsNothing) {
  DayCounter c;
  c.Finish();
  DayCounter::Cursor k(c);
  EXPECT_EQ(k.Count(D("2020-01-01"), D("2020-12-31"), D("2020-12-31")), 0);
  EXPECT_TRUE(c.Days(D("2020-01-01"), D("2020-12-31")).empty());
}

}  // namespace
}  // namespace jirga::compliance
