// The monitor's queries over the monitor view (monitor_view.h): summary, compare, ceasefire
// compliance, the incident list, and the importers' idempotency lookup. The CLI
// (`jirga monitor ...`) and the HTTP API (`/v1/monitor/...`) both parse their parameters with
// the Parse*Query functions here, so both refuse the same input with the same message.
//
// Parameters arrive as name/value pairs (repeats refused by the callers). Errors:
// InvalidArgument naming the parameter; NotFound for a baseline name that is not defined; the
// view's IOError/Corruption. All output JSON is deterministic (sorted, no clock).
//
// Thread safety: the functions taking a ViewSet are thread-safe (the ViewSet serializes); the
// ones taking a ViewDb must run inside ViewSet::Read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "store/view_db.h"
#include "views/view_set.h"

namespace jirga {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Which statuses a query counts: agreed = unilateral + corroborated + adjudicated confirmed;
// disputed = contested + adjudicated not-confirmed/inconclusive; all = everything not retracted.
enum class StatusFilter { kAgreed, kDisputed, kAll };

struct SummaryQuery {
  std::string by;  // province | day | week | month | perpetrator | type
  int32_t from = -1000000, to = 1000000;  // day numbers, inclusive (defaults: unbounded)
  bool has_from = false, has_to = false;
  std::string party;  // the reporting party; "" = any
  StatusFilter status = StatusFilter::kAll;
  int max_precision = 4;  // --by province: place.precision above this goes to the null row
};

// Summary parameters: by (required), from, to, party, status, max_precision.
Result<SummaryQuery> ParseSummaryQuery(const QueryParams& params);
// {"meta": {...}, "rows": [...]} (docs/cli.md "jirga monitor summary" for the row shapes).
Result<Json> Summary(ViewDb& db, const SummaryQuery& q);

struct CompareQuery {
  std::string baseline_name;  // "" when given as FROM:TO
  int32_t baseline_from = 0, baseline_to = 0;
  int32_t period_from = 0, period_to = 0;
  std::string by;  // "" | province | perpetrator
  StatusFilter status = StatusFilter::kAll;
};
// Parameters: baseline (FROM:TO or a baseline name), period (FROM:TO), by, status.
Result<CompareQuery> ParseCompareQuery(const QueryParams& params);
Result<Json> Compare(ViewDb& db, const CompareQuery& q);

// Every ceasefire with incidents inside its window against the same-length window before, by
// perpetrator; contests made and received per party; time from report to first response.
Result<Json> Ceasefires(ViewDb& db);

struct IncidentQuery {
  int32_t from = -1000000, to = 1000000;
  std::string party, province, perpetrator, type, status = "all";  // status: + "retracted", "any"
  uint64_t limit = 100, offset = 0;
};
// Parameters: from, to, party, province, perpetrator, type, status, limit (1..1000), offset.
Result<IncidentQuery> ParseIncidentQuery(const QueryParams& params);
// {"total": n, "incidents": [...]}, newest first (start day, then index, descending).
Result<Json> Incidents(ViewDb& db, const IncidentQuery& q);

// Baselines and ceasefires as defined, and the records the view ignored (with reasons).
Result<Json> Definitions(ViewDb& db);

// The importers' idempotency lookup.
struct ImportedRef {
  uint64_t index = 0;    // the incident record
  std::string version;   // the import version of its current content (latest supersede)
};
Result<std::optional<ImportedRef>> FindImported(ViewSet& views, const std::string& dataset,
                                                const std::string& id);
// The same for many ids at once (one catch-up, one transaction); absent ids are omitted.
Result<std::map<std::string, ImportedRef>> FindImportedBatch(ViewSet& views,
                                                             const std::string& dataset,
                                                             const std::vector<std::string>& ids);

// Summary rows as CSV (header first) or an aligned text table, for the CLI.
std::string SummaryCsv(const Json& rows, const std::string& by);
std::string SummaryTable(const Json& rows, const std::string& by);

}  // namespace jirga
