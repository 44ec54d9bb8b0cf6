// The exchange kinds' body schemas: every rule accepts what it should and refuses, naming the
// field, what it should not.
#include "exchange/exchange_kinds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kinds/all_kinds.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;

Json Body(const char* text) { return Json::parse(text); }

// A complete entry of the government's list, as the listing party would submit it.
Json FullPrisoner() {
  return Body(R"({
    "list": "gov-1000", "entry": "G-0042", "listing_party": "iea",
    "name": "Mohammad Nabi Omari", "name_ar": "محمد نبی عمری",
    "aliases": ["Muhammad Nabi", "ملا نبی"],
    "father_name": "Abdul Ghani", "father_name_ar": "عبدالغنی",
    "grandfather_name": "Gul Agha", "grandfather_name_ar": "ګل آغا",
    "tribe": "Zadran", "province": "AF-KHO", "birth_year": {"from": 1966, "to": 1970},
    "detaining_party": "irog", "facility": "Bagram", "category": "senior commander",
    "groups": ["the 15 commanders"], "synthetic": true, "notes": "line one\nline two"
  })");
}

Json MinimalPrisoner() {
  return Body(
      R"({"list":"taliban-5000","entry":"T-1","listing_party":"iea","name":"Abdul Ghani"})");
}

TEST(PrisonerKind, AFullEntryParsesIntoEveryField) {
  auto p = ParsePrisoner(FullPrisoner());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->list, "gov-1000");
  EXPECT_EQ(p->entry, "G-0042");
  EXPECT_EQ(p->listing_party, "iea");
  EXPECT_EQ(*p->name_ar, "محمد نبی عمری");
  EXPECT_EQ(p->aliases.size(), 2u);
  EXPECT_EQ(*p->grandfather_name_ar, "ګل آغا");  // Pashto letter ګ
  EXPECT_EQ(*p->province, "AF-KHO");
  EXPECT_EQ(p->birth_year->from, 1966);
  EXPECT_EQ(p->birth_year->to, 1970);
  EXPECT_EQ(*p->detaining_party, "irog");
  EXPECT_EQ(p->groups, std::vector<std::string>{"the 15 commanders"});
  EXPECT_TRUE(p->synthetic);
  EXPECT_EQ(*p->notes, "line one\nline two");
}

TEST(PrisonerKind, AnEntryNeedsOnlyListEntryListingPartyAndOneName) {
  auto p = ParsePrisoner(MinimalPrisoner());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->synthetic);
  EXPECT_FALSE(p->birth_year.has_value());
  Json arabic_only = MinimalPrisoner();
  arabic_only.erase("name");
  arabic_only["name_ar"] = "عبدالغنی برادر";
  EXPECT_TRUE(ParsePrisoner(arabic_only).ok());
  Json exact_year = MinimalPrisoner();
  exact_year["birth_year"] = 1968;
  auto y = ParsePrisoner(exact_year);
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->birth_year->from, 1968);
  EXPECT_EQ(y->birth_year->to, 1968);
}

struct BadCase {
  const char* what;
  const char* field;  // the field to set (or "-field" to remove)
  Json value;
  const char* error;  // substring of the error
};

void ExpectRefused(const Json& base, const BadCase& c,
                   const std::function<Status(const Json&)>& parse) {
  Json body = base;
  std::string field = c.field;
  if (field[0] == '-') {
    body.erase(field.substr(1));
  } else {
    body[field] = c.value;
  }
  Status st = parse(body);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << c.what;
  EXPECT_THAT(st.message(), HasSubstr(c.error)) << c.what;
}

