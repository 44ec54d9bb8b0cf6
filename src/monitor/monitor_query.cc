// The monitor's queries over the monitor view's tables (see monitor_query.h).
#include "monitor/monitor_query.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "base/clock.h"
#include "ledger/record.h"
#include "monitor/gazetteer.h"
#include "monitor/monitor_kinds.h"
#include "monitor/monitor_view.h"

namespace jirga {
namespace {

struct Sums {
  int64_t events = 0;
  Range fat;
  void Add(int64_t e, int64_t l, int64_t b, int64_t h) {
    events += e, fat.low += l, fat.best += b, fat.high += h;
  }
};

Json RangeJson(const Range& r) { return {{"low", r.low}, {"best", r.best}, {"high", r.high}}; }

const std::string* Get(const QueryParams& p, std::string_view name) {
  for (const auto& [n, v] : p) {
    if (n == name) return &v;
  }
  return nullptr;
}

Status OnlyParams(const QueryParams& p, std::initializer_list<std::string_view> allowed) {
  std::set<std::string> seen;
  for (const auto& [n, v] : p) {
    if (std::find(allowed.begin(), allowed.end(), n) == allowed.end()) {
      return InvalidArgument("unknown parameter \"" + n.substr(0, 100) + "\"");
    }
    if (!seen.insert(n).second) return InvalidArgument("parameter \"" + n + "\" given twice");
  }
  return Status::Ok();
}

Result<StatusFilter> ParseStatus(const QueryParams& p) {
  const std::string* s = Get(p, "status");
  if (!s || *s == "all") return StatusFilter::kAll;
  if (*s == "agreed") return StatusFilter::kAgreed;
  if (*s == "disputed") return StatusFilter::kDisputed;
  return InvalidArgument("status must be agreed, disputed or all, not \"" + s->substr(0, 100) +
                         "\"");
}

std::string StatusFilterName(StatusFilter f) {
  return f == StatusFilter::kAgreed ? "agreed" : f == StatusFilter::kDisputed ? "disputed" : "all";
}

std::string StatusSet(StatusFilter f) {
  switch (f) {
    case StatusFilter::kAgreed: return "(0, 1, 3)";
    case StatusFilter::kDisputed: return "(2, 4, 5)";
    case StatusFilter::kAll: return "(0, 1, 2, 3, 4, 5)";
  }
  return "()";
}

Result<int32_t> DateParam(const std::string& name, const std::string& value) {
  return ParseDate(value, name);
}

// "FROM:TO" as two day numbers, TO >= FROM.
Result<std::pair<int32_t, int32_t>> ParseSpan(const std::string& name, const std::string& v) {
  size_t colon = v.find(':');
  if (colon == std::string::npos) {
    return InvalidArgument(name + " must be FROM:TO (two dates YYYY-MM-DD), not \"" +
                           v.substr(0, 100) + "\"");
  }
  ASSIGN_OR_RETURN(int32_t a, ParseDate(v.substr(0, colon), name + " FROM"));
  ASSIGN_OR_RETURN(int32_t b, ParseDate(v.substr(colon + 1), name + " TO"));
  if (b < a) return InvalidArgument(name + " TO must not be before FROM");
  return std::make_pair(a, b);
}

Result<std::string> PartyParam(const QueryParams& p, const char* name) {
  const std::string* v = Get(p, name);
  if (!v) return std::string();
  RETURN_IF_ERROR(ValidateIdentifier(name, *v));
  return *v;
}

// The id of a value in mon_dict, or -1 when it was never used.
Result<int64_t> DictId(ViewDb& db, const char* kind, const std::string& value) {
  ASSIGN_OR_RETURN(auto st, db.Prepare("SELECT id FROM mon_dict WHERE kind = ?1 AND value = ?2"));
  st->Text(1, kind).Text(2, value);
  ASSIGN_OR_RETURN(bool row, st->Step());
  int64_t id = row ? st->ColumnInt(0) : -1;
  st->Reset();
  return id;
}

Result<std::map<int64_t, std::string>> DictValues(ViewDb& db, const char* kind) {
  ASSIGN_OR_RETURN(auto st, db.Prepare("SELECT id, value FROM mon_dict WHERE kind = ?1"));
  st->Text(1, kind);
  std::map<int64_t, std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    out[st->ColumnInt(0)] = st->ColumnText(1);
  }
  return out;
}

// A day range split into the whole ISO weeks inside it (answered from mon_agg_week) and the
// days at either end (from mon_agg_day), so a long range reads ~7x fewer aggregate rows.
struct Segment {
  bool weeks;
  int32_t from, to;  // days, or Mondays when weeks
};
std::vector<Segment> Segments(int32_t from, int32_t to, bool allow_weeks) {
  if (!allow_weeks) return {{false, from, to}};
  int32_t first = IsoWeekMonday(from);
  if (first < from) first += 7;
  int32_t last = IsoWeekMonday(to);
  if (last + 6 > to) last -= 7;
  if (first > last) return {{false, from, to}};
  std::vector<Segment> out;
  if (from < first) out.push_back({false, from, first - 1});
  out.push_back({true, first, last});
  if (last + 6 < to) out.push_back({false, last + 7, to});
  return out;
}

// Extra conditions on the aggregate tables.
struct AggFilter {
  std::string status_set;     // "(0, 1)"
  int64_t party = 0;          // 0: any
  std::vector<int> admin1;    // empty: any
  int64_t perp = 0;           // 0: any
  std::vector<int> types;     // empty: any
};

std::string IntList(const std::vector<int>& v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + ")";
}

// Sums events and fatalities over [from, to] grouped by `key_sql` (an expression over the
// aggregate columns in which "$t" stands for the time column: day or week), calling
// fn(key, events, low, best, high) per group and segment (the caller adds them up).
Status Aggregate(ViewDb& db, int32_t from, int32_t to, const std::string& key_sql,
                 bool allow_weeks, const AggFilter& f,
                 const std::function<void(int64_t, int64_t, int64_t, int64_t, int64_t)>& fn) {
  for (const Segment& seg : Segments(from, to, allow_weeks)) {
    std::string t = seg.weeks ? "week" : "day";
    std::string key = key_sql;
    for (size_t p; (p = key.find("$t")) != std::string::npos;) key.replace(p, 2, t);
    std::string sql = "SELECT " + key + ", SUM(events), SUM(low), SUM(best), SUM(high) FROM " +
                      (seg.weeks ? "mon_agg_week" : "mon_agg_day") + " WHERE " + t +
                      " BETWEEN ?1 AND ?2";
    if (!f.status_set.empty()) sql += " AND status IN " + f.status_set;
    if (f.party) sql += " AND party = " + std::to_string(f.party);
    if (!f.admin1.empty()) sql += " AND admin1 IN " + IntList(f.admin1);
    if (f.perp) sql += " AND perp = " + std::to_string(f.perp);
    if (!f.types.empty()) sql += " AND type IN " + IntList(f.types);
    sql += " GROUP BY 1";
    ASSIGN_OR_RETURN(auto st, db.Prepare(sql));
    st->Int(1, seg.from).Int(2, seg.to);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      fn(st->ColumnInt(0), st->ColumnInt(1), st->ColumnInt(2), st->ColumnInt(3),
         st->ColumnInt(4));
    }
  }
  return Status::Ok();
}

