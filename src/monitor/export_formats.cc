// The ACLED, UCDP GED, HXL and GeoJSON writers of export_formats.h.
#include "monitor/export_formats.h"

#include <array>
#include <vector>

#include "monitor/acled.h"
#include "monitor/gazetteer.h"
#include "monitor/import_fields.h"
#include "monitor/ucdp.h"

namespace jirga {
namespace {

// The fields of a current incident the writers need, read once.
struct View {
  std::string id_acled, id_ucdp, dataset, version;
  std::string start, end, precision;
  std::string admin1, pcode, admin1_name, admin2, location;
  bool has_point = false;
  double lat = 0, lon = 0;
  int place_precision = 0;  // 0: not given
  std::string type, subtype, disorder;
  std::string perp, perp_type, target, target_type;
  std::vector<std::string> associated;
  std::array<std::array<int64_t, 3>, 4> deaths{};  // [category][low, best, high]
  std::array<int64_t, 3> total{};
  std::vector<std::string> sources;
  std::string scale, notes;
};

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? std::string(sep) : "") + parts[i];
  return s;
}

View Read(const CurrentIncident& in) {
  View v;
  const Json& b = in.body;
  const Json& imp = b.contains("import") ? b["import"] : Json::object();
  v.dataset = Str(imp, "dataset");
  v.version = Str(imp, "version");
  const std::string id = Str(imp, "id");
  // An incident keeps its dataset id in its own dataset's layout; anything else is named by its
  // place in the log (ACLED ids are text; GED ids are numbers).
  v.id_acled = v.dataset == kAcled ? id
               : v.dataset.empty() ? "jirga-" + std::to_string(in.index)
                                   : v.dataset + "-" + id;
  v.id_ucdp = v.dataset == kUcdpGed ? id : std::to_string(in.index);
  const Json& date = b.value("date", Json::object());
  v.start = Str(date, "start");
  v.end = Str(date, "end").empty() ? v.start : Str(date, "end");
  v.precision = Str(date, "precision");
  const Json& place = b.value("place", Json::object());
  v.admin1 = Str(place, "admin1");
  if (const Province* p = FindProvinceByCode(v.admin1); p != nullptr) {
    v.pcode = std::string(p->pcode);
    v.admin1_name = std::string(p->en);
  }
  v.admin2 = Str(place, "admin2");
  v.location = Str(place, "location");
  if (place.contains("lat") && place.contains("lon")) {
    v.has_point = true;
    v.lat = place["lat"].get<double>();
    v.lon = place["lon"].get<double>();
  }
  v.place_precision = place.value("precision", 0);
  const Json& event = b.value("event", Json::object());
  v.type = Str(event, "type");
  v.subtype = Str(event, "subtype");
  v.disorder = Str(event, "disorder");
  const Json& actors = b.value("actors", Json::object());
  const Json& perp = actors.value("perpetrator", Json::object());
  v.perp = Str(perp, "name");
  v.perp_type = Str(perp, "type");
  const Json& target = actors.value("target", Json::object());
  v.target = Str(target, "name");
  v.target_type = Str(target, "type");
  for (const Json& a : actors.value("associated", Json::array())) v.associated.push_back(Str(a, "name"));
  const Json& f = b.value("fatalities", Json::object());
  for (size_t c = 0; c < kFatalityCategories.size(); ++c) {
    auto it = f.find(std::string(kFatalityCategories[c]));
    if (it == f.end()) continue;
    v.deaths[c] = {(*it)["low"].get<int64_t>(), (*it)["best"].get<int64_t>(),
                   (*it)["high"].get<int64_t>()};
    for (size_t k = 0; k < 3; ++k) v.total[k] += v.deaths[c][k];
  }
  for (const Json& s : b.value("sources", Json::array())) {
    v.sources.push_back(Str(s, "name"));
    if (v.scale.empty()) v.scale = Str(s, "scale");
  }
  v.notes = Str(b, "notes");
  return v;
}

// ACLED cannot place an event coarser than a province: such events go out without admin1, so
// they stay out of every province total when imported again.
bool CoarserThanProvince(const View& v) { return v.place_precision > 4; }

std::string Num(int64_t n) { return std::to_string(n); }
std::string Dec(const View& v, bool lat) {
  return v.has_point ? FormatDecimal(lat ? v.lat : v.lon) : std::string();
}

