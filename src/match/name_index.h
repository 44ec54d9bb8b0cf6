// The name-matching library's entry point: an index over a list of people that finds, for a
// query person, the entries that are probably the same person, with a score and a decision.
//
//   std::vector<NameEntry> right = ...;
//   ASSIGN_OR_RETURN(NameIndex index, NameIndex::Build(std::move(right)));
//   ASSIGN_OR_RETURN(auto found, index.Query(person, /*top_k=*/5, /*threshold=*/0.8));
//   for (const Candidate& c : found) index.entry(c.index).id ...
//
// Names may be in Latin or Arabic script (normalize.h). Candidates come from blocking keys
// (consonant skeletons of tokens, their prefixes and suffixes, one-typo keys, pairs of tokens,
// the tokens in any order, and the script-independent skeleton of the whole name; the list is
// in docs/name-matching.md §3): keys that occur in more than a twentieth of
// the list are not used to find candidates (a shared "Muhammad" says little), and at most
// kMaxScored candidates per query, those sharing the most key weight with the query, are scored
// in full. No query compares against the whole list
// unless the list is small (<= kAllPairsBelow entries). Scoring is name_score.h.
//
// Thread safety: Build is a plain function; a built NameIndex is immutable, and Query may be
// called from any number of threads at once. MatchLists uses its own threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "match/name_score.h"

namespace jirga::match {

// A person on a list. Only id and name are required; empty strings and nullopt mean unknown.
struct NameEntry {
  std::string id;
  std::string name;  // Latin or Arabic script
  std::string father_name;
  std::string grandfather_name;
  std::string tribe;
  std::string province;
  std::optional<int> birth_year;
};

struct Candidate {
  uint32_t index = 0;  // position in the indexed list (NameIndex::entry)
  double score = 0;    // [0, 1], EntryScore
  Decision decision = Decision::kNoMatch;
};

class NameIndex {
 public:
  static constexpr size_t kMaxScored = 64;      // candidates scored in full per query
  static constexpr float kMinKeyShare = 0.25f;  // ... among those with this share of the best
                                                // candidate's blocking-key weight
  static constexpr size_t kAllPairsBelow = 64;  // lists this small are compared all-pairs

  // Indexes `entries` (ids must be unique and non-empty, names non-empty with at least one
  // letter). InvalidArgument / ResourceExhausted naming the entry's id otherwise.
  static Result<NameIndex> Build(std::vector<NameEntry> entries, ScoringConfig config = {});

  // The entries most likely to be `query`'s person, best first (ties by list order): at most
  // top_k with score >= threshold. InvalidArgument / ResourceExhausted for a bad query name.
  Result<std::vector<Candidate>> Query(const NameEntry& query, size_t top_k,
                                       double threshold) const;

  // The same for a query already prepared with Prepare() (used to score many lists against one
  // index without normalising twice).
  std::vector<Candidate> QueryPrepared(const PreparedEntry& query, size_t top_k,
                                       double threshold) const;
  // Normalises and weighs an entry with this index's token statistics.
  Result<PreparedEntry> Prepare(const NameEntry& entry) const;

  // Score of two entries with this index's weights and config.
  double Score(const PreparedEntry& a, const PreparedEntry& b) const;

  const NameEntry& entry(size_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }
  const ScoringConfig& config() const { return config_; }

 private:
  NameIndex() = default;
  double WeightOf(const NameToken& t) const;
  std::vector<uint32_t> Candidates(const PreparedEntry& query) const;

  ScoringConfig config_;
  std::vector<NameEntry> entries_;
  std::vector<PreparedEntry> prepared_;
  std::unordered_map<std::string, uint32_t> token_df_;  // by token skeleton (text if none)
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings_;  // blocking key → entries
};

struct MatchOptions {
  size_t top_k = 5;
  double threshold = 0.85;  // lowest score reported (the review threshold)
  unsigned threads = 0;     // 0: std::thread::hardware_concurrency()
  ScoringConfig scoring;
};

// For each entry of `left`, in order, the candidates of `right` as NameIndex::Query gives them
// (index = position in `right`). Errors as Build and Query, naming the list and id.
Result<std::vector<std::vector<Candidate>>> MatchLists(const std::vector<NameEntry>& left,
                                                       const std::vector<NameEntry>& right,
                                                       const MatchOptions& options = {});

}  // namespace jirga::match
