// Tests of the UCDP GED row mapper: the column mapping, header detection, real-data quirks and
// every refusal, and the split of UCDP's total low/high over the death categories.
#include "monitor/ucdp.h"

#include <gtest/gtest.h>

#include <sstream>

#include "monitor/row_mapper.h"

namespace jirga {
namespace {

std::string Header() {
  std::string h;
  for (size_t i = 0; i < kUcdpColumns.size(); ++i) h += (i ? "," : "") + std::string(kUcdpColumns[i]);
  return h + "\n";
}

// A GED row with the given overrides (column name → raw CSV text of the field).
std::string Row(const std::map<std::string, std::string>& over) {
  std::map<std::string, std::string> v = {
      {"id", "381442"}, {"relid", "AFG-2021-1-333-1"}, {"year", "2021"}, {"active_year", "1"},
      {"code_status", "Clear"}, {"type_of_violence", "1"}, {"conflict_name", "Afghanistan: Government"},
      {"side_a", "Government of Afghanistan"}, {"side_b", "Taleban"}, {"number_of_sources", "-1"},
      {"source_article", "\"Pajhwok, 3 May 2021; BBC, 4 May 2021\""},
      {"source_headline", "\"Clashes, \"\"heavy\"\"\nin Nad Ali\""}, {"where_prec", "1"},
      {"where_coordinates", "Nad Ali"}, {"adm_1", "Hilmand province"}, {"adm_2", "Nad Ali district"},
      {"latitude", "31.634"}, {"longitude", "64.246"}, {"country", "Afghanistan"},
      {"country_id", "700"}, {"date_prec", "1"}, {"date_start", "2021-05-03"},
      {"date_end", "2021-05-03"}, {"deaths_a", "2"}, {"deaths_b", "10"},
      {"deaths_civilians", "1"}, {"deaths_unknown", "0"}, {"best", "13"}, {"high", "20"},
      {"low", "9"}, {"gwnoa", "700"}};
  for (auto& [k, x] : over) v[k] = x;
  std::string r;
  for (size_t i = 0; i < kUcdpColumns.size(); ++i) {
    r += (i ? "," : "") + v[std::string(kUcdpColumns[i])];
  }
  return r + "\n";
}

const Country& Af() { return **FindCountry("AF"); }

// Maps every data row of `text`; the first error is returned.
Result<std::vector<ImportedRow>> MapAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  auto mapper = NewUcdpMapper(Af(), "23.1");
  std::vector<ImportedRow> rows;
  CsvRecord rec;
  bool first = true;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&rec));
    if (!more) break;
    if (first) {
      first = false;
      ASSIGN_OR_RETURN(bool header, mapper->ReadHeader(rec));
      if (header) continue;
    }
    auto row = mapper->Map(rec);
    if (!row.ok()) return row.status().WithContext("line " + std::to_string(rec.line()));
    rows.push_back(std::move(*row));
  }
  return rows;
}

TEST(UcdpMapper, MapsAGedRowToAnIncident) {
  auto rows = MapAll(Header() + Row({}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  const Json& b = (*rows)[0].incident;
  EXPECT_EQ(b["date"], Json::parse(R"({"start":"2021-05-03","precision":"day"})"));
  EXPECT_EQ(b["place"]["admin1"], "AF-HEL");
  EXPECT_EQ(b["place"]["pcode"], "AF30");
  EXPECT_EQ(b["place"]["admin2"], "Nad Ali district");
  EXPECT_EQ(b["place"]["location"], "Nad Ali");
  EXPECT_EQ(b["place"]["precision"], 1);
  EXPECT_DOUBLE_EQ(b["place"]["lat"].get<double>(), 31.634);
  EXPECT_EQ(b["event"], Json::parse(R"({"type":"Battles","subtype":"Armed clash"})"));
  EXPECT_EQ(b["actors"]["perpetrator"],
            Json::parse(R"({"name":"Government of Afghanistan","type":"state-forces"})"));
  EXPECT_EQ(b["actors"]["target"], Json::parse(R"({"name":"Taleban","type":"rebel-group"})"));
  EXPECT_EQ(b["sources"], Json::parse(R"([{"name":"Pajhwok, 3 May 2021"},{"name":"BBC, 4 May 2021"}])"));
  EXPECT_EQ(b["notes"], "Clashes, \"heavy\"\nin Nad Ali");
  EXPECT_EQ(b["import"], Json::parse(R"({"dataset":"ucdp-ged","id":"381442","version":"23.1"})"));
  // Sums per low/best/high equal UCDP's low, best and high.
  int64_t low = 0, best = 0, high = 0;
  for (auto& [cat, r] : b["fatalities"].items()) {
    low += r["low"].get<int64_t>(), best += r["best"].get<int64_t>(), high += r["high"].get<int64_t>();
    EXPECT_LE(r["low"], r["best"]) << cat;
    EXPECT_LE(r["best"], r["high"]) << cat;
  }
  EXPECT_EQ(low, 9);
  EXPECT_EQ(best, 13);
  EXPECT_EQ(high, 20);
  EXPECT_EQ(b["fatalities"]["party_b"]["best"], 10);
}

TEST(UcdpMapper, FilesWithoutAHeaderAndWithABomReadTheSame) {
  auto with = MapAll(Header() + Row({}));
  auto without = MapAll(Row({}));
  auto bom = MapAll("\xEF\xBB\xBF" + Header() + Row({}));
  ASSERT_TRUE(with.ok() && without.ok() && bom.ok());
  EXPECT_EQ((*with)[0].incident, (*without)[0].incident);
  EXPECT_EQ((*with)[0].incident, (*bom)[0].incident);
}

TEST(UcdpMapper, HeaderColumnsMayComeInAnyOrder) {
  // Swap the first two columns in the header and the row.
  std::string h = Header(), r = Row({});
  auto swap2 = [](const std::string& line) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    return line.substr(a + 1, b - a - 1) + "," + line.substr(0, a) + line.substr(b);
  };
  auto rows = MapAll(swap2(h) + swap2(r));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].id, "381442");
}

