// SHA-256 via OpenSSL EVP, and the RFC 6962 leaf/node hashes.
//
// The EVP_MD is fetched once per process (fetching per call costs more than hashing a node).
// All functions are thread-safe; Sha256Hasher is not (one per thread).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jirga {

using Hash = std::array<uint8_t, 32>;

inline std::string_view AsBytes(const Hash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}
std::string HashHex(const Hash& h);

// Incremental hashing with a reused EVP context. Not thread-safe.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Reset();
  void Update(std::string_view data);
  Hash Finish();  // also resets

 private:
  void* ctx_;  // EVP_MD_CTX*, kept opaque so OpenSSL headers stay out of users
};

Hash Sha256(std::string_view data);
// SHA-256 of the concatenation of the parts.
Hash Sha256Concat(std::string_view a, std::string_view b);

// RFC 6962: SHA-256(0x00 || leaf).
Hash LeafHash(std::string_view leaf);
// RFC 6962: SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256("") — the root of the empty tree.
Hash EmptyRoot();

}  // namespace jirga
