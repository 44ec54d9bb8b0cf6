// Subcommands that set a log up: init, key generate, party register/list, log vkey.
#include <cstdio>
#include <ostream>
#include <sstream>

#include "base/clock.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "kinds/all_kinds.h"
#include "ledger/record.h"
#include "store/store.h"

namespace jirga::cli {

Status CmdInit(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Create a store, the log key and the operator key; print the log's vkey.", "init"};
  std::string store_flag, origin, operator_name = "Operator";
  AddStoreOption(app, &store_flag);
  app.add_option("--origin", origin, "the log's origin, e.g. jirga.example.org/afghanistan")
      ->required();
  app.add_option("--operator-name", operator_name, "display name of the operator party");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  InitCrypto();
  std::string store_path = ResolveStore(store_flag);
  if (FileExists(store_path)) return AlreadyExists(store_path + " already exists");
  for (const auto& p : {LogKeyPath(store_path), OperatorKeyPath(store_path)}) {
    if (FileExists(p)) {
      return AlreadyExists("key file " + p + " already exists but " + store_path +
                           " does not (an interrupted init?); remove the key files or choose "
                           "another store path");
    }
  }
  RETURN_IF_ERROR(ValidateKeyName(origin).WithContext("origin"));
  SigningKey log_key = SigningKey::Generate(origin);
  SigningKey operator_key = SigningKey::Generate("operator");
  // The store is built under a temporary name (metadata, then the genesis record, two
  // transactions) and only renamed into place once complete, keys first: a crash at any point
  // leaves either a complete store or no store at `store_path`, never one that holds metadata
  // but no log. Leftovers of an interrupted init under the temporary names are ours to remove.
  const std::string tmp = store_path + ".init-tmp";
  const std::vector<std::string> tmp_files = {tmp, tmp + "-wal", tmp + "-shm", LogKeyPath(tmp),
                                              OperatorKeyPath(tmp)};
  auto remove_tmp = [&] {
    for (const auto& p : tmp_files) std::remove(p.c_str());
  };
  remove_tmp();
  auto built = [&]() -> Result<std::string> {
    RETURN_IF_ERROR(log_key.Save(LogKeyPath(tmp)));
    RETURN_IF_ERROR(operator_key.Save(OperatorKeyPath(tmp)));
    ASSIGN_OR_RETURN(auto store, OpenStore(tmp, /*create=*/true));
    ASSIGN_OR_RETURN(auto log, Log::Create(std::move(store), origin, log_key, operator_key,
                                           operator_name, AllKinds()));
    std::string vkey = log->log_vkey().ToVkey();
    log.reset();  // closes the store: SQLite folds the WAL into the file and removes it
    if (FileExists(tmp + "-wal")) return Internal(tmp + "-wal still exists after closing");
    RETURN_IF_ERROR(SyncFile(tmp));
    RETURN_IF_ERROR(RenameNoReplace(LogKeyPath(tmp), LogKeyPath(store_path)));
    RETURN_IF_ERROR(RenameNoReplace(OperatorKeyPath(tmp), OperatorKeyPath(store_path)));
    RETURN_IF_ERROR(RenameNoReplace(tmp, store_path));
    return vkey;
  }();
  remove_tmp();
  if (!built.ok()) {
    if (!FileExists(store_path)) {  // keys moved into place for a store that never followed
      std::remove(LogKeyPath(store_path).c_str());
      std::remove(OperatorKeyPath(store_path).c_str());
    }
    return built.status();
  }
  ctx.err << "created " << store_path << " (log key " << LogKeyPath(store_path)
          << ", operator key " << OperatorKeyPath(store_path) << ")\n";
  ctx.out << *built << "\n";
  return Status::Ok();
}

Status CmdKeyGenerate(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Write a new Ed25519 private key file (mode 0600); print its vkey.", "key generate"};
  std::string name, out;
  app.add_option("NAME", name, "key name (no spaces or '+')")->required();
  app.add_option("--out", out, "private key file to create")->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  InitCrypto();
  RETURN_IF_ERROR(ValidateKeyName(name));
  SigningKey key = SigningKey::Generate(name);
  RETURN_IF_ERROR(key.Save(out));
  ctx.out << key.verifier().ToVkey() << "\n";
  return Status::Ok();
}

Status CmdPartyRegister(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Register a party and its keys; the record is signed by the operator key.",
               "party register"};
  std::string id, name, role, store_flag, kinds_csv, operator_key_flag;
  std::vector<std::string> vkeys;
  app.add_option("ID", id, "party id: a-z, 0-9, '.', '_', '-'")->required();
  app.add_option("--vkey", vkeys, "the party's verifier key (repeatable)")->required();
  app.add_option("--role", role, "belligerent, guarantor, mediator, verifier or observer")
      ->required();
  app.add_option("--name", name, "display name (default: the id)");
  app.add_option("--kinds", kinds_csv, "kinds it may submit, comma-separated (default: by role)");
  app.add_option("--operator-key", operator_key_flag, "operator key file (default: beside store)");
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  std::string store_path = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(Role r, ParseRole(role));
  std::vector<std::string> kinds;
  if (kinds_csv.empty()) {
    kinds = AllKinds().DefaultKindsFor(r);
  } else {
    std::stringstream ss(kinds_csv);
    for (std::string k; std::getline(ss, k, ',');) kinds.push_back(k);
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(store_path, /*writable=*/true));
  std::string key_path =
      operator_key_flag.empty() ? OperatorKeyPath(store_path) : operator_key_flag;
  auto op_key = SigningKey::Load(key_path);
  if (!op_key.ok()) return op_key.status().WithContext("operator key");
  PartyRegistry parties = log->Parties();
  const PartyInfo* owner = parties.FindByKeyHash(op_key->verifier().PubHash());
  if (owner == nullptr) return Unauthorized("the operator key is not registered in this log");
  Record rec;
  rec.kind = "party";
  rec.party = owner->id;
  rec.time = FormatRfc3339(SystemClock()->NowMicros());
  rec.body = {{"id", id},   {"name", name.empty() ? id : name}, {"role", role},
              {"vkeys", vkeys}, {"kinds", kinds}};
  ASSIGN_OR_RETURN(Appended a, log->Append(SignRecord(SerializeRecord(rec), *op_key)));
  ctx.out << a.index << " " << HashHex(a.leaf_hash) << "\n";
  return Status::Ok();
}

Status CmdPartyList(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"List the registered parties as a JSON array.", "party list"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  ctx.out << log->Parties().ToJson().dump(2) << "\n";
  return Status::Ok();
}

Status CmdLogVkey(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print the log's verifier key.", "log vkey"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  ctx.out << log->log_vkey().ToVkey() << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli
