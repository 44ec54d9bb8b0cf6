// ViewSet: the views of one log, their database and their catch-up.
//
//   auto views = OpenViews(store, ViewDbPathFor(store_location));   // every view of the build
//   RETURN_IF_ERROR(views->Read([&](ViewDb& db) { ... query ... }));  // catches up first
//
// Bookkeeping lives in the view database itself:
//   _views(name TEXT PRIMARY KEY, version INTEGER, cursor INTEGER)   cursor = next index to apply
//   _meta(key TEXT PRIMARY KEY, value TEXT)                           "log": log vkey + genesis leaf hash
// A view database whose origin is not the store's, or whose cursor is past the store's size (the
// store was replaced), is rebuilt from scratch.
//
// Ownership: borrows the Store (must outlive the ViewSet); owns the ViewDb and the views.
// Thread safety: every public method is thread-safe; they serialize on one mutex (a query holds
// it while it runs, so catch-up and queries never interleave). Several processes may share one
// view file: each batch re-reads the cursor under SQLite's write lock.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"
#include "store/view_db.h"
#include "views/view.h"

namespace jirga {

struct ViewStatus {
  std::string name;
  int version = 0;         // the code's schema version
  uint64_t cursor = 0;     // next index to apply
  uint64_t log_size = 0;
};

class ViewSet {
 public:
  // Records applied per transaction during catch-up.
  static constexpr uint64_t kBatch = 20000;

  ViewSet(Store& store, std::unique_ptr<ViewDb> db);
  ~ViewSet();

  // Adds a view (before the first use). AlreadyExists for a second view of the same name.
  Status Add(std::unique_ptr<View> view);

  // Applies every record not yet applied, for every view. IOError/Corruption from the store or
  // the database; on failure the views keep what committed batches gave them.
  Status CatchUp();
  // Drops the tables of `name` (every view when empty), recreates them and replays the log.
  // NotFound for an unknown view name.
  Status Rebuild(const std::string& name = "");
  Result<std::vector<ViewStatus>> Statuses();
  // A canonical text dump of a view's tables: each table's name, then its rows sorted by every
  // column, one line each with values in a fixed format. Equal dumps = equal tables. Catches up
  // first. NotFound for an unknown view.
  Result<std::string> Dump(const std::string& name);

  // Catches up, then runs `fn` on the database with the lock held (queries).
  Status Read(const std::function<Status(ViewDb&)>& fn);
  // The same without catching up first (for a caller that just did, or that only needs what is
  // already applied — the importer's lookups during a long import).
  Status ReadAsIs(const std::function<Status(ViewDb&)>& fn);

  // The view named `name`, or nullptr.
  View* Find(const std::string& name);

 private:
  Status EnsureOpenLocked();
  Status CatchUpLocked();
  Status CatchUpOrReset();
  Status RebuildLocked(View& view);
  Result<uint64_t> CursorLocked(const View& view);
  // Whether a `redaction` at or past the view's cursor (and before `size`) erased a record of
  // one of `kinds` that the view already applied intact (below its cursor).
  Result<bool> RedactedSinceAppliedLocked(const View& view, const std::set<std::string>& kinds,
                                          uint64_t size);

  Store& store_;
  std::unique_ptr<ViewDb> db_;
  std::vector<std::unique_ptr<View>> views_;
  std::mutex mu_;
  bool open_ = false;
};

// "<store>.views" for a file store location.
std::string ViewDbPathFor(const std::string& store_location);

// A ViewSet with every view compiled into this build (monitor, exchange), over the view database
// at `db_path` (":memory:" for a memory store). Opens and, if needed, rebuilds; does not catch
// up (the first Read does).
Result<std::unique_ptr<ViewSet>> OpenViews(Store& store, const std::string& db_path);

}  // namespace jirga
