// Scenarios for the monitor kinds' bodies: what is accepted, and that every rule refuses with a
// message naming the field.
#include "monitor/monitor_kinds.h"

#include <gtest/gtest.h>

#include "kinds/all_kinds.h"

namespace jirga {
namespace {

Json ValidIncident() {
  return Json::parse(R"({
    "date": {"start": "2020-03-02", "end": "2020-03-03", "precision": "days"},
    "place": {"country": "AF", "admin1": "AF-HEL", "pcode": "AF30", "admin2": "Nad Ali",
              "location": "Marja", "lat": 31.52, "lon": 64.12, "precision": 2},
    "event": {"type": "Battles", "subtype": "Armed clash", "disorder": "Political violence"},
    "actors": {"perpetrator": {"name": "Taliban", "type": "rebel-group", "party": "iea"},
               "target": {"name": "ANDSF", "type": "state-forces", "party": "gov"},
               "associated": [{"name": "Local militia"}]},
    "fatalities": {"party_a": {"low": 1, "best": 2, "high": 3},
                   "civilians": {"low": 0, "best": 1, "high": 4}},
    "injured": {"low": 0, "best": 5, "high": 5},
    "sources": [{"name": "Pajhwok", "scale": "National"}],
    "notes": "Clash at a checkpoint.",
    "import": {"dataset": "acled", "id": "AFG12345", "version": "1618531200"}
  })");
}

// The message of parsing `body` as an incident, or "ok".
std::string IncidentError(const Json& body) {
  auto r = ParseIncident(body);
  return r.ok() ? "ok" : r.status().message();
}

TEST(MonitorKinds, AValidIncidentParsesWithEveryField) {
  auto r = ParseIncident(ValidIncident());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->date_start, "2020-03-02");
  EXPECT_EQ(r->end_day - r->start_day, 1);
  EXPECT_EQ(r->admin1, "AF-HEL");
  EXPECT_EQ(r->place_precision, 2);
  EXPECT_DOUBLE_EQ(*r->lat, 31.52);
  EXPECT_EQ(r->perpetrator.party, "iea");
  ASSERT_TRUE(r->target.has_value());
  EXPECT_EQ(r->associated.size(), 1u);
  Range t = r->fatalities.Total();
  EXPECT_EQ(t.low, 1);
  EXPECT_EQ(t.best, 3);
  EXPECT_EQ(t.high, 7);
  ASSERT_TRUE(r->imported.has_value());
  EXPECT_EQ(r->imported->id, "AFG12345");
}

TEST(MonitorKinds, AMinimalIncidentParses) {
  Json b = Json::parse(R"({"date": {"start": "2019-09-28", "precision": "day"},
    "place": {"country": "AF", "precision": 6},
    "event": {"type": "Violence against civilians", "subtype": "Attack"},
    "actors": {"perpetrator": {"name": "Unidentified armed group"}},
    "fatalities": {"unknown": {"low": 0, "best": 0, "high": 0}}})");
  auto r = ParseIncident(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->date_end, "2019-09-28");
  EXPECT_TRUE(r->admin1.empty());
  EXPECT_FALSE(r->lat.has_value());
}

TEST(MonitorKinds, ImpossibleAndOutOfRangeDatesAreRefusedNamingTheField) {
  for (const char* d : {"2020-02-30", "2019-02-29", "2020-13-01", "2020-00-10", "2020-04-31",
                        "1899-12-31", "2101-01-01", "2020-3-02", "20200302", "2020-03-02T00:00",
                        "", "２０２０-03-02"}) {
    Json b = ValidIncident();
    b["date"]["start"] = d;
    b["date"].erase("end");
    std::string e = IncidentError(b);
    EXPECT_EQ(e.rfind("body.date.start must be a date YYYY-MM-DD", 0), 0u) << d << ": " << e;
  }
  Json b = ValidIncident();
  b["date"]["start"] = "2020-02-29";  // a leap day exists
  b["date"]["end"] = "2020-03-01";
  EXPECT_EQ(IncidentError(b), "ok");
  b["date"]["start"] = 20200229;
  EXPECT_EQ(IncidentError(b), "body.date.start must be a date YYYY-MM-DD, not integer");
}

