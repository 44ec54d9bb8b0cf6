// Scenarios for the built-in Doha 2020 log: the states of the agreement's clauses at dates of
// the public record, evaluation with only what was known on the day (against a log truncated at
// that day), honest labelling, and the Chatham House rule in the sessions.
#include "demo/doha2020.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.h"
#include "compliance/log_source.h"
#include "kinds/all_kinds.h"
#include "ledger/record.h"
#include "store/memory_store.h"

namespace jirga::demo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kNow = 1640995200LL * 1000000;  // 2022-01-01T00:00:00Z

SigningKey KeyFor(const std::string& name) {
  return *SigningKey::FromSeed(name, (name + std::string(32, '#')).substr(0, 32));
}

// The scenario's records whose time falls on or before `day` (a prefix: they are in time order).
std::vector<ScenarioRecord> Until(const std::vector<ScenarioRecord>& all, const std::string& day) {
  std::vector<ScenarioRecord> out;
  for (const auto& r : all) {
    if (r.time.substr(0, 10) > day) break;
    out.push_back(r);
  }
  return out;
}

// A log holding the parties and `records`.
std::unique_ptr<Log> BuildLog(const std::vector<ScenarioRecord>& records) {
  InitCrypto();
  static FakeClock clock(kNow);
  LogOptions opts;
  opts.clock = &clock;
  auto log = Log::Create(NewMemoryStore(), "test/doha", KeyFor("test/doha"), KeyFor("operator"),
                         "Operator", AllKinds(), opts);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  std::map<std::string, SigningKey> keys;
  for (const auto& p : Doha2020Parties()) {
    keys.emplace(p.id, KeyFor(p.id));
    Record r;
    r.kind = "party";
    r.party = "operator";
    r.time = "2020-01-01T00:00:00Z";
    r.body = {{"id", p.id},
              {"name", p.name},
              {"role", p.role},
              {"vkeys", {KeyFor(p.id).verifier().ToVkey()}},
              {"kinds", AllKinds().DefaultKindsFor(*ParseRole(p.role))}};
    auto a = (*log)->Append(SignRecord(SerializeRecord(r), KeyFor("operator")));
    EXPECT_TRUE(a.ok()) << a.status().ToString();
  }
  auto n = AppendScenario(**log, keys, records);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return std::move(*log);
}

class Doha2020Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    records_ = new std::vector<ScenarioRecord>(Doha2020Records());
    log_ = BuildLog(*records_).release();
    auto src = compliance::ReadLogSource(log_->store());
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    src_ = new compliance::LogSource(std::move(*src));
  }
  static void TearDownTestSuite() {
    delete src_;
    delete log_;
    delete records_;
  }

  static std::vector<compliance::ClauseStatus> At(const compliance::LogSource& src,
                                                  const char* day) {
    compliance::LogContext ctx(src);
    auto all = compliance::EvaluateClauses(src.inputs, ctx, *compliance::ParseDate(day));
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    return all.ok() ? *all : std::vector<compliance::ClauseStatus>{};
  }
  static compliance::ClauseStatus Clause(const char* day, const std::string& id) {
    for (auto& c : At(*src_, day)) {
      if (c.id == id) return c;
    }
    ADD_FAILURE() << "no clause " << id << " on " << day;
    return {};
  }
  static std::string State(const compliance::ClauseStatus& c) {
    return std::string(compliance::ClauseStateName(c.state));
  }

  static std::vector<ScenarioRecord>* records_;
  static Log* log_;
  static compliance::LogSource* src_;
};

std::vector<ScenarioRecord>* Doha2020Test::records_ = nullptr;
Log* Doha2020Test::log_ = nullptr;
compliance::LogSource* Doha2020Test::src_ = nullptr;

TEST_F(Doha2020Test, OnTheDayAfterTheDeadlineTheReleaseOfFiveThousandIsOverdue) {
  auto c = Clause("2020-03-11", "doha.prisoners-5000");
  EXPECT_EQ(State(c), "overdue");
  EXPECT_EQ(*c.value, 0);
  EXPECT_EQ(*c.target, 5000);
  EXPECT_EQ(State(Clause("2020-03-11", "doha.prisoners-1000")), "overdue");
  EXPECT_EQ(State(Clause("2020-03-11", "doha.ian-start")), "overdue");
  EXPECT_EQ(State(Clause("2020-03-11", "doha.sanctions-un")), "not-in-force");
}

TEST_F(Doha2020Test, ByTwentiethJulyTheDrawdownTo8600IsMetOnTime) {
  auto c = Clause("2020-07-20", "doha.us-drawdown-8600");
  EXPECT_EQ(State(c), "met");
  EXPECT_FALSE(c.late);
  EXPECT_EQ(compliance::FormatDate(*c.deadline), "2020-07-13");
  EXPECT_EQ(c.score, 3);
  // Before the July record it was pending.
  EXPECT_EQ(State(Clause("2020-07-12", "doha.us-drawdown-8600")), "pending");
}

