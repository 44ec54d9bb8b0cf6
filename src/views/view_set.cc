// The ViewSet: view bookkeeping, catch-up in index order, rebuilds and canonical dumps.
#include "views/view_set.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "ledger/redaction.h"

namespace jirga {
namespace {

// The identity of the log a view database was built from: its log verifier key and the hash of
// its genesis leaf (two logs may share a key, never a genesis leaf: its salt is random).
Result<std::string> LogIdentity(Store& store) {
  ASSIGN_OR_RETURN(std::string vkey, store.GetMeta("log_vkey"));
  ASSIGN_OR_RETURN(std::string leaf0, store.GetLeaf(0));
  return vkey + " " + HashHex(LeafHash(leaf0));
}

// Runs `fn` in a transaction: commits when it returns OK, rolls back otherwise.
Status InTransaction(ViewDb& db, const std::function<Status()>& fn) {
  RETURN_IF_ERROR(db.Begin());
  Status st = fn();
  if (st.ok()) st = db.Commit();
  if (!st.ok()) db.Rollback();
  return st;
}

// Formats a double so that equal values print equally and distinct ones differently.
std::string CanonicalDouble(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

}  // namespace

ViewSet::ViewSet(Store& store, std::unique_ptr<ViewDb> db) : store_(store), db_(std::move(db)) {}

ViewSet::~ViewSet() {
  for (auto& v : views_) v->Close();
}

Status ViewSet::Add(std::unique_ptr<View> view) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& v : views_) {
    if (v->name() == view->name()) {
      return AlreadyExists("view \"" + std::string(view->name()) + "\" is already added");
    }
  }
  views_.push_back(std::move(view));
  open_ = false;
  return Status::Ok();
}

View* ViewSet::Find(const std::string& name) {
  for (auto& v : views_) {
    if (v->name() == name) return v.get();
  }
  return nullptr;
}

Result<uint64_t> ViewSet::CursorLocked(const View& view) {
  ASSIGN_OR_RETURN(auto st, db_->Prepare("SELECT cursor FROM _views WHERE name = ?1"));
  st->Text(1, view.name());
  ASSIGN_OR_RETURN(bool row, st->Step());
  uint64_t cursor = row ? static_cast<uint64_t>(st->ColumnInt(0)) : 0;
  st->Reset();
  return cursor;
}

Status ViewSet::RebuildLocked(View& view) {
  view.Close();
  RETURN_IF_ERROR(InTransaction(*db_, [&]() -> Status {
    for (const std::string& t : view.tables()) {
      RETURN_IF_ERROR(db_->Exec("DROP TABLE IF EXISTS " + t));
    }
    RETURN_IF_ERROR(view.CreateTables(*db_));
    ASSIGN_OR_RETURN(auto st, db_->Prepare(
                                  "INSERT OR REPLACE INTO _views(name, version, cursor) "
                                  "VALUES (?1, ?2, 0)"));
    st->Text(1, view.name()).Int(2, view.schema_version());
    return st->Run();
  }));
  return view.Open(*db_);
}

Status ViewSet::EnsureOpenLocked() {
  if (open_) return Status::Ok();
  ASSIGN_OR_RETURN(std::string identity, LogIdentity(store_));
  ASSIGN_OR_RETURN(uint64_t size, store_.Size());
  std::vector<View*> to_rebuild;
  RETURN_IF_ERROR(InTransaction(*db_, [&]() -> Status {
    RETURN_IF_ERROR(db_->Exec(
        "CREATE TABLE IF NOT EXISTS _views(name TEXT PRIMARY KEY, version INTEGER NOT NULL, "
        "cursor INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS _meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"));
    ASSIGN_OR_RETURN(auto get, db_->Prepare("SELECT value FROM _meta WHERE key = 'log'"));
    ASSIGN_OR_RETURN(bool row, get->Step());
    std::string stored = row ? get->ColumnText(0) : std::string();
    get->Reset();
    bool other_log = stored != identity;
    if (other_log) {
      // Another log's tables (or none yet): every view starts again.
      ASSIGN_OR_RETURN(auto put, db_->Prepare(
                                     "INSERT OR REPLACE INTO _meta(key, value) VALUES ('log', ?1)"));
      put->Text(1, identity);
      RETURN_IF_ERROR(put->Run());
      RETURN_IF_ERROR(db_->Exec("DELETE FROM _views"));
    }
    for (auto& v : views_) {
      ASSIGN_OR_RETURN(auto st,
                       db_->Prepare("SELECT version, cursor FROM _views WHERE name = ?1"));
      st->Text(1, v->name());
      ASSIGN_OR_RETURN(bool found, st->Step());
      bool stale = !found || st->ColumnInt(0) != v->schema_version() ||
                   static_cast<uint64_t>(st->ColumnInt(1)) > size;
      st->Reset();
      if (stale) to_rebuild.push_back(v.get());
    }
    return Status::Ok();
  }));
  for (auto& v : views_) {
    if (std::find(to_rebuild.begin(), to_rebuild.end(), v.get()) != to_rebuild.end()) {
      RETURN_IF_ERROR(RebuildLocked(*v));
    } else {
      RETURN_IF_ERROR(v->Open(*db_));
    }
  }
  open_ = true;
  return Status::Ok();
}

