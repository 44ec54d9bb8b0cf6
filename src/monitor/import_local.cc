// The local import sink, the monitor-view ImportLookup and the current-content scan of
// import_local.h.
#include "monitor/import_local.h"

#include <atomic>
#include <optional>
#include <thread>

#include "monitor/monitor_query.h"

namespace jirga {
Result<std::vector<uint64_t>> LogImportSink::Append(std::vector<SignedImport> batch) {
  std::vector<std::optional<Result<Prepared>>> prepared(batch.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  const size_t n = std::min(batch.size(), static_cast<size_t>(threads_));
  for (size_t t = 0; t < n; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < batch.size(); i = next++) {
        prepared[i] = log_.Prepare(std::move(batch[i].submission), std::move(batch[i].record));
      }
    });
  }
  for (auto& th : pool) th.join();
  const uint64_t group = log_.NewGroup();
  std::vector<std::future<Result<Appended>>> futures;
  Status first;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!prepared[i]->ok()) {
      first = prepared[i]->status().WithContext(batch[i].where);
      break;
    }
    Prepared p = std::move(prepared[i]->value());
    p.group = group;
    futures.push_back(log_.Enqueue(std::move(p)));
  }
  std::vector<uint64_t> indexes;
  for (size_t i = 0; i < futures.size(); ++i) {
    Result<Appended> r = futures[i].get();
    if (!r.ok()) {
      if (first.ok()) first = r.status().WithContext(batch[i].where);
      continue;
    }
    indexes.push_back(r->index);
  }
  if (!first.ok()) return first;
  return indexes;
}

Result<std::map<std::string, ImportedVersion>> ViewImportLookup::Find(
    std::string_view dataset, const std::vector<std::string>& ids) {
  ASSIGN_OR_RETURN(auto found, FindImportedBatch(views_, std::string(dataset), ids));
  std::map<std::string, ImportedVersion> out;
  for (auto& [id, ref] : found) out.emplace(id, ImportedVersion{ref.index, std::move(ref.version)});
  return out;
}

Status ScanCurrentIncidents(Store& store,
                            const std::function<Status(const CurrentIncident&)>& fn) {
  // Pass 1: the responses that change an incident's content, by target, with the party that
  // sent them (only superseding content is kept in memory, not the incidents).
  struct Change {
    bool retract = false;
    std::string party;
    Json incident;  // the replacing content (supersede)
  };
  std::map<uint64_t, std::vector<Change>> changes;
  Status inner;
  RETURN_IF_ERROR(store.ScanRecords({"response", "", 0, UINT64_MAX}, [&](const StoredRecord& r) {
    if (r.redacted_by != 0) return true;  // erased: changes nothing
    auto rec = ParseRecord(r.record);
    if (!rec.ok()) {
      inner = rec.status().WithContext("record " + std::to_string(r.index));
      return false;
    }
    auto action = rec->body.find("action");
    auto to = rec->body.find("to");
    if (action == rec->body.end() || to == rec->body.end() || !to->is_number_unsigned()) {
      return true;
    }
    auto inc = rec->body.find("incident");
    if (*action == "supersede" && inc != rec->body.end() && inc->is_object()) {
      changes[to->get<uint64_t>()].push_back({false, rec->party, std::move(*inc)});
    } else if (*action == "retract") {
      changes[to->get<uint64_t>()].push_back({true, rec->party, Json()});
    }
    return true;
  }));
  RETURN_IF_ERROR(inner);
  // Pass 2: the incidents, with the changes made by their own party applied in order.
  RETURN_IF_ERROR(store.ScanRecords({"incident", "", 0, UINT64_MAX}, [&](const StoredRecord& r) {
    if (r.redacted_by != 0) return true;  // erased: not an incident any more
    auto rec = ParseRecord(r.record);
    if (!rec.ok()) {
      inner = rec.status().WithContext("record " + std::to_string(r.index));
      return false;
    }
    CurrentIncident cur{r.index, rec->party, rec->time, std::move(rec->body)};
    if (auto it = changes.find(r.index); it != changes.end()) {
      const Json* latest = nullptr;
      for (const Change& c : it->second) {
        if (c.party != cur.party) continue;
        if (c.retract) return true;  // retracted: left out
        latest = &c.incident;
      }
      if (latest != nullptr) cur.body = *latest;
    }
    inner = fn(cur);
    return inner.ok();
  }));
  return inner;
}

}  // namespace jirga
