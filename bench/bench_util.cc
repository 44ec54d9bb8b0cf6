// Shared helpers of jirga_bench: the Markdown table, timers and machine-load sampling, temp
// dirs, record fixtures, the benchmark log's setup, threads and running the jirga binary.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "bench.h"
#include "kinds/all_kinds.h"

extern char** environ;

namespace jirga::bench {

// ---- Table ----------------------------------------------------------------------------------

std::string FormatValue(double v) {
  char buf[64];
  double a = std::fabs(v);
  if (a >= 1000) {
    // Thousands separators for rates.
    auto n = static_cast<long long>(std::llround(v));
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
  }
  if (a >= 100) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (a >= 10) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

void Table::Header() {
  std::printf("| Measurement | Value | Unit | Limit / peer (same run) | %% of it | Notes |\n");
  std::printf("|---|---:|---|---|---:|---|\n");
  std::fflush(stdout);
}

void Table::Section(const std::string& title) {
  std::printf("| **%s** | | | | | |\n", title.c_str());
  std::fflush(stdout);
}

void Table::Row(const std::string& key, const std::string& name, double value,
                const std::string& unit, const std::string& limit_key, const std::string& note) {
  values_[key] = value;
  names_[key] = name;
  units_[key] = unit;
  std::string limit, ratio;
  if (!limit_key.empty()) {
    auto it = values_.find(limit_key);
    if (it != values_.end()) {
      auto label = labels_.find(limit_key);
      limit = (label != labels_.end() ? label->second : names_[limit_key]) + ": " +
              FormatValue(it->second) + " " + units_[limit_key];
      if (it->second != 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * value / it->second);
        ratio = buf;
      }
    } else {
      limit = "(" + limit_key + " not measured in this run)";
    }
  }
  std::printf("| %s | %s | %s | %s | %s | %s |\n", name.c_str(), FormatValue(value).c_str(),
              unit.c_str(), limit.c_str(), ratio.c_str(), note.c_str());
  std::fflush(stdout);
}

std::string Table::Verdict(double rate) const {
  std::string v = std::string(rate >= 18000 ? "MET" : "NOT met") + " the issue's ≥ 18,000/s";
  if (auto limit = Get("verifyN")) {
    double target = 0.6 * *limit;
    v += std::string("; ") + (rate >= target ? "MET" : "NOT met") + " 60% of this run's limit (≥ " +
         FormatValue(target) + "/s)";
  }
  return v;
}

std::optional<double> Table::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

// ---- Helpers --------------------------------------------------------------------------------

void Parallel(int n, const std::function<void(int t)>& fn) {
  std::vector<std::thread> pool;
  for (int t = 0; t < n; ++t) pool.emplace_back(fn, t);
  for (auto& th : pool) th.join();
}

void Fail(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "jirga_bench: FAILED: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& s, const std::string& what) {
  if (!s.ok()) Fail(what + ": " + s.ToString());
}

void Progress(const char* fmt, ...) {
  static const Stopwatch start;
  std::fprintf(stderr, "[%7.1fs] ", start.Seconds());
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
}

TempDir::TempDir(const Options& opts, const std::string& tag) : keep_(opts.keep) {
  std::string tmpl = opts.dir + "/jirga-bench-" + tag + "-XXXXXX";
  char* p = ::mkdtemp(tmpl.data());
  if (p == nullptr) Fail("mkdtemp " + tmpl);
  path_ = p;
}

TempDir::~TempDir() {
  if (keep_) {
    Progress("kept %s", path_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Json StatementBody(uint64_t i) {
  // ~300 bytes of text: with the envelope the record is ~400 bytes.
  static const std::string kText =
      "The parties reaffirm the ceasefire along the agreed line of contact and commit to the "
      "exchange of detainees listed in annex B within thirty days. Verification teams shall have "
      "unimpeded access to the sites named in annex C. Any alleged violation is to be reported "
      "to the joint commission within 48 hours, with evidence.";
  return Json{{"title", "Statement " + std::to_string(i)}, {"text", kText}};
}

std::string StatementRecord(const std::string& party, uint64_t i) {
  Record r;
  r.kind = "statement";
  r.party = party;
  r.time = FormatRfc3339(SystemClock()->NowMicros());
  r.body = StatementBody(i);
  return SerializeRecord(r);
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1];
}

int RunProgram(const std::vector<std::string>& argv, const std::string& stdin_path,
               const std::string& stdout_path, double* cpu_seconds) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(),
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1,
                                   stdout_path.empty() ? "/dev/null" : stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) Fail("spawn " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) < 0) Fail("wait4 " + argv[0]);
  if (cpu_seconds != nullptr) {
    *cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                   static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// The aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal.
std::vector<uint64_t> ReadProcStat() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  std::vector<uint64_t> v;
  for (int i = 0; i < 8; ++i) {
    uint64_t x = 0;
    in >> x;
    v.push_back(x);
  }
  return v;
}

}  // namespace

