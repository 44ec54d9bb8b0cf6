// The compliance engine: the state of every clause of the agreements on a day D, computed from
// commitments, fulfilment claims, findings of violation and an EvalContext, using only what was
// known by the end of D (record days <= D, event days <= D). Rules in docs/compliance.md.
//
// Pure computation over in-memory inputs; the caller gathers them (from the log today, from
// views later). Evaluate() is deterministic and re-entrant; concurrent calls need their own
// EvalContext unless it is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "compliance/compliance_kinds.h"
#include "compliance/condition.h"

namespace jirga::compliance {

struct ClauseRecord {
  Commitment clause;
  uint64_t index = 0;  // of the commitment record
  Date recorded;       // the record's day: known from then on
};

struct FulfilmentRecord {
  Fulfilment fulfilment;
  uint64_t index = 0;
  Date recorded;
  Date date() const { return fulfilment.date.value_or(recorded); }
};

// A finding of the mechanism that the obligor violated the clause (the `finding` kind of the
// monitor; until it exists, none are passed).
struct ViolationFinding {
  std::string clause;
  Date date;  // the day of the violation found
  uint64_t index = 0;
  Date recorded;
};

struct Inputs {
  std::vector<ClauseRecord> clauses;  // in log order: a later record with the same id amends
  std::vector<FulfilmentRecord> fulfilments;
  std::vector<ViolationFinding> findings;
};

enum class ClauseState { kNotInForce, kPending, kMet, kOverdue, kBreached, kUnknown };
std::string_view ClauseStateName(ClauseState s);  // "not-in-force", "pending", ... "unknown"

struct Projection {
  double per_day = 0;     // progress towards the target per day over the lookback
  int lookback_days = 0;
  double remaining = 0;
  std::optional<Date> date;  // when the target is reached at this rate; nullopt: never
  std::string text;          // "at 500 every two weeks the remaining 2,100 are reached by ..."
};

struct ClauseStatus {
  std::string id, text, obligor, obligee;
  std::string metric;  // the metric expression as written; empty for a clause met by a claim
  uint64_t index = 0;  // the commitment record in force on D
  Date recorded;       // the day of the clause's first commitment record
  ClauseState state = ClauseState::kPending;
  std::string deadline_source;     // as written; empty when none
  std::optional<Date> deadline;    // resolved; nullopt when none or its anchor is still ahead
  std::optional<Date> in_force_since;
  std::optional<Date> met_since;   // start of the run in which it is met on D
  std::optional<Date> breached_on;
  bool late = false;               // met after its deadline
  int score = 0;                   // Peace Accords Matrix: 0 none, 1 minimal, 2 intermediate, 3 full
  std::optional<double> value, target, fraction;
  std::optional<bool> violation_suspected;
  std::vector<uint64_t> evidence;  // fulfilment and finding records, and their evidence
  std::optional<Projection> projection;
  std::string error;               // why the state is unknown
};

// Every clause known on day `at`, in the order of their first commitment records.
// InvalidArgument when a clause refers to an id no clause known on `at` defines, or when the
// references form a cycle (the message names it: "a -> b -> a").
Result<std::vector<ClauseStatus>> EvaluateClauses(const Inputs& in, EvalContext& ctx, Date at);

// {"id","text","obligor","obligee","deadline","status","late","score","progress":{"value",
// "target"},"evidence":[...], ...} (docs/compliance.md §3).
Json ClauseStatusJson(const ClauseStatus& s);
// The timeline entry: {"id","obligor","status","recorded","in_force","deadline","met","late",
// "breached","projected"}.
Json ClauseTimelineJson(const ClauseStatus& s);

}  // namespace jirga::compliance
