// Implements the exchange's status and reconciliation over a snapshot of the exchange view.
#include "exchange/exchange_query.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>
#include <thread>

#include "exchange/exchange_kinds.h"
#include "match/name_index.h"
#include "match/normalize.h"

namespace jirga {
namespace {

// A list entry is named by list and entry id ("list\0entry").
std::string KeyOf(const std::string& list, const std::string& entry) {
  return list + '\0' + entry;
}

struct EntryRow {
  int64_t idx = 0;
  std::string party, list, entry, listing_party, detaining_party, facility, category;
  std::vector<std::string> groups;
  std::string body;
};

struct Steps {
  std::optional<bool> identity, interview, willing, pledge;
};

struct Obs {
  std::string type, date;
  std::optional<int64_t> incident;
};

struct Snapshot {
  std::map<std::string, EntryRow> current;         // key -> current record
  std::map<int64_t, std::string> key_of;           // any visible prisoner record -> key
  std::map<std::string, Steps> steps;              // key -> latest steps
  std::map<std::pair<std::string, std::string>, std::pair<bool, int64_t>> decisions;  // sorted
  std::map<std::string, std::string> released;     // key -> earliest release date
  std::map<std::string, std::vector<Obs>> observations;  // key -> observations
  struct Batch {
    std::string first, last;
    int64_t releases = 0;
    std::set<std::string> people;
  };
  std::map<std::string, Batch> batches;  // batch id ("" = none: by date) -> batch
  int64_t records = 0, redacted = 0, notes = 0;
  std::map<std::string, std::string> parent;  // union-find over keys (same person)

