// Scenarios for the monitor view and its queries over a real signed log: statuses, retraction,
// supersede, aggregates against totals recomputed here, rebuild equals incremental, baselines,
// ceasefires and the import lookup.
#include "monitor/monitor_view.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "monitor/gazetteer.h"
#include "monitor/import_local.h"
#include "monitor/monitor_query.h"
#include "testing/monitor_log.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using testing::IncidentBody;
using testing::MonitorLog;

Json RunSummary(ViewSet& views, const QueryParams& params) {
  auto q = ParseSummaryQuery(params);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  Json out;
  Status st = views.Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, Summary(db, *q));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

// The row of a --by province summary for `iso` ("" for the null row).
Json ProvinceRow(const Json& summary, const std::string& iso) {
  for (const Json& r : summary["rows"]) {
    if (iso.empty() ? r["province"].is_null() : r["province"] == iso) return r;
  }
  return Json();
}

Json ListIncidents(ViewSet& views, const QueryParams& params) {
  auto q = ParseIncidentQuery(params);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  Json out;
  Status st = views.Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, Incidents(db, *q));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

Json Contest(uint64_t to) {
  return {{"to", to}, {"action", "contest"}, {"aspects", {"attribution"}},
          {"reason", "Our forces were not in the district that day."}};
}

TEST(MonitorView, ContestedIncidentShowsAsDisputedAndLeavesAgreedTotals) {
  MonitorLog m;
  uint64_t a = m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  m.Submit("incident", "gov", IncidentBody("2020-03-03", "AF-HEL", "iea", 2));
  Json agreed = RunSummary(m.views(), {{"by", "province"}, {"status", "agreed"}});
  EXPECT_EQ(ProvinceRow(agreed, "AF-HEL")["events"], 2);
  EXPECT_EQ(ProvinceRow(agreed, "AF-HEL")["fatalities"]["best"], 6);

  m.Submit("response", "iea", Contest(a));
  agreed = RunSummary(m.views(), {{"by", "province"}, {"status", "agreed"}});
  EXPECT_EQ(ProvinceRow(agreed, "AF-HEL")["events"], 1);
  EXPECT_EQ(ProvinceRow(agreed, "AF-HEL")["fatalities"]["best"], 2);
  EXPECT_EQ(agreed["meta"]["left_out"]["by_status"], 1);
  Json disputed = RunSummary(m.views(), {{"by", "province"}, {"status", "disputed"}});
  EXPECT_EQ(ProvinceRow(disputed, "AF-HEL")["events"], 1);
  EXPECT_EQ(ProvinceRow(disputed, "AF-HEL")["fatalities"]["best"], 4);
  Json all = RunSummary(m.views(), {{"by", "province"}});
  EXPECT_EQ(ProvinceRow(all, "AF-HEL")["events"], 2);

  Json list = ListIncidents(m.views(), {{"status", "disputed"}});
  ASSERT_EQ(list["incidents"].size(), 1u);
  EXPECT_EQ(list["incidents"][0]["index"], a);
  EXPECT_EQ(list["incidents"][0]["status"], "contested");
  ASSERT_EQ(list["incidents"][0]["responses"].size(), 1u);
  EXPECT_EQ(list["incidents"][0]["responses"][0]["aspects"], Json({"attribution"}));
  EXPECT_EQ(list["incidents"][0]["responses"][0]["effect"], "applied");

  // A finding that confirms it brings it back into the agreed totals.
  m.Submit("finding", "unama",
           {{"to", a}, {"outcome", "confirmed"}, {"text", "Confirmed by two sources."}});
  agreed = RunSummary(m.views(), {{"by", "province"}, {"status", "agreed"}});
  EXPECT_EQ(ProvinceRow(agreed, "AF-HEL")["events"], 2);
  list = ListIncidents(m.views(), {{"status", "agreed"}});
  EXPECT_EQ(list["incidents"][1]["status"], "adjudicated");
  EXPECT_EQ(list["incidents"][1]["outcome"], "confirmed");
}

