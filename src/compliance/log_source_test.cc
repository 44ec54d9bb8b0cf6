// Scenarios for the metrics a LogContext answers from a real (in-memory) log: released() from
// prisoner and release records, incidents() with windows, filters, retractions and supersedes,
// baseline(), each only with what was recorded by the `known` day, and their change days.
#include "compliance/log_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.h"
#include "compliance/fake_context.h"
#include "kinds/all_kinds.h"
#include "ledger/log.h"
#include "ledger/record.h"
#include "store/memory_store.h"
#include "testing/monitor_log.h"

namespace jirga::compliance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1609459200LL * 1000000;  // 2021-01-01T00:00:00Z

SigningKey KeyFor(const std::string& name) {
  return *SigningKey::FromSeed(name, std::string(32, name[0]));
}

class LogContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    LogOptions opts;
    opts.clock = &clock_;
    auto log = Log::Create(NewMemoryStore(), "test/compliance", KeyFor("test/compliance"),
                           KeyFor("operator"), "Operator", AllKinds(), opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    for (auto [id, role] : {std::pair{"gov", "belligerent"}, {"iea", "belligerent"},
                            {"mediator", "mediator"}}) {
      Submit("party", "operator",
             {{"id", id},
              {"name", id},
              {"role", role},
              {"vkeys", {KeyFor(id).verifier().ToVkey()}},
              {"kinds", AllKinds().DefaultKindsFor(*ParseRole(role))}},
             "2020-01-01");
    }
  }

  // Appends a record dated `day` (noon UTC); returns its index.
  uint64_t Submit(const std::string& kind, const std::string& party, const Json& body,
                  const std::string& day) {
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = day + "T12:00:00Z";
    r.body = body;
    auto a = log_->Append(SignRecord(SerializeRecord(r), KeyFor(party)));
    EXPECT_TRUE(a.ok()) << kind << ": " << a.status().ToString();
    return a.ok() ? a->index : 0;
  }
  uint64_t Prisoner(const std::string& list, const std::string& entry, const std::string& day) {
    return Submit("prisoner", "iea",
                  {{"list", list}, {"entry", entry}, {"listing_party", "iea"},
                   {"name", "Test Person " + entry.substr(2)}, {"synthetic", true}},
                  day);
  }
  uint64_t Release(const std::string& date, std::vector<uint64_t> prisoners, Json entries,
                   const std::string& day) {
    Json b = {{"date", date}, {"place", "Bagram prison"}};
    if (!prisoners.empty()) b["prisoners"] = prisoners;
    if (!entries.empty()) b["entries"] = entries;
    return Submit("release", "gov", b, day);
  }
  uint64_t Incident(const std::string& date, const std::string& province, const std::string& by,
                    const std::string& day) {
    return Submit("incident", "gov", testing::IncidentBody(date, province, by, 1), day);
  }

  // The metric `expr` (a number-valued call) on `at` with what was known on `known`.
  Result<double> Value(const std::string& expr, const char* at, const char* known) {
    auto e = ParseExpression(expr, DefaultFunctions(), Type::kNumber);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    if (!src_) {
      auto s = ReadLogSource(log_->store());
      EXPECT_TRUE(s.ok()) << s.status().ToString();
      src_ = std::make_unique<LogSource>(std::move(*s));
      ctx_ = std::make_unique<LogContext>(*src_);
    }
    return ctx_->Metric(*e->Calls()[0], D(at), D(known));
  }
  double V(const std::string& expr, const char* at, const char* known = nullptr) {
    auto v = Value(expr, at, known ? known : at);
    EXPECT_TRUE(v.ok()) << expr << ": " << v.status().ToString();
    return v.ok() ? *v : -1;
  }
  std::vector<std::string> Changes(const std::string& expr, const char* from, const char* to) {
    auto e = ParseExpression(expr, DefaultFunctions(), Type::kNumber);
    V(expr, to);
    auto ds = ctx_->ChangeDates(*e->Calls()[0], D(from), D(to), D(to));
    EXPECT_TRUE(ds.ok());
    std::vector<std::string> out;
    for (Date d : *ds) out.push_back(FormatDate(d));
    return out;
  }

  FakeClock clock_{kNow};
  std::unique_ptr<Log> log_;
  std::unique_ptr<LogSource> src_;
  std::unique_ptr<LogContext> ctx_;
};