  std::string Find(const std::string& k) {
    auto it = parent.find(k);
    if (it == parent.end() || it->second == k) return k;
    std::string root = Find(it->second);
    parent[k] = root;
    return root;
  }
  void Union(const std::string& a, const std::string& b) {
    std::string ra = Find(a), rb = Find(b);
    if (ra == rb) return;
    // The smaller key is the root, so the result does not depend on the order of unions.
    if (rb < ra) std::swap(ra, rb);
    parent[rb] = ra;
    parent.emplace(ra, ra);
  }
};

Status Scan(ViewDb& db, const std::string& sql, const std::optional<std::string>& at,
            const std::function<void(ViewStatement&)>& fn) {
  ASSIGN_OR_RETURN(auto s, db.Prepare(sql));
  if (at) {
    s->Text(1, *at);
  } else {
    s->Text(1, "9999-99-99");
  }
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    fn(*s);
  }
  return Status::Ok();
}

std::string Text(ViewStatement& s, int c) { return s.IsNull(c) ? std::string() : s.ColumnText(c); }
std::optional<bool> Bool(ViewStatement& s, int c) {
  if (s.IsNull(c)) return std::nullopt;
  return s.ColumnInt(c) != 0;
}

// Reads the view into a snapshot of the records dated on or before `at` (all when nullopt).
Result<Snapshot> Load(ViewDb& db, const std::optional<std::string>& at) {
  Snapshot snap;
  const std::string visible = "r.redacted = 0 AND r.day <= ?1";
  RETURN_IF_ERROR(Scan(db,
                       "SELECT count(*), sum(redacted) FROM ex_records r WHERE kind != 'incident' "
                       "AND (redacted = 1 OR day <= ?1)",
                       at, [&](ViewStatement& s) {
                         snap.records = s.ColumnInt(0);
                         snap.redacted = s.IsNull(1) ? 0 : s.ColumnInt(1);
                       }));
  RETURN_IF_ERROR(Scan(db,
                       "SELECT count(DISTINCT n.idx) FROM ex_notes n JOIN ex_records r ON "
                       "r.idx = n.idx WHERE " + visible,
                       at, [&](ViewStatement& s) { snap.notes = s.ColumnInt(0); }));
  RETURN_IF_ERROR(Scan(
      db,
      "SELECT e.idx, r.party, e.list, e.entry, e.listing_party, e.detaining_party, e.facility, "
      "e.category, e.groups, e.body FROM ex_entries e JOIN ex_records r ON r.idx = e.idx WHERE " +
          visible + " ORDER BY e.idx",
      at, [&](ViewStatement& s) {
        EntryRow e;
        e.idx = s.ColumnInt(0);
        e.party = Text(s, 1);
        e.list = Text(s, 2);
        e.entry = Text(s, 3);
        e.listing_party = Text(s, 4);
        e.detaining_party = Text(s, 5);
        e.facility = Text(s, 6);
        e.category = Text(s, 7);
        auto groups = ParseJsonStrict(Text(s, 8));
        if (groups.ok() && groups->is_array()) {
          for (const Json& g : *groups) e.groups.push_back(g.get<std::string>());
        }
        e.body = Text(s, 9);
        std::string key = KeyOf(e.list, e.entry);
        snap.key_of[e.idx] = key;
        snap.current[key] = std::move(e);  // ordered by idx: the latest wins
      }));
  RETURN_IF_ERROR(Scan(
      db,
      "SELECT v.idx, v.prisoner, v.identity, v.interview, v.willing, v.pledge, v.match_prisoner, "
      "v.same_person FROM ex_verifications v JOIN ex_records r ON r.idx = v.idx WHERE " +
          visible + " ORDER BY v.idx",
      at, [&](ViewStatement& s) {
        auto k = snap.key_of.find(s.ColumnInt(1));
        if (k == snap.key_of.end()) return;  // the entry is redacted or later than `at`
        Steps& st = snap.steps[k->second];
        if (auto b = Bool(s, 2)) st.identity = b;
        if (auto b = Bool(s, 3)) st.interview = b;
        if (auto b = Bool(s, 4)) st.willing = b;
        if (auto b = Bool(s, 5)) st.pledge = b;
        if (!s.IsNull(6)) {
          auto other = snap.key_of.find(s.ColumnInt(6));
          if (other == snap.key_of.end() || other->second == k->second) return;
          std::string x = k->second, y = other->second;
          if (y < x) std::swap(x, y);
          snap.decisions[{x, y}] = {s.ColumnInt(7) != 0, s.ColumnInt(0)};
        }
      }));
  for (const auto& [pair, d] : snap.decisions) {
    if (d.first) snap.Union(pair.first, pair.second);
  }
  RETURN_IF_ERROR(Scan(
      db,
      "SELECT x.idx, x.date, x.batch, p.prisoner, p.list, p.entry FROM ex_releases x JOIN "
      "ex_records r ON r.idx = x.idx JOIN ex_release_people p ON p.release = x.idx WHERE " +
          visible + " ORDER BY x.idx",
      at, [&](ViewStatement& s) {
        std::string date = Text(s, 1);
        std::string key;
        if (!s.IsNull(3)) {
          auto k = snap.key_of.find(s.ColumnInt(3));
          if (k == snap.key_of.end()) return;
          key = k->second;
        } else {
          key = KeyOf(Text(s, 4), Text(s, 5));
        }
        auto [it, fresh] = snap.released.emplace(key, date);
        if (!fresh && date < it->second) it->second = date;
        std::string batch = s.IsNull(2) ? "" : Text(s, 2);
        Snapshot::Batch& b = snap.batches[batch.empty() ? "\x01" + date : batch];
        if (b.first.empty() || date < b.first) b.first = date;
        if (date > b.last) b.last = date;
        b.people.insert(key);
      }));
  RETURN_IF_ERROR(Scan(db,
                       "SELECT x.idx, x.batch, x.date FROM ex_releases x JOIN ex_records r ON "
                       "r.idx = x.idx WHERE " + visible,
                       at, [&](ViewStatement& s) {
                         std::string batch = Text(s, 1);
                         auto it = snap.batches.find(batch.empty() ? "\x01" + Text(s, 2) : batch);
                         if (it != snap.batches.end()) ++it->second.releases;
                       }));
  RETURN_IF_ERROR(Scan(
      db,
      "SELECT o.prisoner, o.type, o.date, o.incident FROM ex_observations o JOIN ex_records r ON "
      "r.idx = o.idx WHERE " + visible + " ORDER BY o.idx",
      at, [&](ViewStatement& s) {
        auto k = snap.key_of.find(s.ColumnInt(0));
        if (k == snap.key_of.end()) return;
        Obs o{Text(s, 1), Text(s, 2), std::nullopt};
        if (!s.IsNull(3)) o.incident = s.ColumnInt(3);
        snap.observations[k->second].push_back(std::move(o));
      }));
  return snap;
}

// What is known about one person (a cluster of linked entries).
struct Person {
  bool custody = false, verified = false, followed_up = false, linked_incident = false,
       alleged = false, re_arrested = false;
  std::string released;  // earliest release date; "" = not released
  std::set<std::string> lists;
};

std::map<std::string, Person> People(Snapshot& snap) {
  std::map<std::string, Person> people;
  std::set<std::string> keys;
  for (const auto& [k, _] : snap.current) keys.insert(k);
  for (const auto& [k, _] : snap.released) keys.insert(k);
  for (const std::string& k : keys) {
    Person& p = people[snap.Find(k)];
    auto cur = snap.current.find(k);
    if (cur != snap.current.end()) {
      p.lists.insert(cur->second.list);
      if (!cur->second.detaining_party.empty() || !cur->second.facility.empty()) p.custody = true;
    }
    auto st = snap.steps.find(k);
    if (st != snap.steps.end()) {
      if (st->second.identity == true) p.custody = true;
      if (st->second.identity == true && st->second.willing == true) p.verified = true;
    }
    auto rel = snap.released.find(k);
    if (rel != snap.released.end() && (p.released.empty() || rel->second < p.released)) {
      p.released = rel->second;
    }
  }
  // Observations after the person's (earliest) release.
  for (const auto& [k, list] : snap.observations) {
    Person& p = people[snap.Find(k)];
    for (const Obs& o : list) {
      p.followed_up = true;
      const bool after = !p.released.empty() && o.date >= p.released;
      if (o.type == "alleged-return-to-fighting" && after) {
        p.alleged = true;
        if (o.incident) p.linked_incident = true;
      }
      if (o.type == "re-arrest" && after) p.re_arrested = true;
    }
  }
  return people;
}

struct Counts {
  int64_t demanded = 0, custody = 0, matched = 0, verified = 0, released = 0, followed_up = 0;
  void Add(const Person& p, const std::string& list) {
    ++demanded;
    custody += p.custody;
    matched += p.lists.size() > 1 || (p.lists.size() == 1 && !p.lists.count(list));
    verified += p.verified;
    released += !p.released.empty();
    followed_up += p.followed_up;
  }
  Json ToJson() const {
    return {{"demanded", demanded}, {"in_custody", custody}, {"matched", matched},
            {"verified", verified}, {"released", released},  {"followed_up", followed_up}};
  }
};

double Rate(int64_t n, int64_t d) { return d == 0 ? 0.0 : std::round(1e4 * n / d) / 1e4; }

}  // namespace

