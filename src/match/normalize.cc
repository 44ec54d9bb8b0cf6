// Implements name normalisation: ICU folding, Arabic-script romanisation, the token rules for
// particles and titles, and consonant skeletons.
#include "match/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "match/arabic_latin.h"

namespace jirga::match {
namespace {

std::string CollapseRuns(std::string s) {
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Letters the Arabic article assimilates to ("sun letters"): Abd al-Rahman is said and often
// written Abdur Rahman, so the l is dropped before them in canonical spellings.
bool StartsWithSunLetter(std::string_view s) {
  if (s.empty()) return false;
  char c = s[0];
  return c == 't' || c == 's' || c == 'z' || c == 'd' || c == 'r' || c == 'n';
}

// ICU's transliterator for scripts other than Arabic and for accents. Creating it costs
// milliseconds, so one instance is made on first use and shared under a mutex (ICU documents
// Transliterator instances as not safe for concurrent use).
struct SharedTransliterator {
  std::mutex mu;
  std::unique_ptr<icu::Transliterator> t;
  bool failed = false;
};

SharedTransliterator& Translit() {
  static SharedTransliterator* shared = [] {
    auto* s = new SharedTransliterator();
    UErrorCode status = U_ZERO_ERROR;
    s->t.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD,
                                                   status));
    s->failed = U_FAILURE(status) || s->t == nullptr;
    return s;
  }();
  return *shared;
}

// Canonical spellings of titles and honorifics. They stay in the name as tokens (a "Haji" may be
// called so on every list) but weigh little when scoring.
const std::unordered_map<std::string, std::string>& Titles() {
  static const auto* titles = new std::unordered_map<std::string, std::string>{
      {"mula", "mula"},       {"mulah", "mula"},      {"molah", "mula"},
      {"mola", "mula"},       {"molla", "mula"},      {"mulla", "mula"},
      {"mullah", "mula"},     {"malawi", "mawlawi"},  {"maulvi", "mawlawi"},
      {"maulavi", "mawlawi"}, {"mawlawi", "mawlawi"}, {"mawlavi", "mawlawi"},
      {"molvi", "mawlawi"},   {"moulvi", "mawlawi"},  {"mowlawi", "mawlawi"},
      {"maulawi", "mawlawi"}, {"mowlavi", "mawlawi"}, {"mulawi", "mawlawi"},
      {"molawi", "mawlawi"},  {"mawlvi", "mawlawi"},  {"mulvi", "mawlawi"},
      {"hafiz", "hafiz"},     {"hafez", "hafiz"},     {"haji", "haji"},
      {"haj", "haji"},        {"hajj", "haji"},       {"alhaj", "haji"},
      {"alhaji", "haji"},     {"hadji", "haji"},      {"qari", "qari"},
      {"kari", "qari"},       {"sayed", "sayed"},     {"sayid", "sayed"},
      {"sayd", "sayed"},      {"syed", "sayed"},      {"seyed", "sayed"},
      {"seyd", "sayed"},      {"sayad", "sayed"},     {"seid", "sayed"},
      {"sayyed", "sayed"},    {"sayyid", "sayed"},    {"agha", "agha"},
      {"aga", "agha"},        {"aqa", "agha"},        {"akha", "agha"},
      {"khan", "khan"},       {"kan", "khan"},        {"sheikh", "sheikh"},
      {"shaikh", "sheikh"},   {"sheik", "sheikh"},    {"shaykh", "sheikh"},
      {"shekh", "sheikh"},    {"akhund", "akhund"},   {"akhond", "akhund"},
      {"ustad", "ustad"},     {"ustaz", "ustad"},     {"ostad", "ustad"},
      {"mufti", "mufti"},     {"qazi", "qazi"},       {"qadi", "qazi"},
      {"kazi", "qazi"},       {"pir", "pir"},         {"sahib", "sahib"},
      {"saheb", "sahib"},     {"sahab", "sahib"},     {"doctor", "doctor"},
      {"dr", "doctor"},       {"engineer", "engineer"}, {"eng", "engineer"},
      {"mr", "mr"},           {"general", "general"}, {"gen", "general"},
      {"commander", "commander"}, {"qomandan", "commander"}, {"komandan", "commander"},
      {"mawlana", "mawlana"}, {"maulana", "mawlana"}, {"molana", "mawlana"},
      {"mulana", "mawlana"},
      // As romanize_arabic spells them from Arabic script (no short vowels).
      {"mla", "mula"},        {"mului", "mawlawi"},   {"mulwi", "mawlawi"},
      {"syd", "sayed"},       {"sid", "sayed"},       {"shikh", "sheikh"},
      {"hfz", "hafiz"},       {"hafz", "hafiz"},      {"qazi", "qazi"},
  };
  return *titles;
}

// Spellings of Muhammad too short for Jaro-Winkler to recognise.
const std::unordered_map<std::string, std::string>& Abbreviations() {
  static const auto* abbrev = new std::unordered_map<std::string, std::string>{
      {"mohd", "muhamad"}, {"md", "muhamad"}, {"mhd", "muhamad"}, {"muhd", "muhamad"}};
  return *abbrev;
}

bool IsAbdParticle(const std::string& t) {
  // After SimpleVowels, so Abdoul / Abdou are already abdul / abdu.
  static const char* kForms[] = {"abd",   "abdul", "abdel", "abdal", "abdol", "abdu",
                                 "abdur", "abdus", "abduz", "abdud", "abdut", "abdun",
                                 "abdush", "abdes", "abder"};
  for (const char* f : kForms) {
    if (t == f) return true;
  }
  return false;
}

bool IsConnective(const std::string& t) {
  return t == "ul" || t == "ur" || t == "us" || t == "uz" || t == "ud" || t == "ut" ||
         t == "un" || t == "ush" || t == "u";
}

bool IsMuhammad(const std::string& t);

// "-ullah" and "-uddin" written as their own word (Nemat Ullah, Siraj Uddin); "" if not one.
std::string SuffixWord(const std::string& t) {
  if (t == "ulah" || t == "ula" || t == "alah" || t == "alh" || t == "ulh" || t == "lah") {
    return "ulah";
  }
  if (t == "udin" || t == "edin" || t == "adin" || t == "uldin" || t == "aldin" ||
      t == "eldin" || t == "aldn" || t == "aldyn") {
    return "udin";
  }
  return "";
}

// Whether the -ullah / -uddin word `suffix` (SuffixWord's spelling) may join `prev`: not when
// prev already ends in it (HAMDULLAH ALLAH NOOR is three names, and its reordering ALLAH NOOR
// HAMDULLAH must give the same tokens), not onto Muhammad or a title (Allah Muhammad reordered
// is not one name). Salah Eddin still joins: Salah is not a -allah name.
bool TakesSuffix(const std::string& prev, const std::string& suffix) {
  auto ends = [&prev](std::string_view s, size_t stem) {
    return prev.size() >= s.size() + stem &&
           prev.compare(prev.size() - s.size(), s.size(), s) == 0;
  };
  if (suffix == "ulah" && (ends("ulah", 0) || ends("alah", 3))) return false;
  if (suffix == "udin" && (ends("udin", 0) || ends("edin", 3) || ends("adin", 3))) return false;
  return !IsMuhammad(prev) && Abbreviations().count(prev) == 0 && Titles().count(prev) == 0;
}

// Whether two words are exactly one typo apart: a letter changed, added or dropped, or two
// neighbouring letters swapped (Damerau-Levenshtein distance 1). Linear, no allocation: it runs
// on every word of every name normalised.
bool OneTypoApart(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() < b.size()) return a.substr(i) == b.substr(i + 1);  // a letter added
  if (a.substr(i + 1) == b.substr(i + 1)) return true;              // a letter changed
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
         a.substr(i + 2) == b.substr(i + 2);                        // two letters swapped
}

