// The UN list parser: the real 1988 list (counts taken from its raw text, not from the parser),
// alias splitting, and hostile or broken XML refused whole with a clear error.
#include "screening/un_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "base/file.h"
#include "testing/process.h"

namespace jirga::screening {
namespace {

using ::testing::HasSubstr;

constexpr char kUnSample[] = "sanctions/un_1988_taliban_2020-11-30.xml";

// A small list in the UN schema, written for these tests (with the INDIVIDUALS / ENTITIES
// wrappers the full consolidated list has).
std::string SmallList(const std::string& extra_individual = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-01-02T03:04:05Z"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ABDUL</FIRST_NAME><SECOND_NAME>GHANI</SECOND_NAME>
<THIRD_NAME>BARADAR</THIRD_NAME><REFERENCE_NUMBER>TAi.024</REFERENCE_NUMBER>
<LISTED_ON>2001-02-23</LISTED_ON><NAME_ORIGINAL_SCRIPT>عبدالغنی برادر</NAME_ORIGINAL_SCRIPT>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Mullah Baradar
Akhund</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Baradar Sahib</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY /><ALIAS_NAME /></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1968</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
<NATIONALITY><VALUE>Afghanistan</VALUE></NATIONALITY></INDIVIDUAL>)" +
         extra_individual + R"(
</INDIVIDUALS><ENTITIES>
<ENTITY><DATAID>2</DATAID><FIRST_NAME>ROSHAN MONEY EXCHANGE</FIRST_NAME>
<REFERENCE_NUMBER>TAe.011</REFERENCE_NUMBER>
<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Roshan Trading Company</ALIAS_NAME></ENTITY_ALIAS>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>
)";
}

const ListName* FindName(const ListEntry& e, std::string_view text) {
  for (const ListName& n : e.names) {
    if (n.text == text) return &n;
  }
  return nullptr;
}

TEST(UnXml, SmallListMapsEveryField) {
  auto list = ParseUnXml(SmallList());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->format, "un-xml");
  EXPECT_EQ(list->generated, "2024-01-02T03:04:05Z");
  ASSERT_EQ(list->entries.size(), 2u);
  const ListEntry& p = list->entries[0];
  EXPECT_EQ(p.reference, "TAi.024");
  EXPECT_EQ(p.id, "1");
  EXPECT_EQ(p.type, "individual");
  ASSERT_EQ(p.names.size(), 4u);
  EXPECT_EQ(p.names[0].text, "ABDUL GHANI BARADAR");
  EXPECT_EQ(p.names[0].kind, NameKind::kPrimary);
  EXPECT_EQ(p.names[1].kind, NameKind::kOriginalScript);
  // The line break inside the alias is one space.
  ASSERT_NE(FindName(p, "Mullah Baradar Akhund"), nullptr);
  EXPECT_EQ(FindName(p, "Mullah Baradar Akhund")->kind, NameKind::kAlias);
  ASSERT_NE(FindName(p, "Baradar Sahib"), nullptr);
  EXPECT_EQ(FindName(p, "Baradar Sahib")->kind, NameKind::kLowAlias);
  EXPECT_EQ(p.birth_years, std::vector<int>{1968});
  EXPECT_EQ(p.nationalities, std::vector<std::string>{"Afghanistan"});
  EXPECT_EQ(p.listed_on, "2001-02-23");
  EXPECT_EQ(list->entries[1].type, "entity");
  EXPECT_NE(FindName(list->entries[1], "Roshan Trading Company"), nullptr);
}

TEST(UnXml, AliasWithSeveralSpellingsInParenthesesBecomesSeveralNames) {
  EXPECT_EQ(SplitAliasText("حاجى مالك نورزى (Hajji Malik Noorzai; Hajji Malak Noorzai;\n"
                           "Haji Malek Noorzai)"),
            (std::vector<std::string>{"حاجى مالك نورزى", "Hajji Malik Noorzai",
                                      "Hajji Malak Noorzai", "Haji Malek Noorzai"}));
  EXPECT_EQ(
      SplitAliasText("Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد\n), "),
      (std::vector<std::string>{"Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد"}));
  EXPECT_TRUE(SplitAliasText(" ( ; ) ").empty());
}

