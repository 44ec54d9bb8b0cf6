// c2sp.org/tlog-tiles path formatting and strict parsing, tile widths, and entry bundles.
#include "ledger/tiles.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace jirga {
namespace {

constexpr std::string_view kTilePrefix = "tile/";
constexpr std::string_view kEntriesDir = "entries/";
constexpr std::string_view kPartialMarker = ".p/";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string PartialSuffix(uint32_t width) {
  if (width == 0 || width >= kTileWidth) return "";
  return std::string(kPartialMarker) + std::to_string(width);
}

Status BadPath(std::string_view path, std::string_view why) {
  return InvalidArgument("malformed tile path \"" + std::string(path) + "\": " + std::string(why));
}

// Consumes a canonical decimal (no sign, no leading zeros except "0" itself) that is at most
// `max` from the front of `s`. Returns false without a usable value otherwise.
bool ConsumeCanonicalDecimal(std::string_view& s, uint64_t max, uint64_t* out) {
  size_t len = 0;
  while (len < s.size() && IsDigit(s[len])) ++len;
  if (len == 0 || (len > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i) {
    const uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (max - d) / 10) return false;
    v = v * 10 + d;
  }
  s.remove_prefix(len);
  *out = v;
  return true;
}

// Consumes exactly three digits.
bool ConsumeGroup(std::string_view& s, uint64_t* out) {
  if (s.size() < 3 || !IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2])) return false;
  *out = static_cast<uint64_t>((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
  s.remove_prefix(3);
  return true;
}

// The number of nodes at tree level 8*level in a tree of tree_size leaves.
uint64_t NodesAtTileLevel(int level, uint64_t tree_size) {
  // Levels at or beyond 8 start at tree level 64 or higher, which no uint64 size reaches (and
  // shifting by >= 64 would be undefined).
  if (level < 0 || level >= 64 / kTileHeight) return 0;
  return tree_size >> (level * kTileHeight);
}

}  // namespace

std::string TileIndexPath(uint64_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03u", static_cast<unsigned>(n % 1000));
  std::string out = buf;
  for (n /= 1000; n > 0; n /= 1000) {
    std::snprintf(buf, sizeof buf, "x%03u/", static_cast<unsigned>(n % 1000));
    out.insert(0, buf);
  }
  return out;
}

std::string TilePath(int level, uint64_t n, uint32_t width) {
  return std::string(kTilePrefix) + std::to_string(level) + "/" + TileIndexPath(n) +
         PartialSuffix(width);
}

std::string EntriesPath(uint64_t n, uint32_t width) {
  return std::string(kTilePrefix) + std::string(kEntriesDir) + TileIndexPath(n) +
         PartialSuffix(width);
}

Result<TileRef> ParseTilePath(std::string_view path) {
  std::string_view s = path;
  if (!s.starts_with(kTilePrefix)) return BadPath(path, "does not start with \"tile/\"");
  s.remove_prefix(kTilePrefix.size());

  TileRef ref{.entries = false, .level = 0, .index = 0, .width = kTileWidth};
  if (s.starts_with(kEntriesDir)) {
    ref.entries = true;
    s.remove_prefix(kEntriesDir.size());
  } else {
    uint64_t level = 0;
    if (!ConsumeCanonicalDecimal(s, kMaxTileLevel, &level)) return BadPath(path, "bad level");
    if (!s.starts_with('/')) return BadPath(path, "expected '/' after the level");
    s.remove_prefix(1);
    ref.level = static_cast<int>(level);
  }

  // Index: ("x" DDD "/")* DDD. Overflow is checked per group, and a leading "x000" group is
  // refused because the same number would then have two spellings.
  uint64_t index = 0;
  bool first = true;
  while (true) {
    const bool prefixed = s.starts_with('x');
    if (prefixed) s.remove_prefix(1);
    uint64_t group = 0;
    if (!ConsumeGroup(s, &group)) return BadPath(path, "index groups must be three digits");
    if (index > (std::numeric_limits<uint64_t>::max() - group) / 1000) {
      return BadPath(path, "index overflows 64 bits");
    }
    index = index * 1000 + group;
    if (!prefixed) break;
    if (first && group == 0) return BadPath(path, "index has a leading zero group");
    if (!s.starts_with('/')) return BadPath(path, "expected '/' after an 'x' group");
    s.remove_prefix(1);
    first = false;
  }
  ref.index = index;

  if (!s.empty()) {
    if (!s.starts_with(kPartialMarker)) return BadPath(path, "trailing characters after index");
    s.remove_prefix(kPartialMarker.size());
    uint64_t width = 0;
    if (!ConsumeCanonicalDecimal(s, kTileWidth - 1, &width) || width == 0) {
      return BadPath(path, "partial width must be 1..255 without leading zeros");
    }
    if (!s.empty()) return BadPath(path, "trailing characters after width");
    ref.width = static_cast<uint32_t>(width);
  }
  return ref;
}

uint32_t TileWidth(int level, uint64_t n, uint64_t tree_size) {
  const uint64_t nodes = NodesAtTileLevel(level, tree_size);
  const uint64_t full_tiles = nodes / kTileWidth;
  if (n < full_tiles) return kTileWidth;
  if (n == full_tiles) return static_cast<uint32_t>(nodes % kTileWidth);
  return 0;
}

uint64_t TileCount(int level, uint64_t tree_size) {
  const uint64_t nodes = NodesAtTileLevel(level, tree_size);
  return nodes / kTileWidth + (nodes % kTileWidth != 0 ? 1 : 0);
}

std::string EncodeEntryBundle(const std::vector<std::string>& entries) {
  size_t total = 0;
  for (const std::string& e : entries) total += 2 + e.size();
  std::string out;
  out.reserve(total);
  for (const std::string& e : entries) {
    if (e.size() > kMaxBundleEntrySize) {
      std::fprintf(stderr, "jirga: fatal: entry of %zu bytes does not fit an entry bundle\n",
                   e.size());
      std::abort();
    }
    out.push_back(static_cast<char>(e.size() >> 8));
    out.push_back(static_cast<char>(e.size() & 0xff));
    out.append(e);
  }
  return out;
}

Result<std::vector<std::string>> DecodeEntryBundle(std::string_view bundle) {
  std::vector<std::string> entries;
  while (!bundle.empty()) {
    if (bundle.size() < 2) {
      return InvalidArgument("entry bundle truncated inside the length of entry " +
                             std::to_string(entries.size()));
    }
    const size_t len = static_cast<size_t>(static_cast<unsigned char>(bundle[0])) << 8 |
                       static_cast<unsigned char>(bundle[1]);
    bundle.remove_prefix(2);
    if (bundle.size() < len) {
      return InvalidArgument("entry bundle truncated inside entry " +
                             std::to_string(entries.size()) + " (" + std::to_string(len) +
                             " bytes declared, " + std::to_string(bundle.size()) + " left)");
    }
    entries.emplace_back(bundle.substr(0, len));
    bundle.remove_prefix(len);
  }
  return entries;
}

}  // namespace jirga
