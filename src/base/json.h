// Strict JSON parsing on top of nlohmann::json.
//
// Records are signed as raw bytes, and parties who distrust each other must all read the same
// meaning out of them, so the parser refuses what other parsers disagree on: duplicate object
// keys, nesting deeper than a limit, and invalid UTF-8 (nlohmann rejects the latter itself).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/status.h"

namespace jirga {

using Json = nlohmann::json;

inline constexpr int kMaxJsonDepth = 64;

// Parses exactly one JSON value (surrounding whitespace allowed). Errors are InvalidArgument
// with the byte offset of the problem.
Result<Json> ParseJsonStrict(std::string_view text);

// Typed field access for schema checks; each names the field in its error.
std::string_view JsonTypeName(const Json& j);

}  // namespace jirga
