// jirga_screen_bench: how long screening one name takes (p50, p99) against the real UN 1988 list
// and against a synthetic 100,000-name list, next to a plain all-pairs Jaro-Winkler scan of the
// same list measured in the same run, plus the top-1 rate of each on the same mutated queries.
//
//   jirga_screen_bench [UN_XML]   (default: $JIRGA_SHARED_DATA or ../shared/data)
//
// Queries are the UN list's own primary names, mutated the way other romanisations differ (a
// vowel changed, a doubled letter, the family name first), so the right answer is known. The 100k
// list is the UN entries plus synthetic people built from a deterministic random generator over
// name parts; there is no real 100k list in the repository's shared data.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "base/file.h"
#include "match/jaro_winkler.h"
#include "match/normalize.h"
#include "screening/screener.h"
#include "screening/un_xml.h"

namespace {

using namespace jirga;
using namespace jirga::screening;
using Clock = std::chrono::steady_clock;

// A different romanisation of the same name: one vowel changed in the longest token, the last
// token moved to the front when there are three or more, and a letter doubled.
std::string Mutate(const std::string& name, std::mt19937& rng) {
  std::vector<std::string> tokens;
  for (size_t p = 0; p < name.size();) {
    size_t q = name.find(' ', p);
    if (q == std::string::npos) q = name.size();
    if (q > p) tokens.push_back(name.substr(p, q - p));
    p = q + 1;
  }
  if (tokens.empty()) return name;
  // "Abdul X" is one name: keep it together when reordering.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    std::string t = tokens[i];
    for (auto& ch : t) ch = static_cast<char>(std::toupper(ch));
    if (t == "ABDUL" || t == "ABDEL" || t == "ABDAL" || t == "ABD") {
      tokens[i] += " " + tokens[i + 1];
      tokens.erase(tokens.begin() + static_cast<long>(i) + 1);
    }
  }
  auto& longest = *std::max_element(tokens.begin(), tokens.end(),
                                    [](auto& a, auto& b) { return a.size() < b.size(); });
  static const char kVowels[] = "AEIOU";
  std::vector<size_t> vowels;
  for (size_t i = 1; i < longest.size(); ++i) {
    if (std::string_view("AEIOUaeiou").find(longest[i]) != std::string_view::npos)
      vowels.push_back(i);
  }
  if (!vowels.empty()) {
    size_t i = vowels[rng() % vowels.size()];
    char v = kVowels[rng() % 5];
    longest[i] = v == longest[i] ? (v == 'A' ? 'E' : 'A') : v;
  }
  // Family name first, as some lists write it (never splitting "Abdul Aziz").
  if (tokens.size() >= 3) std::rotate(tokens.begin(), tokens.end() - 1, tokens.end());
  std::string& t = tokens.back();
  if (t.size() > 3) t.insert(t.begin() + 2, t[2]);
  std::string out;
  for (auto& x : tokens) out += (out.empty() ? "" : " ") + x;
  return out;
}

