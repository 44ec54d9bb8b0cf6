// c2sp.org/signed-note: signing and opening notes, and c2sp.org/tlog-checkpoint bodies.
//
// A note is UTF-8 text ending in '\n', a blank line, then one or more signature lines
// "— <name> base64(keyID[4] || sig[64])\n". All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/hash.h"

namespace jirga {

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string sig;  // raw signature bytes (64 for Ed25519)
};

struct ParsedNote {
  std::string text;  // the signed text, including its final '\n'
  std::vector<NoteSignature> signatures;
};

// Splits a note into text and signature lines. InvalidArgument when malformed: not UTF-8,
// control characters other than '\n', no blank line before signatures, no signatures, a
// signature line without its final '\n', a bad name, bad base64, a non-signature line after the
// signatures, or more than kMaxNoteSignatures signatures.
inline constexpr size_t kMaxNoteSignatures = 100;
Result<ParsedNote> ParseNote(std::string_view note);

// Signs `text` (must end in '\n') and returns the complete note with one signature line.
Result<std::string> SignNote(std::string_view text, const SigningKey& key);

// Opens a note: parses it and checks the signatures made by the known keys. Succeeds when at least
// one known key's signature verifies; signatures by unknown keys are ignored. Fails with
// Unauthorized when a known key's signature does not verify or no known key signed.
struct OpenedNote {
  std::string text;
  std::vector<std::string> verified_by;  // names of the keys whose signatures verified
};
Result<OpenedNote> OpenNote(std::string_view note, const std::vector<VerifierKey>& known);

// The body of a c2sp.org/tlog-checkpoint: "<origin>\n<size>\n<base64 root>\n" plus optional
// extension lines (kept, not interpreted).
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;

  std::string ToText() const;
};
// Parses checkpoint text (the note text, without signatures). InvalidArgument when malformed:
// empty origin, a size that is not a canonical decimal, a root that is not 32 bytes of base64.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace jirga
