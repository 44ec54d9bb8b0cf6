// Scoring and index scenarios: spelling variants, order, scripts, titles, frequency weighting,
// the other fields, blocking on a large list, and concurrent queries.
#include "match/name_index.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "match/jaro_winkler.h"

namespace jirga::match {
namespace {

NameEntry Person(std::string id, std::string name, std::string father = "") {
  NameEntry e;
  e.id = std::move(id);
  e.name = std::move(name);
  e.father_name = std::move(father);
  return e;
}

// The score of a against b, in an index made of b and `others`.
double Score(const NameEntry& a, const NameEntry& b, std::vector<NameEntry> others = {}) {
  others.push_back(b);
  auto index = NameIndex::Build(others);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  auto pa = index->Prepare(a);
  auto pb = index->Prepare(b);
  EXPECT_TRUE(pa.ok() && pb.ok());
  return index->Score(*pa, *pb);
}

std::vector<NameEntry> Crowd(size_t n);  // a large list of made-up names (below)

double NameOnly(const std::string& a, const std::string& b) {
  return Score(Person("q", a), Person("r", b));
}

TEST(NameScore, SpellingVariantsOfOneNameMatch) {
  ScoringConfig c;
  EXPECT_GE(NameOnly("Mohammad Omar", "Muhammad Umar"), c.match_threshold);
  EXPECT_GE(NameOnly("Mohammed Omar", "Mohamad Omar"), c.match_threshold);
  EXPECT_GE(NameOnly("Abdul Ghani Baradar", "Abdulghani Beradar"), c.match_threshold);
  EXPECT_GE(NameOnly("Shams ur Rahman", "Shamsurrahman"), c.match_threshold);
}

NameUnit Unit(const std::string& name) {
  auto n = NormalizeName(name);
  EXPECT_TRUE(n.ok());
  EXPECT_EQ(n->tokens.size(), 1u) << name;
  return {n->tokens[0].text, n->tokens[0].skeleton, 1, 0, 1, false};
}

double TokenSim(const std::string& a, const std::string& b) {
  return UnitSimilarity(Unit(a), Unit(b), /*cross_script=*/false);
}

TEST(UnitSimilarity, SpellingVariantsAreNearlyEqual) {
  EXPECT_GE(TokenSim("Baradar", "Beradar"), 0.97);        // same skeleton and shape
  EXPECT_GE(TokenSim("Omar", "Umar"), 0.97);
  EXPECT_GE(TokenSim("Hekmatullah", "Hikmatullah"), 0.97);
  EXPECT_EQ(TokenSim("Mohammed", "Muhammad"), 1.0);       // one spelling of Muhammad
}

TEST(UnitSimilarity, DifferentNamesSharingASkeletonAreNot) {
  EXPECT_LT(TokenSim("Mahmood", "Muhammad"), 0.85);  // same consonants, another name
  EXPECT_LT(TokenSim("Omar", "Amir"), 0.80);         // another initial vowel
  EXPECT_LT(TokenSim("Omar", "Omari"), 0.97);        // the final vowel makes a family name
}

TEST(UnitSimilarity, SharedAffixesDoNotMakeNamesSimilar) {
  // Jaro-Winkler alone finds these close because of the shared Abdul- or -ullah.
  ASSERT_GT(JaroWinkler("abdulaziz", "abdulhamid"), 0.8);
  EXPECT_LT(TokenSim("Abdul Aziz", "Abdul Hamid"), 0.8);
  EXPECT_LT(TokenSim("Hamidullah", "Habibullah"), 0.85);
}

TEST(UnitSimilarity, AcrossScriptsSkeletonsDecide) {
  auto ar = NormalizeName("برادر");
  ASSERT_TRUE(ar.ok());
  NameUnit a{ar->tokens[0].text, ar->tokens[0].skeleton, 1, 0, 1, false};
  EXPECT_LT(UnitSimilarity(a, Unit("Baradar"), /*cross_script=*/false), 0.9);
  EXPECT_EQ(UnitSimilarity(a, Unit("Baradar"), /*cross_script=*/true), 1.0);
}

TEST(NameScore, TokenOrderAndLastCommaFirstDoNotMatter) {
  EXPECT_EQ(NameOnly("Abdul Ghani Baradar", "Baradar Abdul Ghani"), 1.0);
  EXPECT_EQ(NameOnly("Abdul Ghani Baradar", "BARADAR, Abdul Ghani"), 1.0);
}

TEST(NameScore, ArabicScriptMatchesItsRomanisation) {
  ScoringConfig c;
  EXPECT_GE(NameOnly("عبدالغنی برادر", "Abdul Ghani Baradar"), c.match_threshold);
  EXPECT_GE(NameOnly("محمد عمر", "Mohammad Omar"), c.match_threshold);
  EXPECT_GE(NameOnly("سراج الدین حقانی", "Sirajuddin Haqqani"), c.match_threshold);
  EXPECT_LT(NameOnly("محمد عمر", "Jalaluddin Haqqani"), c.review_threshold);
}

TEST(NameScore, GluedAndSplitTokensMatch) {
  ScoringConfig c;
  EXPECT_GE(NameOnly("Nazar Mohammad", "Nazarmohammad"), c.match_threshold);
  EXPECT_GE(NameOnly("Gul Agha Ishakzai", "Gulagha Ishakzai"), c.review_threshold);
  // Allah as its own Latin word stays a token; the glued unit pairs it with -ullah.
  EXPECT_GE(NameOnly("Nemat Allah Haqqani", "Nematullah Haqqani"), c.match_threshold);
  EXPECT_EQ(NameOnly("DAD MATIN ALLAH", "ALLAH DAD MATIN"), 1.0);
}

TEST(NameScore, SameNamesInAnotherOrderScoreExactlyTheSame) {
  std::vector<NameEntry> list = Crowd(2000);
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  int unequal = 0;
  for (size_t i = 0; i < 300; ++i) {
    // "A B C" → "C A B"
    const std::string& name = list[i].name;
    size_t last = name.rfind(' ');
    std::string rotated = name.substr(last + 1) + " " + name.substr(0, last);
    auto a = index->Prepare(list[i]);
    auto b = index->Prepare(Person("r", rotated));
    ASSERT_TRUE(a.ok() && b.ok());
    if (index->Score(*a, *b) != index->Score(*a, *a)) ++unequal;
  }
  EXPECT_EQ(unequal, 0);
}

TEST(NameIndex, SameNamesInAnotherOrderTieAndTiesGoByListOrder) {
  // Weights summed in another order must not leave a last-bit difference that ranks one above
  // the other.
  std::vector<NameEntry> list = Crowd(500);
  list.insert(list.begin(), Person("listed", "Mohammad Wali Kakar"));
  list.push_back(Person("later", "Kakar Wali Mohammad"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  for (const char* q : {"Wali Mohammad Kakar", "Kakar Mohammad Wali", "KAKAR, Wali Mohammad"}) {
    auto found = index->Query(Person("q", q), 2, 0.5);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 2u) << q;
    EXPECT_EQ((*found)[0].score, (*found)[1].score) << q;
    EXPECT_EQ(index->entry((*found)[0].index).id, "listed") << q;
  }
}

TEST(NameIndex, TwoWordAllahNameFindsTheGluedSpelling) {
  std::vector<NameEntry> list = Crowd(3000);
  list.push_back(Person("target", "Nematullah Haqqani"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  for (const char* q : {"Nemat Allah Haqqani", "Haqqani Nemat Ullah", "نعمت الله حقانی"}) {
    auto found = index->Query(Person("q", q), 1, 0.5);
    ASSERT_TRUE(found.ok());
    ASSERT_FALSE(found->empty()) << q;
    EXPECT_EQ(index->entry((*found)[0].index).id, "target") << q;
  }
}

TEST(NameScore, TitlesWeighLittleButCount) {
  double with_title = NameOnly("Mullah Mohammad Omar", "Mohammad Omar");
  EXPECT_GE(with_title, ScoringConfig().match_threshold);
  EXPECT_LT(with_title, 1.0);
  // A differing title costs less than a differing name of the same length.
  EXPECT_GT(NameOnly("Mullah Mohammad Omar", "Haji Mohammad Omar"),
            NameOnly("Jawed Mohammad Omar", "Kabir Mohammad Omar"));
}

TEST(NameScore, DroppedTokenIsReviewNotMatch) {
  double s = NameOnly("Abdul Qadir Basir", "Abdul Qadir Basir Abdul Baseer");
  EXPECT_LT(s, 1.0);
  EXPECT_GE(s, ScoringConfig().review_threshold - 0.1);
}

TEST(NameScore, SharedCommonTokenMeansLittle) {
  // In a list where everyone is called Muhammad, sharing it says little; sharing a rare name
  // says more.
  std::vector<NameEntry> crowd;
  for (int i = 0; i < 200; ++i) crowd.push_back(Person("m" + std::to_string(i), "Muhammad X" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i)));
  double common = Score(Person("q", "Muhammad Karim"), Person("r", "Muhammad Rahimullah"), crowd);
  double rare = Score(Person("q", "Zabihullah Karim"), Person("r", "Zabihullah Rahimullah"), crowd);
  EXPECT_LT(common, rare);
  EXPECT_LT(common, ScoringConfig().review_threshold);
}

TEST(EntryScore, DifferentFathersSeparateNamesakes) {
  NameEntry q = Person("q", "Abdul Qadir", "Abdul Basir");
  double same = Score(q, Person("a", "Abdul Qadir", "Abdul Baseer"));
  double other = Score(q, Person("b", "Abdul Qadir", "Mohammad Nabi"));
  EXPECT_GE(same, ScoringConfig().match_threshold);
  EXPECT_LT(other, ScoringConfig().match_threshold);
  EXPECT_GT(same - other, 0.1);
}

TEST(EntryScore, BirthYearTribeAndProvince) {
  NameEntry q = Person("q", "Abdul Aziz Abbasin");
  q.birth_year = 1969;
  q.province = "Paktika Province";
  q.tribe = "Mahsud";
  NameEntry near = Person("a", "Abdul Aziz Abbasin");
  near.birth_year = 1970;
  near.province = "Paktika";
  near.tribe = "Mahsud";
  NameEntry far = Person("b", "Abdul Aziz Abbasin");
  far.birth_year = 1990;
  far.province = "Herat";
  far.tribe = "Popalzai";
  EXPECT_GT(Score(q, near), Score(q, far));
  EXPECT_LT(Score(q, far), ScoringConfig().match_threshold);
  NameEntry unknown = Person("c", "Abdul Aziz Abbasin");
  EXPECT_EQ(Score(q, unknown), 1.0);  // unknown fields neither help nor hurt a perfect name
}

TEST(NameIndex, QueryReturnsBestFirstWithinTopKAndThreshold) {
  auto index = NameIndex::Build({Person("1", "Mohammad Omar"), Person("2", "Muhammad Umar"),
                                 Person("3", "Jalaluddin Haqqani"), Person("4", "Omar Khalid")});
  ASSERT_TRUE(index.ok());
  auto found = index->Query(Person("q", "Mohammad Omar"), 2, 0.5);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(index->entry((*found)[0].index).id, "1");
  EXPECT_EQ((*found)[0].decision, Decision::kMatch);
  EXPECT_EQ(index->entry((*found)[1].index).id, "2");
  EXPECT_GE((*found)[0].score, (*found)[1].score);
  auto none = index->Query(Person("q", "John Smith"), 5, 0.8);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(NameIndex, RejectsBadEntries) {
  EXPECT_EQ(NameIndex::Build({Person("1", "A B"), Person("1", "C D")}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(NameIndex::Build({Person("", "A B")}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NameIndex::Build({Person("1", "--")}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NameIndex::Build({Person("1", "bad \xC3")}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(NameIndex::Build({Person("1", "ok", "bad \xC3")}).status().code(),
            StatusCode::kInvalidArgument);
  auto index = NameIndex::Build({Person("1", "Omar")});
  ASSERT_TRUE(index.ok());
  EXPECT_FALSE(index->Query(Person("q", std::string(kMaxNameBytes + 1, 'a')), 1, 0).ok());
}

// A list large enough that candidates come from blocking keys, not all pairs.
std::vector<NameEntry> Crowd(size_t n) {
  static const char* kFirst[] = {"Mohammad", "Abdul Rahim", "Gul", "Noor", "Ahmad", "Sher",
                                 "Khan", "Zahir", "Hamid", "Karim", "Wali", "Rahmatullah"};
  static const char* kLast[] = {"Popal", "Durrani", "Sadat", "Wardak", "Niazi", "Hotak",
                                "Zadran", "Safi", "Shinwari", "Kakar", "Achakzai", "Noorzai"};
  std::mt19937 rng(7);
  std::vector<NameEntry> out;
  for (size_t i = 0; i < n; ++i) {
    std::string name = std::string(kFirst[rng() % 12]) + " " + kFirst[rng() % 12] + " " +
                       kLast[rng() % 12] + std::to_string(i);
    out.push_back(Person("c" + std::to_string(i), name));
  }
  return out;
}

TEST(NameIndex, FindsTheRightPersonInALargeListThroughBlocking) {
  std::vector<NameEntry> list = Crowd(3000);
  list.push_back(Person("target", "Abdul Ghani Baradar"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  for (const char* q : {"Abdulghani Beradar", "Mullah Baradar Abdul Ghani", "عبدالغنی برادر",
                        "BARADAR, Abdul Ghani", "Abdul Gani Baradar"}) {
    auto found = index->Query(Person("q", q), 1, 0.5);
    ASSERT_TRUE(found.ok());
    ASSERT_FALSE(found->empty()) << q;
    EXPECT_EQ(index->entry((*found)[0].index).id, "target") << q;
  }
}

// Many namesakes who share every blocking key the right person has, listed before it: only a
// key of its own finds it among the candidates scored in full.
std::vector<NameEntry> Namesakes(const std::string& pattern, size_t n) {
  std::vector<NameEntry> out = Crowd(2000);
  static const char* kExtra[] = {"Kakar", "Noorzai", "Achakzai", "Barakzai", "Popalzai",
                                 "Alizai", "Ishaqzai", "Alokozai"};
  for (size_t i = 0; i < n; ++i) {
    std::string name = pattern;
    name.replace(name.find('%'), 1, kExtra[i % 8] + std::string(i < 8 ? "" : " Khan"));
    out.push_back(Person("n" + std::to_string(i), name));
  }
  return out;
}

TEST(NameIndex, FindsTheSameNamesInAnotherOrderAmongNamesakes) {
  std::vector<NameEntry> list = Namesakes("Mohammad Wali %", 150);
  list.push_back(Person("target", "Wali Mohammad"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  auto found = index->Query(Person("q", "Mohammad Wali"), 1, 0.5);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(index->entry((*found)[0].index).id, "target");
}

TEST(NameIndex, FindsARareWordWithATypoAmongNamesakes) {
  std::vector<NameEntry> list = Namesakes("Mohammad % Kakar", 150);
  list.push_back(Person("target", "Mohammad Janan Kakar"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  for (const char* q : {"Mohammad Anan Kakar", "Mohammad Hanan Kakar"}) {
    auto found = index->Query(Person("q", q), 1, 0.5);
    ASSERT_TRUE(found.ok());
    ASSERT_FALSE(found->empty()) << q;
    EXPECT_EQ(index->entry((*found)[0].index).id, "target") << q;
  }
}

TEST(NameIndex, NamesWrittenAsOneWordFindTheSplitSpelling) {
  std::vector<NameEntry> list = Namesakes("Noor % Ahmad", 150);
  list.push_back(Person("target", "Noor Ahmad"));
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  for (const char* q : {"Noorahmad", "noorahmed"}) {
    auto found = index->Query(Person("q", q), 1, 0.5);
    ASSERT_TRUE(found.ok());
    ASSERT_FALSE(found->empty()) << q;
    EXPECT_EQ(index->entry((*found)[0].index).id, "target") << q;
  }
}

TEST(NameIndex, ConcurrentQueriesGiveTheSameAnswers) {
  std::vector<NameEntry> list = Crowd(2000);
  auto index = NameIndex::Build(list);
  ASSERT_TRUE(index.ok());
  std::vector<std::vector<Candidate>> expected;
  for (size_t i = 0; i < 200; ++i) expected.push_back(*index->Query(list[i * 7], 3, 0.6));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (size_t i = 0; i < 200; ++i) {
        auto got = index->Query(list[i * 7], 3, 0.6);
        if (!got.ok() || got->size() != expected[i].size()) {
          ++mismatches;
          continue;
        }
        for (size_t k = 0; k < got->size(); ++k) {
          if ((*got)[k].index != expected[i][k].index) ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(MatchLists, EveryLeftEntryInOrderWithItsCandidates) {
  std::vector<NameEntry> left = {Person("L1", "Mohammad Omar"), Person("L2", "John Smith"),
                                 Person("L3", "عبدالغنی برادر")};
  std::vector<NameEntry> right = Crowd(500);
  right.push_back(Person("R-omar", "Muhammad Umar"));
  right.push_back(Person("R-baradar", "Abdul Ghani Baradar"));
  MatchOptions options;
  options.threads = 2;
  auto found = MatchLists(left, right, options);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 3u);
  ASSERT_FALSE((*found)[0].empty());
  EXPECT_EQ(right[(*found)[0][0].index].id, "R-omar");
  EXPECT_TRUE((*found)[1].empty());
  ASSERT_FALSE((*found)[2].empty());
  EXPECT_EQ(right[(*found)[2][0].index].id, "R-baradar");
  EXPECT_FALSE(MatchLists({Person("x", "A"), Person("x", "B")}, right).ok());
}

}  // namespace
}  // namespace jirga::match
