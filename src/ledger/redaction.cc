// The `redaction` body and the rule of which records a redaction may erase.
#include "ledger/redaction.h"

#include "ledger/kinds.h"

namespace jirga {

Result<Redaction> ParseRedactionBody(const Json& body) {
  BodyChecker c(body);
  RETURN_IF_ERROR(c.OnlyFields({"index", "reason"}));
  if (!body.contains("index")) return InvalidArgument("body.index is required");
  const Json& index = body["index"];
  // Parsed JSON holds non-negative integers as unsigned, values built in C++ as signed.
  if (!index.is_number_integer() || (!index.is_number_unsigned() && index.get<int64_t>() < 0) ||
      index.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return InvalidArgument("body.index must be a record index (a non-negative integer)");
  }
  RETURN_IF_ERROR(c.String("reason", true, 1, 2000));
  return Redaction{index.get<uint64_t>(), body["reason"].get<std::string>()};
}

Status CheckRedactionTarget(uint64_t target, std::string_view target_kind, uint64_t redacted_by,
                            uint64_t by) {
  const std::string what = "record " + std::to_string(target) + " cannot be redacted: ";
  if (target >= by) {
    return InvalidArgument(what + "it is not an earlier record (this redaction would be " +
                           std::to_string(by) + ")");
  }
  if (target == 0) return InvalidArgument(what + "it is the genesis record");
  if (target_kind == "party") {
    return InvalidArgument(what +
                           "party records are kept (the party registry is replayed "
                           "from them)");
  }
  if (target_kind == kRedactionKind) {
    return InvalidArgument(what + "it is itself a redaction, which explains an erasure");
  }
  if (redacted_by != 0) {
    return FailedPrecondition(what + "it is already redacted by record " +
                              std::to_string(redacted_by));
  }
  return Status::Ok();
}

}  // namespace jirga
