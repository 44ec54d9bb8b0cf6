// Tests of the strict CSV reader: RFC 4180 cases, every refusal with its line number, limits, and a
// random round trip through the writer with the input delivered a few bytes at a time.
#include "monitor/csv_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace jirga {
namespace {

// A stream buffer that hands out at most `step` bytes per read, so every position in the input
// can fall on a buffer refill.
class TrickleBuf : public std::streambuf {
 public:
  TrickleBuf(std::string data, size_t step) : data_(std::move(data)), step_(step) {}

 protected:
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    const size_t k = std::min({static_cast<size_t>(n), step_, data_.size() - pos_});
    data_.copy(s, k, pos_);
    pos_ += k;
    return static_cast<std::streamsize>(k);
  }
  int_type underflow() override {
    return pos_ < data_.size() ? traits_type::to_int_type(data_[pos_]) : traits_type::eof();
  }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

struct Parsed {
  std::vector<std::vector<std::string>> records;
  std::vector<uint64_t> lines;
  Status status;
};

Parsed ParseAll(const std::string& text, CsvOptions options = {}, size_t step = 1 << 20) {
  TrickleBuf buf(text, step);
  std::istream in(&buf);
  CsvReader reader(in, options);
  Parsed p;
  CsvRecord rec;
  for (;;) {
    auto more = reader.Next(&rec);
    if (!more.ok()) {
      p.status = more.status();
      break;
    }
    if (!*more) break;
    std::vector<std::string> fields;
    for (size_t i = 0; i < rec.size(); ++i) fields.emplace_back(rec[i]);
    p.records.push_back(std::move(fields));
    p.lines.push_back(rec.line());
  }
  return p;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotedFieldsKeepCommasDoubledQuotesAndNewlines) {
  Parsed p = ParseAll("id,notes\r\n1,\"a, b\"\r\n2,\"he said \"\"no\"\"\nthen left\"\n3,\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.records, (Rows{{"id", "notes"},
                             {"1", "a, b"},
                             {"2", "he said \"no\"\nthen left"},
                             {"3", ""}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2, 3, 5}));
}

TEST(CsvReader, ByteOrderMarkIsNotPartOfTheFirstField) {
  Parsed p = ParseAll("\xEF\xBB\xBF\"id\",x\n1,2");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.records, (Rows{{"id", "x"}, {"1", "2"}}));
}

