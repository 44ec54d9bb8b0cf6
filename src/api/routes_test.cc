// The Api in-process (no sockets): routing, the error mapping, batches, and read access by
// visibility class with challenge/response bearer tokens.
#include "api/routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>

#include "api/auth.h"
#include "api/errors.h"
#include "base/encoding.h"
#include "base/json.h"
#include "kinds/all_kinds.h"
#include "ledger/merkle.h"
#include "ledger/record.h"
#include "ledger/tiles.h"
#include "ledger/tlog_proof.h"

namespace jirga::api {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z

std::string Sig(const Submission& s) {
  return Base64Encode(std::string(reinterpret_cast<const char*>(s.sig.data()), s.sig.size()));
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    RegisterCoreKinds(kinds_);
    // A kind that only the parties to the process may read (none exists in the build yet).
    ASSERT_TRUE(kinds_
                    .Register(KindSpec{
                        .name = "secret",
                        .summary = "test kind, not public",
                        .default_roles = {Role::kOperator},
                        .visibility = Visibility::kParties,
                        .view = "log",
                        .validate_body = [](const Json&) { return Status::Ok(); },
                    })
                    .ok());
    for (auto [name, vis] : {std::pair{"mech", Visibility::kMechanism},
                             std::pair{"sealed", Visibility::kSealed}}) {
      ASSERT_TRUE(kinds_
                      .Register(KindSpec{
                          .name = name,
                          .summary = "test kind",
                          .default_roles = {Role::kOperator},
                          .visibility = vis,
                          .view = "log",
                          .validate_body = [](const Json&) { return Status::Ok(); },
                      })
                      .ok());
    }
    LogOptions opts;
    opts.clock = &clock_;
    auto log = Log::Create(NewMemoryStore(), "test/log", log_key_, op_key_, "Operator", kinds_,
                           opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    api_ = std::make_unique<Api>(*log_, ApiOptions{.log_key = &log_key_, .clock = &clock_});
  }

  HttpResponse Call(const std::string& method, const std::string& path,
                    std::vector<std::pair<std::string, std::string>> query = {},
                    std::string body = "") {
    return api_->Handle(HttpRequest{method, path, std::move(query), std::move(body)});
  }

  Json SubmissionJson(const std::string& kind, Json body, const std::string& party = "operator",
                      const SigningKey* key = nullptr) {
    if (key == nullptr) key = &op_key_;
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = "2020-02-01T00:00:00Z";
    r.body = std::move(body);
    Submission s = SignRecord(SerializeRecord(r), *key);
    return Json{{"record", Base64Encode(s.record)},
                {"salt", Base64Encode(s.salt)},
                {"sig", Sig(s)},
                {"key", key->verifier().ToVkey()}};
  }

  HttpResponse Submit(const std::string& kind, Json body) {
    return Call("POST", "/v1/records", {}, SubmissionJson(kind, std::move(body)).dump());
  }

  Json Statement(const std::string& title) {
    return SubmissionJson("statement", {{"title", title}, {"text", "t"}});
  }

  static Json Body(const HttpResponse& r) {
    auto j = ParseJsonStrict(r.body);
    return j.ok() ? *j : Json();
  }

  // Registers party `id` with `role` and `key`, allowed to submit every test kind.
  void RegisterParty(const std::string& id, const std::string& role, const SigningKey& key) {
    HttpResponse r = Submit("party", {{"id", id},
                                      {"name", id},
                                      {"role", role},
                                      {"vkeys", {key.verifier().ToVkey()}},
                                      {"kinds", {"statement", "secret", "mech", "sealed"}}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // A bearer token for `key`, through the challenge/response exchange.
  std::string TokenFor(const SigningKey& key) {
    Json c = Body(Call("POST", "/v1/auth/challenge"));
    std::string challenge = c["challenge"].get<std::string>();
    SignatureBytes sig = key.Sign(AuthSigningMessage("test/log", challenge));
    HttpResponse r = Call("POST", "/v1/auth/token", {},
                          Json{{"key", key.verifier().ToVkey()},
                               {"challenge", challenge},
                               {"sig", Base64Encode(std::string(
                                           reinterpret_cast<const char*>(sig.data()), 64))}}
                              .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return Body(r)["token"].get<std::string>();
  }

  HttpResponse Get(const std::string& path, const std::string& token,
                   std::vector<std::pair<std::string, std::string>> query = {}) {
    HttpRequest req{"GET", path, std::move(query), ""};
    req.authorization = "Bearer " + token;
    return api_->Handle(req);
  }

  FakeClock clock_{kNow};
  KindRegistry kinds_;
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  std::unique_ptr<Log> log_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, RecordsOfAKindThatIsNotPublicAreNeverServed) {
  ASSERT_EQ(Submit("statement", {{"title", "a"}, {"text", "public"}}).status, 201);
  HttpResponse secret = Submit("secret", {{"plan", "hidden"}});
  ASSERT_EQ(secret.status, 201) << secret.body;
  ASSERT_EQ(Body(secret)["index"], 2);
  ASSERT_EQ(Submit("statement", {{"title", "b"}, {"text", "public"}}).status, 201);

  // Anonymous readers are told to authenticate (401), and see nothing of it.
  HttpResponse by_index = Call("GET", "/v1/records/2");
  EXPECT_EQ(by_index.status, 401);
  EXPECT_EQ(Body(by_index)["error"]["code"], "unauthenticated");
  EXPECT_THAT(by_index.body, ::testing::Not(HasSubstr("hidden")));

  HttpResponse by_kind = Call("GET", "/v1/records", {{"kind", "secret"}});
  EXPECT_EQ(by_kind.status, 401);

  // An unfiltered listing skips it, and paging still works across it.
  Json all = Body(Call("GET", "/v1/records"));
  std::vector<int> indexes;
  for (const auto& r : all["records"]) indexes.push_back(r["index"].get<int>());
  EXPECT_EQ(indexes, (std::vector<int>{0, 1, 3}));
  EXPECT_THAT(Call("GET", "/v1/records").body, ::testing::Not(HasSubstr("secret")));
  Json page = Body(Call("GET", "/v1/records", {{"after", "1"}, {"limit", "1"}}));
  ASSERT_EQ(page["records"].size(), 1u);
  EXPECT_EQ(page["records"][0]["index"], 1);
  EXPECT_EQ(page["next"], 3);
  Json by_operator = Body(Call("GET", "/v1/records", {{"party", "operator"}}));
  EXPECT_EQ(by_operator["records"].size(), 3u);

  // Its leaf and proof are public: they reveal only hashes and a signature.
  HttpResponse proof = Call("GET", "/v1/records/2/proof");
  ASSERT_EQ(proof.status, 200) << proof.body;
  auto parsed = ParseTlogProof(proof.body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->extra, *log_->store().GetLeaf(2));
}

TEST_F(ApiTest, RoutesAndMethods) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  EXPECT_EQ(Call("HEAD", "/checkpoint").status, 200);
  HttpResponse put = Call("PUT", "/v1/records");
  EXPECT_EQ(put.status, 405);
  ASSERT_EQ(put.headers.size(), 1u);
  EXPECT_EQ(put.headers[0].first, "Allow");
  EXPECT_EQ(put.headers[0].second, "POST, GET, HEAD");
  for (const char* path : {"/", "/v1", "/v1/records/", "/v1/records/0/proof/", "/tile",
                           "/tile/", "/checkpoint/", "/v1/records/0/leaf"}) {
    EXPECT_EQ(Call("GET", path).status, 404) << path;
  }
}

TEST_F(ApiTest, StatusMapping) {
  EXPECT_EQ(HttpStatusFor(InvalidArgument("x")), 400);
  EXPECT_EQ(HttpStatusFor(Unauthorized("x")), 403);
  EXPECT_EQ(HttpStatusFor(NotFound("x")), 404);
  EXPECT_EQ(HttpStatusFor(AlreadyExists("x")), 409);
  EXPECT_EQ(HttpStatusFor(FailedPrecondition("x")), 409);
  EXPECT_EQ(HttpStatusFor(ResourceExhausted("x")), 413);
  EXPECT_EQ(HttpStatusFor(IOError("x")), 500);
  EXPECT_EQ(HttpStatusFor(Corruption("x")), 500);
  EXPECT_EQ(HttpStatusFor(PermissionDenied("x")), 500);
  EXPECT_EQ(HttpStatusFor(Internal("x")), 500);
  HttpResponse r = ErrorResponse(NotFound("no \xff record"));
  EXPECT_EQ(r.status, 404);
  auto body = ParseJsonStrict(r.body);
  ASSERT_TRUE(body.ok()) << r.body;  // invalid UTF-8 in a message is replaced, not thrown on
  EXPECT_EQ((*body)["error"]["code"], "not_found");
  EXPECT_EQ(BadSignatureResponse("bad").status, 422);
}

TEST_F(ApiTest, BatchAnswersEachItemInOrderAsTheSingleRouteWould) {
  const uint64_t before = log_->Size();
  Json a = Statement("a"), c = Statement("c");
  Json bad_sig = Statement("b");
  bad_sig["salt"] = Base64Encode(std::string(32, 'x'));  // the signature no longer matches
  Json not_an_object = Json::array();
  Json body = Json::array({a, bad_sig, c, a, not_an_object});
  HttpResponse r = Call("POST", "/v1/records:batch", {}, body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  Json results = Body(r)["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0]["status"], 201);
  EXPECT_EQ(results[0]["index"], before);
  EXPECT_EQ(results[1]["status"], 422);
  EXPECT_EQ(results[1]["error"]["code"], "bad_signature");
  EXPECT_EQ(results[2]["status"], 201);
  EXPECT_EQ(results[2]["index"], before + 1);
  EXPECT_EQ(results[3]["status"], 200);  // the same signed record again: its existing index
  EXPECT_EQ(results[3]["index"], before);
  EXPECT_EQ(results[3]["duplicate"], true);
  EXPECT_EQ(results[4]["status"], 400);
  EXPECT_THAT(results[4]["error"]["message"].get<std::string>(), HasSubstr("JSON object"));
  EXPECT_EQ(log_->Size(), before + 2);
  // The leaf returned for an item is the one the log holds at its index.
  auto rec = Body(Call("GET", "/v1/records/" + std::to_string(before + 1)));
  EXPECT_EQ(rec["leaf"], results[2]["leaf"]);
}

TEST_F(ApiTest, BatchAsJsonLinesSkipsBlankLinesAndNamesTheBadLine) {
  const uint64_t before = log_->Size();
  std::string lines = Statement("x").dump() + "\n\n" + Statement("y").dump() + "\n";
  HttpResponse r = Call("POST", "/v1/records:batch", {}, lines);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["results"].size(), 2u);
  EXPECT_EQ(log_->Size(), before + 2);
  // A line that is not JSON refuses the whole request: nothing of it is appended.
  r = Call("POST", "/v1/records:batch", {}, Statement("z").dump() + "\n{oops\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(Body(r)["error"]["message"].get<std::string>(), HasSubstr("line 2"));
  EXPECT_EQ(log_->Size(), before + 2);
}

TEST_F(ApiTest, BatchWithStopOnErrorAppendsNothingAfterTheFirstRefusal) {
  const uint64_t before = log_->Size();
  Json bad = Statement("bad");
  bad["key"] = SigningKey::FromSeed("stranger", std::string(32, 'S'))->verifier().ToVkey();
  Json body = Json::array({Statement("1"), bad, Statement("3")});
  HttpResponse r =
      Call("POST", "/v1/records:batch", {{"stop_on_error", "true"}}, body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  Json results = Body(r)["results"];
  EXPECT_EQ(results[0]["status"], 201);
  EXPECT_EQ(results[1]["status"], 422);  // signed by another key than the one named
  EXPECT_EQ(results[2]["status"], 409);
  EXPECT_THAT(results[2]["error"]["message"].get<std::string>(), HasSubstr("earlier item"));
  EXPECT_EQ(log_->Size(), before + 1);
}

TEST_F(ApiTest, MalformedBatchesAreRefusedWholeAndChangeNothing) {
  const uint64_t before = log_->Size();
  const std::string cp = *log_->LatestCheckpoint();
  Json too_many = Json::array();
  for (size_t i = 0; i <= kMaxBatchItems; ++i) too_many.push_back(Json::object());
  struct Case {
    std::string body;
    std::vector<std::pair<std::string, std::string>> query;
    int status;
  } cases[] = {
      {"", {}, 400},
      {"[]", {}, 400},
      {"[{\"record\":1}", {}, 400},
      {too_many.dump(), {}, 413},
      {"[" + Statement("q").dump() + "]", {{"stop_on_error", "yes"}}, 400},
      {"[" + Statement("q").dump() + "]", {{"atomic", "true"}}, 400},
  };
  for (const auto& c : cases) {
    HttpResponse r = Call("POST", "/v1/records:batch", c.query, c.body);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 80) << " -> " << r.body;
    EXPECT_TRUE(Body(r)["error"].contains("message")) << r.body;
  }
  EXPECT_EQ(log_->Size(), before);
  EXPECT_EQ(*log_->LatestCheckpoint(), cp);
}

TEST_F(ApiTest, LogInfoNamesTheOriginKeyAndCheckpoint) {
  HttpResponse r = Call("GET", "/v1/log");
  ASSERT_EQ(r.status, 200) << r.body;
  Json info = Body(r);
  EXPECT_EQ(info["origin"], "test/log");
  EXPECT_EQ(info["vkey"], log_key_.verifier().ToVkey());
  EXPECT_EQ(info["size"], log_->Size());
  EXPECT_EQ(info["checkpoint"], *log_->LatestCheckpoint());
}

TEST_F(ApiTest, StaticFilesAnswerOnlyGetsThatMatchNoRoute) {
  ApiOptions opts{.log_key = &log_key_};
  opts.static_files = [](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.path != "/") return std::nullopt;
    HttpResponse r;
    r.content_type = "text/html";
    r.body = "<p>dashboard</p>";
    return r;
  };
  Api api(*log_, opts);
  auto call = [&](const std::string& method, const std::string& path) {
    return api.Handle(HttpRequest{method, path, {}, ""});
  };
  EXPECT_EQ(call("GET", "/").body, "<p>dashboard</p>");
  EXPECT_EQ(call("HEAD", "/").status, 200);
  EXPECT_EQ(call("GET", "/nothing").status, 404);
  EXPECT_EQ(call("POST", "/").status, 404);
  EXPECT_EQ(call("GET", "/healthz").body, "ok\n");  // API routes come first
}

TEST_F(ApiTest, ATokenFromASignedChallengeReadsWhatAnonymousReadersCannot) {
  SigningKey gov = *SigningKey::FromSeed("gov", std::string(32, 'G'));
  RegisterParty("gov", "belligerent", gov);
  HttpResponse secret = Submit("secret", {{"plan", "hidden"}});
  ASSERT_EQ(secret.status, 201) << secret.body;
  const std::string path = "/v1/records/" + std::to_string(Body(secret)["index"].get<uint64_t>());
  HttpResponse anonymous = Call("GET", path);
  EXPECT_EQ(anonymous.status, 401);
  bool challenge_header = false;
  for (const auto& [k, v] : anonymous.headers) challenge_header |= k == "WWW-Authenticate";
  EXPECT_TRUE(challenge_header);

  const std::string token = TokenFor(gov);
  HttpResponse read = Get(path, token);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_THAT(*Base64Decode(Body(read)["record"].get<std::string>()), HasSubstr("hidden"));
  Json listed = Body(Get("/v1/records", token, {{"kind", "secret"}}));
  EXPECT_EQ(listed["records"].size(), 1u);

  // Tampered or foreign tokens and other schemes are refused as unauthenticated.
  std::string forged = token;
  forged[forged.size() / 3] = forged[forged.size() / 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Get(path, forged).status, 401);
  EXPECT_EQ(Get(path, "no-dot-here").status, 401);
  HttpRequest basic{"GET", path, {}, ""};
  basic.authorization = "Basic Z292OnB3";
  EXPECT_EQ(api_->Handle(basic).status, 401);
  // Another server instance (another secret) does not accept this one's tokens.
  Api other(*log_, ApiOptions{.log_key = &log_key_, .clock = &clock_});
  HttpRequest elsewhere{"GET", path, {}, ""};
  elsewhere.authorization = "Bearer " + token;
  EXPECT_EQ(other.Handle(elsewhere).status, 401);

  // Tokens expire.
  clock_.Advance(16LL * 60 * 1000000);
  HttpResponse expired = Get(path, token);
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(Body(expired)["error"]["message"].get<std::string>(), HasSubstr("expired"));
}

TEST_F(ApiTest, ChallengesAreSingleUseExpireAndNeedARegisteredKeysSignature) {
  SigningKey gov = *SigningKey::FromSeed("gov", std::string(32, 'G'));
  SigningKey stranger = *SigningKey::FromSeed("stranger", std::string(32, 'S'));
  RegisterParty("gov", "belligerent", gov);
  auto exchange = [&](const SigningKey& key, const std::string& challenge,
                      const std::string& origin = "test/log") {
    SignatureBytes sig = key.Sign(AuthSigningMessage(origin, challenge));
    return Call("POST", "/v1/auth/token", {},
                Json{{"key", key.verifier().ToVkey()},
                     {"challenge", challenge},
                     {"sig", Base64Encode(std::string(reinterpret_cast<const char*>(sig.data()),
                                                      64))}}
                    .dump());
  };
  auto challenge = [&] {
    return Body(Call("POST", "/v1/auth/challenge"))["challenge"].get<std::string>();
  };
  std::string c = challenge();
  EXPECT_EQ(exchange(stranger, c).status, 401);          // not registered
  EXPECT_EQ(exchange(gov, c, "other/log").status, 401);  // signed for another log
  ASSERT_EQ(exchange(gov, c).status, 200);  // refusals above did not use it up
  HttpResponse again = exchange(gov, c);
  EXPECT_EQ(again.status, 401);
  EXPECT_THAT(Body(again)["error"]["message"].get<std::string>(), HasSubstr("already been used"));
  std::string late = challenge();
  clock_.Advance(61LL * 1000000);
  EXPECT_THAT(exchange(gov, late).body, HasSubstr("expired"));
  // A made-up challenge of the right length.
  EXPECT_EQ(exchange(gov, Base64Encode(std::string(56, 'x'))).status, 401);
  // Malformed requests.
  EXPECT_EQ(Call("POST", "/v1/auth/token", {}, "{").status, 400);
  EXPECT_EQ(Call("POST", "/v1/auth/token", {}, R"({"key":"k","challenge":"c","sig":"s","x":1})")
                .status,
            400);
  EXPECT_EQ(Call("POST", "/v1/auth/challenge", {}, "body").status, 400);
}

TEST_F(ApiTest, AuthenticationRequestsBeyondTheRatePerAddressGet429WithRetryAfter) {
  auto from = [&](const std::string& remote, const std::string& path) {
    HttpRequest req{"POST", path, {}, ""};
    req.remote = remote;
    return api_->Handle(req);
  };
  // The default: a burst of 20, then 5 per second.
  for (int i = 0; i < 20; ++i) ASSERT_EQ(from("10.0.0.1", "/v1/auth/challenge").status, 200) << i;
  HttpResponse limited = from("10.0.0.1", "/v1/auth/challenge");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Body(limited)["error"]["code"], "too_many_requests");
  bool retry_after = false;
  for (const auto& [name, value] : limited.headers) retry_after |= name == "Retry-After" && value == "1";
  EXPECT_TRUE(retry_after);
  // The token exchange shares the budget and is refused before its body is looked at.
  EXPECT_EQ(from("10.0.0.1", "/v1/auth/token").status, 429);
  // Another address, and other routes, are not affected.
  EXPECT_EQ(from("10.0.0.2", "/v1/auth/challenge").status, 200);
  EXPECT_EQ(Call("GET", "/checkpoint").status, 200);
  // A second later five more pass.
  clock_.Advance(1'000'000);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(from("10.0.0.1", "/v1/auth/challenge").status, 200) << i;
  EXPECT_EQ(from("10.0.0.1", "/v1/auth/challenge").status, 429);
}

TEST_F(ApiTest, VisibilityClassesDecideWhichPartiesRead) {
  SigningKey gov = *SigningKey::FromSeed("gov", std::string(32, 'G'));
  SigningKey obs = *SigningKey::FromSeed("obs", std::string(32, 'B'));
  SigningKey ver = *SigningKey::FromSeed("ver", std::string(32, 'V'));
  SigningKey med = *SigningKey::FromSeed("med", std::string(32, 'M'));
  RegisterParty("gov", "belligerent", gov);
  RegisterParty("obs", "observer", obs);
  RegisterParty("ver", "verifier", ver);
  RegisterParty("med", "mediator", med);
  auto submit = [&](const std::string& kind) {
    HttpResponse r = Call("POST", "/v1/records", {},
                          SubmissionJson(kind, {{"k", kind}}, "gov", &gov).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return "/v1/records/" + std::to_string(Body(r)["index"].get<uint64_t>());
  };
  const std::string parties = submit("secret"), mech = submit("mech"), sealed = submit("sealed");
  struct Case {
    const SigningKey* reader;
    int parties, mech, sealed;
  } cases[] = {
      {&gov, 200, 200, 200},  // its own records
      {&obs, 200, 403, 403},
      {&ver, 200, 200, 200},
      {&med, 200, 200, 403},
      {&op_key_, 200, 200, 403},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reader->verifier().name);
    const std::string token = TokenFor(*c.reader);
    EXPECT_EQ(Get(parties, token).status, c.parties);
    EXPECT_EQ(Get(mech, token).status, c.mech);
    EXPECT_EQ(Get(sealed, token).status, c.sealed);
    // Listings show exactly what the reader may read.
    Json list = Body(Get("/v1/records", token, {{"party", "gov"}}));
    size_t expected = (c.parties == 200) + (c.mech == 200) + (c.sealed == 200);
    EXPECT_EQ(list["records"].size(), expected);
  }
  EXPECT_EQ(Body(Call("GET", "/v1/records", {{"party", "gov"}}))["records"].size(), 0u);
}

TEST_F(ApiTest, ATokenStopsWorkingWhenItsKeyIsRotatedAway) {
  SigningKey gov = *SigningKey::FromSeed("gov", std::string(32, 'G'));
  SigningKey gov2 = *SigningKey::FromSeed("gov", std::string(32, 'H'));
  RegisterParty("gov", "belligerent", gov);
  HttpResponse secret = Submit("secret", {{"plan", "hidden"}});
  const std::string path = "/v1/records/" + std::to_string(Body(secret)["index"].get<uint64_t>());
  const std::string token = TokenFor(gov);
  ASSERT_EQ(Get(path, token).status, 200);
  RegisterParty("gov", "belligerent", gov2);  // the operator replaces gov's key
  EXPECT_EQ(Get(path, token).status, 401);
  EXPECT_EQ(Get(path, TokenFor(gov2)).status, 200);
}

// The value of the exposition line that starts with `series` (the whole name and labels).
std::optional<double> Sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return std::nullopt;
}

TEST_F(ApiTest, MetricsCountRequestsByRouteAndObserveAppends) {
  const uint64_t batches_before = log_->stats().batches.load();
  ASSERT_EQ(Submit("statement", {{"title", "m"}, {"text", "t"}}).status, 201);
  api_->CountResponse("POST", "/v1/records", 201);
  api_->CountResponse("GET", "/v1/records/7", 404);
  api_->CountResponse("GET", "/v1/records/8", 404);
  api_->CountResponse("BREW", "/../../etc/passwd", 400);
  HttpResponse r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.content_type, HasSubstr("version=0.0.4"));
  const std::string& m = r.body;
  EXPECT_EQ(Sample(m, R"(jirga_http_requests_total{route="/v1/records",method="POST",status="201"})"), 1);
  EXPECT_EQ(Sample(m, R"(jirga_http_requests_total{route="/v1/records/{index}",method="GET",status="404"})"), 2);
  EXPECT_EQ(Sample(m, R"(jirga_http_requests_total{route="other",method="other",status="400"})"), 1);
  EXPECT_EQ(Sample(m, "jirga_append_latency_seconds_count"), 1);
  EXPECT_EQ(Sample(m, R"(jirga_append_latency_seconds_bucket{le="+Inf"})"), 1);
  EXPECT_EQ(Sample(m, "jirga_log_tree_size"), static_cast<double>(log_->Size()));
  // Genesis (in Create) and this submission were each one batch of one record.
  EXPECT_EQ(Sample(m, "jirga_log_batches_total"), static_cast<double>(batches_before + 1));
  EXPECT_EQ(Sample(m, R"(jirga_batch_records_bucket{le="1"})"),
            static_cast<double>(batches_before + 1));
  // Every histogram's buckets are cumulative and end with its count.
  EXPECT_EQ(Sample(m, R"(jirga_batch_records_bucket{le="+Inf"})"),
            Sample(m, "jirga_batch_records_count"));
  EXPECT_THAT(m, HasSubstr("# TYPE jirga_append_latency_seconds histogram\n"));
}

TEST_F(ApiTest, FullTilesServedFromMemoryMatchTheStoredTree) {
  Json batch = Json::array();
  for (int i = 0; i < 300; ++i) batch.push_back(Statement("tile " + std::to_string(i)));
  ASSERT_EQ(Call("POST", "/v1/records:batch", {}, batch.dump()).status, 200);
  ASSERT_GE(log_->Size(), 300u);
  for (int round = 0; round < 2; ++round) {  // the second round is answered from the cache
    SCOPED_TRACE(round);
    HttpResponse tile = Call("GET", "/tile/0/000");
    HttpResponse bundle = Call("GET", "/tile/entries/000");
    ASSERT_EQ(tile.status, 200) << tile.body;
    ASSERT_EQ(bundle.status, 200) << bundle.body;
    ASSERT_EQ(tile.body.size(), 256u * 32);
    auto leaves = DecodeEntryBundle(bundle.body);
    ASSERT_TRUE(leaves.ok());
    ASSERT_EQ(leaves->size(), 256u);
    for (size_t i = 0; i < 256; ++i) {
      ASSERT_EQ(*log_->store().GetLeaf(i), (*leaves)[i]) << i;
      Hash h = LeafHash((*leaves)[i]);
      ASSERT_EQ(tile.body.substr(i * 32, 32), std::string(AsBytes(h))) << i;
    }
    // The partial tile after it is read from the store each time, and is consistent.
    HttpResponse partial = Call("GET", "/tile/0/001.p/" + std::to_string(log_->Size() - 256));
    ASSERT_EQ(partial.status, 200) << partial.body;
    EXPECT_EQ(partial.body.substr(0, 32),
              std::string(AsBytes(LeafHash(*log_->store().GetLeaf(256)))));
  }
}

}  // namespace
}  // namespace jirga::api
