// End-to-end tests of `jirga serve`: the real binary on a loopback port, driven over HTTP —
// submission, duplicates, checkpoint, proofs, tiles, records, every error class, and SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "base/encoding.h"
#include "base/json.h"
#include "kinds/all_kinds.h"
#include "ledger/ed25519.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger/tiles.h"
#include "ledger/tlog_proof.h"
#include "ledger/verify.h"
#include "store/store.h"
#include "testing/memory_tree.h"
#include "testing/process.h"
#include "testing/temp_dir.h"
#include "testing/tls_cert.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using testing::BackgroundProcess;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

using testing::Jirga;

std::string LastLine(const std::string& s) {
  std::istringstream in(s);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

std::string StatementRecord(const std::string& party, const std::string& title,
                            const std::string& time = "2020-03-03T09:00:00Z") {
  Record r;
  r.kind = "statement";
  r.party = party;
  r.time = time;
  r.body = {{"title", title}, {"text", "text of " + title}};
  return SerializeRecord(r);
}

std::string Bytes(const auto& array) {
  return std::string(reinterpret_cast<const char*>(array.data()), array.size());
}

// The POST /v1/records body for a submission.
Json SubmissionJson(const Submission& s, const std::string& vkey) {
  return {{"record", Base64Encode(s.record)},
          {"salt", Base64Encode(s.salt)},
          {"sig", Base64Encode(Bytes(s.sig))},
          {"key", vkey}};
}

Hash ToHash(std::string_view bytes) {
  Hash h{};
  EXPECT_EQ(bytes.size(), h.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), h.size()), h.begin());
  return h;
}

Json ParseBody(const httplib::Result& r) {
  if (!r) return Json();
  auto j = ParseJsonStrict(r->body);
  return j.ok() ? *j : Json();
}

