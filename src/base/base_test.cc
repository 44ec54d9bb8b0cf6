// Scenarios for the base utilities: strict codecs, strict JSON, RFC 3339 times.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/encoding.h"
#include "base/json.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;

TEST(Base64, RoundTripsEveryLengthAndMatchesRfc4648Vectors) {
  // RFC 4648 §10.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  std::string s;
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(*Base64Decode(Base64Encode(s)), s);
    s.push_back(static_cast<char>(i * 37));
  }
}

TEST(Base64, NonCanonicalAndMalformedInputIsRefused) {
  for (const char* bad : {"Zg=", "Zh==", "Zm9=", "Zm8", "Z===", "Zm9v\n", " Zm9v", "Zm-v", "====",
                          "Zg==Zg=="}) {
    EXPECT_FALSE(Base64Decode(bad).ok()) << bad;
  }
}

TEST(Hex, RoundTripsAndRefusesOddOrNonHex) {
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
  EXPECT_EQ(*HexDecode("01AB"), "\x01\xab");
  EXPECT_FALSE(HexDecode("abc").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(StrictJson, DuplicateKeysDeepNestingAndGarbageAreRefused) {
  EXPECT_THAT(ParseJsonStrict(R"({"a":1,"a":2})").status().message(), HasSubstr("duplicate"));
  EXPECT_THAT(ParseJsonStrict(R"({"x":{"a":1,"b":{"a":1,"a":1}}})").status().message(),
              HasSubstr("duplicate"));
  EXPECT_TRUE(ParseJsonStrict(R"({"a":{"a":1},"b":{"a":1}})").ok());  // same key, other objects
  EXPECT_THAT(ParseJsonStrict(std::string(100, '[') + std::string(100, ']')).status().message(),
              HasSubstr("deeper"));
  EXPECT_FALSE(ParseJsonStrict("{\"a\":1} x").ok());
  EXPECT_FALSE(ParseJsonStrict("\"\xff\"").ok());  // invalid UTF-8
  EXPECT_FALSE(ParseJsonStrict("").ok());
  EXPECT_THAT(ParseJsonStrict("{\"a\":").status().message(), HasSubstr("malformed JSON"));
}

TEST(StrictJson, BuildsTheSameValueAsAnOrdinaryParse) {
  // The strict parser builds its DOM itself; compare it with nlohmann's own DOM parser on
  // documents that exercise every value type, nesting, arrays of containers and escapes.
  for (const char* doc : {
           R"({"a":[1,-2,3.5,18446744073709551615,-9223372036854775808,true,false,null]})",
           R"([{"x":[[],{}]},[{"y":{"z":[1,[2,[3]]]}}],"s\u00e9\n\"q\"",{}])",
           R"({"record":"eyJhIjoxfQ==","salt":"AAAA","nested":{"k":[{"a":1},{"a":2}]}})",
           R"("just a string")", "42", "-0.5e-3", "null", "[]", "{}",
           R"({"ar":"\u0639\u0628\u062f\u0627\u0644\u063a\u0646\u06cc","e":""})"}) {
    auto strict = ParseJsonStrict(doc);
    ASSERT_TRUE(strict.ok()) << doc << ": " << strict.status().message();
    Json ordinary = Json::parse(doc);
    EXPECT_EQ(*strict, ordinary) << doc;
    EXPECT_EQ(strict->dump(), ordinary.dump()) << doc;  // same types too (int vs unsigned)
  }
}

TEST(Rfc3339, ParsesUtcAndFormatsBack) {
  auto t = ParseRfc3339("2020-02-29T12:34:56Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 1582979696LL * 1000000);
  EXPECT_EQ(FormatRfc3339(*t), "2020-02-29T12:34:56Z");
  EXPECT_EQ(*ParseRfc3339("2020-02-29T12:34:56.250Z"), 1582979696LL * 1000000 + 250000);
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
}

TEST(Rfc3339, ImpossibleDatesOffsetsAndOutOfRangeYearsAreRefused) {
  for (const char* bad : {"2019-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-04-31T00:00:00Z",
                          "2020-01-01T24:00:00Z", "2020-01-01T00:00:00+04:30", "2020-01-01",
                          "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "2020-01-01T00:00:00.Z",
                          "2020-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

TEST(FakeClock, AdvancesOnlyWhenTold) {
  FakeClock c(5);
  EXPECT_EQ(c.NowMicros(), 5);
  c.Advance(10);
  EXPECT_EQ(c.NowMicros(), 15);
}

}  // namespace
}  // namespace jirga
