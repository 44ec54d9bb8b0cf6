// The ACLED row mapper: one row of an ACLED export (columns found by header) to an incident body.
#include "monitor/acled.h"

#include <algorithm>
#include <map>

#include "monitor/gazetteer.h"
#include "monitor/row_mapper.h"

namespace jirga {
namespace {

constexpr std::array<std::string_view, 6> kEventTypes = {
    "Battles",  "Explosions/Remote violence", "Violence against civilians",
    "Protests", "Riots",                      "Strategic developments"};

size_t IndexOf(std::string_view column) {
  for (size_t i = 0; i < kAcledColumns.size(); ++i) {
    if (kAcledColumns[i] == column) return i;
  }
  return kAcledColumns.size();
}

class AcledMapper : public RowMapper {
 public:
  explicit AcledMapper(const Country& country) : country_(country) { col_.fill(kAbsent); }

  std::string_view dataset() const override { return kAcled; }

  Result<bool> ReadHeader(const CsvRecord& first) override {
    std::map<std::string_view, bool> seen;
    for (size_t i = 0; i < first.size(); ++i) {
      const std::string_view name = first[i];
      if (!seen.emplace(name, true).second) {
        return InvalidArgument("line " + std::to_string(first.line()) + ": column \"" +
                               std::string(name) + "\" appears twice");
      }
      const size_t c = IndexOf(name);
      if (c < kAcledColumns.size()) {
        col_[c] = i;
      } else if (std::find(kAcledExtraColumns.begin(), kAcledExtraColumns.end(), name) ==
                 kAcledExtraColumns.end()) {
        return InvalidArgument("line " + std::to_string(first.line()) +
                               ": unknown column \"" + std::string(name).substr(0, 80) +
                               "\" (an ACLED export starts with a header row of ACLED's "
                               "column names)");
      }
    }
    for (std::string_view r : kAcledRequiredColumns) {
      if (col_[IndexOf(r)] == kAbsent) {
        return InvalidArgument("line " + std::to_string(first.line()) +
                               ": the header lacks the ACLED column \"" + std::string(r) + "\"");
      }
    }
    return true;
  }

