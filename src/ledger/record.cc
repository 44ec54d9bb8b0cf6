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
  if (j["v"].get<int64_t>() != kRecordVersion) {
    return InvalidArgument("record version " + j["v"].dump() + " is not supported (expected 1)");
  }
  static const Json kNoRefs;
  return MakeRecord(j["kind"].get<std::string>(), j["party"].get<std::string>(),
                    j["time"].get<std::string>(), std::move(j["body"]),
                    j.contains("refs") ? j["refs"] : kNoRefs);
}

Result<Record> MakeRecord(std::string kind, std::string party, std::string time, Json body,
                          const Json& refs) {
  Record r;
  r.kind = std::move(kind);
  r.party = std::move(party);
  r.time = std::move(time);
  RETURN_IF_ERROR(ValidateIdentifier("kind", r.kind));
  RETURN_IF_ERROR(ValidateIdentifier("party", r.party));
  ASSIGN_OR_RETURN(r.time_micros, ParseRfc3339(r.time));
  if (!body.is_object()) {
    return InvalidArgument("record field \"body\" must be an object, not " +
                           std::string(JsonTypeName(body)));
  }
  r.body = std::move(body);
  if (!refs.is_null()) {
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
  // Written directly rather than through an ordered_json copy: the envelope's field order is
  // fixed, and the body is nlohmann's compact dump (object keys sorted).
  auto str = [](const std::string& v) { return Json(v).dump(); };
  std::string out;
  std::string body = r.body.dump();
  out.reserve(body.size() + r.kind.size() + r.party.size() + r.time.size() + 64 +
              r.refs.size() * 40);
  out.append("{\"v\":").append(std::to_string(r.v));
  out.append(",\"kind\":").append(str(r.kind));
  out.append(",\"party\":").append(str(r.party));
  out.append(",\"time\":").append(str(r.time));
  out.append(",\"body\":").append(body);
  if (!r.refs.empty()) {
    out.append(",\"refs\":[");
    for (size_t i = 0; i < r.refs.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.append("{\"rel\":").append(str(r.refs[i].rel));
      out.append(",\"index\":").append(std::to_string(r.refs[i].index)).append("}");
    }
    out.push_back(']');
  }
  out.push_back('}');
  return out;
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
