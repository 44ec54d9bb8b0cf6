// The foundation's record kinds: `party` (registration of parties and their keys), `statement`
// and `redaction` (erasure of a record's content, ledger/redaction.h).
#include "kinds/all_kinds.h"
#include "ledger/parties.h"
#include "ledger/redaction.h"

namespace jirga {

void RegisterCoreKinds(KindRegistry& registry) {
  // The body check needs the final registry (to know every kind name a party may be given), so
  // it captures the registry by reference; the registry outlives every call.
  const KindRegistry* reg = &registry;
  Status st = registry.Register(KindSpec{
      .name = "party",
      .summary = "registers a party: id, name, role, verifier keys, kinds it may submit",
      .default_roles = {Role::kOperator},
      .visibility = Visibility::kPublic,
      .view = "all",
      .validate_body = [reg](const Json& body) { return ParsePartyBody(body, *reg).status(); },
  });
  st = registry.Register(KindSpec{
      .name = "statement",
      .summary = "a public statement by a party: title and text",
      .default_roles = {Role::kOperator, Role::kBelligerent, Role::kGuarantor, Role::kMediator,
                        Role::kVerifier, Role::kObserver},
      .visibility = Visibility::kPublic,
      .view = "log",
      .validate_body =
          [](const Json& body) {
            BodyChecker c(body);
            RETURN_IF_ERROR(c.OnlyFields({"title", "text", "lang"}));
            RETURN_IF_ERROR(c.String("title", true, 1, 500));
            RETURN_IF_ERROR(c.String("text", true, 1, 100000));
            RETURN_IF_ERROR(c.String("lang", false, 2, 35));
            return Status::Ok();
          },
  });
  st = registry.Register(KindSpec{
      .name = std::string(kRedactionKind),
      .summary = "erases an earlier record's content and salt (index, reason); its leaf and "
                 "every proof stay valid",
      .default_roles = {Role::kMediator},
      .visibility = Visibility::kPublic,
      .view = "all",
      .validate_body = [](const Json& body) { return ParseRedactionBody(body).status(); },
  });
  (void)st;
}

}  // namespace jirga
