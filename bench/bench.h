// Shared pieces of jirga_bench: options, the Markdown result table, timing, temp dirs, record
// fixtures, thread fan-out and running the jirga binary.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"
#include "ledger/record.h"
#include "store/store.h"

namespace jirga::bench {

struct Options {
  uint64_t append_n = 100000;  // records for the durable append and `jirga submit` runs
  uint64_t big_n = 1000000;    // records of the log used for proofs and full verification
  int threads = 2;             // worker threads (the target is stated for 2 cores)
  double seconds = 1.5;        // duration of each fixed-time rate measurement
  std::string dir;             // where temp stores go (default: $TMPDIR or /tmp)
  std::set<std::string> only;  // sections ("append") or phases ("append.durable"); empty: all
  bool keep = false;           // keep the temp dirs (for inspection)
  std::string big_store;       // biglog: reuse (or build and keep) the log at this path
  double wait_quiet = 30;      // seconds to wait for a quiet machine before each section

  // Whether a section ("append") or one of its phases ("append.durable") runs.
  bool Runs(const std::string& name) const {
    if (only.empty() || only.count(name)) return true;
    auto dot = name.find('.');
    if (dot != std::string::npos) return only.count(name.substr(0, dot)) > 0;
    for (const auto& o : only) {
      if (o.rfind(name + ".", 0) == 0) return true;
    }
    return false;
  }
};

// The results table. Rows print as they are measured so a long run shows progress; values are
// also kept by key so later rows can name an earlier measurement as their limit.
class Table {
 public:
  void Header();
  void Section(const std::string& title);
  // `limit_key` names an earlier row whose value is the limit/peer; `note` is free text.
  void Row(const std::string& key, const std::string& name, double value, const std::string& unit,
           const std::string& limit_key = "", const std::string& note = "");
  std::optional<double> Get(const std::string& key) const;
  // A short name for `key` when another row cites it as its limit/peer.
  void Label(const std::string& key, const std::string& label) { labels_[key] = label; }
  // "MET"/"NOT met" against the 18,000/s and against 60% of this run's verify limit.
  std::string Verdict(double rate) const;
  void Set(const std::string& key, double value) { values_[key] = value; }

 private:
  std::map<std::string, double> values_;
  std::map<std::string, std::string> names_;
  std::map<std::string, std::string> units_;
  std::map<std::string, std::string> labels_;
};

std::string FormatValue(double v);

// Wall-clock seconds since construction.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  double Micros() const { return Seconds() * 1e6; }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Runs fn(t) on `n` threads and joins them.
void Parallel(int n, const std::function<void(int t)>& fn);

// Aborts the run with a message: a benchmark that silently measures a failure is worse than none.
[[noreturn]] void Fail(const std::string& what);
void Check(const Status& s, const std::string& what);
template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Fail(what + ": " + r.status().ToString());
  return std::move(r).value();
}