TEST(MonitorKinds, EndBeforeStartIsRefused) {
  Json b = ValidIncident();
  b["date"]["end"] = "2020-03-01";
  EXPECT_EQ(IncidentError(b), "body.date.end must not be before body.date.start");
}

TEST(MonitorKinds, LatLonOutOfRangeOrAloneIsRefused) {
  Json b = ValidIncident();
  b["place"]["lat"] = 90.5;
  EXPECT_EQ(IncidentError(b), "body.place.lat must be a number from -90 to 90");
  b = ValidIncident();
  b["place"]["lon"] = -180.01;
  EXPECT_EQ(IncidentError(b), "body.place.lon must be a number from -180 to 180");
  b = ValidIncident();
  b["place"]["lat"] = "31.5";
  EXPECT_EQ(IncidentError(b), "body.place.lat must be a number from -90 to 90");
  b = ValidIncident();
  b["place"].erase("lon");
  EXPECT_EQ(IncidentError(b), "body.place must have both lat and lon, or neither");
}

TEST(MonitorKinds, RangesNeedLowBestHighInOrderAndIntegerCounts) {
  Json b = ValidIncident();
  b["fatalities"]["party_a"] = {{"low", 3}, {"best", 2}, {"high", 5}};
  EXPECT_EQ(IncidentError(b),
            "body.fatalities.party_a must have low <= best <= high (3, 2, 5)");
  b["fatalities"]["party_a"] = {{"low", 1}, {"best", 2}};
  EXPECT_EQ(IncidentError(b), "body.fatalities.party_a.high is required");
  b["fatalities"]["party_a"] = {{"low", 1}, {"best", 2.0}, {"high", 3}};
  EXPECT_EQ(IncidentError(b),
            "body.fatalities.party_a.best must be an integer from 0 to 1000000, not number");
  b["fatalities"]["party_a"] = {{"low", -1}, {"best", 2}, {"high", 3}};
  EXPECT_EQ(IncidentError(b), "body.fatalities.party_a.low must be an integer from 0 to 1000000");
  b["fatalities"]["party_a"] = {{"low", 1}, {"best", 2}, {"high", 1000001}};
  EXPECT_EQ(IncidentError(b),
            "body.fatalities.party_a.high must be an integer from 0 to 1000000");
  b = ValidIncident();
  b["injured"]["low"] = 6;
  EXPECT_EQ(IncidentError(b), "body.injured must have low <= best <= high (6, 5, 5)");
  b = ValidIncident();
  b["fatalities"] = Json::object();
  EXPECT_EQ(IncidentError(b),
            "body.fatalities needs at least one of party_a, party_b, civilians, unknown");
}

TEST(MonitorKinds, SubtypeMustBelongToItsType) {
  Json b = ValidIncident();
  b["event"]["subtype"] = "Suicide bomb";
  EXPECT_EQ(IncidentError(b),
            "body.event.subtype \"Suicide bomb\" is not a sub-event type of \"Battles\"");
  b["event"]["type"] = "Explosions/Remote violence";
  EXPECT_EQ(IncidentError(b), "ok");
  b["event"]["type"] = "battles";
  EXPECT_EQ(IncidentError(b).rfind("body.event.type must be one of \"Battles\"", 0), 0u);
}

TEST(MonitorKinds, PcodeMustMatchAdmin1) {
  Json b = ValidIncident();
  b["place"]["pcode"] = "AF23";  // Ghor
  EXPECT_EQ(IncidentError(b),
            "body.place.pcode \"AF23\" is Ghor (AF-GHO), not body.place.admin1 \"AF-HEL\"");
  b["place"]["pcode"] = "AF35";
  EXPECT_EQ(IncidentError(b), "body.place.pcode \"AF35\" is not an OCHA P-code known to the "
                              "gazetteer (AF01..AF34)");
  b = ValidIncident();
  b["place"].erase("admin1");
  EXPECT_EQ(IncidentError(b), "body.place.pcode needs body.place.admin1");
  b = ValidIncident();
  b["place"]["admin1"] = "Helmand";  // a name, not a code: the importer resolves names
  EXPECT_EQ(IncidentError(b), "body.place.admin1 \"Helmand\" is not an ISO 3166-2:AF province "
                              "code known to the gazetteer");
  b["place"]["admin1"] = "af-hel";
  EXPECT_NE(IncidentError(b), "ok");
  b = ValidIncident();
  b["place"]["country"] = "PK";
  EXPECT_EQ(IncidentError(b), "body.place.admin1 \"AF-HEL\" is not in country \"PK\"");
  b["place"]["country"] = "af";
  EXPECT_EQ(IncidentError(b),
            "body.place.country must be an ISO 3166-1 alpha-2 code in capitals such as \"AF\"");
}

