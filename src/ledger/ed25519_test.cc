// Tests for Ed25519 keys, their text forms and files, and the pinned verification rule.
#include "ledger/ed25519.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/file.h"
#include "base/json.h"
#include "testing/shared_data.h"

namespace jirga {
namespace {

// Files checked in next to this test. CMake passes the source dir; a direct compile from the
// project root falls back to this file's own path.
std::string TestdataPath(const std::string& file) {
#ifdef JIRGA_SOURCE_DIR
  return std::string(JIRGA_SOURCE_DIR) + "/src/ledger/testdata/" + file;
#else
  return (std::filesystem::path(__FILE__).parent_path() / "testdata" / file).string();
#endif
}

std::string Seed(char fill) { return std::string(32, fill); }

PublicKeyBytes ToPub(const std::string& bytes) {
  PublicKeyBytes pub{};
  EXPECT_EQ(bytes.size(), pub.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), pub.size()), pub.begin());
  return pub;
}

SignatureBytes ToSig(const std::string& bytes) {
  SignatureBytes sig{};
  EXPECT_EQ(bytes.size(), sig.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), sig.size()), sig.begin());
  return sig;
}

// A private directory per test, removed afterwards, for key files.
class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    std::string tmpl = (std::filesystem::temp_directory_path() / "jirga-ed25519-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // Writes raw key-file text with the given mode.
  void WriteRaw(const std::string& path, const std::string& text, unsigned mode) {
    ASSERT_TRUE(WriteFileAtomic(path, text, mode).ok());
  }

  std::string dir_;
};

// ---------------------------------------------------------------------------------------------
// The verification rule, pinned over the CCTV edge-case vectors.

std::set<int> ReadAcceptList() {
  Result<std::string> text = ReadFile(TestdataPath("ed25519_accept.txt"));
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  std::set<int> out;
  if (!text.ok()) return out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(std::stoi(line));
  }
  return out;
}

std::string Describe(const std::set<int>& s) {
  std::string out;
  for (int n : s) out += (out.empty() ? "" : ",") + std::to_string(n);
  return out.empty() ? "(none)" : out;
}

TEST(Ed25519Rule, LibsodiumAcceptSetOverCctvVectorsEqualsCheckedInList) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/ed25519vectors.json");
  InitCrypto();
  ASSERT_TRUE(vectors->is_array());
  ASSERT_EQ(vectors->size(), 914u);
  std::set<int> accepted;
  for (const Json& v : *vectors) {
    Result<std::string> key = HexDecode(v.at("key").get<std::string>());
    Result<std::string> sig = HexDecode(v.at("sig").get<std::string>());
    ASSERT_TRUE(key.ok() && sig.ok()) << v.dump();
    if (VerifySignature(ToPub(*key), v.at("msg").get<std::string>(), ToSig(*sig))) {
      accepted.insert(v.at("number").get<int>());
    }
  }
  std::set<int> want = ReadAcceptList();
  ASSERT_EQ(want.size(), 43u) << "src/ledger/testdata/ed25519_accept.txt changed size";
  std::set<int> extra, missing;
  std::set_difference(accepted.begin(), accepted.end(), want.begin(), want.end(),
                      std::inserter(extra, extra.end()));
  std::set_difference(want.begin(), want.end(), accepted.begin(), accepted.end(),
                      std::inserter(missing, missing.end()));
  EXPECT_TRUE(extra.empty() && missing.empty())
      << "the Ed25519 verification rule changed: now accepted but not listed: " << Describe(extra)
      << "; listed but now rejected: " << Describe(missing);
}

// The list must stay what its header says it is: the flag rule, not a recording of whatever
// the library did on the day it was regenerated.
TEST(Ed25519Rule, CheckedInListFollowsDocumentedFlagRule) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/ed25519vectors.json");
  const std::set<std::string> rejecting = {"low_order_R", "low_order_A", "non_canonical_A",
                                           "non_canonical_R", "low_order_residue"};
  std::set<int> by_rule;
  for (const Json& v : *vectors) {
    bool reject = false;
    if (!v.at("flags").is_null()) {
      for (const Json& f : v.at("flags")) reject |= rejecting.count(f.get<std::string>()) > 0;
    }
    if (!reject) by_rule.insert(v.at("number").get<int>());
  }
  EXPECT_EQ(Describe(by_rule), Describe(ReadAcceptList()));
}

// ---------------------------------------------------------------------------------------------
// Signing and verifying.

