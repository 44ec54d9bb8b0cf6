// RemoteLog: a verifying session with a jirga server — key pinning, checkpoint reconciliation
// against the client state, and proofs for everything the server claims.
#include "client/remote_log.h"

#include "api/auth.h"  // AuthSigningMessage: the bytes a party signs for a read token
#include "base/encoding.h"
#include "base/json.h"
#include "ledger/hash.h"
#include "ledger/redaction.h"

namespace jirga::client {
namespace {

constexpr char kGetKeyHint[] =
    "get the log's vkey from its operator over a channel you trust (on the server's host: "
    "jirga log vkey --store STORE) and pass it with --log-vkey; jirga does not take a server's "
    "word for the key it is checked with";

std::string Bytes(const SignatureBytes& sig) {
  return std::string(reinterpret_cast<const char*>(sig.data()), sig.size());
}

}  // namespace

BatchItem MakeBatchItem(const Submission& sub, const std::string& signer_vkey) {
  Json item = {{"record", Base64Encode(sub.record)},
               {"salt", Base64Encode(sub.salt)},
               {"sig", Base64Encode(Bytes(sub.sig))},
               {"key", signer_vkey}};
  return BatchItem{item.dump(), ExpectedLeaf(sub)};
}

RemoteLog::RemoteLog(RemoteOptions options, std::unique_ptr<HttpTransport> transport,
                     std::unique_ptr<FileLock> lock, ClientState state)
    : options_(std::move(options)),
      transport_(std::move(transport)),
      lock_(std::move(lock)),
      state_(std::move(state)) {}

RemoteLog::~RemoteLog() = default;

Result<std::unique_ptr<RemoteLog>> RemoteLog::Open(const RemoteOptions& options) {
  HttpClientOptions http;
  http.ca_file = options.ca_file;
  ASSIGN_OR_RETURN(auto transport, NewHttpClient(options.server, http));
  return Open(options, std::move(transport));
}

Result<std::unique_ptr<RemoteLog>> RemoteLog::Open(const RemoteOptions& options,
                                                   std::unique_ptr<HttpTransport> transport) {
  InitCrypto();
  std::optional<VerifierKey> given;
  if (!options.log_vkey.empty()) {
    auto k = ParseVkey(options.log_vkey);
    if (!k.ok()) return k.status().WithContext("--log-vkey");
    given = *k;
  }
  ASSIGN_OR_RETURN(auto lock, LockStateFile(options.state_path));
  ASSIGN_OR_RETURN(ClientState state, ClientState::Load(options.state_path));
  std::unique_ptr<RemoteLog> remote(
      new RemoteLog(options, std::move(transport), std::move(lock), std::move(state)));
  if (given) remote->log_key_ = *given;
  RETURN_IF_ERROR(remote->Start());
  return remote;
}

Status RemoteLog::Start() {
  const std::string target = "/checkpoint";
  ASSIGN_OR_RETURN(std::string note, Call("GET", target));
  const bool given = !options_.log_vkey.empty();
  if (given) {
    const KnownLog* known = state_.Find(log_key_.name);
    if (known != nullptr && known->vkey.ToVkey() != log_key_.ToVkey()) {
      return FailedPrecondition(
          "--log-vkey " + log_key_.ToVkey() + " is not the key pinned for log \"" +
          log_key_.name + "\" in the client state file " + options_.state_path + " (" +
          known->vkey.ToVkey() + "); a log's key never changes, so one of them is wrong");
    }
  } else {
    // Only to choose which pinned key to check the note with; the note is then verified.
    auto origin = ClaimedOrigin(note);
    if (!origin.ok()) return origin.status().WithContext(server() + target);
    const KnownLog* known = state_.Find(*origin);
    if (known == nullptr) {
      return FailedPrecondition("no key is known for the log \"" + *origin + "\" that " +
                                server() + " serves (first contact: it is not in the client "
                                "state file " + options_.state_path + "): " + kGetKeyHint);
    }
    log_key_ = known->vkey;
  }
  const KnownLog* known = state_.Find(log_key_.name);
  if (known != nullptr && known->checkpoint) {
    latest_ = *known->checkpoint;
    have_latest_ = true;
    latest_label_ = "the checkpoint verified before (client state file " + options_.state_path +
                    ")";
  } else {
    dirty_ = true;  // first contact: pin the key
  }
  auto cp = VerifyCheckpointNote(note, log_key_);
  if (!cp.ok()) {
    Status st = cp.status().WithContext(server() + target);
    if (given && known == nullptr) {
      return Corruption(st.message() + " — the server does not serve the log of that key, or "
                        "--log-vkey is wrong: " + kGetKeyHint);
    }
    return st;
  }
  RETURN_IF_ERROR(Accept(*cp, "the server's latest checkpoint", /*may_be_older=*/false));
  served_ = std::move(*cp);
  return Status::Ok();
}

Result<std::string> RemoteLog::Call(std::string_view method, const std::string& target,
                                    const std::string& body) {
  ASSIGN_OR_RETURN(HttpReply reply, transport_->Send(method, target, body));
  if (reply.status < 200 || reply.status > 299) return StatusForErrorReply(reply, server());
  return std::move(reply.body);
}

Result<std::vector<Hash>> RemoteLog::FetchConsistency(uint64_t from, uint64_t to) {
  if (from == 0 || from == to) return std::vector<Hash>();  // nothing to prove
  const std::string target =
      "/v1/consistency?from=" + std::to_string(from) + "&to=" + std::to_string(to);
  ASSIGN_OR_RETURN(std::string body, Call("GET", target));
  auto hashes = ParseConsistencyAnswer(body, from, to);
  if (!hashes.ok()) return hashes.status().WithContext(server() + target);
  return hashes;
}

Status RemoteLog::Accept(const TrustedCheckpoint& seen, const std::string& seen_label,
                         bool may_be_older) {
  if (!have_latest_) {
    latest_ = seen;
    have_latest_ = true;
    latest_label_ = "the server's checkpoint verified earlier in this run";
    dirty_ = true;
    return Status::Ok();
  }
  if (seen.size > latest_.size) {
    ASSIGN_OR_RETURN(auto proof, FetchConsistency(latest_.size, seen.size));
    RETURN_IF_ERROR(CheckConsistent(latest_, latest_label_, seen, seen_label, proof));
    latest_ = seen;
    latest_label_ = "the server's checkpoint verified earlier in this run";
    dirty_ = true;
    return Status::Ok();
  }
  if (seen.size < latest_.size && may_be_older) {
    ASSIGN_OR_RETURN(auto proof, FetchConsistency(seen.size, latest_.size));
    return CheckConsistent(seen, seen_label, latest_, latest_label_, proof);
  }
  // The same size (one root only), or a latest checkpoint that shrank (a rollback).
  return CheckConsistent(latest_, latest_label_, seen, seen_label, {});
}

Result<TrustedCheckpoint> RemoteLog::Refresh() {
  const std::string target = "/checkpoint";
  ASSIGN_OR_RETURN(std::string note, Call("GET", target));
  auto cp = VerifyCheckpointNote(note, log_key_);
  if (!cp.ok()) return cp.status().WithContext(server() + target);
  RETURN_IF_ERROR(Accept(*cp, "the server's latest checkpoint", /*may_be_older=*/false));
  served_ = std::move(*cp);
  return latest_;
}

Status RemoteLog::NotFoundIsALie(const Status& status, uint64_t index) const {
  if (status.code() == StatusCode::kNotFound && index < latest_.size) {
    return Corruption("the server says there is no record " + std::to_string(index) +
                      ", but its signed checkpoint of size " + std::to_string(latest_.size) +
                      " includes it (" + status.message() + ")");
  }
  return status;
}

Result<VerifiedProof> RemoteLog::Prove(uint64_t index, uint64_t size) {
  const std::string target =
      "/v1/records/" + std::to_string(index) + "/proof?size=" + std::to_string(size);
  auto text = Call("GET", target);
  if (!text.ok()) return NotFoundIsALie(text.status(), index);
  auto proof = VerifyProofAnswer(*text, log_key_, index, size);
  if (!proof.ok()) return proof.status().WithContext(server() + target);
  RETURN_IF_ERROR(Accept(proof->checkpoint,
                         "the checkpoint of size " + std::to_string(size) + " the proof is against",
                         /*may_be_older=*/true));
  return proof;
}

Result<std::vector<Hash>> RemoteLog::Consistency(uint64_t from, uint64_t to) {
  if (from == 0 || from > to) {
    return InvalidArgument("no consistency proof from size " + std::to_string(from) + " to " +
                           std::to_string(to) + " (sizes must satisfy 0 < from <= to)");
  }
  // The roots at both sizes, from checkpoints the log signed (a proof of record 0 carries the
  // checkpoint of any size), each checked against latest().
  auto checkpoint_at = [&](uint64_t size) -> Result<TrustedCheckpoint> {
    if (size == latest_.size) return latest_;
    ASSIGN_OR_RETURN(VerifiedProof p, Prove(0, size));
    return p.checkpoint;
  };
  ASSIGN_OR_RETURN(TrustedCheckpoint to_cp, checkpoint_at(to));
  ASSIGN_OR_RETURN(TrustedCheckpoint from_cp, checkpoint_at(from));
  const std::string target =
      "/v1/consistency?from=" + std::to_string(from) + "&to=" + std::to_string(to);
  ASSIGN_OR_RETURN(std::string body, Call("GET", target));
  auto hashes = ParseConsistencyAnswer(body, from, to);
  if (!hashes.ok()) return hashes.status().WithContext(server() + target);
  if (from == to && !hashes->empty()) {
    return Corruption(server() + target + ": a proof between equal sizes must be empty");
  }
  RETURN_IF_ERROR(CheckConsistent(from_cp, "the log's checkpoint at size " + std::to_string(from),
                                  to_cp, "its checkpoint at size " + std::to_string(to),
                                  *hashes));
  return hashes;
}

Result<VerifiedRecord> RemoteLog::GetRecord(uint64_t index) {
  ASSIGN_OR_RETURN(VerifiedRecord record, GetRecordOnly(index));
  if (record.redacted_by == 0) return record;
  const std::string claim = server() + " says record " + std::to_string(index) +
                            " is redacted by record " + std::to_string(record.redacted_by);
  auto by = GetRecordOnly(record.redacted_by);
  if (!by.ok()) return by.status().WithContext(claim);
  auto rec = by->redacted_by == 0 ? ParseRecord(by->record)
                                  : Result<Record>(InvalidArgument("it is redacted itself"));
  auto redaction = rec.ok() && rec->kind == kRedactionKind
                       ? ParseRedactionBody(rec->body)
                       : Result<Redaction>(InvalidArgument("not a redaction"));
  if (!redaction.ok() || redaction->index != index ||
      redaction->reason != record.redaction_reason) {
    return Corruption(claim + ", which is not a redaction of it with the reason given");
  }
  return record;
}

Result<VerifiedRecord> RemoteLog::GetRecordOnly(uint64_t index) {
  const std::string target = "/v1/records/" + std::to_string(index);
  auto body = Call("GET", target);
  if (!body.ok()) return NotFoundIsALie(body.status(), index);
  auto record = VerifyRecordAnswer(*body, index);
  if (!record.ok()) return record.status().WithContext(server() + target);
  // The server lists records up to its latest checkpoint, which may be newer than ours.
  if (index >= latest_.size) RETURN_IF_ERROR(Refresh().status());
  RETURN_IF_ERROR(CheckIncluded(index, record->leaf));
  // The party's own signature, with the key the leaf names.
  const std::string parties = "/v1/parties";
  ASSIGN_OR_RETURN(std::string list, Call("GET", parties));
  Status signature = CheckLeafSignature(list, record->leaf, record->party);
  if (signature.code() == StatusCode::kNotFound) {
    record->signature_checked = false;
  } else if (!signature.ok()) {
    return signature.WithContext(server() + target);
  } else {
    record->signature_checked = true;
  }
  return record;
}

Status RemoteLog::CheckIncluded(uint64_t index, const std::string& leaf) {
  if (index >= latest_.size) {
    return Corruption("record " + std::to_string(index) + " is not covered by " + server() +
                      "'s latest checkpoint (" + DescribeCheckpoint(latest_) + ")");
  }
  ASSIGN_OR_RETURN(VerifiedProof proof, Prove(index, latest_.size));
  if (proof.leaf != leaf) {
    return Corruption("record " + std::to_string(index) + " in the log (" +
                      HashHex(LeafHash(proof.leaf)) + ") is not the one " + server() +
                      " gave or acknowledged (" + HashHex(LeafHash(leaf)) + ")");
  }
  return Status::Ok();
}

Result<std::string> RemoteLog::Authenticate(const SigningKey& key) {
  ASSIGN_OR_RETURN(std::string answer, Call("POST", "/v1/auth/challenge"));
  auto challenge_json = ParseJsonStrict(answer);
  if (!challenge_json.ok() || !challenge_json->is_object() ||
      !challenge_json->contains("challenge") || !(*challenge_json)["challenge"].is_string()) {
    return Corruption(server() + "/v1/auth/challenge answered without a challenge");
  }
  const std::string challenge = (*challenge_json)["challenge"].get<std::string>();
  // The origin is the log key's name — the key the user gave, not anything the server said —
  // so a token can only be obtained for the log this session verifies.
  SignatureBytes sig = key.Sign(api::AuthSigningMessage(log_key_.name, challenge));
  Json request = {{"key", key.verifier().ToVkey()},
                  {"challenge", challenge},
                  {"sig", Base64Encode(std::string_view(
                              reinterpret_cast<const char*>(sig.data()), sig.size()))}};
  ASSIGN_OR_RETURN(std::string token_answer, Call("POST", "/v1/auth/token", request.dump()));
  auto token_json = ParseJsonStrict(token_answer);
  if (!token_json.ok() || !token_json->is_object() || !token_json->contains("token") ||
      !(*token_json)["token"].is_string() || !token_json->contains("party") ||
      !(*token_json)["party"].is_string() || (*token_json)["token"].get<std::string>().empty()) {
    return Corruption(server() + "/v1/auth/token answered without a token and party");
  }
  transport_->SetBearerToken((*token_json)["token"].get<std::string>());
  return (*token_json)["party"].get<std::string>();
}

Result<std::string> RemoteLog::PartyOfKey(const VerifierKey& key) {
  const std::string target = "/v1/parties";
  ASSIGN_OR_RETURN(std::string body, Call("GET", target));
  auto party = FindPartyForKey(body, key);
  if (!party.ok() && party.status().code() == StatusCode::kCorruption) {
    return party.status().WithContext(server() + target);
  }
  return party;
}

Result<std::vector<BatchItemOutcome>> RemoteLog::SubmitBatch(const std::vector<BatchItem>& items) {
  const std::string target = "/v1/records:batch?stop_on_error=true";
  std::string body = "[";
  std::vector<std::string> leaves;
  leaves.reserve(items.size());
  for (const BatchItem& item : items) {
    if (body.size() > 1) body += ',';
    body += item.json;
    leaves.push_back(item.leaf);
  }
  body += ']';
  ASSIGN_OR_RETURN(std::string answer, Call("POST", target, body));
  auto outcomes = ParseBatchAnswer(answer, leaves, server());
  if (!outcomes.ok()) return outcomes.status().WithContext(server() + target);
  for (size_t i = 0; i < outcomes->size(); ++i) {
    const BatchItemOutcome& o = (*outcomes)[i];
    // A record appended now cannot take a place a verified checkpoint already covers.
    if (o.refusal.ok() && !o.duplicate && o.index < latest_.size) {
      return Corruption(server() + target + ": result " + std::to_string(i) +
                        ": a new record acknowledged at index " + std::to_string(o.index) +
                        ", inside the already verified tree of size " +
                        std::to_string(latest_.size));
    }
  }
  return outcomes;
}

Status RemoteLog::SaveState() {
  if (!dirty_) return Status::Ok();
  KnownLog entry;
  entry.vkey = log_key_;
  if (have_latest_) entry.checkpoint = latest_;
  state_.Set(std::move(entry));
  RETURN_IF_ERROR(state_.Save(options_.state_path));
  dirty_ = false;
  return Status::Ok();
}

}  // namespace jirga::client
