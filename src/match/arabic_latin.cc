// Implements the Arabic-script romanisation table for names (Arabic, Pashto, Dari letters).
#include "match/arabic_latin.h"

namespace jirga::match {
namespace {

bool IsArabicLetter(char32_t c) {
  return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || c == 0x06D5 ||
         (c >= 0x06EE && c <= 0x06FF && !(c >= 0x06F0 && c <= 0x06F9)) ||
         (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08C9);
}

// The romanisation of a letter that does not depend on its position; nullptr for the letters
// handled by PositionalLetter and for code points without a mapping.
const char* FixedLetter(char32_t c) {
  switch (c) {
    case 0x0621: return "";    // ء hamza: a glottal stop, not written in names
    case 0x0623: return "a";   // أ
    case 0x0625: return "i";   // إ (Islam, Ibrahim)
    case 0x0622: return "a";   // آ (Agha, Amir)
    case 0x0624: return "u";   // ؤ
    case 0x0626: return "i";   // ئ
    case 0x0628: return "b";   // ب
    case 0x067E: return "p";   // پ
    case 0x062A: return "t";   // ت
    case 0x0679: return "t";   // ٹ (Urdu tteh)
    case 0x067C: return "t";   // ټ Pashto tteh: retroflex t, romanised t
    case 0x062B: return "th";  // ث th (Uthman, Arthur); Dari says s (Usman), one letter off
    case 0x062C: return "j";   // ج
    case 0x0686: return "ch";  // چ
    case 0x0681: return "z";   // ځ Pashto dze: romanised z (Zalmay) or dz
    case 0x0685: return "s";   // څ Pashto tse: romanised s or ts
    case 0x062D: return "h";   // ح
    case 0x062E: return "kh";  // خ
    case 0x062F: return "d";   // د
    case 0x0688: return "d";   // ڈ (Urdu ddal)
    case 0x0689: return "d";   // ډ Pashto ddal: retroflex d
    case 0x0630: return "z";   // ذ Persian pronunciation (Zakir)
    case 0x0631: return "r";   // ر
    case 0x0691: return "r";   // ڑ (Urdu rreh)
    case 0x0693: return "r";   // ړ Pashto rreh: retroflex r
    case 0x0632: return "z";   // ز
    case 0x0698: return "zh";  // ژ
    case 0x0696: return "zh";  // ږ Pashto zhe (romanised zh or g)
    case 0x0633: return "s";   // س
    case 0x0634: return "sh";  // ش
    case 0x069A: return "sh";  // ښ Pashto shin (romanised sh or kh)
    case 0x0635: return "s";   // ص
    case 0x0636: return "z";   // ض Persian pronunciation (Zia, Ramazan)
    case 0x0637: return "t";   // ط
    case 0x0638: return "z";   // ظ (Zahir)
    case 0x0639: return "a";   // ع ayn: romanised as the vowel it carries (Omar, Abd, Ali)
    case 0x063A: return "gh";  // غ
    case 0x0641: return "f";   // ف
    case 0x06A4: return "v";   // ڤ
    case 0x0642: return "q";   // ق
    case 0x0643: return "k";   // ك Arabic kaf
    case 0x06A9: return "k";   // ک Persian keheh
    case 0x06AA: return "k";   // ڪ
    case 0x06AB: return "g";   // ګ Pashto gaf with ring
    case 0x06AF: return "g";   // گ
    case 0x0644: return "l";   // ل
    case 0x0645: return "m";   // م
    case 0x0646: return "n";   // ن
    case 0x06BC: return "n";   // ڼ Pashto noon with ring: retroflex n
    case 0x06BA: return "n";   // ں (noon ghunna)
    case 0x0629: return "a";   // ة ta marbuta (Fatima, Hamza)
    case 0x0649: return "a";   // ى alef maqsura (Musa, Isa)
    case 0x06D0: return "e";   // ې Pashto ye: e (Sher, Mer)
    case 0x06CD: return "ai";  // ۍ Pashto ye with tail: feminine -ai/-ey
    case 0x06CE: return "ai";  // ێ
    case 0x06D2: return "e";   // ے (Urdu bari ye)
    case 0x06D3: return "e";   // ۓ
    case 0x06C0: return "a";   // ۀ heh with yeh (Persian ezafe)
    case 0x06C1: return "h";   // ہ (Urdu heh goal)
    case 0x06BE: return "h";   // ھ (heh doachashmee)
    case 0x06C6: return "o";   // ۆ
    case 0x06C7: return "u";   // ۇ
    case 0x06C9: return "u";   // ۉ
    case 0x06CB: return "v";   // ۋ
    case 0x0671: return "a";   // ٱ alef wasla
    default: return nullptr;
  }
}

// The short-vowel marks, written only in vocalised text.
const char* Harakah(char32_t c) {
  switch (c) {
    case 0x064E: return "a";  // fatha
    case 0x0650: return "i";  // kasra
    case 0x064F: return "u";  // damma
    case 0x064B: return "an";  // tanwin
    case 0x064D: return "in";
    case 0x064C: return "un";
    case 0x0670: return "a";  // superscript alef (Rahman)
    default: return "";       // sukun, shadda, other marks: nothing
  }
}

}  // namespace

bool IsArabicScript(char32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF);
}