  Result<ImportedRow> Map(const CsvRecord& row) const override {
    auto f = [&](std::string_view name) -> std::string_view {
      const size_t i = col_[IndexOf(name)];
      return i == kAbsent ? std::string_view() : Trim(row[i]);
    };
    ImportedRow out;
    out.id = std::string(f("event_id_cnty"));
    if (out.id.empty() || out.id.size() > 64) {
      return InvalidArgument("event_id_cnty: \"" + out.id.substr(0, 80) +
                             "\" is not an event id (1..64 characters)");
    }
    std::string_view ts = f("timestamp");
    if (ts.empty()) ts = "0";
    ASSIGN_OR_RETURN(int64_t timestamp, ParseInteger("timestamp", ts, 0, 4102444800));
    out.version = std::to_string(timestamp);
    if (f("country") != country_.name) {
      return InvalidArgument("country: \"" + std::string(f("country")) + "\" is not " +
                             std::string(country_.name) + " (--country " +
                             std::string(country_.alpha2) + ")");
    }
    if (!f("iso").empty()) {
      ASSIGN_OR_RETURN(int64_t iso, ParseInteger("iso", f("iso"), 0, 999));
      if (iso != country_.iso_numeric) {
        return InvalidArgument("iso: " + std::to_string(iso) + " is not " +
                               std::string(country_.name) + "'s code " +
                               std::to_string(country_.iso_numeric));
      }
    }
    ASSIGN_OR_RETURN(std::string date, ParseEventDate("event_date", f("event_date")));
    int64_t time_prec = 1;
    if (!f("time_precision").empty()) {
      ASSIGN_OR_RETURN(time_prec, ParseInteger("time_precision", f("time_precision"), 1, 3));
    }
    static constexpr std::array<std::string_view, 3> kPrec = {"day", "week", "month"};
    Json body = {{"date", {{"start", date}, {"precision", std::string(kPrec[time_prec - 1])}}}};

    Json place = {{"country", std::string(country_.alpha2)}};
    if (!f("admin1").empty()) {
      auto p = ResolveProvince(f("admin1"));
      if (!p.ok()) return InvalidArgument("admin1: " + p.status().message());
      place["admin1"] = std::string((*p)->iso);
      place["pcode"] = std::string((*p)->pcode);
    }
    if (!f("admin2").empty()) place["admin2"] = FitText(f("admin2"), 300);
    if (!f("location").empty()) place["location"] = FitText(f("location"), 300);
    if (!f("latitude").empty() || !f("longitude").empty()) {
      ASSIGN_OR_RETURN(double lat, ParseDecimal("latitude", f("latitude"), -90, 90));
      ASSIGN_OR_RETURN(double lon, ParseDecimal("longitude", f("longitude"), -180, 180));
      place["lat"] = lat;
      place["lon"] = lon;
    }
    if (!f("geo_precision").empty()) {
      ASSIGN_OR_RETURN(int64_t gp, ParseInteger("geo_precision", f("geo_precision"), 1, 3));
      place["precision"] = gp == 3 ? 4 : gp;
    }
    body["place"] = std::move(place);

    const std::string_view type = f("event_type");
    if (std::find(kEventTypes.begin(), kEventTypes.end(), type) == kEventTypes.end()) {
      return InvalidArgument("event_type: \"" + std::string(type).substr(0, 80) +
                             "\" is not one of ACLED's six event types");
    }
    Json event = {{"type", std::string(type)}, {"subtype", std::string(f("sub_event_type"))}};
    if (!f("disorder_type").empty()) event["disorder"] = FitText(f("disorder_type"), 100);
    body["event"] = std::move(event);

    if (f("actor1").empty()) return InvalidArgument("actor1: is empty (the perpetrator is required)");
    auto actor = [&](std::string_view name_col, std::string_view inter_col) -> Result<Json> {
      Json a = {{"name", FitText(f(name_col), 300)}};
      ASSIGN_OR_RETURN(auto type, ActorTypeFromInter(inter_col, f(inter_col)));
      if (type) a["type"] = *type;
      return a;
    };
    ASSIGN_OR_RETURN(Json perpetrator, actor("actor1", "inter1"));
    Json actors = {{"perpetrator", std::move(perpetrator)}};
    if (!f("actor2").empty()) {
      ASSIGN_OR_RETURN(actors["target"], actor("actor2", "inter2"));
    }
    Json associated = Json::array();
    for (std::string_view col : {"assoc_actor_1", "assoc_actor_2"}) {
      for (std::string& a : SplitList(f(col), ';')) associated.push_back({{"name", FitText(a, 300)}});
    }
    if (associated.size() > 16) {
      return InvalidArgument("assoc_actor_1, assoc_actor_2: more than 16 associated actors");
    }
    if (!associated.empty()) actors["associated"] = std::move(associated);
    body["actors"] = std::move(actors);

    ASSIGN_OR_RETURN(int64_t deaths, ParseInteger("fatalities", f("fatalities"), 0, 1000000));
    body["fatalities"] = {{"unknown", {{"low", deaths}, {"best", deaths}, {"high", deaths}}}};

    Json sources = Json::array();
    const std::string scale(f("source_scale"));
    for (std::string& s : SplitList(f("source"), ';')) {
      Json src = {{"name", FitText(s, 300)}};
      if (!scale.empty()) src["scale"] = FitText(scale, 100);
      sources.push_back(std::move(src));
    }
    if (sources.size() > 64) return InvalidArgument("source: more than 64 sources");
    if (!sources.empty()) body["sources"] = std::move(sources);
    if (!f("notes").empty()) body["notes"] = FitText(f("notes"), 20000);
    body["import"] = {{"dataset", std::string(kAcled)}, {"id", out.id}, {"version", out.version}};
    out.incident = std::move(body);
    // The row's own time: ACLED's timestamp (when the row was last changed), else its date.
    out.time_micros = timestamp > 0 ? timestamp * 1000000 : DateMicros(date);
    return out;
  }

  int CompareVersions(std::string_view a, std::string_view b) const override {
    return CompareDigitStrings(a, b);
  }

 private:
  static constexpr size_t kAbsent = SIZE_MAX;
  const Country& country_;
  std::array<size_t, kAcledColumns.size()> col_{};
};

}  // namespace

std::unique_ptr<RowMapper> NewAcledMapper(const Country& country) {
  return std::make_unique<AcledMapper>(country);
}

}  // namespace jirga
