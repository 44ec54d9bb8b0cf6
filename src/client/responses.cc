// Checks of a jirga server's answers: checkpoints, consistency and inclusion proofs, records,
// batch acknowledgements and the party list.
#include "client/responses.h"

#include "base/encoding.h"
#include "base/json.h"
#include "client/http_client.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace jirga::client {
namespace {

Result<Json> ParseAnswerJson(std::string_view body) {
  auto j = ParseJsonStrict(body);
  if (!j.ok()) return Corruption("the answer is not valid JSON: " + j.status().message());
  return std::move(*j);
}

Result<std::string> StringField(const Json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) {
    return Corruption(std::string("the answer has no string \"") + name + "\"");
  }
  return it->get<std::string>();
}

Result<uint64_t> IndexField(const Json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_number_unsigned()) {
    return Corruption(std::string("the answer has no non-negative integer \"") + name + "\"");
  }
  return it->get<uint64_t>();
}

Result<std::string> Base64Field(const Json& obj, const char* name, size_t size) {
  ASSIGN_OR_RETURN(std::string text, StringField(obj, name));
  auto bytes = Base64Decode(text);
  if (!bytes.ok() || (size != 0 && bytes->size() != size)) {
    return Corruption(std::string("the answer's \"") + name + "\" is not " +
                      (size != 0 ? std::to_string(size) + " bytes of " : std::string()) +
                      "base64");
  }
  return std::move(*bytes);
}

}  // namespace

std::string DescribeCheckpoint(const TrustedCheckpoint& cp) {
  return "size " + std::to_string(cp.size) + ", root " + Base64Encode(AsBytes(cp.root));
}

Result<TrustedCheckpoint> VerifyCheckpointNote(std::string_view note, const VerifierKey& log_key) {
  auto opened = OpenNote(note, {log_key});
  if (!opened.ok()) {
    return Corruption("the checkpoint is not signed by the log key " + log_key.ToVkey() + " (" +
                      opened.status().message() + ")");
  }
  auto cp = ParseCheckpoint(opened->text);
  if (!cp.ok()) return Corruption("malformed checkpoint: " + cp.status().message());
  if (cp->origin != log_key.name) {
    return Corruption("the checkpoint is for origin \"" + cp->origin + "\", not \"" +
                      log_key.name + "\"");
  }
  TrustedCheckpoint out;
  out.size = cp->size;
  out.root = cp->root;
  out.note = std::string(note);
  return out;
}

Result<std::string> ClaimedOrigin(std::string_view note) {
  auto parsed = ParseNote(note);
  if (!parsed.ok()) return Corruption("malformed checkpoint note: " + parsed.status().message());
  auto cp = ParseCheckpoint(parsed->text);
  if (!cp.ok()) return Corruption("malformed checkpoint: " + cp.status().message());
  return cp->origin;
}

Status CheckConsistent(const TrustedCheckpoint& older, std::string_view older_label,
                       const TrustedCheckpoint& newer, std::string_view newer_label,
                       const std::vector<Hash>& proof) {
  std::string why;
  if (older.size > newer.size) {
    why = "the log shrank";
  } else if (older.size == newer.size) {
    if (older.root == newer.root) return Status::Ok();
    why = "one size, two roots";
  } else if (older.size == 0) {
    if (older.root == EmptyRoot()) return Status::Ok();  // the empty tree prefixes every tree
    why = "a size-0 checkpoint whose root is not the empty tree's";
  } else {
    if (VerifyConsistency(older.size, newer.size, older.root, newer.root, proof)) {
      return Status::Ok();
    }
    why = "the consistency proof between them fails";
  }
  return Corruption("FORK: the log signed two checkpoints that cannot both hold: " +
                    std::string(older_label) + " (" + DescribeCheckpoint(older) + ") and " +
                    std::string(newer_label) + " (" + DescribeCheckpoint(newer) + "): " + why +
                    ". The server has forked or rolled back the log");
}