class AcledWriter : public ExportWriter {
 public:
  void Begin(std::string* out) override {
    AppendCsvRecord(out, std::vector<std::string>(kAcledColumns.begin(), kAcledColumns.end()));
  }
  bool Add(const CurrentIncident& in, std::string* out) override {
    const View v = Read(in);
    const int inter1 = InterFromActorType(v.perp_type), inter2 = InterFromActorType(v.target_type);
    const int lo = std::min(inter1, inter2), hi = std::max(inter1, inter2);
    const std::string interaction = hi == 0 ? "" : lo == 0 ? Num(hi * 10) : Num(lo * 10 + hi);
    const bool coarse = CoarserThanProvince(v);
    const std::string geo = v.place_precision == 0 ? ""
                            : v.place_precision <= 2 ? Num(v.place_precision)
                                                     : "3";
    const std::string time_prec = v.precision == "day" ? "1"
                                  : (v.precision == "days" || v.precision == "week") ? "2"
                                                                                     : "3";
    AppendCsvRecord(out, {v.id_acled, v.start, v.start.substr(0, 4), time_prec, v.disorder, v.type,
                          v.subtype, v.perp, Join(v.associated, "; "), Num(inter1), v.target, "",
                          Num(inter2), interaction,
                          v.target_type == "civilians" ? "Civilian targeting" : "", "4",
                          "Caucasus and Central Asia", "Afghanistan",
                          coarse ? "" : v.admin1_name, v.admin2, "", v.location, Dec(v, true),
                          Dec(v, false), geo, Join(v.sources, "; "), v.scale, v.notes,
                          Num(v.total[1]), "", v.dataset == kAcled ? v.version : ""});
    return true;
  }
  void End(std::string*) override {}
};

class UcdpWriter : public ExportWriter {
 public:
  void Begin(std::string* out) override {
    AppendCsvRecord(out, std::vector<std::string>(kUcdpColumns.begin(), kUcdpColumns.end()));
  }
  bool Add(const CurrentIncident& in, std::string* out) override {
    const View v = Read(in);
    const std::string tov = v.type == "Violence against civilians" ? "3"
                            : (v.perp_type != "state-forces" && v.target_type != "state-forces")
                                ? "2"
                                : "1";
    static constexpr std::array<std::string_view, 5> kPrec = {"day", "days", "week", "month",
                                                              "year"};
    std::string date_prec = "1";
    for (size_t i = 0; i < kPrec.size(); ++i) {
      if (v.precision == kPrec[i]) date_prec = Num(static_cast<int64_t>(i) + 1);
    }
    const std::string where_prec =
        v.place_precision != 0 ? Num(v.place_precision) : (v.admin1.empty() ? "6" : "4");
    const std::string wkt =
        v.has_point ? "POINT (" + Dec(v, false) + " " + Dec(v, true) + ")" : std::string();
    std::vector<std::string> row = {
        v.id_ucdp, "", v.start.substr(0, 4), "", "", tov, "", "", "", "", "", "", "", "",
        v.perp, "", "", v.target,
        v.sources.empty() ? "-1" : Num(static_cast<int64_t>(v.sources.size())),
        Join(v.sources, "; "), "", "", v.notes, "", where_prec, v.location, "",
        v.admin1_name.empty() ? "" : v.admin1_name + " province", v.admin2, Dec(v, true),
        Dec(v, false), wkt, "", "Afghanistan", "700", "Asia", "", date_prec, v.start, v.end,
        Num(v.deaths[0][1]), Num(v.deaths[1][1]), Num(v.deaths[2][1]), Num(v.deaths[3][1]),
        Num(v.total[1]), Num(v.total[2]), Num(v.total[0]), "700", ""};
    AppendCsvRecord(out, row);
    return true;
  }
  void End(std::string*) override {}
};

// Column names and the hashtags OCHA's HDX pipelines put on ACLED and UCDP country files
// (#event+code, #date+occurred, #group+name+first, #affected+killed, ...); the few columns
// with no HDX counterpart use HXL's standard attributes (+min/+max, +iso).
constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kHxl = {{
    {"event_id", "#event+code"},
    {"dataset", "#meta+dataset"},
    {"event_date", "#date+occurred"},
    {"date_end", "#date+end"},
    {"year", "#date+year"},
    {"event_type", "#event+type"},
    {"sub_event_type", "#event+type+sub"},
    {"actor1", "#group+name+first"},
    {"assoc_actor_1", "#group+name+first+assoc"},
    {"actor2", "#group+name+second"},
    {"region", "#region+name"},
    {"country", "#country+name"},
    {"iso3", "#country+code"},
    {"admin1", "#adm1+name"},
    {"admin1_pcode", "#adm1+code"},
    {"admin1_iso", "#adm1+code+iso"},
    {"admin2", "#adm2+name"},
    {"location", "#loc+name"},
    {"latitude", "#geo+lat"},
    {"longitude", "#geo+lon"},
    {"source", "#meta+source"},
    {"notes", "#description"},
    {"fatalities", "#affected+killed"},
    {"fatalities_low", "#affected+killed+min"},
    {"fatalities_high", "#affected+killed+max"},
    {"reported_by", "#org+name"},
}};

