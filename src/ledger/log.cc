// The Log: record validation, the single-writer append path, checkpoints and proofs.
#include "ledger/log.h"

#include <cassert>
#include <map>

#include "ledger/note.h"

namespace jirga {
namespace {

Result<std::string> SignCheckpoint(const SigningKey& key, const std::string& origin, uint64_t size,
                                   const Hash& root) {
  Checkpoint cp;
  cp.origin = origin;
  cp.size = size;
  cp.root = root;
  return SignNote(cp.ToText(), key);
}

// The records a validate_in_log hook may read: the stored log, then the records accepted so far
// in the batch being built (not yet in the store).
class BatchPriorRecords : public PriorRecords {
 public:
  BatchPriorRecords(Store& store, const std::vector<Prepared>& items,
                    const std::vector<size_t>& accepted, uint64_t first_index)
      : store_(store), items_(items), accepted_(accepted), first_index_(first_index) {}

  Status Scan(std::string_view kind,
              const std::function<bool(uint64_t, const Record&)>& fn) const override {
    bool more = true;
    Status parse_status;
    RETURN_IF_ERROR(store_.ScanRecords(
        RecordFilter{.kind = std::string(kind)}, [&](const StoredRecord& row) {
          if (row.index >= first_index_) return false;
          if (row.redacted_by != 0) return true;  // erased: as if never made (kinds.h)
          auto rec = ParseRecord(row.record);
          if (!rec.ok()) {
            parse_status = Corruption("record " + std::to_string(row.index) +
                                      " no longer parses: " + rec.status().message());
            return false;
          }
          more = fn(row.index, *rec);
          return more;
        }));
    RETURN_IF_ERROR(parse_status);
    for (size_t k = 0; more && k < accepted_.size(); ++k) {
      const Prepared& p = items_[accepted_[k]];
      if (p.record.kind == kind) more = fn(first_index_ + k, p.record);
    }
    return Status::Ok();
  }

