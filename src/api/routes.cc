// The API's routes: matching a request to a handler, and each handler over the Log and Store.
//
// Record contents are served according to their kind's visibility class and the authenticated
// reader (api/auth.h); leaves, tiles, checkpoints and proofs reveal only hashes and signatures
// and are always public.
#include "api/routes.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <initializer_list>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "api/compliance_routes.h"
#include "api/json_response.h"
#include "api/errors.h"
#include "api/exchange_routes.h"
#include "api/monitor_routes.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "base/json.h"
#include "ledger/note.h"
#include "ledger/prove.h"
#include "ledger/record.h"
#include "ledger/redaction.h"
#include "ledger/tiles.h"
#include "ledger/tlog_proof.h"

namespace jirga::api {

struct Api::Args {
  std::string segment;  // the "{index}" path segment, or the rest of the path after "*"
};

struct Api::Route {
  std::string_view method;
  std::string_view pattern;  // "/v1/records/{index}/proof"; "*" as last segment matches the rest
  Handler handler;
};

const Api::Route Api::kRoutes[] = {
    {"GET", "/healthz", &Api::Healthz},
    {"GET", "/v1/log", &Api::GetLogInfo},
    {"POST", "/v1/records", &Api::SubmitRecord},
    {"POST", "/v1/records:batch", &Api::SubmitBatch},
    {"GET", "/v1/records", &Api::ListRecords},
    {"GET", "/v1/records/{index}", &Api::GetRecord},
    {"GET", "/v1/records/{index}/proof", &Api::GetProof},
    {"GET", "/v1/consistency", &Api::GetConsistency},
    {"GET", "/v1/parties", &Api::ListParties},
    {"POST", "/v1/auth/challenge", &Api::NewChallenge},
    {"POST", "/v1/auth/token", &Api::IssueToken},
    {"GET", "/metrics", &Api::GetMetrics},
    {"GET", "/checkpoint", &Api::GetCheckpoint},
    {"GET", "/tile/*", &Api::GetTile},
    // The monitor's routes check the method themselves (GET for queries, POST for imported).
    {"GET", "/v1/monitor/*", &Api::Monitor},
    {"POST", "/v1/monitor/*", &Api::Monitor},
    {"GET", "/v1/compliance/*", &Api::Compliance},
    {"GET", "/v1/dialogue/*", &Api::Dialogue},
    // The prisoner exchange's routes (api/exchange_routes.h); reconcile needs a token.
    {"GET", "/v1/exchange/*", &Api::Exchange},
};

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// Takes the next '/'-separated segment off the front of `rest` (which has no leading '/');
// false when none is left. "/" has one, empty, segment.
bool NextSegment(std::string_view* rest, bool* done, std::string_view* segment) {
  if (*done) return false;
  size_t slash = rest->find('/');
  *segment = rest->substr(0, slash);
  if (slash == std::string_view::npos) {
    *done = true;
  } else {
    rest->remove_prefix(slash + 1);
  }
  return true;
}

// Whether `path` matches `pattern`; fills the captured segment. Walks both without allocating:
// every request and every counted response goes through here for each route.
bool Match(std::string_view pattern, std::string_view path, std::string* captured) {
  std::string_view want_rest = pattern, got_rest = path;
  if (!want_rest.empty() && want_rest.front() == '/') want_rest.remove_prefix(1);
  if (!got_rest.empty() && got_rest.front() == '/') got_rest.remove_prefix(1);
  bool want_done = false, got_done = false;
  std::string_view want, got;
  while (NextSegment(&want_rest, &want_done, &want)) {
    const std::string_view got_from_here = got_rest;
    if (!NextSegment(&got_rest, &got_done, &got)) return false;
    if (want == "*") {
      // Everything from this segment on, slashes included.
      *captured = std::string(got_from_here);
      return !captured->empty();
    }
    if (want == "{index}") {
      if (got.empty()) return false;
      *captured = std::string(got);
    } else if (want != got) {
      return false;
    }
  }
  return got_done;
}

HttpResponse TextResponse(std::string body) {
  HttpResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

// Refuses query parameters other than `allowed`, and any given twice.
Status OnlyParams(const HttpRequest& req, std::initializer_list<std::string_view> allowed) {
  std::set<std::string_view> seen;
  for (const auto& [name, value] : req.query) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return InvalidArgument("unknown query parameter \"" + name + "\"");
    }
    if (!seen.insert(name).second) {
      return InvalidArgument("query parameter \"" + name + "\" given more than once");
    }
  }
  return Status::Ok();
}

