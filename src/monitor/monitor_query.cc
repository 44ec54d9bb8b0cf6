// The monitor's queries over the monitor view's tables (see monitor_query.h).
#include "monitor/monitor_query.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

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

// A day range split into the whole periods (ISO weeks or months) inside it, answered from a
// period aggregate table, and the days at either end, answered day by day.
struct Split {
  bool has_periods = false;
  int32_t periods_from = 0, periods_to = 0;  // first day of the first / last day of the last
  std::vector<std::pair<int32_t, int32_t>> edges;  // day ranges, inclusive
};

int32_t NextMonth(int32_t day) { return MonthStart(MonthStart(day) + 31); }

Split SplitRange(int32_t from, int32_t to, bool months) {
  Split s;
  int32_t first = months ? MonthStart(from) : IsoWeekMonday(from);
  if (first < from) first = months ? NextMonth(first) : first + 7;
  // `end` is one past the last day of the last whole period.
  int32_t end = months ? MonthStart(to + 1) : IsoWeekMonday(to + 1);
  if (first >= end) {
    s.edges.emplace_back(from, to);
    return s;
  }
  s.has_periods = true;
  s.periods_from = first;
  s.periods_to = end - 1;
  if (from < first) s.edges.emplace_back(from, first - 1);
  if (end <= to) s.edges.emplace_back(end, to);
  return s;
}

// One aggregated cell as read from a table, before grouping.
struct Cell {
  int64_t status, events, low, best, high;
};

// Reads `sql` (columns: key..., status, events, low, best, high; ?1/?2 the range and ?3 the
// party when `party` is set) and calls fn(statement, cell) per row. Keys are read by fn.
Status Scan(ViewDb& db, const std::string& sql, int32_t from, int32_t to,
            const std::optional<std::variant<int64_t, std::string>>& party, int key_count,
            const std::function<void(ViewStatement&, const Cell&)>& fn) {
  ASSIGN_OR_RETURN(auto st, db.Prepare(sql));
  st->Int(1, from).Int(2, to);
  if (party) {
    if (std::holds_alternative<int64_t>(*party)) {
      st->Int(3, std::get<int64_t>(*party));
    } else {
      st->Text(3, std::get<std::string>(*party));
    }
  }
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    int k = key_count;
    fn(*st, Cell{st->ColumnInt(k), st->ColumnInt(k + 1), st->ColumnInt(k + 2),
                 st->ColumnInt(k + 3), st->ColumnInt(k + 4)});
  }
  return Status::Ok();
}

constexpr int32_t kMinDay = -25567;  // 1900-01-01
constexpr int32_t kMaxDay = 47846;   // 2100-12-31

bool InSet(StatusFilter f, int64_t s) {
  switch (f) {
    case StatusFilter::kAgreed: return s == 0 || s == 1 || s == 3;
    case StatusFilter::kDisputed: return s == 2 || s == 4 || s == 5;
    case StatusFilter::kAll: return s >= 0 && s <= 5;
  }
  return false;
}