std::string IsoWeekLabel(int32_t monday) {
  int32_t thursday = monday + 3;
  std::string date = FormatDate(thursday);
  int year = std::stoi(date.substr(0, 4));
  int32_t jan1 = *ParseDate(date.substr(0, 4) + "-01-01", "year");
  int week = (thursday - jan1) / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
  return buf;
}

double Round(double x, double scale) { return std::round(x * scale) / scale; }

Json PerDay(int64_t n, int64_t days) { return Round(static_cast<double>(n) / days, 1e6); }

Json ChangePct(double base, double now) {
  if (base == 0) return nullptr;
  return Round((now - base) / base * 100.0, 1e2);
}

}  // namespace

Result<SummaryQuery> ParseSummaryQuery(const QueryParams& p) {
  RETURN_IF_ERROR(OnlyParams(p, {"by", "from", "to", "party", "status", "max_precision"}));
  SummaryQuery q;
  const std::string* by = Get(p, "by");
  if (!by) return InvalidArgument("by is required: province, day, week, month, perpetrator or type");
  static const std::set<std::string> kBy = {"province", "day", "week", "month", "perpetrator",
                                            "type"};
  if (!kBy.count(*by)) {
    return InvalidArgument("by must be province, day, week, month, perpetrator or type, not \"" +
                           by->substr(0, 100) + "\"");
  }
  q.by = *by;
  if (const std::string* v = Get(p, "from")) {
    ASSIGN_OR_RETURN(q.from, DateParam("from", *v));
    q.has_from = true;
  }
  if (const std::string* v = Get(p, "to")) {
    ASSIGN_OR_RETURN(q.to, DateParam("to", *v));
    q.has_to = true;
  }
  if (q.to < q.from) return InvalidArgument("to must not be before from");
  ASSIGN_OR_RETURN(q.party, PartyParam(p, "party"));
  ASSIGN_OR_RETURN(q.status, ParseStatus(p));
  if (const std::string* v = Get(p, "max_precision")) {
    if (v->size() != 1 || (*v)[0] < '1' || (*v)[0] > '7') {
      return InvalidArgument("max_precision must be an integer from 1 to 7, not \"" +
                             v->substr(0, 100) + "\"");
    }
    q.max_precision = (*v)[0] - '0';
  }
  return q;
}

