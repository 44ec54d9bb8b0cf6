// The monitor's record-level queries — ceasefire compliance, the incident list, definitions,
// the import lookup — and the CSV/table renderings of summaries (see monitor_query.h).
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "base/clock.h"
#include "ledger/record.h"
#include "monitor/gazetteer.h"
#include "monitor/monitor_kinds.h"
#include "monitor/monitor_query.h"
#include "monitor/monitor_view.h"

namespace jirga {
namespace {

const std::string* Get(const QueryParams& p, std::string_view name) {
  for (const auto& [n, v] : p) {
    if (n == name) return &v;
  }
  return nullptr;
}

Json RangeJson(int64_t l, int64_t b, int64_t h) { return {{"low", l}, {"best", b}, {"high", h}}; }

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

struct WindowIncident {
  int64_t idx, day, reported, first_response, contests;
  std::string perp, admin1;
  int64_t status;
};

}  // namespace

Result<Json> Ceasefires(ViewDb& db) {
  ASSIGN_OR_RETURN(auto cfs, db.Prepare("SELECT content, idx, party FROM mon_ceasefires "
                                        "ORDER BY start_day, id"));
  std::vector<std::tuple<Ceasefire, int64_t, std::string>> list;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, cfs->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Ceasefire c, ParseCeasefire(Json::parse(cfs->ColumnText(0))));
    list.emplace_back(std::move(c), cfs->ColumnInt(1), cfs->ColumnText(2));
  }
  ASSIGN_OR_RETURN(auto inc, db.Prepare(
                                 "SELECT idx, start_day, reported, first_response, contests, perp, "
                                 "admin1, status FROM mon_incidents WHERE start_day BETWEEN ?1 AND "
                                 "?2 AND status != 6 ORDER BY idx"));
  ASSIGN_OR_RETURN(auto contests,
                   db.Prepare("SELECT party, COUNT(*) FROM mon_responses WHERE to_idx = ?1 AND "
                              "action = 'contest' AND effect = 'applied' GROUP BY party"));
  Json out = Json::array();
  for (auto& [c, idx, submitter] : list) {
    const int64_t days = c.end_day - c.start_day + 1;
    const int64_t before_from = c.start_day - days, before_to = c.start_day - 1;
    std::set<std::string> scope(c.scope.begin(), c.scope.end());
    std::vector<WindowIncident> rows;
    inc->Reset();
    inc->Int(1, before_from).Int(2, c.end_day);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, inc->Step());
      if (!row) break;
      WindowIncident w{inc->ColumnInt(0), inc->ColumnInt(1), inc->ColumnInt(2),
                       inc->IsNull(3) ? -1 : inc->ColumnInt(3), inc->ColumnInt(4),
                       inc->ColumnText(5), inc->IsNull(6) ? "" : inc->ColumnText(6),
                       inc->ColumnInt(7)};
      // Scoped ceasefires count only incidents placed in one of their provinces.
      if (!c.nationwide && !scope.count(w.admin1)) continue;
      rows.push_back(std::move(w));
    }
    std::map<std::string, std::pair<int64_t, int64_t>> by_perp;  // before, during
    std::map<std::string, int64_t> contested_against, contests_made;
    int64_t before = 0, during = 0, responded = 0, unanswered = 0;
    std::vector<double> hours;
    for (const auto& w : rows) {
      bool in = w.day >= c.start_day;
      (in ? during : before) += 1;
      auto& bp = by_perp[w.perp];
      (in ? bp.second : bp.first) += 1;
      if (!in) continue;
      if (w.contests > 0) contested_against[w.perp] += 1;
      if (w.first_response >= 0) {
        ++responded;
        hours.push_back(static_cast<double>(w.first_response - w.reported) / 3.6e9);
      } else {
        ++unanswered;
      }
      if (w.contests > 0) {
        contests->Reset();
        contests->Int(1, w.idx);
        for (;;) {
          ASSIGN_OR_RETURN(bool row, contests->Step());
          if (!row) break;
          contests_made[contests->ColumnText(0)] += contests->ColumnInt(1);
        }
      }
    }
    std::set<std::string> parties(c.parties.begin(), c.parties.end());
    Json perps = Json::array();
    std::set<std::string> perp_keys;
    for (auto& [k, v] : by_perp) perp_keys.insert(k);
    for (const auto& p : c.parties) perp_keys.insert(p);
    for (const auto& k : perp_keys) {
      auto [b, d] = by_perp[k];
      Json change = b == 0 ? Json(nullptr) : Json(Round2((static_cast<double>(d) - b) / b * 100));
      perps.push_back({{"perpetrator", k}, {"ceasefire_party", parties.count(k) > 0},
                       {"before", b}, {"during", d}, {"change_pct", change}});
    }
    Json disputes = Json::array();
    std::set<std::string> dispute_keys;
    for (auto& [k, v] : contested_against) dispute_keys.insert(k);
    for (auto& [k, v] : contests_made) dispute_keys.insert(k);
    for (const auto& p : c.parties) dispute_keys.insert(p);
    for (const auto& k : dispute_keys) {
      disputes.push_back({{"party", k},
                          {"contests_made", contests_made.count(k) ? contests_made[k] : 0},
                          {"contested_incidents_attributed",
                           contested_against.count(k) ? contested_against[k] : 0}});
    }
    Json times = {{"responded", responded}, {"unanswered", unanswered},
                  {"median_hours", nullptr}, {"mean_hours", nullptr}};
    if (!hours.empty()) {
      std::sort(hours.begin(), hours.end());
      size_t n = hours.size();
      double median = n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
      double sum = 0;
      for (double h : hours) sum += h;
      times["median_hours"] = Round2(median);
      times["mean_hours"] = Round2(sum / static_cast<double>(n));
    }
    Json scope_json = c.nationwide ? Json("nationwide") : Json(c.scope);
    out.push_back({{"id", c.id}, {"index", idx}, {"declared_by", submitter},
                   {"parties", c.parties}, {"scope", scope_json}, {"mode", c.mode},
                   {"start", c.start}, {"end", c.end}, {"days", days},
                   {"before", {{"from", FormatDate(static_cast<int32_t>(before_from))},
                               {"to", FormatDate(static_cast<int32_t>(before_to))},
                               {"events", before}}},
                   {"during", {{"events", during}}},
                   {"change_pct", before == 0 ? Json(nullptr)
                                              : Json(Round2((static_cast<double>(during) - before) /
                                                            before * 100))},
                   {"by_perpetrator", perps}, {"disputes", disputes},
                   {"response_time", times}});
  }
  return out;
}

