// The SQLite implementation of ViewDb (store/view_db.h), the view database beside a store.
#include <sqlite3.h>

#include <utility>

#include "store/view_db.h"

namespace jirga {

Status ViewStatement::Run() {
  ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Internal("view statement unexpectedly returned a row");
  return Status::Ok();
}

namespace {

Status ViewSqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string m = "view database: " + std::string(context) + ": ";
  m += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Corruption(std::move(m));
    default: return IOError(std::move(m));
  }
}

class SqliteViewStatement : public ViewStatement {
 public:
  SqliteViewStatement(sqlite3_stmt* stmt, std::string sql) : stmt_(stmt), sql_(std::move(sql)) {}
  ~SqliteViewStatement() override { sqlite3_finalize(stmt_); }

  ViewStatement& Int(int i, int64_t v) override {
    Note(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  ViewStatement& Double(int i, double v) override {
    Note(sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  ViewStatement& Text(int i, std::string_view v) override {
    Note(sqlite3_bind_text64(stmt_, i, v.data() != nullptr ? v.data() : "", v.size(),
                             SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
  }
  ViewStatement& Null(int i) override {
    Note(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  Result<bool> Step() override {
    sqlite3* db = sqlite3_db_handle(stmt_);
    if (bind_rc_ != SQLITE_OK) {
      int rc = std::exchange(bind_rc_, SQLITE_OK);
      return ViewSqliteError(db, rc, "bind for " + sql_.substr(0, 80));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(stmt_);  // done or failed: end the statement's transaction now
    if (rc == SQLITE_DONE) return false;
    return ViewSqliteError(db, rc, sql_.substr(0, 80));
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }
  int ColumnCount() override { return sqlite3_column_count(stmt_); }
  bool IsNull(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  bool IsInt(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER; }
  bool IsDouble(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_FLOAT; }
  int64_t ColumnInt(int col) override { return sqlite3_column_int64(stmt_, col); }
  double ColumnDouble(int col) override { return sqlite3_column_double(stmt_, col); }
  std::string ColumnText(int col) override {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    if (p == nullptr || n <= 0) return std::string();
    return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  }

 private:
  void Note(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  std::string sql_;
  int bind_rc_ = SQLITE_OK;
};

class SqliteViewDb : public ViewDb {
 public:
  explicit SqliteViewDb(sqlite3* db) : db_(db) {}
  ~SqliteViewDb() override { sqlite3_close(db_); }

  Status Exec(std::string_view sql) override {
    std::string s(sql);
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return ViewSqliteError(db_, rc, s.substr(0, 80));
    return Status::Ok();
  }
  Result<std::unique_ptr<ViewStatement>> Prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      std::string m = "view database: prepare " + std::string(sql.substr(0, 200)) + ": " +
                      sqlite3_errmsg(db_);
      return Internal(std::move(m));
    }
    return std::unique_ptr<ViewStatement>(new SqliteViewStatement(stmt, std::string(sql)));
  }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) {
      (void)sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<ViewDb>> OpenSqliteViewDb(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  auto out = std::make_unique<SqliteViewDb>(db);  // closes db even on failure
  if (rc != SQLITE_OK) return ViewSqliteError(db, rc, "open " + path);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  if (path != ":memory:") {
    RETURN_IF_ERROR(out->Exec("PRAGMA journal_mode = WAL"));
  }
  RETURN_IF_ERROR(out->Exec("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; "
                            "PRAGMA temp_store = MEMORY"));
  return std::unique_ptr<ViewDb>(std::move(out));
}

}  // namespace jirga
