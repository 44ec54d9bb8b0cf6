// The /v1/monitor routes over real HTTP on a free port: summaries, the incident table, the
// gazetteer, the import lookup, and bad parameters answered with 400.
#include "api/monitor_routes.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <thread>

#include "api/routes.h"
#include "api/server.h"
#include "testing/monitor_log.h"

namespace jirga::api {
namespace {

using jirga::testing::IncidentBody;

class MonitorRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = std::make_unique<Api>(m_.log(), ApiOptions{.views = &m_.views()});
    auto server = HttpServer::Start(*api_, ServerOptions{});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    run_ = std::thread([this] { (void)server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (run_.joinable()) run_.join();
  }

  // GET `path`; returns {status, parsed body}.
  std::pair<int, Json> Get(const std::string& path) {
    auto r = client_->Get(path);
    if (!r) return {0, Json()};
    auto j = ParseJsonStrict(r->body);
    return {r->status, j.ok() ? *j : Json(r->body)};
  }
  std::pair<int, Json> Post(const std::string& path, const std::string& body) {
    auto r = client_->Post(path, body, "application/json");
    if (!r) return {0, Json()};
    auto j = ParseJsonStrict(r->body);
    return {r->status, j.ok() ? *j : Json(r->body)};
  }

  jirga::testing::MonitorLog m_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread run_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MonitorRoutesTest, SummaryByProvinceCountsWhatWasSubmittedSinceTheLastQuery) {
  m_.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  auto [status, body] = Get("/v1/monitor/summary?by=province");
  ASSERT_EQ(status, 200) << body;
  ASSERT_EQ(body["rows"].size(), 35u);
  EXPECT_EQ(body["rows"][10]["province"], "AF-HEL");
  EXPECT_EQ(body["rows"][10]["events"], 1);
  EXPECT_EQ(body["meta"]["max_precision"], 4);
  // The view catches up before each query: a new record shows in the next answer.
  m_.Submit("incident", "iea", IncidentBody("2020-03-03", "AF-HEL", "gov", 2));
  auto [s2, b2] = Get("/v1/monitor/summary?by=province&from=2020-03-03");
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(b2["rows"][10]["events"], 1);
  EXPECT_EQ(b2["rows"][10]["fatalities"]["best"], 2);
  auto [s3, b3] = Get("/v1/monitor/summary?by=week");
  EXPECT_EQ(b3["rows"][0]["week"], "2020-W10");
  EXPECT_EQ(b3["rows"][0]["events"], 2);
}

TEST_F(MonitorRoutesTest, IncidentsCeasefiresCompareAndDefinitions) {
  uint64_t a = m_.Submit("incident", "gov", IncidentBody("2020-03-02", "AF-HEL", "iea", 4));
  m_.Submit("response", "iea", {{"to", a}, {"action", "contest"}, {"aspects", {"casualties"}},
                                {"reason", "Fewer died."}});
  auto [s, b] = Get("/v1/monitor/incidents?status=disputed&province=Hilmand");
  ASSERT_EQ(s, 200) << b;
  ASSERT_EQ(b["incidents"].size(), 1u);
  EXPECT_EQ(b["incidents"][0]["responses"][0]["party"], "iea");
  EXPECT_EQ(Get("/v1/monitor/ceasefires").first, 200);
  EXPECT_EQ(Get("/v1/monitor/definitions").first, 200);
  auto [cs, cb] = Get("/v1/monitor/compare?baseline=2020-03-01:2020-03-10&period=2020-03-11:2020-03-20");
  ASSERT_EQ(cs, 200) << cb;
  EXPECT_EQ(cb["baseline"]["events"], 1);
  EXPECT_EQ(cb["change_pct"], -100.0);
  auto [ms, mb] = Get("/v1/monitor/compare?baseline=nope&period=2020-03-11:2020-03-20");
  EXPECT_EQ(ms, 404);
  EXPECT_EQ(mb["error"]["code"], "not_found");
}

TEST_F(MonitorRoutesTest, ProvincesAreTheGazetteer) {
  auto [s, b] = Get("/v1/monitor/provinces");
  ASSERT_EQ(s, 200);
  ASSERT_EQ(b.size(), 34u);
  EXPECT_EQ(b[0]["iso"], "AF-BAL");
  EXPECT_EQ(b[10]["pcode"], "AF30");
  EXPECT_EQ(b[10]["fa"], "هلمند");
}

TEST_F(MonitorRoutesTest, ImportedAnswersTheIdsAlreadyInTheLog) {
  Json body = IncidentBody("2020-03-02", "AF-HEL", "iea", 4);
  body["import"] = {{"dataset", "acled"}, {"id", "AFG1"}, {"version", "1618531200"}};
  uint64_t a = m_.Submit("incident", "gov", body);
  auto [s, b] = Post("/v1/monitor/imported", R"({"dataset": "acled", "ids": ["AFG1", "AFG2"]})");
  ASSERT_EQ(s, 200) << b;
  EXPECT_EQ(b, Json::parse(R"({"found": {"AFG1": {"index": )" + std::to_string(a) +
                           R"(, "version": "1618531200"}}})"));
  for (const char* bad : {"", "[]", R"({"dataset": "gtd", "ids": ["x"]})",
                          R"({"dataset": "acled", "ids": []})",
                          R"({"dataset": "acled", "ids": [1]})",
                          R"({"dataset": "acled", "ids": ["x"], "extra": 1})",
                          R"({"dataset": "acled", "ids": ["x"], "dataset": "acled"})"}) {
    EXPECT_EQ(Post("/v1/monitor/imported", bad).first, 400) << bad;
  }
  std::string many = R"({"dataset": "acled", "ids": [)";
  for (int i = 0; i < 1001; ++i) many += (i ? "," : "") + std::string("\"x") + std::to_string(i) + "\"";
  EXPECT_EQ(Post("/v1/monitor/imported", many + "]}").first, 400);
  EXPECT_EQ(Get("/v1/monitor/imported").first, 405);
  EXPECT_EQ(Post("/v1/monitor/summary", "{}").first, 405);
}

TEST_F(MonitorRoutesTest, BadParametersAre400sNamingTheParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {"/v1/monitor/summary", "by is required"},
      {"/v1/monitor/summary?by=year", "by must be"},
      {"/v1/monitor/summary?by=day&from=2020-02-30", "from must be a date"},
      {"/v1/monitor/summary?by=day&status=agree", "status must be"},
      {"/v1/monitor/summary?by=day&party=x%27%20OR%201%3D1", "party"},
      {"/v1/monitor/summary?by=day&by=week", "given twice"},
      {"/v1/monitor/summary?by=day&limit=3", "unknown parameter \"limit\""},
      {"/v1/monitor/compare?period=2020-01-01:2020-01-02", "baseline is required"},
      {"/v1/monitor/incidents?limit=5000", "limit must be"},
      {"/v1/monitor/incidents?province=Narnia", "unknown province"},
      {"/v1/monitor/provinces?x=1", "unknown query parameter"},
  };
  for (auto [path, want] : cases) {
    auto [s, b] = Get(path);
    EXPECT_EQ(s, 400) << path;
    EXPECT_EQ(b["error"]["code"], "invalid_argument") << path;
    EXPECT_NE(b["error"]["message"].get<std::string>().find(want), std::string::npos)
        << path << ": " << b;
  }
  EXPECT_EQ(Get("/v1/monitor/nothing").first, 404);
}

TEST(MonitorRoutesNoViews, QueriesNeedViewsButProvincesDoNot) {
  jirga::testing::MonitorLog m;
  Api api(m.log(), ApiOptions{});
  HttpRequest req{.method = "GET", .path = "/v1/monitor/summary", .query = {{"by", "day"}}};
  EXPECT_EQ(api.Handle(req).status, 409);
  req.path = "/v1/monitor/provinces";
  req.query.clear();
  EXPECT_EQ(api.Handle(req).status, 200);
}

}  // namespace
}  // namespace jirga::api
