// Parsing and validation of the monitor's five record bodies, and their registration.
#include "monitor/monitor_kinds.h"

#include <set>

#include "ledger/record.h"
#include "monitor/body_fields.h"
#include "monitor/gazetteer.h"

namespace jirga {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct Subtypes {
  std::string_view type;
  std::vector<std::string_view> subtypes;
};

// ACLED's event taxonomy (ACLED Codebook, 2023): six event types and their sub-event types.
const std::vector<Subtypes>& Taxonomy() {
  static const std::vector<Subtypes> t = {
      {"Battles",
       {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}},
      {"Explosions/Remote violence",
       {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade"}},
      {"Violence against civilians",
       {"Sexual violence", "Attack", "Abduction/forced disappearance"}},
      {"Protests",
       {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}},
      {"Riots", {"Violent demonstration", "Mob violence"}},
      {"Strategic developments",
       {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other"}},
  };
  return t;
}

const std::vector<std::string_view> kDatePrecisions = {"day", "days", "week", "month", "year"};
const std::vector<std::string_view> kActions = {"corroborate", "contest", "retract", "supersede"};
const std::vector<std::string_view> kAspects = {"attribution", "facts", "casualties"};
const std::vector<std::string_view> kOutcomes = {"confirmed", "not-confirmed", "inconclusive"};
const std::vector<std::string_view> kDatasets = {"acled", "ucdp-ged"};
const std::vector<std::string_view> kModes = {"unilateral", "mutual"};

Result<Range> ParseRange(const Json& j, const std::string& path) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"low", "best", "high"}));
  Range r;
  ASSIGN_OR_RETURN(r.low, f.Count("low", kMaxCount));
  ASSIGN_OR_RETURN(r.best, f.Count("best", kMaxCount));
  ASSIGN_OR_RETURN(r.high, f.Count("high", kMaxCount));
  if (r.low > r.best || r.best > r.high) {
    return InvalidArgument(path + " must have low <= best <= high (" + std::to_string(r.low) +
                           ", " + std::to_string(r.best) + ", " + std::to_string(r.high) + ")");
  }
  return r;
}

Result<Actor> ParseActor(const Json& j, const std::string& path) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"name", "type", "party"}));
  Actor a;
  ASSIGN_OR_RETURN(a.name, f.String("name", 1, 300));
  if (f.Has("type")) {
    ASSIGN_OR_RETURN(a.type, f.Enum("type", ActorTypes()));
  }
  if (f.Has("party")) {
    ASSIGN_OR_RETURN(a.party, f.Identifier("party"));
  }
  return a;
}

Result<Fatalities> ParseFatalities(const Json& j, const std::string& path) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"party_a", "party_b", "civilians", "unknown"}));
  Fatalities out;
  std::pair<const char*, std::optional<Range>*> cats[] = {{"party_a", &out.party_a},
                                                          {"party_b", &out.party_b},
                                                          {"civilians", &out.civilians},
                                                          {"unknown", &out.unknown}};
  bool any = false;
  for (auto [name, slot] : cats) {
    if (!f.Has(name)) continue;
    ASSIGN_OR_RETURN(*slot, ParseRange(j.at(name), f.Path(name)));
    any = true;
  }
  if (!any) {
    return InvalidArgument(path +
                           " needs at least one of party_a, party_b, civilians, unknown");
  }
  return out;
}

// A province code list: distinct ISO codes known to the gazetteer.
Result<std::vector<std::string>> ParseAdmin1List(const Fields& f, std::string_view field) {
  ASSIGN_OR_RETURN(const Json* arr, f.Array(field, 1, 34));
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = f.Path(field) + "[" + std::to_string(i) + "]";
    const Json& v = (*arr)[i];
    if (!v.is_string()) return InvalidArgument(p + " must be a string");
    const std::string& s = v.get_ref<const std::string&>();
    const Province* prov = FindProvinceByCode(s);
    if (!prov || prov->iso != s) {
      return InvalidArgument(p + " must be an ISO 3166-2:AF province code such as \"AF-HEL\", not \"" +
                             s.substr(0, 100) + "\"");
    }
    if (!seen.insert(s).second) return InvalidArgument(p + " repeats \"" + s + "\"");
    out.push_back(s);
  }
  return out;
}

