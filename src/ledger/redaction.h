// Redaction: a signed `redaction` record (by the mediator) that erases an earlier record's content
// and salt while its leaf, the tree and every proof stay valid (DESIGN §2.5, docs/ledger-format.md
// §7).
//
// The erasure happens in the store transaction that appends the redaction record (AppendBatch::
// redactions), so after a crash either both are there or neither: nothing to resume, nothing to
// repeat. The erased row keeps its index, kind, party and receipt time and names the redaction
// in `redacted_by`; its record and salt become empty.
//
// What may be redacted (checked by the writer, and again by `log verify`): an earlier record,
// not the genesis, not a `party` record (the party registry is replayed from them) and not a
// `redaction` (the record that explains an erasure stays), and only once.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace jirga {

inline constexpr std::string_view kRedactionKind = "redaction";

struct Redaction {
  uint64_t index = 0;  // the record whose content is erased
  std::string reason;
};

// Checks a redaction body {"index": n, "reason": text}; InvalidArgument naming the field.
Result<Redaction> ParseRedactionBody(const Json& body);

// Whether the record at `target` of kind `target_kind` may be erased by a redaction appended at
// `by`; InvalidArgument saying why not, FailedPrecondition if it is already redacted. `redacted_by`
// is the target's current redaction, if any (0 = none; a redaction is never at index 0).
Status CheckRedactionTarget(uint64_t target, std::string_view target_kind, uint64_t redacted_by,
                            uint64_t by);

}  // namespace jirga
