// The exchange kinds over HTTP (a real server on a loopback port, tokens from the signed
// challenge): who may read a prisoner entry, what listings show, and how a redacted record reads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "api/auth.h"
#include "api/routes.h"
#include "api/server.h"
#include "base/encoding.h"
#include "kinds/all_kinds.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"
#include "ledger/verify.h"
#include "views/view_set.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kNow = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z
constexpr char kPersonal[] = "Mullah Abdul Ghani, son of Gul Agha";

SigningKey Key(const std::string& name, char seed) {
  return *SigningKey::FromSeed(name, std::string(32, seed));
}

Json BodyOf(const httplib::Result& r) {
  if (!r) return Json();
  auto j = ParseJsonStrict(r->body);
  return j.ok() ? *j : Json();
}

// A log with the parties of the exchange, served over HTTP:
//   iea (belligerent, lists), irog (belligerent, detains), us (belligerent, neither),
//   icrc (verifier), unama (mediator), obs (observer).
class ExchangeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    LogOptions opts;
    opts.clock = &clock_;
    auto log =
        Log::Create(NewMemoryStore(), "test/log", log_key_, op_key_, "Operator", AllKinds(), opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    for (auto& [id, role, key] : parties_) Register(id, role, key);
    auto views = OpenViews(log_->store(), ":memory:");
    ASSERT_TRUE(views.ok()) << views.status().ToString();
    views_ = std::move(*views);
    api_ = std::make_unique<api::Api>(
        *log_, api::ApiOptions{.log_key = &log_key_, .clock = &clock_, .views = views_.get()});
    auto server = api::HttpServer::Start(*api_, api::ServerOptions{});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    run_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (run_.joinable()) run_.join();
  }

  const SigningKey& KeyOf(const std::string& id) {
    for (auto& [pid, role, key] : parties_) {
      if (pid == id) return key;
    }
    return op_key_;
  }

  void Register(const std::string& id, const std::string& role, const SigningKey& key) {
    ASSERT_TRUE(Append("party", "operator",
                       {{"id", id},
                        {"name", id},
                        {"role", role},
                        {"vkeys", {key.verifier().ToVkey()}},
                        {"kinds", AllKinds().DefaultKindsFor(*ParseRole(role))}},
                       op_key_)
                    .ok());
  }

  Result<Appended> Append(const std::string& kind, const std::string& party, Json body,
                          const SigningKey& key) {
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = "2020-03-01T00:00:00Z";
    r.body = std::move(body);
    return log_->Append(SignRecord(SerializeRecord(r), key));
  }

  uint64_t SubmitPrisoner(const std::string& submitter, const std::string& listing,
                          const std::string& detaining, const std::string& entry) {
    auto a = Append("prisoner", submitter,
                    {{"list", listing + "-list"},
                     {"entry", entry},
                     {"listing_party", listing},
                     {"detaining_party", detaining},
                     {"name", kPersonal},
                     {"synthetic", true}},
                    KeyOf(submitter));
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? a->index : 0;
  }

  // A bearer token for party `id`, through POST /v1/auth/challenge and /v1/auth/token.
  std::string TokenFor(const std::string& id) {
    const SigningKey& key = KeyOf(id);
    auto c = client_->Post("/v1/auth/challenge", "", "application/json");
    EXPECT_TRUE(c && c->status == 200);
    const std::string challenge = BodyOf(c)["challenge"].get<std::string>();
    SignatureBytes sig = key.Sign(api::AuthSigningMessage("test/log", challenge));
    Json req = {{"key", key.verifier().ToVkey()},
                {"challenge", challenge},
                {"sig", Base64Encode(std::string(reinterpret_cast<const char*>(sig.data()), 64))}};
    auto t = client_->Post("/v1/auth/token", req.dump(), "application/json");
    EXPECT_TRUE(t && t->status == 200) << (t ? t->body : "no answer");
    return BodyOf(t)["token"].get<std::string>();
  }

  httplib::Result Get(const std::string& path, const std::string& token = "") {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Get(path.c_str(), headers);
  }

  FakeClock clock_{kNow};
  SigningKey log_key_ = Key("test/log", 'L');
  SigningKey op_key_ = Key("operator", 'O');
  std::vector<std::tuple<std::string, std::string, SigningKey>> parties_ = {
      {"iea", "belligerent", Key("iea", 'I')},  {"irog", "belligerent", Key("irog", 'R')},
      {"us", "belligerent", Key("us", 'S')},    {"icrc", "verifier", Key("icrc", 'C')},
      {"unama", "mediator", Key("unama", 'M')}, {"obs", "observer", Key("obs", 'B')},
  };
  std::unique_ptr<Log> log_;
  std::unique_ptr<ViewSet> views_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<api::HttpServer> server_;
  std::thread run_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ExchangeHttpTest, APrisonerEntryIsReadOnlyByItsPartiesVerifiersAndTheMediator) {
  // iea lists a person that irog detains; irog submits the entry of its own list.
  const uint64_t i = SubmitPrisoner("iea", "iea", "irog", "T-1");
  const std::string path = "/v1/records/" + std::to_string(i);
  struct Case {
    const char* reader;
    int status;
  } cases[] = {
      {"iea", 200},    // listing party, and submitter
      {"irog", 200},   // detaining party, named in the body
      {"icrc", 200},   // verifier
      {"unama", 200},  // mediator
      {"us", 403},     // a belligerent with no part in this entry
      {"obs", 403},    // an observer
      {"operator", 403},
  };
  for (const Case& c : cases) {
    auto r = Get(path, TokenFor(c.reader));
    ASSERT_TRUE(r) << c.reader;
    EXPECT_EQ(r->status, c.status) << c.reader << ": " << r->body;
    if (c.status == 200) {
      EXPECT_THAT(*Base64Decode(BodyOf(r)["record"].get<std::string>()), HasSubstr(kPersonal));
    } else {
      EXPECT_EQ(BodyOf(r)["error"]["code"], "unauthorized") << c.reader;
      EXPECT_THAT(r->body, Not(HasSubstr("Ghani")));
    }
  }
  auto anonymous = Get(path);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_THAT(anonymous->body, Not(HasSubstr("Ghani")));
  // The leaf and its proof stay public.
  auto proof = Get(path + "/proof");
  ASSERT_TRUE(proof);
  EXPECT_EQ(proof->status, 200);
  EXPECT_EQ(Get("/checkpoint")->status, 200);
  EXPECT_EQ(Get("/tile/entries/000.p/" + std::to_string(log_->Size()))->status, 200);
}

