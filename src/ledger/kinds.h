// The record-kind registry: where each kind plugs in its body schema, the roles whose parties may
// submit it by default, its visibility class and the view that consumes it.
//
// A registry is built once at start-up (see kinds/all_kinds.h) and is immutable afterwards, so it
// is safe to share between threads without locking.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "ledger/record.h"

namespace jirga {

enum class Role { kOperator, kBelligerent, kGuarantor, kMediator, kVerifier, kObserver };

std::string_view RoleName(Role role);
// Accepts the five party roles of DESIGN §5; "operator" only when `allow_operator`.
Result<Role> ParseRole(std::string_view name, bool allow_operator = false);

// Who may read a record's content (the leaf is always public). `personal`: personal data,
// readable by verifiers, mediators, the submitter and the parties the body names
// (KindSpec::extra_readers).
enum class Visibility { kPublic, kParties, kMechanism, kSealed, kPersonal };
std::string_view VisibilityName(Visibility v);

// Read access, for a cross-record check, to the records before the one being checked: the stored
// log and the records accepted earlier in the same batch. Valid only during the call it is passed
// to; used from the writer thread only.
class PriorRecords {
 public:
  virtual ~PriorRecords() = default;
  // Calls `fn(index, record)` for every earlier record of `kind`, in index order, until it
  // returns false. A redacted record is skipped (its content is gone: a check treats it as
  // never made). Errors are the store's.
  virtual Status Scan(std::string_view kind,
                      const std::function<bool(uint64_t index, const Record& record)>& fn) const = 0;
};

struct KindSpec {
  std::string name;
  std::string summary;
  std::set<Role> default_roles;  // roles whose parties get this kind unless registered otherwise
  Visibility visibility = Visibility::kPublic;
  std::string view;  // "log", "monitor", ...
  // Checks the body; InvalidArgument naming the field ("body.title must be a string").
  std::function<Status(const Json& body)> validate_body;
  // Optional: checks that need the log (a clause a record names exists; no dependency cycle).
  // The writer calls it in log order for each record of the kind, after authorisation and the
  // refs check, with `index` the record's would-be index; an error refuses the record and appends
  // nothing. It must be deterministic given the prior records, and cheap for frequent kinds.
  // `log verify` does not re-run it (the log state it judged against is gone by then).
  std::function<Status(const Record& record, uint64_t index, const PriorRecords& prior)>
      validate_in_log;
  // For `personal` kinds: the party ids a valid body names as readers (e.g. a prisoner entry's
  // listing and detaining parties). Unset: none. Pure and thread-safe like validate_body.
  std::function<std::vector<std::string>(const Json& body)> extra_readers;
};

class KindRegistry {
 public:
  // AlreadyExists if the name is taken.
  Status Register(KindSpec spec);
  // nullptr if unknown.
  const KindSpec* Find(std::string_view name) const;
  std::vector<std::string> DefaultKindsFor(Role role) const;
  std::vector<const KindSpec*> All() const;

 private:
  std::map<std::string, KindSpec, std::less<>> kinds_;
};

// Schema helpers for validate_body implementations. Each returns InvalidArgument naming
// "body.<field>" when the check fails.
class BodyChecker {
 public:
  explicit BodyChecker(const Json& body) : body_(body) {}
  // Fails if the body has fields other than `allowed`.
  Status OnlyFields(std::initializer_list<std::string_view> allowed) const;
  Status String(std::string_view field, bool required, size_t min_len, size_t max_len) const;
  Status StringArray(std::string_view field, bool required, size_t min_items,
                     size_t max_items) const;

 private:
  const Json& body_;
};

}  // namespace jirga
