// `jirga demo`: builds the Doha 2020 scenario (src/demo/doha2020.h) into a log, or reuses a
// complete one, walks through what jirga gives each party — a signed checkpoint, an offline
// proof, a full audit, agreement compliance at dates of 2020, the prisoner exchange, the
// violence monitor, the Track 2 sessions — and then serves the dashboard as `jirga serve` does,
// until SIGINT or SIGTERM. This is the README's first command.
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "compliance/log_source.h"
#include "demo/doha2020.h"
#include "ledger/ed25519.h"
#include "store/store.h"

namespace jirga::cli {
namespace {

// Written beside the store once the whole scenario is in it; its content is the log size then.
std::string CompleteMarker(const std::string& store) { return store + ".demo-complete"; }

// The UCDP sample of real events, beside the project checkout (../shared/data/README.md).
constexpr const char* kUcdpSample = "../shared/data/events/ucdp_ged231_sample_afghanistan.csv";

void Step(Context& ctx, const char* title) { ctx.out << "\n== " << title << "\n"; }

Status Build(Context& ctx, const std::string& store, const std::string& keys,
             const std::string& ucdp) {
  Step(ctx, "Creating the log (jirga init)");
  RETURN_IF_ERROR(CmdInit(ctx, {"--store", store, "--origin", "demo.jirga.example/doha-2020",
                                "--operator-name", "Joint monitoring secretariat (demo)"}));
  Step(ctx, "Each party makes its own key and the secretariat registers it (party register)");
  std::map<std::string, SigningKey> signing;
  for (const auto& p : demo::Doha2020Parties()) {
    std::string key_file = keys + "/" + p.id + ".key";
    std::ostringstream vkey;
    Context quiet{ctx.in, vkey, ctx.err};
    if (FileExists(key_file)) std::filesystem::remove(key_file);
    RETURN_IF_ERROR(CmdKeyGenerate(quiet, {p.id, "--out", key_file}));
    std::string v = vkey.str();
    v.pop_back();
    ctx.out << p.id << " (" << p.role << "): ";
    RETURN_IF_ERROR(CmdPartyRegister(ctx, {p.id, "--vkey", v, "--role", p.role, "--name", p.name,
                                           "--store", store}));
    ASSIGN_OR_RETURN(SigningKey k, SigningKey::Load(key_file));
    signing.emplace(p.id, std::move(k));
  }

  Step(ctx, "The parties sign and submit the Doha 2020 scenario");
  std::vector<demo::ScenarioRecord> records = demo::Doha2020Records();
  {
    ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/true));
    ASSIGN_OR_RETURN(uint64_t n, demo::AppendScenario(*log, signing, records));
    std::map<std::string, int> by_kind;
    int synthetic = 0;
    for (const auto& r : records) {
      ++by_kind[r.kind];
      if (demo::IsSyntheticBody(r.kind, r.body)) ++synthetic;
    }
    ctx.out << n << " records, tree size " << log->Size() << ":";
    for (const auto& [kind, count] : by_kind) ctx.out << " " << count << " " << kind;
    ctx.out << "\n" << synthetic << " of them are synthetic illustrations and say so "
            << "(prisoner names are all generated); the rest are facts of the public record\n";
  }

  Step(ctx, "Real events: the UCDP GED sample for Afghanistan (import ucdp)");
  if (FileExists(ucdp)) {
    RETURN_IF_ERROR(CmdImportUcdp(ctx, {"--store", store, "--key", keys + "/unama.key",
                                        "--skip-invalid", ucdp}));
  } else {
    ctx.out << "skipped: " << ucdp << " is not there (the demo holds only its own records)\n";
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/false));
  return WriteFileAtomic(CompleteMarker(store), std::to_string(log->Size()) + "\n");
}

// A few clauses on a few days of 2020, from what was known on each day.
Status Compliance(Context& ctx, const std::string& store) {
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/false));
  ASSIGN_OR_RETURN(compliance::LogSource src, compliance::ReadLogSource(log->store()));
  compliance::LogContext ctx_eval(src);
  const char* days[] = {"2020-03-11", "2020-07-20", "2020-09-30", "2021-01-15"};
  const char* shown[] = {"doha.us-drawdown-8600", "doha.us-withdrawal-full",
                         "doha.prisoners-5000",   "doha.prisoners-1000",
                         "doha.ian-start",        "doha.sanctions-un",
                         "doha.riv"};
  for (const char* day : days) {
    ASSIGN_OR_RETURN(std::vector<compliance::ClauseStatus> all,
                     compliance::EvaluateClauses(src.inputs, ctx_eval,
                                                 *compliance::ParseDate(day)));
    ctx.out << day << ":\n";
    for (const auto& c : all) {
      if (std::find(std::begin(shown), std::end(shown), c.id) == std::end(shown)) continue;
      ctx.out << "  " << std::left << std::setw(26) << c.id << std::setw(13)
              << compliance::ClauseStateName(c.state) << (c.late ? "late " : "     ");
      if (c.value && c.target) ctx.out << *c.value << " / " << *c.target;
      if (c.projection && c.projection->date) ctx.out << "  (" << c.projection->text << ")";
      ctx.out << "\n";
    }
  }
  ctx.out << "(all clauses: jirga compliance status --store " << store
          << " --at DAY --format table)\n";

  Step(ctx, "The prisoner exchange");
  for (const char* list : {"taliban-5000", "gov-1000"}) {
    compliance::Call call;
    call.function = "released";
    call.args["list"] = std::string(list);
    auto at = *compliance::ParseDate("2020-12-31");
    ASSIGN_OR_RETURN(double n, ctx_eval.Metric(call, at, at));
    ctx.out << list << ": " << n << " entries released by the end of 2020\n";
  }
  uint64_t verifications = 0;
  RETURN_IF_ERROR(log->store().ScanRecords(RecordFilter{.kind = "verification"},
                                           [&](const StoredRecord&) {
                                             ++verifications;
                                             return true;
                                           }));
  ctx.out << verifications << " ICRC verifications (personal records: readable by the parties "
          << "concerned, mediators and verifiers only)\n";

  Step(ctx, "Track 2 (Chatham House rule: points without speakers)");
  for (const auto& [index, s] : src.sessions) {
    ctx.out << compliance::FormatDate(s.date) << "  " << s.points.size() << " points, "
            << s.recommendations.size() << " recommendations  " << s.title.substr(0, 60)
            << "...\n";
  }
  return Status::Ok();
}

}  // namespace

