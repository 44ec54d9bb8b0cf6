// The violence monitor's subcommands (monitor summary/compare/ceasefires/incidents/definitions/
// imported) and the views' (views status/rebuild), over a local store's view database.
#include <functional>
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "monitor/monitor_query.h"
#include "views/view_set.h"

namespace jirga::cli {
namespace {

// An opened log and its views (the view database beside the store, `<store>.views`).
struct Opened {
  std::unique_ptr<Log> log;
  std::unique_ptr<ViewSet> views;
};

Result<Opened> OpenWithViews(const std::string& store_flag) {
  std::string store = ResolveStore(store_flag);
  Opened o;
  ASSIGN_OR_RETURN(o.log, OpenLog(store, /*writable=*/false));
  ASSIGN_OR_RETURN(o.views, OpenViews(o.log->store(), ViewDbPathFor(store)));
  return o;
}

// Adds `--flag VALUE` options that become query parameters named `param` when given.
struct ParamFlags {
  std::vector<std::pair<std::string, std::string>> values;  // param -> value
  std::vector<std::pair<std::string, std::string*>> slots;

  void Add(CLI::App& app, const std::string& flag, const std::string& param,
           const std::string& help) {
    auto* s = new std::string();  // owned by `owned`
    owned.emplace_back(s);
    slots.emplace_back(param, s);
    opts.push_back(app.add_option(flag, *s, help));
  }
  QueryParams Collect() const {
    QueryParams p;
    for (size_t i = 0; i < slots.size(); ++i) {
      if (opts[i]->count() > 0) p.emplace_back(slots[i].first, *slots[i].second);
    }
    return p;
  }
  std::vector<std::unique_ptr<std::string>> owned;
  std::vector<CLI::Option*> opts;
};

// Bad query parameters are a bad command line (exit 2), named as the flag.
Status AsUsage(const Status& st) {
  if (st.code() != StatusCode::kInvalidArgument) return st;
  std::string m = st.message();
  for (auto [param, flag] : {std::pair<const char*, const char*>{"max_precision",
                                                                  "--max-precision"}}) {
    if (m.rfind(param, 0) == 0) m = flag + m.substr(std::string(param).size());
  }
  if (!m.empty() && m[0] != '-' && m.find("unknown parameter") != 0) m = "--" + m;
  return Usage(m);
}

// Opens the store and its views, runs `query` on them (after catching up) and prints its JSON.
Status QueryAndPrint(Context& ctx, const std::string& store_flag,
                     const std::function<Result<Json>(ViewDb&)>& query) {
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  Json out;
  RETURN_IF_ERROR(o.views->Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, query(db));
    return Status::Ok();
  }));
  PrintJson(ctx, out);
  return Status::Ok();
}

}  // namespace

Status CmdMonitorSummary(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Events and fatalities (low/best/high) grouped by province, day, ISO week, month, "
               "perpetrator or event type. JSON: an array of rows; --with-meta wraps it as "
               "{\"meta\",\"rows\"}. The filter used and what was left out go to stderr.",
               "monitor summary"};
  std::string store_flag, format = "json";
  bool with_meta = false;
  AddStoreOption(app, &store_flag);
  ParamFlags f;
  f.Add(app, "--by", "by", "province|day|week|month|perpetrator|type (week = ISO week)");
  f.Add(app, "--from", "from", "first day YYYY-MM-DD (by the incident's start date)");
  f.Add(app, "--to", "to", "last day YYYY-MM-DD (inclusive)");
  f.Add(app, "--party", "party", "only incidents reported by this party");
  f.Add(app, "--status", "status", "agreed|disputed|all (default all; retracted never count)");
  f.Add(app, "--max-precision", "max_precision",
        "--by province: place.precision above this goes to the null row (default 4)");
  app.add_option("--format", format, "json|csv|table")->check(CLI::IsMember({"json", "csv", "table"}));
  app.add_flag("--with-meta", with_meta, "JSON: {\"meta\": {...}, \"rows\": [...]}");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  auto q = ParseSummaryQuery(f.Collect());
  if (!q.ok()) return AsUsage(q.status());
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  Json out;
  RETURN_IF_ERROR(o.views->Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, Summary(db, *q));
    return Status::Ok();
  }));
  const Json& meta = out["meta"];
  ctx.err << "monitor summary: " << meta["counted"].get<int64_t>() << " incidents counted (status "
          << meta["status"].get<std::string>() << ")";
  if (q->by == "province") {
    ctx.err << "; precision filter place.precision <= " << q->max_precision << ", "
            << meta["coarser"].get<int64_t>() << " coarser in the null row";
  }
  ctx.err << "; left out: " << meta["left_out"]["retracted"].get<int64_t>() << " retracted, "
          << meta["left_out"]["by_status"].get<int64_t>() << " by --status\n";
  if (format == "csv") {
    ctx.out << SummaryCsv(out["rows"], q->by);
  } else if (format == "table") {
    ctx.out << SummaryTable(out["rows"], q->by);
  } else {
    PrintJson(ctx, with_meta ? out : out["rows"]);
  }
  return Status::Ok();
}

