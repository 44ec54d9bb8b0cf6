// The SQLite Store: WAL journal, fsync'd commits, one writer connection and a pool of readers.
//
// Concurrency: SQLite connections are opened SQLITE_OPEN_NOMUTEX, so each is used by one thread
// at a time. Writes go through a single connection under write_mu_. Reads lease a connection from
// a small pool (opened on demand, at most kMaxIdleReaders kept), so in WAL mode they never wait
// for the writer. Each read statement runs in its own autocommit transaction and is reset as soon
// as it is done, so every read starts from the latest committed state.
//
// Durability: synchronous=FULL makes each COMMIT fsync the WAL, so when Append returns OK the
// batch survives power loss; a crash mid-append leaves the transaction uncommitted and SQLite's
// recovery discards it whole.
//
// Checkpoints: the writer does not checkpoint the WAL inside its commits (that stalled every
// submission waiting on a batch); a thread of the store copies committed frames into the
// database with PASSIVE checkpoints, which never block the writer or readers. Past 64 MiB of WAL
// the writer checkpoints itself after its commit, so a sustained burst is throttled to what the
// disk absorbs and the WAL stays bounded.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/file.h"
#include "store/sqlite_schema.h"
#include "store/store.h"

namespace jirga {
namespace {

constexpr int kBusyTimeoutMillis = 5000;
constexpr size_t kMaxIdleReaders = 64;
// WAL pages (4 KiB) beyond which the writer checkpoints inline (64 MiB).
constexpr int kMaxWalPages = 16384;
constexpr size_t kSaltSize = 32;
// SQLite integers are signed 64-bit; no index above this can be stored.
constexpr uint64_t kMaxSqlIndex = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string m(context);
  m += ": ";
  m += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corruption(std::move(m));
    case SQLITE_CONSTRAINT:
      // Every write checks its preconditions first, so a conflicting row means the caller (or
      // this file) has a bug, not that the input was merely bad.
      return Internal(std::move(m));
    default:
      return IOError(std::move(m));
  }
}