std::string IsoWeekLabel(int32_t monday) {
  int32_t thursday = monday + 3;
  std::string date = FormatDate(thursday);
  int year = std::stoi(date.substr(0, 4));
  int32_t jan1 = CivilDay(year, 1, 1);
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
  const int32_t from = std::max(q.from, kMinDay), to = std::min(q.to, kMaxDay);
  // The reporting party: interned id in the aggregate tables, text in mon_incidents.
  std::optional<std::variant<int64_t, std::string>> agg_party, inc_party;
  bool unknown_party = false;
  if (!q.party.empty()) {
    ASSIGN_OR_RETURN(int64_t id, DictId(db, "party", q.party));
    unknown_party = id < 0;
    agg_party = id;
    inc_party = q.party;
  }
  const std::string party_agg = q.party.empty() ? "" : " AND party = ?3";
  // Groups keyed by a number (day, Monday, admin1 0..34, type 0..5) or by text (perpetrator).
  std::map<int64_t, Sums> groups;
  std::map<std::string, Sums> named;
  int64_t retracted = 0, by_status = 0;
  auto classify = [&](const Cell& c) {
    if (c.status == kRetracted) {
      retracted += c.events;
      return false;
    }
    if (!InSet(q.status, c.status)) {
      by_status += c.events;
      return false;
    }
    return true;
  };
  auto add = [&](Sums& s, const Cell& c) { s.Add(c.events, c.low, c.best, c.high); };
  const std::string cells = "status, events, low, best, high";
  const std::string inc_cells = "status, 1, low, best, high";
  const std::string inc_where = " FROM mon_incidents WHERE start_day BETWEEN ?1 AND ?2" +
                                std::string(q.party.empty() ? "" : " AND party = ?3");
  if (!unknown_party && from <= to) {
    if (q.by == "day" || q.by == "month") {
      RETURN_IF_ERROR(Scan(db, "SELECT day, " + cells + " FROM mon_agg_day WHERE day BETWEEN ?1 "
                               "AND ?2" + party_agg,
                           from, to, agg_party, 1, [&](ViewStatement& st, const Cell& c) {
                             if (classify(c)) add(groups[st.ColumnInt(0)], c);
                           }));
    } else if (q.by == "week") {
      Split sp = SplitRange(from, to, /*months=*/false);
      if (sp.has_periods) {
        RETURN_IF_ERROR(Scan(db, "SELECT week, " + cells + " FROM mon_agg_week WHERE week "
                                 "BETWEEN ?1 AND ?2" + party_agg,
                             sp.periods_from, sp.periods_to, agg_party, 1,
                             [&](ViewStatement& st, const Cell& c) {
                               if (classify(c)) add(groups[st.ColumnInt(0)], c);
                             }));
      }
      for (auto [a, b] : sp.edges) {
        RETURN_IF_ERROR(Scan(db, "SELECT day, " + cells + " FROM mon_agg_day WHERE day BETWEEN "
                                 "?1 AND ?2" + party_agg,
                             a, b, agg_party, 1, [&](ViewStatement& st, const Cell& c) {
                               if (classify(c)) {
                                 add(groups[IsoWeekMonday(static_cast<int32_t>(st.ColumnInt(0)))],
                                     c);
                               }
                             }));
      }
    } else {
      // Whole months from the month tables, the days at the ends from the incidents.
      Split sp = SplitRange(from, to, /*months=*/true);
      std::string month_sql, edge_sql;
      int keys = 1;
      std::map<int64_t, std::string> perps;
      if (q.by == "province") {
        month_sql = "SELECT admin1, precision, " + cells + " FROM mon_agg_place";
        edge_sql = "SELECT admin1, precision, " + inc_cells + inc_where;
        keys = 2;
      } else if (q.by == "perpetrator") {
        month_sql = "SELECT perp, " + cells + " FROM mon_agg_perp";
        edge_sql = "SELECT perp, " + inc_cells + inc_where;
        ASSIGN_OR_RETURN(perps, DictValues(db, "perp"));
      } else {
        month_sql = "SELECT type, " + cells + " FROM mon_agg_type";
        edge_sql = "SELECT event_type, " + inc_cells + inc_where;
      }
      month_sql += " WHERE month BETWEEN ?1 AND ?2" + party_agg;
      auto province_key = [&](int64_t admin1, int64_t precision) {
        return precision <= q.max_precision ? admin1 : 0;
      };
      if (sp.has_periods) {
        RETURN_IF_ERROR(Scan(db, month_sql, sp.periods_from, sp.periods_to, agg_party, keys,
                             [&](ViewStatement& st, const Cell& c) {
                               if (!classify(c)) return;
                               if (q.by == "province") {
                                 add(groups[province_key(st.ColumnInt(0), st.ColumnInt(1))], c);
                               } else if (q.by == "perpetrator") {
                                 add(named[perps[st.ColumnInt(0)]], c);
                               } else {
                                 add(groups[st.ColumnInt(0)], c);
                               }
                             }));
      }
      const auto& types = EventTypes();
      for (auto [a, b] : sp.edges) {
        RETURN_IF_ERROR(Scan(db, edge_sql, a, b, inc_party, keys,
                             [&](ViewStatement& st, const Cell& c) {
                               if (!classify(c)) return;
                               if (q.by == "province") {
                                 std::string iso = st.IsNull(0) ? "" : st.ColumnText(0);
                                 int64_t id = 0;
                                 for (size_t i = 0; i < Provinces().size(); ++i) {
                                   if (Provinces()[i].iso == iso) id = static_cast<int64_t>(i) + 1;
                                 }
                                 add(groups[province_key(id, st.ColumnInt(1))], c);
                               } else if (q.by == "perpetrator") {
                                 add(named[st.ColumnText(0)], c);
                               } else {
                                 std::string t = st.ColumnText(0);
                                 for (size_t i = 0; i < types.size(); ++i) {
                                   if (types[i] == t) add(groups[static_cast<int64_t>(i)], c);
                                 }
                               }
                             }));
      }
    }
  }
  int64_t counted = 0;
  for (auto& [k, s] : groups) counted += s.events;
  for (auto& [k, s] : named) counted += s.events;

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
               {"left_out", {{"retracted", retracted}, {"by_status", by_status}}}};
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
    std::vector<std::pair<std::string, Sums>> v(named.begin(), named.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.second.events != b.second.events ? a.second.events > b.second.events
                                                : a.first < b.first;
    });
    for (auto& [n, s] : v) {
      if (s.events > 0) rows.push_back(row({{"perpetrator", n}}, s));
    }
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
  // Compare reads the incidents themselves: a baseline's filter may combine province,
  // perpetrator and type, which no single aggregate table holds. Periods are days to months.
  std::string where = " AND status IN " + StatusSet(q.status);
  Json filter = Json::object();
  if (!q.baseline_name.empty()) {
    ASSIGN_OR_RETURN(auto st, db.Prepare("SELECT content FROM mon_baselines WHERE name = ?1"));
    st->Text(1, q.baseline_name);
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no baseline named \"" + q.baseline_name + "\"");
    Json body = Json::parse(st->ColumnText(0));
    st->Reset();
    ASSIGN_OR_RETURN(Baseline b, ParseBaseline(body));
    q.baseline_from = b.from_day, q.baseline_to = b.to_day;
    // Every value below was validated against a fixed list or the identifier syntax
    // ([a-z0-9._-]) when the record was appended, so quoting them is safe.
    auto list = [](const std::vector<std::string>& v) {
      std::string out = "(";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? ", '" : "'") + v[i] + "'";
      return out + ")";
    };
    if (!b.admin1.empty()) where += " AND admin1 IN " + list(b.admin1);
    if (!b.perpetrator_party.empty()) where += " AND perp = '" + b.perpetrator_party + "'";
    if (!b.event_type.empty()) where += " AND event_type IN " + list(b.event_type);
    if (body.contains("filter")) filter = body["filter"];
  }
  std::string key = q.by == "province"      ? "CASE WHEN precision <= 4 THEN admin1 END"
                    : q.by == "perpetrator" ? "perp"
                                            : "''";
  using Groups = std::map<std::optional<std::string>, Sums>;
  auto run = [&](int32_t from, int32_t to) -> Result<Groups> {
    Groups g;
    ASSIGN_OR_RETURN(auto st, db.Prepare("SELECT " + key + ", COUNT(*), SUM(low), SUM(best), "
                                         "SUM(high) FROM mon_incidents WHERE start_day BETWEEN "
                                         "?1 AND ?2" + where + " GROUP BY 1"));
    st->Int(1, from).Int(2, to);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      std::optional<std::string> k;
      if (!st->IsNull(0)) k = st->ColumnText(0);
      g[k].Add(st->ColumnInt(1), st->ColumnInt(2), st->ColumnInt(3), st->ColumnInt(4));
    }
    return g;
  };
  ASSIGN_OR_RETURN(Groups base, run(q.baseline_from, q.baseline_to));
  ASSIGN_OR_RETURN(Groups period, run(q.period_from, q.period_to));
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
    // Named keys in order, then the null one (placed coarser than a province) last.
    std::set<std::optional<std::string>> keys;
    for (auto& [k, s] : base) keys.insert(k);
    for (auto& [k, s] : period) keys.insert(k);
    Json rows = Json::array();
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& k : keys) {
        if (k.has_value() != (pass == 0)) continue;
        Json row = compare(base[k], period[k]);
        row[q.by] = k ? Json(*k) : Json(nullptr);
        rows.push_back(std::move(row));
      }
    }
    out["by"] = q.by;
    out["rows"] = rows;
  }
  return out;
}

}  // namespace jirga
