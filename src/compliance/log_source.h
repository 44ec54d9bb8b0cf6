// The compliance records of a log, read by a direct scan (until the views framework maintains
// them), and an EvalContext over them: troops("force") from `troops` records, released("list")
// from `release` records (people of the list: its `prisoner` records released by index, and
// list entries released by list and entry id; each entry counted once, on its first release
// date; redacted records count for nothing). The metrics of views this build does not read —
// incidents() and baseline() (monitor) — answer NotFound saying so, and the engine shows that
// on the clauses that use them.
//
// LogSource is immutable once read; LogContext only reads it, so both are safe to share between
// threads.
#pragma once

#include <map>
#include <string>
#include <vector>

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

// One list entry released: the release's date and the day its record was made.
struct ReleasePoint {
  Date date;
  Date recorded;
  std::string entry;
};

struct LogSource {
  Inputs inputs;
  std::map<std::string, std::vector<TroopsPoint>> troops;  // by force, in log order
  std::vector<std::pair<uint64_t, dialogue::Session>> sessions;  // in log order
  std::map<std::string, std::vector<ReleasePoint>> releases;  // by list, in log order
  std::map<std::string, Date> lists;  // every list a prisoner or release record names: first day
  Date first_day, last_day;  // of the records read (for --at defaults)
};

// Reads every commitment, fulfilment, troops, session, prisoner and release record. Corruption when a stored record
// no longer parses or passes its schema (log verify says more).
Result<LogSource> ReadLogSource(Store& store);

class LogContext : public EvalContext {
 public:
  explicit LogContext(const LogSource& src) : src_(src) {}
  Result<double> Metric(const Call& call, Date at, Date known) override;
  Result<std::optional<Date>> EventDate(std::string_view id, Date known) override;
  Result<std::vector<Date>> ChangeDates(const Call& call, Date from, Date to, Date known) override;

 private:
  const LogSource& src_;
};

}  // namespace jirga::compliance