TEST(CsvReader, EmptyLinesAreSkippedButCounted) {
  Parsed p = ParseAll("a,b\n\n\r\n1,2\n\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.records, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 4}));
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereTheRecordStarts) {
  Parsed p = ParseAll("a,b\n1,2\n3,\"never closed\nmore\nmore\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status.message().find("line 3: unterminated quoted field"), std::string::npos)
      << p.status.message();
  EXPECT_EQ(p.records.size(), 2u);
}

TEST(CsvReader, WrongColumnCountIsAnErrorWithItsLine) {
  Parsed p = ParseAll("a,b,c\n1,\"x\ny\",3\n1,2\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message(), "line 4: 2 fields, expected 3");
}

TEST(CsvReader, ExpectedFieldCountAppliesToTheFirstRecordToo) {
  CsvOptions o;
  o.expected_fields = 3;
  Parsed p = ParseAll("1,2\n", o);
  EXPECT_EQ(p.status.message(), "line 1: 2 fields, expected 3");
}

TEST(CsvReader, RefusesMalformedInputNamingTheLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"a,b\n1,x\"y\n", "line 2: quote inside unquoted field 2"},
      {"a,b\n1,\"x\"y\n", "line 2: unexpected character after the closing quote of field 2"},
      {"a,b\n1,2\r3,4\n", "line 2: carriage return not followed by a line feed"},
      {"a,b\n1,2\n\r", "line 3: carriage return not followed by a line feed"},
      {"a,b\n1,\xff\n", "line 2: field 2 is not valid UTF-8"},
      {"a,b\n1,\"\xc0\xaf\"\n", "line 2: field 2 is not valid UTF-8"},   // overlong '/'
      {"a,b\n1,\xed\xa0\x80\n", "line 2: field 2 is not valid UTF-8"},  // surrogate
      {std::string("a,b\n1,x\0y\n", 10), "line 2: NUL byte in the input"},
      {std::string("a,b\n1,\"x\0\"\n", 11), "line 2: NUL byte in the input"},
      {"\xEF\xBB" "a,b\n", "line 1: malformed byte order mark"},
  };
  for (const Case& c : cases) {
    Parsed p = ParseAll(c.text);
    EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_EQ(p.status.message().substr(0, c.message.size()), c.message) << c.text;
  }
}

TEST(CsvReader, LimitsAreEnforcedWithoutReadingTheWholeField) {
  CsvOptions o;
  o.max_field_bytes = 10;
  o.max_record_bytes = 25;
  o.max_fields = 4;
  EXPECT_EQ(ParseAll("a\n" + std::string(11, 'x') + "\n", o).status.code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(ParseAll("a\n\"" + std::string(11, 'x') + "\"\n", o).status.code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(ParseAll("a\n" + std::string(10, 'x') + "\n", o).status.ok());
  Parsed rec = ParseAll("a,b,c\n" + std::string(9, 'x') + "," + std::string(9, 'x') + "," +
                            std::string(9, 'x') + "\n",
                        o);
  EXPECT_EQ(rec.status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(rec.status.message().find("line 2: record is longer"), std::string::npos);
  Parsed many = ParseAll("1,2,3,4,5\n", o);
  EXPECT_EQ(many.status.message(), "line 1: more than 4 fields");
  // A 100 MB quoted field that never closes fails at the limit, not at the end of input.
  Parsed huge = ParseAll("a\n\"" + std::string(100'000, 'x'), o);
  EXPECT_EQ(huge.status.code(), StatusCode::kResourceExhausted);
}

TEST(CsvReader, Utf8CheckAcceptsRealScripts) {
  EXPECT_TRUE(IsValidUtf8("هلمند ولایت"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  std::string out;
  AppendCsvRecord(&out, {"plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\n");
}

// Random tables written by the writer (LF or CRLF, with or without BOM) read back exactly, with
// the right start lines, whatever the read chunking.
TEST(CsvReader, RandomRoundTripThroughTheWriter) {
  std::mt19937 rng(20261125);
  const std::vector<std::string> atoms = {"a", "Z", "0", ",", "\"", "\r", "\n", "\r\n", " ",
                                          "é", "هلمند", "\xF0\x9F\x98\x80", "\"\"", ";", "\t"};
  for (int iter = 0; iter < 300; ++iter) {
    const size_t width = 1 + rng() % 6;
    const size_t height = rng() % 30;
    const bool crlf = rng() % 2, bom = rng() % 4 == 0;
    Rows rows;
    std::string text = bom ? "\xEF\xBB\xBF" : "";
    std::vector<uint64_t> lines;
    uint64_t line = 1;
    for (size_t r = 0; r < height; ++r) {
      std::vector<std::string> row;
      for (size_t f = 0; f < width; ++f) {
        std::string field;
        const size_t n = rng() % 5;
        for (size_t k = 0; k < n; ++k) field += atoms[rng() % atoms.size()];
        row.push_back(std::move(field));
      }
      // A record of one empty field is an empty line, which the reader skips by design.
      if (width == 1 && row[0].empty()) row[0] = "x";
      std::string rec;
      AppendCsvRecord(&rec, row);
      if (crlf) rec.insert(rec.size() - 1, "\r");
      lines.push_back(line);
      for (char c : rec) line += c == '\n';
      text += rec;
      rows.push_back(std::move(row));
    }
    if (rng() % 2 && !text.empty() && text.back() == '\n') {
      text.pop_back();  // no final line break
      if (crlf) text.pop_back();
    }
    const size_t step = 1 + rng() % 9;
    Parsed p = ParseAll(text, {}, step);
    ASSERT_TRUE(p.status.ok()) << p.status.ToString() << " iter " << iter;
    ASSERT_EQ(p.records, rows) << "iter " << iter;
    ASSERT_EQ(p.lines, lines) << "iter " << iter;
  }
}

// Random garbage never crashes the reader and every error names a line.
TEST(CsvReader, RandomBytesGiveRecordsOrALineNumberedError) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab,\"\r\n \xc3\xa9\xff";
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text;
    const size_t n = rng() % 40;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    Parsed p = ParseAll(text, {}, 1 + rng() % 5);
    if (!p.status.ok()) {
      EXPECT_EQ(p.status.message().rfind("line ", 0), 0u) << p.status.message();
    }
  }
}

}  // namespace
}  // namespace jirga
