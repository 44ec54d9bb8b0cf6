// The exchange view: the prisoner lists, verifications, releases and observations of the
// prisoner exchange (issue 5) as tables, one row per record, for `jirga exchange status` and
// `jirga exchange reconcile` (exchange_query.h), which derive the current state from them.
//
// Tables (schema version kExchangeViewVersion; docs/exchange.md):
//   ex_records        every record the view consumed (prisoner, verification, release,
//                     observation, incident): idx, kind, submitting party, receipt time, `day`
//                     (the record's own time as YYYY-MM-DD, what `--at` filters on), redacted
//   ex_entries        one row per `prisoner` record: list, entry, listing/detaining party,
//                     facility, category, groups (JSON array), the body (names for matching)
//   ex_verifications  one row per `verification` whose `prisoner` is an earlier prisoner record:
//                     the four steps (NULL = not addressed, 0/1) and the match link
//   ex_releases       one row per `release`: date, batch, place
//   ex_release_people the people of each release: a prisoner record index, or list + entry
//   ex_observations   one row per `observation` on an earlier prisoner record, with its type,
//                     date and incident link (NULL when it does not point at an incident)
//   ex_notes          what a record could not do: a target that is not an earlier record of
//                     the right kind, a match with itself, a body that no longer parses
//
// Redaction (ledger-format.md §12a): a redacted record keeps only its ex_records row, with
// day = NULL and redacted = 1; its content rows and notes are gone. Whether the view applied the
// record before its `redaction` (incremental) or saw it already erased (rebuild), the tables end
// the same, so a rebuild gives the same dump. For the same reason nothing here depends on the
// content of another record: that a target is a prisoner or incident record is known from its
// kind, which a redaction keeps; what reads content (which record of an entry is current, which
// lists two linked entries are on) is derived by the queries.
//
// Thread safety: like every View, used by its ViewSet under the set's lock only.
#pragma once

#include <memory>

#include "views/view.h"

namespace jirga {

inline constexpr int kExchangeViewVersion = 1;

class ExchangeView : public View {
 public:
  ExchangeView();
  ~ExchangeView() override;

  std::string_view name() const override { return "exchange"; }
  int schema_version() const override { return kExchangeViewVersion; }
  std::vector<std::string> kinds() const override;
  std::vector<std::string> tables() const override;
  Status CreateTables(ViewDb& db) override;
  Status Open(ViewDb& db) override;
  void Close() override;
  Status Apply(ViewDb& db, const StoredRecord& row, const Record& record) override;
  Status ApplyRedacted(ViewDb& db, const StoredRecord& row) override;
  // Incidents are only targets: their index is all the view keeps (day NULL), unparsed.
  bool NeedsBody(const std::string& kind) const override { return kind != "incident"; }

 private:
  struct Statements;
  Status ApplyPrisoner(const StoredRecord& row, const Record& record);
  Status ApplyVerification(const StoredRecord& row, const Record& record);
  Status ApplyRelease(const StoredRecord& row, const Record& record);
  Status ApplyObservation(const StoredRecord& row, const Record& record);
  Status ApplyRedaction(const StoredRecord& row, const Record& record);
  Status PutRecord(const StoredRecord& row, const Record* record);
  Status Note(const StoredRecord& row, const std::string& note);
  // Whether `index` is an earlier record of `kind` (by ex_records).
  Result<bool> IsKind(uint64_t index, const char* kind, uint64_t before);

  ViewDb* db_ = nullptr;
  std::unique_ptr<Statements> st_;
};

}  // namespace jirga
