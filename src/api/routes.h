// The HTTP API of a jirga log (docs/http-api.md): submission, the tlog-tiles read API
// (c2sp.org/tlog-tiles), records, proofs and parties, over plain request/response values.
//
//   GET  /healthz                          200 "ok"
//   GET  /v1/log                           origin, log vkey, size and latest checkpoint
//   POST /v1/records                       submit one signed record; 201 once durable
//   POST /v1/records:batch[?stop_on_error=true]  up to kMaxBatchItems submissions (JSON array
//                                          or JSON Lines); 200 with per-item results
//   GET  /checkpoint                       the latest signed checkpoint (text)
//   GET  /tile/<L>/<N>[.p/<W>]             Merkle tiles (binary)
//   GET  /tile/entries/<N>[.p/<W>]         entry bundles of 128-byte leaves (binary)
//   GET  /v1/records?kind=&party=&after=&limit=
//   GET  /v1/records/{index}
//   GET  /v1/records/{index}/proof[?size=N]   c2sp.org/tlog-proof@v1 (text)
//   GET  /v1/consistency?from=M[&to=N]
//   GET  /v1/parties
//   GET  /metrics                          Prometheus text (api/metrics.h)
//   POST /v1/auth/challenge                a single-use challenge for read authentication
//   POST /v1/auth/token                    a bearer token for a signed challenge (api/auth.h)
//   GET|POST /v1/monitor/...               the violence monitor (api/monitor_routes.h)
//   GET  /v1/compliance/{status,timeline,parties}[?at=]  agreement compliance, and
//   GET  /v1/dialogue/sessions             Track 2 sessions (api/compliance_routes.h)
//
// Reading records: a record whose kind is public is served to anyone; other visibility classes
// need "Authorization: Bearer <token>" from a party allowed to see it (ReadAllowed below). No or
// a bad token: 401; a valid token of a party that may not see it: 403.
//
// Errors follow api/errors.h. A refused request changes nothing: a submission reaches the log
// only through Log::Prepare and Log::Enqueue, which append nothing they refuse.
//
// Ownership: borrows the Log (and the log key, if given), which must outlive the Api.
// Thread safety: Handle() may be called from many threads at once; a submission blocks its
// caller until the record is durable (the Log's group commit batches concurrent callers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/auth.h"
#include "api/http.h"
#include "api/rate_limit.h"
#include "api/metrics.h"
#include "api/tile_cache.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"
#include "views/view_set.h"

namespace jirga::api {

class ComplianceRoutes;

inline constexpr uint64_t kDefaultListLimit = 100;
inline constexpr uint64_t kMaxListLimit = 1000;
inline constexpr size_t kMaxBatchItems = 1000;

struct ApiOptions {
  // The log's own key. With it, proofs against any past tree size get a checkpoint signed on
  // demand; without it only sizes where a checkpoint is stored can be proved against.
  const SigningKey* log_key = nullptr;
  // Answers GET/HEAD requests that match no API route (the dashboard's files); nullopt or
  // unset: 404. Called from many threads at once.
  std::function<std::optional<HttpResponse>(const HttpRequest&)> static_files;
  // Expiry of challenges and tokens. Borrowed; must outlive the Api.
  Clock* clock = SystemClock();
  // Memory for full tiles and entry bundles served from memory (api/tile_cache.h).
  size_t tile_cache_bytes = 64 << 20;
  // Requests to POST /v1/auth/challenge and /v1/auth/token per client address: a sustained
  // rate per second and a burst (api/rate_limit.h); beyond it, 429 with Retry-After. Each token
  // exchange costs the server a signature check. 0: unlimited.
  double auth_rate_per_second = 5;
  double auth_burst = 20;
  // The views over the log, for /v1/monitor/... and /v1/exchange/... (api/monitor_routes.h,
  // api/exchange_routes.h). Borrowed; may be null.
  ViewSet* views = nullptr;
};

// Whether `reader` (nullptr: anonymous) may read a record of visibility `v` submitted by
// `record_party`:
//   public     anyone
//   parties    any registered party
//   mechanism  the operator, mediators and verifiers, and the party that submitted it
//   sealed     the verifiers and the party that submitted it
//   personal   the mediators and verifiers, and the party that submitted it
bool ReadAllowed(Visibility v, const std::string& record_party, const Reader* reader);

// Whether `reader` may read the stored record `row` of kind `spec`: ReadAllowed, and for a
// `personal` kind also the parties its body names (KindSpec::extra_readers). A redacted record
// has no content left and is readable by anyone (what remains: index, kind, party, receipt time
// and the public redaction).
bool RecordReadable(const KindSpec& spec, const StoredRecord& row, const Reader* reader);

class Api {
 public:
  Api(Log& log, ApiOptions options);
  ~Api();

