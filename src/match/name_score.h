// Scoring two prepared names, and two entries (name plus father, grandfather, tribe, province,
// birth year), into one score in [0, 1] with a decision. docs/name-matching.md states the rules
// and the thresholds; this header is the code's side of that contract.
//
// Names are compared token by token: each token of one name is paired with at most one token (or
// two adjacent tokens glued, for Abdulghani / Abdul Ghani) of the other, greedily by similarity;
// a pair counts only at a similarity >= ScoringConfig::token_floor. Each side's coverage is the
// weight of its paired tokens times their similarity over its total weight; the name score is
// the mean of the two coverages. Token weights are IDF-like (rare tokens weigh more) and titles
// weigh title_weight of that.
//
// Everything here is pure and thread-safe once the inputs are built.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "match/normalize.h"

namespace jirga::match {

enum class Decision { kNoMatch, kReview, kMatch };
// "match", "review", "no-match".
std::string_view DecisionName(Decision d);

struct ScoringConfig {
  double match_threshold = 0.92;   // score >= this: the same person (decision match)
  double review_threshold = 0.85;  // score >= this: a person should look (decision review)
  double token_floor = 0.80;       // token similarity below this pairs nothing
  double title_weight = 0.25;      // a title's weight relative to an ordinary token of its rarity
  int birth_year_tolerance = 2;    // years apart that still count as agreeing
};

// A token, or two adjacent tokens glued, ready to be compared.
struct NameUnit {
  std::string text;      // canonical spelling (glued for a pair)
  std::string skeleton;  // consonant skeleton of text
  float weight = 1;      // sum of its tokens' weights
  uint8_t first = 0;     // index of its first token
  uint8_t count = 1;     // 1 or 2 tokens
  bool title = false;    // a single title token
};

// A name prepared for scoring: its tokens (at most kMaxTokens are kept) then the glued
// adjacent pairs, with weights.
struct PreparedName {
  static constexpr size_t kMaxTokens = 12;
  std::vector<NameUnit> units;
  uint8_t tokens = 0;
  double total_weight = 0;  // the units' float weights summed in double, in token order
  bool arabic_script = false;
  bool empty() const { return tokens == 0; }
};

// How much a token says about identity: IDF-like, log(1 + n / (df + 1)), from the number of
// names n and how many contain the token (`df`).
double TokenWeight(uint64_t df, uint64_t n);

// Builds the units of `name`; weight_of(token) gives each token's weight before the title
// factor.
template <typename WeightFn>
PreparedName PrepareName(const NormalizedName& name, const ScoringConfig& config,
                         WeightFn weight_of) {
  PreparedName p;
  p.arabic_script = name.arabic_script;
  size_t n = std::min(name.tokens.size(), PreparedName::kMaxTokens);
  p.tokens = static_cast<uint8_t>(n);
  // A title weighs title_weight of its own rarity, and never more than title_weight of the
  // name's ordinary tokens on average (in a short list every token looks rare).
  std::vector<double> idf(n);
  double plain_sum = 0;
  size_t plain = 0;
  for (size_t i = 0; i < n; ++i) {
    idf[i] = weight_of(name.tokens[i]);
    if (!name.tokens[i].title) plain_sum += idf[i], ++plain;
  }
  for (size_t i = 0; i < n; ++i) {
    const NameToken& t = name.tokens[i];
    double w = idf[i];
    if (t.title) w = config.title_weight * (plain > 0 ? std::min(w, plain_sum / plain) : w);
    p.units.push_back({t.text, t.skeleton, static_cast<float>(w), static_cast<uint8_t>(i), 1,
                       t.title});
    // What NameScore's coverages add up to when every token pairs fully.
    p.total_weight += static_cast<double>(p.units.back().weight);
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    const NameUnit& a = p.units[i];
    const NameUnit& b = p.units[i + 1];
    p.units.push_back({a.text + b.text, Skeleton(a.text + b.text), a.weight + b.weight,
                       static_cast<uint8_t>(i), 2, false});
  }
  return p;
}

// Similarity of two units in [0, 1]: Jaro-Winkler of the spellings, raised towards the
// Jaro-Winkler of the skeletons (fully when exactly one side was written in Arabic script,
// which has no short vowels; half-way otherwise, for Mohammad / Muhammad).
double UnitSimilarity(const NameUnit& a, const NameUnit& b, bool cross_script);

// The name score described above; 0 when either name is empty.
double NameScore(const PreparedName& a, const PreparedName& b, const ScoringConfig& config);

// One side of a comparison: a prepared name and the other fields (empty / nullopt = unknown).
struct PreparedEntry {
  PreparedName name, father, grandfather;
  std::string tribe, province;  // NormalizeField
  std::optional<int> birth_year;
};

// The name score adjusted by every field known on both sides (docs/name-matching.md, "Other
// fields"), clamped to [0, 1]. `name_score` is NameScore(a.name, b.name) when already known.
double EntryScore(const PreparedEntry& a, const PreparedEntry& b, const ScoringConfig& config,
                  std::optional<double> name_score = std::nullopt);

// The largest amount EntryScore can add to a name score: candidates whose name score is more
// than this below the threshold cannot reach it.
double MaxFieldBonus();

Decision Decide(double score, const ScoringConfig& config);

}  // namespace jirga::match
