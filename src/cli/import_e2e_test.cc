// End-to-end scenarios for `jirga import` and `jirga export` driving the real binary: the real
// UCDP GED sample counted independently, ACLED-shaped fixtures, broken files that change nothing,
// idempotent re-import, supersede on a newer timestamp, --skip-invalid, stdin, export round trips
// and --server against a real `jirga serve` on port 0.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <thread>

#include "base/file.h"
#include "base/json.h"
#include "monitor/gazetteer.h"
#include "store/store.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using testing::Jirga;
using testing::Lines;
using testing::ProcessResult;

// The test's own CSV splitting (RFC 4180 quotes), independent of the importer's reader.
std::vector<std::vector<std::string>> NaiveCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

struct Totals {
  std::map<std::string, std::array<int64_t, 4>> by_province;  // events, low, best, high
  std::map<std::string, std::array<int64_t, 4>> by_day;
  bool operator==(const Totals&) const = default;
};

void Add(std::array<int64_t, 4>& t, int64_t low, int64_t best, int64_t high) {
  t[0] += 1, t[1] += low, t[2] += best, t[3] += high;
}

std::string Print(const std::map<std::string, std::array<int64_t, 4>>& m) {
  std::string s;
  for (auto& [k, v] : m) {
    s += k + ":" + std::to_string(v[0]) + "/" + std::to_string(v[1]) + "/" + std::to_string(v[2]) +
         "/" + std::to_string(v[3]) + " ";
  }
  return s;
}

// What the log holds: every incident's province (null when placed coarser than a province),
// start day and fatalities, supersedes applied, read straight from the stored records.
Totals StoredTotals(const std::string& store_path) {
  Totals t;
  auto store = OpenStore(store_path, false);
  EXPECT_TRUE(store.ok());
  if (!store.ok()) return t;
  std::map<uint64_t, Json> current;
  EXPECT_TRUE((*store)->ScanRecords({}, [&](const StoredRecord& r) {
    Json rec = Json::parse(r.record);
    if (r.kind == "incident") current[r.index] = rec["body"];
    if (r.kind == "response" && rec["body"]["action"] == "supersede") {
      current[rec["body"]["to"].get<uint64_t>()] = rec["body"]["incident"];
    }
    return true;
  }).ok());
  for (auto& [idx, b] : current) {
    int64_t low = 0, best = 0, high = 0;
    for (auto& [cat, r] : b["fatalities"].items()) {
      low += r["low"].get<int64_t>(), best += r["best"].get<int64_t>(),
          high += r["high"].get<int64_t>();
    }
    const Json& place = b["place"];
    const std::string province =
        place.contains("admin1") && place.value("precision", 1) <= 4 ? place["admin1"] : "null";
    Add(t.by_province[province], low, best, high);
    Add(t.by_day[b["date"]["start"]], low, best, high);
  }
  return t;
}

