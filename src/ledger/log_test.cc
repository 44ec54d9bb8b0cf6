// Scenarios for the Log: genesis, authorisation, duplicates, ordering, batching and proofs.
#include "ledger/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kinds/all_kinds.h"
#include "ledger/note.h"
#include "store/memory_store.h"
#include "testing/gated_store.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;

using testing::GatedStore;

constexpr int64_t kNow = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z

std::string SeedOf(char c) { return std::string(32, c); }

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    LogOptions opts;
    opts.clock = &clock_;
    auto store = std::make_unique<GatedStore>();
    store_ = store.get();
    auto log = Log::Create(std::move(store), "test/log", log_key_, op_key_, "Operator", AllKinds(),
                           opts);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    ASSERT_TRUE(Register("gov", gov_key_, "belligerent").ok());
  }

  Record Rec(const std::string& kind, const std::string& party, Json body) {
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = FormatRfc3339(clock_.NowMicros());
    r.body = std::move(body);
    return r;
  }

  Result<Appended> Register(const std::string& id, const SigningKey& key, const std::string& role) {
    return log_->Append(SignRecord(
        SerializeRecord(Rec("party", "operator",
                            {{"id", id},
                             {"name", id},
                             {"role", role},
                             {"vkeys", {key.verifier().ToVkey()}},
                             {"kinds", AllKinds().DefaultKindsFor(*ParseRole(role))}})),
        op_key_));
  }

  Result<Appended> Say(const SigningKey& key, const std::string& party, const std::string& title) {
    return log_->Append(SignRecord(
        SerializeRecord(Rec("statement", party, {{"title", title}, {"text", "t"}})), key));
  }

  FakeClock clock_{kNow};
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", SeedOf('L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", SeedOf('O'));
  SigningKey gov_key_ = *SigningKey::FromSeed("gov", SeedOf('G'));
  GatedStore* store_ = nullptr;
  std::unique_ptr<Log> log_;
};

TEST_F(LogTest, GenesisRegistersTheOperatorAndTheCheckpointCoversIt) {
  EXPECT_EQ(log_->Size(), 2u);
  auto cp = log_->LatestCheckpoint();
  ASSERT_TRUE(cp.ok());
  auto opened = OpenNote(*cp, {log_key_.verifier()});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto parsed = ParseCheckpoint(opened->text);
  EXPECT_EQ(parsed->origin, "test/log");
  EXPECT_EQ(parsed->size, 2u);
  EXPECT_EQ(parsed->root, *log_->RootAt(2));
  EXPECT_NE(log_->Parties().Find("operator"), nullptr);
}

TEST_F(LogTest, AStatementGetsTheNextIndexAndItsLeafCommitsToRecordAndSalt) {
  Record r = Rec("statement", "gov", {{"title", "hello"}, {"text", "world"}});
  Submission s = SignRecord(SerializeRecord(r), gov_key_);
  auto a = log_->Append(s);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->index, 2u);
  auto leaf = ParseLeaf(a->leaf);
  EXPECT_EQ(leaf->key_hash, gov_key_.verifier().PubHash());
  EXPECT_EQ(leaf->commitment, Sha256Concat(s.salt, s.record));
  auto row = store_->GetRecord(2);
  EXPECT_EQ(row->record, s.record);
  EXPECT_EQ(row->received_micros, kNow);
}

TEST_F(LogTest, TheSameSignedSubmissionTwiceIsAppendedOnce) {
  Submission s = SignRecord(
      SerializeRecord(Rec("statement", "gov", {{"title", "dup"}, {"text", "t"}})), gov_key_);
  auto a = log_->Append(s);
  auto b = log_->Append(s);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->index, b->index);
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(log_->Size(), 3u);
}

