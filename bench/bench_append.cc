// Durable appends through the library (Log::Prepare on worker threads + Enqueue into the one
// writer), on the SQLite store and on the MemoryStore, with a breakdown of where the time goes.
#include "bench.h"
#include "store/memory_store.h"

namespace jirga::bench {

std::string CpuNote(const PhaseResult& r) {
  char buf[192];
  std::snprintf(buf, sizeof buf,
                "CPU %.1f µs/record, %.2f cores busy, wrote %.1f KB/record, %llu writer batches",
                r.cpu_us, r.cores, r.written_kb, static_cast<unsigned long long>(r.batches));
  return r.machine.empty() ? std::string(buf) : std::string(buf) + " (" + r.machine + ")";
}

namespace {

PhaseResult Finish(uint64_t n, const Stopwatch& sw, const CpuTimer& cpu, uint64_t written0) {
  PhaseResult r;
  r.written_kb = static_cast<double>(WrittenBytes() - written0) / 1024 / static_cast<double>(n);
  double wall = sw.Seconds(), c = cpu.Seconds();
  r.rate = static_cast<double>(n) / wall;
  r.cpu_us = c * 1e6 / static_cast<double>(n);
  r.cores = c / wall;
  r.machine = cpu.MachineNote();
  return r;
}

uint64_t Checkpoints(Log& log) {
  uint64_t n = 0;
  Check(log.store().ScanCheckpoints([&](uint64_t, const std::string&) {
    ++n;
    return true;
  }),
        "scan checkpoints");
  return n;
}

void WaitAll(std::vector<std::future<Result<Appended>>>& futures, const std::string& what) {
  for (auto& f : futures) {
    Appended a = Must(f.get(), what);
    if (a.duplicate) Fail(what + ": unexpected duplicate");
  }
}

}  // namespace

PhaseResult PrepareAndAppend(Log& log, std::vector<Submission> subs, int threads) {
  const uint64_t n = subs.size();
  std::vector<std::future<Result<Appended>>> futures(n);
  const uint64_t checkpoints0 = Checkpoints(log);
  const uint64_t written0 = WrittenBytes();
  CpuTimer cpu;
  Stopwatch sw;
  Parallel(threads, [&](int t) {
    for (uint64_t i = static_cast<uint64_t>(t); i < n; i += static_cast<uint64_t>(threads)) {
      futures[i] = log.Enqueue(Must(log.Prepare(std::move(subs[i])), "prepare"));
    }
  });
  WaitAll(futures, "append");
  PhaseResult r = Finish(n, sw, cpu, written0);
  r.batches = Checkpoints(log) - checkpoints0;
  return r;
}

std::vector<Prepared> PrepareAll(Log& log, const std::vector<Submission>& subs, int threads,
                                 PhaseResult* result) {
  const uint64_t n = subs.size();
  std::vector<std::optional<Prepared>> out(n);
  const uint64_t written0 = WrittenBytes();
  CpuTimer cpu;
  Stopwatch sw;
  Parallel(threads, [&](int t) {
    for (uint64_t i = static_cast<uint64_t>(t); i < n; i += static_cast<uint64_t>(threads)) {
      out[i] = Must(log.Prepare(subs[i]), "prepare");
    }
  });
  if (result != nullptr) *result = Finish(n, sw, cpu, written0);
  std::vector<Prepared> prepared;
  prepared.reserve(n);
  for (auto& p : out) prepared.push_back(std::move(*p));
  return prepared;
}

PhaseResult WriterOnly(Log& log, std::vector<Prepared> prepared) {
  const uint64_t n = prepared.size();
  std::vector<std::future<Result<Appended>>> futures;
  futures.reserve(n);
  const uint64_t checkpoints0 = Checkpoints(log);
  const uint64_t written0 = WrittenBytes();
  CpuTimer cpu;
  Stopwatch sw;
  for (auto& p : prepared) futures.push_back(log.Enqueue(std::move(p)));
  WaitAll(futures, "writer-only append");
  PhaseResult r = Finish(n, sw, cpu, written0);
  r.batches = Checkpoints(log) - checkpoints0;
  return r;
}

void RunLibraryAppend(const Options& opts, Table& table) {
  const uint64_t n = opts.append_n;
  const std::string t = std::to_string(opts.threads);
  table.Section("Durable append through the library: " + std::to_string(n) +
                " statement records (~400 B), Prepare on " + t + " threads + Enqueue");
  BenchKeys keys;
  Progress("append: signing %llu records", static_cast<unsigned long long>(n));
  double sign_rate = 0;
  std::vector<Submission> subs = SignStatements(keys, n, opts.threads, &sign_rate);
  table.Row("client_sign", "client signing (SignRecord: salt, commitment, Ed25519), " + t +
                               " threads", sign_rate, "records/s", "",
            "client-side cost, not in the rows below");

  if (opts.Runs("append.durable")) {
    if (opts.wait_quiet > 0) WaitQuiet(opts.wait_quiet);
    Progress("append: SQLite store");
    TempDir dir(opts, "append-sqlite");
    auto log = NewBenchLog(Must(OpenSqliteStore(dir.File("jirga.db"), true), "open store"), keys);
    PhaseResult r = PrepareAndAppend(*log, subs, opts.threads);
    table.Row("append_sqlite", "**jirga durable append, SQLite store (fsync)**", r.rate,
              "records/s", "verifyN",
              table.Verdict(r.rate) +
                  "; Tessera publishes ~10k writes/s on 7 cores, no signature checks; " +
                  CpuNote(r));
    table.Label("append_sqlite", "the same at " + std::to_string(n) + " records");

    // FindLeafHash, done by the writer for every new record, on the filled store.
    Progress("append: FindLeafHash latency");
    Store& store = log->store();
    const uint64_t probes = std::min<uint64_t>(n, 50000);
    std::vector<Hash> absent(probes);
    for (uint64_t i = 0; i < probes; ++i) absent[i] = Sha256("absent " + std::to_string(i));
    Stopwatch sw;
    for (const Hash& h : absent) {
      if (Must(store.FindLeafHash(h), "find leaf hash").has_value()) Fail("phantom leaf");
    }
    table.Row("find_us", "  breakdown: SqliteStore::FindLeafHash (absent hash), 1 thread",
              sw.Micros() / static_cast<double>(probes), "µs/call", "",
              "the writer calls it once per new record, serially, before its transaction");
    table.Label("find_us", "at " + std::to_string(n + 2) + " leaves");
  }

  // Prepare alone (validation + signature check), no store involved.
  std::vector<Prepared> prepared;
  if (opts.Runs("append.prepare") || opts.Runs("append.writer")) {
    Progress("append: Prepare only");
    auto log = NewBenchLog(NewMemoryStore(), keys);
    PhaseResult p1, pn;
    if (opts.Runs("append.prepare")) {
      PrepareAll(*log, subs, 1, &p1);
      table.Row("prepare1", "  breakdown: Log::Prepare only, 1 thread", p1.rate, "records/s",
                "verify1", CpuNote(p1));
    }
    prepared = PrepareAll(*log, subs, opts.threads, &pn);
    if (opts.Runs("append.prepare")) {
      table.Row("prepareN", "  breakdown: Log::Prepare only, " + t + " threads", pn.rate,
                "records/s", "verifyN", CpuNote(pn));
    }
  }

  // The writer alone (sequencer: duplicate check, registry, tree, checkpoint, store), per store.
  if (opts.Runs("append.writer")) {
    Progress("append: writer only (MemoryStore)");
    {
      auto log = NewBenchLog(NewMemoryStore(), keys);
      PhaseResult wm = WriterOnly(*log, prepared);
      table.Row("writer_mem", "  breakdown: writer only (Enqueue pre-prepared), MemoryStore",
                wm.rate, "records/s", "", CpuNote(wm));
    }
    Progress("append: writer only (SQLite)");
    TempDir dir(opts, "append-writer");
    auto log = NewBenchLog(Must(OpenSqliteStore(dir.File("jirga.db"), true), "open store"), keys);
    PhaseResult ws = WriterOnly(*log, std::move(prepared));
    table.Row("writer_sqlite", "  breakdown: writer only (Enqueue pre-prepared), SQLite store",
              ws.rate, "records/s", "sqlite_shape", CpuNote(ws));
    table.Label("writer_sqlite", "the same at " + std::to_string(n) + " records");
  }

  if (opts.Runs("append.memory")) {
    Progress("append: MemoryStore");
    auto log = NewBenchLog(NewMemoryStore(), keys);
    PhaseResult r = PrepareAndAppend(*log, subs, opts.threads);
    table.Row("append_mem", "jirga append, MemoryStore (no fsync, no SQLite)", r.rate,
              "records/s", "verifyN", CpuNote(r));
  }
}

}  // namespace jirga::bench
