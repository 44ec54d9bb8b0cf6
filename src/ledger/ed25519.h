// Ed25519 keys, signatures and their text forms (libsodium; verification is strict
// crypto_sign_verify_detached — the one rule used everywhere, pinned by a test over the CCTV
// vectors).
//
// Text forms follow c2sp.org/signed-note:
//   verifier key (vkey):  <name>+<hex8 key ID>+base64(0x01 || pub[32])
//   private key file:     PRIVATE+KEY+<name>+<hex8 key ID>+base64(0x01 || seed[32])
//                         (the golang.org/x/mod/sumdb/note convention)
// where key ID = SHA-256(name || 0x0A || 0x01 || pub)[:4].
//
// All functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "ledger/hash.h"

namespace jirga {

using PublicKeyBytes = std::array<uint8_t, 32>;
using SignatureBytes = std::array<uint8_t, 64>;

// Must be called once before any other function here (idempotent, thread-safe).
void InitCrypto();

// A named Ed25519 verifier key.
struct VerifierKey {
  std::string name;
  PublicKeyBytes pub{};
  uint32_t key_id = 0;  // big-endian first 4 bytes of SHA-256(name || '\n' || 0x01 || pub)

  std::string ToVkey() const;  // the c2sp vkey text
  Hash PubHash() const;        // SHA-256(pub): the first 32 bytes of a jirga leaf
};

// Key names: non-empty, no spaces, no '+', printable ASCII or UTF-8, at most 256 bytes.
Status ValidateKeyName(std::string_view name);
uint32_t ComputeKeyId(std::string_view name, const PublicKeyBytes& pub);

// Parses a vkey; fails (InvalidArgument) on wrong part count, bad hex/base64, a type byte other
// than 0x01, wrong length, or a key ID that does not match the name and key.
Result<VerifierKey> ParseVkey(std::string_view vkey);

// A named Ed25519 signing key. Holds the secret; never logged.
class SigningKey {
 public:
  // A fresh random key.
  static SigningKey Generate(std::string name);
  // From a 32-byte seed (deterministic; used by tests and vectors).
  static Result<SigningKey> FromSeed(std::string name, std::string_view seed);
  // Parses the PRIVATE+KEY+... text (trailing newline allowed).
  static Result<SigningKey> Parse(std::string_view text);
  // Reads a key file; refuses files readable by others (PermissionDenied).
  static Result<SigningKey> Load(const std::string& path);

  // Writes the key file with mode 0600; AlreadyExists if present.
  Status Save(const std::string& path) const;
  std::string ToText() const;  // PRIVATE+KEY+... with a trailing newline

  const VerifierKey& verifier() const { return verifier_; }
  SignatureBytes Sign(std::string_view message) const;
  // HMAC-SHA-256 keyed with the key's seed over `context`: a value only the key's holder can
  // compute, the same every time (the importer's deterministic salts, monitor/importer.h).
  std::array<uint8_t, 32> DeriveSecret(std::string_view context) const;

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();

 private:
  SigningKey() = default;
  VerifierKey verifier_;
  std::array<uint8_t, 32> seed_{};
  std::array<uint8_t, 64> secret_{};  // libsodium's expanded secret key (seed || pub)
};

// Strict Ed25519 verification (libsodium crypto_sign_verify_detached). A signature that fails to
// verify is an outcome (false), not an error.
bool VerifySignature(const PublicKeyBytes& pub, std::string_view message, const SignatureBytes& sig);

}  // namespace jirga