Result<std::vector<std::string>> ParsePartyList(const Fields& f, std::string_view field,
                                                size_t max) {
  ASSIGN_OR_RETURN(const Json* arr, f.Array(field, 1, max));
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string p = f.Path(field) + "[" + std::to_string(i) + "]";
    const Json& v = (*arr)[i];
    if (!v.is_string()) return InvalidArgument(p + " must be a party id (a string)");
    const std::string& s = v.get_ref<const std::string&>();
    RETURN_IF_ERROR(ValidateIdentifier(p, s));
    if (!seen.insert(s).second) return InvalidArgument(p + " repeats \"" + s + "\"");
    out.push_back(s);
  }
  return out;
}

Status ParseDateBlock(const Json& j, const std::string& path, Incident& in) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"start", "end", "precision"}));
  ASSIGN_OR_RETURN(in.start_day, f.Date("start", &in.date_start));
  if (f.Has("end")) {
    ASSIGN_OR_RETURN(in.end_day, f.Date("end", &in.date_end));
    if (in.end_day < in.start_day) {
      return InvalidArgument(f.Path("end") + " must not be before " + f.Path("start"));
    }
  } else {
    in.end_day = in.start_day;
    in.date_end = in.date_start;
  }
  ASSIGN_OR_RETURN(in.date_precision, f.Enum("precision", kDatePrecisions));
  return Status::Ok();
}

Status ParsePlace(const Json& j, const std::string& path, Incident& in) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only(
      {"country", "admin1", "pcode", "admin2", "location", "lat", "lon", "precision"}));
  ASSIGN_OR_RETURN(in.country, f.String("country", 2, 2));
  for (char c : in.country) {
    if (c < 'A' || c > 'Z') {
      return InvalidArgument(f.Path("country") +
                             " must be an ISO 3166-1 alpha-2 code in capitals such as \"AF\"");
    }
  }
  if (f.Has("admin1")) {
    ASSIGN_OR_RETURN(in.admin1, f.String("admin1", 1, 10));
    const Province* p = FindProvinceByCode(in.admin1);
    if (!p || p->iso != in.admin1) {
      return InvalidArgument(f.Path("admin1") + " \"" + in.admin1 +
                             "\" is not an ISO 3166-2:AF province code known to the gazetteer");
    }
    if (in.country != "AF") {
      return InvalidArgument(f.Path("admin1") + " \"" + in.admin1 + "\" is not in country \"" +
                             in.country + "\"");
    }
  }
  if (f.Has("pcode")) {
    ASSIGN_OR_RETURN(in.pcode, f.String("pcode", 1, 10));
    const Province* p = FindProvinceByCode(in.pcode);
    if (!p || p->pcode != in.pcode) {
      return InvalidArgument(f.Path("pcode") + " \"" + in.pcode +
                             "\" is not an OCHA P-code known to the gazetteer (AF01..AF34)");
    }
    if (in.admin1.empty()) {
      return InvalidArgument(f.Path("pcode") + " needs " + f.Path("admin1"));
    }
    if (p->iso != in.admin1) {
      return InvalidArgument(f.Path("pcode") + " \"" + in.pcode + "\" is " + std::string(p->en) +
                             " (" + std::string(p->iso) + "), not " + f.Path("admin1") + " \"" +
                             in.admin1 + "\"");
    }
  }
  ASSIGN_OR_RETURN(in.admin2, f.OptionalString("admin2", 1, 300));
  ASSIGN_OR_RETURN(in.location, f.OptionalString("location", 1, 300));
  if (f.Has("lat") != f.Has("lon")) {
    return InvalidArgument(path + " must have both lat and lon, or neither");
  }
  if (f.Has("lat")) {
    ASSIGN_OR_RETURN(in.lat, f.Number("lat", -90, 90));
    ASSIGN_OR_RETURN(in.lon, f.Number("lon", -180, 180));
  }
  ASSIGN_OR_RETURN(int64_t prec, f.Count("precision", 7));
  if (prec < 1) return InvalidArgument(f.Path("precision") + " must be an integer from 1 to 7");
  in.place_precision = static_cast<int>(prec);
  return Status::Ok();
}

