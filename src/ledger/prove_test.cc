// MakeInclusionProof: which checkpoint a proof carries, and that the proof verifies against it.
#include "ledger/prove.h"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <vector>

#include "kinds/all_kinds.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "testing/gated_store.h"

namespace jirga {
namespace {

constexpr int64_t kNow = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z

class ProveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    LogOptions opts;
    opts.clock = &clock_;
    auto store = std::make_unique<testing::GatedStore>();
    testing::GatedStore* gate = store.get();
    auto log = Log::Create(std::move(store), "test/log", log_key_, op_key_, "Operator",
                           AllKinds(), opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    // The first record is held at the store's gate while the other 19 are enqueued, so those
    // land in one batch and the tree sizes 3..20 get no stored checkpoint.
    std::vector<Prepared> prepared;
    for (int i = 0; i < 20; ++i) {
      Record r;
      r.kind = "statement";
      r.party = "operator";
      r.time = "2020-02-01T00:00:00Z";
      r.body = {{"title", "t" + std::to_string(i)}, {"text", "x"}};
      auto p = log_->Prepare(SignRecord(SerializeRecord(r), op_key_));
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      prepared.push_back(std::move(*p));
    }
    std::vector<std::future<Result<Appended>>> futures;
    gate->Close();
    futures.push_back(log_->Enqueue(std::move(prepared[0])));
    gate->WaitUntilHeld();
    for (size_t i = 1; i < prepared.size(); ++i) {
      futures.push_back(log_->Enqueue(std::move(prepared[i])));
    }
    gate->Open();
    for (auto& f : futures) ASSERT_TRUE(f.get().ok());
  }

  // A size in 1..Size()-1 without a stored checkpoint, or 0.
  uint64_t UnstoredSize() {
    std::set<uint64_t> stored;
    EXPECT_TRUE(log_->store()
                    .ScanCheckpoints([&](uint64_t s, const std::string&) {
                      stored.insert(s);
                      return true;
                    })
                    .ok());
    for (uint64_t s = 1; s < log_->Size(); ++s) {
      if (!stored.count(s)) return s;
    }
    return 0;
  }

  void ExpectVerifies(const TlogProof& proof) {
    auto opened = OpenNote(proof.checkpoint, {log_key_.verifier()});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    auto cp = ParseCheckpoint(opened->text);
    ASSERT_TRUE(cp.ok());
    EXPECT_TRUE(VerifyInclusion(LeafHash(proof.extra), proof.index, cp->size, proof.proof,
                                cp->root));
  }

  FakeClock clock_{kNow};
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", std::string(32, 'L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", std::string(32, 'O'));
  std::unique_ptr<Log> log_;
};

TEST_F(ProveTest, LatestSizeUsesTheLatestCheckpoint) {
  const uint64_t size = log_->Size();
  ASSERT_EQ(size, 21u);
  auto proof = MakeInclusionProof(*log_, 5, size, nullptr);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->checkpoint, *log_->LatestCheckpoint());
  EXPECT_EQ(proof->extra, *log_->store().GetLeaf(5));
  ExpectVerifies(*proof);
}

TEST_F(ProveTest, PastSizeWithTheKeySignsExactlyTheStoredCheckpoint) {
  // Ed25519 is deterministic, so signing again gives the note the writer stored.
  auto stored = StoredCheckpointAt(log_->store(), 1);
  ASSERT_TRUE(stored.ok());
  auto with_key = MakeInclusionProof(*log_, 0, 1, &log_key_);
  auto without_key = MakeInclusionProof(*log_, 0, 1, nullptr);
  ASSERT_TRUE(with_key.ok() && without_key.ok());
  EXPECT_EQ(with_key->checkpoint, *stored);
  EXPECT_EQ(without_key->checkpoint, *stored);
  ExpectVerifies(*with_key);
}

TEST_F(ProveTest, SizeWithoutStoredCheckpointNeedsTheKey) {
  const uint64_t size = UnstoredSize();
  ASSERT_NE(size, 0u) << "every record got its own batch";
  auto without_key = MakeInclusionProof(*log_, size - 1, size, nullptr);
  EXPECT_EQ(without_key.status().code(), StatusCode::kNotFound);
  auto with_key = MakeInclusionProof(*log_, size - 1, size, &log_key_);
  ASSERT_TRUE(with_key.ok()) << with_key.status().ToString();
  ExpectVerifies(*with_key);
}

TEST_F(ProveTest, RefusesBadArguments) {
  EXPECT_EQ(MakeInclusionProof(*log_, 21, 21, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeInclusionProof(*log_, 0, 22, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeInclusionProof(*log_, 0, 0, nullptr).status().code(),
            StatusCode::kInvalidArgument);
  SigningKey other = *SigningKey::FromSeed("test/log", std::string(32, 'X'));
  EXPECT_EQ(MakeInclusionProof(*log_, 0, 1, &other).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jirga
