// SHA-256 and the RFC 6962 leaf/node hashes on top of OpenSSL 3 EVP.
#include "ledger/hash.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "base/encoding.h"

namespace jirga {
namespace {

// OpenSSL only fails here on allocation failure or a broken installation. Neither can be
// reported through these signatures, and carrying on would yield a wrong hash that could be
// signed, so the process stops instead.
[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "jirga: fatal: OpenSSL SHA-256 failure in %s\n", what);
  std::abort();
}

// Fetched once: an explicit fetch avoids the implicit per-call lookup that EVP_sha256() would
// cost inside EVP_DigestInit_ex2. Deliberately never freed; it lives as long as the process.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) Die("EVP_MD_fetch");
    return m;
  }();
  return md;
}

EVP_MD_CTX* Ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

// One hasher per thread, so the free functions below never allocate a context per call and
// stay thread-safe without locking.
Sha256Hasher& ThreadHasher() {
  thread_local Sha256Hasher hasher;
  return hasher;
}

}  // namespace

std::string HashHex(const Hash& h) { return HexEncode(AsBytes(h)); }

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) Die("EVP_MD_CTX_new");
  Reset();
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(Ctx(ctx_)); }

void Sha256Hasher::Reset() {
  if (EVP_DigestInit_ex2(Ctx(ctx_), Sha256Md(), nullptr) != 1) Die("EVP_DigestInit_ex2");
}

void Sha256Hasher::Update(std::string_view data) {
  if (data.empty()) return;
  if (EVP_DigestUpdate(Ctx(ctx_), data.data(), data.size()) != 1) Die("EVP_DigestUpdate");
}

Hash Sha256Hasher::Finish() {
  Hash out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(Ctx(ctx_), out.data(), &len) != 1 || len != out.size()) {
    Die("EVP_DigestFinal_ex");
  }
  Reset();
  return out;
}

Hash Sha256(std::string_view data) {
  Sha256Hasher& h = ThreadHasher();
  h.Update(data);
  return h.Finish();
}

Hash Sha256Concat(std::string_view a, std::string_view b) {
  Sha256Hasher& h = ThreadHasher();
  h.Update(a);
  h.Update(b);
  return h.Finish();
}

Hash LeafHash(std::string_view leaf) {
  // The 0x00 / 0x01 prefixes keep leaves and interior nodes in separate domains, so a leaf can
  // never be passed off as a node (RFC 6962 §2.1).
  Sha256Hasher& h = ThreadHasher();
  h.Update(std::string_view("\x00", 1));
  h.Update(leaf);
  return h.Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  Sha256Hasher& h = ThreadHasher();
  h.Update(std::string_view("\x01", 1));
  h.Update(AsBytes(left));
  h.Update(AsBytes(right));
  return h.Finish();
}

Hash EmptyRoot() {
  static const Hash kEmpty = Sha256("");
  return kEmpty;
}

}  // namespace jirga
