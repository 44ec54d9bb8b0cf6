// Redactions end to end over a real SQLite store: the content goes (from the file too), the leaf,
// proofs and `log verify` stay valid, what may not be redacted is refused, a forged erasure is
// caught, and stores of the previous schema still open.
#include "ledger/redaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/clock.h"
#include "kinds/all_kinds.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/verify.h"
#include "store/memory_store.h"
#include "store/sqlite_schema.h"
#include "testing/temp_dir.h"

namespace jirga {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1583020800LL * 1000000;  // 2020-03-01T00:00:00Z
// In the redacted record only; searched for in the SQLite file's bytes.
constexpr char kMarker[] = "ZQX-Baradar-unique-7f3a9c";

std::string SeedOf(char c) { return std::string(32, c); }

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Everything SQLite keeps of the store on disk.
bool OnDisk(const std::string& db, std::string_view needle) {
  for (const std::string& p : {db, db + "-wal", db + "-journal"}) {
    if (std::filesystem::exists(p) && FileBytes(p).find(needle) != std::string::npos) return true;
  }
  return false;
}

class RedactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    path_ = dir_.File("log.db");
    auto store = OpenSqliteStore(path_, /*create=*/true);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto log = Log::Create(std::move(*store), "test/log", log_key_, op_key_, "Operator", AllKinds(),
                           Options());
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    ASSERT_TRUE(Register("iea", iea_key_, "belligerent").ok());  // 1
    ASSERT_TRUE(Register("un", un_key_, "mediator").ok());       // 2
  }

  LogOptions Options() {
    LogOptions opts;
    opts.clock = &clock_;
    return opts;
  }

  void Reopen() {
    log_.reset();
    auto store = OpenSqliteStore(path_, /*create=*/false);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto log = Log::Open(std::move(*store), log_key_, AllKinds(), Options());
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
  }

  Result<Appended> Submit(const std::string& kind, const std::string& party, Json body,
                          const SigningKey& key) {
    Record r;
    r.kind = kind;
    r.party = party;
    r.time = FormatRfc3339(clock_.NowMicros());
    r.body = std::move(body);
    return log_->Append(SignRecord(SerializeRecord(r), key));
  }

  Result<Appended> Register(const std::string& id, const SigningKey& key, const std::string& role) {
    return Submit("party", "operator",
                  {{"id", id},
                   {"name", id},
                   {"role", role},
                   {"vkeys", {key.verifier().ToVkey()}},
                   {"kinds", AllKinds().DefaultKindsFor(*ParseRole(role))}},
                  op_key_);
  }

  Result<Appended> Prisoner(const std::string& notes) {
    return Submit("prisoner", "iea",
                  {{"list", "gov-1000"},
                   {"entry", "G-1"},
                   {"listing_party", "iea"},
                   {"name", "Abdul Ghani"},
                   {"synthetic", true},
                   {"notes", notes}},
                  iea_key_);
  }

  Result<Appended> Redact(uint64_t index, const std::string& reason = "erasure request") {
    return Submit("redaction", "un", {{"index", index}, {"reason", reason}}, un_key_);
  }

  Result<VerifyReport> Verify() { return VerifyStoredLog(log_->store(), AllKinds(), {}); }

  testing::TempDir dir_;
  std::string path_;
  FakeClock clock_{kNow};
  SigningKey log_key_ = *SigningKey::FromSeed("test/log", SeedOf('L'));
  SigningKey op_key_ = *SigningKey::FromSeed("operator", SeedOf('O'));
  SigningKey iea_key_ = *SigningKey::FromSeed("iea", SeedOf('I'));
  SigningKey un_key_ = *SigningKey::FromSeed("un", SeedOf('U'));
  std::unique_ptr<Log> log_;
};

TEST_F(RedactionTest, ARedactedRecordLosesItsContentButKeepsItsLeafAndProof) {
  auto p = Prisoner(std::string("held at Bagram; ") + kMarker);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const std::string leaf_before = *log_->store().GetLeaf(p->index);
  auto r = Redact(p->index, "the person asked to be erased");
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  auto row = log_->store().GetRecord(p->index);
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->redacted_by, r->index);
  EXPECT_TRUE(row->record.empty());
  EXPECT_TRUE(row->salt.empty());
  EXPECT_EQ(row->kind, "prisoner");
  EXPECT_EQ(row->party, "iea");
  EXPECT_EQ(*log_->store().GetLeaf(p->index), leaf_before);

  // The inclusion proof of the untouched leaf still verifies against the signed root.
  const uint64_t size = log_->Size();
  auto proof = log_->InclusionProof(p->index, size);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(VerifyInclusion(LeafHash(leaf_before), p->index, size, *proof, *log_->RootAt(size)));

  auto report = Verify();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->redacted, 1u);
  EXPECT_EQ(report->records, size);
  // And again after reopening (the state is all in the store).
  Reopen();
  EXPECT_TRUE(Verify().ok());
  EXPECT_EQ(log_->store().GetRecord(p->index)->redacted_by, r->index);
}

