// The SQLite store's schema, as migrations keyed by PRAGMA user_version.
//
// Schema version 1:
//
//   meta(key TEXT PRIMARY KEY, value BLOB NOT NULL)
//       The log's metadata (origin, log key, ...), written once by Initialize(). A store with no
//       meta rows is not initialised.
//   leaves(idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL, leaf_hash BLOB NOT NULL)
//       The 128-byte leaves; idx is the rowid, so max(idx) (the size) is one B-tree descent.
//       leaves_by_hash (UNIQUE) finds a leaf by its RFC 6962 hash for duplicate detection.
//   records(idx INTEGER PRIMARY KEY REFERENCES leaves(idx), kind TEXT NOT NULL,
//           party TEXT NOT NULL, record BLOB NOT NULL, salt BLOB NOT NULL,
//           received_micros INTEGER NOT NULL)
//       The signed record behind each leaf, byte for byte, with its 32-byte salt.
//       records_by_kind (kind, idx) and records_by_party (party, idx) serve filtered scans in
//       index order without sorting.
//   nodes(level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
//         PRIMARY KEY (level, idx)) WITHOUT ROWID
//       Every full Merkle node (see ledger/merkle.h), level 0 being the leaf hashes. WITHOUT
//       ROWID because the key is the only access path and the row is small.
//   checkpoints(size INTEGER PRIMARY KEY, note BLOB NOT NULL, micros INTEGER NOT NULL)
//       The signed checkpoint note written with each append, keyed by tree size.
//
// Schema version 2 (redactions, ledger/redaction.h):
//
//   records gains redacted_by INTEGER (NULL: not redacted)
//       The index of the `redaction` record that erased this row's record and salt; both are
//       then empty blobs (the columns stay NOT NULL, so no table rebuild is needed). Old rows
//       read as not redacted.
#include "store/sqlite_schema.h"

#include <sqlite3.h>

namespace jirga {

const std::vector<SqliteMigration>& SqliteMigrations() {
  static const auto* const kMigrations = new std::vector<SqliteMigration>{
      {1, "initial schema", R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE leaves (
  idx INTEGER PRIMARY KEY,
  leaf BLOB NOT NULL,
  leaf_hash BLOB NOT NULL
);
CREATE UNIQUE INDEX leaves_by_hash ON leaves (leaf_hash);
CREATE TABLE records (
  idx INTEGER PRIMARY KEY REFERENCES leaves (idx),
  kind TEXT NOT NULL,
  party TEXT NOT NULL,
  record BLOB NOT NULL,
  salt BLOB NOT NULL,
  received_micros INTEGER NOT NULL
);
CREATE INDEX records_by_kind ON records (kind, idx);
CREATE INDEX records_by_party ON records (party, idx);
CREATE TABLE nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE checkpoints (
  size INTEGER PRIMARY KEY,
  note BLOB NOT NULL,
  micros INTEGER NOT NULL
);
)sql"},
      {2, "redactions", R"sql(
ALTER TABLE records ADD COLUMN redacted_by INTEGER;
)sql"},
  };
  return *kMigrations;
}

Status ExecSqliteForTesting(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = "open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return IOError(m);
  }
  // The store may hold the file open; wait for its locks rather than failing at once.
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  Status st;
  if (rc != SQLITE_OK) {
    st = IOError("exec on " + path + ": " + (err ? err : sqlite3_errstr(rc)));
  }
  sqlite3_free(err);
  sqlite3_close(db);
  return st;
}

}  // namespace jirga
