// A generator of synthetic prisoner lists with ground truth, for reconciliation tests: people
// with Pashto/Dari/Arabic names, listed by one side with one romanisation and by the other with
// realistic variants (Mohammad / Muhammad / Mohammed, Abdul Ghani / Abdulghani, token order,
// Arabic script, missing father / province / birth year, a birth year off by one), namesakes
// (same name, different father) and people listed twice on one list.
//
// Deterministic for a seed. Every body is a valid `prisoner` body with "synthetic": true.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/json.h"

namespace jirga::testing {

struct SyntheticLists {
  std::vector<Json> a, b;  // prisoner bodies of list "a-list" and "b-list", entry ids A-n / B-n
  // Ground truth: (position in a, position in b) for every pair that is the same person.
  std::set<std::pair<size_t, size_t>> same;
  // Pairs of positions within a (i < j) that are the same person listed twice.
  std::set<std::pair<size_t, size_t>> duplicates_a;
  size_t namesakes = 0;  // people in b who share a person of a's name but not the father
};

// `people` persons on list a; about `overlap` of them also on b; b also has new people and
// namesakes of a's people; `dup_rate` of a's people are listed twice on a.
SyntheticLists GenerateLists(uint32_t seed, size_t people, double overlap = 0.7,
                             double dup_rate = 0.03);

}  // namespace jirga::testing
