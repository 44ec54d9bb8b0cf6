// Ed25519 keys on libsodium, and their c2sp.org/signed-note vkey and private-key text forms.
#include "ledger/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "base/encoding.h"
#include "base/file.h"

namespace jirga {
namespace {

// The signature type byte c2sp.org/signed-note assigns to Ed25519.
constexpr uint8_t kEd25519Type = 0x01;
constexpr size_t kMaxKeyNameBytes = 256;
constexpr std::string_view kPrivateKeyPrefix = "PRIVATE+KEY+";

// Decodes one code point of strict UTF-8 at s[*i] and advances *i. Rejects overlong forms,
// surrogates and values above U+10FFFF, as Go's utf8.ValidString does, so that a name we accept
// is one every other signed-note implementation accepts too.
bool NextCodePoint(std::string_view s, size_t* i, uint32_t* cp) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b0 = byte(*i);
  if (b0 < 0x80) {
    *cp = b0;
    *i += 1;
    return true;
  }
  size_t len;
  uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return false;
  }
  if (s.size() - *i < len) return false;
  for (size_t k = 1; k < len; ++k) {
    uint8_t b = byte(*i + k);
    if ((b & 0xC0) != 0x80) return false;
    *cp = *cp << 6 | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return false;
  *i += len;
  return true;
}

// Go's unicode.IsSpace set: the spec forbids "any Unicode spaces" in key names.
bool IsUnicodeSpace(uint32_t cp) {
  constexpr uint32_t kSpaces[] = {'\t', '\n',   '\v',   '\f',   '\r',   ' ',    0x85,
                                  0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  if (cp >= 0x2000 && cp <= 0x200A) return true;
  return std::find(std::begin(kSpaces), std::end(kSpaces), cp) != std::end(kSpaces);
}

std::string Hex8(uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

// Exactly eight lowercase hex digits, the form Go and the spec examples write, so a key ID has
// one spelling.
bool ParseHex8(std::string_view s, uint32_t* out) {
  if (s.size() != 8) return false;
  uint32_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    v = v << 4 | static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

// A std::string holding secret bytes, wiped when it goes out of scope (best effort: copies the
// allocator made while growing are beyond reach, so callers build these at their final size).
struct WipedString {
  std::string s;
  ~WipedString() { sodium_memzero(s.data(), s.size()); }
};

// "name+hex8+base64": splits on the first two '+' only, because the base64 alphabet has '+'.
struct KeyTextParts {
  std::string_view name, id_hex, b64;
};
bool SplitKeyText(std::string_view text, KeyTextParts* parts) {
  size_t p1 = text.find('+');
  if (p1 == std::string_view::npos) return false;
  size_t p2 = text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return false;
  *parts = {text.substr(0, p1), text.substr(p1 + 1, p2 - p1 - 1), text.substr(p2 + 1)};
  return true;
}

// Decodes base64(type || 32 bytes) into `out`, checking the type byte and length.
Status DecodeTypedKey(std::string_view b64, std::string_view what, uint8_t out[32]) {
  Result<std::string> raw = Base64Decode(b64);
  if (!raw.ok()) return InvalidArgument(std::string(what) + ": " + raw.status().message());
  WipedString bytes;
  bytes.s.swap(raw.value());
  if (bytes.s.empty()) return InvalidArgument(std::string(what) + " is empty");
  uint8_t type = static_cast<uint8_t>(bytes.s[0]);
  if (type != kEd25519Type) {
    return InvalidArgument(std::string(what) + " has key type 0x" +
                           HexEncode(bytes.s.substr(0, 1)) + "; only Ed25519 (0x01) is supported");
  }
  if (bytes.s.size() != 33) {
    return InvalidArgument(std::string(what) + " is " + std::to_string(bytes.s.size()) +
                           " bytes, want 33 (type byte and 32-byte key)");
  }
  std::memcpy(out, bytes.s.data() + 1, 32);
  return Status::Ok();
}

// An empty string_view may carry a null pointer; libsodium only hashes zero bytes from it, but
// handing C code a real address avoids relying on that.
const unsigned char* MessagePtr(std::string_view message) {
  static const unsigned char kEmpty = 0;
  return message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
}

}  // namespace

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Without a working libsodium nothing can be signed or verified; carrying on would only
    // produce confusing failures later.
    if (sodium_init() < 0) {
      std::fprintf(stderr, "jirga: sodium_init failed\n");
      std::abort();
    }
  });
}

