// The strict CSV reader for lists of people: accepted forms and each rejected one.
#include "match/name_csv.h"

#include <gtest/gtest.h>

namespace jirga::match {
namespace {

using namespace std::string_literals;

TEST(NameCsv, ColumnsInAnyOrderQuotedFieldsBomAndCrlf) {
  auto r = ParseNameCsv(
      "\xEF\xBB\xBF" "birth_year,name,id,father_name,province,tribe,grandfather_name\r\n"
      "1969,\"BARADAR, Abdul Ghani\",A1,\"Abdul \"\"Ahmad\"\"\",Uruzgan,Popalzai,\r\n"
      ",عبدالغنی برادر,A2,,,,\"two\nlines\"\n",
      "l.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "A1");
  EXPECT_EQ((*r)[0].name, "BARADAR, Abdul Ghani");
  EXPECT_EQ((*r)[0].father_name, "Abdul \"Ahmad\"");
  EXPECT_EQ((*r)[0].province, "Uruzgan");
  EXPECT_EQ((*r)[0].tribe, "Popalzai");
  EXPECT_EQ((*r)[0].birth_year, 1969);
  EXPECT_EQ((*r)[1].name, "عبدالغنی برادر");
  EXPECT_FALSE((*r)[1].birth_year.has_value());
  EXPECT_EQ((*r)[1].grandfather_name, "two\nlines");
}

TEST(NameCsv, OnlyIdAndNameAreRequired) {
  auto r = ParseNameCsv("id,name\n1,Omar", "l.csv");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].name, "Omar");
}

void ExpectRejected(const std::string& text, const std::string& message_part,
                    StatusCode code = StatusCode::kInvalidArgument) {
  auto r = ParseNameCsv(text, "l.csv");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(message_part), std::string::npos) << r.status().ToString();
  EXPECT_EQ(r.status().message().rfind("l.csv", 0), 0u) << r.status().ToString();
}

TEST(NameCsv, RejectsBadLists) {
  ExpectRejected("", "empty file");
  ExpectRejected("name\nOmar\n", "no \"id\" column");
  ExpectRejected("id\n1\n", "no \"name\" column");
  ExpectRejected("id,name,notes\n1,Omar,x\n", "unknown column \"notes\"");
  ExpectRejected("id,name,name\n1,Omar,Omar\n", "appears twice");
  ExpectRejected("id,name\n1,Omar\n1,Umar\n", "line 3: duplicate id \"1\"");
  ExpectRejected("id,name\n,Omar\n", "empty id");
  ExpectRejected("id,name\n1,\n", "empty name");
  ExpectRejected("id,name\n1,Omar,extra\n", "line 2: 3 fields where the header has 2");
  ExpectRejected("id,name\n1\n", "1 fields where the header has 2");
  ExpectRejected("id,name\n1,\"Omar\n", "line 2: unterminated quoted field");
  ExpectRejected("id,name\n1,\"Omar\"x\n", "text after a closing quote");
  ExpectRejected("id,name\n1,Om\"ar\n", "quote inside an unquoted field");
  ExpectRejected("id,name\n1,Omar\n2,\xC3\x28\n", "line 3: invalid UTF-8");
  ExpectRejected("id,name\n1,Om\0ar\n"s, "NUL");
  ExpectRejected("id,name,birth_year\n1,Omar,19x9\n", "birth_year \"19x9\"");
  ExpectRejected("id,name,birth_year\n1,Omar,99999\n", "between 1000 and 2100");
  ExpectRejected("id,name\n1," + std::string(10 << 20, 'a') + "\n", "longer than",
                 StatusCode::kResourceExhausted);
}

TEST(NameCsv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("A1"), "A1");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("=1+1"), "=1+1");  // ids are never altered
}

}  // namespace
}  // namespace jirga::match
