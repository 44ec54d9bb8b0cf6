// A real signed log of big_n records (1M by default), built through the normal append path, then
// inclusion/consistency proof latency on it and a full VerifyStoredLog audit of it.
#include <atomic>
#include <deque>
#include <random>

#include "bench.h"
#include "kinds/all_kinds.h"
#include "ledger/merkle.h"
#include "ledger/verify.h"

namespace jirga::bench {
namespace {

constexpr size_t kWindow = 8192;  // futures in flight per worker while building

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};

Latency Summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  return Latency{Percentile(us, 0.50), Percentile(us, 0.99), us.back()};
}

// Every record is real: built, signed by the party key, Prepared (signature verified) and
// appended by the writer, exactly as a client and server would; workers pipeline the stages.
void Build(Log& log, const BenchKeys& keys, uint64_t records, int threads) {
  std::atomic<uint64_t> done{0};
  Parallel(threads, [&](int t) {
    std::deque<std::future<Result<Appended>>> window;
    for (uint64_t i = static_cast<uint64_t>(t); i < records; i += static_cast<uint64_t>(threads)) {
      Submission s = SignRecord(StatementRecord("gov", i), keys.gov_key);
      window.push_back(log.Enqueue(Must(log.Prepare(std::move(s)), "prepare")));
      if (window.size() > kWindow) {
        Must(window.front().get(), "append");
        window.pop_front();
        if (t == 0 && (done.fetch_add(kWindow) / kWindow) % 16 == 0) {
          Progress("biglog: ~%llu records appended", static_cast<unsigned long long>(log.Size()));
        }
      }
    }
    while (!window.empty()) {
      Must(window.front().get(), "append");
      window.pop_front();
    }
  });
}

}  // namespace

