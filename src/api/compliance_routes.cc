// The /v1/compliance/... and /v1/dialogue/... routes, with their per-(tree size, day) cache (see
// compliance_routes.h).
#include "api/compliance_routes.h"
#include "api/json_response.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string_view>
#include <utility>

#include "compliance/report.h"

namespace jirga::api {
namespace {

using compliance::Date;

// Answers change with every append and every day; let caches revalidate.
HttpResponse JsonOk(const Json& body) { return JsonResponse(200, body, "no-cache"); }

// Refuses parameters other than `allowed` and any given twice.
Status OnlyParams(const HttpRequest& req, std::initializer_list<std::string_view> allowed) {
  std::set<std::string_view> seen;
  for (const auto& [name, value] : req.query) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return InvalidArgument("unknown query parameter \"" + name.substr(0, 100) + "\"");
    }
    if (!seen.insert(name).second) {
      return InvalidArgument("query parameter \"" + name + "\" given more than once");
    }
  }
  return Status::Ok();
}

// ?at=YYYY-MM-DD, else today (UTC).
Result<Date> AtParam(const HttpRequest& req, const Clock& clock) {
  RETURN_IF_ERROR(OnlyParams(req, {"at"}));
  for (const auto& [name, value] : req.query) {
    if (name != "at") continue;
    auto d = compliance::ParseDate(value);
    if (!d.ok()) return InvalidArgument("at: " + d.status().message());
    return *d;
  }
  return compliance::DateOfMicros(clock.NowMicros());
}

}  // namespace

ComplianceRoutes::ComplianceRoutes(Log& log, Clock* clock, size_t max_evaluations)
    : log_(log), clock_(clock), max_evaluations_(max_evaluations == 0 ? 1 : max_evaluations) {}

ComplianceRoutes::Counts ComplianceRoutes::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

Result<std::shared_ptr<const compliance::LogSource>> ComplianceRoutes::Source(uint64_t size) {
  auto cached = [&]() -> std::shared_ptr<const compliance::LogSource> {
    std::lock_guard<std::mutex> lock(mu_);
    return source_ != nullptr && size_ >= size ? source_ : nullptr;
  };
  if (auto hit = cached()) return hit;
  // One scan at a time: a request that waited here finds what the one before it read.
  std::lock_guard<std::mutex> scanning(scan_mu_);
  if (auto hit = cached()) return hit;
  ASSIGN_OR_RETURN(compliance::LogSource read, compliance::ReadLogSource(log_.store()));
  auto src = std::make_shared<const compliance::LogSource>(std::move(read));
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_.scans;
  // Keep it unless a request has meanwhile kept a read of a larger tree.
  if (source_ == nullptr || size >= size_) {
    if (size != size_) evals_.clear();
    size_ = size;
    source_ = src;
  }
  return src;
}

Result<std::shared_ptr<const ComplianceRoutes::Clauses>> ComplianceRoutes::Evaluate(Date at) {
  const uint64_t size = log_.Size();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (source_ != nullptr && size_ == size) {
      for (auto it = evals_.begin(); it != evals_.end(); ++it) {
        if (it->at == at) {
          evals_.splice(evals_.begin(), evals_, it);
          return evals_.front().clauses;
        }
      }
    }
  }
  ASSIGN_OR_RETURN(auto src, Source(size));
  auto evaluated = compliance::EvaluateSource(*src, at);
  if (!evaluated.ok()) {
    // The request was fine; the log's commitments are not (docs/compliance.md §3).
    if (evaluated.status().code() == StatusCode::kInvalidArgument) {
      return FailedPrecondition("the log's commitments cannot be evaluated on " +
                                compliance::FormatDate(at) + ": " +
                                evaluated.status().message());
    }
    return evaluated.status();
  }
  auto clauses = std::make_shared<const Clauses>(std::move(*evaluated));
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_.evaluations;
  if (size_ == size) {
    evals_.push_front(Evaluation{at, clauses});
    while (evals_.size() > max_evaluations_) evals_.pop_back();
  }
  return clauses;
}

Result<Json> ComplianceRoutes::ReleaseSchedules(Date at) {
  ASSIGN_OR_RETURN(auto clauses, Evaluate(at));
  // The records read for the current size or later: they hold every clause evaluated above.
  ASSIGN_OR_RETURN(auto src, Source(log_.Size()));
  return compliance::ReleaseSchedulesJson(*src, *clauses);
}

Result<HttpResponse> ComplianceRoutes::Compliance(const HttpRequest& req,
                                                  const std::string& rest) {
  if (rest != "status" && rest != "timeline" && rest != "parties") {
    return NotFound("no such resource: " + req.path +
                    " (compliance has status, timeline and parties)");
  }
  ASSIGN_OR_RETURN(Date at, AtParam(req, *clock_));
  ASSIGN_OR_RETURN(auto clauses, Evaluate(at));
  if (rest == "status") return JsonOk(compliance::StatusListJson(*clauses));
  if (rest == "timeline") return JsonOk(compliance::TimelineListJson(*clauses));
  return JsonOk(compliance::PartySummaryJson(*clauses));
}

Result<HttpResponse> ComplianceRoutes::Dialogue(const HttpRequest& req, const std::string& rest) {
  if (rest != "sessions") {
    return NotFound("no such resource: " + req.path + " (dialogue has sessions)");
  }
  RETURN_IF_ERROR(OnlyParams(req, {}));
  ASSIGN_OR_RETURN(auto src, Source(log_.Size()));
  return JsonOk(compliance::SessionListJson(*src));
}

}  // namespace jirga::api
