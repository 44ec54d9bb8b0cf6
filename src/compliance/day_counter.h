// DayCounter: how many items fall on days in a range, as known on a day K — the data structure
// behind released() and incidents() (docs/compliance.md §4). Each item lies on one day and
// counts while K is in [known_from, known_to): an incident from the day it was recorded until a
// retraction or a supersede ended that version of it; a list entry from the record that released
// it, on its release day.
//
// DayCounter holds the items, sorted, and is immutable once Finish()ed (thread-safe to share).
// DayCounter::Cursor answers Count() for one K at a time: a Fenwick tree over the days holding
// the items in effect on K, moved to another K by applying (or undoing) the changes between the
// two. A query is O(log days); moving K costs O(changes · log days), so a series of evaluations
// at increasing K costs O(n log days) in all. A Cursor is not thread-safe (one per thread).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compliance/date.h"

namespace jirga::compliance {

class DayCounter {
 public:
  // `known_to` nullopt: never ended. An item with known_to <= known_from never counts.
  void Add(Date day, Date known_from, std::optional<Date> known_to = std::nullopt);
  void Finish();  // sorts; call once after the last Add
  size_t size() const { return items_; }

  // The distinct item days in [from, to], ascending (items of every K: a superset of the days
  // on which a count can change, which is what EvalContext::ChangeDates needs).
  std::vector<Date> Days(Date from, Date to) const;

  class Cursor {
   public:
    explicit Cursor(const DayCounter& c);
    // Items with day in [lo, hi] in effect on K.
    int64_t Count(Date lo, Date hi, Date known);

   private:
    void MoveTo(Date known);
    void Bump(int32_t day, int delta);
    int64_t Prefix(int32_t day) const;  // items on days <= day
    const DayCounter& c_;
    std::vector<int64_t> tree_;  // Fenwick, 1-based over days first_day..last_day
    size_t applied_ = 0;         // changes applied, a prefix of c_.changes_
  };

 private:
  struct Change {
    int32_t known;  // the day it takes effect
    int32_t day;
    int delta;      // +1 or -1
  };
  std::vector<Change> changes_;  // by known day
  std::vector<int32_t> days_;    // distinct item days, ascending
  int32_t first_day_ = 0, last_day_ = -1;
  size_t items_ = 0;
  bool finished_ = false;
};

}  // namespace jirga::compliance
