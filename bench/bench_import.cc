// The "import" section: `jirga import acled` of synthetic ACLED rows (signed, durable), next to
// the ledger's own durable append limit measured in the same run, with the importer's peak RSS
// at two file sizes (streaming: it must not grow with the file).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstring>
#include <fstream>

#include "bench.h"
#include "monitor/gazetteer.h"

extern char** environ;

namespace jirga::bench {
namespace {

struct Run {
  int rc = 0;
  double wall = 0, cpu = 0;
  double max_rss_mb = 0;
};

// Runs a program with stdout to a file and returns its wall time, CPU and peak RSS (wait4).
Run Spawn(const std::vector<std::string>& argv, const std::string& stdout_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Stopwatch sw;
  pid_t pid;
  if (int e = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ); e != 0) {
    Fail("spawn " + argv[0] + ": " + std::strerror(e));
  }
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) < 0) Fail("wait4");
  Run r;
  r.wall = sw.Seconds();
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
          static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  r.max_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  return r;
}

void Must0(const std::vector<std::string>& argv, const std::string& out) {
  if (Spawn(argv, out).rc != 0) Fail(argv[1] + " exited with an error");
}

// `n` synthetic ACLED rows: every province, all six event types, notes with commas, quotes and
// line breaks, ~450 bytes a row like real exports.
void WriteAcled(const std::string& path, uint64_t n) {
  static const char* kTypes[][2] = {{"Battles", "Armed clash"},
                                    {"Explosions/Remote violence", "Remote explosive/landmine/IED"},
                                    {"Violence against civilians", "Attack"},
                                    {"Protests", "Peaceful protest"},
                                    {"Riots", "Mob violence"},
                                    {"Strategic developments", "Arrests"}};
  std::ofstream out(path, std::ios::binary);
  out << "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
         "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
         "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
         "source,source_scale,notes,fatalities,tags,timestamp\n";
  const auto& provinces = Provinces();
  for (uint64_t i = 0; i < n; ++i) {
    const Province& p = provinces[i % provinces.size()];
    const auto& t = kTypes[i % 6];
    const int day = static_cast<int>(1 + i % 28), month = static_cast<int>(1 + (i / 28) % 12);
    const int year = static_cast<int>(2010 + (i / 336) % 12);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    out << "AFG" << i << "," << date << "," << year << ",1,Political violence," << t[0] << ","
        << t[1] << ",Taliban,,2,Military Forces of Afghanistan (2014-2021),,1,12,,4,"
        << "Caucasus and Central Asia,Afghanistan," << p.en << ",District " << i % 400
        << ",,Village " << i % 5000 << "," << p.lat << "," << p.lon << ",1,"
        << "Pajhwok Afghan News; Tolo News,National,\"On " << date
        << ", clashes, \"\"heavy\"\", were reported;\nsynthetic row " << i << ".\"," << i % 9
        << ",," << 1600000000 + i % 100000 << "\n";
  }
  if (!out) Fail("writing " + path);
}

}  // namespace

void RunImportBench(const Options& opts, Table& table) {
  const uint64_t n = opts.big_n;
  const uint64_t small = std::max<uint64_t>(n / 10, 1000);
  const std::string jirga = JIRGA_BINARY;
  table.Section("`jirga import acled`: " + std::to_string(n) +
                " synthetic ACLED rows (two streaming passes, signed, durable, monitor view "
                "lookups per 1000-row batch), one process");
  TempDir dir(opts, "import");

  // The limit: the ledger's durable append of pre-signed records, measured now.
  {
    Progress("import: ledger append limit (%llu records)",
             static_cast<unsigned long long>(opts.append_n));
    BenchKeys keys;
    double sign_rate = 0;
    std::vector<Submission> subs = SignStatements(keys, opts.append_n, opts.threads, &sign_rate);
    TempDir adir(opts, "import-limit");
    auto log = NewBenchLog(Must(OpenSqliteStore(adir.File("jirga.db"), true), "open store"), keys);
    PhaseResult r = PrepareAndAppend(*log, std::move(subs), opts.threads);
    table.Row("import_limit", "ledger durable append (Prepare on " +
                                  std::to_string(opts.threads) + " threads + Enqueue), SQLite",
              r.rate, "records/s", "", CpuNote(r));
    table.Label("import_limit", "the ledger's append limit in this run");
  }

  for (uint64_t rows : {small, n}) {
    const std::string tag = std::to_string(rows);
    const std::string store = dir.File("s" + tag + ".db"), key = dir.File("k" + tag + ".key");
    Progress("import: generating %llu ACLED rows", static_cast<unsigned long long>(rows));
    WriteAcled(dir.File("acled" + tag + ".csv"), rows);
    Must0({jirga, "init", "--store", store, "--origin", "bench.example/log"}, "/dev/null");
    Must0({jirga, "key", "generate", "unama", "--out", key}, dir.File("vkey"));
    std::string vkey = ReadWholeFile(dir.File("vkey"));
    vkey = vkey.substr(0, vkey.find('\n'));
    Must0({jirga, "party", "register", "unama", "--vkey", vkey, "--role", "verifier", "--store",
           store},
          "/dev/null");
    Progress("import: jirga import acled of %llu rows", static_cast<unsigned long long>(rows));
    CpuTimer machine;
    Run r = Spawn({jirga, "import", "acled", dir.File("acled" + tag + ".csv"), "--store", store,
                   "--key", key},
                  dir.File("summary.json"));
    const std::string note = machine.MachineNote(r.cpu);
    if (r.rc != 0) Fail("jirga import exited with " + std::to_string(r.rc));
    auto summary = Must(ParseJsonStrict(ReadWholeFile(dir.File("summary.json"))), "summary");
    if (summary["imported"] != rows) Fail("jirga import imported " + summary.dump());
    char buf[400];
    std::snprintf(buf, sizeof buf, "peak RSS %.0f MB; CPU %.0f µs/row, %.2f cores busy (%s)",
                  r.max_rss_mb, r.cpu * 1e6 / static_cast<double>(rows), r.cpu / r.wall,
                  note.c_str());
    table.Row("import_" + tag, "**jirga import acled, " + tag + " rows**",
              static_cast<double>(rows) / r.wall, "rows/s", "import_limit", buf);
    table.Row("import_rss_" + tag, "  peak RSS of that import", r.max_rss_mb, "MB", "",
              rows == n ? "flat if close to the smaller file's" : "");
    // Re-import: both passes and the lookups, nothing appended.
    Run again = Spawn({jirga, "import", "acled", dir.File("acled" + tag + ".csv"), "--store",
                       store, "--key", key},
                      dir.File("summary.json"));
    if (again.rc != 0) Fail("jirga re-import failed");
    table.Row("reimport_" + tag, "  re-import of the same file (all unchanged)",
              static_cast<double>(rows) / again.wall, "rows/s", "",
              "peak RSS " + FormatValue(again.max_rss_mb) + " MB");
    std::remove(dir.File("acled" + tag + ".csv").c_str());
  }
}

}  // namespace jirga::bench
