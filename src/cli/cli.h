// The jirga command line: a table of subcommands (like ninja's kTools[]) and the one place that
// maps a Status to a process exit code. Nothing here throws past RunCli.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "base/status.h"

namespace jirga::cli {

// Exit codes, stable for scripts.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,       // a verification found a problem (corruption, proof does not verify)
  kExitUsage = 2,        // bad command line
  kExitInvalid = 3,      // invalid input (InvalidArgument, ResourceExhausted)
  kExitNotFound = 4,     // NotFound
  kExitDenied = 5,       // Unauthorized, PermissionDenied
  kExitConflict = 6,     // AlreadyExists, FailedPrecondition
  kExitIo = 7,           // IOError
  kExitInternal = 70,    // a bug
};

int ExitCodeFor(const Status& status);

// The streams and environment a command runs with (borrowed).
struct Context {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// A subcommand: `args` excludes the program name and the command words.
struct Command {
  const char* name;  // "log checkpoint"
  const char* summary;
  Status (*run)(Context& ctx, const std::vector<std::string>& args);
};

// The table of every subcommand.
const std::vector<Command>& Commands();

// Runs the command line; returns the exit code. Errors are printed to ctx.err as
// "jirga <command>: <message>".
int RunCli(Context& ctx, int argc, char** argv);

}  // namespace jirga::cli
