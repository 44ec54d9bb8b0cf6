// The local side of imports and exports: appending to a Log in this process, finding imported
// ids in the monitor view, and reading incidents' current content by scanning the stored records.
//
// The scan rule (docs/import-formats.md "Current content"), in index order:
//   - an `incident` is current with its own body; the first incident carrying import
//     {dataset, id} is the one the importer refers to for that (dataset, id);
//   - a `response` with action "supersede" from the incident's own party replaces the content of
//     incident `to` with its `incident` body; "retract" from that party removes the incident;
//     responses from anyone else change nothing here (they are claims, read by the monitor view);
//   - a redacted incident or response is skipped: its content is gone, it counts as never made.
//
// Thread safety: none; one import or export at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "base/json.h"
#include "ledger/log.h"
#include "monitor/importer.h"
#include "views/view_set.h"

namespace jirga {

// Appends batches to a local Log (which must be writable); signatures are checked and bodies
// prepared on `threads` threads. Each batch is one group: it stops at its first refusal.
class LogImportSink : public ImportSink {
 public:
  LogImportSink(Log& log, int threads) : log_(log), threads_(threads < 1 ? 1 : threads) {}
  Result<std::vector<uint64_t>> Append(std::vector<SignedImport> batch) override;

 private:
  Log& log_;
  int threads_;
};

// ImportLookup over the monitor view (monitor_query.h FindImportedBatch): each Find catches the
// view up with the log first, so the rows appended by the previous batch are seen.
class ViewImportLookup : public ImportLookup {
 public:
  explicit ViewImportLookup(ViewSet& views) : views_(views) {}
  Result<std::map<std::string, ImportedVersion>> Find(
      std::string_view dataset, const std::vector<std::string>& ids) override;

 private:
  ViewSet& views_;
};

// One incident as it currently reads.
struct CurrentIncident {
  uint64_t index = 0;   // the incident record
  std::string party;    // who reported it
  std::string time;     // its record time
  Json body;            // its current content (the latest supersede's, or its own)
};

// Calls `fn` for every incident that is not retracted, in index order, with its current content
// (the rule above). Keeps only the responses' targets in memory, not the incidents.
Status ScanCurrentIncidents(Store& store, const std::function<Status(const CurrentIncident&)>& fn);

}  // namespace jirga
