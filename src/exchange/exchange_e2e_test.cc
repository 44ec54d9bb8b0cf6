// The real jirga binary with exchange records and redactions: `record show` of a redacted
// record, and kill -9 in the middle of a stream of redactions — the log still verifies, and every
// erasure is there exactly when its redaction record is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "base/json.h"
#include "kinds/all_kinds.h"
#include "ledger/record.h"
#include "ledger/redaction.h"
#include "ledger/verify.h"
#include "store/store.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::AddParty;
using testing::Jirga;
using testing::Lines;
using testing::TempDir;

std::string PrisonerLine(int n) {
  return Json{{"kind", "prisoner"},
              {"body",
               {{"list", "taliban-5000"},
                {"entry", "T-" + std::to_string(n)},
                {"listing_party", "iea"},
                {"name", "Synthetic Person " + std::to_string(n)},
                {"synthetic", true}}}}
      .dump();
}

std::string RedactionLine(uint64_t index) {
  return Json{{"kind", "redaction"}, {"body", {{"index", index}, {"reason", "test erasure"}}}}
      .dump();
}

// A log with iea (belligerent, 1) and unama (mediator, 2).
class ExchangeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.File("log.db");
    ASSERT_EQ(Jirga({"init", "--store", store_, "--origin", "test.example/log"}).exit_code, 0);
    for (auto [id, role] : {std::pair{"iea", "belligerent"}, std::pair{"unama", "mediator"}}) {
      ASSERT_EQ(AddParty(store_, dir_.File(std::string(id) + ".key"), id, role), "");
    }
  }

  // Appends `n` prisoner entries (first_ is the index of the first).
  void AddEntries(int n) {
    std::string input;
    for (int k = 0; k < n; ++k) input += PrisonerLine(k) + "\n";
    auto sub = Jirga({"submit", "--store", store_, "--key", dir_.File("iea.key"), "-"}, input);
    ASSERT_EQ(sub.exit_code, 0) << sub.err;
    auto lines = Lines(sub.out);
    ASSERT_EQ(lines.size(), static_cast<size_t>(n));
    first_ = std::stoull(lines.front().substr(0, lines.front().find(' ')));
  }

  testing::ProcessResult Verify() { return Jirga({"log", "verify", "--store", store_}); }

  TempDir dir_;
  std::string store_;
  uint64_t first_ = 0;  // index of the first prisoner entry
};

TEST_F(ExchangeCliTest, RecordShowOfARedactedRecordSaysSoAndRawRefuses) {
  AddEntries(3);
  auto red = Jirga({"submit", "--store", store_, "--key", dir_.File("unama.key"), "-"},
                   RedactionLine(first_) + "\n");
  ASSERT_EQ(red.exit_code, 0) << red.err;
  const uint64_t by = std::stoull(red.out.substr(0, red.out.find(' ')));
  auto show = Jirga({"record", "show", "--store", store_, "--index", std::to_string(first_)});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto j = ParseJsonStrict(show.out);
  ASSERT_TRUE(j.ok()) << show.out;
  EXPECT_EQ((*j)["redacted"]["by"], by);
  EXPECT_EQ((*j)["redacted"]["reason"], "test erasure");
  EXPECT_EQ((*j)["kind"], "prisoner");
  EXPECT_FALSE(j->contains("record"));
  EXPECT_THAT(show.out, ::testing::Not(HasSubstr("Synthetic Person 0\"")));
  auto raw =
      Jirga({"record", "show", "--store", store_, "--index", std::to_string(first_), "--raw"});
  EXPECT_NE(raw.exit_code, 0);
  EXPECT_THAT(raw.err, HasSubstr("redacted by record " + std::to_string(by)));
  EXPECT_TRUE(raw.out.empty());
  // The proof of the erased record is still made and verifies offline with the log key.
  auto prove = Jirga({"log", "prove", "--store", store_, "--index", std::to_string(first_)});
  ASSERT_EQ(prove.exit_code, 0) << prove.err;
  const std::string proof = dir_.File("p.proof");
  {
    std::FILE* f = std::fopen(proof.c_str(), "w");
    std::fputs(prove.out.c_str(), f);
    std::fclose(f);
  }
  auto vkey = Jirga({"log", "vkey", "--store", store_});
  auto check = Jirga({"proof", "verify", "--vkey", Lines(vkey.out).back(), "--proof", proof});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto verify = Verify();
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  // A second redaction of it is refused and changes nothing.
  auto again = Jirga({"submit", "--store", store_, "--key", dir_.File("unama.key"), "-"},
                     RedactionLine(first_) + "\n");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already redacted"));
}

