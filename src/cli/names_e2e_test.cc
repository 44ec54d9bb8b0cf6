// End-to-end: `jirga names match` through the real binary — the exact CSV and JSON output, and
// each kind of bad input list exiting with 2 and a clear message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "base/json.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::Jirga;
using testing::Lines;
using testing::TempDir;

class NamesMatchTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  TempDir dir_;
};

TEST_F(NamesMatchTest, CsvOutputIsExactGroupedByLeftIdInInputOrder) {
  std::string left = Write("l.csv",
                           "id,name,father_name\n"
                           "L2,\"BARADAR, Abdul Ghani\",\n"
                           "L1,محمد عمر,\n"
                           "L3,John Smith,\n"
                           "L4,Abdul Qadir,Abdul Basir\n");
  std::string right = Write("r.csv",
                            "name,id,father_name\n"
                            "Mohammad Omar,R1,\n"
                            "Abdul Ghani Baradar,\"R,2\",\n"
                            "Abdul Qadir,R3,Mohammad Nabi\n"
                            "Abdul Qadir,R4,Abdul Baseer\n");
  auto r = Jirga({"names", "match", "--left", left, "--right", right, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 5u) << r.out;
  EXPECT_EQ(lines[0], "left_id,right_id,score,decision");
  // L2 first (input order), its best candidate the quoted id "R,2".
  EXPECT_THAT(lines[1], ::testing::MatchesRegex("L2,\"R,2\",[01]\\.[0-9]{4},match"));
  EXPECT_THAT(lines[2], ::testing::MatchesRegex("L1,R1,[01]\\.[0-9]{4},match"));
  EXPECT_EQ(lines[3], "L3,,,no-match");
  // The namesake with the same father ranks above the one with another father.
  EXPECT_THAT(lines[4], ::testing::MatchesRegex("L4,R4,[01]\\.[0-9]{4},match"));
  for (size_t i = 5; i < lines.size(); ++i) {
    EXPECT_THAT(lines[i], ::testing::MatchesRegex("L4,R3,0\\.[0-9]{4},(review|no-match)"));
  }
  EXPECT_EQ(r.err, "");
}

TEST_F(NamesMatchTest, JsonOutputHasTheSameContent) {
  std::string left = Write("l.csv", "id,name\nL1,Mohammad Omar\nL2,Zzzz Qqqq\n");
  std::string right = Write("r.csv", "id,name\nR1,Muhammad Umar\n");
  auto r = Jirga({"names", "match", "--left", left, "--right", right, "--format", "json",
                  "--top", "1", "--threshold", "0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = ParseJsonStrict(r.out);
  ASSERT_TRUE(j.ok()) << r.out;
  ASSERT_EQ(j->size(), 2u);
  EXPECT_EQ((*j)[0]["left_id"], "L1");
  ASSERT_EQ((*j)[0]["candidates"].size(), 1u);
  EXPECT_EQ((*j)[0]["candidates"][0]["right_id"], "R1");
  EXPECT_EQ((*j)[0]["candidates"][0]["decision"], "match");
  EXPECT_EQ((*j)[1]["candidates"].size(), 0u);
}

TEST_F(NamesMatchTest, BadInputListsExitTwoWithAClearMessage) {
  std::string good = Write("good.csv", "id,name\nR1,Omar\n");
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"name\nOmar\n", "no \"id\" column"},
      {"id\n1\n", "no \"name\" column"},
      {"id,name\n1,Omar\n1,Umar\n", "duplicate id \"1\""},
      {"id,name\n1,\xff\xfe\n", "invalid UTF-8"},
      {"id,name\n1," + std::string(10 << 20, 'a') + "\n", "longer than"},
      {"id,name\n1,\"Omar\n", "unterminated quoted field"},
  };
  for (const Case& c : cases) {
    std::string bad = Write("bad.csv", c.text);
    for (bool bad_left : {true, false}) {
      auto r = Jirga({"names", "match", "--left", bad_left ? bad : good, "--right",
                      bad_left ? good : bad});
      EXPECT_EQ(r.exit_code, 3) << c.message << ": " << r.err;
      EXPECT_THAT(r.err, HasSubstr(c.message));
      EXPECT_THAT(r.err, HasSubstr("bad.csv"));
      EXPECT_EQ(r.out, "");
    }
  }
  auto missing = Jirga({"names", "match", "--left", dir_.File("none.csv"), "--right", good});
  EXPECT_NE(missing.exit_code, 0);
  auto bad_format = Jirga({"names", "match", "--left", good, "--right", good, "--format", "xml"});
  EXPECT_EQ(bad_format.exit_code, 2);
  auto bad_threshold =
      Jirga({"names", "match", "--left", good, "--right", good, "--threshold", "1.5"});
  EXPECT_EQ(bad_threshold.exit_code, 2);
}

}  // namespace
}  // namespace jirga
