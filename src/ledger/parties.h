// Parties and their keys: the projection of `party` records that decides who may append what.
//
// The log's first record (index 0, the genesis) registers the operator, signed by the operator's
// own key; every later `party` record is submitted by a party whose kinds include "party" (the
// operator by default). A later record for an existing id replaces that party's name, role, keys
// and kinds (key rotation stays visible in the log); only the operator may re-register an existing
// party, itself included, and nobody else may take the operator role. A key can belong to one
// party only.
//
// PartyRegistry is a value: copy it to try a batch and keep or drop the copy. Not thread-safe;
// callers synchronise (the Log guards its registry with a mutex).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/hash.h"
#include "ledger/kinds.h"

namespace jirga {

struct PartyInfo {
  std::string id;
  std::string name;
  Role role = Role::kObserver;
  std::vector<VerifierKey> keys;
  std::set<std::string> kinds;
  uint64_t registered_at = 0;  // index of the party record that set this state
};

// Checks a `party` record body against the schema and the kind registry:
// {"id", "name", "role", "vkeys": [...], "kinds": [...]}.
Result<PartyInfo> ParsePartyBody(const Json& body, const KindRegistry& kinds);

class PartyRegistry {
 public:
  const PartyInfo* Find(const std::string& id) const;
  const PartyInfo* FindByKeyHash(const Hash& key_hash) const;
  // The public key behind a leaf's key hash, or nullptr.
  const VerifierKey* KeyByHash(const Hash& key_hash) const;
  const std::map<std::string, PartyInfo>& parties() const { return parties_; }
  // [{"id","name","role","vkeys","kinds","registered_at"}...] in id order, as `jirga party list`
  // and GET /v1/parties show it.
  Json ToJson() const;
  bool empty() const { return parties_.empty(); }

  // Whether the key with `key_hash` may sign a record of `kind` claiming to be from `party`.
  // Unauthorized with the reason otherwise.
  Status CheckAllowed(const Hash& key_hash, const std::string& party, const std::string& kind) const;

  // Applies a `party` record appended at `index` and submitted by party `submitter`. Unauthorized
  // if a key already belongs to another party, if anyone but the operator re-registers an
  // existing party, or if the operator role is claimed by anyone but the operator.
  Status Apply(const PartyInfo& info, uint64_t index, const std::string& submitter);
  // The operator's id ("" before the genesis record).
  const std::string& operator_id() const { return operator_id_; }

 private:
  std::map<std::string, PartyInfo> parties_;
  std::map<Hash, std::string> key_owner_;  // SHA-256(pub) -> party id
  std::string operator_id_;
};

}  // namespace jirga
