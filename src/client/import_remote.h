// The --server side of `jirga import`: appending signed rows to a jirga server in batches
// (POST /v1/records:batch, each acknowledgement proved included like `jirga submit --server`),
// and asking the server's monitor view which ids are already imported
// (POST /v1/monitor/imported, docs/http-api.md).
//
// Ownership: both borrow the RemoteLog, which must outlive them. Not thread-safe.
#pragma once

#include "client/remote_log.h"
#include "monitor/importer.h"

namespace jirga::client {

class RemoteImportSink : public ImportSink {
 public:
  // `signer_vkey`: the vkey of the key the records are signed with.
  RemoteImportSink(RemoteLog& server, std::string signer_vkey)
      : server_(server), vkey_(std::move(signer_vkey)) {}
  // Sends the batch (split to stay under 1000 items and 1 MiB per request), checks every
  // acknowledgement's inclusion proof, and saves the client state after each request.
  Result<std::vector<uint64_t>> Append(std::vector<SignedImport> batch) override;

 private:
  RemoteLog& server_;
  std::string vkey_;
};

// The server's answer is not verifiable (a view, not log content). A lying server can at worst
// make the importer skip rows (claiming them present) or re-send them (which the log answers as
// duplicates, the records being deterministic).
class RemoteImportLookup : public ImportLookup {
 public:
  explicit RemoteImportLookup(RemoteLog& server) : server_(server) {}
  Result<std::map<std::string, ImportedVersion>> Find(
      std::string_view dataset, const std::vector<std::string>& ids) override;

 private:
  RemoteLog& server_;
};

// Parses {"found": {"ID": {"index": n, "version": "v"}, ...}}, keeping only ids asked for.
// Corruption naming the problem for anything else.
Result<std::map<std::string, ImportedVersion>> ParseImportedAnswer(
    std::string_view answer, const std::vector<std::string>& ids);

}  // namespace jirga::client
