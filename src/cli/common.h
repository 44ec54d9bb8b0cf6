// Helpers shared by the subcommands: argument parsing with CLI11, locating the store and its key
// files, opening the log, and the --server options of the commands that can talk to a server.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/cli.h"
#include "client/remote_log.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"

namespace jirga::cli {

// A usage error (exit code 2): CLI11 parse failures, missing arguments.
Status Usage(std::string message);
bool IsUsage(const Status& s);

// Parses `args` with `app`; a parse failure becomes a usage Status, --help prints help and
// returns an OK status with `*help_shown` set.
Status Parse(CLI::App& app, const std::vector<std::string>& args, Context& ctx, bool* help_shown);

// --listen "HOST:PORT" or "[IPv6]:PORT" → host (without brackets) and port 0..65535; a usage
// error naming the flag otherwise (serve, demo).
Status ParseListen(const std::string& text, std::string* host, int* port);

// --store PATH: the flag, else $JIRGA_STORE, else ./jirga.db. Returns the option (to declare
// what excludes it).
CLI::Option* AddStoreOption(CLI::App& app, std::string* store);
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
// The id of the party `key` is registered to in `log`; Unauthorized ("key … is not registered to
// any party") when none holds it. What --party defaults to for a local store.
Result<std::string> PartyOfKey(Log& log, const VerifierKey& key);

// The options of a command that can work against a jirga server instead of a local store
// (docs/cli.md "Talking to a server"). `server` empty: work locally.
struct RemoteFlags {
  std::string server;    // --server URL
  std::string state;     // --state FILE
  std::string log_vkey;  // --log-vkey VKEY
  std::string ca_file;   // --ca-file FILE
};
// Adds --server, --state, --log-vkey and --ca-file; the last three need --server, and --server
// excludes `store` (nullptr: no --store option).
void AddRemoteOptions(CLI::App& app, RemoteFlags* flags, CLI::Option* store);
// --state FILE: the flag, else $JIRGA_CLIENT_STATE, else ./jirga-client.json.
std::string ResolveClientState(const std::string& flag);
// Opens a verifying session with the server (client/remote_log.h); the caller calls SaveState()
// once what it asked for has been verified.
Result<std::unique_ptr<client::RemoteLog>> OpenRemote(const RemoteFlags& flags);

// Prints a JSON value on one line.
void PrintJson(Context& ctx, const Json& j);

}  // namespace jirga::cli
