// jirga_bench: measures the machine's crypto and SQLite limits and jirga's append, submit, proof
// and verification rates in one run, printing a Markdown table with each number beside its limit.
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench.h"
#include "base/clock.h"

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
      limit = names_[limit_key] + ": " + FormatValue(it->second) + " " + units_[limit_key];
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

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

void PrintMachine(const Options& opts) {
  utsname u{};
  uname(&u);
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  std::printf("# jirga_bench\n\n");
  std::printf("- date: %s\n", date);
  std::printf("- machine: nproc %ld, CPU %s, kernel %s %s (%s)\n", sysconf(_SC_NPROCESSORS_ONLN),
              CpuModel().c_str(), u.sysname, u.release, u.machine);
  std::printf("- libraries: libsodium %s, %s, SQLite %s\n", sodium_version_string(),
              OpenSSL_version(OPENSSL_VERSION), sqlite3_libversion());
  std::printf("- options: append_n %llu, big_n %llu, threads %d, temp dir %s\n",
              static_cast<unsigned long long>(opts.append_n),
              static_cast<unsigned long long>(opts.big_n), opts.threads, opts.dir.c_str());
  std::printf("- jirga binary: %s\n\n", JIRGA_BINARY);
  std::fflush(stdout);
}

void Usage() {
  std::fprintf(stderr,
               "usage: jirga_bench [--quick] [--n N] [--big N] [--threads T] [--seconds S]\n"
               "                   [--dir DIR] [--only SECTION[,SECTION...]] [--keep]\n"
               "  sections: limits, sqlite, append, submit, biglog\n"
               "  --quick   big log of 100k records instead of 1M (smoke run)\n");
  std::exit(2);
}

}  // namespace
}  // namespace jirga::bench

int main(int argc, char** argv) {
  using namespace jirga::bench;
  Options opts;
  if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0') {
    opts.dir = t;
  } else {
    opts.dir = "/tmp";
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (a == "--quick") {
      opts.big_n = 100000;
    } else if (a == "--n") {
      opts.append_n = std::stoull(next());
    } else if (a == "--big") {
      opts.big_n = std::stoull(next());
    } else if (a == "--threads") {
      opts.threads = std::stoi(next());
    } else if (a == "--seconds") {
      opts.seconds = std::stod(next());
    } else if (a == "--dir") {
      opts.dir = next();
    } else if (a == "--keep") {
      opts.keep = true;
    } else if (a == "--only") {
      std::stringstream ss(next());
      for (std::string s; std::getline(ss, s, ',');) opts.only.insert(s);
    } else {
      Usage();
    }
  }
  if (opts.threads < 1 || opts.append_n < 1 || opts.big_n < 2) Usage();
  jirga::InitCrypto();
  PrintMachine(opts);
  Table table;
  table.Header();
  Stopwatch total;
  if (opts.Runs("limits")) RunCryptoLimits(opts, table);
  if (opts.Runs("sqlite")) RunSqliteRaw(opts, table);
  if (opts.Runs("append")) RunLibraryAppend(opts, table);
  if (opts.Runs("submit")) RunSubmitCli(opts, table);
  if (opts.Runs("biglog")) RunBigLog(opts, table);
  std::printf("\nTotal benchmark time: %.0f s\n", total.Seconds());
  return 0;
}