TEST(MonitorView, RetractionRemovesItFromThePartysClaimsButHistoryStays) {
  MonitorLog m;
  uint64_t a = m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-KAN", "iea", 3));
  m.Submit("incident", "gov", IncidentBody("2020-03-04", "AF-KAN", "iea", 1));
  // Only the reporter may retract: iea's attempt is kept but has no effect.
  uint64_t bad = m.Submit("response", "iea",
                          {{"to", a}, {"action", "retract"}, {"reason", "It never happened."}});
  Json s = RunSummary(m.views(), {{"by", "province"}, {"party", "gov"}});
  EXPECT_EQ(ProvinceRow(s, "AF-KAN")["events"], 2);

  uint64_t r = m.Submit("response", "gov",
                        {{"to", a}, {"action", "retract"}, {"reason", "Misreported district."}});
  s = RunSummary(m.views(), {{"by", "province"}, {"party", "gov"}});
  EXPECT_EQ(ProvinceRow(s, "AF-KAN")["events"], 1);
  EXPECT_EQ(ProvinceRow(s, "AF-KAN")["fatalities"]["best"], 1);
  EXPECT_EQ(s["meta"]["left_out"]["retracted"], 1);
  EXPECT_EQ(RunSummary(m.views(), {{"by", "province"}, {"status", "disputed"}})["meta"]["counted"],
            0);

  // History: the incident, both responses and their effects are still there.
  Json gone = ListIncidents(m.views(), {{"status", "retracted"}});
  ASSERT_EQ(gone["incidents"].size(), 1u);
  const Json& inc = gone["incidents"][0];
  EXPECT_EQ(inc["index"], a);
  EXPECT_EQ(inc["status"], "retracted");
  EXPECT_EQ(inc["retracted_by"], r);
  EXPECT_EQ(inc["incident"]["fatalities"]["party_a"]["best"], 3);
  ASSERT_EQ(inc["responses"].size(), 2u);
  EXPECT_EQ(inc["responses"][0]["index"], bad);
  EXPECT_EQ(inc["responses"][0]["effect"], "ignored: only the reporting party may retract");
  EXPECT_EQ(inc["responses"][1]["effect"], "applied");
  // Later responses to a retracted incident change nothing.
  m.Submit("response", "iea", Contest(a));
  EXPECT_EQ(ListIncidents(m.views(), {{"status", "retracted"}})["incidents"][0]["responses"][2]
                ["effect"],
            "ignored: the incident is retracted");
}

TEST(MonitorView, ResponsesThatBreakTheRulesAreKeptButIgnored) {
  MonitorLog m;
  uint64_t a = m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-KAB", "iea", 1));
  uint64_t st = m.Submit("statement", "gov", {{"title", "t"}, {"text", "x"}});
  m.Submit("response", "gov", {{"to", a}, {"action", "corroborate"}, {"reason", "Yes."}});
  m.Submit("response", "iea", {{"to", st}, {"action", "contest"}, {"aspects", {"facts"}},
                                {"reason", "No."}});
  m.Submit("response", "iea", {{"to", 99999}, {"action", "corroborate"}, {"reason", "?"}});
  Json inc = ListIncidents(m.views(), {})["incidents"][0];
  EXPECT_EQ(inc["status"], "unilateral");
  EXPECT_EQ(inc["responses"][0]["effect"], "ignored: a party cannot corroborate its own report");
  Json defs;
  ASSERT_TRUE(m.views().Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(defs, Definitions(db));
    return Status::Ok();
  }).ok());
  Json all_incidents = ListIncidents(m.views(), {{"status", "any"}});
  EXPECT_EQ(all_incidents["total"], 1);
  // Responses to non-incidents are listed with nothing to attach to: count them in the table.
  m.Submit("response", "iea", {{"to", a}, {"action", "corroborate"}, {"reason", "Seen."}});
  EXPECT_EQ(ListIncidents(m.views(), {})["incidents"][0]["status"], "corroborated");
}

