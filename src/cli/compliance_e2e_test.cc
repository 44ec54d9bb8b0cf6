// End-to-end scenarios for `jirga compliance status|timeline` and `jirga dialogue sessions`:
// the real binary over a store built by `jirga submit`, evaluated at dates, with refusals at
// submission leaving the log as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/json.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::AddParty;
using testing::Jirga;
using testing::Lines;
using testing::ProcessResult;
using testing::TempDir;

std::string Line(const std::string& kind, const std::string& time, const Json& body) {
  return Json{{"kind", kind}, {"time", time}, {"body", body}}.dump() + "\n";
}

// A log with a mediator (qatar) and a force-contributing guarantor (us), the signature, the
// drawdown and 5,000-release clauses, and the US strength at signature.
class ComplianceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.File("log.db");
    ASSERT_EQ(Jirga({"init", "--store", store_, "--origin", "test/log"}).exit_code, 0);
    for (auto [id, role, kinds] :
         {std::tuple<std::string, std::string, std::string>{"qatar", "mediator",
                                                            "commitment,fulfilment,session"},
          {"us", "guarantor", "troops,fulfilment"}}) {
      ASSERT_EQ(AddParty(store_, dir_.File(id + ".key"), id, role, kinds), "");
    }
    Submit("qatar",
           Line("fulfilment", "2020-02-29T12:00:00Z",
                {{"event", "signature"}, {"claim", "Signed in Doha"}, {"date", "2020-02-29"}}) +
               Line("commitment", "2020-02-29T12:00:00Z",
                    {{"id", "doha.us-drawdown-8600"},
                     {"text", "US forces to 8,600 within 135 days"},
                     {"obligor", "us"},
                     {"metric", "troops(\"us\") <= 8600"},
                     {"deadline", "135 days after event(\"signature\")"}}) +
               Line("commitment", "2020-02-29T12:00:00Z",
                    {{"id", "doha.prisoners-5000"},
                     {"text", "up to 5,000 prisoners released by 10 March 2020"},
                     {"obligor", "irog"},
                     {"metric", "released(\"taliban-5000\") >= 5000"},
                     {"deadline", "2020-03-10"}}));
    Submit("us", Line("troops", "2020-02-29T12:00:00Z",
                      {{"force", "us"}, {"strength", 13000}, {"as_of", "2020-02-29"}}));
  }

  void Submit(const std::string& party, const std::string& input) {
    auto r = Jirga({"submit", "--store", store_, "--key", dir_.File(party + ".key"), "-"}, input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ProcessResult TrySubmit(const std::string& party, const std::string& input) {
    return Jirga({"submit", "--store", store_, "--key", dir_.File(party + ".key"), "-"}, input);
  }
  uint64_t Size() {
    auto lines = Lines(Jirga({"log", "checkpoint", "--store", store_}).out);
    return lines.size() > 1 ? std::stoull(lines[1]) : 0;
  }
  // The clause `id` in `compliance status --at day`.
  Json Clause(const std::string& day, const std::string& id) {
    auto r = Jirga({"compliance", "status", "--store", store_, "--at", day});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out;
    if (j.ok()) {
      for (const auto& c : *j) {
        if (c["id"] == id) return c;
      }
    }
    ADD_FAILURE() << "no clause " << id << " at " << day << ": " << r.out;
    return Json();
  }

  TempDir dir_;
  std::string store_;
};

TEST_F(ComplianceCliTest, StatusAtDatesFollowsTheTroopsRecords) {
  Json c = Clause("2020-03-11", "doha.us-drawdown-8600");
  EXPECT_EQ(c["status"], "pending");
  EXPECT_EQ(c["deadline"], "2020-07-13");
  EXPECT_EQ(c["progress"]["value"], 13000);
  EXPECT_EQ(c["progress"]["target"], 8600);
  EXPECT_EQ(c["score"], 0);
  Submit("us", Line("troops", "2020-07-13T18:00:00Z",
                    {{"force", "us"}, {"strength", 8600}, {"as_of", "2020-07-13"}}));
  c = Clause("2020-07-20", "doha.us-drawdown-8600");
  EXPECT_EQ(c["status"], "met");
  EXPECT_EQ(c["late"], false);
  EXPECT_EQ(c["score"], 3);
  EXPECT_EQ(c["met_since"], "2020-07-13");
}

TEST_F(ComplianceCliTest, AMetricWithoutDataIsShownOnTheClause) {
  // No prisoner or release record names the list: unknown, saying why, rather than a guess.
  Json c = Clause("2020-03-11", "doha.prisoners-5000");
  EXPECT_EQ(c["status"], "unknown");
  EXPECT_TRUE(c["score"].is_null());
  EXPECT_EQ(c["deadline"], "2020-03-10");
  EXPECT_THAT(c["error"].get<std::string>(),
              HasSubstr("no prisoner or release record names list \"taliban-5000\""));
}

TEST_F(ComplianceCliTest, ReleasedCountsTheListsReleasesByTheirDate) {
  // irog detains and releases; three entries of gov-1000, a clause for two of them by 20 March.
  ASSERT_EQ(AddParty(store_, dir_.File("irog.key"), "irog", "belligerent"), "");
  Submit("qatar", Line("commitment", "2020-03-01T12:00:00Z",
                       {{"id", "doha.gov-2"},
                        {"text", "two government personnel released by 20 March"},
                        {"obligor", "iea"},
                        {"metric", "released(\"gov-1000\") >= 2"},
                        {"deadline", "2020-03-20"}}));
  std::string entries;
  for (int i = 0; i < 3; ++i) {
    entries += Line("prisoner", "2020-03-01T12:00:00Z",
                    {{"list", "gov-1000"}, {"entry", "G-" + std::to_string(i)},
                     {"listing_party", "irog"}, {"name", "Person " + std::string(1, 'A' + i)},
                     {"synthetic", true}});
  }
  auto sub = Jirga({"submit", "--store", store_, "--key", dir_.File("irog.key"), "-"}, entries);
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  const std::string first = Lines(sub.out)[0].substr(0, Lines(sub.out)[0].find(' '));
  Submit("irog", Line("release", "2020-03-10T12:00:00Z",
                      {{"prisoners", {std::stoull(first)}}, {"date", "2020-03-10"},
                       {"place", "Kandahar"}, {"batch", "first"}}));
  Json c = Clause("2020-03-12", "doha.gov-2");
  EXPECT_EQ(c["status"], "pending") << c.dump();
  EXPECT_EQ(c["progress"]["value"], 1) << c.dump();
  // The second person released by list and entry id; reported on the 22nd, released on the 18th.
  Submit("irog", Line("release", "2020-03-22T12:00:00Z",
                      {{"entries", {{{"list", "gov-1000"}, {"entry", "G-1"}}}},
                       {"date", "2020-03-18"}, {"place", "Kandahar"}, {"batch", "second"}}));
  EXPECT_EQ(Clause("2020-03-21", "doha.gov-2")["status"], "overdue");  // not known yet
  c = Clause("2020-03-22", "doha.gov-2");
  EXPECT_EQ(c["status"], "met") << c.dump();
  EXPECT_EQ(c["met_since"], "2020-03-18");
  EXPECT_EQ(c["late"], false);
}

TEST_F(ComplianceCliTest, AtNeverUsesRecordsFromAfterTheDate) {
  // 8,600 reached on 13 July but reported on 1 August.
  Submit("us", Line("troops", "2020-08-01T09:00:00Z",
                    {{"force", "us"}, {"strength", 8600}, {"as_of", "2020-07-13"}}));
  EXPECT_EQ(Clause("2020-07-20", "doha.us-drawdown-8600")["status"], "overdue");
  Json c = Clause("2020-08-01", "doha.us-drawdown-8600");
  EXPECT_EQ(c["status"], "met");
  EXPECT_EQ(c["late"], false);  // met on the 13th, the deadline
  auto before = Jirga({"compliance", "status", "--store", store_, "--at", "2020-02-28"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(*ParseJsonStrict(before.out), Json::array());
}

TEST_F(ComplianceCliTest, TimelineAndTableFormats) {
  auto t = Jirga({"compliance", "timeline", "--store", store_, "--at", "2020-03-11"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  Json tl = *ParseJsonStrict(t.out);
  ASSERT_EQ(tl.size(), 2u);
  EXPECT_EQ(tl[0]["id"], "doha.us-drawdown-8600");
  EXPECT_EQ(tl[0]["recorded"], "2020-02-29");
  EXPECT_EQ(tl[0]["deadline"], "2020-07-13");
  EXPECT_TRUE(tl[0]["met"].is_null());
  auto table = Jirga({"compliance", "status", "--store", store_, "--at", "2020-03-11",
                      "--format", "table"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  auto lines = Lines(table.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], HasSubstr("STATUS"));
  EXPECT_THAT(lines[1], HasSubstr("doha.us-drawdown-8600"));
  EXPECT_THAT(lines[1], HasSubstr("pending"));
  auto bad = Jirga({"compliance", "status", "--store", store_, "--at", "2020-02-30"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("not a calendar day"));
  EXPECT_EQ(Jirga({"compliance", "status", "--store", store_, "--format", "xml"}).exit_code, 2);
}

TEST_F(ComplianceCliTest, BadClausesAreRefusedAtSubmissionAndNothingIsAppended) {
  uint64_t n = Size();
  struct Case {
    Json body;
    std::string want;
  };
  std::vector<Case> cases = {
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"}, {"metric", "troops(\"us\" <= 8600"}},
       "body.metric: 1:13: expected \")\" after arguments"},
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"}, {"metric", "troop(\"us\") <= 1"}},
       "unknown function \"troop\""},
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"}, {"depends_on", {"doha.nope"}}},
       "clause \"doha.nope\", which no earlier commitment defines"},
      {{{"id", "doha.us-drawdown-8600"}, {"text", "x"}, {"obligor", "us"},
        {"metric", "met(\"doha.prisoners-5000\")"}},
       ""},  // fine on its own; the cycle comes next
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"}, {"deadline", "2300-01-01"}},
       "the year must be 1900 to 2199"},
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"},
        {"metric", "incidents(perp=\"iea\", window=14d) <= 1"}},
       "body.metric: 1:11:"},
      {{{"id", "doha.x"}, {"text", "x"}, {"obligor", "us"},
        {"metric", "released(\"taliban-5000\") >= 5000"}, {"deadline", "2020-02-30"}},
       "body.deadline: 1:1: \"2020-02-30\" is not a date: not a calendar day"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    auto r = TrySubmit("qatar", Line("commitment", "2020-03-01T00:00:00Z", cases[i].body));
    if (cases[i].want.empty()) {
      ASSERT_EQ(r.exit_code, 0) << r.err;
      ++n;
      continue;
    }
    EXPECT_NE(r.exit_code, 0) << i;
    EXPECT_THAT(r.err, HasSubstr(cases[i].want)) << i;
    EXPECT_EQ(Size(), n) << i;
  }
  auto cycle = TrySubmit("qatar", Line("commitment", "2020-03-01T00:00:00Z",
                                       {{"id", "doha.prisoners-5000"}, {"text", "x"},
                                        {"obligor", "irog"},
                                        {"depends_on", {"doha.us-drawdown-8600"}}}));
  EXPECT_NE(cycle.exit_code, 0);
  EXPECT_THAT(cycle.err, HasSubstr("body makes a dependency cycle: doha.prisoners-5000 -> "
                                   "doha.us-drawdown-8600 -> doha.prisoners-5000"));
  auto future = TrySubmit("us", Line("troops", "2020-03-01T00:00:00Z",
                                     {{"force", "us"}, {"strength", 1}, {"as_of", "2020-04-01"}}));
  EXPECT_NE(future.exit_code, 0);
  EXPECT_THAT(future.err, HasSubstr("lies after the record's own day"));
  EXPECT_EQ(Size(), n);
}

TEST_F(ComplianceCliTest, SessionsNeverPutAParticipantNextToAPoint) {
  Json session = {
      {"date", "2020-06-08"},
      {"title", "Political agreement in Kabul paves the way"},
      {"organiser", "Heart of Asia Society"},
      {"partners", {"Konrad Adenauer Stiftung", "NYU CIC"}},
      {"participants",
       {{"countries", {"Afghanistan", "China", "Russia", "Germany", "India", "Pakistan"}},
        {"institutions", {"Heart of Asia Society"}}}},
      {"points", {{{"text", "The political agreement ends the electoral impasse."}},
                  {{"text", "Regional consensus supports a negotiated settlement."}}}},
      {"recommendations", {{{"text", "Start negotiations without delay."},
                            {"follow_ups", {"Review at the third session."}}}}}};
  Submit("qatar", Line("session", "2020-06-09T10:00:00Z", session));
  uint64_t n = Size();
  Json attributed = session;
  attributed["points"][0]["said_by"] = "China";
  auto r = TrySubmit("qatar", Line("session", "2020-06-09T10:00:00Z", attributed));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("body.points[0] has unknown field \"said_by\""));
  EXPECT_EQ(Size(), n);

  auto out = Jirga({"dialogue", "sessions", "--store", store_, "--format", "json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  Json all = *ParseJsonStrict(out.out);
  ASSERT_EQ(all.size(), 1u);
  const Json& s = all[0];
  EXPECT_EQ(s["date"], "2020-06-08");
  EXPECT_EQ(s["participants"]["countries"].size(), 6u);
  ASSERT_EQ(s["points"].size(), 2u);
  for (const auto& p : s["points"]) {
    ASSERT_TRUE(p.is_string()) << p.dump();  // text only: nothing to hang a name on
    for (const auto& who : s["participants"]["countries"]) {
      EXPECT_THAT(p.get<std::string>(), ::testing::Not(HasSubstr(who.get<std::string>())));
    }
  }
  EXPECT_EQ(s["recommendations"][0]["follow_ups"][0], "Review at the third session.");
}

}  // namespace
}  // namespace jirga
