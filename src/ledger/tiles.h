// c2sp.org/tlog-tiles resource paths, tile sizes, and entry bundles.
//
// A tile at tile level L holds the tree nodes at tree level 8*L: tile (L, N) of width W holds
// nodes (8L, N*256 .. N*256+W-1). A full tile holds 256 hashes; the rightmost tile of a level
// may be partial, and its path then carries a ".p/<W>" suffix. Paths here never include the
// leading "/" or the log's URL prefix. Entry bundles (the "tile/entries/..." resources) are the
// entries of one level-0 tile, each as a big-endian uint16 length followed by its bytes.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga {

inline constexpr uint32_t kTileWidth = 256;           // hashes (or entries) in a full tile
inline constexpr int kTileHeight = 8;                 // tree levels spanned by one tile level
inline constexpr int kMaxTileLevel = 63;              // largest level ParseTilePath accepts
inline constexpr size_t kMaxBundleEntrySize = 65535;  // the uint16 length prefix's limit

// N as zero-padded 3-digit groups, all but the last prefixed 'x': 0 → "000",
// 1234 → "x001/234", 1234067 → "x001/x234/067".
std::string TileIndexPath(uint64_t n);
// "tile/<L>/<N>", or "tile/<L>/<N>.p/<W>" when 0 < width < 256 (a partial tile).
std::string TilePath(int level, uint64_t n, uint32_t width);
// "tile/entries/<N>", or "tile/entries/<N>.p/<W>" when 0 < width < 256.
std::string EntriesPath(uint64_t n, uint32_t width);

struct TileRef {
  bool entries;  // "tile/entries/..." (then level is 0)
  int level;
  uint64_t index;
  uint32_t width;  // 1..255 for a partial tile, 256 = full

  bool operator==(const TileRef&) const = default;
};

// Parses a path as produced by TilePath/EntriesPath (without the leading "/"), e.g.
// "tile/0/x001/234.p/7". Strict, so that each tile has exactly one path: rejects non-canonical
// index groups (wrong digit count, a leading "x000" group, missing or stray 'x'), levels with
// leading zeros or above kMaxTileLevel, widths outside 1..255 or with leading zeros, indexes
// that overflow uint64, and trailing junk. Errors are InvalidArgument.
Result<TileRef> ParseTilePath(std::string_view path);

// The number of hashes tile (level, n) holds in a tree of tree_size leaves: 256 if it is full,
// 1..255 if it is the partial rightmost tile, 0 if it does not exist (yet).
uint32_t TileWidth(int level, uint64_t n, uint64_t tree_size);
// The number of tiles, full or partial, at `level` for a tree of tree_size leaves.
uint64_t TileCount(int level, uint64_t tree_size);

// Concatenates (uint16 big-endian length || entry) for each entry. Every entry must be at most
// kMaxBundleEntrySize bytes; callers enforce that when accepting entries, and a longer one here
// is a bug that aborts the process rather than writing a bundle that would decode differently.
std::string EncodeEntryBundle(const std::vector<std::string>& entries);
// The inverse; InvalidArgument if the data ends inside a length prefix or an entry.
Result<std::vector<std::string>> DecodeEntryBundle(std::string_view bundle);

}  // namespace jirga
