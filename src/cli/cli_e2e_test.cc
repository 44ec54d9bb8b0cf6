// End-to-end scenarios that drive the real jirga binary: set-up, submission, proofs, tampering,
// bad input, and kill -9 in the middle of a long submit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "base/encoding.h"
#include "base/json.h"
#include "kinds/all_kinds.h"
#include "ledger/ed25519.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/verify.h"
#include "store/store.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

using testing::Jirga;
using testing::Lines;

std::string Statement(const std::string& title) {
  return Json{{"kind", "statement"}, {"body", {{"title", title}, {"text", "text of " + title}}}}
      .dump();
}

// A log with the operator (index 0) and one party "gov" (index 1) whose key is at key_path.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.File("log.db");
    auto init = Jirga({"init", "--store", store_, "--origin", "test.example/log"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    log_vkey_ = Lines(init.out).back();
    gov_key_ = dir_.File("gov.key");
    auto gen = Jirga({"key", "generate", "gov", "--out", gov_key_});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    gov_vkey_ = Lines(gen.out).back();
    auto reg = Jirga({"party", "register", "gov", "--vkey", gov_vkey_, "--role", "belligerent",
                      "--store", store_});
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
  }

  std::string Checkpoint() { return Jirga({"log", "checkpoint", "--store", store_}).out; }

  uint64_t Size() {
    auto lines = Lines(Checkpoint());
    return lines.size() > 1 ? std::stoull(lines[1]) : 0;
  }

  ProcessResult Submit(const std::string& input, const std::string& key = "") {
    return Jirga({"submit", "--store", store_, "--key", key.empty() ? gov_key_ : key, "-"}, input);
  }

  TempDir dir_;
  std::string store_, log_vkey_, gov_key_, gov_vkey_;
};