uint64_t WrittenBytes() {
  std::ifstream in("/proc/self/io");
  for (std::string key; in >> key;) {
    uint64_t v = 0;
    in >> v;
    if (key == "wchar:") return v;
  }
  return 0;
}

namespace {

std::atomic<int> contended{0};

// Cores busy machine-wide between two /proc/stat samples (everything but idle and iowait).
double BusyCores(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, double wall) {
  double d[8], total = 0;
  for (int i = 0; i < 8; ++i) total += d[i] = static_cast<double>(b[i] - a[i]);
  if (total <= 0 || wall <= 0) return 0;
  double ncpu = total / (wall * static_cast<double>(sysconf(_SC_CLK_TCK)));
  return (total - d[3] - d[4]) / total * ncpu;
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int ContendedCount() { return contended.load(); }

void WaitQuiet(double max_seconds) {
  Stopwatch waited;
  bool said = false;
  for (;;) {
    auto a = ReadProcStat();
    double c0 = ProcessCpuSeconds();
    Stopwatch sw;
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    double others = BusyCores(a, ReadProcStat(), sw.Seconds()) -
                    (ProcessCpuSeconds() - c0) / sw.Seconds();
    if (others < 0.2) return;
    if (waited.Seconds() > max_seconds) {
      Progress("machine still busy (others %.2f cores); measuring anyway", others);
      return;
    }
    if (!said) Progress("waiting for other processes to quiet down (%.2f cores)", others);
    said = true;
  }
}

CpuTimer::CpuTimer() : start_(0), stat_(ReadProcStat()) { start_ = ProcessCpuSeconds(); }

double CpuTimer::Seconds() const { return ProcessCpuSeconds() - start_; }

std::string CpuTimer::MachineNote(double child_cpu) const {
  std::vector<uint64_t> now = ReadProcStat();
  double d[8], total = 0;
  for (int i = 0; i < 8; ++i) total += d[i] = static_cast<double>(now[i] - stat_[i]);
  if (total <= 0) return "";
  double wall = wall_.Seconds();
  double others = std::max(0.0, BusyCores(stat_, now, wall) - (Seconds() + child_cpu) / wall);
  char buf[160];
  std::snprintf(buf, sizeof buf, "others %.2f cores, machine idle %.0f%%, iowait %.0f%%, steal %.0f%%%s",
                others, 100 * d[3] / total, 100 * d[4] / total, 100 * d[7] / total,
                others > 0.25 ? " — **CONTENDED**" : "");
  if (others > 0.25) ++contended;
  return buf;
}

std::unique_ptr<Log> NewBenchLog(std::unique_ptr<Store> store, const BenchKeys& keys) {
  auto log = Must(Log::Create(std::move(store), "bench.example/log", keys.log_key, keys.op_key,
                              "Operator", AllKinds()),
                  "create log");
  Record r;
  r.kind = "party";
  r.party = "operator";
  r.time = FormatRfc3339(SystemClock()->NowMicros());
  r.body = {{"id", "gov"},
            {"name", "Government"},
            {"role", "belligerent"},
            {"vkeys", {keys.gov_key.verifier().ToVkey()}},
            {"kinds", {"statement"}}};
  Must(log->Append(SignRecord(SerializeRecord(r), keys.op_key)), "register party gov");
  return log;
}

std::vector<Submission> SignStatements(const BenchKeys& keys, uint64_t n, int threads,
                                       double* rate) {
  std::vector<std::string> records(n);
  Parallel(threads, [&](int t) {
    for (uint64_t i = static_cast<uint64_t>(t); i < n; i += static_cast<uint64_t>(threads)) {
      records[i] = StatementRecord("gov", i);
    }
  });
  std::vector<Submission> subs(n);
  Stopwatch sw;
  Parallel(threads, [&](int t) {
    for (uint64_t i = static_cast<uint64_t>(t); i < n; i += static_cast<uint64_t>(threads)) {
      subs[i] = SignRecord(std::move(records[i]), keys.gov_key);
    }
  });
  if (rate != nullptr) *rate = static_cast<double>(n) / sw.Seconds();
  return subs;
}

}  // namespace jirga::bench
