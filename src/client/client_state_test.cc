// The client state file: round trips, and refusal of every kind of altered or foreign file.
#include "client/client_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/file.h"
#include "base/json.h"
#include "ledger/note.h"
#include "testing/temp_dir.h"

namespace jirga::client {
namespace {

using ::testing::HasSubstr;

class ClientStateTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }

  // A checkpoint of `size` with root `fill`·32, signed by `key`.
  TrustedCheckpoint Signed(const SigningKey& key, uint64_t size, uint8_t fill) {
    Checkpoint cp;
    cp.origin = key.verifier().name;
    cp.size = size;
    cp.root.fill(fill);
    auto note = SignNote(cp.ToText(), key);
    EXPECT_TRUE(note.ok());
    return TrustedCheckpoint{size, cp.root, note.ok() ? *note : ""};
  }

  // A valid state file's JSON with one log at size 5.
  Json ValidJson() {
    ClientState state;
    state.Set(KnownLog{key_.verifier(), Signed(key_, 5, 0xab)});
    return *ParseJsonStrict(state.Serialize());
  }

  Status ParseStatus(const Json& j) { return ClientState::Parse(j.dump(), "s.json").status(); }

  testing::TempDir dir_;
  SigningKey key_ = *SigningKey::FromSeed("example.org/log", std::string(32, 'k'));
  SigningKey other_ = *SigningKey::FromSeed("example.org/other", std::string(32, 'o'));
};

TEST_F(ClientStateTest, RoundTripsThroughTheFile) {
  ClientState state;
  state.Set(KnownLog{key_.verifier(), Signed(key_, 5, 0xab)});
  state.Set(KnownLog{other_.verifier(), std::nullopt});
  const std::string path = dir_.File("state.json");
  ASSERT_TRUE(state.Save(path).ok());

  auto loaded = ClientState::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->logs().size(), 2u);
  const KnownLog* log = loaded->Find("example.org/log");
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->vkey.ToVkey(), key_.verifier().ToVkey());
  ASSERT_TRUE(log->checkpoint.has_value());
  EXPECT_EQ(log->checkpoint->size, 5u);
  EXPECT_EQ(log->checkpoint->root, Signed(key_, 5, 0xab).root);
  EXPECT_EQ(log->checkpoint->note, Signed(key_, 5, 0xab).note);
  const KnownLog* other = loaded->Find("example.org/other");
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->checkpoint.has_value());
  EXPECT_EQ(loaded->Find("nobody"), nullptr);
  // The file says what it is.
  auto text = ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ((*ParseJsonStrict(*text))["version"], 1);
  EXPECT_EQ(loaded->Serialize(), *text);
}

TEST_F(ClientStateTest, AMissingFileIsAnEmptyState) {
  auto loaded = ClientState::Load(dir_.File("absent.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->logs().empty());
}

TEST_F(ClientStateTest, RefusesWhatIsNotJsonNamingTheFile) {
  const std::string path = dir_.File("state.json");
  ASSERT_TRUE(WriteFileAtomic(path, "{\"version\": 1, \"logs\": {", 0644).ok());
  auto loaded = ClientState::Load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path));
  EXPECT_THAT(loaded.status().message(), HasSubstr("not valid JSON"));
}

TEST_F(ClientStateTest, RefusesOtherVersions) {
  for (Json v : {Json(2), Json(0), Json("1"), Json(1.0)}) {
    Json j = ValidJson();
    j["version"] = v;
    Status st = ParseStatus(j);
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << v.dump();
    EXPECT_THAT(st.message(), HasSubstr("version " + v.dump())) << st.message();
  }
  Json j = ValidJson();
  j.erase("version");
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("no \"version\""));
}

TEST_F(ClientStateTest, RefusesUnknownOrMissingMembers) {
  Json j = ValidJson();
  j["extra"] = true;
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("unknown member \"extra\""));
  j = ValidJson();
  j["logs"]["example.org/log"]["url"] = "http://x";
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("unknown member \"url\""));
  j = ValidJson();
  j["logs"]["example.org/log"]["checkpoint"].erase("note");
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr(".note must be a string"));
  j = ValidJson();
  j.erase("logs");
  EXPECT_EQ(ParseStatus(j).code(), StatusCode::kFailedPrecondition);
}

TEST_F(ClientStateTest, RefusesAKeyFiledUnderAnotherOrigin) {
  Json j = ValidJson();
  j["logs"]["example.org/log"]["vkey"] = other_.verifier().ToVkey();
  Status st = ParseStatus(j);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(st.message(), HasSubstr("not after its origin"));
}

TEST_F(ClientStateTest, RefusesAnEditedCheckpoint) {
  // A lowered size or another root no longer matches the signed note.
  Json j = ValidJson();
  j["logs"]["example.org/log"]["checkpoint"]["size"] = 4;
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("does not say the stored"));
  j = ValidJson();
  Hash other_root;
  other_root.fill(0xcd);
  j["logs"]["example.org/log"]["checkpoint"]["root"] = Base64Encode(AsBytes(other_root));
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("does not say the stored"));
  // A note re-signed by another key, or edited, does not verify with the pinned key.
  j = ValidJson();
  j["logs"]["example.org/log"]["checkpoint"]["note"] = Signed(other_, 5, 0xab).note;
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("not a checkpoint signed by the log's key"));
  j = ValidJson();
  std::string note = j["logs"]["example.org/log"]["checkpoint"]["note"];
  note.replace(note.find("\n5\n"), 3, "\n6\n");
  j["logs"]["example.org/log"]["checkpoint"]["note"] = note;
  j["logs"]["example.org/log"]["checkpoint"]["size"] = 6;
  EXPECT_THAT(ParseStatus(j).message(), HasSubstr("not a checkpoint signed by the log's key"));
  // And the untouched file is fine.
  EXPECT_TRUE(ParseStatus(ValidJson()).ok());
}

TEST_F(ClientStateTest, TheLockIsHeldByOneAtATime) {
  const std::string path = dir_.File("state.json");
  auto first = LockStateFile(path, 100);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = LockStateFile(path, 100);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr(path));
  first->reset();
  EXPECT_TRUE(LockStateFile(path, 100).ok());
}

}  // namespace
}  // namespace jirga::client
