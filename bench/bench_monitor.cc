// jirga_bench section "monitor": 1M synthetic incidents fed straight into the monitor view (no
// signing: the view's own apply path, MonitorView::AddIncident, in 20k-row transactions), then
// `monitor summary --by province|week` as the library runs it (monitor/monitor_query.h) beside
// the same GROUP BY run directly in SQLite on a plain incidents table holding the same data.
#include <random>

#include "bench.h"
#include "monitor/gazetteer.h"
#include "monitor/monitor_query.h"
#include "monitor/monitor_view.h"
#include "store/view_db.h"

namespace jirga::bench {
namespace {

constexpr uint64_t kIncidents = 1000000;
constexpr uint64_t kTxn = 20000;

struct Synthetic {
  Incident incident;
  std::string party;
  std::string json;
};

// Deterministic incidents spread like a conflict dataset: 12 years (2010-2021), provinces with
// skewed weights, mostly precise places, eight perpetrators, four reporting parties.
class Generator {
 public:
  Generator() : rng_(2020) {}
  Synthetic Next(uint64_t i) {
    Synthetic s;
    Incident& in = s.incident;
    in.start_day = first_ + static_cast<int32_t>(rng_() % 4383);
    in.end_day = in.start_day;
    in.date_start = in.date_end = FormatDate(in.start_day);
    in.date_precision = "day";
    in.country = "AF";
    // Skewed: low ISO-order provinces are not special, so weight by a fixed permutation.
    uint32_t r = rng_() % 1000;
    size_t p = r < 300 ? (r % 5) + 10 : r < 600 ? (r % 10) + 13 : r % 34;
    uint32_t prec = rng_() % 100;
    in.place_precision = prec < 40 ? 1 : prec < 65 ? 2 : prec < 75 ? 3 : prec < 90 ? 4 : prec < 95 ? 5 : 6;
    if (in.place_precision <= 5) in.admin1 = std::string(Provinces()[p].iso);
    static const char* kTypes[][2] = {{"Battles", "Armed clash"},
                                      {"Explosions/Remote violence", "Remote explosive/landmine/IED"},
                                      {"Explosions/Remote violence", "Air/drone strike"},
                                      {"Violence against civilians", "Attack"},
                                      {"Strategic developments", "Arrests"},
                                      {"Protests", "Peaceful protest"}};
    uint32_t t = rng_() % 100;
    int ti = t < 45 ? 0 : t < 65 ? 1 : t < 75 ? 2 : t < 88 ? 3 : t < 95 ? 4 : 5;
    in.event_type = kTypes[ti][0];
    in.subtype = kTypes[ti][1];
    static const char* kPerps[] = {"iea", "gov", "isk", "us", "Unidentified armed group",
                                   "Haqqani network", "Police forces", "Local militia"};
    in.perpetrator.name = kPerps[rng_() % 8];
    if (in.perpetrator.name.size() <= 3) in.perpetrator.party = in.perpetrator.name;
    int best = static_cast<int>(rng_() % 6);
    in.fatalities.party_a = Range{best / 2, best, best + 2};
    static const char* kReporters[] = {"acled-import", "ucdp-import", "gov", "iea"};
    s.party = kReporters[rng_() % 4];
    Json body = {{"date", {{"start", in.date_start}, {"precision", "day"}}},
                 {"place", {{"country", "AF"}, {"precision", in.place_precision}}},
                 {"event", {{"type", in.event_type}, {"subtype", in.subtype}}},
                 {"actors", {{"perpetrator", {{"name", in.perpetrator.name}}}}},
                 {"fatalities", {{"party_a", {{"low", best / 2}, {"best", best}, {"high", best + 2}}}}},
                 {"import", {{"dataset", "acled"}, {"id", "AFG" + std::to_string(i)},
                             {"version", "1618531200"}}}};
    if (!in.admin1.empty()) body["place"]["admin1"] = in.admin1;
    s.json = body.dump();
    in.imported = ImportRef{"acled", "AFG" + std::to_string(i), "1618531200"};
    return s;
  }

