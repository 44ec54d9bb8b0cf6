// Scenarios for the province gazetteer: codes, names in three languages, the spellings met in
// real data, and the real files in ../shared/data when present.
#include "monitor/gazetteer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "testing/shared_data.h"

namespace jirga {
namespace {

std::string IsoOf(std::string_view name) {
  auto r = ResolveProvince(name);
  if (!r.ok()) return "error: " + r.status().message();
  return std::string((*r)->iso);
}

TEST(Gazetteer, HasThirtyFourProvincesWithDistinctCodesInIsoOrder) {
  const auto& all = Provinces();
  ASSERT_EQ(all.size(), 34u);
  std::set<std::string_view> iso, pcode, en;
  for (size_t i = 0; i < all.size(); ++i) {
    iso.insert(all[i].iso);
    pcode.insert(all[i].pcode);
    en.insert(all[i].en);
    if (i > 0) {
      EXPECT_LT(all[i - 1].iso, all[i].iso);
    }
    EXPECT_EQ(all[i].iso.substr(0, 3), "AF-");
    EXPECT_EQ(all[i].iso.size(), 6u);
    EXPECT_FALSE(all[i].fa.empty());
    EXPECT_FALSE(all[i].ps.empty());
    // Inside Afghanistan's bounding box.
    EXPECT_GT(all[i].lat, 29.3);
    EXPECT_LT(all[i].lat, 38.5);
    EXPECT_GT(all[i].lon, 60.5);
    EXPECT_LT(all[i].lon, 75.0);
  }
  EXPECT_EQ(iso.size(), 34u);
  EXPECT_EQ(pcode.size(), 34u);
  EXPECT_EQ(en.size(), 34u);
  // The P-codes are exactly AF01..AF34.
  for (int n = 1; n <= 34; ++n) {
    char code[8];
    std::snprintf(code, sizeof code, "AF%02d", n);
    EXPECT_TRUE(pcode.count(code)) << code;
  }
}

TEST(Gazetteer, PcodesFollowOchaNumbering) {
  // Spot checks against OCHA's admin-1 list: Kabul is 01, Helmand 30, Ghor 23, Nimroz 34.
  EXPECT_EQ(FindProvinceByCode("AF01")->iso, "AF-KAB");
  EXPECT_EQ(FindProvinceByCode("AF30")->iso, "AF-HEL");
  EXPECT_EQ(FindProvinceByCode("AF23")->iso, "AF-GHO");
  EXPECT_EQ(FindProvinceByCode("AF34")->iso, "AF-NIM");
  EXPECT_EQ(FindProvinceByCode("AF27")->iso, "AF-KAN");
  EXPECT_EQ(FindProvinceByCode("AF32")->iso, "AF-HER");
}

TEST(Gazetteer, FindByCodeIsExactButCaseInsensitive) {
  ASSERT_NE(FindProvinceByCode("af-hel"), nullptr);
  EXPECT_EQ(FindProvinceByCode("af-hel")->en, "Helmand");
  EXPECT_EQ(FindProvinceByCode("Helmand"), nullptr);
  EXPECT_EQ(FindProvinceByCode("AF-HE"), nullptr);
  EXPECT_EQ(FindProvinceByCode("AF35"), nullptr);
  EXPECT_EQ(FindProvinceByCode(""), nullptr);
}

TEST(Gazetteer, EveryProvinceResolvesFromEachOfItsNamesAndCodes) {
  for (const Province& p : Provinces()) {
    for (std::string_view n : {p.iso, p.pcode, p.en, p.fa, p.ps}) {
      EXPECT_EQ(IsoOf(n), p.iso) << n;
    }
  }
}

TEST(Gazetteer, HilmandSpellingResolvesToHelmand) {
  EXPECT_EQ(IsoOf("Hilmand"), "AF-HEL");
  EXPECT_EQ(IsoOf("Hilmand province"), "AF-HEL");
  EXPECT_EQ(IsoOf("HELMAND Province"), "AF-HEL");
}

TEST(Gazetteer, SpellingsMetInRealDataResolve) {
  const std::pair<const char*, const char*> cases[] = {
      {"Hirat", "AF-HER"},         {"Herat", "AF-HER"},          {"Paktya", "AF-PIA"},
      {"Paktia", "AF-PIA"},        {"Urozgan", "AF-URU"},        {"Uruzgan", "AF-URU"},
      {"Oruzgan", "AF-URU"},       {"Sar-e Pol", "AF-SAR"},      {"Sari Pul", "AF-SAR"},
      {"Sar e pul", "AF-SAR"},     {"Sar-e-Pul", "AF-SAR"},      {"Joz jan", "AF-JOW"},
      {"Jowzjan", "AF-JOW"},       {"Jawzjan", "AF-JOW"},        {"Kundoz", "AF-KDZ"},
      {"Kunduz", "AF-KDZ"},        {"Panjsher", "AF-PAN"},       {"Panjshir", "AF-PAN"},
      {"Ghanzi", "AF-GHA"},        {"Ghazni", "AF-GHA"},         {"Nimroz", "AF-NIM"},
      {"Nimruz", "AF-NIM"},        {"Daykundi", "AF-DAY"},       {"Daikundi", "AF-DAY"},
      {"Nangarhar", "AF-NAN"},     {"Ningarhar", "AF-NAN"},      {"Kapisa", "AF-KAP"},
      {"Laghman", "AF-LAG"},       {"Logar", "AF-LOG"},          {"Wardak", "AF-WAR"},
      {"Maidan Wardak", "AF-WAR"}, {"Wardag", "AF-WAR"},         {"Badghis", "AF-BDG"},
      {"Faryab", "AF-FYB"},        {"Faryob", "AF-FYB"},         {"Samangan", "AF-SAM"},
      {"Baghlan", "AF-BGL"},       {"Takhar", "AF-TAK"},         {"Badakhshan", "AF-BDS"},
      {"Nuristan", "AF-NUR"},      {"Kunar", "AF-KNR"},          {"Konar", "AF-KNR"},
      {"Khost", "AF-KHO"},         {"Khowst", "AF-KHO"},         {"Paktika", "AF-PKA"},
      {"Zabul", "AF-ZAB"},         {"Ghor", "AF-GHO"},           {"Ghowr", "AF-GHO"},
      {"Farah", "AF-FRA"},         {"Bamyan", "AF-BAM"},         {"Bamiyan", "AF-BAM"},
      {"Parwan", "AF-PAR"},        {"Balkh", "AF-BAL"},          {"Kabul", "AF-KAB"},
      {"Kandahar", "AF-KAN"},      {"Qandahar", "AF-KAN"},       {"Kandahar province", "AF-KAN"},
      {"  kandahar  PROVINCE ", "AF-KAN"}, {"AF_KAN", "AF-KAN"}, {"AF-BDN", "AF-BDS"},
      {"af23", "AF-GHO"},          {"ولایت هلمند", "AF-HEL"},    {"میدان وردگ", "AF-WAR"},
      {"سر پل", "AF-SAR"},         {"كابل", "AF-KAB"},  // Arabic kaf instead of Persian keheh
  };
  for (auto [name, iso] : cases) EXPECT_EQ(IsoOf(name), iso) << name;
}

TEST(Gazetteer, UnknownNamesAreErrorsNamingTheValue) {
  for (const char* name : {"Xyz", "", "province", "N/A", "Helmandd", "AF-XYZ", "AF35", "Kabul city"}) {
    auto r = ResolveProvince(name);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
    EXPECT_EQ(r.status().message(), "unknown province \"" + std::string(name) + "\"");
  }
}

TEST(Gazetteer, InvalidUtf8IsAnErrorNotACrash) {
  EXPECT_FALSE(ResolveProvince("\xC3").ok());
  EXPECT_FALSE(ResolveProvince("\xE2\x82").ok());
  EXPECT_FALSE(ResolveProvince(std::string("Kab\0ul", 6)).ok());
}

// Splits a simple CSV line (the shared provinces file has no quoted fields).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, ',')) out.push_back(f);
  return out;
}

TEST(Gazetteer, EveryNameInTheSharedProvincesCsvResolves) {
  std::string dir = testing::SharedDataDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data is absent; skipping";
  std::ifstream in(dir + "/provinces/provinces_en_fa_ps.csv");
  if (!in) GTEST_SKIP() << "provinces_en_fa_ps.csv is absent; skipping";
  std::string line;
  std::getline(in, line);  // header: id,name_en,name_fa,name_ps,...
  std::set<std::string> seen;
  int rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto f = SplitCsv(line);
    ASSERT_GE(f.size(), 4u) << line;
    if (f[1] == "N/A") {  // the file's placeholder row for districts without a province
      EXPECT_FALSE(ResolveProvince(f[1]).ok());
      continue;
    }
    ++rows;
    std::string iso = IsoOf(f[1]);
    EXPECT_EQ(IsoOf(f[2]), iso) << f[2] << " (fa of " << f[1] << ")";
    EXPECT_EQ(IsoOf(f[3]), iso) << f[3] << " (ps of " << f[1] << ")";
    EXPECT_TRUE(seen.insert(iso).second) << f[1] << " resolves to an already seen " << iso;
  }
  EXPECT_EQ(rows, 34);
  EXPECT_EQ(seen.size(), 34u);
}

