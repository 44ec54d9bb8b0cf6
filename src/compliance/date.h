// Date: a calendar day (UTC), the unit of time of the compliance engine and its condition
// language. Deadlines, troop declarations and sessions are dated by day; record times (instants)
// map to the day they fall on.
//
// Plain values; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace jirga::compliance {

// Days since 1970-01-01 (proleptic Gregorian, UTC).
struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};

// The range every date of a compliance record must lie in: 1900-01-01 .. 2199-12-31, the same
// years record times accept (base/clock.h).
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2199;

// Parses "YYYY-MM-DD" (exactly that shape, a real calendar day, years kMinYear..kMaxYear).
// InvalidArgument saying what is wrong ("2020-02-30 is not a calendar day").
Result<Date> ParseDate(std::string_view text);
// "2020-02-29".
std::string FormatDate(Date d);
// The day an instant (microseconds since the epoch, UTC) falls on.
Date DateOfMicros(int64_t micros);
// The first microsecond after the end of `d`: an instant t lies on or before day d iff
// t < EndOfDayMicros(d).
int64_t EndOfDayMicros(Date d);
Date AddDays(Date d, int64_t n);
// Calendar months: 2020-02-29 + 14 months = 2021-04-29; the day is clamped to the month's last
// (2020-01-31 + 1 month = 2020-02-29).
Date AddMonths(Date d, int64_t n);
// Whether `d` lies in kMinYear..kMaxYear.
bool InRange(Date d);

}  // namespace jirga::compliance