TEST_F(RedactionTest, TheErasedBytesAreGoneFromTheSqliteFile) {
  // A small record (inside a B-tree page) and a large one (overflow pages).
  auto small = Prisoner(std::string("small ") + kMarker);
  std::string big_notes;
  while (big_notes.size() < 9000) big_notes += std::string("big ") + kMarker + "-B ";
  auto big = Prisoner(big_notes);
  ASSERT_TRUE(small.ok() && big.ok());
  auto kept = Prisoner("someone else, kept-marker-51c2");
  ASSERT_TRUE(kept.ok());
  log_.reset();  // closing checkpoints the WAL into the file
  ASSERT_TRUE(OnDisk(path_, kMarker)) << "the test would prove nothing";
  Reopen();
  ASSERT_TRUE(Redact(small->index).ok());
  ASSERT_TRUE(Redact(big->index).ok());
  // Right after the redaction, with the store still open: the writer has truncated the WAL.
  EXPECT_FALSE(OnDisk(path_, kMarker));
  log_.reset();
  ASSERT_TRUE(ExecSqliteForTesting(path_, "PRAGMA wal_checkpoint(TRUNCATE)").ok());
  EXPECT_FALSE(OnDisk(path_, kMarker));
  EXPECT_TRUE(OnDisk(path_, "kept-marker-51c2"));
  Reopen();
  EXPECT_TRUE(Verify().ok());
}

TEST_F(RedactionTest, WhatMayNotBeRedactedIsRefusedSayingWhyAndChangesNothing) {
  auto p = Prisoner("x");
  ASSERT_TRUE(p.ok());
  auto r = Redact(p->index);
  ASSERT_TRUE(r.ok());
  const uint64_t size = log_->Size();
  struct Case {
    uint64_t index;
    StatusCode code;
    const char* why;
  } cases[] = {
      {0, StatusCode::kInvalidArgument, "it is the genesis record"},
      {1, StatusCode::kInvalidArgument, "party records are kept"},
      {r->index, StatusCode::kInvalidArgument, "it is itself a redaction"},
      {size, StatusCode::kInvalidArgument, "it is not an earlier record"},
      {size + 100, StatusCode::kInvalidArgument, "it is not an earlier record"},
      {p->index, StatusCode::kFailedPrecondition, "it is already redacted by record"},
  };
  for (const Case& c : cases) {
    auto refused = Redact(c.index);
    ASSERT_FALSE(refused.ok()) << c.index;
    EXPECT_EQ(refused.status().code(), c.code) << c.index << ": " << refused.status().ToString();
    EXPECT_THAT(refused.status().message(), HasSubstr(c.why)) << c.index;
    EXPECT_THAT(refused.status().message(),
                HasSubstr("record " + std::to_string(c.index) + " cannot be redacted"));
  }
  EXPECT_EQ(log_->Size(), size);
  // Bad bodies never reach the writer.
  for (Json body : {Json{{"index", 3}}, Json{{"reason", "r"}}, Json{{"index", -1}, {"reason", "r"}},
                    Json{{"index", "3"}, {"reason", "r"}}, Json{{"index", 3}, {"reason", ""}},
                    Json{{"index", 3}, {"reason", "r"}, {"also", 4}}}) {
    auto bad = Submit("redaction", "un", body, un_key_);
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << body.dump();
  }
  // Only parties given the kind may redact (mediators by default), not the listing party.
  EXPECT_EQ(
      Submit("redaction", "iea", {{"index", 3}, {"reason", "mine"}}, iea_key_).status().code(),
      StatusCode::kUnauthorized);
  EXPECT_EQ(log_->Size(), size);
  EXPECT_TRUE(Verify().ok());
}

// Tampering with the store: each forgery of an erasure makes `log verify` fail.
TEST_F(RedactionTest, AForgedErasureFailsLogVerify) {
  auto p = Prisoner("x");                                                        // 3
  auto q = Prisoner("y");                                                        // 4
  auto s = Submit("statement", "un", {{"title", "t"}, {"text", "u"}}, un_key_);  // 5
  auto r = Redact(p->index);                                                     // 6
  ASSERT_TRUE(p.ok() && q.ok() && s.ok() && r.ok());
  log_.reset();
  const std::string base = path_;
  struct Case {
    const char* name;
    std::string sql;
    const char* expected;
  } cases[] = {
      {"erased without a redaction record pointing to it",
       "UPDATE records SET record = x'', salt = x'', redacted_by = 5 WHERE idx = 4",
       "index 4: content is erased, but record 5 is not a redaction of it"},
      {"erased, naming a redaction of another record",
       "UPDATE records SET record = x'', salt = x'', redacted_by = 6 WHERE idx = 4",
       "index 4: content is erased, but record 6 is not a redaction of it"},
      {"erased, naming a record beyond the log",
       "UPDATE records SET record = x'', salt = x'', redacted_by = 99 WHERE idx = 4",
       "index 4: marked redacted by record 99, which is not a later record"},
      {"erased without any mark", "UPDATE records SET record = x'', salt = x'' WHERE idx = 4",
       "records row 4: salt is 0 bytes"},
      {"the mark removed from a redacted row",
       "UPDATE records SET redacted_by = NULL WHERE idx = 3", "records row 3: salt is 0 bytes"},
      {"a party record erased",
       "UPDATE records SET record = x'', salt = x'', redacted_by = 6 WHERE idx = 1",
       "party records are kept"},
      {"the redaction record's target changed",
       "UPDATE records SET redacted_by = NULL, record = (SELECT record FROM records WHERE idx = 4),"
       " salt = (SELECT salt FROM records WHERE idx = 4) WHERE idx = 3",
       "index 3: record and salt do not match"},
  };
  for (const Case& c : cases) {
    const std::string copy = dir_.File("copy.db");
    std::filesystem::remove(copy);
    std::filesystem::copy_file(base, copy);
    ASSERT_TRUE(ExecSqliteForTesting(copy, c.sql).ok()) << c.name;
    auto store = OpenSqliteStore(copy, false);
    ASSERT_TRUE(store.ok());
    auto report = VerifyStoredLog(**store, AllKinds(), {});
    EXPECT_EQ(report.status().code(), StatusCode::kCorruption) << c.name;
    EXPECT_THAT(report.status().message(), HasSubstr(c.expected)) << c.name;
  }
  // The untouched store verifies.
  auto store = OpenSqliteStore(base, false);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(VerifyStoredLog(**store, AllKinds(), {}).ok());
}

