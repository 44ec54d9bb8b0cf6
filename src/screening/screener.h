// Screening people against a reference list: every name of every entry (primary, original
// script, aliases) goes into one match::NameIndex, and a query gets the list entries whose best
// name scores at least the threshold, best first, one row per entry.
//
// Low-quality aliases (UN QUALITY "Low", OFAC "weak" aliases) are nicknames or broad a.k.a.s,
// not spellings of the name: a hit on one scores kLowAliasFactor of what the name library gives,
// and its decision is "review" at most, never "match" (docs/screening.md). An entry's
// birth year is used when the list gives exactly one.
//
// Thread safety: Build is a plain function; a built Screener is immutable and Screen may be
// called from many threads at once.
#pragma once

#include <memory>
#include <vector>

#include "base/status.h"
#include "match/name_index.h"
#include "screening/reference_list.h"

namespace jirga::screening {

inline constexpr double kLowAliasFactor = 0.85;

struct ScreenHit {
  size_t entry = 0;  // index into ReferenceList::entries
  size_t name = 0;   // index into that entry's names: the name that matched best
  double score = 0;  // [0, 1], after the low-alias factor
  match::Decision decision = match::Decision::kNoMatch;
};

class Screener {
 public:
  // Indexes every name of `list` (names the name library finds no letters in are left out and
  // counted in skipped_names()). Errors as match::NameIndex::Build; InvalidArgument for a list
  // with nothing to index.
  static Result<Screener> Build(std::shared_ptr<const ReferenceList> list,
                                match::ScoringConfig config = {});

  // The entries most likely to be `query`'s person: at most top_k, score >= threshold, best
  // first (ties in list order). `query.id` is not used. Errors as match::NameIndex::Query (a bad
  // query name: InvalidArgument / ResourceExhausted).
  Result<std::vector<ScreenHit>> Screen(const match::NameEntry& query, size_t top_k,
                                        double threshold) const;

  // Screen for a person known by several names: `person` as Screen, then each of
  // `other_names` with person's other fields; each list entry keeps its best hit.
  Result<std::vector<ScreenHit>> ScreenPerson(const match::NameEntry& person,
                                              const std::vector<std::string>& other_names,
                                              size_t top_k, double threshold) const;

  const ReferenceList& list() const { return *list_; }
  size_t indexed_names() const { return index_->size(); }
  size_t skipped_names() const { return skipped_; }

 private:
  Screener() = default;
  std::shared_ptr<const ReferenceList> list_;
  std::shared_ptr<const match::NameIndex> index_;
  std::vector<std::pair<uint32_t, uint32_t>> origin_;  // index entry → (list entry, name)
  size_t skipped_ = 0;
};

}  // namespace jirga::screening
