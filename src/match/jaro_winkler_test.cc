// Jaro-Winkler: the published reference values, edge cases, and the bit-parallel version against
// the textbook one on random strings.
#include "match/jaro_winkler.h"

#include <gtest/gtest.h>

#include <random>

namespace jirga::match {
namespace {

TEST(JaroWinkler, PublishedValuesFromWinklersPaper) {
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.961, 0.0005);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.840, 0.0005);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.813, 0.0005);
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.944, 0.0005);
  EXPECT_NEAR(Jaro("DWAYNE", "DUANE"), 0.822, 0.0005);
  EXPECT_NEAR(Jaro("DIXON", "DICKSONX"), 0.767, 0.0005);
}

TEST(JaroWinkler, EqualEmptyAndDisjointStrings) {
  EXPECT_EQ(JaroWinkler("baradar", "baradar"), 1.0);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("", "omar"), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_EQ(JaroWinkler("a", "a"), 1.0);
  EXPECT_EQ(JaroWinkler("a", "b"), 0.0);
}

TEST(JaroWinkler, NoPrefixBoostBelowSevenTenths) {
  // Jaro of these is below 0.7, so the shared prefix adds nothing.
  double jaro = Jaro("abcdxyzw", "abqrstuv");
  ASSERT_LT(jaro, 0.7);
  EXPECT_EQ(JaroWinkler("abcdxyzw", "abqrstuv"), jaro);
}

TEST(JaroWinkler, MatchesTheReferenceOnRandomStrings) {
  std::mt19937 rng(20201130);
  for (int alphabet : {2, 4, 26}) {
    std::uniform_int_distribution<int> letter(0, alphabet - 1);
    std::uniform_int_distribution<int> length(0, 70);  // across the 64-byte bit-parallel limit
    for (int round = 0; round < 4000; ++round) {
      std::string a, b;
      for (int n = length(rng); n > 0; --n) a.push_back(static_cast<char>('a' + letter(rng)));
      for (int n = length(rng); n > 0; --n) b.push_back(static_cast<char>('a' + letter(rng)));
      if (round % 3 == 0 && !a.empty()) {  // near-equal pairs exercise transpositions
        b = a;
        std::swap(b[letter(rng) % b.size()], b[(letter(rng) + 1) % b.size()]);
      }
      double ref = JaroWinklerReference(a, b);
      ASSERT_NEAR(JaroWinkler(a, b), ref, 1e-12) << a << " / " << b;
      ASSERT_NEAR(JaroWinklerPattern(a).Compare(b), ref, 1e-12) << a << " / " << b;
    }
  }
}

TEST(JaroWinkler, SymmetricOnNames) {
  for (auto [a, b] : {std::pair{"mohammad", "muhammad"}, std::pair{"abdulghani", "abdul"},
                      std::pair{"baradar", "beradar"}}) {
    EXPECT_NEAR(JaroWinkler(a, b), JaroWinkler(b, a), 1e-12);
  }
}

}  // namespace
}  // namespace jirga::match
