// c2sp.org/tlog-proof@v1: an offline inclusion proof bundled with the checkpoint it proves against.
//
//   c2sp.org/tlog-proof@v1\n
//   [extra <base64>\n]          jirga puts the 128-byte leaf here
//   index <decimal>\n
//   <base64 hash>\n ...         the inclusion proof, leaf to root
//   \n
//   <signed checkpoint note>
//
// Thread-safe free functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ledger/hash.h"

namespace jirga {

struct TlogProof {
  std::string extra;  // raw bytes (empty: no extra line)
  uint64_t index = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // the signed note, verbatim
};

std::string FormatTlogProof(const TlogProof& proof);
// InvalidArgument when malformed (wrong header, non-canonical index, bad base64, a hash that is not
// 32 bytes, no checkpoint). The checkpoint's signature is not checked here.
Result<TlogProof> ParseTlogProof(std::string_view text);

}  // namespace jirga