TEST_F(CliTest, InitWritesPrivateKeyFilesAndPrintsTheLogVkeyLast) {
  auto key = ParseVkey(log_vkey_);
  ASSERT_TRUE(key.ok()) << log_vkey_;
  EXPECT_EQ(key->name, "test.example/log");
  for (const auto& p : {store_ + ".log.key", store_ + ".operator.key", gov_key_}) {
    struct stat st;
    ASSERT_EQ(stat(p.c_str(), &st), 0) << p;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << p;
  }
  EXPECT_EQ(Lines(Jirga({"log", "vkey", "--store", store_}).out).back(), log_vkey_);
  // A second init refuses to overwrite.
  auto again = Jirga({"init", "--store", store_, "--origin", "test.example/log"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
}

TEST_F(CliTest, SubmittedRecordsAreProvableOfflineWithOnlyTheLogKey) {
  auto sub = Submit(Statement("a") + "\n" + Statement("b") + "\n" + Statement("c") + "\n");
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  auto lines = Lines(sub.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].substr(0, 2), "2 ");
  EXPECT_EQ(lines[2].substr(0, 2), "4 ");
  // The checkpoint is signed by the log key and covers the five records.
  auto opened = OpenNote(Checkpoint(), {*ParseVkey(log_vkey_)});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(ParseCheckpoint(opened->text)->size, 5u);

  auto proof = Jirga({"log", "prove", "--store", store_, "--index", "3"});
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  std::string proof_file = dir_.File("3.proof");
  std::ofstream(proof_file) << proof.out;
  auto raw = Jirga({"record", "show", "--store", store_, "--index", "3", "--raw"});
  std::string record_file = dir_.File("3.json");
  std::ofstream(record_file) << raw.out;
  auto shown = ParseJsonStrict(Jirga({"record", "show", "--store", store_, "--index", "3"}).out);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ((*shown)["record"]["body"]["title"], "b");
  std::string salt = (*shown)["salt"];

  auto ok = Jirga({"proof", "verify", "--vkey", log_vkey_, "--proof", proof_file, "--record",
                   record_file, "--salt", salt, "--signer", gov_vkey_});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;

  // Another log's key, another signer, a wrong salt, or a changed proof: exit 1.
  auto other = Jirga({"key", "generate", "test.example/log", "--out", dir_.File("other.key")});
  EXPECT_EQ(Jirga({"proof", "verify", "--vkey", Lines(other.out).back(), "--proof", proof_file})
                .exit_code,
            1);
  EXPECT_EQ(Jirga({"proof", "verify", "--vkey", log_vkey_, "--proof", proof_file, "--signer",
                   Lines(other.out).back()})
                .exit_code,
            1);
  std::string wrong_salt = Base64Encode(std::string(32, 'x'));
  EXPECT_EQ(Jirga({"proof", "verify", "--vkey", log_vkey_, "--proof", proof_file, "--record",
                   record_file, "--salt", wrong_salt})
                .exit_code,
            1);
  std::string tampered = proof.out;
  size_t idx = tampered.find("index 3");
  tampered.replace(idx, 7, "index 2");
  std::ofstream(dir_.File("bad.proof")) << tampered;
  auto bad = Jirga({"proof", "verify", "--vkey", log_vkey_, "--proof", dir_.File("bad.proof")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("does not verify"));
}

TEST_F(CliTest, ConsistencyProofLinksTwoCheckpoints) {
  std::string before = Checkpoint();
  ASSERT_EQ(Submit(Statement("x") + "\n" + Statement("y") + "\n").exit_code, 0);
  std::string after = Checkpoint();
  VerifierKey key = *ParseVkey(log_vkey_);
  auto old_cp = *ParseCheckpoint(OpenNote(before, {key})->text);
  auto new_cp = *ParseCheckpoint(OpenNote(after, {key})->text);
  auto out = Jirga({"log", "consistency", "--store", store_, "--from",
                    std::to_string(old_cp.size)});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::vector<Hash> proof;
  for (const auto& l : Lines(out.out)) {
    std::string h = *Base64Decode(l);
    Hash hash;
    std::copy(h.begin(), h.end(), hash.begin());
    proof.push_back(hash);
  }
  EXPECT_TRUE(VerifyConsistency(old_cp.size, new_cp.size, old_cp.root, new_cp.root, proof));
  EXPECT_FALSE(VerifyConsistency(old_cp.size, new_cp.size, new_cp.root, new_cp.root, proof));
}

TEST_F(CliTest, FirstInvalidRecordStopsTheSubmitAndNothingAfterItIsAppended) {
  std::string input = Statement("one") + "\n" + Statement("two") + "\n" +
                      R"({"kind":"statement","body":{"title":5,"text":"x"}})" + "\n" +
                      Statement("four") + "\n";
  auto r = Submit(input);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(Lines(r.out).size(), 2u);
  EXPECT_THAT(r.err, HasSubstr("stdin line 3"));
  EXPECT_THAT(r.err, HasSubstr("body.title must be a string"));
  EXPECT_EQ(Size(), 4u);
}

struct BadInputCase {
  std::string name;
  std::string input;
  std::string expected_message;
};

TEST_F(CliTest, BadInputGetsAClearErrorAndLeavesTheLogUnchanged) {
  std::vector<BadInputCase> cases = {
      {"malformed JSON", "{\"kind\":\"statement\",\"body\":{", "malformed JSON"},
      {"unknown kind", R"({"kind":"gossip","body":{}})", "unknown record kind \"gossip\""},
      {"wrong body type", R"({"kind":"statement","body":{"title":"t","text":["x"]}})",
       "body.text must be a string"},
      {"unknown body field", R"({"kind":"statement","body":{"title":"t","text":"x","by":"me"}})",
       "unknown field \"by\""},
      {"unknown top-level field", R"({"kind":"statement","body":{"title":"t","text":"x"},"v":2})",
       "unknown field \"v\""},
      {"duplicate key", R"({"kind":"statement","kind":"party","body":{}})", "duplicate object key"},
      {"not an object", R"(["statement"])", "must be a JSON object"},
      {"future time", R"({"kind":"statement","time":"2199-01-01T00:00:00Z","body":{"title":"t","text":"x"}})",
       "lies in the future"},
      {"bad date", R"({"kind":"statement","time":"2020-02-30T00:00:00Z","body":{"title":"t","text":"x"}})",
       "not RFC 3339"},
      {"forward ref", R"({"kind":"statement","refs":[{"rel":"contests","index":999}],"body":{"title":"t","text":"x"}})",
       "not an earlier record"},
      {"party record by a belligerent",
       R"({"kind":"party","body":{"id":"x","name":"x","role":"observer","vkeys":[],"kinds":[]}})",
       "body.vkeys must have 1 to 16 items"},
      {"empty input", "", "no records in the input"},
      {"injection attempt", R"({"kind":"statement'; DROP TABLE leaves; --","body":{}})",
       "may only contain"},
  };
  std::string before = Checkpoint();
  for (const auto& c : cases) {
    auto r = Submit(c.input.empty() ? "" : c.input + "\n");
    EXPECT_NE(r.exit_code, 0) << c.name;
    EXPECT_THAT(r.err, HasSubstr(c.expected_message)) << c.name;
    EXPECT_EQ(r.out, "") << c.name;
  }
  EXPECT_EQ(Checkpoint(), before);
  EXPECT_EQ(Jirga({"log", "verify", "--store", store_}).exit_code, 0);
}

TEST_F(CliTest, KeysThatMayNotSubmitAreRefused) {
  std::string before = Checkpoint();
  // A key nobody registered.
  ASSERT_EQ(Jirga({"key", "generate", "stranger", "--out", dir_.File("s.key")}).exit_code, 0);
  auto r = Submit(Statement("x") + "\n", dir_.File("s.key"));
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("not registered"));
  // gov's key claiming to be the operator.
  r = Jirga({"submit", "--store", store_, "--key", gov_key_, "--party", "operator", "-"},
            Statement("x") + "\n");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("belongs to party \"gov\""));
  // gov may not register parties.
  r = Submit(Json{{"kind", "party"},
                  {"body",
                   {{"id", "x"}, {"name", "x"}, {"role", "observer"},
                    {"vkeys", {gov_vkey_}}, {"kinds", Json::array()}}}}
                 .dump() +
             "\n");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("not allowed to submit \"party\""));
  // A world-readable key file is refused before anything is read.
  chmod(gov_key_.c_str(), 0644);
  r = Submit(Statement("x") + "\n");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("readable by others"));
  chmod(gov_key_.c_str(), 0600);
  // A truncated key file.
  std::string key_text;
  std::getline(std::ifstream(gov_key_), key_text);
  std::string truncated = dir_.File("trunc.key");
  std::ofstream(truncated) << key_text.substr(0, key_text.size() / 2);
  chmod(truncated.c_str(), 0600);
  r = Submit(Statement("x") + "\n", truncated);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("trunc.key"));
  EXPECT_EQ(Checkpoint(), before);
}

