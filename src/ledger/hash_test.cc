// Tests for SHA-256 and the RFC 6962 leaf/node hashes, including the transparency-dev reference
// vectors.
#include "ledger/hash.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/encoding.h"
#include "base/json.h"
#include "testing/shared_data.h"

namespace jirga {
namespace {

constexpr char kVectorsFile[] = "vectors/rfc6962-reference-vectors.json";

std::string Unhex(const std::string& hex) {
  Result<std::string> r = HexDecode(hex);
  EXPECT_TRUE(r.ok()) << hex;
  return r.ok() ? *r : std::string();
}

TEST(Sha256, MatchesFips180Examples) {
  EXPECT_EQ(HashHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HashHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, ConcatEqualsHashOfConcatenation) {
  EXPECT_EQ(Sha256Concat("hello, ", "world"), Sha256("hello, world"));
  EXPECT_EQ(Sha256Concat("", ""), Sha256(""));
  EXPECT_EQ(Sha256Concat("", "abc"), Sha256("abc"));
}

TEST(Sha256Hasher, IncrementalUpdatesEqualOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7));
  Sha256Hasher h;
  for (size_t i = 0; i < data.size(); i += 37) h.Update(std::string_view(data).substr(i, 37));
  EXPECT_EQ(h.Finish(), Sha256(data));
}

TEST(Sha256Hasher, FinishResetsForTheNextMessage) {
  Sha256Hasher h;
  h.Update("abc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
  EXPECT_EQ(h.Finish(), Sha256(""));
  h.Update("discarded");
  h.Reset();
  h.Update("abc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
}

TEST(Sha256, ThreadsHashIndependently) {
  // Each thread uses its own thread_local hasher; interleaving must not mix their states.
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &mismatches] {
      for (int i = 0; i < 2000; ++i) {
        std::string leaf = std::to_string(t) + ":" + std::to_string(i);
        if (LeafHash(leaf) != Sha256(std::string(1, '\0') + leaf)) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(HashHex, IsLowercaseHex) {
  Hash h{};
  h[0] = 0xAB;
  h[31] = 0x0F;
  EXPECT_EQ(HashHex(h), "ab" + std::string(60, '0') + "0f");
}

TEST(Rfc6962Hasher, LeafAndNodeHashesAreDomainSeparated) {
  const Hash a = LeafHash("a"), b = LeafHash("b");
  std::string node_input = std::string(AsBytes(a)) + std::string(AsBytes(b));
  EXPECT_EQ(NodeHash(a, b), Sha256(std::string(1, '\x01') + node_input));
  // The same 64 bytes as a leaf hash to something else, so a leaf cannot pose as a node.
  EXPECT_NE(LeafHash(node_input), NodeHash(a, b));
  EXPECT_NE(NodeHash(a, b), NodeHash(b, a));
  EXPECT_EQ(EmptyRoot(), Sha256(""));
}

TEST(Rfc6962Hasher, MatchesTransparencyDevReferenceVectors) {
  LOAD_SHARED_JSON_OR_SKIP(v, kVectorsFile);
  const Json& cases = v->at("hasher_vectors");
  ASSERT_EQ(cases.size(), 4u);
  int checked = 0;
  for (const Json& c : cases) {
    const std::string want = c.at("want").get<std::string>();
    SCOPED_TRACE(c.at("desc").get<std::string>());
    if (c.contains("leaf_input_hex")) {
      EXPECT_EQ(HashHex(LeafHash(Unhex(c.at("leaf_input_hex").get<std::string>()))), want);
    } else if (c.contains("leaf_input_ascii")) {
      EXPECT_EQ(HashHex(LeafHash(c.at("leaf_input_ascii").get<std::string>())), want);
    } else if (c.contains("left_ascii")) {
      // NodeHash only takes 32-byte children; these raw children check the 0x01 framing.
      const std::string left = c.at("left_ascii").get<std::string>();
      const std::string right = c.at("right_ascii").get<std::string>();
      EXPECT_EQ(HashHex(Sha256Concat("\x01" + left, right)), want);
    } else {
      EXPECT_EQ(HashHex(EmptyRoot()), want);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

}  // namespace
}  // namespace jirga
