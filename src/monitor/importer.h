// The dataset importer: a CSV file of ACLED or UCDP GED rows → signed `incident` records (and
// `response` records of action "supersede" for rows that changed), atomically and idempotently.
//
//   pass 1  streams the whole file: every row is mapped (row_mapper.h), its incident body checked
//           by the kind's own validation, its time checked against the clock. The first invalid
//           row stops the import with "line N: <what>" before anything is written; with
//           skip_invalid each invalid row is reported (on_skip) and left out instead.
//   pass 2  streams the file again in batches: for each batch the ids are looked up
//           (ImportLookup); a row whose (dataset, id) is new becomes an incident; a known one
//           with a newer version becomes a supersede response to the known incident, carrying the
//           new content; a known one with the same or an older version is left alone. The
//           records are signed and appended (ImportSink), each batch durable before the next.
// Neither pass keeps more than one batch of rows in memory.
//
// Determinism: a row's record is a fixed function of the row and the key — the record time
// comes from the row (ImportedRow::time_micros), and the salt is
// HMAC-SHA-256(key seed, "jirga/v1/import-salt" 0 kind 0 dataset 0 id 0 version 0 to) — so a
// row sent twice (an interrupted import run again, two importers racing) is the same signed
// submission, which the ledger answers as a duplicate instead of appending it again.
//
// Thread safety: one import runs on one thread; the interfaces' implementations need not be
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/kinds.h"
#include "ledger/record.h"
#include "monitor/row_mapper.h"

namespace jirga {

struct ImportedVersion {
  uint64_t index = 0;   // the incident record first imported for the id
  std::string version;  // the version of its current content (after supersedes)
};

// Answers which ids of a dataset are already in the log (monitor-schema.md "Imports").
class ImportLookup {
 public:
  virtual ~ImportLookup() = default;
  // The ids of `ids` (at most 1000) already imported from `dataset`; absent ids are left out.
  virtual Result<std::map<std::string, ImportedVersion>> Find(
      std::string_view dataset, const std::vector<std::string>& ids) = 0;
  // Told after each durable batch what it made current for each id (a lookup that follows the
  // log by itself may ignore it).
  virtual void Noted(std::string_view dataset, const std::string& id, ImportedVersion v) {
    (void)dataset, (void)id, (void)v;
  }
};

// A signed record ready to append, and where it came from ("line 12").
struct SignedImport {
  Submission submission;
  Record record;
  std::string where;
};

// Appends signed records.
class ImportSink {
 public:
  virtual ~ImportSink() = default;
  // Appends `batch` in order and returns each record's index once all are durable; a record
  // the log already holds counts with its existing index. On error, the records before the
  // failing one may have been appended; the error names the failing record's `where`.
  virtual Result<std::vector<uint64_t>> Append(std::vector<SignedImport> batch) = 0;
};

struct ImportOptions {
  bool skip_invalid = false;
  size_t batch_rows = 1000;
  // Validates the bodies in pass 1 (the kinds "incident" and "response"; when a kind is not
  // registered its bodies are checked by the mapper only).
  const KindRegistry* kinds = nullptr;
  Clock* clock = SystemClock();
  // A row whose record time is further in the future than this is invalid (the log would
  // refuse it).
  int64_t max_future_skew_micros = 10LL * 60 * 1000000;
  CsvOptions csv;
};

struct SkippedRow {
  uint64_t line = 0;
  std::string reason;
};

struct ImportSummary {
  uint64_t rows = 0;        // data rows read
  uint64_t imported = 0;    // new incidents appended
  uint64_t unchanged = 0;   // already in the log at the same or a newer version
  uint64_t superseded = 0;  // supersede responses appended
  uint64_t skipped = 0;     // invalid rows left out (skip_invalid)
};

// Runs both passes over the file at `path` (a regular file: it is read twice). `party` is the
// submitting party, `key` its registered key. Errors: InvalidArgument "line N: ..." for the first
// invalid row (nothing appended); NotFound/IOError for the file; whatever the lookup or the sink
// return in pass 2 (then the batches before were appended: running the import again completes
// it, see Determinism).
Result<ImportSummary> RunImport(const std::string& path, RowMapper& mapper, ImportLookup& lookup,
                                ImportSink& sink, const std::string& party, const SigningKey& key,
                                const ImportOptions& options,
                                const std::function<void(const SkippedRow&)>& on_skip);

// The deterministic salt of a row's record (see Determinism above).
std::string ImportSalt(const SigningKey& key, std::string_view kind, std::string_view dataset,
                       std::string_view id, std::string_view version, uint64_t to);

// The record for an incident (kind "incident") or a supersede (kind "response" replacing
// incident `to` with `row`'s content), signed by `key` for `party`.
Result<SignedImport> SignImportedRow(const ImportedRow& row, std::string_view dataset,
                                     std::optional<ImportedVersion> supersedes,
                                     const std::string& party, const SigningKey& key);

}  // namespace jirga
