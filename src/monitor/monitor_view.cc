// The monitor view's tables and how each record kind changes them (see monitor_view.h).
#include "monitor/monitor_view.h"

#include "monitor/gazetteer.h"

namespace jirga {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE mon_incidents(
  idx INTEGER PRIMARY KEY, party TEXT NOT NULL, reported INTEGER NOT NULL,
  content_idx INTEGER NOT NULL, content TEXT NOT NULL,
  start_day INTEGER NOT NULL, end_day INTEGER NOT NULL, admin1 TEXT, precision INTEGER NOT NULL,
  event_type TEXT NOT NULL, subtype TEXT NOT NULL, perp TEXT NOT NULL, perp_party TEXT,
  c_low INTEGER NOT NULL, c_best INTEGER NOT NULL, c_high INTEGER NOT NULL,
  f_low INTEGER, f_best INTEGER, f_high INTEGER,
  low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  dataset TEXT, import_id TEXT, version TEXT,
  status INTEGER NOT NULL, corroborations INTEGER NOT NULL, contests INTEGER NOT NULL,
  finding_idx INTEGER, outcome TEXT, retracted_idx INTEGER, first_response INTEGER);
CREATE INDEX mon_incidents_day ON mon_incidents(start_day);
CREATE INDEX mon_incidents_import ON mon_incidents(dataset, import_id);
CREATE TABLE mon_responses(
  idx INTEGER PRIMARY KEY, to_idx INTEGER NOT NULL, party TEXT NOT NULL, action TEXT NOT NULL,
  aspects TEXT NOT NULL, reason TEXT NOT NULL, received INTEGER NOT NULL, effect TEXT NOT NULL);
CREATE INDEX mon_responses_to ON mon_responses(to_idx);
CREATE TABLE mon_findings(
  idx INTEGER PRIMARY KEY, to_idx INTEGER NOT NULL, party TEXT NOT NULL, outcome TEXT NOT NULL,
  content TEXT NOT NULL, received INTEGER NOT NULL);
CREATE INDEX mon_findings_to ON mon_findings(to_idx);
CREATE TABLE mon_baselines(
  name TEXT PRIMARY KEY, idx INTEGER NOT NULL, party TEXT NOT NULL, from_day INTEGER NOT NULL,
  to_day INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE mon_ceasefires(
  id TEXT PRIMARY KEY, idx INTEGER NOT NULL, party TEXT NOT NULL, start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE mon_ignored(idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE mon_dict(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL,
  UNIQUE(kind, value));
CREATE TABLE mon_agg_day(
  day INTEGER NOT NULL, status INTEGER NOT NULL, party INTEGER NOT NULL,
  events INTEGER NOT NULL, low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY(day, status, party)) WITHOUT ROWID;
CREATE TABLE mon_agg_week(
  week INTEGER NOT NULL, status INTEGER NOT NULL, party INTEGER NOT NULL,
  events INTEGER NOT NULL, low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY(week, status, party)) WITHOUT ROWID;
CREATE TABLE mon_agg_place(
  month INTEGER NOT NULL, admin1 INTEGER NOT NULL, precision INTEGER NOT NULL,
  status INTEGER NOT NULL, party INTEGER NOT NULL,
  events INTEGER NOT NULL, low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY(month, admin1, precision, status, party)) WITHOUT ROWID;
CREATE TABLE mon_agg_perp(
  month INTEGER NOT NULL, perp INTEGER NOT NULL, status INTEGER NOT NULL, party INTEGER NOT NULL,
  events INTEGER NOT NULL, low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY(month, perp, status, party)) WITHOUT ROWID;
CREATE TABLE mon_agg_type(
  month INTEGER NOT NULL, type INTEGER NOT NULL, status INTEGER NOT NULL, party INTEGER NOT NULL,
  events INTEGER NOT NULL, low INTEGER NOT NULL, best INTEGER NOT NULL, high INTEGER NOT NULL,
  PRIMARY KEY(month, type, status, party)) WITHOUT ROWID;
)sql";

int AdminId(const std::string& iso) {
  if (iso.empty()) return 0;
  const auto& all = Provinces();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].iso == iso) return static_cast<int>(i) + 1;
  }
  return 0;
}

int TypeId(const std::string& type) {
  const auto& types = EventTypes();
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i] == type) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