Result<IncidentQuery> ParseIncidentQuery(const QueryParams& p) {
  for (const auto& [n, v] : p) {
    static const std::set<std::string> kAllowed = {"from", "to", "party", "province", "perpetrator",
                                                   "type", "status", "limit", "offset"};
    if (!kAllowed.count(n)) return InvalidArgument("unknown parameter \"" + n.substr(0, 100) + "\"");
    int count = 0;
    for (const auto& [m, w] : p) count += m == n;
    if (count > 1) return InvalidArgument("parameter \"" + n + "\" given twice");
  }
  IncidentQuery q;
  if (auto* v = Get(p, "from")) {
    ASSIGN_OR_RETURN(q.from, ParseDate(*v, "from"));
  }
  if (auto* v = Get(p, "to")) {
    ASSIGN_OR_RETURN(q.to, ParseDate(*v, "to"));
  }
  if (q.to < q.from) return InvalidArgument("to must not be before from");
  if (auto* v = Get(p, "party")) {
    RETURN_IF_ERROR(ValidateIdentifier("party", *v));
    q.party = *v;
  }
  if (auto* v = Get(p, "province")) {
    auto prov = ResolveProvince(*v);
    if (!prov.ok()) return InvalidArgument("province: " + prov.status().message());
    q.province = std::string((*prov)->iso);
  }
  if (auto* v = Get(p, "perpetrator")) {
    if (v->empty() || v->size() > 300) return InvalidArgument("perpetrator must be 1 to 300 bytes");
    q.perpetrator = *v;
  }
  if (auto* v = Get(p, "type")) {
    const auto& types = EventTypes();
    if (std::find(types.begin(), types.end(), *v) == types.end()) {
      return InvalidArgument("type must be one of ACLED's event types, not \"" + v->substr(0, 100) +
                             "\"");
    }
    q.type = *v;
  }
  if (auto* v = Get(p, "status")) {
    static const std::set<std::string> kStatus = {"agreed", "disputed", "all", "retracted", "any"};
    if (!kStatus.count(*v)) {
      return InvalidArgument("status must be agreed, disputed, all, retracted or any, not \"" +
                             v->substr(0, 100) + "\"");
    }
    q.status = *v;
  }
  auto number = [](const std::string& name, const std::string& v, uint64_t lo,
                   uint64_t hi) -> Result<uint64_t> {
    uint64_t n = 0;
    bool ok = !v.empty() && v.size() <= 9 && (v.size() == 1 || v[0] != '0');
    for (char c : v) ok = ok && c >= '0' && c <= '9';
    if (ok) n = std::stoull(v);
    if (!ok || n < lo || n > hi) {
      return InvalidArgument(name + " must be an integer from " + std::to_string(lo) + " to " +
                             std::to_string(hi) + ", not \"" + v.substr(0, 100) + "\"");
    }
    return n;
  };
  if (auto* v = Get(p, "limit")) {
    ASSIGN_OR_RETURN(q.limit, number("limit", *v, 1, 1000));
  }
  if (auto* v = Get(p, "offset")) {
    ASSIGN_OR_RETURN(q.offset, number("offset", *v, 0, 100000000));
  }
  return q;
}

