// `jirga screen import` and `jirga screen`: sanctions reference lists recorded in the log, and
// screening names against the latest list of a name (docs/screening.md).
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "base/clock.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "ledger/record.h"
#include "match/name_csv.h"
#include "screening/list_record.h"
#include "screening/prisoner_queries.h"
#include "screening/screener.h"

namespace jirga::cli {
namespace {

using screening::ListFile;
using screening::SourceFile;

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", score);
  return buf;
}

// Reads a source file, refusing one over the parsers' limit before reading it.
Result<SourceFile> ReadSource(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > screening::kMaxListFileBytes) {
    return ResourceExhausted(path + ": " + std::to_string(size) + " bytes (limit " +
                             std::to_string(screening::kMaxListFileBytes) + ")");
  }
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return SourceFile{path, std::move(bytes)};
}

bool SameFiles(const std::vector<ListFile>& a, const std::vector<ListFile>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].role != b[i].role || a[i].sha256 != b[i].sha256) return false;
  }
  return true;
}

Json FilesJson(const std::vector<ListFile>& files) {
  Json out = Json::array();
  for (const ListFile& f : files) {
    out.push_back({{"role", f.role}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  }
  return out;
}

}  // namespace

Status CmdScreenImport(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{
      "Import a sanctions list (the UN consolidated list XML, or OFAC's sdn.csv with "
      "alt.csv and add.csv) under a name: the files are checked whole, an exact copy is "
      "kept beside the store, and a reference_list record with their SHA-256 is "
      "appended. Importing the same bytes again changes nothing.",
      "screen import"};
  std::string store_flag, key_path, party_flag, name, format, source;
  std::vector<std::string> paths;
  AddStoreOption(app, &store_flag);
  app.add_option("--key", key_path, "the submitting party's private key file")->required();
  app.add_option("--party", party_flag, "party id (default: the party the key is registered to)");
  app.add_option("--name", name, "the list's name in the log, e.g. un-1988")->required();
  app.add_option("--format", format, "un-xml or ofac")
      ->required()
      ->check(CLI::IsMember({"un-xml", "ofac"}));
  app.add_option("--source", source, "free text: where the files came from (recorded)");
  app.add_option("FILE", paths, "the list's files")->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  RETURN_IF_ERROR(ValidateIdentifier("--name", name));
  if (source.size() > 1000) return InvalidArgument("--source is longer than 1000 bytes");

  // Everything is read, parsed and indexed before anything is written.
  std::vector<SourceFile> files;
  for (const std::string& p : paths) {
    ASSIGN_OR_RETURN(SourceFile f, ReadSource(p));
    files.push_back(std::move(f));
  }
  ASSIGN_OR_RETURN(screening::ParsedSources parsed, screening::ParseSources(format, files));
  ASSIGN_OR_RETURN(screening::Screener screener, screening::Screener::Build(parsed.list));

  InitCrypto();
  ASSIGN_OR_RETURN(SigningKey key, SigningKey::Load(key_path));
  const std::string store = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/true));
  std::string party = party_flag;
  {
    // Checked here as well as by the log's writer, so that a refused party leaves no copies.
    const PartyRegistry parties = log->Parties();
    const PartyInfo* p =
        party.empty() ? parties.FindByKeyHash(key.verifier().PubHash()) : parties.Find(party);
    if (p == nullptr) {
      return Unauthorized(party.empty()
                              ? "key " + key.verifier().ToVkey() + " is not registered to any party"
                              : "no party \"" + party + "\"");
    }
    if (!p->kinds.count(std::string(screening::kReferenceListKind))) {
      return PermissionDenied("party \"" + p->id + "\" may not submit reference_list records");
    }
    party = p->id;
  }
  screening::ListRecord rec;
  rec.name = name;
  rec.format = format;
  rec.files = parsed.files;
  rec.generated = parsed.list->generated;
  rec.entries = parsed.list->entries.size();
  rec.names = screener.indexed_names();
  rec.source = source;
  Json summary = {{"name", name},
                  {"format", format},
                  {"entries", rec.entries},
                  {"names", rec.names},
                  {"files", FilesJson(rec.files)}};
  if (!rec.generated.empty()) summary["generated"] = rec.generated;

  ASSIGN_OR_RETURN(auto latest, screening::FindLatestList(*log, name));
  if (latest && latest->second.format == format && SameFiles(latest->second.files, rec.files)) {
    // The same bytes again: nothing to record; restore a copy that went missing.
    RETURN_IF_ERROR(screening::SaveCopies(store, format, files, rec.files));
    summary["index"] = latest->first;
    summary["unchanged"] = true;
    PrintJson(ctx, summary);
    return Status::Ok();
  }
  // The copies first: a record must never name bytes the store does not keep. A failed append
  // leaves only content-addressed copies behind, which a later import reuses.
  RETURN_IF_ERROR(screening::SaveCopies(store, format, files, rec.files));
  ASSIGN_OR_RETURN(Record record, MakeRecord(std::string(screening::kReferenceListKind), party,
                                             FormatRfc3339(SystemClock()->NowMicros()),
                                             screening::ListRecordBody(rec), Json()));
  ASSIGN_OR_RETURN(Appended appended, log->Append(SignRecord(SerializeRecord(record), key)));
  summary["index"] = appended.index;
  summary["unchanged"] = false;
  PrintJson(ctx, summary);
  return Status::Ok();
}

