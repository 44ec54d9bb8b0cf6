// End-to-end scenarios for `jirga demo`: the real binary builds the Doha 2020 log, a second run
// reuses it without appending, the log verifies, compliance answers the public facts and is the
// same after a views rebuild, sessions name nobody, and the dashboard is served until SIGINT.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/json.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Jirga;
using testing::Lines;
using testing::TempDir;

class DemoCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    store_ = new std::string(dir_->File("demo/jirga.db"));
    std::string data = testing::SharedDataDir();
    ucdp_ = new std::string(data.empty() ? dir_->File("absent.csv")
                                         : data + "/events/ucdp_ged231_sample_afghanistan.csv");
    first_ = new testing::ProcessResult(
        Jirga({"demo", "--store", *store_, "--no-serve", "--ucdp", *ucdp_}));
  }
  static void TearDownTestSuite() {
    delete first_;
    delete ucdp_;
    delete store_;
    delete dir_;
  }
  static uint64_t Size() {
    auto lines = Lines(Jirga({"log", "checkpoint", "--store", *store_}).out);
    return lines.size() > 1 ? std::stoull(lines[1]) : 0;
  }
  static std::string Status(const std::string& day) {
    auto r = Jirga({"compliance", "status", "--store", *store_, "--at", day});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  static Json Clause(const std::string& day, const std::string& id) {
    auto j = ParseJsonStrict(Status(day));
    if (j.ok()) {
      for (const auto& c : *j) {
        if (c["id"] == id) return c;
      }
    }
    ADD_FAILURE() << "no clause " << id;
    return Json();
  }

  static TempDir* dir_;
  static std::string *store_, *ucdp_;
  static testing::ProcessResult* first_;
};

TempDir* DemoCliTest::dir_ = nullptr;
std::string* DemoCliTest::store_ = nullptr;
std::string* DemoCliTest::ucdp_ = nullptr;
testing::ProcessResult* DemoCliTest::first_ = nullptr;

TEST_F(DemoCliTest, BuildsTheScenarioWalksThroughItAndStopsWithNoServe) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  EXPECT_THAT(first_->out, HasSubstr("The parties sign and submit the Doha 2020 scenario"));
  EXPECT_THAT(first_->out, HasSubstr("synthetic illustrations and say so"));
  EXPECT_THAT(first_->out, HasSubstr("OK: leaf"));  // proof verify
  EXPECT_THAT(first_->out, HasSubstr("taliban-5000: 5000 entries released by the end of 2020"));
  EXPECT_THAT(first_->out, Not(HasSubstr("listening on")));
  if (testing::SharedDataDir().empty()) {
    EXPECT_THAT(first_->out, HasSubstr("skipped: "));
  } else {
    EXPECT_THAT(first_->out, HasSubstr("\"dataset\":\"ucdp-ged\""));
  }
}

TEST_F(DemoCliTest, ASecondRunReusesTheStoreAndAppendsNothingAndTheLogVerifies) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  uint64_t n = Size();
  auto again = Jirga({"demo", "--store", *store_, "--no-serve", "--ucdp", *ucdp_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("Reusing the existing demo log"));
  EXPECT_EQ(Size(), n);
  auto verify = Jirga({"log", "verify", "--store", *store_});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("OK: " + std::to_string(n) + " records"));
}

TEST_F(DemoCliTest, ComplianceAnswersThePublicFactsAndIsTheSameAfterAViewsRebuild) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  EXPECT_EQ(Clause("2020-03-11", "doha.prisoners-5000")["status"], "overdue");
  EXPECT_EQ(Clause("2020-07-20", "doha.us-drawdown-8600")["status"], "met");
  Json c = Clause("2020-09-30", "doha.prisoners-1000");
  EXPECT_EQ(c["status"], "met");
  EXPECT_EQ(c["late"], true);
  c = Clause("2021-01-15", "doha.us-withdrawal-full");
  EXPECT_EQ(c["status"], "pending");
  EXPECT_EQ(c["progress"]["value"], 2500);
  std::string before = Status("2020-09-30");
  auto rebuild = Jirga({"views", "rebuild", "--store", *store_});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_EQ(Status("2020-09-30"), before);
}

