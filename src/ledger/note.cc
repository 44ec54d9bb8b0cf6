// c2sp.org/signed-note parsing, signing and opening, and c2sp.org/tlog-checkpoint bodies.
#include "ledger/note.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "base/encoding.h"

namespace jirga {
namespace {

// U+2014 EM DASH and a space: the start of every signature line.
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";

// Checks strict UTF-8 (no overlong forms, surrogates or values above U+10FFFF, as Go's
// utf8.DecodeRune) and no ASCII control characters other than '\n'. The spec forbids only those
// below U+0020, so DEL and non-ASCII text stay allowed, exactly as Go's note.Open allows them.
Status CheckText(std::string_view s, std::string_view what) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t b0 = static_cast<uint8_t>(s[i]);
    if (b0 < 0x80) {
      if (b0 < 0x20 && b0 != '\n') {
        return InvalidArgument(std::string(what) + " has control character 0x" +
                               HexEncode(s.substr(i, 1)) + " at byte " + std::to_string(i));
      }
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = b0 & 0x07;
    } else {
      len = 0, min = 0, cp = 0;
    }
    bool ok = len != 0 && s.size() - i >= len;
    for (size_t k = 1; ok && k < len; ++k) {
      uint8_t b = static_cast<uint8_t>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = cp << 6 | (b & 0x3F);
    }
    if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return InvalidArgument(std::string(what) + " is not valid UTF-8 at byte " +
                             std::to_string(i));
    }
    i += len;
  }
  return Status::Ok();
}

uint32_t ReadBigEndian32(std::string_view b) {
  auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(b[k])); };
  return at(0) << 24 | at(1) << 16 | at(2) << 8 | at(3);
}

std::string KeyLabel(std::string_view name, uint32_t key_id) {
  char id[9];
  std::snprintf(id, sizeof id, "%08x", key_id);
  return std::string(name) + "+" + id;
}

// Parses one signature line (without its '\n'): "— <name> base64(keyID || sig)".
Result<NoteSignature> ParseSignatureLine(std::string_view line, size_t index) {
  std::string where = "note signature line " + std::to_string(index + 1);
  if (!line.starts_with(kSigPrefix)) {
    return InvalidArgument(where + " does not start with \"— \" (not a signature line)");
  }
  line.remove_prefix(kSigPrefix.size());
  size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return InvalidArgument(where + " has no space between key name and signature");
  }
  std::string_view name = line.substr(0, space), b64 = line.substr(space + 1);
  if (Status st = ValidateKeyName(name); !st.ok()) return st.WithContext(where);
  if (b64.empty()) return InvalidArgument(where + " has an empty signature");
  Result<std::string> raw = Base64Decode(b64);
  if (!raw.ok()) return raw.status().WithContext(where);
  // Four bytes of key ID and at least one of signature; other lengths are left to OpenNote,
  // which must ignore signatures of unknown (possibly other-algorithm) keys.
  if (raw->size() < 5) {
    return InvalidArgument(where + " decodes to " + std::to_string(raw->size()) +
                           " bytes, too short for a key ID and a signature");
  }
  NoteSignature sig;
  sig.name = std::string(name);
  sig.key_id = ReadBigEndian32(*raw);
  sig.sig = raw->substr(4);
  return sig;
}

// Parses a canonical decimal uint64: digits only, no sign, no leading zeros except "0" itself,
// so a size has exactly one spelling.
bool ParseCanonicalUint64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace

Result<ParsedNote> ParseNote(std::string_view note) {
  RETURN_IF_ERROR(CheckText(note, "note"));
  // The signatures follow the last blank line: the text may itself contain blank lines, but
  // signature lines are never empty, so the last "\n\n" is the separator.
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return InvalidArgument("note has no blank line followed by signatures");
  }
  ParsedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty()) return InvalidArgument("note has an empty signature block");
  if (sigs.back() != '\n') {
    return InvalidArgument("note's last line does not end in a newline");
  }
  while (!sigs.empty()) {
    // Bounded before parsing further lines so a huge note cannot make us decode without end.
    if (parsed.signatures.size() == kMaxNoteSignatures) {
      return InvalidArgument("note has more than " + std::to_string(kMaxNoteSignatures) +
                             " signatures");
    }
    size_t nl = sigs.find('\n');  // found: sigs ends in '\n'
    ASSIGN_OR_RETURN(NoteSignature sig,
                     ParseSignatureLine(sigs.substr(0, nl), parsed.signatures.size()));
    parsed.signatures.push_back(std::move(sig));
    sigs.remove_prefix(nl + 1);
  }
  return parsed;
}

