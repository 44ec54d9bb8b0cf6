// RFC 9162 Merkle tree hashes, inclusion and consistency proofs over stored full nodes, their
// verification, and the append frontier.
#include "ledger/merkle.h"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

namespace jirga {
namespace {

// The largest power of two strictly smaller than n (n >= 2): RFC 9162's split point k.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// The reference verifier's decomposition of an inclusion path (transparency-dev/merkle
// proof.decompInclProof): `inner` hashes below the point where the paths to `index` and to the
// last leaf diverge, then `border` hashes of left siblings along the right border.
struct PathShape {
  int inner;
  int border;
};
PathShape DecomposeInclusion(uint64_t index, uint64_t size) {
  int inner = std::bit_width(index ^ (size - 1));
  // inner can be 64 (e.g. index 0 in a tree of 2^63 + 1 leaves); shifting by 64 is undefined,
  // and nothing is left above it anyway.
  int border = inner < 64 ? std::popcount(index >> inner) : 0;
  return {inner, border};
}

}  // namespace

Result<Hash> SubtreeHash(NodeReader& reader, uint64_t begin, uint64_t end) {
  if (begin >= end) {
    return InvalidArgument("empty subtree range [" + std::to_string(begin) + ", " +
                           std::to_string(end) + ")");
  }
  const uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    // A perfect, aligned subtree is exactly one stored full node.
    int level = std::countr_zero(n);
    return reader.GetNode(level, begin >> level);
  }
  // RFC 9162 MTH: split at the largest power of two below n. When begin is aligned (as for every
  // range a proof over a tree starting at 0 asks for), the left half is one stored node, so the
  // recursion only descends along the right edge: O(log n) reads.
  const uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(Hash left, SubtreeHash(reader, begin, begin + k));
  ASSIGN_OR_RETURN(Hash right, SubtreeHash(reader, begin + k, end));
  return NodeHash(left, right);
}

Result<Hash> RootAt(NodeReader& reader, uint64_t size) {
  if (size == 0) return EmptyRoot();
  return SubtreeHash(reader, 0, size);
}

Result<std::vector<Hash>> InclusionProof(NodeReader& reader, uint64_t index, uint64_t size) {
  if (index >= size) {
    return InvalidArgument("inclusion proof index " + std::to_string(index) +
                           " not below tree size " + std::to_string(size));
  }
  // PATH(m, D[begin:end]) unrolled: walking down from the root, each step contributes the hash
  // of the sibling subtree, which RFC 9162 appends *after* the deeper path. Collect top-down and
  // reverse to get the leaf-to-root order.
  std::vector<Hash> proof;
  uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const uint64_t k = SplitPoint(end - begin);
    const uint64_t mid = begin + k;
    if (index < mid) {
      ASSIGN_OR_RETURN(Hash sibling, SubtreeHash(reader, mid, end));
      proof.push_back(sibling);
      end = mid;
    } else {
      ASSIGN_OR_RETURN(Hash sibling, SubtreeHash(reader, begin, mid));
      proof.push_back(sibling);
      begin = mid;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(NodeReader& reader, uint64_t old_size,
                                           uint64_t new_size) {
  if (old_size == 0 || old_size > new_size) {
    return InvalidArgument("consistency proof needs 0 < old size <= new size, got " +
                           std::to_string(old_size) + " and " + std::to_string(new_size));
  }
  // SUBPROOF(m, D[begin:end], b) unrolled, like InclusionProof: siblings are collected top-down
  // and the base case's hash (if any) comes first in the final order.
  std::vector<Hash> proof;
  uint64_t m = old_size, begin = 0, end = new_size;
  bool whole_old_tree = true;  // RFC 9162's flag b
  while (m != end - begin) {
    const uint64_t k = SplitPoint(end - begin);
    const uint64_t mid = begin + k;
    if (m <= k) {
      ASSIGN_OR_RETURN(Hash sibling, SubtreeHash(reader, mid, end));
      proof.push_back(sibling);
      end = mid;
    } else {
      ASSIGN_OR_RETURN(Hash sibling, SubtreeHash(reader, begin, mid));
      proof.push_back(sibling);
      m -= k;
      begin = mid;
      whole_old_tree = false;
    }
  }
  // Base case m == n: the verifier already knows the old root when this subtree is the whole old
  // tree; otherwise it needs this subtree's hash to start from.
  if (!whole_old_tree) {
    ASSIGN_OR_RETURN(Hash base, SubtreeHash(reader, begin, end));
    proof.push_back(base);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;
  const PathShape shape = DecomposeInclusion(index, size);
  if (proof.size() != static_cast<size_t>(shape.inner + shape.border)) return false;

  // RFC 9162 §2.1.3.2, step by step.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& proof) {
  // Edge rules first (transparency-dev/merkle proof.VerifyConsistency), except that an empty old
  // tree is refused outright: it is consistent with everything, so "proving" it proves nothing
  // and accepting it would only hide a caller's mistake.
  if (old_size == 0 || old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;

  // Exact expected length: the inclusion path of the old tree's last leaf in the new tree, minus
  // the levels inside the old tree's largest right-edge perfect subtree, plus that subtree's
  // root unless it is the whole old tree (whose root the verifier already has).
  const PathShape shape = DecomposeInclusion(old_size - 1, new_size);
  const int shift = std::countr_zero(old_size);
  const bool old_is_perfect = std::has_single_bit(old_size);
  const size_t want =
      static_cast<size_t>(shape.inner - shift + shape.border) + (old_is_perfect ? 0 : 1);
  if (proof.size() != want) return false;

  // RFC 9162 §2.1.4.2, step by step. Step 2 prepends the old root when old_size is a power of
  // two; iterating from a separate seed avoids copying the proof.
  size_t next = 0;
  const Hash seed = old_is_perfect ? old_root : proof[next++];
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = seed;
  Hash sr = seed;
  for (; next < proof.size(); ++next) {
    const Hash& c = proof[next];
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

Result<Frontier> Frontier::Load(NodeReader& reader, uint64_t size) {
  Frontier f;
  f.size_ = size;
  uint64_t start = 0;
  // Set bits of size from the most significant down are the perfect subtrees from the left.
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    Result<Hash> node = reader.GetNode(level, start >> level);
    if (!node.ok()) {
      return node.status().WithContext("loading frontier at size " + std::to_string(size));
    }
    f.hashes_.push_back(*node);
    start += width;
  }
  return f;
}

void Frontier::Append(const Hash& leaf_hash, const EmitFn& emit) {
  uint64_t index = size_;
  emit(0, index, leaf_hash);
  Hash h = leaf_hash;
  // Each trailing one bit of the old size is a perfect subtree of the same size as the one just
  // completed, directly to its left: merging them completes their parent.
  int level = 0;
  for (uint64_t s = size_; (s & 1) != 0; s >>= 1) {
    h = NodeHash(hashes_.back(), h);
    hashes_.pop_back();
    ++level;
    index >>= 1;
    emit(level, index, h);
  }
  hashes_.push_back(h);
  ++size_;
}

Hash Frontier::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  // MTH nests to the right: root = H(s0, H(s1, ... H(s_{k-1}, s_k))) for subtrees s0..s_k.
  Hash r = hashes_.back();
  for (size_t i = hashes_.size() - 1; i-- > 0;) r = NodeHash(hashes_[i], r);
  return r;
}

}  // namespace jirga
