// Backend-independent checks shared by every Store implementation.
#include "store/store.h"

#include <string>

namespace jirga {
namespace {

constexpr size_t kSaltSize = 32;

}  // namespace

std::string NodeName(int level, uint64_t index) {
  return "(level " + std::to_string(level) + ", index " + std::to_string(index) + ")";
}

Status ValidateAppendBatch(const AppendBatch& b, uint64_t max_tree_size) {
  if (b.leaves.empty()) return InvalidArgument("append batch has no leaves");
  if (b.leaf_hashes.size() != b.leaves.size() || b.records.size() != b.leaves.size()) {
    return InvalidArgument("append batch has " + std::to_string(b.leaves.size()) + " leaves, " +
                           std::to_string(b.leaf_hashes.size()) + " leaf hashes and " +
                           std::to_string(b.records.size()) + " records; they must match");
  }
  // first_index + leaves.size() <= max_tree_size, written so that nothing can wrap.
  if (b.leaves.size() > max_tree_size || b.first_index > max_tree_size - b.leaves.size()) {
    return InvalidArgument("append batch indexes overflow");
  }
  for (size_t i = 0; i < b.leaves.size(); ++i) {
    uint64_t index = b.first_index + i;
    if (b.leaves[i].size() != kLeafSize) {
      return InvalidArgument("leaf " + std::to_string(index) + " is " +
                             std::to_string(b.leaves[i].size()) + " bytes, want " +
                             std::to_string(kLeafSize));
    }
    if (b.records[i].salt.size() != kSaltSize) {
      return InvalidArgument("salt of record " + std::to_string(index) + " is " +
                             std::to_string(b.records[i].salt.size()) + " bytes, want " +
                             std::to_string(kSaltSize));
    }
  }
  uint64_t new_size = b.first_index + b.leaves.size();
  for (const NodeEntry& n : b.nodes) {
    // A full node (level, index) covers leaves [index << level, (index + 1) << level), which must
    // lie inside the new tree.
    if (n.level < 0 || n.level > 63 || n.index >= (new_size >> n.level)) {
      return InvalidArgument("node " + NodeName(n.level, n.index) +
                             " is not a full node of a tree of size " + std::to_string(new_size));
    }
  }
  if (b.checkpoint.empty()) return InvalidArgument("append batch has no checkpoint");
  for (const StoredRecord& r : b.records) {
    if (r.redacted_by != 0) return InvalidArgument("an appended record cannot arrive redacted");
  }
  for (const RedactionEntry& r : b.redactions) {
    if (r.by < b.first_index || r.by >= new_size || r.target >= r.by) {
      return InvalidArgument("redaction of record " + std::to_string(r.target) + " by record " +
                             std::to_string(r.by) + ": the redaction must be a record of the "
                             "batch and its target earlier");
    }
  }
  return Status::Ok();
}

}  // namespace jirga