TEST_F(LogTest, UnauthorisedSubmissionsAreRefusedAndChangeNothing) {
  SigningKey stranger = *SigningKey::FromSeed("x", SeedOf('X'));
  std::string before = *log_->LatestCheckpoint();
  auto r = Say(stranger, "gov", "t");
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthorized);
  r = Say(gov_key_, "operator", "t");
  EXPECT_THAT(r.status().message(), HasSubstr("belongs to party \"gov\""));
  // A signature over a different record.
  Submission s = SignRecord(
      SerializeRecord(Rec("statement", "gov", {{"title", "a"}, {"text", "t"}})), gov_key_);
  s.record = SerializeRecord(Rec("statement", "gov", {{"title", "b"}, {"text", "t"}}));
  EXPECT_EQ(log_->Append(s).status().code(), StatusCode::kUnauthorized);
  // gov may not register parties.
  auto p = log_->Append(SignRecord(
      SerializeRecord(Rec("party", "gov",
                          {{"id", "y"}, {"name", "y"}, {"role", "observer"},
                           {"vkeys", {stranger.verifier().ToVkey()}}, {"kinds", Json::array()}})),
      gov_key_));
  EXPECT_THAT(p.status().message(), HasSubstr("not allowed to submit \"party\""));
  EXPECT_EQ(*log_->LatestCheckpoint(), before);
}

TEST_F(LogTest, AKeyCannotBeRegisteredToTwoParties) {
  auto r = Register("other", gov_key_, "observer");
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthorized);
  EXPECT_THAT(r.status().message(), HasSubstr("already belongs to party \"gov\""));
}

TEST_F(LogTest, ReRegisteringAPartyRotatesItsKey) {
  SigningKey new_key = *SigningKey::FromSeed("gov2", SeedOf('H'));
  ASSERT_TRUE(Register("gov", new_key, "belligerent").ok());
  EXPECT_EQ(Say(gov_key_, "gov", "old").status().code(), StatusCode::kUnauthorized);
  EXPECT_TRUE(Say(new_key, "gov", "new").ok());
}

TEST_F(LogTest, OnlyTheOperatorMayReRegisterAnExistingParty) {
  SigningKey med_key = *SigningKey::FromSeed("med", SeedOf('M'));
  ASSERT_TRUE(log_->Append(SignRecord(
                  SerializeRecord(Rec("party", "operator",
                                      {{"id", "med"}, {"name", "med"}, {"role", "mediator"},
                                       {"vkeys", {med_key.verifier().ToVkey()}},
                                       {"kinds", {"party", "statement"}}})),
                  op_key_))
                  .ok());
  SigningKey thief = *SigningKey::FromSeed("thief", SeedOf('T'));
  auto takeover = log_->Append(SignRecord(
      SerializeRecord(Rec("party", "med",
                          {{"id", "gov"}, {"name", "gov"}, {"role", "belligerent"},
                           {"vkeys", {thief.verifier().ToVkey()}}, {"kinds", {"statement"}}})),
      med_key));
  EXPECT_THAT(takeover.status().message(), HasSubstr("only the operator may re-register"));
  auto as_operator = log_->Append(SignRecord(
      SerializeRecord(Rec("party", "med",
                          {{"id", "new"}, {"name", "new"}, {"role", "operator"},
                           {"vkeys", {thief.verifier().ToVkey()}}, {"kinds", {"statement"}}})),
      med_key));
  EXPECT_THAT(as_operator.status().message(), HasSubstr("has the operator role"));
  EXPECT_TRUE(Say(gov_key_, "gov", "still mine").ok());
}

TEST_F(LogTest, TheOperatorRotatesItsOwnKey) {
  SigningKey next = *SigningKey::FromSeed("operator", SeedOf('P'));
  ASSERT_TRUE(log_->Append(SignRecord(
                  SerializeRecord(Rec("party", "operator",
                                      {{"id", "operator"}, {"name", "Operator"}, {"role", "operator"},
                                       {"vkeys", {next.verifier().ToVkey()}},
                                       {"kinds", {"party", "statement"}}})),
                  op_key_))
                  .ok());
  EXPECT_EQ(Say(op_key_, "operator", "old key").status().code(), StatusCode::kUnauthorized);
  EXPECT_TRUE(Say(next, "operator", "new key").ok());
}

