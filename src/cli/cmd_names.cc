// `jirga names match`: matches two lists of people by name (and father, tribe, province, birth
// year when given) and prints, for each person on the left list, the likely same people on the
// right list with a score and a decision.
#include <cstdio>
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "match/name_csv.h"
#include "match/name_index.h"

namespace jirga::cli {
namespace {

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", score);
  return buf;
}

// A list that is not accepted is invalid input (exit 3, as everywhere in the CLI), with the
// list's own message; a missing or unreadable file keeps its own code.
Status InputError(const Status& s) {
  if (s.code() == StatusCode::kNotFound || s.code() == StatusCode::kIOError) return s;
  return InvalidArgument("bad input: " + s.message());
}

}  // namespace

Status CmdNamesMatch(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"For each person on the left list, the people on the right list who are probably "
               "the same person, best first: left_id,right_id,score,decision "
               "(docs/name-matching.md).",
               "names match"};
  std::string left_path, right_path, format = "csv";
  double threshold = 0.85;
  size_t top = 3;
  unsigned threads = 0;
  app.add_option("--left", left_path, "CSV list: id,name[,father_name,grandfather_name,tribe,"
                                      "province,birth_year]")
      ->required();
  app.add_option("--right", right_path, "CSV list to search, same columns")->required();
  app.add_option("--threshold", threshold, "lowest score reported (default 0.85, the review threshold)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--top", top, "candidates per left entry (default 3)")->check(CLI::Range(1, 1000));
  app.add_option("--format", format, "csv (default) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  app.add_option("--threads", threads, "worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();

  auto left = match::ReadNameCsv(left_path);
  if (!left.ok()) return InputError(left.status());
  auto right = match::ReadNameCsv(right_path);
  if (!right.ok()) return InputError(right.status());
  match::MatchOptions options;
  options.top_k = top;
  options.threshold = threshold;
  options.threads = threads;
  auto found = match::MatchLists(*left, *right, options);
  if (!found.ok()) return InputError(found.status());

  if (format == "json") {
    Json out = Json::array();
    for (size_t i = 0; i < left->size(); ++i) {
      Json candidates = Json::array();
      for (const match::Candidate& c : (*found)[i]) {
        candidates.push_back({{"right_id", (*right)[c.index].id},
                              {"score", std::stod(FormatScore(c.score))},
                              {"decision", match::DecisionName(c.decision)}});
      }
      out.push_back({{"left_id", (*left)[i].id}, {"candidates", std::move(candidates)}});
    }
    PrintJson(ctx, out);
    return Status::Ok();
  }
  std::string text = "left_id,right_id,score,decision\n";
  for (size_t i = 0; i < left->size(); ++i) {
    std::string left_id = match::CsvField((*left)[i].id);
    if ((*found)[i].empty()) {
      text += left_id + ",,,no-match\n";
      continue;
    }
    for (const match::Candidate& c : (*found)[i]) {
      text += left_id + "," + match::CsvField((*right)[c.index].id) + "," + FormatScore(c.score) +
              "," + std::string(match::DecisionName(c.decision)) + "\n";
    }
  }
  ctx.out << text;
  return Status::Ok();
}

}  // namespace jirga::cli
