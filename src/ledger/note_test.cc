// Tests for signed notes and checkpoint bodies against the C2SP and Go sumdb vectors.
#include "ledger/note.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/json.h"
#include "testing/shared_data.h"

namespace jirga {
namespace {

const Json* FindById(const Json& list, const std::string& id) {
  for (const Json& v : list) {
    if (v.at("id") == id) return &v;
  }
  ADD_FAILURE() << "no vector with id " << id;
  return nullptr;
}

VerifierKey MustParseVkey(const std::string& vkey) {
  Result<VerifierKey> k = ParseVkey(vkey);
  EXPECT_TRUE(k.ok()) << vkey << ": " << k.status().ToString();
  return k.ok() ? *k : VerifierKey{};
}

SigningKey MustKey(const std::string& name, char seed) {
  Result<SigningKey> key = SigningKey::FromSeed(name, std::string(32, seed));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

// The note a signature line belongs to, split at its last "\n\n".
std::string SigBlock(const std::string& note) { return note.substr(note.rfind("\n\n") + 2); }

// ---------------------------------------------------------------------------------------------
// Vectors from C2SP signed-note and golang.org/x/mod/sumdb/note.

TEST(SignedNote, ValidVectorsOpenWithTheirVkeys) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  InitCrypto();
  int opened_count = 0;
  for (const Json& v : vectors->at("valid")) {
    std::vector<VerifierKey> keys;
    if (v.contains("vkey")) keys.push_back(MustParseVkey(v.at("vkey").get<std::string>()));
    if (v.contains("vkeys")) {
      for (const Json& k : v.at("vkeys")) keys.push_back(MustParseVkey(k.get<std::string>()));
    }
    // The signing vector carries its note as expected_signed_note; its "note" is prose.
    std::string note = v.contains("expected_signed_note")
                           ? v.at("expected_signed_note").get<std::string>()
                           : v.at("note").get<std::string>();
    Result<OpenedNote> opened = OpenNote(note, keys);
    ASSERT_TRUE(opened.ok()) << v.at("id") << ": " << opened.status().ToString();
    EXPECT_EQ(opened->text + "\n", note.substr(0, note.rfind("\n\n") + 2));
    if (v.contains("expect_verified_by")) {
      EXPECT_EQ(opened->verified_by, v.at("expect_verified_by").get<std::vector<std::string>>());
    }
    ++opened_count;
  }
  EXPECT_EQ(opened_count, 3);
}

TEST(SignedNote, DeterministicSigningVectorReproducedByteForByte) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  const Json* v = FindById(vectors->at("valid"), "go-note-peter-sign");
  ASSERT_NE(v, nullptr);
  Result<SigningKey> key = SigningKey::Parse(v->at("private_key").get<std::string>());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->verifier().ToVkey(), v->at("vkey").get<std::string>());
  Result<std::string> signed_note = SignNote(v->at("text").get<std::string>(), *key);
  ASSERT_TRUE(signed_note.ok()) << signed_note.status().ToString();
  EXPECT_EQ(*signed_note, v->at("expected_signed_note").get<std::string>());
}

TEST(SignedNote, TwoSignerNoteVerifiesExactlyTheKnownKeys) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  const Json* v = FindById(vectors->at("valid"), "go-note-two-signers");
  ASSERT_NE(v, nullptr);
  std::string note = v->at("note").get<std::string>();
  VerifierKey peter = MustParseVkey(v->at("vkeys")[0].get<std::string>());
  VerifierKey enoch = MustParseVkey(v->at("vkeys")[1].get<std::string>());

  // Knowing only Peter: his signature verifies; Enoch's is present but unverified (ignored).
  Result<ParsedNote> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->signatures.size(), 2u);
  EXPECT_EQ(parsed->signatures[1].name, "EnochRoot");
  EXPECT_EQ(parsed->signatures[1].key_id, enoch.key_id);
  Result<OpenedNote> only_peter = OpenNote(note, {peter});
  ASSERT_TRUE(only_peter.ok()) << only_peter.status().ToString();
  EXPECT_EQ(only_peter->verified_by, std::vector<std::string>{"PeterNeumann"});

  // Knowing both: two verified signatures.
  Result<OpenedNote> both = OpenNote(note, {peter, enoch});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->verified_by, (std::vector<std::string>{"PeterNeumann", "EnochRoot"}));

  // Knowing neither: rejected, no verified signature.
  Result<OpenedNote> neither = OpenNote(note, {});
  EXPECT_EQ(neither.status().code(), StatusCode::kUnauthorized);
  SigningKey stranger = MustKey("PeterNeumann", 's');  // same name, different key and ID
  EXPECT_EQ(OpenNote(note, {stranger.verifier()}).status().code(), StatusCode::kUnauthorized);
}

