// The Doha 2020 scenario built into `jirga demo` (issue 6 §5): the parties of the 2020 Doha
// process, the agreement's clauses and the 11 March decree as `commitment` records, what happened
// in 2020 as records with their dates (US troop levels, prisoner lists and releases verified by
// the ICRC, the Eid ceasefires, incidents in the shape the public documents describe, the start
// of intra-Afghan negotiations), a baseline with a reduction-of-violence clause evaluated against
// it, and the Heart of Asia Society's Track 2 sessions summarised without attribution.
//
// Written by us from public facts (../shared/seeds/ and the public record). Honest labelling:
// every record that is an illustration rather than a fact of the public record says so —
//   prisoner    `"synthetic": true` (every name in the lists is generated, none is a person);
//   incident    a source {"name": "jirga demo", "scale": "synthetic"} and notes starting
//               "[synthetic]" (real events come from the UCDP import, with body.import);
//   others      their free text (`notes`, `reason`, `claim`, `description`, `text`) starts with
//               "[synthetic]" (batch sizes and dates that approximate the record, ...).
// IsSyntheticBody() applies that rule, so pages and tests can tell the two apart.
//
// Everything here is deterministic: the same scenario, in the same order, on every run.
// Pure data and functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/ed25519.h"
#include "ledger/log.h"

namespace jirga::demo {

struct DemoParty {
  const char* id;
  const char* name;
  const char* role;
};
// us, iea, irog, qatar (mediator), icrc (verifier), pakistan and unama (observers).
const std::vector<DemoParty>& Doha2020Parties();

// One record of the scenario before it is signed. A field that holds the index of another
// scenario record holds the string "@ref:KEY" (KEY: the other record's `key`) until
// AppendScenario resolves it.
struct ScenarioRecord {
  std::string key;  // "" when nothing refers to it
  std::string party, kind;
  std::string time;  // RFC 3339, "2020-03-05T06:00:00Z"
  Json body;
};

// The whole scenario, in the order it is appended: by time, ties in the order written.
std::vector<ScenarioRecord> Doha2020Records();

// Appends `records` in order, each signed with keys.at(party), resolving "@ref:KEY" to the
// index the referenced record gets. InvalidArgument for a reference to an unknown or later key
// or a missing key file; the log's refusal (naming the record) otherwise. Returns how many
// records were appended.
Result<uint64_t> AppendScenario(Log& log, const std::map<std::string, SigningKey>& keys,
                                const std::vector<ScenarioRecord>& records);

// The labelling rule above, for a record body of `kind`.
bool IsSyntheticBody(const std::string& kind, const Json& body);

// Facts the scenario asserts, for tests and the walkthrough.
inline constexpr int kTalibanListSize = 5000;
inline constexpr int kGovListSize = 1000;

}  // namespace jirga::demo
