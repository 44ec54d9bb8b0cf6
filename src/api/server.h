// HttpServer: serves an Api (api/routes.h) over HTTP/1.1 with keep-alive on a thread pool
// (cpp-httplib underneath; its types stay out of this header).
//
// Request bodies are limited to `max_body_bytes`: a request announcing a longer Content-Length
// is answered 413 without its body being buffered or parsed (cpp-httplib 0.11 reads the declared
// bytes and discards them, keeping the connection usable); a chunked body is read only up to the
// limit, then refused with 413 and "Connection: close". A request with neither Content-Length
// nor Transfer-Encoding has no body. Every response is logged as one JSON line through
// `access_log` (method, path, status, bytes, micros, remote address).
//
// Lifecycle: Start() binds the socket (port 0 picks a free one); Run() serves on the calling
// thread until Stop(). Stop() may be called from any thread, at any time, any number of times:
// the server stops accepting, lets requests already being handled finish, and Run() returns.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/routes.h"
#include "base/status.h"

namespace jirga::api {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address or host name; IPv6 without brackets
  int port = 0;                    // 0: any free port
  size_t max_body_bytes = 1 << 20;
  int threads = 32;                // concurrent connections served
  int read_timeout_seconds = 5;    // per read of a request: a stalled client is cut off
  int write_timeout_seconds = 5;
  // Receives one JSON line (without the newline) per response; called from server threads,
  // possibly concurrently. Empty: no access log.
  std::function<void(std::string_view line)> access_log;
  // PEM files; both set: HTTPS only (TLS 1.2+ as OpenSSL 3 negotiates it), neither: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  // Binds host:port. IOError if the address cannot be bound; InvalidArgument for bad options,
  // including TLS files that cannot be read or do not match.
  static Result<std::unique_ptr<HttpServer>> Start(const Api& api, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port actually bound.
  int port() const { return port_; }
  // "http://127.0.0.1:8080" ("http://[::1]:8080" for IPv6; "https://..." with TLS).
  std::string url() const;

  // Serves until Stop(); returns once every request in flight has been answered. IOError if
  // accepting failed for another reason than Stop().
  Status Run();
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::string host_;
  bool tls_ = false;
  std::atomic<bool> started_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> finished_{false};
};

}  // namespace jirga::api
