// Scenarios for the compliance engine on hand-made fixtures shaped like the Doha agreement:
// relative deadlines, conditions and dependencies, clauses met late, breaches confirmed by a
// finding, and evaluation with only what was known on the day.
#include "compliance/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/fake_context.h"

namespace jirga::compliance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Commitment C(Json body) {
  auto c = ParseCommitmentBody(body);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

class EngineTest : public ::testing::Test {
 protected:
  void Clause(Json body, const char* recorded, uint64_t index = 0) {
    in_.clauses.push_back({C(std::move(body)), index ? index : next_++, D(recorded)});
  }
  void Claim(Json body, const char* recorded, uint64_t index = 0) {
    auto f = ParseFulfilmentBody(body);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    in_.fulfilments.push_back({*f, index ? index : next_++, D(recorded)});
  }
  ClauseStatus At(const char* day, const std::string& id) {
    auto all = EvaluateClauses(in_, ctx_, D(day));
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    if (all.ok()) {
      for (auto& s : *all) {
        if (s.id == id) return s;
      }
    }
    ADD_FAILURE() << "no clause " << id << " on " << day;
    return {};
  }
  static std::string State(const ClauseStatus& s) { return std::string(ClauseStateName(s.state)); }
  static std::string Day(const std::optional<Date>& d) { return d ? FormatDate(*d) : "none"; }

  // The signature on 29 February 2020, and the drawdown to 8,600 within 135 days of it.
  void Doha() {
    Claim({{"event", "signature"}, {"claim", "signed in Doha"}, {"date", "2020-02-29"}},
          "2020-02-29");
    Clause({{"id", "doha.us-drawdown-8600"},
            {"text", "US forces to 8,600 within 135 days"},
            {"obligor", "us"},
            {"metric", "troops(\"us\") <= 8600"},
            {"deadline", "135 days after event(\"signature\")"}},
           "2020-02-29");
    ctx_.SetMetric("troops(\"us\")", D("2020-02-29"), 13000);
  }