// Counts occurrences of `needle` in `text`.
size_t Count(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string_view::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

TEST(UnXml, RealUn1988ListParsesWithCountsFromTheRawText) {
  const std::string dir = testing::SharedDataDir();
  if (dir.empty()) GTEST_SKIP() << "../shared/data is absent; skipping";
  auto raw = ReadFile(dir + "/" + kUnSample);
  if (!raw.ok() && raw.status().code() == StatusCode::kNotFound) GTEST_SKIP() << kUnSample;
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  auto list = ParseUnXml(*raw);
  ASSERT_TRUE(list.ok()) << list.status().ToString();

  size_t individuals = 0, entities = 0, original = 0;
  for (const ListEntry& e : list->entries) {
    (e.type == "individual" ? individuals : entities)++;
    for (const ListName& n : e.names) original += n.kind == NameKind::kOriginalScript;
  }
  EXPECT_EQ(individuals, Count(*raw, "<INDIVIDUAL>"));
  EXPECT_EQ(entities, Count(*raw, "<ENTITY>"));
  EXPECT_EQ(original,
            Count(*raw, "<NAME_ORIGINAL_SCRIPT>") - Count(*raw, "<NAME_ORIGINAL_SCRIPT />"));
  EXPECT_NE(list->generated.find("2020-11-30"), std::string::npos);

  // Every plain alias in the raw text (no parentheses or ';') is a name of the entry whose
  // REFERENCE_NUMBER precedes it, with its quality: found by scanning the text, not the tree.
  size_t checked = 0, low = 0;
  for (size_t p = raw->find("<ALIAS_NAME>"); p != std::string::npos;
       p = raw->find("<ALIAS_NAME>", p + 1)) {
    size_t start = p + 12, end = raw->find("</ALIAS_NAME>", start);
    std::string text = CollapseSpace(raw->substr(start, end - start));
    if (text.find_first_of("(;,") != std::string::npos) continue;
    size_t ref_at = raw->rfind("<REFERENCE_NUMBER>", p) + 18;
    std::string ref = raw->substr(ref_at, raw->find('<', ref_at) - ref_at);
    bool is_low = raw->rfind("<QUALITY>Low</QUALITY>", p) == p - 22;
    auto e = std::find_if(list->entries.begin(), list->entries.end(),
                          [&](const ListEntry& x) { return x.reference == ref; });
    ASSERT_NE(e, list->entries.end()) << ref;
    const ListName* n = FindName(*e, text);
    ASSERT_NE(n, nullptr) << ref << " alias " << text;
    if (n->kind != NameKind::kPrimary && n->kind != NameKind::kOriginalScript) {
      EXPECT_EQ(n->kind == NameKind::kLowAlias, is_low) << ref << " alias " << text;
    }
    ++checked;
    low += is_low;
  }
  EXPECT_GT(checked, 200u);
  EXPECT_GT(low, 20u);
  // The alias with a line break and three spellings in parentheses.
  auto noorzai = std::find_if(list->entries.begin(), list->entries.end(), [](const ListEntry& x) {
    return FindName(x, "Haji Malek Noorzai") != nullptr;
  });
  EXPECT_NE(noorzai, list->entries.end());
}

Status ParseError(const std::string& xml) { return ParseUnXml(xml).status(); }

TEST(UnXml, BillionLaughsIsRefusedBeforeAnyEntityIsDeclared) {
  std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n"
      "<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&" + prev + ";";
    bomb += "\">\n";
  }
  bomb +=
      "]>\n<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X</"
      "REFERENCE_NUMBER><FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></CONSOLIDATED_LIST>";
  Status s = ParseError(bomb);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("DOCTYPE"));
}

