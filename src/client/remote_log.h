// RemoteLog: a session with a jirga server that believes nothing the server says without proof.
//
// The log's verifier key comes from the caller (--log-vkey, obtained out of band) or from the
// client state file (client/client_state.h) — never from the server. Every checkpoint the server
// shows is checked against that key and its origin, and against the newest checkpoint verified
// before (in this session or, across sessions, in the state file): the same size must have the
// same root, a larger size must come with a consistency proof that verifies, and the latest
// checkpoint may never shrink. Anything else is a fork or a rollback: Corruption naming both
// checkpoints, and the state file is left as it was. Proofs, records and submission
// acknowledgements are checked by client/responses.h and tied to verified checkpoints here.
//
// The state file is locked (client_state.h LockStateFile) for the life of the session and is
// written only by SaveState(), which the caller invokes once what it asked for has been
// verified. Ownership: owns its transport. Not thread-safe: one session, one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/status.h"
#include "client/client_state.h"
#include "client/http_client.h"
#include "client/responses.h"
#include "ledger/ed25519.h"
#include "ledger/record.h"

namespace jirga::client {

struct RemoteOptions {
  std::string server;      // http(s)://HOST[:PORT][/PREFIX]
  std::string state_path;  // the client state file
  std::string log_vkey;    // the log's vkey given by the user; empty: the state file's
  std::string ca_file;     // for https; empty: the system's CAs
};

// The item of a POST /v1/records:batch body for a signed record, and the leaf the server must
// log for it.
struct BatchItem {
  std::string json;  // {"record","salt","sig","key"}
  std::string leaf;  // 128 bytes
};
BatchItem MakeBatchItem(const Submission& sub, const std::string& signer_vkey);

class RemoteLog {
 public:
  // Starts a session: locks and loads the state file, connects, and fetches and verifies the
  // server's latest checkpoint (as Refresh()). Fails with
  //   FailedPrecondition  the state file is invalid, or no log vkey is known for the log the
  //                       server serves (first contact needs --log-vkey; the message says how
  //                       to get it), or --log-vkey contradicts the key pinned in the state file
  //   InvalidArgument     a malformed URL or --log-vkey
  //   Corruption          the checkpoint is not signed by the log's key, or is for another
  //                       origin, or forks or rolls back what the state file holds
  //   IOError etc.        the server could not be reached or answered an error (http_client.h)
  static Result<std::unique_ptr<RemoteLog>> Open(const RemoteOptions& options);
  // The same over a given transport (tests).
  static Result<std::unique_ptr<RemoteLog>> Open(const RemoteOptions& options,
                                                 std::unique_ptr<HttpTransport> transport);
  ~RemoteLog();
  RemoteLog(const RemoteLog&) = delete;
  RemoteLog& operator=(const RemoteLog&) = delete;

  const VerifierKey& log_key() const { return log_key_; }
  // The newest checkpoint verified so far.
  const TrustedCheckpoint& latest() const { return latest_; }
  // The checkpoint the server last answered GET /checkpoint with, verified: the same tree as
  // latest(), in the server's own bytes (what `log checkpoint` prints).
  const TrustedCheckpoint& served() const { return served_; }
  const std::string& server() const { return transport_->server(); }

  // Fetches GET /checkpoint and verifies it: signed by the log, not smaller than latest(), the
  // same root at the same size, consistent (GET /v1/consistency) when larger. Returns the new
  // latest().
  Result<TrustedCheckpoint> Refresh();

  // A verified inclusion proof of record `index` against the log's checkpoint at tree `size`;
  // that checkpoint is itself checked against latest() (and becomes it when newer).
  Result<VerifiedProof> Prove(uint64_t index, uint64_t size);

  // A verified consistency proof between tree sizes `from` and `to`: both checkpoints are fetched
  // (signed by the log, consistent with latest()) and the proof is checked between their roots.
  // InvalidArgument unless 0 < from <= to.
  Result<std::vector<Hash>> Consistency(uint64_t from, uint64_t to);

  // Record `index`, checked (responses.h VerifyRecordAnswer) and proved included in latest().
  // A redacted record comes with its redaction record fetched and checked the same way: it must
  // be a `redaction` of `index` with the reason the server gave.
  Result<VerifiedRecord> GetRecord(uint64_t index);

  // Authenticates as the holder of `key` (docs/http-api.md §5a): asks for a challenge, signs it
  // with the log's origin, exchanges it for a read token and sends that token with every later
  // request of this session, so records that are not public can be read (and are verified like
  // any other). Returns the party the server says the key belongs to. Unauthorized when the
  // server refuses the exchange (the key is not registered); IOError for a 429.
  Result<std::string> Authenticate(const SigningKey& key);
  // The id of the party `key` is registered to, as the server's party list says.
  Result<std::string> PartyOfKey(const VerifierKey& key);

  // POST /v1/records:batch?stop_on_error=true with `items` (at most 1000; the caller keeps the
  // body within the server's limit). Every acknowledgement is checked against the item's leaf;
  // a new record's index must lie at or beyond latest().size. One outcome per item; after the
  // first refusal the server appends nothing more.
  Result<std::vector<BatchItemOutcome>> SubmitBatch(const std::vector<BatchItem>& items);

  // Checks that `leaf` is record `index` of the log at latest() (one proof fetched).
  Status CheckIncluded(uint64_t index, const std::string& leaf);

  // A view query (e.g. POST /v1/monitor/imported): the 2xx answer's body as the server sent it,
  // or the error it maps to. Views are the server's projections: nothing in the answer is
  // verified, so callers use it only where a lie cannot forge log content.
  Result<std::string> Query(std::string_view method, const std::string& target,
                            const std::string& body = "") {
    return Call(method, target, body);
  }

  // Records the log's key and latest() in the state file (atomically) when this is the first
  // contact or a newer checkpoint was verified; otherwise leaves the file untouched.
  Status SaveState();

 private:
  RemoteLog(RemoteOptions options, std::unique_ptr<HttpTransport> transport,
            std::unique_ptr<FileLock> lock, ClientState state);

  Status Start();
  // The body of a 2xx answer, or the error the answer maps to.
  Result<std::string> Call(std::string_view method, const std::string& target,
                           const std::string& body = "");
  // Checks `seen` against latest(); a newer one becomes latest(). `may_be_older`: an older
  // checkpoint asked for on purpose (a proof at a past size) is fine when consistent.
  Status Accept(const TrustedCheckpoint& seen, const std::string& seen_label, bool may_be_older);
  Result<std::vector<Hash>> FetchConsistency(uint64_t from, uint64_t to);
  // GetRecord without following a redaction.
  Result<VerifiedRecord> GetRecordOnly(uint64_t index);
  // NotFound for an index below a verified checkpoint's size is a lie.
  Status NotFoundIsALie(const Status& status, uint64_t index) const;

  const RemoteOptions options_;
  std::unique_ptr<HttpTransport> transport_;
  std::unique_ptr<FileLock> lock_;
  ClientState state_;
  VerifierKey log_key_;
  TrustedCheckpoint latest_;
  TrustedCheckpoint served_;
  bool have_latest_ = false;
  std::string latest_label_;
  bool dirty_ = false;  // the state file needs writing
};

}  // namespace jirga::client