Result<Json> Incidents(ViewDb& db, const IncidentQuery& q) {
  std::string where = "start_day BETWEEN ?1 AND ?2";
  if (q.status == "agreed") where += " AND status IN (0, 1, 3)";
  if (q.status == "disputed") where += " AND status IN (2, 4, 5)";
  if (q.status == "all") where += " AND status != 6";
  if (q.status == "retracted") where += " AND status = 6";
  if (!q.party.empty()) where += " AND party = ?3";
  if (!q.province.empty()) where += " AND admin1 = ?4";
  if (!q.perpetrator.empty()) where += " AND perp = ?5";
  if (!q.type.empty()) where += " AND event_type = ?6";
  auto bind = [&](ViewStatement& s) {
    s.Int(1, q.from).Int(2, q.to);
    if (!q.party.empty()) s.Text(3, q.party);
    if (!q.province.empty()) s.Text(4, q.province);
    if (!q.perpetrator.empty()) s.Text(5, q.perpetrator);
    if (!q.type.empty()) s.Text(6, q.type);
  };
  ASSIGN_OR_RETURN(auto count, db.Prepare("SELECT COUNT(*) FROM mon_incidents WHERE " + where));
  bind(*count);
  ASSIGN_OR_RETURN(bool has, count->Step());
  int64_t total = has ? count->ColumnInt(0) : 0;
  count->Reset();
  ASSIGN_OR_RETURN(auto list, db.Prepare(
                                  "SELECT idx, party, reported, content_idx, content, status, "
                                  "outcome, low, best, high, corroborations, contests, "
                                  "retracted_idx, perp FROM mon_incidents WHERE " + where +
                                  " ORDER BY start_day DESC, idx DESC LIMIT ?7 OFFSET ?8"));
  bind(*list);
  list->Int(7, static_cast<int64_t>(q.limit)).Int(8, static_cast<int64_t>(q.offset));
  ASSIGN_OR_RETURN(auto responses, db.Prepare(
                                       "SELECT idx, party, action, aspects, reason, received, "
                                       "effect FROM mon_responses WHERE to_idx = ?1 ORDER BY idx"));
  ASSIGN_OR_RETURN(auto findings, db.Prepare("SELECT idx, party, outcome, content, received FROM "
                                             "mon_findings WHERE to_idx = ?1 ORDER BY idx"));
  Json items = Json::array();
  for (;;) {
    ASSIGN_OR_RETURN(bool row, list->Step());
    if (!row) break;
    int64_t idx = list->ColumnInt(0);
    int64_t status = list->ColumnInt(5);
    Json item = {{"index", idx},
                 {"party", list->ColumnText(1)},
                 {"reported", FormatRfc3339(list->ColumnInt(2))},
                 {"content_index", list->ColumnInt(3)},
                 {"incident", Json::parse(list->ColumnText(4))},
                 {"status", StatusName(static_cast<int>(status))},
                 {"outcome", list->IsNull(6) ? Json(nullptr) : Json(list->ColumnText(6))},
                 {"perpetrator", list->ColumnText(13)},
                 {"counted_fatalities",
                  RangeJson(list->ColumnInt(7), list->ColumnInt(8), list->ColumnInt(9))},
                 {"corroborations", list->ColumnInt(10)},
                 {"contests", list->ColumnInt(11)},
                 {"retracted_by", list->IsNull(12) ? Json(nullptr) : Json(list->ColumnInt(12))}};
    Json rs = Json::array();
    responses->Reset();
    responses->Int(1, idx);
    for (;;) {
      ASSIGN_OR_RETURN(bool r, responses->Step());
      if (!r) break;
      Json aspects = Json::array();
      std::stringstream ss(responses->ColumnText(3));
      for (std::string a; std::getline(ss, a, ',');) aspects.push_back(a);
      rs.push_back({{"index", responses->ColumnInt(0)},
                    {"party", responses->ColumnText(1)},
                    {"action", responses->ColumnText(2)},
                    {"aspects", aspects},
                    {"reason", responses->ColumnText(4)},
                    {"received", FormatRfc3339(responses->ColumnInt(5))},
                    {"effect", responses->ColumnText(6)}});
    }
    Json fs = Json::array();
    findings->Reset();
    findings->Int(1, idx);
    for (;;) {
      ASSIGN_OR_RETURN(bool r, findings->Step());
      if (!r) break;
      fs.push_back({{"index", findings->ColumnInt(0)},
                    {"party", findings->ColumnText(1)},
                    {"outcome", findings->ColumnText(2)},
                    {"finding", Json::parse(findings->ColumnText(3))},
                    {"received", FormatRfc3339(findings->ColumnInt(4))}});
    }
    item["responses"] = rs;
    item["findings"] = fs;
    items.push_back(std::move(item));
  }
  return Json{{"total", total}, {"offset", q.offset}, {"incidents", items}};
}