std::string VerifierKey::ToVkey() const {
  std::string typed(1, static_cast<char>(kEd25519Type));
  typed.append(reinterpret_cast<const char*>(pub.data()), pub.size());
  return name + "+" + Hex8(key_id) + "+" + Base64Encode(typed);
}

Hash VerifierKey::PubHash() const {
  return Sha256(std::string_view(reinterpret_cast<const char*>(pub.data()), pub.size()));
}

Status ValidateKeyName(std::string_view name) {
  if (name.empty()) return InvalidArgument("key name is empty");
  if (name.size() > kMaxKeyNameBytes) {
    return InvalidArgument("key name is " + std::to_string(name.size()) + " bytes, more than " +
                           std::to_string(kMaxKeyNameBytes));
  }
  size_t i = 0;
  while (i < name.size()) {
    uint32_t cp;
    if (!NextCodePoint(name, &i, &cp)) return InvalidArgument("key name is not valid UTF-8");
    if (cp == '+') return InvalidArgument("key name contains '+'");
    if (IsUnicodeSpace(cp)) return InvalidArgument("key name contains a space");
    // Control characters (C0, DEL, C1) would make names print ambiguously in logs and notes.
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return InvalidArgument("key name contains a control character");
    }
  }
  return Status::Ok();
}

uint32_t ComputeKeyId(std::string_view name, const PublicKeyBytes& pub) {
  Sha256Hasher h;
  h.Update(name);
  h.Update(std::string_view("\n\x01", 2));
  h.Update(std::string_view(reinterpret_cast<const char*>(pub.data()), pub.size()));
  Hash d = h.Finish();
  return uint32_t{d[0]} << 24 | uint32_t{d[1]} << 16 | uint32_t{d[2]} << 8 | uint32_t{d[3]};
}

Result<VerifierKey> ParseVkey(std::string_view vkey) {
  KeyTextParts parts;
  if (!SplitKeyText(vkey, &parts)) {
    return InvalidArgument("vkey must be name+keyid+key: wrong number of '+'-separated parts");
  }
  if (Status st = ValidateKeyName(parts.name); !st.ok()) return st.WithContext("vkey");
  uint32_t id;
  if (!ParseHex8(parts.id_hex, &id)) {
    return InvalidArgument("vkey key ID must be 8 lowercase hex digits");
  }
  VerifierKey key;
  key.name = std::string(parts.name);
  RETURN_IF_ERROR(DecodeTypedKey(parts.b64, "vkey public key", key.pub.data()));
  key.key_id = ComputeKeyId(key.name, key.pub);
  if (key.key_id != id) {
    return InvalidArgument("vkey key ID " + Hex8(id) + " does not match name and key (want " +
                           Hex8(key.key_id) + ")");
  }
  return key;
}

SigningKey SigningKey::Generate(std::string name) {
  InitCrypto();
  std::array<uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  Result<SigningKey> key =
      FromSeed(std::move(name), std::string_view(reinterpret_cast<char*>(seed.data()), 32));
  sodium_memzero(seed.data(), seed.size());
  // The only possible failure is a bad name, which the caller must have validated: a key that
  // could never be written out and read back is a bug, not a runtime condition.
  if (!key.ok()) {
    std::fprintf(stderr, "jirga: SigningKey::Generate: %s\n", key.status().ToString().c_str());
    std::abort();
  }
  return std::move(key).value();
}