Result<std::vector<Hash>> ParseConsistencyAnswer(std::string_view body, uint64_t from,
                                                 uint64_t to) {
  ASSIGN_OR_RETURN(Json j, ParseAnswerJson(body));
  if (!j.is_object()) return Corruption("the answer is not a JSON object");
  ASSIGN_OR_RETURN(uint64_t got_from, IndexField(j, "from"));
  ASSIGN_OR_RETURN(uint64_t got_to, IndexField(j, "to"));
  if (got_from != from || got_to != to) {
    return Corruption("asked for the proof from " + std::to_string(from) + " to " +
                      std::to_string(to) + ", got one from " + std::to_string(got_from) +
                      " to " + std::to_string(got_to));
  }
  auto hashes = j.find("hashes");
  if (hashes == j.end() || !hashes->is_array()) {
    return Corruption("the answer has no \"hashes\" array");
  }
  // A proof between tree sizes below 2^64 has at most 2·64 hashes; more is not a proof.
  if (hashes->size() > 128) return Corruption("the answer holds too many hashes");
  std::vector<Hash> out;
  for (const Json& h : *hashes) {
    auto bytes = h.is_string() ? Base64Decode(h.get<std::string>())
                               : Result<std::string>(InvalidArgument("not a string"));
    if (!bytes.ok() || bytes->size() != 32) {
      return Corruption("the answer's hashes must each be 32 bytes of base64");
    }
    Hash hash;
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    out.push_back(hash);
  }
  return out;
}

Result<VerifiedProof> VerifyProofAnswer(std::string_view text, const VerifierKey& log_key,
                                        uint64_t index, uint64_t size) {
  auto proof = ParseTlogProof(text);
  if (!proof.ok()) return Corruption("malformed tlog-proof: " + proof.status().message());
  VerifiedProof out;
  ASSIGN_OR_RETURN(out.checkpoint, VerifyCheckpointNote(proof->checkpoint, log_key));
  if (proof->index != index) {
    return Corruption("asked for a proof of record " + std::to_string(index) + ", got one of " +
                      std::to_string(proof->index));
  }
  if (out.checkpoint.size != size) {
    return Corruption("asked for a proof against tree size " + std::to_string(size) +
                      ", got one against " + std::to_string(out.checkpoint.size));
  }
  if (proof->extra.size() != 128) {
    return Corruption("the proof's extra line is not a 128-byte leaf");
  }
  if (!VerifyInclusion(LeafHash(proof->extra), index, size, proof->proof, out.checkpoint.root)) {
    return Corruption("the inclusion proof of record " + std::to_string(index) +
                      " does not verify against the signed checkpoint (" +
                      DescribeCheckpoint(out.checkpoint) + ")");
  }
  out.leaf = proof->extra;
  out.proof = std::move(*proof);
  return out;
}