TEST(MonitorView, SupersedeReplacesTheContentAndTheImportVersion) {
  MonitorLog m;
  Json body = IncidentBody("2020-03-02", "AF-HEL", "iea", 4);
  body["import"] = {{"dataset", "acled"}, {"id", "AFG100"}, {"version", "1600000000"}};
  uint64_t a = m.Submit("incident", "gov", body);
  auto found = FindImported(m.views(), "acled", "AFG100");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->index, a);
  EXPECT_EQ((*found)->version, "1600000000");

  Json newer = IncidentBody("2020-03-02", "AF-KAN", "iea", 9);
  newer["import"] = {{"dataset", "acled"}, {"id", "AFG100"}, {"version", "1700000000"}};
  m.Submit("response", "gov",
           {{"to", a}, {"action", "supersede"}, {"reason", "ACLED revised it."},
            {"incident", newer}});
  found = FindImported(m.views(), "acled", "AFG100");
  EXPECT_EQ((*found)->index, a);
  EXPECT_EQ((*found)->version, "1700000000");
  EXPECT_FALSE(FindImported(m.views(), "acled", "AFG101")->has_value());
  EXPECT_FALSE(FindImported(m.views(), "ucdp-ged", "AFG100")->has_value());
  auto batch = FindImportedBatch(m.views(), "acled", {"AFG101", "AFG100"});
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->size(), 1u);

  Json s = RunSummary(m.views(), {{"by", "province"}});
  EXPECT_EQ(ProvinceRow(s, "AF-HEL")["events"], 0);
  EXPECT_EQ(ProvinceRow(s, "AF-KAN")["events"], 1);
  EXPECT_EQ(ProvinceRow(s, "AF-KAN")["fatalities"]["best"], 9);
  Json inc = ListIncidents(m.views(), {})["incidents"][0];
  EXPECT_EQ(inc["incident"]["place"]["admin1"], "AF-KAN");
  EXPECT_NE(inc["content_index"], a);
}

TEST(MonitorView, CoarseEventsGoToTheNullRowAndThePrecisionFilterIsReported) {
  MonitorLog m;
  m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 1, 4));
  m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 2, 5));
  m.Submit("incident", "gov", IncidentBody("2020-03-02", "", "iea", 3, 6));
  Json s = RunSummary(m.views(), {{"by", "province"}});
  EXPECT_EQ(ProvinceRow(s, "AF-HEL")["events"], 1);
  EXPECT_EQ(ProvinceRow(s, "")["events"], 2);
  EXPECT_EQ(ProvinceRow(s, "")["fatalities"]["best"], 5);
  EXPECT_EQ(s["meta"]["max_precision"], 4);
  EXPECT_EQ(s["meta"]["coarser"], 2);
  EXPECT_EQ(s["rows"].size(), 35u);
  s = RunSummary(m.views(), {{"by", "province"}, {"max_precision", "5"}});
  EXPECT_EQ(ProvinceRow(s, "AF-HEL")["events"], 2);
  EXPECT_EQ(ProvinceRow(s, "")["events"], 1);
}

