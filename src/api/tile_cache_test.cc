// Scenarios for the tile cache: hits, the byte budget, least-recently-used eviction.
#include "api/tile_cache.h"

#include <gtest/gtest.h>

namespace jirga::api {
namespace {

std::shared_ptr<const std::string> Bytes(size_t n, char c) {
  return std::make_shared<const std::string>(n, c);
}

TEST(TileCache, ReturnsWhatWasPutAndNothingElse) {
  TileCache cache(1000);
  EXPECT_EQ(cache.Get({false, 0, 1}), nullptr);
  cache.Put({false, 0, 1}, Bytes(100, 'a'));
  ASSERT_NE(cache.Get({false, 0, 1}), nullptr);
  EXPECT_EQ(*cache.Get({false, 0, 1}), std::string(100, 'a'));
  EXPECT_EQ(cache.Get({true, 0, 1}), nullptr);   // the entry bundle is another key
  EXPECT_EQ(cache.Get({false, 1, 1}), nullptr);  // so is another level
}

TEST(TileCache, EvictsTheLeastRecentlyUsedToStayWithinItsBudget) {
  TileCache cache(300);
  cache.Put({false, 0, 1}, Bytes(100, '1'));
  cache.Put({false, 0, 2}, Bytes(100, '2'));
  cache.Put({false, 0, 3}, Bytes(100, '3'));
  ASSERT_NE(cache.Get({false, 0, 1}), nullptr);  // 1 is now the most recently used
  cache.Put({false, 0, 4}, Bytes(100, '4'));     // over budget: 2 goes
  EXPECT_EQ(cache.Get({false, 0, 2}), nullptr);
  EXPECT_NE(cache.Get({false, 0, 1}), nullptr);
  EXPECT_NE(cache.Get({false, 0, 3}), nullptr);
  EXPECT_NE(cache.Get({false, 0, 4}), nullptr);
  EXPECT_EQ(cache.bytes(), 300u);
  cache.Put({false, 0, 5}, Bytes(301, '5'));  // larger than the whole budget: not cached
  EXPECT_EQ(cache.Get({false, 0, 5}), nullptr);
  EXPECT_EQ(cache.bytes(), 300u);
}

}  // namespace
}  // namespace jirga::api