TEST_F(LogContextTest, ReleasedCountsDistinctEntriesByReleaseDayThroughPrisonerRecordsAndRefs) {
  uint64_t a = Prisoner("taliban-5000", "T-0001", "2020-03-05");
  uint64_t b = Prisoner("taliban-5000", "T-0002", "2020-03-05");
  uint64_t c = Prisoner("gov-1000", "G-0001", "2020-03-05");
  Release("2020-04-08", {a, c}, Json::array(), "2020-04-08");
  // T-0001 again (a duplicate report) and T-0002 with T-0003 by list reference.
  Release("2020-04-20", {a}, {{{"list", "taliban-5000"}, {"entry", "T-0002"}},
                              {{"list", "taliban-5000"}, {"entry", "T-0003"}}},
          "2020-04-21");
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-07"), 0);
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-08"), 1);
  EXPECT_EQ(V("released(\"gov-1000\")", "2020-04-08"), 1);
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-30"), 3);
  // Released on the 20th but recorded on the 21st: known from the 21st, then dated the 20th.
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-20", "2020-04-20"), 1);
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-20", "2020-04-21"), 3);
  EXPECT_THAT(Changes("released(\"taliban-5000\")", "2020-01-01", "2020-12-31"),
              ElementsAre("2020-04-08", "2020-04-20"));
  (void)b;
}

TEST_F(LogContextTest, ReleasedOfAListNoRecordNamesIsNotFoundButAListWithNoReleasesIsZero) {
  Prisoner("gov-1000", "G-0001", "2020-03-05");
  EXPECT_EQ(V("released(\"gov-1000\")", "2020-03-06"), 0);
  auto v = Value("released(\"gov-1000\")", "2020-03-04", "2020-03-04");  // not known yet
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
  v = Value("released(\"no-such-list\")", "2020-06-01", "2020-06-01");
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(v.status().message(), HasSubstr("no-such-list"));
}

TEST_F(LogContextTest, AnEarlierReleaseDayLearnedLaterMovesTheEntryBackOnlyFromThen) {
  uint64_t a = Prisoner("taliban-5000", "T-0001", "2020-03-05");
  Release("2020-05-01", {a}, Json::array(), "2020-05-01");
  Release("2020-04-01", {a}, Json::array(), "2020-06-01");  // a correction, recorded later
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-15", "2020-05-15"), 0);
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-15", "2020-06-01"), 1);
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-05-15", "2020-05-15"), 1);  // cursor goes back
}

TEST_F(LogContextTest, ARedactedReleaseIsSkippedNotAnError) {
  uint64_t a = Prisoner("taliban-5000", "T-0001", "2020-03-05");
  uint64_t r = Release("2020-04-08", {a}, Json::array(), "2020-04-08");
  Release("2020-04-09", {}, {{{"list", "taliban-5000"}, {"entry", "T-0002"}}}, "2020-04-09");
  Submit("redaction", "mediator", {{"index", r}, {"reason", "erasure requested"}}, "2020-05-01");
  EXPECT_EQ(V("released(\"taliban-5000\")", "2020-04-30"), 1);  // the content is gone
}

