// Reads the compliance, dialogue, exchange and monitor records from a store, and answers
// troops(), released(), incidents() and baseline() from them.
#include "compliance/log_source.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "exchange/exchange_kinds.h"
#include "ledger/record.h"
#include "monitor/monitor_kinds.h"
#include "monitor/monitor_view.h"

namespace jirga::compliance {

namespace {

constexpr Date kDawn{std::numeric_limits<int32_t>::min() / 2};

int32_t Intern(LogSource& src, const std::string& s) {
  if (s.empty()) return -1;
  auto it = src.name_ids.find(s);
  if (it != src.name_ids.end()) return it->second;
  int32_t id = static_cast<int32_t>(src.names.size());
  src.names.push_back(s);
  src.name_ids.emplace(s, id);
  return id;
}

IncidentVersion VersionOf(LogSource& src, const Incident& in, Date known_from) {
  IncidentVersion v;
  v.day = Date{in.start_day};
  v.known_from = known_from;
  v.perp = Intern(src, PerpetratorKey(in.perpetrator));
  v.perp_party = Intern(src, in.perpetrator.party);
  if (in.target) v.target = Intern(src, PerpetratorKey(*in.target));
  v.province = Intern(src, in.admin1);
  v.type = Intern(src, in.event_type);
  return v;
}

void NoteList(LogSource& src, const std::string& list, Date day) {
  auto [it, fresh] = src.list_known.emplace(list, day);
  if (!fresh && day < it->second) it->second = day;
}

}  // namespace

Result<LogSource> ReadLogSource(Store& store) {
  LogSource src;
  bool any = false;
  auto note_day = [&](Date d) {
    if (!any || d < src.first_day) src.first_day = d;
    if (!any || d > src.last_day) src.last_day = d;
    any = true;
  };
  Status bad;
  auto scan = [&](const char* kind,
                  const std::function<Status(const StoredRecord&, const Record&)>& use) {
    RETURN_IF_ERROR(store.ScanRecords(RecordFilter{.kind = kind}, [&](const StoredRecord& row) {
      if (row.redacted_by != 0) return true;  // erased: nothing left to read
      auto rec = ParseRecord(row.record);
      if (rec.ok()) {
        note_day(DateOfMicros(rec->time_micros));
        bad = use(row, *rec);
      } else {
        bad = rec.status();
      }
      if (!bad.ok()) {
        bad = Corruption(std::string(kind) + " record " + std::to_string(row.index) +
                         " is invalid: " + bad.message());
      }
      return bad.ok();
    }));
    return bad;
  };
  RETURN_IF_ERROR(scan("commitment", [&](const StoredRecord& row, const Record& r) -> Status {
    const uint64_t index = row.index;
    ASSIGN_OR_RETURN(Commitment c, ParseCommitmentBody(r.body));
    src.inputs.clauses.push_back({std::move(c), index, DateOfMicros(r.time_micros)});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("fulfilment", [&](const StoredRecord& row, const Record& r) -> Status {
    const uint64_t index = row.index;
    ASSIGN_OR_RETURN(Fulfilment f, ParseFulfilmentBody(r.body));
    src.inputs.fulfilments.push_back({std::move(f), index, DateOfMicros(r.time_micros)});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("troops", [&](const StoredRecord& row, const Record& r) -> Status {
    const uint64_t index = row.index;
    ASSIGN_OR_RETURN(TroopsDeclaration t, ParseTroopsBody(r.body));
    src.troops[t.force].push_back({t.as_of, DateOfMicros(r.time_micros), index, t.strength});
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("session", [&](const StoredRecord& row, const Record& r) -> Status {
    const uint64_t index = row.index;
    ASSIGN_OR_RETURN(dialogue::Session s, dialogue::ParseSessionBody(r.body));
    src.sessions.emplace_back(index, std::move(s));
    return Status::Ok();
  }));

  // released(): the list entries of `prisoner` records, then every release of an entry with the
  // day its record became known.
  std::unordered_map<uint64_t, std::pair<std::string, std::string>> prisoners;  // index -> entry
  RETURN_IF_ERROR(scan("prisoner", [&](const StoredRecord& row, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Prisoner p, ParsePrisoner(r.body));
    NoteList(src, p.list, DateOfMicros(r.time_micros));
    prisoners[row.index] = {p.list, p.entry};
    return Status::Ok();
  }));
  struct Released {
    Date known, day;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Released>> releases;
  RETURN_IF_ERROR(scan("release", [&](const StoredRecord& row, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Release rel, ParseRelease(r.body));
    ASSIGN_OR_RETURN(Date day, ParseDate(rel.date));
    const Date known = DateOfMicros(r.time_micros);
    for (uint64_t p : rel.prisoners) {
      // An index that is not an earlier prisoner record is ignored, as the exchange view does.
      auto it = prisoners.find(p);
      if (it == prisoners.end() || p >= row.index) continue;
      releases[it->second].push_back({known, day});
    }
    for (const auto& e : rel.entries) {
      NoteList(src, e.list, known);
      releases[{e.list, e.entry}].push_back({known, day});
    }
    return Status::Ok();
  }));
  for (auto& [entry, list] : releases) {
    // The entry counts on its earliest release day known on K: one item per improvement.
    std::stable_sort(list.begin(), list.end(),
                     [](const Released& a, const Released& b) { return a.known < b.known; });
    DayCounter& counter = src.released[entry.first];
    std::vector<Released> steps;
    for (const auto& r : list) {
      if (!steps.empty() && r.day >= steps.back().day) continue;
      if (!steps.empty() && r.known == steps.back().known) {
        steps.back().day = r.day;
      } else {
        steps.push_back(r);
      }
    }
    for (size_t i = 0; i < steps.size(); ++i) {
      counter.Add(steps[i].day, steps[i].known,
                  i + 1 < steps.size() ? std::optional<Date>(steps[i + 1].known) : std::nullopt);
    }
  }
  for (auto& [list, counter] : src.released) counter.Finish();

  // incidents() and baseline(): incident versions, with the monitor view's response rules.
  struct Current {
    std::string party;
    size_t version = 0;  // in src.incidents
    bool retracted = false;
  };
  std::unordered_map<uint64_t, Current> incidents;
  RETURN_IF_ERROR(scan("incident", [&](const StoredRecord& row, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Incident in, ParseIncident(r.body));
    incidents[row.index] = {row.party, src.incidents.size(), false};
    src.incidents.push_back(VersionOf(src, in, DateOfMicros(r.time_micros)));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("response", [&](const StoredRecord& row, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Response resp, ParseResponse(r.body));
    if (resp.action != ResponseAction::kRetract && resp.action != ResponseAction::kSupersede) {
      return Status::Ok();  // corroborations and contests change the status, not the count
    }
    auto it = incidents.find(resp.to);
    if (it == incidents.end() || resp.to >= row.index || it->second.retracted ||
        it->second.party != row.party) {
      return Status::Ok();  // ignored by the monitor view too
    }
    const Date known = DateOfMicros(r.time_micros);
    IncidentVersion& old = src.incidents[it->second.version];
    old.known_to = std::max(known, old.known_from);
    if (resp.action == ResponseAction::kRetract) {
      it->second.retracted = true;
    } else {
      IncidentVersion v = VersionOf(src, *resp.incident, std::max(known, old.known_from));
      it->second.version = src.incidents.size();
      src.incidents.push_back(v);
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(scan("baseline", [&](const StoredRecord& row, const Record& r) -> Status {
    ASSIGN_OR_RETURN(Baseline b, ParseBaseline(r.body));
    src.baselines.push_back({row.index, DateOfMicros(r.time_micros), b.name, Date{b.from_day},
                             Date{b.to_day}, b.admin1, b.event_type, b.perpetrator_party});
    return Status::Ok();
  }));
  return src;
}

// ---- LogContext ---------------------------------------------------------------------------

struct LogContext::Series {
  std::unique_ptr<DayCounter> owned;  // incidents and baselines; released() uses src_'s
  std::unique_ptr<DayCounter::Cursor> cursor;
  const DayCounter* counter = nullptr;
};

LogContext::LogContext(const LogSource& src) : src_(src) {}
LogContext::~LogContext() = default;

LogContext::Series* LogContext::ReleasedSeries(const std::string& list) {
  std::string key = "released:" + list;
  auto it = series_.find(key);
  if (it != series_.end()) return it->second.get();
  auto found = src_.released.find(list);
  if (found == src_.released.end()) return nullptr;
  auto s = std::make_unique<Series>();
  s->counter = &found->second;
  s->cursor = std::make_unique<DayCounter::Cursor>(*s->counter);
  return series_.emplace(key, std::move(s)).first->second.get();
}

namespace {

// Whether a version passes a filter of interned ids; `any` entries of -1 match anything, and
// an id of -2 (a string no incident has) matches nothing.
struct VersionFilter {
  int32_t perp = -1, perp_party = -1, target = -1, type = -1;
  std::vector<int32_t> provinces, types;  // empty: any
  bool Matches(const IncidentVersion& v) const {
    if (perp != -1 && v.perp != perp) return false;
    if (perp_party != -1 && v.perp_party != perp_party) return false;
    if (target != -1 && v.target != target) return false;
    if (type != -1 && v.type != type) return false;
    if (!provinces.empty() &&
        std::find(provinces.begin(), provinces.end(), v.province) == provinces.end()) {
      return false;
    }
    if (!types.empty() && std::find(types.begin(), types.end(), v.type) == types.end()) {
      return false;
    }
    return true;
  }
};

int32_t IdOf(const LogSource& src, std::string_view s) {
  if (s.empty()) return -1;
  auto it = src.name_ids.find(s);
  return it == src.name_ids.end() ? -2 : it->second;
}

std::unique_ptr<DayCounter> CountMatching(const LogSource& src, const VersionFilter& f) {
  auto c = std::make_unique<DayCounter>();
  for (const auto& v : src.incidents) {
    if (f.Matches(v)) c->Add(v.day, v.known_from, v.known_to);
  }
  c->Finish();
  return c;
}

}  // namespace

Result<LogContext::Series*> LogContext::IncidentSeries(const Call& call) {
  std::string key = "incidents";
  for (const char* p : {"perpetrator", "target", "province", "type"}) {
    key += '\0';
    key += call.StringArg(p);
  }
  auto it = series_.find(key);
  if (it != series_.end()) return it->second.get();
  VersionFilter f;
  f.perp = IdOf(src_, call.StringArg("perpetrator"));
  f.target = IdOf(src_, call.StringArg("target"));
  f.type = IdOf(src_, call.StringArg("type"));
  if (int32_t p = IdOf(src_, call.StringArg("province")); p != -1) f.provinces.push_back(p);
  auto s = std::make_unique<Series>();
  s->owned = CountMatching(src_, f);
  s->counter = s->owned.get();
  s->cursor = std::make_unique<DayCounter::Cursor>(*s->counter);
  return series_.emplace(key, std::move(s)).first->second.get();
}

Result<LogContext::Series*> LogContext::BaselineSeries(const BaselineDef& b) {
  std::string key = "baseline:" + std::to_string(b.index);
  auto it = series_.find(key);
  if (it != series_.end()) return it->second.get();
  VersionFilter f;
  f.perp_party = IdOf(src_, b.perpetrator_party);
  for (const auto& a : b.admin1) f.provinces.push_back(IdOf(src_, a));
  for (const auto& t : b.event_types) f.types.push_back(IdOf(src_, t));
  auto s = std::make_unique<Series>();
  s->owned = CountMatching(src_, f);
  s->counter = s->owned.get();
  s->cursor = std::make_unique<DayCounter::Cursor>(*s->counter);
  return series_.emplace(key, std::move(s)).first->second.get();
}

const BaselineDef* LogContext::FindBaseline(std::string_view name, Date known) const {
  // The first record of the name wins (as in the monitor view), among those known by then.
  for (const auto& b : src_.baselines) {
    if (b.name == name && b.recorded <= known) return &b;
  }
  return nullptr;
}

namespace {

// The first day of the window of `call` ending on `at` (kDawn without a window).
Date WindowStart(const Call& call, Date at) {
  auto it = call.args.find("window");
  if (it == call.args.end()) return kDawn;
  const Duration w = std::get<Duration>(it->second);
  return AddDays(AddDuration(at, Duration{-w.months, -w.days}), 1);
}

}  // namespace

Result<double> LogContext::Metric(const Call& call, Date at, Date known) {
  if (call.function == "troops") {
    std::string force(call.StringArg("force"));
    auto it = src_.troops.find(force);
    const TroopsPoint* best = nullptr;
    if (it != src_.troops.end()) {
      // The latest as_of on or before `at`, among records known by `known`; for the same as_of
      // the later record wins.
      for (const auto& p : it->second) {
        if (p.as_of <= at && p.recorded <= known &&
            (best == nullptr || p.as_of > best->as_of ||
             (p.as_of == best->as_of && p.index > best->index))) {
          best = &p;
        }
      }
    }
    if (best == nullptr) {
      return NotFound("no troops record for force \"" + force + "\" as of " + FormatDate(at) +
                      " or earlier, known by " + FormatDate(known));
    }
    return static_cast<double>(best->strength);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (call.function == "released") {
    std::string list(call.StringArg("list"));
    auto known_since = src_.list_known.find(list);
    if (known_since == src_.list_known.end() || known_since->second > known) {
      return NotFound("no prisoner or release record names list \"" + list + "\" by " +
                      FormatDate(known));
    }
    Series* s = ReleasedSeries(list);
    if (s == nullptr) return 0.0;  // a list nobody has released anyone from
    return static_cast<double>(s->cursor->Count(kDawn, at, known));
  }
  if (call.function == "incidents") {
    ASSIGN_OR_RETURN(Series * s, IncidentSeries(call));
    return static_cast<double>(s->cursor->Count(WindowStart(call, at), at, known));
  }
  if (call.function == "baseline") {
    std::string_view name = call.StringArg("id");
    const BaselineDef* b = FindBaseline(name, known);
    if (b == nullptr) {
      return NotFound("no baseline \"" + std::string(name) + "\" recorded by " +
                      FormatDate(known));
    }
    ASSIGN_OR_RETURN(Series * s, BaselineSeries(*b));
    return static_cast<double>(s->cursor->Count(b->from, b->to, known));
  }
  return NotFound("no source for " + call.function + "()");
}

Result<std::optional<Date>> LogContext::EventDate(std::string_view, Date) {
  // Events reported by fulfilment records are answered by the engine itself.
  return std::optional<Date>();
}

Result<std::vector<Date>> LogContext::ChangeDates(const Call& call, Date from, Date to,
                                                  Date known) {
  std::vector<Date> out;
  std::lock_guard<std::mutex> lock(mu_);
  if (call.function == "released") {
    Series* s = ReleasedSeries(std::string(call.StringArg("list")));
    if (s != nullptr) out = s->counter->Days(from, to);
    return out;
  }
  if (call.function == "incidents") {
    // A count changes on the day an incident enters the window and the day it leaves it.
    ASSIGN_OR_RETURN(Series * s, IncidentSeries(call));
    auto w = call.args.find("window");
    if (w == call.args.end()) return s->counter->Days(from, to);
    const Duration d = std::get<Duration>(w->second);
    Date back = AddDays(AddDuration(from, Duration{-d.months, -d.days}), -1);
    for (Date day : s->counter->Days(back, to)) {
      if (day >= from) out.push_back(day);
      Date leaves = AddDuration(day, d);
      for (int k = d.months == 0 ? 0 : -1; k <= (d.months == 0 ? 0 : 1); ++k) {
        Date x = AddDays(leaves, k);  // calendar months: the neighbours too (a superset is right)
        if (x >= from && x <= to) out.push_back(x);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  if (call.function != "troops") return out;  // baseline(): the same on every day
  auto it = src_.troops.find(std::string(call.StringArg("force")));
  if (it == src_.troops.end()) return out;
  for (const auto& p : it->second) {
    if (p.as_of >= from && p.as_of <= to && p.recorded <= known) out.push_back(p.as_of);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jirga::compliance
