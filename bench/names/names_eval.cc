// jirga_names_eval: the honest evaluation and the benchmark of the name-matching library
// (src/match/), with the baselines measured in the same run. Prints Markdown.
//
//   jirga_names_eval [--data DIR] [--split dev|test|both] [--distractors N] [--skip-perf]
//
// Data: DIR/names/ar2en-train.txt (arabic<TAB>latin) and DIR/sanctions/*.xml (the UN list).
// Everything random is drawn from fixed seeds, so two runs print the same accuracy figures.
// The dev/test split (by person for the sanctions list, by Arabic word for ar2en) is fixed by
// seed; rules and thresholds were tuned on dev only, and test is reported as well. --fresh N
// adds N more draws of the calibrated task, pooled, with seeds from --fresh-from (default 1001)
// (docs/name-matching.md §4).
#include <sys/utsname.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "match/jaro_winkler.h"
#include "match/name_index.h"
#include "match/normalize.h"
#include "names/name_lists.h"

namespace jirga::bench::names {
namespace {

using match::Candidate;
using match::NameEntry;
using match::NameIndex;

constexpr uint32_t kSplitSeed = 20201130;

// CPU seconds used by this process so far (all threads): on a shared machine the wall clock
// also counts other processes' time, CPU time does not.
double Cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& w : v) out += (out.empty() ? "" : " ") + w;
  return out;
}

// ---- Data --------------------------------------------------------------------------------

struct Ar2En {
  std::map<std::string, std::set<std::string>> latin_of;  // arabic → latin spellings
};

Ar2En LoadAr2En(const std::string& path) {
  Ar2En d;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string ar = line.substr(0, tab), la = line.substr(tab + 1);
    while (!la.empty() && (la.back() == '\r' || la.back() == ' ')) la.pop_back();
    if (!ar.empty() && !la.empty()) d.latin_of[ar].insert(la);
  }
  return d;
}

struct Person {
  std::string ref;                  // REFERENCE_NUMBER
  std::vector<std::string> latin;   // primary name first, then good aliases
  std::string original;             // NAME_ORIGINAL_SCRIPT, may be empty
};

std::string Tag(const std::string& block, const std::string& tag, size_t* from = nullptr) {
  size_t start = from ? *from : 0;
  size_t a = block.find("<" + tag + ">", start);
  if (a == std::string::npos) {
    if (from) *from = std::string::npos;
    return "";
  }
  a += tag.size() + 2;
  size_t b = block.find("</" + tag + ">", a);
  if (from) *from = b;
  std::string v = block.substr(a, b - a);
  for (char& c : v) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // aliases have line breaks inside
  }
  return Join(Split(v));
}

// Minimal reading of the UN list: individuals' names, good aliases and original script.
std::vector<Person> LoadUn(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string xml = ss.str();
  std::vector<Person> out;
  for (size_t p = 0; (p = xml.find("<INDIVIDUAL>", p)) != std::string::npos;) {
    size_t e = xml.find("</INDIVIDUAL>", p);
    std::string block = xml.substr(p, e - p);
    p = e;
    Person person;
    person.ref = Tag(block, "REFERENCE_NUMBER");
    std::vector<std::string> parts;
    for (const char* t : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
      std::string v = Tag(block, t);
      if (!v.empty()) parts.push_back(v);
    }
    person.latin.push_back(Join(parts));
    person.original = Tag(block, "NAME_ORIGINAL_SCRIPT");
    for (size_t a = 0; (a = block.find("<INDIVIDUAL_ALIAS>", a)) != std::string::npos; ++a) {
      size_t ae = block.find("</INDIVIDUAL_ALIAS>", a);
      std::string alias_block = block.substr(a, ae - a);
      std::string quality = Tag(alias_block, "QUALITY");
      std::string name = Tag(alias_block, "ALIAS_NAME");
      if (!name.empty() && quality != "Low") person.latin.push_back(name);
    }
    out.push_back(std::move(person));
  }
  return out;
}

// ---- Mutations -----------------------------------------------------------------------------

// How a screening task's queries are mutated. Weights, in order: transliteration variant,
// particles glued or split, reordered or "LAST, First", one of four or more names dropped,
// title added or removed, typo.
struct MutationMix {
  double two = 0.3;                          // chance of a second, different mutation
  std::array<double, 6> weights = {30, 15, 15, 10, 15, 15};
  bool typo_single_words = true;             // a typo may hit a one-word name
  double arabic_share = 0.15;                // chance the base is the original script, if any
  double arabic_as_written = 0.4;            // Arabic-script base: as written, reordered, dropped
  double arabic_reorder = 0.3;

  // The first, hard task (top-1 of the token-sorted Jaro-Winkler baseline: 87%).
  static MutationMix Hard() { return {}; }
  // The calibrated task: milder, chosen on dev only so that the token-sorted Jaro-Winkler
  // baseline's dev top-1 is close to the issue's 99.3% (docs/name-matching.md §4).
  static MutationMix Calibrated() {
    MutationMix m;
    m.two = 0.0;
    m.weights = {5, 5, 70, 0, 0, 20};
    m.typo_single_words = false;
    m.arabic_share = 0.15;
    m.arabic_as_written = 0.4;
    m.arabic_reorder = 0.6;
    return m;
  }
  // "two=0.1,w=30:15:15:0:15:15,typo1=0,arabic=0.15,as_written=0.4,reorder=0.6" over `base`;
  // false on a malformed spec.
  static bool Parse(const std::string& spec, MutationMix* m) {
    std::istringstream in(spec);
    for (std::string kv; std::getline(in, kv, ',');) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos) return false;
      std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
      try {
        if (k == "w") {
          std::istringstream ws(v);
          size_t i = 0;
          for (std::string x; std::getline(ws, x, ':');) {
            if (i >= 6) return false;
            m->weights[i++] = std::stod(x);
          }
          if (i != 6) return false;
        } else if (k == "two") {
          m->two = std::stod(v);
        } else if (k == "typo1") {
          m->typo_single_words = v == "1";
        } else if (k == "arabic") {
          m->arabic_share = std::stod(v);
        } else if (k == "as_written") {
          m->arabic_as_written = std::stod(v);
        } else if (k == "reorder") {
          m->arabic_reorder = std::stod(v);
        } else {
          return false;
        }
      } catch (const std::exception&) {
        return false;
      }
    }
    return true;
  }
};

