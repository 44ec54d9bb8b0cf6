// Record envelope parsing/serialization, commitments, signing messages and 128-byte leaves.
#include "ledger/record.h"

#include <sodium.h>

#include <cstring>

#include "base/clock.h"

namespace jirga {

Status ValidateIdentifier(std::string_view what, std::string_view id) {
  auto bad = [&](std::string why) {
    return InvalidArgument(std::string(what) + " \"" + std::string(id.substr(0, 80)) + "\" " + why);
  };
  if (id.empty() || id.size() > 64) return bad("must be 1 to 64 characters");
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '.' && c != '_'))) {
      return bad("may only contain a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
    }
  }
  return Status::Ok();
}

Result<Record> ParseRecord(std::string_view bytes) {
  if (bytes.size() > kMaxRecordBytes) {
    return ResourceExhausted("record is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                             std::to_string(kMaxRecordBytes));
  }
  ASSIGN_OR_RETURN(Json j, ParseJsonStrict(bytes));
  if (!j.is_object()) return InvalidArgument("record must be a JSON object");
  for (auto& [key, _] : j.items()) {
    if (key != "v" && key != "kind" && key != "party" && key != "time" && key != "body" &&
        key != "refs") {
      return InvalidArgument("record has unknown field \"" + key + "\"");
    }
  }
  auto need = [&](const char* field, bool ok, const char* type) -> Status {
    if (!j.contains(field)) return InvalidArgument(std::string("record is missing \"") + field + "\"");
    if (!ok) {
      return InvalidArgument(std::string("record field \"") + field + "\" must be " + type +
                             ", not " + std::string(JsonTypeName(j[field])));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(need("v", j.contains("v") && j["v"].is_number_integer(), "an integer"));
  RETURN_IF_ERROR(need("kind", j.contains("kind") && j["kind"].is_string(), "a string"));
  RETURN_IF_ERROR(need("party", j.contains("party") && j["party"].is_string(), "a string"));
  RETURN_IF_ERROR(need("time", j.contains("time") && j["time"].is_string(), "a string"));
  RETURN_IF_ERROR(need("body", j.contains("body") && j["body"].is_object(), "an object"));
  Record r;
  if (j["v"].get<int64_t>() != kRecordVersion) {
    return InvalidArgument("record version " + j["v"].dump() + " is not supported (expected 1)");
  }
  r.kind = j["kind"].get<std::string>();
  r.party = j["party"].get<std::string>();
  r.time = j["time"].get<std::string>();
  RETURN_IF_ERROR(ValidateIdentifier("kind", r.kind));
  RETURN_IF_ERROR(ValidateIdentifier("party", r.party));
  ASSIGN_OR_RETURN(r.time_micros, ParseRfc3339(r.time));
  r.body = std::move(j["body"]);
  if (j.contains("refs")) {
    const Json& refs = j["refs"];
    if (!refs.is_array()) return InvalidArgument("record field \"refs\" must be an array");
    if (refs.size() > 1000) return InvalidArgument("record has more than 1000 refs");
    for (size_t i = 0; i < refs.size(); ++i) {
      const Json& ref = refs[i];
      std::string where = "refs[" + std::to_string(i) + "]";
      if (!ref.is_object()) return InvalidArgument(where + " must be an object");
      for (auto& [key, _] : ref.items()) {
        if (key != "rel" && key != "index") {
          return InvalidArgument(where + " has unknown field \"" + key + "\"");
        }
      }
      if (!ref.contains("rel") || !ref["rel"].is_string()) {
        return InvalidArgument(where + ".rel must be a string");
      }
      if (!ref.contains("index") || !ref["index"].is_number_unsigned()) {
        return InvalidArgument(where + ".index must be a non-negative integer");
      }
      RecordRef rr{ref["rel"].get<std::string>(), ref["index"].get<uint64_t>()};
      RETURN_IF_ERROR(ValidateIdentifier(where + ".rel", rr.rel));
      r.refs.push_back(std::move(rr));
    }
  }
  return r;
}

std::string SerializeRecord(const Record& r) {
  // ordered_json keeps insertion order, so the canonical field order survives serialization.
  nlohmann::ordered_json j;
  j["v"] = r.v;
  j["kind"] = r.kind;
  j["party"] = r.party;
  j["time"] = r.time;
  j["body"] = nlohmann::ordered_json::parse(r.body.dump());
  if (!r.refs.empty()) {
    auto refs = nlohmann::ordered_json::array();
    for (const auto& ref : r.refs) {
      nlohmann::ordered_json o;
      o["rel"] = ref.rel;
      o["index"] = ref.index;
      refs.push_back(std::move(o));
    }
    j["refs"] = std::move(refs);
  }
  return j.dump();
}

Hash ComputeCommitment(std::string_view salt, std::string_view record) {
  return Sha256Concat(salt, record);
}

std::string RecordSigningMessage(const Hash& commitment) {
  std::string m(kRecordSignaturePrefix);
  m.append(AsBytes(commitment));
  return m;
}

std::string Leaf::Serialize() const {
  std::string out;
  out.reserve(128);
  out.append(AsBytes(key_hash));
  out.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  out.append(AsBytes(commitment));
  return out;
}

Result<Leaf> ParseLeaf(std::string_view bytes) {
  if (bytes.size() != 128) {
    return InvalidArgument("leaf is " + std::to_string(bytes.size()) + " bytes, not 128");
  }
  Leaf l;
  std::memcpy(l.key_hash.data(), bytes.data(), 32);
  std::memcpy(l.sig.data(), bytes.data() + 32, 64);
  std::memcpy(l.commitment.data(), bytes.data() + 96, 32);
  return l;
}

std::string RandomSalt() {
  std::string salt(kSaltSize, '\0');
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

Submission SignRecord(std::string record, const SigningKey& key) {
  Submission s;
  s.salt = RandomSalt();
  s.sig = key.Sign(RecordSigningMessage(ComputeCommitment(s.salt, record)));
  s.record = std::move(record);
  s.pub = key.verifier().pub;
  return s;
}

}  // namespace jirga
