// The /v1/monitor/... routes over the monitor view (see monitor_routes.h).
#include "api/monitor_routes.h"

#include "api/errors.h"
#include "api/json_response.h"
#include "monitor/gazetteer.h"
#include "monitor/monitor_query.h"

namespace jirga::api {
namespace {

constexpr size_t kMaxImportedIds = 1000;

// Answers change with every append; let caches revalidate rather than serve stale totals.
HttpResponse JsonOk(const Json& body) { return JsonResponse(200, body, "no-cache"); }

Json ProvincesJson() {
  Json out = Json::array();
  for (const Province& p : Provinces()) {
    out.push_back({{"iso", p.iso}, {"pcode", p.pcode}, {"en", p.en}, {"fa", p.fa},
                   {"ps", p.ps}, {"lat", p.lat}, {"lon", p.lon}});
  }
  return out;
}

// {"dataset": "acled"|"ucdp-ged", "ids": [string 1..100, ...] (1..1000)}.
Result<std::pair<std::string, std::vector<std::string>>> ParseImportedBody(const std::string& b) {
  ASSIGN_OR_RETURN(Json body, ParseJsonStrict(b));
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object {dataset, ids}");
  for (auto& [k, v] : body.items()) {
    if (k != "dataset" && k != "ids") {
      return InvalidArgument("unknown field \"" + k.substr(0, 100) + "\" (expected dataset, ids)");
    }
  }
  auto ds = body.find("dataset");
  if (ds == body.end() || !ds->is_string() || (*ds != "acled" && *ds != "ucdp-ged")) {
    return InvalidArgument("dataset must be \"acled\" or \"ucdp-ged\"");
  }
  auto ids = body.find("ids");
  if (ids == body.end() || !ids->is_array()) return InvalidArgument("ids must be an array");
  if (ids->empty() || ids->size() > kMaxImportedIds) {
    return InvalidArgument("ids must have 1 to " + std::to_string(kMaxImportedIds) + " items");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < ids->size(); ++i) {
    const Json& v = (*ids)[i];
    if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
        v.get_ref<const std::string&>().size() > 100) {
      return InvalidArgument("ids[" + std::to_string(i) + "] must be a string of 1 to 100 bytes");
    }
    out.push_back(v.get<std::string>());
  }
  return std::make_pair(ds->get<std::string>(), std::move(out));
}

template <typename Q, typename Parse, typename Run>
Result<HttpResponse> Query(ViewSet& views, const HttpRequest& req, Parse parse, Run run) {
  ASSIGN_OR_RETURN(Q q, parse(req.query));
  Json out;
  RETURN_IF_ERROR(views.Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, run(db, q));
    return Status::Ok();
  }));
  return JsonOk(out);
}

Status NoParams(const HttpRequest& req) {
  if (!req.query.empty()) {
    return InvalidArgument("unknown query parameter \"" + req.query[0].first.substr(0, 100) + "\"");
  }
  return Status::Ok();
}

}  // namespace

Result<HttpResponse> HandleMonitor(ViewSet* views, const HttpRequest& req,
                                   const std::string& rest) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  static const char* const kGets[] = {"summary", "compare", "ceasefires", "incidents",
                                      "definitions", "provinces"};
  bool known_get = false;
  for (const char* g : kGets) known_get = known_get || rest == g;
  if (!known_get && rest != "imported") return NotFound("no such resource: " + req.path);
  if (known_get != get) {
    std::string allow = known_get ? "GET, HEAD" : "POST";
    return MethodNotAllowedResponse(allow, req.method + " is not allowed on " + req.path +
                                               " (allowed: " + allow + ")");
  }
  if (rest == "provinces") {
    RETURN_IF_ERROR(NoParams(req));
    return JsonOk(ProvincesJson());
  }
  if (views == nullptr) return FailedPrecondition("this server keeps no views");
  if (rest == "summary") {
    return Query<SummaryQuery>(*views, req, ParseSummaryQuery,
                               [](ViewDb& db, const SummaryQuery& q) { return Summary(db, q); });
  }
  if (rest == "compare") {
    return Query<CompareQuery>(*views, req, ParseCompareQuery,
                               [](ViewDb& db, const CompareQuery& q) { return Compare(db, q); });
  }
  if (rest == "incidents") {
    return Query<IncidentQuery>(*views, req, ParseIncidentQuery,
                                [](ViewDb& db, const IncidentQuery& q) { return Incidents(db, q); });
  }
  if (rest == "ceasefires" || rest == "definitions") {
    RETURN_IF_ERROR(NoParams(req));
    Json out;
    RETURN_IF_ERROR(views->Read([&](ViewDb& db) -> Status {
      ASSIGN_OR_RETURN(out, rest == "ceasefires" ? Ceasefires(db) : Definitions(db));
      return Status::Ok();
    }));
    return JsonOk(out);
  }
  // POST /v1/monitor/imported
  RETURN_IF_ERROR(NoParams(req));
  ASSIGN_OR_RETURN(auto parsed, ParseImportedBody(req.body));
  ASSIGN_OR_RETURN(auto found, FindImportedBatch(*views, parsed.first, parsed.second));
  Json out = {{"found", Json::object()}};
  for (auto& [id, ref] : found) out["found"][id] = {{"index", ref.index}, {"version", ref.version}};
  return JsonOk(out);
}

}  // namespace jirga::api