// Random incidents and responses; the expected aggregates are recomputed here from the bodies
// the test made, not from the view.
TEST(MonitorView, AggregatesEqualTotalsRecomputedFromTheRecords) {
  MonitorLog m;
  std::mt19937 rng(42);
  const auto& provinces = Provinces();
  struct Made {
    int32_t day;
    std::string admin1;
    int precision;
    std::string perp;
    int best;
    bool retracted = false;
  };
  std::vector<std::pair<uint64_t, Made>> made;
  for (int i = 0; i < 300; ++i) {
    Made x;
    x.day = *ParseDate("2020-01-01", "d") + static_cast<int32_t>(rng() % 200);
    x.admin1 = rng() % 10 == 0 ? "" : std::string(provinces[rng() % 34].iso);
    x.precision = x.admin1.empty() ? 6 : 1 + static_cast<int>(rng() % 5);
    x.perp = rng() % 2 ? "iea" : "gov";
    x.best = static_cast<int>(rng() % 7);
    std::string reporter = x.perp == "iea" ? "gov" : "iea";
    uint64_t idx = m.Submit("incident", reporter,
                            IncidentBody(FormatDate(x.day), x.admin1, x.perp, x.best, x.precision));
    if (rng() % 15 == 0) {
      m.Submit("response", reporter, {{"to", idx}, {"action", "retract"}, {"reason", "r"}});
      x.retracted = true;
    }
    made.emplace_back(idx, x);
    if (i % 50 == 0) {
      ASSERT_TRUE(m.views().CatchUp().ok());  // incremental in steps
    }
  }
  const int32_t from = *ParseDate("2020-02-10", "d"), to = *ParseDate("2020-05-20", "d");
  std::map<std::string, std::pair<int64_t, int64_t>> by_province;  // events, best
  std::map<int32_t, std::pair<int64_t, int64_t>> by_week;
  std::map<std::string, int64_t> high_by_perp;
  for (auto& [idx, x] : made) {
    if (x.retracted || x.day < from || x.day > to) continue;
    std::string key = x.precision <= 4 ? x.admin1 : "";
    by_province[key].first += 1;
    by_province[key].second += x.best;
    int32_t monday = x.day - ((x.day + 3) % 7 + 7) % 7;
    by_week[monday].first += 1;
    by_week[monday].second += x.best;
    high_by_perp[x.perp] += x.best + 1;
  }
  QueryParams range = {{"from", "2020-02-10"}, {"to", "2020-05-20"}};
  auto with = [&](std::string by) {
    QueryParams p = range;
    p.emplace_back("by", by);
    return RunSummary(m.views(), p);
  };
  Json s = with("province");
  for (const Json& r : s["rows"]) {
    std::string key = r["province"].is_null() ? "" : r["province"].get<std::string>();
    EXPECT_EQ(r["events"], by_province[key].first) << key;
    EXPECT_EQ(r["fatalities"]["best"], by_province[key].second) << key;
    EXPECT_EQ(r["fatalities"]["low"], by_province[key].second) << key;
  }
  Json w = with("week");
  ASSERT_EQ(w["rows"].size(), by_week.size());
  size_t i = 0;
  for (auto& [monday, v] : by_week) {
    EXPECT_EQ(w["rows"][i]["start"], FormatDate(monday));
    EXPECT_EQ(w["rows"][i]["events"], v.first);
    EXPECT_EQ(w["rows"][i]["fatalities"]["best"], v.second);
    ++i;
  }
  Json p = with("perpetrator");
  for (const Json& r : p["rows"]) {
    EXPECT_EQ(r["fatalities"]["high"], high_by_perp[r["perpetrator"].get<std::string>()]);
  }
  // Day and month groupings add up to the same total.
  int64_t total = 0;
  for (auto& [k, v] : by_province) total += v.first;
  for (const char* by : {"day", "month", "type", "perpetrator", "week"}) {
    int64_t sum = 0;
    Json rows = with(by)["rows"];
    for (const Json& r : rows) sum += r["events"].get<int64_t>();
    EXPECT_EQ(sum, total) << by;
  }
}

TEST(MonitorView, RebuiltFromScratchEqualsTheIncrementalProjectionByteForByte) {
  MonitorLog m;
  std::mt19937 rng(7);
  std::vector<uint64_t> incidents;
  const char* parties[] = {"gov", "iea"};
  for (int i = 0; i < 120; ++i) {
    int what = static_cast<int>(rng() % 10);
    if (incidents.empty() || what < 5) {
      std::string reporter = parties[rng() % 2];
      Json body = IncidentBody(FormatDate(*ParseDate("2020-03-01", "d") + rng() % 60),
                               std::string(Provinces()[rng() % 34].iso), rng() % 2 ? "iea" : "gov",
                               static_cast<int>(rng() % 5), 1 + rng() % 6);
      if (rng() % 3 == 0) {
        body["import"] = {{"dataset", "acled"}, {"id", "X" + std::to_string(i)},
                          {"version", "1"}};
      }
      incidents.push_back(m.Submit("incident", reporter, body));
    } else {
      uint64_t to = incidents[rng() % incidents.size()];
      std::string by = parties[rng() % 2];
      if (what == 5) m.Submit("response", by, Contest(to));
      if (what == 6) m.Submit("response", by, {{"to", to}, {"action", "corroborate"}, {"reason", "ok"}});
      if (what == 7) m.Submit("response", by, {{"to", to}, {"action", "retract"}, {"reason", "r"}});
      if (what == 8) {
        m.Submit("finding", "unama", {{"to", to}, {"outcome", rng() % 2 ? "confirmed" : "inconclusive"},
                                      {"text", "t"}, {"fatalities", {{"civilians", {{"low", 1}, {"best", 2}, {"high", 3}}}}}});
      }
      if (what == 9) {
        m.Submit("response", by, {{"to", to}, {"action", "supersede"}, {"reason", "fix"},
                                  {"incident", IncidentBody("2020-04-01", "AF-BAL", "gov", 7)}});
      }
    }
    m.AdvanceHours(1);
    if (rng() % 7 == 0) {
      ASSERT_TRUE(m.views().CatchUp().ok());
    }
  }
  m.Submit("baseline", "mediator", {{"name", "b1"}, {"from", "2020-03-01"}, {"to", "2020-03-31"}});
  m.Submit("baseline", "mediator", {{"name", "b1"}, {"from", "2019-03-01"}, {"to", "2019-03-31"}});
  m.Submit("ceasefire", "gov", {{"id", "eid"}, {"parties", {"gov", "iea"}}, {"scope", "nationwide"},
                                {"start", "2020-03-20"}, {"end", "2020-03-22"}, {"mode", "mutual"}});
  auto incremental = m.views().Dump("monitor");
  ASSERT_TRUE(incremental.ok()) << incremental.status().ToString();
  auto fresh = m.FreshViews();
  auto scratch = fresh->Dump("monitor");
  ASSERT_TRUE(scratch.ok());
  EXPECT_EQ(*scratch, *incremental);
  ASSERT_TRUE(m.views().Rebuild("monitor").ok());
  EXPECT_EQ(*m.views().Dump("monitor"), *incremental);
  EXPECT_GT(incremental->size(), 5000u);  // it does hold the tables
  EXPECT_EQ(m.views().Rebuild("nope").code(), StatusCode::kNotFound);
}