// A log with the operator (index 0) and the party "gov" (index 1), served by `jirga serve`.
class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    store_ = dir_.File("log.db");
    auto init = Jirga({"init", "--store", store_, "--origin", "test.example/log"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto vkey = ParseVkey(LastLine(init.out));
    ASSERT_TRUE(vkey.ok()) << init.out;
    log_vkey_ = *vkey;
    gov_vkey_ = gov_.verifier().ToVkey();
    auto reg = Jirga({"party", "register", "gov", "--vkey", gov_vkey_, "--role", "belligerent",
                      "--store", store_});
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
    StartServer();
  }

  void TearDown() override {
    if (server_ != nullptr) {
      ProcessResult r = StopServer();
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
  }

  // The server's stderr (the access log, one line per request) is read only when it stops, and
  // a pipe holds 64 KiB: keep each test well under ~300 requests.
  void StartServer() {
    server_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        testing::JirgaBinary(), "serve", "--store", store_, "--listen", "127.0.0.1:0"});
    std::string out;
    const std::string prefix = "listening on http://127.0.0.1:";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      out += server_->ReadSome(100);
    }
    ASSERT_EQ(out.rfind(prefix, 0), 0u) << "serve printed: " << out;
    port_ = std::stoi(out.substr(prefix.size()));
    ASSERT_GT(port_, 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_connection_timeout(5, 0);
    client_->set_read_timeout(20, 0);
    client_->set_write_timeout(20, 0);
  }

  ProcessResult StopServer() {
    server_->Kill(SIGTERM);
    ProcessResult r = server_->Wait();
    server_.reset();
    return r;
  }

  httplib::Result Get(const std::string& path) { return client_->Get(path.c_str()); }
  httplib::Result Post(const std::string& body) {
    return client_->Post("/v1/records", body, "application/json");
  }
  httplib::Result Submit(const Submission& s, const std::string& vkey) {
    return Post(SubmissionJson(s, vkey).dump());
  }

  std::string CheckpointText() {
    auto r = Get("/checkpoint");
    EXPECT_TRUE(r);
    return r ? r->body : "";
  }

  Checkpoint OpenCheckpoint(const std::string& note) {
    auto opened = OpenNote(note, {log_vkey_});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString() << "\n" << note;
    if (!opened.ok()) return {};
    auto cp = ParseCheckpoint(opened->text);
    EXPECT_TRUE(cp.ok());
    return cp.ok() ? *cp : Checkpoint{};
  }

  // Clients that submit distinct statements until the server goes away (or `stop` is set),
  // keeping each acknowledged index with the record bytes. Join `threads` before reading `acked`.
  struct Load {
    std::mutex mu;
    std::map<uint64_t, std::string> acked;  // index -> record bytes; guarded by mu
    std::atomic<int> acks{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;

    void WaitForAcks(int n, int seconds) {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
      while (acks < n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    void Join() {
      stop = true;
      for (auto& t : threads) t.join();
    }
  };
  void StartLoad(Load& load, int clients, const std::string& tag) {
    for (int t = 0; t < clients; ++t) {
      load.threads.emplace_back([this, &load, t, tag] {
        httplib::Client client("127.0.0.1", port_);
        client.set_read_timeout(20, 0);
        for (int i = 0; !load.stop; ++i) {
          Submission s = SignRecord(StatementRecord("gov", tag + std::to_string(t) + "-" +
                                                               std::to_string(i)),
                                    gov_);
          auto r = client.Post("/v1/records", SubmissionJson(s, gov_vkey_).dump(),
                               "application/json");
          if (!r) return;  // the server has stopped
          if (r->status != 201) continue;
          std::lock_guard<std::mutex> lock(load.mu);
          load.acked[ParseBody(r)["index"].get<uint64_t>()] = s.record;
          ++load.acks;
        }
      });
    }
  }

  // With the server stopped: the stored log verifies, and holds every acknowledged record.
  void ExpectEveryAcknowledgedRecordStored(const std::map<uint64_t, std::string>& acked) {
    auto store = OpenStore(store_, /*create=*/false);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto report = VerifyStoredLog(**store, AllKinds(), log_vkey_, 2);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    for (const auto& [index, record] : acked) {
      auto row = (*store)->GetRecord(index);
      ASSERT_TRUE(row.ok()) << "acknowledged record " << index << " is missing";
      ASSERT_EQ(row->record, record) << index;
    }
  }

  TempDir dir_;
  std::string store_;
  VerifierKey log_vkey_;
  SigningKey gov_ = SigningKey::Generate("gov");
  std::string gov_vkey_;
  std::unique_ptr<BackgroundProcess> server_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServeTest, HealthzAnswersOk) {
  auto r = Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok\n");
}

TEST_F(ServeTest, SubmittedRecordIsDurableProvableAndReadable) {
  const std::string before = CheckpointText();
  const Checkpoint old_cp = OpenCheckpoint(before);
  ASSERT_EQ(old_cp.size, 2u);

  Submission sub = SignRecord(StatementRecord("gov", "road open"), gov_);
  const std::string body = SubmissionJson(sub, gov_vkey_).dump();
  auto r = Post(body);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json created = ParseBody(r);
  EXPECT_EQ(created["index"], 2);
  EXPECT_FALSE(created.contains("duplicate"));
  EXPECT_EQ(r->get_header_value("Location"), "/v1/records/2");
  std::string leaf = *Base64Decode(created["leaf"].get<std::string>());
  ASSERT_EQ(leaf.size(), 128u);
  EXPECT_EQ(created["leaf_hash"], HashHex(LeafHash(leaf)));
  // The leaf is key hash || signature || commitment, exactly as ledger-format.md §6 says.
  EXPECT_EQ(leaf.substr(0, 32), Bytes(gov_.verifier().PubHash()));
  EXPECT_EQ(leaf.substr(32, 64), Bytes(sub.sig));
  EXPECT_EQ(leaf.substr(96), Bytes(ComputeCommitment(sub.salt, sub.record)));

  // The same signed submission again: the same index, nothing appended.
  auto again = Post(body);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  Json dup = ParseBody(again);
  EXPECT_EQ(dup["index"], 2);
  EXPECT_EQ(dup["duplicate"], true);
  EXPECT_EQ(dup["leaf"], created["leaf"]);

  // The checkpoint is signed by the log key and covers the record.
  auto cp_response = Get("/checkpoint");
  ASSERT_TRUE(cp_response);
  EXPECT_EQ(cp_response->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(cp_response->get_header_value("Cache-Control"), "no-cache");
  const std::string after = cp_response->body;
  const Checkpoint cp = OpenCheckpoint(after);
  ASSERT_EQ(cp.size, 3u);

  // The proof verifies against that checkpoint with only the log's key.
  auto proof_response = Get("/v1/records/2/proof");
  ASSERT_TRUE(proof_response);
  ASSERT_EQ(proof_response->status, 200) << proof_response->body;
  auto proof = ParseTlogProof(proof_response->body);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->index, 2u);
  EXPECT_EQ(proof->extra, leaf);
  EXPECT_EQ(proof->checkpoint, after);
  EXPECT_TRUE(VerifyInclusion(LeafHash(proof->extra), proof->index, cp.size, proof->proof, cp.root));

  // Against the older size: the checkpoint handed out is the one the log signed then.
  auto old_proof_response = Get("/v1/records/1/proof?size=2");
  ASSERT_TRUE(old_proof_response);
  ASSERT_EQ(old_proof_response->status, 200) << old_proof_response->body;
  auto old_proof = ParseTlogProof(old_proof_response->body);
  ASSERT_TRUE(old_proof.ok());
  EXPECT_EQ(old_proof->checkpoint, before);
  EXPECT_TRUE(VerifyInclusion(LeafHash(old_proof->extra), 1, old_cp.size, old_proof->proof,
                              old_cp.root));
  // The record is not in the tree of size 2.
  auto too_small = Get("/v1/records/2/proof?size=2");
  ASSERT_TRUE(too_small);
  EXPECT_EQ(too_small->status, 400);

  // The two checkpoints are consistent.
  auto consistency = Get("/v1/consistency?from=2&to=3");
  ASSERT_TRUE(consistency);
  ASSERT_EQ(consistency->status, 200) << consistency->body;
  std::vector<Hash> hashes;
  const Json consistency_body = ParseBody(consistency);
  for (const auto& h : consistency_body["hashes"]) {
    hashes.push_back(ToHash(*Base64Decode(h.get<std::string>())));
  }
  EXPECT_TRUE(VerifyConsistency(2, 3, old_cp.root, cp.root, hashes));
  auto default_to = Get("/v1/consistency?from=2");
  ASSERT_TRUE(default_to);
  EXPECT_EQ(ParseBody(default_to)["to"], 3);

  // The record reads back byte for byte, with the party's time and the log's receipt time.
  auto rec_response = Get("/v1/records/2");
  ASSERT_TRUE(rec_response);
  ASSERT_EQ(rec_response->status, 200) << rec_response->body;
  Json rec = ParseBody(rec_response);
  EXPECT_EQ(rec["index"], 2);
  EXPECT_EQ(rec["kind"], "statement");
  EXPECT_EQ(rec["party"], "gov");
  EXPECT_EQ(rec["time"], "2020-03-03T09:00:00Z");
  EXPECT_TRUE(rec["received"].is_string());
  EXPECT_EQ(*Base64Decode(rec["record"].get<std::string>()), sub.record);
  EXPECT_EQ(*Base64Decode(rec["salt"].get<std::string>()), sub.salt);
  EXPECT_EQ(rec["leaf"], created["leaf"]);

  // Listing, filtered and paged.
  Json statements = ParseBody(Get("/v1/records?kind=statement"));
  ASSERT_EQ(statements["records"].size(), 1u);
  EXPECT_EQ(statements["records"][0]["index"], 2);
  EXPECT_TRUE(statements["next"].is_null());
  Json page = ParseBody(Get("/v1/records?limit=2"));
  ASSERT_EQ(page["records"].size(), 2u);
  EXPECT_EQ(page["records"][0]["index"], 0);
  EXPECT_EQ(page["next"], 2);
  Json rest = ParseBody(Get("/v1/records?after=2&limit=2"));
  ASSERT_EQ(rest["records"].size(), 1u);
  EXPECT_TRUE(rest["next"].is_null());
  Json by_party = ParseBody(Get("/v1/records?party=gov"));
  ASSERT_EQ(by_party["records"].size(), 1u);

  // The parties, as `jirga party list` shows them.
  Json parties = ParseBody(Get("/v1/parties"));
  ASSERT_TRUE(parties.is_array());
  ASSERT_EQ(parties.size(), 2u);
  EXPECT_EQ(parties[0]["id"], "gov");
  EXPECT_EQ(parties[0]["role"], "belligerent");
  EXPECT_EQ(parties[0]["vkeys"][0], gov_vkey_);
}

// A client with only a generic Ed25519 library (libsodium here) and SHA-256, following
// docs/http-api.md: make the vkey, have the operator register it over HTTP, submit.
TEST_F(ServeTest, ClientWithAGenericEd25519LibraryCanRegisterAndSubmit) {
  auto sha256 = [](const std::string& data) {
    std::string out(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return out;
  };
  std::string seed(32, '\x11'), pub(32, '\0'), secret(64, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pub.data()),
                           reinterpret_cast<unsigned char*>(secret.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  const std::string name = "monitor";
  std::string key_id = sha256(name + "\n\x01" + pub).substr(0, 4);
  std::string vkey = name + "+" + HexEncode(key_id) + "+" + Base64Encode("\x01" + pub);
  auto sign_and_submit = [&](const std::string& record, const std::string& sk,
                             const std::string& signer_vkey) {
    std::string salt(32, '\0');
    randombytes_buf(salt.data(), salt.size());
    std::string message = std::string("jirga/v1/record\0", 16) + sha256(salt + record);
    std::string sig(64, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(sk.data()));
    Json body = {{"record", Base64Encode(record)},
                 {"salt", Base64Encode(salt)},
                 {"sig", Base64Encode(sig)},
                 {"key", signer_vkey}};
    return Post(body.dump());
  };

  // The operator (whose key sits beside the store) registers the new party remotely.
  auto op_key = SigningKey::Load(store_ + ".operator.key");
  ASSERT_TRUE(op_key.ok());
  // "PRIVATE+KEY+<name>+<hex8>+<base64(0x01 || seed)>": split on the first two '+' after the
  // prefix only, since base64 may itself contain '+'.
  std::string text = op_key->ToText().substr(std::string("PRIVATE+KEY+").size());
  size_t first = text.find('+'), second = text.find('+', first + 1);
  std::string encoded = text.substr(second + 1);
  while (!encoded.empty() && encoded.back() == '\n') encoded.pop_back();
  auto op_seed_or = Base64Decode(encoded);
  ASSERT_TRUE(op_seed_or.ok()) << encoded;
  std::string op_seed = *op_seed_or;
  ASSERT_EQ(op_seed.size(), 33u);
  std::string op_pub(32, '\0'), op_secret(64, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(op_pub.data()),
                           reinterpret_cast<unsigned char*>(op_secret.data()),
                           reinterpret_cast<const unsigned char*>(op_seed.data() + 1));
  std::string registration =
      R"({"v":1,"kind":"party","party":"operator","time":"2020-03-01T00:00:00Z","body":)"
      R"({"id":"monitor","kinds":["statement"],"name":"Monitor","role":"verifier","vkeys":[")" +
      vkey + R"("]}})";
  auto reg = sign_and_submit(registration, op_secret, op_key->verifier().ToVkey());
  ASSERT_TRUE(reg);
  ASSERT_EQ(reg->status, 201) << reg->body;

  std::string record =
      R"({"v":1,"kind":"statement","party":"monitor","time":"2020-03-03T09:00:00Z",)"
      R"("body":{"text":"All quiet.","title":"Report"}})";
  auto r = sign_and_submit(record, secret, vkey);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json created = ParseBody(r);
  EXPECT_EQ(created["index"], 3);
  std::string leaf = *Base64Decode(created["leaf"].get<std::string>());
  EXPECT_EQ(leaf.substr(0, 32), sha256(pub));
  EXPECT_EQ(OpenCheckpoint(CheckpointText()).size, 4u);
}

