// Scenarios for RateLimiter: bursts, refill at the configured rate, independent clients, a
// clock stepping back, bounded memory.
#include "api/rate_limit.h"

#include <gtest/gtest.h>

#include <string>

namespace jirga::api {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST(RateLimiter, ABurstPassesThenRequestsWaitForTheRefill) {
  FakeClock clock(1000 * kSecond);
  RateLimiter limiter(&clock, /*per_second=*/4, /*burst=*/10);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.Acquire("10.0.0.1"), 0) << i;
  // Empty: one token comes back after 1/4 s.
  EXPECT_EQ(limiter.Acquire("10.0.0.1"), kSecond / 4);
  clock.Advance(kSecond / 8);
  EXPECT_EQ(limiter.Acquire("10.0.0.1"), kSecond / 8);
  clock.Advance(kSecond / 8);
  EXPECT_EQ(limiter.Acquire("10.0.0.1"), 0);
  // Two seconds refill 8 tokens, not more than the burst ever.
  clock.Advance(2 * kSecond);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(limiter.Acquire("10.0.0.1"), 0) << i;
  EXPECT_GT(limiter.Acquire("10.0.0.1"), 0);
  clock.Advance(3600 * kSecond);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.Acquire("10.0.0.1"), 0) << i;
  EXPECT_GT(limiter.Acquire("10.0.0.1"), 0);
}

TEST(RateLimiter, ClientsHaveTheirOwnBuckets) {
  FakeClock clock(0);
  RateLimiter limiter(&clock, 1, 2);
  EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("a"), 0);
  EXPECT_GT(limiter.Acquire("a"), 0);
  EXPECT_EQ(limiter.Acquire("b"), 0);
  EXPECT_EQ(limiter.Acquire("b"), 0);
  EXPECT_GT(limiter.Acquire("b"), 0);
}

TEST(RateLimiter, AClockSteppingBackRefillsNothing) {
  FakeClock clock(100 * kSecond);
  RateLimiter limiter(&clock, 1, 1);
  EXPECT_EQ(limiter.Acquire("a"), 0);
  clock.Set(50 * kSecond);
  EXPECT_GT(limiter.Acquire("a"), 0);
  clock.Set(51 * kSecond);
  EXPECT_EQ(limiter.Acquire("a"), 0);
}

TEST(RateLimiter, ZeroRateMeansUnlimited) {
  FakeClock clock(0);
  RateLimiter limiter(&clock, 0, 1);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Acquire("a"), 0);
}

TEST(RateLimiter, AFloodOfAddressesEvictsInsteadOfGrowingOrLockingOutOthers) {
  FakeClock clock(0);
  RateLimiter limiter(&clock, 1, 1, /*max_keys=*/100);
  // 10,000 addresses each take their one token: every one gets it (a new bucket is full), and
  // memory stays bounded by evicting the oldest busy buckets.
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(limiter.Acquire("10.1." + std::to_string(i)), 0) << i;
  }
  // The most recent addresses are still remembered as empty.
  EXPECT_GT(limiter.Acquire("10.1.9999"), 0);
  // Idle buckets are dropped first: after a second every bucket is full again.
  clock.Advance(kSecond);
  EXPECT_EQ(limiter.Acquire("new"), 0);
  EXPECT_GT(limiter.Acquire("new"), 0);
}

}  // namespace
}  // namespace jirga::api
