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

struct KindSpec {
  std::string name;
  std::string summary;
  std::set<Role> default_roles;  // roles whose parties get this kind unless registered otherwise
  Visibility visibility = Visibility::kPublic;
  std::string view;  // "log", "monitor", ...
  // Checks the body; InvalidArgument naming the field ("body.title must be a string").
  std::function<Status(const Json& body)> validate_body;
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
