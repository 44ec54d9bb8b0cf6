// Tests for Merkle subtree hashes, proofs, verification and the frontier: RFC 6962 reference
// vectors, and property tests against an independent recursive RFC 9162 implementation.
#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/encoding.h"
#include "base/json.h"
#include "ledger/hash.h"
#include "testing/memory_tree.h"
#include "testing/shared_data.h"

namespace jirga {
namespace {

using ::jirga::testing::MemoryTree;

constexpr char kVectorsFile[] = "vectors/rfc6962-reference-vectors.json";

std::string Unhex(const std::string& hex) {
  Result<std::string> r = HexDecode(hex);
  EXPECT_TRUE(r.ok()) << hex;
  return r.ok() ? *r : std::string();
}

// ---------------------------------------------------------------------------------------------
// Independent reference: RFC 9162 §2.1.1 MTH, §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF written
// as the literal recursive definitions over a plain vector of leaf hashes. It shares nothing
// with merkle.cc but NodeHash (checked against the RFC 6962 vectors in hash_test.cc).

// k: the largest power of two smaller than n (n > 1), computed the slow, obvious way.
uint64_t RefSplit(uint64_t n) {
  uint64_t k = 1;
  while (k <= (n - 1) / 2) k *= 2;  // k * 2 < n, without overflowing for n > 2^63
  return k;
}

class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}

  // MTH(D[begin:end]). Results are memoized (by range) purely for speed: recomputing every
  // sibling from the leaves would make the all-indices property tests quadratic.
  Hash Mth(uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 0) return Sha256("");
    if (n == 1) return leaves_[begin];
    auto it = memo_.find({begin, end});
    if (it != memo_.end()) return it->second;
    const uint64_t k = RefSplit(n);
    Hash h = NodeHash(Mth(begin, begin + k), Mth(begin + k, end));
    memo_.emplace(std::make_pair(begin, end), h);
    return h;
  }

  // PATH(m, D[begin:end]).
  std::vector<Hash> Path(uint64_t m, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n == 1) return {};
    const uint64_t k = RefSplit(n);
    std::vector<Hash> p;
    if (m < k) {
      p = Path(m, begin, begin + k);
      p.push_back(Mth(begin + k, end));
    } else {
      p = Path(m - k, begin + k, end);
      p.push_back(Mth(begin, begin + k));
    }
    return p;
  }

  // PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).
  std::vector<Hash> Proof(uint64_t m, uint64_t n) { return Subproof(m, 0, n, true); }

 private:
  std::vector<Hash> Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b) {
    const uint64_t n = end - begin;
    if (m == n) {
      if (b) return {};
      return {Mth(begin, end)};
    }
    const uint64_t k = RefSplit(n);
    std::vector<Hash> p;
    if (m <= k) {
      p = Subproof(m, begin, begin + k, b);
      p.push_back(Mth(begin + k, end));
    } else {
      p = Subproof(m - k, begin + k, end, false);
      p.push_back(Mth(begin, begin + k));
    }
    return p;
  }

  std::vector<Hash> leaves_;
  std::map<std::pair<uint64_t, uint64_t>, Hash> memo_;
};

// Reference inclusion verifier: walks PATH's recursion for (index, size), consuming the proof
// from its last (topmost) hash, and recomputes the root. Accepts exactly the proofs whose shape
// matches (index, size) and whose recomputed root equals `root`.
std::optional<Hash> RefFoldPath(const Hash& leaf, uint64_t m, uint64_t n,
                                const std::vector<Hash>& proof, size_t end) {
  if (n == 1) return end == 0 ? std::optional<Hash>(leaf) : std::nullopt;
  if (end == 0) return std::nullopt;
  const uint64_t k = RefSplit(n);
  const Hash& sibling = proof[end - 1];
  if (m < k) {
    std::optional<Hash> left = RefFoldPath(leaf, m, k, proof, end - 1);
    return left ? std::optional<Hash>(NodeHash(*left, sibling)) : std::nullopt;
  }
  std::optional<Hash> right = RefFoldPath(leaf, m - k, n - k, proof, end - 1);
  return right ? std::optional<Hash>(NodeHash(sibling, *right)) : std::nullopt;
}

