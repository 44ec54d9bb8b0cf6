// Serving the web dashboard's static files, embedded in the binary or from a folder, with safe
// path mapping and security headers.
#include "api/dashboard.h"

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <utility>

#include "base/file.h"

namespace jirga::api {
namespace {

constexpr size_t kMaxPathBytes = 1024;

// Whether `c` may appear in a URL path segment the dashboard serves. Deliberately narrow: the
// dashboard's own file names need nothing else, and every character left out (%, \, NUL, space,
// ':', ...) is one less way to smuggle a different path past the checks.
bool IsSafeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::string_view Dashboard::ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (path.size() > ext.size() && path.ends_with(ext)) return type;
  }
  // Licence texts of the bundled libraries have no extension.
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base == "LICENSE") return "text/plain; charset=utf-8";
  return {};
}

std::optional<std::string> Dashboard::FileFor(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/' || url_path.size() > kMaxPathBytes) {
    return std::nullopt;
  }
  if (url_path == "/") return "index.html";
  std::string_view rest = url_path.substr(1);
  for (size_t start = 0; start <= rest.size();) {
    size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view segment = rest.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    for (char c : segment) {
      if (!IsSafeChar(c)) return std::nullopt;
    }
    start = end + 1;
  }
  constexpr std::string_view kVendor = "vendor/";
  if (rest.starts_with(kVendor)) {
    return "node_modules/" + std::string(rest.substr(kVendor.size()));
  }
  return std::string(rest);
}

std::unique_ptr<Dashboard> Dashboard::Embedded() {
  std::unique_ptr<Dashboard> d(new Dashboard());
  for (const EmbeddedFile& f : EmbeddedDashboardFiles()) {
    std::optional<std::string> rel = FileFor(f.path);
    std::string_view type = ContentTypeFor(f.path);
    // The build embeds only what this would serve (dashboard_test checks every file is
    // reachable), so a skipped file is a build-script bug, not a runtime condition.
    if (!rel || type.empty()) continue;
    d->files_.emplace(std::move(*rel), File{type, f.bytes});
  }
  return d;
}

Result<std::unique_ptr<Dashboard>> Dashboard::FromFolder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path root = std::filesystem::canonical(dir, ec);
  if (ec) return NotFound("web root " + dir + ": " + ec.message());
  if (!std::filesystem::is_directory(root, ec)) {
    return NotFound("web root " + dir + " is not a directory");
  }
  if (!std::filesystem::is_regular_file(root / "index.html", ec)) {
    return NotFound("web root " + dir + " has no index.html");
  }
  std::unique_ptr<Dashboard> d(new Dashboard());
  d->root_ = root.string();
  return d;
}

HttpResponse Dashboard::Respond(std::string_view content_type, std::string body) const {
  HttpResponse r;
  r.status = 200;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  r.headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", root_.empty() ? "no-cache" : "no-store"},
  };
  return r;
}

std::optional<HttpResponse> Dashboard::Serve(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  std::optional<std::string> rel = FileFor(request.path);
  if (!rel) return std::nullopt;
  std::string_view type = ContentTypeFor(*rel);
  if (type.empty()) return std::nullopt;

  if (root_.empty()) {
    auto it = files_.find(*rel);
    if (it == files_.end()) return std::nullopt;
    return Respond(it->second.content_type, std::string(it->second.bytes));
  }

  // Folder mode. FileFor already refused "..", so the joined path can only leave the folder
  // through a symlink: resolve it and insist it is still inside.
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(root_ + "/" + *rel, ec);
  if (ec) return std::nullopt;
  const std::string real_str = real.string();
  const std::string prefix = root_.ends_with('/') ? root_ : root_ + "/";
  if (!real_str.starts_with(prefix)) return std::nullopt;
  struct stat st;
  if (::stat(real_str.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  Result<std::string> body = ReadFile(real_str);
  if (!body.ok()) return std::nullopt;
  return Respond(type, std::move(*body));
}

}  // namespace jirga::api