 private:
  std::mt19937_64 rng_;
  int32_t first_ = *ParseDate("2010-01-01", "d");
};

// Median of `runs` timings of fn, in milliseconds.
double MedianMs(int runs, const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    Stopwatch w;
    fn();
    ms.push_back(w.Seconds() * 1e3);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// Runs a query and drains it (the rows are what a caller would get).
int64_t RunSql(ViewDb& db, const std::string& sql) {
  auto st = Must(db.Prepare(sql), "prepare " + sql);
  int64_t rows = 0;
  for (;;) {
    if (!Must(st->Step(), "step")) break;
    ++rows;
  }
  return rows;
}

}  // namespace

void RunMonitor(const Options& opts, Table& table) {
  const uint64_t n = opts.big_n < kIncidents ? opts.big_n : kIncidents;
  table.Section("Violence monitor: " + std::to_string(n) +
                " synthetic incidents fed to the monitor view (no signing), summaries vs plain "
                "SQLite GROUP BY on the same data");
  TempDir dir(opts, "monitor");
  auto db = Must(OpenSqliteViewDb(dir.File("views.db")), "open view db");
  auto plain = Must(OpenSqliteViewDb(dir.File("plain.db")), "open plain db");
  MonitorView view;
  Check(db->Begin(), "begin");
  Check(view.CreateTables(*db), "create tables");
  Check(db->Commit(), "commit");
  Check(view.Open(*db), "open view");
  Check(plain->Exec("CREATE TABLE incidents(idx INTEGER PRIMARY KEY, day INTEGER, admin1 TEXT, "
                    "precision INTEGER, perp TEXT, type TEXT, status INTEGER, party TEXT, "
                    "low INTEGER, best INTEGER, high INTEGER)"),
        "plain schema");
  auto put = Must(plain->Prepare("INSERT INTO incidents VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, "
                                 "?8, ?9, ?10)"),
                  "plain insert");

  Generator gen;
  std::vector<Synthetic> batch;
  double view_seconds = 0, plain_seconds = 0;
  CpuTimer cpu;
  for (uint64_t i = 0; i < n; i += kTxn) {
    batch.clear();
    for (uint64_t j = i; j < std::min(n, i + kTxn); ++j) batch.push_back(gen.Next(j));
    Stopwatch w;
    Check(db->Begin(), "begin");
    for (size_t k = 0; k < batch.size(); ++k) {
      Check(view.AddIncident(i + k + 1, batch[k].party, 0, batch[k].incident, batch[k].json),
            "add incident");
    }
    Check(view.Flush(*db), "flush aggregates");
    Check(db->Commit(), "commit");
    view_seconds += w.Seconds();
    Stopwatch pw;
    Check(plain->Begin(), "begin plain");
    for (size_t k = 0; k < batch.size(); ++k) {
      const Incident& in = batch[k].incident;
      Range f = in.fatalities.Total();
      put->Reset();
      put->Int(1, static_cast<int64_t>(i + k + 1)).Int(2, in.start_day);
      if (in.admin1.empty()) {
        put->Null(3);
      } else {
        put->Text(3, in.admin1);
      }
      put->Int(4, in.place_precision).Text(5, PerpetratorKey(in.perpetrator)).Text(6, in.event_type);
      put->Text(7, batch[k].party).Int(8, f.low).Int(9, f.best).Int(10, f.high);
      Check(put->Run(), "plain insert");
    }
    Check(plain->Commit(), "commit plain");
    plain_seconds += pw.Seconds();
    if ((i / kTxn) % 10 == 0) Progress("monitor: %llu incidents\n", static_cast<unsigned long long>(i));
  }
  put.reset();
  // No index on day: for ranges of a year or more SQLite's plan over an index on day is a random
  // row lookup per incident (~20x slower than scanning, measured), so the peer scans.
  table.Row("mon_plain_ingest", "plain SQLite table inserts (same rows, no index)",
            static_cast<double>(n) / plain_seconds, "rows/s");
  table.Label("mon_plain_ingest", "plain inserts");
  table.Row("mon_view_ingest", "monitor view: AddIncident + Flush per 20k (incident row, 5 aggregates)",
            static_cast<double>(n) / view_seconds, "rows/s", "mon_plain_ingest",
            cpu.MachineNote());
  int64_t agg_day = 0, agg_week = 0;
  {
    auto c = Must(db->Prepare("SELECT (SELECT COUNT(*) FROM mon_agg_day), (SELECT COUNT(*) FROM "
                              "mon_agg_week)"),
                  "count");
    Must(c->Step(), "count");
    agg_day = c->ColumnInt(0);
    agg_week = c->ColumnInt(1);
  }
  int64_t agg_place = 0;
  {
    auto c = Must(db->Prepare("SELECT COUNT(*) FROM mon_agg_place"), "count");
    Must(c->Step(), "count");
    agg_place = c->ColumnInt(0);
  }
  table.Row("mon_agg_rows", "aggregate rows: mon_agg_day / mon_agg_week / mon_agg_place",
            static_cast<double>(agg_day), "rows", "", std::to_string(agg_week) + " week rows, " +
            std::to_string(agg_place) + " place rows");

  struct Case {
    std::string key, name;
    QueryParams params;
    std::string plain_sql;
  };
  const std::string all_status = " AND status IN (0, 1, 2, 3, 4, 5)";
  const std::string province_sql =
      "SELECT CASE WHEN precision <= 4 THEN admin1 END, COUNT(*), SUM(low), SUM(best), SUM(high) "
      "FROM incidents WHERE day BETWEEN %1 AND %2" + all_status + " GROUP BY 1";
  const std::string week_sql =
      "SELECT day - (((day + 3) % 7) + 7) % 7, COUNT(*), SUM(low), SUM(best), SUM(high) FROM "
      "incidents WHERE day BETWEEN %1 AND %2" + all_status + " GROUP BY 1";
  auto with_range = [](std::string sql, int32_t from, int32_t to) {
    sql.replace(sql.find("%1"), 2, std::to_string(from));
    sql.replace(sql.find("%2"), 2, std::to_string(to));
    return sql;
  };
  const int32_t all_from = -1000000, all_to = 1000000;
  const int32_t y_from = *ParseDate("2019-01-01", "d"), y_to = *ParseDate("2019-12-31", "d");
  const Case cases[] = {
      {"province_all", "--by province, all 12 years", {{"by", "province"}},
       with_range(province_sql, all_from, all_to)},
      {"week_all", "--by week, all 12 years", {{"by", "week"}},
       with_range(week_sql, all_from, all_to)},
      {"province_2019", "--by province --from 2019-01-01 --to 2019-12-31",
       {{"by", "province"}, {"from", "2019-01-01"}, {"to", "2019-12-31"}},
       with_range(province_sql, y_from, y_to)},
      {"week_2019", "--by week --from 2019-01-01 --to 2019-12-31",
       {{"by", "week"}, {"from", "2019-01-01"}, {"to", "2019-12-31"}},
       with_range(week_sql, y_from, y_to)},
  };
  for (const Case& c : cases) {
    auto q = Must(ParseSummaryQuery(c.params), "query");
    // Warm both once, then time.
    RunSql(*plain, c.plain_sql);
    Must(Summary(*db, q), "summary");
    double plain_ms = MedianMs(5, [&] { RunSql(*plain, c.plain_sql); });
    table.Row("mon_plain_" + c.key, "plain SQLite GROUP BY, " + c.name, plain_ms, "ms");
    table.Label("mon_plain_" + c.key, "plain GROUP BY");
    double view_ms = MedianMs(5, [&] { Must(Summary(*db, q), "summary"); });
    table.Row("mon_summary_" + c.key, "monitor summary " + c.name, view_ms, "ms",
              "mon_plain_" + c.key, view_ms < 200 ? "target < 200 ms MET" : "target < 200 ms NOT met");
  }
  view.Close();
}

}  // namespace jirga::bench