TEST(Ed25519Keys, SignatureVerifiesAndTamperedMessageOrSignatureDoesNot) {
  InitCrypto();
  SigningKey key = SigningKey::Generate("example.com/log");
  std::string msg = "tree head 42\n";
  SignatureBytes sig = key.Sign(msg);
  EXPECT_TRUE(VerifySignature(key.verifier().pub, msg, sig));

  std::string tampered = msg;
  tampered[0] ^= 1;
  EXPECT_FALSE(VerifySignature(key.verifier().pub, tampered, sig));
  for (size_t i : {size_t{0}, size_t{31}, size_t{32}, size_t{63}}) {
    SignatureBytes bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(VerifySignature(key.verifier().pub, msg, bad)) << "flipped byte " << i;
  }
  SigningKey other = SigningKey::Generate("example.com/log");
  EXPECT_FALSE(VerifySignature(other.verifier().pub, msg, sig));
}

TEST(Ed25519Keys, EmptyMessageSignsAndVerifies) {
  InitCrypto();
  SigningKey key = SigningKey::Generate("k");
  SignatureBytes sig = key.Sign("");
  EXPECT_TRUE(VerifySignature(key.verifier().pub, std::string_view(), sig));
  EXPECT_FALSE(VerifySignature(key.verifier().pub, "x", sig));
}

TEST(Ed25519Keys, SeedDeterminesKeyAndKeyIdFollowsNameAndKey) {
  Result<SigningKey> a = SigningKey::FromSeed("alice", Seed('a'));
  Result<SigningKey> a2 = SigningKey::FromSeed("alice", Seed('a'));
  Result<SigningKey> b = SigningKey::FromSeed("bob", Seed('a'));
  ASSERT_TRUE(a.ok() && a2.ok() && b.ok());
  EXPECT_EQ(a->verifier().pub, a2->verifier().pub);
  EXPECT_EQ(a->Sign("m"), a2->Sign("m"));  // Ed25519 is deterministic
  EXPECT_EQ(a->verifier().pub, b->verifier().pub);
  EXPECT_NE(a->verifier().key_id, b->verifier().key_id);  // the name is part of the ID

  // key ID = SHA-256(name || '\n' || 0x01 || pub)[:4], big-endian.
  std::string preimage = "alice\n\x01";
  preimage.append(reinterpret_cast<const char*>(a->verifier().pub.data()), 32);
  Hash h = Sha256(preimage);
  uint32_t want = uint32_t{h[0]} << 24 | uint32_t{h[1]} << 16 | uint32_t{h[2]} << 8 | h[3];
  EXPECT_EQ(a->verifier().key_id, want);
  EXPECT_EQ(ComputeKeyId("alice", a->verifier().pub), want);

  std::string pub(reinterpret_cast<const char*>(a->verifier().pub.data()), 32);
  EXPECT_EQ(a->verifier().PubHash(), Sha256(pub));
}