// A word one typo from "abdul" (Abdeul, Asdul, Abdlu, Adul): the commonest particle mistyped.
// Abduh and Abul are names and particles of their own.
bool IsAbdTypo(const std::string& t) {
  if (t == "abduh" || t == "abul") return false;
  return OneTypoApart(t, "abdul");
}

// A word one typo from a spelling of Muhammad (Mohammda, Mohkammad, Mohamsad): the commonest
// name mistyped. A spelling with a letter added at the end is another name (Mohammadi).
bool IsMuhammadTypo(const std::string& t) {
  if (t.size() < 6 || t.size() > 9 || t[0] != 'm') return false;
  for (std::string_view m : {"muhamad", "mohamad", "mohamed", "muhamed"}) {
    if (t.size() > m.size() && t.compare(0, m.size(), m) == 0) return false;
    if (OneTypoApart(t, m)) return true;
  }
  return false;
}

// Allah written in Latin letters as the whole word (Allah, Alah): a name of its own as often as
// a suffix (Allah Dad, Allah Noor; Nemat Allah). It stays a token; the scorer's glued units pair
// Nemat Allah with Nematullah, and its order against the other names stays free (DAD MATIN
// ALLAH). Arabic script writes the suffix as a word (امان الله, حکمت الله): there it joins.
bool IsAllahWord(const std::string& t) { return t == "alah" || t == "alh"; }