  // Answers one request. Never throws: an unexpected exception becomes a 500 response.
  HttpResponse Handle(const HttpRequest& request) const noexcept;

  // Counts a response for GET /metrics under its route pattern. The HTTP server calls it for
  // every response it sends, including those it made itself (malformed requests, 413s).
  void CountResponse(const std::string& method, const std::string& path, int status) const;

 private:
  struct Args;
  using Handler = Result<HttpResponse> (Api::*)(const HttpRequest&, const Args&) const;
  struct Route;
  static const Route kRoutes[];

  Result<HttpResponse> Dispatch(const HttpRequest& request) const;

  Result<HttpResponse> Healthz(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetLogInfo(const HttpRequest&, const Args&) const;
  Result<HttpResponse> SubmitRecord(const HttpRequest&, const Args&) const;
  Result<HttpResponse> SubmitBatch(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetCheckpoint(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetTile(const HttpRequest&, const Args&) const;
  Result<HttpResponse> ListRecords(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetRecord(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetProof(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetConsistency(const HttpRequest&, const Args&) const;
  Result<HttpResponse> ListParties(const HttpRequest&, const Args&) const;
  Result<HttpResponse> GetMetrics(const HttpRequest&, const Args&) const;
  Result<HttpResponse> NewChallenge(const HttpRequest&, const Args&) const;
  Result<HttpResponse> IssueToken(const HttpRequest&, const Args&) const;
  // /v1/monitor/*: the violence monitor (api/monitor_routes.h).
  Result<HttpResponse> Monitor(const HttpRequest&, const Args&) const;
  // /v1/compliance/* and /v1/dialogue/* (api/compliance_routes.h).
  Result<HttpResponse> Compliance(const HttpRequest&, const Args&) const;
  Result<HttpResponse> Dialogue(const HttpRequest&, const Args&) const;
  // /v1/exchange/*: the prisoner exchange (api/exchange_routes.h).
  Result<HttpResponse> Exchange(const HttpRequest&, const Args&) const;

  // The authenticated reader of a request: nullopt without an Authorization header,
  // Unauthenticated for a bad one.
  Result<std::optional<Reader>> ReaderOf(const HttpRequest& request) const;
  // OK if `reader` may read the record; Unauthenticated (anonymous) or Unauthorized otherwise.
  Status CheckReadable(const StoredRecord& row, const std::optional<Reader>& reader) const;
  // A 429 response if the client has used up its authentication rate, else nullopt.
  std::optional<HttpResponse> AuthRateLimited(const HttpRequest& request) const;
  // The size of the latest checkpoint (what a reader can verify against).
  Result<uint64_t> CheckpointSize() const;

  Log& log_;
  const ApiOptions options_;
  const std::unique_ptr<TokenAuthority> auth_;  // thread-safe itself
  const std::unique_ptr<Metrics> metrics_;      // thread-safe itself
  const std::unique_ptr<TileCache> tiles_;      // thread-safe itself
  const std::unique_ptr<RateLimiter> auth_limit_;  // thread-safe itself
  const std::unique_ptr<ComplianceRoutes> compliance_;  // thread-safe itself
};

}  // namespace jirga::api
