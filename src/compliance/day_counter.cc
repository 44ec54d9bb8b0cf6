// DayCounter: items on days, counted as known on a day, with a Fenwick tree per cursor.
#include "compliance/day_counter.h"

#include <algorithm>

namespace jirga::compliance {

void DayCounter::Add(Date day, Date known_from, std::optional<Date> known_to) {
  if (known_to && *known_to <= known_from) return;
  ++items_;
  changes_.push_back({known_from.days, day.days, +1});
  if (known_to) changes_.push_back({known_to->days, day.days, -1});
  days_.push_back(day.days);
}

void DayCounter::Finish() {
  std::stable_sort(changes_.begin(), changes_.end(),
                   [](const Change& a, const Change& b) { return a.known < b.known; });
  std::sort(days_.begin(), days_.end());
  days_.erase(std::unique(days_.begin(), days_.end()), days_.end());
  if (!days_.empty()) {
    first_day_ = days_.front();
    last_day_ = days_.back();
  }
  finished_ = true;
}

std::vector<Date> DayCounter::Days(Date from, Date to) const {
  std::vector<Date> out;
  for (auto it = std::lower_bound(days_.begin(), days_.end(), from.days);
       it != days_.end() && *it <= to.days; ++it) {
    out.push_back(Date{*it});
  }
  return out;
}

DayCounter::Cursor::Cursor(const DayCounter& c)
    : c_(c), tree_(static_cast<size_t>(c.last_day_ - c.first_day_ + 2), 0) {}

void DayCounter::Cursor::Bump(int32_t day, int delta) {
  for (size_t i = static_cast<size_t>(day - c_.first_day_ + 1); i < tree_.size(); i += i & -i) {
    tree_[i] += delta;
  }
}

int64_t DayCounter::Cursor::Prefix(int32_t day) const {
  if (day < c_.first_day_) return 0;
  if (day > c_.last_day_) day = c_.last_day_;
  int64_t sum = 0;
  for (size_t i = static_cast<size_t>(day - c_.first_day_ + 1); i > 0; i -= i & -i) {
    sum += tree_[i];
  }
  return sum;
}

void DayCounter::Cursor::MoveTo(Date known) {
  const auto& ch = c_.changes_;
  while (applied_ < ch.size() && ch[applied_].known <= known.days) {
    Bump(ch[applied_].day, ch[applied_].delta);
    ++applied_;
  }
  while (applied_ > 0 && ch[applied_ - 1].known > known.days) {
    --applied_;
    Bump(ch[applied_].day, -ch[applied_].delta);
  }
}

int64_t DayCounter::Cursor::Count(Date lo, Date hi, Date known) {
  if (c_.days_.empty() || hi < lo) return 0;
  MoveTo(known);
  return Prefix(hi.days) - Prefix(lo.days - 1);
}

}  // namespace jirga::compliance
