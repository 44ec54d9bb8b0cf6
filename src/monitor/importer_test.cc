// Tests of the two-pass importer with a fake lookup and a fake sink: atomicity, --skip-invalid,
// idempotency, supersede on a newer version, ids repeated in one file, deterministic records.
#include "monitor/importer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/clock.h"
#include "monitor/acled.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

// A log of (dataset, id) → {index, version} kept by the fake sink, as the real view would.
struct FakeLedger : ImportLookup, ImportSink {
  std::vector<Record> records;
  std::vector<Submission> submissions;
  std::map<std::string, ImportedVersion> imported;  // id → current
  int append_calls = 0;
  int fail_on_call = -1;  // Append number that fails

  Result<std::map<std::string, ImportedVersion>> Find(
      std::string_view, const std::vector<std::string>& ids) override {
    EXPECT_LE(ids.size(), 1000u);
    std::map<std::string, ImportedVersion> out;
    for (const auto& id : ids) {
      if (auto it = imported.find(id); it != imported.end()) out.emplace(id, it->second);
    }
    return out;
  }
  Result<std::vector<uint64_t>> Append(std::vector<SignedImport> batch) override {
    if (append_calls++ == fail_on_call) return IOError("disk on fire");
    std::vector<uint64_t> idx;
    for (auto& s : batch) {
      const uint64_t index = records.size() + 1;
      const Json& b = s.record.kind == "incident" ? s.record.body : s.record.body["incident"];
      const std::string id = b["import"]["id"];
      if (s.record.kind == "incident") {
        imported[id] = {index, b["import"]["version"]};
      } else {
        imported[id].version = b["import"]["version"];
      }
      records.push_back(s.record);
      submissions.push_back(s.submission);
      idx.push_back(index);
    }
    return idx;
  }
};

std::string Row(const std::string& id, const std::string& fatalities, const std::string& ts,
                const std::string& date = "2020-03-01") {
  return id + "," + date + ",Battles,Armed clash,Taliban,1,Afghanistan,Helmand,31.5,64.3," +
         fatalities + "," + ts + "\n";
}
const char* kHeader =
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,country,admin1,latitude,"
    "longitude,fatalities,timestamp\n";

class ImporterTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const std::string path = dir_.path() + "/f" + std::to_string(files_++) + ".csv";
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  Result<ImportSummary> Run(const std::string& path, ImportOptions options = {}) {
    auto mapper = NewAcledMapper(**FindCountry("AF"));
    skipped_.clear();
    options.clock = &clock_;
    return RunImport(path, *mapper, ledger_, ledger_, "party-a", key_, options,
                     [&](const SkippedRow& s) { skipped_.push_back(s); });
  }

  testing::TempDir dir_;
  int files_ = 0;
  FakeClock clock_{1700000000LL * 1000000};
  SigningKey key_ = SigningKey::Generate("party-a-key");
  FakeLedger ledger_;
  std::vector<SkippedRow> skipped_;
};

TEST_F(ImporterTest, ImportsEveryRowAndSummarises) {
  auto s = Run(Write(std::string(kHeader) + Row("AFG1", "3", "1600000000") +
                     Row("AFG2", "0", "1600000001")));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows, 2u);
  EXPECT_EQ(s->imported, 2u);
  ASSERT_EQ(ledger_.records.size(), 2u);
  EXPECT_EQ(ledger_.records[0].kind, "incident");
  EXPECT_EQ(ledger_.records[0].party, "party-a");
  EXPECT_EQ(ledger_.records[0].time, "2020-09-13T12:26:40Z");  // the row's timestamp
}

TEST_F(ImporterTest, AnInvalidRowAnywhereImportsNothing) {
  std::string text = kHeader;
  for (int i = 0; i < 2500; ++i) text += Row("AFG" + std::to_string(i), "1", "1600000000");
  text += Row("AFGX", "many", "1600000000");
  auto s = Run(Write(text));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "line 2502: fatalities: \"many\" is not a whole number");
  EXPECT_EQ(ledger_.append_calls, 0);
}

TEST_F(ImporterTest, ARowDatedInTheFutureIsInvalid) {
  auto s = Run(Write(std::string(kHeader) + Row("AFG1", "1", "1800000000")));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("line 2: the row's time 2027-01-15T08:00:00Z is in the "
                                      "future"),
            std::string::npos)
      << s.status().message();
}

TEST_F(ImporterTest, SkipInvalidImportsTheRestAndListsTheSkipped) {
  ImportOptions o;
  o.skip_invalid = true;
  auto s = Run(Write(std::string(kHeader) + Row("AFG1", "1", "1600000000") +
                     Row("AFG2", "x", "1600000000") + Row("AFG3", "1", "1600000000", "2020-02-30")),
               o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->imported, 1u);
  EXPECT_EQ(s->skipped, 2u);
  ASSERT_EQ(skipped_.size(), 2u);
  EXPECT_EQ(skipped_[0].line, 3u);
  EXPECT_EQ(skipped_[1].line, 4u);
  EXPECT_NE(skipped_[1].reason.find("is not a real date"), std::string::npos);
}