TEST_F(Doha2020Test, ByTheEndOfSeptemberBothReleaseClausesAreMetLate) {
  for (const char* id : {"doha.prisoners-5000", "doha.prisoners-1000"}) {
    auto c = Clause("2020-09-30", id);
    EXPECT_EQ(State(c), "met") << id;
    EXPECT_TRUE(c.late) << id;
    EXPECT_EQ(*c.value, *c.target) << id;
  }
  EXPECT_EQ(compliance::FormatDate(*Clause("2020-09-30", "doha.prisoners-5000").met_since),
            "2020-09-03");
  // The last 400 came after the Loya Jirga of 7-9 August: 4,600 before it.
  EXPECT_EQ(*Clause("2020-08-09", "doha.prisoners-5000").value, 4600);
  EXPECT_EQ(State(Clause("2020-09-30", "doha.ian-start")), "met");
  EXPECT_TRUE(Clause("2020-09-30", "doha.ian-start").late);
  EXPECT_EQ(State(Clause("2020-09-30", "doha.sanctions-un")), "overdue");
}

TEST_F(Doha2020Test, OnFifteenthJanuary2021FullWithdrawalIsPendingWith2500Remaining) {
  auto c = Clause("2021-01-15", "doha.us-withdrawal-full");
  EXPECT_EQ(State(c), "pending");
  EXPECT_EQ(*c.value, 2500);
  EXPECT_EQ(*c.target, 0);
  EXPECT_EQ(compliance::FormatDate(*c.deadline), "2021-04-29");
}

TEST_F(Doha2020Test, ReducedViolenceIsJudgedAgainstTheBaselineAndGatesTheDecreeTranches) {
  // 76 attacks in the four days after the signature: far above 0.8 x the baseline fortnight.
  auto riv = Clause("2020-03-11", "doha.riv");
  EXPECT_EQ(State(riv), "pending");
  EXPECT_GT(*riv.value, *riv.target);
  EXPECT_EQ(*riv.target, 0.8 * 56);  // 14 days x 4 attacks
  // The respite after the Eid al-Fitr ceasefire.
  EXPECT_EQ(State(Clause("2020-06-15", "doha.riv")), "met");
  EXPECT_EQ(State(Clause("2020-03-11", "decree.release-1500")), "not-in-force");
  EXPECT_EQ(State(Clause("2020-06-15", "decree.release-1500")), "met");
}

TEST_F(Doha2020Test, AtADayGivesWhatALogTruncatedAtThatDayGives) {
  for (const char* day : {"2020-03-11", "2020-07-20", "2020-09-30", "2021-01-15"}) {
    auto truncated = BuildLog(Until(*records_, day));
    auto src = compliance::ReadLogSource(truncated->store());
    ASSERT_TRUE(src.ok());
    auto full = At(*src_, day), part = At(*src, day);
    ASSERT_EQ(full.size(), part.size()) << day;
    const uint64_t last = truncated->Size() - 1;
    for (size_t i = 0; i < full.size(); ++i) {
      EXPECT_EQ(compliance::ClauseStatusJson(full[i]).dump(),
                compliance::ClauseStatusJson(part[i]).dump())
          << day;
      for (uint64_t e : full[i].evidence) EXPECT_LE(e, last) << day << " " << full[i].id;
    }
  }
}

TEST_F(Doha2020Test, EverySyntheticRecordSaysSoAndEveryPrisonerIsSynthetic) {
  int prisoners = 0, synthetic_incidents = 0, real_incidents = 0;
  for (const auto& r : *records_) {
    if (r.kind == "prisoner") {
      ++prisoners;
      EXPECT_TRUE(IsSyntheticBody(r.kind, r.body)) << r.body.dump();
    }
    if (r.kind == "incident") {
      (IsSyntheticBody(r.kind, r.body) ? synthetic_incidents : real_incidents)++;
    }
    if (r.kind == "release" || r.kind == "verification") {
      EXPECT_TRUE(IsSyntheticBody(r.kind, r.body)) << r.body.dump();
    }
  }
  EXPECT_EQ(prisoners, kTalibanListSize + kGovListSize);
  EXPECT_EQ(real_incidents, 2);  // the US strike of 4 March and the Kabul attack of 6 March
  EXPECT_GT(synthetic_incidents, 1000);
}

TEST_F(Doha2020Test, SessionsNameNoPersonNextToAPoint) {
  // The people the seed documents name; none may appear in a session, and points are text only.
  const char* people[] = {"Khalilzad", "Abdullah", "Qahtani", "Ghani", "Baradar", "Hakim"};
  int sessions = 0;
  for (const auto& [index, s] : src_->sessions) {
    ++sessions;
    std::string out = dialogue::SessionJson(s, index).dump();
    for (const char* who : people) EXPECT_THAT(out, Not(HasSubstr(who)));
  }
  EXPECT_EQ(sessions, 3);
  for (const auto& r : *records_) {
    if (r.kind != "session") continue;
    for (const auto& p : r.body["points"]) EXPECT_EQ(p.size(), 1u) << p.dump();  // {"text"}
    Json attributed = r.body;
    attributed["points"][0]["speaker"] = "a participant";
    EXPECT_FALSE(dialogue::ParseSessionBody(attributed).ok());
  }
}

TEST_F(Doha2020Test, TheScenarioIsTheSameOnEveryRun) {
  auto again = Doha2020Records();
  ASSERT_EQ(again.size(), records_->size());
  for (size_t i = 0; i < again.size(); ++i) {
    ASSERT_EQ(again[i].time, (*records_)[i].time);
    ASSERT_EQ(again[i].body, (*records_)[i].body);
  }
}

}  // namespace
}  // namespace jirga::demo