TEST(MonitorKinds, PlacePrecisionIsOneToSeven) {
  for (int p : {0, 8}) {
    Json b = ValidIncident();
    b["place"]["precision"] = p;
    EXPECT_NE(IncidentError(b), "ok") << p;
    EXPECT_EQ(IncidentError(b).rfind("body.place.precision must be an integer", 0), 0u);
  }
  Json b = ValidIncident();
  b["place"].erase("precision");
  EXPECT_EQ(IncidentError(b), "body.place.precision is required");
}

TEST(MonitorKinds, UnknownFieldsAreRefusedAtEveryLevel) {
  Json b = ValidIncident();
  b["extra"] = 1;
  EXPECT_EQ(IncidentError(b), "body has unknown field \"extra\"");
  b = ValidIncident();
  b["place"]["admin3"] = "x";
  EXPECT_EQ(IncidentError(b), "body.place has unknown field \"admin3\"");
  b = ValidIncident();
  b["actors"]["perpetrator"]["age"] = 3;
  EXPECT_EQ(IncidentError(b), "body.actors.perpetrator has unknown field \"age\"");
  b = ValidIncident();
  b["fatalities"]["party_a"]["mean"] = 3;
  EXPECT_EQ(IncidentError(b), "body.fatalities.party_a has unknown field \"mean\"");
}

TEST(MonitorKinds, WrongTypesAreRefusedNamingTheField) {
  Json b = ValidIncident();
  b["place"] = "Helmand";
  EXPECT_EQ(IncidentError(b), "body.place must be an object, not string");
  b = ValidIncident();
  b["actors"]["associated"] = Json::object();
  EXPECT_EQ(IncidentError(b), "body.actors.associated must be an array, not object");
  b = ValidIncident();
  b["actors"]["perpetrator"]["type"] = "army";
  EXPECT_EQ(IncidentError(b).rfind("body.actors.perpetrator.type must be one of", 0), 0u);
  b = ValidIncident();
  b["actors"]["target"]["party"] = "Not An Id";
  EXPECT_EQ(IncidentError(b).rfind("body.actors.target.party \"Not An Id\" may only contain", 0),
            0u);
  b = ValidIncident();
  b["notes"] = Json::array();
  EXPECT_EQ(IncidentError(b), "body.notes must be a string, not array");
  EXPECT_EQ(IncidentError(Json::array()), "body must be an object, not array");
}

TEST(MonitorKinds, LimitsOnListsAndStrings) {
  Json b = ValidIncident();
  b["actors"]["associated"] = Json::array();
  for (int i = 0; i < 17; ++i) b["actors"]["associated"].push_back({{"name", "a"}});
  EXPECT_EQ(IncidentError(b), "body.actors.associated must have 0 to 16 items");
  b = ValidIncident();
  b["notes"] = std::string(20001, 'x');
  EXPECT_EQ(IncidentError(b), "body.notes must be 0 to 20000 characters long");
  b["notes"] = std::string(20000, 'x');
  EXPECT_EQ(IncidentError(b), "ok");
  b["actors"]["perpetrator"]["name"] = "";
  EXPECT_EQ(IncidentError(b), "body.actors.perpetrator.name must be 1 to 300 characters long");
  b = ValidIncident();
  b["sources"] = Json::array();
  for (int i = 0; i < 65; ++i) b["sources"].push_back({{"name", "s"}});
  EXPECT_EQ(IncidentError(b), "body.sources must have 0 to 64 items");
}

