// MakeInclusionProof: a record's leaf, inclusion proof and a signed checkpoint as one tlog-proof.
#include "ledger/prove.h"

#include "ledger/note.h"

namespace jirga {

Result<std::string> StoredCheckpointAt(Store& store, uint64_t size) {
  std::string found;
  RETURN_IF_ERROR(store.ScanCheckpoints([&](uint64_t s, const std::string& note) {
    if (s == size) found = note;
    return s < size;
  }));
  if (found.empty()) return NotFound("no checkpoint at size " + std::to_string(size));
  return found;
}

Result<TlogProof> MakeInclusionProof(Log& log, uint64_t index, uint64_t size,
                                     const SigningKey* key) {
  if (key != nullptr && key->verifier().ToVkey() != log.log_vkey().ToVkey()) {
    return InvalidArgument("the key " + key->verifier().ToVkey() + " is not the log's key " +
                           log.log_vkey().ToVkey());
  }
  TlogProof proof;
  proof.index = index;
  ASSIGN_OR_RETURN(proof.proof, log.InclusionProof(index, size));
  ASSIGN_OR_RETURN(proof.extra, log.store().GetLeaf(index));
  // The latest checkpoint is the common case and costs nothing to find.
  auto latest = log.LatestCheckpoint();
  if (latest.ok()) {
    ASSIGN_OR_RETURN(ParsedNote note, ParseNote(*latest));
    ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(note.text));
    if (cp.size == size) {
      proof.checkpoint = std::move(*latest);
      return proof;
    }
  }
  if (key != nullptr) {
    // Any size up to the current one is consistent with every checkpoint the log has signed, so
    // signing one now cannot fork the log.
    ASSIGN_OR_RETURN(Hash root, log.RootAt(size));
    Checkpoint cp{log.origin(), size, root, {}};
    ASSIGN_OR_RETURN(proof.checkpoint, SignNote(cp.ToText(), *key));
    return proof;
  }
  auto stored = StoredCheckpointAt(log.store(), size);
  if (!stored.ok()) {
    if (stored.status().code() != StatusCode::kNotFound) return stored.status();
    return NotFound("no stored checkpoint at size " + std::to_string(size) +
                    " and the log key is not available to sign one");
  }
  proof.checkpoint = std::move(*stored);
  return proof;
}

}  // namespace jirga