Result<bool> ViewSet::RedactedSinceAppliedLocked(const View& view,
                                                 const std::set<std::string>& kinds,
                                                 uint64_t size) {
  ASSIGN_OR_RETURN(uint64_t cursor, CursorLocked(view));
  bool found = false;
  Status inner;
  RecordFilter filter;
  filter.kind = std::string(kRedactionKind);
  filter.after = cursor;
  RETURN_IF_ERROR(store_.ScanRecords(filter, [&](const StoredRecord& row) {
    if (row.index >= size) return false;
    if (row.redacted_by != 0) return true;  // not possible (a redaction is not redactable)
    auto rec = ParseRecord(row.record);
    auto r = rec.ok() ? ParseRedactionBody(rec->body) : Result<Redaction>(rec.status());
    if (!r.ok()) {
      inner = Corruption("redaction record " + std::to_string(row.index) +
                         " no longer parses: " + r.status().message());
      return false;
    }
    // A target at or past the cursor is still to be applied, and is erased already.
    if (r->index >= cursor) return true;
    auto target = store_.GetRecord(r->index);
    if (!target.ok()) {
      inner = target.status();
      return false;
    }
    found = kinds.count(target->kind) > 0;
    return !found;
  }));
  RETURN_IF_ERROR(inner);
  return found;
}

Status ViewSet::CatchUpLocked() {
  RETURN_IF_ERROR(EnsureOpenLocked());
  ASSIGN_OR_RETURN(uint64_t size, store_.Size());
  for (auto& view : views_) {
    std::set<std::string> kinds;
    for (auto& k : view->kinds()) kinds.insert(k);
    // A view that does not consume `redaction` records cannot undo what a record it applied
    // intact did to its tables; once that record is erased it is rebuilt from scratch, which
    // sees the record as erased (ApplyRedacted), as any later rebuild would. Redactions are
    // rare (the mediator's), so this costs one replay of the log per redaction at most.
    if (!kinds.count(std::string(kRedactionKind))) {
      ASSIGN_OR_RETURN(bool stale, RedactedSinceAppliedLocked(*view, kinds, size));
      if (stale) RETURN_IF_ERROR(RebuildLocked(*view));
    }
    for (;;) {
      bool done = false;
      RETURN_IF_ERROR(InTransaction(*db_, [&]() -> Status {
        // Re-read under the write lock: another process may have applied some meanwhile.
        ASSIGN_OR_RETURN(uint64_t cursor, CursorLocked(*view));
        if (cursor >= size) {
          done = true;
          return Status::Ok();
        }
        uint64_t end = std::min(size, cursor + kBatch);
        Status apply_status;
        RecordFilter filter;
        filter.after = cursor;
        filter.limit = end - cursor;
        RETURN_IF_ERROR(store_.ScanRecords(filter, [&](const StoredRecord& row) {
          if (row.index >= end) return false;
          if (!kinds.count(row.kind)) return true;
          if (row.redacted_by != 0) {
            apply_status = view->ApplyRedacted(*db_, row);
            return apply_status.ok();
          }
          if (!view->NeedsBody(row.kind)) {
            Record bare;
            bare.kind = row.kind;
            bare.party = row.party;
            apply_status = view->Apply(*db_, row, bare);
            return apply_status.ok();
          }
          auto record = ParseRecord(row.record);
          if (!record.ok()) {
            apply_status = Corruption("record " + std::to_string(row.index) +
                                      " no longer parses: " + record.status().message());
            return false;
          }
          apply_status = view->Apply(*db_, row, *record);
          return apply_status.ok();
        }));
        RETURN_IF_ERROR(apply_status);
        RETURN_IF_ERROR(view->Flush(*db_));
        ASSIGN_OR_RETURN(auto st, db_->Prepare("UPDATE _views SET cursor = ?1 WHERE name = ?2"));
        st->Int(1, static_cast<int64_t>(end)).Text(2, view->name());
        return st->Run();
      }));
      if (done) break;
    }
  }
  return Status::Ok();
}

