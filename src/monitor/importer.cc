// The two-pass dataset import of importer.h: validate the whole file, then look up, sign and
// append it batch by batch.
#include "monitor/importer.h"

#include <fstream>
#include <set>

#include "base/file.h"

namespace jirga {
namespace {

Result<std::unique_ptr<std::ifstream>> OpenInput(const std::string& path) {
  if (!FileExists(path)) return NotFound(path + ": no such file");
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return IOError(path + ": cannot be opened");
  return in;
}

// One pass over the rows: calls `fn(row_or_error, line)` for every data row.
Status ForEachRow(const std::string& path, RowMapper& mapper, const CsvOptions& csv,
                  const std::function<Status(Result<ImportedRow>, uint64_t line)>& fn) {
  ASSIGN_OR_RETURN(auto in, OpenInput(path));
  CsvReader reader(*in, csv);
  CsvRecord rec;
  bool first = true;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&rec));
    if (!more) break;
    if (first) {
      first = false;
      ASSIGN_OR_RETURN(bool header, mapper.ReadHeader(rec));
      if (header) continue;
    }
    RETURN_IF_ERROR(fn(mapper.Map(rec), rec.line()));
  }
  if (first) return InvalidArgument(path + ": the file is empty");
  return Status::Ok();
}

// Checks a mapped row as the log will: the body by its kind, the time against the clock.
Status CheckRow(const ImportedRow& row, const ImportOptions& options) {
  if (row.time_micros > options.clock->NowMicros() + options.max_future_skew_micros) {
    return InvalidArgument("the row's time " + FormatRfc3339(row.time_micros) +
                           " is in the future");
  }
  if (options.kinds != nullptr) {
    if (const KindSpec* spec = options.kinds->Find("incident"); spec != nullptr) {
      RETURN_IF_ERROR(spec->validate_body(row.incident));
    }
  }
  return Status::Ok();
}

struct Pending {
  ImportedRow row;
  uint64_t line;
};

}  // namespace

std::string ImportSalt(const SigningKey& key, std::string_view kind, std::string_view dataset,
                       std::string_view id, std::string_view version, uint64_t to) {
  std::string context = "jirga/v1/import-salt";
  for (std::string_view part : {kind, dataset, id, version}) {
    context.push_back('\0');
    context.append(part);
  }
  context.push_back('\0');
  context += std::to_string(to);
  const auto secret = key.DeriveSecret(context);
  return std::string(reinterpret_cast<const char*>(secret.data()), secret.size());
}

Result<SignedImport> SignImportedRow(const ImportedRow& row, std::string_view dataset,
                                     std::optional<ImportedVersion> supersedes,
                                     const std::string& party, const SigningKey& key) {
  std::string kind = "incident";
  Json body = row.incident;
  uint64_t to = 0;
  if (supersedes) {
    kind = "response";
    to = supersedes->index;
    body = Json{{"to", to},
                {"action", "supersede"},
                {"reason", std::string(dataset) + " version " + row.version + " of " + row.id +
                               " replaces version " + supersedes->version},
                {"incident", row.incident}};
  }
  ASSIGN_OR_RETURN(Record rec, MakeRecord(kind, party, FormatRfc3339(row.time_micros),
                                          std::move(body), Json()));
  Submission sub;
  sub.record = SerializeRecord(rec);
  sub.salt = ImportSalt(key, kind, dataset, row.id, row.version, to);
  sub.sig = key.Sign(RecordSigningMessage(ComputeCommitment(sub.salt, sub.record)));
  sub.pub = key.verifier().pub;
  return SignedImport{std::move(sub), std::move(rec), ""};
}

Result<ImportSummary> RunImport(const std::string& path, RowMapper& mapper, ImportLookup& lookup,
                                ImportSink& sink, const std::string& party, const SigningKey& key,
                                const ImportOptions& options,
                                const std::function<void(const SkippedRow&)>& on_skip) {
  ImportSummary summary;
  // Pass 1: the whole file is valid (or its invalid rows are reported) before anything is
  // written.
  RETURN_IF_ERROR(ForEachRow(path, mapper, options.csv,
                             [&](Result<ImportedRow> row, uint64_t line) -> Status {
                               ++summary.rows;
                               Status st = row.ok() ? CheckRow(*row, options) : row.status();
                               if (st.ok()) return st;
                               const std::string reason = st.message();
                               if (!options.skip_invalid) {
                                 return Status(st.code(),
                                               "line " + std::to_string(line) + ": " + reason);
                               }
                               ++summary.skipped;
                               if (on_skip) on_skip(SkippedRow{line, reason});
                               return Status::Ok();
                             }));
  if (summary.rows == summary.skipped) {
    return InvalidArgument(summary.rows == 0 ? "the file has no data rows"
                                             : "every row is invalid: nothing to import");
  }

  // Pass 2: batches of rows, looked up, signed and appended in file order.
  std::vector<Pending> pending;
  std::set<std::string, std::less<>> pending_ids;
  auto flush = [&]() -> Status {
    if (pending.empty()) return Status::Ok();
    std::vector<std::string> ids(pending_ids.begin(), pending_ids.end());
    ASSIGN_OR_RETURN(auto known, lookup.Find(mapper.dataset(), ids));
    std::vector<SignedImport> batch;
    std::vector<const Pending*> sent;
    std::vector<ImportedVersion> made;  // what each sent record makes current
    std::vector<bool> superseding;
    for (const Pending& p : pending) {
      std::optional<ImportedVersion> prior;
      if (auto it = known.find(p.row.id); it != known.end()) {
        if (mapper.CompareVersions(p.row.version, it->second.version) <= 0) {
          ++summary.unchanged;
          continue;
        }
        prior = it->second;
      }
      ASSIGN_OR_RETURN(SignedImport s,
                       SignImportedRow(p.row, mapper.dataset(), prior, party, key));
      s.where = "line " + std::to_string(p.line);
      batch.push_back(std::move(s));
      sent.push_back(&p);
      made.push_back(ImportedVersion{prior ? prior->index : 0, p.row.version});
      superseding.push_back(prior.has_value());
    }
    if (!batch.empty()) {
      ASSIGN_OR_RETURN(std::vector<uint64_t> indexes, sink.Append(std::move(batch)));
      for (size_t i = 0; i < sent.size(); ++i) {
        if (superseding[i]) {
          ++summary.superseded;
        } else {
          ++summary.imported;
          made[i].index = indexes[i];
        }
        lookup.Noted(mapper.dataset(), sent[i]->row.id, made[i]);
      }
    }
    pending.clear();
    pending_ids.clear();
    return Status::Ok();
  };
  RETURN_IF_ERROR(ForEachRow(path, mapper, options.csv,
                             [&](Result<ImportedRow> row, uint64_t line) -> Status {
                               // Pass 1 reported the invalid rows; they stay out.
                               if (!row.ok() || !CheckRow(*row, options).ok()) {
                                 return Status::Ok();
                               }
                               // A second row for an id already in this batch waits until
                               // the first is in the log, so the lookup sees it.
                               if (pending_ids.count(row->id) != 0 ||
                                   pending.size() >= options.batch_rows) {
                                 RETURN_IF_ERROR(flush());
                               }
                               pending_ids.insert(row->id);
                               pending.push_back(Pending{std::move(*row), line});
                               return Status::Ok();
                             }));
  RETURN_IF_ERROR(flush());
  return summary;
}

}  // namespace jirga
