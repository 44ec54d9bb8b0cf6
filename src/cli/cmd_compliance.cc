// `jirga compliance status|timeline` and `jirga dialogue sessions`: agreement compliance and
// Track 2 sessions read straight from a local store's records (docs/cli.md, docs/compliance.md).
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "compliance/report.h"

namespace jirga::cli {
namespace {

using compliance::ClauseStatus;
using compliance::Date;

struct ComplianceFlags {
  std::string store;
  std::string at;
  std::string format = "json";
};

void AddComplianceOptions(CLI::App& app, ComplianceFlags* f) {
  AddStoreOption(app, &f->store);
  app.add_option("--at", f->at,
                 "evaluate on this day (YYYY-MM-DD, UTC) with only what was recorded by its end "
                 "(default: today)");
  app.add_option("--format", f->format, "json (default) or table")
      ->check(CLI::IsMember({"json", "table"}));
}

// Reads the store and evaluates every clause on the --at day.
Result<std::vector<ClauseStatus>> Evaluate(const ComplianceFlags& f) {
  Date at = compliance::DateOfMicros(SystemClock()->NowMicros());
  if (!f.at.empty()) {
    auto d = compliance::ParseDate(f.at);
    if (!d.ok()) return Usage("--at: " + d.status().message());
    at = *d;
  }
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(f.store), /*writable=*/false));
  return compliance::ReadAndEvaluate(log->store(), at);
}

std::string Cell(const Json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>() ? "yes" : "no";
  if (j.is_number_float()) {
    std::ostringstream s;
    s << j.get<double>();
    return s.str();
  }
  return j.dump();
}

// Prints rows as left-aligned columns; the last column is not padded.
void PrintTable(Context& ctx, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    ctx.out << line << "\n";
  }
}

}  // namespace

Status CmdComplianceStatus(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"The state of every clause on a day: status (not-in-force, pending, met, overdue, "
               "breached; unknown when a metric cannot be answered), late, Peace Accords Matrix "
               "score 0-3, progress, evidence and a projection at the recent rate.",
               "compliance status"};
  ComplianceFlags f;
  AddComplianceOptions(app, &f);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto clauses, Evaluate(f));
  if (f.format == "json") {
    ctx.out << compliance::StatusListJson(clauses).dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "OBLIGOR", "STATUS", "LATE", "SCORE", "DEADLINE", "PROGRESS", "NOTE"}};
  for (const auto& c : clauses) {
    Json j = compliance::ClauseStatusJson(c);
    std::string progress = "-";
    if (!j["progress"]["value"].is_null()) {
      progress = Cell(j["progress"]["value"]) + " / " + Cell(j["progress"]["target"]);
    }
    std::string note = c.error.empty() ? (c.projection ? c.projection->text : "") : c.error;
    rows.push_back({c.id, c.obligor, std::string(compliance::ClauseStateName(c.state)),
                    c.late ? "yes" : "no", Cell(j["score"]), Cell(j["deadline"]), progress, note});
  }
  PrintTable(ctx, rows);
  return Status::Ok();
}

Status CmdComplianceTimeline(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Per clause: the day it was recorded, came into force, its deadline, the day it "
               "was met (late or not), breached, and the projected day at the recent rate.",
               "compliance timeline"};
  ComplianceFlags f;
  AddComplianceOptions(app, &f);
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto clauses, Evaluate(f));
  if (f.format == "json") {
    ctx.out << compliance::TimelineListJson(clauses).dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows = {{"ID", "OBLIGOR", "STATUS", "RECORDED", "IN FORCE",
                                                 "DEADLINE", "MET", "LATE", "BREACHED",
                                                 "PROJECTED"}};
  for (const auto& c : clauses) {
    Json j = compliance::ClauseTimelineJson(c);
    rows.push_back({c.id, c.obligor, Cell(j["status"]), Cell(j["recorded"]), Cell(j["in_force"]),
                    Cell(j["deadline"]), Cell(j["met"]), Cell(j["late"]), Cell(j["breached"]),
                    Cell(j["projected"])});
  }
  PrintTable(ctx, rows);
  return Status::Ok();
}

Status CmdDialogueSessions(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Track 2 sessions as JSON, by date: title, organiser, participants (countries and "
               "institutions), unattributed points and recommendations.",
               "dialogue sessions"};
  std::string store_flag, format = "json";
  AddStoreOption(app, &store_flag);
  app.add_option("--format", format, "json (the only format)")->check(CLI::IsMember({"json"}));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(store_flag), /*writable=*/false));
  ASSIGN_OR_RETURN(compliance::LogSource src, compliance::ReadLogSource(log->store()));
  ctx.out << compliance::SessionListJson(src).dump(2) << "\n";
  return Status::Ok();
}

}  // namespace jirga::cli
