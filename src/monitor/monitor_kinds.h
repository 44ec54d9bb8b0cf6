// The violence monitor's record kinds — incident, response, finding, baseline, ceasefire — as
// parsed C++ values, with the body validation that docs/record-kinds.md §5..§9 specifies.
//
// Each Parse* function checks a record body completely (exact field sets, types, ranges, real
// calendar dates, the ACLED taxonomy, gazetteer codes) and returns the parsed value, or
// InvalidArgument naming the field: `body.date.start must be a date YYYY-MM-DD`. `path` is the
// name used for the body in messages ("body"; "body.incident" for the content a supersede
// carries). The checks that need the log (a response's target exists, who may retract) are the
// monitor view's, not these. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/kinds.h"

namespace jirga {

inline constexpr int64_t kMaxCount = 1'000'000;

// Days since 1970-01-01 of a "YYYY-MM-DD" date in 1900-01-01..2100-12-31 that exists in the
// proleptic Gregorian calendar; InvalidArgument ("<what> must be a date YYYY-MM-DD ...") else.
Result<int32_t> ParseDate(std::string_view text, std::string_view what);
// The inverse of ParseDate for any day number.
std::string FormatDate(int32_t day);
// Days since 1970-01-01 of year-month-day in the proleptic Gregorian calendar (no range check).
int32_t CivilDay(int year, unsigned month, unsigned day);

struct Range {
  int64_t low = 0, best = 0, high = 0;
  Range& operator+=(const Range& o) {
    low += o.low, best += o.best, high += o.high;
    return *this;
  }
};

struct Actor {
  std::string name;
  std::string type;   // "" when absent; else one of kActorTypes
  std::string party;  // "" when absent; else a party id
};

struct Fatalities {
  std::optional<Range> party_a, party_b, civilians, unknown;  // at least one present
  Range Total() const;
};

struct Source {
  std::string name;
  std::string scale;  // "" when absent
};

struct ImportRef {
  std::string dataset;  // "acled" | "ucdp-ged"
  std::string id;
  std::string version;
};

struct Incident {
  // date
  std::string date_start;  // as written
  std::string date_end;    // as written; equals date_start when absent
  int32_t start_day = 0, end_day = 0;
  std::string date_precision;  // day | days | week | month | year
  // place
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin1;   // ISO 3166-2 code known to the gazetteer; "" when absent
  std::string pcode;    // "" when absent; names the same province as admin1
  std::string admin2, location;
  std::optional<double> lat, lon;  // both or neither
  int place_precision = 0;         // 1..7
  // event
  std::string event_type, subtype, disorder;
  // actors
  Actor perpetrator;
  std::optional<Actor> target;
  std::vector<Actor> associated;
  Fatalities fatalities;
  std::optional<Range> injured;
  std::vector<Source> sources;
  std::string notes;
  std::optional<ImportRef> imported;  // the body's "import"
};

enum class ResponseAction { kCorroborate, kContest, kRetract, kSupersede };
std::string_view ResponseActionName(ResponseAction a);

struct Response {
  uint64_t to = 0;
  ResponseAction action = ResponseAction::kCorroborate;
  std::vector<std::string> aspects;  // attribution | facts | casualties; contest only
  std::string reason;
  std::optional<Incident> incident;  // supersede only
};

struct Finding {
  uint64_t to = 0;
  std::string outcome;  // confirmed | not-confirmed | inconclusive
  std::optional<Actor> attribution;
  std::optional<Fatalities> fatalities;
  std::string text;
};

struct Baseline {
  std::string name;
  std::string from, to;
  int32_t from_day = 0, to_day = 0;
  std::vector<std::string> admin1;      // filter; empty = every province
  std::string perpetrator_party;        // filter; "" = any
  std::vector<std::string> event_type;  // filter; empty = every type
  std::string description;
};

struct Ceasefire {
  std::string id;
  std::vector<std::string> parties;
  bool nationwide = true;
  std::vector<std::string> scope;  // admin1 codes when !nationwide
  std::string start, end;
  int32_t start_day = 0, end_day = 0;
  std::string mode;  // unilateral | mutual
  std::string text;
};

Result<Incident> ParseIncident(const Json& body, std::string_view path = "body");
Result<Response> ParseResponse(const Json& body, std::string_view path = "body");
Result<Finding> ParseFinding(const Json& body, std::string_view path = "body");
Result<Baseline> ParseBaseline(const Json& body, std::string_view path = "body");
Result<Ceasefire> ParseCeasefire(const Json& body, std::string_view path = "body");

// ACLED's six event types, and whether `subtype` is one of `type`'s sub-event types.
const std::vector<std::string_view>& EventTypes();
bool IsSubtypeOf(std::string_view type, std::string_view subtype);
// The actor types, in ACLED inter-code order (1..8).
const std::vector<std::string_view>& ActorTypes();

// Registers the five kinds (view "monitor").
void RegisterMonitorKinds(KindRegistry& registry);

}  // namespace jirga
