// Read authentication: short-lived bearer tokens issued against a signed challenge.
//
// A party proves it holds a registered key without sending anything reusable:
//   1. POST /v1/auth/challenge      -> {"challenge": base64(48 bytes), "expires": time}
//   2. the party signs   "jirga/v1/auth" || 0x00 || origin || 0x0A || challenge (base64 text)
//      with its Ed25519 key (any generic Ed25519 library can do this)
//   3. POST /v1/auth/token {"key": vkey, "challenge": ..., "sig": base64(64 bytes)}
//                                   -> {"token": ..., "party": id, "expires": time}
//   4. reads send "Authorization: Bearer <token>".
// Challenges are stateless (an expiry, a nonce and an HMAC under a per-process secret) and
// single-use; tokens are an HMAC over (party, key hash, expiry). Both die when the server
// restarts (a new secret), and a token stops working as soon as its key is no longer
// registered to its party (checked on every use), so key rotation revokes it.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "ledger/hash.h"
#include "ledger/parties.h"

namespace jirga::api {

inline constexpr std::string_view kAuthSignaturePrefix{"jirga/v1/auth\0", 14};

// The bytes a party signs to answer `challenge` for the log `origin`.
std::string AuthSigningMessage(std::string_view origin, std::string_view challenge);

struct Challenge {
  std::string text;  // base64
  int64_t expires_micros = 0;
};

struct Token {
  std::string text;
  std::string party;
  int64_t expires_micros = 0;
};

// Who is reading: a registered party, authenticated by a token.
struct Reader {
  std::string party;
  Role role = Role::kObserver;
};

class TokenAuthority {
 public:
  // `clock` is borrowed and must outlive this object.
  TokenAuthority(std::string origin, Clock* clock, int64_t challenge_ttl_micros = 60'000'000,
                 int64_t token_ttl_micros = 900'000'000);

  Challenge NewChallenge();

  // Checks the answer to a challenge and issues a token. InvalidArgument for malformed values;
  // Unauthenticated if the challenge is not ours, expired or already used, if the key is not
  // registered to any party, or if the signature does not verify. A refused exchange does not
  // use up the challenge.
  Result<Token> Exchange(std::string_view vkey, std::string_view challenge, std::string_view sig,
                         const PartyRegistry& parties);

  // The reader a bearer token stands for. Unauthenticated if the token is malformed, forged,
  // expired, or its key no longer belongs to its party.
  Result<Reader> Authenticate(std::string_view token, const PartyRegistry& parties) const;

 private:
  std::string Mac(std::string_view domain, std::string_view data) const;

  // Constant after construction.
  const std::string origin_;
  Clock* const clock_;
  const int64_t challenge_ttl_micros_;
  const int64_t token_ttl_micros_;
  std::string secret_;  // 32 random bytes

  std::mutex mutex_;
  // Used challenges (nonce -> expiry), forgotten once expired. Guarded by mutex_.
  std::map<std::string, int64_t> used_;
};

}  // namespace jirga::api