TEST(UcdpMapper, RealDataQuirks) {
  // Empty deaths columns are not given (only a total: all "unknown"); -1 sources is ignored;
  // coarse precision codes; a multi-day range; the Sari Pul spelling.
  auto rows = MapAll(Header() + Row({{"deaths_a", ""}, {"deaths_b", ""}, {"deaths_civilians", ""},
                                     {"deaths_unknown", ""}, {"best", "4"}, {"low", ""},
                                     {"high", ""}, {"where_prec", "7"}, {"date_prec", "5"},
                                     {"date_end", "2021-05-09"}, {"adm_1", "Sari Pul province"},
                                     {"latitude", ""}, {"longitude", ""}}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const Json& b = (*rows)[0].incident;
  EXPECT_EQ(b["fatalities"], Json::parse(R"({"unknown":{"low":4,"best":4,"high":4}})"));
  EXPECT_EQ(b["place"]["precision"], 7);
  EXPECT_EQ(b["place"]["admin1"], "AF-SAR");
  EXPECT_FALSE(b["place"].contains("lat"));
  EXPECT_EQ(b["date"], Json::parse(R"({"start":"2021-05-03","end":"2021-05-09","precision":"year"})"));
}

TEST(UcdpMapper, LowAndHighThatDoNotBracketBestAreWidenedToTheEnvelope) {
  // GED 23.1 row 212386: best 3, high 3, low 4.
  auto rows = MapAll(Row({{"deaths_a", "0"}, {"deaths_b", "3"}, {"deaths_civilians", "0"},
                          {"deaths_unknown", "0"}, {"best", "3"}, {"high", "3"}, {"low", "4"}}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].incident["fatalities"]["party_b"],
            Json::parse(R"({"low":3,"best":3,"high":4})"));
}

TEST(UcdpMapper, TypeOfViolenceMapsToAcledTypes) {
  auto one_sided = MapAll(Row({{"type_of_violence", "3"}, {"side_a", "IS"}, {"side_b", "Civilians"}}));
  ASSERT_TRUE(one_sided.ok());
  EXPECT_EQ((*one_sided)[0].incident["event"],
            Json::parse(R"({"type":"Violence against civilians","subtype":"Attack"})"));
  EXPECT_EQ((*one_sided)[0].incident["actors"]["target"]["type"], "civilians");
  EXPECT_FALSE((*one_sided)[0].incident["actors"]["perpetrator"].contains("type"));
  auto non_state = MapAll(Row({{"type_of_violence", "2"}, {"side_a", "Taleban"}, {"side_b", "IS"}}));
  ASSERT_TRUE(non_state.ok());
  EXPECT_EQ((*non_state)[0].incident["event"]["type"], "Battles");
  EXPECT_FALSE((*non_state)[0].incident["actors"]["target"].contains("type"));
}

TEST(UcdpMapper, InvalidRowsNameTheColumn) {
  struct Case {
    std::map<std::string, std::string> over;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"deaths_b", "ten"}}, "deaths_b: \"ten\" is not a whole number"},
      {{{"deaths_b", "-3"}}, "deaths_b: \"-3\" is out of range 0..1000000"},
      {{{"best", "14"}}, "best: 14 is not deaths_a + deaths_b"},
      {{{"date_start", "2021-02-30"}}, "date_start: \"2021-02-30\" is not a real date"},
      {{{"date_start", "2021-13-01"}}, "date_start: \"2021-13-01\" is not a real date"},
      {{{"date_end", "2021-05-01"}}, "date_end: \"2021-05-01\" is before date_start"},
      {{{"latitude", "91"}}, "latitude: \"91\" is out of range -90..90"},
      {{{"longitude", "-181.5"}}, "longitude: \"-181.5\" is out of range -180..180"},
      {{{"longitude", ""}}, "longitude: \"\" is not a decimal number"},
      {{{"latitude", "1e3"}}, "latitude: \"1e3\" is not a decimal number"},
      {{{"where_prec", "8"}}, "where_prec: \"8\" is out of range 1..7"},
      {{{"date_prec", "0"}}, "date_prec: \"0\" is out of range 1..5"},
      {{{"type_of_violence", "4"}}, "type_of_violence: \"4\" is out of range 1..3"},
      {{{"adm_1", "Atlantis province"}}, "adm_1: unknown province"},
      {{{"country", "Pakistan"}}, "country: \"Pakistan\" is not Afghanistan (--country AF)"},
      {{{"side_a", ""}}, "side_a: is empty"},
      {{{"id", "12a"}}, "id: \"12a\" is not a GED event id"},
  };
  for (const Case& c : cases) {
    auto rows = MapAll(Header() + Row({}) + Row(c.over));
    ASSERT_FALSE(rows.ok()) << c.message;
    EXPECT_EQ(rows.status().code(), StatusCode::kInvalidArgument);
    const std::string want = "line 4: " + c.message;  // the first row's headline has 2 lines
    EXPECT_EQ(rows.status().message().substr(0, want.size()), want) << rows.status().message();
  }
}

