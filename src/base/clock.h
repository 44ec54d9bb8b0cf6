// Clock: the one source of wall-clock time, behind an interface so tests use a fake.
//
// Implementations are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace jirga {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() const = 0;
};

// The process-wide real clock (never null, never freed).
Clock* SystemClock();

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t micros) : now_(micros) {}
  int64_t NowMicros() const override { return now_.load(); }
  void Set(int64_t micros) { now_.store(micros); }
  void Advance(int64_t micros) { now_.fetch_add(micros); }

 private:
  std::atomic<int64_t> now_;
};

// "2020-03-03T09:00:00Z" (seconds precision, always UTC).
std::string FormatRfc3339(int64_t micros);
// Parses "YYYY-MM-DDTHH:MM:SS[.frac]Z" with years 1900..2199. Returns microseconds since the epoch.
// Only the UTC designator "Z" is accepted, so one instant has one spelling up to the fraction.
Result<int64_t> ParseRfc3339(std::string_view text);

}  // namespace jirga
