// The exchange view's tables and how each record kind changes them (see exchange_view.h).
#include "exchange/exchange_view.h"

#include "base/clock.h"
#include "exchange/exchange_kinds.h"

namespace jirga {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE ex_records(
  idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, party TEXT NOT NULL, received INTEGER NOT NULL,
  day TEXT, redacted INTEGER NOT NULL);
CREATE TABLE ex_entries(
  idx INTEGER PRIMARY KEY, list TEXT NOT NULL, entry TEXT NOT NULL, listing_party TEXT NOT NULL,
  detaining_party TEXT, facility TEXT, category TEXT, groups TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX ex_entries_list ON ex_entries(list, entry);
CREATE TABLE ex_verifications(
  idx INTEGER PRIMARY KEY, prisoner INTEGER NOT NULL, identity INTEGER, interview INTEGER,
  willing INTEGER, pledge INTEGER, match_prisoner INTEGER, same_person INTEGER, date TEXT);
CREATE TABLE ex_releases(
  idx INTEGER PRIMARY KEY, date TEXT NOT NULL, batch TEXT, place TEXT NOT NULL);
CREATE TABLE ex_release_people(
  release INTEGER NOT NULL, prisoner INTEGER, list TEXT, entry TEXT);
CREATE INDEX ex_release_people_release ON ex_release_people(release);
CREATE TABLE ex_observations(
  idx INTEGER PRIMARY KEY, prisoner INTEGER NOT NULL, type TEXT NOT NULL, date TEXT NOT NULL,
  incident INTEGER);
CREATE TABLE ex_notes(idx INTEGER NOT NULL, note TEXT NOT NULL);
CREATE INDEX ex_notes_idx ON ex_notes(idx);
)sql";

// The content tables a redaction clears, with their record-index column.
constexpr std::pair<const char*, const char*> kContentTables[] = {
    {"ex_entries", "idx"},    {"ex_verifications", "idx"},        {"ex_releases", "idx"},
    {"ex_release_people", "release"}, {"ex_observations", "idx"}, {"ex_notes", "idx"}};

}  // namespace

struct ExchangeView::Statements {
  std::unique_ptr<ViewStatement> put_record, get_kind, put_entry, put_verification, put_release,
      put_person, put_observation, put_note, redact_record;
  std::unique_ptr<ViewStatement> clear[std::size(kContentTables)];
};

ExchangeView::ExchangeView() = default;
ExchangeView::~ExchangeView() = default;

std::vector<std::string> ExchangeView::kinds() const {
  return {"prisoner", "verification", "release", "observation", "incident", "redaction"};
}

std::vector<std::string> ExchangeView::tables() const {
  return {"ex_records",  "ex_entries",        "ex_verifications", "ex_releases",
          "ex_release_people", "ex_observations", "ex_notes"};
}

Status ExchangeView::CreateTables(ViewDb& db) { return db.Exec(kSchema); }

