// Checks of server answers: each accepts the honest answer and refuses each way of lying.
#include "client/responses.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/json.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "testing/memory_tree.h"

namespace jirga::client {
namespace {

using ::testing::HasSubstr;

std::string B64(const Hash& h) { return Base64Encode(AsBytes(h)); }

class ClientResponsesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    for (int i = 0; i < 7; ++i) {
      Record r;
      r.kind = "statement";
      r.party = "gov";
      r.time = "2020-03-03T09:00:00Z";
      r.body = {{"title", "t" + std::to_string(i)}, {"text", "x"}};
      subs_.push_back(SignRecord(SerializeRecord(r), party_));
      leaves_.push_back(ExpectedLeaf(subs_.back()));
      tree_.Append(LeafHash(leaves_.back()));
    }
  }

  TrustedCheckpoint CheckpointAt(uint64_t size, const SigningKey* key = nullptr) {
    Checkpoint cp;
    cp.origin = "example.org/log";
    cp.size = size;
    cp.root = *RootAt(tree_, size);
    auto note = SignNote(cp.ToText(), key ? *key : log_key_);
    EXPECT_TRUE(note.ok());
    return TrustedCheckpoint{size, cp.root, *note};
  }

  std::string ProofText(uint64_t index, uint64_t size) {
    TlogProof p;
    p.extra = leaves_[index];
    p.index = index;
    p.proof = *InclusionProof(tree_, index, size);
    p.checkpoint = CheckpointAt(size).note;
    return FormatTlogProof(p);
  }

  Json RecordJson(size_t i) {
    return {{"index", i},
            {"kind", "statement"},
            {"party", "gov"},
            {"time", "2020-03-03T09:00:00Z"},
            {"received", "2020-03-03T09:00:04Z"},
            {"record", Base64Encode(subs_[i].record)},
            {"salt", Base64Encode(subs_[i].salt)},
            {"leaf", Base64Encode(leaves_[i])},
            {"leaf_hash", HashHex(LeafHash(leaves_[i]))}};
  }

  Json Ack(size_t i, uint64_t index) {
    return {{"index", index},
            {"leaf", Base64Encode(leaves_[i])},
            {"leaf_hash", HashHex(LeafHash(leaves_[i]))},
            {"status", 201}};
  }

  SigningKey log_key_ = *SigningKey::FromSeed("example.org/log", std::string(32, 'L'));
  SigningKey party_ = *SigningKey::FromSeed("gov", std::string(32, 'g'));
  std::vector<Submission> subs_;
  std::vector<std::string> leaves_;
  testing::MemoryTree tree_;
};

TEST_F(ClientResponsesTest, ExpectedLeafIsKeyHashSignatureCommitment) {
  auto leaf = ParseLeaf(leaves_[0]);
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(leaf->key_hash, party_.verifier().PubHash());
  EXPECT_EQ(leaf->sig, subs_[0].sig);
  EXPECT_EQ(leaf->commitment, ComputeCommitment(subs_[0].salt, subs_[0].record));
}

