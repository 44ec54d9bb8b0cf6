// The /v1/exchange/... routes over the exchange view (see exchange_routes.h).
#include "api/exchange_routes.h"

#include <cstdlib>
#include <set>

#include "api/errors.h"
#include "api/json_response.h"
#include "exchange/exchange_query.h"

namespace jirga::api {
namespace {

HttpResponse JsonOk(const Json& body, const char* cache) { return JsonResponse(200, body, cache); }

// The query parameters as a map; InvalidArgument for an unknown or repeated one.
Result<std::map<std::string, std::string>> Params(const HttpRequest& req,
                                                  const std::set<std::string>& allowed) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : req.query) {
    if (!allowed.count(k)) {
      return InvalidArgument("unknown query parameter \"" + k.substr(0, 100) + "\"");
    }
    if (!out.emplace(k, v).second) return InvalidArgument(k + " is given more than once");
  }
  return out;
}

Result<double> Threshold(const std::string& name, const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !(d > 0 && d <= 1)) {
    return InvalidArgument(name + " must be a number in (0, 1], got \"" + v.substr(0, 40) + "\"");
  }
  return d;
}

}  // namespace

Result<HttpResponse> HandleExchange(ViewSet* views, const HttpRequest& req,
                                    const std::string& rest, const std::optional<Reader>& reader,
                                    const Status& reader_status,
                                    const ReleaseSchedulesFn& release_schedules) {
  if (rest != "status" && rest != "reconcile") return NotFound("no such resource: " + req.path);
  if (views == nullptr) return FailedPrecondition("this server keeps no views");
  if (rest == "status") {
    ASSIGN_OR_RETURN(auto p, Params(req, {"at"}));
    std::optional<std::string> at;
    if (auto it = p.find("at"); it != p.end()) at = it->second;
    Json out;
    RETURN_IF_ERROR(views->Read([&](ViewDb& db) -> Status {
      ASSIGN_OR_RETURN(out, ExchangeStatus(db, at));
      return Status::Ok();
    }));
    if (release_schedules) {
      Result<Json> schedules = release_schedules(at);
      AttachReleaseSchedules(out, schedules.ok() ? *schedules : Json(),
                             schedules.ok() ? "" : schedules.status().message());
    }
    return JsonOk(out, "no-cache");
  }
  // reconcile: personal data.
  RETURN_IF_ERROR(reader_status);
  if (!reader) {
    return Unauthenticated("the reconciliation shows names (personal data); authenticate as a "
                           "party entitled to both lists (POST /v1/auth/challenge)");
  }
  ASSIGN_OR_RETURN(auto p, Params(req, {"list", "against", "at", "threshold_match",
                                        "threshold_review"}));
  ReconcileOptions o;
  for (const char* required : {"list", "against"}) {
    if (!p.count(required)) return InvalidArgument(std::string(required) + " is required");
  }
  o.list = p["list"];
  o.against = p["against"];
  if (p.count("at")) o.at = p["at"];
  if (p.count("threshold_match")) {
    ASSIGN_OR_RETURN(o.match_threshold, Threshold("threshold_match", p["threshold_match"]));
  }
  if (p.count("threshold_review")) {
    ASSIGN_OR_RETURN(o.review_threshold, Threshold("threshold_review", p["threshold_review"]));
  }
  const bool role_ok = reader->role == Role::kMediator || reader->role == Role::kVerifier;
  // Load under the view lock; match after it is released (a 5,000 × 5,000 run takes ~0.6 s and
  // must not hold up other queries).
  std::shared_ptr<const ExchangeSnapshot> snapshot;
  RETURN_IF_ERROR(views->Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(snapshot, LoadExchange(db, o.at));
    return Status::Ok();
  }));
  if (!role_ok) {
    for (const std::string& list : {o.list, o.against}) {
      if (!PartyMayReadList(*snapshot, list, reader->party)) {
        return Unauthorized("party \"" + reader->party + "\" may not read every entry of list \"" +
                            list + "\" (prisoner records are personal: mediators, verifiers, "
                            "and the submitting, listing and detaining parties)");
      }
    }
  }
  ASSIGN_OR_RETURN(Json out, Reconcile(*snapshot, o));
  return JsonOk(out, "no-store");
}

}  // namespace jirga::api