TEST_F(ExchangeCliTest, KillNineDuringRedactionsLeavesEveryErasureWithItsRedactionRecord) {
  // Enough that a stream of redactions takes a while to append.
  constexpr int kEntries = 12000;
  AddEntries(kEntries);
  std::mt19937 rng(20200310);
  std::string input;
  for (int n = 0; n < kEntries; ++n) input += RedactionLine(first_ + n) + "\n";
  std::map<uint64_t, uint64_t> acked;  // redaction index -> target
  int killed_midway = 0;
  for (int round = 0; round < 3 && !input.empty(); ++round) {
    testing::BackgroundProcess p({testing::JirgaBinary(), "submit", "--store", store_, "--key",
                                  dir_.File("unama.key"), "-"});
    std::thread writer([&] {
      p.Write(input);
      p.CloseStdin();
    });
    std::string out;
    auto start = std::chrono::steady_clock::now();
    while (out.empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
      out += p.ReadSome(20);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(rng() % 200);
    while (std::chrono::steady_clock::now() < deadline) out += p.ReadSome(5);
    p.Kill(SIGKILL);
    auto rest = p.Wait();
    writer.join();
    out += rest.out;
    killed_midway += rest.signal == SIGKILL;
    if (!out.empty() && out.back() != '\n') out.erase(out.rfind('\n') + 1);
    for (const auto& line : Lines(out)) acked[std::stoull(line.substr(0, line.find(' ')))] = 0;
    // `log verify` checks both directions: each erased row names a redaction of it, and each
    // redaction record finds its target erased.
    auto verify = Verify();
    ASSERT_EQ(verify.exit_code, 0) << "round " << round << ": " << verify.err;
    // The next round resends everything: already redacted targets are refused, so stop there
    // would end it; instead continue from the first target not yet redacted.
    auto store = OpenStore(store_, false);
    ASSERT_TRUE(store.ok());
    input.clear();
    for (int n = 0; n < kEntries; ++n) {
      if ((*store)->GetRecord(first_ + n)->redacted_by == 0) {
        input += RedactionLine(first_ + n) + "\n";
      }
    }
  }
  ASSERT_FALSE(acked.empty());
  EXPECT_GT(killed_midway, 0) << "no round was killed before it finished; the test proved nothing";
  auto store = OpenStore(store_, false);
  ASSERT_TRUE(store.ok());
  uint64_t erased = 0;
  for (int n = 0; n < kEntries; ++n) erased += (*store)->GetRecord(first_ + n)->redacted_by != 0;
  // Every acknowledged redaction is durable and its target erased.
  for (const auto& [index, _] : acked) {
    auto row = (*store)->GetRecord(index);
    ASSERT_TRUE(row.ok()) << "acknowledged redaction " << index << " is missing";
    ASSERT_EQ(row->kind, "redaction");
    auto rec = ParseRecord(row->record);
    ASSERT_TRUE(rec.ok());
    auto body = ParseRedactionBody(rec->body);
    ASSERT_TRUE(body.ok());
    EXPECT_EQ((*store)->GetRecord(body->index)->redacted_by, index);
  }
  EXPECT_GE(erased, acked.size());
  auto report = VerifyStoredLog(**store, AllKinds(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->redacted, erased);
}

}  // namespace
}  // namespace jirga

