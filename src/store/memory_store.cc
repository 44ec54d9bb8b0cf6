// The in-memory Store used by tests, mirroring the SQLite store's checks and error codes.
#include "store/memory_store.h"

#include <set>

namespace jirga {
namespace {

// The SQLite store cannot hold indexes above INT64_MAX; refuse the same batches here.
constexpr uint64_t kMaxTreeSize = static_cast<uint64_t>(INT64_MAX);
// ScanRecords copies this many matches per lock hold, so callbacks run unlocked.
constexpr size_t kScanChunk = 64;

bool Matches(const RecordFilter& f, const StoredRecord& r) {
  return (f.kind.empty() || r.kind == f.kind) && (f.party.empty() || r.party == f.party);
}

}  // namespace

void MemoryStore::FailNextAppend(Status s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (s.ok()) {
    fail_next_append_.reset();
  } else {
    fail_next_append_ = std::move(s);
  }
}

Status MemoryStore::Initialize(const std::map<std::string, std::string>& meta) {
  if (meta.empty()) return InvalidArgument("initialise: no metadata given");
  std::lock_guard<std::mutex> lock(mu_);
  if (!meta_.empty()) return AlreadyExists("memory store is already initialised");
  meta_ = meta;
  return Status::Ok();
}

Result<std::string> MemoryStore::GetMeta(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (meta_.empty()) return FailedPrecondition("store not initialised; run jirga init");
  auto it = meta_.find(key);
  if (it == meta_.end()) return NotFound("metadata key " + key + " is not set");
  return it->second;
}

Result<uint64_t> MemoryStore::Size() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<uint64_t>(leaves_.size());
}

Status MemoryStore::Append(const AppendBatch& batch) {
  RETURN_IF_ERROR(ValidateAppendBatch(batch, kMaxTreeSize));
  std::lock_guard<std::mutex> lock(mu_);
  if (batch.first_index != leaves_.size()) {
    return FailedPrecondition("append batch starts at index " + std::to_string(batch.first_index) +
                              " but the log has " + std::to_string(leaves_.size()) + " leaves");
  }
  // Every conflict the SQLite store's constraints would catch, checked before any change so the
  // batch applies whole or not at all.
  std::set<Hash> batch_hashes;
  for (size_t i = 0; i < batch.leaf_hashes.size(); ++i) {
    if (leaf_index_.count(batch.leaf_hashes[i]) != 0 ||
        !batch_hashes.insert(batch.leaf_hashes[i]).second) {
      return AlreadyExists("leaf " + std::to_string(batch.first_index + i) +
                           " is already stored");
    }
  }
  std::set<std::pair<int, uint64_t>> batch_nodes;
  for (const NodeEntry& n : batch.nodes) {
    std::pair<int, uint64_t> key(n.level, n.index);
    if (nodes_.count(key) != 0 || !batch_nodes.insert(key).second) {
      return Internal("insert node " + NodeName(n.level, n.index) + ": node already stored");
    }
  }
  const uint64_t new_size = batch.first_index + batch.leaves.size();
  if (checkpoints_.count(new_size) != 0) {
    return Internal("insert checkpoint " + std::to_string(new_size) + ": already stored");
  }
  std::set<uint64_t> targets;
  for (const RedactionEntry& r : batch.redactions) {
    // Targets in the batch are fresh rows; stored ones must not be redacted; none twice.
    if (!targets.insert(r.target).second ||
        (r.target < records_.size() && records_[r.target].redacted_by != 0)) {
      return FailedPrecondition("record " + std::to_string(r.target) +
                                " is missing or already redacted");
    }
  }
  if (fail_next_append_.has_value()) {
    Status s = std::move(*fail_next_append_);
    fail_next_append_.reset();
    return s;
  }

  for (size_t i = 0; i < batch.leaves.size(); ++i) {
    const uint64_t index = batch.first_index + i;
    leaves_.push_back(batch.leaves[i]);
    leaf_index_.emplace(batch.leaf_hashes[i], index);
    // Like the SQLite store, the row's index is its position, whatever records[i].index says.
    StoredRecord r = batch.records[i];
    r.index = index;
    records_.push_back(std::move(r));
  }
  for (const RedactionEntry& r : batch.redactions) {
    StoredRecord& row = records_[r.target];
    row.record.clear();
    row.record.shrink_to_fit();
    row.salt.clear();
    row.salt.shrink_to_fit();
    row.redacted_by = r.by;
  }
  for (const NodeEntry& n : batch.nodes) nodes_.emplace(std::make_pair(n.level, n.index), n.hash);
  checkpoints_.emplace(new_size, batch.checkpoint);
  return Status::Ok();
}