 private:
  Store& store_;
  const std::vector<Prepared>& items_;
  const std::vector<size_t>& accepted_;
  uint64_t first_index_;
};

}  // namespace

Result<std::unique_ptr<Log>> Log::Create(std::unique_ptr<Store> store, const std::string& origin,
                                         const SigningKey& log_key, const SigningKey& operator_key,
                                         const std::string& operator_name,
                                         const KindRegistry& kinds, LogOptions options) {
  Clock* clock = options.clock;
  if (origin.empty() || origin.find_first_of(" \n\t+") != std::string::npos) {
    return InvalidArgument("origin \"" + origin + "\" must be non-empty, without spaces or '+'");
  }
  if (log_key.verifier().name != origin) {
    return InvalidArgument("the log key's name must be the origin \"" + origin + "\"");
  }
  RETURN_IF_ERROR(store->Initialize({
      {"format", std::string(kLedgerFormat)},
      {"origin", origin},
      {"log_vkey", log_key.verifier().ToVkey()},
      {"operator_vkey", operator_key.verifier().ToVkey()},
      {"created", FormatRfc3339(clock->NowMicros())},
  }));
  // The genesis record: the operator registers itself with its own key.
  Record genesis;
  genesis.kind = "party";
  genesis.party = "operator";
  genesis.time = FormatRfc3339(clock->NowMicros());
  genesis.body = {{"id", "operator"},
                  {"name", operator_name},
                  {"role", "operator"},
                  {"vkeys", {operator_key.verifier().ToVkey()}},
                  {"kinds", kinds.DefaultKindsFor(Role::kOperator)}};
  ASSIGN_OR_RETURN(auto log, Open(std::move(store), log_key, kinds, options));
  auto appended = log->Append(SignRecord(SerializeRecord(genesis), operator_key));
  if (!appended.ok()) return appended.status().WithContext("genesis record");
  return log;
}

Log::Log(std::unique_ptr<Store> store, std::optional<SigningKey> log_key,
         const KindRegistry& kinds, LogOptions options)
    : store_(std::move(store)), log_key_(std::move(log_key)), kinds_(kinds), options_(options) {}

Log::~Log() { sequencer_.reset(); }

Result<std::unique_ptr<Log>> Log::Open(std::unique_ptr<Store> store,
                                       std::optional<SigningKey> log_key,
                                       const KindRegistry& kinds, LogOptions options) {
  InitCrypto();
  ASSIGN_OR_RETURN(std::string format, store->GetMeta("format"));
  if (format != kLedgerFormat) {
    return FailedPrecondition("store holds ledger format \"" + format + "\"; this jirga reads \"" +
                              std::string(kLedgerFormat) + "\"");
  }
  std::unique_ptr<Log> log(new Log(std::move(store), std::move(log_key), kinds, options));
  ASSIGN_OR_RETURN(log->origin_, log->store_->GetMeta("origin"));
  ASSIGN_OR_RETURN(std::string vkey, log->store_->GetMeta("log_vkey"));
  ASSIGN_OR_RETURN(log->log_vkey_, ParseVkey(vkey));
  if (log->log_key_ && log->log_key_->verifier().ToVkey() != vkey) {
    return InvalidArgument("the log key " + log->log_key_->verifier().ToVkey() +
                           " is not this log's key " + vkey);
  }
  ASSIGN_OR_RETURN(uint64_t size, log->store_->Size());
  ASSIGN_OR_RETURN(log->frontier_, Frontier::Load(*log->store_, size));
  if (size > 0) {
    ASSIGN_OR_RETURN(log->checkpoint_, log->store_->LatestCheckpoint());
  }
  // Rebuild the party registry from the party records, in index order.
  Status apply_status;
  RETURN_IF_ERROR(log->store_->ScanRecords(
      RecordFilter{.kind = "party"}, [&](const StoredRecord& row) {
        auto rec = ParseRecord(row.record);
        if (!rec.ok()) {
          apply_status = Corruption("party record " + std::to_string(row.index) +
                                    " no longer parses: " + rec.status().message());
          return false;
        }
        auto info = ParsePartyBody(rec->body, kinds);
        if (!info.ok()) {
          apply_status = Corruption("party record " + std::to_string(row.index) +
                                    " is invalid: " + info.status().message());
          return false;
        }
        apply_status = log->parties_.Apply(*info, row.index, row.party);
        return apply_status.ok();
      }));
  RETURN_IF_ERROR(apply_status);
  Log* raw = log.get();
  log->sequencer_ = std::make_unique<Sequencer<Prepared, Appended>>(
      [raw](std::vector<Prepared>& items, std::vector<Result<Appended>>& results) {
        raw->AppendBatch(items, results);
      },
      options.max_batch);
  return log;
}

Result<Prepared> Log::Prepare(Submission sub) const {
  ASSIGN_OR_RETURN(Record record, ParseRecord(sub.record));
  return Prepare(std::move(sub), std::move(record));
}

Result<Prepared> Log::Prepare(Submission sub, Record record) const {
  assert(SerializeRecord(record) == sub.record && "record must be the canonical parse of the bytes");
  if (sub.record.size() > kMaxRecordBytes) {
    return ResourceExhausted("record is " + std::to_string(sub.record.size()) +
                             " bytes; the limit is " + std::to_string(kMaxRecordBytes));
  }
  if (sub.salt.size() != kSaltSize) {
    return InvalidArgument("salt must be 32 bytes, not " + std::to_string(sub.salt.size()));
  }
  const KindSpec* spec = kinds_.Find(record.kind);
  if (spec == nullptr) return InvalidArgument("unknown record kind \"" + record.kind + "\"");
  Status body = spec->validate_body(record.body);
  if (!body.ok()) return body.WithContext(record.kind + " record");
  if (record.time_micros > options_.clock->NowMicros() + options_.max_future_skew_micros) {
    return InvalidArgument("record time " + record.time + " lies in the future (now is " +
                           FormatRfc3339(options_.clock->NowMicros()) + ")");
  }
  Prepared p;
  p.key_hash = Sha256(std::string_view(reinterpret_cast<const char*>(sub.pub.data()), 32));
  Hash commitment = ComputeCommitment(sub.salt, sub.record);
  if (!VerifySignature(sub.pub, RecordSigningMessage(commitment), sub.sig)) {
    return Unauthorized("the signature does not verify for this record, salt and key");
  }
  if (record.kind == "party") {
    ASSIGN_OR_RETURN(PartyInfo info, ParsePartyBody(record.body, kinds_));
    p.party_update = std::move(info);
  }
  if (record.kind == kRedactionKind) {
    ASSIGN_OR_RETURN(Redaction redaction, ParseRedactionBody(record.body));
    p.redaction = std::move(redaction);
  }
  // Authorisation is decided by the writer, in order: a party record earlier in the same batch
  // or stream may be what allows this one.
  p.leaf = Leaf{p.key_hash, sub.sig, commitment}.Serialize();
  p.leaf_hash = LeafHash(p.leaf);
  p.record = std::move(record);
  p.submission = std::move(sub);
  return p;
}

std::future<Result<Appended>> Log::Enqueue(Prepared prepared) {
  if (!log_key_) {
    std::promise<Result<Appended>> p;
    p.set_value(FailedPrecondition("the log is open read-only (no log key)"));
    return p.get_future();
  }
  return sequencer_->Enqueue(std::move(prepared));
}

Result<Appended> Log::Append(Submission submission) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(std::move(submission)));
  return Enqueue(std::move(p)).get();
}