TEST(PrisonerKind, EachRuleRefusesNamingTheField) {
  const BadCase cases[] = {
      {"unknown field", "nickname", "x", "body has unknown field \"nickname\""},
      {"missing list", "-list", nullptr, "body.list is required"},
      {"list not an identifier", "list", "Taliban 5000", "body.list"},
      {"missing entry", "-entry", nullptr, "body.entry is required"},
      {"entry with a space", "entry", "T 1", "body.entry must be 1 to 64"},
      {"entry too long", "entry", std::string(65, 'a'), "body.entry must be 1 to 64"},
      {"entry not a string", "entry", 7, "body.entry must be a string, not integer"},
      {"missing listing party", "-listing_party", nullptr, "body.listing_party is required"},
      {"listing party injection", "listing_party", "iea'; DROP TABLE records; --",
       "body.listing_party"},
      {"no name at all", "-name", nullptr, "body.name or body.name_ar is required"},
      {"name of wrong type", "name", Json::array({"a"}), "body.name must be a string, not array"},
      {"Arabic letters in the Latin name", "name", "Abdul غنی", "may not contain Arabic-script"},
      {"Latin letters in the Arabic name", "name_ar", "عبد Ghani", "may not contain Latin"},
      {"Arabic name without letters", "name_ar", "١٢٣", "must contain Arabic-script letters"},
      {"Latin name without letters", "name", "12345", "must contain Latin letters"},
      {"blank name", "name", "   ", "body.name must not be blank"},
      {"empty name", "name", "", "body.name must be 1 to 300"},
      {"oversized name", "name", std::string(301, 'a'), "body.name must be 1 to 300"},
      {"control character", "name", "Abdul\x01Ghani", "body.name contains a control character"},
      {"newline in a name", "father_name", "Abdul\nGhani", "control character"},
      {"bidi override", "name", "Abdul \u202EinahG", "bidirectional override"},
      {"alias twice", "aliases", Json::array({"Ghani", "Ghani"}),
       "body.aliases lists \"Ghani\" twice"},
      {"alias without letters", "aliases", Json::array({"---"}),
       "body.aliases[0] must contain letters"},
      {"province lower case", "province", "af-kab", "body.province must be an ISO 3166-2:AF"},
      {"province other country", "province", "PK-KP", "body.province"},
      {"province by name", "province", "Kabul", "body.province"},
      {"province number", "province", 1, "body.province must be a string"},
      {"birth year too early", "birth_year", 1899, "body.birth_year must be within 1900..2100"},
      {"birth year too late", "birth_year", 2101, "body.birth_year must be within 1900..2100"},
      {"birth year as text", "birth_year", "1970", "body.birth_year must be an integer year"},
      {"birth year fractional", "birth_year", 1970.5, "body.birth_year must be an integer year"},
      {"birth range reversed", "birth_year", Json{{"from", 1970}, {"to", 1960}},
       "body.birth_year.from is after .to"},
      {"birth range half", "birth_year", Json{{"from", 1970}}, "needs both"},
      {"birth range extra field", "birth_year", Json{{"from", 1960}, {"to", 1970}, {"about", 1}},
       "body.birth_year has unknown field"},
      {"detaining party not an id", "detaining_party", "Gov of A", "body.detaining_party"},
      {"facility too long", "facility", std::string(201, 'x'), "body.facility must be 1 to 200"},
      {"category of wrong type", "category", true, "body.category must be a string"},
      {"groups not an array", "groups", "the 15", "body.groups must be an array"},
      {"too many groups", "groups", Json(std::vector<std::string>(33, "g")), "at most 32"},
      {"synthetic false", "synthetic", false, "body.synthetic may only be true"},
      {"synthetic as text", "synthetic", "yes", "body.synthetic must be true or false"},
      {"notes too long", "notes", std::string(10001, 'n'), "body.notes must be 1 to 10000"},
  };
  for (const BadCase& c : cases) {
    ExpectRefused(MinimalPrisoner(), c, [](const Json& b) { return ParsePrisoner(b).status(); });
  }
  // The body itself must be an object.
  EXPECT_THAT(ParsePrisoner(Json::array()).status().message(), HasSubstr("body must be an object"));
}

Json MinimalVerification() { return Body(R"({"prisoner": 3, "identity_confirmed": true})"); }

TEST(VerificationKind, StepsAndAMatchParse) {
  auto v = ParseVerification(Body(R"({"prisoner": 3, "identity_confirmed": true,
      "interview_held": true, "willing": false, "pledge_signed": false, "date": "2020-03-10",
      "match": {"prisoner": 9, "same_person": true}, "notes": "interviewed privately"})"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->prisoner, 3u);
  EXPECT_EQ(v->identity_confirmed, true);
  EXPECT_EQ(v->willing, false);
  EXPECT_FALSE(v->pledge_signed.value());
  EXPECT_EQ(v->match->prisoner, 9u);
  EXPECT_TRUE(v->match->same_person);
  EXPECT_EQ(*v->date, "2020-03-10");
  // A step not stated stays unknown, not false.
  auto only = ParseVerification(MinimalVerification());
  ASSERT_TRUE(only.ok());
  EXPECT_FALSE(only->interview_held.has_value());
  // A match alone (a reconciliation decision) is a verification too.
  EXPECT_TRUE(
      ParseVerification(Body(R"({"prisoner":3,"match":{"prisoner":4,"same_person":false}})")).ok());
}

