// Log: the signed, append-only record log over a Store — validation, sequencing, the Merkle tree,
// checkpoints and proofs.
//
// Life of a record: Prepare() runs every check that does not depend on the log's order (size,
// JSON envelope, kind and body schema, time skew, Ed25519 signature) and may run on any thread in
// parallel. Enqueue() hands the prepared record to the one
// writer, which checks authorisation (key registered to the record's party, kind allowed) against
// the registry as of its index (a party record
// earlier in the same batch counts), drops duplicates (answering with the existing index), checks
// refs point backwards and that a redaction's target may be erased (ledger/redaction.h), extends
// the tree, signs a checkpoint covering the batch, and commits all
// of it in one store transaction. Only then do the futures resolve: an acknowledged record is
// durable, and the latest checkpoint always covers every durable record.
//
// Ownership: the Log owns its Store; the KindRegistry and Clock are borrowed and must outlive it.
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/kinds.h"
#include "ledger/merkle.h"
#include "ledger/parties.h"
#include "ledger/record.h"
#include "ledger/redaction.h"
#include "ledger/sequencer.h"
#include "store/store.h"

namespace jirga {

inline constexpr std::string_view kLedgerFormat = "jirga-ledger/1";

struct LogOptions {
  Clock* clock = SystemClock();
  // A record whose `time` lies further in the future than this is refused.
  int64_t max_future_skew_micros = 10LL * 60 * 1000000;
  size_t max_batch = 4096;
};

struct Appended {
  uint64_t index = 0;
  std::string leaf;  // 128 bytes
  Hash leaf_hash{};
  bool duplicate = false;  // the same signed submission was already in the log at `index`
};

// Counters of committed batches, for monitoring (GET /metrics). Updated by the writer after each
// commit; read from any thread (each value is individually atomic).
struct LogStats {
  // Upper bounds of the batch-size histogram buckets (records per committed batch); a last,
  // implicit bucket counts everything larger.
  static constexpr uint64_t kBatchBounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
  static constexpr size_t kBuckets = std::size(kBatchBounds) + 1;

  std::atomic<uint64_t> batches{0};
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> batch_size_counts[kBuckets] = {};  // not cumulative
};

// A submission that passed the order-independent checks.
struct Prepared {
  Submission submission;
  Record record;
  std::string leaf;
  Hash leaf_hash{};
  Hash key_hash{};
  std::optional<PartyInfo> party_update;  // for `party` records
  std::optional<Redaction> redaction;     // for `redaction` records
  // Records enqueued with the same non-zero group stop at the group's first failure: once one is
  // refused, every later one of the group is refused too ("all up to the first error").
  uint64_t group = 0;
};

class Log {
 public:
  // Initialises an empty store as a new log: metadata (format, origin, log and operator keys) and
  // the genesis record (index 0) registering the operator party, signed by `operator_key`.
  // The log key's name must equal `origin`. AlreadyExists if the store is initialised. Returns
  // the opened log.
  static Result<std::unique_ptr<Log>> Create(std::unique_ptr<Store> store,
                                             const std::string& origin, const SigningKey& log_key,
                                             const SigningKey& operator_key,
                                             const std::string& operator_name,
                                             const KindRegistry& kinds, LogOptions options = {});

  // Opens a log. Without `log_key` the log is read-only: Enqueue fails with FailedPrecondition.
  // FailedPrecondition if the store is not a jirga log of a supported format; InvalidArgument if
  // `log_key` is not the log's key.
  static Result<std::unique_ptr<Log>> Open(std::unique_ptr<Store> store,
                                           std::optional<SigningKey> log_key,
                                           const KindRegistry& kinds, LogOptions options = {});
  ~Log();

  Result<Prepared> Prepare(Submission submission) const;
  // The same for a caller that built the bytes itself: `record` must be what ParseRecord gives for
  // submission.record, and submission.record must be SerializeRecord(record) (checked in debug
  // builds). Saves parsing the JSON again on the CLI's hot path.
  Result<Prepared> Prepare(Submission submission, Record record) const;
  std::future<Result<Appended>> Enqueue(Prepared prepared);
  // A fresh group id for Prepared::group.
  uint64_t NewGroup() { return next_group_.fetch_add(1) + 1; }
  // Prepare, Enqueue and wait for durability.
  Result<Appended> Append(Submission submission);

  const std::string& origin() const { return origin_; }
  const VerifierKey& log_vkey() const { return log_vkey_; }
  const KindRegistry& kinds() const { return kinds_; }
  Store& store() { return *store_; }

  uint64_t Size() const;
  // The signed checkpoint note for the current size.
  Result<std::string> LatestCheckpoint() const;
  Result<Hash> RootAt(uint64_t size);
  // InvalidArgument unless index < size <= Size().
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size);
  // InvalidArgument unless 0 < old_size <= new_size <= Size().
  Result<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size);
  // A snapshot of the registered parties.
  PartyRegistry Parties() const;
  const LogStats& stats() const { return stats_; }

 private:
  Log(std::unique_ptr<Store> store, std::optional<SigningKey> log_key, const KindRegistry& kinds,
      LogOptions options);
  void AppendBatch(std::vector<Prepared>& items, std::vector<Result<Appended>>& results);
  // One attempt at a batch. AlreadyExists (nothing written, items intact) when the store holds a
  // leaf of the batch that was not looked up; otherwise results are final.
  Status TryAppendBatch(std::vector<Prepared>& items, std::vector<Result<Appended>>& results,
                        bool look_up_duplicates);
  void MarkGroupFailed(uint64_t group);
  // Whether redaction `r`, to be appended at `index` in `batch`, may erase its target (stored, or
  // earlier in the batch; `redacted_now` maps targets already erased by this batch).
  Status CheckRedaction(const Redaction& r, uint64_t index, const jirga::AppendBatch& batch,
                        const std::map<uint64_t, uint64_t>& redacted_now);

  // Constant after construction.
  std::unique_ptr<Store> store_;
  const std::optional<SigningKey> log_key_;
  const KindRegistry& kinds_;
  const LogOptions options_;
  std::string origin_;
  VerifierKey log_vkey_;

  // Guarded by mutex_ (writes only from the sequencer thread; readers take it shared).
  mutable std::shared_mutex mutex_;
  Frontier frontier_;
  PartyRegistry parties_;
  std::string checkpoint_;

  std::atomic<uint64_t> next_group_{0};
  LogStats stats_;
  std::set<uint64_t> failed_groups_;  // sequencer thread only
  std::deque<uint64_t> failed_order_;  // sequencer thread only

  // Declared last so it is destroyed first: its destructor drains the queue while the state
  // above is still alive.
  std::unique_ptr<Sequencer<Prepared, Appended>> sequencer_;
};

}  // namespace jirga