TEST(MonitorKinds, ImportVersionFollowsTheDataset) {
  Json b = ValidIncident();
  b["import"]["version"] = "23.1";
  EXPECT_EQ(IncidentError(b), "body.import.version must be decimal digits (ACLED timestamp)");
  b["import"]["dataset"] = "ucdp-ged";
  EXPECT_EQ(IncidentError(b), "ok");
  b["import"]["version"] = "23.";
  EXPECT_EQ(IncidentError(b), "body.import.version must be a GED version such as \"23.1\"");
  b["import"]["dataset"] = "gtd";
  EXPECT_EQ(IncidentError(b).rfind("body.import.dataset must be one of", 0), 0u);
  b = ValidIncident();
  b["import"]["id"] = "AFG 1";
  EXPECT_EQ(IncidentError(b), "body.import.id must be printable ASCII without spaces");
}

std::string ResponseError(const Json& body) {
  auto r = ParseResponse(body);
  return r.ok() ? "ok" : r.status().message();
}

TEST(MonitorKinds, ResponseRules) {
  Json contest = {{"to", 5}, {"action", "contest"}, {"aspects", {"attribution"}},
                  {"reason", "Our units were not there."}};
  EXPECT_EQ(ResponseError(contest), "ok");
  Json b = contest;
  b.erase("aspects");
  EXPECT_EQ(ResponseError(b), "body.aspects is required for a contest");
  b["aspects"] = Json::array();
  EXPECT_EQ(ResponseError(b), "body.aspects must have 1 to 3 items");
  b["aspects"] = {"facts", "facts"};
  EXPECT_EQ(ResponseError(b), "body.aspects[1] repeats \"facts\"");
  b["aspects"] = {"motive"};
  EXPECT_EQ(ResponseError(b).rfind("body.aspects[0] must be one of", 0), 0u);
  b = contest;
  b["action"] = "corroborate";
  EXPECT_EQ(ResponseError(b), "body.aspects is only for action \"contest\"");
  b.erase("aspects");
  EXPECT_EQ(ResponseError(b), "ok");
  b["to"] = -1;
  EXPECT_EQ(ResponseError(b).rfind("body.to must be an integer", 0), 0u);
  b["to"] = "5";
  EXPECT_EQ(ResponseError(b).rfind("body.to must be an integer", 0), 0u);
  b["to"] = 5;
  b["reason"] = "";
  EXPECT_EQ(ResponseError(b), "body.reason must be 1 to 20000 characters long");
  b["reason"] = "x";
  b["incident"] = ValidIncident();
  EXPECT_EQ(ResponseError(b), "body.incident is only for action \"supersede\"");
  b["action"] = "supersede";
  EXPECT_EQ(ResponseError(b), "ok");
  b["incident"]["date"]["start"] = "2020-02-30";
  EXPECT_EQ(ResponseError(b).rfind("body.incident.date.start must be a date", 0), 0u);
  b.erase("incident");
  EXPECT_EQ(ResponseError(b), "body.incident is required for a supersede");
  b["action"] = "delete";
  EXPECT_EQ(ResponseError(b).rfind("body.action must be one of", 0), 0u);
}

TEST(MonitorKinds, FindingRules) {
  Json f = {{"to", 3}, {"outcome", "confirmed"}, {"text", "Verified by the mechanism."},
            {"attribution", {{"name", "Taliban"}, {"party", "iea"}}},
            {"fatalities", {{"civilians", {{"low", 1}, {"best", 1}, {"high", 1}}}}}};
  ASSERT_TRUE(ParseFinding(f).ok()) << ParseFinding(f).status().ToString();
  f["outcome"] = "true";
  EXPECT_EQ(ParseFinding(f).status().message().rfind("body.outcome must be one of", 0), 0u);
  f["outcome"] = "inconclusive";
  f["text"] = "";
  EXPECT_EQ(ParseFinding(f).status().message(), "body.text must be 1 to 20000 characters long");
  f["text"] = "t";
  f["fatalities"]["civilians"]["low"] = 2;
  EXPECT_EQ(ParseFinding(f).status().message(),
            "body.fatalities.civilians must have low <= best <= high (2, 1, 1)");
}