const AggTable kAggTables[kAggTableCount] = {
    {"mon_agg_day", "day, status, party", 3},
    {"mon_agg_week", "week, status, party", 3},
    {"mon_agg_place", "month, admin1, precision, status, party", 5},
    {"mon_agg_perp", "month, perp, status, party", 4},
    {"mon_agg_type", "month, type, status, party", 4},
};

int32_t MonthStart(int32_t day) {
  std::string d = FormatDate(day);  // "YYYY-MM-DD"
  return day - (std::stoi(d.substr(8, 2)) - 1);
}

std::string_view StatusName(int s) {
  switch (s) {
    case kUnilateral: return "unilateral";
    case kCorroborated: return "corroborated";
    case kContested: return "contested";
    case kAdjudicatedConfirmed:
    case kAdjudicatedNotConfirmed:
    case kAdjudicatedInconclusive: return "adjudicated";
    case kRetracted: return "retracted";
  }
  return "unknown";
}

std::string PerpetratorKey(const Actor& a) { return a.party.empty() ? a.name : a.party; }

int32_t IsoWeekMonday(int32_t day) {
  // 1970-01-01 (day 0) was a Thursday: Monday-based weekday = (day + 3) mod 7.
  int32_t wd = ((day + 3) % 7 + 7) % 7;
  return day - wd;
}

struct MonitorView::IncidentRow {
  int64_t idx = 0;
  std::string party;
  int64_t reported = 0;
  int64_t content_idx = 0;
  std::string content;
  int64_t start_day = 0, end_day = 0;
  std::string admin1;  // "" = NULL
  int64_t precision = 0;
  std::string event_type, subtype, perp, perp_party;
  Range content_range;
  std::optional<Range> finding_range;
  std::string dataset, import_id, version;
  int64_t status = kUnilateral, corroborations = 0, contests = 0;
  int64_t finding_idx = -1;
  std::string outcome;
  int64_t retracted_idx = -1, first_response = -1;

  Range Counted() const { return finding_range ? *finding_range : content_range; }
  void SetContent(int64_t from_idx, const Incident& in, std::string json) {
    content_idx = from_idx;
    content = std::move(json);
    start_day = in.start_day;
    end_day = in.end_day;
    admin1 = in.admin1;
    precision = in.place_precision;
    event_type = in.event_type;
    subtype = in.subtype;
    perp = PerpetratorKey(in.perpetrator);
    perp_party = in.perpetrator.party;
    content_range = in.fatalities.Total();
    if (in.imported) {
      if (dataset.empty()) {
        dataset = in.imported->dataset;
        import_id = in.imported->id;
      }
      version = in.imported->version;
    }
  }
  void Restatus() {
    if (retracted_idx >= 0) {
      status = kRetracted;
    } else if (finding_idx >= 0) {
      status = outcome == "confirmed"       ? kAdjudicatedConfirmed
               : outcome == "not-confirmed" ? kAdjudicatedNotConfirmed
                                            : kAdjudicatedInconclusive;
    } else if (contests > 0) {
      status = kContested;
    } else if (corroborations > 0) {
      status = kCorroborated;
    } else {
      status = kUnilateral;
    }
  }
};

struct MonitorView::Statements {
  // Per aggregate table (kAggTables order): upsert of a delta, and removal of a row at 0.
  std::unique_ptr<ViewStatement> agg_put[5], agg_gc[5];
  std::unique_ptr<ViewStatement> put_incident, get_incident, put_response, put_finding, get_baseline, put_baseline, get_ceasefire,
      put_ceasefire, put_ignored, get_ignored, get_dict, put_dict;
};

MonitorView::MonitorView() = default;
MonitorView::~MonitorView() = default;

std::vector<std::string> MonitorView::kinds() const {
  return {"incident", "response", "finding", "baseline", "ceasefire"};
}

std::vector<std::string> MonitorView::tables() const {
  return {"mon_incidents", "mon_responses", "mon_findings", "mon_baselines", "mon_ceasefires",
          "mon_ignored",   "mon_dict",      "mon_agg_day",  "mon_agg_week",
          "mon_agg_place", "mon_agg_perp",  "mon_agg_type"};
}

Status MonitorView::CreateTables(ViewDb& db) { return db.Exec(kSchema); }

