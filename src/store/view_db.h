// ViewDb: the small SQL interface that views (projections of the log, src/views/) keep their
// tables behind. Only src/store/sqlite_* includes sqlite3.h; views see prepared statements with
// typed binds and columns, and explicit transactions.
//
// The view database is a separate SQLite file beside the store (`<store>.views`), or an
// in-memory database (":memory:") for memory stores and tests. It is derived data: deleting it
// loses nothing, `jirga views rebuild` recreates it from the log.
//
// Errors: IOError when SQLite fails (with its message), Corruption for a damaged file, Internal
// for SQL that does not prepare (a bug in the view).
//
// Thread safety: a ViewDb and its statements are used by one thread at a time (the ViewSet
// serializes all use behind its mutex). Statements must be destroyed before their ViewDb.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace jirga {

class ViewStatement {
 public:
  virtual ~ViewStatement() = default;
  // Binds (1-based). Errors are remembered and reported by the next Step.
  virtual ViewStatement& Int(int i, int64_t v) = 0;
  virtual ViewStatement& Double(int i, double v) = 0;
  virtual ViewStatement& Text(int i, std::string_view v) = 0;
  virtual ViewStatement& Null(int i) = 0;
  // True when a row is ready, false when done.
  virtual Result<bool> Step() = 0;
  // Steps a statement that returns no rows.
  Status Run();
  // Resets for re-use with new bindings (bindings are cleared).
  virtual void Reset() = 0;

  // Columns of the current row (0-based).
  virtual int ColumnCount() = 0;
  virtual bool IsNull(int col) = 0;
  virtual bool IsInt(int col) = 0;
  virtual bool IsDouble(int col) = 0;
  virtual int64_t ColumnInt(int col) = 0;
  virtual double ColumnDouble(int col) = 0;
  virtual std::string ColumnText(int col) = 0;
};

class ViewDb {
 public:
  virtual ~ViewDb() = default;
  // Runs parameterless SQL, possibly several statements (schema changes).
  virtual Status Exec(std::string_view sql) = 0;
  // A prepared statement; Internal naming the SQL when it does not prepare.
  virtual Result<std::unique_ptr<ViewStatement>> Prepare(std::string_view sql) = 0;
  // BEGIN IMMEDIATE (takes the write lock now, so what is read inside stays true until COMMIT).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  // Rolls back an open transaction; a no-op when none is open.
  virtual void Rollback() = 0;
};

// Opens (creating if needed) the view database at `path`, or an in-memory one for ":memory:".
// WAL journal and synchronous=NORMAL: views are rebuildable, so a lost last transaction after a
// power cut costs a catch-up, not data.
Result<std::unique_ptr<ViewDb>> OpenSqliteViewDb(const std::string& path);

}  // namespace jirga