// A synthetic person: 2 to 4 tokens from syllables, so the 100k names are mostly distinct and
// share common syllables with the real list.
std::string SyntheticName(std::mt19937& rng) {
  static const std::vector<std::string> kSyl = {
      "ab",  "dul", "ra",  "him",  "mo",   "ham", "mad", "gul", "zai", "khan", "nur", "ul",   "lah",
      "sha", "rif", "ka",  "rim",  "ja",   "lal", "ud",  "din", "ha",  "mid",  "sa",  "yed",  "ta",
      "lib", "ba",  "sir", "wa",   "li",   "jan", "ma",  "lik", "fa",  "rid",  "to",  "ryal", "zar",
      "ma",  "ria", "jo",  "sef",  "an",   "na",  "pe",  "ter", "son", "li",   "ang", "chen", "ko",
      "va",  "lev", "ov",  "ski",  "ni",   "ta",  "ro",  "gar", "cia", "mar",  "tin", "ez",   "fer",
      "nan", "do",  "ho",  "seok", "park", "kim", "su",  "zu",  "ki",  "ya",   "ma",  "mo",   "to"};
  int tokens = 2 + static_cast<int>(rng() % 3);
  std::string out;
  for (int t = 0; t < tokens; ++t) {
    int syl = 2 + static_cast<int>(rng() % 2);
    std::string tok;
    for (int s = 0; s < syl; ++s) tok += kSyl[rng() % kSyl.size()];
    tok[0] = static_cast<char>(std::toupper(tok[0]));
    out += (out.empty() ? "" : " ") + tok;
  }
  return out;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

struct Run {
  double p50_us = 0, p99_us = 0, top1 = 0;
};

// Times the Screener on every query; top-1 = the query's entry ranked first.
Run TimeScreener(const Screener& s, const std::vector<std::pair<std::string, size_t>>& queries) {
  // Warm-up: the first query pays for ICU's one-time set-up.
  for (auto& q : queries) (void)s.Screen(match::NameEntry{.id = "q", .name = q.first}, 5, 0.8);
  std::vector<double> us;
  size_t right = 0;
  for (auto& [q, want] : queries) {
    auto t0 = Clock::now();
    auto hits = s.Screen(match::NameEntry{.id = "q", .name = q}, 5, 0.8);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (std::getenv("SCREEN_BENCH_MISSES") && us.back() > 1000) {
      std::fprintf(stderr, "slow: %s %.0f us\n", q.c_str(), us.back());
    }
    if (hits.ok() && !hits->empty() && (*hits)[0].entry == want)
      ++right;
    else if (std::getenv("SCREEN_BENCH_MISSES")) {
      std::fprintf(stderr, "miss: %s (want %s) got %s %.3f\n", q.c_str(),
                   s.list().entries[want].names[0].text.c_str(),
                   hits.ok() && !hits->empty()
                       ? s.list().entries[(*hits)[0].entry].names[0].text.c_str()
                       : "-",
                   hits.ok() && !hits->empty() ? (*hits)[0].score : 0.0);
    }
  }
  return {Percentile(us, 0.5), Percentile(us, 0.99), double(right) / queries.size()};
}

// The peer: every name of the list compared with the query by Jaro-Winkler of the normalised,
// token-sorted strings (prepared once), best entry first.
Run TimeAllPairs(const ReferenceList& list,
                 const std::vector<std::pair<std::string, size_t>>& queries) {
  auto key = [](const std::string& name) {
    auto n = match::NormalizeName(name);
    std::vector<std::string> t;
    if (n.ok())
      for (auto& tok : n->tokens) t.push_back(tok.text);
    std::sort(t.begin(), t.end());
    std::string out;
    for (auto& x : t) out += (out.empty() ? "" : " ") + x;
    return out;
  };
  std::vector<std::pair<std::string, size_t>> keys;
  for (size_t e = 0; e < list.entries.size(); ++e) {
    for (auto& n : list.entries[e].names) keys.emplace_back(key(n.text), e);
  }
  for (auto& q : queries) (void)key(q.first);
  std::vector<double> us;
  size_t right = 0;
  for (auto& [q, want] : queries) {
    auto t0 = Clock::now();
    match::JaroWinklerPattern pat(key(q));
    double best = -1;
    size_t best_e = 0;
    for (auto& [k, e] : keys) {
      double s = pat.Compare(k);
      if (s > best) best = s, best_e = e;
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    right += best_e == want;
  }
  return {Percentile(us, 0.5), Percentile(us, 0.99), double(right) / queries.size()};
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  if (argc > 1) {
    path = argv[1];
  } else {
    const char* env = std::getenv("JIRGA_SHARED_DATA");
    path = std::string(env ? env : "../shared/data") + "/sanctions/un_1988_taliban_2020-11-30.xml";
  }
  auto raw = ReadFile(path);
  if (!raw.ok()) {
    std::fprintf(stderr, "cannot read %s: %s\n", path.c_str(), raw.status().ToString().c_str());
    return 1;
  }
  auto un = ParseUnXml(*raw);
  if (!un.ok()) {
    std::fprintf(stderr, "%s\n", un.status().ToString().c_str());
    return 1;
  }
  std::mt19937 rng(20201130);
  std::vector<std::pair<std::string, size_t>> queries;
  for (size_t e = 0; e < un->entries.size(); ++e) {
    if (un->entries[e].type != "individual") continue;
    queries.emplace_back(Mutate(un->entries[e].names[0].text, rng), e);
  }
  auto un_list = std::make_shared<const ReferenceList>(*un);
  auto t0 = Clock::now();
  auto s_un = Screener::Build(un_list);
  double build_un = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!s_un.ok()) return 1;

  ReferenceList big = *un;
  while (big.NameCount() < 100000) {
    ListEntry e;
    e.reference = e.id = "SYN." + std::to_string(big.entries.size());
    e.type = "individual";
    e.names.push_back({SyntheticName(rng), NameKind::kPrimary});
    big.entries.push_back(std::move(e));
  }
  auto big_list = std::make_shared<const ReferenceList>(std::move(big));
  t0 = Clock::now();
  auto s_big = Screener::Build(big_list);
  double build_big = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!s_big.ok()) return 1;

  Run a = TimeScreener(*s_un, queries), b = TimeAllPairs(*un_list, queries);
  Run c = TimeScreener(*s_big, queries), d = TimeAllPairs(*big_list, queries);
  std::printf("| list | names | method | p50 µs/query | p99 µs/query | top-1 |\n");
  std::printf("|---|---:|---|---:|---:|---:|\n");
  auto row = [](const char* list, size_t names, const char* method, const Run& r) {
    std::printf("| %s | %zu | %s | %.1f | %.1f | %.1f%% |\n", list, names, method, r.p50_us,
                r.p99_us, 100 * r.top1);
  };
  row("UN 1988", s_un->indexed_names(), "jirga screen (Screener)", a);
  row("UN 1988", s_un->indexed_names(), "all-pairs token-sorted Jaro-Winkler", b);
  row("UN + synthetic", s_big->indexed_names(), "jirga screen (Screener)", c);
  row("UN + synthetic", s_big->indexed_names(), "all-pairs token-sorted Jaro-Winkler", d);
  std::printf("\nqueries: %zu mutated UN individual names; index build: UN %.1f ms, 100k %.0f ms\n",
              queries.size(), build_un, build_big);
  return 0;
}
