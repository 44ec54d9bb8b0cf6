// A hand-fed EvalContext for tests: metric values as step functions of the day, event days, and
// clause met-since days, each with the day it became known.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compliance/condition.h"

namespace jirga::compliance {

class FakeContext : public EvalContext {
 public:
  // From day `on` the call (canonical spelling, e.g. `troops("us")`) has `value`, as known from
  // day `known` (default: the same day).
  void SetMetric(const std::string& call, Date on, double value, std::optional<Date> known = {}) {
    metrics_[call].push_back({on, known.value_or(on), value});
  }
  void SetEvent(const std::string& id, Date on, std::optional<Date> known = {}) {
    events_[id] = {on, known.value_or(on)};
  }
  void SetMetSince(const std::string& clause, Date since) { met_[clause] = since; }

  Result<double> Metric(const Call& call, Date at, Date known) override {
    ++metric_calls;
    auto it = metrics_.find(call.Canonical());
    if (it == metrics_.end()) return NotFound("no data for " + call.Canonical());
    const Point* best = nullptr;
    for (const auto& p : it->second) {
      if (p.on <= at && p.known <= known && (best == nullptr || p.on >= best->on)) best = &p;
    }
    if (best == nullptr) return NotFound("no value of " + call.Canonical() + " by " + FormatDate(at));
    return best->value;
  }
  Result<std::optional<Date>> EventDate(std::string_view id, Date known) override {
    auto it = events_.find(std::string(id));
    if (it == events_.end() || it->second.second > known) return std::optional<Date>();
    return std::optional<Date>(it->second.first);
  }
  // The days the fed values start on (as known by `known`), so the engine's searches are sparse.
  Result<std::vector<Date>> ChangeDates(const Call& call, Date from, Date to, Date known) override {
    std::vector<Date> out;
    auto it = metrics_.find(call.Canonical());
    if (it == metrics_.end()) return out;
    for (const auto& p : it->second) {
      if (p.on >= from && p.on <= to && p.known <= known) out.push_back(p.on);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  Result<std::optional<Date>> MetSince(std::string_view clause, Date at, Date) override {
    auto it = met_.find(std::string(clause));
    if (it == met_.end() || it->second > at) return std::optional<Date>();
    return std::optional<Date>(it->second);
  }

  int metric_calls = 0;

 private:
  struct Point {
    Date on, known;
    double value;
  };
  std::map<std::string, std::vector<Point>> metrics_;
  std::map<std::string, std::pair<Date, Date>> events_;
  std::map<std::string, Date> met_;
};

// "2020-02-29" → Date; aborts the test binary on a bad literal (fixtures only).
inline Date D(const char* s) { return *ParseDate(s); }

}  // namespace jirga::compliance
