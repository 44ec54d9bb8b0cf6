// Tests of the ACLED row mapper: columns by header in any order, both date spellings, inter codes
// as numbers or text, sources and associated actors, and every refusal naming its column.
#include "monitor/acled.h"

#include <gtest/gtest.h>

#include <sstream>

#include "monitor/row_mapper.h"

namespace jirga {
namespace {

const Country& Af() { return **FindCountry("AF"); }

std::map<std::string, std::string> BaseRow() {
  return {{"event_id_cnty", "AFG12345"}, {"event_date", "2019-09-28"}, {"year", "2019"},
          {"time_precision", "1"}, {"disorder_type", "Political violence"},
          {"event_type", "Explosions/Remote violence"}, {"sub_event_type", "Suicide bomb"},
          {"actor1", "Taliban"}, {"assoc_actor_1", ""}, {"inter1", "2"},
          {"actor2", "Civilians (Afghanistan)"}, {"assoc_actor_2", "Polling staff; Voters"},
          {"inter2", "7"}, {"interaction", "27"}, {"civilian_targeting", "Civilian targeting"},
          {"iso", "4"}, {"region", "Caucasus and Central Asia"}, {"country", "Afghanistan"},
          {"admin1", "Kandahar"}, {"admin2", "Kandahar"}, {"admin3", ""},
          {"location", "Kandahar"}, {"latitude", "31.6133"}, {"longitude", "65.7101"},
          {"geo_precision", "3"}, {"source", "Pajhwok Afghan News; Tolo News"},
          {"source_scale", "National"}, {"notes", "\"On 28 September 2019, a bomb, \"\"IED\"\",\nhit\""},
          {"fatalities", "2"}, {"tags", ""}, {"timestamp", "1618531200"}};
}

std::string Csv(const std::vector<std::string>& columns,
                const std::vector<std::map<std::string, std::string>>& rows) {
  std::string t;
  for (size_t i = 0; i < columns.size(); ++i) t += (i ? "," : "") + columns[i];
  t += "\r\n";
  for (const auto& r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      auto it = r.find(columns[i]);
      t += (i ? "," : "") + (it == r.end() ? std::string() : it->second);
    }
    t += "\r\n";
  }
  return t;
}

std::vector<std::string> AllColumns() {
  return std::vector<std::string>(kAcledColumns.begin(), kAcledColumns.end());
}

Result<std::vector<ImportedRow>> MapAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  auto mapper = NewAcledMapper(Af());
  std::vector<ImportedRow> rows;
  CsvRecord rec;
  bool first = true;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&rec));
    if (!more) break;
    if (first) {
      first = false;
      ASSIGN_OR_RETURN(bool header, mapper->ReadHeader(rec));
      EXPECT_TRUE(header);
      continue;
    }
    auto row = mapper->Map(rec);
    if (!row.ok()) return row.status().WithContext("line " + std::to_string(rec.line()));
    rows.push_back(std::move(*row));
  }
  return rows;
}