Status CheckDay(const std::string& what, const std::string& day) {
  bool ok = day.size() == 10 && day[4] == '-' && day[7] == '-';
  for (size_t i = 0; ok && i < day.size(); ++i) {
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(day[i]))) ok = false;
  }
  if (ok) {
    int m = std::stoi(day.substr(5, 2)), d = std::stoi(day.substr(8, 2));
    ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  if (!ok) return InvalidArgument(what + " must be a date YYYY-MM-DD, got \"" + day.substr(0, 40) + "\"");
  return Status::Ok();
}

Result<Json> ExchangeStatus(ViewDb& db, const std::optional<std::string>& at) {
  if (at) RETURN_IF_ERROR(CheckDay("at", *at));
  ASSIGN_OR_RETURN(Snapshot snap, Load(db, at));
  std::map<std::string, Person> people = People(snap);
  struct ListAcc {
    Counts all;
    std::map<std::string, Counts> by_category, by_group;
    std::set<std::string> released_people;
    int64_t linked = 0, alleged = 0, re_arrested = 0;
  };
  std::map<std::string, ListAcc> lists;
  for (const auto& [k, e] : snap.current) {
    std::string root = snap.Find(k);
    const Person& p = people[root];
    ListAcc& acc = lists[e.list];
    acc.all.Add(p, e.list);
    acc.by_category[e.category].Add(p, e.list);
    for (const std::string& g : e.groups) acc.by_group[g].Add(p, e.list);
    if (!p.released.empty() && acc.released_people.insert(root).second) {
      acc.linked += p.linked_incident;
      acc.alleged += p.alleged;
      acc.re_arrested += p.re_arrested;
    }
  }
  Json out_lists = Json::array();
  for (const auto& [name, acc] : lists) {
    Json l = acc.all.ToJson();
    l["list"] = name;
    Json cats = Json::array();
    for (const auto& [c, n] : acc.by_category) {
      Json j = n.ToJson();
      j["category"] = c.empty() ? Json() : Json(c);
      cats.push_back(std::move(j));
    }
    Json groups = Json::array();
    for (const auto& [g, n] : acc.by_group) {
      Json j = n.ToJson();
      j["group"] = g;
      groups.push_back(std::move(j));
    }
    l["by_category"] = std::move(cats);
    l["by_group"] = std::move(groups);
    const int64_t rel = static_cast<int64_t>(acc.released_people.size());
    l["recidivism"] = {{"released_people", rel},
                       {"linked_to_incident", acc.linked},
                       {"alleged_without_incident", acc.alleged - acc.linked},
                       {"re_arrested", acc.re_arrested},
                       {"rate", Rate(acc.linked, rel)}};
    out_lists.push_back(std::move(l));
  }
  // Batches in date order: a timeline.
  std::vector<std::pair<std::string, const Snapshot::Batch*>> order;
  for (const auto& [id, b] : snap.batches) order.emplace_back(id, &b);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->first, a.first) < std::tie(b.second->first, b.first);
  });
  Json batches = Json::array();
  int64_t cumulative = 0;
  for (const auto& [id, b] : order) {
    cumulative += static_cast<int64_t>(b->people.size());
    batches.push_back({{"batch", id[0] == '\x01' ? Json() : Json(id)},
                       {"first_date", b->first},
                       {"last_date", b->last},
                       {"releases", b->releases},
                       {"people", static_cast<int64_t>(b->people.size())},
                       {"cumulative", cumulative}});
  }
  int64_t released_total = 0, linked_total = 0, re_arrested_total = 0;
  for (const auto& [_, p] : people) {
    if (p.released.empty()) continue;
    ++released_total;
    linked_total += p.linked_incident;
    re_arrested_total += p.re_arrested;
  }
  return Json{{"at", at ? Json(*at) : Json()},
              {"lists", std::move(out_lists)},
              {"batches", std::move(batches)},
              {"recidivism",
               {{"released_people", released_total},
                {"linked_to_incident", linked_total},
                {"re_arrested", re_arrested_total},
                {"rate", Rate(linked_total, released_total)}}},
              {"records", {{"counted", snap.records - snap.redacted},
                           {"redacted", snap.redacted},
                           {"with_notes", snap.notes}}}};
}