void RunBigLog(const Options& opts, Table& table) {
  const uint64_t n = opts.big_n;
  const std::string ns = std::to_string(n);
  const std::string t = std::to_string(opts.threads);
  table.Section("A real signed log of " + ns + " records (SQLite): build, proofs, full verify");
  TempDir dir(opts, "biglog");
  const std::string path = dir.File("jirga.db");
  BenchKeys keys;
  {
    auto log = NewBenchLog(Must(OpenSqliteStore(path, true), "open store"), keys);
    const uint64_t statements = n - log->Size();  // genesis + party registration are 2 records
    Progress("biglog: building a log of %s records", ns.c_str());
    CpuTimer cpu;
    Stopwatch sw;
    Build(*log, keys, statements, opts.threads);
    double wall = sw.Seconds(), c = cpu.Seconds();
    if (log->Size() != n) Fail("big log has " + std::to_string(log->Size()) + " records");
    char note[160];
    std::snprintf(note, sizeof note,
                  "sign + Prepare + append pipelined on %d threads (signing is the client's "
                  "cost, included here); CPU %.1f µs/record, %.2f cores busy",
                  opts.threads, c * 1e6 / static_cast<double>(statements), c / wall);
    table.Row("big_build", "building it: durable append incl. signing, " + ns + " records",
              static_cast<double>(statements) / wall, "records/s", "verifyN", note);
  }  // closes the log: its writer drains and the store is closed

  // A fresh handle, as `jirga log prove` / `log verify` would open it.
  auto store = Must(OpenSqliteStore(path, false), "reopen store");
  const uint64_t size = Must(store->Size(), "size");
  const Hash root = Must(RootAt(*store, size), "root");
  std::mt19937_64 rng(42);

  Progress("biglog: inclusion proofs");
  {
    std::uniform_int_distribution<uint64_t> pick(0, size - 1);
    for (int i = 0; i < 1000; ++i) Must(InclusionProof(*store, pick(rng), size), "warm-up");
    constexpr int kProofs = 10000;
    std::vector<uint64_t> idx(kProofs);
    for (auto& x : idx) x = pick(rng);
    std::vector<double> us(kProofs);
    std::vector<std::vector<Hash>> proofs(kProofs);
    for (int i = 0; i < kProofs; ++i) {
      Stopwatch sw;
      proofs[static_cast<size_t>(i)] = Must(InclusionProof(*store, idx[static_cast<size_t>(i)], size), "inclusion proof");
      us[static_cast<size_t>(i)] = sw.Micros();
    }
    for (int i = 0; i < kProofs; ++i) {  // not timed: every proof must verify
      std::string leaf = Must(store->GetLeaf(idx[static_cast<size_t>(i)]), "leaf");
      if (!VerifyInclusion(LeafHash(leaf), idx[static_cast<size_t>(i)], size,
                           proofs[static_cast<size_t>(i)], root)) {
        Fail("inclusion proof does not verify");
      }
    }
    Latency l = Summarize(us);
    const std::string what = "InclusionProof(store, random index, " + ns + "), 10k calls";
    table.Set("proof_target_us", 1000);
    table.Row("incl_p50", what + ": p50", l.p50, "µs");
    table.Row("incl_p99", what + ": **p99**", l.p99, "µs", "",
              std::string(l.p99 < 1000 ? "MET" : "NOT met") + ": target p99 < 1000 µs; " +
                  std::to_string(proofs[0].size()) + "-hash proofs");
    table.Row("incl_max", what + ": max", l.max, "µs");
  }

  Progress("biglog: consistency proofs");
  {
    std::uniform_int_distribution<uint64_t> pick(1, size - 1);
    constexpr int kProofs = 1000;
    std::vector<uint64_t> old(kProofs);
    for (auto& x : old) x = pick(rng);
    std::vector<double> us(kProofs);
    std::vector<std::vector<Hash>> proofs(kProofs);
    for (int i = 0; i < kProofs; ++i) {
      Stopwatch sw;
      proofs[static_cast<size_t>(i)] = Must(ConsistencyProof(*store, old[static_cast<size_t>(i)], size), "consistency proof");
      us[static_cast<size_t>(i)] = sw.Micros();
    }
    for (int i = 0; i < kProofs; ++i) {
      Hash old_root = Must(RootAt(*store, old[static_cast<size_t>(i)]), "old root");
      if (!VerifyConsistency(old[static_cast<size_t>(i)], size, old_root, root,
                             proofs[static_cast<size_t>(i)])) {
        Fail("consistency proof does not verify");
      }
    }
    Latency l = Summarize(us);
    const std::string what = "ConsistencyProof(store, random old size, " + ns + "), 1k calls";
    table.Row("cons_p50", what + ": p50", l.p50, "µs");
    table.Row("cons_p99", what + ": **p99**", l.p99, "µs", "",
              std::string(l.p99 < 1000 ? "MET" : "NOT met") + ": target p99 < 1000 µs");
    table.Row("cons_max", what + ": max", l.max, "µs");
  }

  Progress("biglog: full verification of %s records", ns.c_str());
  {
    CpuTimer cpu;
    Stopwatch sw;
    VerifyReport report = Must(VerifyStoredLog(*store, AllKinds(), std::nullopt, opts.threads),
                               "VerifyStoredLog");
    double wall = sw.Seconds(), c = cpu.Seconds();
    if (report.records != size || report.root != root) Fail("verify report does not match the log");
    char note[200];
    std::snprintf(note, sizeof note,
                  "what `jirga log verify` runs; %.1f s total; %llu nodes, %llu checkpoints; "
                  "CPU %.1f µs/record, %.2f cores busy",
                  wall, static_cast<unsigned long long>(report.nodes),
                  static_cast<unsigned long long>(report.checkpoints),
                  c * 1e6 / static_cast<double>(size), c / wall);
    table.Row("verify_log", "**full VerifyStoredLog(" + ns + " records), " + t + " threads**",
              static_cast<double>(size) / wall, "records/s", "verifyN", note);
  }
}

}  // namespace jirga::bench