Status ParseEvent(const Json& j, const std::string& path, Incident& in) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"type", "subtype", "disorder"}));
  ASSIGN_OR_RETURN(in.event_type, f.Enum("type", EventTypes()));
  ASSIGN_OR_RETURN(in.subtype, f.String("subtype", 1, 100));
  if (!IsSubtypeOf(in.event_type, in.subtype)) {
    return InvalidArgument(f.Path("subtype") + " \"" + in.subtype +
                           "\" is not a sub-event type of \"" + in.event_type + "\"");
  }
  ASSIGN_OR_RETURN(in.disorder, f.OptionalString("disorder", 1, 100));
  return Status::Ok();
}

Status ParseActors(const Json& j, const std::string& path, Incident& in) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"perpetrator", "target", "associated"}));
  ASSIGN_OR_RETURN(const Json* perp, f.Required("perpetrator"));
  ASSIGN_OR_RETURN(in.perpetrator, ParseActor(*perp, f.Path("perpetrator")));
  if (f.Has("target")) {
    ASSIGN_OR_RETURN(in.target, ParseActor(j.at("target"), f.Path("target")));
  }
  if (f.Has("associated")) {
    ASSIGN_OR_RETURN(const Json* arr, f.Array("associated", 0, 16));
    for (size_t i = 0; i < arr->size(); ++i) {
      ASSIGN_OR_RETURN(Actor a,
                       ParseActor((*arr)[i], f.Path("associated") + "[" + std::to_string(i) + "]"));
      in.associated.push_back(std::move(a));
    }
  }
  return Status::Ok();
}

Status ParseSources(const Fields& f, Incident& in) {
  ASSIGN_OR_RETURN(const Json* arr, f.Array("sources", 0, 64));
  for (size_t i = 0; i < arr->size(); ++i) {
    ASSIGN_OR_RETURN(Fields s, Fields::Of((*arr)[i], f.Path("sources") + "[" +
                                                          std::to_string(i) + "]"));
    RETURN_IF_ERROR(s.Only({"name", "scale"}));
    Source src;
    ASSIGN_OR_RETURN(src.name, s.String("name", 1, 300));
    ASSIGN_OR_RETURN(src.scale, s.OptionalString("scale", 1, 100));
    in.sources.push_back(std::move(src));
  }
  return Status::Ok();
}

Status ParseImport(const Json& j, const std::string& path, Incident& in) {
  ASSIGN_OR_RETURN(Fields f, Fields::Of(j, path));
  RETURN_IF_ERROR(f.Only({"dataset", "id", "version"}));
  ImportRef r;
  ASSIGN_OR_RETURN(r.dataset, f.Enum("dataset", kDatasets));
  ASSIGN_OR_RETURN(r.id, f.String("id", 1, 100));
  for (unsigned char c : r.id) {
    if (c < 0x21 || c > 0x7E) {
      return InvalidArgument(f.Path("id") + " must be printable ASCII without spaces");
    }
  }
  ASSIGN_OR_RETURN(r.version, f.String("version", 1, 40));
  // ACLED: its `timestamp`, decimal digits. UCDP GED: a release such as "23.1".
  bool ok = true, digit_before = false;
  for (char c : r.version) {
    if (c >= '0' && c <= '9') {
      digit_before = true;
    } else if (c == '.' && r.dataset == "ucdp-ged" && digit_before) {
      digit_before = false;
    } else {
      ok = false;
    }
  }
  if (!ok || !digit_before) {
    return InvalidArgument(f.Path("version") + (r.dataset == "acled"
                                                    ? " must be decimal digits (ACLED timestamp)"
                                                    : " must be a GED version such as \"23.1\""));
  }
  in.imported = std::move(r);
  return Status::Ok();
}

}  // namespace

