// Hex and base64 (RFC 4648, standard alphabet, padded) for byte strings.
//
// Byte strings are std::string (as in leveldb). Decoders are strict: they accept exactly the
// canonical encoding (no whitespace, no missing or extra padding, no non-zero trailing bits), so
// every value has one textual form and a signature over text cannot be malleated by re-encoding.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace jirga {

std::string HexEncode(std::string_view bytes);  // lowercase
// Accepts upper- or lowercase; fails on odd length or a non-hex character.
Result<std::string> HexDecode(std::string_view hex);

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view b64);

}  // namespace jirga