Status CmdMonitorCompare(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Events and fatalities per day in a period against a baseline (a named baseline "
               "record, whose filter then applies to both, or FROM:TO).",
               "monitor compare"};
  std::string store_flag, format = "json";
  AddStoreOption(app, &store_flag);
  ParamFlags f;
  f.Add(app, "--baseline", "baseline", "FROM:TO or the name of a baseline record");
  f.Add(app, "--period", "period", "FROM:TO");
  f.Add(app, "--by", "by", "also per province or perpetrator");
  f.Add(app, "--status", "status", "agreed|disputed|all (default all)");
  app.add_option("--format", format, "json")->check(CLI::IsMember({"json"}));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  auto q = ParseCompareQuery(f.Collect());
  if (!q.ok()) return AsUsage(q.status());
  return QueryAndPrint(ctx, store_flag, [&](ViewDb& db) { return Compare(db, *q); });
}

Status CmdMonitorCeasefires(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Ceasefire compliance: per ceasefire, incidents in its window against the "
               "same-length window before, by perpetrator; disputes per party; time from report "
               "to first response.",
               "monitor ceasefires"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  return QueryAndPrint(ctx, store_flag, [&](ViewDb& db) { return Ceasefires(db); });
}

Status CmdMonitorIncidents(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Incidents, newest first, with status, current content, responses and findings.",
               "monitor incidents"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  ParamFlags f;
  f.Add(app, "--from", "from", "first start day YYYY-MM-DD");
  f.Add(app, "--to", "to", "last start day YYYY-MM-DD");
  f.Add(app, "--party", "party", "reported by this party");
  f.Add(app, "--province", "province", "ISO code or any name the gazetteer knows");
  f.Add(app, "--perpetrator", "perpetrator", "perpetrator key (party id, else actor name)");
  f.Add(app, "--type", "type", "ACLED event type");
  f.Add(app, "--status", "status", "agreed|disputed|all|retracted|any (default all)");
  f.Add(app, "--limit", "limit", "1..1000 (default 100)");
  f.Add(app, "--offset", "offset", "skip this many");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  auto q = ParseIncidentQuery(f.Collect());
  if (!q.ok()) return AsUsage(q.status());
  return QueryAndPrint(ctx, store_flag, [&](ViewDb& db) { return Incidents(db, *q); });
}

Status CmdMonitorDefinitions(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Baselines and ceasefires as defined (the first of a name wins), and the monitor "
               "records that had no effect, with the reason.",
               "monitor definitions"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  return QueryAndPrint(ctx, store_flag, [&](ViewDb& db) { return Definitions(db); });
}

Status CmdMonitorImported(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Which dataset ids are already in the log: {\"found\": {id: {index, version}}}.",
               "monitor imported"};
  std::string store_flag, dataset;
  std::vector<std::string> ids;
  AddStoreOption(app, &store_flag);
  app.add_option("--dataset", dataset, "acled|ucdp-ged")->required()
      ->check(CLI::IsMember({"acled", "ucdp-ged"}));
  app.add_option("--id", ids, "dataset event ids (repeatable)")->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  ASSIGN_OR_RETURN(auto found, FindImportedBatch(*o.views, dataset, ids));
  Json out = {{"found", Json::object()}};
  for (auto& [id, ref] : found) {
    out["found"][id] = {{"index", ref.index}, {"version", ref.version}};
  }
  PrintJson(ctx, out);
  return Status::Ok();
}

Status CmdViewsStatus(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Each view's schema version and cursor (next index to apply) against the log size; "
               "does not catch up.",
               "views status"};
  std::string store_flag;
  AddStoreOption(app, &store_flag);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  ASSIGN_OR_RETURN(auto statuses, o.views->Statuses());
  Json out = Json::array();
  for (const auto& s : statuses) {
    out.push_back({{"view", s.name}, {"version", s.version}, {"cursor", s.cursor},
                   {"log_size", s.log_size}, {"behind", s.log_size - s.cursor}});
  }
  PrintJson(ctx, out);
  return Status::Ok();
}

Status CmdViewsRebuild(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Drop a view's tables and replay the whole log into them (every view without "
               "--view). Gives the same tables as incremental catch-up.",
               "views rebuild"};
  std::string store_flag, view;
  AddStoreOption(app, &store_flag);
  app.add_option("--view", view, "the view to rebuild (e.g. monitor)");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  RETURN_IF_ERROR(o.views->Rebuild(view));
  ASSIGN_OR_RETURN(auto statuses, o.views->Statuses());
  for (const auto& s : statuses) {
    if (!view.empty() && s.name != view) continue;
    ctx.out << "rebuilt " << s.name << " up to index " << s.cursor << "\n";
  }
  return Status::Ok();
}

Status CmdViewsDump(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Print a view's tables in a canonical sorted text form (for comparing rebuilds).",
               "views dump"};
  std::string store_flag, view = "monitor";
  AddStoreOption(app, &store_flag);
  app.add_option("--view", view, "the view (default monitor)");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(Opened o, OpenWithViews(store_flag));
  ASSIGN_OR_RETURN(std::string dump, o.views->Dump(view));
  ctx.out << dump;
  return Status::Ok();
}

}  // namespace jirga::cli
