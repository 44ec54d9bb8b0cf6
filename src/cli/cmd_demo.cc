// `jirga demo`: builds the built-in example log (parties of the 2020 Doha process and a few of
// their public statements) and walks through what jirga gives each party: a signed checkpoint, an
// offline proof, and a full audit. Later issues extend the scenario; this is the README's first
// command.
#include <filesystem>
#include <sstream>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "ledger/ed25519.h"
#include "store/store.h"

namespace jirga::cli {
namespace {

struct DemoParty {
  const char* id;
  const char* name;
  const char* role;
};

constexpr DemoParty kParties[] = {
    {"us", "United States of America", "belligerent"},
    {"iea", "Islamic Emirate of Afghanistan (the Taliban)", "belligerent"},
    {"irog", "Government of the Islamic Republic of Afghanistan", "belligerent"},
    {"qatar", "State of Qatar (host and mediator)", "mediator"},
    {"icrc", "International Committee of the Red Cross", "verifier"},
    {"pakistan", "Islamic Republic of Pakistan", "observer"},
    {"unama", "UN Assistance Mission in Afghanistan", "observer"},
};

struct DemoStatement {
  const char* party;
  const char* time;
  const char* title;
  const char* text;
};

// Public facts of 2020, paraphrased; see ../shared/seeds/ for the documents they come from.
constexpr DemoStatement kStatements[] = {
    {"us", "2020-02-29T12:00:00Z", "Agreement for Bringing Peace to Afghanistan signed in Doha",
     "The United States and the Islamic Emirate of Afghanistan signed the agreement in Doha. "
     "US forces are to be reduced to 8,600 within 135 days and withdrawn within 14 months."},
    {"iea", "2020-02-29T13:00:00Z", "Commitment to prisoner release and intra-Afghan talks",
     "Up to 5,000 prisoners of the Islamic Emirate and up to 1,000 prisoners of the other side "
     "are to be released by 10 March 2020, the first day of intra-Afghan negotiations."},
    {"irog", "2020-03-11T09:00:00Z", "Decree on a conditional prisoner release",
     "1,500 prisoners to be released within fifteen days upon written assurances, then 500 "
     "every two weeks provided the level of violence is reduced."},
    {"irog", "2020-08-09T16:00:00Z", "Loya Jirga approves the release of the last 400 prisoners",
     "The consultative Loya Jirga, convened on 7-9 August, approved the release of the 400 "
     "prisoners whose cases had stalled the exchange."},
    {"qatar", "2020-09-12T08:00:00Z", "Intra-Afghan negotiations open in Doha",
     "The opening ceremony of the intra-Afghan negotiations was held in Doha."},
    {"unama", "2020-10-27T10:00:00Z", "Civilian casualties remain high",
     "Levels of violence need to subside; civilian harm continued during the negotiations."},
};

void Step(Context& ctx, const char* title) { ctx.out << "\n== " << title << "\n"; }

}  // namespace

Status CmdDemo(Context& ctx, const std::vector<std::string>& args) {
  CLI::App app{"Build the built-in example log (or reuse it) and walk through it.", "demo"};
  std::string store_flag = "jirga-demo.db";
  app.add_option("--store", store_flag,
                 "where to build the demo log; keys, proof and tiles go beside it")
      ->capture_default_str();
  bool help;
  RETURN_IF_ERROR(Parse(app, args, ctx, &help));
  if (help) return Status::Ok();
  InitCrypto();
  const std::string store = store_flag;
  std::string dir = std::filesystem::path(store).parent_path().string();
  if (dir.empty()) dir = ".";
  const std::string keys = dir + "/demo-keys";
  RETURN_IF_ERROR(MakeDirs(keys));

  if (!FileExists(store)) {
    Step(ctx, "Creating the log (jirga init)");
    RETURN_IF_ERROR(CmdInit(ctx, {"--store", store, "--origin", "demo.jirga.example/doha-2020",
                                  "--operator-name", "Joint monitoring secretariat (demo)"}));
    Step(ctx, "Each party makes its own key and the secretariat registers it (party register)");
    for (const auto& p : kParties) {
      std::string key_file = keys + "/" + p.id + ".key";
      std::ostringstream vkey;
      Context quiet{ctx.in, vkey, ctx.err};
      if (FileExists(key_file)) std::filesystem::remove(key_file);
      RETURN_IF_ERROR(CmdKeyGenerate(quiet, {p.id, "--out", key_file}));
      std::string v = vkey.str();
      v.pop_back();
      ctx.out << p.id << " (" << p.role << "): ";
      RETURN_IF_ERROR(CmdPartyRegister(ctx, {p.id, "--vkey", v, "--role", p.role, "--name",
                                             p.name, "--store", store}));
    }
    Step(ctx, "Parties submit signed statements (submit -); each line: index and leaf hash");
    for (const auto& s : kStatements) {
      Json line = {{"kind", "statement"},
                   {"time", s.time},
                   {"body", {{"title", s.title}, {"text", s.text}, {"lang", "en"}}}};
      std::istringstream in(line.dump() + "\n");
      Context c{in, ctx.out, ctx.err};
      ctx.out << s.party << ": ";
      RETURN_IF_ERROR(CmdSubmit(c, {"--store", store, "--key", keys + "/" + s.party + ".key", "-"}));
    }
  } else {
    Step(ctx, "Reusing the existing demo log");
  }

  Step(ctx, "The latest signed checkpoint (log checkpoint)");
  RETURN_IF_ERROR(CmdLogCheckpoint(ctx, {"--store", store}));
  std::ostringstream vkey;
  Context quiet{ctx.in, vkey, ctx.err};
  RETURN_IF_ERROR(CmdLogVkey(quiet, {"--store", store}));
  std::string log_vkey = vkey.str();
  log_vkey.pop_back();
  ctx.out << "log verifier key: " << log_vkey << "\n";

  Step(ctx, "An offline proof that record 9 is in the log (log prove)");
  std::ostringstream proof;
  Context proof_ctx{ctx.in, proof, ctx.err};
  RETURN_IF_ERROR(CmdLogProve(proof_ctx, {"--store", store, "--index", "9"}));
  ctx.out << proof.str();
  const std::string proof_file = dir + "/demo-record-9.proof";
  RETURN_IF_ERROR(WriteFileAtomic(proof_file, proof.str()));

  Step(ctx, "Anyone checks it with only the log's key (proof verify)");
  RETURN_IF_ERROR(CmdProofVerify(ctx, {"--vkey", log_vkey, "--proof", proof_file}));

  Step(ctx, "The log as static tlog-tiles for mirrors (log export-tiles)");
  RETURN_IF_ERROR(CmdLogExportTiles(ctx, {"--store", store, "--out", dir + "/demo-tiles"}));
  ctx.out << "written to " << dir << "/demo-tiles\n";

  Step(ctx, "A full audit: every record, signature, tree node and checkpoint (log verify)");
  return CmdLogVerify(ctx, {"--store", store});
}

}  // namespace jirga::cli