TEST(MonitorView, ARedactedIncidentOrResponseCountsForNothingAndARebuildAgrees) {
  MonitorLog m;
  // Two gov reports in Helmand (best 4 and 2) and one iea report in Kabul (best 3, by gov).
  uint64_t a = m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  uint64_t b = m.Submit("incident", "gov", IncidentBody("2020-03-03", "AF-HEL", "iea", 2));
  uint64_t c = m.Submit("incident", "iea", IncidentBody("2020-03-04", "AF-KAB", "gov", 3));
  m.Submit("response", "iea", Contest(a));
  uint64_t corroboration =
      m.Submit("response", "iea", {{"to", b}, {"action", "corroborate"}, {"reason", "seen"}});
  m.Submit("finding", "unama", {{"to", a}, {"outcome", "confirmed"}, {"text", "t"}});
  Json all = RunSummary(m.views(), {{"by", "province"}});  // every record applied intact
  EXPECT_EQ(ProvinceRow(all, "AF-HEL")["events"], 2);
  EXPECT_EQ(ProvinceRow(all, "AF-HEL")["fatalities"]["best"], 6);
  auto status_of = [&m](uint64_t index) {
    Json all_listed = ListIncidents(m.views(), {{"status", "any"}});
    for (const Json& i : all_listed["incidents"]) {
      if (i["index"] == index) return i["status"].get<std::string>();
    }
    return std::string("(not listed)");
  };
  EXPECT_EQ(status_of(b), "corroborated");
  EXPECT_EQ(status_of(a), "adjudicated");

  // The incident is erased: it, the contest and the finding on it count for nothing.
  m.Submit("redaction", "mediator", {{"index", a}, {"reason", "erasure requested"}});
  all = RunSummary(m.views(), {{"by", "province"}});
  EXPECT_EQ(ProvinceRow(all, "AF-HEL")["events"], 1);
  EXPECT_EQ(ProvinceRow(all, "AF-HEL")["fatalities"]["best"], 2);
  EXPECT_EQ(ProvinceRow(all, "AF-KAB")["events"], 1);
  EXPECT_EQ(ProvinceRow(all, "AF-KAB")["fatalities"]["best"], 3);
  EXPECT_EQ(all["meta"]["counted"], 2);
  EXPECT_EQ(status_of(a), "(not listed)");
  Json listed = ListIncidents(m.views(), {{"status", "any"}});
  ASSERT_EQ(listed["incidents"].size(), 2u);
  EXPECT_EQ(listed["incidents"][0]["index"].get<uint64_t>() +
                listed["incidents"][1]["index"].get<uint64_t>(),
            b + c);

  // The corroboration is erased: b is unilateral again. A later contest of the erased incident
  // is ignored, saying why.
  m.Submit("redaction", "mediator", {{"index", corroboration}, {"reason", "erasure requested"}});
  uint64_t late = m.Submit("response", "iea", Contest(a));
  EXPECT_EQ(status_of(b), "unilateral");
  EXPECT_EQ(status_of(c), "unilateral");

  auto incremental = m.views().Dump("monitor");
  ASSERT_TRUE(incremental.ok()) << incremental.status().ToString();
  EXPECT_NE(incremental->find(std::to_string(late) + "\t" + std::to_string(a)),
            std::string::npos);
  EXPECT_NE(incremental->find("is a redacted incident"), std::string::npos);
  EXPECT_NE(incremental->find("redacted by record"), std::string::npos);
  auto fresh = m.FreshViews();
  auto scratch = fresh->Dump("monitor");
  ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
  EXPECT_EQ(*scratch, *incremental);
  ASSERT_TRUE(m.views().Rebuild("monitor").ok());
  EXPECT_EQ(*m.views().Dump("monitor"), *incremental);
}

