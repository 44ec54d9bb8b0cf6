// The dashboard's static file serving: content types and headers, path traversal refused in both
// embedded and folder mode, unknown paths, and folder mode over a temporary folder.
#include "api/dashboard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "testing/temp_dir.h"

namespace jirga::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

HttpRequest Get(std::string path, std::string method = "GET") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

std::string Header(const HttpResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

void WriteFile(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

// Paths that must never be served, whatever is on disk or embedded.
const char* const kHostilePaths[] = {
    "/../index.html",
    "/src/../index.html",
    "/..",
    "/.",
    "/./index.html",
    "/%2e%2e/index.html",        // if the server ever passed percent-encoding through
    "/%252e%252e/index.html",
    "/src/%2e%2e/%2e%2e/etc/passwd",
    "//etc/passwd",
    "/etc//passwd",
    "index.html",               // not absolute
    "",
    "/src\\..\\index.html",
    "/index.html\\",
    "/..\\..\\etc\\passwd",
    "/.git/config",
    "/src/.hidden.js",
    "/vendor/../package.json",
    "/vendor/.bin/x.js",
    "/index.html/",
    "/a b.js",
    "/c:/windows/win.ini",
};

TEST(Dashboard, FileForMapsUrlsToFiles) {
  EXPECT_EQ(Dashboard::FileFor("/"), "index.html");
  EXPECT_EQ(Dashboard::FileFor("/index.html"), "index.html");
  EXPECT_EQ(Dashboard::FileFor("/src/pages/overview.js"), "src/pages/overview.js");
  EXPECT_EQ(Dashboard::FileFor("/vendor/lit-html/lit-html.js"),
            "node_modules/lit-html/lit-html.js");
  for (const char* path : kHostilePaths) {
    EXPECT_EQ(Dashboard::FileFor(path), std::nullopt) << path;
  }
  EXPECT_EQ(Dashboard::FileFor(std::string("/index.html\0.js", 15)), std::nullopt);
  EXPECT_EQ(Dashboard::FileFor("/" + std::string(1024, 'a')), std::nullopt);
}

TEST(Dashboard, ContentTypes) {
  EXPECT_EQ(Dashboard::ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(Dashboard::ContentTypeFor("src/app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Dashboard::ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(Dashboard::ContentTypeFor("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(Dashboard::ContentTypeFor("node_modules/lit-html/LICENSE"),
            "text/plain; charset=utf-8");
  EXPECT_EQ(Dashboard::ContentTypeFor("package.json"), "");
  EXPECT_EQ(Dashboard::ContentTypeFor("test/dashboard.test.mjs"), "");
  EXPECT_EQ(Dashboard::ContentTypeFor("store.db"), "");
  EXPECT_EQ(Dashboard::ContentTypeFor(".js"), "");
  EXPECT_EQ(Dashboard::ContentTypeFor("Makefile"), "");
}

TEST(Dashboard, EmbeddedServesIndexAndEveryFileWithSecurityHeaders) {
  auto d = Dashboard::Embedded();
  auto index = d->Serve(Get("/"));
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_THAT(index->body, HasSubstr("<script type=\"module\" src=\"/src/app.js\">"));
  EXPECT_EQ(Header(*index, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(*index, "Cache-Control"), "no-cache");
  const std::string csp = Header(*index, "Content-Security-Policy");
  EXPECT_THAT(csp, HasSubstr("default-src 'none'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'self'"));
  EXPECT_THAT(csp, HasSubstr("connect-src 'self'"));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-eval")));
  // No inline script may be needed: every <script> of index.html has a src.
  EXPECT_THAT(index->body, Not(HasSubstr("<script>")));

  // Every embedded file is reachable under its own path with a known type, and the bytes are
  // exactly the source file's.
  ASSERT_FALSE(EmbeddedDashboardFiles().empty());
  bool saw_vendor = false;
  for (const EmbeddedFile& f : EmbeddedDashboardFiles()) {
    auto r = d->Serve(Get(std::string(f.path)));
    ASSERT_TRUE(r.has_value()) << f.path;
    EXPECT_EQ(r->body, f.bytes) << f.path;
    EXPECT_FALSE(r->content_type.empty()) << f.path;
    saw_vendor |= f.path == "/vendor/lit-html/lit-html.js";
    std::string rel = *Dashboard::FileFor(f.path);
    std::string source = std::string(JIRGA_SOURCE_DIR) + "/web/" + rel;
    std::ifstream in(source, std::ios::binary);
    std::string disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(disk, f.bytes) << f.path << " differs from " << source;
  }
  EXPECT_TRUE(saw_vendor);

  auto js = d->Serve(Get("/src/app.js", "HEAD"));
  ASSERT_TRUE(js.has_value());
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  auto css = d->Serve(Get("/style.css"));
  ASSERT_TRUE(css.has_value());
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
}

TEST(Dashboard, EmbeddedRefusesUnknownAndHostilePathsAndOtherMethods) {
  auto d = Dashboard::Embedded();
  EXPECT_EQ(d->Serve(Get("/nope.js")), std::nullopt);
  EXPECT_EQ(d->Serve(Get("/v1/unknown")), std::nullopt);
  EXPECT_EQ(d->Serve(Get("/package.json")), std::nullopt);
  EXPECT_EQ(d->Serve(Get("/web/index.html")), std::nullopt);
  EXPECT_EQ(d->Serve(Get("/vendor/playwright-core/index.js")), std::nullopt);  // not listed
  EXPECT_EQ(d->Serve(Get("/", "POST")), std::nullopt);
  EXPECT_EQ(d->Serve(Get("/index.html", "DELETE")), std::nullopt);
  for (const char* path : kHostilePaths) {
    EXPECT_EQ(d->Serve(Get(path)), std::nullopt) << path;
  }
}

class DashboardFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.File("web");
    WriteFile(root_ + "/index.html", "<!doctype html><title>t</title>");
    WriteFile(root_ + "/src/app.js", "export const x = 1;\n");
    WriteFile(root_ + "/style.css", "body{}");
    WriteFile(root_ + "/node_modules/lib/lib.js", "export default 2;\n");
    WriteFile(root_ + "/package.json", "{}");
    WriteFile(root_ + "/.secret.js", "no");
    WriteFile(tmp_.File("outside.js"), "outside");
    WriteFile(tmp_.File("secret.txt"), "secret");
  }

  testing::TempDir tmp_;
  std::string root_;
};

TEST_F(DashboardFolderTest, ServesFilesFromDisk) {
  auto d = Dashboard::FromFolder(root_);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto index = (*d)->Serve(Get("/"));
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->body, "<!doctype html><title>t</title>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Header(*index, "Cache-Control"), "no-store");
  EXPECT_EQ(Header(*index, "X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(Header(*index, "Content-Security-Policy"), HasSubstr("connect-src 'self'"));

  auto js = (*d)->Serve(Get("/src/app.js"));
  ASSERT_TRUE(js.has_value());
  EXPECT_EQ(js->body, "export const x = 1;\n");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  auto lib = (*d)->Serve(Get("/vendor/lib/lib.js"));
  ASSERT_TRUE(lib.has_value());
  EXPECT_EQ(lib->body, "export default 2;\n");

  // Read on each request: an edit shows at once.
  WriteFile(root_ + "/src/app.js", "export const x = 2;\n");
  EXPECT_EQ((*d)->Serve(Get("/src/app.js"))->body, "export const x = 2;\n");

  EXPECT_EQ((*d)->Serve(Get("/missing.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get("/src")), std::nullopt);          // a directory
  EXPECT_EQ((*d)->Serve(Get("/package.json")), std::nullopt);  // not a served type
}

TEST_F(DashboardFolderTest, RefusesTraversalAndSymlinksOut) {
  auto d = Dashboard::FromFolder(root_);
  ASSERT_TRUE(d.ok());
  for (const char* path : kHostilePaths) {
    EXPECT_EQ((*d)->Serve(Get(path)), std::nullopt) << path;
  }
  EXPECT_EQ((*d)->Serve(Get("/../outside.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get("/vendor/../../outside.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get("/.secret.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get(tmp_.File("outside.js"))), std::nullopt);  // an absolute path

  // A symlink inside the folder that points out of it is not followed out.
  ASSERT_EQ(::symlink(tmp_.File("outside.js").c_str(), (root_ + "/link.js").c_str()), 0);
  ASSERT_EQ(::symlink(tmp_.path().c_str(), (root_ + "/up").c_str()), 0);
  EXPECT_EQ((*d)->Serve(Get("/link.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get("/up/outside.js")), std::nullopt);
  EXPECT_EQ((*d)->Serve(Get("/up/secret.txt")), std::nullopt);
  // One that stays inside is fine.
  ASSERT_EQ(::symlink((root_ + "/src/app.js").c_str(), (root_ + "/alias.js").c_str()), 0);
  EXPECT_TRUE((*d)->Serve(Get("/alias.js")).has_value());
}

TEST_F(DashboardFolderTest, FolderMustExistAndHoldIndexHtml) {
  EXPECT_EQ(Dashboard::FromFolder(tmp_.File("nope")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Dashboard::FromFolder(root_ + "/src").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Dashboard::FromFolder(root_ + "/index.html").status().code(), StatusCode::kNotFound);
  // A trailing slash is fine.
  EXPECT_TRUE(Dashboard::FromFolder(root_ + "/").ok());
}

}  // namespace
}  // namespace jirga::api