TEST(SignedNote, MalformedVectorsAreRejected) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  const Json* peter_vec = FindById(vectors->at("valid"), "go-note-peter-sign");
  ASSERT_NE(peter_vec, nullptr);
  VerifierKey peter = MustParseVkey(peter_vec->at("vkey").get<std::string>());
  std::string good = peter_vec->at("expected_signed_note").get<std::string>();
  std::string text = peter_vec->at("text").get<std::string>();
  std::string peter_sig_line = SigBlock(good);

  int checked = 0;
  for (const Json& m : vectors->at("malformed")) {
    std::string id = m.at("id").get<std::string>();
    std::string note;
    if (m.contains("note")) {
      note = m.at("note").get<std::string>();
    } else if (m.contains("note_hex")) {
      Result<std::string> raw = HexDecode(m.at("note_hex").get<std::string>());
      ASSERT_TRUE(raw.ok()) << id;
      note = *raw;
    } else {
      // "text + '\n' + peterSig repeated 101 times".
      ASSERT_EQ(id, "too-many-signatures-go");
      note = text + "\n";
      for (int i = 0; i < 101; ++i) note += peter_sig_line;
    }
    Result<ParsedNote> parsed = ParseNote(note);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument)
        << id << " (" << m.at("why").get<std::string>() << ")";
    EXPECT_FALSE(OpenNote(note, {peter}).ok()) << id;
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(SignedNote, UpToOneHundredSignaturesAreAccepted) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  const Json* v = FindById(vectors->at("valid"), "go-note-peter-sign");
  ASSERT_NE(v, nullptr);
  std::string good = v->at("expected_signed_note").get<std::string>();
  std::string note = v->at("text").get<std::string>() + "\n";
  for (size_t i = 0; i < kMaxNoteSignatures; ++i) note += SigBlock(good);
  Result<ParsedNote> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->signatures.size(), kMaxNoteSignatures);
  Result<OpenedNote> opened = OpenNote(note, {MustParseVkey(v->at("vkey").get<std::string>())});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->verified_by, std::vector<std::string>{"PeterNeumann"});
}

// ---------------------------------------------------------------------------------------------
// Opening rules, on notes made here.

TEST(SignedNote, SignThenOpenRoundTrip) {
  SigningKey key = MustKey("example.com/log", 'k');
  // Blank lines and non-ASCII text inside the note are fine; only the last blank line splits.
  std::string text = "Ognuno sta solo sul cuor della terra\n\ned è subito sera.\n";
  Result<std::string> note = SignNote(text, key);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  Result<ParsedNote> parsed = ParseNote(*note);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->text, text);
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].name, "example.com/log");
  EXPECT_EQ(parsed->signatures[0].key_id, key.verifier().key_id);
  EXPECT_EQ(parsed->signatures[0].sig.size(), 64u);
  Result<OpenedNote> opened = OpenNote(*note, {key.verifier()});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->text, text);
  EXPECT_EQ(opened->verified_by, std::vector<std::string>{"example.com/log"});
}