bool RefVerifyInclusion(const Hash& leaf, uint64_t index, uint64_t size,
                        const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;
  std::optional<Hash> got = RefFoldPath(leaf, index, size, proof, proof.size());
  return got && *got == root;
}

// Reference consistency verifier: walks SUBPROOF's recursion, recomputing the old and new
// subtree hashes side by side.
struct RootPair {
  Hash old_hash;
  Hash new_hash;
};

std::optional<RootPair> RefFoldSubproof(uint64_t m, uint64_t n, bool b,
                                        const std::vector<Hash>& proof, size_t end,
                                        const Hash& old_root) {
  if (m == n) {
    if (b) return end == 0 ? std::optional<RootPair>({old_root, old_root}) : std::nullopt;
    return end == 1 ? std::optional<RootPair>({proof[0], proof[0]}) : std::nullopt;
  }
  if (end == 0) return std::nullopt;
  const uint64_t k = RefSplit(n);
  const Hash& sibling = proof[end - 1];
  if (m <= k) {
    std::optional<RootPair> p = RefFoldSubproof(m, k, b, proof, end - 1, old_root);
    if (!p) return std::nullopt;
    return RootPair{p->old_hash, NodeHash(p->new_hash, sibling)};
  }
  std::optional<RootPair> p = RefFoldSubproof(m - k, n - k, false, proof, end - 1, old_root);
  if (!p) return std::nullopt;
  return RootPair{NodeHash(sibling, p->old_hash), NodeHash(sibling, p->new_hash)};
}

bool RefVerifyConsistency(uint64_t m, uint64_t n, const Hash& old_root, const Hash& new_root,
                          const std::vector<Hash>& proof) {
  if (m == 0 || m > n) return false;
  if (m == n) return proof.empty() && old_root == new_root;
  std::optional<RootPair> p = RefFoldSubproof(m, n, true, proof, proof.size(), old_root);
  return p && p->old_hash == old_root && p->new_hash == new_root;
}

// ---------------------------------------------------------------------------------------------
// Fixtures and mutation helpers.

std::vector<Hash> RandomLeaves(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash> leaves(n);
  for (size_t i = 0; i < n; ++i) leaves[i] = LeafHash("leaf " + std::to_string(rng()));
  return leaves;
}