// Progress lines go to stderr so stdout stays the report.
void Progress(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// A temporary directory under Options::dir, removed at destruction unless --keep.
class TempDir {
 public:
  explicit TempDir(const Options& opts, const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  bool keep_;
};

// The statement body used everywhere: ~400-byte records, as in the issue.
Json StatementBody(uint64_t i);
// A serialized statement record from `party`, timestamped now.
std::string StatementRecord(const std::string& party, uint64_t i);

// Process CPU seconds (all threads) since construction: CPU per record shows where a 2-core
// machine's time goes, and CPU / wall shows how many cores were busy.
// MachineNote() says how busy the whole machine was meanwhile (from /proc/stat), so idle time,
// I/O waits and hypervisor steal show up beside each rate.
class CpuTimer {
 public:
  CpuTimer();
  double Seconds() const;
  // "others 0.02 cores, machine idle 3%, iowait 1%, steal 0%"; when other processes used more
  // than 0.25 cores it says CONTENDED and counts the measurement in ContendedCount().
  // `child_cpu` is CPU seconds of child processes to count as ours (e.g. `jirga submit`).
  std::string MachineNote(double child_cpu = 0) const;

 private:
  double start_;
  Stopwatch wall_;
  std::vector<uint64_t> stat_;
};
int ContendedCount();
// Waits (up to `max_seconds`) until processes other than this one use < 0.2 cores: the
// machine is shared and a compile next door halves a 2-core measurement.
void WaitQuiet(double max_seconds);

// The benchmark's log: origin "bench.example/log", the operator, and party "gov" (belligerent,
// may submit statements) registered with `gov_key`.
// Fixed seeds, so a kept store (--big-store) can be reopened for writing by a later run.
struct BenchKeys {
  SigningKey log_key = Seeded("bench.example/log", 'L');
  SigningKey op_key = Seeded("operator", 'O');
  SigningKey gov_key = Seeded("gov", 'G');

  static SigningKey Seeded(const std::string& name, char c) {
    return SigningKey::FromSeed(name, std::string(32, c)).value();
  }
};
std::unique_ptr<Log> NewBenchLog(std::unique_ptr<Store> store, const BenchKeys& keys);

// `n` signed statement submissions from "gov", signed on `threads` threads; returns the
// signing rate (signatures/s, record serialization excluded) through `rate`.
std::vector<Submission> SignStatements(const BenchKeys& keys, uint64_t n, int threads,
                                       double* rate);

// Bytes this process has passed to write()/pwrite() so far (/proc/self/io wchar): SQLite's WAL
// and checkpoint writes, so a delta per record shows write amplification.
uint64_t WrittenBytes();

// One measured phase of appends.
struct PhaseResult {
  double rate = 0;    // records/s
  double cpu_us = 0;  // process CPU µs per record
  double cores = 0;   // CPU seconds / wall seconds
  std::string machine;  // CpuTimer::MachineNote()
  double written_kb = 0;  // bytes written per record / 1024
  uint64_t batches = 0;   // writer batches (one checkpoint, one transaction each)
};
std::string CpuNote(const PhaseResult& r);
// The measured path: `threads` workers each Prepare their share and Enqueue it; done when every
// future has resolved (every record durable).
PhaseResult PrepareAndAppend(Log& log, std::vector<Submission> subs, int threads);
// Prepares everything (optionally timed into `result`).
std::vector<Prepared> PrepareAll(Log& log, const std::vector<Submission>& subs, int threads,
                                 PhaseResult* result);
// Only the writer: every record was prepared beforehand; Enqueue them all and wait.
PhaseResult WriterOnly(Log& log, std::vector<Prepared> prepared);

// p in [0, 1] of sorted `v`.
double Percentile(const std::vector<double>& sorted, double p);

// Runs `argv` (argv[0] a path) with stdin/stdout redirected from/to files ("" = /dev/null);
// stderr is inherited. Returns the exit code (or 128 + signal); the child's user+system CPU
// seconds go to `cpu_seconds` when given.
int RunProgram(const std::vector<std::string>& argv, const std::string& stdin_path,
               const std::string& stdout_path, double* cpu_seconds = nullptr);
std::string ReadWholeFile(const std::string& path);

// Sections (one file each).
void RunCryptoLimits(const Options& opts, Table& table);  // bench_limits.cc
void RunSqliteRaw(const Options& opts, Table& table);     // bench_sqlite.cc
void RunLibraryAppend(const Options& opts, Table& table); // bench_append.cc
void RunSubmitCli(const Options& opts, Table& table);     // bench_submit.cc
void RunBigLog(const Options& opts, Table& table);        // bench_biglog.cc
void RunMonitor(const Options& opts, Table& table);       // bench_monitor.cc
// Writes `n` signed POST /v1/records bodies, one per line (bench_http_inputs.cc).
int SignSubmissions(uint64_t n, const std::string& key_path, const std::string& party,
                    const std::string& out_path);

}  // namespace jirga::bench