class HxlWriter : public ExportWriter {
 public:
  void Begin(std::string* out) override {
    std::vector<std::string> names, tags;
    for (auto& [n, t] : kHxl) names.emplace_back(n), tags.emplace_back(t);
    AppendCsvRecord(out, names);
    AppendCsvRecord(out, tags);
  }
  bool Add(const CurrentIncident& in, std::string* out) override {
    const View v = Read(in);
    AppendCsvRecord(out, {v.dataset == kUcdpGed ? v.id_ucdp : v.id_acled, v.dataset, v.start,
                          v.end, v.start.substr(0, 4), v.type, v.subtype, v.perp,
                          Join(v.associated, "; "), v.target, "Caucasus and Central Asia",
                          "Afghanistan", "AFG", v.admin1_name, v.pcode, v.admin1, v.admin2,
                          v.location, Dec(v, true), Dec(v, false), Join(v.sources, "; "), v.notes,
                          Num(v.total[1]), Num(v.total[0]), Num(v.total[2]), in.party});
    return true;
  }
  void End(std::string*) override {}
};

class GeoJsonWriter : public ExportWriter {
 public:
  void Begin(std::string* out) override { out->append("{\"type\":\"FeatureCollection\",\"features\":["); }
  bool Add(const CurrentIncident& in, std::string* out) override {
    const View v = Read(in);
    if (!v.has_point) return false;
    Json props = {{"index", in.index},
                  {"reported_by", in.party},
                  {"date_start", v.start},
                  {"date_end", v.end},
                  {"date_precision", v.precision},
                  {"event_type", v.type},
                  {"sub_event_type", v.subtype},
                  {"perpetrator", v.perp},
                  {"target", v.target},
                  {"admin1", v.admin1.empty() ? Json() : Json(v.admin1)},
                  {"admin1_name", v.admin1_name.empty() ? Json() : Json(v.admin1_name)},
                  {"location", v.location},
                  {"place_precision", v.place_precision == 0 ? Json() : Json(v.place_precision)},
                  {"fatalities", {{"low", v.total[0]}, {"best", v.total[1]}, {"high", v.total[2]}}},
                  {"dataset", v.dataset.empty() ? Json() : Json(v.dataset)},
                  {"dataset_id", v.dataset.empty() ? Json() : Json(Str(in.body["import"], "id"))}};
    Json f = {{"type", "Feature"},
              {"geometry", {{"type", "Point"}, {"coordinates", {v.lon, v.lat}}}},
              {"properties", std::move(props)}};
    if (!first_) out->push_back(',');
    first_ = false;
    out->append("\n");
    out->append(f.dump());
    return true;
  }
  void End(std::string* out) override { out->append("\n]}\n"); }

 private:
  bool first_ = true;
};

}  // namespace

bool MatchesFilter(const CurrentIncident& in, const ExportFilter& filter) {
  const Json& b = in.body;
  const std::string start = b.contains("date") ? Str(b["date"], "start") : "";
  if (!filter.from.empty() && start < filter.from) return false;
  if (!filter.to.empty() && start > filter.to) return false;
  if (!filter.province.empty() &&
      (!b.contains("place") || Str(b["place"], "admin1") != filter.province)) {
    return false;
  }
  if (!filter.dataset.empty()) {
    const std::string d = b.contains("import") ? Str(b["import"], "dataset") : "";
    if (d != (filter.dataset == "none" ? "" : filter.dataset)) return false;
  }
  return true;
}

Result<std::unique_ptr<ExportWriter>> NewExportWriter(std::string_view format) {
  if (format == "acled") return std::unique_ptr<ExportWriter>(new AcledWriter());
  if (format == "ucdp") return std::unique_ptr<ExportWriter>(new UcdpWriter());
  if (format == "hxl") return std::unique_ptr<ExportWriter>(new HxlWriter());
  if (format == "geojson") return std::unique_ptr<ExportWriter>(new GeoJsonWriter());
  return InvalidArgument("unknown export format \"" + std::string(format) +
                         "\" (acled, ucdp, hxl or geojson)");
}

}  // namespace jirga
