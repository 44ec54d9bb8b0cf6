// The monitor test log (see monitor_log.h).
#include "testing/monitor_log.h"

#include <gtest/gtest.h>

#include "kinds/all_kinds.h"
#include "ledger/record.h"
#include "store/store.h"

namespace jirga::testing {
namespace {

constexpr int64_t kStart = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z

SigningKey KeyFor(const std::string& name) {
  return *SigningKey::FromSeed(name, std::string(32, name[0]));
}

const char* const kParties[][2] = {
    {"gov", "belligerent"}, {"iea", "belligerent"}, {"unama", "verifier"}, {"mediator", "mediator"}};

}  // namespace

MonitorLog::MonitorLog() : clock_(kStart) {
  InitCrypto();
  LogOptions opts;
  opts.clock = &clock_;
  auto log = Log::Create(NewMemoryStore(), "test/monitor", KeyFor("test/monitor"),
                         KeyFor("operator"), "Operator", AllKinds(), opts);
  if (!log.ok()) {
    ADD_FAILURE() << log.status().ToString();
    return;
  }
  log_ = std::move(*log);
  for (auto& [id, role] : kParties) {
    Json body = {{"id", id},
                 {"name", id},
                 {"role", role},
                 {"vkeys", {KeyFor(id).verifier().ToVkey()}},
                 {"kinds", AllKinds().DefaultKindsFor(*ParseRole(role))}};
    Submit("party", "operator", body);
  }
  views_ = FreshViews();
}

MonitorLog::~MonitorLog() = default;

std::unique_ptr<ViewSet> MonitorLog::FreshViews() {
  auto v = OpenViews(log_->store(), ":memory:");
  if (!v.ok()) {
    ADD_FAILURE() << v.status().ToString();
    return nullptr;
  }
  return std::move(*v);
}

uint64_t MonitorLog::Submit(const std::string& kind, const std::string& party, const Json& body) {
  Record r;
  r.kind = kind;
  r.party = party;
  r.time = FormatRfc3339(clock_.NowMicros());
  r.body = body;
  auto appended = log_->Append(SignRecord(SerializeRecord(r), KeyFor(party)));
  if (!appended.ok()) {
    ADD_FAILURE() << kind << " by " << party << ": " << appended.status().ToString();
    return 0;
  }
  return appended->index;
}

void MonitorLog::AdvanceHours(double hours) {
  clock_.Advance(static_cast<int64_t>(hours * 3600.0 * 1e6));
}

Json IncidentBody(const std::string& date, const std::string& admin1,
                  const std::string& perp_party, int best, int precision) {
  Json place = {{"country", "AF"}, {"precision", precision}};
  if (!admin1.empty()) place["admin1"] = admin1;
  return {{"date", {{"start", date}, {"precision", "day"}}},
          {"place", place},
          {"event", {{"type", "Battles"}, {"subtype", "Armed clash"}}},
          {"actors", {{"perpetrator", {{"name", "Forces of " + perp_party}, {"party", perp_party}}}}},
          {"fatalities", {{"party_a", {{"low", best}, {"best", best}, {"high", best + 1}}}}}};
}

}  // namespace jirga::testing
