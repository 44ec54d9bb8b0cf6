// RateLimiter: per-key token buckets with bounded memory.
#include "api/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace jirga::api {

RateLimiter::RateLimiter(Clock* clock, double per_second, double burst, size_t max_keys)
    : clock_(clock),
      per_second_(per_second),
      burst_(std::max(1.0, burst)),
      max_keys_(std::max<size_t>(1, max_keys)) {}

int64_t RateLimiter::Acquire(std::string_view key) {
  if (per_second_ <= 0) return 0;
  const int64_t now = clock_->NowMicros();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Evict(now);
    it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  // A clock that steps back refills nothing rather than draining the bucket.
  const double elapsed = static_cast<double>(std::max<int64_t>(0, now - b.updated_micros)) / 1e6;
  b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
  b.updated_micros = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / per_second_ * 1e6)));
}

void RateLimiter::Evict(int64_t now) {
  auto oldest = buckets_.end();
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = static_cast<double>(std::max<int64_t>(0, now - it->second.updated_micros)) / 1e6;
    if (it->second.tokens + elapsed * per_second_ >= burst_) {
      it = buckets_.erase(it);  // idle: a new bucket would be the same
      continue;
    }
    if (oldest == buckets_.end() || it->second.updated_micros < oldest->second.updated_micros) {
      oldest = it;
    }
    ++it;
  }
  if (buckets_.size() >= max_keys_ && oldest != buckets_.end()) buckets_.erase(oldest);
}

}  // namespace jirga::api