Result<Json> Definitions(ViewDb& db) {
  Json out = {{"baselines", Json::array()}, {"ceasefires", Json::array()},
              {"ignored", Json::array()}};
  ASSIGN_OR_RETURN(auto b, db.Prepare("SELECT name, idx, party, content FROM mon_baselines "
                                      "ORDER BY name"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, b->Step());
    if (!row) break;
    out["baselines"].push_back({{"name", b->ColumnText(0)}, {"index", b->ColumnInt(1)},
                                {"party", b->ColumnText(2)},
                                {"baseline", Json::parse(b->ColumnText(3))}});
  }
  ASSIGN_OR_RETURN(auto c, db.Prepare("SELECT id, idx, party, content FROM mon_ceasefires "
                                      "ORDER BY id"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, c->Step());
    if (!row) break;
    out["ceasefires"].push_back({{"id", c->ColumnText(0)}, {"index", c->ColumnInt(1)},
                                 {"party", c->ColumnText(2)},
                                 {"ceasefire", Json::parse(c->ColumnText(3))}});
  }
  ASSIGN_OR_RETURN(auto i, db.Prepare("SELECT idx, kind, reason FROM mon_ignored ORDER BY idx"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, i->Step());
    if (!row) break;
    out["ignored"].push_back(
        {{"index", i->ColumnInt(0)}, {"kind", i->ColumnText(1)}, {"reason", i->ColumnText(2)}});
  }
  return out;
}