namespace {

match::NameEntry ToNameEntry(const EntryRow& e) {
  match::NameEntry n;
  n.id = e.entry;
  auto body = ParseJsonStrict(e.body);
  if (!body.ok()) return n;
  auto p = ParsePrisoner(*body);
  if (!p.ok()) return n;
  n.name = p->name ? *p->name : p->name_ar.value_or("");
  n.father_name = p->father_name ? *p->father_name : p->father_name_ar.value_or("");
  n.grandfather_name =
      p->grandfather_name ? *p->grandfather_name : p->grandfather_name_ar.value_or("");
  n.tribe = p->tribe.value_or("");
  n.province = p->province.value_or("");
  if (p->birth_year) n.birth_year = (p->birth_year->from + p->birth_year->to) / 2;
  return n;
}

Json EntryJson(const EntryRow& e, const match::NameEntry& n) {
  return {{"prisoner", e.idx}, {"list", e.list}, {"entry", e.entry}, {"name", n.name},
          {"father_name", n.father_name.empty() ? Json() : Json(n.father_name)}};
}

double Round(double x) { return std::round(x * 1e4) / 1e4; }


// Candidates of every `left` entry among `right`, as match::MatchLists gives them, plus
// whether each candidate's father's name clearly differs (both known, name score below
// kFathersDiffer): two men of the same name with different fathers are not matched
// automatically, whatever the other fields add.
constexpr double kFathersDiffer = 0.5;
struct Found {
  std::vector<std::vector<match::Candidate>> candidates;
  std::vector<std::vector<bool>> fathers_differ;  // parallel to candidates
};

Result<Found> FindCandidates(const std::vector<match::NameEntry>& left,
                             const std::vector<match::NameEntry>& right,
                             const match::MatchOptions& mo) {
  ASSIGN_OR_RETURN(match::NameIndex index, match::NameIndex::Build(right, mo.scoring));
  std::vector<match::PreparedEntry> queries, targets;
  for (const match::NameEntry& e : left) {
    ASSIGN_OR_RETURN(match::PreparedEntry p, index.Prepare(e));
    queries.push_back(std::move(p));
  }
  for (const match::NameEntry& e : right) {
    ASSIGN_OR_RETURN(match::PreparedEntry p, index.Prepare(e));
    targets.push_back(std::move(p));
  }
  Found f;
  f.candidates.resize(left.size());
  f.fathers_differ.resize(left.size());
  unsigned threads = mo.threads != 0 ? mo.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, left.size() / 16)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < queries.size();) {
      f.candidates[i] = index.QueryPrepared(queries[i], mo.top_k, mo.threshold);
      for (const match::Candidate& c : f.candidates[i]) {
        const match::PreparedEntry& t = targets[c.index];
        f.fathers_differ[i].push_back(
            !queries[i].father.empty() && !t.father.empty() &&
            match::NameScore(queries[i].father, t.father, mo.scoring) < kFathersDiffer);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return f;
}

Status CheckReconcileOptions(const ReconcileOptions& o) {
  if (o.list == o.against) return InvalidArgument("against must name another list than list");
  if (!(o.review_threshold > 0 && o.review_threshold <= o.match_threshold &&
        o.match_threshold <= 1)) {
    return InvalidArgument("thresholds must satisfy 0 < threshold-review <= threshold-match <= 1");
  }
  if (o.at) RETURN_IF_ERROR(CheckDay("at", *o.at));
  return Status::Ok();
}

}  // namespace