bool IsDroppedParticle(const std::string& t) {
  return t == "bin" || t == "ibn" || t == "bint" || t == "binti" || t == "walad" ||
         t == "wuld" || t == "ould" || t == "bn";
}

// Abd-names one way: "abd" + vowel? + "l"? + rest → "abdu" + ("l" unless rest starts with a sun
// letter) + rest. Abdelghani, Abdulghani → abdulghani; Abdurrahman, Abdulrahman → abdurahman.
std::string CanonicalAbd(const std::string& t) {
  if (t.size() < 5 || t.compare(0, 3, "abd") != 0) return t;
  size_t i = 3;
  if (IsVowel(t[i])) {
    ++i;
  }
  if (i < t.size() && t[i] == 'l') ++i;
  if (i >= t.size()) return t;
  std::string rest = t.substr(i);
  // "abdi" + non-sun (Abdikarim) is also a name of its own; only rewrite what is clearly Abd-.
  return CollapseRuns("abdu" + std::string(StartsWithSunLetter(rest) ? "" : "l") + rest);
}

std::string CanonicalSuffix(std::string t) {
  auto ends = [&t](std::string_view s) {
    return t.size() >= s.size() + 3 && t.compare(t.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("alah")) return t.substr(0, t.size() - 4) + "ulah";
  for (std::string_view s : {"eldin", "aldin", "uldin", "edin", "adin"}) {
    if (ends(s)) return t.substr(0, t.size() - s.size()) + "udin";
  }
  return t;
}

std::string Glue(const std::string& a, const std::string& b) { return CollapseRuns(a + b); }

// English-style vowel spellings one way: oo, ou → u (Noor, Abdoul), ee → i (Haneef).
std::string SimpleVowels(std::string t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i + 1 < t.size() && ((t[i] == 'o' && (t[i + 1] == 'o' || t[i + 1] == 'u')) ||
                             (t[i] == 'e' && t[i + 1] == 'e'))) {
      out.push_back(t[i] == 'e' ? 'i' : 'u');
      ++i;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

// Muhammad in all its spellings (Mohammad, Mohammed, Mohamed, Muhammed, Mohamad, Mouhamad...):
// m, o/u, h, a/e?, m, a/e/o, d after collapsing doubles.
bool IsMuhammad(const std::string& t) {
  if (t.size() < 6 || t.size() > 8 || t[0] != 'm' || t.back() != 'd') return false;
  size_t i = 1;
  if (t[i] != 'o' && t[i] != 'u') return false;
  ++i;
  if (t[i] == 'u') ++i;  // mouhamad
  if (i >= t.size() || t[i] != 'h') return false;
  ++i;
  if (i < t.size() && (t[i] == 'a' || t[i] == 'e')) ++i;
  if (i >= t.size() || t[i] != 'm') return false;
  ++i;
  if (i < t.size() && (t[i] == 'a' || t[i] == 'e' || t[i] == 'o')) ++i;
  return i + 1 == t.size();
}

}  // namespace

std::string NormalizedName::Compact() const {
  std::string out;
  for (const auto& t : tokens) out += t.text;
  return out;
}

std::string NormalizedName::CompactSkeleton() const {
  std::string out;
  for (const auto& t : tokens) out += t.skeleton;
  return CollapseRuns(out);
}

Result<std::string> FoldToAscii(std::string_view utf8, bool* arabic_script) {
  *arabic_script = false;
  if (utf8.size() > kMaxNameBytes) {
    return ResourceExhausted("name of " + std::to_string(utf8.size()) +
                             " bytes is longer than the limit of " +
                             std::to_string(kMaxNameBytes));
  }
  bool ascii = true;
  for (size_t i = 0; i < utf8.size();) {
    UChar32 c;
    size_t at = i;
    U8_NEXT(utf8.data(), i, utf8.size(), c);
    if (c < 0) return InvalidArgument("name is not valid UTF-8 (byte " + std::to_string(at) + ")");
    if (c == 0) return InvalidArgument("name contains a NUL character");
    if (c >= 0x80) ascii = false;
  }
  if (ascii) {
    std::string out(utf8);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return Internal("ICU nfkc_cf unavailable: " + std::string(u_errorName(status)));
  icu::UnicodeString folded = nfkc_cf->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
      status);
  if (U_FAILURE(status)) return InvalidArgument("cannot normalise name: " + std::string(u_errorName(status)));
  std::u32string cps;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    if (IsArabicScript(static_cast<char32_t>(c))) *arabic_script = true;
    cps.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  if (*arabic_script) cps = RomanizeArabic(cps);
  bool rest_ascii = std::all_of(cps.begin(), cps.end(), [](char32_t c) { return c < 0x80; });
  if (!rest_ascii) {
    icu::UnicodeString u;
    for (char32_t c : cps) u.append(static_cast<UChar32>(c));
    SharedTransliterator& tr = Translit();
    if (!tr.failed) {
      std::lock_guard<std::mutex> lock(tr.mu);
      tr.t->transliterate(u);
    }
    cps.clear();
    for (int32_t i = 0; i < u.length();) {
      UChar32 c = u.char32At(i);
      cps.push_back(static_cast<char32_t>(c));
      i += U16_LENGTH(c);
    }
  }
  std::string out;
  out.reserve(cps.size());
  for (char32_t c : cps) {
    // Whatever no transliterator could turn into ASCII separates tokens.
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(static_cast<int>(c))) : ' ');
  }
  return out;
}