TEST(MonitorView, RedactionsOfBaselinesAndCeasefiresLetTheNextOfTheNameCountAsOnRebuild) {
  MonitorLog m;
  uint64_t first = m.Submit("baseline", "mediator",
                            {{"name", "b1"}, {"from", "2020-03-01"}, {"to", "2020-03-31"}});
  m.Submit("baseline", "mediator", {{"name", "b1"}, {"from", "2019-03-01"}, {"to", "2019-03-31"}});
  uint64_t cf = m.Submit("ceasefire", "gov",
                         {{"id", "eid"}, {"parties", {"gov", "iea"}}, {"scope", "nationwide"},
                          {"start", "2020-03-20"}, {"end", "2020-03-22"}, {"mode", "mutual"}});
  ASSERT_TRUE(m.views().CatchUp().ok());
  m.Submit("redaction", "mediator", {{"index", first}, {"reason", "r"}});
  m.Submit("redaction", "mediator", {{"index", cf}, {"reason", "r"}});
  auto incremental = m.views().Dump("monitor");
  ASSERT_TRUE(incremental.ok()) << incremental.status().ToString();
  // The second b1 (2019) is now the first readable one; no ceasefire is left.
  EXPECT_NE(incremental->find("\"b1\"\t" + std::to_string(first + 1)), std::string::npos);
  EXPECT_EQ(incremental->find("\"eid\""), std::string::npos);
  EXPECT_EQ(*m.FreshViews()->Dump("monitor"), *incremental);
}