TEST(Ed25519Keys, FromSeedRejectsWrongSeedLengthAndBadName) {
  EXPECT_EQ(SigningKey::FromSeed("k", std::string(31, 'x')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKey::FromSeed("k", std::string(33, 'x')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKey::FromSeed("bad name", Seed('x')).status().code(),
            StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Key names and verifier keys.

TEST(KeyNames, SpacesPlusControlsAndBadUtf8AreRejected) {
  EXPECT_TRUE(ValidateKeyName("example.com/foo").ok());
  EXPECT_TRUE(ValidateKeyName("وزارت/کابل").ok());  // non-ASCII UTF-8 is fine
  EXPECT_TRUE(ValidateKeyName(std::string(256, 'n')).ok());
  for (std::string bad : {std::string(), std::string(257, 'n'), std::string("a b"),
                          std::string("a+b"), std::string("a\tb"), std::string("a\nb"),
                          std::string("a\x01") + "b", std::string("a\x7f") + "b",
                          std::string("a\xe3\x80\x80") + "b",  // U+3000 ideographic space
                          std::string("a\xc2\xa0") + "b",      // U+00A0 no-break space
                          std::string("a\xe2\x80\x83") + "b",  // U+2003 em space
                          std::string("a\xff") + "b", std::string("a\xc0\xaf") + "b",  // overlong
                          std::string("a\xed\xa0\x80") + "b"}) {                       // surrogate
    EXPECT_EQ(ValidateKeyName(bad).code(), StatusCode::kInvalidArgument) << HexEncode(bad);
  }
}

TEST(Vkeys, VkeyTextRoundTrips) {
  Result<SigningKey> key = SigningKey::FromSeed("example.com/log", Seed('v'));
  ASSERT_TRUE(key.ok());
  std::string vkey = key->verifier().ToVkey();
  EXPECT_TRUE(vkey.starts_with("example.com/log+"));
  Result<VerifierKey> parsed = ParseVkey(vkey);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->name, "example.com/log");
  EXPECT_EQ(parsed->pub, key->verifier().pub);
  EXPECT_EQ(parsed->key_id, key->verifier().key_id);
  EXPECT_EQ(parsed->ToVkey(), vkey);
}

TEST(Vkeys, C2spVkeyParseVectors) {
  LOAD_SHARED_JSON_OR_SKIP(examples, "vectors/c2sp-format-examples.json");
  const Json& vectors = examples->at("vkey_parse_vectors");
  int type1 = 0;
  for (const Json& v : vectors.at("valid")) {
    std::string vkey = v.at("vkey").get<std::string>();
    int type = v.at("type").get<int>();
    // Every "valid" vkey is well-formed c2sp: recompute its key ID from name, type and key.
    size_t p1 = vkey.find('+'), p2 = vkey.find('+', p1 + 1);
    Result<std::string> raw = Base64Decode(vkey.substr(p2 + 1));
    ASSERT_TRUE(raw.ok()) << vkey;
    ASSERT_EQ(raw->size(), 33u) << vkey;
    EXPECT_EQ(static_cast<uint8_t>((*raw)[0]), type) << vkey;
    Hash h = Sha256(vkey.substr(0, p1) + "\n" + *raw);
    EXPECT_EQ(HexEncode(std::string_view(reinterpret_cast<const char*>(h.data()), 4)),
              vkey.substr(p1 + 1, p2 - p1 - 1))
        << vkey;

    Result<VerifierKey> parsed = ParseVkey(vkey);
    if (type == 1) {
      ++type1;
      ASSERT_TRUE(parsed.ok()) << vkey << ": " << parsed.status().ToString();
      EXPECT_EQ(parsed->key_id, ComputeKeyId(parsed->name, parsed->pub));
      EXPECT_EQ(parsed->ToVkey(), vkey);  // including the base64 part that contains '+'
    } else {
      // Only Ed25519 note keys (type 0x01) are accepted; a type-4 cosignature key is not one.
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << vkey;
    }
  }
  EXPECT_EQ(type1, 2);
  for (const Json& v : vectors.at("invalid")) {
    std::string vkey = v.at("vkey").get<std::string>();
    EXPECT_EQ(ParseVkey(vkey).status().code(), StatusCode::kInvalidArgument)
        << vkey << " (" << v.at("why").get<std::string>() << ")";
  }
}

TEST(Vkeys, MalformedVkeysAreRejected) {
  Result<SigningKey> key = SigningKey::FromSeed("n", Seed('m'));
  ASSERT_TRUE(key.ok());
  std::string good = key->verifier().ToVkey();  // "n+<8 hex>+<44 base64>"
  std::string id = good.substr(2, 8), b64 = good.substr(11);
  std::string wrong_id = id;
  wrong_id[0] = wrong_id[0] == '0' ? '1' : '0';
  std::string upper_id = id;
  for (char& c : upper_id) c = static_cast<char>(std::toupper(c));
  std::string typed =
      "\x02" + std::string(reinterpret_cast<const char*>(key->verifier().pub.data()), 32);
  for (const std::string& bad :
       {std::string("n"), "n+" + id, "+" + id + "+" + b64, "n+" + wrong_id + "+" + b64,
        "n+" + id.substr(1) + "+" + b64, "n+" + id + "+" + b64.substr(4),
        "n+" + id + "+" + b64 + "AAAA", "n+" + id + "+" + Base64Encode(typed),
        "n+" + id + "+" + b64 + "\n", "m+" + id + "+" + b64}) {
    EXPECT_EQ(ParseVkey(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  if (upper_id != id) {
    EXPECT_EQ(ParseVkey("n+" + upper_id + "+" + b64).status().code(), StatusCode::kInvalidArgument);
  }
}

// ---------------------------------------------------------------------------------------------
// Private key text and files.

TEST(PrivateKeys, GoSumdbPrivateKeyMatchesItsPublishedVkey) {
  LOAD_SHARED_JSON_OR_SKIP(notes, "vectors/signed-note-vectors.json");
  for (const Json& v : notes->at("valid")) {
    if (!v.contains("private_key")) continue;
    Result<SigningKey> key = SigningKey::Parse(v.at("private_key").get<std::string>());
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(key->verifier().ToVkey(), v.at("vkey").get<std::string>());
    EXPECT_EQ(key->ToText(), v.at("private_key").get<std::string>() + "\n");
  }
}

TEST(PrivateKeys, TextRoundTripsWithOrWithoutFinalNewline) {
  Result<SigningKey> key = SigningKey::FromSeed("example.com/w", Seed('t'));
  ASSERT_TRUE(key.ok());
  std::string text = key->ToText();
  EXPECT_TRUE(text.starts_with("PRIVATE+KEY+example.com/w+"));
  EXPECT_TRUE(text.ends_with("\n"));
  for (const std::string& t : {text, text.substr(0, text.size() - 1)}) {
    Result<SigningKey> parsed = SigningKey::Parse(t);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->verifier().ToVkey(), key->verifier().ToVkey());
    EXPECT_EQ(parsed->Sign("x"), key->Sign("x"));
  }
}

TEST(PrivateKeys, MalformedTextIsInvalidArgument) {
  Result<SigningKey> key = SigningKey::FromSeed("n", Seed('p'));
  ASSERT_TRUE(key.ok());
  std::string text = key->ToText();
  text.pop_back();
  std::string id = key->verifier().ToVkey().substr(2, 8);
  std::string wrong_id = id;
  wrong_id[7] = wrong_id[7] == 'a' ? 'b' : 'a';
  auto typed = [](char type) { return Base64Encode(std::string(1, type) + Seed('p')); };
  struct Case {
    std::string what, text;
  } cases[] = {
      {"empty", ""},
      {"truncated", text.substr(0, text.size() / 2)},
      {"wrong prefix", "PRIVATE+KEYS+n+" + id + "+" + typed(1)},
      {"lowercase prefix", "private+key+n+" + id + "+" + typed(1)},
      {"bad base64", "PRIVATE+KEY+n+" + id + "+" + typed(1).substr(1)},
      {"wrong type byte", "PRIVATE+KEY+n+" + id + "+" + typed(4)},
      {"key ID mismatch", "PRIVATE+KEY+n+" + wrong_id + "+" + typed(1)},
      {"name changed", "PRIVATE+KEY+o+" + id + "+" + typed(1)},
      {"short seed", "PRIVATE+KEY+n+" + id + "+" + Base64Encode("\x01" + std::string(31, 'p'))},
      {"two newlines", text + "\n\n"},
  };
  for (const Case& c : cases) {
    Result<SigningKey> parsed = SigningKey::Parse(c.text);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.what;
  }
}

TEST_F(KeyFileTest, GenerateSaveLoadRoundTrip) {
  SigningKey key = SigningKey::Generate("example.com/log");
  std::string path = Path("log.key");
  ASSERT_TRUE(key.Save(path).ok());
  Result<SigningKey> loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->verifier().ToVkey(), key.verifier().ToVkey());
  EXPECT_EQ(loaded->ToText(), key.ToText());
  EXPECT_TRUE(VerifySignature(key.verifier().pub, "m", loaded->Sign("m")));
}

TEST_F(KeyFileTest, SaveCreatesOwnerOnlyFileAndNeverOverwrites) {
  SigningKey key = SigningKey::Generate("k");
  std::string path = Path("k.key");
  mode_t old = ::umask(0);  // a permissive umask must not widen the key file
  Status st = key.Save(path);
  ::umask(old);
  ASSERT_TRUE(st.ok()) << st.ToString();
  struct stat sb;
  ASSERT_EQ(::stat(path.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 07777, 0600u);

  SigningKey other = SigningKey::Generate("k");
  EXPECT_EQ(other.Save(path).code(), StatusCode::kAlreadyExists);
  Result<SigningKey> loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->verifier().pub, key.verifier().pub);  // the first key survived
}

TEST_F(KeyFileTest, LoadRefusesFileReadableByOthers) {
  SigningKey key = SigningKey::Generate("k");
  for (unsigned mode : {0644u, 0640u, 0604u}) {
    std::string path = Path("k" + std::to_string(mode) + ".key");
    WriteRaw(path, key.ToText(), mode);
    EXPECT_EQ(SigningKey::Load(path).status().code(), StatusCode::kPermissionDenied) << mode;
  }
}

TEST_F(KeyFileTest, LoadOfMissingFileIsNotFound) {
  EXPECT_EQ(SigningKey::Load(Path("absent.key")).status().code(), StatusCode::kNotFound);
}

TEST_F(KeyFileTest, GarbledFileIsInvalidArgumentNamingTheFile) {
  SigningKey key = SigningKey::Generate("k");
  std::string text = key.ToText();
  std::string garbled = text;
  garbled[garbled.size() - 10] = '!';
  for (const std::string& content :
       {text.substr(0, 20), text.substr(0, text.size() - 5), garbled, std::string()}) {
    std::string path = Path("bad.key");
    std::filesystem::remove(path);
    WriteRaw(path, content, 0600);
    Result<SigningKey> loaded = SigningKey::Load(path);
    EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument) << content;
    EXPECT_NE(loaded.status().message().find(path), std::string::npos) << loaded.status().message();
    // The secret must not leak into error messages.
    EXPECT_EQ(loaded.status().message().find(text.substr(text.rfind('+') + 1, 20)),
              std::string::npos);
  }
}

}  // namespace
}  // namespace jirga
