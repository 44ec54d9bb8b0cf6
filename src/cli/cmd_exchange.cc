// The prisoner exchange's subcommands: exchange status, reconcile and resolve (docs/exchange.md),
// over a local store's view database.
#include "cli/commands.h"
#include "cli/common.h"
#include "compliance/report.h"
#include "exchange/exchange_query.h"
#include "ledger/record.h"
#include "views/view_set.h"

namespace jirga::cli {
namespace {

// Opens the store (read-only) and its views, runs `query` after catching up, returns its JSON.
Result<Json> QueryViews(const std::string& store_flag,
                        const std::function<Result<Json>(ViewDb&)>& query) {
  std::string store = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/false));
  ASSIGN_OR_RETURN(auto views, OpenViews(log->store(), ViewDbPathFor(store)));
  Json out;
  RETURN_IF_ERROR(views->Read([&](ViewDb& db) -> Status {
    ASSIGN_OR_RETURN(out, query(db));
    return Status::Ok();
  }));
  return out;
}

// Adds to each list of `status` its release schedule: the agreement's clauses whose metric counts
// the list's releases, evaluated by the compliance engine on the same day (docs/exchange.md).
// Clauses the engine refuses (a cycle, an unknown clause) leave the schedules empty and say why
// in "schedule_error": the counts stand on their own.
Status AddReleaseSchedules(const std::string& store_flag, const std::optional<std::string>& at,
                           Json& status) {
  compliance::Date day = compliance::DateOfMicros(SystemClock()->NowMicros());
  if (at) {
    ASSIGN_OR_RETURN(day, compliance::ParseDate(*at));
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  ASSIGN_OR_RETURN(compliance::LogSource src, compliance::ReadLogSource(log->store()));
  auto clauses = compliance::EvaluateSource(src, day);
  AttachReleaseSchedules(status,
                         clauses.ok() ? compliance::ReleaseSchedulesJson(src, *clauses) : Json(),
                         clauses.ok() ? "" : clauses.status().message());
  return Status::Ok();
}

}  // namespace

Status CmdExchangeStatus(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Progress of the prisoner exchange per list: demanded, in custody, matched, "
               "verified, released, followed up; per category and priority group; release "
               "batches; recidivism (docs/exchange.md). Counts only.",
               "exchange status"};
  std::string store_flag, at, format = "json";
  AddStoreOption(app, &store_flag);
  auto* at_opt = app.add_option("--at", at, "only records whose time is on or before this day "
                                            "(YYYY-MM-DD)");
  app.add_option("--format", format, "json|table")->check(CLI::IsMember({"json", "table"}));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  std::optional<std::string> at_day;
  if (at_opt->count() > 0) {
    if (Status st = CheckDay("--at", at); !st.ok()) return Usage(st.message());
    at_day = at;
  }
  ASSIGN_OR_RETURN(Json out, QueryViews(store_flag, [&](ViewDb& db) {
                     return ExchangeStatus(db, at_day);
                   }));
  RETURN_IF_ERROR(AddReleaseSchedules(store_flag, at_day, out));
  if (format == "table") {
    ctx.out << StatusTable(out);
  } else {
    PrintJson(ctx, out);
  }
  return Status::Ok();
}

