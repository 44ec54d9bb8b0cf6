// Builds one name index over every name of a reference list and screens queries against it.
#include "screening/screener.h"

#include <algorithm>
#include <unordered_map>

#include "match/normalize.h"

namespace jirga::screening {

Result<Screener> Screener::Build(std::shared_ptr<const ReferenceList> list,
                                 match::ScoringConfig config) {
  Screener s;
  std::vector<match::NameEntry> names;
  for (size_t e = 0; e < list->entries.size(); ++e) {
    const ListEntry& entry = list->entries[e];
    for (size_t n = 0; n < entry.names.size(); ++n) {
      auto norm = match::NormalizeName(entry.names[n].text);
      if (!norm.ok()) return norm.status().WithContext("entry " + entry.reference);
      if (norm->tokens.empty()) {
        ++s.skipped_;
        continue;
      }
      match::NameEntry ne;
      ne.id = std::to_string(names.size());
      ne.name = entry.names[n].text;
      ne.birth_year = entry.SingleBirthYear();
      names.push_back(std::move(ne));
      s.origin_.emplace_back(static_cast<uint32_t>(e), static_cast<uint32_t>(n));
    }
  }
  if (names.empty()) return InvalidArgument("the list has no names to screen against");
  ASSIGN_OR_RETURN(match::NameIndex index, match::NameIndex::Build(std::move(names), config));
  s.index_ = std::make_shared<const match::NameIndex>(std::move(index));
  s.list_ = std::move(list);
  return s;
}

Result<std::vector<ScreenHit>> Screener::Screen(const match::NameEntry& query, size_t top_k,
                                                double threshold) const {
  // Several names of one entry may be among the best; ask for enough to fill top_k entries.
  const size_t want =
      std::min<size_t>(std::max<size_t>(top_k * 8, 32), match::NameIndex::kMaxScored);
  ASSIGN_OR_RETURN(std::vector<match::Candidate> found, index_->Query(query, want, threshold));
  std::unordered_map<uint32_t, size_t> slot;  // list entry → position in hits
  std::vector<ScreenHit> hits;
  for (const match::Candidate& c : found) {
    const auto [entry, name] = origin_[c.index];
    const bool low = list_->entries[entry].names[name].kind == NameKind::kLowAlias;
    const double score = low ? c.score * kLowAliasFactor : c.score;
    if (score < threshold) continue;
    match::Decision decision = match::Decide(score, index_->config());
    if (low && decision == match::Decision::kMatch) decision = match::Decision::kReview;
    ScreenHit hit{entry, name, score, decision};
    auto [it, fresh] = slot.emplace(entry, hits.size());
    if (fresh) {
      hits.push_back(hit);
    } else if (score > hits[it->second].score) {
      hits[it->second] = hit;
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const ScreenHit& a, const ScreenHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entry < b.entry;
  });
  if (hits.size() > top_k) hits.resize(top_k);
  return hits;
}

Result<std::vector<ScreenHit>> Screener::ScreenPerson(const match::NameEntry& person,
                                                      const std::vector<std::string>& other_names,
                                                      size_t top_k, double threshold) const {
  ASSIGN_OR_RETURN(std::vector<ScreenHit> hits, Screen(person, top_k, threshold));
  for (const std::string& name : other_names) {
    match::NameEntry q = person;
    q.name = name;
    ASSIGN_OR_RETURN(std::vector<ScreenHit> more, Screen(q, top_k, threshold));
    for (const ScreenHit& h : more) {
      auto same = std::find_if(hits.begin(), hits.end(),
                               [&](const ScreenHit& x) { return x.entry == h.entry; });
      if (same == hits.end()) {
        hits.push_back(h);
      } else if (h.score > same->score) {
        *same = h;
      }
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const ScreenHit& a, const ScreenHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entry < b.entry;
  });
  if (hits.size() > top_k) hits.resize(top_k);
  return hits;
}

}  // namespace jirga::screening