TEST_F(DemoCliTest, ExchangeStatusShowsEachListsReleaseScheduleAsTheComplianceEngineSeesIt) {
  for (const std::string day : {"2020-03-20", "2020-09-30"}) {
    auto r = Jirga({"exchange", "status", "--store", *store_, "--at", day, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto status = ParseJsonStrict(r.out);
    ASSERT_TRUE(status.ok()) << r.out;
    auto all = ParseJsonStrict(Status(day));
    ASSERT_TRUE(all.ok());
    size_t scheduled = 0;
    for (const Json& l : (*status)["lists"]) {
      const std::string needle = "released(\"" + l["list"].get<std::string>() + "\")";
      // Exactly the clauses whose metric counts this list, with the engine's status on that day.
      std::vector<std::string> want, got;
      for (const Json& c : *all) {
        if (c["metric"].is_string() &&
            c["metric"].get<std::string>().find(needle) != std::string::npos) {
          want.push_back(c["id"].get<std::string>() + "=" + c["status"].get<std::string>());
        }
      }
      for (const Json& c : l["schedule"]) {
        got.push_back(c["id"].get<std::string>() + "=" + c["status"].get<std::string>());
      }
      EXPECT_EQ(got, want) << l["list"] << " on " << day;
      scheduled += got.size();
    }
    EXPECT_GE(scheduled, 3u) << "the decree's stages and both release clauses";  // not vacuous
  }
  // The public record: on 20 March both release clauses are overdue.
  auto r = Jirga({"exchange", "status", "--store", *store_, "--at", "2020-03-20", "--format",
                  "table"});
  EXPECT_THAT(r.out, HasSubstr("schedule doha.prisoners-5000: overdue, 0 of 5000"));
}

TEST_F(DemoCliTest, SessionsListPointsAsTextWithoutAnyoneNextToThem) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  auto r = Jirga({"dialogue", "sessions", "--store", *store_, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json all = *ParseJsonStrict(r.out);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["date"], "2020-06-08");
  EXPECT_EQ(all[2]["date"], "2020-08-04");
  for (const auto& s : all) {
    for (const auto& p : s["points"]) ASSERT_TRUE(p.is_string()) << p.dump();
  }
  for (const char* who : {"Khalilzad", "Abdullah", "Qahtani"}) {
    EXPECT_THAT(r.out, Not(HasSubstr(who)));
  }
}

TEST_F(DemoCliTest, AStoreThatIsNotACompleteDemoIsRefusedAndLeftAlone) {
  TempDir dir;
  std::string store = dir.File("other.db");
  { std::ofstream(store) << "not a demo"; }
  auto r = Jirga({"demo", "--store", store, "--no-serve", "--ucdp", *ucdp_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("is not a complete demo log"));
  std::ifstream in(store);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "not a demo");
}

TEST_F(DemoCliTest, ABadListenAddressIsAUsageErrorBeforeAnythingIsBuilt) {
  TempDir dir;
  std::string store = dir.File("new.db");
  auto r = Jirga({"demo", "--store", store, "--listen", "localhost", "--ucdp", *ucdp_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--listen \"localhost\": no port"));
  EXPECT_FALSE(std::filesystem::exists(store));
}

TEST_F(DemoCliTest, ServesTheDashboardUntilSigint) {
  ASSERT_EQ(first_->exit_code, 0) << first_->err;
  testing::BackgroundProcess p({testing::JirgaBinary(), "demo", "--store", *store_, "--listen",
                                "127.0.0.1:0", "--ucdp", *ucdp_});
  std::string out;
  for (int i = 0; i < 600 && out.find("listening on http://") == std::string::npos; ++i) {
    out += p.ReadSome(100);
  }
  EXPECT_THAT(out, HasSubstr("listening on http://127.0.0.1:"));
  p.Kill(SIGINT);
  auto r = p.Wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace jirga