// The same from `jirga monitor summary`.
Totals SummaryTotals(const std::string& store) {
  Totals t;
  for (const char* by : {"province", "day"}) {
    auto r = Jirga({"monitor", "summary", "--store", store, "--by", by, "--status", "all",
                    "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto rows = ParseJsonStrict(r.out);
    if (!rows.ok()) {
      ADD_FAILURE() << r.out;
      return t;
    }
    for (const Json& row : *rows) {
      if (row["events"] == 0) continue;
      const std::string key = std::string(by) == "province"
                                  ? (row["province"].is_null() ? "null" : row["province"])
                                  : row["day"];
      auto& m = std::string(by) == "province" ? t.by_province : t.by_day;
      m[key] = {row["events"].get<int64_t>(), row["fatalities"]["low"].get<int64_t>(),
                row["fatalities"]["best"].get<int64_t>(), row["fatalities"]["high"].get<int64_t>()};
    }
  }
  return t;
}

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewStore("log.db");
    state_ = dir_.File("client.json");
  }
  void TearDown() override { StopServer(); }

  // A fresh store with party "unama" (a verifier) registered; its key is unama.key.
  std::string NewStore(const std::string& name) {
    const std::string store = dir_.File(name);
    auto init = Jirga({"init", "--store", store, "--origin", "test.example/log"});
    EXPECT_EQ(init.exit_code, 0) << init.err;
    log_vkey_ = Lines(init.out).back();
    key_ = dir_.File("unama.key");
    if (!FileExists(key_)) {
      auto gen = Jirga({"key", "generate", "unama", "--out", key_});
      EXPECT_EQ(gen.exit_code, 0) << gen.err;
      vkey_ = Lines(gen.out).back();
    }
    auto reg = Jirga({"party", "register", "unama", "--vkey", vkey_, "--role", "verifier",
                      "--store", store});
    EXPECT_EQ(reg.exit_code, 0) << reg.err;
    return store;
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name), std::ios::binary) << text;
    return dir_.File(name);
  }

  ProcessResult Import(const std::string& dataset, const std::string& file,
                       std::vector<std::string> extra = {}, const std::string& store = "",
                       const std::string& input = "") {
    std::vector<std::string> args = {"import", dataset, file, "--key", key_};
    if (url_.empty() || !store.empty()) {
      args.insert(args.end(), {"--store", store.empty() ? store_ : store});
    } else {
      args.insert(args.end(), {"--server", url_, "--state", state_, "--log-vkey", log_vkey_});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return Jirga(args, input);
  }

  Json Summary(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = ParseJsonStrict(Lines(r.out).empty() ? "" : Lines(r.out).back());
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }

  uint64_t LogSize(const std::string& store = "") {
    auto s = OpenStore(store.empty() ? store_ : store, false);
    if (!s.ok()) return 0;
    auto size = (*s)->Size();
    return size.ok() ? *size : 0;
  }

  void StartServer() {
    const std::string log = dir_.File("serve.log");
    server_ = std::make_unique<testing::BackgroundProcess>(std::vector<std::string>{
        "/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>'" + log + "'", testing::JirgaBinary(), "serve",
        "--store", store_, "--listen", "127.0.0.1:0"});
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      out += server_->ReadSome(100);
    }
    const std::string prefix = "listening on http://127.0.0.1:";
    ASSERT_EQ(out.rfind(prefix, 0), 0u) << out;
    url_ = "http://127.0.0.1:" + std::to_string(std::stoi(out.substr(prefix.size())));
  }
  void StopServer() {
    if (server_ == nullptr) return;
    server_->Kill(SIGTERM);
    server_->Wait();
    server_.reset();
    url_.clear();
  }

  testing::TempDir dir_;
  std::string store_, state_, key_, vkey_, log_vkey_, url_;
  std::unique_ptr<testing::BackgroundProcess> server_;
};

std::string UcdpSample() {
  const std::string dir = testing::SharedDataDir();
  if (dir.empty()) return "";
  const std::string path = dir + "/events/ucdp_ged231_sample_afghanistan.csv";
  return FileExists(path) ? path : "";
}

// The totals of the GED sample counted by the test itself from the raw CSV: province by the
// gazetteer from adm_1 (null when where_prec > 4 or adm_1 is empty), day = date_start, best =
// the best column, low/high = the envelope of low, best and high (docs/import-formats.md).
Totals IndependentUcdpTotals(const std::string& path) {
  Totals t;
  auto text = ReadFile(path);
  EXPECT_TRUE(text.ok());
  auto rows = NaiveCsv(*text);
  const auto& h = rows[0];
  auto col = [&](const char* name) {
    return static_cast<size_t>(std::find(h.begin(), h.end(), name) - h.begin());
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    EXPECT_EQ(r.size(), h.size()) << "row " << i;
    const int64_t best = std::stoll(r[col("best")]), low = std::stoll(r[col("low")]),
                  high = std::stoll(r[col("high")]);
    std::string province = "null";
    if (!r[col("adm_1")].empty() && std::stoi(r[col("where_prec")]) <= 4) {
      auto p = ResolveProvince(r[col("adm_1")]);
      EXPECT_TRUE(p.ok()) << r[col("adm_1")];
      if (p.ok()) province = std::string((*p)->iso);
    }
    const int64_t lo = std::min({low, best, high}), hi = std::max({low, best, high});
    Add(t.by_province[province], lo, best, hi);
    Add(t.by_day[r[col("date_start")]], lo, best, hi);
  }
  return t;
}

