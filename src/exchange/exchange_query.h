// The exchange's queries over the exchange view (exchange_view.h): progress per list (status)
// and the reconciliation of two lists (reconcile). The CLI (`jirga exchange status|reconcile`)
// and the HTTP API (`/v1/exchange/...`) both call these; docs/exchange.md states the rules.
//
// Both work on a snapshot of the view: the current record of each list entry (the latest
// `prisoner` record with that list and entry id that is not redacted), the latest value of each
// verification step per entry, and persons: entries linked by a `verification` whose
// `match.same_person` is true (the latest decision about a pair counts) are one person, and what
// is known about one entry of a person (released, verified, followed up) holds for all of them.
// `at` (YYYY-MM-DD) keeps only records whose own time is on or before that day.
//
// Errors: InvalidArgument naming the parameter; NotFound for a list without entries; the view's
// IOError/Corruption. Output JSON is deterministic (sorted, no clock). Must run inside
// ViewSet::Read (they take the ViewDb).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "store/view_db.h"

namespace jirga {

// Checks a day parameter "YYYY-MM-DD"; InvalidArgument naming `what` otherwise.
Status CheckDay(const std::string& what, const std::string& day);

// Progress of every list: demanded, in custody, matched, verified, released, followed up, per
// category and priority group; release batches (a timeline); recidivism. Counts only, no names
// or entry ids: safe to show to anyone.
Result<Json> ExchangeStatus(ViewDb& db, const std::optional<std::string>& at);

struct ReconcileOptions {
  std::string list, against;
  double match_threshold = 0.92;   // auto-match at or above (one clear candidate)
  double review_threshold = 0.85;  // review queue at or above
  double close_margin = 0.03;      // a second candidate this close to the best: review
  // (and fathers' names that clearly differ send a pair to review; docs/exchange.md)
  std::optional<std::string> at;
  unsigned threads = 0;  // 0: hardware concurrency
};

// What status and reconcile read, loaded from the view (inside ViewSet::Read) so that the
// matching can run after the view's lock is released. Immutable; `at` as above.
struct ExchangeSnapshot;
Result<std::shared_ptr<const ExchangeSnapshot>> LoadExchange(ViewDb& db,
                                                             const std::optional<std::string>& at);

// {"list","against","thresholds", "matched":[...], "review":[...], "unmatched":{list:[...],
// against:[...]}, "duplicates":[...], "unusable":[...], "counts": {...}}. Entries appear as
// {"prisoner": record index, "list", "entry", "name", "father_name"}; `unusable` holds entries
// whose name has no letters to match on. InvalidArgument for equal lists or
// thresholds out of order; NotFound for a list with no current entry; FailedPrecondition when no
// entry of a list has a usable name.
Result<Json> Reconcile(ViewDb& db, const ReconcileOptions& options);
// The same on a loaded snapshot (options.at is then only echoed: the snapshot's day counts).
// Pure and thread-safe; no view lock needed.
Result<Json> Reconcile(const ExchangeSnapshot& snapshot, const ReconcileOptions& options);

// Who may read every current entry of `list`: true if `party` submitted each current entry or
// is named as its listing or detaining party (the `personal` rule for prisoner records; the
// caller adds mediators and verifiers). False for a list without entries.
bool PartyMayReadList(const ExchangeSnapshot& snapshot, const std::string& list,
                      const std::string& party);

// Adds to each list of `status` (an ExchangeStatus answer) its release schedule: the entry of
// `schedules_by_list` named like the list, else []. The schedules are the compliance engine's
// (compliance/report.h ReleaseSchedulesJson), gathered by the caller; when they could not be
// computed, `error` says why and goes into "schedule_error" (the counts stand on their own).
// Each list also gets "next_stage" (NextStage of its schedule).
void AttachReleaseSchedules(Json& status, const Json& schedules_by_list, const std::string& error);

// The stage the list's next release batch counts towards: of the schedule's clauses not met and
// with a numeric release target, the one with the smallest target (then earliest deadline, then
// id) as {id, status, late, released, target, needed, deadline, deadline_rule}; null when every
// stage is met or there is none.
Json NextStage(const Json& schedule);

// Status as aligned text tables (for --format table).
std::string StatusTable(const Json& status);
// Reconciliation as text (for --format table).
std::string ReconcileTable(const Json& result);

}  // namespace jirga
