// The compliance answers of a log, shared by `jirga compliance status|timeline`, `jirga dialogue
// sessions` and the /v1/compliance/... and /v1/dialogue/... routes: the inputs gathered from the
// store (log_source.h), evaluated on a day (engine.h), and the JSON documents both print —
// docs/compliance.md for the rules, docs/http-api.md for the shapes.
//
// Pure functions over their arguments (ReadAndEvaluate reads the store); thread-safe as far as
// the store is.
#pragma once

#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "compliance/engine.h"
#include "compliance/log_source.h"
#include "store/store.h"

namespace jirga::compliance {

// Every clause of `src` on day `at` (EvaluateClauses over a LogContext of `src`).
Result<std::vector<ClauseStatus>> EvaluateSource(const LogSource& src, Date at);

// ReadLogSource(store), then EvaluateSource: what `jirga compliance status --at` evaluates.
Result<std::vector<ClauseStatus>> ReadAndEvaluate(Store& store, Date at);

// `compliance status --format json`: [ClauseStatusJson, ...] in the engine's order.
Json StatusListJson(const std::vector<ClauseStatus>& clauses);
// `compliance timeline --format json`: [ClauseTimelineJson, ...].
Json TimelineListJson(const std::vector<ClauseStatus>& clauses);

// Per obligor, sorted by party id (docs/compliance.md §5):
//   {"obligor", "clauses", "in_force", "met", "late", "pending", "overdue", "breached",
//    "not_in_force", "unknown", "score": mean PAM score of the clauses in force (null if none)}
// "in force" counts the clauses met, pending, overdue or breached; not-in-force clauses and
// those the engine could not evaluate (unknown) are left out of the mean.
Json PartySummaryJson(const std::vector<ClauseStatus>& clauses);

// The release schedules of the prisoner lists: for each list that a clause's metric asks
// `released("<list>")` of, those clauses' ClauseStatusJson in the engine's order —
// {"taliban-5000": [...], ...}. `clauses` is what EvaluateSource(src, day) gave.
Json ReleaseSchedulesJson(const LogSource& src, const std::vector<ClauseStatus>& clauses);

// `dialogue sessions --format json`: the sessions of `src` by date (log order within a day),
// as dialogue::SessionJson.
Json SessionListJson(const LogSource& src);

}  // namespace jirga::compliance
