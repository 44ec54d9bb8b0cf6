// The versioned schema of the SQLite store: an ordered list of migrations.
//
// The schema version of a file is its PRAGMA user_version. Opening a store applies, in order and
// each in its own transaction, every migration whose version is above the file's, and refuses a
// file whose version is above kSqliteSchemaVersion (a newer binary wrote it). Migrations are only
// ever appended: a released migration's SQL never changes, since files already carry its effect.
//
// This header deliberately does not include sqlite3.h, so tests can use it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jirga {

struct SqliteMigration {
  int version;               // user_version after this migration; migrations[i].version == i + 1
  std::string_view summary;  // one line, for error messages
  std::string_view sql;      // statements without parameters, run with sqlite3_exec
};

// All migrations, oldest first.
const std::vector<SqliteMigration>& SqliteMigrations();

// The schema version this binary writes and understands.
inline constexpr int kSqliteSchemaVersion = 2;

// Runs `sql` on a fresh connection to the existing SQLite file at `path`, bypassing every check
// the store makes. Only for tests (simulating tampering or a newer schema) and offline tools.
Status ExecSqliteForTesting(const std::string& path, const std::string& sql);

}  // namespace jirga