Result<std::map<std::string, ImportedRef>> FindImportedBatch(ViewSet& views,
                                                             const std::string& dataset,
                                                             const std::vector<std::string>& ids) {
  std::map<std::string, ImportedRef> out;
  RETURN_IF_ERROR(views.Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(auto st, db.Prepare(
                                  "SELECT idx, version FROM mon_incidents WHERE dataset = ?1 AND "
                                  "import_id = ?2 ORDER BY idx LIMIT 1"));
    for (const std::string& id : ids) {
      st->Reset();
      st->Text(1, dataset).Text(2, id);
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (row) {
        out[id] = ImportedRef{static_cast<uint64_t>(st->ColumnInt(0)),
                              st->IsNull(1) ? std::string() : st->ColumnText(1)};
      }
    }
    st->Reset();
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<ImportedRef>> FindImported(ViewSet& views, const std::string& dataset,
                                                const std::string& id) {
  ASSIGN_OR_RETURN(auto found, FindImportedBatch(views, dataset, {id}));
  if (found.empty()) return std::optional<ImportedRef>();
  return std::optional<ImportedRef>(found.begin()->second);
}

namespace {

// The key column(s) of a summary row, as text.
std::vector<std::pair<std::string, std::string>> KeyCells(const Json& row, const std::string& by) {
  auto text = [](const Json& v) { return v.is_null() ? std::string() : v.get<std::string>(); };
  if (by == "province") return {{"province", text(row["province"])}, {"name", text(row["name"])}};
  if (by == "week") return {{"week", text(row["week"])}, {"start", text(row["start"])}};
  return {{by, text(row[by])}};
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string SummaryCsv(const Json& rows, const std::string& by) {
  std::string out;
  bool header = false;
  for (const Json& r : rows) {
    auto keys = KeyCells(r, by);
    if (!header) {
      for (auto& [k, v] : keys) out += k + ",";
      out += "events,fatalities_low,fatalities_best,fatalities_high\n";
      header = true;
    }
    for (auto& [k, v] : keys) out += CsvCell(v) + ",";
    const Json& f = r["fatalities"];
    out += std::to_string(r["events"].get<int64_t>()) + "," +
           std::to_string(f["low"].get<int64_t>()) + "," +
           std::to_string(f["best"].get<int64_t>()) + "," +
           std::to_string(f["high"].get<int64_t>()) + "\n";
  }
  if (!header) out = by + ",events,fatalities_low,fatalities_best,fatalities_high\n";
  return out;
}

std::string SummaryTable(const Json& rows, const std::string& by) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> head;
  for (const Json& r : rows) {
    auto keys = KeyCells(r, by);
    if (head.empty()) {
      for (auto& [k, v] : keys) head.push_back(k);
      for (const char* h : {"events", "low", "best", "high"}) head.push_back(h);
    }
    std::vector<std::string> line;
    for (auto& [k, v] : keys) line.push_back(v.empty() && by == "province" ? "(coarser)" : v);
    const Json& f = r["fatalities"];
    line.push_back(std::to_string(r["events"].get<int64_t>()));
    for (const char* k : {"low", "best", "high"}) line.push_back(std::to_string(f[k].get<int64_t>()));
    cells.push_back(std::move(line));
  }
  if (head.empty()) return "(no rows)\n";
  std::vector<size_t> width(head.size());
  for (size_t i = 0; i < head.size(); ++i) width[i] = head[i].size();
  for (auto& l : cells) {
    for (size_t i = 0; i < l.size(); ++i) width[i] = std::max(width[i], l[i].size());
  }
  auto emit = [&](const std::vector<std::string>& l, std::string& out) {
    size_t nkeys = head.size() - 4;
    for (size_t i = 0; i < l.size(); ++i) {
      std::string pad(width[i] - l[i].size(), ' ');
      out += i < nkeys ? l[i] + pad : pad + l[i];
      out += i + 1 < l.size() ? "  " : "\n";
    }
  };
  std::string out;
  emit(head, out);
  for (auto& l : cells) emit(l, out);
  return out;
}

}  // namespace jirga