TEST(VerificationKind, EachRuleRefusesNamingTheField) {
  const BadCase cases[] = {
      {"unknown field", "verified", true, "body has unknown field \"verified\""},
      {"missing prisoner", "-prisoner", nullptr, "body.prisoner is required"},
      {"negative index", "prisoner", -1, "body.prisoner must be a record index"},
      {"fractional index", "prisoner", 1.0, "body.prisoner must be a record index"},
      {"index as text", "prisoner", "3", "body.prisoner must be a record index"},
      {"index beyond int64", "prisoner", Json(uint64_t{1} << 63), "body.prisoner is out of range"},
      {"nothing stated", "-identity_confirmed", nullptr, "must state at least one of"},
      {"step as text", "willing", "yes", "body.willing must be true or false"},
      {"match not an object", "match", 4, "body.match must be an object"},
      {"match without decision", "match", Json{{"prisoner", 4}},
       "body.match.same_person is required"},
      {"match with itself", "match", Json{{"prisoner", 3}, {"same_person", true}},
       "body.match.prisoner must be another entry"},
      {"match unknown field", "match", Json{{"prisoner", 4}, {"same_person", true}, {"score", 1}},
       "body.match has unknown field \"score\""},
      {"impossible date", "date", "2020-02-30", "body.date must be a calendar date"},
      {"date with time", "date", "2020-02-03T10:00:00Z", "body.date must be a calendar date"},
      {"date loose", "date", "2020-2-3", "body.date must be a calendar date"},
  };
  for (const BadCase& c : cases) {
    ExpectRefused(MinimalVerification(), c,
                  [](const Json& b) { return ParseVerification(b).status(); });
  }
}

Json MinimalRelease() {
  return Body(R"({"prisoners": [3, 4], "date": "2020-04-08", "place": "Bagram"})");
}

TEST(ReleaseKind, IndexesOrListEntriesWithPlaceBatchAndWitnesses) {
  auto r =
      ParseRelease(Body(R"({"prisoners": [3], "entries": [{"list":"taliban-5000","entry":"T-9"}],
      "date": "2020-04-08", "place": "Bagram prison", "province": "AF-PAR", "batch": "B1",
      "handed_to": "ICRC", "witnessed_by": ["icrc", "qatar"], "notes": "first batch of 100"})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->prisoners, std::vector<uint64_t>{3});
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].entry, "T-9");
  EXPECT_EQ(*r->batch, "B1");
  EXPECT_EQ(r->witnessed_by, (std::vector<std::string>{"icrc", "qatar"}));
  EXPECT_TRUE(ParseRelease(MinimalRelease()).ok());
}

TEST(ReleaseKind, EachRuleRefusesNamingTheField) {
  const BadCase cases[] = {
      {"unknown field", "who", "x", "body has unknown field \"who\""},
      {"nobody released", "prisoners", Json::array(), "a release must name who"},
      {"index twice", "prisoners", Json::array({3, 3}), "body.prisoners lists index 3 twice"},
      {"index not a number", "prisoners", Json::array({"3"}), "body.prisoners[0] must be a record"},
      {"prisoners not an array", "prisoners", 3, "body.prisoners must be an array"},
      {"too many", "prisoners", Json(std::vector<int>(5001, 0)), "at most 5000"},
      {"entry not an object", "entries", Json::array({"T-1"}), "body.entries[0] must be an object"},
      {"entry without list", "entries", Json::array({Json{{"entry", "T-1"}}}),
       "body.entries[0].list is required"},
      {"entry twice", "entries",
       Json::array({Json{{"list", "a"}, {"entry", "1"}}, Json{{"list", "a"}, {"entry", "1"}}}),
       "body.entries lists a/1 twice"},
      {"missing date", "-date", nullptr, "body.date is required"},
      {"bad date", "date", "08/04/2020", "body.date must be a calendar date"},
      {"missing place", "-place", nullptr, "body.place is required"},
      {"bad province", "province", "AF-KA", "body.province"},
      {"batch too long", "batch", std::string(65, 'b'), "body.batch must be 1 to 64"},
      {"witness not an id", "witnessed_by", Json::array({"Red Cross"}), "body.witnessed_by[0]"},
      {"witness twice", "witnessed_by", Json::array({"icrc", "icrc"}), "twice"},
  };
  for (const BadCase& c : cases) {
    ExpectRefused(MinimalRelease(), c, [](const Json& b) { return ParseRelease(b).status(); });
  }
}

Json MinimalObservation() {
  return Body(R"({"prisoner": 3, "type": "check-in", "date": "2020-06-01"})");
}

TEST(ObservationKind, EveryTypeParsesAndAnIncidentMayBeLinked) {
  for (const char* type :
       {"check-in", "reintegration-enrolment", "re-arrest", "alleged-return-to-fighting"}) {
    Json b = MinimalObservation();
    b["type"] = type;
    auto o = ParseObservation(b);
    ASSERT_TRUE(o.ok()) << type << ": " << o.status().ToString();
    EXPECT_EQ(ObservationTypeName(o->type), type);
  }
  auto o = ParseObservation(Body(R"({"prisoner": 3, "type": "alleged-return-to-fighting",
      "date": "2020-07-01", "incident": 120, "province": "AF-HEL"})"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->incident, 120u);
}

TEST(ObservationKind, EachRuleRefusesNamingTheField) {
  const BadCase cases[] = {
      {"unknown field", "where", "x", "body has unknown field \"where\""},
      {"missing prisoner", "-prisoner", nullptr, "body.prisoner is required"},
      {"missing type", "-type", nullptr, "body.type is required"},
      {"unknown type", "type", "returned", "body.type must be one of"},
      {"type in other case", "type", "Check-in", "body.type must be one of"},
      {"missing date", "-date", nullptr, "body.date is required"},
      {"incident as text", "incident", "120", "body.incident must be a record index"},
      {"bad province", "province", "AF-123", "body.province"},
  };
  for (const BadCase& c : cases) {
    ExpectRefused(MinimalObservation(), c,
                  [](const Json& b) { return ParseObservation(b).status(); });
  }
}

TEST(ExchangeKinds, RegisteredAsPersonalDataWithTheirSubmitters) {
  const KindRegistry& kinds = AllKinds();
  for (const char* name : {"prisoner", "verification", "release", "observation"}) {
    const KindSpec* spec = kinds.Find(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_EQ(spec->visibility, Visibility::kPersonal) << name;
    EXPECT_EQ(spec->view, "exchange");
  }
  EXPECT_TRUE(kinds.Find("prisoner")->default_roles.count(Role::kBelligerent));
  EXPECT_TRUE(kinds.Find("verification")->default_roles.count(Role::kVerifier));
  EXPECT_FALSE(kinds.Find("verification")->default_roles.count(Role::kBelligerent));
  EXPECT_FALSE(kinds.Find("observation")->default_roles.count(Role::kOperator));
  // The body check of the registry is the parser's.
  EXPECT_TRUE(kinds.Find("prisoner")->validate_body(FullPrisoner()).ok());
  EXPECT_FALSE(kinds.Find("prisoner")->validate_body(MinimalRelease()).ok());
}

TEST(ExchangeKinds, APrisonerEntryNamesItsListingAndDetainingPartiesAsReaders) {
  const KindSpec* prisoner = AllKinds().Find("prisoner");
  ASSERT_TRUE(prisoner->extra_readers);
  EXPECT_EQ(prisoner->extra_readers(FullPrisoner()), (std::vector<std::string>{"iea", "irog"}));
  EXPECT_EQ(prisoner->extra_readers(MinimalPrisoner()), std::vector<std::string>{"iea"});
  EXPECT_TRUE(prisoner->extra_readers(Json::object()).empty());
  const KindSpec* release = AllKinds().Find("release");
  Json r = MinimalRelease();
  r["witnessed_by"] = {"icrc"};
  EXPECT_EQ(release->extra_readers(r), std::vector<std::string>{"icrc"});
}

}  // namespace
}  // namespace jirga
