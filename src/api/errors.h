// The one place that turns errors into HTTP responses.
//
// Every 4xx/5xx response of the API has the JSON body
//   {"error": {"code": "<code>", "message": "<human-readable message>"}}
// and the status below. Routes return Status values; only this file decides what HTTP status
// and error code a Status becomes:
//
//   Status code                              HTTP  "code"
//   InvalidArgument                          400   invalid_argument
//   Unauthorized                             403   unauthorized   (key not registered, wrong
//                                                                  party, kind not allowed, or a
//                                                                  record the reader may not see)
//   Unauthenticated                          401   unauthenticated (no, a bad or an expired
//                                                                  bearer token; with
//                                                                  WWW-Authenticate: Bearer)
//   NotFound                                 404   not_found
//   AlreadyExists                            409   already_exists
//   FailedPrecondition                       409   failed_precondition
//   ResourceExhausted                        413   resource_exhausted
//   anything else (IOError, Corruption,      500   io_error, corruption, permission_denied,
//     PermissionDenied, Internal)                  internal
//
// Two outcomes have no Status code of their own and are made here too: a submission whose
// Ed25519 signature does not verify (422, "bad_signature"), and a known path asked for with a
// method it does not serve (405, "method_not_allowed", with an Allow header).
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>

#include <string>
#include <string_view>

#include "api/http.h"
#include "base/status.h"

namespace jirga::api {

int HttpStatusFor(const Status& status);
// The snake_case name of the status code ("invalid_argument").
std::string_view ErrorCodeFor(const Status& status);

// {"error":{"code":...,"message":...}} as compact JSON (invalid UTF-8 in the message is
// replaced, never thrown on).
std::string ErrorBody(std::string_view code, std::string_view message);

// The error response for a non-OK status.
HttpResponse ErrorResponse(const Status& status);
// 422 bad_signature: the submission's signature does not verify over its record, salt and key.
HttpResponse BadSignatureResponse(std::string_view message);
// 405 method_not_allowed, with "Allow: <allow>".
HttpResponse MethodNotAllowedResponse(std::string_view allow, std::string_view message);
// 429 too_many_requests, with "Retry-After: <seconds>".
HttpResponse TooManyRequestsResponse(int64_t retry_after_seconds, std::string_view message);
// A response for an HTTP-level error found below the routes (e.g. by the HTTP library: a
// malformed request line, an unreadable body); `status` is the HTTP status it chose.
HttpResponse ProtocolErrorResponse(int status, std::string_view message);

}  // namespace jirga::api
