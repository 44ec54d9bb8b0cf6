// Store: the narrow persistence interface under the ledger.
//
// A store holds, for one log: metadata (origin, log key, schema version), the 128-byte leaves, the
// full Merkle nodes (see ledger/merkle.h), the record rows (record bytes exactly as signed, salt,
// kind, party, receipt time) and the signed checkpoints. Appends are atomic and durable: when
// Append() returns OK every row of the batch is on stable storage, and after a crash either all
// of a batch is there or none of it.
//
// Errors: NotFound for a missing index; Corruption for a row that is present but unreadable
// (wrong length); IOError for the backend failing; FailedPrecondition for a store that is not
// initialised or whose schema is newer than this binary understands.
//
// Thread safety: implementations are safe for concurrent use by several threads; Append calls
// must be serialized by the caller (the sequencer is the one writer).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"

namespace jirga {

inline constexpr size_t kLeafSize = 128;

struct StoredRecord {
  uint64_t index = 0;
  std::string kind;
  std::string party;
  std::string record;  // the signed bytes, exactly as submitted; empty once redacted
  std::string salt;    // 32 bytes; empty once redacted
  int64_t received_micros = 0;  // the server's receipt time
  // The index of the `redaction` record that erased record and salt; 0: not redacted (index 0 is
  // the genesis, never a redaction). See ledger/redaction.h.
  uint64_t redacted_by = 0;
};

// Erase the record and salt of row `target`, in the transaction that appends record `by`.
struct RedactionEntry {
  uint64_t target = 0;
  uint64_t by = 0;
};

struct NodeEntry {
  int level = 0;
  uint64_t index = 0;
  Hash hash{};
};

struct AppendBatch {
  uint64_t first_index = 0;           // must equal Size() at the time of the append
  std::vector<std::string> leaves;    // 128 bytes each; leaf i gets index first_index + i
  std::vector<Hash> leaf_hashes;      // RFC 6962 leaf hash of each leaf, for duplicate lookup
  std::vector<StoredRecord> records;  // same length and order as leaves
  std::vector<NodeEntry> nodes;       // every full node completed by these leaves
  std::string checkpoint;             // the signed checkpoint note for the new size
  int64_t checkpoint_micros = 0;
  // Rows whose record and salt this batch erases (each `by` is a record of the batch). Applied
  // after the batch's own rows, so a target may be in the batch.
  std::vector<RedactionEntry> redactions;
};

struct RecordFilter {
  std::string kind;   // empty: any
  std::string party;  // empty: any
  uint64_t after = 0; // only indexes >= after
  uint64_t limit = UINT64_MAX;
};

class Store : public NodeReader {
 public:
  ~Store() override = default;

  // Creates the schema and writes `meta`. AlreadyExists if the store is already initialised.
  virtual Status Initialize(const std::map<std::string, std::string>& meta) = 0;
  // A metadata value; NotFound if absent, FailedPrecondition if the store is not initialised.
  virtual Result<std::string> GetMeta(const std::string& key) = 0;

  // Number of leaves.
  virtual Result<uint64_t> Size() = 0;
  // Appends the batch whole or not at all. AlreadyExists (nothing written) when a leaf hash of the
  // batch is already stored, or appears twice in it; FailedPrecondition when first_index is not
  // the current size, or a redaction's target row is missing or already redacted. A redacted
  // row's old bytes are overwritten, not just unlinked (SQLite: secure_delete, and the WAL is
  // truncated after the commit when no reader holds it).
  virtual Status Append(const AppendBatch& batch) = 0;

  virtual Result<std::string> GetLeaf(uint64_t index) = 0;
  // Leaves [begin, end); InvalidArgument if end > Size().
  virtual Result<std::vector<std::string>> GetLeaves(uint64_t begin, uint64_t end) = 0;
  // The index of the leaf with this RFC 6962 leaf hash, or nullopt.
  virtual Result<std::optional<uint64_t>> FindLeafHash(const Hash& leaf_hash) = 0;

  virtual Result<StoredRecord> GetRecord(uint64_t index) = 0;
  // Calls `fn` for matching records in index order until it returns false or `limit` is reached.
  virtual Status ScanRecords(const RecordFilter& filter,
                             const std::function<bool(const StoredRecord&)>& fn) = 0;

  // NodeReader: a full Merkle node.
  Result<Hash> GetNode(int level, uint64_t index) override = 0;
  // Full nodes (level, begin..end-1); NotFound if any is missing.
  virtual Result<std::vector<Hash>> GetNodes(int level, uint64_t begin, uint64_t end) = 0;

  // The checkpoint note for the latest size; NotFound before the first append.
  virtual Result<std::string> LatestCheckpoint() = 0;
  // Calls `fn(size, note)` for every stored checkpoint in size order.
  virtual Status ScanCheckpoints(
      const std::function<bool(uint64_t size, const std::string& note)>& fn) = 0;
};

// Checks everything about `batch` that needs no stored state, so every backend refuses the same
// batches with the same messages: at least one leaf; as many leaf hashes and records as leaves;
// first_index + leaves.size() (the new tree size) at most `max_tree_size`, the largest size the
// backend can hold (INT64_MAX for SQLite's signed integers); every leaf kLeafSize bytes; every
// salt 32 bytes; every node a full node of the new tree; a non-empty checkpoint; every
// redaction's `by` a record of the batch and its target earlier. InvalidArgument
// naming the first problem, else OK. It does not check first_index against Size(), nor
// duplicates: those need the backend.
Status ValidateAppendBatch(const AppendBatch& batch, uint64_t max_tree_size);

// "(level L, index I)": how store error messages name a Merkle node.
std::string NodeName(int level, uint64_t index);

// An in-memory store for tests. Thread-safe. Never durable.
std::unique_ptr<Store> NewMemoryStore();

// Opens (creating the file if `create`) an SQLite store at `path`: WAL journal,
// synchronous=FULL, schema migrated to the current version. FailedPrecondition if the file's
// schema is newer than this binary; NotFound if missing and !create.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, bool create);

// Opens a store by location: a file path for SQLite (later also postgresql:// URLs).
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, bool create);

}  // namespace jirga