Hash FlipBit(Hash h, size_t bit) {
  h[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return h;
}

Hash FlipRandomBit(const Hash& h, std::mt19937_64& rng) { return FlipBit(h, rng() % 256); }

// Sizes/indexes near the original: off by one either way and single bit flips (low bits, where
// the tree shape changes, and the top bit, where lengths explode).
std::vector<uint64_t> NearbyValues(uint64_t v) {
  std::vector<uint64_t> out = {v + 1, v - 1};
  for (int b = 0; b < 8; ++b) out.push_back(v ^ (uint64_t{1} << b));
  out.push_back(v ^ (uint64_t{1} << 63));
  return out;
}

// Every way of getting the proof length wrong by one hash.
std::vector<std::vector<Hash>> WrongLengthProofs(const std::vector<Hash>& proof,
                                                 const Hash& extra) {
  std::vector<std::vector<Hash>> out;
  std::vector<Hash> p = proof;
  p.push_back(extra);
  out.push_back(p);
  p = proof;
  p.insert(p.begin(), extra);
  out.push_back(p);
  if (!proof.empty()) {
    out.push_back(std::vector<Hash>(proof.begin(), proof.end() - 1));
    out.push_back(std::vector<Hash>(proof.begin() + 1, proof.end()));
    p = proof;
    p.push_back(proof.back());  // a duplicate rather than a random hash
    out.push_back(p);
  }
  return out;
}

// Checks every mutation of one valid inclusion proof; returns the number of failed expectations
// so callers can stop early instead of flooding the log.
int CheckInclusionMutations(const Hash& leaf, uint64_t index, uint64_t size,
                            const std::vector<Hash>& proof, const Hash& root,
                            std::mt19937_64& rng) {
  int failures = 0;
  auto expect = [&](bool cond, const std::string& what) {
    if (!cond) {
      ++failures;
      ADD_FAILURE() << "inclusion index=" << index << " size=" << size << ": " << what;
    }
  };
  for (size_t j = 0; j < proof.size(); ++j) {
    std::vector<Hash> p = proof;
    p[j] = FlipRandomBit(p[j], rng);
    expect(!VerifyInclusion(leaf, index, size, p, root), "flipped proof hash " + std::to_string(j));
  }
  expect(!VerifyInclusion(FlipRandomBit(leaf, rng), index, size, proof, root), "flipped leaf");
  expect(!VerifyInclusion(leaf, index, size, proof, FlipRandomBit(root, rng)), "flipped root");
  for (uint64_t i2 : NearbyValues(index)) {
    expect(!VerifyInclusion(leaf, i2, size, proof, root), "index " + std::to_string(i2));
  }
  // A different size with the same root can only be accepted when (index, size2) has the very
  // same proof shape, which the reference verifier decides independently.
  for (uint64_t s2 : NearbyValues(size)) {
    expect(VerifyInclusion(leaf, index, s2, proof, root) ==
               RefVerifyInclusion(leaf, index, s2, proof, root),
           "size " + std::to_string(s2) + " disagrees with the reference verifier");
  }
  for (const auto& p : WrongLengthProofs(proof, FlipRandomBit(root, rng))) {
    expect(!VerifyInclusion(leaf, index, size, p, root),
           "proof of length " + std::to_string(p.size()));
  }
  return failures;
}

int CheckConsistencyMutations(uint64_t m, uint64_t n, const Hash& old_root, const Hash& new_root,
                              const std::vector<Hash>& proof, std::mt19937_64& rng) {
  int failures = 0;
  auto expect = [&](bool cond, const std::string& what) {
    if (!cond) {
      ++failures;
      ADD_FAILURE() << "consistency " << m << " -> " << n << ": " << what;
    }
  };
  for (size_t j = 0; j < proof.size(); ++j) {
    std::vector<Hash> p = proof;
    p[j] = FlipRandomBit(p[j], rng);
    expect(!VerifyConsistency(m, n, old_root, new_root, p),
           "flipped proof hash " + std::to_string(j));
  }
  expect(!VerifyConsistency(m, n, FlipRandomBit(old_root, rng), new_root, proof),
         "flipped old root");
  expect(!VerifyConsistency(m, n, old_root, FlipRandomBit(new_root, rng), proof),
         "flipped new root");
  for (uint64_t m2 : NearbyValues(m)) {
    expect(VerifyConsistency(m2, n, old_root, new_root, proof) ==
               RefVerifyConsistency(m2, n, old_root, new_root, proof),
           "old size " + std::to_string(m2) + " disagrees with the reference verifier");
  }
  for (uint64_t n2 : NearbyValues(n)) {
    expect(VerifyConsistency(m, n2, old_root, new_root, proof) ==
               RefVerifyConsistency(m, n2, old_root, new_root, proof),
           "new size " + std::to_string(n2) + " disagrees with the reference verifier");
  }
  for (const auto& p : WrongLengthProofs(proof, FlipRandomBit(new_root, rng))) {
    expect(!VerifyConsistency(m, n, old_root, new_root, p),
           "proof of length " + std::to_string(p.size()));
  }
  return failures;
}

std::string Describe(const std::vector<Hash>& proof) {
  std::string s = "[";
  for (const Hash& h : proof) s += HashHex(h).substr(0, 8) + " ";
  return s + "]";
}

// ---------------------------------------------------------------------------------------------
// RFC 6962 reference vectors.

TEST(MerkleTree, StoredNodesMatchReferenceHashesAtEveryLevel) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  const Json& tree = v->at("reference_tree");
  std::vector<Hash> leaves;
  for (const Json& in : tree.at("leaf_inputs_hex")) {
    leaves.push_back(LeafHash(Unhex(in.get<std::string>())));
  }
  ASSERT_EQ(leaves.size(), 8u);
  MemoryTree mt(leaves);
  const Json& levels = tree.at("node_hashes_by_level");
  ASSERT_EQ(levels.size(), 4u);
  size_t total = 0;
  for (size_t level = 0; level < levels.size(); ++level) {
    for (size_t index = 0; index < levels[level].size(); ++index) {
      SCOPED_TRACE("node (" + std::to_string(level) + ", " + std::to_string(index) + ")");
      Result<Hash> node = mt.GetNode(static_cast<int>(level), index);
      ASSERT_TRUE(node.ok()) << node.status().ToString();
      EXPECT_EQ(HashHex(*node), levels[level][index].get<std::string>());
      // A perfect aligned range reads the same value through SubtreeHash.
      Result<Hash> sub = SubtreeHash(mt, index << level, (index + 1) << level);
      ASSERT_TRUE(sub.ok());
      EXPECT_EQ(*sub, *node);
      ++total;
    }
  }
  EXPECT_EQ(total, 15u);
  EXPECT_EQ(mt.nodes().size(), 15u);  // nothing but the full nodes was stored
}