Result<VerifiedRecord> VerifyRecordAnswer(std::string_view body, uint64_t index) {
  ASSIGN_OR_RETURN(Json j, ParseAnswerJson(body));
  if (!j.is_object()) return Corruption("the answer is not a JSON object");
  VerifiedRecord out;
  ASSIGN_OR_RETURN(out.index, IndexField(j, "index"));
  if (out.index != index) {
    return Corruption("asked for record " + std::to_string(index) + ", got record " +
                      std::to_string(out.index));
  }
  ASSIGN_OR_RETURN(out.kind, StringField(j, "kind"));
  ASSIGN_OR_RETURN(out.party, StringField(j, "party"));
  if (auto redacted = j.find("redacted"); redacted != j.end()) {
    if (!redacted->is_object() || j.contains("record") || j.contains("salt")) {
      return Corruption("record " + std::to_string(index) +
                        ": a redacted answer must have a \"redacted\" object and no record or salt");
    }
    ASSIGN_OR_RETURN(out.redacted_by, IndexField(*redacted, "by"));
    ASSIGN_OR_RETURN(out.redaction_reason, StringField(*redacted, "reason"));
    if (out.redacted_by <= index) {
      return Corruption("record " + std::to_string(index) + " is said to be redacted by record " +
                        std::to_string(out.redacted_by) + ", which is not later");
    }
    ASSIGN_OR_RETURN(out.received, StringField(j, "received"));
    ASSIGN_OR_RETURN(out.leaf, Base64Field(j, "leaf", 128));
    ASSIGN_OR_RETURN(std::string leaf_hash, StringField(j, "leaf_hash"));
    if (leaf_hash != HashHex(LeafHash(out.leaf))) {
      return Corruption("record " + std::to_string(index) + ": leaf_hash is not the leaf's hash");
    }
    return out;
  }
  ASSIGN_OR_RETURN(out.time, StringField(j, "time"));
  ASSIGN_OR_RETURN(out.received, StringField(j, "received"));
  ASSIGN_OR_RETURN(out.record, Base64Field(j, "record", 0));
  ASSIGN_OR_RETURN(out.salt, Base64Field(j, "salt", kSaltSize));
  ASSIGN_OR_RETURN(out.leaf, Base64Field(j, "leaf", 128));
  ASSIGN_OR_RETURN(std::string leaf_hash, StringField(j, "leaf_hash"));
  ASSIGN_OR_RETURN(Leaf leaf, ParseLeaf(out.leaf));
  if (ComputeCommitment(out.salt, out.record) != leaf.commitment) {
    return Corruption("record " + std::to_string(index) +
                      ": the record and salt do not match the leaf's commitment");
  }
  if (leaf_hash != HashHex(LeafHash(out.leaf))) {
    return Corruption("record " + std::to_string(index) + ": leaf_hash is not the leaf's hash");
  }
  // kind, party and time are copies of what the party signed; they must say the same.
  auto rec = ParseRecord(out.record);
  if (!rec.ok()) {
    return Corruption("record " + std::to_string(index) +
                      " is not a valid record: " + rec.status().message());
  }
  if (rec->kind != out.kind || rec->party != out.party || rec->time != out.time) {
    return Corruption("record " + std::to_string(index) +
                      ": kind, party or time differ from what the signed record says");
  }
  return out;
}

std::string ExpectedLeaf(const Submission& sub) {
  Leaf leaf;
  leaf.key_hash = Sha256(std::string_view(reinterpret_cast<const char*>(sub.pub.data()),
                                          sub.pub.size()));
  leaf.sig = sub.sig;
  leaf.commitment = ComputeCommitment(sub.salt, sub.record);
  return leaf.Serialize();
}

Result<std::vector<BatchItemOutcome>> ParseBatchAnswer(
    std::string_view body, const std::vector<std::string>& expected_leaves,
    std::string_view server) {
  ASSIGN_OR_RETURN(Json j, ParseAnswerJson(body));
  auto results = j.is_object() ? j.find("results") : j.end();
  if (!j.is_object() || results == j.end() || !results->is_array()) {
    return Corruption("the answer has no \"results\" array");
  }
  if (results->size() != expected_leaves.size()) {
    return Corruption("sent " + std::to_string(expected_leaves.size()) + " records, got " +
                      std::to_string(results->size()) + " results");
  }
  std::vector<BatchItemOutcome> out(expected_leaves.size());
  for (size_t i = 0; i < expected_leaves.size(); ++i) {
    const Json& r = (*results)[i];
    const std::string item = "result " + std::to_string(i) + ": ";
    if (!r.is_object()) return Corruption(item + "not a JSON object");
    ASSIGN_OR_RETURN(uint64_t status, IndexField(r, "status"));
    if (status != 200 && status != 201) {
      auto e = r.find("error");
      if (status < 400 || status > 599 || e == r.end() || !e->is_object()) {
        return Corruption(item + "neither an acknowledgement (200, 201) nor an error");
      }
      auto code = StringField(*e, "code");
      auto message = StringField(*e, "message");
      if (!code.ok() || !message.ok()) return Corruption(item + "malformed error");
      out[i].refusal = StatusForHttpError(static_cast<int>(status), *code, *message, server);
      continue;
    }
    auto index = IndexField(r, "index");
    auto leaf = Base64Field(r, "leaf", 128);
    auto leaf_hash = StringField(r, "leaf_hash");
    if (!index.ok() || !leaf.ok() || !leaf_hash.ok()) {
      return Corruption(item + "an acknowledgement needs index, leaf and leaf_hash");
    }
    // The server must have logged exactly what was signed here: the same key hash, signature
    // and commitment, hashed as RFC 6962 says.
    if (*leaf != expected_leaves[i]) {
      return Corruption(item + "the server acknowledged record " + std::to_string(*index) +
                        " with a leaf that is not the one signed here");
    }
    if (*leaf_hash != HashHex(LeafHash(*leaf))) {
      return Corruption(item + "the acknowledgement's leaf_hash is not the leaf's hash");
    }
    auto dup = r.find("duplicate");
    out[i].duplicate = dup != r.end() && dup->is_boolean() && dup->get<bool>();
    if (out[i].duplicate != (status == 200)) {
      return Corruption(item + "status " + std::to_string(status) +
                        " does not agree with \"duplicate\"");
    }
    out[i].index = *index;
  }
  return out;
}