TEST_F(LogContextTest, RedactedClausesFulfilmentsTroopsAndSessionsAreReadAsNeverMade) {
  uint64_t a = Submit("commitment", "mediator", {{"id", "doha.a"}, {"text", "a"}, {"obligor", "gov"}},
                      "2020-03-01");
  uint64_t b = Submit("commitment", "mediator", {{"id", "doha.b"}, {"text", "b"}, {"obligor", "gov"}},
                      "2020-03-01");
  uint64_t f = Submit("fulfilment", "mediator",
                      {{"event", "signature"}, {"claim", "Signed"}, {"date", "2020-02-29"}},
                      "2020-03-01");
  uint64_t t1 = Submit("troops", "gov", {{"force", "gov"}, {"strength", 13000}, {"as_of", "2020-03-01"}},
                       "2020-03-01");
  uint64_t t2 = Submit("troops", "gov", {{"force", "gov"}, {"strength", 12000}, {"as_of", "2020-04-01"}},
                       "2020-04-01");
  Json session = {{"date", "2020-06-08"},
                  {"title", "Talks"},
                  {"organiser", "Heart of Asia Society"},
                  {"participants", {{"countries", {"Afghanistan", "Qatar"}}}},
                  {"points", {{{"text", "A point."}}}}};
  uint64_t s = Submit("session", "mediator", session, "2020-06-09");
  for (uint64_t i : {a, f, t1, s}) {
    Submit("redaction", "mediator", {{"index", i}, {"reason", "erasure requested"}}, "2020-07-01");
  }
  auto src = ReadLogSource(log_->store());
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  ASSERT_EQ(src->inputs.clauses.size(), 1u);  // doha.a is gone, for every day
  EXPECT_EQ(src->inputs.clauses[0].index, b);
  EXPECT_TRUE(src->inputs.fulfilments.empty());
  ASSERT_EQ(src->troops["gov"].size(), 1u);
  EXPECT_EQ(src->troops["gov"][0].index, t2);
  EXPECT_TRUE(src->sessions.empty());
  // The 13,000 declaration is gone: no strength is known before April's.
  EXPECT_EQ(V("troops(\"gov\")", "2020-04-02"), 12000);
  EXPECT_EQ(Value("troops(\"gov\")", "2020-03-02", "2020-03-02").status().code(),
            StatusCode::kNotFound);
}

TEST_F(LogContextTest, IncidentsCountTheWindowEndingOnTheDayWithFilters) {
  Incident("2020-03-01", "AF-HEL", "iea", "2020-03-02");
  Incident("2020-03-03", "AF-HEL", "iea", "2020-03-03");
  Incident("2020-03-03", "AF-KAB", "isis-k", "2020-03-04");
  Incident("2020-03-20", "AF-KAN", "iea", "2020-03-20");
  EXPECT_EQ(V("incidents()", "2020-03-31"), 4);
  EXPECT_EQ(V("incidents(perpetrator=\"iea\")", "2020-03-31"), 3);
  EXPECT_EQ(V("incidents(province=\"AF-HEL\")", "2020-03-31"), 2);
  EXPECT_EQ(V("incidents(type=\"Battles\", perpetrator=\"isis-k\")", "2020-03-31"), 1);
  EXPECT_EQ(V("incidents(type=\"Riots\")", "2020-03-31"), 0);
  EXPECT_EQ(V("incidents(perpetrator=\"nobody\")", "2020-03-31"), 0);
  // 14 days ending on 2020-03-16: 03-03 .. 03-16.
  EXPECT_EQ(V("incidents(window=14d)", "2020-03-16"), 2);
  EXPECT_EQ(V("incidents(window=2w)", "2020-03-14"), 3);
  // A calendar month ending on D: 2020-03-01..03-31, then 03-03..04-02.
  EXPECT_EQ(V("incidents(window=1mo)", "2020-03-31"), 4);
  EXPECT_EQ(V("incidents(window=1mo)", "2020-04-02"), 3);
  // Recorded on 03-04: not known on 03-03 even though it happened then.
  EXPECT_EQ(V("incidents()", "2020-03-03", "2020-03-03"), 2);
  EXPECT_THAT(Changes("incidents(window=14d)", "2020-03-01", "2020-03-31"),
              ElementsAre("2020-03-01", "2020-03-03", "2020-03-15", "2020-03-17", "2020-03-20"));
}