// A borrowed, cached prepared statement. Destruction resets it, which ends the statement's
// implicit read transaction: a statement left un-reset would pin an old snapshot.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  // Bind errors are remembered and reported by the next Step, so call sites stay linear.
  Statement& Int(int i, int64_t v) {
    Note(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& Blob(int i, std::string_view v) {
    // A null pointer would bind SQL NULL, not an empty blob.
    Note(sqlite3_bind_blob64(stmt_, i, v.data() != nullptr ? v.data() : "", v.size(),
                             SQLITE_TRANSIENT));
    return *this;
  }
  // Binds without copying: `v` must stay valid until the statement is destroyed.
  Statement& BlobNoCopy(int i, std::string_view v) {
    Note(sqlite3_bind_blob64(stmt_, i, v.data() != nullptr ? v.data() : "", v.size(),
                             SQLITE_STATIC));
    return *this;
  }
  Statement& Text(int i, std::string_view v) {
    Note(sqlite3_bind_text64(stmt_, i, v.data() != nullptr ? v.data() : "", v.size(),
                             SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
  }

  // True when a row is ready, false when the statement is done.
  Result<bool> Step(std::string_view context) {
    sqlite3* db = sqlite3_db_handle(stmt_);
    if (bind_rc_ != SQLITE_OK) return SqliteError(db, bind_rc_, context);
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db, rc, context);
  }
  // Runs a statement that returns no rows.
  Status Run(std::string_view context) {
    ASSIGN_OR_RETURN(bool row, Step(context));
    if (row) return Internal(std::string(context) + ": statement unexpectedly returned a row");
    return Status::Ok();
  }

  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t ColumnInt(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string ColumnBytes(int col) {
    // Blob first, then bytes: that order is what the SQLite docs require for a valid length.
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    if (p == nullptr || n <= 0) return std::string();
    return std::string(static_cast<const char*>(p), static_cast<size_t>(n));
  }

 private:
  void Note(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens and configures a connection. The writer also switches the file to WAL; readers are
  // query_only so a bug cannot make them write behind the writer's back.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                  bool reader) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create) flags |= SQLITE_OPEN_CREATE;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<Connection> conn(new Connection(db));  // closes db even on failure
    if (rc != SQLITE_OK) return SqliteError(db, rc, "open " + path);
    sqlite3_extended_result_codes(db, 1);
    // Another process may hold the write lock briefly; wait rather than fail at once.
    sqlite3_busy_timeout(db, kBusyTimeoutMillis);
    RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys = ON", "enable foreign keys on " + path));
    if (reader) {
      RETURN_IF_ERROR(conn->Exec("PRAGMA query_only = ON", "configure reader on " + path));
    } else {
      RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous = FULL", "set synchronous on " + path));
      // Redactions must overwrite the erased bytes, not merely unlink them; the log never
      // deletes otherwise, so this costs nothing on the append path.
      RETURN_IF_ERROR(conn->Exec("PRAGMA secure_delete = ON", "set secure_delete on " + path));
      // The writer touches the right edge of every table plus random pages of the leaf-hash
      // index; a 64 MiB page cache (default 2 MiB) keeps those pages instead of re-reading them
      // from the OS on every batch.
      RETURN_IF_ERROR(conn->Exec("PRAGMA cache_size = -65536", "set cache size on " + path));
    }
    return conn;
  }

  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }

  // A prepared statement from this connection's cache, keyed by address: `sql` must be a string
  // literal (so it has no values in it and lives forever).
  Result<Statement> Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return Statement(it->second);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqliteError(db_, rc, std::string("prepare ") + sql);
    }
    cache_.emplace(sql, stmt);
    return Statement(stmt);
  }

  // Runs parameterless SQL (possibly several statements) without caching it.
  Status Exec(const std::string& sql, std::string_view context) {
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, context);
    return Status::Ok();
  }

  // One-column, one-row query such as a PRAGMA read.
  Result<int64_t> QueryInt(const char* sql, std::string_view context) {
    ASSIGN_OR_RETURN(Statement st, Prepare(sql));
    ASSIGN_OR_RETURN(bool row, st.Step(context));
    if (!row || st.IsNull(0)) return Internal(std::string(context) + ": no value");
    return st.ColumnInt(0);
  }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// An explicit write transaction that rolls back unless committed.
