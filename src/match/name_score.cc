// Implements name and entry scoring: greedy token alignment with IDF weights, cross-script
// skeleton similarity, and the field adjustments (father, grandfather, tribe, province, year).
#include "match/name_score.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "match/jaro_winkler.h"

namespace jirga::match {
namespace {

// Field adjustments (docs/name-matching.md, "Other fields").
constexpr double kFatherMax = 0.05, kFatherMin = -0.12;
constexpr double kTribeAgree = 0.02, kTribeDisagree = -0.04;
constexpr double kProvinceAgree = 0.02, kProvinceDisagree = -0.04;
constexpr double kYearAgree = 0.03, kYearStep = -0.01, kYearMin = -0.12;

constexpr double kGluedFloor = 0.92;
constexpr double kSameSkeleton = 0.97;
constexpr double kVariantText = 0.90;

// How much a paired token counts: similarity cubed, so that a near miss (Ahmad / Ahmadullah,
// 0.91 → 0.75) counts clearly less than the same name spelled another way (0.97 → 0.91).
double Credit(double sim) { return sim * sim * sim; }

double Clamp(double v, double lo, double hi) { return std::max(lo, std::min(hi, v)); }

// A relative's name: +kFatherMax when it clearly agrees, down to kFatherMin when it clearly
// differs (two men of the same name with different fathers are different men).
double RelativeAdjustment(const PreparedName& a, const PreparedName& b, const ScoringConfig& c) {
  if (a.empty() || b.empty()) return 0;
  return Clamp((NameScore(a, b, c) - 0.8) * 0.5, kFatherMin, kFatherMax);
}

bool FieldsAgree(const std::string& a, const std::string& b) {
  return a == b || JaroWinkler(a, b) >= 0.88;
}

}  // namespace

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kMatch: return "match";
    case Decision::kReview: return "review";
    case Decision::kNoMatch: return "no-match";
  }
  return "no-match";
}

double TokenWeight(uint64_t df, uint64_t n) {
  return std::log(1.0 + static_cast<double>(n) / static_cast<double>(df + 1));
}

namespace {

// 'a', 'i' or 'u' for a word's initial vowel, 0 for a consonant.
char InitialVowel(const std::string& t) {
  if (t.empty()) return 0;
  switch (t[0]) {
    case 'a': return 'a';
    case 'e': case 'i': return 'i';
    case 'o': case 'u': return 'u';
    default: return 0;
  }
}

// The word with every run of vowels replaced by one 'V': Baradar and Beradar, Omar and Umar
// have the same shape; Mahmud and Muhammad do not.
std::string VowelShape(const std::string& t) {
  std::string out;
  for (char c : t) {
    bool v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    if (!v) {
      out.push_back(c);
    } else if (out.empty() || out.back() != 'V') {
      out.push_back('V');
    }
  }
  return out;
}

}  // namespace

// Jaro-Winkler of two spellings without the affix they share: Abdul Aziz and Abdul Hamid are
// as different as Aziz and Hamid, Hamidullah and Habibullah as Hamid and Habib. Only the
// canonical affixes (normalize.cc spells them one way) are taken off.
double CoreSimilarity(std::string_view a, std::string_view b) {
  static constexpr std::string_view kPrefixes[] = {"abdul", "abdu"};
  static constexpr std::string_view kSuffixes[] = {"ulah", "udin", "zai", "khel"};
  for (std::string_view p : kPrefixes) {
    if (a.size() >= p.size() + 2 && b.size() >= p.size() + 2 && a.substr(0, p.size()) == p &&
        b.substr(0, p.size()) == p) {
      a.remove_prefix(p.size());
      b.remove_prefix(p.size());
      break;
    }
  }
  for (std::string_view x : kSuffixes) {
    if (a.size() >= x.size() + 2 && b.size() >= x.size() + 2 &&
        a.substr(a.size() - x.size()) == x && b.substr(b.size() - x.size()) == x) {
      a.remove_suffix(x.size());
      b.remove_suffix(x.size());
      break;
    }
  }
  return JaroWinkler(a, b);
}

double UnitSimilarity(const NameUnit& a, const NameUnit& b, bool cross_script) {
  double text = CoreSimilarity(a.text, b.text);
  if (text == 1.0 || a.skeleton.empty() || b.skeleton.empty()) return text;
  // Across scripts the short vowels are missing on one side: skeletons decide.
  if (cross_script) return std::max(text, JaroWinkler(a.skeleton, b.skeleton));
  // In one script, the same skeleton (three letters or more), the same initial vowel and either
  // the same shape or close spellings make a spelling variant (Baradar / Beradar, Omar / Umar,
  // Hekmatullah / Hikmatullah); Mahmud / Muhammad share a skeleton but not a shape, Omar /
  // Amir not an initial vowel.
  if (a.skeleton == b.skeleton && a.skeleton.size() >= 3 &&
      InitialVowel(a.text) == InitialVowel(b.text) &&
      (text >= kVariantText || VowelShape(a.text) == VowelShape(b.text))) {
    return std::max(text, kSameSkeleton);
  }
  return text;
}

double NameScore(const PreparedName& a, const PreparedName& b, const ScoringConfig& config) {
  if (a.empty() || b.empty() || a.total_weight <= 0 || b.total_weight <= 0) return 0;
  bool cross = a.arabic_script != b.arabic_script;
  struct Pair {
    float sim;
    uint16_t i, j;
  };
  // At most 23 units a side: the pairs fit on the stack.
  Pair pairs[(2 * PreparedName::kMaxTokens) * (2 * PreparedName::kMaxTokens)];
  size_t n = 0;
  for (size_t i = 0; i < a.units.size(); ++i) {
    for (size_t j = 0; j < b.units.size(); ++j) {
      bool glued = a.units[i].count == 2 || b.units[j].count == 2;
      if (a.units[i].count == 2 && b.units[j].count == 2) continue;
      if (glued) {
        // Jaro-Winkler cannot reach kGluedFloor when one string is under 0.6 of the other's
        // length (Jaro <= (r + 2) / 3 for a length ratio r): skip the comparison.
        size_t la = a.units[i].text.size(), lb = b.units[j].text.size();
        size_t sa = a.units[i].skeleton.size(), sb = b.units[j].skeleton.size();
        if (std::min(la, lb) * 5 < std::max(la, lb) * 3 &&
            (!cross || std::min(sa, sb) * 5 < std::max(sa, sb) * 3)) {
          continue;
        }
      }
      double s = UnitSimilarity(a.units[i], b.units[j], cross);
      // Glued pairs are long strings that Jaro-Winkler finds similar to much: they count only
      // when nearly equal (Abdulghani / Abdul Ghani).
      if (s >= (glued ? kGluedFloor : config.token_floor)) {
        pairs[n++] = {static_cast<float>(s), static_cast<uint16_t>(i), static_cast<uint16_t>(j)};
      }
    }
  }
  // Best pairs first; on equal similarity, single tokens before glued pairs (a glued pair only
  // wins where it is strictly better, as for Abdulghani against Abdul Ghani).
  std::sort(pairs, pairs + n, [&](const Pair& x, const Pair& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    int cx = a.units[x.i].count + b.units[x.j].count, cy = a.units[y.i].count + b.units[y.j].count;
    if (cx != cy) return cx < cy;
    return x.i != y.i ? x.i < y.i : x.j < y.j;
  });
  uint32_t used_a = 0, used_b = 0;
  double cover_a = 0, cover_b = 0;
  for (size_t k = 0; k < n; ++k) {
    const NameUnit& ua = a.units[pairs[k].i];
    const NameUnit& ub = b.units[pairs[k].j];
    uint32_t ma = ((1u << ua.count) - 1) << ua.first, mb = ((1u << ub.count) - 1) << ub.first;
    if ((used_a & ma) != 0 || (used_b & mb) != 0) continue;
    used_a |= ma;
    used_b |= mb;
    cover_a += ua.weight * Credit(pairs[k].sim);
    cover_b += ub.weight * Credit(pairs[k].sim);
  }
  // Equal names in another order must score exactly equal, since a last-bit difference must
  // not decide a ranking (ties go by list order, name_index.h): the coverages add the same
  // weights as total_weight but in pair order, so the score is rounded to 1e-9.
  return std::round((cover_a / a.total_weight + cover_b / b.total_weight) / 2 * 1e9) / 1e9;
}

double MaxFieldBonus() {
  return kFatherMax + kFatherMax / 2 + kTribeAgree + kProvinceAgree + kYearAgree;
}

double EntryScore(const PreparedEntry& a, const PreparedEntry& b, const ScoringConfig& config,
                  std::optional<double> name_score) {
  double score = name_score ? *name_score : NameScore(a.name, b.name, config);
  score += RelativeAdjustment(a.father, b.father, config);
  score += RelativeAdjustment(a.grandfather, b.grandfather, config) / 2;
  if (!a.tribe.empty() && !b.tribe.empty()) {
    score += FieldsAgree(a.tribe, b.tribe) ? kTribeAgree : kTribeDisagree;
  }
  if (!a.province.empty() && !b.province.empty()) {
    score += FieldsAgree(a.province, b.province) ? kProvinceAgree : kProvinceDisagree;
  }
  if (a.birth_year && b.birth_year) {
    int d = std::abs(*a.birth_year - *b.birth_year);
    int tol = config.birth_year_tolerance;
    score += d <= tol ? kYearAgree * (1.0 - static_cast<double>(d) / (tol + 1))
                      : std::max(kYearMin, 4 * kYearStep + kYearStep * (d - tol));
  }
  return Clamp(score, 0, 1);
}

Decision Decide(double score, const ScoringConfig& config) {
  if (score >= config.match_threshold) return Decision::kMatch;
  if (score >= config.review_threshold) return Decision::kReview;
  return Decision::kNoMatch;
}

}  // namespace jirga::match