TEST_F(LogTest, APartyRecordEarlierInTheSameBatchAuthorisesTheRecordsAfterIt) {
  SigningKey obs = *SigningKey::FromSeed("obs", SeedOf('B'));
  auto reg = log_->Prepare(SignRecord(
      SerializeRecord(Rec("party", "operator",
                          {{"id", "obs"}, {"name", "obs"}, {"role", "observer"},
                           {"vkeys", {obs.verifier().ToVkey()}}, {"kinds", {"statement"}}})),
      op_key_));
  auto say = log_->Prepare(SignRecord(
      SerializeRecord(Rec("statement", "obs", {{"title", "first words"}, {"text", "t"}})), obs));
  ASSERT_TRUE(reg.ok() && say.ok()) << say.status().ToString();
  auto f1 = log_->Enqueue(std::move(*reg));
  auto f2 = log_->Enqueue(std::move(*say));
  EXPECT_TRUE(f1.get().ok());
  auto r2 = f2.get();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->index, 3u);
}

TEST_F(LogTest, RecordsFromTheFutureBeyondTheSkewAreRefusedButThePastIsFine) {
  Record r = Rec("statement", "gov", {{"title", "t"}, {"text", "t"}});
  r.time = FormatRfc3339(kNow + 11LL * 60 * 1000000);
  EXPECT_THAT(log_->Append(SignRecord(SerializeRecord(r), gov_key_)).status().message(),
              HasSubstr("future"));
  r.time = "2019-01-01T00:00:00Z";
  EXPECT_TRUE(log_->Append(SignRecord(SerializeRecord(r), gov_key_)).ok());
}

TEST_F(LogTest, AFailedCommitLeavesNoTraceAndTheLogCarriesOn) {
  std::string before = *log_->LatestCheckpoint();
  store_->FailNextAppend(IOError("disk full"));
  auto r = Say(gov_key_, "gov", "lost");
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(log_->Size(), 2u);
  EXPECT_EQ(*log_->LatestCheckpoint(), before);
  auto next = Say(gov_key_, "gov", "kept");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->index, 2u);
}

TEST_F(LogTest, ConcurrentSubmittersAllGetDistinctIndexesAndProofsVerify) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  std::vector<std::vector<Appended>> got(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto a = Say(gov_key_, "gov", "t" + std::to_string(t) + "-" + std::to_string(i));
        if (a.ok()) got[t].push_back(*a);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> indexes;
  for (auto& v : got) {
    EXPECT_EQ(v.size(), static_cast<size_t>(kEach));
    for (auto& a : v) indexes.insert(a.index);
  }
  EXPECT_EQ(indexes.size(), static_cast<size_t>(kThreads * kEach));
  uint64_t size = log_->Size();
  EXPECT_EQ(size, 2u + kThreads * kEach);
  Hash root = *log_->RootAt(size);
  for (auto& v : got) {
    for (auto& a : v) {
      auto proof = log_->InclusionProof(a.index, size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyInclusion(a.leaf_hash, a.index, size, *proof, root));
    }
  }
}

TEST_F(LogTest, AGroupStopsAtItsFirstRefusedRecord) {
  uint64_t group = log_->NewGroup();
  auto ok1 = log_->Prepare(SignRecord(
      SerializeRecord(Rec("statement", "gov", {{"title", "1"}, {"text", "t"}})), gov_key_));
  Record bad = Rec("statement", "gov", {{"title", "2"}, {"text", "t"}});
  bad.refs = {{"about", 500}};
  auto bad_p = log_->Prepare(SignRecord(SerializeRecord(bad), gov_key_));
  auto ok3 = log_->Prepare(SignRecord(
      SerializeRecord(Rec("statement", "gov", {{"title", "3"}, {"text", "t"}})), gov_key_));
  ASSERT_TRUE(ok1.ok() && bad_p.ok() && ok3.ok());
  ok1->group = bad_p->group = ok3->group = group;
  auto f1 = log_->Enqueue(std::move(*ok1));
  auto f2 = log_->Enqueue(std::move(*bad_p));
  auto f3 = log_->Enqueue(std::move(*ok3));
  EXPECT_TRUE(f1.get().ok());
  EXPECT_THAT(f2.get().status().message(), HasSubstr("not an earlier record"));
  EXPECT_THAT(f3.get().status().message(), HasSubstr("earlier record of the same submission"));
  EXPECT_EQ(log_->Size(), 3u);
}

