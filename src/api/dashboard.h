// The web dashboard's static files (web/, docs/dashboard.md), served by `jirga serve` for GET and
// HEAD requests that match no API route (ApiOptions::static_files).
//
// Two sources, one behaviour:
//   - Embedded(): the files compiled into the binary at build time (cmake/EmbedWeb.cmake turns
//     web/index.html, web/*.css, web/*.svg, web/src/**/*.js and the node_modules files listed in
//     web/vendor.list into a generated .cc). The default.
//   - FromFolder(dir): the files under `dir` read from disk on every request, for developing the
//     dashboard without rebuilding (`jirga serve --web-root web`).
// URL layout: "/" is index.html; "/vendor/<path>" is node_modules/<path> (embedded: only the
// listed files); any other "/<path>" is <path>.
//
// Contract of Serve():
//   - Only GET and HEAD, and only paths made of safe segments: characters [A-Za-z0-9._-], no
//     empty segment, no segment starting with '.' (so no "..", no dotfiles), at most 1024 bytes.
//     Anything else — "/../", a percent sign (a doubly encoded "%2e%2e"), a backslash, NUL,
//     "//absolute" — is refused with nullopt, exactly like an unknown path; in folder mode a path
//     whose real location (symlinks resolved) lies outside the folder is refused too.
//   - Only known file types (ContentTypeFor); other files are not served.
//   - A served file carries its Content-Type, "X-Content-Type-Options: nosniff", a strict
//     Content-Security-Policy (kContentSecurityPolicy: scripts and styles from this origin only,
//     nothing inline, fetches to this origin only), "Referrer-Policy: no-referrer" and
//     "Cache-Control: no-cache" (embedded; file names carry no version, so browsers must
//     revalidate after an upgrade) or "no-store" (folder mode, where files change under you).
//
// Thread safety: Serve() is const and may be called from many threads at once.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/http.h"
#include "base/status.h"

namespace jirga::api {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// One file compiled into the binary: its URL path ("/src/app.js") and its bytes.
struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

// Every embedded file, in the generated source (built from web/ by cmake/EmbedWeb.cmake).
std::span<const EmbeddedFile> EmbeddedDashboardFiles();

class Dashboard {
 public:
  // The files compiled into this binary.
  static std::unique_ptr<Dashboard> Embedded();
  // The folder `dir`, which must exist and hold an index.html (NotFound otherwise; IOError if it
  // cannot be read). Files are read on each request, so edits show on reload.
  static Result<std::unique_ptr<Dashboard>> FromFolder(const std::string& dir);

  // The response for `request`, or nullopt when the dashboard has no such file (see the contract
  // above): the caller then answers 404.
  std::optional<HttpResponse> Serve(const HttpRequest& request) const;

  // The Content-Type the dashboard serves a file name with ("text/javascript; charset=utf-8"),
  // by extension; empty for a type it does not serve.
  static std::string_view ContentTypeFor(std::string_view path);
  // The file a URL path names, relative to the dashboard's root ("/" → "index.html",
  // "/vendor/x.js" → "node_modules/x.js"), or nullopt when the path is not safe (see above).
  static std::optional<std::string> FileFor(std::string_view url_path);

 private:
  struct File {
    std::string_view content_type;
    std::string_view bytes;
  };
  Dashboard() = default;

  HttpResponse Respond(std::string_view content_type, std::string body) const;

  // Embedded mode: relative file path → file. Folder mode: empty.
  std::unordered_map<std::string, File> files_;
  // Folder mode: the folder's canonical path; empty in embedded mode.
  std::string root_;
};

}  // namespace jirga::api