Result<std::string> SignNote(std::string_view text, const SigningKey& key) {
  // Refuse text that ParseNote would reject, so every note we sign can be opened.
  if (text.empty() || text.back() != '\n') {
    return InvalidArgument("note text must be non-empty and end in a newline");
  }
  RETURN_IF_ERROR(CheckText(text, "note text"));
  const VerifierKey& v = key.verifier();
  SignatureBytes sig = key.Sign(text);
  std::string raw(4, '\0');
  raw[0] = static_cast<char>(v.key_id >> 24);
  raw[1] = static_cast<char>(v.key_id >> 16);
  raw[2] = static_cast<char>(v.key_id >> 8);
  raw[3] = static_cast<char>(v.key_id);
  raw.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  std::string note(text);
  note.append("\n").append(kSigPrefix).append(v.name).append(" ");
  note.append(Base64Encode(raw)).append("\n");
  return note;
}

Result<OpenedNote> OpenNote(std::string_view note, const std::vector<VerifierKey>& known) {
  ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  OpenedNote opened;
  for (const NoteSignature& sig : parsed.signatures) {
    // Keys are identified by name and ID together; a signature sharing only one of them with a
    // known key is someone else's and must be ignored (c2sp.org/signed-note).
    auto it = std::find_if(known.begin(), known.end(), [&](const VerifierKey& k) {
      return k.name == sig.name && k.key_id == sig.key_id;
    });
    if (it == known.end()) continue;
    // Every signature by a known key is checked, duplicates included: a note carrying a bad
    // signature from a key we trust is rejected whole rather than partly believed.
    std::string label = KeyLabel(sig.name, sig.key_id);
    if (sig.sig.size() != std::tuple_size_v<SignatureBytes>) {
      return Unauthorized("note signature by " + label + " is " + std::to_string(sig.sig.size()) +
                          " bytes, not an Ed25519 signature");
    }
    SignatureBytes bytes;
    std::memcpy(bytes.data(), sig.sig.data(), bytes.size());
    if (!VerifySignature(it->pub, parsed.text, bytes)) {
      return Unauthorized("note signature by " + label + " does not verify");
    }
    if (std::find(opened.verified_by.begin(), opened.verified_by.end(), it->name) ==
        opened.verified_by.end()) {
      opened.verified_by.push_back(it->name);
    }
  }
  if (opened.verified_by.empty()) return Unauthorized("note is not signed by any known key");
  opened.text = std::move(parsed.text);
  return opened;
}

std::string Checkpoint::ToText() const {
  std::string out =
      origin + "\n" + std::to_string(size) + "\n" + Base64Encode(AsBytes(root)) + "\n";
  for (const std::string& ext : extensions) out.append(ext).append("\n");
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  RETURN_IF_ERROR(CheckText(text, "checkpoint"));
  if (text.empty() || text.back() != '\n') {
    return InvalidArgument("checkpoint does not end in a newline");
  }
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) {
    return InvalidArgument("checkpoint has " + std::to_string(lines.size()) +
                           " lines, want origin, size and root hash");
  }
  Checkpoint cp;
  if (lines[0].empty()) return InvalidArgument("checkpoint origin line is empty");
  cp.origin = std::string(lines[0]);
  if (!ParseCanonicalUint64(lines[1], &cp.size)) {
    return InvalidArgument("checkpoint size is not a canonical decimal uint64");
  }
  Result<std::string> root = Base64Decode(lines[2]);
  if (!root.ok()) return root.status().WithContext("checkpoint root hash");
  if (root->size() != cp.root.size()) {
    return InvalidArgument("checkpoint root hash is " + std::to_string(root->size()) +
                           " bytes, want 32");
  }
  std::memcpy(cp.root.data(), root->data(), cp.root.size());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return InvalidArgument("checkpoint extension line " + std::to_string(i - 2) + " is empty");
    }
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

}  // namespace jirga