TEST_F(LogTest, AStoredDuplicateInsideABatchIsAnsweredAndTheRestAppendedInOrder) {
  // The writer does not look leaf hashes up before appending; the store refuses the batch and it
  // is redone with lookups. The redo must give the same answers a lookup-first writer would.
  Submission stored = SignRecord(
      SerializeRecord(Rec("statement", "gov", {{"title", "stored"}, {"text", "t"}})), gov_key_);
  auto first = log_->Append(stored);
  ASSERT_TRUE(first.ok());
  auto prep = [&](const std::string& title, std::vector<RecordRef> refs = {}) {
    Record r = Rec("statement", "gov", {{"title", title}, {"text", "t"}});
    r.refs = std::move(refs);
    auto p = log_->Prepare(SignRecord(SerializeRecord(r), gov_key_));
    EXPECT_TRUE(p.ok());
    return std::move(*p);
  };
  // Hold the writer on a first batch so that the next five records form one batch.
  store_->Close();
  auto blocker = log_->Enqueue(prep("blocker"));
  store_->WaitUntilHeld();
  const uint64_t group = log_->NewGroup();
  Prepared a = prep("a"), bad = prep("bad", {{"about", 999}}), c = prep("c");
  a.group = bad.group = c.group = group;
  auto fa = log_->Enqueue(std::move(a));
  auto fdup = log_->Enqueue(*log_->Prepare(stored));
  auto fbad = log_->Enqueue(std::move(bad));
  auto fc = log_->Enqueue(std::move(c));
  auto fd = log_->Enqueue(prep("d"));
  const int appends_before = store_->appends();
  store_->Open();
  ASSERT_TRUE(blocker.get().ok());
  auto ra = fa.get(), rdup = fdup.get(), rbad = fbad.get(), rc = fc.get(), rd = fd.get();
  // Three store appends: the blocker, the refused attempt and the redo.
  EXPECT_EQ(store_->appends() - appends_before, 3);
  ASSERT_TRUE(ra.ok()) << ra.status().ToString();  // not refused by its group's later failure
  ASSERT_TRUE(rdup.ok()) << rdup.status().ToString();
  EXPECT_TRUE(rdup->duplicate);
  EXPECT_EQ(rdup->index, first->index);
  EXPECT_THAT(rbad.status().message(), HasSubstr("not an earlier record"));
  EXPECT_THAT(rc.status().message(), HasSubstr("earlier record of the same submission"));
  ASSERT_TRUE(rd.ok()) << rd.status().ToString();
  EXPECT_EQ(ra->index, first->index + 2);  // after the blocker
  EXPECT_EQ(rd->index, ra->index + 1);
  EXPECT_EQ(log_->Size(), rd->index + 1);
  // The stored rows are the records themselves, not moved-from husks.
  auto row = store_->GetRecord(rd->index);
  ASSERT_TRUE(row.ok());
  EXPECT_THAT(row->record, HasSubstr("\"title\":\"d\""));
  EXPECT_EQ(row->salt.size(), kSaltSize);
}

TEST_F(LogTest, ReopeningRebuildsTheRegistryAndFrontier) {
  ASSERT_TRUE(Say(gov_key_, "gov", "before").ok());
  Hash root = *log_->RootAt(log_->Size());
  // Move the memory store's contents into a reopened log by reopening over the same object is
  // not possible (the log owns it), so compare against a fresh Open of a copy.
  auto copy = store_->Clone();
  auto reopened = Log::Open(std::move(copy), log_key_, AllKinds(), LogOptions{&clock_});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->Size(), 3u);
  EXPECT_EQ(*(*reopened)->RootAt(3), root);
  EXPECT_NE((*reopened)->Parties().Find("gov"), nullptr);
  auto wrong = Log::Open(store_->Clone(), *SigningKey::FromSeed("test/log", SeedOf('Z')),
                         AllKinds(), LogOptions{&clock_});
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jirga