Result<int32_t> ParseDate(std::string_view s, std::string_view what) {
  auto bad = [&](std::string why) {
    return InvalidArgument(std::string(what) + " must be a date YYYY-MM-DD" + why);
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad("");
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < lens[k]; ++i) {
      char c = s[starts[k] + i];
      if (c < '0' || c > '9') return bad("");
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  int y = v[0], m = v[1], d = v[2];
  if (y < 1900 || y > 2100) return bad(" from 1900-01-01 to 2100-12-31");
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return bad(" (there is no month " + std::to_string(m) + ")");
  int dim = kDays[m - 1] + (m == 2 && IsLeap(y));
  if (d < 1 || d > dim) return bad(" (" + std::string(s) + " does not exist)");
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string FormatDate(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

int32_t CivilDay(int year, unsigned month, unsigned day) {
  return DaysFromCivil(year, month, day);
}

Range Fatalities::Total() const {
  Range t;
  for (const auto* r : {&party_a, &party_b, &civilians, &unknown}) {
    if (*r) t += **r;
  }
  return t;
}

std::string_view ResponseActionName(ResponseAction a) { return kActions[static_cast<int>(a)]; }

const std::vector<std::string_view>& EventTypes() {
  static const std::vector<std::string_view> types = [] {
    std::vector<std::string_view> v;
    for (const auto& t : Taxonomy()) v.push_back(t.type);
    return v;
  }();
  return types;
}

bool IsSubtypeOf(std::string_view type, std::string_view subtype) {
  for (const auto& t : Taxonomy()) {
    if (t.type != type) continue;
    for (auto s : t.subtypes) {
      if (s == subtype) return true;
    }
  }
  return false;
}

const std::vector<std::string_view>& ActorTypes() {
  static const std::vector<std::string_view> types = {
      "state-forces", "rebel-group", "political-militia", "identity-militia",
      "rioters",      "protesters",  "civilians",         "external"};
  return types;
}

Result<Incident> ParseIncident(const Json& body, std::string_view path_view) {
  std::string path(path_view);
  ASSIGN_OR_RETURN(Fields f, Fields::Of(body, path));
  RETURN_IF_ERROR(f.Only({"date", "place", "event", "actors", "fatalities", "injured", "sources",
                          "notes", "import"}));
  Incident in;
  ASSIGN_OR_RETURN(const Json* date, f.Required("date"));
  RETURN_IF_ERROR(ParseDateBlock(*date, f.Path("date"), in));
  ASSIGN_OR_RETURN(const Json* place, f.Required("place"));
  RETURN_IF_ERROR(ParsePlace(*place, f.Path("place"), in));
  ASSIGN_OR_RETURN(const Json* event, f.Required("event"));
  RETURN_IF_ERROR(ParseEvent(*event, f.Path("event"), in));
  ASSIGN_OR_RETURN(const Json* actors, f.Required("actors"));
  RETURN_IF_ERROR(ParseActors(*actors, f.Path("actors"), in));
  ASSIGN_OR_RETURN(const Json* fat, f.Required("fatalities"));
  ASSIGN_OR_RETURN(in.fatalities, ParseFatalities(*fat, f.Path("fatalities")));
  if (f.Has("injured")) {
    ASSIGN_OR_RETURN(in.injured, ParseRange(body.at("injured"), f.Path("injured")));
  }
  if (f.Has("sources")) RETURN_IF_ERROR(ParseSources(f, in));
  ASSIGN_OR_RETURN(in.notes, f.OptionalString("notes", 0, 20000));
  if (f.Has("import")) RETURN_IF_ERROR(ParseImport(body.at("import"), f.Path("import"), in));
  return in;
}

Result<Response> ParseResponse(const Json& body, std::string_view path_view) {
  std::string path(path_view);
  ASSIGN_OR_RETURN(Fields f, Fields::Of(body, path));
  RETURN_IF_ERROR(f.Only({"to", "action", "aspects", "reason", "incident"}));
  Response r;
  ASSIGN_OR_RETURN(int64_t to, f.Count("to", INT64_MAX));
  r.to = static_cast<uint64_t>(to);
  ASSIGN_OR_RETURN(std::string action, f.Enum("action", kActions));
  for (size_t i = 0; i < kActions.size(); ++i) {
    if (kActions[i] == action) r.action = static_cast<ResponseAction>(i);
  }
  if (r.action == ResponseAction::kContest) {
    if (!f.Has("aspects")) {
      return InvalidArgument(f.Path("aspects") + " is required for a contest");
    }
    ASSIGN_OR_RETURN(const Json* arr, f.Array("aspects", 1, kAspects.size()));
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string p = f.Path("aspects") + "[" + std::to_string(i) + "]";
      ASSIGN_OR_RETURN(std::string a, EnumValue((*arr)[i], p, kAspects));
      for (const auto& prev : r.aspects) {
        if (prev == a) return InvalidArgument(p + " repeats \"" + a + "\"");
      }
      r.aspects.push_back(std::move(a));
    }
  } else if (f.Has("aspects")) {
    return InvalidArgument(f.Path("aspects") + " is only for action \"contest\"");
  }
  ASSIGN_OR_RETURN(r.reason, f.String("reason", 1, 20000));
  if (r.action == ResponseAction::kSupersede) {
    if (!f.Has("incident")) {
      return InvalidArgument(f.Path("incident") + " is required for a supersede");
    }
    ASSIGN_OR_RETURN(r.incident, ParseIncident(body.at("incident"), f.Path("incident")));
  } else if (f.Has("incident")) {
    return InvalidArgument(f.Path("incident") + " is only for action \"supersede\"");
  }
  return r;
}

Result<Finding> ParseFinding(const Json& body, std::string_view path_view) {
  std::string path(path_view);
  ASSIGN_OR_RETURN(Fields f, Fields::Of(body, path));
  RETURN_IF_ERROR(f.Only({"to", "outcome", "attribution", "fatalities", "text"}));
  Finding r;
  ASSIGN_OR_RETURN(int64_t to, f.Count("to", INT64_MAX));
  r.to = static_cast<uint64_t>(to);
  ASSIGN_OR_RETURN(r.outcome, f.Enum("outcome", kOutcomes));
  if (f.Has("attribution")) {
    ASSIGN_OR_RETURN(r.attribution, ParseActor(body.at("attribution"), f.Path("attribution")));
  }
  if (f.Has("fatalities")) {
    ASSIGN_OR_RETURN(r.fatalities, ParseFatalities(body.at("fatalities"), f.Path("fatalities")));
  }
  ASSIGN_OR_RETURN(r.text, f.String("text", 1, 20000));
  return r;
}

Result<Baseline> ParseBaseline(const Json& body, std::string_view path_view) {
  std::string path(path_view);
  ASSIGN_OR_RETURN(Fields f, Fields::Of(body, path));
  RETURN_IF_ERROR(f.Only({"name", "from", "to", "filter", "description"}));
  Baseline b;
  ASSIGN_OR_RETURN(b.name, f.Identifier("name"));
  ASSIGN_OR_RETURN(b.from_day, f.Date("from", &b.from));
  ASSIGN_OR_RETURN(b.to_day, f.Date("to", &b.to));
  if (b.to_day < b.from_day) {
    return InvalidArgument(f.Path("to") + " must not be before " + f.Path("from"));
  }
  if (f.Has("filter")) {
    ASSIGN_OR_RETURN(Fields ff, Fields::Of(body.at("filter"), f.Path("filter")));
    RETURN_IF_ERROR(ff.Only({"admin1", "perpetrator_party", "event_type"}));
    if (ff.Has("admin1")) {
      ASSIGN_OR_RETURN(b.admin1, ParseAdmin1List(ff, "admin1"));
    }
    if (ff.Has("perpetrator_party")) {
      ASSIGN_OR_RETURN(b.perpetrator_party, ff.Identifier("perpetrator_party"));
    }
    if (ff.Has("event_type")) {
      ASSIGN_OR_RETURN(const Json* arr, ff.Array("event_type", 1, EventTypes().size()));
      for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = ff.Path("event_type") + "[" + std::to_string(i) + "]";
        ASSIGN_OR_RETURN(std::string t, EnumValue((*arr)[i], p, EventTypes()));
        for (const auto& prev : b.event_type) {
          if (prev == t) return InvalidArgument(p + " repeats \"" + t + "\"");
        }
        b.event_type.push_back(std::move(t));
      }
    }
  }
  ASSIGN_OR_RETURN(b.description, f.OptionalString("description", 1, 20000));
  return b;
}

Result<Ceasefire> ParseCeasefire(const Json& body, std::string_view path_view) {
  std::string path(path_view);
  ASSIGN_OR_RETURN(Fields f, Fields::Of(body, path));
  RETURN_IF_ERROR(f.Only({"id", "parties", "scope", "start", "end", "mode", "text"}));
  Ceasefire c;
  ASSIGN_OR_RETURN(c.id, f.Identifier("id"));
  ASSIGN_OR_RETURN(c.parties, ParsePartyList(f, "parties", 16));
  ASSIGN_OR_RETURN(const Json* scope, f.Required("scope"));
  if (scope->is_string()) {
    if (*scope != "nationwide") {
      return InvalidArgument(f.Path("scope") +
                             " must be \"nationwide\" or an array of province codes");
    }
    c.nationwide = true;
  } else if (scope->is_array()) {
    c.nationwide = false;
    ASSIGN_OR_RETURN(c.scope, ParseAdmin1List(f, "scope"));
  } else {
    return InvalidArgument(f.Path("scope") +
                           " must be \"nationwide\" or an array of province codes, not " +
                           std::string(JsonTypeName(*scope)));
  }
  ASSIGN_OR_RETURN(c.start_day, f.Date("start", &c.start));
  ASSIGN_OR_RETURN(c.end_day, f.Date("end", &c.end));
  if (c.end_day < c.start_day) {
    return InvalidArgument(f.Path("end") + " must not be before " + f.Path("start"));
  }
  ASSIGN_OR_RETURN(c.mode, f.Enum("mode", kModes));
  ASSIGN_OR_RETURN(c.text, f.OptionalString("text", 1, 20000));
  return c;
}

void RegisterMonitorKinds(KindRegistry& registry) {
  const std::set<Role> all_but_operator = {Role::kBelligerent, Role::kGuarantor, Role::kMediator,
                                           Role::kVerifier, Role::kObserver};
  auto reg = [&registry](KindSpec spec) {
    Status st = registry.Register(std::move(spec));
    (void)st;  // names are fixed here and distinct from the core kinds'
  };
  reg({.name = "incident",
       .summary = "a violent incident as a party reports it (ACLED/UCDP fields)",
       .default_roles = all_but_operator,
       .visibility = Visibility::kPublic,
       .view = "monitor",
       .validate_body = [](const Json& b) { return ParseIncident(b).status(); }});
  reg({.name = "response",
       .summary = "corroborates, contests, retracts or supersedes an incident, with reasons",
       .default_roles = all_but_operator,
       .visibility = Visibility::kPublic,
       .view = "monitor",
       .validate_body = [](const Json& b) { return ParseResponse(b).status(); }});
  reg({.name = "finding",
       .summary = "the mechanism's adjudication of an incident",
       .default_roles = {Role::kMediator, Role::kVerifier},
       .visibility = Visibility::kPublic,
       .view = "monitor",
       .validate_body = [](const Json& b) { return ParseFinding(b).status(); }});
  reg({.name = "baseline",
       .summary = "a named reference period and filter that later periods are compared with",
       .default_roles = {Role::kMediator},
       .visibility = Visibility::kPublic,
       .view = "monitor",
       .validate_body = [](const Json& b) { return ParseBaseline(b).status(); }});
  reg({.name = "ceasefire",
       .summary = "a ceasefire: parties, scope, start, end, unilateral or mutual",
       .default_roles = {Role::kMediator, Role::kBelligerent},
       .visibility = Visibility::kPublic,
       .view = "monitor",
       .validate_body = [](const Json& b) { return ParseCeasefire(b).status(); }});
}

}  // namespace jirga
