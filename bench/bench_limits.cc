// The machine's limits for this workload: Ed25519 verify/sign rates (libsodium, through jirga's
// VerifySignature and SigningKey) and SHA-256 rates (OpenSSL through jirga, libsodium beside it).
#include <sodium.h>

#include <atomic>

#include "bench.h"
#include "ledger/hash.h"

namespace jirga::bench {
namespace {

constexpr size_t kMessages = 4096;

// Calls `op(i)` on `threads` threads for `seconds`; returns total calls per second.
double RateFor(int threads, double seconds, const std::function<void(int t, uint64_t i)>& op) {
  std::atomic<uint64_t> total{0};
  Stopwatch sw;
  Parallel(threads, [&](int t) {
    uint64_t n = 0;
    for (;;) {
      for (int k = 0; k < 64; ++k) op(t, n++);
      if (sw.Seconds() >= seconds) break;
    }
    total += n;
  });
  return static_cast<double>(total.load()) / sw.Seconds();
}

}  // namespace

void RunCryptoLimits(const Options& opts, Table& table) {
  Progress("limits: Ed25519 verify and sign");
  table.Section("Limits of this machine (libsodium Ed25519, SHA-256)");
  // 48-byte messages: jirga signs "jirga/v1/record\0" || commitment[32].
  SigningKey key = SigningKey::Generate("bench");
  std::vector<std::string> msgs(kMessages);
  std::vector<SignatureBytes> sigs(kMessages);
  for (size_t i = 0; i < kMessages; ++i) {
    msgs[i] = RecordSigningMessage(Sha256(std::to_string(i)));
    if (msgs[i].size() != 48) Fail("signing message is not 48 bytes");
    sigs[i] = key.Sign(msgs[i]);
  }
  const PublicKeyBytes pub = key.verifier().pub;
  std::atomic<uint64_t> bad{0};
  auto verify = [&](int, uint64_t i) {
    size_t k = i % kMessages;
    if (!VerifySignature(pub, msgs[k], sigs[k])) ++bad;
  };
  table.Row("verify1", "Ed25519 verify (crypto_sign_verify_detached), 1 thread",
            RateFor(1, opts.seconds, verify), "verifies/s");
  table.Label("verify1", "verify, 1 thread");
  const std::string t = std::to_string(opts.threads);
  table.Row("verifyN", "Ed25519 verify, " + t + " threads = **the limit**",
            RateFor(opts.threads, opts.seconds, verify), "verifies/s", "verify1",
            "the issue's target for durable appends is 60% of this");
  if (bad.load() != 0) Fail("a valid signature failed to verify");
  table.Label("verifyN", "verify limit, " + t + " threads");

  std::atomic<uint64_t> sink{0};
  table.Row("sign1", "Ed25519 sign (client cost), 1 thread",
            RateFor(1, opts.seconds,
                    [&](int, uint64_t i) { sink += key.Sign(msgs[i % kMessages])[0]; }),
            "signs/s");

  Progress("limits: SHA-256");
  // Node hashes: SHA-256(0x01 || left || right), 65 bytes, what the tree does.
  std::vector<Hash> chain(static_cast<size_t>(opts.threads), Sha256("seed"));
  table.Row("node1", "SHA-256 node hash (jirga NodeHash, OpenSSL EVP), 1 thread",
            RateFor(1, opts.seconds,
                    [&](int t, uint64_t) {
                      chain[static_cast<size_t>(t)] =
                          NodeHash(chain[static_cast<size_t>(t)], chain[static_cast<size_t>(t)]);
                    }),
            "hashes/s");
  table.Label("node1", "OpenSSL node hash");
  std::vector<uint8_t> in65(65, 1);
  table.Row("node_sodium", "SHA-256 of 65 B (libsodium crypto_hash_sha256), 1 thread",
            RateFor(1, opts.seconds,
                    [&](int, uint64_t) {
                      uint8_t out[32];
                      crypto_hash_sha256(out, in65.data(), in65.size());
                      in65[1] = out[0];
                    }),
            "hashes/s", "node1");
  // Bulk: 1 MiB buffers.
  const std::string mib(1 << 20, 'x');
  double openssl_rate = RateFor(1, opts.seconds, [&](int, uint64_t) { sink += Sha256(mib)[0]; });
  table.Row("sha_gbs", "SHA-256 1 MiB buffers (jirga Sha256, OpenSSL), 1 thread",
            openssl_rate * mib.size() / 1e9, "GB/s");
  table.Label("sha_gbs", "OpenSSL, 1 MiB");
  double sodium_rate = RateFor(1, opts.seconds, [&](int, uint64_t) {
    uint8_t out[32];
    crypto_hash_sha256(out, reinterpret_cast<const uint8_t*>(mib.data()), mib.size());
    sink += out[0];
  });
  table.Row("sha_sodium_gbs", "SHA-256 1 MiB buffers (libsodium crypto_hash_sha256), 1 thread",
            sodium_rate * mib.size() / 1e9, "GB/s", "sha_gbs");
  if (sink.load() == 42) Progress("(unlikely sink value)");
}

}  // namespace jirga::bench
