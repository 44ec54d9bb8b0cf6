// The party registry: parsing `party` bodies and deciding which key may submit which kind.
#include "ledger/parties.h"

#include "ledger/record.h"

namespace jirga {

Result<PartyInfo> ParsePartyBody(const Json& body, const KindRegistry& kinds) {
  BodyChecker c(body);
  RETURN_IF_ERROR(c.OnlyFields({"id", "name", "role", "vkeys", "kinds"}));
  RETURN_IF_ERROR(c.String("id", true, 1, 64));
  RETURN_IF_ERROR(c.String("name", true, 1, 200));
  RETURN_IF_ERROR(c.String("role", true, 1, 32));
  RETURN_IF_ERROR(c.StringArray("vkeys", true, 1, 16));
  RETURN_IF_ERROR(c.StringArray("kinds", true, 0, 256));
  PartyInfo p;
  p.id = body["id"].get<std::string>();
  RETURN_IF_ERROR(ValidateIdentifier("body.id", p.id));
  p.name = body["name"].get<std::string>();
  ASSIGN_OR_RETURN(p.role, ParseRole(body["role"].get<std::string>(), /*allow_operator=*/true));
  std::set<Hash> seen;
  for (const auto& v : body["vkeys"]) {
    auto key = ParseVkey(v.get<std::string>());
    if (!key.ok()) return key.status().WithContext("body.vkeys");
    if (!seen.insert(key->PubHash()).second) {
      return InvalidArgument("body.vkeys lists the same key twice");
    }
    p.keys.push_back(*key);
  }
  for (const auto& k : body["kinds"]) {
    const std::string& name = k.get_ref<const std::string&>();
    if (kinds.Find(name) == nullptr) {
      return InvalidArgument("body.kinds names unknown record kind \"" + name + "\"");
    }
    if (!p.kinds.insert(name).second) {
      return InvalidArgument("body.kinds lists \"" + name + "\" twice");
    }
  }
  return p;
}

Json PartyRegistry::ToJson() const {
  Json out = Json::array();
  for (const auto& [id, p] : parties_) {
    Json keys = Json::array();
    for (const auto& k : p.keys) keys.push_back(k.ToVkey());
    out.push_back({{"id", id},
                   {"name", p.name},
                   {"role", RoleName(p.role)},
                   {"vkeys", keys},
                   {"kinds", p.kinds},
                   {"registered_at", p.registered_at}});
  }
  return out;
}

const PartyInfo* PartyRegistry::Find(const std::string& id) const {
  auto it = parties_.find(id);
  return it == parties_.end() ? nullptr : &it->second;
}

const PartyInfo* PartyRegistry::FindByKeyHash(const Hash& key_hash) const {
  auto it = key_owner_.find(key_hash);
  return it == key_owner_.end() ? nullptr : Find(it->second);
}

const VerifierKey* PartyRegistry::KeyByHash(const Hash& key_hash) const {
  const PartyInfo* p = FindByKeyHash(key_hash);
  if (p == nullptr) return nullptr;
  for (const auto& k : p->keys) {
    if (k.PubHash() == key_hash) return &k;
  }
  return nullptr;
}

Status PartyRegistry::CheckAllowed(const Hash& key_hash, const std::string& party,
                                   const std::string& kind) const {
  const PartyInfo* owner = FindByKeyHash(key_hash);
  if (owner == nullptr) return Unauthorized("the signing key is not registered to any party");
  if (owner->id != party) {
    return Unauthorized("the signing key belongs to party \"" + owner->id +
                        "\", but the record claims party \"" + party + "\"");
  }
  if (!owner->kinds.count(kind)) {
    return Unauthorized("party \"" + party + "\" is not allowed to submit \"" + kind + "\" records");
  }
  return Status::Ok();
}

Status PartyRegistry::Apply(const PartyInfo& info, uint64_t index, const std::string& submitter) {
  bool genesis = parties_.empty();
  const PartyInfo* existing = Find(info.id);
  if (genesis) {
    if (info.role != Role::kOperator || submitter != info.id) {
      return Unauthorized("the first record must be the operator registering itself");
    }
  } else {
    if (info.role == Role::kOperator && info.id != operator_id_) {
      return Unauthorized("only the operator party \"" + operator_id_ + "\" has the operator role");
    }
    if (info.id == operator_id_ && info.role != Role::kOperator) {
      return Unauthorized("the operator party cannot take another role");
    }
    if (existing != nullptr && submitter != operator_id_) {
      return Unauthorized("only the operator may re-register the existing party \"" + info.id +
                          "\"");
    }
  }
  for (const auto& k : info.keys) {
    auto it = key_owner_.find(k.PubHash());
    if (it != key_owner_.end() && it->second != info.id) {
      return Unauthorized("key " + k.ToVkey() + " already belongs to party \"" + it->second + "\"");
    }
  }
  if (existing != nullptr) {
    for (const auto& k : existing->keys) key_owner_.erase(k.PubHash());
  }
  for (const auto& k : info.keys) key_owner_[k.PubHash()] = info.id;
  if (genesis) operator_id_ = info.id;
  PartyInfo stored = info;
  stored.registered_at = index;
  parties_[info.id] = std::move(stored);
  return Status::Ok();
}

}  // namespace jirga