struct ExchangeSnapshot {
  Snapshot snap;
};

Result<std::shared_ptr<const ExchangeSnapshot>> LoadExchange(
    ViewDb& db, const std::optional<std::string>& at) {
  if (at) RETURN_IF_ERROR(CheckDay("at", *at));
  auto out = std::make_shared<ExchangeSnapshot>();
  ASSIGN_OR_RETURN(out->snap, Load(db, at));
  return std::shared_ptr<const ExchangeSnapshot>(std::move(out));
}

Result<Json> Reconcile(ViewDb& db, const ReconcileOptions& o) {
  RETURN_IF_ERROR(CheckReconcileOptions(o));
  ASSIGN_OR_RETURN(auto snapshot, LoadExchange(db, o.at));
  return Reconcile(*snapshot, o);
}

Result<Json> Reconcile(const ExchangeSnapshot& snapshot, const ReconcileOptions& o) {
  RETURN_IF_ERROR(CheckReconcileOptions(o));
  const Snapshot& snap = snapshot.snap;
  std::vector<const EntryRow*> side[2];
  for (const auto& [k, e] : snap.current) {
    if (e.list == o.list) side[0].push_back(&e);
    if (e.list == o.against) side[1].push_back(&e);
  }
  const std::string names[2] = {o.list, o.against};
  for (int s = 0; s < 2; ++s) {
    if (side[s].empty()) return NotFound("list \"" + names[s] + "\" has no entries");
    // In log order (of each entry's current record), so output follows the lists as submitted.
    std::sort(side[s].begin(), side[s].end(),
              [](const EntryRow* x, const EntryRow* y) { return x->idx < y->idx; });
  }
  // Entries whose name normalises to nothing to match on are reported apart rather than failing
  // the whole run (defensive: the prisoner schema already requires letters in a name).
  std::vector<match::NameEntry> ne[2];
  Json unusable = Json::array();
  for (int s = 0; s < 2; ++s) {
    std::vector<const EntryRow*> usable;
    for (const EntryRow* e : side[s]) {
      match::NameEntry n = ToNameEntry(*e);
      auto norm = match::NormalizeName(n.name);
      if (!norm.ok() || norm->tokens.empty()) {
        unusable.push_back(EntryJson(*e, n));
        continue;
      }
      for (std::string* field : {&n.father_name, &n.grandfather_name}) {
        auto f = match::NormalizeName(*field);
        if (!f.ok() || f->tokens.empty()) field->clear();
      }
      usable.push_back(e);
      ne[s].push_back(std::move(n));
    }
    side[s] = std::move(usable);
    if (side[s].empty()) {
      return FailedPrecondition("list \"" + names[s] + "\" has no entry with a name to match on");
    }
  }
  match::MatchOptions mo;
  mo.top_k = 8;
  mo.threshold = o.review_threshold;
  mo.threads = o.threads;
  mo.scoring.match_threshold = o.match_threshold;
  mo.scoring.review_threshold = o.review_threshold;
  ASSIGN_OR_RETURN(Found found, FindCandidates(ne[0], ne[1], mo));

  auto key = [](const EntryRow* e) { return KeyOf(e->list, e->entry); };
  auto decision = [&](const EntryRow* a, const EntryRow* b) -> std::optional<bool> {
    std::string ka = key(a), kb = key(b);
    if (kb < ka) std::swap(ka, kb);
    auto it = snap.decisions.find({ka, kb});
    if (it == snap.decisions.end()) return std::nullopt;
    return it->second.first;
  };
  // 1. Pairs a person resolved as the same.
  std::vector<bool> taken[2] = {std::vector<bool>(side[0].size()),
                                std::vector<bool>(side[1].size())};
  std::map<std::string, size_t> pos[2];
  for (int s = 0; s < 2; ++s) {
    for (size_t i = 0; i < side[s].size(); ++i) pos[s][key(side[s][i])] = i;
  }
  Json matched = Json::array();
  int64_t resolved_same = 0, resolved_different = 0;
  for (const auto& [pair, d] : snap.decisions) {
    for (int flip = 0; flip < 2; ++flip) {
      const std::string& ka = flip ? pair.second : pair.first;
      const std::string& kb = flip ? pair.first : pair.second;
      auto ia = pos[0].find(ka);
      auto ib = pos[1].find(kb);
      if (ia == pos[0].end() || ib == pos[1].end()) continue;
      if (!d.first) {
        ++resolved_different;
        continue;
      }
      ++resolved_same;
      taken[0][ia->second] = taken[1][ib->second] = true;
      matched.push_back({{"a", EntryJson(*side[0][ia->second], ne[0][ia->second])},
                         {"b", EntryJson(*side[1][ib->second], ne[1][ib->second])},
                         {"score", Json()},
                         {"source", "resolved"},
                         {"verification", d.second}});
    }
  }
  // 2. Automatic matches and the review queue.
  struct Proposal {
    size_t a;
    std::vector<match::Candidate> c;
    std::string reason;  // "" = auto match
  };
  std::vector<Proposal> proposals;
  std::map<uint32_t, std::vector<size_t>> claims;  // b -> proposals auto-matching it
  std::vector<size_t> unmatched_a;
  for (size_t i = 0; i < side[0].size(); ++i) {
    if (taken[0][i]) continue;
    std::vector<match::Candidate> c;
    bool best_father_differs = false;
    for (size_t k = 0; k < found.candidates[i].size(); ++k) {
      const match::Candidate& x = found.candidates[i][k];
      if (taken[1][x.index] || decision(side[0][i], side[1][x.index]) == false) continue;
      if (c.empty()) best_father_differs = found.fathers_differ[i][k];
      c.push_back(x);
    }
    if (c.empty()) {
      unmatched_a.push_back(i);
      continue;
    }
    Proposal p{i, c, ""};
    if (c[0].score < o.match_threshold) {
      p.reason = "score in the review band";
    } else if (best_father_differs) {
      p.reason = "fathers' names differ";
    } else if (c.size() > 1 && c[0].score - c[1].score < o.close_margin) {
      p.reason = "several close candidates";
    } else {
      p.c.resize(1);
      claims[c[0].index].push_back(proposals.size());
    }
    proposals.push_back(std::move(p));
  }
  for (const auto& [b, ps] : claims) {
    if (ps.size() < 2) continue;
    for (size_t pi : ps) proposals[pi].reason = "another entry matches the same candidate";
  }
  Json review = Json::array();
  std::vector<bool> seen_b(side[1].size());
  int64_t auto_matched = 0;
  for (const Proposal& p : proposals) {
    if (p.reason.empty()) {
      ++auto_matched;
      seen_b[p.c[0].index] = true;
      matched.push_back({{"a", EntryJson(*side[0][p.a], ne[0][p.a])},
                         {"b", EntryJson(*side[1][p.c[0].index], ne[1][p.c[0].index])},
                         {"score", Round(p.c[0].score)},
                         {"source", "auto"}});
      continue;
    }
    Json cj = Json::array();
    for (const match::Candidate& x : p.c) {
      if (x.score < o.review_threshold) continue;
      seen_b[x.index] = true;
      Json e = EntryJson(*side[1][x.index], ne[1][x.index]);
      e["score"] = Round(x.score);
      cj.push_back(std::move(e));
    }
    review.push_back({{"a", EntryJson(*side[0][p.a], ne[0][p.a])},
                      {"reason", p.reason},
                      {"candidates", std::move(cj)}});
  }
  Json un_a = Json::array(), un_b = Json::array();
  for (size_t i : unmatched_a) un_a.push_back(EntryJson(*side[0][i], ne[0][i]));
  for (size_t j = 0; j < side[1].size(); ++j) {
    if (!taken[1][j] && !seen_b[j]) un_b.push_back(EntryJson(*side[1][j], ne[1][j]));
  }
  // 3. Duplicates within each list: auto-match strength, or resolved as the same person.
  Json duplicates = Json::array();
  for (int s = 0; s < 2; ++s) {
    match::MatchOptions dm = mo;
    dm.top_k = 4;
    dm.threshold = o.match_threshold;
    ASSIGN_OR_RETURN(Found self_found, FindCandidates(ne[s], ne[s], dm));
    const auto& self = self_found.candidates;
    std::set<std::pair<size_t, size_t>> pairs;
    for (size_t i = 0; i < self.size(); ++i) {
      for (size_t k = 0; k < self[i].size(); ++k) {
        const match::Candidate& x = self[i][k];
        if (x.index == i || self_found.fathers_differ[i][k]) continue;
        const std::pair<size_t, size_t> pr(std::min<size_t>(i, x.index),
                                           std::max<size_t>(i, x.index));
        if (decision(side[s][pr.first], side[s][pr.second]) == false) continue;
        if (!pairs.insert(pr).second) continue;
        duplicates.push_back({{"list", names[s]},
                              {"entries", {EntryJson(*side[s][pr.first], ne[s][pr.first]),
                                           EntryJson(*side[s][pr.second], ne[s][pr.second])}},
                              {"score", Round(x.score)},
                              {"source", "auto"}});
      }
    }
    for (const auto& [pair, d] : snap.decisions) {
      auto ia = pos[s].find(pair.first), ib = pos[s].find(pair.second);
      if (!d.first || ia == pos[s].end() || ib == pos[s].end()) continue;
      const std::pair<size_t, size_t> pr(std::min(ia->second, ib->second),
                                         std::max(ia->second, ib->second));
      if (!pairs.insert(pr).second) continue;
      duplicates.push_back({{"list", names[s]},
                            {"entries", {EntryJson(*side[s][pr.first], ne[s][pr.first]),
                                         EntryJson(*side[s][pr.second], ne[s][pr.second])}},
                            {"score", Json()},
                            {"source", "resolved"},
                            {"verification", d.second}});
    }
  }
  return Json{{"list", o.list},
              {"against", o.against},
              {"at", o.at ? Json(*o.at) : Json()},
              {"thresholds",
               {{"match", o.match_threshold},
                {"review", o.review_threshold},
                {"close_margin", o.close_margin}}},
              {"counts",
               {{"list_entries", static_cast<int64_t>(side[0].size())},
                {"against_entries", static_cast<int64_t>(side[1].size())},
                {"matched_auto", auto_matched},
                {"matched_resolved", resolved_same},
                {"review", static_cast<int64_t>(review.size())},
                {"unmatched_list", static_cast<int64_t>(un_a.size())},
                {"unmatched_against", static_cast<int64_t>(un_b.size())},
                {"duplicates", static_cast<int64_t>(duplicates.size())},
                {"resolved_different", resolved_different}}},
              {"matched", std::move(matched)},
              {"review", std::move(review)},
              {"unmatched", {{"list", std::move(un_a)}, {"against", std::move(un_b)}}},
              {"duplicates", std::move(duplicates)},
              {"unusable", std::move(unusable)}};
}