TEST_F(ClientResponsesTest, CheckpointMustBeSignedByTheLogKeyForItsOrigin) {
  TrustedCheckpoint cp = CheckpointAt(5);
  auto ok = VerifyCheckpointNote(cp.note, log_key_.verifier());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->size, 5u);
  EXPECT_EQ(ok->root, cp.root);
  EXPECT_EQ(*ClaimedOrigin(cp.note), "example.org/log");

  // Another key with the same name: the signature does not verify.
  SigningKey impostor = *SigningKey::FromSeed("example.org/log", std::string(32, 'I'));
  auto forged = VerifyCheckpointNote(CheckpointAt(5, &impostor).note, log_key_.verifier());
  EXPECT_EQ(forged.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(forged.status().message(), HasSubstr("not signed by the log key"));

  // A checkpoint of another origin, signed by a key named after it.
  SigningKey other = *SigningKey::FromSeed("example.org/other", std::string(32, 'O'));
  Checkpoint body;
  body.origin = "example.org/log";  // claims our origin but the key says otherwise
  body.size = 1;
  auto note = SignNote(body.ToText(), other);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(VerifyCheckpointNote(*note, other.verifier()).status().code(),
            StatusCode::kCorruption);

  EXPECT_EQ(VerifyCheckpointNote("garbage", log_key_.verifier()).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ClaimedOrigin("garbage").status().code(), StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, ConsistentCheckpointsPassAndForksAreNamed) {
  const TrustedCheckpoint c3 = CheckpointAt(3), c7 = CheckpointAt(7);
  auto proof = *ConsistencyProof(tree_, 3, 7);
  EXPECT_TRUE(CheckConsistent(c3, "old", c7, "new", proof).ok());
  EXPECT_TRUE(CheckConsistent(c7, "old", c7, "new", {}).ok());

  // The same size with another root.
  TrustedCheckpoint other7 = c7;
  other7.root[0] ^= 1;
  Status st = CheckConsistent(c7, "the one before", other7, "the server's", {});
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_THAT(st.message(), HasSubstr("FORK"));
  EXPECT_THAT(st.message(), HasSubstr("the one before (size 7, root " + B64(c7.root)));
  EXPECT_THAT(st.message(), HasSubstr("the server's (size 7, root " + B64(other7.root)));

  // Shrinking is a rollback.
  st = CheckConsistent(c7, "before", c3, "now", {});
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_THAT(st.message(), HasSubstr("shrank"));

  // A larger tree that does not extend the old one, or a bad proof.
  st = CheckConsistent(c3, "before", other7, "now", proof);
  EXPECT_THAT(st.message(), HasSubstr("consistency proof between them fails"));
  auto bad = proof;
  bad[0][0] ^= 1;
  EXPECT_EQ(CheckConsistent(c3, "before", c7, "now", bad).code(), StatusCode::kCorruption);
  EXPECT_EQ(CheckConsistent(c3, "before", c7, "now", {}).code(), StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, ConsistencyAnswerMustBeForTheSizesAskedFor) {
  auto proof = *ConsistencyProof(tree_, 3, 7);
  Json hashes = Json::array();
  for (const Hash& h : proof) hashes.push_back(B64(h));
  Json answer = {{"from", 3}, {"to", 7}, {"hashes", hashes}};
  auto parsed = ParseConsistencyAnswer(answer.dump(), 3, 7);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, proof);

  EXPECT_THAT(ParseConsistencyAnswer(answer.dump(), 2, 7).status().message(),
              HasSubstr("asked for the proof from 2 to 7"));
  Json bad = answer;
  bad["hashes"][0] = "AAAA";
  EXPECT_EQ(ParseConsistencyAnswer(bad.dump(), 3, 7).status().code(), StatusCode::kCorruption);
  bad = answer;
  bad["hashes"][0] = 7;
  EXPECT_EQ(ParseConsistencyAnswer(bad.dump(), 3, 7).status().code(), StatusCode::kCorruption);
  bad = answer;
  bad.erase("hashes");
  EXPECT_EQ(ParseConsistencyAnswer(bad.dump(), 3, 7).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ParseConsistencyAnswer("not json", 3, 7).status().code(), StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, InclusionProofMustVerifyForTheIndexAndSize) {
  auto ok = VerifyProofAnswer(ProofText(4, 7), log_key_.verifier(), 4, 7);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->leaf, leaves_[4]);
  EXPECT_EQ(ok->checkpoint.size, 7u);
  EXPECT_EQ(ok->checkpoint.root, tree_.Root());

  EXPECT_THAT(VerifyProofAnswer(ProofText(4, 7), log_key_.verifier(), 3, 7).status().message(),
              HasSubstr("got one of 4"));
  EXPECT_THAT(VerifyProofAnswer(ProofText(4, 7), log_key_.verifier(), 4, 6).status().message(),
              HasSubstr("got one against 7"));

  // Another leaf at the index, a tampered hash, a checkpoint by another key.
  TlogProof p = *ParseTlogProof(ProofText(4, 7));
  p.extra = leaves_[5];
  auto st = VerifyProofAnswer(FormatTlogProof(p), log_key_.verifier(), 4, 7).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_THAT(st.message(), HasSubstr("does not verify"));
  p = *ParseTlogProof(ProofText(4, 7));
  p.proof[1][3] ^= 0x10;
  EXPECT_EQ(VerifyProofAnswer(FormatTlogProof(p), log_key_.verifier(), 4, 7).status().code(),
            StatusCode::kCorruption);
  p = *ParseTlogProof(ProofText(4, 7));
  p.extra = "short";
  EXPECT_THAT(VerifyProofAnswer(FormatTlogProof(p), log_key_.verifier(), 4, 7).status().message(),
              HasSubstr("128-byte leaf"));
  SigningKey impostor = *SigningKey::FromSeed("example.org/log", std::string(32, 'I'));
  p = *ParseTlogProof(ProofText(4, 7));
  p.checkpoint = CheckpointAt(7, &impostor).note;
  EXPECT_EQ(VerifyProofAnswer(FormatTlogProof(p), log_key_.verifier(), 4, 7).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(VerifyProofAnswer("nonsense", log_key_.verifier(), 4, 7).status().code(),
            StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, RecordMustOpenItsLeafAndSayWhatWasSigned) {
  auto ok = VerifyRecordAnswer(RecordJson(2).dump(), 2);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->record, subs_[2].record);
  EXPECT_EQ(ok->salt, subs_[2].salt);
  EXPECT_EQ(ok->leaf, leaves_[2]);
  EXPECT_EQ(ok->kind, "statement");
  EXPECT_EQ(ok->received, "2020-03-03T09:00:04Z");

  EXPECT_THAT(VerifyRecordAnswer(RecordJson(2).dump(), 3).status().message(),
              HasSubstr("got record 2"));
  Json j = RecordJson(2);
  j["salt"] = Base64Encode(std::string(32, 'x'));
  EXPECT_THAT(VerifyRecordAnswer(j.dump(), 2).status().message(),
              HasSubstr("do not match the leaf's commitment"));
  j = RecordJson(2);
  j["record"] = Base64Encode(subs_[3].record);
  EXPECT_EQ(VerifyRecordAnswer(j.dump(), 2).status().code(), StatusCode::kCorruption);
  j = RecordJson(2);
  j["leaf_hash"] = HashHex(LeafHash(leaves_[3]));
  EXPECT_THAT(VerifyRecordAnswer(j.dump(), 2).status().message(),
              HasSubstr("leaf_hash is not the leaf's hash"));
  for (const char* field : {"kind", "party", "time"}) {
    j = RecordJson(2);
    j[field] = field == std::string("time") ? "2020-03-03T09:00:01Z" : "operator";
    EXPECT_THAT(VerifyRecordAnswer(j.dump(), 2).status().message(),
                HasSubstr("differ from what the signed record says"))
        << field;
  }
  j = RecordJson(2);
  j.erase("salt");
  EXPECT_EQ(VerifyRecordAnswer(j.dump(), 2).status().code(), StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, BatchAcknowledgementsMustCarryTheLeafSignedHere) {
  const std::vector<std::string> expected = {leaves_[0], leaves_[1], leaves_[2]};
  Json results = Json::array({Ack(0, 10), Ack(1, 11),
                              {{"status", 422},
                               {"error", {{"code", "bad_signature"}, {"message", "no good"}}}}});
  Json answer = {{"results", results}};
  auto ok = ParseBatchAnswer(answer.dump(), expected, "http://s");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 3u);
  EXPECT_TRUE((*ok)[0].refusal.ok());
  EXPECT_EQ((*ok)[0].index, 10u);
  EXPECT_EQ((*ok)[1].index, 11u);
  EXPECT_FALSE((*ok)[1].duplicate);
  EXPECT_EQ((*ok)[2].refusal.code(), StatusCode::kUnauthorized);
  EXPECT_THAT((*ok)[2].refusal.message(), HasSubstr("bad signature: no good"));
  EXPECT_THAT((*ok)[2].refusal.message(), HasSubstr("http://s answered 422 bad_signature"));

  // A duplicate is a 200 with "duplicate": true.
  Json dup = answer;
  dup["results"][1]["status"] = 200;
  dup["results"][1]["duplicate"] = true;
  auto d = ParseBatchAnswer(dup.dump(), expected, "s");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE((*d)[1].duplicate);
  dup["results"][1].erase("duplicate");
  EXPECT_EQ(ParseBatchAnswer(dup.dump(), expected, "s").status().code(),
            StatusCode::kCorruption);

  // The server logged something else than what was signed here.
  Json lie = answer;
  lie["results"][1]["leaf"] = Base64Encode(leaves_[4]);
  lie["results"][1]["leaf_hash"] = HashHex(LeafHash(leaves_[4]));
  auto st = ParseBatchAnswer(lie.dump(), expected, "s").status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_THAT(st.message(), HasSubstr("not the one signed here"));
  lie = answer;
  lie["results"][0]["leaf_hash"] = HashHex(LeafHash(leaves_[4]));
  EXPECT_THAT(ParseBatchAnswer(lie.dump(), expected, "s").status().message(),
              HasSubstr("leaf_hash is not the leaf's hash"));
  // One result per item.
  lie = answer;
  lie["results"].erase(2);
  EXPECT_THAT(ParseBatchAnswer(lie.dump(), expected, "s").status().message(),
              HasSubstr("sent 3 records, got 2 results"));
  lie = answer;
  lie["results"][0]["status"] = 302;
  EXPECT_EQ(ParseBatchAnswer(lie.dump(), expected, "s").status().code(),
            StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, FindsThePartyHoldingAKey) {
  SigningKey other = *SigningKey::FromSeed("irog", std::string(32, 'i'));
  Json parties = Json::array(
      {{{"id", "irog"}, {"vkeys", {other.verifier().ToVkey()}}},
       {{"id", "gov"}, {"vkeys", {other.verifier().ToVkey(), party_.verifier().ToVkey()}}}});
  auto id = FindPartyForKey(parties.dump(), party_.verifier());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "gov");
  SigningKey stranger = *SigningKey::FromSeed("gov", std::string(32, 's'));
  EXPECT_EQ(FindPartyForKey(parties.dump(), stranger.verifier()).status().code(),
            StatusCode::kUnauthorized);
  EXPECT_EQ(FindPartyForKey("{}", party_.verifier()).status().code(), StatusCode::kCorruption);
}

TEST_F(ClientResponsesTest, TheLeafSignatureIsCheckedWithTheKeyTheLeafNames) {
  SigningKey other = *SigningKey::FromSeed("irog", std::string(32, 'i'));
  Submission sub = SignRecord(R"({"v":1})", party_);
  const std::string leaf = ExpectedLeaf(sub);
  Json parties = Json::array({{{"id", "irog"}, {"vkeys", {other.verifier().ToVkey()}}},
                              {{"id", "gov"}, {"vkeys", {party_.verifier().ToVkey()}}}});
  EXPECT_TRUE(CheckLeafSignature(parties.dump(), leaf, "gov").ok());
  // The record claims another party than the key's.
  Status wrong_party = CheckLeafSignature(parties.dump(), leaf, "irog");
  EXPECT_EQ(wrong_party.code(), StatusCode::kCorruption);
  EXPECT_THAT(wrong_party.message(), HasSubstr("a key of party \"gov\""));
  // One flipped bit of the signature.
  std::string bad = leaf;
  bad[40] ^= 1;
  EXPECT_EQ(CheckLeafSignature(parties.dump(), bad, "gov").code(), StatusCode::kCorruption);
  // The key is no longer listed: not checkable, said so.
  Json rotated = Json::array({{{"id", "gov"}, {"vkeys", {other.verifier().ToVkey()}}}});
  EXPECT_EQ(CheckLeafSignature(rotated.dump(), leaf, "gov").code(), StatusCode::kNotFound);
  EXPECT_EQ(CheckLeafSignature("[1]", leaf, "gov").code(), StatusCode::kCorruption);
  EXPECT_EQ(CheckLeafSignature(parties.dump(), leaf.substr(1), "gov").code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace jirga::client