Status MonitorView::Open(ViewDb& db) {
  Close();
  db_ = &db;
  auto st = std::make_unique<Statements>();
  auto prep = [&db](std::unique_ptr<ViewStatement>& out, const char* sql) -> Status {
    ASSIGN_OR_RETURN(out, db.Prepare(sql));
    return Status::Ok();
  };
  RETURN_IF_ERROR(prep(st->put_incident,
                       "INSERT OR REPLACE INTO mon_incidents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                       "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
                       "?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)"));
  RETURN_IF_ERROR(prep(st->get_incident, "SELECT * FROM mon_incidents WHERE idx = ?1"));
  for (int t = 0; t < kAggTableCount; ++t) {
    const AggTable& at = kAggTables[t];
    std::string key(at.key_columns);
    std::string params, where;
    for (int i = 1; i <= at.key_count; ++i) params += "?" + std::to_string(i) + ", ";
    std::string cols = key;
    for (size_t p = 0, i = 1; p != std::string::npos; ++i) {
      size_t q = cols.find(", ", p);
      std::string c = cols.substr(p, q == std::string::npos ? q : q - p);
      where += (i > 1 ? " AND " : "") + c + " = ?" + std::to_string(i);
      p = q == std::string::npos ? q : q + 2;
    }
    int n = at.key_count;
    std::string m = "?" + std::to_string(n + 1) + ", ?" + std::to_string(n + 2) + ", ?" +
                    std::to_string(n + 3) + ", ?" + std::to_string(n + 4);
    RETURN_IF_ERROR(prep(st->agg_put[t],
                         ("INSERT INTO " + std::string(at.name) + "(" + key +
                          ", events, low, best, high) VALUES (" + params + m + ") ON CONFLICT(" +
                          key + ") DO UPDATE SET events = events + excluded.events, low = low + "
                          "excluded.low, best = best + excluded.best, high = high + excluded.high")
                             .c_str()));
    RETURN_IF_ERROR(prep(st->agg_gc[t], ("DELETE FROM " + std::string(at.name) + " WHERE " +
                                         where + " AND events = 0")
                                            .c_str()));
  }
  RETURN_IF_ERROR(prep(st->put_response,
                       "INSERT INTO mon_responses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  RETURN_IF_ERROR(prep(st->put_finding,
                       "INSERT INTO mon_findings VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  RETURN_IF_ERROR(prep(st->get_baseline, "SELECT idx FROM mon_baselines WHERE name = ?1"));
  RETURN_IF_ERROR(prep(st->put_baseline,
                       "INSERT INTO mon_baselines VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  RETURN_IF_ERROR(prep(st->get_ceasefire, "SELECT idx FROM mon_ceasefires WHERE id = ?1"));
  RETURN_IF_ERROR(prep(st->put_ceasefire,
                       "INSERT INTO mon_ceasefires VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  RETURN_IF_ERROR(prep(st->put_ignored, "INSERT INTO mon_ignored VALUES (?1, ?2, ?3)"));
  RETURN_IF_ERROR(prep(st->get_ignored, "SELECT kind, reason FROM mon_ignored WHERE idx = ?1"));
  RETURN_IF_ERROR(prep(st->get_dict, "SELECT id, kind, value FROM mon_dict"));
  RETURN_IF_ERROR(prep(st->put_dict, "INSERT INTO mon_dict(kind, value) VALUES (?1, ?2)"));
  dict_.clear();
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st->get_dict->Step());
    if (!row) break;
    dict_[st->get_dict->ColumnText(1) + '\0' + st->get_dict->ColumnText(2)] =
        st->get_dict->ColumnInt(0);
  }
  st->get_dict->Reset();
  st_ = std::move(st);
  return Status::Ok();
}

void MonitorView::Close() {
  st_.reset();
  dict_.clear();
  pending_.clear();
  db_ = nullptr;
}

Result<int64_t> MonitorView::Intern(const std::string& kind, const std::string& value) {
  std::string key = kind + '\0' + value;
  if (auto it = dict_.find(key); it != dict_.end()) return it->second;
  // Ids follow the order of first use, so a rebuild assigns the same ones.
  int64_t id = static_cast<int64_t>(dict_.size()) + 1;
  st_->put_dict->Reset();
  st_->put_dict->Text(1, kind).Text(2, value);
  RETURN_IF_ERROR(st_->put_dict->Run());
  dict_[key] = id;
  return id;
}

Status MonitorView::AddToAggregates(const IncidentRow& r, int sign) {
  ASSIGN_OR_RETURN(int64_t perp, Intern("perp", r.perp));
  ASSIGN_OR_RETURN(int64_t party, Intern("party", r.party));
  Range c = r.Counted();
  const int32_t day = static_cast<int32_t>(r.start_day);
  const int64_t month = MonthStart(day);
  const AggKey keys[kAggTableCount] = {
      {0, {day, r.status, party, 0, 0}},
      {1, {IsoWeekMonday(day), r.status, party, 0, 0}},
      {2, {month, AdminId(r.admin1), r.precision, r.status, party}},
      {3, {month, perp, r.status, party, 0}},
      {4, {month, TypeId(r.event_type), r.status, party, 0}},
  };
  for (const AggKey& k : keys) {
    AggDelta& d = pending_[k];
    d.events += sign;
    d.low += sign * c.low;
    d.best += sign * c.best;
    d.high += sign * c.high;
  }
  return Status::Ok();
}

Status MonitorView::Flush(ViewDb&) {
  // In key order, so the same records give the same statements whatever the batch boundaries.
  for (const auto& [k, d] : pending_) {
    if (d.events == 0 && d.low == 0 && d.best == 0 && d.high == 0) continue;
    const AggTable& at = kAggTables[k.table];
    ViewStatement& put = *st_->agg_put[k.table];
    put.Reset();
    for (int i = 0; i < at.key_count; ++i) put.Int(i + 1, k.key[i]);
    put.Int(at.key_count + 1, d.events).Int(at.key_count + 2, d.low);
    put.Int(at.key_count + 3, d.best).Int(at.key_count + 4, d.high);
    RETURN_IF_ERROR(put.Run());
    if (d.events < 0) {
      ViewStatement& gc = *st_->agg_gc[k.table];
      gc.Reset();
      for (int i = 0; i < at.key_count; ++i) gc.Int(i + 1, k.key[i]);
      RETURN_IF_ERROR(gc.Run());
    }
  }
  pending_.clear();
  return Status::Ok();
}

Result<std::optional<MonitorView::IncidentRow>> MonitorView::LoadIncident(uint64_t index) {
  ViewStatement& s = *st_->get_incident;
  s.Reset();
  s.Int(1, static_cast<int64_t>(index));
  ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<IncidentRow>();
  IncidentRow r;
  auto text = [&s](int c) { return s.IsNull(c) ? std::string() : s.ColumnText(c); };
  auto num = [&s](int c) { return s.IsNull(c) ? int64_t{-1} : s.ColumnInt(c); };
  r.idx = s.ColumnInt(0);
  r.party = text(1);
  r.reported = s.ColumnInt(2);
  r.content_idx = s.ColumnInt(3);
  r.content = text(4);
  r.start_day = s.ColumnInt(5);
  r.end_day = s.ColumnInt(6);
  r.admin1 = text(7);
  r.precision = s.ColumnInt(8);
  r.event_type = text(9);
  r.subtype = text(10);
  r.perp = text(11);
  r.perp_party = text(12);
  r.content_range = {s.ColumnInt(13), s.ColumnInt(14), s.ColumnInt(15)};
  if (!s.IsNull(16)) r.finding_range = Range{s.ColumnInt(16), s.ColumnInt(17), s.ColumnInt(18)};
  r.dataset = text(22);
  r.import_id = text(23);
  r.version = text(24);
  r.status = s.ColumnInt(25);
  r.corroborations = s.ColumnInt(26);
  r.contests = s.ColumnInt(27);
  r.finding_idx = num(28);
  r.outcome = text(29);
  r.retracted_idx = num(30);
  r.first_response = num(31);
  s.Reset();
  return std::optional<IncidentRow>(std::move(r));
}

Status MonitorView::SaveIncident(const IncidentRow& before, const IncidentRow& r) {
  if (before.idx != 0 || !before.party.empty()) RETURN_IF_ERROR(AddToAggregates(before, -1));
  RETURN_IF_ERROR(AddToAggregates(r, +1));
  ViewStatement& s = *st_->put_incident;
  s.Reset();
  auto text_or_null = [&s](int i, const std::string& v) {
    if (v.empty()) {
      s.Null(i);
    } else {
      s.Text(i, v);
    }
  };
  auto int_or_null = [&s](int i, int64_t v) {
    if (v < 0) {
      s.Null(i);
    } else {
      s.Int(i, v);
    }
  };
  Range c = r.Counted();
  s.Int(1, r.idx).Text(2, r.party).Int(3, r.reported).Int(4, r.content_idx).Text(5, r.content);
  s.Int(6, r.start_day).Int(7, r.end_day);
  text_or_null(8, r.admin1);
  s.Int(9, r.precision).Text(10, r.event_type).Text(11, r.subtype).Text(12, r.perp);
  text_or_null(13, r.perp_party);
  s.Int(14, r.content_range.low).Int(15, r.content_range.best).Int(16, r.content_range.high);
  if (r.finding_range) {
    s.Int(17, r.finding_range->low).Int(18, r.finding_range->best).Int(19, r.finding_range->high);
  } else {
    s.Null(17).Null(18).Null(19);
  }
  s.Int(20, c.low).Int(21, c.best).Int(22, c.high);
  text_or_null(23, r.dataset);
  text_or_null(24, r.import_id);
  text_or_null(25, r.version);
  s.Int(26, r.status).Int(27, r.corroborations).Int(28, r.contests);
  int_or_null(29, r.finding_idx);
  text_or_null(30, r.outcome);
  int_or_null(31, r.retracted_idx);
  int_or_null(32, r.first_response);
  return s.Run();
}

Status MonitorView::AddIncident(uint64_t index, const std::string& party, int64_t received,
                                const Incident& incident, const std::string& content_json) {
  IncidentRow r;
  r.idx = static_cast<int64_t>(index);
  r.party = party;
  r.reported = received;
  r.SetContent(r.idx, incident, content_json);
  r.Restatus();
  return SaveIncident(IncidentRow{}, r);
}

Status MonitorView::Ignore(const StoredRecord& row, const std::string& reason) {
  ViewStatement& s = *st_->put_ignored;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Text(2, row.kind).Text(3, reason);
  return s.Run();
}

Status MonitorView::ApplyRedacted(ViewDb&, const StoredRecord& row) {
  return Ignore(row, "redacted by record " + std::to_string(row.redacted_by) +
                         ": its content was erased");
}

Result<std::string> MonitorView::NotAnIncident(uint64_t index) {
  ViewStatement& s = *st_->get_ignored;
  s.Reset();
  s.Int(1, static_cast<int64_t>(index));
  ASSIGN_OR_RETURN(bool row, s.Step());
  const bool erased = row && s.ColumnText(0) == "incident" &&
                      s.ColumnText(1).rfind("redacted by", 0) == 0;
  s.Reset();
  return "record " + std::to_string(index) +
         (erased ? " is a redacted incident" : " is not an incident");
}

Status MonitorView::Apply(ViewDb&, const StoredRecord& row, const Record& record) {
  if (row.kind == "incident") {
    auto in = ParseIncident(record.body);
    if (!in.ok()) return Ignore(row, "body no longer parses: " + in.status().message());
    return AddIncident(row.index, row.party, row.received_micros, *in, record.body.dump());
  }
  if (row.kind == "response") return ApplyResponse(row, record);
  if (row.kind == "finding") return ApplyFinding(row, record);
  return ApplyNamed(row, record);
}

Status MonitorView::ApplyResponse(const StoredRecord& row, const Record& record) {
  auto resp = ParseResponse(record.body);
  if (!resp.ok()) return Ignore(row, "body no longer parses: " + resp.status().message());
  std::string effect = "applied";
  ASSIGN_OR_RETURN(std::optional<IncidentRow> target,
                   resp->to < row.index ? LoadIncident(resp->to)
                                        : Result<std::optional<IncidentRow>>(std::nullopt));
  const bool own = target && target->party == row.party;
  if (resp->to >= row.index) {
    effect = "ignored: it responds to a later record";
  } else if (!target) {
    ASSIGN_OR_RETURN(std::string why, NotAnIncident(resp->to));
    effect = "ignored: " + why;
  } else if (target->retracted_idx >= 0) {
    effect = "ignored: the incident is retracted";
  } else if ((resp->action == ResponseAction::kRetract ||
              resp->action == ResponseAction::kSupersede) && !own) {
    effect = "ignored: only the reporting party may " +
             std::string(ResponseActionName(resp->action));
  } else if ((resp->action == ResponseAction::kCorroborate ||
              resp->action == ResponseAction::kContest) && own) {
    effect = "ignored: a party cannot " + std::string(ResponseActionName(resp->action)) +
             " its own report";
  }
  std::string aspects;
  for (const auto& a : resp->aspects) aspects += (aspects.empty() ? "" : ",") + a;
  ViewStatement& s = *st_->put_response;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Int(2, static_cast<int64_t>(resp->to));
  s.Text(3, row.party).Text(4, ResponseActionName(resp->action)).Text(5, aspects);
  s.Text(6, resp->reason).Int(7, row.received_micros).Text(8, effect);
  RETURN_IF_ERROR(s.Run());
  if (effect != "applied") return Status::Ok();

  IncidentRow after = *target;
  switch (resp->action) {
    case ResponseAction::kCorroborate: ++after.corroborations; break;
    case ResponseAction::kContest: ++after.contests; break;
    case ResponseAction::kRetract: after.retracted_idx = static_cast<int64_t>(row.index); break;
    case ResponseAction::kSupersede:
      after.SetContent(static_cast<int64_t>(row.index), *resp->incident,
                       record.body.at("incident").dump());
      break;
  }
  if ((resp->action == ResponseAction::kCorroborate ||
       resp->action == ResponseAction::kContest) && after.first_response < 0) {
    after.first_response = row.received_micros;
  }
  after.Restatus();
  return SaveIncident(*target, after);
}

Status MonitorView::ApplyFinding(const StoredRecord& row, const Record& record) {
  auto f = ParseFinding(record.body);
  if (!f.ok()) return Ignore(row, "body no longer parses: " + f.status().message());
  std::optional<IncidentRow> target;
  if (f->to < row.index) {
    ASSIGN_OR_RETURN(target, LoadIncident(f->to));
  }
  if (!target) {
    if (f->to >= row.index) return Ignore(row, "it adjudicates a later record");
    ASSIGN_OR_RETURN(std::string why, NotAnIncident(f->to));
    return Ignore(row, why);
  }
  ViewStatement& s = *st_->put_finding;
  s.Reset();
  s.Int(1, static_cast<int64_t>(row.index)).Int(2, static_cast<int64_t>(f->to));
  s.Text(3, row.party).Text(4, f->outcome).Text(5, record.body.dump()).Int(6, row.received_micros);
  RETURN_IF_ERROR(s.Run());
  IncidentRow after = *target;
  after.finding_idx = static_cast<int64_t>(row.index);
  after.outcome = f->outcome;
  after.finding_range.reset();
  if (f->fatalities) after.finding_range = f->fatalities->Total();
  if (after.first_response < 0) after.first_response = row.received_micros;
  after.Restatus();
  return SaveIncident(*target, after);
}

Status MonitorView::ApplyNamed(const StoredRecord& row, const Record& record) {
  const bool baseline = row.kind == "baseline";
  std::string key;
  int64_t from = 0, to = 0;
  if (baseline) {
    auto b = ParseBaseline(record.body);
    if (!b.ok()) return Ignore(row, "body no longer parses: " + b.status().message());
    key = b->name, from = b->from_day, to = b->to_day;
  } else {
    auto c = ParseCeasefire(record.body);
    if (!c.ok()) return Ignore(row, "body no longer parses: " + c.status().message());
    key = c->id, from = c->start_day, to = c->end_day;
  }
  ViewStatement& get = baseline ? *st_->get_baseline : *st_->get_ceasefire;
  get.Reset();
  get.Text(1, key);
  ASSIGN_OR_RETURN(bool exists, get.Step());
  int64_t first = exists ? get.ColumnInt(0) : -1;
  get.Reset();
  if (exists) {
    return Ignore(row, std::string(baseline ? "baseline \"" : "ceasefire \"") + key +
                           "\" was already defined by record " + std::to_string(first) +
                           " (the first one counts)");
  }
  ViewStatement& put = baseline ? *st_->put_baseline : *st_->put_ceasefire;
  put.Reset();
  put.Text(1, key).Int(2, static_cast<int64_t>(row.index)).Text(3, row.party).Int(4, from);
  put.Int(5, to).Text(6, record.body.dump());
  return put.Run();
}

}  // namespace jirga
