// The record kinds of sanctions screening: `reference_list` (docs/record-kinds.md §10).
#pragma once

#include "ledger/kinds.h"

namespace jirga {

void RegisterScreeningKinds(KindRegistry& registry);

}  // namespace jirga
