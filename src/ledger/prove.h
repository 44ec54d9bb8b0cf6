// Building c2sp.org/tlog-proof@v1 bundles (ledger/tlog_proof.h) for a record of a Log: the leaf,
// its inclusion proof, and a checkpoint signed by the log for the tree size proved against.
//
// Shared by `jirga log prove` and the HTTP API (`GET /v1/records/{index}/proof`), so both hand
// out byte-identical proofs. Thread-safe (it only reads the Log).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"
#include "ledger/tlog_proof.h"

namespace jirga {

// The stored checkpoint for exactly `size`, or NotFound. Scans the stored checkpoints in size
// order up to `size`, so it costs O(number of checkpoints up to size).
Result<std::string> StoredCheckpointAt(Store& store, uint64_t size);

// The tlog-proof for the record at `index` in the tree of `size` leaves (extra = its 128-byte
// leaf). InvalidArgument unless index < size <= log.Size().
//
// The checkpoint is chosen so that no two different notes are ever handed out for one size:
//   - the log's latest checkpoint when it is for `size`;
//   - otherwise, with `key` (the log's own key): a checkpoint for `size` signed now. Ed25519 is
//     deterministic and a size has one root, so this is byte-identical to the stored checkpoint
//     at `size` when one exists, and the stored checkpoints need not be scanned;
//   - otherwise the stored checkpoint at `size` (a size where an append batch ended), or
//     NotFound when there is none and no key to sign one.
// InvalidArgument if `key` is not the log's key.
Result<TlogProof> MakeInclusionProof(Log& log, uint64_t index, uint64_t size,
                                     const SigningKey* key);

}  // namespace jirga
