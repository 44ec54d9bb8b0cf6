// The prisoner exchange's HTTP routes (docs/http-api.md "Prisoner exchange"), over the exchange
// view, with the same queries as `jirga exchange status|reconcile`:
//
//   GET /v1/exchange/status[?at=YYYY-MM-DD]          counts only; no token needed
//   GET /v1/exchange/reconcile?list=&against=[&at=&threshold_match=&threshold_review=]
//       the review queue with names: only for a reader entitled to the personal data of both
//       lists — a mediator or verifier, or a party that submitted, lists or detains every
//       current entry of both (the `personal` rule of prisoner records). 401 without a token,
//       403 for another party.
//
// Errors are Status values for api/errors.h (bad parameters: InvalidArgument, 400; a list
// without entries: NotFound, 404). Thread-safe (the ViewSet serializes).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/auth.h"
#include "api/http.h"
#include "base/json.h"
#include "base/status.h"
#include "views/view_set.h"

namespace jirga::api {

// Answers a GET for /v1/exchange/<rest>. `reader` is the request's authenticated reader (nullopt:
// anonymous); `reader_status` is the error of a malformed or invalid token, reported only where a
// token matters (reconcile). `views` may be null: FailedPrecondition. `release_schedules(at)`,
// when given, answers the lists' release schedules on the status's day (at, or today) for
// status (exchange_query.h AttachReleaseSchedules); its error is reported in the answer.
using ReleaseSchedulesFn = std::function<Result<Json>(const std::optional<std::string>& at)>;
Result<HttpResponse> HandleExchange(ViewSet* views, const HttpRequest& req,
                                    const std::string& rest, const std::optional<Reader>& reader,
                                    const Status& reader_status,
                                    const ReleaseSchedulesFn& release_schedules = {});

}  // namespace jirga::api