Result<Json> Summary(ViewDb& db, const SummaryQuery& q) {
  AggFilter f;
  if (!q.party.empty()) {
    ASSIGN_OR_RETURN(f.party, DictId(db, "party", q.party));
  }
  const bool unknown_party = f.party < 0;
  std::map<int64_t, Sums> groups;
  auto add = [&groups](int64_t k, int64_t e, int64_t l, int64_t b, int64_t h) {
    groups[k].Add(e, l, b, h);
  };
  std::string key;
  bool weeks = true;
  if (q.by == "province") {
    key = "CASE WHEN precision <= " + std::to_string(q.max_precision) +
          " THEN admin1 ELSE 0 END";
  } else if (q.by == "week") {
    key = "$t";  // a day segment maps its days to their Monday below
  } else if (q.by == "day" || q.by == "month") {
    key = "$t";
    weeks = false;
  } else if (q.by == "perpetrator") {
    key = "perp";
  } else {
    key = "type";
  }
  // Counted events, and by status for what is left out.
  std::map<int64_t, int64_t> by_status;
  if (!unknown_party) {
    f.status_set = StatusSet(q.status);
    if (q.by == "week") {
      RETURN_IF_ERROR(Aggregate(db, q.from, q.to, key, weeks, f,
                                [&](int64_t k, int64_t e, int64_t l, int64_t b, int64_t h) {
                                  add(IsoWeekMonday(static_cast<int32_t>(k)), e, l, b, h);
                                }));
    } else {
      RETURN_IF_ERROR(Aggregate(db, q.from, q.to, key, weeks, f, add));
    }
    AggFilter all = f;
    all.status_set.clear();
    RETURN_IF_ERROR(Aggregate(db, q.from, q.to, "status", true, all,
                              [&](int64_t k, int64_t e, int64_t, int64_t, int64_t) {
                                by_status[k] += e;
                              }));
  }
  int64_t counted = 0, retracted = by_status[kRetracted], all_events = 0;
  for (auto& [s, n] : by_status) all_events += n;
  for (auto& [k, s] : groups) counted += s.events;

  Json rows = Json::array();
  auto row = [](Json j, const Sums& s) {
    j["events"] = s.events;
    j["fatalities"] = RangeJson(s.fat);
    return j;
  };
  Json meta = {{"by", q.by},
               {"from", q.has_from ? Json(FormatDate(q.from)) : Json(nullptr)},
               {"to", q.has_to ? Json(FormatDate(q.to)) : Json(nullptr)},
               {"party", q.party.empty() ? Json(nullptr) : Json(q.party)},
               {"status", StatusFilterName(q.status)},
               {"counted", counted},
               {"left_out", {{"retracted", retracted},
                             {"by_status", all_events - retracted - counted}}}};
  if (q.by == "province") {
    const auto& provinces = Provinces();
    for (size_t i = 0; i < provinces.size(); ++i) {
      rows.push_back(row({{"province", provinces[i].iso}, {"name", provinces[i].en}},
                         groups[static_cast<int64_t>(i) + 1]));
    }
    rows.push_back(row({{"province", nullptr}, {"name", nullptr}}, groups[0]));
    meta["max_precision"] = q.max_precision;
    meta["coarser"] = groups[0].events;
  } else if (q.by == "day") {
    for (auto& [k, s] : groups) rows.push_back(row({{"day", FormatDate(static_cast<int32_t>(k))}}, s));
  } else if (q.by == "week") {
    for (auto& [k, s] : groups) {
      rows.push_back(row({{"week", IsoWeekLabel(static_cast<int32_t>(k))},
                          {"start", FormatDate(static_cast<int32_t>(k))}},
                         s));
    }
  } else if (q.by == "month") {
    std::map<std::string, Sums> months;
    for (auto& [k, s] : groups) {
      Sums& m = months[FormatDate(static_cast<int32_t>(k)).substr(0, 7)];
      m.Add(s.events, s.fat.low, s.fat.best, s.fat.high);
    }
    for (auto& [m, s] : months) rows.push_back(row({{"month", m}}, s));
  } else if (q.by == "perpetrator") {
    ASSIGN_OR_RETURN(auto names, DictValues(db, "perp"));
    std::vector<std::pair<std::string, Sums>> v;
    for (auto& [k, s] : groups) v.emplace_back(names[k], s);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.second.events != b.second.events ? a.second.events > b.second.events
                                                : a.first < b.first;
    });
    for (auto& [n, s] : v) rows.push_back(row({{"perpetrator", n}}, s));
  } else {
    const auto& types = EventTypes();
    for (size_t i = 0; i < types.size(); ++i) {
      rows.push_back(row({{"type", std::string(types[i])}}, groups[static_cast<int64_t>(i)]));
    }
  }
  return Json{{"meta", meta}, {"rows", rows}};
}

