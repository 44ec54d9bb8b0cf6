// End-to-end tests of the CLI's --server mode: the real `jirga serve` on a loopback port and the
// real `jirga` client — submission and reading back, every answer checked, key pinning, the
// client state file, and a server that swaps in a forked or rolled-back copy of its log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "base/file.h"
#include "base/json.h"
#include "ledger/ed25519.h"
#include "ledger/note.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::AddParty;
using testing::BackgroundProcess;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

using testing::Jirga;
using testing::Lines;

std::string Statement(const std::string& title) {
  return Json{{"kind", "statement"}, {"body", {{"title", title}, {"text", "text of " + title}}}}
      .dump();
}

// A copy of a store and its key files under another name: the same origin and log key, the same
// history so far — what an operator would need to show different parties different logs.
void CopyStore(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm", ".log.key", ".operator.key"}) {
    if (!fs::exists(from + suffix)) continue;
    fs::copy_file(from + suffix, to + suffix);
    fs::permissions(to + suffix, fs::status(from + suffix).permissions());
  }
}

std::string RootOf(const std::string& checkpoint_note) {
  auto parsed = ParseNote(checkpoint_note);
  if (!parsed.ok()) return "?";
  auto cp = ParseCheckpoint(parsed->text);
  return cp.ok() ? Lines(parsed->text)[2] : "?";
}

// A log "test.example/log" with the operator (0) and party "gov" (1), and a copy of it.
class ClientE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    store_ = dir_.File("log.db");
    auto init = Jirga({"init", "--store", store_, "--origin", "test.example/log"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    log_vkey_ = Lines(init.out).back();
    gov_key_ = dir_.File("gov.key");
    auto gen = Jirga({"key", "generate", "gov", "--out", gov_key_});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    auto reg = Jirga({"party", "register", "gov", "--vkey", Lines(gen.out).back(), "--role",
                      "belligerent", "--store", store_});
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
    state_ = dir_.File("client.json");
  }

  void TearDown() override { StopServer(); }

  // Starts `jirga serve` on `port` (0: any free one). Its stderr (the access log) goes to a file,
  // so a chatty test cannot fill a pipe and stall the server.
  void StartServer(const std::string& store, int port = 0) {
    const std::string log = dir_.File("serve.log");
    // A fixed port may still be held for a moment by the server just stopped: retry briefly.
    for (int attempt = 0; attempt < (port == 0 ? 1 : 10); ++attempt) {
      server_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
          "/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>'" + log + "'", testing::JirgaBinary(),
          "serve", "--store", store, "--listen", "127.0.0.1:" + std::to_string(port)});
      std::string out;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(port == 0 ? 20 : 3);
      while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        out += server_->ReadSome(100);
      }
      const std::string prefix = "listening on http://127.0.0.1:";
      if (out.rfind(prefix, 0) == 0) {
        port_ = std::stoi(out.substr(prefix.size()));
        url_ = "http://127.0.0.1:" + std::to_string(port_);
        return;
      }
      server_->Kill(SIGKILL);
      server_->Wait();
      server_.reset();
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    auto text = ReadFile(log);
    ADD_FAILURE() << "jirga serve did not start; its log:\n" << (text.ok() ? *text : "");
  }

  void StopServer() {
    if (server_ == nullptr) return;
    server_->Kill(SIGTERM);
    ProcessResult r = server_->Wait();
    EXPECT_EQ(r.exit_code, 0);
    server_.reset();
  }

  // `jirga ARGS --server URL --state STATE`.
  ProcessResult Remote(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.end(), {"--server", url_, "--state", state_});
    return Jirga(args, input);
  }

  std::string StateText() {
    auto text = ReadFile(state_);
    return text.ok() ? *text : "(no state file)";
  }

  TempDir dir_;
  std::string store_, log_vkey_, gov_key_, state_;
  std::unique_ptr<BackgroundProcess> server_;
  int port_ = 0;
  std::string url_;
};