TEST(MonitorKinds, BaselineRules) {
  Json b = Json::parse(R"({"name": "pre-agreement-2019", "from": "2019-03-01", "to": "2019-12-31",
    "filter": {"admin1": ["AF-HEL", "AF-KAN"], "perpetrator_party": "iea",
               "event_type": ["Battles"]}, "description": "The year before Doha."})");
  auto r = ParseBaseline(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->admin1.size(), 2u);
  Json x = b;
  x["name"] = "Pre Agreement";
  EXPECT_EQ(ParseBaseline(x).status().message().rfind("body.name \"Pre Agreement\" may only", 0),
            0u);
  x = b;
  x["to"] = "2019-02-28";
  EXPECT_EQ(ParseBaseline(x).status().message(), "body.to must not be before body.from");
  x = b;
  x["filter"]["admin1"] = {"AF-HEL", "AF-HEL"};
  EXPECT_EQ(ParseBaseline(x).status().message(), "body.filter.admin1[1] repeats \"AF-HEL\"");
  x["filter"]["admin1"] = {"Helmand"};
  EXPECT_EQ(ParseBaseline(x).status().message().rfind(
                "body.filter.admin1[0] must be an ISO 3166-2:AF province code", 0),
            0u);
  x = b;
  x["filter"]["region"] = "south";
  EXPECT_EQ(ParseBaseline(x).status().message(), "body.filter has unknown field \"region\"");
  x = b;
  x["filter"]["event_type"] = {"Battle"};
  EXPECT_EQ(ParseBaseline(x).status().message().rfind("body.filter.event_type[0] must be one", 0),
            0u);
}

TEST(MonitorKinds, CeasefireRules) {
  Json c = Json::parse(R"({"id": "eid-2020", "parties": ["iea", "gov"], "scope": "nationwide",
    "start": "2020-05-24", "end": "2020-05-26", "mode": "mutual", "text": "Eid al-Fitr."})");
  auto r = ParseCeasefire(c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->nationwide);
  Json x = c;
  x["scope"] = {"AF-HEL"};
  ASSERT_TRUE(ParseCeasefire(x).ok());
  EXPECT_FALSE(ParseCeasefire(x)->nationwide);
  x["scope"] = "national";
  EXPECT_EQ(ParseCeasefire(x).status().message(),
            "body.scope must be \"nationwide\" or an array of province codes");
  x["scope"] = 3;
  EXPECT_EQ(ParseCeasefire(x).status().message(),
            "body.scope must be \"nationwide\" or an array of province codes, not integer");
  x = c;
  x["parties"] = Json::array();
  EXPECT_EQ(ParseCeasefire(x).status().message(), "body.parties must have 1 to 16 items");
  x["parties"] = {"iea", "iea"};
  EXPECT_EQ(ParseCeasefire(x).status().message(), "body.parties[1] repeats \"iea\"");
  x = c;
  x["mode"] = "bilateral";
  EXPECT_EQ(ParseCeasefire(x).status().message().rfind("body.mode must be one of", 0), 0u);
  x = c;
  x["end"] = "2020-05-23";
  EXPECT_EQ(ParseCeasefire(x).status().message(), "body.end must not be before body.start");
}

TEST(MonitorKinds, DateFormattingRoundTrips) {
  for (const char* d : {"1900-01-01", "1970-01-01", "2000-02-29", "2020-12-31", "2100-12-31"}) {
    auto day = ParseDate(d, "d");
    ASSERT_TRUE(day.ok()) << d;
    EXPECT_EQ(FormatDate(*day), d);
  }
  EXPECT_EQ(*ParseDate("1970-01-02", "d"), 1);
}

TEST(MonitorKinds, AreRegisteredWithTheirRolesAndView) {
  const KindRegistry& reg = AllKinds();
  for (const char* k : {"incident", "response", "finding", "baseline", "ceasefire"}) {
    const KindSpec* spec = reg.Find(k);
    ASSERT_NE(spec, nullptr) << k;
    EXPECT_EQ(spec->view, "monitor");
    EXPECT_EQ(spec->visibility, Visibility::kPublic);
    EXPECT_FALSE(spec->default_roles.count(Role::kOperator)) << k;
  }
  EXPECT_TRUE(reg.Find("incident")->default_roles.count(Role::kObserver));
  EXPECT_FALSE(reg.Find("finding")->default_roles.count(Role::kBelligerent));
  EXPECT_TRUE(reg.Find("ceasefire")->default_roles.count(Role::kBelligerent));
  EXPECT_EQ(reg.Find("incident")->validate_body(ValidIncident()).ok(), true);
  EXPECT_FALSE(reg.Find("incident")->validate_body(Json::object()).ok());
}

}  // namespace
}  // namespace jirga
