// Normalisation rules, one scenario each: ICU folding, every Pashto and Dari letter, particles,
// titles, token order, glued tokens, skeletons, and rejected input.
#include "match/normalize.h"

#include <gtest/gtest.h>

#include "match/arabic_latin.h"

namespace jirga::match {
namespace {

std::string Fold(std::string_view s) {
  bool arabic = false;
  auto r = FoldToAscii(s, &arabic);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "";
}

// The canonical tokens of a name, space-separated; titles marked with '*'.
std::string Tokens(std::string_view s) {
  auto n = NormalizeName(s);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  std::string out;
  for (const auto& t : n->tokens) out += (out.empty() ? "" : " ") + t.text + (t.title ? "*" : "");
  return out;
}

std::string CompactSkeleton(std::string_view s) {
  auto n = NormalizeName(s);
  EXPECT_TRUE(n.ok());
  return n->CompactSkeleton();
}

TEST(Normalize, NfkcCaseFoldingAndLatinAscii) {
  EXPECT_EQ(Fold("ＡＢＤＵＬ"), "abdul");                // full-width forms
  EXPECT_EQ(Fold("ﬁrooz"), "firooz");                    // ligature
  EXPECT_EQ(Tokens("Muḥammad ʿUmar"), "muhamad umar");  // accents; ʿ (ayn) separates
  EXPECT_EQ(Fold("ÇELİK Özgür"), "celik ozgur");
  EXPECT_EQ(Fold("STRAßE"), "strasse");                  // case folding, not just lower-casing
  EXPECT_EQ(Fold("Мухаммад"), "muhammad");              // other scripts through ICU Any-Latin
}

TEST(Normalize, ArabicPresentationFormsFoldToLetters) {
  // ﻋﺒﺪ is عبد written with presentation-form code points (as some PDFs export it).
  EXPECT_EQ(Fold("\uFECB\uFE92\uFEAA"), Fold("عبد"));
}

TEST(Normalize, EveryPashtoLetterHasALatinSpelling) {
  // Each letter between two others, so no word-position rule applies.
  struct Case {
    const char* letter;
    const char* latin;
  } cases[] = {{"ټ", "t"}, {"ځ", "z"}, {"څ", "s"}, {"ډ", "d"}, {"ړ", "r"}, {"ږ", "zh"},
               {"ښ", "sh"}, {"ګ", "g"}, {"ڼ", "n"}, {"ې", "e"}};
  for (const Case& c : cases) {
    EXPECT_EQ(Fold(std::string("ب") + c.letter + "ب"), std::string("b") + c.latin + "b")
        << c.letter;
  }
  EXPECT_EQ(Fold("بۍ"), "bai");  // ۍ ends words (feminine -ai)
}

TEST(Normalize, PersianYehAndKeheh) {
  EXPECT_EQ(Fold("کریم"), "krim");    // ک keheh; ی between consonants is i; short a unwritten
  EXPECT_EQ(Fold("یوسف"), "yusf");    // ی at the start is y; و inside a word is u
  EXPECT_EQ(Fold("علی"), "ali");      // ی at the end is i; ع is a vowel seat
  EXPECT_EQ(Fold("كريم"), "krim");    // Arabic kaf and yeh spell the same
}

TEST(Normalize, WordPositionRules) {
  EXPECT_EQ(Fold("ولی"), "wli");       // و at the start of a word is w
  EXPECT_EQ(Fold("حمزه"), "hmza");     // final ه after a consonant is a
  EXPECT_EQ(Fold("الله"), "allah");    // ... but -ah in Allah
  EXPECT_EQ(Fold("نعمت‌الله"), "namtallah");  // ZWNJ is dropped by NFKC case folding
}

TEST(Normalize, ArabicDigitsAndComma) {
  EXPECT_EQ(Fold("١٩٦٨ ۱۹۶۸"), "1968 1968");
  EXPECT_EQ(Tokens("برادر، عبدالغنی"), "abdulghni bradr");  // "LAST، First"
}

TEST(Normalize, AbdParticleAllSpellingsOneToken) {
  for (const char* s : {"Abdul Ghani", "Abd al-Ghani", "Abdel Ghani", "Abdulghani", "ABD AL GHANI",
                        "Abd-ul-Ghani", "Abdoul Ghani"}) {
    EXPECT_EQ(Tokens(s), "abdulghani") << s;
  }
  // Before a sun letter the article assimilates: one spelling for all of these.
  for (const char* s : {"Abdur Rahman", "Abdul Rahman", "Abdurrahman", "Abd al-Rahman",
                        "Abdelrahman", "Abdirahman"}) {
    EXPECT_EQ(Tokens(s), "abdurahman") << s;
  }
  EXPECT_EQ(Tokens("Abdullah"), Tokens("Abdallah"));
  EXPECT_EQ(Tokens("Abdul"), "abdul");  // alone it is a name
}

TEST(Normalize, ConnectivesAndSuffixesGlue) {
  EXPECT_EQ(Tokens("Shams ur Rahman"), "shamsurahman");
  EXPECT_EQ(Tokens("Shams-u-Rahman"), "shamsurahman");
  EXPECT_EQ(Tokens("Shamsurrahman"), "shamsurahman");
  EXPECT_EQ(Tokens("Zia ul Haq"), "ziaulhaq");
  EXPECT_EQ(Tokens("Ziaulhaq"), "ziaulhaq");
  EXPECT_EQ(Tokens("Nemat Ullah"), "nematulah");
  EXPECT_EQ(Tokens("Nematullah"), "nematulah");
  EXPECT_EQ(Tokens("Nasrallah"), "nasrulah");
  EXPECT_EQ(Tokens("Siraj ud Din"), "sirajudin");
  EXPECT_EQ(Tokens("Sirajuddin"), "sirajudin");
  EXPECT_EQ(Tokens("Siraj Uddin"), "sirajudin");
  EXPECT_EQ(Tokens("Salah Eddin"), "salahudin");
}

TEST(Normalize, SuffixWordDoesNotJoinANameThatAlreadyHasIt) {
  // A listed HAMDULLAH ALLAH NOOR and its reordering give the same three names.
  EXPECT_EQ(Tokens("HAMDULLAH ALLAH NOOR"), "hamdulah alah nor");
  EXPECT_EQ(Tokens("ALLAH NOOR HAMDULLAH"), "alah nor hamdulah");
  EXPECT_EQ(Tokens("Nasrullah Ullah"), "nasrulah alah");
  EXPECT_EQ(Tokens("Sirajuddin Uddin"), "sirajudin udin");
  // Nor onto Muhammad or a title: Allah Muhammad turned round is still two names.
  EXPECT_EQ(Tokens("Muhammad Allah"), "muhamad alah");
  EXPECT_EQ(Tokens("Allah Muhammad"), "alah muhamad");
  EXPECT_EQ(Tokens("Haji Allah"), "haji* alah");
  // Allah as a whole Latin word is a name of its own in any order (Allah Dad Matin); Arabic
  // script writes the suffix as a word, and there it joins.
  EXPECT_EQ(Tokens("DAD MATIN ALLAH"), "dad matin alah");
  EXPECT_EQ(Tokens("Nemat Allah"), "nemat alah");
  EXPECT_EQ(Tokens("امان الله").find(' '), std::string::npos);
  // Names that only look as if they ended in it still join.
  EXPECT_EQ(Tokens("Salah Eddin"), "salahudin");
  EXPECT_EQ(Tokens("Noor Ullah"), "norulah");
}

TEST(Normalize, MistypedAbdulStillJoinsItsWord) {
  for (const char* s : {"Asdul Latif", "Abdlu Latif", "Adul Latif", "Abdeul Latif",
                        "ABDmL LATIF", "Abduhl Latif"}) {
    EXPECT_EQ(Tokens(s), "abdulatif") << s;
  }
  EXPECT_EQ(Tokens("Abduh Latif"), Tokens("Abduh") + " latif");  // Abduh is a name
  EXPECT_EQ(Tokens("Asdul"), "asdul");              // alone, nothing to join
  EXPECT_EQ(Tokens("Abul Hasan"), "abulhasan");     // Abu'l joins as Abd- does
  EXPECT_EQ(Tokens("Abdel Ghani"), "abdulghani");   // the real particles as before
  EXPECT_EQ(Tokens("Abdur Rahman"), "abdurahman");
}

TEST(Normalize, MistypedMuhammadIsMuhammad) {
  for (const char* s : {"Mohammda", "Mohkammad", "Mohdmmad", "MOHAMsAD", "Mohammeo", "Muhamamd"}) {
    EXPECT_EQ(Tokens(s), "muhamad") << s;
  }
  // Other names near it are not: a letter added at the end, or two letters apart.
  for (const char* s : {"Mohammadi", "Mohamedi", "Mohmand", "Mahmud", "Mohsen"}) {
    EXPECT_NE(Tokens(s), "muhamad") << s;
  }
}

TEST(Normalize, ArticleAndPatronymicParticlesDropped) {
  EXPECT_EQ(Tokens("Abu Bakr al-Baghdadi"), "abu bakr baghdadi");
  EXPECT_EQ(Tokens("Osama bin Laden"), "osama laden");
  EXPECT_EQ(Tokens("Ahmad ibn Hanbal"), "ahmad hanbal");
  EXPECT_EQ(Tokens("البغدادي"), "bghdadi");  // the article joined in Arabic script
  EXPECT_EQ(Tokens("Bin"), "bin");            // a one-word name is kept
}

TEST(Normalize, TitlesKeptCanonicalAndFlagged) {
  EXPECT_EQ(Tokens("Mullah Omar"), "mula* omar");
  EXPECT_EQ(Tokens("Mulla Omar"), "mula* omar");
  EXPECT_EQ(Tokens("Maulvi Adam Khan"), "mawlawi* adam khan*");
  EXPECT_EQ(Tokens("Maulavi Adam"), "mawlawi* adam");
  EXPECT_EQ(Tokens("Mawlawi Adam"), "mawlawi* adam");
  EXPECT_EQ(Tokens("Haji Satar"), "haji* satar");
  EXPECT_EQ(Tokens("Alhaj Satar"), "haji* satar");
  EXPECT_EQ(Tokens("Qari Zia"), "qari* zia");
  EXPECT_EQ(Tokens("Sayed Esmatullah"), "sayed* esmatulah");
  EXPECT_EQ(Tokens("Syed Esmatullah"), "sayed* esmatulah");
  EXPECT_EQ(Tokens("Sayyid Esmatullah"), "sayed* esmatulah");
  EXPECT_EQ(Tokens("Zia Agha"), "zia agha*");
  EXPECT_EQ(Tokens("Zia Aga"), "zia agha*");
  EXPECT_EQ(Tokens("ملا عمر"), "mula* amr");
  EXPECT_EQ(Tokens("مولوی حاجی سید آغا عمر"), "mawlawi* haji* sayed* agha* amr");
  // Titles are names too: a name of titles only keeps them as ordinary tokens.
  EXPECT_EQ(Tokens("Agha Khan"), "agha khan");
}

TEST(Normalize, LastCommaFirstTurnsRound) {
  EXPECT_EQ(Tokens("BARADAR, Abdul Ghani"), "abdulghani baradar");
  EXPECT_EQ(Tokens("Abdul Ghani Baradar"), "abdulghani baradar");
  EXPECT_EQ(Tokens("a, b, c"), "a b c");  // more than one comma: just separators
}

TEST(Normalize, DoubledLettersAndAbbreviations) {
  EXPECT_EQ(Tokens("Muhammad"), "muhamad");
  EXPECT_EQ(Tokens("Mohd"), "muhamad");
  EXPECT_EQ(Tokens("Sa'id Mas'ud"), "said masud");
}

TEST(Normalize, SkeletonsIgnoreVowelsAndSpellingVariants) {
  EXPECT_EQ(Skeleton("muhamad"), "mhmd");
  EXPECT_EQ(Skeleton("mohamed"), "mhmd");
  EXPECT_EQ(Skeleton("mhmd"), "mhmd");
  EXPECT_EQ(Skeleton("khalid"), "xld");
  EXPECT_EQ(Skeleton("qadir"), Skeleton("kadir"));
  EXPECT_EQ(Skeleton("abdulah"), Skeleton("abdula"));  // final h dropped
  EXPECT_EQ(Skeleton("dawud"), Skeleton("daud"));     // w reads as a vowel
  EXPECT_EQ(Skeleton("petra"), Skeleton("bitra"));    // Arabic script writes p as b
  EXPECT_EQ(Skeleton("cheb"), Skeleton("shab"));      // ch and sh are one sound class
  EXPECT_EQ(Skeleton("cisar"), Skeleton("sisar"));    // a soft c is an s
  EXPECT_EQ(Skeleton("cabir"), Skeleton("kabir"));    // a hard c is a k
  EXPECT_EQ(Skeleton("omari"), "amri");               // the final vowel is written: not Omar
  EXPECT_EQ(Skeleton("ahmad"), "ahmd");               // initial vowel: not Hamid
  EXPECT_NE(Skeleton("ahmad"), Skeleton("hamid"));
  EXPECT_EQ(Skeleton("zalmai"), Skeleton("dzalmai"));  // ځ
}

TEST(Normalize, ScriptIndependentKeysAgreeAcrossScripts) {
  EXPECT_EQ(CompactSkeleton("عبدالغنی"), CompactSkeleton("Abdul Ghani"));
  EXPECT_EQ(CompactSkeleton("عبد الغنی برادر"), CompactSkeleton("Abdulghani Baradar"));
  EXPECT_EQ(CompactSkeleton("محمد عمر"), CompactSkeleton("Mohammed Omar"));
  EXPECT_EQ(CompactSkeleton("عبدالرحمن"), CompactSkeleton("Abdur Rahman"));
  EXPECT_EQ(CompactSkeleton("عبدالله"), CompactSkeleton("Abdullah"));
  EXPECT_EQ(CompactSkeleton("نعمت‌الله"), CompactSkeleton("Nematullah"));
}

TEST(Normalize, RejectsBadInput) {
  EXPECT_EQ(NormalizeName("Omar \xC3").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NormalizeName("\xED\xA0\x80").status().code(), StatusCode::kInvalidArgument);  // surrogate
  EXPECT_EQ(NormalizeName(std::string("a\0b", 3)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NormalizeName(std::string(kMaxNameBytes + 1, 'a')).status().code(),
            StatusCode::kResourceExhausted);
  auto empty = NormalizeName(" - , ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->tokens.empty());
}

TEST(Normalize, FieldsCompareWithoutDecoration) {
  EXPECT_EQ(NormalizeField("Paktika Province"), NormalizeField("paktika"));
  EXPECT_EQ(NormalizeField("Kandahar"), "kandahar");
  EXPECT_EQ(NormalizeField("\xFF"), "");
}

}  // namespace
}  // namespace jirga::match
