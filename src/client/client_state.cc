// The client state file: strict loading (every stored checkpoint re-verified), atomic saving,
// and the lock that keeps two jirga processes from interleaving their updates.
#include "client/client_state.h"

#include <chrono>
#include <thread>

#include "base/encoding.h"
#include "base/json.h"
#include "ledger/note.h"

namespace jirga::client {
namespace {

Status Bad(std::string_view where, const std::string& why) {
  return FailedPrecondition(
      "client state file " + std::string(where) + ": " + why +
      " — it was not written by this version of jirga, or it was changed. Repair or restore it; "
      "do not just delete it: it holds the last checkpoint verified for each log, which is what "
      "lets jirga notice a server that rolls back or forks its log");
}

Status OnlyMembers(const Json& obj, std::initializer_list<std::string_view> allowed,
                   std::string_view where, const std::string& what) {
  for (const auto& item : obj.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || item.key() == a;
    if (!known) return Bad(where, what + " has an unknown member \"" + item.key() + "\"");
  }
  return Status::Ok();
}

Result<TrustedCheckpoint> ParseCheckpointEntry(const Json& j, const VerifierKey& vkey,
                                               std::string_view where, const std::string& what) {
  if (!j.is_object()) return Bad(where, what + " must be an object");
  RETURN_IF_ERROR(OnlyMembers(j, {"size", "root", "note"}, where, what));
  auto size = j.find("size");
  auto root = j.find("root");
  auto note = j.find("note");
  if (size == j.end() || !size->is_number_unsigned()) {
    return Bad(where, what + ".size must be a non-negative integer");
  }
  if (root == j.end() || !root->is_string()) return Bad(where, what + ".root must be a string");
  if (note == j.end() || !note->is_string()) return Bad(where, what + ".note must be a string");
  TrustedCheckpoint cp;
  cp.size = size->get<uint64_t>();
  cp.note = note->get<std::string>();
  auto root_bytes = Base64Decode(root->get<std::string>());
  if (!root_bytes.ok() || root_bytes->size() != cp.root.size()) {
    return Bad(where, what + ".root must be 32 bytes of base64");
  }
  std::copy(root_bytes->begin(), root_bytes->end(), cp.root.begin());
  // The note is the evidence; size and root are a readable copy. They must agree, and the note
  // must still carry the log's signature.
  auto opened = OpenNote(cp.note, {vkey});
  if (!opened.ok()) {
    return Bad(where, what + ".note is not a checkpoint signed by the log's key (" +
                          opened.status().message() + ")");
  }
  auto parsed = ParseCheckpoint(opened->text);
  if (!parsed.ok()) return Bad(where, what + ".note: " + parsed.status().message());
  if (parsed->origin != vkey.name || parsed->size != cp.size || parsed->root != cp.root) {
    return Bad(where, what + ".note does not say the stored origin, size and root");
  }
  return cp;
}

}  // namespace

Result<ClientState> ClientState::Load(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return ClientState();
    return text.status().WithContext("client state file");
  }
  return Parse(*text, path);
}

Result<ClientState> ClientState::Parse(std::string_view text, std::string_view where) {
  InitCrypto();
  auto parsed = ParseJsonStrict(text);
  if (!parsed.ok()) return Bad(where, "not valid JSON (" + parsed.status().message() + ")");
  const Json& j = *parsed;
  if (!j.is_object()) return Bad(where, "not a JSON object");
  auto version = j.find("version");
  if (version == j.end()) return Bad(where, "no \"version\"");
  if (!version->is_number_integer() || *version != kClientStateVersion) {
    return Bad(where, "version " + version->dump() + " is not one this jirga understands (" +
                          std::to_string(kClientStateVersion) + ")");
  }
  RETURN_IF_ERROR(OnlyMembers(j, {"version", "logs"}, where, "the file"));
  auto logs = j.find("logs");
  if (logs == j.end() || !logs->is_object()) return Bad(where, "\"logs\" must be an object");
  ClientState state;
  for (const auto& [origin, entry] : logs->items()) {
    const std::string what = "logs[\"" + origin + "\"]";
    if (!entry.is_object()) return Bad(where, what + " must be an object");
    RETURN_IF_ERROR(OnlyMembers(entry, {"vkey", "checkpoint"}, where, what));
    auto vkey_text = entry.find("vkey");
    if (vkey_text == entry.end() || !vkey_text->is_string()) {
      return Bad(where, what + ".vkey must be a string");
    }
    auto vkey = ParseVkey(vkey_text->get<std::string>());
    if (!vkey.ok()) return Bad(where, what + ".vkey: " + vkey.status().message());
    if (vkey->name != origin) {
      return Bad(where, what + ".vkey is named \"" + vkey->name + "\", not after its origin");
    }
    KnownLog log;
    log.vkey = *vkey;
    if (auto cp = entry.find("checkpoint"); cp != entry.end()) {
      ASSIGN_OR_RETURN(log.checkpoint,
                       ParseCheckpointEntry(*cp, log.vkey, where, what + ".checkpoint"));
    }
    state.logs_[origin] = std::move(log);
  }
  return state;
}

std::string ClientState::Serialize() const {
  Json logs = Json::object();
  for (const auto& [origin, log] : logs_) {
    Json entry = {{"vkey", log.vkey.ToVkey()}};
    if (log.checkpoint) {
      entry["checkpoint"] = {{"size", log.checkpoint->size},
                             {"root", Base64Encode(AsBytes(log.checkpoint->root))},
                             {"note", log.checkpoint->note}};
    }
    logs[origin] = std::move(entry);
  }
  Json out = {{"version", kClientStateVersion}, {"logs", std::move(logs)}};
  return out.dump(2) + "\n";
}

Status ClientState::Save(const std::string& path) const {
  Status st = WriteFileAtomic(path, Serialize(), 0644);
  return st.ok() ? st : st.WithContext("writing the client state file");
}

const KnownLog* ClientState::Find(const std::string& origin) const {
  auto it = logs_.find(origin);
  return it == logs_.end() ? nullptr : &it->second;
}

void ClientState::Set(KnownLog log) {
  std::string origin = log.vkey.name;
  logs_[origin] = std::move(log);
}

Result<std::unique_ptr<FileLock>> LockStateFile(const std::string& path, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto lock = FileLock::TryAcquire(path + ".lock");
    if (lock.ok() || lock.status().code() != StatusCode::kFailedPrecondition) {
      if (!lock.ok()) return lock.status().WithContext("locking the client state file");
      return lock;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return FailedPrecondition("another jirga process has been using the client state file " +
                                path + " for " + std::to_string(timeout_ms / 1000) +
                                " s; try again when it is done");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace jirga::client