TEST_F(ClientE2eTest, FirstContactNeedsTheLogKeyAndAWrongOneIsRefused) {
  StartServer(store_);
  auto first = Remote({"log", "checkpoint"});
  EXPECT_EQ(first.exit_code, 6) << first.err;
  EXPECT_THAT(first.err, HasSubstr("--log-vkey"));
  EXPECT_THAT(first.err, HasSubstr("jirga log vkey"));
  EXPECT_EQ(first.out, "");
  EXPECT_FALSE(FileExists(state_));

  // A key with the log's name but not the log's key: the checkpoint does not verify.
  auto other = Jirga({"key", "generate", "test.example/log", "--out", dir_.File("other.key")});
  ASSERT_EQ(other.exit_code, 0);
  auto wrong = Remote({"log", "checkpoint", "--log-vkey", Lines(other.out).back()});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.err;
  EXPECT_THAT(wrong.err, HasSubstr("not signed by the log key"));
  EXPECT_EQ(wrong.out, "");
  EXPECT_FALSE(FileExists(state_));
  // A key of another log altogether.
  auto elsewhere = Jirga({"key", "generate", "elsewhere.example/log", "--out", dir_.File("e.key")});
  auto foreign = Remote({"log", "checkpoint", "--log-vkey", Lines(elsewhere.out).back()});
  EXPECT_EQ(foreign.exit_code, 1) << foreign.err;
  EXPECT_FALSE(FileExists(state_));

  // The right key is pinned; later the state file alone is enough, and a different key for the
  // same log is refused.
  auto right = Remote({"log", "checkpoint", "--log-vkey", log_vkey_});
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(right.out, Jirga({"log", "checkpoint", "--store", store_}).out);
  EXPECT_EQ(Remote({"log", "checkpoint"}).exit_code, 0);
  auto contradicted = Remote({"log", "checkpoint", "--log-vkey", Lines(other.out).back()});
  EXPECT_EQ(contradicted.exit_code, 6);
  EXPECT_THAT(contradicted.err, HasSubstr("never changes"));
}

TEST_F(ClientE2eTest, SubmitsAndReadsBackThroughTheServerWithEveryAnswerVerified) {
  StartServer(store_);
  auto sub = Remote({"submit", "--key", gov_key_, "--log-vkey", log_vkey_, "-"},
                    Statement("a") + "\n\n" + Statement("b") + "\n" + Statement("c") + "\n");
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  auto lines = Lines(sub.out);
  ASSERT_EQ(lines.size(), 3u) << sub.out;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].substr(0, 2), std::to_string(2 + i) + " ");
    EXPECT_EQ(lines[i].size(), 2 + 64u);
  }
  // Files work as locally, with --party given.
  const std::string file = dir_.File("d.json");
  ASSERT_TRUE(WriteFileAtomic(file, Statement("d")).ok());
  auto from_file = Remote({"submit", "--key", gov_key_, "--party", "gov", file});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out.substr(0, 2), "5 ");

  // What the server shows is what the store holds, byte for byte.
  for (const char* index : {"3", "5"}) {
    auto remote = Remote({"record", "show", "--index", index});
    ASSERT_EQ(remote.exit_code, 0) << remote.err;
    EXPECT_EQ(remote.out, Jirga({"record", "show", "--store", store_, "--index", index}).out);
    auto raw = Remote({"record", "show", "--index", index, "--raw"});
    EXPECT_EQ(raw.out, Jirga({"record", "show", "--store", store_, "--index", index, "--raw"}).out);
  }
  auto shown = ParseJsonStrict(Remote({"record", "show", "--index", "3"}).out);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ((*shown)["record"]["body"]["title"], "b");
  EXPECT_EQ((*shown)["leaf_hash"], lines[1].substr(2));

  auto prove = Remote({"log", "prove", "--index", "3"});
  ASSERT_EQ(prove.exit_code, 0) << prove.err;
  EXPECT_EQ(prove.out, Jirga({"log", "prove", "--store", store_, "--index", "3"}).out);
  const std::string proof_file = dir_.File("3.proof");
  ASSERT_TRUE(WriteFileAtomic(proof_file, prove.out).ok());
  auto verified = Jirga({"proof", "verify", "--vkey", log_vkey_, "--proof", proof_file});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  auto at_size = Remote({"log", "prove", "--index", "1", "--size", "3"});
  ASSERT_EQ(at_size.exit_code, 0) << at_size.err;
  EXPECT_THAT(at_size.out, HasSubstr("\n3\n"));

  for (std::vector<std::string> range : {std::vector<std::string>{"--from", "2"},
                                         std::vector<std::string>{"--from", "3", "--to", "5"},
                                         std::vector<std::string>{"--from", "4", "--to", "4"}}) {
    std::vector<std::string> args = {"log", "consistency"};
    args.insert(args.end(), range.begin(), range.end());
    auto remote = Remote(args);
    ASSERT_EQ(remote.exit_code, 0) << remote.err;
    args.insert(args.end(), {"--store", store_});
    EXPECT_EQ(remote.out, Jirga(args).out);
  }

  // The state file holds the key and the latest checkpoint, all verified.
  auto state = ParseJsonStrict(StateText());
  ASSERT_TRUE(state.ok()) << StateText();
  EXPECT_EQ((*state)["version"], 1);
  const Json& entry = (*state)["logs"]["test.example/log"];
  EXPECT_EQ(entry["vkey"], log_vkey_);
  EXPECT_EQ(entry["checkpoint"]["size"], 6);
  EXPECT_EQ(entry["checkpoint"]["note"], Jirga({"log", "checkpoint", "--store", store_}).out);

  // Errors come back as locally, with the server's message and the usual exit codes.
  auto missing = Remote({"record", "show", "--index", "60"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, HasSubstr("no record at index 60"));
  auto beyond = Remote({"log", "prove", "--index", "2", "--size", "60"});
  EXPECT_EQ(beyond.exit_code, 3) << beyond.err;
  EXPECT_EQ(Remote({"log", "consistency", "--from", "0"}).exit_code, 3);
}

