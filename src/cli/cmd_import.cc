// `jirga import acled|ucdp FILE`: validate a dataset file whole, then sign and append its rows as
// incidents (supersede responses for changed rows), locally or to a server; print a summary.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "client/import_remote.h"
#include "kinds/all_kinds.h"
#include "monitor/import_local.h"
#include "monitor/importer.h"

namespace jirga::cli {
namespace {

// stdin cannot be read twice: "-" is copied to a temporary file first, removed at the end.
class Spool {
 public:
  ~Spool() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Result<std::string> From(std::istream& in) {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                       "/jirga-import-XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return IOError("cannot create a temporary file to hold stdin in " + tmpl);
    path_ = tmpl;
    ::close(fd);
    std::ofstream out(path_, std::ios::binary);
    out << in.rdbuf();
    out.flush();
    if (!out) return IOError("cannot write stdin to " + path_);
    return path_;
  }

 private:
  std::string path_;
};

struct ImportFlags {
  std::string store, key_path, party, country = "AF", version = "23.1", input;
  bool skip_invalid = false;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  size_t batch = 1000;
  RemoteFlags remote;
};

Status RunImportCommand(Context& ctx, const std::vector<std::string>& args, bool ucdp) {
  CLI::App app{ucdp ? "Import UCDP GED rows (the 49 GED columns, header row optional) as "
                      "incidents."
                    : "Import the rows of an ACLED export (header row required) as incidents.",
               ucdp ? "import ucdp" : "import acled"};
  ImportFlags f;
  AddRemoteOptions(app, &f.remote, AddStoreOption(app, &f.store));
  app.add_option("--key", f.key_path, "the submitting party's private key file")->required();
  app.add_option("--party", f.party, "party id (default: the party the key is registered to)");
  app.add_flag("--skip-invalid", f.skip_invalid,
               "import the valid rows and list the invalid ones (default: any invalid row "
               "stops the import and nothing is imported)");
  app.add_option("--country", f.country, "the country of the rows (ISO 3166-1; default AF); "
                                         "rows of other countries are invalid");
  if (ucdp) app.add_option("--version", f.version, "the GED version (default 23.1)");
  app.add_option("--batch", f.batch, "rows per batch")->check(CLI::Range(1, 1000));
  app.add_option("--threads", f.threads, "signature checking threads (local store only)")
      ->check(CLI::Range(1, 64));
  app.add_option("FILE", f.input, "the CSV file, or - for stdin (copied to a temporary file)")
      ->required();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(const Country* country, FindCountry(f.country));
  if (ucdp && (f.version.empty() || f.version.size() > 32 ||
               f.version.find_first_not_of("0123456789.") != std::string::npos)) {
    return Usage("--version must be digits and dots, like 23.1");
  }
  InitCrypto();
  ASSIGN_OR_RETURN(SigningKey key, SigningKey::Load(f.key_path));
  Spool spool;
  std::string path = f.input;
  if (path == "-") {
    ASSIGN_OR_RETURN(path, spool.From(ctx.in));
  }
  std::unique_ptr<RowMapper> mapper =
      ucdp ? NewUcdpMapper(*country, f.version) : NewAcledMapper(*country);
  ImportOptions options;
  options.skip_invalid = f.skip_invalid;
  options.batch_rows = f.batch;
  options.kinds = &AllKinds();
  auto on_skip = [&](const SkippedRow& s) {
    ctx.err << "skipped line " << s.line << ": " << s.reason << "\n";
  };

  Result<ImportSummary> summary = Internal("not run");
  if (!f.remote.server.empty()) {
    ASSIGN_OR_RETURN(auto server, OpenRemote(f.remote));
    std::string party = f.party;
    if (party.empty()) {
      ASSIGN_OR_RETURN(party, server->PartyOfKey(key.verifier()));
    }
    client::RemoteImportSink sink(*server, key.verifier().ToVkey());
    client::RemoteImportLookup lookup(*server);
    summary = RunImport(path, *mapper, lookup, sink, party, key, options, on_skip);
    if (summary.status().code() != StatusCode::kCorruption) {
      Status saved = server->SaveState();
      if (summary.ok() && !saved.ok()) return saved;
    }
  } else {
    ASSIGN_OR_RETURN(auto log, OpenLog(ResolveStore(f.store), /*writable=*/true));
    std::string party = f.party;
    if (party.empty()) {
      ASSIGN_OR_RETURN(party, PartyOfKey(*log, key.verifier()));
    }
    LogImportSink sink(*log, f.threads);
    ASSIGN_OR_RETURN(auto views, OpenViews(log->store(), ViewDbPathFor(ResolveStore(f.store))));
    ViewImportLookup lookup(*views);
    summary = RunImport(path, *mapper, lookup, sink, party, key, options, on_skip);
  }
  if (!summary.ok()) return summary.status();
  const Json out = {{"dataset", std::string(mapper->dataset())},
                    {"rows", summary->rows},
                    {"imported", summary->imported},
                    {"unchanged", summary->unchanged},
                    {"superseded", summary->superseded},
                    {"skipped", summary->skipped}};
  PrintJson(ctx, out);
  return Status::Ok();
}

}  // namespace

Status CmdImportAcled(Context& ctx, const std::vector<std::string>& args) {
  return RunImportCommand(ctx, args, /*ucdp=*/false);
}

Status CmdImportUcdp(Context& ctx, const std::vector<std::string>& args) {
  return RunImportCommand(ctx, args, /*ucdp=*/true);
}

}  // namespace jirga::cli