const std::string* Param(const HttpRequest& req, std::string_view name) {
  for (const auto& [n, v] : req.query) {
    if (n == name) return &v;
  }
  return nullptr;
}

// A canonical decimal: ASCII digits, no sign, no leading zero unless "0", at most 2^64 - 1.
Result<uint64_t> ParseDecimal(std::string_view what, std::string_view text) {
  auto bad = [&] {
    return InvalidArgument(std::string(what) + " must be a decimal integer without leading "
                           "zeros, not \"" + std::string(text) + "\"");
  };
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return bad();
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return bad();
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return bad();
    v = v * 10 + d;
  }
  return v;
}

Result<std::optional<uint64_t>> OptionalDecimalParam(const HttpRequest& req,
                                                     std::string_view name) {
  const std::string* v = Param(req, name);
  if (v == nullptr) return std::optional<uint64_t>();
  ASSIGN_OR_RETURN(uint64_t n, ParseDecimal(name, *v));
  return std::optional<uint64_t>(n);
}

// A required string member of a JSON object.
Result<std::string> StringMember(const Json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) return InvalidArgument(std::string(name) + " is required");
  if (!it->is_string()) {
    return InvalidArgument(std::string(name) + " must be a string, not " +
                           std::string(JsonTypeName(*it)));
  }
  return it->get<std::string>();
}

// A base64 member that must decode to exactly `size` bytes (any size when 0).
Result<std::string> Base64Member(const Json& obj, const char* name, size_t size) {
  ASSIGN_OR_RETURN(std::string text, StringMember(obj, name));
  auto bytes = Base64Decode(text);
  if (!bytes.ok()) return bytes.status().WithContext(std::string(name) + ": invalid base64");
  if (size != 0 && bytes->size() != size) {
    return InvalidArgument(std::string(name) + " must be " + std::to_string(size) +
                           " bytes, not " + std::to_string(bytes->size()));
  }
  return std::move(*bytes);
}

// The submission object {"record","salt","sig","key"} of POST /v1/records (and of each item of
// a batch).
Result<Submission> ParseSubmission(const Json& body) {
  if (!body.is_object()) {
    return InvalidArgument("a submission must be a JSON object with record, salt, sig and key, "
                           "not " + std::string(JsonTypeName(body)));
  }
  for (const auto& item : body.items()) {
    const std::string& k = item.key();
    if (k != "record" && k != "salt" && k != "sig" && k != "key") {
      return InvalidArgument("unknown field \"" + k + "\" (expected record, salt, sig, key)");
    }
  }
  Submission sub;
  ASSIGN_OR_RETURN(sub.record, Base64Member(body, "record", 0));
  if (sub.record.size() > kMaxRecordBytes) {
    return ResourceExhausted("record is " + std::to_string(sub.record.size()) +
                             " bytes; the limit is " + std::to_string(kMaxRecordBytes));
  }
  ASSIGN_OR_RETURN(sub.salt, Base64Member(body, "salt", kSaltSize));
  ASSIGN_OR_RETURN(std::string sig, Base64Member(body, "sig", sub.sig.size()));
  std::copy(sig.begin(), sig.end(), sub.sig.begin());
  ASSIGN_OR_RETURN(std::string vkey, StringMember(body, "key"));
  auto key = ParseVkey(vkey);
  if (!key.ok()) return key.status().WithContext("key");
  sub.pub = key->pub;
  return sub;
}

// Whether a refusal of Log::Prepare was for the signature itself (422), rather than for who may
// submit (403, decided by the writer) — both are Unauthorized statuses.
bool IsBadSignature(const Status& status, const Submission& sub) {
  return status.code() == StatusCode::kUnauthorized &&
         !VerifySignature(sub.pub, RecordSigningMessage(ComputeCommitment(sub.salt, sub.record)),
                          sub.sig);
}

// The per-item error of a batch: the same code and message the single route would answer.
Json ItemError(const Status& status, bool bad_signature) {
  return Json{{"status", bad_signature ? 422 : HttpStatusFor(status)},
              {"error",
               {{"code", bad_signature ? std::string("bad_signature")
                                       : std::string(ErrorCodeFor(status))},
                {"message", status.message()}}}};
}

int64_t MicrosSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

Json AppendedJson(const Appended& a) {
  Json out = {{"index", a.index},
              {"leaf", Base64Encode(a.leaf)},
              {"leaf_hash", HashHex(a.leaf_hash)}};
  if (a.duplicate) out["duplicate"] = true;
  return out;
}

// The JSON form of a stored record: both the party's time (signed, inside the record) and the
// log's receipt time (not signed by the party). A redacted record has no record, salt or time,
// but says which redaction erased it and why.
Result<Json> RecordJson(Store& store, const StoredRecord& row, const std::string& leaf) {
  if (row.redacted_by != 0) {
    ASSIGN_OR_RETURN(StoredRecord by, store.GetRecord(row.redacted_by));
    auto rec = ParseRecord(by.record);
    auto redaction = rec.ok() ? ParseRedactionBody(rec->body) : Result<Redaction>(rec.status());
    if (!redaction.ok()) {
      return Corruption("record " + std::to_string(row.index) + " is marked redacted by record " +
                        std::to_string(row.redacted_by) + ", which is not a valid redaction");
    }
    return Json{{"index", row.index},
                {"kind", row.kind},
                {"party", row.party},
                {"received", FormatRfc3339(row.received_micros)},
                {"redacted", {{"by", row.redacted_by}, {"reason", redaction->reason}}},
                {"leaf", Base64Encode(leaf)},
                {"leaf_hash", HashHex(LeafHash(leaf))}};
  }
  auto parsed = ParseRecord(row.record);
  if (!parsed.ok()) {
    return Corruption("record " + std::to_string(row.index) +
                      " no longer parses: " + parsed.status().message());
  }
  return Json{{"index", row.index},
              {"kind", row.kind},
              {"party", row.party},
              {"time", parsed->time},
              {"received", FormatRfc3339(row.received_micros)},
              {"record", Base64Encode(row.record)},
              {"salt", Base64Encode(row.salt)},
              {"leaf", Base64Encode(leaf)},
              {"leaf_hash", HashHex(LeafHash(leaf))}};
}

}  // namespace

bool ReadAllowed(Visibility v, const std::string& record_party, const Reader* reader) {
  if (v == Visibility::kPublic) return true;
  if (reader == nullptr) return false;
  const bool own = reader->party == record_party;
  switch (v) {
    case Visibility::kPublic: return true;
    case Visibility::kParties: return true;
    case Visibility::kMechanism:
      return own || reader->role == Role::kOperator || reader->role == Role::kMediator ||
             reader->role == Role::kVerifier;
    case Visibility::kSealed: return own || reader->role == Role::kVerifier;
    case Visibility::kPersonal:
      return own || reader->role == Role::kMediator || reader->role == Role::kVerifier;
  }
  return false;
}

bool RecordReadable(const KindSpec& spec, const StoredRecord& row, const Reader* reader) {
  if (row.redacted_by != 0) return true;  // nothing of the content is left to protect
  if (ReadAllowed(spec.visibility, row.party, reader)) return true;
  if (spec.visibility != Visibility::kPersonal || reader == nullptr || !spec.extra_readers) {
    return false;
  }
  auto rec = ParseRecord(row.record);
  if (!rec.ok()) return false;
  for (const std::string& named : spec.extra_readers(rec->body)) {
    if (named == reader->party) return true;
  }
  return false;
}

Api::Api(Log& log, ApiOptions options)
    : log_(log),
      options_(options),
      auth_(std::make_unique<TokenAuthority>(log.origin(), options.clock)),
      metrics_(std::make_unique<Metrics>()),
      tiles_(std::make_unique<TileCache>(options.tile_cache_bytes)),
      auth_limit_(std::make_unique<RateLimiter>(options.clock, options.auth_rate_per_second,
                                                options.auth_burst)),
      compliance_(std::make_unique<ComplianceRoutes>(log, options.clock)) {}

Api::~Api() = default;

void Api::CountResponse(const std::string& method, const std::string& path, int status) const {
  std::string_view route = "other";
  std::string captured;
  for (const Route& r : kRoutes) {
    if (Match(r.pattern, path, &captured)) {
      route = r.pattern;
      break;
    }
  }
  if (route == "other" && (method == "GET" || method == "HEAD") && status < 400 &&
      options_.static_files) {
    route = "static";
  }
  // Methods are counted as sent only when they are ones HTTP defines, so a client cannot grow
  // the label set without bound.
  static constexpr std::string_view kMethods[] = {"GET",    "HEAD",    "POST",  "PUT",
                                                  "DELETE", "OPTIONS", "PATCH", "TRACE",
                                                  "CONNECT"};
  std::string_view m = "other";
  for (std::string_view known : kMethods) {
    if (method == known) m = known;
  }
  metrics_->CountRequest(route, m, status);
}

HttpResponse Api::Handle(const HttpRequest& request) const noexcept {
  try {
    Result<HttpResponse> r = Dispatch(request);
    if (!r.ok()) return ErrorResponse(r.status());
    return std::move(*r);
  } catch (const std::exception& e) {
    return ErrorResponse(Internal(std::string("unexpected exception: ") + e.what()));
  } catch (...) {
    return ErrorResponse(Internal("unexpected exception"));
  }
}

Result<HttpResponse> Api::Dispatch(const HttpRequest& req) const {
  // HEAD is GET without the body (the HTTP layer drops it).
  std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  std::string allow;
  for (const Route& route : kRoutes) {
    Args args;
    if (!Match(route.pattern, req.path, &args.segment)) continue;
    if (route.method == method) return (this->*route.handler)(req, args);
    if (!allow.empty()) allow += ", ";
    allow += route.method;
    if (route.method == "GET") allow += ", HEAD";
  }
  if (!allow.empty()) {
    return MethodNotAllowedResponse(allow, req.method + " is not allowed on " + req.path +
                                               " (allowed: " + allow + ")");
  }
  if (method == "GET" && options_.static_files) {
    if (std::optional<HttpResponse> r = options_.static_files(req)) return std::move(*r);
  }
  return NotFound("no such resource: " + req.path);
}

Result<std::optional<Reader>> Api::ReaderOf(const HttpRequest& req) const {
  if (req.authorization.empty()) return std::optional<Reader>();
  constexpr std::string_view kBearer = "Bearer ";
  if (req.authorization.size() <= kBearer.size() ||
      req.authorization.compare(0, kBearer.size(), kBearer) != 0) {
    return Unauthenticated("the Authorization header must be \"Bearer <token>\" (see POST "
                           "/v1/auth/challenge)");
  }
  ASSIGN_OR_RETURN(Reader reader, auth_->Authenticate(
                                      std::string_view(req.authorization).substr(kBearer.size()),
                                      log_.Parties()));
  return std::optional<Reader>(std::move(reader));
}

Status Api::CheckReadable(const StoredRecord& row, const std::optional<Reader>& reader) const {
  const KindSpec* spec = log_.kinds().Find(row.kind);
  if (spec == nullptr) {
    return Unauthorized("record " + std::to_string(row.index) + " is of kind \"" + row.kind +
                        "\", unknown to this server, so it is not served");
  }
  if (RecordReadable(*spec, row, reader ? &*reader : nullptr)) return Status::Ok();
  const std::string what = "record " + std::to_string(row.index) + " is of kind \"" + row.kind +
                           "\" with visibility \"" +
                           std::string(VisibilityName(spec->visibility)) + "\"";
  if (!reader) return Unauthenticated(what + "; authenticate as a party to read it");
  return Unauthorized(what + "; party \"" + reader->party + "\" may not read it");
}

