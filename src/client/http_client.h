// The HTTP side of talking to a `jirga serve` (docs/http-api.md): a small transport interface,
// its cpp-httplib implementation, and the one mapping from an error answer to a Status.
//
// Nothing here trusts or interprets what the server says beyond the HTTP status and the error
// body; checking the answers is client/responses.h's and client/remote_log.h's job. cpp-httplib
// stays inside http_client.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace jirga::client {

// One answer, whatever its status.
struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Sends requests to one server. Implementations need not be thread-safe: one RemoteLog uses one
// transport from one thread.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends `method` (GET or POST) to `target`, the path and query of the API route
  // ("/v1/consistency?from=2&to=5"). POST bodies are JSON. Returns the answer for any HTTP
  // status; a non-OK Status (IOError) only when no complete answer arrived (connection refused,
  // timeout, TLS failure, an answer larger than the transport accepts).
  virtual Result<HttpReply> Send(std::string_view method, const std::string& target,
                                 const std::string& body) = 0;
  // The server, for messages ("http://127.0.0.1:8080").
  virtual const std::string& server() const = 0;
  // Sends `Authorization: Bearer <token>` with every later request (docs/http-api.md §5a);
  // an empty token stops sending it.
  virtual void SetBearerToken(std::string token) = 0;
};

struct HttpClientOptions {
  // PEM file of the certificate authorities to trust for https:// (empty: the system's).
  // Certificate and host name verification are always on.
  std::string ca_file;
  int connect_timeout_seconds = 10;
  // Per read or write on the connection; a batch answers only once its records are durable.
  int io_timeout_seconds = 120;
  // Answers longer than this are refused (a hostile server must not exhaust memory).
  size_t max_reply_bytes = 64u << 20;
};

// A transport over cpp-httplib for `url`: "http://HOST[:PORT][/PREFIX]" or "https://…" (an IPv6
// HOST in brackets). Requests go to PREFIX + target, so a server mounted below a path by a
// proxy works. Connections are kept alive; a request that fails below HTTP (the server closed an
// idle connection, a reset) is sent once more — safe for every jirga route, since a resent
// submission is answered as a duplicate. InvalidArgument for a malformed URL; NotFound if
// `ca_file` does not exist; InvalidArgument for ca_file with an http:// URL.
Result<std::unique_ptr<HttpTransport>> NewHttpClient(std::string_view url,
                                                     const HttpClientOptions& options);

// The one place that turns a server's error answer into a Status. The body is expected to be
// {"error":{"code","message"}} (docs/http-api.md §3); the server's message is kept, followed by
// "(<server> answered <status> <code>)".
//   400 → InvalidArgument   401, 403 → Unauthorized   404 → NotFound   409 → FailedPrecondition
//   413 → ResourceExhausted   422 → Unauthorized ("bad signature: …")
//   408, 429, 5xx, anything else unexpected → IOError (the request may be retried)
//   other 4xx → InvalidArgument
// `reply.status` must not be 2xx.
Status StatusForErrorReply(const HttpReply& reply, std::string_view server);
// The same mapping for an error that arrives inside a 200 answer (an item of a batch):
// `http_status` with the server's `code` and `message`.
Status StatusForHttpError(int http_status, std::string_view code, std::string_view message,
                          std::string_view server);

}  // namespace jirga::client
