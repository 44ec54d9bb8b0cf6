// Arabic-script to Latin romanisation tuned for personal names in Arabic, Pashto and Dari.
//
// ICU's Any-Latin follows scholarly transliteration (ḥ, ʻ, ẓ …) and leaves the Pashto letters
// (ټ ځ څ ډ ړ ږ ښ ګ ڼ ې ۍ) untouched; names are romanised by ear instead: محمد is "Mohammad", not
// "mḥmd". This table maps each letter to the Latin spelling most often seen in Afghan name lists
// (Persian pronunciation for ذ ض ظ → z; ث → th as most lists write it), with word-position rules for the letters that are
// vowels or consonants depending on where they stand (و ی ه ا).
//
// Short vowels are not written in Arabic script, so "Mohammad" comes out as "mhmd"; comparisons
// across scripts therefore go through consonant skeletons (normalize.h).
#pragma once

#include <string>
#include <string_view>

namespace jirga::match {

// Whether `c` is a letter, mark or digit of the Arabic script (U+0600–U+06FF, U+0750–U+077F,
// U+08A0–U+08FF; presentation forms are expected to be folded by NFKC first).
bool IsArabicScript(char32_t c);

// Replaces every Arabic-script code point of `text` by its Latin romanisation (ASCII, lower
// case); other code points are copied unchanged. Arabic punctuation (، ؛ ؟) becomes its Latin
// counterpart, tatweel and unknown marks are dropped. Pure and thread-safe.
std::u32string RomanizeArabic(std::u32string_view text);

}  // namespace jirga::match
