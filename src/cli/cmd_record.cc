// Subcommands about single records: record show (from a store, or verified from a server), and
// the offline proof verify.
#include <ostream>

#include "base/encoding.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger/redaction.h"
#include "ledger/tlog_proof.h"

namespace jirga::cli {

namespace {

// `record show` of a redacted record: what is left of it, in the shape GET /v1/records/{i} gives.
Json RedactedJson(uint64_t index, const std::string& kind, const std::string& party,
                  const std::string& received, uint64_t by, const std::string& reason,
                  const std::string& leaf) {
  return Json{{"index", index},
              {"kind", kind},
              {"party", party},
              {"received", received},
              {"redacted", {{"by", by}, {"reason", reason}}},
              {"leaf", Base64Encode(leaf)},
              {"leaf_hash", HashHex(LeafHash(leaf))}};
}

Status Redacted(uint64_t index, uint64_t by) {
  return FailedPrecondition("record " + std::to_string(index) + " was redacted by record " +
                            std::to_string(by) + ": its content is erased, there are no bytes "
                            "to print");
}

}  // namespace

Status CmdRecordShow(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print the record at INDEX as JSON (or its exact signed bytes with --raw); a "
               "redacted record shows which redaction erased it and why.",
               "record show"};
  std::string store_flag;
  uint64_t index = 0;
  bool raw = false;
  std::string read_key;
  RemoteFlags remote;
  AddRemoteOptions(app, &remote, AddStoreOption(app, &store_flag));
  app.add_option("--index", index, "record index")->required();
  app.add_option("--key", read_key,
                 "with --server: authenticate with this party key file to read a record that "
                 "is not public")
      ->needs(app.get_option("--server"));
  app.add_flag("--raw", raw, "print the record bytes exactly as signed");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (!remote.server.empty()) {
    // The record and salt must open the leaf's commitment, the leaf must be in the log, and the
    // party's signature in it must verify.
    ASSIGN_OR_RETURN(auto server, OpenRemote(remote));
    if (!read_key.empty()) {
      ASSIGN_OR_RETURN(SigningKey key, SigningKey::Load(read_key));
      ASSIGN_OR_RETURN(std::string party, server->Authenticate(key));
      ctx.err << "authenticated to " << server->server() << " as party " << party << "\n";
    }
    ASSIGN_OR_RETURN(client::VerifiedRecord rec, server->GetRecord(index));
    RETURN_IF_ERROR(server->SaveState());
    if (!rec.signature_checked) {
      ctx.err << "note: the party signature of record " << index
              << " was not checked: its key is no longer registered to any party\n";
    }
    if (rec.redacted_by != 0) {
      if (raw) return Redacted(index, rec.redacted_by);
      ctx.out << RedactedJson(index, rec.kind, rec.party, rec.received, rec.redacted_by,
                              rec.redaction_reason, rec.leaf)
                     .dump(2)
              << "\n";
      return Status::Ok();
    }
    if (raw) {
      ctx.out << rec.record << "\n";
      return Status::Ok();
    }
    auto parsed = ParseJsonStrict(rec.record);
    Json out = {{"index", rec.index},
                {"kind", rec.kind},
                {"party", rec.party},
                {"received", rec.received},
                {"record", parsed.ok() ? *parsed : Json(rec.record)},
                {"salt", Base64Encode(rec.salt)},
                {"leaf", Base64Encode(rec.leaf)},
                {"leaf_hash", HashHex(LeafHash(rec.leaf))}};
    ctx.out << out.dump(2) << "\n";
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  if (index >= log->Size()) {
    return NotFound("no record at index " + std::to_string(index) + " (log size " +
                    std::to_string(log->Size()) + ")");
  }
  ASSIGN_OR_RETURN(StoredRecord row, log->store().GetRecord(index));
  if (row.redacted_by != 0) {
    if (raw) return Redacted(index, row.redacted_by);
    ASSIGN_OR_RETURN(StoredRecord by, log->store().GetRecord(row.redacted_by));
    auto rec = ParseRecord(by.record);
    auto redaction = rec.ok() ? ParseRedactionBody(rec->body) : Result<Redaction>(rec.status());
    if (!redaction.ok()) {
      return Corruption("record " + std::to_string(index) + " is marked redacted by record " +
                        std::to_string(row.redacted_by) + ", which is not a valid redaction");
    }
    ASSIGN_OR_RETURN(std::string leaf, log->store().GetLeaf(index));
    ctx.out << RedactedJson(index, row.kind, row.party, FormatRfc3339(row.received_micros),
                            row.redacted_by, redaction->reason, leaf)
                   .dump(2)
            << "\n";
    return Status::Ok();
  }
  if (raw) {
    ctx.out << row.record << "\n";
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::string leaf, log->store().GetLeaf(index));
  auto parsed = ParseJsonStrict(row.record);
  Json out = {{"index", row.index},
              {"kind", row.kind},
              {"party", row.party},
              {"received", FormatRfc3339(row.received_micros)},
              {"record", parsed.ok() ? *parsed : Json(row.record)},
              {"salt", Base64Encode(row.salt)},
              {"leaf", Base64Encode(leaf)},
              {"leaf_hash", HashHex(LeafHash(leaf))}};
  ctx.out << out.dump(2) << "\n";
  return Status::Ok();
}

Status CmdProofVerify(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Check a c2sp.org/tlog-proof offline: the checkpoint's signature, the inclusion "
               "of the leaf, and that the record and salt (or the given leaf) match it. Exit 0 "
               "when it holds, 1 when it does not.",
               "proof verify"};
  std::string vkey_text, proof_path, record_path, salt_b64, leaf_b64, signer_text;
  app.add_option("--vkey", vkey_text, "the log's verifier key")->required();
  app.add_option("--proof", proof_path, "the tlog-proof file")->required();
  app.add_option("--record", record_path, "file with the record bytes exactly as signed");
  app.add_option("--salt", salt_b64, "the record's salt, base64");
  app.add_option("--leaf", leaf_b64, "the 128-byte leaf, base64 (default: the proof's extra)");
  app.add_option("--signer", signer_text, "also check the leaf is signed by this party vkey");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  InitCrypto();
  if (record_path.empty() != salt_b64.empty()) {
    return Usage("--record and --salt go together");
  }
  ASSIGN_OR_RETURN(VerifierKey log_key, ParseVkey(vkey_text));
  ASSIGN_OR_RETURN(std::string text, ReadFile(proof_path));
  ASSIGN_OR_RETURN(TlogProof proof, ParseTlogProof(text));
  auto opened = OpenNote(proof.checkpoint, {log_key});
  if (!opened.ok()) return CheckFailed("checkpoint signature: " + opened.status().message());
  ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(opened->text));
  if (cp.origin != log_key.name) {
    return CheckFailed("checkpoint origin \"" + cp.origin + "\" is not the key's \"" +
                       log_key.name + "\"");
  }
  std::string leaf_bytes = proof.extra;
  if (!leaf_b64.empty()) {
    ASSIGN_OR_RETURN(leaf_bytes, Base64Decode(leaf_b64));
  }
  if (leaf_bytes.empty()) return Usage("no leaf: give --leaf or a proof with an extra line");
  ASSIGN_OR_RETURN(Leaf leaf, ParseLeaf(leaf_bytes));
  if (!record_path.empty()) {
    ASSIGN_OR_RETURN(std::string record, ReadFile(record_path));
    ASSIGN_OR_RETURN(std::string salt, Base64Decode(salt_b64));
    bool match = ComputeCommitment(salt, record) == leaf.commitment;
    // A file usually ends with a newline the record did not have when signed.
    if (!match && !record.empty() && record.back() == '\n') {
      record.pop_back();
      match = ComputeCommitment(salt, record) == leaf.commitment;
    }
    if (!match) return CheckFailed("the record and salt do not match the leaf's commitment");
  }
  if (!signer_text.empty()) {
    ASSIGN_OR_RETURN(VerifierKey signer, ParseVkey(signer_text));
    if (signer.PubHash() != leaf.key_hash) return CheckFailed("the leaf was not signed by " + signer_text);
    if (!VerifySignature(signer.pub, RecordSigningMessage(leaf.commitment), leaf.sig)) {
      return CheckFailed("the leaf's signature does not verify with " + signer_text);
    }
  }
  if (!VerifyInclusion(LeafHash(leaf_bytes), proof.index, cp.size, proof.proof, cp.root)) {
    return CheckFailed("the inclusion proof does not verify against the checkpoint");
  }
  ctx.out << "OK: leaf " << HashHex(LeafHash(leaf_bytes)) << " is record " << proof.index
          << " of " << cp.origin << " at tree size " << cp.size << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli
