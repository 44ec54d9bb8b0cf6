// The violence monitor's HTTP routes (docs/http-api.md "Violence monitor"): the same queries as
// `jirga monitor ...`, over the monitor view, and the gazetteer for maps.
//
//   GET  /v1/monitor/summary?by=&from=&to=&party=&status=&max_precision=   {"meta","rows"}
//   GET  /v1/monitor/compare?baseline=&period=&by=&status=
//   GET  /v1/monitor/ceasefires
//   GET  /v1/monitor/incidents?from=&to=&party=&province=&perpetrator=&type=&status=&limit=&offset=
//   GET  /v1/monitor/definitions                baselines, ceasefires, ignored records
//   GET  /v1/monitor/provinces                  the 34 provinces (codes, names, centres)
//   POST /v1/monitor/imported                   {"dataset","ids":[...]} -> {"found":{id:{...}}}
//
// Every monitor kind is public, so none of these needs a token. Errors are Status values for
// api/errors.h (bad parameters: InvalidArgument, 400). Thread-safe (the ViewSet serializes).
#pragma once

#include <string>

#include "api/http.h"
#include "base/status.h"
#include "views/view_set.h"

namespace jirga::api {

// Answers a request for /v1/monitor/<rest>. `views` may be null (a server without views):
// then everything but /provinces is FailedPrecondition.
Result<HttpResponse> HandleMonitor(ViewSet* views, const HttpRequest& req, const std::string& rest);

}  // namespace jirga::api