TEST_F(CliTest, AHundredMegabyteLineIsRefusedWithoutReadingItAll) {
  std::string before = Checkpoint();
  std::string huge = R"({"kind":"statement","body":{"title":"t","text":")" +
                     std::string(100u << 20, 'a') + "\"}}\n";
  auto r = Submit(Statement("ok") + "\n" + huge);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("stdin line 2"));
  EXPECT_THAT(r.err, HasSubstr("longer than"));
  // The valid line before it is appended, the huge one is not.
  EXPECT_EQ(Lines(r.out).size(), 1u);
  EXPECT_EQ(Size(), 3u);
}

// Flips one byte of one stored column and expects `log verify` to fail naming the problem.
struct Tamper {
  std::string name;
  std::string sql;  // an UPDATE on the SQLite file
  std::string expected;
};

TEST_F(CliTest, TamperingWithAnyStoredByteIsDetectedByLogVerify) {
  ASSERT_EQ(Submit(Statement("a") + "\n" + Statement("b") + "\n" + Statement("c") + "\n").exit_code,
            0);
  ASSERT_EQ(Jirga({"log", "verify", "--store", store_}).exit_code, 0);
  // Each UPDATE xors one byte of one value in place (SQLite blobs: substr/zeroblob arithmetic is
  // awkward, so the tests rewrite the value with its first byte changed via a hex round trip).
  auto flip = [](const std::string& table, const std::string& col, const std::string& where) {
    return "UPDATE " + table + " SET " + col + " = CAST(X'" + "00" + "' AS BLOB) || substr(" + col +
           ", 2) WHERE " + where + " AND substr(" + col + ", 1, 1) != X'00';" + "UPDATE " + table +
           " SET " + col + " = CAST(X'01' AS BLOB) || substr(" + col + ", 2) WHERE " + where +
           " AND substr(" + col + ", 1, 1) = X'00' AND changes() = 0;";
  };
  std::vector<Tamper> cases = {
      {"leaf", flip("leaves", "leaf", "idx = 3"), "index 3"},
      {"record", "UPDATE records SET record = replace(record, '\"title\":\"b\"', '\"title\":\"B\"') WHERE idx = 3;",
       "index 3: record and salt do not match"},
      {"salt", flip("records", "salt", "idx = 4"), "index 4: record and salt do not match"},
      {"tree node", flip("nodes", "hash", "level = 1 AND idx = 1"), "tree node (level 1, index 1)"},
      {"checkpoint", "UPDATE checkpoints SET note = replace(note, 'test.example/log\n5', 'test.example/log\n4') WHERE size = 5;",
       "checkpoint at size 5"},
  };
  for (const auto& c : cases) {
    std::string copy = dir_.File("copy-" + std::to_string(&c - cases.data()) + ".db");
    std::filesystem::copy_file(store_, copy);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(copy.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, c.sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << c.name << ": " << (err ? err : "");
    EXPECT_GT(sqlite3_total_changes(db), 0) << c.name;
    sqlite3_close(db);
    auto r = Jirga({"log", "verify", "--store", copy});
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.expected)) << c.name;
  }
}