Result<std::string> MemoryStore::GetLeaf(uint64_t index) {
  std::lock_guard<std::mutex> lock(mu_);
  if (index >= leaves_.size()) return NotFound("leaf " + std::to_string(index) + " not found");
  return leaves_[index];
}

Result<std::vector<std::string>> MemoryStore::GetLeaves(uint64_t begin, uint64_t end) {
  if (begin > end) {
    return InvalidArgument("leaf range [" + std::to_string(begin) + ", " + std::to_string(end) +
                           ") is reversed");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (end > leaves_.size()) {
    return InvalidArgument("leaf range [" + std::to_string(begin) + ", " + std::to_string(end) +
                           ") is beyond the log size " + std::to_string(leaves_.size()));
  }
  return std::vector<std::string>(leaves_.begin() + static_cast<ptrdiff_t>(begin),
                                  leaves_.begin() + static_cast<ptrdiff_t>(end));
}

Result<std::optional<uint64_t>> MemoryStore::FindLeafHash(const Hash& leaf_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = leaf_index_.find(leaf_hash);
  if (it == leaf_index_.end()) return std::optional<uint64_t>();
  return std::optional<uint64_t>(it->second);
}

Result<StoredRecord> MemoryStore::GetRecord(uint64_t index) {
  std::lock_guard<std::mutex> lock(mu_);
  if (index >= records_.size()) return NotFound("record " + std::to_string(index) + " not found");
  return records_[index];
}

Status MemoryStore::ScanRecords(const RecordFilter& filter,
                                const std::function<bool(const StoredRecord&)>& fn) {
  uint64_t next = filter.after;
  uint64_t remaining = filter.limit;
  while (remaining > 0) {
    std::vector<StoredRecord> chunk;
    {
      std::lock_guard<std::mutex> lock(mu_);
      uint64_t i = next;
      for (; i < records_.size() && chunk.size() < kScanChunk && chunk.size() < remaining; ++i) {
        if (Matches(filter, records_[i])) chunk.push_back(records_[i]);
      }
      next = i;
    }
    if (chunk.empty()) return Status::Ok();
    for (const StoredRecord& r : chunk) {
      --remaining;
      if (!fn(r)) return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<Hash> MemoryStore::GetNode(int level, uint64_t index) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find({level, index});
  if (it == nodes_.end()) return NotFound("node " + NodeName(level, index) + " not stored");
  return it->second;
}

Result<std::vector<Hash>> MemoryStore::GetNodes(int level, uint64_t begin, uint64_t end) {
  if (begin > end) {
    return InvalidArgument("node range [" + std::to_string(begin) + ", " + std::to_string(end) +
                           ") is reversed");
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Hash> hashes;
  for (uint64_t i = begin; i < end; ++i) {
    auto it = nodes_.find({level, i});
    if (it == nodes_.end()) return NotFound("node " + NodeName(level, i) + " not stored");
    hashes.push_back(it->second);
  }
  return hashes;
}

Result<std::string> MemoryStore::LatestCheckpoint() {
  std::lock_guard<std::mutex> lock(mu_);
  if (checkpoints_.empty()) return NotFound("no checkpoint stored yet");
  return checkpoints_.rbegin()->second;
}

Status MemoryStore::ScanCheckpoints(
    const std::function<bool(uint64_t size, const std::string& note)>& fn) {
  std::map<uint64_t, std::string> copy;
  {
    std::lock_guard<std::mutex> lock(mu_);
    copy = checkpoints_;
  }
  for (const auto& [size, note] : copy) {
    if (!fn(size, note)) return Status::Ok();
  }
  return Status::Ok();
}

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

std::unique_ptr<MemoryStore> MemoryStore::Clone() {
  auto copy = std::make_unique<MemoryStore>();
  std::lock_guard<std::mutex> l(mu_);
  copy->meta_ = meta_;
  copy->leaves_ = leaves_;
  copy->leaf_index_ = leaf_index_;
  copy->records_ = records_;
  copy->nodes_ = nodes_;
  copy->checkpoints_ = checkpoints_;
  return copy;
}

}  // namespace jirga
