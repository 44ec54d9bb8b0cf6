// The client state file: what a party's jirga remembers about the logs it has talked to, so that
// a server cannot show it a forked or rolled-back log later without being caught.
//
//   {
//     "version": 1,
//     "logs": {
//       "<origin>": {
//         "vkey": "<the log's verifier key, obtained out of band>",
//         "checkpoint": {"size": 12, "root": "<base64>", "note": "<the signed checkpoint>"}
//       }
//     }
//   }
//
// Keyed by the log's origin (a log's name, fixed for its life), not by the server's URL: every
// server or mirror of one log must show the same history. "checkpoint" is the newest checkpoint
// this client has verified (signature, and consistency with the one before); it is absent until
// the first one is verified.
//
// Loading is strict: any other version, unknown or missing members, a vkey whose name is not its
// origin, or a checkpoint whose note does not verify with that vkey or does not say the stored
// size and root, is refused with FailedPrecondition naming the file — a state file someone
// edited must not quietly lower what the client trusts. Values only; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/file.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/hash.h"

namespace jirga::client {

inline constexpr int kClientStateVersion = 1;

// A checkpoint whose signature and origin have been checked.
struct TrustedCheckpoint {
  uint64_t size = 0;
  Hash root{};
  std::string note;  // the signed note, verbatim
};

struct KnownLog {
  VerifierKey vkey;
  std::optional<TrustedCheckpoint> checkpoint;
};

class ClientState {
 public:
  ClientState() = default;

  // Reads `path`; a missing file is an empty state (first contact). FailedPrecondition for a
  // file that is not a valid state (see above); IOError/PermissionDenied if it cannot be read.
  static Result<ClientState> Load(const std::string& path);
  // Parses the text of a state file; `where` names it in errors.
  static Result<ClientState> Parse(std::string_view text, std::string_view where);

  // Pretty-printed JSON, ending in a newline.
  std::string Serialize() const;
  // Writes the state to `path` atomically (a reader sees the old or the new file, never a mix).
  Status Save(const std::string& path) const;

  // nullptr when the origin is unknown.
  const KnownLog* Find(const std::string& origin) const;
  // Adds or replaces the entry of `vkey.name`.
  void Set(KnownLog log);
  const std::map<std::string, KnownLog>& logs() const { return logs_; }

 private:
  std::map<std::string, KnownLog> logs_;
};

// Takes the lock <path>.lock, waiting up to `timeout_ms` for another jirga process using the
// same state file; the state must be read, checked and written by one process at a time or an
// older checkpoint could overwrite a newer one. FailedPrecondition on timeout.
Result<std::unique_ptr<FileLock>> LockStateFile(const std::string& path, int timeout_ms = 30000);

}  // namespace jirga::client