struct Mutator {
  std::mt19937 rng;
  explicit Mutator(uint32_t seed) : rng(seed) {}
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

  // Spelling variants as different lists write them.
  std::string Transliterate(std::string s) {
    static const std::vector<std::pair<std::string, std::string>> kRules = {
        {"mohammad", "muhammad"}, {"mohammad", "mohammed"}, {"muhammad", "mohamed"},
        {"mohammed", "muhammad"}, {"ahmad", "ahmed"},       {"ahmed", "ahmad"},
        {"abdul", "abdel"},       {"ullah", "ulla"},        {"ullah", "allah"},
        {"oo", "u"},              {"u", "oo"},              {"ee", "i"},
        {"i", "ee"},              {"ou", "u"},              {"q", "k"},
        {"k", "q"},               {"a", "e"},               {"e", "a"},
        {"o", "u"},               {"u", "o"},               {"i", "y"},
        {"y", "i"},               {"gh", "g"},              {"tt", "t"},
        {"s", "ss"},              {"ss", "s"},              {"z", "dh"},
        {"rr", "r"},              {"mm", "m"},              {"ie", "i"}};
    std::string low = Lower(s);
    for (int attempt = 0; attempt < 10; ++attempt) {
      const auto& [from, to] = kRules[Pick(kRules.size())];
      size_t at = low.find(from);
      if (at == std::string::npos) continue;
      // A later occurrence sometimes.
      for (size_t next; Chance(0.4) && (next = low.find(from, at + 1)) != std::string::npos;) at = next;
      return low.substr(0, at) + to + low.substr(at + from.size());
    }
    return low;
  }

  std::string GlueOrSplit(const std::string& s) {
    std::string low = Lower(s);
    std::vector<std::string> w = Split(low);
    for (size_t i = 0; i + 1 < w.size(); ++i) {
      if (w[i] == "abdul" || w[i] == "abd" || w[i] == "gul" || w[i] == "noor" ||
          w[i] == "nazar" || w[i] == "sher" || w[i] == "shams" || w[i] == "zia") {
        if (Chance(0.7)) {
          w[i] += w[i + 1];
          w.erase(w.begin() + static_cast<long>(i) + 1);
          return Join(w);
        }
      }
    }
    for (auto& t : w) {
      for (const char* suffix : {"ullah", "uddin", "urrahman", "ulhaq"}) {
        size_t n = std::string_view(suffix).size();
        if (t.size() > n + 2 && t.compare(t.size() - n, n, suffix) == 0) {
          std::string stem = t.substr(0, t.size() - n);
          std::string sfx = suffix;
          if (sfx == "uddin") sfx = "ud din";
          if (sfx == "urrahman") sfx = "ur rahman";
          if (sfx == "ulhaq") sfx = "ul haq";
          t = stem + " " + sfx;
          return Join(w);
        }
      }
      if (t.size() > 7 && t.compare(0, 5, "abdul") == 0) {
        t = "abdul " + t.substr(5);
        return Join(w);
      }
    }
    return low;
  }

  // Words, with Abd-/Abdul and Arabic عبد kept with the word after them and ud/ul/ur with the
  // words around them: lists reorder and drop whole names, not halves of "Abdul Ghani".
  static std::vector<std::string> Units(const std::string& s) {
    std::vector<std::string> w = Split(s), out;
    for (size_t i = 0; i < w.size(); ++i) {
      std::string low = Lower(w[i]);
      bool joins_next = low == "abdul" || low == "abd" || low == "abdel" || low == "عبد" ||
                        low == "al" || low == "el" || low == "bin" || low == "ibn";
      bool joins_prev = low == "ud" || low == "ul" || low == "ur" || low == "u" || low == "din" ||
                        low == "ullah" || low == "الله" || low == "الدين" || low == "الدین" ||
                        low == "الرحمن" || low == "الرحمان" || low == "الحق";
      if (joins_prev && !out.empty()) {
        out.back() += " " + w[i];
        if ((low == "ud" || low == "ul" || low == "ur" || low == "u") && i + 1 < w.size()) {
          out.back() += " " + w[++i];
        }
      } else if (joins_next && i + 1 < w.size()) {
        out.push_back(w[i] + " " + w[i + 1]);
        ++i;
      } else {
        out.push_back(w[i]);
      }
    }
    return out;
  }

  std::string Reorder(const std::string& s) {
    std::vector<std::string> w = Units(s);
    if (w.size() < 2) return s;
    if (Chance(0.5)) {  // LAST, First
      std::string last = w.back();
      w.pop_back();
      return last + ", " + Join(w);
    }
    std::rotate(w.begin(), w.begin() + 1, w.end());
    return Join(w);
  }

