// A real signed log of big_n records (1M by default), built through the normal append path, then
// inclusion/consistency proof latency on it and a full VerifyStoredLog audit of it.
#include <atomic>
#include <filesystem>
#include <deque>
#include <random>

#include "bench.h"
#include "kinds/all_kinds.h"
#include "ledger/merkle.h"
#include "ledger/verify.h"

namespace jirga::bench {
namespace {

constexpr size_t kWindow = 8192;  // futures in flight per worker while building

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
        if ((done.fetch_add(1) + 1) % 100000 == 0) {
          Progress("biglog: %llu records appended", static_cast<unsigned long long>(log.Size()));
        }
      }
    }
    while (!window.empty()) {
      Must(window.front().get(), "append");
      window.pop_front();
    }
  });
}

void ReportLatency(Table& table, const std::string& key, const std::string& what,
                   std::vector<double> us, const std::string& note, const CpuTimer& cpu) {
  std::sort(us.begin(), us.end());
  table.Row(key + "_p50", what + ": p50", Percentile(us, 0.50), "µs");
  table.Row(key + "_p99", what + ": **p99**", Percentile(us, 0.99), "µs", "",
            std::string(Percentile(us, 0.99) < 1000 ? "MET" : "NOT met") +
                ": target p99 < 1000 µs" + note + " (" + cpu.MachineNote() + ")");
  table.Row(key + "_max", what + ": max", us.back(), "µs");
}

// 10k InclusionProof(store, random index, size) calls, each timed; every proof is then checked
// against the root (untimed).
void InclusionLatency(Store& store, uint64_t size, const Hash& root, const std::string& ns,
                      Table& table) {
  Progress("biglog: inclusion proofs");
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<uint64_t> pick(0, size - 1);
  for (int i = 0; i < 1000; ++i) Must(InclusionProof(store, pick(rng), size), "warm-up");
  constexpr size_t kProofs = 10000;
  std::vector<uint64_t> idx(kProofs);
  for (auto& x : idx) x = pick(rng);
  std::vector<double> us(kProofs);
  std::vector<std::vector<Hash>> proofs(kProofs);
  CpuTimer cpu;
  for (size_t i = 0; i < kProofs; ++i) {
    Stopwatch sw;
    proofs[i] = Must(InclusionProof(store, idx[i], size), "inclusion proof");
    us[i] = sw.Micros();
  }
  for (size_t i = 0; i < kProofs; ++i) {
    std::string leaf = Must(store.GetLeaf(idx[i]), "leaf");
    if (!VerifyInclusion(LeafHash(leaf), idx[i], size, proofs[i], root)) {
      Fail("inclusion proof does not verify");
    }
  }
  ReportLatency(table, "incl", "InclusionProof(store, random index, " + ns + "), 10k calls", us,
                "; " + std::to_string(proofs[0].size()) + "-hash proofs, all verified", cpu);
}

// 1k ConsistencyProof(store, random old size, size) calls, timed, then checked.
void ConsistencyLatency(Store& store, uint64_t size, const Hash& root, const std::string& ns,
                        Table& table) {
  Progress("biglog: consistency proofs");
  std::mt19937_64 rng(43);
  std::uniform_int_distribution<uint64_t> pick(1, size - 1);
  constexpr size_t kProofs = 1000;
  std::vector<uint64_t> old(kProofs);
  for (auto& x : old) x = pick(rng);
  std::vector<double> us(kProofs);
  std::vector<std::vector<Hash>> proofs(kProofs);
  CpuTimer cpu;
  for (size_t i = 0; i < kProofs; ++i) {
    Stopwatch sw;
    proofs[i] = Must(ConsistencyProof(store, old[i], size), "consistency proof");
    us[i] = sw.Micros();
  }
  for (size_t i = 0; i < kProofs; ++i) {
    Hash old_root = Must(RootAt(store, old[i]), "old root");
    if (!VerifyConsistency(old[i], size, old_root, root, proofs[i])) {
      Fail("consistency proof does not verify");
    }
  }
  ReportLatency(table, "cons", "ConsistencyProof(store, random old size, " + ns + "), 1k calls",
                us, "; all verified", cpu);
}

std::string FileSizes(const std::string& path) {
  std::error_code ec;
  auto db = std::filesystem::file_size(path, ec);
  if (ec) db = 0;
  auto wal = std::filesystem::file_size(path + "-wal", ec);
  if (ec) wal = 0;
  char buf[96];
  std::snprintf(buf, sizeof buf, "store %.0f MB + WAL %.0f MB", static_cast<double>(db) / 1e6,
                static_cast<double>(wal) / 1e6);
  return buf;
}

}  // namespace

