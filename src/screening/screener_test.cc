// Screening against a reference list: the real UN 1988 list finds a listed person from a
// mutated spelling and from Arabic script; low-quality aliases never decide "match" alone; one
// row per list entry.
#include "screening/screener.h"

#include <gtest/gtest.h>

#include "base/file.h"
#include "screening/ofac_csv.h"
#include "screening/un_xml.h"
#include "testing/process.h"

namespace jirga::screening {
namespace {

std::shared_ptr<const ReferenceList> LoadUnSampleOrNull() {
  const std::string dir = testing::SharedDataDir();
  if (dir.empty()) return nullptr;
  auto raw = ReadFile(dir + "/sanctions/un_1988_taliban_2020-11-30.xml");
  if (!raw.ok()) return nullptr;
  auto list = ParseUnXml(*raw);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return nullptr;
  return std::make_shared<const ReferenceList>(std::move(*list));
}

std::string TopReference(const Screener& s, const std::string& name) {
  auto hits = s.Screen(match::NameEntry{.id = "q", .name = name}, 3, 0.8);
  EXPECT_TRUE(hits.ok()) << hits.status().ToString();
  if (!hits.ok() || hits->empty()) return "";
  return s.list().entries[(*hits)[0].entry].reference;
}

TEST(Screener, UnListFindsBaradarByMutatedSpellingAndArabicScript) {
  auto list = LoadUnSampleOrNull();
  if (!list) GTEST_SKIP() << "../shared/data/sanctions is absent; skipping";
  auto s = Screener::Build(list);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // TAi.024 is ABDUL GHANI BARADAR ABDUL AHMAD TURK (عبدالغنی برادر عبد الاحمد ترک).
  EXPECT_EQ(TopReference(*s, "Abdul Ghani Beradar"), "TAi.024");
  EXPECT_EQ(TopReference(*s, "BIRADAR, Mullah Abdulghani"), "TAi.024");
  EXPECT_EQ(TopReference(*s, "عبدالغنی برادر"), "TAi.024");
  // TAi.155 ABDUL AZIZ ABBASIN, spelled another way.
  EXPECT_EQ(TopReference(*s, "Abdulaziz Abasin"), "TAi.155");
  // Someone not on the list.
  EXPECT_EQ(TopReference(*s, "Margaret Thatcher"), "");
}

TEST(Screener, OneRowPerEntryWithTheBestOfItsNames) {
  auto list = LoadUnSampleOrNull();
  if (!list) GTEST_SKIP() << "../shared/data/sanctions is absent; skipping";
  auto s = Screener::Build(list);
  ASSERT_TRUE(s.ok());
  auto hits = s->Screen(match::NameEntry{.id = "q", .name = "Abdul Ghani Baradar"}, 50, 0.0);
  ASSERT_TRUE(hits.ok());
  std::set<size_t> seen;
  for (const ScreenHit& h : *hits) EXPECT_TRUE(seen.insert(h.entry).second);
  for (size_t i = 1; i < hits->size(); ++i) EXPECT_GE((*hits)[i - 1].score, (*hits)[i].score);
}

TEST(Screener, LowQualityAliasAloneReachesReviewNeverMatch) {
  const char sdn[] =
      "1,\"KHAN, Amir\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
      "2,\"ZADRAN, Sirajuddin\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  const char alt[] =
      "1,1,\"aka\",\"Tor Malang Sahib\",\"weak aka\"\n"
      "2,2,\"aka\",\"Tor Malang Khel\",-0- \n";
  auto list = ParseOfac({{"sdn", sdn}, {"alt", alt}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  auto s = Screener::Build(std::make_shared<const ReferenceList>(std::move(*list)));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto hits = s->Screen(match::NameEntry{.id = "q", .name = "Tor Malang Sahib"}, 5, 0.5);
  ASSERT_TRUE(hits.ok());
  bool saw_low = false;
  for (const ScreenHit& h : *hits) {
    const ListName& n = s->list().entries[h.entry].names[h.name];
    if (n.kind != NameKind::kLowAlias) continue;
    saw_low = true;
    EXPECT_EQ(n.text, "Tor Malang Sahib");
    EXPECT_LE(h.score, kLowAliasFactor + 1e-9);
    EXPECT_NE(h.decision, match::Decision::kMatch);
  }
  EXPECT_TRUE(saw_low);
}

TEST(Screener, BadQueryNamesAreErrors) {
  const char sdn[] =
      "1,\"KHAN, Amir\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  auto list = ParseOfac({{"sdn", sdn}});
  ASSERT_TRUE(list.ok());
  auto s = Screener::Build(std::make_shared<const ReferenceList>(std::move(*list)));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->Screen({.id = "q", .name = std::string(10 << 20, 'a')}, 5, 0.8).status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(s->Screen({.id = "q", .name = "Amir \xFF"}, 5, 0.8).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jirga::screening