bool PartyMayReadList(const ExchangeSnapshot& snapshot, const std::string& list,
                      const std::string& party) {
  bool any = false;
  for (const auto& [k, e] : snapshot.snap.current) {
    if (e.list != list) continue;
    any = true;
    if (e.party != party && e.listing_party != party && e.detaining_party != party) return false;
  }
  return any;
}

Json NextStage(const Json& schedule) {
  // The stage the next batch counts towards: of the clauses not yet met, the one with the
  // smallest release target (a staged schedule's stages are clauses with rising targets: 1,500,
  // then 2,000, 2,500, …), ties by deadline then id. Clauses without a numeric target are not
  // stages.
  const Json* best = nullptr;
  auto key = [](const Json& c) {
    return std::make_tuple(c["progress"]["target"].get<double>(),
                           c["deadline"].is_string() ? c["deadline"].get<std::string>() : "~",
                           c["id"].get<std::string>());
  };
  for (const Json& c : schedule) {
    if (c.value("status", "") == "met" || !c.contains("progress") ||
        !c["progress"].contains("target") || !c["progress"]["target"].is_number()) {
      continue;
    }
    if (best == nullptr || key(c) < key(*best)) best = &c;
  }
  if (best == nullptr) return Json();
  const Json& c = *best;
  const Json& value = c["progress"].contains("value") ? c["progress"]["value"] : Json();
  const double target = c["progress"]["target"].get<double>();
  Json needed;
  if (value.is_number_integer() && c["progress"]["target"].is_number_integer()) {
    needed = std::max<int64_t>(0, c["progress"]["target"].get<int64_t>() - value.get<int64_t>());
  } else if (value.is_number()) {
    needed = std::max(0.0, target - value.get<double>());
  }
  return {{"id", c["id"]},
          {"status", c["status"]},
          {"late", c.value("late", false)},
          {"released", value},
          {"target", c["progress"]["target"]},
          {"needed", needed},
          {"deadline", c.contains("deadline") ? c["deadline"] : Json()},
          {"deadline_rule", c.contains("deadline_rule") ? c["deadline_rule"] : Json()}};
}