Result<uint64_t> Api::CheckpointSize() const {
  ASSIGN_OR_RETURN(std::string note, log_.LatestCheckpoint());
  ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(parsed.text));
  return cp.size;
}

Result<HttpResponse> Api::Healthz(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  HttpResponse r = TextResponse("ok\n");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<HttpResponse> Api::SubmitRecord(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  auto parsed = ParseJsonStrict(req.body);
  if (!parsed.ok()) return parsed.status().WithContext("request body");
  ASSIGN_OR_RETURN(Submission sub, ParseSubmission(*parsed));
  auto prepared = log_.Prepare(sub);
  if (!prepared.ok()) {
    if (IsBadSignature(prepared.status(), sub)) {
      return BadSignatureResponse(prepared.status().message());
    }
    return prepared.status();
  }
  const auto start = std::chrono::steady_clock::now();
  Result<Appended> result = log_.Enqueue(std::move(*prepared)).get();
  metrics_->ObserveAppendMicros(MicrosSince(start));
  ASSIGN_OR_RETURN(Appended appended, std::move(result));
  HttpResponse r = JsonResponse(appended.duplicate ? 200 : 201, AppendedJson(appended));
  r.headers.emplace_back("Location", "/v1/records/" + std::to_string(appended.index));
  return r;
}

Result<HttpResponse> Api::SubmitBatch(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {"stop_on_error"}));
  bool stop_on_error = false;
  if (const std::string* v = Param(req, "stop_on_error")) {
    if (*v != "true" && *v != "false") {
      return InvalidArgument("stop_on_error must be true or false, not \"" + *v + "\"");
    }
    stop_on_error = *v == "true";
  }
  // A JSON array of submissions, or JSON Lines (one submission per line; blank lines skipped).
  std::vector<Json> items;
  const size_t first = req.body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && req.body[first] == '[') {
    auto parsed = ParseJsonStrict(req.body);
    if (!parsed.ok()) return parsed.status().WithContext("request body");
    if (parsed->size() > kMaxBatchItems) {
      return ResourceExhausted("a batch holds at most " + std::to_string(kMaxBatchItems) +
                               " submissions, not " + std::to_string(parsed->size()));
    }
    for (auto& item : *parsed) items.push_back(std::move(item));
  } else {
    size_t pos = 0, line = 0;
    while (pos < req.body.size()) {
      size_t end = req.body.find('\n', pos);
      if (end == std::string::npos) end = req.body.size();
      std::string_view text(req.body.data() + pos, end - pos);
      ++line;
      pos = end + 1;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (items.size() == kMaxBatchItems) {
        return ResourceExhausted("a batch holds at most " + std::to_string(kMaxBatchItems) +
                                 " submissions");
      }
      auto parsed = ParseJsonStrict(text);
      if (!parsed.ok()) {
        return parsed.status().WithContext("request body line " + std::to_string(line));
      }
      items.push_back(std::move(*parsed));
    }
  }
  if (items.empty()) return InvalidArgument("the batch holds no submissions");

  // Each item is checked on its own; the valid ones are enqueued together so they share the
  // writer's batches. With stop_on_error, the items form one group: after the first refusal
  // (here or by the writer) nothing later is appended.
  const uint64_t group = stop_on_error ? log_.NewGroup() : 0;
  std::vector<Json> results(items.size());
  std::vector<std::pair<size_t, std::future<Result<Appended>>>> pending;
  bool stopped = false;
  for (size_t i = 0; i < items.size(); ++i) {
    if (stopped) {
      results[i] = ItemError(FailedPrecondition("not appended: an earlier item of the batch "
                                                "was refused"), false);
      continue;
    }
    auto sub = ParseSubmission(items[i]);
    if (!sub.ok()) {
      results[i] = ItemError(sub.status(), false);
      stopped = stop_on_error;
      continue;
    }
    auto prepared = log_.Prepare(*sub);
    if (!prepared.ok()) {
      results[i] = ItemError(prepared.status(), IsBadSignature(prepared.status(), *sub));
      stopped = stop_on_error;
      continue;
    }
    prepared->group = group;
    pending.emplace_back(i, log_.Enqueue(std::move(*prepared)));
  }
  const auto start = std::chrono::steady_clock::now();
  for (auto& [i, future] : pending) {
    Result<Appended> appended = future.get();
    metrics_->ObserveAppendMicros(MicrosSince(start));
    if (appended.ok()) {
      results[i] = AppendedJson(*appended);
      results[i]["status"] = appended->duplicate ? 200 : 201;
    } else {
      results[i] = ItemError(appended.status(), false);
    }
  }
  Json list = Json::array();
  for (auto& r : results) list.push_back(std::move(r));
  return JsonResponse(200, Json{{"results", std::move(list)}});
}