void RunBigLog(const Options& opts, Table& table) {
  uint64_t n = opts.big_n;
  const std::string t = std::to_string(opts.threads);
  std::optional<TempDir> dir;
  std::string path = opts.big_store;
  if (path.empty()) {
    dir.emplace(opts, "biglog");
    path = dir->File("jirga.db");
  }
  BenchKeys keys;
  if (std::filesystem::exists(path)) {
    auto store = Must(OpenSqliteStore(path, false), "open " + path);
    n = Must(store->Size(), "size");
    table.Section("A real signed log of " + std::to_string(n) + " records (SQLite, reused from " +
                  path + "): proofs, full verify, appends at that size");
  } else {
    table.Section("A real signed log of " + std::to_string(n) +
                  " records (SQLite): build, proofs, full verify, appends at that size");
    auto log = NewBenchLog(Must(OpenSqliteStore(path, true), "open store"), keys);
    const uint64_t statements = n - log->Size();  // genesis + party registration are 2 records
    Progress("biglog: building a log of %llu records", static_cast<unsigned long long>(n));
    CpuTimer cpu;
    Stopwatch sw;
    Build(*log, keys, statements, opts.threads);
    double wall = sw.Seconds(), c = cpu.Seconds();
    if (log->Size() != n) Fail("big log has " + std::to_string(log->Size()) + " records");
    char note[400];
    std::snprintf(note, sizeof note,
                  "sign + Prepare + append pipelined on %d threads (signing is the client's "
                  "cost, included here); CPU %.1f µs/record, %.2f cores busy (%s); %s",
                  opts.threads, c * 1e6 / static_cast<double>(statements), c / wall,
                  cpu.MachineNote().c_str(), FileSizes(path).c_str());
    table.Row("big_build",
              "building it: durable append incl. signing, " + std::to_string(n) + " records",
              static_cast<double>(statements) / wall, "records/s", "verifyN", note);
  }  // closes the log: its writer drains and the store is closed
  const std::string ns = std::to_string(n);

  // A fresh handle, as `jirga log prove` / `log verify` would open it.
  auto store = Must(OpenSqliteStore(path, false), "reopen store");
  const uint64_t size = Must(store->Size(), "size");
  const Hash root = Must(RootAt(*store, size), "root");

  auto quiet = [&] {
    if (opts.wait_quiet > 0) WaitQuiet(opts.wait_quiet);
  };
  if (opts.Runs("biglog.proofs")) {
    quiet();
    InclusionLatency(*store, size, root, ns, table);
    ConsistencyLatency(*store, size, root, ns, table);
  }

  if (opts.Runs("biglog.verify")) {
    quiet();
    Progress("biglog: full verification of %s records", ns.c_str());
    CpuTimer cpu;
    Stopwatch sw;
    VerifyReport report = Must(VerifyStoredLog(*store, AllKinds(), std::nullopt, opts.threads),
                               "VerifyStoredLog");
    double wall = sw.Seconds(), c = cpu.Seconds();
    if (report.records != size || report.root != root) Fail("verify report does not match the log");
    char note[400];
    std::snprintf(note, sizeof note,
                  "what `jirga log verify` runs; %.1f s total; %llu nodes, %llu checkpoints; "
                  "CPU %.1f µs/record, %.2f cores busy (%s)",
                  wall, static_cast<unsigned long long>(report.nodes),
                  static_cast<unsigned long long>(report.checkpoints),
                  c * 1e6 / static_cast<double>(size), c / wall, cpu.MachineNote().c_str());
    table.Row("verify_log", "**full VerifyStoredLog(" + ns + " records), " + t + " threads**",
              static_cast<double>(size) / wall, "records/s", "verifyN", note);
  }
  store.reset();

  // The same appends as the 100k section, now into the big log: does the writer slow down as
  // the log grows?
  if (opts.Runs("biglog.scale")) {
    quiet();
    const uint64_t m = opts.append_n;
    auto log = Must(Log::Open(Must(OpenSqliteStore(path, false), "reopen store"), keys.log_key,
                              AllKinds()),
                    "open log for writing");
    Progress("biglog: FindLeafHash at %s", ns.c_str());
    {
      const uint64_t probes = 50000;
      std::vector<Hash> absent(probes);
      for (uint64_t i = 0; i < probes; ++i) absent[i] = Sha256("absent " + std::to_string(i));
      Stopwatch sw;
      for (const Hash& h : absent) {
        if (Must(log->store().FindLeafHash(h), "find leaf hash").has_value()) Fail("phantom leaf");
      }
      table.Row("big_find_us", "SqliteStore::FindLeafHash (absent hash) at " + ns + " leaves",
                sw.Micros() / static_cast<double>(probes), "µs/call", "find_us");
    }
    Progress("biglog: durable append of %llu more records", static_cast<unsigned long long>(m));
    std::vector<Submission> subs = SignStatements(keys, m, opts.threads, nullptr);
    PhaseResult r = PrepareAndAppend(*log, std::move(subs), opts.threads);
    table.Row("big_append", "**durable append (Prepare + Enqueue) of " + std::to_string(m) +
                                " records onto the " + ns + "-record log**",
              r.rate, "records/s", "append_sqlite", table.Verdict(r.rate) + "; " + CpuNote(r));
    Progress("biglog: writer only, %llu more records", static_cast<unsigned long long>(m));
    subs = SignStatements(keys, m, opts.threads, nullptr);
    std::vector<Prepared> prepared = PrepareAll(*log, subs, opts.threads, nullptr);
    PhaseResult w = WriterOnly(*log, std::move(prepared));
    table.Row("big_writer", "  writer only (Enqueue pre-prepared) onto the " +
                                std::to_string(log->Size() - m) + "-record log",
              w.rate, "records/s", "writer_sqlite", CpuNote(w) + "; " + FileSizes(path));
  }
}

}  // namespace jirga::bench
