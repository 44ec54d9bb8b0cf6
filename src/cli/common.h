// Helpers shared by the subcommands: argument parsing with CLI11, locating the store and its key
// files, and opening the log.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/cli.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"

namespace jirga::cli {

// A usage error (exit code 2): CLI11 parse failures, missing arguments.
Status Usage(std::string message);
bool IsUsage(const Status& s);

// Parses `args` with `app`; a parse failure becomes a usage Status, --help prints help and
// returns an OK status with `*help_shown` set.
Status Parse(CLI::App& app, const std::vector<std::string>& args, Context& ctx, bool* help_shown);

// --store PATH: the flag, else $JIRGA_STORE, else ./jirga.db.
void AddStoreOption(CLI::App& app, std::string* store);
std::string ResolveStore(const std::string& flag);
// Key files beside the store: <store>.log.key and <store>.operator.key.
std::string LogKeyPath(const std::string& store);
std::string OperatorKeyPath(const std::string& store);

// Takes the store's writer lock (<store>.lock) for the rest of this process; a second call for the
// same store is a no-op. FailedPrecondition while another process holds it.
Status AcquireWriterLock(const std::string& store);

// Opens an existing log. With `writable`, takes the writer lock and loads the log key beside the
// store.
Result<std::unique_ptr<Log>> OpenLog(const std::string& store, bool writable);

// Prints a JSON value on one line.
void PrintJson(Context& ctx, const Json& j);

}  // namespace jirga::cli