std::u32string RomanizeArabic(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size() * 2);
  auto append = [&out](const char* s) {
    for (; *s != '\0'; ++s) out.push_back(static_cast<char32_t>(*s));
  };
  auto letter_at = [&text](size_t i) { return i < text.size() && IsArabicLetter(text[i]); };
  for (size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    if (!IsArabicScript(c)) {
      out.push_back(c);
      continue;
    }
    // Marks between letters do not break a word.
    size_t prev = i;
    while (prev > 0 && text[prev - 1] >= 0x064B && text[prev - 1] <= 0x0670) --prev;
    bool initial = prev == 0 || !IsArabicLetter(text[prev - 1]);
    size_t next = i + 1;
    while (next < text.size() && text[next] >= 0x064B && text[next] <= 0x0670) ++next;
    bool final = !letter_at(next);
    char32_t before = initial ? 0 : text[prev - 1];
    if (c >= 0x0660 && c <= 0x0669) {
      out.push_back(U'0' + (c - 0x0660));
    } else if (c >= 0x06F0 && c <= 0x06F9) {
      out.push_back(U'0' + (c - 0x06F0));
    } else if (c == 0x060C || c == 0x066B) {
      out.push_back(U',');  // Arabic comma: keeps "LAST، First" recognisable
    } else if (c == 0x061B) {
      out.push_back(U';');
    } else if (c == 0x061F) {
      out.push_back(U'?');
    } else if (c == 0x0627) {  // ا alef: a long a, or the seat of an initial vowel
      append("a");
    } else if (c == 0x0648) {  // و waw: w at the start of a word, otherwise the vowel u/o
      append(initial || before == 0x0627 ? "w" : "u");
    } else if (c == 0x064A || c == 0x06CC) {  // ي ی yeh: y at the start of a word, i elsewhere
      append(initial ? "y" : (final ? "i" : (before == 0x0627 ? "y" : "i")));
    } else if (c == 0x0647 || c == 0x06D5) {  // ه heh: final -a after a consonant (Hamza),
      // -ah in Allah / Abdullah (after ل), h elsewhere.
      if (final && !initial && before == 0x0644) {
        append("ah");
      } else {
        append(final && !initial && before != 0x0627 ? "a" : "h");
      }
    } else if (const char* fixed = FixedLetter(c); fixed != nullptr) {
      append(fixed);
    } else if (c >= 0x064B && c <= 0x0670) {
      append(Harakah(c));
    }
    // Anything else (tatweel U+0640, Quranic marks, unassigned) is dropped.
  }
  return out;
}

}  // namespace jirga::match