TEST(AcledMapper, MapsAnExportRowToAnIncident) {
  auto rows = MapAll(Csv(AllColumns(), {BaseRow()}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const ImportedRow& r = (*rows)[0];
  EXPECT_EQ(r.id, "AFG12345");
  EXPECT_EQ(r.version, "1618531200");
  EXPECT_EQ(r.time_micros, 1618531200LL * 1000000);
  const Json& b = r.incident;
  EXPECT_EQ(b["date"], Json::parse(R"({"start":"2019-09-28","precision":"day"})"));
  EXPECT_EQ(b["place"]["admin1"], "AF-KAN");
  EXPECT_EQ(b["place"]["precision"], 4);  // geo_precision 3 = a province
  EXPECT_EQ(b["event"], Json::parse(R"({"type":"Explosions/Remote violence",
      "subtype":"Suicide bomb","disorder":"Political violence"})"));
  EXPECT_EQ(b["actors"], Json::parse(R"J({"perpetrator":{"name":"Taliban","type":"rebel-group"},
      "target":{"name":"Civilians (Afghanistan)","type":"civilians"},
      "associated":[{"name":"Polling staff"},{"name":"Voters"}]})J"));
  EXPECT_EQ(b["fatalities"], Json::parse(R"({"unknown":{"low":2,"best":2,"high":2}})"));
  EXPECT_EQ(b["sources"], Json::parse(R"([{"name":"Pajhwok Afghan News","scale":"National"},
      {"name":"Tolo News","scale":"National"}])"));
  EXPECT_EQ(b["notes"], "On 28 September 2019, a bomb, \"IED\",\nhit");
  EXPECT_EQ(b["import"], Json::parse(R"({"dataset":"acled","id":"AFG12345","version":"1618531200"})"));
}

TEST(AcledMapper, ColumnOrderComesFromTheHeaderAndExtrasAreTolerated) {
  std::vector<std::string> cols = AllColumns();
  std::reverse(cols.begin(), cols.end());
  cols.push_back("iso3");
  cols.push_back("population_best");
  auto rows = MapAll(Csv(cols, {BaseRow()}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  auto base = MapAll(Csv(AllColumns(), {BaseRow()}));
  EXPECT_EQ((*rows)[0].incident, (*base)[0].incident);
}

TEST(AcledMapper, LongDatesAndTextInterCodes) {
  auto row = BaseRow();
  row["event_date"] = "28 September 2019";
  row["inter1"] = "Rebel group";
  row["inter2"] = "Civilians";
  row["time_precision"] = "2";
  auto rows = MapAll(Csv(AllColumns(), {row}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  auto base = MapAll(Csv(AllColumns(), {BaseRow()}));
  Json b = (*rows)[0].incident, want = (*base)[0].incident;
  want["date"]["precision"] = "week";
  EXPECT_EQ(b, want);
  row["event_date"] = "1 Feb 2020";
  row["inter1"] = "State forces";
  rows = MapAll(Csv(AllColumns(), {row}));
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].incident["date"]["start"], "2020-02-01");
  EXPECT_EQ((*rows)[0].incident["actors"]["perpetrator"]["type"], "state-forces");
}

TEST(AcledMapper, InvalidRowsNameTheColumn) {
  struct Case {
    std::string column, value, message;
  };
  const std::vector<Case> cases = {
      {"fatalities", "two", "fatalities: \"two\" is not a whole number"},
      {"fatalities", "", "fatalities: \"\" is not a whole number"},
      {"event_date", "2019-02-29", "event_date: \"2019-02-29\" is not a real date"},
      {"event_date", "31 June 2019", "event_date: \"31 June 2019\" is not a real date"},
      {"event_date", "28/09/2019", "event_date: \"28/09/2019\" is not a date"},
      {"latitude", "-90.5", "latitude: \"-90.5\" is out of range -90..90"},
      {"longitude", "200", "longitude: \"200\" is out of range -180..180"},
      {"inter1", "9", "inter1: \"9\" is not an ACLED actor type"},
      {"inter2", "Aliens", "inter2: \"Aliens\" is not an ACLED actor type"},
      {"country", "Iran", "country: \"Iran\" is not Afghanistan (--country AF)"},
      {"iso", "364", "iso: 364 is not Afghanistan's code 4"},
      {"admin1", "Narnia", "admin1: unknown province"},
      {"event_type", "Battle", "event_type: \"Battle\" is not one of ACLED's six event types"},
      {"actor1", "", "actor1: is empty"},
      {"geo_precision", "4", "geo_precision: \"4\" is out of range 1..3"},
      {"time_precision", "0", "time_precision: \"0\" is out of range 1..3"},
      {"timestamp", "16e8", "timestamp: \"16e8\" is not a whole number"},
      {"event_id_cnty", "", "event_id_cnty: \"\" is not an event id"},
  };
  for (const Case& c : cases) {
    auto bad = BaseRow();
    bad[c.column] = c.value;
    auto rows = MapAll(Csv(AllColumns(), {BaseRow(), bad}));
    ASSERT_FALSE(rows.ok()) << c.message;
    EXPECT_EQ(rows.status().code(), StatusCode::kInvalidArgument);
    const std::string want = "line 4: " + c.message;  // the first row's notes span two lines
    EXPECT_EQ(rows.status().message().substr(0, want.size()), want) << rows.status().message();
  }
}

TEST(AcledMapper, HeadersAreChecked) {
  std::vector<std::string> cols = AllColumns();
  cols.push_back("evil_column");
  auto r = MapAll(Csv(cols, {BaseRow()}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown column \"evil_column\""), std::string::npos);
  cols = AllColumns();
  cols.erase(std::find(cols.begin(), cols.end(), "fatalities"));
  r = MapAll(Csv(cols, {BaseRow()}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("lacks the ACLED column \"fatalities\""), std::string::npos);
  cols = AllColumns();
  cols.push_back("notes");
  r = MapAll(Csv(cols, {BaseRow()}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"notes\" appears twice"), std::string::npos);
}

TEST(AcledMapper, NewerTimestampsCompareAsNumbers) {
  auto m = NewAcledMapper(Af());
  EXPECT_GT(m->CompareVersions("1618531200", "999999999"), 0);
  EXPECT_EQ(m->CompareVersions("1618531200", "1618531200"), 0);
}

}  // namespace
}  // namespace jirga
