// Registers the `reference_list` record kind: a named sanctions list's source hashes and date.
#include "screening/screening_kinds.h"

#include "screening/list_record.h"

namespace jirga {

void RegisterScreeningKinds(KindRegistry& registry) {
  Status st = registry.Register(KindSpec{
      .name = std::string(screening::kReferenceListKind),
      .summary = "a sanctions reference list imported for screening: name, format, the SHA-256 "
                 "of each source file, the list's date, entry count",
      .default_roles = {Role::kOperator, Role::kMediator, Role::kVerifier},
      .visibility = Visibility::kPublic,
      .view = "screening",
      .validate_body =
          [](const Json& body) { return screening::ParseListRecordBody(body).status(); },
  });
  (void)st;
}

}  // namespace jirga