TEST_F(ClientE2eTest, APersonalRecordIsReadOnlyWithTheKeyOfAPartyEntitledToIt) {
  // gov lists a (synthetic) prisoner it detains; iea is another party with no right to it.
  const std::string iea_key = dir_.File("iea.key");
  ASSERT_EQ(AddParty(store_, iea_key, "iea", "belligerent"), "");
  const std::string prisoner =
      Json{{"kind", "prisoner"},
           {"body",
            {{"list", "gov-1000"},
             {"entry", "G-1"},
             {"listing_party", "gov"},
             {"name", "Synthetic Person One"},
             {"synthetic", true}}}}
          .dump();
  auto added = Jirga({"submit", "--store", store_, "--key", gov_key_, "-"}, prisoner + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string index = Lines(added.out).back().substr(0, Lines(added.out).back().find(' '));
  const std::string local = Jirga({"record", "show", "--store", store_, "--index", index}).out;
  StartServer(store_);
  ASSERT_EQ(Remote({"log", "checkpoint", "--log-vkey", log_vkey_}).exit_code, 0);  // pins the key

  auto anonymous = Remote({"record", "show", "--index", index});
  EXPECT_EQ(anonymous.exit_code, 5) << anonymous.err;  // unauthorized
  auto other = Remote({"record", "show", "--index", index, "--key", iea_key});
  EXPECT_EQ(other.exit_code, 5) << other.err;
  EXPECT_THAT(other.err, HasSubstr("authenticated to"));  // as iea: the token is no read right

  auto listing = Remote({"record", "show", "--index", index, "--key", gov_key_});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_THAT(listing.err, HasSubstr("as party gov"));
  EXPECT_EQ(listing.out, local);  // verified and byte for byte what the store holds

  // A key file of a party the log does not know gets no token.
  const std::string stranger = dir_.File("stranger.key");
  ASSERT_EQ(Jirga({"key", "generate", "stranger", "--out", stranger}).exit_code, 0);
  auto refused = Remote({"record", "show", "--index", index, "--key", stranger});
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  // --key without --server is a usage error.
  EXPECT_EQ(Jirga({"record", "show", "--store", store_, "--index", index, "--key", gov_key_})
                .exit_code,
            2);
}

TEST_F(ClientE2eTest, SubmitStopsAtTheFirstInvalidRecordNamingItsLine) {
  StartServer(store_);
  auto sub = Remote({"submit", "--key", gov_key_, "--log-vkey", log_vkey_, "-"},
                    Statement("a") + "\n" +
                        R"({"kind":"statement","body":{"title":"no text"}})" + "\n" +
                        Statement("c") + "\n");
  EXPECT_EQ(sub.exit_code, 3) << sub.err;
  EXPECT_EQ(Lines(sub.out).size(), 1u) << sub.out;
  EXPECT_EQ(sub.out.substr(0, 2), "2 ");
  EXPECT_THAT(sub.err, HasSubstr("jirga submit: stdin line 2: "));
  EXPECT_THAT(sub.err, HasSubstr("text"));
  // Refused locally (not an object) or by the server: nothing after it is appended.
  auto local = Remote({"submit", "--key", gov_key_, "-"},
                      Statement("x") + "\n[1]\n" + Statement("y") + "\n");
  EXPECT_EQ(local.exit_code, 3) << local.err;
  EXPECT_THAT(local.err, HasSubstr("stdin line 2: input must be a JSON object"));
  StopServer();
  auto cp = Jirga({"log", "checkpoint", "--store", store_});
  EXPECT_EQ(Lines(cp.out)[1], "4");  // genesis, gov, "a", "x"

  // A key no party holds is refused (exit 5), as locally.
  StartServer(store_);
  auto stranger = dir_.File("stranger.key");
  ASSERT_EQ(Jirga({"key", "generate", "stranger", "--out", stranger}).exit_code, 0);
  auto refused = Remote({"submit", "--key", stranger, "-"}, Statement("z") + "\n");
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("not registered"));

  // A record too large for the server's request limit goes alone and is refused by it.
  Json big = {{"kind", "statement"},
              {"body", {{"title", "big"}, {"text", std::string(900000, 'x')}}}};
  auto too_big = Remote({"submit", "--key", gov_key_, "-"},
                        Statement("small") + "\n" + big.dump() + "\n");
  EXPECT_EQ(too_big.exit_code, 3) << too_big.err;
  EXPECT_THAT(too_big.err, HasSubstr("stdin line 2: "));
  EXPECT_THAT(too_big.err, HasSubstr("answered 413"));
  EXPECT_EQ(too_big.out.substr(0, 2), "4 ");
}

