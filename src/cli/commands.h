// The subcommand implementations (one file per group).
#pragma once

#include <string>
#include <vector>

#include "cli/cli.h"

namespace jirga::cli {

Status CmdInit(Context& ctx, const std::vector<std::string>& args);
Status CmdKeyGenerate(Context& ctx, const std::vector<std::string>& args);
Status CmdPartyRegister(Context& ctx, const std::vector<std::string>& args);
Status CmdPartyList(Context& ctx, const std::vector<std::string>& args);
Status CmdSubmit(Context& ctx, const std::vector<std::string>& args);
Status CmdLogVkey(Context& ctx, const std::vector<std::string>& args);
Status CmdLogCheckpoint(Context& ctx, const std::vector<std::string>& args);
Status CmdLogProve(Context& ctx, const std::vector<std::string>& args);
Status CmdLogConsistency(Context& ctx, const std::vector<std::string>& args);
Status CmdLogExportTiles(Context& ctx, const std::vector<std::string>& args);
Status CmdLogVerify(Context& ctx, const std::vector<std::string>& args);
Status CmdRecordShow(Context& ctx, const std::vector<std::string>& args);
Status CmdProofVerify(Context& ctx, const std::vector<std::string>& args);
Status CmdDemo(Context& ctx, const std::vector<std::string>& args);
Status CmdServe(Context& ctx, const std::vector<std::string>& args);
// The violence monitor and the views (cmd_monitor.cc).
Status CmdMonitorSummary(Context& ctx, const std::vector<std::string>& args);
Status CmdMonitorCompare(Context& ctx, const std::vector<std::string>& args);
Status CmdMonitorCeasefires(Context& ctx, const std::vector<std::string>& args);
Status CmdMonitorIncidents(Context& ctx, const std::vector<std::string>& args);
Status CmdMonitorDefinitions(Context& ctx, const std::vector<std::string>& args);
Status CmdMonitorImported(Context& ctx, const std::vector<std::string>& args);
Status CmdViewsStatus(Context& ctx, const std::vector<std::string>& args);
Status CmdViewsRebuild(Context& ctx, const std::vector<std::string>& args);
Status CmdViewsDump(Context& ctx, const std::vector<std::string>& args);
// Name matching (src/match/, docs/name-matching.md).
Status CmdNamesMatch(Context& ctx, const std::vector<std::string>& args);
// The prisoner exchange (cmd_exchange.cc, docs/exchange.md).
Status CmdExchangeStatus(Context& ctx, const std::vector<std::string>& args);
Status CmdExchangeReconcile(Context& ctx, const std::vector<std::string>& args);
Status CmdExchangeResolve(Context& ctx, const std::vector<std::string>& args);
// Compliance and dialogue (cmd_compliance.cc).
Status CmdComplianceStatus(Context& ctx, const std::vector<std::string>& args);
Status CmdComplianceTimeline(Context& ctx, const std::vector<std::string>& args);
Status CmdDialogueSessions(Context& ctx, const std::vector<std::string>& args);
// Dataset import and export (src/monitor, docs/import-formats.md).
Status CmdImportAcled(Context& ctx, const std::vector<std::string>& args);
Status CmdImportUcdp(Context& ctx, const std::vector<std::string>& args);
Status CmdExport(Context& ctx, const std::vector<std::string>& args);
// Sanctions screening (src/screening/, docs/screening.md).
Status CmdScreenImport(Context& ctx, const std::vector<std::string>& args);
Status CmdScreen(Context& ctx, const std::vector<std::string>& args);

// The outcome of a check the user asked for that came out negative (exit 1, not an error).
Status CheckFailed(std::string message);

}  // namespace jirga::cli
