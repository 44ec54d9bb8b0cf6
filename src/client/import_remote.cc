// The remote import sink and lookup of import_remote.h.
#include "client/import_remote.h"

#include <set>

namespace jirga::client {
namespace {

// As `jirga submit --server`: at most 1000 items and 1 MiB per request (the server's defaults).
constexpr size_t kBatchItems = 1000;
constexpr size_t kBatchBodyBytes = 1 << 20;

}  // namespace

Result<std::vector<uint64_t>> RemoteImportSink::Append(std::vector<SignedImport> batch) {
  std::vector<uint64_t> indexes;
  size_t begin = 0;
  while (begin < batch.size()) {
    std::vector<BatchItem> items;
    size_t bytes = 2;
    size_t end = begin;
    for (; end < batch.size() && items.size() < kBatchItems; ++end) {
      BatchItem item = MakeBatchItem(batch[end].submission, vkey_);
      if (!items.empty() && bytes + 1 + item.json.size() >= kBatchBodyBytes) break;
      bytes += 1 + item.json.size();
      items.push_back(std::move(item));
    }
    auto sent = server_.SubmitBatch(items);
    if (!sent.ok()) {
      if (sent.status().code() == StatusCode::kCorruption) return sent.status();
      return sent.status().WithContext(batch[begin].where + " to " + batch[end - 1].where);
    }
    Status refusal;
    size_t acked = 0;
    for (size_t i = 0; i < sent->size(); ++i) {
      if (!(*sent)[i].refusal.ok()) {
        refusal = (*sent)[i].refusal.WithContext(batch[begin + i].where);
        break;
      }
      ++acked;
    }
    if (acked > 0) {
      // Acknowledged means durable and covered by the latest checkpoint (http-api.md §4).
      RETURN_IF_ERROR(server_.Refresh().status());
      for (size_t i = 0; i < acked; ++i) {
        Status st = server_.CheckIncluded((*sent)[i].index, items[i].leaf);
        if (!st.ok()) return st.WithContext(batch[begin + i].where);
        indexes.push_back((*sent)[i].index);
      }
      RETURN_IF_ERROR(server_.SaveState());
    }
    if (!refusal.ok()) return refusal;
    begin = end;
  }
  return indexes;
}

Result<std::map<std::string, ImportedVersion>> ParseImportedAnswer(
    std::string_view answer, const std::vector<std::string>& ids) {
  auto bad = [](std::string what) {
    return Corruption("the answer to POST /v1/monitor/imported " + what);
  };
  auto j = ParseJsonStrict(answer);
  if (!j.ok()) return bad("is not JSON: " + j.status().message());
  if (!j->is_object() || !j->contains("found") || !(*j)["found"].is_object()) {
    return bad("has no \"found\" object");
  }
  const std::set<std::string> asked(ids.begin(), ids.end());
  std::map<std::string, ImportedVersion> out;
  for (auto& [id, v] : (*j)["found"].items()) {
    if (asked.count(id) == 0) return bad("names id \"" + id + "\", which was not asked for");
    if (!v.is_object() || !v.contains("index") || !v["index"].is_number_unsigned() ||
        !v.contains("version") || !v["version"].is_string()) {
      return bad("has a malformed entry for \"" + id + "\"");
    }
    out.emplace(id, ImportedVersion{v["index"].get<uint64_t>(), v["version"].get<std::string>()});
  }
  return out;
}

Result<std::map<std::string, ImportedVersion>> RemoteImportLookup::Find(
    std::string_view dataset, const std::vector<std::string>& ids) {
  const Json request = {{"dataset", std::string(dataset)}, {"ids", ids}};
  ASSIGN_OR_RETURN(std::string answer,
                   server_.Query("POST", "/v1/monitor/imported", request.dump()));
  auto found = ParseImportedAnswer(answer, ids);
  if (!found.ok()) return found.status().WithContext(server_.server());
  return found;
}

}  // namespace jirga::client