  // Drops one name of four or more: what is left (three names) still identifies someone, while
  // two common names ("Mohammad Ibrahim") are a namesake search rather than an identification.
  std::string DropToken(const std::string& s) {
    std::vector<std::string> w = Units(s);
    if (w.size() < 4) return s;
    w.erase(w.begin() + static_cast<long>(Pick(w.size())));
    return Join(w);
  }

  std::string Title(const std::string& s) {
    std::vector<std::string> w = Split(s);
    for (size_t i = 0; i < w.size(); ++i) {
      std::string low = Lower(w[i]);
      for (auto t : kTitles) {
        if (low == Lower(std::string(t)) && w.size() > 2) {
          w.erase(w.begin() + static_cast<long>(i));
          return Join(w);
        }
      }
    }
    return std::string(kTitles[Pick(kTitles.size())]) + " " + s;
  }

  std::string Typo(const std::string& s) {
    std::vector<std::string> w = Split(s);
    std::vector<size_t> long_words;
    for (size_t i = 0; i < w.size(); ++i) {
      bool ascii = std::all_of(w[i].begin(), w[i].end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (w[i].size() >= 5 && ascii) long_words.push_back(i);
    }
    if (long_words.empty()) return s;
    std::string& t = w[long_words[Pick(long_words.size())]];
    size_t at = 1 + Pick(t.size() - 1);
    static const char kLetters[] = "abdefghiklmnorstuz";
    switch (Pick(4)) {
      case 0: t[at] = kLetters[Pick(sizeof kLetters - 1)]; break;
      case 1: t.erase(at, 1); break;
      case 2: t.insert(at, 1, kLetters[Pick(sizeof kLetters - 1)]); break;
      default:
        if (at + 1 < t.size()) std::swap(t[at], t[at + 1]);
        break;
    }
    return Join(w);
  }

  // One mutation (two with probability mix.two) of a Latin name, drawn with the mix's weights;
  // an Arabic-script name is used as written, reordered or with one word dropped. The hard mix
  // draws from the generator exactly as the first version of this evaluation did.
  std::string Mutate(const std::string& base, bool arabic, const MutationMix& mix) {
    std::string s = base;
    if (arabic) {
      double r = std::uniform_real_distribution<double>(0, 1)(rng);
      return r < mix.arabic_as_written ? s
             : r < mix.arabic_as_written + mix.arabic_reorder ? Reorder(s)
                                                               : DropToken(s);
    }
    size_t n = Chance(mix.two) ? 2 : 1;
    std::discrete_distribution<int> op(mix.weights.begin(), mix.weights.end());
    std::vector<int> ops;
    while (ops.size() < n) {
      int o = op(rng);
      if (std::find(ops.begin(), ops.end(), o) == ops.end()) ops.push_back(o);
    }
    for (size_t k = 0; k < n; ++k) {
      switch (ops[k]) {
        case 0: s = Transliterate(s); break;
        case 1: s = GlueOrSplit(s); break;
        case 2: s = Reorder(s); break;
        case 3: s = DropToken(s); break;
        case 4: s = Title(s); break;
        case 5:
          if (mix.typo_single_words || Split(s).size() > 1) s = Typo(s);
          break;
      }
    }
    return s;
  }
  std::string Mutate(const std::string& base, bool arabic) {
    return Mutate(base, arabic, MutationMix::Hard());
  }
};

// ---- Distractor population -----------------------------------------------------------------

std::vector<std::string> Population(size_t n, const Ar2En& ar2en, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&rng](const auto& v) -> std::string {
    return std::string(v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)]);
  };
  auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  std::vector<std::string> ar2en_latin, ar2en_arabic;
  for (const auto& [ar, las] : ar2en.latin_of) {
    ar2en_arabic.push_back(ar);
    for (const auto& la : las) {
      std::string t = la;
      t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
      ar2en_latin.push_back(t);
    }
  }
  std::vector<std::string> out;
  std::set<std::string> seen;  // each distractor once
  out.reserve(n);
  while (out.size() < n) {
    double r = std::uniform_real_distribution<double>(0, 1)(rng);
    std::string name;
    if (r < 0.40) {  // Afghan: [title] given [given] [family]
      if (chance(0.15)) name += pick(kTitles) + " ";
      std::string given = pick(kAfghanGiven);
      if (chance(0.2) && given.find("Mohammad") == std::string::npos) name += "Mohammad ";
      name += given;
      if (chance(0.35)) name += " " + pick(kAfghanGiven);
      if (chance(0.6)) name += " " + pick(kAfghanFamily);
    } else if (r < 0.52) {  // Arab: given father [family]
      name = pick(kArabGiven) + " " + pick(kArabGiven);
      if (chance(0.7)) name += " " + (chance(0.5) ? pick(kArabFamily) : pick(ar2en_latin));
    } else if (r < 0.57) {  // Arabic script
      name = pick(ar2en_arabic) + " " + pick(ar2en_arabic);
      if (chance(0.4)) name += " " + pick(ar2en_arabic);
    } else if (r < 0.80) {  // other cultures, their own lists
      const Culture& c = kOtherCultures[std::uniform_int_distribution<size_t>(
          0, kOtherCultures.size() - 1)(rng)];
      name = pick(c.given) + (chance(0.3) ? " " + pick(c.given) : "") + " " + pick(c.family);
    } else {  // many cultures, from the ar2en Latin side
      name = pick(ar2en_latin) + " " + pick(ar2en_latin);
      if (chance(0.3)) name += " " + pick(ar2en_latin);
    }
    if (seen.insert(name).second) out.push_back(name);
  }
  return out;
}