TEST_F(ImportCliTest, UcdpSampleTotalsEqualAnIndependentCountOfTheRawCsv) {
  const std::string path = UcdpSample();
  if (path.empty()) GTEST_SKIP() << "../shared/data/events is absent";
  Json s = Summary(Import("ucdp", path));
  EXPECT_EQ(s["rows"], 135);
  EXPECT_EQ(s["imported"], 135);
  const Totals want = IndependentUcdpTotals(path);
  ASSERT_EQ(want.by_province.size() > 20, true);
  const Totals stored = StoredTotals(store_);
  EXPECT_EQ(Print(stored.by_province), Print(want.by_province));
  EXPECT_EQ(Print(stored.by_day), Print(want.by_day));
  const Totals summary = SummaryTotals(store_);
  EXPECT_EQ(Print(summary.by_province), Print(want.by_province));
  EXPECT_EQ(Print(summary.by_day), Print(want.by_day));
}

TEST_F(ImportCliTest, ReimportingTheSameFileAppendsNothing) {
  const std::string path = UcdpSample();
  if (path.empty()) GTEST_SKIP() << "../shared/data/events is absent";
  ASSERT_EQ(Summary(Import("ucdp", path))["imported"], 135);
  const uint64_t size = LogSize();
  Json again = Summary(Import("ucdp", path));
  EXPECT_EQ(again["imported"], 0);
  EXPECT_EQ(again["unchanged"], 135);
  EXPECT_EQ(LogSize(), size);
}

TEST_F(ImportCliTest, GlobalSampleOnlyImportsAfghanRowsWithSkipInvalid) {
  const std::string dir = testing::SharedDataDir();
  const std::string path = dir + "/events/ucdp_ged231_random_sample1000_global.csv";
  if (dir.empty() || !FileExists(path)) GTEST_SKIP() << "../shared/data/events is absent";
  auto refused = Import("ucdp", path);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("is not Afghanistan (--country AF)"), std::string::npos) << refused.err;
  const uint64_t size = LogSize();
  auto r = Import("ucdp", path, {"--skip-invalid"});
  Json s = Summary(r);
  EXPECT_EQ(s["imported"], 135);
  EXPECT_EQ(s["skipped"], 865);
  EXPECT_EQ(LogSize(), size + 135);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 865);
}

// An ACLED export: header, CRLF, a BOM, notes with commas, quotes and a line break, both date
// spellings, text and numeric inter codes.
std::string AcledFixture(const std::string& ts2 = "1600000100", const std::string& deaths2 = "7") {
  return "\xEF\xBB\xBF"
         "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
         "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
         "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
         "source,source_scale,notes,fatalities,tags,timestamp\r\n"
         "AFG1,2020-03-02,2020,1,Political violence,Battles,Armed clash,Taliban,,2,"
         "Military Forces of Afghanistan (2014-2021),,1,12,,4,Caucasus and Central Asia,"
         "Afghanistan,Helmand,Nad Ali,,Marja,31.52,64.11,1,Pajhwok; Tolo News,National,"
         "\"Clashes, \"\"heavy\"\",\r\nlasted hours\",3,,1600000000\r\n"
         "AFG2,3 March 2020,2020,2,Political violence,Explosions/Remote violence,Suicide bomb,"
         "Islamic State Khorasan,,Political militia,Civilians (Afghanistan),,Civilians,37,"
         "Civilian targeting,4,Caucasus and Central Asia,Afghanistan,Kabul,Kabul,,Kabul,34.53,"
         "69.17,3,Reuters,International,,"
         + deaths2 + ",," + ts2 + "\r\n"
         "AFG3,2020-03-02,2020,1,Political violence,Battles,Armed clash,Taliban,,2,,,0,20,,4,"
         "Caucasus and Central Asia,Afghanistan,Hilmand,,,Lashkar Gah,31.58,64.36,2,Local,"
         "Subnational,,0,,1600000000\r\n";
}