TEST_F(ExchangeHttpTest, ListingsNeverLeakEntriesTheReaderMayNotRead) {
  const uint64_t a = SubmitPrisoner("iea", "iea", "irog", "T-1");
  const uint64_t b = SubmitPrisoner("irog", "irog", "iea", "G-1");
  const uint64_t c = SubmitPrisoner("us", "us", "us", "U-1");
  auto indexes = [&](const httplib::Result& r) {
    std::vector<uint64_t> out;
    const Json body = BodyOf(r);
    for (const auto& rec : body["records"]) out.push_back(rec["index"].get<uint64_t>());
    return out;
  };
  const std::string kind = "/v1/records?kind=prisoner";
  EXPECT_EQ(indexes(Get(kind, TokenFor("iea"))), (std::vector<uint64_t>{a, b}));
  EXPECT_EQ(indexes(Get(kind, TokenFor("us"))), (std::vector<uint64_t>{c}));
  EXPECT_EQ(indexes(Get(kind, TokenFor("icrc"))), (std::vector<uint64_t>{a, b, c}));
  EXPECT_EQ(indexes(Get(kind, TokenFor("unama"))), (std::vector<uint64_t>{a, b, c}));
  auto obs = Get(kind, TokenFor("obs"));
  EXPECT_TRUE(indexes(obs).empty());
  EXPECT_THAT(obs->body, Not(HasSubstr("Ghani")));
  EXPECT_EQ(Get(kind)->status, 401);
  // Unfiltered and by-party listings skip them too; paging goes past them.
  auto all = Get("/v1/records?limit=1000");
  ASSERT_EQ(all->status, 200);
  const Json listed = BodyOf(all);
  for (const auto& rec : listed["records"]) EXPECT_NE(rec["kind"], "prisoner");
  EXPECT_EQ(listed["records"].size(), 1u + parties_.size());  // genesis and party records
  EXPECT_TRUE(indexes(Get("/v1/records?party=iea", TokenFor("obs"))).empty());
  EXPECT_EQ(indexes(Get("/v1/records?party=iea", TokenFor("irog"))), std::vector<uint64_t>{a});
  auto page = BodyOf(Get("/v1/records?party=irog&limit=1", TokenFor("iea")));
  ASSERT_EQ(page["records"].size(), 1u);
  EXPECT_EQ(page["records"][0]["index"], b);
}

