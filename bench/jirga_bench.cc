// jirga_bench: measures the machine's crypto and SQLite limits and jirga's append, submit, proof
// and verification rates in one run, printing a Markdown table with each number beside its limit.
#include <openssl/crypto.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "bench.h"

namespace jirga::bench {

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
               "                   [--big-store PATH] [--wait-quiet SECONDS]\n"
               "  sections: limits, sqlite, append, submit, biglog, compliance, monitor, import; or one phase\n"
               "  a section:\n"
               "    append.durable append.prepare append.writer append.memory\n"
               "    biglog.proofs biglog.verify biglog.scale\n"
               "  --big-store PATH  build the big log at PATH and keep it, or reuse it if present\n"
               "  --quick   big log of 100k records instead of 1M (smoke run)\n"
               "  --wait-quiet S  before each section, wait up to S s (default 30) until other\n"
               "                  processes use < 0.2 cores; 0 disables\n"
               "or: jirga_bench --sign-submissions N KEYFILE PARTY OUT  (for bench/http.sh)\n");
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
  if (argc == 6 && std::string(argv[1]) == "--sign-submissions") {
    jirga::InitCrypto();
    return SignSubmissions(std::stoull(argv[2]), argv[3], argv[4], argv[5]);
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
    } else if (a == "--wait-quiet") {
      opts.wait_quiet = std::stod(next());
    } else if (a == "--big-store") {
      opts.big_store = next();
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
  auto section = [&](const char* name, void (*run)(const Options&, Table&)) {
    if (!opts.Runs(name)) return;
    if (opts.wait_quiet > 0) WaitQuiet(opts.wait_quiet);
    run(opts, table);
  };
  section("limits", RunCryptoLimits);
  section("sqlite", RunSqliteRaw);
  section("append", RunLibraryAppend);
  section("submit", RunSubmitCli);
  section("biglog", RunBigLog);
  section("compliance", RunComplianceBench);
  section("monitor", RunMonitor);
  section("import", RunImportBench);  // dataset import (issue 4)
  std::printf("\nTotal benchmark time: %.0f s\n", total.Seconds());
  if (ContendedCount() > 0) {
    std::printf("\n**Warning:** %d measurement(s) ran while other processes used more than 0.25 "
                "cores (marked CONTENDED); on a shared machine, rerun them.\n",
                ContendedCount());
  }
  return 0;
}