TEST_F(ClientE2eTest, AServerShowingAForkedOrRolledBackLogIsCaught) {
  // Three stores with one origin and one log key: the real one, a fork of it, and a stale copy.
  const std::string fork = dir_.File("fork.db"), stale = dir_.File("stale.db");
  CopyStore(store_, fork);
  CopyStore(store_, stale);
  ASSERT_EQ(Jirga({"submit", "--store", store_, "--key", gov_key_, "-"}, Statement("real") + "\n")
                .exit_code,
            0);
  ASSERT_EQ(Jirga({"submit", "--store", fork, "--key", gov_key_, "-"}, Statement("fake") + "\n")
                .exit_code,
            0);
  const std::string real_cp = Jirga({"log", "checkpoint", "--store", store_}).out;
  const std::string fork_cp = Jirga({"log", "checkpoint", "--store", fork}).out;
  ASSERT_NE(RootOf(real_cp), RootOf(fork_cp));

  // The client sees the real log first.
  StartServer(store_);
  const int port = port_;
  auto seen = Remote({"submit", "--key", gov_key_, "--log-vkey", log_vkey_, "-"},
                     Statement("seen") + "\n");
  ASSERT_EQ(seen.exit_code, 0) << seen.err;  // size 4
  const std::string pinned = StateText();
  StopServer();

  // Same URL, the fork: size 3 < 4 is a rollback.
  StartServer(fork, port);
  ASSERT_EQ(port_, port);
  auto rolled_back = Remote({"log", "checkpoint"});
  EXPECT_EQ(rolled_back.exit_code, 1) << rolled_back.err;
  EXPECT_THAT(rolled_back.err, HasSubstr("FORK"));
  EXPECT_THAT(rolled_back.err, HasSubstr("shrank"));
  EXPECT_EQ(rolled_back.out, "");
  EXPECT_EQ(StateText(), pinned);
  // Nothing is submitted to a server caught lying.
  auto refused = Remote({"submit", "--key", gov_key_, "-"}, Statement("to the fork") + "\n");
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_EQ(refused.out, "");
  StopServer();
  EXPECT_EQ(Lines(Jirga({"log", "checkpoint", "--store", fork}).out)[1], "3");

  // The fork grown to the same size: one size, two roots, both named.
  ASSERT_EQ(Jirga({"submit", "--store", fork, "--key", gov_key_, "-"}, Statement("more") + "\n")
                .exit_code,
            0);
  const std::string fork4 = Jirga({"log", "checkpoint", "--store", fork}).out;
  const std::string real4 = Jirga({"log", "checkpoint", "--store", store_}).out;
  StartServer(fork, port);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"log", "checkpoint"},
        std::vector<std::string>{"record", "show", "--index", "2"},
        std::vector<std::string>{"log", "prove", "--index", "1"},
        std::vector<std::string>{"log", "consistency", "--from", "2"}}) {
    auto r = Remote(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("one size, two roots"));
    EXPECT_THAT(r.err, HasSubstr("size 4, root " + RootOf(real4)));
    EXPECT_THAT(r.err, HasSubstr("size 4, root " + RootOf(fork4)));
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(StateText(), pinned);
  }
  StopServer();

  // Grown past it: the consistency proof from what was seen fails.
  ASSERT_EQ(Jirga({"submit", "--store", fork, "--key", gov_key_, "-"}, Statement("most") + "\n")
                .exit_code,
            0);
  StartServer(fork, port);
  auto diverged = Remote({"log", "checkpoint"});
  EXPECT_EQ(diverged.exit_code, 1) << diverged.err;
  EXPECT_THAT(diverged.err, HasSubstr("consistency proof between them fails"));
  EXPECT_EQ(StateText(), pinned);
  StopServer();

  // A stale copy (size 2) on another port: the state is keyed by the log, not the URL.
  StartServer(stale);
  auto stale_answer = Remote({"log", "checkpoint"});
  EXPECT_EQ(stale_answer.exit_code, 1) << stale_answer.err;
  EXPECT_THAT(stale_answer.err, HasSubstr("shrank"));
  EXPECT_EQ(StateText(), pinned);
  StopServer();

  // The honest server again: followed as before.
  StartServer(store_, port);
  auto honest = Remote({"submit", "--key", gov_key_, "-"}, Statement("after") + "\n");
  ASSERT_EQ(honest.exit_code, 0) << honest.err;
  EXPECT_EQ(honest.out.substr(0, 2), "4 ");
  EXPECT_NE(StateText(), pinned);
}

