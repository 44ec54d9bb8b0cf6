// Records, commitments, signatures and leaves (docs/ledger-format.md).
//
//   record      compact UTF-8 JSON {"v":1,"kind":K,"party":P,"time":T,"body":{...},"refs":[...]},
//               kept exactly as signed
//   commitment  SHA-256(salt[32] || record)
//   signed msg  "jirga/v1/record" || 0x00 || commitment
//   leaf        SHA-256(party public key)[32] || sig[64] || commitment[32]   (128 bytes)
//
// Parsing checks the envelope only (exact field set, types, version, time syntax); the body is
// checked by the kind's schema (ledger/kinds.h). All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/hash.h"

namespace jirga {

inline constexpr int kRecordVersion = 1;
inline constexpr size_t kSaltSize = 32;
inline constexpr size_t kMaxRecordBytes = 1 << 20;  // 1 MiB
inline constexpr std::string_view kRecordSignaturePrefix{"jirga/v1/record\0", 16};

struct RecordRef {
  std::string rel;
  uint64_t index = 0;
};

struct Record {
  int v = kRecordVersion;
  std::string kind;
  std::string party;
  std::string time;  // as written
  int64_t time_micros = 0;
  Json body;
  std::vector<RecordRef> refs;
};

// Party ids and kind names: 1..64 chars of [a-z0-9._-], starting with a letter or digit.
Status ValidateIdentifier(std::string_view what, std::string_view id);

// Parses and checks the envelope. InvalidArgument naming the field on any violation; unknown
// top-level fields are refused.
Result<Record> ParseRecord(std::string_view bytes);

// Builds a record from its parts with the checks ParseRecord applies to them; `refs` is null
// (no refs) or the JSON array of {"rel","index"} objects. Used by clients that assemble records.
Result<Record> MakeRecord(std::string kind, std::string party, std::string time, Json body,
                          const Json& refs);

// Serializes a record as compact JSON with fields in the canonical order v, kind, party, time,
// body, refs (refs omitted when empty).
std::string SerializeRecord(const Record& record);

Hash ComputeCommitment(std::string_view salt, std::string_view record);
// "jirga/v1/record" || 0x00 || commitment: the exact bytes the party's key signs.
std::string RecordSigningMessage(const Hash& commitment);

struct Leaf {
  Hash key_hash{};
  SignatureBytes sig{};
  Hash commitment{};

  std::string Serialize() const;  // 128 bytes
};
// Corruption-free parse: InvalidArgument unless exactly 128 bytes.
Result<Leaf> ParseLeaf(std::string_view bytes);

// A fresh random salt (libsodium randombytes).
std::string RandomSalt();

// Everything a client sends: the record bytes, its salt, its signature and the signing key.
struct Submission {
  std::string record;
  std::string salt;
  SignatureBytes sig{};
  PublicKeyBytes pub{};
};

// Signs `record` with `key` under a fresh salt.
Submission SignRecord(std::string record, const SigningKey& key);

}  // namespace jirga
