// Scenarios for record envelopes, commitments and leaves.
#include "ledger/record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;

TEST(Record, CanonicalSerializationRoundTripsAndKeepsFieldOrder) {
  Record r;
  r.kind = "statement";
  r.party = "gov";
  r.time = "2020-03-03T09:00:00Z";
  r.body = {{"title", "t"}, {"text", "x"}};
  r.refs = {{"contests", 7}};
  std::string bytes = SerializeRecord(r);
  EXPECT_EQ(bytes.rfind(R"({"v":1,"kind":"statement","party":"gov","time":"2020-03-03T09:00:00Z",)", 0), 0u) << bytes;
  auto back = ParseRecord(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->refs[0].index, 7u);
  EXPECT_EQ(back->refs[0].rel, "contests");
  EXPECT_EQ(SerializeRecord(*back), bytes);
}

TEST(Record, CanonicalBytesAreCompactWithSortedBodyKeysAndEscapedStrings) {
  Record r;
  r.kind = "statement";
  r.party = "gov";
  r.time = "2020-03-03T09:00:00Z";
  // Body keys are written sorted; non-ASCII text stays UTF-8; quotes and control characters are
  // escaped as JSON requires.
  r.body = {{"title", "Q\"\n"}, {"lang", "ps"}, {"text", "سوله"}, {"n", 1.5}, {"k", {3, true}}};
  r.refs = {{"contests", 7}, {"cites", 0}};
  EXPECT_EQ(SerializeRecord(r),
            "{\"v\":1,\"kind\":\"statement\",\"party\":\"gov\",\"time\":\"2020-03-03T09:00:00Z\","
            "\"body\":{\"k\":[3,true],\"lang\":\"ps\",\"n\":1.5,\"text\":\"سوله\",\"title\":\"Q\\\"\\n\"},"
            "\"refs\":[{\"rel\":\"contests\",\"index\":7},{\"rel\":\"cites\",\"index\":0}]}");
  r.refs.clear();
  r.body = Json::object();
  EXPECT_EQ(SerializeRecord(r),
            R"({"v":1,"kind":"statement","party":"gov","time":"2020-03-03T09:00:00Z","body":{}})");
}

TEST(Record, MakeRecordChecksPartsLikeParseRecord) {
  auto ok = MakeRecord("statement", "gov", "2020-03-03T09:00:00Z", Json{{"a", 1}},
                       Json::parse(R"([{"rel":"cites","index":3}])"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->refs.size(), 1u);
  EXPECT_EQ(ok->time_micros, *ParseRfc3339("2020-03-03T09:00:00Z"));
  struct Case {
    const char* kind;
    const char* party;
    const char* time;
    Json body;
    Json refs;
    const char* message;
  } cases[] = {
      {"Statement", "gov", "2020-03-03T09:00:00Z", Json::object(), nullptr, "kind \"Statement\""},
      {"statement", "g v", "2020-03-03T09:00:00Z", Json::object(), nullptr, "party \"g v\""},
      {"statement", "gov", "2020-02-30T09:00:00Z", Json::object(), nullptr, "2020-02-30"},
      {"statement", "gov", "2020-03-03T09:00:00Z", Json::array(), nullptr, "must be an object"},
      {"statement", "gov", "2020-03-03T09:00:00Z", Json::object(), Json{{"rel", "x"}}, "must be an array"},
      {"statement", "gov", "2020-03-03T09:00:00Z", Json::object(),
       Json::parse(R"([{"rel":"x","index":1,"why":2}])"), "unknown field \"why\""},
  };
  for (const auto& c : cases) {
    auto r = MakeRecord(c.kind, c.party, c.time, c.body, c.refs);
    EXPECT_FALSE(r.ok()) << c.message;
    EXPECT_THAT(r.status().message(), HasSubstr(c.message));
  }
}

TEST(Record, EnvelopeViolationsNameTheField) {
  struct Case {
    const char* json;
    const char* message;
  } cases[] = {
      {R"({"v":1,"kind":"statement","party":"gov","time":"2020-03-03T09:00:00Z"})", "missing \"body\""},
      {R"({"v":2,"kind":"s","party":"gov","time":"2020-03-03T09:00:00Z","body":{}})", "version 2"},
      {R"({"v":1,"kind":"s","party":"Gov","time":"2020-03-03T09:00:00Z","body":{}})", "party \"Gov\""},
      {R"({"v":1,"kind":"s","party":"gov","time":"2020-03-03 09:00:00","body":{}})", "RFC 3339"},
      {R"({"v":1,"kind":"s","party":"gov","time":"1850-01-01T00:00:00Z","body":{}})", "out of range"},
      {R"({"v":1,"kind":"s","party":"gov","time":"2020-03-03T09:00:00Z","body":[]})", "must be an object"},
      {R"({"v":1,"kind":"s","party":"gov","time":"2020-03-03T09:00:00Z","body":{},"extra":1})", "unknown field \"extra\""},
      {R"({"v":1,"kind":"s","party":"gov","time":"2020-03-03T09:00:00Z","body":{},"refs":[{"rel":"x","index":-1}]})", "non-negative"},
      {R"({"v":1,"kind":"s","party":"gov","party":"iea","time":"2020-03-03T09:00:00Z","body":{}})", "duplicate"},
  };
  for (const auto& c : cases) {
    auto r = ParseRecord(c.json);
    EXPECT_FALSE(r.ok()) << c.json;
    EXPECT_THAT(r.status().message(), HasSubstr(c.message)) << c.json;
  }
}

TEST(Record, OversizedRecordsAreRefusedBeforeParsing) {
  std::string big(kMaxRecordBytes + 1, ' ');
  EXPECT_EQ(ParseRecord(big).status().code(), StatusCode::kResourceExhausted);
}

TEST(Record, LeafLayoutIsKeyHashSignatureCommitment) {
  InitCrypto();
  SigningKey key = *SigningKey::FromSeed("k", std::string(32, 'k'));
  Submission s = SignRecord(R"({"v":1})", key);
  Hash commitment = Sha256Concat(s.salt, s.record);
  std::string leaf = Leaf{key.verifier().PubHash(), s.sig, commitment}.Serialize();
  ASSERT_EQ(leaf.size(), 128u);
  EXPECT_EQ(leaf.substr(0, 32), std::string(AsBytes(Sha256(std::string_view(
                                    reinterpret_cast<const char*>(key.verifier().pub.data()), 32)))));
  EXPECT_EQ(leaf.substr(96), std::string(AsBytes(commitment)));
  // The signature is over the domain-separated commitment, checkable with plain Ed25519.
  std::string msg = std::string("jirga/v1/record") + '\0' + std::string(AsBytes(commitment));
  EXPECT_TRUE(VerifySignature(key.verifier().pub, msg, s.sig));
  EXPECT_EQ(ParseLeaf(leaf.substr(1)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.salt, SignRecord(R"({"v":1})", key).salt);  // fresh salt each time
}

}  // namespace
}  // namespace jirga
