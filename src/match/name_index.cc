// Implements NameIndex (blocking keys, candidate generation, scoring) and MatchLists (a thread
// pool over the queries).
#include "match/name_index.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <unordered_set>

namespace jirga::match {
namespace {

uint64_t KeyHash(char kind, std::string_view s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  mix(static_cast<unsigned char>(kind));
  for (char c : s) mix(static_cast<unsigned char>(c));
  return h;
}

// A skeleton reduced to coarse sound classes (t d | s z sh ch j | k g kh q | b p f | m n | l r),
// h and the initial-vowel mark dropped: a key that survives the spellings that change skeletons
// (foreign names in Arabic script: ث for th, ز for s).
std::string Coarse(std::string_view skeleton) {
  std::string out;
  for (char c : skeleton) {
    char k;
    switch (c) {
      case 't': case 'd': k = 't'; break;
      case 's': case 'z': case 'S': case 'C': case 'j': case 'c': k = 's'; break;
      case 'k': case 'g': case 'x': case 'q': k = 'k'; break;
      case 'b': case 'p': case 'f': k = 'b'; break;
      case 'm': case 'n': k = 'm'; break;
      case 'l': case 'r': k = 'l'; break;
      case 'h': case 'a': continue;
      default: k = c;
    }
    if (out.empty() || out.back() != k) out.push_back(k);
  }
  return out;
}

// Appends the keys of `word`'s one-letter deletions (and of the word itself) under `kind`: two
// words one typo apart (a letter changed, added, dropped, or two swapped) share at least one
// (the SymSpell idea). Deletions shorter than `min_len` are not keys; they would hold too many.
void DeletionKeys(char kind, const std::string& word, size_t min_len, std::vector<uint64_t>* keys) {
  if (word.size() < min_len) return;
  keys->push_back(KeyHash(kind, word));
  if (word.size() < min_len + 1) return;
  std::string d;
  for (size_t i = 0; i < word.size(); ++i) {
    if (i > 0 && word[i] == word[i - 1]) continue;  // same deletion as the one before
    d.assign(word, 0, i);
    d.append(word, i + 1, std::string::npos);
    keys->push_back(KeyHash(kind, d));
  }
}

// The key a token is filed under as itself: its skeleton, or its spelling if that is too short.
uint64_t TokenKey(const NameToken& t) {
  return t.skeleton.size() >= 2 ? KeyHash('T', t.skeleton) : KeyHash('t', t.text);
}

// The blocking keys of a name, deduplicated. A typo leaves most of them intact: it changes one
// token's skeleton but not (usually) its first or last three consonants, the other tokens, or
// the pairs that do not involve it; and the one-typo keys catch the token itself.
// `typo_keys(t)` says whether token t gets the one-typo keys (every indexed token does; a query
// token only when the list does not know it as written).
template <typename TypoFn>
std::vector<uint64_t> BlockingKeys(const NormalizedName& name, TypoFn typo_keys) {
  std::vector<uint64_t> keys;
  std::vector<const NameToken*> named;
  bool all_titles = std::all_of(name.tokens.begin(), name.tokens.end(),
                                [](const NameToken& t) { return t.title; });
  for (const NameToken& t : name.tokens) {
    keys.push_back(TokenKey(t));
    // Nematullah is also filed under Nemat: Nemat Allah (two words) finds it, and the scorer's
    // glued units pair them.
    if (t.text.size() >= 7 && (t.text.ends_with("ulah") || t.text.ends_with("udin"))) {
      std::string stem = Skeleton(t.text.substr(0, t.text.size() - 4));
      if (stem.size() >= 2) keys.push_back(KeyHash('T', stem));
    }
    if (t.skeleton.size() >= 4) {
      keys.push_back(KeyHash('P', t.skeleton.substr(0, 3)));
      keys.push_back(KeyHash('S', t.skeleton.substr(t.skeleton.size() - 3)));
    }
    if (std::string coarse = Coarse(t.skeleton); coarse.size() >= 2) {
      keys.push_back(KeyHash('K', coarse));
    }
    // A typo changes a word's skeleton or its spelling by one letter (Saleh / Salrh, Dost /
    // Dorst, Janan / Jantan): the rare word of a name is still found.
    if (!t.title && typo_keys(t)) {
      DeletionKeys('E', t.skeleton, 2, &keys);
      DeletionKeys('F', t.text, 4, &keys);
    }
    if (!t.title || all_titles) named.push_back(&t);
  }
  size_t n = std::min<size_t>(named.size(), 6);
  // The whole name's skeleton without spaces (below), and the same without a later word's
  // initial-vowel mark, which is not there when the words are written as one (Noor Ahmad:
  // nr + ahmd; Noorahmad: nrhmd).
  std::string compact, joined;
  for (size_t i = 0; i < named.size(); ++i) {
    std::string_view k = named[i]->skeleton;
    compact += k;
    if (i > 0 && k.size() > 1 && k[0] == 'a') k.remove_prefix(1);
    joined += k;
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const std::string& a = std::min(named[i]->skeleton, named[j]->skeleton);
      const std::string& b = std::max(named[i]->skeleton, named[j]->skeleton);
      keys.push_back(KeyHash('2', a + "|" + b));
    }
  }
  // The same names in any order (Wali Mohammad / Mohammad Wali): all the skeletons, sorted.
  if (named.size() >= 2) {
    std::vector<std::string> sorted;
    for (const NameToken* t : named) sorted.push_back(t->skeleton);
    std::sort(sorted.begin(), sorted.end());
    std::string all;
    for (const std::string& k : sorted) all += k + "|";
    keys.push_back(KeyHash('M', all));
  }
  // The whole name's skeleton without spaces: Arabic script joins and splits words differently
  // (عبدالغنی against Abdul Ghani), its ends do not depend on where the spaces are.
  for (std::string* c : {&compact, &joined}) {
    c->erase(std::unique(c->begin(), c->end()), c->end());
    if (c->size() >= 5) {
      keys.push_back(KeyHash('C', c->substr(0, 5)));
      keys.push_back(KeyHash('D', c->substr(c->size() - 5)));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

const std::string& DfKey(const NameToken& t) { return t.skeleton.size() >= 2 ? t.skeleton : t.text; }

// NormalizeName with the field and the entry's id in the error.
Result<NormalizedName> NormalizeNamed(const std::string& value, const std::string& what,
                                      const std::string& id) {
  auto n = NormalizeName(value);
  if (!n.ok()) return n.status().WithContext(what + " of id \"" + id + "\"");
  return n;
}

// Per-thread scratch space for accumulating candidate weights over one query.
struct Scratch {
  std::vector<float> acc;
  std::vector<uint32_t> touched;
};

}  // namespace

Result<NameIndex> NameIndex::Build(std::vector<NameEntry> entries, ScoringConfig config) {
  NameIndex index;
  index.config_ = config;
  std::unordered_set<std::string> ids;
  std::vector<NormalizedName> names;
  names.reserve(entries.size());
  for (const NameEntry& e : entries) {
    if (e.id.empty()) return InvalidArgument("an entry has an empty id");
    if (!ids.insert(e.id).second) return InvalidArgument("duplicate id \"" + e.id + "\"");
    ASSIGN_OR_RETURN(NormalizedName n, NormalizeNamed(e.name, "name", e.id));
    if (n.tokens.empty()) return InvalidArgument("name of id \"" + e.id + "\" has no letters");
    names.push_back(std::move(n));
  }
  for (const NormalizedName& n : names) {
    std::unordered_set<std::string> seen;
    for (const NameToken& t : n.tokens) {
      if (seen.insert(DfKey(t)).second) ++index.token_df_[DfKey(t)];
    }
  }
  index.entries_ = std::move(entries);
  index.prepared_.reserve(index.entries_.size());
  for (size_t i = 0; i < index.entries_.size(); ++i) {
    ASSIGN_OR_RETURN(PreparedEntry p, index.Prepare(index.entries_[i]));
    index.prepared_.push_back(std::move(p));
    for (uint64_t key : BlockingKeys(names[i], [](const NameToken&) { return true; })) {
      index.postings_[key].push_back(static_cast<uint32_t>(i));
    }
  }
  return index;
}

double NameIndex::WeightOf(const NameToken& t) const {
  auto it = token_df_.find(DfKey(t));
  return TokenWeight(it == token_df_.end() ? 0 : it->second, entries_.size());
}

Result<PreparedEntry> NameIndex::Prepare(const NameEntry& e) const {
  auto weight = [this](const NameToken& t) { return WeightOf(t); };
  PreparedEntry p;
  ASSIGN_OR_RETURN(NormalizedName name, NormalizeNamed(e.name, "name", e.id));
  p.name = PrepareName(name, config_, weight);
  ASSIGN_OR_RETURN(NormalizedName father, NormalizeNamed(e.father_name, "father_name", e.id));
  p.father = PrepareName(father, config_, weight);
  ASSIGN_OR_RETURN(NormalizedName grand,
                   NormalizeNamed(e.grandfather_name, "grandfather_name", e.id));
  p.grandfather = PrepareName(grand, config_, weight);
  p.tribe = NormalizeField(e.tribe);
  p.province = NormalizeField(e.province);
  p.birth_year = e.birth_year;
  return p;
}

double NameIndex::Score(const PreparedEntry& a, const PreparedEntry& b) const {
  return EntryScore(a, b, config_);
}

std::vector<uint32_t> NameIndex::Candidates(const PreparedEntry& query) const {
  std::vector<uint32_t> out;
  size_t n = entries_.size();
  if (n <= kAllPairsBelow) {
    for (uint32_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  // The query's keys come from its normalised name; rebuild it from the units' tokens.
  NormalizedName name;
  name.arabic_script = query.name.arabic_script;
  for (size_t i = 0; i < query.name.tokens; ++i) {
    const NameUnit& u = query.name.units[i];
    name.tokens.push_back({u.text, u.skeleton, u.title});
  }
  // A query word the list holds as written is taken to be spelled as meant: looking for its
  // one-typo neighbours too (Amir → Zamir, Amiri) would bring namesakes, not the person.
  std::vector<uint64_t> keys = BlockingKeys(name, [this](const NameToken& t) {
    auto it = postings_.find(TokenKey(t));
    return it == postings_.end() || it->second.size() < 2;
  });
  size_t cap = std::max<size_t>(kAllPairsBelow, n / 20);
  thread_local Scratch scratch;
  if (scratch.acc.size() < n) scratch.acc.resize(n, 0.0f);
  scratch.touched.clear();
  const std::vector<uint32_t>* rarest = nullptr;
  for (uint64_t key : keys) {
    auto it = postings_.find(key);
    if (it == postings_.end()) continue;
    const auto& list = it->second;
    if (rarest == nullptr || list.size() < rarest->size()) rarest = &list;
    if (list.size() > cap) continue;
    float w = static_cast<float>(std::log(1.0 + static_cast<double>(n) / list.size()));
    for (uint32_t e : list) {
      if (scratch.acc[e] == 0.0f) scratch.touched.push_back(e);
      scratch.acc[e] += w;
    }
  }
  if (scratch.touched.empty() && rarest != nullptr) {
    // Every key is common: take the rarest one's entries (bounded below by kMaxScored).
    for (uint32_t e : *rarest) {
      if (scratch.acc[e] == 0.0f) scratch.touched.push_back(e);
      scratch.acc[e] += 1.0f;
    }
  }
  std::vector<uint32_t>& t = scratch.touched;
  if (t.size() > kMaxScored) {
    std::nth_element(t.begin(), t.begin() + kMaxScored, t.end(), [&](uint32_t a, uint32_t b) {
      float wa = scratch.acc[a], wb = scratch.acc[b];
      return wa != wb ? wa > wb : a < b;
    });
  }
  size_t keep = std::min(t.size(), kMaxScored);
  // Entries that share only a small part of the best candidate's key weight share at most a
  // common token or two: not worth scoring in full.
  float best = 0;
  for (size_t i = 0; i < keep; ++i) best = std::max(best, scratch.acc[t[i]]);
  for (size_t i = 0; i < keep; ++i) {
    if (scratch.acc[t[i]] >= kMinKeyShare * best) out.push_back(t[i]);
  }
  for (uint32_t e : t) scratch.acc[e] = 0.0f;  // ready for the next query on this thread
  return out;
}

std::vector<Candidate> NameIndex::QueryPrepared(const PreparedEntry& query, size_t top_k,
                                                double threshold) const {
  std::vector<Candidate> found;
  if (top_k == 0 || query.name.empty()) return found;
  double reach = MaxFieldBonus();
  for (uint32_t i : Candidates(query)) {
    double name = NameScore(query.name, prepared_[i].name, config_);
    if (name + reach < threshold) continue;
    double score = EntryScore(query, prepared_[i], config_, name);
    if (score < threshold) continue;
    found.push_back({i, score, Decide(score, config_)});
  }
  std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  });
  if (found.size() > top_k) found.resize(top_k);
  return found;
}

Result<std::vector<Candidate>> NameIndex::Query(const NameEntry& query, size_t top_k,
                                                double threshold) const {
  ASSIGN_OR_RETURN(PreparedEntry p, Prepare(query));
  return QueryPrepared(p, top_k, threshold);
}

Result<std::vector<std::vector<Candidate>>> MatchLists(const std::vector<NameEntry>& left,
                                                       const std::vector<NameEntry>& right,
                                                       const MatchOptions& options) {
  auto built = NameIndex::Build(right, options.scoring);
  if (!built.ok()) return built.status().WithContext("right list");
  const NameIndex& index = *built;
  std::vector<PreparedEntry> queries;
  queries.reserve(left.size());
  std::unordered_set<std::string> ids;
  for (const NameEntry& e : left) {
    if (e.id.empty()) return InvalidArgument("left list: an entry has an empty id");
    if (!ids.insert(e.id).second) return InvalidArgument("left list: duplicate id \"" + e.id + "\"");
    auto p = index.Prepare(e);
    if (!p.ok()) return p.status().WithContext("left list");
    queries.push_back(std::move(*p));
  }
  std::vector<std::vector<Candidate>> results(left.size());
  unsigned threads = options.threads != 0 ? options.threads
                                          : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, left.size() / 16)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < queries.size();) {
      results[i] = index.QueryPrepared(queries[i], options.top_k, options.threshold);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace jirga::match
