// OFAC's legacy sdn/alt/add CSVs: fixtures written here in OFAC's layout ("-0- " empties, the
// Ctrl-Z end line), and each kind of broken file refused with the file and line.
#include "screening/ofac_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "screening/csv_rows.h"

namespace jirga::screening {
namespace {

using ::testing::HasSubstr;

const char kSdn[] =
    "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
    "7157,\"BARADAR, Abdul Ghani\",\"individual\",\"SDGT\",\"Deputy Commander\",-0- ,-0- ,-0- ,"
    "-0- ,-0- ,-0- ,\"DOB 1968; alt. DOB 1967; POB Weetmak Village, Uruzgan Province, "
    "Afghanistan; nationality Afghanistan.\"\r\n"
    "9999,\"SEA STAR\",\"vessel\",\"IRAN\",-0- ,\"9HXY2\",\"Crude Oil Tanker\",-0- ,\"150,000\","
    "\"Malta\",\"NITC\",-0- \r\n"
    "\x1A\r\n";
const char kAlt[] =
    "7157,101,\"aka\",\"BERADAR, Mullah\",-0- \r\n"
    "7157,102,\"aka\",\"Baradar Akhund\",\"weak aka\"\r\n"
    "36,103,\"fka\",\"AERO-CARIBBEAN\",-0- \r\n";
const char kAdd[] = "36,25,\"Calle 23 No. 64\",\"Vedado, Havana\",\"Cuba\",-0- \r\n";

TEST(OfacCsv, ThreeFilesMakeOneListWithAliasesAndAddresses) {
  auto list = ParseOfac({{"sdn.csv", kSdn}, {"alt.csv", kAlt}, {"add.csv", kAdd}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->format, "ofac");
  ASSERT_EQ(list->entries.size(), 3u);
  const ListEntry& air = list->entries[0];
  EXPECT_EQ(air.reference, "36");
  EXPECT_EQ(air.type, "entity");  // "-0- " type
  EXPECT_EQ(air.program, "CUBA");
  ASSERT_EQ(air.names.size(), 2u);
  EXPECT_EQ(air.names[1].text, "AERO-CARIBBEAN");
  EXPECT_EQ(air.addresses, std::vector<std::string>{"Calle 23 No. 64, Vedado, Havana, Cuba"});
  const ListEntry& b = list->entries[1];
  EXPECT_EQ(b.type, "individual");
  EXPECT_EQ(b.names[0].text, "BARADAR, Abdul Ghani");
  ASSERT_EQ(b.names.size(), 3u);
  EXPECT_EQ(b.names[1].kind, NameKind::kAlias);
  EXPECT_EQ(b.names[2].kind, NameKind::kLowAlias);  // "weak aka"
  EXPECT_EQ(b.birth_years, (std::vector<int>{1967, 1968}));
  EXPECT_EQ(list->entries[2].type, "vessel");
}

TEST(OfacCsv, FilesAreRecognisedByColumnCountInAnyOrder) {
  EXPECT_EQ(*OfacFileKind({"x", kSdn}), "sdn");
  EXPECT_EQ(*OfacFileKind({"y", kAlt}), "alt");
  EXPECT_EQ(*OfacFileKind({"z", kAdd}), "add");
  auto list = ParseOfac({{"a", kAlt}, {"s", kSdn}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->NameCount(), 6u);
}

Status OfacError(std::vector<SourceFile> files) { return ParseOfac(files).status(); }

TEST(OfacCsv, WrongColumnCountsAreRefusedNamingFileAndLine) {
  Status four = OfacError({{"sdn.csv", "1,\"A\",\"individual\",\"X\"\n"}});
  EXPECT_EQ(four.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(four.message(), HasSubstr("sdn.csv line 1: 4 columns"));
  std::string ragged =
      std::string(kSdn).substr(0, std::string(kSdn).find('\x1A')) + "12,\"SHORT\",-0- \r\n";
  Status r = OfacError({{"sdn.csv", ragged}});
  EXPECT_THAT(r.message(), HasSubstr("sdn.csv line 4: 3 fields where line 1 has 12"));
  EXPECT_THAT(OfacError({{"alt.csv", kAlt}}).message(), HasSubstr("no sdn.csv"));
  EXPECT_THAT(OfacError({{"a.csv", kSdn}, {"b.csv", kSdn}}).message(),
              HasSubstr("are both sdn files"));
}

TEST(OfacCsv, BadValuesAreRefused) {
  EXPECT_THAT(OfacError({{"sdn.csv", kSdn}, {"alt.csv", "555,1,\"aka\",\"X\",-0- \n"}}).message(),
              HasSubstr("alt.csv line 1: ent_num 555 is not in sdn.csv"));
  std::string bad_num = kSdn;
  bad_num.replace(0, 2, "3x");
  EXPECT_THAT(OfacError({{"sdn.csv", bad_num}}).message(), HasSubstr("is not a positive whole"));
  std::string dup =
      std::string("36,\"B\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n") + kSdn;
  EXPECT_THAT(OfacError({{"sdn.csv", dup}}).message(), HasSubstr("ent_num 36 is listed twice"));
  std::string empty_name = "5,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  EXPECT_THAT(OfacError({{"sdn.csv", empty_name}}).message(), HasSubstr("empty SDN_Name"));
}

TEST(OfacCsv, InvalidUtf8AndOversizedNamesAreRefused) {
  std::string latin1 = kSdn;
  latin1.replace(latin1.find("AEROCARIBBEAN"), 1, "\xC9");
  Status s = OfacError({{"sdn.csv", latin1}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("not valid UTF-8"));
  std::string big = "5,\"" + std::string(10 << 20, 'a') +
                    "\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  EXPECT_EQ(OfacError({{"sdn.csv", big}}).code(), StatusCode::kResourceExhausted);
  std::string long_name =
      "5,\"" + std::string(5000, 'a') + "\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  Status n = OfacError({{"sdn.csv", long_name}});
  EXPECT_EQ(n.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(n.message(), HasSubstr("SDN_Name is 5000 bytes"));
}

TEST(CsvRows, StrictQuotingRules) {
  auto ok = ParseCsvRows("a,\"b,\"\"c\"\"\nd\",e\r\nf,g,h\n", "t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].fields[1], "b,\"c\"\nd");
  EXPECT_EQ((*ok)[1].line, 3u);
  EXPECT_THAT(ParseCsvRows("a,b\"c\n", "t").status().message(), HasSubstr("a quote inside"));
  EXPECT_THAT(ParseCsvRows("a,\"b\"c\n", "t").status().message(), HasSubstr("after a closing"));
  EXPECT_THAT(ParseCsvRows("a,\"b\n", "t").status().message(), HasSubstr("unterminated"));
  EXPECT_THAT(ParseCsvRows("a,b\n\nc,d\n", "t").status().message(), HasSubstr("line 2: blank"));
  EXPECT_THAT(ParseCsvRows(std::string("a,\0,b\n", 6), "t").status().message(), HasSubstr("NUL"));
  // A Ctrl-Z anywhere but alone on the last line is data, and a field of it is kept.
  auto sub = ParseCsvRows("a,\x1A\n", "t");
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ((*sub)[0].fields[1], "\x1A");
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_TRUE(IsValidUtf8("عبدالغنی"));
}

}  // namespace
}  // namespace jirga::screening
