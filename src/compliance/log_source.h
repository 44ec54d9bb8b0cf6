// The compliance records of a log, read by a direct scan (until the views framework maintains
// them), and an EvalContext over them (docs/compliance.md §4):
//   troops("force")   `troops` records;
//   released("list")  distinct entries of the list released by D, from `release` records (their
//                     `prisoners` indexes, through the `prisoner` record's list and entry, and
//                     their `entries`); an entry counts from its earliest release day known;
//   incidents(...)    `incident` records whose start day lies in the window ending on D, with the
//                     monitor's response rules: a retraction (by the reporting party) removes an
//                     incident from the day it is recorded, a supersede replaces its content;
//                     contested and corroborated incidents count (the monitor's status "all");
//   baseline("id")    the incidents the first `baseline` record of that name counts: its days,
//                     its filter (provinces, perpetrator party, event types), same rules.
// Every metric uses only records whose time falls on or before the `known` day, so --at never
// sees later records. Counts are O(log days) per query (compliance/day_counter.h).
//
// LogSource is immutable once read and safe to share between threads. A LogContext keeps
// per-series cursors (caches built on first use) under a mutex, so it too may be shared; threads
// evaluating at different `known` days then take turns moving the same cursors, so one
// LogContext per thread is faster.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compliance/day_counter.h"
#include "compliance/engine.h"
#include "dialogue/session.h"
#include "store/store.h"

namespace jirga::compliance {

struct TroopsPoint {
  Date as_of;
  Date recorded;
  uint64_t index = 0;
  int64_t strength = 0;
};

// One version of an incident: its content from the day it was recorded (or superseded) until
// the day a later supersede or a retraction was recorded. Strings interned in LogSource::names.
struct IncidentVersion {
  Date day;  // the incident's start day
  Date known_from;
  std::optional<Date> known_to;
  int32_t perp = -1, perp_party = -1, target = -1, province = -1, type = -1;  // -1: absent
};

struct BaselineDef {
  uint64_t index = 0;
  Date recorded;
  std::string name;
  Date from, to;
  std::vector<std::string> admin1, event_types;
  std::string perpetrator_party;
};

struct LogSource {
  Inputs inputs;
  std::vector<IncidentVersion> incidents;  // by incident record index, then version
  std::vector<std::string> names;          // interned strings of incident versions
  std::map<std::string, int32_t, std::less<>> name_ids;
  std::map<std::string, DayCounter> released;  // by list id; items: entries on release days
  std::map<std::string, Date> list_known;      // first day each list appears in a record
  std::vector<BaselineDef> baselines;          // in log order
  std::map<std::string, std::vector<TroopsPoint>> troops;  // by force, in log order
  std::vector<std::pair<uint64_t, dialogue::Session>> sessions;  // in log order
  Date first_day, last_day;  // of the records read (for --at defaults)
};

// Reads every commitment, fulfilment, troops, session, prisoner, release, incident, response and
// baseline record (redacted records are skipped: their content is gone). Corruption when a stored record
// no longer parses or passes its schema (log verify says more).
Result<LogSource> ReadLogSource(Store& store);

class LogContext : public EvalContext {
 public:
  explicit LogContext(const LogSource& src);
  ~LogContext() override;
  Result<double> Metric(const Call& call, Date at, Date known) override;
  Result<std::optional<Date>> EventDate(std::string_view id, Date known) override;
  Result<std::vector<Date>> ChangeDates(const Call& call, Date from, Date to, Date known) override;

 private:
  struct Series;
  // The series of incidents matching a filter (built on first use), or of a list's releases.
  Result<Series*> IncidentSeries(const Call& call);
  Result<Series*> BaselineSeries(const BaselineDef& b);
  Series* ReleasedSeries(const std::string& list);
  const BaselineDef* FindBaseline(std::string_view name, Date known) const;

  const LogSource& src_;
  std::mutex mu_;  // guards series_ and the cursors in it
  std::map<std::string, std::unique_ptr<Series>, std::less<>> series_;
};

}  // namespace jirga::compliance