void AttachReleaseSchedules(Json& status, const Json& schedules_by_list, const std::string& error) {
  if (!error.empty()) status["schedule_error"] = error;
  for (Json& l : status["lists"]) {
    const std::string list = l["list"].get<std::string>();
    l["schedule"] = schedules_by_list.contains(list) ? schedules_by_list[list] : Json::array();
    l["next_stage"] = NextStage(l["schedule"]);
  }
}

std::string StatusTable(const Json& st) {
  std::ostringstream out;
  auto row = [&out](const std::string& label, const Json& c) {
    out << label;
    for (int i = static_cast<int>(label.size()); i < 34; ++i) out << ' ';
    for (const char* f : {"demanded", "in_custody", "matched", "verified", "released",
                          "followed_up"}) {
      std::string v = std::to_string(c[f].get<int64_t>());
      out << std::string(v.size() < 12 ? 12 - v.size() : 1, ' ') << v;
    }
    out << "\n";
  };
  std::string head = "list / category / group";
  out << head << std::string(34 - head.size(), ' ');
  for (const char* f : {"demanded", "in_custody", "matched", "verified", "released",
                        "followed_up"}) {
    std::string h(f);
    out << std::string(12 - h.size(), ' ') << h;
  }
  out << "\n";
  for (const Json& l : st["lists"]) {
    row(l["list"].get<std::string>(), l);
    for (const Json& c : l["by_category"]) {
      row("  category " + (c["category"].is_null() ? std::string("(none)")
                                                    : c["category"].get<std::string>()),
          c);
    }
    for (const Json& g : l["by_group"]) row("  group " + g["group"].get<std::string>(), g);
    const Json& r = l["recidivism"];
    out << "  released people " << r["released_people"] << ", linked to an incident "
        << r["linked_to_incident"] << " (rate " << r["rate"] << "), re-arrested "
        << r["re_arrested"] << "\n";
    // The release schedule (clauses counting this list's releases), when the caller added it.
    for (const Json& c : l.value("schedule", Json::array())) {
      out << "  schedule " << c["id"].get<std::string>() << ": " << c["status"].get<std::string>()
          << (c["late"].get<bool>() ? " (late)" : "");
      const Json& p = c["progress"];
      if (!p["value"].is_null() && !p["target"].is_null()) {
        out << ", " << p["value"].dump() << " of " << p["target"].dump();
      }
      if (!c["deadline"].is_null()) out << ", deadline " << c["deadline"].get<std::string>();
      out << "\n";
    }
    if (const Json& n = l.value("next_stage", Json()); n.is_object()) {
      out << "  next stage " << n["id"].get<std::string>() << " (" << n["status"].get<std::string>()
          << (n["late"].get<bool>() ? ", late" : "") << ")";
      if (n["needed"].is_number()) out << ": " << n["needed"].dump() << " more";
      out << " to reach " << n["target"].dump();
      if (n["deadline"].is_string()) out << " (deadline " << n["deadline"].get<std::string>() << ")";
      out << "\n";
    }
  }
  out << "\nbatches (first date, last date, batch, releases, people, cumulative)\n";
  for (const Json& b : st["batches"]) {
    out << "  " << b["first_date"].get<std::string>() << "  " << b["last_date"].get<std::string>()
        << "  " << (b["batch"].is_null() ? std::string("(no batch)") : b["batch"].get<std::string>())
        << "  " << b["releases"] << "  " << b["people"] << "  " << b["cumulative"] << "\n";
  }
  return out.str();
}

