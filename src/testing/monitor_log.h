// A test log for the violence monitor: an in-memory Log with four parties (gov and iea are
// belligerents, unama a verifier, mediator a mediator) and a ViewSet over an in-memory view
// database, so view and query tests can submit real signed records and read the projection.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/json.h"
#include "ledger/log.h"
#include "views/view_set.h"

namespace jirga::testing {

class MonitorLog {
 public:
  // Creates the log and registers the parties; fails the current test on error.
  MonitorLog();
  ~MonitorLog();

  // Signs and appends a record of `kind` by `party` at the fake clock's time; returns its index
  // (fails the test and returns 0 when the log refuses it).
  uint64_t Submit(const std::string& kind, const std::string& party, const Json& body);
  // Advances the fake clock (receipt times drive the time-to-first-response figures).
  void AdvanceHours(double hours);

  Log& log() { return *log_; }
  Store& store() { return log_->store(); }
  // The views over this log (a fresh in-memory view database per MonitorLog).
  ViewSet& views() { return *views_; }
  // A second, independent ViewSet over the same log (for rebuild-versus-incremental checks).
  std::unique_ptr<ViewSet> FreshViews();

 private:
  FakeClock clock_;
  std::unique_ptr<Log> log_;
  std::unique_ptr<ViewSet> views_;
};

// A valid incident body: Battles/Armed clash in `admin1` on `date`, by `perp_party`, with
// `best` party_a fatalities (low = best, high = best + 1), place precision `precision`.
Json IncidentBody(const std::string& date, const std::string& admin1,
                  const std::string& perp_party, int best, int precision = 2);

}  // namespace jirga::testing