TEST(MonitorView, TheCurrentContentScanSkipsRedactedIncidentsAndResponses) {
  MonitorLog m;
  uint64_t a = m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  uint64_t b = m.Submit("incident", "gov", IncidentBody("2020-03-03", "AF-HEL", "iea", 2));
  uint64_t moved = m.Submit("response", "gov",
                            {{"to", b}, {"action", "supersede"}, {"reason", "it was Kabul"},
                             {"incident", IncidentBody("2020-03-03", "AF-KAB", "iea", 2)}});
  m.Submit("redaction", "mediator", {{"index", a}, {"reason", "erasure requested"}});
  m.Submit("redaction", "mediator", {{"index", moved}, {"reason", "erasure requested"}});
  std::vector<std::pair<uint64_t, std::string>> seen;
  Status st = ScanCurrentIncidents(m.store(), [&](const CurrentIncident& c) -> Status {
    seen.emplace_back(c.index, c.body["place"]["admin1"].get<std::string>());
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  // a is gone; b keeps its own content, the erased supersede changes nothing.
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, b);
  EXPECT_EQ(seen[0].second, "AF-HEL");
}

TEST(MonitorView, FirstBaselineOfANameWinsAndCompareUsesIt) {
  MonitorLog m;
  m.Submit("baseline", "mediator", {{"name", "spring"}, {"from", "2020-03-01"}, {"to", "2020-03-10"},
                                    {"filter", {{"admin1", {"AF-HEL"}}}}});
  m.Submit("baseline", "mediator", {{"name", "spring"}, {"from", "2019-01-01"}, {"to", "2019-12-31"}});
  for (int d = 1; d <= 10; ++d) {  // 10 events in Helmand in the baseline, 1 per day
    m.Submit("incident", "gov", IncidentBody(FormatDate(*ParseDate("2020-03-01", "d") + d - 1),
                                             "AF-HEL", "iea", 2));
  }
  m.Submit("incident", "gov", IncidentBody("2020-03-05", "AF-KAB", "iea", 2));  // outside filter
  for (int d = 0; d < 5; ++d) {  // 5 in 20 days in the period
    m.Submit("incident", "gov", IncidentBody(FormatDate(*ParseDate("2020-04-01", "d") + d * 4),
                                             "AF-HEL", "iea", 1));
  }
  auto q = ParseCompareQuery({{"baseline", "spring"}, {"period", "2020-04-01:2020-04-20"}});
  ASSERT_TRUE(q.ok());
  Json out;
  ASSERT_TRUE(m.views().Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, Compare(db, *q));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(out["baseline"]["from"], "2020-03-01");  // the first definition, not the second
  EXPECT_EQ(out["baseline"]["days"], 10);
  EXPECT_EQ(out["baseline"]["events"], 10);
  EXPECT_EQ(out["baseline"]["per_day"], 1.0);
  EXPECT_EQ(out["period"]["per_day"], 0.25);
  EXPECT_EQ(out["change_pct"], -75.0);
  EXPECT_EQ(out["baseline"]["fatalities_per_day"]["best"], 2.0);
  EXPECT_EQ(out["fatalities_change_pct"], -87.5);
  Json defs;
  ASSERT_TRUE(m.views().Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(defs, Definitions(db));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(defs["ignored"].size(), 1u);
  EXPECT_NE(defs["ignored"][0]["reason"].get<std::string>().find("already defined"),
            std::string::npos);
  auto missing = ParseCompareQuery({{"baseline", "autumn"}, {"period", "2020-04-01:2020-04-20"}});
  Status st = m.views().Read([&](ViewDb& db) { return Compare(db, *missing).status(); });
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
}

TEST(MonitorView, CeasefireComplianceComparesTheWindowWithTheOneBefore) {
  MonitorLog m;
  m.Submit("ceasefire", "mediator", {{"id", "eid-2020"}, {"parties", {"gov", "iea"}},
                                     {"scope", {"AF-HEL", "AF-KAN"}}, {"start", "2020-05-24"},
                                     {"end", "2020-05-26"}, {"mode", "mutual"}});
  for (const char* d : {"2020-05-21", "2020-05-22", "2020-05-23", "2020-05-23"}) {
    m.Submit("incident", "gov", IncidentBody(d, "AF-HEL", "iea", 1));
  }
  m.Submit("incident", "gov", IncidentBody("2020-05-22", "AF-KAB", "iea", 1));  // out of scope
  uint64_t in = m.Submit("incident", "gov", IncidentBody("2020-05-25", "AF-KAN", "iea", 1));
  m.AdvanceHours(6);
  m.Submit("response", "iea", Contest(in));
  m.Submit("incident", "iea", IncidentBody("2020-05-25", "AF-KAN", "gov", 1));
  Json out;
  ASSERT_TRUE(m.views().Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, Ceasefires(db));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(out.size(), 1u);
  const Json& c = out[0];
  EXPECT_EQ(c["days"], 3);
  EXPECT_EQ(c["before"]["from"], "2020-05-21");
  EXPECT_EQ(c["before"]["events"], 4);
  EXPECT_EQ(c["during"]["events"], 2);
  EXPECT_EQ(c["change_pct"], -50.0);
  ASSERT_EQ(c["by_perpetrator"].size(), 2u);
  EXPECT_EQ(c["by_perpetrator"][1]["perpetrator"], "iea");
  EXPECT_EQ(c["by_perpetrator"][1]["before"], 4);
  EXPECT_EQ(c["by_perpetrator"][1]["during"], 1);
  EXPECT_EQ(c["disputes"][1]["party"], "iea");
  EXPECT_EQ(c["disputes"][1]["contests_made"], 1);
  EXPECT_EQ(c["disputes"][1]["contested_incidents_attributed"], 1);
  EXPECT_EQ(c["response_time"]["responded"], 1);
  EXPECT_EQ(c["response_time"]["unanswered"], 1);
  EXPECT_EQ(c["response_time"]["median_hours"], 6.0);
}

TEST(MonitorView, IncidentsOnTheFirstAndLastAllowedDaysAreCountedByEveryGrouping) {
  MonitorLog m;
  m.Submit("incident", "gov", IncidentBody("1900-01-01", "AF-HEL", "iea", 1));
  m.Submit("incident", "gov", IncidentBody("2100-12-31", "AF-HEL", "iea", 1));
  for (const char* by : {"province", "day", "week", "month", "perpetrator", "type"}) {
    for (QueryParams extra : {QueryParams{}, QueryParams{{"from", "1900-01-01"}, {"to", "2100-12-31"}},
                              QueryParams{{"from", "1900-01-01"}, {"to", "1900-01-01"}}}) {
      QueryParams p = extra;
      p.emplace_back("by", by);
      Json s = RunSummary(m.views(), p);
      EXPECT_EQ(s["meta"]["counted"], extra.size() == 2 && extra[1].second == "1900-01-01" ? 1 : 2)
          << by;
    }
  }
}

TEST(MonitorView, AViewFileOfAnOtherSchemaVersionOrAnotherLogIsRebuilt) {
  testing::TempDir dir;
  const std::string path = dir.File("log.db.views");
  MonitorLog m;
  m.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 1));
  {
    auto views = OpenViews(m.store(), path);
    ASSERT_TRUE(views.ok());
    ASSERT_TRUE((*views)->CatchUp().ok());
  }
  {
    // Simulate a file an older build wrote: other tables under version 1.
    auto db = OpenSqliteViewDb(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("UPDATE _views SET version = 1; DROP TABLE mon_agg_place; "
                            "CREATE TABLE mon_agg_place(x INTEGER)").ok());
  }
  auto views = OpenViews(m.store(), path);
  ASSERT_TRUE(views.ok());
  Json s = RunSummary(**views, {{"by", "province"}});
  EXPECT_EQ(ProvinceRow(s, "AF-HEL")["events"], 1);
  EXPECT_EQ((*(*views)->Statuses())[0].version, kMonitorViewVersion);
  // The same file under another log: rebuilt from that log, nothing of the first one kept.
  MonitorLog other;
  auto other_views = OpenViews(other.store(), path);
  ASSERT_TRUE(other_views.ok());
  EXPECT_EQ(RunSummary(**other_views, {{"by", "province"}})["meta"]["counted"], 0);
}

