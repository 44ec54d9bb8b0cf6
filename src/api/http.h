// Plain HTTP request and response values for the API layer: what the routes (api/routes.h) read
// and produce, independent of the HTTP library that carries them (api/server.h).
//
// Values only; no behaviour. Thread-compatible.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jirga::api {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string path;    // percent-decoded, without the query string; starts with '/'
  // Decoded query parameters in the order given (a name may repeat; routes refuse that).
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;
  // The Authorization header, if any ("Bearer <token>").
  std::string authorization;
  // The client's address as the connection shows it (no proxy headers are trusted); the key
  // of per-client rate limits.
  std::string remote;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  // Extra headers (Cache-Control, Location, Allow, Connection, ...).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace jirga::api