namespace {

struct ListedKey {
  std::string party;
  VerifierKey key;
};

// Every (party id, vkey) pair of a GET /v1/parties answer; Corruption if it is malformed.
Result<std::vector<ListedKey>> ParsePartyKeys(std::string_view body) {
  ASSIGN_OR_RETURN(Json j, ParseAnswerJson(body));
  if (!j.is_array()) return Corruption("the party list is not a JSON array");
  std::vector<ListedKey> out;
  for (const Json& p : j) {
    if (!p.is_object()) return Corruption("a party list entry is not an object");
    ASSIGN_OR_RETURN(std::string id, StringField(p, "id"));
    auto vkeys = p.find("vkeys");
    if (vkeys == p.end() || !vkeys->is_array()) {
      return Corruption("party \"" + id + "\" has no \"vkeys\" array");
    }
    for (const Json& v : *vkeys) {
      if (!v.is_string()) return Corruption("party \"" + id + "\" has a vkey that is no string");
      auto parsed = ParseVkey(v.get<std::string>());
      if (!parsed.ok()) return Corruption("party \"" + id + "\" has a malformed vkey");
      out.push_back(ListedKey{id, *parsed});
    }
  }
  return out;
}

}  // namespace

Result<std::string> FindPartyForKey(std::string_view body, const VerifierKey& key) {
  ASSIGN_OR_RETURN(std::vector<ListedKey> listed, ParsePartyKeys(body));
  for (const ListedKey& l : listed) {
    if (l.key.pub == key.pub) return l.party;
  }
  return Unauthorized("key " + key.ToVkey() + " is not registered to any party");
}

Status CheckLeafSignature(std::string_view parties_body, std::string_view leaf,
                          const std::string& record_party) {
  auto parsed_leaf = ParseLeaf(leaf);
  if (!parsed_leaf.ok()) return Corruption("the leaf is malformed: " + parsed_leaf.status().message());
  ASSIGN_OR_RETURN(std::vector<ListedKey> listed, ParsePartyKeys(parties_body));
  for (const ListedKey& l : listed) {
    if (l.key.PubHash() != parsed_leaf->key_hash) continue;
    if (!VerifySignature(l.key.pub, RecordSigningMessage(parsed_leaf->commitment),
                         parsed_leaf->sig)) {
      return Corruption("the party signature in the leaf does not verify with " +
                        l.key.ToVkey());
    }
    if (l.party != record_party) {
      return Corruption("the record says party \"" + record_party + "\" but it is signed by " +
                        l.key.ToVkey() + ", a key of party \"" + l.party + "\"");
    }
    return Status::Ok();
  }
  return NotFound("no registered key matches the leaf's key hash (a key rotated away?)");
}

}  // namespace jirga::client
