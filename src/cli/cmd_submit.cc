// `jirga submit`: sign record objects with a party key and append them, printing each index once
// it is durable. Input is streamed in chunks: while one chunk is being made durable the next is
// parsed, signed and verified on worker threads. With --server the signed records go to a jirga
// server in batches instead, and each acknowledgement is printed once it is proved in the log.
#include <atomic>
#include <cstdio>
#include <istream>
#include <optional>
#include <ostream>
#include <thread>

#include "base/clock.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "client/remote_log.h"
#include "ledger/record.h"

namespace jirga::cli {
namespace {

constexpr size_t kChunk = 2048;
// An input line may carry a record of up to kMaxRecordBytes plus the wrapper.
constexpr size_t kMaxLine = kMaxRecordBytes + 4096;

// Reads '\n'-terminated lines straight from the stream buffer, refusing, without reading
// further, any line longer than a limit.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : buf_(*in.rdbuf()) {}
  // Returns false at end of input. A line over the limit is an error.
  Result<bool> Next(std::string* line) {
    line->clear();
    if (eof_) return false;
    for (;;) {
      // sbumpc reads from the stream's buffer (refilling it in bulk when empty) without the
      // per-call sentry of istream::get.
      const int c = buf_.sbumpc();
      if (c == std::char_traits<char>::eof()) {
        eof_ = true;
        return !line->empty();
      }
      if (c == '\n') return true;
      if (line->size() >= kMaxLine) {
        return ResourceExhausted("line is longer than " + std::to_string(kMaxLine) +
                                 " bytes (records are limited to " +
                                 std::to_string(kMaxRecordBytes) + ")");
      }
      line->push_back(static_cast<char>(c));
    }
  }

 private:
  std::streambuf& buf_;
  bool eof_ = false;
};

struct Input {
  std::string where;  // "line 7" or "file.json"
  std::string text;
};

// The inputs of a submit in order: each file is one input, each non-blank line of stdin ("-")
// another.
class InputSource {
 public:
  InputSource(const std::vector<std::string>& inputs, std::istream& in)
      : inputs_(inputs), in_(in) {}

  // Fills `*input` and returns true, or returns false at the end. `*idle` tells whether stdin
  // has nothing more buffered: the moment to send what is pending, so an interactive producer
  // gets its acknowledgements without waiting for a full chunk. An unreadable or oversized input
  // is an error naming it.
  Result<bool> Next(Input* input, bool* idle) {
    *idle = false;
    while (next_ < inputs_.size()) {
      const std::string& name = inputs_[next_];
      if (name != "-") {
        ++next_;
        ASSIGN_OR_RETURN(std::string text, ReadFile(name));
        if (text.size() > kMaxLine) {
          return ResourceExhausted(name + ": file is larger than a record may be");
        }
        *input = Input{name, std::move(text)};
        return true;
      }
      if (!reader_) {
        reader_.emplace(in_);
        line_ = 0;
      }
      std::string line;
      for (;;) {
        ++line_;
        auto more = reader_->Next(&line);
        if (!more.ok()) return more.status().WithContext("stdin line " + std::to_string(line_));
        if (!*more) break;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
        *input = Input{"stdin line " + std::to_string(line_), std::move(line)};
        *idle = in_.rdbuf()->in_avail() <= 0;
        return true;
      }
      reader_.reset();
      ++next_;
    }
    return false;
  }

