// Jaro and Jaro-Winkler similarity of byte strings, bit-parallel for strings of up to 64 bytes
// (the algorithm of RapidFuzz's jaro.hpp, written here because Debian 12 does not package
// rapidfuzz-cpp), with a plain quadratic fallback for longer strings.
//
// The names this is used for are ASCII after normalisation (normalize.h), so bytes are letters.
// All functions are pure and thread-safe; JaroWinklerPattern is immutable after construction and
// may be shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jirga::match {

// The Jaro similarity in [0, 1]: 1 for equal strings (two empty strings included), 0 when no
// characters match within the window max(|a|, |b|) / 2 - 1.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler: Jaro plus a bonus for a common prefix of up to 4 characters,
// jaro + prefix * prefix_weight * (1 - jaro), applied only when jaro > 0.7 (Winkler's boost
// threshold). prefix_weight must be in [0, 0.25].
double JaroWinkler(std::string_view a, std::string_view b, double prefix_weight = 0.1);

// The textbook O(|a|·|b|) Jaro-Winkler, kept as the reference the bit-parallel version is tested
// against, and used for strings longer than 64 bytes.
double JaroWinklerReference(std::string_view a, std::string_view b, double prefix_weight = 0.1);

// One string prepared for comparison with many others: the per-character bit masks are computed
// once. Compare() equals JaroWinkler(pattern, other).
class JaroWinklerPattern {
 public:
  explicit JaroWinklerPattern(std::string_view pattern);
  double Compare(std::string_view other, double prefix_weight = 0.1) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::array<uint64_t, 256> masks_{};  // bit i set in masks_[c] when pattern_[i] == c (i < 64)
};

}  // namespace jirga::match
