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
double JirgaShapeRate(const Options& opts, uint64_t n) {
  TempDir dir(opts, "sqlite-shape");
  Db db(dir.File("shape.db"));
  db.Exec("BEGIN");
  db.Exec(std::string(SqliteMigrations().at(0).sql));
  db.Exec("COMMIT");
  sqlite3_stmt* leaf = db.Prepare("INSERT INTO leaves (idx, leaf, leaf_hash) VALUES (?1, ?2, ?3)");
  sqlite3_stmt* rec = db.Prepare(
      "INSERT INTO records (idx, kind, party, record, salt, received_micros) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  sqlite3_stmt* node = db.Prepare("INSERT INTO nodes (level, idx, hash) VALUES (?1, ?2, ?3)");
  sqlite3_stmt* cp =
      db.Prepare("INSERT INTO checkpoints (size, note, micros) VALUES (?1, ?2, ?3)");
  // Inputs prepared outside the timed loop: hashing is not SQLite's cost.
  std::vector<Hash> hashes(n);
  for (uint64_t i = 0; i < n; ++i) hashes[i] = Sha256(std::to_string(i));
  const std::string record = StatementRecord("gov", 0);
  const std::string leaf_bytes(128, 'L'), salt(32, 'S');
  const std::string note(300, 'N');
  Frontier frontier;
  std::vector<NodeEntry> nodes;
  Stopwatch sw;
  for (uint64_t i = 0; i < n; i += kTxRows) {
    db.Exec("BEGIN IMMEDIATE");
    nodes.clear();
    uint64_t end = std::min(n, i + kTxRows);
    for (uint64_t k = i; k < end; ++k) {
      sqlite3_bind_int64(leaf, 1, static_cast<int64_t>(k));
      Blob(leaf, 2, leaf_bytes);
      Blob(leaf, 3, AsBytes(hashes[k]));
      db.Step(leaf);
      frontier.Append(hashes[k], [&](int level, uint64_t index, const Hash& h) {
        nodes.push_back(NodeEntry{level, index, h});
      });
    }
    for (uint64_t k = i; k < end; ++k) {
      sqlite3_bind_int64(rec, 1, static_cast<int64_t>(k));
      sqlite3_bind_text(rec, 2, "statement", -1, SQLITE_STATIC);
      sqlite3_bind_text(rec, 3, "gov", -1, SQLITE_STATIC);
      Blob(rec, 4, record);
      Blob(rec, 5, salt);
      sqlite3_bind_int64(rec, 6, static_cast<int64_t>(k));
      db.Step(rec);
    }
    for (const NodeEntry& e : nodes) {
      sqlite3_bind_int(node, 1, e.level);
      sqlite3_bind_int64(node, 2, static_cast<int64_t>(e.index));
      Blob(node, 3, AsBytes(e.hash));
      db.Step(node);
    }
    sqlite3_bind_int64(cp, 1, static_cast<int64_t>(end));
    Blob(cp, 2, note);
    sqlite3_bind_int64(cp, 3, 0);
    db.Step(cp);
    db.Exec("COMMIT");
  }
  return static_cast<double>(n) / sw.Seconds();
}

}  // namespace

void RunSqliteRaw(const Options& opts, Table& table) {
  const uint64_t n = opts.append_n;
  table.Section("SQLite raw inserts (peer for the store): " + std::to_string(n) +
                " rows, WAL, synchronous=FULL, 4096 rows/transaction");
  Progress("sqlite: bare table");
  table.Row("sqlite_bare", "SQLite raw: one table, ~400 B rows", BareRate(opts, n), "rows/s");
  Progress("sqlite: jirga's schema");
  table.Row("sqlite_shape",
            "SQLite raw: jirga's schema, per record leaf+record+~2 nodes (+1 checkpoint/tx)",
            JirgaShapeRate(opts, n), "records/s", "sqlite_bare",
            "the floor under SqliteStore::Append (1 thread)");
}

}  // namespace jirga::bench
