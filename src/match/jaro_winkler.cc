// Implements Jaro-Winkler similarity: a bit-parallel matcher for strings of up to 64 bytes and a
// reference implementation for everything else.
#include "match/jaro_winkler.h"

#include <algorithm>
#include <bit>
#include <vector>

namespace jirga::match {
namespace {

double WinklerBoost(double jaro, std::string_view a, std::string_view b, double prefix_weight) {
  if (jaro <= 0.7) return jaro;
  size_t limit = std::min<size_t>({a.size(), b.size(), 4});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * prefix_weight * (1.0 - jaro);
}

double JaroFromCounts(size_t matches, size_t transpositions, size_t la, size_t lb) {
  if (matches == 0) return 0.0;
  double m = static_cast<double>(matches);
  return (m / static_cast<double>(la) + m / static_cast<double>(lb) +
          (m - static_cast<double>(transpositions) / 2.0) / m) /
         3.0;
}

// The window within which two characters count as matching: max(|a|, |b|) / 2 - 1, at least 0.
size_t Bound(size_t la, size_t lb) {
  size_t longer = std::max(la, lb);
  return longer / 2 > 0 ? longer / 2 - 1 : 0;
}

double JaroReference(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  size_t bound = Bound(a.size(), b.size());
  std::vector<bool> a_flag(a.size()), b_flag(b.size());
  size_t matches = 0;
  for (size_t j = 0; j < b.size(); ++j) {
    size_t lo = j > bound ? j - bound : 0;
    size_t hi = std::min(a.size(), j + bound + 1);
    for (size_t i = lo; i < hi; ++i) {
      if (!a_flag[i] && a[i] == b[j]) {
        a_flag[i] = b_flag[j] = true;
        ++matches;
        break;
      }
    }
  }
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  return JaroFromCounts(matches, transpositions, a.size(), b.size());
}

// Bit-parallel Jaro of `text` against the pattern whose masks are given (pattern length <= 64,
// text length <= 64). For each text position j, the candidates are the unmatched pattern
// positions inside the window [j - bound, j + bound]; the lowest one is taken, which is exactly
// the greedy choice of the reference algorithm.
template <typename Masks>
double JaroBitParallel(const Masks& masks, std::string_view pattern, std::string_view text) {
  size_t lp = pattern.size(), lt = text.size();
  if (lp == 0 && lt == 0) return 1.0;
  if (lp == 0 || lt == 0) return 0.0;
  size_t bound = Bound(lp, lt);
  uint64_t window = bound + 1 >= 64 ? ~uint64_t{0} : (uint64_t{1} << (bound + 1)) - 1;
  uint64_t p_flag = 0, t_flag = 0;
  for (size_t j = 0; j < lt; ++j) {
    uint64_t candidates = masks[static_cast<unsigned char>(text[j])] & window & ~p_flag;
    p_flag |= candidates & (0 - candidates);  // lowest set bit
    t_flag |= static_cast<uint64_t>(candidates != 0) << j;
    window = j < bound ? (window << 1) | 1 : window << 1;
  }
  size_t matches = static_cast<size_t>(std::popcount(t_flag));
  if (matches == 0) return 0.0;
  // Walk the matched characters of both strings in order; count positions that differ.
  size_t transpositions = 0;
  while (t_flag != 0) {
    uint64_t p_low = p_flag & (0 - p_flag);
    unsigned j = static_cast<unsigned>(std::countr_zero(t_flag));
    if ((masks[static_cast<unsigned char>(text[j])] & p_low) == 0) ++transpositions;
    t_flag &= t_flag - 1;
    p_flag ^= p_low;
  }
  return JaroFromCounts(matches, transpositions, lp, lt);
}

std::array<uint64_t, 256> MasksOf(std::string_view s) {
  std::array<uint64_t, 256> masks{};
  for (size_t i = 0; i < s.size() && i < 64; ++i) {
    masks[static_cast<unsigned char>(s[i])] |= uint64_t{1} << i;
  }
  return masks;
}

}  // namespace

double Jaro(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return JaroReference(a, b);
  // Only the entries for characters of a and b are ever read, so only those are cleared: the
  // table costs O(|a| + |b|) rather than 2 KiB of zeroing per call.
  uint64_t masks[256];
  for (char c : b) masks[static_cast<unsigned char>(c)] = 0;
  for (char c : a) masks[static_cast<unsigned char>(c)] = 0;
  for (size_t i = 0; i < a.size(); ++i) masks[static_cast<unsigned char>(a[i])] |= uint64_t{1} << i;
  return JaroBitParallel(masks, a, b);
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight) {
  return WinklerBoost(Jaro(a, b), a, b, prefix_weight);
}

double JaroWinklerReference(std::string_view a, std::string_view b, double prefix_weight) {
  return WinklerBoost(JaroReference(a, b), a, b, prefix_weight);
}

JaroWinklerPattern::JaroWinklerPattern(std::string_view pattern)
    : pattern_(pattern), masks_(MasksOf(pattern)) {}

double JaroWinklerPattern::Compare(std::string_view other, double prefix_weight) const {
  double jaro = pattern_.size() > 64 || other.size() > 64
                    ? JaroReference(pattern_, other)
                    : JaroBitParallel(masks_, pattern_, other);
  return WinklerBoost(jaro, pattern_, other, prefix_weight);
}

}  // namespace jirga::match
