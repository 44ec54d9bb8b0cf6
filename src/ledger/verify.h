// Full audit of a stored log: recomputes every leaf from its record, salt and signature, rebuilds
// the tree and compares every stored node, replays the party registry, and checks every stored
// checkpoint's signature and root. A record whose content was erased by a redaction is checked
// without its commitment (there is nothing to open it with): a later `redaction` record must
// name exactly it, and its leaf must still carry a valid signature of the party the row names;
// every other record must open its leaf's commitment.
//
// Returns the report when the log is intact, Corruption naming the first problem (index and what
// differs) otherwise, or the store's error when it cannot be read. Thread-safe given a
// thread-safe store; uses `threads` worker threads for signature checks.
#pragma once

#include <cstdint>
#include <optional>

#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/kinds.h"
#include "store/store.h"

namespace jirga {

struct VerifyReport {
  uint64_t records = 0;
  uint64_t redacted = 0;  // records whose content a redaction erased
  uint64_t checkpoints = 0;
  uint64_t nodes = 0;
  Hash root{};
};

// `pinned_log_key`, when given, must be the key the store names; otherwise the stored one is used.
Result<VerifyReport> VerifyStoredLog(Store& store, const KindRegistry& kinds,
                                     const std::optional<VerifierKey>& pinned_log_key,
                                     int threads = 2);

}  // namespace jirga