std::string Skeleton(std::string_view t) {
  std::string out;
  auto push = [&out](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  };
  // A word that starts with a vowel keeps one mark for it: Ahmad (ahmd) is not Hamid (hmd),
  // and Arabic script writes that vowel too (ا ع).
  if (!t.empty() && IsVowel(t[0])) out.push_back('a');
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    char n = i + 1 < t.size() ? t[i + 1] : '\0';
    char mapped = 0;
    if (n == 'h' && (c == 'k' || c == 'g' || c == 's' || c == 'c' || c == 't' || c == 'p' ||
                     c == 'd' || c == 'z')) {
      // ch goes with sh: French and Arabic-script spellings of foreign names swap them (Cheb /
      // الشاب), and چ comes out as ch on both sides anyway.
      static const char kFrom[] = "kgsctpdz";
      static const char kTo[] = "xgSStfzj";
      mapped = kTo[std::string_view(kFrom).find(c)];
      ++i;
    } else if ((c == 't' && n == 's') || (c == 'd' && n == 'z') || (c == 'c' && n == 'k') ||
               (c == 'd' && n == 'j')) {
      mapped = c == 't' ? 's' : c == 'd' && n == 'z' ? 'z' : c == 'c' ? 'k' : 'j';
      ++i;
    } else if (IsVowel(c) || c == 'y' || c == 'w') {
      // Vowels are what scripts and romanisations disagree on most (short vowels are not even
      // written in Arabic script): they are left out, and consonants either side of one merge.
      // w and y count as vowels: و and ی are read as either (Dawood / Daud, Twal / طوال).
      continue;
    } else if (c == 'c' && (n == 'e' || n == 'i' || n == 'y')) {
      mapped = 's';  // a soft c (Joyce, Cisar) is written with س
    } else if (c == 'q' || c == 'c') {
      mapped = 'k';
    } else if (c == 'v') {
      mapped = 'f';  // Arabic script writes v as ف (Vladimir)
    } else if (c == 'p') {
      mapped = 'b';  // and p as ب (Arabic has no p)
    } else {
      mapped = c;
    }
    push(mapped);
  }
  if (out.size() > 1 && out.back() == 'h') out.pop_back();
  // A word-final vowel is written in Arabic script too (ی ا ه و), and it makes another name:
  // Omari is not Omar, Hakimi not Hakim. It keeps one mark: i (i, y, e), a, or u (o, u).
  std::string_view body = t;
  if (body.size() > 2 && body.back() == 'h' && IsVowel(body[body.size() - 2])) {
    body.remove_suffix(1);
  }
  if (body.size() > 1 && (IsVowel(body.back()) || body.back() == 'y')) {
    char v = body.back();
    out.push_back(v == 'a' ? 'a' : (v == 'o' || v == 'u') ? 'u' : 'i');
  }
  return out;
}

std::vector<NameToken> CanonicalTokens(std::string_view ascii, bool from_arabic) {
  std::string s(ascii);
  // "LAST, First": one comma with words on both sides turns the name round.
  if (size_t comma = s.find(','); comma != std::string::npos && s.find(',', comma + 1) == std::string::npos) {
    std::string last = s.substr(0, comma), first = s.substr(comma + 1);
    auto has_word = [](const std::string& x) {
      return std::any_of(x.begin(), x.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    };
    if (has_word(last) && has_word(first)) s = first + " " + last;
  }
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else if (c == '\'' || c == '`') {
      // Apostrophes mark an ayn or hamza (Sa'id, Mas'ud): part of the word.
    } else if (!cur.empty()) {
      words.push_back(SimpleVowels(CollapseRuns(cur)));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(SimpleVowels(CollapseRuns(cur)));

  // The article al-/el- as its own word, and (in Arabic script) joined to its word.
  std::vector<std::string> w;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string t = words[i];
    if ((t == "al" || t == "el") && i + 1 < words.size()) continue;
    if (from_arabic && t.size() >= 5 && t.compare(0, 2, "al") == 0 && t.compare(0, 3, "alh") != 0) {
      t = t.substr(2);
    }
    w.push_back(t);
  }
  // Abd- as its own word is glued to the next word.
  std::vector<std::string> x;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i + 1 < w.size() && IsAbdTypo(w[i]) && !IsConnective(w[i + 1])) w[i] = "abdul";
    // Abu'l (Abul Hasan) joins its word as Abd- does, so a mistyped Abdul still lines up.
    if ((IsAbdParticle(w[i]) || w[i] == "abul") && i + 1 < w.size()) {
      // Abd-ul-Ghani: the connective goes with it.
      if (IsConnective(w[i + 1]) && i + 2 < w.size()) {
        x.push_back(Glue(w[i] + w[i + 1], w[i + 2]));
        i += 2;
        continue;
      }
      x.push_back(Glue(w[i], w[i + 1]));
      ++i;
    } else {
      x.push_back(w[i]);
    }
  }
  // Connectives (Shams ur Rahman, Zia ul Haq) and -ullah / -uddin words join their neighbours.
  std::vector<std::string> y;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!y.empty() && IsConnective(x[i]) && i + 1 < x.size()) {
      const std::string& next = x[i + 1];
      y.back() = Glue(y.back(), "u" + std::string(StartsWithSunLetter(next) ? "" : "l") + next);
      ++i;
    } else if (!y.empty() && !SuffixWord(x[i]).empty() &&
               (from_arabic || !IsAllahWord(x[i])) &&
               TakesSuffix(y.back(), SuffixWord(x[i]))) {
      y.back() = Glue(y.back(), SuffixWord(x[i]));
    } else if (SuffixWord(x[i]) == "ulah") {
      y.push_back("alah");  // Allah as a name of its own, one spelling (Ullah, Alla)
    } else {
      y.push_back(x[i]);
    }
  }
  std::vector<NameToken> out;
  for (const std::string& raw : y) {
    if (IsDroppedParticle(raw) && y.size() > 1) continue;
    NameToken tok;
    tok.text = CanonicalSuffix(CanonicalAbd(raw));
    if (auto a = Abbreviations().find(tok.text); a != Abbreviations().end()) tok.text = a->second;
    if (IsMuhammad(tok.text) || (Titles().count(tok.text) == 0 && IsMuhammadTypo(tok.text))) {
      tok.text = "muhamad";
    } else if (tok.text.size() > 8) {
      // Glued to another name (Nazarmohammad, Mohammadnabi): the Muhammad part one way too.
      for (size_t len = 6; len <= 8 && len + 2 <= tok.text.size(); ++len) {
        if (IsMuhammad(tok.text.substr(tok.text.size() - len))) {
          tok.text = tok.text.substr(0, tok.text.size() - len) + "muhamad";
          break;
        }
        if (IsMuhammad(tok.text.substr(0, len))) {
          tok.text = "muhamad" + tok.text.substr(len);
          break;
        }
      }
    }
    if (auto t = Titles().find(tok.text); t != Titles().end()) {
      tok.text = t->second;
      tok.title = true;
    }
    tok.skeleton = Skeleton(tok.text);
    out.push_back(std::move(tok));
  }
  // A name made only of titles ("Mullah Agha") is a name: nothing is down-weighted.
  if (std::all_of(out.begin(), out.end(), [](const NameToken& t) { return t.title; })) {
    for (auto& t : out) t.title = false;
  }
  return out;
}

Result<NormalizedName> NormalizeName(std::string_view utf8) {
  bool arabic = false;
  ASSIGN_OR_RETURN(std::string ascii, FoldToAscii(utf8, &arabic));
  NormalizedName name;
  name.arabic_script = arabic;
  name.tokens = CanonicalTokens(ascii, arabic);
  return name;
}

std::string NormalizeField(std::string_view utf8) {
  bool arabic = false;
  auto ascii = FoldToAscii(utf8, &arabic);
  if (!ascii.ok()) return "";
  std::vector<std::string> words;
  std::string cur;
  for (char c : *ascii + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else if (c != '\'' && !cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
  }
  while (words.size() > 1 && (words.back() == "province" || words.back() == "district" ||
                              words.back() == "tribe" || words.back() == "wilayat" ||
                              words.back() == "velayat")) {
    words.pop_back();
  }
  if (words.size() > 1 && (words.front() == "al" || words.front() == "el")) {
    words.erase(words.begin());
  }
  std::string out;
  for (const auto& w : words) out += w;
  if (arabic && out.size() >= 5 && out.compare(0, 2, "al") == 0) out = out.substr(2);
  return CollapseRuns(out);
}

}  // namespace jirga::match
