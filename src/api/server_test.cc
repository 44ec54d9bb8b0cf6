// HttpServer in-process over loopback: TLS, and the checks made when it starts.
#include "api/server.h"

#include <httplib.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "kinds/all_kinds.h"
#include "store/memory_store.h"
#include "testing/temp_dir.h"
#include "testing/tls_cert.h"

namespace jirga::api {
namespace {

using ::testing::HasSubstr;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto log = Log::Create(NewMemoryStore(), "test/log", log_key_, op_key_, "Operator",
                           AllKinds(), LogOptions{});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    api_ = std::make_unique<Api>(*log_, ApiOptions{.log_key = &log_key_});
    cert_ = dir_.File("cert.pem");
    key_ = dir_.File("key.pem");
    ASSERT_TRUE(jirga::testing::WriteSelfSignedCert(cert_, key_));
  }

  jirga::testing::TempDir dir_;
  std::string cert_, key_;
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  std::unique_ptr<Log> log_;
  std::unique_ptr<Api> api_;
};

TEST_F(ServerTest, WithACertificateItSpeaksOnlyTls) {
  ServerOptions opts;
  opts.tls_cert_file = cert_;
  opts.tls_key_file = key_;
  auto server = HttpServer::Start(*api_, opts);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_EQ((*server)->url().rfind("https://127.0.0.1:", 0), 0u) << (*server)->url();
  std::thread run([&] { EXPECT_TRUE((*server)->Run().ok()); });

  // A client that verifies the certificate against it (as a CA) gets the checkpoint.
  httplib::SSLClient tls("127.0.0.1", (*server)->port());
  tls.set_ca_cert_path(cert_.c_str());
  tls.enable_server_certificate_verification(true);
  auto r = tls.Get("/checkpoint");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("test/log\n"));

  // A client that trusts only the system CAs refuses this self-signed certificate.
  httplib::SSLClient strict("127.0.0.1", (*server)->port());
  strict.enable_server_certificate_verification(true);
  strict.set_ca_cert_path(dir_.File("no-such-ca.pem").c_str());
  EXPECT_FALSE(strict.Get("/checkpoint"));

  // Plain HTTP to the TLS port gets no HTTP answer.
  httplib::Client plain("127.0.0.1", (*server)->port());
  plain.set_read_timeout(2, 0);
  auto p = plain.Get("/checkpoint");
  EXPECT_TRUE(!p || p->status != 200);

  (*server)->Stop();
  run.join();
}

TEST_F(ServerTest, BadTlsFilesAreRefusedAtStart) {
  ServerOptions only_cert;
  only_cert.tls_cert_file = cert_;
  EXPECT_EQ(HttpServer::Start(*api_, only_cert).status().code(), StatusCode::kInvalidArgument);

  ServerOptions missing;
  missing.tls_cert_file = dir_.File("absent.pem");
  missing.tls_key_file = key_;
  EXPECT_EQ(HttpServer::Start(*api_, missing).status().code(), StatusCode::kInvalidArgument);

  // A key that is not the certificate's.
  const std::string other_cert = dir_.File("other.pem"), other_key = dir_.File("other.key");
  ASSERT_TRUE(jirga::testing::WriteSelfSignedCert(other_cert, other_key));
  ServerOptions mismatched;
  mismatched.tls_cert_file = cert_;
  mismatched.tls_key_file = other_key;
  auto s = HttpServer::Start(*api_, mismatched);
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("do not match"));

  ServerOptions garbage;
  std::ofstream(dir_.File("garbage.pem")) << "not a certificate\n";
  garbage.tls_cert_file = dir_.File("garbage.pem");
  garbage.tls_key_file = key_;
  EXPECT_FALSE(HttpServer::Start(*api_, garbage).ok());
}

}  // namespace
}  // namespace jirga::api
