// Name normalisation: any-script personal name → canonical Latin tokens and consonant skeletons.
//
// Steps (docs/name-matching.md has the full rule list):
//   1. strict UTF-8 check and size limit;
//   2. ICU NFKC with case folding (nfkc_cf: compatibility forms, Arabic presentation forms,
//      full-width letters, ligatures, upper case; drops ZWNJ and other default-ignorables);
//   3. Arabic script → Latin with jirga's own name table (arabic_latin.h), then ICU
//      "Any-Latin; Latin-ASCII" for any other script or accent (only when something non-ASCII
//      is left, the transliterator is slow to create and shared under a mutex);
//   4. "LAST, First" → "First LAST"; apostrophes dropped (Sa'id → said); other punctuation and
//      hyphens split tokens;
//   5. token rules: doubled letters collapsed (Muhammad → muhamad), the Abd- family glued and
//      spelled one way (Abd al-Ghani, Abdel Ghani, Abdulghani → abdulghani; Abdur Rahman →
//      abdurahman), connectives glued (Shams-u-Rahman, Zia ul Haq), -ullah / -uddin suffixes
//      glued, the article al-/el- and bin/ibn dropped, titles (Mullah, Maulvi, Haji, Qari, Sayed,
//      Agha, Khan, …) spelled one way and flagged — kept, because titles are also names.
//   6. per token a consonant skeleton (Skeleton below), the script-independent key.
//
// Everything here is pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga::match {

// Longest accepted name in bytes of UTF-8; longer input is ResourceExhausted.
inline constexpr size_t kMaxNameBytes = 1024;

struct NameToken {
  std::string text;      // canonical lower-case ASCII spelling
  std::string skeleton;  // Skeleton(text)
  bool title = false;    // an honorific or title (down-weighted when scoring, never dropped)
};

struct NormalizedName {
  std::vector<NameToken> tokens;  // in name order, "LAST, First" already turned round
  bool arabic_script = false;     // the input had Arabic-script letters
  // The tokens' text / skeletons concatenated without spaces (titles included).
  std::string Compact() const;
  std::string CompactSkeleton() const;
};

// Full normalisation of one name. InvalidArgument for invalid UTF-8 or a NUL byte,
// ResourceExhausted for more than kMaxNameBytes. An empty or all-punctuation name gives no
// tokens (not an error; callers decide).
Result<NormalizedName> NormalizeName(std::string_view utf8);

// Steps 1–3: UTF-8 → lower-case ASCII (letters, digits, spaces, punctuation kept for step 4).
// Sets *arabic_script when Arabic-script letters were seen. Same errors as NormalizeName.
Result<std::string> FoldToAscii(std::string_view utf8, bool* arabic_script);

// Steps 4–6 on FoldToAscii's output. `from_arabic` enables the rules for how Arabic script
// writes names (the article joined to its word: الغنی → ghani).
std::vector<NameToken> CanonicalTokens(std::string_view ascii, bool from_arabic);

// The consonant skeleton of one canonical token: digraphs to one letter (kh→x, gh→g, sh→S,
// ch→c, th→t, ph→f, dh→z, zh→j, ts→s, dz→z, ck→k), q→k, c→k, p→b, v→f, vowels, w and y dropped
// except that a word starting with a vowel starts its skeleton with "a" and a word ending in one
// ends it with its class (a; i for i, e, y; u for o, u; a final h after a vowel ignored), a final
// h after a consonant dropped, runs of one letter collapsed. "muhamad", "mohamed", "mhmd" →
// "mhmd"; "ahmad" → "ahmd"; "omari" → "amri".
std::string Skeleton(std::string_view token);

// A short free-text field (tribe, province) as one comparable key: folded to ASCII, letters and
// digits only, a trailing " province" / " district" and the article dropped. "" on bad input.
std::string NormalizeField(std::string_view utf8);

}  // namespace jirga::match