TEST_F(LogContextTest, RetractionsAndSupersedesByTheReporterCountFromTheirDayOthersDoNot) {
  uint64_t i1 = Incident("2020-03-01", "AF-HEL", "iea", "2020-03-01");
  uint64_t i2 = Incident("2020-03-02", "AF-HEL", "iea", "2020-03-02");
  uint64_t i3 = Incident("2020-03-02", "AF-HEL", "iea", "2020-03-02");
  Submit("response", "gov", {{"to", i1}, {"action", "retract"}, {"reason", "duplicate"}},
         "2020-03-10");
  Json moved = testing::IncidentBody("2020-03-02", "AF-KAB", "iea", 1);
  Submit("response", "gov",
         {{"to", i2}, {"action", "supersede"}, {"reason", "it was Kabul"}, {"incident", moved}},
         "2020-03-12");
  // A contest by the other side counts as the monitor's "all" does; a retraction by someone
  // other than the reporter is ignored.
  Submit("response", "iea",
         {{"to", i3}, {"action", "contest"}, {"aspects", {"attribution"}}, {"reason", "not us"}},
         "2020-03-05");
  Submit("response", "iea", {{"to", i3}, {"action", "retract"}, {"reason", "no"}}, "2020-03-05");
  EXPECT_EQ(V("incidents(province=\"AF-HEL\")", "2020-03-09"), 3);
  EXPECT_EQ(V("incidents(province=\"AF-HEL\")", "2020-03-10"), 2);
  EXPECT_EQ(V("incidents(province=\"AF-HEL\")", "2020-03-12"), 1);
  EXPECT_EQ(V("incidents(province=\"AF-KAB\")", "2020-03-12"), 1);
  EXPECT_EQ(V("incidents(province=\"AF-KAB\")", "2020-03-11"), 0);
  // As known before the responses, on a later day.
  EXPECT_EQ(V("incidents(province=\"AF-HEL\")", "2020-03-09", "2020-03-09"), 3);
}

TEST_F(LogContextTest, BaselineCountsItsWindowAndFilterAndTheFirstOfANameWins) {
  Incident("2020-02-01", "AF-HEL", "iea", "2020-02-01");
  Incident("2020-02-02", "AF-KAB", "iea", "2020-02-02");
  Incident("2020-02-03", "AF-HEL", "gov", "2020-02-03");
  Incident("2020-02-20", "AF-HEL", "iea", "2020-02-20");  // after the window
  Submit("baseline", "mediator",
         {{"name", "pre-riv"}, {"from", "2020-02-01"}, {"to", "2020-02-14"},
          {"filter", {{"perpetrator_party", "iea"}}}},
         "2020-02-21");
  Submit("baseline", "mediator",
         {{"name", "pre-riv"}, {"from", "2020-01-01"}, {"to", "2020-12-31"}}, "2020-02-22");
  Submit("baseline", "mediator",
         {{"name", "helmand"}, {"from", "2020-02-01"}, {"to", "2020-02-28"},
          {"filter", {{"admin1", {"AF-HEL"}}, {"event_type", {"Battles"}}}}},
         "2020-02-22");
  EXPECT_EQ(V("baseline(\"pre-riv\")", "2020-03-01"), 2);
  EXPECT_EQ(V("baseline(\"helmand\")", "2020-03-01"), 3);
  auto v = Value("baseline(\"pre-riv\")", "2020-02-20", "2020-02-20");
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Changes("baseline(\"pre-riv\")", "2020-01-01", "2020-12-31").empty());
}

TEST_F(LogContextTest, AReductionOfViolenceClauseIsEvaluatedAgainstItsBaseline) {
  for (int d = 1; d <= 10; ++d) {
    char day[11];
    std::snprintf(day, sizeof day, "2020-02-%02d", d);
    Incident(day, "AF-HEL", "iea", day);
  }
  Submit("baseline", "mediator",
         {{"name", "pre-riv"}, {"from", "2020-02-01"}, {"to", "2020-02-14"},
          {"filter", {{"perpetrator_party", "iea"}}}},
         "2020-02-15");
  Incident("2020-03-02", "AF-HEL", "iea", "2020-03-02");
  Submit("commitment", "mediator",
         {{"id", "riv"}, {"text", "violence reduced"}, {"obligor", "iea"},
          {"metric", "incidents(perpetrator=\"iea\", window=14d) <= 0.2 * baseline(\"pre-riv\")"}},
         "2020-02-16");
  auto src = ReadLogSource(log_->store());
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  LogContext ctx(*src);
  auto s = EvaluateClauses(src->inputs, ctx, D("2020-03-10"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(ClauseStateName((*s)[0].state), "met");
  EXPECT_EQ(*(*s)[0].value, 1);
  EXPECT_EQ(*(*s)[0].target, 2);
  // Met since 22 February: the window 02-09..02-22 holds 2 incidents, at most 0.2 * 10.
  EXPECT_EQ(FormatDate(*(*s)[0].met_since), "2020-02-22");
}

}  // namespace
}  // namespace jirga::compliance