TEST(MerkleTree, RootsMatchReferenceHashesForSizes0To8) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  const Json& tree = v->at("reference_tree");
  std::vector<Hash> leaves;
  for (const Json& in : tree.at("leaf_inputs_hex")) {
    leaves.push_back(LeafHash(Unhex(in.get<std::string>())));
  }
  const Json& roots = tree.at("root_hashes_by_size");
  ASSERT_EQ(roots.size(), 9u);
  MemoryTree full(leaves);
  MemoryTree growing;
  for (uint64_t size = 0; size <= 8; ++size) {
    SCOPED_TRACE("size " + std::to_string(size));
    const std::string want = roots[size].get<std::string>();
    Result<Hash> root = RootAt(full, size);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(HashHex(*root), want);
    EXPECT_EQ(HashHex(growing.Root()), want);
    if (size < 8) growing.Append(leaves[size]);
  }
}

TEST(MerkleTree, SubtreeHashesMatchAccumulatedSubtreeVector) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  const Json& acc = v->at("accumulated_subtree_vectors");
  // Format (from the vector file): SHA-256 over the lines "[start, end) <hex>\n" for end in
  // 0..130 and start in 0..end (both inclusive), over valid subtrees only; leaf i's input is the
  // single byte i. The empty subtree [s, s) hashes to SHA-256("").
  std::vector<Hash> leaves;
  for (int i = 0; i < 130; ++i) leaves.push_back(LeafHash(std::string(1, static_cast<char>(i))));
  MemoryTree mt(leaves);
  auto valid = [](uint64_t start, uint64_t end) {
    if (start == 0 || start == end) return true;
    uint64_t ceil = 1;
    while (ceil < end - start) ceil *= 2;
    return start % ceil == 0;
  };
  Sha256Hasher acc_hasher;
  int lines = 0;
  for (uint64_t end = 0; end <= 130; ++end) {
    for (uint64_t start = 0; start <= end; ++start) {
      if (!valid(start, end)) continue;
      Hash h = EmptyRoot();
      if (start < end) {
        Result<Hash> sub = SubtreeHash(mt, start, end);
        ASSERT_TRUE(sub.ok()) << sub.status().ToString();
        h = *sub;
      }
      char prefix[64];
      std::snprintf(prefix, sizeof prefix, "[%llu, %llu) ", static_cast<unsigned long long>(start),
                    static_cast<unsigned long long>(end));
      acc_hasher.Update(prefix);
      acc_hasher.Update(HashHex(h) + "\n");
      ++lines;
    }
  }
  EXPECT_GT(lines, 500);
  EXPECT_EQ(HashHex(acc_hasher.Finish()), acc.at("subtree_hash").at("want").get<std::string>());
  // The file's subtree_inclusion / subtree_consistency / covering_subtrees vectors follow the
  // proof algorithms of draft-ietf-plants-merkle-tree-certs (proofs *of subtrees*), which this
  // module does not implement; they are deliberately not checked here.
}

