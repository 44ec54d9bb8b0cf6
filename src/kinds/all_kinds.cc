// Assembles the registry of every record kind compiled into this binary.
#include "kinds/all_kinds.h"

#include "monitor/monitor_kinds.h"
#include "exchange/exchange_kinds.h"
#include "screening/screening_kinds.h"

namespace jirga {

const KindRegistry& AllKinds() {
  static const KindRegistry* registry = [] {
    auto* r = new KindRegistry();
    RegisterCoreKinds(*r);
    RegisterMonitorKinds(*r);  // incident, response, finding, baseline, ceasefire
    RegisterComplianceKinds(*r);
    RegisterScreeningKinds(*r);  // reference_list
    RegisterExchangeKinds(*r);
    return r;
  }();
  return *registry;
}

}  // namespace jirga