// ---- Baselines -----------------------------------------------------------------------------

class IcuLatin {
 public:
  IcuLatin() {
    UErrorCode status = U_ZERO_ERROR;
    t_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD,
                                                 status));
  }
  // ICU Any-Latin; Latin-ASCII, lower case, letters and spaces only.
  std::string operator()(const std::string& s) const {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    t_->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    std::string clean;
    for (char c : out) {
      unsigned char uc = static_cast<unsigned char>(c);
      if (std::isalpha(uc) && uc < 0x80) {
        clean.push_back(static_cast<char>(std::tolower(uc)));
      } else if (c == ' ' || c == '-' || c == ',') {
        clean.push_back(' ');
      }
    }
    return clean;
  }

 private:
  std::unique_ptr<icu::Transliterator> t_;
};

std::string TokenSorted(const std::string& latin) {
  std::vector<std::string> w = Split(latin);
  std::sort(w.begin(), w.end());
  return Join(w);
}

// The plain consonant skeleton of the ICU baseline: letters only, vowels dropped, runs merged.
std::string PlainSkeleton(const std::string& latin) {
  std::string out;
  for (char c : latin) {
    if (c == ' ' || c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') continue;
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// Runs f(i) for i in [0, n) on `threads` threads.
template <typename F>
void ParallelFor(size_t n, unsigned threads, F f) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) f(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// ---- The tasks -----------------------------------------------------------------------------

struct Options {
  std::string data;
  std::string split = "both";
  size_t distractors = 100000;
  bool perf = true;
  unsigned threads = 2;
  std::string task = "both";                           // screening task(s) to run
  MutationMix calibrated = MutationMix::Calibrated();  // --mix changes it (calibration runs)
  bool screening_only = false;                         // skip Arabic script → Latin
  size_t fresh = 0;  // extra draws of the calibrated task with seeds not used before (--fresh)
  uint32_t fresh_from = 1001;  // their first seed (--fresh-from)
};

// Arabic-script → Latin for the same person. The split's Arabic words are shuffled (fixed seed)
// and grouped three by three into people (given name, father's name, family name); each
// person's Arabic-script name is looked up among all the split's people's Latin names.
// `words_per_person` 1 gives the single-word variant (each word among all Latin spellings).
void ArabicToLatin(const Ar2En& all, const std::string& split, size_t words_per_person,
                   const Options& opts) {
  std::vector<std::string> arabic;
  for (const auto& [ar, _] : all.latin_of) arabic.push_back(ar);
  std::mt19937 rng(kSplitSeed);
  std::shuffle(arabic.begin(), arabic.end(), rng);
  size_t half = arabic.size() / 2;
  std::vector<std::string> mine(split == "dev" ? arabic.begin() : arabic.begin() + static_cast<long>(half),
                                split == "dev" ? arabic.begin() + static_cast<long>(half) : arabic.end());
  std::mt19937 group_rng(kSplitSeed + 1);
  std::shuffle(mine.begin(), mine.end(), group_rng);
  std::vector<std::string> queries;
  std::vector<std::set<std::string>> gold;  // Latin names that count as right
  std::map<std::string, uint32_t> latin_id;
  std::vector<NameEntry> entries;
  for (size_t i = 0; i + words_per_person <= mine.size(); i += words_per_person) {
    std::vector<std::string> ar, la;
    std::set<std::string> ok;
    for (size_t k = 0; k < words_per_person; ++k) {
      ar.push_back(mine[i + k]);
      const auto& spellings = all.latin_of.at(mine[i + k]);
      la.push_back(*spellings.begin());
      if (words_per_person == 1) ok = spellings;
    }
    std::string latin = Join(la);
    if (words_per_person > 1) ok.insert(latin);
    queries.push_back(Join(ar));
    gold.push_back(ok);
    for (const auto& l : ok) {
      if (latin_id.emplace(l, static_cast<uint32_t>(entries.size())).second) {
        entries.push_back({"l" + std::to_string(entries.size()), l});
      }
    }
  }
  auto index = NameIndex::Build(entries);
  if (!index.ok()) {
    std::printf("index build failed: %s\n", index.status().ToString().c_str());
    return;
  }
  std::atomic<size_t> ours{0}, base{0};
  IcuLatin icu;
  std::vector<std::string> latin_skel;
  for (const auto& e : entries) latin_skel.push_back(PlainSkeleton(Lower(e.name)));
  std::vector<std::string> query_skel;
  for (const auto& q : queries) query_skel.push_back(PlainSkeleton(icu(q)));
  std::vector<std::string> misses;
  std::mutex mu;
  ParallelFor(queries.size(), opts.threads, [&](size_t i) {
    auto found = index->Query({"q", queries[i]}, 1, 0.0);
    if (found.ok() && !found->empty() && gold[i].count(entries[(*found)[0].index].name)) {
      ++ours;
    } else {
      std::lock_guard<std::mutex> lock(mu);
      misses.push_back(queries[i] + " → " +
                       (found.ok() && !found->empty() ? entries[(*found)[0].index].name : "-") +
                       " (right: " + *gold[i].begin() + ")");
    }
    match::JaroWinklerPattern p(query_skel[i]);
    double best = -1;
    size_t best_j = 0;
    for (size_t j = 0; j < entries.size(); ++j) {
      double s = p.Compare(latin_skel[j]);
      if (s > best) best = s, best_j = j;
    }
    if (gold[i].count(entries[best_j].name)) ++base;
  });
  double n = static_cast<double>(queries.size());
  std::printf("| Arabic script → Latin, %s: %zu %s among %zu Latin names | **%.2f%%** | %.2f%% "
              "(ICU Any-Latin + consonant skeleton without spaces, all pairs) |\n",
              split.c_str(), queries.size(),
              words_per_person == 1 ? "single Arabic words (names of many cultures)"
                                    : "three-word Arabic-script names",
              entries.size(), 100.0 * ours / n, 100.0 * base / n);
  std::sort(misses.begin(), misses.end());
  for (size_t i = 0; i < misses.size() && i < 40; ++i) {
    std::fprintf(stderr, "  ar2en miss (%s, %zu words): %s\n", split.c_str(), words_per_person,
                 misses[i].c_str());
  }
}

struct Screening {
  std::vector<NameEntry> entries;    // sanctions names (all persons) then distractors
  std::vector<int> person_of;        // entry → person, -1 for distractors
  std::vector<std::string> sorted;   // baseline form of each entry
  size_t sanction_entries = 0;
};

Screening BuildScreening(const std::vector<Person>& people, const Ar2En& ar2en,
                         const Options& opts, const IcuLatin& icu) {
  Screening s;
  std::set<std::string> sanction_keys;
  auto key_of = [](const std::string& name) {
    auto n = match::NormalizeName(name);
    std::vector<std::string> t;
    if (n.ok()) {
      for (const auto& tok : n->tokens) {
        if (!tok.title) t.push_back(tok.skeleton);
      }
    }
    std::sort(t.begin(), t.end());
    return Join(t);
  };
  for (size_t p = 0; p < people.size(); ++p) {
    std::vector<std::string> names = people[p].latin;
    if (!people[p].original.empty()) names.push_back(people[p].original);
    for (const auto& n : names) {
      s.entries.push_back({"s" + std::to_string(s.entries.size()), n});
      s.person_of.push_back(static_cast<int>(p));
      sanction_keys.insert(key_of(n));
    }
  }
  s.sanction_entries = s.entries.size();
  size_t skipped = 0;
  for (const auto& n : Population(opts.distractors + opts.distractors / 20, ar2en, 4242)) {
    if (s.entries.size() - s.sanction_entries >= opts.distractors) break;
    // A distractor spelled like a listed name (same skeletons, titles aside) would be that name,
    // not a distractor.
    if (sanction_keys.count(key_of(n))) {
      ++skipped;
      continue;
    }
    s.entries.push_back({"d" + std::to_string(s.entries.size()), n});
    s.person_of.push_back(-1);
  }
  for (const auto& e : s.entries) s.sorted.push_back(TokenSorted(icu(e.name)));
  std::fprintf(stderr, "screening index: %zu sanctions names, %zu distractors (%zu dropped as "
               "exact namesakes)\n", s.sanction_entries, s.entries.size() - s.sanction_entries,
               skipped);
  return s;
}

struct Query {
  std::string name;
  int person;
};

std::vector<Query> ScreeningQueries(const std::vector<Person>& people, const std::string& split,
                                    size_t per_person, const MutationMix& mix, uint32_t seed) {
  std::vector<size_t> order(people.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(kSplitSeed);
  std::shuffle(order.begin(), order.end(), rng);
  size_t half = order.size() / 2;
  std::vector<size_t> mine(split == "dev" ? order.begin() : order.begin() + static_cast<long>(half),
                           split == "dev" ? order.begin() + static_cast<long>(half) : order.end());
  std::sort(mine.begin(), mine.end());
  Mutator m(split == "dev" ? seed : 2 * seed);
  std::vector<Query> out;
  for (size_t p : mine) {
    const Person& person = people[p];
    for (size_t k = 0; k < per_person; ++k) {
      bool arabic = !person.original.empty() && m.Chance(mix.arabic_share);
      std::string base = arabic ? person.original
                                : (m.Chance(0.5) || person.latin.size() == 1
                                       ? person.latin[0]
                                       : person.latin[1 + m.Pick(person.latin.size() - 1)]);
      out.push_back({m.Mutate(base, arabic, mix), static_cast<int>(p)});
    }
  }
  return out;
}

struct ScreeningResult {
  double top1 = 0, recall = 0, false_hits = 0, precision = 0;
  double base_top1 = 0, base_false_hits = 0;
  // The right person scored as high as the first (first, or tied with another and listed later).
  double top1_tied = 0, base_top1_tied = 0;
  double pair_ns = 0;        // all-pairs baseline: ns per Jaro-Winkler pair
  double all_pairs_s = 0;    // all-pairs baseline: wall time for all queries
  double ours_s = 0;         // ours: wall time for all queries (threads)
  double ours_cpu = 0;       // ours: CPU time for all queries
  double all_pairs_cpu = 0;  // all-pairs baseline: CPU time
  std::vector<double> latency_us;  // ours, one thread, per query
};

ScreeningResult RunScreening(const Screening& s, const NameIndex& index,
                             const std::vector<Query>& queries, const Options& opts,
                             const IcuLatin& icu, bool verbose, const std::string& split) {
  ScreeningResult r;
  size_t n = queries.size();
  std::vector<std::vector<Candidate>> found(n);
  double t0 = Now(), c0 = Cpu();
  ParallelFor(n, opts.threads, [&](size_t i) {
    auto f = index.Query({"q", queries[i].name}, 10, 0.0);
    if (f.ok()) found[i] = std::move(*f);
  });
  r.ours_s = Now() - t0;
  r.ours_cpu = Cpu() - c0;
  // Top-1 is the ranking (is the right person first?); hits are the candidates at or above the
  // review threshold (what a screener would be shown).
  size_t top1 = 0, recalled = 0, false_hits = 0, true_hits = 0, tied = 0;
  double review = index.config().review_threshold;
  for (size_t i = 0; i < n; ++i) {
    bool hit = false;
    for (const Candidate& c : found[i]) {
      if (c.score < found[i][0].score) break;
      if (s.person_of[c.index] == queries[i].person) {
        ++tied;
        break;
      }
    }
    for (size_t k = 0; k < found[i].size(); ++k) {
      bool right = s.person_of[found[i][k].index] == queries[i].person;
      if (k == 0 && right) ++top1;
      if (found[i][k].score < review) continue;
      if (right) {
        hit = true;
        ++true_hits;
      } else {
        ++false_hits;
        if (verbose) {
          std::fprintf(stderr, "  false hit (%s): \"%s\" ~ %s (%.3f)\n", split.c_str(),
                       queries[i].name.c_str(), s.entries[found[i][k].index].name.c_str(),
                       found[i][k].score);
        }
      }
    }
    if (hit) ++recalled;
    if (verbose && (found[i].empty() || s.person_of[found[i][0].index] != queries[i].person)) {
      // Where the right person came, if among the ten scored best ("-" if not: not retrieved
      // as a candidate, or below ten others).
      std::string rank = "-";
      for (size_t k = 0; k < found[i].size(); ++k) {
        if (s.person_of[found[i][k].index] == queries[i].person) {
          char b[48];
          std::snprintf(b, sizeof b, "%zu at %.3f", k + 1, found[i][k].score);
          rank = b;
          break;
        }
      }
      std::fprintf(stderr, "  miss (%s, right person: %s): \"%s\" → %s (%.3f); listed: %s\n",
                   split.c_str(), rank.c_str(),
                   queries[i].name.c_str(),
                   found[i].empty() ? "-" : s.entries[found[i][0].index].name.c_str(),
                   found[i].empty() ? 0.0 : found[i][0].score,
                   s.entries[static_cast<size_t>(std::find(s.person_of.begin(), s.person_of.end(),
                                                           queries[i].person) -
                                                 s.person_of.begin())]
                       .name.c_str());
    }
  }
  if (verbose) {
    std::fprintf(stderr, "threshold sweep (%s): threshold recall false-hits/query\n", split.c_str());
    for (double t = 0.80; t < 0.971; t += 0.01) {
      size_t rec = 0, fh = 0;
      for (size_t i = 0; i < n; ++i) {
        bool h = false;
        for (const auto& c : found[i]) {
          if (c.score < t) continue;
          if (s.person_of[c.index] == queries[i].person) {
            h = true;
          } else {
            ++fh;
          }
        }
        rec += h;
      }
      std::fprintf(stderr, "  %.2f %.4f %.3f\n", t, static_cast<double>(rec) / n,
                   static_cast<double>(fh) / n);
    }
  }
  r.top1 = static_cast<double>(top1) / n;
  r.top1_tied = static_cast<double>(tied) / n;
  r.recall = static_cast<double>(recalled) / n;
  r.false_hits = static_cast<double>(false_hits) / n;
  r.precision = true_hits + false_hits == 0 ? 1.0 : static_cast<double>(true_hits) / (true_hits + false_hits);

  // One query at a time on one thread: the latency of screening one name.
  for (size_t i = 0; i < n; ++i) {
    timespec a{}, b{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    auto f = index.Query({"q", queries[i].name}, 10, index.config().review_threshold);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    r.latency_us.push_back(static_cast<double>(b.tv_sec - a.tv_sec) * 1e6 +
                           static_cast<double>(b.tv_nsec - a.tv_nsec) * 1e-3);
  }
  std::sort(r.latency_us.begin(), r.latency_us.end());

  // Baseline: token-sorted Jaro-Winkler against every entry (all pairs).
  std::vector<std::string> qs;
  for (const auto& q : queries) qs.push_back(TokenSorted(icu(q.name)));
  std::atomic<size_t> base_top1{0}, base_false{0}, base_tied{0};
  t0 = Now();
  c0 = Cpu();
  ParallelFor(n, opts.threads, [&](size_t i) {
    match::JaroWinklerPattern p(qs[i]);
    double best = -1, best_right = -1;
    size_t best_j = 0, fh = 0;
    for (size_t j = 0; j < s.sorted.size(); ++j) {
      double sc = p.Compare(s.sorted[j]);
      if (sc > best) best = sc, best_j = j;
      if (s.person_of[j] == queries[i].person) best_right = std::max(best_right, sc);
      if (sc >= 0.9 && s.person_of[j] != queries[i].person) ++fh;
    }
    if (s.person_of[best_j] == queries[i].person) ++base_top1;
    if (best_right == best) ++base_tied;
    base_false += fh;
  });
  r.all_pairs_s = Now() - t0;
  r.all_pairs_cpu = Cpu() - c0;
  r.pair_ns = r.all_pairs_cpu * 1e9 / (static_cast<double>(n) * s.sorted.size());
  r.base_top1 = static_cast<double>(base_top1) / n;
  r.base_top1_tied = static_cast<double>(base_tied) / n;
  r.base_false_hits = static_cast<double>(base_false) / n;
  return r;
}

// ---- Reconciliation benchmark ----------------------------------------------------------------

void Reconciliation(const Options& opts) {
  std::mt19937 rng(777);
  auto pick = [&rng](const auto& v) -> std::string {
    return std::string(v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)]);
  };
  auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const size_t n = 5000;
  std::vector<NameEntry> left, right;
  Mutator m(778);
  for (size_t i = 0; i < n; ++i) {
    NameEntry e;
    e.id = "L" + std::to_string(i);
    if (i % 20 == 19) {
      e.name = left[i - 1].name;  // a namesake with another father
    } else {
      e.name = (chance(0.2) ? "Mohammad " : "") + pick(kAfghanGiven) + " " + pick(kAfghanFamily);
    }
    e.father_name = pick(kAfghanGiven);
    e.province = pick(kProvinces);
    left.push_back(e);
    NameEntry r = e;
    r.id = "R" + std::to_string(i);
    r.name = m.Mutate(e.name, false);
    if (chance(0.3)) r.father_name = m.Transliterate(r.father_name);
    if (chance(0.1)) r.father_name.clear();
    if (chance(0.1)) r.province.clear();
    right.push_back(r);
  }
  std::vector<size_t> perm(n);
  for (size_t i = 0; i < n; ++i) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<NameEntry> shuffled;
  for (size_t i : perm) shuffled.push_back(right[i]);
  match::MatchOptions options;
  options.threads = opts.threads;
  options.top_k = 3;
  double best = 1e9, best_cpu = 1e9;
  std::vector<std::vector<Candidate>> found;
  for (int rep = 0; rep < 3; ++rep) {
    double t0 = Now(), c0 = Cpu();
    auto f = match::MatchLists(left, shuffled, options);
    best = std::min(best, Now() - t0);
    best_cpu = std::min(best_cpu, Cpu() - c0);
    if (rep == 0) found = std::move(*f);
  }
  size_t top1 = 0, matched = 0, matched_right = 0;
  for (size_t i = 0; i < n; ++i) {
    if (found[i].empty()) continue;
    bool right_one = shuffled[found[i][0].index].id == "R" + std::to_string(i);
    if (right_one) ++top1;
    if (found[i][0].decision == match::Decision::kMatch) {
      ++matched;
      if (right_one) ++matched_right;
    }
  }
  std::printf("| 5,000 × 5,000 reconciliation (names + father + province), %u threads, "
              "index build included | **%.3f s** CPU ÷ %u = %.3f s (%.3f s wall) | < 1 s | top-1 "
              "right %.2f%%; decision match: precision %.2f%%, recall %.2f%% |\n",
              opts.threads, best_cpu, opts.threads, best_cpu / opts.threads, best,
              100.0 * top1 / n, 100.0 * matched_right / std::max<size_t>(1, matched),
              100.0 * matched_right / n);
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

int Main(int argc, char** argv) {
  Options opts;
  opts.data = std::string(JIRGA_SOURCE_DIR) + "/../shared/data";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "missing value for %s\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--data") {
      opts.data = next();
    } else if (a == "--split") {
      opts.split = next();
    } else if (a == "--distractors") {
      opts.distractors = std::stoul(next());
    } else if (a == "--task") {
      opts.task = next();
      if (opts.task != "hard" && opts.task != "calibrated" && opts.task != "both") {
        std::fprintf(stderr, "--task must be hard, calibrated or both\n");
        return 2;
      }
    } else if (a == "--mix") {
      std::string spec = next();
      if (!MutationMix::Parse(spec, &opts.calibrated)) {
        std::fprintf(stderr, "bad --mix %s\n", spec.c_str());
        return 2;
      }
    } else if (a == "--fresh") {
      opts.fresh = std::stoul(next());
    } else if (a == "--fresh-from") {
      opts.fresh_from = static_cast<uint32_t>(std::stoul(next()));
    } else if (a == "--screening-only") {
      opts.screening_only = true;
    } else if (a == "--skip-perf") {
      opts.perf = false;
    } else if (a == "--only-reconciliation") {
      Reconciliation(opts);
      return 0;
    } else if (a == "--threads") {
      opts.threads = static_cast<unsigned>(std::stoul(next()));
    } else {
      std::fprintf(stderr,
                   "usage: jirga_names_eval [--data DIR] [--split dev|test|both] "
                   "[--distractors N] [--threads T] [--skip-perf] [--screening-only] "
                   "[--task hard|calibrated|both] [--mix SPEC] [--fresh N] [--fresh-from SEED]\n");
      return 2;
    }
  }
  std::string sanctions;
  for (const auto& f : std::filesystem::directory_iterator(opts.data + "/sanctions")) {
    if (f.path().extension() == ".xml") sanctions = f.path().string();
  }
  Ar2En ar2en = LoadAr2En(opts.data + "/names/ar2en-train.txt");
  std::vector<Person> people = LoadUn(sanctions);
  if (ar2en.latin_of.empty() || people.empty()) {
    std::fprintf(stderr, "no data under %s\n", opts.data.c_str());
    return 1;
  }
  utsname u{};
  uname(&u);
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::printf("- date: %s; machine: nproc %ld, %s, %s %s; threads used: %u\n", date,
              sysconf(_SC_NPROCESSORS_ONLN), CpuModel().c_str(), u.sysname, u.release,
              opts.threads);
  std::printf("- data: %zu ar2en Arabic words; UN list %s: %zu individuals\n\n",
              ar2en.latin_of.size(), std::filesystem::path(sanctions).filename().c_str(),
              people.size());

  std::vector<std::string> splits;
  if (opts.split == "both") {
    splits = {"dev", "test"};
  } else {
    splits = {opts.split};
  }
  std::printf("| Accuracy | jirga | baseline (same run) |\n|---|---|---|\n");
  if (!opts.screening_only) {
    for (const auto& split : splits) ArabicToLatin(ar2en, split, 3, opts);
    for (const auto& split : splits) ArabicToLatin(ar2en, split, 1, opts);
  }

  IcuLatin icu;
  Screening s = BuildScreening(people, ar2en, opts, icu);
  double t0 = Now(), c0 = Cpu();
  auto index = NameIndex::Build(s.entries);
  double build_s = Now() - t0, build_cpu = Cpu() - c0;
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.status().ToString().c_str());
    return 1;
  }
  // The hard task (first version) and the calibrated one: same people, split and index, other
  // mutation mixes and seeds.
  struct Task {
    const char* label;
    const char* tag;  // prefix of the misses printed to stderr
    MutationMix mix;
    std::vector<uint32_t> seeds;  // queries of every seed, pooled
  };
  std::vector<Task> tasks;
  if (opts.task != "calibrated") tasks.push_back({"Screening", "", MutationMix::Hard(), {101}});
  if (opts.task != "hard") tasks.push_back({"Screening (calibrated)", "calibrated ", opts.calibrated, {303}});
  // More draws of the calibrated task (seeds 1001, 1002, ...), pooled: a larger sample than the
  // single draw above (one query of 680 is 0.15 points), and on test one that no rule or
  // threshold was ever looked at against (docs/name-matching.md §4).
  std::string fresh_label;
  if (opts.task != "hard" && opts.fresh > 0) {
    fresh_label = "Screening (calibrated, " + std::to_string(opts.fresh) + " fresh draws from seed " +
                  std::to_string(opts.fresh_from) + ")";
    std::vector<uint32_t> seeds;
    for (uint32_t k = 0; k < opts.fresh; ++k) seeds.push_back(opts.fresh_from + k);
    tasks.push_back({fresh_label.c_str(), "fresh ", opts.calibrated, seeds});
  }
  std::vector<ScreeningResult> results;
  for (const auto& task : tasks) {
    for (const auto& split : splits) {
      std::vector<Query> queries;
      for (uint32_t seed : task.seeds) {
        std::vector<Query> q = ScreeningQueries(people, split, 10, task.mix, seed);
        queries.insert(queries.end(), q.begin(), q.end());
      }
      std::string tag = task.tag + split;
      ScreeningResult r = RunScreening(s, *index, queries, opts, icu, true, tag);
      std::printf("| %s, %s: %zu mutated names of %zu listed people among %zu names — "
                  "right person first | **%.2f%%** | %.2f%% (token-sorted Jaro-Winkler, all "
                  "pairs) |\n",
                  task.label, split.c_str(), queries.size(), queries.size() / 10 / task.seeds.size(),
                  s.entries.size(), 100 * r.top1, 100 * r.base_top1);
      std::printf("| %s, %s: right person first or tied for first (a tie goes by list order) "
                  "| %.2f%% | %.2f%% |\n",
                  task.label, split.c_str(), 100 * r.top1_tied, 100 * r.base_top1_tied);
      std::printf("| %s, %s: false hits per query (score ≥ review threshold %.2f) | "
                  "**%.3f** | %.3f (Jaro-Winkler ≥ 0.90) |\n",
                  task.label, split.c_str(), index->config().review_threshold, r.false_hits,
                  r.base_false_hits);
      std::printf("| %s, %s: recall at review threshold / precision of hits | %.2f%% / "
                  "%.2f%% | |\n",
                  task.label, split.c_str(), 100 * r.recall, 100 * r.precision);
      r.latency_us.push_back(static_cast<double>(queries.size()));
      if (&task == &tasks[0]) results.push_back(std::move(r));
    }
  }
  if (!opts.perf) return 0;
  const ScreeningResult& r = results.back();
  size_t nq = static_cast<size_t>(r.latency_us.back());
  std::vector<double> lat(r.latency_us.begin(), r.latency_us.end() - 1);
  std::printf("\n| Speed (CPU time; wall time on this shared machine in brackets) | jirga | target "
              "| peer / baseline (same run) |\n|---|---|---|---|\n");
  std::printf("| Index build, %zu names, one thread | %.2f s CPU (%.2f s wall) | | |\n",
              s.entries.size(), build_cpu, build_s);
  std::printf("| Screen one name against %zu names, one thread: p50 / p99 (thread CPU time) | "
              "**%.3f ms** / %.3f ms | p50 < 2 ms | all-pairs Jaro-Winkler: %.1f ms per query |\n",
              s.entries.size(), lat[lat.size() / 2] / 1000, lat[lat.size() * 99 / 100] / 1000,
              r.pair_ns * s.entries.size() / 1e6);
  std::printf("| %zu × %zu screening, %u threads | **%.3f s** CPU ÷ %u = %.3f s (%.3f s wall) | "
              "< 5 s | all-pairs Jaro-Winkler: %.2f s CPU ÷ %u = %.2f s (%.2f s wall) |\n",
              nq, s.entries.size(), opts.threads, r.ours_cpu, opts.threads,
              r.ours_cpu / opts.threads, r.ours_s, r.all_pairs_cpu, opts.threads,
              r.all_pairs_cpu / opts.threads, r.all_pairs_s);
  std::printf("| Cost per name pair (query CPU time / (queries × list)) | %.1f ns | | plain "
              "Jaro-Winkler %.0f ns per pair; published: Watchman ~5 µs, OpenSanctions "
              "logic-v2 ~43 µs |\n",
              r.ours_cpu * 1e9 / (static_cast<double>(nq) * s.entries.size()), r.pair_ns);
  Reconciliation(opts);
  return 0;
}

}  // namespace
}  // namespace jirga::bench::names

int main(int argc, char** argv) { return jirga::bench::names::Main(argc, argv); }