TEST_F(ImportCliTest, AcledFixtureImportsWithItsQuirks) {
  Json s = Summary(Import("acled", Write("acled.csv", AcledFixture())));
  EXPECT_EQ(s["imported"], 3);
  const Totals stored = StoredTotals(store_);
  EXPECT_EQ(Print(stored.by_province), "AF-HEL:2/3/3/3 AF-KAB:1/7/7/7 ");
  EXPECT_EQ(Print(stored.by_day), "2020-03-02:2/3/3/3 2020-03-03:1/7/7/7 ");
  EXPECT_EQ(Print(SummaryTotals(store_).by_province), Print(stored.by_province));
}

TEST_F(ImportCliTest, ANewerAcledTimestampSupersedesAnOlderOneChangesNothing) {
  ASSERT_EQ(Summary(Import("acled", Write("a.csv", AcledFixture())))["imported"], 3);
  const uint64_t size = LogSize();
  Json older = Summary(Import("acled", Write("b.csv", AcledFixture("1500000000", "99"))));
  EXPECT_EQ(older["unchanged"], 3);
  EXPECT_EQ(LogSize(), size);
  Json newer = Summary(Import("acled", Write("c.csv", AcledFixture("1600000900", "11"))));
  EXPECT_EQ(newer["superseded"], 1);
  EXPECT_EQ(newer["unchanged"], 2);
  EXPECT_EQ(LogSize(), size + 1);
  EXPECT_EQ(Print(SummaryTotals(store_).by_day), "2020-03-02:2/3/3/3 2020-03-03:1/11/11/11 ");
  // The same newer file again: nothing more.
  Json again = Summary(Import("acled", Write("c.csv", AcledFixture("1600000900", "11"))));
  EXPECT_EQ(again["unchanged"], 3);
  EXPECT_EQ(LogSize(), size + 1);
}

TEST_F(ImportCliTest, BrokenFilesNameTheLineAndImportNothing) {
  const std::string good = AcledFixture();
  const size_t cut = good.find("AFG3");
  struct Case {
    std::string name, text, message;
  };
  std::string bad_fatal = good, bad_date = good, bad_lat = good, bad_lon = good;
  bad_fatal.replace(bad_fatal.find(",7,,"), 4, ",seven,,");
  bad_date.replace(bad_date.find("3 March 2020"), 12, "31 June 2020");
  bad_lat.replace(bad_lat.find("34.53"), 5, "94.53");
  bad_lon.replace(bad_lon.find("64.36"), 5, "364.3");
  const std::vector<Case> cases = {
      {"unterminated", good.substr(0, cut) + "AFG3,\"2020-03-02,never closed\r\n",
       "line 5: unterminated quoted field"},
      {"width", good + "AFG4,2020-03-02\r\n", "line 6: 2 fields, expected 31"},
      {"fatalities", bad_fatal, "line 4: fatalities: \"seven\" is not a whole number"},
      {"date", bad_date, "line 4: event_date: \"31 June 2020\" is not a real date"},
      {"lat", bad_lat, "line 4: latitude: \"94.53\" is out of range -90..90"},
      {"lon", bad_lon, "line 5: longitude: \"364.3\" is out of range -180..180"},
  };
  const uint64_t size = LogSize();
  for (const Case& c : cases) {
    auto r = Import("acled", Write(c.name + ".csv", c.text));
    EXPECT_EQ(r.exit_code, 3) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(LogSize(), size) << c.name;
  }
}

