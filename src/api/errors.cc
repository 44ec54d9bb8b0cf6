// The Status → HTTP status and JSON error body mapping of the API.
#include "api/errors.h"

#include "base/json.h"

namespace jirga::api {

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthorized: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kPermissionDenied:
    case StatusCode::kCorruption:
    case StatusCode::kIOError:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kUnauthorized: return "unauthorized";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kCorruption: return "corruption";
    case StatusCode::kIOError: return "io_error";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  Json body = {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

HttpResponse Error(int status, std::string_view code, std::string_view message) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = ErrorBody(code, message);
  return r;
}

std::string_view ProtocolCode(int status) {
  switch (status) {
    case 400: return "invalid_argument";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "timeout";
    case 413: return "resource_exhausted";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 416: return "range_not_satisfiable";
    case 422: return "bad_signature";
    default: return status < 500 ? "bad_request" : "internal";
  }
}

}  // namespace

HttpResponse ErrorResponse(const Status& s) {
  HttpResponse r = Error(HttpStatusFor(s), ErrorCodeFor(s), s.message());
  // RFC 9110 §11.6.1: a 401 names the scheme that would work (docs/http-api.md, reading).
  if (s.code() == StatusCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"jirga\"");
  }
  return r;
}

HttpResponse BadSignatureResponse(std::string_view message) {
  return Error(422, "bad_signature", message);
}

HttpResponse MethodNotAllowedResponse(std::string_view allow, std::string_view message) {
  HttpResponse r = Error(405, "method_not_allowed", message);
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

HttpResponse TooManyRequestsResponse(int64_t retry_after_seconds, std::string_view message) {
  HttpResponse r = Error(429, "too_many_requests", message);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

HttpResponse ProtocolErrorResponse(int status, std::string_view message) {
  return Error(status, ProtocolCode(status), message);
}

}  // namespace jirga::api