TEST_F(CliTest, KillNineDuringALongSubmitLosesNothingAcknowledged) {
  std::mt19937 rng(20200229);
  std::string input;
  for (int i = 0; i < 30000; ++i) input += Statement("crash " + std::to_string(i)) + "\n";
  std::map<uint64_t, std::string> acked;  // index -> leaf hash hex
  for (int round = 0; round < 4; ++round) {
    testing::BackgroundProcess p(
        {testing::JirgaBinary(), "submit", "--store", store_, "--key", gov_key_, "-"});
    std::thread writer([&] { p.Write(input); });
    std::string out;
    // Kill at a random moment after the first acknowledgement (slow builds such as ASan take a
    // while to get there), while the submit is still streaming.
    auto start = std::chrono::steady_clock::now();
    while (out.empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
      out += p.ReadSome(20);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(rng() % 400);
    while (std::chrono::steady_clock::now() < deadline) out += p.ReadSome(10);
    p.Kill(SIGKILL);
    auto rest = p.Wait();
    writer.join();
    out += rest.out;
    EXPECT_EQ(rest.signal, SIGKILL) << "round " << round << " finished before the kill";
    // Only complete lines were acknowledged.
    if (!out.empty() && out.back() != '\n') out.erase(out.rfind('\n') + 1);
    for (const auto& line : Lines(out)) {
      auto sp = line.find(' ');
      acked[std::stoull(line.substr(0, sp))] = line.substr(sp + 1);
    }
  }
  ASSERT_FALSE(acked.empty());
  auto verify = Jirga({"log", "verify", "--store", store_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto store = OpenStore(store_, false);
  ASSERT_TRUE(store.ok());
  for (const auto& [index, leaf_hash] : acked) {
    auto leaf = (*store)->GetLeaf(index);
    ASSERT_TRUE(leaf.ok()) << "acknowledged index " << index << " is missing";
    EXPECT_EQ(HashHex(LeafHash(*leaf)), leaf_hash) << index;
  }
}

TEST_F(CliTest, OneWriterPerStoreAtATime) {
  testing::BackgroundProcess first(
      {testing::JirgaBinary(), "submit", "--store", store_, "--key", gov_key_, "-"});
  ASSERT_TRUE(first.Write(Statement("holding the lock") + "\n"));
  // Wait until the first writer has the lock (its acknowledgement comes after it).
  std::string ack;
  for (int i = 0; i < 500 && ack.empty(); ++i) ack += first.ReadSome(20);
  ASSERT_FALSE(ack.empty());
  auto second = Submit(Statement("second writer") + "\n");
  EXPECT_EQ(second.exit_code, 6);
  EXPECT_THAT(second.err, HasSubstr("another process is writing to this store"));
  auto done = first.Wait();
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(Submit(Statement("after") + "\n").exit_code, 0);
  EXPECT_EQ(Jirga({"log", "verify", "--store", store_}).exit_code, 0);
}

TEST_F(CliTest, ExportedTilesReproduceTheCheckpointRoot) {
  std::string input;
  for (int i = 0; i < 600; ++i) input += Statement("t" + std::to_string(i)) + "\n";
  ASSERT_EQ(Submit(input).exit_code, 0);
  std::string out = dir_.File("tiles");
  auto r = Jirga({"log", "export-tiles", "--store", store_, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 602 leaves: two full level-0 tiles, a partial one of 90, and a partial level-1 tile of 2.
  EXPECT_TRUE(std::filesystem::exists(out + "/tile/0/000"));
  EXPECT_TRUE(std::filesystem::exists(out + "/tile/0/001"));
  EXPECT_TRUE(std::filesystem::exists(out + "/tile/0/002.p/90"));
  EXPECT_TRUE(std::filesystem::exists(out + "/tile/1/000.p/2"));
  EXPECT_TRUE(std::filesystem::exists(out + "/tile/entries/002.p/90"));
  EXPECT_EQ(std::filesystem::file_size(out + "/tile/0/000"), 256u * 32);
  // The root from the two level-1 hashes and the partial level-0 tile equals the checkpoint's.
  auto read = [](const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  std::string l1 = read(out + "/tile/1/000.p/2"), l0 = read(out + "/tile/0/002.p/90");
  std::vector<Hash> right;
  for (size_t i = 0; i < l0.size(); i += 32) {
    Hash h;
    std::copy(l0.begin() + static_cast<long>(i), l0.begin() + static_cast<long>(i) + 32, h.begin());
    right.push_back(h);
  }
  // Fold the 90 leaves of the partial tile (64 + 16 + 8 + 2) the RFC 6962 way.
  std::function<Hash(size_t, size_t)> mth = [&](size_t b, size_t e) -> Hash {
    if (e - b == 1) return right[b];
    size_t k = 1;
    while (k * 2 < e - b) k *= 2;
    return NodeHash(mth(b, b + k), mth(b + k, e));
  };
  Hash h0, h1;
  std::copy(l1.begin(), l1.begin() + 32, h0.begin());
  std::copy(l1.begin() + 32, l1.begin() + 64, h1.begin());
  Hash root = NodeHash(NodeHash(h0, h1), mth(0, right.size()));
  auto cp = ParseCheckpoint(OpenNote(read(out + "/checkpoint"), {*ParseVkey(log_vkey_)})->text);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->size, 602u);
  EXPECT_EQ(root, cp->root);
  // A re-run writes only what changed.
  r = Jirga({"log", "export-tiles", "--store", store_, "--out", out});
  EXPECT_THAT(r.err, HasSubstr("4 full tiles already present"));
}

TEST(Cli, AFailedInitLeavesNothingBehind) {
  TempDir dir;
  std::string store = dir.File("x.db");
  auto r = Jirga({"init", "--store", store, "--origin", "bad origin"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("origin"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(Cli, UnknownCommandAndMissingOptionsAreUsageErrors) {
  EXPECT_EQ(Jirga({"frobnicate"}).exit_code, 2);
  auto r = Jirga({"init"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--origin"));
  EXPECT_EQ(Jirga({"log", "verify", "--store", "/nonexistent/x.db"}).exit_code, 4);
}

}  // namespace
}  // namespace jirga

namespace jirga {
namespace {

// kill -9 at random moments during `jirga init`: afterwards the store path holds either a
// complete log that verifies, or nothing, and init then succeeds (possibly after the one
// documented case: key files moved into place by an init killed just before the store was).
TEST(CliInitCrash, KilledInitLeavesACompleteStoreOrNone) {
  testing::TempDir dir;
  // Kill within 0..1.5x the time a whole init takes here, so both outcomes occur.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(testing::Jirga({"init", "--store", dir.File("timing.db"), "--origin", "t.example/l"})
                .exit_code,
            0);
  const int full_us = static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - t0)
                                           .count());
  std::mt19937 rng(20201125);
  std::uniform_int_distribution<int> delay_us(0, full_us * 3 / 2);
  int complete = 0, absent = 0;
  for (int round = 0; round < 25; ++round) {
    const std::string store = dir.File("s" + std::to_string(round) + ".db");
    {
      testing::BackgroundProcess init(
          {testing::JirgaBinary(), "init", "--store", store, "--origin", "crash.example/log"});
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
      init.Kill(SIGKILL);
      init.Wait();
    }
    if (testing::Jirga({"log", "vkey", "--store", store}).exit_code == 0) {
      ++complete;
      auto verify = testing::Jirga({"log", "verify", "--store", store});
      EXPECT_EQ(verify.exit_code, 0) << "round " << round << ": " << verify.err;
      EXPECT_THAT(verify.out, ::testing::HasSubstr("OK: 1 records"));
      continue;
    }
    ++absent;
    EXPECT_FALSE(std::filesystem::exists(store)) << "round " << round << ": a store that opens "
                                                 << "with no log in it";
    auto again = testing::Jirga({"init", "--store", store, "--origin", "crash.example/log"});
    if (again.exit_code != 0) {
      EXPECT_THAT(again.err, ::testing::HasSubstr("interrupted init")) << "round " << round;
      std::filesystem::remove(store + ".log.key");
      std::filesystem::remove(store + ".operator.key");
      again = testing::Jirga({"init", "--store", store, "--origin", "crash.example/log"});
    }
    ASSERT_EQ(again.exit_code, 0) << "round " << round << ": " << again.err;
    auto verify = testing::Jirga({"log", "verify", "--store", store});
    EXPECT_EQ(verify.exit_code, 0) << "round " << round << ": " << verify.err;
  }
  // Both outcomes occurred: some inits were cut short, some finished before the kill.
  EXPECT_GT(complete, 0);
  EXPECT_GT(absent, 0);
}

}  // namespace
}  // namespace jirga