TEST_F(ServeTest, TilesAndEntryBundlesReproduceTheCheckpointRoot) {
  for (int i = 0; i < 5; ++i) {
    auto r = Submit(SignRecord(StatementRecord("gov", "t" + std::to_string(i)), gov_), gov_vkey_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }
  const Checkpoint cp = OpenCheckpoint(CheckpointText());
  ASSERT_EQ(cp.size, 7u);

  auto bundle = Get("/tile/entries/000.p/7");
  ASSERT_TRUE(bundle);
  ASSERT_EQ(bundle->status, 200) << bundle->body;
  EXPECT_EQ(bundle->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_EQ(bundle->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto leaves = DecodeEntryBundle(bundle->body);
  ASSERT_TRUE(leaves.ok());
  ASSERT_EQ(leaves->size(), 7u);

  auto tile = Get("/tile/0/000.p/7");
  ASSERT_TRUE(tile);
  ASSERT_EQ(tile->status, 200) << tile->body;
  ASSERT_EQ(tile->body.size(), 7u * 32);
  testing::MemoryTree tree;
  for (size_t i = 0; i < leaves->size(); ++i) {
    Hash h = LeafHash((*leaves)[i]);
    EXPECT_EQ(tile->body.substr(i * 32, 32), Bytes(h)) << "leaf " << i;
    tree.Append(h);
  }
  EXPECT_EQ(tree.Root(), cp.root);

  // A narrower partial tile is a prefix of the current one (hashes never change).
  auto narrow = Get("/tile/0/000.p/3");
  ASSERT_TRUE(narrow);
  EXPECT_EQ(narrow->status, 200);
  EXPECT_EQ(narrow->body, tile->body.substr(0, 3 * 32));

  // Tiles that do not exist (yet), and paths that are not tile paths.
  for (const char* path : {"/tile/0/000.p/8", "/tile/0/000", "/tile/entries/000", "/tile/1/000.p/1",
                           "/tile/0/001.p/1", "/tile/entries/001.p/1"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << ": " << r->body;
    EXPECT_EQ(ParseBody(r)["error"]["code"], "not_found") << path;
  }
  for (const char* path : {"/tile/0/0", "/tile/0/x000/000.p/1", "/tile/00/000.p/1",
                           "/tile/0/000.p/07", "/tile/0/000.p/256", "/tile/../checkpoint",
                           "/tile/0/../../checkpoint", "/tile/0/%2e%2e/checkpoint"}) {
    auto r = Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 400) << path << ": " << r->body;
  }
}

struct BadRequest {
  std::string name;
  std::string method;  // GET, POST or PUT
  std::string path;
  std::string body;
  int status;
  std::string code;
};

TEST_F(ServeTest, BadRequestsGetTheRightStatusAndJsonErrorAndChangeNothing) {
  const std::string record = StatementRecord("gov", "fine");
  const Submission good = SignRecord(record, gov_);
  auto with = [&](const std::string& field, const Json& value) {
    Json j = SubmissionJson(good, gov_vkey_);
    j[field] = value;
    return j.dump();
  };
  Submission bad_sig = good;
  bad_sig.sig[5] ^= 1;
  SigningKey stranger = SigningKey::Generate("stranger");
  Record party_rec;
  party_rec.kind = "party";
  party_rec.party = "gov";
  party_rec.time = "2020-03-03T09:00:00Z";
  party_rec.body = {{"id", "rebels"},         {"name", "Rebels"},
                    {"role", "belligerent"},  {"vkeys", {stranger.verifier().ToVkey()}},
                    {"kinds", {"statement"}}};
  Json no_sig = SubmissionJson(good, gov_vkey_);
  no_sig.erase("sig");

  std::vector<BadRequest> cases = {
      {"malformed JSON", "POST", "/v1/records", "{\"record\":", 400, "invalid_argument"},
      {"not an object", "POST", "/v1/records", "[1,2]", 400, "invalid_argument"},
      {"duplicate key", "POST", "/v1/records",
       R"({"record":"e30=","record":"e30=","salt":"","sig":"","key":""})", 400,
       "invalid_argument"},
      {"invalid UTF-8", "POST", "/v1/records", "{\"record\":\"\xff\"}", 400, "invalid_argument"},
      {"unknown field", "POST", "/v1/records", with("note", "hi"), 400, "invalid_argument"},
      {"missing field", "POST", "/v1/records", no_sig.dump(), 400, "invalid_argument"},
      {"field of the wrong type", "POST", "/v1/records", with("salt", 5), 400,
       "invalid_argument"},
      {"bad base64", "POST", "/v1/records", with("record", "not base64!"), 400,
       "invalid_argument"},
      {"non-canonical base64", "POST", "/v1/records", with("record", "e30"), 400,
       "invalid_argument"},
      {"salt of 31 bytes", "POST", "/v1/records", with("salt", Base64Encode(std::string(31, 'x'))),
       400, "invalid_argument"},
      {"signature of 63 bytes", "POST", "/v1/records",
       with("sig", Base64Encode(std::string(63, 'x'))), 400, "invalid_argument"},
      {"malformed key", "POST", "/v1/records", with("key", "gov+12345678+AAAA"), 400,
       "invalid_argument"},
      {"record that is not a record", "POST", "/v1/records",
       SubmissionJson(SignRecord("{\"v\":1}", gov_), gov_vkey_).dump(), 400, "invalid_argument"},
      {"record time in the future", "POST", "/v1/records",
       SubmissionJson(SignRecord(StatementRecord("gov", "later", "2199-01-01T00:00:00Z"), gov_),
                      gov_vkey_)
           .dump(),
       400, "invalid_argument"},
      {"bad signature", "POST", "/v1/records", SubmissionJson(bad_sig, gov_vkey_).dump(), 422,
       "bad_signature"},
      {"signed by another key than named", "POST", "/v1/records",
       SubmissionJson(good, stranger.verifier().ToVkey()).dump(), 422, "bad_signature"},
      {"unregistered key", "POST", "/v1/records",
       SubmissionJson(SignRecord(record, stranger), stranger.verifier().ToVkey()).dump(), 403,
       "unauthorized"},
      {"another party's record", "POST", "/v1/records",
       SubmissionJson(SignRecord(StatementRecord("operator", "x"), gov_), gov_vkey_).dump(), 403,
       "unauthorized"},
      {"kind not allowed for the key", "POST", "/v1/records",
       SubmissionJson(SignRecord(SerializeRecord(party_rec), gov_), gov_vkey_).dump(), 403,
       "unauthorized"},
      {"body over the limit", "POST", "/v1/records", std::string(2 << 20, 'x'), 413,
       "resource_exhausted"},
      {"query on submit", "POST", "/v1/records?x=1", SubmissionJson(good, gov_vkey_).dump(), 400,
       "invalid_argument"},
      {"unknown route", "GET", "/v2/records", "", 404, "not_found"},
      {"no such page", "GET", "/no-such-page.html", "", 404, "not_found"},
      {"method not allowed", "PUT", "/checkpoint", "x", 405, "method_not_allowed"},
      {"record index out of range", "GET", "/v1/records/99", "", 404, "not_found"},
      {"proof index out of range", "GET", "/v1/records/99/proof", "", 404, "not_found"},
      {"index not a number", "GET", "/v1/records/abc", "", 400, "invalid_argument"},
      {"index with a leading zero", "GET", "/v1/records/01", "", 400, "invalid_argument"},
      {"index overflowing 64 bits", "GET", "/v1/records/18446744073709551616", "", 400,
       "invalid_argument"},
      {"proof size beyond the log", "GET", "/v1/records/1/proof?size=9", "", 400,
       "invalid_argument"},
      {"consistency from 0", "GET", "/v1/consistency?from=0&to=2", "", 400, "invalid_argument"},
      {"consistency without from", "GET", "/v1/consistency", "", 400, "invalid_argument"},
      {"consistency beyond the log", "GET", "/v1/consistency?from=1&to=3", "", 400,
       "invalid_argument"},
      {"limit too large", "GET", "/v1/records?limit=1001", "", 400, "invalid_argument"},
      {"limit zero", "GET", "/v1/records?limit=0", "", 400, "invalid_argument"},
      {"unknown kind filter", "GET", "/v1/records?kind=gossip", "", 400, "invalid_argument"},
      {"unknown query parameter", "GET", "/v1/records?sort=desc", "", 400, "invalid_argument"},
      {"repeated query parameter", "GET", "/v1/records?after=1&after=2", "", 400,
       "invalid_argument"},
  };
  const std::string checkpoint = CheckpointText();
  for (const BadRequest& c : cases) {
    SCOPED_TRACE(c.name);
    httplib::Result r = c.method == "GET"    ? client_->Get(c.path.c_str())
                        : c.method == "POST" ? client_->Post(c.path.c_str(), c.body,
                                                             "application/json")
                                             : client_->Put(c.path.c_str(), c.body, "text/plain");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, c.status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    Json body = ParseBody(r);
    EXPECT_EQ(body["error"]["code"], c.code) << r->body;
    EXPECT_TRUE(body["error"]["message"].is_string()) << r->body;
    EXPECT_EQ(CheckpointText(), checkpoint);
  }
  // Still serving, and the good submission still goes in.
  auto ok = Submit(good, gov_vkey_);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(ServeTest, ConcurrentSubmissionsAreEachAppendedOnce) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::multiset<uint64_t> indexes;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port_);
      client.set_read_timeout(20, 0);
      for (int i = 0; i < kEach; ++i) {
        Submission s = SignRecord(
            StatementRecord("gov", "c" + std::to_string(t) + "-" + std::to_string(i)), gov_);
        auto r = client.Post("/v1/records", SubmissionJson(s, gov_vkey_).dump(),
                             "application/json");
        if (!r || r->status != 201) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        indexes.insert(ParseBody(r)["index"].get<uint64_t>());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  ASSERT_EQ(indexes.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(std::set<uint64_t>(indexes.begin(), indexes.end()).size(), indexes.size());
  EXPECT_EQ(*indexes.begin(), 2u);
  EXPECT_EQ(*indexes.rbegin(), 2u + kThreads * kEach - 1);
  EXPECT_EQ(OpenCheckpoint(CheckpointText()).size, 2u + kThreads * kEach);
}

TEST_F(ServeTest, SigtermExitsZeroAndAcknowledgedRecordsAreDurable) {
  auto r = Submit(SignRecord(StatementRecord("gov", "last words"), gov_), gov_vkey_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  client_.reset();
  ProcessResult stopped = StopServer();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_THAT(stopped.err, HasSubstr("stopped at tree size 3"));
  // One JSON access-log line per request.
  bool logged = false;
  std::istringstream lines(stopped.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto j = ParseJsonStrict(line);
    ASSERT_TRUE(j.ok()) << line;
    for (const char* field : {"method", "path", "status", "bytes", "micros", "time", "remote"}) {
      EXPECT_TRUE(j->contains(field)) << field << " in " << line;
    }
    logged |= (*j)["method"] == "POST" && (*j)["status"] == 201;
  }
  EXPECT_TRUE(logged) << stopped.err;

  auto verify = Jirga({"log", "verify", "--store", store_, "--vkey", log_vkey_.ToVkey()});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("OK: 3 records"));
  auto shown = Jirga({"record", "show", "--store", store_, "--index", "2"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("last words"));
}

}  // namespace
}  // namespace jirga

namespace jirga {
namespace {

TEST_F(ServeTest, SigtermDuringSubmissionsKeepsEveryAcknowledgedRecord) {
  Load load;
  StartLoad(load, 2, "s");
  load.WaitForAcks(5, 20);
  ProcessResult stopped = StopServer();
  load.Join();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  ASSERT_GE(load.acked.size(), 5u);
  ExpectEveryAcknowledgedRecordStored(load.acked);
}

}  // namespace
}  // namespace jirga

namespace jirga {
namespace {

// A raw TCP client for requests no HTTP library would send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Everything the server sends until it closes the connection or `timeout_ms` passes.
  std::string ReadUntilClosed(int timeout_ms) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
      char buf[4096];
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST_F(ServeTest, AFiftyMegabyteBodyIsRefusedAtOnceWithoutBeingRead) {
  const std::string before = CheckpointText();
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.Send("POST /v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     "Content-Length: 52428800\r\n\r\n"));
  (void)c.Send(std::string(64 * 1024, 'x'));  // the server may already have closed
  std::string reply = c.ReadUntilClosed(1500);
  EXPECT_LT(SecondsSince(start), 3.0) << "the server waited for the body";
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_THAT(reply, HasSubstr("\"resource_exhausted\""));
  EXPECT_EQ(CheckpointText(), before);
}

TEST_F(ServeTest, ABodyThatStopsMidwayTimesOutAndChangesNothing) {
  const std::string before = CheckpointText();
  Submission s = SignRecord(StatementRecord("gov", "never finished"), gov_);
  const std::string body = SubmissionJson(s, gov_vkey_).dump();
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("POST /v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                     body.substr(0, body.size() / 2)));
  auto start = std::chrono::steady_clock::now();
  std::string reply = c.ReadUntilClosed(8000);  // the read timeout is 5 s
  EXPECT_LT(SecondsSince(start), 9.0);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_THAT(reply, HasSubstr("\"error\""));
  EXPECT_EQ(CheckpointText(), before);
}

TEST_F(ServeTest, StalledClientsAreCutOffWhileOthersAreServed) {
  // Three clients send half a request line and stop (slowloris).
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 3; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(stalled.back()->Send("GET /checkpoint HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  }
  // Meanwhile everyone else is answered at once.
  auto start = std::chrono::steady_clock::now();
  auto r = Get("/checkpoint");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(SecondsSince(start), 1.0);
  // The stalled ones are answered with an error and disconnected after the read timeout.
  for (auto& c : stalled) {
    std::string reply = c->ReadUntilClosed(15000);
    EXPECT_TRUE(c->closed());
    EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
  }
  EXPECT_LT(SecondsSince(start), 12.0);
}

TEST_F(ServeTest, SixteenClientsTimesAThousandSubmissionsAreEachAppendedExactlyOnce) {
  constexpr int kClients = 16, kEach = 1000;
  std::mutex mu;
  std::map<uint64_t, std::string> acked;  // index -> leaf hash hex
  std::atomic<int> failures{0}, retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port_);
      client.set_read_timeout(60, 0);
      for (int i = 0; i < kEach; ++i) {
        Submission s = SignRecord(
            StatementRecord("gov", "load " + std::to_string(t) + "/" + std::to_string(i)), gov_);
        const std::string body = SubmissionJson(s, gov_vkey_).dump();
        auto r = client.Post("/v1/records", body, "application/json");
        // A request that got no answer at all (a connection dropped under load) is sent again,
        // as a real client would: resubmitting the same signed record is safe, and if the
        // first attempt was appended the answer is its index (200, duplicate).
        int resent = 0;
        for (; !r && resent < 3; ++resent) {
          ++retries;
          r = client.Post("/v1/records", body, "application/json");
        }
        if (!r || (r->status != 201 && !(r->status == 200 && resent > 0))) {
          ++failures;
          continue;
        }
        Json j = ParseBody(r);
        std::lock_guard<std::mutex> lock(mu);
        if (!acked.emplace(j["index"].get<uint64_t>(), j["leaf_hash"].get<std::string>()).second) {
          ++failures;  // the same index acknowledged twice
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_LE(retries, 16) << "many requests went unanswered";
  ASSERT_EQ(acked.size(), static_cast<size_t>(kClients * kEach));
  EXPECT_EQ(acked.begin()->first, 2u);
  EXPECT_EQ(acked.rbegin()->first, 2u + kClients * kEach - 1);
  EXPECT_EQ(OpenCheckpoint(CheckpointText()).size, 2u + kClients * kEach);
  client_.reset();
  ASSERT_EQ(StopServer().exit_code, 0);
  auto store = OpenStore(store_, /*create=*/false);
  ASSERT_TRUE(store.ok());
  auto report = VerifyStoredLog(**store, AllKinds(), log_vkey_, 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  for (const auto& [index, leaf_hash] : acked) {
    auto leaf = (*store)->GetLeaf(index);
    ASSERT_TRUE(leaf.ok());
    ASSERT_EQ(HashHex(LeafHash(*leaf)), leaf_hash) << index;
  }
}

TEST_F(ServeTest, KillDashNineUnderLoadLosesNoAcknowledgedRecord) {
  Load load;
  StartLoad(load, 4, "k");
  load.WaitForAcks(300, 30);
  server_->Kill(SIGKILL);  // mid-load: batches in flight, acknowledgements in flight
  (void)server_->Wait();
  server_.reset();
  load.Join();
  const auto& acked = load.acked;
  ASSERT_GE(acked.size(), 300u);
  ExpectEveryAcknowledgedRecordStored(acked);
  if (HasFatalFailure()) return;
  // The restarted server serves them and goes on appending after them.
  StartServer();
  const uint64_t last = acked.rbegin()->first;
  auto r = Get("/v1/records/" + std::to_string(last));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto next = Submit(SignRecord(StatementRecord("gov", "after the crash"), gov_), gov_vkey_);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 201) << next->body;
  EXPECT_GT(ParseBody(next)["index"].get<uint64_t>(), last);
}

}  // namespace
}  // namespace jirga

namespace jirga {
namespace {

TEST_F(ServeTest, WithTlsFlagsTheBinaryServesHttpsOnly) {
  client_.reset();
  ASSERT_EQ(StopServer().exit_code, 0);
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  ASSERT_TRUE(testing::WriteSelfSignedCert(cert, key));
  BackgroundProcess tls({testing::JirgaBinary(), "serve", "--store", store_, "--listen",
                         "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key});
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    out += tls.ReadSome(100);
  }
  const std::string prefix = "listening on https://127.0.0.1:";
  ASSERT_EQ(out.rfind(prefix, 0), 0u) << out;
  const int port = std::stoi(out.substr(prefix.size()));
  httplib::SSLClient client("127.0.0.1", port);
  client.set_ca_cert_path(cert.c_str());
  client.enable_server_certificate_verification(true);
  auto r = client.Get("/checkpoint");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(OpenCheckpoint(r->body).size, 2u);
  tls.Kill(SIGTERM);
  EXPECT_EQ(tls.Wait().exit_code, 0);

  // Only one of the two flags is a usage error.
  auto half = Jirga({"serve", "--store", store_, "--listen", "127.0.0.1:0", "--tls-cert", cert});
  EXPECT_EQ(half.exit_code, 2) << half.err;
}

}  // namespace
}  // namespace jirga
