// A byte-bounded LRU cache of immutable full tiles.
#include "api/tile_cache.h"

namespace jirga::api {

std::shared_ptr<const std::string> TileCache::Get(const Key& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.position);
  return it->second.data;
}

void TileCache::Put(const Key& key, std::shared_ptr<const std::string> data) {
  if (data == nullptr || data->size() > max_bytes_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.count(key) != 0) return;  // another thread cached it meanwhile; same bytes
  lru_.push_front(key);
  bytes_ += data->size();
  entries_.emplace(key, Entry{std::move(data), lru_.begin()});
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.data->size();
    entries_.erase(victim);
    lru_.pop_back();
  }
}

size_t TileCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace jirga::api
