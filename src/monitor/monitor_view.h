// The monitor view: incidents with their current content and status, the responses and
// findings on them, baselines and ceasefires, and aggregate tables that keep summaries fast.
//
// Tables (schema version kMonitorViewVersion; docs/design.md "Views"):
//   mon_incidents   one row per incident record: reporter, receipt time, current content (the
//                   latest supersede's, history in mon_responses), the columns queries filter on,
//                   counters, status, the first response's time, import identity
//   mon_responses   every response with its effect ("applied" or why it was ignored)
//   mon_findings    every finding
//   mon_baselines   first baseline of each name; later ones land in mon_ignored
//   mon_ceasefires  first ceasefire of each id; later ones land in mon_ignored
//   mon_ignored     records that had no effect, with the reason
//   mon_dict        interned perpetrator keys and party ids (ids in order of first use)
//   mon_agg_day     events and fatality sums per (day, province, place precision, perpetrator,
//   mon_agg_week      event type, status class, reporting party); _week keys the ISO week's
//                   Monday. Every incident contributes to exactly one row of each, under its
//                   current status class (retracted ones too, under class 6, so aggregates can
//                   say how many they left out).
//
// Status (docs/record-kinds.md §6): retracted > adjudicated (a finding; the latest counts) >
// contested > corroborated > unilateral. The fatalities counted for an incident are the latest
// finding's when it gives some, else those of the current content.
//
// Redaction (docs/design.md §12): a redacted incident, response, finding, baseline or ceasefire
// counts for nothing, as if it had never been made: it has a mon_ignored row saying it was
// erased and nothing else (its effects on incidents and aggregates are gone; a response or
// finding on a redacted incident is ignored). The view does not consume `redaction` records:
// the ViewSet rebuilds it when one erases a record it already applied, so incremental tables
// and a rebuild's are the same.
//
// Thread safety: like every View, used by its ViewSet under the set's lock only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "monitor/monitor_kinds.h"
#include "views/view.h"

namespace jirga {

// 2: per-grouping aggregate tables; 3: redacted records noted in mon_ignored
inline constexpr int kMonitorViewVersion = 3;

// Status classes as stored in mon_agg_*.status.
enum StatusClass {
  kUnilateral = 0,
  kCorroborated = 1,
  kContested = 2,
  kAdjudicatedConfirmed = 3,
  kAdjudicatedNotConfirmed = 4,
  kAdjudicatedInconclusive = 5,
  kRetracted = 6,
};
std::string_view StatusName(int status_class);  // "unilateral", ..., "adjudicated", "retracted"

// The perpetrator key incidents are grouped by: the actor's party id when given, else its name.
std::string PerpetratorKey(const Actor& a);
// Monday (day number) of the ISO week containing `day`.
int32_t IsoWeekMonday(int32_t day);
// The first day of the month containing `day`.
int32_t MonthStart(int32_t day);

// The aggregate tables, each keyed by a time bucket, some dimensions, the status class and the
// interned reporting party, with events and low/best/high fatality sums:
//   mon_agg_day    (day, status, party)                       by day/month, week edges
//   mon_agg_week   (week = ISO Monday, status, party)         by week
//   mon_agg_place  (month = its 1st, admin1 0..34, precision, status, party)   by province
//   mon_agg_perp   (month, perp, status, party)               by perpetrator
//   mon_agg_type   (month, type 0..5, status, party)          by event type
// Queries answer whole weeks/months from these and the days at the ends of a range from
// mon_incidents. Few dimensions per table keep them small (a full cube of every dimension has
// about one row per incident and saves nothing).
struct AggTable {
  const char* name;
  const char* key_columns;
  int key_count;
};
inline constexpr int kAggTableCount = 5;
extern const AggTable kAggTables[kAggTableCount];

class MonitorView : public View {
 public:
  MonitorView();
  ~MonitorView() override;

  std::string_view name() const override { return "monitor"; }
  int schema_version() const override { return kMonitorViewVersion; }
  std::vector<std::string> kinds() const override;
  std::vector<std::string> tables() const override;
  Status CreateTables(ViewDb& db) override;
  Status Open(ViewDb& db) override;
  void Close() override;
  Status Apply(ViewDb& db, const StoredRecord& row, const Record& record) override;
  // Notes the erased record in mon_ignored; it has no other effect.
  Status ApplyRedacted(ViewDb& db, const StoredRecord& row) override;
  // Writes the aggregate changes accumulated since the last Flush (one upsert per touched key
  // rather than per record).
  Status Flush(ViewDb& db) override;

  // Adds an incident directly, as Apply does for an `incident` record (for benchmarks that feed
  // the view without signing; must run inside a transaction of the ViewSet's database).
  Status AddIncident(uint64_t index, const std::string& party, int64_t received_micros,
                     const Incident& incident, const std::string& content_json);

 private:
  struct Statements;
  struct IncidentRow;
  Status ApplyResponse(const StoredRecord& row, const Record& record);
  Status ApplyFinding(const StoredRecord& row, const Record& record);
  Status ApplyNamed(const StoredRecord& row, const Record& record);
  Status Ignore(const StoredRecord& row, const std::string& reason);
  Result<std::optional<IncidentRow>> LoadIncident(uint64_t index);
  // Why record `index` (earlier, not in mon_incidents) is not an incident one can respond to.
  Result<std::string> NotAnIncident(uint64_t index);
  Status SaveIncident(const IncidentRow& before, const IncidentRow& after);
  Status AddToAggregates(const IncidentRow& r, int sign);
  Result<int64_t> Intern(const std::string& kind, const std::string& value);

  struct AggKey {
    int table;
    int64_t key[5];
    bool operator<(const AggKey& o) const {
      if (table != o.table) return table < o.table;
      for (int i = 0; i < 5; ++i) {
        if (key[i] != o.key[i]) return key[i] < o.key[i];
      }
      return false;
    }
  };
  struct AggDelta {
    int64_t events = 0, low = 0, best = 0, high = 0;
  };

  ViewDb* db_ = nullptr;
  std::unique_ptr<Statements> st_;
  std::map<AggKey, AggDelta> pending_;  // aggregate changes not yet flushed
  std::unordered_map<std::string, int64_t> dict_;  // "kind\0value" -> id; reloaded by Open
};

}  // namespace jirga