Status CmdDemo(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Build the Doha 2020 example log (or reuse it), walk through it, then serve the "
               "dashboard until SIGINT/SIGTERM.",
               "demo"};
  std::string store_flag = "jirga-demo.db", listen = "127.0.0.1:8080", ucdp = kUcdpSample;
  bool no_serve = false;
  app.add_option("--store", store_flag,
                 "where to build the demo log; keys, proof and tiles go beside it")
      ->capture_default_str();
  app.add_option("--listen", listen, "HOST:PORT for the dashboard; port 0 picks a free port")
      ->capture_default_str();
  app.add_flag("--no-serve", no_serve, "stop after the walkthrough");
  app.add_option("--ucdp", ucdp, "UCDP GED CSV of real events to import (skipped if absent)")
      ->capture_default_str();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  {
    std::string host;
    int port = 0;
    RETURN_IF_ERROR(ParseListen(listen, &host, &port));  // before the walkthrough, not after it
  }
  InitCrypto();
  const std::string store = store_flag;
  std::string dir = std::filesystem::path(store).parent_path().string();
  if (dir.empty()) dir = ".";
  const std::string keys = dir + "/demo-keys";
  RETURN_IF_ERROR(MakeDirs(keys));

  if (!FileExists(store)) {
    RETURN_IF_ERROR(Build(ctx, store, keys, ucdp));
  } else if (!FileExists(CompleteMarker(store))) {
    return FailedPrecondition(store + " exists but is not a complete demo log (no " +
                              CompleteMarker(store) + "): remove " + store + "* and " + keys +
                              ", or choose another --store");
  } else {
    Step(ctx, "Reusing the existing demo log");
  }

  Step(ctx, "The latest signed checkpoint (log checkpoint)");
  RETURN_IF_ERROR(CmdLogCheckpoint(ctx, {"--store", store}));
  std::ostringstream vkey;
  Context quiet{ctx.in, vkey, ctx.err};
  RETURN_IF_ERROR(CmdLogVkey(quiet, {"--store", store}));
  std::string log_vkey = vkey.str();
  log_vkey.pop_back();
  ctx.out << "log verifier key: " << log_vkey << "\n";

  Step(ctx, "An offline proof that record 9 is in the log (log prove)");
  std::ostringstream proof;
  Context proof_ctx{ctx.in, proof, ctx.err};
  RETURN_IF_ERROR(CmdLogProve(proof_ctx, {"--store", store, "--index", "9"}));
  ctx.out << proof.str();
  const std::string proof_file = dir + "/demo-record-9.proof";
  RETURN_IF_ERROR(WriteFileAtomic(proof_file, proof.str()));

  Step(ctx, "Anyone checks it with only the log's key (proof verify)");
  RETURN_IF_ERROR(CmdProofVerify(ctx, {"--vkey", log_vkey, "--proof", proof_file}));

  Step(ctx, "The log as static tlog-tiles for mirrors (log export-tiles)");
  RETURN_IF_ERROR(CmdLogExportTiles(ctx, {"--store", store, "--out", dir + "/demo-tiles"}));
  ctx.out << "written to " << dir << "/demo-tiles\n";

  Step(ctx, "A full audit: every record, signature, tree node and checkpoint (log verify)");
  RETURN_IF_ERROR(CmdLogVerify(ctx, {"--store", store}));

  Step(ctx, "Agreement compliance, with only what was known on each day (compliance status)");
  RETURN_IF_ERROR(Compliance(ctx, store));

  Step(ctx, "The violence monitor: incidents by month (monitor summary)");
  RETURN_IF_ERROR(CmdMonitorSummary(ctx, {"--store", store, "--by", "month", "--from",
                                          "2020-02-01", "--to", "2020-12-31", "--format",
                                          "table"}));
  Step(ctx, "More");
  for (const char* cmd : {"compliance timeline", "monitor ceasefires", "dialogue sessions"}) {
    ctx.out << "jirga " << cmd << " --store " << store << "\n";
  }

  if (no_serve) return Status::Ok();
  Step(ctx, "The dashboard (jirga serve); Ctrl-C stops it");
  return CmdServe(ctx, {"--store", store, "--listen", listen});
}

}  // namespace jirga::cli
