// Shared subcommand plumbing: CLI11 parsing, store and key-file locations, opening the log.
#include "cli/common.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <ostream>

#include "base/file.h"
#include "kinds/all_kinds.h"
#include "store/store.h"

namespace jirga::cli {

namespace {
constexpr std::string_view kUsagePrefix = "usage: ";
}

Status Usage(std::string message) {
  return InvalidArgument(std::string(kUsagePrefix) + message);
}

bool IsUsage(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument &&
         s.message().compare(0, kUsagePrefix.size(), kUsagePrefix) == 0;
}

Status Parse(CLI::App& app, const std::vector<std::string>& args, Context& ctx, bool* help_shown) {
  *help_shown = false;
  std::vector<std::string> owned = args;
  owned.insert(owned.begin(), app.get_name());
  std::vector<char*> argv;
  for (auto& a : owned) argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    ctx.out << app.help();
    *help_shown = true;
  } catch (const CLI::ParseError& e) {
    return Usage(std::string(e.what()) + " (see jirga " + app.get_name() + " --help)");
  }
  return Status::Ok();
}

CLI::Option* AddStoreOption(CLI::App& app, std::string* store) {
  return app.add_option("--store", *store,
                        "SQLite database file (default: $JIRGA_STORE, then ./jirga.db)");
}

void AddRemoteOptions(CLI::App& app, RemoteFlags* flags, CLI::Option* store) {
  CLI::Option* server = app.add_option(
      "--server", flags->server,
      "work against the jirga server at this URL (http[s]://HOST[:PORT]), verifying every answer");
  if (store != nullptr) server->excludes(store);
  app.add_option("--state", flags->state,
                 "client state file: pinned log keys and last verified checkpoints (default: "
                 "$JIRGA_CLIENT_STATE, then ./jirga-client.json)")
      ->needs(server);
  app.add_option("--log-vkey", flags->log_vkey,
                 "the log's verifier key, obtained out of band (needed on first contact)")
      ->needs(server);
  app.add_option("--ca-file", flags->ca_file, "PEM file of the CAs to trust for an https server")
      ->needs(server);
}

std::string ResolveClientState(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("JIRGA_CLIENT_STATE"); env != nullptr && *env != '\0') {
    return env;
  }
  return "jirga-client.json";
}

Result<std::unique_ptr<client::RemoteLog>> OpenRemote(const RemoteFlags& flags) {
  client::RemoteOptions options;
  options.server = flags.server;
  options.state_path = ResolveClientState(flags.state);
  options.log_vkey = flags.log_vkey;
  options.ca_file = flags.ca_file;
  return client::RemoteLog::Open(options);
}

std::string ResolveStore(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("JIRGA_STORE"); env != nullptr && *env != '\0') return env;
  return "jirga.db";
}

std::string LogKeyPath(const std::string& store) { return store + ".log.key"; }
std::string OperatorKeyPath(const std::string& store) { return store + ".operator.key"; }

Status AcquireWriterLock(const std::string& store) {
  // Held until exit: a CLI process is one writer for its whole life, and the demo opens the
  // same store several times in one process.
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<FileLock>>* held =
      new std::map<std::string, std::unique_ptr<FileLock>>();
  std::lock_guard<std::mutex> l(mu);
  if (held->count(store)) return Status::Ok();
  ASSIGN_OR_RETURN(auto lock, FileLock::TryAcquire(store + ".lock"));
  (*held)[store] = std::move(lock);
  return Status::Ok();
}

Result<std::string> PartyOfKey(Log& log, const VerifierKey& key) {
  // Parties() returns a snapshot by value: keep it alive while `p` points into it.
  const PartyRegistry parties = log.Parties();
  const PartyInfo* p = parties.FindByKeyHash(key.PubHash());
  if (p == nullptr) return Unauthorized("key " + key.ToVkey() + " is not registered to any party");
  return p->id;
}

Result<std::unique_ptr<Log>> OpenLog(const std::string& store_path, bool writable) {
  ASSIGN_OR_RETURN(auto store, OpenStore(store_path, /*create=*/false));
  if (writable) RETURN_IF_ERROR(AcquireWriterLock(store_path));
  std::optional<SigningKey> key;
  if (writable) {
    auto k = SigningKey::Load(LogKeyPath(store_path));
    if (!k.ok()) return k.status().WithContext("log key");
    key = std::move(*k);
  }
  return Log::Open(std::move(store), std::move(key), AllKinds());
}

void PrintJson(Context& ctx, const Json& j) { ctx.out << j.dump() << "\n"; }

Status ParseListen(const std::string& text, std::string* host, int* port) {
  auto bad = [&](const std::string& why) {
    return Usage("--listen \"" + text + "\": " + why + " (expected HOST:PORT, e.g. 127.0.0.1:8080)");
  };
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return bad("no port");
  std::string h = text.substr(0, colon), p = text.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
    h = h.substr(1, h.size() - 2);
  } else if (h.find(':') != std::string::npos) {
    return bad("an IPv6 address must be in brackets");
  }
  if (h.empty()) return bad("no host");
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return bad("the port must be 0..65535");
  }
  *host = h;
  *port = std::stoi(p);
  return Status::Ok();
}

}  // namespace jirga::cli