Status ExchangeView::Open(ViewDb& db) {
  Close();
  db_ = &db;
  auto st = std::make_unique<Statements>();
  auto prep = [&db](std::unique_ptr<ViewStatement>& out, const std::string& sql) -> Status {
    ASSIGN_OR_RETURN(out, db.Prepare(sql));
    return Status::Ok();
  };
  RETURN_IF_ERROR(prep(st->put_record, "INSERT INTO ex_records VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  RETURN_IF_ERROR(prep(st->get_kind, "SELECT kind FROM ex_records WHERE idx = ?1"));
  RETURN_IF_ERROR(prep(st->put_entry,
                       "INSERT INTO ex_entries VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  RETURN_IF_ERROR(prep(st->put_verification,
                       "INSERT INTO ex_verifications VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  RETURN_IF_ERROR(prep(st->put_release, "INSERT INTO ex_releases VALUES (?1, ?2, ?3, ?4)"));
  RETURN_IF_ERROR(prep(st->put_person, "INSERT INTO ex_release_people VALUES (?1, ?2, ?3, ?4)"));
  RETURN_IF_ERROR(
      prep(st->put_observation, "INSERT INTO ex_observations VALUES (?1, ?2, ?3, ?4, ?5)"));
  RETURN_IF_ERROR(prep(st->put_note, "INSERT INTO ex_notes VALUES (?1, ?2)"));
  RETURN_IF_ERROR(prep(st->redact_record,
                       "UPDATE ex_records SET day = NULL, redacted = 1 WHERE idx = ?1"));
  for (size_t i = 0; i < std::size(kContentTables); ++i) {
    RETURN_IF_ERROR(prep(st->clear[i], std::string("DELETE FROM ") + kContentTables[i].first +
                                           " WHERE " + kContentTables[i].second + " = ?1"));
  }
  st_ = std::move(st);
  return Status::Ok();
}

void ExchangeView::Close() {
  st_.reset();
  db_ = nullptr;
}

Status ExchangeView::PutRecord(const StoredRecord& row, const Record* record) {
  ViewStatement& s = *st_->put_record;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Text(2, row.kind).Text(3, row.party);
  s.Int(4, row.received_micros);
  if (record != nullptr && row.kind == "incident") {
    s.Null(5).Int(6, 0);  // not parsed (NeedsBody): only the index is used
  } else if (record != nullptr) {
    s.Text(5, FormatRfc3339(record->time_micros).substr(0, 10)).Int(6, 0);
  } else {
    s.Null(5).Int(6, 1);
  }
  return s.Run();
}

Status ExchangeView::Note(const StoredRecord& row, const std::string& note) {
  ViewStatement& s = *st_->put_note;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Text(2, note);
  return s.Run();
}

Result<bool> ExchangeView::IsKind(uint64_t index, const char* kind, uint64_t before) {
  if (index >= before) return false;
  ViewStatement& s = *st_->get_kind;
  s.Reset();
  s.Int(1, static_cast<int64_t>(index));
  ASSIGN_OR_RETURN(bool row, s.Step());
  bool is = row && s.ColumnText(0) == kind;
  s.Reset();
  return is;
}

Status ExchangeView::ApplyRedacted(ViewDb&, const StoredRecord& row) {
  if (row.kind == "redaction") return Status::Ok();  // not redactable; nothing to do
  return PutRecord(row, nullptr);
}

Status ExchangeView::Apply(ViewDb&, const StoredRecord& row, const Record& record) {
  if (row.kind == "redaction") return ApplyRedaction(row, record);
  RETURN_IF_ERROR(PutRecord(row, &record));
  if (row.kind == "prisoner") return ApplyPrisoner(row, record);
  if (row.kind == "verification") return ApplyVerification(row, record);
  if (row.kind == "release") return ApplyRelease(row, record);
  if (row.kind == "observation") return ApplyObservation(row, record);
  return Status::Ok();  // incident: its index is all the view needs
}

Status ExchangeView::ApplyPrisoner(const StoredRecord& row, const Record& record) {
  auto p = ParsePrisoner(record.body);
  if (!p.ok()) return Note(row, "ignored: the body no longer parses: " + p.status().message());
  ViewStatement& s = *st_->put_entry;
  s.Reset();
  auto opt = [&s](int i, const std::optional<std::string>& v) {
    if (v) {
      s.Text(i, *v);
    } else {
      s.Null(i);
    }
  };
  s.Int(1, static_cast<int64_t>(row.index)).Text(2, p->list).Text(3, p->entry);
  s.Text(4, p->listing_party);
  opt(5, p->detaining_party);
  opt(6, p->facility);
  opt(7, p->category);
  s.Text(8, Json(p->groups).dump()).Text(9, record.body.dump());
  return s.Run();
}

Status ExchangeView::ApplyVerification(const StoredRecord& row, const Record& record) {
  auto v = ParseVerification(record.body);
  if (!v.ok()) return Note(row, "ignored: the body no longer parses: " + v.status().message());
  ASSIGN_OR_RETURN(bool target_ok, IsKind(v->prisoner, "prisoner", row.index));
  if (!target_ok) {
    return Note(row, "ignored: prisoner " + std::to_string(v->prisoner) +
                         " is not an earlier prisoner record");
  }
  std::optional<EntryMatch> match = v->match;
  if (match) {
    ASSIGN_OR_RETURN(bool other_ok, IsKind(match->prisoner, "prisoner", row.index));
    if (match->prisoner == v->prisoner) {
      RETURN_IF_ERROR(Note(row, "match ignored: an entry cannot be matched with itself"));
      match.reset();
    } else if (!other_ok) {
      RETURN_IF_ERROR(Note(row, "match ignored: match.prisoner " +
                                    std::to_string(match->prisoner) +
                                    " is not an earlier prisoner record"));
      match.reset();
    }
  }
  ViewStatement& s = *st_->put_verification;
  s.Reset();
  auto step = [&s](int i, const std::optional<bool>& b) {
    if (b) {
      s.Int(i, *b ? 1 : 0);
    } else {
      s.Null(i);
    }
  };
  s.Int(1, static_cast<int64_t>(row.index)).Int(2, static_cast<int64_t>(v->prisoner));
  step(3, v->identity_confirmed);
  step(4, v->interview_held);
  step(5, v->willing);
  step(6, v->pledge_signed);
  if (match) {
    s.Int(7, static_cast<int64_t>(match->prisoner)).Int(8, match->same_person ? 1 : 0);
  } else {
    s.Null(7).Null(8);
  }
  if (v->date) {
    s.Text(9, *v->date);
  } else {
    s.Null(9);
  }
  return s.Run();
}

Status ExchangeView::ApplyRelease(const StoredRecord& row, const Record& record) {
  auto r = ParseRelease(record.body);
  if (!r.ok()) return Note(row, "ignored: the body no longer parses: " + r.status().message());
  ViewStatement& s = *st_->put_release;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Text(2, r->date);
  if (r->batch) {
    s.Text(3, *r->batch);
  } else {
    s.Null(3);
  }
  s.Text(4, r->place);
  RETURN_IF_ERROR(s.Run());
  ViewStatement& person = *st_->put_person;
  for (uint64_t p : r->prisoners) {
    ASSIGN_OR_RETURN(bool ok, IsKind(p, "prisoner", row.index));
    if (!ok) {
      RETURN_IF_ERROR(Note(row, "prisoners: " + std::to_string(p) +
                                    " is not an earlier prisoner record (left out)"));
      continue;
    }
    person.Reset();
    person.Int(1, static_cast<int64_t>(row.index)).Int(2, static_cast<int64_t>(p));
    person.Null(3).Null(4);
    RETURN_IF_ERROR(person.Run());
  }
  for (const ListEntryRef& e : r->entries) {
    person.Reset();
    person.Int(1, static_cast<int64_t>(row.index)).Null(2).Text(3, e.list).Text(4, e.entry);
    RETURN_IF_ERROR(person.Run());
  }
  return Status::Ok();
}

Status ExchangeView::ApplyObservation(const StoredRecord& row, const Record& record) {
  auto o = ParseObservation(record.body);
  if (!o.ok()) return Note(row, "ignored: the body no longer parses: " + o.status().message());
  ASSIGN_OR_RETURN(bool target_ok, IsKind(o->prisoner, "prisoner", row.index));
  if (!target_ok) {
    return Note(row, "ignored: prisoner " + std::to_string(o->prisoner) +
                         " is not an earlier prisoner record");
  }
  int64_t incident = -1;  // -1: none
  if (o->incident) {
    ASSIGN_OR_RETURN(bool ok, IsKind(*o->incident, "incident", row.index));
    if (ok) {
      incident = static_cast<int64_t>(*o->incident);
    } else {
      RETURN_IF_ERROR(Note(row, "incident link ignored: " + std::to_string(*o->incident) +
                                    " is not an earlier incident record"));
    }
  }
  ViewStatement& s = *st_->put_observation;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Int(2, static_cast<int64_t>(o->prisoner));
  s.Text(3, ObservationTypeName(o->type)).Text(4, o->date);
  if (incident >= 0) {
    s.Int(5, incident);
  } else {
    s.Null(5);
  }
  return s.Run();
}

Status ExchangeView::ApplyRedaction(const StoredRecord&, const Record& record) {
  // The writer checked the target (an earlier, unredacted record that is not a party or a
  // redaction); a target this view never consumed has no rows here and is left alone.
  auto idx = record.body.find("index");
  if (idx == record.body.end() || !idx->is_number_unsigned()) return Status::Ok();
  const int64_t target = static_cast<int64_t>(idx->get<uint64_t>());
  for (auto& clear : st_->clear) {
    clear->Reset();
    clear->Int(1, target);
    RETURN_IF_ERROR(clear->Run());
  }
  ViewStatement& s = *st_->redact_record;
  s.Reset();
  s.Int(1, target);
  return s.Run();
}

}  // namespace jirga