TEST(SignedNote, SignRefusesTextThatCouldNotBeOpened) {
  SigningKey key = MustKey("k", 'k');
  for (const std::string& bad :
       {std::string(), std::string("no newline"), std::string("tab\there\n"),
        std::string("bad \xff utf8\n"), std::string("cr\r\n")}) {
    EXPECT_EQ(SignNote(bad, key).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SignedNote, KnownKeyWhoseSignatureFailsIsUnauthorized) {
  SigningKey key = MustKey("example.com/log", 'k');
  Result<std::string> note = SignNote("hello\n", key);
  ASSERT_TRUE(note.ok());
  // Tampered text.
  std::string tampered = *note;
  tampered[0] = 'j';
  EXPECT_EQ(OpenNote(tampered, {key.verifier()}).status().code(), StatusCode::kUnauthorized);
  // Tampered signature bytes (re-encoded so the base64 stays canonical).
  Result<ParsedNote> parsed = ParseNote(*note);
  ASSERT_TRUE(parsed.ok());
  std::string raw = std::string("\0\0\0\0", 4) + parsed->signatures[0].sig;
  for (int i = 0; i < 4; ++i) raw[i] = static_cast<char>(key.verifier().key_id >> (24 - 8 * i));
  std::string flipped = raw;
  flipped[10] ^= 1;
  std::string prefix = "hello\n\n\xE2\x80\x94 example.com/log ";
  EXPECT_EQ(OpenNote(prefix + Base64Encode(flipped) + "\n", {key.verifier()}).status().code(),
            StatusCode::kUnauthorized);
  // A bad signature from a known key spoils the note even beside a good one.
  std::string two = *note + SigBlock(prefix + Base64Encode(flipped) + "\n");
  EXPECT_EQ(OpenNote(two, {key.verifier()}).status().code(), StatusCode::kUnauthorized);
  // A known key's signature of the wrong length is not ignored either.
  std::string short_sig = raw.substr(0, 4 + 32);
  EXPECT_EQ(OpenNote(*note + SigBlock(prefix + Base64Encode(short_sig) + "\n"), {key.verifier()})
                .status()
                .code(),
            StatusCode::kUnauthorized);
}

TEST(SignedNote, UnknownKeySignaturesOfAnyLengthAreIgnored) {
  SigningKey key = MustKey("example.com/log", 'k');
  SigningKey other = MustKey("example.com/log", 'o');  // same name, different ID
  Result<std::string> note = SignNote("hello\n", key);
  ASSERT_TRUE(note.ok());
  // A 4+76-byte (cosignature-shaped) signature and a 4+1-byte one, by keys we do not know:
  // one shares our key's name, the other its key ID.
  std::string id(4, '\0');
  for (int i = 0; i < 4; ++i) id[i] = static_cast<char>(key.verifier().key_id >> (24 - 8 * i));
  std::string extra = "\xE2\x80\x94 example.com/witness " +
                      Base64Encode(id + std::string(76, 'w')) + "\n" +
                      "\xE2\x80\x94 example.com/log " +
                      Base64Encode(std::string("\x01\x02\x03\x04", 4) + "z") + "\n";
  Result<OpenedNote> opened = OpenNote(*note + extra, {key.verifier()});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->verified_by, std::vector<std::string>{"example.com/log"});
  // Knowing only the other key: nothing verifies.
  EXPECT_EQ(OpenNote(*note + extra, {other.verifier()}).status().code(), StatusCode::kUnauthorized);
}

TEST(SignedNote, MalformedSignatureLinesAreRejected) {
  SigningKey key = MustKey("k", 'k');
  Result<std::string> note = SignNote("hello\n", key);
  ASSERT_TRUE(note.ok());
  std::string b64 = SigBlock(*note).substr(std::string("\xE2\x80\x94 k ").size());
  b64.pop_back();  // the '\n'
  for (const std::string& bad : {
           std::string("hello\n\n- k ") + b64 + "\n",               // ASCII hyphen
           std::string("hello\n\n\xE2\x80\x94k ") + b64 + "\n",     // no space after dash
           std::string("hello\n\n\xE2\x80\x94 k") + "\n",           // no signature
           std::string("hello\n\n\xE2\x80\x94 k \n"),               // empty signature
           std::string("hello\n\n\xE2\x80\x94  ") + b64 + "\n",     // empty name
           std::string("hello\n\n\xE2\x80\x94 a+b ") + b64 + "\n",  // '+' in name
           std::string("hello\n\n\xE2\x80\x94 k ") + b64 + "=\n",   // bad padding
           std::string("hello\n\n\xE2\x80\x94 k ") + b64 + " \n",   // trailing space
           std::string("hello\n\n\xE2\x80\x94 k AAAAAA==\n"),       // 4 bytes: no signature
           std::string("hello\n\n\xE2\x80\x94 k ") + b64 + "\r\n",  // CR
           std::string("hello\n\n\xE2\x80\x94 k ") + b64 + "\n\n",  // blank line at end
           std::string("hello\n\n\n"),                              // only blank lines
           std::string("hel\xed\xa0\x80lo\n\n\xE2\x80\x94 k ") + b64 + "\n",  // surrogate
           std::string("hel\xc1\x81lo\n\n\xE2\x80\x94 k ") + b64 + "\n",      // overlong 'A'
       }) {
    EXPECT_EQ(ParseNote(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  // DEL is not one of the forbidden controls (those below U+0020), as in Go's note.Open.
  Result<std::string> del = SignNote(std::string("a\x7f") + "b\n", key);
  ASSERT_TRUE(del.ok());
  EXPECT_TRUE(OpenNote(*del, {key.verifier()}).ok());
}

// ---------------------------------------------------------------------------------------------
// Checkpoints.

TEST(Checkpoint, GoSumdbTreeNoteGoldenTextParses) {
  LOAD_SHARED_JSON_OR_SKIP(vectors, "vectors/signed-note-vectors.json");
  const Json& tree = vectors->at("go_sumdb_tree_note");
  std::string text = tree.at("golden_text").get<std::string>();
  Result<Checkpoint> cp = ParseCheckpoint(text);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->origin, "go.sum database tree");
  EXPECT_EQ(cp->size, 123456789012u);
  EXPECT_EQ(cp->root, LeafHash("hello world"));  // RecordHash("hello world") per the vector
  EXPECT_TRUE(cp->extensions.empty());
  EXPECT_EQ(cp->ToText(), text);
  for (const Json& bad : tree.at("bad")) {
    EXPECT_EQ(ParseCheckpoint(bad.get<std::string>()).status().code(), StatusCode::kInvalidArgument)
        << bad.get<std::string>();
  }
}

TEST(Checkpoint, C2spCheckpointExampleParses) {
  LOAD_SHARED_JSON_OR_SKIP(examples, "vectors/c2sp-format-examples.json");
  const Json& ex = examples->at("checkpoint_example");
  std::string text = ex.at("text").get<std::string>();
  Result<Checkpoint> cp = ParseCheckpoint(text);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp->size, 20852163u);
  EXPECT_EQ(Base64Encode(AsBytes(cp->root)), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(cp->ToText(), text);

  // With its signature line it is a well-formed note, but no key is given, so it cannot open.
  std::string note = text + "\n" + ex.at("signature_line").get<std::string>() + "\n";
  Result<ParsedNote> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->text, text);
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].name, "example.com/behind-the-sofa");
  EXPECT_EQ(OpenNote(note, {}).status().code(), StatusCode::kUnauthorized);
}

