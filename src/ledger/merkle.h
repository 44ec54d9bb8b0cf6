// RFC 6962 / RFC 9162 Merkle tree: subtree hashes over stored nodes, inclusion and consistency
// proofs and their verification, and the frontier (compact range) used to append.
//
// Storage model: the tree keeps every *full* node, i.e. node (level, index) is the hash of the
// perfect subtree over leaves [index << level, (index + 1) << level), level 0 being leaf hashes.
// With those, any subtree hash, proof or root costs O(log n) node reads and appends write O(1)
// amortized nodes. A NodeReader supplies stored nodes; it is borrowed, never owned.
//
// Proof generation returns errors from the reader (e.g. Corruption, NotFound) or InvalidArgument
// for indexes out of range. Verification returns bool: a proof that fails is an outcome.
// Thread safety: free functions are thread-safe given a thread-safe reader; Frontier is not.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/status.h"
#include "ledger/hash.h"

namespace jirga {

class NodeReader {
 public:
  virtual ~NodeReader() = default;
  // The full node (level, index). NotFound if it has not been stored.
  virtual Result<Hash> GetNode(int level, uint64_t index) = 0;
};

// MTH(D[begin:end]) for a subtree of a tree of size >= end. InvalidArgument if begin >= end.
Result<Hash> SubtreeHash(NodeReader& reader, uint64_t begin, uint64_t end);
// The root of the tree of `size` leaves (EmptyRoot() for 0).
Result<Hash> RootAt(NodeReader& reader, uint64_t size);
// RFC 9162 §2.1.3.1 PATH(index, D[0:size]). InvalidArgument unless index < size.
Result<std::vector<Hash>> InclusionProof(NodeReader& reader, uint64_t index, uint64_t size);
// RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size]). InvalidArgument unless
// 0 < old_size <= new_size. Empty when old_size == new_size.
Result<std::vector<Hash>> ConsistencyProof(NodeReader& reader, uint64_t old_size,
                                           uint64_t new_size);

// RFC 9162 §2.1.3.2, with the reference verifier's edge rules (index < size, exact proof length).
bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Hash>& proof, const Hash& root);
// RFC 9162 §2.1.4.2. old_size == 0 is rejected; old_size == new_size requires an empty proof and
// equal roots; the proof length must match exactly.
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& proof);

// The right edge of a tree: the roots of its perfect subtrees, largest first. Appending a leaf
// reports every full node it completes (the leaf hash itself at level 0 included) to `emit`,
// which is how the caller learns what to store.
class Frontier {
 public:
  using EmitFn = std::function<void(int level, uint64_t index, const Hash& hash)>;

  Frontier() = default;
  // Rebuilds the frontier of a tree of `size` leaves from stored full nodes (O(log n) reads).
  static Result<Frontier> Load(NodeReader& reader, uint64_t size);

  uint64_t size() const { return size_; }
  void Append(const Hash& leaf_hash, const EmitFn& emit);
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  // hashes_[i] is the root of the i-th perfect subtree from the left; its size is the i-th set
  // bit of size_ counted from the most significant.
  std::vector<Hash> hashes_;
};

}  // namespace jirga
