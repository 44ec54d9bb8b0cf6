// An in-memory NodeReader for tests: stores every full node of a tree built by appending leaf
// hashes through Frontier, exactly as a real store would learn them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"

namespace jirga::testing {

class MemoryTree : public NodeReader {
 public:
  MemoryTree() = default;
  explicit MemoryTree(const std::vector<Hash>& leaf_hashes) {
    for (const Hash& h : leaf_hashes) Append(h);
  }

  void Append(const Hash& leaf_hash) {
    frontier_.Append(leaf_hash, [this](int level, uint64_t index, const Hash& hash) {
      nodes_[{level, index}] = hash;
    });
  }

  uint64_t size() const { return frontier_.size(); }
  Hash Root() const { return frontier_.Root(); }
  const Frontier& frontier() const { return frontier_; }
  // Keyed by (level, index); exposed so tests can check or tamper with what was stored.
  std::map<std::pair<int, uint64_t>, Hash>& nodes() { return nodes_; }
  // GetNode calls so far, to check that operations stay O(log n).
  uint64_t reads() const { return reads_; }

  Result<Hash> GetNode(int level, uint64_t index) override {
    ++reads_;
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) {
      return NotFound("node (" + std::to_string(level) + ", " + std::to_string(index) +
                      ") not stored");
    }
    return it->second;
  }

 private:
  Frontier frontier_;
  std::map<std::pair<int, uint64_t>, Hash> nodes_;
  uint64_t reads_ = 0;
};

}  // namespace jirga::testing