Result<HttpResponse> Api::GetLogInfo(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  ASSIGN_OR_RETURN(std::string note, log_.LatestCheckpoint());
  ASSIGN_OR_RETURN(uint64_t size, CheckpointSize());
  HttpResponse r = JsonResponse(200, Json{{"origin", log_.origin()},
                                          {"vkey", log_.log_vkey().ToVkey()},
                                          {"size", size},
                                          {"checkpoint", note}});
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

Result<HttpResponse> Api::GetCheckpoint(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  ASSIGN_OR_RETURN(std::string note, log_.LatestCheckpoint());
  HttpResponse r = TextResponse(std::move(note));
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

Result<HttpResponse> Api::GetTile(const HttpRequest& req, const Args& args) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  ASSIGN_OR_RETURN(TileRef ref, ParseTilePath("tile/" + args.segment));
  // Tiles are cut from the tree of the published size: every node below it is durable.
  const uint64_t size = log_.Size();
  const uint32_t exists = TileWidth(ref.level, ref.index, size);
  // A tile of width W holds the first W hashes of its run; those never change, so any width up
  // to what exists now can be served (a partial tile stays valid after the tile has grown).
  if (exists == 0 || ref.width > exists) {
    return NotFound("tile " + std::string(req.path) + " does not exist at tree size " +
                    std::to_string(size) +
                    (exists == 0 ? std::string()
                                 : " (it is " + std::to_string(exists) + " wide)"));
  }
  const uint64_t begin = ref.index * kTileWidth;
  // Full tiles never change, so they are served from memory once read.
  const bool full = ref.width == kTileWidth;
  const TileCache::Key key{ref.entries, ref.level, ref.index};
  std::shared_ptr<const std::string> cached = full ? tiles_->Get(key) : nullptr;
  HttpResponse r;
  if (cached != nullptr) {
    r.body = *cached;
  } else {
    std::string data;
    if (ref.entries) {
      ASSIGN_OR_RETURN(auto leaves, log_.store().GetLeaves(begin, begin + ref.width));
      data = EncodeEntryBundle(leaves);
    } else {
      ASSIGN_OR_RETURN(auto nodes,
                       log_.store().GetNodes(kTileHeight * ref.level, begin, begin + ref.width));
      data.reserve(nodes.size() * 32);
      for (const Hash& h : nodes) data.append(AsBytes(h));
    }
    if (full) tiles_->Put(key, std::make_shared<const std::string>(data));
    r.body = std::move(data);
  }
  r.content_type = "application/octet-stream";
  r.headers.emplace_back("Cache-Control", std::string(kImmutable));
  return r;
}

Result<HttpResponse> Api::ListRecords(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {"kind", "party", "after", "limit"}));
  ASSIGN_OR_RETURN(std::optional<Reader> reader, ReaderOf(req));
  RecordFilter filter;
  if (const std::string* kind = Param(req, "kind"); kind != nullptr && !kind->empty()) {
    RETURN_IF_ERROR(ValidateIdentifier("kind", *kind));
    const KindSpec* spec = log_.kinds().Find(*kind);
    if (spec == nullptr) return InvalidArgument("unknown record kind \"" + *kind + "\"");
    if (spec->visibility != Visibility::kPublic && !reader) {
      return Unauthenticated("records of kind \"" + *kind + "\" are not public; authenticate "
                             "as a party to list them");
    }
    filter.kind = *kind;
  }
  if (const std::string* party = Param(req, "party"); party != nullptr && !party->empty()) {
    RETURN_IF_ERROR(ValidateIdentifier("party", *party));
    filter.party = *party;
  }
  ASSIGN_OR_RETURN(auto after, OptionalDecimalParam(req, "after"));
  ASSIGN_OR_RETURN(auto limit_param, OptionalDecimalParam(req, "limit"));
  const uint64_t limit = limit_param.value_or(kDefaultListLimit);
  if (limit == 0 || limit > kMaxListLimit) {
    return InvalidArgument("limit must be 1.." + std::to_string(kMaxListLimit));
  }
  filter.after = after.value_or(0);
  // Only records below the published size: their leaves are covered by a checkpoint.
  const uint64_t size = log_.Size();
  Json records = Json::array();
  std::optional<uint64_t> next;
  Status st;
  RETURN_IF_ERROR(log_.store().ScanRecords(filter, [&](const StoredRecord& row) {
    if (row.index >= size) return false;
    // Records the reader may not see are skipped, never shown.
    const KindSpec* spec = log_.kinds().Find(row.kind);
    if (spec == nullptr || !RecordReadable(*spec, row, reader ? &*reader : nullptr)) {
      return true;
    }
    if (records.size() == limit) {
      next = row.index;
      return false;
    }
    auto leaf = log_.store().GetLeaf(row.index);
    if (!leaf.ok()) {
      st = leaf.status();
      return false;
    }
    auto json = RecordJson(log_.store(), row, *leaf);
    if (!json.ok()) {
      st = json.status();
      return false;
    }
    records.push_back(std::move(*json));
    return true;
  }));
  RETURN_IF_ERROR(st);
  Json out = {{"records", std::move(records)}, {"next", nullptr}};
  if (next) out["next"] = *next;
  return JsonResponse(200, out);
}

