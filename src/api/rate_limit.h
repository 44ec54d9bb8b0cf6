// RateLimiter: token buckets per client key (an IP address), for the endpoints where one
// request costs the server far more than it costs the client — the authentication exchange
// verifies an Ed25519 signature for anyone who asks.
//
// Each key has a bucket of `burst` tokens refilled at `per_second`; a request takes one. At most
// `max_keys` buckets are kept: when that many exist, full (idle) buckets are dropped first, and
// if none is idle the oldest-touched bucket goes, so a flood from many addresses costs bounded
// memory (and at worst lets an evicted address start again from a full bucket).
//
// Thread safety: all methods may be called concurrently. The clock is borrowed.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"

namespace jirga::api {

class RateLimiter {
 public:
  // per_second <= 0 disables limiting (Acquire always succeeds).
  RateLimiter(Clock* clock, double per_second, double burst, size_t max_keys = 65536);

  // 0 if a token was taken; otherwise how many microseconds until one will be available (> 0).
  int64_t Acquire(std::string_view key);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_micros = 0;
  };
  void Evict(int64_t now);  // with mu_ held

  // Constant after construction.
  Clock* const clock_;
  const double per_second_;
  const double burst_;
  const size_t max_keys_;

  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace jirga::api
