// `jirga submit` end to end: a store set up with the jirga binary (init, key generate, party
// register), then N JSON Lines statements piped through one `jirga submit` process.
#include <fstream>

#include "bench.h"

namespace jirga::bench {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

void Run(const std::vector<std::string>& argv, const std::string& out) {
  int rc = RunProgram(argv, "", out);
  if (rc != 0) Fail(argv[1] + " exited with " + std::to_string(rc));
}

}  // namespace

void RunSubmitCli(const Options& opts, Table& table) {
  const uint64_t n = opts.append_n;
  const std::string jirga = JIRGA_BINARY;
  table.Section("`jirga submit` end to end: " + std::to_string(n) +
                " JSON Lines statements on stdin, one process (parse, sign, verify, append)");
  TempDir dir(opts, "submit");
  const std::string store = dir.File("jirga.db"), key = dir.File("gov.key");
  Progress("submit: setting up a store with the jirga binary");
  Run({jirga, "init", "--store", store, "--origin", "bench.example/log"}, "");
  Run({jirga, "key", "generate", "gov", "--out", key}, dir.File("gov.vkey"));
  const std::string vkey = Trim(ReadWholeFile(dir.File("gov.vkey")));
  Run({jirga, "party", "register", "gov", "--vkey", vkey, "--role", "belligerent", "--store",
       store},
      "");
  {
    std::ofstream in(dir.File("input.jsonl"), std::ios::binary);
    for (uint64_t i = 0; i < n; ++i) {
      in << Json{{"kind", "statement"}, {"body", StatementBody(i)}}.dump() << "\n";
    }
    if (!in) Fail("writing the submit input");
  }
  Progress("submit: jirga submit of %llu records", static_cast<unsigned long long>(n));
  double cpu = 0;
  CpuTimer machine;
  Stopwatch sw;
  int rc = RunProgram({jirga, "submit", "--store", store, "--key", key, "-"},
                      dir.File("input.jsonl"), dir.File("output.txt"), &cpu);
  double wall = sw.Seconds();
  const std::string machine_note = machine.MachineNote(cpu);
  if (rc != 0) Fail("jirga submit exited with " + std::to_string(rc));
  std::string out = ReadWholeFile(dir.File("output.txt"));
  uint64_t lines = static_cast<uint64_t>(std::count(out.begin(), out.end(), '\n'));
  if (lines != n) Fail("jirga submit printed " + std::to_string(lines) + " indexes, want " + std::to_string(n));
  char note[500];
  std::snprintf(note, sizeof note,
                "includes process start, JSON parsing and client-side signing; %s; CPU %.1f µs/record, "
                "%.2f cores busy (%s)",
                table.Verdict(static_cast<double>(n) / wall).c_str(),
                cpu * 1e6 / static_cast<double>(n), cpu / wall, machine_note.c_str());
  table.Row("submit", "**`jirga submit` durable append, SQLite**", static_cast<double>(n) / wall,
            "records/s", "verifyN", note);
}

}  // namespace jirga::bench