std::string ReconcileTable(const Json& r) {
  std::ostringstream out;
  auto who = [](const Json& e) {
    return e["list"].get<std::string>() + "/" + e["entry"].get<std::string>() + " #" +
           std::to_string(e["prisoner"].get<int64_t>()) + " " + e["name"].get<std::string>();
  };
  const Json& c = r["counts"];
  out << "matched " << c["matched_auto"].get<int64_t>() + c["matched_resolved"].get<int64_t>()
      << " (auto " << c["matched_auto"] << ", resolved " << c["matched_resolved"] << "), review "
      << c["review"] << ", unmatched " << c["unmatched_list"] << " + " << c["unmatched_against"]
      << ", duplicates " << c["duplicates"] << ", resolved different " << c["resolved_different"]
      << "\n";
  out << "\nmatched\n";
  for (const Json& m : r["matched"]) {
    out << "  " << who(m["a"]) << "  =  " << who(m["b"]) << "  "
        << (m["score"].is_null() ? std::string("resolved") : m["score"].dump()) << "\n";
  }
  out << "\nreview\n";
  for (const Json& q : r["review"]) {
    out << "  " << who(q["a"]) << "  (" << q["reason"].get<std::string>() << ")\n";
    for (const Json& x : q["candidates"]) out << "      ? " << who(x) << "  " << x["score"] << "\n";
  }
  out << "\nunmatched\n";
  for (const char* side : {"list", "against"}) {
    for (const Json& e : r["unmatched"][side]) out << "  " << who(e) << "\n";
  }
  out << "\nduplicates\n";
  for (const Json& d : r["duplicates"]) {
    out << "  " << who(d["entries"][0]) << "  =  " << who(d["entries"][1]) << "\n";
  }
  return out.str();
}

}  // namespace jirga
