// The record kinds this build of jirga knows. Each view module adds its kinds here.
#pragma once

#include "ledger/kinds.h"

namespace jirga {

// The registry of every kind, built once (thread-safe, never freed).
const KindRegistry& AllKinds();

// The kinds of the foundation: `party`, `statement` and `redaction`.
void RegisterCoreKinds(KindRegistry& registry);

}  // namespace jirga