TEST_F(RedactionTest, ARedactionMustBeCarriedOutForLogVerifyToPass) {
  // A store that appends the redaction record but loses the erasure (as a buggy backend
  // would): the redaction record then names a record whose content is still there.
  class ForgetfulStore : public MemoryStore {
   public:
    Status Append(const AppendBatch& batch) override {
      AppendBatch copy = batch;
      copy.redactions.clear();
      return MemoryStore::Append(copy);
    }
  };
  FakeClock clock(kNow);
  LogOptions opts;
  opts.clock = &clock;
  auto log = Log::Create(std::make_unique<ForgetfulStore>(), "test/log", log_key_, op_key_, "Op",
                         AllKinds(), opts);
  ASSERT_TRUE(log.ok());
  log_ = std::move(*log);
  ASSERT_TRUE(Register("iea", iea_key_, "belligerent").ok());
  ASSERT_TRUE(Register("un", un_key_, "mediator").ok());
  auto p = Prisoner("x");
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(Redact(p->index).ok());
  auto report = Verify();
  EXPECT_EQ(report.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(report.status().message(),
              HasSubstr("redaction of record 3, but that record's content is not erased"));
}

TEST_F(RedactionTest, TheMemoryStoreRedactsLikeSqlite) {
  FakeClock clock(kNow);
  LogOptions opts;
  opts.clock = &clock;
  auto log = Log::Create(NewMemoryStore(), "test/log", log_key_, op_key_, "Op", AllKinds(), opts);
  ASSERT_TRUE(log.ok());
  log_ = std::move(*log);
  ASSERT_TRUE(Register("iea", iea_key_, "belligerent").ok());
  ASSERT_TRUE(Register("un", un_key_, "mediator").ok());
  auto p = Prisoner(kMarker);
  ASSERT_TRUE(p.ok());
  auto r = Redact(p->index);
  ASSERT_TRUE(r.ok());
  auto row = log_->store().GetRecord(p->index);
  EXPECT_EQ(row->redacted_by, r->index);
  EXPECT_TRUE(row->record.empty() && row->salt.empty());
  EXPECT_EQ(Redact(p->index).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Verify().ok());
}

TEST_F(RedactionTest, AStoreOfSchemaVersionOneOpensAndCanBeRedacted) {
  auto p = Prisoner(kMarker);
  ASSERT_TRUE(p.ok());
  log_.reset();
  // Turn the file back into what the previous binary wrote.
  ASSERT_TRUE(ExecSqliteForTesting(
                  path_, "ALTER TABLE records DROP COLUMN redacted_by; PRAGMA user_version = 1;")
                  .ok());
  Reopen();
  EXPECT_TRUE(Verify().ok());
  ASSERT_TRUE(Redact(p->index).ok());
  EXPECT_TRUE(Verify().ok());
  log_.reset();
  auto version = OpenSqliteStore(path_, false);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ((*version)->GetRecord(p->index)->redacted_by, p->index + 1);
}

TEST(RedactionBody, IndexAndReasonOnly) {
  auto r = ParseRedactionBody(Json{{"index", 12}, {"reason", "consent withdrawn"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->index, 12u);
  EXPECT_EQ(r->reason, "consent withdrawn");
  EXPECT_THAT(ParseRedactionBody(Json{{"index", 1.5}, {"reason", "r"}}).status().message(),
              HasSubstr("body.index must be a record index"));
  EXPECT_THAT(ParseRedactionBody(Json{{"index", 1}}).status().message(),
              HasSubstr("body.reason is required"));
  EXPECT_THAT(
      ParseRedactionBody(Json{{"index", 1}, {"reason", std::string(2001, 'r')}}).status().message(),
      HasSubstr("body.reason must be 1 to 2000"));
}

}  // namespace
}  // namespace jirga
