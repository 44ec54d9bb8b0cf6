// The /v1/compliance and /v1/dialogue routes over real HTTP on a free port: the same answers as
// the CLI's code, `at` seeing only what was recorded by its end, the per-party summary, the
// sessions without attribution, bad parameters answered 400 with the JSON error body, and the
// per-(tree size, day) cache.
#include "api/compliance_routes.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/routes.h"
#include "api/server.h"
#include "compliance/report.h"
#include "testing/monitor_log.h"

namespace jirga::api {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kMarch1 = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z

// MonitorLog's parties: gov and iea (belligerents: troops, fulfilment), mediator (commitment,
// fulfilment, session). Its clock starts on 2020-03-01; the API's own clock says "today".
class ComplianceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = std::make_unique<Api>(m_.log(), ApiOptions{.clock = &today_});
    auto server = HttpServer::Start(*api_, ServerOptions{});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    run_ = std::thread([this] { (void)server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());

    // Signed on 29 February; US forces to 8,600 within 135 days (13 July); talks to start by
    // 10 March (met by a claim); 13,000 US troops at signature.
    m_.Submit("fulfilment", "mediator",
              {{"event", "signature"}, {"claim", "Signed in Doha"}, {"date", "2020-02-29"}});
    m_.Submit("commitment", "mediator",
              {{"id", "doha.us-drawdown-8600"},
               {"text", "US forces to 8,600 within 135 days"},
               {"obligor", "us"},
               {"metric", "troops(\"us\") <= 8600"},
               {"deadline", "135 days after event(\"signature\")"}});
    m_.Submit("commitment", "mediator",
              {{"id", "doha.ian-start"},
               {"text", "Intra-Afghan negotiations start on 10 March 2020"},
               {"obligor", "iea"},
               {"deadline", "2020-03-10"}});
    m_.Submit("troops", "gov", {{"force", "us"}, {"strength", 13000}, {"as_of", "2020-02-29"}});
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (run_.joinable()) run_.join();
  }

  std::pair<int, Json> Get(const std::string& path) {
    auto r = client_->Get(path);
    if (!r) return {0, Json()};
    auto j = ParseJsonStrict(r->body);
    return {r->status, j.ok() ? *j : Json(r->body)};
  }
  Json Ok(const std::string& path) {
    auto [status, body] = Get(path);
    EXPECT_EQ(status, 200) << path << ": " << body;
    return body;
  }
  static Json Find(const Json& list, const std::string& key, const std::string& id) {
    for (const auto& c : list) {
      if (c[key] == id) return c;
    }
    ADD_FAILURE() << "no " << id << " in " << list;
    return Json();
  }
  // What `jirga compliance status --at` prints for this store (the CLI calls the same function).
  Json CliStatus(const std::string& day) {
    auto clauses = compliance::ReadAndEvaluate(m_.store(), *compliance::ParseDate(day));
    EXPECT_TRUE(clauses.ok()) << clauses.status().ToString();
    return clauses.ok() ? compliance::StatusListJson(*clauses) : Json();
  }

  FakeClock today_{kMarch1 + 10 * kDay};  // 2020-03-11
  jirga::testing::MonitorLog m_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread run_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ComplianceRoutesTest, StatusIsWhatTheCliPrintsAndAtDefaultsToToday) {
  Json status = Ok("/v1/compliance/status");
  EXPECT_EQ(status, CliStatus("2020-03-11"));
  EXPECT_EQ(status, Ok("/v1/compliance/status?at=2020-03-11"));
  ASSERT_EQ(status.size(), 2u);
  Json drawdown = Find(status, "id", "doha.us-drawdown-8600");
  EXPECT_EQ(drawdown["status"], "pending");
  EXPECT_EQ(drawdown["deadline"], "2020-07-13");
  EXPECT_EQ(drawdown["progress"]["value"], 13000);
  EXPECT_EQ(drawdown["progress"]["target"], 8600);
  EXPECT_EQ(drawdown["score"], 0);
  Json talks = Find(status, "id", "doha.ian-start");
  EXPECT_EQ(talks["status"], "overdue");
  EXPECT_EQ(talks["deadline"], "2020-03-10");
}

