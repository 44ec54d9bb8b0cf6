// TileCache: full tiles and entry bundles kept in memory, least recently used evicted first.
//
// A full tile (width 256) never changes once it exists (c2sp.org/tlog-tiles), so a cached copy is
// always right; partial tiles are not cached. The cache is bounded by the bytes it holds.
// Thread safety: all methods may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace jirga::api {

class TileCache {
 public:
  // (entries?, level, index) of a full tile.
  using Key = std::tuple<bool, int, uint64_t>;

  explicit TileCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached bytes, or nullptr.
  std::shared_ptr<const std::string> Get(const Key& key);
  // Caches `data` (a full tile), evicting the least recently used ones to stay within the budget.
  void Put(const Key& key, std::shared_ptr<const std::string> data);

  size_t bytes() const;

 private:
  struct Entry {
    std::shared_ptr<const std::string> data;
    std::list<Key>::iterator position;  // in lru_
  };

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;  // guarded by mutex_
  std::list<Key> lru_;            // guarded by mutex_; most recently used first
  size_t bytes_ = 0;              // guarded by mutex_
};

}  // namespace jirga::api