TEST_F(ClientE2eTest, ABrokenStateFileIsRefusedAndKept) {
  StartServer(store_);
  for (const std::string& text :
       {std::string("{\"version\": 1, \"logs\": {"), std::string("{\"version\": 2, \"logs\": {}}"),
        std::string("[]")}) {
    ASSERT_TRUE(WriteFileAtomic(state_, text).ok());
    auto r = Remote({"log", "checkpoint", "--log-vkey", log_vkey_});
    EXPECT_EQ(r.exit_code, 6) << text << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("client state file " + state_));
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(StateText(), text);
  }
  ASSERT_TRUE(WriteFileAtomic(state_, "{\"version\": 2, \"logs\": {}}").ok());
  EXPECT_THAT(Remote({"log", "checkpoint"}).err, HasSubstr("version 2 is not one"));

  // $JIRGA_CLIENT_STATE names the file when --state is not given.
  const std::string env_state = dir_.File("env-state.json");
  auto r = Jirga({"log", "checkpoint", "--server", url_, "--log-vkey", log_vkey_}, "",
                 {"JIRGA_CLIENT_STATE=" + env_state});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(FileExists(env_state));
}

TEST_F(ClientE2eTest, ServerOptionsAreCheckedOnTheCommandLine) {
  auto both = Jirga({"log", "checkpoint", "--store", store_, "--server", "http://127.0.0.1:1"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("excludes"));
  auto state_alone = Jirga({"log", "checkpoint", "--state", state_});
  EXPECT_EQ(state_alone.exit_code, 2);
  EXPECT_EQ(Jirga({"record", "show", "--index", "1", "--log-vkey", log_vkey_}).exit_code, 2);
  auto bad_url = Jirga({"log", "checkpoint", "--server", "ftp://x", "--state", state_});
  EXPECT_EQ(bad_url.exit_code, 3);
  EXPECT_THAT(bad_url.err, HasSubstr("server URL"));
  auto nobody = Jirga({"log", "checkpoint", "--server", "http://127.0.0.1:1", "--state", state_,
                       "--log-vkey", log_vkey_});
  EXPECT_EQ(nobody.exit_code, 7) << nobody.err;
  EXPECT_FALSE(FileExists(state_));
}

}  // namespace
}  // namespace jirga
