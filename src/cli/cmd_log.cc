// Subcommands that read and audit the log: checkpoint, prove, consistency, export-tiles, verify;
// the first three also against a server (--server), verifying its answers.
#include <filesystem>
#include <map>
#include <ostream>

#include "base/encoding.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "kinds/all_kinds.h"
#include "ledger/note.h"
#include "ledger/prove.h"
#include "ledger/tiles.h"
#include "ledger/tlog_proof.h"
#include "ledger/verify.h"

namespace jirga::cli {

Status CmdLogCheckpoint(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print the latest signed checkpoint (c2sp.org/tlog-checkpoint).", "log checkpoint"};
  std::string store_flag;
  RemoteFlags remote;
  AddRemoteOptions(app, &remote, AddStoreOption(app, &store_flag));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (!remote.server.empty()) {
    // Printed only once it is verified against the log key and the checkpoints seen before.
    ASSIGN_OR_RETURN(auto server, OpenRemote(remote));
    RETURN_IF_ERROR(server->SaveState());
    ctx.out << server->served().note;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  ASSIGN_OR_RETURN(std::string cp, log->LatestCheckpoint());
  ctx.out << cp;
  return Status::Ok();
}

Status CmdLogProve(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print a c2sp.org/tlog-proof@v1 for the record at INDEX (the leaf goes in the "
               "extra line).",
               "log prove"};
  std::string store_flag;
  uint64_t index = 0, size = 0;
  RemoteFlags remote;
  AddRemoteOptions(app, &remote, AddStoreOption(app, &store_flag));
  app.add_option("--index", index, "record index")->required();
  app.add_option("--size", size, "tree size to prove against (default: the latest)");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (!remote.server.empty()) {
    ASSIGN_OR_RETURN(auto server, OpenRemote(remote));
    if (size == 0) size = server->latest().size;
    if (index >= size) {
      return InvalidArgument("no inclusion proof for index " + std::to_string(index) +
                             " in a tree of size " + std::to_string(size));
    }
    ASSIGN_OR_RETURN(client::VerifiedProof proof, server->Prove(index, size));
    RETURN_IF_ERROR(server->SaveState());
    ctx.out << FormatTlogProof(proof.proof);
    return Status::Ok();
  }
  std::string store_path = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto log, OpenLog(store_path, /*writable=*/false));
  if (size == 0) size = log->Size();
  // The key is needed only to sign a checkpoint at a size other than the latest; without it the
  // stored checkpoint at that size (if a batch ended there) is used.
  std::optional<SigningKey> key;
  if (size != log->Size()) {
    if (auto k = SigningKey::Load(LogKeyPath(store_path)); k.ok()) key = std::move(*k);
  }
  ASSIGN_OR_RETURN(TlogProof proof,
                   MakeInclusionProof(*log, index, size, key ? &*key : nullptr));
  ctx.out << FormatTlogProof(proof);
  return Status::Ok();
}

Status CmdLogConsistency(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print the consistency proof between two tree sizes, base64, one per line.",
               "log consistency"};
  std::string store_flag;
  uint64_t from = 0, to = 0;
  RemoteFlags remote;
  AddRemoteOptions(app, &remote, AddStoreOption(app, &store_flag));
  app.add_option("--from", from, "the older tree size")->required();
  app.add_option("--to", to, "the newer tree size (default: the latest)");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  std::vector<Hash> hashes;
  if (!remote.server.empty()) {
    // Checked between the roots of the log's signed checkpoints at both sizes.
    ASSIGN_OR_RETURN(auto server, OpenRemote(remote));
    if (to == 0) to = server->latest().size;
    ASSIGN_OR_RETURN(hashes, server->Consistency(from, to));
    RETURN_IF_ERROR(server->SaveState());
  } else {
    ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
    if (to == 0) to = log->Size();
    ASSIGN_OR_RETURN(hashes, log->ConsistencyProof(from, to));
  }
  for (const Hash& h : hashes) ctx.out << Base64Encode(AsBytes(h)) << "\n";
  return Status::Ok();
}

Status CmdLogExportTiles(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Write the log as static c2sp.org/tlog-tiles files; on re-run only what changed.",
               "log export-tiles"};
  std::string store_flag, out;
  AddStoreOption(app, &store_flag);
  app.add_option("--out", out, "output directory")->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  // Pin the size with the checkpoint read first, so the tiles match it exactly.
  ASSIGN_OR_RETURN(std::string checkpoint, log->LatestCheckpoint());
  ASSIGN_OR_RETURN(auto opened, OpenNote(checkpoint, {log->log_vkey()}));
  ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(opened.text));
  uint64_t size = cp.size;
  Store& store = log->store();
  uint64_t written = 0, kept = 0;
  auto write = [&](const std::string& rel, const std::string& data, bool full) -> Status {
    std::string path = out + "/" + rel;
    if (full && FileExists(path)) {  // full tiles are immutable
      ++kept;
      return Status::Ok();
    }
    RETURN_IF_ERROR(MakeDirs(std::filesystem::path(path).parent_path().string()));
    ++written;
    return WriteFileAtomic(path, data, 0644);
  };
  for (int level = 0; level < 8 && (size >> (8 * level)) > 0; ++level) {
    uint64_t count = TileCount(level, size);
    for (uint64_t n = 0; n < count; ++n) {
      uint32_t width = TileWidth(level, n, size);
      if (width == 0) continue;
      bool full = width == 256;
      std::string rel = TilePath(level, n, full ? 0 : width);
      if (full && FileExists(out + "/" + rel)) {
        ++kept;
      } else {
        ASSIGN_OR_RETURN(auto nodes, store.GetNodes(8 * level, n * 256, n * 256 + width));
        std::string data;
        for (const Hash& h : nodes) data.append(AsBytes(h));
        RETURN_IF_ERROR(write(rel, data, full));
      }
      if (level == 0) {
        std::string erel = EntriesPath(n, full ? 0 : width);
        if (full && FileExists(out + "/" + erel)) {
          ++kept;
        } else {
          ASSIGN_OR_RETURN(auto leaves, store.GetLeaves(n * 256, n * 256 + width));
          RETURN_IF_ERROR(write(erel, EncodeEntryBundle(leaves), full));
        }
      }
    }
  }
  // The checkpoint goes last: a mirror never serves a checkpoint whose tiles are missing.
  RETURN_IF_ERROR(WriteFileAtomic(out + "/checkpoint", checkpoint, 0644));
  ctx.err << "exported tree size " << size << ": " << written << " files written, " << kept
          << " full tiles already present\n";
  return Status::Ok();
}

Status CmdLogVerify(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Audit the whole log: every leaf against its record, salt and signature, every "
               "tree node, every checkpoint. Exit 0 when intact, 1 with the first problem.",
               "log verify"};
  std::string store_flag, vkey;
  int threads = 2;
  AddStoreOption(app, &store_flag);
  app.add_option("--vkey", vkey, "pin the log's verifier key (default: the one the store names)");
  app.add_option("--threads", threads, "signature-checking threads")->check(CLI::Range(1, 64));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  std::optional<VerifierKey> pinned;
  if (!vkey.empty()) {
    ASSIGN_OR_RETURN(pinned, ParseVkey(vkey));
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(ResolveStore(store_flag), /*create=*/false));
  auto report = VerifyStoredLog(*store, AllKinds(), pinned, threads);
  if (!report.ok()) {
    if (report.status().code() == StatusCode::kCorruption) {
      return CheckFailed("FAILED: " + report.status().message());
    }
    return report.status();
  }
  ctx.out << "OK: " << report->records << " records, "
          << (report->redacted > 0 ? std::to_string(report->redacted) + " of them redacted, "
                                   : std::string())
          << report->nodes << " tree nodes, "
          << report->checkpoints << " checkpoints verified; root " << HashHex(report->root)
          << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli
