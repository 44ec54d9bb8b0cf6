// Tests for tlog-tiles paths, tile widths and counts, and entry bundles.
#include "ledger/tiles.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "testing/shared_data.h"

namespace jirga {
namespace {

constexpr char kVectorsFile[] = "vectors/c2sp-format-examples.json";

TEST(TilePaths, IndexPathsMatchC2spVectors) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  const Json& cases = v->at("tile_path_vectors_derived_here").at("cases");
  ASSERT_GE(cases.size(), 5u);
  for (const auto& [n, want] : cases.items()) {
    EXPECT_EQ(TileIndexPath(std::stoull(n)), want.get<std::string>()) << n;
  }
}

TEST(TilePaths, IndexPathsGroupDigitsInThrees) {
  EXPECT_EQ(TileIndexPath(0), "000");
  EXPECT_EQ(TileIndexPath(7), "007");
  EXPECT_EQ(TileIndexPath(999), "999");
  EXPECT_EQ(TileIndexPath(1000), "x001/000");
  EXPECT_EQ(TileIndexPath(1234), "x001/234");
  EXPECT_EQ(TileIndexPath(1234067), "x001/x234/067");
  EXPECT_EQ(TileIndexPath(std::numeric_limits<uint64_t>::max()),
            "x018/x446/x744/x073/x709/x551/615");
}

TEST(TilePaths, FullAndPartialTilesAndEntryBundles) {
  EXPECT_EQ(TilePath(0, 1234067, 256), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath(0, 1234067, 0), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath(2, 5, 17), "tile/2/005.p/17");
  EXPECT_EQ(TilePath(1, 1234, 255), "tile/1/x001/234.p/255");
  EXPECT_EQ(EntriesPath(273, 112), "tile/entries/273.p/112");
  EXPECT_EQ(EntriesPath(48, 256), "tile/entries/048");
}

TEST(TilePaths, ParseRoundTripsEveryFormattedPath) {
  const std::vector<uint64_t> indexes = {
      0,      1,       999,     1000,     1234,
      999999, 1000000, 1234067, 1u << 31, std::numeric_limits<uint64_t>::max()};
  for (uint64_t n : indexes) {
    for (uint32_t width : {1u, 112u, 255u, 256u}) {
      for (int level : {0, 1, 9, 63}) {
        const std::string path = TilePath(level, n, width);
        Result<TileRef> ref = ParseTilePath(path);
        ASSERT_TRUE(ref.ok()) << path << ": " << ref.status().ToString();
        EXPECT_EQ(*ref, (TileRef{false, level, n, width})) << path;
      }
      const std::string path = EntriesPath(n, width);
      Result<TileRef> ref = ParseTilePath(path);
      ASSERT_TRUE(ref.ok()) << path << ": " << ref.status().ToString();
      EXPECT_EQ(*ref, (TileRef{true, 0, n, width})) << path;
    }
  }
}

TEST(TilePaths, ParseRejectsMalformedPaths) {
  const std::vector<std::string> bad = {
      "",
      "tile",
      "tile/",
      "/tile/0/000",  // leading slash is the caller's to strip
      "tiles/0/000",
      "tile/0",
      "tile/0/",
      "tile/00/000",  // non-canonical level
      "tile/01/000",
      "tile/64/000",  // level too large
      "tile/-1/000",
      "tile/+1/000",
      "tile/99999999999999999999999/000",
      "tile/a/000",
      "tile/0/0",  // groups must have three digits
      "tile/0/00",
      "tile/0/0000",
      "tile/0/1",
      "tile/0/x1/000",
      "tile/0/x0001/000",
      "tile/0/x001/23",
      "tile/0/x000/001",  // leading zero group
      "tile/0/x000/x001/000",
      "tile/0/001/000",  // missing 'x' on a non-final group
      "tile/0/x001",     // 'x' on the final group
      "tile/0/x001/",
      "tile/0/x001/x234",
      "tile/0/X001/234",
      "tile/0/xx001/234",
      "tile/0/x019/x000/x000/x000/x000/x000/000",  // > 2^64 - 1
      "tile/0/x018/x446/x744/x073/x709/x551/616",  // 2^64
      "tile/0/x001/x000/x000/x000/x000/x000/x000/000",
      "tile/0/000.p/0",    // width 0
      "tile/0/000.p/256",  // a full tile has no .p suffix
      "tile/0/000.p/300",
      "tile/0/000.p/007",  // non-canonical width
      "tile/0/000.p/",
      "tile/0/000.p",
      "tile/0/000.P/7",
      "tile/0/000p/7",
      "tile/0/000.p/7/",  // trailing junk
      "tile/0/000.p/7x",
      "tile/0/000.p/7.p/7",
      "tile/0/000/",
      "tile/0/000 ",
      "tile/0/000\n",
      "tile/0/000?x=1",
      "tile/0/000/001",
      "tile/entries/",
      "tile/entries/7",
      "tile/entries/x000/007",
      "tile/entries/000.p/0",
      "tile/entry/000",
      "tile/entries0/000",
      "tile/0/entries/000",
  };
  for (const std::string& path : bad) {
    Result<TileRef> ref = ParseTilePath(path);
    EXPECT_FALSE(ref.ok()) << "accepted \"" << path << "\"";
    if (!ref.ok()) {
      EXPECT_EQ(ref.status().code(), StatusCode::kInvalidArgument) << path;
    }
  }
  // An embedded NUL must not end the path early.
  EXPECT_FALSE(ParseTilePath(std::string_view("tile/0/000\0", 11)).ok());
}

TEST(TileWidths, MatchC2spTileCountVectors) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  // The vectors are prose; pin that they are the cases spelled out below.
  const Json& cases = v->at("tile_count_vectors").at("from_spec");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].at("tree_size").get<uint64_t>(), 70000u);
  EXPECT_EQ(cases[0].at("tiles").get<std::string>(),
            "273 full level-0, partial level-0 width 112, 1 full level-1, partial level-1 width "
            "17, partial level-2 width 1");
  EXPECT_EQ(cases[1].at("tree_size").get<uint64_t>(), 256u);
  EXPECT_EQ(cases[1].at("tiles").get<std::string>(),
            "1 full level-0 tile, partial level-1 tile width 1");

  // 70000 leaves.
  EXPECT_EQ(TileCount(0, 70000), 274u);
  for (uint64_t n = 0; n < 273; ++n) ASSERT_EQ(TileWidth(0, n, 70000), 256u) << n;
  EXPECT_EQ(TileWidth(0, 273, 70000), 112u);
  EXPECT_EQ(TileWidth(0, 274, 70000), 0u);
  EXPECT_EQ(TileCount(1, 70000), 2u);
  EXPECT_EQ(TileWidth(1, 0, 70000), 256u);
  EXPECT_EQ(TileWidth(1, 1, 70000), 17u);
  EXPECT_EQ(TileWidth(1, 2, 70000), 0u);
  EXPECT_EQ(TileCount(2, 70000), 1u);
  EXPECT_EQ(TileWidth(2, 0, 70000), 1u);
  EXPECT_EQ(TileCount(3, 70000), 0u);
  EXPECT_EQ(TileWidth(3, 0, 70000), 0u);

  // 256 leaves.
  EXPECT_EQ(TileCount(0, 256), 1u);
  EXPECT_EQ(TileWidth(0, 0, 256), 256u);
  EXPECT_EQ(TileWidth(0, 1, 256), 0u);
  EXPECT_EQ(TileCount(1, 256), 1u);
  EXPECT_EQ(TileWidth(1, 0, 256), 1u);
  EXPECT_EQ(TileCount(2, 256), 0u);
}

TEST(TileWidths, EdgeSizes) {
  EXPECT_EQ(TileCount(0, 0), 0u);
  EXPECT_EQ(TileWidth(0, 0, 0), 0u);
  EXPECT_EQ(TileCount(0, 1), 1u);
  EXPECT_EQ(TileWidth(0, 0, 1), 1u);
  EXPECT_EQ(TileCount(1, 255), 0u);
  EXPECT_EQ(TileCount(0, 512), 2u);
  EXPECT_EQ(TileWidth(0, 1, 512), 256u);
  EXPECT_EQ(TileWidth(0, 2, 512), 0u);
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  // Tile level 7 holds tree level 56; levels 8 and beyond are beyond any uint64 tree.
  EXPECT_EQ(TileCount(7, max), 1u);
  EXPECT_EQ(TileWidth(7, 0, max), 255u);
  EXPECT_EQ(TileCount(8, max), 0u);
  EXPECT_EQ(TileWidth(8, 0, max), 0u);
  EXPECT_EQ(TileCount(63, max), 0u);
  EXPECT_EQ(TileCount(-1, max), 0u);
  EXPECT_EQ(TileWidth(0, max, max), 0u);
  EXPECT_EQ(TileCount(0, max), (max >> 8) + 1);
}

TEST(TileWidths, AgreeWithANodeByNodeCount) {
  // Tile (L, N) of width W holds tree nodes (8L, N*256 .. N*256+W-1): for every size, the widths
  // must add up to the number of full nodes at tree level 8L and tile only the last partially.
  for (uint64_t size : {0ull, 1ull, 255ull, 256ull, 257ull, 65535ull, 65536ull, 65537ull, 70000ull,
                        16777216ull + 65536ull * 3 + 5}) {
    for (int level = 0; level < 4; ++level) {
      const uint64_t nodes = size >> (8 * level);
      const uint64_t count = TileCount(level, size);
      uint64_t total = 0;
      for (uint64_t n = 0; n < count; ++n) {
        const uint32_t w = TileWidth(level, n, size);
        ASSERT_GT(w, 0u);
        if (n + 1 < count) {
          ASSERT_EQ(w, 256u);
        }
        total += w;
      }
      EXPECT_EQ(total, nodes) << "size " << size << " level " << level;
      EXPECT_EQ(TileWidth(level, count, size), 0u);
    }
  }
}

