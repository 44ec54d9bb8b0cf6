// SQLite's own durable insert rate on this disk (WAL, synchronous=FULL, 4096-row transactions),
// as a bare ~400-byte-row table and with jirga's exact schema and row mix, via sqlite3 directly.
#include <sqlite3.h>

#include "bench.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "store/sqlite_schema.h"

namespace jirga::bench {
namespace {

constexpr uint64_t kTxRows = 4096;

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Fail("open " + path);
    Exec("PRAGMA journal_mode = WAL");
    Exec("PRAGMA synchronous = FULL");
    Exec("PRAGMA foreign_keys = ON");  // as jirga's connections
  }
  ~Db() {
    for (auto* s : stmts_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      Fail("sqlite: " + sql.substr(0, 60) + ": " + (err ? err : "?"));
    }
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) Fail(std::string("prepare ") + sql);
    stmts_.push_back(s);
    return s;
  }
  void Step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) Fail(std::string("step: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

void Blob(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_blob(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

// One table of ~400-byte rows: SQLite's floor for "a durable row".
double BareRate(const Options& opts, uint64_t n) {
  TempDir dir(opts, "sqlite-bare");
  Db db(dir.File("bare.db"));
  db.Exec("CREATE TABLE rows (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  sqlite3_stmt* ins = db.Prepare("INSERT INTO rows (idx, data) VALUES (?1, ?2)");
  std::string row = StatementRecord("gov", 0);
  Stopwatch sw;
  for (uint64_t i = 0; i < n; i += kTxRows) {
    db.Exec("BEGIN IMMEDIATE");
    for (uint64_t k = i; k < std::min(n, i + kTxRows); ++k) {
      row[row.size() - 3] = static_cast<char>('a' + k % 26);
      sqlite3_bind_int64(ins, 1, static_cast<int64_t>(k));
      Blob(ins, 2, row);
      db.Step(ins);
    }
    db.Exec("COMMIT");
  }
  return static_cast<double>(n) / sw.Seconds();
}

// jirga's schema (the store's own migration SQL) and, per record, what SqliteStore::Append
// writes: a leaves row (128-byte leaf, 32-byte random leaf hash in a UNIQUE index), a records
// row (~400-byte record, salt, kind and party indexes, foreign key to leaves), every full Merkle
// node the leaf completes (2 per leaf on average) and one checkpoint row per transaction.
class ShapeWriter {
 public:
  explicit ShapeWriter(const std::string& path) : db_(path) {
    db_.Exec("BEGIN");
    db_.Exec(std::string(SqliteMigrations().at(0).sql));
    db_.Exec("COMMIT");
    leaf_ = db_.Prepare("INSERT INTO leaves (idx, leaf, leaf_hash) VALUES (?1, ?2, ?3)");
    rec_ = db_.Prepare(
        "INSERT INTO records (idx, kind, party, record, salt, received_micros) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    node_ = db_.Prepare("INSERT INTO nodes (level, idx, hash) VALUES (?1, ?2, ?3)");
    cp_ = db_.Prepare("INSERT INTO checkpoints (size, note, micros) VALUES (?1, ?2, ?3)");
  }
  Db& db() { return db_; }

  // Leaf hashes of records [begin, end), computed before a timed Insert: hashing is not
  // SQLite's cost.
  static std::vector<Hash> Hashes(uint64_t begin, uint64_t end) {
    std::vector<Hash> h;
    h.reserve(end - begin);
    for (uint64_t i = begin; i < end; ++i) h.push_back(Sha256(std::to_string(i)));
    return h;
  }

  // Appends records size()..size()+hashes.size() in transactions of `tx_rows`; returns records/s.
  double Insert(const std::vector<Hash>& hashes, uint64_t tx_rows) {
    const uint64_t first = frontier_.size(), n = hashes.size();
    const uint64_t written0 = WrittenBytes();
    Stopwatch sw;
    for (uint64_t i = 0; i < n; i += tx_rows) {
      db_.Exec("BEGIN IMMEDIATE");
      nodes_.clear();
      uint64_t end = std::min(n, i + tx_rows);
      for (uint64_t k = i; k < end; ++k) {
        sqlite3_bind_int64(leaf_, 1, static_cast<int64_t>(first + k));
        Blob(leaf_, 2, leaf_bytes_);
        Blob(leaf_, 3, AsBytes(hashes[k]));
        db_.Step(leaf_);
        frontier_.Append(hashes[k], [&](int level, uint64_t index, const Hash& h) {
          nodes_.push_back(NodeEntry{level, index, h});
        });
      }
      for (uint64_t k = i; k < end; ++k) {
        sqlite3_bind_int64(rec_, 1, static_cast<int64_t>(first + k));
        sqlite3_bind_text(rec_, 2, "statement", -1, SQLITE_STATIC);
        sqlite3_bind_text(rec_, 3, "gov", -1, SQLITE_STATIC);
        Blob(rec_, 4, record_);
        Blob(rec_, 5, salt_);
        sqlite3_bind_int64(rec_, 6, static_cast<int64_t>(k));
        db_.Step(rec_);
      }
      for (const NodeEntry& e : nodes_) {
        sqlite3_bind_int(node_, 1, e.level);
        sqlite3_bind_int64(node_, 2, static_cast<int64_t>(e.index));
        Blob(node_, 3, AsBytes(e.hash));
        db_.Step(node_);
      }
      sqlite3_bind_int64(cp_, 1, static_cast<int64_t>(first + end));
      Blob(cp_, 2, note_);
      sqlite3_bind_int64(cp_, 3, 0);
      db_.Step(cp_);
      db_.Exec("COMMIT");
    }
    double rate = static_cast<double>(n) / sw.Seconds();
    char buf[64];
    std::snprintf(buf, sizeof buf, "wrote %.1f KB/record",
                  static_cast<double>(WrittenBytes() - written0) / 1024 / static_cast<double>(n));
    last_note_ = buf;
    return rate;
  }
  // "wrote X KB/record" for the last Insert.
  const std::string& last_note() const { return last_note_; }

 private:
  Db db_;
  sqlite3_stmt *leaf_, *rec_, *node_, *cp_;
  const std::string record_ = StatementRecord("gov", 0);
  const std::string leaf_bytes_ = std::string(128, 'L'), salt_ = std::string(32, 'S');
  const std::string note_ = std::string(300, 'N');
  Frontier frontier_;
  std::vector<NodeEntry> nodes_;
  std::string last_note_;
};

// µs per `SELECT idx FROM leaves WHERE leaf_hash = ?` for absent hashes on its own connection
// (as SqliteStore::FindLeafHash does with a pooled reader), with the given page cache.
double LookupMicros(const std::string& path, const std::string& cache_pragma) {
  Db db(path);
  if (!cache_pragma.empty()) db.Exec(cache_pragma);
  sqlite3_stmt* q = db.Prepare("SELECT idx FROM leaves WHERE leaf_hash = ?1");
  const int kProbes = 50000;
  std::vector<Hash> absent(kProbes);
  for (int i = 0; i < kProbes; ++i) absent[static_cast<size_t>(i)] = Sha256("absent " + std::to_string(i));
  // Two passes; the second is timed (a long-lived pooled connection has a warm cache).
  double us = 0;
  for (int pass = 0; pass < 2; ++pass) {
    Stopwatch sw;
    for (const Hash& h : absent) {
      Blob(q, 1, AsBytes(h));
      if (sqlite3_step(q) != SQLITE_DONE) Fail("lookup found a phantom row");
      sqlite3_reset(q);
    }
    us = sw.Micros() / kProbes;
  }
  return us;
}

}  // namespace

void RunSqliteRaw(const Options& opts, Table& table) {
  const uint64_t n = opts.append_n;
  table.Section("SQLite raw inserts (peer for the store): " + std::to_string(n) +
                " rows, WAL, synchronous=FULL, 4096 rows/transaction");
  if (opts.Runs("sqlite.fresh")) {
    Progress("sqlite: bare table");
    table.Row("sqlite_bare", "SQLite raw: one table, ~400 B rows", BareRate(opts, n), "rows/s");
    table.Label("sqlite_bare", "SQLite bare rows");
    Progress("sqlite: jirga's schema");
    TempDir dir(opts, "sqlite-shape");
    ShapeWriter w(dir.File("shape.db"));
    const double rate = w.Insert(ShapeWriter::Hashes(0, n), kTxRows);
    table.Row("sqlite_shape",
              "SQLite raw: jirga's schema, per record leaf+record+~2 nodes (+1 checkpoint/tx)",
              rate, "records/s", "sqlite_bare",
              "the floor under SqliteStore::Append (1 thread), empty database; " + w.last_note());
    table.Label("sqlite_shape", "SQLite raw, jirga schema, empty db");
  }
  if (opts.Runs("sqlite.scale")) {
    // The same inserts into a database already holding big_n records: the leaves_by_hash index
    // takes random keys, so once it outgrows SQLite's page cache (default 2 MB) each insert
    // reads and dirties a random page.
    const uint64_t fill = opts.big_n;
    const std::string fs = std::to_string(fill);
    TempDir dir(opts, "sqlite-scale");
    ShapeWriter w(dir.File("scale.db"));
    Progress("sqlite: filling to %s records (untimed)", fs.c_str());
    w.db().Exec("PRAGMA synchronous = OFF");
    w.db().Exec("PRAGMA cache_size = -262144");
    for (uint64_t i = 0; i < fill; i += 100000) {
      w.Insert(ShapeWriter::Hashes(i, std::min(fill, i + 100000)), 50000);
    }
    w.db().Exec("PRAGMA synchronous = FULL");
    w.db().Exec("PRAGMA cache_size = -2000");  // SQLite's default, which jirga's store keeps
    w.db().Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const std::string path = dir.File("scale.db");
    const std::string ms = std::to_string(n);
    uint64_t next = fill;
    double rate = 0;
    auto insert = [&] {
      rate = w.Insert(ShapeWriter::Hashes(next, next + n), kTxRows);
      next += n;
    };
    Progress("sqlite: %s inserts at %s, default cache", ms.c_str(), fs.c_str());
    insert();
    table.Row("sqlite_scale_default",
              "SQLite raw: jirga's schema, " + ms + " inserts into a " + fs +
                  "-record db, default 2 MB page cache",
              rate, "records/s", "sqlite_shape",
              "what the store does at this size; " + w.last_note());
    table.Label("sqlite_scale_default", "same at " + fs + ", as the store runs it");
    Progress("sqlite: %s inserts at %s, 64 MB cache", ms.c_str(), fs.c_str());
    w.db().Exec("PRAGMA cache_size = -65536");
    insert();
    table.Row("sqlite_scale_64m", "  experiment: the next " + ms + " inserts, cache_size 64 MB",
              rate, "records/s", "sqlite_scale_default", w.last_note());
    Progress("sqlite: leaf-hash lookups at %s", fs.c_str());
    table.Row("lookup_default", "SQLite raw: leaf_hash lookup (absent), default cache, at " + fs,
              LookupMicros(path, ""), "µs/lookup", "", "= FindLeafHash's query");
    table.Label("lookup_default", "default cache");
    table.Row("lookup_64m", "  experiment: the same lookup, cache_size 64 MB",
              LookupMicros(path, "PRAGMA cache_size = -65536"), "µs/lookup", "lookup_default");
    Progress("sqlite: %s inserts at %s without leaves_by_hash", ms.c_str(), fs.c_str());
    w.db().Exec("PRAGMA cache_size = -2000");
    w.db().Exec("DROP INDEX leaves_by_hash");
    insert();
    table.Row("sqlite_scale_noidx",
              "  experiment: the next " + ms + " inserts, default cache, leaves_by_hash dropped",
              rate, "records/s", "sqlite_scale_default",
              "the random-key UNIQUE index is the cost; " + w.last_note());
  }
}

}  // namespace jirga::bench