  Inputs in_;
  FakeContext ctx_;
  uint64_t next_ = 10;
};

TEST_F(EngineTest, DrawdownIsPendingThenPartlyDoneThenMetOnItsRelativeDeadline) {
  Doha();
  auto s = At("2020-03-11", "doha.us-drawdown-8600");
  EXPECT_EQ(State(s), "pending");
  EXPECT_EQ(Day(s.deadline), "2020-07-13");  // 2020-02-29 + 135 days
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(*s.value, 13000);
  EXPECT_EQ(*s.target, 8600);
  ctx_.SetMetric("troops(\"us\")", D("2020-04-15"), 12000);
  s = At("2020-05-01", "doha.us-drawdown-8600");
  EXPECT_EQ(State(s), "pending");
  EXPECT_NEAR(*s.fraction, 1000.0 / 4400, 1e-9);
  EXPECT_EQ(s.score, 1);  // minimal
  ctx_.SetMetric("troops(\"us\")", D("2020-06-15"), 10000);
  EXPECT_EQ(At("2020-06-16", "doha.us-drawdown-8600").score, 2);  // 3000/4400: intermediate
  ctx_.SetMetric("troops(\"us\")", D("2020-07-13"), 8600);
  s = At("2020-07-20", "doha.us-drawdown-8600");
  EXPECT_EQ(State(s), "met");
  EXPECT_EQ(Day(s.met_since), "2020-07-13");
  EXPECT_FALSE(s.late);
  EXPECT_EQ(s.score, 3);
  // On the signature day itself the anchor is known.
  EXPECT_EQ(Day(At("2020-02-29", "doha.us-drawdown-8600").deadline), "2020-07-13");
}

TEST_F(EngineTest, MetSinceLooksBackAcrossMonthsAndRestartsAfterARelapse) {
  Doha();
  ctx_.SetMetric("troops(\"us\")", D("2020-07-13"), 8600);
  ctx_.SetMetric("troops(\"us\")", D("2020-11-15"), 4500);
  ctx_.SetMetric("troops(\"us\")", D("2021-01-15"), 2500);
  auto s = At("2021-01-15", "doha.us-drawdown-8600");
  EXPECT_EQ(State(s), "met");
  EXPECT_EQ(Day(s.met_since), "2020-07-13");  // 186 days back, over several search windows
  // A surge above 8,600 in August ends that run; met again from September.
  ctx_.SetMetric("troops(\"us\")", D("2020-08-01"), 9000);
  ctx_.SetMetric("troops(\"us\")", D("2020-09-01"), 8000);
  EXPECT_EQ(State(At("2020-08-15", "doha.us-drawdown-8600")), "overdue");
  s = At("2020-10-01", "doha.us-drawdown-8600");
  EXPECT_EQ(Day(s.met_since), "2020-09-01");
  EXPECT_TRUE(s.late);
}

TEST_F(EngineTest, ReleasesAreOverdueThenProjectedThenMetLate) {
  Clause({{"id", "doha.prisoners-5000"},
          {"text", "up to 5,000 prisoners released by 10 March 2020"},
          {"obligor", "irog"},
          {"metric", "released(\"taliban-5000\") >= 5000"},
          {"deadline", "2020-03-10"}},
         "2020-02-29");
  ctx_.SetMetric("released(\"taliban-5000\")", D("2020-02-29"), 0);
  auto s = At("2020-03-11", "doha.prisoners-5000");
  EXPECT_EQ(State(s), "overdue");
  EXPECT_EQ(s.score, 0);
  ASSERT_TRUE(s.projection.has_value());
  EXPECT_FALSE(s.projection->date.has_value());
  EXPECT_THAT(s.projection->text, HasSubstr("never reached"));
  ctx_.SetMetric("released(\"taliban-5000\")", D("2020-05-04"), 2300);
  ctx_.SetMetric("released(\"taliban-5000\")", D("2020-06-01"), 3000);
  s = At("2020-06-01", "doha.prisoners-5000");
  EXPECT_EQ(State(s), "overdue");
  EXPECT_EQ(s.score, 2);  // 3000 of 5000
  ASSERT_TRUE(s.projection.has_value());
  EXPECT_EQ(s.projection->per_day, 25);  // 700 over the last 28 days
  EXPECT_EQ(s.projection->remaining, 2000);
  EXPECT_EQ(Day(s.projection->date), "2020-08-20");  // 80 days at 25 a day
  EXPECT_EQ(s.projection->text,
            "at 350 every two weeks the remaining 2,000 are reached by 2020-08-20");
  ctx_.SetMetric("released(\"taliban-5000\")", D("2020-09-03"), 5000);
  s = At("2020-09-30", "doha.prisoners-5000");
  EXPECT_EQ(State(s), "met");
  EXPECT_TRUE(s.late);
  EXPECT_EQ(Day(s.met_since), "2020-09-03");
  EXPECT_EQ(s.score, 3);
  EXPECT_FALSE(s.projection.has_value());
}

TEST_F(EngineTest, ALateReportCountsFromTheDayItIsKnownButDatesTheFactCorrectly) {
  Doha();
  ctx_.SetMetric("troops(\"us\")", D("2020-07-13"), 8600, D("2020-08-01"));
  EXPECT_EQ(State(At("2020-07-20", "doha.us-drawdown-8600")), "overdue");
  auto s = At("2020-08-01", "doha.us-drawdown-8600");
  EXPECT_EQ(State(s), "met");
  EXPECT_EQ(Day(s.met_since), "2020-07-13");
  EXPECT_FALSE(s.late);
}

TEST_F(EngineTest, AtADayNeverUsesLaterRecords) {
  Doha();
  // A clause recorded later does not exist yet; nor do later claims and findings.
  Clause({{"id", "doha.ian-start"}, {"text", "negotiations start"}, {"obligor", "iea"},
          {"deadline", "2020-03-10"}},
         "2020-03-01", 20);
  Claim({{"clause", "doha.ian-start"}, {"claim", "opened in Doha"}, {"date", "2020-09-12"}},
        "2020-09-12", 21);
  in_.findings.push_back({"doha.us-drawdown-8600", D("2020-03-03"), 22, D("2020-03-05")});
  auto before = EvaluateClauses(in_, ctx_, D("2020-02-29"));
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ(State(At("2020-03-04", "doha.us-drawdown-8600")), "pending");
  EXPECT_EQ(State(At("2020-03-05", "doha.us-drawdown-8600")), "breached");
  EXPECT_EQ(Day(At("2020-03-05", "doha.us-drawdown-8600").breached_on), "2020-03-03");
  EXPECT_EQ(State(At("2020-09-11", "doha.ian-start")), "overdue");
  auto ian = At("2020-09-12", "doha.ian-start");
  EXPECT_EQ(State(ian), "met");
  EXPECT_TRUE(ian.late);
  EXPECT_THAT(ian.evidence, ElementsAre(21u));
}

TEST_F(EngineTest, DependenciesAndConditionsDecideWhenAClauseIsInForce) {
  Clause({{"id", "doha.ian-start"}, {"text", "negotiations start"}, {"obligor", "iea"}},
         "2020-02-29");
  Clause({{"id", "doha.sanctions-un"},
          {"text", "UN delisting after negotiations start, aim 29 May"},
          {"obligor", "us"},
          {"depends_on", {"doha.ian-start"}},
          {"deadline", "2020-05-29"}},
         "2020-02-29");
  Clause({{"id", "doha.review"},
          {"text", "a review 90 days after negotiations start"},
          {"obligor", "qatar"},
          {"deadline", "90 days after met(\"doha.ian-start\")"}},
         "2020-02-29");
  Clause({{"id", "decree.fortnightly"},
          {"text", "500 every two weeks once written assurances are given"},
          {"obligor", "irog"},
          {"conditions", {"event(\"written-assurances\")"}},
          {"metric", "released(\"decree-2\") >= 3500"}},
         "2020-03-11");
  ctx_.SetMetric("released(\"decree-2\")", D("2020-03-11"), 0);
  EXPECT_EQ(State(At("2020-06-01", "doha.sanctions-un")), "not-in-force");  // past its aim, not due
  EXPECT_EQ(At("2020-06-01", "doha.sanctions-un").score, 0);
  EXPECT_EQ(Day(At("2020-06-01", "doha.review").deadline), "none");
  EXPECT_EQ(State(At("2020-06-01", "decree.fortnightly")), "not-in-force");
  Claim({{"clause", "doha.ian-start"}, {"claim", "opened"}, {"date", "2020-09-12"}}, "2020-09-12");
  auto un = At("2020-09-13", "doha.sanctions-un");
  EXPECT_EQ(State(un), "overdue");
  EXPECT_EQ(Day(un.in_force_since), "2020-09-12");
  EXPECT_EQ(Day(At("2020-09-13", "doha.review").deadline), "2020-12-11");
  Claim({{"event", "written-assurances"}, {"claim", "given"}, {"date", "2020-03-20"}}, "2020-03-21");
  auto dec = At("2020-03-21", "decree.fortnightly");
  EXPECT_EQ(State(dec), "pending");
  EXPECT_EQ(Day(dec.in_force_since), "2020-03-20");
  EXPECT_EQ(State(At("2020-03-20", "decree.fortnightly")), "not-in-force");  // not known yet
}

TEST_F(EngineTest, MetUsesTheEngineAndFollowsTheReferencedClause) {
  Doha();
  Clause({{"id", "doha.next"}, {"text", "after the drawdown"}, {"obligor", "us"},
          {"metric", "met(\"doha.us-drawdown-8600\") and troops(\"us\") <= 4500"}},
         "2020-03-01");
  ctx_.SetMetric("troops(\"us\")", D("2020-07-13"), 8600);
  ctx_.SetMetric("troops(\"us\")", D("2020-11-15"), 4500);
  EXPECT_EQ(State(At("2020-08-01", "doha.next")), "pending");
  auto s = At("2020-11-20", "doha.next");
  EXPECT_EQ(State(s), "met");
  EXPECT_EQ(Day(s.met_since), "2020-11-15");
}

TEST_F(EngineTest, AMetricNobodyCanAnswerMakesThatClauseUnknownOnly) {
  Doha();
  Clause({{"id", "doha.prisoners-1000"}, {"text", "1,000 released"}, {"obligor", "iea"},
          {"metric", "released(\"government-1000\") >= 1000"}},
         "2020-02-29");
  auto all = EvaluateClauses(in_, ctx_, D("2020-03-11"));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(State((*all)[0]), "pending");
  EXPECT_EQ(State((*all)[1]), "unknown");
  EXPECT_EQ((*all)[1].score, -1);
  EXPECT_THAT((*all)[1].error, HasSubstr("released(\"government-1000\")"));
  Json j = ClauseStatusJson((*all)[1]);
  EXPECT_TRUE(j["score"].is_null());
  EXPECT_EQ(j["status"], "unknown");
}

TEST_F(EngineTest, UnknownReferencesAndCyclesAreErrorsNamingThem) {
  Clause({{"id", "a"}, {"text", "a"}, {"obligor", "us"}, {"depends_on", {"b"}}}, "2020-03-01");
  auto r = EvaluateClauses(in_, ctx_, D("2020-03-02"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "clause \"a\" refers to clause \"b\", which no commitment known on 2020-03-02 defines");
  Clause({{"id", "b"}, {"text", "b"}, {"obligor", "us"}, {"metric", "met(\"c\")"}}, "2020-03-05");
  Clause({{"id", "c"}, {"text", "c"}, {"obligor", "us"}, {"deadline", "1d after met(\"a\")"}},
         "2020-03-05");
  r = EvaluateClauses(in_, ctx_, D("2020-03-06"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "clause references form a cycle: a -> b -> c -> a");
}

TEST_F(EngineTest, AnAmendmentAppliesFromItsRecordDay) {
  Doha();
  Clause({{"id", "doha.us-drawdown-8600"},
          {"text", "US forces to 8,600 by 1 July"},
          {"obligor", "us"},
          {"metric", "troops(\"us\") <= 8600"},
          {"deadline", "2020-07-01"}},
         "2020-05-01", 30);
  EXPECT_EQ(Day(At("2020-04-30", "doha.us-drawdown-8600").deadline), "2020-07-13");
  auto s = At("2020-05-01", "doha.us-drawdown-8600");
  EXPECT_EQ(Day(s.deadline), "2020-07-01");
  EXPECT_EQ(s.index, 30u);
  EXPECT_EQ(s.text, "US forces to 8,600 by 1 July");
}

TEST_F(EngineTest, ViolationTestFlagsButOnlyAFindingBreaches) {
  Clause({{"id", "doha.riv"},
          {"text", "reduction in violence"},
          {"obligor", "iea"},
          {"metric", "incidents(perpetrator=\"iea\", window=14d) <= 0.2 * baseline(\"pre-riv\")"},
          {"violation", "incidents(perpetrator=\"iea\", window=14d) > baseline(\"pre-riv\")"}},
         "2020-02-22");
  ctx_.SetMetric("baseline(\"pre-riv\")", D("2020-02-01"), 100);
  ctx_.SetMetric("incidents(perpetrator=\"iea\", window=14d)", D("2020-02-22"), 10);
  ctx_.SetMetric("incidents(perpetrator=\"iea\", window=14d)", D("2020-03-03"), 150);
  auto s = At("2020-02-25", "doha.riv");
  EXPECT_EQ(State(s), "met");
  EXPECT_EQ(s.violation_suspected, false);
  s = At("2020-03-04", "doha.riv");
  EXPECT_EQ(State(s), "pending");
  EXPECT_EQ(s.violation_suspected, true);
  in_.findings.push_back({"doha.riv", D("2020-03-03"), 40, D("2020-03-10")});
  EXPECT_EQ(State(At("2020-03-10", "doha.riv")), "breached");
  EXPECT_THAT(At("2020-03-10", "doha.riv").evidence, ElementsAre(40u));
}

TEST_F(EngineTest, JsonCarriesTheIssueFields) {
  Doha();
  Claim({{"clause", "doha.us-drawdown-8600"}, {"claim", "done"}, {"evidence", {3, 4}},
         {"date", "2020-07-14"}},
        "2020-07-14", 50);
  ctx_.SetMetric("troops(\"us\")", D("2020-07-13"), 8600);
  Json j = ClauseStatusJson(At("2020-07-20", "doha.us-drawdown-8600"));
  for (const char* k : {"id", "text", "obligor", "deadline", "status", "late", "score", "progress",
                        "evidence"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["deadline"], "2020-07-13");
  EXPECT_EQ(j["progress"]["value"], 8600);
  EXPECT_EQ(j["progress"]["target"], 8600);
  EXPECT_EQ(j["evidence"], Json({3, 4, 50}));
  Json t = ClauseTimelineJson(At("2020-07-20", "doha.us-drawdown-8600"));
  EXPECT_EQ(t["recorded"], "2020-02-29");
  EXPECT_EQ(t["in_force"], "2020-02-29");
  EXPECT_EQ(t["met"], "2020-07-13");
}

}  // namespace
}  // namespace jirga::compliance