void Log::AppendBatch(std::vector<Prepared>& items, std::vector<Result<Appended>>& results) {
  // Resubmissions are rare, so the first attempt does not look every leaf hash up: the store's
  // unique leaf-hash index refuses a batch holding an already stored leaf (AlreadyExists, nothing
  // written), and only then is the batch redone with a lookup per record.
  if (TryAppendBatch(items, results, /*look_up_duplicates=*/false).code() ==
      StatusCode::kAlreadyExists) {
    (void)TryAppendBatch(items, results, /*look_up_duplicates=*/true);
  }
}

Status Log::TryAppendBatch(std::vector<Prepared>& items, std::vector<Result<Appended>>& results,
                           bool look_up_duplicates) {
  // Only this (sequencer) thread mutates the state, so it may read it without the lock and take
  // the lock exclusively just to publish.
  Frontier frontier = frontier_;
  PartyRegistry parties = parties_;
  jirga::AppendBatch batch;
  batch.first_index = frontier.size();
  int64_t now = options_.clock->NowMicros();
  std::map<Hash, uint64_t> in_batch;
  std::vector<size_t> appended_items;  // item positions that get a new index
  std::map<uint64_t, uint64_t> redacted_now;  // target -> redaction, in this batch
  // Groups that fail in this attempt; recorded in failed_groups_ only once the attempt stands.
  std::set<uint64_t> failed_now;
  auto fail_group = [&](uint64_t group) {
    if (group != 0) failed_now.insert(group);
  };
  auto emit = [&](int level, uint64_t index, const Hash& h) {
    batch.nodes.push_back(NodeEntry{level, index, h});
  };
  for (size_t i = 0; i < items.size(); ++i) {
    Prepared& p = items[i];
    uint64_t index = frontier.size();
    if (p.group != 0 && (failed_groups_.count(p.group) || failed_now.count(p.group))) {
      results[i] = FailedPrecondition("not appended: an earlier record of the same submission was refused");
      continue;
    }
    // A resubmission of the same signed record is answered with its existing index.
    if (auto it = in_batch.find(p.leaf_hash); it != in_batch.end()) {
      results[i] = Appended{it->second, p.leaf, p.leaf_hash, true};
      continue;
    }
    if (look_up_duplicates) {
      auto existing = store_->FindLeafHash(p.leaf_hash);
      if (!existing.ok()) {
        results[i] = existing.status();
        fail_group(p.group);
        continue;
      }
      if (existing->has_value()) {
        results[i] = Appended{**existing, p.leaf, p.leaf_hash, true};
        continue;
      }
    }
    Status st;
    if (parties.empty()) {
      // Genesis: a party record registering the operator, signed by a key it registers.
      bool self_signed = false;
      if (p.party_update) {
        for (const auto& k : p.party_update->keys) self_signed |= k.PubHash() == p.key_hash;
      }
      if (!p.party_update || !self_signed || p.record.party != p.party_update->id) {
        st = Unauthorized("the first record must be the operator's self-signed party record");
      }
    } else {
      st = parties.CheckAllowed(p.key_hash, p.record.party, p.record.kind);
    }
    for (const auto& ref : p.record.refs) {
      if (st.ok() && ref.index >= index) {
        st = InvalidArgument("refs points to index " + std::to_string(ref.index) +
                             ", which is not an earlier record (this record would be " +
                             std::to_string(index) + ")");
      }
    }
    if (st.ok()) {
      const KindSpec* spec = kinds_.Find(p.record.kind);
      if (spec != nullptr && spec->validate_in_log) {
        BatchPriorRecords prior(*store_, items, appended_items, batch.first_index);
        st = spec->validate_in_log(p.record, index, prior);
        if (!st.ok()) st = st.WithContext(p.record.kind + " record");
      }
    }
    if (st.ok() && p.redaction) st = CheckRedaction(*p.redaction, index, batch, redacted_now);
    if (st.ok() && p.party_update) st = parties.Apply(*p.party_update, index, p.record.party);
    if (!st.ok()) {
      results[i] = st;
      fail_group(p.group);
      continue;
    }
    frontier.Append(p.leaf_hash, emit);
    batch.leaves.push_back(p.leaf);
    batch.leaf_hashes.push_back(p.leaf_hash);
    // The record bytes and salt move into the batch rather than being copied; they move back
    // if the attempt is redone.
    batch.records.push_back(StoredRecord{index, p.record.kind, p.record.party,
                                         std::move(p.submission.record),
                                         std::move(p.submission.salt), now});
    in_batch[p.leaf_hash] = index;
    if (p.redaction) {
      batch.redactions.push_back(RedactionEntry{p.redaction->index, index});
      redacted_now[p.redaction->index] = index;
    }
    appended_items.push_back(i);
    results[i] = Appended{index, p.leaf, p.leaf_hash, false};
  }
  Status st;
  if (!batch.leaves.empty()) {
    auto checkpoint = SignCheckpoint(*log_key_, origin_, frontier.size(), frontier.Root());
    st = checkpoint.status();
    if (st.ok()) {
      batch.checkpoint = *checkpoint;
      batch.checkpoint_micros = now;
      st = store_->Append(batch);
    }
  }
  if (st.code() == StatusCode::kAlreadyExists && !look_up_duplicates) {
    // A stored duplicate: nothing was written; hand the bytes back for the second attempt.
    for (size_t k = 0; k < appended_items.size(); ++k) {
      Prepared& p = items[appended_items[k]];
      p.submission.record = std::move(batch.records[k].record);
      p.submission.salt = std::move(batch.records[k].salt);
    }
    return st;
  }
  if (!st.ok()) {
    // Nothing of the batch is durable: every record that was to be appended fails with the
    // store's error (duplicates answered above stay answered).
    for (size_t i : appended_items) {
      results[i] = st;
      fail_group(items[i].group);
    }
  }
  for (uint64_t g : failed_now) MarkGroupFailed(g);
  if (!st.ok() || batch.leaves.empty()) return st;
  const uint64_t n = batch.leaves.size();
  size_t bucket = 0;
  while (bucket < std::size(LogStats::kBatchBounds) && n > LogStats::kBatchBounds[bucket]) ++bucket;
  stats_.batch_size_counts[bucket].fetch_add(1, std::memory_order_relaxed);
  stats_.records.fetch_add(n, std::memory_order_relaxed);
  stats_.batches.fetch_add(1, std::memory_order_relaxed);
  std::unique_lock l(mutex_);
  frontier_ = std::move(frontier);
  parties_ = std::move(parties);
  checkpoint_ = std::move(batch.checkpoint);
  return Status::Ok();
}

Status Log::CheckRedaction(const Redaction& r, uint64_t index, const jirga::AppendBatch& batch,
                          const std::map<uint64_t, uint64_t>& redacted_now) {
  std::string kind;
  uint64_t redacted_by = 0;
  if (auto it = redacted_now.find(r.index); it != redacted_now.end()) redacted_by = it->second;
  if (r.index >= index) {
    // Refused below for not being earlier; nothing to look up.
  } else if (r.index >= batch.first_index) {
    kind = batch.records[r.index - batch.first_index].kind;
  } else {
    ASSIGN_OR_RETURN(StoredRecord target, store_->GetRecord(r.index));
    kind = std::move(target.kind);
    if (redacted_by == 0) redacted_by = target.redacted_by;
  }
  return CheckRedactionTarget(r.index, kind, redacted_by, index);
}

void Log::MarkGroupFailed(uint64_t group) {
  // Remember the most recent failed groups only: a group's records are enqueued together, so an
  // old group has long finished by the time it falls out.
  if (failed_groups_.insert(group).second) failed_order_.push_back(group);
  while (failed_order_.size() > 4096) {
    failed_groups_.erase(failed_order_.front());
    failed_order_.pop_front();
  }
}

uint64_t Log::Size() const {
  std::shared_lock l(mutex_);
  return frontier_.size();
}

Result<std::string> Log::LatestCheckpoint() const {
  std::shared_lock l(mutex_);
  if (checkpoint_.empty()) return NotFound("the log is empty");
  return checkpoint_;
}

Result<Hash> Log::RootAt(uint64_t size) {
  if (size > Size()) {
    return InvalidArgument("size " + std::to_string(size) + " exceeds the log size " +
                           std::to_string(Size()));
  }
  return jirga::RootAt(*store_, size);
}

Result<std::vector<Hash>> Log::InclusionProof(uint64_t index, uint64_t size) {
  if (size > Size() || index >= size) {
    return InvalidArgument("no inclusion proof for index " + std::to_string(index) +
                           " in a tree of size " + std::to_string(size) + " (log size " +
                           std::to_string(Size()) + ")");
  }
  return jirga::InclusionProof(*store_, index, size);
}

Result<std::vector<Hash>> Log::ConsistencyProof(uint64_t old_size, uint64_t new_size) {
  if (old_size == 0 || old_size > new_size || new_size > Size()) {
    return InvalidArgument("no consistency proof from size " + std::to_string(old_size) +
                           " to " + std::to_string(new_size) + " (log size " +
                           std::to_string(Size()) + ")");
  }
  return jirga::ConsistencyProof(*store_, old_size, new_size);
}

PartyRegistry Log::Parties() const {
  std::shared_lock l(mutex_);
  return parties_;
}

}  // namespace jirga