TEST_F(ImporterTest, ACsvErrorStopsEvenWithSkipInvalid) {
  ImportOptions o;
  o.skip_invalid = true;
  auto s = Run(Write(std::string(kHeader) + Row("AFG1", "1", "1600000000") + "AFG2,\"open\n"), o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("line 3: unterminated quoted field"), std::string::npos);
  EXPECT_EQ(ledger_.append_calls, 0);
}

TEST_F(ImporterTest, ReimportAppendsNothing) {
  const std::string f = Write(std::string(kHeader) + Row("AFG1", "1", "1600000000") +
                              Row("AFG2", "2", "1600000000"));
  ASSERT_TRUE(Run(f).ok());
  auto again = Run(f);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->imported, 0u);
  EXPECT_EQ(again->unchanged, 2u);
  EXPECT_EQ(ledger_.records.size(), 2u);
}

TEST_F(ImporterTest, ANewerTimestampSupersedesAndAnOlderOneIsIgnored) {
  ASSERT_TRUE(Run(Write(std::string(kHeader) + Row("AFG1", "1", "1600000000"))).ok());
  auto older = Run(Write(std::string(kHeader) + Row("AFG1", "9", "1500000000")));
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->unchanged, 1u);
  auto newer = Run(Write(std::string(kHeader) + Row("AFG1", "5", "1600000500")));
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer->superseded, 1u);
  ASSERT_EQ(ledger_.records.size(), 2u);
  const Record& r = ledger_.records[1];
  EXPECT_EQ(r.kind, "response");
  EXPECT_EQ(r.body["action"], "supersede");
  EXPECT_EQ(r.body["to"], 1);
  EXPECT_EQ(r.body["incident"]["fatalities"]["unknown"]["best"], 5);
  EXPECT_FALSE(r.body.contains("aspects"));
  EXPECT_EQ(ledger_.imported["AFG1"].version, "1600000500");
}

TEST_F(ImporterTest, AnIdTwiceInOneFileIsImportedOnceThenSuperseded) {
  auto s = Run(Write(std::string(kHeader) + Row("AFG1", "1", "1600000000") +
                     Row("AFG1", "1", "1600000000") + Row("AFG1", "4", "1600000100")));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->imported, 1u);
  EXPECT_EQ(s->unchanged, 1u);
  EXPECT_EQ(s->superseded, 1u);
}

TEST_F(ImporterTest, BatchesStayWithinTheLimit) {
  std::string text = kHeader;
  for (int i = 0; i < 2345; ++i) text += Row("AFG" + std::to_string(i), "1", "1600000000");
  ImportOptions o;
  o.batch_rows = 1000;
  auto s = Run(Write(text), o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->imported, 2345u);
  EXPECT_EQ(ledger_.append_calls, 3);
}

TEST_F(ImporterTest, RecordsAreAFunctionOfTheRowAndTheKey) {
  const std::string f = Write(std::string(kHeader) + Row("AFG1", "1", "1600000000"));
  ASSERT_TRUE(Run(f).ok());
  FakeLedger first = ledger_;
  ledger_ = FakeLedger();
  ASSERT_TRUE(Run(f).ok());
  ASSERT_EQ(ledger_.submissions.size(), 1u);
  EXPECT_EQ(ledger_.submissions[0].record, first.submissions[0].record);
  EXPECT_EQ(ledger_.submissions[0].salt, first.submissions[0].salt);
  EXPECT_EQ(ledger_.submissions[0].sig, first.submissions[0].sig);
  // Another key gives another salt (nobody else can predict the commitment).
  key_ = SigningKey::Generate("other");
  ledger_ = FakeLedger();
  ASSERT_TRUE(Run(f).ok());
  EXPECT_NE(ledger_.submissions[0].salt, first.submissions[0].salt);
}

TEST_F(ImporterTest, ASinkFailureStopsTheImport) {
  std::string text = kHeader;
  for (int i = 0; i < 30; ++i) text += Row("AFG" + std::to_string(i), "1", "1600000000");
  ImportOptions o;
  o.batch_rows = 10;
  ledger_.fail_on_call = 1;
  auto s = Run(Write(text), o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "disk on fire");
  EXPECT_EQ(ledger_.records.size(), 10u);
  // Running it again completes it without duplicates.
  ledger_.fail_on_call = -1;
  auto again = Run(Write(text), o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->imported, 20u);
  EXPECT_EQ(again->unchanged, 10u);
}

TEST_F(ImporterTest, EmptyAndHeaderOnlyFilesAreRefused) {
  EXPECT_FALSE(Run(Write("")).ok());
  auto s = Run(Write(kHeader));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "the file has no data rows");
  EXPECT_EQ(Run(dir_.path() + "/missing.csv").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace jirga