// ---------------------------------------------------------------------------------------------
// Property tests against the reference implementation.

TEST(MerkleTree, SubtreeHashOfAnyRangeMatchesReference) {
  // Including unaligned ranges such as [2, 6), whose power-of-two size must not be mistaken for
  // the stored node (2, 0).
  const std::vector<Hash> leaves = RandomLeaves(40, 16);
  MemoryTree mt(leaves);
  ReferenceTree ref(leaves);
  for (uint64_t end = 1; end <= 40; ++end) {
    for (uint64_t begin = 0; begin < end; ++begin) {
      Result<Hash> got = SubtreeHash(mt, begin, end);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ASSERT_EQ(*got, ref.Mth(begin, end)) << "[" << begin << ", " << end << ")";
    }
  }
}

TEST(MerkleTree, InclusionProofsMatchReferenceForEverySizeUpTo70) {
  const std::vector<Hash> leaves = RandomLeaves(70, 1);
  MemoryTree mt(leaves);
  ReferenceTree ref(leaves);
  std::mt19937_64 rng(11);
  for (uint64_t size = 1; size <= 70; ++size) {
    const Hash root = ref.Mth(0, size);
    Result<Hash> got_root = RootAt(mt, size);
    ASSERT_TRUE(got_root.ok());
    ASSERT_EQ(*got_root, root) << "size " << size;
    for (uint64_t index = 0; index < size; ++index) {
      Result<std::vector<Hash>> proof = InclusionProof(mt, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const std::vector<Hash> want = ref.Path(index, 0, size);
      ASSERT_EQ(*proof, want) << "index " << index << " size " << size << ": got "
                              << Describe(*proof) << " want " << Describe(want);
      ASSERT_TRUE(VerifyInclusion(leaves[index], index, size, *proof, root))
          << "index " << index << " size " << size;
      ASSERT_TRUE(RefVerifyInclusion(leaves[index], index, size, *proof, root));
      ASSERT_EQ(CheckInclusionMutations(leaves[index], index, size, *proof, root, rng), 0);
    }
  }
}

TEST(MerkleTree, ConsistencyProofFromSmallerTreeVerifies) {
  const std::vector<Hash> leaves = RandomLeaves(70, 2);
  MemoryTree mt(leaves);
  ReferenceTree ref(leaves);
  std::mt19937_64 rng(12);
  for (uint64_t n = 1; n <= 70; ++n) {
    const Hash new_root = ref.Mth(0, n);
    for (uint64_t m = 1; m <= n; ++m) {
      const Hash old_root = ref.Mth(0, m);
      Result<std::vector<Hash>> proof = ConsistencyProof(mt, m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const std::vector<Hash> want = ref.Proof(m, n);
      ASSERT_EQ(*proof, want) << m << " -> " << n << ": got " << Describe(*proof) << " want "
                              << Describe(want);
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, new_root, *proof)) << m << " -> " << n;
      ASSERT_TRUE(RefVerifyConsistency(m, n, old_root, new_root, *proof));
      ASSERT_EQ(CheckConsistencyMutations(m, n, old_root, new_root, *proof, rng), 0);
    }
  }
}