TEST(UnXml, ExternalEntityAndExternalDtdAreRefused) {
  Status xxe = ParseError(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X</REFERENCE_NUMBER>"
      "<FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></CONSOLIDATED_LIST>");
  EXPECT_EQ(xxe.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(xxe.message(), HasSubstr("DOCTYPE"));
  Status dtd = ParseError(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST SYSTEM "
      "\"http://127.0.0.1:9/list.dtd\">\n<CONSOLIDATED_LIST/>");
  EXPECT_EQ(dtd.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(dtd.message(), HasSubstr("DOCTYPE"));
  // An entity reference with nothing declared is simply malformed.
  Status undeclared = ParseError(
      "<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X</REFERENCE_NUMBER>"
      "<FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></CONSOLIDATED_LIST>");
  EXPECT_EQ(undeclared.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(undeclared.message(), HasSubstr("malformed XML"));
}

TEST(UnXml, TruncatedAndMalformedXmlAreRefusedWithTheLine) {
  std::string full = SmallList();
  Status truncated = ParseError(full.substr(0, full.size() / 2));
  EXPECT_EQ(truncated.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(truncated.message(), HasSubstr("malformed XML at line"));
  Status mismatched = ParseError("<CONSOLIDATED_LIST><INDIVIDUAL></ENTITY></CONSOLIDATED_LIST>");
  EXPECT_EQ(mismatched.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseError("").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseError("not xml at all").code(), StatusCode::kInvalidArgument);
}

TEST(UnXml, WrongRootOrUnexpectedElementsAreRefused) {
  Status root = ParseError("<?xml version=\"1.0\"?><sdnList><sdnEntry/></sdnList>");
  EXPECT_EQ(root.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(root.message(), HasSubstr("<sdnList>, not <CONSOLIDATED_LIST>"));
  Status child = ParseError("<CONSOLIDATED_LIST><PERSON/></CONSOLIDATED_LIST>");
  EXPECT_THAT(child.message(), HasSubstr("unexpected <PERSON>"));
  Status empty = ParseError("<CONSOLIDATED_LIST></CONSOLIDATED_LIST>");
  EXPECT_THAT(empty.message(), HasSubstr("no INDIVIDUAL or ENTITY"));
}

TEST(UnXml, EntriesWithoutReferenceOrNameOrRepeatedAreRefused) {
  EXPECT_THAT(ParseError("<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</"
                         "FIRST_NAME></INDIVIDUAL></CONSOLIDATED_LIST>")
                  .message(),
              HasSubstr("no REFERENCE_NUMBER"));
  EXPECT_THAT(ParseError("<CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>X"
                         "</REFERENCE_NUMBER></INDIVIDUAL></CONSOLIDATED_LIST>")
                  .message(),
              HasSubstr("entry X has no name"));
  std::string twice =
      "<INDIVIDUAL><DATAID>9</DATAID><FIRST_NAME>B</FIRST_NAME>"
      "<REFERENCE_NUMBER>TAi.024</REFERENCE_NUMBER></INDIVIDUAL>";
  EXPECT_THAT(ParseError(SmallList(twice)).message(), HasSubstr("TAi.024 is listed twice"));
}

TEST(UnXml, InvalidUtf8AndOtherEncodingsAreRefused) {
  std::string list = SmallList();
  list.replace(list.find("ROSHAN"), 1, "\xC3\x28");
  EXPECT_EQ(ParseError(list).code(), StatusCode::kInvalidArgument);
  Status latin1 = ParseError(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><CONSOLIDATED_LIST><INDIVIDUAL><DATAID>1"
      "</DATAID><REFERENCE_NUMBER>X</REFERENCE_NUMBER><FIRST_NAME>J\xE9r\xF4me</FIRST_NAME>"
      "</INDIVIDUAL></CONSOLIDATED_LIST>");
  EXPECT_EQ(latin1.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(latin1.message(), HasSubstr("only UTF-8"));
}

TEST(UnXml, OversizedNameDeepNestingAndHugeInputAreResourceExhausted) {
  std::string big_name = "<INDIVIDUAL><DATAID>9</DATAID><FIRST_NAME>" + std::string(10 << 20, 'a') +
                         "</FIRST_NAME><REFERENCE_NUMBER>TAi.999</REFERENCE_NUMBER></INDIVIDUAL>";
  Status name = ParseError(SmallList(big_name));
  EXPECT_EQ(name.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(name.message(), HasSubstr("TAi.999"));

  std::string alias =
      "<INDIVIDUAL><DATAID>9</DATAID><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>"
      "TAi.998</REFERENCE_NUMBER><INDIVIDUAL_ALIAS><ALIAS_NAME>" +
      std::string(10 << 20, 'b') + "</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>";
  EXPECT_EQ(ParseError(SmallList(alias)).code(), StatusCode::kResourceExhausted);

  std::string deep = "<CONSOLIDATED_LIST>";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  Status depth = ParseError(deep);
  EXPECT_EQ(depth.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(depth.message(), HasSubstr("deeper than"));

  std::string huge(kMaxListFileBytes + 1, ' ');
  EXPECT_EQ(ParseError(huge).code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace jirga::screening