TEST_F(ExchangeHttpTest, ARedactedRecordReadsAsRedactedAndItsProofStillVerifies) {
  const uint64_t i = SubmitPrisoner("iea", "iea", "irog", "T-1");
  const std::string leaf = *log_->store().GetLeaf(i);
  auto r = Append("redaction", "unama", {{"index", i}, {"reason", "withdrawn by the list"}},
                  KeyOf("unama"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string path = "/v1/records/" + std::to_string(i);
  // Nothing personal is left, so anyone reads what remains.
  for (const std::string& token : {std::string(), TokenFor("us"), TokenFor("iea")}) {
    auto got = Get(path, token);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->status, 200) << got->body;
    Json j = BodyOf(got);
    EXPECT_EQ(j["index"], i);
    EXPECT_EQ(j["kind"], "prisoner");
    EXPECT_EQ(j["party"], "iea");
    EXPECT_EQ(j["redacted"]["by"], r->index);
    EXPECT_EQ(j["redacted"]["reason"], "withdrawn by the list");
    EXPECT_FALSE(j.contains("record"));
    EXPECT_FALSE(j.contains("salt"));
    EXPECT_EQ(*Base64Decode(j["leaf"].get<std::string>()), leaf);
    EXPECT_THAT(got->body, Not(HasSubstr("Ghani")));
  }
  // The proof endpoint still proves the untouched leaf against the signed checkpoint.
  auto proof_text = Get(path + "/proof");
  ASSERT_EQ(proof_text->status, 200);
  auto proof = ParseTlogProof(proof_text->body);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->extra, leaf);
  auto note = OpenNote(proof->checkpoint, {log_key_.verifier()});
  ASSERT_TRUE(note.ok());
  auto cp = ParseCheckpoint(note->text);
  ASSERT_TRUE(cp.ok());
  EXPECT_TRUE(VerifyInclusion(LeafHash(leaf), i, cp->size, proof->proof, cp->root));
  // The redaction record itself is public; the listing shows the stub, not the content.
  auto redaction = Get("/v1/records/" + std::to_string(r->index));
  EXPECT_EQ(redaction->status, 200);
  auto listed = Get("/v1/records?kind=prisoner", TokenFor("obs"));
  ASSERT_EQ(BodyOf(listed)["records"].size(), 1u);
  EXPECT_EQ(BodyOf(listed)["records"][0]["redacted"]["by"], r->index);
  EXPECT_TRUE(VerifyStoredLog(log_->store(), AllKinds(), {}).ok());
}

TEST_F(ExchangeHttpTest, RefusedRedactionsOverHttpSayWhy) {
  const uint64_t i = SubmitPrisoner("iea", "iea", "irog", "T-1");
  auto post = [&](uint64_t index) {
    Record rec;
    rec.kind = "redaction";
    rec.party = "unama";
    rec.time = "2020-03-01T00:00:00Z";
    rec.body = {{"index", index}, {"reason", "r"}};
    Submission s = SignRecord(SerializeRecord(rec), KeyOf("unama"));
    Json req = {{"record", Base64Encode(s.record)},
                {"salt", Base64Encode(s.salt)},
                {"sig", Base64Encode(std::string(reinterpret_cast<const char*>(s.sig.data()), 64))},
                {"key", KeyOf("unama").verifier().ToVkey()}};
    return client_->Post("/v1/records", req.dump(), "application/json");
  };
  ASSERT_EQ(post(i)->status, 201);
  const uint64_t size = log_->Size();
  auto again = post(i);
  EXPECT_EQ(again->status, 409);
  EXPECT_THAT(again->body, HasSubstr("already redacted"));
  auto genesis = post(0);
  EXPECT_EQ(genesis->status, 400);
  EXPECT_THAT(genesis->body, HasSubstr("genesis"));
  auto beyond = post(1000);
  EXPECT_EQ(beyond->status, 400);
  EXPECT_THAT(beyond->body, HasSubstr("not an earlier record"));
  auto of_redaction = post(size - 1);
  EXPECT_EQ(of_redaction->status, 400);
  EXPECT_THAT(of_redaction->body, HasSubstr("itself a redaction"));
  EXPECT_EQ(log_->Size(), size);
}


