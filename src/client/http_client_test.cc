// The HTTP transport against an in-process server on loopback (plain and TLS), URL parsing, and
// the one mapping from error answers to Status.
#include "client/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "api/routes.h"
#include "api/server.h"
#include "kinds/all_kinds.h"
#include "ledger/log.h"
#include "store/memory_store.h"
#include "testing/temp_dir.h"
#include "testing/tls_cert.h"

namespace jirga::client {
namespace {

using ::testing::HasSubstr;

TEST(HttpClientErrorTest, MapsEachStatusAndKeepsTheServersMessage) {
  struct Case {
    int http;
    StatusCode code;
  };
  for (Case c : {Case{400, StatusCode::kInvalidArgument}, Case{403, StatusCode::kUnauthorized},
                 Case{404, StatusCode::kNotFound}, Case{409, StatusCode::kFailedPrecondition},
                 Case{413, StatusCode::kResourceExhausted}, Case{422, StatusCode::kUnauthorized},
                 Case{500, StatusCode::kIOError}, Case{503, StatusCode::kIOError},
                 Case{408, StatusCode::kIOError}, Case{405, StatusCode::kInvalidArgument},
                 Case{302, StatusCode::kIOError}}) {
    HttpReply reply{c.http, "application/json",
                    R"({"error":{"code":"some_code","message":"what went wrong"}})"};
    Status st = StatusForErrorReply(reply, "http://s:1");
    EXPECT_EQ(st.code(), c.code) << c.http;
    EXPECT_THAT(st.message(), HasSubstr("what went wrong")) << c.http;
    EXPECT_THAT(st.message(),
                HasSubstr("(http://s:1 answered " + std::to_string(c.http) + " some_code)"));
  }
  HttpReply bad_sig{422, "application/json",
                    R"({"error":{"code":"bad_signature","message":"sig"}})"};
  EXPECT_EQ(StatusForErrorReply(bad_sig, "s").message().rfind("bad signature: sig", 0), 0u);
  // A body that is not jirga's error shape (a proxy's page) is quoted, printable, and cut short.
  HttpReply html{502, "text/html", "<html>\x01" + std::string(500, 'x') + "</html>"};
  Status st = StatusForErrorReply(html, "s");
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_THAT(st.message(), HasSubstr("unexpected answer: <html>?xxx"));
  EXPECT_LT(st.message().size(), 300u);
  EXPECT_THAT(StatusForErrorReply(HttpReply{404, "", ""}, "s").message(),
              HasSubstr("empty answer"));
}

TEST(HttpClientUrlTest, AcceptsHttpAndHttpsUrlsOnly) {
  for (const char* ok : {"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "https://log.example",
                         "HTTP://example.org/jirga/", "http://[::1]:80", "http://localhost"}) {
    EXPECT_TRUE(NewHttpClient(ok, {}).ok()) << ok;
  }
  for (const char* bad : {"127.0.0.1:8080", "ftp://x", "http://", "http://:80", "http://x:",
                          "http://x:0", "http://x:65536", "http://x:8o", "http://u@x",
                          "http://x/?a=b", "http://x/#f", "http://[::1", "http://a b",
                          "http://[zz]:1"}) {
    auto t = NewHttpClient(bad, {});
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  HttpClientOptions with_ca;
  with_ca.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(NewHttpClient("http://x", with_ca).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NewHttpClient("https://x", with_ca).status().code(), StatusCode::kNotFound);
}

TEST(HttpClientUrlTest, NoServerIsAnIoError) {
  // Port 1 on loopback: nothing listens there in a test environment.
  auto t = NewHttpClient("http://127.0.0.1:1", {});
  ASSERT_TRUE(t.ok());
  auto r = (*t)->Send("GET", "/checkpoint", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_THAT(r.status().message(), HasSubstr("http://127.0.0.1:1"));
}

// A real jirga Api on a memory store behind the real HttpServer, in this process.
class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto log = Log::Create(NewMemoryStore(), "test/log", log_key_, op_key_, "Operator",
                           AllKinds(), LogOptions{});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    api::ApiOptions options;
    options.log_key = &log_key_;
    api_ = std::make_unique<api::Api>(*log_, options);
    cert_ = dir_.File("cert.pem");
    key_ = dir_.File("key.pem");
    ASSERT_TRUE(jirga::testing::WriteSelfSignedCert(cert_, key_));
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
  }

  void Serve(bool tls) {
    api::ServerOptions opts;
    if (tls) {
      opts.tls_cert_file = cert_;
      opts.tls_key_file = key_;
    }
    auto server = api::HttpServer::Start(*api_, opts);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    thread_ = std::thread([this] { (void)server_->Run(); });
  }

  std::string Url(const std::string& scheme) {
    return scheme + "://127.0.0.1:" + std::to_string(server_->port());
  }

  jirga::testing::TempDir dir_;
  std::string cert_, key_;
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  std::unique_ptr<Log> log_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<api::HttpServer> server_;
  std::thread thread_;
};

TEST_F(HttpClientTest, GetsAnswersOfEveryStatusOverOneConnection) {
  Serve(false);
  auto t = NewHttpClient(Url("http") + "/", {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->server(), Url("http"));
  for (int i = 0; i < 3; ++i) {
    auto cp = (*t)->Send("GET", "/checkpoint", "");
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    EXPECT_EQ(cp->status, 200);
    EXPECT_EQ(cp->body, *log_->LatestCheckpoint());
  }
  auto missing = (*t)->Send("GET", "/v1/records/9", "");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(StatusForErrorReply(*missing, (*t)->server()).code(), StatusCode::kNotFound);
  auto post = (*t)->Send("POST", "/v1/records:batch?stop_on_error=true", "[]");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->status, 400);
  EXPECT_THAT(StatusForErrorReply(*post, "s").message(), HasSubstr("no submissions"));
}

TEST_F(HttpClientTest, APrefixIsPutBeforeEveryPath) {
  Serve(false);
  auto t = NewHttpClient(Url("http") + "/mounted/here", {});
  ASSERT_TRUE(t.ok());
  auto r = (*t)->Send("GET", "/checkpoint", "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);  // the server is not mounted below a prefix
  EXPECT_THAT(r->body, HasSubstr("/mounted/here/checkpoint"));
}

TEST_F(HttpClientTest, RefusesAnswersLargerThanTheLimit) {
  Serve(false);
  HttpClientOptions small;
  small.max_reply_bytes = 20;
  auto t = NewHttpClient(Url("http"), small);
  ASSERT_TRUE(t.ok());
  auto r = (*t)->Send("GET", "/checkpoint", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_THAT(r.status().message(), HasSubstr("larger than 20 bytes"));
}

TEST_F(HttpClientTest, HttpsVerifiesTheCertificateAgainstTheCaFile) {
  Serve(true);
  HttpClientOptions with_ca;
  with_ca.ca_file = cert_;
  auto t = NewHttpClient(Url("https"), with_ca);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto r = (*t)->Send("GET", "/checkpoint", "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, *log_->LatestCheckpoint());

  // Without the CA the self-signed certificate is not trusted: no answer is accepted.
  auto untrusted = NewHttpClient(Url("https"), {});
  ASSERT_TRUE(untrusted.ok());
  auto refused = (*untrusted)->Send("GET", "/checkpoint", "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kIOError);
  EXPECT_THAT(refused.status().message(), HasSubstr("certificate"));
}

}  // namespace
}  // namespace jirga::client
