// The record kinds of the prisoner exchange (issue 5, DESIGN §5): `prisoner` (an entry of a
// party's list), `verification` (a neutral verifier's attestation about an entry, or a resolved
// match between two entries), `release` and `observation` (after release). Their body grammars
// are in docs/record-kinds.md §4–7.
//
// Each Parse* function checks a record body completely (exact field set, types, ranges) and
// returns the typed value; InvalidArgument naming the field ("body.province must look like
// AF-KAB") otherwise. They are pure and thread-safe, and are what the kinds' validate_body run,
// so the future exchange view reads records through the same code that admitted them.
//
// Record indexes inside bodies (a verification's `prisoner`, a release's `prisoners`, ...) are
// only checked for syntax here: a body check cannot see the log. The exchange view checks that
// each points to an earlier record of the right kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/kinds.h"

namespace jirga {

// A birth year, exact (from == to) or an approximate range; 1900..2100.
struct YearRange {
  int from = 0;
  int to = 0;
};

struct Prisoner {
  std::string list;   // list id, e.g. "taliban-5000", "gov-1000"
  std::string entry;  // entry id within the list, e.g. "T-0042"
  std::string listing_party;
  std::optional<std::string> name, name_ar;  // Latin script / Arabic script; at least one
  std::vector<std::string> aliases;
  std::optional<std::string> father_name, father_name_ar;
  std::optional<std::string> grandfather_name, grandfather_name_ar;
  std::optional<std::string> tribe;
  std::optional<std::string> province;  // ISO 3166-2:AF, "AF-KAB"
  std::optional<YearRange> birth_year;
  std::optional<std::string> detaining_party;
  std::optional<std::string> facility;
  std::optional<std::string> category;  // "senior commander", ...
  std::vector<std::string> groups;      // named priority groups, "the 15 commanders"
  bool synthetic = false;               // demo / test data, not a real person
  std::optional<std::string> notes;
};

// Two list entries resolved by a person: the same individual or two different ones.
struct EntryMatch {
  uint64_t prisoner = 0;  // index of the other `prisoner` record
  bool same_person = false;
};

struct Verification {
  uint64_t prisoner = 0;  // index of the `prisoner` record verified
  // Each step: nullopt = not addressed by this record; true = done / confirmed; false = attempted
  // and not confirmed (e.g. identity did not match, person unwilling).
  std::optional<bool> identity_confirmed, interview_held, willing, pledge_signed;
  std::optional<EntryMatch> match;
  std::optional<std::string> date;  // YYYY-MM-DD
  std::optional<std::string> notes;
};

// A list entry named by list id and entry id, for releases of people not (yet) in the log.
struct ListEntryRef {
  std::string list;
  std::string entry;
};

struct Release {
  std::vector<uint64_t> prisoners;    // indexes of `prisoner` records
  std::vector<ListEntryRef> entries;  // or list entries; at least one of the two overall
  std::string date;                   // YYYY-MM-DD
  std::string place;
  std::optional<std::string> province;
  std::optional<std::string> batch;
  std::optional<std::string> handed_to;
  std::vector<std::string> witnessed_by;  // party ids
  std::optional<std::string> notes;
};

enum class ObservationType {
  kCheckIn,
  kReintegrationEnrolment,
  kReArrest,
  kAllegedReturnToFighting
};
std::string_view ObservationTypeName(ObservationType t);

struct Observation {
  uint64_t prisoner = 0;  // index of the `prisoner` record
  ObservationType type = ObservationType::kCheckIn;
  std::string date;                  // YYYY-MM-DD
  std::optional<uint64_t> incident;  // index of an `incident` record
  std::optional<std::string> province;
  std::optional<std::string> notes;
};

Result<Prisoner> ParsePrisoner(const Json& body);
Result<Verification> ParseVerification(const Json& body);
Result<Release> ParseRelease(const Json& body);
Result<Observation> ParseObservation(const Json& body);

// The parties a prisoner body names as entitled to read it (listing and detaining party), for
// the `personal` visibility class. Empty if the body does not parse.
std::vector<std::string> PrisonerReaders(const Json& body);

// Registers prisoner, verification, release and observation.
void RegisterExchangeKinds(KindRegistry& registry);

}  // namespace jirga
