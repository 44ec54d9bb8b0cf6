// Tests of the Store contract, run on both the memory and the SQLite backend.
#include "store/store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "base/file.h"
#include "store/memory_store.h"
#include "store/sqlite_schema.h"

namespace jirga {
namespace {

// A scratch directory under /tmp, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/jirga-store-test-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string EightBytes(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

// Distinct, recognisable 128-byte leaves; the NUL bytes check that blobs are not treated as text.
std::string TestLeaf(uint64_t index) {
  std::string leaf = EightBytes(index);
  leaf.resize(kLeafSize, static_cast<char>('a' + index % 26));
  return leaf;
}

Hash FakeHash(uint8_t tag, int level, uint64_t index) {
  Hash h{};
  h[0] = tag;
  h[1] = static_cast<uint8_t>(level);
  std::string idx = EightBytes(index);
  for (size_t i = 0; i < idx.size(); ++i) h[2 + i] = static_cast<uint8_t>(idx[i]);
  return h;
}

Hash TestLeafHash(uint64_t index) { return FakeHash(0xAA, 0, index); }
Hash TestNodeHash(int level, uint64_t index) { return FakeHash(0xBB, level, index); }

std::string TestKind(uint64_t index) { return index % 2 == 0 ? "kind.even" : "kind.odd"; }
std::string TestParty(uint64_t index) {
  static const char* const kParties[] = {"alice", "bob", "carol"};
  return kParties[index % 3];
}

StoredRecord TestRecord(uint64_t index) {
  StoredRecord r;
  r.index = index;
  r.kind = TestKind(index);
  r.party = TestParty(index);
  r.record = "{\"n\":" + std::to_string(index) + "}" + std::string(1, '\0');
  r.salt = EightBytes(index) + std::string(24, 's');
  r.received_micros = 1'700'000'000'000'000 + static_cast<int64_t>(index);
  return r;
}

std::string TestCheckpoint(uint64_t size) { return "checkpoint for size " + std::to_string(size); }

// A well-formed batch of `count` leaves at `first`, with every full node those leaves complete.
AppendBatch MakeBatch(uint64_t first, uint64_t count) {
  AppendBatch b;
  b.first_index = first;
  for (uint64_t i = first; i < first + count; ++i) {
    b.leaves.push_back(TestLeaf(i));
    b.leaf_hashes.push_back(TestLeafHash(i));
    b.records.push_back(TestRecord(i));
    // Leaf i completes node (level, k) exactly when (k + 1) << level == i + 1.
    for (int level = 0; level < 64 && ((i + 1) & ((uint64_t{1} << level) - 1)) == 0; ++level) {
      b.nodes.push_back(
          {level, ((i + 1) >> level) - 1, TestNodeHash(level, ((i + 1) >> level) - 1)});
    }
  }
  b.checkpoint = TestCheckpoint(first + count);
  b.checkpoint_micros = 1'700'000'000'000'000 + static_cast<int64_t>(first + count);
  return b;
}

enum class Backend { kMemory, kSqlite };

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty()) << "mkdtemp failed";
    path_ = dir_.path() + "/log.db";
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> Open() {
    if (GetParam() == Backend::kMemory) return NewMemoryStore();
    auto store = OpenSqliteStore(path_, /*create=*/true);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Appends batches of the given sizes, one after the other, from index 0.
  void AppendBatches(const std::vector<uint64_t>& sizes) {
    uint64_t next = 0;
    for (uint64_t n : sizes) {
      Status st = store_->Append(MakeBatch(next, n));
      ASSERT_TRUE(st.ok()) << st.ToString();
      next += n;
    }
  }

  uint64_t SizeOrDie() {
    auto size = store_->Size();
    EXPECT_TRUE(size.ok()) << size.status().ToString();
    return size.ok() ? *size : UINT64_MAX;
  }

  std::vector<uint64_t> ScanIndexes(const RecordFilter& filter) {
    std::vector<uint64_t> out;
    Status st = store_->ScanRecords(filter, [&](const StoredRecord& r) {
      out.push_back(r.index);
      return true;
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  // Checks that the store holds exactly the leaves, records, nodes and checkpoints written by
  // MakeBatch for these batch sizes, and nothing beyond.
  void ExpectContents(const std::vector<uint64_t>& sizes) {
    uint64_t total = 0;
    std::vector<uint64_t> checkpoints;
    for (uint64_t n : sizes) checkpoints.push_back(total += n);
    ASSERT_EQ(SizeOrDie(), total);
    for (uint64_t i = 0; i < total; ++i) {
      auto leaf = store_->GetLeaf(i);
      ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
      EXPECT_EQ(*leaf, TestLeaf(i));
      auto r = store_->GetRecord(i);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      StoredRecord want = TestRecord(i);
      EXPECT_EQ(r->index, i);
      EXPECT_EQ(r->kind, want.kind);
      EXPECT_EQ(r->party, want.party);
      EXPECT_EQ(r->record, want.record);
      EXPECT_EQ(r->salt, want.salt);
      EXPECT_EQ(r->received_micros, want.received_micros);
      auto found = store_->FindLeafHash(TestLeafHash(i));
      ASSERT_TRUE(found.ok());
      EXPECT_EQ(*found, std::optional<uint64_t>(i));
    }
    EXPECT_EQ(store_->GetLeaf(total).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(store_->GetRecord(total).status().code(), StatusCode::kNotFound);
    for (int level = 0; (total >> level) > 0; ++level) {
      uint64_t full = total >> level;
      auto nodes = store_->GetNodes(level, 0, full);
      ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
      ASSERT_EQ(nodes->size(), full);
      for (uint64_t k = 0; k < full; ++k) {
        EXPECT_EQ((*nodes)[k], TestNodeHash(level, k));
        auto node = store_->GetNode(level, k);
        ASSERT_TRUE(node.ok()) << node.status().ToString();
        EXPECT_EQ(*node, TestNodeHash(level, k));
      }
      EXPECT_EQ(store_->GetNode(level, full).status().code(), StatusCode::kNotFound);
    }
    std::vector<uint64_t> seen;
    ASSERT_TRUE(store_
                    ->ScanCheckpoints([&](uint64_t size, const std::string& note) {
                      EXPECT_EQ(note, TestCheckpoint(size));
                      seen.push_back(size);
                      return true;
                    })
                    .ok());
    EXPECT_EQ(seen, checkpoints);
    auto latest = store_->LatestCheckpoint();
    if (total == 0) {
      EXPECT_EQ(latest.status().code(), StatusCode::kNotFound);
    } else {
      ASSERT_TRUE(latest.ok());
      EXPECT_EQ(*latest, TestCheckpoint(total));
    }
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, InitializeTwiceIsAlreadyExists) {
  ASSERT_TRUE(store_->Initialize({{"origin", "example.org/log"}}).ok());
  Status again = store_->Initialize({{"origin", "other"}});
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.ToString();
  auto origin = store_->GetMeta("origin");
  ASSERT_TRUE(origin.ok());
  EXPECT_EQ(*origin, "example.org/log");
}

TEST_P(StoreTest, InitializeWithNoMetadataIsRefused) {
  EXPECT_EQ(store_->Initialize({}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetMeta("origin").status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreTest, MetaRoundTrips) {
  auto before = store_->GetMeta("origin");
  EXPECT_EQ(before.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(before.status().message(), "store not initialised; run jirga init");

  std::string binary("\x00\x01\xff key bytes", 14);
  ASSERT_TRUE(store_->Initialize({{"origin", "example.org/log"}, {"log_key", binary}}).ok());
  auto origin = store_->GetMeta("origin");
  ASSERT_TRUE(origin.ok()) << origin.status().ToString();
  EXPECT_EQ(*origin, "example.org/log");
  auto key = store_->GetMeta("log_key");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, binary);
  EXPECT_EQ(store_->GetMeta("missing").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreTest, EmptyStoreHasNothing) {
  ExpectContents({});
  EXPECT_TRUE(ScanIndexes({}).empty());
  auto leaves = store_->GetLeaves(0, 0);
  ASSERT_TRUE(leaves.ok());
  EXPECT_TRUE(leaves->empty());
}

TEST_P(StoreTest, AppendedBatchesReadBack) {
  AppendBatches({1, 4, 6});
  ExpectContents({1, 4, 6});
}

TEST_P(StoreTest, AppendRefusesAWrongFirstIndexAndWritesNothing) {
  Status st = store_->Append(MakeBatch(1, 2));
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << st.ToString();
  ExpectContents({});

  AppendBatches({3});
  EXPECT_EQ(store_->Append(MakeBatch(0, 1)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Append(MakeBatch(2, 1)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Append(MakeBatch(4, 1)).code(), StatusCode::kFailedPrecondition);
  ExpectContents({3});
}

TEST_P(StoreTest, AppendIsAtomicWhenABatchFails) {
  AppendBatches({4});
  // A node that is already stored: every leaf and record of the batch is written before the
  // nodes, so the backend must undo them.
  AppendBatch dup_node = MakeBatch(4, 4);
  dup_node.nodes.push_back({2, 0, TestNodeHash(2, 0)});
  Status st = store_->Append(dup_node);
  EXPECT_EQ(st.code(), StatusCode::kInternal) << st.ToString();
  ExpectContents({4});
  EXPECT_FALSE(store_->FindLeafHash(TestLeafHash(5))->has_value());
  EXPECT_TRUE(ScanIndexes({.after = 4}).empty());

  // The same batch, corrected, still goes in: the failure left the store usable.
  ASSERT_TRUE(store_->Append(MakeBatch(4, 4)).ok());
  ExpectContents({4, 4});
}

TEST_P(StoreTest, AppendRefusesADuplicateLeafHashWhole) {
  AppendBatches({2});
  AppendBatch batch = MakeBatch(2, 3);
  batch.leaf_hashes[2] = TestLeafHash(0);
  EXPECT_EQ(store_->Append(batch).code(), StatusCode::kAlreadyExists);
  ExpectContents({2});

  // Two equal hashes inside one batch are refused too.
  batch = MakeBatch(2, 3);
  batch.leaf_hashes[1] = batch.leaf_hashes[0];
  EXPECT_EQ(store_->Append(batch).code(), StatusCode::kAlreadyExists);
  ExpectContents({2});
}

TEST_P(StoreTest, AppendValidatesTheBatchBeforeWriting) {
  AppendBatches({2});
  auto refused = [&](AppendBatch b, const char* what) {
    Status st = store_->Append(b);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << what << ": " << st.ToString();
  };
  AppendBatch b = MakeBatch(2, 2);
  b.leaves[1].pop_back();
  refused(b, "127-byte leaf");
  b = MakeBatch(2, 2);
  b.leaves[0].push_back('x');
  refused(b, "129-byte leaf");
  b = MakeBatch(2, 2);
  b.records[1].salt.pop_back();
  refused(b, "31-byte salt");
  b = MakeBatch(2, 2);
  b.records.pop_back();
  refused(b, "fewer records than leaves");
  b = MakeBatch(2, 2);
  b.leaf_hashes.pop_back();
  refused(b, "fewer leaf hashes than leaves");
  b = MakeBatch(2, 0);
  refused(b, "no leaves");
  b = MakeBatch(2, 2);
  b.checkpoint.clear();
  refused(b, "no checkpoint");
  b = MakeBatch(2, 2);
  b.nodes.push_back({0, 4, TestNodeHash(0, 4)});
  refused(b, "node beyond the new size");
  b = MakeBatch(2, 2);
  b.nodes.push_back({-1, 0, TestNodeHash(0, 0)});
  refused(b, "negative level");
  b = MakeBatch(2, 2);
  b.nodes.push_back({64, 0, TestNodeHash(0, 0)});
  refused(b, "level 64");
  b = MakeBatch(UINT64_MAX - 1, 2);
  refused(b, "index overflow");
  ExpectContents({2});
}

TEST_P(StoreTest, AppendUsesPositionsNotRecordIndexFields) {
  AppendBatch b = MakeBatch(0, 2);
  b.records[0].index = 77;
  b.records[1].index = 0;
  ASSERT_TRUE(store_->Append(b).ok());
  ExpectContents({2});
}

TEST_P(StoreTest, FindLeafHashFindsOnlyStoredLeaves) {
  AppendBatches({3, 2});
  for (uint64_t i = 0; i < 5; ++i) {
    auto found = store_->FindLeafHash(TestLeafHash(i));
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    EXPECT_EQ(*found, std::optional<uint64_t>(i));
  }
  auto missing = store_->FindLeafHash(TestLeafHash(5));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // A node hash is not a leaf hash, even at level 0 where the values would coincide in a real
  // log: the lookup is over leaves.
  EXPECT_FALSE(store_->FindLeafHash(TestNodeHash(0, 0))->has_value());
}

TEST_P(StoreTest, ScanRecordsFiltersInIndexOrder) {
  AppendBatches({7, 13});  // 20 records; kinds alternate, parties cycle through three
  auto expected = [](const std::string& kind, const std::string& party, uint64_t after,
                     uint64_t limit) {
    std::vector<uint64_t> out;
    for (uint64_t i = after; i < 20 && out.size() < limit; ++i) {
      if ((kind.empty() || TestKind(i) == kind) && (party.empty() || TestParty(i) == party)) {
        out.push_back(i);
      }
    }
    return out;
  };
  for (std::string kind : {"", "kind.even", "kind.odd", "kind.none"}) {
    for (std::string party : {"", "alice", "bob", "carol", "dave"}) {
      for (uint64_t after : {0, 1, 5, 19, 20, 1000}) {
        for (uint64_t limit : {uint64_t{0}, uint64_t{1}, uint64_t{3}, UINT64_MAX}) {
          RecordFilter f{.kind = kind, .party = party, .after = after, .limit = limit};
          EXPECT_EQ(ScanIndexes(f), expected(kind, party, after, limit))
              << "kind=" << kind << " party=" << party << " after=" << after << " limit=" << limit;
        }
      }
    }
  }
  // Records come back whole, and the callback can stop the scan.
  std::vector<StoredRecord> got;
  ASSERT_TRUE(store_
                  ->ScanRecords({.party = "bob"},
                                [&](const StoredRecord& r) {
                                  got.push_back(r);
                                  return got.size() < 2;
                                })
                  .ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].index, 4u);
  EXPECT_EQ(got[1].record, TestRecord(4).record);
  EXPECT_EQ(got[1].salt, TestRecord(4).salt);
  EXPECT_EQ(got[1].kind, "kind.even");
  EXPECT_EQ(got[1].received_micros, TestRecord(4).received_micros);
}

TEST_P(StoreTest, ScanCallbacksMayCallBackIntoTheStore) {
  AppendBatches({100});  // more than one memory-store chunk
  uint64_t count = 0;
  Status st = store_->ScanRecords({}, [&](const StoredRecord& r) {
    auto leaf = store_->GetLeaf(r.index);
    EXPECT_TRUE(leaf.ok());
    EXPECT_EQ(leaf.ok() ? *leaf : "", TestLeaf(r.index));
    ++count;
    return true;
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(count, 100u);
  st = store_->ScanCheckpoints([&](uint64_t, const std::string&) {
    EXPECT_TRUE(store_->LatestCheckpoint().ok());
    return true;
  });
  EXPECT_TRUE(st.ok());
}

TEST_P(StoreTest, GetLeavesServesRangesInsideTheLog) {
  AppendBatches({5, 3});
  for (uint64_t begin = 0; begin <= 8; ++begin) {
    for (uint64_t end = begin; end <= 8; ++end) {
      auto leaves = store_->GetLeaves(begin, end);
      ASSERT_TRUE(leaves.ok()) << begin << ".." << end << ": " << leaves.status().ToString();
      ASSERT_EQ(leaves->size(), end - begin);
      for (uint64_t i = begin; i < end; ++i) EXPECT_EQ((*leaves)[i - begin], TestLeaf(i));
    }
  }
  EXPECT_EQ(store_->GetLeaves(0, 9).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetLeaves(8, 9).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetLeaves(3, 2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetLeaves(0, UINT64_MAX).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetLeaf(UINT64_MAX).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord(UINT64_MAX).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreTest, GetNodesRefusesMissingNodes) {
  AppendBatches({6});  // full nodes: level 0 [0,6), level 1 [0,3), level 2 [0,1)
  auto level1 = store_->GetNodes(1, 0, 3);
  ASSERT_TRUE(level1.ok()) << level1.status().ToString();
  EXPECT_EQ(level1->size(), 3u);
  EXPECT_TRUE(store_->GetNodes(1, 2, 2)->empty());
  EXPECT_EQ(store_->GetNodes(1, 0, 4).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNodes(2, 0, 2).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNodes(3, 0, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNodes(0, 5, 4).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetNodes(0, UINT64_MAX - 1, UINT64_MAX).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNode(2, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNode(-1, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetNode(0, UINT64_MAX).status().code(), StatusCode::kNotFound);
}

// Readers run while the one writer appends: each must see a consistent, growing log. Bounded
// (40 batches, 4 readers) so it stays quick under the sanitizers.
TEST_P(StoreTest, ConcurrentReadersSeeCommittedPrefixesWhileAppending) {
  constexpr uint64_t kBatches = 40;
  constexpr uint64_t kPerBatch = 3;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      uint64_t last = 0;
      // One more pass after the writer finishes, so every reader checks the final log too.
      for (bool final_pass = false; !final_pass;) {
        final_pass = done.load();
        auto size = store_->Size();
        ASSERT_TRUE(size.ok()) << size.status().ToString();
        ASSERT_GE(*size, last) << "the log shrank";
        last = *size;
        if (*size == 0) continue;
        auto leaves = store_->GetLeaves(0, *size);
        ASSERT_TRUE(leaves.ok()) << leaves.status().ToString();
        ASSERT_EQ(leaves->size(), *size);
        EXPECT_EQ(leaves->back(), TestLeaf(*size - 1));
        auto record = store_->GetRecord(*size - 1);
        ASSERT_TRUE(record.ok()) << record.status().ToString();
        EXPECT_EQ(record->record, TestRecord(*size - 1).record);
        ASSERT_TRUE(store_->GetNode(0, *size - 1).ok());
        ASSERT_TRUE(store_->LatestCheckpoint().ok());
        uint64_t scanned = 0;
        ASSERT_TRUE(store_
                        ->ScanRecords({.kind = "kind.even", .limit = 5},
                                      [&](const StoredRecord&) { return ++scanned < 100; })
                        .ok());
        reads.fetch_add(1);
      }
    });
  }
  for (uint64_t b = 0; b < kBatches; ++b) {
    Status st = store_->Append(MakeBatch(b * kPerBatch, kPerBatch));
    EXPECT_TRUE(st.ok()) << st.ToString();
    if (!st.ok()) break;        // still stop and join the readers below
    std::this_thread::yield();  // let readers in between batches, even on the memory store
  }
  done.store(true);
  for (std::thread& t : readers) t.join();
  EXPECT_GE(reads.load(), 4u);
  ExpectContents(std::vector<uint64_t>(kBatches, kPerBatch));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::kMemory, Backend::kSqlite),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kMemory ? "Memory" : "Sqlite";
                         });

TEST(MemoryStoreTest, FailNextAppendFailsOnceAndWritesNothing) {
  MemoryStore store;
  ASSERT_TRUE(store.Append(MakeBatch(0, 2)).ok());
  store.FailNextAppend(IOError("disk on fire"));
  Status st = store.Append(MakeBatch(2, 3));
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_EQ(st.message(), "disk on fire");
  EXPECT_EQ(*store.Size(), 2u);
  EXPECT_EQ(store.GetRecord(2).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(store.FindLeafHash(TestLeafHash(2))->has_value());
  EXPECT_EQ(store.GetNode(0, 2).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store.LatestCheckpoint(), TestCheckpoint(2));
  ASSERT_TRUE(store.Append(MakeBatch(2, 3)).ok());
  EXPECT_EQ(*store.Size(), 5u);
}

TEST(MemoryStoreTest, FailNextAppendDoesNotFireOnARefusedBatch) {
  MemoryStore store;
  store.FailNextAppend(IOError("disk on fire"));
  EXPECT_EQ(store.Append(MakeBatch(1, 1)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.Append(MakeBatch(0, 1)).code(), StatusCode::kIOError);
  EXPECT_TRUE(store.Append(MakeBatch(0, 1)).ok());
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty()) << "mkdtemp failed";
    path_ = dir_.path() + "/log.db";
  }

  std::unique_ptr<Store> OpenOrDie(bool create = true) {
    auto store = OpenSqliteStore(path_, create);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // A store at path_ holding batches of 3 and 2 leaves.
  std::unique_ptr<Store> PopulatedOrDie() {
    auto store = OpenOrDie();
    if (store == nullptr) return nullptr;
    EXPECT_TRUE(store->Initialize({{"origin", "example.org/log"}}).ok());
    EXPECT_TRUE(store->Append(MakeBatch(0, 3)).ok());
    EXPECT_TRUE(store->Append(MakeBatch(3, 2)).ok());
    return store;
  }

  TempDir dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, ReopenSeesTheSameData) {
  { ASSERT_NE(PopulatedOrDie(), nullptr); }
  auto store = OpenOrDie(/*create=*/false);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->GetMeta("origin"), "example.org/log");
  EXPECT_EQ(*store->Size(), 5u);
  EXPECT_EQ(
      *store->GetLeaves(0, 5),
      (std::vector<std::string>{TestLeaf(0), TestLeaf(1), TestLeaf(2), TestLeaf(3), TestLeaf(4)}));
  EXPECT_EQ(store->GetRecord(4)->record, TestRecord(4).record);
  EXPECT_EQ(*store->GetNode(2, 0), TestNodeHash(2, 0));
  EXPECT_EQ(*store->LatestCheckpoint(), TestCheckpoint(5));
  EXPECT_EQ(store->Initialize({{"origin", "again"}}).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(store->Append(MakeBatch(5, 1)).ok());
  EXPECT_EQ(*store->Size(), 6u);
}

TEST_F(SqliteStoreTest, UsesAWriteAheadLog) {
  auto store = PopulatedOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(FileExists(path_ + "-wal"));
}

TEST_F(SqliteStoreTest, MissingFileWithoutCreateIsNotFound) {
  auto store = OpenSqliteStore(path_, /*create=*/false);
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound) << store.status().ToString();
  EXPECT_FALSE(FileExists(path_));
}

TEST_F(SqliteStoreTest, SchemaNewerThanTheBinaryIsRefused) {
  { ASSERT_NE(PopulatedOrDie(), nullptr); }
  ASSERT_TRUE(ExecSqliteForTesting(path_, "PRAGMA user_version = 99").ok());
  auto store = OpenSqliteStore(path_, /*create=*/false);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition) << store.status().ToString();
  EXPECT_NE(store.status().message().find("99"), std::string::npos) << store.status().ToString();
}

TEST_F(SqliteStoreTest, ANonDatabaseFileIsRefused) {
  ASSERT_TRUE(WriteFileAtomic(path_, std::string(4096, 'x')).ok());
  auto store = OpenSqliteStore(path_, /*create=*/false);
  EXPECT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorruption) << store.status().ToString();
}

TEST_F(SqliteStoreTest, ATamperedLeafReadsAsCorruption) {
  auto store = PopulatedOrDie();
  ASSERT_NE(store, nullptr);
  // Tampered while the store is open: its readers must see the change, not a cached copy.
  ASSERT_TRUE(
      ExecSqliteForTesting(path_, "UPDATE leaves SET leaf = substr(leaf, 1, 127) WHERE idx = 2")
          .ok());
  auto leaf = store->GetLeaf(2);
  EXPECT_EQ(leaf.status().code(), StatusCode::kCorruption) << leaf.status().ToString();
  EXPECT_NE(leaf.status().message().find("leaves row 2"), std::string::npos)
      << leaf.status().ToString();
  EXPECT_NE(leaf.status().message().find("127"), std::string::npos);
  EXPECT_EQ(store->GetLeaves(0, 5).status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(store->GetLeaves(0, 2).ok());
  EXPECT_TRUE(store->GetLeaf(3).ok());
}

TEST_F(SqliteStoreTest, ATamperedNodeOrSaltReadsAsCorruption) {
  auto store = PopulatedOrDie();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(
      ExecSqliteForTesting(path_,
                           "UPDATE nodes SET hash = zeroblob(31) WHERE level = 1 AND idx = 1;"
                           "UPDATE records SET salt = x'00' WHERE idx = 4;")
          .ok());
  auto node = store->GetNode(1, 1);
  EXPECT_EQ(node.status().code(), StatusCode::kCorruption) << node.status().ToString();
  EXPECT_NE(node.status().message().find("nodes row (level 1, index 1)"), std::string::npos)
      << node.status().ToString();
  EXPECT_EQ(store->GetNodes(1, 0, 2).status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(store->GetNode(1, 0).ok());

  auto record = store->GetRecord(4);
  EXPECT_EQ(record.status().code(), StatusCode::kCorruption) << record.status().ToString();
  EXPECT_NE(record.status().message().find("records row 4"), std::string::npos);
  Status scan = store->ScanRecords({}, [](const StoredRecord&) { return true; });
  EXPECT_EQ(scan.code(), StatusCode::kCorruption) << scan.ToString();
  EXPECT_TRUE(store->GetRecord(3).ok());
}

// Two handles on one file behave like two processes: neither may trust a cached size.
TEST_F(SqliteStoreTest, TwoHandlesOnOneFileSeeEachOthersAppends) {
  auto a = OpenOrDie();
  auto b = OpenOrDie(/*create=*/false);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->Append(MakeBatch(0, 2)).ok());
  EXPECT_EQ(*b->Size(), 2u);
  ASSERT_TRUE(b->Append(MakeBatch(2, 3)).ok());
  EXPECT_EQ(*a->Size(), 5u);
  EXPECT_EQ(a->Append(MakeBatch(2, 1)).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*a->GetLeaf(4), TestLeaf(4));
  EXPECT_EQ(*b->Size(), 5u);
}

TEST(OpenStoreTest, PostgresLocationsAreNotSupportedYet) {
  for (const char* url : {"postgresql://localhost/jirga", "postgres://u@h:5432/db"}) {
    auto store = OpenStore(url, /*create=*/true);
    EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition) << url;
    EXPECT_EQ(store.status().message(), "PostgreSQL stores are not supported yet");
  }
}

TEST(OpenStoreTest, OtherLocationsAreSqlitePaths) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  auto store = OpenStore(dir.path() + "/log.db", /*create=*/true);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->Size(), 0u);
  EXPECT_TRUE(FileExists(dir.path() + "/log.db"));
  EXPECT_EQ(OpenStore(":memory:", true).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jirga