Status CmdScreen(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{
      "Screen a name, or a CSV list of people, against the latest reference list of a "
      "name in the log (its stored copy checked against the recorded SHA-256 first).",
      "screen"};
  std::string store_flag, list_name, query_name, file, format = "csv";
  double threshold = 0.80;
  size_t top = 5;
  AddStoreOption(app, &store_flag);
  app.add_option("--list", list_name, "the reference list's name (jirga screen import --name)")
      ->required();
  auto* name_opt = app.add_option("--name", query_name, "one name, Latin or Arabic script");
  auto* file_opt = app.add_option("--file", file,
                                  "CSV list: id,name[,father_name,grandfather_name,tribe,"
                                  "province,birth_year] (as jirga names match --left)");
  std::string prisoners;
  auto* prisoners_opt = app.add_option("--prisoners", prisoners,
                                       "a prisoner list in the log: its entries' latest records");
  name_opt->excludes(file_opt)->excludes(prisoners_opt);
  file_opt->excludes(prisoners_opt);
  app.add_option("--threshold", threshold, "lowest score reported (default 0.80)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--top", top, "list entries per query (default 5)")->check(CLI::Range(1, 1000));
  app.add_option("--format", format, "csv (default) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  if (name_opt->count() == 0 && file_opt->count() == 0 && prisoners_opt->count() == 0) {
    return Usage("give --name TEXT, --file L.csv or --prisoners LIST");
  }

  std::vector<match::NameEntry> queries;
  std::vector<std::vector<std::string>> other_names;  // per query (prisoners: name_ar, aliases)
  std::vector<uint64_t> prisoner_index;
  const std::string store = ResolveStore(store_flag);
  ASSIGN_OR_RETURN(auto log, OpenLog(store, /*writable=*/false));
  if (file_opt->count() > 0) {
    ASSIGN_OR_RETURN(queries, match::ReadNameCsv(file));
  } else if (prisoners_opt->count() > 0) {
    ASSIGN_OR_RETURN(auto people, screening::PrisonerQueries(*log, prisoners));
    for (screening::PrisonerQuery& p : people) {
      queries.push_back(std::move(p.person));
      other_names.push_back(std::move(p.other_names));
      prisoner_index.push_back(p.index);
    }
  } else {
    queries.push_back(match::NameEntry{.id = "", .name = query_name});
  }
  other_names.resize(queries.size());
  ASSIGN_OR_RETURN(screening::LoadedList loaded, screening::LoadList(*log, store, list_name));
  ASSIGN_OR_RETURN(screening::Screener screener, screening::Screener::Build(loaded.list));
  const screening::ReferenceList& list = screener.list();
  std::vector<std::vector<screening::ScreenHit>> results;
  for (size_t i = 0; i < queries.size(); ++i) {
    const match::NameEntry& q = queries[i];
    auto hits = screener.ScreenPerson(q, other_names[i], top, threshold);
    if (!hits.ok()) {
      return hits.status().WithContext(q.id.empty() ? "--name" : "id " + q.id);
    }
    results.push_back(std::move(*hits));
  }
  const std::string primary_sha = loaded.record.files.front().sha256;
  if (format == "json") {
    Json out_results = Json::array();
    for (size_t i = 0; i < queries.size(); ++i) {
      Json candidates = Json::array();
      for (const screening::ScreenHit& h : results[i]) {
        const screening::ListEntry& e = list.entries[h.entry];
        candidates.push_back({{"reference", e.reference},
                              {"id", e.id},
                              {"type", e.type},
                              {"primary_name", e.names[0].text},
                              {"matched_name", e.names[h.name].text},
                              {"name_kind", screening::NameKindName(e.names[h.name].kind)},
                              {"score", std::stod(FormatScore(h.score))},
                              {"decision", match::DecisionName(h.decision)},
                              {"birth_years", e.birth_years}});
      }
      Json result = {{"query_id", queries[i].id},
                     {"query_name", queries[i].name},
                     {"candidates", std::move(candidates)}};
      if (!prisoner_index.empty()) result["prisoner_index"] = prisoner_index[i];
      out_results.push_back(std::move(result));
    }
    Json list_json = {{"name", list_name},
                      {"index", loaded.index},
                      {"format", loaded.record.format},
                      {"entries", loaded.record.entries},
                      {"files", FilesJson(loaded.record.files)}};
    if (!loaded.record.generated.empty()) list_json["generated"] = loaded.record.generated;
    PrintJson(ctx, {{"list", std::move(list_json)}, {"results", std::move(out_results)}});
    return Status::Ok();
  }
  std::string text =
      "query_id,reference,score,decision,matched_name,name_kind,list_index,list_sha256\n";
  const std::string tail = "," + std::to_string(loaded.index) + "," + primary_sha + "\n";
  for (size_t i = 0; i < queries.size(); ++i) {
    const std::string qid = match::CsvField(queries[i].id);
    if (results[i].empty()) {
      text += qid + ",,,no-match,," + tail;
      continue;
    }
    for (const screening::ScreenHit& h : results[i]) {
      const screening::ListEntry& e = list.entries[h.entry];
      text += qid + "," + match::CsvField(e.reference) + "," + FormatScore(h.score) + "," +
              std::string(match::DecisionName(h.decision)) + "," +
              match::CsvField(e.names[h.name].text) + "," +
              std::string(screening::NameKindName(e.names[h.name].kind)) + tail;
    }
  }
  ctx.out << text;
  return Status::Ok();
}

}  // namespace jirga::cli