TEST_F(ImportCliTest, SkipInvalidListsTheSkippedRows) {
  std::string text = AcledFixture();
  text.replace(text.find(",7,,"), 4, ",seven,,");
  auto r = Import("acled", Write("a.csv", text), {"--skip-invalid"});
  Json s = Summary(r);
  EXPECT_EQ(s["imported"], 2);
  EXPECT_EQ(s["skipped"], 1);
  EXPECT_NE(r.err.find("skipped line 4: fatalities: \"seven\" is not a whole number"),
            std::string::npos)
      << r.err;
}

TEST_F(ImportCliTest, StdinIsSpooledAndImported) {
  Json s = Summary(Import("acled", "-", {}, "", AcledFixture()));
  EXPECT_EQ(s["imported"], 3);
}

TEST_F(ImportCliTest, AnUnregisteredKeyIsRefusedBeforeReading) {
  const std::string other = dir_.File("other.key");
  ASSERT_EQ(Jirga({"key", "generate", "other", "--out", other}).exit_code, 0);
  auto r = Jirga({"import", "acled", Write("a.csv", AcledFixture()), "--key", other, "--store",
                  store_});
  EXPECT_EQ(r.exit_code, 5) << r.err;
}

TEST_F(ImportCliTest, ServerModeImportsIdempotently) {
  StartServer();
  Json s = Summary(Import("acled", Write("a.csv", AcledFixture())));
  EXPECT_EQ(s["imported"], 3);
  Json again = Summary(Import("acled", Write("a.csv", AcledFixture())));
  EXPECT_EQ(again["unchanged"], 3);
  Json newer = Summary(Import("acled", Write("c.csv", AcledFixture("1600000900", "11"))));
  EXPECT_EQ(newer["superseded"], 1);
  StopServer();
  EXPECT_EQ(Print(StoredTotals(store_).by_day), "2020-03-02:2/3/3/3 2020-03-03:1/11/11/11 ");
}

TEST_F(ImportCliTest, ServerModeRefusesABrokenFileBeforeSendingAnything) {
  StartServer();
  std::string text = AcledFixture();
  text.replace(text.find(",7,,"), 4, ",-7,,");
  auto r = Import("acled", Write("a.csv", text));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("line 4: fatalities"), std::string::npos) << r.err;
  StopServer();
  EXPECT_EQ(LogSize(), 2u);  // genesis and the party
}

TEST_F(ImportCliTest, UcdpExportReimportsIntoAFreshStoreWithIdenticalAggregates) {
  const std::string path = UcdpSample();
  if (path.empty()) GTEST_SKIP() << "../shared/data/events is absent";
  ASSERT_EQ(Summary(Import("ucdp", path))["imported"], 135);
  auto exp = Jirga({"export", "ucdp", "--store", store_, "--out", dir_.File("out.csv")});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  const std::string fresh = NewStore("fresh.db");
  ASSERT_EQ(Summary(Import("ucdp", dir_.File("out.csv"), {}, fresh))["imported"], 135);
  EXPECT_EQ(Print(SummaryTotals(fresh).by_province), Print(SummaryTotals(store_).by_province));
  EXPECT_EQ(Print(SummaryTotals(fresh).by_day), Print(SummaryTotals(store_).by_day));
  EXPECT_EQ(Print(StoredTotals(fresh).by_province), Print(StoredTotals(store_).by_province));
  // Exported again from the fresh store, the file is the same bytes.
  auto again = Jirga({"export", "ucdp", "--store", fresh});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, *ReadFile(dir_.File("out.csv")));
}

TEST_F(ImportCliTest, AcledExportReimportsIntoAFreshStoreWithIdenticalAggregates) {
  ASSERT_EQ(Summary(Import("acled", Write("a.csv", AcledFixture())))["imported"], 3);
  ASSERT_EQ(Summary(Import("acled", Write("c.csv", AcledFixture("1600000900", "11"))))["superseded"],
            1);
  auto exp = Jirga({"export", "acled", "--store", store_});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  EXPECT_NE(exp.out.find("AFG2,2020-03-03"), std::string::npos) << exp.out;
  EXPECT_NE(exp.out.find(",11,,1600000900\n"), std::string::npos) << exp.out;  // superseded content
  const std::string fresh = NewStore("fresh.db");
  ASSERT_EQ(Summary(Import("acled", Write("out.csv", exp.out), {}, fresh))["imported"], 3);
  EXPECT_EQ(Print(SummaryTotals(fresh).by_province), Print(SummaryTotals(store_).by_province));
  EXPECT_EQ(Print(SummaryTotals(fresh).by_day), Print(SummaryTotals(store_).by_day));
  // The superseded row keeps its timestamp: importing the original file into the fresh store
  // changes nothing.
  EXPECT_EQ(Summary(Import("acled", dir_.File("a.csv"), {}, fresh))["unchanged"], 3);
}

TEST_F(ImportCliTest, ExportFiltersAndOtherFormats) {
  const std::string path = UcdpSample();
  if (path.empty()) GTEST_SKIP() << "../shared/data/events is absent";
  ASSERT_EQ(Summary(Import("ucdp", path))["imported"], 135);
  ASSERT_EQ(Summary(Import("acled", Write("a.csv", AcledFixture())))["imported"], 3);
  // HXL: a header row, then the hashtag row, then one row per incident.
  auto hxl = Jirga({"export", "hxl", "--store", store_, "--province", "AF-HEL"});
  ASSERT_EQ(hxl.exit_code, 0) << hxl.err;
  auto lines = Lines(hxl.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1].rfind("#event+code,#meta+dataset,#date+occurred,#date+end,", 0), 0u);
  EXPECT_NE(lines[1].find("#adm1+name,#adm1+code,"), std::string::npos);
  EXPECT_NE(lines[1].find("#affected+killed,"), std::string::npos);
  size_t helmand_rows = 0;
  for (auto& row : NaiveCsv(hxl.out)) helmand_rows += row.size() > 15 && row[15] == "AF-HEL";
  EXPECT_EQ(static_cast<int64_t>(helmand_rows), 13 + 2);  // GED's Hilmand rows + 2 ACLED rows
  // GeoJSON: a point per incident with coordinates.
  auto geo = Jirga({"export", "geojson", "--store", store_, "--dataset", "acled"});
  ASSERT_EQ(geo.exit_code, 0) << geo.err;
  auto j = ParseJsonStrict(geo.out);
  ASSERT_TRUE(j.ok()) << geo.out.substr(0, 300);
  EXPECT_EQ((*j)["type"], "FeatureCollection");
  ASSERT_EQ((*j)["features"].size(), 3u);
  EXPECT_EQ((*j)["features"][0]["geometry"]["coordinates"], Json::parse("[64.11, 31.52]"));
  // Date filters.
  auto acled = Jirga({"export", "acled", "--store", store_, "--from", "2020-03-03", "--to",
                      "3 March 2020"});
  ASSERT_EQ(acled.exit_code, 0) << acled.err;
  EXPECT_EQ(Lines(acled.out).size(), 2u);
  // Bad flags are usage errors.
  EXPECT_EQ(Jirga({"export", "csv", "--store", store_}).exit_code, 3);
  EXPECT_EQ(Jirga({"export", "acled", "--store", store_, "--from", "2020-02-30"}).exit_code, 2);
  EXPECT_EQ(Jirga({"export", "acled", "--store", store_, "--province", "AF-XXX"}).exit_code, 2);
}

}  // namespace
}  // namespace jirga