TEST_F(ComplianceRoutesTest, AtUsesOnlyWhatWasRecordedByItsEnd) {
  // 8,600 reached on 13 July, reported (the log's clock) on 1 August; the talks claimed met.
  m_.AdvanceHours(24 * 153);  // 2020-08-01
  m_.Submit("troops", "gov", {{"force", "us"}, {"strength", 8600}, {"as_of", "2020-07-13"}});
  m_.Submit("fulfilment", "iea",
            {{"clause", "doha.ian-start"}, {"claim", "Talks opened"}, {"date", "2020-07-30"}});
  EXPECT_EQ(Ok("/v1/compliance/status?at=2020-07-20"), CliStatus("2020-07-20"));
  EXPECT_EQ(Find(Ok("/v1/compliance/status?at=2020-07-20"), "id", "doha.us-drawdown-8600")["status"],
            "overdue");
  Json aug = Ok("/v1/compliance/status?at=2020-08-01");
  EXPECT_EQ(aug, CliStatus("2020-08-01"));
  EXPECT_EQ(Find(aug, "id", "doha.us-drawdown-8600")["status"], "met");
  EXPECT_EQ(Find(aug, "id", "doha.us-drawdown-8600")["late"], false);
  EXPECT_EQ(Find(aug, "id", "doha.ian-start")["status"], "met");
  EXPECT_EQ(Find(aug, "id", "doha.ian-start")["late"], true);
  // Before anything was recorded there is nothing to evaluate.
  EXPECT_EQ(Ok("/v1/compliance/status?at=2020-02-28"), Json::array());

  Json timeline = Ok("/v1/compliance/timeline?at=2020-08-01");
  auto cli = compliance::ReadAndEvaluate(m_.store(), *compliance::ParseDate("2020-08-01"));
  ASSERT_TRUE(cli.ok());
  EXPECT_EQ(timeline, compliance::TimelineListJson(*cli));
  Json t = Find(timeline, "id", "doha.us-drawdown-8600");
  EXPECT_EQ(t["recorded"], "2020-03-01");
  EXPECT_EQ(t["deadline"], "2020-07-13");
  EXPECT_EQ(t["met"], "2020-07-13");
}

TEST_F(ComplianceRoutesTest, PartiesSummariseEachObligorsClauses) {
  m_.Submit("commitment", "mediator",
            {{"id", "doha.us-full"},
             {"text", "All forces within 14 months of the drawdown"},
             {"obligor", "us"},
             {"metric", "troops(\"us\") <= 0"},
             {"depends_on", {"doha.us-drawdown-8600"}}});
  Json parties = Ok("/v1/compliance/parties?at=2020-03-11");
  ASSERT_EQ(parties.size(), 2u);
  EXPECT_EQ(parties[0]["obligor"], "iea");  // sorted by party id
  EXPECT_EQ(parties[0]["clauses"], 1);
  EXPECT_EQ(parties[0]["overdue"], 1);
  EXPECT_EQ(parties[0]["score"], 0.0);
  Json us = parties[1];
  EXPECT_EQ(us["obligor"], "us");
  EXPECT_EQ(us["clauses"], 2);
  EXPECT_EQ(us["in_force"], 1);  // the full withdrawal waits for the drawdown
  EXPECT_EQ(us["not_in_force"], 1);
  EXPECT_EQ(us["pending"], 1);
  EXPECT_EQ(us["met"], 0);
  EXPECT_EQ(us["breached"], 0);
  EXPECT_EQ(us["score"], 0.0);
  // Halfway down (13,000 -> 10,800 of 4,400 to go) scores 2 (intermediate).
  m_.AdvanceHours(24 * 30);
  m_.Submit("troops", "gov", {{"force", "us"}, {"strength", 10800}, {"as_of", "2020-03-31"}});
  us = Ok("/v1/compliance/parties?at=2020-04-01")[1];
  EXPECT_EQ(us["score"], 2.0);
  // Nothing in force: no mean at all.
  Json before = Ok("/v1/compliance/parties?at=2020-02-28");
  EXPECT_EQ(before, Json::array());
}

TEST_F(ComplianceRoutesTest, SessionsAreTheCliListWithoutAttribution) {
  Json session = {{"date", "2020-03-01"},
                  {"title", "Prospects for intra-Afghan talks"},
                  {"organiser", "Heart of Asia Society"},
                  {"participants",
                   {{"countries", {"Afghanistan", "Pakistan"}}, {"institutions", {"UNAMA"}}}},
                  {"points", {{{"text", "Talks need a sequenced ceasefire."}}}},
                  {"recommendations",
                   {{{"text", "Form a joint ceasefire commission."},
                     {"follow_ups", {"Raised with the negotiating teams."}}}}}};
  m_.Submit("session", "mediator", session);
  session["date"] = "2020-02-20";
  session["title"] = "An earlier session";
  m_.Submit("session", "mediator", session);
  Json sessions = Ok("/v1/dialogue/sessions");
  auto src = compliance::ReadLogSource(m_.store());
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(sessions, compliance::SessionListJson(*src));
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0]["title"], "An earlier session");  // by date
  EXPECT_EQ(sessions[1]["points"], Json::array({"Talks need a sequenced ceasefire."}));
  EXPECT_EQ(sessions[1]["participants"]["countries"], Json::array({"Afghanistan", "Pakistan"}));
  EXPECT_EQ(sessions[1]["recommendations"][0]["follow_ups"][0],
            "Raised with the negotiating teams.");
}

