// The people of a prisoner list in the log, as screening queries: for `jirga screen --prisoners`.
//
// Reads every `prisoner` record (docs/record-kinds.md §5) whose body.list is the list asked for,
// keeps the latest record of each entry id (a corrected entry is a new record with the same
// entry), in the order entries first appear, and skips redacted records (their content is gone).
// Each person becomes a match::NameEntry: id = the entry id, name = the Latin-script name (else
// the Arabic-script one), father's and grandfather's names (Latin, else Arabic), tribe, and the
// birth year (a range's midpoint); the Arabic-script name and the aliases are other names, each
// screened too (Screener::ScreenPerson).
//
// Thread safety: reads the log (thread-safe); no state of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "ledger/log.h"
#include "match/name_index.h"

namespace jirga::screening {

struct PrisonerQuery {
  uint64_t index = 0;  // the `prisoner` record used
  match::NameEntry person;
  std::vector<std::string> other_names;
};

// NotFound if the log has no prisoner entry of `list`; Corruption if a stored prisoner record no
// longer parses (it was checked when appended).
Result<std::vector<PrisonerQuery>> PrisonerQueries(Log& log, const std::string& list);

}  // namespace jirga::screening