Status CmdExchangeReconcile(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Reconcile two prisoner lists by name (Latin or Arabic script), father's and "
               "grandfather's names, tribe, province and birth year: matched pairs, a review "
               "queue, unmatched entries on each side and duplicates within each list. Pairs "
               "resolved by `exchange resolve` (verification records) are taken as decided.",
               "exchange reconcile"};
  std::string store_flag, at, format = "json";
  ReconcileOptions o;
  AddStoreOption(app, &store_flag);
  app.add_option("--list", o.list, "the list reconciled (e.g. taliban-5000)")->required();
  app.add_option("--against", o.against, "the list it is reconciled against")->required();
  app.add_option("--threshold-match", o.match_threshold,
                 "auto-match at or above this score (default 0.92)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--threshold-review", o.review_threshold,
                 "review queue at or above this score (default 0.85)")
      ->check(CLI::Range(0.0, 1.0));
  auto* at_opt = app.add_option("--at", at, "only records on or before this day (YYYY-MM-DD)");
  app.add_option("--format", format, "json|table")->check(CLI::IsMember({"json", "table"}));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (at_opt->count() > 0) {
    if (Status st = CheckDay("--at", at); !st.ok()) return Usage(st.message());
    o.at = at;
  }
  if (o.list == o.against) return Usage("--against must name another list than --list");
  if (o.review_threshold > o.match_threshold || o.review_threshold <= 0) {
    return Usage("--threshold-review must be above 0 and at most --threshold-match");
  }
  ASSIGN_OR_RETURN(Json out, QueryViews(store_flag, [&](ViewDb& db) { return Reconcile(db, o); }));
  const Json& c = out["counts"];
  ctx.err << "exchange reconcile: " << c["matched_auto"] << " matched automatically, "
          << c["matched_resolved"] << " resolved as the same person, " << c["review"]
          << " to review, " << c["unmatched_list"] << " + " << c["unmatched_against"]
          << " unmatched, " << c["duplicates"] << " duplicates\n";
  if (format == "table") {
    ctx.out << ReconcileTable(out);
  } else {
    PrintJson(ctx, out);
  }
  return Status::Ok();
}

Status CmdExchangeResolve(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Resolve a pair from the reconciliation review queue: append a signed "
               "`verification` whose match says whether two list entries are the same person. "
               "The same as `jirga submit` with {\"kind\":\"verification\",\"body\":{\"prisoner\":"
               "ENTRY,\"match\":{\"prisoner\":WITH,\"same_person\":...}}}.",
               "exchange resolve"};
  std::string store_flag, key_path, party_flag, notes, date;
  uint64_t entry = 0, with = 0;
  bool same = false, different = false;
  AddStoreOption(app, &store_flag);
  app.add_option("--key", key_path, "the resolving party's private key file")->required();
  app.add_option("--party", party_flag, "party id (default: the party the key is registered to)");
  app.add_option("--entry", entry, "record index of one prisoner entry")->required();
  app.add_option("--with", with, "record index of the other entry")->required();
  auto* same_opt = app.add_flag("--same", same, "the two entries are the same person");
  auto* diff_opt = app.add_flag("--different", different, "they are different persons");
  same_opt->excludes(diff_opt);
  auto* notes_opt = app.add_option("--notes", notes, "why (kept in the record; personal)");
  auto* date_opt = app.add_option("--date", date, "the day of the decision (YYYY-MM-DD)");
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (!same && !different) return Usage("one of --same or --different is required");
  if (entry == with) return Usage("--entry and --with must be two different entries");
  InitCrypto();
  ASSIGN_OR_RETURN(SigningKey key, SigningKey::Load(key_path));
  std::string store = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/true));
  for (uint64_t idx : {entry, with}) {
    auto row = log->store().GetRecord(idx);
    if (!row.ok() && row.status().code() == StatusCode::kNotFound) {
      return NotFound("record " + std::to_string(idx) + " does not exist");
    }
    RETURN_IF_ERROR(row.status());
    if (row->kind != "prisoner") {
      return InvalidArgument("record " + std::to_string(idx) + " is a " + row->kind +
                             " record, not a prisoner entry");
    }
    if (row->redacted_by != 0) {
      return InvalidArgument("record " + std::to_string(idx) + " is redacted");
    }
  }
  std::string party = party_flag;
  if (party.empty()) {
    ASSIGN_OR_RETURN(party, PartyOfKey(*log, key.verifier()));
  }
  Json body = {{"prisoner", entry}, {"match", {{"prisoner", with}, {"same_person", same}}}};
  if (notes_opt->count() > 0) body["notes"] = notes;
  if (date_opt->count() > 0) body["date"] = date;
  ASSIGN_OR_RETURN(Record rec, MakeRecord("verification", party,
                                          FormatRfc3339(SystemClock()->NowMicros()),
                                          std::move(body), Json()));
  Submission sub = SignRecord(SerializeRecord(rec), key);
  ASSIGN_OR_RETURN(Prepared prepared, log->Prepare(std::move(sub), std::move(rec)));
  ASSIGN_OR_RETURN(Appended appended, log->Enqueue(std::move(prepared)).get());
  ctx.out << appended.index << " " << HashHex(appended.leaf_hash) << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli
