// Calendar-day arithmetic for the compliance engine, on std::chrono's civil calendar.
#include "compliance/date.h"

#include <chrono>
#include <cstdio>

namespace jirga::compliance {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

Date FromYmd(const year_month_day& ymd) {
  return Date{static_cast<int32_t>(sys_days(ymd).time_since_epoch().count())};
}

year_month_day ToYmd(Date d) { return year_month_day(sys_days(days(d.days))); }

}  // namespace

Result<Date> ParseDate(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("\"" + std::string(text.substr(0, 40)) + "\" is not a date: " + why);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad("expected YYYY-MM-DD");
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lens[p]; ++i) {
      char c = text[starts[p] + i];
      if (c < '0' || c > '9') return bad("expected YYYY-MM-DD");
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < kMinYear || parts[0] > kMaxYear) {
    return bad("the year must be " + std::to_string(kMinYear) + " to " + std::to_string(kMaxYear));
  }
  year_month_day ymd{year(parts[0]), month(static_cast<unsigned>(parts[1])),
                     day(static_cast<unsigned>(parts[2]))};
  if (!ymd.ok()) return bad("not a calendar day");
  return FromYmd(ymd);
}

std::string FormatDate(Date d) {
  year_month_day ymd = ToYmd(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Date DateOfMicros(int64_t micros) {
  constexpr int64_t kDay = 86400LL * 1000000;
  int64_t q = micros / kDay;
  if (micros % kDay < 0) --q;  // floor for instants before the epoch
  return Date{static_cast<int32_t>(q)};
}

int64_t EndOfDayMicros(Date d) { return (static_cast<int64_t>(d.days) + 1) * 86400LL * 1000000; }

Date AddDays(Date d, int64_t n) { return Date{static_cast<int32_t>(d.days + n)}; }

Date AddMonths(Date d, int64_t n) {
  year_month_day ymd = ToYmd(d);
  auto ym = std::chrono::year_month(ymd.year(), ymd.month()) + std::chrono::months(n);
  auto last = std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month()));
  day dd = ymd.day() > last.day() ? last.day() : ymd.day();
  return FromYmd(year_month_day(ym.year(), ym.month(), dd));
}

bool InRange(Date d) {
  static const Date lo = FromYmd(year_month_day{year(kMinYear), month(1), day(1)});
  static const Date hi = FromYmd(year_month_day{year(kMaxYear), month(12), day(31)});
  return lo <= d && d <= hi;
}

}  // namespace jirga::compliance
