// Views are projections of the log (DESIGN §4): each consumes some record kinds, keeps its own
// tables in the view database (store/view_db.h), is updated incrementally in index order and
// can be rebuilt from scratch with identical results.
//
// The ViewSet owns the views and the view database and is the only caller of a View: it applies
// records [cursor, log size) in index order, in batches, each batch in one transaction together
// with the view's cursor (the next index to apply), so the tables and the cursor never disagree
// after a crash. A view whose schema_version differs from the one its tables were built with is
// rebuilt: a new version of the code never reads tables an older one wrote.
//
// Determinism: Apply must depend only on the records given (their bytes, kind, party, index and
// receipt time) and the tables, never on the clock or the order of anything else, so that a
// rebuild gives byte-identical tables (checked by Dump in tests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ledger/record.h"
#include "store/store.h"
#include "store/view_db.h"

namespace jirga {

class View {
 public:
  virtual ~View() = default;

  virtual std::string_view name() const = 0;
  // Bump when the tables or the meaning of Apply change; a stored version that differs makes
  // the ViewSet rebuild this view.
  virtual int schema_version() const = 0;
  // The record kinds this view reads; the ViewSet skips the others.
  virtual std::vector<std::string> kinds() const = 0;
  // The view's tables (for Dump and for dropping them on rebuild).
  virtual std::vector<std::string> tables() const = 0;

  // Creates the tables (inside the ViewSet's transaction). The tables do not exist yet.
  virtual Status CreateTables(ViewDb& db) = 0;
  // Called after the tables exist and before the first Apply of this process, and after a
  // rebuild: prepare statements here. Statements must be released in Close.
  virtual Status Open(ViewDb& db) = 0;
  virtual void Close() = 0;
  // Applies one record of a consumed kind (inside a transaction). `record` is the parsed
  // envelope of `row.record`. A record the view cannot use (a body that no longer parses, a
  // response to something that is not an incident) is noted by the view itself and is not an
  // error; a non-OK status means the database failed and the batch is rolled back.
  virtual Status Apply(ViewDb& db, const StoredRecord& row, const Record& record) = 0;
  // Whether Apply needs the record of `kind` parsed; false: the ViewSet passes an empty Record
  // (kind and party set, no body) and skips parsing (a view that only needs the index).
  virtual bool NeedsBody(const std::string& /*kind*/) const { return true; }
  // Applies a record of a consumed kind whose content was erased by a `redaction` before the
  // view read it (`row.record` is empty; index, kind, party and receipt time remain). A view
  // that must give the same tables whether it saw the content first or not (rebuild ==
  // incremental) handles both this and the `redaction` record; the default skips the record.
  // A view that does not consume `redaction` records is rebuilt by the ViewSet when one erases
  // a record it already applied (so its tables always read as if the record had reached it
  // erased): only a view that undoes a redacted record's effects itself consumes them.
  virtual Status ApplyRedacted(ViewDb&, const StoredRecord&) { return Status::Ok(); }
  // Called before each batch commits: a view that buffers changes in memory writes them here.
  virtual Status Flush(ViewDb&) { return Status::Ok(); }
};

}  // namespace jirga