TEST(MerkleTree, ProofsMatchReferenceForRandomSizesUpTo3000) {
  constexpr uint64_t kMax = 3000;
  const std::vector<Hash> leaves = RandomLeaves(kMax, 3);
  // One store holding the largest tree: proofs for a smaller size must only use the nodes that
  // exist at that size, whatever else has been stored since.
  MemoryTree mt(leaves);
  ReferenceTree ref(leaves);
  std::mt19937_64 rng(13);
  std::vector<uint64_t> sizes = {71, 127, 128, 129, 1023, 1024, 1025, 2047, 2048, 2049, kMax};
  for (int i = 0; i < 30; ++i) sizes.push_back(71 + rng() % (kMax - 70));
  for (uint64_t n : sizes) {
    SCOPED_TRACE("size " + std::to_string(n));
    const Hash root = ref.Mth(0, n);
    // Every index and every older size, checked against the reference and the verifier;
    // mutations are sampled (the exhaustive small-size tests cover every case shape).
    for (uint64_t index = 0; index < n; ++index) {
      Result<std::vector<Hash>> proof = InclusionProof(mt, index, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_EQ(*proof, ref.Path(index, 0, n)) << "index " << index;
      ASSERT_TRUE(VerifyInclusion(leaves[index], index, n, *proof, root)) << "index " << index;
      if (rng() % 16 == 0 || index + 1 == n) {
        ASSERT_EQ(CheckInclusionMutations(leaves[index], index, n, *proof, root, rng), 0);
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      const Hash old_root = ref.Mth(0, m);
      Result<std::vector<Hash>> proof = ConsistencyProof(mt, m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_EQ(*proof, ref.Proof(m, n)) << "old size " << m;
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, root, *proof)) << "old size " << m;
      if (rng() % 16 == 0 || m + 1 == n) {
        ASSERT_EQ(CheckConsistencyMutations(m, n, old_root, root, *proof, rng), 0);
      }
    }
  }
}

TEST(MerkleTree, EveryBitOfAProofHashMatters) {
  // The property tests flip one sampled bit per hash; here every bit of every hash of a few
  // proofs is flipped, to rule out a verifier that looks at only part of each hash.
  const std::vector<Hash> leaves = RandomLeaves(37, 4);
  MemoryTree mt(leaves);
  const Hash root = mt.Root();
  for (uint64_t index : {0u, 17u, 36u}) {
    Result<std::vector<Hash>> proof = InclusionProof(mt, index, 37);
    ASSERT_TRUE(proof.ok());
    for (size_t j = 0; j < proof->size(); ++j) {
      for (size_t bit = 0; bit < 256; ++bit) {
        std::vector<Hash> p = *proof;
        p[j] = FlipBit(p[j], bit);
        ASSERT_FALSE(VerifyInclusion(leaves[index], index, 37, p, root)) << j << "/" << bit;
      }
    }
    for (size_t bit = 0; bit < 256; ++bit) {
      ASSERT_FALSE(VerifyInclusion(leaves[index], index, 37, *proof, FlipBit(root, bit)));
      ASSERT_FALSE(VerifyInclusion(FlipBit(leaves[index], bit), index, 37, *proof, root));
    }
  }
  for (uint64_t m : {5u, 16u}) {
    const Hash old_root = *RootAt(mt, m);
    Result<std::vector<Hash>> proof = ConsistencyProof(mt, m, 37);
    ASSERT_TRUE(proof.ok());
    for (size_t j = 0; j < proof->size(); ++j) {
      for (size_t bit = 0; bit < 256; ++bit) {
        std::vector<Hash> p = *proof;
        p[j] = FlipBit(p[j], bit);
        ASSERT_FALSE(VerifyConsistency(m, 37, old_root, root, p)) << j << "/" << bit;
      }
    }
    for (size_t bit = 0; bit < 256; ++bit) {
      ASSERT_FALSE(VerifyConsistency(m, 37, FlipBit(old_root, bit), root, *proof));
      ASSERT_FALSE(VerifyConsistency(m, 37, old_root, FlipBit(root, bit), *proof));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Edge rules.

TEST(MerkleTree, ConsistencyFromEmptyTreeIsRejected) {
  MemoryTree mt(RandomLeaves(5, 5));
  EXPECT_FALSE(VerifyConsistency(0, 5, EmptyRoot(), mt.Root(), {}));
  EXPECT_FALSE(VerifyConsistency(0, 5, EmptyRoot(), mt.Root(), {mt.Root()}));
  EXPECT_FALSE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}));
  Result<std::vector<Hash>> proof = ConsistencyProof(mt, 0, 5);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
}

TEST(MerkleTree, SameSizeConsistencyNeedsEmptyProofAndEqualRoots) {
  MemoryTree mt(RandomLeaves(6, 6));
  const Hash root = mt.Root();
  Result<std::vector<Hash>> proof = ConsistencyProof(mt, 6, 6);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(proof->empty());
  EXPECT_TRUE(VerifyConsistency(6, 6, root, root, {}));
  EXPECT_FALSE(VerifyConsistency(6, 6, root, FlipBit(root, 0), {}));
  EXPECT_FALSE(VerifyConsistency(6, 6, root, root, {root}));
}

TEST(MerkleTree, ShrinkingTreeIsRejected) {
  MemoryTree mt(RandomLeaves(8, 7));
  const Hash r8 = mt.Root();
  const Hash r5 = *RootAt(mt, 5);
  const std::vector<Hash> proof = *ConsistencyProof(mt, 5, 8);
  EXPECT_TRUE(VerifyConsistency(5, 8, r5, r8, proof));
  EXPECT_FALSE(VerifyConsistency(8, 5, r8, r5, proof));
  EXPECT_FALSE(VerifyConsistency(8, 5, r5, r8, proof));
  EXPECT_EQ(ConsistencyProof(mt, 8, 5).status().code(), StatusCode::kInvalidArgument);
}

TEST(MerkleTree, InclusionOutsideTheTreeIsRejected) {
  const std::vector<Hash> leaves = RandomLeaves(4, 8);
  MemoryTree mt(leaves);
  EXPECT_EQ(InclusionProof(mt, 4, 4).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(InclusionProof(mt, 0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(VerifyInclusion(leaves[0], 0, 0, {}, EmptyRoot()));
  EXPECT_FALSE(VerifyInclusion(leaves[0], 1, 1, {}, leaves[0]));
  // A one-leaf tree: the proof is empty and the root is the leaf hash.
  EXPECT_TRUE(VerifyInclusion(leaves[0], 0, 1, {}, leaves[0]));
  EXPECT_FALSE(VerifyInclusion(leaves[0], 0, 1, {leaves[1]}, leaves[0]));
}

TEST(MerkleTree, EmptyRangesAreInvalidArguments) {
  MemoryTree mt(RandomLeaves(4, 9));
  EXPECT_EQ(SubtreeHash(mt, 2, 2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SubtreeHash(mt, 3, 1).status().code(), StatusCode::kInvalidArgument);
  Result<Hash> empty = RootAt(mt, 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, EmptyRoot());
}

TEST(MerkleTree, MissingStoredNodesSurfaceAsReaderErrors) {
  MemoryTree mt(RandomLeaves(10, 10));
  EXPECT_EQ(RootAt(mt, 11).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(InclusionProof(mt, 3, 12).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ConsistencyProof(mt, 3, 12).status().code(), StatusCode::kNotFound);
  mt.nodes().erase({1, 2});  // leaves [4, 6)
  EXPECT_EQ(InclusionProof(mt, 7, 10).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(InclusionProof(mt, 9, 10).ok());  // path does not need (1, 2) ...
  EXPECT_TRUE(RootAt(mt, 10).ok());             // ... nor does the root (it reads (3, 0))
}

TEST(MerkleTree, TamperedStoredNodeYieldsProofsThatFailVerification) {
  const std::vector<Hash> leaves = RandomLeaves(13, 11);
  MemoryTree mt(leaves);
  const Hash trusted_root = mt.Root();
  mt.nodes()[{1, 1}] = FlipBit(mt.nodes()[{1, 1}], 7);  // leaves [2, 4)
  Result<std::vector<Hash>> proof = InclusionProof(mt, 0, 13);
  ASSERT_TRUE(proof.ok());
  EXPECT_FALSE(VerifyInclusion(leaves[0], 0, 13, *proof, trusted_root));
}

TEST(MerkleTree, ProofsReadLogarithmicallyManyNodes) {
  const std::vector<Hash> leaves = RandomLeaves(3000, 12);
  MemoryTree mt(leaves);
  for (uint64_t n : {1000u, 2047u, 2999u, 3000u}) {
    for (uint64_t i : {0u, 1u, 511u, 999u}) {
      uint64_t before = mt.reads();
      ASSERT_TRUE(InclusionProof(mt, i, n).ok());
      EXPECT_LE(mt.reads() - before, 2u * 12) << i << " in " << n;
      before = mt.reads();
      ASSERT_TRUE(ConsistencyProof(mt, i + 1, n).ok());
      EXPECT_LE(mt.reads() - before, 3u * 12) << i + 1 << " -> " << n;
    }
    uint64_t before = mt.reads();
    ASSERT_TRUE(RootAt(mt, n).ok());
    EXPECT_LE(mt.reads() - before, 12u);
  }
}

// ---------------------------------------------------------------------------------------------
// Frontier.

TEST(Frontier, AppendEmitsExactlyTheFullNodes) {
  const std::vector<Hash> leaves = RandomLeaves(300, 13);
  ReferenceTree ref(leaves);
  Frontier f;
  std::set<std::pair<int, uint64_t>> emitted;
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    std::vector<std::pair<int, uint64_t>> this_append;
    f.Append(leaves[n - 1], [&](int level, uint64_t index, const Hash& hash) {
      this_append.push_back({level, index});
      EXPECT_TRUE(emitted.insert({level, index}).second)
          << "node (" << level << ", " << index << ") emitted twice";
      EXPECT_EQ(hash, ref.Mth(index << level, (index + 1) << level))
          << "node (" << level << ", " << index << ")";
    });
    ASSERT_FALSE(this_append.empty());
    EXPECT_EQ(this_append.front(), std::make_pair(0, n - 1));  // the leaf comes first
    for (size_t j = 1; j < this_append.size(); ++j) {
      EXPECT_EQ(this_append[j].first, this_append[j - 1].first + 1);  // then upwards
    }
    EXPECT_EQ(f.size(), n);
    EXPECT_EQ(f.Root(), ref.Mth(0, n)) << "size " << n;
    // The full nodes of a tree of n leaves: every (level, index) whose range ends by n.
    std::set<std::pair<int, uint64_t>> full;
    for (int level = 0; (uint64_t{1} << level) <= n; ++level) {
      for (uint64_t index = 0; ((index + 1) << level) <= n; ++index) full.insert({level, index});
    }
    ASSERT_EQ(emitted, full) << "size " << n;
  }
}

TEST(Frontier, LoadAtASizeGivesTheSameRootAsAppending) {
  const std::vector<Hash> leaves = RandomLeaves(300, 14);
  MemoryTree mt(leaves);
  Frontier appended;
  EXPECT_EQ(appended.Root(), EmptyRoot());
  for (uint64_t size = 0; size <= leaves.size(); ++size) {
    Result<Frontier> loaded = Frontier::Load(mt, size);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->size(), size);
    EXPECT_EQ(loaded->Root(), appended.Root()) << "size " << size;
    if (size < leaves.size()) {
      // A loaded frontier must also carry on appending exactly like the original.
      Frontier cont = *loaded;
      std::vector<std::pair<int, uint64_t>> a, b;
      cont.Append(leaves[size], [&](int l, uint64_t i, const Hash&) { a.push_back({l, i}); });
      appended.Append(leaves[size], [&](int l, uint64_t i, const Hash&) { b.push_back({l, i}); });
      EXPECT_EQ(a, b);
      EXPECT_EQ(cont.Root(), appended.Root());
    }
  }
}

TEST(Frontier, LoadFailsWhenAStoredNodeIsMissing) {
  MemoryTree mt(RandomLeaves(7, 15));
  mt.nodes().erase({1, 2});  // leaves [4, 6), part of the size-7 frontier
  Result<Frontier> loaded = Frontier::Load(mt, 7);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Frontier::Load(mt, 4).ok());
  EXPECT_EQ(Frontier::Load(mt, 8).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace jirga