TEST(Checkpoint, SizeMustBeCanonicalDecimalUint64) {
  const std::string root = "\n" + Base64Encode(AsBytes(EmptyRoot())) + "\n";
  Result<Checkpoint> zero = ParseCheckpoint("o\n0" + root);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->size, 0u);
  Result<Checkpoint> max = ParseCheckpoint("o\n18446744073709551615" + root);
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->size, UINT64_MAX);
  for (const char* bad :
       {"", "00", "01", "+1", "-1", " 1", "1 ", "1.0", "0x1", "1e3", "18446744073709551616",
        "99999999999999999999", "100000000000000000000"}) {
    EXPECT_EQ(ParseCheckpoint(std::string("o\n") + bad + root).status().code(),
              StatusCode::kInvalidArgument)
        << "size \"" << bad << "\"";
  }
}

TEST(Checkpoint, ExtensionLinesAreKeptAndMustBeNonEmpty) {
  Checkpoint cp;
  cp.origin = "example.com/log";
  cp.size = 7;
  cp.root = Sha256("x");
  cp.extensions = {"ext one", "— ext two"};
  std::string text = cp.ToText();
  Result<Checkpoint> parsed = ParseCheckpoint(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->origin, cp.origin);
  EXPECT_EQ(parsed->size, cp.size);
  EXPECT_EQ(parsed->root, cp.root);
  EXPECT_EQ(parsed->extensions, cp.extensions);
  EXPECT_EQ(parsed->ToText(), text);
  EXPECT_EQ(ParseCheckpoint(text + "\n").status().code(), StatusCode::kInvalidArgument);
}

TEST(Checkpoint, MalformedBodiesAreRejected) {
  const std::string root = Base64Encode(AsBytes(EmptyRoot()));
  for (const std::string& bad : {
           std::string(),
           "o\n1\n" + root,                       // no final newline
           "\n1\n" + root + "\n",                 // empty origin
           std::string("o\n1\n"),                 // no root
           std::string("o\n1\n\n"),               // empty root
           "o\n1\n" + root.substr(0, 40) + "\n",  // truncated root
           "o\n1\n" + Base64Encode(std::string(31, 'r')) + "\n",
           "o\n1\n" + Base64Encode(std::string(33, 'r')) + "\n",
           "o\n1\n" + root + " \n",        // trailing space in root
           "o\x01\n1\n" + root + "\n",     // control character in origin
           "o\n1\n" + root + "\next\r\n",  // CR in extension
       }) {
    EXPECT_EQ(ParseCheckpoint(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace jirga
