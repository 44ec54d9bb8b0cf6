// Tests of the parser for a server's POST /v1/monitor/imported answer: what was asked is kept,
// anything malformed or unasked-for is a Corruption naming the problem.
#include "client/import_remote.h"

#include <gtest/gtest.h>

namespace jirga::client {
namespace {

TEST(ImportedAnswer, KeepsTheIdsAskedFor) {
  auto r = ParseImportedAnswer(
      R"({"found":{"AFG1":{"index":17,"version":"1618531200"}}})", {"AFG1", "AFG2"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->at("AFG1").index, 17u);
  EXPECT_EQ(r->at("AFG1").version, "1618531200");
  auto none = ParseImportedAnswer(R"({"found":{}})", {"AFG1"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(ImportedAnswer, MalformedOrUnaskedAnswersAreCorruption) {
  const std::vector<std::string> bad = {
      "not json",
      "[]",
      R"({"found":[]})",
      R"({"nothing":{}})",
      R"({"found":{"AFG9":{"index":1,"version":"1"}}})",   // not asked for
      R"({"found":{"AFG1":{"index":-1,"version":"1"}}})",  // negative index
      R"({"found":{"AFG1":{"index":1}}})",                 // no version
      R"({"found":{"AFG1":{"index":1,"version":2}}})",     // version not a string
      R"({"found":{"AFG1":{"index":1,"version":"1"},"AFG1":{"index":2,"version":"1"}}})",
  };
  for (const std::string& answer : bad) {
    auto r = ParseImportedAnswer(answer, {"AFG1"});
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << answer;
  }
}

}  // namespace
}  // namespace jirga::client