TEST(EntryBundles, RoundTrip) {
  std::vector<std::string> entries = {"", "a", std::string(300, 'x'), std::string(65535, '\xff'),
                                      std::string("nul\0inside", 10)};
  const std::string bundle = EncodeEntryBundle(entries);
  EXPECT_EQ(bundle.size(), 2 * entries.size() + 0 + 1 + 300 + 65535 + 10);
  EXPECT_EQ(bundle.substr(0, 5), std::string("\x00\x00\x00\x01"
                                             "a",
                                             5));
  EXPECT_EQ(bundle.substr(5, 2), "\x01\x2c");  // 300, big-endian
  Result<std::vector<std::string>> decoded = DecodeEntryBundle(bundle);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, entries);

  EXPECT_EQ(EncodeEntryBundle({}), "");
  Result<std::vector<std::string>> none = DecodeEntryBundle("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(EntryBundles, TruncatedBundleIsRejected) {
  const std::string bundle = EncodeEntryBundle({"first entry", "second", "x"});
  // Every proper prefix that does not end on an entry boundary is a truncation.
  const std::vector<size_t> boundaries = {0, 13, 21, 24};
  for (size_t len = 0; len < bundle.size(); ++len) {
    Result<std::vector<std::string>> r = DecodeEntryBundle(std::string_view(bundle).substr(0, len));
    bool boundary = false;
    for (size_t b : boundaries) boundary |= (b == len);
    EXPECT_EQ(r.ok(), boundary) << "prefix of " << len << " bytes";
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
  EXPECT_FALSE(DecodeEntryBundle(std::string("\x00\x05"
                                             "abcd",
                                             6))
                   .ok());
  EXPECT_FALSE(DecodeEntryBundle(std::string("\x00", 1)).ok());
}

}  // namespace
}  // namespace jirga
