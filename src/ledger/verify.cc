// The full audit behind `jirga log verify`.
#include "ledger/verify.h"

#include <map>
#include <thread>

#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/parties.h"
#include "ledger/record.h"
#include "ledger/redaction.h"

namespace jirga {
namespace {

constexpr uint64_t kChunk = 4096;

std::string At(uint64_t index) { return "index " + std::to_string(index) + ": "; }

// Checks the signatures of rows [0, n) with their keys on `threads` threads; returns the first
// index whose signature fails, or n.
size_t FirstBadSignature(const std::vector<Leaf>& leaves, const std::vector<PublicKeyBytes>& keys,
                         int threads) {
  size_t n = leaves.size();
  std::vector<size_t> first(static_cast<size_t>(threads), n);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < n; i += static_cast<size_t>(threads)) {
        if (!VerifySignature(keys[i], RecordSigningMessage(leaves[i].commitment), leaves[i].sig)) {
          first[static_cast<size_t>(t)] = i;
          return;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  size_t m = n;
  for (size_t f : first) m = std::min(m, f);
  return m;
}

// A row whose content is erased must name a later record of the log that is a `redaction` of
// exactly this row and is not erased itself, and must be a record that may be redacted.
Status CheckRedactedRow(Store& store, const StoredRecord& row, uint64_t size) {
  const uint64_t i = row.index, by = row.redacted_by;
  if (by <= i || by >= size) {
    return Corruption(At(i) + "marked redacted by record " + std::to_string(by) +
                      ", which is not a later record of the log");
  }
  Status target = CheckRedactionTarget(i, row.kind, 0, by);
  if (!target.ok()) return Corruption(At(i) + "marked redacted, but " + target.message());
  auto redaction = store.GetRecord(by);
  if (!redaction.ok()) {
    return Corruption(At(i) + "marked redacted by record " + std::to_string(by) +
                      ", which is unreadable: " + redaction.status().message());
  }
  auto rec = redaction->redacted_by == 0 ? ParseRecord(redaction->record)
                                         : Result<Record>(InvalidArgument("erased"));
  auto body = rec.ok() && rec->kind == kRedactionKind ? ParseRedactionBody(rec->body)
                                                     : Result<Redaction>(InvalidArgument("no"));
  if (!body.ok() || body->index != i) {
    return Corruption(At(i) + "content is erased, but record " + std::to_string(by) +
                      " is not a redaction of it");
  }
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> VerifyStoredLog(Store& store, const KindRegistry& kinds,
                                     const std::optional<VerifierKey>& pinned_log_key,
                                     int threads) {
  InitCrypto();
  if (threads < 1) threads = 1;
  VerifyReport report;
  ASSIGN_OR_RETURN(std::string format, store.GetMeta("format"));
  if (format != kLedgerFormat) return FailedPrecondition("not a " + std::string(kLedgerFormat) + " store");
  ASSIGN_OR_RETURN(std::string origin, store.GetMeta("origin"));
  ASSIGN_OR_RETURN(std::string vkey_text, store.GetMeta("log_vkey"));
  auto stored_key = ParseVkey(vkey_text);
  if (!stored_key.ok()) return Corruption("the stored log key is unreadable: " + vkey_text);
  if (pinned_log_key && pinned_log_key->ToVkey() != stored_key->ToVkey()) {
    return Corruption("the store names log key " + vkey_text + ", not the pinned " +
                      pinned_log_key->ToVkey());
  }
  VerifierKey log_key = *stored_key;
  ASSIGN_OR_RETURN(uint64_t size, store.Size());

  // Checkpoints first, so the walk can compare roots at their sizes.
  std::map<uint64_t, std::string> checkpoints;
  RETURN_IF_ERROR(store.ScanCheckpoints([&](uint64_t s, const std::string& note) {
    checkpoints[s] = note;
    return true;
  }));
  if (size > 0 && (checkpoints.empty() || checkpoints.rbegin()->first != size)) {
    return Corruption("no checkpoint covers the full log of " + std::to_string(size) + " records");
  }
  for (const auto& [s, note] : checkpoints) {
    auto opened = OpenNote(note, {log_key});
    if (!opened.ok()) {
      return Corruption("checkpoint at size " + std::to_string(s) +
                        " does not verify with the log key: " + opened.status().message());
    }
    auto cp = ParseCheckpoint(opened->text);
    if (!cp.ok() || cp->size != s || cp->origin != origin) {
      return Corruption("checkpoint at size " + std::to_string(s) +
                        " does not state origin \"" + origin + "\" and that size");
    }
    if (s > size) {
      return Corruption("checkpoint at size " + std::to_string(s) + " is beyond the log size " +
                        std::to_string(size));
    }
  }

  PartyRegistry parties;
  Frontier frontier;
  std::map<uint64_t, uint64_t> redactions_seen;  // redaction index -> the erased record
  for (uint64_t begin = 0; begin < size; begin += kChunk) {
    uint64_t end = std::min(size, begin + kChunk);
    ASSIGN_OR_RETURN(std::vector<std::string> leaf_bytes, store.GetLeaves(begin, end));
    std::vector<Leaf> leaves;
    std::vector<PublicKeyBytes> keys;
    std::vector<NodeEntry> nodes;
    std::vector<StoredRecord> rows;
    // Adds a checked leaf to the tree and compares the root with a checkpoint of that size.
    auto append_leaf = [&](const std::string& lb, const Leaf& leaf) -> Status {
      leaves.push_back(leaf);
      frontier.Append(LeafHash(lb), [&](int level, uint64_t index, const Hash& h) {
        nodes.push_back(NodeEntry{level, index, h});
      });
      if (auto it = checkpoints.find(frontier.size()); it != checkpoints.end()) {
        auto cp = ParseCheckpoint(OpenNote(it->second, {log_key})->text);
        if (cp->root != frontier.Root()) {
          return Corruption("checkpoint at size " + std::to_string(frontier.size()) +
                            " has root " + HashHex(cp->root) + " but the leaves give " +
                            HashHex(frontier.Root()));
        }
        ++report.checkpoints;
      }
      return Status::Ok();
    };
    Status scan = store.ScanRecords(RecordFilter{.after = begin, .limit = end - begin},
                                    [&](const StoredRecord& r) {
                                      rows.push_back(r);
                                      return true;
                                    });
    if (!scan.ok()) return Corruption("records unreadable: " + scan.message());
    for (uint64_t i = begin; i < end; ++i) {
      const std::string& lb = leaf_bytes[i - begin];
      auto leaf = ParseLeaf(lb);
      if (!leaf.ok()) return Corruption(At(i) + "stored leaf is " + std::to_string(lb.size()) + " bytes, not 128");
      const StoredRecord* row = i - begin < rows.size() ? &rows[i - begin] : nullptr;
      if (row == nullptr || row->index != i) return Corruption(At(i) + "the record is missing");
      if (row->redacted_by != 0) {
        // Erased content: nothing to open the commitment with. What remains checkable is that a
        // signed redaction of exactly this record exists, and that the leaf is signed by a key
        // of the party the row names, allowed this kind.
        RETURN_IF_ERROR(CheckRedactedRow(store, *row, size));
        redactions_seen[row->redacted_by] = i;
        Status allowed = parties.CheckAllowed(leaf->key_hash, row->party, row->kind);
        if (!allowed.ok()) return Corruption(At(i) + allowed.message());
        keys.push_back(parties.KeyByHash(leaf->key_hash)->pub);
        RETURN_IF_ERROR(append_leaf(lb, *leaf));
        continue;
      }
      if (row->salt.size() != kSaltSize) return Corruption(At(i) + "salt is not 32 bytes");
      if (ComputeCommitment(row->salt, row->record) != leaf->commitment) {
        return Corruption(At(i) + "record and salt do not match the leaf's commitment");
      }
      auto rec = ParseRecord(row->record);
      if (!rec.ok()) return Corruption(At(i) + "record does not parse: " + rec.status().message());
      if (rec->kind != row->kind || rec->party != row->party) {
        return Corruption(At(i) + "stored kind/party columns differ from the record");
      }
      if (rec->kind == "party" && parties.empty()) {
        // Genesis: signed by a key the record itself registers.
        auto info = ParsePartyBody(rec->body, kinds);
        bool found = false;
        if (info.ok()) {
          for (const auto& k : info->keys) {
            if (!found && k.PubHash() == leaf->key_hash) keys.push_back(k.pub), found = true;
          }
        }
        if (!found) return Corruption(At(i) + "genesis record is not self-signed by the operator");
      } else {
        Status allowed = parties.CheckAllowed(leaf->key_hash, rec->party, rec->kind);
        if (!allowed.ok()) return Corruption(At(i) + allowed.message());
        keys.push_back(parties.KeyByHash(leaf->key_hash)->pub);
      }
      for (const auto& ref : rec->refs) {
        if (ref.index >= i) {
          return Corruption(At(i) + "refs point to index " + std::to_string(ref.index) +
                            ", which is not earlier");
        }
      }
      const KindSpec* spec = kinds.Find(rec->kind);
      if (spec == nullptr) return Corruption(At(i) + "unknown kind \"" + rec->kind + "\"");
      Status body = spec->validate_body(rec->body);
      if (!body.ok()) return Corruption(At(i) + body.message());
      if (rec->kind == "party") {
        auto info = ParsePartyBody(rec->body, kinds);
        Status st = info.ok() ? parties.Apply(*info, i, rec->party) : info.status();
        if (!st.ok()) return Corruption(At(i) + st.message());
      }
      if (rec->kind == kRedactionKind) {
        // Its target, earlier, must have been found erased and naming this record.
        const uint64_t target = ParseRedactionBody(rec->body)->index;
        auto seen = redactions_seen.find(i);
        if (seen == redactions_seen.end() || seen->second != target) {
          return Corruption(At(i) + "redaction of record " + std::to_string(target) +
                            ", but that record's content is not erased by this redaction");
        }
        ++report.redacted;
      }
      RETURN_IF_ERROR(append_leaf(lb, *leaf));
    }
    size_t bad = FirstBadSignature(leaves, keys, threads);
    if (bad < leaves.size()) {
      return Corruption(At(begin + bad) + "signature does not verify with the party's key");
    }
    // The nodes a chunk completes form one contiguous index range per level: read each range
    // with one query.
    std::map<int, std::vector<const NodeEntry*>> by_level;
    for (const NodeEntry& n : nodes) by_level[n.level].push_back(&n);
    for (const auto& [level, list] : by_level) {
      uint64_t first = list.front()->index;
      auto stored = store.GetNodes(level, first, first + list.size());
      for (size_t k = 0; k < list.size(); ++k) {
        const NodeEntry& n = *list[k];
        auto where = [&] {  // built only for a problem: 2M nodes per 1M records are fine
          return "tree node (level " + std::to_string(n.level) + ", index " +
                 std::to_string(n.index) + ")";
        };
        if (!stored.ok() || n.index != first + k) {
          auto one = store.GetNode(n.level, n.index);  // name the exact node that is unreadable
          if (!one.ok()) return Corruption(where() + " unreadable: " + one.status().message());
          if (*one != n.hash) {
            return Corruption(where() + " is " + HashHex(*one) + " but the leaves give " +
                              HashHex(n.hash));
          }
          continue;
        }
        if ((*stored)[k] != n.hash) {
          return Corruption(where() + " is " + HashHex((*stored)[k]) + " but the leaves give " +
                            HashHex(n.hash));
        }
      }
    }
    report.nodes += nodes.size();
  }
  report.records = size;
  report.root = frontier.Root();
  return report;
}

}  // namespace jirga