 private:
  const std::vector<std::string>& inputs_;
  std::istream& in_;
  size_t next_ = 0;
  std::optional<LineReader> reader_;
  uint64_t line_ = 0;
};

// A record object from the input, built into a record and signed.
struct SignedInput {
  Submission sub;
  Record rec;
};

// Turns an input object {"kind","body","refs"[,"time"]} into a signed record.
Result<SignedInput> SignInput(const Input& input, const std::string& party,
                              const SigningKey& key) {
  ASSIGN_OR_RETURN(Json j, ParseJsonStrict(input.text));
  if (!j.is_object()) return InvalidArgument("input must be a JSON object");
  for (auto& [k, _] : j.items()) {
    if (k != "kind" && k != "body" && k != "refs" && k != "time") {
      return InvalidArgument("unknown field \"" + k + "\" (expected kind, body, refs, time)");
    }
  }
  auto kind = j.find("kind");
  if (kind == j.end() || !kind->is_string()) return InvalidArgument("\"kind\" must be a string");
  auto body = j.find("body");
  if (body == j.end() || !body->is_object()) return InvalidArgument("\"body\" must be an object");
  std::string time;
  if (auto t = j.find("time"); t != j.end()) {
    if (!t->is_string()) return InvalidArgument("\"time\" must be a string");
    time = t->get<std::string>();
  } else {
    time = FormatRfc3339(SystemClock()->NowMicros());
  }
  static const Json kNoRefs;
  auto refs = j.find("refs");
  // Built from the parsed parts and serialized once, in canonical form, then signed.
  ASSIGN_OR_RETURN(Record rec, MakeRecord(kind->get<std::string>(), party, std::move(time),
                                          std::move(*body), refs == j.end() ? kNoRefs : *refs));
  Submission sub = SignRecord(SerializeRecord(rec), key);
  return SignedInput{std::move(sub), std::move(rec)};
}

// Turns an input object into a signed, prepared submission.
Result<Prepared> BuildOne(const Input& input, const std::string& party, const SigningKey& key,
                          Log& log) {
  ASSIGN_OR_RETURN(SignedInput s, SignInput(input, party, key));
  return log.Prepare(std::move(s.sub), std::move(s.rec));
}

// A batch holds at most this many records, and its body stays under 1 MiB (the server's default
// --max-body); a single record too large for that goes alone and the server decides.
constexpr size_t kBatchItems = 1000;
constexpr size_t kBatchBodyBytes = 1 << 20;

// submit --server: the records are signed here and sent in batches; each batch's acknowledged
// records are printed once their leaves are checked and proved included in a checkpoint that is
// consistent with every one verified before.
Status SubmitRemote(Context& ctx, const RemoteFlags& flags, const SigningKey& key,
                    std::string party, const std::vector<std::string>& inputs) {
  ASSIGN_OR_RETURN(auto server, OpenRemote(flags));
  if (party.empty()) {
    ASSIGN_OR_RETURN(party, server->PartyOfKey(key.verifier()));
  }
  const std::string vkey = key.verifier().ToVkey();
  std::vector<client::BatchItem> items;
  std::vector<std::string> wheres;
  size_t body_bytes = 2;  // "[" and "]"
  // Sends the pending batch; prints and returns like a local chunk: everything acknowledged
  // before the first refusal, then that refusal.
  auto flush = [&]() -> Status {
    if (items.empty()) return Status::Ok();
    auto sent = server->SubmitBatch(items);
    if (!sent.ok()) {
      // The whole request failed (too large, server down): name the inputs it carried.
      if (sent.status().code() == StatusCode::kCorruption) return sent.status();
      return sent.status().WithContext(
          items.size() == 1 ? wheres[0] : wheres.front() + " to " + wheres.back());
    }
    std::vector<client::BatchItemOutcome> outcomes = std::move(*sent);
    size_t acked = 0;
    Status refusal;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (!outcomes[i].refusal.ok()) {
        if (refusal.ok()) refusal = outcomes[i].refusal.WithContext(wheres[i]);
      } else if (!refusal.ok()) {
        return Corruption(server->server() + " appended " + wheres[i] + " after refusing an "
                          "earlier record of the batch, although asked to stop on the first "
                          "error");
      } else {
        ++acked;
      }
    }
    if (acked > 0) {
      // Acknowledged means durable and covered by the latest checkpoint (http-api.md §4).
      RETURN_IF_ERROR(server->Refresh().status());
      for (size_t i = 0; i < acked; ++i) {
        Status st = server->CheckIncluded(outcomes[i].index, items[i].leaf);
        if (!st.ok()) return st.WithContext(wheres[i]);
      }
      RETURN_IF_ERROR(server->SaveState());
      for (size_t i = 0; i < acked; ++i) {
        ctx.out << outcomes[i].index << " " << HashHex(LeafHash(items[i].leaf)) << "\n";
      }
      ctx.out.flush();
    }
    items.clear();
    wheres.clear();
    body_bytes = 2;
    return refusal;
  };
  auto run = [&]() -> Status {
    InputSource source(inputs, ctx.in);
    uint64_t records = 0;
    for (;;) {
      Input input;
      bool idle = false;
      auto more = source.Next(&input, &idle);
      if (!more.ok()) {
        RETURN_IF_ERROR(flush());
        return more.status();
      }
      if (!*more) break;
      ++records;
      auto s = SignInput(input, party, key);
      if (!s.ok()) {
        RETURN_IF_ERROR(flush());
        return s.status().WithContext(input.where);
      }
      client::BatchItem item = client::MakeBatchItem(s->sub, vkey);
      const size_t grown = body_bytes + (items.empty() ? 0 : 1) + item.json.size();
      if (!items.empty() && (items.size() == kBatchItems || grown >= kBatchBodyBytes)) {
        RETURN_IF_ERROR(flush());
      }
      body_bytes += (items.empty() ? 0 : 1) + item.json.size();
      items.push_back(std::move(item));
      wheres.push_back(std::move(input.where));
      if (idle) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(flush());
    if (records == 0) return InvalidArgument("no records in the input");
    return Status::Ok();
  };
  Status st = run();
  // What was verified is kept, unless the server was caught lying (then nothing it said is).
  if (st.code() != StatusCode::kCorruption) {
    Status saved = server->SaveState();
    if (st.ok()) st = saved;
  }
  return st;
}

}  // namespace

Status CmdSubmit(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Sign records with a party key and append them. Each input is one JSON object "
               "{\"kind\", \"body\", \"refs\"}; '-' reads JSON Lines from stdin.",
               "submit"};
  std::string store_flag, key_path, party_flag;
  std::vector<std::string> inputs;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  RemoteFlags remote;
  AddRemoteOptions(app, &remote, AddStoreOption(app, &store_flag));
  app.add_option("--key", key_path, "the party's private key file")->required();
  app.add_option("--party", party_flag, "party id (default: the party the key is registered to)");
  app.add_option("--threads", threads, "signing/verification threads (local store only)")
      ->check(CLI::Range(1, 64));
  app.add_option("INPUT", inputs, "record files, or - for JSON Lines on stdin")->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  InitCrypto();
  auto key = SigningKey::Load(key_path);
  if (!key.ok()) return key.status();
  if (!remote.server.empty()) return SubmitRemote(ctx, remote, *key, party_flag, inputs);
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/true));
  std::string party = party_flag;
  if (party.empty()) {
    ASSIGN_OR_RETURN(party, PartyOfKey(*log, key->verifier()));
  }
  const uint64_t group = log->NewGroup();

  // Results of the chunk in flight, printed in order before the next chunk is enqueued.
  struct InFlight {
    std::string where;
    std::future<Result<Appended>> future;
  };
  std::vector<InFlight> in_flight;
  auto drain = [&]() -> Status {
    Status first;
    for (auto& f : in_flight) {
      Result<Appended> r = f.future.get();
      if (!r.ok()) {
        if (first.ok()) first = r.status().WithContext(f.where);
        continue;
      }
      if (first.ok()) ctx.out << r->index << " " << HashHex(r->leaf_hash) << "\n";
    }
    ctx.out.flush();
    in_flight.clear();
    return first;
  };
  // Prepares a chunk on worker threads, then enqueues its valid prefix in order.
  auto process = [&](std::vector<Input>& chunk) -> Status {
    std::vector<std::optional<Result<Prepared>>> prepared(chunk.size());
    std::vector<std::thread> pool;
    size_t nthreads = std::min(chunk.size(), static_cast<size_t>(threads));
    // Items are handed out one at a time rather than in fixed stripes: the writer thread takes
    // CPU from whichever worker shares its core, and fixed stripes would leave the other idle.
    std::atomic<size_t> next_item{0};
    for (size_t t = 0; t < nthreads; ++t) {
      pool.emplace_back([&] {
        for (size_t i = next_item++; i < chunk.size(); i = next_item++) {
          prepared[i] = BuildOne(chunk[i], party, *key, *log);
        }
      });
    }
    for (auto& th : pool) th.join();
    Status first_error;
    std::vector<InFlight> next;
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (!prepared[i]->ok()) {
        first_error = prepared[i]->status().WithContext(chunk[i].where);
        break;
      }
      Prepared p = std::move(prepared[i]->value());
      p.group = group;
      next.push_back(InFlight{chunk[i].where, log->Enqueue(std::move(p))});
    }
    // Print the previous chunk's results (now durable or failed) before keeping the new ones.
    Status prev = drain();
    in_flight = std::move(next);
    if (!prev.ok()) {
      (void)drain();  // later records of the group are refused by the writer; wait for them
      return prev;
    }
    if (!first_error.ok()) {
      Status cur = drain();
      return cur.ok() ? first_error : cur;
    }
    return Status::Ok();
  };

  std::vector<Input> chunk;
  uint64_t records = 0;
  // Appends and reports everything before a failing input, then returns the failure.
  auto stop_with = [&](Status failure) -> Status {
    RETURN_IF_ERROR(process(chunk));
    RETURN_IF_ERROR(drain());
    return failure;
  };
  InputSource source(inputs, ctx.in);
  for (;;) {
    Input input;
    bool idle = false;
    auto more = source.Next(&input, &idle);
    if (!more.ok()) return stop_with(more.status());
    if (!*more) break;
    ++records;
    chunk.push_back(std::move(input));
    // A full chunk goes now; so does a partial one when no more input is buffered.
    if (chunk.size() == kChunk || idle) {
      RETURN_IF_ERROR(process(chunk));
      chunk.clear();
      if (idle) RETURN_IF_ERROR(drain());
    }
  }
  RETURN_IF_ERROR(process(chunk));
  RETURN_IF_ERROR(drain());
  if (records == 0) return InvalidArgument("no records in the input");
  return Status::Ok();
}

}  // namespace jirga::cli