Result<CompareQuery> ParseCompareQuery(const QueryParams& p) {
  RETURN_IF_ERROR(OnlyParams(p, {"baseline", "period", "by", "status"}));
  CompareQuery q;
  const std::string* b = Get(p, "baseline");
  if (!b) return InvalidArgument("baseline is required: FROM:TO or a baseline name");
  if (b->find(':') != std::string::npos) {
    ASSIGN_OR_RETURN(auto span, ParseSpan("baseline", *b));
    q.baseline_from = span.first, q.baseline_to = span.second;
  } else {
    if (ParseDate(*b, "baseline").ok()) {
      return InvalidArgument("baseline must be FROM:TO or a baseline name, not the single date \"" +
                             *b + "\"");
    }
    RETURN_IF_ERROR(ValidateIdentifier("baseline", *b));
    q.baseline_name = *b;
  }
  const std::string* per = Get(p, "period");
  if (!per) return InvalidArgument("period is required: FROM:TO");
  ASSIGN_OR_RETURN(auto span, ParseSpan("period", *per));
  q.period_from = span.first, q.period_to = span.second;
  if (const std::string* by = Get(p, "by")) {
    if (*by != "province" && *by != "perpetrator") {
      return InvalidArgument("by must be province or perpetrator, not \"" + by->substr(0, 100) +
                             "\"");
    }
    q.by = *by;
  }
  ASSIGN_OR_RETURN(q.status, ParseStatus(p));
  return q;
}