Result<HttpResponse> Api::GetRecord(const HttpRequest& req, const Args& args) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  ASSIGN_OR_RETURN(uint64_t index, ParseDecimal("index", args.segment));
  const uint64_t size = log_.Size();
  if (index >= size) {
    return NotFound("no record at index " + std::to_string(index) + " (log size " +
                    std::to_string(size) + ")");
  }
  ASSIGN_OR_RETURN(std::optional<Reader> reader, ReaderOf(req));
  ASSIGN_OR_RETURN(StoredRecord row, log_.store().GetRecord(index));
  RETURN_IF_ERROR(CheckReadable(row, reader));
  ASSIGN_OR_RETURN(std::string leaf, log_.store().GetLeaf(index));
  ASSIGN_OR_RETURN(Json json, RecordJson(log_.store(), row, leaf));
  return JsonResponse(200, json);
}

Result<HttpResponse> Api::GetProof(const HttpRequest& req, const Args& args) const {
  RETURN_IF_ERROR(OnlyParams(req, {"size"}));
  ASSIGN_OR_RETURN(uint64_t index, ParseDecimal("index", args.segment));
  const uint64_t log_size = log_.Size();
  if (index >= log_size) {
    return NotFound("no record at index " + std::to_string(index) + " (log size " +
                    std::to_string(log_size) + ")");
  }
  ASSIGN_OR_RETURN(auto size_param, OptionalDecimalParam(req, "size"));
  uint64_t size = 0;
  if (size_param) {
    size = *size_param;
  } else {
    ASSIGN_OR_RETURN(size, CheckpointSize());
  }
  // The proof shows only the leaf (public), never the record, so it needs no visibility check.
  ASSIGN_OR_RETURN(TlogProof proof, MakeInclusionProof(log_, index, size, options_.log_key));
  return TextResponse(FormatTlogProof(proof));
}

Result<HttpResponse> Api::GetConsistency(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {"from", "to"}));
  ASSIGN_OR_RETURN(auto from, OptionalDecimalParam(req, "from"));
  if (!from) return InvalidArgument("the query parameter \"from\" is required");
  ASSIGN_OR_RETURN(auto to_param, OptionalDecimalParam(req, "to"));
  uint64_t to = 0;
  if (to_param) {
    to = *to_param;
  } else {
    ASSIGN_OR_RETURN(to, CheckpointSize());
  }
  ASSIGN_OR_RETURN(auto hashes, log_.ConsistencyProof(*from, to));
  Json list = Json::array();
  for (const Hash& h : hashes) list.push_back(Base64Encode(AsBytes(h)));
  return JsonResponse(200, Json{{"from", *from}, {"to", to}, {"hashes", std::move(list)}});
}

