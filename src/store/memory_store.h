// MemoryStore: the Store contract held in memory, for tests, with fault injection.
//
// It follows the SQLite store's semantics (same validation, same error codes, atomic appends) so
// tests written against one hold for the other; store_test.cc runs the same cases on both.
// Thread-safe: one mutex guards everything. Callbacks of the Scan* methods run without the lock,
// so they may call back into the store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace jirga {

class MemoryStore : public Store {
 public:
  MemoryStore() = default;

  // Makes the next Append that passes every check fail with `s` (which must not be OK) at the
  // point where a real backend would commit, writing nothing. One-shot.
  void FailNextAppend(Status s);
  // A deep copy of the contents (not of a pending failure), as if the store were reopened.
  std::unique_ptr<MemoryStore> Clone();

  Status Initialize(const std::map<std::string, std::string>& meta) override;
  Result<std::string> GetMeta(const std::string& key) override;
  Result<uint64_t> Size() override;
  Status Append(const AppendBatch& batch) override;
  Result<std::string> GetLeaf(uint64_t index) override;
  Result<std::vector<std::string>> GetLeaves(uint64_t begin, uint64_t end) override;
  Result<std::optional<uint64_t>> FindLeafHash(const Hash& leaf_hash) override;
  Result<StoredRecord> GetRecord(uint64_t index) override;
  Status ScanRecords(const RecordFilter& filter,
                     const std::function<bool(const StoredRecord&)>& fn) override;
  Result<Hash> GetNode(int level, uint64_t index) override;
  Result<std::vector<Hash>> GetNodes(int level, uint64_t begin, uint64_t end) override;
  Result<std::string> LatestCheckpoint() override;
  Status ScanCheckpoints(
      const std::function<bool(uint64_t size, const std::string& note)>& fn) override;

 private:
  std::mutex mu_;
  std::optional<Status> fail_next_append_;          // guarded by mu_
  std::map<std::string, std::string> meta_;         // guarded by mu_
  std::vector<std::string> leaves_;                 // guarded by mu_; index = position
  std::map<Hash, uint64_t> leaf_index_;             // guarded by mu_
  std::vector<StoredRecord> records_;               // guarded by mu_; index = position
  std::map<std::pair<int, uint64_t>, Hash> nodes_;  // guarded by mu_; key (level, index)
  std::map<uint64_t, std::string> checkpoints_;     // guarded by mu_; key: tree size
};

}  // namespace jirga