// True when (lat, lon) is inside the polygon ring (even-odd rule; GeoJSON is [lon, lat]).
bool InRing(const Json& ring, double lat, double lon) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    double xi = ring[i][0].get<double>(), yi = ring[i][1].get<double>();
    double xj = ring[j][0].get<double>(), yj = ring[j][1].get<double>();
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}

bool InGeometry(const Json& geometry, double lat, double lon) {
  const Json& c = geometry.at("coordinates");
  if (geometry.at("type") == "Polygon") return InRing(c.at(0), lat, lon);
  for (const Json& poly : c) {
    if (InRing(poly.at(0), lat, lon)) return true;
  }
  return false;
}

TEST(Gazetteer, EveryGeoBoundariesShapeResolvesAndContainsItsCentre) {
  LOAD_SHARED_JSON_OR_SKIP(geo, "provinces/geoBoundaries-AFG-ADM1_simplified.geojson");
  std::set<std::string> seen;
  for (const Json& f : geo->at("features")) {
    std::string name = f.at("properties").at("shapeName").get<std::string>();
    std::string shape_iso = f.at("properties").at("shapeISO").get<std::string>();
    std::string iso = IsoOf(name);
    EXPECT_EQ(IsoOf(shape_iso), iso) << name << " / " << shape_iso;
    seen.insert(iso);
    const Province* p = FindProvinceByCode(iso);
    ASSERT_NE(p, nullptr) << name << ": " << iso;
    EXPECT_TRUE(InGeometry(f.at("geometry"), p->lat, p->lon))
        << p->en << " centre " << p->lat << "," << p->lon << " is outside its boundary";
    int inside = 0;  // no other province's centre lies in this shape
    for (const Province& q : Provinces()) inside += InGeometry(f.at("geometry"), q.lat, q.lon);
    EXPECT_EQ(inside, 1) << name;
  }
  EXPECT_EQ(seen.size(), 34u);
}

// Parses RFC 4180 CSV text (quoted fields may hold commas, quotes and newlines) into rows.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(Gazetteer, EveryUcdpAdm1InTheSharedSamplesResolves) {
  std::string dir = testing::SharedDataDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data is absent; skipping";
  std::ifstream in(dir + "/events/ucdp_ged231_sample_afghanistan.csv", std::ios::binary);
  if (!in) GTEST_SKIP() << "the UCDP sample is absent; skipping";
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = ParseCsv(ss.str());
  ASSERT_GT(rows.size(), 1u);
  size_t col = 0;
  while (col < rows[0].size() && rows[0][col] != "adm_1") ++col;
  ASSERT_LT(col, rows[0].size()) << "no adm_1 column";
  int resolved = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), rows[0].size()) << "row " << r;
    const std::string& adm1 = rows[r][col];
    if (adm1.empty()) continue;  // placed coarser than a province
    EXPECT_TRUE(ResolveProvince(adm1).ok()) << adm1;
    ++resolved;
  }
  EXPECT_GT(resolved, 100);
}

}  // namespace
}  // namespace jirga