TEST_F(ExchangeHttpTest, StatusIsCountsForEveryoneAndReconcileOnlyForReadersOfBothLists) {
  // iea lists two people irog detains; irog registers whom it holds on its own list.
  SubmitPrisoner("iea", "iea", "irog", "T-1");
  SubmitPrisoner("irog", "irog", "irog", "G-1");
  auto st = Get("/v1/exchange/status");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->status, 200) << st->body;
  EXPECT_EQ(BodyOf(st)["lists"][0]["demanded"], 1);
  EXPECT_THAT(st->body, Not(HasSubstr("Ghani")));
  EXPECT_EQ(Get("/v1/exchange/status?at=2020-13-01")->status, 400);
  EXPECT_EQ(Get("/v1/exchange/status?nope=1")->status, 400);
  EXPECT_EQ(Get("/v1/exchange/nothing")->status, 404);

  const std::string path = "/v1/exchange/reconcile?list=iea-list&against=irog-list";
  struct Case {
    const char* reader;
    int status;
  } cases[] = {
      {"icrc", 200},   // verifier
      {"unama", 200},  // mediator
      {"irog", 200},   // detains every entry of both lists
      {"iea", 403},    // lists one, but has no part in irog's register
      {"us", 403},
      {"obs", 403},
  };
  for (const Case& c : cases) {
    auto r = Get(path, TokenFor(c.reader));
    ASSERT_TRUE(r) << c.reader;
    EXPECT_EQ(r->status, c.status) << c.reader << ": " << r->body;
    if (c.status == 200) {
      EXPECT_EQ(BodyOf(r)["counts"]["list_entries"], 1) << r->body;
      EXPECT_THAT(r->body, HasSubstr("Ghani"));  // the same name on both lists: matched
    } else {
      EXPECT_THAT(r->body, Not(HasSubstr("Ghani")));
    }
  }
  auto anonymous = Get(path);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(Get(path, "not-a-token")->status, 401);
  const std::string verifier = TokenFor("icrc");
  EXPECT_EQ(Get("/v1/exchange/reconcile?list=iea-list", verifier)->status, 400);
  EXPECT_EQ(Get(path + "&threshold_match=2", verifier)->status, 400);
  EXPECT_EQ(Get("/v1/exchange/reconcile?list=iea-list&against=nope", verifier)->status, 404);
}

}  // namespace
TEST_F(ExchangeHttpTest, StatusCarriesEachListsReleaseScheduleAsTheComplianceRoutesEvaluateIt) {
  const uint64_t t1 = SubmitPrisoner("iea", "iea", "irog", "T-1");
  SubmitPrisoner("iea", "iea", "irog", "T-2");
  ASSERT_TRUE(Append("commitment", "unama",
                     {{"id", "test.release-2"},
                      {"text", "both entries of the iea list released by 10 March"},
                      {"obligor", "irog"},
                      {"metric", "released(\"iea-list\") >= 2"},
                      {"deadline", "2020-03-10"}},
                     KeyOf("unama"))
                  .ok());
  ASSERT_TRUE(Append("release", "irog",
                     {{"prisoners", {t1}}, {"date", "2020-03-01"}, {"place", "Bagram"}},
                     KeyOf("irog"))
                  .ok());
  for (const char* day : {"2020-03-05", "2020-03-20"}) {
    auto st = Get(std::string("/v1/exchange/status?at=") + day);
    ASSERT_TRUE(st);
    ASSERT_EQ(st->status, 200) << st->body;
    auto cs = Get(std::string("/v1/compliance/status?at=") + day);
    ASSERT_TRUE(cs);
    ASSERT_EQ(cs->status, 200) << cs->body;
    Json clause = BodyOf(cs)[0];
    Json lists = BodyOf(st)["lists"];
    ASSERT_EQ(lists.size(), 1u);
    ASSERT_EQ(lists[0]["schedule"].size(), 1u) << st->body;
    EXPECT_EQ(lists[0]["schedule"][0], clause);  // the same evaluation, field for field
    EXPECT_EQ(clause["progress"]["value"], 1);   // one of the two released
    // The next batch counts towards that clause: one more to release.
    EXPECT_EQ(lists[0]["next_stage"]["id"], "test.release-2");
    EXPECT_EQ(lists[0]["next_stage"]["needed"], 1);
    EXPECT_EQ(lists[0]["next_stage"]["status"], clause["status"]);
  }
  EXPECT_EQ(BodyOf(Get("/v1/exchange/status?at=2020-03-05"))["lists"][0]["schedule"][0]["status"],
            "pending");
  EXPECT_EQ(BodyOf(Get("/v1/exchange/status?at=2020-03-20"))["lists"][0]["schedule"][0]["status"],
            "overdue");
}

}  // namespace jirga
