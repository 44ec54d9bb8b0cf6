// The compliance record kinds — `commitment`, `fulfilment`, `troops` — and the dialogue kind
// `session` (src/dialogue/session.h), with their parsed forms (docs/record-kinds.md §5–8).
//
// Parse* functions are the kinds' body schemas: pure, deterministic and thread-safe; they return
// InvalidArgument naming the field (`body.metric: 1:13: expected ")" after arguments, found
// "<="`). The cross-record checks (clauses that exist, no dependency cycles, dates not after the
// record) run in the log's writer through KindSpec::validate_in_log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "compliance/condition.h"
#include "kinds/all_kinds.h"
#include "ledger/kinds.h"

namespace jirga::compliance {

// A clause of an agreement, as a `commitment` body states it.
struct Commitment {
  std::string id;       // stable clause id, e.g. "doha.us-drawdown-8600"
  std::string text;
  std::string obligor;  // party id
  std::string obligee;  // party id; may be empty
  Expression metric;    // boolean; empty: met by a fulfilment claim
  std::optional<double> target;  // overrides the metric's right-hand side as progress target
  std::optional<Deadline> deadline;
  std::vector<Expression> conditions;  // all must hold for the clause to be in force
  std::vector<std::string> depends_on; // clauses that must be met for it to be in force
  std::vector<std::string> evidence_kinds;
  Expression violation;  // empty, or a boolean test of a suspected violation
  // Every clause id this one refers to: depends_on, met(...) calls, a deadline after met(...);
  // sorted, distinct. Filled by ParseCommitmentBody.
  std::vector<std::string> references;
  const std::vector<std::string>& References() const { return references; }
};
Result<Commitment> ParseCommitmentBody(const Json& body);

// A claim that a clause is met or an event happened.
struct Fulfilment {
  std::string clause;  // may be empty when `event` is set
  std::string event;   // may be empty when `clause` is set
  std::string claim;
  std::optional<Date> date;  // when it happened; default: the record's day
  std::vector<uint64_t> evidence;  // record indexes
};
Result<Fulfilment> ParseFulfilmentBody(const Json& body);

// A force's declared strength on a day.
struct TroopsDeclaration {
  std::string force;
  int64_t strength = 0;
  Date as_of;
  std::vector<std::pair<std::string, int64_t>> bases;  // per base; their sum <= strength
  std::string source;
};
Result<TroopsDeclaration> ParseTroopsBody(const Json& body);

inline constexpr int64_t kMaxStrength = 10000000;

// The cross-record checks (exposed for tests; registered as validate_in_log).
Status CheckCommitmentInLog(const Record& record, uint64_t index, const PriorRecords& prior);
Status CheckFulfilmentInLog(const Record& record, uint64_t index, const PriorRecords& prior);
// Dates in the body (troops as_of, session date) must not lie after the record's own day.
Status CheckNotAfterRecord(const Record& record, Date day, const std::string& field);

}  // namespace jirga::compliance
