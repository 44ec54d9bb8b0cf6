// `jirga export`: placeholder until the exporters land.
#include "cli/commands.h"
#include "cli/common.h"

namespace jirga::cli {
Status CmdExport(Context&, const std::vector<std::string>&) { return Internal("not yet"); }
}  // namespace jirga::cli