TEST(UcdpMapper, WrongWidthAndBrokenHeadersAreRefused) {
  EXPECT_FALSE(MapAll("id,relid\n1,2\n").ok());
  std::string h = Header();
  h.replace(h.find("latitude"), 8, "latitudE");
  auto r = MapAll(h + Row({}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("lacks the UCDP GED column \"latitude\""), std::string::npos);
}

TEST(UcdpMapper, OverlongTextIsCutToTheSchemasLimitsAndMarked) {
  // Real GED rows list sources longer than the 300 characters the schema allows a source name.
  std::string arabic;
  for (int i = 0; i < 200; ++i) arabic += "هلمند";  // 1000 code points, 2 bytes each
  auto rows = MapAll(Row({{"source_article", arabic}}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const std::string name = (*rows)[0].incident["sources"][0]["name"];
  EXPECT_EQ(name, arabic.substr(0, 299 * 2) + "…");
  EXPECT_EQ(FitText("short", 300), "short");
  EXPECT_EQ(FitText("abcd", 4), "abcd");
  EXPECT_EQ(FitText("abcde", 4), "abc…");
}

TEST(SplitFatalities, SumsAreUcdpsTotalsAndEachRangeIsOrdered) {
  for (int64_t a = 0; a <= 6; ++a) {
    for (int64_t b = 0; b <= 6; ++b) {
      const int64_t best = a + b + 1;
      for (int64_t low = 0; low <= best; ++low) {
        for (int64_t high = best; high <= best + 7; ++high) {
          Json f = SplitFatalities({a, b, 1, 0}, {true, true, true, true}, low, high);
          int64_t sl = 0, sb = 0, sh = 0;
          for (auto& [cat, r] : f.items()) {
            ASSERT_LE(0, r["low"].get<int64_t>());
            ASSERT_LE(r["low"].get<int64_t>(), r["best"].get<int64_t>());
            ASSERT_LE(r["best"].get<int64_t>(), r["high"].get<int64_t>());
            sl += r["low"].get<int64_t>(), sb += r["best"].get<int64_t>(), sh += r["high"].get<int64_t>();
          }
          ASSERT_EQ(sl, low);
          ASSERT_EQ(sb, best);
          ASSERT_EQ(sh, high);
        }
      }
    }
  }
  // No deaths at all but a high estimate: the uncertainty is "unknown".
  EXPECT_EQ(SplitFatalities({0, 0, 0, 0}, {true, true, false, false}, 0, 5)["unknown"],
            Json::parse(R"({"low":0,"best":0,"high":5})"));
}

TEST(Versions, DottedAndDigitComparison) {
  EXPECT_LT(CompareDottedVersions("23.1", "23.10"), 0);
  EXPECT_LT(CompareDottedVersions("9.0", "23.1"), 0);
  EXPECT_EQ(CompareDottedVersions("23.1", "23.1"), 0);
  EXPECT_GT(CompareDottedVersions("24.0", "23.1"), 0);
  EXPECT_LT(CompareDigitStrings("999", "1000"), 0);
  EXPECT_EQ(CompareDigitStrings("0012", "12"), 0);
}

}  // namespace
}  // namespace jirga