Result<HttpResponse> Api::ListParties(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  return JsonResponse(200, log_.Parties().ToJson());  // the same shape as `jirga party list`
}

Result<HttpResponse> Api::GetMetrics(const HttpRequest& req, const Args&) const {
  RETURN_IF_ERROR(OnlyParams(req, {}));
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_->Render(log_);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::optional<HttpResponse> Api::AuthRateLimited(const HttpRequest& req) const {
  const int64_t wait_micros = auth_limit_->Acquire(req.remote);
  if (wait_micros == 0) return std::nullopt;
  const int64_t seconds = (wait_micros + 999'999) / 1'000'000;
  return TooManyRequestsResponse(seconds, "too many authentication requests from " + req.remote +
                                              "; retry in " + std::to_string(seconds) + " s");
}

Result<HttpResponse> Api::NewChallenge(const HttpRequest& req, const Args&) const {
  if (auto limited = AuthRateLimited(req)) return std::move(*limited);
  RETURN_IF_ERROR(OnlyParams(req, {}));
  if (!req.body.empty()) return InvalidArgument("POST /v1/auth/challenge takes no body");
  Challenge c = auth_->NewChallenge();
  HttpResponse r = JsonResponse(
      200, Json{{"challenge", c.text}, {"expires", FormatRfc3339(c.expires_micros)}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<HttpResponse> Api::IssueToken(const HttpRequest& req, const Args&) const {
  if (auto limited = AuthRateLimited(req)) return std::move(*limited);
  RETURN_IF_ERROR(OnlyParams(req, {}));
  auto parsed = ParseJsonStrict(req.body);
  if (!parsed.ok()) return parsed.status().WithContext("request body");
  const Json& body = *parsed;
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object");
  for (const auto& item : body.items()) {
    if (item.key() != "key" && item.key() != "challenge" && item.key() != "sig") {
      return InvalidArgument("unknown field \"" + item.key() + "\" (expected key, challenge, sig)");
    }
  }
  ASSIGN_OR_RETURN(std::string key, StringMember(body, "key"));
  ASSIGN_OR_RETURN(std::string challenge, StringMember(body, "challenge"));
  ASSIGN_OR_RETURN(std::string sig, StringMember(body, "sig"));
  ASSIGN_OR_RETURN(Token token, auth_->Exchange(key, challenge, sig, log_.Parties()));
  HttpResponse r = JsonResponse(200, Json{{"token", token.text},
                                          {"party", token.party},
                                          {"expires", FormatRfc3339(token.expires_micros)}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<HttpResponse> Api::Monitor(const HttpRequest& req, const Args& args) const {
  return HandleMonitor(options_.views, req, args.segment);
}

Result<HttpResponse> Api::Compliance(const HttpRequest& req, const Args& args) const {
  return compliance_->Compliance(req, args.segment);
}

Result<HttpResponse> Api::Dialogue(const HttpRequest& req, const Args& args) const {
  return compliance_->Dialogue(req, args.segment);
}

Result<HttpResponse> Api::Exchange(const HttpRequest& req, const Args& args) const {
  Result<std::optional<Reader>> reader = ReaderOf(req);
  // Each list's release schedule, as the compliance routes evaluate it (same cache).
  auto schedules = [this](const std::optional<std::string>& at) -> Result<Json> {
    compliance::Date day = compliance::DateOfMicros(options_.clock->NowMicros());
    if (at) {
      ASSIGN_OR_RETURN(day, compliance::ParseDate(*at));
    }
    return compliance_->ReleaseSchedules(day);
  };
  return HandleExchange(options_.views, req, args.segment,
                        reader.ok() ? *reader : std::optional<Reader>(),
                        reader.ok() ? Status::Ok() : reader.status(), schedules);
}

}  // namespace jirga::api
