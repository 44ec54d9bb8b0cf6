// End-to-end scenarios for `jirga monitor ...` and `jirga views ...` driving the real binary on a
// store it created: summaries in three formats, a contest and a retraction, rebuild equal to the
// incremental view file, and bad flags answered with exit code 2.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/json.h"
#include "testing/monitor_log.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using testing::AddParty;
using testing::IncidentBody;
using testing::Jirga;
using testing::Lines;
using testing::ProcessResult;

class MonitorCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.File("log.db");
    ASSERT_EQ(Jirga({"init", "--store", store_, "--origin", "test.example/log"}).exit_code, 0);
    for (const char* p : {"gov", "iea"}) {
      ASSERT_EQ(AddParty(store_, dir_.File(std::string(p) + ".key"), p, "belligerent"), "");
    }
  }

  // Submits one record; returns its index.
  uint64_t Submit(const std::string& party, const std::string& kind, const Json& body) {
    auto r = Jirga({"submit", "--store", store_, "--key", dir_.File(party + ".key"), "-"},
                   Json{{"kind", kind}, {"body", body}}.dump() + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto lines = Lines(r.out);
    return lines.empty() ? 0 : std::stoull(lines.back().substr(0, lines.back().find(' ')));
  }

  ProcessResult Monitor(std::vector<std::string> args) {
    args.insert(args.begin(), "monitor");
    args.push_back("--store");
    args.push_back(store_);
    return Jirga(args);
  }

  Json Rows(std::vector<std::string> args) {
    auto r = Monitor(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out;
    return j.ok() ? *j : Json();
  }

  testing::TempDir dir_;
  std::string store_;
};

TEST_F(MonitorCliTest, SummaryIsAJsonArrayWithTheFilterOnStderr) {
  Submit("gov", "incident", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  Submit("gov", "incident", IncidentBody("2020-03-02", "", "iea", 1, 6));
  auto r = Monitor({"summary", "--by", "province"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json rows = *ParseJsonStrict(r.out);
  ASSERT_TRUE(rows.is_array());
  EXPECT_EQ(rows[10], Json::parse(R"({"province": "AF-HEL", "name": "Helmand", "events": 1,
                                      "fatalities": {"low": 4, "best": 4, "high": 5}})"));
  EXPECT_EQ(rows[34]["province"], nullptr);
  EXPECT_EQ(rows[34]["events"], 1);
  EXPECT_NE(r.err.find("precision filter place.precision <= 4, 1 coarser in the null row"),
            std::string::npos)
      << r.err;
  Json meta = Rows({"summary", "--by", "province", "--with-meta"})["meta"];
  EXPECT_EQ(meta["coarser"], 1);
  EXPECT_EQ(meta["counted"], 2);

  auto csv = Monitor({"summary", "--by", "province", "--format", "csv"});
  auto lines = Lines(csv.out);
  ASSERT_EQ(lines.size(), 36u);
  EXPECT_EQ(lines[0], "province,name,events,fatalities_low,fatalities_best,fatalities_high");
  EXPECT_EQ(lines[11], "AF-HEL,Helmand,1,4,4,5");
  EXPECT_EQ(lines[35], ",,1,1,1,2");
  auto table = Monitor({"summary", "--by", "week", "--format", "table"});
  EXPECT_NE(table.out.find("2020-W10"), std::string::npos) << table.out;
}

TEST_F(MonitorCliTest, ContestAndRetractionThroughTheCli) {
  uint64_t a = Submit("gov", "incident", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  uint64_t b = Submit("gov", "incident", IncidentBody("2020-03-05", "AF-HEL", "iea", 1));
  Submit("iea", "response", {{"to", a}, {"action", "contest"}, {"aspects", {"attribution"}},
                             {"reason", "Not us."}});
  EXPECT_EQ(Rows({"summary", "--by", "province", "--status", "agreed"})[10]["events"], 1);
  EXPECT_EQ(Rows({"summary", "--by", "province", "--status", "disputed"})[10]["events"], 1);
  Submit("gov", "response", {{"to", b}, {"action", "retract"}, {"reason", "Duplicate."}});
  EXPECT_EQ(Rows({"summary", "--by", "province", "--status", "agreed"})[10]["events"], 0);
  Json gone = Rows({"incidents", "--status", "retracted"});
  ASSERT_EQ(gone["incidents"].size(), 1u);
  EXPECT_EQ(gone["incidents"][0]["index"], b);
  Json compare = Rows({"compare", "--baseline", "2020-03-01:2020-03-03", "--period",
                       "2020-03-04:2020-03-06"});
  EXPECT_EQ(compare["baseline"]["events"], 1);
  EXPECT_EQ(compare["period"]["events"], 0);
}

TEST_F(MonitorCliTest, RebuildGivesTheSameTablesAsIncrementalCatchUp) {
  for (int i = 0; i < 5; ++i) {
    Submit(i % 2 ? "gov" : "iea", "incident",
           IncidentBody("2020-03-0" + std::to_string(i + 1), "AF-KAB", i % 2 ? "iea" : "gov", i));
    ASSERT_EQ(Monitor({"summary", "--by", "day"}).exit_code, 0);  // catches up step by step
  }
  auto status = Jirga({"views", "status", "--store", store_});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(ParseJsonStrict(status.out)->at(0)["behind"], 0);
  auto before = Jirga({"views", "dump", "--store", store_});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  auto rebuild = Jirga({"views", "rebuild", "--store", store_, "--view", "monitor"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(Lines(rebuild.out)[0], "rebuilt monitor up to index 8");
  auto after = Jirga({"views", "dump", "--store", store_});
  EXPECT_EQ(after.out, before.out);
  // Deleting the view file loses nothing: it is rebuilt from the log.
  std::filesystem::remove(store_ + ".views");
  EXPECT_EQ(Jirga({"views", "dump", "--store", store_}).out, before.out);
  EXPECT_EQ(Jirga({"views", "rebuild", "--store", store_, "--view", "nope"}).exit_code, 4);
}

TEST_F(MonitorCliTest, BadFlagsExitWithCode2AndNameTheFlag) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"summary"}, "--by is required"},
      {{"summary", "--by", "year"}, "--by must be"},
      {{"summary", "--by", "day", "--from", "2021-02-29"}, "--from must be a date"},
      {{"summary", "--by", "day", "--status", "maybe"}, "--status must be"},
      {{"summary", "--by", "province", "--max-precision", "0"}, "--max-precision must be"},
      {{"summary", "--by", "day", "--format", "xml"}, "--format"},
      {{"compare", "--baseline", "2020-01-01", "--period", "2020-01-01:2020-01-02"}, "baseline"},
      {{"incidents", "--limit", "-1"}, "--limit must be"},
      {{"incidents", "--province", "Mordor"}, "unknown province \"Mordor\""},
  };
  for (const auto& [args, want] : cases) {
    auto r = Monitor(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << r.err;
    EXPECT_NE(r.err.find(want), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace jirga