Status ViewSet::CatchUpOrReset() {
  Status st = CatchUpLocked();
  if (!st.ok()) {
    // A rolled-back batch may have left a view's in-memory caches ahead of its tables: close
    // every view so the next use reopens them from what is committed.
    for (auto& v : views_) v->Close();
    open_ = false;
  }
  return st;
}

Status ViewSet::CatchUp() {
  std::lock_guard<std::mutex> lock(mu_);
  return CatchUpOrReset();
}

Status ViewSet::Rebuild(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(EnsureOpenLocked());
  bool found = false;
  for (auto& v : views_) {
    if (!name.empty() && v->name() != name) continue;
    found = true;
    RETURN_IF_ERROR(RebuildLocked(*v));
  }
  if (!found) return NotFound("no view named \"" + name + "\"");
  return CatchUpOrReset();
}

Result<std::vector<ViewStatus>> ViewSet::Statuses() {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(EnsureOpenLocked());
  ASSIGN_OR_RETURN(uint64_t size, store_.Size());
  std::vector<ViewStatus> out;
  for (auto& v : views_) {
    ASSIGN_OR_RETURN(uint64_t cursor, CursorLocked(*v));
    out.push_back({std::string(v->name()), v->schema_version(), cursor, size});
  }
  return out;
}

Result<std::string> ViewSet::Dump(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CatchUpOrReset());
  View* view = Find(name);
  if (view == nullptr) return NotFound("no view named \"" + name + "\"");
  std::string out;
  std::vector<std::string> tables = view->tables();
  std::sort(tables.begin(), tables.end());
  for (const std::string& t : tables) {
    out += "table " + t + "\n";
    // Columns are unknown here, so sort by every column position.
    ASSIGN_OR_RETURN(auto probe, db_->Prepare("SELECT * FROM " + t + " LIMIT 0"));
    int ncols = probe->ColumnCount();
    probe->Reset();
    std::string order;
    for (int c = 1; c <= ncols; ++c) order += (c > 1 ? ", " : "") + std::to_string(c);
    ASSIGN_OR_RETURN(auto st, db_->Prepare("SELECT * FROM " + t + " ORDER BY " + order));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      std::string line;
      for (int c = 0; c < ncols; ++c) {
        if (c > 0) line += '\t';
        if (st->IsNull(c)) {
          line += "NULL";
        } else if (st->IsInt(c)) {
          line += std::to_string(st->ColumnInt(c));
        } else if (st->IsDouble(c)) {
          line += CanonicalDouble(st->ColumnDouble(c));
        } else {
          std::string text = st->ColumnText(c);
          line += '"';
          for (char ch : text) {
            if (ch == '\\' || ch == '"') line += '\\';
            if (ch == '\n') {
              line += "\\n";
              continue;
            }
            line += ch;
          }
          line += '"';
        }
      }
      out += line + "\n";
    }
  }
  return out;
}

Status ViewSet::Read(const std::function<Status(ViewDb&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CatchUpOrReset());
  return fn(*db_);
}

Status ViewSet::ReadAsIs(const std::function<Status(ViewDb&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(EnsureOpenLocked());
  return fn(*db_);
}

std::string ViewDbPathFor(const std::string& store_location) { return store_location + ".views"; }

}  // namespace jirga