class WriteTransaction {
 public:
  static Result<std::unique_ptr<WriteTransaction>> Begin(Connection& conn) {
    // IMMEDIATE takes the write lock now, so nothing read inside can change before COMMIT (another
    // process may write the same file).
    ASSIGN_OR_RETURN(Statement st, conn.Prepare("BEGIN IMMEDIATE"));
    RETURN_IF_ERROR(st.Run("begin transaction"));
    return std::unique_ptr<WriteTransaction>(new WriteTransaction(conn));
  }
  ~WriteTransaction() {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL or an I/O error).
    if (!sqlite3_get_autocommit(conn_.db())) {
      // Nothing useful can be done if this fails: the connection's next BEGIN will report it.
      (void)conn_.Exec("ROLLBACK", "rollback");
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  Status Commit() {
    ASSIGN_OR_RETURN(Statement st, conn_.Prepare("COMMIT"));
    return st.Run("commit");
  }

 private:
  explicit WriteTransaction(Connection& conn) : conn_(conn) {}
  Connection& conn_;
};

Result<int64_t> UserVersion(Connection& conn) {
  return conn.QueryInt("PRAGMA user_version", "read schema version");
}

Status NewerSchema(const std::string& path, int64_t version) {
  return FailedPrecondition(path + " has schema version " + std::to_string(version) +
                            ", newer than version " + std::to_string(kSqliteSchemaVersion) +
                            " that this binary understands; upgrade jirga");
}

// Applies every migration above the file's version, one transaction each, re-reading the version
// under the write lock so two processes opening the same new file cannot both migrate it.
Status Migrate(Connection& conn, const std::string& path) {
  const std::vector<SqliteMigration>& migrations = SqliteMigrations();
  if (migrations.size() != static_cast<size_t>(kSqliteSchemaVersion)) {
    return Internal("kSqliteSchemaVersion does not match the migration list");
  }
  for (;;) {
    ASSIGN_OR_RETURN(auto txn, WriteTransaction::Begin(conn));
    ASSIGN_OR_RETURN(int64_t version, UserVersion(conn));
    if (version > kSqliteSchemaVersion) return NewerSchema(path, version);
    if (version < 0) return Corruption(path + " has negative schema version");
    if (version == kSqliteSchemaVersion) return txn->Commit();
    const SqliteMigration& m = migrations[static_cast<size_t>(version)];
    std::string context = "migrate " + path + " to schema version " + std::to_string(m.version) +
                          " (" + std::string(m.summary) + ")";
    RETURN_IF_ERROR(conn.Exec(std::string(m.sql), context));
    // PRAGMA values cannot be bound; this is the binary's own constant, not input.
    RETURN_IF_ERROR(conn.Exec("PRAGMA user_version = " + std::to_string(m.version), context));
    RETURN_IF_ERROR(txn->Commit());
  }
}

std::string IndexName(uint64_t index) { return std::to_string(index); }

class SqliteStore : public Store {
 public:
  SqliteStore(std::string path, std::unique_ptr<Connection> writer,
              std::unique_ptr<Connection> checkpointer)
      : path_(std::move(path)),
        writer_(std::move(writer)),
        checkpointer_conn_(std::move(checkpointer)),
        checkpointer_([this] { CheckpointLoop(); }) {
    // Called after each commit with the WAL's size in pages.
    sqlite3_wal_hook(
        writer_->db(),
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<SqliteStore*>(self)->wal_pages_ = pages;
          return SQLITE_OK;
        },
        this);
  }

  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
  }

  Status Initialize(const std::map<std::string, std::string>& meta) override {
    if (meta.empty()) return InvalidArgument("initialise: no metadata given");
    std::lock_guard<std::mutex> lock(write_mu_);
    ASSIGN_OR_RETURN(auto txn, WriteTransaction::Begin(*writer_));
    ASSIGN_OR_RETURN(int64_t initialised,
                     writer_->QueryInt("SELECT EXISTS (SELECT 1 FROM meta)", "read meta"));
    if (initialised != 0) return AlreadyExists("store " + path_ + " is already initialised");
    for (const auto& [key, value] : meta) {
      ASSIGN_OR_RETURN(Statement st,
                       writer_->Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)"));
      st.Text(1, key).Blob(2, value);
      RETURN_IF_ERROR(st.Run("insert meta " + key));
    }
    return txn->Commit();
  }

  Result<std::string> GetMeta(const std::string& key) override {
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    {
      ASSIGN_OR_RETURN(Statement st, conn->Prepare("SELECT value FROM meta WHERE key = ?1"));
      st.Text(1, key);
      ASSIGN_OR_RETURN(bool row, st.Step("read meta " + key));
      if (row) return st.ColumnBytes(0);
    }
    ASSIGN_OR_RETURN(int64_t initialised,
                     conn->QueryInt("SELECT EXISTS (SELECT 1 FROM meta)", "read meta"));
    if (initialised == 0) return FailedPrecondition("store not initialised; run jirga init");
    return NotFound("metadata key " + key + " is not set");
  }

  Result<uint64_t> Size() override {
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    return QuerySize(*conn);
  }

  Status Append(const AppendBatch& batch) override {
    RETURN_IF_ERROR(ValidateAppendBatch(batch, kMaxSqlIndex));
    std::lock_guard<std::mutex> lock(write_mu_);
    ASSIGN_OR_RETURN(auto txn, WriteTransaction::Begin(*writer_));
    // Read inside the transaction: another process may have appended since our last look.
    ASSIGN_OR_RETURN(uint64_t size, QuerySize(*writer_));
    if (batch.first_index != size) {
      return FailedPrecondition("append batch starts at index " +
                                std::to_string(batch.first_index) + " but the log has " +
                                std::to_string(size) + " leaves");
    }
    for (size_t i = 0; i < batch.leaves.size(); ++i) {
      const auto index = static_cast<int64_t>(batch.first_index + i);
      ASSIGN_OR_RETURN(Statement st, writer_->Prepare("INSERT INTO leaves (idx, leaf, leaf_hash) "
                                                      "VALUES (?1, ?2, ?3)"));
      st.Int(1, index).BlobNoCopy(2, batch.leaves[i]).Blob(3, AsBytes(batch.leaf_hashes[i]));
      Status inserted = st.Run("insert leaf " + std::to_string(index));
      if (!inserted.ok() &&
          sqlite3_extended_errcode(writer_->db()) == SQLITE_CONSTRAINT_UNIQUE) {
        // leaves_by_hash: the leaf is already in the log. The transaction rolls back.
        return AlreadyExists("leaf " + std::to_string(index) + " is already stored");
      }
      RETURN_IF_ERROR(inserted);
    }
    // records[i].index is not consulted: the row's index is first_index + i, like its leaf's.
    for (size_t i = 0; i < batch.records.size(); ++i) {
      const auto index = static_cast<int64_t>(batch.first_index + i);
      const StoredRecord& r = batch.records[i];
      ASSIGN_OR_RETURN(Statement st,
                       writer_->Prepare("INSERT INTO records "
                                        "(idx, kind, party, record, salt, received_micros) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
      st.Int(1, index)
          .Text(2, r.kind)
          .Text(3, r.party)
          .BlobNoCopy(4, r.record)
          .BlobNoCopy(5, r.salt)
          .Int(6, r.received_micros);
      RETURN_IF_ERROR(st.Run("insert record " + std::to_string(index)));
    }
    for (const NodeEntry& n : batch.nodes) {
      // INSERT, never REPLACE: full nodes are immutable, so rewriting one is a bug to surface.
      ASSIGN_OR_RETURN(
          Statement st,
          writer_->Prepare("INSERT INTO nodes (level, idx, hash) VALUES (?1, ?2, ?3)"));
      st.Int(1, n.level).Int(2, static_cast<int64_t>(n.index)).Blob(3, AsBytes(n.hash));
      RETURN_IF_ERROR(st.Run("insert node " + NodeName(n.level, n.index)));
    }
    for (const RedactionEntry& r : batch.redactions) {
      // secure_delete (set on the writer) zeroes the freed cell and overflow pages in place.
      ASSIGN_OR_RETURN(Statement st,
                       writer_->Prepare("UPDATE records SET record = x'', salt = x'', "
                                        "redacted_by = ?2 WHERE idx = ?1 AND redacted_by IS NULL"));
      st.Int(1, static_cast<int64_t>(r.target)).Int(2, static_cast<int64_t>(r.by));
      RETURN_IF_ERROR(st.Run("redact record " + std::to_string(r.target)));
      if (sqlite3_changes(writer_->db()) != 1) {
        return FailedPrecondition("record " + std::to_string(r.target) +
                                  " is missing or already redacted");
      }
    }
    {
      const auto new_size = static_cast<int64_t>(batch.first_index + batch.leaves.size());
      ASSIGN_OR_RETURN(
          Statement st,
          writer_->Prepare("INSERT INTO checkpoints (size, note, micros) VALUES (?1, ?2, ?3)"));
      st.Int(1, new_size).Blob(2, batch.checkpoint).Int(3, batch.checkpoint_micros);
      RETURN_IF_ERROR(st.Run("insert checkpoint " + std::to_string(new_size)));
    }
    // With synchronous=FULL this fsyncs the WAL before returning.
    RETURN_IF_ERROR(txn->Commit());
    // The background checkpointer can fall behind a sustained burst of appends (it writes the
    // same pages at random places in the database). Past a bound the writer checkpoints itself,
    // which throttles appends to what the disk can absorb and keeps the WAL, and the catch-up
    // I/O that readers would wait behind, bounded.
    if (!batch.redactions.empty()) {
      // The erased bytes also live in older WAL frames until the WAL is rewritten: copy
      // everything into the database and cut the WAL to zero bytes now. Best effort: a reader
      // still on an old snapshot makes this give up (SQLITE_BUSY) after the busy timeout, and
      // the frames are then overwritten as the WAL is reused. The redaction itself is already
      // durable either way.
      int wal_frames = 0, copied = 0;
      (void)sqlite3_wal_checkpoint_v2(writer_->db(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                      &wal_frames, &copied);
    } else if (wal_pages_ > kMaxWalPages) {
      int wal_frames = 0, copied = 0;
      (void)sqlite3_wal_checkpoint_v2(writer_->db(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      &wal_frames, &copied);
    }
    return Status::Ok();
  }

  Result<std::string> GetLeaf(uint64_t index) override {
    if (index > kMaxSqlIndex) return NotFound("leaf " + IndexName(index) + " not found");
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st, conn->Prepare("SELECT leaf FROM leaves WHERE idx = ?1"));
    st.Int(1, static_cast<int64_t>(index));
    ASSIGN_OR_RETURN(bool row, st.Step("read leaf " + IndexName(index)));
    if (!row) return NotFound("leaf " + IndexName(index) + " not found");
    std::string leaf = st.ColumnBytes(0);
    RETURN_IF_ERROR(CheckLeaf(index, leaf));
    return leaf;
  }

  Result<std::vector<std::string>> GetLeaves(uint64_t begin, uint64_t end) override {
    if (begin > end) {
      return InvalidArgument("leaf range [" + IndexName(begin) + ", " + IndexName(end) +
                             ") is reversed");
    }
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    // The log only grows, so a range inside the size read here stays complete below.
    ASSIGN_OR_RETURN(uint64_t size, QuerySize(*conn));
    if (end > size) {
      return InvalidArgument("leaf range [" + IndexName(begin) + ", " + IndexName(end) +
                             ") is beyond the log size " + std::to_string(size));
    }
    std::vector<std::string> leaves;
    if (begin == end) return leaves;
    leaves.reserve(end - begin);
    ASSIGN_OR_RETURN(Statement st, conn->Prepare("SELECT idx, leaf FROM leaves "
                                                 "WHERE idx >= ?1 AND idx < ?2 ORDER BY idx"));
    st.Int(1, static_cast<int64_t>(begin)).Int(2, static_cast<int64_t>(end));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step("read leaves"));
      if (!row) break;
      uint64_t want = begin + leaves.size();
      auto index = static_cast<uint64_t>(st.ColumnInt(0));
      if (index != want) return NotFound("leaf " + IndexName(want) + " not found");
      std::string leaf = st.ColumnBytes(1);
      RETURN_IF_ERROR(CheckLeaf(index, leaf));
      leaves.push_back(std::move(leaf));
    }
    if (leaves.size() != end - begin) {
      return NotFound("leaf " + IndexName(begin + leaves.size()) + " not found");
    }
    return leaves;
  }

  Result<std::optional<uint64_t>> FindLeafHash(const Hash& leaf_hash) override {
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st, conn->Prepare("SELECT idx FROM leaves WHERE leaf_hash = ?1"));
    st.Blob(1, AsBytes(leaf_hash));
    ASSIGN_OR_RETURN(bool row, st.Step("find leaf hash"));
    if (!row) return std::optional<uint64_t>();
    return std::optional<uint64_t>(static_cast<uint64_t>(st.ColumnInt(0)));
  }

  Result<StoredRecord> GetRecord(uint64_t index) override {
    if (index > kMaxSqlIndex) return NotFound("record " + IndexName(index) + " not found");
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st,
                     conn->Prepare("SELECT idx, kind, party, record, salt, received_micros, "
                                   "redacted_by FROM records WHERE idx = ?1"));
    st.Int(1, static_cast<int64_t>(index));
    ASSIGN_OR_RETURN(bool row, st.Step("read record " + IndexName(index)));
    if (!row) return NotFound("record " + IndexName(index) + " not found");
    return ReadRecord(st);
  }

  Status ScanRecords(const RecordFilter& filter,
                     const std::function<bool(const StoredRecord&)>& fn) override {
    if (filter.limit == 0 || filter.after > kMaxSqlIndex) return Status::Ok();
    // One fixed statement per filter shape, each served by an index in idx order: the primary
    // key, records_by_kind or records_by_party (SQLite picks one when both are given).
    const char* sql;
    if (filter.kind.empty() && filter.party.empty()) {
      sql =
          "SELECT idx, kind, party, record, salt, received_micros, redacted_by FROM records "
          "WHERE idx >= ?1 ORDER BY idx LIMIT ?2";
    } else if (filter.party.empty()) {
      sql =
          "SELECT idx, kind, party, record, salt, received_micros, redacted_by FROM records "
          "WHERE kind = ?3 AND idx >= ?1 ORDER BY idx LIMIT ?2";
    } else if (filter.kind.empty()) {
      sql =
          "SELECT idx, kind, party, record, salt, received_micros, redacted_by FROM records "
          "WHERE party = ?3 AND idx >= ?1 ORDER BY idx LIMIT ?2";
    } else {
      sql =
          "SELECT idx, kind, party, record, salt, received_micros, redacted_by FROM records "
          "WHERE kind = ?3 AND party = ?4 AND idx >= ?1 ORDER BY idx LIMIT ?2";
    }
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st, conn->Prepare(sql));
    st.Int(1, static_cast<int64_t>(filter.after))
        .Int(2, static_cast<int64_t>(std::min(filter.limit, kMaxSqlIndex)));
    if (!filter.kind.empty()) st.Text(3, filter.kind);
    if (!filter.party.empty()) st.Text(filter.kind.empty() ? 3 : 4, filter.party);
    // Rows stream straight to fn; fn may call back into the store (it gets another reader).
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step("scan records"));
      if (!row) return Status::Ok();
      ASSIGN_OR_RETURN(StoredRecord record, ReadRecord(st));
      if (!fn(record)) return Status::Ok();
    }
  }

  Result<Hash> GetNode(int level, uint64_t index) override {
    if (index > kMaxSqlIndex) return NotFound("node " + NodeName(level, index) + " not stored");
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st,
                     conn->Prepare("SELECT hash FROM nodes WHERE level = ?1 AND idx = ?2"));
    st.Int(1, level).Int(2, static_cast<int64_t>(index));
    ASSIGN_OR_RETURN(bool row, st.Step("read node " + NodeName(level, index)));
    if (!row) return NotFound("node " + NodeName(level, index) + " not stored");
    return ToHash(level, index, st.ColumnBytes(0));
  }

  Result<std::vector<Hash>> GetNodes(int level, uint64_t begin, uint64_t end) override {
    if (begin > end) {
      return InvalidArgument("node range [" + IndexName(begin) + ", " + IndexName(end) +
                             ") is reversed");
    }
    std::vector<Hash> hashes;
    if (begin == end) return hashes;
    if (begin > kMaxSqlIndex) return NotFound("node " + NodeName(level, begin) + " not stored");
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st, conn->Prepare("SELECT idx, hash FROM nodes "
                                                 "WHERE level = ?1 AND idx >= ?2 AND idx < ?3 "
                                                 "ORDER BY idx"));
    st.Int(1, level)
        .Int(2, static_cast<int64_t>(begin))
        .Int(3, static_cast<int64_t>(std::min(end, kMaxSqlIndex)));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step("read nodes"));
      if (!row) break;
      uint64_t want = begin + hashes.size();
      auto index = static_cast<uint64_t>(st.ColumnInt(0));
      if (index != want) return NotFound("node " + NodeName(level, want) + " not stored");
      ASSIGN_OR_RETURN(Hash h, ToHash(level, index, st.ColumnBytes(1)));
      hashes.push_back(h);
    }
    if (hashes.size() != end - begin) {
      return NotFound("node " + NodeName(level, begin + hashes.size()) + " not stored");
    }
    return hashes;
  }

  Result<std::string> LatestCheckpoint() override {
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st,
                     conn->Prepare("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1"));
    ASSIGN_OR_RETURN(bool row, st.Step("read latest checkpoint"));
    if (!row) return NotFound("no checkpoint stored yet");
    return st.ColumnBytes(0);
  }

  Status ScanCheckpoints(
      const std::function<bool(uint64_t size, const std::string& note)>& fn) override {
    ASSIGN_OR_RETURN(ReaderPtr conn, AcquireReader());
    ASSIGN_OR_RETURN(Statement st,
                     conn->Prepare("SELECT size, note FROM checkpoints ORDER BY size"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step("scan checkpoints"));
      if (!row) return Status::Ok();
      if (!fn(static_cast<uint64_t>(st.ColumnInt(0)), st.ColumnBytes(1))) return Status::Ok();
    }
  }

 private:
  // Returns a leased reader to the pool when it goes out of scope.
  struct ReturnReader {
    SqliteStore* store;
    void operator()(Connection* conn) const { store->ReleaseReader(conn); }
  };
  using ReaderPtr = std::unique_ptr<Connection, ReturnReader>;

  Result<ReaderPtr> AcquireReader() {
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      if (!idle_readers_.empty()) {
        Connection* conn = idle_readers_.back().release();
        idle_readers_.pop_back();
        return ReaderPtr(conn, ReturnReader{this});
      }
    }
    // Opened outside the lock: opening touches the file and other readers should not wait.
    ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                     Connection::Open(path_, /*create=*/false, /*reader=*/true));
    return ReaderPtr(conn.release(), ReturnReader{this});
  }

  void ReleaseReader(Connection* conn) {
    std::unique_ptr<Connection> owned(conn);
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(owned));
    // Otherwise a burst of readers is over; `owned` closes the extra connection.
  }

  static Result<uint64_t> QuerySize(Connection& conn) {
    // max() of an INTEGER PRIMARY KEY is answered from the B-tree's last entry.
    ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT max(idx) FROM leaves"));
    ASSIGN_OR_RETURN(bool row, st.Step("read log size"));
    if (!row || st.IsNull(0)) return uint64_t{0};
    int64_t max = st.ColumnInt(0);
    if (max < 0) return Corruption("leaves table has negative index " + std::to_string(max));
    return static_cast<uint64_t>(max) + 1;
  }

  static Status CheckLeaf(uint64_t index, const std::string& leaf) {
    if (leaf.size() != kLeafSize) {
      return Corruption("leaves row " + IndexName(index) + ": leaf is " +
                        std::to_string(leaf.size()) + " bytes, want " + std::to_string(kLeafSize));
    }
    return Status::Ok();
  }

  static Result<Hash> ToHash(int level, uint64_t index, const std::string& bytes) {
    Hash h;
    if (bytes.size() != h.size()) {
      return Corruption("nodes row " + NodeName(level, index) + ": hash is " +
                        std::to_string(bytes.size()) + " bytes, want " + std::to_string(h.size()));
    }
    std::copy(bytes.begin(), bytes.end(), h.begin());
    return h;
  }

  // Reads a row of (idx, kind, party, record, salt, received_micros, redacted_by).
  static Result<StoredRecord> ReadRecord(Statement& st) {
    StoredRecord r;
    r.index = static_cast<uint64_t>(st.ColumnInt(0));
    r.kind = st.ColumnBytes(1);
    r.party = st.ColumnBytes(2);
    r.record = st.ColumnBytes(3);
    r.salt = st.ColumnBytes(4);
    r.received_micros = st.ColumnInt(5);
    if (!st.IsNull(6)) {
      const int64_t by = st.ColumnInt(6);
      if (by <= 0 || static_cast<uint64_t>(by) <= r.index || !r.record.empty() ||
          !r.salt.empty()) {
        return Corruption("records row " + IndexName(r.index) + ": redacted_by " +
                          std::to_string(by) + " is not a later record, or the row still holds "
                          "content");
      }
      r.redacted_by = static_cast<uint64_t>(by);
      return r;
    }
    if (r.salt.size() != kSaltSize) {
      return Corruption("records row " + IndexName(r.index) + ": salt is " +
                        std::to_string(r.salt.size()) + " bytes, want " +
                        std::to_string(kSaltSize));
    }
    return r;
  }

  // Copies committed WAL frames into the database file off the append path. The writer runs
  // with wal_autocheckpoint off: SQLite's automatic checkpoint would run inside a commit every
  // ~1000 pages and stall every submission waiting on that batch. PASSIVE never blocks the
  // writer or readers; the WAL is reused from its start once a checkpoint has caught up.
  void CheckpointLoop() {
    std::unique_lock<std::mutex> lock(checkpoint_mu_);
    bool behind = false;
    while (!stopping_) {
      // Keep going while the last round left frames behind; otherwise wait for a commit.
      if (!behind) checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (stopping_) break;
      lock.unlock();
      int wal_frames = 0, copied = 0;
      // SQLITE_BUSY and the like only mean "not now"; the next round tries again.
      int rc = sqlite3_wal_checkpoint_v2(checkpointer_conn_->db(), nullptr,
                                         SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied);
      behind = rc == SQLITE_OK && copied >= 0 && copied < wal_frames;
      if (behind) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      lock.lock();
    }
  }

  const std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by write_mu_
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by pool_mu_
  // Used only by checkpointer_.
  const std::unique_ptr<Connection> checkpointer_conn_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool stopping_ = false;  // guarded by checkpoint_mu_
  int wal_pages_ = 0;      // guarded by write_mu_ (set by the WAL hook during commits)
  // Declared last: started once everything above exists, joined by the destructor.
  std::thread checkpointer_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, bool create) {
  if (path.empty()) return InvalidArgument("empty store path");
  // Each connection to ":memory:" would be a separate database; tests use NewMemoryStore().
  if (path == ":memory:") return InvalidArgument("an SQLite store needs a file path");
  if (!create && !FileExists(path)) {
    return NotFound("store " + path + " does not exist; run jirga init");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer,
                   Connection::Open(path, create, /*reader=*/false));
  // Refuse a newer file before changing anything in it, journal mode included.
  ASSIGN_OR_RETURN(int64_t version, UserVersion(*writer));
  if (version > kSqliteSchemaVersion) return NewerSchema(path, version);
  {
    // journal_mode is persistent in the file, so readers opened later inherit WAL.
    ASSIGN_OR_RETURN(Statement st, writer->Prepare("PRAGMA journal_mode = WAL"));
    ASSIGN_OR_RETURN(bool row, st.Step("set WAL journal on " + path));
    std::string mode = row ? st.ColumnBytes(0) : std::string();
    if (mode != "wal") {
      return IOError("could not switch " + path + " to WAL journal mode (got '" + mode + "')");
    }
  }
  RETURN_IF_ERROR(Migrate(*writer, path));
  RETURN_IF_ERROR(writer->Exec("PRAGMA wal_autocheckpoint = 0", "configure checkpoints on " + path));
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> checkpointer,
                   Connection::Open(path, /*create=*/false, /*reader=*/false));
  return std::unique_ptr<Store>(new SqliteStore(path, std::move(writer), std::move(checkpointer)));
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, bool create) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return FailedPrecondition("PostgreSQL stores are not supported yet");
  }
  return OpenSqliteStore(location, create);
}

}  // namespace jirga
