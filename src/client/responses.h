// Parsing and checking what a jirga server answers (docs/http-api.md), without any I/O: each
// function takes the answer's body and what the client knows, and either returns the values it
// proved or says why the answer cannot be believed.
//
// An answer that does not have the documented shape, or that contradicts what the client
// computes itself (a leaf, a hash, a signature, a proof), is Corruption: the server is lying or
// broken, and the CLI exits 1. Callers add which server and route the answer came from.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "client/client_state.h"
#include "ledger/ed25519.h"
#include "ledger/hash.h"
#include "ledger/record.h"
#include "ledger/tlog_proof.h"

namespace jirga::client {

// "size 12, root <base64>": how checkpoints are named in messages.
std::string DescribeCheckpoint(const TrustedCheckpoint& cp);

// Opens a signed checkpoint note with the log's key and checks that its origin is the key's
// name. Corruption when it is not signed by that key, malformed, or of another origin.
Result<TrustedCheckpoint> VerifyCheckpointNote(std::string_view note, const VerifierKey& log_key);

// The origin a checkpoint note claims, read WITHOUT checking any signature: only to pick which
// pinned key to check it with. Corruption when there is no checkpoint text to read.
Result<std::string> ClaimedOrigin(std::string_view note);

// Checks that `newer` extends `older`: the same size and root, or a larger size and an RFC 9162
// consistency `proof` from `older` to `newer` that verifies. Otherwise Corruption naming both
// checkpoints (with their labels, e.g. "the checkpoint verified before (state file s.json)"):
// both are signed by the log, so it has forked or rolled back its history. A smaller `newer`
// is a rollback.
Status CheckConsistent(const TrustedCheckpoint& older, std::string_view older_label,
                       const TrustedCheckpoint& newer, std::string_view newer_label,
                       const std::vector<Hash>& proof);

// GET /v1/consistency: {"from","to","hashes":[base64...]} for exactly the sizes asked for.
Result<std::vector<Hash>> ParseConsistencyAnswer(std::string_view body, uint64_t from,
                                                 uint64_t to);

// GET /v1/records/{index}/proof?size=N: a c2sp.org/tlog-proof@v1 for `index` whose checkpoint is
// signed by the log, says `size`, and includes the 128-byte leaf of the extra line at `index`.
struct VerifiedProof {
  TlogProof proof;
  TrustedCheckpoint checkpoint;
  std::string leaf;  // the 128 bytes of the extra line
};
Result<VerifiedProof> VerifyProofAnswer(std::string_view text, const VerifierKey& log_key,
                                        uint64_t index, uint64_t size);

// GET /v1/records/{index}: the record, its salt and its leaf. Checked: the documented members and
// types, the index asked for, SHA-256(salt || record) equal to the leaf's commitment, leaf_hash
// equal to the leaf's RFC 6962 hash, and kind, party and time equal to what the signed record
// says. `received` is the server's word only (it is not signed). A redacted answer
// {"index","kind","party","received","redacted":{"by","reason"},"leaf","leaf_hash"} has no
// commitment to check; `by` must be a later index.
struct VerifiedRecord {
  uint64_t index = 0;
  std::string kind, party, time, received;
  std::string record;  // the bytes exactly as signed
  std::string salt;
  std::string leaf;  // 128 bytes
  // Set by RemoteLog::GetRecord: the party signature in the leaf was verified (false: its key is
  // no longer listed, see CheckLeafSignature).
  bool signature_checked = false;
  // A redacted record: no time, record or salt (the server has erased them), only the index of
  // the `redaction` record and its reason. RemoteLog::GetRecord checks that record too.
  uint64_t redacted_by = 0;
  std::string redaction_reason;
};
Result<VerifiedRecord> VerifyRecordAnswer(std::string_view body, uint64_t index);

// One item of a POST /v1/records:batch answer. Either acknowledged (index, duplicate) — and its
// leaf and leaf_hash were checked against the leaf the client computed — or refused by the
// server (`refusal` holds the Status the HTTP error maps to, client/http_client.h).
struct BatchItemOutcome {
  Status refusal;
  uint64_t index = 0;
  bool duplicate = false;
};
// `expected_leaves[i]` is the 128-byte leaf of item i as the client computed it. Corruption when
// the answer does not have one result per item, or an acknowledgement's leaf or leaf_hash is not
// the expected one; `server` names the server in refusals.
Result<std::vector<BatchItemOutcome>> ParseBatchAnswer(
    std::string_view body, const std::vector<std::string>& expected_leaves,
    std::string_view server);

// The leaf a record, salt and signature make: SHA-256(pub) || sig || SHA-256(salt || record).
std::string ExpectedLeaf(const Submission& sub);

// GET /v1/parties: the id of the party holding `pub` among its vkeys; Unauthorized when no party
// holds it. (The list is the server's word: a wrong answer can only make the server refuse the
// records or append records an audit shows to be signed by a key of another party.)
Result<std::string> FindPartyForKey(std::string_view body, const VerifierKey& key);

// GET /v1/parties and a record's 128-byte leaf: checks the party's signature in the leaf with the
// listed key whose SHA-256 the leaf names (the hash is in the log, so a server cannot put another
// key in its place) and that this key belongs to `record_party`. Corruption when the signature
// does not verify or the key is listed for another party; NotFound when no listed key matches
// (the list holds current keys only, so a key rotated away since cannot be checked this way).
Status CheckLeafSignature(std::string_view parties_body, std::string_view leaf,
                          const std::string& record_party);

}  // namespace jirga::client
