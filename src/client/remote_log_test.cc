// RemoteLog against the real Api in-process (no sockets), honest and lying: key pinning, the
// state file, forks and rollbacks, and every answer the server could falsify.
#include "client/remote_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "api/routes.h"
#include "base/encoding.h"
#include "base/file.h"
#include "base/json.h"
#include "kinds/all_kinds.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tlog_proof.h"
#include "store/memory_store.h"
#include "testing/temp_dir.h"

namespace jirga::client {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1583226000LL * 1000000;  // 2020-03-03T09:00:00Z

// Hands requests to an Api in this process; `tamper` may rewrite any answer, as a lying server
// would.
class ApiTransport : public HttpTransport {
 public:
  using Tamper = std::function<void(const std::string& target, HttpReply& reply)>;
  ApiTransport(const api::Api& api, Tamper tamper) : api_(api), tamper_(std::move(tamper)) {}

  Result<HttpReply> Send(std::string_view method, const std::string& target,
                         const std::string& body) override {
    targets.push_back(target);
    api::HttpRequest req;
    req.method = std::string(method);
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string query = target.substr(q + 1);
      for (size_t p = 0; p <= query.size();) {
        size_t amp = query.find('&', p);
        if (amp == std::string::npos) amp = query.size();
        std::string pair = query.substr(p, amp - p);
        size_t eq = pair.find('=');
        req.query.emplace_back(pair.substr(0, eq),
                               eq == std::string::npos ? "" : pair.substr(eq + 1));
        p = amp + 1;
      }
    }
    req.body = body;
    req.authorization = bearer_.empty() ? "" : "Bearer " + bearer_;
    req.remote = "127.0.0.1";
    api::HttpResponse resp = api_.Handle(req);
    HttpReply reply{resp.status, resp.content_type, resp.body};
    if (tamper_) tamper_(target, reply);
    return reply;
  }
  const std::string& server() const override { return name_; }
  void SetBearerToken(std::string token) override { bearer_ = std::move(token); }

  std::vector<std::string> targets;  // every request, in order

 private:
  const api::Api& api_;
  Tamper tamper_;
  std::string name_ = "test://server";
  std::string bearer_;
};

// One log served by an Api: several can share the log key and origin yet hold other records,
// which is exactly what a forking operator would run.
struct ServedLog {
  ServedLog(const SigningKey& log_key, const SigningKey& op_key, FakeClock* clock) {
    LogOptions options;
    options.clock = clock;
    // The core kinds, and one only its submitter and verifiers may read (for Authenticate).
    RegisterCoreKinds(kinds);
    EXPECT_TRUE(kinds
                    .Register(KindSpec{
                        .name = "sealed-note",
                        .summary = "test kind, sealed",
                        .default_roles = {Role::kOperator},
                        .visibility = Visibility::kSealed,
                        .view = "log",
                        .validate_body = [](const Json&) { return Status::Ok(); },
                    })
                    .ok());
    auto created = Log::Create(NewMemoryStore(), log_key.verifier().name, log_key, op_key,
                               "Operator", kinds, options);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    log = std::move(*created);
    api::ApiOptions api_options;
    api_options.log_key = &log_key;
    api = std::make_unique<api::Api>(*log, api_options);
  }
  KindRegistry kinds;
  std::unique_ptr<Log> log;
  std::unique_ptr<api::Api> api;
};

std::string Statement(const std::string& title) {
  Record r;
  r.kind = "statement";
  r.party = "operator";
  r.time = "2020-03-03T09:00:00Z";
  r.body = {{"title", title}, {"text", "text of " + title}};
  return SerializeRecord(r);
}

class RemoteLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    a_ = std::make_unique<ServedLog>(log_key_, op_key_, &clock_);
    state_ = dir_.File("state.json");
  }

  void Append(ServedLog& served, int n) {
    for (int i = 0; i < n; ++i) {
      auto r = served.log->Append(SignRecord(Statement("r" + std::to_string(counter_++)), op_key_));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  Result<std::unique_ptr<RemoteLog>> Open(ServedLog& served, const std::string& vkey = "",
                                          ApiTransport::Tamper tamper = {}) {
    RemoteOptions options;
    options.server = "test://server";
    options.state_path = state_;
    options.log_vkey = vkey;
    auto transport = std::make_unique<ApiTransport>(*served.api, std::move(tamper));
    transport_ = transport.get();
    return RemoteLog::Open(options, std::move(transport));
  }

  // Pins the log key and the current checkpoint of `served` in the state file.
  void Pin(ServedLog& served) {
    auto remote = Open(served, log_key_.verifier().ToVkey());
    ASSERT_TRUE(remote.ok()) << remote.status().ToString();
    ASSERT_TRUE((*remote)->SaveState().ok());
  }

  std::string StateText() {
    auto text = ReadFile(state_);
    return text.ok() ? *text : "(none)";
  }

  testing::TempDir dir_;
  std::string state_;
  FakeClock clock_{kNow};
  SigningKey log_key_ = *SigningKey::FromSeed("example.org/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  std::unique_ptr<ServedLog> a_;
  ApiTransport* transport_ = nullptr;  // owned by the RemoteLog last opened
  int counter_ = 0;
};

TEST_F(RemoteLogTest, FirstContactNeedsTheLogKeyFromElsewhere) {
  auto remote = Open(*a_);
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.status().message(), HasSubstr("--log-vkey"));
  EXPECT_THAT(remote.status().message(), HasSubstr("jirga log vkey"));
  EXPECT_THAT(remote.status().message(), HasSubstr("\"example.org/log\""));
  EXPECT_FALSE(FileExists(state_));
}

TEST_F(RemoteLogTest, PinsTheKeyAndFollowsTheLogByConsistencyProofs) {
  Pin(*a_);
  auto state = ClientState::Load(state_);
  ASSERT_TRUE(state.ok());
  const KnownLog* known = state->Find("example.org/log");
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(known->vkey.ToVkey(), log_key_.verifier().ToVkey());
  ASSERT_TRUE(known->checkpoint.has_value());
  EXPECT_EQ(known->checkpoint->size, 1u);

  Append(*a_, 4);
  auto remote = Open(*a_);  // the key now comes from the state file
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ((*remote)->latest().size, 5u);
  EXPECT_THAT(transport_->targets, ::testing::Contains("/v1/consistency?from=1&to=5"));
  // Nothing is written until the caller says what it asked for is verified.
  EXPECT_EQ(ClientState::Load(state_)->Find("example.org/log")->checkpoint->size, 1u);
  ASSERT_TRUE((*remote)->SaveState().ok());
  EXPECT_EQ(ClientState::Load(state_)->Find("example.org/log")->checkpoint->size, 5u);
}

TEST_F(RemoteLogTest, RefusesAWrongLogKey) {
  SigningKey impostor = *SigningKey::FromSeed("example.org/log", std::string(32, 'I'));
  auto remote = Open(*a_, impostor.verifier().ToVkey());
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(remote.status().message(), HasSubstr("not signed by the log key"));
  EXPECT_THAT(remote.status().message(), HasSubstr("jirga log vkey"));
  SigningKey elsewhere = *SigningKey::FromSeed("example.org/other", std::string(32, 'L'));
  EXPECT_EQ(Open(*a_, elsewhere.verifier().ToVkey()).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Open(*a_, "not a vkey").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(FileExists(state_));

  // Once pinned, a different --log-vkey for the same origin is a contradiction.
  Pin(*a_);
  auto contradicted = Open(*a_, impostor.verifier().ToVkey());
  EXPECT_EQ(contradicted.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(contradicted.status().message(), HasSubstr("never changes"));
}

TEST_F(RemoteLogTest, DetectsForksAndRollbacksAndLeavesTheStateAlone) {
  Append(*a_, 2);
  Pin(*a_);  // size 3
  const std::string pinned = StateText();

  // Another store with the same origin and key: the same sizes, other records.
  ServedLog b(log_key_, op_key_, &clock_);
  Append(b, 2);
  auto same_size = Open(b);
  ASSERT_FALSE(same_size.ok());
  EXPECT_EQ(same_size.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(same_size.status().message(), HasSubstr("FORK"));
  EXPECT_THAT(same_size.status().message(), HasSubstr("one size, two roots"));
  EXPECT_THAT(same_size.status().message(),
              HasSubstr("size 3, root " + Base64Encode(AsBytes(*a_->log->RootAt(3)))));
  EXPECT_THAT(same_size.status().message(),
              HasSubstr("size 3, root " + Base64Encode(AsBytes(*b.log->RootAt(3)))));
  EXPECT_EQ(StateText(), pinned);

  Append(b, 1);  // larger, but not an extension of what was seen
  auto larger = Open(b);
  EXPECT_EQ(larger.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(larger.status().message(), HasSubstr("consistency proof between them fails"));
  EXPECT_EQ(StateText(), pinned);

  ServedLog c(log_key_, op_key_, &clock_);  // size 1: rolled back
  auto smaller = Open(c);
  EXPECT_EQ(smaller.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(smaller.status().message(), HasSubstr("shrank"));
  EXPECT_EQ(StateText(), pinned);

  // The honest server, grown, is still followed.
  Append(*a_, 3);
  auto honest = Open(*a_);
  ASSERT_TRUE(honest.ok()) << honest.status().ToString();
  EXPECT_EQ((*honest)->latest().size, 6u);
}

TEST_F(RemoteLogTest, SubmitsAndProvesEveryAnswer) {
  Append(*a_, 2);
  auto remote = Open(*a_, log_key_.verifier().ToVkey());
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  std::vector<BatchItem> items;
  for (int i = 0; i < 3; ++i) {
    items.push_back(MakeBatchItem(SignRecord(Statement("b" + std::to_string(i)), op_key_),
                                  op_key_.verifier().ToVkey()));
  }
  auto outcomes = (*remote)->SubmitBatch(items);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  ASSERT_EQ(outcomes->size(), 3u);
  ASSERT_TRUE((*remote)->Refresh().ok());
  EXPECT_EQ((*remote)->latest().size, 6u);
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE((*outcomes)[i].refusal.ok());
    EXPECT_EQ((*outcomes)[i].index, 3 + i);
    EXPECT_TRUE((*remote)->CheckIncluded((*outcomes)[i].index, items[i].leaf).ok());
  }
  // The same leaf is not some other record.
  EXPECT_EQ((*remote)->CheckIncluded(3, items[1].leaf).code(), StatusCode::kCorruption);

  auto record = (*remote)->GetRecord(4);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->leaf, items[1].leaf);
  EXPECT_EQ(record->party, "operator");

  auto proof = (*remote)->Prove(4, 5);  // against an older size: checked for consistency too
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->checkpoint.size, 5u);

  auto hashes = (*remote)->Consistency(2, 6);
  ASSERT_TRUE(hashes.ok()) << hashes.status().ToString();
  EXPECT_EQ(*hashes, *a_->log->ConsistencyProof(2, 6));
  EXPECT_EQ((*remote)->Consistency(0, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*remote)->Consistency(4, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*remote)->Consistency(2, 60).status().code(), StatusCode::kInvalidArgument);

  auto party = (*remote)->PartyOfKey(op_key_.verifier());
  ASSERT_TRUE(party.ok());
  EXPECT_EQ(*party, "operator");
}

TEST_F(RemoteLogTest, ABatchStopsAtItsFirstRefusal) {
  auto remote = Open(*a_, log_key_.verifier().ToVkey());
  ASSERT_TRUE(remote.ok());
  Record bad;
  bad.kind = "statement";
  bad.party = "operator";
  bad.time = "2020-03-03T09:00:00Z";
  bad.body = {{"title", "no text"}};
  std::vector<BatchItem> items = {
      MakeBatchItem(SignRecord(Statement("ok"), op_key_), op_key_.verifier().ToVkey()),
      MakeBatchItem(SignRecord(SerializeRecord(bad), op_key_), op_key_.verifier().ToVkey()),
      MakeBatchItem(SignRecord(Statement("after"), op_key_), op_key_.verifier().ToVkey())};
  auto outcomes = (*remote)->SubmitBatch(items);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  EXPECT_TRUE((*outcomes)[0].refusal.ok());
  EXPECT_EQ((*outcomes)[1].refusal.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT((*outcomes)[1].refusal.message(), HasSubstr("test://server answered 400"));
  EXPECT_FALSE((*outcomes)[2].refusal.ok());
  EXPECT_EQ(a_->log->Size(), 2u);
}

// Rewrites the JSON answer to requests whose target starts with `prefix`.
ApiTransport::Tamper EditJson(const std::string& prefix, std::function<void(Json&)> edit) {
  return [=](const std::string& target, HttpReply& reply) {
    if (target.rfind(prefix, 0) != 0) return;
    Json j = *ParseJsonStrict(reply.body);
    edit(j);
    reply.body = j.dump();
  };
}

TEST_F(RemoteLogTest, CatchesALyingAcknowledgement) {
  const std::string other_leaf = Base64Encode(std::string(128, 'x'));
  auto remote = Open(*a_, log_key_.verifier().ToVkey(),
                     EditJson("/v1/records:batch", [&](Json& j) {
                       j["results"][0]["leaf"] = other_leaf;
                       j["results"][0]["leaf_hash"] = HashHex(LeafHash(std::string(128, 'x')));
                     }));
  ASSERT_TRUE(remote.ok());
  auto outcomes = (*remote)->SubmitBatch(
      {MakeBatchItem(SignRecord(Statement("x"), op_key_), op_key_.verifier().ToVkey())});
  EXPECT_EQ(outcomes.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(outcomes.status().message(), HasSubstr("not the one signed here"));
  remote->reset();  // one session at a time holds the state file

  // An acknowledgement that puts a new record inside the tree already verified.
  Append(*a_, 2);
  auto old_slot = Open(*a_, log_key_.verifier().ToVkey(),
                       EditJson("/v1/records:batch", [](Json& j) { j["results"][0]["index"] = 1; }));
  ASSERT_TRUE(old_slot.ok());
  auto placed = (*old_slot)->SubmitBatch(
      {MakeBatchItem(SignRecord(Statement("y"), op_key_), op_key_.verifier().ToVkey())});
  EXPECT_EQ(placed.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(placed.status().message(), HasSubstr("inside the already verified tree"));
}

TEST_F(RemoteLogTest, CatchesProofsThatDoNotVerify) {
  Append(*a_, 4);
  auto remote = Open(*a_, log_key_.verifier().ToVkey(),
                     [](const std::string& target, HttpReply& reply) {
                       if (target.find("/proof") == std::string::npos) return;
                       TlogProof p = *ParseTlogProof(reply.body);
                       p.proof[0][0] ^= 1;
                       reply.body = FormatTlogProof(p);
                     });
  ASSERT_TRUE(remote.ok());
  auto proof = (*remote)->Prove(2, 5);
  EXPECT_EQ(proof.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(proof.status().message(), HasSubstr("does not verify"));
  remote->reset();

  auto lying_consistency =
      Open(*a_, log_key_.verifier().ToVkey(), EditJson("/v1/consistency", [](Json& j) {
             j["hashes"][0] = Base64Encode(std::string(32, 'z'));
           }));
  ASSERT_TRUE(lying_consistency.ok());
  auto hashes = (*lying_consistency)->Consistency(2, 5);
  EXPECT_EQ(hashes.status().code(), StatusCode::kCorruption);
}

TEST_F(RemoteLogTest, CatchesATamperedOrMissingRecord) {
  Append(*a_, 3);
  auto salted = Open(*a_, log_key_.verifier().ToVkey(), EditJson("/v1/records/2", [](Json& j) {
                       if (j.contains("salt")) j["salt"] = Base64Encode(std::string(32, 's'));
                     }));
  ASSERT_TRUE(salted.ok());
  auto rec = (*salted)->GetRecord(2);
  EXPECT_EQ(rec.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(rec.status().message(), HasSubstr("commitment"));
  salted->reset();

  // Record 3 passed off as record 2: consistent in itself, but not the leaf the log has at 2.
  ServedLog& a = *a_;
  auto swapped = Open(*a_, log_key_.verifier().ToVkey(), [&](const std::string& target, HttpReply& reply) {
    if (target != "/v1/records/2") return;
    api::HttpRequest req;
    req.method = "GET";
    req.path = "/v1/records/3";
    Json j = *ParseJsonStrict(a.api->Handle(req).body);
    j["index"] = 2;
    reply.body = j.dump();
  });
  ASSERT_TRUE(swapped.ok());
  rec = (*swapped)->GetRecord(2);
  EXPECT_EQ(rec.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(rec.status().message(), HasSubstr("is not the one"));
  swapped->reset();

  auto hidden = Open(*a_, log_key_.verifier().ToVkey(), [](const std::string& target, HttpReply& reply) {
    if (target != "/v1/records/2") return;
    reply.status = 404;
    reply.body = R"({"error":{"code":"not_found","message":"no record at index 2"}})";
  });
  ASSERT_TRUE(hidden.ok());
  rec = (*hidden)->GetRecord(2);
  EXPECT_EQ(rec.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(rec.status().message(), HasSubstr("signed checkpoint of size 4 includes it"));
  // Beyond the log, not found is the truth.
  EXPECT_EQ((*hidden)->GetRecord(9).status().code(), StatusCode::kNotFound);
}

TEST_F(RemoteLogTest, ReadsASealedRecordOnlyAfterAuthenticatingWithAPartyKey) {
  Record r;
  r.kind = "sealed-note";
  r.party = "operator";
  r.time = "2020-03-03T09:00:00Z";
  r.body = {{"text", "for the operator and verifiers only"}};
  const Submission sub = SignRecord(SerializeRecord(r), op_key_);
  auto appended = a_->log->Append(sub);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  const uint64_t index = appended->index;

  auto remote = Open(*a_, log_key_.verifier().ToVkey());
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  auto anonymous = (*remote)->GetRecord(index);
  EXPECT_EQ(anonymous.status().code(), StatusCode::kUnauthorized)
      << anonymous.status().ToString();

  // A key no party holds gets no token, and nothing changes.
  SigningKey stranger = *SigningKey::FromSeed("stranger", std::string(32, 'S'));
  auto refused = (*remote)->Authenticate(stranger);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnauthorized) << refused.status().ToString();
  EXPECT_EQ((*remote)->GetRecord(index).status().code(), StatusCode::kUnauthorized);

  auto party = (*remote)->Authenticate(op_key_);
  ASSERT_TRUE(party.ok()) << party.status().ToString();
  EXPECT_EQ(*party, "operator");
  auto read = (*remote)->GetRecord(index);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->record, sub.record);  // verified like any record: commitment, leaf, inclusion
  EXPECT_EQ(read->kind, "sealed-note");
}

}  // namespace
}  // namespace jirga::client