Result<Json> Compare(ViewDb& db, const CompareQuery& q_in) {
  CompareQuery q = q_in;
  AggFilter f;
  f.status_set = StatusSet(q.status);
  Json filter = Json::object();
  bool nothing = false;  // a filter naming a perpetrator never seen: every count is 0
  if (!q.baseline_name.empty()) {
    ASSIGN_OR_RETURN(auto st, db.Prepare("SELECT content FROM mon_baselines WHERE name = ?1"));
    st->Text(1, q.baseline_name);
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no baseline named \"" + q.baseline_name + "\"");
    Json body = Json::parse(st->ColumnText(0));
    st->Reset();
    ASSIGN_OR_RETURN(Baseline b, ParseBaseline(body));
    q.baseline_from = b.from_day, q.baseline_to = b.to_day;
    for (const auto& code : b.admin1) {
      const auto& all = Provinces();
      for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].iso == code) f.admin1.push_back(static_cast<int>(i) + 1);
      }
    }
    if (!b.perpetrator_party.empty()) {
      ASSIGN_OR_RETURN(f.perp, DictId(db, "perp", b.perpetrator_party));
      nothing = f.perp < 0;
    }
    for (const auto& t : b.event_type) {
      const auto& types = EventTypes();
      for (size_t i = 0; i < types.size(); ++i) {
        if (types[i] == t) f.types.push_back(static_cast<int>(i));
      }
    }
    if (body.contains("filter")) filter = body["filter"];
  }
  std::string key = q.by == "province" ? "admin1" : q.by == "perpetrator" ? "perp" : "0";
  auto run = [&](int32_t from, int32_t to) -> Result<std::map<int64_t, Sums>> {
    std::map<int64_t, Sums> g;
    if (nothing) return g;
    RETURN_IF_ERROR(Aggregate(db, from, to, key, true, f,
                              [&](int64_t k, int64_t e, int64_t l, int64_t b, int64_t h) {
                                g[k].Add(e, l, b, h);
                              }));
    return g;
  };
  ASSIGN_OR_RETURN(auto base, run(q.baseline_from, q.baseline_to));
  ASSIGN_OR_RETURN(auto period, run(q.period_from, q.period_to));
  const int64_t base_days = q.baseline_to - q.baseline_from + 1;
  const int64_t period_days = q.period_to - q.period_from + 1;
  auto side = [](int32_t from, int32_t to, int64_t days, const Sums& s) {
    return Json{{"from", FormatDate(from)},
                {"to", FormatDate(to)},
                {"days", days},
                {"events", s.events},
                {"per_day", PerDay(s.events, days)},
                {"fatalities", RangeJson(s.fat)},
                {"fatalities_per_day",
                 {{"low", PerDay(s.fat.low, days)},
                  {"best", PerDay(s.fat.best, days)},
                  {"high", PerDay(s.fat.high, days)}}}};
  };
  auto compare = [&](const Sums& b, const Sums& p) {
    Json j = {{"baseline", side(q.baseline_from, q.baseline_to, base_days, b)},
              {"period", side(q.period_from, q.period_to, period_days, p)}};
    j["change_pct"] = ChangePct(static_cast<double>(b.events) / base_days,
                                static_cast<double>(p.events) / period_days);
    j["fatalities_change_pct"] = ChangePct(static_cast<double>(b.fat.best) / base_days,
                                           static_cast<double>(p.fat.best) / period_days);
    return j;
  };
  Sums bt, pt;
  for (auto& [k, s] : base) bt.Add(s.events, s.fat.low, s.fat.best, s.fat.high);
  for (auto& [k, s] : period) pt.Add(s.events, s.fat.low, s.fat.best, s.fat.high);
  Json out = compare(bt, pt);
  out["status"] = StatusFilterName(q.status);
  out["baseline_name"] = q.baseline_name.empty() ? Json(nullptr) : Json(q.baseline_name);
  out["filter"] = filter;
  if (!q.by.empty()) {
    Json rows = Json::array();
    std::set<int64_t> keys;
    for (auto& [k, s] : base) keys.insert(k);
    for (auto& [k, s] : period) keys.insert(k);
    std::map<int64_t, std::string> perps;
    if (q.by == "perpetrator") {
      ASSIGN_OR_RETURN(perps, DictValues(db, "perp"));
    }
    std::vector<std::pair<std::string, Json>> named;
    for (int64_t k : keys) {
      Json row = compare(base[k], period[k]);
      Json name;
      if (q.by == "province") {
        name = k == 0 ? Json(nullptr)
                      : Json(std::string(Provinces()[static_cast<size_t>(k - 1)].iso));
      } else {
        name = perps[k];
      }
      row[q.by] = name;
      named.emplace_back(name.is_null() ? std::string("\x7f") : name.get<std::string>(),
                         std::move(row));
    }
    std::sort(named.begin(), named.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [n, r] : named) rows.push_back(std::move(r));
    out["by"] = q.by;
    out["rows"] = rows;
  }
  return out;
}

}  // namespace jirga