Result<SigningKey> SigningKey::FromSeed(std::string name, std::string_view seed) {
  InitCrypto();
  RETURN_IF_ERROR(ValidateKeyName(name));
  if (seed.size() != 32) {
    return InvalidArgument("Ed25519 seed is " + std::to_string(seed.size()) + " bytes, want 32");
  }
  SigningKey key;
  std::memcpy(key.seed_.data(), seed.data(), 32);
  crypto_sign_seed_keypair(key.verifier_.pub.data(), key.secret_.data(), key.seed_.data());
  key.verifier_.name = std::move(name);
  key.verifier_.key_id = ComputeKeyId(key.verifier_.name, key.verifier_.pub);
  return key;
}

Result<SigningKey> SigningKey::Parse(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.starts_with(kPrivateKeyPrefix)) {
    return InvalidArgument("private key must start with \"PRIVATE+KEY+\"");
  }
  text.remove_prefix(kPrivateKeyPrefix.size());
  KeyTextParts parts;
  if (!SplitKeyText(text, &parts)) {
    return InvalidArgument("private key must be PRIVATE+KEY+name+keyid+key: missing parts");
  }
  if (Status st = ValidateKeyName(parts.name); !st.ok()) return st.WithContext("private key");
  uint32_t id;
  if (!ParseHex8(parts.id_hex, &id)) {
    return InvalidArgument("private key ID must be 8 lowercase hex digits");
  }
  std::array<uint8_t, 32> seed;
  Status st = DecodeTypedKey(parts.b64, "private key seed", seed.data());
  Result<SigningKey> key =
      st.ok() ? FromSeed(std::string(parts.name),
                         std::string_view(reinterpret_cast<char*>(seed.data()), seed.size()))
              : Result<SigningKey>(st);
  sodium_memzero(seed.data(), seed.size());
  if (!key.ok()) return key.status();
  // The ID is derived from the public key, so a mismatch means the seed or name was altered.
  if (key->verifier().key_id != id) {
    return InvalidArgument("private key ID " + Hex8(id) +
                           " does not match the key's name and public key");
  }
  return key;
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  Result<std::string> read = ReadSecretFile(path);
  if (!read.ok()) return read.status();
  WipedString text;
  text.s.swap(read.value());
  Result<SigningKey> key = Parse(text.s);
  if (!key.ok()) return key.status().WithContext("key file " + path);
  return key;
}

Status SigningKey::Save(const std::string& path) const {
  WipedString text{ToText()};
  return WriteFileAtomic(path, text.s, 0600, /*exclusive=*/true);
}

std::string SigningKey::ToText() const {
  WipedString typed;
  typed.s.reserve(33);
  typed.s.push_back(static_cast<char>(kEd25519Type));
  typed.s.append(reinterpret_cast<const char*>(seed_.data()), seed_.size());
  WipedString b64{Base64Encode(typed.s)};
  std::string out;
  out.reserve(kPrivateKeyPrefix.size() + verifier_.name.size() + 10 + b64.s.size() + 1);
  out.append(kPrivateKeyPrefix);
  out.append(verifier_.name).append("+").append(Hex8(verifier_.key_id)).append("+");
  out.append(b64.s).append("\n");
  return out;
}

SignatureBytes SigningKey::Sign(std::string_view message) const {
  SignatureBytes sig;
  crypto_sign_detached(sig.data(), nullptr, MessagePtr(message), message.size(), secret_.data());
  return sig;
}

std::array<uint8_t, 32> SigningKey::DeriveSecret(std::string_view context) const {
  std::array<uint8_t, 32> out;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, seed_.data(), seed_.size());
  crypto_auth_hmacsha256_update(&st, MessagePtr(context), context.size());
  crypto_auth_hmacsha256_final(&st, out.data());
  sodium_memzero(&st, sizeof st);
  return out;
}

SigningKey::~SigningKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

bool VerifySignature(const PublicKeyBytes& pub, std::string_view message,
                     const SignatureBytes& sig) {
  InitCrypto();
  int rc = crypto_sign_verify_detached(sig.data(), MessagePtr(message), message.size(), pub.data());
  return rc == 0;
}

}  // namespace jirga
