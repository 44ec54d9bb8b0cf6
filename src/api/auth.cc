// Challenge/response read authentication: HMAC-protected stateless challenges and tokens.
#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/encoding.h"
#include "ledger/ed25519.h"
#include "ledger/record.h"

namespace jirga::api {
namespace {

constexpr size_t kNonceSize = 16;
constexpr size_t kMacSize = 32;

void PutU64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetU64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

bool EqualMacs(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string AuthSigningMessage(std::string_view origin, std::string_view challenge) {
  std::string m(kAuthSignaturePrefix);
  m.append(origin);
  m.push_back('\n');
  m.append(challenge);
  return m;
}

TokenAuthority::TokenAuthority(std::string origin, Clock* clock, int64_t challenge_ttl_micros,
                               int64_t token_ttl_micros)
    : origin_(std::move(origin)),
      clock_(clock),
      challenge_ttl_micros_(challenge_ttl_micros),
      token_ttl_micros_(token_ttl_micros),
      secret_(RandomSalt()) {}

std::string TokenAuthority::Mac(std::string_view domain, std::string_view data) const {
  // Domain-separated so a challenge can never pass as a token or the other way round.
  std::string input(domain);
  input.push_back('\0');
  input.append(data);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

Challenge TokenAuthority::NewChallenge() {
  // expiry[8] || nonce[16] || HMAC(expiry || nonce)[32]
  const int64_t expires = clock_->NowMicros() + challenge_ttl_micros_;
  std::string body;
  PutU64(&body, static_cast<uint64_t>(expires));
  body.append(RandomSalt().substr(0, kNonceSize));
  std::string raw = body + Mac("challenge", body);
  return Challenge{Base64Encode(raw), expires};
}

Result<Token> TokenAuthority::Exchange(std::string_view vkey, std::string_view challenge,
                                       std::string_view sig, const PartyRegistry& parties) {
  auto raw = Base64Decode(challenge);
  if (!raw.ok() || raw->size() != 8 + kNonceSize + kMacSize) {
    return InvalidArgument("challenge is not a challenge this server issued");
  }
  const std::string body = raw->substr(0, 8 + kNonceSize);
  if (!EqualMacs(raw->substr(8 + kNonceSize), Mac("challenge", body))) {
    return Unauthenticated("challenge was not issued by this server (or it has restarted since)");
  }
  const int64_t now = clock_->NowMicros();
  const auto expires = static_cast<int64_t>(GetU64(*raw));
  if (expires <= now) return Unauthenticated("challenge has expired; ask for a new one");
  auto key = ParseVkey(vkey);
  if (!key.ok()) return key.status().WithContext("key");
  auto sig_bytes = Base64Decode(sig);
  if (!sig_bytes.ok()) return sig_bytes.status().WithContext("sig: invalid base64");
  SignatureBytes signature{};
  if (sig_bytes->size() != signature.size()) {
    return InvalidArgument("sig must be 64 bytes, not " + std::to_string(sig_bytes->size()));
  }
  std::copy(sig_bytes->begin(), sig_bytes->end(), signature.begin());
  const Hash key_hash = key->PubHash();
  const PartyInfo* party = parties.FindByKeyHash(key_hash);
  if (party == nullptr) {
    return Unauthenticated("key " + std::string(vkey) + " is not registered to any party");
  }
  if (!VerifySignature(key->pub, AuthSigningMessage(origin_, challenge), signature)) {
    return Unauthenticated("the signature over the challenge does not verify for this key");
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = used_.begin(); it != used_.end();) {
      it = it->second <= now ? used_.erase(it) : std::next(it);
    }
    if (!used_.emplace(body, expires).second) {
      return Unauthenticated("challenge has already been used; ask for a new one");
    }
  }
  // token = base64(expiry[8] || key hash[32] || party id) "." base64(HMAC)
  Token token;
  token.party = party->id;
  token.expires_micros = now + token_ttl_micros_;
  std::string payload;
  PutU64(&payload, static_cast<uint64_t>(token.expires_micros));
  payload.append(AsBytes(key_hash));
  payload.append(party->id);
  token.text = Base64Encode(payload) + "." + Base64Encode(Mac("token", payload));
  return token;
}

Result<Reader> TokenAuthority::Authenticate(std::string_view token,
                                            const PartyRegistry& parties) const {
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos) return Unauthenticated("malformed bearer token");
  auto payload = Base64Decode(token.substr(0, dot));
  auto mac = Base64Decode(token.substr(dot + 1));
  if (!payload.ok() || !mac.ok() || payload->size() <= 8 + 32) {
    return Unauthenticated("malformed bearer token");
  }
  if (!EqualMacs(*mac, Mac("token", *payload))) {
    return Unauthenticated("bearer token was not issued by this server (or it has restarted)");
  }
  if (static_cast<int64_t>(GetU64(*payload)) <= clock_->NowMicros()) {
    return Unauthenticated("bearer token has expired; authenticate again");
  }
  Hash key_hash{};
  std::copy(payload->begin() + 8, payload->begin() + 40, key_hash.begin());
  const std::string party_id = payload->substr(40);
  const PartyInfo* party = parties.FindByKeyHash(key_hash);
  if (party == nullptr || party->id != party_id) {
    return Unauthenticated("the key behind this token is no longer registered to party \"" +
                           party_id + "\"");
  }
  return Reader{party->id, party->role};
}

}  // namespace jirga::api
