// Agreement compliance and Track 2 sessions over HTTP (docs/http-api.md §9 "Compliance and
// dialogue"): the same answers as `jirga compliance status|timeline` and `jirga dialogue
// sessions`, computed by the same code (compliance/report.h).
//
//   GET /v1/compliance/status[?at=YYYY-MM-DD]     [ClauseStatusJson...]
//   GET /v1/compliance/timeline[?at=YYYY-MM-DD]   [ClauseTimelineJson...]
//   GET /v1/compliance/parties[?at=YYYY-MM-DD]    per-obligor summary (compliance::PartySummaryJson)
//   GET /v1/dialogue/sessions                     [SessionJson...] by date
//
// `at` defaults to today (UTC, by the clock given). The kinds these read — commitment,
// fulfilment, troops, session — are all `public`, so none of these needs a token (a test pins
// the kinds' visibility). Errors are Status values for api/errors.h: a bad, out-of-range, empty
// or repeated `at`, or an unknown parameter, is InvalidArgument (400); an unknown resource
// NotFound; a log whose commitments cannot be evaluated (reference to an unknown clause, a
// cycle: possible only in logs written before the writer refused them) FailedPrecondition.
//
// The log is read and evaluated at most once per (tree size, day): the records read for the
// latest size, and the evaluations of up to `max_evaluations` days at that size, are kept; a
// larger tree size drops them. The size is read before the scan, so an answer may include a
// record committed during it (durable, and in the next size's answer anyway).
//
// Thread-safe: many requests at once. Reading the log is done by one request at a time, and
// requests that missed meanwhile use what it read (the dashboard asks three routes at once);
// evaluations run outside the lock (two concurrent misses for the same day may both evaluate;
// one result is kept).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/http.h"
#include "base/clock.h"
#include "base/status.h"
#include "compliance/engine.h"
#include "compliance/log_source.h"
#include "ledger/log.h"

namespace jirga::api {

class ComplianceRoutes {
 public:
  // Borrows `log` and `clock`, which must outlive this.
  ComplianceRoutes(Log& log, Clock* clock, size_t max_evaluations = 16);

  // /v1/compliance/<rest> and /v1/dialogue/<rest> (GET or HEAD; the router checks the method).
  Result<HttpResponse> Compliance(const HttpRequest& req, const std::string& rest);
  Result<HttpResponse> Dialogue(const HttpRequest& req, const std::string& rest);

  // The prisoner lists' release schedules on `at` (compliance::ReleaseSchedulesJson), from the
  // same cache: what /v1/exchange/status adds to each list. FailedPrecondition as above.
  Result<Json> ReleaseSchedules(compliance::Date at);

  // How often the log was scanned and clauses evaluated (for tests and /metrics-like checks).
  struct Counts {
    uint64_t scans = 0, evaluations = 0;
  };
  Counts counts() const;

 private:
  using Clauses = std::vector<compliance::ClauseStatus>;
  struct Evaluation {
    compliance::Date at;
    std::shared_ptr<const Clauses> clauses;
  };

  // The records of the log at `size` (read now unless cached for that size).
  Result<std::shared_ptr<const compliance::LogSource>> Source(uint64_t size);
  // The clauses on `at` at the current tree size.
  Result<std::shared_ptr<const Clauses>> Evaluate(compliance::Date at);

  Log& log_;
  Clock* const clock_;
  const size_t max_evaluations_;

  std::mutex scan_mu_;  // held while reading the log; taken before mu_
  mutable std::mutex mu_;
  uint64_t size_ = 0;                                  // of source_ and evals_
  std::shared_ptr<const compliance::LogSource> source_;  // null: none read yet
  std::list<Evaluation> evals_;                        // most recently used first
  Counts counts_;
};

}  // namespace jirga::api