namespace jirga {
namespace {

// exchange status / reconcile / resolve through the real binary: a resolution appended with
// `exchange resolve` changes the next reconcile, and bad flags are usage errors.
TEST_F(ExchangeCliTest, ReconcileResolveAndStatusThroughTheBinary) {
  const std::string icrc_key = dir_.File("icrc.key");
  ASSERT_EQ(AddParty(store_, icrc_key, "icrc", "verifier"), "");
  std::string input;
  for (auto [list, entry, name] : {std::tuple{"a-list", "A-0", "Mohammad Nabi Khan"},
                                   std::tuple{"a-list", "A-1", "Gul Agha Sherzai"},
                                   std::tuple{"b-list", "B-0", "Muhammad Nabi Khan"},
                                   std::tuple{"b-list", "B-1", "Gul Aga Sherzay"}}) {
    input += Json{{"kind", "prisoner"},
                  {"body", {{"list", list}, {"entry", entry}, {"listing_party", "iea"},
                            {"name", name}, {"synthetic", true}}}}
                 .dump() +
             "\n";
  }
  auto sub = Jirga({"submit", "--store", store_, "--key", dir_.File("iea.key"), "-"}, input);
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  auto lines = Lines(sub.out);
  ASSERT_EQ(lines.size(), 4u);
  auto idx = [&](int i) { return lines[i].substr(0, lines[i].find(' ')); };

  auto rec = Jirga({"exchange", "reconcile", "--store", store_, "--list", "a-list", "--against",
                    "b-list"});
  ASSERT_EQ(rec.exit_code, 0) << rec.err;
  auto j = ParseJsonStrict(rec.out);
  ASSERT_TRUE(j.ok()) << rec.out;
  const size_t before = (*j)["matched"].size();
  EXPECT_GE(before, 1u) << rec.out;

  auto res = Jirga({"exchange", "resolve", "--store", store_, "--key", icrc_key, "--entry",
                    idx(0), "--with", idx(2), "--different", "--notes", "fathers differ"});
  ASSERT_EQ(res.exit_code, 0) << res.err;
  rec = Jirga({"exchange", "reconcile", "--store", store_, "--list", "a-list", "--against",
               "b-list", "--format", "json"});
  j = ParseJsonStrict(rec.out);
  ASSERT_TRUE(j.ok()) << rec.out;
  EXPECT_EQ((*j)["counts"]["resolved_different"], 1);
  for (const Json& m : (*j)["matched"]) EXPECT_NE(m["a"]["entry"], "A-0") << rec.out;

  auto table = Jirga({"exchange", "reconcile", "--store", store_, "--list", "a-list",
                      "--against", "b-list", "--format", "table"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_THAT(table.out, HasSubstr("resolved different 1"));

  auto st = Jirga({"exchange", "status", "--store", store_});
  ASSERT_EQ(st.exit_code, 0) << st.err;
  auto s = ParseJsonStrict(st.out);
  ASSERT_TRUE(s.ok()) << st.out;
  EXPECT_EQ((*s)["lists"][0]["demanded"], 2);
  EXPECT_THAT(st.out, ::testing::Not(HasSubstr("Nabi")));  // counts only
  EXPECT_EQ(Jirga({"exchange", "status", "--store", store_, "--format", "table"}).exit_code, 0);

  // Bad input: a usage error (2), nothing appended.
  EXPECT_EQ(Jirga({"exchange", "status", "--store", store_, "--at", "2020-02-30x"}).exit_code, 2);
  EXPECT_EQ(Jirga({"exchange", "reconcile", "--store", store_, "--list", "a-list", "--against",
                   "a-list"})
                .exit_code,
            2);
  EXPECT_EQ(Jirga({"exchange", "resolve", "--store", store_, "--key", icrc_key, "--entry",
                   idx(0), "--with", idx(2)})
                .exit_code,
            2);
  auto not_prisoner = Jirga({"exchange", "resolve", "--store", store_, "--key", icrc_key,
                             "--entry", "1", "--with", idx(2), "--same"});
  EXPECT_EQ(not_prisoner.exit_code, 3) << not_prisoner.err;
  EXPECT_THAT(not_prisoner.err, HasSubstr("not a prisoner entry"));
  auto missing = Jirga({"exchange", "reconcile", "--store", store_, "--list", "a-list",
                        "--against", "nope"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("\"nope\" has no entries"));
}

}  // namespace
}  // namespace jirga