TEST(MonitorView, BadQueryParametersAreRefusedNamingThem) {
  auto msg = [](const QueryParams& p) {
    auto q = ParseSummaryQuery(p);
    return q.ok() ? std::string("ok") : q.status().message();
  };
  EXPECT_EQ(msg({}), "by is required: province, day, week, month, perpetrator or type");
  EXPECT_EQ(msg({{"by", "year"}}).rfind("by must be province", 0), 0u);
  EXPECT_EQ(msg({{"by", "day"}, {"from", "2020-02-30"}}).rfind("from must be a date", 0), 0u);
  EXPECT_EQ(msg({{"by", "day"}, {"from", "2020-03-02"}, {"to", "2020-03-01"}}),
            "to must not be before from");
  EXPECT_EQ(msg({{"by", "day"}, {"status", "agreeed"}}).rfind("status must be agreed", 0), 0u);
  EXPECT_EQ(msg({{"by", "day"}, {"max_precision", "8"}}).rfind("max_precision must be", 0), 0u);
  EXPECT_EQ(msg({{"by", "day"}, {"party", "'; DROP TABLE x; --"}}).rfind("party", 0), 0u);
  EXPECT_EQ(msg({{"by", "day"}, {"bye", "x"}}), "unknown parameter \"bye\"");
  EXPECT_EQ(msg({{"by", "day"}, {"by", "week"}}), "parameter \"by\" given twice");
  auto cmp = ParseCompareQuery({{"baseline", "2020-01-01:2019-01-01"}, {"period", "x"}});
  EXPECT_EQ(cmp.status().message(), "baseline TO must not be before FROM");
  auto inc = ParseIncidentQuery({{"limit", "0"}});
  EXPECT_EQ(inc.status().message(), "limit must be an integer from 1 to 1000, not \"0\"");
  inc = ParseIncidentQuery({{"province", "Atlantis"}});
  EXPECT_EQ(inc.status().message(), "province: unknown province \"Atlantis\"");
  inc = ParseIncidentQuery({{"province", "Hilmand"}});
  EXPECT_EQ(inc->province, "AF-HEL");
}

}  // namespace
}  // namespace jirga
