// The subcommand table, dispatch, and the one mapping from Status to exit code.
#include "cli/cli.h"

#include <algorithm>
#include <exception>
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"

namespace jirga::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", "create a store, the log key and the operator key", CmdInit},
      {"key generate", "write a new private key file; print its verifier key", CmdKeyGenerate},
      {"party register", "register a party and its keys (signed by the operator)",
       CmdPartyRegister},
      {"party list", "list registered parties as JSON", CmdPartyList},
      {"submit", "sign and append records (files, or JSON Lines on stdin with -)", CmdSubmit},
      {"log vkey", "print the log's verifier key", CmdLogVkey},
      {"log checkpoint", "print the latest signed checkpoint", CmdLogCheckpoint},
      {"log prove", "print a c2sp.org/tlog-proof@v1 for a record", CmdLogProve},
      {"log consistency", "print a consistency proof, base64, one hash per line",
       CmdLogConsistency},
      {"log export-tiles", "write the log as static c2sp.org/tlog-tiles files",
       CmdLogExportTiles},
      {"log verify", "audit the whole stored log", CmdLogVerify},
      {"record show", "print a record", CmdRecordShow},
      {"proof verify", "check a tlog-proof offline", CmdProofVerify},
      {"demo", "build the built-in example log and walk through it", CmdDemo},
      {"serve", "serve the log over HTTP (submit, checkpoint, tiles, proofs)", CmdServe},
      // The violence monitor and the views (cmd_monitor.cc).
      {"monitor summary", "events and fatalities by province, day, week, month, perpetrator, type",
       CmdMonitorSummary},
      {"monitor compare", "events per day in a period against a baseline", CmdMonitorCompare},
      {"monitor ceasefires", "ceasefire compliance: before/during, disputes, response times",
       CmdMonitorCeasefires},
      {"monitor incidents", "incidents with status, responses and findings", CmdMonitorIncidents},
      {"monitor definitions", "baselines, ceasefires and ignored monitor records",
       CmdMonitorDefinitions},
      {"monitor imported", "which dataset ids are already in the log", CmdMonitorImported},
      {"views status", "each view's cursor against the log size", CmdViewsStatus},
      {"views rebuild", "rebuild views from the log", CmdViewsRebuild},
      {"views dump", "a view's tables in canonical text form", CmdViewsDump},
      {"exchange status", "prisoner exchange progress per list, batches, recidivism",
       CmdExchangeStatus},
      {"exchange reconcile", "reconcile two prisoner lists: matched, review queue, unmatched",
       CmdExchangeReconcile},
      {"exchange resolve", "sign a verification: two list entries are (not) the same person",
       CmdExchangeResolve},
      {"names match", "match two lists of people by name across spellings and scripts",
       CmdNamesMatch},
      {"compliance status", "the state and score of every clause on a day", CmdComplianceStatus},
      {"compliance timeline", "per clause: in force, deadline, met, projected",
       CmdComplianceTimeline},
      {"dialogue sessions", "Track 2 sessions (Chatham House rule) as JSON", CmdDialogueSessions},
      {"import acled", "import an ACLED export CSV as incidents (atomic, idempotent)",
       CmdImportAcled},
      {"import ucdp", "import UCDP GED CSV rows as incidents (atomic, idempotent)", CmdImportUcdp},
      {"export", "write incidents as ACLED, UCDP GED, HXL CSV or GeoJSON", CmdExport},
      {"screen import", "record a sanctions list (UN XML, OFAC CSV) for screening",
       CmdScreenImport},
      {"screen", "screen names against a recorded sanctions list", CmdScreen},
  };
  return kCommands;
}

Status CheckFailed(std::string message) { return Corruption(std::move(message)); }

int ExitCodeFor(const Status& s) {
  if (IsUsage(s)) return kExitUsage;
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kCorruption: return kExitFailed;
    case StatusCode::kInvalidArgument:
    case StatusCode::kResourceExhausted: return kExitInvalid;
    case StatusCode::kNotFound: return kExitNotFound;
    case StatusCode::kUnauthorized:
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied: return kExitDenied;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return kExitConflict;
    case StatusCode::kIOError: return kExitIo;
    case StatusCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

namespace {

void PrintUsage(Context& ctx) {
  ctx.err << "usage: jirga <command> [options]   (jirga <command> --help for its options)\n\n";
  for (const auto& c : Commands()) {
    std::string name = c.name;
    name.resize(std::max<size_t>(18, name.size() + 2), ' ');
    ctx.err << "  " << name << c.summary << "\n";
  }
}

}  // namespace

int RunCli(Context& ctx, int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    PrintUsage(ctx);
    return words.empty() ? kExitUsage : kExitOk;
  }
  // The longest command name that prefixes the words wins ("log verify" over "log").
  const Command* found = nullptr;
  size_t used = 0;
  for (const auto& c : Commands()) {
    std::vector<std::string> parts;
    std::string name = c.name;
    for (size_t p = 0; p != std::string::npos;) {
      size_t q = name.find(' ', p);
      parts.push_back(name.substr(p, q == std::string::npos ? q : q - p));
      p = q == std::string::npos ? q : q + 1;
    }
    if (parts.size() > words.size() || parts.size() <= used) continue;
    bool match = true;
    for (size_t i = 0; i < parts.size(); ++i) match = match && parts[i] == words[i];
    if (match) found = &c, used = parts.size();
  }
  if (found == nullptr) {
    ctx.err << "jirga: unknown command \"" << words[0] << "\"\n";
    PrintUsage(ctx);
    return kExitUsage;
  }
  std::vector<std::string> args(words.begin() + static_cast<long>(used), words.end());
  Status st;
  try {
    st = found->run(ctx, args);
  } catch (const std::exception& e) {
    st = Internal(std::string("unexpected exception: ") + e.what());
  }
  if (!st.ok()) {
    std::string msg = IsUsage(st) ? st.message() : st.message();
    ctx.err << "jirga " << found->name << ": " << msg << "\n";
  }
  ctx.out.flush();
  return ExitCodeFor(st);
}

}  // namespace jirga::cli