TEST_F(ComplianceRoutesTest, BadParametersAreRefusedWithTheJsonErrorBody) {
  const std::pair<std::string, std::string> kBad[] = {
      {"/v1/compliance/status?at=2020-02-30", "2020-02-30"},
      {"/v1/compliance/status?at=1899-12-31", "at: "},
      {"/v1/compliance/timeline?at=2200-01-01", "at: "},
      {"/v1/compliance/parties?at=", "at: "},
      {"/v1/compliance/status?at=20200311", "at: "},
      {"/v1/compliance/status?at=2020-03-11&at=2020-03-12", "more than once"},
      {"/v1/compliance/status?since=2020-03-11", "unknown query parameter \"since\""},
      {"/v1/dialogue/sessions?at=2020-03-11", "unknown query parameter \"at\""},
  };
  for (const auto& [path, message] : kBad) {
    auto [status, body] = Get(path);
    EXPECT_EQ(status, 400) << path;
    EXPECT_EQ(body["error"]["code"], "invalid_argument") << path;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(message), std::string::npos)
        << path << ": " << body;
  }
  for (const char* path : {"/v1/compliance/score", "/v1/compliance/status/x", "/v1/dialogue/x",
                           "/v1/compliance/"}) {
    auto [status, body] = Get(path);
    EXPECT_EQ(status, 404) << path;
    EXPECT_EQ(body["error"]["code"], "not_found") << path;
  }
  auto post = client_->Post("/v1/compliance/status", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto head = client_->Head("/v1/dialogue/sessions");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
}

TEST_F(ComplianceRoutesTest, PublicBecauseEveryKindTheyReadIsPublic) {
  // If one of these kinds stops being public, these routes must filter by the reader's rights.
  for (const char* kind : {"commitment", "fulfilment", "troops", "session"}) {
    const KindSpec* spec = m_.log().kinds().Find(kind);
    ASSERT_NE(spec, nullptr) << kind;
    EXPECT_EQ(spec->visibility, Visibility::kPublic) << kind;
  }
  // No Authorization header: 200 (the fixtures above ask without one too).
  EXPECT_EQ(Get("/v1/compliance/status").first, 200);
}

TEST_F(ComplianceRoutesTest, RepeatedQueriesReadTheLogOncePerTreeSizeAndDay) {
  ComplianceRoutes routes(m_.log(), &today_, /*max_evaluations=*/2);
  auto get = [&](const std::string& rest, const std::string& at) {
    HttpRequest req;
    req.method = "GET";
    req.path = "/v1/compliance/" + rest;
    if (!at.empty()) req.query.emplace_back("at", at);
    auto r = routes.Compliance(req, rest);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *ParseJsonStrict(r->body) : Json();
  };
  Json first = get("status", "2020-03-11");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("status", "2020-03-11"), first);
  get("parties", "2020-03-11");
  get("timeline", "");  // today: 2020-03-11, the same key
  EXPECT_EQ(routes.counts().scans, 1u);
  EXPECT_EQ(routes.counts().evaluations, 1u);
  // Another day: evaluated once more over the same records.
  get("status", "2020-07-20");
  get("status", "2020-07-20");
  EXPECT_EQ(routes.counts().scans, 1u);
  EXPECT_EQ(routes.counts().evaluations, 2u);
  // A third day pushes the least recently used out (2 kept): 2020-03-11 is evaluated again.
  get("status", "2020-08-01");
  get("status", "2020-03-11");
  EXPECT_EQ(routes.counts().evaluations, 4u);
  // An append grows the tree: read again, and the new record shows.
  m_.Submit("troops", "gov", {{"force", "us"}, {"strength", 8600}, {"as_of", "2020-03-01"}});
  Json after = get("status", "2020-03-11");
  EXPECT_EQ(routes.counts().scans, 2u);
  EXPECT_EQ(Find(after, "id", "doha.us-drawdown-8600")["status"], "met");
  EXPECT_EQ(after, CliStatus("2020-03-11"));
}

TEST_F(ComplianceRoutesTest, ConcurrentMissesReadTheLogOnce) {
  // The dashboard asks status, timeline and parties at once on a cold cache.
  ComplianceRoutes routes(m_.log(), &today_);
  std::vector<std::thread> threads;
  std::atomic<int> ok = 0;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      static const char* const kRests[] = {"status", "timeline", "parties"};
      HttpRequest req;
      req.method = "GET";
      req.path = std::string("/v1/compliance/") + kRests[t % 3];
      if (routes.Compliance(req, kRests[t % 3]).ok()) ++ok;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, 6);
  EXPECT_EQ(routes.counts().scans, 1u);
  EXPECT_LE(routes.counts().evaluations, 6u);
}

TEST_F(ComplianceRoutesTest, ConcurrentRequestsAgree) {
  Json want = CliStatus("2020-03-11");
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server_->port());
      for (int i = 0; i < 10; ++i) {
        auto r = c.Get(i % 2 ? "/v1/compliance/status?at=2020-03-11" : "/v1/compliance/status");
        if (r && r->status == 200 && *ParseJsonStrict(r->body) == want) ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(ok[t], 10) << t;
}

}  // namespace
}  // namespace jirga::api
